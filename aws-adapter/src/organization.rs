//! AWS Organizations: reading the organization (OUs by path, accounts with their OU) and
//! running the organization's operations of a plan.

use std::collections::HashMap;

use aws_config::retry::RetryConfig;
use jumpgate_planner::Op;
use jumpgate_planner::state::{LiveAccount, OrgState};
use org_model::guardrails::OrganizationPolicyKind;

use crate::error::account_id;
use crate::{Aws, Error};

impl Aws {
    /// Reads the organization (OUs by path, accounts with their OU).
    pub async fn read_org(&self) -> Result<OrgState, Error> {
        Ok(self.read_org_ids().await?.0)
    }

    /// Reads the organization, and the ids of its root and OUs (by path).
    pub(crate) async fn read_org_ids(&self) -> Result<(OrgState, OrgIds), Error> {
        let org = self.org();
        let described = match org.describe_organization().send().await {
            Ok(described) => described,
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(aws_sdk_organizations::operation::describe_organization::DescribeOrganizationError::is_aws_organizations_not_in_use_exception) =>
            {
                return Ok((OrgState::default(), OrgIds::default()));
            }
            Err(error) => return Err(Error::aws("organizations:DescribeOrganization", error)),
        };
        let management = described
            .organization()
            .and_then(|organization| organization.master_account_id())
            .map(|id| account_id("organizations:DescribeOrganization", id))
            .transpose()?;
        let roots: Vec<_> = org
            .list_roots()
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|error| Error::aws("organizations:ListRoots", error))?
            .iter()
            .flat_map(|page| page.roots().to_vec())
            .collect();
        let root = roots
            .first()
            .and_then(|root| root.id())
            .ok_or_else(|| Error::unexpected("organizations:ListRoots", "no root"))?
            .to_owned();
        let mut ids = OrgIds {
            root: root.clone(),
            ..OrgIds::default()
        };
        let mut paths_by_id: HashMap<String, String> = HashMap::new();
        paths_by_id.insert(root.clone(), String::new());
        let mut queue = vec![(root, String::new())];
        while let Some((parent, parent_path)) = queue.pop() {
            let children: Vec<_> = org
                .list_organizational_units_for_parent()
                .parent_id(&parent)
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|error| {
                    Error::aws("organizations:ListOrganizationalUnitsForParent", error)
                })?
                .iter()
                .flat_map(|page| page.organizational_units().to_vec())
                .collect();
            for ou in children {
                let (Some(id), Some(name)) = (ou.id(), ou.name()) else {
                    continue;
                };
                let path = if parent_path.is_empty() {
                    name.to_owned()
                } else {
                    format!("{parent_path}/{name}")
                };
                ids.ous.insert(path.clone(), id.to_owned());
                paths_by_id.insert(id.to_owned(), path.clone());
                queue.push((id.to_owned(), path));
            }
        }
        // One listing per parent (the root and each OU) gives every account with its OU: as
        // many calls as there are OUs, instead of one `ListParents` per account.
        let mut parents: Vec<(&String, &String)> = paths_by_id.iter().collect();
        parents.sort_by(|a, b| a.1.cmp(b.1));
        let mut accounts = Vec::new();
        for (parent, path) in parents {
            let pages: Vec<_> = org
                .list_accounts_for_parent()
                .parent_id(parent)
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("organizations:ListAccountsForParent", error))?;
            for account in pages
                .iter()
                .flat_map(aws_sdk_organizations::operation::list_accounts_for_parent::ListAccountsForParentOutput::accounts)
            {
                let Some(id) = account.id() else { continue };
                let email = account.email().unwrap_or_default().to_owned();
                ids.accounts
                    .insert(email.to_ascii_lowercase(), id.to_owned());
                accounts.push(LiveAccount {
                    id: account_id("organizations:ListAccountsForParent", id)?,
                    name: account.name().unwrap_or_default().to_owned(),
                    email,
                    ou: path.clone(),
                });
            }
        }
        accounts.sort_by_key(|account| account.id);
        let state = OrgState {
            exists: true,
            management_account: management,
            ous: ids.ous.keys().cloned().collect(),
            accounts,
        };
        Ok((state, ids))
    }

    /// Runs one organization operation; `ids` learns the root and the OUs it creates.
    pub(crate) async fn run_org_op(
        &self,
        org: &aws_sdk_organizations::Client,
        ids: &mut OrgIds,
        op: &Op,
    ) -> Result<(), Error> {
        use aws_sdk_organizations::error::ProvideErrorMetadata as _;
        match op {
            Op::CreateOrganization => {
                let created = org
                    .create_organization()
                    .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
                    .send()
                    .await;
                if let Err(error) = created {
                    // A lost answer: the organization exists, and this account manages it.
                    let adopted = error.code() == Some("AlreadyInOrganizationException")
                        && org.describe_organization().send().await.is_ok_and(|found| {
                            found
                                .organization()
                                .and_then(|organization| organization.master_account_id())
                                == Some(self.caller_account().as_str())
                        });
                    if !adopted {
                        return Err(Error::aws("organizations:CreateOrganization", error));
                    }
                }
                let roots = org
                    .list_roots()
                    .send()
                    .await
                    .map_err(|error| Error::aws("organizations:ListRoots", error))?;
                ids.root = roots
                    .roots()
                    .first()
                    .and_then(|root| root.id())
                    .ok_or_else(|| Error::unexpected("organizations:ListRoots", "no root"))?
                    .to_owned();
            }
            Op::CreateOu { parent, name } => {
                let parent_id = ids.parent(parent)?;
                let id = self.create_ou(org, parent_id, name).await?;
                let path = if parent.is_empty() {
                    name.clone()
                } else {
                    format!("{parent}/{name}")
                };
                ids.ous.insert(path, id);
            }
            Op::CreateAccount { name, email } => {
                let id = self.create_account_adopting(org, name, email).await?;
                ids.accounts.insert(email.to_ascii_lowercase(), id);
            }
            Op::MoveAccount { email, ou } => {
                let account_id = match ids.accounts.get(&email.to_ascii_lowercase()) {
                    Some(id) => id.clone(),
                    None => find_account(org, email).await?,
                };
                self.move_account(org, ids, &account_id, ou).await?;
            }
            Op::Guardrail { call } => self.run_guardrail_op(org, ids, call).await?,
            _ => {}
        }
        Ok(())
    }

    /// Creates an account and returns its id; after a lost answer whose retry finds the email
    /// taken, the member with that email is the account. Records it as created by this
    /// connection ([`Aws::session`] then waits for its role to become assumable).
    pub(crate) async fn create_account_adopting(
        &self,
        org: &aws_sdk_organizations::Client,
        name: &str,
        email: &str,
    ) -> Result<String, Error> {
        let id = match self.create_account(org, name, email).await {
            Ok(id) => id,
            Err(Error::AccountCreation { message, .. }) if message == "EMAIL_ALREADY_EXISTS" => {
                find_account(org, email).await?
            }
            Err(error) => return Err(error),
        };
        self.created_account(account_id("organizations:CreateAccount", &id)?);
        Ok(id)
    }

    /// Moves `account_id` into the OU at `ou` (the root when empty), unless it is there.
    pub(crate) async fn move_account(
        &self,
        org: &aws_sdk_organizations::Client,
        ids: &OrgIds,
        account_id: &str,
        ou: &str,
    ) -> Result<(), Error> {
        let destination = ids.parent(ou)?.to_owned();
        let parents = org
            .list_parents()
            .child_id(account_id)
            .send()
            .await
            .map_err(|error| Error::aws("organizations:ListParents", error))?;
        let source = parents
            .parents()
            .first()
            .and_then(|parent| parent.id())
            .ok_or_else(|| Error::unexpected("organizations:ListParents", "no parent"))?;
        if source == destination {
            return Ok(());
        }
        let moved = org
            .move_account()
            .account_id(account_id)
            .source_parent_id(source)
            .destination_parent_id(&destination)
            .send()
            .await;
        if let Err(error) = moved {
            // A lost answer: the retried move finds the account moved already.
            let parent = org.list_parents().child_id(account_id).send().await;
            let arrived = parent.is_ok_and(|parents| {
                parents.parents().first().and_then(|parent| parent.id())
                    == Some(destination.as_str())
            });
            if !arrived {
                return Err(Error::aws("organizations:MoveAccount", error));
            }
        }
        Ok(())
    }

    /// `organizations:CreateOrganizationalUnit`, retried here rather than by the SDK: after a
    /// lost answer it first looks whether the OU was made (Organizations is not guaranteed to
    /// refuse a duplicate OU name on the retry, and emulators do not). An OU that exists
    /// (made by the lost attempt, or since the plan) is used: OUs carry no mark, and the
    /// planner takes any OU at the path as the layout's.
    async fn create_ou(
        &self,
        org: &aws_sdk_organizations::Client,
        parent_id: &str,
        name: &str,
    ) -> Result<String, Error> {
        use aws_sdk_organizations::error::{ProvideErrorMetadata as _, SdkError};
        const OPERATION: &str = "organizations:CreateOrganizationalUnit";
        let attempts = self.settings.retry.max_attempts.max(1);
        let mut backoff = self.settings.retry.initial_backoff;
        let mut attempt = 1;
        loop {
            let created = org
                .create_organizational_unit()
                .parent_id(parent_id)
                .name(name)
                .customize()
                .config_override(
                    aws_sdk_organizations::config::Builder::default()
                        .retry_config(RetryConfig::disabled()),
                )
                .send()
                .await;
            let error = match created {
                Ok(created) => {
                    return created
                        .organizational_unit()
                        .and_then(|ou| ou.id())
                        .map(str::to_owned)
                        .ok_or_else(|| Error::unexpected(OPERATION, "no OU id"));
                }
                Err(error) => error,
            };
            let answer_lost = !matches!(error, SdkError::ServiceError(_));
            let duplicate = error.code() == Some("DuplicateOrganizationalUnitException");
            if (answer_lost || duplicate)
                && let Some(id) = find_ou(org, parent_id, name).await?
            {
                return Ok(id);
            }
            let retryable = answer_lost
                || matches!(
                    error.code(),
                    Some("ThrottlingException" | "TooManyRequestsException" | "ServiceException")
                );
            if !retryable || attempt >= attempts {
                return Err(Error::aws(OPERATION, error));
            }
            tokio::time::sleep(backoff).await;
            backoff = backoff.saturating_mul(2);
            attempt += 1;
        }
    }

    async fn create_account(
        &self,
        org: &aws_sdk_organizations::Client,
        name: &str,
        email: &str,
    ) -> Result<String, Error> {
        use aws_sdk_organizations::types::CreateAccountState;
        let created = org
            .create_account()
            .account_name(name)
            .email(email)
            .send()
            .await
            .map_err(|error| Error::aws("organizations:CreateAccount", error))?;
        let mut status = created
            .create_account_status()
            .cloned()
            .ok_or_else(|| Error::unexpected("organizations:CreateAccount", "no status"))?;
        let mut interval = self.settings.create_account_interval;
        for _ in 0..self.settings.create_account_polls {
            match status.state() {
                Some(CreateAccountState::Succeeded) => {
                    return status.account_id().map(str::to_owned).ok_or_else(|| {
                        Error::unexpected(
                            "organizations:DescribeCreateAccountStatus",
                            "no account id",
                        )
                    });
                }
                Some(CreateAccountState::Failed) => {
                    return Err(Error::AccountCreation {
                        email: email.to_owned(),
                        message: status.failure_reason().map_or_else(
                            || "failed".to_owned(),
                            |reason| reason.as_str().to_owned(),
                        ),
                    });
                }
                _ => {}
            }
            tokio::time::sleep(interval).await;
            // Poll less often the longer it takes (account creation takes minutes).
            interval = interval
                .saturating_add(interval / 2)
                .min(std::time::Duration::from_secs(60));
            let request = status
                .id()
                .ok_or_else(|| Error::unexpected("organizations:CreateAccount", "no request id"))?;
            status = org
                .describe_create_account_status()
                .create_account_request_id(request)
                .send()
                .await
                .map_err(|error| Error::aws("organizations:DescribeCreateAccountStatus", error))?
                .create_account_status()
                .cloned()
                .ok_or_else(|| {
                    Error::unexpected("organizations:DescribeCreateAccountStatus", "no status")
                })?;
        }
        Err(Error::AccountCreation {
            email: email.to_owned(),
            message: format!(
                "still in progress after {} polls; run apply again later",
                self.settings.create_account_polls
            ),
        })
    }
}

