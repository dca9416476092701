//! IAM files: each role in each account it is deployed to (`accounts/`), and the JUMP account's
//! groups, policies and users (`jump/`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::Context;
use super::output::{FileKind, Out};
use super::text;
use crate::{Error, Permission, managed};

/// An account by name and id.
#[derive(Serialize)]
struct AccountRef<'a> {
    name: &'a str,
    id: &'a str,
}

/// A customer managed policy as apply creates it: in the role's or group's account, under the
/// managed path, tagged.
#[derive(Serialize)]
struct CustomerPolicy<'a> {
    name: &'a str,
    path: &'a str,
    arn: String,
    tags: BTreeMap<&'static str, &'static str>,
    /// The document's file.
    document: String,
}

/// An inline policy by the name apply puts it under, and its document's file.
#[derive(Serialize)]
struct InlinePolicy<'a> {
    name: &'a str,
    document: String,
}

/// The policies of a role or group, as apply attaches and puts them: each once, sorted by ARN
/// or name (what IAM lists).
#[derive(Serialize, Default)]
struct Attachments<'a> {
    /// ARNs of the AWS managed policies, `arn:PARTITION:iam::aws:policy/NAME`.
    aws_managed_policies: Vec<String>,
    /// Customer managed policies (documents under `policies/`).
    customer_policies: Vec<CustomerPolicy<'a>>,
    /// Inline policies (documents under `policies/`, or the shared ones of JUMP groups).
    inline_policies: Vec<InlinePolicy<'a>>,
}

impl<'a> Attachments<'a> {
    /// The attachments of `permissions` held in account `account`, documents under `dir`.
    fn of(cx: &Context<'_>, account: &str, dir: &str, permissions: &'a [Permission]) -> Self {
        let mut attachments = Attachments::default();
        for permission in permissions {
            let document = format!("{dir}/policies/{}.json", permission.name());
            match permission {
                Permission::AwsManaged { aws_managed } => attachments
                    .aws_managed_policies
                    .push(managed::aws_managed_policy_arn(cx.partition, aws_managed)),
                Permission::Customer { customer, path, .. } => {
                    attachments.customer_policies.push(CustomerPolicy {
                        name: customer,
                        path: path.as_deref().unwrap_or(managed::POLICY_PATH),
                        arn: managed::customer_policy_arn_at(
                            cx.partition,
                            account,
                            path.as_deref(),
                            customer,
                        ),
                        tags: managed::tags(),
                        document,
                    });
                }
                Permission::Inline { inline, .. } => {
                    attachments.inline_policies.push(InlinePolicy {
                        name: inline,
                        document,
                    });
                }
            }
        }
        attachments.aws_managed_policies.sort_unstable();
        attachments.aws_managed_policies.dedup();
        attachments
            .customer_policies
            .sort_by(|left, right| left.arn.cmp(&right.arn));
        attachments
            .customer_policies
            .dedup_by(|left, right| left.arn == right.arn);
        attachments.sort_inline();
        attachments
    }

    fn sort_inline(&mut self) {
        self.inline_policies
            .sort_by(|left, right| left.name.cmp(right.name));
        self.inline_policies
            .dedup_by(|left, right| left.name == right.name);
    }
}

/// `accounts/<ACCOUNT>/roles/<role>/role.json`: the role as apply creates it.
#[derive(Serialize)]
struct RoleFile<'a> {
    name: &'a str,
    path: &'a str,
    arn: String,
    account: AccountRef<'a>,
    max_session_duration: u32,
    tags: BTreeMap<&'static str, &'static str>,
    /// The trust policy's file, absent while the JUMP account has no id.
    trust_policy: Option<String>,
    #[serde(flatten)]
    attachments: Attachments<'a>,
}

/// `jump/groups/<group>/group.json`: the group as apply creates it (IAM groups cannot be
/// tagged: the managed path marks them).
#[derive(Serialize)]
struct GroupFile<'a> {
    name: &'a str,
    path: String,
    arn: String,
    #[serde(flatten)]
    attachments: Attachments<'a>,
}

/// `jump/users.json`.
#[derive(Serialize)]
struct UsersFile<'a> {
    account: AccountRef<'a>,
    users: Vec<UserEntry<'a>>,
}

#[derive(Serialize)]
struct UserEntry<'a> {
    name: &'a str,
    path: &'a str,
    arn: String,
    tags: BTreeMap<&'static str, &'static str>,
    groups: Vec<&'a str>,
    /// Whether apply gives the user a login profile (an initial password to change at first
    /// sign-in).
    console: bool,
    /// The name to type as the virtual MFA device's name in the console.
    mfa_device_name: &'a str,
    mfa_serial: String,
    /// The first-sign-in steps, when rendered (partition `aws`).
    first_sign_in: Option<String>,
}

/// `password-policy.json`: the account password policy, as `UpdateAccountPasswordPolicy`
/// sets it, and the accounts (with an id) apply sets it in.
#[derive(Serialize)]
struct PasswordPolicyFile<'a> {
    accounts: Vec<AccountRef<'a>>,
    policy: &'a crate::PasswordPolicy,
}

/// `password-policy.json`, when an account has an id.
pub(super) fn password_policy(cx: &Context<'_>, out: &mut Out) -> Result<(), Error> {
    // By name, each once (the order of accounts in the layout does not matter).
    let mut accounts: Vec<AccountRef<'_>> = cx
        .layout
        .accounts
        .iter()
        .filter(|account| text::is_name(&account.name))
        .filter_map(|account| {
            account.id.as_ref().map(|id| AccountRef {
                name: &account.name,
                id: id.as_str(),
            })
        })
        .collect();
    accounts.sort_by(|left, right| left.name.cmp(right.name).then(left.id.cmp(right.id)));
    accounts.dedup_by(|later, earlier| later.name == earlier.name);
    if accounts.is_empty() {
        return Ok(());
    }
    let file = PasswordPolicyFile {
        accounts,
        policy: &cx.layout.jump.password_policy,
    };
    out.add_json(
        "password-policy.json".to_owned(),
        FileKind::PasswordPolicy,
        &file,
    )
}

