//! Wildcard matching as IAM does it: action patterns, resource ARNs segment by segment, `StringLike`
//! and the ARN condition operators field by field.
//!
//! A pattern is a sequence of [`Tok`]s, so that text a policy variable put into a pattern (and the
//! escapes `${*}`, `${?}`) stays literal while the `*` and `?` written in the policy stay wildcards.

/// One token of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A byte that must match itself.
    Lit(u8),
    /// `*`: any run of bytes.
    Star,
    /// `?`: any one character.
    One,
}

/// The tokens of a pattern written without variables: `*` and `?` are wildcards.
pub(crate) fn tokens(pattern: &str, out: &mut Vec<Tok>) {
    out.clear();
    out.extend(pattern.bytes().map(|byte| match byte {
        b'*' => Tok::Star,
        b'?' => Tok::One,
        other => Tok::Lit(other),
    }));
}

/// The tokens of text that must match literally.
pub(crate) fn literal(text: &str, out: &mut Vec<Tok>) {
    out.extend(text.bytes().map(Tok::Lit));
}

/// Whether `text` (UTF-8 bytes) starting at `index` begins a character: `?` matches one
/// character, so it skips continuation bytes.
fn char_len(text: &[u8], index: usize) -> usize {
    let first = text[index];
    let len = match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    len.min(text.len() - index)
}

/// Matches `text` against `pattern`: `*` matches any run (including `:` and `/`), `?` any one
/// character. Greedy with one backtrack point. A pattern needing more bytes than the text has is
/// refused at once and runs of `*` count as one, so the work is O(len(text)²) at worst, however
/// long the pattern.
pub(crate) fn glob(pattern: &[Tok], text: &[u8], ignore_case: bool) -> bool {
    let needed = pattern.iter().filter(|tok| **tok != Tok::Star).count();
    if needed > text.len() {
        return false;
    }
    let same = |a: u8, b: u8| {
        if ignore_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Tok::Star) => {
                while pattern.get(p + 1) == Some(&Tok::Star) {
                    p += 1;
                }
                star = Some((p, t));
                p += 1;
            }
            Some(Tok::One) => {
                p += 1;
                t += char_len(text, t);
            }
            Some(Tok::Lit(c)) if same(*c, text[t]) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    let next = star_t + char_len(text, star_t);
                    p = star_p + 1;
                    t = next;
                    star = Some((star_p, next));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|tok| *tok == Tok::Star)
}

/// Whether a `Resource` pattern matches a resource ARN. Wildcards stay within the colon-separated
/// segments of the ARN, except a `*` that ends a segment, which may also span the colons after
/// it (IAM User Guide, "IAM JSON policy elements: Resource", wildcards in resource ARNs).
pub(crate) fn resource_matches(pattern: &[Tok], text: &str) -> bool {
    let text = text.as_bytes();
    if !pattern
        .iter()
        .any(|tok| matches!(tok, Tok::Star | Tok::One))
    {
        return pattern.len() == text.len()
            && pattern
                .iter()
                .zip(text)
                .all(|(tok, byte)| *tok == Tok::Lit(*byte));
    }
    if let [Tok::Star] = pattern {
        return true;
    }
    let segments: Vec<&[Tok]> = pattern.split(|tok| *tok == Tok::Lit(b':')).collect();
    let text_segments: Vec<&[u8]> = text.split(|byte| *byte == b':').collect();
    let width = text_segments.len();
    // Every pattern segment takes at least one text segment: this bounds the work below by
    // (text segments)² besides the globs, O(pattern × text) in all.
    if segments.len() > width {
        return false;
    }
    // reach[j]: the pattern segments so far matched exactly the first j text segments.
    let mut reach = vec![false; width + 1];
    reach[0] = true;
    let mut next = vec![false; width + 1];
    for segment in &segments {
        next.fill(false);
        let spans = segment.last() == Some(&Tok::Star);
        let mut any = false;
        for j in 0..width {
            if !reach[j] || !glob(segment, text_segments[j], false) {
                continue;
            }
            any = true;
            if spans {
                // The final `*` also takes whole later segments and their colons.
                next[j + 1..].iter_mut().for_each(|slot| *slot = true);
                break;
            }
            next[j + 1] = true;
        }
        if !any {
            return false;
        }
        std::mem::swap(&mut reach, &mut next);
    }
    reach[width]
}

