//! Policy evaluation: whether AWS allows a request, given the policies in play, and why.
//!
//! [`evaluate`] follows the evaluation logic of the IAM User Guide ("Policy evaluation logic" and
//! its pages on single-account and cross-account requests) and the Organizations User Guide (SCP
//! and RCP evaluation):
//!
//! 1. an applicable `Deny` in any policy wins (SCPs, RCPs, the resource policy, identity
//!    policies, the permissions boundary, the session policy);
//! 2. every SCP level from the root down to the principal's account must have an applicable
//!    `Allow` (SCPs do not apply to the management account, service-linked roles, service
//!    principals or anonymous callers). RCPs only deny: `RCPFullAWSAccess` allows at every level
//!    and cannot be detached; RCPs do not apply to the management account's resources, nor to
//!    services without RCP support;
//! 3. within one account, a resource policy that names the caller allows on its own; one that
//!    names the role behind a session (or the user behind a federated user session) still needs
//!    the permissions boundary and session policy; otherwise the identity policies must allow,
//!    and the boundary and session policy too. Role trust policies and KMS key policies must
//!    allow explicitly;
//! 4. across accounts, both the principal's side (identity policies, boundary, session policy,
//!    SCPs) and the resource's side (resource policy, RCPs) must allow.
//!
//! Evaluation is pure: the request carries every fact it needs (accounts, the role behind a
//! session, the organization's management account, context keys); keys the evaluator can derive
//! from them (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:username`, `aws:ResourceAccount`,
//! ...) are filled in unless the request gives them.
//!
//! ```
//! use iam_policy::Policy;
//! use iam_policy::eval::{evaluate, Decision, PolicySet, Request};
//! let identity = Policy::from_json(r#"{"Version":"2012-10-17","Statement":{
//!     "Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::docs/${aws:username}/*"}}"#)?;
//! let request = Request::new(
//!     "arn:aws:iam::111122223333:user/alice".parse()?,
//!     "s3:GetObject",
//!     "arn:aws:s3:::docs/alice/notes.txt",
//! );
//! let policies = PolicySet { identity: vec![&identity], ..PolicySet::default() };
//! let evaluation = evaluate(&request, &policies);
//! assert_eq!(evaluation.decision, Decision::Allow);
//! assert_eq!(evaluation.explanation.deciding[0].to_string(), "identity policy 0, Statement");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod condition;
pub mod file;
mod matching;
mod principal;
mod values;

use std::fmt;

pub use principal::{Grant, PrincipalError, RequestPrincipal};

use crate::model::{Effect, Policy, ResourceElement, Statement, Version};
use crate::path::JsonPath;
use crate::{AccountId, Arn};
use matching::Tok;
use principal::Caller;

/// The outcome of an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Some policy allows and every policy that must allow does, with no applicable `Deny`.
    Allow,
    /// An applicable `Deny` statement.
    ExplicitDeny,
    /// No applicable `Deny`, but some policy that must allow does not.
    ImplicitDeny,
}

impl Decision {
    /// `Allow`, `ExplicitDeny` or `ImplicitDeny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "Allow",
            Decision::ExplicitDeny => "ExplicitDeny",
            Decision::ImplicitDeny => "ImplicitDeny",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value of a context key: one string, or a list (a multivalued key; it may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextValue {
    /// A single value.
    Single(String),
    /// Several values; `[]` is a present key with no values.
    Multiple(Vec<String>),
}

impl ContextValue {
    /// The values as a slice.
    pub fn values(&self) -> &[String] {
        match self {
            ContextValue::Single(value) => std::slice::from_ref(value),
            ContextValue::Multiple(values) => values,
        }
    }
}

/// Request context keys. Key names compare ignoring ASCII case, as IAM does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    // Sorted by the lowercased key.
    entries: Vec<(String, ContextValue)>,
}

fn compare_ignoring_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|byte| byte.to_ascii_lowercase())
        .cmp(b.bytes().map(|byte| byte.to_ascii_lowercase()))
}

impl Context {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a key, replacing a key of the same name in any case.
    pub fn insert(&mut self, key: impl Into<String>, value: ContextValue) {
        let key = key.into();
        match self
            .entries
            .binary_search_by(|(existing, _)| compare_ignoring_case(existing, &key))
        {
            Ok(index) => self.entries[index] = (key, value),
            Err(index) => self.entries.insert(index, (key, value)),
        }
    }

