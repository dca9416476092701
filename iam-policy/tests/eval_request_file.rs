//! The request file format of `jumpgate eval`: what it accepts, and every problem reported with
//! its JSON path, line and column, and a "did you mean" where it helps.

use iam_policy::eval::file::RequestFile;
use iam_policy::eval::{ContextValue, RequestPrincipal};

fn errors(text: &str) -> Vec<String> {
    RequestFile::parse(text)
        .expect_err("the file is malformed")
        .diagnostics()
        .iter()
        .map(|diagnostic| {
            let mut line = diagnostic.to_string();
            if let Some(help) = &diagnostic.help {
                line = line.replace(&format!("; {help}"), "");
                line.push_str(&format!(" [help: {help}]"));
            }
            line
        })
        .collect()
}

#[test]
fn a_full_file_is_read() {
    let file = RequestFile::parse(
        r#"{
  "id": "ignored", "expected": "Allow",
  "request": {"principal": "arn:aws:sts::111122223333:assumed-role/Dev/alice",
              "action": "s3:GetObject", "resource": "arn:aws:s3:::docs/a",
              "context": {"aws:SourceIp": "203.0.113.7", "aws:TagKeys": [], "aws:PrincipalTag/team": ["red"]},
              "principal_role_arn": "arn:aws:iam::111122223333:role/team/Dev"},
  "policies": {"identity": [], "resource": null, "permissions_boundary": null, "session": null,
               "scps": [[], []], "rcps": []},
  "principal_account": null, "resource_account": "444455556666",
  "org": {"management_account": "999988887777"}
}"#,
    )
    .expect("parses");
    let request = &file.request;
    assert!(matches!(
        request.principal,
        RequestPrincipal::RoleSession { .. }
    ));
    assert_eq!(
        request
            .principal_role_arn
            .as_ref()
            .map(iam_policy::Arn::as_str),
        Some("arn:aws:iam::111122223333:role/team/Dev")
    );
    assert_eq!(
        request.context.get("AWS:TAGKEYS"),
        Some(&ContextValue::Multiple(vec![]))
    );
    assert_eq!(
        request.context.get("aws:PrincipalTag/team"),
        Some(&ContextValue::Multiple(vec!["red".to_owned()]))
    );
    assert_eq!(
        request.context.get("aws:sourceip"),
        Some(&ContextValue::Single("203.0.113.7".to_owned()))
    );
    assert!(request.context.get("aws:SourceVpc").is_none());
    assert_eq!(
        request.resource_account.map(|a| a.to_string()).as_deref(),
        Some("444455556666")
    );
    assert_eq!(
        request.management_account.map(|a| a.to_string()).as_deref(),
        Some("999988887777")
    );
    assert_eq!(file.policies.scps.len(), 2);
}

#[test]
fn every_problem_is_located_with_help() {
    let text = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:Get*",
              "resource": "", "contxt": {}, "principal_role_arn": "arn:aws:iam::111122223333:user/x"},
  "policies": {"identity": {}, "scps": [{}], "boundary": null},
  "principal_account": "12345", "org": {"management": "999988887777"}
}"#;
    assert_eq!(
        errors(text),
        [
            "2:78: invalid action `s3:Get*` (at request.action) [help: a request names one action as `service:ActionName`, without wildcards]",
            "3:27: the resource is empty (at request.resource) [help: use `*` for actions without a resource]",
            "3:31: unknown member `contxt` (at request.contxt) [help: did you mean `context`?]",
            "3:67: `arn:aws:iam::111122223333:user/x` is not an IAM `role/` ARN (at request.principal_role_arn) [help: expected `arn:aws:iam::ACCOUNT:role/...`]",
            "4:28: expected an array of policy documents, found an object (at policies.identity)",
            "4:41: expected an array of policy documents, found an object (at policies.scps[0])",
            "4:46: unknown member `boundary` (at policies.boundary) [help: did you mean `permissions_boundary`?]",
            "5:24: invalid account id `12345`: an account id has exactly 12 digits (at principal_account)",
            "5:40: missing member `management_account` (at org)",
            "5:41: unknown member `management` (at org.management) [help: did you mean `management_account`?]",
        ]
        .iter()
        .map(std::string::ToString::to_string)
        .collect::<Vec<_>>()
    );
}

