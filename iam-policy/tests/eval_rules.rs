//! The evaluator against hand-written cases: one test per evaluation rule, each rule with cases on
//! both sides of it, and the documentation's worked examples. The cases live in
//! `tests/eval_cases/*.json` as `jumpgate eval` request files with `"expected"`, `"rule"` tags and
//! the AWS documentation page (`"doc"`) that states the rule; the peer comparison script
//! (`scripts/bench-eval.sh --cases`) runs the TypeScript peer on the same files.

use iam_policy::eval::file::RequestFile;
use iam_policy::eval::{Decision, Evaluation, evaluate};
use serde_json::Value;

mod eval_support;
use eval_support::reduced;

const GROUPS: [(&str, &str); 2] = [
    ("rules", include_str!("eval_cases/rules.json")),
    ("doc_examples", include_str!("eval_cases/doc_examples.json")),
];

struct Case {
    id: String,
    rules: Vec<String>,
    doc: String,
    expected: Decision,
    file: RequestFile,
}

fn decision(name: &str) -> Decision {
    match name {
        "Allow" => Decision::Allow,
        "ExplicitDeny" => Decision::ExplicitDeny,
        "ImplicitDeny" => Decision::ImplicitDeny,
        other => panic!("unknown decision `{other}`"),
    }
}

fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    for (group, text) in GROUPS {
        let list: Vec<Value> = serde_json::from_str(text).expect(group);
        for value in list {
            let id = value["id"].as_str().expect("id").to_owned();
            let file = RequestFile::parse(&value.to_string())
                .unwrap_or_else(|error| panic!("{group}/{id}: {error}"));
            all.push(Case {
                rules: value["rule"]
                    .as_array()
                    .expect("rule")
                    .iter()
                    .map(|rule| rule.as_str().expect("rule tag").to_owned())
                    .collect(),
                doc: value["doc"].as_str().expect("doc").to_owned(),
                expected: decision(value["expected"].as_str().expect("expected")),
                id,
                file,
            });
        }
    }
    all
}

fn run(case: &Case) -> Evaluation {
    evaluate(&case.file.request, &case.file.policies.as_set())
}

/// Checks every case tagged `rule`, and that the rule has cases on both sides (an allow and a
/// deny).
fn check_rule(rule: &str) {
    let cases: Vec<Case> = cases()
        .into_iter()
        .filter(|case| case.rules.iter().any(|tag| tag == rule))
        .collect();
    assert!(!cases.is_empty(), "no case for rule `{rule}`");
    let mut failures = Vec::new();
    for case in &cases {
        let evaluation = run(case);
        if evaluation.decision != case.expected {
            failures.push(format!(
                "{}: got {}, expected {} (per {})\n  {:#?}",
                case.id, evaluation.decision, case.expected, case.doc, evaluation.explanation
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let allows = cases.iter().any(|case| case.expected == Decision::Allow);
    let denies = cases.iter().any(|case| case.expected != Decision::Allow);
    assert!(allows && denies, "rule `{rule}` needs a case on each side");
}

macro_rules! rules {
    ($($test:ident => $rule:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_rule($rule);
            }
        )*

        const RULES: &[&str] = &[$($rule),*];
    };
}

rules! {
    explicit_deny_wins_in_every_policy_type => "explicit-deny-wins",
    requests_are_implicitly_denied_by_default => "implicit-deny-default",
    every_scp_level_must_allow => "scp-every-level",
    scps_skip_management_account_service_linked_roles_and_services => "scp-exemptions",
    root_user => "root-user",
    rcps => "rcps",
    same_account_resource_policy_by_principal_type => "same-account-resource-policy",
    cross_account_needs_both_sides => "cross-account",
    trust_and_key_policies_must_allow_explicitly => "trust-and-key-policies",
    not_principal => "notprincipal",
    not_action => "notaction",
    not_resource => "notresource",
    string_operators => "condition-string",
    condition_keys_ignore_case_values_do_not => "condition-keys-case",
    numeric_operators => "condition-numeric",
    date_operators => "condition-date",
    bool_operator => "condition-bool",
    binary_operator => "condition-binary",
    ip_operators => "condition-ip",
    arn_operators => "condition-arn",
    if_exists => "condition-if-exists",
    absent_keys => "condition-absent-key",
    null_operator => "condition-null",
    set_operators_on_missing_and_empty_keys => "condition-set-operators",
    keys_and_values_combine => "condition-logic",
    policy_variables => "policy-variables",
    actions_ignore_case_resources_do_not => "case-rules",
    arn_wildcards => "arn-wildcards",
    derived_context_keys => "derived-keys",
    get_caller_identity_is_always_allowed => "get-caller-identity",
    anonymous_callers => "anonymous",
    doc_example_explicit_and_implicit_denies => "example-explicit-implicit",
    doc_example_single_account => "example-single-account",
    doc_example_permissions_boundary => "example-boundary",
    doc_example_scp_strategies => "example-scp",
    doc_example_rcp => "example-rcp",
    doc_example_cross_account => "example-cross-account",
    doc_example_condition_operators => "example-operators",
    doc_example_multivalued_keys => "example-multivalued",
    doc_example_variables => "example-variables",
    doc_example_not_principal => "example-notprincipal",
}

#[test]
fn every_case_belongs_to_a_tested_rule_and_cites_a_page() {
    for case in cases() {
        assert!(
            case.rules.iter().any(|rule| RULES.contains(&rule.as_str())),
            "{} has no tested rule",
            case.id
        );
        assert!(
            case.doc.starts_with("https://docs.aws.amazon.com/"),
            "{} cites no AWS documentation page",
            case.id
        );
    }
}

#[test]
fn deciding_statements_alone_give_the_same_decision() {
    for case in cases() {
        let evaluation = run(&case);
        let alone = reduced(&case.file, &evaluation.explanation.deciding);
        let again = evaluate(&case.file.request, &alone.as_set());
        assert_eq!(
            again.decision, evaluation.decision,
            "{}: the deciding statements {:?} alone give {}",
            case.id, evaluation.explanation.deciding, again.decision
        );
    }
}

#[test]
fn explanations_name_what_decided() {
    for case in cases() {
        let evaluation = run(&case);
        let explanation = &evaluation.explanation;
        match evaluation.decision {
            Decision::ExplicitDeny => {
                assert_eq!(explanation.deciding.len(), 1, "{}", case.id);
                assert!(explanation.matched.contains(&explanation.deciding[0]));
                assert!(explanation.reason.is_none());
            }
            Decision::ImplicitDeny => {
                assert!(explanation.deciding.is_empty(), "{}", case.id);
                assert!(explanation.reason.is_some(), "{}", case.id);
            }
            Decision::Allow => {
                assert!(explanation.reason.is_none(), "{}", case.id);
                for statement in &explanation.deciding {
                    assert!(explanation.matched.contains(statement), "{}", case.id);
                }
            }
        }
    }
}
