//! Import, without AWS: hand-made read states to layouts.

use std::collections::{BTreeMap, BTreeSet};

use iam_policy::{AccountId, Partition, Policy};
use jumpgate_planner::import::{ImportError, ImportOptions, ImportRead, import_layout};
use jumpgate_planner::state::{
    AccountIam, GroupState, LiveAccount, OrgState, RoleState, UserState,
};
use org_model::{CheckedLayout, Layout};

const ROOT: &str = "111111111111";
const JUMP: &str = "222222222222";
const DEV: &str = "333333333333";
const PRD: &str = "444444444444";
const SANDBOX: &str = "555555555555";
const LOG: &str = "666666666666";

fn id(text: &str) -> AccountId {
    text.parse().expect("12 digits")
}

fn policy(json: &str) -> Policy {
    Policy::from_json(json).expect("policy")
}

fn account(id_text: &str, name: &str, ou: &str) -> LiveAccount {
    LiveAccount {
        id: id(id_text),
        name: name.to_owned(),
        email: format!(
            "{}@example.com",
            name.to_lowercase()
                .replace(|character: char| !character.is_ascii_alphanumeric(), "-")
        ),
        ou: ou.to_owned(),
    }
}

fn role(name: &str, trust: &str, attached: &[&str]) -> RoleState {
    RoleState {
        name: name.to_owned(),
        path: "/".to_owned(),
        trust: policy(trust),
        max_session_duration: 3_600,
        attached: attached
            .iter()
            .map(|arn| arn.parse().expect("arn"))
            .collect(),
        inline: BTreeMap::new(),
        managed: false,
    }
}

fn trust_jump(mfa: bool) -> String {
    let condition = if mfa {
        r#","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#
    } else {
        ""
    };
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{JUMP}:root"}},"Action":"sts:AssumeRole"{condition}}}]}}"#
    )
}

fn group(name: &str, inline: &[(&str, String)]) -> GroupState {
    GroupState {
        name: name.to_owned(),
        path: "/".to_owned(),
        attached: BTreeSet::new(),
        inline: inline
            .iter()
            .map(|(name, json)| ((*name).to_owned(), policy(json)))
            .collect(),
    }
}

fn user(name: &str, groups: &[&str]) -> UserState {
    UserState {
        name: name.to_owned(),
        path: "/".to_owned(),
        groups: groups.iter().map(|group| (*group).to_owned()).collect(),
        managed: false,
        login_profile: true,
    }
}

/// An organization made by hand: two OUs named `Production`, a role in DEV and PRD, a group
/// with exact ARNs and one with `Resource: "*"`, and a role that does not trust JUMP.
fn read() -> ImportRead {
    let admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    let mut iam = BTreeMap::new();
    for member in [DEV, PRD] {
        let mut roles = BTreeMap::new();
        roles.insert(
            "admin".to_owned(),
            role("admin", &trust_jump(true), &[admin]),
        );
        iam.insert(
            id(member),
            AccountIam {
                roles,
                ..AccountIam::default()
            },
        );
    }
    iam.get_mut(&id(DEV)).expect("DEV").roles.insert(
        "ci".to_owned(),
        role(
            "ci",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            &[],
        ),
    );
    let exact = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::{DEV}:role/admin","arn:aws:iam::{PRD}:role/admin"]}}]}}"#
    );
    let any = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#.to_owned();
    let mut jump = AccountIam::default();
    jump.groups
        .insert("admins".to_owned(), group("admins", &[("switch", exact)]));
    jump.groups
        .insert("auditors".to_owned(), group("auditors", &[("switch", any)]));
    jump.users
        .insert("alice".to_owned(), user("alice", &["admins"]));
    iam.insert(id(JUMP), jump);
    ImportRead {
        org: OrgState {
            exists: true,
            management_account: Some(id(ROOT)),
            ous: [
                "Infrastructure",
                "Sandbox",
                "Sandbox/Production",
                "Workloads",
                "Workloads/Production",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
            accounts: vec![
                account(ROOT, "ROOT", ""),
                account(JUMP, "JUMP", "Infrastructure"),
                account(LOG, "log-archive", "Infrastructure"),
                account(DEV, "DEV", "Workloads"),
                account(PRD, "PRD", "Workloads/Production"),
                account(SANDBOX, "Sandbox\nProd", "Sandbox/Production"),
            ],
        },
        extras: BTreeMap::new(),
        iam,
        trail_buckets: BTreeMap::new(),
    }
}

