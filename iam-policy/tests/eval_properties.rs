//! Properties of the evaluator over random requests and policy sets drawn from a small
//! vocabulary (so that statements often apply, nearly apply, or collide):
//!
//! * a `Deny` added anywhere never turns a decision into `Allow`;
//! * an `Allow` added to an identity policy never turns `Allow` into a deny;
//! * the explanation's deciding statements, evaluated alone, give the same decision;
//! * `evaluate_decision` explains exactly as `evaluate` does, near misses aside.

use iam_policy::eval::file::RequestFile;
use iam_policy::eval::{Decision, evaluate, evaluate_decision};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

mod eval_support;
use eval_support::reduced;

/// 256 cases per property; failing seeds are not written next to the test.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        max_shrink_iters: 2048,
        ..ProptestConfig::with_cases(256)
    }
}

const A: &str = "111122223333";
const B: &str = "444455556666";
const M: &str = "999988887777";

const PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:sts::111122223333:assumed-role/Dev/alice",
    "arn:aws:sts::111122223333:federated-user/carol",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::444455556666:user/bob",
    "arn:aws:iam::999988887777:user/admin",
    "anonymous",
    "sns.amazonaws.com",
];
const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "ec2:RunInstances",
    "kms:Decrypt",
    "sts:AssumeRole",
];
const RESOURCES: &[&str] = &[
    "arn:aws:s3:::docs/a.txt",
    "arn:aws:s3:::other/b.txt",
    "arn:aws:kms:us-east-1:111122223333:key/k1",
    "arn:aws:iam::111122223333:role/Admin",
    "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
];
const ACTION_PATTERNS: &[&str] = &[
    "*",
    "s3:*",
    "s3:Get*",
    "s3:GetObject",
    "s3:PutObject",
    "ec2:*",
    "kms:*",
    "sts:AssumeRole",
];
const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::docs/*",
    "arn:aws:s3:::*/b.txt",
    "arn:aws:kms:*:111122223333:key/*",
    "arn:aws:iam::*:role/*",
    "arn:aws:s3:::docs/${aws:username}*",
];
const AWS_PRINCIPALS: &[&str] = &[
    "*",
    "111122223333",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::444455556666:root",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:role/Dev",
    "arn:aws:sts::111122223333:assumed-role/Dev/alice",
    "arn:aws:sts::111122223333:federated-user/carol",
];

fn condition() -> impl Strategy<Value = Option<Value>> {
    proptest::option::of(select(vec![
        json!({"StringEquals": {"aws:PrincipalTag/team": "red"}}),
        json!({"StringNotEquals": {"aws:PrincipalTag/team": ["red", "blue"]}}),
        json!({"Bool": {"aws:SecureTransport": "true"}}),
        json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}),
        json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}),
        json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}),
        json!({"ForAnyValue:StringLike": {"aws:TagKeys": ["e*"]}}),
        json!({"Null": {"aws:TokenIssueTime": "true"}}),
        json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}),
        json!({"StringEquals": {"aws:PrincipalAccount": "111122223333"}}),
    ]))
}

fn principal_element() -> impl Strategy<Value = (String, Value)> {
    prop_oneof![
        Just(("Principal".to_owned(), json!("*"))),
        proptest::collection::vec(select(AWS_PRINCIPALS), 1..3)
            .prop_map(|values| ("Principal".to_owned(), json!({ "AWS": values }))),
        Just((
            "Principal".to_owned(),
            json!({"Service": "sns.amazonaws.com"})
        )),
        proptest::collection::vec(select(AWS_PRINCIPALS), 1..4)
            .prop_map(|values| ("NotPrincipal".to_owned(), json!({ "AWS": values }))),
    ]
}

/// A statement; `with_principal` for resource policies and RCPs.
fn statement(effect: &'static str, with_principal: bool) -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(select(ACTION_PATTERNS), 1..3),
        any::<bool>(),
        proptest::collection::vec(select(RESOURCE_PATTERNS), 1..3),
        any::<bool>(),
        condition(),
        principal_element(),
    )
        .prop_map(
            move |(actions, not_action, resources, not_resource, condition, principal)| {
                let mut statement = serde_json::Map::new();
                statement.insert("Effect".into(), json!(effect));
                if with_principal {
                    statement.insert(principal.0, principal.1);
                }
                let action_key = if not_action { "NotAction" } else { "Action" };
                statement.insert(action_key.into(), json!(actions));
                let resource_key = if not_resource {
                    "NotResource"
                } else {
                    "Resource"
                };
                statement.insert(resource_key.into(), json!(resources));
                if let Some(condition) = condition {
                    statement.insert("Condition".into(), condition);
                }
                Value::Object(statement)
            },
        )
}

