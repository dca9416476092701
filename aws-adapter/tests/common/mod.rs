//! The moto harness shared by the adapter's test binaries: the server from `MOTO_ENDPOINT`
//! (started once per run by `scripts/test-all.sh`), settings with SDK retries off, account ids
//! unique to each test, the seed layout in them, and connections.

// Each test binary uses a part of it.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use iam_policy::AccountId;
use jumpgate_aws::{Aws, RetrySettings, Settings, assume_role, static_config};
use org_model::{CheckedLayout, Layout};

/// The moto server's URL; panics with what to run when it is unset.
pub fn endpoint() -> String {
    match std::env::var("MOTO_ENDPOINT") {
        Ok(url) => url,
        Err(_) => panic!(
            "MOTO_ENDPOINT is unset: these tests need a moto server. Run `scripts/test-all.sh` \
             (it installs and starts one), or start `.venv/bin/moto_server -H 127.0.0.1 -p 0` \
             and `export MOTO_ENDPOINT=http://127.0.0.1:PORT`."
        ),
    }
}

/// Settings for moto: its endpoint, no SDK retries, fast account-creation polling.
pub fn settings() -> Settings {
    Settings {
        endpoint_url: Some(endpoint()),
        retry: RetrySettings::disabled(),
        create_account_polls: 5,
        create_account_interval: std::time::Duration::from_millis(10),
        ..Settings::default()
    }
}

/// A 12-digit id prefix unique to this test: 8 digits per process, in
/// `first..first + span` (each test binary takes its own range), and 2 per test.
pub fn unique_prefix(first: u64, span: u64) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or_default();
    let process = first + (u64::from(std::process::id()) * 7_919 + u64::from(nanos)) % span;
    format!("{process:08}{:02}", NEXT.fetch_add(1, Ordering::SeqCst))
}

/// The seed landing zone with this test's own account ids (`<prefix>00` for ROOT, ...).
pub fn seed(prefix: &str) -> Layout {
    let mut layout = org_model::seed::landing_zone();
    for (index, account) in layout.accounts.iter_mut().enumerate() {
        account.id = Some(format!("{prefix}{index:02}").parse().expect("12 digits"));
    }
    // Bucket names are global: the default name carries the test's own LOG id.
    layout.baseline.log_bucket = None;
    layout
}

/// `layout`, checked (plans and applies take no other).
pub fn checked(layout: &Layout) -> CheckedLayout {
    CheckedLayout::check(layout.clone()).expect("the layout has no ERROR finding")
}

/// The 12-digit id `id`.
pub fn account(id: &str) -> AccountId {
    id.parse().expect("a 12-digit account id")
}

/// The id of the account `name` of `layout`.
pub fn id_of(layout: &Layout, name: &str) -> String {
    layout
        .account_named(name)
        .and_then(|account| account.id)
        .expect("account with id")
        .to_string()
}

/// The static test credentials, before any role is assumed.
pub fn base() -> SdkConfig {
    static_config(
        &settings(),
        Credentials::new("AKIAIOSFODNN7EXAMPLE", "test-secret", None, None, "test"),
    )
}

/// A connection as the management account `root`.
pub async fn connect(root: &str) -> Aws {
    let config = assume_role(&base(), &settings(), account(root), "jumpgate-test")
        .await
        .expect("moto issues sessions in any account");
    Aws::from_config(config, settings())
        .await
        .expect("connects")
}
