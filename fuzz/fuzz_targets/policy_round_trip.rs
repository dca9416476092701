//! The lossless model, on every document the parser accepts:
//!
//! * serialized (compact and pretty), it reparses to the same policy, and serializing that gives
//!   the same text again;
//! * serialized, it is the same JSON value as the input (nothing added, dropped or changed);
//! * its canonical form is idempotent, means the same, and round-trips through JSON;
//! * its size, counted from the policy, is the size of its compact text.

#![no_main]

use iam_policy::size::{SizeRule, policy_size, text_size};
use iam_policy::{Policy, parse_policy_bytes};
use libfuzzer_sys::{Corpus, fuzz_target};
use serde_json::Value;

fn reparse(text: &str, what: &str) -> Policy {
    Policy::from_json(text)
        .unwrap_or_else(|error| panic!("{what} does not reparse: {error}\n{text}"))
}

fuzz_target!(init: jumpgate_fuzz::report_stack_overflows(), |data: &[u8]| -> Corpus {
    let Ok(parsed) = parse_policy_bytes(data) else {
        return Corpus::Reject;
    };
    let policy = parsed.policy;

    let compact = serde_json::to_string(&policy).expect("a policy serializes");
    let reparsed = reparse(&compact, "the compact text");
    assert_eq!(
        reparsed, policy,
        "the compact text reads back differently\n{compact}"
    );
    assert_eq!(
        serde_json::to_string(&reparsed).expect("serializes"),
        compact
    );

    let pretty = serde_json::to_string_pretty(&policy).expect("a policy serializes");
    assert_eq!(reparse(&pretty, "the pretty text"), policy, "{pretty}");

    // Lossless: the same JSON value as the input, member for member.
    let input: Value = serde_json::from_slice(data).expect("a parsed policy is JSON");
    let output: Value = serde_json::from_str(&compact).expect("compact text is JSON");
    assert_eq!(input, output, "serializing changed the document\n{compact}");

    let canonical = policy.to_canonical();
    assert_eq!(
        canonical.to_canonical(),
        canonical,
        "the canonical form is not idempotent"
    );
    assert!(policy.semantically_equals(&canonical));
    let canonical_text = serde_json::to_string(&canonical).expect("serializes");
    let canonical_reparsed = reparse(&canonical_text, "the canonical text");
    assert_eq!(canonical_reparsed, canonical, "{canonical_text}");
    assert!(canonical_reparsed.semantically_equals(&policy));

    for rule in [SizeRule::IgnoreWhitespace, SizeRule::CountEverything] {
        assert_eq!(policy_size(&policy, rule), text_size(&compact, rule));
    }
    Corpus::Keep
});
