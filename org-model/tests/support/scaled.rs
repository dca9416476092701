//! A landing zone scaled to any number of accounts, for `tests/scale.rs` and
//! `benches/layout.rs` (included by path by both).
//!
//! For `accounts` accounts: ROOT, JUMP, LOG and CICD, then workload accounts cycling through
//! PROTO, DEV, STG, UAT and PRD, in OUs `Workloads/NonProduction/Team-NN` and
//! `Workloads/Production/Team-NN`; one team group per 20 accounts (with `auditors`, 50 groups
//! for 1,000 accounts); five users per account, each in one team, the first ten also auditors.
//! Team groups have `admin` in their non-production accounts and `read-only` and `deploy` in
//! their production accounts (one grant per team and role; in the benchmark's wide shape, one
//! per account and role, with one user per five accounts); `auditors` have `read-only` in JUMP,
//! LOG and CICD (a group's AssumeRole policy lists every role ARN it may assume, and must fit the
//! 5,120-character inline quota: about a hundred ARNs, so no group is granted "everywhere" at
//! this scale). Every user's
//! reach stays bounded, so the number of access paths grows linearly with the layout, and the
//! layout checks clean at every size.

#![allow(dead_code)]

use iam_policy::AccountId;
use org_model::{Account, Grant, Group, Layout, Purpose, Role, User};

/// Accounts each team owns, on average.
pub(crate) const ACCOUNTS_PER_TEAM: usize = 20;
/// Users per account.
pub(crate) const USERS_PER_ACCOUNT: usize = 5;
/// Users who are also auditors.
pub(crate) const AUDITORS: usize = 10;
/// The accounts every layout has besides workloads: ROOT, JUMP, LOG, CICD.
pub(crate) const CORE_ACCOUNTS: usize = 4;
/// Accounts per user in the wide shape.
pub(crate) const ACCOUNTS_PER_WIDE_USER: usize = 5;
/// The accounts auditors may read.
pub(crate) const AUDITED: [&str; 3] = ["JUMP", "LOG", "CICD"];

/// The counts a scaled layout was built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Accounts, core accounts included.
    pub accounts: usize,
    /// Team groups (groups are teams plus `auditors`).
    pub teams: usize,
    /// Users.
    pub users: usize,
    /// One grant per workload account and role (instead of one per team and role), so that
    /// grants grow with the accounts.
    pub grant_per_account: bool,
}

impl Shape {
    /// The shape of a layout of `accounts` accounts (at least the four core accounts).
    pub(crate) fn of(accounts: usize) -> Shape {
        let accounts = accounts.max(CORE_ACCOUNTS + 1);
        Shape {
            accounts,
            teams: (accounts / ACCOUNTS_PER_TEAM).max(2) - 1,
            users: accounts * USERS_PER_ACCOUNT,
            grant_per_account: false,
        }
    }

    /// The benchmark's wide shape: one grant per workload account and role, one user per
    /// [`ACCOUNTS_PER_WIDE_USER`] accounts (a 80,000-account layout has 96,000 grants and
    /// 16,000 users).
    pub(crate) fn wide(accounts: usize) -> Shape {
        let shape = Shape::of(accounts);
        Shape {
            users: (shape.accounts / ACCOUNTS_PER_WIDE_USER).max(1),
            grant_per_account: true,
            ..shape
        }
    }

    /// Workload accounts (everything but the core accounts).
    pub(crate) fn workloads(&self) -> usize {
        self.accounts - CORE_ACCOUNTS
    }

    /// Groups: the teams and `auditors`.
    pub(crate) fn groups(&self) -> usize {
        self.teams + 1
    }
}

const PURPOSES: [Purpose; 5] = [
    Purpose::Prototype,
    Purpose::Development,
    Purpose::Staging,
    Purpose::UserAcceptance,
    Purpose::Production,
];

/// The purpose of workload account `index` (from 0).
pub(crate) fn workload_purpose(index: usize) -> Purpose {
    PURPOSES[index % PURPOSES.len()]
}

/// The team of workload account `index`.
pub(crate) fn workload_team(shape: &Shape, index: usize) -> usize {
    (index / PURPOSES.len()) % shape.teams
}

/// The team of user `index`.
pub(crate) fn user_team(shape: &Shape, index: usize) -> usize {
    index % shape.teams
}

fn id(number: usize) -> AccountId {
    let digits = format!("{:012}", 200_000_000_000_usize + number);
    AccountId::new(&digits).unwrap_or_else(|error| panic!("account id {digits}: {error}"))
}

fn account(name: &str, purpose: Purpose, number: usize, ou: &str) -> Account {
    let lower = name.to_ascii_lowercase();
    Account::new(name, purpose, format!("aws+{lower}@example.com"))
        .id(id(number))
        .in_ou(ou)
        .alias(format!("scaled-{lower}"))
}

/// Team `team`'s group name.
pub(crate) fn team_group(team: usize) -> String {
    format!("team-{team:03}")
}

/// The scaled layout of `accounts` accounts.
pub(crate) fn layout(accounts: usize) -> (Shape, Layout) {
    let shape = Shape::of(accounts);
    (shape, build(&shape))
}

