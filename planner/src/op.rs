//! The write calls a plan makes, in model terms (no SDK types): [`Op`] for Organizations and
//! IAM, [`BaselineOp`] for the security baseline.

use iam_policy::{Arn, Policy};
use serde::Serialize;

use crate::baseline_state::TrailSettings;
use crate::guardrails_state::GuardrailTarget;
use crate::state::PasswordPolicy;
use org_model::guardrails::OrganizationPolicyKind;

/// IAM keeps at most this many versions of a managed policy.
pub const MAX_POLICY_VERSIONS: usize = 5;

/// The length of generated initial passwords when the password policy asks for fewer
/// characters: 20 random characters of the 88 IAM counts are about 129 bits.
pub const MIN_INITIAL_PASSWORD_LENGTH: u8 = 20;

/// The length of the initial password generated under `policy`: its minimum, at least
/// [`MIN_INITIAL_PASSWORD_LENGTH`], at most IAM's 128.
pub fn initial_password_length(policy: &PasswordPolicy) -> u8 {
    policy
        .minimum_password_length
        .clamp(MIN_INITIAL_PASSWORD_LENGTH, 128)
}

/// One write call to AWS, in model terms (no SDK types).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// `organizations:CreateOrganization` with feature set ALL.
    CreateOrganization,
    /// `organizations:CreateOrganizationalUnit` under the parent path (empty for the root).
    CreateOu {
        /// The parent OU path; empty for the root.
        parent: String,
        /// The new OU's name.
        name: String,
    },
    /// `organizations:CreateAccount`, then polling until it finishes.
    CreateAccount {
        /// The account name.
        name: String,
        /// The root email.
        email: String,
    },
    /// `organizations:MoveAccount` into the OU path (by email, so it works for accounts
    /// created in the same apply).
    MoveAccount {
        /// The account's root email.
        email: String,
        /// The destination OU path; empty for the root.
        ou: String,
    },
    /// `iam:CreateRole` with the managed tag.
    CreateRole {
        /// The role.
        role: String,
        /// The IAM path.
        path: String,
        /// The trust policy.
        trust: Policy,
        /// The longest session, in seconds.
        max_session_duration: u32,
    },
    /// `iam:UpdateAssumeRolePolicy`.
    UpdateTrust {
        /// The role.
        role: String,
        /// The new trust policy.
        trust: Policy,
    },
    /// `iam:UpdateRole` with a new maximum session duration.
    UpdateMaxSession {
        /// The role.
        role: String,
        /// Seconds.
        max_session_duration: u32,
    },
    /// `iam:AttachRolePolicy`.
    AttachRolePolicy {
        /// The role.
        role: String,
        /// The managed policy ARN.
        arn: Arn,
    },
    /// `iam:DetachRolePolicy`.
    DetachRolePolicy {
        /// The role.
        role: String,
        /// The managed policy ARN.
        arn: Arn,
    },
    /// `iam:PutRolePolicy`.
    PutRolePolicy {
        /// The role.
        role: String,
        /// The inline policy name.
        name: String,
        /// The document.
        policy: Policy,
    },
    /// `iam:DeleteRolePolicy`.
    DeleteRolePolicy {
        /// The role.
        role: String,
        /// The inline policy name.
        name: String,
    },
    /// `iam:DeleteRole`.
    DeleteRole {
        /// The role.
        role: String,
    },
    /// `iam:CreateGroup` (under the managed path).
    CreateGroup {
        /// The group.
        group: String,
        /// The IAM path.
        path: String,
    },
    /// `iam:PutGroupPolicy`.
    PutGroupPolicy {
        /// The group.
        group: String,
        /// The inline policy name.
        name: String,
        /// The document.
        policy: Policy,
    },
    /// `iam:DeleteGroupPolicy`.
    DeleteGroupPolicy {
        /// The group.
        group: String,
        /// The inline policy name.
        name: String,
    },
    /// `iam:AttachGroupPolicy`.
    AttachGroupPolicy {
        /// The group.
        group: String,
        /// The managed policy ARN.
        arn: Arn,
    },
    /// `iam:DetachGroupPolicy`.
    DetachGroupPolicy {
        /// The group.
        group: String,
        /// The managed policy ARN.
        arn: Arn,
    },
    /// `iam:DeleteGroup`.
    DeleteGroup {
        /// The group.
        group: String,
    },
    /// `iam:CreateUser` with the managed tag.
    CreateUser {
        /// The user.
        user: String,
        /// The IAM path.
        path: String,
    },
    /// `iam:AddUserToGroup`.
    AddUserToGroup {
        /// The user.
        user: String,
        /// The group.
        group: String,
    },
    /// `iam:RemoveUserFromGroup`.
    RemoveUserFromGroup {
        /// The user.
        user: String,
        /// The group.
        group: String,
    },
    /// `iam:DeleteUser`.
    DeleteUser {
        /// The user.
        user: String,
    },
    /// `iam:UpdateAccountPasswordPolicy`: sets every parameter of the account password policy.
    UpdatePasswordPolicy {
        /// The policy.
        policy: PasswordPolicy,
    },
    /// `iam:CreateLoginProfile` with `PasswordResetRequired`: the user signs in to the console
    /// with an initial password and must change it at once. The plan never holds the password:
    /// apply generates it (`password_length` random characters of every class IAM counts, so
    /// that it meets any password policy of at most that length) and hands it over once, to a
    /// file only its owner reads.
    CreateLoginProfile {
        /// The user.
        user: String,
        /// How many characters the generated password has.
        password_length: u8,
        /// Whether the user must change the password at first sign-in (always `true`).
        password_reset_required: bool,
    },
    /// `iam:DeleteLoginProfile`: the user no longer signs in to the console.
    DeleteLoginProfile {
        /// The user.
        user: String,
    },
    /// `iam:CreatePolicy` (a customer managed policy) with the managed tag.
    CreatePolicy {
        /// The policy name.
        name: String,
        /// The IAM path.
        path: String,
        /// The document.
        policy: Policy,
    },
    /// `iam:CreatePolicyVersion` set as the default version.
    CreatePolicyVersion {
        /// The policy ARN.
        arn: Arn,
        /// The new document.
        policy: Policy,
    },
    /// `iam:DeletePolicyVersion` (never the default version).
    DeletePolicyVersion {
        /// The policy ARN.
        arn: Arn,
        /// The version id, e.g. `v1`.
        version: String,
    },
    /// `iam:DetachUserPolicy`.
    DetachUserPolicy {
        /// The user.
        user: String,
        /// The managed policy ARN.
        arn: Arn,
    },
    /// `iam:DeletePolicy` (detached, with only its default version left).
    DeletePolicy {
        /// The policy ARN.
        arn: Arn,
    },
    /// An Organizations call about service and resource control policies
    /// ([`crate::guardrails`]), in the management account.
    Guardrail {
        /// The call.
        #[serde(flatten)]
        call: GuardrailOp,
    },
    /// `iam:TagRole` with the managed tag: adopts a role made outside jumpgate (`--adopt`).
    TagRole {
        /// The role.
        role: String,
    },
    /// `iam:TagUser` with the managed tag: adopts a user made outside jumpgate (`--adopt`).
    TagUser {
        /// The user.
        user: String,
    },
    /// `iam:TagPolicy` with the managed tag: adopts a customer managed policy made outside
    /// jumpgate (`--adopt`).
    TagPolicy {
        /// The policy ARN.
        arn: Arn,
    },
    /// A security baseline call ([`crate::baseline`]) in the account's `region`.
    Baseline {
        /// The Region of the call (the organization's default Region).
        region: String,
        /// The call.
        #[serde(flatten)]
        call: BaselineOp,
    },
}

