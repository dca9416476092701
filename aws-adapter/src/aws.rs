//! The thin shell over the AWS SDK for Rust: sessions per account, reading live state and
//! running plan operations. Everything here translates between SDK types and [`crate::state`].

mod baseline;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_iam::types::Tag;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_types::config_bag::ConfigBag;
use iam_policy::Policy;
use org_model::Layout;

use crate::Error;
use crate::desired::{desired_iam, desired_org, with_ids};
use crate::plan::{Change, Op, Plan, PlanOptions, Target, plan_iam, plan_org};
use crate::state::{
    AccountIam, AccountRef, GroupState, IamState, LiveAccount, MANAGED_GROUP_PATH, MANAGED_TAG_KEY,
    MANAGED_TAG_VALUE, ManagedPolicyState, OrgState, PolicyEntity, RoleState, UserState,
};

/// How the SDK retries: the standard strategy (exponential backoff with full jitter; throttling
/// and transient errors are retried).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetrySettings {
    /// Attempts per call, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// The first backoff; later ones grow exponentially (jittered).
    pub initial_backoff: Duration,
}

impl Default for RetrySettings {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(500),
        }
    }
}

impl RetrySettings {
    /// No retries (tests against moto).
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            initial_backoff: Duration::from_millis(1),
        }
    }

    /// The SDK retry configuration.
    pub fn to_config(self) -> RetryConfig {
        if self.max_attempts <= 1 {
            RetryConfig::disabled()
        } else {
            RetryConfig::standard()
                .with_max_attempts(self.max_attempts)
                .with_initial_backoff(self.initial_backoff)
        }
    }
}

/// How to connect.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A custom endpoint for every service (moto, LocalStack).
    pub endpoint_url: Option<String>,
    /// A named profile from the shared config files.
    pub profile: Option<String>,
    /// The Region (`us-east-1` when neither this nor the environment sets one).
    pub region: Option<String>,
    /// Retries.
    pub retry: RetrySettings,
    /// The role assumed in member accounts.
    pub member_role: String,
    /// The partition of the accounts (`aws`, `aws-cn`, `aws-us-gov`), for the ARNs of the roles
    /// assumed in them; planning and applying a layout of another partition is refused. The
    /// CLI takes it from the layout (`organization.partition`).
    pub partition: String,
    /// How often to poll a CreateAccount request before giving up.
    pub create_account_polls: u32,
    /// The wait between polls.
    pub create_account_interval: Duration,
    /// Report each change on standard error as it is applied (the CLI sets this when standard
    /// error is a terminal).
    pub show_progress: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            endpoint_url: None,
            profile: None,
            region: None,
            retry: RetrySettings::default(),
            member_role: "OrganizationAccountAccessRole".to_owned(),
            partition: "aws".to_owned(),
            show_progress: false,
            create_account_polls: 60,
            create_account_interval: Duration::from_secs(5),
        }
    }
}

/// The HTTP client: rustls with ring.
fn http_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    use aws_smithy_http_client::tls;
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

/// Loads an SDK configuration from the environment and shared config (honouring `settings`).
pub async fn load_config(settings: &Settings) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http_client())
        .retry_config(settings.retry.to_config());
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;
    if config.region().is_some() && settings.region.is_none() {
        return config;
    }
    let region = settings
        .region
        .clone()
        .unwrap_or_else(|| "us-east-1".to_owned());
    config.into_builder().region(Region::new(region)).build()
}

/// An SDK configuration with static credentials (tests, and sessions of assumed roles).
pub fn static_config(settings: &Settings, credentials: Credentials) -> SdkConfig {
    let mut builder = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .http_client(http_client())
        .region(Region::new(
            settings
                .region
                .clone()
                .unwrap_or_else(|| "us-east-1".to_owned()),
        ))
        .retry_config(settings.retry.to_config())
        .credentials_provider(SharedCredentialsProvider::new(credentials));
    if let Some(url) = &settings.endpoint_url {
        builder = builder.endpoint_url(url);
    }
    builder.build()
}

/// Counts write calls (anything but `Get*`, `List*`, `Describe*` and STS calls) made through
/// clients it is installed on, and remembers their names.
#[derive(Debug, Clone, Default)]
pub struct WriteCounter {
    count: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    names: Arc<Mutex<Vec<String>>>,
}

