//! Structure and policy-kind rules: version, statements, Sids, required and forbidden elements,
//! empty arrays, characters, redundancy.

use super::{Checker, PolicyKind, Severity};
use crate::fast_hash::FastHash;
use crate::model::glob::{matches, matches_ignore_case};
use crate::model::{
    ActionElement, ActionPattern, OneOrMany, Principal, PrincipalElement, ResourceElement, Version,
};
use crate::path::JsonPath;

/// The path of value `index` of a string-or-array element.
pub(crate) fn value_path<T>(element: &JsonPath, values: &OneOrMany<T>, index: usize) -> JsonPath {
    if values.is_array() {
        element.index(index)
    } else {
        element.clone()
    }
}

/// Where one value of a string-or-array element is; the path is built only when reported.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ValueLocation<'p> {
    pub element: &'p JsonPath,
    pub in_array: bool,
    pub index: usize,
}

impl ValueLocation<'_> {
    /// The value's JSON path.
    pub fn path(&self) -> JsonPath {
        if self.in_array {
            self.element.index(self.index)
        } else {
            self.element.clone()
        }
    }
}

pub(crate) fn check(checker: &mut Checker<'_>) {
    check_version(checker);
    check_statements(checker);
    check_characters(checker);
}

fn check_version(checker: &mut Checker<'_>) {
    // Only a missing or legacy version makes variables matter.
    if checker.policy.version == Some(Version::V2012_10_17) {
        return;
    }
    let uses_variables = checker.uses_variables();
    match checker.policy.version {
        None => checker.report(
            "MISSING_VERSION",
            Severity::Warning,
            JsonPath::root(),
            if uses_variables {
                "the policy has no `Version`, so its policy variables may be taken literally"
            } else {
                "the policy has no `Version`"
            },
            Some("add \"Version\": \"2012-10-17\" as the first element".to_owned()),
        ),
        Some(Version::V2008_10_17) if uses_variables => checker.report(
            "VARIABLE_UNSUPPORTED_IN_VERSION",
            Severity::Error,
            JsonPath::root().key("Version"),
            "policy variables need `Version` 2012-10-17; under 2008-10-17 they are literal text",
            Some("use \"Version\": \"2012-10-17\"".to_owned()),
        ),
        Some(_) => {}
    }
}

fn sid_is_iam_safe(sid: &str) -> bool {
    sid.bytes().all(|byte| byte.is_ascii_alphanumeric())
}

fn check_statements(checker: &mut Checker<'_>) {
    let statements = checker.statements();
    if statements.is_empty() {
        checker.report(
            "MISSING_STATEMENT",
            Severity::Error,
            JsonPath::root().key("Statement"),
            "the policy has no statements",
            None,
        );
    }
    let kind = checker.kind.clone();
    let requires_unique_sids = matches!(
        kind,
        PolicyKind::Resource { .. } | PolicyKind::ServiceControl | PolicyKind::ResourceControl
    );
    // Statements that differ only in form (string versus array, order, case) are the same.
    // Canonical forms are computed only for statements that share a cheap signature.
    let signature = |statement: &crate::Statement| {
        (
            statement.effect,
            statement.action.is_not_action(),
            statement.principal.is_some(),
            statement
                .resource
                .as_ref()
                .map(ResourceElement::is_not_resource),
            statement
                .condition
                .as_ref()
                .map_or(0, |condition| condition.blocks.len()),
            statement.action.patterns().len(),
            statement
                .resource
                .as_ref()
                .map_or(0, |resource| resource.patterns().len()),
        )
    };
    let signatures: Vec<_> = statements
        .iter()
        .map(|(_, statement)| signature(statement))
        .collect();
    let canonical: Vec<Option<crate::Statement>> = statements
        .iter()
        .enumerate()
        .map(|(index, (_, statement))| {
            let shared = signatures
                .iter()
                .enumerate()
                .any(|(other, candidate)| other != index && *candidate == signatures[index]);
            shared.then(|| crate::canonical::canonical_statement(statement))
        })
        .collect();
    for (index, (path, statement)) in statements.iter().enumerate() {
        if let Some(sid) = &statement.sid {
            let sid_path = path.key("Sid");
            if sid.is_empty() {
                checker.report(
                    "EMPTY_SID_VALUE",
                    Severity::Suggestion,
                    sid_path.clone(),
                    "`Sid` is empty",
                    Some("remove it or give the statement a name".to_owned()),
                );
            } else if matches!(
                kind,
                PolicyKind::Identity
                    | PolicyKind::Trust
                    | PolicyKind::ServiceControl
                    | PolicyKind::ResourceControl
            ) && !sid_is_iam_safe(sid)
            {
                checker.report(
                    "UNSUPPORTED_SID",
                    Severity::Error,
                    sid_path.clone(),
                    format!(
                        "`Sid` `{sid}` may contain only A-Z, a-z and 0-9 in this kind of policy"
                    ),
                    Some(format!("use `{}`", crate::builder::sid_from(sid))),
                );
            }
            let repeated = statements[..index]
                .iter()
                .any(|(_, earlier)| earlier.sid.as_deref() == Some(sid.as_str()));
            if repeated && !sid.is_empty() {
                let (code, severity) = if requires_unique_sids {
                    ("UNIQUE_SIDS_REQUIRED", Severity::Error)
                } else {
                    ("UNIQUE_SIDS_RECOMMENDED", Severity::Warning)
                };
                checker.report(
                    code,
                    severity,
                    sid_path,
                    format!("`Sid` `{sid}` is used by an earlier statement"),
                    None,
                );
            }
        }
        check_kind_rules(checker, &kind, path, statement);
        check_empty_arrays(checker, path, statement);
        check_redundant_actions(checker, path, &statement.action);
        if let Some(resource) = &statement.resource {
            check_redundant_resources(checker, path, resource);
        }
        let identical =
            canonical[index].is_some() && canonical[..index].contains(&canonical[index]);
        if identical {
            checker.report(
                "REDUNDANT_STATEMENT",
                Severity::Suggestion,
                path.clone(),
                "this statement repeats an earlier one",
                Some("remove it".to_owned()),
            );
        }
    }
}

