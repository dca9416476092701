//! The planner, without AWS: desired state from the seed layout diffed against hand-made live
//! states.

use iam_policy::Arn;
use jumpgate_planner::desired::{desired_iam, desired_org, with_ids};
use jumpgate_planner::state::{IamState, OrgState};
use jumpgate_planner::{ChangeAction, Op, PlanOptions, plan_iam, plan_org};
use org_model::{CheckedLayout, Layout};

/// `layout`, checked (the planner takes no other).
fn checked(layout: Layout) -> CheckedLayout {
    CheckedLayout::check(layout).expect("the layout has no ERROR finding")
}

fn seed_iam() -> IamState {
    desired_iam(&checked(org_model::seed::landing_zone())).expect("the seed has a desired state")
}

#[test]
fn empty_live_state_creates_everything() {
    let desired = seed_iam();
    let plan = plan_iam(&desired, &IamState::default(), PlanOptions::default());
    let creates = |kind: &str| {
        plan.changes
            .iter()
            .filter(|change| {
                change.action == ChangeAction::Create && change.resource.starts_with(kind)
            })
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
    let plan = plan_iam(
        &desired,
        &desired,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
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
    let plan = plan_iam(
        &desired,
        &live,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
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
    let smaller = desired_iam(&checked(layout)).expect("desired state");
    let kept = plan_iam(&smaller, &desired, PlanOptions::default());
    assert!(
        kept.retained
            .iter()
            .any(|item| item.resource == "group `auditors`"),
        "{}",
        kept.to_text()
    );
    assert!(
        !kept
            .changes
            .iter()
            .any(|change| change.action == ChangeAction::Delete)
    );
    // The retained group keeps its members: carol is not touched.
    assert!(
        !kept
            .changes
            .iter()
            .any(|change| change.resource == "user `carol`"),
        "{}",
        kept.to_text()
    );
    let pruned = plan_iam(
        &smaller,
        &desired,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
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
    let desired = desired_org(&checked(layout), &OrgState::default());
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

fn policy(json: &str) -> iam_policy::Policy {
    iam_policy::Policy::from_json(json).expect("valid policy")
}

const DENY_REGIONS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#;

/// The seed with a customer managed policy `deny-regions` on the role `admin` and the group
/// `developers`.
fn seed_with_customer_policy(document: &str) -> org_model::Layout {
    let mut layout = org_model::seed::landing_zone();
    let permission = org_model::Permission::Customer {
        customer: "deny-regions".to_owned(),
        path: None,
        policy: policy(document),
    };
    for role in &mut layout.roles {
        if role.name == "admin" {
            role.permissions.push(permission.clone());
        }
    }
    for group in &mut layout.groups {
        if group.name == "developers" {
            group.permissions.push(permission.clone());
        }
    }
    layout
}

fn account<'a>(state: &'a mut IamState, name: &str) -> &'a mut jumpgate_planner::state::AccountIam {
    state
        .accounts
        .iter_mut()
        .find(|(account, _)| account.name == name)
        .map_or_else(|| panic!("{name} in the state"), |(_, iam)| iam)
}

#[test]
fn customer_policy_is_created_before_what_attaches_it() {
    let desired = desired_iam(&checked(seed_with_customer_policy(DENY_REGIONS))).expect("desired");
    let plan = plan_iam(&desired, &IamState::default(), PlanOptions::default());
    let arn = "arn:aws:iam::100000000005:policy/jumpgate/deny-regions";
    let position = |resource: &str, account: &str| {
        plan.changes
            .iter()
            .position(|change| {
                change.resource == resource && change.target.to_string().starts_with(account)
            })
            .unwrap_or_else(|| panic!("{resource} in {account}:\n{}", plan.to_text()))
    };
    let create = &plan.changes[position("policy `deny-regions`", "DEV")];
    assert!(
        matches!(&create.ops[..], [Op::CreatePolicy { name, path, policy }]
            if name == "deny-regions" && path == "/jumpgate/" && policy.semantically_equals(&self::policy(DENY_REGIONS))),
        "{:?}",
        create.ops
    );
    assert!(position("policy `deny-regions`", "DEV") < position("role `admin`", "DEV"));
    let role = &plan.changes[position("role `admin`", "DEV")];
    assert!(role.ops.iter().any(
        |op| matches!(op, Op::AttachRolePolicy { role, arn: attached } if role == "admin" && attached.as_str() == arn)
    ));
    // In JUMP for the group; in every account of admin; not where only read-only is.
    assert!(position("policy `deny-regions`", "JUMP") < position("group `developers`", "JUMP"));
    let accounts = plan
        .changes
        .iter()
        .filter(|change| change.resource == "policy `deny-regions`")
        .count();
    assert_eq!(accounts, 6 + 1, "{}", plan.to_text());
    assert!(
        !plan
            .changes
            .iter()
            .any(|change| change.resource == "policy `deny-regions`"
                && change.target.to_string().starts_with("LOG")),
        "{}",
        plan.to_text()
    );
}

#[test]
fn customer_policy_document_change_is_a_new_default_version() {
    let desired = desired_iam(&checked(seed_with_customer_policy(DENY_REGIONS))).expect("desired");
    let mut live = desired.clone();
    let old = DENY_REGIONS.replace("eu-west-1", "us-east-1");
    let dev = account(&mut live, "DEV");
    let live_policy = dev.policies.get_mut("deny-regions").expect("policy in DEV");
    live_policy.document = policy(&old);
    live_policy.old_versions = vec!["v1".to_owned(), "v2".to_owned()];
    let plan = plan_iam(&desired, &live, PlanOptions::default());
    assert_eq!(plan.changes.len(), 1, "{}", plan.to_text());
    let text = plan.to_text();
    assert!(
        text.contains("~ policy `deny-regions` in DEV (100000000005): update"),
        "{text}"
    );
    assert!(text.contains("document changes:"), "{text}");
    assert!(
        text.contains("+ Condition.StringNotEquals.aws:requestedregion: eu-west-1"),
        "{text}"
    );
    assert!(
        text.contains("- Condition.StringNotEquals.aws:requestedregion: us-east-1"),
        "{text}"
    );
    assert!(
        matches!(&plan.changes[0].ops[..], [Op::CreatePolicyVersion { arn, .. }]
            if arn.as_str() == "arn:aws:iam::100000000005:policy/jumpgate/deny-regions"),
        "{:?}",
        plan.changes[0].ops
    );

    // Five versions (IAM's limit): the oldest non-default one goes first.
    let dev = account(&mut live, "DEV");
    let live_policy = dev.policies.get_mut("deny-regions").expect("policy in DEV");
    live_policy.old_versions = ["v2", "v3", "v4", "v5"].map(str::to_owned).to_vec();
    let plan = plan_iam(&desired, &live, PlanOptions::default());
    assert!(
        matches!(&plan.changes[0].ops[..], [
            Op::DeletePolicyVersion { version, .. },
            Op::CreatePolicyVersion { .. },
        ] if version == "v2"),
        "{:?}",
        plan.changes[0].ops
    );
    assert!(plan.to_text().contains("deletes the oldest version v2"));
    // The same document, differently written: nothing to do.
    let dev = account(&mut live, "DEV");
    let live_policy = dev.policies.get_mut("deny-regions").expect("policy in DEV");
    live_policy.document = policy(
        r#"{"Statement":{"Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}},"Resource":["*"],"Action":["*"],"Effect":"Deny"},"Version":"2012-10-17"}"#,
    );
    let plan = plan_iam(&desired, &live, PlanOptions::default());
    assert!(plan.is_empty(), "{}", plan.to_text());
}

#[test]
fn unmanaged_customer_policy_of_the_same_name_is_a_conflict_and_not_attached() {
    let desired = desired_iam(&checked(seed_with_customer_policy(DENY_REGIONS))).expect("desired");
    let mut live = desired.clone();
    let dev = account(&mut live, "DEV");
    let theirs = dev.policies.get_mut("deny-regions").expect("policy in DEV");
    theirs.managed = false;
    theirs.document = policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    );
    let arn = theirs.arn.clone();
    dev.roles
        .get_mut("admin")
        .expect("admin in DEV")
        .attached
        .remove(&arn);
    let plan = plan_iam(
        &desired,
        &live,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert!(
        plan.conflicts
            .iter()
            .any(|conflict| conflict.resource == "policy `deny-regions`"
                && conflict
                    .reason
                    .contains("without the tag managed-by = jumpgate")),
        "{}",
        plan.to_text()
    );
}

#[test]
fn customer_policy_that_left_the_layout_is_retained_or_pruned() {
    let with_policy =
        desired_iam(&checked(seed_with_customer_policy(DENY_REGIONS))).expect("desired");
    let without = seed_iam();
    let mut live = with_policy.clone();
    let dev = account(&mut live, "DEV");
    let live_policy = dev.policies.get_mut("deny-regions").expect("policy in DEV");
    live_policy.old_versions = vec!["v1".to_owned()];
    live_policy.attached_to = [
        jumpgate_planner::state::PolicyEntity::Role("admin".to_owned()),
        jumpgate_planner::state::PolicyEntity::User("someone".to_owned()),
    ]
    .into();
    let arn = live_policy.arn.clone();

    let kept = plan_iam(&without, &live, PlanOptions::default());
    assert!(
        !kept
            .changes
            .iter()
            .flat_map(|change| &change.ops)
            .any(|op| matches!(op, Op::DeletePolicy { .. })),
        "{}",
        kept.to_text()
    );
    assert!(
        kept.retained
            .iter()
            .any(|item| item.resource == "policy `deny-regions`"),
        "{}",
        kept.to_text()
    );

    let pruned = plan_iam(
        &without,
        &live,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
    let in_dev: Vec<_> = pruned
        .changes
        .iter()
        .filter(|change| change.target.to_string().starts_with("DEV"))
        .collect();
    // The role update detaches it from admin; the delete detaches it from the rest.
    assert_eq!(in_dev.len(), 2, "{}", pruned.to_text());
    assert_eq!(in_dev[0].resource, "role `admin`");
    assert!(
        matches!(&in_dev[0].ops[..], [Op::DetachRolePolicy { arn: detached, .. }] if *detached == arn)
    );
    assert_eq!(in_dev[1].resource, "policy `deny-regions`");
    assert_eq!(
        in_dev[1].ops,
        [
            Op::DetachUserPolicy {
                user: "someone".to_owned(),
                arn: arn.clone()
            },
            Op::DeletePolicyVersion {
                arn: arn.clone(),
                version: "v1".to_owned()
            },
            Op::DeletePolicy { arn: arn.clone() },
        ]
    );
}

#[test]
fn every_arn_follows_the_layout_partition() {
    for (partition, region) in [
        (iam_policy::Partition::AwsCn, "cn-north-1"),
        (iam_policy::Partition::AwsUsGov, "us-gov-west-1"),
    ] {
        let mut layout = seed_with_customer_policy(DENY_REGIONS);
        layout.organization.partition = partition;
        region.clone_into(&mut layout.organization.default_region);
        let name = partition.as_str();
        let desired = desired_iam(&checked(layout)).expect("desired");
        let plan = plan_iam(&desired, &IamState::default(), PlanOptions::default());
        let json = serde_json::to_string(&plan).expect("JSON plan");
        assert!(!json.contains("arn:aws:"), "{json}");
        for arn in [
            format!("arn:{name}:iam::aws:policy/AdministratorAccess"),
            format!("arn:{name}:iam::100000000005:policy/jumpgate/deny-regions"),
            format!("arn:{name}:iam::100000000001:root"),
        ] {
            assert!(json.contains(&arn), "{arn} in {json}");
        }
    }
}

/// The JSON plan (`jumpgate plan --format json`) of the seed against an empty AWS: the
/// organization with its OUs, the members with ids reported as not in the organization, and
/// every role, group and user with its write calls.
#[test]
fn seed_plan_from_nothing_as_json() {
    let layout = checked(org_model::seed::landing_zone());
    let empty = OrgState::default();
    let mut plan = plan_org(&desired_org(&layout, &empty), &empty);
    plan.extend(plan_iam(
        &desired_iam(&layout).expect("desired"),
        &IamState::default(),
        PlanOptions::default(),
    ));
    // 1 organization, 5 OUs, the password policy in 9 accounts, 14 roles with one attachment
    // each, 3 groups with 2 inline policies each, 3 users with 4 memberships and a login
    // profile each; 8 members with ids left to the operator.
    assert_eq!(plan.write_calls(), 1 + 5 + 9 + 14 * 2 + 3 * 3 + 3 + 4 + 3);
    assert_eq!(plan.conflicts.len(), 8);
    insta::assert_json_snapshot!(plan);
}

#[test]
fn role_path_change_is_a_replace_only_with_prune() {
    let desired = seed_iam();
    let mut live = desired.clone();
    let dev = account(&mut live, "DEV");
    let admin = dev.roles.get_mut("admin").expect("admin in DEV");
    admin.path = "/old/".to_owned();
    admin.inline.insert(
        "extra".to_owned(),
        policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}"#),
    );

    let kept = plan_iam(&desired, &live, PlanOptions::default());
    assert!(
        !kept
            .changes
            .iter()
            .flat_map(|change| &change.ops)
            .any(|op| matches!(op, Op::DeleteRole { .. } | Op::CreateRole { .. })),
        "nothing is deleted without --prune:\n{}",
        kept.to_text()
    );
    let conflict = kept
        .conflicts
        .iter()
        .find(|conflict| conflict.resource == "role `admin`")
        .unwrap_or_else(|| panic!("reported:\n{}", kept.to_text()));
    assert!(
        conflict
            .reason
            .contains("path is `/old/`, the layout says `/`")
            && conflict.reason.contains("run with --prune"),
        "{}",
        conflict.reason
    );

    let replaced = plan_iam(
        &desired,
        &live,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
    assert_eq!(replaced.changes.len(), 1, "{}", replaced.to_text());
    assert!(replaced.conflicts.is_empty(), "{}", replaced.to_text());
    let change = &replaced.changes[0];
    assert_eq!(change.action, ChangeAction::Replace);
    let text = replaced.to_text();
    assert!(
        text.contains("-/+ role `admin` in DEV (100000000005): replace"),
        "{text}"
    );
    assert!(text.contains("path: `/old/` -> `/`"), "{text}");
    assert!(text.contains("- inline policy `extra`"), "{text}");
    let admin_arn: Arn = "arn:aws:iam::aws:policy/AdministratorAccess"
        .parse()
        .expect("an ARN");
    assert_eq!(
        change.ops,
        [
            Op::DetachRolePolicy {
                role: "admin".to_owned(),
                arn: admin_arn.clone()
            },
            Op::DeleteRolePolicy {
                role: "admin".to_owned(),
                name: "extra".to_owned()
            },
            Op::DeleteRole {
                role: "admin".to_owned()
            },
            Op::CreateRole {
                role: "admin".to_owned(),
                path: "/".to_owned(),
                trust: desired
                    .accounts
                    .iter()
                    .find(|(account, _)| account.name == "DEV")
                    .and_then(|(_, iam)| iam.roles.get("admin"))
                    .map(|role| role.trust.clone())
                    .expect("desired admin"),
                max_session_duration: 3_600,
            },
            Op::AttachRolePolicy {
                role: "admin".to_owned(),
                arn: admin_arn
            },
        ]
    );
}

/// A rendered JSON file of `rendered`.
fn rendered_json(
    rendered: &std::collections::BTreeMap<String, String>,
    path: &str,
) -> serde_json::Value {
    let text = rendered
        .get(path)
        .unwrap_or_else(|| panic!("{path} is not rendered"));
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The strings of a JSON array, as a set.
fn strings(value: &serde_json::Value) -> std::collections::BTreeSet<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|item| item.as_str().expect("a string").to_owned())
        .collect()
}

/// The policy document in a rendered file.
fn rendered_policy(
    rendered: &std::collections::BTreeMap<String, String>,
    path: &str,
) -> iam_policy::Policy {
    iam_policy::Policy::from_json(&rendered[path]).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// What a description says is attached (managed ARNs) and inline (name → document), checked
/// against the desired state's.
fn assert_attachments(
    rendered: &std::collections::BTreeMap<String, String>,
    file: &serde_json::Value,
    attached: &std::collections::BTreeSet<Arn>,
    inline: &std::collections::BTreeMap<String, iam_policy::Policy>,
    policies: &std::collections::BTreeMap<String, jumpgate_planner::state::ManagedPolicyState>,
    at: &str,
) {
    let mut described: std::collections::BTreeSet<Arn> = strings(&file["aws_managed_policies"])
        .iter()
        .map(|arn| arn.parse().expect("an ARN"))
        .collect();
    for customer in file["customer_policies"]
        .as_array()
        .expect("customer policies")
    {
        let name = customer["name"].as_str().expect("name");
        let desired = &policies[name];
        assert_eq!(customer["arn"], desired.arn.as_str(), "{at}: {name}");
        assert_eq!(customer["path"], desired.path.as_str(), "{at}: {name}");
        assert!(desired.managed);
        assert_eq!(
            customer["tags"],
            serde_json::json!({ "managed-by": "jumpgate" }),
            "{at}"
        );
        let document = customer["document"].as_str().expect("document");
        assert_eq!(
            rendered_policy(rendered, document),
            desired.document,
            "{at}"
        );
        described.insert(desired.arn.clone());
    }
    assert_eq!(&described, attached, "{at}: attached policies");
    let inline_described: std::collections::BTreeMap<String, iam_policy::Policy> =
        file["inline_policies"]
            .as_array()
            .expect("inline policies")
            .iter()
            .map(|policy| {
                let document = policy["document"].as_str().expect("document");
                (
                    policy["name"].as_str().expect("name").to_owned(),
                    rendered_policy(rendered, document),
                )
            })
            .collect();
    assert_eq!(&inline_described, inline, "{at}: inline policies");
}

/// Every rendered description (`role.json`, `group.json`, `users.json`) says exactly what apply
/// creates: names, paths, ARNs, tags, attached and inline policies.
fn assert_rendered_matches_desired(layout: &org_model::Layout) {
    let desired = desired_iam(&checked(layout.clone())).expect("a desired state");
    let rendered = org_model::render::render(layout)
        .expect("renders")
        .into_files();
    let partition = layout.organization.partition.as_str();
    let jump = layout.jump_account().expect("a JUMP account");
    let mut roles = 0;
    for (account, iam) in &desired.accounts {
        for role in iam.roles.values() {
            roles += 1;
            let dir = format!("accounts/{}/roles/{}", account.name, role.name);
            let file = rendered_json(&rendered, &format!("{dir}/role.json"));
            assert_eq!(file["name"], role.name.as_str());
            assert_eq!(file["path"], role.path.as_str(), "{dir}");
            let path = role.path.trim_matches('/');
            let name = if path.is_empty() {
                role.name.clone()
            } else {
                format!("{path}/{}", role.name)
            };
            assert_eq!(
                file["arn"],
                format!("arn:{partition}:iam::{}:role/{name}", account.id),
                "{dir}"
            );
            assert_eq!(file["account"]["id"], account.id.as_str());
            assert_eq!(file["max_session_duration"], role.max_session_duration);
            assert!(role.managed);
            assert_eq!(
                file["tags"],
                serde_json::json!({ "managed-by": "jumpgate" }),
                "{dir}"
            );
            let trust = file["trust_policy"].as_str().expect("trust policy file");
            assert_eq!(rendered_policy(&rendered, trust), role.trust, "{dir}");
            assert_attachments(
                &rendered,
                &file,
                &role.attached,
                &role.inline,
                &iam.policies,
                &dir,
            );
        }
        if account.name != jump.name {
            assert!(iam.groups.is_empty() && iam.users.is_empty());
            continue;
        }
        for group in iam.groups.values() {
            let dir = format!("jump/groups/{}", group.name);
            let file = rendered_json(&rendered, &format!("{dir}/group.json"));
            assert_eq!(file["path"], group.path.as_str(), "{dir}");
            assert!(group.managed(), "{dir}");
            let path = group.path.trim_matches('/');
            assert_eq!(
                file["arn"],
                format!(
                    "arn:{partition}:iam::{}:group/{path}/{}",
                    account.id, group.name
                ),
                "{dir}"
            );
            // IAM groups cannot be tagged; the description claims no tags.
            assert!(file.get("tags").is_none(), "{dir}");
            assert_attachments(
                &rendered,
                &file,
                &group.attached,
                &group.inline,
                &iam.policies,
                &dir,
            );
        }
        let users = rendered_json(&rendered, "jump/users.json");
        let users = users["users"].as_array().expect("users");
        assert_eq!(users.len(), iam.users.len());
        for entry in users {
            let user = &iam.users[entry["name"].as_str().expect("name")];
            assert_eq!(entry["path"], user.path.as_str());
            let path = user.path.trim_matches('/');
            let name = if path.is_empty() {
                user.name.clone()
            } else {
                format!("{path}/{}", user.name)
            };
            assert_eq!(
                entry["arn"],
                format!("arn:{partition}:iam::{}:user/{name}", account.id)
            );
            assert!(user.managed);
            assert_eq!(
                entry["tags"],
                serde_json::json!({ "managed-by": "jumpgate" })
            );
            assert_eq!(strings(&entry["groups"]), user.groups);
        }
    }
    let rendered_roles = rendered
        .keys()
        .filter(|path| path.ends_with("/role.json"))
        .count();
    assert_eq!(rendered_roles, roles, "a role.json per role apply creates");
}

#[test]
fn rendered_descriptions_are_what_apply_creates() {
    assert_rendered_matches_desired(&org_model::seed::landing_zone());
    // Paths, customer managed policies and inline policies too.
    let mut layout = seed_with_customer_policy(DENY_REGIONS);
    layout.groups[0].path = "/people/".to_owned();
    layout.roles[0].path = "/ops/".to_owned();
    layout.users[0].path = "/staff/".to_owned();
    layout.roles[1]
        .permissions
        .push(org_model::Permission::Inline {
            inline: "deny-regions-inline".to_owned(),
            policy: policy(DENY_REGIONS),
        });
    layout.groups[1]
        .permissions
        .push(org_model::Permission::AwsManaged {
            aws_managed: "job-function/ViewOnlyAccess".to_owned(),
        });
    assert!(
        !org_model::checks::check(&layout).has_errors(),
        "{:#?}",
        org_model::checks::check(&layout)
    );
    assert_rendered_matches_desired(&layout);
}

/// The seed with DEV still to be created, and a live organization whose account of DEV's
/// root email has the id `id`.
fn dev_found_by_email(id: iam_policy::AccountId) -> (CheckedLayout, OrgState) {
    let mut layout = org_model::seed::landing_zone();
    let mut email = String::new();
    for account in layout
        .accounts
        .iter_mut()
        .filter(|account| account.name == "DEV")
    {
        account.id = None;
        email = account.email.clone();
    }
    let live = OrgState {
        exists: true,
        accounts: vec![jumpgate_planner::state::LiveAccount {
            id,
            name: "DEV".to_owned(),
            email: email.to_uppercase(),
            ou: String::new(),
        }],
        ..OrgState::default()
    };
    (checked(layout), live)
}

#[test]
fn ids_of_accounts_created_since_are_filled_in_by_email() {
    let id: iam_policy::AccountId = "100000000099".parse().expect("12 digits");
    let (layout, live) = dev_found_by_email(id);
    let filled = with_ids(&layout, &desired_org(&layout, &live)).expect("still checks");
    assert_eq!(filled.account_named("DEV").and_then(|dev| dev.id), Some(id));
    let desired = desired_iam(&filled).expect("desired");
    assert!(
        desired
            .accounts
            .keys()
            .any(|account| account.name == "DEV" && account.id == id)
    );
}

#[test]
fn ids_that_make_two_accounts_of_the_layout_one_are_refused() {
    // DEV's root email belongs to the account the layout names STG.
    let stg = checked(org_model::seed::landing_zone())
        .account_named("STG")
        .and_then(|stg| stg.id)
        .expect("STG has an id");
    let (layout, live) = dev_found_by_email(stg);
    let error = with_ids(&layout, &desired_org(&layout, &live)).expect_err("one account, twice");
    let message = error.to_string();
    assert!(
        message.starts_with("with the account ids of the organization, the layout has 1 ERROR")
            && message.contains("ORG009"),
        "{message}"
    );
}

#[test]
fn a_drifted_or_missing_password_policy_is_set_whole() {
    let desired = seed_iam();
    let mut live = desired.clone();
    let dev = account(&mut live, "DEV");
    let policy = dev.password_policy.as_mut().expect("desired everywhere");
    policy.minimum_password_length = 8;
    policy.require_symbols = false;
    account(&mut live, "ROOT").password_policy = None;
    let plan = plan_iam(&desired, &live, PlanOptions::default());
    let text = plan.to_text();
    assert_eq!(plan.changes.len(), 2, "{text}");
    assert!(
        text.contains("~ password policy in DEV (100000000005): update\n    minimum_password_length: 8 -> 14\n    require_symbols: false -> true\n"),
        "{text}"
    );
    assert!(
        text.contains("+ password policy in ROOT (100000000000): create"),
        "{text}"
    );
    let wanted = org_model::PasswordPolicy::default();
    for change in &plan.changes {
        assert_eq!(change.ops, [Op::UpdatePasswordPolicy { policy: wanted }]);
    }
}

#[test]
fn console_users_get_a_login_profile_and_lose_it_only_with_prune() {
    let desired = seed_iam();
    // Users created before console sign-in existed: no login profiles.
    let mut live = desired.clone();
    for user in account(&mut live, "JUMP").users.values_mut() {
        user.login_profile = false;
    }
    let plan = plan_iam(&desired, &live, PlanOptions::default());
    assert_eq!(plan.changes.len(), 3, "{}", plan.to_text());
    for change in &plan.changes {
        assert_eq!(change.action, ChangeAction::Update);
        assert!(
            matches!(
                &change.ops[..],
                [Op::CreateLoginProfile {
                    password_length: 20,
                    password_reset_required: true,
                    ..
                }]
            ),
            "{:?}",
            change.ops
        );
    }
    // A longer minimum makes longer initial passwords.
    let mut layout = org_model::seed::landing_zone();
    layout.jump.password_policy.minimum_password_length = 32;
    let longer = desired_iam(&checked(layout)).expect("desired");
    let plan = plan_iam(&longer, &IamState::default(), PlanOptions::default());
    assert!(plan.changes.iter().flat_map(|change| &change.ops).any(
        |op| matches!(op, Op::CreateLoginProfile { user, password_length: 32, .. } if user == "carol")
    ));

    // carol no longer signs in to the console: kept without --prune, deleted with it.
    let mut layout = org_model::seed::landing_zone();
    for user in &mut layout.users {
        if user.name == "carol" {
            user.console = false;
        }
    }
    let without = desired_iam(&checked(layout)).expect("desired");
    let kept = plan_iam(&without, &desired, PlanOptions::default());
    assert!(kept.is_empty(), "{}", kept.to_text());
    assert!(
        kept.to_text()
            .contains("= console sign-in of user `carol` in JUMP (100000000001): managed but no longer in the layout"),
        "{}",
        kept.to_text()
    );
    let pruned = plan_iam(
        &without,
        &desired,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
    assert_eq!(pruned.changes.len(), 1, "{}", pruned.to_text());
    assert_eq!(
        pruned.changes[0].ops,
        [Op::DeleteLoginProfile {
            user: "carol".to_owned()
        }]
    );
    // A pruned user's login profile goes before the user.
    let mut layout = org_model::seed::landing_zone();
    layout.users.retain(|user| user.name != "carol");
    let smaller = desired_iam(&checked(layout)).expect("desired");
    let pruned = plan_iam(
        &smaller,
        &desired,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    );
    let delete = pruned
        .changes
        .iter()
        .find(|change| change.resource == "user `carol`")
        .expect("carol deleted");
    assert!(
        matches!(
            &delete.ops[..],
            [
                Op::RemoveUserFromGroup { .. },
                Op::DeleteLoginProfile { .. },
                Op::DeleteUser { .. }
            ]
        ),
        "{:?}",
        delete.ops
    );
}
