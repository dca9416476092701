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
                assert_eq!(
                    as_serde_reads(&parsed.policy),
                    as_serde_reads(policy),
                    "the parsers disagree"
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

/// `policy` as the serde path reads it back: numbers rounded to what serde's data model carries.
fn as_serde_reads(policy: &Policy) -> Policy {
    let text = serde_json::to_string(policy).expect("a policy serializes");
    serde_json::from_str(&text).expect("a serialized policy reads back")
}
