//! One regression test per pitfall of peer tools (anchors.md §4) that applies to this crate:
//! parsing, serializing, the canonical form, size accounting, the builders, the validator and the
//! catalog.
//!
//! Covered: 1–35, 37–40 and 42. Where a pitfall has a parsing or building half and a validation
//! half, each has its own test: 5 (parses; validates cleanly as a trust policy), 10 (parses; is a
//! warning), 16 (builders; validator), 17 (parser; validator), 22 (parser; validator), 39, 40 and
//! 42 (builder output; validator).
//!
//! Skipped: 36 (hermetic builds): the catalog is generated ahead of time by `cargo xtask codegen`
//! and compiled in, so there is nothing to observe at run time. Out of scope for this crate
//! (evaluator, role chains, org tooling, emulator): 41, 43–52.

mod support;

use std::panic::{self, UnwindSafe};

use iam_policy::builder::{
    AssumeRolePolicy, IdentityPolicy, StatementBuilder, TrustPolicy, sid_from,
};
use iam_policy::catalog::{self, AccessLevel, KeyType};
use iam_policy::size::{SizeRule, policy_size, text_size};
use iam_policy::validate::{
    Finding, Options, PolicyKind, Report, Severity, validate, validate_text,
};
use iam_policy::{
    AccountId, Arn, BaseOperator, ConditionOperator, ConditionValue, Error, OneOrMany, Partition,
    Policy, Principal, PrincipalElement, PrincipalType, SetQualifier,
};
use serde_json::{Value, json};

fn parse(text: &str) -> Policy {
    Policy::from_json(text).unwrap_or_else(|error| panic!("{text}\ndoes not parse: {error}"))
}

/// Both parsers accept `text`, agree, and serialize it back byte for byte.
fn round_trips_exactly(text: &str) -> Policy {
    let policy = parse(text);
    let through_serde: Policy = serde_json::from_str(text).expect("serde parses");
    assert_eq!(through_serde, policy, "the text and serde parsers disagree");
    assert_eq!(serde_json::to_string(&policy).expect("serializes"), text);
    assert_eq!(
        serde_json::to_string(&through_serde).expect("serializes"),
        text
    );
    policy
}

/// The `(code, path)` of every diagnostic for `text`, which must not parse; the serde parser
/// must reject it too.
fn diagnostics(text: &str) -> Vec<iam_policy::Finding> {
    assert!(
        serde_json::from_str::<Policy>(text).is_err(),
        "serde accepted {text}"
    );
    match Policy::from_json(text) {
        Ok(policy) => panic!("{text}\nparsed as {policy:?}"),
        Err(error) => error.diagnostics().to_vec(),
    }
}

fn codes(text: &str) -> Vec<(&'static str, String)> {
    diagnostics(text)
        .into_iter()
        .map(|diagnostic| (diagnostic.code, diagnostic.path.to_string()))
        .collect()
}

fn account(id: &str) -> AccountId {
    id.parse().expect("valid account id")
}

fn arn(text: &str) -> Arn {
    text.parse().expect("valid ARN")
}

fn to_value(policy: &Policy) -> Value {
    serde_json::to_value(policy).expect("serializes")
}

/// Every `(operator, key, values as text)` of the first statement's condition.
fn condition_entries(policy: &Policy) -> Vec<(ConditionOperator, String, Vec<String>)> {
    policy.statements()[0]
        .condition
        .iter()
        .flat_map(iam_policy::Condition::entries)
        .map(|(operator, entry)| {
            let values = entry.values.iter().map(ConditionValue::to_text).collect();
            (*operator, entry.key.clone(), values)
        })
        .collect()
}

/// Validates `text` as a policy of `kind` with the default options.
fn lint(text: &str, kind: &PolicyKind) -> Report {
    validate_text(text, kind, &Options::default())
}

/// The `(code, path)` of every finding.
fn found(report: &Report) -> Vec<(&'static str, String)> {
    report
        .findings
        .iter()
        .map(|finding| (finding.code, finding.path.to_string()))
        .collect()
}

/// The findings, one a line, for assertion messages.
fn listing(report: &Report) -> String {
    report
        .findings
        .iter()
        .map(|finding| {
            format!(
                "\n    {} {} at {}: {}",
                finding.severity, finding.code, finding.path, finding.message
            )
        })
        .collect()
}

/// The one finding with `code` at `path`; panics with the whole report otherwise.
fn the_finding<'a>(report: &'a Report, code: &str, path: &str) -> &'a Finding {
    let matching: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|finding| finding.code == code && finding.path.to_string() == path)
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one {code} at {path}:{}",
        listing(report)
    );
    matching[0]
}

// Pitfall 1: `"Principal":"*"` dropped on output, rejected, or parsed as a plain string.
#[test]
fn pitfall_01_principal_star_survives_round_trip() {
    for element in ["Principal", "NotPrincipal"] {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","{element}":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}]}}"#
        );
        let policy = round_trips_exactly(&text);
        let principal = policy.statements()[0]
            .principal
            .as_ref()
            .expect("principal kept");
        assert_eq!(principal.element_name(), element);
        assert_eq!(principal.principal(), &Principal::Any);
        assert_eq!(to_value(&policy)["Statement"][0][element], json!("*"));
    }
}

// Pitfall 2: `NotAction` silently dropped when `Action` is present; it must be an error.
#[test]
fn pitfall_02_action_with_not_action_is_an_error() {
    let text =
        r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}]}"#;
    assert_eq!(
        codes(text),
        [(
            "UNSUPPORTED_ELEMENT_COMBINATION",
            "Statement[0].NotAction".to_owned()
        )]
    );
    let reversed = r#"{"Statement":{"Effect":"Allow","NotAction":"iam:*","Action":"s3:*"}}"#;
    assert_eq!(
        codes(reversed),
        [(
            "UNSUPPORTED_ELEMENT_COMBINATION",
            "Statement.Action".to_owned()
        )]
    );
    // The same holds for the other exclusive pairs.
    let resources =
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}}"#;
    assert_eq!(codes(resources)[0].0, "UNSUPPORTED_ELEMENT_COMBINATION");
    let principals = r#"{"Statement":{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"*"},"Action":"s3:*","Resource":"*"}}"#;
    assert_eq!(codes(principals)[0].0, "UNSUPPORTED_ELEMENT_COMBINATION");
}

// Pitfall 3: unknown fields such as `Acton` ignored.
#[test]
fn pitfall_03_unknown_field_is_an_error_with_suggestion() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Acton":"s3:GetObject","Resource":"*"}]}"#;
    let found = diagnostics(text);
    let unknown = found
        .iter()
        .find(|diagnostic| diagnostic.path.to_string() == "Statement[0].Acton")
        .expect("the unknown element is reported");
    assert_eq!(unknown.code, "INVALID_POLICY_ELEMENT");
    assert!(unknown.message.contains("Acton"), "{}", unknown.message);
    assert_eq!(unknown.help.as_deref(), Some("did you mean `Action`?"));
    let position = unknown.position.expect("located");
    assert_eq!(position.line, 1);
    assert_eq!(
        position.column,
        text.find("\"Acton\"").expect("present") + 1
    );

    let top = diagnostics(r#"{"Version":"2012-10-17","Statment":[]}"#);
    assert!(
        top.iter()
            .any(|diagnostic| diagnostic.code == "INVALID_POLICY_ELEMENT"
                && diagnostic.help.as_deref() == Some("did you mean `Statement`?")),
        "{top:?}"
    );
}

// Pitfall 4: an unknown operator re-serialized as debug text, producing corrupt JSON.
#[test]
fn pitfall_04_unknown_operator_is_an_error_never_reserialized() {
    let text = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"aws:username":"alice"}}}}"#;
    let found = diagnostics(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "INVALID_CONDITION_OPERATOR");
    assert_eq!(found[0].path.to_string(), "Statement.Condition.StringEqual");
    assert_eq!(
        found[0].help.as_deref(),
        Some("did you mean `StringEquals`?")
    );
    assert!("StringEqual".parse::<ConditionOperator>().is_err());

    // Every operator the model can hold is written back as its exact name, in valid JSON.
    for base in BaseOperator::ALL {
        for prefix in ["", "ForAllValues:", "ForAnyValue:"] {
            for suffix in ["", "IfExists"] {
                let name = format!("{prefix}{base}{suffix}");
                let text = format!(
                    r#"{{"Statement":{{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{{"{name}":{{"k":"v"}}}}}}}}"#
                );
                round_trips_exactly(&text);
            }
        }
    }
}

