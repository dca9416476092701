//! The guardrail parts of a layout: `[guardrails]` ([`GuardrailSettings`]) and
//! `[[organization_policy]]` ([`OrganizationPolicy`]); what they mean is
//! [`crate::guardrails`]'s.

use iam_policy::Policy;
use iam_policy::size::quotas;
use iam_policy::validate::PolicyKind;
use serde::{Deserialize, Serialize};

/// The AWS managed SCP that allows everything, attached by Organizations to every root, OU and
/// account (id `p-FullAWSAccess`).
pub const FULL_AWS_ACCESS: &str = "FullAWSAccess";
/// The AWS managed RCP that allows everything, attached to every root, OU and account and never
/// detachable (id `p-RCPFullAWSAccess`).
pub const RCP_FULL_AWS_ACCESS: &str = "RCPFullAWSAccess";

/// The deployment role when a layout names none: the role AWS Organizations creates in every
/// account it creates, and the one `jumpgate apply` assumes by default (`--member-role`).
pub const DEFAULT_DEPLOYMENT_ROLE: &str = "OrganizationAccountAccessRole";

/// What kind of organization policy a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum OrganizationPolicyKind {
    /// A service control policy: the most a principal of the accounts below may do.
    Scp,
    /// A resource control policy: the most anyone may do to the resources of the accounts below.
    Rcp,
}

impl OrganizationPolicyKind {
    /// Both kinds, SCPs first.
    pub const ALL: [OrganizationPolicyKind; 2] =
        [OrganizationPolicyKind::Scp, OrganizationPolicyKind::Rcp];

    /// `scp` or `rcp`: the name in a layout and the directory of the rendered files.
    pub fn as_str(self) -> &'static str {
        match self {
            OrganizationPolicyKind::Scp => "scp",
            OrganizationPolicyKind::Rcp => "rcp",
        }
    }

    /// The policy type as the Organizations API names it: `SERVICE_CONTROL_POLICY` or
    /// `RESOURCE_CONTROL_POLICY`.
    pub fn policy_type(self) -> &'static str {
        match self {
            OrganizationPolicyKind::Scp => "SERVICE_CONTROL_POLICY",
            OrganizationPolicyKind::Rcp => "RESOURCE_CONTROL_POLICY",
        }
    }

    /// `SCP` or `RCP`, for messages.
    pub fn label(self) -> &'static str {
        match self {
            OrganizationPolicyKind::Scp => "SCP",
            OrganizationPolicyKind::Rcp => "RCP",
        }
    }

    /// The validator's kind for documents of this kind.
    pub fn validator_kind(self) -> PolicyKind {
        match self {
            OrganizationPolicyKind::Scp => PolicyKind::ServiceControl,
            OrganizationPolicyKind::Rcp => PolicyKind::ResourceControl,
        }
    }

    /// The largest document, in characters, whitespace counted: 10,240 for SCPs (since AWS
    /// doubled the SCP quotas on 15 May 2026), 5,120 for RCPs.
    pub fn size_quota(self) -> usize {
        match self {
            OrganizationPolicyKind::Scp => quotas::SERVICE_CONTROL_POLICY,
            OrganizationPolicyKind::Rcp => quotas::RESOURCE_CONTROL_POLICY,
        }
    }

    /// How many policies of this kind one root, OU or account may have attached directly, the
    /// AWS managed full-access policy counted: 10 SCPs, 5 RCPs.
    pub fn per_target_quota(self) -> usize {
        match self {
            OrganizationPolicyKind::Scp => quotas::SCPS_PER_TARGET,
            OrganizationPolicyKind::Rcp => quotas::RCPS_PER_TARGET,
        }
    }

    /// The AWS managed policy of this kind that allows everything and that Organizations
    /// attaches to every root, OU and account: `FullAWSAccess` or `RCPFullAWSAccess`.
    pub fn full_access_name(self) -> &'static str {
        match self {
            OrganizationPolicyKind::Scp => FULL_AWS_ACCESS,
            OrganizationPolicyKind::Rcp => RCP_FULL_AWS_ACCESS,
        }
    }
}

impl std::fmt::Display for OrganizationPolicyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Where an organization policy is attached: the root, OUs by path, accounts by name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyTargets {
    /// The organization's root (every account below it).
    #[serde(default, skip_serializing_if = "is_false")]
    pub root: bool,
    /// OUs by path (`Workloads/Production`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ous: Vec<String>,
    /// Accounts by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<String>,
}

impl PolicyTargets {
    /// Whether no target is named.
    pub fn is_empty(&self) -> bool {
        !self.root && self.ous.is_empty() && self.accounts.is_empty()
    }
}

