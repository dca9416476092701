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

mod scan;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use iam_policy::eval::{
    Context, ContextValue, Decision, Evaluation, Mismatch, PolicyRef, PolicySet, PolicyType,
    Request, RequestPrincipal, StatementRef, evaluate,
};
use iam_policy::{AccountId, Arn, Effect, Partition, Policy, catalog, closest_match, managed};

use crate::policies::{LayoutPolicies, require_mfa_policy_in, role_arn};
use crate::{Layout, Permission, Purpose, User, baseline};
use scan::{ASSUME_ROLE, Targets};

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

static NO_ENVIRONMENT: Environment = Environment {
    scps: Vec::new(),
    rcps: Vec::new(),
    root_id: None,
    ou_ids: BTreeMap::new(),
    trust_policies: Vec::new(),
};

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
    fn of(permission: &Permission) -> Self {
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

/// The policies of a step, by their place in the step's [`PolicySet`].
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
    /// `SOURCE, Statement[2] (Sid `X`)`: a statement named by its policy's source.
    pub fn describe(&self, statement: &StatementRef) -> String {
        let mut text = match self.sources.get(&statement.policy) {
            Some(source) => format!("{source}, {}", statement.path),
            None => format!("{}, {}", statement.policy, statement.path),
        };
        if let Some(sid) = &statement.sid {
            text.push_str(&format!(" (Sid `{sid}`)"));
        }
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

/// A policy held by the index: owned by it, or borrowed from the layout or the environment.
#[derive(Debug, Clone, Copy)]
enum Doc<'a> {
    Owned(usize),
    Borrowed(&'a Policy),
}

#[derive(Debug, Clone)]
struct Held<'a> {
    doc: Doc<'a>,
    source: PolicySource,
    /// Whether it treats every user of the same groups alike for `sts:AssumeRole`.
    neutral: bool,
}

/// The log bucket, whose policy the layout renders.
#[derive(Debug, Clone)]
struct LogBucket {
    name: String,
    arn: String,
    policy: usize,
    account: Option<usize>,
}

/// A role deployed to an account.
#[derive(Debug, Clone)]
struct Deployment<'a> {
    role: usize,
    account: usize,
    arn: Arn,
    trust: Option<Held<'a>>,
}

/// The SCPs or RCPs by target.
#[derive(Debug, Default)]
struct Attached<'a> {
    root: Vec<Held<'a>>,
    ous: HashMap<&'a str, Vec<Held<'a>>>,
    accounts: HashMap<&'a str, Vec<Held<'a>>>,
}

/// The roles a group's policies may let its members assume.
#[derive(Debug, Clone)]
enum Candidates {
    Any,
    Some(Vec<usize>),
}

/// The layout's policies built and indexed once, to evaluate many requests: effective access
/// ([`EffectiveAccess::ask`]) and reachability ([`crate::reachability`]).
///
/// Building is linear in the layout (plus one pass over the deployed roles for each wildcard
/// role pattern in a group's policies); each AWS managed policy a group attaches is parsed once.
#[derive(Debug)]
pub struct EffectiveAccess<'a> {
    layout: &'a Layout,
    environment: &'a Environment,
    partition: Partition,
    /// The id each account is evaluated with, by position (a placeholder when it has none or
    /// repeats an earlier account's).
    ids: Vec<AccountId>,
    placeholder: Vec<bool>,
    /// The JUMP account's position (the only one of purpose JUMP, or the first).
    jump: Option<usize>,
    jump_id: AccountId,
    management: Option<AccountId>,
    accounts: HashMap<&'a str, usize>,
    account_by_id: HashMap<AccountId, usize>,
    users: HashMap<&'a str, usize>,
    groups: HashMap<&'a str, usize>,
    docs: Vec<Policy>,
    /// Per group position: its policies (AssumeRole, require-MFA, permissions).
    group_policies: Vec<Vec<Held<'a>>>,
    /// Per group position: AWS managed policies it names that jumpgate does not know.
    group_unknown: Vec<Vec<String>>,
    group_candidates: Vec<Candidates>,
    deployments: Vec<Deployment<'a>>,
    by_arn: HashMap<String, usize>,
    /// Per account position: the deployments there, in role order.
    by_account: Vec<Vec<usize>>,
    /// Deployments in JUMP whose trust policy may admit a user with no identity policy.
    jump_extra: Vec<usize>,
    scps: Attached<'a>,
    rcps: Attached<'a>,
    scps_given: bool,
    full_access: usize,
    /// `Allow sts:AssumeRole *`: the user's side when only the trust policy is asked about.
    any_role: usize,
    /// Whether the SCPs of JUMP's path treat every user alike.
    jump_scps_neutral: bool,
    /// Per account position: whether the RCPs of its path do.
    rcps_neutral: Vec<bool>,
    /// The log bucket: its name, ARN, policy and account position.
    log_bucket: Option<LogBucket>,
    /// Policies that could not be built, by what they belong to.
    failures: Vec<String>,
}

/// The first position of each name.
fn index_by_name<'a, T>(
    items: &'a [T],
    name: impl Fn(&'a T) -> &'a str,
) -> HashMap<&'a str, usize> {
    let mut index = HashMap::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        index.entry(name(item)).or_insert(position);
    }
    index
}

/// A 12-digit id from a number below 10^12.
fn numbered_id(number: u64) -> AccountId {
    AccountId::new(&format!("{number:012}")).unwrap_or_else(|_| unreachable!("12 digits"))
}

const FULL_AWS_ACCESS: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
const ANY_ROLE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#;

fn fixed_policy(json: &str) -> Policy {
    Policy::from_json(json).unwrap_or_else(|error| unreachable!("a fixed policy parses: {error}"))
}

/// The IAM path and name as an ARN resource: `user/PATH/NAME`.
fn path_name(entity: &str, path: &str, name: &str) -> String {
    let path = path.trim_matches('/');
    if path.is_empty() {
        format!("{entity}/{name}")
    } else {
        format!("{entity}/{path}/{name}")
    }
}

/// The facts a request's context is built from.
struct Facts<'x> {
    principal_arn: &'x str,
    principal_type: &'static str,
    principal_account: AccountId,
    /// The principal's account's position (none for a layout without a JUMP account).
    principal_position: Option<usize>,
    username: Option<&'x str>,
    session_name: Option<&'x str>,
    resource_account: Option<AccountId>,
    resource_position: Option<usize>,
    region: &'x str,
    mfa: bool,
}

