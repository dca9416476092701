//! The security baseline of every account, worked out from a layout as plain values: an AWS
//! Config recorder and delivery channel, a CloudTrail trail, a GuardDuty detector and MFA on the
//! root user, with Config and CloudTrail logs delivered to one S3 bucket in the LOG account.
//!
//! Choices (what an AWS platform engineer would set up by hand):
//!
//! * **Per-account trails.** Each account gets its own multi-Region trail `jumpgate` with global
//!   service events and log file validation, writing to `AWSLogs/<account id>/` in the log
//!   bucket. (An organization trail needs the organization id, which a layout does not know
//!   before the organization exists, and member accounts cannot see its status to audit it.)
//! * **One Region.** Regional resources (recorder, detector, trail home) live in the
//!   organization's `default_region`; the recorder records every supported resource type,
//!   global IAM types included, as AWS recommends for exactly one Region.
//! * **The log bucket** is named in `[baseline] log_bucket`, by default
//!   `<organization>-logs-<LOG account id>` (bucket names are global). Its policy, built with
//!   [`iam_policy::builder::ResourcePolicy`], lets exactly the layout's trails
//!   (`aws:SourceArn`) and Config recorders (`aws:SourceAccount`) check the bucket (ACL, and
//!   existence for Config) and write with `bucket-owner-full-control`, each under its own
//!   account's prefix only: one write statement per account pairs its trail ARN with
//!   `AWSLogs/<id>/*` and another its account id with `AWSLogs/<id>/Config/*`. Every request
//!   without TLS is denied. That form holds about [`FITTING_ACCOUNTS`] accounts within S3's
//!   20,480-byte bucket policy quota. Past it, once the layout records the organization's id
//!   (`[organization] id = "o-..."`), the policy admits the organization's trails named
//!   `jumpgate` and its recorders by `aws:SourceOrgID` instead, at constant size, under
//!   `AWSLogs/*` (writers are then known to be the organization's, but not paired with their
//!   account's prefix: a bucket policy cannot name the writing account in its resource). Past
//!   it without an id, the policy is too large and ORG041 says so.
//! * **Root MFA** cannot be set through any AWS API (it needs the root user's own sign-in), so
//!   it is a required item that is audited, not applied.
//!
//! ```
//! let layout = org_model::seed::landing_zone();
//! let baseline = org_model::baseline::desired(&layout)?;
//! let bucket = baseline.log_bucket.as_ref().unwrap();
//! assert_eq!(bucket.name, "example-logs-100000000002");
//! assert_eq!(baseline.accounts.len(), 9);
//! assert!(baseline.accounts.iter().all(|account| account.trail.is_some() && account.root_mfa));
//! # Ok::<(), org_model::Error>(())
//! ```

use iam_policy::builder::{ResourcePolicy, StatementBuilder};
use iam_policy::size::{SizeRule, policy_size};
use iam_policy::{AccountId, Arn, BaseOperator, Partition, Policy};
use serde::Serialize;

pub use crate::model::{BaselineSettings, FindingPublishingFrequency};
pub use crate::names::bucket_name_problem;
use crate::{Account, BaselineItem, BaselineWaiver, Error, Layout, Purpose};

/// The name of the CloudTrail trail in every account.
pub const TRAIL_NAME: &str = "jumpgate";
/// The name of the AWS Config configuration recorder in every account.
pub const CONFIG_RECORDER_NAME: &str = "jumpgate";
/// The name of the AWS Config delivery channel in every account.
pub const CONFIG_DELIVERY_CHANNEL_NAME: &str = "jumpgate";
/// The largest S3 bucket policy, in bytes.
pub const BUCKET_POLICY_QUOTA: usize = 20_480;
/// How many accounts (each with a trail and a Config recorder) the per-account log bucket
/// policy holds within [`BUCKET_POLICY_QUOTA`], with a bucket name of the seed's length.
pub const FITTING_ACCOUNTS: usize = 25;

/// The baseline of a whole layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesiredBaseline {
    /// The Region every regional baseline resource lives in (the organization's default).
    pub region: String,
    /// The log bucket; `None` when no account delivers logs or the LOG account has no id.
    pub log_bucket: Option<LogBucket>,
    /// Every account with an id, in layout order, the management account included.
    pub accounts: Vec<AccountBaseline>,
}

