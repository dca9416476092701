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