/// A policy set being assembled, with the sources of its policies.
struct Assembly<'s> {
    set: PolicySet<'s>,
    sources: Sources,
    /// Per identity policy: the group it belongs to.
    owners: Vec<Option<usize>>,
}

impl<'s> Assembly<'s> {
    fn new() -> Self {
        Assembly {
            set: PolicySet::default(),
            sources: Sources::default(),
            owners: Vec::new(),
        }
    }

    /// The policy a statement reference points at.
    fn policy(&self, reference: &PolicyRef) -> Option<&'s Policy> {
        match reference.policy_type {
            PolicyType::Identity => self.set.identity.get(reference.index).copied(),
            PolicyType::Resource => self.set.resource,
            PolicyType::Scp => self
                .set
                .scps
                .get(reference.level?)?
                .get(reference.index)
                .copied(),
            PolicyType::Rcp => self
                .set
                .rcps
                .get(reference.level?)?
                .get(reference.index)
                .copied(),
            PolicyType::PermissionsBoundary | PolicyType::Session => None,
        }
    }
}

/// Which users' paths to a deployment one evaluation serves (see [`EffectiveAccess::reach`]).
#[derive(Debug, Default)]
pub(crate) struct ReachCache {
    /// Group sets (sorted group positions) by id.
    sets: HashMap<Vec<usize>, usize>,
    /// Per set id: its candidate deployments and whether its policies treat users alike.
    set_facts: Vec<(Vec<usize>, bool)>,
    /// (set id, deployment) → the groups that allow, or `None` when denied.
    assumed: HashMap<(usize, usize), Option<Vec<usize>>>,
    /// Deployment → whether its trust side admits JUMP without MFA.
    without_mfa: HashMap<usize, bool>,
}

/// A role a user reaches, for [`crate::reachability`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reached {
    /// The role's position in the layout.
    pub role: usize,
    /// The account's position.
    pub account: usize,
    /// The groups (positions) whose policies allow assuming it.
    pub groups: Vec<usize>,
    /// Whether the trust side denies the user without MFA.
    pub mfa_required: bool,
}

impl<'a> EffectiveAccess<'a> {
    /// The index of `layout`, without SCPs, RCPs or edited trust policies.
    pub fn new(layout: &'a Layout) -> Self {
        Self::with_environment(layout, &NO_ENVIRONMENT)
    }

