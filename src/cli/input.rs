//! Reading the files named on the command line (`-` is standard input).

use std::io::Read;
use std::path::Path;

/// A file's display name and raw bytes.
pub struct InputFile {
    /// The name used in messages: the path as given, or `<stdin>`.
    pub name: String,
    /// The file's bytes (validated as UTF-8 by the parser, which reports where it is not).
    pub bytes: Vec<u8>,
}

/// Reads one input; on failure returns the message to print.
pub fn read_input(argument: &str) -> Result<InputFile, String> {
    if argument == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|error| format!("<stdin>: error: cannot read standard input: {error}"))?;
        return Ok(InputFile {
            name: "<stdin>".to_owned(),
            bytes,
        });
    }
    let bytes = std::fs::read(Path::new(argument))
        .map_err(|error| format!("{argument}: error: cannot read file: {error}"))?;
    Ok(InputFile {
        name: argument.to_owned(),
        bytes,
    })
}

/// Text from a policy made safe for a terminal line: control characters (a newline that would
/// forge another finding, an escape sequence) are written as escapes, as JSON would.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        match character {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            c if c.is_control() => escaped.push_str(&format!("\\u{{{:04x}}}", u32::from(c))),
            c => escaped.push(c),
        }
    }
    std::borrow::Cow::Owned(escaped)
}
