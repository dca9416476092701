//! Service and resource control policies through AWS Organizations: reading the organization's
//! SCPs and RCPs (types enabled on the root, policies with their tags, contents and targets)
//! into the planner's values, and running [`GuardrailOp`]s in the management account.

use std::collections::{BTreeSet, HashMap};

use aws_sdk_organizations::error::ProvideErrorMetadata as _;
use aws_sdk_organizations::types::{PolicyType, PolicyTypeStatus, Tag, TargetType};
use jumpgate_planner::GuardrailOp;
use jumpgate_planner::guardrails_state::{
    DesiredGuardrails, GuardrailTarget, LiveGuardrails, LivePolicy, LiveTarget,
};
use jumpgate_planner::state::{MANAGED_TAG_KEY, MANAGED_TAG_VALUE, OrgState};
use org_model::guardrails::OrganizationPolicyKind;

use crate::error::account_id;
use crate::organization::OrgIds;
use crate::{Aws, Error};

/// The Organizations policy type of `kind`.
fn policy_type(kind: OrganizationPolicyKind) -> PolicyType {
    match kind {
        OrganizationPolicyKind::Scp => PolicyType::ServiceControlPolicy,
        OrganizationPolicyKind::Rcp => PolicyType::ResourceControlPolicy,
    }
}

fn managed_tag() -> Result<Tag, Error> {
    Tag::builder()
        .key(MANAGED_TAG_KEY)
        .value(MANAGED_TAG_VALUE)
        .build()
        .map_err(|error| Error::unexpected("organizations:Tag", error.to_string()))
}

impl Aws {
    /// Reads the organization's SCPs and RCPs of the types `desired` uses: which types are
    /// enabled on the root, every policy of those types with its targets, the tags of those not
    /// AWS's own, and the contents of those the layout names. Read calls only.
    pub async fn read_guardrails(
        &self,
        desired: &DesiredGuardrails,
    ) -> Result<LiveGuardrails, Error> {
        let (state, ids) = self.read_org_ids().await?;
        self.read_guardrails_of(desired, &state, &ids).await
    }

