//! Structure and policy-kind rules: version, statements, Sids, required and forbidden elements,
//! empty arrays, characters, redundancy.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};

use super::{Checker, PolicyKind};
use crate::codes::{self, Code};
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
    pub(super) fn path(&self) -> JsonPath {
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
            codes::MISSING_VERSION,
            JsonPath::root(),
            if uses_variables {
                "the policy has no `Version`, so its policy variables may be taken literally"
            } else {
                "the policy has no `Version`"
            },
            Some("add \"Version\": \"2012-10-17\" as the first element".to_owned()),
        ),
        Some(Version::V2008_10_17) if uses_variables => checker.report(
            codes::VARIABLE_UNSUPPORTED_IN_VERSION,
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
    let resolved_actions = checker.resolved_actions();
    if statements.is_empty() {
        checker.report(
            codes::MISSING_STATEMENT,
            JsonPath::root().key("Statement"),
            "the policy has no statements",
            None,
        );
    }
    let kind = *checker.kind;
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
    let mut signature_counts: HashMap<_, usize, FastHash> = HashMap::default();
    for signature in &signatures {
        crate::meter::step(1);
        *signature_counts.entry(*signature).or_default() += 1;
    }
    let mut repeats = Repeats::default();
    // Sids seen so far (hashed with random keys: input cannot make them collide).
    let mut sids: HashSet<&str> = HashSet::new();
    for (index, (path, statement)) in statements.iter().enumerate() {
        if let Some(sid) = &statement.sid {
            let sid_path = path.key("Sid");
            if sid.is_empty() {
                checker.report(
                    codes::EMPTY_SID_VALUE,
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
                    codes::UNSUPPORTED_SID,
                    sid_path.clone(),
                    format!(
                        "`Sid` `{sid}` may contain only A-Z, a-z and 0-9 in this kind of policy"
                    ),
                    // No suggestion when no letter or digit is left (`😀`).
                    Some(crate::builder::sid_from(sid))
                        .filter(|suggestion| !suggestion.is_empty())
                        .map(|suggestion| format!("use `{suggestion}`")),
                );
            }
            crate::meter::step(1);
            let repeated = !sids.insert(sid.as_str());
            if repeated && !sid.is_empty() {
                let code = if requires_unique_sids {
                    codes::UNIQUE_SIDS_REQUIRED
                } else {
                    codes::UNIQUE_SIDS_RECOMMENDED
                };
                checker.report(
                    code,
                    sid_path,
                    format!("`Sid` `{sid}` is used by an earlier statement"),
                    None,
                );
            }
        }
        check_kind_rules(checker, &kind, path, statement);
        check_empty_arrays(checker, path, statement);
        check_redundant_actions(checker, path, &statement.action, &resolved_actions[index]);
        if let Some(resource) = &statement.resource {
            check_redundant_resources(checker, path, resource);
        }
        let shared = signature_counts
            .get(&signatures[index])
            .is_some_and(|count| *count > 1);
        let identical = shared && repeats.repeats_earlier(&statements, index);
        if identical {
            checker.report(
                codes::REDUNDANT_STATEMENT,
                path.clone(),
                "this statement repeats an earlier one",
                Some("remove it".to_owned()),
            );
        }
    }
}

/// Finds statements whose canonical form repeats an earlier statement's, by a keyed hash of
/// the canonical form: each statement's canonical form is built once and dropped, except that
/// of the first of a group of equal statements, kept to confirm the others.
#[derive(Default)]
struct Repeats {
    state: RandomState,
    /// By hash: the first statement with it, and its canonical form once another has the hash.
    first: HashMap<u64, (usize, Option<Box<crate::Statement>>)>,
    /// The hash of each statement looked at, by index (`None` for the others).
    hashes: Vec<Option<u64>>,
}

