//! One regression test per pitfall of peer tools (anchors.md §4) that applies to parsing,
//! serializing, the canonical form, size accounting or the builders.
//!
//! Covered: 1–16, 24, 25, 39, 40, 42, plus the parser halves of 17 (every error reported) and
//! 22 (loose operator checks).
//!
//! Skipped (validator issue): 18, 19, 20, 21, 23, 26, 27, 28, the finding halves of 17 and 22,
//! and the "flag it in a parsed policy" halves of 5 (trust policy passes validation), 10 (missing
//! `Version` is a warning), 16 (accepting a bad `Sid`), 39 (`StringLike` on `sts:ExternalId`),
//! 40 (`ForAllValues` on `aws:PrincipalOrgID`) and 42 (over-broad account-root trust).
//! Skipped (catalog, validator issue): 29–38. Out of scope for this crate (evaluator, role chains,
//! org tooling, emulator): 41, 43–52.

use std::panic::{self, UnwindSafe};

use iam_policy::builder::{
    AssumeRolePolicy, IdentityPolicy, StatementBuilder, TrustPolicy, sid_from,
};
use iam_policy::size::{SizeRule, policy_size, text_size};
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
fn diagnostics(text: &str) -> Vec<iam_policy::Diagnostic> {
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
        .flat_map(|condition| condition.entries())
        .map(|(operator, entry)| {
            let values = entry.values.iter().map(ConditionValue::to_text).collect();
            (*operator, entry.key.clone(), values)
        })
        .collect()
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

// Pitfall 11: JSON bool and number condition values rejected or stringified.
#[test]
fn pitfall_11_bool_and_number_condition_values_keep_json_types() {
    let text = r#"{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false},"NumericGreaterThan":{"aws:MultiFactorAuthAge":3600,"s3:max-keys":[10,2.5]},"StringEquals":{"aws:username":"true"}}}}"#;
    let policy = round_trips_exactly(text);
    let values: Vec<(&str, ConditionValue)> = policy.statements()[0]
        .condition
        .iter()
        .flat_map(|condition| condition.entries())
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
            ("INVALID_POLICY_ELEMENT", "Statement[2].Acton".to_owned()),
            ("MISSING_ACTION", "Statement[2]".to_owned()),
        ]
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
