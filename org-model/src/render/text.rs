//! Small text helpers for rendering: names usable in paths, hashing, URL encoding and escaping for
//! Markdown, Mermaid and Graphviz.

use iam_policy::Partition;

use crate::names;

/// Whether `name` is usable as one path segment, an INI section or part of a profile name: an
/// IAM name of at most 128 characters ([`names::is_iam_name`]: `[A-Za-z0-9+=,.@_-]`), and not
/// `.` or `..`.
pub(super) fn is_name(name: &str) -> bool {
    names::is_iam_name(name, 128) && name != "." && name != ".."
}

/// Whether `region` is a Region name of `partition`: the rule the checks apply
/// ([`names::region_problem`] finds nothing).
pub(super) fn is_region(region: &str, partition: Partition) -> bool {
    names::region_partition(region) == Some(partition)
}

/// Whether `name` is a role session name ([`names::is_role_session_name`]).
pub(super) fn is_session_name(name: &str) -> bool {
    names::is_role_session_name(name)
}

/// Whether `alias` is a valid account alias: the rule the checks apply ([`names::is_alias`]).
pub(super) fn is_alias(alias: &str) -> bool {
    names::is_alias(alias)
}

/// `text` on one line, as written: control characters (newlines included), line separators
/// and bidirectional formatting characters become escapes such as `\n` or `\u{202e}`
/// ([`names::escape`]).
pub(super) fn one_line(text: &str) -> String {
    names::escape(text).into_owned()
}

/// A lowercase slug of `text` for INI section names: ASCII letters and digits, runs of anything
/// else as one `-`; `jumpgate` when nothing is left.
pub(super) fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "jumpgate".to_owned()
    } else {
        slug
    }
}

/// Percent-encodes `text` for a URL query value: every byte but the unreserved characters of
/// RFC 3986 (`A-Z a-z 0-9 - . _ ~`) becomes `%XX`.
pub(super) fn url_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    encoded
}

/// Escapes the Markdown punctuation that could start emphasis, code, a link, HTML, an entity or
/// a table cell, so `text` shows literally in a heading, a list item or link text.
pub(super) fn markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if "\\`*_[]<>#|&".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Escapes `text` for a double-quoted Mermaid label: `"`, `#`, `&`, `<`, `>`, `%` and backticks
/// as Mermaid entity codes; control characters become spaces.
pub(super) fn mermaid(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '"' => escaped.push_str("#quot;"),
            '#' => escaped.push_str("#35;"),
            '&' => escaped.push_str("#amp;"),
            '<' => escaped.push_str("#lt;"),
            '>' => escaped.push_str("#gt;"),
            '`' => escaped.push_str("#96;"),
            // `%%` starts a comment anywhere on a line, even inside quotes.
            '%' => escaped.push_str("#37;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Escapes `text` for a double-quoted Graphviz string: `\` and `"` get a backslash; control
/// characters become spaces.
pub(super) fn dot(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if c == '\\' || c == '"' {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encode_keeps_only_unreserved_characters() {
        assert_eq!(url_encode("admin@PRD"), "admin%40PRD");
        assert_eq!(url_encode("team/a b+c"), "team%2Fa%20b%2Bc");
        assert_eq!(url_encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(url_encode("é"), "%C3%A9");
    }

    #[test]
    fn names_are_iam_names_only() {
        assert!(is_name("read-only"));
        assert!(is_name("a+b=c,d.e@f_g"));
        for bad in ["", ".", "..", "a/b", "a b", "a\nb", "ü", "[x]"] {
            assert!(!is_name(bad), "{bad:?}");
        }
        assert!(!is_name(&"a".repeat(129)));
    }

    #[test]
    fn aliases_follow_the_iam_rules() {
        assert!(is_alias("example-jump"));
        for bad in [
            "ab",
            "Upper",
            "-lead",
            "trail-",
            "123456789012",
            "a.b",
            "a--b",
        ] {
            assert!(!is_alias(bad), "{bad}");
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(markdown("a_b[c]"), r"a\_b\[c\]");
        assert_eq!(
            mermaid(r#"a "b" #1 <c>"#),
            "a #quot;b#quot; #35;1 #lt;c#gt;"
        );
        assert_eq!(dot(r#"a "b" \n"#), r#"a \"b\" \\n"#);
        assert_eq!(one_line("a\nb\tc\u{202e}d"), "a\\nb\\tc\\u{202e}d");
        assert_eq!(slug("Acme Corp."), "acme-corp");
        assert_eq!(slug("日本"), "jumpgate");
    }
}
