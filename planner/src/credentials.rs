//! The credentials audit (pure): per account, the password policy and root access keys; per
//! JUMP user, the MFA device, the console password and the access keys, each ok, missing,
//! drifted or stale with what differs. The items join the baseline audit's lines
//! ([`AuditReport::merge`](crate::audit::AuditReport::merge)).
//!
//! * `password-policy` (every account): missing, or drifted with each parameter that differs
//!   (apply repairs both);
//! * `root-access-keys` (every account): drifted while the root user has access keys
//!   (`AccountAccessKeysPresent`; only the root user can delete them);
//! * `USER/mfa`: missing while the user has no MFA device (with how long ago the user was
//!   created), drifted when the devices do not include the one the rendered profiles name;
//! * `USER/console`: missing when a console user has no password, drifted when a user without
//!   `console` has one, stale when the password was not used for the unused threshold (or never,
//!   and set that long ago) or is older than the policy's maximum age;
//! * `USER/access-keys`: drifted with more than one active key, stale when an active key is
//!   older than the age threshold or unused for the unused threshold.

use std::collections::BTreeMap;

use iam_policy::AccountId;
use org_model::{AuditThresholds, CheckedLayout, PasswordPolicy};
use serde::Serialize;

use crate::Error;
use crate::audit::{AccountAudit, ItemAudit, Status};
use crate::credential_report::Timestamp;
use crate::desired::{desired_org, with_ids};
use crate::iam::password_policy_diff;
use crate::state::{AccountRef, OrgState};

/// The name of the password policy's line (every account).
pub const PASSWORD_POLICY_ITEM: &str = "password-policy";
/// The name of the root access keys' line (every account).
pub const ROOT_ACCESS_KEYS_ITEM: &str = "root-access-keys";

/// A JUMP user as the layout wants it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DesiredUser {
    /// The user name.
    pub name: String,
    /// Whether the user signs in to the console.
    pub console: bool,
    /// The serial of the MFA device the rendered profiles name.
    pub mfa_serial: String,
}

/// What the credentials audit holds the accounts and JUMP users to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DesiredCredentials {
    /// Every account with an id, in layout order.
    pub accounts: Vec<AccountRef>,
    /// The JUMP account, when it has an id.
    pub jump: Option<AccountRef>,
    /// The password policy every account should have.
    pub password_policy: PasswordPolicy,
    /// The audit's thresholds.
    pub thresholds: AuditThresholds,
    /// The JUMP users, in layout order.
    pub users: Vec<DesiredUser>,
}

/// What the credentials audit holds `layout` to, with account ids filled in from the live
/// organization.
pub fn desired_credentials(
    layout: &CheckedLayout,
    live: &OrgState,
) -> Result<DesiredCredentials, Error> {
    let layout = with_ids(layout, &desired_org(layout, live))?;
    let refs = |account: &org_model::Account| {
        account.id.map(|id| AccountRef {
            name: account.name.clone(),
            id,
        })
    };
    let accounts = layout.accounts.iter().filter_map(refs).collect();
    let jump = layout.jump_account().and_then(refs);
    let users = match (&jump, layout.jump_account()) {
        (Some(jump), Some(account)) => layout
            .users
            .iter()
            .filter(|user| {
                user.account
                    .as_deref()
                    .is_none_or(|name| name == account.name)
            })
            .map(|user| DesiredUser {
                name: user.name.clone(),
                console: user.console,
                mfa_serial: org_model::policies::mfa_serial(&layout, jump.id, &user.name),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(DesiredCredentials {
        accounts,
        jump,
        password_policy: layout.jump.password_policy,
        thresholds: layout.jump.audit,
        users,
    })
}

/// One account's live password policy and root access keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AccountCredentials {
    /// The password policy, `None` when the account has none.
    pub password_policy: Option<PasswordPolicy>,
    /// `AccountAccessKeysPresent` of the account summary.
    pub root_access_keys: bool,
}

/// A user's login profile (console password).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LoginProfile {
    /// When it was created.
    pub created: Timestamp,
    /// Whether the user must change the password at the next sign-in.
    pub reset_required: bool,
}

/// An MFA device of a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MfaDevice {
    /// Its serial number (the ARN of a virtual device).
    pub serial: String,
    /// When it was enabled.
    pub enabled: Option<Timestamp>,
}

/// An access key of a user (the id is not secret; the secret never leaves AWS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessKey {
    /// `AKIA...`.
    pub id: String,
    /// Whether its status is `Active`.
    pub active: bool,
    /// When it was created.
    pub created: Timestamp,
    /// When it was last used (`None`: never).
    pub last_used: Option<Timestamp>,
}

