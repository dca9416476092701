//! The JSON the builders produce for the cross-account pattern, pinned and reviewed.

use iam_policy::builder::{AssumeRolePolicy, IdentityPolicy, StatementBuilder, TrustPolicy};
use iam_policy::{AccountId, Arn, BaseOperator, Partition, Policy};

fn account(id: &str) -> AccountId {
    id.parse().expect("valid account id")
}

fn arn(text: &str) -> Arn {
    text.parse().expect("valid ARN")
}

/// Every builder output must also read back as the same policy.
fn round_trip(policy: &Policy) -> &Policy {
    let text = serde_json::to_string(policy).expect("serializes");
    assert_eq!(&Policy::from_json(&text).expect("parses"), policy);
    policy
}

#[test]
fn mfa_trust_policy() {
    let policy = TrustPolicy::for_account(account("111111111111"), Partition::Aws)
        .max_mfa_age(3600)
        .sid("AssumeFromJump")
        .build()
        .expect("builds");
    insta::assert_json_snapshot!(round_trip(&policy));
}

#[test]
fn mfa_trust_policy_for_named_principals() {
    let policy = TrustPolicy::for_account(account("111111111111"), Partition::Aws)
        .principal_arns([
            arn("arn:aws:iam::111111111111:user/alice"),
            arn("arn:aws:iam::111111111111:user/bob"),
        ])
        .build()
        .expect("builds");
    insta::assert_json_snapshot!(round_trip(&policy));
}

#[test]
fn external_id_trust_policy() {
    let policy = TrustPolicy::for_account(account("999999999999"), Partition::Aws)
        .without_mfa()
        .external_id("vendor-4f2a9c")
        .build()
        .expect("builds");
    insta::assert_json_snapshot!(round_trip(&policy));
}

#[test]
fn service_trust_policy() {
    let policy = TrustPolicy::for_services(["lambda.amazonaws.com"])
        .source_account(account("222222222222"))
        .build()
        .expect("builds");
    insta::assert_json_snapshot!(round_trip(&policy));
}

#[test]
fn restricted_assume_role_policy() {
    let policy = AssumeRolePolicy::new()
        .sid("AssumeAdminRoles")
        .roles([
            arn("arn:aws:iam::222222222222:role/admin"),
            arn("arn:aws:iam::333333333333:role/admin"),
        ])
        .build()
        .expect("builds");
    insta::assert_json_snapshot!(round_trip(&policy));
}

#[test]
fn unrestricted_assume_role_policy() {
    let policy = AssumeRolePolicy::any_role().build().expect("builds");
    insta::assert_json_snapshot!(round_trip(&policy));
}

#[test]
fn identity_policy_with_merged_conditions() {
    let policy = IdentityPolicy::new()
        .statement(
            StatementBuilder::allow()
                .sid("ReadOwnPrefix")
                .actions(["s3:GetObject", "s3:PutObject"])
                .resource("arn:aws:s3:::reports/${aws:username}/*")
                .condition(
                    BaseOperator::StringEquals,
                    "aws:RequestedRegion",
                    ["eu-west-1"],
                )
                .condition(
                    BaseOperator::StringEquals,
                    "aws:PrincipalTag/team",
                    ["platform"],
                )
                .condition(BaseOperator::Bool, "aws:SecureTransport", [true]),
        )
        .build()
        .expect("builds");
    insta::assert_json_snapshot!(round_trip(&policy));
}