    /// [`Aws::read_guardrails`] of the organization `state` with `ids`, read before; the
    /// policies' targets, tags and contents are read up to [`crate::Settings::parallelism`]
    /// policies at once.
    pub(crate) async fn read_guardrails_of(
        &self,
        desired: &DesiredGuardrails,
        state: &OrgState,
        ids: &OrgIds,
    ) -> Result<LiveGuardrails, Error> {
        let org = self.org();
        if !state.exists || desired.is_empty() {
            return Ok(LiveGuardrails::default());
        }
        let described = org
            .describe_organization()
            .send()
            .await
            .map_err(|error| Error::aws("organizations:DescribeOrganization", error))?;
        let roots = org
            .list_roots()
            .send()
            .await
            .map_err(|error| Error::aws("organizations:ListRoots", error))?;
        let mut live = LiveGuardrails {
            members: state.accounts.iter().map(|account| account.id).collect(),
            organization_id: described
                .organization()
                .and_then(|organization| organization.id())
                .map(str::to_owned),
            ..LiveGuardrails::default()
        };
        for summary in roots
            .roots()
            .iter()
            .flat_map(aws_sdk_organizations::types::Root::policy_types)
        {
            let on = matches!(
                summary.status(),
                Some(PolicyTypeStatus::Enabled | PolicyTypeStatus::PendingEnable)
            );
            for kind in OrganizationPolicyKind::ALL {
                if on && summary.r#type() == Some(&policy_type(kind)) {
                    live.enabled.insert(kind);
                }
            }
        }
        let paths: HashMap<&str, &str> = ids
            .ous
            .iter()
            .map(|(path, id)| (id.as_str(), path.as_str()))
            .collect();
        let named: BTreeSet<(OrganizationPolicyKind, &str)> = desired
            .policies
            .iter()
            .map(|policy| (policy.kind, policy.name.as_str()))
            .collect();
        let mut listed = Vec::new();
        for kind in OrganizationPolicyKind::ALL
            .into_iter()
            .filter(|kind| desired.uses(*kind))
        {
            let summaries = org
                .list_policies()
                .filter(policy_type(kind).as_str().into())
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("organizations:ListPolicies", error))?;
            for summary in summaries.iter().flat_map(
                aws_sdk_organizations::operation::list_policies::ListPoliciesOutput::policies,
            ) {
                if let (Some(id), Some(name)) = (summary.id(), summary.name()) {
                    listed.push((kind, id.to_owned(), name.to_owned(), summary.clone()));
                }
            }
        }
        let (org, paths, named) = (&org, &paths, &named);
        let read = self
            .each(
                "reading guardrails",
                &listed,
                |(_, _, name, _)| name.clone(),
                |(kind, id, name, summary)| async move {
                    let targets = read_targets(org, id, &ids.root, paths).await?;
                    let aws_managed = summary.aws_managed();
                    let managed = !aws_managed && read_managed(org, id).await?;
                    let content = if named.contains(&(*kind, name.as_str())) && !aws_managed {
                        org.describe_policy()
                            .policy_id(id)
                            .send()
                            .await
                            .map_err(|error| Error::aws("organizations:DescribePolicy", error))?
                            .policy()
                            .and_then(|policy| policy.content())
                            .map(str::to_owned)
                    } else {
                        None
                    };
                    Ok(LivePolicy {
                        id: id.clone(),
                        name: name.clone(),
                        kind: *kind,
                        description: summary.description().unwrap_or_default().to_owned(),
                        aws_managed,
                        managed,
                        content,
                        targets,
                    })
                },
            )
            .await?;
        live.policies.extend(read);
        Ok(live)
    }

    /// Runs one guardrail operation; `ids` has the root and OUs, and learns policy ids. A call
    /// whose effect is already there (a retried call whose first answer was lost) counts as done:
    /// an enabled type, a policy of jumpgate's with that name, an attachment that exists, a
    /// detachment or deletion of something gone.
    pub(crate) async fn run_guardrail_op(
        &self,
        org: &aws_sdk_organizations::Client,
        ids: &mut OrgIds,
        op: &GuardrailOp,
    ) -> Result<(), Error> {
        match op {
            GuardrailOp::EnablePolicyType { policy_type: kind } => {
                let enabled = org
                    .enable_policy_type()
                    .root_id(&ids.root)
                    .policy_type(policy_type(*kind))
                    .send()
                    .await;
                match enabled {
                    Ok(_) => Ok(()),
                    Err(error) if error.code() == Some("PolicyTypeAlreadyEnabledException") => {
                        Ok(())
                    }
                    Err(error) => Err(Error::aws("organizations:EnablePolicyType", error)),
                }
            }
            GuardrailOp::CreatePolicy {
                name,
                policy_type: kind,
                description,
                content,
            } => {
                let created = org
                    .create_policy()
                    .name(name)
                    .description(description)
                    .content(content)
                    .r#type(policy_type(*kind))
                    .tags(managed_tag()?)
                    .send()
                    .await;
                let id = match created {
                    Ok(created) => created
                        .policy()
                        .and_then(|policy| policy.policy_summary())
                        .and_then(|summary| summary.id())
                        .map(str::to_owned)
                        .ok_or_else(|| {
                            Error::unexpected("organizations:CreatePolicy", "no policy id")
                        })?,
                    Err(error) if error.code() == Some("DuplicatePolicyException") => {
                        let id = find_policy(org, *kind, name).await?;
                        match id {
                            Some(id) if read_managed(org, &id).await? => id,
                            _ => return Err(Error::aws("organizations:CreatePolicy", error)),
                        }
                    }
                    Err(error) => return Err(Error::aws("organizations:CreatePolicy", error)),
                };
                ids.policies.insert((*kind, name.clone()), id);
                Ok(())
            }
            GuardrailOp::UpdatePolicy {
                name,
                policy_type: kind,
                description,
                content,
            } => {
                let id = policy_id(org, ids, *kind, name).await?;
                org.update_policy()
                    .policy_id(id)
                    .name(name)
                    .description(description)
                    .content(content)
                    .send()
                    .await
                    .map_err(|error| Error::aws("organizations:UpdatePolicy", error))?;
                Ok(())
            }
            GuardrailOp::AttachPolicy {
                name,
                policy_type: kind,
                target,
            } => {
                let id = policy_id(org, ids, *kind, name).await?;
                let target = target_id(ids, target)?;
                match org
                    .attach_policy()
                    .policy_id(&id)
                    .target_id(&target)
                    .send()
                    .await
                {
                    Ok(_) => Ok(()),
                    Err(error) if error.code() == Some("DuplicatePolicyAttachmentException") => {
                        Ok(())
                    }
                    Err(error) => Err(Error::aws("organizations:AttachPolicy", error)),
                }
            }
            GuardrailOp::DetachPolicy {
                name,
                policy_type: kind,
                target,
            } => {
                let id = policy_id(org, ids, *kind, name).await?;
                let target = target_id(ids, target)?;
                match org
                    .detach_policy()
                    .policy_id(&id)
                    .target_id(&target)
                    .send()
                    .await
                {
                    Ok(_) => Ok(()),
                    Err(error) if error.code() == Some("PolicyNotAttachedException") => Ok(()),
                    Err(error) => Err(Error::aws("organizations:DetachPolicy", error)),
                }
            }
            GuardrailOp::DeletePolicy {
                name,
                policy_type: kind,
            } => {
                let Some(id) = find_policy(org, *kind, name).await? else {
                    return Ok(());
                };
                match org.delete_policy().policy_id(&id).send().await {
                    Ok(_) => {
                        ids.policies.remove(&(*kind, name.clone()));
                        Ok(())
                    }
                    Err(error) if error.code() == Some("PolicyNotFoundException") => Ok(()),
                    Err(error) => Err(Error::aws("organizations:DeletePolicy", error)),
                }
            }
        }
    }
}

