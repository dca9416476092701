//! Planning IAM (pure): roles, groups, users and customer managed policies in every account.

use std::collections::{BTreeMap, BTreeSet};

use iam_policy::{Arn, Policy};

use crate::diff::policy_diff;
use crate::op::{MAX_POLICY_VERSIONS, Op, initial_password_length};
use crate::plan::{Change, ChangeAction, Conflict, Plan, PlanOptions, Target};
use crate::state::{
    AccountIam, AccountRef, GroupState, IamState, MANAGED_GROUP_PATH, PasswordPolicy, PolicyEntity,
    RoleState, UserState,
};

/// Plans IAM in every account of `desired` (and every account of `live`): only managed
/// resources change; same-named unmanaged ones are conflicts, or adopted first with
/// [`PlanOptions::adopt`]; managed resources that left the layout are deleted with
/// [`PlanOptions::prune`] and retained otherwise. Per account, the password policy comes first
/// (the initial passwords of new login profiles are made for it), then customer managed
/// policies are created and updated; they are deleted last. A user's login profile is created
/// when the layout says `console` (the plan never holds the password: apply makes it) and
/// deleted, when it no longer does, only with [`PlanOptions::prune`].
pub fn plan_iam(desired: &IamState, live: &IamState, options: PlanOptions) -> Plan {
    let mut plan = Plan::default();
    let empty = AccountIam::default();
    let accounts: BTreeSet<&AccountRef> = desired
        .accounts
        .keys()
        .chain(live.accounts.keys())
        .collect();
    for account in accounts {
        let want = desired.accounts.get(account).unwrap_or(&empty);
        let have = live.accounts.get(account).unwrap_or(&empty);
        let target = Target::Account(account.clone());
        let start = plan.changes.len();
        plan_password_policy(&mut plan, &target, want, have);
        let adopted;
        let (want, have) = if options.adopt {
            adopted = crate::adopt::plan_adoptions(&mut plan, &target, want, have);
            (&adopted.0, &adopted.1)
        } else {
            (want, have)
        };
        let blocked = plan_policies(&mut plan, &target, want, have);
        let unblocked;
        let want = if blocked.is_empty() {
            want
        } else {
            unblocked = without_attachments(want, &blocked);
            &unblocked
        };
        plan_groups(&mut plan, &target, want, have, options);
        plan_users(&mut plan, &target, want, have, options);
        plan_roles(&mut plan, &target, want, have, options);
        plan_policy_deletes(&mut plan, start, &target, want, have, options);
    }
    plan
}

/// The password policy of one account: set when it is missing or differs (every parameter is
/// set at once; the account has one policy, whoever set it).
fn plan_password_policy(plan: &mut Plan, target: &Target, want: &AccountIam, have: &AccountIam) {
    let Some(desired) = want.password_policy else {
        return;
    };
    let (action, details) = match &have.password_policy {
        None => (
            ChangeAction::Create,
            vec![format!("new passwords: {}", desired.describe())],
        ),
        Some(live) if *live != desired => {
            (ChangeAction::Update, password_policy_diff(live, &desired))
        }
        Some(_) => return,
    };
    plan.changes.push(Change {
        target: target.clone(),
        resource: "password policy".to_owned(),
        action,
        details,
        ops: vec![Op::UpdatePasswordPolicy { policy: desired }],
    });
}

