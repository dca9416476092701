//! The baseline planner and audit, pure (no AWS): desired from the seed layout, live as values.

use iam_policy::AccountId;
use jumpgate_planner::audit::{LOG_BUCKET_ITEM, Status, audit};
use jumpgate_planner::baseline_state::{
    AccountBaselineState, BucketState, DeliveryChannelState, DetectorState, LiveBaseline,
    PublicAccessBlockState, RecorderState, TrailSettings, TrailState,
};
use jumpgate_planner::{BaselineOp, ChangeAction, Op, Target, plan_baseline};
use org_model::baseline::{DesiredBaseline, desired};
use org_model::{BaselineItem, Layout};

/// The seed with ids `2000000000<index>`.
fn seed() -> Layout {
    let mut layout = org_model::seed::landing_zone();
    for (index, account) in layout.accounts.iter_mut().enumerate() {
        account.id = Some(format!("2000000000{index:02}").parse().expect("12 digits"));
    }
    layout
}

fn desired_seed() -> DesiredBaseline {
    desired(&seed()).expect("the seed's baseline")
}

fn id(desired: &DesiredBaseline, name: &str) -> AccountId {
    desired
        .accounts
        .iter()
        .find(|account| account.account == name)
        .map(|account| account.account_id)
        .expect("account in the baseline")
}

/// The live state right after a complete apply (root MFA on when `root_mfa`).
fn applied(desired: &DesiredBaseline, root_mfa: bool) -> LiveBaseline {
    let mut live = LiveBaseline {
        log_bucket: desired.log_bucket.as_ref().map(|bucket| BucketState {
            name: bucket.name.clone(),
            managed: true,
            policy: Some(bucket.policy.clone()),
            public_access_block: Some(PublicAccessBlockState {
                block_public_acls: true,
                ignore_public_acls: true,
                block_public_policy: true,
                restrict_public_buckets: true,
            }),
            versioning: Some("Enabled".to_owned()),
            encryption: vec!["AES256".to_owned()],
        }),
        ..LiveBaseline::default()
    };
    for account in &desired.accounts {
        let mut state = AccountBaselineState {
            root_mfa,
            ..AccountBaselineState::default()
        };
        if let Some(config) = &account.config {
            state.recorders.push(RecorderState {
                name: config.recorder_name.clone(),
                role_arn: config.role_arn.to_string(),
                all_supported: config.all_supported,
                include_global_resource_types: config.include_global_resource_types,
                recording: true,
            });
            state.delivery_channels.push(DeliveryChannelState {
                name: config.delivery_channel_name.clone(),
                bucket: config.bucket.clone(),
            });
            state.config_service_linked_role = true;
        }
        if let Some(trail) = &account.trail {
            state.trail = Some(TrailState {
                settings: TrailSettings {
                    name: trail.name.clone(),
                    bucket: trail.bucket.clone(),
                    is_multi_region: trail.is_multi_region,
                    include_global_service_events: trail.include_global_service_events,
                    log_file_validation: trail.log_file_validation,
                },
                is_logging: true,
                managed: true,
            });
        }
        if let Some(guardduty) = &account.guardduty {
            state.detectors.push(DetectorState {
                id: format!("detector-{}", account.account),
                enabled: true,
                finding_publishing_frequency: guardduty
                    .finding_publishing_frequency
                    .as_aws_str()
                    .to_owned(),
                managed: true,
            });
        }
        live.accounts.insert(account.account_id, state);
    }
    live
}

fn calls(ops: &[Op]) -> Vec<&BaselineOp> {
    ops.iter()
        .filter_map(|op| match op {
            Op::Baseline { call, .. } => Some(call),
            _ => None,
        })
        .collect()
}

fn status(report: &jumpgate_planner::audit::AuditReport, account: &str, item: &str) -> Status {
    report
        .accounts
        .iter()
        .find(|audited| audited.account == account)
        .and_then(|audited| audited.items.iter().find(|row| row.item == item))
        .map_or_else(|| panic!("no {item} row for {account}"), |row| row.status)
}

