//! An erroneous `policy!` reports its error and nothing else: no `unreachable statement`
//! warning on the statements that follow it, whether its value is bound, typed or discarded.

use iam_policy::Policy;
use iam_policy_macros::policy;

fn main() {
    let untyped = policy!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }]
    });
    let typed: Policy = policy!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": "s3:ListBuckt", "Resource": "*" }]
    });
    policy!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Alow", "Action": "s3:ListBucket", "Resource": "*" }]
    });
    println!("{:?} {:?}", untyped.statements().len(), typed);
}
