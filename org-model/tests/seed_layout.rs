//! The seed in Rust (`seed::landing_zone()`) and in TOML (`examples/landing-zone.toml`) are the
//! same layout, render byte-identically and check clean; and the AWS CLI accepts every rendered
//! `aws-config/<user>.config`.
//!
//! The AWS CLI test needs `JUMPGATE_AWS_CLI`: the path of an `aws` executable.
//! `scripts/test-all.sh` installs the AWS CLI from PyPI into `.venv` and sets it; the test fails
//! (it never skips) without it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use org_model::{Layout, checks, render, seed};

const SEED_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../examples/landing-zone.toml"
));

fn toml_seed() -> Layout {
    Layout::from_toml(SEED_TOML)
        .unwrap_or_else(|error| panic!("examples/landing-zone.toml does not parse: {error}"))
}

#[test]
fn the_rust_and_toml_seeds_are_the_same_layout() {
    assert_eq!(toml_seed(), seed::landing_zone());
}

#[test]
fn the_rust_and_toml_seeds_render_byte_identically() {
    let from_rust = render::render(&seed::landing_zone())
        .unwrap_or_else(|error| panic!("the Rust seed renders: {error}"));
    let from_toml = render::render(&toml_seed())
        .unwrap_or_else(|error| panic!("the TOML seed renders: {error}"));
    let rust_files = from_rust.files();
    let toml_files = from_toml.files();
    assert_eq!(
        rust_files.keys().collect::<Vec<_>>(),
        toml_files.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, contents) in rust_files {
        assert!(
            toml_files.get(path).map(String::as_bytes) == Some(contents.as_bytes()),
            "`{path}` differs"
        );
    }
    assert!(from_rust.skipped().is_empty(), "{:#?}", from_rust.skipped());
}

#[test]
fn the_seed_checks_clean() {
    for layout in [seed::landing_zone(), toml_seed()] {
        let report = checks::check(&layout);
        // Only the suggestion that the management account is outside SCPs (ORG081).
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["ORG081"], "the seed has findings");
        assert!(org_model::reachability::check_production_rule(&layout).is_empty());
    }
}

#[test]
fn the_toml_seed_round_trips() {
    let layout = seed::landing_zone();
    let text = layout
        .to_toml()
        .unwrap_or_else(|error| panic!("the seed writes as TOML: {error}"));
    assert_eq!(Layout::from_toml(&text).ok(), Some(layout));
}

