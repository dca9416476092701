//! `policy!`: IAM policy JSON written inline in Rust and checked at compile time.
//!
//! The syntax is the IAM policy JSON itself, so a policy pasted from the AWS documentation
//! compiles unchanged. The runtime parser and validator of [`iam_policy`] run inside the macro,
//! so the macro and the runtime can never disagree: every `ERROR` finding is a compile error at
//! the offending token, with Access Analyzer's issue code and a "did you mean" where one exists.
//!
//! ```
//! use iam_policy_macros::policy;
//!
//! let policy = policy!({
//!     "Version": "2012-10-17",
//!     "Statement": [{
//!         "Effect": "Allow",
//!         "Action": ["s3:GetObject", "s3:ListBucket"],
//!         "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
//!     }]
//! });
//! assert_eq!(policy.statements().len(), 1);
//! ```
//!
//! # Kinds and options
//!
//! An optional first argument names the policy kind: `identity` (the default), `trust`,
//! `resource`, `scp` or `rcp`; the kind's rules apply (`Resource` in a trust policy and
//! `Principal` in an identity policy are errors):
//!
//! ```
//! # use iam_policy_macros::policy;
//! let trust = policy!(trust, {
//!     "Version": "2012-10-17",
//!     "Statement": [{
//!         "Effect": "Allow",
//!         "Principal": { "AWS": "arn:aws:iam::111111111111:root" },
//!         "Action": "sts:AssumeRole",
//!         "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } }
//!     }]
//! });
//! # assert_eq!(trust.statements().len(), 1);
//! ```
//!
//! Findings below `ERROR` (`SECURITY_WARNING`, `WARNING`, `SUGGESTION`) do not fail the build:
//! each is shown as a compiler warning at its token (through a generated `#[deprecated]` note
//! whose text carries the code and message). Add `deny_warnings` to make them errors:
//! `policy!(deny_warnings, trust, { ... })`.
//!
//! # Interpolation
//!
//! A value may be a Rust expression in parentheses: `"Resource": [(bucket_arn)]`,
//! `"AWS": (jump_account)`. Strings, [`iam_policy::Arn`], [`iam_policy::AccountId`], catalog
//! action names, booleans and integers are accepted. What the compiler can see is checked at
//! compile time; the policy is then checked again when built, so a macro with interpolations
//! returns `Result<Policy, iam_policy::Error>` instead of `Policy`:
//!
//! ```
//! # use iam_policy_macros::policy;
//! use iam_policy::{AccountId, Arn, Partition};
//! let prd: AccountId = "333333333333".parse()?;
//! let admin = Arn::iam_role(Partition::Aws, prd, "admin");
//! let assume = policy!({
//!     "Version": "2012-10-17",
//!     "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": [(admin)] }]
//! })?;
//! # assert_eq!(assume.statements().len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! An unknown action is an error at its string, with a suggestion:
//!
//! ```compile_fail
//! # use iam_policy_macros::policy;
//! let p = policy!({ "Version": "2012-10-17", "Statement": [
//!     { "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" } ] });
//! // error: INVALID_ACTION: `s3:GetObjekt` is not an action of `s3`
//! //        help: did you mean `s3:GetObject`?
//! ```
//!
//! `Resource` in a trust policy:
//!
//! ```compile_fail
//! # use iam_policy_macros::policy;
//! let p = policy!(trust, { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow",
//!     "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole", "Resource": "*" }] });
//! // error: ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: role trust policies must not have `Resource`
//! ```
//!
//! A misspelled condition operator:
//!
//! ```compile_fail
//! # use iam_policy_macros::policy;
//! let p = policy!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow",
//!     "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
//!     "Condition": { "StringEqual": { "s3:prefix": "home/" } } }] });
//! // error: INVALID_CONDITION_OPERATOR: unknown condition operator `StringEqual`
//! //        help: did you mean `StringEquals`?
//! ```
//!
//! # Paths
//!
//! The expansion names `::iam_policy` by default. The `jumpgate` facade re-exports the macro as
//! `jumpgate::policy!`, which passes its own path (`crate = $crate::iam_policy`), so users of
//! `jumpgate` alone need no other dependency.

mod expand;
mod tokens;

use proc_macro::TokenStream;

/// Writes an IAM policy as JSON, checked at compile time; see the [crate docs](crate).
#[proc_macro]
pub fn policy(input: TokenStream) -> TokenStream {
    match tokens::parse_input(input.into()).and_then(expand::expand) {
        Ok(tokens) => tokens.into(),
        Err(error) => {
            // Every error of the invocation, inside a block that is a valid expression of any
            // type, so that rustc reports them all and nothing else. The value is a call of a
            // generic function, not `loop {}`: an expression of type `!` would make rustc warn
            // `unreachable statement` on the code after the macro.
            let errors = error.to_compile_error();
            quote::quote!({
                #errors
                fn __policy_error<T>() -> T {
                    loop {}
                }
                __policy_error()
            })
            .into()
        }
    }
}
