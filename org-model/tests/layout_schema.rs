//! The committed JSON Schema of the layout (`docs/layout.schema.json`, generated from the
//! layout's types by `cargo xtask codegen`, whose `--check` keeps it current) against what the
//! TOML reader accepts: the seed validates against it, every table of it has exactly the keys the
//! reader knows, and a misspelt key in any table gets "did you mean" with the key it meant.
//!
//! The schema is checked with a small validator of its own (below): it knows the keywords the
//! schema uses and refuses any other, so a new keyword cannot be ignored silently.

use std::collections::BTreeSet;

use iam_policy::edit_distance;
use org_model::{Error, Layout};
use serde_json::Value;

const SCHEMA: &str = include_str!("../../docs/layout.schema.json");
const SEED: &str = include_str!("../../examples/landing-zone.toml");

fn schema() -> Value {
    serde_json::from_str(SCHEMA).expect("the committed schema is JSON")
}

/// A TOML document as the JSON value the schema describes.
fn toml_as_json(text: &str) -> Value {
    let value: toml::Value = toml::from_str(text).expect("valid TOML");
    serde_json::to_value(value).expect("TOML values are JSON values")
}

/// The definition a `$ref` names.
fn definition<'s>(root: &'s Value, reference: &str) -> &'s Value {
    let name = reference
        .strip_prefix("#/definitions/")
        .unwrap_or_else(|| panic!("unsupported $ref `{reference}`"));
    &root["definitions"][name]
}

fn type_matches(kind: &str, instance: &Value) -> bool {
    match kind {
        "object" => instance.is_object(),
        "array" => instance.is_array(),
        "string" => instance.is_string(),
        "integer" => instance.is_i64() || instance.is_u64(),
        "number" => instance.is_number(),
        "boolean" => instance.is_boolean(),
        other => panic!("unsupported type `{other}`"),
    }
}

/// Validates `instance` against `schema`, adding a line per violation to `errors`.
fn validate(root: &Value, schema: &Value, instance: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(keywords) = schema.as_object() else {
        if schema == &Value::Bool(false) {
            errors.push(format!("{at}: not allowed"));
        }
        return;
    };
    for (keyword, value) in keywords {
        match keyword.as_str() {
            "$schema" | "$comment" | "title" | "description" | "default" | "definitions" => {}
            "$ref" => validate(
                root,
                definition(root, value.as_str().expect("$ref is text")),
                instance,
                at,
                errors,
            ),
            "type" => {
                let kinds: Vec<&str> = match value {
                    Value::String(kind) => vec![kind.as_str()],
                    Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
                    other => panic!("unsupported type {other}"),
                };
                if !kinds.iter().any(|kind| type_matches(kind, instance)) {
                    errors.push(format!("{at}: {instance} is not of type {value}"));
                }
            }
            "enum" => {
                if !value.as_array().expect("enum is a list").contains(instance) {
                    errors.push(format!("{at}: {instance} is not one of {value}"));
                }
            }
            "const" => {
                if value != instance {
                    errors.push(format!("{at}: {instance} is not {value}"));
                }
            }
            "pattern" => {
                let pattern = regex_lite::Regex::new(value.as_str().expect("pattern is text"))
                    .expect("the pattern compiles");
                if let Some(text) = instance.as_str()
                    && !pattern.is_match(text)
                {
                    errors.push(format!("{at}: `{text}` does not match `{pattern}`"));
                }
            }
            "minimum" | "maximum" => {
                if let (Some(bound), Some(number)) = (value.as_f64(), instance.as_f64()) {
                    let fits = if keyword == "minimum" {
                        number >= bound
                    } else {
                        number <= bound
                    };
                    if !fits {
                        errors.push(format!("{at}: {number} is beyond the {keyword} {bound}"));
                    }
                }
            }
            "required" => {
                if let Some(object) = instance.as_object() {
                    for name in value.as_array().expect("required is a list") {
                        let name = name.as_str().expect("required names are text");
                        if !object.contains_key(name) {
                            errors.push(format!("{at}: missing `{name}`"));
                        }
                    }
                }
            }
            "properties" => {
                if let Some(object) = instance.as_object() {
                    for (name, property) in value.as_object().expect("properties is an object") {
                        if let Some(member) = object.get(name) {
                            validate(root, property, member, &format!("{at}.{name}"), errors);
                        }
                    }
                }
            }
            "additionalProperties" => {
                if let Some(object) = instance.as_object() {
                    let known = schema.get("properties").and_then(Value::as_object);
                    for (name, member) in object {
                        if known.is_none_or(|known| !known.contains_key(name)) {
                            validate(root, value, member, &format!("{at}.{name}"), errors);
                        }
                    }
                }
            }
            "items" => {
                if let Some(items) = instance.as_array() {
                    for (index, item) in items.iter().enumerate() {
                        validate(root, value, item, &format!("{at}[{index}]"), errors);
                    }
                }
            }
            "allOf" => {
                for option in value.as_array().expect("allOf is a list") {
                    validate(root, option, instance, at, errors);
                }
            }
            "anyOf" | "oneOf" => {
                let matching = value
                    .as_array()
                    .expect("anyOf/oneOf is a list")
                    .iter()
                    .filter(|option| {
                        let mut inner = Vec::new();
                        validate(root, option, instance, at, &mut inner);
                        inner.is_empty()
                    })
                    .count();
                if matching == 0 || (keyword == "oneOf" && matching > 1) {
                    errors.push(format!(
                        "{at}: {instance} matches {matching} of the {keyword} alternatives"
                    ));
                }
            }
            other => panic!("the validator does not know the keyword `{other}` (at {at})"),
        }
    }
}

