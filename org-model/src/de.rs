//! The hand-written deserialization of [`Permission`]: the kind of permission is picked by its
//! distinguishing key (`aws_managed`, `customer` or `inline`), so that a misspelt key, a second
//! kind, a missing document or an invalid policy is reported as what it is, at the key or value
//! it concerns, instead of "data did not match any variant".

use std::fmt;

use iam_policy::{Policy, closest_match};
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use crate::Permission;

/// The keys of a permission table.
pub(crate) const PERMISSION_KEYS: [&str; 5] =
    ["aws_managed", "customer", "inline", "path", "policy"];

/// The kind of a permission, named by its distinguishing key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    AwsManaged,
    Customer,
    Inline,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::AwsManaged => "aws_managed",
            Kind::Customer => "customer",
            Kind::Inline => "inline",
        }
    }
}

/// A key of a permission table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Kind(Kind),
    Policy,
    Path,
}

/// Reads one key, refusing an unknown key, a second kind and `policy` next to `aws_managed`
/// right there, so that formats with spans (TOML) locate the error at the key.
struct KeySeed {
    kind: Option<Kind>,
    policy: bool,
    path: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .write_str("a permission key: `aws_managed`, `customer`, `inline`, `path` or `policy`")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        let parsed = match key {
            "aws_managed" => Key::Kind(Kind::AwsManaged),
            "customer" => Key::Kind(Kind::Customer),
            "inline" => Key::Kind(Kind::Inline),
            "policy" => Key::Policy,
            "path" => Key::Path,
            _ => {
                let suggestion = closest_match(key, PERMISSION_KEYS)
                    .map(|candidate| format!("; did you mean `{candidate}`?"))
                    .unwrap_or_default();
                return Err(E::custom(format_args!(
                    "unknown key `{key}` in a permission, expected `aws_managed`, `customer`, \
                     `inline`, `path` or `policy`{suggestion}"
                )));
            }
        };
        match parsed {
            Key::Kind(kind) => match self.kind {
                Some(first) if first == kind => Err(E::custom(format_args!(
                    "duplicate key `{}` in a permission",
                    kind.key()
                ))),
                Some(first) => Err(E::custom(format_args!(
                    "a permission is one of `aws_managed`, `customer` or `inline`, not both `{}` \
                     and `{}`: write each in its own `[[...permissions]]` table",
                    first.key(),
                    kind.key()
                ))),
                None if kind == Kind::AwsManaged && self.policy => Err(policy_with_aws_managed()),
                None if kind != Kind::Customer && self.path => Err(path_without_customer()),
                None => Ok(parsed),
            },
            Key::Path if self.path => Err(E::custom("duplicate key `path` in a permission")),
            Key::Path if self.kind.is_some_and(|kind| kind != Kind::Customer) => {
                Err(path_without_customer())
            }
            Key::Path => Ok(parsed),
            Key::Policy if self.policy => Err(E::custom("duplicate key `policy` in a permission")),
            Key::Policy if self.kind == Some(Kind::AwsManaged) => Err(policy_with_aws_managed()),
            Key::Policy => Ok(parsed),
        }
    }
}

fn path_without_customer<E: de::Error>() -> E {
    E::custom(
        "`path` is only for `customer` permissions: the IAM path of a customer managed policy \
         made outside jumpgate (jumpgate's own live under `/jumpgate/`)",
    )
}

fn policy_with_aws_managed<E: de::Error>() -> E {
    E::custom(
        "`policy` is only for `customer` and `inline` permissions: an `aws_managed` policy is \
         AWS's own document, named by `aws_managed` alone",
    )
}

/// Reads a policy document: a table (TOML) or object, or JSON text.
struct PolicySeed;

