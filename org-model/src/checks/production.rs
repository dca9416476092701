//! Trust: MFA waivers (ORG027) and the production rule's findings (ORG028, ORG050, ORG051).

use std::collections::HashSet;

use super::{
    Findings, LayoutFinding, MFA_UNWAIVED_IN_PRODUCTION, MFA_WAIVED_IN_PRODUCTION,
    MFA_WAIVER_REASON, OUTSIDE_JUMP_IN_PRODUCTION, blank,
};
use crate::Layout;
use crate::reachability::{Breach, ProductionRule};

/// ORG027 for roles outside production, then the production rule's findings (ORG028, ORG050,
/// ORG051).
pub(super) fn trust(layout: &Layout, production: &ProductionRule<'_>, out: &mut Findings) {
    let in_production: HashSet<*const crate::Role> = production
        .breaches
        .iter()
        .filter_map(|breach| match breach {
            Breach::WithoutMfa { role, .. } => Some(std::ptr::from_ref(*role)),
            Breach::OutsideJump { .. } => None,
        })
        .collect();
    for role in &layout.roles {
        let Some(reason) = &role.trust.mfa_waiver else {
            continue;
        };
        if blank(reason) && !in_production.contains(&std::ptr::from_ref(role)) {
            out.push(
                MFA_WAIVER_REASON,
                format!("role[{}]", role.name),
                format!("role `{}` waives mfa without a reason", role.name),
                "write why people may assume the role without mfa in `trust.mfa_waiver`, or remove the waiver",
            );
        }
    }
    out.0.extend(production.findings());
}

// The findings of the production rule live here, beside the rule table, so that
// `reachability` decides the rule without depending on `checks`.

impl Breach<'_> {
    /// The finding every command reports for the breach: `SECURITY_WARNING ORG028` for a
    /// reasoned MFA waiver, `ERROR ORG050` for a waiver without a reason, `ERROR ORG051` for a
    /// user outside JUMP.
    pub fn finding(&self) -> LayoutFinding {
        match self {
            Breach::WithoutMfa {
                role,
                account,
                reason,
            } if self.is_waived() => LayoutFinding::new(
                MFA_WAIVED_IN_PRODUCTION.code,
                MFA_WAIVED_IN_PRODUCTION.severity,
                format!("role[{}]", role.name),
                format!(
                    "role `{}` is assumable without mfa in production account `{}` (waiver: {reason:?})",
                    role.name, account.name
                ),
            )
            .with_help(
                "require mfa for the role, or grant it only in non-production accounts; the waiver's reason keeps this a warning",
            ),
            Breach::WithoutMfa { role, account, .. } => LayoutFinding::new(
                MFA_UNWAIVED_IN_PRODUCTION.code,
                MFA_UNWAIVED_IN_PRODUCTION.severity,
                format!("role[{}]", role.name),
                format!(
                    "role `{}` is assumable without mfa in production account `{}` and its waiver gives no reason",
                    role.name, account.name
                ),
            )
            .with_help(
                "require mfa for the role, grant it only in non-production accounts, or write why in `trust.mfa_waiver` (then this is a SECURITY_WARNING)",
            ),
            Breach::OutsideJump {
                user,
                group,
                role,
                account,
                more,
            } => {
                let lives = user.account.as_deref().unwrap_or("JUMP");
                let more = match more {
                    0 => String::new(),
                    1 => " and 1 more role in production".to_owned(),
                    more => format!(" and {more} more roles in production"),
                };
                LayoutFinding::new(
                    OUTSIDE_JUMP_IN_PRODUCTION.code,
                    OUTSIDE_JUMP_IN_PRODUCTION.severity,
                    format!("user[{}]", user.name),
                    format!(
                        "user `{}` lives in `{lives}`, outside jump, and reaches role `{}` in production account `{}` through group `{}`{more}",
                        user.name, role.name, account.name, group.name
                    ),
                )
                .with_help(format!(
                    "people are IAM users in JUMP only: remove the user's `account`, or take the user out of `{}`",
                    group.name
                ))
            }
        }
    }
}

impl ProductionRule<'_> {
    /// One finding per breach, in breach order.
    pub fn findings(&self) -> Vec<LayoutFinding> {
        self.breaches.iter().map(Breach::finding).collect()
    }
}
