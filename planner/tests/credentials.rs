//! The credentials audit and the credential report, pure: desired from the seed layout, live as
//! values; the report as AWS documents it (IAM User Guide, "Getting credential reports for your
//! AWS account": the columns, `<root_account>`, `N/A`, `no_information`, `not_supported`).

use jumpgate_planner::audit::{AuditReport, Status};
use jumpgate_planner::credential_report::{ROOT_ACCOUNT, ReportError, parse, parse_time};
use jumpgate_planner::credentials::{
    AccessKey, AccountCredentials, LiveCredentials, LoginProfile, MfaDevice, UserCredentials,
    audit_credentials, desired_credentials,
};
use jumpgate_planner::state::OrgState;
use org_model::{CheckedLayout, PasswordPolicy, seed};

const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,\
password_last_changed,password_next_rotation,mfa_active,access_key_1_active,\
access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,\
access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,\
access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,\
cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

/// A report in the shape GetCredentialReport returns (decoded): the root user first, then the
/// users; the root user's password fields are `not_supported`.
fn report() -> String {
    [
        HEADER,
        "<root_account>,arn:aws:iam::100000000001:root,2024-01-01T00:00:00+00:00,not_supported,\
         2024-05-01T10:00:00+00:00,not_supported,not_supported,true,true,\
         2024-01-02T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        "alice,arn:aws:iam::100000000001:user/alice,2024-02-01T08:00:00+00:00,true,\
         2024-06-01T09:30:00+00:00,2024-02-01T08:05:00+00:00,N/A,true,true,\
         2024-02-02T00:00:00+00:00,2024-06-02T00:00:00+00:00,eu-west-1,sts,false,N/A,N/A,N/A,N/A,\
         false,N/A,false,N/A",
        "bob,arn:aws:iam::100000000001:user/bob,2024-02-01T08:00:00+00:00,true,no_information,\
         2024-02-01T08:00:00+00:00,N/A,false,true,2024-02-03T00:00:00+00:00,N/A,N/A,N/A,true,\
         2024-03-01T12:00:00+00:00,2024-03-02T12:00:00+00:00,us-east-1,iam,false,N/A,false,N/A",
        "\"a,b\",\"arn:aws:iam::100000000001:user/a,b\",2024-02-01T08:00:00+00:00,false,N/A,N/A,N/A,\
         false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
    ]
    .join("\n")
        + "\n"
}

#[test]
fn a_report_as_aws_documents_it_reads_into_rows() {
    let rows = parse(&report()).expect("reads");
    assert_eq!(rows.len(), 4);
    let root = &rows[0];
    assert_eq!(root.user, ROOT_ACCOUNT);
    assert_eq!(root.password_enabled, None);
    assert!(root.mfa_active);
    assert!(root.access_keys[0].active);
    let alice = &rows[1];
    assert_eq!(alice.password_enabled, Some(true));
    assert_eq!(
        alice.password_last_used,
        parse_time("2024-06-01T09:30:00+00:00")
    );
    let key_created = parse_time("2024-02-02T00:00:00Z").expect("a time");
    assert_eq!(
        alice.key_last_used(key_created),
        Some(parse_time("2024-06-02T00:00:00Z"))
    );
    assert_eq!(alice.key_last_used(key_created + 1), None, "no such key");
    let bob = &rows[2];
    assert_eq!(bob.password_last_used, None, "no_information");
    assert!(!bob.mfa_active);
    assert!(bob.access_keys[0].active && bob.access_keys[1].active);
    assert_eq!(
        bob.key_last_used(parse_time("2024-02-03T00:00:00Z").expect("a time")),
        Some(None),
        "a key never used"
    );
    // A user name with a comma is quoted (IAM names may hold `,`).
    assert_eq!(rows[3].user, "a,b");
    // Another column order reads the same.
    let swapped: String = report()
        .lines()
        .map(|line| {
            let (first, rest) = line.split_once(',').expect("columns");
            let (second, rest) = rest.split_once(',').expect("columns");
            format!("{second},{first},{rest}\n")
        })
        .take(3)
        .collect();
    assert_eq!(parse(&swapped).expect("reads")[..], rows[..2]);
}

#[test]
fn a_broken_report_says_what_and_where() {
    let text = report();
    let bad = text.replace(
        "2024-02-01T08:05:00+00:00,N/A,true",
        "2024-02-01T08:05:00+00:00,N/A,maybe",
    );
    assert_eq!(
        parse(&bad).expect_err("not a boolean").to_string(),
        "credential report line 3, column `mfa_active`: `maybe` is not `true` or `false`"
    );
    let bad = text.replace("2024-06-01T09:30:00+00:00", "yesterday");
    assert_eq!(
        parse(&bad).expect_err("not a time").to_string(),
        "credential report line 3, column `password_last_used`: `yesterday` is not an ISO 8601 time"
    );
    assert_eq!(
        parse("user,arn\nalice,x\n").expect_err("columns"),
        ReportError::MissingColumn {
            column: "user_creation_time"
        }
    );
    let short = format!("{HEADER}\nalice,arn:aws:iam::1:user/alice\n");
    assert!(
        parse(&short)
            .expect_err("short line")
            .to_string()
            .starts_with(
                "credential report line 2, column `user_creation_time`: the line has 2 values"
            ),
    );
    assert_eq!(
        parse(&format!("{HEADER}\n\"alice,x\n")).expect_err("unterminated"),
        ReportError::Unterminated { line: 2 }
    );
}

