//! The security baseline through the AWS SDK: reading the live baseline of every account in the
//! baseline Region (read calls only), and running [`BaselineOp`]s. Member accounts are reached
//! through the same assumed role as IAM, the management account directly.

use aws_config::{Region, SdkConfig};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use iam_policy::AccountId;
use jumpgate_planner::BaselineOp;
use jumpgate_planner::baseline_state::{
    AccountBaselineState, BUCKET_ENCRYPTION, BucketState, CONFIG_SERVICE, CONFIG_SERVICE_ROLE_PATH,
    DeliveryChannelState, DetectorState, LiveBaseline, PublicAccessBlockState, RecorderState,
    TrailSettings, TrailState,
};
use jumpgate_planner::state::{MANAGED_TAG_KEY, MANAGED_TAG_VALUE};
use org_model::baseline::DesiredBaseline;

use crate::iam::{Failure, decode_policy, json};
use crate::{Aws, Error};

/// The error code of a service error, if the call reached the service.
fn code<E: ProvideErrorMetadata>(error: &E) -> Option<&str> {
    error.code()
}

/// Whether `code` is the answer AWS gives to `call` while a role or bucket policy made moments
/// before is not yet visible to the service: Config refuses a fresh recorder role
/// (`InvalidRoleException`) and a delivery channel to a bucket whose policy it cannot see yet
/// (`InsufficientDeliveryPolicyException`); CloudTrail a trail whose bucket policy it cannot see
/// yet (`InsufficientS3BucketPolicyException`). Only these are retried while things settle.
fn settling(call: &BaselineOp, code: Option<&str>) -> bool {
    matches!(
        (call, code),
        (
            BaselineOp::PutConfigurationRecorder { .. },
            Some("InvalidRoleException")
        ) | (
            BaselineOp::PutDeliveryChannel { .. },
            Some("InsufficientDeliveryPolicyException")
        ) | (
            BaselineOp::CreateTrail { .. } | BaselineOp::UpdateTrail { .. },
            Some("InsufficientS3BucketPolicyException")
        )
    )
}

fn managed(key: Option<&str>, value: Option<&str>) -> bool {
    key == Some(MANAGED_TAG_KEY) && value == Some(MANAGED_TAG_VALUE)
}

impl Aws {
    /// Reads the live baseline `desired` is about: the log bucket in LOG, and every account's
    /// Config recorders and delivery channels, trail, GuardDuty detectors and root MFA, in the
    /// baseline Region.
    pub async fn read_baseline(&self, desired: &DesiredBaseline) -> Result<LiveBaseline, Error> {
        let mut live = LiveBaseline::default();
        if let Some(bucket) = &desired.log_bucket {
            let s3 = self.s3(bucket.account_id, &desired.region).await?;
            live.log_bucket = read_bucket(&s3, &bucket.name).await?;
        }
        let region = desired.region.as_str();
        let read = self
            .each(
                "reading the baseline",
                &desired.accounts,
                |account| account.account.clone(),
                |account| async move {
                    let id = account.account_id;
                    let config = self.regional(id, region).await?;
                    let trail_name = account
                        .trail
                        .as_ref()
                        .map_or(org_model::baseline::TRAIL_NAME, |trail| trail.name.as_str());
                    let iam = self.iam(id).await?;
                    let state = AccountBaselineState {
                        recorders: read_recorders(&self.config(&config)).await?,
                        delivery_channels: read_channels(&self.config(&config)).await?,
                        config_service_linked_role: read_config_role(&iam).await?,
                        trail: read_trail(&self.cloudtrail(&config), trail_name).await?,
                        detectors: read_detectors(&self.guardduty(&config)).await?,
                        root_mfa: read_root_mfa(&iam).await?,
                    };
                    Ok((id, state))
                },
            )
            .await?;
        live.accounts.extend(read);
        Ok(live)
    }

    pub(crate) async fn regional(
        &self,
        account: AccountId,
        region: &str,
    ) -> Result<SdkConfig, Error> {
        let session = self.session(account).await?;
        Ok(session
            .into_builder()
            .region(Region::new(region.to_owned()))
            .build())
    }