    /// The value of a key, ignoring case.
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.entries
            .binary_search_by(|(existing, _)| compare_ignoring_case(existing, key))
            .ok()
            .map(|index| &self.entries[index].1)
    }

    /// Every key and value, ordered by key ignoring case.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries
            .iter()
            .map(|(key, value)| (key.as_str(), value))
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The given context in front of the keys the evaluator derived.
pub(crate) struct ContextView<'a> {
    given: &'a Context,
    derived: &'a Context,
}

impl ContextView<'_> {
    pub(crate) fn get(&self, key: &str) -> Option<&ContextValue> {
        self.given.get(key).or_else(|| self.derived.get(key))
    }
}

/// A request: who calls which action on which resource, with the context and the facts an
/// evaluator needs about accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The caller.
    pub principal: RequestPrincipal,
    /// The action, `service:Name` (compared ignoring case).
    pub action: String,
    /// The resource ARN (or `*` for actions without a resource).
    pub resource: String,
    /// Context keys. A key absent here is absent from the request.
    pub context: Context,
    /// The role behind a role session, with its path (derived without a path when absent).
    pub principal_role_arn: Option<Arn>,
    /// The IAM user behind a federated user session (`GetFederationToken`), when known.
    pub principal_user_arn: Option<Arn>,
    /// The principal's account; taken from the principal's ARN when absent.
    pub principal_account: Option<AccountId>,
    /// The resource's account; taken from the resource ARN when absent, else assumed to be the
    /// principal's account (S3 ARNs have no account field).
    pub resource_account: Option<AccountId>,
    /// The organization's management account, when the accounts are in an organization.
    pub management_account: Option<AccountId>,
}

impl Request {
    /// A request with no context and no further facts.
    pub fn new(
        principal: RequestPrincipal,
        action: impl Into<String>,
        resource: impl Into<String>,
    ) -> Self {
        Self {
            principal,
            action: action.into(),
            resource: resource.into(),
            context: Context::new(),
            principal_role_arn: None,
            principal_user_arn: None,
            principal_account: None,
            resource_account: None,
            management_account: None,
        }
    }
}

/// The policies in play for a request, borrowed so that parsed policies serve many requests.
#[derive(Debug, Clone, Default)]
pub struct PolicySet<'p> {
    /// The principal's identity-based policies (user and group policies, or the role's).
    pub identity: Vec<&'p Policy>,
    /// The resource's policy: a bucket or queue policy, a role trust policy for
    /// `sts:AssumeRole*`, a KMS key policy.
    pub resource: Option<&'p Policy>,
    /// The principal's permissions boundary.
    pub permissions_boundary: Option<&'p Policy>,
    /// The session policy passed when the session was created.
    pub session: Option<&'p Policy>,
    /// SCPs per level, from the root down to the principal's account (empty outside an
    /// organization).
    pub scps: Vec<Vec<&'p Policy>>,
    /// RCPs per level, from the root down to the resource's account (empty outside an
    /// organization). `RCPFullAWSAccess` is implied at every level: only RCP denies decide.
    pub rcps: Vec<Vec<&'p Policy>>,
}

/// A kind of policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolicyType {
    /// A service control policy.
    Scp,
    /// A resource control policy.
    Rcp,
    /// The resource-based policy (bucket policy, trust policy, key policy, ...).
    Resource,
    /// An identity-based policy.
    Identity,
    /// The permissions boundary.
    PermissionsBoundary,
    /// The session policy.
    Session,
}

impl PolicyType {
    /// The policy type as the documentation names it.
    pub fn describe(self) -> &'static str {
        match self {
            PolicyType::Scp => "SCP",
            PolicyType::Rcp => "RCP",
            PolicyType::Resource => "resource-based policy",
            PolicyType::Identity => "identity-based policy",
            PolicyType::PermissionsBoundary => "permissions boundary",
            PolicyType::Session => "session policy",
        }
    }

    /// A stable name for machine-readable output: `scp`, `rcp`, `resource`, `identity`,
    /// `permissions_boundary`, `session`.
    pub fn key(self) -> &'static str {
        match self {
            PolicyType::Scp => "scps",
            PolicyType::Rcp => "rcps",
            PolicyType::Resource => "resource",
            PolicyType::Identity => "identity",
            PolicyType::PermissionsBoundary => "permissions_boundary",
            PolicyType::Session => "session",
        }
    }
}

