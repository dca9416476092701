//! Guardrails: the service control policies (SCPs) and resource control policies (RCPs) of a
//! layout, the seed guardrail set, what is in force in each account, and the proofs that the
//! guardrails hold, made with the policy evaluator ([`iam_policy::eval`]).
//!
//! A layout has guardrails when it has a `[guardrails]` table ([`GuardrailSettings`]): the
//! seed set below is then in force, except the guardrails it leaves out by name (each with a
//! reason). Its own policies (`[[organization_policy]]`, [`OrganizationPolicy`]) come on top,
//! with or without the table. A layout with neither has no guardrails: jumpgate then neither
//! reads nor changes organization policies.
//!
//! The seed set ([`SEED_GUARDRAILS`]), all attached to the root:
//!
//! | Name | Kind | What it guarantees |
//! |---|---|---|
//! | `deny-leave-organization` | SCP | no account leaves the organization |
//! | `iam-users-only-in-jump` | SCP | outside JUMP, nobody but the deployment role creates IAM users, login profiles or access keys |
//! | `protect-baseline` | SCP | nobody but the deployment role stops, deletes or reconfigures the trail `jumpgate`, the Config recorder and delivery channel, the GuardDuty detector or Config's service-linked role, or deletes, re-policies or empties the log bucket |
//! | `protect-managed-roles` | SCP | roles tagged `managed-by = jumpgate`, and the deployment roles, are changed or deleted by the deployment role only; only it puts the tag on a role, user or policy |
//! | `deny-root-user` | SCP | the root user of a member account can do nothing but manage its own MFA device (which the baseline asks it to enable) |
//! | `allowed-regions` | SCP | with `[guardrails] allowed_regions`: nothing outside those Regions, global services exempt |
//! | `log-bucket-perimeter` | RCP | the log bucket is reached only by principals of the organization (by `aws:PrincipalOrgID` once `[organization] id` is known, by account before) and AWS services, and only over TLS |
//!
//! The deployment roles ([`GuardrailSettings::deployment_roles`], `OrganizationAccountAccessRole`
//! by default) are exempt by `aws:PrincipalArn` (any account, so a role of that name in any
//! member account); everything jumpgate manages stays manageable by them, which
//! [`prove`] checks call by call.
//!
//! `FullAWSAccess` stays attached to the root, every OU and every account, except where an SCP
//! of the layout replaces it ([`OrganizationPolicy::replaces_full_aws_access`]);
//! `RCPFullAWSAccess` cannot be detached. Both count towards the policies attached per target.
//!
//! Each document goes to AWS as its compact JSON ([`content`]): that is what the size quota
//! counts (whitespace included) and what `organization-policies/<kind>/<name>.json` holds, byte
//! for byte.
//!
//! ```
//! use org_model::guardrails::Guardrails;
//! let layout = org_model::seed::landing_zone();
//! let guardrails = Guardrails::of(&layout)?;
//! let dev = layout.account_named("DEV").unwrap();
//! let in_force = guardrails.in_force(dev);
//! // Root, `Workloads`, `Workloads/NonProduction`, the account.
//! assert_eq!(in_force.scps.len(), 4);
//! assert!(in_force.scps[0].policies.iter().any(|p| p.name == "protect-baseline"));
//! # Ok::<(), org_model::Error>(())
//! ```

mod calls;
mod proofs;
mod seed;
mod set;

pub use crate::organization_policy::{
    DEFAULT_DEPLOYMENT_ROLE, FULL_AWS_ACCESS, GuardrailSettings, LeftOut, OrganizationPolicy,
    OrganizationPolicyKind, PolicyTargets, RCP_FULL_AWS_ACCESS,
};
pub use calls::{CallTarget, DEPLOYMENT_CALLS, DeploymentCall, deployment_call};
pub use proofs::{
    Evidence, GUARDED_ACTIONS, Guarded, GuardedAction, Proof, ProofFailure, ProofKind, Proofs,
    evidence, prove,
};
pub use seed::{SEED_GUARDRAILS, SeedGuardrail};
pub use set::{
    GuardrailPolicy, Guardrails, InForce, Level, Origin, PolicyTarget, Unavailable, content,
    every_target, full_aws_access, rcp_full_aws_access,
};
