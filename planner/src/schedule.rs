//! In which order a plan's changes may run, and which may run at once: the executor's
//! schedule, decided here from the plan alone so that it is the same on every run and can be
//! tested without AWS.
//!
//! The rules:
//!
//! * organization changes (OUs, moves, guardrails) run one at a time, in the plan's order, each
//!   after everything before it: an OU exists before accounts move into it, and an account
//!   exists before its IAM is written;
//! * consecutive account creations are independent of each other and may run at once (the
//!   executor bounds them by what Organizations allows in progress);
//! * consecutive changes in accounts run at once across accounts, each account's changes in
//!   the plan's order (one lane per account);
//! * a change other accounts depend on (the log bucket, which every trail and delivery channel
//!   writes to) ends its stage: what follows waits for it.

use std::collections::HashMap;

use iam_policy::AccountId;

use crate::op::{BaselineOp, Op};
use crate::plan::{Change, Plan, Target};

/// A step of the schedule; a stage starts when the one before it has finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// One organization change (its index in the plan), alone.
    Organization(usize),
    /// Account creations (indices in the plan), independent of each other.
    AccountCreations(Vec<usize>),
    /// Changes in accounts: one lane per account, in the order of the accounts' first changes;
    /// each lane's changes in the plan's order; lanes are independent of each other.
    Accounts(Vec<Lane>),
}

/// The changes of one account within a [`Stage::Accounts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    /// The account.
    pub account: AccountId,
    /// Indices of its changes in the plan, in order.
    pub changes: Vec<usize>,
}

/// Whether `change` creates an account (and perhaps moves it into its OU), and nothing else.
fn is_account_creation(change: &Change) -> bool {
    matches!(
        change.ops.as_slice(),
        [Op::CreateAccount { .. }] | [Op::CreateAccount { .. }, Op::MoveAccount { .. }]
    )
}

/// Whether other accounts' changes depend on `change`: it makes or changes the log bucket.
fn is_shared(change: &Change) -> bool {
    change.ops.iter().any(|op| {
        matches!(
            op,
            Op::Baseline {
                call: BaselineOp::CreateBucket { .. }
                    | BaselineOp::TagBucket { .. }
                    | BaselineOp::PutBucketPolicy { .. }
                    | BaselineOp::BlockPublicAccess { .. }
                    | BaselineOp::EnableVersioning { .. }
                    | BaselineOp::PutBucketEncryption { .. },
                ..
            }
        )
    })
}

