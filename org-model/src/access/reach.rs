//! Reachability by evaluation: the roles each user reaches, shared among users of the same
//! groups where the policies treat every user alike.

use std::collections::HashMap;

use iam_policy::eval::{Decision, Evaluation, PolicyType, evaluate};
use iam_policy::{Arn, Effect};

use super::index::{Assembly, Candidates, EffectiveAccess};
use crate::User;

/// Which users' paths to a deployment one evaluation serves (see [`EffectiveAccess::reach`]).
#[derive(Debug, Default)]
pub(crate) struct ReachCache {
    /// Group sets (sorted group positions) by id.
    sets: HashMap<Vec<usize>, usize>,
    /// Per set id: its candidate deployments and whether its policies treat users alike.
    set_facts: Vec<(Vec<usize>, bool)>,
    /// (set id, deployment) → the groups that allow, or `None` when denied.
    assumed: HashMap<(usize, usize), Option<Vec<usize>>>,
    /// Deployment → whether its trust side admits JUMP without MFA.
    without_mfa: HashMap<usize, bool>,
    /// The same, shared by every deployment of one trust policy (see
    /// [`EffectiveAccess::trust_share_key`]).
    without_mfa_by_trust: HashMap<(usize, bool), bool>,
}

/// A role a user reaches, for [`crate::reachability`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reached {
    /// The role's position in the layout.
    pub role: usize,
    /// The account's position.
    pub account: usize,
    /// The groups (positions) whose policies allow assuming it.
    pub groups: Vec<usize>,
    /// Whether the trust side denies the user without MFA.
    pub mfa_required: bool,
}

