//! The IAM policies a layout implies, as pure functions: role trust policies, the JUMP groups'
//! AssumeRole policies and the policy that denies everything but MFA self-management until a
//! user signs in with MFA.

use iam_policy::builder::{
    AssumeRolePolicy, IdentityPolicy, StatementBuilder, TrustPolicy, sid_from,
};
use iam_policy::{AccountId, Arn, BaseOperator, ConditionOperator, Policy};

use crate::{Error, Layout, Role};

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
pub fn trust_policy(layout: &Layout, role: &Role) -> Result<Option<Policy>, Error> {
    let Some(jump) = layout.jump_account().and_then(|jump| jump.id) else {
        return Ok(None);
    };
    let mut trust = TrustPolicy::for_account(jump, layout.organization.partition)
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

/// The AssumeRole policy of a JUMP group: `sts:AssumeRole` on exactly the role ARNs its grants
/// name (accounts without an id yet are left out). `None` when the group has no grant.
pub fn group_assume_role_policy(layout: &Layout, group: &str) -> Result<Option<Policy>, Error> {
    let ids: std::collections::HashMap<&str, AccountId> = layout
        .accounts
        .iter()
        .filter_map(|account| account.id.map(|id| (account.name.as_str(), id)))
        .collect();
    let mut roles: Vec<Arn> = Vec::new();
    let mut listed: std::collections::HashSet<String> = std::collections::HashSet::new();
    for grant in layout.grants.iter().filter(|grant| grant.group == group) {
        let Some(role) = layout.role_named(&grant.role) else {
            continue;
        };
        for account in &grant.accounts {
            if let Some(&id) = ids.get(account.as_str()) {
                let arn = role_arn(layout, role, id);
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
    let partition = layout.organization.partition.as_str();
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
    Ok(Some(policy))
}
