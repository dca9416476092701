//! Reachability: every access path of the seed, the production rule (the seed passes; an MFA
//! waiver or a user outside JUMP reaching PRD is a counterexample), and the access matrix.

use org_model::checks::Severity;
use org_model::reachability::{
    Breach, Verdict, Violation, access_matrix_markdown, access_paths, check_production_rule,
    production_rule,
};
use org_model::{Grant, Group, Layout, Role, User, seed};

/// `(user, group, role, account, mfa_required, max_session_seconds)` of every path.
fn tuples(layout: &Layout) -> Vec<(String, String, String, String, bool, u32)> {
    access_paths(layout)
        .iter()
        .map(|path| {
            (
                path.user.name.clone(),
                path.group.name.clone(),
                path.role.name.clone(),
                path.account.name.clone(),
                path.mfa_required,
                path.max_session_seconds,
            )
        })
        .collect()
}

#[test]
fn seed_paths_follow_groups_and_grants() {
    let layout = seed::landing_zone();
    let paths = tuples(&layout);
    assert_eq!(paths.len(), 5 + 9 + 8, "{paths:#?}");
    let of = |user: &str| {
        paths
            .iter()
            .filter(|path| path.0 == user)
            .map(|path| format!("{}:{}@{}", path.1, path.2, path.3))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of("alice"),
        [
            "developers:admin@PROTO",
            "developers:admin@DEV",
            "developers:read-only@STG",
            "developers:read-only@UAT",
            "developers:read-only@PRD",
        ]
    );
    // bob reaches STG both as a developer (read-only) and as an operator (admin): accounts in
    // layout order, then roles, then groups.
    assert_eq!(
        of("bob"),
        [
            "operators:admin@CICD",
            "developers:admin@PROTO",
            "developers:admin@DEV",
            "operators:admin@STG",
            "developers:read-only@STG",
            "operators:admin@UAT",
            "developers:read-only@UAT",
            "operators:admin@PRD",
            "developers:read-only@PRD",
        ]
    );
    assert_eq!(of("carol").len(), 8);
    assert!(
        paths.iter().all(|path| path.4),
        "every seed role requires MFA"
    );
    let read_only = paths.iter().find(|path| path.2 == "read-only");
    assert_eq!(read_only.map(|path| path.5), Some(43_200));
    let admin = paths.iter().find(|path| path.2 == "admin");
    assert_eq!(admin.map(|path| path.5), Some(3_600));
    assert!(
        access_paths(&layout)
            .iter()
            .all(|path| path.user_in_jump && path.user_account.is_some())
    );
}

#[test]
fn dangling_names_and_overlapping_grants_lead_nowhere_new() {
    let layout = seed::landing_zone()
        // A grant to a group nobody defines, of a role nobody defines, in an unknown account.
        .grant(Grant::new("ghosts", "admin").accounts(["PRD"]))
        .grant(Grant::new("developers", "no-such-role").accounts(["PRD"]))
        .grant(Grant::new("developers", "admin").accounts(["NOWHERE", "DEV"]))
        // A user in a group the layout does not define.
        .user(User::new("dave").groups(["ghosts"]));
    assert_eq!(tuples(&layout), tuples(&seed::landing_zone()));
}

#[test]
fn the_seed_passes_the_production_rule() {
    assert_eq!(check_production_rule(&seed::landing_zone()), []);
}

#[test]
fn a_role_without_mfa_reachable_in_production_is_a_counterexample() {
    let mut break_glass = Role::new("break-glass").aws_managed("AdministratorAccess");
    break_glass.trust.mfa_waiver = Some("hardware tokens are in the safe".to_owned());
    let layout = seed::landing_zone()
        .role(break_glass)
        .grant(Grant::new("operators", "break-glass").accounts(["STG", "PRD"]));
    let counterexamples = check_production_rule(&layout);
    // STG is not production: only the PRD path breaks the rule.
    assert_eq!(counterexamples.len(), 1, "{counterexamples:#?}");
    let counterexample = &counterexamples[0];
    assert_eq!(counterexample.path.user.name, "bob");
    assert_eq!(counterexample.path.account.name, "PRD");
    assert!(!counterexample.path.mfa_required);
    assert_eq!(
        counterexample.violations,
        [Violation::WithoutMfa {
            waiver: "hardware tokens are in the safe".to_owned()
        }]
    );
    assert_eq!(
        counterexample.to_string(),
        "user `bob` (account `JUMP`) → group `operators` → role `break-glass` in `PRD` \
         (production) without MFA (waiver: \"hardware tokens are in the safe\")"
    );
}

