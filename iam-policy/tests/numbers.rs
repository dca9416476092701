//! Numbers keep their text from parse to serialization, and compare by value in the canonical
//! form.

use iam_policy::{ConditionValue, JsonNumber, Policy};

/// A policy with one condition whose values are `values` (JSON text) under `operator`.
fn policy_with(operator: &str, values: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{{"{operator}":{{"s3:max-keys":{values}}}}}}}]}}"#
    )
}

const SPELLINGS: [&str; 9] = [
    "123456789012345678901234567890",
    "1E2",
    "1.50",
    "-0",
    "0.5e-3",
    "1e+2",
    "-12.000",
    "18446744073709551616",
    "2.2250738585072014e-308",
];

#[test]
fn numbers_serialize_exactly_as_written() {
    for spelling in SPELLINGS {
        let text = policy_with("NumericEquals", spelling);
        let policy = Policy::from_json(&text).expect("parses");
        assert_eq!(serde_json::to_string(&policy).expect("serializes"), text);
        let pretty = serde_json::to_string_pretty(&policy).expect("serializes");
        assert!(
            pretty.contains(&format!("\"s3:max-keys\": {spelling}\n")),
            "{pretty}"
        );
        // Reading the output again gives the same text once more.
        let again = Policy::from_json(&pretty).expect("parses");
        assert_eq!(serde_json::to_string(&again).expect("serializes"), text);
        // The value is what serde_json reads from the original.
        let expected: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(serde_json::to_value(&policy).expect("converts"), expected);
    }
}

#[test]
fn number_values_keep_their_text_in_the_model() {
    let text = policy_with("NumericEquals", "[1.50, 1E2, -0]");
    let policy = Policy::from_json(&text).expect("parses");
    let condition = policy.statements()[0]
        .condition
        .as_ref()
        .expect("condition");
    let (_, entry) = condition.entries().next().expect("one entry");
    let written: Vec<String> = entry.values.iter().map(ConditionValue::to_text).collect();
    assert_eq!(written, ["1.50", "1E2", "-0"]);
}

#[test]
fn the_canonical_form_compares_numbers_by_value() {
    let canonical = |operator: &str, values: &str| {
        Policy::from_json(&policy_with(operator, values))
            .expect("parses")
            .to_canonical()
    };
    // One value, however it is spelled.
    for operator in ["NumericEquals", "StringEquals"] {
        let reference = canonical(operator, "1.5");
        for spelling in ["1.50", "15E-1", "0.15e1", "[1.5, 1.50]"] {
            assert_eq!(
                canonical(operator, spelling),
                reference,
                "{operator} {spelling}"
            );
        }
        assert_ne!(canonical(operator, "1.51"), reference, "{operator}");
        assert_eq!(canonical(operator, "-0"), canonical(operator, "0"));
        assert_eq!(canonical(operator, "1E2"), canonical(operator, "100"));
    }
    // A number is the string of its value's canonical spelling...
    assert_eq!(
        canonical("StringEquals", "1.50"),
        canonical("StringEquals", "\"1.5\"")
    );
    // ...but strings compare as text, except under `Numeric` operators, which compare values.
    assert_ne!(
        canonical("StringEquals", "\"1.50\""),
        canonical("StringEquals", "1.5")
    );
    assert_eq!(
        canonical("NumericEquals", "\"1.50\""),
        canonical("NumericEquals", "15E-1")
    );
    // What the canonical form prints.
    let printed = serde_json::to_string(&canonical("NumericEquals", "[1.50, 1E2, -0, 2e40]"))
        .expect("serializes");
    assert!(
        printed.contains(r#""s3:max-keys":["0","1.5","100","2e40"]"#),
        "{printed}"
    );
}

#[test]
fn equal_values_make_equal_policies() {
    let a = Policy::from_json(&policy_with("NumericEquals", "1.50")).expect("parses");
    let b = Policy::from_json(&policy_with("NumericEquals", "15E-1")).expect("parses");
    assert_eq!(a, b);
    assert!(a.semantically_equals(&b));
    let c = Policy::from_json(&policy_with("NumericEquals", "1.51")).expect("parses");
    assert_ne!(a, c);
}

#[test]
fn numbers_out_of_range_are_located_errors() {
    let text = policy_with("NumericEquals", "1e999");
    let error = Policy::from_json(&text).expect_err("out of range");
    let diagnostic = error.first().expect("one diagnostic");
    assert!(
        diagnostic
            .message
            .contains("number `1e999` is out of range"),
        "{diagnostic}"
    );
    assert_eq!(
        diagnostic.position.map(|position| position.column),
        text.find("1e999").map(|offset| offset + 1)
    );
    assert!("1e999".parse::<JsonNumber>().is_err());
}
