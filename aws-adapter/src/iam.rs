//! IAM: reading roles, groups, users and customer managed policies into plain values, and
//! running the IAM operations of a plan.

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_iam::types::Tag;
use iam_policy::{AccountId, Policy};
use jumpgate_planner::Op;
use jumpgate_planner::state::{
    AccountIam, AccountRef, GROUP_MARK_POLICY, GroupState, IamState, MANAGED_GROUP_PATH,
    MANAGED_TAG_KEY, MANAGED_TAG_VALUE, ManagedPolicyState, PolicyEntity, RoleState, UserState,
};
use percent_encoding::percent_decode_str;

use crate::error::arn as parse_arn;
use crate::{Aws, Error};

impl Aws {
    /// Reads IAM in `accounts`: the password policy, every role (with its tags, trust, session
    /// length and policies) and customer managed policy (with tags; managed ones with their
    /// document, versions and attachments), and in `jump` every group (with policies) and user
    /// (with tags and groups; managed ones with whether they have a login profile). With `full`,
    /// the policies of the roles, groups and customer managed policies jumpgate does not manage
    /// are read too (adoption and import need them; a plan without adoption leaves them alone
    /// and saves the calls).
    pub async fn read_iam(
        &self,
        accounts: &[AccountRef],
        jump: Option<AccountId>,
        full: bool,
    ) -> Result<IamState, Error> {
        let read = self
            .each(
                "reading IAM",
                accounts,
                |account| account.name.clone(),
                |account| async move {
                    let iam = self.iam(account.id).await?;
                    let mut live = AccountIam {
                        roles: read_roles(&iam, full).await?,
                        policies: read_policies(&iam, full).await?,
                        password_policy: crate::credentials::read_password_policy(&iam).await?,
                        ..AccountIam::default()
                    };
                    if jump == Some(account.id) {
                        live.groups = read_groups(&iam, full).await?;
                        live.users = read_users(&iam, full).await?;
                    }
                    Ok((account.clone(), live))
                },
            )
            .await?;
        Ok(IamState {
            accounts: read.into_iter().collect(),
        })
    }
}

/// Parses a policy document as IAM returns it: URL-encoded (GetRole, GetRolePolicy, ...) or raw.
pub fn decode_policy(operation: &str, text: &str) -> Result<Policy, Error> {
    if let Ok(policy) = Policy::from_json(text) {
        return Ok(policy);
    }
    let decoded = percent_decode_str(text).decode_utf8_lossy();
    if let Ok(policy) = Policy::from_json(&decoded) {
        return Ok(policy);
    }
    // Form encoding, where `+` is a space (an encoded `+` is `%2B`).
    let spaced = text.replace('+', " ");
    Policy::from_json(&percent_decode_str(&spaced).decode_utf8_lossy()).map_err(|error| {
        Error::unexpected(operation, format!("unparsable policy document: {error}"))
    })
}

pub(crate) fn is_managed(tags: &[Tag]) -> bool {
    tags.iter()
        .any(|tag| tag.key() == MANAGED_TAG_KEY && tag.value() == MANAGED_TAG_VALUE)
}

fn managed_tag() -> Result<Tag, Error> {
    Tag::builder()
        .key(MANAGED_TAG_KEY)
        .value(MANAGED_TAG_VALUE)
        .build()
        .map_err(|error| Error::unexpected("iam:Tag", error.to_string()))
}