    async fn s3(&self, account: AccountId, region: &str) -> Result<aws_sdk_s3::Client, Error> {
        let config = self.regional(account, region).await?;
        let conf = aws_sdk_s3::config::Builder::from(&config)
            .interceptor(self.counter.clone())
            // A custom endpoint (moto, LocalStack) has no per-bucket host names.
            .force_path_style(self.settings.endpoint_url.is_some())
            .build();
        Ok(aws_sdk_s3::Client::from_conf(conf))
    }

    fn config(&self, config: &SdkConfig) -> aws_sdk_config::Client {
        let conf = aws_sdk_config::config::Builder::from(config)
            .interceptor(self.counter.clone())
            .build();
        aws_sdk_config::Client::from_conf(conf)
    }

    pub(crate) fn cloudtrail(&self, config: &SdkConfig) -> aws_sdk_cloudtrail::Client {
        let conf = aws_sdk_cloudtrail::config::Builder::from(config)
            .interceptor(self.counter.clone())
            .build();
        aws_sdk_cloudtrail::Client::from_conf(conf)
    }

    fn guardduty(&self, config: &SdkConfig) -> aws_sdk_guardduty::Client {
        let conf = aws_sdk_guardduty::config::Builder::from(config)
            .interceptor(self.counter.clone())
            .build();
        aws_sdk_guardduty::Client::from_conf(conf)
    }

    /// Runs one baseline call in `account`. When a create fails because its resource is
    /// already there (a retried call whose first answer was lost), the resource is read back: if
    /// it is jumpgate's (the managed tag; for Config's service-linked role and the bucket, that
    /// it exists in this account), the create counts as done.
    pub(crate) async fn run_baseline_op(
        &self,
        account: AccountId,
        region: &str,
        call: &BaselineOp,
    ) -> Result<(), Error> {
        let sent = self
            .settle(
                |failure: &Failure| settling(call, failure.code.as_deref()),
                || self.send_baseline_op(account, region, call),
            )
            .await;
        let Err(failure) = sent else {
            return Ok(());
        };
        match self
            .baseline_already_done(account, region, call, failure.code.as_deref())
            .await
        {
            Ok(true) => Ok(()),
            Ok(false) | Err(_) => Err(failure.error),
        }
    }

    async fn baseline_already_done(
        &self,
        account: AccountId,
        region: &str,
        call: &BaselineOp,
        code: Option<&str>,
    ) -> Result<bool, Error> {
        match (call, code) {
            (
                BaselineOp::CreateConfigServiceLinkedRole,
                Some("EntityAlreadyExists" | "InvalidInput"),
            ) => read_config_role(&self.iam(account).await?).await,
            (
                BaselineOp::CreateBucket { bucket },
                Some("BucketAlreadyOwnedByYou" | "BucketAlreadyExists"),
            ) => {
                let s3 = self.s3(account, region).await?;
                Ok(read_bucket(&s3, bucket).await?.is_some())
            }
            (BaselineOp::CreateTrail { trail }, Some("TrailAlreadyExistsException")) => {
                let cloudtrail = self.cloudtrail(&self.regional(account, region).await?);
                Ok(read_trail(&cloudtrail, &trail.name)
                    .await?
                    .is_some_and(|trail| trail.managed))
            }
            (BaselineOp::CreateDetector { .. }, Some("BadRequestException")) => {
                let guardduty = self.guardduty(&self.regional(account, region).await?);
                Ok(read_detectors(&guardduty)
                    .await?
                    .iter()
                    .any(|detector| detector.managed))
            }
            _ => Ok(false),
        }
    }

