//! JSON Schemas of the layout's values whose Rust types live in `iam-policy` (feature `schema`).
//!
//! The layout types derive `schemars::JsonSchema`; the fields typed by `iam-policy` name these
//! functions. Each schema admits exactly what the type's `Deserialize` accepts.

use iam_policy::Partition;
use schemars::{Schema, SchemaGenerator, json_schema};

/// A 12-digit account id, as [`iam_policy::AccountId`] reads it.
pub(crate) fn account_id(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": "^[0-9]{12}$",
    })
}

/// A partition name, as [`Partition`] reads it: one of [`Partition::ALL`].
pub(crate) fn partition(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = Partition::ALL
        .iter()
        .map(|partition| partition.as_str())
        .collect();
    json_schema!({
        "type": "string",
        "enum": names,
    })
}

/// A policy document: a table (an IAM policy's elements, checked when the layout is read), or
/// the policy's JSON text.
pub(crate) fn policy(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": ["object", "string"],
    })
}