pub(crate) async fn read_roles(
    iam: &aws_sdk_iam::Client,
    full: bool,
) -> Result<BTreeMap<String, RoleState>, Error> {
    let listed = iam
        .list_roles()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("iam:ListRoles", error))?;
    let mut roles = BTreeMap::new();
    for listed_role in listed {
        let name = listed_role.role_name().to_owned();
        let got = iam
            .get_role()
            .role_name(&name)
            .send()
            .await
            .map_err(|error| Error::aws("iam:GetRole", error))?;
        let Some(role) = got.role() else { continue };
        let managed = is_managed(role.tags());
        let trust = match role.assume_role_policy_document() {
            Some(text) => decode_policy("iam:GetRole", text),
            None => Err(Error::unexpected("iam:GetRole", "no trust policy")),
        };
        let trust = match trust {
            Ok(trust) => trust,
            // An unmanaged role's odd trust policy is none of jumpgate's business.
            Err(_) if !managed => Policy::from_json(r#"{"Statement":[]}"#)
                .map_err(|error| Error::unexpected("iam:GetRole", error.to_string()))?,
            Err(error) => return Err(error),
        };
        let mut state = RoleState {
            name: name.clone(),
            path: role.path().to_owned(),
            trust,
            max_session_duration: role
                .max_session_duration()
                .and_then(|seconds| u32::try_from(seconds).ok())
                .unwrap_or(3_600),
            attached: BTreeSet::new(),
            inline: BTreeMap::new(),
            managed,
        };
        if managed || full {
            let attached = iam
                .list_attached_role_policies()
                .role_name(&name)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListAttachedRolePolicies", error))?;
            state.attached = attached
                .iter()
                .filter_map(|policy| policy.policy_arn())
                .map(|attached| parse_arn("iam:ListAttachedRolePolicies", attached))
                .collect::<Result<_, _>>()?;
            let names = iam
                .list_role_policies()
                .role_name(&name)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListRolePolicies", error))?;
            for policy_name in names {
                let got = iam
                    .get_role_policy()
                    .role_name(&name)
                    .policy_name(&policy_name)
                    .send()
                    .await
                    .map_err(|error| Error::aws("iam:GetRolePolicy", error))?;
                let policy = decode_policy("iam:GetRolePolicy", got.policy_document())?;
                state.inline.insert(policy_name, policy);
            }
        }
        roles.insert(name, state);
    }
    Ok(roles)
}

/// The number of a policy version id (`v3` is 3), for ordering versions oldest first.
fn version_number(id: &str) -> u64 {
    id.trim_start_matches(['v', 'V'])
        .parse()
        .unwrap_or(u64::MAX)
}

pub(crate) async fn read_policies(
    iam: &aws_sdk_iam::Client,
    full: bool,
) -> Result<BTreeMap<String, ManagedPolicyState>, Error> {
    let listed = iam
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("iam:ListPolicies", error))?;
    let mut policies = BTreeMap::new();
    for listed_policy in listed {
        let (Some(name), Some(arn)) = (listed_policy.policy_name(), listed_policy.arn()) else {
            continue;
        };
        let tags = iam
            .list_policy_tags()
            .policy_arn(arn)
            .send()
            .await
            .map_err(|error| Error::aws("iam:ListPolicyTags", error))?;
        let mut state = ManagedPolicyState {
            name: name.to_owned(),
            path: listed_policy.path().unwrap_or("/").to_owned(),
            arn: parse_arn("iam:ListPolicies", arn)?,
            document: Policy::from_json(r#"{"Statement":[]}"#)
                .map_err(|error| Error::unexpected("iam:ListPolicies", error.to_string()))?,
            managed: is_managed(tags.tags()),
            old_versions: Vec::new(),
            attached_to: BTreeSet::new(),
        };
        if state.managed || full {
            let default = listed_policy.default_version_id().ok_or_else(|| {
                Error::unexpected(
                    "iam:ListPolicies",
                    format!("`{name}` has no default version"),
                )
            })?;
            let version = iam
                .get_policy_version()
                .policy_arn(arn)
                .version_id(default)
                .send()
                .await
                .map_err(|error| Error::aws("iam:GetPolicyVersion", error))?;
            let document = version
                .policy_version()
                .and_then(|version| version.document())
                .ok_or_else(|| Error::unexpected("iam:GetPolicyVersion", "no document"))?;
            state.document = decode_policy("iam:GetPolicyVersion", document)?;
            let versions = iam
                .list_policy_versions()
                .policy_arn(arn)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListPolicyVersions", error))?;
            let mut old: Vec<String> = versions
                .iter()
                .filter(|version| !version.is_default_version())
                .filter_map(|version| version.version_id().map(str::to_owned))
                .collect();
            old.sort_by_key(|id| version_number(id));
            state.old_versions = old;
            let entities = iam
                .list_entities_for_policy()
                .policy_arn(arn)
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListEntitiesForPolicy", error))?;
            for page in entities {
                state.attached_to.extend(
                    page.policy_roles()
                        .iter()
                        .filter_map(|role| role.role_name())
                        .map(|role| PolicyEntity::Role(role.to_owned())),
                );
                state.attached_to.extend(
                    page.policy_groups()
                        .iter()
                        .filter_map(|group| group.group_name())
                        .map(|group| PolicyEntity::Group(group.to_owned())),
                );
                state.attached_to.extend(
                    page.policy_users()
                        .iter()
                        .filter_map(|user| user.user_name())
                        .map(|user| PolicyEntity::User(user.to_owned())),
                );
            }
        }
        policies.insert(name.to_owned(), state);
    }
    Ok(policies)
}