    async fn send_baseline_op(
        &self,
        account: AccountId,
        region: &str,
        call: &BaselineOp,
    ) -> Result<(), Failure> {
        macro_rules! send {
            ($operation:literal, $request:expr) => {
                $request.send().await.map(|_| ()).map_err(|error| Failure {
                    code: code(&error).map(str::to_owned),
                    error: Error::aws($operation, error),
                })
            };
        }
        let built = |operation: &str, error: aws_smithy_types::error::operation::BuildError| {
            Error::unexpected(operation, error.to_string())
        };
        match call {
            BaselineOp::CreateBucket { bucket } => {
                let s3 = self.s3(account, region).await?;
                let mut request = s3.create_bucket().bucket(bucket);
                // us-east-1 is the one Region that takes no location constraint.
                if region != "us-east-1" {
                    request = request.create_bucket_configuration(
                        aws_sdk_s3::types::CreateBucketConfiguration::builder()
                            .location_constraint(region.into())
                            .build(),
                    );
                }
                send!("s3:CreateBucket", request)
            }
            BaselineOp::TagBucket { bucket } => {
                use aws_sdk_s3::types::{Tag, Tagging};
                let tag = Tag::builder()
                    .key(MANAGED_TAG_KEY)
                    .value(MANAGED_TAG_VALUE)
                    .build()
                    .map_err(|error| built("s3:PutBucketTagging", error))?;
                let tagging = Tagging::builder()
                    .tag_set(tag)
                    .build()
                    .map_err(|error| built("s3:PutBucketTagging", error))?;
                let s3 = self.s3(account, region).await?;
                send!(
                    "s3:PutBucketTagging",
                    s3.put_bucket_tagging().bucket(bucket).tagging(tagging)
                )
            }
            BaselineOp::PutBucketPolicy { bucket, policy } => {
                let s3 = self.s3(account, region).await?;
                send!(
                    "s3:PutBucketPolicy",
                    s3.put_bucket_policy().bucket(bucket).policy(json(policy)?)
                )
            }
            BaselineOp::BlockPublicAccess { bucket } => {
                let s3 = self.s3(account, region).await?;
                send!(
                    "s3:PutPublicAccessBlock",
                    s3.put_public_access_block()
                        .bucket(bucket)
                        .public_access_block_configuration(
                            aws_sdk_s3::types::PublicAccessBlockConfiguration::builder()
                                .block_public_acls(true)
                                .ignore_public_acls(true)
                                .block_public_policy(true)
                                .restrict_public_buckets(true)
                                .build(),
                        )
                )
            }
            BaselineOp::EnableVersioning { bucket } => {
                let s3 = self.s3(account, region).await?;
                send!(
                    "s3:PutBucketVersioning",
                    s3.put_bucket_versioning()
                        .bucket(bucket)
                        .versioning_configuration(
                            aws_sdk_s3::types::VersioningConfiguration::builder()
                                .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
                                .build(),
                        )
                )
            }
            BaselineOp::PutBucketEncryption { bucket } => {
                use aws_sdk_s3::types::{
                    ServerSideEncryption, ServerSideEncryptionByDefault,
                    ServerSideEncryptionConfiguration, ServerSideEncryptionRule,
                };
                let default = ServerSideEncryptionByDefault::builder()
                    .sse_algorithm(ServerSideEncryption::from(BUCKET_ENCRYPTION))
                    .build()
                    .map_err(|error| built("s3:PutBucketEncryption", error))?;
                let configuration = ServerSideEncryptionConfiguration::builder()
                    .rules(
                        ServerSideEncryptionRule::builder()
                            .apply_server_side_encryption_by_default(default)
                            .build(),
                    )
                    .build()
                    .map_err(|error| built("s3:PutBucketEncryption", error))?;
                let s3 = self.s3(account, region).await?;
                send!(
                    "s3:PutBucketEncryption",
                    s3.put_bucket_encryption()
                        .bucket(bucket)
                        .server_side_encryption_configuration(configuration)
                )
            }
            BaselineOp::CreateConfigServiceLinkedRole => {
                let iam = self.iam(account).await?;
                send!(
                    "iam:CreateServiceLinkedRole",
                    iam.create_service_linked_role()
                        .aws_service_name(CONFIG_SERVICE)
                )
            }
            BaselineOp::PutConfigurationRecorder {
                name,
                role_arn,
                all_supported,
                include_global_resource_types,
            } => {
                use aws_sdk_config::types::{ConfigurationRecorder, RecordingGroup};
                let config = self.config(&self.regional(account, region).await?);
                send!(
                    "config:PutConfigurationRecorder",
                    config.put_configuration_recorder().configuration_recorder(
                        ConfigurationRecorder::builder()
                            .name(name)
                            .role_arn(role_arn.as_str())
                            .recording_group(
                                RecordingGroup::builder()
                                    .all_supported(*all_supported)
                                    .include_global_resource_types(*include_global_resource_types)
                                    .build(),
                            )
                            .build(),
                    )
                )
            }
            BaselineOp::PutDeliveryChannel { name, bucket } => {
                let config = self.config(&self.regional(account, region).await?);
                send!(
                    "config:PutDeliveryChannel",
                    config.put_delivery_channel().delivery_channel(
                        aws_sdk_config::types::DeliveryChannel::builder()
                            .name(name)
                            .s3_bucket_name(bucket)
                            .build(),
                    )
                )
            }
            BaselineOp::StartConfigurationRecorder { name } => {
                let config = self.config(&self.regional(account, region).await?);
                send!(
                    "config:StartConfigurationRecorder",
                    config
                        .start_configuration_recorder()
                        .configuration_recorder_name(name)
                )
            }
            BaselineOp::CreateTrail { trail } => {
                let tag = aws_sdk_cloudtrail::types::Tag::builder()
                    .key(MANAGED_TAG_KEY)
                    .value(MANAGED_TAG_VALUE)
                    .build()
                    .map_err(|error| built("cloudtrail:CreateTrail", error))?;
                let cloudtrail = self.cloudtrail(&self.regional(account, region).await?);
                send!(
                    "cloudtrail:CreateTrail",
                    cloudtrail
                        .create_trail()
                        .name(&trail.name)
                        .s3_bucket_name(&trail.bucket)
                        .is_multi_region_trail(trail.is_multi_region)
                        .include_global_service_events(trail.include_global_service_events)
                        .enable_log_file_validation(trail.log_file_validation)
                        .tags_list(tag)
                )
            }
            BaselineOp::UpdateTrail { trail } => {
                let cloudtrail = self.cloudtrail(&self.regional(account, region).await?);
                send!(
                    "cloudtrail:UpdateTrail",
                    cloudtrail
                        .update_trail()
                        .name(&trail.name)
                        .s3_bucket_name(&trail.bucket)
                        .is_multi_region_trail(trail.is_multi_region)
                        .include_global_service_events(trail.include_global_service_events)
                        .enable_log_file_validation(trail.log_file_validation)
                )
            }
            BaselineOp::StartLogging { name } => {
                let cloudtrail = self.cloudtrail(&self.regional(account, region).await?);
                send!(
                    "cloudtrail:StartLogging",
                    cloudtrail.start_logging().name(name)
                )
            }
            BaselineOp::CreateDetector {
                finding_publishing_frequency,
            } => {
                let guardduty = self.guardduty(&self.regional(account, region).await?);
                send!(
                    "guardduty:CreateDetector",
                    guardduty
                        .create_detector()
                        .enable(true)
                        .finding_publishing_frequency(finding_publishing_frequency.as_str().into())
                        .tags(MANAGED_TAG_KEY, MANAGED_TAG_VALUE)
                )
            }
            BaselineOp::UpdateDetector {
                detector_id,
                finding_publishing_frequency,
            } => {
                let guardduty = self.guardduty(&self.regional(account, region).await?);
                send!(
                    "guardduty:UpdateDetector",
                    guardduty
                        .update_detector()
                        .detector_id(detector_id)
                        .enable(true)
                        .finding_publishing_frequency(finding_publishing_frequency.as_str().into())
                )
            }
        }
    }
}

