//! Planning a checked layout against AWS, applying it, executing a plan shown before, and
//! auditing the baseline: the reads of the other modules put through the pure planner.

use jumpgate_planner::audit::{AuditReport, audit};
use jumpgate_planner::credentials::{audit_credentials, desired_credentials};
use jumpgate_planner::desired::{desired_baseline, desired_iam, desired_org, with_ids};
use jumpgate_planner::guardrails::{GuardrailAudit, audit_guardrails, plan_guardrails};
use jumpgate_planner::guardrails_state::{DesiredGuardrails, desired_guardrails};
use jumpgate_planner::schedule::{Stage, schedule};
use jumpgate_planner::state::{AccountRef, DesiredOrg};
use jumpgate_planner::{Change, Op, Plan, PlanOptions, Target, plan_baseline, plan_iam, plan_org};
use org_model::CheckedLayout;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::StreamExt as _;

use crate::connection::CONCURRENT_ACCOUNT_CREATIONS;

use crate::organization::OrgIds;
use crate::{Aws, Error};

impl Aws {
    /// Plans `layout` against AWS: the organization, then IAM in every account with an id
    /// (accounts still to be created get their IAM on the apply that creates them), then the
    /// security baseline, then the guardrails (SCPs and RCPs, in the management account).
    pub async fn plan(&self, layout: &CheckedLayout, options: PlanOptions) -> Result<Plan, Error> {
        self.check_caller(layout)?;
        let (org, ids) = self.read_org_ids().await?;
        let desired = desired_org(layout, &org);
        let mut plan = plan_org(&desired, &org);
        let layout = with_ids(layout, &desired)?;
        let baseline = desired_baseline(&layout, &org)?;
        // An organization this plan creates has none yet: its guardrails are planned from
        // nothing, and made in the same execution.
        let guardrails = self.desired_guardrails(&layout, &desired)?;
        // IAM, the baseline and the guardrails are read side by side (each bounded by the
        // parallelism; one after another at a parallelism of 1); the plan puts them in its
        // own order.
        let iam = Box::pin(self.plan_iam(&layout, &desired, options));
        let live_baseline = Box::pin(self.read_baseline(&baseline));
        let live_guardrails = Box::pin(self.read_guardrails_of(&guardrails, &org, &ids));
        let (iam, live_baseline, live_guardrails) = if self.parallelism() == 1 {
            (iam.await?, live_baseline.await?, live_guardrails.await?)
        } else {
            tokio::try_join!(iam, live_baseline, live_guardrails)?
        };
        plan.extend(iam);
        plan.extend(plan_baseline(&baseline, &live_baseline));
        plan.extend(plan_guardrails(&guardrails, &live_guardrails, options));
        Ok(plan)
    }

    /// The guardrails of `layout`; refused when the role jumpgate assumes in member accounts is
    /// not one of the layout's deployment roles (the guardrails would lock it out).
    fn desired_guardrails(
        &self,
        layout: &CheckedLayout,
        org: &DesiredOrg,
    ) -> Result<DesiredGuardrails, Error> {
        let guardrails = desired_guardrails(layout, org)?;
        if let Some(settings) = &layout.guardrails {
            let role = self.settings.member_role.trim_start_matches('/');
            if !settings
                .deployment_roles
                .iter()
                .any(|deployment| deployment.trim_start_matches('/') == role)
            {
                return Err(Error::NotADeploymentRole {
                    role: self.settings.member_role.clone(),
                    deployment_roles: settings.deployment_roles.clone(),
                });
            }
        }
        Ok(guardrails)
    }

    /// Audits the guardrails of `layout`: each SCP and RCP on each target it belongs on, ok,
    /// missing or drifted, with read calls only. Empty when the layout has no guardrails.
    pub async fn audit_guardrails(&self, layout: &CheckedLayout) -> Result<GuardrailAudit, Error> {
        self.check_caller(layout)?;
        let org = self.read_org().await?;
        let desired = desired_org(layout, &org);
        let guardrails = desired_guardrails(layout, &desired)?;
        let live = self.read_guardrails(&guardrails).await?;
        Ok(audit_guardrails(&guardrails, &live))
    }