/// The parameters of two password policies that differ: `minimum_password_length: 8 -> 14`.
pub(crate) fn password_policy_diff(live: &PasswordPolicy, desired: &PasswordPolicy) -> Vec<String> {
    let numbers = [
        (
            "minimum_password_length",
            u32::from(live.minimum_password_length),
            u32::from(desired.minimum_password_length),
        ),
        (
            "max_password_age",
            u32::from(live.max_password_age),
            u32::from(desired.max_password_age),
        ),
        (
            "password_reuse_prevention",
            u32::from(live.password_reuse_prevention),
            u32::from(desired.password_reuse_prevention),
        ),
    ];
    let flags = [
        (
            "require_symbols",
            live.require_symbols,
            desired.require_symbols,
        ),
        (
            "require_numbers",
            live.require_numbers,
            desired.require_numbers,
        ),
        (
            "require_uppercase_characters",
            live.require_uppercase_characters,
            desired.require_uppercase_characters,
        ),
        (
            "require_lowercase_characters",
            live.require_lowercase_characters,
            desired.require_lowercase_characters,
        ),
        (
            "allow_users_to_change_password",
            live.allow_users_to_change_password,
            desired.allow_users_to_change_password,
        ),
        ("hard_expiry", live.hard_expiry, desired.hard_expiry),
    ];
    let mut lines: Vec<String> = numbers
        .into_iter()
        .filter(|(_, have, want)| have != want)
        .map(|(name, have, want)| format!("{name}: {have} -> {want}"))
        .collect();
    lines.extend(
        flags
            .into_iter()
            .filter(|(_, have, want)| have != want)
            .map(|(name, have, want)| format!("{name}: {have} -> {want}")),
    );
    lines
}

/// The change that gives `user` a login profile.
fn create_login_profile(user: &str, policy: Option<&PasswordPolicy>) -> (String, Op) {
    let policy = policy.copied().unwrap_or_default();
    (
        "+ console sign-in: an initial password, made at apply and written to the credentials \
         directory (never shown), to be changed at first sign-in"
            .to_owned(),
        Op::CreateLoginProfile {
            user: user.to_owned(),
            password_length: initial_password_length(&policy),
            password_reset_required: true,
        },
    )
}

/// `want` without attachments of the policies `arns` (policies jumpgate cannot manage).
fn without_attachments(want: &AccountIam, arns: &BTreeSet<Arn>) -> AccountIam {
    let mut want = want.clone();
    for role in want.roles.values_mut() {
        role.attached.retain(|arn| !arns.contains(arn));
    }
    for group in want.groups.values_mut() {
        group.attached.retain(|arn| !arns.contains(arn));
    }
    want
}

/// Plans creates and updates of customer managed policies (before the roles and groups that
/// attach them). Returns the ARNs of desired policies that are conflicts: roles and groups do
/// not attach those.
fn plan_policies(
    plan: &mut Plan,
    target: &Target,
    want: &AccountIam,
    have: &AccountIam,
) -> BTreeSet<Arn> {
    let mut blocked = BTreeSet::new();
    for (name, desired) in &want.policies {
        let resource = format!("policy `{name}`");
        match have.policies.get(name) {
            None => plan.changes.push(Change {
                target: target.clone(),
                resource,
                action: ChangeAction::Create,
                details: vec![format!("path {}", desired.path)],
                ops: vec![Op::CreatePolicy {
                    name: name.clone(),
                    path: desired.path.clone(),
                    policy: desired.document.clone(),
                }],
            }),
            Some(live) if !live.managed => {
                blocked.insert(desired.arn.clone());
                plan.conflicts.push(Conflict {
                    target: target.clone(),
                    resource,
                    reason: "a customer managed policy with this name exists without the tag \
                             managed-by = jumpgate (roles and groups do not get it attached)"
                        .to_owned(),
                });
            }
            Some(live) if live.arn != desired.arn => {
                blocked.insert(desired.arn.clone());
                plan.conflicts.push(Conflict {
                    target: target.clone(),
                    resource,
                    reason: format!(
                        "path is `{}`, the layout says `{}` (a policy's path cannot change)",
                        live.path, desired.path
                    ),
                });
            }
            Some(live) if !live.document.semantically_equals(&desired.document) => {
                let mut details = vec!["document changes:".to_owned()];
                details.extend(
                    policy_diff(&live.document, &desired.document)
                        .into_iter()
                        .map(|line| format!("  {line}")),
                );
                let mut ops = Vec::new();
                if live.old_versions.len() + 1 >= MAX_POLICY_VERSIONS
                    && let Some(oldest) = live.old_versions.first()
                {
                    details.push(format!(
                        "deletes the oldest version {oldest} (IAM keeps {MAX_POLICY_VERSIONS})"
                    ));
                    ops.push(Op::DeletePolicyVersion {
                        arn: live.arn.clone(),
                        version: oldest.clone(),
                    });
                }
                ops.push(Op::CreatePolicyVersion {
                    arn: live.arn.clone(),
                    policy: desired.document.clone(),
                });
                plan.changes.push(Change {
                    target: target.clone(),
                    resource,
                    action: ChangeAction::Update,
                    details,
                    ops,
                });
            }
            Some(_) => {}
        }
    }
    blocked
}

