//! serde `Serialize`/`Deserialize` for the model: `serde_json::from_str::<Policy>` and
//! `serde_json::to_string(&policy)` work and lose nothing but the digits of numbers serde's data
//! model cannot carry (integers beyond `u64`/`i64`, decimals beyond `f64`), which
//! [`crate::parse_policy_bytes`] keeps as written.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::json::{KeySet, Member, Node, NodeValue};
use crate::model::{
    ActionElement, ActionPattern, Condition, ConditionValue, JsonNumber, OneOrMany, Policy,
    PolicyElement, Principal, PrincipalElement, ResourceElement, ResourcePattern, Statement,
    StatementElement,
};
use crate::parse::Reader;

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(value) => value.serialize(serializer),
            OneOrMany::Many(values) => {
                let mut sequence = serializer.serialize_seq(Some(values.len()))?;
                for value in values {
                    sequence.serialize_element(value)?;
                }
                sequence.end()
            }
        }
    }
}

impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for element in self.order.sequence() {
            match element {
                PolicyElement::Version => {
                    if let Some(version) = self.version {
                        map.serialize_entry("Version", version.as_str())?;
                    }
                }
                PolicyElement::Id => {
                    if let Some(id) = &self.id {
                        map.serialize_entry("Id", id)?;
                    }
                }
                PolicyElement::Statement => map.serialize_entry("Statement", &self.statement)?,
            }
        }
        map.end()
    }
}

impl Serialize for Statement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for element in self.order.sequence() {
            match element {
                StatementElement::Sid => {
                    if let Some(sid) = &self.sid {
                        map.serialize_entry("Sid", sid)?;
                    }
                }
                StatementElement::Effect => map.serialize_entry("Effect", self.effect.as_str())?,
                StatementElement::Principal => {
                    if let Some(principal) = &self.principal {
                        map.serialize_entry(principal.element_name(), principal.principal())?;
                    }
                }
                StatementElement::Action => {
                    map.serialize_entry(self.action.element_name(), self.action.patterns())?;
                }
                StatementElement::Resource => {
                    if let Some(resource) = &self.resource {
                        map.serialize_entry(resource.element_name(), resource.patterns())?;
                    }
                }
                StatementElement::Condition => {
                    if let Some(condition) = &self.condition {
                        map.serialize_entry("Condition", condition)?;
                    }
                }
            }
        }
        map.end()
    }
}

impl Serialize for Principal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Principal::Any => serializer.serialize_str("*"),
            Principal::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (kind, values) in entries {
                    map.serialize_entry(kind.as_str(), values)?;
                }
                map.end()
            }
        }
    }
}

impl Serialize for PrincipalElement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.principal().serialize(serializer)
    }
}

impl Serialize for ActionElement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.patterns().serialize(serializer)
    }
}

impl Serialize for ResourceElement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.patterns().serialize(serializer)
    }
}

impl Serialize for ActionPattern {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for ResourcePattern {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Entries<'a>(&'a [crate::model::ConditionEntry]);
        impl Serialize for Entries<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for entry in self.0 {
                    map.serialize_entry(&entry.key, &entry.values)?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(self.blocks.len()))?;
        for block in &self.blocks {
            map.serialize_entry(&block.operator.to_string(), &Entries(&block.entries))?;
        }
        map.end()
    }
}

impl Serialize for ConditionValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ConditionValue::String(text) => serializer.serialize_str(text),
            ConditionValue::Bool(value) => serializer.serialize_bool(*value),
            ConditionValue::Number(number) => number.serialize(serializer),
        }
    }
}

/// Writes the number as written. Numbers that serde's data model carries exactly (integers
/// in `u64` or `i64` written plainly, floats written as serde_json writes them) go as those, to
/// any format; any other spelling (`1.50`, `1E2`, `-0`, more digits than `f64` holds) goes to
/// serde_json as raw JSON text, unchanged. (Other formats receive such numbers as serde_json's
/// raw-value struct.)
impl Serialize for JsonNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.as_str();
        let plain_integer = !text.contains(['.', 'e', 'E']) && text != "-0";
        if plain_integer {
            if let Ok(value) = text.parse::<u64>() {
                return serializer.serialize_u64(value);
            }
            if let Ok(value) = text.parse::<i64>() {
                return serializer.serialize_i64(value);
            }
        } else if let Ok(value) = text.parse::<f64>()
            && JsonNumber::from_f64(value).is_some_and(|written| written.as_str() == text)
        {
            return serializer.serialize_f64(value);
        }
        serde_json::value::RawValue::from_string(text.to_owned())
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

/// Builds a [`Node`] tree from any serde data format, rejecting duplicate keys.
struct NodeSeed {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for NodeSeed {
    type Value = Node<'static>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'static>, D::Error> {
        deserializer.deserialize_any(NodeVisitor { depth: self.depth })
    }
}

struct NodeVisitor {
    depth: usize,
}

fn node(value: NodeValue<'static>) -> Node<'static> {
    Node {
        value,
        offset: None,
    }
}

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'static>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(node(NodeValue::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(node(NodeValue::Number(value.into())))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(node(NodeValue::Number(value.into())))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Self::Value, E> {
        Ok(node(NodeValue::Number(value.into())))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Self::Value, E> {
        Ok(node(NodeValue::Number(value.into())))
    }

    /// serde's data model carries the value only: the number is written as serde_json writes
    /// that `f64` (`1.50` read through serde becomes `1.5`; `Policy::from_json` keeps `1.50`).
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        JsonNumber::from_f64(value)
            .map(|number| node(NodeValue::Number(number)))
            .ok_or_else(|| E::custom("number is not finite"))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(node(NodeValue::String(Cow::Owned(value.to_owned()))))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(node(NodeValue::String(Cow::Owned(value))))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(node(NodeValue::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(node(NodeValue::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let depth = self.depth + 1;
        if depth > crate::json::MAX_DEPTH {
            return Err(de::Error::custom("the document nests too deeply"));
        }
        let mut items = Vec::new();
        while let Some(item) = access.next_element_seed(NodeSeed { depth })? {
            items.push(item);
        }
        Ok(node(NodeValue::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let depth = self.depth + 1;
        if depth > crate::json::MAX_DEPTH {
            return Err(de::Error::custom("the document nests too deeply"));
        }
        let mut members: Vec<Member<'static>> = Vec::new();
        let mut keys = KeySet::default();
        while let Some(key) = access.next_key::<String>()? {
            if keys.insert(&members, &key).is_some() {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{key}`; IAM documents must not repeat keys"
                )));
            }
            let value = access.next_value_seed(NodeSeed { depth })?;
            members.push(Member {
                key: Cow::Owned(key),
                key_offset: None,
                value,
            });
        }
        Ok(node(NodeValue::Object(members)))
    }
}

fn convert<'de, D, T>(
    deserializer: D,
    read: impl for<'t> FnOnce(&mut Reader<'t>, &'t Node<'static>) -> Option<T>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let tree = NodeSeed { depth: 0 }.deserialize(deserializer)?;
    let mut reader = Reader::default();
    let value = read(&mut reader, &tree);
    match value {
        Some(value) if !reader.has_errors() => Ok(value),
        _ => Err(de::Error::custom(reader.finish(None))),
    }
}

impl<'de> Deserialize<'de> for Policy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        convert(deserializer, |reader, tree| reader.policy(tree))
    }
}

impl<'de> Deserialize<'de> for Statement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        convert(deserializer, |reader, tree| reader.statement(tree))
    }
}