/// A JUMP user's credentials as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserCredentials {
    /// When the user was created.
    pub created: Timestamp,
    /// The login profile, when there is one.
    pub login_profile: Option<LoginProfile>,
    /// When the password was last used to sign in (`None`: never, or no password).
    pub password_last_used: Option<Timestamp>,
    /// When the password was last set (from the credential report).
    pub password_last_changed: Option<Timestamp>,
    /// The MFA devices.
    pub mfa_devices: Vec<MfaDevice>,
    /// The access keys.
    pub access_keys: Vec<AccessKey>,
}

/// The live credentials the audit reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LiveCredentials {
    /// Per account.
    pub accounts: BTreeMap<AccountId, AccountCredentials>,
    /// The IAM users of the JUMP account, by name.
    pub users: BTreeMap<String, UserCredentials>,
}

const DAY: Timestamp = 86_400;

/// Whole days from `then` to `now` (0 for a time in the future).
fn days(now: Timestamp, then: Timestamp) -> i64 {
    (now - then).max(0) / DAY
}

/// `today`, `1 day ago`, `N days ago`.
fn ago(now: Timestamp, then: Timestamp) -> String {
    match days(now, then) {
        0 => "today".to_owned(),
        1 => "1 day ago".to_owned(),
        n => format!("{n} days ago"),
    }
}

fn item(name: String, status: Status, details: Vec<String>) -> ItemAudit {
    ItemAudit {
        item: name,
        status,
        details,
    }
}

/// The status of several findings: missing before drifted before stale before ok.
fn worst(statuses: &[Status]) -> Status {
    [Status::Missing, Status::Drifted, Status::Stale]
        .into_iter()
        .find(|status| statuses.contains(status))
        .unwrap_or(Status::Ok)
}

/// Audits `live` against `desired` at `now`: per account (layout order) `password-policy` and
/// `root-access-keys`, and in JUMP per user (layout order) `USER/mfa`, `USER/console` and
/// `USER/access-keys`. Accounts missing from `live` are audited as empty.
pub fn audit_credentials(
    desired: &DesiredCredentials,
    live: &LiveCredentials,
    now: Timestamp,
) -> Vec<AccountAudit> {
    let empty = AccountCredentials::default();
    let mut accounts = Vec::new();
    for account in &desired.accounts {
        let state = live.accounts.get(&account.id).unwrap_or(&empty);
        let mut items = vec![
            password_policy_item(&desired.password_policy, state.password_policy.as_ref()),
            if state.root_access_keys {
                item(
                    ROOT_ACCESS_KEYS_ITEM.to_owned(),
                    Status::Drifted,
                    vec![
                        "the root user has access keys (AccountAccessKeysPresent = 1): sign in \
                         as root and delete them"
                            .to_owned(),
                    ],
                )
            } else {
                item(
                    ROOT_ACCESS_KEYS_ITEM.to_owned(),
                    Status::Ok,
                    vec!["none".to_owned()],
                )
            },
        ];
        if desired.jump.as_ref() == Some(account) {
            for user in &desired.users {
                items.extend(user_items(desired, user, live.users.get(&user.name), now));
            }
        }
        accounts.push(AccountAudit {
            account: account.name.clone(),
            account_id: account.id,
            items,
        });
    }
    accounts
}

fn password_policy_item(desired: &PasswordPolicy, live: Option<&PasswordPolicy>) -> ItemAudit {
    let name = PASSWORD_POLICY_ITEM.to_owned();
    match live {
        None => item(
            name,
            Status::Missing,
            vec!["the account has no password policy".to_owned()],
        ),
        Some(live) if live != desired => {
            item(name, Status::Drifted, password_policy_diff(live, desired))
        }
        Some(_) => item(name, Status::Ok, vec![desired.describe()]),
    }
}

fn user_items(
    desired: &DesiredCredentials,
    user: &DesiredUser,
    live: Option<&UserCredentials>,
    now: Timestamp,
) -> Vec<ItemAudit> {
    let name = |what: &str| format!("{}/{what}", user.name);
    let Some(live) = live else {
        return ["mfa", "console", "access-keys"]
            .into_iter()
            .map(|what| {
                item(
                    name(what),
                    Status::Missing,
                    vec![format!("user `{}` does not exist", user.name)],
                )
            })
            .collect();
    };
    vec![
        item_of(name("mfa"), mfa(user, live, now)),
        item_of(name("console"), console(desired, user, live, now)),
        item_of(
            name("access-keys"),
            access_keys(&desired.thresholds, live, now),
        ),
    ]
}

fn item_of(name: String, (status, details): (Status, Vec<String>)) -> ItemAudit {
    item(name, status, details)
}