fn any_statement(with_principal: bool) -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => statement("Allow", with_principal),
        1 => statement("Deny", with_principal),
    ]
}

fn policy(with_principal: bool) -> impl Strategy<Value = Value> {
    proptest::collection::vec(any_statement(with_principal), 1..4)
        .prop_map(|statements| json!({"Version": "2012-10-17", "Statement": statements}))
}

fn levels(with_principal: bool) -> impl Strategy<Value = Value> {
    let full = if with_principal {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]})
    } else {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    };
    proptest::collection::vec(
        (
            any::<bool>(),
            proptest::collection::vec(policy(with_principal), 0..2),
        )
            .prop_map(move |(with_full, mut documents)| {
                if with_full {
                    documents.insert(0, full.clone());
                }
                Value::Array(documents)
            }),
        0..3,
    )
    .prop_map(Value::Array)
}

fn context() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(select(vec!["red", "blue"])),
        proptest::option::of(select(vec!["true", "false"])),
        proptest::option::of(select(vec!["203.0.113.9", "198.51.100.1"])),
        proptest::option::of(proptest::collection::vec(
            select(vec!["env", "owner"]),
            0..3,
        )),
        any::<bool>(),
    )
        .prop_map(|(team, secure, ip, tags, mfa)| {
            let mut context = serde_json::Map::new();
            if let Some(team) = team {
                context.insert("aws:PrincipalTag/team".into(), json!(team));
            }
            if let Some(secure) = secure {
                context.insert("aws:SecureTransport".into(), json!(secure));
            }
            if let Some(ip) = ip {
                context.insert("aws:SourceIp".into(), json!(ip));
            }
            if let Some(tags) = tags {
                context.insert("aws:TagKeys".into(), json!(tags));
            }
            if mfa {
                context.insert("aws:MultiFactorAuthPresent".into(), json!("true"));
            }
            Value::Object(context)
        })
}

fn request_file() -> impl Strategy<Value = Value> {
    (
        (
            select(PRINCIPALS),
            select(ACTIONS),
            select(RESOURCES),
            context(),
        ),
        (
            proptest::collection::vec(policy(false), 0..3),
            proptest::option::of(policy(true)),
            proptest::option::of(policy(false)),
            proptest::option::of(policy(false)),
        ),
        (levels(false), levels(true)),
        (
            select(vec![A, B, M]),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (principal, action, resource, context),
                (identity, resource_policy, boundary, session),
                (scps, rcps),
                (resource_account, in_org),
            )| {
                let mut file = json!({
                    "request": {"principal": principal, "action": action, "resource": resource, "context": context},
                    "policies": {
                        "identity": identity,
                        "resource": resource_policy,
                        "permissions_boundary": boundary,
                        "session": session,
                        "scps": if in_org { scps } else { json!([]) },
                        "rcps": if in_org { rcps } else { json!([]) },
                    },
                    "resource_account": resource_account,
                });
                if in_org {
                    file["org"] = json!({"management_account": M});
                }
                file
            },
        )
}

fn decide(file: &Value) -> Decision {
    let parsed = RequestFile::parse(&file.to_string())
        .unwrap_or_else(|error| panic!("generated file does not parse: {error}\n{file}"));
    evaluate(&parsed.request, &parsed.policies.as_set()).decision
}

/// Where a statement can be added: an identity policy (or a new one), the resource policy, the
/// boundary, the session policy, an SCP or RCP level.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Identity(usize),
    NewIdentity,
    Resource,
    Boundary,
    Session,
    Scp(usize),
    Rcp(usize),
}

fn slot() -> impl Strategy<Value = Slot> {
    prop_oneof![
        (0usize..3).prop_map(Slot::Identity),
        Just(Slot::NewIdentity),
        Just(Slot::Resource),
        Just(Slot::Boundary),
        Just(Slot::Session),
        (0usize..3).prop_map(Slot::Scp),
        (0usize..3).prop_map(Slot::Rcp),
    ]
}

fn push_statement(document: &mut Value, statement: Value) {
    if document.is_null() {
        *document = json!({"Version": "2012-10-17", "Statement": []});
    }
    document["Statement"]
        .as_array_mut()
        .expect("generated statements are arrays")
        .push(statement);
}

