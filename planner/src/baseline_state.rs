//! The live security baseline as plain values (no SDK types): the log bucket and each account's
//! AWS Config, CloudTrail and GuardDuty resources and root MFA, as `jumpgate-aws` reads them.

use std::collections::BTreeMap;

use iam_policy::{AccountId, Policy};
use org_model::baseline::TrailBaseline;
use serde::Serialize;

/// The service principal of AWS Config, whose service-linked role the recorder uses.
pub const CONFIG_SERVICE: &str = "config.amazonaws.com";
/// The IAM path of AWS Config's service-linked role.
pub const CONFIG_SERVICE_ROLE_PATH: &str = "/aws-service-role/config.amazonaws.com/";
/// The default encryption jumpgate sets on the log bucket (SSE-S3).
pub const BUCKET_ENCRYPTION: &str = "AES256";

/// What `CreateTrail` and `UpdateTrail` set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrailSettings {
    /// The trail.
    pub name: String,
    /// The bucket it delivers to.
    pub bucket: String,
    /// Whether it records in every Region.
    pub is_multi_region: bool,
    /// Whether it records global service events (IAM, STS).
    pub include_global_service_events: bool,
    /// Whether it writes digest files for log file validation.
    pub log_file_validation: bool,
}

impl TrailSettings {
    /// The settings `trail` wants.
    pub fn desired(trail: &TrailBaseline) -> Self {
        Self {
            name: trail.name.clone(),
            bucket: trail.bucket.clone(),
            is_multi_region: trail.is_multi_region,
            include_global_service_events: trail.include_global_service_events,
            log_file_validation: trail.log_file_validation,
        }
    }
}

/// The log bucket as it exists in the LOG account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BucketState {
    /// The bucket.
    pub name: String,
    /// Whether it carries the tag `managed-by = jumpgate`.
    pub managed: bool,
    /// The bucket policy, when there is one.
    pub policy: Option<Policy>,
    /// The public access block, when there is one.
    pub public_access_block: Option<PublicAccessBlockState>,
    /// The versioning status (`Enabled`, `Suspended`), when versioning was ever set.
    pub versioning: Option<String>,
    /// The algorithms of the default encryption rules (`AES256`, `aws:kms`).
    pub encryption: Vec<String>,
}

/// A bucket's public access block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PublicAccessBlockState {
    /// `BlockPublicAcls`.
    pub block_public_acls: bool,
    /// `IgnorePublicAcls`.
    pub ignore_public_acls: bool,
    /// `BlockPublicPolicy`.
    pub block_public_policy: bool,
    /// `RestrictPublicBuckets`.
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlockState {
    /// Whether all four settings are on.
    pub fn all_on(&self) -> bool {
        self.block_public_acls
            && self.ignore_public_acls
            && self.block_public_policy
            && self.restrict_public_buckets
    }
}

/// An AWS Config configuration recorder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecorderState {
    /// The recorder.
    pub name: String,
    /// The role it uses.
    pub role_arn: String,
    /// Whether it records all supported resource types.
    pub all_supported: bool,
    /// Whether it records global resource types.
    pub include_global_resource_types: bool,
    /// Whether it is recording.
    pub recording: bool,
}

/// An AWS Config delivery channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryChannelState {
    /// The channel.
    pub name: String,
    /// The bucket it delivers to.
    pub bucket: String,
}

/// A CloudTrail trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrailState {
    /// The trail's settings.
    pub settings: TrailSettings,
    /// Whether it is logging.
    pub is_logging: bool,
    /// Whether it carries the tag `managed-by = jumpgate`.
    pub managed: bool,
}

/// A GuardDuty detector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetectorState {
    /// The detector id.
    pub id: String,
    /// Whether its status is `ENABLED`.
    pub enabled: bool,
    /// `FIFTEEN_MINUTES`, `ONE_HOUR` or `SIX_HOURS`.
    pub finding_publishing_frequency: String,
    /// Whether it carries the tag `managed-by = jumpgate`.
    pub managed: bool,
}

/// The baseline resources of one account in the baseline Region.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AccountBaselineState {
    /// Every Config recorder (AWS allows one per Region).
    pub recorders: Vec<RecorderState>,
    /// Every Config delivery channel (AWS allows one per Region).
    pub delivery_channels: Vec<DeliveryChannelState>,
    /// Whether AWS Config's service-linked role exists (a role under
    /// [`CONFIG_SERVICE_ROLE_PATH`]).
    pub config_service_linked_role: bool,
    /// The trail named as the baseline's trail, when there is one (other trails are none of
    /// jumpgate's business).
    pub trail: Option<TrailState>,
    /// Every GuardDuty detector (AWS allows one per Region).
    pub detectors: Vec<DetectorState>,
    /// `AccountMFAEnabled` from the IAM account summary.
    pub root_mfa: bool,
}

/// The live baseline: the log bucket and each account's resources, in the baseline Region.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LiveBaseline {
    /// The log bucket, when it exists in the LOG account.
    pub log_bucket: Option<BucketState>,
    /// Per account.
    pub accounts: BTreeMap<AccountId, AccountBaselineState>,
}
