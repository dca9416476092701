//! The moto harness shared by the adapter's test binaries: the server from `MOTO_ENDPOINT`
//! (started once per run by `scripts/test-all.sh`), settings with SDK retries off, account ids
//! unique to each test, the seed layout in them, and connections.

// Each test binary uses a part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use iam_policy::AccountId;
use jumpgate_aws::{
    Aws, CredentialSink, InitialPassword, RetrySettings, Settings, assume_role, static_config,
};
use org_model::{CheckedLayout, Layout};

/// Where an initial password is in a [`MemorySink`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kept {
    /// Stored, the login profile not created yet.
    Stored,
    /// The login profile exists.
    Confirmed,
    /// The login profile could not be created.
    Discarded,
}

/// Initial passwords kept in memory, by account and user (tests read them back).
#[derive(Debug, Default)]
pub(crate) struct MemorySink(Mutex<BTreeMap<(AccountId, String), (String, Kept)>>);

impl MemorySink {
    /// Every password with its state.
    pub(crate) fn passwords(&self) -> BTreeMap<(AccountId, String), (String, Kept)> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn mark(&self, account: AccountId, user: &str, kept: Kept) {
        if let Some(entry) = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(&(account, user.to_owned()))
        {
            entry.1 = kept;
        }
    }
}

impl CredentialSink for MemorySink {
    fn store(
        &self,
        account: AccountId,
        user: &str,
        password: &InitialPassword,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                (account, user.to_owned()),
                (password.expose().to_owned(), Kept::Stored),
            );
        Ok(())
    }

    fn confirm(&self, account: AccountId, user: &str) {
        self.mark(account, user, Kept::Confirmed);
    }

    fn discard(&self, account: AccountId, user: &str) {
        self.mark(account, user, Kept::Discarded);
    }
}

/// The moto server's URL; panics with what to run when it is unset.
pub(crate) fn endpoint() -> String {
    match std::env::var("MOTO_ENDPOINT") {
        Ok(url) => url,
        Err(_) => panic!(
            "MOTO_ENDPOINT is unset: these tests need a moto server. Run `scripts/test-all.sh` \
             (it installs and starts one), or start `.venv/bin/moto_server -H 127.0.0.1 -p 0` \
             and `export MOTO_ENDPOINT=http://127.0.0.1:PORT`."
        ),
    }
}

/// Settings for moto: its endpoint, no SDK retries, fast account-creation polling, initial
/// passwords kept in memory.
pub(crate) fn settings() -> Settings {
    Settings {
        endpoint_url: Some(endpoint()),
        retry: RetrySettings::disabled(),
        create_account_polls: 5,
        create_account_interval: std::time::Duration::from_millis(10),
        credentials: Some(Arc::new(MemorySink::default())),
        ..Settings::default()
    }
}

/// A 12-digit id prefix unique to this test: 8 digits per process, in
/// `first..first + span` (each test binary takes its own range), and 2 per test.
pub(crate) fn unique_prefix(first: u64, span: u64) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or_default();
    let process = first + (u64::from(std::process::id()) * 7_919 + u64::from(nanos)) % span;
    format!("{process:08}{:02}", NEXT.fetch_add(1, Ordering::SeqCst))
}

/// The seed landing zone with this test's own account ids (`<prefix>00` for ROOT, ...).
pub(crate) fn seed(prefix: &str) -> Layout {
    let mut layout = org_model::seed::landing_zone();
    for (index, account) in layout.accounts.iter_mut().enumerate() {
        account.id = Some(format!("{prefix}{index:02}").parse().expect("12 digits"));
    }
    // Bucket names are global: the default name carries the test's own LOG id.
    layout.baseline.log_bucket = None;
    layout
}

/// `layout`, checked (plans and applies take no other).
pub(crate) fn checked(layout: &Layout) -> CheckedLayout {
    CheckedLayout::check(layout.clone()).expect("the layout has no ERROR finding")
}

/// The 12-digit id `id`.
pub(crate) fn account(id: &str) -> AccountId {
    id.parse().expect("a 12-digit account id")
}

/// The id of the account `name` of `layout`.
pub(crate) fn id_of(layout: &Layout, name: &str) -> String {
    layout
        .account_named(name)
        .and_then(|account| account.id)
        .expect("account with id")
        .to_string()
}

/// The static test credentials, before any role is assumed.
/// A plain IAM client in `account`, for changes behind jumpgate's back.
pub(crate) async fn iam_in(account: &str) -> aws_sdk_iam::Client {
    let config = assume_role(&base(), &settings(), self::account(account), "someone-else")
        .await
        .expect("session");
    aws_sdk_iam::Client::new(&config)
}

pub(crate) fn base() -> SdkConfig {
    static_config(
        &settings(),
        Credentials::new("AKIAIOSFODNN7EXAMPLE", "test-secret", None, None, "test"),
    )
}

/// A connection as the management account `root`.
pub(crate) async fn connect(root: &str) -> Aws {
    connect_with(root, settings()).await
}

/// A connection as the management account `root` with `settings`.
pub(crate) async fn connect_with(root: &str, settings: Settings) -> Aws {
    let config = assume_role(&base(), &settings, account(root), "jumpgate-test")
        .await
        .expect("moto issues sessions in any account");
    Aws::from_config(config, settings).await.expect("connects")
}
