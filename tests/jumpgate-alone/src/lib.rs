//! `jumpgate::policy!` works for a crate that depends on `jumpgate` alone: this package has no
//! other dependency, so an expansion that named `::iam_policy` would not compile here.

#[cfg(test)]
mod tests {
    #[test]
    fn policy_macro_through_jumpgate_alone() {
        let policy = jumpgate::policy!(trust, {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "AWS": "arn:aws:iam::111111111111:root" },
                "Action": "sts:AssumeRole",
                "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } }
            }]
        });
        let account: jumpgate::iam_policy::AccountId = "333333333333".parse().expect("account id");
        let with_interpolation = jumpgate::policy!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Resource": (jumpgate::iam_policy::Arn::iam_role(jumpgate::iam_policy::Partition::Aws, account, "admin"))
            }]
        })
        .expect("valid policy");
        assert_eq!(policy.statements().len(), 1);
        assert_eq!(with_interpolation.statements().len(), 1);
    }
}
