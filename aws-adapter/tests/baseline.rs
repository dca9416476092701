//! The security baseline against moto (one server for the whole run, started by
//! `scripts/test-all.sh`): apply from scratch, audit, drift behind jumpgate's back, repair.
//! Every test works in its own accounts, so they run in parallel.
//!
//! moto cannot enable root MFA (no API can, in AWS either), so the layouts here waive `root-mfa`
//! with a reason, except where the audit is expected to report it missing.

use std::time::Instant;

use aws_config::{Region, SdkConfig};
use jumpgate_aws::{Aws, assume_role};
use jumpgate_planner::PlanOptions;
use jumpgate_planner::audit::{AuditReport, Status};
use org_model::{BaselineItem, BaselineWaiver, Layout};

mod common;

use common::{base, checked, connect, id_of, seed, settings};

/// Whether `item` is a line of the baseline audit (not of the credentials audit).
fn is_baseline(item: &str) -> bool {
    [
        "log-bucket",
        "aws-config",
        "cloudtrail",
        "guardduty",
        "root-mfa",
    ]
    .contains(&item)
}

/// Whether every baseline line of `report` holds (the credentials audit's lines, about people,
/// are `tests/jump.rs`'s: the users here never enroll MFA).
fn baseline_holds(report: &AuditReport) -> bool {
    report
        .accounts
        .iter()
        .flat_map(|account| &account.items)
        .filter(|row| is_baseline(&row.item))
        .all(|row| row.status.holds())
}

/// A 12-digit id prefix unique to this test (first digit 9: `tests/moto.rs` takes 1-8).
fn unique_prefix() -> String {
    common::unique_prefix(90_000_000, 9_999_999)
}

fn waive(mut layout: Layout, items: &[BaselineItem], reason: &str) -> Layout {
    for account in &mut layout.accounts {
        for item in items {
            account.baseline.waivers.push(BaselineWaiver {
                item: *item,
                reason: reason.to_owned(),
            });
        }
    }
    layout
}

/// The seed with root MFA waived and without guardrails: what moto can hold (the seed's member
/// accounts are not in moto's organization, so its guardrails cannot hold there; they are
/// audited in `tests/guardrails.rs`).
fn seed_without_root_mfa(prefix: &str) -> Layout {
    let mut layout = waive(
        seed(prefix),
        &[BaselineItem::RootMfa],
        "moto cannot enable root MFA",
    );
    layout.guardrails = None;
    layout
}

/// A session in `account` in the layout's Region, for changes behind jumpgate's back.
async fn someone_else_in(layout: &Layout, account: &str) -> SdkConfig {
    let config = assume_role(
        &base(),
        &settings(),
        common::account(account),
        "someone-else",
    )
    .await
    .expect("session");
    config
        .into_builder()
        .region(Region::new(layout.organization.default_region.clone()))
        .build()
}

fn status(report: &AuditReport, account: &str, item: &str) -> Status {
    report
        .accounts
        .iter()
        .find(|audited| audited.account == account)
        .and_then(|audited| audited.items.iter().find(|row| row.item == item))
        .map_or_else(
            || panic!("no {item} row for {account}:\n{}", report.to_text()),
            |row| row.status,
        )
}

