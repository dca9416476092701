use std::fmt;

use super::OneOrMany;
use super::glob;
use crate::Arn;

/// `"Action"` or `"NotAction"`: the two are mutually exclusive, so the model holds exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ActionElement {
    /// `"Action"`: the statement applies to these actions.
    Action(OneOrMany<ActionPattern>),
    /// `"NotAction"`: the statement applies to every action except these.
    NotAction(OneOrMany<ActionPattern>),
}

impl ActionElement {
    /// The patterns, whichever element holds them.
    pub fn patterns(&self) -> &OneOrMany<ActionPattern> {
        match self {
            ActionElement::Action(patterns) | ActionElement::NotAction(patterns) => patterns,
        }
    }

    /// Whether this is `"NotAction"`.
    pub fn is_not_action(&self) -> bool {
        matches!(self, ActionElement::NotAction(_))
    }

    /// The JSON element name: `Action` or `NotAction`.
    pub fn element_name(&self) -> &'static str {
        match self {
            ActionElement::Action(_) => "Action",
            ActionElement::NotAction(_) => "NotAction",
        }
    }

    /// Whether the element covers `action` (e.g. `s3:GetObject`): for `Action`, some pattern
    /// matches it; for `NotAction`, none does. Matching ignores case, as AWS does.
    pub fn covers(&self, action: &str) -> bool {
        let matched = self.patterns().iter().any(|pattern| {
            crate::meter::step(1);
            pattern.matches(action)
        });
        match self {
            ActionElement::Action(_) => matched,
            ActionElement::NotAction(_) => !matched,
        }
    }
}

/// An action pattern as written: `s3:GetObject`, `s3:Get*`, `s3:*` or `*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActionPattern(String);

impl ActionPattern {
    /// Wraps a pattern as written; the validator checks it against the catalog.
    pub fn new(pattern: impl Into<String>) -> Self {
        Self(pattern.into())
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The service prefix before `:` (`s3` in `s3:GetObject`), if there is a `:`.
    pub fn service(&self) -> Option<&str> {
        split_at_colon(&self.0).map(|(service, _)| service)
    }

    /// The action name after `:`, if there is a `:`.
    pub fn name(&self) -> Option<&str> {
        split_at_colon(&self.0).map(|(_, name)| name)
    }

    /// Whether this is the bare `*` (every action of every service).
    pub fn is_any(&self) -> bool {
        self.0 == "*"
    }

    /// Whether the pattern has a `*` or `?` wildcard.
    pub fn has_wildcard(&self) -> bool {
        // Bytes, not chars: `*` and `?` are ASCII, so no other character's bytes equal them.
        self.0.bytes().any(|byte| matches!(byte, b'*' | b'?'))
    }

    /// Whether the pattern matches a concrete action name, ignoring case as AWS does.
    ///
    /// ```
    /// use iam_policy::ActionPattern;
    /// assert!(ActionPattern::new("s3:get*").matches("s3:GetObject"));
    /// assert!(ActionPattern::new("*").matches("iam:PassRole"));
    /// assert!(!ActionPattern::new("s3:Get?").matches("s3:GetObject"));
    /// ```
    pub fn matches(&self, action: &str) -> bool {
        glob::matches_ignore_case(&self.0, action)
    }
}

impl fmt::Display for ActionPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ActionPattern {
    fn from(pattern: &str) -> Self {
        Self::new(pattern)
    }
}

impl From<String> for ActionPattern {
    fn from(pattern: String) -> Self {
        Self::new(pattern)
    }
}

/// `"Resource"` or `"NotResource"`: mutually exclusive, so the model holds exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ResourceElement {
    /// `"Resource"`: the statement applies to these resources.
    Resource(OneOrMany<ResourcePattern>),
    /// `"NotResource"`: the statement applies to every resource except these.
    NotResource(OneOrMany<ResourcePattern>),
}

impl ResourceElement {
    /// The patterns, whichever element holds them.
    pub fn patterns(&self) -> &OneOrMany<ResourcePattern> {
        match self {
            ResourceElement::Resource(patterns) | ResourceElement::NotResource(patterns) => {
                patterns
            }
        }
    }

    /// Whether this is `"NotResource"`.
    pub fn is_not_resource(&self) -> bool {
        matches!(self, ResourceElement::NotResource(_))
    }

    /// The JSON element name: `Resource` or `NotResource`.
    pub fn element_name(&self) -> &'static str {
        match self {
            ResourceElement::Resource(_) => "Resource",
            ResourceElement::NotResource(_) => "NotResource",
        }
    }
}

/// A resource as written: an ARN (possibly with wildcards and policy variables) or `*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourcePattern(String);

impl ResourcePattern {
    /// Wraps a resource as written; the validator checks its ARN grammar.
    pub fn new(pattern: impl Into<String>) -> Self {
        Self(pattern.into())
    }

    /// The resource as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is the bare `*` (every resource).
    pub fn is_any(&self) -> bool {
        self.0 == "*"
    }

    /// The resource as an [`Arn`], if it parses as one.
    pub fn arn(&self) -> Option<Arn> {
        self.0.parse().ok()
    }
}

impl fmt::Display for ResourcePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ResourcePattern {
    fn from(pattern: &str) -> Self {
        Self::new(pattern)
    }
}

impl From<String> for ResourcePattern {
    fn from(pattern: String) -> Self {
        Self::new(pattern)
    }
}

impl From<Arn> for ResourcePattern {
    fn from(arn: Arn) -> Self {
        Self::new(arn.to_string())
    }
}

impl From<&Arn> for ResourcePattern {
    fn from(arn: &Arn) -> Self {
        Self::new(arn.to_string())
    }
}

/// `text.split_once(':')`, scanning bytes in a plain loop: policy names are short, and the `:`
/// comes early, so this beats the `memchr` setup that `split_once` pays on every call.
pub(crate) fn split_at_colon(text: &str) -> Option<(&str, &str)> {
    let colon = text.bytes().position(|byte| byte == b':')?;
    // `:` is ASCII: both sides are on character boundaries.
    Some((text.get(..colon)?, text.get(colon + 1..)?))
}
