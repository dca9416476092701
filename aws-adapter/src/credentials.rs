//! The people's credentials: initial console passwords (generated with the operating system's
//! CSPRNG, handed to a [`CredentialSink`] before the login profile exists, never logged or
//! printed), and the reads of the credentials audit (password policies, root access keys, the
//! JUMP users' MFA devices, login profiles and access keys, the credential report).

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use aws_sdk_iam::error::ProvideErrorMetadata as _;
use aws_sdk_iam::types::{ReportStateType, StatusType, SummaryKeyType};
use iam_policy::AccountId;
use jumpgate_planner::credential_report::{self, ReportRow, Timestamp};
use jumpgate_planner::credentials::{
    AccessKey, AccountCredentials, DesiredCredentials, LiveCredentials, LoginProfile, MfaDevice,
    UserCredentials,
};
use jumpgate_planner::state::PasswordPolicy;

use crate::{Aws, Error};

/// The characters IAM counts for `RequireSymbols` (the password policy's symbols).
const SYMBOLS: &[u8] = org_model::PasswordPolicy::SYMBOLS.as_bytes();
const UPPERCASE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWERCASE: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const DIGITS: &[u8] = b"0123456789";

/// The largest credential report read: 64 MiB is far beyond IAM's 5,000 users.
const MAX_REPORT_BYTES: usize = 64 * 1024 * 1024;

/// A generated initial password. It is shown by nothing: `Debug` redacts it, it has no
/// `Display`, and its bytes are overwritten when it is dropped.
pub struct InitialPassword(Vec<u8>);

impl InitialPassword {
    /// The password, for the one place that must hold it (the credentials file).
    pub fn expose(&self) -> &str {
        // Only ASCII characters are ever generated.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Debug for InitialPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InitialPassword(redacted)")
    }
}

impl Drop for InitialPassword {
    fn drop(&mut self) {
        for byte in &mut self.0 {
            *byte = 0;
        }
        std::hint::black_box(&self.0);
    }
}

/// A uniformly random index below `bound` (at most 256), from the OS CSPRNG (rejection
/// sampling: no modulo bias).
fn random_below(bound: usize) -> Result<usize, Error> {
    let bound = u16::try_from(bound).unwrap_or(256).clamp(1, 256);
    let limit = 256 - 256 % bound;
    loop {
        let mut byte = [0u8; 1];
        getrandom::getrandom(&mut byte)
            .map_err(|error| Error::unexpected("getrandom", error.to_string()))?;
        if u16::from(byte[0]) < limit {
            return Ok(usize::from(u16::from(byte[0]) % bound));
        }
    }
}

/// A password of `length` characters (at least 4) from the operating system's CSPRNG, with at
/// least one uppercase letter, lowercase letter, digit and symbol, so that it meets any password
/// policy whose minimum length is at most `length`.
pub fn generate_password(length: u8) -> Result<InitialPassword, Error> {
    let length = usize::from(length.max(4));
    let classes: [&[u8]; 4] = [UPPERCASE, LOWERCASE, DIGITS, SYMBOLS];
    let all: Vec<u8> = classes.concat();
    let mut password = InitialPassword(Vec::with_capacity(length));
    for class in classes {
        password.0.push(class[random_below(class.len())?]);
    }
    while password.0.len() < length {
        password.0.push(all[random_below(all.len())?]);
    }
    // Fisher-Yates, so that the guaranteed characters are anywhere.
    for index in (1..password.0.len()).rev() {
        let other = random_below(index + 1)?;
        password.0.swap(index, other);
    }
    Ok(password)
}

