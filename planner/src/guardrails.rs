//! Planning and auditing service and resource control policies (pure).
//!
//! Ownership: the policies jumpgate creates carry the tag `managed-by = jumpgate`; only those are
//! updated, detached or deleted. A same-named policy without the tag is a conflict and never
//! changed; AWS's own `FullAWSAccess` is detached only where the layout replaces it. Order: the
//! policy types are enabled first (Organizations then attaches the type's full-access policy
//! everywhere), then policies are created and updated, then attached, and only then detached and
//! deleted, never leaving a target without an SCP; detaching and deleting need `--prune`
//! (otherwise the attachment or policy is reported as retained). An attachment that would put a
//! target over its quota (10 SCPs, 5 RCPs, the full-access policy counted) is a conflict reported
//! by the plan, before any call. Contents are compared by meaning ([`Policy::semantically_equals`]):
//! a policy edited in the console is drift, and so is one detached there.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use iam_policy::Policy;
use org_model::guardrails::OrganizationPolicyKind;
use serde::Serialize;

use crate::audit::Status;
use crate::diff::policy_diff;
use crate::guardrails_state::{
    DesiredGuardrails, DesiredPolicy, GuardrailTarget, LiveGuardrails, LivePolicy, LiveTarget,
};
use crate::op::{GuardrailOp, Op};
use crate::plan::{Change, ChangeAction, Conflict, Plan, PlanOptions, Target};
use crate::state::AccountRef;

fn change(
    resource: String,
    action: ChangeAction,
    details: Vec<String>,
    call: GuardrailOp,
) -> Change {
    Change {
        target: Target::Organization,
        resource,
        action,
        details,
        ops: vec![Op::Guardrail { call }],
    }
}

fn named(kind: OrganizationPolicyKind, name: &str) -> String {
    format!("{kind} `{name}`")
}

/// How a live policy's content compares with the desired one: `None` when they mean the same.
fn content_drift(desired: &DesiredPolicy, live: &LivePolicy) -> Option<Vec<String>> {
    let mut details = Vec::new();
    match live.content.as_deref().map(Policy::from_json) {
        Some(Ok(document)) if document.semantically_equals(&desired.document) => {}
        Some(Ok(document)) => details.extend(policy_diff(&document, &desired.document)),
        Some(Err(_)) | None => details.push("content unreadable: replaced".to_owned()),
    }
    if live.description != desired.description {
        details.push(format!(
            "description: `{}` -> `{}`",
            live.description, desired.description
        ));
    }
    (!details.is_empty()).then_some(details)
}

/// Attachments per (kind, target), as they will be once the plan's enabling calls are made.
struct Attachments {
    by_target: BTreeMap<(OrganizationPolicyKind, LiveTarget), BTreeSet<String>>,
    /// Kinds not enabled yet: every target will have the full-access policy.
    enabling: BTreeSet<OrganizationPolicyKind>,
}

impl Attachments {
    fn new(live: &LiveGuardrails, enabling: BTreeSet<OrganizationPolicyKind>) -> Self {
        let mut by_target: BTreeMap<(OrganizationPolicyKind, LiveTarget), BTreeSet<String>> =
            BTreeMap::new();
        for policy in &live.policies {
            if enabling.contains(&policy.kind) {
                continue;
            }
            for target in &policy.targets {
                by_target
                    .entry((policy.kind, target.clone()))
                    .or_default()
                    .insert(policy.name.clone());
            }
        }
        Self {
            by_target,
            enabling,
        }
    }

    /// The policies of `kind` attached to `target` (with the full-access policy, once enabled).
    fn at(&mut self, kind: OrganizationPolicyKind, target: &LiveTarget) -> &mut BTreeSet<String> {
        let enabling = self.enabling.contains(&kind);
        let entry = self.by_target.entry((kind, target.clone())).or_default();
        if enabling {
            entry.insert(kind.full_access_name().to_owned());
        }
        entry
    }
}

