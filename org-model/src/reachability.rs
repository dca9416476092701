//! Who can reach which role in which account: every access path of a layout, the production
//! rule, and the users × accounts access matrix, decided by the policy evaluator.
//!
//! The production rule ("only JUMP users reach a role in a production account, and only with
//! MFA") is decided by [`production_rule`] alone: its [`Verdict`] and findings are what `check`
//! (ORG028, ORG050, ORG051), `render`, `access` and the `landing_zone` example report. A role
//! waiving MFA with a reason holds it by waiver (a `SECURITY_WARNING`); anything else breaks it.
//! [`check_production_rule`] lists the access paths through the breaches, to explain them.
//!
//! Reaching is judged by what the policies do, not by reading grants: a user reaches a role in an
//! account when [`EffectiveAccess`] allows the user, signed in with MFA, to call
//! `sts:AssumeRole` on it, with their groups' policies (the AssumeRole policy rendered from the
//! grants, the deny-unless-MFA policy, the groups' own permissions) against the role's trust
//! policy (and the SCPs and RCPs of an [`Environment`](crate::access::Environment)). So a group's own policy that denies
//! assuming a role takes the path away, one that allows `sts:AssumeRole` on `*` reaches every
//! role whose trust policy admits JUMP, and a trust policy edited by hand counts as written. A
//! path goes through each group whose policies allow it. Roles are deployed where grants say
//! (what `apply` creates); references that do not resolve (a group, role or account the layout
//! does not define) lead nowhere, and [`crate::checks`] reports the dangling name.
//!
//! A path requires MFA when the role's trust side (its trust policy, with the user's own side
//! allowing) denies the user without MFA. A user who lives outside JUMP is evaluated as the
//! JUMP user their group memberships imply (jumpgate creates users in JUMP only): the breach is
//! that the layout gives someone outside JUMP that access. A path that a trust policy opens to a
//! user on its own, through no group (a trust policy edited to name a JUMP user, for a role in
//! JUMP), is not listed here; [`EffectiveAccess::ask`] shows it.
//!
//! ```
//! let layout = org_model::seed::landing_zone();
//! let paths = org_model::reachability::access_paths(&layout);
//! assert!(paths.iter().any(|path| path.user.name == "bob" && path.account.name == "PRD"));
//! assert!(org_model::reachability::check_production_rule(&layout).is_empty());
//! let rule = org_model::reachability::production_rule(&layout);
//! assert_eq!(rule.verdict(), org_model::reachability::Verdict::Holds);
//! ```

use std::collections::HashMap;
use std::fmt;

use crate::access::{EffectiveAccess, ReachCache};
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
    /// Whether assuming the role requires MFA: its trust side (trust policy, SCPs, RCPs) denies
    /// the user without MFA, the user's own side allowing.
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
    /// The role's trust side admits the user without MFA.
    WithoutMfa {
        /// The role's reason for waiving MFA (empty without a waiver: a trust policy edited to
        /// drop MFA).
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

/// Where each user lives.
struct Homes<'a> {
    accounts: HashMap<&'a str, &'a Account>,
    jump: Option<&'a Account>,
}

impl<'a> Homes<'a> {
    fn new(layout: &'a Layout) -> Self {
        let mut accounts = HashMap::with_capacity(layout.accounts.len());
        for account in &layout.accounts {
            accounts.entry(account.name.as_str()).or_insert(account);
        }
        Self {
            accounts,
            jump: layout.jump_account(),
        }
    }

    /// The account `user` lives in, and whether it is the JUMP account (no account named, or
    /// an account of purpose JUMP).
    fn home(&self, user: &User) -> (Option<&'a Account>, bool) {
        match &user.account {
            None => (self.jump, true),
            Some(name) => {
                let account = self.accounts.get(name.as_str()).copied();
                (
                    account,
                    account.is_some_and(|account| account.purpose == Purpose::Jump),
                )
            }
        }
    }
}

