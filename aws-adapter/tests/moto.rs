//! The AWS adapters against moto (one server for the whole run, started by
//! `scripts/test-all.sh`). Every test works in its own accounts, so they run in parallel.
//! The end-to-end test also runs the real AWS CLI (`JUMPGATE_AWS_CLI`, installed by the same
//! script); the fault tests put a fault-injecting proxy between the adapter and moto.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Instant;

use aws_credential_types::Credentials;
use jumpgate_aws::{Aws, RetrySettings, Settings, SettleSettings, assume_role, static_config};
use jumpgate_planner::{ChangeAction, PlanOptions};
use org_model::{Grant, Layout, Role};

mod common;

use common::{account, base, checked, connect, endpoint, iam_in, id_of, seed, settings};

/// A 12-digit id prefix unique to this test (first digit 1-8; `tests/baseline.rs` takes 9).
fn unique_prefix() -> String {
    common::unique_prefix(10_000_000, 89_999_999)
}

/// The seed with ROOT alone existing: every member account is created by email.
fn seed_to_create(prefix: &str) -> Layout {
    let mut layout = seed(prefix);
    for account in &mut layout.accounts {
        if account.name != "ROOT" {
            account.id = None;
            account.email = format!("aws+{}-{prefix}@example.com", account.name.to_lowercase());
        }
    }
    layout
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_from_scratch_then_second_apply_writes_nothing() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let aws = connect(&id_of(&layout, "ROOT")).await;

    let planned = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(!planned.is_empty());
    let started = Instant::now();
    let applied = aws
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");
    let elapsed = started.elapsed();
    let fresh = aws.writes().count();
    eprintln!("fresh apply of the seed: {fresh} write calls in {elapsed:?}");
    assert_eq!(fresh, applied.write_calls(), "{:?}", aws.writes().names());
    // Members with ids that are not in the organization are reported, not invented.
    assert_eq!(applied.conflicts.len(), 8, "{}", applied.to_text());

    let again = aws
        .apply(
            &checked(&layout),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("second apply");
    assert!(again.is_empty(), "{}", again.to_text());
    assert_eq!(aws.writes().count(), fresh, "{:?}", aws.writes().names());
    let plan = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(plan.is_empty(), "{}", plan.to_text());
    eprintln!("no-op apply of the seed: 0 write calls");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_without_id_are_created_moved_and_deployed() {
    let layout = seed_to_create(&unique_prefix());
    let aws = connect(&id_of(&layout, "ROOT")).await;
    let applied = aws
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");
    assert!(applied.conflicts.is_empty(), "{}", applied.to_text());
    let org = aws.read_org().await.expect("org");
    assert_eq!(org.accounts.len(), 9);
    let prd = org
        .accounts
        .iter()
        .find(|account| account.name == "PRD")
        .expect("PRD created");
    assert_eq!(prd.ou, "Workloads/Production");
    let roles = iam_in(prd.id.as_str())
        .await
        .get_role()
        .role_name("admin")
        .send()
        .await;
    assert!(roles.is_ok(), "admin deployed to the new PRD");
    let again = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(again.is_empty(), "{}", again.to_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changed_layout_new_role_and_changed_trust() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let aws = connect(&id_of(&layout, "ROOT")).await;
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");

    let mut changed = layout.clone();
    changed
        .roles
        .push(Role::new("billing").aws_managed("job-function/Billing"));
    changed
        .grants
        .push(Grant::new("auditors", "billing").accounts(["LOG"]));
    if let Some(admin) = changed.roles.iter_mut().find(|role| role.name == "admin") {
        admin.trust.max_mfa_age = None;
    }
    let plan = aws
        .plan(&checked(&changed), PlanOptions::default())
        .await
        .expect("plan");
    let text = plan.to_text();
    assert!(text.contains("+ role `billing` in LOG"), "{text}");
    assert!(text.contains("~ role `admin` in PRD"), "{text}");
    assert!(
        text.contains("- Condition.NumericLessThan.aws:multifactorauthage: 3600"),
        "{text}"
    );
    assert!(text.contains("~ group `auditors`"), "{text}");
    let before = aws.writes().count();
    aws.apply(&checked(&changed), PlanOptions::default())
        .await
        .expect("apply");
    assert_eq!(aws.writes().count() - before, plan.write_calls());
    let after = aws
        .plan(&checked(&changed), PlanOptions::default())
        .await
        .expect("plan");
    assert!(after.is_empty(), "{}", after.to_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_behind_jumpgates_back_is_planned_and_repaired() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let aws = connect(&id_of(&layout, "ROOT")).await;
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");

    let dev = iam_in(&id_of(&layout, "DEV")).await;
    let open = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":"sts:AssumeRole"}}]}}"#,
        id_of(&layout, "JUMP")
    );
    dev.update_assume_role_policy()
        .role_name("admin")
        .policy_document(open)
        .send()
        .await
        .expect("drift trust");
    dev.detach_role_policy()
        .role_name("admin")
        .policy_arn("arn:aws:iam::aws:policy/AdministratorAccess")
        .send()
        .await
        .expect("drift attachment");
    let jump = iam_in(&id_of(&layout, "JUMP")).await;
    jump.remove_user_from_group()
        .user_name("alice")
        .group_name("developers")
        .send()
        .await
        .expect("drift membership");

    let plan = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    let text = plan.to_text();
    assert_eq!(plan.changes.len(), 2, "{text}");
    assert!(
        text.contains("+ Condition.Bool.aws:multifactorauthpresent: true"),
        "{text}"
    );
    assert!(
        text.contains("+ attached arn:aws:iam::aws:policy/AdministratorAccess"),
        "{text}"
    );
    assert!(text.contains("+ member of `developers`"), "{text}");
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("repair");
    let after = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(after.is_empty(), "{}", after.to_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unmanaged_role_with_the_same_name_is_left_untouched() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let dev = iam_in(&id_of(&layout, "DEV")).await;
    let theirs = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    dev.create_role()
        .role_name("admin")
        .assume_role_policy_document(theirs)
        .send()
        .await
        .expect("their role");

    let aws = connect(&id_of(&layout, "ROOT")).await;
    let applied = aws
        .apply(
            &checked(&layout),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("apply");
    assert!(
        applied
            .conflicts
            .iter()
            .any(|conflict| conflict.resource == "role `admin`"
                && conflict.target.to_string().starts_with("DEV")),
        "{}",
        applied.to_text()
    );
    let role = dev
        .get_role()
        .role_name("admin")
        .send()
        .await
        .expect("still there");
    let role = role.role().expect("role");
    assert!(role.tags().is_empty());
    let trust = jumpgate_aws::decode_policy(
        "GetRole",
        role.assume_role_policy_document().unwrap_or_default(),
    )
    .expect("trust");
    let expected = iam_policy::Policy::from_json(theirs).expect("policy");
    assert!(trust.semantically_equals(&expected));
    let attached = dev
        .list_attached_role_policies()
        .role_name("admin")
        .send()
        .await
        .expect("list");
    assert!(attached.attached_policies().is_empty());
    // Everything else was deployed.
    let plan = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert_eq!(plan.conflicts.len(), 9, "{}", plan.to_text());
}

/// The seed without the group `auditors`: its grants and memberships gone too.
fn without_auditors(layout: &Layout) -> Layout {
    let mut smaller = layout.clone();
    smaller.groups.retain(|group| group.name != "auditors");
    smaller.grants.retain(|grant| grant.group != "auditors");
    for user in &mut smaller.users {
        user.groups.retain(|group| group != "auditors");
    }
    smaller
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removed_group_is_kept_without_prune_and_deleted_with_it() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let aws = connect(&id_of(&layout, "ROOT")).await;
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");
    let smaller = without_auditors(&layout);
    let jump = iam_in(&id_of(&layout, "JUMP")).await;

    // Without --prune: the group (with its policies and members) is reported and left alone.
    let plan = aws
        .plan(&checked(&smaller), PlanOptions::default())
        .await
        .expect("plan");
    let text = plan.to_text();
    assert!(
        plan.retained
            .iter()
            .any(|item| item.resource == "group `auditors`"),
        "{text}"
    );
    assert!(
        !plan
            .changes
            .iter()
            .any(|change| change.action == ChangeAction::Delete),
        "{text}"
    );
    let before = aws.writes().count();
    let applied = aws
        .apply(&checked(&smaller), PlanOptions::default())
        .await
        .expect("apply without prune");
    let names = aws.writes().names()[before..].to_vec();
    assert!(
        !names.iter().any(|name| name.contains(":Delete")
            || name.contains(":Remove")
            || name.contains(":Detach")),
        "{names:?}\n{}",
        applied.to_text()
    );
    let members = jump
        .get_group()
        .group_name("auditors")
        .send()
        .await
        .expect("group kept");
    assert_eq!(members.users().len(), 1, "carol is still a member");
    let policies = jump
        .list_group_policies()
        .group_name("auditors")
        .send()
        .await
        .expect("policies");
    assert!(!policies.policy_names().is_empty());

    // With --prune: memberships and inline policies first, then the group.
    let accounts_before = aws.read_org().await.expect("org").accounts;
    let pruned = aws
        .plan(
            &checked(&smaller),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("plan");
    let delete = pruned
        .changes
        .iter()
        .find(|change| {
            change.resource == "group `auditors`" && change.action == ChangeAction::Delete
        })
        .unwrap_or_else(|| panic!("group deleted:\n{}", pruned.to_text()));
    assert!(
        matches!(
            delete.ops.last(),
            Some(jumpgate_planner::Op::DeleteGroup { .. })
        ),
        "{:?}",
        delete.ops
    );
    let before = aws.writes().count();
    let applied = aws
        .apply(
            &checked(&smaller),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("apply with prune");
    assert_eq!(aws.writes().count() - before, applied.write_calls());
    let names = aws.writes().names()[before..].to_vec();
    let position = |wanted: &str| {
        names
            .iter()
            .position(|name| name.ends_with(wanted))
            .unwrap_or_else(|| panic!("{wanted} in {names:?}"))
    };
    assert!(position(":RemoveUserFromGroup") < position(":DeleteGroup"));
    assert!(position(":DeleteGroupPolicy") < position(":DeleteGroup"));
    assert!(
        !names
            .iter()
            .any(|name| name.to_lowercase().starts_with("organizations:")),
        "accounts are never closed: {names:?}"
    );
    let gone = jump.get_group().group_name("auditors").send().await;
    assert!(gone.is_err(), "auditors deleted");
    let carol = jump
        .list_groups_for_user()
        .user_name("carol")
        .send()
        .await
        .expect("carol kept (still in the layout)");
    assert!(carol.groups().is_empty());
    let after = aws
        .plan(
            &checked(&smaller),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("plan");
    assert!(after.is_empty(), "{}", after.to_text());
    let accounts = aws.read_org().await.expect("org").accounts;
    assert_eq!(accounts, accounts_before, "accounts are never closed");
}

#[cfg(unix)]
/// The AWS CLI to run, from `JUMPGATE_AWS_CLI`.
fn aws_cli() -> std::path::PathBuf {
    match std::env::var_os("JUMPGATE_AWS_CLI") {
        Some(path) => path.into(),
        None => panic!(
            "JUMPGATE_AWS_CLI is unset: this test needs the real AWS CLI. Run \
             `scripts/test-all.sh` (it installs awscli into `.venv`), or \
             `export JUMPGATE_AWS_CLI=$PWD/.venv/bin/aws`."
        ),
    }
}

#[cfg(unix)]
/// A scratch directory removed on drop.
struct Scratch(std::path::PathBuf);

#[cfg(unix)]
impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
/// Runs `aws sts get-caller-identity --profile <profile>` with only the files in `home`, moto
/// as the endpoint and `mfa_code` on stdin.
///
/// The profile has `mfa_serial`, so the CLI asks for a code: botocore's assume-role provider
/// prompts with Python's `getpass.getpass`, which reads `/dev/tty` when the process has a
/// controlling terminal and falls back to stdin otherwise. The child runs in its own session
/// (`setsid`), so it has none and reads the code from the pipe whether or not `cargo test` runs
/// in a terminal. HOME is the scratch directory, so the CLI's assume-role cache
/// (`~/.aws/cli/cache`) starts empty and is thrown away: every run really assumes the role.
fn caller_identity(home: &std::path::Path, profile: &str, mfa_code: &str) -> serde_json::Value {
    use std::io::Write as _;
    use std::os::unix::process::CommandExt as _;
    use std::process::{Command, Stdio};

    let mut command = Command::new(aws_cli());
    command
        .args(["sts", "get-caller-identity", "--profile", profile])
        .args(["--output", "json"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env("AWS_ENDPOINT_URL", endpoint())
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setsid is async-signal-safe and touches no memory of the parent.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().expect("the AWS CLI starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{mfa_code}\n").as_bytes())
        .expect("MFA code written");
    let output = child.wait_with_output().expect("the AWS CLI runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "aws sts get-caller-identity --profile {profile} failed ({}):\n{stderr}",
        output.status
    );
    assert!(
        stderr.contains("MFA code"),
        "the CLI asked for the MFA code:\n{stderr}"
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rendered_aws_config_assumes_the_role_with_the_real_cli() {
    let cli = aws_cli();
    assert!(
        cli.is_file(),
        "JUMPGATE_AWS_CLI={} is no file",
        cli.display()
    );
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let aws = connect(&id_of(&layout, "ROOT")).await;
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");
    let key = iam_in(&id_of(&layout, "JUMP"))
        .await
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .expect("access key of alice");
    let key = key.access_key().expect("key");

    let rendered = org_model::render::render(&layout).expect("renders");
    let config = rendered
        .files()
        .get("aws-config/alice.config")
        .expect("alice's AWS config");
    // Profile names start with the organization's name (`example`).
    assert!(config.contains("[profile example-dev-admin]"), "{config}");
    let home = Scratch(std::env::temp_dir().join(format!("jumpgate-aws-e2e-{prefix}")));
    std::fs::create_dir_all(&home.0).expect("scratch");
    std::fs::write(home.0.join("config"), config).expect("config");
    std::fs::write(
        home.0.join("credentials"),
        format!(
            "[example-jump]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            key.access_key_id(),
            key.secret_access_key()
        ),
    )
    .expect("credentials");

    for (profile, account, role) in [
        ("example-dev-admin", "DEV", "admin"),
        ("example-prd-read-only", "PRD", "read-only"),
    ] {
        let identity = caller_identity(&home.0, profile, "123456");
        let account_id = id_of(&layout, account);
        assert_eq!(identity["Account"], account_id.as_str(), "{identity}");
        assert_eq!(
            identity["Arn"],
            format!("arn:aws:sts::{account_id}:assumed-role/{role}/alice").as_str(),
            "{identity}"
        );
    }
}

/// What the fault-injecting proxy does to every `every`-th request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Answers throttling without forwarding, in each protocol's error shape: HTTP 400
    /// `Throttling` in the query protocol's XML (IAM, STS), `ThrottlingException` in JSON for
    /// `X-Amz-Target` requests (Organizations, Config, CloudTrail) and GuardDuty's REST-JSON
    /// (`/detector` paths), HTTP 503 `SlowDown` in S3's XML (everything else). Counts only
    /// requests seen for the first time: a retry is answered.
    Throttle,
    /// Forwards the request to moto (so a write happens), then closes the connection without
    /// answering: the client cannot tell whether the call took effect.
    DropAfterForwarding,
    /// Like [`Fault::DropAfterForwarding`], for every `every`-th first attempt of each
    /// `Create*` operation (retries are answered).
    DropCreateAnswers,
    /// A rate limit like AWS's: a request is throttled (as [`Fault::Throttle`]) when `every`
    /// requests arrived in the second before it.
    RateLimit,
    /// AWS's eventual consistency (`every` is ignored): the first two `AssumeRole` calls into
    /// each account's `OrganizationAccountAccessRole` are denied (`AccessDenied`, as for a new
    /// account whose role is not assumable yet), and the first `PutConfigurationRecorder` of
    /// each session is refused (`InvalidRoleException`, as for a role made moments before).
    Settling,
}

/// A proxy on 127.0.0.1 in front of moto that injects [`Fault`]s; one request per connection.
struct FaultyProxy {
    url: String,
    faults: std::sync::Arc<AtomicU32>,
    /// The actions whose answers were dropped ([`Fault::DropAfterForwarding`]), or refused
    /// ([`Fault::Settling`]).
    dropped: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

fn faulty_proxy(every: u32, fault: Fault) -> FaultyProxy {
    use std::sync::Arc;
    let upstream = endpoint()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("proxy listens");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let requests = Arc::new(AtomicU32::new(0));
    let faults = Arc::new(AtomicU32::new(0));
    let counted = faults.clone();
    let dropped = Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorded = dropped.clone();
    let settling = Arc::new(std::sync::Mutex::new(std::collections::HashMap::new()));
    let recent = Arc::new(std::sync::Mutex::new(std::collections::VecDeque::new()));
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let (upstream, requests, faults) = (upstream.clone(), requests.clone(), faults.clone());
            let (dropped, settling, recent) = (dropped.clone(), settling.clone(), recent.clone());
            std::thread::spawn(move || {
                let state = ProxyState {
                    requests: &requests,
                    faults: &faults,
                    dropped: &dropped,
                    settling: &settling,
                    recent: &recent,
                };
                let _ = proxy_one(client, &upstream, every, fault, &state);
            });
        }
    });
    FaultyProxy {
        url,
        faults: counted,
        dropped: recorded,
    }
}

/// What the proxy's connections share.
struct ProxyState<'a> {
    requests: &'a AtomicU32,
    faults: &'a AtomicU32,
    dropped: &'a std::sync::Mutex<Vec<String>>,
    /// [`Fault::Settling`]: answers refused so far, by role ARN or access key;
    /// [`Fault::DropCreateAnswers`] and [`Fault::Throttle`]: requests seen.
    settling: &'a std::sync::Mutex<std::collections::HashMap<String, u32>>,
    /// [`Fault::RateLimit`]: when the requests of the last second arrived.
    recent: &'a std::sync::Mutex<std::collections::VecDeque<Instant>>,
}

/// Whether the proxy sees this request (line and body) for the first time (else it is taken
/// for a retry).
fn first_time(request_line: &str, body: &[u8], state: &ProxyState<'_>) -> bool {
    let key = format!("request {request_line} {}", String::from_utf8_lossy(body));
    let mut seen = state
        .settling
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let count = seen.entry(key).or_insert(0);
    *count += 1;
    *count == 1
}

/// How many requests of the operation `action` the proxy has seen, this one included.
fn nth_of_its_kind(action: &str, state: &ProxyState<'_>) -> u32 {
    let mut seen = state
        .settling
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let count = seen.entry(format!("action {action}")).or_insert(0);
    *count += 1;
    *count
}

/// Whether [`Fault::RateLimit`] throttles a request arriving now.
fn over_the_rate(
    limit: u32,
    recent: &std::sync::Mutex<std::collections::VecDeque<Instant>>,
) -> bool {
    let now = Instant::now();
    let mut recent = recent
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    while recent
        .front()
        .is_some_and(|arrived| now.duration_since(*arrived).as_secs_f64() >= 1.0)
    {
        recent.pop_front();
    }
    if recent.len() >= limit as usize {
        return true;
    }
    recent.push_back(now);
    false
}

/// Whether [`Fault::Settling`] refuses this request (and counts it): the error's HTTP status,
/// content type and body.
fn settling_refusal(
    action: &str,
    body: &str,
    authorization: &str,
    state: &ProxyState<'_>,
) -> Option<(&'static str, &'static str, String)> {
    let (key, limit, refusal) =
        if action == "AssumeRole" && body.contains("OrganizationAccountAccessRole") {
            let role = body
                .split('&')
                .find_map(|pair| pair.strip_prefix("RoleArn="))
                .unwrap_or_default();
            (
                role.to_owned(),
                2,
                (
                    "403 Forbidden",
                    "text/xml",
                    "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>\
                 not authorized to perform sts:AssumeRole</Message></Error>\
                 <RequestId>fault</RequestId></ErrorResponse>"
                        .to_owned(),
                ),
            )
        } else if action == "PutConfigurationRecorder" {
            // The access key names the session, so the account.
            let key = authorization
                .split("Credential=")
                .nth(1)
                .and_then(|credential| credential.split('/').next())
                .unwrap_or_default();
            (
                format!("recorder {key}"),
                1,
                (
                    "400 Bad Request",
                    "application/x-amz-json-1.1",
                    r#"{"__type":"InvalidRoleException","message":"The role is not valid yet."}"#
                        .to_owned(),
                ),
            )
        } else {
            return None;
        };
    let mut refused = state
        .settling
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let count = refused.entry(key).or_insert(0);
    if *count >= limit {
        return None;
    }
    *count += 1;
    state.faults.fetch_add(1, Ordering::SeqCst);
    state
        .dropped
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(action.to_owned());
    Some(refusal)
}

fn proxy_one(
    client: std::net::TcpStream,
    upstream: &str,
    every: u32,
    fault: Fault,
    state: &ProxyState<'_>,
) -> std::io::Result<()> {
    let ProxyState {
        requests,
        faults,
        dropped,
        ..
    } = *state;
    use std::io::{BufRead as _, BufReader, Read as _, Write as _};
    let mut reader = BufReader::new(client.try_clone()?);
    let mut head = Vec::new();
    let mut length = 0usize;
    let mut json = false;
    let mut target = String::new();
    let mut authorization = String::new();
    let mut first = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line == "\r\n" {
            break;
        }
        if first.is_empty() {
            first.clone_from(&line);
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
        if lower.starts_with("x-amz-target:") {
            json = true;
            target = line
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned();
        }
        if lower.starts_with("authorization:") {
            authorization = line.trim().to_owned();
        }
        if !lower.starts_with("connection:") {
            head.push(line);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    json |= first
        .split(' ')
        .nth(1)
        .is_some_and(|path| path.starts_with("/detector"));
    let query = body.starts_with(b"Action=");
    let mut writer = client;
    let action = if json {
        target
    } else {
        String::from_utf8_lossy(&body)
            .split('&')
            .find_map(|pair| pair.strip_prefix("Action="))
            .unwrap_or_default()
            .to_owned()
    };
    let refusal = if fault == Fault::Settling {
        settling_refusal(
            &action,
            &String::from_utf8_lossy(&body),
            &authorization,
            state,
        )
    } else {
        None
    };
    let faulty = match fault {
        Fault::Settling => false,
        Fault::RateLimit => over_the_rate(every, state.recent),
        Fault::DropCreateAnswers if !action.starts_with("Create") => false,
        // A retry (the same request again) is answered: with many accounts at once, which
        // request is the n-th is left to chance, and a call whose every attempt was lost or
        // throttled would fail the apply by the fault's own doing.
        Fault::DropCreateAnswers | Fault::Throttle if !first_time(&first, &body, state) => false,
        // Counted per operation: every kind of create loses answers, whatever the interleaving.
        Fault::DropCreateAnswers => nth_of_its_kind(&action, state).is_multiple_of(every),
        Fault::Throttle | Fault::DropAfterForwarding => {
            (requests.fetch_add(1, Ordering::SeqCst) + 1).is_multiple_of(every)
        }
    };
    let throttles = matches!(fault, Fault::Throttle | Fault::RateLimit);
    if refusal.is_some() || (faulty && throttles) {
        if refusal.is_none() {
            faults.fetch_add(1, Ordering::SeqCst);
        }
        let (status, content_type, error) = if let Some(refusal) = refusal {
            refusal
        } else if json {
            (
                "400 Bad Request",
                "application/x-amz-json-1.1",
                r#"{"__type":"ThrottlingException","Message":"Rate exceeded"}"#.to_owned(),
            )
        } else if query {
            (
                "400 Bad Request",
                "text/xml",
                "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>\
                 <Message>Rate exceeded</Message></Error><RequestId>fault</RequestId>\
                 </ErrorResponse>"
                    .to_owned(),
            )
        } else {
            (
                "503 Slow Down",
                "application/xml",
                "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>\
                 <RequestId>fault</RequestId></Error>"
                    .to_owned(),
            )
        };
        write!(
            writer,
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{error}",
            error.len()
        )?;
        return writer.flush();
    }
    let mut server = std::net::TcpStream::connect(upstream)?;
    let mut request = head.concat().into_bytes();
    request.extend_from_slice(b"Connection: close\r\n\r\n");
    request.extend_from_slice(&body);
    server.write_all(&request)?;
    let mut response = Vec::new();
    server.read_to_end(&mut response)?;
    if faulty {
        // The write happened; the answer is lost.
        faults.fetch_add(1, Ordering::SeqCst);
        dropped
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(action);
        return writer.shutdown(std::net::Shutdown::Both);
    }
    // Pass the answer on, marked `Connection: close` (the connection ends here).
    let split = response
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap_or(response.len());
    let head = String::from_utf8_lossy(&response[..split]);
    let mut out: String = head
        .split("\r\n")
        .filter(|line| !line.to_ascii_lowercase().starts_with("connection:"))
        .map(|line| format!("{line}\r\n"))
        .collect();
    out.push_str("Connection: close");
    writer.write_all(out.as_bytes())?;
    writer.write_all(&response[split..])?;
    writer.flush()
}

/// A connection as `root` through `proxy`, with retries on (backoff with jitter; `adaptive`:
/// with the client-side rate limiter too), 32 accounts at once, and a short wait for AWS to
/// settle.
async fn connect_through(proxy: &FaultyProxy, root: &str, adaptive: bool) -> Aws {
    let settings = Settings {
        endpoint_url: Some(proxy.url.clone()),
        retry: RetrySettings {
            max_attempts: 5,
            initial_backoff: std::time::Duration::from_millis(5),
            adaptive,
        },
        parallelism: 32,
        settle: SettleSettings {
            timeout: std::time::Duration::from_secs(20),
            initial_backoff: std::time::Duration::from_millis(10),
        },
        ..settings()
    };
    let base = static_config(
        &settings,
        Credentials::new("AKIAIOSFODNN7EXAMPLE", "test-secret", None, None, "test"),
    );
    let config = assume_role(&base, &settings, account(root), "jumpgate-test")
        .await
        .expect("session through the proxy");
    Aws::from_config(config, settings)
        .await
        .expect("connects through the proxy")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_is_retried_and_the_apply_converges() {
    let layout = seed_to_create(&unique_prefix());
    let proxy = faulty_proxy(4, Fault::Throttle);
    let root = id_of(&layout, "ROOT");
    // Standard retries: a quarter of all calls throttled whatever the rate would hold the
    // adaptive limiter at its floor (half a call a second) for the whole apply.
    let faulty = connect_through(&proxy, &root, false).await;
    let applied = faulty
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("throttled calls are retried");
    assert!(applied.conflicts.is_empty(), "{}", applied.to_text());
    let throttled = proxy.faults.load(Ordering::SeqCst);
    assert!(throttled > 10, "{throttled} throttled answers");
    eprintln!("apply through the throttling proxy: {throttled} throttled answers retried");

    let direct = connect(&root).await;
    let plan = direct
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(plan.is_empty(), "{}", plan.to_text());
    let org = direct.read_org().await.expect("org");
    let mut emails: Vec<_> = org
        .accounts
        .iter()
        .map(|account| account.email.to_lowercase())
        .collect();
    emails.sort();
    emails.dedup();
    assert_eq!(
        emails.len(),
        9,
        "no account created twice: {:?}",
        org.accounts
    );
    assert_eq!(org.accounts.len(), 9, "{:?}", org.accounts);
}

/// A burst of 32 accounts at once against a rate limit of 40 requests a second: the adaptive
/// retry mode slows the client down instead of failing, and the apply converges.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_over_the_rate_limit_backs_off_and_converges() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let proxy = faulty_proxy(40, Fault::RateLimit);
    let root = id_of(&layout, "ROOT");
    let faulty = connect_through(&proxy, &root, true).await;
    faulty
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .unwrap_or_else(|error| panic!("the burst backs off: {}", full_error(&error)));
    let throttled = proxy.faults.load(Ordering::SeqCst);
    eprintln!("apply against 40 requests a second: {throttled} throttled answers retried");
    assert!(throttled > 0, "the burst went over the rate");
    assert_converged(&root, &layout).await;
}

/// New accounts' roles are not assumable at first, and Config refuses a fresh recorder role:
/// both answers are waited out (and nothing else is), so ONE apply that creates the accounts
/// converges.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_waits_for_new_accounts_and_fresh_roles_to_settle() {
    let layout = seed_to_create(&unique_prefix());
    let proxy = faulty_proxy(1, Fault::Settling);
    let root = id_of(&layout, "ROOT");
    let faulty = connect_through(&proxy, &root, true).await;
    faulty
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .unwrap_or_else(|error| panic!("one apply converges: {}", full_error(&error)));
    let refused = proxy
        .dropped
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    let denied = refused
        .iter()
        .filter(|action| *action == "AssumeRole")
        .count();
    let recorders = refused
        .iter()
        .filter(|action| *action == "PutConfigurationRecorder")
        .count();
    // 8 new member accounts, each denied twice; every account's recorder (ROOT's too: its
    // own session) refused once.
    assert_eq!(denied, 16, "{refused:?}");
    assert_eq!(recorders, 9, "{refused:?}");
    let direct = connect(&root).await;
    let plan = direct
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(plan.is_empty(), "{}", plan.to_text());
}

/// `AccessDenied` on an account this connection did not create is not waited out: the plan
/// fails at the first denial.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_denied_in_an_existing_account_fails_at_once() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let proxy = faulty_proxy(1, Fault::Settling);
    let faulty = connect_through(&proxy, &id_of(&layout, "ROOT"), true).await;
    let error = faulty
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect_err("denied");
    assert!(
        full_error(&error).contains("AccessDenied"),
        "{}",
        full_error(&error)
    );
    let refused = proxy
        .dropped
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    // Each reading phase that needs a member's session (IAM, the baseline) asks at most once
    // per account: at most two denials for each of the 8 members. A retry would have got
    // through on the third attempt, and the plan would not have failed.
    let faults = proxy.faults.load(Ordering::SeqCst);
    assert!((1..=16).contains(&faults), "{refused:?}");
}

/// The plan's text and JSON do not depend on how many accounts are read at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_is_the_same_at_every_parallelism() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let root = id_of(&layout, "ROOT");
    let aws = connect(&root).await;
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");
    // A change in every member account, and one in JUMP's users.
    let mut changed = layout.clone();
    let members: Vec<String> = layout
        .accounts
        .iter()
        .filter(|account| account.name != "ROOT")
        .map(|account| account.name.clone())
        .collect();
    changed
        .roles
        .push(Role::new("billing").aws_managed("job-function/Billing"));
    changed
        .grants
        .push(Grant::new("auditors", "billing").accounts(members));
    changed
        .users
        .push(org_model::User::new("erin").groups(["auditors"]));
    let layout = changed;
    let mut plans = Vec::new();
    for parallelism in [1, 2, 7, 32] {
        let aws = common::connect_with(
            &root,
            Settings {
                parallelism,
                ..settings()
            },
        )
        .await;
        let plan = aws
            .plan(&checked(&layout), PlanOptions::default())
            .await
            .expect("plan");
        assert!(!plan.is_empty());
        let json = serde_json::to_string(&plan).expect("JSON");
        plans.push((parallelism, plan.to_text(), json));
    }
    for (parallelism, text, json) in &plans[1..] {
        assert_eq!(text, &plans[0].1, "text at parallelism {parallelism}");
        assert_eq!(json, &plans[0].2, "JSON at parallelism {parallelism}");
    }
}

/// Every 7th answer is lost after moto made the call; the SDK retries, and a retried create
/// fails because the first attempt created the resource (other retried writes are idempotent).
/// jumpgate reads the resource back and, as it carries jumpgate's mark, takes the create as
/// done: ONE apply converges.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_answers_are_adopted_and_one_apply_converges() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let proxy = faulty_proxy(7, Fault::DropAfterForwarding);
    let root = id_of(&layout, "ROOT");
    let faulty = connect_through(&proxy, &root, true).await;
    faulty
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .unwrap_or_else(|error| panic!("one apply converges: {}", full_error(&error)));
    let lost = proxy.faults.load(Ordering::SeqCst);
    let dropped = proxy
        .dropped
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    eprintln!("{lost} answers lost: {dropped:?}");
    assert!(lost > 0);
    assert_converged(&root, &layout).await;
}

/// Every 2nd answer to a create of each kind is lost (a retry is answered): each of those creates is adopted from its retry's
/// EntityAlreadyExists / DuplicateOrganizationalUnitException, and ONE apply converges.
/// (Not adoptable, and left to a re-run: a lost `CreatePolicyVersion` whose retry hits IAM's
/// five versions; a lost `CreateAccount` is adopted on EMAIL_ALREADY_EXISTS, which moto does
/// not send, so it is not exercised here.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_create_answers_are_adopted_in_one_apply() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let proxy = faulty_proxy(2, Fault::DropCreateAnswers);
    let root = id_of(&layout, "ROOT");
    let faulty = connect_through(&proxy, &root, true).await;
    let applied = faulty
        .apply(&checked(&layout), PlanOptions::default())
        .await
        .unwrap_or_else(|error| panic!("one apply converges: {}", full_error(&error)));
    let dropped = proxy
        .dropped
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    eprintln!(
        "{} create answers lost, adopted: {dropped:?}; {} changes applied",
        dropped.len(),
        applied.changes.len()
    );
    for kind in [
        "CreateOrganizationalUnit",
        "CreateRole",
        "CreateGroup",
        "CreateUser",
    ] {
        assert!(
            dropped.iter().any(|action| action == kind),
            "{kind} lost: {dropped:?}"
        );
    }
    assert_converged(&root, &layout).await;
}

/// Planned directly (no proxy), `layout` needs nothing, and no OU or account was duplicated.
async fn assert_converged(root: &str, layout: &Layout) {
    let direct = connect(root).await;
    let plan = direct
        .plan(
            &checked(layout),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("plan");
    assert!(plan.is_empty(), "{}", plan.to_text());
    let org = direct.read_org().await.expect("org");
    assert_eq!(org.ous.len(), 5, "{:?}", org.ous);
    assert_eq!(org.accounts.len(), 1, "{:?}", org.accounts);
    // OUs by id, not by path: a duplicate name would collapse into one path above.
    let config = assume_role(&base(), &settings(), account(root), "jumpgate-test")
        .await
        .expect("session");
    let organizations = aws_sdk_organizations::Client::new(&config);
    let roots = organizations.list_roots().send().await.expect("roots");
    let mut parents = vec![roots.roots()[0].id().expect("root id").to_owned()];
    let mut ous = 0;
    while let Some(parent) = parents.pop() {
        let children = organizations
            .list_organizational_units_for_parent()
            .parent_id(parent)
            .send()
            .await
            .expect("OUs");
        for ou in children.organizational_units() {
            ous += 1;
            parents.push(ou.id().expect("OU id").to_owned());
        }
    }
    assert_eq!(ous, 5, "no OU created twice");
}

/// The error of a failed apply, with its sources, on one line.
fn full_error(error: &jumpgate_aws::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(" | ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn execute_runs_exactly_the_plan_shown_and_stops_when_aws_changed() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let aws = connect(&id_of(&layout, "ROOT")).await;
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");

    // The plan shown: one new role in LOG.
    let mut changed = layout.clone();
    changed
        .roles
        .push(Role::new("billing").aws_managed("job-function/Billing"));
    changed
        .grants
        .push(Grant::new("auditors", "billing").accounts(["LOG"]));
    let shown = aws
        .plan(&checked(&changed), PlanOptions::default())
        .await
        .expect("plan");
    assert_eq!(shown.changes.len(), 2, "{}", shown.to_text());

    // Behind the plan's back: the trust of admin in DEV drifts.
    let dev = iam_in(&id_of(&layout, "DEV")).await;
    let open = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":"sts:AssumeRole"}}]}}"#,
        id_of(&layout, "JUMP")
    );
    dev.update_assume_role_policy()
        .role_name("admin")
        .policy_document(&open)
        .send()
        .await
        .expect("drift trust");

    let before = aws.writes().count();
    aws.execute(&shown).await.expect("execute the plan shown");
    let names = aws.writes().names()[before..].to_vec();
    assert_eq!(names.len(), shown.write_calls(), "{names:?}");
    assert!(
        !names
            .iter()
            .any(|name| name.ends_with(":UpdateAssumeRolePolicy")),
        "the drift was not in the plan shown, so it is not repaired: {names:?}"
    );
    let now = aws
        .plan(&checked(&changed), PlanOptions::default())
        .await
        .expect("plan");
    assert_eq!(now.changes.len(), 1, "{}", now.to_text());
    assert_eq!(now.changes[0].resource, "role `admin`");

    // A plan that AWS no longer fits: a user created by someone else since.
    let mut with_dave = changed.clone();
    with_dave
        .users
        .push(org_model::User::new("dave").groups(["auditors"]));
    let stale = aws
        .plan(&checked(&with_dave), PlanOptions::default())
        .await
        .expect("plan");
    assert!(
        stale.to_text().contains("+ user `dave` in JUMP"),
        "{}",
        stale.to_text()
    );
    let jump = iam_in(&id_of(&layout, "JUMP")).await;
    jump.create_user()
        .user_name("dave")
        .send()
        .await
        .expect("their dave");
    let before = aws.writes().count();
    let error = aws.execute(&stale).await.expect_err("the stale plan stops");
    let message = full_error(&error);
    assert!(
        message.starts_with("applying user `dave` in JUMP"),
        "{message}"
    );
    assert!(message.contains("iam:CreateUser"), "{message}");
    assert!(message.contains("EntityAlreadyExists"), "{message}");
    let names = aws.writes().names()[before..].to_vec();
    // The changes before it ran; the user's membership after the failed create did not.
    assert!(
        !names.iter().any(|name| name.ends_with(":AddUserToGroup")),
        "{names:?}"
    );
    let groups = jump
        .list_groups_for_user()
        .user_name("dave")
        .send()
        .await
        .expect("their dave");
    assert!(groups.groups().is_empty(), "their dave is left alone");
}

/// `layout` with the customer managed policy `deny-regions` (allowing only `region`) on the
/// role `admin` and the group `developers`.
fn with_customer_policy(layout: &Layout, region: &str) -> Layout {
    let document = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"*","Resource":"*","Condition":{{"StringNotEquals":{{"aws:RequestedRegion":"{region}"}}}}}}]}}"#
    );
    let permission = org_model::Permission::Customer {
        customer: "deny-regions".to_owned(),
        path: None,
        policy: iam_policy::Policy::from_json(&document).expect("policy"),
    };
    let mut layout = layout.clone();
    for role in &mut layout.roles {
        if role.name == "admin" {
            role.permissions.push(permission.clone());
        }
    }
    for group in &mut layout.groups {
        if group.name == "developers" {
            group.permissions.push(permission.clone());
        }
    }
    layout
}

