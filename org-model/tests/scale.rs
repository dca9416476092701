//! A 1,000-account, 5,000-user layout (accounts spread over per-team OUs, 50 groups, grants
//! scaled): checks, reachability and rendering complete and produce the expected counts.
//! Timing is `benches/layout.rs`'s job, not a test's.

#[path = "support/scaled.rs"]
mod scaled;

use org_model::reachability::{access_matrix_from_paths, access_paths, production_counterexamples};
use org_model::{Purpose, checks, render};

#[test]
fn a_thousand_accounts_and_five_thousand_users() {
    let (shape, layout) = scaled::layout(1_000);
    assert_eq!(layout.accounts.len(), 1_000);
    assert_eq!(layout.users.len(), 5_000);
    assert_eq!(layout.groups.len(), 50);
    assert_eq!(shape.groups(), 50);
    // Three grants per team (admin, read-only, deploy) and the auditors' grant.
    assert_eq!(layout.grants.len(), 3 * shape.teams + 1);
    // Two OUs per team besides the five shared ones, every one holding accounts.
    assert_eq!(layout.organizational_units.len(), 5 + 2 * shape.teams);
    let production = scaled::production_accounts(&shape);
    assert_eq!(production, 996 / 5);

    let report = checks::check(&layout);
    assert!(
        !report.has_errors(),
        "{:#?}",
        report.findings.iter().take(20).collect::<Vec<_>>()
    );
    assert_eq!(
        report.findings.len(),
        0,
        "{:#?}",
        report.findings.iter().take(20).collect::<Vec<_>>()
    );

    let paths = access_paths(&layout);
    assert_eq!(paths.len(), scaled::expected_paths(&shape));
    assert!(
        paths
            .windows(2)
            .all(|pair| pair[0].user.name <= pair[1].user.name)
    );
    assert!(production_counterexamples(&paths).is_empty());
    // Every production account is reached with `deploy` by its team's users, and by no one else.
    let deploys_in_production = paths
        .iter()
        .filter(|path| path.role.name == "deploy")
        .inspect(|path| assert_eq!(path.account.purpose, Purpose::Production))
        .count();
    assert_eq!(deploys_in_production, scaled::expected_deploy_paths(&shape));

    let matrix = access_matrix_from_paths(&layout, &paths);
    // Header, separator, one row per user; one column per account plus the user column.
    assert_eq!(matrix.lines().count(), 2 + 5_000);
    assert!(
        matrix
            .lines()
            .all(|line| line.matches('|').count() == 1_000 + 2)
    );

    let rendered = render::render(&layout).unwrap_or_else(|error| panic!("renders: {error}"));
    let configs = rendered
        .files()
        .keys()
        .filter(|path| path.starts_with("aws-config/") && path.ends_with(".config"))
        .count();
    assert_eq!(configs, 5_000);
    // A trust policy per role deployment: admin in each non-production workload, read-only and
    // deploy in each production one, read-only in JUMP, LOG and CICD.
    let deployments = (996 - production) + 2 * production + scaled::AUDITED.len();
    let trust_policies = rendered
        .files()
        .keys()
        .filter(|path| path.ends_with("/trust-policy.json"))
        .count();
    assert_eq!(trust_policies, deployments);
    let deployed: usize = layout
        .role_deployments()
        .iter()
        .map(|(_, accounts)| accounts.len())
        .sum();
    assert_eq!(deployed, deployments);
    // One AssumeRole policy per group.
    let assume_role_policies = rendered
        .files()
        .keys()
        .filter(|path| path.starts_with("jump/groups/") && path.ends_with("/assume-roles.json"))
        .count();
    assert_eq!(assume_role_policies, 50);
    assert!(
        rendered.skipped().is_empty(),
        "{:?}",
        rendered.skipped().first()
    );
}

#[test]
fn the_wide_shape_grants_per_account_and_checks_clean() {
    let (shape, layout) = scaled::wide(1_000);
    assert_eq!(layout.users.len(), 200);
    let production = scaled::production_accounts(&shape);
    // admin per non-production workload, read-only and deploy per production one, auditors.
    assert_eq!(layout.grants.len(), (996 - production) + 2 * production + 1);
    let report = checks::check(&layout);
    assert_eq!(
        report.findings,
        [],
        "{:#?}",
        report.findings.iter().take(20).collect::<Vec<_>>()
    );
    assert_eq!(access_paths(&layout).len(), scaled::expected_paths(&shape));
    assert!(render::render(&layout).is_ok_and(|rendered| rendered.skipped().is_empty()));
}
