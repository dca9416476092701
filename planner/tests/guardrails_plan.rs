//! The guardrail planner and audit, without AWS: the seed's SCPs and RCPs against hand-made live
//! organizations (a new one, one jumpgate applied, one edited in the console), and the API calls
//! of every operation held to the calls the guardrail proofs cover.

use std::collections::{BTreeMap, BTreeSet};

use iam_policy::{Arn, Policy};
use jumpgate_planner::audit::Status;
use jumpgate_planner::calls::{api_calls, in_management_account};
use jumpgate_planner::desired::desired_org;
use jumpgate_planner::guardrails_state::{
    DesiredGuardrails, GuardrailTarget, LiveGuardrails, LivePolicy, LiveTarget, desired_guardrails,
};
use jumpgate_planner::state::{AccountRef, OrgState};
use jumpgate_planner::{
    BaselineOp, GuardrailOp, Op, PlanOptions, audit_guardrails, plan_guardrails,
};
use org_model::guardrails::{
    DEPLOYMENT_CALLS, OrganizationPolicy, OrganizationPolicyKind, deployment_call,
};
use org_model::{CheckedLayout, Layout};

const SCP: OrganizationPolicyKind = OrganizationPolicyKind::Scp;
const RCP: OrganizationPolicyKind = OrganizationPolicyKind::Rcp;

fn checked(layout: Layout) -> CheckedLayout {
    CheckedLayout::check(layout).expect("the layout has no ERROR finding")
}

fn desired(layout: Layout) -> DesiredGuardrails {
    let layout = checked(layout);
    let org = desired_org(&layout, &OrgState::default());
    desired_guardrails(&layout, &org).expect("desired guardrails")
}

fn seed() -> DesiredGuardrails {
    desired(org_model::seed::landing_zone())
}

fn aws_managed(kind: OrganizationPolicyKind, targets: BTreeSet<LiveTarget>) -> LivePolicy {
    LivePolicy {
        id: format!("p-{}", kind.full_access_name()),
        name: kind.full_access_name().to_owned(),
        kind,
        description: String::new(),
        aws_managed: true,
        managed: false,
        content: None,
        targets,
    }
}

/// The seed's accounts, all members.
fn members() -> BTreeSet<iam_policy::AccountId> {
    org_model::seed::landing_zone()
        .accounts
        .iter()
        .filter_map(|account| account.id)
        .collect()
}

/// A new organization: no policy type enabled, only AWS's own policies, attached nowhere.
fn new_organization() -> LiveGuardrails {
    LiveGuardrails {
        organization_id: Some("o-exampleorg1".to_owned()),
        members: members(),
        enabled: BTreeSet::new(),
        policies: vec![
            aws_managed(SCP, BTreeSet::new()),
            aws_managed(RCP, BTreeSet::new()),
        ],
    }
}

/// The organization once jumpgate applied `desired`.
fn applied(desired: &DesiredGuardrails) -> LiveGuardrails {
    LiveGuardrails {
        organization_id: Some("o-exampleorg1".to_owned()),
        members: members(),
        enabled: BTreeSet::from([SCP, RCP]),
        policies: desired
            .policies
            .iter()
            .enumerate()
            .map(|(index, policy)| LivePolicy {
                id: format!("p-{index:08}"),
                name: policy.name.clone(),
                kind: policy.kind,
                description: policy.description.clone(),
                aws_managed: !policy.managed,
                managed: policy.managed,
                content: Some(policy.content.clone()),
                targets: policy.targets.iter().map(GuardrailTarget::live).collect(),
            })
            .collect(),
    }
}

fn calls(plan: &jumpgate_planner::Plan) -> Vec<&GuardrailOp> {
    plan.changes
        .iter()
        .flat_map(|change| &change.ops)
        .filter_map(|op| match op {
            Op::Guardrail { call } => Some(call),
            _ => None,
        })
        .collect()
}

fn position(plan: &jumpgate_planner::Plan, what: impl Fn(&GuardrailOp) -> bool) -> usize {
    calls(plan)
        .iter()
        .position(|call| what(call))
        .expect("the plan makes that call")
}