impl Repeats {
    /// Whether statement `index` means the same as an earlier one (statements are looked at in
    /// order).
    fn repeats_earlier(
        &mut self,
        statements: &[(JsonPath, &crate::Statement)],
        index: usize,
    ) -> bool {
        crate::meter::step(1);
        let canonical = crate::canonical::canonical_statement(statements[index].1);
        let hash = self.state.hash_one(&canonical);
        if self.hashes.len() <= index {
            self.hashes.resize(index + 1, None);
        }
        self.hashes[index] = Some(hash);
        let (first, kept) = match self.first.entry(hash) {
            std::collections::hash_map::Entry::Vacant(vacant) => {
                vacant.insert((index, None));
                return false;
            }
            std::collections::hash_map::Entry::Occupied(occupied) => occupied.into_mut(),
        };
        let first_canonical = kept.get_or_insert_with(|| {
            Box::new(crate::canonical::canonical_statement(statements[*first].1))
        });
        if **first_canonical == canonical {
            return true;
        }
        // Two different statements with one 64-bit hash: compare with every earlier one that
        // has it.
        (0..index).any(|earlier| {
            self.hashes.get(earlier) == Some(&Some(hash))
                && crate::canonical::canonical_statement(statements[earlier].1) == canonical
        })
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
                    codes::UNSUPPORTED_PRINCIPAL
                } else {
                    codes::SCP_SYNTAX_ERROR_PRINCIPAL
                };
                checker.report(
                    code,
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
                    codes::MISSING_RESOURCE,
                    path.clone(),
                    "statement has neither `Resource` nor `NotResource`",
                    Some("add \"Resource\": [...] (or \"*\" explicitly)".to_owned()),
                );
            }
        }
        PolicyKind::Trust => {
            if let Some(name) = resource_name {
                checker.report(
                    codes::ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE,
                    path.key(name),
                    format!("role trust policies must not have `{name}`"),
                    Some("the role itself is the resource; remove the element".to_owned()),
                );
            }
            match &statement.principal {
                None => checker.report(
                    codes::MISSING_PRINCIPAL,
                    path.clone(),
                    "a role trust policy statement needs a `Principal`",
                    None,
                ),
                Some(PrincipalElement::NotPrincipal(_)) => checker.report(
                    codes::ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL,
                    path.key("NotPrincipal"),
                    "role trust policies must not use `NotPrincipal`",
                    Some("name the principals that may assume the role in `Principal`".to_owned()),
                ),
                Some(PrincipalElement::Principal(Principal::Any)) => checker.report(
                    codes::ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL,
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
                    codes::MISSING_PRINCIPAL,
                    path.clone(),
                    "a resource policy statement needs a `Principal` or `NotPrincipal`",
                    None,
                );
            }
            // A role trust statement has no `Resource`: the role is the resource.
            if resource_name.is_none()
                && !super::catalog_checks::is_trust_statement(kind, statement)
            {
                checker.report(
                    codes::MISSING_RESOURCE,
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
                    codes::RCP_SYNTAX_ERROR_PRINCIPAL,
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
                    codes::RCP_SYNTAX_ERROR_ALLOW,
                    path.key("Effect"),
                    "custom resource control policies may only `Deny`",
                    None,
                );
            }
            if statement.action.is_not_action() {
                checker.report(
                    codes::RCP_SYNTAX_ERROR_NOTACTION,
                    path.key("NotAction"),
                    "resource control policies do not support `NotAction`",
                    None,
                );
            }
            if resource_name.is_none() {
                checker.report(
                    codes::MISSING_RESOURCE,
                    path.clone(),
                    "statement has neither `Resource` nor `NotResource`",
                    None,
                );
            }
        }
    }
    // Policy variables are allowed only in `Resource` and in condition values.
    // Built only for a finding.
    let element = || path.key(statement.action.element_name());
    for (index, pattern) in statement.action.patterns().iter().enumerate() {
        if pattern.as_str().contains("${") {
            checker.report(
                codes::VARIABLE_UNSUPPORTED_IN_ELEMENT,
                value_path(&element(), statement.action.patterns(), index),
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
            codes::EMPTY_ARRAY_ACTION,
            path.key(statement.action.element_name()),
            format!("`{}` is an empty array", statement.action.element_name()),
            None,
        );
    }
    if let Some(resource) = &statement.resource
        && resource.patterns().is_empty()
    {
        checker.report(
            codes::EMPTY_ARRAY_RESOURCE,
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
                codes::EMPTY_OBJECT_PRINCIPAL,
                principal_path,
                format!("`{}` is an empty object", element.element_name()),
                None,
            );
        } else {
            for (kind, values) in entries {
                if values.is_empty() {
                    checker.report(
                        codes::EMPTY_ARRAY_PRINCIPAL,
                        principal_path.key(kind.as_str()),
                        format!("`{kind}` is an empty array"),
                        None,
                    );
                }
            }
        }
    }
}

