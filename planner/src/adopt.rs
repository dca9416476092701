//! Adoption (pure): with [`PlanOptions::adopt`](crate::PlanOptions::adopt), resources made
//! outside jumpgate that the layout describes become jumpgate's before the rest of the plan is
//! made. Each adoption is its own change ([`ChangeAction::Adopt`]) carrying the call that marks
//! the resource; the rest of the planner then sees the resource as managed, so where it differs
//! from the layout an update follows in the same plan.
//!
//! A resource is adopted only where it is: IAM cannot change the path of a role or a customer
//! managed policy, and jumpgate does not move groups or users. One whose path is not the
//! layout's stays a conflict, with the reason and the layout change that would adopt it.

use std::collections::BTreeSet;

use iam_policy::Arn;

use crate::op::Op;
use crate::plan::{Change, ChangeAction, Conflict, Plan, Target};
use crate::state::{AccountIam, GROUP_MARK_POLICY, MANAGED_TAG_KEY, MANAGED_TAG_VALUE};

/// Plans the adoptions of one account: pushes an [`ChangeAction::Adopt`] change for every
/// unmarked resource of `have` that `want` describes where it is, and a conflict for one that
/// cannot be adopted. Returns `want` without the resources that cannot be adopted (and without
/// attachments of such policies), and `have` with the adopted resources marked, for the rest of
/// the planner.
pub(crate) fn plan_adoptions(
    plan: &mut Plan,
    target: &Target,
    want: &AccountIam,
    have: &AccountIam,
) -> (AccountIam, AccountIam) {
    let mut want = want.clone();
    let mut have = have.clone();
    let tag = format!("+ tag {MANAGED_TAG_KEY} = {MANAGED_TAG_VALUE}");
    let mut blocked: BTreeSet<Arn> = BTreeSet::new();
    let change = |resource: String, details: Vec<String>, ops: Vec<Op>| Change {
        target: target.clone(),
        resource,
        action: ChangeAction::Adopt,
        details,
        ops,
    };
    let mut conflicts = Vec::new();
    let mut changes = Vec::new();

    for (name, desired) in &want.policies {
        let Some(live) = have.policies.get_mut(name) else {
            continue;
        };
        if live.managed {
            continue;
        }
        let resource = format!("policy `{name}`");
        if live.arn == desired.arn {
            live.managed = true;
            changes.push(change(
                resource,
                vec![tag.clone()],
                vec![Op::TagPolicy {
                    arn: live.arn.clone(),
                }],
            ));
        } else {
            blocked.insert(desired.arn.clone());
            conflicts.push((
                resource,
                format!(
                    "a customer managed policy with this name exists at path `{}` without the \
                     tag managed-by = jumpgate; the layout's is at `{}`, and IAM cannot move a \
                     policy (to adopt it where it is, write `path = \"{}\"` in the layout)",
                    live.path, desired.path, live.path
                ),
            ));
        }
    }

    let mut unadoptable_groups = Vec::new();
    for (name, desired) in &want.groups {
        let Some(live) = have.groups.get_mut(name) else {
            continue;
        };
        if live.managed() {
            continue;
        }
        let resource = format!("group `{name}`");
        let mark = desired.inline.get(GROUP_MARK_POLICY);
        match mark {
            Some(mark) if live.path == desired.path => {
                live.inline
                    .insert(GROUP_MARK_POLICY.to_owned(), mark.clone());
                changes.push(change(
                    resource,
                    vec![format!(
                        "+ inline policy `{GROUP_MARK_POLICY}` (it marks the group as \
                         jumpgate's: IAM groups cannot be tagged)"
                    )],
                    vec![Op::PutGroupPolicy {
                        group: name.clone(),
                        name: GROUP_MARK_POLICY.to_owned(),
                        policy: mark.clone(),
                    }],
                ));
            }
            Some(_) => {
                unadoptable_groups.push(name.clone());
                conflicts.push((
                    resource,
                    format!(
                        "a group with this name exists at path `{}`, the layout's is `{}`: to \
                         adopt it where it is, write `adopted = true` and `path = \"{}\"` in the \
                         layout's group",
                        live.path, desired.path, live.path
                    ),
                ));
            }
            None => {
                unadoptable_groups.push(name.clone());
                conflicts.push((
                    resource,
                    format!(
                        "a group with this name exists outside the managed path, and the layout \
                         gives it no `{GROUP_MARK_POLICY}` policy to mark it as jumpgate's"
                    ),
                ));
            }
        }
    }
    for name in unadoptable_groups {
        want.groups.remove(&name);
    }

    let mut unadoptable_users = Vec::new();
    for (name, desired) in &want.users {
        let Some(live) = have.users.get_mut(name) else {
            continue;
        };
        if live.managed {
            continue;
        }
        let resource = format!("user `{name}`");
        if live.path == desired.path {
            live.managed = true;
            changes.push(change(
                resource,
                vec![tag.clone()],
                vec![Op::TagUser { user: name.clone() }],
            ));
        } else {
            unadoptable_users.push(name.clone());
            conflicts.push((
                resource,
                format!(
                    "a user with this name exists at path `{}` without the tag managed-by = \
                     jumpgate; the layout's is at `{}` (to adopt it where it is, write `path = \
                     \"{}\"` in the layout)",
                    live.path, desired.path, live.path
                ),
            ));
        }
    }
    for name in unadoptable_users {
        want.users.remove(&name);
    }

    let mut unadoptable_roles = Vec::new();
    for (name, desired) in &want.roles {
        let Some(live) = have.roles.get_mut(name) else {
            continue;
        };
        if live.managed {
            continue;
        }
        let resource = format!("role `{name}`");
        if live.path == desired.path {
            live.managed = true;
            changes.push(change(
                resource,
                vec![tag.clone()],
                vec![Op::TagRole { role: name.clone() }],
            ));
        } else {
            unadoptable_roles.push(name.clone());
            conflicts.push((
                resource,
                format!(
                    "a role with this name exists at path `{}` without the tag managed-by = \
                     jumpgate; the layout's is at `{}`, and IAM cannot move a role (to adopt it \
                     where it is, write `path = \"{}\"` in the layout)",
                    live.path, desired.path, live.path
                ),
            ));
        }
    }
    for name in unadoptable_roles {
        want.roles.remove(&name);
    }

    if !blocked.is_empty() {
        want.policies
            .retain(|_, policy| !blocked.contains(&policy.arn));
        for role in want.roles.values_mut() {
            role.attached.retain(|arn| !blocked.contains(arn));
        }
        for group in want.groups.values_mut() {
            group.attached.retain(|arn| !blocked.contains(arn));
        }
    }
    plan.changes.extend(changes);
    plan.conflicts
        .extend(conflicts.into_iter().map(|(resource, reason)| Conflict {
            target: target.clone(),
            resource,
            reason,
        }));
    (want, have)
}