impl fmt::Display for PolicyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Which policy of a [`PolicySet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PolicyRef {
    /// The kind of policy.
    pub policy_type: PolicyType,
    /// The organization level of an SCP or RCP (0 is the root).
    pub level: Option<usize>,
    /// The index among the identity policies, or within the level.
    pub index: usize,
}

impl PolicyRef {
    /// The policy's place in a request file: `policies.identity[0]`, `policies.scps[1][0]`, ...
    pub fn path(&self) -> JsonPath {
        let base = JsonPath::root().key("policies").key(self.policy_type.key());
        match (self.policy_type, self.level) {
            (PolicyType::Identity, _) => base.index(self.index),
            (_, Some(level)) => base.index(level).index(self.index),
            _ => base,
        }
    }
}

impl fmt::Display for PolicyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.policy_type, self.level) {
            (PolicyType::Identity, _) => write!(f, "identity policy {}", self.index),
            (kind, Some(level)) => write!(f, "{kind} {} at level {level}", self.index),
            (kind, None) => f.write_str(kind.describe()),
        }
    }
}

/// One statement of one policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatementRef {
    /// The policy.
    pub policy: PolicyRef,
    /// The statement's index in the policy.
    pub index: usize,
    /// The statement's `Sid`.
    pub sid: Option<String>,
    /// The statement's effect.
    pub effect: Effect,
    /// The statement's path within its policy: `Statement[2]` (or `Statement` for a single object).
    pub path: JsonPath,
}

impl StatementRef {
    /// The statement's place in a request file: `policies.identity[0].Statement[2]`.
    pub fn file_path(&self) -> JsonPath {
        let mut path = self.policy.path();
        for segment in self.path.segments() {
            path.push(segment.clone());
        }
        path
    }
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.policy, self.path)?;
        if let Some(sid) = &self.sid {
            write!(f, " (Sid `{sid}`)")?;
        }
        Ok(())
    }
}

/// A condition key that did not hold.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConditionMismatch {
    /// The operator as written, e.g. `StringEqualsIfExists`.
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// The policy's values, as written.
    pub policy_values: Vec<String>,
    /// The request's values, or `None` when the key is absent from the request.
    pub request_values: Option<Vec<String>>,
    /// The path of the key within its policy: `Statement[0].Condition.StringEquals["aws:SourceVpc"]`.
    pub path: JsonPath,
}

impl fmt::Display for ConditionMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` on `{}` wants {}, ",
            self.operator,
            self.key,
            quoted(&self.policy_values)
        )?;
        match &self.request_values {
            None => f.write_str("but the key is absent from the request"),
            Some(values) if values.is_empty() => {
                f.write_str("but the request has the key with no values")
            }
            Some(values) => write!(f, "but the request has {}", quoted(values)),
        }
    }
}

fn quoted(values: &[String]) -> String {
    if values.is_empty() {
        return "no value".to_owned();
    }
    values
        .iter()
        .map(|value| format!("`{value}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The element of a statement that did not match.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Mismatch {
    /// `Action`/`NotAction` does not cover the action.
    Action,
    /// `Resource`/`NotResource` does not cover the resource.
    Resource,
    /// `Principal`/`NotPrincipal` does not name the caller.
    Principal,
    /// These condition keys do not hold.
    Condition(Vec<ConditionMismatch>),
}

impl Mismatch {
    /// `action`, `resource`, `principal` or `condition`.
    pub fn element(&self) -> &'static str {
        match self {
            Mismatch::Action => "action",
            Mismatch::Resource => "resource",
            Mismatch::Principal => "principal",
            Mismatch::Condition(_) => "condition",
        }
    }
}

/// A statement that nearly applied: every element but one matched.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NearMiss {
    /// The statement.
    pub statement: StatementRef,
    /// The element that did not match.
    pub failed: Mismatch,
}

impl fmt::Display for NearMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}) would apply, but ",
            self.statement, self.statement.effect
        )?;
        match &self.failed {
            Mismatch::Action => f.write_str("its action element does not cover the action"),
            Mismatch::Resource => f.write_str("its resource element does not cover the resource"),
            Mismatch::Principal => f.write_str("its principal element does not name the caller"),
            Mismatch::Condition(keys) => {
                let parts: Vec<String> = keys.iter().map(ToString::to_string).collect();
                write!(f, "its condition does not hold: {}", parts.join("; "))
            }
        }
    }
}

/// Why a request was implicitly denied.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DenyReason {
    /// No applicable `Allow` in a policy type that must allow (at an organization level for
    /// SCPs and RCPs).
    NoAllow {
        /// The policy type.
        policy_type: PolicyType,
        /// The organization level of SCPs and RCPs.
        level: Option<usize>,
    },
    /// A federated user session without a session policy has no permissions (only a
    /// resource-based policy naming the session could grant).
    FederatedUserWithoutSessionPolicy,
    /// The root user cannot assume a role.
    RootUserCannotAssumeRole,
}

