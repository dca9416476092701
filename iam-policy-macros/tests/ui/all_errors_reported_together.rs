use iam_policy_macros::policy;

fn main() {
    let _ = policy!({
        "Version": "2012-10-17",
        "Statement": [
            { "Sid": "Read-Reports", "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::reports/*" },
            { "Effect": "Allow", "Action": "iam:PassRol", "Resource": "arn:aws:iam::123456789012:role/deployer" },
            { "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*",
              "Condition": { "NullIfExists": { "aws:RequestTag/team": "false" } } }
        ]
    });
}