/// A service or resource control policy of the layout: `[[organization_policy]]`.
///
/// ```
/// use org_model::guardrails::{OrganizationPolicy, OrganizationPolicyKind};
/// let policy = jumpgate_policy();
/// # fn jumpgate_policy() -> iam_policy::Policy {
/// #     iam_policy::Policy::from_json(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny",
/// #         "Action":"ec2:*","Resource":"*"}]}"#).unwrap()
/// # }
/// let scp = OrganizationPolicy::scp("no-ec2", policy)
///     .description("nobody runs instances here")
///     .on_ou("Workloads/Production");
/// assert_eq!(scp.kind, OrganizationPolicyKind::Scp);
/// assert_eq!(scp.targets.ous, ["Workloads/Production"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganizationPolicy {
    /// The policy's name in Organizations (unique; the rendered file's name).
    pub name: String,
    /// `scp` or `rcp`.
    pub kind: OrganizationPolicyKind,
    /// The policy's description in Organizations.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The document: a TOML table, or JSON text (validated as an SCP or RCP by the checks).
    #[serde(
        deserialize_with = "crate::de::policy",
        serialize_with = "crate::model::serialize_policy"
    )]
    #[cfg_attr(feature = "schema", schemars(schema_with = "crate::schema::policy"))]
    pub policy: Policy,
    /// For an SCP that allows only what it lists (an allow list): `FullAWSAccess` is detached
    /// from its targets (everything it does not allow is then denied below them).
    #[serde(default, skip_serializing_if = "is_false")]
    pub replaces_full_aws_access: bool,
    /// Where it is attached.
    pub targets: PolicyTargets,
}

impl OrganizationPolicy {
    fn new(name: impl Into<String>, kind: OrganizationPolicyKind, policy: Policy) -> Self {
        Self {
            name: name.into(),
            kind,
            description: String::new(),
            policy,
            replaces_full_aws_access: false,
            targets: PolicyTargets::default(),
        }
    }

    /// A service control policy, attached nowhere yet.
    pub fn scp(name: impl Into<String>, policy: Policy) -> Self {
        Self::new(name, OrganizationPolicyKind::Scp, policy)
    }

    /// A resource control policy, attached nowhere yet.
    pub fn rcp(name: impl Into<String>, policy: Policy) -> Self {
        Self::new(name, OrganizationPolicyKind::Rcp, policy)
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Attaches it to the root.
    pub fn on_root(mut self) -> Self {
        self.targets.root = true;
        self
    }

    /// Attaches it to an OU (by path).
    pub fn on_ou(mut self, path: impl Into<String>) -> Self {
        self.targets.ous.push(path.into());
        self
    }

    /// Attaches it to an account (by name).
    pub fn on_account(mut self, name: impl Into<String>) -> Self {
        self.targets.accounts.push(name.into());
        self
    }

    /// Makes it an allow list that replaces `FullAWSAccess` on its targets.
    pub fn replacing_full_aws_access(mut self) -> Self {
        self.replaces_full_aws_access = true;
        self
    }
}

/// A seed guardrail the layout goes without, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LeftOut {
    /// The seed guardrail's name.
    pub name: String,
    /// Why (required).
    pub reason: String,
}

fn default_deployment_roles() -> Vec<String> {
    vec![DEFAULT_DEPLOYMENT_ROLE.to_owned()]
}

/// `[guardrails]`: the seed guardrail set is in force when a layout has this table (every key
/// is optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GuardrailSettings {
    /// The roles jumpgate deploys with in member accounts (`NAME` or `PATH/NAME`), exempt from
    /// the guardrails that protect what jumpgate manages; `OrganizationAccountAccessRole` by
    /// default. `jumpgate apply --member-role` must be one of them.
    #[serde(default = "default_deployment_roles")]
    pub deployment_roles: Vec<String>,
    /// The only Regions member accounts may use (global services exempt); every Region when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_regions: Option<Vec<String>>,
    /// Seed guardrails the layout goes without, each with its reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leave_out: Vec<LeftOut>,
}

impl Default for GuardrailSettings {
    fn default() -> Self {
        Self {
            deployment_roles: default_deployment_roles(),
            allowed_regions: None,
            leave_out: Vec::new(),
        }
    }
}

impl GuardrailSettings {
    /// The seed guardrail set with the default deployment role, every Region allowed.
    pub fn new() -> Self {
        Self::default()
    }

    /// Names the deployment roles (replacing the default).
    pub fn deployment_roles<S: Into<String>>(mut self, roles: impl IntoIterator<Item = S>) -> Self {
        self.deployment_roles = roles.into_iter().map(Into::into).collect();
        self
    }

    /// Restricts member accounts to these Regions (global services exempt).
    pub fn allowed_regions<S: Into<String>>(
        mut self,
        regions: impl IntoIterator<Item = S>,
    ) -> Self {
        self.allowed_regions = Some(regions.into_iter().map(Into::into).collect());
        self
    }

    /// Leaves a seed guardrail out, with the reason.
    pub fn leave_out(mut self, name: impl Into<String>, reason: impl Into<String>) -> Self {
        self.leave_out.push(LeftOut {
            name: name.into(),
            reason: reason.into(),
        });
        self
    }

    /// Whether the seed guardrail `name` is left out.
    pub fn leaves_out(&self, name: &str) -> bool {
        self.leave_out.iter().any(|left| left.name == name)
    }
}
