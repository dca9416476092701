//! The IAM policies a layout implies, as pure functions: role trust policies, the JUMP groups'
//! AssumeRole policies and the policy that denies everything but MFA self-management until a
//! user signs in with MFA.
//!
//! **Who did it.** In CloudTrail, a switched role shows the role and its session name. Every
//! trust policy therefore requires the session name to be the IAM user's name
//! (`sts:RoleSessionName` like `${aws:username}`, which the IAM User Guide documents for this
//! purpose; the console uses the user name as the session name, and the rendered CLI profiles
//! set `role_session_name`), and allows, without requiring it, a source identity equal to the
//! user's name (`sts:SetSourceIdentity` with `sts:SourceIdentity` like `${aws:username}`, in
//! the trust and in the group's AssumeRole policy: the console cannot set one). Both actions
//! share one statement, so both conditions are `StringLikeIfExists`: a source identity need not
//! be given, and IAM does not evaluate `sts:RoleSessionName` for `sts:SetSourceIdentity`; for
//! `sts:AssumeRole` the session name is always present, so the condition always applies. A
//! caller without `aws:username` (a role session) never matches.

use std::collections::{HashMap, HashSet};

use iam_policy::builder::{
    AssumeRolePolicy, IdentityPolicy, StatementBuilder, TrustPolicy, sid_from,
};
use iam_policy::{
    AccountId, ActionElement, ActionPattern, Arn, BaseOperator, ConditionOperator, OneOrMany,
    Partition, Policy, Statement,
};

use crate::{Error, Grant, Layout, Role};

/// The IAM user's name as a policy variable: `${aws:username}`.
pub const USERNAME_VARIABLE: &str = "${aws:username}";
/// The condition key that names the role session: `sts:RoleSessionName`.
pub const ROLE_SESSION_NAME_KEY: &str = "sts:RoleSessionName";
/// The condition key of the source identity set when assuming a role: `sts:SourceIdentity`.
pub const SOURCE_IDENTITY_KEY: &str = "sts:SourceIdentity";

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
        let mut policy = trust.allow_set_source_identity().build()?;
        for statement in statements_mut(&mut policy) {
            add_condition(statement, string_like_if_exists(), ROLE_SESSION_NAME_KEY)?;
            add_condition(statement, string_like_if_exists(), SOURCE_IDENTITY_KEY)?;
        }
        Ok(Some(policy))
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
        let mut policy = AssumeRolePolicy::new()
            .sid(sid_from(&format!("assume roles of {group}")))
            .roles(roles)
            .require_mfa()
            .build()?;
        for statement in statements_mut(&mut policy) {
            statement.action = ActionElement::Action(OneOrMany::Many(vec![
                ActionPattern::new("sts:AssumeRole"),
                ActionPattern::new("sts:SetSourceIdentity"),
            ]));
            add_condition(statement, string_like_if_exists(), SOURCE_IDENTITY_KEY)?;
        }
        Ok(Some(policy))
    }
}

/// The statements of a policy built here, to add what the builders do not write.
fn statements_mut(policy: &mut Policy) -> &mut [Statement] {
    match &mut policy.statement {
        OneOrMany::One(statement) => std::slice::from_mut(statement),
        OneOrMany::Many(statements) => statements,
    }
}

/// `StringLikeIfExists`: the source identity is allowed, not required; and IAM does not evaluate
/// `sts:RoleSessionName` for `sts:SetSourceIdentity` (for `sts:AssumeRole` the key is always
/// present: `RoleSessionName` is a required parameter, so the condition always applies).
fn string_like_if_exists() -> ConditionOperator {
    ConditionOperator {
        qualifier: None,
        base: BaseOperator::StringLike,
        if_exists: true,
    }
}

/// Adds `operator key ${aws:username}` to the conditions of `statement`.
fn add_condition(
    statement: &mut Statement,
    operator: ConditionOperator,
    key: &str,
) -> Result<(), Error> {
    let condition = statement.condition.get_or_insert_with(Default::default);
    condition.insert(operator, key, OneOrMany::One(USERNAME_VARIABLE.into()))?;
    Ok(())
}

/// Actions a user may take without MFA: enough to change the initial password at first sign-in
/// and to set up a virtual MFA device (AWS's documented self-management policies deny all else,
/// and lack the password change, which a first sign-in needs).
pub const WITHOUT_MFA_ACTIONS: [&str; 11] = [
    "iam:ChangePassword",
    "iam:CreateVirtualMFADevice",
    "iam:DeleteVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetAccountPasswordPolicy",
    "iam:GetMFADevice",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
];

