//! Reading and writing layouts as TOML, with line and column in errors.
//!
//! A layout is read in two steps: the TOML text into a tree that keeps every key's and value's
//! span ([`toml::de::DeTable`]), then the tree into a [`Layout`] with serde. An error of the
//! second step carries the span of the key or value it concerns, and is refined here:
//!
//! * a policy given as JSON text is located **inside** the string: the JSON parser's line and
//!   column are mapped through the TOML string's escapes to the line and column in the file;
//! * a policy given as a TOML table is located at the key its first problem concerns
//!   (`Statement[0].Effect` → the `Effect = ...` line);
//! * an unknown field or variant gets "did you mean" with the closest valid name;
//! * a dotted key nested beyond the TOML reader's limit is reported at the key, with its depth.

use iam_policy::{PathSegment, Position, closest_match};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::{Error, Layout};

/// The deepest nesting the TOML reader accepts: a dotted key has at most this many parts.
const MAX_NESTING: usize = 80;

impl Layout {
    /// Reads a layout from TOML text.
    ///
    /// ```
    /// let layout = org_model::Layout::from_toml(r#"
    /// [organization]
    /// name = "acme"
    /// management_account = "ROOT"
    ///
    /// [[account]]
    /// name = "ROOT"
    /// email = "root@example.com"
    /// purpose = "management"
    /// "#)?;
    /// assert_eq!(layout.accounts.len(), 1);
    /// # Ok::<(), org_model::Error>(())
    /// ```
    ///
    /// Errors name the line and column of what is wrong, with "did you mean" for misspelt keys
    /// and names:
    ///
    /// ```
    /// let error = org_model::Layout::from_toml("[organization]\nnmae = \"acme\"\n").unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "2:1: unknown field `nmae`, expected one of `name`, `management_account`, \
    ///      `partition`, `default_region`, `id`; did you mean `name`?"
    /// );
    /// ```
    pub fn from_toml(text: &str) -> Result<Layout, Error> {
        let document = DeTable::parse(text).map_err(|error| syntax_error(text, &error))?;
        Layout::deserialize(toml::de::Deserializer::from(document))
            .map_err(|error| shape_error(text, &error))
    }

    /// Writes the layout as TOML.
    pub fn to_toml(&self) -> Result<String, Error> {
        toml::to_string(self).map_err(Error::Serialize)
    }
}

/// An error at byte `offset` of `text`.
fn at(text: &str, offset: usize, message: String) -> Error {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let prefix = &text[..offset];
    let line = prefix.matches('\n').count() + 1;
    let column = prefix
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    Error::Layout {
        line,
        column,
        message,
    }
}

/// An error of reading the text as TOML.
fn syntax_error(text: &str, error: &toml::de::Error) -> Error {
    match error.span() {
        Some(span) => at(text, span.start, error.message().to_owned()),
        // The reader reports its nesting limit without a place: find the key.
        None => match deepest_dotted_key(text) {
            Some((offset, parts)) if parts > MAX_NESTING => at(
                text,
                offset,
                format!(
                    "key of {parts} dotted parts nests too deeply: at most {MAX_NESTING} levels \
                     of nesting are allowed"
                ),
            ),
            _ => at(text, 0, error.message().to_owned()),
        },
    }
}

/// The dotted key (in a table header or before `=`) with the most parts: its offset and count.
fn deepest_dotted_key(text: &str) -> Option<(usize, usize)> {
    use toml_parser::parser::{Event, EventKind};
    let source = toml_parser::Source::new(text);
    let tokens = source.lex().into_vec();
    let mut deepest: Option<(usize, usize)> = None;
    let mut current: Option<(usize, usize)> = None;
    let mut receiver = |event: Event| match event.kind() {
        EventKind::SimpleKey => {
            let (start, parts) = current.unwrap_or((event.span().start(), 0));
            current = Some((start, parts + 1));
        }
        EventKind::KeySep | EventKind::Whitespace => {}
        _ => {
            if let Some((start, parts)) = current.take()
                && deepest.is_none_or(|(_, most)| parts > most)
            {
                deepest = Some((start, parts));
            }
        }
    };
    toml_parser::parser::parse_document(&tokens, &mut receiver, &mut ());
    if let Some((start, parts)) = current
        && deepest.is_none_or(|(_, most)| parts > most)
    {
        deepest = Some((start, parts));
    }
    deepest
}