/// Where a policy is attached: the root, OUs by path (`paths` by OU id), accounts.
async fn read_targets(
    org: &aws_sdk_organizations::Client,
    policy: &str,
    root: &str,
    paths: &HashMap<&str, &str>,
) -> Result<BTreeSet<LiveTarget>, Error> {
    const OPERATION: &str = "organizations:ListTargetsForPolicy";
    let pages = org
        .list_targets_for_policy()
        .policy_id(policy)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws(OPERATION, error))?;
    let mut targets = BTreeSet::new();
    for target in pages.iter().flat_map(aws_sdk_organizations::operation::list_targets_for_policy::ListTargetsForPolicyOutput::targets) {
        let Some(id) = target.target_id() else {
            continue;
        };
        let live = match target.r#type() {
            Some(TargetType::Root) if id == root => LiveTarget::Root,
            Some(TargetType::OrganizationalUnit) => match paths.get(id) {
                Some(path) => LiveTarget::Ou((*path).to_owned()),
                None => continue,
            },
            Some(TargetType::Account) => LiveTarget::Account(account_id(OPERATION, id)?),
            _ => continue,
        };
        targets.insert(live);
    }
    Ok(targets)
}

/// Whether the policy `id` carries `managed-by = jumpgate`.
async fn read_managed(org: &aws_sdk_organizations::Client, id: &str) -> Result<bool, Error> {
    let pages = org
        .list_tags_for_resource()
        .resource_id(id)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("organizations:ListTagsForResource", error))?;
    Ok(pages
        .iter()
        .flat_map(aws_sdk_organizations::operation::list_tags_for_resource::ListTagsForResourceOutput::tags)
        .any(|tag| tag.key() == MANAGED_TAG_KEY && tag.value() == MANAGED_TAG_VALUE))
}

/// The id of the policy of `kind` named `name`, if there is one.
async fn find_policy(
    org: &aws_sdk_organizations::Client,
    kind: OrganizationPolicyKind,
    name: &str,
) -> Result<Option<String>, Error> {
    let pages = org
        .list_policies()
        .filter(policy_type(kind).as_str().into())
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("organizations:ListPolicies", error))?;
    Ok(pages
        .iter()
        .flat_map(aws_sdk_organizations::operation::list_policies::ListPoliciesOutput::policies)
        .find(|policy| policy.name() == Some(name))
        .and_then(|policy| policy.id())
        .map(str::to_owned))
}

/// The id of the policy of `kind` named `name`: learned in this run, or looked up.
async fn policy_id(
    org: &aws_sdk_organizations::Client,
    ids: &mut OrgIds,
    kind: OrganizationPolicyKind,
    name: &str,
) -> Result<String, Error> {
    if let Some(id) = ids.policies.get(&(kind, name.to_owned())) {
        return Ok(id.clone());
    }
    let id = find_policy(org, kind, name).await?.ok_or_else(|| {
        Error::unexpected(
            "organizations:ListPolicies",
            format!("no {kind} named `{name}`"),
        )
    })?;
    ids.policies.insert((kind, name.to_owned()), id.clone());
    Ok(id)
}

/// The Organizations id of a target: the root's, an OU's (by path), an account's.
fn target_id(ids: &OrgIds, target: &GuardrailTarget) -> Result<String, Error> {
    Ok(match target {
        GuardrailTarget::Root => ids.root.clone(),
        GuardrailTarget::Ou { path } => ids.parent(path)?.to_owned(),
        GuardrailTarget::Account { account } => account.id.to_string(),
    })
}
