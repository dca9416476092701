//! Guardrail files: each SCP and RCP jumpgate keeps, exactly as apply sends it
//! (`organization-policies/<kind>/<name>.json`), the set with sizes and targets
//! (`organization-policies/guardrails.json`), and per account what is in force and the proofs
//! about it (`accounts/<ACCOUNT>/guardrails.md`).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::Serialize;

use super::context::Context;
use super::output::{FileKind, Out};
use super::text;
use crate::guardrails::{
    Evidence, GuardrailPolicy, Guardrails, Origin, PolicyTarget, ProofKind, evidence,
};
use crate::{Error, Purpose};

/// `organization-policies/guardrails.json`.
#[derive(Serialize)]
struct SetFile<'a> {
    /// Exempt from the guardrails that protect what jumpgate manages.
    deployment_roles: &'a [String],
    policies: Vec<PolicyEntry<'a>>,
    /// Targets where `FullAWSAccess` is detached (an allow list of the layout replaces it).
    full_aws_access_replaced_on: Vec<String>,
    left_out: Vec<LeftOutEntry<'a>>,
    /// Seed guardrails not in force yet, and what they wait for.
    not_yet: Vec<LeftOutEntry<'a>>,
}

#[derive(Serialize)]
struct PolicyEntry<'a> {
    name: &'a str,
    kind: &'static str,
    origin: &'static str,
    description: &'a str,
    /// The rendered document (absent for AWS's own policies).
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    /// Characters as apply sends them, whitespace counted.
    size: usize,
    quota: usize,
    room: isize,
    targets: Vec<String>,
}

#[derive(Serialize)]
struct LeftOutEntry<'a> {
    name: &'a str,
    reason: &'a str,
}

fn origin(policy: &GuardrailPolicy) -> &'static str {
    match policy.origin {
        Origin::Seed => "seed",
        Origin::Layout => "layout",
        Origin::AwsManaged => "aws-managed",
    }
}

/// Every guardrail file of the layout; nothing when it has no guardrails.
pub(super) fn guardrails(cx: &Context<'_>, out: &mut Out) -> Result<(), Error> {
    let guardrails = Guardrails::of(cx.layout)?;
    if guardrails.is_empty() {
        return Ok(());
    }
    let mut entries = Vec::new();
    for policy in &guardrails.policies {
        let file = policy.is_managed().then(|| policy.file());
        if let Some(path) = &file {
            if text::is_name(&policy.name) {
                // Exactly what apply sends (it ends with a newline already).
                out.add(
                    path.clone(),
                    FileKind::OrganizationPolicy,
                    policy.content.clone(),
                );
            } else {
                out.skip(
                    format!("organization policy {}", text::one_line(&policy.name)),
                    super::context::NOT_A_NAME,
                );
                continue;
            }
        }
        entries.push(PolicyEntry {
            name: &policy.name,
            kind: policy.kind.as_str(),
            origin: origin(policy),
            description: &policy.description,
            file,
            size: policy.size(),
            quota: policy.kind.size_quota(),
            room: policy.room(),
            targets: policy.targets.iter().map(ToString::to_string).collect(),
        });
    }
    for missing in &guardrails.unavailable {
        out.skip(format!("seed guardrail {}", missing.name), missing.reason);
    }
    let set = SetFile {
        deployment_roles: &guardrails.deployment_roles,
        policies: entries,
        full_aws_access_replaced_on: guardrails
            .full_aws_access_replaced
            .iter()
            .map(ToString::to_string)
            .collect(),
        left_out: guardrails
            .left_out
            .iter()
            .map(|left| LeftOutEntry {
                name: &left.name,
                reason: &left.reason,
            })
            .collect(),
        not_yet: guardrails
            .unavailable
            .iter()
            .map(|missing| LeftOutEntry {
                name: missing.name,
                reason: missing.reason,
            })
            .collect(),
    };
    out.add_json(
        "organization-policies/guardrails.json".to_owned(),
        FileKind::Guardrails,
        &set,
    )?;
    accounts(cx, &guardrails, out)
}

