//! The IAM policies a layout implies, as pure functions: role trust policies, the JUMP groups'
//! AssumeRole policies and the policy that denies everything but MFA self-management until a
//! user signs in with MFA.

use std::collections::{HashMap, HashSet};

use iam_policy::builder::{
    AssumeRolePolicy, IdentityPolicy, StatementBuilder, TrustPolicy, sid_from,
};
use iam_policy::{AccountId, Arn, BaseOperator, ConditionOperator, Partition, Policy};

use crate::{Error, Grant, Layout, Role};

/// The ARN of `role` in the account with id `account`.
pub fn role_arn(layout: &Layout, role: &Role, account: AccountId) -> Arn {
    let path = role.path.trim_matches('/');
    let name = if path.is_empty() {
        role.name.clone()
    } else {
        format!("{path}/{}", role.name)
    };
    Arn::iam_role(layout.organization.partition, account, &name)
}

/// The trust policy of `role`: the JUMP account may assume it, with MFA unless the role waives
/// it (and within `max_mfa_age` when set). `None` when the JUMP account has no id yet.
///
/// For every role of a layout, build [`LayoutPolicies`] once instead.
pub fn trust_policy(layout: &Layout, role: &Role) -> Result<Option<Policy>, Error> {
    LayoutPolicies::new(layout).trust_policy(role)
}

/// The AssumeRole policy of a JUMP group: `sts:AssumeRole` on exactly the role ARNs its grants
/// name (accounts without an id yet are left out). `None` when the group has no grant.
///
/// For every group of a layout, build [`LayoutPolicies`] once instead.
pub fn group_assume_role_policy(layout: &Layout, group: &str) -> Result<Option<Policy>, Error> {
    LayoutPolicies::new(layout).group_assume_role_policy(group)
}

/// The trust and AssumeRole policies of a layout, with the lookups they need (account ids,
/// roles and grants by name, the JUMP account) built once, so that rendering the policies of
/// every role and group takes time linear in the layout.
#[derive(Debug, Clone)]
pub struct LayoutPolicies<'a> {
    layout: &'a Layout,
    jump: Option<AccountId>,
    ids: HashMap<&'a str, AccountId>,
    roles: HashMap<&'a str, &'a Role>,
    grants_by_group: HashMap<&'a str, Vec<&'a Grant>>,
}

impl<'a> LayoutPolicies<'a> {
    /// The lookups of `layout` (linear in its size).
    pub fn new(layout: &'a Layout) -> Self {
        let ids: Vec<Option<AccountId>> =
            layout.accounts.iter().map(|account| account.id).collect();
        Self::with_account_ids(layout, &ids, layout.jump_account().and_then(|jump| jump.id))
    }

    /// The lookups of `layout` with the account ids given instead of the layout's: `ids[i]` is
    /// the id of `layout.accounts[i]` and `jump` the JUMP account's. [`crate::access`] renders
    /// the policies with placeholder ids for accounts that do not exist yet, so that their
    /// policies can be evaluated all the same.
    pub fn with_account_ids(
        layout: &'a Layout,
        ids: &[Option<AccountId>],
        jump: Option<AccountId>,
    ) -> Self {
        let mut by_name = HashMap::with_capacity(layout.accounts.len());
        for (account, id) in layout.accounts.iter().zip(ids) {
            if let Some(id) = id {
                by_name.entry(account.name.as_str()).or_insert(*id);
            }
        }
        let ids = by_name;
        let mut roles = HashMap::with_capacity(layout.roles.len());
        for role in &layout.roles {
            roles.entry(role.name.as_str()).or_insert(role);
        }
        let mut grants_by_group: HashMap<&str, Vec<&Grant>> = HashMap::new();
        for grant in &layout.grants {
            grants_by_group
                .entry(grant.group.as_str())
                .or_default()
                .push(grant);
        }
        Self {
            layout,
            jump,
            ids,
            roles,
            grants_by_group,
        }
    }