impl fmt::Display for DenyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DenyReason::NoAllow {
                policy_type,
                level: Some(level),
            } => write!(f, "no {policy_type} at level {level} allows the request"),
            DenyReason::NoAllow { policy_type, .. } => {
                write!(f, "no {policy_type} allows the request")
            }
            DenyReason::FederatedUserWithoutSessionPolicy => {
                f.write_str("a federated user session without a session policy has no permissions")
            }
            DenyReason::RootUserCannotAssumeRole => {
                f.write_str("the root user cannot assume a role")
            }
        }
    }
}

/// Why the decision came out as it did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explanation {
    /// For an explicit deny, the `Deny` statement that decided it; for an allow, the `Allow`
    /// statements every required policy type contributed; empty for an implicit deny.
    pub deciding: Vec<StatementRef>,
    /// Every statement that applied to the request: the denies, then the allows, each in
    /// evaluation order (SCPs, RCPs, resource policy, identity policies, boundary, session policy).
    pub matched: Vec<StatementRef>,
    /// For an implicit deny, what was missing.
    pub reason: Option<DenyReason>,
    /// Statements that would have applied but for one element.
    pub near_misses: Vec<NearMiss>,
    /// The rules that shaped the decision (exemptions, account relations, grants).
    pub notes: Vec<String>,
}

/// A decision with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The decision.
    pub decision: Decision,
    /// The explanation.
    pub explanation: Explanation,
}

/// The kind of resource policy a request meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResourceKind {
    /// A bucket, queue, topic, ... policy: within one account either it or the identity side may
    /// allow.
    Other,
    /// A role trust policy for `sts:AssumeRole*`: it must allow explicitly.
    Trust,
    /// A KMS key policy: it must allow explicitly.
    Key,
}

const TRUST_ACTIONS: [&str; 6] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

/// The services whose resources RCPs apply to (Organizations User Guide, "Resource control
/// policies", list of AWS services that support RCPs, as of February 2026).
const RCP_SERVICES: [&str; 11] = [
    "s3",
    "sts",
    "kms",
    "sqs",
    "secretsmanager",
    "ecr",
    "aoss",
    "cognito-idp",
    "cognito-identity",
    "logs",
    "dynamodb",
];

fn service_of(action: &str) -> &str {
    action.split(':').next().unwrap_or("")
}

fn is_service_linked_role_arn(arn: &str) -> bool {
    arn.parse::<Arn>().is_ok_and(|arn| {
        arn.service() == "iam" && arn.resource().starts_with("role/aws-service-role/")
    })
}

/// A statement that applied.
struct Applied {
    statement: StatementRef,
    grant: Grant,
}

/// Everything the evaluation needs while scanning statements.
struct Scan<'a> {
    action: &'a str,
    resource: &'a str,
    context: ContextView<'a>,
    caller: Caller<'a>,
    toks: Vec<Tok>,
    allows: Vec<Applied>,
    denies: Vec<Applied>,
    near: Vec<NearMiss>,
    /// Whether to look for near misses (statements that fail on one element only).
    near_misses: bool,
}

fn statement_path(policy: &Policy, index: usize) -> JsonPath {
    let path = JsonPath::root().key("Statement");
    if policy.statement.is_array() {
        path.index(index)
    } else {
        path
    }
}

