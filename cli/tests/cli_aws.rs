//! `jumpgate plan` and `apply` against moto (feature `aws`; `scripts/test-all.sh` starts moto).
#![cfg(feature = "aws")]

use std::process::{Command, Output, Stdio};

use jumpgate::org_model::seed::landing_zone;
mod moto_session;

use moto_session::jumpgate;

/// The seed with its accounts' ids `<first><8 digits of this process><index>` (each test its
/// own `first`, so tests of one run never share an account), and that id prefix.
fn seed_with_ids(first: &str) -> (String, jumpgate::org_model::Layout) {
    let prefix = format!("{first}{:08}", std::process::id() % 100_000_000);
    let mut layout = landing_zone();
    for (index, account) in layout.accounts.iter_mut().enumerate() {
        account.id = Some(format!("{prefix}{index:02}").parse().expect("12 digits"));
    }
    (prefix, layout)
}

#[test]
fn plan_apply_plan_exit_codes() {
    let (prefix, mut layout) = seed_with_ids("77");
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

    let credentials = dir.join("credentials");
    let credentials = credentials.to_str().expect("utf-8 path");
    let applied = jumpgate(
        &["apply", file, "--yes", "--credentials-dir", credentials],
        &root,
    );
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

/// `import` writes the organization `apply` made as a layout, refuses to overwrite it, and
/// `plan` of the imported layout has nothing to do.
#[test]
fn import_writes_a_layout_that_plans_nothing() {
    let prefix = format!("76{:08}", std::process::id() % 100_000_000);
    let mut layout = landing_zone();
    for (index, account) in layout.accounts.iter_mut().enumerate() {
        if index == 0 {
            account.id = Some(format!("{prefix}00").parse().expect("12 digits"));
        } else {
            account.id = None;
            account.email = format!("aws+{}-{prefix}@example.com", account.name.to_lowercase());
        }
    }
    layout.baseline.log_bucket = None;
    let root = format!("{prefix}00");
    let dir = std::env::temp_dir().join(format!("jumpgate-cli-import-{prefix}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("layout.toml");
    std::fs::write(&file, layout.to_toml().expect("toml")).expect("write");
    let applied = jumpgate(&["apply", file.to_str().expect("utf-8"), "--yes"], &root);
    assert_eq!(
        applied.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );

    let imported = dir.join("imported.toml");
    let out = imported.to_str().expect("utf-8");
    // The layout's default Region is the one import reads the trails in.
    let run = jumpgate(&["import", "--out", out, "--region", "eu-west-1"], &root);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(run.stdout.is_empty());
    assert!(
        stderr.contains("not imported: role `OrganizationAccountAccessRole`"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(&imported).expect("written");
    assert!(
        text.starts_with("# Imported by `jumpgate import`"),
        "{text}"
    );

    let again = jumpgate(&["import", "--out", out], &root);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    assert_eq!(std::fs::read_to_string(&imported).expect("kept"), text);

    let plan = jumpgate(&["plan", out], &root);
    assert_eq!(
        plan.status.code(),
        Some(0),
        "{}\n{}\n{text}",
        String::from_utf8_lossy(&plan.stdout),
        String::from_utf8_lossy(&plan.stderr)
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
    // At least one account at a time, at most 256.
    for bad in ["0", "257", "-1", "many"] {
        assert_eq!(run(&["plan", "layout.toml", "--parallelism", bad]), Some(1));
        assert_eq!(
            run(&["audit", "layout.toml", "--parallelism", bad]),
            Some(2)
        );
    }
}

/// The plan's text and JSON are the same whether one account is read at a time or 32.
#[test]
fn plan_is_the_same_at_parallelism_1_and_32() {
    let (prefix, mut layout) = seed_with_ids("75");
    layout.baseline.log_bucket = None;
    let root = format!("{prefix}00");
    let dir = std::env::temp_dir().join(format!("jumpgate-cli-parallel-{prefix}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("layout.toml");
    std::fs::write(&file, layout.to_toml().expect("toml")).expect("write");
    let file = file.to_str().expect("utf-8 path");
    for format in ["text", "json"] {
        let plans: Vec<Output> = ["1", "32"]
            .iter()
            .map(|n| {
                jumpgate(
                    &["plan", file, "--format", format, "--parallelism", n],
                    &root,
                )
            })
            .collect();
        for plan in &plans {
            assert_eq!(
                plan.status.code(),
                Some(2),
                "{}",
                String::from_utf8_lossy(&plan.stderr)
            );
        }
        assert!(!plans[0].stdout.is_empty());
        assert_eq!(plans[0].stdout, plans[1].stdout, "{format}");
    }
}

/// `audit` exits 1 while the baseline is missing, 0 once applied (root MFA waived: moto cannot
/// enable it), 1 again when root MFA is required; `--format json` says the same.
#[test]
fn audit_exit_codes_and_json() {
    let (prefix, mut layout) = seed_with_ids("78");
    // Bucket names are global: the default name carries the test's own LOG id.
    layout.baseline.log_bucket = None;
    // No people: their MFA devices are the credentials audit's (`tests/jump.rs` of the
    // adapter and the test below), which moto users here would never enroll.
    layout.users.clear();
    let strict = layout.clone();
    // The seed's member accounts are not in moto's organization, so its guardrails cannot
    // hold there: the layout that is to hold audits the baseline alone.
    layout.guardrails = None;
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
    // Columns: account, item, status, details (the widths follow the longest entries).
    let columns = |line: &str| {
        line.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        text.lines()
            .any(|line| columns(line) == "DEV cloudtrail missing"),
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
        text.lines()
            .any(|line| columns(line) == "DEV root-mfa waived"
                && line.ends_with("  moto cannot enable root MFA")),
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
    // The strict layout has the seed's guardrails, never applied: each is missing on the root.
    let rows = parsed["guardrails"]["rows"]
        .as_array()
        .expect("guardrail rows");
    assert!(
        rows.iter()
            .any(|row| row["guardrail"] == "deny-leave-organization"
                && row["target"] == "root"
                && row["status"] == "missing"),
        "{rows:#?}"
    );
    let text =
        String::from_utf8_lossy(&jumpgate(&["audit", strict_file], &root).stdout).into_owned();
    assert!(
        text.lines()
            .any(|line| line.starts_with("deny-leave-organization") && line.contains("missing")),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// An SCP past its quota is refused by the check `plan` and `apply` run first, before any call:
/// the endpoint given does not even listen.
#[test]
fn a_too_large_policy_is_refused_before_any_call() {
    // 400 buckets of about 30 characters each: past 10,240.
    let buckets: Vec<String> = (0..400)
        .map(|index| format!("arn:aws:s3:::example-bucket-{index:04}/*"))
        .collect();
    let document = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": buckets}]
    });
    let policy = jumpgate::iam_policy::Policy::from_json(&document.to_string()).expect("a policy");
    let layout = landing_zone().organization_policy(
        jumpgate::org_model::guardrails::OrganizationPolicy::scp("too-large", policy)
            .on_ou("Workloads"),
    );
    let dir = std::env::temp_dir().join(format!("jumpgate-cli-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("layout.toml");
    std::fs::write(&file, layout.to_toml().expect("toml")).expect("write");
    for command in [&["plan"][..], &["apply", "--yes"][..]] {
        let output = Command::new(env!("CARGO_BIN_EXE_jumpgate"))
            .args(command)
            .arg(&file)
            .args([
                "--endpoint-url",
                "http://127.0.0.1:9",
                "--max-attempts",
                "1",
            ])
            .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "x")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", "/nonexistent")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
            // Initial passwords of an apply without `--credentials-dir` go under the build's
            // scratch directory, never into the user's own `~/.local/state/jumpgate/credentials`.
            .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
            .stdin(Stdio::null())
            .output()
            .expect("jumpgate runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command:?}: {stderr}");
        assert!(stderr.contains("ERROR ORG075"), "{command:?}: {stderr}");
        assert!(
            !stderr.contains("AWS") && !stderr.contains("dispatch"),
            "{command:?}: no call: {stderr}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `apply` writes each console user's initial password to a file readable by its owner only in
/// `--credentials-dir`, says where, and shows the password nowhere: not in the output of `plan`
/// (text or JSON), `apply` or `audit`, on standard output or standard error.
#[test]
fn initial_passwords_go_to_private_files_and_nowhere_else() {
    let (prefix, mut layout) = seed_with_ids("79");
    layout.baseline.log_bucket = None;
    let root = format!("{prefix}00");
    let jump = format!("{prefix}01");
    let dir = std::env::temp_dir().join(format!("jumpgate-cli-passwords-{prefix}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("layout.toml");
    std::fs::write(&file, layout.to_toml().expect("toml")).expect("write");
    let file = file.to_str().expect("utf-8 path");
    let credentials = dir.join("state").join("credentials");
    let credentials_arg = credentials.to_str().expect("utf-8 path");

    let mut outputs = vec![
        jumpgate(&["plan", file], &root),
        jumpgate(&["plan", file, "--format", "json"], &root),
    ];
    let plan_text = String::from_utf8_lossy(&outputs[0].stdout).into_owned();
    assert!(
        plan_text.contains("+ console sign-in: an initial password"),
        "{plan_text}"
    );
    // A credentials directory open to others is refused before anything is written.
    let open = dir.join("open");
    std::fs::create_dir_all(&open).expect("open dir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let refused = jumpgate(
            &[
                "apply",
                file,
                "--yes",
                "--credentials-dir",
                open.to_str().expect("path"),
            ],
            &root,
        );
        assert_eq!(refused.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains("is open to group or others"), "{stderr}");
        assert!(stderr.contains("chmod 700"), "{stderr}");
        let still = jumpgate(&["plan", file], &root);
        assert_eq!(
            String::from_utf8_lossy(&still.stdout),
            plan_text,
            "nothing was applied"
        );
    }

    let applied = jumpgate(
        &["apply", file, "--yes", "--credentials-dir", credentials_arg],
        &root,
    );
    assert_eq!(
        applied.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let stdout = String::from_utf8_lossy(&applied.stdout).into_owned();
    outputs.push(applied);
    outputs.push(jumpgate(&["plan", file], &root));
    outputs.push(jumpgate(&["audit", file], &root));
    outputs.push(jumpgate(&["audit", file, "--format", "json"], &root));

    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let mode = std::fs::metadata(&credentials).expect("dir").mode() & 0o777;
        assert_eq!(mode, 0o700);
    }
    for user in ["alice", "bob", "carol"] {
        let path = credentials.join(format!("{jump}-{user}.password"));
        assert!(
            stdout.contains(&format!(
                "Initial password of user `{user}` in {jump}: written to {}",
                path.display()
            )),
            "{stdout}"
        );
        let text = std::fs::read_to_string(&path).expect("password file");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            assert_eq!(
                std::fs::metadata(&path).expect("file").mode() & 0o777,
                0o600
            );
        }
        let password = text
            .lines()
            .find_map(|line| line.strip_prefix("password: "))
            .expect("a password line");
        assert_eq!(password.len(), 20, "{user}");
        for output in &outputs {
            for stream in [&output.stdout, &output.stderr] {
                assert!(
                    !String::from_utf8_lossy(stream).contains(password),
                    "{user}'s password was shown"
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
