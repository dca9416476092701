//! Plain values for what exists (live) and what should exist (desired) in Organizations and
//! IAM: no SDK types, so the planner is a pure function that tests run without AWS.

use std::collections::{BTreeMap, BTreeSet};

use iam_policy::{AccountId, Arn, Policy};
use serde::Serialize;

pub use org_model::PasswordPolicy;

/// The tag key jumpgate puts on every role, user and customer managed policy it creates
/// ([`org_model::managed::TAG_KEY`], which rendered descriptions use too).
pub const MANAGED_TAG_KEY: &str = org_model::managed::TAG_KEY;
/// The value of [`MANAGED_TAG_KEY`].
pub const MANAGED_TAG_VALUE: &str = org_model::managed::TAG_VALUE;
/// IAM groups cannot be tagged: jumpgate creates its groups under this IAM path (followed by the
/// layout's own group path), and treats exactly the groups under it as managed.
pub const MANAGED_GROUP_PATH: &str = org_model::managed::GROUP_PATH;
/// The IAM path of the customer managed policies jumpgate creates (they carry the
/// [`MANAGED_TAG_KEY`] tag too, which is what marks them as managed).
pub const MANAGED_POLICY_PATH: &str = org_model::managed::POLICY_PATH;
/// The name of the group inline policy that allows `sts:AssumeRole` on the granted roles.
pub const ASSUME_ROLES_POLICY: &str = org_model::managed::ASSUME_ROLES_POLICY;
/// The name of the group inline policy that denies everything but MFA self-service without MFA.
pub const REQUIRE_MFA_POLICY: &str = org_model::managed::REQUIRE_MFA_POLICY;
/// The inline policy that marks a group outside [`MANAGED_GROUP_PATH`] as jumpgate's (an
/// adopted group keeps its own path): [`org_model::managed::GROUP_MARK_POLICY`].
pub const GROUP_MARK_POLICY: &str = org_model::managed::GROUP_MARK_POLICY;

/// An IAM role, as deployed or as the layout wants it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleState {
    /// The role name.
    pub name: String,
    /// The IAM path.
    pub path: String,
    /// The trust policy.
    pub trust: Policy,
    /// The longest session, in seconds.
    pub max_session_duration: u32,
    /// ARNs of attached managed policies.
    pub attached: BTreeSet<Arn>,
    /// Inline policies by name.
    pub inline: BTreeMap<String, Policy>,
    /// Whether the role carries the `managed-by = jumpgate` tag.
    pub managed: bool,
}

/// An IAM group in JUMP.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupState {
    /// The group name.
    pub name: String,
    /// The IAM path (under [`MANAGED_GROUP_PATH`] for groups jumpgate made; an adopted group
    /// keeps its own).
    pub path: String,
    /// ARNs of attached managed policies.
    pub attached: BTreeSet<Arn>,
    /// Inline policies by name.
    pub inline: BTreeMap<String, Policy>,
}

impl GroupState {
    /// Whether jumpgate manages the group: its path is under [`MANAGED_GROUP_PATH`], or it
    /// holds the inline policy [`GROUP_MARK_POLICY`] (an adopted group).
    pub fn managed(&self) -> bool {
        self.path.starts_with(MANAGED_GROUP_PATH) || self.inline.contains_key(GROUP_MARK_POLICY)
    }
}

/// An IAM user in JUMP.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserState {
    /// The user name.
    pub name: String,
    /// The IAM path.
    pub path: String,
    /// The groups the user belongs to.
    pub groups: BTreeSet<String>,
    /// Whether the user carries the `managed-by = jumpgate` tag.
    pub managed: bool,
    /// Whether the user has a login profile (a console password): live, whether one exists;
    /// desired, whether the layout says `console = true`.
    pub login_profile: bool,
}

/// Something a customer managed policy is attached to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum PolicyEntity {
    /// A role, by name.
    Role(String),
    /// A group, by name.
    Group(String),
    /// A user, by name.
    User(String),
}

/// A customer managed policy in one account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManagedPolicyState {
    /// The policy name (unique in the account, whatever the path).
    pub name: String,
    /// The IAM path.
    pub path: String,
    /// The ARN.
    pub arn: Arn,
    /// The document of the default version.
    pub document: Policy,
    /// Whether the policy carries the `managed-by = jumpgate` tag.
    pub managed: bool,
    /// The ids of the versions that are not the default, oldest first (live state only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub old_versions: Vec<String>,
    /// The roles, groups and users it is attached to (live state only).
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub attached_to: BTreeSet<PolicyEntity>,
}

/// The IAM part of one account.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AccountIam {
    /// Roles by name.
    pub roles: BTreeMap<String, RoleState>,
    /// Groups by name (JUMP only).
    pub groups: BTreeMap<String, GroupState>,
    /// Users by name (JUMP only).
    pub users: BTreeMap<String, UserState>,
    /// Customer managed policies by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub policies: BTreeMap<String, ManagedPolicyState>,
    /// The account password policy: live, `None` when the account has none; desired, the
    /// layout's (`[jump.password_policy]`) in every account with an id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<PasswordPolicy>,
}

/// An account as the planner addresses it: layout name and id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct AccountRef {
    /// The account's name in the layout.
    pub name: String,
    /// The 12-digit id.
    pub id: AccountId,
}

/// The IAM state of every account jumpgate deploys to, by account.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IamState {
    /// Per account.
    pub accounts: BTreeMap<AccountRef, AccountIam>,
}

/// An account of the organization as AWS lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveAccount {
    /// The 12-digit id.
    pub id: AccountId,
    /// The account name in Organizations.
    pub name: String,
    /// The root email.
    pub email: String,
    /// The OU path of its parent; empty for the root.
    pub ou: String,
}

/// The organization as it exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OrgState {
    /// Whether the caller's account belongs to an organization.
    pub exists: bool,
    /// The management account's id, when there is an organization.
    pub management_account: Option<AccountId>,
    /// The OU paths that exist.
    pub ous: BTreeSet<String>,
    /// Member accounts (the management account included).
    pub accounts: Vec<LiveAccount>,
}

/// An account the layout wants in the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DesiredAccount {
    /// The name in the layout.
    pub name: String,
    /// The id, when the layout (or the live organization, by email) knows it.
    pub id: Option<AccountId>,
    /// The root email.
    pub email: String,
    /// The OU path; empty for the root.
    pub ou: String,
}

/// What the organization should look like.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DesiredOrg {
    /// The management account's name.
    pub management: String,
    /// The OU paths, parents before children.
    pub ous: Vec<String>,
    /// The accounts.
    pub accounts: Vec<DesiredAccount>,
}
