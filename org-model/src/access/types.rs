//! The questions, answers and inputs of effective access.

use std::collections::BTreeMap;
use std::fmt;

use iam_policy::eval::{
    ContextValue, Decision, Evaluation, PolicyRef, PolicyType, Request, StatementRef,
};
use iam_policy::{AccountId, Arn, Policy};

use crate::Permission;

/// The longest action, resource, context key value accepted in a [`Question`], in bytes (as
/// `jumpgate eval` reads request files).
pub const MAX_REQUEST_STRING: usize = 2_048;
/// The longest context key, in bytes.
pub const MAX_CONTEXT_KEY: usize = 256;
/// The most values one context key may have.
pub const MAX_CONTEXT_VALUES: usize = 1_024;

/// Where an organization policy is attached.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// The organization's root.
    Root,
    /// An OU, by path (`Workloads/Production`).
    Ou(String),
    /// An account, by name.
    Account(String),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Root => f.write_str("the root"),
            Target::Ou(path) => write!(f, "OU `{path}`"),
            Target::Account(name) => write!(f, "account `{name}`"),
        }
    }
}

/// An SCP or RCP and where it is attached.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The root, OU or account.
    pub target: Target,
    /// The policy's name.
    pub name: String,
    /// The document.
    pub policy: Policy,
}

/// A role's trust policy edited by hand, replacing the one rendered from the layout.
#[derive(Debug, Clone, PartialEq)]
pub struct TrustOverride {
    /// The role, by name.
    pub role: String,
    /// The account, by name; `None`: in every account the role is deployed to.
    pub account: Option<String>,
    /// The document.
    pub policy: Policy,
}

/// What the walk takes besides the layout: the organization's SCPs and RCPs, its root and OU
/// ids, and trust policies edited by hand. Empty by default (the layout holds none of these yet).
///
/// SCPs are evaluated once any is given: then each level from the root down to the account holds
/// the SCPs attached there, and a target without any has `FullAWSAccess` (AWS attaches it to
/// every root, OU and account when SCPs are enabled, and a target keeps at least one SCP).
/// `RCPFullAWSAccess` is implied at every level: only RCP denies decide.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Environment {
    /// Service control policies.
    pub scps: Vec<Attachment>,
    /// Resource control policies.
    pub rcps: Vec<Attachment>,
    /// The root's id (`r-...`), for `aws:PrincipalOrgPaths` and `aws:ResourceOrgPaths`.
    pub root_id: Option<String>,
    /// OU ids (`ou-...`) by OU path, for the same keys.
    pub ou_ids: BTreeMap<String, String>,
    /// Trust policies edited by hand (the later of two for the same role and account wins).
    pub trust_policies: Vec<TrustOverride>,
}

/// How a permission is attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PermissionKind {
    /// An AWS managed policy.
    AwsManaged,
    /// A customer managed policy.
    Customer,
    /// An inline policy.
    Inline,
}

impl PermissionKind {
    pub(super) fn of(permission: &Permission) -> Self {
        match permission {
            Permission::AwsManaged { .. } => PermissionKind::AwsManaged,
            Permission::Customer { .. } => PermissionKind::Customer,
            Permission::Inline { .. } => PermissionKind::Inline,
        }
    }

    /// `AWS managed policy`, `customer managed policy` or `inline policy`.
    pub fn describe(self) -> &'static str {
        match self {
            PermissionKind::AwsManaged => "AWS managed policy",
            PermissionKind::Customer => "customer managed policy",
            PermissionKind::Inline => "inline policy",
        }
    }
}

/// Where a policy in a step comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PolicySource {
    /// A JUMP group's AssumeRole policy, rendered from its grants (inline policy
    /// [`crate::managed::ASSUME_ROLES_POLICY`]).
    GroupAssumeRoles {
        /// The group.
        group: String,
    },
    /// A JUMP group's deny-unless-MFA policy (inline policy
    /// [`crate::managed::REQUIRE_MFA_POLICY`]).
    GroupRequireMfa {
        /// The group.
        group: String,
    },
    /// One of a group's own permissions.
    GroupPermission {
        /// The group.
        group: String,
        /// How it is attached.
        kind: PermissionKind,
        /// The policy's name.
        name: String,
    },
    /// One of a role's permissions.
    RolePermission {
        /// The role.
        role: String,
        /// How it is attached.
        kind: PermissionKind,
        /// The policy's name.
        name: String,
    },
    /// A role's trust policy in an account.
    TrustPolicy {
        /// The role.
        role: String,
        /// The account's name.
        account: String,
        /// Whether it was edited by hand ([`Environment::trust_policies`]).
        edited: bool,
    },
    /// The log bucket's policy.
    BucketPolicy {
        /// The bucket's name.
        bucket: String,
    },
    /// An SCP.
    Scp {
        /// Where it is attached.
        target: Target,
        /// Its name.
        name: String,
    },
    /// `FullAWSAccess`, which a target without any SCP has.
    DefaultFullAwsAccess {
        /// The target.
        target: Target,
    },
    /// An RCP.
    Rcp {
        /// Where it is attached.
        target: Target,
        /// Its name.
        name: String,
    },
}