/// Plans the organization's SCPs and RCPs (see the [module docs](self)); nothing when the layout
/// has no guardrails.
pub fn plan_guardrails(
    desired: &DesiredGuardrails,
    live: &LiveGuardrails,
    options: PlanOptions,
) -> Plan {
    let mut plan = Plan::default();
    if desired.is_empty() {
        return plan;
    }
    let org = Target::Organization;
    let mut enabling = BTreeSet::new();
    for kind in OrganizationPolicyKind::ALL {
        if desired.uses(kind) && !live.enabled.contains(&kind) {
            enabling.insert(kind);
            plan.changes.push(change(
                format!("policy type `{}`", kind.policy_type()),
                ChangeAction::Create,
                vec![format!(
                    "enabled on the root: Organizations attaches `{}` to the root, every OU and every account",
                    kind.full_access_name()
                )],
                GuardrailOp::EnablePolicyType { policy_type: kind },
            ));
        }
    }
    // The layout's organization id goes into the RCP: with the wrong one, the RCP would lock
    // the organization's own principals out of the log bucket.
    let wrong_organization = match (&desired.organization_id, &live.organization_id) {
        (Some(layout), Some(live)) if layout != live => {
            plan.conflicts.push(Conflict {
                target: org.clone(),
                resource: "organization id".to_owned(),
                reason: format!(
                    "the layout names organization `{layout}`, but this is `{live}`: RCPs of the \
                     layout are left alone until `[organization] id` is corrected"
                ),
            });
            true
        }
        _ => false,
    };
    let mut attachments = Attachments::new(live, enabling);
    // Policies that cannot be touched: unmarked same-named ones, RCPs with the wrong org id.
    let mut untouchable: BTreeSet<(OrganizationPolicyKind, String)> = BTreeSet::new();
    for policy in desired.policies.iter().filter(|policy| policy.managed) {
        let resource = named(policy.kind, &policy.name);
        if wrong_organization && policy.kind == OrganizationPolicyKind::Rcp {
            untouchable.insert((policy.kind, policy.name.clone()));
            continue;
        }
        match live.policy(policy.kind, &policy.name) {
            Some(existing) if existing.aws_managed || !existing.managed => {
                untouchable.insert((policy.kind, policy.name.clone()));
                plan.conflicts.push(Conflict {
                    target: org.clone(),
                    resource,
                    reason: "a policy with this name exists without the tag managed-by = jumpgate"
                        .to_owned(),
                });
            }
            Some(existing) => {
                if let Some(details) = content_drift(policy, existing) {
                    plan.changes.push(change(
                        resource,
                        ChangeAction::Update,
                        details,
                        GuardrailOp::UpdatePolicy {
                            name: policy.name.clone(),
                            policy_type: policy.kind,
                            description: policy.description.clone(),
                            content: policy.content.clone(),
                        },
                    ));
                }
            }
            None => plan.changes.push(change(
                resource,
                ChangeAction::Create,
                vec![
                    format!(
                        "{} characters, tagged managed-by = jumpgate",
                        policy.content.chars().count()
                    ),
                    format!("description: {}", policy.description),
                ],
                GuardrailOp::CreatePolicy {
                    name: policy.name.clone(),
                    policy_type: policy.kind,
                    description: policy.description.clone(),
                    content: policy.content.clone(),
                },
            )),
        }
    }
    // Attach first: every desired attachment that is missing, within the quota per target.
    for policy in &desired.policies {
        if untouchable.contains(&(policy.kind, policy.name.clone())) {
            continue;
        }
        for target in policy.targets.iter().filter(|target| live.reaches(target)) {
            let quota = policy.kind.per_target_quota();
            let attached = attachments.at(policy.kind, &target.live());
            if attached.contains(&policy.name) {
                continue;
            }
            let resource = format!("{} on {target}", named(policy.kind, &policy.name));
            if attached.len() >= quota {
                plan.conflicts.push(Conflict {
                    target: org.clone(),
                    resource,
                    reason: format!(
                        "{target} has {} {}s attached already ({}); at most {quota} may be",
                        attached.len(),
                        policy.kind,
                        attached.iter().cloned().collect::<Vec<_>>().join(", ")
                    ),
                });
                continue;
            }
            attached.insert(policy.name.clone());
            plan.changes.push(change(
                resource,
                ChangeAction::Create,
                vec!["attach".to_owned()],
                GuardrailOp::AttachPolicy {
                    name: policy.name.clone(),
                    policy_type: policy.kind,
                    target: target.clone(),
                },
            ));
        }
    }
    // Then detach, only with --prune: managed policies from targets the layout does not name,
    // `FullAWSAccess` where the layout replaces it.
    let desired_targets: BTreeMap<(OrganizationPolicyKind, &str), BTreeSet<LiveTarget>> = desired
        .policies
        .iter()
        .map(|policy| {
            (
                (policy.kind, policy.name.as_str()),
                policy.targets.iter().map(GuardrailTarget::live).collect(),
            )
        })
        .collect();
    let names = account_names(desired);
    let mut detaches: Vec<(OrganizationPolicyKind, String, LiveTarget)> = Vec::new();
    for policy in &live.policies {
        let managed = policy.managed && !policy.aws_managed;
        let key = (policy.kind, policy.name.as_str());
        let wanted = desired_targets.get(&key);
        if managed && !untouchable.contains(&(policy.kind, policy.name.clone())) {
            for target in &policy.targets {
                if wanted.is_none_or(|wanted| !wanted.contains(target)) {
                    detaches.push((policy.kind, policy.name.clone(), target.clone()));
                }
            }
        }
    }
    for target in desired
        .replaced
        .iter()
        .filter(|target| live.reaches(target))
    {
        let live_target = target.live();
        let full = OrganizationPolicyKind::Scp.full_access_name();
        if attachments
            .at(OrganizationPolicyKind::Scp, &live_target)
            .contains(full)
        {
            detaches.push((OrganizationPolicyKind::Scp, full.to_owned(), live_target));
        }
    }
    let mut refused: BTreeSet<(OrganizationPolicyKind, String)> = BTreeSet::new();
    for (kind, name, live_target) in detaches {
        let target = guardrail_target(&live_target, &names);
        let resource = format!("{} on {target}", named(kind, &name));
        if !options.prune {
            plan.retain(&org, resource);
            refused.insert((kind, name));
            continue;
        }
        let attached = attachments.at(kind, &live_target);
        if kind == OrganizationPolicyKind::Scp && attached.len() <= 1 {
            plan.conflicts.push(Conflict {
                target: org.clone(),
                resource,
                reason: format!(
                    "detaching it would leave {target} without an SCP, and everything there \
                     would be denied: attach another SCP first"
                ),
            });
            refused.insert((kind, name));
            continue;
        }
        attached.remove(&name);
        plan.changes.push(change(
            resource,
            ChangeAction::Delete,
            vec!["detach".to_owned()],
            GuardrailOp::DetachPolicy {
                name,
                policy_type: kind,
                target,
            },
        ));
    }
    // Then delete the managed policies the layout no longer has (detached above).
    for policy in &live.policies {
        let managed = policy.managed && !policy.aws_managed;
        if !managed || desired_targets.contains_key(&(policy.kind, policy.name.as_str())) {
            continue;
        }
        let resource = named(policy.kind, &policy.name);
        if !options.prune {
            plan.retain(&org, resource);
        } else if refused.contains(&(policy.kind, policy.name.clone())) {
            plan.conflicts.push(Conflict {
                target: org.clone(),
                resource,
                reason: "still attached where detaching it is refused: not deleted".to_owned(),
            });
        } else {
            plan.changes.push(change(
                resource,
                ChangeAction::Delete,
                Vec::new(),
                GuardrailOp::DeletePolicy {
                    name: policy.name.clone(),
                    policy_type: policy.kind,
                },
            ));
        }
    }
    plan
}