impl WriteCounter {
    /// How many write calls were made.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// How many calls were made, reads included (STS aside: it runs on its own clients).
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The operation names of the write calls, in order.
    pub fn names(&self) -> Vec<String> {
        self.names
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Intercept for WriteCounter {
    fn name(&self) -> &'static str {
        "jumpgate-write-counter"
    }

    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        if let Some(metadata) = cfg.load::<Metadata>() {
            let name = metadata.name();
            let read = ["Get", "List", "Describe"]
                .iter()
                .any(|prefix| name.starts_with(prefix));
            if !read && metadata.service() != "STS" && metadata.service() != "sts" {
                self.count.fetch_add(1, Ordering::SeqCst);
                self.names
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(format!("{}:{name}", metadata.service()));
            }
        }
        Ok(())
    }
}

/// A connection to AWS as the management account, reaching member accounts by assuming
/// [`Settings::member_role`].
#[derive(Debug)]
pub struct Aws {
    base: SdkConfig,
    settings: Settings,
    counter: WriteCounter,
    caller: String,
    sessions: Mutex<HashMap<String, SdkConfig>>,
}

impl Aws {
    /// Connects with the default credential chain (profile, environment, ...).
    pub async fn connect(settings: Settings) -> Result<Self, Error> {
        let config = load_config(&settings).await;
        Self::from_config(config, settings).await
    }