impl fmt::Display for PolicySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicySource::GroupAssumeRoles { group } => write!(
                f,
                "group `{group}` inline policy `{}`",
                crate::managed::ASSUME_ROLES_POLICY
            ),
            PolicySource::GroupRequireMfa { group } => write!(
                f,
                "group `{group}` inline policy `{}`",
                crate::managed::REQUIRE_MFA_POLICY
            ),
            PolicySource::GroupPermission { group, kind, name } => {
                write!(f, "group `{group}` {} `{name}`", kind.describe())
            }
            PolicySource::RolePermission { role, kind, name } => {
                write!(f, "role `{role}` {} `{name}`", kind.describe())
            }
            PolicySource::TrustPolicy {
                role,
                account,
                edited,
            } => {
                write!(f, "trust policy of role `{role}` in `{account}`")?;
                if *edited {
                    f.write_str(" (edited by hand)")?;
                }
                Ok(())
            }
            PolicySource::BucketPolicy { bucket } => write!(f, "bucket policy of `{bucket}`"),
            PolicySource::Scp { target, name } => write!(f, "SCP `{name}` on {target}"),
            PolicySource::DefaultFullAwsAccess { target } => {
                write!(f, "SCP `FullAWSAccess` on {target} (attached by default)")
            }
            PolicySource::Rcp { target, name } => write!(f, "RCP `{name}` on {target}"),
        }
    }
}

/// Who asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A user of the layout, by name.
    User(String),
    /// A member of a group of the layout who is in no other group, by the group's name.
    Group(String),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::User(name) => write!(f, "user `{name}`"),
            Subject::Group(name) => write!(f, "a member of group `{name}`"),
        }
    }
}

/// A question: may this user (or a member of this group) call this action on this resource,
/// switching role into this account?
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Who.
    pub subject: Subject,
    /// The action, `service:Name`.
    pub action: String,
    /// The resource ARN, or `*`.
    pub resource: String,
    /// The account the roles are assumed in, by name (or id).
    pub account: String,
    /// Whether the user signed in with MFA.
    pub mfa: bool,
    /// Context keys that override or add to the ones the walk sets, as `(key, value)`; a key
    /// given several times has all those values.
    pub context: Vec<(String, String)>,
}

impl Question {
    /// A question with MFA and no extra context keys.
    pub fn new(
        subject: Subject,
        action: impl Into<String>,
        resource: impl Into<String>,
        account: impl Into<String>,
    ) -> Self {
        Self {
            subject,
            action: action.into(),
            resource: resource.into(),
            account: account.into(),
            mfa: true,
            context: Vec::new(),
        }
    }
}

/// Why a [`Question`] cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QuestionError {
    /// The layout has no such user.
    #[error("user `{name}` is not in the layout")]
    UnknownUser {
        /// The name given.
        name: String,
        /// The closest user name.
        suggestion: Option<String>,
    },
    /// The layout has no such group.
    #[error("group `{name}` is not in the layout")]
    UnknownGroup {
        /// The name given.
        name: String,
        /// The closest group name.
        suggestion: Option<String>,
    },
    /// The layout has no such account.
    #[error("account `{name}` is not in the layout")]
    UnknownAccount {
        /// The name given.
        name: String,
        /// The closest account name.
        suggestion: Option<String>,
    },
    /// The action is not one action named `service:Name`.
    #[error("action `{action}` is malformed: {reason}")]
    MalformedAction {
        /// The action given.
        action: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The catalog has no such action.
    #[error("action `{action}` is not an action AWS documents")]
    UnknownAction {
        /// The action given.
        action: String,
        /// The closest action.
        suggestion: Option<String>,
    },
    /// The resource is not `*` or one ARN.
    #[error("resource `{resource}` is malformed: {reason}")]
    MalformedResource {
        /// The resource given.
        resource: String,
        /// What is wrong.
        reason: String,
    },
    /// A context key or value is malformed.
    #[error("context key `{key}` is malformed: {reason}")]
    MalformedContext {
        /// The key given.
        key: String,
        /// What is wrong.
        reason: String,
    },
    /// The catalog has no such condition key.
    #[error("context key `{key}` is not a condition key AWS documents")]
    UnknownContextKey {
        /// The key given.
        key: String,
        /// The closest key.
        suggestion: Option<String>,
    },
}