#[test]
fn from_scratch_the_bucket_comes_first_then_every_account() {
    let desired = desired_seed();
    let plan = plan_baseline(&desired, &LiveBaseline::default());
    let bucket = desired
        .log_bucket
        .as_ref()
        .expect("the seed has a LOG account");
    let first = plan.changes.first().expect("changes");
    assert_eq!(first.resource, format!("log bucket `{}`", bucket.name));
    assert!(matches!(&first.target, Target::Account(account) if account.name == "LOG"));
    let first_calls = calls(&first.ops);
    assert!(matches!(first_calls[0], BaselineOp::CreateBucket { .. }));
    assert!(matches!(first_calls[1], BaselineOp::TagBucket { .. }));
    assert_eq!(
        first_calls.len(),
        6,
        "create, tag, policy, block, versioning, encryption"
    );
    // Per account: Config, trail, detector; every account lacks root MFA (a manual step).
    assert_eq!(plan.changes.len(), 1 + 3 * desired.accounts.len());
    assert_eq!(plan.manual.len(), desired.accounts.len());
    let text = plan.to_text();
    assert!(text.contains("+ trail `jumpgate` in DEV"), "{text}");
    assert!(
        text.contains("+ Config recorder `jumpgate` in PRD"),
        "{text}"
    );
    assert!(text.contains("+ GuardDuty detector in ROOT"), "{text}");
    assert!(text.contains("? root MFA in JUMP"), "{text}");
    let dev = plan
        .changes
        .iter()
        .find(|change| {
            change.resource == "Config recorder `jumpgate`"
                && matches!(&change.target, Target::Account(account) if account.name == "DEV")
        })
        .expect("DEV's Config change");
    let names: Vec<_> = calls(&dev.ops)
        .iter()
        .map(|call| match call {
            BaselineOp::CreateConfigServiceLinkedRole => "role",
            BaselineOp::PutConfigurationRecorder { .. } => "recorder",
            BaselineOp::PutDeliveryChannel { .. } => "channel",
            BaselineOp::StartConfigurationRecorder { .. } => "start",
            _ => "other",
        })
        .collect();
    assert_eq!(names, ["role", "recorder", "channel", "start"]);
    for op in plan.changes.iter().flat_map(|change| &change.ops) {
        assert!(matches!(op, Op::Baseline { region, .. } if *region == desired.region));
    }
}

#[test]
fn applied_state_plans_nothing_and_audits_clean_but_root_mfa() {
    let desired = desired_seed();
    let plan = plan_baseline(&desired, &applied(&desired, true));
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert!(plan.manual.is_empty());
    assert!(plan.conflicts.is_empty());
    let report = audit(&desired, &applied(&desired, true));
    assert!(report.holds, "{}", report.to_text());
    assert_eq!(status(&report, "LOG", LOG_BUCKET_ITEM), Status::Ok);

    let without_mfa = audit(&desired, &applied(&desired, false));
    assert!(!without_mfa.holds);
    for account in &desired.accounts {
        assert_eq!(
            status(&without_mfa, &account.account, "root-mfa"),
            Status::Missing
        );
    }
    let text = without_mfa.to_text();
    assert!(
        text.lines()
            .any(|line| line.starts_with("DEV ") && line.contains("root-mfa    missing")),
        "{text}"
    );
}

#[test]
fn stopped_logging_is_drift_and_its_repair_is_start_logging() {
    let desired = desired_seed();
    let mut live = applied(&desired, true);
    let dev = id(&desired, "DEV");
    if let Some(trail) = live
        .accounts
        .get_mut(&dev)
        .and_then(|state| state.trail.as_mut())
    {
        trail.is_logging = false;
    }
    let report = audit(&desired, &live);
    assert!(!report.holds);
    assert_eq!(status(&report, "DEV", "cloudtrail"), Status::Drifted);
    let text = report.to_text();
    assert!(
        text.lines()
            .any(|line| line.starts_with("DEV ")
                && line.contains("cloudtrail  drifted  logging is off")),
        "{text}"
    );
    let plan = plan_baseline(&desired, &live);
    assert_eq!(plan.changes.len(), 1, "{}", plan.to_text());
    let change = &plan.changes[0];
    assert_eq!(change.action, ChangeAction::Update);
    assert_eq!(change.details, ["+ logging on"]);
    assert_eq!(
        calls(&change.ops),
        [&BaselineOp::StartLogging {
            name: "jumpgate".to_owned()
        }]
    );
    assert!(plan.to_text().contains("~ trail `jumpgate` in DEV"));
}

#[test]
fn stopped_recorder_and_disabled_detector_are_drift_with_repairs() {
    let desired = desired_seed();
    let mut live = applied(&desired, true);
    let prd = id(&desired, "PRD");
    let wanted = desired
        .accounts
        .iter()
        .find_map(|account| account.guardduty.as_ref())
        .expect("GuardDuty in the seed")
        .finding_publishing_frequency
        .as_aws_str();
    let other = if wanted == "ONE_HOUR" {
        "SIX_HOURS"
    } else {
        "ONE_HOUR"
    };
    let state = live.accounts.get_mut(&prd).expect("PRD");
    state.recorders[0].recording = false;
    state.detectors[0].enabled = false;
    state.detectors[0].finding_publishing_frequency = other.to_owned();
    let report = audit(&desired, &live);
    assert_eq!(status(&report, "PRD", "aws-config"), Status::Drifted);
    assert_eq!(status(&report, "PRD", "guardduty"), Status::Drifted);
    assert_eq!(status(&report, "DEV", "guardduty"), Status::Ok);
    let plan = plan_baseline(&desired, &live);
    let all: Vec<_> = plan
        .changes
        .iter()
        .flat_map(|change| calls(&change.ops))
        .collect();
    assert_eq!(
        all,
        [
            &BaselineOp::StartConfigurationRecorder {
                name: "jumpgate".to_owned()
            },
            &BaselineOp::UpdateDetector {
                detector_id: "detector-PRD".to_owned(),
                finding_publishing_frequency: wanted.to_owned(),
            }
        ]
    );
    let text = plan.to_text();
    assert!(
        text.contains(&format!(
            "finding publishing frequency: {other} -> {wanted}"
        )),
        "{text}"
    );
}

