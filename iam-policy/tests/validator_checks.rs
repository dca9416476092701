//! Table-driven checks of the policy validator: for every finding code that `validate_text`
//! emits, a realistic policy that must produce it (with the expected severity, JSON path and a
//! line/column that points at that path) and a minimally different policy that must not.
//!
//! Cases are grouped by pass: parse-level, structure, policy-kind rules, principals, resources
//! (ARN grammar and policy variables), conditions, security lints, catalog checks (actions, ARNs
//! against resource types, condition keys, trust-policy actions) and size quotas. A coverage test
//! reads the code registry (`iam_policy::codes::POLICY`) and fails when a code has no case.
//! Further tests pin the regressions of peer tools (every finding collected in one report,
//! `NotAction` handled as "every action except", the MFA traps), the validator options and the
//! builders' output.

use iam_policy::builder::{AssumeRolePolicy, TrustPolicy};
use iam_policy::codes::{self, Code};
use iam_policy::size::{SizeRule, quotas, text_size};
use iam_policy::validate::{
    Finding, IdentityPolicyUse, Options, PolicyKind, Report, ResourcePolicyType, Severity,
    validate_text,
};
use iam_policy::{AccountId, Arn, JsonPath, Partition, PathSegment, Position, parse_policy};

use Severity::{Error, SecurityWarning, Suggestion, Warning};

/// The resource-based policy most resource cases use: an S3 bucket policy.
const S3_BUCKET: PolicyKind = PolicyKind::Resource {
    resource_type: Some(ResourcePolicyType::S3Bucket),
};

/// An S3 access point policy.
const S3_ACCESS_POINT: PolicyKind = PolicyKind::Resource {
    resource_type: Some(ResourcePolicyType::S3AccessPoint),
};

/// A resource-based policy of no known resource type.
const UNTYPED_RESOURCE: PolicyKind = PolicyKind::Resource {
    resource_type: None,
};

/// One finding code: a document that must produce it, and a minimally different one that must not.
#[derive(Debug, Clone, Copy)]
struct Case<'a> {
    code: &'static str,
    kind: PolicyKind,
    severity: Severity,
    /// The finding's JSON path, as `JsonPath` displays it.
    path: &'static str,
    /// Policy JSON that must produce `code` at `path`.
    failing: &'a str,
    /// A minimally different policy that must not produce `code` at all.
    passing: &'a str,
}

fn describe(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|finding| {
            let position = finding
                .position
                .map_or_else(|| "?".to_owned(), |position| position.to_string());
            format!(
                "\n    {} {} at {} ({position}): {}",
                finding.severity, finding.code, finding.path, finding.message
            )
        })
        .collect()
}

/// The byte offset of a 1-based line and character column.
fn offset_of(text: &str, position: Position) -> Option<usize> {
    let mut line_start = 0;
    for _ in 1..position.line {
        line_start += text.get(line_start..)?.find('\n')? + 1;
    }
    let line = text.get(line_start..)?;
    let column = position.column.checked_sub(1)?;
    let in_line = line
        .char_indices()
        .map(|(index, _)| index)
        .chain(std::iter::once(line.len()))
        .nth(column)?;
    Some(line_start + in_line)
}

/// Checks that `position` points at the element `path` names: at its key (or, for parse
/// diagnostics about a bad value, just after `"key":`), or at the value for an array index.
fn position_problem(text: &str, path: &JsonPath, position: Option<Position>) -> Option<String> {
    let Some(position) = position else {
        return Some("the finding has no line/column".to_owned());
    };
    let Some(offset) = offset_of(text, position) else {
        return Some(format!("{position} lies outside the document"));
    };
    let here = &text[offset..];
    let good = match path.segments().last() {
        // Whole-document findings (and JSON syntax errors) may point anywhere inside it.
        None => true,
        Some(PathSegment::Key(key)) => {
            let quoted = serde_json::to_string(key).expect("a key serializes");
            let before = text[..offset].trim_end();
            here.starts_with(&quoted)
                || before
                    .strip_suffix(':')
                    .is_some_and(|before| before.trim_end().ends_with(&quoted))
        }
        Some(PathSegment::Index(_)) => here.starts_with(|c: char| "\"{[-0123456789tfn".contains(c)),
    };
    (!good).then(|| {
        let shown: String = here.chars().take(30).collect();
        format!("{position} does not point at {path}: it points at `{shown}`")
    })
}

fn validate(case: &Case<'_>, text: &str, options: &Options) -> Report {
    validate_text(text, &case.kind, options)
}

/// Runs one case; returns what went wrong, if anything.
fn case_problems(case: &Case<'_>, options: &Options) -> Vec<String> {
    let mut problems = Vec::new();
    let report = validate(case, case.failing, options);
    let with_code: Vec<&Finding> = report.with_code(case.code).collect();
    match with_code
        .iter()
        .find(|finding| finding.path.to_string() == case.path)
    {
        None if with_code.is_empty() => problems.push(format!(
            "failing document does not produce it; findings:{}",
            describe(&report.findings)
        )),
        None => problems.push(format!(
            "produced at {:?}, expected at `{}`",
            with_code
                .iter()
                .map(|finding| finding.path.to_string())
                .collect::<Vec<_>>(),
            case.path
        )),
        Some(finding) => {
            if finding.severity != case.severity {
                problems.push(format!(
                    "severity {}, expected {}",
                    finding.severity, case.severity
                ));
            }
            if let Some(problem) = position_problem(case.failing, &finding.path, finding.position) {
                problems.push(problem);
            }
        }
    }
    for finding in &report.findings {
        if finding.position.is_none() {
            problems.push(format!(
                "{} at {} has no line/column",
                finding.code, finding.path
            ));
        }
    }
    let report = validate(case, case.passing, options);
    let unwanted: Vec<Finding> = report.with_code(case.code).cloned().collect();
    if !unwanted.is_empty() {
        problems.push(format!(
            "passing document produces it too:{}",
            describe(&unwanted)
        ));
    }
    problems
}

