//! `jumpgate lint`: findings as located text or JSON lines, exit codes, every policy kind, the
//! validator options, and hostile inputs reported as findings rather than crashes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `jumpgate` in `directory` (so that file names in the output are relative and stable).
fn jumpgate_in(directory: &Path, arguments: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jumpgate"))
        .args(arguments)
        .current_dir(directory)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jumpgate starts");
    let mut input = child.stdin.take().expect("stdin");
    // jumpgate may exit (usage error) without reading standard input; a broken pipe is fine.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().expect("jumpgate finishes")
}

fn jumpgate(arguments: &[&str], stdin: &[u8]) -> Output {
    jumpgate_in(&std::env::temp_dir(), arguments, stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("jumpgate-lint-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&path).expect("creates a temp dir");
        Scratch(path)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.0.join(name), contents).expect("writes a policy file");
        self
    }

    fn lint(&self, arguments: &[&str]) -> Output {
        let mut all = vec!["lint"];
        all.extend_from_slice(arguments);
        jumpgate_in(&self.0, &all, b"")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// A finding line of the text format, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TextFinding {
    file: String,
    line: usize,
    column: usize,
    severity: String,
    code: String,
}

const SEVERITIES: [&str; 4] = ["ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"];

/// Parses `FILE:LINE:COL: SEVERITY CODE: message (at PATH)` for a known file name.
fn parse_finding_line(line: &str, files: &[&str]) -> Option<TextFinding> {
    let (file, rest) = files.iter().find_map(|file| {
        let rest = line.strip_prefix(file)?.strip_prefix(':')?;
        Some((*file, rest))
    })?;
    let (line_number, rest) = rest.split_once(':')?;
    let (column, rest) = rest.split_once(": ")?;
    let (severity, rest) = rest.split_once(' ')?;
    let (code, message) = rest.split_once(": ")?;
    let is_code = !code.is_empty() && code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_');
    let well_formed = SEVERITIES.contains(&severity)
        && is_code
        && message.contains(" (at ")
        && message.ends_with(')');
    if !well_formed {
        return None;
    }
    Some(TextFinding {
        file: file.to_owned(),
        line: line_number.parse().ok()?,
        column: column.parse().ok()?,
        severity: severity.to_owned(),
        code: code.to_owned(),
    })
}

/// Checks that every line of text output is a finding line or a help line; returns the findings.
fn try_text_findings(stdout: &str, files: &[&str]) -> Result<Vec<TextFinding>, String> {
    let mut findings = Vec::new();
    for line in stdout.lines() {
        if let Some(help) = line.strip_prefix("  = help: ") {
            if findings.is_empty() || help.trim().is_empty() {
                return Err(format!("misplaced or empty help line {line:?}"));
            }
        } else if files
            .iter()
            .any(|file| line.starts_with(&format!("{file}: ok: no findings as ")))
        {
            // The line of a file without findings: not a finding.
        } else {
            match parse_finding_line(line, files) {
                Some(finding) if finding.line >= 1 && finding.column >= 1 => findings.push(finding),
                _ => return Err(format!("malformed line {line:?}")),
            }
        }
    }
    Ok(findings)
}

fn text_findings(stdout: &str, files: &[&str]) -> Vec<TextFinding> {
    try_text_findings(stdout, files).unwrap_or_else(|error| panic!("{error} in:\n{stdout}"))
}

/// Parses JSON-lines output and checks every field and type of the contract.
fn json_findings(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("not JSON ({error}): {line}"));
            let object = value.as_object().unwrap_or_else(|| panic!("{line}"));
            for key in ["file", "code", "path", "message"] {
                let field = object.get(key).and_then(serde_json::Value::as_str);
                assert!(
                    field.is_some_and(|field| !field.is_empty()),
                    "`{key}` is not a non-empty string: {line}"
                );
            }
            let severity = object.get("severity").and_then(serde_json::Value::as_str);
            assert!(
                severity.is_some_and(|severity| SEVERITIES.contains(&severity)),
                "bad severity: {line}"
            );
            for key in ["line", "column"] {
                let number = object.get(key).and_then(serde_json::Value::as_u64);
                assert!(
                    number.is_some_and(|number| number >= 1),
                    "`{key}` is not a number >= 1: {line}"
                );
            }
            if let Some(help) = object.get("help") {
                assert!(
                    help.as_str().is_some_and(|help| !help.is_empty()),
                    "`help` is not a non-empty string: {line}"
                );
            }
            let allowed = [
                "file", "code", "severity", "path", "line", "column", "message", "help",
            ];
            for key in object.keys() {
                assert!(
                    allowed.contains(&key.as_str()),
                    "unexpected `{key}`: {line}"
                );
            }
            value
        })
        .collect()
}

fn codes(findings: &[TextFinding]) -> Vec<&str> {
    findings
        .iter()
        .map(|finding| finding.code.as_str())
        .collect()
}

const CLEAN: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]
    }
  ]
}
"#;

/// Findings, but no ERROR: a missing `Version`, a repeated action, `iam:PassRole` on `*`.
const WARNINGS_ONLY: &str = r#"{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:GetObject"],
      "Resource": "arn:aws:s3:::my-bucket/*"
    },
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    }
  ]
}
"#;

/// An unknown action (line 9) and `iam:PassRole` on `*` (line 16).
const WITH_ERROR: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadBucket",
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:GetObjekt"
      ],
      "Resource": "arn:aws:s3:::my-bucket/*"
    },
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    }
  ]
}
"#;

