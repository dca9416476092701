//! The guardrails of a layout as values: every policy in force with its targets, and what is
//! in force per account ([`InForce`]).

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use iam_policy::Policy;
use iam_policy::eval::{PolicyRef, PolicySet, PolicyType};
use iam_policy::size::{SizeRule, text_size};
use serde::Serialize;

use super::seed;
use crate::organization_policy::{
    DEFAULT_DEPLOYMENT_ROLE, GuardrailSettings, LeftOut, OrganizationPolicy,
    OrganizationPolicyKind, PolicyTargets,
};
use crate::{Account, Error, Layout};

/// The document of `FullAWSAccess`, as AWS publishes it.
pub fn full_aws_access() -> Result<Policy, Error> {
    let text =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    Ok(Policy::from_json(text).map_err(iam_policy::Error::from)?)
}

/// The document of `RCPFullAWSAccess`, as AWS publishes it.
pub fn rcp_full_aws_access() -> Result<Policy, Error> {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
    Ok(Policy::from_json(text).map_err(iam_policy::Error::from)?)
}

/// The text `jumpgate apply` sends as a policy's content: its compact JSON (as
/// `serde_json::to_string` writes it) and a newline. The size quota counts these characters,
/// the newline included; the rendered `organization-policies/<kind>/<name>.json` is exactly
/// this text.
pub fn content(policy: &Policy) -> Result<String, Error> {
    let mut text = serde_json::to_string(policy).map_err(|error| Error::Write {
        path: "organization policy content".to_owned(),
        source: error.into(),
    })?;
    text.push('\n');
    Ok(text)
}

/// Where an organization policy is attached.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", content = "name", rename_all = "snake_case")]
pub enum PolicyTarget {
    /// The organization's root.
    Root,
    /// An OU, by path.
    Ou(String),
    /// An account, by name.
    Account(String),
}

impl fmt::Display for PolicyTarget {
    /// `root`, `OU Workloads/Production`, `account DEV`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyTarget::Root => f.write_str("root"),
            PolicyTarget::Ou(path) => write!(f, "OU {path}"),
            PolicyTarget::Account(name) => write!(f, "account {name}"),
        }
    }
}

/// Where a policy in force comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// The seed guardrail set.
    Seed,
    /// The layout's `[[organization_policy]]`.
    Layout,
    /// AWS's own `FullAWSAccess` or `RCPFullAWSAccess`.
    AwsManaged,
}

/// A policy in force, with everything apply needs and the checks count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuardrailPolicy {
    /// The policy's name in Organizations.
    pub name: String,
    /// SCP or RCP.
    pub kind: OrganizationPolicyKind,
    /// The description.
    pub description: String,
    /// Where it comes from.
    pub origin: Origin,
    /// The document.
    pub document: Policy,
    /// The content apply sends ([`content`]).
    pub content: String,
    /// Where it is attached (each target once, in layout order).
    pub targets: Vec<PolicyTarget>,
}

impl GuardrailPolicy {
    /// The size AWS counts: characters of [`GuardrailPolicy::content`], whitespace included.
    pub fn size(&self) -> usize {
        text_size(&self.content, SizeRule::CountEverything)
    }

    /// The characters left below the quota of its kind (negative when over it).
    pub fn room(&self) -> isize {
        self.kind.size_quota() as isize - self.size() as isize
    }

    /// The rendered file: `organization-policies/<kind>/<name>.json`.
    pub fn file(&self) -> String {
        format!(
            "organization-policies/{}/{}.json",
            self.kind.as_str(),
            self.name
        )
    }

    /// Whether jumpgate creates and updates it (seed or layout policies; not AWS's own).
    pub fn is_managed(&self) -> bool {
        self.origin != Origin::AwsManaged
    }
}

/// A seed guardrail that is not in force yet, and why (the layout lacks an id it needs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unavailable {
    /// The seed guardrail.
    pub name: &'static str,
    /// What it waits for.
    pub reason: &'static str,
}