fn mfa(user: &DesiredUser, live: &UserCredentials, now: Timestamp) -> (Status, Vec<String>) {
    if live.mfa_devices.is_empty() {
        return (
            Status::Missing,
            vec![format!(
                "no MFA device; the user was created {}",
                ago(now, live.created)
            )],
        );
    }
    let serials: Vec<&str> = live
        .mfa_devices
        .iter()
        .map(|device| device.serial.as_str())
        .collect();
    if serials.contains(&user.mfa_serial.as_str()) {
        let enabled = live
            .mfa_devices
            .iter()
            .find(|device| device.serial == user.mfa_serial)
            .and_then(|device| device.enabled)
            .map(|enabled| format!(", enabled {}", ago(now, enabled)))
            .unwrap_or_default();
        (Status::Ok, vec![format!("{}{enabled}", user.mfa_serial)])
    } else {
        (
            Status::Drifted,
            vec![format!(
                "MFA device {} is not {}, which the rendered AWS CLI profiles name",
                serials.join(", "),
                user.mfa_serial
            )],
        )
    }
}

fn console(
    desired: &DesiredCredentials,
    user: &DesiredUser,
    live: &UserCredentials,
    now: Timestamp,
) -> (Status, Vec<String>) {
    let unused_days = i64::from(desired.thresholds.unused_credentials_days);
    match (user.console, live.login_profile) {
        (false, None) => (
            Status::Ok,
            vec!["no console password (console = false)".to_owned()],
        ),
        (false, Some(_)) => (
            Status::Drifted,
            vec![
                "a console password exists, the layout says console = false (apply --prune \
                 deletes it)"
                    .to_owned(),
            ],
        ),
        (true, None) => (
            Status::Missing,
            vec!["no console password (apply creates the login profile)".to_owned()],
        ),
        (true, Some(profile)) => {
            let mut statuses = Vec::new();
            let mut details = Vec::new();
            match live.password_last_used {
                Some(used) => {
                    details.push(format!("last used {}", ago(now, used)));
                    if days(now, used) >= unused_days {
                        statuses.push(Status::Stale);
                        details.push(format!("unused for {unused_days} days or more"));
                    }
                }
                None => {
                    let set = live.password_last_changed.unwrap_or(profile.created);
                    details.push(format!("never used; set {}", ago(now, set)));
                    if days(now, set) >= unused_days {
                        statuses.push(Status::Stale);
                        details.push(format!("unused for {unused_days} days or more"));
                    }
                }
            }
            if profile.reset_required {
                details.push("the initial password is not changed yet".to_owned());
            }
            if let Some(changed) = live.password_last_changed {
                details.push(format!("changed {}", ago(now, changed)));
                let max_age = i64::from(desired.password_policy.max_password_age);
                if max_age > 0 && days(now, changed) >= max_age {
                    statuses.push(Status::Stale);
                    details.push(format!(
                        "older than the policy's {max_age} days: it has expired"
                    ));
                }
            }
            (worst(&statuses), details)
        }
    }
}

fn access_keys(
    thresholds: &AuditThresholds,
    live: &UserCredentials,
    now: Timestamp,
) -> (Status, Vec<String>) {
    if live.access_keys.is_empty() {
        return (Status::Ok, vec!["no access key".to_owned()]);
    }
    let max_age = i64::from(thresholds.access_key_max_age_days);
    let unused_days = i64::from(thresholds.unused_credentials_days);
    let mut statuses = Vec::new();
    let mut details = Vec::new();
    let active = live.access_keys.iter().filter(|key| key.active).count();
    if active > 1 {
        statuses.push(Status::Drifted);
        details.push(format!("{active} active keys; at most 1"));
    }
    for key in &live.access_keys {
        if !key.active {
            details.push(format!(
                "{} inactive, created {} (delete it)",
                key.id,
                ago(now, key.created)
            ));
            continue;
        }
        let mut line = format!("{} created {}", key.id, ago(now, key.created));
        match key.last_used {
            Some(used) => line.push_str(&format!(", last used {}", ago(now, used))),
            None => line.push_str(", never used"),
        }
        if days(now, key.created) >= max_age {
            statuses.push(Status::Stale);
            line.push_str(&format!("; older than {max_age} days: rotate it"));
        }
        let idle_since = key.last_used.unwrap_or(key.created);
        if days(now, idle_since) >= unused_days {
            statuses.push(Status::Stale);
            line.push_str(&format!(
                "; unused for {unused_days} days or more: deactivate it"
            ));
        }
        details.push(line);
    }
    (worst(&statuses), details)
}
