//! The AWS subcommands in a build with and without the feature `aws` of `jumpgate-cli`: with it,
//! they exist; without it, asking for one says which feature and package bring it. Run both ways
//! by `scripts/test-all.sh` (`cargo test -p jumpgate-cli --no-default-features --test cli_features`).

use std::process::Command;

#[test]
fn aws_subcommands_exist_or_say_which_feature_brings_them() {
    for name in ["plan", "apply", "audit", "import"] {
        let output = Command::new(env!("CARGO_BIN_EXE_jumpgate"))
            .args([name, "layout.toml"])
            .current_dir(std::env::temp_dir())
            .output()
            .expect("run jumpgate");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if cfg!(feature = "aws") {
            // Present: the subcommand runs (and fails on the missing file, not on its name).
            assert!(
                !stderr.contains("unrecognized subcommand"),
                "{name}: {stderr}"
            );
            assert!(!stderr.contains("feature `aws`"), "{name}: {stderr}");
            assert!(stderr.contains("layout.toml"), "{name}: {stderr}");
        } else {
            let expected_code = if name == "plan" { 1 } else { 2 };
            assert_eq!(
                output.status.code(),
                Some(expected_code),
                "{name}: {stderr}"
            );
            assert!(
                stderr.starts_with(&format!("error: `{name}` is not in this build of jumpgate")),
                "{name}: {stderr}"
            );
            assert!(
                stderr.contains("the feature `aws` of the package `jumpgate-cli`"),
                "{name}: {stderr}"
            );
            assert!(
                stderr.contains("cargo install --locked --path cli"),
                "{name}: {stderr}"
            );
            assert!(output.stdout.is_empty(), "{name}");
        }
    }
}
