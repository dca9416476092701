//! The layout with what every renderer needs worked out once, and what no renderer will
//! produce.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use iam_policy::{AccountId, Partition};

use super::output::Out;
use super::text;
use crate::policies::LayoutPolicies;
use crate::{Account, Grant, Layout, Purpose, Role, User};

/// The JUMP account, with its id.
#[derive(Clone, Copy)]
pub(super) struct Jump<'a> {
    pub(super) account: &'a Account,
    pub(super) id: AccountId,
}

/// The layout with what every renderer needs worked out once.
pub(super) struct Context<'a> {
    pub(super) layout: &'a Layout,
    pub(super) partition: Partition,
    /// The JUMP account, when there is exactly one and it has an id.
    pub(super) jump: Option<Jump<'a>>,
    /// The default Region, when it is a Region name.
    pub(super) region: Option<&'a str>,
    /// JUMP users with usable names, sorted by name, each name once.
    pub(super) users: Vec<&'a User>,
    /// Lookups built once, so that rendering grows with the layout, not its square.
    /// Each account with its position in the layout.
    accounts_by_name: HashMap<&'a str, (usize, &'a Account)>,
    roles_by_name: HashMap<&'a str, &'a Role>,
    pub(super) group_names: HashSet<&'a str>,
    grants_by_group: HashMap<&'a str, Vec<&'a Grant>>,
    /// The trust and AssumeRole policies.
    pub(super) policies: LayoutPolicies<'a>,
}

impl<'a> Context<'a> {
    pub(super) fn new(layout: &'a Layout) -> Self {
        let jump = layout
            .jump_account()
            .and_then(|account| account.id.map(|id| Jump { account, id }));
        let region = Some(layout.organization.default_region.as_str())
            .filter(|r| text::is_region(r, layout.organization.partition));
        let jump_account = layout.jump_account();
        let mut users: Vec<&User> = layout
            .users
            .iter()
            .filter(|user| text::is_name(&user.name) && in_jump(jump_account, user))
            .collect();
        users.sort_by(|a, b| a.name.cmp(&b.name));
        users.dedup_by(|a, b| a.name == b.name);
        let mut accounts_by_name = HashMap::with_capacity(layout.accounts.len());
        for (position, account) in layout.accounts.iter().enumerate() {
            accounts_by_name
                .entry(account.name.as_str())
                .or_insert((position, account));
        }
        let mut roles_by_name = HashMap::with_capacity(layout.roles.len());
        for role in &layout.roles {
            roles_by_name.entry(role.name.as_str()).or_insert(role);
        }
        let group_names: HashSet<&str> = layout
            .groups
            .iter()
            .map(|group| group.name.as_str())
            .collect();
        let mut grants_by_group: HashMap<&str, Vec<&Grant>> = HashMap::new();
        for grant in &layout.grants {
            if group_names.contains(grant.group.as_str()) {
                grants_by_group
                    .entry(grant.group.as_str())
                    .or_default()
                    .push(grant);
            }
        }
        Self {
            layout,
            partition: layout.organization.partition,
            jump,
            region,
            users,
            accounts_by_name,
            roles_by_name,
            group_names,
            grants_by_group,
            policies: LayoutPolicies::new(layout),
        }
    }

    /// Records everything the layout names that no renderer will produce.
    pub(super) fn note_skipped(&self, out: &mut Out) {
        let layout = self.layout;
        let jumps = layout
            .accounts
            .iter()
            .filter(|account| account.purpose == Purpose::Jump)
            .count();
        let jump_side = "trust policies, jump/, switch-roles.md, aws-config/ and \
                         aws-extend-switch-roles/ are not rendered";
        match (jumps, self.jump) {
            (0, _) => out.skip("JUMP account", format!("the layout has none: {jump_side}")),
            (1, None) => out.skip("JUMP account", format!("it has no id yet: {jump_side}")),
            (1, Some(_)) => {}
            _ => out.skip(
                "JUMP account",
                format!("the layout has {jumps} accounts of purpose jump: {jump_side}"),
            ),
        }
        if self.region.is_none() {
            out.skip(
                format!(
                    "region {}",
                    text::one_line(&layout.organization.default_region)
                ),
                format!(
                    "not a Region name of partition `{}`: profiles are rendered without `region`",
                    self.partition.as_str()
                ),
            );
        }
        for account in &layout.accounts {
            if !text::is_name(&account.name) {
                out.skip(
                    format!("account {}", text::one_line(&account.name)),
                    NOT_A_NAME,
                );
            } else if account.id.is_none() {
                out.skip(
                    format!("account {}", account.name),
                    "no account id yet: its roles and profiles are not rendered",
                );
            }
            if let Some(alias) = &account.alias
                && !text::is_alias(alias)
            {
                out.skip(
                    format!(
                        "alias {} of account {}",
                        text::one_line(alias),
                        account.name
                    ),
                    "not a valid account alias: the account id is used instead",
                );
            }
        }
        for role in &layout.roles {
            if !text::is_name(&role.name) {
                out.skip(format!("role {}", text::one_line(&role.name)), NOT_A_NAME);
            }
        }
        for group in &layout.groups {
            if !text::is_name(&group.name) {
                out.skip(format!("group {}", text::one_line(&group.name)), NOT_A_NAME);
            }
        }
        let jump_account = layout.jump_account();
        let mut seen_users = BTreeSet::new();
        for user in &layout.users {
            let item = format!("user {}", text::one_line(&user.name));
            if !text::is_name(&user.name) {
                out.skip(item, NOT_A_NAME);
            } else if !in_jump(jump_account, user) {
                out.skip(
                    item,
                    "not in the JUMP account: people are IAM users only in JUMP",
                );
            } else if !seen_users.insert(user.name.as_str()) {
                out.skip(item, "defined more than once: rendered once");
            } else {
                for group in &user.groups {
                    if !self.group_names.contains(group.as_str()) {
                        out.skip(
                            format!(
                                "membership of user {} in group {}",
                                user.name,
                                text::one_line(group)
                            ),
                            "the group is not defined",
                        );
                    }
                }
            }
        }
        for grant in &layout.grants {
            let item = |what: &str| {
                format!(
                    "grant of role {} to group {}: {what}",
                    text::one_line(&grant.role),
                    text::one_line(&grant.group)
                )
            };
            if !self.group_names.contains(grant.group.as_str()) {
                out.skip(item("the whole grant"), "the group is not defined");
            }
            if !self.roles_by_name.contains_key(grant.role.as_str()) {
                out.skip(item("the whole grant"), "the role is not defined");
            }
            for account in &grant.accounts {
                if !self.accounts_by_name.contains_key(account.as_str()) {
                    out.skip(
                        item(&format!("account {}", text::one_line(account))),
                        "the account is not defined",
                    );
                }
            }
        }
    }

