//! jumpgate's AWS adapters: read the live state of Organizations and IAM, compute the desired
//! state a [`org_model::Layout`] implies, plan the difference and apply it.
//!
//! The core is pure: [`state`] holds plain values, [`desired`] derives the desired state from a
//! layout and [`plan`] diffs desired against live into model-level [`plan::Change`]s, each with
//! its write calls ([`plan::Op`]). Only [`aws`] talks to AWS (through the AWS SDK for Rust).
//!
//! Ownership: jumpgate tags every role, user and customer managed policy it creates
//! `managed-by = jumpgate` and creates its IAM groups (which cannot be tagged) under the path
//! `/jumpgate/` (its customer managed policies live under that path too). It only ever changes
//! such resources; a same-named resource without the mark is reported as a conflict and left
//! alone. Accounts are never closed.
//!
//! The security baseline (AWS Config, CloudTrail, GuardDuty, root MFA; see
//! [`org_model::baseline`]) follows the same split: [`baseline`] assesses live against desired
//! and plans the repairs, [`audit`] reports each item as ok, missing, drifted or waived.

pub mod audit;
pub mod aws;
pub mod baseline;
pub mod desired;
mod error;
pub mod plan;
pub mod state;

pub use error::Error;
pub use plan::{Change, Conflict, Op, Plan, PlanOptions, Target};