/// Splits tokens at the first five `:` into the six ARN fields.
fn arn_fields(pattern: &[Tok]) -> Option<[&[Tok]; 6]> {
    let mut fields: [&[Tok]; 6] = [&[]; 6];
    let mut rest = pattern;
    for field in fields.iter_mut().take(5) {
        let colon = rest.iter().position(|tok| *tok == Tok::Lit(b':'))?;
        *field = &rest[..colon];
        rest = &rest[colon + 1..];
    }
    fields[5] = rest;
    Some(fields)
}

fn text_fields(text: &str) -> Option<[&[u8]; 6]> {
    let mut fields: [&[u8]; 6] = [&[]; 6];
    let mut rest = text.as_bytes();
    for field in fields.iter_mut().take(5) {
        let colon = rest.iter().position(|byte| *byte == b':')?;
        *field = &rest[..colon];
        rest = &rest[colon + 1..];
    }
    fields[5] = rest;
    Some(fields)
}

/// `ArnEquals`/`ArnLike`: each of the six colon-separated fields is matched separately, with
/// wildcards in each (IAM User Guide, condition operators, "Amazon Resource Name (ARN) condition
/// operators"). A value that is not an ARN in the request never matches; of the policy values with
/// fewer than six fields only `*` matches (any ARN).
pub(crate) fn arn_like(pattern: &[Tok], text: &str) -> bool {
    let Some(text_fields) = text_fields(text) else {
        return false;
    };
    match arn_fields(pattern) {
        Some(fields) => fields
            .iter()
            .zip(text_fields)
            .all(|(field, text)| glob(field, text, false)),
        None => !pattern.is_empty() && pattern.iter().all(|tok| *tok == Tok::Star),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        let mut out = Vec::new();
        tokens(text, &mut out);
        out
    }

    #[test]
    fn resource_wildcards_stay_in_their_segment_unless_trailing() {
        let matches = |p: &str, t: &str| resource_matches(&toks(p), t);
        assert!(matches("*", "arn:aws:s3:::b/k"));
        assert!(matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b:c"));
        assert!(matches(
            "arn:aws:logs:*:*:log-group:/aws/*",
            "arn:aws:logs:us-east-1:111122223333:log-group:/aws/x:log-stream:y"
        ));
        // A `*` inside a segment does not span a colon.
        assert!(!matches(
            "arn:aws:iam::1*3:role/x",
            "arn:aws:iam::1:2:3:role/x"
        ));
        assert!(matches(
            "arn:aws:iam::1*3:role/x",
            "arn:aws:iam::123:role/x"
        ));
        // `?` is one character, never a colon.
        assert!(!matches("arn:aws:s3?::b", "arn:aws:s3:::b"));
        assert!(matches("arn:aws:s3:::b?", "arn:aws:s3:::bx"));
        // Case-sensitive.
        assert!(!matches("arn:aws:s3:::B", "arn:aws:s3:::b"));
        // A trailing `*` of a middle segment spans colons, then the next segment aligns.
        assert!(matches(
            "arn:aws:ec2:*:instance/*",
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1"
        ));
    }

    #[test]
    fn arn_like_is_field_by_field() {
        let like = |p: &str, t: &str| arn_like(&toks(p), t);
        assert!(like(
            "arn:aws:sns:*:111122223333:topic*",
            "arn:aws:sns:us-east-1:111122223333:topic-a"
        ));
        assert!(!like(
            "arn:aws:sns:*:111122223333:topic*",
            "arn:aws:sns:us-east-1:444455556666:topic-a"
        ));
        assert!(!like("arn:aws:*", "arn:aws:s3:::b"));
        assert!(like("*", "arn:aws:s3:::b"));
        assert!(!like("arn:aws:s3:::b", "not-an-arn"));
    }

    #[test]
    fn long_patterns_are_refused_or_collapsed() {
        let text = "a".repeat(2048);
        let many_literals = format!("{}b", "*a".repeat(100_000));
        assert!(!glob(&toks(&many_literals), text.as_bytes(), false));
        let many_stars = format!("{}a", "*".repeat(100_000));
        assert!(glob(&toks(&many_stars), text.as_bytes(), false));
        assert!(!glob(
            &toks(&format!("{many_stars}b")),
            text.as_bytes(),
            false
        ));
    }

    #[test]
    fn question_mark_is_one_character_not_one_byte() {
        assert!(glob(&toks("caf?"), "café".as_bytes(), false));
        assert!(!glob(&toks("caf??"), "café".as_bytes(), false));
    }
}
