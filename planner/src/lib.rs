//! jumpgate's planner, pure: the desired state a checked layout implies, the live state as plain
//! values, the plan that turns one into the other, and the audit of the security baseline. No
//! AWS SDK and no I/O: `jumpgate-aws` reads the live state into these values and executes the
//! plans.
//!
//! The layers, each using only those before it:
//!
//! * [`state`] and [`baseline_state`]: what exists and what should exist, as values;
//! * [`op`]: the write calls, in model terms; [`plan`]: a [`Plan`] of [`Change`]s, conflicts,
//!   retained resources and manual steps;
//! * [`desired`]: the desired state of an [`org_model::CheckedLayout`] (the planner takes no
//!   other layout);
//! * [`plan_org`] and [`plan_iam`]: the diffs of the organization and of IAM;
//! * [`plan_baseline`] and the [`audit`]: both rest on one assessment of every baseline item
//!   against its desired state, so a drifted item always has its repair in the plan;
//! * [`credentials`]: the audit of the password policy, root access keys and every JUMP user's
//!   MFA device, console password and access keys (with the [`credential_report`] parsed).
//! * [`guardrails_state`], [`plan_guardrails`] and [`audit_guardrails`]: the organization's SCPs
//!   and RCPs ([`org_model::guardrails`]), created, updated and attached before anything is
//!   detached, tagged `managed-by = jumpgate`;
//! * [`calls`]: the API calls of each operation, which the guardrail proofs hold to the calls
//!   they prove the deployment role may make;
//! * [`schedule`]: which changes of a plan may run at once (different accounts) and which wait
//!   (organization changes, the log bucket), for an executor working on many accounts at once.
//!
//! Ownership: jumpgate tags every role, user and customer managed policy it creates
//! `managed-by = jumpgate` and creates its IAM groups (which cannot be tagged) under the path
//! `/jumpgate/` (its customer managed policies live under that path too). It only ever changes
//! such resources; a same-named resource without the mark is reported as a conflict and left
//! alone. Accounts are never closed.
//!
//! The security baseline (AWS Config, CloudTrail, GuardDuty, root MFA; see
//! [`org_model::baseline`]) follows the same rule: the log bucket, the trail and the GuardDuty
//! detector jumpgate creates carry the tag; the Config recorder and delivery channel are
//! jumpgate's by name. A same-purpose resource jumpgate does not manage is a conflict and never
//! changed; nothing is ever deleted. Root MFA cannot be enabled through any API: the plan lists
//! it as a manual step.
//!
//! ```
//! use jumpgate_planner::{ChangeAction, PlanOptions, desired, plan_iam, state::IamState};
//! use org_model::{CheckedLayout, seed};
//!
//! let layout = CheckedLayout::check(seed::landing_zone())?;
//! let desired = desired::desired_iam(&layout)?;
//! let plan = plan_iam(&desired, &IamState::default(), PlanOptions::default());
//! assert!(plan.changes.iter().all(|change| change.action == ChangeAction::Create));
//! assert!(plan_iam(&desired, &desired, PlanOptions { prune: true, ..PlanOptions::default() }).is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod adopt;
mod assess;
pub mod audit;
pub mod baseline;
pub mod baseline_state;
pub mod calls;
pub mod compare;
pub mod credential_report;
pub mod credentials;
pub mod desired;
mod diff;
mod error;
pub mod guardrails;
pub mod guardrails_state;
mod iam;
pub mod import;
pub mod op;
mod org;
pub mod plan;
pub mod schedule;
pub mod state;

pub use baseline::plan_baseline;
pub use diff::policy_diff;
pub use error::Error;
pub use guardrails::{audit_guardrails, plan_guardrails};
pub use iam::plan_iam;
pub use op::{BaselineOp, GuardrailOp, Op};
pub use org::plan_org;
pub use plan::{Change, ChangeAction, Conflict, ManualStep, Plan, PlanOptions, Retained, Target};