#[test]
fn a_new_organization_gets_the_types_enabled_then_the_policies_created_then_attached() {
    let desired = seed();
    let plan = plan_guardrails(&desired, &new_organization(), PlanOptions::default());
    let calls = calls(&plan);
    // Two types, six policies created and attached to the root; the full-access policies come
    // with their types.
    assert_eq!(calls.len(), 2 + 6 + 6, "{}", plan.to_text());
    assert!(matches!(
        calls[0],
        GuardrailOp::EnablePolicyType { policy_type } if *policy_type == SCP
    ));
    assert!(matches!(
        calls[1],
        GuardrailOp::EnablePolicyType { policy_type } if *policy_type == RCP
    ));
    assert!(
        calls[2..8]
            .iter()
            .all(|call| matches!(call, GuardrailOp::CreatePolicy { .. }))
    );
    assert!(calls[8..].iter().all(|call| matches!(
        call,
        GuardrailOp::AttachPolicy {
            target: GuardrailTarget::Root,
            ..
        }
    )));
    // The content sent is the rendered file's, byte for byte.
    let rendered = org_model::render::render(&org_model::seed::landing_zone()).expect("renders");
    for call in &calls {
        if let GuardrailOp::CreatePolicy {
            name,
            policy_type,
            content,
            ..
        } = call
        {
            let path = format!("organization-policies/{}/{name}.json", policy_type.as_str());
            assert_eq!(&rendered.files()[&path], content, "{path}");
        }
    }
    assert!(plan.conflicts.is_empty() && plan.retained.is_empty());
    let text = plan.to_text();
    assert!(
        text.contains("+ policy type `SERVICE_CONTROL_POLICY` in organization: create"),
        "{text}"
    );
    assert!(
        text.contains("+ SCP `protect-baseline` in organization: create"),
        "{text}"
    );
    assert!(
        text.contains("+ SCP `protect-baseline` on root in organization: create"),
        "{text}"
    );
    // Nothing holds yet.
    let audit = audit_guardrails(&desired, &new_organization());
    assert!(!audit.holds);
    assert!(audit.rows.iter().all(|row| row.status == Status::Missing));
}