// Pitfall 5: a trust policy without `Resource` fails to parse.
#[test]
fn pitfall_05_trust_policy_without_resource_parses() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#;
    let policy = round_trips_exactly(text);
    let statement = &policy.statements()[0];
    assert!(statement.resource.is_none());
    assert!(statement.principal.is_some());
    assert!(to_value(&policy)["Statement"][0].get("Resource").is_none());
}

// Pitfall 5 (validator half): a trust policy without `Resource` fails validation (iam-rs,
// parliament). Trust policies must have no `Resource`; naming one is the error.
#[test]
fn pitfall_05_trust_policy_without_resource_validates_cleanly() {
    for text in [
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}}"#,
    ] {
        let report = lint(text, &PolicyKind::Trust);
        assert!(report.findings.is_empty(), "{text}:{}", listing(&report));
    }
    let with_resource = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}"#;
    let report = lint(with_resource, &PolicyKind::Trust);
    assert_eq!(
        found(&report),
        [(
            "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
            "Statement[0].Resource".to_owned()
        )]
    );
}

// Pitfall 6: a repeated condition operator overwrites earlier keys (awacs loses ExternalId when
// an OrgID check follows; iam-policy-autopilot#199 loses values sharing an operator and key).
#[test]
fn pitfall_06_repeated_operator_keeps_every_key() {
    let policy = TrustPolicy::for_account(account("111111111111"), Partition::Aws)
        .external_id("Partner-42")
        .principal_org_id("o-abcdefghij")
        .build()
        .expect("builds");
    let json = to_value(&policy);
    let string_equals = &json["Statement"][0]["Condition"]["StringEquals"];
    assert_eq!(string_equals["sts:ExternalId"], json!("Partner-42"));
    assert_eq!(string_equals["aws:PrincipalOrgID"], json!("o-abcdefghij"));
    let keys: Vec<String> = condition_entries(&policy)
        .into_iter()
        .map(|(_, key, _)| key)
        .collect();
    assert_eq!(
        keys.iter().filter(|key| *key == "sts:ExternalId").count(),
        1
    );
    assert_eq!(
        keys.iter()
            .filter(|key| *key == "aws:PrincipalOrgID")
            .count(),
        1
    );

    // Values that share an operator and a key are all kept.
    let statement = StatementBuilder::allow()
        .action("s3:GetObject")
        .resource("*")
        .condition(
            BaseOperator::StringEquals,
            "aws:PrincipalTag/team",
            ["red", "blue"],
        )
        .condition(
            BaseOperator::StringEquals,
            "aws:RequestedRegion",
            ["eu-west-1"],
        )
        .build()
        .expect("builds");
    let block = &statement.condition.as_ref().expect("condition").blocks;
    assert_eq!(block.len(), 1, "one StringEquals block");
    let values: Vec<String> = block[0].entries[0]
        .values
        .iter()
        .map(ConditionValue::to_text)
        .collect();
    assert_eq!(values, ["red", "blue"]);
    assert_eq!(block[0].entries[1].key, "aws:RequestedRegion");

    // A second constraint on the same operator and key is an error, never a silent overwrite.
    let twice = StatementBuilder::allow()
        .action("s3:GetObject")
        .resource("*")
        .condition(BaseOperator::StringEquals, "sts:ExternalId", ["a1"])
        .condition(BaseOperator::StringEquals, "STS:externalid", ["b2"])
        .build();
    assert!(matches!(twice, Err(Error::Build { .. })), "{twice:?}");
}

// Pitfall 7: one-element arrays collapsed into scalars.
#[test]
fn pitfall_07_one_element_arrays_stay_arrays() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"One","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"],"Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-abcdefghij"]}}}]}"#;
    let policy = round_trips_exactly(text);
    let statement = &policy.statements()[0];
    assert!(policy.statement.is_array());
    assert!(statement.action.patterns().is_array());
    assert!(
        statement
            .resource
            .as_ref()
            .expect("resource")
            .patterns()
            .is_array()
    );
    let condition = statement.condition.as_ref().expect("condition");
    assert!(condition.blocks[0].entries[0].values.is_array());
    let Principal::Map(entries) = statement.principal.as_ref().expect("principal").principal()
    else {
        panic!("principal map expected");
    };
    assert!(entries[0].1.is_array());
}

// Pitfall 8: condition order lost to HashMap or sorted maps.
#[test]
fn pitfall_08_condition_order_is_kept() {
    let text = r#"{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"],"aws:PrincipalAccount":"111111111111"},"Bool":{"aws:SecureTransport":"false"},"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin"}}}}"#;
    let policy = round_trips_exactly(text);
    let order: Vec<(String, String)> = condition_entries(&policy)
        .into_iter()
        .map(|(operator, key, _)| (operator.to_string(), key))
        .collect();
    assert_eq!(
        order,
        [
            (
                "StringNotEquals".to_owned(),
                "aws:RequestedRegion".to_owned()
            ),
            (
                "StringNotEquals".to_owned(),
                "aws:PrincipalAccount".to_owned()
            ),
            ("Bool".to_owned(), "aws:SecureTransport".to_owned()),
            ("ArnNotLike".to_owned(), "aws:PrincipalArn".to_owned()),
        ]
    );
    // Statement element order too (Condition first, Effect last).
    round_trips_exactly(
        r#"{"Statement":[{"Condition":{"Null":{"aws:TokenIssueTime":"true"}},"Resource":"*","Action":"*","Effect":"Deny"}],"Version":"2012-10-17"}"#,
    );
}

// Pitfall 9: string-or-array rejected; single-object `Statement` rejected.
#[test]
fn pitfall_09_string_or_array_and_single_object_statement_accepted() {
    let single = round_trips_exactly(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#,
    );
    assert!(!single.statement.is_array());
    assert_eq!(single.statements().len(), 1);
    let many = round_trips_exactly(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"]},{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":["111111111111","222222222222"]},"Action":"sts:AssumeRole"}]}"#,
    );
    assert_eq!(many.statements().len(), 2);
    assert_eq!(many.statements()[0].action.patterns().len(), 2);
    assert!(single.semantically_equals(&parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}]}"#
    )));
}

// Pitfall 10: missing `Version` treated as a hard error.
#[test]
fn pitfall_10_missing_version_parses() {
    let text =
        r#"{"Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}"#;
    let policy = round_trips_exactly(text);
    assert_eq!(policy.version, None);
    assert!(
        to_value(&policy).get("Version").is_none(),
        "no Version is invented"
    );
}

// Pitfall 10 (validator half): a missing `Version` is a warning (MISSING_VERSION), not an error.
#[test]
fn pitfall_10_missing_version_is_a_warning() {
    let text =
        r#"{"Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}"#;
    let report = lint(text, &PolicyKind::Identity);
    assert_eq!(
        found(&report),
        [("MISSING_VERSION", "(document)".to_owned())]
    );
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert!(!report.has_errors());
}

// Pitfall 11: JSON bool and number condition values rejected or stringified.
#[test]
fn pitfall_11_bool_and_number_condition_values_keep_json_types() {
    let text = r#"{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false},"NumericGreaterThan":{"aws:MultiFactorAuthAge":3600,"s3:max-keys":[10,2.5]},"StringEquals":{"aws:username":"true"}}}}"#;
    let policy = round_trips_exactly(text);
    let values: Vec<(&str, ConditionValue)> = policy.statements()[0]
        .condition
        .iter()
        .flat_map(iam_policy::Condition::entries)
        .flat_map(|(_, entry)| {
            entry
                .values
                .iter()
                .map(|value| (entry.key.as_str(), value.clone()))
        })
        .collect();
    assert_eq!(
        values[0],
        ("aws:SecureTransport", ConditionValue::Bool(false))
    );
    assert_eq!(
        values[1],
        (
            "aws:MultiFactorAuthAge",
            ConditionValue::Number(3600.into())
        )
    );
    assert_eq!(values[2].1.type_name(), "number");
    assert_eq!(values[3].1.type_name(), "number");
    assert_eq!(values[3].1.to_text(), "2.5");
    assert_eq!(
        values[4],
        ("aws:username", ConditionValue::String("true".to_owned()))
    );
    let json = to_value(&policy);
    let condition = &json["Statement"]["Condition"];
    assert_eq!(condition["Bool"]["aws:SecureTransport"], json!(false));
    assert_eq!(
        condition["NumericGreaterThan"]["aws:MultiFactorAuthAge"],
        json!(3600)
    );
    assert_eq!(
        condition["NumericGreaterThan"]["s3:max-keys"],
        json!([10, 2.5])
    );
}

