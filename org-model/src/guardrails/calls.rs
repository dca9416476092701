//! Every call `jumpgate plan`, `apply` and `audit` make in a member account, as the deployment
//! role, with the IAM actions each needs: what the proof that the guardrails never block the
//! layout evaluates ([`super::prove`]). The planner's tests hold every operation a plan can
//! contain to this table, and the adapter's tests every call they see it make.

use serde::Serialize;

/// What a call acts on, expanded per account by the proofs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallTarget {
    /// `*`: listing and describing, the Config recorder and delivery channel, GuardDuty
    /// detectors (no resource-level permissions, or no name known beforehand).
    Any,
    /// Each role of the layout deployed to the account.
    Role,
    /// Each customer managed policy jumpgate keeps in the account (under `/jumpgate/`).
    ManagedPolicy,
    /// Each JUMP group (JUMP only).
    Group,
    /// Each JUMP user (JUMP only).
    User,
    /// AWS Config's service-linked role (accounts with AWS Config).
    ConfigServiceLinkedRole,
    /// GuardDuty's service-linked role (accounts with GuardDuty).
    GuardDutyServiceLinkedRole,
    /// The log bucket (LOG only).
    LogBucket,
    /// The trail `jumpgate` (accounts with CloudTrail).
    Trail,
    /// AWS Config's recorder and delivery channel (`*`; accounts with AWS Config).
    Config,
    /// The GuardDuty detector (`*`; accounts with GuardDuty).
    Detector,
}

/// One API call and the IAM actions it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DeploymentCall {
    /// The service as the AWS SDK names it in its operation metadata: `IAM`, `S3`,
    /// `Config Service`, `CloudTrail`, `GuardDuty`.
    pub service: &'static str,
    /// The API operation: `CreateRole`.
    pub operation: &'static str,
    /// The IAM actions it needs, each on what it acts on.
    pub actions: &'static [(&'static str, CallTarget)],
    /// Whether it writes.
    pub write: bool,
    /// Whether it tags what it creates `managed-by = jumpgate` (the request carries
    /// `aws:RequestTag/managed-by` and `aws:TagKeys`).
    pub tags: bool,
    /// Whether it acts on a resource jumpgate tagged (`aws:ResourceTag/managed-by`).
    pub on_managed: bool,
}

impl DeploymentCall {
    /// `SERVICE:Operation`, as the adapter's write counter records it.
    pub fn api(&self) -> String {
        format!("{}:{}", self.service, self.operation)
    }
}

const fn read(
    service: &'static str,
    operation: &'static str,
    actions: &'static [(&'static str, CallTarget)],
) -> DeploymentCall {
    DeploymentCall {
        service,
        operation,
        actions,
        write: false,
        tags: false,
        on_managed: false,
    }
}

const fn write(
    service: &'static str,
    operation: &'static str,
    actions: &'static [(&'static str, CallTarget)],
) -> DeploymentCall {
    DeploymentCall {
        service,
        operation,
        actions,
        write: true,
        tags: false,
        on_managed: false,
    }
}

const fn tagging(call: DeploymentCall) -> DeploymentCall {
    DeploymentCall { tags: true, ..call }
}

const fn on_managed(call: DeploymentCall) -> DeploymentCall {
    DeploymentCall {
        on_managed: true,
        ..call
    }
}

use CallTarget::{
    Any, Config, ConfigServiceLinkedRole, Detector, Group, GuardDutyServiceLinkedRole, LogBucket,
    ManagedPolicy, Role, Trail, User,
};