fn check_redundant_actions(
    checker: &mut Checker<'_>,
    path: &JsonPath,
    action: &ActionElement,
    resolved: &[Option<crate::catalog::Action>],
) {
    if action.patterns().len() < 2 {
        return;
    }
    // Only long lists use the ids (see `redundant_entries`).
    let ids: Vec<Option<u32>> = if action.patterns().len() > FEW_ENTRIES {
        resolved
            .iter()
            .map(|action| action.map(|action| action.id))
            .collect()
    } else {
        Vec::new()
    };
    report_redundant(
        checker,
        path,
        action.element_name(),
        action.patterns(),
        ActionPattern::as_str,
        (true, &ids),
        codes::REDUNDANT_ACTION,
    );
}

fn check_redundant_resources(
    checker: &mut Checker<'_>,
    path: &JsonPath,
    resource: &ResourceElement,
) {
    report_redundant(
        checker,
        path,
        resource.element_name(),
        resource.patterns(),
        |pattern| pattern.as_str(),
        (false, &[]),
        codes::REDUNDANT_RESOURCE,
    );
}

/// Reports every entry of a string-or-array element (`element_name` of the statement at
/// `path`) that another entry already covers. `(ignore_case, ids)` as for
/// [`redundant_entries`].
fn report_redundant<T>(
    checker: &mut Checker<'_>,
    path: &JsonPath,
    element_name: &str,
    values: &OneOrMany<T>,
    text: fn(&T) -> &str,
    (ignore_case, ids): (bool, &[Option<u32>]),
    code: Code,
) {
    if values.len() < 2 {
        return;
    }
    let patterns: Vec<&str> = values.iter().map(text).collect();
    let redundant = redundant_entries(&patterns, ignore_case, ids);
    if redundant.is_empty() {
        return;
    }
    let element = path.key(element_name);
    for (index, other) in redundant {
        checker.report(
            code,
            value_path(&element, values, index),
            format!(
                "`{}` is already covered by `{}`",
                patterns[index], patterns[other]
            ),
            Some(format!("remove `{}`", patterns[index])),
        );
    }
}

/// Up to this many entries, comparing every pair costs less than building hash indexes.
const FEW_ENTRIES: usize = 8;

/// At most this many wildcard entries are tried as covering one entry (those with the shortest
/// literal start first): thousands of wildcards that share a literal start (`arn:aws:s3:::b*1`,
/// `arn:aws:s3:::b*2`, ...) would otherwise make the check quadratic. Past that many, a covering
/// wildcard may go unreported (a suggestion only); real lists never come near.
const MAX_COVER_CANDIDATES: usize = 64;

/// Pairs (entry, covering entry): entries whose every match another entry also matches (action
/// entries compare ignoring case). Of two equal entries, the later is the redundant one.
///
/// `ids` is empty, or holds for each action entry the catalog id of the action it names
/// exactly (ignoring case), if any: two such entries are equal exactly when their ids are, so
/// long lists compare them by id instead of hashing their text again.
fn redundant_entries(
    patterns: &[&str],
    ignore_case: bool,
    ids: &[Option<u32>],
) -> Vec<(usize, usize)> {
    match patterns.len() {
        // A single entry is never redundant (most elements hold one).
        0 | 1 => Vec::new(),
        2..=FEW_ENTRIES => redundant_entries_pairwise(patterns, ignore_case),
        _ => redundant_entries_indexed(patterns, ignore_case, ids),
    }
}

/// The glob matcher for action entries (`ignore_case`) or resource entries.
fn glob_for(ignore_case: bool) -> fn(&str, &str) -> bool {
    if ignore_case {
        matches_ignore_case
    } else {
        matches
    }
}

/// The length of an entry's literal start: the text before its first wildcard.
fn literal_start(pattern: &str) -> usize {
    // Bytes, not chars: `*` and `?` are ASCII, so no other character's bytes equal them.
    pattern
        .bytes()
        .position(|byte| matches!(byte, b'*' | b'?'))
        .unwrap_or(pattern.len())
}