/// Applies `layout` and checks that exactly the planned write calls were made.
async fn apply_counted(aws: &Aws, layout: &Layout, options: PlanOptions) -> jumpgate_planner::Plan {
    let before = aws.writes().count();
    let applied = aws.apply(&checked(layout), options).await.expect("apply");
    assert_eq!(
        aws.writes().count() - before,
        applied.write_calls(),
        "{:?}\n{}",
        &aws.writes().names()[before..],
        applied.to_text()
    );
    applied
}

/// The version ids of a policy, and the default one.
async fn versions(iam: &aws_sdk_iam::Client, arn: &str) -> (Vec<String>, String) {
    let listed = iam
        .list_policy_versions()
        .policy_arn(arn)
        .send()
        .await
        .expect("versions");
    let mut ids: Vec<String> = listed
        .versions()
        .iter()
        .filter_map(|version| version.version_id().map(str::to_owned))
        .collect();
    ids.sort();
    let default = listed
        .versions()
        .iter()
        .find(|version| version.is_default_version())
        .and_then(|version| version.version_id())
        .expect("a default version")
        .to_owned();
    (ids, default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_policies_are_created_versioned_rolled_over_and_pruned() {
    let prefix = unique_prefix();
    let seed = seed(&prefix);
    let aws = connect(&id_of(&seed, "ROOT")).await;
    let dev_id = id_of(&seed, "DEV");
    let dev = iam_in(&dev_id).await;
    let jump = iam_in(&id_of(&seed, "JUMP")).await;
    let dev_arn = format!("arn:aws:iam::{dev_id}:policy/jumpgate/deny-regions");

    // Created (tagged) and attached where the layout attaches it: 6 accounts of admin, JUMP.
    let layout = with_customer_policy(&seed, "eu-west-1");
    let applied = apply_counted(&aws, &layout, PlanOptions::default()).await;
    let creates = applied
        .changes
        .iter()
        .filter(|change| change.resource == "policy `deny-regions`")
        .count();
    assert_eq!(creates, 7, "{}", applied.to_text());
    eprintln!(
        "seed with a customer policy: {} write calls",
        applied.write_calls()
    );
    let tags = dev
        .list_policy_tags()
        .policy_arn(&dev_arn)
        .send()
        .await
        .expect("policy in DEV");
    assert!(
        tags.tags()
            .iter()
            .any(|tag| tag.key() == "managed-by" && tag.value() == "jumpgate")
    );
    let attached = dev
        .list_attached_role_policies()
        .role_name("admin")
        .send()
        .await
        .expect("attached");
    assert!(
        attached
            .attached_policies()
            .iter()
            .any(|policy| policy.policy_arn() == Some(dev_arn.as_str()))
    );
    let group = jump
        .list_attached_group_policies()
        .group_name("developers")
        .send()
        .await
        .expect("attached");
    assert!(
        group
            .attached_policies()
            .iter()
            .any(|policy| policy.policy_name() == Some("deny-regions"))
    );

    // A second apply writes nothing.
    let before = aws.writes().count();
    let again = aws
        .apply(
            &checked(&layout),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("apply");
    assert!(again.is_empty(), "{}", again.to_text());
    assert_eq!(
        aws.writes().count(),
        before,
        "{:?}",
        &aws.writes().names()[before..]
    );

    // Four document changes: a new default version each, v2 to v5.
    for region in ["eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1"] {
        let changed = with_customer_policy(&seed, region);
        let plan = aws
            .plan(&checked(&changed), PlanOptions::default())
            .await
            .expect("plan");
        let text = plan.to_text();
        assert_eq!(plan.changes.len(), 7, "{text}");
        assert!(
            text.contains(&format!(
                "~ policy `deny-regions` in DEV ({dev_id}): update"
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "+ Condition.StringNotEquals.aws:requestedregion: {region}"
            )),
            "{text}"
        );
        let applied = apply_counted(&aws, &changed, PlanOptions::default()).await;
        assert_eq!(applied.write_calls(), 7, "{}", applied.to_text());
    }
    let (ids, default) = versions(&dev, &dev_arn).await;
    assert_eq!(ids, ["v1", "v2", "v3", "v4", "v5"]);
    assert_eq!(default, "v5");

    // The fifth change: IAM keeps five versions, so the oldest goes first.
    let last = with_customer_policy(&seed, "us-west-2");
    let plan = aws
        .plan(&checked(&last), PlanOptions::default())
        .await
        .expect("plan");
    assert!(
        plan.to_text().contains("deletes the oldest version v1"),
        "{}",
        plan.to_text()
    );
    let applied = apply_counted(&aws, &last, PlanOptions::default()).await;
    assert_eq!(applied.write_calls(), 14, "{}", applied.to_text());
    let (ids, default) = versions(&dev, &dev_arn).await;
    assert_eq!(ids, ["v2", "v3", "v4", "v5", "v6"]);
    assert_eq!(default, "v6");
    let document = dev
        .get_policy_version()
        .policy_arn(&dev_arn)
        .version_id("v6")
        .send()
        .await
        .expect("v6");
    let document = jumpgate_aws::decode_policy(
        "GetPolicyVersion",
        document
            .policy_version()
            .and_then(|version| version.document())
            .unwrap_or_default(),
    )
    .expect("document");
    assert!(
        serde_json::to_string(&document)
            .expect("json")
            .contains("us-west-2")
    );
    let after = aws
        .plan(
            &checked(&last),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("plan");
    assert!(after.is_empty(), "{}", after.to_text());

    // Someone attaches it to their own user in DEV; then it leaves the layout.
    dev.create_user()
        .user_name("someone")
        .send()
        .await
        .expect("their user");
    dev.attach_user_policy()
        .user_name("someone")
        .policy_arn(&dev_arn)
        .send()
        .await
        .expect("attached to their user");
    let kept = apply_counted(&aws, &seed, PlanOptions::default()).await;
    // admin (6 accounts) and developers no longer attach it; the policy itself stays.
    assert_eq!(kept.write_calls(), 7, "{}", kept.to_text());
    assert!(
        kept.retained
            .iter()
            .any(|item| item.resource == "policy `deny-regions`"),
        "{}",
        kept.to_text()
    );
    assert!(
        dev.get_policy().policy_arn(&dev_arn).send().await.is_ok(),
        "kept without --prune"
    );
    let pruned = apply_counted(
        &aws,
        &seed,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    )
    .await;
    eprintln!(
        "prune of the customer policy: {} write calls",
        pruned.write_calls()
    );
    // In 7 accounts: 4 old versions and the policy; in DEV also the detach from their user.
    assert_eq!(pruned.write_calls(), 7 * 5 + 1, "{}", pruned.to_text());
    assert!(
        dev.get_policy().policy_arn(&dev_arn).send().await.is_err(),
        "deleted with --prune:\n{}",
        pruned.to_text()
    );
    let theirs = dev
        .list_attached_user_policies()
        .user_name("someone")
        .send()
        .await
        .expect("their user is kept");
    assert!(theirs.attached_policies().is_empty());
    let jump_policies = jump
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .send()
        .await
        .expect("policies");
    assert!(jump_policies.policies().is_empty());
    let after = aws
        .plan(
            &checked(&seed),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("plan");
    assert!(after.is_empty(), "{}", after.to_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn role_path_change_is_reported_and_replaced_with_prune() {
    let prefix = unique_prefix();
    let layout = seed(&prefix);
    let aws = connect(&id_of(&layout, "ROOT")).await;
    aws.apply(&checked(&layout), PlanOptions::default())
        .await
        .expect("apply");
    let mut moved = layout.clone();
    for role in &mut moved.roles {
        if role.name == "admin" {
            role.path = "/ops/".to_owned();
        }
    }
    let dev = iam_in(&id_of(&layout, "DEV")).await;

    // Without --prune: reported with the way out, the role left where it is.
    let before = aws.writes().count();
    let kept = aws
        .apply(&checked(&moved), PlanOptions::default())
        .await
        .expect("apply without prune");
    let names = aws.writes().names()[before..].to_vec();
    assert!(
        !names.iter().any(|name| name.ends_with(":DeleteRole")),
        "{names:?}"
    );
    let reported = kept
        .conflicts
        .iter()
        .filter(|conflict| {
            conflict.resource == "role `admin`" && conflict.reason.contains("run with --prune")
        })
        .count();
    assert_eq!(reported, 6, "{}", kept.to_text());
    let role = dev
        .get_role()
        .role_name("admin")
        .send()
        .await
        .expect("admin");
    assert_eq!(role.role().map(aws_sdk_iam::types::Role::path), Some("/"));

    // With --prune: deleted and created anew under the new path, in one apply.
    let replaced = apply_counted(
        &aws,
        &moved,
        PlanOptions {
            prune: true,
            ..PlanOptions::default()
        },
    )
    .await;
    let replaces = replaced
        .changes
        .iter()
        .filter(|change| change.action == ChangeAction::Replace)
        .count();
    assert_eq!(replaces, 6, "{}", replaced.to_text());
    eprintln!(
        "replace of admin in 6 accounts: {} write calls",
        replaced.write_calls()
    );
    let role = dev
        .get_role()
        .role_name("admin")
        .send()
        .await
        .expect("admin");
    let role = role.role().expect("role");
    assert_eq!(role.path(), "/ops/");
    assert!(
        role.tags()
            .iter()
            .any(|tag| tag.key() == "managed-by" && tag.value() == "jumpgate")
    );
    let attached = dev
        .list_attached_role_policies()
        .role_name("admin")
        .send()
        .await
        .expect("attached");
    assert_eq!(attached.attached_policies().len(), 1);
    let after = aws
        .plan(
            &checked(&moved),
            PlanOptions {
                prune: true,
                ..PlanOptions::default()
            },
        )
        .await
        .expect("plan");
    assert!(after.is_empty(), "{}", after.to_text());
    assert_eq!(after.conflicts.len(), 8, "{}", after.to_text());
}

/// Makes the IAM of `layout` by hand, as someone following the guide would: the same roles,
/// groups, users and policies, with no jumpgate mark (no tag; groups where the layout says,
/// without jumpgate's inline policy).
async fn build_by_hand(layout: &Layout) {
    use jumpgate_planner::state::GROUP_MARK_POLICY;
    let desired = jumpgate_planner::desired::desired_iam(&checked(layout)).expect("desired");
    for (account, want) in &desired.accounts {
        let iam = iam_in(account.id.as_str()).await;
        // The password policy the layout asks for, set by hand (as a careful admin would).
        if let Some(policy) = &want.password_policy {
            let mut request = iam
                .update_account_password_policy()
                .minimum_password_length(i32::from(policy.minimum_password_length))
                .require_symbols(policy.require_symbols)
                .require_numbers(policy.require_numbers)
                .require_uppercase_characters(policy.require_uppercase_characters)
                .require_lowercase_characters(policy.require_lowercase_characters)
                .allow_users_to_change_password(policy.allow_users_to_change_password)
                .hard_expiry(policy.hard_expiry);
            if policy.max_password_age > 0 {
                request = request.max_password_age(i32::from(policy.max_password_age));
            }
            if policy.password_reuse_prevention > 0 {
                request =
                    request.password_reuse_prevention(i32::from(policy.password_reuse_prevention));
            }
            request.send().await.expect("password policy");
        }
        for policy in want.policies.values() {
            iam.create_policy()
                .policy_name(&policy.name)
                .path(&policy.path)
                .policy_document(serde_json::to_string(&policy.document).expect("json"))
                .send()
                .await
                .expect("policy");
        }
        for role in want.roles.values() {
            iam.create_role()
                .role_name(&role.name)
                .path(&role.path)
                .assume_role_policy_document(serde_json::to_string(&role.trust).expect("json"))
                .max_session_duration(i32::try_from(role.max_session_duration).expect("i32"))
                .send()
                .await
                .expect("role");
            for arn in &role.attached {
                iam.attach_role_policy()
                    .role_name(&role.name)
                    .policy_arn(arn.as_str())
                    .send()
                    .await
                    .expect("attach");
            }
            for (name, policy) in &role.inline {
                iam.put_role_policy()
                    .role_name(&role.name)
                    .policy_name(name)
                    .policy_document(serde_json::to_string(policy).expect("json"))
                    .send()
                    .await
                    .expect("inline");
            }
        }
        for group in want.groups.values() {
            iam.create_group()
                .group_name(&group.name)
                .path(&group.path)
                .send()
                .await
                .expect("group");
            for arn in &group.attached {
                iam.attach_group_policy()
                    .group_name(&group.name)
                    .policy_arn(arn.as_str())
                    .send()
                    .await
                    .expect("attach");
            }
            for (name, policy) in &group.inline {
                if name == GROUP_MARK_POLICY {
                    continue;
                }
                iam.put_group_policy()
                    .group_name(&group.name)
                    .policy_name(name)
                    .policy_document(serde_json::to_string(policy).expect("json"))
                    .send()
                    .await
                    .expect("inline");
            }
        }
        for user in want.users.values() {
            iam.create_user()
                .user_name(&user.name)
                .path(&user.path)
                .send()
                .await
                .expect("user");
            if user.login_profile {
                iam.create_login_profile()
                    .user_name(&user.name)
                    .password("Made-by-hand-0n-the-console!")
                    .password_reset_required(true)
                    .send()
                    .await
                    .expect("login profile");
            }
            for group in &user.groups {
                iam.add_user_to_group()
                    .user_name(&user.name)
                    .group_name(group)
                    .send()
                    .await
                    .expect("membership");
            }
        }
    }
}

/// Whether `change` is about IAM (a role, group, user or customer managed policy).
fn is_iam(change: &jumpgate_planner::Change) -> bool {
    // Organization policies (guardrails) are `policy` changes too, on the organization.
    matches!(change.target, jumpgate_planner::Target::Account(_))
        && ["role ", "group ", "user ", "policy "]
            .iter()
            .any(|kind| change.resource.starts_with(kind))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_made_iam_is_adopted_and_converges() {
    let prefix = unique_prefix();
    let mut layout = with_customer_policy(&seed(&prefix), "eu-west-1");
    for group in &mut layout.groups {
        group.adopted = true;
    }
    // Their policy lives where they put it.
    for permission in layout
        .roles
        .iter_mut()
        .flat_map(|role| &mut role.permissions)
        .chain(
            layout
                .groups
                .iter_mut()
                .flat_map(|group| &mut group.permissions),
        )
    {
        if let org_model::Permission::Customer { path, .. } = permission {
            *path = Some("/ops/".to_owned());
        }
    }
    build_by_hand(&layout).await;
    // One role differs from the layout: adopted and updated in the same plan.
    let dev = iam_in(&id_of(&layout, "DEV")).await;
    dev.update_role()
        .role_name("admin")
        .max_session_duration(7_200)
        .send()
        .await
        .expect("drift");
    let aws = connect(&id_of(&layout, "ROOT")).await;

    // Without --adopt: conflicts, nothing to do in IAM.
    let plain = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(!plain.changes.iter().any(is_iam), "{}", plain.to_text());
    assert!(
        plain
            .conflicts
            .iter()
            .any(|conflict| conflict.reason.contains("--adopt")),
        "{}",
        plain.to_text()
    );

    let options = PlanOptions {
        prune: true,
        adopt: true,
    };
    let planned = aws.plan(&checked(&layout), options).await.expect("plan");
    let iam: Vec<_> = planned
        .changes
        .iter()
        .filter(|change| is_iam(change))
        .collect();
    let adoptions = iam
        .iter()
        .filter(|change| change.action == ChangeAction::Adopt)
        .count();
    // 14 roles, 3 groups, 3 users, the policy in the 6 accounts of `admin` and in JUMP.
    assert_eq!(adoptions, 14 + 3 + 3 + 7, "{}", planned.to_text());
    let others: Vec<String> = iam
        .iter()
        .filter(|change| change.action != ChangeAction::Adopt)
        .map(|change| format!("{} {} in {}", change.action, change.resource, change.target))
        .collect();
    assert_eq!(
        others,
        [format!(
            "update role `admin` in DEV ({})",
            id_of(&layout, "DEV")
        )],
        "{}",
        planned.to_text()
    );
    assert!(
        !planned
            .conflicts
            .iter()
            .any(|conflict| conflict.resource.starts_with("role ")
                || conflict.resource.starts_with("group ")
                || conflict.resource.starts_with("user ")),
        "{}",
        planned.to_text()
    );

    let applied = apply_counted(&aws, &layout, options).await;
    eprintln!(
        "adoption of the hand-made seed: {} write calls",
        applied.write_calls()
    );
    let role = dev
        .get_role()
        .role_name("admin")
        .send()
        .await
        .expect("admin");
    let role = role.role().expect("role");
    assert!(
        role.tags()
            .iter()
            .any(|tag| tag.key() == "managed-by" && tag.value() == "jumpgate"),
        "{:?}",
        role.tags()
    );
    assert_eq!(role.max_session_duration(), Some(3_600));
    // The groups stay where they were (their ARNs are what the layout renders).
    let jump = iam_in(&id_of(&layout, "JUMP")).await;
    let group = jump
        .get_group()
        .group_name("developers")
        .send()
        .await
        .expect("group");
    assert_eq!(
        group.group().map(aws_sdk_iam::types::Group::path),
        Some("/")
    );

    let after = aws.plan(&checked(&layout), options).await.expect("plan");
    assert!(!after.changes.iter().any(is_iam), "{}", after.to_text());
    assert!(after.is_empty(), "{}", after.to_text());
    // And without --adopt, the adopted resources are jumpgate's: no conflicts about them.
    let plain = aws
        .plan(&checked(&layout), PlanOptions::default())
        .await
        .expect("plan");
    assert!(plain.is_empty(), "{}", plain.to_text());
    assert!(
        !plain
            .conflicts
            .iter()
            .any(|conflict| conflict.reason.contains("--adopt")),
        "{}",
        plain.to_text()
    );
}

/// A session in `account` as someone working by hand (not jumpgate).
async fn by_hand_config(account: &str) -> aws_config::SdkConfig {
    assume_role(
        &base(),
        &settings(),
        common::account(account),
        "someone-else",
    )
    .await
    .expect("session")
}

/// Creates the account `name` in the organization of `org` by hand, moves it under `parent`
/// and returns its id.
async fn create_account_by_hand(
    org: &aws_sdk_organizations::Client,
    name: &str,
    email: &str,
    parent: &str,
) -> String {
    let created = org
        .create_account()
        .account_name(name)
        .email(email)
        .send()
        .await
        .expect("create account");
    let id = created
        .create_account_status()
        .and_then(|status| status.account_id())
        .expect("moto creates at once")
        .to_owned();
    let root = org.list_roots().send().await.expect("roots").roots()[0]
        .id()
        .expect("root id")
        .to_owned();
    org.move_account()
        .account_id(&id)
        .source_parent_id(root)
        .destination_parent_id(parent)
        .send()
        .await
        .expect("move");
    id
}

async fn create_ou(org: &aws_sdk_organizations::Client, parent: &str, name: &str) -> String {
    org.create_organizational_unit()
        .parent_id(parent)
        .name(name)
        .send()
        .await
        .expect("ou")
        .organizational_unit()
        .and_then(|ou| ou.id())
        .expect("ou id")
        .to_owned()
}

/// The guide's trust policy: the JUMP account, with MFA (and, with `age`, its maximum age).
fn guide_trust(jump: &str, age: Option<u64>) -> String {
    let condition = match age {
        Some(age) => format!(
            r#"{{"Bool":{{"aws:MultiFactorAuthPresent":"true"}},"NumericLessThan":{{"aws:MultiFactorAuthAge":"{age}"}}}}"#
        ),
        None => r#"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#.to_owned(),
    };
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{jump}:root"}},"Action":"sts:AssumeRole","Condition":{condition}}}]}}"#
    )
}

/// Builds an organization by hand, the way the guide does, with no jumpgate marks: OUs (with
/// `Production` both under `Workloads` and under `Sandbox`), accounts, roles in the members
/// that trust JUMP with MFA, groups in JUMP with switch-role policies naming exact role ARNs
/// (one with the guide's `Resource: "*"` variant), users in groups, and a role that does not
/// trust JUMP. Returns the management account's id and the ids by name.
async fn organization_by_hand(
    prefix: &str,
) -> (String, std::collections::BTreeMap<String, String>) {
    let root_id = format!("{prefix}00");
    let org = aws_sdk_organizations::Client::new(&by_hand_config(&root_id).await);
    org.create_organization()
        .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
        .send()
        .await
        .expect("organization");
    let root = org.list_roots().send().await.expect("roots").roots()[0]
        .id()
        .expect("root id")
        .to_owned();
    let infrastructure = create_ou(&org, &root, "Infrastructure").await;
    let security = create_ou(&org, &root, "Security").await;
    let workloads = create_ou(&org, &root, "Workloads").await;
    let production = create_ou(&org, &workloads, "Production").await;
    let non_production = create_ou(&org, &workloads, "NonProduction").await;
    let sandbox = create_ou(&org, &root, "Sandbox").await;
    let sandbox_production = create_ou(&org, &sandbox, "Production").await;
    let mut ids = std::collections::BTreeMap::new();
    for (name, parent) in [
        ("JUMP", &infrastructure),
        ("LOG", &security),
        ("DEV", &non_production),
        ("PRD", &production),
        ("Sandbox Prod", &sandbox_production),
    ] {
        let email = format!(
            "aws+{}-{prefix}@example.com",
            name.replace(' ', "-").to_lowercase()
        );
        let id = create_account_by_hand(&org, name, &email, parent).await;
        ids.insert(name.to_owned(), id);
    }
    org.tag_resource()
        .resource_id(&ids["PRD"])
        .tags(
            aws_sdk_organizations::types::Tag::builder()
                .key("cost-center")
                .value("42")
                .build()
                .expect("tag"),
        )
        .send()
        .await
        .expect("tag");
    let jump = ids["JUMP"].clone();
    for member in ["DEV", "PRD"] {
        let iam = iam_in(&ids[member]).await;
        if member == "DEV" {
            iam.create_account_alias()
                .account_alias(format!("acme-dev-{prefix}"))
                .send()
                .await
                .expect("alias");
        }
        iam.create_role()
            .role_name("admin")
            .assume_role_policy_document(guide_trust(&jump, None))
            .max_session_duration(7_200)
            .send()
            .await
            .expect("admin");
        iam.attach_role_policy()
            .role_name("admin")
            .policy_arn("arn:aws:iam::aws:policy/AdministratorAccess")
            .send()
            .await
            .expect("attach");
        iam.create_role()
            .role_name("read-only")
            .assume_role_policy_document(guide_trust(&jump, Some(3_600)))
            .send()
            .await
            .expect("read-only");
        iam.attach_role_policy()
            .role_name("read-only")
            .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
            .send()
            .await
            .expect("attach");
    }
    // A role that does not trust JUMP: left out, with the reason.
    iam_in(&ids["DEV"])
        .await
        .create_role()
        .role_name("ci")
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .expect("ci");
    let iam = iam_in(&jump).await;
    let (dev, prd) = (&ids["DEV"], &ids["PRD"]);
    for (group, policy) in [
        (
            "developers",
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::{dev}:role/admin","arn:aws:iam::{prd}:role/read-only"]}}]}}"#
            ),
        ),
        (
            "operators",
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::{prd}:role/admin"}},{{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::{dev}:role/read-only"}}]}}"#
            ),
        ),
        (
            "auditors",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#.to_owned(),
        ),
    ] {
        iam.create_group().group_name(group).send().await.expect("group");
        iam.put_group_policy()
            .group_name(group)
            .policy_name("switch-role")
            .policy_document(policy)
            .send()
            .await
            .expect("group policy");
    }
    for (user, group) in [
        ("alice", "developers"),
        ("bob", "operators"),
        ("carol", "auditors"),
    ] {
        iam.create_user()
            .user_name(user)
            .send()
            .await
            .expect("user");
        iam.add_user_to_group()
            .user_name(user)
            .group_name(group)
            .send()
            .await
            .expect("membership");
    }
    (root_id, ids)
}