/// The guardrails of a layout: every organization policy in force with its targets, `FullAWSAccess`
/// and `RCPFullAWSAccess` included where they stay attached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guardrails {
    /// Whether the layout has the `[guardrails]` table (the seed set, the proofs of
    /// tamper-proofness).
    pub seed: bool,
    /// The deployment roles (`NAME` or `PATH/NAME`).
    pub deployment_roles: Vec<String>,
    /// Every policy in force: the layout's own, then the seed set, then AWS's full-access
    /// policies (when any policy of their kind is in play).
    pub policies: Vec<GuardrailPolicy>,
    /// Seed guardrails the layout leaves out, with the reasons.
    pub left_out: Vec<LeftOut>,
    /// Seed guardrails not in force yet.
    pub unavailable: Vec<Unavailable>,
    /// Targets where `FullAWSAccess` is replaced by an allow list of the layout.
    pub full_aws_access_replaced: BTreeSet<PolicyTarget>,
    /// The indexes in `policies` of the policies attached to each target, by kind, in order.
    #[serde(skip)]
    attached: HashMap<(OrganizationPolicyKind, PolicyTarget), Vec<usize>>,
}

impl Guardrails {
    /// The guardrails of `layout` (nothing when it has neither `[guardrails]` nor
    /// `[[organization_policy]]`).
    pub fn of(layout: &Layout) -> Result<Guardrails, Error> {
        let mut policies = Vec::new();
        for policy in &layout.organization_policies {
            policies.push(GuardrailPolicy {
                name: policy.name.clone(),
                kind: policy.kind,
                description: policy.description.clone(),
                origin: Origin::Layout,
                content: content(&policy.policy)?,
                document: policy.policy.clone(),
                targets: targets_of(&policy.targets),
            });
        }
        let mut unavailable = Vec::new();
        let mut left_out = Vec::new();
        if let Some(settings) = &layout.guardrails {
            for outcome in seed::seed_guardrails(layout, settings)? {
                match outcome {
                    seed::Outcome::Built(guardrail, document) => policies.push(GuardrailPolicy {
                        name: guardrail.name.to_owned(),
                        kind: guardrail.kind,
                        description: guardrail.description.to_owned(),
                        origin: Origin::Seed,
                        content: content(&document)?,
                        document,
                        targets: vec![PolicyTarget::Root],
                    }),
                    seed::Outcome::LeftOut(left) => left_out.push(left),
                    seed::Outcome::Unavailable(guardrail, reason) => {
                        unavailable.push(Unavailable {
                            name: guardrail.name,
                            reason,
                        });
                    }
                }
            }
        }
        let mut full_aws_access_replaced = BTreeSet::new();
        for policy in &layout.organization_policies {
            if policy.replaces_full_aws_access && policy.kind == OrganizationPolicyKind::Scp {
                full_aws_access_replaced.extend(targets_of(&policy.targets));
            }
        }
        let all_targets = every_target(layout);
        for kind in OrganizationPolicyKind::ALL {
            if !policies.iter().any(|policy| policy.kind == kind) {
                continue;
            }
            let (document, description, replaced) = match kind {
                OrganizationPolicyKind::Scp => (
                    full_aws_access()?,
                    "Allows access to every operation",
                    &full_aws_access_replaced,
                ),
                OrganizationPolicyKind::Rcp => (
                    rcp_full_aws_access()?,
                    "Allows access to every resource",
                    &BTreeSet::new(),
                ),
            };
            policies.push(GuardrailPolicy {
                name: kind.full_access_name().to_owned(),
                kind,
                description: description.to_owned(),
                origin: Origin::AwsManaged,
                content: content(&document)?,
                document,
                targets: all_targets
                    .iter()
                    .filter(|target| !replaced.contains(*target))
                    .cloned()
                    .collect(),
            });
        }
        let mut attached: HashMap<(OrganizationPolicyKind, PolicyTarget), Vec<usize>> =
            HashMap::new();
        for (index, policy) in policies.iter().enumerate() {
            for target in &policy.targets {
                attached
                    .entry((policy.kind, target.clone()))
                    .or_default()
                    .push(index);
            }
        }
        Ok(Guardrails {
            attached,
            seed: layout.guardrails.is_some(),
            deployment_roles: layout.guardrails.as_ref().map_or_else(
                || vec![DEFAULT_DEPLOYMENT_ROLE.to_owned()],
                |settings| settings.deployment_roles.clone(),
            ),
            policies,
            left_out,
            unavailable,
            full_aws_access_replaced,
        })
    }

