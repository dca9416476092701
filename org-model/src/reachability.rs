//! Who can reach which role in which account: every access path of a layout, the production
//! rule checked over them, and the users × accounts access matrix.
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
//! ```

use std::collections::HashMap;
use std::fmt;

use crate::{Account, Grant, Group, Layout, Purpose, Role, User};

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

/// Every access path of the layout, sorted by user name, then account (layout order), role
/// name and group name; a user reaching the same role in the same account through the same
/// group twice (overlapping grants) counts once.
///
/// Linear in the number of paths (plus sorting them): names are looked up in hash maps built
/// once.
pub fn access_paths(layout: &Layout) -> Vec<AccessPath<'_>> {
    let accounts = index_by_name(&layout.accounts, |account: &Account| &account.name);
    let roles = index_by_name(&layout.roles, |role: &Role| &role.name);
    let groups = index_by_name(&layout.groups, |group: &Group| &group.name);
    let mut grants_of: HashMap<&str, Vec<&Grant>> = HashMap::new();
    for grant in &layout.grants {
        grants_of.entry(&grant.group).or_default().push(grant);
    }
    let jump = layout.jump_account();

    let mut users: Vec<&User> = layout.users.iter().collect();
    users.sort_by(|left, right| left.name.cmp(&right.name));

    let mut paths = Vec::new();
    // (account position, role name, group name, role position, group position, path)
    let mut reached: Vec<(usize, &str, &str, usize, usize, AccessPath<'_>)> = Vec::new();
    for user in users {
        let (user_account, user_in_jump) = match &user.account {
            None => (jump, true),
            Some(name) => {
                let account = accounts.get(name.as_str()).map(|&(_, account)| account);
                (
                    account,
                    account.is_some_and(|account| account.purpose == Purpose::Jump),
                )
            }
        };
        reached.clear();
        for group_name in &user.groups {
            let Some(&(group_position, group)) = groups.get(group_name.as_str()) else {
                continue;
            };
            let Some(grants) = grants_of.get(group_name.as_str()) else {
                continue;
            };
            for grant in grants {
                let Some(&(role_position, role)) = roles.get(grant.role.as_str()) else {
                    continue;
                };
                for account_name in &grant.accounts {
                    let Some(&(account_position, account)) = accounts.get(account_name.as_str())
                    else {
                        continue;
                    };
                    reached.push((
                        account_position,
                        &role.name,
                        &group.name,
                        role_position,
                        group_position,
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
        }
        reached.sort_by(|left, right| (left.0, left.1, left.2).cmp(&(right.0, right.1, right.2)));
        reached.dedup_by_key(|entry| (entry.0, entry.3, entry.4));
        paths.extend(reached.iter().map(|entry| entry.5));
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
