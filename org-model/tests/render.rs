//! `org_model::render`: snapshots of every file rendered from the seed layout, checks of what
//! those files must say, a layout exercising every skip, determinism and policy validity as
//! properties.

use std::collections::{BTreeMap, BTreeSet};

use iam_policy::validate::{Options, PolicyKind, Severity, validate};
use iam_policy::{AccountId, Policy};
use org_model::render::{FileKind, Rendered, render};
use org_model::{Account, Grant, Group, Layout, Permission, Purpose, Role, User, seed};
use proptest::prelude::*;

fn seed_rendered() -> Rendered {
    render(&seed::landing_zone()).expect("the seed renders")
}

// ---------------------------------------------------------------------------------------------
// Small readers for what the files say.

/// An INI file as (section, keys in order); comment and blank lines dropped.
fn ini_sections(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut sections: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            sections.push((name.to_owned(), Vec::new()));
            continue;
        }
        let (key, value) = line.split_once(" = ").expect("key = value");
        let section = sections.last_mut().expect("keys are inside a section");
        assert!(
            !section.1.iter().any(|(existing, _)| existing == key),
            "duplicate key {key} in [{}]",
            section.0
        );
        section.1.push((key.to_owned(), value.to_owned()));
    }
    sections
}

fn key<'a>(keys: &'a [(String, String)], name: &str) -> Option<&'a str> {
    keys.iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Decodes `%XX` escapes, insisting that everything else is an unreserved character.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).expect("ASCII");
            decoded.push(u8::from_str_radix(hex, 16).expect("two hex digits"));
            index += 3;
        } else {
            let byte = bytes[index];
            assert!(
                byte.is_ascii_alphanumeric() || b"-._~".contains(&byte),
                "unencoded {:?} in {text}",
                char::from(byte)
            );
            decoded.push(byte);
            index += 1;
        }
    }
    String::from_utf8(decoded).expect("UTF-8")
}

/// A switch-role URL's decoded query parameters, in order.
fn switch_role_params(url: &str) -> Vec<(String, String)> {
    let query = url
        .strip_prefix("https://signin.aws.amazon.com/switchrole?")
        .unwrap_or_else(|| panic!("not a switch-role URL: {url}"));
    query
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').expect("name=value");
            (name.to_owned(), percent_decode(value))
        })
        .collect()
}

/// The Markdown links `- [text](url)` under each `## user` heading of switch-roles.md.
fn switch_role_links(markdown: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut links: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut user = None;
    for line in markdown.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            user = Some(name.to_owned());
            links.entry(name.to_owned()).or_default();
        } else if let (Some(user), Some(link)) = (&user, line.strip_prefix("- [")) {
            let (text, rest) = link.split_once("](").expect("a link");
            let url = rest.strip_suffix(')').expect("link ends with )");
            links
                .entry(user.clone())
                .or_default()
                .push((text.to_owned(), url.to_owned()));
        }
    }
    links
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

/// Every JSON policy of a rendering parses and validates with no ERROR: trust policies as
/// trust policies, everything else as identity policies. Returns how many were checked.
fn assert_policies_valid(rendered: &Rendered) -> usize {
    let mut checked = 0;
    for (path, contents) in rendered.files() {
        let kind = match rendered.kind(path) {
            Some(FileKind::TrustPolicy) => PolicyKind::Trust,
            Some(FileKind::PermissionPolicy | FileKind::GroupPolicy) => PolicyKind::Identity,
            _ => continue,
        };
        let policy = Policy::from_json(contents)
            .unwrap_or_else(|error| panic!("{path} does not parse: {error:?}"));
        let report = validate(&policy, &kind, &Options::default());
        let errors: Vec<_> = report
            .findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
        checked += 1;
    }
    checked
}

/// Generic invariants of any rendering: newline endings, JSON parses, manifest agrees.
fn assert_well_formed(rendered: &Rendered) {
    for (path, contents) in rendered.files() {
        assert!(contents.ends_with('\n'), "{path} ends without a newline");
        assert!(!path.starts_with('/') && !path.split('/').any(|s| s.is_empty() || s == ".."));
        assert!(rendered.kind(path).is_some(), "{path} has no kind");
        if path.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(contents)
                .unwrap_or_else(|error| panic!("{path} is not JSON: {error}"));
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&rendered.files()["manifest.json"]).expect("manifest JSON");
    let listed = manifest["files"].as_array().expect("files");
    assert_eq!(
        listed.len() + 1,
        rendered.files().len(),
        "all but the manifest"
    );
    for entry in listed {
        let path = entry["path"].as_str().expect("path");
        let contents = &rendered.files()[path];
        assert_eq!(
            entry["bytes"].as_u64(),
            Some(contents.len() as u64),
            "{path}"
        );
        assert_eq!(
            entry["sha256"].as_str(),
            Some(sha256_hex(contents.as_bytes()).as_str()),
            "{path}"
        );
        assert_eq!(
            entry["kind"].as_str(),
            rendered.kind(path).map(FileKind::as_str),
            "{path}"
        );
    }
    let skipped = manifest["skipped"].as_array().expect("skipped");
    assert_eq!(skipped.len(), rendered.skipped().len());
}

// ---------------------------------------------------------------------------------------------
// The seed layout.

#[test]
fn every_seed_file_matches_its_snapshot() {
    let rendered = seed_rendered();
    for (path, contents) in rendered.files() {
        insta::assert_snapshot!(path.replace('/', "__"), contents);
    }
}

