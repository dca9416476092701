//! The seed guardrail set, built from the layout (see the [module docs](super) for what each
//! guarantees): the deployment roles, the JUMP account's id, the log bucket, the Regions and the
//! organization's id go into the documents.

use iam_policy::builder::{IdentityPolicy, ResourcePolicy, StatementBuilder};
use iam_policy::{AccountId, BaseOperator, ConditionOperator, Policy, SetQualifier};
use serde::Serialize;

use crate::baseline::{TRAIL_NAME, log_bucket_name};
use crate::names::region_problem;
use crate::organization_policy::{GuardrailSettings, LeftOut, OrganizationPolicyKind};
use crate::{Error, Layout, managed};

/// A guardrail of the seed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SeedGuardrail {
    /// Its name (in Organizations, and in `[guardrails] leave_out`).
    pub name: &'static str,
    /// SCP or RCP.
    pub kind: OrganizationPolicyKind,
    /// What it guarantees (its description in Organizations).
    pub description: &'static str,
}

const fn scp(name: &'static str, description: &'static str) -> SeedGuardrail {
    SeedGuardrail {
        name,
        kind: OrganizationPolicyKind::Scp,
        description,
    }
}

/// No account leaves the organization.
pub(super) const DENY_LEAVE: &str = "deny-leave-organization";
/// IAM users, login profiles and access keys only in JUMP.
pub(super) const USERS_ONLY_IN_JUMP: &str = "iam-users-only-in-jump";
/// The baseline is protected.
pub(super) const PROTECT_BASELINE: &str = "protect-baseline";
/// Managed roles and the deployment roles are protected.
pub(super) const PROTECT_ROLES: &str = "protect-managed-roles";
/// The root user only manages its MFA device.
pub(super) const DENY_ROOT: &str = "deny-root-user";
/// Only the allowed Regions.
pub(super) const ALLOWED_REGIONS: &str = "allowed-regions";
/// The log bucket's perimeter.
pub(super) const LOG_BUCKET_PERIMETER: &str = "log-bucket-perimeter";

/// The seed guardrail set, in the order it is built and rendered.
pub const SEED_GUARDRAILS: [SeedGuardrail; 7] = [
    scp(DENY_LEAVE, "jumpgate: no account leaves the organization"),
    scp(
        USERS_ONLY_IN_JUMP,
        "jumpgate: IAM users, login profiles and access keys only in JUMP",
    ),
    scp(
        PROTECT_BASELINE,
        "jumpgate: only the deployment role changes the trail, Config, GuardDuty and the log bucket",
    ),
    scp(
        PROTECT_ROLES,
        "jumpgate: only the deployment role changes jumpgate's roles and the deployment role",
    ),
    scp(
        DENY_ROOT,
        "jumpgate: the root user of member accounts only manages its own MFA device",
    ),
    scp(
        ALLOWED_REGIONS,
        "jumpgate: only the layout's Regions (global services exempt)",
    ),
    SeedGuardrail {
        name: LOG_BUCKET_PERIMETER,
        kind: OrganizationPolicyKind::Rcp,
        description: "jumpgate: the log bucket only for the organization and AWS services, over TLS",
    },
];

/// The actions the root user of a member account keeps: enabling and resynchronizing its MFA
/// device, and seeing whether it has one.
pub(super) const ROOT_MFA_ACTIONS: [&str; 6] = [
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:ResyncMFADevice",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:GetAccountSummary",
];

/// Actions of global services (and the global calls of regional ones), exempt from the Region
/// restriction: their requests name `us-east-1` (or the partition's home Region) whatever the
/// caller's Region.
pub(super) const GLOBAL_ACTIONS: [&str; 23] = [
    "iam:*",
    "organizations:*",
    "sts:*",
    "account:*",
    "aws-portal:*",
    "billing:*",
    "budgets:*",
    "ce:*",
    "cur:*",
    "pricing:*",
    "support:*",
    "trustedadvisor:*",
    "health:*",
    "route53:*",
    "route53domains:*",
    "cloudfront:*",
    "globalaccelerator:*",
    "shield:*",
    "waf:*",
    "networkmanager:*",
    "s3:ListAllMyBuckets",
    "s3:GetAccountPublicAccessBlock",
    "ec2:DescribeRegions",
];

