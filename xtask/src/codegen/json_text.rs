//! JSON as text: the members of an object as raw value slices, and whitespace removal. Used for
//! the AWS managed policies, whose documents are kept as published (key order, escapes and number
//! spellings), which a parse into `serde_json::Value` would not preserve.
//!
//! The scanner only finds where values start and end; the caller checks each slice it keeps
//! with `serde_json`, so a malformed value is never accepted.

/// The members of the JSON object `text` (surrounding whitespace allowed): each decoded key
/// with the raw text of its value, in document order. Duplicate keys are kept.
pub(super) fn object_members(text: &str) -> Result<Vec<(String, &str)>, String> {
    let bytes = text.as_bytes();
    let mut at = skip_whitespace(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return Err(format!("expected an object at byte {at}"));
    }
    at = skip_whitespace(bytes, at + 1);
    let mut members = Vec::new();
    if bytes.get(at) == Some(&b'}') {
        return trailing(bytes, at + 1).map(|()| members);
    }
    loop {
        if bytes.get(at) != Some(&b'"') {
            return Err(format!("expected a member name at byte {at}"));
        }
        let key_end = string_end(bytes, at)?;
        let key: String = serde_json::from_str(&text[at..key_end])
            .map_err(|error| format!("member name at byte {at}: {error}"))?;
        at = skip_whitespace(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return Err(format!("expected `:` at byte {at}"));
        }
        let start = skip_whitespace(bytes, at + 1);
        let end = value_end(bytes, start)?;
        members.push((key, &text[start..end]));
        at = skip_whitespace(bytes, end);
        match bytes.get(at) {
            Some(b',') => at = skip_whitespace(bytes, at + 1),
            Some(b'}') => return trailing(bytes, at + 1).map(|()| members),
            _ => return Err(format!("expected `,` or `}}` at byte {at}")),
        }
    }
}

/// `text` without the whitespace between tokens (JSON's four whitespace characters outside
/// strings); strings, numbers and literals are kept byte for byte.
pub(super) fn minify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

fn trailing(bytes: &[u8], at: usize) -> Result<(), String> {
    let at = skip_whitespace(bytes, at);
    if at == bytes.len() {
        Ok(())
    } else {
        Err(format!("unexpected text after the object at byte {at}"))
    }
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
    {
        at += 1;
    }
    at
}

/// The end (exclusive) of the string starting with the `"` at `start`.
fn string_end(bytes: &[u8], start: usize) -> Result<usize, String> {
    let mut at = start + 1;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\\' => at += 2,
            b'"' => return Ok(at + 1),
            _ => at += 1,
        }
    }
    Err(format!("unterminated string at byte {start}"))
}

/// The end (exclusive) of the value starting at `start`: a string, an object or array (by
/// bracket depth, strings skipped), or a number or literal (up to the next delimiter).
fn value_end(bytes: &[u8], start: usize) -> Result<usize, String> {
    match bytes.get(start) {
        None => Err(format!("expected a value at byte {start}")),
        Some(b'"') => string_end(bytes, start),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut at = start;
            while let Some(&byte) = bytes.get(at) {
                match byte {
                    b'"' => {
                        at = string_end(bytes, at)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
            Err(format!("unterminated value at byte {start}"))
        }
        Some(_) => {
            let mut at = start;
            while bytes.get(at).is_some_and(|byte| {
                !matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            }) {
                at += 1;
            }
            if at == start {
                Err(format!("expected a value at byte {start}"))
            } else {
                Ok(at)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_raw_slices_in_document_order() {
        let text =
            r#" { "b" : [1, {"x": "]}\"{"}], "a":"\u0041" ,"n":-1.50e3, "t":true, "b":{} } "#;
        let members = object_members(text).unwrap();
        assert_eq!(
            members,
            vec![
                ("b".to_owned(), r#"[1, {"x": "]}\"{"}]"#),
                ("a".to_owned(), r#""\u0041""#),
                ("n".to_owned(), "-1.50e3"),
                ("t".to_owned(), "true"),
                ("b".to_owned(), "{}"),
            ]
        );
        assert_eq!(object_members("{}").unwrap(), vec![]);
    }

    #[test]
    fn malformed_objects_are_refused() {
        for bad in [
            "",
            "[]",
            "{",
            r#"{"a"}"#,
            r#"{"a":}"#,
            r#"{"a":1 "b":2}"#,
            r#"{"a":"x}"#,
            r#"{"a":[1,2}"#,
            r#"{"a":1} x"#,
            r"{a:1}",
        ] {
            assert!(object_members(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn minify_removes_whitespace_between_tokens_only() {
        let text =
            "{\n    \"Sid\": \"a b\\\" \\\\\",\n\t\"N\": [ 1 , 2.0 ],\r\n \"s\": \" \\n \"\n}";
        assert_eq!(minify(text), r#"{"Sid":"a b\" \\","N":[1,2.0],"s":" \n "}"#);
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&minify(text)).unwrap(),
            value
        );
    }
}
