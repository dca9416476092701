//! The baseline audit (pure): every account's baseline items, each ok, missing, drifted or
//! waived, with what differs; [`AuditReport::merge`] adds the credentials audit's items
//! ([`crate::credentials`]), which may also be stale. It rests on the same assessment of each item as the planner
//! ([`crate::plan_baseline`]), so whatever it reports as drifted, `apply` repairs (conflicts
//! aside).

use std::fmt::Write as _;

use iam_policy::AccountId;
use org_model::baseline::DesiredBaseline;
use org_model::{BaselineItem, BaselineWaiver};
use serde::Serialize;

use crate::assess::{Assessment, assess_account, assess_bucket};
use crate::baseline_state::{AccountBaselineState, LiveBaseline};
use crate::guardrails::GuardrailAudit;

/// The name of the log bucket's row in the audit (an item of the LOG account only).
pub const LOG_BUCKET_ITEM: &str = "log-bucket";

/// How a baseline item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// It holds.
    Ok,
    /// It does not exist.
    Missing,
    /// It exists but differs from the baseline.
    Drifted,
    /// The layout waives it (counts as holding).
    Waived,
    /// A credential is too old or unused for too long (see
    /// [`AuditThresholds`](org_model::AuditThresholds)).
    Stale,
}

impl Status {
    /// `ok`, `missing`, `drifted`, `waived` or `stale`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Missing => "missing",
            Status::Drifted => "drifted",
            Status::Waived => "waived",
            Status::Stale => "stale",
        }
    }

    /// Whether the item counts as holding (ok or waived).
    pub fn holds(self) -> bool {
        matches!(self, Status::Ok | Status::Waived)
    }
}

/// One item of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemAudit {
    /// `log-bucket`, `aws-config`, `cloudtrail`, `guardduty` or `root-mfa`.
    pub item: String,
    /// How it stands.
    pub status: Status,
    /// What differs, what stands in for it, or the waiver's reason.
    pub details: Vec<String>,
}

/// One account's items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountAudit {
    /// The account's name in the layout.
    pub account: String,
    /// The 12-digit id.
    pub account_id: AccountId,
    /// Its items, in a fixed order (the log bucket first in LOG).
    pub items: Vec<ItemAudit>,
}

/// The audit of every account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// The Region the regional items were read in.
    pub region: String,
    /// Whether every item holds (ok or waived).
    pub holds: bool,
    /// Per account, in layout order.
    pub accounts: Vec<AccountAudit>,
    /// The guardrails (SCPs and RCPs) per target, when the layout has any
    /// ([`AuditReport::with_guardrails`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guardrails: Option<GuardrailAudit>,
}

impl AuditReport {
    /// Adds the items of `accounts` (the credentials audit, [`crate::credentials`]) to the
    /// accounts of the report, by account id, after their baseline items; an account the
    /// report lacks is appended. [`AuditReport::holds`] is computed again.
    pub fn merge(&mut self, accounts: Vec<AccountAudit>) {
        for account in accounts {
            match self
                .accounts
                .iter_mut()
                .find(|existing| existing.account_id == account.account_id)
            {
                Some(existing) => existing.items.extend(account.items),
                None => self.accounts.push(account),
            }
        }
        self.holds = self
            .accounts
            .iter()
            .flat_map(|account| &account.items)
            .all(|item| item.status.holds())
            && self
                .guardrails
                .as_ref()
                .is_none_or(|guardrails| guardrails.holds);
    }

    /// This report with the guardrails' audit: it holds when both hold. An empty guardrail
    /// audit (a layout without guardrails) leaves the report as it is.
    #[must_use]
    pub fn with_guardrails(mut self, guardrails: GuardrailAudit) -> Self {
        if guardrails.rows.is_empty() {
            return self;
        }
        self.holds &= guardrails.holds;
        self.guardrails = Some(guardrails);
        self
    }