#[test]
fn a_user_living_outside_jump_reaching_production_is_a_counterexample() {
    let mut mallory = User::new("mallory").groups(["operators"]);
    mallory.account = Some("DEV".to_owned());
    let layout = seed::landing_zone().user(mallory);
    let counterexamples = check_production_rule(&layout);
    assert_eq!(counterexamples.len(), 1, "{counterexamples:#?}");
    assert_eq!(
        counterexamples[0].violations,
        [Violation::UserOutsideJump {
            account: "DEV".to_owned()
        }]
    );
    assert_eq!(
        counterexamples[0].to_string(),
        "user `mallory` (account `DEV`, outside JUMP) → group `operators` → role `admin` in \
         `PRD` (production) with MFA"
    );
}

#[test]
fn a_user_naming_the_jump_account_is_a_jump_user() {
    let mut erin = User::new("erin").groups(["operators"]);
    erin.account = Some("JUMP".to_owned());
    assert_eq!(check_production_rule(&seed::landing_zone().user(erin)), []);
}

#[test]
fn both_violations_on_one_path_are_reported_together() {
    let mut open = Role::new("open");
    open.trust.mfa_waiver = Some("legacy".to_owned());
    let mut mallory = User::new("mallory").groups(["contractors"]);
    mallory.account = Some("UNKNOWN".to_owned());
    let layout = seed::landing_zone()
        .group(Group::new("contractors"))
        .user(mallory)
        .role(open)
        .grant(Grant::new("contractors", "open").accounts(["PRD", "DEV"]));
    let counterexamples = check_production_rule(&layout);
    assert_eq!(counterexamples.len(), 1, "{counterexamples:#?}");
    assert_eq!(counterexamples[0].violations.len(), 2);
    assert_eq!(
        counterexamples[0].to_string(),
        "user `mallory` (account `UNKNOWN`, outside JUMP) → group `contractors` → role `open` in \
         `PRD` (production) without MFA (waiver: \"legacy\")"
    );
}

#[test]
fn seed_access_matrix() {
    insta::assert_snapshot!(access_matrix_markdown(&seed::landing_zone()));
}

#[test]
fn access_matrix_marks_roles_without_mfa_and_escapes_names() {
    let mut break_glass = Role::new("break-glass");
    break_glass.trust.mfa_waiver = Some("safe".to_owned());
    let layout = seed::landing_zone()
        .user(User::new("a|b").groups(["operators"]))
        .role(break_glass)
        .grant(Grant::new("operators", "break-glass").accounts(["PRD"]));
    let matrix = access_matrix_markdown(&layout);
    let row = matrix
        .lines()
        .find(|line| line.starts_with("| a\\|b |"))
        .unwrap_or_else(|| panic!("no escaped row in\n{matrix}"));
    assert!(
        row.ends_with("| admin, break-glass (no MFA) |"),
        "{row}\n{matrix}"
    );
    // Users sorted by name (bytes): `alice` < `a|b` < `bob`.
    assert!(
        matrix.lines().nth(3).is_some_and(|line| line == row),
        "{matrix}"
    );
}

