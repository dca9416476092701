//! Baselines: the log bucket's name (ORG042) and every account's waivers (ORG007, ORG008).

use super::{Findings, LOG_BUCKET_NAME, ROOT_MFA_WAIVED, WAIVER_REASON, account_at, blank};
use crate::Layout;
use crate::names::bucket_name_problem;

pub(super) fn baselines(layout: &Layout, out: &mut Findings) {
    if let Some(name) = crate::baseline::log_bucket_name(layout)
        && let Some(problem) = bucket_name_problem(&name)
    {
        out.push(
            LOG_BUCKET_NAME,
            "baseline.log_bucket",
            format!("log bucket name `{}` {problem}", name.escape_default()),
            "name the bucket with 3-63 lowercase letters, digits and hyphens in `[baseline] log_bucket`",
        );
    }
    for account in &layout.accounts {
        for waiver in &account.baseline.waivers {
            let item = waiver.item.name();
            if blank(&waiver.reason) {
                out.push(
                    WAIVER_REASON,
                    account_at(&account.name),
                    format!("waiver of `{item}` has no reason"),
                    format!(
                        "write why `{}` goes without `{item}` in the waiver's `reason`, or remove the waiver",
                        account.name
                    ),
                );
            }
            if waiver.item == crate::BaselineItem::RootMfa {
                out.push(
                    ROOT_MFA_WAIVED,
                    account_at(&account.name),
                    format!(
                        "account `{}` waives `root-mfa`: its root user signs in without mfa",
                        account.name
                    ),
                    "enable mfa on the root user and remove the waiver",
                );
            }
        }
    }
}