async fn read_bucket(s3: &aws_sdk_s3::Client, name: &str) -> Result<Option<BucketState>, Error> {
    // ListBuckets, not HeadBucket: it is a read call, and lists only the caller's own buckets.
    let buckets = s3
        .list_buckets()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("s3:ListBuckets", error))?;
    let exists = buckets
        .iter()
        .flat_map(aws_sdk_s3::operation::list_buckets::ListBucketsOutput::buckets)
        .any(|bucket| bucket.name() == Some(name));
    if !exists {
        return Ok(None);
    }
    let managed = match s3.get_bucket_tagging().bucket(name).send().await {
        Ok(tagging) => tagging
            .tag_set()
            .iter()
            .any(|tag| managed(Some(tag.key()), Some(tag.value()))),
        Err(error) if code(&error) == Some("NoSuchTagSet") => false,
        Err(error) => return Err(Error::aws("s3:GetBucketTagging", error)),
    };
    let policy = match s3.get_bucket_policy().bucket(name).send().await {
        Ok(got) => match got.policy() {
            Some(text) => Some(decode_policy("s3:GetBucketPolicy", text)?),
            None => None,
        },
        Err(error) if code(&error) == Some("NoSuchBucketPolicy") => None,
        Err(error) => return Err(Error::aws("s3:GetBucketPolicy", error)),
    };
    let public_access_block = match s3.get_public_access_block().bucket(name).send().await {
        Ok(got) => got
            .public_access_block_configuration()
            .map(|block| PublicAccessBlockState {
                block_public_acls: block.block_public_acls().unwrap_or(false),
                ignore_public_acls: block.ignore_public_acls().unwrap_or(false),
                block_public_policy: block.block_public_policy().unwrap_or(false),
                restrict_public_buckets: block.restrict_public_buckets().unwrap_or(false),
            }),
        Err(error) if code(&error) == Some("NoSuchPublicAccessBlockConfiguration") => None,
        Err(error) => return Err(Error::aws("s3:GetPublicAccessBlock", error)),
    };
    let versioning = match s3.get_bucket_versioning().bucket(name).send().await {
        Ok(got) => got.status().map(|status| status.as_str().to_owned()),
        Err(error) => match moto_versioning_status(&error) {
            Some(status) => status,
            None => return Err(Error::aws("s3:GetBucketVersioning", error)),
        },
    };
    let encryption = match s3.get_bucket_encryption().bucket(name).send().await {
        Ok(got) => got
            .server_side_encryption_configuration()
            .map(|configuration| {
                configuration
                    .rules()
                    .iter()
                    .filter_map(|rule| rule.apply_server_side_encryption_by_default())
                    .map(|default| default.sse_algorithm().as_str().to_owned())
                    .collect()
            })
            .unwrap_or_default(),
        Err(error) if code(&error) == Some("ServerSideEncryptionConfigurationNotFoundError") => {
            Vec::new()
        }
        Err(error) => return Err(Error::aws("s3:GetBucketEncryption", error)),
    };
    Ok(Some(BucketState {
        name: name.to_owned(),
        managed,
        policy,
        public_access_block,
        versioning,
        encryption,
    }))
}

