//! Policy variables: `${aws:username}`, `${aws:username, 'default'}` and the escapes `${*}`, `${?}`, `${$}`.

use crate::codes::{self, Code};

/// One piece of a string that may contain policy variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text taken literally (it may still hold `*` and `?` wildcards).
    Literal(&'a str),
    /// A variable such as `${aws:username}`, with its optional default value.
    Variable {
        /// The key name, e.g. `aws:username`.
        name: &'a str,
        /// The default from `${name, 'default'}`.
        default: Option<&'a str>,
    },
    /// `${*}`, `${?}` or `${$}`: the literal character `*`, `?` or `$`.
    Escape(char),
}

/// Why a string's `${...}` is malformed. The names follow Access Analyzer's issue codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariableError {
    /// `${` without a closing `}` (`MISSING_BRACE_IN_VARIABLE`).
    MissingBrace,
    /// `${}` (`EMPTY_VARIABLE`).
    Empty,
    /// A space inside the variable name (`UNSUPPORTED_SPACE_IN_VARIABLE`).
    SpaceInName,
    /// A default value not in single quotes (`MISSING_QUOTE_IN_VARIABLE`).
    MissingQuote,
    /// A character that cannot appear in a variable name (`UNSUPPORTED_SYMBOL_IN_VARIABLE`).
    UnsupportedSymbol,
}

impl VariableError {
    /// The Access Analyzer issue code for this error.
    pub fn code(self) -> Code {
        match self {
            VariableError::MissingBrace => codes::MISSING_BRACE_IN_VARIABLE,
            VariableError::Empty => codes::EMPTY_VARIABLE,
            VariableError::SpaceInName => codes::UNSUPPORTED_SPACE_IN_VARIABLE,
            VariableError::MissingQuote => codes::MISSING_QUOTE_IN_VARIABLE,
            VariableError::UnsupportedSymbol => codes::UNSUPPORTED_SYMBOL_IN_VARIABLE,
        }
    }

    /// A one-line description.
    pub fn message(self) -> &'static str {
        match self {
            VariableError::MissingBrace => "policy variable is missing its closing `}`",
            VariableError::Empty => "policy variable `${}` names no key",
            VariableError::SpaceInName => "policy variable name contains a space",
            VariableError::MissingQuote => {
                "policy variable default value must be in single quotes, as in `${aws:username, 'none'}`"
            }
            VariableError::UnsupportedSymbol => {
                "policy variable name contains an unsupported character"
            }
        }
    }
}

/// Splits `text` into literal text, variables and escapes.
///
/// ```
/// use iam_policy::variables::{split, Segment};
/// let parts = split("home/${aws:username}/${*}").unwrap();
/// assert_eq!(parts, vec![
///     Segment::Literal("home/"),
///     Segment::Variable { name: "aws:username", default: None },
///     Segment::Literal("/"),
///     Segment::Escape('*'),
/// ]);
/// ```
pub fn split(text: &str) -> Result<Vec<Segment<'_>>, VariableError> {
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            segments.push(Segment::Literal(&rest[..start]));
        }
        let after = &rest[start + 2..];
        let end = closing_brace(after).ok_or(VariableError::MissingBrace)?;
        segments.push(parse_variable(&after[..end])?);
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        segments.push(Segment::Literal(rest));
    }
    Ok(segments)
}

/// Finds the `}` that closes a variable body, skipping a quoted default value.
fn closing_brace(body: &str) -> Option<usize> {
    let mut in_quote = false;
    for (index, character) in body.char_indices() {
        match character {
            '\'' => in_quote = !in_quote,
            '}' if !in_quote => return Some(index),
            _ => {}
        }
    }
    None
}

fn parse_variable(body: &str) -> Result<Segment<'_>, VariableError> {
    match body {
        "" => return Err(VariableError::Empty),
        "*" => return Ok(Segment::Escape('*')),
        "?" => return Ok(Segment::Escape('?')),
        "$" => return Ok(Segment::Escape('$')),
        _ => {}
    }
    let (name, default) = match body.split_once(',') {
        Some((name, default)) => {
            let default = default.trim();
            let quoted = default.len() >= 2 && default.starts_with('\'') && default.ends_with('\'');
            if !quoted {
                return Err(VariableError::MissingQuote);
            }
            (name.trim_end(), Some(&default[1..default.len() - 1]))
        }
        None => (body, None),
    };
    if name.is_empty() {
        return Err(VariableError::Empty);
    }
    if name.contains(char::is_whitespace) {
        return Err(VariableError::SpaceInName);
    }
    let allowed = |character: char| {
        character.is_ascii_alphanumeric() || matches!(character, ':' | '/' | '-' | '_' | '.' | '@')
    };
    if !name.chars().all(allowed) {
        return Err(VariableError::UnsupportedSymbol);
    }
    Ok(Segment::Variable { name, default })
}

/// Whether `text` holds a `*` or `?` wildcard outside `${...}` (an escape `${*}` is not a wildcard).
pub fn has_wildcard_outside_variables(text: &str) -> bool {
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'$' if bytes.get(index + 1) == Some(&b'{') => {
                depth += 1;
                index += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b'*' | b'?' if depth == 0 => return true,
            _ => {}
        }
        index += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_values_and_escapes() {
        assert_eq!(
            split("${aws:username, 'nobody'}${$}").unwrap(),
            vec![
                Segment::Variable {
                    name: "aws:username",
                    default: Some("nobody")
                },
                Segment::Escape('$'),
            ]
        );
        assert_eq!(split("plain").unwrap(), vec![Segment::Literal("plain")]);
        assert_eq!(split("").unwrap(), vec![]);
    }

    #[test]
    fn malformed_variables() {
        assert_eq!(split("${aws:username"), Err(VariableError::MissingBrace));
        assert_eq!(split("a${}b"), Err(VariableError::Empty));
        assert_eq!(split("${aws: username}"), Err(VariableError::SpaceInName));
        assert_eq!(
            split("${aws:username, nobody}"),
            Err(VariableError::MissingQuote)
        );
        assert_eq!(
            split("${aws:user#name}"),
            Err(VariableError::UnsupportedSymbol)
        );
    }

    #[test]
    fn wildcards_outside_variables_only() {
        assert!(has_wildcard_outside_variables("a*"));
        assert!(has_wildcard_outside_variables("a?"));
        assert!(!has_wildcard_outside_variables("a${*}b"));
        assert!(!has_wildcard_outside_variables("plain"));
    }
}