/// The names of the layout's accounts by id, to name live targets.
fn account_names(desired: &DesiredGuardrails) -> BTreeMap<iam_policy::AccountId, String> {
    let mut names = BTreeMap::new();
    for target in desired
        .policies
        .iter()
        .flat_map(|policy| &policy.targets)
        .chain(&desired.replaced)
    {
        if let GuardrailTarget::Account { account } = target {
            names.insert(account.id, account.name.clone());
        }
    }
    names
}

fn guardrail_target(
    target: &LiveTarget,
    names: &BTreeMap<iam_policy::AccountId, String>,
) -> GuardrailTarget {
    match target {
        LiveTarget::Root => GuardrailTarget::Root,
        LiveTarget::Ou(path) => GuardrailTarget::Ou { path: path.clone() },
        LiveTarget::Account(id) => GuardrailTarget::Account {
            account: AccountRef {
                name: names.get(id).cloned().unwrap_or_else(|| id.to_string()),
                id: *id,
            },
        },
    }
}

/// One guardrail on one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuardrailRow {
    /// The policy's name.
    pub guardrail: String,
    /// SCP or RCP.
    pub kind: OrganizationPolicyKind,
    /// The root, an OU or an account.
    pub target: String,
    /// Ok, missing or drifted.
    pub status: Status,
    /// What differs.
    pub details: Vec<String>,
}