impl Scan<'_> {
    fn resource_element_covers(&mut self, element: &ResourceElement, variables: bool) -> bool {
        let mut matched = false;
        for pattern in element.patterns() {
            let text = pattern.as_str();
            let hit = if text == "*" {
                true
            } else if variables && text.contains("${") {
                match condition::substitute(text, &self.context) {
                    Some((_, toks)) => matching::resource_matches(&toks, self.resource),
                    None => false,
                }
            } else if !text.contains(['*', '?']) {
                text == self.resource
            } else {
                matching::tokens(text, &mut self.toks);
                matching::resource_matches(&self.toks, self.resource)
            };
            if hit {
                matched = true;
                break;
            }
        }
        matched != element.is_not_resource()
    }

    fn statement(
        &mut self,
        policy: &Policy,
        policy_ref: PolicyRef,
        index: usize,
        statement: &Statement,
        requires_principal: bool,
    ) {
        let variables = policy.version == Some(Version::V2012_10_17);
        let action_ok = statement.action.covers(self.action);
        if !action_ok && !self.near_misses {
            return;
        }
        let resource_ok = match &statement.resource {
            None => true,
            Some(element) => self.resource_element_covers(element, variables),
        };
        let grant = self.caller.applies(
            statement.principal.as_ref(),
            statement.effect,
            requires_principal,
        );
        let failed = [!action_ok, !resource_ok, grant.is_none()];
        let failures = failed.iter().filter(|failed| **failed).count();
        if failures > 1 || (failures == 1 && !self.near_misses) {
            return;
        }
        let condition_ok = statement
            .condition
            .as_ref()
            .is_none_or(|condition| condition::holds(condition, &self.context, variables));
        let reference = || StatementRef {
            policy: policy_ref,
            index,
            sid: statement.sid.clone(),
            effect: statement.effect,
            path: statement_path(policy, index),
        };
        match (failures, condition_ok, grant) {
            (0, true, Some(grant)) => {
                let applied = Applied {
                    statement: reference(),
                    grant,
                };
                match statement.effect {
                    Effect::Allow => self.allows.push(applied),
                    Effect::Deny => self.denies.push(applied),
                }
            }
            (0, false, _) if self.near_misses => {
                let statement_ref = reference();
                let mismatches = statement.condition.as_ref().map_or_else(Vec::new, |c| {
                    condition::mismatches(c, &self.context, variables, &statement_ref.path)
                });
                self.near.push(NearMiss {
                    statement: statement_ref,
                    failed: Mismatch::Condition(mismatches),
                });
            }
            (1, true, _) => {
                let failed = if !action_ok {
                    Mismatch::Action
                } else if !resource_ok {
                    Mismatch::Resource
                } else {
                    Mismatch::Principal
                };
                self.near.push(NearMiss {
                    statement: reference(),
                    failed,
                });
            }
            _ => {}
        }
    }

    fn policy(&mut self, policy: &Policy, policy_ref: PolicyRef, requires_principal: bool) {
        for (index, statement) in policy.statements().iter().enumerate() {
            self.statement(policy, policy_ref, index, statement, requires_principal);
        }
    }

    fn first_allow(&self, policy_type: PolicyType, level: Option<usize>) -> Option<&Applied> {
        self.allows.iter().find(|applied| {
            applied.statement.policy.policy_type == policy_type
                && applied.statement.policy.level == level
        })
    }
}

/// The context keys the evaluator derives from the request's facts.
fn derived_context(
    request: &Request,
    principal_account: Option<AccountId>,
    role_arn: Option<&str>,
    resource_account: Option<AccountId>,
) -> Context {
    let mut context = Context::new();
    let mut set = |key: &str, value: String| context.insert(key, ContextValue::Single(value));
    let principal = &request.principal;
    let principal_arn = match principal {
        RequestPrincipal::RoleSession { .. } | RequestPrincipal::Role { .. } => {
            role_arn.map(str::to_owned)
        }
        other => other.arn().map(|arn| arn.as_str().to_owned()),
    };
    if let Some(arn) = principal_arn {
        set("aws:PrincipalArn", arn);
    }
    if principal.is_account_principal()
        && let Some(account) = principal_account
    {
        set("aws:PrincipalAccount", account.as_str().to_owned());
    }
    let principal_type = match principal {
        RequestPrincipal::RootUser { .. } => Some("Account"),
        RequestPrincipal::User { .. } => Some("User"),
        RequestPrincipal::Role { .. } | RequestPrincipal::RoleSession { .. } => Some("AssumedRole"),
        RequestPrincipal::FederatedUser { .. } => Some("FederatedUser"),
        RequestPrincipal::Anonymous => Some("Anonymous"),
        _ => None,
    };
    if let Some(kind) = principal_type {
        set("aws:PrincipalType", kind.to_owned());
    }
    if let Some(name) = principal.user_name() {
        set("aws:username", name.to_owned());
    }
    match principal {
        RequestPrincipal::RootUser { .. } => {
            if let Some(account) = principal_account {
                set("aws:userid", account.as_str().to_owned());
            }
        }
        RequestPrincipal::Anonymous => set("aws:userid", "anonymous".to_owned()),
        RequestPrincipal::FederatedUser { arn } => {
            if let (Some(account), Some(name)) =
                (principal_account, arn.resource().split('/').nth(1))
            {
                set("aws:userid", format!("{account}:{name}"));
            }
        }
        _ => {}
    }
    match principal {
        RequestPrincipal::Anonymous => {}
        RequestPrincipal::Service(name) => {
            set("aws:PrincipalIsAWSService", "true".to_owned());
            set("aws:PrincipalServiceName", name.clone());
        }
        _ => set("aws:PrincipalIsAWSService", "false".to_owned()),
    }
    if let Some(account) = resource_account {
        set("aws:ResourceAccount", account.as_str().to_owned());
    }
    context
}

