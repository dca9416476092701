//! `jumpgate eval`'s request files on arbitrary bytes: no panic; every error has a code, a
//! message, and a position inside the document where it has one; a request that reads is
//! evaluated, the same way twice, and its explanation names a deciding `Deny` for an explicit
//! deny, only `Allow`s for an allow and no deciding statement for an implicit deny.

#![no_main]

use iam_policy::Effect;
use iam_policy::eval::file::RequestFile;
use iam_policy::eval::{Decision, evaluate};
use jumpgate_fuzz::{check_position, valid_prefix};
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: jumpgate_fuzz::report_stack_overflows(), |data: &[u8]| {
    match RequestFile::parse_bytes(data) {
        Ok(file) => {
            let set = file.policies.as_set();
            let evaluation = evaluate(&file.request, &set);
            assert_eq!(evaluation, evaluate(&file.request, &set), "not deterministic");
            let deciding = &evaluation.explanation.deciding;
            match evaluation.decision {
                Decision::ExplicitDeny => assert!(
                    deciding.iter().any(|statement| statement.effect == Effect::Deny),
                    "an explicit deny without its Deny statement: {evaluation:?}"
                ),
                // The root user of the account may be allowed with no statement at all.
                Decision::Allow => assert!(
                    deciding.iter().all(|statement| statement.effect == Effect::Allow),
                    "an allow decided by a Deny: {evaluation:?}"
                ),
                Decision::ImplicitDeny => assert!(
                    deciding.is_empty(),
                    "an implicit deny with deciding statements: {evaluation:?}"
                ),
            }
        }
        Err(error) => {
            let text = valid_prefix(data);
            assert!(!error.diagnostics().is_empty(), "an error without diagnostics");
            for finding in error.diagnostics() {
                assert!(!finding.code.is_empty(), "{finding:?}: no code");
                assert!(!finding.message.trim().is_empty(), "{finding:?}: no message");
                if let Some(position) = finding.position {
                    check_position(position, text, finding);
                }
            }
        }
    }
});
