//! Guardrails: organization policies, their sizes and attachments, the seed set's settings
//! (ORG070–ORG081), and the proofs made with the evaluator (ORG082–ORG084).

use std::collections::{BTreeSet, HashMap};

use iam_policy::Effect;
use iam_policy::validate::{self, Options};

use super::{
    Findings, GUARDRAIL_ALLOWED_REGIONS, GUARDRAIL_ATTACHMENTS, GUARDRAIL_DEPLOYMENT_ROLES,
    GUARDRAIL_DESCRIPTION, GUARDRAIL_FULL_AWS_ACCESS, GUARDRAIL_INVALID, GUARDRAIL_LEAVE_OUT,
    GUARDRAIL_MANAGEMENT, GUARDRAIL_MANAGEMENT_TARGET, GUARDRAIL_NAME, GUARDRAIL_SIZE,
    GUARDRAIL_TARGETS, PROOF_GRANTS, PROOF_GUARDED, PROOF_NEVER_BLOCKS, Rule, Severity, blank,
    did_you_mean, or_hint,
};
use crate::Layout;
use crate::guardrails::{
    FULL_AWS_ACCESS, GuardrailPolicy, Guardrails, OrganizationPolicyKind, Origin, PolicyTarget,
    ProofKind, RCP_FULL_AWS_ACCESS, SEED_GUARDRAILS, every_target, prove,
};
use crate::names::{self, escape, is_iam_name, text_problem};

/// The longest description Organizations accepts.
const MAX_DESCRIPTION: usize = 512;
/// The longest reason.
const MAX_REASON: usize = 1_024;
/// At most this many actions are named in one proof finding.
const ACTIONS_NAMED: usize = 8;

fn policy_at(name: &str) -> String {
    format!("organization_policy[{}]", escape(name))
}

pub(super) fn guardrails(layout: &Layout, out: &mut Findings) {
    policies(layout, out);
    settings(layout, out);
    let guardrails = match Guardrails::of(layout) {
        Ok(guardrails) => guardrails,
        Err(error) => {
            out.push(
                GUARDRAIL_INVALID,
                "guardrails",
                format!("the guardrails cannot be built: {error}"),
                "correct the layout elements the guardrails are built from",
            );
            return;
        }
    };
    if guardrails.is_empty() {
        return;
    }
    documents(&guardrails, out);
    attachments(layout, &guardrails, out);
    if let Some(management) = layout.account_named(&layout.organization.management_account) {
        out.push(
            GUARDRAIL_MANAGEMENT,
            format!("account[{}]", management.name),
            format!(
                "the management account `{}` is outside SCPs (and its resources outside RCPs): \
                 nothing there is guarded by them",
                management.name
            ),
            "run no workloads there, and guard its root user and roles by hand",
        );
    }
    proofs(layout, out);
}

