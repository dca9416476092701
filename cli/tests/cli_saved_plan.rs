//! `jumpgate plan --out PLAN.json` and `jumpgate apply --plan PLAN.json` against moto (feature
//! `aws`; `scripts/test-all.sh` starts moto): the saved plan is applied exactly, and refused
//! before any write when AWS or the layout changed since.
#![cfg(feature = "aws")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use jumpgate::org_model::Layout;
use jumpgate::org_model::seed::landing_zone;
use sha2::{Digest as _, Sha256};
mod moto_session;

use moto_session::{credentials, endpoint, jumpgate, jumpgate_at};

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The seed with 12-digit ids starting with `prefix`, its own log bucket, in a fresh directory.
fn seed(prefix: &str, test: &str) -> (Layout, PathBuf) {
    let mut layout = landing_zone();
    for (index, account) in layout.accounts.iter_mut().enumerate() {
        account.id = Some(format!("{prefix}{index:02}").parse().expect("12 digits"));
    }
    // Bucket names are global: the default name carries the test's own LOG id.
    layout.baseline.log_bucket = None;
    let dir = std::env::temp_dir().join(format!("jumpgate-cli-{test}-{prefix}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    (layout, dir)
}

fn write_layout(layout: &Layout, path: &Path) {
    std::fs::write(path, layout.to_toml().expect("toml")).expect("write");
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Saved, applied with `apply --plan`, then `plan` is empty; the file holds what it should
/// (the layout's SHA-256, the caller, `plan --format json`'s plan), and replaced a symbolic link
/// at its path rather than writing through it.
#[test]
fn a_saved_plan_applies_exactly_and_leaves_nothing_to_do() {
    let prefix = format!("73{:08}", std::process::id() % 100_000_000);
    let (layout, dir) = seed(&prefix, "saved-apply");
    let root = format!("{prefix}00");
    let file = dir.join("layout.toml");
    write_layout(&layout, &file);
    let file = utf8(&file);
    let plan_file = dir.join("plan.json");
    #[cfg(unix)]
    {
        std::fs::write(dir.join("elsewhere.json"), "kept").expect("write");
        std::os::unix::fs::symlink(dir.join("elsewhere.json"), &plan_file).expect("symlink");
    }
    let plan_arg = utf8(&plan_file);

    let saved = jumpgate(&["plan", file, "--out", plan_arg], &root);
    assert_eq!(saved.status.code(), Some(2), "{}", stderr(&saved));
    assert!(stdout(&saved).contains("+ role `admin` in DEV"));
    assert!(
        stderr(&saved).contains(&format!("Saved the plan to {plan_arg}")),
        "{}",
        stderr(&saved)
    );
    #[cfg(unix)]
    {
        assert!(
            !std::fs::symlink_metadata(&plan_file)
                .expect("meta")
                .is_symlink()
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("elsewhere.json")).expect("read"),
            "kept"
        );
    }
    let text = std::fs::read_to_string(&plan_file).expect("saved");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(json["format"], "jumpgate-plan/1");
    assert_eq!(json["layout"]["path"], file);
    let digest: String = Sha256::digest(std::fs::read(file).expect("read"))
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    assert_eq!(json["layout"]["sha256"], digest);
    assert_eq!(json["management_account"], root.as_str());
    assert_eq!(json["partition"], "aws");
    assert_eq!(
        json["options"],
        serde_json::json!({"prune": false, "adopt": false})
    );
    let printed = jumpgate(&["plan", file, "--format", "json"], &root);
    let printed: serde_json::Value = serde_json::from_slice(&printed.stdout).expect("JSON plan");
    assert_eq!(json["plan"], printed);

    // The layout comes from the plan when not named.
    let credentials = dir.join("credentials");
    let applied = jumpgate(
        &[
            "apply",
            "--plan",
            plan_arg,
            "--yes",
            "--credentials-dir",
            utf8(&credentials),
        ],
        &root,
    );
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    let out = stdout(&applied);
    let changes = printed["changes"].as_array().expect("changes").len();
    assert!(
        out.contains(&format!("Applied {changes} change(s) with ")),
        "{out}"
    );

    let after = jumpgate(&["plan", file], &root);
    assert_eq!(after.status.code(), Some(0), "{}", stdout(&after));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A saved plan that creates an account: applied, the id written into the layout, and the
/// account's IAM left to the next `plan` (said so), which a plain apply then makes.
#[test]
fn a_saved_plan_that_creates_an_account_leaves_its_iam_to_the_next_plan() {
    let prefix = format!("74{:08}", std::process::id() % 100_000_000);
    let (mut layout, dir) = seed(&prefix, "saved-create");
    let new = layout.accounts.last_mut().expect("accounts");
    new.id = None;
    new.email = format!("aws+{}-{prefix}@example.com", new.name.to_lowercase());
    let name = new.name.clone();
    let root = format!("{prefix}00");
    let file = dir.join("layout.toml");
    write_layout(&layout, &file);
    let file = utf8(&file);
    let plan_arg = utf8(&dir.join("plan.json")).to_owned();
    let credentials = dir.join("credentials");
    let credentials = utf8(&credentials);

    let saved = jumpgate(&["plan", file, "--out", &plan_arg], &root);
    assert_eq!(saved.status.code(), Some(2), "{}", stderr(&saved));
    let applied = jumpgate(
        &[
            "apply",
            "--plan",
            &plan_arg,
            "--yes",
            "--credentials-dir",
            credentials,
        ],
        &root,
    );
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    let out = stdout(&applied);
    assert!(
        out.contains("The IAM of the accounts just created is planned on the next `jumpgate plan`"),
        "{out}"
    );
    assert!(
        out.contains("Wrote id = \"") && out.contains(&format!("of account `{name}`")),
        "{out}"
    );
    // The same plan again: the layout now has the id (and AWS the account), so it is refused.
    let again = jumpgate(&["apply", "--plan", &plan_arg, "--yes"], &root);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("the layout changed since the plan was saved"),
        "{}",
        stderr(&again)
    );

    let next = jumpgate(&["plan", file], &root);
    assert_eq!(next.status.code(), Some(2), "{}", stderr(&next));
    assert!(
        stdout(&next).contains(&format!(" in {name} (")),
        "{}",
        stdout(&next)
    );
    let rest = jumpgate(
        &["apply", file, "--yes", "--credentials-dir", credentials],
        &root,
    );
    assert_eq!(rest.status.code(), Some(0), "{}", stderr(&rest));
    let empty = jumpgate(&["plan", file], &root);
    assert_eq!(empty.status.code(), Some(0), "{}", stdout(&empty));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The role names in `account`, sorted.
fn roles_in(account: &str) -> Vec<String> {
    let iam = iam_in(account);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut names: Vec<String> = iam
            .list_roles()
            .send()
            .await
            .expect("ListRoles")
            .roles()
            .iter()
            .map(|role| role.role_name().to_owned())
            .collect();
        names.sort();
        names
    })
}

/// An IAM client in `account` of the moto server, as someone working in the console.
fn iam_in(account: &str) -> aws_sdk_iam::Client {
    let (key, secret, token) = credentials(account);
    let settings = jumpgate_aws::Settings {
        endpoint_url: Some(endpoint()),
        retry: jumpgate_aws::RetrySettings::disabled(),
        ..jumpgate_aws::Settings::default()
    };
    let config = jumpgate_aws::static_config(
        &settings,
        aws_credential_types::Credentials::new(key, secret, Some(token), None, "test"),
    );
    aws_sdk_iam::Client::new(&config)
}

/// Saved; then someone makes a role `admin` in DEV by hand; `apply --plan` is refused, naming
/// that change, and writes nothing: AWS reads the same after as before (every account's roles,
/// and the plan of the layout).
#[test]
fn a_saved_plan_is_refused_when_aws_changed_behind_it() {
    let prefix = format!("72{:08}", std::process::id() % 100_000_000);
    let (layout, dir) = seed(&prefix, "saved-drift");
    let root = format!("{prefix}00");
    let file = dir.join("layout.toml");
    write_layout(&layout, &file);
    let file = utf8(&file);
    let plan_file = dir.join("plan.json");
    let plan_arg = utf8(&plan_file);
    let saved = jumpgate(&["plan", file, "--out", plan_arg], &root);
    assert_eq!(saved.status.code(), Some(2), "{}", stderr(&saved));

    let dev = layout
        .accounts
        .iter()
        .find(|account| account.name == "DEV")
        .and_then(|account| account.id)
        .expect("DEV has an id")
        .to_string();
    let iam = iam_in(&dev);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let trust = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{root}:root")},
                "Action": "sts:AssumeRole"
            }]
        });
        iam.create_role()
            .role_name("admin")
            .assume_role_policy_document(trust.to_string())
            .send()
            .await
            .expect("CreateRole by hand");
    });
    let accounts: Vec<String> = layout
        .accounts
        .iter()
        .filter_map(|account| account.id.map(|id| id.to_string()))
        .collect();
    let roles_before: Vec<Vec<String>> = accounts.iter().map(|id| roles_in(id)).collect();
    let plan_before = stdout(&jumpgate(&["plan", file, "--format", "json"], &root));

    let refused = jumpgate(
        &[
            "apply",
            file,
            "--plan",
            plan_arg,
            "--yes",
            "--credentials-dir",
            utf8(&dir.join("c")),
        ],
        &root,
    );
    let message = stderr(&refused);
    assert_eq!(refused.status.code(), Some(1), "{message}");
    assert!(
        message.contains(&format!(
            "error: AWS no longer matches the saved plan: change role `admin` in DEV ({dev})"
        )),
        "{message}"
    );
    assert!(message.contains("nothing was written"), "{message}");
    assert!(
        !stdout(&refused).contains("Applied"),
        "{}",
        stdout(&refused)
    );

    let roles_after: Vec<Vec<String>> = accounts.iter().map(|id| roles_in(id)).collect();
    assert_eq!(roles_after, roles_before);
    assert!(
        roles_after
            .iter()
            .all(|roles| !roles.contains(&"read-only".to_owned()))
    );
    let plan_after = stdout(&jumpgate(&["plan", file, "--format", "json"], &root));
    assert_eq!(plan_after, plan_before, "AWS unchanged");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The layout edited after saving, another management account, `--prune` with `--plan`: each