// Pitfall 12: `ForAnyValue:…IfExists` cannot be represented; set operators missing.
#[test]
fn pitfall_12_set_operators_with_if_exists_are_representable() {
    let text = r#"{"Statement":{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["team-*"]},"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}}}}"#;
    let policy = round_trips_exactly(text);
    let operators: Vec<ConditionOperator> = condition_entries(&policy)
        .into_iter()
        .map(|(operator, _, _)| operator)
        .collect();
    assert_eq!(
        operators,
        [
            ConditionOperator {
                qualifier: Some(SetQualifier::ForAnyValue),
                base: BaseOperator::StringLike,
                if_exists: true,
            },
            ConditionOperator {
                qualifier: Some(SetQualifier::ForAllValues),
                base: BaseOperator::StringEquals,
                if_exists: false,
            },
        ]
    );
}

// Pitfall 13: duplicate JSON keys silently resolved, last one wins.
#[test]
fn pitfall_13_duplicate_keys_are_errors() {
    let cases = [
        r#"{"Version":"2012-10-17","Version":"2008-10-17","Statement":[]}"#,
        r#"{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Effect":"Deny","Resource":"*"}}"#,
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice","aws:username":"bob"}}}}"#,
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"sts:ExternalId":"a1"},"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}}}"#,
    ];
    for text in cases {
        let found = diagnostics(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].code, "DUPLICATE_KEY", "{text}");
        assert!(
            found[0].message.contains("duplicate key"),
            "{}",
            found[0].message
        );
        // Reported at the second occurrence.
        let key = found[0].message.split('`').nth(1).expect("key named");
        let second = text.rfind(&format!("\"{key}\"")).expect("key present");
        let position = found[0].position.expect("located");
        assert_eq!((position.line, position.column), (1, second + 1), "{text}");
        let serde_error = serde_json::from_str::<Policy>(text).expect_err("serde rejects");
        assert!(
            serde_error.to_string().contains("duplicate key"),
            "{serde_error}"
        );
    }
}

// Pitfall 14: `{AWS:"*"}` rewritten as `"*"`, which breaks trust policies.
#[test]
fn pitfall_14_aws_star_principal_is_not_rewritten() {
    let map = round_trips_exactly(
        r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}}"#,
    );
    let star = round_trips_exactly(
        r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}"#,
    );
    let principal = map.statements()[0]
        .principal
        .as_ref()
        .expect("principal")
        .principal();
    assert_eq!(
        principal,
        &Principal::Map(vec![(PrincipalType::Aws, OneOrMany::One("*".to_owned()))])
    );
    assert_ne!(map, star);
    // Neither the canonical form nor its JSON merges the two.
    assert!(!map.semantically_equals(&star));
    assert_eq!(
        to_value(&map.to_canonical())["Statement"][0]["Principal"],
        json!({"AWS": ["*"]})
    );
    assert_eq!(
        to_value(&star.to_canonical())["Statement"][0]["Principal"],
        json!("*")
    );
}

// Pitfall 15: IAM returns one-element `ForAnyValue` lists as strings; compare canonical forms.
#[test]
fn pitfall_15_canonical_form_equates_single_value_list_and_string() {
    let written = parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["team"]}}}]}"#,
    );
    let returned = parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":"team"}}}]}"#,
    );
    assert_ne!(written, returned, "the model itself keeps the difference");
    assert!(written.semantically_equals(&returned));
    assert_eq!(written.to_canonical(), returned.to_canonical());
    let other = parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":"env"}}}]}"#,
    );
    assert!(!written.semantically_equals(&other));
}

// Pitfall 16: invalid Sid characters generated by builders (aws-iam `auto_named()`, aws-cdk#34827).
#[test]
fn pitfall_16_builder_sids_are_alphanumeric() {
    for bad in [
        "Read-Bucket",
        "read_bucket",
        "Read Bucket",
        "",
        "Réad",
        "a.b",
        "x/y",
    ] {
        let statement = StatementBuilder::allow()
            .sid(bad)
            .action("s3:GetObject")
            .resource("*")
            .build();
        assert!(
            matches!(statement, Err(Error::Build { .. })),
            "{bad:?}: {statement:?}"
        );
        let trust = TrustPolicy::for_account(account("111111111111"), Partition::Aws)
            .sid(bad)
            .build();
        assert!(
            matches!(trust, Err(Error::Build { .. })),
            "{bad:?}: {trust:?}"
        );
        let assume = AssumeRolePolicy::any_role().sid(bad).build();
        assert!(
            matches!(assume, Err(Error::Build { .. })),
            "{bad:?}: {assume:?}"
        );
    }
    for text in [
        "assume admin@dev-eu_1",
        "  ROLE/path/name  ",
        "a.b-c_d e",
        "Ünïcode role 2",
    ] {
        let sid = sid_from(text);
        assert!(
            !sid.is_empty() && sid.bytes().all(|byte| byte.is_ascii_alphanumeric()),
            "{text:?} -> {sid:?}"
        );
        let policy = IdentityPolicy::new()
            .statement(
                StatementBuilder::allow()
                    .sid(sid.clone())
                    .action("s3:GetObject")
                    .resource("*"),
            )
            .build()
            .expect("a generated Sid is accepted");
        assert_eq!(policy.statements()[0].sid.as_deref(), Some(sid.as_str()));
    }
    let ok = StatementBuilder::deny()
        .sid("DenyAll2")
        .action("*")
        .resource("*")
        .build();
    assert_eq!(ok.expect("builds").sid.as_deref(), Some("DenyAll2"));
}

// Pitfall 16 (validator half): invalid Sid characters accepted (moto accepts `-`). IAM, trust,
// SCP and RCP documents allow only A-Z, a-z and 0-9.
#[test]
fn pitfall_16_invalid_sid_characters_are_flagged() {
    let documents = |sid: &str| {
        [
            (
                PolicyKind::Identity,
                format!(
                    r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{sid}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*"}}]}}"#
                ),
            ),
            (
                PolicyKind::Trust,
                format!(
                    r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{sid}","Effect":"Allow","Principal":{{"Service":"ec2.amazonaws.com"}},"Action":"sts:AssumeRole"}}]}}"#
                ),
            ),
            (
                PolicyKind::ServiceControl,
                format!(
                    r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{sid}","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}}]}}"#
                ),
            ),
        ]
    };
    for bad in ["Read-Bucket", "Read Bucket", "read_bucket", "Réad", "a.b"] {
        for (kind, text) in documents(bad) {
            let report = lint(&text, &kind);
            let finding = the_finding(&report, "UNSUPPORTED_SID", "Statement[0].Sid");
            assert_eq!(finding.severity, Severity::Error, "{text}");
            assert!(finding.position.is_some(), "{text}");
        }
    }
    let report = lint(&documents("Read-Bucket")[0].1, &PolicyKind::Identity);
    let finding = the_finding(&report, "UNSUPPORTED_SID", "Statement[0].Sid");
    assert_eq!(finding.help.as_deref(), Some("use `ReadBucket`"));
    for (kind, text) in documents("ReadBucket2") {
        let report = lint(&text, &kind);
        assert_eq!(
            report.with_code("UNSUPPORTED_SID").count(),
            0,
            "{text}:{}",
            listing(&report)
        );
    }
}

// Pitfall 17 (parser half): the first error hides the rest; every error must be reported.
#[test]
fn pitfall_17_every_structural_error_is_reported() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Bad-Sid","Effect":"Alow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Allow","Action":["s3:GetObject",7],"Resource":"*","Condition":{"StringEqual":{"k":"v"}}},{"Effect":"Deny","Acton":"*"}]}"#;
    let found = codes(text);
    assert_eq!(
        found,
        [
            ("INVALID_EFFECT", "Statement[0].Effect".to_owned()),
            ("DATA_TYPE_MISMATCH", "Statement[1].Action[1]".to_owned()),
            (
                "INVALID_CONDITION_OPERATOR",
                "Statement[1].Condition.StringEqual".to_owned()
            ),
            // In position order: the statement before the misspelled key inside it.
            ("MISSING_ACTION", "Statement[2]".to_owned()),
            ("INVALID_POLICY_ELEMENT", "Statement[2].Acton".to_owned()),
        ]
    );
}