/// Evaluates a request against the policies in play.
pub fn evaluate(request: &Request, policies: &PolicySet<'_>) -> Evaluation {
    evaluate_with(request, policies, true)
}

/// [`evaluate`] without looking for near misses ([`Explanation::near_misses`] stays empty):
/// the same decision, deciding and matched statements, reason and notes, several times faster
/// when many statements fail on their action alone (proofs that evaluate many requests, and
/// explain only the ones that come out wrong).
pub fn evaluate_decision(request: &Request, policies: &PolicySet<'_>) -> Evaluation {
    evaluate_with(request, policies, false)
}

fn evaluate_with(request: &Request, policies: &PolicySet<'_>, near_misses: bool) -> Evaluation {
    let mut notes = Vec::new();
    let principal = &request.principal;
    let principal_account = request.principal_account.or_else(|| principal.account());
    let resource_arn: Option<Arn> = request.resource.parse().ok();
    let mut resource_account = request
        .resource_account
        .or_else(|| resource_arn.as_ref().and_then(Arn::account_id));
    if resource_account.is_none() && principal.is_account_principal() && principal_account.is_some()
    {
        resource_account = principal_account;
        notes.push(
            "the resource's account is not known: it is taken to be the principal's account"
                .to_owned(),
        );
    }
    let same_account = principal.is_account_principal()
        && principal_account.is_some()
        && principal_account == resource_account;

    let role_arn: Option<String> = match principal {
        RequestPrincipal::RoleSession { arn } => Some(match &request.principal_role_arn {
            Some(role) => role.as_str().to_owned(),
            None => format!(
                "arn:{}:iam::{}:role/{}",
                arn.partition(),
                arn.account(),
                principal.role_name().unwrap_or_default()
            ),
        }),
        RequestPrincipal::Role { arn } => Some(arn.as_str().to_owned()),
        _ => None,
    };
    let service_linked = role_arn.as_deref().is_some_and(is_service_linked_role_arn)
        || (request.principal_role_arn.is_none()
            && principal
                .role_name()
                .is_some_and(|name| name.starts_with("AWSServiceRoleFor")));

    let derived = derived_context(
        request,
        principal_account,
        role_arn.as_deref(),
        resource_account,
    );
    let action = request.action.as_str();
    let is_trust_action = TRUST_ACTIONS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(action));
    let resource_kind = match &resource_arn {
        Some(arn)
            if is_trust_action && arn.service() == "iam" && arn.resource().starts_with("role/") =>
        {
            ResourceKind::Trust
        }
        Some(arn) if service_of(action).eq_ignore_ascii_case("kms") && arn.service() == "kms" => {
            ResourceKind::Key
        }
        _ => ResourceKind::Other,
    };

    if action.eq_ignore_ascii_case("sts:GetCallerIdentity") {
        notes.push("`sts:GetCallerIdentity` needs no permission and cannot be denied".to_owned());
        return Evaluation {
            decision: Decision::Allow,
            explanation: Explanation {
                notes,
                ..Explanation::default()
            },
        };
    }

    // Which organization policies apply.
    let scps_apply = if policies.scps.is_empty() {
        false
    } else if !principal.is_account_principal() {
        notes.push(format!(
            "SCPs do not apply: the caller `{principal}` is not a principal of an account in the organization"
        ));
        false
    } else if principal_account.is_some() && principal_account == request.management_account {
        notes.push(
            "SCPs do not apply to principals of the organization's management account".to_owned(),
        );
        false
    } else if service_linked {
        notes.push("SCPs do not apply to service-linked roles".to_owned());
        false
    } else {
        true
    };
    let rcps_apply = if policies.rcps.is_empty() {
        false
    } else if resource_account.is_some() && resource_account == request.management_account {
        notes.push(
            "RCPs do not apply to resources of the organization's management account".to_owned(),
        );
        false
    } else if !RCP_SERVICES
        .iter()
        .any(|service| service.eq_ignore_ascii_case(service_of(action)))
    {
        notes.push(format!(
            "RCPs do not apply: `{}` is not one of the services that support RCPs",
            service_of(action)
        ));
        false
    } else if resource_kind == ResourceKind::Trust
        && matches!(principal, RequestPrincipal::Service(_))
        && is_service_linked_role_arn(&request.resource)
    {
        notes.push("RCPs do not affect AWS services assuming a service-linked role".to_owned());
        false
    } else {
        true
    };

    let mut scan = Scan {
        action,
        resource: &request.resource,
        context: ContextView {
            given: &request.context,
            derived: &derived,
        },
        caller: Caller {
            principal,
            account: principal_account,
            role_arn: role_arn.as_deref(),
            user_arn: request.principal_user_arn.as_ref().map(Arn::as_str),
            has_boundary: policies.permissions_boundary.is_some(),
            web_identity: action.eq_ignore_ascii_case("sts:AssumeRoleWithWebIdentity"),
        },
        toks: Vec::new(),
        allows: Vec::new(),
        denies: Vec::new(),
        near: Vec::new(),
        near_misses,
    };
    let level_ref = |policy_type, level, index| PolicyRef {
        policy_type,
        level: Some(level),
        index,
    };
    let plain_ref = |policy_type, index| PolicyRef {
        policy_type,
        level: None,
        index,
    };
    if scps_apply {
        for (level, documents) in policies.scps.iter().enumerate() {
            for (index, policy) in documents.iter().enumerate() {
                scan.policy(policy, level_ref(PolicyType::Scp, level, index), false);
            }
        }
    }
    if rcps_apply {
        for (level, documents) in policies.rcps.iter().enumerate() {
            for (index, policy) in documents.iter().enumerate() {
                scan.policy(policy, level_ref(PolicyType::Rcp, level, index), true);
            }
        }
    }
    if let Some(policy) = policies.resource {
        scan.policy(policy, plain_ref(PolicyType::Resource, 0), true);
    }
    for (index, policy) in policies.identity.iter().enumerate() {
        scan.policy(policy, plain_ref(PolicyType::Identity, index), false);
    }
    if let Some(policy) = policies.permissions_boundary {
        scan.policy(policy, plain_ref(PolicyType::PermissionsBoundary, 0), false);
    }
    if let Some(policy) = policies.session {
        scan.policy(policy, plain_ref(PolicyType::Session, 0), false);
    }

    let matched: Vec<StatementRef> = scan
        .denies
        .iter()
        .chain(&scan.allows)
        .map(|applied| applied.statement.clone())
        .collect();
    let finish = |decision, deciding, reason, notes, scan: Scan<'_>| Evaluation {
        decision,
        explanation: Explanation {
            deciding,
            matched,
            reason,
            near_misses: scan.near,
            notes,
        },
    };

    if let Some(deny) = scan.denies.first() {
        let deciding = vec![deny.statement.clone()];
        return finish(Decision::ExplicitDeny, deciding, None, notes, scan);
    }
    let outcome = decide(
        request,
        policies,
        &scan,
        resource_kind,
        same_account,
        scps_apply,
        rcps_apply,
        &mut notes,
    );
    match outcome {
        Ok(deciding) => finish(Decision::Allow, deciding, None, notes, scan),
        Err(reason) => finish(
            Decision::ImplicitDeny,
            Vec::new(),
            Some(reason),
            notes,
            scan,
        ),
    }
}