/// The AWS CLI to run, from `JUMPGATE_AWS_CLI`; panics with what to do when it is missing.
fn aws_cli() -> PathBuf {
    const HOW: &str = "run `scripts/test-all.sh` (it installs the AWS CLI from PyPI into `.venv` \
                       and sets JUMPGATE_AWS_CLI), or set JUMPGATE_AWS_CLI to an `aws` executable \
                       (e.g. `python3 -m venv .venv && .venv/bin/pip install awscli && \
                       export JUMPGATE_AWS_CLI=$PWD/.venv/bin/aws`)";
    let Some(path) = std::env::var_os("JUMPGATE_AWS_CLI") else {
        panic!("JUMPGATE_AWS_CLI is not set: this test needs the real AWS CLI; {HOW}");
    };
    let path = PathBuf::from(path);
    assert!(
        is_executable(&path),
        "JUMPGATE_AWS_CLI={} is not an executable file; {HOW}",
        path.display()
    );
    path
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .is_ok_and(|metadata| metadata.is_file() && metadata.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// The profiles a config file defines, in order: `[profile NAME]` sections (and `[default]`),
/// each with its `key = value` settings.
fn profiles(config: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let mut profiles: Vec<(String, BTreeMap<String, String>)> = Vec::new();
    let mut in_profile = false;
    for line in config.lines().map(str::trim) {
        if let Some(section) = line
            .strip_prefix('[')
            .and_then(|line| line.strip_suffix(']'))
        {
            let section = section.trim();
            let name = if section == "default" {
                Some(section)
            } else {
                section.strip_prefix("profile ").map(str::trim)
            };
            in_profile = name.is_some();
            if let Some(name) = name {
                profiles.push((name.to_owned(), BTreeMap::new()));
            }
        } else if let (true, Some((key, value)), Some(profile)) =
            (in_profile, line.split_once('='), profiles.last_mut())
            && !line.starts_with('#')
        {
            profile
                .1
                .insert(key.trim().to_owned(), value.trim().to_owned());
        }
    }
    profiles
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// `aws ARGUMENTS` with the config file `config` and no credentials file, started.
fn spawn_aws(aws: &Path, config: &Path, arguments: &[&str]) -> Child {
    Command::new(aws)
        .args(arguments)
        .env("AWS_CONFIG_FILE", config)
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            config.with_file_name("credentials"),
        )
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_DEFAULT_PROFILE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", aws.display()))
}

fn finish(child: Child) -> Output {
    child
        .wait_with_output()
        .unwrap_or_else(|error| panic!("the AWS CLI did not finish: {error}"))
}

/// Whether the AWS CLI does not know `configure list-profiles` (version 1, which PyPI's
/// `awscli` is: the subcommand exists only in version 2).
fn lacks_list_profiles(output: &Output) -> bool {
    let stderr = String::from_utf8_lossy(&output.stderr);
    !output.status.success() && stderr.contains("argument subcommand: Invalid choice")
}

/// One user's rendered config, written as `config` in a directory of its own.
struct UserConfig {
    /// `aws-config/<user>.config`.
    path: String,
    /// The file written for the CLI.
    file: PathBuf,
    /// Its text.
    text: String,
    /// Its profiles.
    profiles: Vec<(String, BTreeMap<String, String>)>,
}

/// Asks the AWS CLI for every profile's `role_arn` (or `region`, for the source profile) with
/// `aws configure get KEY --profile NAME`, all at once: each must be found and equal the rendered
/// value. A profile the CLI cannot find exits non-zero, as the check of an unknown profile here
/// proves first.
fn check_profiles_one_by_one(aws: &Path, configs: &[UserConfig]) {
    let mut children = Vec::new();
    for config in configs {
        let unknown = spawn_aws(
            aws,
            &config.file,
            &[
                "configure",
                "get",
                "region",
                "--profile",
                "jumpgate-no-such-profile",
            ],
        );
        children.push((config, "jumpgate-no-such-profile", "region", None, unknown));
        for (name, settings) in &config.profiles {
            let key = if settings.contains_key("role_arn") {
                "role_arn"
            } else {
                "region"
            };
            let Some(value) = settings.get(key) else {
                panic!(
                    "`{}`: profile `{name}` has neither `role_arn` nor `region`",
                    config.path
                );
            };
            let child = spawn_aws(
                aws,
                &config.file,
                &["configure", "get", key, "--profile", name],
            );
            children.push((config, name.as_str(), key, Some(value.as_str()), child));
        }
    }
    for (config, name, key, value, child) in children {
        let output = finish(child);
        let path = &config.path;
        let Some(value) = value else {
            assert!(
                !output.status.success(),
                "the AWS CLI finds a profile `{name}` that `{path}` does not define"
            );
            continue;
        };
        assert!(
            output.status.success(),
            "`{path}`: the AWS CLI does not find `{key}` of profile `{name}` ({}):\n{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr),
            config.text
        );
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).trim(),
            value,
            "`{path}`: `{key}` of profile `{name}` as the AWS CLI reads it"
        );
    }
}

#[test]
fn the_aws_cli_accepts_every_rendered_config() {
    let aws = aws_cli();
    let layout = seed::landing_zone();
    let rendered =
        render::render(&layout).unwrap_or_else(|error| panic!("the seed renders: {error}"));
    let scratch =
        Scratch(std::env::temp_dir().join(format!("jumpgate-aws-cli-{}", std::process::id())));
    let configs: Vec<UserConfig> = layout
        .users
        .iter()
        .map(|user| {
            let path = format!("aws-config/{}.config", user.name);
            let Some(text) = rendered.files().get(&path) else {
                panic!("`{path}` is not rendered");
            };
            let profiles = profiles(text);
            assert!(
                profiles.len() > 1,
                "`{path}` has too few profiles: {profiles:?}"
            );
            let directory = scratch.0.join(&user.name);
            std::fs::create_dir_all(&directory)
                .unwrap_or_else(|error| panic!("creates {}: {error}", directory.display()));
            let file = directory.join("config");
            std::fs::write(&file, text)
                .unwrap_or_else(|error| panic!("writes {}: {error}", file.display()));
            UserConfig {
                path,
                file,
                text: text.clone(),
                profiles,
            }
        })
        .collect();
    assert_eq!(configs.len(), 3);

    let listings: Vec<Child> = configs
        .iter()
        .map(|config| spawn_aws(&aws, &config.file, &["configure", "list-profiles"]))
        .collect();
    let listings: Vec<Output> = listings.into_iter().map(finish).collect();
    if listings.iter().all(lacks_list_profiles) {
        // AWS CLI v1 (PyPI's `awscli`) has no `list-profiles`: ask for each profile instead.
        check_profiles_one_by_one(&aws, &configs);
        return;
    }
    for (config, output) in configs.iter().zip(&listings) {
        let path = &config.path;
        assert!(
            output.status.success(),
            "`aws configure list-profiles` rejects `{path}` ({}):\n{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr),
            config.text
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        let listed: Vec<&str> = stdout.lines().map(str::trim).collect();
        for (name, _) in &config.profiles {
            assert!(
                listed.contains(&name.as_str()),
                "`{path}`: profile `{name}` is not listed by the AWS CLI; it lists {listed:?}"
            );
        }
        assert_eq!(listed.len(), config.profiles.len(), "`{path}`: {listed:?}");
    }
}