/// Adds one file per customer or inline permission under `dir/policies/`.
fn permission_files(
    out: &mut Out,
    dir: &str,
    kind: FileKind,
    permissions: &[Permission],
) -> Result<(), Error> {
    for permission in permissions {
        let Some(policy) = permission.policy() else {
            continue;
        };
        let name = permission.name();
        if text::is_name(name) {
            out.add_json(format!("{dir}/policies/{name}.json"), kind, policy)?;
        } else {
            out.skip(
                format!("{dir}/policies/{}", text::one_line(name)),
                super::context::NOT_A_NAME,
            );
        }
    }
    Ok(())
}

/// Every role in every account it is deployed to that has an id.
pub(super) fn accounts(cx: &Context<'_>, out: &mut Out) -> Result<(), Error> {
    for (role, accounts) in cx.layout.role_deployments() {
        if !text::is_name(&role.name) {
            continue;
        }
        let trust = match cx.jump {
            Some(_) => cx.policies.trust_policy(role)?,
            None => None,
        };
        for account in accounts {
            let Some(id) = account.id.filter(|_| text::is_name(&account.name)) else {
                continue;
            };
            let dir = format!("accounts/{}/roles/{}", account.name, role.name);
            if let Some(trust) = &trust {
                out.add_json(
                    format!("{dir}/trust-policy.json"),
                    FileKind::TrustPolicy,
                    trust,
                )?;
            }
            permission_files(out, &dir, FileKind::PermissionPolicy, &role.permissions)?;
            let description = RoleFile {
                name: &role.name,
                path: &role.path,
                arn: cx.iam_arn(id, "role", &role.path, &role.name),
                account: AccountRef {
                    name: &account.name,
                    id: id.as_str(),
                },
                max_session_duration: role.max_session_duration,
                tags: managed::tags(),
                trust_policy: trust.as_ref().map(|_| format!("{dir}/trust-policy.json")),
                attachments: Attachments::of(cx, id.as_str(), &dir, &role.permissions),
            };
            out.add_json(format!("{dir}/role.json"), FileKind::Role, &description)?;
        }
    }
    Ok(())
}

const REQUIRE_MFA: &str = "jump/policies/require-mfa.json";

/// The JUMP account: the MFA policy, each group's policies and description, and the users.
pub(super) fn jump(cx: &Context<'_>, out: &mut Out) -> Result<(), Error> {
    let Some(jump) = cx.jump else {
        return Ok(());
    };
    let layout = cx.layout;
    let require_mfa = match crate::policies::require_mfa_policy(layout)? {
        Some(policy) => {
            out.add_json(REQUIRE_MFA.to_owned(), FileKind::GroupPolicy, &policy)?;
            true
        }
        None => false,
    };
    for group in layout
        .groups
        .iter()
        .filter(|group| text::is_name(&group.name))
    {
        let dir = format!("jump/groups/{}", group.name);
        let assume = cx.policies.group_assume_role_policy(&group.name)?;
        match &assume {
            Some(policy) => {
                out.add_json(
                    format!("{dir}/assume-roles.json"),
                    FileKind::GroupPolicy,
                    policy,
                )?;
            }
            None => out.skip(
                format!("{dir}/assume-roles.json"),
                "no grant gives the group a role in an account with an id",
            ),
        }
        permission_files(out, &dir, FileKind::GroupPolicy, &group.permissions)?;
        let path = managed::group_iam_path(group);
        let mut attachments = Attachments::of(cx, jump.id.as_str(), &dir, &group.permissions);
        // Apply puts the rendered AssumeRole and MFA policies inline, under its own names.
        if assume.is_some() {
            attachments.inline_policies.push(InlinePolicy {
                name: managed::ASSUME_ROLES_POLICY,
                document: format!("{dir}/assume-roles.json"),
            });
        }
        if require_mfa {
            attachments.inline_policies.push(InlinePolicy {
                name: managed::REQUIRE_MFA_POLICY,
                document: REQUIRE_MFA.to_owned(),
            });
        }
        attachments.sort_inline();
        let description = GroupFile {
            name: &group.name,
            arn: cx.iam_arn(jump.id, "group", &path, &group.name),
            path,
            attachments,
        };
        out.add_json(format!("{dir}/group.json"), FileKind::Group, &description)?;
    }
    let users = cx
        .users
        .iter()
        .map(|user| {
            let mut groups: Vec<&str> = user
                .groups
                .iter()
                .filter(|name| cx.group_names.contains(name.as_str()))
                .map(String::as_str)
                .collect();
            groups.sort_unstable();
            groups.dedup();
            UserEntry {
                name: &user.name,
                path: &user.path,
                arn: cx.iam_arn(jump.id, "user", &user.path, &user.name),
                tags: managed::tags(),
                groups,
                console: user.console,
                mfa_device_name: crate::policies::mfa_device_name(&user.name),
                mfa_serial: cx.mfa_serial(jump, user),
                first_sign_in: (cx.partition == iam_policy::Partition::Aws)
                    .then(|| super::client::first_sign_in_path(&user.name)),
            }
        })
        .collect();
    let file = UsersFile {
        account: AccountRef {
            name: &jump.account.name,
            id: jump.id.as_str(),
        },
        users,
    };
    out.add_json("jump/users.json".to_owned(), FileKind::Users, &file)
}
