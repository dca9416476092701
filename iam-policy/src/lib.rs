//! The IAM policy language as Rust values.
//!
//! * a lossless model of IAM policy JSON ([`Policy`]) that round-trips every document IAM
//!   accepts, with serde support and located errors ([`parse_policy`]);
//! * a canonical form for semantic comparison ([`Policy::to_canonical`]);
//! * size accounting as IAM and Organizations count it ([`size`]);
//! * typed builders for identity, trust and AssumeRole policies ([`builder`]);
//! * the catalog of every AWS service, action, resource type and condition key ([`catalog`]);
//! * the document of every AWS managed policy, by name or ARN ([`managed`]);
//! * a validator with Access Analyzer-style findings ([`validate`]), each with a code from the
//!   registry ([`codes`]);
//! * an evaluator: would AWS allow a request, given the policies in play, and why ([`eval`]);
//! * small value types: [`AccountId`], [`Arn`], [`Partition`]; policy variables ([`variables`]).
//!
//! ```
//! use iam_policy::{AccountId, Partition, builder::TrustPolicy};
//! let jump: AccountId = "111111111111".parse()?;
//! let trust = TrustPolicy::for_account(jump, Partition::Aws).require_mfa().build()?;
//! let json = serde_json::to_string(&trust)?;
//! assert!(json.contains(r#""Bool":{"aws:MultiFactorAuthPresent":"true"}"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[doc(hidden)]
#[path = "macro_support_v1.rs"]
pub mod __macro_support_v1;
mod arn;
pub mod builder;
pub(crate) mod canonical;
pub mod catalog;
pub mod codes;
mod error;
pub mod eval;
mod fast_hash;
mod finding;
mod json;
mod locate;
pub mod managed;
mod meter;
pub(crate) mod model;
mod parse;
mod path;
#[cfg(test)]
mod scaling_tests;
mod serde_impl;
pub mod size;
mod suggest;
pub mod validate;
pub mod variables;

pub use arn::{AccountId, Arn, Partition};
pub use error::Error;
pub use finding::{Finding, Severity};
pub use model::{
    ActionElement, ActionPattern, BaseOperator, Condition, ConditionBlock, ConditionEntry,
    ConditionOperator, ConditionValue, Effect, JsonNumber, OneOrMany, OperatorFamily, Policy,
    Principal, PrincipalElement, PrincipalType, ResourceElement, ResourcePattern, SetQualifier,
    Statement, Version, is_service_principal_name,
};
pub use parse::{ParseError, ParsedPolicy, Position, parse_policy, parse_policy_bytes};
pub use path::{JsonPath, PathSegment};
pub use suggest::{closest as closest_match, edit_distance};
