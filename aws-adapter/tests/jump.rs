//! The JUMP account against moto: the password policy in every account, applied and repaired;
//! console users' login profiles with a generated initial password that reaches AWS and the
//! credential sink and nothing else; the credentials audit seeing what people do behind
//! jumpgate's back (an MFA device enabled, access keys created).
//!
//! moto 5.2.5 has every API used here, but stores no `PasswordResetRequired` on
//! `CreateLoginProfile` (it always reads back `false`) and always answers 0 for
//! `AccountMFAEnabled` and `AccountAccessKeysPresent`: the request jumpgate sends is checked
//! through a recording proxy instead, and the proxy answers `GetAccountSummary` and
//! `GetLoginProfile` as IAM does for root keys and a password to change (responses written
//! after the IAM API reference). Its credential report has no `<root_account>` row and other
//! placeholders than AWS's; the parser is tested on AWS's documented format in the planner.

use std::sync::{Arc, Mutex, PoisonError};

use jumpgate_aws::{Aws, Settings};
use jumpgate_planner::PlanOptions;
use jumpgate_planner::audit::{AuditReport, Status};
use org_model::Layout;

mod common;

use common::{Kept, MemorySink, checked, connect, connect_with, iam_in, id_of, seed, settings};

/// A 12-digit id prefix unique to this test (first digit 0: `tests/moto.rs` takes 1-8,
/// `tests/baseline.rs` 9).
fn unique_prefix() -> String {
    common::unique_prefix(0, 9_999_999)
}

/// The status and details of the line `item` of `account` in `report`.
fn line(report: &AuditReport, account: &str, item: &str) -> (Status, String) {
    report
        .accounts
        .iter()
        .filter(|audited| audited.account == account)
        .flat_map(|audited| &audited.items)
        .find(|line| line.item == item)
        .map_or_else(
            || panic!("no line {account} {item}:\n{}", report.to_text()),
            |line| (line.status, line.details.join("; ")),
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_password_policy_is_applied_in_every_account_and_repaired() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let aws = connect(&id_of(&layout, "ROOT")).await;
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");
    for name in ["ROOT", "JUMP", "LOG", "PRD"] {
        let got = iam_in(&id_of(&layout, name))
            .await
            .get_account_password_policy()
            .send()
            .await
            .unwrap_or_else(|error| panic!("a password policy in {name}: {error}"));
        let policy = got.password_policy().expect("policy");
        assert_eq!(policy.minimum_password_length(), Some(14), "{name}");
        assert_eq!(policy.password_reuse_prevention(), Some(24), "{name}");
        assert!(
            policy.require_symbols()
                && policy.require_numbers()
                && policy.require_uppercase_characters()
                && policy.require_lowercase_characters()
                && policy.allow_users_to_change_password(),
            "{name}: {policy:?}"
        );
    }
    let report = aws.audit(&checked(&layout)).await.expect("audit");
    assert_eq!(line(&report, "JUMP", "password-policy").0, Status::Ok);

    // Someone weakens the policy in JUMP.
    let jump = iam_in(&id_of(&layout, "JUMP")).await;
    jump.update_account_password_policy()
        .minimum_password_length(8)
        .require_numbers(true)
        .send()
        .await
        .expect("their policy");
    let report = aws.audit(&checked(&layout)).await.expect("audit");
    let (status, details) = line(&report, "JUMP", "password-policy");
    assert_eq!(status, Status::Drifted, "{details}");
    assert!(
        details.contains("minimum_password_length: 8 -> 14"),
        "{details}"
    );
    let plan = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    let text = plan.to_text();
    assert_eq!(plan.changes.len(), 1, "{text}");
    assert!(text.contains("~ password policy in JUMP"), "{text}");
    assert!(text.contains("require_symbols: false -> true"), "{text}");
    let before = aws.writes().count();
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("repair");
    assert_eq!(
        aws.writes().names()[before..],
        ["IAM:UpdateAccountPasswordPolicy"]
    );
    let after = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(after.is_empty(), "{}", after.to_text());
    let report = aws.audit(&checked(&layout)).await.expect("audit");
    assert_eq!(line(&report, "JUMP", "password-policy").0, Status::Ok);
}

/// A proxy in front of moto that passes every request on and keeps the body of each
/// `CreateLoginProfile` (which holds the password: only this test looks at it); the actions
/// [`Canned`] names are answered by the proxy itself instead.
struct RecordingProxy {
    url: String,
    bodies: Arc<Mutex<Vec<String>>>,
}

/// Answers the proxy gives itself: (query action, the XML body for the request's form).
type Canned = Vec<(
    &'static str,
    fn(&std::collections::BTreeMap<String, String>) -> String,
)>;

fn recording_proxy() -> RecordingProxy {
    proxy_with(Vec::new())
}

fn proxy_with(canned: Canned) -> RecordingProxy {
    let upstream = common::endpoint()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("proxy listens");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = bodies.clone();
    let canned = Arc::new(canned);
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let (upstream, bodies, canned) = (upstream.clone(), bodies.clone(), canned.clone());
            std::thread::spawn(move || {
                let _ = pass_on(client, &upstream, &bodies, &canned);
            });
        }
    });
    RecordingProxy { url, bodies: kept }
}

