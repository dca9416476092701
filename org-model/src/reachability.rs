//! Who can reach which role in which account: every access path of a layout, the production
//! rule, and the users × accounts access matrix.
//!
//! The production rule ("only JUMP users reach a role in a production account, and only with
//! MFA") is decided by [`production_rule`] alone: its [`Verdict`] and findings are what `check`
//! (ORG028, ORG050, ORG051), `render`, `access` and the `landing_zone` example report. A role
//! waiving MFA with a reason holds it by waiver (a `SECURITY_WARNING`); anything else breaks it.
//! [`check_production_rule`] lists the access paths through the breaches, to explain them.
//!
//! A user reaches a role only through a JUMP group they belong to and a grant of that group:
//! user → group → grant (role, accounts) → role in each account. References that do not resolve
//! (a group, role or account the layout does not define) lead nowhere: the role is not deployed
//! or the group does not exist, and [`crate::checks`] reports the dangling name.
//!
//! Out of scope: a group's extra [`crate::Permission`]s are not evaluated, so a group that holds
//! `sts:AssumeRole` on `*` through a permission (see [`crate::Group::allow_assume_any_role`])
//! reaches no more than its grants say here.
//!
//! ```
//! let layout = org_model::seed::landing_zone();
//! let paths = org_model::reachability::access_paths(&layout);
//! assert!(paths.iter().any(|path| path.user.name == "bob" && path.account.name == "PRD"));
//! assert!(org_model::reachability::check_production_rule(&layout).is_empty());
//! let rule = org_model::reachability::production_rule(&layout);
//! assert_eq!(rule.verdict(), org_model::reachability::Verdict::Holds);
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::{Account, Group, Layout, Purpose, Role, User};

/// One way a user reaches a role: user → group → role in an account.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AccessPath<'a> {
    /// The user.
    pub user: &'a User,
    /// The account the user lives in (`None`: the user names no account and the layout has no
    /// single JUMP account, or the user names an account the layout does not define).
    pub user_account: Option<&'a Account>,
    /// Whether the user lives in the JUMP account (no account named, or an account of purpose
    /// JUMP).
    pub user_in_jump: bool,
    /// The JUMP group the user reaches the role through.
    pub group: &'a Group,
    /// The role.
    pub role: &'a Role,
    /// The account the role is assumed in.
    pub account: &'a Account,
    /// Whether assuming the role requires MFA (the role has no MFA waiver).
    pub mfa_required: bool,
    /// The longest session the role allows, in seconds.
    pub max_session_seconds: u32,
}

impl AccessPath<'_> {
    /// The name of the account the user lives in, as written (or the JUMP account's name).
    pub fn user_account_name(&self) -> &str {
        match (&self.user.account, self.user_account) {
            (Some(name), _) => name,
            (None, Some(account)) => &account.name,
            (None, None) => "JUMP",
        }
    }
}

/// Why a path breaks the production rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// The user does not live in the JUMP account.
    UserOutsideJump {
        /// The account the user lives in, as written.
        account: String,
    },
    /// The role does not require MFA.
    WithoutMfa {
        /// The role's reason for waiving MFA.
        waiver: String,
    },
}

/// A path that breaks "only JUMP users reach a role in a production account, and only with
/// MFA".
#[derive(Debug, Clone, PartialEq)]
pub struct Counterexample<'a> {
    /// The path.
    pub path: AccessPath<'a>,
    /// What is wrong with it (at least one).
    pub violations: Vec<Violation>,
}

impl fmt::Display for Counterexample<'_> {
    /// Step by step: ``user `x` (account `DEV`, outside JUMP) → group `g` → role `admin` in
    /// `PRD` (production) without MFA (waiver: "…")``.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = &self.path;
        write!(
            formatter,
            "user `{}` (account `{}`",
            path.user.name,
            path.user_account_name()
        )?;
        if !path.user_in_jump {
            formatter.write_str(", outside JUMP")?;
        }
        write!(
            formatter,
            ") → group `{}` → role `{}` in `{}` (production)",
            path.group.name, path.role.name, path.account.name
        )?;
        for violation in &self.violations {
            if let Violation::WithoutMfa { waiver } = violation {
                write!(formatter, " without MFA (waiver: {waiver:?})")?;
            }
        }
        if path.mfa_required {
            formatter.write_str(" with MFA")?;
        }
        Ok(())
    }
}

