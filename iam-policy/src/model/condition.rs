use std::fmt;
use std::str::FromStr;

use super::{JsonNumber, OneOrMany};

/// `"Condition"`: operator blocks in the order written. Blocks and the keys within them are ANDed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Condition {
    /// The operator blocks, e.g. `"StringEquals": {...}`.
    pub blocks: Vec<ConditionBlock>,
}

impl Condition {
    /// An empty condition (`{}`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether there are no blocks.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Every (operator, entry) pair, in written order.
    pub fn entries(&self) -> impl Iterator<Item = (&ConditionOperator, &ConditionEntry)> {
        self.blocks.iter().flat_map(|block| {
            block
                .entries
                .iter()
                .map(move |entry| (&block.operator, entry))
        })
    }

    /// Adds `key: values` under `operator`, merging into an existing block for the same operator
    /// (a repeated operator must merge, never overwrite). Fails when that block already constrains
    /// the key: JSON cannot hold the key twice, and joining the values would turn AND into OR.
    pub fn insert(
        &mut self,
        operator: ConditionOperator,
        key: impl Into<String>,
        values: OneOrMany<ConditionValue>,
    ) -> Result<(), crate::Error> {
        let key = key.into();
        let block = match self
            .blocks
            .iter_mut()
            .position(|block| block.operator == operator)
        {
            Some(index) => &mut self.blocks[index],
            None => {
                self.blocks.push(ConditionBlock {
                    operator,
                    entries: Vec::new(),
                });
                let last = self.blocks.len() - 1;
                &mut self.blocks[last]
            }
        };
        if block
            .entries
            .iter()
            .any(|entry| entry.key.eq_ignore_ascii_case(&key))
        {
            return Err(crate::Error::Build {
                message: format!(
                    "condition `{operator}` already constrains `{key}`; a second constraint on the same key and operator cannot be expressed in one policy statement"
                ),
            });
        }
        block.entries.push(ConditionEntry { key, values });
        Ok(())
    }
}

/// One operator and its keys: `"StringEquals": {"aws:PrincipalOrgID": "o-1234"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConditionBlock {
    /// The operator.
    pub operator: ConditionOperator,
    /// The keys with their values, in written order.
    pub entries: Vec<ConditionEntry>,
}

/// A condition key and the values it is compared with (values of one key are ORed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConditionEntry {
    /// The key as written, e.g. `aws:MultiFactorAuthPresent` (IAM compares key names ignoring case).
    pub key: String,
    /// The values, keeping their JSON types and string-or-array form.
    pub values: OneOrMany<ConditionValue>,
}

/// A condition value with its JSON type: `"true"` and `true` are different JSON, so both are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConditionValue {
    /// A JSON string.
    String(String),
    /// A JSON boolean.
    Bool(bool),
    /// A JSON number, as written.
    Number(JsonNumber),
}

impl ConditionValue {
    /// The value as IAM compares it: strings as written, booleans as `true`/`false`, numbers as
    /// written.
    pub fn to_text(&self) -> String {
        match self {
            ConditionValue::String(text) => text.clone(),
            ConditionValue::Bool(value) => value.to_string(),
            ConditionValue::Number(number) => number.as_str().to_owned(),
        }
    }

    /// The string, if this is a JSON string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ConditionValue::String(text) => Some(text),
            _ => None,
        }
    }

    /// The JSON type's name.
    pub fn type_name(&self) -> &'static str {
        match self {
            ConditionValue::String(_) => "string",
            ConditionValue::Bool(_) => "boolean",
            ConditionValue::Number(_) => "number",
        }
    }
}

impl From<&str> for ConditionValue {
    fn from(text: &str) -> Self {
        ConditionValue::String(text.to_owned())
    }
}

impl From<String> for ConditionValue {
    fn from(text: String) -> Self {
        ConditionValue::String(text)
    }
}

impl From<bool> for ConditionValue {
    fn from(value: bool) -> Self {
        ConditionValue::Bool(value)
    }
}