/// Plans deletes of managed customer policies that left the layout (with `--prune`; retained
/// otherwise): detached from everything the changes since `start` do not detach it from, its
/// other versions deleted, then the policy.
fn plan_policy_deletes(
    plan: &mut Plan,
    start: usize,
    target: &Target,
    want: &AccountIam,
    have: &AccountIam,
    options: PlanOptions,
) {
    for (name, live) in &have.policies {
        if !live.managed || want.policies.contains_key(name) {
            continue;
        }
        let resource = format!("policy `{name}`");
        if !options.prune {
            plan.retain(target, resource);
            continue;
        }
        let detached: BTreeSet<PolicyEntity> = plan.changes[start..]
            .iter()
            .flat_map(|change| &change.ops)
            .filter_map(|op| match op {
                Op::DetachRolePolicy { role, arn } if *arn == live.arn => {
                    Some(PolicyEntity::Role(role.clone()))
                }
                Op::DetachGroupPolicy { group, arn } if *arn == live.arn => {
                    Some(PolicyEntity::Group(group.clone()))
                }
                Op::DetachUserPolicy { user, arn } if *arn == live.arn => {
                    Some(PolicyEntity::User(user.clone()))
                }
                _ => None,
            })
            .collect();
        let arn = live.arn.clone();
        let mut details = vec!["no longer in the layout".to_owned()];
        let mut ops = Vec::new();
        for entity in live.attached_to.difference(&detached) {
            let (op, detail) = match entity {
                PolicyEntity::Role(role) => (
                    Op::DetachRolePolicy {
                        role: role.clone(),
                        arn: arn.clone(),
                    },
                    format!("- attached to role `{role}`"),
                ),
                PolicyEntity::Group(group) => (
                    Op::DetachGroupPolicy {
                        group: group.clone(),
                        arn: arn.clone(),
                    },
                    format!("- attached to group `{group}`"),
                ),
                PolicyEntity::User(user) => (
                    Op::DetachUserPolicy {
                        user: user.clone(),
                        arn: arn.clone(),
                    },
                    format!("- attached to user `{user}`"),
                ),
            };
            details.push(detail);
            ops.push(op);
        }
        if !live.old_versions.is_empty() {
            details.push(format!(
                "deletes its other versions: {}",
                live.old_versions.join(", ")
            ));
        }
        ops.extend(
            live.old_versions
                .iter()
                .map(|version| Op::DeletePolicyVersion {
                    arn: arn.clone(),
                    version: version.clone(),
                }),
        );
        ops.push(Op::DeletePolicy { arn });
        plan.changes.push(Change {
            target: target.clone(),
            resource,
            action: ChangeAction::Delete,
            details,
            ops,
        });
    }
}

