//! Trust: MFA waivers (ORG027) and the production rule's findings (ORG028, ORG050, ORG051).

use std::collections::HashSet;

use super::{Findings, MFA_WAIVER_REASON, blank};
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
