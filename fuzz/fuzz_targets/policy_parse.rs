//! The JSON reader and the policy parser on arbitrary bytes: no panic; every error has a code,
//! a message and a position inside the document; `serde_json::from_slice::<Policy>` (the serde
//! path) accepts exactly the documents `parse_policy_bytes` accepts, and reads them to the same
//! policy.

#![no_main]

use iam_policy::{Policy, parse_policy_bytes};
use jumpgate_fuzz::check_parse_error;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: jumpgate_fuzz::report_stack_overflows(), |data: &[u8]| {
    let parsed = parse_policy_bytes(data);
    let through_serde = serde_json::from_slice::<Policy>(data);
    match (&parsed, &through_serde) {
        (Ok(parsed), Ok(policy)) => assert_eq!(&parsed.policy, policy, "the parsers disagree"),
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
