//! `jumpgate apply` writes the ids of the accounts it creates into the layout file, comments and
//! formatting kept, or prints them with `--no-write-back` (feature `aws`; against moto, which
//! `scripts/test-all.sh` starts).
#![cfg(feature = "aws")]

use jumpgate::org_model::Layout;
use jumpgate::org_model::seed::landing_zone;
mod moto_session;

use moto_session::jumpgate;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The seed with this test's own ids, and one account more, `SANDBOX`, without an id.
fn layout_with_a_new_account(prefix: &str) -> Layout {
    let mut layout = landing_zone();
    for (index, account) in layout.accounts.iter_mut().enumerate() {
        account.id = Some(format!("{prefix}{index:02}").parse().expect("12 digits"));
    }
    layout.baseline.log_bucket = None;
    let mut sandbox = layout.account_named("DEV").expect("DEV").clone();
    sandbox.name = "SANDBOX".to_owned();
    sandbox.id = None;
    sandbox.email = format!("sandbox-{prefix}@example.com");
    sandbox.alias = None;
    layout.accounts.push(sandbox);
    layout
}

#[test]
fn apply_writes_the_new_ids_into_the_layout_file_or_prints_them() {
    let prefix = format!("78{:08}", std::process::id() % 100_000_000);
    let layout = layout_with_a_new_account(&prefix);
    let root = format!("{prefix}00");
    let dir = std::env::temp_dir().join(format!("jumpgate-cli-write-back-{prefix}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("layout.toml");
    let toml = layout.to_toml().expect("toml");
    // A comment of the user's, and one inside the new account's table: both must stay.
    let original = format!("# My landing zone; keep this comment.\n{toml}").replace(
        "name = \"SANDBOX\"\n",
        "name = \"SANDBOX\"\n# experiments only\n",
    );
    assert!(original.contains("# experiments only"));
    std::fs::write(&file, &original).expect("write");
    let path = file.to_str().expect("utf-8 path");

    // --no-write-back: the account is created, the file untouched, the line to add printed.
    let applied = jumpgate(&["apply", path, "--yes", "--no-write-back"], &root);
    let stdout = text(&applied.stdout);
    assert_eq!(
        applied.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&applied.stderr)
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), original);
    let line = stdout
        .lines()
        .find(|line| line.starts_with("  [[account]] `SANDBOX`: id = \""))
        .unwrap_or_else(|| panic!("the line to add in:\n{stdout}"));
    let id = line
        .trim_end_matches('"')
        .rsplit('"')
        .next()
        .expect("the id")
        .to_owned();
    assert_eq!(id.len(), 12, "{line}");
    assert!(id.bytes().all(|b| b.is_ascii_digit()), "{line}");

    // Without the flag: the id goes into the file after `name`, every other line kept.
    let applied = jumpgate(&["apply", path, "--yes"], &root);
    let stdout = text(&applied.stdout);
    assert_eq!(
        applied.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&applied.stderr)
    );
    assert!(
        stdout.contains(&format!(
            "Wrote id = \"{id}\" of account `SANDBOX` into {path}."
        )),
        "{stdout}"
    );
    let written = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        written,
        original.replace(
            "name = \"SANDBOX\"\n",
            &format!("name = \"SANDBOX\"\nid = \"{id}\"\n")
        )
    );
    let reread = Layout::from_toml(&written).expect("the file still reads");
    assert_eq!(
        reread
            .account_named("SANDBOX")
            .and_then(|a| a.id)
            .map(|id| id.to_string()),
        Some(id.clone())
    );

    // The layout, with the id, matches AWS.
    let after = jumpgate(&["plan", path], &root);
    assert_eq!(after.status.code(), Some(0), "{}", text(&after.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}
