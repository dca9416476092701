use iam_policy_macros::policy;

fn main() {
    let _ = policy!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": "arn:aws:dynamodb:eu-west-1:123456789012:table/reports"
        }]
    });
}