fn plan_roles(
    plan: &mut Plan,
    target: &Target,
    want: &AccountIam,
    have: &AccountIam,
    options: PlanOptions,
) {
    for (name, desired) in &want.roles {
        let resource = format!("role `{name}`");
        match have.roles.get(name) {
            None => {
                let mut ops = vec![Op::CreateRole {
                    role: name.clone(),
                    path: desired.path.clone(),
                    trust: desired.trust.clone(),
                    max_session_duration: desired.max_session_duration,
                }];
                let mut details = vec![format!("max session {} s", desired.max_session_duration)];
                for arn in &desired.attached {
                    details.push(format!("+ attached {arn}"));
                    ops.push(Op::AttachRolePolicy {
                        role: name.clone(),
                        arn: arn.clone(),
                    });
                }
                for (policy_name, policy) in &desired.inline {
                    details.push(format!("+ inline policy `{policy_name}`"));
                    ops.push(Op::PutRolePolicy {
                        role: name.clone(),
                        name: policy_name.clone(),
                        policy: policy.clone(),
                    });
                }
                plan.changes.push(Change {
                    target: target.clone(),
                    resource,
                    action: ChangeAction::Create,
                    details,
                    ops,
                });
            }
            Some(live) if !live.managed => plan.conflicts.push(Conflict {
                target: target.clone(),
                resource,
                reason: "a role with this name exists without the tag managed-by = jumpgate \
                         (--adopt takes it over)"
                    .to_owned(),
            }),
            Some(live) if live.path != desired.path && options.prune => {
                plan.changes.push(role_replace(target, name, desired, live));
            }
            Some(live) => {
                if live.path != desired.path {
                    plan.conflicts.push(Conflict {
                        target: target.clone(),
                        resource: resource.clone(),
                        reason: format!(
                            "path is `{}`, the layout says `{}`; IAM cannot change a role's path: \
                             run with --prune to replace the role (delete it and create it anew)",
                            live.path, desired.path
                        ),
                    });
                }
                let (details, ops) = role_update(name, desired, live);
                if !ops.is_empty() {
                    plan.changes.push(Change {
                        target: target.clone(),
                        resource,
                        action: ChangeAction::Update,
                        details,
                        ops,
                    });
                }
            }
        }
    }
    for (name, live) in &have.roles {
        if !live.managed || want.roles.contains_key(name) {
            continue;
        }
        let resource = format!("role `{name}`");
        if !options.prune {
            plan.retain(target, resource);
            continue;
        }
        let mut ops: Vec<Op> = live
            .attached
            .iter()
            .map(|arn| Op::DetachRolePolicy {
                role: name.clone(),
                arn: arn.clone(),
            })
            .collect();
        ops.extend(live.inline.keys().map(|policy| Op::DeleteRolePolicy {
            role: name.clone(),
            name: policy.clone(),
        }));
        ops.push(Op::DeleteRole { role: name.clone() });
        plan.changes.push(Change {
            target: target.clone(),
            resource,
            action: ChangeAction::Delete,
            details: vec!["no longer in the layout".to_owned()],
            ops,
        });
    }
}

/// A managed role whose path changes: IAM cannot change a path, so the role is deleted (its
/// attachments and inline policies first) and created anew (only with `--prune`).
fn role_replace(target: &Target, name: &str, desired: &RoleState, live: &RoleState) -> Change {
    let mut ops: Vec<Op> = live
        .attached
        .iter()
        .map(|arn| Op::DetachRolePolicy {
            role: name.to_owned(),
            arn: arn.clone(),
        })
        .collect();
    ops.extend(live.inline.keys().map(|policy| Op::DeleteRolePolicy {
        role: name.to_owned(),
        name: policy.clone(),
    }));
    ops.push(Op::DeleteRole {
        role: name.to_owned(),
    });
    ops.push(Op::CreateRole {
        role: name.to_owned(),
        path: desired.path.clone(),
        trust: desired.trust.clone(),
        max_session_duration: desired.max_session_duration,
    });
    ops.extend(desired.attached.iter().map(|arn| Op::AttachRolePolicy {
        role: name.to_owned(),
        arn: arn.clone(),
    }));
    ops.extend(
        desired
            .inline
            .iter()
            .map(|(policy_name, policy)| Op::PutRolePolicy {
                role: name.to_owned(),
                name: policy_name.clone(),
                policy: policy.clone(),
            }),
    );
    let mut details = vec![format!(
        "path: `{}` -> `{}` (IAM cannot change a role's path: deleted and created anew)",
        live.path, desired.path
    )];
    let (changes, _) = role_update(
        name,
        desired,
        &RoleState {
            path: desired.path.clone(),
            ..live.clone()
        },
    );
    details.extend(changes);
    Change {
        target: target.clone(),
        resource: format!("role `{name}`"),
        action: ChangeAction::Replace,
        details,
        ops,
    }
}