#[test]
fn the_seed_renders_exactly_these_files() {
    let rendered = seed_rendered();
    let mut expected: Vec<String> = Vec::new();
    let admin = ["CICD", "DEV", "PROTO", "PRD", "STG", "UAT"];
    let read_only = ["CICD", "DEV", "JUMP", "LOG", "PROTO", "PRD", "STG", "UAT"];
    for (role, accounts) in [("admin", &admin[..]), ("read-only", &read_only[..])] {
        for account in accounts {
            for file in ["role.json", "trust-policy.json"] {
                expected.push(format!("accounts/{account}/roles/{role}/{file}"));
            }
        }
    }
    for account in [
        "ROOT", "JUMP", "LOG", "CICD", "PROTO", "DEV", "STG", "UAT", "PRD",
    ] {
        expected.push(format!("accounts/{account}/baseline.json"));
        expected.push(format!("accounts/{account}/guardrails.md"));
    }
    // The seed guardrail set (`allowed-regions` only with `allowed_regions`).
    for scp in [
        "deny-leave-organization",
        "iam-users-only-in-jump",
        "protect-baseline",
        "protect-managed-roles",
        "deny-root-user",
    ] {
        expected.push(format!("organization-policies/scp/{scp}.json"));
    }
    expected.push("organization-policies/rcp/log-bucket-perimeter.json".to_owned());
    expected.push("organization-policies/guardrails.json".to_owned());
    expected.push("accounts/LOG/log-bucket/bucket.json".to_owned());
    expected.push("accounts/LOG/log-bucket/bucket-policy.json".to_owned());
    for group in ["auditors", "developers", "operators"] {
        expected.push(format!("jump/groups/{group}/assume-roles.json"));
        expected.push(format!("jump/groups/{group}/group.json"));
    }
    for user in ["alice", "bob", "carol"] {
        expected.push(format!("aws-config/{user}.config"));
        expected.push(format!("aws-extend-switch-roles/{user}.ini"));
        expected.push(format!("jump/first-sign-in/{user}.md"));
    }
    for file in [
        "password-policy.json",
        "jump/policies/require-mfa.json",
        "jump/users.json",
        "switch-roles.md",
        "diagram.mmd",
        "diagram.dot",
        "manifest.json",
    ] {
        expected.push(file.to_owned());
    }
    expected.sort();
    let actual: Vec<&String> = rendered.files().keys().collect();
    assert_eq!(actual, expected.iter().collect::<Vec<_>>());
    assert!(rendered.skipped().is_empty(), "{:?}", rendered.skipped());
    assert_well_formed(&rendered);
}

#[test]
fn seed_policies_parse_and_validate_without_errors() {
    // 14 trust policies, 3 AssumeRole policies and the MFA policy.
    assert_eq!(assert_policies_valid(&seed_rendered()), 18);
}

#[test]
fn seed_trust_policies_trust_jump_and_require_mfa() {
    let rendered = seed_rendered();
    for (path, contents) in rendered.files() {
        if rendered.kind(path) != Some(FileKind::TrustPolicy) {
            continue;
        }
        let json: serde_json::Value = serde_json::from_str(contents).expect("JSON");
        let statements = json["Statement"].as_array().expect("statements");
        assert_eq!(statements.len(), 1, "{path}");
        let statement = &statements[0];
        assert_eq!(statement["Effect"], "Allow", "{path}");
        assert_eq!(
            statement["Action"],
            serde_json::json!(["sts:AssumeRole", "sts:SetSourceIdentity"]),
            "{path}"
        );
        assert_eq!(
            statement["Principal"]["AWS"], "arn:aws:iam::100000000001:root",
            "{path}"
        );
        let condition = &statement["Condition"];
        assert_eq!(
            condition["Bool"]["aws:MultiFactorAuthPresent"], "true",
            "{path}: MFA must be required with Bool, never BoolIfExists"
        );
        // Who did it: the session name (and a source identity, when given) is the user's name.
        assert_eq!(
            condition["StringLikeIfExists"],
            serde_json::json!({
                "sts:RoleSessionName": "${aws:username}",
                "sts:SourceIdentity": "${aws:username}"
            }),
            "{path}"
        );
        if path.contains("/admin/") {
            assert_eq!(
                condition["NumericLessThan"]["aws:MultiFactorAuthAge"], "3600",
                "{path}"
            );
        } else {
            assert!(condition.get("NumericLessThan").is_none(), "{path}");
        }
    }
}

#[test]
fn seed_group_policies_name_exactly_the_granted_role_arns() {
    let rendered = seed_rendered();
    let arn = |account: &str, role: &str| {
        let id = match account {
            "JUMP" => 1,
            "LOG" => 2,
            "CICD" => 3,
            "PROTO" => 4,
            "DEV" => 5,
            "STG" => 6,
            "UAT" => 7,
            "PRD" => 8,
            other => panic!("{other}"),
        };
        format!("arn:aws:iam::10000000000{id}:role/{role}")
    };
    let expected: BTreeMap<&str, BTreeSet<String>> = [
        (
            "developers",
            [("PROTO", "admin"), ("DEV", "admin")]
                .into_iter()
                .chain(["STG", "UAT", "PRD"].map(|a| (a, "read-only")))
                .map(|(a, r)| arn(a, r))
                .collect(),
        ),
        (
            "operators",
            ["STG", "UAT", "PRD", "CICD"]
                .map(|a| arn(a, "admin"))
                .into_iter()
                .collect(),
        ),
        (
            "auditors",
            ["PROTO", "DEV", "STG", "UAT", "PRD", "CICD", "LOG", "JUMP"]
                .map(|a| arn(a, "read-only"))
                .into_iter()
                .collect(),
        ),
    ]
    .into();
    for (group, arns) in expected {
        let path = format!("jump/groups/{group}/assume-roles.json");
        let json: serde_json::Value = serde_json::from_str(&rendered.files()[&path]).expect("JSON");
        let statements = json["Statement"].as_array().expect("statements");
        assert_eq!(statements.len(), 1, "{path}");
        let statement = &statements[0];
        assert_eq!(statement["Effect"], "Allow");
        assert_eq!(
            statement["Action"],
            serde_json::json!(["sts:AssumeRole", "sts:SetSourceIdentity"])
        );
        assert_eq!(
            statement["Condition"]["Bool"]["aws:MultiFactorAuthPresent"],
            "true"
        );
        assert_eq!(
            statement["Condition"]["StringLikeIfExists"]["sts:SourceIdentity"],
            "${aws:username}"
        );
        let resources: BTreeSet<String> = statement["Resource"]
            .as_array()
            .expect("a list of ARNs")
            .iter()
            .map(|value| value.as_str().expect("string").to_owned())
            .collect();
        assert_eq!(resources, arns, "{path}");
        assert!(!resources.iter().any(|arn| arn.contains('*')), "{path}");
    }
    let mfa: serde_json::Value =
        serde_json::from_str(&rendered.files()["jump/policies/require-mfa.json"]).expect("JSON");
    let deny = mfa["Statement"]
        .as_array()
        .and_then(|statements| statements.last())
        .expect("statements");
    assert_eq!(deny["Effect"], "Deny");
    assert_eq!(
        deny["Condition"]["BoolIfExists"]["aws:MultiFactorAuthPresent"],
        "false"
    );
}

