//! The proofs that the guardrails hold, made with the policy evaluator
//! ([`iam_policy::eval::evaluate`]) against the SCPs and RCPs in force in each account:
//!
//! * **ORG082, the guardrails never block the layout:** in every member account, the
//!   deployment role may make every call of [`DEPLOYMENT_CALLS`](super::DEPLOYMENT_CALLS) on
//!   what the layout puts there (its roles, customer managed policies, JUMP groups and users,
//!   the log bucket, the trail, Config, GuardDuty), the management account may assume it, AWS
//!   CloudTrail and AWS Config may deliver every account's logs to the log bucket, and the root
//!   user may enable its MFA device where the baseline asks for it;
//! * **ORG083, every grant works:** a JUMP user of the group may assume the granted role in each
//!   account, with MFA (the role's trust policy, the SCPs of JUMP, the RCPs of the role's
//!   account; the group's own policies are left to the other checks);
//! * **ORG084, the guardrails hold** (with `[guardrails]`): in every member account, for every
//!   role the layout deploys there and for the root user, each action of [`GUARDED_ACTIONS`] is
//!   denied by a guardrail, with the deciding statement.
//!
//! The deployment role and the roles of the proofs are evaluated as if their permissions
//! allowed everything (the deployment role holds `AdministratorAccess`, as
//! `OrganizationAccountAccessRole` does; for the others, so that only the guardrails stand in
//! the way). The management account is outside SCPs and is left out; so are accounts without an
//! id, until they have one.

use std::collections::{BTreeMap, HashMap};

use iam_policy::eval::{
    Context, ContextValue, Decision, DenyReason, Evaluation, Mismatch, PolicySet, PolicyType,
    Request, RequestPrincipal, StatementRef, evaluate, evaluate_decision,
};
use iam_policy::{AccountId, Arn, Partition, Policy};
use serde::Serialize;

use super::calls::{CallTarget, DEPLOYMENT_CALLS};
use super::set::{Guardrails, InForce, Level};
use crate::baseline::{self, DesiredBaseline};
use crate::organization_policy::OrganizationPolicyKind;
use crate::policies::{LayoutPolicies, role_arn};
use crate::{Account, BaselineItem, Error, Layout, Permission, Purpose, managed};

/// A log delivery a service makes to the log bucket: the service principal, the action, the
/// resource, and the condition key and value that scope it.
type Delivery<'a> = (&'a str, &'a str, String, Option<(&'a str, String)>);

/// What a guarded action guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Guarded {
    /// The account stays in the organization.
    Organization,
    /// IAM users only in JUMP (accounts other than JUMP).
    IamUsers,
    /// The trail `jumpgate` (accounts with CloudTrail).
    Trail,
    /// The Config recorder and delivery channel (accounts with AWS Config).
    Config,
    /// Config's service-linked role (accounts with AWS Config).
    ConfigServiceLinkedRole,
    /// The GuardDuty detector (accounts with GuardDuty).
    Detector,
    /// The log bucket (LOG).
    LogBucket,
    /// The logs in the log bucket (LOG).
    Logs,
    /// Each role jumpgate manages in the account (tagged `managed-by = jumpgate`).
    ManagedRole,
    /// Each deployment role.
    DeploymentRole,
    /// The root user's own access keys.
    RootAccessKeys,
}

impl Guarded {
    /// What it is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Guarded::Organization => "the organization's membership",
            Guarded::IamUsers => "the rule that IAM users live only in JUMP",
            Guarded::Trail => "the trail `jumpgate`",
            Guarded::Config => "the Config recorder and delivery channel",
            Guarded::ConfigServiceLinkedRole => "Config's service-linked role",
            Guarded::Detector => "the GuardDuty detector",
            Guarded::LogBucket => "the log bucket",
            Guarded::Logs => "the logs in the log bucket",
            Guarded::ManagedRole => "a role jumpgate manages",
            Guarded::DeploymentRole => "the deployment role",
            Guarded::RootAccessKeys => "the root user's credentials",
        }
    }
}

/// An action the guardrails must deny to every role the layout deploys to a member account and
/// to its root user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GuardedAction {
    /// The IAM action.
    pub action: &'static str,
    /// What it would tamper with.
    pub guards: Guarded,
}

const fn guarded(action: &'static str, guards: Guarded) -> GuardedAction {
    GuardedAction { action, guards }
}

/// The actions ORG084 proves denied, by what they guard.
pub const GUARDED_ACTIONS: &[GuardedAction] = &[
    guarded("organizations:LeaveOrganization", Guarded::Organization),
    guarded("iam:CreateUser", Guarded::IamUsers),
    guarded("iam:CreateLoginProfile", Guarded::IamUsers),
    guarded("iam:CreateAccessKey", Guarded::IamUsers),
    guarded("cloudtrail:StopLogging", Guarded::Trail),
    guarded("cloudtrail:DeleteTrail", Guarded::Trail),
    guarded("cloudtrail:UpdateTrail", Guarded::Trail),
    guarded("config:StopConfigurationRecorder", Guarded::Config),
    guarded("config:DeleteConfigurationRecorder", Guarded::Config),
    guarded("config:DeleteDeliveryChannel", Guarded::Config),
    guarded(
        "iam:DeleteServiceLinkedRole",
        Guarded::ConfigServiceLinkedRole,
    ),
    guarded("guardduty:DeleteDetector", Guarded::Detector),
    guarded("guardduty:UpdateDetector", Guarded::Detector),
    guarded("s3:PutBucketPolicy", Guarded::LogBucket),
    guarded("s3:DeleteBucketPolicy", Guarded::LogBucket),
    guarded("s3:DeleteBucket", Guarded::LogBucket),
    guarded("s3:DeleteObject", Guarded::Logs),
    guarded("iam:UpdateAssumeRolePolicy", Guarded::ManagedRole),
    guarded("iam:AttachRolePolicy", Guarded::ManagedRole),
    guarded("iam:DeleteRole", Guarded::ManagedRole),
    guarded("iam:UpdateAssumeRolePolicy", Guarded::DeploymentRole),
    guarded("iam:DeleteRole", Guarded::DeploymentRole),
    guarded("iam:CreateAccessKey", Guarded::RootAccessKeys),
];