/// The wide layout of `accounts` accounts ([`Shape::wide`]).
pub(crate) fn wide(accounts: usize) -> (Shape, Layout) {
    let shape = Shape::wide(accounts);
    (shape, build(&shape))
}

fn build(shape: &Shape) -> Layout {
    let shape = *shape;
    let mut layout = Layout::new("scaled", "ROOT")
        .default_region("eu-west-1")
        // With the organization's id the log bucket policy stays small; listing 1,000
        // accounts would exceed S3's 20 KB bucket policy quota.
        .organization_id("o-a1b2c3d4e5")
        .ou("Security")
        .ou("Infrastructure")
        .ou("Workloads")
        .ou("Workloads/NonProduction")
        .ou("Workloads/Production");
    for team in 0..shape.teams {
        layout = layout
            .ou(format!("Workloads/NonProduction/Team-{team:03}"))
            .ou(format!("Workloads/Production/Team-{team:03}"));
    }
    layout = layout
        .account(account("ROOT", Purpose::Management, 0, ""))
        .account(account("JUMP", Purpose::Jump, 1, "Security"))
        .account(account("LOG", Purpose::Log, 2, "Security"))
        .account(account("CICD", Purpose::Cicd, 3, "Infrastructure"));

    let mut non_production: Vec<Vec<String>> = vec![Vec::new(); shape.teams];
    let mut production: Vec<Vec<String>> = vec![Vec::new(); shape.teams];
    for index in 0..shape.workloads() {
        let purpose = workload_purpose(index);
        let team = workload_team(&shape, index);
        let name = format!("W{index:05}-{}", purpose.label().to_ascii_uppercase());
        let (ou, names) = if purpose.is_production() {
            ("Production", &mut production[team])
        } else {
            ("NonProduction", &mut non_production[team])
        };
        names.push(name.clone());
        layout = layout.account(account(
            &name,
            purpose,
            CORE_ACCOUNTS + index,
            &format!("Workloads/{ou}/Team-{team:03}"),
        ));
    }

    layout = layout
        .role(
            Role::new("admin")
                .aws_managed("AdministratorAccess")
                .max_mfa_age(3_600),
        )
        .role(
            Role::new("read-only")
                .aws_managed("ReadOnlyAccess")
                .max_session(43_200),
        )
        .role(Role::new("deploy").aws_managed("PowerUserAccess"));
    for team in 0..shape.teams {
        let group = team_group(team);
        layout = layout.group(Group::new(&group));
        if shape.grant_per_account {
            for account in &non_production[team] {
                layout = layout.grant(Grant::new(&group, "admin").accounts([account]));
            }
            for account in &production[team] {
                layout = layout
                    .grant(Grant::new(&group, "read-only").accounts([account]))
                    .grant(Grant::new(&group, "deploy").accounts([account]));
            }
        } else if !non_production[team].is_empty() {
            layout = layout
                .grant(Grant::new(&group, "admin").accounts(non_production[team].iter().cloned()));
        }
        if !shape.grant_per_account && !production[team].is_empty() {
            layout = layout
                .grant(Grant::new(&group, "read-only").accounts(production[team].iter().cloned()))
                .grant(Grant::new(&group, "deploy").accounts(production[team].iter().cloned()));
        }
    }
    layout = layout.group(Group::new("auditors")).grant(
        Grant::new("auditors", "read-only")
            .accounts(AUDITED)
            .session(43_200),
    );

    for index in 0..shape.users {
        let mut groups = vec![team_group(user_team(&shape, index))];
        if index < AUDITORS {
            groups.push("auditors".to_owned());
        }
        layout = layout.user(User::new(format!("user{index:06}")).groups(groups));
    }
    layout
}

/// Per team: how many non-production and production accounts it owns.
pub(crate) fn team_accounts(shape: &Shape) -> (Vec<usize>, Vec<usize>) {
    let mut non_production = vec![0_usize; shape.teams];
    let mut production = vec![0_usize; shape.teams];
    for index in 0..shape.workloads() {
        let team = workload_team(shape, index);
        if workload_purpose(index).is_production() {
            production[team] += 1;
        } else {
            non_production[team] += 1;
        }
    }
    (non_production, production)
}

/// The `deploy` paths: every user reaches their team's production accounts.
pub(crate) fn expected_deploy_paths(shape: &Shape) -> usize {
    let (_, production) = team_accounts(shape);
    (0..shape.users)
        .map(|user| production[user_team(shape, user)])
        .sum()
}

/// The access paths the scaled layout must have: per user, their team's non-production
/// accounts (admin) and production accounts (read-only and deploy), plus JUMP, LOG and CICD for
/// auditors (read-only).
pub(crate) fn expected_paths(shape: &Shape) -> usize {
    let (non_production, production) = team_accounts(shape);
    let per_team: usize = (0..shape.users)
        .map(|user| {
            let team = user_team(shape, user);
            non_production[team] + 2 * production[team]
        })
        .sum();
    per_team + AUDITORS.min(shape.users) * AUDITED.len()
}

/// How many workload accounts are production.
pub(crate) fn production_accounts(shape: &Shape) -> usize {
    (0..shape.workloads())
        .filter(|&index| workload_purpose(index).is_production())
        .count()
}
