// Depending on `iam-policy` and `iam-policy-macros` directly: the expansion names `::iam_policy`.
use iam_policy_macros::policy;

fn main() {
    let policy: iam_policy::Policy = policy!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }]
    });
    assert_eq!(policy.statements().len(), 1);
}