    /// The index of `layout` with the organization policies and edited trust policies of
    /// `environment`.
    pub fn with_environment(layout: &'a Layout, environment: &'a Environment) -> Self {
        let partition = layout.organization.partition;
        // Evaluation ids: the account's own, or a placeholder no account of the layout uses.
        let used: HashSet<AccountId> = layout.accounts.iter().filter_map(|a| a.id).collect();
        let mut next = 0_u64;
        let mut fresh = || loop {
            let id = numbered_id(next);
            next += 1;
            if !used.contains(&id) {
                return id;
            }
        };
        let mut seen = HashSet::with_capacity(layout.accounts.len());
        let mut ids = Vec::with_capacity(layout.accounts.len());
        let mut placeholder = Vec::with_capacity(layout.accounts.len());
        for account in &layout.accounts {
            match account.id {
                Some(id) if seen.insert(id) => {
                    ids.push(id);
                    placeholder.push(false);
                }
                _ => {
                    ids.push(fresh());
                    placeholder.push(true);
                }
            }
        }
        let jump = match layout.jump_account() {
            Some(jump) => layout
                .accounts
                .iter()
                .position(|account| std::ptr::eq(account, jump)),
            None => layout
                .accounts
                .iter()
                .position(|account| account.purpose == Purpose::Jump),
        };
        let jump_id = match jump {
            Some(position) => ids[position],
            None => fresh(),
        };
        let accounts = index_by_name(&layout.accounts, |account| &account.name);
        let management = accounts
            .get(layout.organization.management_account.as_str())
            .map(|&position| ids[position]);
        let mut account_by_id = HashMap::with_capacity(ids.len());
        for (position, id) in ids.iter().enumerate() {
            account_by_id.entry(*id).or_insert(position);
        }
        let users = index_by_name(&layout.users, |user| &user.name);
        let groups = index_by_name(&layout.groups, |group| &group.name);
        let roles = index_by_name(&layout.roles, |role| &role.name);

        let mut docs: Vec<Policy> = Vec::new();
        let mut failures = Vec::new();
        let full_access = docs.len();
        docs.push(fixed_policy(FULL_AWS_ACCESS));
        let any_role = docs.len();
        docs.push(fixed_policy(ANY_ROLE));

        let with_ids: Vec<Option<AccountId>> = ids.iter().copied().map(Some).collect();
        let rendered = LayoutPolicies::with_account_ids(layout, &with_ids, Some(jump_id));
        let require_mfa = match require_mfa_policy_in(partition, jump_id) {
            Ok(policy) => {
                docs.push(policy);
                Some(docs.len() - 1)
            }
            Err(error) => {
                failures.push(format!(
                    "the deny-unless-MFA policy cannot be built: {error}"
                ));
                None
            }
        };
        let neutral = |policy: &Policy| scan::is_neutral(policy, ASSUME_ROLE);

        // Group policies.
        let mut managed_docs: HashMap<&'a str, Option<usize>> = HashMap::new();
        let mut group_policies = Vec::with_capacity(layout.groups.len());
        let mut group_unknown = Vec::with_capacity(layout.groups.len());
        for (position, group) in layout.groups.iter().enumerate() {
            let mut held = Vec::new();
            let mut unknown = Vec::new();
            if groups.get(group.name.as_str()) == Some(&position) {
                match rendered.group_assume_role_policy(&group.name) {
                    Ok(Some(policy)) => {
                        held.push(Held {
                            neutral: neutral(&policy),
                            doc: Doc::Owned(docs.len()),
                            source: PolicySource::GroupAssumeRoles {
                                group: group.name.clone(),
                            },
                        });
                        docs.push(policy);
                    }
                    Ok(None) => {}
                    Err(error) => failures.push(format!(
                        "the AssumeRole policy of group `{}` cannot be built: {error}",
                        group.name
                    )),
                }
                if let Some(index) = require_mfa {
                    held.push(Held {
                        neutral: neutral(&docs[index]),
                        doc: Doc::Owned(index),
                        source: PolicySource::GroupRequireMfa {
                            group: group.name.clone(),
                        },
                    });
                }
                for permission in &group.permissions {
                    let source = PolicySource::GroupPermission {
                        group: group.name.clone(),
                        kind: PermissionKind::of(permission),
                        name: permission.name().to_owned(),
                    };
                    match permission.policy() {
                        Some(policy) => held.push(Held {
                            neutral: neutral(policy),
                            doc: Doc::Borrowed(policy),
                            source,
                        }),
                        None => {
                            let name = permission.name();
                            let index = *managed_docs.entry(name).or_insert_with(|| {
                                managed::by_path_name(name).map(|found| {
                                    docs.push(found.policy());
                                    docs.len() - 1
                                })
                            });
                            match index {
                                Some(index) => held.push(Held {
                                    neutral: neutral(&docs[index]),
                                    doc: Doc::Owned(index),
                                    source,
                                }),
                                None => unknown.push(name.to_owned()),
                            }
                        }
                    }
                }
            }
            group_policies.push(held);
            group_unknown.push(unknown);
        }

        // Deployments: each role (the first of its name) in each account its grants name.
        let mut deployed: HashMap<usize, Vec<usize>> = HashMap::new();
        for grant in &layout.grants {
            let Some(&role) = roles.get(grant.role.as_str()) else {
                continue;
            };
            deployed.entry(role).or_default().extend(
                grant
                    .accounts
                    .iter()
                    .filter_map(|name| accounts.get(name.as_str()).copied()),
            );
        }
        let mut trust_by_role: HashMap<usize, Option<usize>> = HashMap::new();
        let mut deployments = Vec::new();
        let mut by_arn = HashMap::new();
        let mut by_account = vec![Vec::new(); layout.accounts.len()];
        let mut edited: HashMap<(&str, Option<&str>), &'a Policy> = HashMap::new();
        for edit in &environment.trust_policies {
            edited.insert((edit.role.as_str(), edit.account.as_deref()), &edit.policy);
        }
        for (role_position, role) in layout.roles.iter().enumerate() {
            let Some(accounts_of_role) = deployed.get_mut(&role_position) else {
                continue;
            };
            accounts_of_role.sort_unstable();
            accounts_of_role.dedup();
            for &account in accounts_of_role.iter() {
                let account_name = layout.accounts[account].name.as_str();
                let source = |edited| PolicySource::TrustPolicy {
                    role: role.name.clone(),
                    account: account_name.to_owned(),
                    edited,
                };
                let trust = match edited
                    .get(&(role.name.as_str(), Some(account_name)))
                    .or_else(|| edited.get(&(role.name.as_str(), None)))
                {
                    Some(policy) => Some(Held {
                        neutral: neutral(policy),
                        doc: Doc::Borrowed(policy),
                        source: source(true),
                    }),
                    None => {
                        let index = *trust_by_role.entry(role_position).or_insert_with(|| {
                            match rendered.trust_policy(role) {
                                Ok(Some(policy)) => {
                                    docs.push(policy);
                                    Some(docs.len() - 1)
                                }
                                Ok(None) => None,
                                Err(error) => {
                                    failures.push(format!(
                                        "the trust policy of role `{}` cannot be built: {error}",
                                        role.name
                                    ));
                                    None
                                }
                            }
                        });
                        index.map(|index| Held {
                            neutral: neutral(&docs[index]),
                            doc: Doc::Owned(index),
                            source: source(false),
                        })
                    }
                };
                let arn = role_arn(layout, role, ids[account]);
                let index = deployments.len();
                by_arn.entry(arn.as_str().to_owned()).or_insert(index);
                by_account[account].push(index);
                deployments.push(Deployment {
                    role: role_position,
                    account,
                    arn,
                    trust,
                });
            }
        }

        let mut access = EffectiveAccess {
            layout,
            environment,
            partition,
            ids,
            placeholder,
            jump,
            jump_id,
            management,
            accounts,
            account_by_id,
            users,
            groups,
            docs,
            group_policies,
            group_unknown,
            group_candidates: Vec::new(),
            deployments,
            by_arn,
            by_account,
            jump_extra: Vec::new(),
            scps: Attached::default(),
            rcps: Attached::default(),
            scps_given: !environment.scps.is_empty(),
            full_access,
            any_role,
            jump_scps_neutral: true,
            rcps_neutral: Vec::new(),
            log_bucket: None,
            failures,
        };
        access.group_candidates = (0..layout.groups.len())
            .map(|group| access.candidates_of(group))
            .collect();
        access.jump_extra = match access.jump {
            Some(jump) => access.by_account[jump]
                .iter()
                .copied()
                .filter(|&index| {
                    access.deployments[index]
                        .trust
                        .as_ref()
                        .is_some_and(|trust| {
                            scan::may_admit_without_identity(access.doc(trust.doc), ASSUME_ROLE)
                        })
                })
                .collect(),
            None => Vec::new(),
        };
        access.scps = attach(&environment.scps, |target, name| PolicySource::Scp {
            target,
            name,
        });
        access.rcps = attach(&environment.rcps, |target, name| PolicySource::Rcp {
            target,
            name,
        });
        access.jump_scps_neutral = match access.jump {
            Some(jump) => access.levels_neutral(&access.scps, jump),
            None => true,
        };
        access.rcps_neutral = (0..layout.accounts.len())
            .map(|account| access.levels_neutral(&access.rcps, account))
            .collect();
        access.log_bucket = access.log_bucket_entry();
        access
    }

    fn doc(&self, doc: Doc<'a>) -> &Policy {
        match doc {
            Doc::Owned(index) => &self.docs[index],
            Doc::Borrowed(policy) => policy,
        }
    }

