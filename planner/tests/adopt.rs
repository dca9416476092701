//! Adoption (`--adopt`), without AWS: the seed layout against live states where the same
//! resources were made by hand (no `managed-by` tag, groups outside `/jumpgate/`).

use jumpgate_planner::desired::desired_iam;
use jumpgate_planner::state::{GROUP_MARK_POLICY, IamState};
use jumpgate_planner::{ChangeAction, Op, PlanOptions, plan_iam};
use org_model::{CheckedLayout, Layout};

fn checked(layout: Layout) -> CheckedLayout {
    CheckedLayout::check(layout).expect("the layout has no ERROR finding")
}

/// The seed, its groups adopted where they are (path `/`).
fn adopted_seed() -> Layout {
    let mut layout = org_model::seed::landing_zone();
    for group in &mut layout.groups {
        group.adopted = true;
    }
    layout
}

/// `desired` as it looks when a human made it: nothing tagged, groups without jumpgate's mark.
fn by_hand(desired: &IamState) -> IamState {
    let mut live = desired.clone();
    for account in live.accounts.values_mut() {
        for role in account.roles.values_mut() {
            role.managed = false;
        }
        for user in account.users.values_mut() {
            user.managed = false;
        }
        for policy in account.policies.values_mut() {
            policy.managed = false;
        }
        for group in account.groups.values_mut() {
            group.inline.remove(GROUP_MARK_POLICY);
        }
    }
    live
}

fn count(plan: &jumpgate_planner::Plan, action: ChangeAction, kind: &str) -> usize {
    plan.changes
        .iter()
        .filter(|change| change.action == action && change.resource.starts_with(kind))
        .count()
}

const ADOPT: PlanOptions = PlanOptions {
    prune: false,
    adopt: true,
};

#[test]
fn hand_made_world_is_only_adopted_and_then_converges() {
    let desired = desired_iam(&checked(adopted_seed())).expect("desired");
    let live = by_hand(&desired);

    // Without --adopt: every one is a conflict, nothing changes.
    let plain = plan_iam(&desired, &live, PlanOptions::default());
    assert!(plain.is_empty(), "{}", plain.to_text());
    assert_eq!(plain.conflicts.len(), 3 + 3 + 14, "{}", plain.to_text());
    assert!(plain.to_text().contains("--adopt takes it over"));

    let plan = plan_iam(&desired, &live, ADOPT);
    assert!(plan.conflicts.is_empty(), "{}", plan.to_text());
    assert_eq!(count(&plan, ChangeAction::Adopt, "group"), 3);
    assert_eq!(count(&plan, ChangeAction::Adopt, "user"), 3);
    assert_eq!(count(&plan, ChangeAction::Adopt, "role"), 14);
    assert_eq!(
        plan.changes.len(),
        20,
        "only adoptions:\n{}",
        plan.to_text()
    );
    assert!(
        plan.to_text()
            .contains("@ role `admin` in DEV (100000000005): adopt"),
        "{}",
        plan.to_text()
    );
    for change in &plan.changes {
        for op in &change.ops {
            assert!(
                matches!(
                    op,
                    Op::TagRole { .. } | Op::TagUser { .. } | Op::PutGroupPolicy { .. }
                ),
                "{op:?}"
            );
        }
    }
    // Once marked, the live state is the desired one: nothing left to do, even with prune.
    let again = plan_iam(
        &desired,
        &desired,
        PlanOptions {
            prune: true,
            adopt: true,
        },
    );
    assert!(again.is_empty(), "{}", again.to_text());
}

#[test]
fn a_resource_that_differs_is_adopted_and_updated_in_one_plan() {
    let desired = desired_iam(&checked(adopted_seed())).expect("desired");
    let mut live = by_hand(&desired);
    for (account, iam) in &mut live.accounts {
        if account.name == "DEV" {
            iam.roles
                .get_mut("admin")
                .expect("admin")
                .max_session_duration = 7_200;
        }
    }
    let plan = plan_iam(&desired, &live, ADOPT);
    let dev_admin: Vec<_> = plan
        .changes
        .iter()
        .filter(|change| {
            change.resource == "role `admin`" && change.target.to_string().starts_with("DEV ")
        })
        .map(|change| change.action)
        .collect();
    assert_eq!(
        dev_admin,
        [ChangeAction::Adopt, ChangeAction::Update],
        "{}",
        plan.to_text()
    );
}