fn role_update(name: &str, desired: &RoleState, live: &RoleState) -> (Vec<String>, Vec<Op>) {
    let mut details = Vec::new();
    let mut ops = Vec::new();
    if !desired.trust.semantically_equals(&live.trust) {
        details.push("trust policy changes:".to_owned());
        details.extend(
            policy_diff(&live.trust, &desired.trust)
                .into_iter()
                .map(|line| format!("  {line}")),
        );
        ops.push(Op::UpdateTrust {
            role: name.to_owned(),
            trust: desired.trust.clone(),
        });
    }
    if desired.max_session_duration != live.max_session_duration {
        details.push(format!(
            "max session: {} s -> {} s",
            live.max_session_duration, desired.max_session_duration
        ));
        ops.push(Op::UpdateMaxSession {
            role: name.to_owned(),
            max_session_duration: desired.max_session_duration,
        });
    }
    for arn in desired.attached.difference(&live.attached) {
        details.push(format!("+ attached {arn}"));
        ops.push(Op::AttachRolePolicy {
            role: name.to_owned(),
            arn: arn.clone(),
        });
    }
    for arn in live.attached.difference(&desired.attached) {
        details.push(format!("- attached {arn}"));
        ops.push(Op::DetachRolePolicy {
            role: name.to_owned(),
            arn: arn.clone(),
        });
    }
    let (inline_details, puts, deletes) = inline_diff(&desired.inline, &live.inline);
    details.extend(inline_details);
    ops.extend(
        puts.into_iter()
            .map(|(policy_name, policy)| Op::PutRolePolicy {
                role: name.to_owned(),
                name: policy_name,
                policy,
            }),
    );
    ops.extend(deletes.into_iter().map(|policy_name| Op::DeleteRolePolicy {
        role: name.to_owned(),
        name: policy_name,
    }));
    (details, ops)
}

type InlineDiff = (Vec<String>, Vec<(String, Policy)>, Vec<String>);

fn inline_diff(desired: &BTreeMap<String, Policy>, live: &BTreeMap<String, Policy>) -> InlineDiff {
    let mut details = Vec::new();
    let mut puts = Vec::new();
    let mut deletes = Vec::new();
    for (name, policy) in desired {
        match live.get(name) {
            None => {
                details.push(format!("+ inline policy `{name}`"));
                puts.push((name.clone(), policy.clone()));
            }
            Some(current) if !current.semantically_equals(policy) => {
                details.push(format!("~ inline policy `{name}` changes:"));
                details.extend(
                    policy_diff(current, policy)
                        .into_iter()
                        .map(|line| format!("  {line}")),
                );
                puts.push((name.clone(), policy.clone()));
            }
            Some(_) => {}
        }
    }
    for name in live.keys().filter(|name| !desired.contains_key(*name)) {
        details.push(format!("- inline policy `{name}`"));
        deletes.push(name.clone());
    }
    (details, puts, deletes)
}

