//! The planner, without AWS: desired state from the seed layout diffed against hand-made live
//! states.

use jumpgate_aws::desired::{desired_iam, desired_org};
use jumpgate_aws::plan::{Op, PlanOptions, plan_iam, plan_org};
use jumpgate_aws::state::{IamState, OrgState};

fn seed_iam() -> IamState {
    desired_iam(&org_model::seed::landing_zone()).expect("the seed has a desired state")
}

#[test]
fn empty_live_state_creates_everything() {
    let desired = seed_iam();
    let plan = plan_iam(&desired, &IamState::default(), PlanOptions::default());
    let creates = |kind: &str| {
        plan.changes
            .iter()
            .filter(|change| change.action == "create" && change.resource.starts_with(kind))
            .count()
    };
    assert_eq!(creates("group"), 3);
    assert_eq!(creates("user"), 3);
    // admin in PROTO, DEV, STG, UAT, PRD, CICD; read-only in all but ROOT.
    assert_eq!(creates("role"), 6 + 8);
    assert!(plan.conflicts.is_empty());
    assert!(
        plan.to_text()
            .contains("+ role `admin` in DEV (100000000005): create")
    );
}

#[test]
fn desired_state_against_itself_is_a_no_op() {
    let desired = seed_iam();
    let plan = plan_iam(&desired, &desired, PlanOptions { prune: true });
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert_eq!(plan.write_calls(), 0);
}

#[test]
fn unmanaged_role_with_the_same_name_is_a_conflict() {
    let desired = seed_iam();
    let mut live = desired.clone();
    for account in live.accounts.values_mut() {
        if let Some(role) = account.roles.get_mut("admin") {
            role.managed = false;
            role.max_session_duration = 7_200;
        }
    }
    let plan = plan_iam(&desired, &live, PlanOptions { prune: true });
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert_eq!(plan.conflicts.len(), 6);
    assert!(
        plan.to_text()
            .contains("without the tag managed-by = jumpgate")
    );
}

#[test]
fn trust_drift_is_a_readable_update() {
    let desired = seed_iam();
    let mut live = desired.clone();
    let dev = live
        .accounts
        .iter_mut()
        .find(|(account, _)| account.name == "DEV")
        .map(|(_, iam)| iam)
        .expect("DEV has roles");
    let role = dev.roles.get_mut("read-only").expect("read-only in DEV");
    role.trust = iam_policy::Policy::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::100000000001:root"},"Action":"sts:AssumeRole"}]}"#,
    )
    .expect("valid policy");
    let plan = plan_iam(&desired, &live, PlanOptions::default());
    assert_eq!(plan.changes.len(), 1, "{}", plan.to_text());
    let text = plan.to_text();
    assert!(
        text.contains("~ role `read-only` in DEV (100000000005): update"),
        "{text}"
    );
    assert!(text.contains("trust policy changes:"), "{text}");
    assert!(
        text.contains("+ Condition.Bool.aws:multifactorauthpresent: true"),
        "{text}"
    );
    assert!(matches!(plan.changes[0].ops[..], [Op::UpdateTrust { .. }]));
}

#[test]
fn managed_leftovers_are_retained_without_prune_and_deleted_with_it() {
    let desired = seed_iam();
    let mut layout = org_model::seed::landing_zone();
    layout.groups.retain(|group| group.name != "auditors");
    layout.grants.retain(|grant| grant.group != "auditors");
    for user in &mut layout.users {
        user.groups.retain(|group| group != "auditors");
    }
    let smaller = desired_iam(&layout).expect("desired state");
    let kept = plan_iam(&smaller, &desired, PlanOptions::default());
    assert!(
        kept.retained
            .iter()
            .any(|item| item.resource == "group `auditors`"),
        "{}",
        kept.to_text()
    );
    assert!(!kept.changes.iter().any(|change| change.action == "delete"));
    // The retained group keeps its members: carol is not touched.
    assert!(
        !kept
            .changes
            .iter()
            .any(|change| change.resource == "user `carol`"),
        "{}",
        kept.to_text()
    );
    let pruned = plan_iam(&smaller, &desired, PlanOptions { prune: true });
    let delete = pruned
        .changes
        .iter()
        .find(|change| change.resource == "group `auditors`")
        .expect("group deleted");
    assert!(matches!(delete.ops.last(), Some(Op::DeleteGroup { .. })));
    assert!(
        delete
            .ops
            .iter()
            .any(|op| matches!(op, Op::RemoveUserFromGroup { user, .. } if user == "carol"))
    );
    // ... once: not again as a membership change of carol.
    let removals = pruned
        .changes
        .iter()
        .flat_map(|change| &change.ops)
        .filter(|op| matches!(op, Op::RemoveUserFromGroup { .. }))
        .count();
    assert_eq!(removals, 1, "{}", pruned.to_text());
}

#[test]
fn organization_from_scratch_creates_org_ous_and_idless_accounts() {
    let mut layout = org_model::seed::landing_zone();
    layout
        .accounts
        .iter_mut()
        .filter(|account| account.name == "DEV")
        .for_each(|account| account.id = None);
    let desired = desired_org(&layout, &OrgState::default());
    let plan = plan_org(&desired, &OrgState::default());
    assert!(matches!(plan.changes[0].ops[..], [Op::CreateOrganization]));
    let ous: Vec<_> = plan
        .changes
        .iter()
        .flat_map(|change| &change.ops)
        .filter_map(|op| match op {
            Op::CreateOu { parent, name } => Some(format!("{parent}/{name}")),
            _ => None,
        })
        .collect();
    assert_eq!(
        ous,
        [
            "/Infrastructure",
            "/Security",
            "/Workloads",
            "Workloads/NonProduction",
            "Workloads/Production"
        ]
    );
    assert!(plan.changes.iter().any(|change| {
        change
            .ops
            .iter()
            .any(|op| matches!(op, Op::CreateAccount { name, .. } if name == "DEV"))
    }));
    // Accounts with ids that are not members are left to the operator.
    assert_eq!(plan.conflicts.len(), 7, "{}", plan.to_text());
}
