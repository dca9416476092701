//! Baseline files: each account's `baseline.json` and the LOG account's log bucket with its
//! policy (`accounts/<LOG>/log-bucket/`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::Context;
use super::output::{FileKind, Out};
use super::text;
use crate::baseline::{self, AccountBaseline, ConfigBaseline, GuardDutyBaseline, TrailBaseline};
use crate::{BaselineItem, Error, managed};

/// An account by name and id.
#[derive(Serialize)]
struct AccountRef<'a> {
    name: &'a str,
    id: &'a str,
}

/// One baseline item of an account: what it is, or why the account goes without it.
#[derive(Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
enum Item<'a, T: Serialize> {
    /// The item is part of the account's baseline.
    Required(T),
    /// The account waives it.
    Waived { reason: &'a str },
    /// It cannot be set up yet.
    Unavailable { reason: &'static str },
}

#[derive(Serialize)]
struct ConfigItem<'a> {
    #[serde(flatten)]
    config: &'a ConfigBaseline,
    /// Where the recorder's snapshots and history land.
    delivers_to: String,
}

#[derive(Serialize)]
struct TrailItem<'a> {
    #[serde(flatten)]
    trail: &'a TrailBaseline,
    /// Where the trail's log files land.
    delivers_to: String,
    /// The trail's tags, as apply sets them.
    tags: BTreeMap<&'static str, &'static str>,
}

#[derive(Serialize)]
struct GuardDutyItem<'a> {
    #[serde(flatten)]
    detector: &'a GuardDutyBaseline,
    /// The detector's tags, as apply sets them.
    tags: BTreeMap<&'static str, &'static str>,
}

#[derive(Serialize)]
struct RootMfaItem {
    /// Who turns it on: no AWS API can.
    enabled_by: &'static str,
    /// How jumpgate checks it.
    audited_with: &'static str,
}

/// `accounts/<ACCOUNT>/baseline.json`.
#[derive(Serialize)]
struct BaselineFile<'a> {
    account: AccountRef<'a>,
    region: &'a str,
    aws_config: Item<'a, ConfigItem<'a>>,
    cloudtrail: Item<'a, TrailItem<'a>>,
    guardduty: Item<'a, GuardDutyItem<'a>>,
    root_mfa: Item<'a, RootMfaItem>,
}

/// `accounts/<LOG>/log-bucket/bucket.json`.
#[derive(Serialize)]
struct BucketFile<'a> {
    name: &'a str,
    arn: &'a str,
    account: AccountRef<'a>,
    region: &'a str,
    policy: &'a str,
    tags: BTreeMap<&'static str, &'static str>,
    versioning: &'static str,
    block_public_access: &'static str,
    default_encryption: &'static str,
    /// Accounts whose trail writes here.
    cloudtrail_accounts: Vec<&'a str>,
    /// Accounts whose Config recorder delivers here.
    aws_config_accounts: Vec<&'a str>,
}

const NO_BUCKET: &str = "no log bucket: the layout needs one LOG account with an id";

fn item<T: Serialize>(
    account: &AccountBaseline,
    which: BaselineItem,
    value: Option<T>,
) -> Item<'_, T> {
    match (value, account.waiver(which)) {
        (Some(value), _) => Item::Required(value),
        (None, Some(waiver)) => Item::Waived {
            reason: &waiver.reason,
        },
        (None, None) => Item::Unavailable { reason: NO_BUCKET },
    }
}

/// Every account's `baseline.json`, and the log bucket's description and policy.
pub(super) fn baseline(cx: &Context<'_>, out: &mut Out) -> Result<(), Error> {
    let desired = baseline::desired(cx.layout)?;
    let region = desired.region.as_str();
    for account in &desired.accounts {
        if !text::is_name(&account.account) {
            continue;
        }
        let logs = |suffix: &str| {
            account.config.as_ref().map_or_else(String::new, |config| {
                format!(
                    "s3://{}/AWSLogs/{}/{suffix}/",
                    config.bucket, account.account_id
                )
            })
        };
        let file = BaselineFile {
            account: AccountRef {
                name: &account.account,
                id: account.account_id.as_str(),
            },
            region,
            aws_config: item(
                account,
                BaselineItem::AwsConfig,
                account.config.as_ref().map(|config| ConfigItem {
                    config,
                    delivers_to: logs("Config"),
                }),
            ),
            cloudtrail: item(
                account,
                BaselineItem::Cloudtrail,
                account.trail.as_ref().map(|trail| TrailItem {
                    trail,
                    delivers_to: format!(
                        "s3://{}/AWSLogs/{}/CloudTrail/",
                        trail.bucket, account.account_id
                    ),
                    tags: managed::tags(),
                }),
            ),
            guardduty: item(
                account,
                BaselineItem::Guardduty,
                account.guardduty.as_ref().map(|detector| GuardDutyItem {
                    detector,
                    tags: managed::tags(),
                }),
            ),
            root_mfa: item(
                account,
                BaselineItem::RootMfa,
                account.root_mfa.then_some(RootMfaItem {
                    enabled_by: "the root user, in the console (no AWS API can enable root MFA)",
                    audited_with: "iam:GetAccountSummary AccountMFAEnabled = 1",
                }),
            ),
        };
        out.add_json(
            format!("accounts/{}/baseline.json", account.account),
            FileKind::Baseline,
            &file,
        )?;
    }
    let Some(bucket) = &desired.log_bucket else {
        let delivers = cx
            .layout
            .accounts
            .iter()
            .any(|account| account.id.is_some() && account.baseline.delivers_logs());
        if delivers {
            out.skip("log bucket", NO_BUCKET);
        }
        return Ok(());
    };
    if !text::is_name(&bucket.account) {
        return Ok(());
    }
    let dir = format!("accounts/{}/log-bucket", bucket.account);
    let policy_path = format!("{dir}/bucket-policy.json");
    let names = |has: fn(&AccountBaseline) -> bool| {
        desired
            .accounts
            .iter()
            .filter(|account| has(account))
            .map(|account| account.account.as_str())
            .collect()
    };
    let description = BucketFile {
        name: &bucket.name,
        arn: bucket.arn.as_str(),
        account: AccountRef {
            name: &bucket.account,
            id: bucket.account_id.as_str(),
        },
        region,
        policy: &policy_path,
        tags: managed::tags(),
        versioning: "Enabled",
        block_public_access: "all four settings on",
        default_encryption: "SSE-S3 (AES256)",
        cloudtrail_accounts: names(|account| account.trail.is_some()),
        aws_config_accounts: names(|account| account.config.is_some()),
    };
    out.add_json(
        format!("{dir}/bucket.json"),
        FileKind::LogBucket,
        &description,
    )?;
    out.add_json(policy_path, FileKind::BucketPolicy, &bucket.policy)
}
