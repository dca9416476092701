use iam_policy_macros::policy;

fn main() {
    let _ = policy!(trust, {
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Service": "ec2.amazonaws.com" },
            "Action": "sts:AssumeRole",
            "Resource": "*"
        }]
    });
}
