//! The canonical form: one representative per meaning, for plans and drift detection.

use crate::arn::AccountId;
use crate::model::{
    ActionElement, ActionPattern, Condition, ConditionBlock, ConditionEntry, ConditionValue,
    ElementOrder, OneOrMany, Policy, Principal, PrincipalElement, PrincipalType, ResourceElement,
    ResourcePattern, Statement,
};

impl Policy {
    /// The canonical form of this policy: documents that mean the same thing have equal
    /// canonical forms.
    ///
    /// Normalised: whitespace and member order (by construction); string-vs-array (always arrays);
    /// order and duplicates inside sets (statements, actions, resources, principal values,
    /// condition values); action-name case (lowercased, as IAM matches actions ignoring case);
    /// condition-key case (IAM compares keys ignoring case); condition value JSON types
    /// (`true` ≡ `"true"`, `3600` ≡ `"3600"`, as IAM compares text); a bare 12-digit `AWS`
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
            let mut entries: Vec<ConditionEntry> = block
                .entries
                .iter()
                .map(|entry| ConditionEntry {
                    key: entry.key.to_ascii_lowercase(),
                    values: sorted_set(
                        entry
                            .values
                            .iter()
                            .map(|value| value.to_text())
                            .collect::<Vec<_>>(),
                    )
                    .map(ConditionValue::String),
                })
                .collect();
            entries.sort_by(|a, b| {
                a.key.cmp(&b.key).then_with(|| {
                    let text = |entry: &ConditionEntry| {
                        entry
                            .values
                            .iter()
                            .map(ConditionValue::to_text)
                            .collect::<Vec<_>>()
                    };
                    text(a).cmp(&text(b))
                })
            });
            // Key names ignore case, so canonical keys are lowercase. Keys that differ only in
            // case (an invalid policy, flagged DUPLICATE_KEYS_WITH_DIFFERENT_CASE) cannot all be
            // lowercase in one JSON object: the second gets its first letter uppercased, the
            // third its first two, and so on, so the canonical form stays writable and does not
            // depend on the spellings or order the document used.
            for index in 1..entries.len() {
                let rank = (0..index)
                    .rev()
                    .take_while(|earlier| {
                        entries[*earlier]
                            .key
                            .eq_ignore_ascii_case(&entries[index].key)
                    })
                    .count();
                if rank > 0 {
                    let mut uppercased = 0;
                    entries[index].key = entries[index]
                        .key
                        .chars()
                        .map(|character| {
                            if uppercased < rank && character.is_ascii_lowercase() {
                                uppercased += 1;
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
    blocks.sort_by_key(|block| block.operator.to_string());
    (!blocks.is_empty()).then_some(Condition { blocks })
}