    /// Whether any organization policy is in play.
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }

    /// The SCPs and RCPs for [`EffectiveAccess::with_environment`](crate::access::EffectiveAccess::with_environment):
    /// every policy in force at each of its targets (`FullAWSAccess` where it stays attached),
    /// so that `jumpgate can` decides under the guardrails and names the one that denies.
    pub fn environment(&self) -> crate::access::Environment {
        let mut environment = crate::access::Environment::default();
        for policy in &self.policies {
            let attachments = match policy.kind {
                OrganizationPolicyKind::Scp => &mut environment.scps,
                OrganizationPolicyKind::Rcp => &mut environment.rcps,
            };
            for target in &policy.targets {
                attachments.push(crate::access::Attachment {
                    target: match target {
                        PolicyTarget::Root => crate::access::Target::Root,
                        PolicyTarget::Ou(path) => crate::access::Target::Ou(path.clone()),
                        PolicyTarget::Account(name) => crate::access::Target::Account(name.clone()),
                    },
                    name: policy.name.clone(),
                    policy: policy.document.clone(),
                });
            }
        }
        environment
    }

    /// Whether any policy of `kind` is in play (then its policy type is enabled on the root).
    pub fn uses(&self, kind: OrganizationPolicyKind) -> bool {
        self.policies.iter().any(|policy| policy.kind == kind)
    }

    /// The policy named `name`.
    pub fn policy(&self, name: &str) -> Option<&GuardrailPolicy> {
        self.policies.iter().find(|policy| policy.name == name)
    }

    /// The policies of `kind` attached directly to `target`.
    pub fn attached<'g>(
        &'g self,
        kind: OrganizationPolicyKind,
        target: &PolicyTarget,
    ) -> impl Iterator<Item = &'g GuardrailPolicy> + 'g {
        let indexes = self
            .attached
            .get(&(kind, target.clone()))
            .map_or(&[][..], Vec::as_slice);
        indexes.iter().map(move |&index| &self.policies[index])
    }

    /// What is in force for `account`: per kind, the levels from the root through each OU of
    /// its path down to the account, each with the policies attached there directly.
    pub fn in_force<'g>(&'g self, account: &Account) -> InForce<'g> {
        let levels = account_levels(account);
        InForce {
            account: account.name.clone(),
            scps: self.levels(OrganizationPolicyKind::Scp, &levels),
            rcps: self.levels(OrganizationPolicyKind::Rcp, &levels),
        }
    }

    fn levels<'g>(
        &'g self,
        kind: OrganizationPolicyKind,
        targets: &[PolicyTarget],
    ) -> Vec<Level<'g>> {
        if !self.uses(kind) {
            return Vec::new();
        }
        targets
            .iter()
            .map(|target| Level {
                policies: self.attached(kind, target).collect(),
                target: target.clone(),
            })
            .collect()
    }
}

/// The targets a layout's policy names, each once, in order: root, OUs, accounts.
fn targets_of(targets: &PolicyTargets) -> Vec<PolicyTarget> {
    let mut out = Vec::new();
    if targets.root {
        out.push(PolicyTarget::Root);
    }
    out.extend(
        targets
            .ous
            .iter()
            .map(|path| PolicyTarget::Ou(path.clone())),
    );
    out.extend(
        targets
            .accounts
            .iter()
            .map(|name| PolicyTarget::Account(name.clone())),
    );
    let mut seen = BTreeSet::new();
    out.retain(|target| seen.insert(target.clone()));
    out
}

/// Every OU path of `path` from the top: `A`, `A/B`, `A/B/C`.
fn ou_prefixes(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut prefix = String::new();
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        if !prefix.is_empty() {
            prefix.push('/');
        }
        prefix.push_str(segment);
        out.push(prefix.clone());
    }
    out
}