/// Passes one request on to moto and its answer back (`Connection: close` both ways), or
/// answers it from `canned`.
fn pass_on(
    client: std::net::TcpStream,
    upstream: &str,
    bodies: &Mutex<Vec<String>>,
    canned: &Canned,
) -> std::io::Result<()> {
    use std::io::{BufRead as _, BufReader, Read as _, Write as _};
    let mut reader = BufReader::new(client.try_clone()?);
    let mut head = String::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
        if !lower.starts_with("connection:") {
            head.push_str(&line);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let text = String::from_utf8_lossy(&body).into_owned();
    let fields = form(&text);
    if let Some((_, answer)) = canned
        .iter()
        .find(|(action, _)| fields.get("Action").map(String::as_str) == Some(*action))
    {
        let xml = answer(&fields);
        // An `ErrorResponse` is a client error, as IAM sends it.
        let status = if xml.starts_with("<ErrorResponse") {
            "400 Bad Request"
        } else {
            "200 OK"
        };
        let mut writer = client;
        write!(
            writer,
            "HTTP/1.1 {status}\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{xml}",
            xml.len()
        )?;
        return writer.flush();
    }
    if text.starts_with("Action=CreateLoginProfile") {
        bodies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(text);
    }
    let mut server = std::net::TcpStream::connect(upstream)?;
    server.write_all(head.as_bytes())?;
    server.write_all(b"Connection: close\r\n\r\n")?;
    server.write_all(&body)?;
    let mut response = Vec::new();
    server.read_to_end(&mut response)?;
    let split = response
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap_or(response.len());
    let mut out: String = String::from_utf8_lossy(&response[..split])
        .split("\r\n")
        .filter(|line| !line.to_ascii_lowercase().starts_with("connection:"))
        .map(|line| format!("{line}\r\n"))
        .collect();
    out.push_str("Connection: close");
    let mut writer = client;
    writer.write_all(out.as_bytes())?;
    writer.write_all(&response[split..])?;
    writer.flush()
}

/// The form parameters of a query-protocol request body.
fn form(body: &str) -> std::collections::BTreeMap<String, String> {
    body.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| {
            let value = value.replace('+', " ");
            (
                key.to_owned(),
                percent_encoding::percent_decode_str(&value)
                    .decode_utf8_lossy()
                    .into_owned(),
            )
        })
        .collect()
}