    /// Plans IAM of `layout`, whose account ids are filled in from `org`.
    async fn plan_iam(
        &self,
        layout: &CheckedLayout,
        org: &DesiredOrg,
        options: PlanOptions,
    ) -> Result<Plan, Error> {
        let desired = desired_iam(layout)?;
        let accounts: Vec<AccountRef> = org
            .accounts
            .iter()
            .filter_map(|account| {
                account.id.map(|id| AccountRef {
                    name: account.name.clone(),
                    id,
                })
            })
            .collect();
        let jump = layout.jump_account().and_then(|jump| jump.id);
        let live = self.read_iam(&accounts, jump, options.adopt).await?;
        Ok(plan_iam(&desired, &live, options))
    }

    /// Applies `layout`: plans it and executes exactly that plan ([`Aws::execute`]). When the
    /// plan created accounts, their IAM could not be planned before they had ids: it is
    /// planned and executed in a second round. Returns everything that was applied.
    pub async fn apply(&self, layout: &CheckedLayout, options: PlanOptions) -> Result<Plan, Error> {
        let plan = self.plan(layout, options).await?;
        self.execute(&plan).await?;
        let mut applied = plan;
        if creates_accounts(&applied) {
            let more = self.plan(layout, options).await?;
            self.execute(&more).await?;
            applied.extend(more);
        }
        Ok(applied)
    }

    /// Audits the baseline and the credentials of `layout` (reads every account with read
    /// calls only, and asks IAM to generate the credential report), then each guardrail per
    /// target ([`Aws::audit_guardrails`]); reports each item as ok, missing, drifted, stale or
    /// waived.
    pub async fn audit(&self, layout: &CheckedLayout) -> Result<AuditReport, Error> {
        self.check_caller(layout)?;
        let (org, ids) = self.read_org_ids().await?;
        let baseline = desired_baseline(layout, &org)?;
        let credentials = desired_credentials(layout, &org)?;
        let guardrails = desired_guardrails(layout, &desired_org(layout, &org))?;
        // The three parts are read side by side, each bounded by the parallelism (one after
        // another at a parallelism of 1).
        let live_baseline = Box::pin(self.read_baseline(&baseline));
        let live_credentials = Box::pin(self.read_credentials(&credentials));
        let live_guardrails = Box::pin(self.read_guardrails_of(&guardrails, &org, &ids));
        let (live_baseline, live_credentials, live_guardrails) = if self.parallelism() == 1 {
            (
                live_baseline.await?,
                live_credentials.await?,
                live_guardrails.await?,
            )
        } else {
            tokio::try_join!(live_baseline, live_credentials, live_guardrails)?
        };
        let mut report = audit(&baseline, &live_baseline);
        report.merge(audit_credentials(
            &credentials,
            &live_credentials,
            crate::credentials::now(),
        ));
        Ok(report.with_guardrails(audit_guardrails(&guardrails, &live_guardrails)))
    }

    /// Refuses a layout of another partition, or credentials that are not its management
    /// account's (when the layout knows that account's id).
    fn check_caller(&self, layout: &CheckedLayout) -> Result<(), Error> {
        let partition = layout.organization.partition;
        if partition != self.settings.partition {
            return Err(Error::PartitionMismatch {
                layout: partition,
                connection: self.settings.partition,
            });
        }
        let management = layout
            .account_named(&layout.organization.management_account)
            .and_then(|account| account.id);
        match management {
            Some(management) if management != self.caller_account() => {
                Err(Error::NotManagementAccount {
                    caller: self.caller_account(),
                    management,
                })
            }
            _ => Ok(()),
        }
    }

