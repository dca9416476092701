//! jumpgate's AWS adapters: the thin shell over the AWS SDK for Rust around the pure planner
//! ([`jumpgate_planner`]). They read the live state of Organizations, IAM and the security
//! baseline into the planner's plain values, plan a checked layout ([`org_model::CheckedLayout`])
//! against it, and execute plans.
//!
//! By subject:
//!
//! * [`connection`]: SDK configuration, retries, the write counter, and the [`Aws`] connection
//!   with its sessions in member accounts;
//! * organization: reading the organization and running its operations;
//! * IAM: reading roles, groups, users and customer managed policies, and running IAM
//!   operations;
//! * baseline: reading AWS Config, CloudTrail, GuardDuty, the log bucket and root MFA, and
//!   running baseline operations;
//! * [`credentials`]: initial console passwords (generated, handed to a [`CredentialSink`],
//!   never shown) and the reads of the credentials audit;
//! * guardrails: reading the organization's SCPs and RCPs (types enabled, policies, tags,
//!   contents, targets) and running guardrail operations in the management account;
//! * apply: [`Aws::plan`], [`Aws::apply`], [`Aws::execute`], [`Aws::audit`] and
//!   [`Aws::audit_guardrails`].
//!
//! Ownership and conflicts are the planner's: jumpgate only ever changes the resources it marks
//! as its own (see [`jumpgate_planner`]), and never closes accounts.

mod apply;
mod baseline;
pub mod connection;
pub mod credentials;
mod error;
mod guardrails;
mod iam;
mod import;
mod organization;

pub use connection::{
    Aws, Progress, RetrySettings, Settings, SettleSettings, WriteCounter, assume_role, load_config,
    static_config,
};
pub use credentials::{CredentialSink, InitialPassword};
pub use error::Error;
pub use iam::decode_policy;
pub use jumpgate_planner as planner;
