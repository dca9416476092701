//! `jumpgate can` on the seed layout (`examples/landing-zone.toml`): allowed (exit 0), denied
//! with the deciding statement (exit 1), without MFA, for a group, as JSON, and malformed input
//! (exit 2) with "did you mean".

use std::path::PathBuf;
use std::process::{Command, Output};

const SEED: &str = include_str!("../../examples/landing-zone.toml");
/// A trail of the team's own: the seed's guardrails protect only jumpgate's.
const TRAIL_IN_DEV: &str = "arn:aws:cloudtrail:eu-west-1:100000000005:trail/team";

fn seed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/landing-zone.toml")
}

fn jumpgate(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jumpgate"))
        .args(arguments)
        .output()
        .expect("jumpgate runs")
}

/// `jumpgate can SEED ARGS...`.
fn can(arguments: &[&str]) -> Output {
    let seed = seed_path();
    let mut all = vec!["can", seed.to_str().expect("a UTF-8 path")];
    all.extend_from_slice(arguments);
    jumpgate(&all)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn alice_may_stop_the_dev_trail_and_the_text_shows_path_and_context() {
    let output = can(&[
        "--user",
        "alice",
        "--action",
        "cloudtrail:StopLogging",
        "--resource",
        TRAIL_IN_DEV,
        "--account",
        "DEV",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stderr), "");
    let stdout = text(&output.stdout);
    insta::assert_snapshot!("can_allowed", stdout);
}

#[test]
fn denied_shows_the_deciding_statement_and_exits_1() {
    // An operator's admin session may stop the trail; a developer only reads PRD.
    let output = can(&[
        "--user",
        "alice",
        "--action",
        "cloudtrail:StopLogging",
        "--resource",
        "arn:aws:cloudtrail:eu-west-1:100000000008:trail/team",
        "--account",
        "PRD",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("ImplicitDeny: user `alice` calling"),
        "{stdout}"
    );
    assert!(
        stdout.contains("path 2: ImplicitDeny: group `developers` → role `read-only` in `PRD`"),
        "{stdout}"
    );

    // An explicit deny is shown with the statement that decided: the seed's RCP, before the
    // bucket policy's own `DenyInsecureTransport`.
    let output = can(&[
        "--group",
        "auditors",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::example-logs-100000000002/AWSLogs/100000000005/a.json.gz",
        "--account",
        "LOG",
        "--context",
        "aws:SecureTransport=false",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("ExplicitDeny: "), "{stdout}");
    assert!(
        stdout.contains(
            "    --> denied by RCP `log-bucket-perimeter` on the root, Statement[1] (Deny, Sid `LogBucketTlsOnly`)"
        ),
        "{stdout}"
    );
}

#[test]
fn the_guardrail_that_denies_is_named() {
    // alice is admin in DEV, but the seed's guardrails keep jumpgate's trail from her.
    let output = can(&[
        "--user",
        "alice",
        "--action",
        "cloudtrail:StopLogging",
        "--resource",
        "arn:aws:cloudtrail:eu-west-1:100000000005:trail/jumpgate",
        "--account",
        "DEV",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("ImplicitDeny: user `alice` calling"),
        "{stdout}"
    );
    assert!(
        stdout.contains("path 1: ExplicitDeny: group `developers` → role `admin` in `DEV`"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "    --> denied by SCP `protect-baseline` on the root, Statement[0] (Deny, Sid `ProtectTrail`)"
        ),
        "{stdout}"
    );

    // Left out of the layout, the guardrail no longer denies: the admin session may.
    let dir = std::env::temp_dir().join(format!("jumpgate-can-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let variant = dir.join("variant.toml");
    let seed = SEED.replace(
        "[guardrails]\n",
        "[guardrails]\nleave_out = [{ name = \"protect-baseline\", reason = \"replaced by hand\" }]\n",
    );
    assert_ne!(seed, SEED, "the seed has a [guardrails] table");
    std::fs::write(&variant, seed).expect("write");
    let output = jumpgate(&[
        "can",
        variant.to_str().expect("UTF-8"),
        "--user",
        "alice",
        "--action",
        "cloudtrail:StopLogging",
        "--resource",
        "arn:aws:cloudtrail:eu-west-1:100000000005:trail/jumpgate",
        "--account",
        "DEV",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
}

#[test]
fn without_mfa_every_path_is_denied_and_says_why() {
    let output = can(&[
        "--user",
        "alice",
        "--action",
        "cloudtrail:StopLogging",
        "--resource",
        TRAIL_IN_DEV,
        "--account",
        "DEV",
        "--without-mfa",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("signed in without MFA"), "{stdout}");
    assert!(
        stdout.contains("  aws:MultiFactorAuthPresent = false"),
        "{stdout}"
    );
    assert!(!stdout.contains("aws:MultiFactorAuthAge = "), "{stdout}");
    assert_eq!(
        stdout
            .matches(
                "  = note: without MFA: group `developers` inline policy `jumpgate-require-mfa`, Statement[4] (Deny, Sid `DenyAllExceptListedIfNoMfa`) requires MFA"
            )
            .count(),
        2,
        "{stdout}"
    );
}

#[test]
fn a_group_member_and_json_output() {
    let output = can(&[
        "--group",
        "auditors",
        "--action",
        "cloudtrail:DescribeTrails",
        "--resource",
        "*",
        "--account",
        "PRD",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert_eq!(stdout.lines().count(), 1, "one JSON object: {stdout}");
    let answer: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(answer["decision"], "Allow");
    assert_eq!(answer["subject"], serde_json::json!({"group": "auditors"}));
    assert_eq!(
        answer["principal"],
        "arn:aws:iam::100000000001:user/member-of-auditors"
    );
    assert_eq!(answer["account_id"], "100000000008");
    assert_eq!(answer["mfa"], true);
    assert_eq!(answer["context"]["aws:MultiFactorAuthAge"], "0");
    assert_eq!(answer["context"]["aws:SecureTransport"], "true");
    let paths = answer["paths"].as_array().expect("paths");
    let read_only = paths
        .iter()
        .find(|path| path["via"]["role"] == "read-only")
        .expect("a read-only path");
    assert_eq!(read_only["decision"], "Allow");
    assert_eq!(read_only["via"]["groups"], serde_json::json!(["auditors"]));
    let steps = read_only["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["action"], "sts:AssumeRole");
    assert_eq!(
        steps[0]["context"]["sts:RoleSessionName"],
        "member-of-auditors"
    );
    assert_eq!(
        steps[1]["principal"],
        "arn:aws:sts::100000000008:assumed-role/read-only/member-of-auditors"
    );
    assert!(
        steps[1]["deciding"]
            .as_array()
            .expect("deciding statements")
            .iter()
            .any(|deciding| deciding["policy"]
                == "role `read-only` AWS managed policy `ReadOnlyAccess`"),
        "{answer}"
    );
    assert!(
        answer["notes"][0]
            .as_str()
            .is_some_and(|note| note.contains("member-of-auditors")),
        "{answer}"
    );
}

/// Extra arguments, a base flag's value replaced, and how standard error starts.
type Case<'a> = (&'a [&'a str], Option<(&'a str, &'a str)>, &'a str);

#[test]
fn malformed_input_exits_2_with_did_you_mean() {
    let base = [
        "--action",
        "cloudtrail:StopLogging",
        "--resource",
        TRAIL_IN_DEV,
        "--account",
        "DEV",
    ];
    let run = |extra: &[&str], replace: Option<(&str, &str)>| {
        let mut arguments: Vec<&str> = base.to_vec();
        if let Some((flag, value)) = replace {
            let at = arguments
                .iter()
                .position(|argument| *argument == flag)
                .expect("a flag of the base");
            arguments[at + 1] = value;
        }
        arguments.extend_from_slice(extra);
        can(&arguments)
    };
    let cases: [Case; 7] = [
        (
            &["--user", "alise"],
            None,
            "error: user `alise` is not in the layout\n  = help: did you mean `alice`?\n",
        ),
        (
            &["--group", "developer"],
            None,
            "error: group `developer` is not in the layout\n  = help: did you mean `developers`?\n",
        ),
        (
            &["--user", "alice"],
            Some(("--account", "DVE")),
            "error: account `DVE` is not in the layout\n  = help: did you mean `DEV`?\n",
        ),
        (
            &["--user", "alice"],
            Some(("--resource", "arn:aws:cloudtrail")),
            "error: resource `arn:aws:cloudtrail` is malformed: ",
        ),
        (
            &["--user", "alice"],
            Some(("--action", "cloudtrail:StopLoging")),
            "error: action `cloudtrail:StopLoging` is not an action AWS documents\n  = help: did you mean `cloudtrail:StopLogging`?\n",
        ),
        (
            &["--user", "alice", "--context", "aws:SoruceIp=203.0.113.7"],
            None,
            "error: context key `aws:SoruceIp` is not a condition key AWS documents\n  = help: did you mean `aws:SourceIp`?\n",
        ),
        (
            &["--user", "alice", "--context", "aws:SourceIp"],
            None,
            "error: invalid value 'aws:SourceIp' for '--context <KEY=VALUE>': expected `KEY=VALUE`",
        ),
    ];
    for (extra, replace, expected) in cases {
        let output = run(extra, replace);
        assert_eq!(output.status.code(), Some(2), "{extra:?} {replace:?}");
        assert_eq!(text(&output.stdout), "", "{extra:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.starts_with(expected), "{extra:?}: {stderr}");
    }
    // --user and --group exclude each other; one is required.
    assert_eq!(
        run(&["--user", "alice", "--group", "auditors"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&[], None).status.code(), Some(2));
}

#[test]
fn a_layout_that_does_not_read_exits_2() {
    let directory = std::env::temp_dir().join(format!("jumpgate-can-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("a temp dir");
    let broken = directory.join("broken.toml");
    std::fs::write(&broken, SEED.replacen("[[user]]", "[[usr]]", 1)).expect("writes");
    let output = jumpgate(&[
        "can",
        broken.to_str().expect("UTF-8"),
        "--user",
        "alice",
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
        "--account",
        "DEV",
    ]);
    std::fs::remove_dir_all(&directory).ok();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("error: "),
        "{}",
        text(&output.stderr)
    );
    let missing = jumpgate(&[
        "can",
        "no-such-layout.toml",
        "--user",
        "alice",
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
        "--account",
        "DEV",
    ]);
    assert_eq!(missing.status.code(), Some(2));
}

/// Characters that must never reach a terminal raw.
fn is_unsafe(character: char) -> bool {
    (character.is_control() && character != '\n')
        || matches!(
            character,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

#[test]
fn names_and_context_values_are_escaped_in_text_and_keep_their_value_in_json() {
    let directory = std::env::temp_dir().join(format!("jumpgate-can-bidi-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("a temp dir");
    let layout = directory.join("bidi.toml");
    // A user name with bidi controls (a finding for `check`, still a layout `can` reads).
    std::fs::write(
        &layout,
        SEED.replacen("name = \"carol\"", "name = \"ca\\u202Erol\\u001B[2K\"", 1),
    )
    .expect("writes");
    let run = |format: &str| {
        jumpgate(&[
            "can",
            layout.to_str().expect("UTF-8"),
            "--user",
            "ca\u{202e}rol\u{1b}[2K",
            "--action",
            "s3:ListBucket",
            "--resource",
            "arn:aws:s3:::example-logs-100000000002",
            "--account",
            "LOG",
            "--context",
            "aws:SourceVpc=vpc-\u{2066}1\r",
            "--format",
            format,
        ])
    };
    let output = run("text");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(!stdout.chars().any(is_unsafe), "{stdout:?}");
    assert!(stdout.contains("ca\\u{202e}rol\\u{1b}[2K"), "{stdout}");
    assert!(
        stdout.contains("aws:SourceVpc = vpc-\\u{2066}1\\r"),
        "{stdout}"
    );

    let output = run("json");
    std::fs::remove_dir_all(&directory).ok();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(!stdout.chars().any(is_unsafe), "{stdout:?}");
    let answer: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(answer["subject"]["user"], "ca\u{202e}rol\u{1b}[2K");
    assert_eq!(answer["context"]["aws:SourceVpc"], "vpc-\u{2066}1\r");
}