// Pitfall 17 (validator half): parliament stops at `INVALID_SID`, so `s3:GetObjectz` in the same
// statement goes unreported. Every finding of every statement must be reported.
#[test]
fn pitfall_17_bad_sid_does_not_hide_an_unknown_action() {
    let text = r#"{"Version":"2012-10-17","Statement":[
  {"Sid":"Read-Reports","Effect":"Allow","Action":["s3:GetObjectz","s3:ListBucket"],"Resource":["arn:aws:s3:::reports-bucket","arn:aws:s3:::reports-bucket/*"]},
  {"Sid":"Write-Reports","Effect":"Allow","Action":"s3:PutObjekt","Resource":"arn:aws:s3:::reports-bucket/*"}
]}"#;
    let report = lint(text, &PolicyKind::Identity);
    the_finding(&report, "UNSUPPORTED_SID", "Statement[0].Sid");
    let action = the_finding(&report, "INVALID_ACTION", "Statement[0].Action[0]");
    assert_eq!(action.help.as_deref(), Some("did you mean `s3:GetObject`?"));
    the_finding(&report, "UNSUPPORTED_SID", "Statement[1].Sid");
    let action = the_finding(&report, "INVALID_ACTION", "Statement[1].Action");
    assert_eq!(action.help.as_deref(), Some("did you mean `s3:PutObject`?"));
    assert!(
        report
            .findings
            .iter()
            .all(|finding| finding.position.is_some())
    );
}

// Pitfall 18: `NotAction` treated as `Action` (parliament's RESOURCE_MISMATCH flags every `iam:*`
// action for `Allow NotAction iam:*`). Excluded actions must never be matched against the
// resources, nor reach the PassRole / service-linked-role lints.
#[test]
fn pitfall_18_not_action_is_not_matched_against_resources() {
    for resource in [
        r#""*""#,
        r#"["arn:aws:s3:::reports-bucket/*","arn:aws:iam::123456789012:role/ops","arn:aws:dynamodb:us-east-1:123456789012:table/Orders"]"#,
    ] {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","NotAction":"iam:*","Resource":{resource}}}]}}"#
        );
        let report = lint(&text, &PolicyKind::Identity);
        for finding in &report.findings {
            assert!(
                !finding.code.starts_with("RESOURCE_")
                    && !finding.code.starts_with("PASS_ROLE_")
                    && !finding.code.starts_with("CREATE_SLR_"),
                "{text}:{}",
                listing(&report)
            );
            assert!(
                !finding.message.contains("`iam:"),
                "a finding names an excluded action:{}",
                listing(&report)
            );
        }
        // The one finding is the lint on `Allow` + `NotAction` itself.
        the_finding(&report, "ALLOW_WITH_NOT_ACTION", "Statement[0].NotAction");
    }
}

