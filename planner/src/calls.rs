//! The API calls each operation makes, as the AWS SDK names them (`IAM:CreateRole`): what the
//! guardrail proofs hold to [`org_model::guardrails::DEPLOYMENT_CALLS`] (the calls in member
//! accounts must all be allowed for the deployment role).

use crate::op::{BaselineOp, GuardrailOp, Op};

/// The calls `op` makes (`SERVICE:Operation`), reads made to adopt a lost answer included.
/// Organizations calls run in the management account, every other call in the account of the
/// change.
pub fn api_calls(op: &Op) -> &'static [&'static str] {
    match op {
        Op::CreateOrganization => &[
            "Organizations:CreateOrganization",
            "Organizations:DescribeOrganization",
            "Organizations:ListRoots",
        ],
        Op::CreateOu { .. } => &[
            "Organizations:CreateOrganizationalUnit",
            "Organizations:ListOrganizationalUnitsForParent",
        ],
        Op::CreateAccount { .. } => &[
            "Organizations:CreateAccount",
            "Organizations:DescribeCreateAccountStatus",
            "Organizations:ListAccounts",
        ],
        Op::MoveAccount { .. } => &[
            "Organizations:ListAccounts",
            "Organizations:ListParents",
            "Organizations:MoveAccount",
        ],
        Op::CreateRole { .. } => &["IAM:CreateRole", "IAM:GetRole"],
        Op::UpdateTrust { .. } => &["IAM:UpdateAssumeRolePolicy"],
        Op::UpdateMaxSession { .. } => &["IAM:UpdateRole"],
        Op::AttachRolePolicy { .. } => &["IAM:AttachRolePolicy"],
        Op::DetachRolePolicy { .. } => &["IAM:DetachRolePolicy"],
        Op::PutRolePolicy { .. } => &["IAM:PutRolePolicy"],
        Op::DeleteRolePolicy { .. } => &["IAM:DeleteRolePolicy"],
        Op::DeleteRole { .. } => &["IAM:DeleteRole"],
        Op::CreateGroup { .. } => &["IAM:CreateGroup", "IAM:GetGroup"],
        Op::PutGroupPolicy { .. } => &["IAM:PutGroupPolicy"],
        Op::DeleteGroupPolicy { .. } => &["IAM:DeleteGroupPolicy"],
        Op::AttachGroupPolicy { .. } => &["IAM:AttachGroupPolicy"],
        Op::DetachGroupPolicy { .. } => &["IAM:DetachGroupPolicy"],
        Op::DeleteGroup { .. } => &["IAM:DeleteGroup"],
        Op::CreateUser { .. } => &["IAM:CreateUser", "IAM:ListUserTags"],
        Op::AddUserToGroup { .. } => &["IAM:AddUserToGroup"],
        Op::RemoveUserFromGroup { .. } => &["IAM:RemoveUserFromGroup"],
        Op::DeleteUser { .. } => &["IAM:DeleteUser"],
        Op::TagRole { .. } => &["IAM:TagRole"],
        Op::TagUser { .. } => &["IAM:TagUser"],
        Op::TagPolicy { .. } => &["IAM:TagPolicy"],
        Op::UpdatePasswordPolicy { .. } => &["IAM:UpdateAccountPasswordPolicy"],
        Op::CreateLoginProfile { .. } => &["IAM:CreateLoginProfile", "IAM:GetLoginProfile"],
        Op::DeleteLoginProfile { .. } => &["IAM:DeleteLoginProfile"],
        Op::CreatePolicy { .. } => &["IAM:CreatePolicy", "IAM:ListPolicies", "IAM:ListPolicyTags"],
        Op::CreatePolicyVersion { .. } => &["IAM:CreatePolicyVersion"],
        Op::DeletePolicyVersion { .. } => &["IAM:DeletePolicyVersion"],
        Op::DetachUserPolicy { .. } => &["IAM:DetachUserPolicy"],
        Op::DeletePolicy { .. } => &["IAM:DeletePolicy"],
        Op::Guardrail { call } => match call {
            GuardrailOp::EnablePolicyType { .. } => {
                &["Organizations:EnablePolicyType", "Organizations:ListRoots"]
            }
            GuardrailOp::CreatePolicy { .. } => &[
                "Organizations:CreatePolicy",
                "Organizations:ListPolicies",
                "Organizations:ListTagsForResource",
            ],
            GuardrailOp::UpdatePolicy { .. } => {
                &["Organizations:UpdatePolicy", "Organizations:ListPolicies"]
            }
            GuardrailOp::AttachPolicy { .. } => &[
                "Organizations:AttachPolicy",
                "Organizations:ListPolicies",
                "Organizations:ListTargetsForPolicy",
            ],
            GuardrailOp::DetachPolicy { .. } => &[
                "Organizations:DetachPolicy",
                "Organizations:ListPolicies",
                "Organizations:ListTargetsForPolicy",
            ],
            GuardrailOp::DeletePolicy { .. } => {
                &["Organizations:DeletePolicy", "Organizations:ListPolicies"]
            }
        },
        Op::Baseline { call, .. } => match call {
            BaselineOp::CreateBucket { .. } => &["S3:CreateBucket", "S3:ListBuckets"],
            BaselineOp::TagBucket { .. } => &["S3:PutBucketTagging"],
            BaselineOp::PutBucketPolicy { .. } => &["S3:PutBucketPolicy"],
            BaselineOp::BlockPublicAccess { .. } => &["S3:PutPublicAccessBlock"],
            BaselineOp::EnableVersioning { .. } => &["S3:PutBucketVersioning"],
            BaselineOp::PutBucketEncryption { .. } => &["S3:PutBucketEncryption"],
            BaselineOp::CreateConfigServiceLinkedRole => {
                &["IAM:CreateServiceLinkedRole", "IAM:ListRoles"]
            }
            BaselineOp::PutConfigurationRecorder { .. } => {
                &["Config Service:PutConfigurationRecorder"]
            }
            BaselineOp::PutDeliveryChannel { .. } => &["Config Service:PutDeliveryChannel"],
            BaselineOp::StartConfigurationRecorder { .. } => {
                &["Config Service:StartConfigurationRecorder"]
            }
            BaselineOp::CreateTrail { .. } => &[
                "CloudTrail:CreateTrail",
                "CloudTrail:DescribeTrails",
                "CloudTrail:GetTrailStatus",
                "CloudTrail:ListTags",
            ],
            BaselineOp::UpdateTrail { .. } => &["CloudTrail:UpdateTrail"],
            BaselineOp::StartLogging { .. } => &["CloudTrail:StartLogging"],
            BaselineOp::CreateDetector { .. } => &[
                "GuardDuty:CreateDetector",
                "GuardDuty:ListDetectors",
                "GuardDuty:GetDetector",
            ],
            BaselineOp::UpdateDetector { .. } => &["GuardDuty:UpdateDetector"],
        },
    }
}

/// Whether `call` (`SERVICE:Operation`) runs in the management account (Organizations).
pub fn in_management_account(call: &str) -> bool {
    call.starts_with("Organizations:")
}
