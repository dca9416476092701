//! `jumpgate plan` and `apply` against moto (feature `aws`; `scripts/test-all.sh` starts moto).
#![cfg(feature = "aws")]

use std::process::{Command, Output, Stdio};

use jumpgate::org_model::seed::landing_zone;
use jumpgate_aws::{RetrySettings, Settings, assume_role, static_config};

fn endpoint() -> String {
    std::env::var("MOTO_ENDPOINT").unwrap_or_else(|_| {
        panic!(
            "MOTO_ENDPOINT is unset: run `scripts/test-all.sh` (it starts moto), or start \
             `.venv/bin/moto_server -H 127.0.0.1 -p 0` and export MOTO_ENDPOINT=http://127.0.0.1:PORT"
        )
    })
}

/// Session credentials in `account` (moto issues them for any account).
fn credentials(account: &str) -> (String, String, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let settings = Settings {
            endpoint_url: Some(endpoint()),
            retry: RetrySettings::disabled(),
            ..Settings::default()
        };
        let base = static_config(
            &settings,
            aws_credential_types::Credentials::new("AKIAIOSFODNN7EXAMPLE", "x", None, None, "t"),
        );
        let account = account.parse().expect("a 12-digit account id");
        let config = assume_role(&base, &settings, account, "cli-test")
            .await
            .expect("session");
        let provider = config.credentials_provider().expect("credentials");
        use aws_credential_types::provider::ProvideCredentials;
        let credentials = provider.provide_credentials().await.expect("credentials");
        (
            credentials.access_key_id().to_owned(),
            credentials.secret_access_key().to_owned(),
            credentials.session_token().unwrap_or_default().to_owned(),
        )
    })
}

fn jumpgate(arguments: &[&str], account: &str) -> Output {
    let (key, secret, token) = credentials(account);
    Command::new(env!("CARGO_BIN_EXE_jumpgate"))
        .args(arguments)
        .args(["--endpoint-url", &endpoint(), "--max-attempts", "1"])
        .env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env("AWS_SESSION_TOKEN", token)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .stdin(Stdio::null())
        .output()
        .expect("jumpgate runs")
}

#[test]
fn plan_apply_plan_exit_codes() {
    let prefix = format!("77{:08}", std::process::id() % 100_000_000);
    let mut layout = landing_zone();
    for (index, account) in layout.accounts.iter_mut().enumerate() {
        account.id = Some(format!("{prefix}{index:02}").parse().expect("12 digits"));
    }
    // Bucket names are global: the default name carries the test's own LOG id.
    layout.baseline.log_bucket = None;
    let root = format!("{prefix}00");
    let dir = std::env::temp_dir().join(format!("jumpgate-cli-aws-{prefix}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("layout.toml");
    std::fs::write(&file, layout.to_toml().expect("toml")).expect("write");
    let file = file.to_str().expect("utf-8 path");

    let plan = jumpgate(&["plan", file], &root);
    assert_eq!(
        plan.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&plan.stderr)
    );
    assert!(String::from_utf8_lossy(&plan.stdout).contains("+ role `admin` in DEV"));

    let json = jumpgate(&["plan", file, "--format", "json"], &root);
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON plan");
    assert!(
        parsed["changes"]
            .as_array()
            .is_some_and(|changes| !changes.is_empty())
    );

    let refused = jumpgate(&["apply", file], &root);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("pass --yes"));

    let applied = jumpgate(&["apply", file, "--yes"], &root);
    assert_eq!(
        applied.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );

    let after = jumpgate(&["plan", file], &root);
    assert_eq!(
        after.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&after.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `plan` reserves exit code 2 for "changes", so a usage error exits 1 there (other commands
/// keep 2 for usage errors).
#[test]
fn plan_usage_errors_exit_1() {
    let run = |arguments: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_jumpgate"))
            .args(arguments)
            .stdin(Stdio::null())
            .output()
            .expect("jumpgate runs")
            .status
            .code()
    };
    assert_eq!(run(&["plan"]), Some(1));
    assert_eq!(run(&["plan", "--bogus", "layout.toml"]), Some(1));
    assert_eq!(run(&["check"]), Some(2));
}

/// `audit` exits 1 while the baseline is missing, 0 once applied (root MFA waived: moto cannot
/// enable it), 1 again when root MFA is required; `--format json` says the same.
#[test]
fn audit_exit_codes_and_json() {
    let prefix = format!("78{:08}", std::process::id() % 100_000_000);
    let mut layout = landing_zone();
    for (index, account) in layout.accounts.iter_mut().enumerate() {
        account.id = Some(format!("{prefix}{index:02}").parse().expect("12 digits"));
    }
    // Bucket names are global: the default name carries the test's own LOG id.
    layout.baseline.log_bucket = None;
    let strict = layout.clone();
    for account in &mut layout.accounts {
        account
            .baseline
            .waivers
            .push(jumpgate::org_model::BaselineWaiver {
                item: jumpgate::org_model::BaselineItem::RootMfa,
                reason: "moto cannot enable root MFA".to_owned(),
            });
    }
    let root = format!("{prefix}00");
    let dir = std::env::temp_dir().join(format!("jumpgate-cli-audit-{prefix}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("layout.toml");
    std::fs::write(&file, layout.to_toml().expect("toml")).expect("write");
    let file = file.to_str().expect("utf-8 path");
    let strict_file = dir.join("strict.toml");
    std::fs::write(&strict_file, strict.to_toml().expect("toml")).expect("write");
    let strict_file = strict_file.to_str().expect("utf-8 path");

    let before = jumpgate(&["audit", file], &root);
    assert_eq!(before.status.code(), Some(1));
    let text = String::from_utf8_lossy(&before.stdout);
    assert!(
        text.lines()
            .any(|line| line.starts_with("DEV ") && line.contains("cloudtrail  missing")),
        "{text}"
    );

    let applied = jumpgate(&["apply", file, "--yes"], &root);
    assert_eq!(
        applied.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );

    let after = jumpgate(&["audit", file], &root);
    let text = String::from_utf8_lossy(&after.stdout);
    assert_eq!(after.status.code(), Some(0), "{text}");
    assert!(
        text.lines().any(|line| line.starts_with("DEV ")
            && line.contains("root-mfa    waived   moto cannot enable root MFA")),
        "{text}"
    );

    let json = jumpgate(&["audit", file, "--format", "json"], &root);
    assert_eq!(json.status.code(), Some(0));
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON audit");
    assert_eq!(parsed["holds"], true);
    assert_eq!(parsed["region"], "eu-west-1");

    let strict_json = jumpgate(&["audit", strict_file, "--format", "json"], &root);
    assert_eq!(strict_json.status.code(), Some(1));
    let parsed: serde_json::Value =
        serde_json::from_slice(&strict_json.stdout).expect("JSON audit");
    assert_eq!(parsed["holds"], false);
    let accounts = parsed["accounts"].as_array().expect("accounts");
    assert_eq!(accounts.len(), 9);
    for account in accounts {
        let root_mfa = account["items"]
            .as_array()
            .and_then(|items| items.iter().find(|item| item["item"] == "root-mfa"))
            .expect("root-mfa row");
        assert_eq!(root_mfa["status"], "missing");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