/// Applies the organization and IAM only (every baseline item waived), so that what follows
/// measures the baseline alone.
async fn apply_without_baseline(aws: &Aws, prefix: &str) {
    let mut bare = waive(seed(prefix), &BaselineItem::ALL, "measured separately");
    bare.guardrails = None;
    aws.apply(&checked(&bare), PlanOptions::default())
        .await
        .expect("organization and IAM");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_baseline_from_scratch_audits_clean_and_reapplies_with_no_writes() {
    let prefix = unique_prefix();
    let layout = seed_without_root_mfa(&prefix);
    let aws = connect(&id_of(&layout, "ROOT")).await;
    apply_without_baseline(&aws, &prefix).await;

    let planned = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(!planned.is_empty());
    let (writes, requests) = (aws.writes().count(), aws.writes().requests());
    let started = Instant::now();
    let applied = aws
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("baseline apply");
    let elapsed = started.elapsed();
    let baseline_writes = aws.writes().count() - writes;
    let baseline_requests = aws.writes().requests() - requests;
    eprintln!(
        "baseline apply of the seed from scratch: {baseline_writes} write calls, \
         {baseline_requests} requests (STS aside) in {elapsed:?}"
    );
    assert_eq!(
        baseline_writes,
        applied.write_calls(),
        "{}",
        applied.to_text()
    );
    assert_eq!(
        baseline_writes,
        planned.write_calls(),
        "{}",
        planned.to_text()
    );
    // 9 accounts: 6 bucket calls, and per account 4 Config, 2 trail, 1 detector calls.
    assert_eq!(baseline_writes, 6 + 9 * 7, "{:?}", aws.writes().names());

    let again = aws
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("second apply");
    assert!(again.is_empty(), "{}", again.to_text());
    assert_eq!(aws.writes().count() - writes, baseline_writes);

    let (writes, requests) = (aws.writes().count(), aws.writes().requests());
    let started = Instant::now();
    let report = aws.audit(&checked(&layout)).await.expect("audit");
    let elapsed = started.elapsed();
    eprintln!(
        "audit of the seed: {} write calls, {} requests (STS aside) in {elapsed:?}",
        aws.writes().count() - writes,
        aws.writes().requests() - requests
    );
    assert_eq!(aws.writes().count(), writes, "{:?}", aws.writes().names());
    assert!(baseline_holds(&report), "{}", report.to_text());
    assert_eq!(status(&report, "LOG", "log-bucket"), Status::Ok);
    assert_eq!(status(&report, "DEV", "root-mfa"), Status::Waived);

    // With root MFA required, moto's AccountMFAEnabled = 0 shows in every account.
    let strict = aws.audit(&checked(&seed(&prefix))).await.expect("audit");
    assert!(!strict.holds);
    for account in &strict.accounts {
        for row in account.items.iter().filter(|row| is_baseline(&row.item)) {
            let expected = if row.item == "root-mfa" {
                Status::Missing
            } else {
                Status::Ok
            };
            assert_eq!(row.status, expected, "{}", strict.to_text());
        }
    }
    assert_eq!(aws.writes().count(), writes, "audits make no write calls");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_behind_jumpgates_back_is_audited_planned_and_repaired() {
    let prefix = unique_prefix();
    let layout = seed_without_root_mfa(&prefix);
    let aws = connect(&id_of(&layout, "ROOT")).await;
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");

    // Someone else stops the recorder in DEV, disables PRD's detector and stops STG's trail.
    let dev = someone_else_in(&layout, &id_of(&layout, "DEV")).await;
    aws_sdk_config::Client::new(&dev)
        .stop_configuration_recorder()
        .configuration_recorder_name("jumpgate")
        .send()
        .await
        .expect("StopConfigurationRecorder");
    let prd =
        aws_sdk_guardduty::Client::new(&someone_else_in(&layout, &id_of(&layout, "PRD")).await);
    let detectors = prd.list_detectors().send().await.expect("ListDetectors");
    let detector = detectors.detector_ids().first().expect("PRD's detector");
    prd.update_detector()
        .detector_id(detector)
        .enable(false)
        .send()
        .await
        .expect("UpdateDetector");
    aws_sdk_cloudtrail::Client::new(&someone_else_in(&layout, &id_of(&layout, "STG")).await)
        .stop_logging()
        .name("jumpgate")
        .send()
        .await
        .expect("StopLogging");

    let report = aws.audit(&checked(&layout)).await.expect("audit");
    assert!(!report.holds);
    let text = report.to_text();
    assert_eq!(
        status(&report, "DEV", "aws-config"),
        Status::Drifted,
        "{text}"
    );
    assert_eq!(
        status(&report, "PRD", "guardduty"),
        Status::Drifted,
        "{text}"
    );
    assert_eq!(
        status(&report, "STG", "cloudtrail"),
        Status::Drifted,
        "{text}"
    );
    assert_eq!(status(&report, "DEV", "cloudtrail"), Status::Ok, "{text}");
    assert!(
        text.lines()
            .any(|line| line.starts_with("STG ") && line.contains("logging is off")),
        "{text}"
    );
    assert!(text.contains("recording is off"), "{text}");
    assert!(text.contains("detector is disabled"), "{text}");

    let plan = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    let plan_text = plan.to_text();
    assert_eq!(plan.write_calls(), 3, "{plan_text}");
    assert!(
        plan_text.contains("~ trail `jumpgate` in STG"),
        "{plan_text}"
    );
    assert!(plan_text.contains("+ logging on"), "{plan_text}");
    assert!(
        plan_text.contains("~ Config recorder `jumpgate` in DEV"),
        "{plan_text}"
    );
    assert!(plan_text.contains("+ recording on"), "{plan_text}");
    assert!(
        plan_text.contains(&format!("~ GuardDuty detector `{detector}` in PRD")),
        "{plan_text}"
    );

    let before = aws.writes().count();
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("repair");
    assert_eq!(
        aws.writes().count() - before,
        3,
        "{:?}",
        aws.writes().names()
    );
    let report = aws.audit(&checked(&layout)).await.expect("audit");
    assert!(baseline_holds(&report), "{}", report.to_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_detector_jumpgate_does_not_manage_is_left_alone_and_holds_when_enabled() {
    let prefix = unique_prefix();
    let layout = seed_without_root_mfa(&prefix);
    let dev = id_of(&layout, "DEV");
    let guardduty = aws_sdk_guardduty::Client::new(&someone_else_in(&layout, &dev).await);
    guardduty
        .create_detector()
        .enable(true)
        .finding_publishing_frequency(
            aws_sdk_guardduty::types::FindingPublishingFrequency::SixHours,
        )
        .send()
        .await
        .expect("CreateDetector");
    let aws = connect(&id_of(&layout, "ROOT")).await;
    let applied = aws
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");
    assert!(
        applied.conflicts.iter().any(|conflict| conflict
            .resource
            .starts_with("GuardDuty detector")
            && conflict.target.to_string().starts_with("DEV")),
        "{}",
        applied.to_text()
    );
    assert!(
        !aws.writes()
            .names()
            .iter()
            .any(|name| name.contains("UpdateDetector")),
        "{:?}",
        aws.writes().names()
    );
    let detectors = guardduty
        .list_detectors()
        .send()
        .await
        .expect("ListDetectors");
    assert_eq!(
        detectors.detector_ids().len(),
        1,
        "no second detector in DEV"
    );
    let report = aws.audit(&checked(&layout)).await.expect("audit");
    assert_eq!(status(&report, "DEV", "guardduty"), Status::Ok);
    assert!(report.to_text().contains("which jumpgate does not manage"));
    assert!(baseline_holds(&report), "{}", report.to_text());
}