/// A role trust policy that wrongly has a `Resource` (line 8).
const TRUST_WITH_RESOURCE: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": "sts:AssumeRole",
      "Resource": "*"
    }
  ]
}
"#;

/// A role trust policy naming an account without any condition.
const TRUST_WITHOUT_CONDITION: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": "sts:AssumeRole"
    }
  ]
}
"#;

const SCP: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyLeavingTheOrganization",
      "Effect": "Deny",
      "Action": "organizations:LeaveOrganization",
      "Resource": "*"
    },
    {
      "Sid": "DenyOutsideApprovedRegions",
      "Effect": "Deny",
      "NotAction": ["iam:*", "organizations:*", "sts:*"],
      "Resource": "*",
      "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}
    }
  ]
}
"#;

const RCP: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnforceTls",
      "Effect": "Deny",
      "Principal": "*",
      "Action": ["s3:*", "sqs:*"],
      "Resource": "*",
      "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}
    }
  ]
}
"#;

const BUCKET_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadFromPartner",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::my-bucket/*"
    }
  ]
}
"#;

#[test]
fn a_clean_policy_exits_0_with_one_line_saying_what_was_checked() {
    let scratch = Scratch::new("clean");
    scratch.write("clean.json", CLEAN);
    let output = scratch.lint(&["clean.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    assert_eq!(
        text(&output.stdout),
        "clean.json: ok: no findings as an identity (permission) policy\n"
    );
    assert_eq!(text(&output.stderr), "");
    // One line per clean file, in order, after the findings of files that have some.
    scratch.write("warnings.json", WARNINGS_ONLY);
    let several = scratch.lint(&["clean.json", "warnings.json", "clean.json"]);
    let stdout = text(&several.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("clean.json: ok: "), "{stdout}");
    assert!(lines[1].starts_with("warnings.json:"), "{stdout}");
    assert!(!lines[1].contains(": ok: "), "{stdout}");
    assert!(
        lines[lines.len() - 1].starts_with("clean.json: ok: "),
        "{stdout}"
    );
    assert_eq!(stdout.matches(": ok: ").count(), 2, "{stdout}");
    // JSON output stays empty: one object per finding, and there is none.
    let json = scratch.lint(&["--format", "json", "clean.json"]);
    assert_eq!(json.status.code(), Some(0));
    assert_eq!(text(&json.stdout), "");
}

#[test]
fn warnings_alone_exit_0_and_are_printed() {
    let scratch = Scratch::new("warnings");
    scratch.write("warnings.json", WARNINGS_ONLY);
    let output = scratch.lint(&["warnings.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    let stdout = text(&output.stdout);
    let findings = text_findings(&stdout, &["warnings.json"]);
    assert_eq!(
        codes(&findings),
        [
            "MISSING_VERSION",
            "REDUNDANT_ACTION",
            "PASS_ROLE_WITH_STAR_IN_RESOURCE"
        ],
        "{stdout}"
    );
    assert!(findings.iter().all(|finding| finding.severity != "ERROR"));
    // The repeated action is the second string on line 5; the `Resource` value `"*"` is at 11:19.
    assert_eq!((findings[1].line, findings[1].column), (5, 34), "{stdout}");
    assert_eq!((findings[2].line, findings[2].column), (11, 19), "{stdout}");
    assert_eq!(findings[2].severity, "SECURITY_WARNING");
}

#[test]
fn an_error_exits_1_and_points_at_the_offending_element() {
    let scratch = Scratch::new("error-text");
    scratch.write("policy.json", WITH_ERROR);
    let output = scratch.lint(&["policy.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stderr), "");
    let stdout = text(&output.stdout);
    let findings = text_findings(&stdout, &["policy.json"]);
    let located: Vec<(&str, &str, usize, usize)> = findings
        .iter()
        .map(|finding| {
            let (severity, code) = (finding.severity.as_str(), finding.code.as_str());
            (severity, code, finding.line, finding.column)
        })
        .collect();
    assert_eq!(
        located,
        [
            // `"s3:GetObjekt"` opens at line 9, column 9.
            ("ERROR", "INVALID_ACTION", 9, 9),
            // The `Resource` value `"*"` of the second statement opens at line 16, column 19.
            (
                "SECURITY_WARNING",
                "PASS_ROLE_WITH_STAR_IN_RESOURCE",
                16,
                19
            ),
        ],
        "{stdout}"
    );
    assert!(
        stdout.contains("(at Statement[0].Action[1])\n  = help: did you mean `s3:GetObject`?\n"),
        "{stdout}"
    );
    insta::assert_snapshot!("error_text", stdout);
}

#[test]
fn parse_level_errors_point_at_the_offending_element() {
    let policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"allow\",\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"*\",\n      \"Condition\": {\n        \"StringEqualz\": {\"aws:PrincipalOrgID\": \"o-abc123def4\"}\n      }\n    }\n  ]\n}\n";
    let output = jumpgate(&["lint", "-"], policy.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    let findings = text_findings(&stdout, &["<stdin>"]);
    let mut located: Vec<(&str, usize, usize)> = findings
        .iter()
        .map(|finding| (finding.code.as_str(), finding.line, finding.column))
        .collect();
    located.sort_unstable();
    assert_eq!(
        located,
        [
            // The value `"allow"`, and the operator key `"StringEqualz"`.
            ("INVALID_CONDITION_OPERATOR", 9, 9),
            ("INVALID_EFFECT", 5, 17),
        ],
        "{stdout}"
    );
}

#[test]
fn findings_are_printed_in_position_order() {
    // The passes find the statement-level errors (at 4:5 and 9:5) after the `Sid` errors
    // inside the statements; the output is in position order all the same.
    let policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"first-one\",\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:GetObjekt\"\n    },\n    {\n      \"Sid\": \"second-one\",\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:ListBucket\"\n    }\n  ]\n}\n";
    let output = jumpgate(&["lint", "-"], policy.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    let codes: Vec<(usize, usize, String)> = text_findings(&stdout, &["<stdin>"])
        .into_iter()
        .map(|finding| (finding.line, finding.column, finding.code))
        .collect();
    let mut sorted = codes.clone();
    sorted.sort_by_key(|(line, column, _)| (*line, *column));
    assert_eq!(codes, sorted, "{stdout}");
    assert!(
        codes.contains(&(4, 5, "MISSING_RESOURCE".to_owned())),
        "{stdout}"
    );
    assert!(
        codes.contains(&(10, 14, "UNSUPPORTED_SID".to_owned())),
        "{stdout}"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    // Seven two-byte characters precede the action on the line: column 130, not byte 134.
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Condition":{"StringEquals":{"aws:PrincipalTag/team":"Ünïcödé"}},"Action":"s3:GetObjekt","Resource":"*"}]}"#;
    let expected = policy.find("\"s3:GetObjekt\"").expect("has the action");
    let expected = policy[..expected].chars().count() + 1;
    assert_eq!(expected, 130);
    let output = jumpgate(&["lint", "--format", "json", "-"], policy.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let findings = json_findings(&text(&output.stdout));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["code"], "INVALID_ACTION");
    assert_eq!(findings[0]["path"], "Statement[0].Action");
    assert_eq!(findings[0]["line"], 1);
    assert_eq!(findings[0]["column"], expected);
}

#[test]
fn json_lines_carry_every_field() {
    let scratch = Scratch::new("error-json");
    scratch.write("policy.json", WITH_ERROR);
    let output = scratch.lint(&["--format", "json", "policy.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stderr), "");
    let findings = json_findings(&text(&output.stdout));
    // The same findings, in the same order and at the same places, as the text format.
    let text_output = scratch.lint(&["policy.json"]);
    let as_text = text_findings(&text(&text_output.stdout), &["policy.json"]);
    let from_json: Vec<TextFinding> = findings
        .iter()
        .map(|finding| TextFinding {
            file: finding["file"].as_str().unwrap_or_default().to_owned(),
            line: finding["line"].as_u64().unwrap_or_default() as usize,
            column: finding["column"].as_u64().unwrap_or_default() as usize,
            severity: finding["severity"].as_str().unwrap_or_default().to_owned(),
            code: finding["code"].as_str().unwrap_or_default().to_owned(),
        })
        .collect();
    assert_eq!(from_json, as_text);
    assert_eq!(findings[0]["path"], "Statement[0].Action[1]");
    assert_eq!(findings[0]["help"], "did you mean `s3:GetObject`?");
    insta::assert_json_snapshot!("error_json", findings);
}

#[test]
fn every_kind_applies_its_own_rules() {
    let scratch = Scratch::new("kinds");
    scratch
        .write("trust.json", TRUST_WITH_RESOURCE)
        .write("scp.json", SCP)
        .write("rcp.json", RCP)
        .write("bucket.json", BUCKET_POLICY)
        .write("identity.json", CLEAN);
    // (kind, file, exit code, the codes reported, in position order)
    let cases: [(&str, &str, i32, &[&str]); 11] = [
        (
            "trust",
            "trust.json",
            1,
            &[
                "TRUST_WITHOUT_CONDITION",
                "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
            ],
        ),
        // As an identity policy the trust policy is wrong for its `Principal`, not its `Resource`.
        (
            "identity",
            "trust.json",
            1,
            &["UNSUPPORTED_PRINCIPAL", "ASSUME_ROLE_ON_STAR"],
        ),
        ("scp", "scp.json", 0, &[]),
        ("identity", "scp.json", 0, &[]),
        ("resource", "scp.json", 1, &["MISSING_PRINCIPAL"; 2]),
        ("rcp", "rcp.json", 0, &[]),
        ("scp", "rcp.json", 1, &["SCP_SYNTAX_ERROR_PRINCIPAL"]),
        (
            "rcp",
            "scp.json",
            1,
            &[
                "RCP_SYNTAX_ERROR_PRINCIPAL",
                "RCP_SYNTAX_ERROR_ACTION",
                "RCP_SYNTAX_ERROR_PRINCIPAL",
                "RCP_SYNTAX_ERROR_NOTACTION",
                "RCP_SYNTAX_ERROR_ACTION",
                "RCP_SYNTAX_ERROR_ACTION",
            ],
        ),
        ("resource", "bucket.json", 0, &[]),
        ("identity", "bucket.json", 1, &["UNSUPPORTED_PRINCIPAL"]),
        (
            "trust",
            "identity.json",
            1,
            &[
                "MISSING_PRINCIPAL",
                "UNSUPPORTED_ACTION_IN_POLICY",
                "UNSUPPORTED_ACTION_IN_POLICY",
                "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
            ],
        ),
    ];
    for (kind, file, exit, expected) in cases {
        let output = scratch.lint(&["--kind", kind, file]);
        let stdout = text(&output.stdout);
        assert_eq!(output.status.code(), Some(exit), "{kind} {file}:\n{stdout}");
        let findings = text_findings(&stdout, &[file]);
        assert_eq!(codes(&findings), expected, "{kind} {file}:\n{stdout}");
    }
    // The trust policy's `Resource` is reported where it is: its value at 8:19, as an ERROR.
    let output = scratch.lint(&["--kind", "trust", "trust.json"]);
    let findings = text_findings(&text(&output.stdout), &["trust.json"]);
    assert_eq!(
        (
            findings[1].severity.as_str(),
            findings[1].line,
            findings[1].column
        ),
        ("ERROR", 8, 19)
    );
    // The default kind is `identity`.
    let default = scratch.lint(&["trust.json"]);
    let identity = scratch.lint(&["--kind", "identity", "trust.json"]);
    assert_eq!(default.stdout, identity.stdout);
    assert_eq!(default.status.code(), identity.status.code());
}

#[test]
fn disabled_codes_are_left_out() {
    let scratch = Scratch::new("disable");
    scratch.write("policy.json", WITH_ERROR);
    // Without its only ERROR the policy passes.
    let output = scratch.lint(&["--disable", "INVALID_ACTION", "policy.json"]);
    assert_eq!(output.status.code(), Some(0));
    let findings = text_findings(&text(&output.stdout), &["policy.json"]);
    assert_eq!(codes(&findings), ["PASS_ROLE_WITH_STAR_IN_RESOURCE"]);
    // `--disable` repeats.
    let output = scratch.lint(&[
        "--disable",
        "INVALID_ACTION",
        "--disable",
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        "policy.json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stdout),
        "policy.json: ok: no findings as an identity (permission) policy\n"
    );
    // Disabling a warning keeps the error and the exit code.
    let output = scratch.lint(&[
        "--disable",
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        "policy.json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let findings = text_findings(&text(&output.stdout), &["policy.json"]);
    assert_eq!(codes(&findings), ["INVALID_ACTION"]);
}

#[test]
fn trusted_accounts_need_no_condition() {
    let scratch = Scratch::new("trusted");
    scratch.write("trust.json", TRUST_WITHOUT_CONDITION);
    let untrusted = scratch.lint(&["--kind", "trust", "trust.json"]);
    assert_eq!(untrusted.status.code(), Some(0));
    let findings = text_findings(&text(&untrusted.stdout), &["trust.json"]);
    assert_eq!(codes(&findings), ["TRUST_WITHOUT_CONDITION"]);
    assert_eq!(
        (findings[0].line, findings[0].column),
        (6, 7),
        "points at `Principal`"
    );
    let other = scratch.lint(&[
        "--kind",
        "trust",
        "--trusted-account",
        "444455556666",
        "trust.json",
    ]);
    assert_eq!(other.stdout, untrusted.stdout);
    let trusted = scratch.lint(&[
        "--kind",
        "trust",
        "--trusted-account",
        "444455556666",
        "--trusted-account",
        "111122223333",
        "trust.json",
    ]);
    assert_eq!(trusted.status.code(), Some(0));
    assert_eq!(
        text(&trusted.stdout),
        "trust.json: ok: no findings as a role trust policy\n"
    );
    for bad in ["abc", "12345678901", "1111222233334"] {
        let output = scratch.lint(&["--kind", "trust", "--trusted-account", bad, "trust.json"]);
        assert_eq!(output.status.code(), Some(2), "--trusted-account {bad}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn trust_policy_quota_sets_the_size_limit() {
    // 50 role principals: 2,614 characters without whitespace, over the default 2,048.
    let principals: Vec<String> = (0..50)
        .map(|index| format!("\"arn:aws:iam::111122223333:role/deploy-role-{index:03}\""))
        .collect();
    let policy = format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",\n      \"Principal\": {{\"AWS\": [\n        {}\n      ]}},\n      \"Action\": \"sts:AssumeRole\",\n      \"Condition\": {{\"Bool\": {{\"aws:MultiFactorAuthPresent\": \"true\"}}}}\n    }}\n  ]\n}}\n",
        principals.join(",\n        ")
    );
    let size = policy.chars().filter(|c| !c.is_whitespace()).count();
    assert_eq!(size, 2_614);
    let scratch = Scratch::new("quota");
    scratch.write("trust.json", &policy);
    let lint = |quota: Option<&str>| {
        let mut arguments = vec!["--kind", "trust"];
        if let Some(quota) = quota {
            arguments.extend(["--trust-policy-quota", quota]);
        }
        arguments.push("trust.json");
        let output = scratch.lint(&arguments);
        assert_eq!(output.status.code(), Some(0), "quota {quota:?}");
        codes(&text_findings(&text(&output.stdout), &["trust.json"]))
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let exceeds = ["POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA"];
    assert_eq!(lint(None), exceeds);
    assert!(lint(Some("4096")).is_empty());
    assert!(lint(Some("2614")).is_empty());
    assert_eq!(lint(Some("2613")), exceeds);
    let output = scratch.lint(&[
        "--kind",
        "trust",
        "--trust-policy-quota",
        "2500",
        "trust.json",
    ]);
    assert!(
        text(&output.stdout).contains(
            "policy is 2614 characters, whitespace not counted; the role trust policy quota is 2500"
        ),
        "{}",
        text(&output.stdout)
    );
    for bad in ["abc", "-1", ""] {
        let output = scratch.lint(&["--kind", "trust", "--trust-policy-quota", bad, "trust.json"]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "--trust-policy-quota {bad:?}"
        );
    }
}

type HostileCase = (&'static str, &'static [u8], &'static str, (u64, u64));

#[test]
fn hostile_inputs_are_findings_not_crashes() {
    // (name, input, the one code reported, its line and column)
    let cases: [HostileCase; 9] = [
        ("empty", b"", "JSON_SYNTAX_ERROR", (1, 1)),
        ("top-level array", b"[]", "DATA_TYPE_MISMATCH", (1, 1)),
        (
            "top-level string",
            b"\"policy\"",
            "DATA_TYPE_MISMATCH",
            (1, 1),
        ),
        ("top-level null", b"null", "DATA_TYPE_MISMATCH", (1, 1)),
        (
            "duplicate keys",
            b"{\"Statement\": [], \"Statement\": []}",
            "DUPLICATE_KEY",
            (1, 19),
        ),
        (
            "deep nesting",
            &[b'['; 100_000],
            "JSON_SYNTAX_ERROR",
            (1, 65),
        ),
        (
            "invalid UTF-8",
            b"{\"Id\": \"\xc3\x28\"}",
            "JSON_SYNTAX_ERROR",
            (1, 9),
        ),
        ("two documents", b"{}{}", "JSON_SYNTAX_ERROR", (1, 3)),
        ("NUL byte", b"{}\0", "JSON_SYNTAX_ERROR", (1, 3)),
    ];
    for (name, input, code, (line, column)) in cases {
        for format in ["text", "json"] {
            let output = jumpgate(&["lint", "--format", format, "-"], input);
            assert_eq!(output.status.code(), Some(1), "{name} ({format})");
            assert_eq!(text(&output.stderr), "", "{name} ({format})");
            let stdout = text(&output.stdout);
            if format == "json" {
                let findings = json_findings(&stdout);
                assert_eq!(findings.len(), 1, "{name}: {stdout}");
                let finding = &findings[0];
                assert_eq!(finding["file"], "<stdin>", "{name}");
                assert_eq!(finding["severity"], "ERROR", "{name}");
                assert_eq!(finding["code"], code, "{name}: {stdout}");
                assert_eq!(finding["line"], line, "{name}: {stdout}");
                assert_eq!(finding["column"], column, "{name}: {stdout}");
            } else {
                let findings = text_findings(&stdout, &["<stdin>"]);
                assert_eq!(codes(&findings), [code], "{name}: {stdout}");
            }
        }
    }
}

/// A 220 KB policy of 10,000 well-formed but unknown actions, one per line.
#[test]
fn a_policy_with_10000_actions() {
    let actions: Vec<String> = (0..10_000)
        .map(|index| format!("    \"s3:Action{index:05}\""))
        .collect();
    let policy = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Resource\": \"*\", \"Action\": [\n{}\n]}}]}}\n",
        actions.join(",\n")
    );
    assert!(policy.len() > 200_000, "{} bytes", policy.len());
    let output = jumpgate(&["lint", "--format", "json", "-"], policy.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let findings = json_findings(&text(&output.stdout));
    let invalid: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|finding| finding["code"] == "INVALID_ACTION")
        .collect();
    assert_eq!(invalid.len(), 10_000);
    for (index, finding) in invalid.iter().enumerate() {
        assert_eq!(
            finding["path"],
            format!("Statement[0].Action[{index}]"),
            "findings in document order"
        );
        assert_eq!(finding["line"], index + 2, "{finding}");
        assert_eq!(finding["column"], 5, "{finding}");
    }
    assert!(
        findings
            .iter()
            .any(|finding| finding["code"] == "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"),
        "the size quota is reported"
    );
    assert_eq!(findings.len(), 10_001);
}

/// 10,000 wildcard actions of one service are all read and checked (the redundancy check's cost
/// is measured by `cargo bench -p iam-policy --bench corpus`, not here).
#[test]
fn a_policy_with_10000_wildcard_actions_is_linted() {
    let actions: Vec<String> = (0..10_000)
        .map(|index| format!("\"ec2:Describe{index:05}*\""))
        .collect();
    let policy = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Resource\": \"*\", \"Action\": [{}]}}]}}",
        actions.join(", ")
    );
    assert!(policy.len() > 200_000, "{} bytes", policy.len());
    let output = jumpgate(&["lint", "--format", "json", "-"], policy.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let findings = json_findings(&text(&output.stdout));
    assert_eq!(findings.len(), 10_001);
}

#[test]
fn unreadable_files_and_usage_errors_exit_2() {
    let scratch = Scratch::new("unreadable");
    scratch.write("bad.json", WITH_ERROR);
    std::fs::create_dir_all(scratch.0.join("directory.json")).expect("creates a directory");
    for file in ["missing.json", "directory.json", "/nonexistent/policy.json"] {
        let output = scratch.lint(&[file]);
        assert_eq!(output.status.code(), Some(2), "{file}");
        assert!(output.stdout.is_empty(), "{file}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.starts_with(&format!("{file}: error: cannot read file")),
            "{file}: {stderr}"
        );
    }
    // The readable files are still linted, and exit 2 wins over exit 1.
    let output = scratch.lint(&["missing.json", "bad.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).starts_with("missing.json: error: cannot read file"));
    let findings = text_findings(&text(&output.stdout), &["bad.json"]);
    assert_eq!(
        codes(&findings),
        ["INVALID_ACTION", "PASS_ROLE_WITH_STAR_IN_RESOURCE"]
    );
    let usage_errors: [&[&str]; 6] = [
        &["lint", "--kind", "bogus", "bad.json"],
        &["lint", "--kind", "IDENTITY", "bad.json"],
        &["lint", "--format", "xml", "bad.json"],
        &["lint", "--bogus", "bad.json"],
        &["lint"],
        &["lint", "--disable"],
    ];
    for arguments in usage_errors {
        let output = jumpgate_in(&scratch.0, arguments, b"");
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        assert!(output.stdout.is_empty(), "{arguments:?}");
        assert!(!output.stderr.is_empty(), "{arguments:?}");
    }
    let output = scratch.lint(&["--kind", "bogus", "bad.json"]);
    assert!(text(&output.stderr).contains("'bogus'"));
}

#[test]
fn several_files_in_one_run() {
    let scratch = Scratch::new("several");
    scratch
        .write("clean.json", CLEAN)
        .write("warnings.json", WARNINGS_ONLY)
        .write("bad.json", WITH_ERROR);
    let files = ["clean.json", "warnings.json", "bad.json"];
    let output = scratch.lint(&files);
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    let findings = text_findings(&stdout, &files);
    let per_file: Vec<(&str, &str)> = findings
        .iter()
        .map(|finding| (finding.file.as_str(), finding.code.as_str()))
        .collect();
    assert_eq!(
        per_file,
        [
            ("warnings.json", "MISSING_VERSION"),
            ("warnings.json", "REDUNDANT_ACTION"),
            ("warnings.json", "PASS_ROLE_WITH_STAR_IN_RESOURCE"),
            ("bad.json", "INVALID_ACTION"),
            ("bad.json", "PASS_ROLE_WITH_STAR_IN_RESOURCE"),
        ],
        "{stdout}"
    );
    // The same in JSON: the `file` field tells the findings apart.
    let output = scratch.lint(&[
        "--format",
        "json",
        "bad.json",
        "warnings.json",
        "clean.json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let findings = json_findings(&text(&output.stdout));
    let per_file: Vec<(&str, &str, u64)> = findings
        .iter()
        .map(|finding| {
            let file = finding["file"].as_str().unwrap_or_default();
            let code = finding["code"].as_str().unwrap_or_default();
            (file, code, finding["line"].as_u64().unwrap_or_default())
        })
        .collect();
    assert_eq!(
        per_file,
        [
            ("bad.json", "INVALID_ACTION", 9),
            ("bad.json", "PASS_ROLE_WITH_STAR_IN_RESOURCE", 16),
            ("warnings.json", "MISSING_VERSION", 1),
            ("warnings.json", "REDUNDANT_ACTION", 5),
            ("warnings.json", "PASS_ROLE_WITH_STAR_IN_RESOURCE", 11),
        ]
    );
    // Only warnings across several files: exit 0.
    let output = scratch.lint(&["clean.json", "warnings.json"]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn standard_input_is_named_stdin() {
    let output = jumpgate(&["lint", "-"], WITH_ERROR.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    let findings = text_findings(&stdout, &["<stdin>"]);
    assert_eq!(
        codes(&findings),
        ["INVALID_ACTION", "PASS_ROLE_WITH_STAR_IN_RESOURCE"]
    );
    assert!(
        stdout.starts_with("<stdin>:9:9: ERROR INVALID_ACTION: "),
        "{stdout}"
    );
    let clean = jumpgate(&["lint", "--format", "json", "-"], CLEAN.as_bytes());
    assert_eq!(clean.status.code(), Some(0));
    assert!(clean.stdout.is_empty());
    // `-` mixes with files.
    let scratch = Scratch::new("stdin");
    scratch.write("warnings.json", WARNINGS_ONLY);
    let output = jumpgate_in(
        &scratch.0,
        &["lint", "--format", "json", "warnings.json", "-"],
        WITH_ERROR.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(1));
    let files: Vec<String> = json_findings(&text(&output.stdout))
        .iter()
        .map(|finding| finding["file"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        files,
        [
            "warnings.json",
            "warnings.json",
            "warnings.json",
            "<stdin>",
            "<stdin>"
        ]
    );
}

/// Runs `jumpgate ARGUMENTS` in `directory` with standard output and standard error into the
/// same file, as on a terminal: what it returns shows where each error came among the findings.
fn jumpgate_merged(directory: &Path, arguments: &[&str], stdin: &[u8]) -> (Option<i32>, Vec<u8>) {
    let merged = directory.join(format!(
        "merged-{}.out",
        std::thread::current()
            .name()
            .unwrap_or("main")
            .replace("::", "-")
    ));
    let file = std::fs::File::create(&merged).expect("creates the output file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jumpgate"))
        .args(arguments)
        .current_dir(directory)
        .stdin(Stdio::piped())
        .stdout(file.try_clone().expect("clones the file handle"))
        .stderr(file)
        .spawn()
        .expect("jumpgate starts");
    let mut input = child.stdin.take().expect("stdin");
    let _ = input.write_all(stdin);
    drop(input);
    let status = child.wait().expect("jumpgate finishes");
    let output = std::fs::read(&merged).expect("reads the output");
    std::fs::remove_file(&merged).expect("removes the output file");
    (status.code(), output)
}

/// A policy of `count` actions, one per line, every `step`-th of them unknown (an `ERROR` each).
fn policy_of_actions(count: usize, step: usize) -> String {
    let actions: Vec<String> = (0..count)
        .map(|index| {
            if index % step == step - 1 {
                format!("    \"s3:GetObjekt{index}\"")
            } else {
                format!(
                    "    \"s3:GetObject{}\"",
                    ["", "Acl", "Tagging", "Version"][index % 4]
                )
            }
        })
        .collect();
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{{\n    \"Effect\": \"Allow\",\n    \"Action\": [\n{}\n    ],\n    \"Resource\": \"*\"\n  }}]\n}}\n",
        actions.join(",\n")
    )
}

/// Many files in one run, checked at once on several threads, print exactly what each file
/// linted alone prints, in the order of the arguments: findings, clean lines and the errors of
/// unreadable files where they come, whatever file finishes first. The large files come first
/// (they take longest), so that an output in the order the files finish would differ.
#[test]
fn many_files_print_what_each_prints_alone_in_argument_order() {
    let scratch = Scratch::new("many");
    std::fs::create_dir_all(scratch.0.join("a-directory.json")).expect("creates a directory");
    let mut files: Vec<String> = Vec::new();
    for index in 0..64 {
        let name = format!("p{index:02}.json");
        let contents = match index % 8 {
            // Large: thousands of actions, some unknown (the slowest to lint).
            0 if index < 24 => policy_of_actions(1500 + 97 * index, 7 + index),
            0 => policy_of_actions(50 + index, 5),
            1 => CLEAN.to_owned(),
            2 => WARNINGS_ONLY.to_owned(),
            3 => WITH_ERROR.replace("GetObjekt", &format!("GetObjekt{index}")),
            // Not JSON at all, or cut short.
            4 => WITH_ERROR[..(index * 5) % WITH_ERROR.len()].to_owned(),
            5 => SCP.to_owned(),
            // Missing: never written.
            6 => {
                files.push(format!("missing-{index}.json"));
                continue;
            }
            _ => format!("{{\"Statement\": {index}}}"),
        };
        scratch.write(&name, contents);
        files.push(name);
    }
    // Unreadable: a directory, and a file past the input limit.
    files.insert(5, "a-directory.json".to_owned());
    scratch.write("too-large.json", " ".repeat(300 * 1024) + CLEAN);
    files.insert(17, "too-large.json".to_owned());
    // Standard input, among the files.
    files.insert(40, "-".to_owned());
    let stdin = WARNINGS_ONLY.as_bytes();
    // The same file twice: printed twice.
    files.push(files[3].clone());
    let limit = ["--max-input-bytes", "256KiB"];

    for format in ["text", "json"] {
        let mut expected = Vec::new();
        let mut expected_code = 0;
        for file in &files {
            let (code, output) = jumpgate_merged(
                &scratch.0,
                &[&limit[..], &["lint", "--format", format, file]].concat(),
                stdin,
            );
            expected.extend_from_slice(&output);
            expected_code = expected_code.max(code.expect("an exit code"));
        }
        assert_eq!(expected_code, 2, "an unreadable file is exit 2");
        for jobs in [None, Some("1"), Some("2"), Some("7")] {
            let mut arguments = vec![limit[0], limit[1], "lint", "--format", format];
            if let Some(jobs) = jobs {
                arguments.extend(["--jobs", jobs]);
            }
            arguments.extend(files.iter().map(String::as_str));
            let (code, output) = jumpgate_merged(&scratch.0, &arguments, stdin);
            assert_eq!(code, Some(expected_code), "{format}, --jobs {jobs:?}");
            assert!(
                output == expected,
                "{format}, --jobs {jobs:?}: not the outputs of each file alone in order;\n\
                 got:\n{}\nexpected:\n{}",
                text(&output),
                text(&expected)
            );
        }
    }
    // Each kind of content gave something: findings, clean lines, and errors.
    let (_, output) = jumpgate_merged(
        &scratch.0,
        &[
            &limit[..],
            &["lint"],
            &files.iter().map(String::as_str).collect::<Vec<_>>(),
        ]
        .concat(),
        stdin,
    );
    let output = text(&output);
    for expected in [
        "p00.json:",
        "p01.json: ok: no findings",
        "<stdin>:",
        "missing-6.json: error: cannot read file",
        "a-directory.json: error: cannot read file",
        "too-large.json: error: the input is larger than the limit",
        "JSON_SYNTAX_ERROR",
        "INVALID_ACTION",
    ] {
        assert!(output.contains(expected), "no `{expected}` in:\n{output}");
    }
}

#[test]
fn jobs_is_a_number_of_threads_from_1_to_256() {
    let scratch = Scratch::new("jobs");
    scratch.write("clean.json", CLEAN);
    for jobs in ["1", "256"] {
        let output = scratch.lint(&["--jobs", jobs, "clean.json", "clean.json"]);
        assert_eq!(output.status.code(), Some(0), "--jobs {jobs}");
    }
    for bad in ["0", "257", "-1", "many", ""] {
        let output = scratch.lint(&["--jobs", bad, "clean.json"]);
        assert_eq!(output.status.code(), Some(2), "--jobs {bad:?}");
        assert!(output.stdout.is_empty(), "--jobs {bad:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("--jobs") || stderr.contains(&format!("'{bad}'")),
            "--jobs {bad:?}: {stderr}"
        );
    }
}

/// Strings from the policy (actions, keys, `Sid`s) appear in messages; control characters in
/// them must not break the one-line-per-finding text format or reach the terminal raw.
#[test]
fn text_output_stays_one_line_per_finding_for_hostile_strings() {
    let cases = [
        (
            "newline in an action",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get\nother.json:9:9: ERROR FAKE: injected","Resource":"*"}]}"#,
        ),
        (
            "newline in an element name",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Act\nion":"s3:GetObject","Resource":"*"}]}"#,
        ),
        (
            "escape sequence in a Sid",
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"a\u001b[31mred","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        ),
    ];
    let mut failures = Vec::new();
    for (name, policy) in cases {
        let json = jumpgate(&["lint", "--format", "json", "-"], policy.as_bytes());
        let expected = json_findings(&text(&json.stdout)).len();
        assert!(expected > 0, "{name}");
        let output = jumpgate(&["lint", "-"], policy.as_bytes());
        let stdout = text(&output.stdout);
        if stdout.chars().any(|c| c.is_control() && c != '\n') {
            failures.push(format!("{name}: control characters in {stdout:?}"));
        }
        match try_text_findings(&stdout, &["<stdin>"]) {
            Ok(findings) if findings.len() == expected => {}
            Ok(findings) => failures.push(format!(
                "{name}: {} finding lines for {expected} findings in {stdout:?}",
                findings.len()
            )),
            Err(error) => failures.push(format!("{name}: {error} in {stdout:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `--resource-type` validates a resource policy for one resource type, as Access Analyzer's
/// `validatePolicyResourceType` does; `AWS::IAM::AssumeRolePolicyDocument` means a trust policy.
/// An unknown type, or a type with a kind it does not fit, is a usage error.
#[test]
fn resource_type_selects_the_rules_of_one_resource_policy() {
    let scratch = Scratch::new("resource-type");
    scratch.write(
        "bucket.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/reader"},"Action":"s3:GetObject","Resource":["arn:aws:s3:::team-share/*","arn:aws:s3:eu-west-1:210987654321:accesspoint/share/object/*"]}]}"#,
    );
    let untyped = scratch.lint(&["--kind", "resource", "--format", "json", "bucket.json"]);
    assert_eq!(untyped.status.code(), Some(0), "{}", text(&untyped.stdout));
    for (resource_type, unsupported_index) in [
        ("AWS::S3::Bucket", 1),
        ("AWS::S3::AccessPoint", 0),
        ("aws::s3::accesspoint", 0),
    ] {
        let output = scratch.lint(&[
            "--kind",
            "resource",
            "--resource-type",
            resource_type,
            "--format",
            "json",
            "bucket.json",
        ]);
        assert_eq!(output.status.code(), Some(1), "{resource_type}");
        let findings = json_findings(&text(&output.stdout));
        let unsupported: Vec<&serde_json::Value> = findings
            .iter()
            .filter(|finding| finding["code"] == "UNSUPPORTED_RESOURCE_ARN_IN_POLICY")
            .collect();
        assert_eq!(unsupported.len(), 1, "{resource_type}: {findings:?}");
        assert_eq!(
            unsupported[0]["path"],
            format!("Statement[0].Resource[{unsupported_index}]"),
            "{resource_type}"
        );
    }

    scratch.write(
        "trust.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Resource":"*"}]}"#,
    );
    for kind in ["trust", "resource"] {
        let output = scratch.lint(&[
            "--kind",
            kind,
            "--resource-type",
            "AWS::IAM::AssumeRolePolicyDocument",
            "trust.json",
        ]);
        assert_eq!(output.status.code(), Some(1), "{kind}");
        let findings = text_findings(&text(&output.stdout), &["trust.json"]);
        assert!(
            codes(&findings).contains(&"ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"),
            "{kind}: {findings:?}"
        );
    }

    let unknown = scratch.lint(&[
        "--kind",
        "resource",
        "--resource-type",
        "AWS::S3::Buckets",
        "bucket.json",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(unknown.stdout.is_empty());
    let stderr = text(&unknown.stderr);
    assert!(
        stderr.starts_with(
            "error: unknown resource type `AWS::S3::Buckets`; did you mean `AWS::S3::Bucket`?"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("AWS::DynamoDB::Table"), "{stderr}");
    for kind in ["identity", "scp", "trust"] {
        let output = scratch.lint(&[
            "--kind",
            kind,
            "--resource-type",
            "AWS::S3::Bucket",
            "bucket.json",
        ]);
        assert_eq!(output.status.code(), Some(2), "{kind}");
        assert!(
            text(&output.stderr).contains("needs `--kind resource`"),
            "{kind}: {}",
            text(&output.stderr)
        );
    }
}

/// The README's table of jumpgate's own codes is the registry's: every code of
/// `iam_policy::codes` that Access Analyzer does not define, in order, with its severity and
/// summary.
#[test]
fn the_readme_lists_every_code_of_jumpgates_own() {
    let readme = include_str!("../../README.md");
    let section = readme
        .split_once("### Finding codes")
        .map(|(_, rest)| rest)
        .expect("the README has a section on finding codes");
    let rows: Vec<&str> = section
        .lines()
        .skip_while(|line| !line.starts_with("| Code |"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .collect();
    let expected: Vec<String> = jumpgate::iam_policy::codes::jumpgate()
        .map(|code| format!("| `{}` | {} | {} |", code.code, code.severity, code.summary))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(rows, expected);
}