#[test]
fn what_jumpgate_applied_plans_nothing_and_audits_clean() {
    let desired = seed();
    let live = applied(&desired);
    let plan = plan_guardrails(
        &desired,
        &live,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert!(plan.conflicts.is_empty() && plan.retained.is_empty());
    let audit = audit_guardrails(&desired, &live);
    assert!(audit.holds, "{}", audit.to_text());
    // Six seed guardrails on the root, the full-access ones on the root, 5 OUs and 9 accounts.
    assert_eq!(audit.rows.len(), 6 + 2 * 15);
    assert!(
        audit
            .to_text()
            .ends_with("Every guardrail holds on every target.\n")
    );
}

#[test]
fn a_policy_edited_or_detached_in_the_console_is_drift_and_repaired() {
    let desired = seed();
    let mut live = applied(&desired);
    for policy in &mut live.policies {
        if policy.name == "protect-baseline" {
            // Someone dropped the trail statement by hand, pretty-printed.
            let edited =
                Policy::from_json(policy.content.as_deref().unwrap_or_default()).expect("parses");
            let mut json: serde_json::Value = serde_json::to_value(&edited).expect("json");
            json["Statement"]
                .as_array_mut()
                .expect("statements")
                .remove(0);
            policy.content = Some(serde_json::to_string_pretty(&json).expect("json"));
        }
        if policy.name == "deny-leave-organization" {
            policy.targets.clear();
        }
        if policy.name == "FullAWSAccess" {
            policy
                .targets
                .remove(&LiveTarget::Ou("Workloads".to_owned()));
        }
    }
    let plan = plan_guardrails(&desired, &live, PlanOptions::default());
    let text = plan.to_text();
    assert!(
        text.contains("~ SCP `protect-baseline` in organization: update"),
        "{text}"
    );
    assert!(text.contains("+ Action: cloudtrail:stoplogging"), "{text}");
    assert!(
        text.contains("+ SCP `deny-leave-organization` on root in organization: create"),
        "{text}"
    );
    assert!(
        text.contains("+ SCP `FullAWSAccess` on OU Workloads in organization: create"),
        "{text}"
    );
    assert_eq!(plan.changes.len(), 3, "{text}");

    let audit = audit_guardrails(&desired, &live);
    let row = |name: &str, target: &str| {
        audit
            .rows
            .iter()
            .find(|row| row.guardrail == name && row.target == target)
            .unwrap_or_else(|| panic!("no row {name} {target}"))
    };
    assert_eq!(row("protect-baseline", "root").status, Status::Drifted);
    assert!(
        row("protect-baseline", "root").details[0].starts_with("content changed: + "),
        "{:?}",
        row("protect-baseline", "root")
    );
    assert_eq!(
        row("deny-leave-organization", "root").status,
        Status::Missing
    );
    assert_eq!(row("FullAWSAccess", "OU Workloads").status, Status::Missing);
    assert_eq!(row("deny-root-user", "root").status, Status::Ok);
    assert!(!audit.holds);

    // A content that only looks different (pretty-printed, reordered) is no drift.
    let mut pretty = applied(&desired);
    for policy in &mut pretty.policies {
        if let Some(content) = &policy.content {
            let parsed = Policy::from_json(content).expect("parses");
            policy.content = Some(serde_json::to_string_pretty(&parsed).expect("json"));
        }
    }
    assert!(plan_guardrails(&desired, &pretty, PlanOptions::default()).is_empty());
}

#[test]
fn an_unmarked_policy_of_the_same_name_is_a_conflict_and_left_alone() {
    let desired = seed();
    let mut live = applied(&desired);
    for policy in &mut live.policies {
        if policy.name == "deny-root-user" {
            policy.managed = false;
            policy.content = Some(r#"{"Version":"2012-10-17","Statement":[]}"#.to_owned());
            policy.targets.clear();
        }
    }
    let plan = plan_guardrails(
        &desired,
        &live,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(plan.conflicts[0].resource, "SCP `deny-root-user`");
    assert!(
        plan.conflicts[0]
            .reason
            .contains("without the tag managed-by = jumpgate")
    );
    let audit = audit_guardrails(&desired, &live);
    let row = audit
        .rows
        .iter()
        .find(|row| row.guardrail == "deny-root-user")
        .expect("row");
    assert_eq!(row.status, Status::Missing);
    assert!(
        row.details
            .iter()
            .any(|detail| detail.contains("without the tag"))
    );
}

fn deny_ec2() -> Policy {
    Policy::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*"}]}"#,
    )
    .expect("policy")
}

#[test]
fn a_policy_that_left_the_layout_is_kept_without_prune_and_detached_then_deleted_with_it() {
    let with = org_model::seed::landing_zone()
        .organization_policy(OrganizationPolicy::scp("no-ec2", deny_ec2()).on_ou("Workloads"));
    let live = applied(&desired(with));
    let without = seed();
    let kept = plan_guardrails(&without, &live, PlanOptions::default());
    assert!(kept.is_empty(), "{}", kept.to_text());
    let retained: Vec<&str> = kept.retained.iter().map(|r| r.resource.as_str()).collect();
    assert_eq!(retained, ["SCP `no-ec2` on OU Workloads", "SCP `no-ec2`"]);

    let pruned = plan_guardrails(
        &without,
        &live,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
    let calls = calls(&pruned);
    assert_eq!(calls.len(), 2, "{}", pruned.to_text());
    assert!(matches!(calls[0], GuardrailOp::DetachPolicy { name, .. } if name == "no-ec2"));
    assert!(matches!(calls[1], GuardrailOp::DeletePolicy { name, .. } if name == "no-ec2"));
    assert!(
        pruned
            .to_text()
            .contains("- SCP `no-ec2` in organization: delete")
    );
}

fn allow_list() -> Policy {
    Policy::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","s3:*","sts:*","config:*","cloudtrail:*","guardduty:*","organizations:*"],"Resource":"*"}]}"#,
    )
    .expect("policy")
}

#[test]
fn an_allow_list_replaces_full_aws_access_after_it_is_attached_and_only_with_prune() {
    let layout = org_model::seed::landing_zone().organization_policy(
        OrganizationPolicy::scp("allow-list", allow_list())
            .on_ou("Workloads/Production")
            .replacing_full_aws_access(),
    );
    let desired = desired(layout);
    let live = applied(&seed());
    let plan = plan_guardrails(
        &desired,
        &live,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
    let attach = position(
        &plan,
        |call| matches!(call, GuardrailOp::AttachPolicy { name, .. } if name == "allow-list"),
    );
    let detach = position(&plan, |call| {
        matches!(call, GuardrailOp::DetachPolicy { name, target: GuardrailTarget::Ou { path }, .. }
            if name == "FullAWSAccess" && path == "Workloads/Production")
    });
    assert!(attach < detach, "{}", plan.to_text());
    // Without --prune, FullAWSAccess stays and is reported.
    let kept = plan_guardrails(&desired, &live, PlanOptions::default());
    assert!(
        kept.retained
            .iter()
            .any(|r| r.resource == "SCP `FullAWSAccess` on OU Workloads/Production"),
        "{}",
        kept.to_text()
    );
    // The audit says FullAWSAccess is where the layout replaces it.
    let audit = audit_guardrails(&desired, &live);
    assert!(audit.rows.iter().any(|row| row.guardrail == "FullAWSAccess"
        && row.target == "OU Workloads/Production"
        && row.status == Status::Drifted));
}

#[test]
fn a_target_is_never_left_without_an_scp() {
    // The allow list cannot be attached (an unmarked policy has its name): FullAWSAccess is the
    // OU's only SCP, and detaching it is refused.
    let layout = org_model::seed::landing_zone().organization_policy(
        OrganizationPolicy::scp("allow-list", allow_list())
            .on_ou("Workloads/Production")
            .replacing_full_aws_access(),
    );
    let desired = desired(layout);
    let mut live = applied(&seed());
    live.policies.push(LivePolicy {
        id: "p-someones0".to_owned(),
        name: "allow-list".to_owned(),
        kind: SCP,
        description: String::new(),
        aws_managed: false,
        managed: false,
        content: Some(serde_json::to_string(&allow_list()).expect("json")),
        targets: BTreeSet::new(),
    });
    let plan = plan_guardrails(
        &desired,
        &live,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
    assert!(
        calls(&plan)
            .iter()
            .all(|call| !matches!(call, GuardrailOp::DetachPolicy { .. }))
    );
    assert!(
        plan.conflicts.iter().any(|conflict| conflict.resource
            == "SCP `FullAWSAccess` on OU Workloads/Production"
            && conflict.reason.contains("without an SCP")),
        "{:#?}",
        plan.conflicts
    );
}

#[test]
fn an_attachment_past_the_quota_is_a_conflict_before_any_call() {
    let desired = seed();
    let mut live = applied(&desired);
    // Nine SCPs of someone else's on the root, FullAWSAccess makes ten.
    for index in 0..9 {
        live.policies.push(LivePolicy {
            id: format!("p-theirs{index:03}"),
            name: format!("theirs-{index}"),
            kind: SCP,
            description: String::new(),
            aws_managed: false,
            managed: false,
            content: None,
            targets: BTreeSet::from([LiveTarget::Root]),
        });
    }
    for policy in &mut live.policies {
        if policy.managed && policy.kind == SCP {
            policy.targets.clear();
        }
    }
    let plan = plan_guardrails(&desired, &live, PlanOptions::default());
    assert!(
        calls(&plan)
            .iter()
            .all(|call| !matches!(call, GuardrailOp::AttachPolicy { policy_type, .. } if *policy_type == SCP)),
        "{}",
        plan.to_text()
    );
    let quota: Vec<&str> = plan
        .conflicts
        .iter()
        .filter(|conflict| conflict.reason.contains("at most 10 may be"))
        .map(|conflict| conflict.resource.as_str())
        .collect();
    assert_eq!(quota.len(), 5, "{:#?}", plan.conflicts);
    assert!(quota.contains(&"SCP `protect-baseline` on root"));
}

#[test]
fn a_wrong_organization_id_leaves_the_rcps_alone() {
    let layout = org_model::seed::landing_zone().organization_id("o-exampleorg1");
    let desired = desired(layout);
    let mut live = applied(&desired);
    live.organization_id = Some("o-someoneelse".to_owned());
    for policy in &mut live.policies {
        if policy.name == "log-bucket-perimeter" {
            policy.targets.clear();
        }
    }
    let plan = plan_guardrails(&desired, &live, PlanOptions::default());
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert!(plan.conflicts[0].reason.contains("`o-someoneelse`"));
}

#[test]
fn accounts_get_their_attachments_by_id() {
    let layout = org_model::seed::landing_zone()
        .organization_policy(OrganizationPolicy::scp("no-ec2", deny_ec2()).on_account("PRD"));
    let desired = desired(layout);
    let plan = plan_guardrails(&desired, &applied(&seed()), PlanOptions::default());
    let prd: Arn = "arn:aws:iam::100000000008:root".parse().expect("arn");
    let attach = calls(&plan)
        .into_iter()
        .find_map(|call| match call {
            GuardrailOp::AttachPolicy {
                target: GuardrailTarget::Account { account },
                ..
            } => Some(account.clone()),
            _ => None,
        })
        .expect("attached to an account");
    assert_eq!(
        attach,
        AccountRef {
            name: "PRD".to_owned(),
            id: prd.account_id().expect("id"),
        }
    );
    assert!(plan.to_text().contains("on account PRD (100000000008)"));

    // An account of the layout that is not a member gets nothing (the organization plan says
    // why), and the audit says it is missing.
    let mut outside = applied(&seed());
    outside.members.remove(&prd.account_id().expect("id"));
    let plan = plan_guardrails(&desired, &outside, PlanOptions::default());
    assert!(
        calls(&plan)
            .iter()
            .all(|call| !matches!(call, GuardrailOp::AttachPolicy { .. })),
        "{}",
        plan.to_text()
    );
    let audit = audit_guardrails(&desired, &outside);
    assert!(audit.rows.iter().any(|row| row.guardrail == "no-ec2"
        && row.status == Status::Missing
        && row.details == ["the account is not a member of the organization"]));
}

/// One operation of every kind (a new kind fails to compile in `kind` until it is added here).
fn every_op() -> Vec<Op> {
    let policy = deny_ec2();
    let arn: Arn = "arn:aws:iam::100000000005:policy/jumpgate/x"
        .parse()
        .expect("arn");
    let role_arn: Arn = "arn:aws:iam::100000000005:role/x".parse().expect("arn");
    let trail = jumpgate_planner::baseline_state::TrailSettings {
        name: "jumpgate".to_owned(),
        bucket: "b".to_owned(),
        is_multi_region: true,
        include_global_service_events: true,
        log_file_validation: true,
    };
    let baseline = |call| Op::Baseline {
        region: "eu-west-1".to_owned(),
        call,
    };
    let guardrail = |call| Op::Guardrail { call };
    let name = || "x".to_owned();
    vec![
        Op::CreateOrganization,
        Op::CreateOu {
            parent: name(),
            name: name(),
        },
        Op::CreateAccount {
            name: name(),
            email: name(),
        },
        Op::MoveAccount {
            email: name(),
            ou: name(),
        },
        Op::CreateRole {
            role: name(),
            path: "/".to_owned(),
            trust: policy.clone(),
            max_session_duration: 3_600,
        },
        Op::UpdateTrust {
            role: name(),
            trust: policy.clone(),
        },
        Op::UpdateMaxSession {
            role: name(),
            max_session_duration: 3_600,
        },
        Op::AttachRolePolicy {
            role: name(),
            arn: arn.clone(),
        },
        Op::DetachRolePolicy {
            role: name(),
            arn: arn.clone(),
        },
        Op::PutRolePolicy {
            role: name(),
            name: name(),
            policy: policy.clone(),
        },
        Op::DeleteRolePolicy {
            role: name(),
            name: name(),
        },
        Op::DeleteRole { role: name() },
        Op::CreateGroup {
            group: name(),
            path: "/".to_owned(),
        },
        Op::PutGroupPolicy {
            group: name(),
            name: name(),
            policy: policy.clone(),
        },
        Op::DeleteGroupPolicy {
            group: name(),
            name: name(),
        },
        Op::AttachGroupPolicy {
            group: name(),
            arn: arn.clone(),
        },
        Op::DetachGroupPolicy {
            group: name(),
            arn: arn.clone(),
        },
        Op::DeleteGroup { group: name() },
        Op::CreateUser {
            user: name(),
            path: "/".to_owned(),
        },
        Op::AddUserToGroup {
            user: name(),
            group: name(),
        },
        Op::RemoveUserFromGroup {
            user: name(),
            group: name(),
        },
        Op::DeleteUser { user: name() },
        Op::UpdatePasswordPolicy {
            policy: org_model::PasswordPolicy::default(),
        },
        Op::CreateLoginProfile {
            user: name(),
            password_length: 32,
            password_reset_required: true,
        },
        Op::DeleteLoginProfile { user: name() },
        Op::TagRole { role: name() },
        Op::TagUser { user: name() },
        Op::TagPolicy { arn: arn.clone() },
        Op::CreatePolicy {
            name: name(),
            path: "/".to_owned(),
            policy: policy.clone(),
        },
        Op::CreatePolicyVersion {
            arn: arn.clone(),
            policy: policy.clone(),
        },
        Op::DeletePolicyVersion {
            arn: arn.clone(),
            version: "v1".to_owned(),
        },
        Op::DetachUserPolicy {
            user: name(),
            arn: arn.clone(),
        },
        Op::DeletePolicy { arn: arn.clone() },
        guardrail(GuardrailOp::EnablePolicyType { policy_type: SCP }),
        guardrail(GuardrailOp::CreatePolicy {
            name: name(),
            policy_type: SCP,
            description: name(),
            content: name(),
        }),
        guardrail(GuardrailOp::UpdatePolicy {
            name: name(),
            policy_type: SCP,
            description: name(),
            content: name(),
        }),
        guardrail(GuardrailOp::AttachPolicy {
            name: name(),
            policy_type: SCP,
            target: GuardrailTarget::Root,
        }),
        guardrail(GuardrailOp::DetachPolicy {
            name: name(),
            policy_type: SCP,
            target: GuardrailTarget::Root,
        }),
        guardrail(GuardrailOp::DeletePolicy {
            name: name(),
            policy_type: SCP,
        }),
        baseline(BaselineOp::CreateBucket { bucket: name() }),
        baseline(BaselineOp::TagBucket { bucket: name() }),
        baseline(BaselineOp::PutBucketPolicy {
            bucket: name(),
            policy: policy.clone(),
        }),
        baseline(BaselineOp::BlockPublicAccess { bucket: name() }),
        baseline(BaselineOp::EnableVersioning { bucket: name() }),
        baseline(BaselineOp::PutBucketEncryption { bucket: name() }),
        baseline(BaselineOp::CreateConfigServiceLinkedRole),
        baseline(BaselineOp::PutConfigurationRecorder {
            name: name(),
            role_arn,
            all_supported: true,
            include_global_resource_types: true,
        }),
        baseline(BaselineOp::PutDeliveryChannel {
            name: name(),
            bucket: name(),
        }),
        baseline(BaselineOp::StartConfigurationRecorder { name: name() }),
        baseline(BaselineOp::CreateTrail {
            trail: trail.clone(),
        }),
        baseline(BaselineOp::UpdateTrail { trail }),
        baseline(BaselineOp::StartLogging { name: name() }),
        baseline(BaselineOp::CreateDetector {
            finding_publishing_frequency: "SIX_HOURS".to_owned(),
        }),
        baseline(BaselineOp::UpdateDetector {
            detector_id: name(),
            finding_publishing_frequency: "SIX_HOURS".to_owned(),
        }),
    ]
}

/// The kind of an operation: exhaustive, so a new kind of operation must be added to
/// [`every_op`] (and to `api_calls`) before this compiles.
fn kind(op: &Op) -> String {
    match op {
        Op::Baseline { call, .. } => format!(
            "baseline {}",
            serde_json::to_value(call).expect("json")["call"]
        ),
        Op::Guardrail { call } => format!(
            "guardrail {}",
            serde_json::to_value(call).expect("json")["call"]
        ),
        Op::CreateOrganization
        | Op::CreateOu { .. }
        | Op::CreateAccount { .. }
        | Op::MoveAccount { .. }
        | Op::CreateRole { .. }
        | Op::UpdateTrust { .. }
        | Op::UpdateMaxSession { .. }
        | Op::AttachRolePolicy { .. }
        | Op::DetachRolePolicy { .. }
        | Op::PutRolePolicy { .. }
        | Op::DeleteRolePolicy { .. }
        | Op::DeleteRole { .. }
        | Op::CreateGroup { .. }
        | Op::PutGroupPolicy { .. }
        | Op::DeleteGroupPolicy { .. }
        | Op::AttachGroupPolicy { .. }
        | Op::DetachGroupPolicy { .. }
        | Op::DeleteGroup { .. }
        | Op::CreateUser { .. }
        | Op::AddUserToGroup { .. }
        | Op::RemoveUserFromGroup { .. }
        | Op::DeleteUser { .. }
        | Op::UpdatePasswordPolicy { .. }
        | Op::CreateLoginProfile { .. }
        | Op::DeleteLoginProfile { .. }
        | Op::TagRole { .. }
        | Op::TagUser { .. }
        | Op::TagPolicy { .. }
        | Op::CreatePolicy { .. }
        | Op::CreatePolicyVersion { .. }
        | Op::DeletePolicyVersion { .. }
        | Op::DetachUserPolicy { .. }
        | Op::DeletePolicy { .. } => serde_json::to_value(op).expect("json")["op"].to_string(),
    }
}

#[test]
fn every_call_a_plan_makes_in_a_member_account_is_one_the_proofs_cover() {
    let ops = every_op();
    let kinds: BTreeSet<String> = ops.iter().map(kind).collect();
    assert_eq!(kinds.len(), ops.len(), "one operation of each kind");
    let mut covered: BTreeMap<&str, usize> = BTreeMap::new();
    for op in &ops {
        for call in api_calls(op) {
            if in_management_account(call) {
                continue;
            }
            assert!(
                deployment_call(call).is_some(),
                "`{call}` of {} is not among the calls the guardrail proofs cover",
                kind(op)
            );
            *covered.entry(call).or_default() += 1;
        }
    }
    // And the proofs cover no write the planner never makes.
    for call in DEPLOYMENT_CALLS.iter().filter(|call| call.write) {
        assert!(
            covered.contains_key(call.api().as_str()),
            "{} is proven but never planned",
            call.api()
        );
    }
}

#[test]
fn the_audit_report_carries_the_guardrails_and_fails_with_them() {
    let baseline = jumpgate_planner::audit::AuditReport {
        region: "us-east-1".to_owned(),
        holds: true,
        accounts: Vec::new(),
        guardrails: None,
    };
    let seed = seed();
    let clean = audit_guardrails(&seed, &applied(&seed));
    let report = baseline.clone().with_guardrails(clean);
    assert!(report.holds);
    assert!(
        report
            .to_text()
            .ends_with("Every guardrail holds on every target.\n"),
        "{}",
        report.to_text()
    );

    let mut live = applied(&seed);
    live.policies
        .iter_mut()
        .find(|policy| policy.name == "deny-root-user")
        .expect("seed guardrail")
        .targets
        .clear();
    let report = baseline
        .clone()
        .with_guardrails(audit_guardrails(&seed, &live));
    assert!(!report.holds, "{}", report.to_text());
    let json = serde_json::to_value(&report).expect("json");
    assert!(
        json["guardrails"]["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .any(|row| row["guardrail"] == "deny-root-user" && row["status"] == "missing"),
        "{json:#}"
    );
    // A layout without guardrails: the report is the baseline's alone.
    let none = baseline.clone().with_guardrails(audit_guardrails(
        &desired(without_guardrails()),
        &LiveGuardrails::default(),
    ));
    assert_eq!(none, baseline);
}

fn without_guardrails() -> org_model::Layout {
    let mut layout = org_model::seed::landing_zone();
    layout.guardrails = None;
    layout
}
