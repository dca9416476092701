//! The canonical form: one representative per meaning, for plans and drift detection.

use crate::arn::AccountId;
use crate::model::{
    ActionElement, ActionPattern, Condition, ConditionBlock, ConditionEntry, ConditionValue,
    ElementOrder, JsonNumber, OneOrMany, OperatorFamily, Policy, Principal, PrincipalElement,
    PrincipalType, ResourceElement, ResourcePattern, Statement,
};

impl Policy {
    /// The canonical form of this policy: documents that mean the same thing have equal
    /// canonical forms.
    ///
    /// Normalised: whitespace and member order (by construction); string-vs-array (always arrays);
    /// order and duplicates inside sets (statements, actions, resources, principal values,
    /// condition values); action-name case (lowercased, as IAM matches actions ignoring case);
    /// condition-key case (IAM compares keys ignoring case); condition value JSON types
    /// (`true` ≡ `"true"`, `3600` ≡ `"3600"`, as IAM compares text); the spelling of numbers
    /// (`1.50` ≡ `1.5` ≡ `15E-1`: a number becomes the string of its value's one spelling,
    /// [`JsonNumber::canonical`], so `1.50` ≡ `"1.5"`; a string stays as written, except under
    /// `Numeric` operators, which compare values: there `"1.50"` ≡ `1.5` too); a bare 12-digit `AWS`
    /// principal ≡ `arn:aws:iam::ID:root` (IAM itself rewrites the first into the second, in the
    /// `aws` partition); empty `Condition` objects and operator blocks (they constrain nothing).
    /// Kept: `Version`, `Id`, `Sid`, `Effect`, `Not*` versus plain elements, resource ARN case.
    ///
    /// ```
    /// use iam_policy::Policy;
    /// let a = Policy::from_json(r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:GetObject","S3:ListBucket"],"Resource":"*"}}"#)?;
    /// let b = Policy::from_json(r#"{"Statement":[{"Resource":["*"],"Action":["s3:listbucket","s3:getobject"],"Effect":"Allow"}],"Version":"2012-10-17"}"#)?;
    /// assert!(a.semantically_equals(&b));
    /// # Ok::<(), iam_policy::ParseError>(())
    /// ```
    pub fn to_canonical(&self) -> Policy {
        let mut statements: Vec<Statement> =
            self.statements().iter().map(canonical_statement).collect();
        let mut keyed: Vec<(String, Statement)> = statements
            .drain(..)
            .map(|statement| {
                (
                    serde_json::to_string(&statement).unwrap_or_default(),
                    statement,
                )
            })
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        keyed.dedup_by(|a, b| a.0 == b.0);
        Policy {
            version: self.version,
            id: self.id.clone(),
            statement: OneOrMany::Many(keyed.into_iter().map(|(_, statement)| statement).collect()),
            order: ElementOrder::default(),
        }
    }

    /// Whether two policies mean the same thing (their canonical forms are equal).
    pub fn semantically_equals(&self, other: &Policy) -> bool {
        self.to_canonical() == other.to_canonical()
    }
}

fn sorted_set<T: Ord>(mut values: Vec<T>) -> OneOrMany<T> {
    values.sort();
    values.dedup();
    OneOrMany::Many(values)
}

pub(crate) fn canonical_statement(statement: &Statement) -> Statement {
    let actions = |patterns: &OneOrMany<ActionPattern>| {
        sorted_set(
            patterns
                .iter()
                .map(|pattern| ActionPattern::new(pattern.as_str().to_ascii_lowercase()))
                .collect(),
        )
    };
    let resources =
        |patterns: &OneOrMany<ResourcePattern>| sorted_set(patterns.iter().cloned().collect());
    Statement {
        sid: statement.sid.clone(),
        effect: statement.effect,
        principal: statement.principal.as_ref().map(|element| match element {
            PrincipalElement::Principal(principal) => {
                PrincipalElement::Principal(canonical_principal(principal))
            }
            PrincipalElement::NotPrincipal(principal) => {
                PrincipalElement::NotPrincipal(canonical_principal(principal))
            }
        }),
        action: match &statement.action {
            ActionElement::Action(patterns) => ActionElement::Action(actions(patterns)),
            ActionElement::NotAction(patterns) => ActionElement::NotAction(actions(patterns)),
        },
        resource: statement.resource.as_ref().map(|element| match element {
            ResourceElement::Resource(patterns) => ResourceElement::Resource(resources(patterns)),
            ResourceElement::NotResource(patterns) => {
                ResourceElement::NotResource(resources(patterns))
            }
        }),
        condition: statement.condition.as_ref().and_then(canonical_condition),
        order: ElementOrder::default(),
    }
}