fn check_kind_rules(
    checker: &mut Checker<'_>,
    kind: &PolicyKind,
    path: &JsonPath,
    statement: &crate::Statement,
) {
    let principal_name = statement
        .principal
        .as_ref()
        .map(PrincipalElement::element_name);
    let resource_name = statement
        .resource
        .as_ref()
        .map(ResourceElement::element_name);
    match kind {
        PolicyKind::Identity | PolicyKind::ServiceControl => {
            if let Some(name) = principal_name {
                let code = if *kind == PolicyKind::Identity {
                    "UNSUPPORTED_PRINCIPAL"
                } else {
                    "SCP_SYNTAX_ERROR_PRINCIPAL"
                };
                checker.report(
                    code,
                    Severity::Error,
                    path.key(name),
                    format!("`{name}` is not allowed in {} policies", kind.name()),
                    Some(if *kind == PolicyKind::Identity {
                        "identity policies apply to the principal they are attached to; remove the element".to_owned()
                    } else {
                        "SCPs apply to every principal of the accounts they are attached to; narrow them with conditions such as aws:PrincipalArn".to_owned()
                    }),
                );
            }
            if resource_name.is_none() {
                checker.report(
                    "MISSING_RESOURCE",
                    Severity::Error,
                    path.clone(),
                    "statement has neither `Resource` nor `NotResource`",
                    Some("add \"Resource\": [...] (or \"*\" explicitly)".to_owned()),
                );
            }
        }
        PolicyKind::Trust => {
            if let Some(name) = resource_name {
                checker.report(
                    "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
                    Severity::Error,
                    path.key(name),
                    format!("role trust policies must not have `{name}`"),
                    Some("the role itself is the resource; remove the element".to_owned()),
                );
            }
            match &statement.principal {
                None => checker.report(
                    "MISSING_PRINCIPAL",
                    Severity::Error,
                    path.clone(),
                    "a role trust policy statement needs a `Principal`",
                    None,
                ),
                Some(PrincipalElement::NotPrincipal(_)) => checker.report(
                    "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
                    Severity::Error,
                    path.key("NotPrincipal"),
                    "role trust policies must not use `NotPrincipal`",
                    Some("name the principals that may assume the role in `Principal`".to_owned()),
                ),
                Some(PrincipalElement::Principal(Principal::Any)) => checker.report(
                    "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                    Severity::Error,
                    path.key("Principal"),
                    "role trust policies reject `\"Principal\": \"*\"`",
                    Some("name the account or principals that may assume the role".to_owned()),
                ),
                Some(_) => {}
            }
        }
        PolicyKind::Resource { .. } => {
            if principal_name.is_none() {
                checker.report(
                    "MISSING_PRINCIPAL",
                    Severity::Error,
                    path.clone(),
                    "a resource policy statement needs a `Principal` or `NotPrincipal`",
                    None,
                );
            }
            if resource_name.is_none() {
                checker.report(
                    "MISSING_RESOURCE",
                    Severity::Error,
                    path.clone(),
                    "statement has neither `Resource` nor `NotResource`",
                    None,
                );
            }
        }
        PolicyKind::ResourceControl => {
            match &statement.principal {
                Some(PrincipalElement::Principal(Principal::Any)) => {}
                _ => checker.report(
                    "RCP_SYNTAX_ERROR_PRINCIPAL",
                    Severity::Error,
                    principal_name.map_or_else(|| path.clone(), |name| path.key(name)),
                    "resource control policies need `\"Principal\": \"*\"`",
                    Some(
                        "narrow the principals with conditions such as aws:PrincipalOrgID"
                            .to_owned(),
                    ),
                ),
            }
            if statement.effect == crate::Effect::Allow {
                checker.report(
                    "RCP_SYNTAX_ERROR_ALLOW",
                    Severity::Error,
                    path.key("Effect"),
                    "custom resource control policies may only `Deny`",
                    None,
                );
            }
            if statement.action.is_not_action() {
                checker.report(
                    "RCP_SYNTAX_ERROR_NOTACTION",
                    Severity::Error,
                    path.key("NotAction"),
                    "resource control policies do not support `NotAction`",
                    None,
                );
            }
            if resource_name.is_none() {
                checker.report(
                    "MISSING_RESOURCE",
                    Severity::Error,
                    path.clone(),
                    "statement has neither `Resource` nor `NotResource`",
                    None,
                );
            }
        }
    }
    // Policy variables are allowed only in `Resource` and in condition values.
    let element = path.key(statement.action.element_name());
    for (index, pattern) in statement.action.patterns().iter().enumerate() {
        if pattern.as_str().contains("${") {
            checker.report(
                "VARIABLE_UNSUPPORTED_IN_ELEMENT",
                Severity::Error,
                value_path(&element, statement.action.patterns(), index),
                format!(
                    "policy variables are not allowed in `{}`",
                    statement.action.element_name()
                ),
                None,
            );
        }
    }
}