/// Name → first item of that name (later duplicates are a checks finding, not ours).
fn index_by_name<'a, T>(
    items: &'a [T],
    name: impl Fn(&'a T) -> &'a str,
) -> HashMap<&'a str, (usize, &'a T)> {
    let mut index = HashMap::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        index.entry(name(item)).or_insert((position, item));
    }
    index
}

/// The layout's names resolved once, and what each group reaches through its grants.
struct Resolved<'a> {
    accounts: HashMap<&'a str, (usize, &'a Account)>,
    groups: HashMap<&'a str, (usize, &'a Group)>,
    /// Per group name: the (account position, role position) pairs its grants reach, sorted,
    /// each once, however often the grants repeat an account or each other.
    reach: HashMap<&'a str, Vec<(usize, usize)>>,
    jump: Option<&'a Account>,
}

impl<'a> Resolved<'a> {
    /// Linear in the layout (plus sorting each group's reach).
    fn new(layout: &'a Layout) -> Self {
        let accounts = index_by_name(&layout.accounts, |account: &Account| &account.name);
        let roles = index_by_name(&layout.roles, |role: &Role| &role.name);
        let groups = index_by_name(&layout.groups, |group: &Group| &group.name);
        let mut reach: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for grant in &layout.grants {
            let Some(&(role_position, _)) = roles.get(grant.role.as_str()) else {
                continue;
            };
            let pairs = reach.entry(grant.group.as_str()).or_default();
            pairs.extend(grant.accounts.iter().filter_map(|name| {
                accounts
                    .get(name.as_str())
                    .map(|&(account_position, _)| (account_position, role_position))
            }));
        }
        for pairs in reach.values_mut() {
            pairs.sort_unstable();
            pairs.dedup();
        }
        Self {
            accounts,
            groups,
            reach,
            jump: layout.jump_account(),
        }
    }

    /// The account `user` lives in, and whether it is the JUMP account (no account named, or
    /// an account of purpose JUMP).
    fn home(&self, user: &User) -> (Option<&'a Account>, bool) {
        match &user.account {
            None => (self.jump, true),
            Some(name) => {
                let account = self
                    .accounts
                    .get(name.as_str())
                    .map(|&(_, account)| account);
                (
                    account,
                    account.is_some_and(|account| account.purpose == Purpose::Jump),
                )
            }
        }
    }

    /// The groups of `user` that exist, each once (a group listed twice counts once), in the
    /// user's order.
    fn groups_of(&self, user: &'a User) -> Vec<(usize, &'a Group)> {
        let mut seen = HashSet::with_capacity(user.groups.len().min(64));
        user.groups
            .iter()
            .filter_map(|name| self.groups.get(name.as_str()).copied())
            .filter(|&(position, _)| seen.insert(position))
            .collect()
    }
}

/// Every access path of the layout, sorted by user name, then account (layout order), role
/// name and group name; a user reaching the same role in the same account through the same
/// group twice (overlapping grants, a group or account listed twice) counts once.
///
/// Linear in the number of paths (plus sorting them): names are looked up in hash maps built
/// once, and each group's reach is worked out once, with repeated entries removed, so memory
/// stays proportional to the layout and the paths however often a list repeats an entry.
pub fn access_paths(layout: &Layout) -> Vec<AccessPath<'_>> {
    let resolved = Resolved::new(layout);
    let mut users: Vec<&User> = layout.users.iter().collect();
    users.sort_by(|left, right| left.name.cmp(&right.name));

    let mut paths = Vec::new();
    // (account position, role name, group name, path)
    let mut reached: Vec<(usize, &str, &str, AccessPath<'_>)> = Vec::new();
    for user in users {
        let (user_account, user_in_jump) = resolved.home(user);
        reached.clear();
        for (_, group) in resolved.groups_of(user) {
            let Some(pairs) = resolved.reach.get(group.name.as_str()) else {
                continue;
            };
            for &(account_position, role_position) in pairs {
                let account = &layout.accounts[account_position];
                let role = &layout.roles[role_position];
                reached.push((
                    account_position,
                    &role.name,
                    &group.name,
                    AccessPath {
                        user,
                        user_account,
                        user_in_jump,
                        group,
                        role,
                        account,
                        mfa_required: role.trust.requires_mfa(),
                        max_session_seconds: role.max_session_duration,
                    },
                ));
            }
        }
        reached.sort_by(|left, right| (left.0, left.1, left.2).cmp(&(right.0, right.1, right.2)));
        paths.extend(reached.iter().map(|entry| entry.3));
    }
    paths
}