/// ORG070–ORG073, ORG077: the layout's own policies.
fn policies(layout: &Layout, out: &mut Findings) {
    let seed_in_force: Vec<&str> = match &layout.guardrails {
        Some(settings) => SEED_GUARDRAILS
            .iter()
            .map(|seed| seed.name)
            .filter(|name| !settings.leaves_out(name))
            .collect(),
        None => Vec::new(),
    };
    let targets: BTreeSet<PolicyTarget> = every_target(layout).into_iter().collect();
    let ous: Vec<&str> = targets
        .iter()
        .filter_map(|target| match target {
            PolicyTarget::Ou(path) => Some(path.as_str()),
            _ => None,
        })
        .collect();
    let accounts: Vec<&str> = layout.accounts.iter().map(|a| a.name.as_str()).collect();
    let mut seen: HashMap<String, &str> = HashMap::new();
    for policy in &layout.organization_policies {
        let at = policy_at(&policy.name);
        let name = policy.name.as_str();
        if !is_iam_name(name, 128) {
            out.push(
                GUARDRAIL_NAME,
                &at,
                format!(
                    "organization policy name `{}` is not 1–128 letters, digits and `+=,.@_-`",
                    escape(name)
                ),
                "rename the policy: its name is also its file's name",
            );
        } else if [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS]
            .iter()
            .any(|aws| aws.eq_ignore_ascii_case(name))
        {
            out.push(
                GUARDRAIL_NAME,
                &at,
                format!("`{name}` is the name of an AWS managed policy"),
                "give the policy another name",
            );
        } else if let Some(seed) = seed_in_force
            .iter()
            .find(|seed| seed.eq_ignore_ascii_case(name))
        {
            out.push(
                GUARDRAIL_NAME,
                &at,
                format!("`{name}` is the name of the seed guardrail `{seed}`"),
                format!(
                    "to replace it, leave it out: `leave_out = [{{ name = \"{seed}\", reason = \"...\" }}]` in `[guardrails]`"
                ),
            );
        }
        match seen.get(&name.to_ascii_lowercase()) {
            Some(first) => out.push(
                GUARDRAIL_NAME,
                &at,
                format!("organization policy `{}` has the name of `{}` (names are unique, ignoring case)", escape(name), escape(first)),
                "rename one of them",
            ),
            None => {
                seen.insert(name.to_ascii_lowercase(), name);
            }
        }
        if let Some(problem) = text_problem(&policy.description, MAX_DESCRIPTION) {
            out.push(
                GUARDRAIL_DESCRIPTION,
                &at,
                format!("description {problem}"),
                "describe the policy in at most 512 characters of plain text",
            );
        }
        if policy.targets.is_empty() {
            out.push(
                GUARDRAIL_TARGETS,
                &at,
                "the policy is attached nowhere",
                "name its targets: `targets = { root = true }`, `ous = [...]` or `accounts = [...]`",
            );
        }
        for ou in &policy.targets.ous {
            if !ous.contains(&ou.as_str()) {
                out.push(
                    GUARDRAIL_TARGETS,
                    &at,
                    format!("target OU `{}` is not an OU of the layout", escape(ou)),
                    or_hint(
                        did_you_mean(ou, ous.iter().copied()),
                        "name an OU by its path from the root, e.g. `Workloads/Production`"
                            .to_owned(),
                    ),
                );
            }
        }
        for account in &policy.targets.accounts {
            if !accounts.contains(&account.as_str()) {
                out.push(
                    GUARDRAIL_TARGETS,
                    &at,
                    format!(
                        "target account `{}` is not an account of the layout",
                        escape(account)
                    ),
                    or_hint(
                        did_you_mean(account, accounts.iter().copied()),
                        "name an account of the layout".to_owned(),
                    ),
                );
            } else if *account == layout.organization.management_account {
                out.push(
                    GUARDRAIL_MANAGEMENT_TARGET,
                    &at,
                    format!(
                        "the policy is attached to the management account `{account}`, where {}s do not apply",
                        policy.kind
                    ),
                    "attach it to the root, OUs or member accounts",
                );
            }
        }
        if policy.replaces_full_aws_access {
            let allows = policy
                .policy
                .statements()
                .iter()
                .any(|statement| statement.effect == Effect::Allow);
            if policy.kind == OrganizationPolicyKind::Rcp {
                out.push(
                    GUARDRAIL_FULL_AWS_ACCESS,
                    &at,
                    "an RCP cannot replace `RCPFullAWSAccess`, which AWS never detaches",
                    "remove `replaces_full_aws_access` (RCPs only deny)",
                );
            } else if !allows {
                out.push(
                    GUARDRAIL_FULL_AWS_ACCESS,
                    &at,
                    "the policy replaces `FullAWSAccess` but allows nothing: everything below its targets would be denied",
                    "list what it allows in `Allow` statements, or keep `FullAWSAccess` (remove `replaces_full_aws_access`)",
                );
            }
        }
    }
}

