//! The IAM policy language as Rust values.
//!
//! * a lossless model of IAM policy JSON ([`Policy`]) that round-trips every document IAM accepts;
//! * small value types: [`AccountId`], [`Arn`], [`Partition`];
//! * policy variables ([`variables`]).

mod arn;
pub mod catalog;
mod error;
pub mod variables;

pub use arn::{AccountId, Arn, Partition};
pub use error::Error;

/// Placeholder until the parser lands.
pub mod parse {
    /// The errors found while parsing a policy document.
    #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
    #[error("parse error")]
    pub struct ParseError;
}
