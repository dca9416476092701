//! Planning the security baseline (pure): the repairs of every item found missing or drifted
//! against its desired state, with the live state as plain values
//! ([`crate::baseline_state`]).
//!
//! Ownership: the log bucket, the trail and the GuardDuty detector jumpgate creates carry the tag
//! `managed-by = jumpgate`; the Config recorder and delivery channel are jumpgate's by name
//! ([`org_model::baseline::CONFIG_RECORDER_NAME`]). A same-purpose resource jumpgate does not
//! manage (an untagged bucket or trail of the same name, another Config recorder or delivery
//! channel, an untagged detector: AWS allows one of each per Region) is a conflict and never
//! changed. Nothing is ever deleted. Root MFA cannot be enabled through any API: the plan lists it
//! as a manual step.

use org_model::baseline::{AccountBaseline, DesiredBaseline};

use crate::assess::{Assessment, assess_account, assess_bucket};
use crate::baseline_state::{AccountBaselineState, LiveBaseline};
use crate::op::Op;
use crate::plan::{Change, ChangeAction, Conflict, ManualStep, Plan, Target};
use crate::state::AccountRef;

fn target(account: &AccountBaseline) -> Target {
    Target::Account(AccountRef {
        name: account.account.clone(),
        id: account.account_id,
    })
}

fn push(plan: &mut Plan, target: &Target, region: &str, assessment: Assessment) {
    if let Some(reason) = assessment.conflict {
        plan.conflicts.push(Conflict {
            target: target.clone(),
            resource: assessment.resource,
            reason,
        });
        return;
    }
    if assessment.ops.is_empty() {
        return;
    }
    plan.changes.push(Change {
        target: target.clone(),
        resource: assessment.resource,
        action: if assessment.missing {
            ChangeAction::Create
        } else {
            ChangeAction::Update
        },
        details: assessment
            .findings
            .into_iter()
            .map(|finding| finding.fix)
            .filter(|fix| !fix.is_empty())
            .collect(),
        ops: assessment
            .ops
            .into_iter()
            .map(|call| Op::Baseline {
                region: region.to_owned(),
                call,
            })
            .collect(),
    });
}

/// Plans the baseline: the log bucket in LOG first (trails and delivery channels deliver to it),
/// then per account in layout order AWS Config, the trail and GuardDuty. Missing root MFA is a
/// manual step ([`Plan::manual`]). Accounts missing from `live` are planned as empty.
pub fn plan_baseline(desired: &DesiredBaseline, live: &LiveBaseline) -> Plan {
    let mut plan = Plan::default();
    let region = desired.region.as_str();
    if let Some(bucket) = &desired.log_bucket {
        let target = Target::Account(AccountRef {
            name: bucket.account.clone(),
            id: bucket.account_id,
        });
        push(
            &mut plan,
            &target,
            region,
            assess_bucket(bucket, live.log_bucket.as_ref()),
        );
    }
    let empty = AccountBaselineState::default();
    for account in &desired.accounts {
        let state = live.accounts.get(&account.account_id).unwrap_or(&empty);
        let target = target(account);
        let assessed = assess_account(account, state);
        for assessment in [assessed.aws_config, assessed.cloudtrail, assessed.guardduty]
            .into_iter()
            .flatten()
        {
            push(&mut plan, &target, region, assessment);
        }
        if let Some(root_mfa) = assessed.root_mfa.filter(|root_mfa| !root_mfa.holds()) {
            plan.manual.push(ManualStep {
                target: target.clone(),
                resource: root_mfa.resource,
                reason: "the root user has no MFA device: enable it by hand (no API can)"
                    .to_owned(),
            });
        }
    }
    plan
}