fn canonical_principal(principal: &Principal) -> Principal {
    match principal {
        Principal::Any => Principal::Any,
        Principal::Map(entries) => {
            let mut merged: Vec<(PrincipalType, Vec<String>)> = Vec::new();
            for (kind, values) in entries {
                let values = values
                    .iter()
                    .map(|value| match (kind, AccountId::new(value)) {
                        (PrincipalType::Aws, Ok(account)) => format!("arn:aws:iam::{account}:root"),
                        _ => value.clone(),
                    });
                match merged.iter_mut().find(|(existing, _)| existing == kind) {
                    Some((_, existing)) => existing.extend(values),
                    None => merged.push((*kind, values.collect())),
                }
            }
            merged.sort_by_key(|(kind, _)| *kind);
            Principal::Map(
                merged
                    .into_iter()
                    .map(|(kind, values)| (kind, sorted_set(values)))
                    .collect(),
            )
        }
    }
}

fn canonical_condition(condition: &Condition) -> Option<Condition> {
    let mut blocks: Vec<ConditionBlock> = condition
        .blocks
        .iter()
        .filter(|block| !block.entries.is_empty())
        .map(|block| {
            let numeric = block.operator.base.family() == OperatorFamily::Numeric;
            let mut entries: Vec<ConditionEntry> = block
                .entries
                .iter()
                .map(|entry| ConditionEntry {
                    key: entry.key.to_ascii_lowercase(),
                    values: sorted_set(
                        entry
                            .values
                            .iter()
                            .map(|value| canonical_text(value, numeric))
                            .collect(),
                    )
                    .map(ConditionValue::String),
                })
                .collect();
            // Every value is a string now.
            entries.sort_by(|a, b| {
                a.key
                    .cmp(&b.key)
                    .then_with(|| value_texts(a).cmp(value_texts(b)))
            });
            // Key names ignore case, so canonical keys are lowercase. Keys that differ only in
            // case (an invalid policy, flagged DUPLICATE_KEYS_WITH_DIFFERENT_CASE) cannot all be
            // lowercase in one JSON object: the n-th of them (from 0) uppercases the letters
            // whose place among the key's letters is a 1 bit of n (the second key its first
            // letter, the third its second, the fourth its first two, ...). A key of k letters
            // has at most 2^k spellings, so every one gets its own, and the canonical form stays
            // writable and does not depend on the spellings or order the document used.
            let mut run_start = 0;
            for index in 1..entries.len() {
                crate::meter::step(1);
                // Sorted, so keys equal ignoring case are adjacent: the rank is the distance
                // from the first of the run.
                if !entries[index]
                    .key
                    .eq_ignore_ascii_case(&entries[index - 1].key)
                {
                    run_start = index;
                }
                let rank = index - run_start;
                if rank > 0 {
                    let mut letter = 0;
                    entries[index].key = entries[index]
                        .key
                        .chars()
                        .map(|character| {
                            if !character.is_ascii_lowercase() {
                                return character;
                            }
                            let upper = letter < usize::BITS && (rank >> letter) & 1 == 1;
                            letter += 1;
                            if upper {
                                character.to_ascii_uppercase()
                            } else {
                                character
                            }
                        })
                        .collect();
                }
            }
            ConditionBlock {
                operator: block.operator,
                entries,
            }
        })
        .collect();
    blocks.sort_by_cached_key(|block| block.operator.to_string());
    (!blocks.is_empty()).then_some(Condition { blocks })
}

/// The texts of a canonical entry's values (all strings).
fn value_texts(entry: &ConditionEntry) -> impl Iterator<Item = &str> {
    entry
        .values
        .iter()
        .map(|value| value.as_str().unwrap_or_default())
}

/// A condition value as the canonical form writes it: a number by its value
/// ([`JsonNumber::canonical`]: `1.50` and `15E-1` are both `1.5`), a boolean as `true` or
/// `false`, a string as written, except that under a `Numeric` operator (which compares
/// values) a string holding a number is that number.
fn canonical_text(value: &ConditionValue, numeric: bool) -> String {
    match value {
        ConditionValue::Number(number) => number.canonical(),
        ConditionValue::String(text) if numeric => {
            JsonNumber::new(text).map_or_else(|_| text.clone(), |number| number.canonical())
        }
        other => other.to_text(),
    }
}