/// The schedule of `plan`: every change in exactly one stage, each lane in the plan's order.
/// Running the stages one after another, and within a stage its lanes or creations in any
/// interleaving, respects every order the plan depends on; running them one at a time in the
/// order given here is the plan's own order except that a stage's changes are grouped by
/// account.
pub fn schedule(plan: &Plan) -> Vec<Stage> {
    let mut stages: Vec<Stage> = Vec::new();
    // The accounts stage being gathered, and its lanes by account.
    let mut lanes: Vec<Lane> = Vec::new();
    let mut lane_of: HashMap<AccountId, usize> = HashMap::new();
    let close = |stages: &mut Vec<Stage>, lanes: &mut Vec<Lane>| {
        if !lanes.is_empty() {
            stages.push(Stage::Accounts(std::mem::take(lanes)));
        }
    };
    for (index, change) in plan.changes.iter().enumerate() {
        match &change.target {
            Target::Organization => {
                close(&mut stages, &mut lanes);
                lane_of.clear();
                if !is_account_creation(change) {
                    stages.push(Stage::Organization(index));
                } else if let Some(Stage::AccountCreations(creations)) = stages.last_mut() {
                    creations.push(index);
                } else {
                    stages.push(Stage::AccountCreations(vec![index]));
                }
            }
            Target::Account(account) => {
                let lane = *lane_of.entry(account.id).or_insert_with(|| {
                    lanes.push(Lane {
                        account: account.id,
                        changes: Vec::new(),
                    });
                    lanes.len() - 1
                });
                lanes[lane].changes.push(index);
                if is_shared(change) {
                    close(&mut stages, &mut lanes);
                    lane_of.clear();
                }
            }
        }
    }
    close(&mut stages, &mut lanes);
    stages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::ChangeAction;
    use crate::state::AccountRef;

    fn account(name: &str, id: &str) -> Target {
        Target::Account(AccountRef {
            name: name.to_owned(),
            id: id.parse().expect("12 digits"),
        })
    }

    fn change(target: Target, ops: Vec<Op>) -> Change {
        Change {
            target,
            resource: String::new(),
            action: ChangeAction::Create,
            details: Vec::new(),
            ops,
        }
    }

    fn role(name: &str) -> Op {
        Op::DeleteRole {
            role: name.to_owned(),
        }
    }

    #[test]
    fn accounts_run_in_lanes_and_the_organization_and_the_bucket_are_barriers() {
        let (dev, log, prd) = (
            account("DEV", "100000000001"),
            account("LOG", "100000000002"),
            account("PRD", "100000000003"),
        );
        let create = |name: &str| Op::CreateAccount {
            name: name.to_owned(),
            email: format!("{name}@example.com"),
        };
        let bucket = Op::Baseline {
            region: "us-east-1".to_owned(),
            call: BaselineOp::CreateBucket {
                bucket: "logs".to_owned(),
            },
        };
        let plan = Plan {
            changes: vec![
                change(Target::Organization, vec![Op::CreateOrganization]),
                change(Target::Organization, vec![create("A")]),
                change(
                    Target::Organization,
                    vec![
                        create("B"),
                        Op::MoveAccount {
                            email: "B@example.com".to_owned(),
                            ou: "Workloads".to_owned(),
                        },
                    ],
                ),
                change(dev.clone(), vec![role("a")]),
                change(prd.clone(), vec![role("b")]),
                change(dev.clone(), vec![role("c")]),
                change(log.clone(), vec![bucket]),
                change(dev.clone(), vec![role("d")]),
                change(log.clone(), vec![role("e")]),
                change(Target::Organization, vec![create("C")]),
            ],
            ..Plan::default()
        };
        let id = |target: &Target| match target {
            Target::Account(account) => account.id,
            Target::Organization => unreachable!("an account"),
        };
        assert_eq!(
            schedule(&plan),
            vec![
                Stage::Organization(0),
                Stage::AccountCreations(vec![1, 2]),
                Stage::Accounts(vec![
                    Lane {
                        account: id(&dev),
                        changes: vec![3, 5],
                    },
                    Lane {
                        account: id(&prd),
                        changes: vec![4],
                    },
                    Lane {
                        account: id(&log),
                        changes: vec![6],
                    },
                ]),
                Stage::Accounts(vec![
                    Lane {
                        account: id(&dev),
                        changes: vec![7],
                    },
                    Lane {
                        account: id(&log),
                        changes: vec![8],
                    },
                ]),
                Stage::AccountCreations(vec![9]),
            ]
        );
    }

    #[test]
    fn every_change_is_scheduled_once_and_each_account_keeps_its_order() {
        let accounts: Vec<Target> = (0..7)
            .map(|n| account(&format!("A{n}"), &format!("1000000000{n:02}")))
            .collect();
        // A deterministic mix of organization and account changes.
        let mut changes = Vec::new();
        for step in 0..200_usize {
            let target = if step % 13 == 0 {
                Target::Organization
            } else {
                accounts[(step * 7 + step / 3) % accounts.len()].clone()
            };
            changes.push(change(target, vec![role(&step.to_string())]));
        }
        let plan = Plan {
            changes,
            ..Plan::default()
        };
        let mut seen = Vec::new();
        for stage in schedule(&plan) {
            match stage {
                Stage::Organization(index) => seen.push(index),
                Stage::AccountCreations(indices) => seen.extend(indices),
                Stage::Accounts(lanes) => {
                    for lane in lanes {
                        assert!(lane.changes.windows(2).all(|pair| pair[0] < pair[1]));
                        for &index in &lane.changes {
                            let Target::Account(account) = &plan.changes[index].target else {
                                panic!("change {index} in a lane is an organization change");
                            };
                            assert_eq!(account.id, lane.account);
                        }
                        seen.extend(lane.changes);
                    }
                }
            }
        }
        seen.sort_unstable();
        assert_eq!(seen, (0..plan.changes.len()).collect::<Vec<_>>());
    }
}