/// [`redundant_entries`] for a short list, comparing every pair. The same pairs as
/// [`redundant_entries_indexed`]: an entry equal to an earlier one is covered by the first of
/// those; otherwise, of the wildcard entries that cover it and whose literal start begins it,
/// by the one with the shortest literal start, then the earliest.
fn redundant_entries_pairwise(patterns: &[&str], ignore_case: bool) -> Vec<(usize, usize)> {
    let glob = glob_for(ignore_case);
    let same = |left: &str, right: &str| {
        if ignore_case {
            left.eq_ignore_ascii_case(right)
        } else {
            left == right
        }
    };
    // Each entry's literal start, found once rather than once per pair.
    let starts: Vec<usize> = patterns
        .iter()
        .map(|pattern| literal_start(pattern))
        .collect();
    // Only a wildcard entry can cover another that is not equal to it.
    if starts
        .iter()
        .zip(patterns)
        .all(|(&start, pattern)| start == pattern.len())
    {
        return redundant_literals(patterns, same);
    }
    let mut redundant = Vec::new();
    for (index, pattern) in patterns.iter().enumerate() {
        if let Some(first) = patterns[..index]
            .iter()
            .position(|earlier| same(earlier, pattern))
        {
            redundant.push((index, first));
            continue;
        }
        let own_start = starts[index];
        let covering = patterns
            .iter()
            .zip(&starts)
            .enumerate()
            .filter_map(|(other, (other_pattern, &start))| {
                let begins = start < other_pattern.len()
                    && start <= own_start
                    && pattern.is_char_boundary(start)
                    && same(&other_pattern[..start], &pattern[..start]);
                let covers = begins
                    && other != index
                    && glob(other_pattern, pattern)
                    && !glob(pattern, other_pattern);
                covers.then_some((start, other))
            })
            .min();
        if let Some((_, other)) = covering {
            redundant.push((index, other));
        }
    }
    redundant
}

/// The redundant pairs of a list without wildcards: each entry equal to an earlier one, with
/// the first of those.
fn redundant_literals(patterns: &[&str], same: impl Fn(&str, &str) -> bool) -> Vec<(usize, usize)> {
    patterns
        .iter()
        .enumerate()
        .filter_map(|(index, pattern)| {
            patterns[..index]
                .iter()
                .position(|earlier| same(earlier, pattern))
                .map(|first| (index, first))
        })
        .collect()
}

/// [`redundant_entries`] for a long list, with hash indexes instead of comparing every pair.
fn redundant_entries_indexed(
    patterns: &[&str],
    ignore_case: bool,
    ids: &[Option<u32>],
) -> Vec<(usize, usize)> {
    use std::collections::HashMap;
    let glob = glob_for(ignore_case);
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
    // worth looking up. A start with a `:` (`ec2:Describe`) can only begin entries of its own
    // service part, so those lengths are kept per service part; the others apply to all.
    let mut lengths_without_colon: Vec<usize> = Vec::new();
    let mut lengths_by_service: HashMap<Text<'_>, Vec<usize>, FastHash> = HashMap::default();
    for start in wildcards_by_start.keys() {
        match start.0.split_once(':') {
            Some((service, _)) => lengths_by_service
                .entry(Text(service, ignore_case))
                .or_default()
                .push(start.0.len()),
            None => lengths_without_colon.push(start.0.len()),
        }
    }
    lengths_without_colon.sort_unstable();
    lengths_without_colon.dedup();
    // Each service part's lengths merged with the colon-free ones once, not once per entry.
    for lengths in lengths_by_service.values_mut() {
        lengths.extend_from_slice(&lengths_without_colon);
        lengths.sort_unstable();
        lengths.dedup();
    }
    // The first entry of each text: by catalog id for entries that have one (an entry with an
    // id never equals one without), by text for the others.
    let mut first_by_id: HashMap<u32, usize, FastHash> =
        HashMap::with_capacity_and_hasher(ids.len(), FastHash::default());
    let mut first_seen: HashMap<Text<'_>, usize, FastHash> = HashMap::default();
    let mut redundant = Vec::new();
    for (index, pattern) in patterns.iter().enumerate() {
        let first = match ids.get(index).copied().flatten() {
            Some(id) => first_index(&mut first_by_id, id, index),
            None => first_index(&mut first_seen, Text(pattern, ignore_case), index),
        };
        if let Some(first) = first {
            redundant.push((index, first));
            continue;
        }
        // Without wildcards, no entry covers another that it does not equal.
        if wildcards_by_start.is_empty() {
            continue;
        }
        let own_start = literal_start(pattern);
        // The start lengths that can begin this entry, shortest first.
        let start_lengths = crate::model::split_at_colon(&pattern[..own_start])
            .and_then(|(service, _)| lengths_by_service.get(&Text(service, ignore_case)))
            .unwrap_or(&lengths_without_colon);
        let covering = start_lengths
            .iter()
            .copied()
            .take_while(|&end| end <= own_start)
            .filter(|&end| pattern.is_char_boundary(end))
            .filter_map(|end| wildcards_by_start.get(&Text(&pattern[..end], ignore_case)))
            .flatten()
            .copied()
            .take(MAX_COVER_CANDIDATES)
            .find(|&other| {
                crate::meter::step(1);
                let other_pattern = patterns[other];
                other != index && glob(other_pattern, pattern) && !glob(pattern, other_pattern)
            });
        if let Some(other) = covering {
            redundant.push((index, other));
        }
    }
    redundant
}

