//! Policies compared by meaning, for the details of a plan and an audit.

use std::collections::BTreeSet;

use iam_policy::Policy;

/// A readable diff of two policies by meaning: each canonical statement flattened into
/// `Element.Sub: value` facts; facts only in `new` are `+`, only in `old` are `-`.
pub fn policy_diff(old: &Policy, new: &Policy) -> Vec<String> {
    let old_facts = facts(old);
    let new_facts = facts(new);
    let mut lines: Vec<String> = new_facts
        .difference(&old_facts)
        .map(|fact| format!("+ {fact}"))
        .collect();
    lines.extend(
        old_facts
            .difference(&new_facts)
            .map(|fact| format!("- {fact}")),
    );
    if lines.is_empty() {
        lines.push("~ statements regrouped (same facts, different statements)".to_owned());
    }
    lines
}

fn facts(policy: &Policy) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Ok(value) = serde_json::to_value(policy.to_canonical()) else {
        return out;
    };
    let statements = value
        .get("Statement")
        .and_then(|statements| statements.as_array())
        .cloned()
        .unwrap_or_default();
    for statement in statements {
        let Some(object) = statement.as_object() else {
            continue;
        };
        for (key, element) in object {
            if key == "Sid" {
                continue;
            }
            flatten(key, element, &mut out);
        }
    }
    out
}

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(object) => {
            for (key, inner) in object {
                flatten(&format!("{prefix}.{key}"), inner, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                flatten(prefix, item, out);
            }
        }
        serde_json::Value::String(text) => {
            out.insert(format!("{prefix}: {text}"));
        }
        other => {
            out.insert(format!("{prefix}: {other}"));
        }
    }
}
