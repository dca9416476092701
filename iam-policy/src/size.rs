//! Policy size as AWS counts it against its quotas.
//!
//! IAM counts identity, inline and trust policies **without whitespace**; AWS Organizations
//! counts **every character** of an SCP or RCP. Counts are in characters, not bytes.

use crate::Policy;

/// How to count a document's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SizeRule {
    /// IAM's rule for identity, inline, managed and trust policies: whitespace is not counted.
    IgnoreWhitespace,
    /// Organizations' rule for SCPs and RCPs: every character counts.
    CountEverything,
}

/// IAM and Organizations quotas on policy size, in characters.
pub mod quotas {
    /// A customer managed policy (not adjustable; whitespace not counted).
    pub const MANAGED_POLICY: usize = 6_144;
    /// All inline policies of one IAM user together.
    pub const INLINE_USER: usize = 2_048;
    /// All inline policies of one IAM group together.
    pub const INLINE_GROUP: usize = 5_120;
    /// All inline policies of one IAM role together.
    pub const INLINE_ROLE: usize = 10_240;
    /// A role trust policy, by default (adjustable to 4,096 by a quota increase).
    pub const ROLE_TRUST_POLICY: usize = 2_048;
    /// A service control policy (whitespace counted): 10,240 since AWS doubled the SCP quotas
    /// on 15 May 2026 (5,120 before), in every partition.
    pub const SERVICE_CONTROL_POLICY: usize = 10_240;
    /// A resource control policy (whitespace counted); the May 2026 change named SCPs only.
    pub const RESOURCE_CONTROL_POLICY: usize = 5_120;
    /// SCPs attached directly to one root, OU or account (`FullAWSAccess` included; inherited
    /// ones do not count): 10 since 15 May 2026 (5 before).
    pub const SCPS_PER_TARGET: usize = 10;
    /// RCPs attached directly to one root, OU or account (`RCPFullAWSAccess` included).
    pub const RCPS_PER_TARGET: usize = 5;
}

/// The size of a document given as text, as AWS would count the text submitted.
pub fn text_size(text: &str, rule: SizeRule) -> usize {
    match rule {
        SizeRule::IgnoreWhitespace => text.chars().filter(|c| !c.is_whitespace()).count(),
        SizeRule::CountEverything => text.chars().count(),
    }
}

/// The size of a policy as jumpgate submits it (compact JSON, as `serde_json::to_string` writes it).
///
/// ```
/// use iam_policy::{Policy, size::{policy_size, SizeRule}};
/// let policy = Policy::from_json(r#"{ "Version": "2012-10-17", "Statement": [] }"#).unwrap();
/// assert_eq!(policy_size(&policy, SizeRule::IgnoreWhitespace), 39);
/// ```
pub fn policy_size(policy: &Policy, rule: SizeRule) -> usize {
    CompactJson::of(policy).size(rule)
}

/// What checks need to know of a policy's compact JSON (as `serde_json::to_string` writes it),
/// found by writing the JSON to this counter rather than to a string.
#[derive(Debug, Default)]
pub(crate) struct CompactJson {
    /// Characters.
    characters: usize,
    /// Whitespace characters (in compact JSON, only inside strings).
    whitespace: usize,
    /// Whether `${` occurs (a policy variable, or text that looks like one).
    has_variable_start: bool,
    /// The first character IAM does not accept in a policy: other than tab, line feed, carriage
    /// return and U+0020 to U+00FF.
    first_unsupported: Option<char>,
    /// Whether the last character was `$`.
    after_dollar: bool,
    /// The start of a character split between two writes.
    partial: Vec<u8>,
}

impl CompactJson {
    /// Writes `policy` as compact JSON into a counter.
    pub(crate) fn of(policy: &Policy) -> Self {
        let mut counter = Self::default();
        // Writing to the counter cannot fail, and the model always serializes.
        let _ = serde_json::to_writer(&mut counter, policy);
        counter
    }

    /// The size under `rule`, as [`text_size`] counts it.
    pub(crate) fn size(&self, rule: SizeRule) -> usize {
        match rule {
            SizeRule::IgnoreWhitespace => self.characters - self.whitespace,
            SizeRule::CountEverything => self.characters,
        }
    }

    /// Whether `${` occurs.
    pub(crate) fn has_variable_start(&self) -> bool {
        self.has_variable_start
    }

    /// The first character IAM does not accept (see the field).
    pub(crate) fn first_unsupported(&self) -> Option<char> {
        self.first_unsupported
    }

    fn count(&mut self, text: &str) {
        crate::meter::step(text.len());
        for character in text.chars() {
            self.characters += 1;
            if character.is_whitespace() {
                self.whitespace += 1;
            }
            if character == '{' && self.after_dollar {
                self.has_variable_start = true;
            }
            self.after_dollar = character == '$';
            if self.first_unsupported.is_none()
                && !matches!(character, '\t' | '\n' | '\r' | '\u{20}'..='\u{FF}')
            {
                self.first_unsupported = Some(character);
            }
        }
    }
}

impl std::io::Write for CompactJson {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = bytes.len();
        // serde_json writes whole characters; a character split between writes is joined all
        // the same.
        let mut joined;
        let bytes = if self.partial.is_empty() {
            bytes
        } else {
            joined = std::mem::take(&mut self.partial);
            joined.extend_from_slice(bytes);
            &joined[..]
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => self.count(text),
            Err(error) => {
                let (valid, rest) = bytes.split_at(error.valid_up_to());
                self.count(std::str::from_utf8(valid).unwrap_or_default());
                if error.error_len().is_some() {
                    // Not UTF-8 (serde_json writes only UTF-8): count the bytes as characters.
                    self.characters += rest.len();
                } else {
                    self.partial = rest.to_vec();
                }
            }
        }
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_the_json_gives_the_size_of_the_text() {
        use std::io::Write;
        let policy = Policy::from_json(
            r#"{"Id": "a b\u00e9\u2003${x} €","Statement": [{"Sid": "\t","Effect": "Allow","Action": "*","Resource": "$"}, {"Effect": "Deny","Action": "{","Resource": "*"}]}"#,
        )
        .unwrap();
        let text = serde_json::to_string(&policy).unwrap();
        let counted = CompactJson::of(&policy);
        for rule in [SizeRule::IgnoreWhitespace, SizeRule::CountEverything] {
            assert_eq!(counted.size(rule), text_size(&text, rule));
            assert_eq!(policy_size(&policy, rule), text_size(&text, rule));
        }
        assert!(counted.has_variable_start());
        assert_eq!(counted.first_unsupported(), Some('\u{2003}'));
        // Characters split between writes count once; `$` and `{` in separate writes still
        // start a variable.
        let mut split = CompactJson::default();
        let bytes = "a$".as_bytes();
        split.write_all(bytes).unwrap();
        let euro = "{€".as_bytes();
        split.write_all(&euro[..2]).unwrap();
        split.write_all(&euro[2..]).unwrap();
        assert_eq!(split.size(SizeRule::CountEverything), 4);
        assert!(split.has_variable_start());
        assert_eq!(split.first_unsupported(), Some('€'));
    }

    #[test]
    fn whitespace_counts_only_for_organizations() {
        let text = "{ \"a\" :\n\t\"b c\" }";
        assert_eq!(text_size(text, SizeRule::IgnoreWhitespace), 10);
        assert_eq!(text_size(text, SizeRule::CountEverything), 16);
        assert_eq!(text_size("é", SizeRule::CountEverything), 1);
    }
}