/// Every call jumpgate makes in a member account, reads first, then writes by subject.
pub const DEPLOYMENT_CALLS: &[DeploymentCall] = &[
    // Reading IAM.
    read("IAM", "ListRoles", &[("iam:ListRoles", Any)]),
    read("IAM", "GetRole", &[("iam:GetRole", Role)]),
    read(
        "IAM",
        "ListAttachedRolePolicies",
        &[("iam:ListAttachedRolePolicies", Role)],
    ),
    read("IAM", "ListRolePolicies", &[("iam:ListRolePolicies", Role)]),
    read("IAM", "GetRolePolicy", &[("iam:GetRolePolicy", Role)]),
    read("IAM", "ListPolicies", &[("iam:ListPolicies", Any)]),
    read(
        "IAM",
        "ListPolicyTags",
        &[("iam:ListPolicyTags", ManagedPolicy)],
    ),
    read(
        "IAM",
        "GetPolicyVersion",
        &[("iam:GetPolicyVersion", ManagedPolicy)],
    ),
    read(
        "IAM",
        "ListPolicyVersions",
        &[("iam:ListPolicyVersions", ManagedPolicy)],
    ),
    read(
        "IAM",
        "ListEntitiesForPolicy",
        &[("iam:ListEntitiesForPolicy", ManagedPolicy)],
    ),
    read("IAM", "ListGroups", &[("iam:ListGroups", Any)]),
    read("IAM", "GetGroup", &[("iam:GetGroup", Group)]),
    read(
        "IAM",
        "ListAttachedGroupPolicies",
        &[("iam:ListAttachedGroupPolicies", Group)],
    ),
    read(
        "IAM",
        "ListGroupPolicies",
        &[("iam:ListGroupPolicies", Group)],
    ),
    read("IAM", "GetGroupPolicy", &[("iam:GetGroupPolicy", Group)]),
    read("IAM", "ListUsers", &[("iam:ListUsers", Any)]),
    read("IAM", "ListUserTags", &[("iam:ListUserTags", User)]),
    read(
        "IAM",
        "ListGroupsForUser",
        &[("iam:ListGroupsForUser", User)],
    ),
    read(
        "IAM",
        "GetAccountSummary",
        &[("iam:GetAccountSummary", Any)],
    ),
    // Reading the people's credentials (the password policy, login profiles, the audit).
    read(
        "IAM",
        "GetAccountPasswordPolicy",
        &[("iam:GetAccountPasswordPolicy", Any)],
    ),
    read("IAM", "GetLoginProfile", &[("iam:GetLoginProfile", User)]),
    read(
        "IAM",
        "GenerateCredentialReport",
        &[("iam:GenerateCredentialReport", Any)],
    ),
    read(
        "IAM",
        "GetCredentialReport",
        &[("iam:GetCredentialReport", Any)],
    ),
    read("IAM", "ListMFADevices", &[("iam:ListMFADevices", User)]),
    read("IAM", "ListAccessKeys", &[("iam:ListAccessKeys", User)]),
    // Reading the baseline.
    read("S3", "ListBuckets", &[("s3:ListAllMyBuckets", Any)]),
    read(
        "S3",
        "GetBucketTagging",
        &[("s3:GetBucketTagging", LogBucket)],
    ),
    read(
        "S3",
        "GetBucketPolicy",
        &[("s3:GetBucketPolicy", LogBucket)],
    ),
    read(
        "S3",
        "GetPublicAccessBlock",
        &[("s3:GetBucketPublicAccessBlock", LogBucket)],
    ),
    read(
        "S3",
        "GetBucketVersioning",
        &[("s3:GetBucketVersioning", LogBucket)],
    ),
    read(
        "S3",
        "GetBucketEncryption",
        &[("s3:GetEncryptionConfiguration", LogBucket)],
    ),
    read(
        "Config Service",
        "DescribeConfigurationRecorders",
        &[("config:DescribeConfigurationRecorders", Any)],
    ),
    read(
        "Config Service",
        "DescribeConfigurationRecorderStatus",
        &[("config:DescribeConfigurationRecorderStatus", Any)],
    ),
    read(
        "Config Service",
        "DescribeDeliveryChannels",
        &[("config:DescribeDeliveryChannels", Any)],
    ),
    read(
        "CloudTrail",
        "DescribeTrails",
        &[("cloudtrail:DescribeTrails", Any)],
    ),
    read(
        "CloudTrail",
        "GetTrailStatus",
        &[("cloudtrail:GetTrailStatus", Trail)],
    ),
    read("CloudTrail", "ListTags", &[("cloudtrail:ListTags", Trail)]),
    read(
        "GuardDuty",
        "ListDetectors",
        &[("guardduty:ListDetectors", Any)],
    ),
    read(
        "GuardDuty",
        "GetDetector",
        &[("guardduty:GetDetector", Detector)],
    ),
    // Roles.
    tagging(write(
        "IAM",
        "CreateRole",
        &[("iam:CreateRole", Role), ("iam:TagRole", Role)],
    )),
    on_managed(write(
        "IAM",
        "UpdateAssumeRolePolicy",
        &[("iam:UpdateAssumeRolePolicy", Role)],
    )),
    on_managed(write("IAM", "UpdateRole", &[("iam:UpdateRole", Role)])),
    on_managed(write(
        "IAM",
        "AttachRolePolicy",
        &[("iam:AttachRolePolicy", Role)],
    )),
    on_managed(write(
        "IAM",
        "DetachRolePolicy",
        &[("iam:DetachRolePolicy", Role)],
    )),
    on_managed(write(
        "IAM",
        "PutRolePolicy",
        &[("iam:PutRolePolicy", Role)],
    )),
    on_managed(write(
        "IAM",
        "DeleteRolePolicy",
        &[("iam:DeleteRolePolicy", Role)],
    )),
    on_managed(write("IAM", "DeleteRole", &[("iam:DeleteRole", Role)])),
    // Groups and users (JUMP).
    write("IAM", "CreateGroup", &[("iam:CreateGroup", Group)]),
    write("IAM", "PutGroupPolicy", &[("iam:PutGroupPolicy", Group)]),
    write(
        "IAM",
        "DeleteGroupPolicy",
        &[("iam:DeleteGroupPolicy", Group)],
    ),
    write(
        "IAM",
        "AttachGroupPolicy",
        &[("iam:AttachGroupPolicy", Group)],
    ),
    write(
        "IAM",
        "DetachGroupPolicy",
        &[("iam:DetachGroupPolicy", Group)],
    ),
    write("IAM", "DeleteGroup", &[("iam:DeleteGroup", Group)]),
    tagging(write(
        "IAM",
        "CreateUser",
        &[("iam:CreateUser", User), ("iam:TagUser", User)],
    )),
    write("IAM", "AddUserToGroup", &[("iam:AddUserToGroup", Group)]),
    write(
        "IAM",
        "RemoveUserFromGroup",
        &[("iam:RemoveUserFromGroup", Group)],
    ),
    on_managed(write(
        "IAM",
        "DetachUserPolicy",
        &[("iam:DetachUserPolicy", User)],
    )),
    on_managed(write("IAM", "DeleteUser", &[("iam:DeleteUser", User)])),
    // Adoption (`--adopt`): tagging what was made outside jumpgate.
    tagging(write("IAM", "TagRole", &[("iam:TagRole", Role)])),
    tagging(write("IAM", "TagUser", &[("iam:TagUser", User)])),
    tagging(write(
        "IAM",
        "TagPolicy",
        &[("iam:TagPolicy", ManagedPolicy)],
    )),
    write(
        "IAM",
        "UpdateAccountPasswordPolicy",
        &[("iam:UpdateAccountPasswordPolicy", Any)],
    ),
    on_managed(write(
        "IAM",
        "CreateLoginProfile",
        &[("iam:CreateLoginProfile", User)],
    )),
    on_managed(write(
        "IAM",
        "DeleteLoginProfile",
        &[("iam:DeleteLoginProfile", User)],
    )),
    // Customer managed policies.
    tagging(write(
        "IAM",
        "CreatePolicy",
        &[
            ("iam:CreatePolicy", ManagedPolicy),
            ("iam:TagPolicy", ManagedPolicy),
        ],
    )),
    on_managed(write(
        "IAM",
        "CreatePolicyVersion",
        &[("iam:CreatePolicyVersion", ManagedPolicy)],
    )),
    on_managed(write(
        "IAM",
        "DeletePolicyVersion",
        &[("iam:DeletePolicyVersion", ManagedPolicy)],
    )),
    on_managed(write(
        "IAM",
        "DeletePolicy",
        &[("iam:DeletePolicy", ManagedPolicy)],
    )),
    // The log bucket (LOG).
    write("S3", "CreateBucket", &[("s3:CreateBucket", LogBucket)]),
    write(
        "S3",
        "PutBucketTagging",
        &[("s3:PutBucketTagging", LogBucket)],
    ),
    on_managed(write(
        "S3",
        "PutBucketPolicy",
        &[("s3:PutBucketPolicy", LogBucket)],
    )),
    on_managed(write(
        "S3",
        "PutPublicAccessBlock",
        &[("s3:PutBucketPublicAccessBlock", LogBucket)],
    )),
    on_managed(write(
        "S3",
        "PutBucketVersioning",
        &[("s3:PutBucketVersioning", LogBucket)],
    )),
    on_managed(write(
        "S3",
        "PutBucketEncryption",
        &[("s3:PutEncryptionConfiguration", LogBucket)],
    )),
    // AWS Config.
    write(
        "IAM",
        "CreateServiceLinkedRole",
        &[("iam:CreateServiceLinkedRole", ConfigServiceLinkedRole)],
    ),
    write(
        "Config Service",
        "PutConfigurationRecorder",
        &[
            ("config:PutConfigurationRecorder", Config),
            ("iam:PassRole", ConfigServiceLinkedRole),
        ],
    ),
    write(
        "Config Service",
        "PutDeliveryChannel",
        &[("config:PutDeliveryChannel", Config)],
    ),
    write(
        "Config Service",
        "StartConfigurationRecorder",
        &[("config:StartConfigurationRecorder", Config)],
    ),
    // CloudTrail.
    tagging(write(
        "CloudTrail",
        "CreateTrail",
        &[
            ("cloudtrail:CreateTrail", Trail),
            ("cloudtrail:AddTags", Trail),
        ],
    )),
    on_managed(write(
        "CloudTrail",
        "UpdateTrail",
        &[("cloudtrail:UpdateTrail", Trail)],
    )),
    on_managed(write(
        "CloudTrail",
        "StartLogging",
        &[("cloudtrail:StartLogging", Trail)],
    )),
    // GuardDuty (enabling it creates its service-linked role).
    tagging(write(
        "GuardDuty",
        "CreateDetector",
        &[
            ("guardduty:CreateDetector", Detector),
            ("guardduty:TagResource", Detector),
            ("iam:CreateServiceLinkedRole", GuardDutyServiceLinkedRole),
        ],
    )),
    on_managed(write(
        "GuardDuty",
        "UpdateDetector",
        &[("guardduty:UpdateDetector", Detector)],
    )),
];

/// The call `SERVICE:Operation` of the table, if it is one.
pub fn deployment_call(api: &str) -> Option<&'static DeploymentCall> {
    let (service, operation) = api.split_once(':')?;
    DEPLOYMENT_CALLS
        .iter()
        .find(|call| call.service == service && call.operation == operation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_one_the_catalog_knows_and_every_call_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for call in DEPLOYMENT_CALLS {
            assert!(seen.insert(call.api()), "{} twice", call.api());
            for (action, _) in call.actions {
                assert!(
                    iam_policy::catalog::action(action).is_some(),
                    "{action} is not in the catalog"
                );
            }
            assert_eq!(deployment_call(&call.api()), Some(call));
        }
    }
}