impl EffectiveAccess<'_> {
    /// Evaluates `user` (with `groups`) assuming the role of `deployment` with MFA: the groups
    /// whose policies allow it, or `None` when denied.
    pub(super) fn assume_with_mfa(
        &self,
        user: &Arn,
        name: &str,
        groups: &[usize],
        deployment: usize,
    ) -> Option<Vec<usize>> {
        let request = self.assume_request(user, name, deployment, true, &[]);
        let mut assembly = Assembly::new();
        self.push_groups(groups, &mut assembly);
        self.push_assume_resource_side(deployment, &mut assembly);
        let evaluation = evaluate(&request, &assembly.set);
        (evaluation.decision == Decision::Allow)
            .then(|| allowing_groups(&evaluation, &assembly.owners))
    }

    /// The trust policy, JUMP's SCPs and the target's RCPs of assuming `deployment`.
    pub(super) fn push_assume_resource_side<'s>(
        &'s self,
        deployment: usize,
        assembly: &mut Assembly<'s>,
    ) {
        let deployment_ref = &self.deployments[deployment];
        if let Some(trust) = &deployment_ref.trust {
            assembly.set.resource = Some(self.doc(trust.doc));
            assembly.sources.resource = Some(trust.source.clone());
        }
        if let Some(jump) = self.jump {
            self.push_scps(jump, assembly);
        }
        self.push_rcps(Some(deployment_ref.account), assembly);
    }

    /// Whether the trust side of `deployment` (its trust policy, JUMP's SCPs, the target's
    /// RCPs) admits `user` without MFA, the user's own side allowing.
    pub(super) fn admits_without_mfa_as(&self, user: &Arn, name: &str, deployment: usize) -> bool {
        let request = self.assume_request(user, name, deployment, false, &[]);
        let mut assembly = Assembly::new();
        assembly.set.identity.push(&self.docs[self.any_role]);
        self.push_assume_resource_side(deployment, &mut assembly);
        evaluate(&request, &assembly.set).decision == Decision::Allow
    }

    /// Whether every user is judged alike when assuming `deployment` (trust policy, JUMP's
    /// SCPs and the target's RCPs).
    pub(super) fn deployment_neutral(&self, deployment: usize) -> bool {
        let deployment = &self.deployments[deployment];
        self.jump_scps_neutral
            && self.rcps_neutral[deployment.account]
            && deployment.trust.as_ref().is_none_or(|trust| trust.neutral)
    }

    /// A key under which one evaluation of the trust side without MFA serves every user and
    /// every deployment with the same key: the trust policy (by address: one document serves
    /// every account of its role) and whether the role is in JUMP, when the trust policy judges
    /// users and resources alike and no SCP or RCP is given (they may test the resource).
    pub(super) fn trust_share_key(&self, deployment: usize) -> Option<(usize, bool)> {
        if self.scps_given || !self.environment.rcps.is_empty() {
            return None;
        }
        let deployment_ref = &self.deployments[deployment];
        let trust = deployment_ref.trust.as_ref()?;
        (trust.neutral && deployment_ref.trust_across_resources).then(|| {
            (
                std::ptr::from_ref(self.doc(trust.doc)) as usize,
                Some(deployment_ref.account) == self.jump,
            )
        })
    }

    /// Whether the trust side of `deployment` admits `user` without MFA, from `cache` when an
    /// earlier evaluation serves.
    fn without_mfa(
        &self,
        user: &Arn,
        name: &str,
        deployment: usize,
        cache: &mut ReachCache,
    ) -> bool {
        if let Some(key) = self.trust_share_key(deployment) {
            if let Some(&known) = cache.without_mfa_by_trust.get(&key) {
                return known;
            }
            let known = self.admits_without_mfa_as(user, name, deployment);
            cache.without_mfa_by_trust.insert(key, known);
            return known;
        }
        if !self.deployment_neutral(deployment) {
            return self.admits_without_mfa_as(user, name, deployment);
        }
        if let Some(&known) = cache.without_mfa.get(&deployment) {
            return known;
        }
        let known = self.admits_without_mfa_as(user, name, deployment);
        cache.without_mfa.insert(deployment, known);
        known
    }

    /// Whether the trust side of `deployment` admits some JUMP user without MFA: one
    /// evaluation when it judges every user alike (shared among the deployments of one trust
    /// policy when it judges them alike too), else one per user of the layout.
    pub(crate) fn admits_without_mfa(&self, deployment: usize, cache: &mut ReachCache) -> bool {
        let anyone = self.user_arn("/", "jumpgate-any-user");
        self.without_mfa(&anyone, "jumpgate-any-user", deployment, cache)
            || (!self.deployment_neutral(deployment)
                && self.layout.users.iter().any(|user| {
                    let arn = self.user_arn(&user.path, &user.name);
                    self.admits_without_mfa_as(&arn, &user.name, deployment)
                }))
    }

    /// The roles `user` reaches with MFA, by evaluation: for each role their groups' policies
    /// may allow (and each role in JUMP whose trust policy may admit them alone), whether
    /// assuming it is allowed, through which groups, and whether the trust side requires MFA.
    /// Evaluations that judge every user alike are shared through `cache` among users of the
    /// same groups. Sorted by account position, then role position.
    pub(crate) fn reach(&self, user: &User, cache: &mut ReachCache) -> Vec<Reached> {
        let groups = self.groups_of(user);
        let mut key = groups.clone();
        key.sort_unstable();
        let next_id = cache.sets.len();
        let set = *cache.sets.entry(key).or_insert(next_id);
        if set == cache.set_facts.len() {
            let side = self.group_side();
            let mut candidates: Vec<usize> = if groups
                .iter()
                .any(|&group| matches!(side.candidates[group], Candidates::Any))
            {
                (0..self.deployments.len()).collect()
            } else {
                let mut found: Vec<usize> = groups
                    .iter()
                    .flat_map(|&group| match &side.candidates[group] {
                        Candidates::Some(found) => found.as_slice(),
                        Candidates::Any => &[],
                    })
                    .copied()
                    .collect();
                found.extend(&self.jump_extra);
                found
            };
            candidates.sort_unstable_by_key(|&index| {
                (
                    self.deployments[index].account,
                    self.deployments[index].role,
                )
            });
            candidates.dedup();
            let neutral = self.jump_scps_neutral
                && groups
                    .iter()
                    .all(|&group| side.policies[group].iter().all(|held| held.neutral));
            cache.set_facts.push((candidates, neutral));
        }
        let arn = self.user_arn(&user.path, &user.name);
        // Taken out while the rest of the cache is filled, put back at the end.
        let (candidates, set_neutral) = std::mem::take(&mut cache.set_facts[set]);
        let mut reached = Vec::new();
        for &deployment in &candidates {
            let shared = set_neutral && self.deployment_neutral(deployment);
            let allowed = if shared {
                match cache.assumed.get(&(set, deployment)) {
                    Some(known) => known.clone(),
                    None => {
                        let result = self.assume_with_mfa(&arn, &user.name, &groups, deployment);
                        cache.assumed.insert((set, deployment), result.clone());
                        result
                    }
                }
            } else {
                self.assume_with_mfa(&arn, &user.name, &groups, deployment)
            };
            let Some(allowing) = allowed else { continue };
            let without_mfa = self.without_mfa(&arn, &user.name, deployment, cache);
            let deployment_ref = &self.deployments[deployment];
            reached.push(Reached {
                role: deployment_ref.role,
                account: deployment_ref.account,
                groups: allowing,
                mfa_required: !without_mfa,
            });
        }
        cache.set_facts[set] = (candidates, set_neutral);
        reached
    }

    /// The deployments (role position, account position, index) in production accounts, in role
    /// order, then account order.
    pub(crate) fn production_deployments(&self) -> Vec<(usize, usize, usize)> {
        let mut found: Vec<(usize, usize, usize)> = self
            .deployments
            .iter()
            .enumerate()
            .filter(|(_, deployment)| {
                self.layout.accounts[deployment.account]
                    .purpose
                    .is_production()
            })
            .map(|(index, deployment)| (deployment.role, deployment.account, index))
            .collect();
        found.sort_unstable();
        found
    }
}

/// The groups (positions) whose identity policies hold an applicable `Allow`, in order, once.
pub(super) fn allowing_groups(evaluation: &Evaluation, owners: &[Option<usize>]) -> Vec<usize> {
    let mut groups = Vec::new();
    for statement in &evaluation.explanation.matched {
        if statement.policy.policy_type == PolicyType::Identity
            && statement.effect == Effect::Allow
            && let Some(Some(group)) = owners.get(statement.policy.index)
            && !groups.contains(group)
        {
            groups.push(*group);
        }
    }
    groups
}