/// refused before any write, with the reason.
#[test]
fn a_saved_plan_is_refused_for_another_layout_or_account() {
    let prefix = format!("71{:08}", std::process::id() % 100_000_000);
    let (layout, dir) = seed(&prefix, "saved-layout");
    let root = format!("{prefix}00");
    let file = dir.join("layout.toml");
    write_layout(&layout, &file);
    let file_arg = utf8(&file);
    let plan_file = dir.join("plan.json");
    let plan_arg = utf8(&plan_file);
    let saved = jumpgate(&["plan", file_arg, "--out", plan_arg], &root);
    assert_eq!(saved.status.code(), Some(2), "{}", stderr(&saved));

    // Another management account's credentials.
    let other = jumpgate(
        &["apply", "--plan", plan_arg, "--yes"],
        &format!("{prefix}01"),
    );
    let message = stderr(&other);
    assert_eq!(other.status.code(), Some(1), "{message}");
    assert!(
        message.contains(&format!(
            "the plan was saved for management account `{root}`"
        )),
        "{message}"
    );

    // Options come from the plan.
    let usage = jumpgate(&["apply", "--plan", plan_arg, "--prune", "--yes"], &root);
    assert_eq!(usage.status.code(), Some(2), "{}", stderr(&usage));
    assert!(stderr(&usage).contains("--prune"), "{}", stderr(&usage));

    // One byte more in the layout: refused, named or taken from the plan. The endpoint does
    // not even listen: nothing reaches AWS.
    let mut text = std::fs::read_to_string(&file).expect("read");
    text.push_str("# reviewed\n");
    std::fs::write(&file, text).expect("write");
    for arguments in [
        &["apply", "--plan", plan_arg, "--yes"][..],
        &["apply", file_arg, "--plan", plan_arg, "--yes"][..],
    ] {
        let refused = jumpgate_at(arguments, &root, "http://127.0.0.1:9");
        let message = stderr(&refused);
        assert_eq!(refused.status.code(), Some(1), "{message}");
        assert!(
            message.contains(&format!(
                "{file_arg}: error: the layout changed since the plan was saved"
            )),
            "{message}"
        );
        assert!(!message.contains("dispatch"), "no call: {message}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A corrupt, foreign or oversized plan file: a clear error with its position, before the
/// layout is read or AWS is called.
#[test]
fn a_bad_plan_file_says_what_and_where() {
    let dir = std::env::temp_dir().join(format!("jumpgate-cli-bad-plan-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let run = |plan: &str, extra: &[&str]| {
        let path = dir.join("plan.json");
        std::fs::write(&path, plan).expect("write");
        let output = Command::new(env!("CARGO_BIN_EXE_jumpgate"))
            .args(["apply", "--plan", utf8(&path), "--yes"])
            .args(extra)
            .args(["--endpoint-url", "http://127.0.0.1:9"])
            .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "x")
            .env("AWS_CONFIG_FILE", "/nonexistent")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
            .stdin(Stdio::null())
            .output()
            .expect("jumpgate runs");
        (
            output.status.code(),
            stderr(&output),
            utf8(&path).to_owned(),
        )
    };
    let (code, message, path) = run(
        "{\n  \"format\": \"jumpgate-plan/1\",\n  \"plan\": [1,,]\n}",
        &[],
    );
    assert_eq!(code, Some(1), "{message}");
    assert!(
        message.contains(&format!(
            "{path}:3:14: error: the plan file is not JSON: expected value"
        )),
        "{message}"
    );

    let (code, message, _) = run("{\"format\": \"jumpgate-plan/2\"}", &[]);
    assert_eq!(code, Some(1), "{message}");
    assert!(
        message
            .contains("unknown plan file format `\"jumpgate-plan/2\"`, expected `jumpgate-plan/1`"),
        "{message}"
    );

    let (code, message, _) = run("{\"format\": \"jumpgate-plan/1\",\n\"layout\": 7}", &[]);
    assert_eq!(code, Some(1), "{message}");
    assert!(
        message.contains(&format!("{path}:2:")) && message.contains("not a saved plan:"),
        "{message}"
    );

    let big = format!(
        "{{\"format\": \"jumpgate-plan/1\", \"pad\": \"{}\"}}",
        "x".repeat(200)
    );
    let (code, message, _) = run(&big, &["--max-input-bytes", "100"]);
    assert_eq!(code, Some(2), "{message}");
    assert!(
        message.contains(&format!(
            "{path}: error: the input is larger than the limit of 100 bytes"
        )),
        "{message}"
    );
    assert!(message.contains("--max-input-bytes"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}