/// What each seed user reaches: (account, id, role, duration).
fn seed_reach() -> BTreeMap<&'static str, Vec<(&'static str, &'static str, &'static str, u32)>> {
    // In environment order: by purpose (JUMP, LOG, CICD, PROTO, DEV, STG, UAT, PRD), then by
    // role name; not alphabetically (DEV, PRD, PROTO, ...).
    let developer = vec![
        ("PROTO", "100000000004", "admin", 3600),
        ("DEV", "100000000005", "admin", 3600),
        ("STG", "100000000006", "read-only", 3600),
        ("UAT", "100000000007", "read-only", 3600),
        ("PRD", "100000000008", "read-only", 3600),
    ];
    let bob = vec![
        ("CICD", "100000000003", "admin", 3600),
        ("PROTO", "100000000004", "admin", 3600),
        ("DEV", "100000000005", "admin", 3600),
        ("STG", "100000000006", "admin", 3600),
        ("STG", "100000000006", "read-only", 3600),
        ("UAT", "100000000007", "admin", 3600),
        ("UAT", "100000000007", "read-only", 3600),
        ("PRD", "100000000008", "admin", 3600),
        ("PRD", "100000000008", "read-only", 3600),
    ];
    let carol = [
        ("JUMP", "100000000001"),
        ("LOG", "100000000002"),
        ("CICD", "100000000003"),
        ("PROTO", "100000000004"),
        ("DEV", "100000000005"),
        ("STG", "100000000006"),
        ("UAT", "100000000007"),
        ("PRD", "100000000008"),
    ]
    .into_iter()
    .map(|(account, id)| (account, id, "read-only", 43_200))
    .collect();
    [("alice", developer), ("bob", bob), ("carol", carol)].into()
}

#[test]
fn seed_aws_configs_have_every_profile_with_mfa_on_each() {
    let rendered = seed_rendered();
    for (user, reach) in seed_reach() {
        let text = &rendered.files()[&format!("aws-config/{user}.config")];
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines.first(),
            Some(&"# BEGIN jumpgate example (generated; do not edit)")
        );
        assert_eq!(lines.last(), Some(&"# END jumpgate example"));
        let mfa = format!("arn:aws:iam::100000000001:mfa/{user}");
        let sections = ini_sections(text);
        let (jump, jump_keys) = &sections[0];
        // Profile names start with the organization's name: no collision with the user's own.
        assert_eq!(jump, "profile example-jump");
        assert_eq!(key(jump_keys, "mfa_serial"), Some(mfa.as_str()));
        assert_eq!(key(jump_keys, "region"), Some("eu-west-1"));
        assert!(text.contains("[example-jump] section of ~/.aws/credentials"));
        let expected: Vec<String> = reach
            .iter()
            .map(|(account, _, role, _)| {
                format!("profile example-{}-{role}", account.to_ascii_lowercase())
            })
            .collect();
        let actual: Vec<&String> = sections[1..].iter().map(|(name, _)| name).collect();
        assert_eq!(actual, expected.iter().collect::<Vec<_>>(), "{user}");
        for ((_, keys), (_, id, role, duration)) in sections[1..].iter().zip(&reach) {
            let arn = format!("arn:aws:iam::{id}:role/{role}");
            let duration = duration.to_string();
            let expected = [
                ("role_arn", arn.as_str()),
                ("source_profile", "example-jump"),
                ("mfa_serial", mfa.as_str()),
                ("duration_seconds", duration.as_str()),
                ("region", "eu-west-1"),
                ("role_session_name", user),
            ];
            let actual: Vec<(&str, &str)> = keys
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str()))
                .collect();
            assert_eq!(actual, expected, "{user}");
        }
    }
}

#[test]
fn seed_extension_configs_have_every_profile_with_its_colour() {
    let rendered = seed_rendered();
    for (user, reach) in seed_reach() {
        let text = &rendered.files()[&format!("aws-extend-switch-roles/{user}.ini")];
        // Comments only before the first section.
        let first_section = text.find('[').expect("a section");
        assert!(!text[first_section..].lines().any(|l| l.starts_with('#')));
        let sections = ini_sections(text);
        assert_eq!(sections[0].0, "example-jump");
        assert_eq!(
            sections[0].1,
            vec![("aws_account_id".to_owned(), "example-jump".to_owned())]
        );
        assert_eq!(sections.len(), reach.len() + 1, "{user}");
        for ((name, keys), (account, id, role, _)) in sections[1..].iter().zip(&reach) {
            assert_eq!(
                *name,
                format!("example-{}-{role}", account.to_ascii_lowercase())
            );
            let color = match *account {
                "PRD" => "f2b0a9",
                "STG" | "UAT" => "efda95",
                "DEV" | "PROTO" => "b7ca9d",
                _ => "83d4e8",
            };
            let arn = format!("arn:aws:iam::{id}:role/{role}");
            let expected = [
                ("role_arn", arn.as_str()),
                ("source_profile", "example-jump"),
                ("region", "eu-west-1"),
                ("color", color),
            ];
            let actual: Vec<(&str, &str)> = keys
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str()))
                .collect();
            assert_eq!(actual, expected, "{user} {name}");
        }
    }
}