/// The allow logic after explicit denies: the statements that allow, or what is missing.
#[allow(clippy::too_many_arguments)]
fn decide(
    request: &Request,
    policies: &PolicySet<'_>,
    scan: &Scan<'_>,
    resource_kind: ResourceKind,
    same_account: bool,
    scps_apply: bool,
    rcps_apply: bool,
    notes: &mut Vec<String>,
) -> Result<Vec<StatementRef>, DenyReason> {
    let principal = &request.principal;
    let mut deciding = Vec::new();
    let levels = |policy_type, count: usize, deciding: &mut Vec<StatementRef>| {
        for level in 0..count {
            match scan.first_allow(policy_type, Some(level)) {
                Some(applied) => deciding.push(applied.statement.clone()),
                None => {
                    return Err(DenyReason::NoAllow {
                        policy_type,
                        level: Some(level),
                    });
                }
            }
        }
        Ok(())
    };
    if rcps_apply {
        // RCPFullAWSAccess is attached to the root, every OU and every account and cannot be
        // detached, so every RCP level allows: only RCP denies decide (Organizations User Guide,
        // "RCP evaluation").
        for level in 0..policies.rcps.len() {
            if scan.first_allow(PolicyType::Rcp, Some(level)).is_none() {
                notes.push(format!(
                    "RCP level {level} has no applicable Allow as given; RCPFullAWSAccess, attached to every level and never detachable, allows"
                ));
            }
        }
    }
    if scps_apply {
        levels(PolicyType::Scp, policies.scps.len(), &mut deciding)?;
    }
    if matches!(principal, RequestPrincipal::RootUser { .. })
        && resource_kind == ResourceKind::Trust
    {
        return Err(DenyReason::RootUserCannotAssumeRole);
    }

    // The strongest grant of the resource policy.
    let grant = scan
        .allows
        .iter()
        .filter(|applied| applied.statement.policy.policy_type == PolicyType::Resource)
        .max_by_key(|applied| applied.grant);
    let must_allow = match resource_kind {
        ResourceKind::Trust => Some("a role trust policy"),
        ResourceKind::Key => Some("a KMS key policy"),
        ResourceKind::Other => None,
    };

    if !principal.is_account_principal() {
        return match grant {
            Some(applied) => {
                notes.push(format!(
                    "the resource-based policy allows `{principal}`; no identity-based policy applies to it"
                ));
                deciding.push(applied.statement.clone());
                Ok(deciding)
            }
            None => Err(DenyReason::NoAllow {
                policy_type: PolicyType::Resource,
                level: None,
            }),
        };
    }

    // The limits on the caller's side: the permissions boundary and the session policy.
    let limits = |deciding: &mut Vec<StatementRef>| -> Result<(), DenyReason> {
        if policies.permissions_boundary.is_some() {
            match scan.first_allow(PolicyType::PermissionsBoundary, None) {
                Some(applied) => deciding.push(applied.statement.clone()),
                None => {
                    return Err(DenyReason::NoAllow {
                        policy_type: PolicyType::PermissionsBoundary,
                        level: None,
                    });
                }
            }
        }
        if policies.session.is_some() {
            match scan.first_allow(PolicyType::Session, None) {
                Some(applied) => deciding.push(applied.statement.clone()),
                None => {
                    return Err(DenyReason::NoAllow {
                        policy_type: PolicyType::Session,
                        level: None,
                    });
                }
            }
        } else if matches!(principal, RequestPrincipal::FederatedUser { .. }) {
            return Err(DenyReason::FederatedUserWithoutSessionPolicy);
        }
        Ok(())
    };
    // The caller's whole side: an identity-based policy, then the limits.
    let identity_side = |deciding: &mut Vec<StatementRef>, notes: &mut Vec<String>| {
        if matches!(principal, RequestPrincipal::RootUser { .. }) {
            notes.push("the root user has every permission in its own account".to_owned());
        } else {
            match scan.first_allow(PolicyType::Identity, None) {
                Some(applied) => deciding.push(applied.statement.clone()),
                None => {
                    return Err(DenyReason::NoAllow {
                        policy_type: PolicyType::Identity,
                        level: None,
                    });
                }
            }
        }
        limits(deciding)
    };

    if !same_account {
        notes.push(
            "cross-account request: the principal's account and the resource's account must both allow"
                .to_owned(),
        );
        let Some(applied) = grant else {
            return Err(DenyReason::NoAllow {
                policy_type: PolicyType::Resource,
                level: None,
            });
        };
        identity_side(&mut deciding, notes)?;
        deciding.push(applied.statement.clone());
        return Ok(deciding);
    }

    match grant {
        None => {
            if let Some(kind) = must_allow {
                notes.push(format!("{kind} must allow the caller explicitly"));
                return Err(DenyReason::NoAllow {
                    policy_type: PolicyType::Resource,
                    level: None,
                });
            }
            identity_side(&mut deciding, notes)?;
        }
        Some(applied) => {
            notes.push(format!(
                "the resource-based policy {} ({})",
                applied.grant.describe(),
                applied.statement
            ));
            match applied.grant {
                Grant::Caller => {
                    notes.push(
                        "within one account that is enough: identity-based policies, the permissions boundary and the session policy are not needed"
                            .to_owned(),
                    );
                }
                Grant::Entity => {
                    notes.push(
                        "within one account the permissions boundary and the session policy must still allow"
                            .to_owned(),
                    );
                    limits(&mut deciding)?;
                }
                Grant::Account => {
                    identity_side(&mut deciding, notes)?;
                    if must_allow.is_none() {
                        // A delegation to the account adds nothing within it.
                        return Ok(deciding);
                    }
                }
            }
            deciding.push(applied.statement.clone());
        }
    }
    Ok(deciding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_keys_ignore_case() {
        let mut context = Context::new();
        context.insert("aws:SourceVpc", ContextValue::Single("vpc-1".into()));
        context.insert("AWS:SOURCEVPC", ContextValue::Single("vpc-2".into()));
        assert_eq!(context.len(), 1);
        assert_eq!(
            context.get("aws:sourcevpc"),
            Some(&ContextValue::Single("vpc-2".into()))
        );
        assert!(context.get("aws:SourceIp").is_none());
    }
}