/// Imports the organization of `root` as TOML, and reads it back.
async fn import_toml(aws: &Aws) -> (String, Layout, Vec<jumpgate_planner::import::NotImported>) {
    use jumpgate_planner::import::{ImportOptions, import_layout};
    let read = aws.read_for_import("us-east-1").await.expect("read");
    let imported = import_layout(
        &read,
        &ImportOptions {
            jump: None,
            partition: iam_policy::Partition::Aws,
            region: "us-east-1".to_owned(),
        },
    )
    .expect("import");
    let text = imported.to_toml().expect("toml");
    let layout = Layout::from_toml(&text).expect("the imported file reads back");
    assert_eq!(layout, imported.layout, "{text}");
    (text, layout, imported.not_imported)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_made_organization_is_imported_adopted_and_converges() {
    let prefix = unique_prefix();
    let (root, ids) = organization_by_hand(&prefix).await;
    let aws = connect(&root).await;

    let started = Instant::now();
    let calls_before = aws.writes().requests();
    let (text, layout, not_imported) = import_toml(&aws).await;
    eprintln!(
        "import of 6 accounts: {} calls in {:?}",
        aws.writes().requests() - calls_before,
        started.elapsed()
    );
    assert_eq!(aws.writes().count(), 0, "import writes nothing");
    eprintln!("{text}");
    // Two OUs named `Production`, each its own path (org-formation 512).
    let ous: Vec<&str> = layout
        .organizational_units
        .iter()
        .map(|ou| ou.path.as_str())
        .collect();
    assert!(ous.contains(&"Workloads/Production"), "{ous:?}");
    assert!(ous.contains(&"Sandbox/Production"), "{ous:?}");
    let sandbox = layout
        .accounts
        .iter()
        .find(|account| account.id.map(|id| id.to_string()) == Some(ids["Sandbox Prod"].clone()))
        .expect("sandbox account");
    assert_eq!(sandbox.name, "Sandbox-Prod");
    assert_eq!(sandbox.ou, "Sandbox/Production");
    let prd = layout.account_named("PRD").expect("PRD");
    assert_eq!(prd.ou, "Workloads/Production");
    assert_eq!(prd.tags.get("cost-center").map(String::as_str), Some("42"));
    let dev = layout.account_named("DEV").expect("DEV");
    assert_eq!(
        dev.alias.as_deref(),
        Some(format!("acme-dev-{prefix}").as_str())
    );
    assert_eq!(
        layout.jump_account().map(|jump| jump.name.as_str()),
        Some("JUMP")
    );
    // Roles with their MFA settings and session length.
    let role = |name: &str| {
        layout
            .roles
            .iter()
            .find(|role| role.name == name)
            .unwrap_or_else(|| panic!("role {name} imported:\n{text}"))
    };
    assert_eq!(role("admin").max_session_duration, 7_200);
    assert!(role("admin").trust.requires_mfa());
    assert_eq!(role("read-only").trust.max_mfa_age, Some(3_600));
    // Exact ARNs became grants; `Resource: "*"` stayed the group's own policy.
    let grants: Vec<String> = layout
        .grants
        .iter()
        .map(|grant| {
            format!(
                "{} {} {}",
                grant.group,
                grant.role,
                grant.accounts.join(",")
            )
        })
        .collect();
    assert_eq!(
        grants,
        [
            "developers admin DEV",
            "developers read-only PRD",
            "operators admin PRD",
            "operators read-only DEV"
        ],
        "{text}"
    );
    let auditors = layout
        .groups
        .iter()
        .find(|group| group.name == "auditors")
        .expect("auditors");
    assert_eq!(auditors.permissions.len(), 1, "{text}");
    assert!(auditors.allow_assume_any_role.is_some());
    assert!(text.contains("allows sts:AssumeRole on `*`"), "{text}");
    // The role that does not trust JUMP is listed, with the reason.
    assert!(
        not_imported
            .iter()
            .any(|left| left.what.starts_with("role `ci` in DEV")
                && left
                    .reason
                    .contains("does not let the JUMP account assume it")),
        "{not_imported:?}"
    );
    assert!(
        text.contains("# - role `ci` in DEV: its trust policy"),
        "{text}"
    );

    // The checks accept it; adopting it creates and deletes nothing in the organization or IAM.
    let checked_layout = checked(&layout);
    let options = PlanOptions {
        prune: false,
        adopt: true,
    };
    let planned = aws.plan(&checked_layout, options).await.expect("plan");
    let structural: Vec<String> = planned
        .changes
        .iter()
        .filter(|change| is_iam(change) || change.target.to_string() == "organization")
        .filter(|change| !matches!(change.action, ChangeAction::Adopt | ChangeAction::Update))
        .map(|change| format!("{} {} in {}", change.action, change.resource, change.target))
        .collect();
    assert!(
        structural.is_empty(),
        "{structural:?}\n{}",
        planned.to_text()
    );
    let adopted = planned
        .changes
        .iter()
        .filter(|change| change.action == ChangeAction::Adopt)
        .count();
    // 2 roles in DEV and PRD, 3 groups, 3 users.
    assert_eq!(adopted, 4 + 3 + 3, "{}", planned.to_text());
    assert!(planned.conflicts.is_empty(), "{}", planned.to_text());

    apply_counted(&aws, &layout, options).await;
    let after = aws
        .plan(
            &checked_layout,
            PlanOptions {
                prune: true,
                adopt: false,
            },
        )
        .await
        .expect("plan");
    assert!(after.is_empty(), "{}", after.to_text());
    assert!(after.conflicts.is_empty(), "{}", after.to_text());

    // Importing again describes the same world.
    let (_, again, _) = import_toml(&aws).await;
    assert_eq!(again, layout);
    let plan = aws
        .plan(&checked(&again), PlanOptions::default())
        .await
        .expect("plan");
    assert!(plan.is_empty(), "{}", plan.to_text());

    // A user made in a member account is imported where it is, and the checks report it.
    iam_in(&ids["DEV"])
        .await
        .create_user()
        .user_name("stray")
        .send()
        .await
        .expect("user");
    let (_, with_stray, _) = import_toml(&aws).await;
    let stray = with_stray
        .users
        .iter()
        .find(|user| user.name == "stray")
        .expect("stray imported");
    assert_eq!(stray.account.as_deref(), Some("DEV"));
    let findings: Vec<String> = match org_model::CheckedLayout::check(with_stray) {
        Ok(checked) => checked
            .report()
            .findings
            .iter()
            .map(|f| f.code.clone())
            .collect(),
        Err(rejected) => rejected
            .report()
            .findings
            .iter()
            .map(|f| f.code.clone())
            .collect(),
    };
    assert!(findings.iter().any(|code| code == "ORG005"), "{findings:?}");
}