    /// One line per account per item: account, item, status, details (`; `-separated), in
    /// aligned columns.
    pub fn to_text(&self) -> String {
        let account_width = self
            .accounts
            .iter()
            .map(|account| account.account.len())
            .max()
            .unwrap_or(0);
        let item_width = self
            .accounts
            .iter()
            .flat_map(|account| account.items.iter().map(|item| item.item.len()))
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for account in &self.accounts {
            for item in &account.items {
                let line = format!(
                    "{:account_width$}  {:item_width$}  {:7}  {}",
                    account.account,
                    item.item,
                    item.status.as_str(),
                    item.details.join("; ")
                );
                let _ = writeln!(out, "{}", line.trim_end());
            }
        }
        let failing = self
            .accounts
            .iter()
            .flat_map(|account| &account.items)
            .filter(|item| !item.status.holds())
            .count();
        if failing == 0 {
            let _ = writeln!(out, "Every item holds in every account ({}).", self.region);
        } else {
            let _ = writeln!(out, "{failing} item(s) do not hold ({}).", self.region);
        }
        if let Some(guardrails) = &self.guardrails {
            out.push('\n');
            out.push_str(&guardrails.to_text());
        }
        out
    }
}

fn item_audit(name: &str, assessment: Assessment) -> ItemAudit {
    let holds = assessment.holds();
    let status = if assessment.missing {
        Status::Missing
    } else if holds {
        Status::Ok
    } else {
        Status::Drifted
    };
    let mut details: Vec<String> = assessment
        .findings
        .into_iter()
        .map(|finding| finding.found)
        .collect();
    if let Some(reason) = assessment.conflict {
        match (holds, assessment.holder) {
            (true, Some(holder)) => {
                details.push(format!("held by {holder}, which jumpgate does not manage"));
            }
            (true, None) => details.push(format!("held, but {reason}")),
            (false, _) => details.push(format!("{reason}: apply leaves it alone")),
        }
    }
    ItemAudit {
        item: name.to_owned(),
        status,
        details,
    }
}

fn waived_or_unavailable(
    item: BaselineItem,
    waivers: &[BaselineWaiver],
    unavailable: &str,
) -> ItemAudit {
    match waivers.iter().find(|waiver| waiver.item == item) {
        Some(waiver) => ItemAudit {
            item: item.name().to_owned(),
            status: Status::Waived,
            details: vec![waiver.reason.clone()],
        },
        None => ItemAudit {
            item: item.name().to_owned(),
            status: Status::Missing,
            details: vec![unavailable.to_owned()],
        },
    }
}

/// Audits `live` against `desired`: per account (in layout order) `aws-config`, `cloudtrail`,
/// `guardduty` and `root-mfa`, and `log-bucket` first in the LOG account. A waived item is
/// reported as waived with its reason; an item without a log bucket to deliver to as missing.
/// Accounts missing from `live` are audited as empty.
pub fn audit(desired: &DesiredBaseline, live: &LiveBaseline) -> AuditReport {
    let empty = AccountBaselineState::default();
    let no_bucket = "there is no log bucket to deliver to (the LOG account has no id)";
    let mut accounts = Vec::new();
    for account in &desired.accounts {
        let state = live.accounts.get(&account.account_id).unwrap_or(&empty);
        let mut items = Vec::new();
        if let Some(bucket) = desired
            .log_bucket
            .as_ref()
            .filter(|bucket| bucket.account_id == account.account_id)
        {
            items.push(item_audit(
                LOG_BUCKET_ITEM,
                assess_bucket(bucket, live.log_bucket.as_ref()),
            ));
        }
        let assessed = assess_account(account, state);
        let rows = [
            (BaselineItem::AwsConfig, assessed.aws_config, no_bucket),
            (BaselineItem::Cloudtrail, assessed.cloudtrail, no_bucket),
            (BaselineItem::Guardduty, assessed.guardduty, ""),
            (BaselineItem::RootMfa, assessed.root_mfa, ""),
        ];
        for (item, assessment, unavailable) in rows {
            items.push(match assessment {
                Some(assessment) => item_audit(item.name(), assessment),
                None => waived_or_unavailable(item, &account.waivers, unavailable),
            });
        }
        accounts.push(AccountAudit {
            account: account.account.clone(),
            account_id: account.account_id,
            items,
        });
    }
    let holds = accounts
        .iter()
        .flat_map(|account| &account.items)
        .all(|item| item.status.holds());
    AuditReport {
        region: desired.region.clone(),
        holds,
        accounts,
        guardrails: None,
    }
}