impl From<JsonNumber> for ConditionValue {
    fn from(number: JsonNumber) -> Self {
        ConditionValue::Number(number)
    }
}

impl From<u64> for ConditionValue {
    fn from(value: u64) -> Self {
        ConditionValue::Number(JsonNumber::from(value))
    }
}

/// `ForAllValues:` or `ForAnyValue:` in front of an operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SetQualifier {
    /// `ForAllValues:`: every request value must match (vacuously true when the key is absent).
    ForAllValues,
    /// `ForAnyValue:`: at least one request value must match.
    ForAnyValue,
}

impl SetQualifier {
    /// The prefix as written, including the colon.
    pub fn prefix(self) -> &'static str {
        match self {
            SetQualifier::ForAllValues => "ForAllValues:",
            SetQualifier::ForAnyValue => "ForAnyValue:",
        }
    }
}

/// A full condition operator: optional set qualifier, base operator, optional `IfExists`.
///
/// ```
/// use iam_policy::{BaseOperator, ConditionOperator, SetQualifier};
/// let operator: ConditionOperator = "ForAnyValue:StringLikeIfExists".parse().unwrap();
/// assert_eq!(operator.qualifier, Some(SetQualifier::ForAnyValue));
/// assert_eq!(operator.base, BaseOperator::StringLike);
/// assert!(operator.if_exists);
/// assert_eq!(operator.to_string(), "ForAnyValue:StringLikeIfExists");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConditionOperator {
    /// `ForAllValues:` or `ForAnyValue:`, if present.
    pub qualifier: Option<SetQualifier>,
    /// The base operator.
    pub base: BaseOperator,
    /// Whether the `IfExists` suffix is present.
    pub if_exists: bool,
}

impl ConditionOperator {
    /// A plain operator with no qualifier and no `IfExists`.
    pub const fn plain(base: BaseOperator) -> Self {
        Self {
            qualifier: None,
            base,
            if_exists: false,
        }
    }
}

impl From<BaseOperator> for ConditionOperator {
    fn from(base: BaseOperator) -> Self {
        Self::plain(base)
    }
}

impl fmt::Display for ConditionOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(qualifier) = self.qualifier {
            f.write_str(qualifier.prefix())?;
        }
        f.write_str(self.base.as_str())?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}

impl FromStr for ConditionOperator {
    type Err = ();

    /// Parses `[ForAllValues:|ForAnyValue:]BASE[IfExists]`, case-sensitively.
    fn from_str(text: &str) -> Result<Self, ()> {
        let (qualifier, rest) = if let Some(rest) = text.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else if let Some(rest) = text.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else {
            (None, text)
        };
        if let Ok(base) = rest.parse::<BaseOperator>() {
            return Ok(Self {
                qualifier,
                base,
                if_exists: false,
            });
        }
        let base = rest
            .strip_suffix("IfExists")
            .ok_or(())?
            .parse::<BaseOperator>()?;
        Ok(Self {
            qualifier,
            base,
            if_exists: true,
        })
    }
}

/// The kind of value a base operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OperatorFamily {
    /// `String*` operators.
    String,
    /// `Numeric*` operators.
    Numeric,
    /// `Date*` operators.
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    IpAddress,
    /// `Arn*` operators.
    Arn,
    /// `Null`.
    Null,
}

macro_rules! base_operators {
    ($($variant:ident => $family:ident, $negated:literal;)*) => {
        /// The 27 base condition operators of the IAM policy language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum BaseOperator {
            $(
                #[doc = concat!("`", stringify!($variant), "`")]
                $variant,
            )*
        }

        impl BaseOperator {
            /// Every base operator.
            pub const ALL: &'static [BaseOperator] = &[$(BaseOperator::$variant),*];

            /// The name as written in a policy.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(BaseOperator::$variant => stringify!($variant),)*
                }
            }

            /// The kind of value the operator compares.
            pub fn family(self) -> OperatorFamily {
                match self {
                    $(BaseOperator::$variant => OperatorFamily::$family,)*
                }
            }

            /// Whether the operator is negated (`...Not...`, `NotIpAddress`): its values
            /// combine as "matches none", and it is true when the key is absent.
            pub fn is_negated(self) -> bool {
                match self {
                    $(BaseOperator::$variant => $negated,)*
                }
            }
        }
    };
}