impl<'de> DeserializeSeed<'de> for PolicySeed {
    type Value = Policy;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Policy, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// The problem to name first: the one deepest in the document (an unknown key inside a statement
/// says more than the statement's missing element it causes), the earliest of those.
pub(crate) fn most_specific(error: &iam_policy::ParseError) -> Option<&iam_policy::Finding> {
    error
        .diagnostics()
        .iter()
        .rev()
        .max_by_key(|diagnostic| diagnostic.path.segments().len())
}

/// The message for policy text that does not parse: the first problem with its JSON path and
/// its line and column inside the text, and how many more there are.
pub(crate) fn policy_text_message(error: &iam_policy::ParseError) -> String {
    let Some(first) = most_specific(error) else {
        return "`policy` is not a valid policy document".to_owned();
    };
    let mut message = format!("invalid policy document in `policy`: {}", first.message);
    let mut place = Vec::new();
    if !first.path.is_root() {
        place.push(format!("at `{}`", first.path));
    }
    if let Some(position) = first.position {
        place.push(format!(
            "line {}, column {} of the JSON text",
            position.line, position.column
        ));
    }
    if !place.is_empty() {
        message.push_str(&format!(" ({})", place.join(", ")));
    }
    if let Some(help) = &first.help {
        message.push_str("; ");
        message.push_str(help);
    }
    let more = error.diagnostics().len().saturating_sub(1);
    if more > 0 {
        message.push_str(&format!(" (and {more} more)"));
    }
    message
}

impl<'de> Visitor<'de> for PolicySeed {
    type Value = Policy;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a policy document: a table, or JSON text")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Policy, E> {
        Policy::from_json(text).map_err(|error| E::custom(policy_text_message(&error)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Policy, A::Error> {
        // The validator's message names the element (`Statement[0].Effect`); the error keeps
        // the span the format gave it.
        <Policy as serde::Deserialize>::deserialize(MapAccessDeserializer::new(map))
    }
}

/// Reads a policy document given as a table (TOML) or object, or as JSON text: for
/// `#[serde(deserialize_with = ...)]` on fields other than permissions' (organization policies).
pub(crate) fn policy<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Policy, D::Error> {
    PolicySeed.deserialize(deserializer)
}

struct PermissionVisitor;

impl<'de> Visitor<'de> for PermissionVisitor {
    type Value = Permission;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(
            "a permission: a table with `aws_managed`, or with `customer` or `inline` and `policy`",
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Permission, A::Error> {
        let mut kind: Option<(Kind, String)> = None;
        let mut policy: Option<Policy> = None;
        let mut path: Option<String> = None;
        while let Some(key) = map.next_key_seed(KeySeed {
            kind: kind.as_ref().map(|(kind, _)| *kind),
            policy: policy.is_some(),
            path: path.is_some(),
        })? {
            match key {
                Key::Kind(found) => kind = Some((found, map.next_value::<String>()?)),
                Key::Policy => policy = Some(map.next_value_seed(PolicySeed)?),
                Key::Path => path = Some(map.next_value::<String>()?),
            }
        }
        match (kind, policy) {
            (None, _) => Err(de::Error::custom(
                "a permission names its policy with one of `aws_managed`, `customer` or `inline`",
            )),
            (Some((Kind::AwsManaged, aws_managed)), None) => {
                Ok(Permission::AwsManaged { aws_managed })
            }
            (Some((Kind::AwsManaged, _)), Some(_)) => Err(policy_with_aws_managed()),
            (Some((kind, name)), None) => Err(de::Error::custom(format_args!(
                "{} policy `{name}` has no `policy`: give its document as a table or as JSON text",
                kind.key()
            ))),
            (Some((Kind::Customer, customer)), Some(policy)) => Ok(Permission::Customer {
                customer,
                path,
                policy,
            }),
            (Some((Kind::Inline, inline)), Some(policy)) => {
                Ok(Permission::Inline { inline, policy })
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Permission {
    /// Reads a table with exactly one of `aws_managed`, `customer` or `inline`; `customer` and
    /// `inline` need `policy`, a table or JSON text; `customer` may have a `path`. An unknown key, a second kind or `policy`
    /// next to `aws_managed` is an error at that key, with "did you mean" for a misspelt key.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PermissionVisitor)
    }
}
