//! Every baseline item assessed against its desired state (pure): what differs, for the audit,
//! and the write calls that repair it, for the plan. The planner ([`crate::baseline`]) and the
//! audit ([`crate::audit`]) both rest on it, so a drifted item always has its repair in the plan.

use org_model::baseline::{
    AccountBaseline, ConfigBaseline, GuardDutyBaseline, LogBucket, TrailBaseline,
};

use crate::baseline_state::{
    AccountBaselineState, BUCKET_ENCRYPTION, BucketState, DetectorState, TrailSettings, TrailState,
};
use crate::diff::policy_diff;
use crate::op::BaselineOp;

/// One difference between desired and live: how the audit says it and how the plan fixes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// What is wrong, for the audit (`logging is off`).
    pub found: String,
    /// What the plan does about it (`+ logging on`).
    pub fix: String,
}

impl Finding {
    fn new(found: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            found: found.into(),
            fix: fix.into(),
        }
    }
}

/// One item assessed against its desired state.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Assessment {
    /// The resource, for the plan (``trail `jumpgate` ``).
    pub resource: String,
    /// The resource does not exist at all.
    pub missing: bool,
    /// Differences from the desired state.
    pub findings: Vec<Finding>,
    /// Write calls that repair the differences (none under a conflict).
    pub ops: Vec<BaselineOp>,
    /// A same-purpose resource jumpgate does not manage: why it is left alone.
    pub conflict: Option<String>,
    /// The same-purpose resource jumpgate does not manage that stands in for the item
    /// (``detector `abc` ``), assessed in its place.
    pub holder: Option<String>,
}

impl Assessment {
    fn new(resource: String) -> Self {
        Self {
            resource,
            missing: false,
            findings: Vec::new(),
            ops: Vec::new(),
            conflict: None,
            holder: None,
        }
    }

    /// Whether the item holds (it exists and nothing differs).
    pub(crate) fn holds(&self) -> bool {
        !self.missing && self.findings.is_empty()
    }
}

fn on_off(value: bool) -> &'static str {
    if value { "on" } else { "off" }
}

/// The log bucket against its desired state.
pub(crate) fn assess_bucket(desired: &LogBucket, live: Option<&BucketState>) -> Assessment {
    let bucket = desired.name.clone();
    let mut assessment = Assessment::new(format!("log bucket `{bucket}`"));
    let Some(live) = live else {
        assessment.missing = true;
        assessment.findings.push(Finding::new(
            format!("bucket `{bucket}` does not exist"),
            "+ bucket, tagged managed-by = jumpgate, with its policy, public access blocked, \
             versioning and default encryption",
        ));
        assessment.ops = vec![
            BaselineOp::CreateBucket {
                bucket: bucket.clone(),
            },
            BaselineOp::TagBucket {
                bucket: bucket.clone(),
            },
        ];
        assessment.ops.extend(
            bucket_settings(desired, &bucket, None)
                .into_iter()
                .map(|(_, op)| op),
        );
        return assessment;
    };
    for (finding, op) in bucket_settings(desired, &bucket, Some(live)) {
        assessment.findings.push(finding);
        assessment.ops.push(op);
    }
    if !live.managed {
        assessment.conflict =
            Some("a bucket with this name exists without the tag managed-by = jumpgate".to_owned());
        assessment.ops.clear();
    }
    assessment
}

