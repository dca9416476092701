//! The lossless model of IAM policy JSON.

mod action;
pub(crate) use action::split_at_colon;
mod condition;
pub(crate) mod glob;
mod number;
mod one_or_many;
mod order;
mod principal;

pub use action::{ActionElement, ActionPattern, ResourceElement, ResourcePattern};
pub use condition::{
    BaseOperator, Condition, ConditionBlock, ConditionEntry, ConditionOperator, ConditionValue,
    OperatorFamily, SetQualifier,
};
pub use number::JsonNumber;
pub(crate) use number::out_of_range as number_out_of_range;
pub use one_or_many::OneOrMany;
pub(crate) use order::{ElementOrder, PolicyElement, StatementElement};
pub use principal::{Principal, PrincipalElement, PrincipalType, is_service_principal_name};

use std::fmt;
use std::str::FromStr;

/// The policy language version in `"Version"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Version {
    /// `2012-10-17`: the current version; policy variables are expanded.
    V2012_10_17,
    /// `2008-10-17`: the legacy version; `${...}` is literal text.
    V2008_10_17,
}

impl Version {
    /// The version string as written in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2012_10_17 => "2012-10-17",
            Version::V2008_10_17 => "2008-10-17",
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Version {
    type Err = ();
    fn from_str(value: &str) -> Result<Self, ()> {
        match value {
            "2012-10-17" => Ok(Version::V2012_10_17),
            "2008-10-17" => Ok(Version::V2008_10_17),
            _ => Err(()),
        }
    }
}

/// `"Effect"`: exactly `Allow` or `Deny` (case-sensitive, as IAM requires).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

impl Effect {
    /// `Allow` or `Deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An IAM policy document: `Version`, `Id` and one or more statements.
///
/// Parsing and serializing loses nothing: string-vs-array forms, a single-object `Statement`,
/// JSON value types, array order, element order and the spelling of numbers
/// ([`JsonNumber`]) are all kept. (Read through serde, as below, a number arrives as its
/// value: [`Policy::from_json`] keeps `1.50` as written, `serde_json::from_str` makes it `1.5`.)
///
/// ```
/// use iam_policy::Policy;
/// let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#;
/// let policy: Policy = serde_json::from_str(text).unwrap();
/// assert_eq!(serde_json::to_string(&policy).unwrap(), text);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Policy {
    /// `"Version"`, when present.
    pub version: Option<Version>,
    /// `"Id"`, when present.
    pub id: Option<String>,
    /// `"Statement"`: a single object or an array.
    pub statement: OneOrMany<Statement>,
    pub(crate) order: ElementOrder<PolicyElement>,
}

impl Policy {
    /// A policy with `Version: 2012-10-17` and the given statements (always written as an array).
    pub fn new(statements: Vec<Statement>) -> Self {
        Self {
            version: Some(Version::V2012_10_17),
            id: None,
            statement: OneOrMany::Many(statements),
            order: ElementOrder::default(),
        }
    }

    /// The statements, whatever form `"Statement"` has.
    pub fn statements(&self) -> &[Statement] {
        self.statement.as_slice()
    }

    /// Sets `"Id"`.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Statement {
    /// `"Sid"`, when present.
    pub sid: Option<String>,
    /// `"Effect"`.
    pub effect: Effect,
    /// `"Principal"` or `"NotPrincipal"`, when present.
    pub principal: Option<PrincipalElement>,
    /// `"Action"` or `"NotAction"` (a statement has exactly one).
    pub action: ActionElement,
    /// `"Resource"` or `"NotResource"`, when present (role trust policies have neither).
    pub resource: Option<ResourceElement>,
    /// `"Condition"`, when present.
    pub condition: Option<Condition>,
    pub(crate) order: ElementOrder<StatementElement>,
}

impl Statement {
    /// A statement with the given effect and action element and nothing else.
    pub fn new(effect: Effect, action: ActionElement) -> Self {
        Self {
            sid: None,
            effect,
            principal: None,
            action,
            resource: None,
            condition: None,
            order: ElementOrder::default(),
        }
    }
}