impl QuestionError {
    /// A help line: "did you mean" where something close exists.
    pub fn help(&self) -> Option<String> {
        let suggestion = match self {
            QuestionError::UnknownUser { suggestion, .. }
            | QuestionError::UnknownGroup { suggestion, .. }
            | QuestionError::UnknownAccount { suggestion, .. }
            | QuestionError::UnknownAction { suggestion, .. }
            | QuestionError::UnknownContextKey { suggestion, .. } => suggestion,
            QuestionError::MalformedAction { .. } => {
                return Some("name one action, such as `s3:GetObject`".to_owned());
            }
            QuestionError::MalformedResource { .. } => {
                return Some(
                    "give one ARN, such as `arn:aws:s3:::bucket/key`, or `*` for actions without a resource"
                        .to_owned(),
                );
            }
            QuestionError::MalformedContext { .. } => {
                return Some("give `KEY=VALUE`, such as `aws:SourceIp=203.0.113.7`".to_owned());
            }
        };
        suggestion
            .as_ref()
            .map(|suggestion| format!("did you mean `{suggestion}`?"))
    }
}

/// The policies of a step, by their place in the step's [`PolicySet`](iam_policy::eval::PolicySet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// The identity policies, in order.
    pub identity: Vec<PolicySource>,
    /// The resource policy.
    pub resource: Option<PolicySource>,
    /// The SCPs per level, from the root down.
    pub scps: Vec<Vec<PolicySource>>,
    /// The RCPs per level, from the root down.
    pub rcps: Vec<Vec<PolicySource>>,
}

impl Sources {
    /// Where the policy `policy` of the step's policy set comes from.
    pub fn get(&self, policy: &PolicyRef) -> Option<&PolicySource> {
        match policy.policy_type {
            PolicyType::Identity => self.identity.get(policy.index),
            PolicyType::Resource => self.resource.as_ref(),
            PolicyType::Scp => self.scps.get(policy.level?)?.get(policy.index),
            PolicyType::Rcp => self.rcps.get(policy.level?)?.get(policy.index),
            PolicyType::PermissionsBoundary | PolicyType::Session => None,
        }
    }
}

/// One request of a path, evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The request, with its context.
    pub request: Request,
    /// Where each policy in play comes from.
    pub sources: Sources,
    /// The decision and its explanation.
    pub evaluation: Evaluation,
}

impl Step {
    /// `SOURCE, Statement[2] (Deny, Sid `X`)`: a statement named by its policy's source.
    pub fn describe(&self, statement: &StatementRef) -> String {
        let mut text = match self.sources.get(&statement.policy) {
            Some(source) => format!("{source}, {} ({}", statement.path, statement.effect),
            None => format!(
                "{}, {} ({}",
                statement.policy, statement.path, statement.effect
            ),
        };
        if let Some(sid) = &statement.sid {
            text.push_str(&format!(", Sid `{sid}`"));
        }
        text.push(')');
        text
    }
}

/// How a path goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// Switching into a role.
    Role {
        /// The role.
        role: String,
        /// The account's name.
        account: String,
        /// The groups whose policies allowed assuming the role (empty when denied).
        groups: Vec<String>,
    },
    /// The user's own permissions, without switching role.
    Direct,
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Via::Role {
                role,
                account,
                groups,
            } => {
                for group in groups {
                    write!(f, "group `{group}` → ")?;
                }
                write!(f, "role `{role}` in `{account}`")
            }
            Via::Direct => f.write_str("directly, without switching role"),
        }
    }
}

/// One path and its decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// How it goes.
    pub via: Via,
    /// The path's decision: the first step's unless it allows, then the second's.
    pub decision: Decision,
    /// The requests: assuming the role, then the call (the call alone for [`Via::Direct`]).
    pub steps: Vec<Step>,
    /// What shaped the decision beyond the steps' explanations (MFA absent).
    pub notes: Vec<String>,
}

/// The answer to a [`Question`].
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// `Allow` when some path allows; `ExplicitDeny` when every path is explicitly denied;
    /// `ImplicitDeny` otherwise (also when there is no path).
    pub decision: Decision,
    /// The principal asking: the user's ARN in JUMP.
    pub principal: Arn,
    /// The action, as the catalog spells it.
    pub action: String,
    /// The account's name.
    pub account: String,
    /// The account's id (a placeholder when it has none yet).
    pub account_id: AccountId,
    /// Every path: each role deployed to the account (in layout order), then the direct one.
    pub routes: Vec<Route>,
    /// Facts about the answer: placeholder ids, a user living outside JUMP, policies left out.
    pub notes: Vec<String>,
}

impl Answer {
    /// The context keys every request of the answer carries with the same values, ordered by key.
    pub fn common_context(&self) -> Vec<(String, ContextValue)> {
        let mut steps = self.routes.iter().flat_map(|route| &route.steps);
        let Some(first) = steps.next() else {
            return Vec::new();
        };
        let mut common: Vec<(String, ContextValue)> = first
            .request
            .context
            .iter()
            .map(|(key, value)| (key.to_owned(), value.clone()))
            .collect();
        for step in steps {
            common.retain(|(key, value)| step.request.context.get(key) == Some(value));
        }
        common
    }
}