/// Where initial passwords go. `jumpgate apply` writes each to a file only its owner can read
/// (see the CLI); tests keep them in memory.
///
/// For each login profile, [`store`](Self::store) runs before `CreateLoginProfile`, so a
/// password exists somewhere safe before it works; then [`confirm`](Self::confirm) when the
/// login profile exists, or [`discard`](Self::discard) when it could not be created.
pub trait CredentialSink: fmt::Debug + Send + Sync {
    /// Keeps the initial password of `user` in `account`.
    fn store(
        &self,
        account: AccountId,
        user: &str,
        password: &InitialPassword,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>>;

    /// The login profile with the stored password exists.
    fn confirm(&self, account: AccountId, user: &str);

    /// The login profile could not be created: the stored password never worked.
    fn discard(&self, account: AccountId, user: &str);
}

/// Creates the login profile of `user`: a password of `length` characters is generated, stored
/// in the sink, then set with `PasswordResetRequired`. When the call fails, the sink forgets
/// the password again, unless the failure says the profile exists: then an earlier attempt of
/// the same request (whose answer was lost; the SDK retries with the same password) made it.
pub(crate) async fn create_login_profile(
    iam: &aws_sdk_iam::Client,
    sink: &dyn CredentialSink,
    account: AccountId,
    user: &str,
    length: u8,
    reset_required: bool,
) -> Result<(), Error> {
    let password = generate_password(length)?;
    sink.store(account, user, &password)
        .map_err(|error| Error::Credentials {
            user: user.to_owned(),
            message: error.to_string(),
        })?;
    let created = iam
        .create_login_profile()
        .user_name(user)
        .password(password.expose())
        .password_reset_required(reset_required)
        .send()
        .await;
    drop(password);
    match created {
        Ok(_) => {
            sink.confirm(account, user);
            Ok(())
        }
        Err(error) if error.code() == Some("EntityAlreadyExists") => {
            sink.confirm(account, user);
            Ok(())
        }
        Err(error) => {
            sink.discard(account, user);
            Err(Error::aws("iam:CreateLoginProfile", error))
        }
    }
}

/// `iam:UpdateAccountPasswordPolicy` with every parameter of `policy`.
pub(crate) fn update_password_policy(
    iam: &aws_sdk_iam::Client,
    policy: &PasswordPolicy,
) -> aws_sdk_iam::operation::update_account_password_policy::builders::UpdateAccountPasswordPolicyFluentBuilder
{
    let mut request = iam
        .update_account_password_policy()
        .minimum_password_length(i32::from(policy.minimum_password_length))
        .require_symbols(policy.require_symbols)
        .require_numbers(policy.require_numbers)
        .require_uppercase_characters(policy.require_uppercase_characters)
        .require_lowercase_characters(policy.require_lowercase_characters)
        .allow_users_to_change_password(policy.allow_users_to_change_password)
        .hard_expiry(policy.hard_expiry);
    // 0 is "not set": no expiry, no reuse prevention.
    if policy.max_password_age > 0 {
        request = request.max_password_age(i32::from(policy.max_password_age));
    }
    if policy.password_reuse_prevention > 0 {
        request = request.password_reuse_prevention(i32::from(policy.password_reuse_prevention));
    }
    request
}

/// The account password policy, `None` when the account has none.
pub(crate) async fn read_password_policy(
    iam: &aws_sdk_iam::Client,
) -> Result<Option<PasswordPolicy>, Error> {
    let got = match iam.get_account_password_policy().send().await {
        Ok(got) => got,
        Err(error) if error.code() == Some("NoSuchEntity") => return Ok(None),
        Err(error) => return Err(Error::aws("iam:GetAccountPasswordPolicy", error)),
    };
    let Some(policy) = got.password_policy() else {
        return Ok(None);
    };
    let small = |value: Option<i32>| {
        value
            .and_then(|value| u8::try_from(value).ok())
            .unwrap_or(0)
    };
    Ok(Some(PasswordPolicy {
        minimum_password_length: small(policy.minimum_password_length()),
        require_symbols: policy.require_symbols(),
        require_numbers: policy.require_numbers(),
        require_uppercase_characters: policy.require_uppercase_characters(),
        require_lowercase_characters: policy.require_lowercase_characters(),
        allow_users_to_change_password: policy.allow_users_to_change_password(),
        max_password_age: policy
            .max_password_age()
            .and_then(|days| u16::try_from(days).ok())
            .unwrap_or(0),
        password_reuse_prevention: small(policy.password_reuse_prevention()),
        hard_expiry: policy.hard_expiry().unwrap_or(false),
    }))
}

/// The login profile of `user`, `None` when the user has none.
pub(crate) async fn read_login_profile(
    iam: &aws_sdk_iam::Client,
    user: &str,
) -> Result<Option<LoginProfile>, Error> {
    match iam.get_login_profile().user_name(user).send().await {
        Ok(got) => Ok(got.login_profile().map(|profile| LoginProfile {
            created: profile.create_date().secs(),
            reset_required: profile.password_reset_required(),
        })),
        Err(error) if error.code() == Some("NoSuchEntity") => Ok(None),
        Err(error) => Err(Error::aws("iam:GetLoginProfile", error)),
    }
}

impl Aws {
    /// Reads what the credentials audit needs (read calls only, and `GenerateCredentialReport`,
    /// which only asks IAM to prepare the report): in every account the password policy and
    /// `AccountAccessKeysPresent`; in JUMP, every layout user's MFA devices, login profile and
    /// access keys (fresh, per user: they change when people act), and from the credential
    /// report, one download for all users, when each password was last changed and each key
    /// last used (a key the report does not know yet is asked about with
    /// `GetAccessKeyLastUsed`).
    pub async fn read_credentials(
        &self,
        desired: &DesiredCredentials,
    ) -> Result<LiveCredentials, Error> {
        let mut live = LiveCredentials::default();
        let read = self
            .each(
                "reading credentials",
                &desired.accounts,
                |account| account.name.clone(),
                |account| async move {
                    let iam = self.iam(account.id).await?;
                    let summary = iam
                        .get_account_summary()
                        .send()
                        .await
                        .map_err(|error| Error::aws("iam:GetAccountSummary", error))?;
                    let root_access_keys = summary
                        .summary_map()
                        .and_then(|map| map.get(&SummaryKeyType::AccountAccessKeysPresent))
                        .is_some_and(|present| *present > 0);
                    Ok((
                        account.id,
                        AccountCredentials {
                            password_policy: read_password_policy(&iam).await?,
                            root_access_keys,
                        },
                    ))
                },
            )
            .await?;
        live.accounts.extend(read);
        let Some(jump) = &desired.jump else {
            return Ok(live);
        };
        if desired.users.is_empty() {
            return Ok(live);
        }
        let iam = self.iam(jump.id).await?;
        let listed = iam
            .list_users()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|error| Error::aws("iam:ListUsers", error))?;
        let listed: BTreeMap<&str, &aws_sdk_iam::types::User> =
            listed.iter().map(|user| (user.user_name(), user)).collect();
        let report = self.credential_report(&iam).await?;
        for user in &desired.users {
            let Some(found) = listed.get(user.name.as_str()) else {
                continue;
            };
            let row = report.get(user.name.as_str());
            let devices = iam
                .list_mfa_devices()
                .user_name(&user.name)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListMFADevices", error))?;
            let keys = iam
                .list_access_keys()
                .user_name(&user.name)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|error| Error::aws("iam:ListAccessKeys", error))?;
            let mut access_keys = Vec::with_capacity(keys.len());
            for key in &keys {
                let Some(id) = key.access_key_id() else {
                    continue;
                };
                let created = key
                    .create_date()
                    .map_or(0, aws_smithy_types::DateTime::secs);
                let last_used = match row.and_then(|row| row.key_last_used(created)) {
                    Some(last_used) => last_used,
                    None => iam
                        .get_access_key_last_used()
                        .access_key_id(id)
                        .send()
                        .await
                        .map_err(|error| Error::aws("iam:GetAccessKeyLastUsed", error))?
                        .access_key_last_used()
                        .and_then(|used| used.last_used_date())
                        .map(aws_smithy_types::DateTime::secs),
                };
                access_keys.push(AccessKey {
                    id: id.to_owned(),
                    active: key.status() == Some(&StatusType::Active),
                    created,
                    last_used,
                });
            }
            live.users.insert(
                user.name.clone(),
                UserCredentials {
                    created: found.create_date().secs(),
                    login_profile: read_login_profile(&iam, &user.name).await?,
                    password_last_used: found
                        .password_last_used()
                        .map(aws_smithy_types::DateTime::secs)
                        .or_else(|| row.and_then(|row| row.password_last_used)),
                    password_last_changed: row.and_then(|row| row.password_last_changed),
                    mfa_devices: devices
                        .iter()
                        .map(|device| MfaDevice {
                            serial: device.serial_number().to_owned(),
                            enabled: Some(device.enable_date().secs()),
                        })
                        .collect(),
                    access_keys,
                },
            );
        }
        Ok(live)
    }

    /// The credential report's rows by user name: `GenerateCredentialReport` until it says
    /// `COMPLETE` (IAM makes a new one when the last is more than four hours old), then
    /// `GetCredentialReport`.
    async fn credential_report(
        &self,
        iam: &aws_sdk_iam::Client,
    ) -> Result<BTreeMap<String, ReportRow>, Error> {
        let mut wait = Duration::from_millis(200);
        let mut waited = Duration::ZERO;
        loop {
            let state = iam
                .generate_credential_report()
                .send()
                .await
                .map_err(|error| Error::aws("iam:GenerateCredentialReport", error))?;
            if state.state() == Some(&ReportStateType::Complete) {
                break;
            }
            if waited >= self.settings.credential_report_wait {
                return Err(Error::unexpected(
                    "iam:GenerateCredentialReport",
                    format!(
                        "the credential report is not ready after {} s; run the audit again",
                        waited.as_secs()
                    ),
                ));
            }
            tokio::time::sleep(wait).await;
            waited += wait;
            wait = (wait * 2).min(Duration::from_secs(5));
        }
        let got = iam
            .get_credential_report()
            .send()
            .await
            .map_err(|error| Error::aws("iam:GetCredentialReport", error))?;
        let content = got
            .content()
            .ok_or_else(|| Error::unexpected("iam:GetCredentialReport", "no content"))?;
        let bytes = content.as_ref();
        if bytes.len() > MAX_REPORT_BYTES {
            return Err(Error::unexpected(
                "iam:GetCredentialReport",
                format!(
                    "the report has {} bytes; at most {MAX_REPORT_BYTES} are read",
                    bytes.len()
                ),
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|error| {
            Error::unexpected("iam:GetCredentialReport", format!("not UTF-8: {error}"))
        })?;
        let rows = credential_report::parse(text)
            .map_err(|error| Error::unexpected("iam:GetCredentialReport", error.to_string()))?;
        Ok(rows
            .into_iter()
            .map(|row| (row.user.clone(), row))
            .collect())
    }
}

/// Seconds since the epoch, now.
pub(crate) fn now() -> Timestamp {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_have_every_class_and_the_length_asked() {
        let mut seen = std::collections::BTreeSet::new();
        for length in [4, 14, 20, 128] {
            for _ in 0..50 {
                let password = generate_password(length).expect("random");
                let text = password.expose();
                assert_eq!(text.len(), usize::from(length));
                assert!(text.bytes().any(|byte| UPPERCASE.contains(&byte)), "{text}");
                assert!(text.bytes().any(|byte| LOWERCASE.contains(&byte)), "{text}");
                assert!(text.bytes().any(|byte| DIGITS.contains(&byte)), "{text}");
                assert!(text.bytes().any(|byte| SYMBOLS.contains(&byte)), "{text}");
                seen.insert(text.to_owned());
            }
        }
        // 200 passwords, all different.
        assert_eq!(seen.len(), 200);
        assert_eq!(
            format!("{:?}", generate_password(20).expect("random")),
            "InitialPassword(redacted)"
        );
    }

    #[test]
    fn random_indexes_cover_their_range() {
        let mut counts = [0u32; 82];
        for _ in 0..82 * 200 {
            counts[random_below(82).expect("random")] += 1;
        }
        // Every index comes up, none wildly more often than the others.
        assert!(
            counts.iter().all(|&count| (100..=320).contains(&count)),
            "{counts:?}"
        );
    }
}