#[test]
fn seed_switch_role_links_are_well_formed_and_encoded() {
    let rendered = seed_rendered();
    let markdown = &rendered.files()["switch-roles.md"];
    assert!(markdown.contains("- <https://100000000001.signin.aws.amazon.com/console>\n"));
    assert!(markdown.contains("- <https://example-jump.signin.aws.amazon.com/console>\n"));
    let links = switch_role_links(markdown);
    let reach = seed_reach();
    assert_eq!(
        links.keys().map(String::as_str).collect::<Vec<_>>(),
        reach.keys().copied().collect::<Vec<_>>()
    );
    for (user, expected) in reach {
        let actual = &links[user];
        assert_eq!(actual.len(), expected.len(), "{user}");
        for ((text, url), (account, id, role, _)) in actual.iter().zip(&expected) {
            assert_eq!(*text, format!("{role}@{account}"));
            assert!(
                url.contains("&displayName=") && url.contains("%40"),
                "{url}"
            );
            let params = switch_role_params(url);
            let expected = [
                ("roleName".to_owned(), (*role).to_owned()),
                ("account".to_owned(), (*id).to_owned()),
                ("displayName".to_owned(), format!("{role}@{account}")),
            ];
            assert_eq!(params, expected, "{url}");
        }
    }
}

#[test]
fn first_sign_in_steps_give_the_password_file_the_device_name_and_the_links() {
    let rendered = seed_rendered();
    let switch_roles = switch_role_links(&rendered.files()["switch-roles.md"]);
    let users: serde_json::Value =
        serde_json::from_str(&rendered.files()["jump/users.json"]).expect("JSON");
    for user in ["alice", "bob", "carol"] {
        let path = format!("jump/first-sign-in/{user}.md");
        let steps = &rendered.files()[&path];
        assert_eq!(rendered.kind(&path), Some(FileKind::FirstSignIn));
        // Where the first password is, where to sign in, what the new one must be.
        assert!(
            steps.contains(&format!("the file 100000000001-{user}.password in")),
            "{steps}"
        );
        assert_eq!(
            org_model::render::password_file_name("100000000001".parse().expect("an id"), user),
            format!("100000000001-{user}.password")
        );
        assert!(steps.contains("- <https://example-jump.signin.aws.amazon.com/console>\n"));
        assert!(steps.contains(
            "at least 14 characters, with an uppercase letter, a lowercase letter, a number and \
             a symbol; not one of the last 24 passwords"
        ));
        // The device name to type is the one whose serial every profile names.
        assert!(
            steps.contains(&format!("type exactly {user} (your user name")),
            "{steps}"
        );
        let serial = format!("arn:aws:iam::100000000001:mfa/{user}");
        assert!(steps.contains(&serial), "{steps}");
        let config = &rendered.files()[&format!("aws-config/{user}.config")];
        for (_, keys) in ini_sections(config) {
            assert_eq!(key(&keys, "mfa_serial"), Some(serial.as_str()), "{config}");
        }
        let entry = users["users"]
            .as_array()
            .expect("users")
            .iter()
            .find(|entry| entry["name"] == user)
            .expect("the user");
        assert_eq!(entry["mfa_device_name"], user);
        assert_eq!(entry["mfa_serial"], serial.as_str());
        assert_eq!(entry["console"], true);
        assert_eq!(entry["first_sign_in"], path.as_str());
        assert!(
            steps.contains("- <https://console.aws.amazon.com/iam/home#/security_credentials>")
        );
        // The same switch-role links as switch-roles.md.
        let own: Vec<(String, String)> = switch_role_links(steps).into_values().flatten().collect();
        assert_eq!(Some(&own), switch_roles.get(user), "{steps}");
    }
}

#[test]
fn a_user_without_console_gets_no_password_steps() {
    let mut layout = seed::landing_zone();
    for user in &mut layout.users {
        if user.name == "carol" {
            user.console = false;
        }
    }
    let rendered = render(&layout).expect("renders");
    let steps = &rendered.files()["jump/first-sign-in/carol.md"];
    assert!(steps.contains("## 1. No console password"), "{steps}");
    assert!(!steps.contains(".password"), "{steps}");
    let users: serde_json::Value =
        serde_json::from_str(&rendered.files()["jump/users.json"]).expect("JSON");
    assert_eq!(users["users"][2]["console"], false);
    // Other partitions have other console URLs: no steps there, and said so.
    layout.organization.partition = iam_policy::Partition::AwsCn;
    "cn-north-1".clone_into(&mut layout.organization.default_region);
    let rendered = render(&layout).expect("renders");
    assert!(
        !rendered
            .files()
            .keys()
            .any(|path| path.starts_with("jump/first-sign-in/"))
    );
    assert!(
        rendered
            .skipped()
            .iter()
            .any(|skipped| skipped.item == "jump/first-sign-in/")
    );
}

#[test]
fn seed_users_and_role_descriptions() {
    let rendered = seed_rendered();
    let users: serde_json::Value =
        serde_json::from_str(&rendered.files()["jump/users.json"]).expect("JSON");
    assert_eq!(users["account"]["id"], "100000000001");
    let bob = &users["users"][1];
    assert_eq!(bob["name"], "bob");
    assert_eq!(bob["arn"], "arn:aws:iam::100000000001:user/bob");
    assert_eq!(
        bob["groups"],
        serde_json::json!(["developers", "operators"])
    );
    assert_eq!(bob["mfa_serial"], "arn:aws:iam::100000000001:mfa/bob");
    let role: serde_json::Value =
        serde_json::from_str(&rendered.files()["accounts/PRD/roles/read-only/role.json"])
            .expect("JSON");
    assert_eq!(role["arn"], "arn:aws:iam::100000000008:role/read-only");
    assert_eq!(role["max_session_duration"], 43_200);
    assert_eq!(
        role["aws_managed_policies"],
        serde_json::json!(["arn:aws:iam::aws:policy/ReadOnlyAccess"])
    );
}

#[test]
fn seed_diagrams_have_every_edge() {
    let rendered = seed_rendered();
    let mermaid = &rendered.files()["diagram.mmd"];
    let dot = &rendered.files()["diagram.dot"];
    // 2 + 3 + 4 + 8 grants' account entries, all distinct.
    assert_eq!(mermaid.matches(" -.->|").count(), 17);
    assert_eq!(dot.matches("style=dashed").count(), 17);
    for ou in [
        "Security",
        "Infrastructure",
        "Workloads",
        "NonProduction",
        "Production",
    ] {
        assert!(mermaid.contains(&format!("[\"{ou}\"]")), "{ou}");
        assert!(dot.contains(&format!("label=\"{ou}\";")), "{ou}");
    }
    // Balanced: every subgraph/cluster is closed.
    let opened = mermaid
        .lines()
        .filter(|l| l.trim_start().starts_with("subgraph "))
        .count();
    let closed = mermaid.lines().filter(|l| l.trim() == "end").count();
    assert_eq!(opened, closed);
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
}