    /// The deployments a group's policies may allow assuming.
    fn candidates_of(&self, group: usize) -> Candidates {
        let mut found = Vec::new();
        for held in &self.group_policies[group] {
            match Targets::of(self.doc(held.doc)) {
                Targets::Any => return Candidates::Any,
                Targets::Some { exact, patterns } => {
                    found.extend(exact.iter().filter_map(|arn| self.by_arn.get(arn).copied()));
                    for pattern in &patterns {
                        found.extend(
                            self.deployments
                                .iter()
                                .enumerate()
                                .filter(|(_, deployment)| {
                                    scan::may_match(pattern, deployment.arn.as_str())
                                })
                                .map(|(index, _)| index),
                        );
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        Candidates::Some(found)
    }

    fn log_bucket_entry(&mut self) -> Option<LogBucket> {
        let name = baseline::log_bucket_name(self.layout)?;
        let policy = match baseline::log_bucket_policy(self.layout) {
            Ok(policy) => policy?,
            Err(error) => {
                self.failures.push(format!(
                    "the policy of log bucket `{name}` cannot be built: {error}"
                ));
                return None;
            }
        };
        self.docs.push(policy);
        let log = self.layout.log_account().and_then(|log| {
            self.layout
                .accounts
                .iter()
                .position(|account| std::ptr::eq(account, log))
        });
        Some(LogBucket {
            arn: format!("arn:{}:s3:::{name}", self.partition.as_str()),
            name,
            policy: self.docs.len() - 1,
            account: log,
        })
    }

    /// The OU paths from the top down to `ou`: `A`, `A/B`, `A/B/C`.
    fn ou_chain(ou: &str) -> impl Iterator<Item = &str> {
        let ou = ou.trim_matches('/');
        ou.match_indices('/')
            .map(move |(at, _)| &ou[..at])
            .chain((!ou.is_empty()).then_some(ou))
    }

    /// Whether the SCP or RCP levels of an account treat users alike.
    fn levels_neutral(&self, attached: &Attached<'a>, account: usize) -> bool {
        let account = &self.layout.accounts[account];
        let level = |held: &[Held<'a>]| held.iter().all(|held| held.neutral);
        level(&attached.root)
            && Self::ou_chain(&account.ou)
                .all(|ou| attached.ous.get(ou).is_none_or(|held| level(held)))
            && attached
                .accounts
                .get(account.name.as_str())
                .is_none_or(|held| level(held))
    }

    /// Pushes the SCP levels of `account`'s path (when any SCP is given).
    fn push_scps<'s>(&'s self, account: usize, assembly: &mut Assembly<'s>) {
        if !self.scps_given {
            return;
        }
        let account_ref = &self.layout.accounts[account];
        let mut targets = vec![(Target::Root, self.scps.root.as_slice())];
        for ou in Self::ou_chain(&account_ref.ou) {
            targets.push((
                Target::Ou(ou.to_owned()),
                self.scps.ous.get(ou).map_or(&[][..], Vec::as_slice),
            ));
        }
        targets.push((
            Target::Account(account_ref.name.clone()),
            self.scps
                .accounts
                .get(account_ref.name.as_str())
                .map_or(&[][..], Vec::as_slice),
        ));
        for (target, held) in targets {
            if held.is_empty() {
                assembly.set.scps.push(vec![&self.docs[self.full_access]]);
                assembly
                    .sources
                    .scps
                    .push(vec![PolicySource::DefaultFullAwsAccess { target }]);
            } else {
                assembly
                    .set
                    .scps
                    .push(held.iter().map(|held| self.doc(held.doc)).collect());
                assembly
                    .sources
                    .scps
                    .push(held.iter().map(|held| held.source.clone()).collect());
            }
        }
    }

    /// Pushes the RCP levels of `account`'s path (when any RCP is given).
    fn push_rcps<'s>(&'s self, account: Option<usize>, assembly: &mut Assembly<'s>) {
        let Some(account) = account.filter(|_| !self.environment.rcps.is_empty()) else {
            return;
        };
        let account_ref = &self.layout.accounts[account];
        let mut levels = vec![self.rcps.root.as_slice()];
        for ou in Self::ou_chain(&account_ref.ou) {
            levels.push(self.rcps.ous.get(ou).map_or(&[][..], Vec::as_slice));
        }
        levels.push(
            self.rcps
                .accounts
                .get(account_ref.name.as_str())
                .map_or(&[][..], Vec::as_slice),
        );
        for held in levels {
            assembly
                .set
                .rcps
                .push(held.iter().map(|held| self.doc(held.doc)).collect());
            assembly
                .sources
                .rcps
                .push(held.iter().map(|held| held.source.clone()).collect());
        }
    }

    /// Pushes the policies of `groups` as identity policies.
    fn push_groups<'s>(&'s self, groups: &[usize], assembly: &mut Assembly<'s>) {
        for &group in groups {
            for held in &self.group_policies[group] {
                assembly.set.identity.push(self.doc(held.doc));
                assembly.sources.identity.push(held.source.clone());
                assembly.owners.push(Some(group));
            }
        }
    }

    /// `o-ID/r-ROOT/ou-A/ou-B/` for an account, when every id is known.
    fn org_path(&self, account: usize) -> Option<String> {
        let organization = self.layout.organization.id.as_deref()?;
        let root = self.environment.root_id.as_deref()?;
        let mut path = format!("{organization}/{root}/");
        for ou in Self::ou_chain(&self.layout.accounts[account].ou) {
            path.push_str(self.environment.ou_ids.get(ou)?);
            path.push('/');
        }
        Some(path)
    }

    /// The context a request carries, then `overrides`.
    fn context(&self, facts: &Facts<'_>, overrides: &[(String, ContextValue)]) -> Context {
        let mut context = Context::new();
        let mut set = |key: &str, value: String| context.insert(key, ContextValue::Single(value));
        if facts.mfa {
            set("aws:MultiFactorAuthPresent", "true".to_owned());
            set("aws:MultiFactorAuthAge", "0".to_owned());
        } else {
            set("aws:MultiFactorAuthPresent", "false".to_owned());
        }
        set("aws:SecureTransport", "true".to_owned());
        set("aws:RequestedRegion", facts.region.to_owned());
        set("aws:PrincipalArn", facts.principal_arn.to_owned());
        set(
            "aws:PrincipalAccount",
            facts.principal_account.as_str().to_owned(),
        );
        set("aws:PrincipalType", facts.principal_type.to_owned());
        set("aws:PrincipalIsAWSService", "false".to_owned());
        if let Some(name) = facts.username {
            set("aws:username", name.to_owned());
        }
        if let Some(name) = facts.session_name {
            set("sts:RoleSessionName", name.to_owned());
        }
        if let Some(account) = facts.resource_account {
            set("aws:ResourceAccount", account.as_str().to_owned());
        }
        if let Some(organization) = &self.layout.organization.id {
            set("aws:PrincipalOrgID", organization.clone());
            if facts.resource_position.is_some() {
                set("aws:ResourceOrgID", organization.clone());
            }
        }
        if let Some(path) = facts.principal_position.and_then(|at| self.org_path(at)) {
            context.insert("aws:PrincipalOrgPaths", ContextValue::Multiple(vec![path]));
        }
        if let Some(path) = facts.resource_position.and_then(|at| self.org_path(at)) {
            context.insert("aws:ResourceOrgPaths", ContextValue::Multiple(vec![path]));
        }
        for (key, value) in overrides {
            context.insert(key.clone(), value.clone());
        }
        context
    }

    /// The ARN of an IAM user named `name` with `path` in JUMP.
    fn user_arn(&self, path: &str, name: &str) -> Arn {
        Arn::new(
            self.partition.as_str(),
            "iam",
            "",
            self.jump_id.as_str(),
            &path_name("user", path, name),
        )
    }

    /// The request of `user` assuming the role of `deployment`.
    fn assume_request(
        &self,
        user: &Arn,
        name: &str,
        deployment: usize,
        mfa: bool,
        overrides: &[(String, ContextValue)],
    ) -> Request {
        let deployment = &self.deployments[deployment];
        let facts = Facts {
            principal_arn: user.as_str(),
            principal_type: "User",
            principal_account: self.jump_id,
            principal_position: self.jump,
            username: Some(name),
            session_name: Some(name),
            resource_account: Some(self.ids[deployment.account]),
            resource_position: Some(deployment.account),
            region: &self.layout.organization.default_region,
            mfa,
        };
        let mut request = Request::new(
            RequestPrincipal::User { arn: user.clone() },
            ASSUME_ROLE,
            deployment.arn.as_str(),
        );
        request.context = self.context(&facts, overrides);
        request.principal_account = Some(self.jump_id);
        request.resource_account = Some(self.ids[deployment.account]);
        request.management_account = self.management;
        request
    }

    /// The layout.
    pub fn layout(&self) -> &'a Layout {
        self.layout
    }

    /// The groups of `user` that exist (positions), each once, in the user's order.
    pub(crate) fn groups_of(&self, user: &User) -> Vec<usize> {
        let mut seen = HashSet::with_capacity(user.groups.len().min(64));
        user.groups
            .iter()
            .filter_map(|name| self.groups.get(name.as_str()).copied())
            .filter(|&group| seen.insert(group))
            .collect()
    }

    /// Evaluates `user` (with `groups`) assuming the role of `deployment` with MFA: the groups
    /// whose policies allow it, or `None` when denied.
    fn assume_with_mfa(
        &self,
        user: &Arn,
        name: &str,
        groups: &[usize],
        deployment: usize,
    ) -> Option<Vec<usize>> {
        let request = self.assume_request(user, name, deployment, true, &[]);
        let mut assembly = Assembly::new();
        self.push_groups(groups, &mut assembly);
        self.push_assume_resource_side(deployment, &mut assembly);
        let evaluation = evaluate(&request, &assembly.set);
        (evaluation.decision == Decision::Allow)
            .then(|| allowing_groups(&evaluation, &assembly.owners))
    }

    /// The trust policy, JUMP's SCPs and the target's RCPs of assuming `deployment`.
    fn push_assume_resource_side<'s>(&'s self, deployment: usize, assembly: &mut Assembly<'s>) {
        let deployment_ref = &self.deployments[deployment];
        if let Some(trust) = &deployment_ref.trust {
            assembly.set.resource = Some(self.doc(trust.doc));
            assembly.sources.resource = Some(trust.source.clone());
        }
        if let Some(jump) = self.jump {
            self.push_scps(jump, assembly);
        }
        self.push_rcps(Some(deployment_ref.account), assembly);
    }