/// Runs a table and reports every failing case at once.
fn run(group: &str, cases: &[Case<'_>], options: &Options, documents_must_parse: bool) {
    let mut failures = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let mut problems = case_problems(case, options);
        if documents_must_parse && let Err(error) = parse_policy(case.failing) {
            problems.push(format!("failing document does not parse: {error}"));
        }
        if let Err(error) = parse_policy(case.passing) {
            problems.push(format!("passing document does not parse: {error}"));
        }
        for problem in problems {
            failures.push(format!(
                "{group}[{index}] {} ({:?}): {problem}",
                case.code, case.kind
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Parse level: documents the reader rejects; `validate_text` reports them as ERROR findings.
// ---------------------------------------------------------------------------------------------

const PARSE: &[Case<'static>] = &[
    Case {
        code: "JSON_SYNTAX_ERROR",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "(document)",
        failing: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*",}
  ]
}"#,
        passing: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}
  ]
}"#,
    },
    Case {
        code: "DUPLICATE_KEY",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "(document)",
        failing: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Action": "s3:PutObject",
    "Resource": "arn:aws:s3:::example-bucket/*"
  }]
}"#,
        passing: r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["s3:GetObject", "s3:PutObject"],
    "Resource": "arn:aws:s3:::example-bucket/*"
  }]
}"#,
    },
    Case {
        code: "DATA_TYPE_MISMATCH",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Sid",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":2024,"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example-bucket"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"Stmt2024","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example-bucket"}]}"#,
    },
    Case {
        code: "DATA_TYPE_MISMATCH",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.Bool["aws:SecureTransport"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/*","Condition":{"Bool":{"aws:SecureTransport":null}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#,
    },
    Case {
        code: "INVALID_POLICY_ELEMENT",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resources",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resources":"arn:aws:s3:::example-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/*"}]}"#,
    },
    Case {
        code: "MISSING_EFFECT",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadReports","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadReports","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "INVALID_EFFECT",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Effect",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "INVALID_VERSION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Version",
        failing: r#"{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "MISSING_ACTION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"},
  {"Effect":"Allow","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}
]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"},
  {"Effect":"Allow","Action":"dynamodb:Query","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}
]}"#,
    },
    Case {
        code: "MISSING_STATEMENT",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "(document)",
        failing: r#"{"Version":"2012-10-17","Id":"ReadOnlyReports"}"#,
        passing: r#"{"Version":"2012-10-17","Id":"ReadOnlyReports","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}}"#,
    },
    Case {
        code: "UNSUPPORTED_ELEMENT_COMBINATION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].NotAction",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"s3:DeleteBucket","Resource":"arn:aws:s3:::example-bucket"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::example-bucket"}]}"#,
    },
    Case {
        code: "INVALID_CONDITION_OPERATOR",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Condition.StringEqual",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*","Condition":{"StringEqual":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}"#,
    },
    Case {
        code: "INVALID_PRINCIPAL_FORMAT",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0].Principal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"444455556666","Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
    },
    Case {
        code: "INVALID_PRINCIPAL_KEY",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0].Principal.Aws",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Aws":"arn:aws:iam::444455556666:role/analytics"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/analytics"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
    },
];

#[test]
fn parse_level_codes() {
    run("parse", PARSE, &Options::default(), false);
}

// ---------------------------------------------------------------------------------------------
// Structure: version, statements, Sids, empty arrays, redundancy, characters.
// ---------------------------------------------------------------------------------------------

const STRUCTURE: &[Case<'static>] = &[
    Case {
        code: "MISSING_VERSION",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "(document)",
        failing: r#"{"Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example-bucket"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example-bucket"}]}"#,
    },
    Case {
        code: "VARIABLE_UNSUPPORTED_IN_VERSION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Version",
        failing: r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::example-bucket/home/${aws:username}/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::example-bucket/home/${aws:username}/*"}]}"#,
    },
    Case {
        code: "MISSING_STATEMENT",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement",
        failing: r#"{"Version":"2012-10-17","Statement":[]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example-bucket"}]}"#,
    },
    Case {
        code: "EMPTY_SID_VALUE",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: "Statement[0].Sid",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example-bucket"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"ListBucket","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example-bucket"}]}"#,
    },
    Case {
        code: "UNSUPPORTED_SID",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Sid",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read-Reports","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadReports","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "UNSUPPORTED_SID",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Sid",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"Trust JUMP account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"TrustJumpAccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    },
    Case {
        code: "UNIQUE_SIDS_REQUIRED",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[1].Sid",
        failing: r#"{"Version":"2012-10-17","Statement":[
  {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::example-bucket","arn:aws:s3:::example-bucket/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},
  {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::example-bucket","arn:aws:s3:::example-bucket/*"],"Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}}
]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[
  {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::example-bucket","arn:aws:s3:::example-bucket/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},
  {"Sid":"DenyOutdatedTls","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::example-bucket","arn:aws:s3:::example-bucket/*"],"Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}}
]}"#,
    },
    Case {
        code: "UNIQUE_SIDS_RECOMMENDED",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[1].Sid",
        failing: r#"{"Version":"2012-10-17","Statement":[
  {"Sid":"Reports","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports-bucket"},
  {"Sid":"Reports","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}
]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[
  {"Sid":"ListReports","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports-bucket"},
  {"Sid":"ReadReports","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}
]}"#,
    },
    Case {
        code: "EMPTY_ARRAY_ACTION",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: "Statement[0].Action",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "EMPTY_ARRAY_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[]}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::reports-bucket/*"]}]}"#,
    },
    Case {
        code: "EMPTY_OBJECT_PRINCIPAL",
        kind: S3_BUCKET,
        severity: Suggestion,
        path: "Statement[0].Principal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
    },
    Case {
        code: "EMPTY_ARRAY_PRINCIPAL",
        kind: S3_BUCKET,
        severity: Suggestion,
        path: "Statement[0].Principal.AWS",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:root"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
    },
    Case {
        code: "REDUNDANT_ACTION",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: "Statement[0].Action[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:Get*"],"Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:List*"],"Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "REDUNDANT_ACTION",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: "Statement[0].Action[2]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeInstances","ec2:StartInstances","EC2:describeinstances"],"Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeInstances","ec2:StartInstances","ec2:StopInstances"],"Resource":"*"}]}"#,
    },
    Case {
        code: "REDUNDANT_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: "Statement[0].Resource[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::reports-bucket/2024/*","arn:aws:s3:::reports-bucket/*"]}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::reports-bucket/2024/*","arn:aws:s3:::audit-bucket/*"]}]}"#,
    },
    Case {
        code: "REDUNDANT_STATEMENT",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: "Statement[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"},
  {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}
]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"},
  {"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::reports-bucket/*"}
]}"#,
    },
    Case {
        code: "REDUNDANT_STATEMENT",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: "Statement[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"},
  {"Resource":"arn:aws:s3:::reports-bucket/*","Action":"s3:GetObject","Effect":"Allow"}
]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"},
  {"Resource":"arn:aws:s3:::reports-bucket/*","Action":"s3:GetObject","Effect":"Deny"}
]}"#,
    },
    Case {
        code: "UNSUPPORTED_CHARACTER",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "(document)",
        failing: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::reports-bucket/2024\u{2013}Q1/*\"}]}",
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/2024-Q1/*"}]}"#,
    },
];

#[test]
fn structure_codes() {
    run("structure", STRUCTURE, &Options::default(), true);
}

// ---------------------------------------------------------------------------------------------
// Policy-kind rules: which elements each kind requires or forbids.
// ---------------------------------------------------------------------------------------------

const KINDS: &[Case<'static>] = &[
    Case {
        code: "UNSUPPORTED_PRINCIPAL",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Principal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "SCP_SYNTAX_ERROR_PRINCIPAL",
        kind: PolicyKind::ServiceControl,
        severity: Error,
        path: "Statement[0].Principal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeaveOrganization","Effect":"Deny","Principal":"*","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeaveOrganization","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#,
    },
    Case {
        code: "MISSING_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}]}"#,
    },
    Case {
        code: "MISSING_RESOURCE",
        kind: PolicyKind::ServiceControl,
        severity: Error,
        path: "Statement[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeaveOrganization","Effect":"Deny","Action":"organizations:LeaveOrganization"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeaveOrganization","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#,
    },
    Case {
        code: "MISSING_RESOURCE",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/analytics"},"Action":"s3:GetObject"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/analytics"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
    },
    Case {
        code: "MISSING_RESOURCE",
        kind: PolicyKind::ResourceControl,
        severity: Error,
        path: "Statement[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#,
    },
    Case {
        code: "MISSING_PRINCIPAL",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
    },
    Case {
        code: "MISSING_PRINCIPAL",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/analytics"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
    },
    Case {
        code: "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"arn:aws:iam::123456789012:role/order-processor"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
    },
    Case {
        code: "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].NotPrincipal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    },
    Case {
        code: "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Principal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
    },
    Case {
        code: "RCP_SYNTAX_ERROR_PRINCIPAL",
        kind: PolicyKind::ResourceControl,
        severity: Error,
        path: "Statement[0].Principal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"EnforceSecureTransport","Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"EnforceSecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#,
    },
    Case {
        code: "RCP_SYNTAX_ERROR_PRINCIPAL",
        kind: PolicyKind::ResourceControl,
        severity: Error,
        path: "Statement[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"EnforceSecureTransport","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"EnforceSecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#,
    },
    Case {
        code: "RCP_SYNTAX_ERROR_ALLOW",
        kind: PolicyKind::ResourceControl,
        severity: Error,
        path: "Statement[0].Effect",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
    },
    Case {
        code: "RCP_SYNTAX_ERROR_NOTACTION",
        kind: PolicyKind::ResourceControl,
        severity: Error,
        path: "Statement[0].NotAction",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
    },
    Case {
        code: "VARIABLE_UNSUPPORTED_IN_ELEMENT",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Action",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:${aws:PrincipalTag/s3-action}","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/${aws:PrincipalTag/team}/*"}]}"#,
    },
];

#[test]
fn policy_kind_codes() {
    run("kinds", KINDS, &Options::default(), true);
}

// ---------------------------------------------------------------------------------------------
// Principals in trust and resource policies.
// ---------------------------------------------------------------------------------------------

const PRINCIPALS: &[Case<'static>] = &[
    Case {
        code: "ALLOW_WITH_NOT_PRINCIPAL",
        kind: S3_BUCKET,
        severity: SecurityWarning,
        path: "Statement[0].NotPrincipal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:role/intern"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:role/intern"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0].Principal.AWS",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/ci-*"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::build-artifacts/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/ci-deploy"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::build-artifacts/*"}]}"#,
    },
    Case {
        code: "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Principal.AWS[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/admin","arn:aws:iam::111111111111:role/ops-*"]},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/admin","arn:aws:iam::111111111111:role/ops"]},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    },
    Case {
        code: "VARIABLE_UNSUPPORTED_IN_ELEMENT",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0].Principal.AWS",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/${aws:username}"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::home-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::home-bucket/*"}]}"#,
    },
    Case {
        code: "INVALID_SERVICE_PRINCIPAL_FORMAT",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Principal.Service",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda"},"Action":"sts:AssumeRole"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
    },
    Case {
        code: "INVALID_SERVICE_PRINCIPAL_FORMAT",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0].Principal.Service",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"AWSCloudTrailWrite","Effect":"Allow","Principal":{"Service":"CloudTrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::org-trail-logs/AWSLogs/123456789012/*","Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"AWSCloudTrailWrite","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::org-trail-logs/AWSLogs/123456789012/*","Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}}]}"#,
    },
    Case {
        code: "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Principal.Federated",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:example-org/jumpgate:ref:refs/heads/main"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:example-org/jumpgate:ref:refs/heads/main"}}}]}"#,
    },
    Case {
        code: "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0].Principal.Federated",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/Okta"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/Okta-ReadOnly"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "INVALID_PRINCIPAL_KEY",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Principal.CanonicalUser",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    },
    Case {
        code: "INVALID_PRINCIPAL_FORMAT",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0].Principal.CanonicalUser",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2b"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::static-site/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::static-site/*"}]}"#,
    },
    Case {
        code: "INVALID_PRINCIPAL_FORMAT",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0].Principal.AWS",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"44445555666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#,
    },
    Case {
        code: "INVALID_PRINCIPAL_FORMAT",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Principal.AWS",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:policy/AdminAccess"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/AdminAccess"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    },
    Case {
        code: "INVALID_ROLE_REFERENCE",
        kind: PolicyKind::Trust,
        severity: Warning,
        path: "Statement[0].Principal.AWS",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"AROA3XFRBF535PLBIFPI4"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/admin"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    },
    Case {
        code: "INVALID_USER_REFERENCE",
        kind: PolicyKind::Trust,
        severity: Warning,
        path: "Statement[0].Principal.AWS",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"AIDAJQABLZS4A3QDU576Q"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    },
    Case {
        code: "IAM_GROUP_AS_PRINCIPAL",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Principal.AWS",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:group/admins"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    },
];

#[test]
fn principal_codes() {
    run("principals", PRINCIPALS, &Options::default(), true);
}

// ---------------------------------------------------------------------------------------------
// Resources: ARN grammar and policy variables.
// ---------------------------------------------------------------------------------------------

const RESOURCES: &[Case<'static>] = &[
    Case {
        code: "MISSING_BRACE_IN_VARIABLE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::home-bucket/home/${aws:username/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::home-bucket/home/${aws:username}/*"}]}"#,
    },
    Case {
        code: "EMPTY_VARIABLE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home-bucket/home/${}/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home-bucket/home/${aws:userid}/*"}]}"#,
    },
    Case {
        code: "UNSUPPORTED_SPACE_IN_VARIABLE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home-bucket/home/${aws: username}/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home-bucket/home/${aws:username}/*"}]}"#,
    },
    Case {
        code: "MISSING_QUOTE_IN_VARIABLE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::team-bucket/${aws:PrincipalTag/team, shared}/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::team-bucket/${aws:PrincipalTag/team, 'shared'}/*"}]}"#,
    },
    Case {
        code: "UNSUPPORTED_SYMBOL_IN_VARIABLE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::team-bucket/${aws:PrincipalTag/cost+center}/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::team-bucket/${aws:PrincipalTag/cost-center}/*"}]}"#,
    },
    Case {
        code: "INVALID_ARN_PREFIX",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"amzn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "MISSING_ARN_FIELD",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:orders-queue"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:123456789012:orders-queue"}]}"#,
    },
    Case {
        code: "INVALID_PARTITION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws-us-gov-west:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws-us-gov:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "WILDCARD_IN_SERVICE_NAME",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3*:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "INVALID_ARN_SERVICE_CASE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":["arn:aws:s3:::reports-bucket","arn:aws:S3:::reports-bucket/*"]}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":["arn:aws:s3:::reports-bucket","arn:aws:s3:::reports-bucket/*"]}]}"#,
    },
    Case {
        code: "INVALID_ARN_REGION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:us-east:123456789012:table/Orders"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}]}"#,
    },
    Case {
        code: "INVALID_ARN_ACCOUNT",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:us-east-1:12345678901:table/Orders"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}]}"#,
    },
];

#[test]
fn resource_codes() {
    run("resources", RESOURCES, &Options::default(), true);
}

// ---------------------------------------------------------------------------------------------
// Conditions: operators, keys and values.
// ---------------------------------------------------------------------------------------------

const CONDITIONS: &[Case<'static>] = &[
    Case {
        code: "EMPTY_OBJECT_CONDITION",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: "Statement[0].Condition",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#,
    },
    Case {
        code: "EMPTY_OBJECT_CONDITION",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: "Statement[0].Condition.StringEquals",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"StringEquals":{}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
    },
    Case {
        code: "NULL_WITH_IF_EXISTS",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Condition.NullIfExists",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyUnencryptedUploads","Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"NullIfExists":{"s3:x-amz-server-side-encryption":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyUnencryptedUploads","Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"Null":{"s3:x-amz-server-side-encryption":"true"}}}]}"#,
    },
    Case {
        code: "NULL_WITH_QUALIFIER",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: r#"Statement[0].Condition["ForAllValues:Null"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:CreateTags","Resource":"*","Condition":{"ForAllValues:Null":{"aws:TagKeys":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:CreateTags","Resource":"*","Condition":{"Null":{"aws:TagKeys":"true"}}}]}"#,
    },
    Case {
        code: "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringEquals["aws:principaltag/team"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::team-bucket/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"data","aws:principaltag/team":"analytics"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::team-bucket/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":["data","analytics"]}}}]}"#,
    },
    Case {
        code: "INVALID_CONDITION_KEY_FORMAT",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Condition.StringEquals.username",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ChangePassword","Resource":"*","Condition":{"StringEquals":{"username":"alice"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ChangePassword","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"}}}]}"#,
    },
    Case {
        code: "MISSING_TAG_KEY_IN_CONDITION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringEquals["aws:ResourceTag/"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances"],"Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*","Condition":{"StringEquals":{"aws:ResourceTag/":"dev"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances"],"Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*","Condition":{"StringEquals":{"aws:ResourceTag/environment":"dev"}}}]}"#,
    },
    Case {
        code: "MISSING_TAG_KEY_IN_CONDITION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringEquals["aws:RequestTag"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag":"dev"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/environment":"dev"}}}]}"#,
    },
    Case {
        code: "EMPTY_ARRAY_CONDITION",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: r#"Statement[0].Condition.StringEquals["aws:PrincipalOrgID"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":[]}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-a1b2c3d4e5"]}}}]}"#,
    },
    Case {
        code: "EMPTY_ARRAY_CONDITION_FORALLVALUES",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: r#"Statement[0].Condition["ForAllValues:StringEquals"]["aws:TagKeys"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":[]}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}}]}"#,
    },
    Case {
        code: "EMPTY_ARRAY_CONDITION_FORANYVALUE",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: r#"Statement[0].Condition["ForAnyValue:StringEquals"]["aws:TagKeys"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:DeleteTags","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":[]}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:DeleteTags","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["cost-center"]}}}]}"#,
    },
    Case {
        code: "EMPTY_ARRAY_CONDITION_IFEXISTS",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: r#"Statement[0].Condition.StringEqualsIfExists["aws:RequestedRegion"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:RequestedRegion":[]}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}]}"#,
    },
    Case {
        code: "INVALID_CONDITION_DATA_TYPE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition["ForAnyValue:StringEquals"]["aws:TagKeys"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:DeleteTags","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["cost-center",2024]}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:DeleteTags","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["cost-center","2024"]}}}]}"#,
    },
    Case {
        code: "INVALID_CONDITION_DATA_TYPE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.Null["aws:TokenIssueTime"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Null":{"aws:TokenIssueTime":"yes"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Null":{"aws:TokenIssueTime":"true"}}}]}"#,
    },
    Case {
        code: "INVALID_CONDITION_MULTIPLE_BOOLEAN",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.Bool["aws:SecureTransport"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"Bool":{"aws:SecureTransport":["true","false"]}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"Bool":{"aws:SecureTransport":["true"]}}}]}"#,
    },
    Case {
        code: "REDUNDANT_CONDITION_VALUE_NUM",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: r#"Statement[0].Condition.NumericLessThan["aws:MultiFactorAuthAge"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::123456789012:user/${aws:username}","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":["3600","7200"]}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::123456789012:user/${aws:username}","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":["3600"]}}}]}"#,
    },
    Case {
        code: "INVALID_VARIABLE_FOR_OPERATOR",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.NumericLessThanEquals["s3:max-keys"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports-bucket","Condition":{"NumericLessThanEquals":{"s3:max-keys":"${aws:PrincipalTag/max-keys}"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports-bucket","Condition":{"NumericLessThanEquals":{"s3:max-keys":"100"}}}]}"#,
    },
    Case {
        code: "MISSING_BRACE_IN_VARIABLE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringLike["s3:prefix"][1]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::home-bucket","Condition":{"StringLike":{"s3:prefix":["","home/${aws:username/*"]}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::home-bucket","Condition":{"StringLike":{"s3:prefix":["","home/${aws:username}/*"]}}}]}"#,
    },
    Case {
        code: "TYPE_MISMATCH_BOOLEAN",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: r#"Statement[0].Condition.Bool["aws:SecureTransport"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#,
    },
    Case {
        code: "TYPE_MISMATCH_NUMBER",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: r#"Statement[0].Condition.NumericLessThan["aws:MultiFactorAuthAge"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"1h"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}]}"#,
    },
    // Rust's `f64` parser accepts `inf`, `infinity` and `NaN`; IAM numbers are decimal.
    Case {
        code: "TYPE_MISMATCH_NUMBER",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: r#"Statement[0].Condition.NumericLessThanEquals["s3:max-keys"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports-bucket","Condition":{"NumericLessThanEquals":{"s3:max-keys":"infinity"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports-bucket","Condition":{"NumericLessThanEquals":{"s3:max-keys":"1000"}}}]}"#,
    },
    Case {
        code: "TYPE_MISMATCH_DATE",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: r#"Statement[0].Condition.DateLessThan["aws:CurrentTime"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::audit-2026/*","Condition":{"DateLessThan":{"aws:CurrentTime":"31/12/2026"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::audit-2026/*","Condition":{"DateLessThan":{"aws:CurrentTime":"2026-12-31T23:59:59Z"}}}]}"#,
    },
    Case {
        code: "TYPE_MISMATCH_STRING",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: r#"Statement[0].Condition.BinaryEquals["s3:x-amz-server-side-encryption-customer-key-MD5"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::vault-bucket/*","Condition":{"BinaryEquals":{"s3:x-amz-server-side-encryption-customer-key-MD5":"not base64!"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::vault-bucket/*","Condition":{"BinaryEquals":{"s3:x-amz-server-side-encryption-customer-key-MD5":"QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}}}]}"#,
    },
    Case {
        code: "TYPE_MISMATCH_IP_RANGE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.IpAddress["aws:SourceIp"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/33"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#,
    },
    Case {
        code: "PRIVATE_IP_ADDRESS",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.IpAddress["aws:SourceIp"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"IpAddress":{"aws:SourceIp":"10.20.0.0/16"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"IpAddress":{"aws:SourceIp":"198.51.100.0/24"}}}]}"#,
    },
    Case {
        code: "PRIVATE_NOT_IP_ADDRESS",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.NotIpAddress["aws:SourceIp"][1]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","172.16.0.0/12"]}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}}]}"#,
    },
    Case {
        code: "WILDCARD_WITHOUT_LIKE_OPERATOR",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: r#"Statement[0].Condition.StringEquals["s3:prefix"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports-bucket","Condition":{"StringEquals":{"s3:prefix":"2026/*"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports-bucket","Condition":{"StringLike":{"s3:prefix":"2026/*"}}}]}"#,
    },
    // The classic home-folder mistake: a value with a policy variable must be checked too.
    Case {
        code: "WILDCARD_WITHOUT_LIKE_OPERATOR",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: r#"Statement[0].Condition.StringEquals["s3:prefix"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::home-bucket","Condition":{"StringEquals":{"s3:prefix":"home/${aws:username}/*"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::home-bucket","Condition":{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}}]}"#,
    },
];

#[test]
fn condition_codes() {
    run("conditions", CONDITIONS, &Options::default(), true);
}

// ---------------------------------------------------------------------------------------------
// Security lints.
// ---------------------------------------------------------------------------------------------

const SECURITY: &[Case<'static>] = &[
    Case {
        code: "ALLOW_WITH_NOT_ACTION",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].NotAction",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}]}"#,
    },
    Case {
        code: "ALLOW_WITH_NOT_ACTION",
        kind: S3_BUCKET,
        severity: SecurityWarning,
        path: "Statement[0].NotAction",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"NotAction":"s3:DeleteBucket","Resource":"arn:aws:s3:::shared-datasets"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::shared-datasets"}]}"#,
    },
    Case {
        code: "ALLOW_WITH_NOT_RESOURCE",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].NotResource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":["arn:aws:s3:::audit-logs","arn:aws:s3:::audit-logs/*"]}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::audit-logs","arn:aws:s3:::audit-logs/*"]}]}"#,
    },
    Case {
        code: "FULL_ADMIN_ACCESS",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    },
    Case {
        code: "FULL_ADMIN_ACCESS",
        kind: S3_BUCKET,
        severity: SecurityWarning,
        path: "Statement[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"*","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
    },
    Case {
        code: "ASSUME_ROLE_ON_STAR",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::333333333333:role/admin"}]}"#,
    },
    // A wildcard that reaches sts:AssumeRole grants it on every role just the same.
    Case {
        code: "ASSUME_ROLE_ON_STAR",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:*","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:*","Resource":"arn:aws:iam::333333333333:role/admin"}]}"#,
    },
    // iam:PassRole on every resource (Access Analyzer's six shapes).
    Case {
        code: "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:RunInstances","iam:Pass*"],"Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:RunInstances","iam:Pass*"],"Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]}"#,
    },
    Case {
        code: "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/ecs-task-*"}]}"#,
    },
    Case {
        code: "PASS_ROLE_WITH_NOT_RESOURCE",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].NotResource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::123456789012:role/admin"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::123456789012:role/admin","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}]}"#,
    },
    Case {
        code: "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].NotResource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","NotResource":"arn:aws:iam::123456789012:role/admin"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Get*","NotResource":"arn:aws:iam::123456789012:role/admin"}]}"#,
    },
    Case {
        code: "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].NotResource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","NotResource":"arn:aws:s3:::audit-logs/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["s3:*","iam:PassRole"],"NotResource":"arn:aws:s3:::audit-logs/*"}]}"#,
    },
    Case {
        code: "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["s3:*","iam:PassRole"],"Resource":"*"}]}"#,
    },
    // iam:CreateServiceLinkedRole on every resource.
    Case {
        code: "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateService*","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateService*","Resource":"*","Condition":{"StringEquals":{"iam:AWSServiceName":"elasticloadbalancing.amazonaws.com"}}}]}"#,
    },
    Case {
        code: "CREATE_SLR_WITH_STAR_IN_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"arn:aws:iam::*:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing"}]}"#,
    },
    Case {
        code: "CREATE_SLR_WITH_NOT_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].NotResource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","NotResource":"arn:aws:iam::*:role/aws-service-role/support.amazonaws.com/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","NotResource":"arn:aws:iam::*:role/aws-service-role/support.amazonaws.com/*","Condition":{"StringEquals":{"iam:AWSServiceName":"autoscaling.amazonaws.com"}}}]}"#,
    },
    Case {
        code: "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].NotResource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Create*","NotResource":"arn:aws:iam::*:role/aws-service-role/support.amazonaws.com/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateRole","NotResource":"arn:aws:iam::*:role/aws-service-role/support.amazonaws.com/*"}]}"#,
    },
    Case {
        code: "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].NotResource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","NotResource":"arn:aws:s3:::audit-logs/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["s3:*","iam:CreateServiceLinkedRole"],"NotResource":"arn:aws:s3:::audit-logs/*"}]}"#,
    },
    Case {
        code: "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["s3:*","iam:*"],"Resource":"*"}]}"#,
    },
    Case {
        code: "PRIVILEGE_ESCALATION_ON_STAR",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:AttachUserPolicy","iam:PutUserPolicy"],"Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:AttachUserPolicy","iam:PutUserPolicy"],"Resource":"arn:aws:iam::123456789012:user/${aws:username}"}]}"#,
    },
    Case {
        code: "CREDENTIALS_EXPOSURE_ON_STAR",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders-db-*"}]}"#,
    },
    Case {
        code: "TRUST_WITHOUT_CONDITION",
        kind: PolicyKind::Trust,
        severity: SecurityWarning,
        path: "Statement[0].Principal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"vendor-4f2a9c"}}}]}"#,
    },
    Case {
        code: "TRUST_WITHOUT_CONDITION",
        kind: PolicyKind::Trust,
        severity: SecurityWarning,
        path: "Statement[0].Principal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
    },
    Case {
        code: "MFA_BYPASS_WITH_IF_EXISTS",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: r#"Statement[0].Condition.BoolIfExists["aws:MultiFactorAuthPresent"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StopInstances","ec2:TerminateInstances"],"Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StopInstances","ec2:TerminateInstances"],"Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    },
    Case {
        code: "MFA_DENY_MISSES_LONG_TERM_CREDENTIALS",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: r#"Statement[0].Condition.Bool["aws:MultiFactorAuthPresent"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#,
    },
    Case {
        code: "MFA_DENY_MISSES_SESSIONS_WITHOUT_MFA",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: r#"Statement[0].Condition.Null["aws:MultiFactorAuthPresent"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyStopAndTerminateWithoutMFA","Effect":"Deny","Action":["ec2:StopInstances","ec2:TerminateInstances"],"Resource":"*","Condition":{"Null":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyStopAndTerminateWithoutMFA","Effect":"Deny","Action":["ec2:StopInstances","ec2:TerminateInstances"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#,
    },
    Case {
        code: "EXTERNAL_ID_WITH_LIKE_OPERATOR",
        kind: PolicyKind::Trust,
        severity: SecurityWarning,
        path: r#"Statement[0].Condition.StringLike["sts:ExternalId"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"vendor-*"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"vendor-4f2a9c"}}}]}"#,
    },
];

#[test]
fn security_codes() {
    run("security", SECURITY, &Options::default(), true);
}

// ---------------------------------------------------------------------------------------------
// Catalog checks: actions and service prefixes, resource ARNs against the resource types of the
// service, action↔resource matching, condition keys and their types, trust-policy actions.
// ---------------------------------------------------------------------------------------------

const CATALOG: &[Case<'static>] = &[
    // Actions.
    Case {
        code: "INVALID_ACTION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Action[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObjekt","s3:PutObject"],"Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    // A wildcard that matches no action would grant nothing (pitfall 26).
    Case {
        code: "INVALID_ACTION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Action[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:Frobnicate*"],"Resource":"arn:aws:s3:::reports-bucket"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:ListBucketVersions"],"Resource":"arn:aws:s3:::reports-bucket"}]}"#,
    },
    Case {
        code: "INVALID_ACTION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Action",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    // A resource-type name is not an action (pitfall 29).
    Case {
        code: "INVALID_ACTION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Action",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:instance","Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*"}]}"#,
    },
    Case {
        code: "INVALID_SERVICE_IN_ACTION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Action[0]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dyanmodb:PutItem","dynamodb:GetItem"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:PutItem","dynamodb:GetItem"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}]}"#,
    },
    Case {
        code: "RCP_SYNTAX_ERROR_ACTION",
        kind: PolicyKind::ResourceControl,
        severity: Error,
        path: "Statement[0].Action[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"EnforceTls","Effect":"Deny","Principal":"*","Action":["s3:*","ec2:*"],"Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"EnforceTls","Effect":"Deny","Principal":"*","Action":["s3:*","sqs:*"],"Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#,
    },
    // Resource ARNs against the service's resource types.
    Case {
        code: "INVALID_ARN_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:tabel/Orders"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}]}"#,
    },
    // S3 bucket ARNs have neither Region nor account, although other S3 resource types
    // (access points, Storage Lens) have both.
    Case {
        code: "ARN_REGION_NOT_ALLOWED",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:us-east-1::reports-bucket"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports-bucket"}]}"#,
    },
    Case {
        code: "ARN_REGION_NOT_ALLOWED",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam:us-east-1:123456789012:role/ecs-task","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/ecs-task","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}"#,
    },
    Case {
        code: "MISSING_ARN_REGION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:SendMessage","sqs:GetQueueUrl"],"Resource":"arn:aws:sqs::123456789012:orders"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:SendMessage","sqs:GetQueueUrl"],"Resource":"arn:aws:sqs:us-east-1:123456789012:orders"}]}"#,
    },
    Case {
        code: "ARN_ACCOUNT_NOT_ALLOWED",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3::123456789012:reports-bucket"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports-bucket"}]}"#,
    },
    Case {
        code: "ARN_ACCOUNT_NOT_ALLOWED",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"route53:ChangeResourceRecordSets","Resource":"arn:aws:route53::123456789012:hostedzone/Z0123456789ABCDEFGHIJ"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"route53:ChangeResourceRecordSets","Resource":"arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"}]}"#,
    },
    // Object actions on the bucket ARN: the statement grants nothing on that resource.
    Case {
        code: "RESOURCE_MISMATCH",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::reports-bucket"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::reports-bucket/*"}]}"#,
    },
    Case {
        code: "RESOURCE_MISMATCH",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].Resource[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::reports-bucket","arn:aws:s3:::reports-bucket/*"]}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":["arn:aws:s3:::reports-bucket","arn:aws:s3:::reports-bucket/*"]}]}"#,
    },
    // No action of the statement takes any resource of the ARN's service.
    Case {
        code: "RESOURCE_SERVICE_MISMATCH",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadOrders","Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::orders-export/*","arn:aws:dynamodb:us-east-1:123456789012:table/Orders"]}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadOrders","Effect":"Allow","Action":["s3:GetObject","dynamodb:GetItem"],"Resource":["arn:aws:s3:::orders-export/*","arn:aws:dynamodb:us-east-1:123456789012:table/Orders"]}]}"#,
    },
    // Condition keys.
    Case {
        code: "INVALID_GLOBAL_CONDITION_KEY",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringNotEquals["aws:SoruceVpc"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideVpc","Effect":"Deny","Action":"s3:*","Resource":["arn:aws:s3:::reports-bucket","arn:aws:s3:::reports-bucket/*"],"Condition":{"StringNotEquals":{"aws:SoruceVpc":"vpc-1a2b3c4d"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideVpc","Effect":"Deny","Action":"s3:*","Resource":["arn:aws:s3:::reports-bucket","arn:aws:s3:::reports-bucket/*"],"Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-1a2b3c4d"}}}]}"#,
    },
    // Keys are case-insensitive: `aws:SourceIP` is `aws:SourceIp`, and must not be flagged.
    Case {
        code: "INVALID_GLOBAL_CONDITION_KEY",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.IpAddress["aws:SourceIPs"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"IpAddress":{"aws:SourceIPs":"203.0.113.0/24"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"IpAddress":{"aws:SourceIP":"203.0.113.0/24"}}}]}"#,
    },
    Case {
        code: "INVALID_SERVICE",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringEquals["ksm:ViaService"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab","Condition":{"StringEquals":{"ksm:ViaService":"s3.us-east-1.amazonaws.com"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}"#,
    },
    Case {
        code: "INVALID_SERVICE_CONDITION_KEY",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringNotEquals["s3:x-amz-server-side-encryption-aws-kms-key"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyOtherKmsKeys","Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyOtherKmsKeys","Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}}]}"#,
    },
    Case {
        code: "DEPRECATED_GLOBAL_CONDITION_KEY",
        kind: S3_BUCKET,
        severity: Warning,
        path: r#"Statement[0].Condition.ArnEquals["aws:ARN"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"AWSCloudTrailWrite","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::trail-bucket/AWSLogs/123456789012/*","Condition":{"ArnEquals":{"aws:ARN":"arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"AWSCloudTrailWrite","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::trail-bucket/AWSLogs/123456789012/*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events"}}}]}"#,
    },
    // A String key (a principal tag) compared with a Date operator.
    Case {
        code: "TYPE_MISMATCH",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: r#"Statement[0].Condition.DateLessThan["aws:PrincipalTag/access-expires"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"DateLessThan":{"aws:PrincipalTag/access-expires":"2026-12-31T00:00:00Z"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"DateLessThan":{"aws:CurrentTime":"2026-12-31T00:00:00Z"}}}]}"#,
    },
    Case {
        code: "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
        kind: S3_BUCKET,
        severity: SecurityWarning,
        path: r#"Statement[0].Condition.StringNotLike["aws:PrincipalArn"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"OnlyAdminsDelete","Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::reports-bucket","Condition":{"StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/admin-*"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"OnlyAdminsDelete","Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::reports-bucket","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/admin-*"}}}]}"#,
    },
    Case {
        code: "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: r#"Statement[0].Condition.StringLike["aws:PrincipalArn"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/ops-*"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/ops-*"}}}]}"#,
    },
    Case {
        code: "MISSING_QUALIFIER",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringEquals["aws:TagKeys"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*","Condition":{"StringEquals":{"aws:TagKeys":["environment","cost-center"]}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}}]}"#,
    },
    // Pitfall 40: `ForAllValues` on a single-valued key is true when the key is absent.
    Case {
        code: "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
        kind: S3_BUCKET,
        severity: SecurityWarning,
        path: r#"Statement[0].Condition["ForAllValues:StringEquals"]["aws:PrincipalOrgID"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"OrgRead","Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*","Condition":{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"OrgRead","Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
    },
    // `s3:x-amz-acl` is evaluated for uploads, not for listing the bucket.
    Case {
        code: "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringEquals["s3:x-amz-acl"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"UploadWithOwnerControl","Effect":"Allow","Action":["s3:PutObject","s3:ListBucket"],"Resource":["arn:aws:s3:::reports-bucket","arn:aws:s3:::reports-bucket/*"],"Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Sid":"UploadWithOwnerControl","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}}]}"#,
    },
    // Trust-policy actions.
    Case {
        code: "UNSUPPORTED_ACTION_IN_POLICY",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Action[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":["sts:AssumeRole","s3:GetObject"],"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    },
    Case {
        code: "MISMATCHED_ACTION_FOR_PRINCIPAL",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Action",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/Okta"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}"#,
    },
    Case {
        code: "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
        kind: PolicyKind::Trust,
        severity: Error,
        path: "Statement[0].Action",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":["sts:AssumeRole","sts:SetSourceIdentity","sts:TagSession"],"Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"}}}]}"#,
    },
];

/// Value formats of well-known keys, IP ranges, service and web-identity principals, DynamoDB.
const MORE: &[Case<'static>] = &[
    Case {
        code: "IMPROVE_IP_RANGE",
        kind: PolicyKind::Identity,
        severity: Suggestion,
        path: r#"Statement[0].Condition.NotIpAddress["aws:SourceIp"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.7/24"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#,
    },
    Case {
        code: "INVALID_REGION",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringNotEquals["aws:RequestedRegion"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#,
    },
    Case {
        code: "INVALID_VPC_FORMAT",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringNotEquals["aws:SourceVpc"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-main"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-1a2b3c4d"}}}]}"#,
    },
    Case {
        code: "INVALID_VPCE_FORMAT",
        kind: PolicyKind::Identity,
        severity: Error,
        path: r#"Statement[0].Condition.StringNotEquals["aws:SourceVpce"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-12"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#,
    },
    Case {
        code: "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
        kind: S3_BUCKET,
        severity: SecurityWarning,
        path: "Statement[0].Principal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::trail-bucket/AWSLogs/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::trail-bucket/AWSLogs/*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}"#,
    },
    Case {
        code: "MISSING_GITHUB_REPO_CONDITION_KEY",
        kind: PolicyKind::Trust,
        severity: SecurityWarning,
        path: "Statement[0].Principal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/octo-repo:*"}}}]}"#,
    },
    Case {
        code: "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
        kind: PolicyKind::Trust,
        severity: SecurityWarning,
        path: "Statement[0].Principal",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123:aud":"sts.amazonaws.com"}}}]}"#,
    },
    Case {
        code: "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: r#"Statement[0].Condition["ForAllValues:StringEquals"]["dynamodb:Attributes"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:eu-west-1:123456789012:table/Scores","Condition":{"ForAllValues:StringEquals":{"dynamodb:Attributes":["UserId","Score"]}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:eu-west-1:123456789012:table/Scores","Condition":{"ForAllValues:StringEquals":{"dynamodb:Attributes":["UserId","Score"]},"StringEqualsIfExists":{"dynamodb:Select":"SPECIFIC_ATTRIBUTES"}}}]}"#,
    },
];

/// Rules matched to the findings IAM Access Analyzer returned (or did not return) on recorded
/// policies: resource policies of a known resource type, trust statements sent as plain
/// resource policies, retired services, ARN field counts, and the conditions that do or do not
/// narrow `iam:PassRole` and `iam:CreateServiceLinkedRole` on `*`.
const ACCESS_ANALYZER: &[Case<'static>] = &[
    Case {
        code: "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/auditor"},"Action":"s3:GetObject","Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/auditor"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::ledger-exports/*"}]}"#,
    },
    Case {
        code: "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0].Resource[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/auditor"},"Action":"s3:GetObject","Resource":["arn:aws:s3:::ledger-exports/*","arn:aws:kms:eu-west-1:210987654321:key/1a2b3c4d-0000-4000-8000-123456789abc"]}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/auditor"},"Action":"s3:GetObject","Resource":["arn:aws:s3:::ledger-exports/*","arn:aws:s3:::ledger-exports"]}]}"#,
    },
    Case {
        code: "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
        kind: S3_ACCESS_POINT,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/uploader"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::media-inbox/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/uploader"},"Action":"s3:PutObject","Resource":"arn:aws:s3:eu-west-1:210987654321:accesspoint/media/object/*"}]}"#,
    },
    Case {
        code: "UNSUPPORTED_ACTION_IN_POLICY",
        kind: S3_BUCKET,
        severity: Error,
        path: "Statement[0].Action[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/auditor"},"Action":["s3:GetObject","kms:Decrypt"],"Resource":"arn:aws:s3:::ledger-exports/*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/auditor"},"Action":["s3:GetObject","s3:GetObjectVersion"],"Resource":"arn:aws:s3:::ledger-exports/*"}]}"#,
    },
    Case {
        code: "MISSING_ARN_FIELD",
        kind: PolicyKind::Identity,
        severity: Error,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"placeholderArn"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::placeholder/*"}]}"#,
    },
    Case {
        code: "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        kind: PolicyKind::Identity,
        severity: SecurityWarning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEqualsIfExists":{"iam:PassedToService":"states.amazonaws.com"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"states.amazonaws.com"}}}]}"#,
    },
    Case {
        code: "CREATE_SLR_WITH_STAR_IN_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*","Condition":{"StringLike":{"iam:AWSServiceName":"*.amazonaws.com"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*","Condition":{"StringLike":{"iam:AWSServiceName":"opensearchservice.amazonaws.com"}}}]}"#,
    },
    Case {
        code: "RETIRED_SERVICE",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].Action[1]",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iot:ListThings","deeplens:ListDevices"],"Resource":"*"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iot:ListThings","iot:ListThingTypes"],"Resource":"*"}]}"#,
    },
    Case {
        code: "ARN_MATCHES_NO_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"states:StartExecution","Resource":"arn:aws:states:eu-west-1:210987654321:statemachine:nightly-etl"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"states:StartExecution","Resource":"arn:aws:states:eu-west-1:210987654321:stateMachine:nightly-etl"}]}"#,
    },
    Case {
        code: "ARN_MATCHES_NO_RESOURCE",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: "Statement[0].Resource",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudformation:DescribeStacks","Resource":"arn:aws:cloudformation:eu-west-1:210987654321:stack/web-tier"}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudformation:DescribeStacks","Resource":"arn:aws:cloudformation:eu-west-1:210987654321:stack/web-tier/*"}]}"#,
    },
    Case {
        code: "MISMATCHED_ACTION_FOR_PRINCIPAL",
        kind: UNTYPED_RESOURCE,
        severity: Error,
        path: "Statement[0].Action",
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"accounts.google.com:aud":"1234567890-abc.apps.googleusercontent.com"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"accounts.google.com:aud":"1234567890-abc.apps.googleusercontent.com"}}}]}"#,
    },
    Case {
        code: "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        kind: PolicyKind::Trust,
        severity: Error,
        path: r#"Statement[0].Condition.StringEquals["graph.facebook.com:app_id"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"graph.facebook.com"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{"StringEquals":{"graph.facebook.com:app_id":"112233445566"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"graph.facebook.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"graph.facebook.com:app_id":"112233445566"}}}]}"#,
    },
    Case {
        code: "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        kind: PolicyKind::Identity,
        severity: Warning,
        path: r#"Statement[0].Condition.StringEquals["ec2:ResourceTag/team"]"#,
        failing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StopInstances","ec2:DescribeInstances"],"Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/team":"payments"}}}]}"#,
        passing: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StopInstances","ec2:StartInstances"],"Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/team":"payments"}}}]}"#,
    },
];

#[test]
fn access_analyzer_codes() {
    run(
        "access-analyzer",
        ACCESS_ANALYZER,
        &Options::default(),
        true,
    );
}

fn errors(report: &Report) -> Vec<(&'static str, String)> {
    report
        .findings
        .iter()
        .filter(|finding| finding.severity == Error)
        .map(|finding| (finding.code, finding.path.to_string()))
        .collect()
}

/// What Access Analyzer accepts is not an error: ARNs that name a resource type's keyword but fit
/// none of its formats (a warning), a trust statement sent as a plain resource policy (no
/// `Resource`, a federated principal), API Gateway's `execute-api:/` shorthand in a REST API
/// policy, and actions of retired services (a warning). A misspelt keyword still is an error.
#[test]
fn access_analyzer_accepts_these_without_errors() {
    let identity = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["states:DescribeStateMachine","cloudformation:DescribeStacks","config:DescribeConfigRules","codestar:ListProjects","evidently:ListProjects"],"Resource":["arn:aws:states:*:*:statemachine:*etl*","arn:aws:cloudformation:*:*:stack/web-tier","arn:aws:config:*:*::config-rule/*"]}]}"#;
    let report = validate_text(identity, &PolicyKind::Identity, &Options::default());
    assert_eq!(errors(&report), vec![], "{}", describe(&report.findings));
    assert_eq!(report.with_code("RETIRED_SERVICE").count(), 2);
    assert_eq!(report.with_code("ARN_MATCHES_NO_RESOURCE").count(), 3);

    let misspelt = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"states:DescribeStateMachine","Resource":"arn:aws:states:eu-west-1:210987654321:statemachin:etl"}]}"#;
    let report = validate_text(misspelt, &PolicyKind::Identity, &Options::default());
    assert_eq!(
        errors(&report),
        vec![("INVALID_ARN_RESOURCE", "Statement[0].Resource".to_owned())]
    );

    let untyped = PolicyKind::Resource {
        resource_type: None,
    };
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"eu-west-1:11111111-2222-3333-4444-555555555555"}}}]}"#;
    let report = validate_text(trust, &untyped, &Options::default());
    assert_eq!(errors(&report), vec![], "{}", describe(&report.findings));
    // The same statement with another action is no trust statement: it needs a `Resource`,
    // and a federated principal is out of place.
    let queue = trust.replace("sts:AssumeRoleWithWebIdentity", "sqs:SendMessage");
    let report = validate_text(&queue, &untyped, &Options::default());
    let codes: Vec<&str> = errors(&report).into_iter().map(|(code, _)| code).collect();
    assert!(codes.contains(&"MISSING_RESOURCE"), "{codes:?}");
    assert!(
        codes.contains(&"FEDERATED_PRINCIPAL_NOT_SUPPORTED"),
        "{codes:?}"
    );

    let rest_api = PolicyKind::for_resource_type("AWS::ApiGateway::RestApi").unwrap();
    let api = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/orders"}]}"#;
    let report = validate_text(api, &rest_api, &Options::default());
    assert_eq!(errors(&report), vec![], "{}", describe(&report.findings));
    let report = validate_text(api, &untyped, &Options::default());
    assert_eq!(
        errors(&report),
        vec![("MISSING_ARN_FIELD", "Statement[0].Resource".to_owned())]
    );
}

/// Since 15 May 2026 an SCP may have 10,240 characters (whitespace counted); RCPs keep 5,120.
#[test]
fn scp_quota_is_10240_characters_since_may_2026() {
    let scp_of = |target: usize| {
        let head = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalArn":""#;
        let tail = r#""}}}]}"#;
        format!(
            "{head}{}{tail}",
            "x".repeat(target - head.len() - tail.len())
        )
    };
    let quota_findings = |text: &str| {
        validate_text(text, &PolicyKind::ServiceControl, &Options::default())
            .with_code("POLICY_SIZE_EXCEEDS_SCP_QUOTA")
            .count()
    };
    assert_eq!(quota_findings(&scp_of(6_000)), 0);
    assert_eq!(quota_findings(&scp_of(10_240)), 0);
    assert_eq!(quota_findings(&scp_of(10_241)), 1);
}

#[test]
fn more_codes() {
    run("more", MORE, &Options::default(), true);
}

#[test]
fn catalog_codes() {
    run("catalog", CATALOG, &Options::default(), true);
}

/// Unknown names come with the closest catalog name as help, and names that differ only in case
/// (IAM compares action names and condition keys case-insensitively) are not flagged.
#[test]
fn catalog_findings_suggest_the_intended_name() {
    let identity = |action: &str, condition: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"{condition}}}]}}"#
        )
    };
    let cases = [
        (
            identity("s3:GetObjekt", ""),
            "INVALID_ACTION",
            "did you mean `s3:GetObject`?",
        ),
        (
            identity("dyanmodb:PutItem", ""),
            "INVALID_SERVICE_IN_ACTION",
            "did you mean `dynamodb:PutItem`?",
        ),
        (
            identity(
                "ec2:RunInstances",
                r#","Condition":{"StringEquals":{"aws:SoruceVpc":"vpc-1a2b3c4d"}}"#,
            ),
            "INVALID_GLOBAL_CONDITION_KEY",
            "did you mean `aws:SourceVpc`?",
        ),
        (
            identity(
                "kms:Decrypt",
                r#","Condition":{"StringEquals":{"ksm:ViaService":"s3.us-east-1.amazonaws.com"}}"#,
            ),
            "INVALID_SERVICE",
            "did you mean `kms`?",
        ),
        (
            identity(
                "s3:PutObject",
                r#","Condition":{"StringEquals":{"s3:x-amz-server-side-encryption-aws-kms-key":"k"}}"#,
            ),
            "INVALID_SERVICE_CONDITION_KEY",
            "did you mean `s3:x-amz-server-side-encryption-aws-kms-key-id`?",
        ),
    ];
    for (text, code, help) in &cases {
        let report = validate_text(text, &PolicyKind::Identity, &Options::default());
        let finding = report
            .with_code(code)
            .next()
            .unwrap_or_else(|| panic!("{code} expected for {text}:{}", describe(&report.findings)));
        assert_eq!(finding.help.as_deref(), Some(*help), "{text}");
    }

    let catalog_codes: Vec<&str> = CATALOG.iter().map(|case| case.code).collect();
    for (action, key) in [
        ("s3:GetObject", "aws:SourceIP"),
        ("S3:getobject", "AWS:sourceip"),
        ("s3:GETOBJECT", "aws:SOURCEIP"),
    ] {
        let text = identity(
            action,
            &format!(r#","Condition":{{"IpAddress":{{"{key}":"203.0.113.0/24"}}}}"#),
        );
        let report = validate_text(&text, &PolicyKind::Identity, &Options::default());
        let flagged: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|finding| catalog_codes.contains(&finding.code))
            .collect();
        assert!(flagged.is_empty(), "{text}:{}", describe(&report.findings));
    }
}

// ---------------------------------------------------------------------------------------------
// Size quotas (documents generated to straddle each quota).
// ---------------------------------------------------------------------------------------------

/// `count` distinct S3 object ARNs as a JSON array body: `"arn:aws:s3:::example-logs-0000/*",...`.
fn bucket_arns(count: usize) -> String {
    (0..count)
        .map(|index| format!("\"arn:aws:s3:::example-logs-{index:04}/*\""))
        .collect::<Vec<_>>()
        .join(",")
}

/// `count` distinct role ARNs in the JUMP account as a JSON array body.
fn role_arns(count: usize) -> String {
    (0..count)
        .map(|index| format!("\"arn:aws:iam::111111111111:role/deploy-{index:03}\""))
        .collect::<Vec<_>>()
        .join(",")
}

fn identity_with_buckets(count: usize) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"ReadLogs","Effect":"Allow","Action":"s3:GetObject","Resource":[{}]}}]}}"#,
        bucket_arns(count)
    )
}

fn trust_with_roles(count: usize) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":[{}]}},"Action":"sts:AssumeRole","Condition":{{"Bool":{{"aws:MultiFactorAuthPresent":"true"}}}}}}]}}"#,
        role_arns(count)
    )
}

fn scp_with_buckets(count: usize) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"ProtectLogs","Effect":"Deny","Action":["s3:DeleteObject","s3:PutLifecycleConfiguration"],"Resource":[{}]}}]}}"#,
        bucket_arns(count)
    )
}

fn rcp_with_buckets(count: usize) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"LogsStayInOrg","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":[{}],"Condition":{{"StringNotEqualsIfExists":{{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}},"BoolIfExists":{{"aws:PrincipalIsAWSService":"false"}}}}}}]}}"#,
        bucket_arns(count)
    )
}

fn bucket_policy_with_objects(count: usize) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"CrossAccountRead","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::444455556666:role/analytics"}},"Action":"s3:GetObject","Resource":[{}]}}]}}"#,
        bucket_arns(count)
    )
}

/// Asserts that the generated documents sit on either side of `quota`.
fn assert_straddles(failing: &str, passing: &str, rule: SizeRule, quota: usize) {
    let (over, under) = (text_size(failing, rule), text_size(passing, rule));
    assert!(
        over > quota && under <= quota,
        "generated sizes {over} and {under} do not straddle the quota {quota}"
    );
}

#[test]
fn size_codes() {
    let identity = (identity_with_buckets(175), identity_with_buckets(165));
    let trust = (trust_with_roles(50), trust_with_roles(42));
    let scp = (scp_with_buckets(290), scp_with_buckets(285));
    let rcp = (rcp_with_buckets(145), rcp_with_buckets(135));
    let bucket = (
        bucket_policy_with_objects(590),
        bucket_policy_with_objects(560),
    );
    let ignore = SizeRule::IgnoreWhitespace;
    let every = SizeRule::CountEverything;
    assert_straddles(&identity.0, &identity.1, ignore, quotas::MANAGED_POLICY);
    assert_straddles(&trust.0, &trust.1, ignore, quotas::ROLE_TRUST_POLICY);
    assert_straddles(&scp.0, &scp.1, every, quotas::SERVICE_CONTROL_POLICY);
    assert_straddles(&rcp.0, &rcp.1, every, quotas::RESOURCE_CONTROL_POLICY);
    // S3 bucket policies may be 20 KB; resource policy quotas differ per service, so the
    // validator checks them only when given one.
    const BUCKET_POLICY_QUOTA: usize = 20_480;
    assert_straddles(&bucket.0, &bucket.1, ignore, BUCKET_POLICY_QUOTA);

    let cases = [
        Case {
            code: "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
            kind: PolicyKind::Identity,
            severity: Warning,
            path: "(document)",
            failing: &identity.0,
            passing: &identity.1,
        },
        Case {
            code: "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
            kind: PolicyKind::Trust,
            severity: Warning,
            path: "(document)",
            failing: &trust.0,
            passing: &trust.1,
        },
        Case {
            code: "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
            kind: PolicyKind::ServiceControl,
            severity: Error,
            path: "(document)",
            failing: &scp.0,
            passing: &scp.1,
        },
        Case {
            code: "POLICY_SIZE_EXCEEDS_RCP_QUOTA",
            kind: PolicyKind::ResourceControl,
            severity: Error,
            path: "(document)",
            failing: &rcp.0,
            passing: &rcp.1,
        },
    ];
    run("size", &cases, &Options::default(), true);

    let resource = [Case {
        code: "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
        kind: S3_BUCKET,
        severity: Warning,
        path: "(document)",
        failing: &bucket.0,
        passing: &bucket.1,
    }];
    let with_quota = Options {
        size_quota_override: Some(BUCKET_POLICY_QUOTA),
        ..Options::default()
    };
    run("size (resource)", &resource, &with_quota, true);
    // Without a quota for the resource type there is nothing to check.
    let report = validate_text(&bucket.0, &S3_BUCKET, &Options::default());
    assert_eq!(
        report
            .with_code("POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA")
            .count(),
        0
    );
}

// ---------------------------------------------------------------------------------------------
// Coverage: every code the validator emits has a case above.
// ---------------------------------------------------------------------------------------------

/// The codes the size test covers (its documents are generated, so it has no constant table).
const SIZE_CODES: &[Code] = &[
    codes::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
    codes::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA,
    codes::POLICY_SIZE_EXCEEDS_SCP_QUOTA,
    codes::POLICY_SIZE_EXCEEDS_RCP_QUOTA,
    codes::POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA,
];

/// The registry ([`codes::POLICY`]) lists every code a policy can get; each has a case above (a
/// failing and a passing document), with one at the code's default severity, and every case is
/// of a registered code.
#[test]
fn every_registered_code_has_a_case() {
    let tables = [
        PARSE,
        STRUCTURE,
        KINDS,
        PRINCIPALS,
        RESOURCES,
        CONDITIONS,
        SECURITY,
        CATALOG,
        MORE,
        ACCESS_ANALYZER,
    ];
    let cases: Vec<&Case<'_>> = tables.iter().flat_map(|table| table.iter()).collect();
    let registered = |code: &str| codes::POLICY.iter().any(|known| known.code == code);
    let unknown: Vec<&str> = cases
        .iter()
        .map(|case| case.code)
        .filter(|code| !registered(code))
        .collect();
    assert!(
        unknown.is_empty(),
        "cases for codes the registry does not have: {unknown:?}"
    );
    assert!(SIZE_CODES.iter().all(|code| registered(code.code)));
    let missing: Vec<&str> = codes::POLICY
        .iter()
        .filter(|code| !SIZE_CODES.contains(code))
        .filter(|code| !cases.iter().any(|case| case.code == code.code))
        .map(|code| code.code)
        .collect();
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
    // A check may report a code at another severity (an override it documents), but the
    // registry's default must be one some case shows.
    let default_unseen: Vec<String> = codes::POLICY
        .iter()
        .filter(|code| !SIZE_CODES.contains(code))
        .filter(|code| {
            !cases
                .iter()
                .any(|case| case.code == code.code && case.severity == code.severity)
        })
        .map(|code| format!("{} ({})", code.code, code.severity))
        .collect();
    assert!(
        default_unseen.is_empty(),
        "no case at the registry's default severity: {default_unseen:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Regressions of peer tools.
// ---------------------------------------------------------------------------------------------

fn code_paths(report: &Report) -> Vec<(&'static str, String)> {
    report
        .findings
        .iter()
        .map(|finding| (finding.code, finding.path.to_string()))
        .collect()
}

/// parliament stops at the first error (pitfall 17) and an early `return` inside its loop skips
/// later statements (pitfall 20): one report must hold every problem of every statement.
#[test]
fn all_findings_are_collected() {
    // Statements 0–2 each end some pass early for that statement (no condition, no resource,
    // `Deny`), so the problems after them show that later statements are still checked.
    let text = r#"{
  "Statement": [
    {
      "Sid": "DenyWithoutMfa",
      "Effect": "Deny",
      "NotAction": ["iam:ChangePassword", "iam:GetUser", "sts:GetSessionToken"],
      "Resource": "*",
      "Condition": {"Null": {"aws:MultiFactorAuthPresent": "true"}}
    },
    {
      "Sid": "Read-Reports",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:Get*"],
      "Resource": "arn:aws:S3:::reports-bucket/*"
    },
    {
      "Sid": "DescribeEverything",
      "Effect": "Allow",
      "Action": "ec2:Describe*"
    },
    {
      "Sid": "PassAnyRole",
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    },
    {
      "Sid": "FromTheOffice",
      "Effect": "Allow",
      "Action": "ec2:StartInstances",
      "Resource": "arn:aws:ec2:us-east-1:123456789012:instance/*",
      "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}
    },
    {
      "Sid": "SwitchToAnyRole",
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Resource": "*"
    }
  ]
}"#;
    let report = validate_text(text, &PolicyKind::Identity, &Options::default());
    let found = code_paths(&report);
    let expected = [
        ("MISSING_VERSION", "(document)"),
        (
            "MFA_DENY_MISSES_SESSIONS_WITHOUT_MFA",
            r#"Statement[0].Condition.Null["aws:MultiFactorAuthPresent"]"#,
        ),
        ("UNSUPPORTED_SID", "Statement[1].Sid"),
        ("REDUNDANT_ACTION", "Statement[1].Action[0]"),
        ("INVALID_ARN_SERVICE_CASE", "Statement[1].Resource"),
        ("MISSING_RESOURCE", "Statement[2]"),
        ("PASS_ROLE_WITH_STAR_IN_RESOURCE", "Statement[3].Resource"),
        (
            "PRIVATE_IP_ADDRESS",
            r#"Statement[4].Condition.IpAddress["aws:SourceIp"]"#,
        ),
        ("ASSUME_ROLE_ON_STAR", "Statement[5].Resource"),
    ];
    let missing: Vec<_> = expected
        .iter()
        .filter(|(code, path)| !found.iter().any(|(c, p)| c == code && p == path))
        .collect();
    assert!(
        missing.is_empty(),
        "missing {missing:?}; findings:{}",
        describe(&report.findings)
    );
    for finding in &report.findings {
        assert!(
            position_problem(text, &finding.path, finding.position).is_none(),
            "{} at {}: {:?}",
            finding.code,
            finding.path,
            position_problem(text, &finding.path, finding.position)
        );
    }

    // The parser, too, reports every structural error of every statement, not just the first.
    let text = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports-bucket/*"},
    {"Sid": "Write", "Effect": "Allow", "Resource": "arn:aws:s3:::reports-bucket/*"},
    {"Sid": "Tagged", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEqual": {"aws:ResourceTag/team": "data"}}},
    {"Sid": "Shared", "Effect": "Allow", "Principal": {"Aws": "444455556666"}, "Action": "s3:GetObject", "Resource": "*"},
    {"Sid": "Both", "Effect": "Deny", "Action": "s3:*", "NotAction": "s3:GetObject", "Resource": "*"}
  ],
  "Versoin": "2012-10-17"
}"#;
    let report = validate_text(text, &PolicyKind::Identity, &Options::default());
    let found = code_paths(&report);
    let expected = [
        ("INVALID_EFFECT", "Statement[0].Effect"),
        ("MISSING_ACTION", "Statement[1]"),
        (
            "INVALID_CONDITION_OPERATOR",
            "Statement[2].Condition.StringEqual",
        ),
        ("INVALID_PRINCIPAL_KEY", "Statement[3].Principal.Aws"),
        ("UNSUPPORTED_ELEMENT_COMBINATION", "Statement[4].NotAction"),
        ("INVALID_POLICY_ELEMENT", "Versoin"),
    ];
    let missing: Vec<_> = expected
        .iter()
        .filter(|(code, path)| !found.iter().any(|(c, p)| c == code && p == path))
        .collect();
    assert!(
        missing.is_empty(),
        "missing {missing:?}; findings:{}",
        describe(&report.findings)
    );
    assert!(
        report
            .findings
            .iter()
            .all(|finding| finding.position.is_some())
    );
}

/// parliament treats `NotAction` as `Action` (pitfall 18): `Allow NotAction iam:*` excludes
/// `iam:PassRole`, while `Allow NotAction s3:*` includes it.
#[test]
fn not_action_means_every_action_except() {
    let identity = PolicyKind::Identity;
    let options = Options::default();
    for excluded in [
        r#""iam:*""#,
        r#""IAM:*""#,
        r#"["iam:PassRole","iam:CreateServiceLinkedRole"]"#,
    ] {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","NotAction":{excluded},"Resource":"*"}}]}}"#
        );
        let report = validate_text(&text, &identity, &options);
        let role_findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|finding| {
                finding.code.starts_with("PASS_ROLE_") || finding.code.starts_with("CREATE_SLR_")
            })
            .collect();
        assert!(
            role_findings.is_empty(),
            "NotAction {excluded} excludes the role actions, yet:{}",
            describe(&report.findings)
        );
        assert_eq!(report.with_code("ALLOW_WITH_NOT_ACTION").count(), 1);
    }

    // The escalation and credential lints must not name the excluded IAM actions either.
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#;
    let report = validate_text(text, &identity, &options);
    for code in [
        "PRIVILEGE_ESCALATION_ON_STAR",
        "CREDENTIALS_EXPOSURE_ON_STAR",
    ] {
        let finding = report
            .with_code(code)
            .next()
            .unwrap_or_else(|| panic!("{code} expected:{}", describe(&report.findings)));
        assert!(
            !finding.message.contains("`iam:"),
            "{code} names an action NotAction excludes: {}",
            finding.message
        );
    }

    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}"#;
    let report = validate_text(text, &identity, &options);
    let finding = report
        .with_code("PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION")
        .next()
        .unwrap_or_else(|| {
            panic!(
                "expected the PassRole finding:{}",
                describe(&report.findings)
            )
        });
    assert_eq!(finding.severity, SecurityWarning);
    assert_eq!(finding.path.to_string(), "Statement[0].Resource");
    assert!(finding.position.is_some());
    for code in [
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
    ] {
        assert_eq!(report.with_code(code).count(), 0, "{code}");
    }
}

/// The MFA traps (pitfall 19): each must be flagged, and the correct forms must not.
#[test]
fn mfa_traps() {
    let statement = |effect: &str, operator: &str, value: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Action":["ec2:StopInstances","ec2:TerminateInstances"],"Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*","Condition":{{"{operator}":{{"aws:MultiFactorAuthPresent":{value}}}}}}}]}}"#
        )
    };
    let cases: [(&str, &str, &str, Option<&str>); 9] = [
        (
            "Deny",
            "Null",
            r#""true""#,
            Some("MFA_DENY_MISSES_SESSIONS_WITHOUT_MFA"),
        ),
        (
            "Deny",
            "Null",
            "true",
            Some("MFA_DENY_MISSES_SESSIONS_WITHOUT_MFA"),
        ),
        (
            "Deny",
            "Bool",
            r#""false""#,
            Some("MFA_DENY_MISSES_LONG_TERM_CREDENTIALS"),
        ),
        (
            "Deny",
            "Bool",
            "false",
            Some("MFA_DENY_MISSES_LONG_TERM_CREDENTIALS"),
        ),
        (
            "Allow",
            "BoolIfExists",
            r#""true""#,
            Some("MFA_BYPASS_WITH_IF_EXISTS"),
        ),
        (
            "Allow",
            "BoolIfExists",
            "true",
            Some("MFA_BYPASS_WITH_IF_EXISTS"),
        ),
        // The correct forms.
        ("Allow", "Bool", r#""true""#, None),
        ("Deny", "BoolIfExists", r#""false""#, None),
        ("Deny", "BoolIfExists", "false", None),
    ];
    for (effect, operator, value, expected) in cases {
        let text = statement(effect, operator, value);
        for kind in [PolicyKind::Identity, PolicyKind::ServiceControl] {
            let report = validate_text(&text, &kind, &Options::default());
            let mfa: Vec<&'static str> = report
                .findings
                .iter()
                .map(|finding| finding.code)
                .filter(|code| code.starts_with("MFA_"))
                .collect();
            let described = format!(
                "{effect} + {operator} {value} as {}:{}",
                kind.name(),
                describe(&report.findings)
            );
            match expected {
                Some(code) => {
                    assert_eq!(mfa, [code], "{described}");
                    let finding = report.with_code(code).next().expect("found above");
                    assert_eq!(
                        finding.path.to_string(),
                        format!(
                            r#"Statement[0].Condition.{operator}["aws:MultiFactorAuthPresent"]"#
                        ),
                        "{described}"
                    );
                    assert!(finding.position.is_some(), "{described}");
                }
                None => assert!(mfa.is_empty(), "{described}"),
            }
        }
    }

    // In a trust policy the bypass is just as real, and a trust "narrowed" by it is flagged.
    let trust = |operator: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::111111111111:root"}},"Action":"sts:AssumeRole","Condition":{{"{operator}":{{"aws:MultiFactorAuthPresent":"true"}}}}}}]}}"#
        )
    };
    let report = validate_text(
        &trust("BoolIfExists"),
        &PolicyKind::Trust,
        &Options::default(),
    );
    assert_eq!(report.with_code("MFA_BYPASS_WITH_IF_EXISTS").count(), 1);
    let report = validate_text(&trust("Bool"), &PolicyKind::Trust, &Options::default());
    assert!(
        report.findings.is_empty(),
        "the MFA trust is correct:{}",
        describe(&report.findings)
    );
}

/// Findings keep arriving after a value that ends its own check early: every bad principal in a
/// list is reported, and every statement of a trust policy is checked.
#[test]
fn every_principal_and_statement_is_checked() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/ops-*","AROA3XFRBF535PLBIFPI4","arn:aws:iam::111111111111:group/admins","arn:aws:iam::111111111111:user/${aws:username}"]},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#;
    let report = validate_text(text, &PolicyKind::Trust, &Options::default());
    assert_eq!(
        code_paths(&report),
        [
            (
                "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                "Statement[0].Principal.AWS[0]".to_owned()
            ),
            (
                "INVALID_ROLE_REFERENCE",
                "Statement[0].Principal.AWS[1]".to_owned()
            ),
            (
                "IAM_GROUP_AS_PRINCIPAL",
                "Statement[0].Principal.AWS[2]".to_owned()
            ),
            (
                "VARIABLE_UNSUPPORTED_IN_ELEMENT",
                "Statement[0].Principal.AWS[3]".to_owned()
            ),
        ]
    );

    let text = r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"},
  {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::777788889999:root"},"Action":"sts:AssumeRole"}
]}"#;
    let report = validate_text(text, &PolicyKind::Trust, &Options::default());
    let paths: Vec<String> = report
        .with_code("TRUST_WITHOUT_CONDITION")
        .map(|finding| finding.path.to_string())
        .collect();
    assert_eq!(paths, ["Statement[0].Principal", "Statement[1].Principal"]);
}

// ---------------------------------------------------------------------------------------------
// Options.
// ---------------------------------------------------------------------------------------------

#[test]
fn disabled_codes_are_dropped() {
    let text = r#"{"Statement":[{"Sid":"Read-Reports","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}]}"#;
    let all = validate_text(text, &PolicyKind::Identity, &Options::default());
    assert_eq!(all.with_code("MISSING_VERSION").count(), 1);
    assert_eq!(all.with_code("UNSUPPORTED_SID").count(), 1);
    let options = Options {
        disabled_codes: vec!["MISSING_VERSION".to_owned()],
        ..Options::default()
    };
    let report = validate_text(text, &PolicyKind::Identity, &options);
    assert_eq!(report.with_code("MISSING_VERSION").count(), 0);
    assert_eq!(report.with_code("UNSUPPORTED_SID").count(), 1);
    assert_eq!(report.findings.len(), all.findings.len() - 1);

    // A document that cannot be read is never clean: parse-level findings cannot be disabled.
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:GetObject","Resources":"*"}]}"#;
    let options = Options {
        disabled_codes: vec![
            "INVALID_POLICY_ELEMENT".to_owned(),
            "JSON_SYNTAX_ERROR".to_owned(),
        ],
        ..Options::default()
    };
    let report = validate_text(text, &PolicyKind::Identity, &options);
    let codes: Vec<&str> = report.findings.iter().map(|finding| finding.code).collect();
    assert_eq!(codes, ["INVALID_EFFECT", "INVALID_POLICY_ELEMENT"]);
    let report = validate_text("{", &PolicyKind::Identity, &options);
    assert!(report.has_errors());
}

#[test]
fn trusted_accounts_suppress_trust_without_condition() {
    let jump: AccountId = "111111111111".parse().expect("account id");
    let trust_of = |principal: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":{principal}}},"Action":"sts:AssumeRole"}}]}}"#
        )
    };
    let options = Options {
        trusted_accounts: vec![jump],
        ..Options::default()
    };
    let count = |text: &str, options: &Options| {
        validate_text(text, &PolicyKind::Trust, options)
            .with_code("TRUST_WITHOUT_CONDITION")
            .count()
    };
    for principal in [
        r#""111111111111""#,
        r#""arn:aws:iam::111111111111:root""#,
        r#""arn:aws:iam::111111111111:role/admin""#,
    ] {
        let text = trust_of(principal);
        assert_eq!(count(&text, &Options::default()), 1, "{principal}");
        assert_eq!(count(&text, &options), 0, "{principal}");
    }
    // Only the trusted account: another account, or a mix, is still flagged.
    for principal in [
        r#""arn:aws:iam::444455556666:root""#,
        r#"["arn:aws:iam::111111111111:root","arn:aws:iam::444455556666:root"]"#,
        r#""*""#,
    ] {
        assert_eq!(count(&trust_of(principal), &options), 1, "{principal}");
    }
}

#[test]
fn aws_managed_policies_are_exempt_from_the_identity_quota() {
    let text = identity_with_buckets(175);
    let code = "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA";
    let customer = validate_text(&text, &PolicyKind::Identity, &Options::default());
    assert_eq!(customer.with_code(code).count(), 1);
    let managed = Options {
        aws_managed: true,
        ..Options::default()
    };
    let report = validate_text(&text, &PolicyKind::Identity, &managed);
    assert_eq!(
        report.with_code(code).count(),
        0,
        "{}",
        describe(&report.findings)
    );
    // The exemption is for identity policies only.
    let trust = trust_with_roles(50);
    let report = validate_text(&trust, &PolicyKind::Trust, &managed);
    assert_eq!(
        report
            .with_code("POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA")
            .count(),
        1
    );
    // Inline policies count against smaller quotas.
    let small = identity_with_buckets(60);
    let inline_user = Options {
        identity_policy_use: IdentityPolicyUse::InlineUser,
        ..Options::default()
    };
    assert_eq!(
        validate_text(&small, &PolicyKind::Identity, &Options::default())
            .with_code(code)
            .count(),
        0
    );
    assert_eq!(
        validate_text(&small, &PolicyKind::Identity, &inline_user)
            .with_code(code)
            .count(),
        1
    );
}

#[test]
fn trust_policy_quota_can_be_raised() {
    let code = "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA";
    let text = trust_with_roles(50);
    let count = |options: &Options| {
        validate_text(&text, &PolicyKind::Trust, options)
            .with_code(code)
            .count()
    };
    assert_eq!(count(&Options::default()), 1);
    let raised = Options {
        trust_policy_quota: 4_096,
        ..Options::default()
    };
    assert_eq!(count(&raised), 0);
    // Even the raised quota has a limit.
    let larger = trust_with_roles(100);
    assert!(text_size(&larger, SizeRule::IgnoreWhitespace) > 4_096);
    assert_eq!(
        validate_text(&larger, &PolicyKind::Trust, &raised)
            .with_code(code)
            .count(),
        1
    );
}

// ---------------------------------------------------------------------------------------------
// Builder output.
// ---------------------------------------------------------------------------------------------

#[test]
fn builder_policies_validate_cleanly() {
    let jump: AccountId = "111111111111".parse().expect("account id");
    let prd: AccountId = "333333333333".parse().expect("account id");

    let trust = TrustPolicy::for_account(jump, Partition::Aws)
        .build()
        .expect("trust policy builds");
    let text = serde_json::to_string_pretty(&trust).expect("serializes");
    let report = validate_text(&text, &PolicyKind::Trust, &Options::default());
    assert!(
        report.findings.is_empty(),
        "{text}\nfindings:{}",
        describe(&report.findings)
    );

    let assume = AssumeRolePolicy::new()
        .role(Arn::iam_role(Partition::Aws, prd, "admin"))
        .role(
            "arn:aws:iam::333333333333:role/read-only"
                .parse()
                .expect("role ARN"),
        )
        .build()
        .expect("assume-role policy builds");
    let text = serde_json::to_string_pretty(&assume).expect("serializes");
    let report = validate_text(&text, &PolicyKind::Identity, &Options::default());
    assert!(
        report.findings.is_empty(),
        "{text}\nfindings:{}",
        describe(&report.findings)
    );

    let any = AssumeRolePolicy::any_role()
        .build()
        .expect("assume-any-role policy builds");
    let text = serde_json::to_string_pretty(&any).expect("serializes");
    let report = validate_text(&text, &PolicyKind::Identity, &Options::default());
    let finding = report
        .with_code("ASSUME_ROLE_ON_STAR")
        .next()
        .unwrap_or_else(|| panic!("{text}\nfindings:{}", describe(&report.findings)));
    assert_eq!(finding.severity, SecurityWarning);
    assert_eq!(finding.path.to_string(), "Statement[0].Resource");
    assert!(position_problem(&text, &finding.path, finding.position).is_none());
}