fn check_empty_arrays(checker: &mut Checker<'_>, path: &JsonPath, statement: &crate::Statement) {
    if statement.action.patterns().is_empty() {
        checker.report(
            "EMPTY_ARRAY_ACTION",
            Severity::Suggestion,
            path.key(statement.action.element_name()),
            format!("`{}` is an empty array", statement.action.element_name()),
            None,
        );
    }
    if let Some(resource) = &statement.resource
        && resource.patterns().is_empty()
    {
        checker.report(
            "EMPTY_ARRAY_RESOURCE",
            Severity::Suggestion,
            path.key(resource.element_name()),
            format!("`{}` is an empty array", resource.element_name()),
            None,
        );
    }
    if let Some(element) = &statement.principal
        && let Principal::Map(entries) = element.principal()
    {
        let principal_path = path.key(element.element_name());
        if entries.is_empty() {
            checker.report(
                "EMPTY_OBJECT_PRINCIPAL",
                Severity::Suggestion,
                principal_path,
                format!("`{}` is an empty object", element.element_name()),
                None,
            );
        } else {
            for (kind, values) in entries {
                if values.is_empty() {
                    checker.report(
                        "EMPTY_ARRAY_PRINCIPAL",
                        Severity::Suggestion,
                        principal_path.key(kind.as_str()),
                        format!("`{kind}` is an empty array"),
                        None,
                    );
                }
            }
        }
    }
}

fn check_redundant_actions(checker: &mut Checker<'_>, path: &JsonPath, action: &ActionElement) {
    let element = path.key(action.element_name());
    report_redundant(
        checker,
        &element,
        action.patterns(),
        ActionPattern::as_str,
        true,
        "REDUNDANT_ACTION",
    );
}

fn check_redundant_resources(
    checker: &mut Checker<'_>,
    path: &JsonPath,
    resource: &ResourceElement,
) {
    let element = path.key(resource.element_name());
    report_redundant(
        checker,
        &element,
        resource.patterns(),
        |pattern| pattern.as_str(),
        false,
        "REDUNDANT_RESOURCE",
    );
}

