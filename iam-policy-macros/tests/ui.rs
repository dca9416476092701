//! Compile errors of `policy!`: one file per mistake in `tests/ui/`, each with its reviewed
//! `.stderr`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/pass/*.rs");
}