/// One baseline write call, in model terms. Runs in the Region of the enclosing
/// [`Op::Baseline`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum BaselineOp {
    /// `s3:CreateBucket` in the Region.
    CreateBucket {
        /// The bucket.
        bucket: String,
    },
    /// `s3:PutBucketTagging` with the managed tag.
    TagBucket {
        /// The bucket.
        bucket: String,
    },
    /// `s3:PutBucketPolicy`.
    PutBucketPolicy {
        /// The bucket.
        bucket: String,
        /// The bucket policy.
        policy: Policy,
    },
    /// `s3:PutPublicAccessBlock` with all four settings on.
    BlockPublicAccess {
        /// The bucket.
        bucket: String,
    },
    /// `s3:PutBucketVersioning` with status Enabled.
    EnableVersioning {
        /// The bucket.
        bucket: String,
    },
    /// `s3:PutBucketEncryption` with SSE-S3 ([`crate::baseline_state::BUCKET_ENCRYPTION`]) as
    /// the default.
    PutBucketEncryption {
        /// The bucket.
        bucket: String,
    },
    /// `iam:CreateServiceLinkedRole` for [`crate::baseline_state::CONFIG_SERVICE`].
    CreateConfigServiceLinkedRole,
    /// `config:PutConfigurationRecorder`.
    PutConfigurationRecorder {
        /// The recorder.
        name: String,
        /// The role the recorder uses.
        role_arn: Arn,
        /// Record all supported resource types.
        all_supported: bool,
        /// Record global resource types (IAM) too.
        include_global_resource_types: bool,
    },
    /// `config:PutDeliveryChannel`.
    PutDeliveryChannel {
        /// The channel.
        name: String,
        /// The bucket it delivers to.
        bucket: String,
    },
    /// `config:StartConfigurationRecorder`.
    StartConfigurationRecorder {
        /// The recorder.
        name: String,
    },
    /// `cloudtrail:CreateTrail` with the managed tag.
    CreateTrail {
        /// The trail settings.
        #[serde(flatten)]
        trail: TrailSettings,
    },
    /// `cloudtrail:UpdateTrail`.
    UpdateTrail {
        /// The trail settings.
        #[serde(flatten)]
        trail: TrailSettings,
    },
    /// `cloudtrail:StartLogging`.
    StartLogging {
        /// The trail.
        name: String,
    },
    /// `guardduty:CreateDetector`, enabled, with the managed tag.
    CreateDetector {
        /// `FIFTEEN_MINUTES`, `ONE_HOUR` or `SIX_HOURS`.
        finding_publishing_frequency: String,
    },
    /// `guardduty:UpdateDetector`, enabled.
    UpdateDetector {
        /// The detector.
        detector_id: String,
        /// `FIFTEEN_MINUTES`, `ONE_HOUR` or `SIX_HOURS`.
        finding_publishing_frequency: String,
    },
}

