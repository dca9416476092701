// `NumericLessThan` on a string key is a WARNING finding; `deny_warnings` makes it an error.
use iam_policy_macros::policy;

fn main() {
    let _ = policy!(deny_warnings, {
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": "ec2:RunInstances",
            "Resource": "*",
            "Condition": { "NumericLessThan": { "aws:RequestedRegion": "3" } }
        }]
    });
}
