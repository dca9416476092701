use iam_policy_macros::policy;

fn main() {
    let _ = policy!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "AWS": "arn:aws:iam::111111111111:root" },
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::reports/*"
        }]
    });
}