pub(crate) async fn read_groups(
    iam: &aws_sdk_iam::Client,
    full: bool,
) -> Result<BTreeMap<String, GroupState>, Error> {
    let listed = iam
        .list_groups()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("iam:ListGroups", error))?;
    let mut groups = BTreeMap::new();
    for group in listed {
        let name = group.group_name().to_owned();
        let mut state = GroupState {
            name: name.clone(),
            path: group.path().to_owned(),
            attached: BTreeSet::new(),
            inline: BTreeMap::new(),
        };
        // A group outside the managed path is jumpgate's when it holds the mark (an adopted
        // group): its inline policy names say.
        let names: Vec<String> = iam
            .list_group_policies()
            .group_name(&name)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|error| Error::aws("iam:ListGroupPolicies", error))?;
        let marked = names.iter().any(|policy| policy == GROUP_MARK_POLICY);
        if state.managed() || marked || full {
            let attached = iam
                .list_attached_group_policies()
                .group_name(&name)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListAttachedGroupPolicies", error))?;
            state.attached = attached
                .iter()
                .filter_map(|policy| policy.policy_arn())
                .map(|attached| parse_arn("iam:ListAttachedGroupPolicies", attached))
                .collect::<Result<_, _>>()?;
            for policy_name in names {
                let got = iam
                    .get_group_policy()
                    .group_name(&name)
                    .policy_name(&policy_name)
                    .send()
                    .await
                    .map_err(|error| Error::aws("iam:GetGroupPolicy", error))?;
                let policy = decode_policy("iam:GetGroupPolicy", got.policy_document())?;
                state.inline.insert(policy_name, policy);
            }
        }
        groups.insert(name, state);
    }
    Ok(groups)
}

/// Every user of the account; whether a user has a login profile is read for jumpgate's users,
/// and with `full` (adoption, import) for every user.
pub(crate) async fn read_users(
    iam: &aws_sdk_iam::Client,
    full: bool,
) -> Result<BTreeMap<String, UserState>, Error> {
    let listed = iam
        .list_users()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("iam:ListUsers", error))?;
    let mut users = BTreeMap::new();
    for user in listed {
        let name = user.user_name().to_owned();
        let tags = iam
            .list_user_tags()
            .user_name(&name)
            .send()
            .await
            .map_err(|error| Error::aws("iam:ListUserTags", error))?;
        let groups = iam
            .list_groups_for_user()
            .user_name(&name)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|error| Error::aws("iam:ListGroupsForUser", error))?;
        let managed = is_managed(tags.tags());
        let login_profile = (managed || full)
            && crate::credentials::read_login_profile(iam, &name)
                .await?
                .is_some();
        users.insert(
            name.clone(),
            UserState {
                name,
                path: user.path().to_owned(),
                groups: groups
                    .iter()
                    .map(|group| group.group_name().to_owned())
                    .collect(),
                managed,
                login_profile,
            },
        );
    }
    Ok(users)
}