fn bucket_settings(
    desired: &LogBucket,
    bucket: &str,
    live: Option<&BucketState>,
) -> Vec<(Finding, BaselineOp)> {
    let mut out = Vec::new();
    let policy_finding = match live.and_then(|live| live.policy.as_ref()) {
        None => Some(Finding::new("no bucket policy", "+ bucket policy")),
        Some(policy) if !policy.semantically_equals(&desired.policy) => {
            let lines = policy_diff(policy, &desired.policy).join(", ");
            Some(Finding::new(
                format!("bucket policy differs: {lines}"),
                format!("~ bucket policy: {lines}"),
            ))
        }
        Some(_) => None,
    };
    if let Some(finding) = policy_finding {
        out.push((
            finding,
            BaselineOp::PutBucketPolicy {
                bucket: bucket.to_owned(),
                policy: desired.policy.clone(),
            },
        ));
    }
    let block = live.and_then(|live| live.public_access_block);
    if !block.is_some_and(|block| block.all_on()) {
        out.push((
            Finding::new(
                "public access is not fully blocked",
                "+ public access block: all four settings on",
            ),
            BaselineOp::BlockPublicAccess {
                bucket: bucket.to_owned(),
            },
        ));
    }
    let versioning = live.and_then(|live| live.versioning.as_deref());
    if versioning != Some("Enabled") {
        out.push((
            Finding::new(
                format!("versioning is {}", versioning.unwrap_or("off")),
                "+ versioning enabled",
            ),
            BaselineOp::EnableVersioning {
                bucket: bucket.to_owned(),
            },
        ));
    }
    if live.is_none_or(|live| live.encryption.is_empty()) {
        out.push((
            Finding::new(
                "no default encryption",
                format!("+ default encryption {BUCKET_ENCRYPTION}"),
            ),
            BaselineOp::PutBucketEncryption {
                bucket: bucket.to_owned(),
            },
        ));
    }
    out
}

/// AWS Config in one account against its desired state.
pub(crate) fn assess_config(desired: &ConfigBaseline, live: &AccountBaselineState) -> Assessment {
    let name = &desired.recorder_name;
    let mut assessment = Assessment::new(format!("Config recorder `{name}`"));
    let ours = live
        .recorders
        .iter()
        .find(|recorder| &recorder.name == name);
    let foreign = live
        .recorders
        .iter()
        .find(|recorder| &recorder.name != name);
    let recorder = match (ours, foreign) {
        (Some(recorder), _) => Some(recorder),
        (None, Some(recorder)) => {
            assessment.conflict = Some(format!(
                "recorder `{}` exists and AWS Config allows one recorder per Region; jumpgate \
                 does not manage it",
                recorder.name
            ));
            assessment.holder = Some(format!("recorder `{}`", recorder.name));
            Some(recorder)
        }
        (None, None) => None,
    };
    match recorder {
        None => {
            assessment.missing = true;
            assessment.findings.push(Finding::new(
                format!("recorder `{name}` does not exist"),
                format!(
                    "+ recorder: all supported resource types{}, role {}",
                    if desired.include_global_resource_types {
                        " and global resource types"
                    } else {
                        ""
                    },
                    desired.role_arn
                ),
            ));
            if !live.config_service_linked_role {
                assessment
                    .ops
                    .push(BaselineOp::CreateConfigServiceLinkedRole);
            }
            assessment.ops.push(put_recorder(desired));
        }
        Some(recorder) => {
            let mut differs = false;
            if recorder.all_supported != desired.all_supported {
                differs = true;
                assessment.findings.push(Finding::new(
                    format!(
                        "all supported resource types: {}",
                        on_off(recorder.all_supported)
                    ),
                    format!(
                        "all supported resource types: {} -> {}",
                        on_off(recorder.all_supported),
                        on_off(desired.all_supported)
                    ),
                ));
            }
            if recorder.include_global_resource_types != desired.include_global_resource_types {
                differs = true;
                assessment.findings.push(Finding::new(
                    format!(
                        "global resource types: {}",
                        on_off(recorder.include_global_resource_types)
                    ),
                    format!(
                        "global resource types: {} -> {}",
                        on_off(recorder.include_global_resource_types),
                        on_off(desired.include_global_resource_types)
                    ),
                ));
            }
            // A foreign recorder may use its own role; only jumpgate's must use the
            // service-linked one.
            if ours.is_some() && recorder.role_arn != desired.role_arn.as_str() {
                differs = true;
                assessment.findings.push(Finding::new(
                    format!("recorder role is {}", recorder.role_arn),
                    format!("role: {} -> {}", recorder.role_arn, desired.role_arn),
                ));
            }
            if differs {
                if ours.is_some() && !live.config_service_linked_role {
                    assessment
                        .ops
                        .push(BaselineOp::CreateConfigServiceLinkedRole);
                }
                assessment.ops.push(put_recorder(desired));
            } else if ours.is_some() && !live.config_service_linked_role {
                assessment.findings.push(Finding::new(
                    "AWS Config's service-linked role does not exist",
                    "+ service-linked role for config.amazonaws.com",
                ));
                assessment
                    .ops
                    .push(BaselineOp::CreateConfigServiceLinkedRole);
            }
        }
    }
    let channel_name = &desired.delivery_channel_name;
    let our_channel = live
        .delivery_channels
        .iter()
        .find(|channel| &channel.name == channel_name);
    let foreign_channel = live
        .delivery_channels
        .iter()
        .find(|channel| &channel.name != channel_name);
    match (our_channel, foreign_channel) {
        (None, Some(channel)) => {
            if assessment.conflict.is_none() {
                assessment.conflict = Some(format!(
                    "delivery channel `{}` exists and AWS Config allows one per Region; jumpgate \
                     does not manage it",
                    channel.name
                ));
            }
            if channel.bucket != desired.bucket {
                assessment.findings.push(Finding::new(
                    format!(
                        "delivery channel `{}` delivers to `{}`, not `{}`",
                        channel.name, channel.bucket, desired.bucket
                    ),
                    String::new(),
                ));
            }
        }
        (None, None) => {
            assessment.findings.push(Finding::new(
                format!("delivery channel `{channel_name}` does not exist"),
                format!(
                    "+ delivery channel `{channel_name}` to bucket `{}`",
                    desired.bucket
                ),
            ));
            assessment.ops.push(put_channel(desired));
        }
        (Some(channel), _) if channel.bucket != desired.bucket => {
            assessment.findings.push(Finding::new(
                format!("delivery channel delivers to `{}`", channel.bucket),
                format!(
                    "delivery channel bucket: `{}` -> `{}`",
                    channel.bucket, desired.bucket
                ),
            ));
            assessment.ops.push(put_channel(desired));
        }
        (Some(_), _) => {}
    }
    if !recorder.is_some_and(|recorder| recorder.recording) {
        if !assessment.missing {
            assessment
                .findings
                .push(Finding::new("recording is off", "+ recording on"));
        }
        assessment
            .ops
            .push(BaselineOp::StartConfigurationRecorder { name: name.clone() });
    }
    if assessment.conflict.is_some() {
        assessment.ops.clear();
    }
    assessment
}