/// Which proof a check belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProofKind {
    /// ORG082: the guardrails never block the layout.
    NeverBlocks,
    /// ORG083: every grant's `sts:AssumeRole` works.
    Grants,
    /// ORG084: the guarded actions are denied.
    Guarded,
}

impl ProofKind {
    /// The finding code.
    pub fn code(self) -> &'static str {
        match self {
            ProofKind::NeverBlocks => "ORG082",
            ProofKind::Grants => "ORG083",
            ProofKind::Guarded => "ORG084",
        }
    }

    /// What the proof shows.
    pub fn claim(self) -> &'static str {
        match self {
            ProofKind::NeverBlocks => "the guardrails never block the layout",
            ProofKind::Grants => "every grant's sts:AssumeRole works under the guardrails",
            ProofKind::Guarded => "every guarded action is denied by a guardrail",
        }
    }
}

/// One request of a proof and how it came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The proof.
    pub proof: ProofKind,
    /// The account the request is about (the principal's for deployment calls, grants and
    /// guarded actions; the delivering account for log delivery).
    pub account: String,
    /// Who: `deployment role OrganizationAccountAccessRole`, `role admin`, `root user`,
    /// `user alice (developers)`, `cloudtrail.amazonaws.com`.
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// Why the request is made: the API call, the grant, or what the action would tamper with.
    pub purpose: String,
    /// The decision.
    #[serde(serialize_with = "serialize_decision")]
    pub decision: Decision,
    /// Whether the decision is the one the proof needs.
    pub holds: bool,
    /// The statement that decided, named by guardrail: ``protect-baseline (SCP, root)
    /// Statement[0] (Sid `ProtectTrail`)``; or why an implicit deny came out.
    pub deciding: Option<String>,
    /// For a failure: the statement that nearly applied, with the element that failed.
    pub near_miss: Option<String>,
}

/// A proof's outcome over the whole layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proof {
    /// Which proof.
    pub kind: ProofKind,
    /// Requests evaluated.
    pub requests: usize,
    /// Member accounts it covered.
    pub accounts: usize,
    /// The requests that came out wrong.
    pub failures: Vec<ProofFailure>,
}

impl Proof {
    /// Whether every request came out as needed.
    pub fn holds(&self) -> bool {
        self.failures.is_empty()
    }

    /// One line: `ORG084 holds: every guarded action is denied by a guardrail (230 requests in
    /// 8 member accounts)`.
    pub fn summary(&self) -> String {
        let outcome = if self.holds() {
            "holds".to_owned()
        } else {
            format!("fails {} time(s)", self.failures.len())
        };
        format!(
            "{} {outcome}: {} ({} requests in {} member account(s))",
            self.kind.code(),
            self.kind.claim(),
            self.requests,
            self.accounts
        )
    }
}

/// A request of a proof that came out wrong: a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProofFailure {
    /// The finding's location: `account[DEV]`, `account[DEV].role[admin]`,
    /// `grant[developers→admin]`.
    pub location: String,
    /// The action of the request.
    pub action: String,
    /// The resource of the request.
    pub resource: String,
    /// The finding's message: who, which action on what, and what decided.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// The proofs of a layout's guardrails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proofs {
    /// ORG082, ORG083 and (with `[guardrails]`) ORG084, in that order.
    pub proofs: Vec<Proof>,
    /// The management account's name: outside SCPs, so nothing there is guarded by them.
    pub management: Option<String>,
}

/// Proves the guardrails of `layout`; `None` when it has none. Linear in the layout: a bounded
/// number of requests per role deployment, account, grant and JUMP group and user.
pub fn prove(layout: &Layout) -> Result<Option<Proofs>, Error> {
    let guardrails = Guardrails::of(layout)?;
    if guardrails.is_empty() {
        return Ok(None);
    }
    let prover = Prover::new(layout, &guardrails)?;
    let mut proofs: BTreeMap<ProofKind, Proof> = BTreeMap::new();
    let mut kinds = vec![ProofKind::NeverBlocks, ProofKind::Grants];
    if guardrails.seed {
        kinds.push(ProofKind::Guarded);
    }
    for kind in kinds {
        proofs.insert(
            kind,
            Proof {
                kind,
                requests: 0,
                accounts: 0,
                failures: Vec::new(),
            },
        );
    }
    for account in prover.members() {
        let mut touched: Vec<ProofKind> = Vec::new();
        prover.account_evidence(account, &mut |evidence, failure| {
            if let Some(proof) = proofs.get_mut(&evidence.proof) {
                proof.requests += 1;
                if !touched.contains(&evidence.proof) {
                    touched.push(evidence.proof);
                    proof.accounts += 1;
                }
                if let Some(failure) = failure {
                    proof.failures.push(failure);
                }
            }
        });
    }
    Ok(Some(Proofs {
        proofs: proofs.into_values().collect(),
        management: prover.management.map(|account| account.name.clone()),
    }))
}

/// Every request of the proofs, with how each came out, by member account (the accounts with
/// an id, the management account aside), in layout order: what `accounts/<ACCOUNT>/guardrails.md`
/// shows. Empty when the layout has no guardrails.
pub fn evidence(layout: &Layout) -> Result<Vec<(String, Vec<Evidence>)>, Error> {
    let guardrails = Guardrails::of(layout)?;
    if guardrails.is_empty() {
        return Ok(Vec::new());
    }
    let prover = Prover::new(layout, &guardrails)?;
    Ok(prover
        .members()
        .into_iter()
        .map(|account| {
            let mut out = Vec::new();
            prover.account_evidence(account, &mut |evidence, _| out.push(evidence));
            (account.name.clone(), out)
        })
        .collect())
}

/// Evaluates quickly, and again with near misses when the decision is not the one needed (so
/// that a failure can name the statement that nearly applied).
fn judge(request: &Request, policies: &PolicySet<'_>, expect: Expect) -> Evaluation {
    let quick = evaluate_decision(request, policies);
    let holds = match expect {
        Expect::Allow => quick.decision == Decision::Allow,
        Expect::DeniedByGuardrail => {
            quick.decision == Decision::ExplicitDeny
                && quick.explanation.deciding.iter().any(|statement| {
                    matches!(
                        statement.policy.policy_type,
                        PolicyType::Scp | PolicyType::Rcp
                    )
                })
        }
    };
    if holds {
        quick
    } else {
        evaluate(request, policies)
    }
}