/// The paths that break "only JUMP users reach a role in a production account (purpose
/// production), and only with MFA", in [`access_paths`] order.
pub fn check_production_rule(layout: &Layout) -> Vec<Counterexample<'_>> {
    production_counterexamples(&access_paths(layout))
}

/// [`check_production_rule`] over paths already computed.
pub fn production_counterexamples<'a>(paths: &[AccessPath<'a>]) -> Vec<Counterexample<'a>> {
    paths
        .iter()
        .filter(|path| path.account.purpose.is_production())
        .filter_map(|path| {
            let mut violations = Vec::new();
            if !path.user_in_jump {
                violations.push(Violation::UserOutsideJump {
                    account: path.user_account_name().to_owned(),
                });
            }
            if let Some(waiver) = &path.role.trust.mfa_waiver {
                violations.push(Violation::WithoutMfa {
                    waiver: waiver.clone(),
                });
            }
            (!violations.is_empty()).then_some(Counterexample {
                path: *path,
                violations,
            })
        })
        .collect()
}

/// Where a layout stands on the production rule: "only JUMP users reach a role in a
/// production account, and only with MFA".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// No breach.
    Holds,
    /// Every breach is a role whose MFA waiver gives a reason: a warning, not a refusal.
    HoldsByWaiver,
    /// A breach no waiver covers: checks report an `ERROR`, nothing is rendered, `access` exits
    /// with 1.
    DoesNotHold,
}

/// One way a layout breaks the production rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Breach<'a> {
    /// A role that waives MFA is deployed to a production account: its trust policy there lets
    /// JUMP in without MFA, whoever is granted it now or later.
    WithoutMfa {
        /// The role.
        role: &'a Role,
        /// The production account.
        account: &'a Account,
        /// The waiver's reason (blank: the waiver does not count).
        reason: &'a str,
    },
    /// A user who does not live in the JUMP account is in a group granted a role in a
    /// production account.
    OutsideJump {
        /// The user.
        user: &'a User,
        /// The group.
        group: &'a Group,
        /// The first role the group reaches in production (layout order of accounts).
        role: &'a Role,
        /// The first production account the group reaches.
        account: &'a Account,
        /// How many other (account, role) pairs in production the group reaches.
        more: usize,
    },
}

// `Breach::finding` and `ProductionRule::findings` (the ORG codes of the production rule) are
// implemented in `checks::production`, beside the rule table: this module depends on the model
// only.

impl Breach<'_> {
    /// Whether an explicit, reasoned waiver covers the breach: only an MFA waiver with a
    /// non-blank reason does; a user outside JUMP is never waived.
    pub fn is_waived(&self) -> bool {
        match self {
            Breach::WithoutMfa { reason, .. } => !reason.trim().is_empty(),
            Breach::OutsideJump { .. } => false,
        }
    }
}

/// The production rule decided for a layout: its breaches and the [`Verdict`]. `check`
/// (whose report includes [`ProductionRule::findings`]), `render` (which refuses a layout with
/// an `ERROR`), `access` and the `landing_zone` example all use this one decision.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductionRule<'a> {
    /// Every breach: roles without MFA in production (role order, then account order), then
    /// users outside JUMP reaching production (user order, then the order of their groups).
    pub breaches: Vec<Breach<'a>>,
}

impl ProductionRule<'_> {
    /// Holds without a breach; holds by waiver when every breach is waived; does not hold
    /// otherwise.
    pub fn verdict(&self) -> Verdict {
        if self.breaches.is_empty() {
            Verdict::Holds
        } else if self.breaches.iter().all(Breach::is_waived) {
            Verdict::HoldsByWaiver
        } else {
            Verdict::DoesNotHold
        }
    }
}

