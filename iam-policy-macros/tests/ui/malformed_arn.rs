use iam_policy_macros::policy;

fn main() {
    let _ = policy!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": ["amzn:aws:s3:::reports/*", "arn:aws:s3"]
        }]
    });
}