/// The partition's home Region: where the requests of global services (IAM, STS, Organizations)
/// are made.
fn home_region(partition: Partition) -> &'static str {
    match partition {
        Partition::AwsCn => "cn-north-1",
        Partition::AwsUsGov => "us-gov-west-1",
        Partition::AwsIso => "us-iso-east-1",
        Partition::AwsIsoB => "us-isob-east-1",
        _ => "us-east-1",
    }
}

/// Whether a call of `action` goes to the partition's home Region (global services).
fn is_global(action: &str) -> bool {
    matches!(
        action.split(':').next(),
        Some("iam" | "sts" | "organizations")
    )
}

/// What the layout puts in an account: the roles deployed there, and the customer managed
/// policies jumpgate keeps there.
struct AccountFacts<'a> {
    roles: Vec<&'a crate::Role>,
    policies: Vec<String>,
}

/// Everything the proofs need, worked out once.
struct Prover<'a> {
    layout: &'a Layout,
    guardrails: &'a Guardrails,
    partition: Partition,
    home: &'static str,
    region: &'a str,
    management: Option<&'a Account>,
    management_id: Option<AccountId>,
    jump: Option<(&'a Account, AccountId)>,
    /// Each account's baseline, by name.
    baselines: HashMap<String, baseline::AccountBaseline>,
    facts: HashMap<&'a str, AccountFacts<'a>>,
    /// The grants naming each account.
    grants_by_account: HashMap<&'a str, Vec<&'a crate::Grant>>,
    /// Roles and groups by name, each group's first member.
    roles: HashMap<&'a str, &'a crate::Role>,
    groups: HashMap<&'a str, (&'a crate::Group, Option<&'a crate::User>)>,
    /// The LOG account (owner of the log bucket).
    log: Option<&'a Account>,
    allow_all: Policy,
    bucket: Option<(AccountId, Arn, Policy)>,
    /// Each role's trust policy, by name (`None` while JUMP has no id).
    trust: HashMap<&'a str, Option<Policy>>,
    /// The trust policy Organizations gives `OrganizationAccountAccessRole`: the management
    /// account may assume it.
    deployment_trust: Option<Policy>,
}

impl<'a> Prover<'a> {
    fn new(layout: &'a Layout, guardrails: &'a Guardrails) -> Result<Self, Error> {
        let management = layout.account_named(&layout.organization.management_account);
        let jump = layout
            .jump_account()
            .and_then(|jump| jump.id.map(|id| (jump, id)));
        let mut facts: HashMap<&str, AccountFacts<'_>> = HashMap::new();
        for (role, accounts) in layout.role_deployments() {
            for account in accounts {
                let entry = facts
                    .entry(account.name.as_str())
                    .or_insert_with(|| AccountFacts {
                        roles: Vec::new(),
                        policies: Vec::new(),
                    });
                entry.roles.push(role);
                for permission in &role.permissions {
                    if let Permission::Customer { customer, .. } = permission
                        && !entry.policies.contains(customer)
                    {
                        entry.policies.push(customer.clone());
                    }
                }
            }
        }
        if let Some((jump, _)) = jump {
            let entry = facts
                .entry(jump.name.as_str())
                .or_insert_with(|| AccountFacts {
                    roles: Vec::new(),
                    policies: Vec::new(),
                });
            for group in &layout.groups {
                for permission in &group.permissions {
                    if let Permission::Customer { customer, .. } = permission
                        && !entry.policies.contains(customer)
                    {
                        entry.policies.push(customer.clone());
                    }
                }
            }
        }
        let policies = LayoutPolicies::new(layout);
        let mut trust = HashMap::with_capacity(layout.roles.len());
        for role in &layout.roles {
            if !trust.contains_key(role.name.as_str()) {
                trust.insert(role.name.as_str(), policies.trust_policy(role)?);
            }
        }
        let desired: DesiredBaseline = baseline::desired(layout)?;
        let bucket = desired
            .log_bucket
            .as_ref()
            .map(|bucket| (bucket.account_id, bucket.arn.clone(), bucket.policy.clone()));
        let log = bucket.as_ref().and_then(|(owner, _, _)| {
            layout
                .accounts
                .iter()
                .find(|account| account.id == Some(*owner))
        });
        let mut baselines = HashMap::with_capacity(desired.accounts.len());
        for account in desired.accounts {
            baselines.entry(account.account.clone()).or_insert(account);
        }
        let mut grants_by_account: HashMap<&str, Vec<&crate::Grant>> = HashMap::new();
        for grant in &layout.grants {
            let mut named = std::collections::HashSet::new();
            for account in &grant.accounts {
                if named.insert(account.as_str()) {
                    grants_by_account
                        .entry(account.as_str())
                        .or_default()
                        .push(grant);
                }
            }
        }
        let mut roles = HashMap::with_capacity(layout.roles.len());
        for role in &layout.roles {
            roles.entry(role.name.as_str()).or_insert(role);
        }
        let mut groups: HashMap<&str, (&crate::Group, Option<&crate::User>)> =
            HashMap::with_capacity(layout.groups.len());
        for group in &layout.groups {
            groups.entry(group.name.as_str()).or_insert((group, None));
        }
        for user in &layout.users {
            for group in &user.groups {
                if let Some((_, member)) = groups.get_mut(group.as_str())
                    && member.is_none()
                {
                    *member = Some(user);
                }
            }
        }
        let allow_all = Policy::from_json(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        )
        .map_err(iam_policy::Error::from)?;
        let management_id = management.and_then(|account| account.id);
        let deployment_trust = match management_id {
            Some(management_id) => {
                let text = format!(
                    r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:{}:iam::{management_id}:root"}},"Action":"sts:AssumeRole"}}]}}"#,
                    layout.organization.partition.as_str()
                );
                Some(Policy::from_json(&text).map_err(iam_policy::Error::from)?)
            }
            None => None,
        };
        Ok(Self {
            layout,
            guardrails,
            partition: layout.organization.partition,
            home: home_region(layout.organization.partition),
            region: &layout.organization.default_region,
            management,
            management_id,
            jump,
            baselines,
            facts,
            grants_by_account,
            roles,
            groups,
            log,
            allow_all,
            bucket,
            trust,
            deployment_trust,
        })
    }