    /// Connects with a ready SDK configuration (its credentials are the management account's).
    pub async fn from_config(base: SdkConfig, settings: Settings) -> Result<Self, Error> {
        let sts = aws_sdk_sts::Client::new(&base);
        let identity = sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|error| Error::aws("sts:GetCallerIdentity", error))?;
        let caller = identity
            .account()
            .ok_or_else(|| Error::unexpected("sts:GetCallerIdentity", "no account"))?
            .to_owned();
        Ok(Self {
            base,
            settings,
            counter: WriteCounter::default(),
            caller,
            sessions: Mutex::new(HashMap::new()),
        })
    }

    /// The write-call counter of every client this connection makes.
    pub fn writes(&self) -> &WriteCounter {
        &self.counter
    }

    /// The account the credentials belong to.
    pub fn caller_account(&self) -> &str {
        &self.caller
    }

    async fn session(&self, account: &str) -> Result<SdkConfig, Error> {
        if account == self.caller {
            return Ok(self.base.clone());
        }
        if let Some(config) = self
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(account)
        {
            return Ok(config.clone());
        }
        let config = assume_role(
            &self.base,
            &self.settings,
            account,
            &self.settings.member_role,
        )
        .await?;
        self.sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(account.to_owned(), config.clone());
        Ok(config)
    }

    async fn iam(&self, account: &str) -> Result<aws_sdk_iam::Client, Error> {
        let config = self.session(account).await?;
        let conf = aws_sdk_iam::config::Builder::from(&config)
            .interceptor(self.counter.clone())
            .build();
        Ok(aws_sdk_iam::Client::from_conf(conf))
    }

    fn org(&self) -> aws_sdk_organizations::Client {
        let conf = aws_sdk_organizations::config::Builder::from(&self.base)
            .interceptor(self.counter.clone())
            .build();
        aws_sdk_organizations::Client::from_conf(conf)
    }

    /// Reads the organization (OUs by path, accounts with their OU).
    pub async fn read_org(&self) -> Result<OrgState, Error> {
        Ok(self.read_org_ids().await?.0)
    }

    async fn read_org_ids(&self) -> Result<(OrgState, OrgIds), Error> {
        let org = self.org();
        let described = match org.describe_organization().send().await {
            Ok(described) => described,
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|error| error.is_aws_organizations_not_in_use_exception()) =>
            {
                return Ok((OrgState::default(), OrgIds::default()));
            }
            Err(error) => return Err(Error::aws("organizations:DescribeOrganization", error)),
        };
        let management = described
            .organization()
            .and_then(|organization| organization.master_account_id())
            .map(str::to_owned);
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
            ous: HashMap::new(),
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
        let listed = list_accounts(&org).await?;
        let mut accounts = Vec::new();
        for account in listed {
            let Some(id) = account.id() else { continue };
            let parents = org
                .list_parents()
                .child_id(id)
                .send()
                .await
                .map_err(|error| Error::aws("organizations:ListParents", error))?;
            let ou = parents
                .parents()
                .first()
                .and_then(|parent| parent.id())
                .and_then(|parent| paths_by_id.get(parent))
                .cloned()
                .unwrap_or_default();
            accounts.push(LiveAccount {
                id: id.to_owned(),
                name: account.name().unwrap_or_default().to_owned(),
                email: account.email().unwrap_or_default().to_owned(),
                ou,
            });
        }
        let state = OrgState {
            exists: true,
            management_account: management,
            ous: ids.ous.keys().cloned().collect(),
            accounts,
        };
        Ok((state, ids))
    }

    /// Reads IAM in `accounts`: every role (with its tags, trust, session length and
    /// policies) and customer managed policy (with tags; managed ones with their document,
    /// versions and attachments), and in `jump` every group (with policies) and user (with
    /// tags and groups).
    pub async fn read_iam(
        &self,
        accounts: &[AccountRef],
        jump: Option<&str>,
    ) -> Result<IamState, Error> {
        let mut state = IamState::default();
        for account in accounts {
            let iam = self.iam(&account.id).await?;
            let mut live = AccountIam {
                roles: read_roles(&iam).await?,
                policies: read_policies(&iam).await?,
                ..AccountIam::default()
            };
            if jump == Some(account.id.as_str()) {
                live.groups = read_groups(&iam).await?;
                live.users = read_users(&iam).await?;
            }
            state.accounts.insert(account.clone(), live);
        }
        Ok(state)
    }

    /// Plans `layout` against AWS: the organization, then IAM in every account with an id
    /// (accounts still to be created get their IAM on the apply that creates them).
    pub async fn plan(&self, layout: &Layout, options: PlanOptions) -> Result<Plan, Error> {
        self.check_caller(layout)?;
        let org = self.read_org().await?;
        let desired = desired_org(layout, &org);
        let mut plan = plan_org(&desired, &org);
        plan.extend(self.plan_iam(layout, &org, options).await?);
        plan.extend(self.plan_baseline(layout, &org).await?);
        Ok(plan)
    }

    async fn plan_iam(
        &self,
        layout: &Layout,
        org: &OrgState,
        options: PlanOptions,
    ) -> Result<Plan, Error> {
        let desired_org = desired_org(layout, org);
        let layout = with_ids(layout, &desired_org);
        let desired = desired_iam(&layout)?;
        let accounts: Vec<AccountRef> = desired_org
            .accounts
            .iter()
            .filter_map(|account| {
                account.id.as_ref().map(|id| AccountRef {
                    name: account.name.clone(),
                    id: id.clone(),
                })
            })
            .collect();
        let jump = layout
            .jump_account()
            .and_then(|jump| jump.id)
            .map(|id| id.to_string());
        let live = self.read_iam(&accounts, jump.as_deref()).await?;
        Ok(plan_iam(&desired, &live, options))
    }

    /// Applies `layout`: plans it and executes exactly that plan ([`Aws::execute`]). When the
    /// plan created accounts, their IAM could not be planned before they had ids: it is
    /// planned and executed in a second round. Returns everything that was applied.
    pub async fn apply(&self, layout: &Layout, options: PlanOptions) -> Result<Plan, Error> {
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

    fn check_caller(&self, layout: &Layout) -> Result<(), Error> {
        let partition = layout.organization.partition.as_str();
        if partition != self.settings.partition {
            return Err(Error::Layout(format!(
                "the layout's partition is `{partition}`, but the connection's is `{}`",
                self.settings.partition
            )));
        }
        let management = layout
            .account_named(&layout.organization.management_account)
            .and_then(|account| account.id);
        match management {
            Some(id) if id.to_string() != self.caller => Err(Error::Layout(format!(
                "the credentials are for account {}, but the layout's management account is {id}",
                self.caller
            ))),
            _ => Ok(()),
        }
    }

    /// Runs one organization operation; `ids` learns the root and the OUs it creates.
    async fn run_org_op(
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
                                == Some(self.caller.as_str())
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
                match self.create_account(org, name, email).await {
                    Ok(_) => {}
                    // A lost answer: the retried request fails because the first one created
                    // the account, which is now a member.
                    Err(Error::AccountCreation { message, .. })
                        if message == "EMAIL_ALREADY_EXISTS"
                            && find_account(org, email).await.is_ok() => {}
                    Err(error) => return Err(error),
                }
            }
            Op::MoveAccount { email, ou } => {
                let destination = ids.parent(ou)?.to_owned();
                let account_id = find_account(org, email).await?;
                let parents = org
                    .list_parents()
                    .child_id(&account_id)
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
                    .account_id(&account_id)
                    .source_parent_id(source)
                    .destination_parent_id(&destination)
                    .send()
                    .await;
                if let Err(error) = moved {
                    // A lost answer: the retried move finds the account moved already.
                    let parent = org.list_parents().child_id(&account_id).send().await;
                    let arrived = parent.is_ok_and(|parents| {
                        parents.parents().first().and_then(|parent| parent.id())
                            == Some(destination.as_str())
                    });
                    if !arrived {
                        return Err(Error::aws("organizations:MoveAccount", error));
                    }
                }
            }
            _ => {}
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
            tokio::time::sleep(self.settings.create_account_interval).await;
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

    /// Runs the IAM and baseline changes of `plan` (those in accounts) in their accounts, in
    /// order; the organization changes are left out (see [`Aws::execute`]).
    pub async fn apply_plan(&self, plan: &Plan) -> Result<(), Error> {
        self.run_changes(plan, false).await
    }

    /// Executes exactly the operations of `plan`, in order: organization changes in the
    /// management account, IAM changes in their accounts. Nothing is planned again, so nothing
    /// beyond what the plan shows is written. When AWS changed since the plan was made and an
    /// operation fails, it stops with an [`Error::Apply`] naming the change (the changes before
    /// it stay applied).
    pub async fn execute(&self, plan: &Plan) -> Result<(), Error> {
        self.run_changes(plan, true).await
    }

    async fn run_changes(&self, plan: &Plan, with_org: bool) -> Result<(), Error> {
        let total = plan.changes.len();
        let mut ids: Option<OrgIds> = None;
        for (index, change) in plan.changes.iter().enumerate() {
            if !with_org && change.target == Target::Organization {
                continue;
            }
            if self.settings.show_progress {
                eprintln!(
                    "[{}/{total}] {}: {} {}",
                    index + 1,
                    change.target,
                    change.action,
                    change.resource
                );
            }
            self.run_change(change, &mut ids)
                .await
                .map_err(|error| Error::Apply {
                    change: format!("{} in {}", change.resource, change.target),
                    source: Box::new(error),
                })?;
        }
        Ok(())
    }

    async fn run_change(&self, change: &Change, ids: &mut Option<OrgIds>) -> Result<(), Error> {
        match &change.target {
            Target::Organization => {
                let ids = match ids {
                    Some(ids) => ids,
                    None => ids.insert(self.read_org_ids().await?.1),
                };
                let org = self.org();
                for op in &change.ops {
                    self.run_org_op(&org, ids, op).await?;
                }
            }
            Target::Account(account) => {
                let iam = self.iam(&account.id).await?;
                for op in &change.ops {
                    match op {
                        Op::Baseline { region, call } => {
                            self.run_baseline_op(&account.id, region, call).await?;
                        }
                        _ => run_iam_op(&iam, op).await?,
                    }
                }
            }
        }
        Ok(())
    }
}