/// The levels of `account`: the root, each OU of its path, the account.
fn account_levels(account: &Account) -> Vec<PolicyTarget> {
    let mut levels = vec![PolicyTarget::Root];
    levels.extend(ou_prefixes(&account.ou).into_iter().map(PolicyTarget::Ou));
    levels.push(PolicyTarget::Account(account.name.clone()));
    levels
}

/// The root, every OU (declared or used, with its ancestors), every account: in that order.
pub fn every_target(layout: &Layout) -> Vec<PolicyTarget> {
    let mut ous = BTreeSet::new();
    for path in layout
        .organizational_units
        .iter()
        .map(|ou| ou.path.as_str())
        .chain(layout.accounts.iter().map(|account| account.ou.as_str()))
    {
        ous.extend(ou_prefixes(path));
    }
    let mut targets = vec![PolicyTarget::Root];
    targets.extend(ous.into_iter().map(PolicyTarget::Ou));
    let mut names = BTreeSet::new();
    for account in &layout.accounts {
        if names.insert(account.name.as_str()) {
            targets.push(PolicyTarget::Account(account.name.clone()));
        }
    }
    targets
}

/// One level of an account's path: a target and the policies attached to it directly.
#[derive(Debug, Clone, PartialEq)]
pub struct Level<'g> {
    /// The root, an OU or the account.
    pub target: PolicyTarget,
    /// The policies attached there.
    pub policies: Vec<&'g GuardrailPolicy>,
}

/// The organization policies in force for one account, per level from the root down, in the
/// shape the evaluator takes ([`InForce::policy_set`]); empty when the layout has no policies
/// of a kind.
#[derive(Debug, Clone, PartialEq)]
pub struct InForce<'g> {
    /// The account's name.
    pub account: String,
    /// SCPs per level: root, each OU, the account.
    pub scps: Vec<Level<'g>>,
    /// RCPs per level: root, each OU, the account.
    pub rcps: Vec<Level<'g>>,
}

impl<'g> InForce<'g> {
    /// The SCP documents per level, as [`PolicySet::scps`] takes them.
    pub fn scp_documents(&self) -> Vec<Vec<&'g Policy>> {
        documents(&self.scps)
    }

    /// The RCP documents per level, as [`PolicySet::rcps`] takes them.
    pub fn rcp_documents(&self) -> Vec<Vec<&'g Policy>> {
        documents(&self.rcps)
    }

    /// `policies` with this account's SCPs and RCPs.
    pub fn policy_set<'p>(&self, mut policies: PolicySet<'p>) -> PolicySet<'p>
    where
        'g: 'p,
    {
        policies.scps = self.scp_documents();
        policies.rcps = self.rcp_documents();
        policies
    }

    /// The policy an evaluator's [`PolicyRef`] points at (an SCP or RCP of this account), to
    /// name the guardrail that decided.
    pub fn policy(&self, reference: &PolicyRef) -> Option<&'g GuardrailPolicy> {
        let levels = match reference.policy_type {
            PolicyType::Scp => &self.scps,
            PolicyType::Rcp => &self.rcps,
            _ => return None,
        };
        levels
            .get(reference.level?)?
            .policies
            .get(reference.index)
            .copied()
    }
}

fn documents<'g>(levels: &[Level<'g>]) -> Vec<Vec<&'g Policy>> {
    levels
        .iter()
        .map(|level| {
            level
                .policies
                .iter()
                .map(|policy| &policy.document)
                .collect()
        })
        .collect()
}

impl Layout {
    /// Puts the seed guardrail set in force, with these settings (`[guardrails]`).
    pub fn with_guardrails(mut self, settings: GuardrailSettings) -> Self {
        self.guardrails = Some(settings);
        self
    }

    /// Adds a service or resource control policy of the layout's own.
    pub fn organization_policy(mut self, policy: OrganizationPolicy) -> Self {
        self.organization_policies.push(policy);
        self
    }
}