/// Decides the production rule for `layout` without enumerating access paths: linear in the
/// layout (roles' deployments, each group's reach once, each user's groups once).
///
/// Every counterexample path of [`check_production_rule`] has a breach here (a path without
/// MFA comes from a role waiving MFA deployed to that production account; a path from outside
/// JUMP comes from that user's group); a role waiving MFA in production is a breach even while
/// no user is granted it, because its trust policy there admits JUMP without MFA.
pub fn production_rule(layout: &Layout) -> ProductionRule<'_> {
    let mut breaches = Vec::new();
    for (role, accounts) in layout.role_deployments() {
        let Some(reason) = role.trust.mfa_waiver.as_deref() else {
            continue;
        };
        for account in accounts
            .into_iter()
            .filter(|account| account.purpose.is_production())
        {
            breaches.push(Breach::WithoutMfa {
                role,
                account,
                reason,
            });
        }
    }
    let resolved = Resolved::new(layout);
    // Per group name: its first production (account, role) and how many it reaches, once.
    let mut production: HashMap<&str, Option<(&Account, &Role, usize)>> = HashMap::new();
    for user in &layout.users {
        if resolved.home(user).1 {
            continue;
        }
        for (_, group) in resolved.groups_of(user) {
            let reached = *production.entry(group.name.as_str()).or_insert_with(|| {
                let mut pairs = resolved
                    .reach
                    .get(group.name.as_str())
                    .into_iter()
                    .flatten()
                    .map(|&(account, role)| (&layout.accounts[account], &layout.roles[role]))
                    .filter(|(account, _)| account.purpose.is_production());
                let (account, role) = pairs.next()?;
                Some((account, role, pairs.count()))
            });
            if let Some((account, role, more)) = reached {
                breaches.push(Breach::OutsideJump {
                    user,
                    group,
                    role,
                    account,
                    more,
                });
            }
        }
    }
    ProductionRule { breaches }
}

/// A Markdown table cell's text: pipes escaped, line breaks flattened.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The users × accounts access matrix as a Markdown table: one row per user (by name), one
/// column per account (layout order), each cell the roles the user reaches there (sorted),
/// marked "(no MFA)" where assuming the role does not require MFA; empty cells hold `·`.
pub fn access_matrix_markdown(layout: &Layout) -> String {
    access_matrix_from_paths(layout, &access_paths(layout))
}

/// [`access_matrix_markdown`] over paths already computed by [`access_paths`] for `layout`.
pub fn access_matrix_from_paths(layout: &Layout, paths: &[AccessPath<'_>]) -> String {
    let account_position: HashMap<*const Account, usize> = layout
        .accounts
        .iter()
        .enumerate()
        .map(|(position, account)| (std::ptr::from_ref(account), position))
        .collect();
    let mut users: Vec<&User> = layout.users.iter().collect();
    users.sort_by(|left, right| left.name.cmp(&right.name));

    let mut table = String::from("| user |");
    for account in &layout.accounts {
        table.push(' ');
        table.push_str(&cell(&account.name));
        table.push_str(" |");
    }
    table.push_str("\n|---|");
    for _ in &layout.accounts {
        table.push_str("---|");
    }
    table.push('\n');

    // Paths come grouped by user (sorted by name, as `users`), so walk both together.
    let mut remaining = paths;
    let mut cells: Vec<Vec<(&str, bool)>> = vec![Vec::new(); layout.accounts.len()];
    for user in users {
        let count = remaining
            .iter()
            .take_while(|path| std::ptr::eq(path.user, user))
            .count();
        let (own, rest) = remaining.split_at(count);
        remaining = rest;
        for path in own {
            if let Some(&position) = account_position.get(&std::ptr::from_ref(path.account)) {
                cells[position].push((&path.role.name, path.mfa_required));
            }
        }
        table.push_str("| ");
        table.push_str(&cell(&user.name));
        table.push_str(" |");
        for roles in &mut cells {
            roles.sort_unstable();
            roles.dedup();
            table.push(' ');
            if roles.is_empty() {
                table.push('·');
            }
            for (index, (role, mfa_required)) in roles.iter().enumerate() {
                if index > 0 {
                    table.push_str(", ");
                }
                table.push_str(&cell(role));
                if !mfa_required {
                    table.push_str(" (no MFA)");
                }
            }
            table.push_str(" |");
            roles.clear();
        }
        table.push('\n');
    }
    table
}
