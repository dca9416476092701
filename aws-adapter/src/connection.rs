//! The connection: SDK configuration, retries, the write counter, and sessions in member
//! accounts by assuming [`Settings::member_role`].

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_types::config_bag::ConfigBag;
use iam_policy::{AccountId, Arn, Partition};

use crate::Error;

/// How the SDK retries: exponential backoff with full jitter on throttling and transient
/// errors and, in the adaptive mode (the default), a client-side rate limiter per service and
/// Region that slows the whole burst down when AWS starts throttling, instead of each call
/// failing on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetrySettings {
    /// Attempts per call, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// The first backoff; later ones grow exponentially (jittered).
    pub initial_backoff: Duration,
    /// The SDK's adaptive mode (a token bucket that throttles the client itself after a
    /// throttling answer) rather than the standard one.
    pub adaptive: bool,
}

impl Default for RetrySettings {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(500),
            adaptive: true,
        }
    }
}

impl RetrySettings {
    /// No retries (tests against moto).
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            initial_backoff: Duration::from_millis(1),
            adaptive: false,
        }
    }

    /// The SDK retry configuration.
    pub fn to_config(self) -> RetryConfig {
        if self.max_attempts <= 1 {
            RetryConfig::disabled()
        } else if self.adaptive {
            RetryConfig::adaptive()
                .with_max_attempts(self.max_attempts)
                .with_initial_backoff(self.initial_backoff)
        } else {
            RetryConfig::standard()
                .with_max_attempts(self.max_attempts)
                .with_initial_backoff(self.initial_backoff)
        }
    }
}

/// How many accounts are read or written at once by default: enough to hide a round trip of
/// tens of milliseconds (16 accounts in flight keep ~300 calls a second going at 50 ms), while
/// each account sees one call of a kind (IAM, baseline) at a time (AWS limits rates per
/// account) and the management account's Organizations writes stay ordered.
pub const DEFAULT_PARALLELISM: usize = 16;

/// At most this many `CreateAccount` requests are in progress at once (AWS Organizations
/// refuses more concurrent account creations).
pub const CONCURRENT_ACCOUNT_CREATIONS: usize = 5;

/// How long jumpgate waits for what AWS makes eventually consistent: a new account's
/// [`Settings::member_role`] cannot be assumed for a while after `CreateAccount` succeeded
/// (`AccessDenied`), and Config, CloudTrail and S3 refuse a role or bucket policy made
/// seconds before. Exactly those answers are retried, with exponential backoff, until
/// `timeout` has passed; every other error fails at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettleSettings {
    /// The longest wait for one call, from its first attempt.
    pub timeout: Duration,
    /// The first backoff; later ones double, up to [`SettleSettings::MAX_BACKOFF`].
    pub initial_backoff: Duration,
}

impl SettleSettings {
    /// The longest single backoff.
    pub const MAX_BACKOFF: Duration = Duration::from_secs(20);
}

impl Default for SettleSettings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(300),
            initial_backoff: Duration::from_secs(1),
        }
    }
}

