//! The cross-account pair at the heart of jumpgate: the `admin` role in a workload account trusts
//! the JUMP account (with MFA), and JUMP's admins group may assume exactly those roles.
//!
//! Run with `cargo run --example cross_account`.

use jumpgate::iam_policy::builder::{AssumeRolePolicy, TrustPolicy};
use jumpgate::iam_policy::size::{SizeRule, policy_size, quotas};
use jumpgate::iam_policy::{AccountId, Arn, Error, Partition};

fn main() -> Result<(), Error> {
    let jump: AccountId = "111111111111".parse()?;
    let workloads = [("DEV", "222222222222"), ("PRD", "333333333333")];

    // In each workload account: the role trusts JUMP, and only sessions that used MFA within the
    // last hour may assume it.
    let trust = TrustPolicy::for_account(jump, Partition::Aws)
        .max_mfa_age(3600)
        .sid("AssumeFromJump")
        .build()?;

    // In JUMP: the admins group may assume exactly these role ARNs (never `Resource: "*"`).
    let mut roles = Vec::new();
    for (_, account) in workloads {
        let account: AccountId = account.parse()?;
        roles.push(Arn::iam_role(Partition::Aws, account, "admin"));
    }
    let assume = AssumeRolePolicy::new()
        .sid("AssumeAdminRoles")
        .roles(roles)
        .build()?;

    let trust_json = serde_json::to_string_pretty(&trust).unwrap_or_default();
    let assume_json = serde_json::to_string_pretty(&assume).unwrap_or_default();
    println!(
        "# trust policy of role `admin` in {} ({} of {} characters)",
        workloads.map(|(name, _)| name).join(", "),
        policy_size(&trust, SizeRule::IgnoreWhitespace),
        quotas::ROLE_TRUST_POLICY
    );
    println!("{trust_json}\n");
    println!(
        "# group policy of `admins` in JUMP {jump} ({} of {} characters)",
        policy_size(&assume, SizeRule::IgnoreWhitespace),
        quotas::INLINE_GROUP
    );
    println!("{assume_json}");
    Ok(())
}