fn put_recorder(desired: &ConfigBaseline) -> BaselineOp {
    BaselineOp::PutConfigurationRecorder {
        name: desired.recorder_name.clone(),
        role_arn: desired.role_arn.clone(),
        all_supported: desired.all_supported,
        include_global_resource_types: desired.include_global_resource_types,
    }
}

fn put_channel(desired: &ConfigBaseline) -> BaselineOp {
    BaselineOp::PutDeliveryChannel {
        name: desired.delivery_channel_name.clone(),
        bucket: desired.bucket.clone(),
    }
}

/// The CloudTrail trail in one account against its desired state.
pub(crate) fn assess_trail(desired: &TrailBaseline, live: Option<&TrailState>) -> Assessment {
    let settings = TrailSettings::desired(desired);
    let mut assessment = Assessment::new(format!("trail `{}`", desired.name));
    let Some(live) = live else {
        assessment.missing = true;
        assessment.findings.push(Finding::new(
            format!("trail `{}` does not exist", desired.name),
            format!(
                "+ trail to bucket `{}`: multi-region {}, global service events {}, log file \
                 validation {}, tagged managed-by = jumpgate; logging on",
                desired.bucket,
                on_off(desired.is_multi_region),
                on_off(desired.include_global_service_events),
                on_off(desired.log_file_validation)
            ),
        ));
        assessment.ops = vec![
            BaselineOp::CreateTrail { trail: settings },
            BaselineOp::StartLogging {
                name: desired.name.clone(),
            },
        ];
        return assessment;
    };
    let have = &live.settings;
    if have.bucket != settings.bucket {
        assessment.findings.push(Finding::new(
            format!("delivers to `{}`", have.bucket),
            format!("bucket: `{}` -> `{}`", have.bucket, settings.bucket),
        ));
    }
    let flags = [
        (
            "multi-region",
            have.is_multi_region,
            settings.is_multi_region,
        ),
        (
            "global service events",
            have.include_global_service_events,
            settings.include_global_service_events,
        ),
        (
            "log file validation",
            have.log_file_validation,
            settings.log_file_validation,
        ),
    ];
    for (label, have, want) in flags {
        if have != want {
            assessment.findings.push(Finding::new(
                format!("{label} is {}", on_off(have)),
                format!("{label}: {} -> {}", on_off(have), on_off(want)),
            ));
        }
    }
    if !assessment.findings.is_empty() {
        assessment
            .ops
            .push(BaselineOp::UpdateTrail { trail: settings });
    }
    if !live.is_logging {
        assessment
            .findings
            .push(Finding::new("logging is off", "+ logging on"));
        assessment.ops.push(BaselineOp::StartLogging {
            name: desired.name.clone(),
        });
    }
    if !live.managed {
        assessment.conflict =
            Some("a trail with this name exists without the tag managed-by = jumpgate".to_owned());
        assessment.ops.clear();
    }
    assessment
}