    fn is_member(&self, account: &Account) -> bool {
        account.id.is_some()
            && account.purpose != Purpose::Management
            && self
                .management
                .is_none_or(|management| management.name != account.name)
    }

    /// The member accounts with an id, each name once, in layout order.
    fn members(&self) -> Vec<&'a Account> {
        let mut seen = std::collections::HashSet::new();
        self.layout
            .accounts
            .iter()
            .filter(|account| self.is_member(account) && seen.insert(account.name.as_str()))
            .collect()
    }

    fn context(&self, action: &str) -> Context {
        let mut context = Context::new();
        let region = if is_global(action) {
            self.home
        } else {
            self.region
        };
        context.insert(
            "aws:RequestedRegion",
            ContextValue::Single(region.to_owned()),
        );
        context.insert(
            "aws:SecureTransport",
            ContextValue::Single("true".to_owned()),
        );
        if let Some(id) = &self.layout.organization.id {
            context.insert("aws:PrincipalOrgID", ContextValue::Single(id.clone()));
        }
        context
    }

    fn request(
        &self,
        principal: RequestPrincipal,
        action: &str,
        resource: &str,
        resource_account: AccountId,
    ) -> Request {
        let mut request = Request::new(principal, action, resource);
        request.context = self.context(action);
        request.resource_account = Some(resource_account);
        request.management_account = self.management_id;
        request
    }

    fn arn(&self, account: AccountId, entity: &str, path: &str, name: &str) -> String {
        managed::iam_arn(self.partition, account.as_str(), entity, path, name)
    }

    /// The session of deployment role `role` (`NAME` or `PATH/NAME`) in `account`.
    fn deployment_session(&self, role: &str, account: AccountId) -> (RequestPrincipal, Arn) {
        let role = role.trim_start_matches('/');
        let name = role.rsplit('/').next().unwrap_or(role);
        let role_arn = Arn::iam_role(self.partition, account, role);
        let session = Arn::new(
            self.partition.as_str(),
            "sts",
            "",
            account.as_str(),
            &format!("assumed-role/{name}/jumpgate"),
        );
        (RequestPrincipal::RoleSession { arn: session }, role_arn)
    }

    fn role_session(&self, role: &crate::Role, account: AccountId) -> (RequestPrincipal, Arn) {
        let role_arn = role_arn(self.layout, role, account);
        let session = Arn::new(
            self.partition.as_str(),
            "sts",
            "",
            account.as_str(),
            &format!("assumed-role/{}/jumpgate-proof", role.name),
        );
        (RequestPrincipal::RoleSession { arn: session }, role_arn)
    }

    fn account_baseline(&self, account: &Account) -> Option<&baseline::AccountBaseline> {
        self.baselines.get(&account.name)
    }

    /// The resources a call target names in `account` (none: the call is not made there).
    fn targets(&self, target: CallTarget, account: &Account, id: AccountId) -> Vec<String> {
        let facts = self.facts.get(account.name.as_str());
        let desired = self.account_baseline(account);
        let in_jump = self.jump.is_some_and(|(jump, _)| jump.name == account.name);
        let partition = self.partition.as_str();
        match target {
            CallTarget::Any => vec!["*".to_owned()],
            CallTarget::Role => facts
                .map(|facts| {
                    facts
                        .roles
                        .iter()
                        .map(|role| role_arn(self.layout, role, id).to_string())
                        .collect()
                })
                .unwrap_or_default(),
            CallTarget::ManagedPolicy => facts
                .map(|facts| {
                    facts
                        .policies
                        .iter()
                        .map(|name| managed::customer_policy_arn(self.partition, id.as_str(), name))
                        .collect()
                })
                .unwrap_or_default(),
            CallTarget::Group if in_jump => self
                .layout
                .groups
                .iter()
                .map(|group| self.arn(id, "group", &managed::group_path(&group.path), &group.name))
                .collect(),
            CallTarget::User if in_jump => self
                .layout
                .users
                .iter()
                .filter(|user| {
                    user.account
                        .as_deref()
                        .is_none_or(|name| name == account.name)
                })
                .map(|user| self.arn(id, "user", &user.path, &user.name))
                .collect(),
            CallTarget::Group | CallTarget::User => Vec::new(),
            CallTarget::ConfigServiceLinkedRole | CallTarget::Config => {
                match desired.and_then(|desired| desired.config.as_ref()) {
                    Some(_) if target == CallTarget::Config => vec!["*".to_owned()],
                    Some(config) => vec![config.role_arn.to_string()],
                    None => Vec::new(),
                }
            }
            CallTarget::GuardDutyServiceLinkedRole | CallTarget::Detector => {
                match desired.and_then(|desired| desired.guardduty.as_ref()) {
                    Some(_) if target == CallTarget::Detector => vec!["*".to_owned()],
                    Some(_) => vec![format!(
                        "arn:{partition}:iam::{id}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty"
                    )],
                    None => Vec::new(),
                }
            }
            CallTarget::LogBucket => match &self.bucket {
                Some((owner, arn, _)) if *owner == id => vec![arn.to_string()],
                _ => Vec::new(),
            },
            CallTarget::Trail => desired
                .and_then(|desired| desired.trail.as_ref())
                .map(|trail| vec![trail.arn.to_string()])
                .unwrap_or_default(),
        }
    }

    /// Every request of every proof about `account`, each with its failure (if any).
    fn account_evidence(
        &self,
        account: &Account,
        sink: &mut dyn FnMut(Evidence, Option<ProofFailure>),
    ) {
        let Some(id) = account.id else { return };
        let in_force = self.guardrails.in_force(account);
        self.deployment(account, id, &in_force, sink);
        self.delivery(account, id, sink);
        self.root_mfa(account, id, &in_force, sink);
        self.grants(account, id, &in_force, sink);
        if self.guardrails.seed {
            self.guarded(account, id, &in_force, sink);
        }
    }

    fn deployment(
        &self,
        account: &Account,
        id: AccountId,
        in_force: &InForce<'_>,
        sink: &mut dyn FnMut(Evidence, Option<ProofFailure>),
    ) {
        let at = format!("account[{}]", account.name);
        for deployment_role in &self.guardrails.deployment_roles {
            let (principal, role_arn) = self.deployment_session(deployment_role, id);
            let who = format!("deployment role {deployment_role}");
            // The management account assumes the role: the RCPs of the account apply.
            if let (Some(management_id), Some(trust)) = (self.management_id, &self.deployment_trust)
            {
                let caller = Arn::new(
                    self.partition.as_str(),
                    "sts",
                    "",
                    management_id.as_str(),
                    "assumed-role/jumpgate/apply",
                );
                let mut request = self.request(
                    RequestPrincipal::RoleSession { arn: caller },
                    "sts:AssumeRole",
                    role_arn.as_str(),
                    id,
                );
                request.principal_account = Some(management_id);
                let policies = PolicySet {
                    identity: vec![&self.allow_all],
                    resource: Some(trust),
                    rcps: in_force.rcp_documents(),
                    ..PolicySet::default()
                };
                let evaluation = judge(&request, &policies, Expect::Allow);
                self.record(
                    sink,
                    ProofKind::NeverBlocks,
                    &at,
                    account,
                    "the management account",
                    &request,
                    &format!("assume {who}"),
                    &evaluation,
                    Expect::Allow,
                    &Named {
                        scps: None,
                        rcps: Some(in_force),
                    },
                    &format!(
                        "exempt `{deployment_role}` (its ARN, `aws:PrincipalArn`) in the RCP that denies it"
                    ),
                );
            }
            for call in DEPLOYMENT_CALLS {
                for (action, target) in call.actions {
                    for resource in self.targets(*target, account, id) {
                        let mut request = self.request(principal.clone(), action, &resource, id);
                        request.principal_role_arn = Some(role_arn.clone());
                        if call.tags {
                            request.context.insert(
                                format!("aws:RequestTag/{}", managed::TAG_KEY),
                                ContextValue::Single(managed::TAG_VALUE.to_owned()),
                            );
                            request.context.insert(
                                "aws:TagKeys",
                                ContextValue::Multiple(vec![managed::TAG_KEY.to_owned()]),
                            );
                        }
                        if call.on_managed {
                            request.context.insert(
                                format!("aws:ResourceTag/{}", managed::TAG_KEY),
                                ContextValue::Single(managed::TAG_VALUE.to_owned()),
                            );
                        }
                        let policies = in_force.policy_set(PolicySet {
                            identity: vec![&self.allow_all],
                            ..PolicySet::default()
                        });
                        let evaluation = judge(&request, &policies, Expect::Allow);
                        self.record(
                            sink,
                            ProofKind::NeverBlocks,
                            &at,
                            account,
                            &who,
                            &request,
                            &format!("{} {}", if call.write { "writes with" } else { "reads with" }, call.api()),
                            &evaluation,
                            Expect::Allow,
                            &Named {
                                scps: Some(in_force),
                                rcps: Some(in_force),
                            },
                            &format!(
                                "exempt `{deployment_role}` (`aws:PrincipalArn`) from the statement that denies it, or keep `FullAWSAccess` attached at that level"
                            ),
                        );
                    }
                }
            }
        }
    }

    /// CloudTrail and Config deliver `account`'s logs to the log bucket (the bucket's policy and
    /// the LOG account's RCPs decide).
    fn delivery(
        &self,
        account: &Account,
        id: AccountId,
        sink: &mut dyn FnMut(Evidence, Option<ProofFailure>),
    ) {
        let (Some((owner, bucket, policy)), Some(desired)) =
            (&self.bucket, self.account_baseline(account))
        else {
            return;
        };
        let Some(log) = self.log else {
            return;
        };
        let log_in_force = self.guardrails.in_force(log);
        let at = format!("account[{}]", account.name);
        let mut deliveries: Vec<Delivery<'_>> = Vec::new();
        if let Some(trail) = &desired.trail {
            let source = ("aws:SourceArn", trail.arn.to_string());
            deliveries.push((
                "cloudtrail.amazonaws.com",
                "s3:GetBucketAcl",
                bucket.to_string(),
                Some(source.clone()),
            ));
            deliveries.push((
                "cloudtrail.amazonaws.com",
                "s3:PutObject",
                format!(
                    "{bucket}/AWSLogs/{id}/CloudTrail/{}/log.json.gz",
                    self.region
                ),
                Some(source),
            ));
        }
        if desired.config.is_some() {
            let source = ("aws:SourceAccount", id.to_string());
            deliveries.push((
                "config.amazonaws.com",
                "s3:GetBucketAcl",
                bucket.to_string(),
                Some(source.clone()),
            ));
            deliveries.push((
                "config.amazonaws.com",
                "s3:ListBucket",
                bucket.to_string(),
                Some(source.clone()),
            ));
            deliveries.push((
                "config.amazonaws.com",
                "s3:PutObject",
                format!(
                    "{bucket}/AWSLogs/{id}/Config/{}/snapshot.json.gz",
                    self.region
                ),
                Some(source),
            ));
        }
        for (service, action, resource, source) in deliveries {
            let mut request = self.request(
                RequestPrincipal::Service(service.to_owned()),
                action,
                &resource,
                *owner,
            );
            request
                .context
                .insert("aws:SourceAccount", ContextValue::Single(id.to_string()));
            if let Some((key, value)) = source {
                request.context.insert(key, ContextValue::Single(value));
            }
            if action == "s3:PutObject" {
                request.context.insert(
                    "s3:x-amz-acl",
                    ContextValue::Single("bucket-owner-full-control".to_owned()),
                );
            }
            if let Some(organization) = &self.layout.organization.id {
                request.context.insert(
                    "aws:SourceOrgID",
                    ContextValue::Single(organization.clone()),
                );
            }
            let policies = PolicySet {
                resource: Some(policy),
                rcps: log_in_force.rcp_documents(),
                ..PolicySet::default()
            };
            let evaluation = judge(&request, &policies, Expect::Allow);
            self.record(
                sink,
                ProofKind::NeverBlocks,
                &at,
                account,
                service,
                &request,
                &format!("delivers {}'s logs to the log bucket", account.name),
                &evaluation,
                Expect::Allow,
                &Named {
                    scps: None,
                    rcps: Some(&log_in_force),
                },
                "exempt AWS services (`aws:PrincipalIsAWSService`) in the RCP of the log bucket",
            );
        }
    }

    fn root_mfa(
        &self,
        account: &Account,
        id: AccountId,
        in_force: &InForce<'_>,
        sink: &mut dyn FnMut(Evidence, Option<ProofFailure>),
    ) {
        if !account.baseline.has(BaselineItem::RootMfa) {
            return;
        }
        let root = id.root_arn(self.partition);
        let device = format!(
            "arn:{}:iam::{id}:mfa/root-account-mfa-device",
            self.partition.as_str()
        );
        let at = format!("account[{}]", account.name);
        for (action, resource) in [
            ("iam:CreateVirtualMFADevice", device.clone()),
            ("iam:EnableMFADevice", root.to_string()),
            ("iam:ListMFADevices", root.to_string()),
        ] {
            let request = self.request(
                RequestPrincipal::RootUser { arn: root.clone() },
                action,
                &resource,
                id,
            );
            let policies = in_force.policy_set(PolicySet::default());
            let evaluation = judge(&request, &policies, Expect::Allow);
            self.record(
                sink,
                ProofKind::NeverBlocks,
                &at,
                account,
                "root user",
                &request,
                "enables root MFA, as the baseline asks",
                &evaluation,
                Expect::Allow,
                &Named {
                    scps: Some(in_force),
                    rcps: Some(in_force),
                },
                "leave the root user's MFA actions out of the statement that denies them",
            );
        }
    }

    /// Every grant naming `account`: a JUMP user of the group assumes the role there.
    fn grants(
        &self,
        account: &Account,
        id: AccountId,
        in_force: &InForce<'_>,
        sink: &mut dyn FnMut(Evidence, Option<ProofFailure>),
    ) {
        let Some((jump, jump_id)) = self.jump else {
            return;
        };
        let jump_in_force = self.guardrails.in_force(jump);
        for grant in self
            .grants_by_account
            .get(account.name.as_str())
            .map_or(&[][..], Vec::as_slice)
        {
            let (Some(role), Some((group, member))) = (
                self.roles.get(grant.role.as_str()).copied(),
                self.groups.get(grant.group.as_str()).copied(),
            ) else {
                continue;
            };
            let Some(Some(trust)) = self.trust.get(role.name.as_str()) else {
                continue;
            };
            let user_arn = match member {
                Some(user) => self.arn(jump_id, "user", &user.path, &user.name),
                None => self.arn(jump_id, "user", "/", &format!("{}-member", group.name)),
            };
            let who = match member {
                Some(user) => format!("user {} ({})", user.name, group.name),
                None => format!("a user of {}", group.name),
            };
            let Ok(user) = user_arn.parse::<Arn>() else {
                continue;
            };
            let role_arn = role_arn(self.layout, role, id);
            let mut request = self.request(
                RequestPrincipal::User { arn: user },
                "sts:AssumeRole",
                role_arn.as_str(),
                id,
            );
            request.principal_account = Some(jump_id);
            request.context.insert(
                "aws:MultiFactorAuthPresent",
                ContextValue::Single("true".to_owned()),
            );
            request.context.insert(
                "aws:MultiFactorAuthAge",
                ContextValue::Single("60".to_owned()),
            );
            // As if the group's own policies allowed it: whether they do is not the guardrails'
            // doing (the layout's other checks look at them).
            let policies = PolicySet {
                identity: vec![&self.allow_all],
                resource: Some(trust),
                scps: jump_in_force.scp_documents(),
                rcps: in_force.rcp_documents(),
                ..PolicySet::default()
            };
            let evaluation = judge(&request, &policies, Expect::Allow);
            self.record(
                sink,
                ProofKind::Grants,
                &format!("grant[{}→{}]", grant.group, grant.role),
                account,
                &who,
                &request,
                &format!("switches to {} in {}", role.name, account.name),
                &evaluation,
                Expect::Allow,
                &Named {
                    scps: Some(&jump_in_force),
                    rcps: Some(in_force),
                },
                "let JUMP's users call `sts:AssumeRole` (SCPs of JUMP) and the role be assumed (RCPs of its account)",
            );
        }
    }

    fn guarded(
        &self,
        account: &Account,
        id: AccountId,
        in_force: &InForce<'_>,
        sink: &mut dyn FnMut(Evidence, Option<ProofFailure>),
    ) {
        let desired = self.account_baseline(account);
        let in_jump = self.jump.is_some_and(|(jump, _)| jump.name == account.name);
        let partition = self.partition.as_str();
        let mut principals: Vec<(String, String, RequestPrincipal, Option<Arn>)> = Vec::new();
        let facts = self.facts.get(account.name.as_str());
        for role in facts.map_or(&[][..], |facts| facts.roles.as_slice()) {
            let (session, arn) = self.role_session(role, id);
            principals.push((
                format!("account[{}].role[{}]", account.name, role.name),
                format!("role {}", role.name),
                session,
                Some(arn),
            ));
        }
        principals.push((
            format!("account[{}].root", account.name),
            "root user".to_owned(),
            RequestPrincipal::RootUser {
                arn: id.root_arn(self.partition),
            },
            None,
        ));
        let managed_roles: Vec<String> = facts
            .map(|facts| {
                facts
                    .roles
                    .iter()
                    .map(|role| role_arn(self.layout, role, id).to_string())
                    .collect()
            })
            .unwrap_or_default();
        for guarded in GUARDED_ACTIONS {
            let resources: Vec<String> = match guarded.guards {
                Guarded::Organization => vec!["*".to_owned()],
                // In JUMP, or while JUMP has no id (the guardrail waits for it).
                Guarded::IamUsers if in_jump || self.jump.is_none() => Vec::new(),
                Guarded::IamUsers => vec![format!("arn:{partition}:iam::{id}:user/someone")],
                Guarded::Trail => desired
                    .and_then(|desired| desired.trail.as_ref())
                    .map(|trail| vec![trail.arn.to_string()])
                    .unwrap_or_default(),
                Guarded::Config => desired
                    .and_then(|desired| desired.config.as_ref())
                    .map(|_| vec!["*".to_owned()])
                    .unwrap_or_default(),
                Guarded::ConfigServiceLinkedRole => desired
                    .and_then(|desired| desired.config.as_ref())
                    .map(|config| vec![config.role_arn.to_string()])
                    .unwrap_or_default(),
                Guarded::Detector => desired
                    .and_then(|desired| desired.guardduty.as_ref())
                    .map(|_| {
                        vec![format!(
                            "arn:{partition}:guardduty:{}:{id}:detector/*",
                            self.region
                        )]
                    })
                    .unwrap_or_default(),
                Guarded::LogBucket => match &self.bucket {
                    Some((owner, arn, _)) if *owner == id => vec![arn.to_string()],
                    _ => Vec::new(),
                },
                Guarded::Logs => match &self.bucket {
                    Some((owner, arn, _)) if *owner == id => {
                        vec![format!("{arn}/AWSLogs/{id}/CloudTrail/log.json.gz")]
                    }
                    _ => Vec::new(),
                },
                Guarded::ManagedRole => managed_roles.clone(),
                Guarded::DeploymentRole => self
                    .guardrails
                    .deployment_roles
                    .iter()
                    .map(|role| {
                        Arn::iam_role(self.partition, id, role.trim_start_matches('/')).to_string()
                    })
                    .collect(),
                Guarded::RootAccessKeys => vec![id.root_arn(self.partition).to_string()],
            };
            for resource in resources {
                for (location, who, principal, role) in &principals {
                    let is_root = role.is_none();
                    if guarded.guards == Guarded::RootAccessKeys && !is_root {
                        continue;
                    }
                    let mut request =
                        self.request(principal.clone(), guarded.action, &resource, id);
                    request.principal_role_arn = role.clone();
                    if guarded.guards == Guarded::ManagedRole {
                        request.context.insert(
                            format!("aws:ResourceTag/{}", managed::TAG_KEY),
                            ContextValue::Single(managed::TAG_VALUE.to_owned()),
                        );
                    }
                    let identity = if is_root {
                        Vec::new()
                    } else {
                        vec![&self.allow_all]
                    };
                    let policies = in_force.policy_set(PolicySet {
                        identity,
                        ..PolicySet::default()
                    });
                    let evaluation = judge(&request, &policies, Expect::DeniedByGuardrail);
                    self.record(
                        sink,
                        ProofKind::Guarded,
                        location,
                        account,
                        who,
                        &request,
                        &format!("would tamper with {}", guarded.guards.describe()),
                        &evaluation,
                        Expect::DeniedByGuardrail,
                        &Named {
                            scps: Some(in_force),
                            rcps: Some(in_force),
                        },
                        "keep the seed guardrail that denies it, or add a policy of your own that does (the deployment roles exempt)",
                    );
                }
            }
        }
        // Outsiders and requests without TLS stay out of the log bucket (the RCP).
        if let Some((owner, arn, policy)) = &self.bucket
            && *owner == id
            && self.guardrails.uses(OrganizationPolicyKind::Rcp)
        {
            let object = format!("{arn}/AWSLogs/{id}/CloudTrail/log.json.gz");
            let mut cases: Vec<(&str, Request)> = Vec::new();
            if let Some(outsider) = self.outsider() {
                let principal = RequestPrincipal::Role {
                    arn: Arn::iam_role(self.partition, outsider, "outsider"),
                };
                for (action, resource) in [
                    ("s3:GetObject", object.as_str()),
                    ("s3:PutBucketPolicy", arn.as_str()),
                ] {
                    let mut request = Request::new(principal.clone(), action, resource);
                    request.resource_account = Some(id);
                    request.management_account = self.management_id;
                    for (key, value) in [
                        ("aws:RequestedRegion", self.region),
                        ("aws:SecureTransport", "true"),
                        ("aws:PrincipalOrgID", "o-0utside0rg"),
                    ] {
                        request
                            .context
                            .insert(key, ContextValue::Single(value.to_owned()));
                    }
                    cases.push(("a role of an account outside the organization", request));
                }
            }
            if let Some(role) = self.guardrails.deployment_roles.first() {
                let (session, role_arn) = self.deployment_session(role, id);
                let mut request = self.request(session, "s3:GetObject", &object, id);
                request.principal_role_arn = Some(role_arn);
                request.context.insert(
                    "aws:SecureTransport",
                    ContextValue::Single("false".to_owned()),
                );
                cases.push(("the deployment role, without TLS", request));
            }
            for (who, request) in cases {
                let policies = PolicySet {
                    identity: vec![&self.allow_all],
                    resource: Some(policy),
                    scps: if request.principal.account() == Some(id) {
                        in_force.scp_documents()
                    } else {
                        Vec::new()
                    },
                    rcps: in_force.rcp_documents(),
                    ..PolicySet::default()
                };
                let evaluation = judge(&request, &policies, Expect::DeniedByGuardrail);
                self.record(
                    sink,
                    ProofKind::Guarded,
                    &format!("account[{}]", account.name),
                    account,
                    who,
                    &request,
                    "would reach the log bucket from outside its perimeter",
                    &evaluation,
                    Expect::DeniedByGuardrail,
                    &Named {
                        scps: Some(in_force),
                        rcps: Some(in_force),
                    },
                    "keep `log-bucket-perimeter`, or an RCP of your own that denies it",
                );
            }
        }
    }

    /// An account id outside the layout, for requests from outside the organization.
    fn outsider(&self) -> Option<AccountId> {
        (0..1_000_u32)
            .filter_map(|n| {
                AccountId::new(&format!("{:012}", 999_999_999_999_u64 - u64::from(n))).ok()
            })
            .find(|candidate| {
                !self
                    .layout
                    .accounts
                    .iter()
                    .any(|account| account.id == Some(*candidate))
            })
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        sink: &mut dyn FnMut(Evidence, Option<ProofFailure>),
        proof: ProofKind,
        location: &str,
        account: &Account,
        who: &str,
        request: &Request,
        purpose: &str,
        evaluation: &Evaluation,
        expect: Expect,
        named: &Named<'_, '_>,
        help: &str,
    ) {
        let explanation = &evaluation.explanation;
        let deciding_ref = explanation.deciding.iter().find(|statement| {
            matches!(
                statement.policy.policy_type,
                PolicyType::Scp | PolicyType::Rcp
            )
        });
        let holds = match expect {
            Expect::Allow => evaluation.decision == Decision::Allow,
            Expect::DeniedByGuardrail => {
                evaluation.decision == Decision::ExplicitDeny && deciding_ref.is_some()
            }
        };
        let deciding = match evaluation.decision {
            Decision::ExplicitDeny => explanation
                .deciding
                .first()
                .map(|statement| named.statement(statement)),
            Decision::Allow => {
                // Every SCP level allows (by the policies named); no guardrail denies.
                let mut allowing: Vec<String> = Vec::new();
                for statement in &explanation.deciding {
                    if statement.policy.policy_type == PolicyType::Scp
                        && let Some(name) = named.policy_name(statement)
                        && !allowing.contains(&name)
                    {
                        allowing.push(name);
                    }
                }
                Some(if allowing.is_empty() {
                    "no guardrail denies it".to_owned()
                } else {
                    format!(
                        "no guardrail denies it; every SCP level allows it ({})",
                        allowing.join(", ")
                    )
                })
            }
            Decision::ImplicitDeny => explanation
                .reason
                .as_ref()
                .map(|reason| named.reason(reason)),
        };
        let near_miss = if holds {
            None
        } else {
            explanation
                .near_misses
                .iter()
                .find(|near| {
                    // A statement for another action says nothing about this request.
                    matches!(
                        near.statement.policy.policy_type,
                        PolicyType::Scp | PolicyType::Rcp
                    ) && !matches!(near.failed, Mismatch::Action)
                })
                .map(|near| {
                    let failed = match &near.failed {
                        Mismatch::Action => {
                            "its action element does not cover the action".to_owned()
                        }
                        Mismatch::Resource => {
                            "its resource element does not cover the resource".to_owned()
                        }
                        Mismatch::Principal => {
                            "its principal element does not name the caller".to_owned()
                        }
                        Mismatch::Condition(keys) => format!(
                            "its condition does not hold: {}",
                            keys.iter()
                                .map(ToString::to_string)
                                .collect::<Vec<_>>()
                                .join("; ")
                        ),
                    };
                    format!(
                        "{} would apply, but {failed}",
                        named.statement(&near.statement)
                    )
                })
        };
        let evidence = Evidence {
            proof,
            account: account.name.clone(),
            principal: who.to_owned(),
            action: request.action.clone(),
            resource: request.resource.clone(),
            purpose: purpose.to_owned(),
            decision: evaluation.decision,
            holds,
            deciding: deciding.clone(),
            near_miss: near_miss.clone(),
        };
        let failure = (!holds).then(|| {
            let verdict = match (expect, evaluation.decision) {
                (Expect::Allow, Decision::ExplicitDeny) => format!(
                    "is denied by {}",
                    deciding
                        .clone()
                        .unwrap_or_else(|| "an explicit deny".to_owned())
                ),
                (Expect::Allow, _) => format!(
                    "is implicitly denied: {}",
                    deciding
                        .clone()
                        .unwrap_or_else(|| "no policy allows it".to_owned())
                ),
                (Expect::DeniedByGuardrail, Decision::Allow) => {
                    "is allowed: no guardrail denies it".to_owned()
                }
                (Expect::DeniedByGuardrail, _) => format!(
                    "is denied, but not by a guardrail ({})",
                    deciding
                        .clone()
                        .unwrap_or_else(|| "no policy allows it".to_owned())
                ),
            };
            let mut message = format!(
                "{who} in `{}` calling `{}` on `{}` ({purpose}) {verdict}",
                account.name, request.action, request.resource
            );
            if let Some(near) = &near_miss {
                message.push_str(&format!("; {near}"));
            }
            ProofFailure {
                location: location.to_owned(),
                action: request.action.clone(),
                resource: request.resource.clone(),
                message,
                help: help.to_owned(),
            }
        });
        sink(evidence, failure);
    }
}