pub(crate) fn json(policy: &Policy) -> Result<String, Error> {
    serde_json::to_string(policy)
        .map_err(|error| Error::unexpected("serialize policy", error.to_string()))
}

/// A failed call: the service's error code (when it sent one) and the error.
pub(crate) struct Failure {
    pub(crate) code: Option<String>,
    pub(crate) error: Error,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure { code: None, error }
    }
}

/// Runs one IAM operation. When it fails because its effect is already there (a retried call
/// whose first answer was lost, or a stale plan), the result is read back: a create whose
/// resource exists with jumpgate's mark, or a delete, detach or removal of something already
/// gone, counts as done. Anything else is an error.
pub(crate) async fn run_iam_op(iam: &aws_sdk_iam::Client, op: &Op) -> Result<(), Error> {
    let Err(failure) = send_iam_op(iam, op).await else {
        return Ok(());
    };
    match already_done(iam, op, failure.code.as_deref()).await {
        Ok(true) => Ok(()),
        Ok(false) | Err(_) => Err(failure.error),
    }
}

/// Whether the effect of `op`, which failed with `code`, is there and jumpgate's.
async fn already_done(
    iam: &aws_sdk_iam::Client,
    op: &Op,
    code: Option<&str>,
) -> Result<bool, Error> {
    match (op, code) {
        (Op::CreateRole { role, .. }, Some("EntityAlreadyExists")) => {
            let got = iam
                .get_role()
                .role_name(role)
                .send()
                .await
                .map_err(|error| Error::aws("iam:GetRole", error))?;
            Ok(got.role().is_some_and(|role| is_managed(role.tags())))
        }
        (Op::CreateUser { user, .. }, Some("EntityAlreadyExists")) => {
            let tags = iam
                .list_user_tags()
                .user_name(user)
                .send()
                .await
                .map_err(|error| Error::aws("iam:ListUserTags", error))?;
            Ok(is_managed(tags.tags()))
        }
        (Op::CreateGroup { group, .. }, Some("EntityAlreadyExists")) => {
            let got = iam
                .get_group()
                .group_name(group)
                .send()
                .await
                .map_err(|error| Error::aws("iam:GetGroup", error))?;
            Ok(got
                .group()
                .is_some_and(|group| group.path().starts_with(MANAGED_GROUP_PATH)))
        }
        (Op::CreatePolicy { name, path, .. }, Some("EntityAlreadyExists")) => {
            let listed = iam
                .list_policies()
                .scope(aws_sdk_iam::types::PolicyScopeType::Local)
                .path_prefix(path)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListPolicies", error))?;
            let Some(arn) = listed
                .iter()
                .find(|policy| policy.policy_name() == Some(name.as_str()))
                .and_then(|policy| policy.arn())
            else {
                return Ok(false);
            };
            let tags = iam
                .list_policy_tags()
                .policy_arn(arn)
                .send()
                .await
                .map_err(|error| Error::aws("iam:ListPolicyTags", error))?;
            Ok(is_managed(tags.tags()))
        }
        (
            Op::DetachRolePolicy { .. }
            | Op::DeleteRolePolicy { .. }
            | Op::DeleteRole { .. }
            | Op::DeleteGroupPolicy { .. }
            | Op::DetachGroupPolicy { .. }
            | Op::DeleteGroup { .. }
            | Op::RemoveUserFromGroup { .. }
            | Op::DeleteUser { .. }
            | Op::DeletePolicyVersion { .. }
            | Op::DetachUserPolicy { .. }
            | Op::DeletePolicy { .. }
            | Op::DeleteLoginProfile { .. },
            Some("NoSuchEntity"),
        ) => Ok(true),
        _ => Ok(false),
    }
}