/// An error of reading the TOML tree as a layout, located as precisely as the tree allows.
fn shape_error(text: &str, error: &toml::de::Error) -> Error {
    let message = with_suggestion(error.message());
    let Some(span) = error.span() else {
        return at(text, 0, message);
    };
    if let Ok(document) = DeTable::parse(text)
        && let Some(policy) = find_policy(document.get_ref(), &span)
        && let Some(located) = locate_policy_error(text, policy)
    {
        return located;
    }
    at(text, span.start, message)
}

/// Adds "did you mean" to serde's `unknown field` and `unknown variant` messages.
fn with_suggestion(message: &str) -> String {
    for prefix in ["unknown field `", "unknown variant `"] {
        let Some(rest) = message.strip_prefix(prefix) else {
            continue;
        };
        let Some(end) = rest.rfind("`, expected ") else {
            continue;
        };
        let unknown = &rest[..end];
        // The expected names are the ones between backticks.
        let expected = rest[end + "`, expected ".len()..]
            .split('`')
            .skip(1)
            .step_by(2);
        if let Some(candidate) = closest_match(unknown, expected) {
            return format!("{message}; did you mean `{candidate}`?");
        }
    }
    message.to_owned()
}

/// The value of a `policy` key whose span is `span`, anywhere in the tree.
fn find_policy<'t, 'i>(
    table: &'t DeTable<'i>,
    span: &std::ops::Range<usize>,
) -> Option<&'t Spanned<DeValue<'i>>> {
    for (key, value) in table {
        if key.get_ref() == "policy" && value.span() == *span {
            return Some(value);
        }
        if let Some(found) = find_in_value(value, span) {
            return Some(found);
        }
    }
    None
}

fn find_in_value<'t, 'i>(
    value: &'t Spanned<DeValue<'i>>,
    span: &std::ops::Range<usize>,
) -> Option<&'t Spanned<DeValue<'i>>> {
    // Every value is visited: a table's span (its header) need not contain its children's.
    match value.get_ref() {
        DeValue::Table(table) => find_policy(table, span),
        DeValue::Array(array) => array.iter().find_map(|item| find_in_value(item, span)),
        _ => None,
    }
}

/// The first problem of a policy that did not read, at its place in the file.
fn locate_policy_error(text: &str, policy: &Spanned<DeValue<'_>>) -> Option<Error> {
    match policy.get_ref() {
        DeValue::String(content) => {
            let error = iam_policy::parse_policy(content).err()?;
            let message = crate::de::policy_text_message(&error);
            let span = policy.span();
            let offset = error
                .first()
                .and_then(|first| first.position)
                .and_then(|position| {
                    let inner = offset_of_position(content, position)?;
                    let (decoded, map) = decode_string(text.get(span.clone())?)?;
                    (decoded == content.as_ref()).then(|| span.start + map[inner])
                })
                .unwrap_or(span.start);
            Some(at(text, offset, message))
        }
        DeValue::Table(_) => {
            let json =
                serde_json::Value::deserialize(toml::de::ValueDeserializer::from(policy.clone()))
                    .ok()?;
            let error = iam_policy::parse_policy(&json.to_string()).err()?;
            let first = crate::de::most_specific(&error)?;
            let mut message = format!(
                "invalid policy document in `policy`: {} (at `{}`)",
                first.message, first.path
            );
            if let Some(help) = &first.help {
                message.push_str("; ");
                message.push_str(help);
            }
            let more = error.diagnostics().len() - 1;
            if more > 0 {
                message.push_str(&format!(" (and {more} more)"));
            }
            Some(at(
                text,
                offset_of_path(policy, first.path.segments()),
                message,
            ))
        }
        _ => None,
    }
}

/// The offset in the file of the deepest element of `path` that exists in a policy table: the
/// key for a member, the value for an array element.
fn offset_of_path(policy: &Spanned<DeValue<'_>>, path: &[PathSegment]) -> usize {
    let mut value = policy;
    let mut offset = policy.span().start;
    for segment in path {
        let next = match (segment, value.get_ref()) {
            (PathSegment::Key(key), DeValue::Table(table)) => table
                .iter()
                .find(|(name, _)| name.get_ref() == key)
                .map(|(name, value)| (name.span().start, value)),
            (PathSegment::Index(index), DeValue::Array(array)) => {
                array.get(*index).map(|item| (item.span().start, item))
            }
            _ => None,
        };
        match next {
            Some((start, inner)) => {
                offset = start;
                value = inner;
            }
            None => break,
        }
    }
    offset
}