/// Ids the organization operations need.
#[derive(Debug, Default)]
pub(crate) struct OrgIds {
    pub(crate) root: String,
    /// OU ids by path.
    pub(crate) ous: HashMap<String, String>,
    /// Account ids by root email (lowercase), learned from the listing and from creations.
    pub(crate) accounts: HashMap<String, String>,
    /// SCP and RCP ids by type and name, learned as the guardrail operations need them.
    pub(crate) policies: HashMap<(OrganizationPolicyKind, String), String>,
}

impl OrgIds {
    /// The id of the root (empty path) or the OU at `path`.
    pub(crate) fn parent(&self, path: &str) -> Result<&str, Error> {
        if path.is_empty() {
            return Ok(&self.root);
        }
        self.ous
            .get(path)
            .map(String::as_str)
            .ok_or_else(|| Error::unexpected("organizations", format!("OU `{path}` not found")))
    }
}

async fn list_accounts(
    org: &aws_sdk_organizations::Client,
) -> Result<Vec<aws_sdk_organizations::types::Account>, Error> {
    Ok(org
        .list_accounts()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("organizations:ListAccounts", error))?
        .iter()
        .flat_map(|page| page.accounts().to_vec())
        .collect())
}

/// The id of the OU `name` directly under `parent`, if there is one.
async fn find_ou(
    org: &aws_sdk_organizations::Client,
    parent: &str,
    name: &str,
) -> Result<Option<String>, Error> {
    let children = org
        .list_organizational_units_for_parent()
        .parent_id(parent)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("organizations:ListOrganizationalUnitsForParent", error))?;
    Ok(children
        .iter()
        .flat_map(aws_sdk_organizations::operation::list_organizational_units_for_parent::ListOrganizationalUnitsForParentOutput::organizational_units)
        .find(|ou| ou.name() == Some(name))
        .and_then(|ou| ou.id())
        .map(str::to_owned))
}

async fn find_account(org: &aws_sdk_organizations::Client, email: &str) -> Result<String, Error> {
    let accounts = list_accounts(org).await?;
    accounts
        .iter()
        .find(|account| {
            account
                .email()
                .is_some_and(|found| found.eq_ignore_ascii_case(email))
        })
        .and_then(|account| account.id())
        .map(str::to_owned)
        .ok_or_else(|| {
            Error::unexpected(
                "organizations:ListAccounts",
                format!("no account with email {email}"),
            )
        })
}