/// The audit of every guardrail on every target it belongs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuardrailAudit {
    /// Whether every row is ok.
    pub holds: bool,
    /// Per guardrail, per target.
    pub rows: Vec<GuardrailRow>,
}

impl GuardrailAudit {
    /// One line per guardrail and target, aligned, and a summary line.
    pub fn to_text(&self) -> String {
        let name_width = self
            .rows
            .iter()
            .map(|row| row.guardrail.len())
            .max()
            .unwrap_or(0);
        let target_width = self
            .rows
            .iter()
            .map(|row| row.target.len())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for row in &self.rows {
            let line = format!(
                "{:name_width$}  {}  {:target_width$}  {:7}  {}",
                row.guardrail,
                row.kind,
                row.target,
                row.status.as_str(),
                row.details.join("; ")
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
        let failing = self.rows.iter().filter(|row| !row.status.holds()).count();
        if failing == 0 {
            let _ = writeln!(out, "Every guardrail holds on every target.");
        } else {
            let _ = writeln!(out, "{failing} guardrail attachment(s) do not hold.");
        }
        out
    }
}

/// Audits the organization's SCPs and RCPs against the layout's: each guardrail on each target
/// ok, missing (the policy, its type or the attachment) or drifted (edited content, an unmarked
/// same-named policy); attachments the layout does not want are drifted rows of their own.
pub fn audit_guardrails(desired: &DesiredGuardrails, live: &LiveGuardrails) -> GuardrailAudit {
    let mut rows = Vec::new();
    for policy in &desired.policies {
        let existing = live.policy(policy.kind, &policy.name);
        let enabled = live.enabled.contains(&policy.kind);
        let drift: Option<Vec<String>> = match existing {
            Some(existing) if policy.managed && (!existing.managed || existing.aws_managed) => {
                Some(vec![
                    "a policy with this name exists without the tag managed-by = jumpgate"
                        .to_owned(),
                ])
            }
            Some(existing) if policy.managed => content_drift(policy, existing).map(|details| {
                details
                    .into_iter()
                    .map(|detail| format!("content changed: {detail}"))
                    .collect()
            }),
            _ => None,
        };
        for target in &policy.targets {
            let (status, details) = if !live.reaches(target) {
                (
                    Status::Missing,
                    vec!["the account is not a member of the organization".to_owned()],
                )
            } else if !enabled {
                (
                    Status::Missing,
                    vec![format!(
                        "the policy type {} is not enabled",
                        policy.kind.policy_type()
                    )],
                )
            } else if existing.is_none() {
                (Status::Missing, vec!["no policy of this name".to_owned()])
            } else if !existing.is_some_and(|existing| existing.targets.contains(&target.live())) {
                let mut details = vec!["not attached".to_owned()];
                details.extend(drift.clone().unwrap_or_default());
                (Status::Missing, details)
            } else if let Some(drift) = &drift {
                (Status::Drifted, drift.clone())
            } else {
                (Status::Ok, Vec::new())
            };
            rows.push(GuardrailRow {
                guardrail: policy.name.clone(),
                kind: policy.kind,
                target: target.to_string(),
                status,
                details,
            });
        }
    }
    // Attachments the layout does not want: of managed policies, and FullAWSAccess where replaced.
    let names = account_names(desired);
    for existing in &live.policies {
        let wanted: Option<BTreeSet<LiveTarget>> = desired
            .policies
            .iter()
            .find(|policy| policy.kind == existing.kind && policy.name == existing.name)
            .map(|policy| policy.targets.iter().map(GuardrailTarget::live).collect());
        let replaced: BTreeSet<LiveTarget> =
            desired.replaced.iter().map(GuardrailTarget::live).collect();
        for target in &existing.targets {
            let extra = if existing.managed && !existing.aws_managed {
                wanted
                    .as_ref()
                    .is_none_or(|wanted| !wanted.contains(target))
            } else {
                existing.kind == OrganizationPolicyKind::Scp
                    && existing.name == OrganizationPolicyKind::Scp.full_access_name()
                    && replaced.contains(target)
            };
            if extra {
                rows.push(GuardrailRow {
                    guardrail: existing.name.clone(),
                    kind: existing.kind,
                    target: guardrail_target(target, &names).to_string(),
                    status: Status::Drifted,
                    details: vec!["attached, but the layout does not attach it here".to_owned()],
                });
            }
        }
    }
    GuardrailAudit {
        holds: rows.iter().all(|row| row.status.holds()),
        rows,
    }
}
