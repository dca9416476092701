//! The people's side (`[jump]`, JUMP users): the password policy within AWS's limits
//! (ORG090) and as strict as the CIS benchmark (ORG091), user names that are role session names
//! (ORG092), and the credentials audit's thresholds (ORG093).

use super::{
    AUDIT_THRESHOLDS, Findings, PASSWORD_POLICY_LIMITS, PASSWORD_POLICY_WEAK, USER_SESSION_NAME,
};
use crate::names::{self, escape};
use crate::{Account, Layout, User};

/// The location of the password policy in findings.
const POLICY_AT: &str = "jump.password_policy";
/// The longest audit threshold: ten years.
const MAX_THRESHOLD_DAYS: u32 = 3_650;
/// The CIS AWS Foundations Benchmark's shortest password.
pub(crate) const CIS_MINIMUM_LENGTH: u8 = 14;
/// The CIS AWS Foundations Benchmark's reuse prevention.
pub(crate) const CIS_REUSE_PREVENTION: u8 = 24;

pub(super) fn jump(layout: &Layout, out: &mut Findings) {
    let policy = &layout.jump.password_policy;
    let mut limits = Vec::new();
    if !(6..=128).contains(&policy.minimum_password_length) {
        limits.push(format!(
            "`minimum_password_length = {}` is not 6–128",
            policy.minimum_password_length
        ));
    }
    if policy.max_password_age > 1_095 {
        limits.push(format!(
            "`max_password_age = {}` is not 1–1,095 days (or 0: no expiry)",
            policy.max_password_age
        ));
    }
    if policy.password_reuse_prevention > 24 {
        limits.push(format!(
            "`password_reuse_prevention = {}` is not 1–24 (or 0: none)",
            policy.password_reuse_prevention
        ));
    }
    for limit in limits {
        out.push(
            PASSWORD_POLICY_LIMITS,
            POLICY_AT,
            format!("password policy: {limit}"),
            "IAM's UpdateAccountPasswordPolicy refuses values outside these limits",
        );
    }
    let mut weaker = Vec::new();
    if policy.minimum_password_length < CIS_MINIMUM_LENGTH {
        weaker.push(format!(
            "passwords of {} characters (the benchmark wants {CIS_MINIMUM_LENGTH} or more)",
            policy.minimum_password_length
        ));
    }
    if policy.password_reuse_prevention < CIS_REUSE_PREVENTION {
        weaker.push(format!(
            "reuse prevention of {} passwords (the benchmark wants {CIS_REUSE_PREVENTION})",
            policy.password_reuse_prevention
        ));
    }
    if !weaker.is_empty() {
        out.push(
            PASSWORD_POLICY_WEAK,
            POLICY_AT,
            format!(
                "the password policy is weaker than the CIS AWS Foundations Benchmark: {}",
                weaker.join("; ")
            ),
            "leave `minimum_password_length` and `password_reuse_prevention` at their defaults (14 and 24)",
        );
    }

    let jump = layout.jump_account();
    for user in layout.users.iter().filter(|user| in_jump(jump, user)) {
        // Names that are no IAM names at all are ORG029's.
        if !names::is_iam_name(&user.name, 64) {
            continue;
        }
        if let Some(problem) = names::role_session_name_problem(&user.name) {
            out.push(
                USER_SESSION_NAME,
                format!("user[{}]", user.name),
                format!(
                    "user name `{}` {problem}: it cannot be the role session name that every \
                     role trusting jump requires",
                    escape(&user.name)
                ),
                "give the user a name of 2–64 letters, digits and `+=,.@_-`",
            );
        }
    }

    let audit = &layout.jump.audit;
    for (key, days) in [
        ("access_key_max_age_days", audit.access_key_max_age_days),
        ("unused_credentials_days", audit.unused_credentials_days),
    ] {
        if !(1..=MAX_THRESHOLD_DAYS).contains(&days) {
            out.push(
                AUDIT_THRESHOLDS,
                "jump.audit",
                format!("`{key} = {days}` is not 1–{MAX_THRESHOLD_DAYS} days"),
                "set a number of days, or leave the key out for its default",
            );
        }
    }
}

/// Whether `user` lives in `jump` (a user without `account` lives in JUMP; users elsewhere are
/// ORG005's).
fn in_jump(jump: Option<&Account>, user: &User) -> bool {
    match (&user.account, jump) {
        (None, _) => true,
        (Some(account), Some(jump)) => *account == jump.name,
        (Some(_), None) => false,
    }
}