/// `accounts/<ACCOUNT>/guardrails.md` for every account with an id.
fn accounts(cx: &Context<'_>, guardrails: &Guardrails, out: &mut Out) -> Result<(), Error> {
    let mut proofs: HashMap<String, Vec<Evidence>> = evidence(cx.layout)?.into_iter().collect();
    let management = &cx.layout.organization.management_account;
    let mut seen = std::collections::HashSet::new();
    for account in &cx.layout.accounts {
        let Some(id) = account.id else { continue };
        if !text::is_name(&account.name) || !seen.insert(account.name.as_str()) {
            continue;
        }
        let in_force = guardrails.in_force(account);
        let mut md = format!(
            "# Guardrails of {} ({id})\n\nGenerated by jumpgate from the layout; do not edit.\n\n",
            text::markdown(&account.name)
        );
        let is_management = account.name == *management || account.purpose == Purpose::Management;
        if is_management {
            md.push_str(
                "This is the management account: SCPs do not apply to its principals, nor RCPs \
                 to its resources. Nothing here is guarded by them.\n\n",
            );
        }
        md.push_str("## In force\n\nFrom the root down: inherited levels first, then the account's own.\n\n");
        md.push_str("| Level | Kind | Policy | From | What it does |\n|---|---|---|---|---|\n");
        for level in in_force.scps.iter().chain(&in_force.rcps) {
            for policy in &level.policies {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} |",
                    text::markdown(&level.target.to_string()),
                    policy.kind,
                    text::markdown(&policy.name),
                    origin(policy),
                    text::markdown(&policy.description)
                );
            }
        }
        let replaced: Vec<&PolicyTarget> = in_force
            .scps
            .iter()
            .map(|level| &level.target)
            .filter(|target| guardrails.full_aws_access_replaced.contains(*target))
            .collect();
        for target in replaced {
            let _ = writeln!(
                md,
                "\nOn {}, an allow list replaces FullAWSAccess: only what it allows passes.",
                text::markdown(&target.to_string())
            );
        }
        if !guardrails.left_out.is_empty() {
            md.push_str("\nLeft out of the seed set:\n\n");
            for left in &guardrails.left_out {
                let _ = writeln!(
                    md,
                    "- {}: {}",
                    text::markdown(&left.name),
                    text::markdown(&left.reason)
                );
            }
        }
        if let Some(evidence) = proofs.remove(&account.name) {
            proofs_section(&mut md, &evidence);
        }
        out.add(
            format!("accounts/{}/guardrails.md", account.name),
            FileKind::AccountGuardrails,
            md,
        );
    }
    Ok(())
}

fn proofs_section(md: &mut String, evidence: &[Evidence]) {
    md.push_str("\n## Proofs\n\n");
    let mut per_proof: BTreeMap<ProofKind, (usize, usize)> = BTreeMap::new();
    for item in evidence {
        let entry = per_proof.entry(item.proof).or_default();
        entry.0 += 1;
        if !item.holds {
            entry.1 += 1;
        }
    }
    for (proof, (requests, failures)) in &per_proof {
        let outcome = if *failures == 0 {
            "holds".to_owned()
        } else {
            format!("FAILS {failures} time(s)")
        };
        let _ = writeln!(
            md,
            "- {} {outcome} here: {} ({requests} requests)",
            proof.code(),
            text::markdown(proof.claim())
        );
    }
    md.push_str(
        "\n| Proof | Who | Action | Resource | Why | Decision | Deciding statement |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for item in evidence {
        let decision = if item.holds {
            item.decision.as_str().to_owned()
        } else {
            format!("{} (wrong)", item.decision.as_str())
        };
        let mut deciding = item.deciding.clone().unwrap_or_default();
        if let Some(near) = &item.near_miss {
            deciding.push_str(&format!("; {near}"));
        }
        // The names are in backticks for messages; a table cell shows them plain.
        let deciding = deciding.replace('`', "");
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            item.proof.code(),
            text::markdown(&item.principal),
            text::markdown(&item.action),
            text::markdown(&item.resource),
            text::markdown(&item.purpose),
            decision,
            text::markdown(&deciding)
        );
    }
}
