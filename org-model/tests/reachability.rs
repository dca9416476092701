//! Reachability: every access path of the seed, the production rule (the seed passes; an MFA
//! waiver or a user outside JUMP reaching PRD is a counterexample), and the access matrix.

use org_model::reachability::{
    Violation, access_matrix_markdown, access_paths, check_production_rule,
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