/// Role actions that change or delete a role.
const ROLE_CHANGES: [&str; 12] = [
    "iam:DeleteRole",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:UpdateAssumeRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:TagRole",
    "iam:UntagRole",
];

/// What a seed guardrail came to.
pub(super) enum Outcome {
    /// In force, with its document (attached to the root).
    Built(SeedGuardrail, Policy),
    /// Left out by the layout.
    LeftOut(LeftOut),
    /// Not in force yet: what it waits for.
    Unavailable(SeedGuardrail, &'static str),
}

/// The ARN patterns of the deployment roles in any account: `arn:P:iam::*:role/PATH/NAME`.
pub(super) fn deployment_role_patterns(
    layout: &Layout,
    settings: &GuardrailSettings,
) -> Vec<String> {
    let partition = layout.organization.partition.as_str();
    settings
        .deployment_roles
        .iter()
        .map(|role| {
            format!(
                "arn:{partition}:iam::*:role/{}",
                role.trim_start_matches('/')
            )
        })
        .collect()
}

/// A deny statement everyone but the deployment roles meets (everyone, without deployment
/// roles: ORG080 reports that).
fn deny_unless_deployment(sid: &str, exempt: &[String]) -> StatementBuilder {
    let statement = StatementBuilder::deny().sid(sid);
    if exempt.is_empty() {
        return statement;
    }
    statement.condition(
        BaseOperator::ArnNotLike,
        "aws:PrincipalArn",
        exempt.to_vec(),
    )
}

/// Every seed guardrail of `layout`, in [`SEED_GUARDRAILS`] order.
pub(super) fn seed_guardrails(
    layout: &Layout,
    settings: &GuardrailSettings,
) -> Result<Vec<Outcome>, Error> {
    let mut out = Vec::with_capacity(SEED_GUARDRAILS.len());
    for seed in SEED_GUARDRAILS {
        if let Some(left) = settings
            .leave_out
            .iter()
            .find(|left| left.name == seed.name)
        {
            out.push(Outcome::LeftOut(left.clone()));
            continue;
        }
        let built = match seed.name {
            DENY_LEAVE => Some(deny_leave()?),
            USERS_ONLY_IN_JUMP => users_only_in_jump(layout, settings)?,
            PROTECT_BASELINE => Some(protect_baseline(layout, settings)?),
            PROTECT_ROLES => Some(protect_roles(layout, settings)?),
            DENY_ROOT => Some(deny_root(layout)?),
            ALLOWED_REGIONS => match &settings.allowed_regions {
                None => continue,
                // No Region, or a string that is no Region name: ORG079's.
                Some(regions)
                    if regions.is_empty()
                        || regions.iter().any(|region| {
                            region_problem(region, layout.organization.partition).is_some()
                        }) =>
                {
                    None
                }
                Some(regions) => Some(allowed_regions(regions)?),
            },
            _ => log_bucket_perimeter(layout)?,
        };
        out.push(match built {
            Some(document) => Outcome::Built(seed, document),
            None => Outcome::Unavailable(
                seed,
                match seed.name {
                    USERS_ONLY_IN_JUMP => "the JUMP account has no id yet",
                    ALLOWED_REGIONS => "`allowed_regions` does not list Region names",
                    _ => "there is no log bucket yet (the LOG account has no id)",
                },
            ),
        });
    }
    Ok(out)
}

fn deny_leave() -> Result<Policy, Error> {
    Ok(IdentityPolicy::new()
        .statement(
            StatementBuilder::deny()
                .sid("DenyLeaveOrganization")
                .action("organizations:LeaveOrganization")
                .resource("*"),
        )
        .build()?)
}

/// `None` while the JUMP account has no id.
fn users_only_in_jump(
    layout: &Layout,
    settings: &GuardrailSettings,
) -> Result<Option<Policy>, Error> {
    let Some(jump) = layout.jump_account().and_then(|jump| jump.id) else {
        return Ok(None);
    };
    let exempt = deployment_role_patterns(layout, settings);
    Ok(Some(
        IdentityPolicy::new()
            .statement(
                deny_unless_deployment("DenyIamUsersOutsideJump", &exempt)
                    .actions([
                        "iam:CreateUser",
                        "iam:CreateLoginProfile",
                        "iam:UpdateLoginProfile",
                        "iam:CreateAccessKey",
                    ])
                    .resource("*")
                    .condition(
                        BaseOperator::StringNotEquals,
                        "aws:PrincipalAccount",
                        [jump.as_str()],
                    ),
            )
            .build()?,
    ))
}

fn protect_baseline(layout: &Layout, settings: &GuardrailSettings) -> Result<Policy, Error> {
    let partition = layout.organization.partition.as_str();
    let exempt = deployment_role_patterns(layout, settings);
    let mut policy = IdentityPolicy::new()
        .statement(
            deny_unless_deployment("ProtectTrail", &exempt)
                .actions([
                    "cloudtrail:StopLogging",
                    "cloudtrail:DeleteTrail",
                    "cloudtrail:UpdateTrail",
                    "cloudtrail:PutEventSelectors",
                    "cloudtrail:RemoveTags",
                ])
                .resource(format!("arn:{partition}:cloudtrail:*:*:trail/{TRAIL_NAME}")),
        )
        .statement(
            deny_unless_deployment("ProtectConfig", &exempt)
                .actions([
                    "config:StopConfigurationRecorder",
                    "config:DeleteConfigurationRecorder",
                    "config:PutConfigurationRecorder",
                    "config:DeleteDeliveryChannel",
                    "config:PutDeliveryChannel",
                ])
                .resource("*"),
        )
        .statement(
            deny_unless_deployment("ProtectConfigRole", &exempt)
                .action("iam:DeleteServiceLinkedRole")
                .resource(format!(
                    "arn:{partition}:iam::*:role/aws-service-role/config.amazonaws.com/*"
                )),
        )
        .statement(
            deny_unless_deployment("ProtectGuardDuty", &exempt)
                .actions([
                    "guardduty:DeleteDetector",
                    "guardduty:UpdateDetector",
                    "guardduty:DisassociateFromAdministratorAccount",
                ])
                .resource("*"),
        );
    if let Some(bucket) = log_bucket_name(layout) {
        let arn = format!("arn:{partition}:s3:::{bucket}");
        policy = policy
            .statement(
                deny_unless_deployment("ProtectLogBucket", &exempt)
                    .actions([
                        "s3:DeleteBucket",
                        "s3:PutBucketPolicy",
                        "s3:DeleteBucketPolicy",
                        "s3:PutBucketAcl",
                        "s3:PutBucketVersioning",
                        "s3:PutEncryptionConfiguration",
                        "s3:PutBucketPublicAccessBlock",
                        "s3:PutLifecycleConfiguration",
                    ])
                    .resource(arn.as_str()),
            )
            .statement(
                deny_unless_deployment("ProtectLogs", &exempt)
                    .actions(["s3:DeleteObject", "s3:DeleteObjectVersion"])
                    .resource(format!("{arn}/*")),
            );
    }
    Ok(policy.build()?)
}

fn protect_roles(layout: &Layout, settings: &GuardrailSettings) -> Result<Policy, Error> {
    let partition = layout.organization.partition.as_str();
    let exempt = deployment_role_patterns(layout, settings);
    let tag = format!("aws:ResourceTag/{}", managed::TAG_KEY);
    let mut policy = IdentityPolicy::new().statement(
        deny_unless_deployment("ProtectManagedRoles", &exempt)
            .actions(ROLE_CHANGES)
            .resource(format!("arn:{partition}:iam::*:role/*"))
            .condition(BaseOperator::StringEquals, tag, [managed::TAG_VALUE]),
    );
    if !exempt.is_empty() {
        policy = policy.statement(
            deny_unless_deployment("ProtectDeploymentRoles", &exempt)
                .actions(ROLE_CHANGES)
                .resources(exempt.clone()),
        );
    }
    Ok(policy
        .statement(
            deny_unless_deployment("OnlyJumpgateTagsManaged", &exempt)
                .actions([
                    "iam:CreateRole",
                    "iam:TagRole",
                    "iam:CreateUser",
                    "iam:TagUser",
                    "iam:CreatePolicy",
                    "iam:TagPolicy",
                ])
                .resource("*")
                .condition(
                    ConditionOperator {
                        qualifier: Some(SetQualifier::ForAnyValue),
                        base: BaseOperator::StringEquals,
                        if_exists: false,
                    },
                    "aws:TagKeys",
                    [managed::TAG_KEY],
                ),
        )
        .build()?)
}

fn deny_root(layout: &Layout) -> Result<Policy, Error> {
    let partition = layout.organization.partition.as_str();
    Ok(IdentityPolicy::new()
        .statement(
            StatementBuilder::deny()
                .sid("DenyRootUserButMfa")
                .actions(ROOT_MFA_ACTIONS)
                .not_action()
                .resource("*")
                .condition(
                    BaseOperator::ArnLike,
                    "aws:PrincipalArn",
                    [format!("arn:{partition}:iam::*:root")],
                ),
        )
        .build()?)
}

fn allowed_regions(regions: &[String]) -> Result<Policy, Error> {
    Ok(IdentityPolicy::new()
        .statement(
            StatementBuilder::deny()
                .sid("DenyOtherRegions")
                .actions(GLOBAL_ACTIONS)
                .not_action()
                .resource("*")
                .condition(
                    BaseOperator::StringNotEquals,
                    "aws:RequestedRegion",
                    regions.to_vec(),
                ),
        )
        .build()?)
}

/// The organization, as the perimeter names it: by id when the layout has one, otherwise by
/// its accounts with an id (`None` without any).
pub(super) enum Members {
    /// `aws:PrincipalOrgID`.
    Organization(String),
    /// `aws:PrincipalAccount`.
    Accounts(Vec<AccountId>),
}

pub(super) fn members(layout: &Layout) -> Option<Members> {
    if let Some(id) = &layout.organization.id {
        return Some(Members::Organization(id.clone()));
    }
    let mut ids: Vec<AccountId> = layout
        .accounts
        .iter()
        .filter_map(|account| account.id)
        .collect();
    ids.sort();
    ids.dedup();
    (!ids.is_empty()).then_some(Members::Accounts(ids))
}

/// `None` without a log bucket (or without any account id to name the organization by).
fn log_bucket_perimeter(layout: &Layout) -> Result<Option<Policy>, Error> {
    let (Some(bucket), Some(members)) = (log_bucket_name(layout), members(layout)) else {
        return Ok(None);
    };
    let arn = format!(
        "arn:{}:s3:::{bucket}",
        layout.organization.partition.as_str()
    );
    let resources = [arn.clone(), format!("{arn}/*")];
    let if_exists = |base| ConditionOperator {
        qualifier: None,
        base,
        if_exists: true,
    };
    let outsiders = StatementBuilder::deny()
        .sid("LogBucketOrganizationOnly")
        .action("s3:*")
        .resources(resources.clone())
        .condition(
            if_exists(BaseOperator::Bool),
            "aws:PrincipalIsAWSService",
            ["false"],
        );
    let outsiders = match members {
        Members::Organization(id) => outsiders.condition(
            if_exists(BaseOperator::StringNotEquals),
            "aws:PrincipalOrgID",
            [id],
        ),
        Members::Accounts(ids) => outsiders.condition(
            if_exists(BaseOperator::StringNotEquals),
            "aws:PrincipalAccount",
            ids.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ),
    };
    Ok(Some(
        ResourcePolicy::new()
            .everyone(outsiders)
            .everyone(
                StatementBuilder::deny()
                    .sid("LogBucketTlsOnly")
                    .action("s3:*")
                    .resources(resources)
                    .condition(BaseOperator::Bool, "aws:SecureTransport", ["false"]),
            )
            .build()?,
    ))
}
