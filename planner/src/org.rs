//! Planning the organization (pure).

use crate::op::Op;
use crate::plan::{Change, ChangeAction, Conflict, Plan, Target};
use crate::state::{DesiredOrg, OrgState};

/// Plans the organization: create it (feature set ALL) when absent, missing OUs (parents first),
/// accounts without an id (created by email), and moves of accounts into their OU. Accounts are
/// never closed; an account with an id that is not a member is a conflict (invite it by hand).
pub fn plan_org(desired: &DesiredOrg, live: &OrgState) -> Plan {
    let mut plan = Plan::default();
    let org = Target::Organization;
    if !live.exists {
        plan.changes.push(Change {
            target: org.clone(),
            resource: "organization".to_owned(),
            action: ChangeAction::Create,
            details: vec!["feature set ALL".to_owned()],
            ops: vec![Op::CreateOrganization],
        });
    }
    for path in desired.ous.iter().filter(|path| !live.ous.contains(*path)) {
        let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
        plan.changes.push(Change {
            target: org.clone(),
            resource: format!("OU `{path}`"),
            action: ChangeAction::Create,
            details: Vec::new(),
            ops: vec![Op::CreateOu {
                parent: parent.to_owned(),
                name: name.to_owned(),
            }],
        });
    }
    for account in &desired.accounts {
        let resource = format!("account `{}`", account.name);
        let member = live.accounts.iter().find(|live| {
            Some(live.id) == account.id || live.email.eq_ignore_ascii_case(&account.email)
        });
        let is_management = account.name == desired.management;
        match (member, &account.id) {
            (Some(live_account), _) => {
                if !is_management && live_account.ou != account.ou {
                    plan.changes.push(Change {
                        target: org.clone(),
                        resource,
                        action: ChangeAction::Update,
                        details: vec![format!(
                            "OU: `{}` -> `{}`",
                            display_ou(&live_account.ou),
                            display_ou(&account.ou)
                        )],
                        ops: vec![Op::MoveAccount {
                            email: account.email.clone(),
                            ou: account.ou.clone(),
                        }],
                    });
                }
            }
            (None, None) => {
                let mut ops = vec![Op::CreateAccount {
                    name: account.name.clone(),
                    email: account.email.clone(),
                }];
                if !account.ou.is_empty() {
                    ops.push(Op::MoveAccount {
                        email: account.email.clone(),
                        ou: account.ou.clone(),
                    });
                }
                plan.changes.push(Change {
                    target: org.clone(),
                    resource,
                    action: ChangeAction::Create,
                    details: vec![
                        format!("email {}", account.email),
                        format!("OU `{}`", display_ou(&account.ou)),
                    ],
                    ops,
                });
            }
            (None, Some(id)) => {
                // The management account is a member once the organization exists.
                if !(is_management
                    && (!live.exists || live.management_account.as_ref() == Some(id)))
                {
                    plan.conflicts.push(Conflict {
                        target: org.clone(),
                        resource,
                        reason: format!(
                            "account {id} is not a member of the organization (invite it; \
                             jumpgate only creates accounts that have no id)"
                        ),
                    });
                }
            }
        }
    }
    plan
}

fn display_ou(path: &str) -> &str {
    if path.is_empty() { "(root)" } else { path }
}