fn without_console(layout: &Layout, user: &str) -> Layout {
    let mut changed = layout.clone();
    for entry in &mut changed.users {
        if entry.name == user {
            entry.console = false;
        }
    }
    changed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_users_get_login_profiles_whose_password_only_aws_and_the_sink_see() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let jump_id = id_of(&layout, "JUMP");
    let proxy = recording_proxy();
    let sink = Arc::new(MemorySink::default());
    let settings = Settings {
        endpoint_url: Some(proxy.url.clone()),
        credentials: Some(sink.clone()),
        ..settings()
    };
    let aws: Aws = connect_with(&id_of(&layout, "ROOT"), settings).await;
    let plan = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    let applied = aws
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");

    let passwords = sink.passwords();
    assert_eq!(passwords.len(), 3, "{passwords:?}");
    let bodies = proxy
        .bodies
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    assert_eq!(bodies.len(), 3);
    let jump = iam_in(&jump_id).await;
    for user in ["alice", "bob", "carol"] {
        let (password, kept) = &passwords[&(common::account(&jump_id), user.to_owned())];
        assert_eq!(*kept, Kept::Confirmed, "{user}");
        assert_eq!(password.len(), 20, "{user}");
        // What reached AWS: this password, to be changed at first sign-in.
        let sent = bodies
            .iter()
            .map(|body| form(body))
            .find(|sent| sent.get("UserName").map(String::as_str) == Some(user))
            .unwrap_or_else(|| panic!("CreateLoginProfile of {user}"));
        assert_eq!(sent.get("Password"), Some(password), "{user}");
        assert_eq!(
            sent.get("PasswordResetRequired").map(String::as_str),
            Some("true"),
            "{user}"
        );
        jump.get_login_profile()
            .user_name(user)
            .send()
            .await
            .unwrap_or_else(|error| panic!("login profile of {user}: {error}"));
        // ... and nothing the plan says.
        for shown in [
            plan.to_text(),
            applied.to_text(),
            serde_json::to_string(&plan).expect("JSON"),
            serde_json::to_string(&applied).expect("JSON"),
            format!("{plan:?}"),
        ] {
            assert!(
                !shown.contains(password.as_str()),
                "{user}'s password shown"
            );
        }
    }
    let again = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(again.is_empty(), "{}", again.to_text());

    // carol no longer signs in to the console: kept without --prune, deleted with it.
    let changed = without_console(&layout, "carol");
    let kept = aws
        .apply(&checked(&changed), PlanOptions::default())
        .await
        .expect("apply");
    assert!(kept.is_empty(), "{}", kept.to_text());
    assert!(
        kept.to_text()
            .contains("= console sign-in of user `carol` in JUMP"),
        "{}",
        kept.to_text()
    );
    jump.get_login_profile()
        .user_name("carol")
        .send()
        .await
        .expect("kept without --prune");
    let pruned = aws
        .apply(
            &checked(&changed),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("apply");
    assert_eq!(pruned.write_calls(), 1, "{}", pruned.to_text());
    assert!(
        jump.get_login_profile()
            .user_name("carol")
            .send()
            .await
            .is_err(),
        "deleted with --prune"
    );
    let after = aws
        .plan(
            &checked(&changed),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("plan");
    assert!(after.is_empty(), "{}", after.to_text());
}

/// `CreateLoginProfile` refused as IAM refuses a password its account's policy does not
/// accept (written after the IAM API reference's `PasswordPolicyViolation`).
fn password_policy_violation(_: &std::collections::BTreeMap<String, String>) -> String {
    "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>\
     <Type>Sender</Type><Code>PasswordPolicyViolation</Code>\
     <Message>Password should have at least one symbol</Message></Error>\
     <RequestId>a1b2c3d4-0000-4000-8000-000000000003</RequestId></ErrorResponse>"
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_login_profile_stops_apply_forgets_the_password_and_shows_it_nowhere() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let jump_id = id_of(&layout, "JUMP");
    let proxy = proxy_with(vec![("CreateLoginProfile", password_policy_violation)]);
    let sink = Arc::new(MemorySink::default());
    let settings = Settings {
        endpoint_url: Some(proxy.url.clone()),
        credentials: Some(sink.clone()),
        ..settings()
    };
    let aws: Aws = connect_with(&id_of(&layout, "ROOT"), settings).await;
    let error = aws
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .expect_err("IAM refuses the password");
    let passwords = sink.passwords();
    // apply stops at the first refusal: one password was made, kept, and discarded again.
    assert_eq!(passwords.len(), 1, "{passwords:?}");
    let ((account, user), (password, kept)) = passwords.iter().next().expect("one");
    assert_eq!(account.to_string(), jump_id);
    assert_eq!(*kept, Kept::Discarded, "{user}");
    let mut shown = vec![error.to_string(), format!("{error:?}")];
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        shown.push(cause.to_string());
        source = cause.source();
    }
    let all = shown.join("\n");
    assert!(all.contains("PasswordPolicyViolation"), "{all}");
    assert!(all.contains(&format!("`{user}`")), "{all}");
    assert!(
        !all.contains(password.as_str()),
        "{user}'s password in the error"
    );
    // No login profile exists, and the next plan still wants to create it.
    assert!(
        iam_in(&jump_id)
            .await
            .get_login_profile()
            .user_name(user)
            .send()
            .await
            .is_err()
    );
    let plan = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(
        plan.to_text()
            .contains("+ console sign-in: an initial password"),
        "{}",
        plan.to_text()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_with_login_profiles_and_nowhere_to_keep_passwords_writes_nothing() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let settings = Settings {
        credentials: None,
        ..settings()
    };
    let aws = connect_with(&id_of(&layout, "ROOT"), settings).await;
    let error = aws
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .expect_err("refused");
    assert!(
        matches!(error, jumpgate_aws::Error::NoCredentialSink),
        "{error}"
    );
    assert_eq!(aws.writes().count(), 0, "{:?}", aws.writes().names());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_sees_mfa_devices_and_access_keys_made_behind_jumpgates_back() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let jump_id = id_of(&layout, "JUMP");
    let aws = connect(&id_of(&layout, "ROOT")).await;
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");
    let report = aws.audit(&checked(&layout)).await.expect("audit");
    assert_eq!(
        line(&report, "JUMP", "alice/mfa"),
        (
            Status::Missing,
            "no MFA device; the user was created today".to_owned()
        )
    );
    let (status, details) = line(&report, "JUMP", "carol/console");
    assert_eq!(status, Status::Ok, "{details}");
    assert!(details.starts_with("never used; set today"), "{details}");
    assert_eq!(
        line(&report, "JUMP", "bob/access-keys"),
        (Status::Ok, "no access key".to_owned())
    );
    assert_eq!(line(&report, "ROOT", "root-access-keys").0, Status::Ok);
    let writes = aws.writes().count();

    // alice enrolls her device, named as the first-sign-in steps say; bob creates a key.
    let jump = iam_in(&jump_id).await;
    let device = jump
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("alice")
        .send()
        .await
        .expect("device");
    let serial = device
        .virtual_mfa_device()
        .map(|device| device.serial_number().to_owned())
        .expect("serial");
    assert_eq!(serial, format!("arn:aws:iam::{jump_id}:mfa/alice"));
    jump.enable_mfa_device()
        .user_name("alice")
        .serial_number(&serial)
        .authentication_code1("123456")
        .authentication_code2("654321")
        .send()
        .await
        .expect("enabled");
    let key = jump
        .create_access_key()
        .user_name("bob")
        .send()
        .await
        .expect("bob's key");
    let key_id = key
        .access_key()
        .map(|key| key.access_key_id().to_owned())
        .expect("key id");

    let report = aws.audit(&checked(&layout)).await.expect("audit");
    let (status, details) = line(&report, "JUMP", "alice/mfa");
    assert_eq!(status, Status::Ok, "{details}");
    assert!(details.starts_with(&serial), "{details}");
    assert_eq!(line(&report, "JUMP", "bob/mfa").0, Status::Missing);
    let (status, details) = line(&report, "JUMP", "bob/access-keys");
    assert_eq!(status, Status::Ok, "{details}");
    assert_eq!(
        details,
        format!("{key_id} created today, never used"),
        "{}",
        report.to_text()
    );
    // A second active key is one too many.
    jump.create_access_key()
        .user_name("bob")
        .send()
        .await
        .expect("bob's second key");
    let report = aws.audit(&checked(&layout)).await.expect("audit");
    let (status, details) = line(&report, "JUMP", "bob/access-keys");
    assert_eq!(status, Status::Drifted, "{details}");
    assert!(details.starts_with("2 active keys; at most 1"), "{details}");
    // The audit reads (and asks IAM for the credential report), it does not write.
    let names = aws.writes().names()[writes..].to_vec();
    assert!(
        names
            .iter()
            .all(|name| name == "IAM:GenerateCredentialReport"),
        "{names:?}"
    );
}

/// `GetAccountSummary` as IAM answers an account whose root user has MFA and access keys
/// (written after the IAM API reference: moto always answers 0 for both).
fn summary_with_root_keys(_: &std::collections::BTreeMap<String, String>) -> String {
    let entries: String = [
        ("Users", 3),
        ("Groups", 3),
        ("AccountMFAEnabled", 1),
        ("AccountAccessKeysPresent", 1),
        ("AccountSigningCertificatesPresent", 0),
        ("MFADevices", 0),
        ("MFADevicesInUse", 0),
    ]
    .iter()
    .map(|(key, value)| format!("<entry><key>{key}</key><value>{value}</value></entry>"))
    .collect();
    format!(
        "<GetAccountSummaryResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
         <GetAccountSummaryResult><SummaryMap>{entries}</SummaryMap></GetAccountSummaryResult>\
         <ResponseMetadata><RequestId>a1b2c3d4-0000-4000-8000-000000000001</RequestId>\
         </ResponseMetadata></GetAccountSummaryResponse>"
    )
}

/// `GetLoginProfile` as IAM answers for a profile whose initial password was never changed
/// (`PasswordResetRequired`, which moto does not keep), made on 2011-09-19.
fn login_profile_to_reset(form: &std::collections::BTreeMap<String, String>) -> String {
    let user = form.get("UserName").cloned().unwrap_or_default();
    format!(
        "<GetLoginProfileResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
         <GetLoginProfileResult><LoginProfile><UserName>{user}</UserName>\
         <CreateDate>2011-09-19T23:00:56Z</CreateDate>\
         <PasswordResetRequired>true</PasswordResetRequired></LoginProfile>\
         </GetLoginProfileResult><ResponseMetadata>\
         <RequestId>a1b2c3d4-0000-4000-8000-000000000002</RequestId></ResponseMetadata>\
         </GetLoginProfileResponse>"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn root_access_keys_and_initial_passwords_never_changed_are_audited() {
    let prefix = unique_prefix();
    // Root MFA required: the answers below say it is on.
    let layout = seed(&prefix);
    let aws = connect(&id_of(&layout, "ROOT")).await;
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");
    let proxy = proxy_with(vec![
        ("GetAccountSummary", summary_with_root_keys),
        ("GetLoginProfile", login_profile_to_reset),
    ]);
    let settings = Settings {
        endpoint_url: Some(proxy.url.clone()),
        ..settings()
    };
    let through = connect_with(&id_of(&layout, "ROOT"), settings).await;
    let report = through.audit(&checked(&layout)).await.expect("audit");
    for account in ["ROOT", "JUMP", "PRD"] {
        let (status, details) = line(&report, account, "root-access-keys");
        assert_eq!(status, Status::Drifted, "{account}: {details}");
        assert!(
            details.starts_with("the root user has access keys (AccountAccessKeysPresent = 1)"),
            "{details}"
        );
        assert_eq!(
            line(&report, account, "root-mfa").0,
            Status::Ok,
            "{account}"
        );
    }
    // The password was set today (the credential report's `password_last_changed` is what
    // counts), and the user must still change it.
    let (status, details) = line(&report, "JUMP", "alice/console");
    assert_eq!(status, Status::Ok, "{details}");
    assert_eq!(
        details,
        "never used; set today; the initial password is not changed yet; changed today"
    );
}
