//! jumpgate: an AWS multi-account layout and its IAM policies as checked Rust values.
//!
//! This facade re-exports the member crates:
//!
//! * [`iam_policy`]: the IAM policy language — a lossless model of policy JSON, typed builders,
//!   canonical form and size accounting.
//!
//! ```
//! use jumpgate::iam_policy::{builder::TrustPolicy, AccountId, Partition};
//! let jump: AccountId = "111111111111".parse()?;
//! let trust = TrustPolicy::for_account(jump, Partition::Aws).build()?;
//! assert_eq!(trust.statements().len(), 1);
//! # Ok::<(), jumpgate::iam_policy::Error>(())
//! ```

pub use iam_policy;

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
