//! Effective access over a layout: what a user (or a member of a group) of the layout may do in
//! an account, decided by the policy evaluator ([`iam_policy::eval`]) over every path, with the
//! explanation of each decision.
//!
//! A path has two steps, as a switch-role does:
//!
//! 1. the IAM user in JUMP calls `sts:AssumeRole` on the role's ARN in the target account: the
//!    user's identity policies are their groups' (the AssumeRole policy rendered from the grants,
//!    `jumpgate-assume-roles`; the deny-unless-MFA policy, `jumpgate-require-mfa`; the group's own
//!    AWS managed, customer and inline policies), the resource policy is the role's trust policy,
//!    and the SCPs of JUMP's path and the RCPs of the target's path apply;
//! 2. the role session (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/USER`) calls the action on the
//!    resource: the role's policies, the SCPs of the target account's path (not for the
//!    management account), the RCPs of the resource account's path and the resource's policy
//!    when the layout knows it (the log bucket's policy, a role's trust policy).
//!
//! When the account asked about is JUMP (or the resource is JUMP's, or has a policy the layout
//! knows), the user's own identity policies calling the action directly are a path too.
//!
//! Every request carries the context a real switch-role would: MFA present with age 0 (or, with
//! [`Question::mfa`] off, `aws:MultiFactorAuthPresent` `false`), the user's name as the session
//! name (`sts:RoleSessionName`), `aws:SecureTransport`, the Region of the resource ARN or the
//! layout's default Region (`aws:RequestedRegion`), the organization's id
//! (`aws:PrincipalOrgID`, `aws:ResourceOrgID`) and paths (`aws:PrincipalOrgPaths`,
//! `aws:ResourceOrgPaths`, when the [`Environment`] gives the root's and OUs' ids), the
//! principal and resource accounts and ARNs. [`Question::context`] overrides or adds keys.
//!
//! Accounts without an id yet (and a layout without a JUMP account) get placeholder ids, unused
//! by the layout, so that their policies can be evaluated all the same; answers say so.
//!
//! The layout holds no SCPs or RCPs yet: an [`Environment`] brings them (attached to the root,
//! OUs and accounts), with trust policies edited by hand. [`EffectiveAccess`] builds every
//! policy once per layout; each question or reachability query then only evaluates.
//!
//! ```
//! use org_model::access::{EffectiveAccess, Question, Subject};
//! use iam_policy::eval::Decision;
//! let layout = org_model::seed::landing_zone();
//! let access = EffectiveAccess::new(&layout);
//! let question = Question::new(
//!     Subject::User("alice".into()),
//!     "cloudtrail:StopLogging",
//!     "arn:aws:cloudtrail:eu-west-1:100000000005:trail/jumpgate",
//!     "DEV",
//! );
//! let answer = access.ask(&question)?;
//! assert_eq!(answer.decision, Decision::Allow);
//! // Through role `admin` (the developers' grant), not through `read-only` (the auditors').
//! assert_eq!(answer.routes.len(), 2);
//! let admin = answer.routes.iter().find(|route| route.decision == Decision::Allow).unwrap();
//! assert_eq!(admin.via.to_string(), "group `developers` → role `admin` in `DEV`");
//! # Ok::<(), org_model::access::QuestionError>(())
//! ```

mod ask;
mod index;
mod reach;
mod scan;
mod types;

pub use index::EffectiveAccess;
pub(crate) use reach::ReachCache;
pub use types::{
    Answer, Attachment, Environment, MAX_CONTEXT_KEY, MAX_CONTEXT_VALUES, MAX_REQUEST_STRING,
    PermissionKind, PolicySource, Question, QuestionError, Route, Sources, Step, Subject, Target,
    TrustOverride, Via,
};