/// The S3 bucket in the LOG account that receives every account's Config and CloudTrail logs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogBucket {
    /// The LOG account's name.
    pub account: String,
    /// The LOG account's id.
    pub account_id: AccountId,
    /// The bucket name.
    pub name: String,
    /// `arn:PARTITION:s3:::NAME`.
    pub arn: Arn,
    /// The bucket policy.
    pub policy: Policy,
}

/// One account's baseline; an item is `None` (or `false`) when the account waives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountBaseline {
    /// The account's name.
    pub account: String,
    /// The account's id.
    pub account_id: AccountId,
    /// The Config recorder and delivery channel; `None` when waived or without a log bucket.
    pub config: Option<ConfigBaseline>,
    /// The trail; `None` when waived or without a log bucket.
    pub trail: Option<TrailBaseline>,
    /// The GuardDuty detector; `None` when waived.
    pub guardduty: Option<GuardDutyBaseline>,
    /// Whether the root user must have MFA (`false` when waived).
    pub root_mfa: bool,
    /// The account's waivers, with their reasons.
    pub waivers: Vec<BaselineWaiver>,
}

impl AccountBaseline {
    /// The waiver of `item`, when the account has one.
    pub fn waiver(&self, item: BaselineItem) -> Option<&BaselineWaiver> {
        self.waivers.iter().find(|waiver| waiver.item == item)
    }
}

/// An AWS Config configuration recorder and its delivery channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfigBaseline {
    /// The recorder's name ([`CONFIG_RECORDER_NAME`]).
    pub recorder_name: String,
    /// The role the recorder uses: Config's service-linked role.
    pub role_arn: Arn,
    /// Record every supported resource type.
    pub all_supported: bool,
    /// Record global resource types (IAM) too.
    pub include_global_resource_types: bool,
    /// The delivery channel's name ([`CONFIG_DELIVERY_CHANNEL_NAME`]).
    pub delivery_channel_name: String,
    /// The log bucket's name.
    pub bucket: String,
}

/// A CloudTrail trail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrailBaseline {
    /// The trail's name ([`TRAIL_NAME`]).
    pub name: String,
    /// `arn:PARTITION:cloudtrail:REGION:ACCOUNT:trail/NAME`.
    pub arn: Arn,
    /// The log bucket's name.
    pub bucket: String,
    /// Logs every Region.
    pub is_multi_region: bool,
    /// Logs global services (IAM, STS, CloudFront).
    pub include_global_service_events: bool,
    /// Writes digest files so that log tampering can be detected.
    pub log_file_validation: bool,
}

/// A GuardDuty detector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuardDutyBaseline {
    /// How often findings are published.
    pub finding_publishing_frequency: FindingPublishingFrequency,
}

/// The ARN of AWS Config's service-linked role in `account`.
pub fn config_role_arn(partition: Partition, account: AccountId) -> Arn {
    Arn::iam_role(
        partition,
        account,
        "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
    )
}

/// The ARN of the baseline trail of `account` in `region`.
pub fn trail_arn(partition: Partition, region: &str, account: AccountId) -> Arn {
    Arn::new(
        partition.as_str(),
        "cloudtrail",
        region,
        account.as_str(),
        &format!("trail/{TRAIL_NAME}"),
    )
}

/// The log bucket's name: `[baseline] log_bucket`, or `<organization>-logs-<LOG id>` with the
/// organization name reduced to lowercase letters, digits and hyphens. `None` without a LOG
/// account id and an explicit name.
pub fn log_bucket_name(layout: &Layout) -> Option<String> {
    if let Some(name) = &layout.baseline.log_bucket {
        return Some(name.clone());
    }
    let log_id = log_account(layout)?.id?;
    let mut organization = String::new();
    for c in layout.organization.name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            organization.push(c);
        } else if !organization.ends_with('-') {
            organization.push('-');
        }
    }
    // 63 characters at most: the suffix `-logs-` plus 12 digits takes 18.
    let organization: String = organization.trim_matches('-').chars().take(45).collect();
    let organization = organization.trim_end_matches('-');
    Some(if organization.is_empty() {
        format!("logs-{log_id}")
    } else {
        format!("{organization}-logs-{log_id}")
    })
}

/// The LOG account, when the layout has exactly one.
fn log_account(layout: &Layout) -> Option<&Account> {
    let mut logs = layout
        .accounts
        .iter()
        .filter(|account| account.purpose == Purpose::Log);
    let log = logs.next()?;
    logs.next().is_none().then_some(log)
}