/// Every counterexample path has its breach in [`production_rule`], and an unwaivable
/// violation on a path means the rule does not hold.
fn assert_rule_covers_paths(layout: &Layout) {
    let rule = production_rule(layout);
    for counterexample in check_production_rule(layout) {
        let path = &counterexample.path;
        for violation in &counterexample.violations {
            let covered = rule
                .breaches
                .iter()
                .any(|breach| match (breach, violation) {
                    (Breach::WithoutMfa { role, account, .. }, Violation::WithoutMfa { .. }) => {
                        std::ptr::eq(*role, path.role) && std::ptr::eq(*account, path.account)
                    }
                    (
                        Breach::OutsideJump { user, group, .. },
                        Violation::UserOutsideJump { .. },
                    ) => std::ptr::eq(*user, path.user) && std::ptr::eq(*group, path.group),
                    _ => false,
                });
            assert!(covered, "no breach for {counterexample}: {rule:#?}");
            let waivable =
                matches!(violation, Violation::WithoutMfa { waiver } if !waiver.trim().is_empty());
            if !waivable {
                assert_eq!(rule.verdict(), Verdict::DoesNotHold, "{counterexample}");
            }
        }
    }
    assert_eq!(
        rule.verdict() == Verdict::DoesNotHold,
        rule.findings()
            .iter()
            .any(|finding| finding.severity == Severity::Error)
    );
}

#[test]
fn the_production_rule_is_decided_once_with_waivers_as_warnings() {
    let seed = seed::landing_zone();
    assert_eq!(production_rule(&seed).verdict(), Verdict::Holds);
    assert_rule_covers_paths(&seed);

    // A reason makes the waiver explicit: the rule holds by waiver, with a SECURITY_WARNING.
    let mut waived = seed::landing_zone();
    let admin = waived
        .roles
        .iter_mut()
        .find(|role| role.name == "admin")
        .unwrap();
    admin.trust.mfa_waiver = Some("break glass".to_owned());
    admin.trust.max_mfa_age = None;
    let rule = production_rule(&waived);
    assert_eq!(rule.verdict(), Verdict::HoldsByWaiver);
    let shown: Vec<String> = rule.findings().iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "SECURITY_WARNING ORG028 role[admin]: role `admin` is assumable without mfa in \
          production account `PRD` (waiver: \"break glass\")"
        ]
    );
    assert_rule_covers_paths(&waived);

    // Without a reason the waiver does not count.
    let mut blank = waived.clone();
    blank
        .roles
        .iter_mut()
        .find(|role| role.name == "admin")
        .unwrap()
        .trust
        .mfa_waiver = Some("  ".to_owned());
    let rule = production_rule(&blank);
    assert_eq!(rule.verdict(), Verdict::DoesNotHold);
    assert_eq!(rule.findings()[0].code, "ORG050");
    assert_rule_covers_paths(&blank);

    // A user outside JUMP reaching production is never waived.
    let mut mallory = User::new("mallory").groups(["operators", "operators"]);
    mallory.account = Some("DEV".to_owned());
    let outside = waived.clone().user(mallory);
    let rule = production_rule(&outside);
    assert_eq!(rule.verdict(), Verdict::DoesNotHold);
    let shown: Vec<String> = rule.findings().iter().map(ToString::to_string).collect();
    assert_eq!(
        shown[1],
        "ERROR ORG051 user[mallory]: user `mallory` lives in `DEV`, outside jump, and reaches \
         role `admin` in production account `PRD` through group `operators`",
        "{shown:#?}"
    );
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert_rule_covers_paths(&outside);
}

#[test]
fn the_production_rule_covers_every_counterexample_path() {
    let mut open = Role::new("open");
    open.trust.mfa_waiver = Some("legacy".to_owned());
    let mut mallory = User::new("mallory").groups(["contractors", "operators"]);
    mallory.account = Some("UNKNOWN".to_owned());
    let mut trent = User::new("trent").groups(["developers"]);
    trent.account = Some("ROOT".to_owned());
    let layout = seed::landing_zone()
        .group(Group::new("contractors"))
        .user(mallory)
        .user(trent)
        .role(open)
        .grant(Grant::new("contractors", "open").accounts(["PRD", "DEV", "PRD"]))
        .grant(Grant::new("developers", "open").accounts(["UAT"]));
    assert!(!check_production_rule(&layout).is_empty());
    assert_rule_covers_paths(&layout);
}

// Reaching is judged by evaluating the policies, not by reading grants.

fn policy(json: &str) -> iam_policy::Policy {
    iam_policy::Policy::from_json(json).unwrap_or_else(|error| panic!("{error}: {json}"))
}

