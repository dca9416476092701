//! IAM files: each role in each account it is deployed to (`accounts/`), and the JUMP account's
//! groups, policies and users (`jump/`).

use serde::Serialize;

use super::{Context, FileKind, Out, text};
use crate::{Error, Permission, policies};

/// An account by name and id.
#[derive(Serialize)]
struct AccountRef<'a> {
    name: &'a str,
    id: &'a str,
}

/// The policies of a role or group, by kind.
#[derive(Serialize, Default)]
struct Attachments<'a> {
    /// ARNs of the AWS managed policies, `arn:PARTITION:iam::aws:policy/NAME`.
    aws_managed_policies: Vec<String>,
    /// Names of customer managed policies (documents under `policies/`).
    customer_policies: Vec<&'a str>,
    /// Names of inline policies (documents under `policies/`).
    inline_policies: Vec<&'a str>,
}

impl<'a> Attachments<'a> {
    fn of(cx: &Context<'_>, permissions: &'a [Permission]) -> Self {
        let mut attachments = Attachments::default();
        for permission in permissions {
            match permission {
                Permission::AwsManaged { aws_managed } => {
                    attachments.aws_managed_policies.push(format!(
                        "arn:{}:iam::aws:policy/{aws_managed}",
                        cx.partition.as_str()
                    ))
                }
                Permission::Customer { customer, .. } => {
                    attachments.customer_policies.push(customer);
                }
                Permission::Inline { inline, .. } => attachments.inline_policies.push(inline),
            }
        }
        attachments
    }
}

/// `accounts/<ACCOUNT>/roles/<role>/role.json`.
#[derive(Serialize)]
struct RoleFile<'a> {
    name: &'a str,
    path: &'a str,
    arn: String,
    account: AccountRef<'a>,
    max_session_duration: u32,
    #[serde(flatten)]
    attachments: Attachments<'a>,
}

/// `jump/groups/<group>/group.json`.
#[derive(Serialize)]
struct GroupFile<'a> {
    name: &'a str,
    path: &'a str,
    arn: String,
    /// The AssumeRole policy's file, absent when no grant names the group.
    assume_role_policy: Option<String>,
    /// The file of the MFA policy every group gets.
    require_mfa_policy: &'static str,
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
    groups: Vec<&'a str>,
    mfa_serial: String,
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
                super::NOT_A_NAME,
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
                attachments: Attachments::of(cx, &role.permissions),
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
    if let Some(policy) = policies::require_mfa_policy(layout)? {
        out.add_json(REQUIRE_MFA.to_owned(), FileKind::GroupPolicy, &policy)?;
    }
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
        let description = GroupFile {
            name: &group.name,
            path: &group.path,
            arn: cx.iam_arn(jump.id, "group", &group.path, &group.name),
            assume_role_policy: assume.as_ref().map(|_| format!("{dir}/assume-roles.json")),
            require_mfa_policy: REQUIRE_MFA,
            attachments: Attachments::of(cx, &group.permissions),
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
                groups,
                mfa_serial: cx.mfa_serial(jump, user),
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