base_operators! {
    StringEquals => String, false;
    StringNotEquals => String, true;
    StringEqualsIgnoreCase => String, false;
    StringNotEqualsIgnoreCase => String, true;
    StringLike => String, false;
    StringNotLike => String, true;
    NumericEquals => Numeric, false;
    NumericNotEquals => Numeric, true;
    NumericLessThan => Numeric, false;
    NumericLessThanEquals => Numeric, false;
    NumericGreaterThan => Numeric, false;
    NumericGreaterThanEquals => Numeric, false;
    DateEquals => Date, false;
    DateNotEquals => Date, true;
    DateLessThan => Date, false;
    DateLessThanEquals => Date, false;
    DateGreaterThan => Date, false;
    DateGreaterThanEquals => Date, false;
    Bool => Bool, false;
    BinaryEquals => Binary, false;
    IpAddress => IpAddress, false;
    NotIpAddress => IpAddress, true;
    ArnEquals => Arn, false;
    ArnLike => Arn, false;
    ArnNotEquals => Arn, true;
    ArnNotLike => Arn, true;
    Null => Null, false;
}

impl BaseOperator {
    /// Whether `*` and `?` are wildcards for this operator (`StringLike`, `StringNotLike`,
    /// and the `Arn` operators).
    pub fn supports_wildcards(self) -> bool {
        matches!(
            self,
            BaseOperator::StringLike
                | BaseOperator::StringNotLike
                | BaseOperator::ArnEquals
                | BaseOperator::ArnLike
                | BaseOperator::ArnNotEquals
                | BaseOperator::ArnNotLike
        )
    }
}

impl fmt::Display for BaseOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BaseOperator {
    type Err = ();
    fn from_str(text: &str) -> Result<Self, ()> {
        BaseOperator::ALL
            .iter()
            .copied()
            .find(|operator| operator.as_str() == text)
            .ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_27_base_operators() {
        assert_eq!(BaseOperator::ALL.len(), 27);
    }

    #[test]
    fn operators_round_trip() {
        for base in BaseOperator::ALL {
            for qualifier in [
                None,
                Some(SetQualifier::ForAllValues),
                Some(SetQualifier::ForAnyValue),
            ] {
                for if_exists in [false, true] {
                    let operator = ConditionOperator {
                        qualifier,
                        base: *base,
                        if_exists,
                    };
                    assert_eq!(
                        operator.to_string().parse::<ConditionOperator>(),
                        Ok(operator)
                    );
                }
            }
        }
    }

    #[test]
    fn rejects_misspelled_operators() {
        for bad in [
            "StringEqual",
            "Foo",
            "stringequals",
            "StringEqualsExists",
            "ForAllValue:StringEquals",
            "IfExists",
            "",
        ] {
            assert!(bad.parse::<ConditionOperator>().is_err(), "{bad}");
        }
    }

    #[test]
    fn repeated_operators_merge() {
        let mut condition = Condition::new();
        let equals = ConditionOperator::plain(BaseOperator::StringEquals);
        condition
            .insert(equals, "sts:ExternalId", OneOrMany::One("abc".into()))
            .unwrap();
        condition
            .insert(equals, "aws:PrincipalOrgID", OneOrMany::One("o-1".into()))
            .unwrap();
        assert_eq!(condition.blocks.len(), 1);
        assert_eq!(condition.blocks[0].entries.len(), 2);
        assert!(
            condition
                .insert(equals, "sts:externalid", OneOrMany::One("def".into()))
                .is_err()
        );
    }
}