#[test]
fn policy_documents_are_checked_in_place() {
    let text = r#"{"request": {"principal": "anonymous", "action": "s3:GetObject", "resource": "*"},
 "policies": {"rcps": [[{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Acton": "s3:*"}]}]]}}"#;
    assert_eq!(
        errors(text),
        [
            "2:65: statement has neither `Action` nor `NotAction` (at policies.rcps[0][0].Statement[0])",
            "2:84: unknown statement element `Acton` (at policies.rcps[0][0].Statement[0].Acton) [help: did you mean `Action`?]",
        ]
    );
}

#[test]
fn facts_must_agree_with_the_principal() {
    let text = r#"{"request": {"principal": "arn:aws:sts::111122223333:assumed-role/Dev/alice",
  "action": "s3:GetObject", "resource": "*", "principal_role_arn": "arn:aws:iam::111122223333:role/Ops",
  "context": {"s3:max-keys": 10}},
 "policies": {}, "principal_account": "444455556666"}"#;
    let found = errors(text);
    assert!(
        found.iter().any(|line| line.contains(
            "expected a string or an array of strings, found a number (at request.context[\"s3:max-keys\"]) [help: write numbers and booleans as strings"
        )),
        "{found:#?}"
    );
    let text = r#"{"request": {"principal": "arn:aws:sts::111122223333:assumed-role/Dev/alice",
  "action": "s3:GetObject", "resource": "*", "principal_role_arn": "arn:aws:iam::111122223333:role/Ops"},
 "policies": {}, "principal_account": "444455556666"}"#;
    let found = errors(text);
    assert!(
        found.iter().any(|line| line.contains(
            "`principal_role_arn` `arn:aws:iam::111122223333:role/Ops` is not the role `Dev` of account `111122223333` behind the session"
        )),
        "{found:#?}"
    );
    let text = r#"{"request": {"principal": "arn:aws:iam::111122223333:user/alice",
  "action": "s3:GetObject", "resource": "*"},
 "policies": {}, "principal_account": "444455556666"}"#;
    assert_eq!(
        errors(text),
        [
            "3:39: `principal_account` is `444455556666` but the principal's ARN names account `111122223333` (at principal_account) [help: leave `principal_account` null to take it from the ARN]"
        ]
    );
}

#[test]
fn missing_members_suggest_misspelled_ones() {
    assert_eq!(
        errors(r#"{"requets": {}, "policy": {}}"#),
        [
            "1:1: missing member `request` (at (document)) [help: `requets` is not a member the file format knows; did you mean `request`?]",
            "1:1: missing member `policies` (at (document)) [help: `policy` is not a member the file format knows; did you mean `policies`?]",
        ]
    );
    assert_eq!(
        errors(
            r#"{"request": {"principal": "bob", "action": "s3:GetObject", "resource": "*"}, "policies": {}}"#
        ),
        [
            "1:27: unrecognized principal `bob`: expected an IAM or STS ARN, a service principal such as `s3.amazonaws.com`, or `anonymous` (at request.principal)"
        ]
    );
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let error = RequestFile::parse_bytes(b"{\"request\": \"\xff\"}").expect_err("not UTF-8");
    assert_eq!(
        error.to_string(),
        "1:14: invalid UTF-8 in the file (at (document)); request files are UTF-8 JSON"
    );
}

/// Every code of the registry's request-file table ([`codes::REQUEST_FILE`]) has a file that gets
/// it (at the path given) and a minimally different one that does not.
#[test]
fn every_request_file_code_has_a_case() {
    use iam_policy::codes;

    let file = |request: &str| format!(r#"{{"request": {{{request}}}, "policies": {{}}}}"#);
    let long = "a".repeat(3000);
    let cases: [(&str, &str, String, String); 4] = [
        (
            "INVALID_VALUE",
            "request.action",
            file(r#""principal": "anonymous", "action": "s3:Get*", "resource": "*""#),
            file(r#""principal": "anonymous", "action": "s3:GetObject", "resource": "*""#),
        ),
        (
            "MISSING_MEMBER",
            "request",
            file(r#""principal": "anonymous", "action": "s3:GetObject""#),
            file(r#""principal": "anonymous", "action": "s3:GetObject", "resource": "*""#),
        ),
        (
            "UNKNOWN_MEMBER",
            "request.contxt",
            file(
                r#""principal": "anonymous", "action": "s3:GetObject", "resource": "*", "contxt": {}"#,
            ),
            file(
                r#""principal": "anonymous", "action": "s3:GetObject", "resource": "*", "context": {}"#,
            ),
        ),
        (
            "VALUE_TOO_LONG",
            "request.resource",
            file(&format!(
                r#""principal": "anonymous", "action": "s3:GetObject", "resource": "arn:aws:s3:::{long}""#
            )),
            file(
                r#""principal": "anonymous", "action": "s3:GetObject", "resource": "arn:aws:s3:::docs""#,
            ),
        ),
    ];
    for (code, path, failing, passing) in &cases {
        let error = RequestFile::parse(failing).expect_err(code);
        let found: Vec<(&str, String)> = error
            .diagnostics()
            .iter()
            .map(|finding| (finding.code, finding.path.to_string()))
            .collect();
        assert!(
            found.contains(&(*code, (*path).to_owned())),
            "{code}: {found:?}"
        );
        assert!(
            error
                .diagnostics()
                .iter()
                .all(|finding| finding.position.is_some()),
            "{code}: {error}"
        );
        if let Err(error) = RequestFile::parse(passing) {
            assert!(
                error
                    .diagnostics()
                    .iter()
                    .all(|finding| finding.code != *code),
                "{code} in the passing file: {error}"
            );
        }
    }
    let covered: Vec<&str> = cases.iter().map(|(code, ..)| *code).collect();
    let registered: Vec<&str> = codes::REQUEST_FILE.iter().map(|code| code.code).collect();
    assert_eq!(covered, registered);
}