/// GuardDuty in one account against its desired state.
pub(crate) fn assess_guardduty(desired: &GuardDutyBaseline, live: &[DetectorState]) -> Assessment {
    let frequency = desired.finding_publishing_frequency.as_aws_str().to_owned();
    let mut assessment = Assessment::new("GuardDuty detector".to_owned());
    let Some(detector) = live
        .iter()
        .find(|detector| detector.managed)
        .or_else(|| live.first())
    else {
        assessment.missing = true;
        assessment.findings.push(Finding::new(
            "no detector",
            format!(
                "+ detector, enabled, findings every {frequency}, tagged managed-by = jumpgate"
            ),
        ));
        assessment.ops.push(BaselineOp::CreateDetector {
            finding_publishing_frequency: frequency,
        });
        return assessment;
    };
    assessment.resource = format!("GuardDuty detector `{}`", detector.id);
    if !detector.enabled {
        assessment
            .findings
            .push(Finding::new("detector is disabled", "+ enabled"));
    }
    if detector.managed {
        if detector.finding_publishing_frequency != frequency {
            assessment.findings.push(Finding::new(
                format!(
                    "findings published every {}",
                    detector.finding_publishing_frequency
                ),
                format!(
                    "finding publishing frequency: {} -> {frequency}",
                    detector.finding_publishing_frequency
                ),
            ));
        }
        if !assessment.findings.is_empty() {
            assessment.ops.push(BaselineOp::UpdateDetector {
                detector_id: detector.id.clone(),
                finding_publishing_frequency: frequency,
            });
        }
    } else {
        // An enabled detector satisfies the baseline whoever manages it; its frequency is the
        // owner's business.
        assessment.conflict = Some(format!(
            "detector `{}` exists without the tag managed-by = jumpgate (GuardDuty allows one \
             detector per Region)",
            detector.id
        ));
        assessment.holder = Some(format!(
            "detector `{}` (findings every {})",
            detector.id, detector.finding_publishing_frequency
        ));
    }
    assessment
}

/// Root MFA in one account: it cannot be enabled through any API.
pub(crate) fn assess_root_mfa(live: &AccountBaselineState) -> Assessment {
    let mut assessment = Assessment::new("root MFA".to_owned());
    if !live.root_mfa {
        assessment.missing = true;
        assessment.findings.push(Finding::new(
            "the root user has no MFA device (AccountMFAEnabled = 0)",
            "enable MFA on the root user by hand (no API can)",
        ));
    }
    assessment
}

/// The baseline items one account wants, assessed; `None` per item that is not wanted.
pub(crate) struct AccountAssessments {
    pub aws_config: Option<Assessment>,
    pub cloudtrail: Option<Assessment>,
    pub guardduty: Option<Assessment>,
    pub root_mfa: Option<Assessment>,
}

pub(crate) fn assess_account(
    desired: &AccountBaseline,
    live: &AccountBaselineState,
) -> AccountAssessments {
    AccountAssessments {
        aws_config: desired
            .config
            .as_ref()
            .map(|config| assess_config(config, live)),
        cloudtrail: desired
            .trail
            .as_ref()
            .map(|trail| assess_trail(trail, live.trail.as_ref())),
        guardduty: desired
            .guardduty
            .as_ref()
            .map(|guardduty| assess_guardduty(guardduty, &live.detectors)),
        root_mfa: desired.root_mfa.then(|| assess_root_mfa(live)),
    }
}