    /// Executes exactly the operations of `plan`: organization changes in the management
    /// account, one at a time in the plan's order; IAM and baseline changes in their accounts,
    /// up to [`Settings::parallelism`](crate::Settings::parallelism) accounts at once, each
    /// account's changes in order (see [`jumpgate_planner::schedule`]); account creations up to
    /// [`CONCURRENT_ACCOUNT_CREATIONS`] at once.
    /// With a parallelism of 1, every change runs alone in the plan's order. Nothing is
    /// planned again, so nothing beyond what the plan shows is written. When an operation
    /// fails (AWS changed since the plan was made), no further change starts, those running
    /// finish, and the error names the failed change that comes first in the plan (the
    /// changes that finished stay applied).
    pub async fn execute(&self, plan: &Plan) -> Result<(), Error> {
        let creates_login_profiles = plan
            .changes
            .iter()
            .flat_map(|change| &change.ops)
            .any(|op| matches!(op, Op::CreateLoginProfile { .. }));
        if creates_login_profiles && self.settings.credentials.is_none() {
            return Err(Error::NoCredentialSink);
        }
        let progress = self.settings.progress.as_deref();
        if let Some(progress) = progress {
            progress.begin(APPLYING, plan.changes.len());
        }
        let result = self.execute_stages(plan).await;
        if let Some(progress) = progress {
            progress.end(APPLYING);
        }
        result
    }

    async fn execute_stages(&self, plan: &Plan) -> Result<(), Error> {
        let mut ids: Option<OrgIds> = None;
        let stages = if self.parallelism() == 1 {
            (0..plan.changes.len()).map(Stage::Organization).collect()
        } else {
            schedule(plan)
        };
        for stage in stages {
            match stage {
                Stage::Organization(index) => {
                    let change = &plan.changes[index];
                    self.tracked(change, Box::pin(self.run_change(change, &mut ids)))
                        .await
                        .map_err(|error| apply_error(change, error))?;
                }
                Stage::AccountCreations(indices) => {
                    let known = self.org_ids(&mut ids).await?;
                    let width = self.parallelism().min(CONCURRENT_ACCOUNT_CREATIONS);
                    let created = self
                        .run_lanes(
                            plan,
                            indices.iter().map(std::slice::from_ref),
                            width,
                            |change| self.run_account_creation(change, known),
                        )
                        .await?;
                    known.accounts.extend(created);
                }
                Stage::Accounts(lanes) => {
                    self.run_lanes(
                        plan,
                        lanes.iter().map(|lane| lane.changes.as_slice()),
                        self.parallelism(),
                        |change| self.run_account_change(change),
                    )
                    .await?;
                }
            }
        }
        Ok(())
    }

