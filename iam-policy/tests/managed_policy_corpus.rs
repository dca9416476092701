//! Every AWS managed policy round-trips losslessly, and its canonical form is stable.

mod support;

use iam_policy::Policy;
use support::corpus::managed_policies;

#[test]
fn corpus_is_complete() {
    let policies = managed_policies();
    assert!(
        policies.len() >= 1_500,
        "only {} policies in the corpus",
        policies.len()
    );
    let single_object_statements = policies
        .iter()
        .filter(|policy| policy.document.contains("\"Statement\":{"))
        .count();
    assert!(
        single_object_statements > 0,
        "the corpus should include single-object statements"
    );
}

#[test]
fn every_managed_policy_round_trips_losslessly() {
    let mut failures = Vec::new();
    for managed in managed_policies() {
        let expected: serde_json::Value =
            serde_json::from_str(&managed.document).expect("corpus is JSON");
        match Policy::from_json(&managed.document) {
            Ok(policy) => {
                let actual = serde_json::to_value(&policy).expect("serializes");
                if actual != expected {
                    failures.push(format!("{}: value differs", managed.name));
                }
                // Stronger than value equality: the compact text is byte-identical, so element
                // order and every string-vs-array choice survived.
                let text = serde_json::to_string(&policy).expect("serializes");
                if text != managed.document {
                    failures.push(format!("{}: text differs", managed.name));
                }
                let through_serde: Policy =
                    serde_json::from_str(&managed.document).expect("serde parses");
                if through_serde != policy {
                    failures.push(format!("{}: serde and text parsers disagree", managed.name));
                }
            }
            Err(error) => failures.push(format!("{}: {error}", managed.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn canonical_forms_are_stable() {
    for managed in managed_policies() {
        let policy = Policy::from_json(&managed.document).expect("parses");
        let canonical = policy.to_canonical();
        assert_eq!(
            canonical.to_canonical(),
            canonical,
            "{}: canonical form is not idempotent",
            managed.name
        );
        let text = serde_json::to_string(&canonical).expect("serializes");
        let reparsed = Policy::from_json(&text).expect("canonical form parses");
        assert_eq!(
            reparsed, canonical,
            "{}: canonical form does not round-trip",
            managed.name
        );
        assert!(policy.semantically_equals(&reparsed), "{}", managed.name);
        // Pretty-printing changes only whitespace, never meaning.
        let pretty = serde_json::to_string_pretty(&policy).expect("serializes");
        assert_eq!(
            Policy::from_json(&pretty).expect("pretty parses"),
            policy,
            "{}",
            managed.name
        );
    }
}

#[test]
fn canonical_form_of_selected_managed_policies() {
    let policies = managed_policies();
    for name in [
        "AmazonS3ReadOnlyAccess",
        "IAMUserChangePassword",
        "AWSOrganizationsReadOnlyAccess",
    ] {
        let managed = policies
            .iter()
            .find(|policy| policy.name == name)
            .unwrap_or_else(|| panic!("{name} is in the corpus"));
        let canonical = Policy::from_json(&managed.document)
            .expect("parses")
            .to_canonical();
        insta::assert_json_snapshot!(name, canonical);
    }
}