    /// [`trust_policy`] of `role`.
    pub fn trust_policy(&self, role: &Role) -> Result<Option<Policy>, Error> {
        let Some(jump) = self.jump else {
            return Ok(None);
        };
        let mut trust = TrustPolicy::for_account(jump, self.layout.organization.partition)
            .sid(sid_from(&format!("assume {} from jump", role.name)));
        trust = if role.trust.requires_mfa() {
            match role.trust.max_mfa_age {
                Some(seconds) => trust.max_mfa_age(seconds),
                None => trust.require_mfa(),
            }
        } else {
            trust.without_mfa()
        };
        Ok(Some(trust.build()?))
    }

    /// [`group_assume_role_policy`] of the group named `group`.
    pub fn group_assume_role_policy(&self, group: &str) -> Result<Option<Policy>, Error> {
        let mut roles: Vec<Arn> = Vec::new();
        let mut listed: HashSet<String> = HashSet::new();
        for grant in self.grants_by_group.get(group).into_iter().flatten() {
            let Some(role) = self.roles.get(grant.role.as_str()) else {
                continue;
            };
            for account in &grant.accounts {
                if let Some(&id) = self.ids.get(account.as_str()) {
                    let arn = role_arn(self.layout, role, id);
                    if listed.insert(arn.to_string()) {
                        roles.push(arn);
                    }
                }
            }
        }
        if roles.is_empty() {
            return Ok(None);
        }
        let policy = AssumeRolePolicy::new()
            .sid(sid_from(&format!("assume roles of {group}")))
            .roles(roles)
            .require_mfa()
            .build()?;
        Ok(Some(policy))
    }
}

/// Actions a user may take on their own IAM user without MFA: enough to set up an MFA device
/// and change a password (AWS's documented self-management pattern).
const MFA_SELF_SERVICE_ACTIONS: [&str; 9] = [
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "iam:ChangePassword",
    "iam:GetAccountPasswordPolicy",
    "sts:GetSessionToken",
];

/// The policy every JUMP user gets: manage their own MFA device and password; deny everything
/// else unless the request was signed in with MFA (`BoolIfExists aws:MultiFactorAuthPresent
/// false`, which also denies long-term access keys without MFA).
pub fn require_mfa_policy(layout: &Layout) -> Result<Option<Policy>, Error> {
    let Some(jump) = layout.jump_account().and_then(|jump| jump.id) else {
        return Ok(None);
    };
    require_mfa_policy_in(layout.organization.partition, jump).map(Some)
}

/// [`require_mfa_policy`] for the JUMP account with id `jump`.
pub fn require_mfa_policy_in(partition: Partition, jump: AccountId) -> Result<Policy, Error> {
    let partition = partition.as_str();
    let own_user = format!("arn:{partition}:iam::{jump}:user/${{aws:username}}");
    let own_mfa = format!("arn:{partition}:iam::{jump}:mfa/${{aws:username}}");
    let deny_without_mfa = ConditionOperator {
        qualifier: None,
        base: BaseOperator::Bool,
        if_exists: true,
    };
    let policy = IdentityPolicy::new()
        .statement(
            StatementBuilder::allow()
                .sid("AllowViewAccountInfo")
                .actions(["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"])
                .resource("*"),
        )
        .statement(
            StatementBuilder::allow()
                .sid("AllowManageOwnPasswordAndMfa")
                .actions([
                    "iam:ChangePassword",
                    "iam:GetUser",
                    "iam:CreateVirtualMFADevice",
                    "iam:EnableMFADevice",
                    "iam:ListMFADevices",
                    "iam:ResyncMFADevice",
                ])
                .resources([own_user, own_mfa]),
        )
        .statement(
            StatementBuilder::deny()
                .sid("DenyAllExceptListedIfNoMfa")
                .actions(MFA_SELF_SERVICE_ACTIONS)
                .not_action()
                .resource("*")
                .condition(deny_without_mfa, "aws:MultiFactorAuthPresent", ["false"]),
        )
        .build()?;
    Ok(policy)
}
