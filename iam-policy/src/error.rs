//! The error type of the `iam-policy` crate.

use crate::parse::ParseError;

/// Everything that can go wrong in `iam-policy`: bad values, unparsable documents, impossible builds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A string is not a 12-digit AWS account id.
    #[error("invalid account id `{value}`: {reason}")]
    InvalidAccountId {
        /// The rejected input.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A string is not a well-formed ARN.
    #[error("invalid ARN `{value}`: {reason}")]
    InvalidArn {
        /// The rejected input.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A string names no AWS partition.
    #[error(
        "unknown partition `{value}` (expected one of: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc)"
    )]
    UnknownPartition {
        /// The rejected input.
        value: String,
    },
    /// A string is not a JSON number within the range of `f64`.
    #[error("invalid JSON number `{value}`: {reason}")]
    InvalidNumber {
        /// The rejected input.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A policy document could not be parsed.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A policy built with interpolated values has `ERROR` findings.
    #[error("invalid policy: {}", describe_findings(findings))]
    Invalid {
        /// The `ERROR` findings.
        findings: Vec<crate::validate::Finding>,
    },
    /// A builder was asked for a document that IAM would reject.
    #[error("cannot build policy: {message}")]
    Build {
        /// What is missing or contradictory.
        message: String,
    },
}

fn describe_findings(findings: &[crate::validate::Finding]) -> String {
    match findings {
        [] => "no findings".to_owned(),
        [first, rest @ ..] => {
            let more = if rest.is_empty() {
                String::new()
            } else {
                format!(" (and {} more)", rest.len())
            };
            format!("{} {} (at {}){more}", first.code, first.message, first.path)
        }
    }
}