/// ORG078–ORG080: `[guardrails]`.
fn settings(layout: &Layout, out: &mut Findings) {
    let Some(settings) = &layout.guardrails else {
        return;
    };
    let seeds = SEED_GUARDRAILS.iter().map(|seed| seed.name);
    let mut left: BTreeSet<&str> = BTreeSet::new();
    for (index, left_out) in settings.leave_out.iter().enumerate() {
        let at = format!("guardrails.leave_out[{index}]");
        if !SEED_GUARDRAILS
            .iter()
            .any(|seed| seed.name == left_out.name)
        {
            out.push(
                GUARDRAIL_LEAVE_OUT,
                &at,
                format!("`{}` is not a seed guardrail", escape(&left_out.name)),
                or_hint(
                    did_you_mean(&left_out.name, seeds.clone()),
                    format!(
                        "the seed guardrails are {}",
                        SEED_GUARDRAILS
                            .map(|seed| format!("`{}`", seed.name))
                            .join(", ")
                    ),
                ),
            );
        } else if !left.insert(left_out.name.as_str()) {
            out.push(
                GUARDRAIL_LEAVE_OUT,
                &at,
                format!("seed guardrail `{}` is left out twice", left_out.name),
                "leave it out once",
            );
        }
        if blank(&left_out.reason) {
            out.push(
                GUARDRAIL_LEAVE_OUT,
                &at,
                format!(
                    "seed guardrail `{}` is left out without a reason",
                    escape(&left_out.name)
                ),
                "say why in `reason`: it is rendered with the guardrails of every account",
            );
        } else if let Some(problem) = text_problem(&left_out.reason, MAX_REASON) {
            out.push(
                GUARDRAIL_LEAVE_OUT,
                &at,
                format!("the reason {problem}"),
                "write the reason as at most 1,024 characters of plain text",
            );
        }
    }
    if let Some(regions) = &settings.allowed_regions {
        let partition = layout.organization.partition;
        if regions.is_empty() {
            out.push(
                GUARDRAIL_ALLOWED_REGIONS,
                "guardrails.allowed_regions",
                "no Region is allowed: every regional service would be denied",
                "list the Regions member accounts may use, or remove `allowed_regions`",
            );
        }
        for region in regions {
            if let Some(problem) = names::region_problem(region, partition) {
                out.push(
                    GUARDRAIL_ALLOWED_REGIONS,
                    "guardrails.allowed_regions",
                    format!("allowed Region `{}` {problem}", escape(region)),
                    or_hint(
                        did_you_mean(region, names::known_regions(partition).iter().copied()),
                        "write Region names such as `eu-west-1`".to_owned(),
                    ),
                );
            }
        }
        let default = &layout.organization.default_region;
        if !regions.is_empty() && !regions.contains(default) {
            out.push(
                GUARDRAIL_ALLOWED_REGIONS,
                "guardrails.allowed_regions",
                format!(
                    "the default Region `{}` is not allowed, but the baseline lives there",
                    escape(default)
                ),
                format!("add `{}` to `allowed_regions`", escape(default)),
            );
        }
    }
    if settings.deployment_roles.is_empty() {
        out.push(
            GUARDRAIL_DEPLOYMENT_ROLES,
            "guardrails.deployment_roles",
            "no deployment role: jumpgate could not apply anything the guardrails protect",
            "name the role `jumpgate apply --member-role` assumes (`OrganizationAccountAccessRole` by default)",
        );
    }
    for role in &settings.deployment_roles {
        if let Some(problem) = role_problem(role) {
            out.push(
                GUARDRAIL_DEPLOYMENT_ROLES,
                "guardrails.deployment_roles",
                format!("deployment role `{}` {problem}", escape(role)),
                "name the role as `NAME` or `PATH/NAME` (e.g. `OrganizationAccountAccessRole`)",
            );
        }
    }
}

/// What is wrong with a role given as `NAME` or `PATH/NAME`, if anything.
fn role_problem(role: &str) -> Option<String> {
    let (path, name) = role.rsplit_once('/').unwrap_or(("", role));
    if !is_iam_name(name, 64) {
        return Some(format!(
            "has the role name `{}`, which is not 1–64 letters, digits and `+=,.@_-`",
            escape(name)
        ));
    }
    let path = path.trim_start_matches('/');
    if path.is_empty() {
        return None;
    }
    if path.len() + 2 > 512 || path.split('/').any(|segment| !is_iam_name(segment, 512)) {
        return Some(format!(
            "has the path `{}`, which is not segments of letters, digits and `+=,.@_-`",
            escape(path)
        ));
    }
    None
}

