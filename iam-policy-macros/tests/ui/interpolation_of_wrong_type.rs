use iam_policy_macros::policy;

struct Bucket;

fn main() {
    let bucket = Bucket;
    let _ = policy!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": (bucket) }]
    });
}