const NOW: i64 = 1_717_200_000; // 2024-06-01T00:00:00Z
const DAY: i64 = 86_400;

fn desired() -> jumpgate_planner::credentials::DesiredCredentials {
    let layout = CheckedLayout::check(seed::landing_zone()).expect("checks");
    desired_credentials(&layout, &OrgState::default()).expect("desired")
}

fn serial(user: &str) -> String {
    format!("arn:aws:iam::100000000001:mfa/{user}")
}

/// Every account with the layout's password policy and no root keys; alice with her device,
/// a password used yesterday and one key; bob and carol fresh, without anything.
fn live() -> LiveCredentials {
    let desired = desired();
    let mut live = LiveCredentials::default();
    for account in &desired.accounts {
        live.accounts.insert(
            account.id,
            AccountCredentials {
                password_policy: Some(PasswordPolicy::default()),
                root_access_keys: false,
            },
        );
    }
    let fresh = |created: i64| UserCredentials {
        created,
        login_profile: Some(LoginProfile {
            created,
            reset_required: true,
        }),
        password_last_used: None,
        password_last_changed: Some(created),
        mfa_devices: Vec::new(),
        access_keys: Vec::new(),
    };
    let mut alice = fresh(NOW - 30 * DAY);
    alice.login_profile = Some(LoginProfile {
        created: NOW - 30 * DAY,
        reset_required: false,
    });
    alice.password_last_used = Some(NOW - DAY);
    alice.password_last_changed = Some(NOW - 29 * DAY);
    alice.mfa_devices.push(MfaDevice {
        serial: serial("alice"),
        enabled: Some(NOW - 29 * DAY),
    });
    alice.access_keys.push(AccessKey {
        id: "AKIAEXAMPLEALICE0001".to_owned(),
        active: true,
        created: NOW - 20 * DAY,
        last_used: Some(NOW - DAY),
    });
    live.users.insert("alice".to_owned(), alice);
    live.users.insert("bob".to_owned(), fresh(NOW - 3 * DAY));
    live.users.insert("carol".to_owned(), fresh(NOW - 3 * DAY));
    live
}

fn report_of(live: &LiveCredentials) -> AuditReport {
    let mut report = AuditReport {
        region: "eu-west-1".to_owned(),
        holds: true,
        accounts: Vec::new(),
        guardrails: None,
    };
    report.merge(audit_credentials(&desired(), live, NOW));
    report
}

fn line<'a>(report: &'a AuditReport, item: &str) -> (&'a Status, String) {
    report
        .accounts
        .iter()
        .flat_map(|account| &account.items)
        .find(|line| line.item == item)
        .map_or_else(
            || panic!("no item {item}"),
            |line| (&line.status, line.details.join("; ")),
        )
}

#[test]
fn new_users_without_mfa_are_reported_with_their_age() {
    let report = report_of(&live());
    let text = report.to_text();
    assert!(!report.holds, "{text}");
    assert_eq!(
        line(&report, "alice/mfa"),
        (
            &Status::Ok,
            format!("{}, enabled 29 days ago", serial("alice"))
        )
    );
    assert_eq!(
        line(&report, "bob/mfa"),
        (
            &Status::Missing,
            "no MFA device; the user was created 3 days ago".to_owned()
        )
    );
    assert!(
        text.contains(
            "JUMP   bob/mfa            missing  no MFA device; the user was created 3 days ago\n"
        ),
        "{text}"
    );
    assert_eq!(
        line(&report, "alice/console"),
        (
            &Status::Ok,
            "last used 1 day ago; changed 29 days ago".to_owned()
        )
    );
    assert_eq!(
        line(&report, "bob/console"),
        (
            &Status::Ok,
            "never used; set 3 days ago; the initial password is not changed yet; changed 3 days ago"
                .to_owned()
        )
    );
    assert_eq!(
        line(&report, "alice/access-keys"),
        (
            &Status::Ok,
            "AKIAEXAMPLEALICE0001 created 20 days ago, last used 1 day ago".to_owned()
        )
    );
    assert_eq!(
        line(&report, "bob/access-keys"),
        (&Status::Ok, "no access key".to_owned())
    );
    // Every account's password policy and root keys, once per account.
    let policies = report
        .accounts
        .iter()
        .flat_map(|account| &account.items)
        .filter(|item| item.item == "password-policy" && item.status == Status::Ok)
        .count();
    assert_eq!(policies, 9);
    // Enrolling MFA turns the line to ok.
    let mut enrolled = live();
    for user in ["bob", "carol"] {
        if let Some(credentials) = enrolled.users.get_mut(user) {
            credentials.mfa_devices.push(MfaDevice {
                serial: serial(user),
                enabled: Some(NOW),
            });
        }
    }
    let report = report_of(&enrolled);
    assert!(report.holds, "{}", report.to_text());
    assert!(
        report
            .to_text()
            .ends_with("Every item holds in every account (eu-west-1).\n")
    );
}