/// Ids the organization operations need.
#[derive(Debug, Default)]
struct OrgIds {
    root: String,
    ous: HashMap<String, String>,
}

impl OrgIds {
    fn parent(&self, path: &str) -> Result<&str, Error> {
        if path.is_empty() {
            return Ok(&self.root);
        }
        self.ous
            .get(path)
            .map(String::as_str)
            .ok_or_else(|| Error::unexpected("organizations", format!("OU `{path}` not found")))
    }
}

/// Whether `plan` creates accounts (whose IAM is planned once they have ids).
fn creates_accounts(plan: &Plan) -> bool {
    plan.changes
        .iter()
        .flat_map(|change| &change.ops)
        .any(|op| matches!(op, Op::CreateAccount { .. }))
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
        .flat_map(|page| page.organizational_units())
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

/// The ARN of the role `role` (a name, or `path/name`) in `account` of `partition`.
pub fn role_arn(partition: &str, account: &str, role: &str) -> String {
    format!(
        "arn:{partition}:iam::{account}:role/{}",
        role.trim_start_matches('/')
    )
}

/// A session in `account` by assuming `role` there with `base`'s credentials.
pub async fn assume_role(
    base: &SdkConfig,
    settings: &Settings,
    account: &str,
    role: &str,
) -> Result<SdkConfig, Error> {
    let sts = aws_sdk_sts::Client::new(base);
    let assumed = sts
        .assume_role()
        .role_arn(role_arn(&settings.partition, account, role))
        .role_session_name("jumpgate")
        .send()
        .await
        .map_err(|error| Error::aws("sts:AssumeRole", error))?;
    let credentials = assumed
        .credentials()
        .ok_or_else(|| Error::unexpected("sts:AssumeRole", "no credentials"))?;
    let credentials = Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_owned()),
        None,
        "jumpgate-assume-role",
    );
    let mut builder = base
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(credentials));
    if let Some(url) = &settings.endpoint_url {
        builder = builder.endpoint_url(url);
    }
    Ok(builder.build())
}