async fn send_iam_op(iam: &aws_sdk_iam::Client, op: &Op) -> Result<(), Failure> {
    use aws_sdk_iam::error::ProvideErrorMetadata as _;
    macro_rules! send {
        ($operation:literal, $request:expr) => {
            $request.send().await.map(|_| ()).map_err(|error| Failure {
                code: error.code().map(str::to_owned),
                error: Error::aws($operation, error),
            })
        };
    }
    match op {
        Op::CreateRole {
            role,
            path,
            trust,
            max_session_duration,
        } => send!(
            "iam:CreateRole",
            iam.create_role()
                .role_name(role)
                .path(path)
                .assume_role_policy_document(json(trust)?)
                .max_session_duration(i32::try_from(*max_session_duration).unwrap_or(i32::MAX))
                .tags(managed_tag()?)
        ),
        Op::UpdateTrust { role, trust } => send!(
            "iam:UpdateAssumeRolePolicy",
            iam.update_assume_role_policy()
                .role_name(role)
                .policy_document(json(trust)?)
        ),
        Op::UpdateMaxSession {
            role,
            max_session_duration,
        } => send!(
            "iam:UpdateRole",
            iam.update_role()
                .role_name(role)
                .max_session_duration(i32::try_from(*max_session_duration).unwrap_or(i32::MAX))
        ),
        Op::AttachRolePolicy { role, arn } => send!(
            "iam:AttachRolePolicy",
            iam.attach_role_policy()
                .role_name(role)
                .policy_arn(arn.as_str())
        ),
        Op::DetachRolePolicy { role, arn } => send!(
            "iam:DetachRolePolicy",
            iam.detach_role_policy()
                .role_name(role)
                .policy_arn(arn.as_str())
        ),
        Op::PutRolePolicy { role, name, policy } => send!(
            "iam:PutRolePolicy",
            iam.put_role_policy()
                .role_name(role)
                .policy_name(name)
                .policy_document(json(policy)?)
        ),
        Op::DeleteRolePolicy { role, name } => send!(
            "iam:DeleteRolePolicy",
            iam.delete_role_policy().role_name(role).policy_name(name)
        ),
        Op::DeleteRole { role } => send!("iam:DeleteRole", iam.delete_role().role_name(role)),
        Op::CreateGroup { group, path } => send!(
            "iam:CreateGroup",
            iam.create_group().group_name(group).path(path)
        ),
        Op::PutGroupPolicy {
            group,
            name,
            policy,
        } => send!(
            "iam:PutGroupPolicy",
            iam.put_group_policy()
                .group_name(group)
                .policy_name(name)
                .policy_document(json(policy)?)
        ),
        Op::DeleteGroupPolicy { group, name } => send!(
            "iam:DeleteGroupPolicy",
            iam.delete_group_policy()
                .group_name(group)
                .policy_name(name)
        ),
        Op::AttachGroupPolicy { group, arn } => send!(
            "iam:AttachGroupPolicy",
            iam.attach_group_policy()
                .group_name(group)
                .policy_arn(arn.as_str())
        ),
        Op::DetachGroupPolicy { group, arn } => send!(
            "iam:DetachGroupPolicy",
            iam.detach_group_policy()
                .group_name(group)
                .policy_arn(arn.as_str())
        ),
        Op::DeleteGroup { group } => send!("iam:DeleteGroup", iam.delete_group().group_name(group)),
        Op::CreateUser { user, path } => send!(
            "iam:CreateUser",
            iam.create_user()
                .user_name(user)
                .path(path)
                .tags(managed_tag()?)
        ),
        Op::AddUserToGroup { user, group } => send!(
            "iam:AddUserToGroup",
            iam.add_user_to_group().user_name(user).group_name(group)
        ),
        Op::RemoveUserFromGroup { user, group } => send!(
            "iam:RemoveUserFromGroup",
            iam.remove_user_from_group()
                .user_name(user)
                .group_name(group)
        ),
        Op::DeleteUser { user } => send!("iam:DeleteUser", iam.delete_user().user_name(user)),
        Op::CreatePolicy { name, path, policy } => send!(
            "iam:CreatePolicy",
            iam.create_policy()
                .policy_name(name)
                .path(path)
                .policy_document(json(policy)?)
                .tags(managed_tag()?)
        ),
        Op::CreatePolicyVersion { arn, policy } => send!(
            "iam:CreatePolicyVersion",
            iam.create_policy_version()
                .policy_arn(arn.as_str())
                .policy_document(json(policy)?)
                .set_as_default(true)
        ),
        Op::DeletePolicyVersion { arn, version } => send!(
            "iam:DeletePolicyVersion",
            iam.delete_policy_version()
                .policy_arn(arn.as_str())
                .version_id(version)
        ),
        Op::DetachUserPolicy { user, arn } => send!(
            "iam:DetachUserPolicy",
            iam.detach_user_policy()
                .user_name(user)
                .policy_arn(arn.as_str())
        ),
        Op::DeletePolicy { arn } => send!(
            "iam:DeletePolicy",
            iam.delete_policy().policy_arn(arn.as_str())
        ),
        Op::UpdatePasswordPolicy { policy } => send!(
            "iam:UpdateAccountPasswordPolicy",
            crate::credentials::update_password_policy(iam, policy)
        ),
        Op::DeleteLoginProfile { user } => send!(
            "iam:DeleteLoginProfile",
            iam.delete_login_profile().user_name(user)
        ),
        Op::CreateLoginProfile { user, .. } => Err(Failure {
            code: None,
            error: Error::unexpected(
                "iam:CreateLoginProfile",
                format!("the login profile of `{user}` is created with its credential sink"),
            ),
        }),
        Op::TagRole { role } => send!(
            "iam:TagRole",
            iam.tag_role().role_name(role).tags(managed_tag()?)
        ),
        Op::TagUser { user } => send!(
            "iam:TagUser",
            iam.tag_user().user_name(user).tags(managed_tag()?)
        ),
        Op::TagPolicy { arn } => send!(
            "iam:TagPolicy",
            iam.tag_policy()
                .policy_arn(arn.as_str())
                .tags(managed_tag()?)
        ),
        Op::CreateOrganization
        | Op::CreateOu { .. }
        | Op::CreateAccount { .. }
        | Op::MoveAccount { .. }
        | Op::Guardrail { .. }
        | Op::Baseline { .. } => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A resource with a space and a `+`, which URL and form encoding write differently.
    const DOCUMENT: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a b+c/*"}]}"#;

    /// `text` with every byte but ASCII letters and digits as `%XX`; with `form`, a space as `+`.
    fn encode(text: &str, form: bool) -> String {
        text.bytes()
            .map(|byte| match byte {
                b' ' if form => "+".to_owned(),
                byte if byte.is_ascii_alphanumeric() => char::from(byte).to_string(),
                byte => format!("%{byte:02X}"),
            })
            .collect()
    }

    fn decoded(text: &str) -> String {
        let policy = decode_policy("iam:GetRole", text).expect("decodes");
        serde_json::to_string(&policy).expect("serializes")
    }

    #[test]
    fn policy_documents_decode_raw_url_encoded_and_form_encoded() {
        let expected = decoded(DOCUMENT);
        assert!(expected.contains("a b+c"), "{expected}");
        assert_eq!(decoded(&encode(DOCUMENT, false)), expected);
        // Form encoding is the fallback when URL decoding gives no policy: a `+` between
        // tokens is no JSON, so it must be a space.
        let pretty = DOCUMENT.replace("a b+c", "a").replace(',', ", ");
        assert_eq!(decoded(&encode(&pretty, true)), decoded(&pretty));
        // A `%` that starts no escape stays as it is.
        let stray = encode(&DOCUMENT.replace("a b+c", "percent"), false).replace("percent", "100%");
        assert!(decoded(&stray).contains("100%/*"), "{stray}");
    }

    #[test]
    fn an_unparsable_document_names_the_operation() {
        let error = decode_policy("iam:GetRolePolicy", "%7Bnot json").expect_err("unparsable");
        assert!(
            error
                .to_string()
                .starts_with("unexpected response from iam:GetRolePolicy: unparsable policy"),
            "{error}"
        );
    }
}
