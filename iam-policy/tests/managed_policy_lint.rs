//! The validator over every AWS managed policy: no panics, a pinned count of findings per code,
//! the Access Analyzer golden cases from the AWS documentation, located findings, and no
//! parse-level error on a document AWS accepted.

mod support;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use iam_policy::validate::{Finding, Options, PolicyKind, Severity, validate_text};
use support::corpus::{ManagedPolicy, managed_policies};

/// The outcome of linting one managed policy.
struct Linted {
    name: String,
    /// The findings, or the panic message.
    findings: Result<Vec<Finding>, String>,
}

fn managed_options() -> Options {
    Options {
        aws_managed: true,
        ..Default::default()
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|message| (*message).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned())
}

/// Every managed policy linted once as an AWS managed identity policy, shared by the tests.
fn corpus_run() -> &'static [Linted] {
    static RUN: OnceLock<Vec<Linted>> = OnceLock::new();
    RUN.get_or_init(|| {
        let options = managed_options();
        managed_policies()
            .into_iter()
            .map(|managed| {
                let findings = catch_unwind(AssertUnwindSafe(|| {
                    validate_text(&managed.document, &PolicyKind::Identity, &options).findings
                }))
                .map_err(|payload| panic_message(payload.as_ref()));
                Linted {
                    name: managed.name,
                    findings,
                }
            })
            .collect()
    })
}

/// The findings of every policy that linted without a panic.
fn linted_findings() -> impl Iterator<Item = (&'static str, &'static Finding)> {
    corpus_run().iter().flat_map(|linted| {
        linted
            .findings
            .iter()
            .flatten()
            .map(move |finding| (linted.name.as_str(), finding))
    })
}

#[test]
fn every_managed_policy_lints_without_panicking() {
    let run = corpus_run();
    assert!(run.len() >= 1_500, "only {} policies linted", run.len());
    let panics: Vec<String> = run
        .iter()
        .filter_map(|linted| {
            let message = linted.findings.as_ref().err()?;
            Some(format!("{}: {message}", linted.name))
        })
        .collect();
    assert!(
        panics.is_empty(),
        "{} policies panicked the validator:\n{}",
        panics.len(),
        panics.join("\n")
    );
}

#[test]
fn finding_counts_per_code_over_the_corpus() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, finding) in linted_findings() {
        *counts.entry(finding.code).or_default() += 1;
    }
    let listing: String = counts
        .iter()
        .map(|(code, count)| format!("{code} {count}\n"))
        .collect();
    insta::assert_snapshot!(listing);
}

#[test]
fn every_finding_is_located_and_explained() {
    let mut failures = Vec::new();
    for (name, finding) in linted_findings() {
        match finding.position {
            Some(position) if position.line >= 1 && position.column >= 1 => {}
            position => failures.push(format!(
                "{name}: {} at {} has position {position:?}",
                finding.code, finding.path
            )),
        }
        if finding.message.trim().is_empty() {
            failures.push(format!(
                "{name}: {} at {} has an empty message",
                finding.code, finding.path
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} findings lack a position or a message:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_managed_policy_gets_a_parse_level_error() {
    const PARSE_LEVEL: [&str; 7] = [
        "JSON_SYNTAX_ERROR",
        "DATA_TYPE_MISMATCH",
        "INVALID_POLICY_ELEMENT",
        "MISSING_EFFECT",
        "INVALID_EFFECT",
        "MISSING_ACTION",
        "UNSUPPORTED_ELEMENT_COMBINATION",
    ];
    let failures: Vec<String> = linted_findings()
        .filter(|(_, finding)| {
            finding.severity == Severity::Error && PARSE_LEVEL.contains(&finding.code)
        })
        .map(|(name, finding)| {
            format!(
                "{name}: {} at {}: {}",
                finding.code, finding.path, finding.message
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "AWS accepted these policies, but the validator reports parse-level errors:\n{}",
        failures.join("\n")
    );
}

// The golden cases: what IAM Access Analyzer reports for these AWS managed policies.

fn managed_policy(name: &str) -> ManagedPolicy {
    managed_policies()
        .into_iter()
        .find(|policy| policy.name == name)
        .unwrap_or_else(|| panic!("{name} is in the corpus"))
}

/// One line per finding, for failure messages.
fn describe(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|finding| {
            let position = finding
                .position
                .map_or_else(|| "?".to_owned(), |position| position.to_string());
            format!(
                "  {position} {} {} at {}: {}",
                finding.severity, finding.code, finding.path, finding.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_codes(name: &str, options: &Options, present: &[&str], absent: &[&str]) {
    let managed = managed_policy(name);
    let findings = validate_text(&managed.document, &PolicyKind::Identity, options).findings;
    let has = |code: &str| findings.iter().any(|finding| finding.code == code);
    let missing: Vec<&str> = present.iter().copied().filter(|code| !has(code)).collect();
    let unexpected: Vec<&str> = absent.iter().copied().filter(|code| has(code)).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "{name} (aws_managed: {}): missing {missing:?}, unexpected {unexpected:?}; findings:\n{}",
        options.aws_managed,
        describe(&findings)
    );
}

#[test]
fn golden_pass_role_and_create_slr_with_star_in_action_and_resource() {
    for name in ["AdministratorAccess", "IAMFullAccess"] {
        assert_codes(
            name,
            &managed_options(),
            &[
                "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
                "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
            ],
            &[],
        );
    }
}

#[test]
fn golden_size_quota_applies_only_to_customer_policies() {
    const QUOTA: &str = "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA";
    for name in ["ReadOnlyAccess", "AWSSupportServiceRolePolicy"] {
        assert_codes(name, &Options::default(), &[QUOTA], &[]);
        assert_codes(name, &managed_options(), &[], &[QUOTA]);
    }
}

#[test]
fn golden_missing_qualifier_and_wildcard_without_like_operator() {
    // The documented findings are in v2 of the policy (kept as a fixture); AWS fixed them in v3,
    // the current version in the corpus.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/golden/AWSGlueConsoleSageMakerNotebookFullAccess-v2.json"
    );
    let document = std::fs::read_to_string(path).expect("golden fixture is readable");
    let findings = validate_text(&document, &PolicyKind::Identity, &managed_options()).findings;
    for code in ["MISSING_QUALIFIER", "WILDCARD_WITHOUT_LIKE_OPERATOR"] {
        let found: Vec<&Finding> = findings
            .iter()
            .filter(|finding| finding.code == code)
            .collect();
        assert_eq!(found.len(), 1, "{code}; findings:\n{}", describe(&findings));
        assert_eq!(
            found[0].path.to_string(),
            r#"Statement[9].Condition.StringEquals["aws:TagKeys"]"#
        );
    }
    assert_codes(
        "AWSGlueConsoleSageMakerNotebookFullAccess",
        &managed_options(),
        &[],
        &["MISSING_QUALIFIER", "WILDCARD_WITHOUT_LIKE_OPERATOR"],
    );
}