/// ORG074, ORG075: every policy passes the validator for its kind and fits its quota.
fn documents(guardrails: &Guardrails, out: &mut Findings) {
    for policy in guardrails
        .policies
        .iter()
        .filter(|policy| policy.is_managed())
    {
        let at = match policy.origin {
            Origin::Seed => format!("guardrail[{}]", policy.name),
            _ => policy_at(&policy.name),
        };
        let report = validate::validate(
            &policy.document,
            &policy.kind.validator_kind(),
            &Options::default(),
        );
        for finding in &report.findings {
            if finding.severity != Severity::Error
                || finding.code.starts_with("POLICY_SIZE_EXCEEDS")
            {
                continue;
            }
            out.push(
                GUARDRAIL_INVALID,
                &at,
                format!(
                    "`{}` at `{}`: {}",
                    finding.code, finding.path, finding.message
                ),
                finding
                    .help
                    .clone()
                    .unwrap_or_else(|| format!("correct the {} document", policy.kind)),
            );
        }
        if policy.room() < 0 {
            out.push(
                GUARDRAIL_SIZE,
                &at,
                size_message(policy),
                "split the policy in two, or shorten it (each character of its compact JSON counts)",
            );
        }
    }
}

fn size_message(policy: &GuardrailPolicy) -> String {
    format!(
        "the {} `{}` is {} characters, whitespace counted; the quota is {}: {} over",
        policy.kind,
        policy.name,
        policy.size(),
        policy.kind.size_quota(),
        -policy.room()
    )
}

/// ORG076: policies attached directly per root, OU and account.
fn attachments(layout: &Layout, guardrails: &Guardrails, out: &mut Findings) {
    for target in every_target(layout) {
        for kind in OrganizationPolicyKind::ALL {
            let attached: Vec<&str> = guardrails
                .attached(kind, &target)
                .map(|policy| policy.name.as_str())
                .collect();
            let quota = kind.per_target_quota();
            if attached.len() > quota {
                out.push(
                    GUARDRAIL_ATTACHMENTS,
                    target_at(&target),
                    format!(
                        "{} {}s are attached to {target} ({}); at most {quota} may be, `{}` counted",
                        attached.len(),
                        kind,
                        attached.join(", "),
                        kind.full_access_name()
                    ),
                    "merge policies, or attach some higher up (to a parent OU or the root)",
                );
            }
        }
    }
}

fn target_at(target: &PolicyTarget) -> String {
    match target {
        PolicyTarget::Root => "root".to_owned(),
        PolicyTarget::Ou(path) => format!("organizational_unit[{path}]"),
        PolicyTarget::Account(name) => format!("account[{name}]"),
    }
}

/// ORG082–ORG084: the proofs, one finding per location and proof, naming its actions.
fn proofs(layout: &Layout, out: &mut Findings) {
    let proofs = match prove(layout) {
        Ok(Some(proofs)) => proofs,
        Ok(None) => return,
        Err(error) => {
            out.push(
                GUARDRAIL_INVALID,
                "guardrails",
                format!("the guardrails cannot be proven: {error}"),
                "correct the layout elements the guardrails are built from",
            );
            return;
        }
    };
    for proof in &proofs.proofs {
        let rule: Rule = match proof.kind {
            ProofKind::NeverBlocks => PROOF_NEVER_BLOCKS,
            ProofKind::Grants => PROOF_GRANTS,
            ProofKind::Guarded => PROOF_GUARDED,
        };
        // One finding per location: its first failure in full, the other actions named.
        let mut order: Vec<&str> = Vec::new();
        let mut by_location: HashMap<&str, Vec<&crate::guardrails::ProofFailure>> = HashMap::new();
        for failure in &proof.failures {
            let entry = by_location.entry(failure.location.as_str()).or_default();
            if entry.is_empty() {
                order.push(failure.location.as_str());
            }
            entry.push(failure);
        }
        for location in order {
            let failures = &by_location[location];
            let first = failures[0];
            let mut message = first.message.clone();
            let others: Vec<String> = failures[1..]
                .iter()
                .map(|failure| format!("`{}` on `{}`", failure.action, failure.resource))
                .collect();
            if !others.is_empty() {
                let named = others.len().min(ACTIONS_NAMED);
                message.push_str(&format!("; the same for {}", others[..named].join(", ")));
                if others.len() > named {
                    message.push_str(&format!(" and {} more", others.len() - named));
                }
            }
            out.push(rule, location, message, first.help.clone());
        }
    }
}
