//! Comparing a saved plan with the plan made now, both as the JSON [`Plan`](crate::Plan)
//! serializes to: the first item that differs, in words (`jumpgate apply --plan`).
//!
//! Each item of a plan (a change, a conflict, a retained resource, a manual step) is an
//! expectation of what AWS looks like. When the plan made now is not the saved one, the first
//! item that differs is named by its resource and target, as new (AWS now needs it, the saved
//! plan does not have it), gone (the saved plan has it, AWS no longer needs it) or different
//! (both have it, not alike), with the lines that differ.

use serde_json::{Map, Value};

/// The lists of a plan's JSON, in the order they are compared, with what one item is called.
const SECTIONS: [(&str, Section); 4] = [
    ("changes", Section::Change),
    ("conflicts", Section::Conflict),
    ("retained", Section::Retained),
    ("manual", Section::Manual),
];

/// Which part of a plan an item belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// A change (`changes`).
    Change,
    /// A conflict left alone (`conflicts`).
    Conflict,
    /// A managed resource kept without `--prune` (`retained`).
    Retained,
    /// A step left to a person (`manual`).
    Manual,
    /// Another top-level field of the plan's JSON, by name.
    Other(String),
}

/// How the item differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DifferenceKind {
    /// In the plan made now, not in the saved one.
    New,
    /// In the saved plan, not in the plan made now.
    Gone,
    /// In both, not alike.
    Different,
}

/// The first item in which a saved plan and the plan made now differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanDifference {
    /// Which part of the plan.
    pub section: Section,
    /// The item's resource, e.g. ``role `admin` `` (empty for [`Section::Other`]).
    pub resource: String,
    /// Where, as the text of a plan shows it: `organization` or `NAME (ID)`.
    pub target: String,
    /// New, gone or different.
    pub kind: DifferenceKind,
    /// What differs, one line each: `saved: LINE`, `now: LINE`, or a sentence.
    pub lines: Vec<String>,
}

impl std::fmt::Display for PlanDifference {
    /// One line: `change role `admin` in DEV (100000000005) is new: not in the saved plan`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match &self.section {
            Section::Change => "change",
            Section::Conflict => "conflict",
            Section::Retained => "retained resource",
            Section::Manual => "manual step",
            Section::Other(name) => return write!(f, "the plan's `{name}` differs"),
        };
        let how = match self.kind {
            DifferenceKind::New => "is new: not in the saved plan",
            DifferenceKind::Gone => "is gone: in the saved plan, no longer planned",
            DifferenceKind::Different => "is different from the saved plan",
        };
        write!(f, "{what} {} in {} {how}", self.resource, self.target)
    }
}

/// The first item in which `saved` (a saved plan's JSON) and `now` (the JSON of the plan made
/// now) differ: changes first, in plan order, then conflicts, retained resources, manual steps
/// and any other field. `None` exactly when the two values are equal.
pub fn first_difference(saved: &Value, now: &Value) -> Option<PlanDifference> {
    if saved == now {
        return None;
    }
    let empty = Map::new();
    let saved_fields = saved.as_object().unwrap_or(&empty);
    let now_fields = now.as_object().unwrap_or(&empty);
    if saved.is_object() && now.is_object() {
        for (name, section) in SECTIONS {
            let saved_items = items(saved_fields.get(name));
            let now_items = items(now_fields.get(name));
            if let Some(difference) = first_in_list(section, &saved_items, &now_items) {
                return Some(difference);
            }
        }
    }
    // Any other field (or a plan that is not an object at all): named, with both values.
    let other = saved_fields
        .keys()
        .chain(now_fields.keys())
        .find(|name| {
            !SECTIONS.iter().any(|(section, _)| section == name)
                && saved_fields.get(*name) != now_fields.get(*name)
        })
        .cloned();
    let (name, saved_value, now_value) = match other {
        Some(name) => {
            let saved_value = saved_fields.get(&name).cloned().unwrap_or(Value::Null);
            let now_value = now_fields.get(&name).cloned().unwrap_or(Value::Null);
            (name, saved_value, now_value)
        }
        // A list field that is not a list (an empty one reads as missing), or not objects.
        None => ("plan".to_owned(), saved.clone(), now.clone()),
    };
    Some(PlanDifference {
        section: Section::Other(name),
        resource: String::new(),
        target: String::new(),
        kind: DifferenceKind::Different,
        lines: vec![
            format!("saved: {}", compact(&saved_value)),
            format!("now: {}", compact(&now_value)),
        ],
    })
}