    /// Whether the trust side of `deployment` (its trust policy, JUMP's SCPs, the target's
    /// RCPs) admits `user` without MFA, the user's own side allowing.
    fn admits_without_mfa_as(&self, user: &Arn, name: &str, deployment: usize) -> bool {
        let request = self.assume_request(user, name, deployment, false, &[]);
        let mut assembly = Assembly::new();
        assembly.set.identity.push(&self.docs[self.any_role]);
        self.push_assume_resource_side(deployment, &mut assembly);
        evaluate(&request, &assembly.set).decision == Decision::Allow
    }

    /// Whether every user is judged alike when assuming `deployment` (trust policy, JUMP's
    /// SCPs and the target's RCPs).
    fn deployment_neutral(&self, deployment: usize) -> bool {
        let deployment = &self.deployments[deployment];
        self.jump_scps_neutral
            && self.rcps_neutral[deployment.account]
            && deployment.trust.as_ref().is_none_or(|trust| trust.neutral)
    }

    /// Whether the trust side of `deployment` admits some JUMP user without MFA: one
    /// evaluation when it judges every user alike, else one per user of the layout.
    pub(crate) fn admits_without_mfa(&self, deployment: usize, cache: &mut ReachCache) -> bool {
        if let Some(&known) = cache.without_mfa.get(&deployment) {
            return known;
        }
        let anyone = self.user_arn("/", "jumpgate-any-user");
        let admitted = self.admits_without_mfa_as(&anyone, "jumpgate-any-user", deployment)
            || (!self.deployment_neutral(deployment)
                && self.layout.users.iter().any(|user| {
                    let arn = self.user_arn(&user.path, &user.name);
                    self.admits_without_mfa_as(&arn, &user.name, deployment)
                }));
        cache.without_mfa.insert(deployment, admitted);
        admitted
    }

    /// The roles `user` reaches with MFA, by evaluation: for each role their groups' policies
    /// may allow (and each role in JUMP whose trust policy may admit them alone), whether
    /// assuming it is allowed, through which groups, and whether the trust side requires MFA.
    /// Evaluations that judge every user alike are shared through `cache` among users of the
    /// same groups. Sorted by account position, then role position.
    pub(crate) fn reach(&self, user: &User, cache: &mut ReachCache) -> Vec<Reached> {
        let groups = self.groups_of(user);
        let mut key = groups.clone();
        key.sort_unstable();
        let next_id = cache.sets.len();
        let set = *cache.sets.entry(key).or_insert(next_id);
        if set == cache.set_facts.len() {
            let mut candidates: Vec<usize> = if groups
                .iter()
                .any(|&group| matches!(self.group_candidates[group], Candidates::Any))
            {
                (0..self.deployments.len()).collect()
            } else {
                let mut found: Vec<usize> = groups
                    .iter()
                    .flat_map(|&group| match &self.group_candidates[group] {
                        Candidates::Some(found) => found.as_slice(),
                        Candidates::Any => &[],
                    })
                    .copied()
                    .collect();
                found.extend(&self.jump_extra);
                found
            };
            candidates.sort_unstable_by_key(|&index| {
                (
                    self.deployments[index].account,
                    self.deployments[index].role,
                )
            });
            candidates.dedup();
            let neutral = self.jump_scps_neutral
                && groups
                    .iter()
                    .all(|&group| self.group_policies[group].iter().all(|held| held.neutral));
            cache.set_facts.push((candidates, neutral));
        }
        let arn = self.user_arn(&user.path, &user.name);
        let (candidates, set_neutral) = &cache.set_facts[set];
        let mut reached = Vec::new();
        for &deployment in candidates {
            let shared = *set_neutral && self.deployment_neutral(deployment);
            let allowed = if shared {
                match cache.assumed.get(&(set, deployment)) {
                    Some(known) => known.clone(),
                    None => {
                        let result = self.assume_with_mfa(&arn, &user.name, &groups, deployment);
                        cache.assumed.insert((set, deployment), result.clone());
                        result
                    }
                }
            } else {
                self.assume_with_mfa(&arn, &user.name, &groups, deployment)
            };
            let Some(allowing) = allowed else { continue };
            let without_mfa = if self.deployment_neutral(deployment) {
                match cache.without_mfa.get(&deployment) {
                    Some(&known) => known,
                    None => {
                        let known = self.admits_without_mfa_as(&arn, &user.name, deployment);
                        cache.without_mfa.insert(deployment, known);
                        known
                    }
                }
            } else {
                self.admits_without_mfa_as(&arn, &user.name, deployment)
            };
            let deployment_ref = &self.deployments[deployment];
            reached.push(Reached {
                role: deployment_ref.role,
                account: deployment_ref.account,
                groups: allowing,
                mfa_required: !without_mfa,
            });
        }
        reached
    }

