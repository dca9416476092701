// Findings below ERROR are compiler warnings (shown here as errors through `deny(deprecated)`).
#![deny(deprecated)]
use iam_policy_macros::policy;

fn main() {
    let _ = policy!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
    });
}