fn violations(instance: &Value) -> Vec<String> {
    let root = schema();
    let mut errors = Vec::new();
    validate(&root, &root, instance, "$", &mut errors);
    errors
}

#[test]
fn the_seed_validates_against_the_schema() {
    assert_eq!(violations(&toml_as_json(SEED)), Vec::<String>::new());
}

#[test]
fn the_schema_refuses_what_the_reader_refuses() {
    // Each of these is refused by `Layout::from_toml` too (the session length by the checks,
    // `jumpgate check`): the validator is not vacuous.
    let cases = [
        (
            "purpose = \"management\"",
            "purpose = \"managment\"",
            "alternatives",
        ),
        (
            "partition = \"aws\"",
            "partition = \"aws-mars\"",
            "is not one of",
        ),
        ("id = \"100000000000\"", "id = \"1000\"", "does not match"),
        (
            "alias = \"example-root\"",
            "alis = \"example-root\"",
            "not allowed",
        ),
        (
            "max_session_duration = 43200",
            "max_session_duration = \"long\"",
            "not of type",
        ),
        (
            "max_session_duration = 43200",
            "max_session_duration = 50000",
            "beyond the maximum",
        ),
        ("group = \"auditors\"\n", "", "missing `group`"),
        (
            "aws_managed = \"ReadOnlyAccess\"",
            "aws_managed = \"ReadOnlyAccess\"\npolicy = \"{}\"",
            "alternatives",
        ),
    ];
    for (valid, invalid, expected) in cases {
        assert!(SEED.contains(valid), "{valid}");
        let text = SEED.replacen(valid, invalid, 1);
        match Layout::from_toml(&text) {
            Err(_) => {}
            Ok(layout) => assert!(
                org_model::check(&layout).has_errors(),
                "neither the reader nor the checks refuse {invalid}"
            ),
        }
        let found = violations(&toml_as_json(&text));
        assert!(
            found.iter().any(|violation| violation.contains(expected)),
            "{invalid}: {found:?}"
        );
    }
}

/// A table of the schema: its path of keys from the root, whether each step is an array of
/// tables, and the names of its keys (over all its forms).
struct Table {
    path: Vec<String>,
    arrays: Vec<bool>,
    keys: BTreeSet<String>,
}

/// The schema `value` stands for: `$ref` and a lone `allOf: [$ref]` followed.
fn resolve<'s>(root: &'s Value, value: &'s Value) -> &'s Value {
    if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        return resolve(root, definition(root, reference));
    }
    if let Some([only]) = value
        .get("allOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        return resolve(root, only);
    }
    value
}

/// The forms of a table: the alternatives of `anyOf`/`oneOf`, or the table itself; `None` when
/// `schema` is not a table of named keys.
fn forms<'s>(root: &'s Value, schema: &'s Value) -> Option<Vec<&'s Value>> {
    let forms: Vec<&Value> = match schema.get("anyOf").or_else(|| schema.get("oneOf")) {
        Some(Value::Array(options)) => options.iter().map(|option| resolve(root, option)).collect(),
        _ => vec![schema],
    };
    forms
        .iter()
        .all(|form| form.get("properties").is_some())
        .then_some(forms)
}