// ---------------------------------------------------------------------------------------------
// A layout with paths, policies, skips and hostile names.

fn id(digits: &str) -> AccountId {
    digits.parse().expect("an account id")
}

fn policy(json: &str) -> Policy {
    Policy::from_json(json).expect("a policy")
}

fn variant() -> Layout {
    let mut layout = seed::landing_zone();
    layout.organization.name = "Acme \"Prod\" <#1> & co\nnext".to_owned();
    let artifacts = policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-artifacts/*"}]}"#,
    );
    let logs = policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:GetLogEvents","Resource":"*"}]}"#,
    );
    layout = layout
        .account(Account::new(
            "SANDBOX",
            Purpose::Development,
            "aws+sandbox@example.com",
        ))
        .account(
            Account::new("bad/name", Purpose::Other, "aws+bad@example.com").id(id("100000000009")),
        )
        .role(
            Role::new("deploy")
                .permission(Permission::Customer {
                    customer: "artifacts".to_owned(),
                    path: None,
                    policy: artifacts,
                })
                .permission(Permission::Inline {
                    inline: "logs".to_owned(),
                    policy: logs.clone(),
                })
                .max_session(7_200),
        )
        .grant(
            Grant::new("operators", "deploy")
                .accounts(["CICD", "SANDBOX", "NOPE"])
                .session(43_200),
        )
        .grant(Grant::new("developers", "admin").accounts(["bad/name"]))
        .grant(Grant::new("ghosts", "admin").accounts(["DEV"]))
        .group(Group::new("observers").permission(Permission::Inline {
            inline: "logs".to_owned(),
            policy: logs,
        }))
        .user(User::new("dave").groups(["observers", "nobody"]))
        .user(User {
            account: Some("LOG".to_owned()),
            ..User::new("erin")
        });
    if let Some(role) = layout.roles.iter_mut().find(|role| role.name == "deploy") {
        role.path = "/ci/".to_owned();
    }
    if let Some(role) = layout
        .roles
        .iter_mut()
        .find(|role| role.name == "read-only")
    {
        role.trust.mfa_waiver = Some("dashboards on a wall screen".to_owned());
    }
    if let Some(group) = layout
        .groups
        .iter_mut()
        .find(|group| group.name == "operators")
    {
        group.permissions.push(Permission::AwsManaged {
            aws_managed: "job-function/ViewOnlyAccess".to_owned(),
        });
    }
    layout
}

#[test]
fn variant_renders_paths_policies_and_skips() {
    let rendered = render(&variant()).expect("renders");
    assert_well_formed(&rendered);
    assert!(assert_policies_valid(&rendered) > 18);
    let files = rendered.files();

    let role: serde_json::Value =
        serde_json::from_str(&files["accounts/CICD/roles/deploy/role.json"]).expect("JSON");
    assert_eq!(role["arn"], "arn:aws:iam::100000000003:role/ci/deploy");
    assert_eq!(role["path"], "/ci/");
    // Customer managed policies as apply creates them: under /jumpgate/ in the role's account,
    // tagged; inline ones by name, with their documents.
    assert_eq!(
        role["customer_policies"],
        serde_json::json!([{
            "name": "artifacts",
            "path": "/jumpgate/",
            "arn": "arn:aws:iam::100000000003:policy/jumpgate/artifacts",
            "tags": { "managed-by": "jumpgate" },
            "document": "accounts/CICD/roles/deploy/policies/artifacts.json"
        }])
    );
    assert_eq!(
        role["inline_policies"],
        serde_json::json!([{
            "name": "logs",
            "document": "accounts/CICD/roles/deploy/policies/logs.json"
        }])
    );
    assert_eq!(
        role["tags"],
        serde_json::json!({ "managed-by": "jumpgate" })
    );
    assert_eq!(
        rendered.kind("accounts/CICD/roles/deploy/policies/artifacts.json"),
        Some(FileKind::PermissionPolicy)
    );
    assert!(files["accounts/CICD/roles/deploy/policies/logs.json"].contains("logs:GetLogEvents"));
    assert_eq!(
        rendered.kind("jump/groups/observers/policies/logs.json"),
        Some(FileKind::GroupPolicy)
    );
    let operators: serde_json::Value =
        serde_json::from_str(&files["jump/groups/operators/group.json"]).expect("JSON");
    assert_eq!(
        operators["aws_managed_policies"],
        serde_json::json!(["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"])
    );
    let observers: serde_json::Value =
        serde_json::from_str(&files["jump/groups/observers/group.json"]).expect("JSON");
    // No grant: no AssumeRole policy, only the MFA policy and the group's own inline one.
    let inline: Vec<&str> = observers["inline_policies"]
        .as_array()
        .expect("inline policies")
        .iter()
        .map(|policy| policy["name"].as_str().expect("name"))
        .collect();
    assert_eq!(inline, ["jumpgate-require-mfa", "logs"]);

    // The waived role's trust has no MFA condition; the diagram says so.
    let trust = &files["accounts/PRD/roles/read-only/trust-policy.json"];
    assert!(!trust.contains("MultiFactorAuth"), "{trust}");
    assert!(files["diagram.mmd"].contains("|\"no MFA\"|"));

    // bob (operators) gets deploy in CICD: path in the ARN and URL, session capped at 7,200.
    let bob = ini_sections(&files["aws-config/bob.config"]);
    let (_, deploy) = bob
        .iter()
        .find(|(name, _)| name == "profile acme-prod-1-co-next-cicd-deploy")
        .expect("cicd-deploy");
    assert_eq!(
        key(deploy, "role_arn"),
        Some("arn:aws:iam::100000000003:role/ci/deploy")
    );
    assert_eq!(key(deploy, "duration_seconds"), Some("7200"));
    assert!(!bob.iter().any(|(name, _)| name.contains("sandbox")));
    let links = switch_role_links(&files["switch-roles.md"]);
    let (_, url) = links["bob"]
        .iter()
        .find(|(text, _)| text == "deploy@CICD")
        .expect("link");
    assert!(url.contains("roleName=ci%2Fdeploy&account=100000000003&displayName=deploy%40CICD"));
    assert_eq!(switch_role_params(url)[0].1, "ci/deploy");

    // dave is in a group without roles; erin lives outside JUMP.
    assert!(files["switch-roles.md"].contains("## dave\n\nNo roles.\n"));
    assert!(!files.contains_key("aws-config/erin.config"));
    let users: serde_json::Value = serde_json::from_str(&files["jump/users.json"]).expect("JSON");
    let names: Vec<&str> = users["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|user| user["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["alice", "bob", "carol", "dave"]);
    assert_eq!(
        users["users"][3]["groups"],
        serde_json::json!(["observers"])
    );

    // Hostile organization name: one line in markers (the newline written as `\n`), escaped in
    // diagrams and Markdown.
    let config = &files["aws-config/alice.config"];
    assert!(
        config.starts_with(
            "# BEGIN jumpgate Acme \"Prod\" <#1> & co\\nnext (generated; do not edit)\n"
        )
    );
    assert!(config.ends_with("# END jumpgate Acme \"Prod\" <#1> & co\\nnext\n"));
    assert!(
        files["diagram.mmd"]
            .contains("[\"Organization Acme #quot;Prod#quot; #lt;#35;1#gt; #amp; co\\nnext\"]")
    );
    assert!(
        files["diagram.dot"]
            .contains("label=\"Organization Acme \\\"Prod\\\" <#1> & co\\\\nnext\";")
    );
    assert!(
        files["switch-roles.md"]
            .starts_with("# Switching roles in Acme \"Prod\" \\<\\#1\\> \\& co\\\\nnext\n")
    );
    assert!(files["aws-extend-switch-roles/alice.ini"].contains("\n[acme-prod-1-co-next-jump]\n"));

    let skipped: Vec<(String, String)> = rendered
        .skipped()
        .iter()
        .map(|skip| (skip.item.clone(), skip.reason.clone()))
        .collect();
    let has =
        |item: &str, reason: &str| skipped.iter().any(|(i, r)| i == item && r.contains(reason));
    assert!(has("account SANDBOX", "no account id yet"), "{skipped:#?}");
    assert!(has("account bad/name", "not usable"), "{skipped:#?}");
    assert!(has("user erin", "not in the JUMP account"), "{skipped:#?}");
    assert!(
        has("membership of user dave in group nobody", "not defined"),
        "{skipped:#?}"
    );
    assert!(has(
        "grant of role deploy to group operators: account NOPE",
        "not defined"
    ));
    assert!(has(
        "grant of role admin to group ghosts: the whole grant",
        "group is not defined"
    ));
    assert!(has("jump/groups/observers/assume-roles.json", "no grant"));
    assert!(
        !files
            .keys()
            .any(|path| path.contains("SANDBOX") || path.contains("bad"))
    );
    let manifest: serde_json::Value = serde_json::from_str(&files["manifest.json"]).expect("JSON");
    assert_eq!(
        manifest["skipped"].as_array().map(Vec::len),
        Some(skipped.len())
    );
    insta::assert_snapshot!(
        "variant__manifest_skipped",
        serde_json::to_string_pretty(&manifest["skipped"]).expect("JSON")
    );
}

#[test]
fn without_a_jump_id_only_the_account_side_and_diagrams_render() {
    let mut layout = seed::landing_zone();
    if let Some(jump) = layout.accounts.iter_mut().find(|a| a.name == "JUMP") {
        jump.id = None;
    }
    let rendered = render(&layout).expect("renders");
    assert_well_formed(&rendered);
    let files = rendered.files();
    assert!(files.contains_key("accounts/PRD/roles/admin/role.json"));
    assert!(!files.keys().any(|path| path.ends_with("trust-policy.json")));
    assert!(!files.keys().any(|path| path.starts_with("jump/")
        || path.starts_with("aws-config/")
        || path.starts_with("aws-extend-switch-roles/")
        || path == "switch-roles.md"));
    assert!(files.contains_key("diagram.mmd") && files.contains_key("diagram.dot"));
    assert!(
        rendered
            .skipped()
            .iter()
            .any(|skip| skip.item == "JUMP account" && skip.reason.contains("no id yet"))
    );
}

#[test]
fn colliding_paths_are_skipped_not_overwritten() {
    let layout = seed::landing_zone()
        .role(Role::new("Admin").aws_managed("AdministratorAccess"))
        .grant(Grant::new("operators", "Admin").accounts(["PRD"]));
    let rendered = render(&layout).expect("renders");
    assert!(
        rendered
            .files()
            .contains_key("accounts/PRD/roles/admin/role.json")
    );
    assert!(
        !rendered
            .files()
            .contains_key("accounts/PRD/roles/Admin/role.json")
    );
    assert!(
        rendered
            .skipped()
            .iter()
            .any(|skip| skip.item == "accounts/PRD/roles/Admin/role.json"
                && skip.reason.contains("same path"))
    );
}

/// Found by `fuzz/fuzz_targets/layout.rs`: an OU path starting with `/` (an ERROR for the
/// checks, ORG018 and ORG021) made the diagrams recurse without end, and overflow the stack.
#[test]
fn ou_paths_starting_with_a_slash_render() {
    let mut layout = seed::landing_zone().ou("/Sandbox");
    if let Some(dev) = layout.accounts.iter_mut().find(|a| a.name == "DEV") {
        dev.ou = "/Dev/Team".to_owned();
    }
    let rendered = render(&layout).expect("renders");
    assert_well_formed(&rendered);
    let mermaid = &rendered.files()["diagram.mmd"];
    let dot = &rendered.files()["diagram.dot"];
    for ou in ["Sandbox", "Dev", "Team"] {
        assert!(mermaid.contains(&format!("[\"{ou}\"]")), "{ou}");
        assert!(dot.contains(&format!("label=\"{ou}\";")), "{ou}");
    }
    let opened = mermaid
        .lines()
        .filter(|l| l.trim_start().starts_with("subgraph "))
        .count();
    let closed = mermaid.lines().filter(|l| l.trim() == "end").count();
    assert_eq!(opened, closed);
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
}

/// Found by `fuzz/fuzz_targets/layout.rs`: the diagrams recursed once per OU level, so a long
/// OU path (an ERROR for the checks, ORG020, but `render` takes any layout) overflowed the stack,
/// and indented each line by its depth, so their size grew with the square of the depth.
#[test]
fn deep_ou_paths_render_in_linear_size() {
    let levels = 2_000;
    let path = vec!["x"; levels].join("/");
    let mut layout = seed::landing_zone().ou(path.clone());
    if let Some(dev) = layout.accounts.iter_mut().find(|a| a.name == "DEV") {
        dev.ou = path;
    }
    let rendered = render(&layout).expect("renders");
    assert_well_formed(&rendered);
    // One cluster per level, each line indented at most 32 spaces.
    for (diagram, cluster) in [("diagram.mmd", "[\"x\"]"), ("diagram.dot", "label=\"x\";")] {
        let text = &rendered.files()[diagram];
        assert_eq!(text.matches(cluster).count(), levels, "{diagram}");
        assert!(text.len() < 200 * levels, "{diagram}: {} bytes", text.len());
    }
}

// ---------------------------------------------------------------------------------------------
// Properties.

const ACCOUNTS: [(&str, Purpose); 7] = [
    ("ROOT", Purpose::Management),
    ("JUMP", Purpose::Jump),
    ("LOG", Purpose::Log),
    ("DEV", Purpose::Development),
    ("STG", Purpose::Staging),
    ("PRD", Purpose::Production),
    ("ops.tools", Purpose::Other),
];
const ROLES: [&str; 4] = ["admin", "read-only", "deploy", "power.user"];
const GROUPS: [&str; 3] = ["developers", "operators", "auditors"];
const USERS: [&str; 5] = ["alice", "bob", "carol", "dave", "e.f+g@example"];
const PATHS: [&str; 3] = ["/", "/team/", "/a/b/"];
const DOCUMENTS: [&str; 3] = [
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/*"}]}"#,
    r#"{"Version":"2012-10-17","Statement":{"Sid":"Logs","Effect":"Allow","Action":["logs:GetLogEvents","logs:FilterLogEvents"],"Resource":"*"}}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prd"}}}]}"#,
];

/// Permission `choice` of an entity, named by its position.
fn permission(index: usize, choice: usize) -> Permission {
    match choice {
        0 => Permission::AwsManaged {
            aws_managed: "ReadOnlyAccess".to_owned(),
        },
        1 => Permission::AwsManaged {
            aws_managed: "AdministratorAccess".to_owned(),
        },
        n if n % 2 == 0 => Permission::Customer {
            customer: format!("customer-{index}"),
            path: None,
            policy: policy(DOCUMENTS[n % DOCUMENTS.len()]),
        },
        n => Permission::Inline {
            inline: format!("inline-{index}"),
            policy: policy(DOCUMENTS[n % DOCUMENTS.len()]),
        },
    }
}

fn arb_layout() -> impl Strategy<Value = Layout> {
    let accounts = prop::collection::vec((0..10u8, any::<bool>()), ACCOUNTS.len());
    let role = (
        any::<bool>(),
        0..PATHS.len(),
        prop::sample::select(vec![3_600u32, 7_200, 43_200]),
        0..4u8,
        prop::collection::vec(0..8usize, 0..3),
    );
    let roles = prop::collection::vec(role, ROLES.len());
    let groups = prop::collection::vec(
        (any::<bool>(), prop::collection::vec(0..8usize, 0..2)),
        GROUPS.len(),
    );
    let users = prop::collection::vec((0..4u8, 0..8u8), USERS.len());
    let grant = (
        0..GROUPS.len() + 1,
        0..ROLES.len() + 1,
        0..1u8 << ACCOUNTS.len(),
        prop::option::of(prop::sample::select(vec![900u32, 3_600, 43_200])),
    );
    let grants = prop::collection::vec(grant, 0..8);
    (accounts, roles, groups, users, grants).prop_map(|(accounts, roles, groups, users, grants)| {
        let mut layout = Layout::new("prop", "ROOT");
        for (index, ((name, purpose), (id_roll, alias))) in
            ACCOUNTS.iter().zip(accounts).enumerate()
        {
            let mut account = Account::new(*name, *purpose, format!("aws+{index}@example.com"));
            // Mostly with an id; JUMP without one now and then.
            if id_roll > 0 {
                account = account.id(id(&format!("20000000000{index}")));
            }
            if alias {
                account = account.alias(format!("prop-{index}"));
            }
            layout = layout.account(account);
        }
        for (name, (included, path, max, trust, permissions)) in ROLES.iter().zip(roles) {
            if !included {
                continue;
            }
            let mut role = Role::new(*name).max_session(max);
            role.path = PATHS[path].to_owned();
            match trust {
                0 => {}
                1 => role = role.max_mfa_age(900),
                _ => role.trust.mfa_waiver = Some("a reason".to_owned()),
            }
            for (index, choice) in permissions.into_iter().enumerate() {
                role = role.permission(permission(index, choice));
            }
            layout = layout.role(role);
        }
        for (name, (included, permissions)) in GROUPS.iter().zip(groups) {
            if !included {
                continue;
            }
            let mut group = Group::new(*name);
            group.path = "/people/".to_owned();
            for (index, choice) in permissions.into_iter().enumerate() {
                group = group.permission(permission(index, choice));
            }
            layout = layout.group(group);
        }
        for (name, (place, membership)) in USERS.iter().zip(users) {
            let mut user = User::new(*name).groups(
                GROUPS
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| membership & (1 << bit) != 0)
                    .map(|(_, group)| *group),
            );
            match place {
                0 => continue,
                1 => user.account = Some("JUMP".to_owned()),
                2 => user.account = Some("LOG".to_owned()),
                _ => {}
            }
            layout = layout.user(user);
        }
        for (group, role, mask, session) in grants {
            // One past the end names a group or role the layout does not define.
            let group = GROUPS.get(group).copied().unwrap_or("ghosts");
            let role = ROLES.get(role).copied().unwrap_or("phantom");
            let accounts = ACCOUNTS
                .iter()
                .enumerate()
                .filter(|(bit, _)| mask & (1 << bit) != 0)
                .map(|(_, (name, _))| *name);
            let mut grant = Grant::new(group, role).accounts(accounts);
            grant.session_duration = session;
            layout = layout.grant(grant);
        }
        layout
    })
}

/// A layout and the same layout with users, grants and accounts shuffled and each user's groups
/// reversed.
fn arb_layout_and_shuffle() -> impl Strategy<Value = (Layout, Layout)> {
    arb_layout().prop_flat_map(|layout| {
        let users = Just(layout.users.clone()).prop_shuffle();
        let grants = Just(layout.grants.clone()).prop_shuffle();
        let accounts = Just(layout.accounts.clone()).prop_shuffle();
        (Just(layout), users, grants, accounts).prop_map(|(layout, users, grants, accounts)| {
            let mut shuffled = layout.clone();
            shuffled.users = users;
            for user in &mut shuffled.users {
                user.groups.reverse();
            }
            shuffled.grants = grants;
            shuffled.accounts = accounts;
            (layout, shuffled)
        })
    })
}

/// Files whose contents follow the order of grants or accounts in the layout by design.
fn order_dependent(path: &str) -> bool {
    path.ends_with("/assume-roles.json")
        || path.starts_with("diagram.")
        || path == "manifest.json"
        || path.contains("/log-bucket/")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn rendering_is_deterministic_and_order_independent((layout, shuffled) in arb_layout_and_shuffle()) {
        let first = render(&layout).expect("renders");
        let second = render(&layout).expect("renders");
        prop_assert_eq!(&first, &second);

        let other = render(&shuffled).expect("renders");
        let stable = |rendered: &Rendered| -> BTreeMap<String, String> {
            rendered
                .files()
                .iter()
                .filter(|(path, _)| !order_dependent(path))
                .map(|(path, contents)| (path.clone(), contents.clone()))
                .collect()
        };
        prop_assert_eq!(stable(&first), stable(&other));
        prop_assert_eq!(first.skipped(), other.skipped());
        // The order-dependent files hold the same set of files at least.
        prop_assert_eq!(
            first.files().keys().collect::<Vec<_>>(),
            other.files().keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn rendered_files_are_well_formed_and_policies_valid(layout in arb_layout()) {
        let rendered = render(&layout).expect("renders");
        assert_well_formed(&rendered);
        assert_policies_valid(&rendered);
        for (path, contents) in rendered.files() {
            match rendered.kind(path) {
                Some(FileKind::AwsConfig | FileKind::ExtensionConfig) => {
                    let sections = ini_sections(contents);
                    let names: BTreeSet<&String> = sections.iter().map(|(name, _)| name).collect();
                    prop_assert_eq!(names.len(), sections.len(), "{}: duplicate sections", path);
                    for (name, keys) in &sections[1..] {
                        prop_assert!(key(keys, "role_arn").is_some(), "{} [{}]", path, name);
                        if rendered.kind(path) == Some(FileKind::AwsConfig) {
                            prop_assert!(key(keys, "mfa_serial").is_some(), "{} [{}]", path, name);
                            let duration: u32 = key(keys, "duration_seconds")
                                .and_then(|d| d.parse().ok())
                                .expect("duration_seconds");
                            let role_name = key(keys, "role_arn")
                                .and_then(|arn| arn.rsplit('/').next())
                                .unwrap_or_default();
                            let max = layout
                                .roles
                                .iter()
                                .filter(|role| role.name == role_name)
                                .map(|role| role.max_session_duration)
                                .max()
                                .unwrap_or(0);
                            prop_assert!(duration <= max, "{} [{}] {} > {}", path, name, duration, max);
                        }
                    }
                }
                Some(FileKind::SwitchRoles) => {
                    for links in switch_role_links(contents).values() {
                        for (_, url) in links {
                            let params = switch_role_params(url);
                            prop_assert_eq!(params.len(), 3);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Switch-role links and profiles follow the environments (purpose order), whatever the order
/// of the accounts in the layout; two accounts of one purpose keep their layout order.
#[test]
fn switch_roles_follow_the_environments_not_the_layout_or_the_alphabet() {
    let mut layout = seed::landing_zone();
    layout.accounts.reverse();
    let mut second_dev = layout
        .accounts
        .iter()
        .find(|account| account.name == "DEV")
        .expect("DEV")
        .clone();
    second_dev.name = "A-DEV".to_owned();
    second_dev.id = Some("100000000009".parse().expect("id"));
    second_dev.email = "a-dev@example.com".to_owned();
    let dev = layout
        .accounts
        .iter()
        .position(|account| account.name == "DEV")
        .expect("DEV");
    // After DEV in the layout, before it in the alphabet.
    layout.accounts.insert(dev + 1, second_dev);
    for grant in &mut layout.grants {
        if grant.accounts.iter().any(|account| account == "DEV") {
            grant.accounts.push("A-DEV".to_owned());
        }
    }
    let rendered = render(&layout).expect("renders");
    let links = switch_role_links(&rendered.files()["switch-roles.md"]);
    let alice: Vec<&str> = links["alice"]
        .iter()
        .map(|(text, _)| text.as_str())
        .collect();
    assert_eq!(
        alice,
        [
            "admin@PROTO",
            "admin@DEV",
            "admin@A-DEV",
            "read-only@STG",
            "read-only@UAT",
            "read-only@PRD"
        ]
    );
    let config = ini_sections(&rendered.files()["aws-config/alice.config"]);
    let profiles: Vec<&str> = config.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        profiles,
        [
            "profile example-jump",
            "profile example-proto-admin",
            "profile example-dev-admin",
            "profile example-a-dev-admin",
            "profile example-stg-read-only",
            "profile example-uat-read-only",
            "profile example-prd-read-only"
        ]
    );
}