    /// The deployments (role position, account position, index) in production accounts, in role
    /// order, then account order.
    pub(crate) fn production_deployments(&self) -> Vec<(usize, usize, usize)> {
        let mut found: Vec<(usize, usize, usize)> = self
            .deployments
            .iter()
            .enumerate()
            .filter(|(_, deployment)| {
                self.layout.accounts[deployment.account]
                    .purpose
                    .is_production()
            })
            .map(|(index, deployment)| (deployment.role, deployment.account, index))
            .collect();
        found.sort_unstable();
        found
    }

    /// Answers `question` over every path, with each decision's explanation.
    pub fn ask(&self, question: &Question) -> Result<Answer, QuestionError> {
        let action = check_action(&question.action)?;
        let resource_arn = check_resource(&question.resource)?;
        let overrides = check_context(&question.context)?;
        let mut notes = Vec::new();

        // Who asks.
        let (name, path, groups) = match &question.subject {
            Subject::User(name) => {
                let Some(&position) = self.users.get(name.as_str()) else {
                    return Err(QuestionError::UnknownUser {
                        name: name.clone(),
                        suggestion: closest_match(
                            name,
                            self.layout.users.iter().map(|user| user.name.as_str()),
                        )
                        .map(str::to_owned),
                    });
                };
                let user = &self.layout.users[position];
                if let Some(home) = &user.account
                    && self
                        .accounts
                        .get(home.as_str())
                        .is_none_or(|&at| Some(at) != self.jump)
                {
                    notes.push(format!(
                        "user `{}` lives in `{home}`, outside JUMP: evaluated as the JUMP user its groups imply (jumpgate creates users in JUMP only)",
                        user.name
                    ));
                }
                for group in &user.groups {
                    if !self.groups.contains_key(group.as_str()) {
                        notes.push(format!(
                            "group `{group}` of user `{}` is not in the layout: left out",
                            user.name
                        ));
                    }
                }
                (user.name.clone(), user.path.as_str(), self.groups_of(user))
            }
            Subject::Group(name) => {
                let Some(&position) = self.groups.get(name.as_str()) else {
                    return Err(QuestionError::UnknownGroup {
                        name: name.clone(),
                        suggestion: closest_match(
                            name,
                            self.layout.groups.iter().map(|group| group.name.as_str()),
                        )
                        .map(str::to_owned),
                    });
                };
                let member: String = format!("member-of-{name}").chars().take(64).collect();
                notes.push(format!(
                    "asked for a member of group `{name}` in no other group: the IAM user `{member}`"
                ));
                (member, "/", vec![position])
            }
        };
        for &group in &groups {
            for unknown in &self.group_unknown[group] {
                notes.push(format!(
                    "AWS managed policy `{unknown}` of group `{}` is not known to jumpgate: left out",
                    self.layout.groups[group].name
                ));
            }
        }
        let user = self.user_arn(path, &name);

        // Where.
        let account = match self.accounts.get(question.account.as_str()) {
            Some(&position) => position,
            None => match AccountId::new(&question.account)
                .ok()
                .and_then(|id| self.account_by_id.get(&id).copied())
                .filter(|&position| !self.placeholder[position])
            {
                Some(position) => position,
                None => {
                    return Err(QuestionError::UnknownAccount {
                        name: question.account.clone(),
                        suggestion: closest_match(
                            &question.account,
                            self.layout
                                .accounts
                                .iter()
                                .map(|account| account.name.as_str()),
                        )
                        .map(str::to_owned),
                    });
                }
            },
        };
        let account_name = self.layout.accounts[account].name.clone();

        // The resource: its policy when the layout knows it, its account and Region.
        let mut known: Option<(&Policy, PolicySource, Option<usize>)> = None;
        if let Some(&deployment) = self.by_arn.get(question.resource.as_str()) {
            let deployment_ref = &self.deployments[deployment];
            if let Some(trust) = &deployment_ref.trust {
                known = Some((
                    self.doc(trust.doc),
                    trust.source.clone(),
                    Some(deployment_ref.account),
                ));
            }
        } else if let Some(bucket) = &self.log_bucket
            && (question.resource == bucket.arn
                || question
                    .resource
                    .strip_prefix(bucket.arn.as_str())
                    .is_some_and(|rest| rest.starts_with('/')))
        {
            known = Some((
                &self.docs[bucket.policy],
                PolicySource::BucketPolicy {
                    bucket: bucket.name.clone(),
                },
                bucket.account,
            ));
        }
        let (resource_account, resource_position) =
            match resource_arn.as_ref().and_then(Arn::account_id) {
                Some(id) => (Some(id), self.account_by_id.get(&id).copied()),
                None => match known.as_ref().and_then(|(_, _, at)| *at) {
                    Some(at) => (Some(self.ids[at]), Some(at)),
                    None if resource_arn
                        .as_ref()
                        .is_none_or(|arn| arn.account().is_empty()) =>
                    {
                        (Some(self.ids[account]), Some(account))
                    }
                    None => (None, None),
                },
            };
        let region = resource_arn
            .as_ref()
            .map(Arn::region)
            .filter(|region| !region.is_empty())
            .unwrap_or(&self.layout.organization.default_region);

        for (position, what) in [
            (self.jump, "the JUMP account"),
            (Some(account), "the account asked about"),
            (resource_position, "the resource's account"),
        ] {
            if let Some(position) = position
                && self.placeholder[position]
            {
                let note = format!(
                    "account `{}` ({what}) has no id yet: evaluated with the placeholder id {}",
                    self.layout.accounts[position].name, self.ids[position]
                );
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
        if self.jump.is_none() {
            notes.push(format!(
                "the layout has no JUMP account: its users are evaluated in a placeholder account {}",
                self.jump_id
            ));
        }
        notes.extend(self.failures.iter().cloned());

        // The role policies of the account, each AWS managed policy parsed once.
        let mut local: Vec<Policy> = Vec::new();
        let mut local_index: HashMap<&str, Option<usize>> = HashMap::new();
        for &deployment in &self.by_account[account] {
            let role = &self.layout.roles[self.deployments[deployment].role];
            for permission in &role.permissions {
                if let Permission::AwsManaged { aws_managed } = permission {
                    local_index.entry(aws_managed.as_str()).or_insert_with(|| {
                        let found = managed::by_path_name(aws_managed)?;
                        local.push(found.policy());
                        Some(local.len() - 1)
                    });
                }
            }
        }

        let mut routes = Vec::new();
        for &deployment in &self.by_account[account] {
            let deployment_ref = &self.deployments[deployment];
            let role = &self.layout.roles[deployment_ref.role];
            let mut route_notes = Vec::new();

            // 1. Assume the role.
            let request = self.assume_request(&user, &name, deployment, question.mfa, &overrides);
            let mut assembly = Assembly::new();
            self.push_groups(&groups, &mut assembly);
            self.push_assume_resource_side(deployment, &mut assembly);
            let assumed = self.step(request, assembly, question.mfa, &mut route_notes);
            let allowing: Vec<String> = if assumed.0.evaluation.decision == Decision::Allow {
                assumed
                    .1
                    .iter()
                    .map(|&group| self.layout.groups[group].name.clone())
                    .collect()
            } else {
                Vec::new()
            };
            let assumed = assumed.0;

            // 2. Call the action as the role session.
            let session = Arn::new(
                self.partition.as_str(),
                "sts",
                "",
                self.ids[account].as_str(),
                &format!("assumed-role/{}/{name}", role.name),
            );
            let facts = Facts {
                principal_arn: deployment_ref.arn.as_str(),
                principal_type: "AssumedRole",
                principal_account: self.ids[account],
                principal_position: Some(account),
                username: None,
                session_name: None,
                resource_account,
                resource_position,
                region,
                mfa: question.mfa,
            };
            let mut request = Request::new(
                RequestPrincipal::RoleSession { arn: session },
                action.clone(),
                question.resource.clone(),
            );
            request.context = self.context(&facts, &overrides);
            request.principal_role_arn = Some(deployment_ref.arn.clone());
            request.principal_account = Some(self.ids[account]);
            request.resource_account = resource_account;
            request.management_account = self.management;
            let mut assembly = Assembly::new();
            for permission in &role.permissions {
                let source = PolicySource::RolePermission {
                    role: role.name.clone(),
                    kind: PermissionKind::of(permission),
                    name: permission.name().to_owned(),
                };
                let policy = match permission {
                    Permission::AwsManaged { aws_managed } => local_index
                        .get(aws_managed.as_str())
                        .copied()
                        .flatten()
                        .map(|index| &local[index]),
                    other => other.policy(),
                };
                match policy {
                    Some(policy) => {
                        assembly.set.identity.push(policy);
                        assembly.sources.identity.push(source);
                        assembly.owners.push(None);
                    }
                    None => route_notes.push(format!(
                        "AWS managed policy `{}` of role `{}` is not known to jumpgate: left out",
                        permission.name(),
                        role.name
                    )),
                }
            }
            if let Some((policy, source, _)) = &known {
                assembly.set.resource = Some(policy);
                assembly.sources.resource = Some(source.clone());
            }
            self.push_scps(account, &mut assembly);
            self.push_rcps(resource_position, &mut assembly);
            let (called, _) = self.step(request, assembly, question.mfa, &mut route_notes);

            let decision = if assumed.evaluation.decision == Decision::Allow {
                called.evaluation.decision
            } else {
                assumed.evaluation.decision
            };
            routes.push(Route {
                via: Via::Role {
                    role: role.name.clone(),
                    account: account_name.clone(),
                    groups: allowing,
                },
                decision,
                steps: vec![assumed, called],
                notes: route_notes,
            });
        }

        // The direct path, in JUMP or on a resource whose policy the layout knows.
        if Some(account) == self.jump || resource_position == self.jump || known.is_some() {
            let mut route_notes = Vec::new();
            let facts = Facts {
                principal_arn: user.as_str(),
                principal_type: "User",
                principal_account: self.jump_id,
                principal_position: self.jump,
                username: Some(&name),
                session_name: None,
                resource_account,
                resource_position,
                region,
                mfa: question.mfa,
            };
            let mut request = Request::new(
                RequestPrincipal::User { arn: user.clone() },
                action.clone(),
                question.resource.clone(),
            );
            request.context = self.context(&facts, &overrides);
            request.principal_account = Some(self.jump_id);
            request.resource_account = resource_account;
            request.management_account = self.management;
            let mut assembly = Assembly::new();
            self.push_groups(&groups, &mut assembly);
            if let Some((policy, source, _)) = &known {
                assembly.set.resource = Some(policy);
                assembly.sources.resource = Some(source.clone());
            }
            if let Some(jump) = self.jump {
                self.push_scps(jump, &mut assembly);
            }
            self.push_rcps(resource_position, &mut assembly);
            let (step, _) = self.step(request, assembly, question.mfa, &mut route_notes);
            routes.push(Route {
                via: Via::Direct,
                decision: step.evaluation.decision,
                steps: vec![step],
                notes: route_notes,
            });
        }
        if routes.is_empty() {
            notes.push(format!(
                "no role of the layout is deployed to `{account_name}`, and the user has no direct path there"
            ));
        }

        let decision = if routes.iter().any(|route| route.decision == Decision::Allow) {
            Decision::Allow
        } else if !routes.is_empty()
            && routes
                .iter()
                .all(|route| route.decision == Decision::ExplicitDeny)
        {
            Decision::ExplicitDeny
        } else {
            Decision::ImplicitDeny
        };
        Ok(Answer {
            decision,
            principal: user,
            account: account_name,
            account_id: self.ids[account],
            routes,
            notes,
        })
    }

    /// Evaluates one step; returns it with the groups whose policies allowed, and notes why a
    /// step without MFA is denied.
    fn step(
        &self,
        request: Request,
        assembly: Assembly<'_>,
        mfa: bool,
        notes: &mut Vec<String>,
    ) -> (Step, Vec<usize>) {
        let evaluation = evaluate(&request, &assembly.set);
        let groups = allowing_groups(&evaluation, &assembly.owners);
        let step = Step {
            request,
            sources: assembly.sources.clone(),
            evaluation,
        };
        if !mfa && step.evaluation.decision != Decision::Allow {
            for statement in mfa_statements(&step, &assembly) {
                let note = format!("without MFA: {} requires MFA", step.describe(&statement));
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
        (step, groups)
    }
}

/// The statements that denied a step because MFA was absent: an explicit deny whose condition
/// tests MFA, or statements that would have allowed but for an MFA condition.
fn mfa_statements(step: &Step, assembly: &Assembly<'_>) -> Vec<StatementRef> {
    let is_mfa_key = |key: &str| {
        key.eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
            || key.eq_ignore_ascii_case("aws:MultiFactorAuthAge")
    };
    let explanation = &step.evaluation.explanation;
    let mut found = Vec::new();
    if step.evaluation.decision == Decision::ExplicitDeny {
        for statement in &explanation.deciding {
            let tests_mfa = assembly
                .policy(&statement.policy)
                .and_then(|policy| policy.statements().get(statement.index))
                .and_then(|found| found.condition.as_ref())
                .is_some_and(|condition| {
                    condition.entries().any(|(_, entry)| is_mfa_key(&entry.key))
                });
            if tests_mfa {
                found.push(statement.clone());
            }
        }
    } else {
        for near in &explanation.near_misses {
            if near.statement.effect == Effect::Allow
                && let Mismatch::Condition(keys) = &near.failed
                && keys.iter().any(|key| is_mfa_key(&key.key))
            {
                found.push(near.statement.clone());
            }
        }
    }
    found
}

/// The groups (positions) whose identity policies hold an applicable `Allow`, in order, once.
fn allowing_groups(evaluation: &Evaluation, owners: &[Option<usize>]) -> Vec<usize> {
    let mut groups = Vec::new();
    for statement in &evaluation.explanation.matched {
        if statement.policy.policy_type == PolicyType::Identity
            && statement.effect == Effect::Allow
            && let Some(Some(group)) = owners.get(statement.policy.index)
            && !groups.contains(group)
        {
            groups.push(*group);
        }
    }
    groups
}

/// The SCPs or RCPs by target.
fn attach<'a>(
    attachments: &'a [Attachment],
    source: impl Fn(Target, String) -> PolicySource,
) -> Attached<'a> {
    let mut attached = Attached::default();
    for attachment in attachments {
        let held = Held {
            neutral: scan::is_neutral(&attachment.policy, ASSUME_ROLE),
            doc: Doc::Borrowed(&attachment.policy),
            source: source(attachment.target.clone(), attachment.name.clone()),
        };
        match &attachment.target {
            Target::Root => attached.root.push(held),
            Target::Ou(path) => attached
                .ous
                .entry(path.trim_matches('/'))
                .or_default()
                .push(held),
            Target::Account(name) => attached.accounts.entry(name).or_default().push(held),
        }
    }
    attached
}

/// The action, checked: one `service:Name` the catalog knows.
fn check_action(action: &str) -> Result<String, QuestionError> {
    let malformed = |reason| QuestionError::MalformedAction {
        action: action.to_owned(),
        reason,
    };
    if action.len() > MAX_REQUEST_STRING {
        return Err(malformed("it is longer than 2,048 bytes"));
    }
    let Some((service, name)) = action.split_once(':') else {
        return Err(malformed(
            "it has no `:` between the service and the action",
        ));
    };
    if service.is_empty() || name.is_empty() {
        return Err(malformed("the service or the action name is empty"));
    }
    if action.contains(['*', '?']) {
        return Err(malformed("a request names one action, without wildcards"));
    }
    match catalog::action(action) {
        Some(found) => Ok(found.full_name().to_owned()),
        None => Err(QuestionError::UnknownAction {
            action: action.to_owned(),
            suggestion: catalog::suggest_action(action).map(str::to_owned),
        }),
    }
}

/// The resource, checked: `*` or one ARN without wildcards.
fn check_resource(resource: &str) -> Result<Option<Arn>, QuestionError> {
    let malformed = |reason: String| QuestionError::MalformedResource {
        resource: resource.to_owned(),
        reason,
    };
    if resource.len() > MAX_REQUEST_STRING {
        return Err(malformed("it is longer than 2,048 bytes".to_owned()));
    }
    if resource == "*" {
        return Ok(None);
    }
    let arn: Arn = resource
        .parse()
        .map_err(|error: iam_policy::Error| malformed(error.to_string()))?;
    if arn.has_wildcard() || arn.has_variable() {
        return Err(malformed(
            "a request names one resource, without wildcards or policy variables".to_owned(),
        ));
    }
    Ok(Some(arn))
}

/// The context keys given, checked: known condition keys, bounded values; a key given several
/// times has all its values.
fn check_context(pairs: &[(String, String)]) -> Result<Vec<(String, ContextValue)>, QuestionError> {
    let mut merged: Vec<(String, Vec<String>)> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    for (key, value) in pairs {
        let malformed = |reason: &str| QuestionError::MalformedContext {
            key: key.clone(),
            reason: reason.to_owned(),
        };
        if key.is_empty() || key.len() > MAX_CONTEXT_KEY {
            return Err(malformed("a context key has 1 to 256 bytes"));
        }
        if !key.contains(':') {
            return Err(malformed(
                "a condition key is `service:name`, such as `aws:SourceIp`",
            ));
        }
        if value.len() > MAX_REQUEST_STRING {
            return Err(malformed("its value is longer than 2,048 bytes"));
        }
        if catalog::condition_key(key).is_none() {
            return Err(QuestionError::UnknownContextKey {
                key: key.clone(),
                suggestion: catalog::suggest_condition_key(key).map(str::to_owned),
            });
        }
        match positions.get(&key.to_ascii_lowercase()) {
            Some(&at) => {
                let values = &mut merged[at].1;
                if values.len() == MAX_CONTEXT_VALUES {
                    return Err(malformed("a context key has at most 1,024 values"));
                }
                values.push(value.clone());
            }
            None => {
                positions.insert(key.to_ascii_lowercase(), merged.len());
                merged.push((key.clone(), vec![value.clone()]));
            }
        }
    }
    Ok(merged
        .into_iter()
        .map(|(key, mut values)| {
            let value = if values.len() == 1 {
                ContextValue::Single(values.remove(0))
            } else {
                ContextValue::Multiple(values)
            };
            (key, value)
        })
        .collect())
}