fn inline(name: &str, json: &str) -> org_model::Permission {
    org_model::Permission::Inline {
        inline: name.to_owned(),
        policy: policy(json),
    }
}

fn group_mut<'a>(layout: &'a mut Layout, name: &str) -> &'a mut Group {
    layout
        .groups
        .iter_mut()
        .find(|group| group.name == name)
        .unwrap_or_else(|| panic!("no group {name}"))
}

const ASSUME_ANY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#;

/// `(user, group, role, account)` of every path, by asking [`EffectiveAccess::ask`] (which
/// evaluates every role of every account for every user, sharing nothing) whether assuming each
/// role is allowed, and through which groups.
fn asked_paths(
    access: &org_model::access::EffectiveAccess<'_>,
) -> Vec<(String, String, String, String)> {
    use org_model::access::{Question, Subject, Via};
    let layout = access.layout();
    let mut users: Vec<&User> = layout.users.iter().collect();
    users.sort_by(|a, b| a.name.cmp(&b.name));
    users.dedup_by(|a, b| a.name == b.name);
    let mut found = Vec::new();
    for user in users {
        for account in &layout.accounts {
            let question = Question::new(
                Subject::User(user.name.clone()),
                "sts:GetCallerIdentity",
                "*",
                account.name.as_str(),
            );
            let answer = access.ask(&question).expect("answers");
            for route in &answer.routes {
                if let Via::Role { role, groups, .. } = &route.via {
                    for group in groups {
                        found.push((
                            user.name.clone(),
                            group.clone(),
                            role.clone(),
                            account.name.clone(),
                        ));
                    }
                }
            }
        }
    }
    found.sort();
    found
}