fn options() -> ImportOptions {
    ImportOptions {
        jump: None,
        partition: Partition::Aws,
        region: "eu-west-1".to_owned(),
    }
}

#[test]
fn two_ous_with_one_name_are_two_paths_and_the_file_reads_back() {
    let imported = import_layout(&read(), &options()).expect("import");
    let text = imported.to_toml().expect("toml");
    let layout = Layout::from_toml(&text).expect("reads back");
    assert_eq!(layout, imported.layout);
    let in_production: Vec<(&str, &str)> = layout
        .accounts
        .iter()
        .filter(|account| account.ou.ends_with("Production"))
        .map(|account| (account.name.as_str(), account.ou.as_str()))
        .collect();
    assert_eq!(
        in_production,
        [
            ("Sandbox-Prod", "Sandbox/Production"),
            ("PRD", "Workloads/Production")
        ]
    );
    // The newline in the account's name is no line break of the comment.
    assert!(text.contains("`Sandbox\\u{a}Prod`"), "{text}");
    assert!(
        text.lines()
            .take_while(|line| !line.starts_with('['))
            .all(|line| line.is_empty() || line.starts_with('#')),
        "{text}"
    );
    if let Err(rejected) = CheckedLayout::check(layout) {
        panic!("{:#?}", rejected.report().findings);
    }
}

