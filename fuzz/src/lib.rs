//! Checks shared by the fuzz targets in `fuzz_targets/`: what every error and finding must
//! satisfy, whatever the input.

use iam_policy::{ParseError, Position};

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
