//! The `Condition` element: every operator family, `...IfExists`, `Null`, the set qualifiers
//! `ForAllValues:`/`ForAnyValue:`, and policy variables in condition values.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::matching::{self, Tok};
use super::values::{self, Cidr, Number};
use super::{ConditionMismatch, ContextValue, ContextView};
use crate::model::{
    BaseOperator, Condition, ConditionOperator, ConditionValue, OneOrMany, OperatorFamily,
    SetQualifier,
};
use crate::path::JsonPath;
use crate::variables::{self, Segment};

/// A condition value with its policy variables replaced, ready to compare.
enum Prepared<'a> {
    Text(Cow<'a, str>),
    Pattern(Vec<Tok>),
    Number(Number),
    Date(i128),
    Cidr(Cidr),
    Bool(bool),
    Binary(Vec<u8>),
}

/// The text of a condition value as IAM compares it.
pub(crate) fn value_text(value: &ConditionValue) -> Cow<'_, str> {
    match value.as_str() {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(value.to_text()),
    }
}

/// The value of a single-valued key for a policy variable (multivalued keys cannot be variables).
fn variable_value<'c>(context: &'c ContextView<'_>, name: &str) -> Option<&'c str> {
    match context.get(name)? {
        ContextValue::Single(value) => Some(value),
        ContextValue::Multiple(_) => None,
    }
}

/// `text` with its policy variables replaced: as literal text, and as a pattern in which only the
/// `*` and `?` written in the policy are wildcards. `None` when a variable has no value and no
/// default: such a value matches nothing (IAM User Guide, "IAM policy elements: Variables and
/// tags").
pub(crate) fn substitute(text: &str, context: &ContextView<'_>) -> Option<(String, Vec<Tok>)> {
    let Ok(segments) = variables::split(text) else {
        // A malformed variable is literal text (IAM would have refused the policy).
        let mut toks = Vec::new();
        matching::tokens(text, &mut toks);
        return Some((text.to_owned(), toks));
    };
    let mut literal = String::with_capacity(text.len());
    let mut toks = Vec::with_capacity(text.len());
    let mut buffer = Vec::new();
    for segment in segments {
        match segment {
            Segment::Literal(part) => {
                literal.push_str(part);
                matching::tokens(part, &mut buffer);
                toks.extend_from_slice(&buffer);
            }
            Segment::Escape(character) => {
                literal.push(character);
                let mut bytes = [0u8; 4];
                matching::literal(character.encode_utf8(&mut bytes), &mut toks);
            }
            Segment::Variable { name, default } => {
                let value = variable_value(context, name).or(default)?;
                literal.push_str(value);
                matching::literal(value, &mut toks);
            }
        }
    }
    Some((literal, toks))
}

/// The positive operator of a negated one (`StringNotEquals` → `StringEquals`).
fn positive(base: BaseOperator) -> BaseOperator {
    use BaseOperator as B;
    match base {
        B::StringNotEquals => B::StringEquals,
        B::StringNotEqualsIgnoreCase => B::StringEqualsIgnoreCase,
        B::StringNotLike => B::StringLike,
        B::NumericNotEquals => B::NumericEquals,
        B::DateNotEquals => B::DateEquals,
        B::NotIpAddress => B::IpAddress,
        B::ArnNotEquals => B::ArnEquals,
        B::ArnNotLike => B::ArnLike,
        other => other,
    }
}

fn prepare<'a>(
    base: BaseOperator,
    value: &'a ConditionValue,
    context: &ContextView<'_>,
    variables: bool,
) -> Option<Prepared<'a>> {
    let text = value_text(value);
    let family = base.family();
    let substitutes = variables
        && matches!(
            family,
            OperatorFamily::String | OperatorFamily::Arn | OperatorFamily::Bool
        )
        && text.contains("${");
    let wildcards = matches!(base, BaseOperator::StringLike) || family == OperatorFamily::Arn;
    if substitutes {
        let (literal, toks) = substitute(&text, context)?;
        return Some(match family {
            OperatorFamily::Bool => Prepared::Bool(values::boolean(&literal)?),
            _ if wildcards => Prepared::Pattern(toks),
            _ => Prepared::Text(Cow::Owned(literal)),
        });
    }
    Some(match family {
        OperatorFamily::String | OperatorFamily::Arn if wildcards => {
            let mut toks = Vec::new();
            matching::tokens(&text, &mut toks);
            Prepared::Pattern(toks)
        }
        OperatorFamily::String | OperatorFamily::Arn => Prepared::Text(text),
        OperatorFamily::Numeric => Prepared::Number(values::number(&text)?),
        OperatorFamily::Date => Prepared::Date(values::date(&text)?),
        OperatorFamily::IpAddress => Prepared::Cidr(values::cidr(&text)?),
        OperatorFamily::Bool => Prepared::Bool(values::boolean(&text)?),
        OperatorFamily::Binary => Prepared::Binary(values::base64(&text)?),
        OperatorFamily::Null => return None,
    })
}