/// The log bucket's policy for the accounts with an id that deliver Config or CloudTrail logs;
/// `None` when no account does or the bucket has no name yet.
pub fn log_bucket_policy(layout: &Layout) -> Result<Option<Policy>, Error> {
    let Some(name) = log_bucket_name(layout) else {
        return Ok(None);
    };
    let partition = layout.organization.partition;
    let region = layout.organization.default_region.as_str();
    // Each id once (a repeated id is ORG009's): the policy has one statement per account.
    let accounts = || {
        let mut seen = std::collections::HashSet::new();
        layout
            .accounts
            .iter()
            .filter_map(|a| a.id.map(|id| (a, id)))
            .filter(move |(_, id)| seen.insert(*id))
    };
    let trail_accounts: Vec<AccountId> = accounts()
        .filter(|(account, _)| account.baseline.has(BaselineItem::Cloudtrail))
        .map(|(_, id)| id)
        .collect();
    let config_accounts: Vec<AccountId> = accounts()
        .filter(|(account, _)| account.baseline.has(BaselineItem::AwsConfig))
        .map(|(_, id)| id)
        .collect();
    if trail_accounts.is_empty() && config_accounts.is_empty() {
        return Ok(None);
    }
    let bucket = format!("arn:{}:s3:::{name}", partition.as_str());
    let deny_insecure = || {
        StatementBuilder::deny()
            .sid("DenyInsecureTransport")
            .action("s3:*")
            .resources([bucket.clone(), format!("{bucket}/*")])
            .condition(BaseOperator::Bool, "aws:SecureTransport", ["false"])
    };
    let organization_form = |organization: &str| {
        organization_wide(
            ResourcePolicy::new(),
            &bucket,
            organization,
            partition,
            !trail_accounts.is_empty(),
            !config_accounts.is_empty(),
        )
        .everyone(deny_insecure())
        .build()
    };
    // Past this many accounts the per-account statements (each well over 100 bytes) cannot
    // fit the quota: go straight to the organization form when there is one.
    let per_account_statements = trail_accounts.len() + config_accounts.len();
    if let Some(organization) = &layout.organization.id
        && per_account_statements > BUCKET_POLICY_QUOTA / 100
    {
        return Ok(Some(organization_form(organization)?));
    }
    let mut policy = ResourcePolicy::new();
    if !trail_accounts.is_empty() {
        let trails: Vec<String> = trail_accounts
            .iter()
            .map(|&id| trail_arn(partition, region, id).to_string())
            .collect();
        policy = policy.services(
            ["cloudtrail.amazonaws.com"],
            StatementBuilder::allow()
                .sid("CloudTrailAclCheck")
                .action("s3:GetBucketAcl")
                .resource(bucket.as_str())
                .condition(BaseOperator::StringEquals, "aws:SourceArn", trails.clone()),
        );
        // One statement per account: its trail writes under its own prefix, and only there.
        for (id, trail) in trail_accounts.iter().zip(trails) {
            policy = policy.services(
                ["cloudtrail.amazonaws.com"],
                StatementBuilder::allow()
                    .sid(format!("CloudTrailWrite{id}"))
                    .action("s3:PutObject")
                    .resource(format!("{bucket}/AWSLogs/{id}/*"))
                    .condition(
                        BaseOperator::StringEquals,
                        "s3:x-amz-acl",
                        ["bucket-owner-full-control"],
                    )
                    .condition(BaseOperator::StringEquals, "aws:SourceArn", [trail]),
            );
        }
    }
    if !config_accounts.is_empty() {
        let sources: Vec<String> = config_accounts.iter().map(ToString::to_string).collect();
        policy = policy
            .services(
                ["config.amazonaws.com"],
                StatementBuilder::allow()
                    .sid("ConfigAclCheck")
                    .action("s3:GetBucketAcl")
                    .resource(bucket.as_str())
                    .condition(
                        BaseOperator::StringEquals,
                        "aws:SourceAccount",
                        sources.clone(),
                    ),
            )
            .services(
                ["config.amazonaws.com"],
                StatementBuilder::allow()
                    .sid("ConfigBucketExistenceCheck")
                    .action("s3:ListBucket")
                    .resource(bucket.as_str())
                    .condition(
                        BaseOperator::StringEquals,
                        "aws:SourceAccount",
                        sources.clone(),
                    ),
            );
        // One statement per account: its recorder delivers under its own prefix, and only there.
        for id in sources {
            policy = policy.services(
                ["config.amazonaws.com"],
                StatementBuilder::allow()
                    .sid(format!("ConfigWrite{id}"))
                    .action("s3:PutObject")
                    .resource(format!("{bucket}/AWSLogs/{id}/Config/*"))
                    .condition(
                        BaseOperator::StringEquals,
                        "s3:x-amz-acl",
                        ["bucket-owner-full-control"],
                    )
                    .condition(BaseOperator::StringEquals, "aws:SourceAccount", [id]),
            );
        }
    }
    let policy = policy.everyone(deny_insecure()).build()?;
    match &layout.organization.id {
        Some(organization)
            if policy_size(&policy, SizeRule::IgnoreWhitespace) > BUCKET_POLICY_QUOTA =>
        {
            Ok(Some(organization_form(organization)?))
        }
        // Too large without an organization id: ORG041 says so.
        _ => Ok(Some(policy)),
    }
}

