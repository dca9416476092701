//! The organization: its management, JUMP and LOG accounts and where users live (ORG001–ORG006),
//! and its id (ORG043).

use std::collections::{HashMap, HashSet};

use super::{
    Findings, JUMP_COUNT, LOG_COUNT, MANAGEMENT_MISSING, MANAGEMENT_PURPOSE, MANAGEMENT_WORKLOADS,
    ORGANIZATION_ID, USER_OUTSIDE_JUMP, account_at, grant_at,
};
use crate::names::is_organization_id;
use crate::reachability::{Breach, ProductionRule};
use crate::{Layout, Purpose, User};

fn purpose_name(purpose: Purpose) -> String {
    serde_json::to_value(purpose)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| purpose.label().to_owned())
}

pub(super) fn organization(layout: &Layout, production: &ProductionRule<'_>, out: &mut Findings) {
    let named = &layout.organization.management_account;
    let management = layout.account_named(named);
    match management {
        None => out.push(
            MANAGEMENT_MISSING,
            "organization",
            format!("management account `{named}` is not an account of the layout"),
            match layout
                .accounts
                .iter()
                .find(|account| account.purpose == Purpose::Management)
            {
                Some(account) => format!("set `management_account` to `{}`", account.name),
                None => {
                    "add the management account, or set `management_account` to its name".to_owned()
                }
            },
        ),
        Some(account) => {
            if account.purpose != Purpose::Management {
                out.push(
                    MANAGEMENT_PURPOSE,
                    account_at(&account.name),
                    format!(
                        "management account `{}` has purpose `{}`, not `management`",
                        account.name,
                        purpose_name(account.purpose)
                    ),
                    "set its purpose to `management`, or name the management account in `organization.management_account`",
                );
            }
            for other in layout
                .accounts
                .iter()
                .filter(|other| other.purpose == Purpose::Management && other.name != account.name)
            {
                out.push(
                    MANAGEMENT_PURPOSE,
                    account_at(&other.name),
                    format!(
                        "account `{}` has purpose `management`, but the management account is `{}`",
                        other.name, account.name
                    ),
                    format!(
                        "an organization has one management account: give `{}` another purpose",
                        other.name
                    ),
                );
            }
            for grant in &layout.grants {
                if grant.accounts.contains(&account.name) {
                    out.push(
                        MANAGEMENT_WORKLOADS,
                        grant_at(grant),
                        format!(
                            "grant deploys role `{}` to the management account `{}`",
                            grant.role, account.name
                        ),
                        format!(
                            "the management account runs no workloads: remove `{}` from the grant's accounts",
                            account.name
                        ),
                    );
                }
            }
        }
    }

    let jumps: Vec<_> = layout
        .accounts
        .iter()
        .filter(|account| account.purpose == Purpose::Jump)
        .collect();
    match jumps.split_first() {
        None => out.push(
            JUMP_COUNT,
            "organization",
            "no account has purpose `jump`",
            "add a JUMP account: people sign in there and switch role into the others",
        ),
        Some((first, extra)) => {
            for account in extra {
                out.push(
                    JUMP_COUNT,
                    account_at(&account.name),
                    format!(
                        "account `{}` is a second jump account (the first is `{}`)",
                        account.name, first.name
                    ),
                    format!(
                        "keep one JUMP account: give `{}` another purpose",
                        account.name
                    ),
                );
            }
        }
    }

    // Users outside JUMP who reach production are ORG051's (the production rule's), not ORG003's
    // or ORG005's.
    let reaching_production: HashSet<*const User> = production
        .breaches
        .iter()
        .filter_map(|breach| match breach {
            Breach::OutsideJump { user, .. } => Some(std::ptr::from_ref(*user)),
            Breach::WithoutMfa { .. } => None,
        })
        .collect();
    let mut accounts_by_name: HashMap<&str, &crate::Account> = HashMap::new();
    for account in &layout.accounts {
        accounts_by_name
            .entry(account.name.as_str())
            .or_insert(account);
    }
    for user in &layout.users {
        let Some(name) = &user.account else { continue };
        let Some(&account) = accounts_by_name.get(name.as_str()) else {
            continue; // ORG023
        };
        let location = format!("user[{}]", user.name);
        if reaching_production.contains(&std::ptr::from_ref(user)) {
            // ORG051 names the account the user lives in.
        } else if management.is_some_and(|management| management.name == account.name) {
            out.push(
                MANAGEMENT_WORKLOADS,
                location,
                format!(
                    "user `{}` is in the management account `{}`",
                    user.name, account.name
                ),
                "IAM users live in the JUMP account: remove the user's `account`",
            );
        } else if account.purpose != Purpose::Jump {
            out.push(
                USER_OUTSIDE_JUMP,
                location,
                format!(
                    "user `{}` is in account `{}`, which is not the jump account",
                    user.name, account.name
                ),
                format!(
                    "remove the user's `account` (users live in JUMP) and reach `{}` through a group, a grant and a role",
                    account.name
                ),
            );
        }
    }

    let logs: Vec<_> = layout
        .accounts
        .iter()
        .filter(|account| account.purpose == Purpose::Log)
        .collect();
    match logs.split_first() {
        None => {
            let delivering = layout
                .accounts
                .iter()
                .filter(|account| account.baseline.delivers_logs())
                .count();
            if delivering > 0 {
                out.push(
                    LOG_COUNT,
                    "organization",
                    format!(
                        "no account has purpose `log`, but {delivering} account(s) deliver aws-config or cloudtrail logs"
                    ),
                    "add a LOG account to receive every account's logs",
                );
            }
        }
        Some((first, extra)) => {
            for account in extra {
                out.push(
                    LOG_COUNT,
                    account_at(&account.name),
                    format!(
                        "account `{}` is a second log account (the first is `{}`)",
                        account.name, first.name
                    ),
                    format!(
                        "keep one LOG account: give `{}` another purpose",
                        account.name
                    ),
                );
            }
        }
    }
}

pub(super) fn organization_id(layout: &Layout, out: &mut Findings) {
    if let Some(id) = &layout.organization.id
        && !is_organization_id(id)
    {
        out.push(
            ORGANIZATION_ID,
            "organization",
            format!(
                "organization id `{}` is not `o-` and 10-32 lowercase letters or digits",
                id.escape_default()
            ),
            "copy the id from `aws organizations describe-organization`, or leave it out",
        );
    }
}
