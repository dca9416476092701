//! Example policies from the AWS documentation compile unchanged, and `policy!` yields exactly
//! the value the runtime parser reads from the same JSON (element order included).

use iam_policy::Policy;
use iam_policy_macros::policy;

/// A test that `policy!(kind, JSON)` equals `Policy::from_json` of the same JSON text, and a
/// snapshot of the JSON it produces.
macro_rules! same_as_runtime {
    ($name:ident, $kind:ident, $json:tt) => {
        #[test]
        fn $name() {
            let from_macro: Policy = policy!($kind, $json);
            let from_runtime =
                Policy::from_json(stringify!($json)).expect("the runtime parser reads it");
            assert_eq!(from_macro, from_runtime);
            assert_eq!(
                serde_json::to_string(&from_macro).expect("serializes"),
                serde_json::to_string(&from_runtime).expect("serializes"),
                "member order differs"
            );
            insta::assert_snapshot!(serde_json::to_string_pretty(&from_macro).expect("serializes"));
        }
    };
}

// IAM User Guide: allows IAM users to access their own home directory in Amazon S3.
same_as_runtime!(s3_home_directory, identity, {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowListingOfUserFolder",
            "Action": ["s3:ListBucket"],
            "Effect": "Allow",
            "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket"],
            "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "home/${aws:username}"]}}
        },
        {
            "Sid": "AllowAllS3ActionsInUserFolder",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            "Effect": "Allow",
            "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"]
        }
    ]
});

// IAM User Guide: deny everything but MFA self-management until the user signs in with MFA.
same_as_runtime!(deny_without_mfa, identity, {
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "DenyAllExceptListedIfNoMFA",
        "Effect": "Deny",
        "NotAction": [
            "iam:CreateVirtualMFADevice",
            "iam:EnableMFADevice",
            "iam:GetUser",
            "iam:ListMFADevices",
            "iam:ListVirtualMFADevices",
            "iam:ResyncMFADevice",
            "sts:GetSessionToken"
        ],
        "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    }]
});

// IAM User Guide: trust policy of a service role for Amazon EC2.
same_as_runtime!(ec2_service_role_trust, trust, {
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": {"Service": "ec2.amazonaws.com"},
        "Action": "sts:AssumeRole"
    }]
});

// IAM User Guide: a role another account may assume only with MFA (single-object Statement).
same_as_runtime!(cross_account_trust_with_mfa, trust, {
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "sts:AssumeRole",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    }
});

// IAM User Guide: access for a third party with an external id.
same_as_runtime!(third_party_external_id_trust, trust, {
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Principal": {"AWS": "111122223333"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "12345"}}
    }
});

// IAM User Guide: GitHub Actions OIDC trust.
same_as_runtime!(github_oidc_trust, trust, {
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
            "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}
        }
    }]
});

// Amazon DynamoDB Developer Guide: fine-grained access to items matching the user id.
same_as_runtime!(dynamodb_leading_keys, identity, {
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "AllowAccessToOnlyItemsMatchingUserID",
        "Effect": "Allow",
        "Action": [
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem"
        ],
        "Resource": ["arn:aws:dynamodb:us-west-2:123456789012:table/GameScores"],
        "Condition": {
            "ForAllValues:StringEquals": {
                "dynamodb:LeadingKeys": ["${www.amazon.com:user_id}"],
                "dynamodb:Attributes": ["UserId", "GameTitle", "Wins", "Losses", "TopScore", "TopScoreDateTime"]
            },
            "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}
        }
    }]
});

// Amazon S3 User Guide: a bucket policy that allows only HTTPS requests.
same_as_runtime!(s3_bucket_policy_tls_only, resource, {
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "AllowSSLRequestsOnly",
        "Action": "s3:*",
        "Effect": "Deny",
        "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        "Principal": "*"
    }]
});

// IAM User Guide: deny access based on the source IP, except for AWS services.
same_as_runtime!(deny_outside_source_ip, identity, {
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Deny",
        "Action": "*",
        "Resource": "*",
        "Condition": {
            "NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]},
            "Bool": {"aws:ViaAWSService": "false"}
        }
    }
});

// AWS Organizations User Guide: an SCP that prevents member accounts from leaving.
same_as_runtime!(scp_deny_leave_organization, scp, {
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Deny",
        "Action": "organizations:LeaveOrganization",
        "Resource": "*"
    }]
});

// AWS Organizations User Guide: an RCP that enforces secure transport.
same_as_runtime!(rcp_enforce_secure_transport, rcp, {
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "EnforceSecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": ["sts:*", "s3:*", "sqs:*", "secretsmanager:*", "kms:*"],
        "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}
    }]
});

// IAM User Guide: allows access within a date range.
same_as_runtime!(date_range, identity, {
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Action": "ec2:DescribeInstances",
        "Resource": "*",
        "Condition": {
            "DateGreaterThan": {"aws:CurrentTime": "2020-04-01T00:00:00Z"},
            "DateLessThan": {"aws:CurrentTime": "2020-06-30T23:59:59Z"}
        }
    }]
});

// IAM User Guide: start and stop instances tagged with the user's name (ABAC).
same_as_runtime!(ec2_owner_tag, identity, {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["ec2:StartInstances", "ec2:StopInstances"],
            "Resource": "arn:aws:ec2:*:*:instance/*",
            "Condition": {"StringEquals": {"aws:ResourceTag/Owner": "${aws:username}"}}
        },
        {
            "Effect": "Allow",
            "Action": "ec2:DescribeInstances",
            "Resource": "*"
        }
    ]
});

#[test]
fn interpolated_values_are_checked_when_built() {
    use iam_policy::{AccountId, Arn, Partition};
    let prd: AccountId = "333333333333".parse().expect("account id");
    let admin = Arn::iam_role(Partition::Aws, prd, "admin");
    let built = policy!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": [(admin)] }]
    })
    .expect("valid policy");
    let expected = Policy::from_json(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::333333333333:role/admin"]}]}"#,
    )
    .expect("parses");
    assert_eq!(built, expected);

    // A value the compiler could not see is checked when the policy is built.
    let action = "s3:GetObjekt";
    let error = policy!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": (action), "Resource": "*" }]
    })
    .expect_err("an unknown action fails when built");
    assert!(error.to_string().contains("INVALID_ACTION"), "{error}");

    // Interpolated condition values keep their JSON type.
    let seconds = 3600u64;
    let trust = policy!(trust, {
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "AWS": (prd) },
            "Action": "sts:AssumeRole",
            "Condition": {
                "Bool": { "aws:MultiFactorAuthPresent": (true) },
                "NumericLessThan": { "aws:MultiFactorAuthAge": (seconds) }
            }
        }]
    })
    .expect("valid trust policy");
    assert_eq!(
        serde_json::to_value(&trust).expect("serializes")["Statement"][0]["Condition"]["NumericLessThan"]
            ["aws:MultiFactorAuthAge"],
        serde_json::json!(3600)
    );
}