/// The byte offset in `content` of a line and column (in characters, from 1).
fn offset_of_position(content: &str, position: Position) -> Option<usize> {
    let mut line_start = 0;
    for _ in 1..position.line {
        line_start += content[line_start..].find('\n')? + 1;
    }
    let line = &content[line_start..];
    let column = line
        .char_indices()
        .nth(position.column.saturating_sub(1))
        .map_or(line.len(), |(index, _)| index);
    Some(line_start + column)
}

/// Decodes a TOML string literal as written (quotes included) and maps every byte of the
/// decoded content, and its end, to the offset in `raw` of what it was decoded from.
///
/// `None` for anything that is not a well-formed string literal.
fn decode_string(raw: &str) -> Option<(String, Vec<usize>)> {
    let (delimiter, basic) = if raw.starts_with("'''") {
        ("'''", false)
    } else if raw.starts_with("\"\"\"") {
        ("\"\"\"", true)
    } else if raw.starts_with('\'') {
        ("'", false)
    } else if raw.starts_with('"') {
        ("\"", true)
    } else {
        return None;
    };
    let body_end = raw.len().checked_sub(delimiter.len())?;
    if body_end < delimiter.len() || !raw.ends_with(delimiter) {
        return None;
    }
    let mut start = delimiter.len();
    if delimiter.len() == 3 {
        // A newline right after the opening delimiter is not part of the content.
        if raw[start..].starts_with('\n') {
            start += 1;
        } else if raw[start..].starts_with("\r\n") {
            start += 2;
        }
    }
    let body = raw.get(start..body_end)?;
    let mut content = String::with_capacity(body.len());
    let mut map = Vec::with_capacity(body.len() + 1);
    let mut chars = body.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let offset = start + index;
        let decoded = if basic && c == '\\' {
            let (_, escape) = chars.next()?;
            match escape {
                'b' => '\u{8}',
                't' => '\t',
                'n' => '\n',
                'f' => '\u{c}',
                'r' => '\r',
                'e' => '\u{1b}',
                '"' => '"',
                '\\' => '\\',
                'x' | 'u' | 'U' => {
                    let digits = match escape {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let mut code = 0_u32;
                    for _ in 0..digits {
                        let (_, digit) = chars.next()?;
                        code = code * 16 + digit.to_digit(16)?;
                    }
                    char::from_u32(code)?
                }
                ' ' | '\t' | '\r' | '\n' if delimiter.len() == 3 => {
                    // A line-ending backslash: it and all whitespace and newlines after it go.
                    let mut saw_newline = escape == '\n';
                    while let Some(&(_, next)) = chars.peek() {
                        match next {
                            ' ' | '\t' | '\r' => {}
                            '\n' => saw_newline = true,
                            _ if saw_newline => break,
                            _ => return None,
                        }
                        chars.next();
                    }
                    if !saw_newline {
                        return None;
                    }
                    continue;
                }
                _ => return None,
            }
        } else {
            c
        };
        content.push(decoded);
        map.resize(content.len(), offset);
    }
    map.push(body_end);
    Some((content, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_decode_with_the_offsets_they_came_from() {
        let (content, map) = decode_string(r#""a\"b\u00e9c""#).expect("decodes");
        assert_eq!(content, "a\"béc");
        // `a` at 1, `\"` at 2, `b` at 4, `\u00e9` (two bytes) at 5, `c` at 11, the end at 12.
        assert_eq!(map, [1, 2, 4, 5, 5, 11, 12]);

        let (content, map) = decode_string("'''\nx'y'''").expect("decodes");
        assert_eq!(content, "x'y");
        assert_eq!(map, [4, 5, 6, 7]);

        let (content, map) = decode_string("\"\"\"a\\  \n  \n b\"\"\"").expect("decodes");
        assert_eq!(content, "ab");
        assert_eq!(map, [3, 12, 13]);

        assert_eq!(decode_string("\"\\q\"").map(|(content, _)| content), None);
        assert_eq!(decode_string("\"\\ x\"").map(|(content, _)| content), None);
        assert_eq!(decode_string("12"), None);
    }

    #[test]
    fn suggestions_come_from_the_expected_names() {
        assert_eq!(
            with_suggestion("unknown field `nmae`, expected one of `name`, `path`"),
            "unknown field `nmae`, expected one of `name`, `path`; did you mean `name`?"
        );
        assert_eq!(
            with_suggestion("unknown variant `jmp`, expected `jump`"),
            "unknown variant `jmp`, expected `jump`; did you mean `jump`?"
        );
        assert_eq!(
            with_suggestion("unknown field `a`b`, expected `x`"),
            "unknown field `a`b`, expected `x`"
        );
        assert_eq!(
            with_suggestion("missing field `name`"),
            "missing field `name`"
        );
    }
}
