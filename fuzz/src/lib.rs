//! Checks shared by the fuzz targets in `fuzz_targets/`: what every error and finding must
//! satisfy, whatever the input.

use iam_policy::{ParseError, Position};

/// Lets libFuzzer report a stack overflow like any other crash, with the input saved.
///
/// A stack overflow is a SIGSEGV on the guard page, with no stack left to run a handler on. A
/// Rust program's runtime would set up an alternate signal stack, but a fuzz target has no Rust
/// `main`; and libFuzzer runs its SIGSEGV handler on an alternate stack only when the handler it
/// replaces asked for one. So this gives the thread an alternate stack and sets the default
/// SIGSEGV and SIGBUS actions with `SA_ONSTACK`, before libFuzzer installs its handlers (call it
/// from the `init:` block of `fuzz_target!`).
pub fn report_stack_overflows() {
    const SIZE: usize = 1 << 18;
    let stack: &'static mut [u8] = Box::leak(vec![0u8; SIZE].into_boxed_slice());
    // SAFETY: `stack` is leaked, so it lives as long as the thread that uses it, and nothing
    // else uses it; the `sigaction` values are fully initialized (zeroed, then set).
    unsafe {
        let alternate = libc::stack_t {
            ss_sp: stack.as_mut_ptr().cast(),
            ss_flags: 0,
            ss_size: SIZE,
        };
        assert_eq!(libc::sigaltstack(&alternate, std::ptr::null_mut()), 0);
        for signal in [libc::SIGSEGV, libc::SIGBUS] {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = libc::SIG_DFL;
            action.sa_flags = libc::SA_ONSTACK;
            assert_eq!(libc::sigaction(signal, &action, std::ptr::null_mut()), 0);
        }
    }
}

/// The longest prefix of `bytes` that is UTF-8: positions in errors about `bytes` point into it.
pub fn valid_prefix(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default(),
    }
}

/// Asserts that `position` (1-based, columns in characters) lies inside `text`: on one of its
/// lines, at most one column past the line's last character.
pub fn check_position(position: Position, text: &str, what: &dyn std::fmt::Debug) {
    let mut lines = text.split('\n');
    let line = position
        .line
        .checked_sub(1)
        .and_then(|index| lines.nth(index))
        .unwrap_or_else(|| panic!("{what:?}: line {} is outside the text", position.line));
    let columns = line.chars().count() + 1;
    assert!(
        position.column >= 1 && position.column <= columns,
        "{what:?}: column {} is outside line {} ({columns} columns)",
        position.column,
        position.line
    );
}

/// Asserts that a parse error of `bytes` has diagnostics, and that each has a code, a message
/// and a position inside the document.
pub fn check_parse_error(error: &ParseError, bytes: &[u8]) {
    assert!(
        !error.diagnostics().is_empty(),
        "an error without diagnostics"
    );
    assert!(
        !error.to_string().trim().is_empty(),
        "an empty error message"
    );
    let text = valid_prefix(bytes);
    for diagnostic in error.diagnostics() {
        assert!(!diagnostic.code.is_empty(), "{diagnostic:?}: no code");
        assert!(
            !diagnostic.message.trim().is_empty(),
            "{diagnostic:?}: no message"
        );
        let position = diagnostic
            .position
            .unwrap_or_else(|| panic!("{diagnostic:?}: no position"));
        check_position(position, text, diagnostic);
    }
}