fn listed_paths(
    access: &org_model::access::EffectiveAccess<'_>,
) -> Vec<(String, String, String, String)> {
    let mut found: Vec<_> = org_model::reachability::access_paths_in(access)
        .iter()
        .map(|path| {
            (
                path.user.name.clone(),
                path.group.name.clone(),
                path.role.name.clone(),
                path.account.name.clone(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_group_policy_denying_a_role_takes_the_path_away() {
    let mut layout = seed::landing_zone();
    group_mut(&mut layout, "operators").permissions.push(inline(
        "no-admin-in-prd",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::100000000008:role/admin"}]}"#,
    ));
    let paths = tuples(&layout);
    // The grant still names PRD, but the deny decides.
    assert!(
        !paths
            .iter()
            .any(|path| path.0 == "bob" && path.2 == "admin" && path.3 == "PRD"),
        "{paths:#?}"
    );
    // Everything else of bob's stays.
    assert!(
        paths
            .iter()
            .any(|path| path.0 == "bob" && path.2 == "admin" && path.3 == "UAT")
    );
    assert!(
        paths
            .iter()
            .any(|path| path.0 == "bob" && path.2 == "read-only" && path.3 == "PRD")
    );
    assert_eq!(paths.len(), tuples(&seed::landing_zone()).len() - 1);
}

#[test]
fn assuming_any_role_reaches_every_role_the_trust_admits() {
    let mut layout = seed::landing_zone();
    let developers = group_mut(&mut layout, "developers");
    developers
        .permissions
        .push(inline("assume-any", ASSUME_ANY));
    developers.allow_assume_any_role = Some("platform team".to_owned());
    let reached: Vec<String> = access_paths(&layout)
        .iter()
        .filter(|path| path.user.name == "alice")
        .map(|path| {
            format!(
                "{}:{}@{}",
                path.group.name, path.role.name, path.account.name
            )
        })
        .collect();
    // Every role deployed anywhere: admin (PROTO, DEV, STG, UAT, PRD, CICD) and read-only
    // (everywhere but ROOT), in account order.
    assert_eq!(
        reached,
        [
            "developers:read-only@JUMP",
            "developers:read-only@LOG",
            "developers:admin@CICD",
            "developers:read-only@CICD",
            "developers:admin@PROTO",
            "developers:read-only@PROTO",
            "developers:admin@DEV",
            "developers:read-only@DEV",
            "developers:admin@STG",
            "developers:read-only@STG",
            "developers:admin@UAT",
            "developers:read-only@UAT",
            "developers:admin@PRD",
            "developers:read-only@PRD",
        ]
    );

    // A user outside JUMP in a group with no grant but that policy reaches production.
    let mut contractors = Group::new("contractors").permission(inline("assume-any", ASSUME_ANY));
    contractors.allow_assume_any_role = Some("vendor".to_owned());
    let mut mallory = User::new("mallory").groups(["contractors"]);
    mallory.account = Some("DEV".to_owned());
    let layout = seed::landing_zone().group(contractors).user(mallory);
    let rule = production_rule(&layout);
    assert_eq!(rule.verdict(), Verdict::DoesNotHold);
    let shown: Vec<String> = rule.findings().iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "ERROR ORG051 user[mallory]: user `mallory` lives in `DEV`, outside jump, and reaches \
             role `admin` in production account `PRD` through group `contractors` and 1 more \
             role in production"
        ]
    );
    assert_rule_covers_paths(&layout);
}

#[test]
fn a_trust_policy_edited_to_drop_mfa_breaks_the_rule() {
    use org_model::access::{EffectiveAccess, Environment, TrustOverride};
    let layout = seed::landing_zone();
    let environment = Environment {
        trust_policies: vec![TrustOverride {
            role: "read-only".to_owned(),
            account: Some("PRD".to_owned()),
            policy: policy(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::100000000001:root"},"Action":"sts:AssumeRole"}]}"#,
            ),
        }],
        ..Environment::default()
    };
    let access = EffectiveAccess::with_environment(&layout, &environment);
    let rule = org_model::reachability::production_rule_in(&access);
    assert_eq!(rule.verdict(), Verdict::DoesNotHold);
    assert!(
        matches!(
            rule.breaches.as_slice(),
            [Breach::WithoutMfa { role, account, reason: "" }]
                if role.name == "read-only" && account.name == "PRD"
        ),
        "{rule:#?}"
    );
    assert_eq!(rule.findings()[0].code, "ORG050");
    let paths = org_model::reachability::access_paths_in(&access);
    for path in &paths {
        let edited = path.role.name == "read-only" && path.account.name == "PRD";
        assert_eq!(
            path.mfa_required, !edited,
            "{}@{}",
            path.role.name, path.account.name
        );
    }
    let counterexamples = org_model::reachability::production_counterexamples(&paths);
    // alice (developers), bob (developers) and carol (auditors) reach read-only in PRD.
    assert_eq!(counterexamples.len(), 3, "{counterexamples:#?}");
}

#[test]
fn users_of_the_same_groups_share_evaluations_only_when_policies_treat_them_alike() {
    let mut layout = seed::landing_zone().user(User::new("dave").groups(["developers"]));
    // A deny naming alice by name: dave, in the same groups, keeps every path.
    group_mut(&mut layout, "developers").permissions.push(inline(
        "not-alice",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"}}}]}"#,
    ));
    let paths = tuples(&layout);
    assert!(!paths.iter().any(|path| path.0 == "alice"), "{paths:#?}");
    assert_eq!(paths.iter().filter(|path| path.0 == "dave").count(), 5);
    // bob, in developers too, keeps every path.
    let of = |layout_paths: &[(String, String, String, String, bool, u32)], user: &str| {
        layout_paths
            .iter()
            .filter(|path| path.0 == user)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(of(&paths, "bob"), of(&tuples(&seed::landing_zone()), "bob"));
}

#[test]
fn listed_paths_are_what_asking_each_question_finds() {
    use org_model::access::{EffectiveAccess, Environment, TrustOverride};
    let mut layouts = vec![seed::landing_zone()];
    let mut by_name = seed::landing_zone().user(User::new("dave").groups(["developers"]));
    group_mut(&mut by_name, "developers").permissions.push(inline(
        "not-alice",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"}}}]}"#,
    ));
    layouts.push(by_name);
    let mut any = seed::landing_zone();
    group_mut(&mut any, "auditors")
        .permissions
        .push(inline("assume-any", ASSUME_ANY));
    layouts.push(any);
    let mut patterns = seed::landing_zone();
    group_mut(&mut patterns, "auditors").permissions.push(inline(
        "admin-anywhere",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/adm?n"}]}"#,
    ));
    layouts.push(patterns);
    for layout in &layouts {
        let access = EffectiveAccess::new(layout);
        assert_eq!(listed_paths(&access), asked_paths(&access));
    }
    // A trust policy naming one user, within JUMP and elsewhere.
    let layout = seed::landing_zone();
    let environment = Environment {
        trust_policies: vec![TrustOverride {
            role: "read-only".to_owned(),
            account: None,
            policy: policy(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::100000000001:user/carol","arn:aws:iam::100000000001:user/bob"]},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
            ),
        }],
        ..Environment::default()
    };
    let access = EffectiveAccess::with_environment(&layout, &environment);
    let listed = listed_paths(&access);
    assert_eq!(listed, asked_paths(&access));
    // alice lost read-only everywhere; carol kept it.
    assert!(
        listed
            .iter()
            .all(|path| path.0 != "alice" || path.2 != "read-only")
    );
    assert_eq!(listed.iter().filter(|path| path.0 == "carol").count(), 8);
}

/// Group policies a property test picks from: some treat users alike (shared evaluations),
/// some name users (evaluated per user).
const GROUP_POLICIES: [&str; 6] = [
    ASSUME_ANY,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::100000000008:role/admin"}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/read-?nly"}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"}}}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::${aws:PrincipalAccount}:role/*"}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"s3:*","Resource":"*","Condition":{"StringLike":{"sts:RoleSessionName":"b*"}}}]}"#,
];