/// The statements of the log bucket's policy for a whole organization, by `aws:SourceOrgID`:
/// the same permissions as the per-account form, of constant size.
fn organization_wide(
    mut policy: ResourcePolicy,
    bucket: &str,
    organization: &str,
    partition: Partition,
    trails: bool,
    recorders: bool,
) -> ResourcePolicy {
    let trail = format!(
        "arn:{}:cloudtrail:*:*:trail/{TRAIL_NAME}",
        partition.as_str()
    );
    if trails {
        policy = policy
            .services(
                ["cloudtrail.amazonaws.com"],
                StatementBuilder::allow()
                    .sid("CloudTrailAclCheck")
                    .action("s3:GetBucketAcl")
                    .resource(bucket)
                    .condition(
                        BaseOperator::StringEquals,
                        "aws:SourceOrgID",
                        [organization],
                    )
                    .condition(BaseOperator::StringLike, "aws:SourceArn", [trail.as_str()]),
            )
            .services(
                ["cloudtrail.amazonaws.com"],
                StatementBuilder::allow()
                    .sid("CloudTrailWrite")
                    .action("s3:PutObject")
                    .resource(format!("{bucket}/AWSLogs/*"))
                    .condition(
                        BaseOperator::StringEquals,
                        "s3:x-amz-acl",
                        ["bucket-owner-full-control"],
                    )
                    .condition(
                        BaseOperator::StringEquals,
                        "aws:SourceOrgID",
                        [organization],
                    )
                    .condition(BaseOperator::StringLike, "aws:SourceArn", [trail.as_str()]),
            );
    }
    if recorders {
        let check = |sid: &str, action: &str| {
            StatementBuilder::allow()
                .sid(sid)
                .action(action)
                .resource(bucket)
                .condition(
                    BaseOperator::StringEquals,
                    "aws:SourceOrgID",
                    [organization],
                )
        };
        policy = policy
            .services(
                ["config.amazonaws.com"],
                check("ConfigAclCheck", "s3:GetBucketAcl"),
            )
            .services(
                ["config.amazonaws.com"],
                check("ConfigBucketExistenceCheck", "s3:ListBucket"),
            )
            .services(
                ["config.amazonaws.com"],
                StatementBuilder::allow()
                    .sid("ConfigWrite")
                    .action("s3:PutObject")
                    .resource(format!("{bucket}/AWSLogs/*/Config/*"))
                    .condition(
                        BaseOperator::StringEquals,
                        "s3:x-amz-acl",
                        ["bucket-owner-full-control"],
                    )
                    .condition(
                        BaseOperator::StringEquals,
                        "aws:SourceOrgID",
                        [organization],
                    ),
            );
    }
    policy
}