/// Every access path of the layout, sorted by user name, then account (layout order), role
/// name and group name; a user reaching the same role in the same account through the same
/// group twice (overlapping grants, a group or account listed twice) counts once.
///
/// See [`access_paths_in`] to reuse the policies built for the layout.
pub fn access_paths(layout: &Layout) -> Vec<AccessPath<'_>> {
    access_paths_in(&EffectiveAccess::new(layout))
}

/// [`access_paths`] over the policies of `access` (with its [`Environment`](crate::access::Environment)).
///
/// One evaluation per user and role their groups' policies may allow (and one more for the
/// trust side without MFA), shared among users of the same groups when the policies in play
/// treat every user alike (no principal naming users, no user-specific condition key or
/// variable): linear in the users and the paths, memory proportional to the layout and the
/// paths however often a list repeats an entry.
pub fn access_paths_in<'a>(access: &EffectiveAccess<'a>) -> Vec<AccessPath<'a>> {
    let layout = access.layout();
    let homes = Homes::new(layout);
    let mut users: Vec<&User> = layout.users.iter().collect();
    users.sort_by(|left, right| left.name.cmp(&right.name));

    let mut cache = ReachCache::default();
    let mut paths = Vec::new();
    // (account position, role name, group name, path)
    let mut reached: Vec<(usize, &str, &str, AccessPath<'_>)> = Vec::new();
    for user in users {
        let (user_account, user_in_jump) = homes.home(user);
        reached.clear();
        for reach in access.reach(user, &mut cache) {
            let account = &layout.accounts[reach.account];
            let role = &layout.roles[reach.role];
            for &group in &reach.groups {
                let group = &layout.groups[group];
                reached.push((
                    reach.account,
                    &role.name,
                    &group.name,
                    AccessPath {
                        user,
                        user_account,
                        user_in_jump,
                        group,
                        role,
                        account,
                        mfa_required: reach.mfa_required,
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
            if !path.mfa_required {
                violations.push(Violation::WithoutMfa {
                    waiver: path.role.trust.mfa_waiver.clone().unwrap_or_default(),
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

/// Decides the production rule for `layout` without enumerating every access path: one
/// evaluation of the trust side per role deployed to a production account, and the paths of the
/// users who live outside JUMP.
///
/// See [`production_rule_in`] to reuse the policies built for the layout.
pub fn production_rule(layout: &Layout) -> ProductionRule<'_> {
    production_rule_in(&EffectiveAccess::new(layout))
}

/// [`production_rule`] over the policies of `access` (with its [`Environment`](crate::access::Environment)).
///
/// Every counterexample path of [`check_production_rule`] has a breach here (a path without
/// MFA goes through a role whose trust side admits JUMP without MFA in that production account;
/// a path from outside JUMP is that user's); a role whose trust policy admits JUMP without MFA
/// in production is a breach even while no user reaches it, whoever is granted it later. Its
/// waiver is the role's `trust.mfa_waiver` (none, for a trust policy edited to drop MFA: an
/// unwaived breach).
pub fn production_rule_in<'a>(access: &EffectiveAccess<'a>) -> ProductionRule<'a> {
    let layout = access.layout();
    let mut cache = ReachCache::default();
    let mut breaches = Vec::new();
    for (role, account, deployment) in access.production_deployments() {
        if access.admits_without_mfa(deployment, &mut cache) {
            let role = &layout.roles[role];
            breaches.push(Breach::WithoutMfa {
                role,
                account: &layout.accounts[account],
                reason: role.trust.mfa_waiver.as_deref().unwrap_or(""),
            });
        }
    }
    let homes = Homes::new(layout);
    for user in &layout.users {
        if homes.home(user).1 {
            continue;
        }
        let reached = access.reach(user, &mut cache);
        for group in access.groups_of(user) {
            // Sorted by account position, then role position.
            let mut production = reached.iter().filter(|reach| {
                reach.groups.contains(&group)
                    && layout.accounts[reach.account].purpose.is_production()
            });
            if let Some(first) = production.next() {
                breaches.push(Breach::OutsideJump {
                    user,
                    group: &layout.groups[group],
                    role: &layout.roles[first.role],
                    account: &layout.accounts[first.account],
                    more: production.count(),
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