/// Progress of a long run (reading accounts, applying changes), for a person watching: the
/// CLI draws a bar per phase on a terminal. Phases may run side by side (IAM, the baseline and
/// the guardrails are read at once), and calls come from concurrent tasks.
pub trait Progress: Send + Sync + std::fmt::Debug {
    /// The phase `phase` (`reading IAM`, `applying`) begins with `total` items.
    fn begin(&self, phase: &str, total: usize);
    /// The item `what` (an account, a change) of `phase` started.
    fn started(&self, phase: &str, what: &str);
    /// One item of `phase` is done.
    fn finished(&self, phase: &str);
    /// `phase` ended.
    fn end(&self, phase: &str);
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
    /// The partition of the accounts, for the ARNs of the roles assumed in them; planning and
    /// applying a layout of another partition is refused. The CLI takes it from the layout
    /// (`organization.partition`).
    pub partition: Partition,
    /// How often to poll a CreateAccount request before giving up.
    pub create_account_polls: u32,
    /// The first wait between polls; it grows by half each poll, up to a minute.
    pub create_account_interval: Duration,
    /// How many accounts are read, written or audited at once ([`DEFAULT_PARALLELISM`]); 1
    /// runs everything in the plan's order, one call at a time. Plans do not depend on it.
    pub parallelism: usize,
    /// Waiting for what AWS makes eventually consistent.
    pub settle: SettleSettings,
    /// Where progress goes (the CLI's bar when standard error is a terminal).
    pub progress: Option<Arc<dyn Progress>>,
    /// Where the initial passwords of new login profiles go; applying a plan that creates login
    /// profiles without one is refused before any write.
    pub credentials: Option<std::sync::Arc<dyn crate::CredentialSink>>,
    /// How long the audit waits for IAM to generate the credential report.
    pub credential_report_wait: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            endpoint_url: None,
            profile: None,
            region: None,
            retry: RetrySettings::default(),
            member_role: "OrganizationAccountAccessRole".to_owned(),
            partition: Partition::Aws,
            parallelism: DEFAULT_PARALLELISM,
            settle: SettleSettings::default(),
            progress: None,
            create_account_polls: 60,
            create_account_interval: Duration::from_secs(5),
            credentials: None,
            credential_report_wait: Duration::from_secs(60),
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

/// Counts write calls (anything but `Get*`, `List*`, `Describe*`, `GenerateCredentialReport`
/// and STS calls) made through clients it is installed on, and remembers their names.
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
            // `GenerateCredentialReport` only asks IAM to prepare the report: IAM's access
            // level for it is Read.
            let read = ["Get", "List", "Describe"]
                .iter()
                .any(|prefix| name.starts_with(prefix))
                || name == "GenerateCredentialReport";
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
    pub(crate) base: SdkConfig,
    pub(crate) settings: Settings,
    pub(crate) counter: WriteCounter,
    caller: AccountId,
    /// One session per account, assumed once even when concurrent tasks ask for it at once.
    sessions: Mutex<HashMap<AccountId, Arc<tokio::sync::OnceCell<SdkConfig>>>>,
    /// Accounts this connection created: their member role may not be assumable yet.
    created: Mutex<HashSet<AccountId>>,
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
            .ok_or_else(|| Error::unexpected("sts:GetCallerIdentity", "no account"))?;
        let caller = crate::error::account_id("sts:GetCallerIdentity", caller)?;
        Ok(Self {
            base,
            settings,
            counter: WriteCounter::default(),
            caller,
            sessions: Mutex::new(HashMap::new()),
            created: Mutex::new(HashSet::new()),
        })
    }

    /// Sets where the initial passwords of new login profiles go
    /// ([`Settings::credentials`]).
    pub fn set_credential_sink(&mut self, sink: Arc<dyn crate::CredentialSink>) {
        self.settings.credentials = Some(sink);
    }

    /// The write-call counter of every client this connection makes.
    pub fn writes(&self) -> &WriteCounter {
        &self.counter
    }

    /// The account the credentials belong to.
    pub fn caller_account(&self) -> AccountId {
        self.caller
    }

    /// A session in `account`: the connection's own in the caller's account, else one of
    /// [`Settings::member_role`] there (assumed once, then reused). In an account this
    /// connection created, `AccessDenied` is retried for [`Settings::settle`]: AWS makes the
    /// new account's role assumable only a while after `CreateAccount` succeeded.
    pub(crate) async fn session(&self, account: AccountId) -> Result<SdkConfig, Error> {
        if account == self.caller {
            return Ok(self.base.clone());
        }
        let cell = self
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(account)
            .or_default()
            .clone();
        let fresh = self
            .created
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&account);
        cell.get_or_try_init(|| {
            self.settle(
                |error: &Error| fresh && error.code() == Some("AccessDenied"),
                || {
                    assume_role(
                        &self.base,
                        &self.settings,
                        account,
                        &self.settings.member_role,
                    )
                },
            )
        })
        .await
        .cloned()
    }

    /// Records that this connection created `account` ([`Aws::session`] waits for its role).
    pub(crate) fn created_account(&self, account: AccountId) {
        self.created
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(account);
    }

    /// Runs `attempt` again while it fails with an answer `settling` accepts (one AWS gives
    /// while something it made eventually consistent settles), with exponential backoff, until
    /// [`SettleSettings::timeout`] would pass; any other outcome is returned as it is.
    pub(crate) async fn settle<T, E, F, Fut>(
        &self,
        settling: impl Fn(&E) -> bool,
        mut attempt: F,
    ) -> Result<T, E>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let start = tokio::time::Instant::now();
        let mut backoff = self.settings.settle.initial_backoff;
        loop {
            match attempt().await {
                Err(error)
                    if settling(&error)
                        && start.elapsed() + backoff <= self.settings.settle.timeout =>
                {
                    tokio::time::sleep(backoff).await;
                    backoff = backoff.saturating_mul(2).min(SettleSettings::MAX_BACKOFF);
                }
                outcome => return outcome,
            }
        }
    }

    /// How many accounts are worked on at once (at least 1).
    pub(crate) fn parallelism(&self) -> usize {
        self.settings.parallelism.max(1)
    }

    /// Runs `work` for every item, at most [`Settings::parallelism`] at once, and returns the
    /// results in the items' order (so nothing downstream depends on the parallelism); stops
    /// at the first error. Progress reports `phase` with one step per item.
    pub(crate) async fn each<'a, I, T, F, Fut>(
        &self,
        phase: &str,
        items: &'a [I],
        name: impl Fn(&I) -> String,
        work: F,
    ) -> Result<Vec<T>, Error>
    where
        F: Fn(&'a I) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        use futures_util::{StreamExt as _, TryStreamExt as _};
        let progress = self.settings.progress.as_deref();
        if let Some(progress) = progress {
            progress.begin(phase, items.len());
        }
        let (work, name) = (&work, &name);
        let results = futures_util::stream::iter(items.iter().map(|item| async move {
            if let Some(progress) = progress {
                progress.started(phase, &name(item));
            }
            let result = work(item).await;
            if let Some(progress) = progress {
                progress.finished(phase);
            }
            result
        }))
        .buffered(self.parallelism())
        .try_collect()
        .await;
        if let Some(progress) = progress {
            progress.end(phase);
        }
        results
    }

    /// An IAM client in `account`, counting its writes.
    pub(crate) async fn iam(&self, account: AccountId) -> Result<aws_sdk_iam::Client, Error> {
        let config = self.session(account).await?;
        let conf = aws_sdk_iam::config::Builder::from(&config)
            .interceptor(self.counter.clone())
            .build();
        Ok(aws_sdk_iam::Client::from_conf(conf))
    }

    /// An Organizations client in the management account, counting its writes.
    pub(crate) fn org(&self) -> aws_sdk_organizations::Client {
        let conf = aws_sdk_organizations::config::Builder::from(&self.base)
            .interceptor(self.counter.clone())
            .build();
        aws_sdk_organizations::Client::from_conf(conf)
    }
}

/// The ARN of the role `role` (a name, or `path/name`) in `account` of `partition`.
fn role_arn(partition: Partition, account: AccountId, role: &str) -> Arn {
    Arn::iam_role(partition, account, role.trim_start_matches('/'))
}

/// A session in `account` by assuming `role` there with `base`'s credentials.
pub async fn assume_role(
    base: &SdkConfig,
    settings: &Settings,
    account: AccountId,
    role: &str,
) -> Result<SdkConfig, Error> {
    let sts = aws_sdk_sts::Client::new(base);
    let assumed = sts
        .assume_role()
        .role_arn(role_arn(settings.partition, account, role).as_str())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assumed_roles_follow_the_partition() {
        let account: AccountId = "100000000005".parse().expect("12 digits");
        for partition in [Partition::AwsCn, Partition::AwsUsGov] {
            let name = partition.as_str();
            assert_eq!(
                role_arn(partition, account, "OrganizationAccountAccessRole").as_str(),
                format!("arn:{name}:iam::100000000005:role/OrganizationAccountAccessRole")
            );
        }
        assert_eq!(
            role_arn(Partition::Aws, account, "/ops/deployer").as_str(),
            "arn:aws:iam::100000000005:role/ops/deployer"
        );
    }
}
