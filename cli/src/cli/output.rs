//! Standard output and standard error: every line made safe for a terminal, and write errors
//! handled instead of panicking.
//!
//! Text lines escape every character that could act on a terminal or change how a line reads
//! ([`is_unsafe`]). JSON keeps its value: those characters are written as `\uXXXX` escapes,
//! which every JSON parser reads back as the same string.
//!
//! A write to standard output that fails ends the command with [`EXIT_USAGE`]: the output is
//! incomplete, so neither "valid" (0) nor "invalid" (1) would be true. A broken pipe (the reader
//! went away, as with `| head`) ends it quietly; any other error (a full disk) is reported on
//! standard error. Writes to standard error that fail are ignored: there is nowhere left to say
//! so, and the exit code still tells.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::EXIT_USAGE;

/// Whether `character` must not reach a terminal raw: control characters (C0, DEL, C1: line
/// breaks, escape sequences, carriage returns), bidirectional formatting controls (U+061C,
/// U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069: they reorder what follows) and the line
/// and paragraph separators U+2028 and U+2029.
pub(super) fn is_unsafe(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Text made safe for one terminal line: every [unsafe](is_unsafe) character is written as an
/// escape, `\n`, `\r`, `\t` or `\u{1b}` (Rust's notation).
pub(super) fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        match character {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            c if is_unsafe(c) => {
                let _ = write!(escaped, "\\u{{{:x}}}", u32::from(c));
            }
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// JSON from `serde_json` made safe for a terminal without changing its value: the
/// [unsafe](is_unsafe) characters it leaves raw (DEL, C1 controls, bidi controls, U+2028,
/// U+2029; they can only occur inside strings) become `\uXXXX` escapes. Raw line feeds, carriage
/// returns and tabs are JSON whitespace between tokens (`serde_json` escapes them in strings) and
/// stay.
pub(super) fn escape_json(json: &str) -> Cow<'_, str> {
    let escape = |c: char| is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t');
    if !json.chars().any(escape) {
        return Cow::Borrowed(json);
    }
    let mut escaped = String::with_capacity(json.len() + 8);
    for character in json.chars() {
        if escape(character) {
            // Every unsafe character is in the Basic Multilingual Plane: one escape each.
            let _ = write!(escaped, "\\u{:04x}", u32::from(character));
        } else {
            escaped.push(character);
        }
    }
    Cow::Owned(escaped)
}

/// Standard output could not be written (already reported when it could be): end the command
/// with [`Failed::CODE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Failed;

impl Failed {
    /// The exit code of a command whose output could not be written.
    pub(super) const CODE: u8 = EXIT_USAGE;
}

/// Standard output, written line by line (each write reaches the file or pipe before the next
/// line is computed, so a failure is seen at once).
pub(super) struct Stdout {
    inner: io::StdoutLock<'static>,
}

impl Stdout {
    /// Locks standard output.
    pub(super) fn lock() -> Self {
        Stdout {
            inner: io::stdout().lock(),
        }
    }

    /// Writes `text` escaped for a terminal, then a newline.
    pub(super) fn line(&mut self, text: &str) -> Result<(), Failed> {
        let mut line = escape_controls(text).into_owned();
        line.push('\n');
        self.raw(&line)
    }

    /// Writes JSON (one line, or pretty-printed), escaped as [`escape_json`] says, then a newline.
    pub(super) fn json(&mut self, json: &str) -> Result<(), Failed> {
        let mut text = escape_json(json).into_owned();
        text.push('\n');
        self.raw(&text)
    }

    /// Writes an empty line.
    pub(super) fn blank_line(&mut self) -> Result<(), Failed> {
        self.raw("\n")
    }

    /// Writes `text` escaped for a terminal, without a newline (a question before an answer).
    #[cfg_attr(not(feature = "aws"), allow(dead_code))]
    pub(super) fn prompt(&mut self, text: &str) -> Result<(), Failed> {
        let text = escape_controls(text).into_owned();
        self.raw(&text)
    }

    /// Writes lines already escaped ([`escape_controls`], [`escape_json`]), each with its
    /// newline, in one write: the output of one input computed apart from the writing.
    pub(super) fn escaped_lines(&mut self, text: &str) -> Result<(), Failed> {
        self.raw(text)
    }

    fn raw(&mut self, text: &str) -> Result<(), Failed> {
        let written = self
            .inner
            .write_all(text.as_bytes())
            .and_then(|()| self.inner.flush());
        written.map_err(|error| {
            if error.kind() != io::ErrorKind::BrokenPipe {
                error_line(&format!("error: cannot write to standard output: {error}"));
            }
            Failed
        })
    }
}

/// Writes one line to standard error, escaped for a terminal; a failure is ignored.
pub(super) fn error_line(text: &str) {
    let mut line = escape_controls(text).into_owned();
    line.push('\n');
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

/// Writes a `  = help: ...` line to standard error.
pub(super) fn help_line(help: &str) {
    error_line(&format!("  = help: {help}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_bidi_and_separators() {
        assert_eq!(escape_controls("plain → text"), "plain → text");
        assert_eq!(
            escape_controls("a\u{1b}[2K\rb\n\t\u{7f}\u{9b}"),
            "a\\u{1b}[2K\\rb\\n\\t\\u{7f}\\u{9b}"
        );
        assert_eq!(
            escape_controls("\u{202e}\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}\u{2028}\u{2029}"),
            "\\u{202e}\\u{2066}\\u{2069}\\u{200e}\\u{200f}\\u{61c}\\u{2028}\\u{2029}"
        );
        // Escaping twice changes nothing more: escapes are plain ASCII.
        let once = escape_controls("x\u{202e}\u{1b}").into_owned();
        assert_eq!(escape_controls(&once), once);
    }

    #[test]
    fn json_keeps_its_value() {
        let value = serde_json::json!({
            "sid": "a\u{202e}b\u{2028}c\u{7f}\u{85}d\u{1b}",
            "list": ["\u{2066}"],
        });
        let pretty = serde_json::to_string_pretty(&value).expect("serializes");
        let escaped = escape_json(&pretty);
        assert!(!escaped.chars().any(|c| is_unsafe(c) && c != '\n'));
        let back: serde_json::Value = serde_json::from_str(&escaped).expect("still JSON");
        assert_eq!(back, value);
        assert!(matches!(escape_json("{\"a\": 1}"), Cow::Borrowed(_)));
    }
}