/// The baseline `layout` asks for (see the [module docs](self) for the choices).
pub fn desired(layout: &Layout) -> Result<DesiredBaseline, Error> {
    let partition = layout.organization.partition;
    let region = layout.organization.default_region.clone();
    let log_bucket = match (log_account(layout), log_bucket_policy(layout)?) {
        (Some(log), Some(policy)) => match (log.id, log_bucket_name(layout)) {
            (Some(account_id), Some(name)) => Some(LogBucket {
                account: log.name.clone(),
                account_id,
                arn: Arn::new(partition.as_str(), "s3", "", "", &name),
                name,
                policy,
            }),
            _ => None,
        },
        _ => None,
    };
    let accounts = layout
        .accounts
        .iter()
        .filter_map(|account| {
            let account_id = account.id?;
            let baseline = &account.baseline;
            let bucket = log_bucket.as_ref().map(|bucket| bucket.name.clone());
            Some(AccountBaseline {
                account: account.name.clone(),
                account_id,
                config: bucket
                    .clone()
                    .filter(|_| baseline.has(BaselineItem::AwsConfig))
                    .map(|bucket| ConfigBaseline {
                        recorder_name: CONFIG_RECORDER_NAME.to_owned(),
                        role_arn: config_role_arn(partition, account_id),
                        all_supported: true,
                        include_global_resource_types: true,
                        delivery_channel_name: CONFIG_DELIVERY_CHANNEL_NAME.to_owned(),
                        bucket,
                    }),
                trail: bucket
                    .filter(|_| baseline.has(BaselineItem::Cloudtrail))
                    .map(|bucket| TrailBaseline {
                        name: TRAIL_NAME.to_owned(),
                        arn: trail_arn(partition, &region, account_id),
                        bucket,
                        is_multi_region: true,
                        include_global_service_events: true,
                        log_file_validation: true,
                    }),
                guardduty: baseline
                    .has(BaselineItem::Guardduty)
                    .then_some(GuardDutyBaseline {
                        finding_publishing_frequency: layout.baseline.guardduty_finding_frequency,
                    }),
                root_mfa: baseline.has(BaselineItem::RootMfa),
                waivers: baseline.waivers.clone(),
            })
        })
        .collect();
    Ok(DesiredBaseline {
        region,
        log_bucket,
        accounts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::landing_zone;

    #[test]
    fn default_bucket_names_are_valid_bucket_names() {
        for organization in [
            "example",
            "Acme Corp!",
            "---",
            "x".repeat(80).as_str(),
            "Ünïcode",
        ] {
            let mut layout = landing_zone();
            layout.organization.name = organization.to_owned();
            let name = log_bucket_name(&layout).unwrap();
            assert_eq!(bucket_name_problem(&name), None, "{organization}: {name}");
        }
    }

    #[test]
    fn waivers_and_missing_ids_shape_the_baseline() {
        let mut layout = landing_zone();
        layout.accounts[3] = layout.accounts[3]
            .clone()
            .waive(BaselineItem::Cloudtrail, "sandbox")
            .waive(BaselineItem::Guardduty, "sandbox");
        let unknown_id = layout.accounts[4].id.take().unwrap();
        let baseline = desired(&layout).unwrap();
        assert_eq!(baseline.accounts.len(), 8);
        let waived = &baseline.accounts[3];
        assert!(waived.trail.is_none() && waived.guardduty.is_none());
        assert!(waived.config.is_some() && waived.root_mfa);
        assert_eq!(
            waived.waiver(BaselineItem::Cloudtrail).unwrap().reason,
            "sandbox"
        );
        let policy = serde_json::to_string(&baseline.log_bucket.unwrap().policy).unwrap();
        let waived_id = layout.accounts[3].id.unwrap();
        let waived_trail = trail_arn(Partition::Aws, "eu-west-1", waived_id).to_string();
        assert!(!policy.contains(&waived_trail));
        assert!(!policy.contains(&format!("AWSLogs/{waived_id}/*\"")));
        assert!(policy.contains(&format!("AWSLogs/{waived_id}/Config/*")));
        let dev_trail = trail_arn(Partition::Aws, "eu-west-1", layout.accounts[5].id.unwrap());
        assert!(policy.contains(dev_trail.as_str()));
        assert!(!policy.contains(unknown_id.as_str()));
    }

    #[test]
    fn past_the_quota_with_the_organization_id_the_policy_names_no_account() {
        let layout = with_accounts(FITTING_ACCOUNTS).organization_id("o-a1b2c3d4e5");
        let policy = log_bucket_policy(&layout).unwrap().unwrap();
        let text = serde_json::to_string(&policy).unwrap();
        assert!(
            text.contains(r#""aws:SourceOrgID":"o-a1b2c3d4e5""#),
            "{text}"
        );
        assert!(
            text.contains("arn:aws:cloudtrail:*:*:trail/jumpgate"),
            "{text}"
        );
        assert!(!text.contains("100000000005"), "{text}");
        let kind = iam_policy::validate::PolicyKind::Resource {
            resource_type: Some(iam_policy::validate::ResourcePolicyType::S3Bucket),
        };
        let report = iam_policy::validate::validate(
            &policy,
            &kind,
            &iam_policy::validate::Options::default(),
        );
        assert!(!report.has_errors(), "{report:?}");
    }

    /// Every `s3:PutObject` statement of the policy: its one resource and its one source.
    fn writes(policy: &Policy) -> Vec<(String, String, String)> {
        let json = serde_json::to_value(policy).unwrap();
        let single = |value: &serde_json::Value| match value {
            serde_json::Value::String(text) => text.clone(),
            other => panic!("not one value: {other}"),
        };
        json["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|statement| statement["Action"] == "s3:PutObject")
            .map(|statement| {
                let equals = &statement["Condition"]["StringEquals"];
                let (key, source) = ["aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID"]
                    .into_iter()
                    .find_map(|key| equals.get(key).map(|value| (key, single(value))))
                    .unwrap_or_else(|| panic!("no source in {statement}"));
                (single(&statement["Resource"]), key.to_owned(), source)
            })
            .collect()
    }

    #[test]
    fn each_trail_and_recorder_writes_only_under_its_own_account_prefix() {
        let mut layout = landing_zone();
        layout.accounts[3] = layout.accounts[3]
            .clone()
            .waive(BaselineItem::Cloudtrail, "sandbox");
        let policy = log_bucket_policy(&layout).unwrap().unwrap();
        let bucket = "arn:aws:s3:::example-logs-100000000002";
        let mut expected = Vec::new();
        for account in &layout.accounts {
            let id = account.id.unwrap();
            if account.baseline.has(BaselineItem::Cloudtrail) {
                let trail = trail_arn(Partition::Aws, "eu-west-1", id).to_string();
                expected.push((
                    format!("{bucket}/AWSLogs/{id}/*"),
                    "aws:SourceArn".to_owned(),
                    trail,
                ));
            }
        }
        for account in &layout.accounts {
            let id = account.id.unwrap();
            expected.push((
                format!("{bucket}/AWSLogs/{id}/Config/*"),
                "aws:SourceAccount".to_owned(),
                id.to_string(),
            ));
        }
        assert_eq!(writes(&policy), expected);
        let size = policy_size(&policy, SizeRule::IgnoreWhitespace);
        assert!(size <= BUCKET_POLICY_QUOTA, "{size}");
    }

    /// The seed with `extra` more workload accounts.
    fn with_accounts(extra: usize) -> Layout {
        let mut layout = landing_zone();
        for index in 0..extra {
            let id = AccountId::new(&format!("{:012}", 300_000_000_000_usize + index)).unwrap();
            layout.accounts.push(
                Account::new(
                    format!("W{index}"),
                    Purpose::Development,
                    format!("aws+w{index}@example.com"),
                )
                .id(id),
            );
        }
        layout
    }

    #[test]
    fn per_account_statements_while_they_fit_then_the_organization_form() {
        // The largest layout whose per-account policy fits the quota.
        let fits = (0..200)
            .take_while(|&extra| {
                let policy = log_bucket_policy(&with_accounts(extra)).unwrap().unwrap();
                policy_size(&policy, SizeRule::IgnoreWhitespace) <= BUCKET_POLICY_QUOTA
            })
            .last()
            .unwrap();
        let accounts = landing_zone().accounts.len() + fits;
        assert_eq!(accounts, FITTING_ACCOUNTS, "update the docs and the README");
        // With the organization's id: per account while that fits, then by `aws:SourceOrgID`.
        for (extra, organization_form) in [(fits, false), (fits + 1, true), (2_000, true)] {
            let layout = with_accounts(extra).organization_id("o-a1b2c3d4e5");
            let policy = log_bucket_policy(&layout).unwrap().unwrap();
            let text = serde_json::to_string(&policy).unwrap();
            assert_eq!(
                text.contains("aws:SourceOrgID"),
                organization_form,
                "{extra}"
            );
            assert_eq!(writes(&policy).len() == 2, organization_form, "{extra}");
            let size = policy_size(&policy, SizeRule::IgnoreWhitespace);
            assert!(size <= BUCKET_POLICY_QUOTA, "{extra}: {size}");
        }
        // Without it, a layout that outgrows the quota is a finding (ORG041): see
        // `checks::policies::tests`.
    }

    #[test]
    fn without_a_log_account_id_nothing_delivers_logs() {
        let mut layout = landing_zone();
        for account in &mut layout.accounts {
            if account.purpose == Purpose::Log {
                account.id = None;
            }
        }
        let baseline = desired(&layout).unwrap();
        assert!(baseline.log_bucket.is_none());
        assert!(
            baseline
                .accounts
                .iter()
                .all(|a| a.config.is_none() && a.trail.is_none())
        );
        assert!(baseline.accounts.iter().all(|a| a.guardduty.is_some()));
    }
}
