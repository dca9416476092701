//! Rust identifiers for AWS names.
//!
//! Words are split at non-alphanumeric characters, at lower-to-upper and digit-to-upper
//! changes, and before the last capital of an acronym that starts a new word
//! (`CreateDBInstance` → `create_db_instance`, `ListObjectsV2` → `list_objects_v2`).
//! A name that would start with a digit gets a leading `_`; a Rust keyword gets a trailing `_`.

use std::collections::BTreeMap;

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Splits `name` into words (see the module docs).
pub(super) fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() && c.is_ascii_uppercase() {
            let previous = chars[index - 1];
            // `IPv4`, `TLSv1`: a `v` plus digit after an acronym is a version suffix, not a word.
            let next_is_lower = chars.get(index + 1).is_some_and(char::is_ascii_lowercase)
                && !(chars.get(index + 1) == Some(&'v')
                    && chars.get(index + 2).is_some_and(char::is_ascii_digit));
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_lower)
            {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `snake_case`, e.g. for modules, functions and parameters.
pub(super) fn snake(name: &str) -> String {
    fix_up(
        words(name)
            .iter()
            .map(|word| word.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join("_"),
    )
}

/// `SCREAMING_SNAKE_CASE`, for constants.
pub(super) fn screaming(name: &str) -> String {
    fix_up(
        words(name)
            .iter()
            .map(|word| word.to_ascii_uppercase())
            .collect::<Vec<_>>()
            .join("_"),
    )
}

fn fix_up(mut ident: String) -> String {
    if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// Hands out unique identifiers within one namespace: a clash gets `_2`, `_3`, ... appended
/// (in the order names are offered, which is the catalog's sorted order).
#[derive(Debug, Default)]
pub(super) struct Namespace {
    taken: BTreeMap<String, String>,
    /// `(original name, identifier)` for every renamed clash.
    pub clashes: Vec<(String, String)>,
}

impl Namespace {
    pub(super) fn claim(&mut self, ident: String, original: &str) -> String {
        if !self.taken.contains_key(&ident) {
            self.taken.insert(ident.clone(), original.to_owned());
            return ident;
        }
        let unique = (2..)
            .map(|counter| format!("{ident}_{counter}"))
            .find(|candidate| !self.taken.contains_key(candidate))
            .unwrap_or_default();
        self.taken.insert(unique.clone(), original.to_owned());
        self.clashes.push((original.to_owned(), unique.clone()));
        unique
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_camel_case_acronyms_and_separators() {
        assert_eq!(screaming("GetObject"), "GET_OBJECT");
        assert_eq!(screaming("CreateDBInstance"), "CREATE_DB_INSTANCE");
        assert_eq!(screaming("ListObjectsV2"), "LIST_OBJECTS_V2");
        assert_eq!(screaming("x-amz-acl"), "X_AMZ_ACL");
        assert_eq!(screaming("signatureversion"), "SIGNATUREVERSION");
        assert_eq!(snake("RoleNameWithPath"), "role_name_with_path");
        assert_eq!(snake("stream group"), "stream_group");
        assert_eq!(snake("elasticloadbalancing"), "elasticloadbalancing");
        assert_eq!(snake("acm-pca"), "acm_pca");
        assert_eq!(snake("EC2InstanceId"), "ec2_instance_id");
        assert_eq!(
            screaming("Ec2InstanceSourcePrivateIPv4"),
            "EC2_INSTANCE_SOURCE_PRIVATE_IPV4"
        );
    }

    #[test]
    fn keywords_and_leading_digits_are_made_legal() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("Match"), "match_");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(screaming("3dModel"), "_3D_MODEL");
    }

    #[test]
    fn clashes_get_numbered() {
        let mut namespace = Namespace::default();
        assert_eq!(
            namespace.claim("stream_group".into(), "stream group"),
            "stream_group"
        );
        assert_eq!(
            namespace.claim("stream_group".into(), "stream-group"),
            "stream_group_2"
        );
        assert_eq!(
            namespace.clashes,
            [("stream-group".to_owned(), "stream_group_2".to_owned())]
        );
    }
}
