use iam_policy_macros::policy;

fn main() {
    let _ = policy!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": { "StringNotEquals": { "aws:SoruceVpc": "vpc-1a2b3c4d" } }
        }]
    });
}