/// Parses a policy document as IAM returns it: URL-encoded (GetRole, GetRolePolicy, ...) or raw.
pub fn decode_policy(operation: &str, text: &str) -> Result<Policy, Error> {
    if let Ok(policy) = Policy::from_json(text) {
        return Ok(policy);
    }
    let decoded = percent_decode(text, false);
    if let Ok(policy) = Policy::from_json(&decoded) {
        return Ok(policy);
    }
    Policy::from_json(&percent_decode(text, true)).map_err(|error| {
        Error::unexpected(operation, format!("unparsable policy document: {error}"))
    })
}

fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).ok();
                match hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        index += 3;
                    }
                    None => {
                        out.push(b'%');
                        index += 1;
                    }
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                index += 1;
            }
            byte => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_managed(tags: &[Tag]) -> bool {
    tags.iter()
        .any(|tag| tag.key() == MANAGED_TAG_KEY && tag.value() == MANAGED_TAG_VALUE)
}

fn managed_tag() -> Result<Tag, Error> {
    Tag::builder()
        .key(MANAGED_TAG_KEY)
        .value(MANAGED_TAG_VALUE)
        .build()
        .map_err(|error| Error::unexpected("iam:Tag", error.to_string()))
}

async fn read_roles(iam: &aws_sdk_iam::Client) -> Result<BTreeMap<String, RoleState>, Error> {
    let listed = iam
        .list_roles()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("iam:ListRoles", error))?;
    let mut roles = BTreeMap::new();
    for listed_role in listed {
        let name = listed_role.role_name().to_owned();
        let got = iam
            .get_role()
            .role_name(&name)
            .send()
            .await
            .map_err(|error| Error::aws("iam:GetRole", error))?;
        let Some(role) = got.role() else { continue };
        let managed = is_managed(role.tags());
        let trust = match role.assume_role_policy_document() {
            Some(text) => decode_policy("iam:GetRole", text),
            None => Err(Error::unexpected("iam:GetRole", "no trust policy")),
        };
        let trust = match trust {
            Ok(trust) => trust,
            // An unmanaged role's odd trust policy is none of jumpgate's business.
            Err(_) if !managed => Policy::from_json(r#"{"Statement":[]}"#)
                .map_err(|error| Error::unexpected("iam:GetRole", error.to_string()))?,
            Err(error) => return Err(error),
        };
        let mut state = RoleState {
            name: name.clone(),
            path: role.path().to_owned(),
            trust,
            max_session_duration: role
                .max_session_duration()
                .and_then(|seconds| u32::try_from(seconds).ok())
                .unwrap_or(3_600),
            attached: BTreeSet::new(),
            inline: BTreeMap::new(),
            managed,
        };
        if managed {
            let attached = iam
                .list_attached_role_policies()
                .role_name(&name)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListAttachedRolePolicies", error))?;
            state.attached = attached
                .iter()
                .filter_map(|policy| policy.policy_arn().map(str::to_owned))
                .collect();
            let names = iam
                .list_role_policies()
                .role_name(&name)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListRolePolicies", error))?;
            for policy_name in names {
                let got = iam
                    .get_role_policy()
                    .role_name(&name)
                    .policy_name(&policy_name)
                    .send()
                    .await
                    .map_err(|error| Error::aws("iam:GetRolePolicy", error))?;
                let policy = decode_policy("iam:GetRolePolicy", got.policy_document())?;
                state.inline.insert(policy_name, policy);
            }
        }
        roles.insert(name, state);
    }
    Ok(roles)
}

/// The number of a policy version id (`v3` is 3), for ordering versions oldest first.
fn version_number(id: &str) -> u64 {
    id.trim_start_matches(['v', 'V'])
        .parse()
        .unwrap_or(u64::MAX)
}