fn plan_groups(
    plan: &mut Plan,
    target: &Target,
    want: &AccountIam,
    have: &AccountIam,
    options: PlanOptions,
) {
    for (name, desired) in &want.groups {
        let resource = format!("group `{name}`");
        match have.groups.get(name) {
            None => {
                let mut ops = vec![Op::CreateGroup {
                    group: name.clone(),
                    path: desired.path.clone(),
                }];
                let mut details = vec![format!("path {}", desired.path)];
                group_policy_ops(
                    name,
                    desired,
                    &GroupState {
                        name: name.clone(),
                        path: desired.path.clone(),
                        attached: BTreeSet::new(),
                        inline: BTreeMap::new(),
                    },
                    &mut details,
                    &mut ops,
                );
                plan.changes.push(Change {
                    target: target.clone(),
                    resource,
                    action: ChangeAction::Create,
                    details,
                    ops,
                });
            }
            Some(live) if !live.managed() => plan.conflicts.push(Conflict {
                target: target.clone(),
                resource,
                reason: format!(
                    "a group with this name exists outside the managed path {} (path `{}`) \
                     without jumpgate's mark (--adopt takes it over)",
                    MANAGED_GROUP_PATH, live.path
                ),
            }),
            Some(live) => {
                if live.path != desired.path {
                    plan.conflicts.push(Conflict {
                        target: target.clone(),
                        resource: resource.clone(),
                        reason: format!(
                            "path is `{}`, the layout says `{}`; jumpgate does not move groups \
                             (write the group's path in the layout, with `adopted = true` outside \
                             {MANAGED_GROUP_PATH})",
                            live.path, desired.path
                        ),
                    });
                }
                let mut details = Vec::new();
                let mut ops = Vec::new();
                group_policy_ops(name, desired, live, &mut details, &mut ops);
                if !ops.is_empty() {
                    plan.changes.push(Change {
                        target: target.clone(),
                        resource,
                        action: ChangeAction::Update,
                        details,
                        ops,
                    });
                }
            }
        }
    }
    for (name, live) in &have.groups {
        if !live.managed() || want.groups.contains_key(name) {
            continue;
        }
        let resource = format!("group `{name}`");
        if !options.prune {
            plan.retain(target, resource);
            continue;
        }
        let mut ops: Vec<Op> = have
            .users
            .values()
            .filter(|user| user.groups.contains(name))
            .map(|user| Op::RemoveUserFromGroup {
                user: user.name.clone(),
                group: name.clone(),
            })
            .collect();
        ops.extend(live.attached.iter().map(|arn| Op::DetachGroupPolicy {
            group: name.clone(),
            arn: arn.clone(),
        }));
        ops.extend(live.inline.keys().map(|policy| Op::DeleteGroupPolicy {
            group: name.clone(),
            name: policy.clone(),
        }));
        ops.push(Op::DeleteGroup {
            group: name.clone(),
        });
        plan.changes.push(Change {
            target: target.clone(),
            resource,
            action: ChangeAction::Delete,
            details: vec!["no longer in the layout".to_owned()],
            ops,
        });
    }
}

fn group_policy_ops(
    name: &str,
    desired: &GroupState,
    live: &GroupState,
    details: &mut Vec<String>,
    ops: &mut Vec<Op>,
) {
    for arn in desired.attached.difference(&live.attached) {
        details.push(format!("+ attached {arn}"));
        ops.push(Op::AttachGroupPolicy {
            group: name.to_owned(),
            arn: arn.clone(),
        });
    }
    for arn in live.attached.difference(&desired.attached) {
        details.push(format!("- attached {arn}"));
        ops.push(Op::DetachGroupPolicy {
            group: name.to_owned(),
            arn: arn.clone(),
        });
    }
    let (inline_details, puts, deletes) = inline_diff(&desired.inline, &live.inline);
    details.extend(inline_details);
    ops.extend(
        puts.into_iter()
            .map(|(policy_name, policy)| Op::PutGroupPolicy {
                group: name.to_owned(),
                name: policy_name,
                policy,
            }),
    );
    ops.extend(
        deletes
            .into_iter()
            .map(|policy_name| Op::DeleteGroupPolicy {
                group: name.to_owned(),
                name: policy_name,
            }),
    );
}

