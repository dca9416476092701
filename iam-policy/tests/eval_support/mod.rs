//! Helpers shared by the evaluator's integration tests.

use iam_policy::Policy;
use iam_policy::eval::file::{Policies, RequestFile};
use iam_policy::eval::{PolicyType, StatementRef};

/// Every statement of `policy` except those in `keep`, removed; the policy stays present.
fn only(policy: &Policy, keep: &[usize]) -> Policy {
    let mut reduced = Policy::new(
        keep.iter()
            .map(|index| policy.statements()[*index].clone())
            .collect(),
    );
    reduced.version = policy.version;
    reduced
}

/// The case's policies reduced to the explanation's deciding statements, every policy type
/// keeping its presence and its levels.
pub(crate) fn reduced(file: &RequestFile, deciding: &[StatementRef]) -> Policies {
    let keep = |policy_type: PolicyType, level: Option<usize>, index: usize| -> Vec<usize> {
        deciding
            .iter()
            .filter(|s| {
                s.policy.policy_type == policy_type
                    && s.policy.level == level
                    && s.policy.index == index
            })
            .map(|s| s.index)
            .collect()
    };
    let policies = &file.policies;
    let one = |policy: &Option<Policy>, policy_type| {
        policy
            .as_ref()
            .map(|policy| only(policy, &keep(policy_type, None, 0)))
    };
    let levels = |levels: &[Vec<Policy>], policy_type| {
        levels
            .iter()
            .enumerate()
            .map(|(level, documents)| {
                documents
                    .iter()
                    .enumerate()
                    .map(|(index, policy)| only(policy, &keep(policy_type, Some(level), index)))
                    .collect()
            })
            .collect()
    };
    Policies {
        identity: policies
            .identity
            .iter()
            .enumerate()
            .map(|(index, policy)| only(policy, &keep(PolicyType::Identity, None, index)))
            .collect(),
        resource: one(&policies.resource, PolicyType::Resource),
        permissions_boundary: one(
            &policies.permissions_boundary,
            PolicyType::PermissionsBoundary,
        ),
        session: one(&policies.session, PolicyType::Session),
        scps: levels(&policies.scps, PolicyType::Scp),
        rcps: levels(&policies.rcps, PolicyType::Rcp),
    }
}