/// The versioning status from an answer the SDK could not parse because its XML root is
/// `GetBucketVersioningResponse` instead of `VersioningConfiguration` (moto 5.2.5 answers so);
/// `None` for any other failure. `Some(None)` when versioning was never set.
fn moto_versioning_status(
    error: &aws_smithy_runtime_api::client::result::SdkError<
        aws_sdk_s3::operation::get_bucket_versioning::GetBucketVersioningError,
        aws_smithy_runtime_api::client::orchestrator::HttpResponse,
    >,
) -> Option<Option<String>> {
    let body = error.raw_response()?.body().bytes()?;
    let text = std::str::from_utf8(body).ok()?;
    if !text.contains("<GetBucketVersioningResponse") {
        return None;
    }
    let status = text
        .split_once("<Status>")
        .and_then(|(_, rest)| rest.split_once("</Status>"))
        .map(|(status, _)| status.to_owned());
    Some(status)
}

async fn read_recorders(config: &aws_sdk_config::Client) -> Result<Vec<RecorderState>, Error> {
    let recorders = config
        .describe_configuration_recorders()
        .send()
        .await
        .map_err(|error| Error::aws("config:DescribeConfigurationRecorders", error))?;
    let statuses = config
        .describe_configuration_recorder_status()
        .send()
        .await
        .map_err(|error| Error::aws("config:DescribeConfigurationRecorderStatus", error))?;
    Ok(recorders
        .configuration_recorders()
        .iter()
        .map(|recorder| {
            let name = recorder.name().unwrap_or_default().to_owned();
            let recording = statuses
                .configuration_recorders_status()
                .iter()
                .any(|status| status.name() == Some(name.as_str()) && status.recording());
            let group = recorder.recording_group();
            RecorderState {
                role_arn: recorder.role_arn().unwrap_or_default().to_owned(),
                all_supported: group
                    .is_some_and(aws_sdk_config::types::RecordingGroup::all_supported),
                include_global_resource_types: group.is_some_and(
                    aws_sdk_config::types::RecordingGroup::include_global_resource_types,
                ),
                recording,
                name,
            }
        })
        .collect())
}

