//! What the CLI tests against moto share: the server's endpoint (`MOTO_ENDPOINT`, which
//! `scripts/test-all.sh` exports) and session credentials in any account.

use jumpgate_aws::{RetrySettings, Settings, assume_role, static_config};

/// The moto server's endpoint.
pub(crate) fn endpoint() -> String {
    std::env::var("MOTO_ENDPOINT").unwrap_or_else(|_| {
        panic!(
            "MOTO_ENDPOINT is unset: run `scripts/test-all.sh` (it starts moto), or start \
             `.venv/bin/moto_server -H 127.0.0.1 -p 0` and export MOTO_ENDPOINT=http://127.0.0.1:PORT"
        )
    })
}

/// Session credentials (key, secret, token) in `account` from the moto server at `endpoint`
/// (moto issues them for any account through `sts:AssumeRole`).
pub(crate) fn credentials_at(endpoint: &str, account: &str) -> (String, String, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let settings = Settings {
            endpoint_url: Some(endpoint.to_owned()),
            retry: RetrySettings::disabled(),
            ..Settings::default()
        };
        let base = static_config(
            &settings,
            aws_credential_types::Credentials::new("AKIAIOSFODNN7EXAMPLE", "x", None, None, "t"),
        );
        let account = account.parse().expect("a 12-digit account id");
        let config = assume_role(&base, &settings, account, "cli-test")
            .await
            .expect("session");
        let provider = config.credentials_provider().expect("credentials");
        use aws_credential_types::provider::ProvideCredentials;
        let credentials = provider.provide_credentials().await.expect("credentials");
        (
            credentials.access_key_id().to_owned(),
            credentials.secret_access_key().to_owned(),
            credentials.session_token().unwrap_or_default().to_owned(),
        )
    })
}

/// Session credentials in `account` from the moto server of [`endpoint`].
#[allow(dead_code, reason = "not every test file asks the shared server")]
pub(crate) fn credentials(account: &str) -> (String, String, String) {
    credentials_at(&endpoint(), account)
}

/// Runs `jumpgate ARGUMENTS --endpoint-url ENDPOINT --max-attempts 1` with session credentials
/// in `account` from the shared moto server (`ENDPOINT` may be another, or nothing at all: a
/// test that no call is made); no shared AWS config; initial passwords of an apply without
/// `--credentials-dir` go under the build's scratch directory, never into the user's own
/// `~/.local/state/jumpgate/credentials`).
#[allow(dead_code, reason = "not every test file runs the CLI against moto")]
pub(crate) fn jumpgate_at(
    arguments: &[&str],
    account: &str,
    endpoint: &str,
) -> std::process::Output {
    let (key, secret, token) = credentials(account);
    std::process::Command::new(env!("CARGO_BIN_EXE_jumpgate"))
        .args(arguments)
        .args(["--endpoint-url", endpoint, "--max-attempts", "1"])
        .env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env("AWS_SESSION_TOKEN", token)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("jumpgate runs")
}

/// [`jumpgate_at`] the shared moto server.
#[allow(dead_code, reason = "not every test file runs the CLI against moto")]
pub(crate) fn jumpgate(arguments: &[&str], account: &str) -> std::process::Output {
    jumpgate_at(arguments, account, &endpoint())
}