/// What a user may do to their own IAM user (after MFA, unless [`WITHOUT_MFA_ACTIONS`] lists
/// it): change the password, manage the MFA device and their own access keys.
const OWN_USER_ACTIONS: [&str; 12] = [
    "iam:ChangePassword",
    "iam:CreateAccessKey",
    "iam:DeleteAccessKey",
    "iam:EnableMFADevice",
    "iam:GetAccessKeyLastUsed",
    "iam:GetLoginProfile",
    "iam:GetMFADevice",
    "iam:GetUser",
    "iam:ListAccessKeys",
    "iam:ListMFADevices",
    "iam:ResyncMFADevice",
    "iam:UpdateAccessKey",
];

/// The name of the virtual MFA device of a JUMP user: the user's name, which the first-sign-in
/// steps tell the user to type as the console's device name, so that the rendered `mfa_serial`
/// (`arn:PARTITION:iam::JUMP:mfa/NAME`) is the device the user ends up with.
pub fn mfa_device_name(user: &str) -> &str {
    user
}

/// The ARN of the virtual MFA device of `user` in the JUMP account `jump`: the `mfa_serial`
/// of the rendered profiles.
pub fn mfa_serial(layout: &Layout, jump: AccountId, user: &str) -> String {
    format!(
        "arn:{}:iam::{jump}:mfa/{}",
        layout.organization.partition.as_str(),
        mfa_device_name(user)
    )
}

/// The policy every JUMP user gets (inline in each group): view the password policy, change
/// the password and set up a virtual MFA device named after the user; after signing in with
/// MFA, manage the MFA device and the user's own access keys; deny everything else unless the
/// request was signed in with MFA (`BoolIfExists aws:MultiFactorAuthPresent false`, which also
/// denies long-term access keys without MFA).
///
/// It follows AWS's documented examples ("AWS: Allows MFA-authenticated IAM users to manage
/// their own credentials on the Security credentials page", "IAM: Allows IAM users to
/// self-manage an MFA device"), with these differences:
///
/// * a virtual MFA device can be created (and deleted while unassigned) only as
///   `mfa/${aws:username}`, not `mfa/*`: the rendered profiles' `mfa_serial` names that device,
///   and the first-sign-in steps say to type the user name as the device name (a device
///   abandoned half-way through enrollment can be deleted and enrolled again);
/// * `iam:ChangePassword` and `iam:GetAccountPasswordPolicy` are allowed without MFA, so that
///   the initial password can be changed at first sign-in, before any MFA device exists;
/// * `iam:UpdateLoginProfile` is left out: `iam:ChangePassword` asks for the old password;
/// * access keys are self-service after MFA (`CreateAccessKey`, `UpdateAccessKey`,
///   `DeleteAccessKey` on the user's own user); the audit reports more than one active key;
/// * deactivating an MFA device needs MFA (as in the second example);
/// * the user's own ARN is written for the root path and for any path
///   (`user/${aws:username}`, `user/*/${aws:username}`), so that users with an IAM path can
///   manage themselves too.
pub fn require_mfa_policy(layout: &Layout) -> Result<Option<Policy>, Error> {
    let Some(jump_id) = layout.jump_account().and_then(|jump| jump.id) else {
        return Ok(None);
    };
    require_mfa_policy_in(layout.organization.partition, jump_id).map(Some)
}

/// [`require_mfa_policy`] for the JUMP account with id `jump`.
pub fn require_mfa_policy_in(partition: Partition, jump: AccountId) -> Result<Policy, Error> {
    let partition = partition.as_str();
    // The user's own ARN at the root path and at any path (`*` spans `/`; the last segment of a
    // user's ARN is the user's name, so only the caller's own user matches either).
    let own_users = [
        format!("arn:{partition}:iam::{jump}:user/{USERNAME_VARIABLE}"),
        format!("arn:{partition}:iam::{jump}:user/*/{USERNAME_VARIABLE}"),
    ];
    let own_mfa = format!("arn:{partition}:iam::{jump}:mfa/{USERNAME_VARIABLE}");
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
                .sid("AllowManageOwnUserCredentials")
                .actions(OWN_USER_ACTIONS)
                .resources(own_users.iter().map(String::as_str)),
        )
        .statement(
            StatementBuilder::allow()
                .sid("AllowOwnVirtualMfaDevice")
                .actions(["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"])
                .resource(own_mfa.as_str()),
        )
        .statement(
            StatementBuilder::allow()
                .sid("AllowDeactivateOwnMfaOnlyWithMfa")
                .action("iam:DeactivateMFADevice")
                .resources(own_users.iter().map(String::as_str))
                .condition(BaseOperator::Bool, "aws:MultiFactorAuthPresent", ["true"]),
        )
        .statement(
            StatementBuilder::deny()
                .sid("DenyAllExceptListedIfNoMfa")
                .actions(WITHOUT_MFA_ACTIONS)
                .not_action()
                .resource("*")
                .condition(deny_without_mfa, "aws:MultiFactorAuthPresent", ["false"]),
        )
        .build()?;
    Ok(policy)
}