#[test]
fn wrong_devices_extra_keys_old_and_unused_credentials_are_drifted_or_stale() {
    let mut live = live();
    let carol = live.users.get_mut("carol").expect("carol");
    carol.mfa_devices.push(MfaDevice {
        serial: format!("{}-phone", serial("carol")),
        enabled: Some(NOW),
    });
    // Set 50 days ago and never used.
    carol.created = NOW - 50 * DAY;
    carol.password_last_changed = Some(NOW - 50 * DAY);
    let bob = live.users.get_mut("bob").expect("bob");
    bob.access_keys = vec![
        AccessKey {
            id: "AKIAEXAMPLEBOB000001".to_owned(),
            active: true,
            created: NOW - 100 * DAY,
            last_used: Some(NOW - 2 * DAY),
        },
        AccessKey {
            id: "AKIAEXAMPLEBOB000002".to_owned(),
            active: true,
            created: NOW - 60 * DAY,
            last_used: None,
        },
        AccessKey {
            id: "AKIAEXAMPLEBOB000003".to_owned(),
            active: false,
            created: NOW - 400 * DAY,
            last_used: None,
        },
    ];
    let report = report_of(&live);
    assert_eq!(
        line(&report, "carol/mfa"),
        (
            &Status::Drifted,
            format!(
                "MFA device {}-phone is not {}, which the rendered AWS CLI profiles name",
                serial("carol"),
                serial("carol")
            )
        )
    );
    assert_eq!(
        line(&report, "carol/console"),
        (
            &Status::Stale,
            "never used; set 50 days ago; unused for 45 days or more; the initial password is \
             not changed yet; changed 50 days ago"
                .to_owned()
        )
    );
    assert_eq!(
        line(&report, "bob/access-keys"),
        (
            &Status::Drifted,
            "2 active keys; at most 1; AKIAEXAMPLEBOB000001 created 100 days ago, last used 2 \
             days ago; older than 90 days: rotate it; AKIAEXAMPLEBOB000002 created 60 days ago, \
             never used; unused for 45 days or more: deactivate it; AKIAEXAMPLEBOB000003 \
             inactive, created 400 days ago (delete it)"
                .to_owned()
        )
    );
    // One old key alone is stale.
    let bob = live.users.get_mut("bob").expect("bob");
    bob.access_keys.truncate(1);
    assert_eq!(line(&report_of(&live), "bob/access-keys").0, &Status::Stale);
}

#[test]
fn password_policies_root_keys_console_and_missing_users() {
    let desired = desired();
    let mut live = live();
    let dev = desired
        .accounts
        .iter()
        .find(|account| account.name == "DEV")
        .expect("DEV")
        .id;
    let root = desired
        .accounts
        .iter()
        .find(|account| account.name == "ROOT")
        .expect("ROOT")
        .id;
    if let Some(account) = live.accounts.get_mut(&dev) {
        account.password_policy = Some(PasswordPolicy {
            minimum_password_length: 8,
            ..PasswordPolicy::default()
        });
        account.root_access_keys = true;
    }
    if let Some(account) = live.accounts.get_mut(&root) {
        account.password_policy = None;
    }
    live.users.remove("carol");
    if let Some(bob) = live.users.get_mut("bob") {
        bob.login_profile = None;
    }
    let report = report_of(&live);
    let text = report.to_text();
    assert!(
        text.contains("DEV    password-policy    drifted  minimum_password_length: 8 -> 14\n"),
        "{text}"
    );
    assert!(
        text.contains("DEV    root-access-keys   drifted  the root user has access keys"),
        "{text}"
    );
    assert!(
        text.contains("ROOT   password-policy    missing  the account has no password policy\n"),
        "{text}"
    );
    assert_eq!(
        line(&report, "carol/mfa"),
        (&Status::Missing, "user `carol` does not exist".to_owned())
    );
    assert_eq!(
        line(&report, "bob/console"),
        (
            &Status::Missing,
            "no console password (apply creates the login profile)".to_owned()
        )
    );
    // console = false: a password is drifted, none is ok.
    let mut layout = seed::landing_zone();
    for user in &mut layout.users {
        if user.name == "alice" {
            user.console = false;
        }
    }
    let layout = CheckedLayout::check(layout).expect("checks");
    let desired = desired_credentials(&layout, &OrgState::default()).expect("desired");
    let audited = audit_credentials(&desired, &live, NOW);
    let alice = audited
        .iter()
        .flat_map(|account| &account.items)
        .find(|item| item.item == "alice/console")
        .expect("alice");
    assert_eq!(alice.status, Status::Drifted);
}
