//! Guardrails (SCPs and RCPs) against moto (one server for the whole run, started by
//! `scripts/test-all.sh`): the seed's set from scratch, byte for byte as rendered, a second apply
//! with zero writes, drift made in the console audited and repaired, a same-named untagged
//! policy left alone, a policy that left the layout kept without `--prune` and removed with it.
//!
//! What moto 5.2.5 does not do for Organizations policies, and where it is tested instead:
//! * it attaches `FullAWSAccess` and `RCPFullAWSAccess` to the root and the management account
//!   when the organization is created, whether or not the type is enabled, and never to OUs and
//!   accounts created later (AWS attaches the full-access policy everywhere when the type is
//!   enabled, and to every new OU and account);
//! * it accepts attachments of a type that is not enabled, past the per-target quota, and
//!   policies past the size quota or that AWS's policy grammar for the type rejects (AWS answers
//!   `PolicyTypeNotEnabledException`, `ConstraintViolationException`,
//!   `MalformedPolicyDocumentException`);
//! * it answers a repeated attachment or a detachment of something not attached with success
//!   (AWS: `DuplicatePolicyAttachmentException`, `PolicyNotAttachedException`), and a policy
//!   type being enabled is `ENABLED` at once (AWS: `PENDING_ENABLE` first).
//!
//! The planner's side of those (quotas, the full-access policy kept, types enabled before
//! attachments) is tested in `planner/tests/guardrails_plan.rs`; the adapter's reading of
//! AWS's own answers for RCPs is tested against recorded responses in `tests/recorded.rs`.

use aws_sdk_organizations::types::{PolicyType, PolicyTypeStatus};
use jumpgate_aws::{Aws, assume_role};
use jumpgate_planner::PlanOptions;
use jumpgate_planner::audit::Status;
use org_model::Layout;
use org_model::guardrails::OrganizationPolicy;
use org_model::guardrails::OrganizationPolicyKind;

mod common;

use common::{base, checked, connect, id_of, seed, settings};

/// A 12-digit id prefix unique to this test (the range of `tests/moto.rs`, which it shares
/// with a chance of a collision of about one in ten million per pair of tests).
fn unique_prefix() -> String {
    common::unique_prefix(10_000_000, 79_999_999)
}

/// A plain Organizations client in the management account `root`, for changes behind
/// jumpgate's back.
async fn console(root: &str) -> aws_sdk_organizations::Client {
    let config = assume_role(&base(), &settings(), common::account(root), "someone-else")
        .await
        .expect("session");
    aws_sdk_organizations::Client::new(&config)
}

/// The id of the policy named `name` of `policy_type`.
async fn policy_id(
    org: &aws_sdk_organizations::Client,
    policy_type: PolicyType,
    name: &str,
) -> String {
    org.list_policies()
        .filter(policy_type)
        .send()
        .await
        .expect("list policies")
        .policies()
        .iter()
        .find(|policy| policy.name() == Some(name))
        .and_then(|policy| policy.id())
        .unwrap_or_else(|| panic!("no policy `{name}`"))
        .to_owned()
}

/// The names of the policies of `policy_type` attached to `target`.
async fn attached(
    org: &aws_sdk_organizations::Client,
    policy_type: PolicyType,
    target: &str,
) -> Vec<String> {
    let mut names: Vec<String> = org
        .list_policies_for_target()
        .target_id(target)
        .filter(policy_type)
        .send()
        .await
        .expect("list policies for target")
        .policies()
        .iter()
        .filter_map(|policy| policy.name().map(str::to_owned))
        .collect();
    names.sort();
    names
}

async fn root_id(org: &aws_sdk_organizations::Client) -> String {
    org.list_roots().send().await.expect("roots").roots()[0]
        .id()
        .expect("root id")
        .to_owned()
}

/// The OUs under `parent`, all levels.
async fn ous(org: &aws_sdk_organizations::Client, parent: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut parents = vec![parent.to_owned()];
    while let Some(parent) = parents.pop() {
        let children = org
            .list_organizational_units_for_parent()
            .parent_id(parent)
            .send()
            .await
            .expect("OUs");
        for ou in children.organizational_units() {
            let id = ou.id().expect("OU id").to_owned();
            parents.push(id.clone());
            found.push(id);
        }
    }
    found
}

/// The number of guardrail rows that do not hold, after asserting that each of them is on
/// an account outside the organization.
fn only_outside_the_organization(audit: &jumpgate_planner::guardrails::GuardrailAudit) -> usize {
    let failing: Vec<_> = audit
        .rows
        .iter()
        .filter(|row| row.status != Status::Ok)
        .collect();
    for row in &failing {
        assert_eq!(
            row.details,
            ["the account is not a member of the organization"],
            "{}",
            audit.to_text()
        );
    }
    failing.len()
}

/// Applies `layout` and returns the number of write calls it made.
async fn apply_counted(aws: &Aws, layout: &Layout, options: PlanOptions) -> usize {
    let before = aws.writes().count();
    aws.apply(&checked(layout), options).await.expect("apply");
    aws.writes().count() - before
}