/// One Organizations call about SCPs and RCPs, in model terms. Policies are named by name and
/// type: the adapter finds their ids (those it creates, it learns from `CreatePolicy`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum GuardrailOp {
    /// `organizations:EnablePolicyType` on the root (Organizations then attaches the type's
    /// full-access policy to the root, every OU and every account).
    EnablePolicyType {
        /// SCP or RCP.
        policy_type: OrganizationPolicyKind,
    },
    /// `organizations:CreatePolicy` with the tag `managed-by = jumpgate`.
    CreatePolicy {
        /// The policy's name.
        name: String,
        /// SCP or RCP.
        policy_type: OrganizationPolicyKind,
        /// The description.
        description: String,
        /// The content, exactly as rendered.
        content: String,
    },
    /// `organizations:UpdatePolicy`: new content and description.
    UpdatePolicy {
        /// The policy's name.
        name: String,
        /// SCP or RCP.
        policy_type: OrganizationPolicyKind,
        /// The description.
        description: String,
        /// The content, exactly as rendered.
        content: String,
    },
    /// `organizations:AttachPolicy`.
    AttachPolicy {
        /// The policy's name.
        name: String,
        /// SCP or RCP.
        policy_type: OrganizationPolicyKind,
        /// The root, an OU or an account.
        target: GuardrailTarget,
    },
    /// `organizations:DetachPolicy` (never the last SCP of a target).
    DetachPolicy {
        /// The policy's name.
        name: String,
        /// SCP or RCP.
        policy_type: OrganizationPolicyKind,
        /// The root, an OU or an account.
        target: GuardrailTarget,
    },
    /// `organizations:DeletePolicy` (detached from every target first).
    DeletePolicy {
        /// The policy's name.
        name: String,
        /// SCP or RCP.
        policy_type: OrganizationPolicyKind,
    },
}