fn serialize_decision<S: serde::Serializer>(
    decision: &Decision,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(decision.as_str())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allow,
    DeniedByGuardrail,
}

/// The accounts whose SCPs and RCPs a request was evaluated with, to name policies by guardrail.
struct Named<'n, 'g> {
    scps: Option<&'n InForce<'g>>,
    rcps: Option<&'n InForce<'g>>,
}

impl Named<'_, '_> {
    fn levels(&self, policy_type: PolicyType) -> Option<&[Level<'_>]> {
        match policy_type {
            PolicyType::Scp => self.scps.map(|in_force| in_force.scps.as_slice()),
            PolicyType::Rcp => self.rcps.map(|in_force| in_force.rcps.as_slice()),
            _ => None,
        }
    }

    /// The guardrail a statement belongs to, in backticks: `` `FullAWSAccess` ``.
    fn policy_name(&self, statement: &StatementRef) -> Option<String> {
        let policy = statement.policy;
        let level = self.levels(policy.policy_type)?.get(policy.level?)?;
        let guardrail = level.policies.get(policy.index)?;
        Some(format!("`{}`", guardrail.name))
    }

    /// ``protect-baseline (SCP on root) Statement[0] (Sid `ProtectTrail`)``, or the evaluator's
    /// name of the statement for other policy types.
    fn statement(&self, statement: &StatementRef) -> String {
        let policy = statement.policy;
        let named = self.levels(policy.policy_type).and_then(|levels| {
            let level = levels.get(policy.level?)?;
            let guardrail = level.policies.get(policy.index)?;
            Some(format!(
                "`{}` ({} on {})",
                guardrail.name, guardrail.kind, level.target
            ))
        });
        let mut text = match named {
            Some(named) => format!("{named} {}", statement.path),
            None => format!("{}, {}", policy, statement.path),
        };
        if let Some(sid) = &statement.sid {
            text.push_str(&format!(" (Sid `{sid}`)"));
        }
        text
    }

    fn reason(&self, reason: &DenyReason) -> String {
        match reason {
            DenyReason::NoAllow {
                policy_type,
                level: Some(level),
            } => {
                let target = self
                    .levels(*policy_type)
                    .and_then(|levels| levels.get(*level))
                    .map_or_else(
                        || format!("level {level}"),
                        |level| level.target.to_string(),
                    );
                format!("no {policy_type} on {target} allows it")
            }
            other => other.to_string(),
        }
    }
}