#[test]
fn a_resource_at_another_path_stays_a_conflict_with_the_fix() {
    let desired = desired_iam(&checked(adopted_seed())).expect("desired");
    let mut live = by_hand(&desired);
    for iam in live.accounts.values_mut() {
        if let Some(role) = iam.roles.get_mut("admin") {
            role.path = "/ops/".to_owned();
        }
    }
    let plan = plan_iam(&desired, &live, ADOPT);
    assert_eq!(count(&plan, ChangeAction::Adopt, "role `admin`"), 0);
    assert_eq!(count(&plan, ChangeAction::Update, "role `admin`"), 0);
    assert_eq!(count(&plan, ChangeAction::Create, "role `admin`"), 0);
    let conflicts: Vec<_> = plan
        .conflicts
        .iter()
        .filter(|conflict| conflict.resource == "role `admin`")
        .collect();
    assert_eq!(conflicts.len(), 6, "{}", plan.to_text());
    assert!(
        conflicts[0].reason.contains("write `path = \"/ops/\"`"),
        "{}",
        conflicts[0].reason
    );
}

#[test]
fn a_group_not_adopted_in_the_layout_is_a_conflict_naming_adopted() {
    // The plain seed: groups live under /jumpgate/, the hand-made ones are at /.
    let desired = desired_iam(&checked(org_model::seed::landing_zone())).expect("desired");
    let mut live = by_hand(&desired);
    for iam in live.accounts.values_mut() {
        for group in iam.groups.values_mut() {
            group.path = "/".to_owned();
        }
    }
    let plan = plan_iam(&desired, &live, ADOPT);
    assert_eq!(count(&plan, ChangeAction::Adopt, "group"), 0);
    assert_eq!(count(&plan, ChangeAction::Create, "group"), 0);
    let groups: Vec<_> = plan
        .conflicts
        .iter()
        .filter(|conflict| conflict.resource.starts_with("group"))
        .collect();
    assert_eq!(groups.len(), 3, "{}", plan.to_text());
    assert!(
        groups[0].reason.contains("`adopted = true`"),
        "{}",
        groups[0].reason
    );
    // Memberships of a group that is not jumpgate's are not planned either.
    assert!(
        !plan
            .changes
            .iter()
            .flat_map(|change| &change.ops)
            .any(|op| matches!(op, Op::AddUserToGroup { .. })),
        "{}",
        plan.to_text()
    );
}

#[test]
fn a_customer_policy_is_adopted_at_its_own_path() {
    let mut layout = adopted_seed();
    let permission = org_model::Permission::Customer {
        customer: "deny-regions".to_owned(),
        path: Some("/ops/".to_owned()),
        policy: iam_policy::Policy::from_json(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#,
        )
        .expect("policy"),
    };
    for role in &mut layout.roles {
        if role.name == "admin" {
            role.permissions.push(permission.clone());
        }
    }
    let desired = desired_iam(&checked(layout)).expect("desired");
    let live = by_hand(&desired);
    let plan = plan_iam(&desired, &live, ADOPT);
    assert!(plan.conflicts.is_empty(), "{}", plan.to_text());
    let tagged: Vec<String> = plan
        .changes
        .iter()
        .flat_map(|change| &change.ops)
        .filter_map(|op| match op {
            Op::TagPolicy { arn } => Some(arn.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(tagged.len(), 6, "{}", plan.to_text());
    assert!(
        tagged
            .iter()
            .all(|arn| arn.ends_with(":policy/ops/deny-regions"))
    );
    // Adopted first, before anything that could need it.
    assert!(
        plan.changes
            .iter()
            .all(|change| change.action == ChangeAction::Adopt),
        "{}",
        plan.to_text()
    );
}
