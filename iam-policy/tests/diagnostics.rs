//! Clear parse errors and findings: what is wrong, where, in position order, with suggestions
//! that help.

use iam_policy::validate::{Options, PolicyKind, validate_text};
use iam_policy::{Policy, Position};

fn position(line: usize, column: usize) -> Option<Position> {
    Some(Position { line, column })
}

#[test]
fn text_that_is_not_json_says_so_where_it_starts() {
    for (text, found, at) in [
        ("not json at all", "`not`", position(1, 1)),
        ("\n  hello: world", "`hello`", position(2, 3)),
        ("nul", "`nul`", position(1, 1)),
        ("<Policy/>", "`<Policy/>`", position(1, 1)),
    ] {
        let error = Policy::from_json(text).expect_err(text);
        let diagnostic = error.first().expect("a diagnostic");
        assert_eq!(diagnostic.code, "JSON_SYNTAX_ERROR", "{text}");
        assert_eq!(
            diagnostic.message,
            format!("the document is not JSON: expected a JSON object, found {found}"),
            "{text}"
        );
        assert_eq!(diagnostic.position, at, "{text}");
    }
    // Inside a document, a bad word is a bad value.
    let error = Policy::from_json(r#"{"Statement": nope}"#).expect_err("bad value");
    let diagnostic = error.first().expect("a diagnostic");
    assert_eq!(diagnostic.message, "expected a JSON value, found `nope`");
    assert_eq!(diagnostic.position, position(1, 15));
    let error = Policy::from_json(r#"{"Statement": nullx}"#).expect_err("bad literal");
    assert_eq!(
        error.first().map(|diagnostic| diagnostic.message.as_str()),
        Some("expected a JSON value, found `nullx`")
    );
}

#[test]
fn a_sid_without_letters_or_digits_gets_no_empty_suggestion() {
    let text = r#"{"Version":"2012-10-17","Statement":[
  {"Sid":"😀","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
  {"Sid":"read-all 😀","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}
]}"#;
    let report = validate_text(text, &PolicyKind::Identity, &Options::default());
    let helps: Vec<Option<&str>> = report
        .with_code("UNSUPPORTED_SID")
        .map(|finding| finding.help.as_deref())
        .collect();
    assert_eq!(helps, [None, Some("use `ReadAll`")]);
}

#[test]
fn suggestions_are_never_empty() {
    let documents = [
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"😀","Effect":"Allow","Action":"😀:😀","Resource":"😀","Condition":{"😀":{"😀":"😀"}}}]}"#,
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"-","Effect":"Allow","Action":":","Resource":"arn:😀:😀:😀:😀:😀","Condition":{"StringEquals":{":":""}}}]}"#,
        r#"{"😀":1,"Statement":{"😀":"😀","Effect":"😀","Action":"*","Principal":{"😀":"😀"}}}"#,
    ];
    for text in documents {
        for kind in [
            PolicyKind::Identity,
            PolicyKind::Trust,
            PolicyKind::ServiceControl,
        ] {
            let report = validate_text(text, &kind, &Options::default());
            assert!(!report.findings.is_empty(), "{text}");
            for finding in &report.findings {
                if let Some(help) = &finding.help {
                    assert!(
                        !help.trim().is_empty() && !help.contains("``"),
                        "{}: empty suggestion {help:?} in {text}",
                        finding.code
                    );
                }
            }
        }
    }
}

#[test]
fn findings_come_in_position_order() {
    // Passes find these out of order: the statement-level finding (`MISSING_RESOURCE`, at the
    // statement) comes from an earlier pass than those inside it, and the second statement's
    // problems come before the first statement's action is judged.
    let text = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "a-b",
      "Effect": "Allow",
      "Action": ["s3:GetObjekt", "s3:GetObjekt"]
    },
    {"Sid": "a-b", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}
  ]
}"#;
    let report = validate_text(text, &PolicyKind::Identity, &Options::default());
    let positions: Vec<Position> = report
        .findings
        .iter()
        .map(|finding| finding.position.expect("located"))
        .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "{:#?}", report.findings);
    assert!(report.findings.len() >= 5, "{:#?}", report.findings);
    // Findings at one position keep the order the passes found them in.
    let codes_at = |line: usize, column: usize| -> Vec<&str> {
        report
            .findings
            .iter()
            .filter(|finding| finding.position == position(line, column))
            .map(|finding| finding.code)
            .collect()
    };
    assert_eq!(codes_at(4, 5), ["MISSING_RESOURCE"]);
}

#[test]
fn parse_errors_come_in_position_order() {
    let text = "{\"Statement\": [\n  {\"Effect\": \"allow\",\n   \"Acton\": \"s3:*\"},\n  {\"Sid\": 7}\n]}";
    let error = Policy::from_json(text).expect_err("invalid");
    let positions: Vec<Position> = error
        .diagnostics()
        .iter()
        .map(|diagnostic| diagnostic.position.expect("located"))
        .collect();
    assert_eq!(
        positions,
        [
            Position { line: 2, column: 3 },
            Position {
                line: 2,
                column: 14
            },
            Position { line: 3, column: 4 },
            Position { line: 4, column: 3 },
            Position { line: 4, column: 3 },
            Position {
                line: 4,
                column: 11
            },
        ],
        "{error:#?}"
    );
    // At one position, the order found: the missing `Effect` before the missing `Action`.
    let codes: Vec<&str> = error
        .diagnostics()
        .iter()
        .map(|diagnostic| diagnostic.code)
        .collect();
    assert_eq!(
        codes,
        [
            "MISSING_ACTION",
            "INVALID_EFFECT",
            "INVALID_POLICY_ELEMENT",
            "MISSING_EFFECT",
            "MISSING_ACTION",
            "DATA_TYPE_MISMATCH"
        ]
    );
}