/// Reports every entry of a string-or-array element that another entry already covers.
fn report_redundant<T>(
    checker: &mut Checker<'_>,
    element: &JsonPath,
    values: &OneOrMany<T>,
    text: fn(&T) -> &str,
    ignore_case: bool,
    code: &'static str,
) {
    let patterns: Vec<&str> = values.iter().map(text).collect();
    for (index, other) in redundant_entries(&patterns, ignore_case) {
        checker.report(
            code,
            Severity::Suggestion,
            value_path(element, values, index),
            format!(
                "`{}` is already covered by `{}`",
                patterns[index], patterns[other]
            ),
            Some(format!("remove `{}`", patterns[index])),
        );
    }
}

/// Pairs (entry, covering entry): entries whose every match another entry also matches (action
/// entries compare ignoring case). Of two equal entries, the later is the redundant one.
fn redundant_entries(patterns: &[&str], ignore_case: bool) -> Vec<(usize, usize)> {
    use std::collections::HashMap;
    use std::collections::hash_map::Entry;
    // A single entry is never redundant (most elements hold one).
    if patterns.len() < 2 {
        return Vec::new();
    }
    let glob: fn(&str, &str) -> bool = if ignore_case {
        matches_ignore_case
    } else {
        matches
    };
    let literal_start = |pattern: &str| pattern.find(['*', '?']).unwrap_or(pattern.len());
    // Wildcard entries by their literal start (`s3:Get` for `s3:Get*`): an entry can only be
    // covered by a wildcard whose literal start begins it, so each entry looks up its own
    // prefixes instead of comparing with every wildcard.
    let mut wildcards_by_start: HashMap<Text<'_>, Vec<usize>, FastHash> = HashMap::default();
    for (index, pattern) in patterns.iter().enumerate() {
        let start = literal_start(pattern);
        if start < pattern.len() {
            wildcards_by_start
                .entry(Text(&pattern[..start], ignore_case))
                .or_default()
                .push(index);
        }
    }
    // The distinct lengths of those literal starts, shortest first: the only prefix lengths
    // worth looking up.
    let mut start_lengths: Vec<usize> = wildcards_by_start
        .keys()
        .map(|start| start.0.len())
        .collect();
    start_lengths.sort_unstable();
    start_lengths.dedup();
    let mut first_seen: HashMap<Text<'_>, usize, FastHash> =
        HashMap::with_capacity_and_hasher(patterns.len(), FastHash::default());
    let mut redundant = Vec::new();
    for (index, pattern) in patterns.iter().enumerate() {
        match first_seen.entry(Text(pattern, ignore_case)) {
            Entry::Occupied(first) => {
                redundant.push((index, *first.get()));
                continue;
            }
            Entry::Vacant(vacant) => {
                vacant.insert(index);
            }
        }
        let own_start = literal_start(pattern);
        let covering = start_lengths
            .iter()
            .copied()
            .take_while(|&end| end <= own_start)
            .filter(|&end| pattern.is_char_boundary(end))
            .filter_map(|end| wildcards_by_start.get(&Text(&pattern[..end], ignore_case)))
            .flatten()
            .copied()
            .find(|&other| {
                let other_pattern = patterns[other];
                other != index && glob(other_pattern, pattern) && !glob(pattern, other_pattern)
            });
        if let Some(other) = covering {
            redundant.push((index, other));
        }
    }
    redundant
}

/// A string compared (and hashed) with or without ASCII case, without allocating.
#[derive(Debug, Clone, Copy)]
struct Text<'a>(&'a str, bool);

impl PartialEq for Text<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.1 {
            self.0.eq_ignore_ascii_case(other.0)
        } else {
            self.0 == other.0
        }
    }
}

impl Eq for Text<'_> {}

impl std::hash::Hash for Text<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // FNV-1a over the (case-folded) bytes, handed to the hasher once.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self.0.bytes() {
            let byte = if self.1 {
                byte.to_ascii_lowercase()
            } else {
                byte
            };
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        state.write_u64(hash);
    }
}

/// IAM accepts TAB, LF, CR and U+0020 to U+00FF.
fn check_characters(checker: &mut Checker<'_>) {
    // ASCII is accepted: serializing escapes the control characters.
    if checker.compact_json_is_ascii() {
        return;
    }
    if let Some(character) = checker
        .compact_json()
        .chars()
        .find(|&c| !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FF}'))
    {
        checker.report(
            "UNSUPPORTED_CHARACTER",
            Severity::Error,
            JsonPath::root(),
            format!(
                "the policy contains `{character}` (U+{:04X}); IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF",
                u32::from(character)
            ),
            None,
        );
    }
}