    /// Runs `work` on each lane's changes of `plan` (a lane's changes in order, `width` lanes
    /// at once); after a failure no further change starts and the running ones finish.
    /// Returns the results of all, or the failure that comes first in the plan.
    async fn run_lanes<'a, T, F, Fut>(
        &'a self,
        plan: &'a Plan,
        lanes: impl Iterator<Item = &'a [usize]>,
        width: usize,
        work: F,
    ) -> Result<Vec<T>, Error>
    where
        F: Fn(&'a Change) -> Fut,
        Fut: std::future::Future<Output = Result<T, Error>>,
    {
        let stopped = AtomicBool::new(false);
        let (stopped, work) = (&stopped, &work);
        let ran: Vec<LaneOutcome<T>> = futures_util::stream::iter(lanes.map(|lane| async move {
            let mut done = Vec::new();
            for &index in lane {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let change = &plan.changes[index];
                match self.tracked(change, Box::pin(work(change))).await {
                    Ok(value) => done.push(value),
                    Err(error) => {
                        stopped.store(true, Ordering::SeqCst);
                        return (done, Some((index, error)));
                    }
                }
            }
            (done, None)
        }))
        .buffer_unordered(width.max(1))
        .collect()
        .await;
        let mut done = Vec::new();
        let mut failures = Vec::new();
        for (values, failure) in ran {
            done.extend(values);
            failures.extend(failure);
        }
        first_failure(plan, failures)?;
        Ok(done)
    }

    /// Runs `work` for `change`, telling the progress reporter.
    async fn tracked<T>(
        &self,
        change: &Change,
        work: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        let progress = self.settings.progress.as_deref();
        if let Some(progress) = progress {
            progress.started(
                APPLYING,
                &format!("{} {} in {}", change.action, change.resource, change.target),
            );
        }
        let result = work.await;
        if let Some(progress) = progress {
            progress.finished(APPLYING);
        }
        result
    }

    /// The organization's ids, read once per execution.
    async fn org_ids<'a>(&self, ids: &'a mut Option<OrgIds>) -> Result<&'a mut OrgIds, Error> {
        Ok(match ids {
            Some(ids) => ids,
            None => ids.insert(self.read_org_ids().await?.1),
        })
    }

    async fn run_change(&self, change: &Change, ids: &mut Option<OrgIds>) -> Result<(), Error> {
        match &change.target {
            Target::Organization => {
                let ids = self.org_ids(ids).await?;
                let org = self.org();
                for op in &change.ops {
                    self.run_org_op(&org, ids, op).await?;
                }
                Ok(())
            }
            Target::Account(_) => self.run_account_change(change).await,
        }
    }

    /// Runs an account creation change (`CreateAccount`, perhaps a move into its OU); returns
    /// the new account's email (lowercase) and id.
    async fn run_account_creation(
        &self,
        change: &Change,
        ids: &OrgIds,
    ) -> Result<(String, String), Error> {
        let org = self.org();
        let [Op::CreateAccount { name, email }, rest @ ..] = change.ops.as_slice() else {
            return Err(Error::unexpected(
                "organizations:CreateAccount",
                "not an account creation",
            ));
        };
        let id = self.create_account_adopting(&org, name, email).await?;
        for op in rest {
            if let Op::MoveAccount { ou, .. } = op {
                self.move_account(&org, ids, &id, ou).await?;
            }
        }
        Ok((email.to_ascii_lowercase(), id))
    }

    async fn run_account_change(&self, change: &Change) -> Result<(), Error> {
        let Target::Account(account) = &change.target else {
            return Err(Error::unexpected(
                "jumpgate",
                "an organization change among account changes",
            ));
        };
        let iam = self.iam(account.id).await?;
        for op in &change.ops {
            match op {
                Op::Baseline { region, call } => {
                    self.run_baseline_op(account.id, region, call).await?;
                }
                Op::CreateLoginProfile {
                    user,
                    password_length,
                    password_reset_required,
                } => {
                    let sink = self
                        .settings
                        .credentials
                        .as_deref()
                        .ok_or(Error::NoCredentialSink)?;
                    crate::credentials::create_login_profile(
                        &iam,
                        sink,
                        account.id,
                        user,
                        *password_length,
                        *password_reset_required,
                    )
                    .await?;
                }
                _ => crate::iam::run_iam_op(&iam, op).await?,
            }
        }
        Ok(())
    }
}

/// What one lane of [`Aws::run_lanes`] did: its changes' results, and the failure that stopped it.
type LaneOutcome<T> = (Vec<T>, Option<(usize, Error)>);

/// An [`Error::Apply`] naming `change`.
fn apply_error(change: &Change, error: Error) -> Error {
    Error::Apply {
        change: format!("{} in {}", change.resource, change.target),
        source: Box::new(error),
    }
}

/// The failure that comes first in `plan`, as an [`Error::Apply`]; `Ok` when there is none.
fn first_failure(
    plan: &Plan,
    failures: impl IntoIterator<Item = (usize, Error)>,
) -> Result<(), Error> {
    match failures.into_iter().min_by_key(|(index, _)| *index) {
        Some((index, error)) => Err(apply_error(&plan.changes[index], error)),
        None => Ok(()),
    }
}

/// The progress phase of [`Aws::execute`].
const APPLYING: &str = "applying";

/// Whether `plan` creates accounts (whose IAM is planned once they have ids).
fn creates_accounts(plan: &Plan) -> bool {
    plan.changes
        .iter()
        .flat_map(|change| &change.ops)
        .any(|op| matches!(op, Op::CreateAccount { .. }))
}