#[test]
fn foreign_detector_is_a_conflict_and_holds_when_enabled() {
    let desired = desired_seed();
    let mut live = applied(&desired, true);
    let dev = id(&desired, "DEV");
    let detector = &mut live.accounts.get_mut(&dev).expect("DEV").detectors[0];
    detector.managed = false;
    detector.finding_publishing_frequency = "ONE_HOUR".to_owned();
    let plan = plan_baseline(&desired, &live);
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert_eq!(plan.conflicts.len(), 1);
    assert!(
        plan.conflicts[0]
            .reason
            .contains("without the tag managed-by = jumpgate")
    );
    let report = audit(&desired, &live);
    assert_eq!(status(&report, "DEV", "guardduty"), Status::Ok);
    assert!(report.to_text().contains("held by detector `detector-DEV`"));

    live.accounts.get_mut(&dev).expect("DEV").detectors[0].enabled = false;
    let plan = plan_baseline(&desired, &live);
    assert!(plan.is_empty(), "never changed: {}", plan.to_text());
    let report = audit(&desired, &live);
    assert_eq!(status(&report, "DEV", "guardduty"), Status::Drifted);
    assert!(report.to_text().contains("apply leaves it alone"));
}

#[test]
fn foreign_recorder_is_a_conflict_never_replaced() {
    let desired = desired_seed();
    let mut live = applied(&desired, true);
    let dev = id(&desired, "DEV");
    let state = live.accounts.get_mut(&dev).expect("DEV");
    state.recorders[0].name = "default".to_owned();
    state.recorders[0].recording = false;
    let plan = plan_baseline(&desired, &live);
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert!(plan.conflicts[0].reason.contains("recorder `default`"));
    let report = audit(&desired, &live);
    assert_eq!(status(&report, "DEV", "aws-config"), Status::Drifted);
}

#[test]
fn unmanaged_bucket_is_a_conflict_and_a_changed_policy_is_repaired() {
    let desired = desired_seed();
    let mut live = applied(&desired, true);
    if let Some(bucket) = live.log_bucket.as_mut() {
        bucket.policy = None;
        bucket.versioning = Some("Suspended".to_owned());
    }
    let plan = plan_baseline(&desired, &live);
    assert_eq!(plan.changes.len(), 1);
    let names: Vec<_> = calls(&plan.changes[0].ops)
        .iter()
        .map(|call| match call {
            BaselineOp::PutBucketPolicy { .. } => "policy",
            BaselineOp::EnableVersioning { .. } => "versioning",
            _ => "other",
        })
        .collect();
    assert_eq!(names, ["policy", "versioning"]);
    let report = audit(&desired, &live);
    assert_eq!(status(&report, "LOG", LOG_BUCKET_ITEM), Status::Drifted);
    assert!(report.to_text().contains("versioning is Suspended"));

    if let Some(bucket) = live.log_bucket.as_mut() {
        bucket.managed = false;
    }
    let plan = plan_baseline(&desired, &live);
    assert!(plan.is_empty());
    assert_eq!(plan.conflicts.len(), 1);
}

#[test]
fn waived_items_are_reported_with_their_reason_and_not_planned() {
    let mut layout = seed();
    for account in &mut layout.accounts {
        account.baseline.waivers.push(org_model::BaselineWaiver {
            item: BaselineItem::RootMfa,
            reason: "moto cannot enable root MFA".to_owned(),
        });
    }
    let desired = desired(&layout).expect("baseline");
    let live = applied(&desired, false);
    let plan = plan_baseline(&desired, &live);
    assert!(plan.is_empty() && plan.manual.is_empty());
    let report = audit(&desired, &live);
    assert!(report.holds, "{}", report.to_text());
    assert_eq!(status(&report, "DEV", "root-mfa"), Status::Waived);
    assert!(
        report
            .to_text()
            .contains("waived   moto cannot enable root MFA")
    );
}

#[test]
fn baseline_ops_serialize_flat_with_their_region() {
    let op = Op::Baseline {
        region: "eu-west-1".to_owned(),
        call: BaselineOp::StartLogging {
            name: "jumpgate".to_owned(),
        },
    };
    let json = serde_json::to_value(&op).expect("JSON");
    assert_eq!(
        json,
        serde_json::json!({
            "op": "baseline", "region": "eu-west-1", "call": "start_logging", "name": "jumpgate"
        })
    );
    let desired = desired_seed();
    let report = audit(&desired, &applied(&desired, false));
    let json = serde_json::to_value(&report).expect("JSON");
    assert_eq!(json["holds"], false);
    assert_eq!(json["accounts"][0]["items"][0]["status"], "ok");
}