/// Every table of the schema, from the root down.
fn tables(root: &Value) -> Vec<Table> {
    let mut found = Vec::new();
    let mut pending = vec![(Vec::new(), Vec::new(), root)];
    while let Some((path, arrays, schema)) = pending.pop() {
        let forms = forms(root, schema).expect("a table");
        let mut keys = BTreeSet::new();
        for form in &forms {
            for (name, property) in form["properties"].as_object().expect("an object") {
                keys.insert(name.clone());
                let property = resolve(root, property);
                let (target, array) = match property.get("items") {
                    Some(items) => (resolve(root, items), true),
                    None => (property, false),
                };
                if forms_of_table(root, target) && path.len() < 8 {
                    let mut child_path: Vec<String> = path.clone();
                    child_path.push(name.clone());
                    let mut child_arrays: Vec<bool> = arrays.clone();
                    child_arrays.push(array);
                    pending.push((child_path, child_arrays, target));
                }
            }
        }
        found.push(Table { path, arrays, keys });
    }
    found
}

fn forms_of_table(root: &Value, schema: &Value) -> bool {
    forms(root, schema).is_some()
}

/// A layout file that opens `table` (every header on its path) and writes `key = 1` in it.
fn document_with_key(table: &Table, key: &str) -> String {
    let mut text = String::new();
    for depth in 1..=table.path.len() {
        let dotted = table.path[..depth].join(".");
        if table.arrays[depth - 1] {
            text.push_str(&format!("[[{dotted}]]\n"));
        } else {
            text.push_str(&format!("[{dotted}]\n"));
        }
    }
    text.push_str(&format!("{key} = 1\n"));
    text
}

/// A misspelling of `key` that is no key of the table: its middle character dropped, or its
/// last doubled (short keys first try that), or an `x` appended.
fn misspelt(key: &str, keys: &BTreeSet<String>) -> String {
    let middle = key.len() / 2;
    let dropped = format!("{}{}", &key[..middle], &key[middle + 1..]);
    let doubled = format!("{key}{}", &key[key.len() - 1..]);
    let candidates = if key.len() >= 4 {
        [dropped, doubled, format!("{key}x")]
    } else {
        [doubled, dropped, format!("{key}x")]
    };
    candidates
        .into_iter()
        .find(|candidate| !candidate.is_empty() && !keys.contains(candidate))
        .expect("`{key}x` is no key when `{key}` is one")
}

/// The names the reader's error lists as expected (between backticks, after "expected").
fn expected_names(message: &str) -> BTreeSet<String> {
    let list = message.split_once("expected ").map_or_else(
        || panic!("no expected names in: {message}"),
        |(_, rest)| rest.split("; did you mean").next().unwrap_or(rest),
    );
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_table_has_exactly_the_keys_the_reader_accepts_and_misspellings_get_did_you_mean() {
    let root = schema();
    let tables = tables(&root);
    assert!(tables.len() >= 10, "{} tables", tables.len());
    let mut failures = Vec::new();
    for table in &tables {
        for key in &table.keys {
            let wrong = misspelt(key, &table.keys);
            let text = document_with_key(table, &wrong);
            let message = match Layout::from_toml(&text) {
                Err(Error::Layout { message, .. }) => message,
                other => panic!("{text}: {other:?}"),
            };
            let accepted = expected_names(&message);
            if accepted != table.keys {
                failures.push(format!(
                    "[{}]: the reader accepts {accepted:?}, the schema has {:?}",
                    table.path.join("."),
                    table.keys
                ));
            }
            // The suggestion is a key of the table, at least as close as the one misspelt (two
            // keys may be as close to a misspelling).
            let suggested = message
                .rsplit_once("; did you mean `")
                .and_then(|(_, rest)| rest.strip_suffix("`?"));
            let fits = suggested.is_some_and(|suggested| {
                table.keys.contains(suggested)
                    && edit_distance(&wrong, suggested) <= edit_distance(&wrong, key)
            });
            if !fits {
                failures.push(format!("{text}: {message}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