/// The index first recorded for `key`, or `None` after recording `index` as the first.
fn first_index<K: std::hash::Hash + Eq>(
    first_seen: &mut std::collections::HashMap<K, usize, FastHash>,
    key: K,
    index: usize,
) -> Option<usize> {
    match first_seen.entry(key) {
        std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
        std::collections::hash_map::Entry::Vacant(vacant) => {
            vacant.insert(index);
            None
        }
    }
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
        crate::fast_hash::write_words(state, self.0.as_bytes(), self.1);
    }
}

/// IAM accepts TAB, LF, CR and U+0020 to U+00FF.
fn check_characters(checker: &mut Checker<'_>) {
    // ASCII is accepted: serializing escapes the control characters.
    if checker.compact_json_is_ascii() {
        return;
    }
    if let Some(character) = checker.first_unsupported_character() {
        checker.report(
            codes::UNSUPPORTED_CHARACTER,
            JsonPath::root(),
            format!(
                "the policy contains `{character}` (U+{:04X}); IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF",
                u32::from(character)
            ),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Entries that make duplicates, case variants, nested covering wildcards and multi-byte
    /// characters likely: realistic ones, and ones made of pieces.
    fn entry() -> impl Strategy<Value = String> {
        let realistic = vec![
            "*",
            "s*",
            "s3:*",
            "S3:*",
            "s3:G*",
            "s3:Get*",
            "s3:GetObj*",
            "s3:Get?bject",
            "s3:GetObject",
            "S3:GETOBJECT",
            "s3:GetObjectAcl",
            "ec2:*",
            "ec2:Describe*",
            "ec2:DescribeInstances",
            "arn:aws:s3:::*",
            "arn:aws:s3:::b*",
            "arn:aws:s3:::b/*",
            "arn:aws:s3:::b/k",
            "é*",
            "éa",
        ];
        let pieces = vec![
            "s3", "S3", "ec2", ":", "Get", "get", "Object", "*", "?", "a", "é", "/",
        ];
        prop_oneof![
            proptest::sample::select(realistic).prop_map(str::to_owned),
            proptest::collection::vec(proptest::sample::select(pieces), 0..6)
                .prop_map(|pieces| pieces.concat()),
        ]
    }

    proptest! {
        #[test]
        fn pairwise_and_indexed_redundancy_agree(
            entries in proptest::collection::vec(entry(), 2..14),
            ignore_case in any::<bool>(),
        ) {
            let entries: Vec<&str> = entries.iter().map(String::as_str).collect();
            let pairwise = redundant_entries_pairwise(&entries, ignore_case);
            prop_assert_eq!(&pairwise, &redundant_entries_indexed(&entries, ignore_case, &[]));
            if ignore_case {
                // Action entries compared by catalog id where they name an action.
                let ids: Vec<Option<u32>> = entries
                    .iter()
                    .map(|entry| {
                        let literal = !entry.contains(['*', '?']);
                        literal
                            .then(|| crate::catalog::action(entry).map(|action| action.id))
                            .flatten()
                    })
                    .collect();
                prop_assert_eq!(&pairwise, &redundant_entries_indexed(&entries, true, &ids));
            }
        }
    }

    #[test]
    fn redundancy_on_a_few_entries() {
        let entries = [
            "s3:GetObject",
            "s3:Get*",
            "S3:getobject",
            "s3:*",
            "ec2:Describe*",
        ];
        assert_eq!(
            redundant_entries(&entries, true, &[]),
            [(0, 3), (1, 3), (2, 0)],
            "the shortest covering start wins"
        );
        assert_eq!(redundant_entries(&entries, false, &[]), [(0, 3), (1, 3)]);
    }
}