// Pitfall 19: the MFA Null pattern is never flagged (parliament compares the method `key.lower`
// with a string). Deny + `Null true`, Deny + `Bool false` and Allow + `BoolIfExists true` must
// all be flagged; the correct forms must not.
#[test]
fn pitfall_19_the_three_mfa_traps_are_flagged() {
    let document = |effect: &str, operator: &str, value: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Action":"ec2:TerminateInstances","Resource":"arn:aws:ec2:us-east-1:123456789012:instance/*","Condition":{{"{operator}":{{"aws:MultiFactorAuthPresent":"{value}"}}}}}}]}}"#
        )
    };
    let cases = [
        (
            "Deny",
            "Null",
            "true",
            Some("MFA_DENY_MISSES_SESSIONS_WITHOUT_MFA"),
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
            "true",
            Some("MFA_BYPASS_WITH_IF_EXISTS"),
        ),
        ("Deny", "BoolIfExists", "false", None),
        ("Allow", "Bool", "true", None),
    ];
    for (effect, operator, value, expected) in cases {
        let text = document(effect, operator, value);
        let report = lint(&text, &PolicyKind::Identity);
        let mfa: Vec<(&str, String)> = found(&report)
            .into_iter()
            .filter(|(code, _)| code.starts_with("MFA_"))
            .collect();
        let path = format!(r#"Statement[0].Condition.{operator}["aws:MultiFactorAuthPresent"]"#);
        match expected {
            Some(code) => assert_eq!(mfa, [(code, path)], "{text}:{}", listing(&report)),
            None => assert!(mfa.is_empty(), "{text}:{}", listing(&report)),
        }
    }
}

// Pitfall 20: an early `return` inside a loop skips later statements (parliament's single-value
// check). Checks that end early for one statement or one value must go on with the next.
#[test]
fn pitfall_20_later_statements_are_still_checked() {
    let text = r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":["dyanmodb:GetItem","s3:GetObjekt"],"Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5","aws:SourceVpc":"vpc-1a2b3c4d"}}},
  {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},
  {"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*","Condition":{"StringEquals":{"aws:TagKeys":"team"}}},
  {"Effect":"Allow","Action":"ec2:Frobnicate*","Resource":"*"}
]}"#;
    let report = lint(text, &PolicyKind::Identity);
    let expected = [
        ("INVALID_SERVICE_IN_ACTION", "Statement[0].Action[0]"),
        ("INVALID_ACTION", "Statement[0].Action[1]"),
        (
            "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
            r#"Statement[0].Condition["ForAllValues:StringEquals"]["aws:PrincipalOrgID"]"#,
        ),
        (
            "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
            r#"Statement[0].Condition["ForAllValues:StringEquals"]["aws:SourceVpc"]"#,
        ),
        (
            "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
            r#"Statement[1].Condition["ForAllValues:StringEquals"]["aws:PrincipalOrgID"]"#,
        ),
        (
            "MISSING_QUALIFIER",
            r#"Statement[2].Condition.StringEquals["aws:TagKeys"]"#,
        ),
        ("INVALID_ACTION", "Statement[3].Action"),
    ];
    let found = found(&report);
    let missing: Vec<_> = expected
        .iter()
        .filter(|(code, path)| !found.iter().any(|(c, p)| c == code && p == path))
        .collect();
    assert!(
        missing.is_empty(),
        "missing {missing:?}:{}",
        listing(&report)
    );
}

// Pitfall 21: admin `Action:"*"` on `Resource:"*"` gets no core finding (parliament).
#[test]
fn pitfall_21_admin_star_on_star_is_flagged() {
    for action in [r#""*""#, r#"["*"]"#, r#""*:*""#] {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":{action},"Resource":"*"}}]}}"#
        );
        let report = lint(&text, &PolicyKind::Identity);
        let finding = the_finding(&report, "FULL_ADMIN_ACCESS", "Statement[0]");
        assert_eq!(finding.severity, Severity::SecurityWarning);
    }
    // Denying everything is not an admin grant.
    let deny =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#;
    assert_eq!(
        lint(deny, &PolicyKind::Identity)
            .with_code("FULL_ADMIN_ACCESS")
            .count(),
        0
    );
}

// Pitfall 22 (parser half): loose operator checks accept `StringEqual`, `Foo` or an `…Exists` suffix.
#[test]
fn pitfall_22_misspelled_operators_are_rejected() {
    for operator in [
        "StringEqual",
        "Foo",
        "stringequals",
        "StringEqualsExists",
        "StringEqualsIfExist",
        "ForAllValue:StringEquals",
        "ForAnyValues:StringEquals",
        "ForAnyValue:",
        "IfExists",
        "",
    ] {
        let text = format!(
            r#"{{"Statement":{{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{{"{operator}":{{"k":"v"}}}}}}}}"#
        );
        let found = codes(&text);
        assert_eq!(found.len(), 1, "{operator}: {found:?}");
        assert_eq!(found[0].0, "INVALID_CONDITION_OPERATOR", "{operator}");
    }
}

// Pitfall 22 (validator half): iam-policy accepts `StringEqual`/`Foo`, cfn-lint accepts an
// `…Exists` suffix and `Null…IfExists`. Through `validate_text` the misspellings are ERROR
// findings, and `NullIfExists` (a valid name that cannot work) is NULL_WITH_IF_EXISTS.
#[test]
fn pitfall_22_loose_operators_are_findings() {
    let document = |operator: &str, key: &str, value: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::reports-bucket/*","Condition":{{"{operator}":{{"{key}":"{value}"}}}}}}]}}"#
        )
    };
    for operator in ["StringEqual", "Foo", "StringEqualsExists"] {
        let report = lint(
            &document(operator, "aws:PrincipalTag/team", "data"),
            &PolicyKind::Identity,
        );
        let path = format!("Statement[0].Condition.{operator}");
        let finding = the_finding(&report, "INVALID_CONDITION_OPERATOR", &path);
        assert_eq!(finding.severity, Severity::Error);
    }
    let report = lint(
        &document("NullIfExists", "s3:x-amz-server-side-encryption", "true"),
        &PolicyKind::Identity,
    );
    let finding = the_finding(
        &report,
        "NULL_WITH_IF_EXISTS",
        "Statement[0].Condition.NullIfExists",
    );
    assert_eq!(finding.severity, Severity::Error);
    // The correct spellings are accepted.
    for (operator, key, value) in [
        ("StringEquals", "aws:PrincipalTag/team", "data"),
        ("StringEqualsIfExists", "aws:PrincipalTag/team", "data"),
        ("Null", "s3:x-amz-server-side-encryption", "true"),
    ] {
        let report = lint(&document(operator, key, value), &PolicyKind::Identity);
        assert!(
            report.findings.is_empty(),
            "{operator}:{}",
            listing(&report)
        );
    }
}

// Pitfall 23: `group` accepted as a principal (cfn-lint); a valid OIDC-provider principal rejected
// (iam-rs).
#[test]
fn pitfall_23_group_principal_rejected_oidc_provider_accepted() {
    let group = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:group/admins"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#;
    let report = lint(group, &PolicyKind::Trust);
    let finding = the_finding(
        &report,
        "IAM_GROUP_AS_PRINCIPAL",
        "Statement[0].Principal.AWS",
    );
    assert_eq!(finding.severity, Severity::Error);
    let bucket = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/ops","arn:aws:iam::111111111111:group/admins"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-datasets/*"}]}"#;
    let report = lint(
        bucket,
        &PolicyKind::Resource {
            resource_type: Some(iam_policy::validate::ResourcePolicyType::S3Bucket),
        },
    );
    the_finding(
        &report,
        "IAM_GROUP_AS_PRINCIPAL",
        "Statement[0].Principal.AWS[1]",
    );

    for text in [
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:example-org/jumpgate:ref:refs/heads/main"}}}]}"#,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub":"system:serviceaccount:default:app","oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud":"sts.amazonaws.com"}}}]}"#,
    ] {
        let report = lint(text, &PolicyKind::Trust);
        assert!(report.findings.is_empty(), "{text}:{}", listing(&report));
    }
}

// Pitfall 24: whitespace counted for IAM documents; IAM ignores it, SCPs/RCPs count everything.
#[test]
fn pitfall_24_size_counts_whitespace_only_for_the_scp_rule() {
    let compact = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Dé","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}"#;
    let policy = parse(compact);
    let pretty = serde_json::to_string_pretty(&policy).expect("serializes");
    assert_eq!(parse(&pretty), policy);
    let whitespace = pretty.chars().filter(|c| c.is_whitespace()).count();
    assert!(whitespace > 0);

    // IAM rule: the layout does not matter.
    assert_eq!(
        text_size(&pretty, SizeRule::IgnoreWhitespace),
        text_size(compact, SizeRule::IgnoreWhitespace)
    );
    assert_eq!(
        policy_size(&policy, SizeRule::IgnoreWhitespace),
        text_size(compact, SizeRule::IgnoreWhitespace)
    );
    // Organizations rule: every character, whitespace included, counted in characters not bytes.
    assert_eq!(
        text_size(&pretty, SizeRule::CountEverything),
        text_size(compact, SizeRule::CountEverything) + whitespace
    );
    assert_eq!(
        text_size(compact, SizeRule::CountEverything),
        compact.chars().count()
    );
    assert_eq!(
        compact.len(),
        compact.chars().count() + 1,
        "`é` is two bytes"
    );
    assert_eq!(
        policy_size(&policy, SizeRule::CountEverything),
        compact.chars().count()
    );
}

fn build_error<T: std::fmt::Debug>(
    name: &str,
    build: impl FnOnce() -> Result<T, Error> + UnwindSafe,
    failures: &mut Vec<String>,
) {
    match panic::catch_unwind(build) {
        Err(_) => failures.push(format!("{name}: panicked")),
        Ok(Ok(value)) => failures.push(format!("{name}: built {value:?}")),
        Ok(Err(Error::Build { message })) if !message.is_empty() => {}
        Ok(Err(other)) => failures.push(format!("{name}: unexpected error {other:?}")),
    }
}

// Pitfall 25: builders panic instead of returning errors.
#[test]
fn pitfall_25_builders_return_errors_not_panics() {
    let jump = || TrustPolicy::for_account(account("111111111111"), Partition::Aws);
    let mut failures = Vec::new();
    build_error(
        "statement without action",
        || StatementBuilder::allow().resource("*").build(),
        &mut failures,
    );
    build_error(
        "statement without resource",
        || StatementBuilder::allow().action("s3:GetObject").build(),
        &mut failures,
    );
    build_error(
        "condition without values",
        || {
            StatementBuilder::allow()
                .action("s3:GetObject")
                .resource("*")
                .condition(
                    BaseOperator::StringEquals,
                    "aws:username",
                    Vec::<String>::new(),
                )
                .build()
        },
        &mut failures,
    );
    build_error(
        "empty identity policy",
        || IdentityPolicy::new().build(),
        &mut failures,
    );
    build_error(
        "duplicate Sids",
        || {
            IdentityPolicy::new()
                .statement(
                    StatementBuilder::allow()
                        .sid("A")
                        .action("s3:GetObject")
                        .resource("*"),
                )
                .statement(
                    StatementBuilder::deny()
                        .sid("A")
                        .action("s3:PutObject")
                        .resource("*"),
                )
                .build()
        },
        &mut failures,
    );
    build_error(
        "trust of no principals",
        || TrustPolicy::for_principals(Vec::<Arn>::new()).build(),
        &mut failures,
    );
    build_error(
        "trust of no services",
        || TrustPolicy::for_services(Vec::<String>::new()).build(),
        &mut failures,
    );
    build_error(
        "trust of a wildcard role",
        || TrustPolicy::for_principals([arn("arn:aws:iam::111111111111:role/*")]).build(),
        &mut failures,
    );
    build_error(
        "trust of a non-IAM ARN",
        || TrustPolicy::for_principals([arn("arn:aws:s3:::bucket")]).build(),
        &mut failures,
    );
    build_error(
        "MFA on a service trust",
        || {
            TrustPolicy::for_services(["ec2.amazonaws.com"])
                .require_mfa()
                .build()
        },
        &mut failures,
    );
    build_error(
        "one-character external id",
        || jump().external_id("x").build(),
        &mut failures,
    );
    build_error(
        "external id with a space",
        || jump().external_id("a b").build(),
        &mut failures,
    );
    build_error(
        "bad organization id",
        || jump().principal_org_id("org-1").build(),
        &mut failures,
    );
    build_error(
        "source account on an account trust",
        || jump().source_account(account("222222222222")).build(),
        &mut failures,
    );
    build_error(
        "principal ARNs on a service trust",
        || {
            TrustPolicy::for_services(["ec2.amazonaws.com"])
                .principal_arns([arn("arn:aws:iam::111111111111:role/x")])
                .build()
        },
        &mut failures,
    );
    build_error(
        "AssumeRole policy without roles",
        || AssumeRolePolicy::new().build(),
        &mut failures,
    );
    build_error(
        "AssumeRole of a wildcard role",
        || {
            AssumeRolePolicy::new()
                .role(arn("arn:aws:iam::222222222222:role/*"))
                .build()
        },
        &mut failures,
    );
    build_error(
        "AssumeRole of a user",
        || {
            AssumeRolePolicy::new()
                .role(arn("arn:aws:iam::222222222222:user/bob"))
                .build()
        },
        &mut failures,
    );
    for service in [
        "ec2",
        "*",
        "EC2.amazonaws.com",
        "ec2..amazonaws.com",
        "ec2.amazonaws.com.evil.example",
    ] {
        build_error(
            &format!("service principal {service:?}"),
            || TrustPolicy::for_services([service]).build(),
            &mut failures,
        );
    }
    assert!(
        failures.is_empty(),
        "builders accepted bad input:\n{}",
        failures.join("\n")
    );

    // The value types the builders take also reject bad input with errors.
    for bad in [
        "",
        "12345",
        "1234567890123",
        "12345678901a",
        "１２３456789012",
    ] {
        assert!(
            matches!(
                bad.parse::<AccountId>(),
                Err(Error::InvalidAccountId { .. })
            ),
            "{bad:?}"
        );
    }
    for bad in [
        "",
        "*",
        "arn:",
        "arn:aws:s3",
        "arn::s3:::b",
        "arn:aws::::x",
        "arn:aws:${x:y",
    ] {
        assert!(
            matches!(bad.parse::<Arn>(), Err(Error::InvalidArn { .. })),
            "{bad:?}"
        );
    }
}

// Pitfall 26: a wildcard that matches zero actions yields an Action-less statement (iam-floyd).
#[test]
fn pitfall_26_wildcard_matching_no_action_is_flagged() {
    assert_eq!(catalog::matching_actions("s3:Frobnicate*").count(), 0);
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Frobnicate*","ec2:Describ?Nothing"],"Resource":"*"}]}"#;
    let report = lint(text, &PolicyKind::Identity);
    for path in ["Statement[0].Action[0]", "Statement[0].Action[1]"] {
        let finding = the_finding(&report, "INVALID_ACTION", path);
        assert_eq!(finding.severity, Severity::Error);
        assert!(
            finding.message.contains("matches no action"),
            "{}",
            finding.message
        );
    }
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","ec2:Describ?Instances","s?s:Send*"],"Resource":"*"}]}"#;
    let report = lint(text, &PolicyKind::Identity);
    assert_eq!(
        report.with_code("INVALID_ACTION").count(),
        0,
        "{}",
        listing(&report)
    );
}

// Pitfall 27: an unknown catalog key type crashes the linter (parliament on `ArrayOfARN`).
#[test]
fn pitfall_27_unknown_key_types_never_crash() {
    // The catalog records this key without a type.
    let key = "kms:RecipientAttestation:PCR8:ServiceName";
    let entry = catalog::condition_key(key).expect("the key is in the catalog");
    assert!(
        matches!(entry.key_type(), KeyType::Unknown(_)),
        "{:?}",
        entry.key_type()
    );
    // Whatever the operator, the type checks pass over it instead of guessing.
    for (operator, value) in [
        ("StringEquals", r#""aws-nitro-enclaves""#),
        ("StringLike", r#""aws-*""#),
        ("NumericLessThan", r#""8""#),
        ("DateGreaterThan", r#""2026-01-01T00:00:00Z""#),
        ("Bool", r#""true""#),
        ("IpAddress", r#""203.0.113.0/24""#),
        ("ArnLike", r#""arn:aws:kms:*:*:key/*""#),
        ("ForAllValues:StringEquals", r#"["a","b"]"#),
        ("ForAnyValue:StringLike", r#"["a*"]"#),
        ("Null", r#""false""#),
    ] {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:us-east-1:123456789012:key/*","Condition":{{"{operator}":{{"{key}":{value}}}}}}}]}}"#
        );
        let report = panic::catch_unwind(|| lint(&text, &PolicyKind::Identity))
            .unwrap_or_else(|_| panic!("the validator panicked on {text}"));
        for code in [
            "TYPE_MISMATCH",
            "MISSING_QUALIFIER",
            "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
            "INVALID_SERVICE_CONDITION_KEY",
        ] {
            assert_eq!(
                report.with_code(code).count(),
                0,
                "{text}:{}",
                listing(&report)
            );
        }
    }

    // The SageMaker Studio managed policies use `ArrayOfARN` keys (`sts:RequestContextProviders`).
    let studio: Vec<_> = support::corpus::managed_policies()
        .into_iter()
        .filter(|managed| managed.name.starts_with("SageMakerStudio"))
        .collect();
    assert!(studio.len() >= 20, "only {} policies", studio.len());
    let mut array_of_arn_keys = Vec::new();
    for managed in &studio {
        let report = panic::catch_unwind(|| {
            validate_text(
                &managed.document,
                &PolicyKind::Identity,
                &Options {
                    aws_managed: true,
                    ..Options::default()
                },
            )
        })
        .unwrap_or_else(|_| panic!("the validator panicked on {}", managed.name));
        assert!(
            report
                .findings
                .iter()
                .all(|finding| finding.position.is_some()),
            "{}",
            managed.name
        );
        let policy = parse(&managed.document);
        for statement in policy.statements() {
            for (_, entry) in statement
                .condition
                .iter()
                .flat_map(iam_policy::Condition::entries)
            {
                if catalog::condition_key(&entry.key)
                    .is_some_and(|key| key.key_type() == KeyType::ArrayOfArn)
                {
                    array_of_arn_keys.push(entry.key.clone());
                }
            }
        }
    }
    assert!(
        !array_of_arn_keys.is_empty(),
        "the SageMaker Studio policies no longer use ArrayOfARN keys"
    );
}

// Pitfall 28: the doc label "General Warning" differs from the API value `WARNING` (Access
// Analyzer). Severities are written with the API values.
#[test]
fn pitfall_28_severities_use_the_api_values() {
    let expected = [
        (Severity::Error, "ERROR"),
        (Severity::SecurityWarning, "SECURITY_WARNING"),
        (Severity::Warning, "WARNING"),
        (Severity::Suggestion, "SUGGESTION"),
    ];
    for (severity, name) in expected {
        assert_eq!(severity.as_str(), name);
        assert_eq!(severity.to_string(), name);
    }
    let report = lint(
        r#"{"Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}"#,
        &PolicyKind::Identity,
    );
    let finding = the_finding(&report, "MISSING_VERSION", "(document)");
    assert_eq!(finding.severity.to_string(), "WARNING");
    assert!(!format!("{}", finding.severity).contains("General"));
}

// Pitfall 29: resource-type names accepted as actions (`iam_action!("ec2:instance")` compiles,
// rusty-cdk).
#[test]
fn pitfall_29_resource_types_are_not_actions() {
    assert!(catalog::action("ec2:instance").is_none());
    for prefix in ["ec2", "s3", "iam", "lambda", "dynamodb", "sqs", "kms"] {
        let service = catalog::service(prefix).expect("service");
        for resource_type in service.resource_types() {
            let name = format!("{prefix}:{}", resource_type.name());
            assert!(catalog::action(&name).is_none(), "{name} is an action");
        }
    }
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:instance","s3:bucket"],"Resource":"*"}]}"#;
    let report = lint(text, &PolicyKind::Identity);
    the_finding(&report, "INVALID_ACTION", "Statement[0].Action[0]");
    the_finding(&report, "INVALID_ACTION", "Statement[0].Action[1]");
}

// Pitfall 30: split service pages keep only the last row, so
// `elasticloadbalancing:ConfigureHealthCheck` and `apigateway:SetWebACL` are rejected
// (rusty-cdk); parliament has duplicate prefixes and lists `iam:ListUsers` twice.
#[test]
fn pitfall_30_split_service_pages_are_merged() {
    for name in [
        // Classic Load Balancer (elasticloadbalancing v1) and ALB/NLB (v2) share one prefix.
        "elasticloadbalancing:ConfigureHealthCheck",
        "elasticloadbalancing:CreateTargetGroup",
        // API Gateway's management and V1/V2 pages share one prefix.
        "apigateway:SetWebACL",
        "apigateway:GET",
    ] {
        let action = catalog::action(name).unwrap_or_else(|| panic!("{name} is missing"));
        assert_eq!(action.full_name(), name);
    }
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["elasticloadbalancing:ConfigureHealthCheck","elasticloadbalancing:CreateTargetGroup","apigateway:SetWebACL"],"Resource":"*"}]}"#;
    let report = lint(text, &PolicyKind::Identity);
    assert!(
        !report
            .findings
            .iter()
            .any(|finding| finding.code.starts_with("INVALID_")),
        "{}",
        listing(&report)
    );
    // One entry per prefix and per action.
    let mut prefixes: Vec<String> = catalog::services()
        .map(|service| service.prefix().to_ascii_lowercase())
        .collect();
    let services = prefixes.len();
    prefixes.sort();
    prefixes.dedup();
    assert_eq!(prefixes.len(), services, "duplicate service prefixes");
    let mut names: Vec<String> = catalog::actions()
        .map(|action| action.full_name().to_ascii_lowercase())
        .collect();
    let actions = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), actions, "duplicate actions");
    assert_eq!(catalog::matching_actions("iam:ListUsers").count(), 1);
}

// Pitfall 31: case-sensitive action matching and ignored `?` (rusty-cdk).
#[test]
fn pitfall_31_actions_match_case_insensitively_and_with_question_marks() {
    for name in ["S3:getobject", "s3:GETOBJECT", "s3:GetObject"] {
        assert_eq!(
            catalog::action(name).map(|action| action.full_name()),
            Some("s3:GetObject"),
            "{name}"
        );
    }
    // `?` is exactly one character.
    let matched: Vec<&str> = catalog::matching_actions("s3:Get?bject")
        .map(|action| action.full_name())
        .collect();
    assert_eq!(matched, ["s3:GetObject"]);
    assert!(
        catalog::matching_actions("S3:GETOBJEC?")
            .any(|action| action.full_name() == "s3:GetObject")
    );
    assert_eq!(catalog::matching_actions("s3:GetObjec??").count(), 0);
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["S3:getobject","s3:Get?bject","EC2:describe*","iam:PassRol?"],"Resource":"*"}]}"#;
    let report = lint(text, &PolicyKind::Identity);
    assert_eq!(
        report.with_code("INVALID_ACTION").count(),
        0,
        "{}",
        listing(&report)
    );
    // `iam:PassRol?` reaches `iam:PassRole` for the security lints too.
    the_finding(
        &report,
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
        "Statement[0].Resource",
    );
}

// Pitfall 32: stale lists (awacs keeps 978 removed actions; parliament's old data yields 1,598
// UNKNOWN_PREFIX / 1,529 UNKNOWN_ACTION on current managed policies). Which actions AWS added
// recently cannot be known here, so: the catalog carries its data version, and fewer than 1% of
// the literal actions in the managed-policy corpus are unknown to it.
#[test]
fn pitfall_32_catalog_is_current_for_the_managed_policies() {
    assert!(!catalog::DATA_VERSION.trim().is_empty());
    assert!(!catalog::DATA_UPDATED.trim().is_empty());
    let (mut literal, mut unknown) = (0usize, Vec::new());
    for managed in support::corpus::managed_policies() {
        for statement in parse(&managed.document).statements() {
            for pattern in statement.action.patterns() {
                let name = pattern.as_str();
                if name.contains(['*', '?']) {
                    continue;
                }
                literal += 1;
                if catalog::action(name).is_none() {
                    unknown.push(name.to_owned());
                }
            }
        }
    }
    assert!(literal > 10_000, "only {literal} literal actions");
    assert!(
        unknown.len() * 100 < literal,
        "{} of {literal} literal actions are unknown: {:?}",
        unknown.len(),
        &unknown[..unknown.len().min(20)]
    );
}

// Pitfall 33: escape hatches accept typos (iam-floyd `to('s3:GetObjekt')`, awacs
// `Action("GetObjekt")`, CDK `s3:prefixx`). The builders take any string; the validator catches
// the typos.
#[test]
fn pitfall_33_typos_in_builder_escape_hatches_are_caught() {
    let policy = IdentityPolicy::new()
        .statement(
            StatementBuilder::allow()
                .sid("ListHome")
                .action("s3:ListBucket")
                .resource("arn:aws:s3:::home-bucket")
                .condition(BaseOperator::StringLike, "s3:prefixx", ["home/*"]),
        )
        .statement(
            StatementBuilder::allow()
                .sid("ReadHome")
                .action("s3:GetObjekt")
                .resource("arn:aws:s3:::home-bucket/home/*"),
        )
        .build()
        .expect("the escape hatches accept any text");
    let report = validate(&policy, &PolicyKind::Identity, &Options::default());
    let action = the_finding(&report, "INVALID_ACTION", "Statement[1].Action");
    assert_eq!(action.help.as_deref(), Some("did you mean `s3:GetObject`?"));
    let key = the_finding(
        &report,
        "INVALID_SERVICE_CONDITION_KEY",
        r#"Statement[0].Condition.StringLike["s3:prefixx"]"#,
    );
    assert_eq!(key.help.as_deref(), Some("did you mean `s3:prefix`?"));

    // The typed constants cannot be misspelled, and validate cleanly.
    use catalog::services::s3;
    let policy = IdentityPolicy::new()
        .statement(
            StatementBuilder::allow()
                .sid("ReadHome")
                .action(s3::actions::GET_OBJECT.as_str())
                .resource(s3::arn::object(Partition::Aws, "home-bucket", "home/*")),
        )
        .build()
        .expect("builds");
    let report = validate(&policy, &PolicyKind::Identity, &Options::default());
    assert!(report.findings.is_empty(), "{}", listing(&report));
}

// Pitfall 34: condition keys never checked against the actions (iam-floyd, CDK, awacs).
#[test]
fn pitfall_34_condition_keys_are_checked_against_actions() {
    let list_bucket = catalog::action("s3:ListBucket").expect("action");
    assert!(list_bucket.supports_condition_key("s3:prefix"));
    assert!(!list_bucket.supports_condition_key("s3:x-amz-acl"));
    let document = |actions: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":{actions},"Resource":["arn:aws:s3:::reports-bucket","arn:aws:s3:::reports-bucket/*"],"Condition":{{"StringEquals":{{"s3:x-amz-acl":"bucket-owner-full-control"}}}}}}]}}"#
        )
    };
    let report = lint(
        &document(r#"["s3:PutObject","s3:ListBucket"]"#),
        &PolicyKind::Identity,
    );
    let finding = the_finding(
        &report,
        "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        r#"Statement[0].Condition.StringEquals["s3:x-amz-acl"]"#,
    );
    assert!(
        finding.message.contains("`s3:ListBucket`") && !finding.message.contains("PutObject"),
        "{}",
        finding.message
    );
    let report = lint(&document(r#""s3:PutObject""#), &PolicyKind::Identity);
    assert_eq!(
        report
            .with_code("UNSUPPORTED_ACTION_FOR_CONDITION_KEY")
            .count(),
        0,
        "{}",
        listing(&report)
    );
}

// Pitfall 35: access level modelled as a single value, although the data has compound levels
// ("Tagging, Write").
#[test]
fn pitfall_35_access_levels_can_be_compound() {
    for name in ["s3:PutObjectTagging", "ec2:CreateTags", "iam:TagRole"] {
        let level = catalog::action(name).expect("action").access_level();
        assert!(
            level.contains(AccessLevel::TAGGING) && level.contains(AccessLevel::WRITE),
            "{name}: {level}"
        );
        assert_eq!(level.len(), 2, "{name}: {level}");
        assert_eq!(level.to_string(), "Tagging, Write", "{name}");
    }
    let level = catalog::action("s3:PutBucketPolicy")
        .expect("action")
        .access_level();
    assert_eq!(
        level,
        AccessLevel::PERMISSIONS_MANAGEMENT.union(AccessLevel::WRITE)
    );
    let single = catalog::action("s3:GetObject")
        .expect("action")
        .access_level();
    assert_eq!(single, AccessLevel::READ);
    assert_eq!(single.len(), 1);
    assert!(
        catalog::actions()
            .filter(|action| action.access_level().len() > 1)
            .count()
            > 100
    );
}

// Pitfall 37: partition hard-coded to `aws` (cdk-iam-floyd since 0.603.0, udondan/iam-floyd#489).
// The generated ARN constructors take the partition.
#[test]
fn pitfall_37_arn_constructors_take_the_partition() {
    use catalog::services::s3;
    assert_eq!(
        s3::arn::bucket(Partition::AwsCn, "b").as_str(),
        "arn:aws-cn:s3:::b"
    );
    assert!(
        s3::arn::object(Partition::AwsUsGov, "b", "k/*")
            .as_str()
            .starts_with("arn:aws-us-gov:s3:::")
    );
    assert!(
        s3::arn::bucket(Partition::Aws, "b")
            .as_str()
            .starts_with("arn:aws:")
    );
    // The validator accepts other partitions' ARNs.
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:ListBucket","Resource":"{}"}}]}}"#,
        s3::arn::bucket(Partition::AwsCn, "reports-bucket").as_str()
    );
    let report = lint(&text, &PolicyKind::Identity);
    assert!(report.findings.is_empty(), "{text}:{}", listing(&report));
}

/// The quoted entries of `const NAME: &[&str] = &[ ... ];` in a source file.
fn const_string_list(source: &str, name: &str) -> Vec<String> {
    let start = source
        .find(&format!("const {name}: &[&str] = &["))
        .unwrap_or_else(|| panic!("{name} is not declared"));
    let body = &source[start..];
    let body = &body[..body.find("];").expect("the list ends")];
    body.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

// Pitfall 38: embedded action lists never checked against the catalog (cloudsplaining's
// `gamelist:` typo for `gamelift:`). The validator's security lists are `pub` consts in the
// private `validate::security` module, unreachable from here, so they are read from the source
// and each entry is checked against the catalog and through the lint that uses it.
#[test]
fn pitfall_38_security_action_lists_exist_in_the_catalog() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/validate/security.rs");
    let source =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    assert!(catalog::service("gamelist").is_none());
    let mut problems = Vec::new();
    for (list, code) in [
        (
            "PRIVILEGE_ESCALATION_ACTIONS",
            "PRIVILEGE_ESCALATION_ON_STAR",
        ),
        (
            "CREDENTIALS_EXPOSURE_ACTIONS",
            "CREDENTIALS_EXPOSURE_ON_STAR",
        ),
    ] {
        let actions = const_string_list(&source, list);
        assert!(actions.len() >= 10, "{list}: {actions:?}");
        for name in &actions {
            match catalog::action(name) {
                None => problems.push(format!("{list}: `{name}` is not a catalog action")),
                Some(action) if action.full_name() != name => problems.push(format!(
                    "{list}: `{name}` is spelled `{}` in the catalog",
                    action.full_name()
                )),
                Some(_) => {}
            }
            let text = format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{name}","Resource":"*"}}]}}"#
            );
            let report = lint(&text, &PolicyKind::Identity);
            let named = report.findings.iter().any(|finding| {
                finding.code == code
                    && finding.path.to_string() == "Statement[0].Resource"
                    && finding.message.contains(&format!("`{name}`"))
            });
            if !named {
                problems.push(format!(
                    "{list}: `{name}` on `*` gives no {code}:{}",
                    listing(&report)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// Pitfall 39: ExternalId matched with `StringLike` by default.
#[test]
fn pitfall_39_external_id_uses_string_equals() {
    let policy = TrustPolicy::for_account(account("111111111111"), Partition::Aws)
        .without_mfa()
        .external_id("Partner*42")
        .build();
    // `*` is not a valid external id character, so a pattern can never be written.
    assert!(matches!(policy, Err(Error::Build { .. })), "{policy:?}");
    let policy = TrustPolicy::for_account(account("111111111111"), Partition::Aws)
        .external_id("Partner-42")
        .build()
        .expect("builds");
    let external: Vec<_> = condition_entries(&policy)
        .into_iter()
        .filter(|(_, key, _)| key == "sts:ExternalId")
        .collect();
    assert_eq!(
        external,
        [(
            ConditionOperator::plain(BaseOperator::StringEquals),
            "sts:ExternalId".to_owned(),
            vec!["Partner-42".to_owned()]
        )]
    );
}

// Pitfall 39 (validator half): `sts:ExternalId` compared with `StringLike` is flagged.
#[test]
fn pitfall_39_external_id_with_like_operator_is_flagged() {
    let document = |operator: &str, value: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::444455556666:root"}},"Action":"sts:AssumeRole","Condition":{{"{operator}":{{"sts:ExternalId":"{value}"}}}}}}]}}"#
        )
    };
    for operator in ["StringLike", "StringLikeIfExists"] {
        let report = lint(&document(operator, "Partner-*"), &PolicyKind::Trust);
        let path = format!(r#"Statement[0].Condition.{operator}["sts:ExternalId"]"#);
        let finding = the_finding(&report, "EXTERNAL_ID_WITH_LIKE_OPERATOR", &path);
        assert_eq!(finding.severity, Severity::SecurityWarning);
    }
    let report = lint(&document("StringEquals", "Partner-42"), &PolicyKind::Trust);
    assert!(report.findings.is_empty(), "{}", listing(&report));
}

// Pitfall 40: `ForAllValues` on single-valued `aws:PrincipalOrgID` is vacuously true.
#[test]
fn pitfall_40_principal_org_id_uses_plain_string_equals() {
    for trust in [
        TrustPolicy::for_account(account("111111111111"), Partition::Aws),
        TrustPolicy::for_principals([arn("arn:aws:iam::111111111111:role/Ops")]),
        TrustPolicy::for_services(["lambda.amazonaws.com"]),
    ] {
        let policy = trust
            .principal_org_id("o-abcdefghij")
            .build()
            .expect("builds");
        let org: Vec<_> = condition_entries(&policy)
            .into_iter()
            .filter(|(_, key, _)| key == "aws:PrincipalOrgID")
            .collect();
        assert_eq!(org.len(), 1, "{org:?}");
        assert_eq!(
            org[0].0,
            ConditionOperator::plain(BaseOperator::StringEquals)
        );
        assert_eq!(org[0].0.qualifier, None, "never ForAllValues/ForAnyValue");
        assert!(
            !org[0].0.if_exists,
            "never IfExists: a missing key must not pass"
        );
        assert_eq!(org[0].2, ["o-abcdefghij"]);
    }
}

// Pitfall 40 (validator half): `ForAllValues` on the single-valued `aws:PrincipalOrgID` is
// vacuously true when the key is absent, and is flagged.
#[test]
fn pitfall_40_for_all_values_on_principal_org_id_is_flagged() {
    let trust = |operator: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"*"}},"Action":"sts:AssumeRole","Condition":{{"{operator}":{{"aws:PrincipalOrgID":"o-abcdefghij"}}}}}}]}}"#
        )
    };
    let report = lint(&trust("ForAllValues:StringEquals"), &PolicyKind::Trust);
    let finding = the_finding(
        &report,
        "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
        r#"Statement[0].Condition["ForAllValues:StringEquals"]["aws:PrincipalOrgID"]"#,
    );
    assert_eq!(finding.severity, Severity::SecurityWarning);
    assert_eq!(finding.help.as_deref(), Some("use `StringEquals`"));
    let report = lint(&trust("StringEquals"), &PolicyKind::Trust);
    assert!(report.findings.is_empty(), "{}", listing(&report));
}

// Pitfall 42: trust examples without MFA; over-broad (`*`) trust.
#[test]
fn pitfall_42_trust_builder_requires_mfa_and_never_trusts_star() {
    let mfa = (
        ConditionOperator::plain(BaseOperator::Bool),
        "aws:MultiFactorAuthPresent".to_owned(),
        vec!["true".to_owned()],
    );
    let trusts = [
        TrustPolicy::for_account(account("111111111111"), Partition::Aws),
        TrustPolicy::for_account(account("111111111111"), Partition::AwsUsGov),
        TrustPolicy::for_principals([arn("arn:aws:iam::111111111111:role/Ops")]),
        TrustPolicy::for_principals([arn("arn:aws:iam::111111111111:user/alice")]),
        TrustPolicy::for_account(account("111111111111"), Partition::Aws).max_mfa_age(900),
        TrustPolicy::for_account(account("111111111111"), Partition::Aws)
            .external_id("Partner-42")
            .principal_org_id("o-abcdefghij"),
    ];
    for trust in trusts {
        let policy = trust.build().expect("builds");
        let entries = condition_entries(&policy);
        assert!(entries.contains(&mfa), "no MFA condition in {entries:?}");
        let statement = &policy.statements()[0];
        let Some(PrincipalElement::Principal(Principal::Map(principals))) = &statement.principal
        else {
            panic!("a principal map expected, got {:?}", statement.principal);
        };
        for (_, values) in principals {
            for value in values {
                assert!(!value.contains('*'), "wildcard principal {value}");
            }
        }
        let json = serde_json::to_string(&policy).expect("serializes");
        assert!(!json.contains(r#""Principal":"*""#), "{json}");
        assert_eq!(parse(&json), policy);
    }
    // Opting out is explicit.
    let without = TrustPolicy::for_account(account("111111111111"), Partition::Aws)
        .without_mfa()
        .external_id("Partner-42")
        .build()
        .expect("builds");
    assert!(!condition_entries(&without).contains(&mfa));
}

// Pitfall 42 (validator half): an over-broad account-root trust (aws-cdk#34074) without MFA,
// external id or organization condition is flagged.
#[test]
fn pitfall_42_foreign_account_trust_without_mfa_is_flagged() {
    let trust = |principal: &str, condition: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{principal}"}},"Action":"sts:AssumeRole"{condition}}}]}}"#
        )
    };
    for principal in [
        "arn:aws:iam::444455556666:root",
        "444455556666",
        "arn:aws:iam::444455556666:role/deploy",
        "*",
    ] {
        let report = lint(&trust(principal, ""), &PolicyKind::Trust);
        let finding = the_finding(&report, "TRUST_WITHOUT_CONDITION", "Statement[0].Principal");
        assert_eq!(finding.severity, Severity::SecurityWarning);
    }
    for condition in [
        r#","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#,
        r#","Condition":{"StringEquals":{"sts:ExternalId":"Partner-42"}}"#,
        r#","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}"#,
    ] {
        let text = trust("arn:aws:iam::444455556666:root", condition);
        let report = lint(&text, &PolicyKind::Trust);
        assert!(report.findings.is_empty(), "{text}:{}", listing(&report));
    }
    // `BoolIfExists` lets long-term keys through, so it does not count as requiring MFA.
    let text = trust(
        "arn:aws:iam::444455556666:root",
        r#","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}"#,
    );
    let report = lint(&text, &PolicyKind::Trust);
    the_finding(&report, "TRUST_WITHOUT_CONDITION", "Statement[0].Principal");
    // The builder's output is never flagged.
    let policy = TrustPolicy::for_account(account("444455556666"), Partition::Aws)
        .build()
        .expect("builds");
    let report = validate(&policy, &PolicyKind::Trust, &Options::default());
    assert!(report.findings.is_empty(), "{}", listing(&report));
}