async fn read_channels(
    config: &aws_sdk_config::Client,
) -> Result<Vec<DeliveryChannelState>, Error> {
    let channels = config
        .describe_delivery_channels()
        .send()
        .await
        .map_err(|error| Error::aws("config:DescribeDeliveryChannels", error))?;
    Ok(channels
        .delivery_channels()
        .iter()
        .map(|channel| DeliveryChannelState {
            name: channel.name().unwrap_or_default().to_owned(),
            bucket: channel.s3_bucket_name().unwrap_or_default().to_owned(),
        })
        .collect())
}

async fn read_config_role(iam: &aws_sdk_iam::Client) -> Result<bool, Error> {
    // By path, not by name: the path is fixed by the service, and the name is not the same
    // everywhere (moto names it `AWSServiceRoleForconfig`).
    let roles = iam
        .list_roles()
        .path_prefix(CONFIG_SERVICE_ROLE_PATH)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("iam:ListRoles", error))?;
    Ok(roles
        .iter()
        .any(|role| role.path() == CONFIG_SERVICE_ROLE_PATH))
}

async fn read_trail(
    cloudtrail: &aws_sdk_cloudtrail::Client,
    name: &str,
) -> Result<Option<TrailState>, Error> {
    // Trails whose home is this Region (shadows of other Regions' trails are theirs).
    let described = cloudtrail
        .describe_trails()
        .include_shadow_trails(false)
        .send()
        .await
        .map_err(|error| Error::aws("cloudtrail:DescribeTrails", error))?;
    let Some(trail) = described
        .trail_list()
        .iter()
        .find(|trail| trail.name() == Some(name))
    else {
        return Ok(None);
    };
    let status = cloudtrail
        .get_trail_status()
        .name(name)
        .send()
        .await
        .map_err(|error| Error::aws("cloudtrail:GetTrailStatus", error))?;
    let arn = trail
        .trail_arn()
        .ok_or_else(|| Error::unexpected("cloudtrail:DescribeTrails", "a trail without ARN"))?;
    let tags = cloudtrail
        .list_tags()
        .resource_id_list(arn)
        .send()
        .await
        .map_err(|error| Error::aws("cloudtrail:ListTags", error))?;
    let managed = tags
        .resource_tag_list()
        .iter()
        .flat_map(aws_sdk_cloudtrail::types::ResourceTag::tags_list)
        .any(|tag| managed(Some(tag.key()), tag.value()));
    Ok(Some(TrailState {
        settings: TrailSettings {
            name: name.to_owned(),
            bucket: trail.s3_bucket_name().unwrap_or_default().to_owned(),
            is_multi_region: trail.is_multi_region_trail().unwrap_or(false),
            include_global_service_events: trail.include_global_service_events().unwrap_or(false),
            log_file_validation: trail.log_file_validation_enabled().unwrap_or(false),
        },
        is_logging: status.is_logging().unwrap_or(false),
        managed,
    }))
}

async fn read_detectors(
    guardduty: &aws_sdk_guardduty::Client,
) -> Result<Vec<DetectorState>, Error> {
    let ids = guardduty
        .list_detectors()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("guardduty:ListDetectors", error))?;
    let mut detectors = Vec::new();
    for id in ids {
        let detector = guardduty
            .get_detector()
            .detector_id(&id)
            .send()
            .await
            .map_err(|error| Error::aws("guardduty:GetDetector", error))?;
        detectors.push(DetectorState {
            enabled: detector
                .status()
                .is_some_and(|status| *status == aws_sdk_guardduty::types::DetectorStatus::Enabled),
            finding_publishing_frequency: detector
                .finding_publishing_frequency()
                .map(|frequency| frequency.as_str().to_owned())
                .unwrap_or_default(),
            managed: detector.tags().is_some_and(|tags| {
                tags.get(MANAGED_TAG_KEY).map(String::as_str) == Some(MANAGED_TAG_VALUE)
            }),
            id,
        });
    }
    Ok(detectors)
}

async fn read_root_mfa(iam: &aws_sdk_iam::Client) -> Result<bool, Error> {
    let summary = iam
        .get_account_summary()
        .send()
        .await
        .map_err(|error| Error::aws("iam:GetAccountSummary", error))?;
    Ok(summary
        .summary_map()
        .and_then(|map| map.get(&aws_sdk_iam::types::SummaryKeyType::AccountMfaEnabled))
        .is_some_and(|enabled| *enabled == 1))
}
