//! Service and resource control policies as plain values: what the layout wants
//! ([`DesiredGuardrails`], from [`org_model::guardrails::Guardrails`] with account ids filled
//! in) and what the organization has ([`LiveGuardrails`], as `jumpgate-aws` reads it).

use std::collections::BTreeSet;
use std::fmt;

use iam_policy::{AccountId, Policy};
use org_model::guardrails::{Guardrails, OrganizationPolicyKind, PolicyTarget};
use org_model::{CheckedLayout, Layout};
use serde::Serialize;

use crate::Error;
use crate::desired::with_ids;
use crate::state::{AccountRef, DesiredOrg};

/// Where a policy is attached, as a plan names it: the root, an OU by path, an account by name
/// and id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum GuardrailTarget {
    /// The organization's root.
    Root,
    /// An OU.
    Ou {
        /// Its path.
        path: String,
    },
    /// An account.
    Account {
        /// Its name and id.
        #[serde(flatten)]
        account: AccountRef,
    },
}

impl GuardrailTarget {
    /// The live target it is.
    pub fn live(&self) -> LiveTarget {
        match self {
            GuardrailTarget::Root => LiveTarget::Root,
            GuardrailTarget::Ou { path } => LiveTarget::Ou(path.clone()),
            GuardrailTarget::Account { account } => LiveTarget::Account(account.id),
        }
    }
}

impl fmt::Display for GuardrailTarget {
    /// `root`, `OU Workloads/Production`, `account PRD (123456789012)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuardrailTarget::Root => f.write_str("root"),
            GuardrailTarget::Ou { path } => write!(f, "OU {path}"),
            GuardrailTarget::Account { account } => {
                write!(f, "account {} ({})", account.name, account.id)
            }
        }
    }
}

/// A target as the organization lists it: the root, an OU by path, an account by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum LiveTarget {
    /// The root.
    Root,
    /// An OU, by path.
    Ou(String),
    /// An account.
    Account(AccountId),
}

/// A policy the layout wants, with its targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesiredPolicy {
    /// Its name.
    pub name: String,
    /// SCP or RCP.
    pub kind: OrganizationPolicyKind,
    /// Its description.
    pub description: String,
    /// The content apply sends ([`org_model::guardrails::content`]).
    pub content: String,
    /// The document, to compare with what exists by meaning.
    #[serde(skip)]
    pub document: Policy,
    /// Whether jumpgate creates and updates it (not `FullAWSAccess`, `RCPFullAWSAccess`).
    pub managed: bool,
    /// Where it is attached (accounts with an id).
    pub targets: Vec<GuardrailTarget>,
}

/// The SCPs and RCPs the layout wants.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DesiredGuardrails {
    /// The organization's id in the layout, when it has one (the seed RCP names it).
    pub organization_id: Option<String>,
    /// Every policy in force: the layout's, the seed set, the full-access ones where they stay.
    pub policies: Vec<DesiredPolicy>,
    /// The targets whose full-access SCP the layout replaces (detached with `--prune`).
    pub replaced: Vec<GuardrailTarget>,
}

impl DesiredGuardrails {
    /// Whether the layout has no guardrails (jumpgate then leaves organization policies alone).
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }

    /// Whether any policy of `kind` is wanted.
    pub fn uses(&self, kind: OrganizationPolicyKind) -> bool {
        self.policies.iter().any(|policy| policy.kind == kind)
    }
}

fn resolve(layout: &Layout, target: &PolicyTarget) -> Option<GuardrailTarget> {
    Some(match target {
        PolicyTarget::Root => GuardrailTarget::Root,
        PolicyTarget::Ou(path) => GuardrailTarget::Ou { path: path.clone() },
        PolicyTarget::Account(name) => {
            let account = layout.account_named(name)?;
            GuardrailTarget::Account {
                account: AccountRef {
                    name: account.name.clone(),
                    id: account.id?,
                },
            }
        }
    })
}

/// The guardrails of `layout`, with account ids filled in from `org` (an account still without
/// an id gets its attachments once it has one).
pub fn desired_guardrails(
    layout: &CheckedLayout,
    org: &DesiredOrg,
) -> Result<DesiredGuardrails, Error> {
    let layout = with_ids(layout, org)?;
    let guardrails = Guardrails::of(&layout)?;
    let targets = |targets: &[PolicyTarget]| -> Vec<GuardrailTarget> {
        targets
            .iter()
            .filter_map(|target| resolve(&layout, target))
            .collect()
    };
    Ok(DesiredGuardrails {
        organization_id: layout.organization.id.clone(),
        policies: guardrails
            .policies
            .iter()
            .map(|policy| DesiredPolicy {
                name: policy.name.clone(),
                kind: policy.kind,
                description: policy.description.clone(),
                content: policy.content.clone(),
                document: policy.document.clone(),
                managed: policy.is_managed(),
                targets: targets(&policy.targets),
            })
            .collect(),
        replaced: targets(
            &guardrails
                .full_aws_access_replaced
                .iter()
                .cloned()
                .collect::<Vec<_>>(),
        ),
    })
}

/// An SCP or RCP of the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LivePolicy {
    /// Its id (`p-...`, `p-FullAWSAccess`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// SCP or RCP.
    pub kind: OrganizationPolicyKind,
    /// Its description.
    pub description: String,
    /// Whether AWS manages it (`FullAWSAccess`, `RCPFullAWSAccess`).
    pub aws_managed: bool,
    /// Whether it carries the tag `managed-by = jumpgate`.
    pub managed: bool,
    /// Its content as Organizations returns it (read for the layout's names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Where it is attached.
    pub targets: BTreeSet<LiveTarget>,
}

/// The organization's SCPs and RCPs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LiveGuardrails {
    /// The organization's id.
    pub organization_id: Option<String>,
    /// The policy types enabled on the root.
    pub enabled: BTreeSet<OrganizationPolicyKind>,
    /// Every SCP and RCP (of the types the layout uses).
    pub policies: Vec<LivePolicy>,
    /// The member accounts: policies are attached only to those (an account of the layout that
    /// is not a member is the organization plan's conflict).
    pub members: BTreeSet<AccountId>,
}

impl LiveGuardrails {
    /// Whether a policy can be attached to `target` now: the root and OUs always (OUs the plan
    /// creates exist by then), accounts once they are members.
    pub fn reaches(&self, target: &GuardrailTarget) -> bool {
        match target {
            GuardrailTarget::Account { account } => self.members.contains(&account.id),
            GuardrailTarget::Root | GuardrailTarget::Ou { .. } => true,
        }
    }

    /// The policy of `kind` named `name`.
    pub fn policy(&self, kind: OrganizationPolicyKind, name: &str) -> Option<&LivePolicy> {
        self.policies
            .iter()
            .find(|policy| policy.kind == kind && policy.name == name)
    }
}