/// Trust policies a property test picks from, for `admin` or `read-only`.
const TRUST_POLICIES: [&str; 3] = [
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::100000000001:root"},"Action":"sts:AssumeRole"}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::100000000001:user/bob","arn:aws:iam::100000000001:user/erin"]},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalAccount":"100000000001"}}}]}"#,
];

mod shared_evaluations {
    use super::*;
    use org_model::access::{EffectiveAccess, Environment, TrustOverride};
    use proptest::prelude::*;

    const GROUPS: [&str; 3] = ["developers", "operators", "auditors"];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever the group and trust policies, the paths listed (with evaluations shared
        /// among users of the same groups) are the ones asking each question finds.
        #[test]
        fn listed_paths_match_asking(
            extra_policies in proptest::collection::vec((0..GROUPS.len(), 0..GROUP_POLICIES.len()), 0..4),
            extra_users in proptest::collection::vec(proptest::collection::vec(0..GROUPS.len(), 0..3), 0..4),
            edits in proptest::collection::vec((any::<bool>(), proptest::option::of(0..9_usize), 0..TRUST_POLICIES.len()), 0..3),
        ) {
            let mut layout = seed::landing_zone();
            for (index, (group, policy)) in extra_policies.iter().enumerate() {
                group_mut(&mut layout, GROUPS[*group])
                    .permissions
                    .push(inline(&format!("extra-{index}"), GROUP_POLICIES[*policy]));
            }
            for (index, groups) in extra_users.iter().enumerate() {
                let name = ["erin", "bert", "alicia", "bob2"][index];
                layout = layout.user(User::new(name).groups(groups.iter().map(|&group| GROUPS[group])));
            }
            let environment = Environment {
                trust_policies: edits
                    .iter()
                    .map(|(admin, account, policy)| TrustOverride {
                        role: if *admin { "admin" } else { "read-only" }.to_owned(),
                        account: account.map(|at| layout.accounts[at].name.clone()),
                        policy: policy_of(TRUST_POLICIES[*policy]),
                    })
                    .collect(),
                ..Environment::default()
            };
            let access = EffectiveAccess::with_environment(&layout, &environment);
            prop_assert_eq!(listed_paths(&access), asked_paths(&access));
        }
    }

    fn policy_of(json: &str) -> iam_policy::Policy {
        super::policy(json)
    }
}
