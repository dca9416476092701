//! jumpgate: an AWS multi-account layout and its IAM policies as checked Rust values.
//!
//! This facade re-exports the member crates:
//!
//! * [`iam_policy`]: the IAM policy language — a lossless model of policy JSON, typed builders,
//!   canonical form, size accounting, the AWS action catalog and the validator;
//! * [`org_model`]: the multi-account layout — organization, accounts, JUMP users, groups, roles
//!   and grants — its invariants, reachability and everything rendered from it;
//! * [`planner`]: the pure planner (`jumpgate-planner`) — the desired state of a checked layout,
//!   live state as plain values, plans and the baseline audit;
//! * `aws` (feature `aws`): the AWS adapters (`jumpgate-aws`) that read live state through the
//!   AWS SDK and execute plans;
//! * [`policy!`]: IAM policy JSON checked at compile time (from `iam-policy-macros`);
//! * [`output_dir`]: a rendering written into a directory, replacing it whole and safely;
//! * [`credentials_dir`]: the private directory `jumpgate apply` writes initial passwords to.
//!
//! ```
//! use jumpgate::iam_policy::{builder::TrustPolicy, AccountId, Partition};
//! let jump: AccountId = "111111111111".parse()?;
//! let trust = TrustPolicy::for_account(jump, Partition::Aws).build()?;
//! assert_eq!(trust.statements().len(), 1);
//! # Ok::<(), jumpgate::iam_policy::Error>(())
//! ```

pub use iam_policy;
#[cfg(feature = "aws")]
pub use jumpgate_aws as aws;
pub use jumpgate_planner as planner;
pub use org_model;

pub mod credentials_dir;
pub mod output_dir;

#[doc(hidden)]
pub use iam_policy_macros::policy as __policy;

/// Writes an IAM policy as JSON, checked at compile time against the AWS catalog and the
/// validator; see [`iam_policy_macros`] for the syntax, kinds, interpolation and errors.
///
/// ```
/// let policy = jumpgate::policy!(trust, {
///     "Version": "2012-10-17",
///     "Statement": [{
///         "Effect": "Allow",
///         "Principal": { "AWS": "arn:aws:iam::111111111111:root" },
///         "Action": "sts:AssumeRole",
///         "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } }
///     }]
/// });
/// assert_eq!(policy.statements().len(), 1);
/// ```
#[macro_export]
macro_rules! policy {
    ($($input:tt)*) => {
        $crate::__policy!(crate = $crate::iam_policy, $($input)*)
    };
}

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