/// Adds `statement` at `slot`; returns false when the slot does not exist in this file.
fn add(file: &mut Value, slot: Slot, statement: Value) -> bool {
    let policies = &mut file["policies"];
    match slot {
        Slot::Identity(index) => match policies["identity"]
            .as_array_mut()
            .and_then(|list| list.get_mut(index))
        {
            Some(document) => push_statement(document, statement),
            None => return false,
        },
        Slot::NewIdentity => policies["identity"]
            .as_array_mut()
            .expect("identity list")
            .push(json!({"Version": "2012-10-17", "Statement": [statement]})),
        Slot::Resource => push_statement(&mut policies["resource"], statement),
        Slot::Boundary => push_statement(&mut policies["permissions_boundary"], statement),
        Slot::Session => push_statement(&mut policies["session"], statement),
        Slot::Scp(level) | Slot::Rcp(level) => {
            let key = if matches!(slot, Slot::Scp(_)) {
                "scps"
            } else {
                "rcps"
            };
            match policies[key]
                .as_array_mut()
                .and_then(|levels| levels.get_mut(level))
            {
                Some(documents) => documents
                    .as_array_mut()
                    .expect("level list")
                    .push(json!({"Version": "2012-10-17", "Statement": [statement]})),
                None => return false,
            }
        }
    }
    true
}

/// `file` with an identity policy, a resource policy statement, a boundary statement and a session
/// policy statement allowing everything, and every SCP and RCP level allowing everything: most
/// such requests are allowed, so the property has allowed requests to work on.
fn permissive(mut file: Value) -> Value {
    let everything = json!({"Effect": "Allow", "Action": "*", "Resource": "*"});
    let everyone = json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"});
    add(&mut file, Slot::NewIdentity, everything.clone());
    add(&mut file, Slot::Resource, everyone.clone());
    for key in ["permissions_boundary", "session"] {
        if !file["policies"][key].is_null() {
            push_statement(&mut file["policies"][key], everything.clone());
        }
    }
    for (key, statement) in [("scps", &everything), ("rcps", &everyone)] {
        if let Some(levels) = file["policies"][key].as_array_mut() {
            for level in levels {
                level
                    .as_array_mut()
                    .expect("level list")
                    .push(json!({"Version": "2012-10-17", "Statement": [statement]}));
            }
        }
    }
    file
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_deny_added_anywhere_never_allows(
        file in request_file(),
        slot in slot(),
        deny_with_principal in statement("Deny", true),
        deny_without in statement("Deny", false),
    ) {
        let before = decide(&file);
        let mut changed = file.clone();
        let with_principal = matches!(slot, Slot::Resource | Slot::Rcp(_));
        let deny = if with_principal { deny_with_principal } else { deny_without };
        prop_assume!(add(&mut changed, slot, deny));
        let after = decide(&changed);
        prop_assert!(
            before == Decision::Allow || after != Decision::Allow,
            "{before} became {after} after adding a Deny at {slot:?}\n{changed}"
        );
    }

    #[test]
    fn an_identity_allow_never_denies_an_allowed_request(
        file in request_file().prop_map(permissive),
        index in 0usize..4,
        allow in statement("Allow", false),
    ) {
        let before = decide(&file);
        prop_assume!(before == Decision::Allow);
        let mut changed = file.clone();
        let slot = if index == 3 { Slot::NewIdentity } else { Slot::Identity(index) };
        prop_assume!(add(&mut changed, slot, allow));
        prop_assert_eq!(decide(&changed), Decision::Allow, "{}", changed);
    }

    #[test]
    fn the_deciding_statements_alone_decide_the_same(file in request_file()) {
        let parsed = RequestFile::parse(&file.to_string()).expect("generated files parse");
        let evaluation = evaluate(&parsed.request, &parsed.policies.as_set());
        let alone = reduced(&parsed, &evaluation.explanation.deciding);
        let again = evaluate(&parsed.request, &alone.as_set());
        prop_assert_eq!(
            again.decision,
            evaluation.decision,
            "deciding {:?}\n{}",
            evaluation.explanation.deciding,
            file
        );
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn evaluate_decision_is_evaluate_without_near_misses(file in request_file()) {
        let parsed = RequestFile::parse(&file.to_string()).expect("generated files parse");
        let mut full = evaluate(&parsed.request, &parsed.policies.as_set());
        let quick = evaluate_decision(&parsed.request, &parsed.policies.as_set());
        prop_assert!(quick.explanation.near_misses.is_empty());
        full.explanation.near_misses.clear();
        prop_assert_eq!(quick, full, "{}", file);
    }
}

#[test]
fn the_generator_reaches_every_decision() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = request_file();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..2000 {
        let file = strategy.new_tree(&mut runner).expect("tree").current();
        seen.insert(decide(&file));
    }
    assert_eq!(seen.len(), 3, "only {seen:?}");
}