fn plan_users(
    plan: &mut Plan,
    target: &Target,
    want: &AccountIam,
    have: &AccountIam,
    options: PlanOptions,
) {
    // Memberships are managed only for managed groups the layout wants (existing or about to
    // be created). A managed group that left the layout keeps its members without `--prune`
    // (it is retained as a whole) and loses them with the group itself with it.
    let managed_group = |group: &str| {
        want.groups.contains_key(group) && have.groups.get(group).is_none_or(GroupState::managed)
    };
    let pruned_group = |group: &str| {
        options.prune
            && !want.groups.contains_key(group)
            && have.groups.get(group).is_some_and(GroupState::managed)
    };
    for (name, desired) in &want.users {
        let resource = format!("user `{name}`");
        match have.users.get(name) {
            None => {
                let mut ops = vec![Op::CreateUser {
                    user: name.clone(),
                    path: desired.path.clone(),
                }];
                let mut details = Vec::new();
                for group in desired.groups.iter().filter(|group| managed_group(group)) {
                    details.push(format!("+ member of `{group}`"));
                    ops.push(Op::AddUserToGroup {
                        user: name.clone(),
                        group: group.clone(),
                    });
                }
                if desired.login_profile {
                    let (detail, op) = create_login_profile(name, want.password_policy.as_ref());
                    details.push(detail);
                    ops.push(op);
                }
                plan.changes.push(Change {
                    target: target.clone(),
                    resource,
                    action: ChangeAction::Create,
                    details,
                    ops,
                });
            }
            Some(live) if !live.managed => plan.conflicts.push(Conflict {
                target: target.clone(),
                resource,
                reason: "a user with this name exists without the tag managed-by = jumpgate \
                         (--adopt takes it over)"
                    .to_owned(),
            }),
            Some(live) => {
                let (mut details, mut ops) = membership_diff(name, desired, live, &managed_group);
                match (desired.login_profile, live.login_profile) {
                    (true, false) => {
                        let (detail, op) =
                            create_login_profile(name, want.password_policy.as_ref());
                        details.push(detail);
                        ops.push(op);
                    }
                    (false, true) if options.prune => {
                        details.push(
                            "- console sign-in (login profile): the layout says console = false"
                                .to_owned(),
                        );
                        ops.push(Op::DeleteLoginProfile { user: name.clone() });
                    }
                    (false, true) => {
                        plan.retain(target, format!("console sign-in of user `{name}`"));
                    }
                    _ => {}
                }
                if !ops.is_empty() {
                    plan.changes.push(Change {
                        target: target.clone(),
                        resource,
                        action: ChangeAction::Update,
                        details,
                        ops,
                    });
                }
            }
        }
    }
    for (name, live) in &have.users {
        if !live.managed || want.users.contains_key(name) {
            continue;
        }
        let resource = format!("user `{name}`");
        if !options.prune {
            plan.retain(target, resource);
            continue;
        }
        // IAM deletes only users without groups; groups deleted in this plan drop their
        // members themselves (they are planned first).
        let mut ops: Vec<Op> = live
            .groups
            .iter()
            .filter(|group| !pruned_group(group))
            .map(|group| Op::RemoveUserFromGroup {
                user: name.clone(),
                group: group.clone(),
            })
            .collect();
        if live.login_profile {
            ops.push(Op::DeleteLoginProfile { user: name.clone() });
        }
        ops.push(Op::DeleteUser { user: name.clone() });
        plan.changes.push(Change {
            target: target.clone(),
            resource,
            action: ChangeAction::Delete,
            details: vec!["no longer in the layout".to_owned()],
            ops,
        });
    }
}

fn membership_diff(
    name: &str,
    desired: &UserState,
    live: &UserState,
    managed_group: &dyn Fn(&str) -> bool,
) -> (Vec<String>, Vec<Op>) {
    let mut details = Vec::new();
    let mut ops = Vec::new();
    for group in desired
        .groups
        .difference(&live.groups)
        .filter(|group| managed_group(group))
    {
        details.push(format!("+ member of `{group}`"));
        ops.push(Op::AddUserToGroup {
            user: name.to_owned(),
            group: group.clone(),
        });
    }
    for group in live
        .groups
        .difference(&desired.groups)
        .filter(|group| managed_group(group))
    {
        details.push(format!("- member of `{group}`"));
        ops.push(Op::RemoveUserFromGroup {
            user: name.to_owned(),
            group: group.clone(),
        });
    }
    (details, ops)
}
