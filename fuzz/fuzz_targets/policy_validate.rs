//! The validator on arbitrary bytes, under every policy kind: no panic; every finding has a
//! code, a message and a position inside the document; an unreadable document always has an
//! ERROR; and validating the parsed policy alone gives exactly the findings `validate_bytes`
//! gives (the text is only a shortcut, never a different answer).

#![no_main]

use iam_policy::parse_policy_bytes;
use iam_policy::validate::{Options, PolicyKind, validate, validate_bytes};
use jumpgate_fuzz::{check_position, valid_prefix};
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: jumpgate_fuzz::report_stack_overflows(), |data: &[u8]| {
    let kinds = PolicyKind::ALL;
    let options = Options::default();
    let parsed = parse_policy_bytes(data).ok();
    let text = valid_prefix(data);
    for kind in &kinds {
        let report = validate_bytes(data, kind, &options);
        for finding in &report.findings {
            assert!(!finding.code.is_empty(), "{finding:?}: no code");
            assert!(
                !finding.message.trim().is_empty(),
                "{finding:?}: no message"
            );
            let position = finding
                .position
                .unwrap_or_else(|| panic!("{kind:?}: {finding:?}: no position"));
            check_position(position, text, finding);
        }
        match &parsed {
            Some(parsed) => {
                let mut alone = validate(&parsed.policy, kind, &options);
                alone.locate(parsed);
                assert_eq!(alone, report, "{kind:?}: the text changed the findings");
            }
            None => assert!(report.has_errors(), "{kind:?}: unreadable, yet no ERROR"),
        }
    }
});