/// The seed, with the id of the organization the first apply created (the log bucket's RCP
/// names it, so it is in force only then).
async fn with_organization_id(aws: &Aws, layout: &Layout) -> Layout {
    let id = aws
        .read_guardrails(
            &jumpgate_planner::guardrails_state::desired_guardrails(
                &checked(layout),
                &jumpgate_planner::desired::desired_org(
                    &checked(layout),
                    &aws.read_org().await.expect("org"),
                ),
            )
            .expect("desired"),
        )
        .await
        .expect("read guardrails")
        .organization_id
        .expect("an organization");
    layout.clone().organization_id(id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_guardrails_from_scratch_zero_writes_then_drift_audited_and_repaired() {
    let prefix = unique_prefix();
    let first = seed(&prefix);
    let root = id_of(&first, "ROOT");
    let aws = connect(&root).await;
    aws.apply(&checked(&first), PlanOptions::default())
        .await
        .expect("first apply");
    let layout = with_organization_id(&aws, &first).await;
    // The first apply made the log bucket's RCP with the member accounts; with the
    // organization's id it names the organization instead.
    let updated = aws
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply with the organization id");
    assert!(
        updated
            .to_text()
            .contains("~ RCP `log-bucket-perimeter` in organization: update"),
        "{}",
        updated.to_text()
    );

    // Every policy as rendered, byte for byte, tagged, attached where the layout says.
    let org = console(&root).await;
    let rendered = org_model::render::render(&layout).expect("render");
    let set = org_model::guardrails::Guardrails::of(&layout).expect("guardrails");
    let root_target = root_id(&org).await;
    let roots = org.list_roots().send().await.expect("roots");
    for kind in [
        PolicyType::ServiceControlPolicy,
        PolicyType::ResourceControlPolicy,
    ] {
        assert!(
            roots.roots()[0]
                .policy_types()
                .iter()
                .any(|summary| summary.r#type() == Some(&kind)
                    && summary.status() == Some(&PolicyTypeStatus::Enabled)),
            "{kind:?} enabled on the root"
        );
    }
    let managed: Vec<_> = set
        .policies
        .iter()
        .filter(|policy| policy.is_managed())
        .collect();
    // The seed set but the Region restriction, which the seed does not ask for.
    assert_eq!(managed.len(), 6, "the seed set is in force");
    for policy in &managed {
        let policy_type = match policy.kind {
            OrganizationPolicyKind::Scp => PolicyType::ServiceControlPolicy,
            OrganizationPolicyKind::Rcp => PolicyType::ResourceControlPolicy,
        };
        let id = policy_id(&org, policy_type.clone(), &policy.name).await;
        let described = org
            .describe_policy()
            .policy_id(&id)
            .send()
            .await
            .expect("describe");
        assert_eq!(
            described.policy().and_then(|p| p.content()),
            Some(rendered.files()[&policy.file()].as_str()),
            "{} as rendered",
            policy.name
        );
        let tags = org
            .list_tags_for_resource()
            .resource_id(&id)
            .send()
            .await
            .expect("tags");
        assert!(
            tags.tags()
                .iter()
                .any(|tag| tag.key() == "managed-by" && tag.value() == "jumpgate"),
            "{} tagged",
            policy.name
        );
        assert!(
            attached(&org, policy_type, &root_target)
                .await
                .contains(&policy.name),
            "{} on the root",
            policy.name
        );
    }
    // FullAWSAccess stays on the root, next to the seed's five SCPs.
    assert_eq!(
        attached(&org, PolicyType::ServiceControlPolicy, &root_target)
            .await
            .len(),
        6
    );

    // AWS attaches the full-access policies to every OU when the type is enabled; moto only
    // to the root and the management account: the test does what AWS does.
    let full = policy_id(&org, PolicyType::ServiceControlPolicy, "FullAWSAccess").await;
    let rcp_full = policy_id(&org, PolicyType::ResourceControlPolicy, "RCPFullAWSAccess").await;
    for ou in ous(&org, &root_target).await {
        for policy in [&full, &rcp_full] {
            org.attach_policy()
                .policy_id(policy)
                .target_id(&ou)
                .send()
                .await
                .expect("full access on the OU");
        }
    }

    // A second apply writes nothing; the audit holds on every target in the organization (the
    // seed's member accounts are not in moto's organization: missing, and said why).
    assert_eq!(
        apply_counted(
            &aws,
            &layout,
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            }
        )
        .await,
        0
    );
    let audit = aws.audit(&checked(&layout)).await.expect("audit");
    let guardrails = audit.guardrails.as_ref().expect("guardrails audited");
    let outside = only_outside_the_organization(guardrails);
    assert_eq!(outside, 2 * 8, "{}", guardrails.to_text());
    for policy in &managed {
        assert!(
            guardrails
                .rows
                .iter()
                .any(|row| row.guardrail == policy.name && row.status == Status::Ok),
            "{}",
            guardrails.to_text()
        );
    }

    // Drift in the console: a policy edited, another detached.
    let leave = policy_id(
        &org,
        PolicyType::ServiceControlPolicy,
        "deny-leave-organization",
    )
    .await;
    org.update_policy()
        .policy_id(&leave)
        .content(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*"}]}"#,
        )
        .send()
        .await
        .expect("edit");
    let baseline = policy_id(&org, PolicyType::ServiceControlPolicy, "protect-baseline").await;
    org.detach_policy()
        .policy_id(&baseline)
        .target_id(&root_target)
        .send()
        .await
        .expect("detach");
    let audit = aws.audit(&checked(&layout)).await.expect("audit");
    assert!(!audit.holds);
    let guardrails = audit.guardrails.expect("guardrails audited");
    let status = |name: &str| {
        guardrails
            .rows
            .iter()
            .find(|row| row.guardrail == name)
            .map(|row| row.status)
    };
    assert_eq!(
        status("deny-leave-organization"),
        Some(Status::Drifted),
        "{}",
        guardrails.to_text()
    );
    assert_eq!(
        status("protect-baseline"),
        Some(Status::Missing),
        "{}",
        guardrails.to_text()
    );
    assert_eq!(status("deny-root-user"), Some(Status::Ok));
    let plan = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    let text = plan.to_text();
    assert_eq!(plan.changes.len(), 2, "{text}");
    assert!(text.contains("SCP `deny-leave-organization`"), "{text}");
    assert!(text.contains("SCP `protect-baseline` on root"), "{text}");
    assert_eq!(
        apply_counted(&aws, &layout, PlanOptions::default()).await,
        2
    );
    let repaired = aws.audit(&checked(&layout)).await.expect("audit");
    assert_eq!(
        only_outside_the_organization(repaired.guardrails.as_ref().expect("guardrails")),
        outside
    );
    assert_eq!(
        apply_counted(&aws, &layout, PlanOptions::default()).await,
        0
    );
}

fn deny_ec2() -> iam_policy::Policy {
    iam_policy::Policy::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*"}]}"#,
    )
    .expect("policy")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn untagged_namesake_is_left_alone_and_a_removed_policy_needs_prune() {
    let prefix = unique_prefix();
    let plain = seed(&prefix);
    let root = id_of(&plain, "ROOT");
    let aws = connect(&root).await;
    aws.apply(&checked(&plain), PlanOptions::default())
        .await
        .expect("first apply");
    let org = console(&root).await;
    let workloads = {
        let root_target = root_id(&org).await;
        org.list_organizational_units_for_parent()
            .parent_id(root_target)
            .send()
            .await
            .expect("OUs")
            .organizational_units()
            .iter()
            .find(|ou| ou.name() == Some("Workloads"))
            .and_then(|ou| ou.id())
            .expect("Workloads")
            .to_owned()
    };

    // Someone else's `no-ec2`, untagged: a conflict, never written to.
    org.create_policy()
        .name("no-ec2")
        .description("theirs")
        .content(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#)
        .r#type(PolicyType::ServiceControlPolicy)
        .send()
        .await
        .expect("their policy");
    let with = plain
        .clone()
        .organization_policy(OrganizationPolicy::scp("no-ec2", deny_ec2()).on_ou("Workloads"));
    let plan = aws
        .plan(
            &checked(&with),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("plan");
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert!(
        plan.conflicts
            .iter()
            .any(|conflict| conflict.resource.contains("no-ec2")),
        "{}",
        plan.to_text()
    );
    let theirs = policy_id(&org, PolicyType::ServiceControlPolicy, "no-ec2").await;
    org.delete_policy()
        .policy_id(&theirs)
        .send()
        .await
        .expect("theirs deleted");

    // AWS attaches `FullAWSAccess` to every new OU; moto does not: the test does.
    org.attach_policy()
        .policy_id(policy_id(&org, PolicyType::ServiceControlPolicy, "FullAWSAccess").await)
        .target_id(&workloads)
        .send()
        .await
        .expect("FullAWSAccess on Workloads");

    // Ours: created and attached to the OU; when it leaves the layout it stays without
    // `--prune`, and is detached then deleted with it.
    assert_eq!(apply_counted(&aws, &with, PlanOptions::default()).await, 2);
    assert_eq!(
        attached(&org, PolicyType::ServiceControlPolicy, &workloads).await,
        ["FullAWSAccess", "no-ec2"]
    );
    let kept = aws
        .plan(&checked(&plain), PlanOptions::default())
        .await
        .expect("plan");
    assert!(kept.is_empty(), "{}", kept.to_text());
    assert_eq!(kept.retained.len(), 2, "{}", kept.to_text());
    assert_eq!(
        apply_counted(
            &aws,
            &plain,
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            }
        )
        .await,
        2
    );
    assert_eq!(
        attached(&org, PolicyType::ServiceControlPolicy, &workloads).await,
        ["FullAWSAccess"]
    );
    let left = org
        .list_policies()
        .filter(PolicyType::ServiceControlPolicy)
        .send()
        .await
        .expect("policies");
    assert!(
        left.policies()
            .iter()
            .all(|policy| policy.name() != Some("no-ec2"))
    );
}
