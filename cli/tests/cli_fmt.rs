//! `jumpgate fmt`: lossless and canonical output, located errors, exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn jumpgate(arguments: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jumpgate"))
        .args(arguments)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jumpgate starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("writes stdin");
    child.wait_with_output().expect("jumpgate finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn prints_a_policy_losslessly() {
    let input = r#"{"Statement":{"Action":"s3:GetObject","Effect":"Allow","Resource":["arn:aws:s3:::b/*"],
        "Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}}}"#;
    let output = jumpgate(&["fmt", "-"], input.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("prints JSON");
    let original: serde_json::Value = serde_json::from_str(input).expect("input is JSON");
    assert_eq!(printed, original);
    // Element order is kept: `Action` before `Effect`, as written.
    let stdout = text(&output.stdout);
    assert!(
        stdout.find("\"Action\"") < stdout.find("\"Effect\""),
        "{stdout}"
    );
    insta::assert_snapshot!(stdout);
}

#[test]
fn numbers_are_printed_as_written() {
    let spellings = [
        "123456789012345678901234567890",
        "1E2",
        "1.50",
        "-0",
        "0.5e-3",
    ];
    let input = format!(
        r#"{{"Statement":{{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{{"NumericLessThan":{{"s3:max-keys":[{}]}}}}}}}}"#,
        spellings.join(",")
    );
    let output = jumpgate(&["fmt", "-"], input.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let printed: Vec<&str> = stdout
        .lines()
        .map(|line| line.trim().trim_end_matches(','))
        .filter(|line| spellings.contains(line))
        .collect();
    assert_eq!(printed, spellings, "{stdout}");
    // The canonical form spells each value one way.
    let output = jumpgate(&["fmt", "--canonical", "-"], input.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let canonical: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        canonical["Statement"][0]["Condition"]["NumericLessThan"]["s3:max-keys"],
        serde_json::json!([
            "0",
            "0.0005",
            "1.5",
            "100",
            "123456789012345678901234567890"
        ])
    );
}

#[test]
fn prints_the_canonical_form() {
    let input = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["S3:PutObject","s3:getObject"],"Resource":"*"}}"#;
    let output = jumpgate(&["fmt", "--canonical", "-"], input.as_bytes());
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(text(&output.stdout));
}

#[test]
fn reports_every_error_with_file_line_column_and_path() {
    let input = "{\n  \"Statement\": [\n    {\"Effect\": \"allow\", \"Acton\": \"s3:*\", \"Resource\": \"*\"}\n  ]\n}\n";
    let output = jumpgate(&["fmt", "-"], input.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    insta::assert_snapshot!(text(&output.stderr));
}

#[test]
fn hostile_inputs_are_errors_not_crashes() {
    let cases: [(&str, &[u8]); 6] = [
        ("empty", b""),
        ("top-level array", b"[]"),
        ("top-level string", b"\"policy\""),
        ("duplicate keys", b"{\"Statement\": [], \"Statement\": []}"),
        ("deep nesting", &[b'['; 100_000]),
        ("invalid UTF-8", b"{\"Id\": \"\xc3\x28\"}"),
    ];
    for (name, input) in cases {
        let output = jumpgate(&["fmt", "-"], input);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let stderr = text(&output.stderr);
        assert!(stderr.starts_with("<stdin>:"), "{name}: {stderr}");
        assert!(stderr.contains(": error: "), "{name}: {stderr}");
    }
}

#[test]
fn unreadable_files_and_usage_errors_exit_2() {
    let missing = jumpgate(&["fmt", "/nonexistent/policy.json"], b"");
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("/nonexistent/policy.json: error: cannot read file"));
    assert_eq!(jumpgate(&["fmt"], b"").status.code(), Some(2));
    assert_eq!(
        jumpgate(&["fmt", "--bogus", "-"], b"").status.code(),
        Some(2)
    );
}

#[test]
fn several_files_in_one_run() {
    let directory = std::env::temp_dir().join(format!("jumpgate-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("temp dir");
    let good = directory.join("good.json");
    let bad = directory.join("bad.json");
    std::fs::write(
        &good,
        r#"{"Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}]}"#,
    )
    .expect("write");
    std::fs::write(&bad, "{\"Statement\": [}").expect("write");
    let output = jumpgate(
        &[
            "fmt",
            good.to_str().expect("utf-8 path"),
            bad.to_str().expect("utf-8 path"),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).contains("\"NotAction\": \"iam:*\""));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("bad.json:1:16: error: expected a JSON value, found `}` (at (document))"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&directory).ok();
}