    /// The (account, role) pairs `user` may switch into, in environment order: by the account's
    /// purpose (PROTO, DEV, STG, UAT, PRD, as [`Purpose`] orders them), then its position in the
    /// layout, then by role name.
    pub(super) fn reachable(&self, user: &User) -> Vec<Reach<'a>> {
        let mut found: BTreeMap<(Purpose, usize, &str), Reach<'a>> = BTreeMap::new();
        let mut groups: Vec<&str> = user.groups.iter().map(String::as_str).collect();
        groups.sort_unstable();
        groups.dedup();
        let grants = groups
            .into_iter()
            .filter_map(|group| self.grants_by_group.get(group))
            .flatten();
        for grant in grants {
            let Some(role) = self.roles_by_name.get(grant.role.as_str()).copied() else {
                continue;
            };
            if !text::is_name(&role.name) {
                continue;
            }
            let duration = grant
                .session_duration
                .unwrap_or(DEFAULT_SESSION)
                .min(role.max_session_duration);
            for name in &grant.accounts {
                let Some((position, account)) = self.accounts_by_name.get(name.as_str()).copied()
                else {
                    continue;
                };
                let Some(id) = account.id.filter(|_| text::is_name(&account.name)) else {
                    continue;
                };
                found
                    .entry((account.purpose, position, role.name.as_str()))
                    .and_modify(|reach| reach.duration = reach.duration.max(duration))
                    .or_insert(Reach {
                        account,
                        id,
                        role,
                        duration,
                    });
            }
        }
        found.into_values().collect()
    }

    /// The ARN of an IAM entity (`role`, `user`, `group`) with an IAM path in account `id`.
    pub(super) fn iam_arn(&self, id: AccountId, entity: &str, path: &str, name: &str) -> String {
        crate::managed::iam_arn(self.partition, id.as_str(), entity, path, name)
    }

    /// The ARN of `user`'s virtual MFA device in JUMP (named after the user, as the MFA policy
    /// expects).
    pub(super) fn mfa_serial(&self, jump: Jump<'_>, user: &User) -> String {
        crate::policies::mfa_serial(self.layout, jump.id, &user.name)
    }
}

pub(super) const NOT_A_NAME: &str =
    "not usable in file and profile names (IAM name characters A-Z a-z 0-9 + = , . @ _ - only)";

/// The session length when a grant sets none.
const DEFAULT_SESSION: u32 = 3_600;

/// Whether `user` lives in `jump` (the layout's one JUMP account, if any).
fn in_jump(jump: Option<&Account>, user: &User) -> bool {
    match (&user.account, jump) {
        (None, _) => true,
        (Some(account), Some(jump)) => *account == jump.name,
        (Some(_), None) => false,
    }
}

/// A role in an account that a user may switch into.
#[derive(Clone, Copy)]
pub(super) struct Reach<'a> {
    pub(super) account: &'a Account,
    pub(super) id: AccountId,
    pub(super) role: &'a Role,
    /// The session length for profiles: the longest granted, at most the role's maximum.
    pub(super) duration: u32,
}

impl Reach<'_> {
    /// `path/name` of the role, without a leading slash.
    pub(super) fn role_path_name(&self) -> String {
        let path = self.role.path.trim_matches('/');
        if path.is_empty() {
            self.role.name.clone()
        } else {
            format!("{path}/{}", self.role.name)
        }
    }
}
