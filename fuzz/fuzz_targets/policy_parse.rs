//! The JSON reader and the policy parser on arbitrary bytes: no panic; every error has a code,
//! a message and a position inside the document; `serde_json::from_slice::<Policy>` (the serde
//! path) accepts exactly the documents `parse_policy_bytes` accepts, and reads them to the same
//! policy — up to the digits of numbers serde's data model cannot carry (beyond `u64`/`i64`, or
//! decimals beyond `f64`), which only `parse_policy_bytes` keeps.

#![no_main]

use iam_policy::{Policy, parse_policy_bytes};
use jumpgate_fuzz::check_parse_error;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: jumpgate_fuzz::report_stack_overflows(), |data: &[u8]| {
    let parsed = parse_policy_bytes(data);
    let through_serde = serde_json::from_slice::<Policy>(data);
    match (&parsed, &through_serde) {
        (Ok(parsed), Ok(policy)) => {
            if &parsed.policy != policy {
                assert!(
                    same_up_to_float_rounding(&as_value(&parsed.policy), &as_value(policy)),
                    "the parsers disagree: {:?} != {policy:?}",
                    parsed.policy
                );
            }
        }
        (Err(error), Err(serde_error)) => {
            check_parse_error(error, data);
            assert!(!serde_error.to_string().is_empty());
        }
        (Ok(parsed), Err(serde_error)) => {
            panic!("parse_policy_bytes accepts, serde rejects ({serde_error}): {parsed:?}")
        }
        (Err(error), Ok(policy)) => {
            panic!("serde accepts ({policy:?}), parse_policy_bytes rejects: {error}")
        }
    }
});

/// `policy` as a JSON value (its numbers as serde_json reads them).
fn as_value(policy: &Policy) -> serde_json::Value {
    let text = serde_json::to_string(policy).expect("a policy serializes");
    serde_json::from_str(&text).expect("a serialized policy reads back")
}

/// Whether `a` and `b` are the same but for numbers that agree within a few units in the last
/// place of an `f64` (serde's data model carries no more; its float reading is not always
/// correctly rounded).
fn same_up_to_float_rounding(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            _ if x == y => true,
            (Some(x), Some(y)) => (x - y).abs() <= 4.0 * f64::EPSILON * x.abs().max(y.abs()),
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(x, y)| same_up_to_float_rounding(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| same_up_to_float_rounding(x, y)))
        }
        _ => a == b,
    }
}