fn ignore_case_equal(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Whether one request value matches one prepared policy value under the positive operator.
fn matches_one(base: BaseOperator, policy: &Prepared<'_>, request: &RequestValue<'_>) -> bool {
    use BaseOperator as B;
    match (policy, request) {
        (Prepared::Text(p), RequestValue::Text(r)) => match base {
            B::StringEqualsIgnoreCase => ignore_case_equal(p, r),
            _ => p == r,
        },
        (Prepared::Pattern(p), RequestValue::Text(r)) => match base {
            B::StringLike => matching::glob(p, r.as_bytes(), false),
            _ => matching::arn_like(p, r),
        },
        (Prepared::Number(p), RequestValue::Number(r)) => {
            let ordering = values::compare_numbers(*r, *p);
            compare(base, ordering)
        }
        (Prepared::Date(p), RequestValue::Date(r)) => compare(base, Some(r.cmp(p))),
        (Prepared::Cidr(p), RequestValue::Address(r)) => p.contains(*r),
        (Prepared::Bool(p), RequestValue::Bool(r)) => p == r,
        (Prepared::Binary(p), RequestValue::Binary(r)) => p == r,
        _ => false,
    }
}

/// `request ⋄ policy` for the ordering operators.
fn compare(base: BaseOperator, ordering: Option<Ordering>) -> bool {
    use BaseOperator as B;
    let Some(ordering) = ordering else {
        return false;
    };
    match base {
        B::NumericEquals | B::DateEquals => ordering == Ordering::Equal,
        B::NumericLessThan | B::DateLessThan => ordering == Ordering::Less,
        B::NumericLessThanEquals | B::DateLessThanEquals => ordering != Ordering::Greater,
        B::NumericGreaterThan | B::DateGreaterThan => ordering == Ordering::Greater,
        B::NumericGreaterThanEquals | B::DateGreaterThanEquals => ordering != Ordering::Less,
        _ => false,
    }
}

enum RequestValue<'a> {
    Text(&'a str),
    Number(Number),
    Date(i128),
    Address(std::net::IpAddr),
    Bool(bool),
    Binary(Vec<u8>),
}

/// A request value as the operator family reads it; `None` when it is not of that type (such a
/// value satisfies neither the operator nor its negation).
fn request_value(family: OperatorFamily, text: &str) -> Option<RequestValue<'_>> {
    Some(match family {
        OperatorFamily::String | OperatorFamily::Null => RequestValue::Text(text),
        OperatorFamily::Arn => {
            if text.bytes().filter(|b| *b == b':').count() < 5 {
                return None;
            }
            RequestValue::Text(text)
        }
        OperatorFamily::Numeric => RequestValue::Number(values::number(text)?),
        OperatorFamily::Date => RequestValue::Date(values::date(text)?),
        OperatorFamily::IpAddress => RequestValue::Address(values::address(text)?),
        OperatorFamily::Bool => RequestValue::Bool(values::boolean(text)?),
        OperatorFamily::Binary => RequestValue::Binary(values::base64(text)?),
    })
}

/// Evaluates one key of one operator block.
pub(crate) fn entry_holds(
    operator: &ConditionOperator,
    key: &str,
    policy_values: &OneOrMany<ConditionValue>,
    context: &ContextView<'_>,
    variables: bool,
) -> bool {
    let request = context.get(key);
    if operator.base == BaseOperator::Null {
        return match operator.qualifier {
            Some(SetQualifier::ForAllValues) => true,
            Some(SetQualifier::ForAnyValue) => false,
            None => {
                let absent = request.is_none();
                policy_values
                    .iter()
                    .any(|value| match values::boolean(&value_text(value)) {
                        Some(true) => absent,
                        Some(false) => !absent,
                        None => false,
                    })
            }
        };
    }
    let Some(request) = request else {
        if operator.if_exists {
            return true;
        }
        return match operator.qualifier {
            Some(SetQualifier::ForAllValues) => true,
            Some(SetQualifier::ForAnyValue) => false,
            None => operator.base.is_negated(),
        };
    };
    let negated = operator.base.is_negated();
    let base = positive(operator.base);
    let prepared: Vec<Prepared<'_>> = policy_values
        .iter()
        .filter_map(|value| prepare(base, value, context, variables))
        .collect();
    let single = |text: &str| -> bool {
        let Some(value) = request_value(base.family(), text) else {
            return false;
        };
        let matched = prepared.iter().any(|p| matches_one(base, p, &value));
        matched != negated
    };
    let request_values = request.values();
    match operator.qualifier {
        Some(SetQualifier::ForAllValues) => request_values.iter().all(|v| single(v)),
        Some(SetQualifier::ForAnyValue) => request_values.iter().any(|v| single(v)),
        // A negated operator must hold for every value (it matches none of them); a positive one
        // for some value.
        None if negated => request_values.iter().all(|v| single(v)),
        None => request_values.iter().any(|v| single(v)),
    }
}

/// Whether every key of every block holds.
pub(crate) fn holds(condition: &Condition, context: &ContextView<'_>, variables: bool) -> bool {
    condition.entries().all(|(operator, entry)| {
        entry_holds(operator, &entry.key, &entry.values, context, variables)
    })
}

/// The keys that do not hold, located under `statement_path`.
pub(crate) fn mismatches(
    condition: &Condition,
    context: &ContextView<'_>,
    variables: bool,
    statement_path: &JsonPath,
) -> Vec<ConditionMismatch> {
    condition
        .entries()
        .filter(|(operator, entry)| {
            !entry_holds(operator, &entry.key, &entry.values, context, variables)
        })
        .map(|(operator, entry)| ConditionMismatch {
            operator: operator.to_string(),
            key: entry.key.clone(),
            policy_values: entry
                .values
                .iter()
                .map(|value| value_text(value).into_owned())
                .collect(),
            request_values: context.get(&entry.key).map(|value| value.values().to_vec()),
            path: statement_path
                .key("Condition")
                .key(&operator.to_string())
                .key(&entry.key),
        })
        .collect()
}