async fn read_policies(
    iam: &aws_sdk_iam::Client,
) -> Result<BTreeMap<String, ManagedPolicyState>, Error> {
    let listed = iam
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("iam:ListPolicies", error))?;
    let mut policies = BTreeMap::new();
    for listed_policy in listed {
        let (Some(name), Some(arn)) = (listed_policy.policy_name(), listed_policy.arn()) else {
            continue;
        };
        let tags = iam
            .list_policy_tags()
            .policy_arn(arn)
            .send()
            .await
            .map_err(|error| Error::aws("iam:ListPolicyTags", error))?;
        let mut state = ManagedPolicyState {
            name: name.to_owned(),
            path: listed_policy.path().unwrap_or("/").to_owned(),
            arn: arn.to_owned(),
            document: Policy::from_json(r#"{"Statement":[]}"#)
                .map_err(|error| Error::unexpected("iam:ListPolicies", error.to_string()))?,
            managed: is_managed(tags.tags()),
            old_versions: Vec::new(),
            attached_to: BTreeSet::new(),
        };
        if state.managed {
            let default = listed_policy.default_version_id().ok_or_else(|| {
                Error::unexpected(
                    "iam:ListPolicies",
                    format!("`{name}` has no default version"),
                )
            })?;
            let version = iam
                .get_policy_version()
                .policy_arn(arn)
                .version_id(default)
                .send()
                .await
                .map_err(|error| Error::aws("iam:GetPolicyVersion", error))?;
            let document = version
                .policy_version()
                .and_then(|version| version.document())
                .ok_or_else(|| Error::unexpected("iam:GetPolicyVersion", "no document"))?;
            state.document = decode_policy("iam:GetPolicyVersion", document)?;
            let versions = iam
                .list_policy_versions()
                .policy_arn(arn)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListPolicyVersions", error))?;
            let mut old: Vec<String> = versions
                .iter()
                .filter(|version| !version.is_default_version())
                .filter_map(|version| version.version_id().map(str::to_owned))
                .collect();
            old.sort_by_key(|id| version_number(id));
            state.old_versions = old;
            let entities = iam
                .list_entities_for_policy()
                .policy_arn(arn)
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListEntitiesForPolicy", error))?;
            for page in entities {
                state.attached_to.extend(
                    page.policy_roles()
                        .iter()
                        .filter_map(|role| role.role_name())
                        .map(|role| PolicyEntity::Role(role.to_owned())),
                );
                state.attached_to.extend(
                    page.policy_groups()
                        .iter()
                        .filter_map(|group| group.group_name())
                        .map(|group| PolicyEntity::Group(group.to_owned())),
                );
                state.attached_to.extend(
                    page.policy_users()
                        .iter()
                        .filter_map(|user| user.user_name())
                        .map(|user| PolicyEntity::User(user.to_owned())),
                );
            }
        }
        policies.insert(name.to_owned(), state);
    }
    Ok(policies)
}

async fn read_groups(iam: &aws_sdk_iam::Client) -> Result<BTreeMap<String, GroupState>, Error> {
    let listed = iam
        .list_groups()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("iam:ListGroups", error))?;
    let mut groups = BTreeMap::new();
    for group in listed {
        let name = group.group_name().to_owned();
        let mut state = GroupState {
            name: name.clone(),
            path: group.path().to_owned(),
            attached: BTreeSet::new(),
            inline: BTreeMap::new(),
        };
        if state.managed() {
            let attached = iam
                .list_attached_group_policies()
                .group_name(&name)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListAttachedGroupPolicies", error))?;
            state.attached = attached
                .iter()
                .filter_map(|policy| policy.policy_arn().map(str::to_owned))
                .collect();
            let names = iam
                .list_group_policies()
                .group_name(&name)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListGroupPolicies", error))?;
            for policy_name in names {
                let got = iam
                    .get_group_policy()
                    .group_name(&name)
                    .policy_name(&policy_name)
                    .send()
                    .await
                    .map_err(|error| Error::aws("iam:GetGroupPolicy", error))?;
                let policy = decode_policy("iam:GetGroupPolicy", got.policy_document())?;
                state.inline.insert(policy_name, policy);
            }
        }
        groups.insert(name, state);
    }
    Ok(groups)
}

async fn read_users(iam: &aws_sdk_iam::Client) -> Result<BTreeMap<String, UserState>, Error> {
    let listed = iam
        .list_users()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|error| Error::aws("iam:ListUsers", error))?;
    let mut users = BTreeMap::new();
    for user in listed {
        let name = user.user_name().to_owned();
        let tags = iam
            .list_user_tags()
            .user_name(&name)
            .send()
            .await
            .map_err(|error| Error::aws("iam:ListUserTags", error))?;
        let groups = iam
            .list_groups_for_user()
            .user_name(&name)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|error| Error::aws("iam:ListGroupsForUser", error))?;
        users.insert(
            name.clone(),
            UserState {
                name,
                path: user.path().to_owned(),
                groups: groups
                    .iter()
                    .map(|group| group.group_name().to_owned())
                    .collect(),
                managed: is_managed(tags.tags()),
            },
        );
    }
    Ok(users)
}

