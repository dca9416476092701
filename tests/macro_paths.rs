//! `jumpgate::policy!` works for a crate that depends on `jumpgate` alone (the test crate that
//! trybuild builds sees only `jumpgate` and the dev-dependencies, not `iam-policy`).

#[test]
fn policy_macro_through_jumpgate_alone() {
    trybuild::TestCases::new().pass("tests/macro-paths/jumpgate_only.rs");
}
