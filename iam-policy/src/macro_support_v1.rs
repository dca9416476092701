//! Support for the `policy!` macro of `iam-policy-macros`. Not a public API: the macro's
//! expansion calls these, and they may change with any release. The module's name carries a
//! version (`__macro_support_v1`): a change the expansions of released macros could not call
//! goes into a new module, so a macro crate and an `iam-policy` of different releases fail to
//! compile instead of calling the wrong thing.

use crate::model::{
    ActionElement, Condition, Effect, ElementOrder, OneOrMany, Policy, PolicyElement,
    PrincipalElement, ResourceElement, Statement, StatementElement, Version,
};
use crate::validate::{Options, PolicyKind, Severity, validate};
use crate::{AccountId, Arn, ConditionValue, Error};

/// The written order of a policy's members, as codes (see [`policy`]).
pub fn policy_order(policy: &Policy) -> Vec<u8> {
    policy
        .order
        .written()
        .into_iter()
        .map(|element| element as u8)
        .collect()
}

/// The written order of a statement's members, as codes (see [`statement`]).
pub fn statement_order(statement: &Statement) -> Vec<u8> {
    statement
        .order
        .written()
        .into_iter()
        .map(|element| element as u8)
        .collect()
}

/// Builds a policy with a written member order (codes from [`policy_order`]).
pub fn policy(
    version: Option<Version>,
    id: Option<String>,
    statement: OneOrMany<Statement>,
    order: &[u8],
) -> Policy {
    let mut element_order = ElementOrder::default();
    for code in order {
        let element = match code {
            1 => PolicyElement::Version,
            2 => PolicyElement::Id,
            _ => PolicyElement::Statement,
        };
        element_order.record(element);
    }
    Policy {
        version,
        id,
        statement,
        order: element_order,
    }
}

/// Builds a statement with a written member order (codes from [`statement_order`]).
pub fn statement(
    sid: Option<String>,
    effect: Effect,
    principal: Option<PrincipalElement>,
    action: ActionElement,
    resource: Option<ResourceElement>,
    condition: Option<Condition>,
    order: &[u8],
) -> Statement {
    let mut element_order = ElementOrder::default();
    for code in order {
        let element = match code {
            1 => StatementElement::Sid,
            2 => StatementElement::Effect,
            3 => StatementElement::Principal,
            4 => StatementElement::Action,
            5 => StatementElement::Resource,
            _ => StatementElement::Condition,
        };
        element_order.record(element);
    }
    Statement {
        sid,
        effect,
        principal,
        action,
        resource,
        condition,
        order: element_order,
    }
}

/// A value written as `(expression)` inside `policy!`.
pub trait Interpolate {
    /// The value as policy text (an action, a resource, a principal, a condition value).
    fn policy_text(&self) -> String;

    /// The value as a condition value, keeping booleans and numbers as JSON types.
    fn condition_value(&self) -> ConditionValue {
        ConditionValue::String(self.policy_text())
    }
}

impl<T: Interpolate + ?Sized> Interpolate for &T {
    fn policy_text(&self) -> String {
        (**self).policy_text()
    }
    fn condition_value(&self) -> ConditionValue {
        (**self).condition_value()
    }
}

macro_rules! interpolate_as_text {
    ($($type:ty),*) => {
        $(impl Interpolate for $type {
            fn policy_text(&self) -> String {
                self.to_string()
            }
        })*
    };
}

interpolate_as_text!(str, String, Arn, AccountId, crate::catalog::ActionName);

impl Interpolate for bool {
    fn policy_text(&self) -> String {
        self.to_string()
    }
    fn condition_value(&self) -> ConditionValue {
        ConditionValue::Bool(*self)
    }
}

macro_rules! interpolate_number {
    ($($type:ty),*) => {
        $(impl Interpolate for $type {
            fn policy_text(&self) -> String {
                self.to_string()
            }
            fn condition_value(&self) -> ConditionValue {
                ConditionValue::Number(crate::JsonNumber::from(*self))
            }
        })*
    };
}

interpolate_number!(u8, u16, u32, u64, i8, i16, i32, i64, usize, isize);

/// Checks a policy built from interpolated values, which the compiler could not see: any
/// `ERROR` finding fails the build of the policy.
pub fn check_interpolated(policy: Policy, kind: &PolicyKind) -> Result<Policy, Error> {
    let report = validate(&policy, kind, &Options::default());
    let errors: Vec<_> = report
        .findings
        .into_iter()
        .filter(|finding| finding.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        Ok(policy)
    } else {
        Err(Error::Invalid { findings: errors })
    }
}

/// A JSON number condition value, as written in the macro (which checked it at compile time).
pub fn number(text: &str) -> ConditionValue {
    crate::JsonNumber::new(text).map_or_else(
        |_| ConditionValue::String(text.to_owned()),
        ConditionValue::Number,
    )
}

/// An array of values, as `OneOrMany::Many` (smaller expansions than `vec!`).
pub fn many<T, const N: usize>(values: [T; N]) -> crate::OneOrMany<T> {
    crate::OneOrMany::Many(Vec::from(values))
}

/// A literal string value.
pub fn text(value: &str) -> String {
    value.to_owned()
}

/// A literal action pattern.
pub fn action(value: &str) -> crate::ActionPattern {
    crate::ActionPattern::new(value)
}

/// A literal resource pattern.
pub fn resource(value: &str) -> crate::ResourcePattern {
    crate::ResourcePattern::new(value)
}

/// A literal string condition value.
pub fn condition_text(value: &str) -> ConditionValue {
    ConditionValue::String(value.to_owned())
}