fn json(policy: &Policy) -> Result<String, Error> {
    serde_json::to_string(policy)
        .map_err(|error| Error::unexpected("serialize policy", error.to_string()))
}

/// A failed call: the service's error code (when it sent one) and the error.
struct Failure {
    code: Option<String>,
    error: Error,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure { code: None, error }
    }
}

/// Runs one IAM operation. When it fails because its effect is already there (a retried call
/// whose first answer was lost, or a stale plan), the result is read back: a create whose
/// resource exists with jumpgate's mark, or a delete, detach or removal of something already
/// gone, counts as done. Anything else is an error.
async fn run_iam_op(iam: &aws_sdk_iam::Client, op: &Op) -> Result<(), Error> {
    let Err(failure) = send_iam_op(iam, op).await else {
        return Ok(());
    };
    match already_done(iam, op, failure.code.as_deref()).await {
        Ok(true) => Ok(()),
        Ok(false) | Err(_) => Err(failure.error),
    }
}

/// Whether the effect of `op`, which failed with `code`, is there and jumpgate's.
async fn already_done(
    iam: &aws_sdk_iam::Client,
    op: &Op,
    code: Option<&str>,
) -> Result<bool, Error> {
    match (op, code) {
        (Op::CreateRole { role, .. }, Some("EntityAlreadyExists")) => {
            let got = iam
                .get_role()
                .role_name(role)
                .send()
                .await
                .map_err(|error| Error::aws("iam:GetRole", error))?;
            Ok(got.role().is_some_and(|role| is_managed(role.tags())))
        }
        (Op::CreateUser { user, .. }, Some("EntityAlreadyExists")) => {
            let tags = iam
                .list_user_tags()
                .user_name(user)
                .send()
                .await
                .map_err(|error| Error::aws("iam:ListUserTags", error))?;
            Ok(is_managed(tags.tags()))
        }
        (Op::CreateGroup { group, .. }, Some("EntityAlreadyExists")) => {
            let got = iam
                .get_group()
                .group_name(group)
                .send()
                .await
                .map_err(|error| Error::aws("iam:GetGroup", error))?;
            Ok(got
                .group()
                .is_some_and(|group| group.path().starts_with(MANAGED_GROUP_PATH)))
        }
        (Op::CreatePolicy { name, path, .. }, Some("EntityAlreadyExists")) => {
            let listed = iam
                .list_policies()
                .scope(aws_sdk_iam::types::PolicyScopeType::Local)
                .path_prefix(path)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListPolicies", error))?;
            let Some(arn) = listed
                .iter()
                .find(|policy| policy.policy_name() == Some(name.as_str()))
                .and_then(|policy| policy.arn())
            else {
                return Ok(false);
            };
            let tags = iam
                .list_policy_tags()
                .policy_arn(arn)
                .send()
                .await
                .map_err(|error| Error::aws("iam:ListPolicyTags", error))?;
            Ok(is_managed(tags.tags()))
        }
        (
            Op::DetachRolePolicy { .. }
            | Op::DeleteRolePolicy { .. }
            | Op::DeleteRole { .. }
            | Op::DeleteGroupPolicy { .. }
            | Op::DetachGroupPolicy { .. }
            | Op::DeleteGroup { .. }
            | Op::RemoveUserFromGroup { .. }
            | Op::DeleteUser { .. }
            | Op::DeletePolicyVersion { .. }
            | Op::DetachUserPolicy { .. }
            | Op::DeletePolicy { .. },
            Some("NoSuchEntity"),
        ) => Ok(true),
        _ => Ok(false),
    }
}