/// The items of a list field (missing or not a list: none).
fn items(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// What identifies an item: its target and resource.
fn key(item: &Value) -> (Option<&Value>, Option<&Value>) {
    (item.get("target"), item.get("resource"))
}

/// The first item in which two lists of `section` differ; `None` when they are equal.
fn first_in_list(section: Section, saved: &[&Value], now: &[&Value]) -> Option<PlanDifference> {
    let index = (0..saved.len().max(now.len())).find(|&i| saved.get(i) != now.get(i))?;
    let item = |kind, item: &Value, lines| PlanDifference {
        section: section.clone(),
        resource: resource(item),
        target: target(item.get("target")),
        kind,
        lines,
    };
    let (saved_item, now_item) = match (saved.get(index), now.get(index)) {
        (Some(saved_item), Some(now_item)) => (*saved_item, *now_item),
        (None, Some(now_item)) => {
            return Some(item(
                DifferenceKind::New,
                now_item,
                summary("now", now_item),
            ));
        }
        (Some(saved_item), None) => {
            return Some(item(
                DifferenceKind::Gone,
                saved_item,
                summary("saved", saved_item),
            ));
        }
        (None, None) => return None,
    };
    if key(saved_item) == key(now_item) {
        let lines = differing_lines(saved_item, now_item);
        return Some(item(DifferenceKind::Different, saved_item, lines));
    }
    let later = |list: &[&Value], wanted: &Value| {
        list.iter()
            .skip(index)
            .position(|other| key(other) == key(wanted))
            .map(|offset| index + offset)
    };
    if later(saved, now_item).is_none() {
        return Some(item(
            DifferenceKind::New,
            now_item,
            summary("now", now_item),
        ));
    }
    let Some(moved) = later(now, saved_item) else {
        return Some(item(
            DifferenceKind::Gone,
            saved_item,
            summary("saved", saved_item),
        ));
    };
    // Both plans have it, elsewhere: another order, and perhaps more.
    let mut lines = vec![format!(
        "saved as item {} of `{}`, now item {}",
        index + 1,
        section_name(&section),
        moved + 1
    )];
    if now[moved] != saved_item {
        lines.extend(differing_lines(saved_item, now[moved]));
    }
    Some(item(DifferenceKind::Different, saved_item, lines))
}

/// The JSON field name of `section`.
fn section_name(section: &Section) -> &str {
    match section {
        Section::Change => "changes",
        Section::Conflict => "conflicts",
        Section::Retained => "retained",
        Section::Manual => "manual",
        Section::Other(name) => name,
    }
}

/// What an item that only one plan has says: its action, detail lines or reason, each
/// prefixed with `side` (`saved` or `now`).
fn summary(side: &str, item: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(action) = item.get("action") {
        lines.push(format!("{side}: action {}", compact(action)));
    }
    for detail in strings(item.get("details")) {
        lines.push(format!("{side}: {detail}"));
    }
    if let Some(reason) = item.get("reason").and_then(Value::as_str) {
        lines.push(format!("{side}: {reason}"));
    }
    lines
}

/// The lines in which two items with the same target and resource differ: the action, the
/// detail lines only one of them has, the reason, then the first write call that differs.
fn differing_lines(saved: &Value, now: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    if saved.get("action") != now.get("action") {
        lines.push(format!(
            "action: saved {}, now {}",
            optional(saved.get("action")),
            optional(now.get("action"))
        ));
    }
    let saved_details = strings(saved.get("details"));
    let now_details = strings(now.get("details"));
    if saved_details != now_details {
        let only_saved = without(&saved_details, &now_details);
        let only_now = without(&now_details, &saved_details);
        if only_saved.is_empty() && only_now.is_empty() {
            lines.push("the same detail lines, in another order".to_owned());
        }
        lines.extend(only_saved.iter().map(|line| format!("saved: {line}")));
        lines.extend(only_now.iter().map(|line| format!("now: {line}")));
    }
    if saved.get("reason") != now.get("reason") {
        lines.push(format!("saved: {}", optional(saved.get("reason"))));
        lines.push(format!("now: {}", optional(now.get("reason"))));
    }
    if saved.get("ops") != now.get("ops") {
        let saved_ops = items(saved.get("ops"));
        let now_ops = items(now.get("ops"));
        let index = (0..saved_ops.len().max(now_ops.len()))
            .find(|&i| saved_ops.get(i) != now_ops.get(i))
            .unwrap_or(0);
        let op = |ops: &[&Value]| ops.get(index).map_or("none".to_owned(), |op| compact(op));
        lines.push(format!(
            "write call {} of {} saved, {} now: saved {}, now {}",
            index + 1,
            saved_ops.len(),
            now_ops.len(),
            op(&saved_ops),
            op(&now_ops)
        ));
    }
    // Any other field: named.
    let fields = |value: &Value| value.as_object().map(|map| map.keys().cloned().collect());
    let mut names: Vec<String> = fields(saved).unwrap_or_default();
    names.extend(fields(now).unwrap_or_default());
    names.sort();
    names.dedup();
    for name in names {
        let known = ["target", "resource", "action", "details", "reason", "ops"];
        if !known.contains(&name.as_str()) && saved.get(&name) != now.get(&name) {
            lines.push(format!(
                "{name}: saved {}, now {}",
                optional(saved.get(&name)),
                optional(now.get(&name))
            ));
        }
    }
    lines
}

/// The string items of a list field (others as compact JSON).
fn strings(value: Option<&Value>) -> Vec<String> {
    items(value)
        .into_iter()
        .map(|item| item.as_str().map_or_else(|| compact(item), str::to_owned))
        .collect()
}

/// The lines of `lines` that `other` does not have, counted with multiplicity, in order.
fn without(lines: &[String], other: &[String]) -> Vec<String> {
    let mut left: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for line in other {
        *left.entry(line.as_str()).or_default() += 1;
    }
    lines
        .iter()
        .filter(|line| match left.get_mut(line.as_str()) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

/// The item's resource (its JSON when it is not a string; `an item` when absent).
fn resource(item: &Value) -> String {
    match item.get("resource") {
        Some(Value::String(resource)) => resource.clone(),
        Some(other) => compact(other),
        None => "an item".to_owned(),
    }
}

/// A target's JSON as the text of a plan shows it: `organization` or `NAME (ID)`.
fn target(target: Option<&Value>) -> String {
    let Some(target) = target else {
        return "an unnamed target".to_owned();
    };
    match target.get("kind").and_then(Value::as_str) {
        Some("organization") => "organization".to_owned(),
        Some("account") => match (
            target.get("name").and_then(Value::as_str),
            target.get("id").and_then(Value::as_str),
        ) {
            (Some(name), Some(id)) => format!("{name} ({id})"),
            _ => compact(target),
        },
        _ => compact(target),
    }
}

/// A value's compact JSON, or `none`.
fn optional(value: Option<&Value>) -> String {
    value.map_or("none".to_owned(), compact)
}

/// A value's compact JSON (strings quoted).
fn compact(value: &Value) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Change, ChangeAction, Conflict, Plan, Target};
    use crate::state::AccountRef;
    use serde_json::json;

    fn dev() -> Target {
        Target::Account(AccountRef {
            name: "DEV".to_owned(),
            id: "100000000005".parse().expect("12 digits"),
        })
    }

    fn change(resource: &str, action: ChangeAction, details: &[&str]) -> Change {
        Change {
            target: dev(),
            resource: resource.to_owned(),
            action,
            details: details.iter().map(|line| (*line).to_owned()).collect(),
            ops: Vec::new(),
        }
    }

    fn plan(changes: Vec<Change>) -> Plan {
        Plan {
            changes,
            ..Plan::default()
        }
    }

    fn value(plan: &Plan) -> Value {
        serde_json::to_value(plan).expect("a plan serializes")
    }

    #[test]
    fn equal_plans_have_no_difference() {
        let saved = plan(vec![change(
            "role `admin`",
            ChangeAction::Create,
            &["trust: jump"],
        )]);
        assert_eq!(first_difference(&value(&saved), &value(&saved)), None);
        assert_eq!(
            first_difference(&value(&Plan::default()), &value(&Plan::default())),
            None
        );
    }

    #[test]
    fn a_change_only_now_is_new() {
        let saved = plan(vec![change("role `admin`", ChangeAction::Create, &[])]);
        let now = plan(vec![
            change(
                "role `audit`",
                ChangeAction::Update,
                &["trust policy: + Condition"],
            ),
            change("role `admin`", ChangeAction::Create, &[]),
        ]);
        let difference = first_difference(&value(&saved), &value(&now)).expect("differs");
        assert_eq!(difference.section, Section::Change);
        assert_eq!(difference.kind, DifferenceKind::New);
        assert_eq!(difference.resource, "role `audit`");
        assert_eq!(difference.target, "DEV (100000000005)");
        assert_eq!(
            difference.lines,
            ["now: action \"update\"", "now: trust policy: + Condition"]
        );
        assert_eq!(
            difference.to_string(),
            "change role `audit` in DEV (100000000005) is new: not in the saved plan"
        );
        // At the end of the list too.
        let now = plan(vec![
            change("role `admin`", ChangeAction::Create, &[]),
            change("role `audit`", ChangeAction::Create, &[]),
        ]);
        let difference = first_difference(&value(&saved), &value(&now)).expect("differs");
        assert_eq!(
            (difference.kind, difference.resource.as_str()),
            (DifferenceKind::New, "role `audit`")
        );
    }

    #[test]
    fn a_change_no_longer_planned_is_gone() {
        let saved = plan(vec![
            change("role `admin`", ChangeAction::Create, &["path: /"]),
            change("role `audit`", ChangeAction::Create, &[]),
        ]);
        let now = plan(vec![change("role `audit`", ChangeAction::Create, &[])]);
        let difference = first_difference(&value(&saved), &value(&now)).expect("differs");
        assert_eq!(difference.kind, DifferenceKind::Gone);
        assert_eq!(difference.resource, "role `admin`");
        assert_eq!(
            difference.lines,
            ["saved: action \"create\"", "saved: path: /"]
        );
        assert!(
            difference
                .to_string()
                .ends_with("is gone: in the saved plan, no longer planned")
        );
        let difference =
            first_difference(&value(&saved), &value(&Plan::default())).expect("differs");
        assert_eq!(
            (difference.kind, difference.resource.as_str()),
            (DifferenceKind::Gone, "role `admin`")
        );
    }

    #[test]
    fn a_different_change_names_the_lines_that_differ() {
        let saved = plan(vec![change(
            "role `admin`",
            ChangeAction::Update,
            &["max session: 3600", "trust policy: + Condition A"],
        )]);
        let now = plan(vec![change(
            "role `admin`",
            ChangeAction::Replace,
            &["max session: 3600", "trust policy: + Condition B"],
        )]);
        let difference = first_difference(&value(&saved), &value(&now)).expect("differs");
        assert_eq!(difference.kind, DifferenceKind::Different);
        assert_eq!(
            difference.lines,
            [
                "action: saved \"update\", now \"replace\"",
                "saved: trust policy: + Condition A",
                "now: trust policy: + Condition B",
            ]
        );
        assert_eq!(
            difference.to_string(),
            "change role `admin` in DEV (100000000005) is different from the saved plan"
        );
    }

    #[test]
    fn different_write_calls_are_named() {
        let mut saved = value(&plan(vec![change(
            "role `admin`",
            ChangeAction::Update,
            &[],
        )]));
        let mut now = saved.clone();
        saved["changes"][0]["ops"] = json!([{"op": "tag_role", "name": "admin"}]);
        now["changes"][0]["ops"] = json!([{"op": "tag_role", "name": "admin2"}]);
        let difference = first_difference(&saved, &now).expect("differs");
        assert_eq!(difference.kind, DifferenceKind::Different);
        assert_eq!(
            difference.lines,
            [
                "write call 1 of 1 saved, 1 now: saved {\"name\":\"admin\",\"op\":\"tag_role\"}, \
                 now {\"name\":\"admin2\",\"op\":\"tag_role\"}"
            ]
        );
    }

    #[test]
    fn the_same_changes_in_another_order_are_named() {
        let a = change("role `a`", ChangeAction::Create, &[]);
        let b = change("role `b`", ChangeAction::Create, &[]);
        let saved = plan(vec![a.clone(), b.clone()]);
        let now = plan(vec![b, a]);
        let difference = first_difference(&value(&saved), &value(&now)).expect("differs");
        assert_eq!(difference.kind, DifferenceKind::Different);
        assert_eq!(difference.resource, "role `a`");
        assert_eq!(
            difference.lines,
            ["saved as item 1 of `changes`, now item 2"]
        );
    }

    #[test]
    fn conflicts_and_other_fields_are_compared_after_the_changes() {
        let mut saved = plan(Vec::new());
        saved.conflicts.push(Conflict {
            target: Target::Organization,
            resource: "SCP `deny-all`".to_owned(),
            reason: "not managed".to_owned(),
        });
        let difference =
            first_difference(&value(&saved), &value(&Plan::default())).expect("differs");
        assert_eq!(difference.section, Section::Conflict);
        assert_eq!(difference.target, "organization");
        assert_eq!(difference.lines, ["saved: not managed"]);
        assert!(
            difference
                .to_string()
                .starts_with("conflict SCP `deny-all` in organization")
        );

        let mut edited = value(&Plan::default());
        edited["extra"] = json!(1);
        let difference = first_difference(&edited, &value(&Plan::default())).expect("differs");
        assert_eq!(difference.section, Section::Other("extra".to_owned()));
        assert_eq!(difference.lines, ["saved: 1", "now: null"]);
        assert_eq!(difference.to_string(), "the plan's `extra` differs");

        // Not even an object: still a difference, never `None`.
        let difference = first_difference(&json!([1]), &value(&Plan::default())).expect("differs");
        assert_eq!(difference.section, Section::Other("plan".to_owned()));
    }

    #[test]
    fn detail_lines_in_another_order_are_said_to_be() {
        let saved = plan(vec![change("role `a`", ChangeAction::Update, &["x", "y"])]);
        let now = plan(vec![change("role `a`", ChangeAction::Update, &["y", "x"])]);
        let difference = first_difference(&value(&saved), &value(&now)).expect("differs");
        assert_eq!(
            difference.lines,
            ["the same detail lines, in another order"]
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn a_change() -> impl Strategy<Value = Change> {
            (
                prop::sample::select(vec!["role `a`", "role `b`", "user `c`"]),
                prop::sample::select(vec![ChangeAction::Create, ChangeAction::Update]),
                prop::collection::vec(prop::sample::select(vec!["x", "y", "z"]), 0..3),
            )
                .prop_map(|(resource, action, details)| change(resource, action, &details))
        }

        proptest! {
            /// Two plans have a difference exactly when their JSON differs, and it names an
            /// item of one of them.
            #[test]
            fn a_difference_exactly_when_unequal(
                saved in prop::collection::vec(a_change(), 0..5),
                now in prop::collection::vec(a_change(), 0..5),
            ) {
                let (saved, now) = (value(&plan(saved)), value(&plan(now)));
                let difference = first_difference(&saved, &now);
                prop_assert_eq!(difference.is_some(), saved != now);
                if let Some(difference) = difference {
                    let named = |plan: &Value| {
                        items(plan.get("changes"))
                            .iter()
                            .any(|item| resource(item) == difference.resource)
                    };
                    prop_assert!(named(&saved) || named(&now));
                }
            }
        }
    }
}