#[test]
fn exact_arns_become_grants_and_a_wildcard_stays_the_groups_own_policy() {
    let imported = import_layout(&read(), &options()).expect("import");
    let layout = &imported.layout;
    assert_eq!(
        layout.jump_account().map(|jump| jump.name.as_str()),
        Some("JUMP")
    );
    let grants: Vec<(&str, &str, Vec<&str>)> = layout
        .grants
        .iter()
        .map(|grant| {
            (
                grant.group.as_str(),
                grant.role.as_str(),
                grant.accounts.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(grants, [("admins", "admin", vec!["DEV", "PRD"])]);
    let auditors = layout
        .groups
        .iter()
        .find(|group| group.name == "auditors")
        .expect("auditors");
    assert_eq!(auditors.permissions.len(), 1);
    assert!(auditors.allow_assume_any_role.is_some());
    assert!(auditors.adopted, "a group at `/` keeps its path");
    let admins = layout
        .groups
        .iter()
        .find(|group| group.name == "admins")
        .expect("admins");
    assert!(admins.permissions.is_empty());
    assert!(
        imported
            .not_imported
            .iter()
            .any(|left| left.what == "role `ci` in DEV"),
        "{:?}",
        imported.not_imported
    );
    assert_eq!(layout.roles.len(), 1);
    assert!(layout.roles[0].trust.requires_mfa());
}

#[test]
fn a_role_without_mfa_is_imported_with_a_waiver_to_review() {
    let mut read = read();
    for member in [DEV, PRD] {
        let iam = read.iam.get_mut(&id(member)).expect("member");
        iam.roles.get_mut("admin").expect("admin").trust = policy(&trust_jump(false));
    }
    let imported = import_layout(&read, &options()).expect("import");
    let admin = &imported.layout.roles[0];
    assert!(admin.trust.mfa_waiver.is_some());
    assert!(
        imported
            .notes
            .iter()
            .any(|note| note.contains("does not require MFA")),
        "{:?}",
        imported.notes
    );
}

#[test]
fn a_user_outside_jump_is_imported_where_it_is_and_reported() {
    let mut read = read();
    read.iam
        .get_mut(&id(DEV))
        .expect("DEV")
        .users
        .insert("stray".to_owned(), user("stray", &[]));
    let imported = import_layout(&read, &options()).expect("import");
    let stray = imported
        .layout
        .users
        .iter()
        .find(|user| user.name == "stray")
        .expect("stray");
    assert_eq!(stray.account.as_deref(), Some("DEV"));
    let rejected = CheckedLayout::check(imported.layout).expect_err("ORG005 is an ERROR");
    assert!(
        rejected
            .report()
            .findings
            .iter()
            .any(|finding| finding.code == "ORG005")
    );
}

#[test]
fn jump_is_named_or_found_and_a_wrong_name_gets_a_suggestion() {
    let mut named = options();
    named.jump = Some("JUPM".to_owned());
    let error = import_layout(&read(), &named).expect_err("no such account");
    assert!(matches!(error, ImportError::UnknownJump { .. }));
    assert_eq!(
        error.to_string(),
        "no account named `JUPM` in the organization; did you mean `JUMP`?"
    );

    let mut without_groups = read();
    clear_groups(&mut without_groups);
    let error = import_layout(&without_groups, &options()).expect_err("no JUMP");
    assert!(matches!(error, ImportError::NoJump), "{error}");
    named.jump = Some("JUMP".to_owned());
    let imported = import_layout(&without_groups, &named).expect("named");
    assert_eq!(
        imported
            .layout
            .jump_account()
            .map(|jump| jump.name.as_str()),
        Some("JUMP")
    );
}

/// `read` without any group (nor memberships).
fn clear_groups(read: &mut ImportRead) {
    for iam in read.iam.values_mut() {
        iam.groups.clear();
        for user in iam.users.values_mut() {
            user.groups.clear();
        }
    }
}

#[test]
fn the_trails_bucket_is_the_log_bucket_unless_it_is_the_default_name() {
    let mut read = read();
    read.trail_buckets
        .insert(id(DEV), BTreeSet::from(["acme-trails".to_owned()]));
    let imported = import_layout(&read, &options()).expect("import");
    assert_eq!(
        imported.layout.baseline.log_bucket.as_deref(),
        Some("acme-trails")
    );
    // `<organization>-logs-<LOG id>` is what jumpgate names it anyway: left to the default.
    read.trail_buckets
        .insert(id(DEV), BTreeSet::from([format!("root-logs-{LOG}")]));
    let imported = import_layout(&read, &options()).expect("import");
    assert_eq!(imported.layout.baseline.log_bucket, None);
    assert_eq!(
        org_model::baseline::log_bucket_name(&imported.layout),
        Some(format!("root-logs-{LOG}"))
    );
}

/// The group policies jumpgate itself writes (MFA present, `sts:SetSourceIdentity` beside
/// `sts:AssumeRole`, the source identity the user's own name) read back as grants, so that
/// importing an organization jumpgate applied describes the same layout.
#[test]
fn jumpgates_own_group_policy_reads_back_as_grants() {
    let mut read = read();
    let own = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"AssumeRolesOfAdmins","Effect":"Allow","Action":["sts:AssumeRole","sts:SetSourceIdentity"],"Resource":["arn:aws:iam::{DEV}:role/admin","arn:aws:iam::{PRD}:role/admin"],"Condition":{{"Bool":{{"aws:MultiFactorAuthPresent":"true"}},"StringLikeIfExists":{{"sts:SourceIdentity":"${{aws:username}}"}}}}}}]}}"#
    );
    read.iam.get_mut(&id(JUMP)).expect("JUMP").groups.insert(
        "admins".to_owned(),
        group("admins", &[("jumpgate-assume-roles", own)]),
    );
    let layout = import_layout(&read, &options()).expect("import").layout;
    let grants: Vec<(&str, &str)> = layout
        .grants
        .iter()
        .map(|grant| (grant.group.as_str(), grant.role.as_str()))
        .collect();
    assert_eq!(grants, [("admins", "admin")]);
    // Another source identity is not jumpgate's: the policy stays the group's own.
    let read = read_with_source_identity("someone-else");
    let layout = import_layout(&read, &options()).expect("import").layout;
    assert!(layout.grants.is_empty(), "{:?}", layout.grants);
}

fn read_with_source_identity(identity: &str) -> ImportRead {
    let mut read = read();
    let other = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":["sts:AssumeRole","sts:SetSourceIdentity"],"Resource":["arn:aws:iam::{DEV}:role/admin"],"Condition":{{"StringLike":{{"sts:SourceIdentity":"{identity}"}}}}}}]}}"#
    );
    read.iam
        .get_mut(&id(JUMP))
        .expect("JUMP")
        .groups
        .insert("admins".to_owned(), group("admins", &[("switch", other)]));
    read
}