async fn send_iam_op(iam: &aws_sdk_iam::Client, op: &Op) -> Result<(), Failure> {
    use aws_sdk_iam::error::ProvideErrorMetadata as _;
    macro_rules! send {
        ($operation:literal, $request:expr) => {
            $request.send().await.map(|_| ()).map_err(|error| Failure {
                code: error.code().map(str::to_owned),
                error: Error::aws($operation, error),
            })
        };
    }
    match op {
        Op::CreateRole {
            role,
            path,
            trust,
            max_session_duration,
        } => send!(
            "iam:CreateRole",
            iam.create_role()
                .role_name(role)
                .path(path)
                .assume_role_policy_document(json(trust)?)
                .max_session_duration(i32::try_from(*max_session_duration).unwrap_or(i32::MAX))
                .tags(managed_tag()?)
        ),
        Op::UpdateTrust { role, trust } => send!(
            "iam:UpdateAssumeRolePolicy",
            iam.update_assume_role_policy()
                .role_name(role)
                .policy_document(json(trust)?)
        ),
        Op::UpdateMaxSession {
            role,
            max_session_duration,
        } => send!(
            "iam:UpdateRole",
            iam.update_role()
                .role_name(role)
                .max_session_duration(i32::try_from(*max_session_duration).unwrap_or(i32::MAX))
        ),
        Op::AttachRolePolicy { role, arn } => send!(
            "iam:AttachRolePolicy",
            iam.attach_role_policy().role_name(role).policy_arn(arn)
        ),
        Op::DetachRolePolicy { role, arn } => send!(
            "iam:DetachRolePolicy",
            iam.detach_role_policy().role_name(role).policy_arn(arn)
        ),
        Op::PutRolePolicy { role, name, policy } => send!(
            "iam:PutRolePolicy",
            iam.put_role_policy()
                .role_name(role)
                .policy_name(name)
                .policy_document(json(policy)?)
        ),
        Op::DeleteRolePolicy { role, name } => send!(
            "iam:DeleteRolePolicy",
            iam.delete_role_policy().role_name(role).policy_name(name)
        ),
        Op::DeleteRole { role } => send!("iam:DeleteRole", iam.delete_role().role_name(role)),
        Op::CreateGroup { group, path } => send!(
            "iam:CreateGroup",
            iam.create_group().group_name(group).path(path)
        ),
        Op::PutGroupPolicy {
            group,
            name,
            policy,
        } => send!(
            "iam:PutGroupPolicy",
            iam.put_group_policy()
                .group_name(group)
                .policy_name(name)
                .policy_document(json(policy)?)
        ),
        Op::DeleteGroupPolicy { group, name } => send!(
            "iam:DeleteGroupPolicy",
            iam.delete_group_policy()
                .group_name(group)
                .policy_name(name)
        ),
        Op::AttachGroupPolicy { group, arn } => send!(
            "iam:AttachGroupPolicy",
            iam.attach_group_policy().group_name(group).policy_arn(arn)
        ),
        Op::DetachGroupPolicy { group, arn } => send!(
            "iam:DetachGroupPolicy",
            iam.detach_group_policy().group_name(group).policy_arn(arn)
        ),
        Op::DeleteGroup { group } => send!("iam:DeleteGroup", iam.delete_group().group_name(group)),
        Op::CreateUser { user, path } => send!(
            "iam:CreateUser",
            iam.create_user()
                .user_name(user)
                .path(path)
                .tags(managed_tag()?)
        ),
        Op::AddUserToGroup { user, group } => send!(
            "iam:AddUserToGroup",
            iam.add_user_to_group().user_name(user).group_name(group)
        ),
        Op::RemoveUserFromGroup { user, group } => send!(
            "iam:RemoveUserFromGroup",
            iam.remove_user_from_group()
                .user_name(user)
                .group_name(group)
        ),
        Op::DeleteUser { user } => send!("iam:DeleteUser", iam.delete_user().user_name(user)),
        Op::CreatePolicy { name, path, policy } => send!(
            "iam:CreatePolicy",
            iam.create_policy()
                .policy_name(name)
                .path(path)
                .policy_document(json(policy)?)
                .tags(managed_tag()?)
        ),
        Op::CreatePolicyVersion { arn, policy } => send!(
            "iam:CreatePolicyVersion",
            iam.create_policy_version()
                .policy_arn(arn)
                .policy_document(json(policy)?)
                .set_as_default(true)
        ),
        Op::DeletePolicyVersion { arn, version } => send!(
            "iam:DeletePolicyVersion",
            iam.delete_policy_version()
                .policy_arn(arn)
                .version_id(version)
        ),
        Op::DetachUserPolicy { user, arn } => send!(
            "iam:DetachUserPolicy",
            iam.detach_user_policy().user_name(user).policy_arn(arn)
        ),
        Op::DeletePolicy { arn } => send!("iam:DeletePolicy", iam.delete_policy().policy_arn(arn)),
        Op::CreateOrganization
        | Op::CreateOu { .. }
        | Op::CreateAccount { .. }
        | Op::MoveAccount { .. }
        | Op::Baseline { .. } => Ok(()),
    }
}
