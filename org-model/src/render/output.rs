//! The rendered files: their kinds, what was skipped, the manifest and its hashes.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::Error;

/// What a rendered file is, as named in `manifest.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// A role's trust policy.
    TrustPolicy,
    /// A customer managed or inline permission policy of a role.
    PermissionPolicy,
    /// A role's description: ARN, session length, attached and inline policy names.
    Role,
    /// A JUMP group's description: ARN and policy names.
    Group,
    /// A JUMP group's policy: its AssumeRole policy, an extra permission, or the MFA policy.
    GroupPolicy,
    /// The JUMP users with their groups and MFA device ARNs.
    Users,
    /// An account's security baseline: Config, CloudTrail, GuardDuty, root MFA, waivers.
    Baseline,
    /// The log bucket in the LOG account: name, ARN, settings, which accounts deliver.
    LogBucket,
    /// The log bucket's policy.
    BucketPolicy,
    /// The console sign-in and switch-role links, per user.
    SwitchRoles,
    /// A user's first sign-in: the initial password, MFA enrollment, access key, switch role.
    FirstSignIn,
    /// The account password policy apply sets in every account.
    PasswordPolicy,
    /// A user's `~/.aws/config` block.
    AwsConfig,
    /// A user's aws-extend-switch-roles configuration.
    ExtensionConfig,
    /// A Mermaid or Graphviz diagram.
    Diagram,
    /// A service or resource control policy, exactly as apply sends it.
    OrganizationPolicy,
    /// The guardrail set: every SCP and RCP in force with its size, room and targets.
    Guardrails,
    /// An account's guardrails in force and the proofs about it.
    AccountGuardrails,
    /// `manifest.json` itself.
    Manifest,
}

impl FileKind {
    /// The kind's name in `manifest.json`: `trust-policy`, `aws-config`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::TrustPolicy => "trust-policy",
            FileKind::PermissionPolicy => "permission-policy",
            FileKind::Role => "role",
            FileKind::Group => "group",
            FileKind::GroupPolicy => "group-policy",
            FileKind::Users => "users",
            FileKind::Baseline => "baseline",
            FileKind::LogBucket => "log-bucket",
            FileKind::BucketPolicy => "bucket-policy",
            FileKind::SwitchRoles => "switch-roles",
            FileKind::FirstSignIn => "first-sign-in",
            FileKind::PasswordPolicy => "password-policy",
            FileKind::AwsConfig => "aws-config",
            FileKind::ExtensionConfig => "extension-config",
            FileKind::Diagram => "diagram",
            FileKind::OrganizationPolicy => "organization-policy",
            FileKind::Guardrails => "guardrails",
            FileKind::AccountGuardrails => "account-guardrails",
            FileKind::Manifest => "manifest",
        }
    }
}

/// Something the layout asks for that was not rendered, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Skipped {
    /// What: `account PRD`, `user dave`, a file path, ...
    pub item: String,
    /// Why.
    pub reason: String,
}

/// The rendered files of a layout, by relative path (with `/`), and what was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    files: BTreeMap<String, String>,
    kinds: BTreeMap<String, FileKind>,
    skipped: Vec<Skipped>,
}

impl Rendered {
    /// Every file's contents by relative path, `manifest.json` included.
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.files
    }

    /// The files, consumed.
    pub fn into_files(self) -> BTreeMap<String, String> {
        self.files
    }

    /// The kind of the file at `path`.
    pub fn kind(&self, path: &str) -> Option<FileKind> {
        self.kinds.get(path).copied()
    }

    /// What was not rendered, sorted (also listed in `manifest.json`).
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }
}

/// The SHA-256 of `bytes` in lowercase hex: the hash `manifest.json` gives each file.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

/// The files being rendered, with collision checks, and what was skipped.
#[derive(Default)]
pub(super) struct Out {
    files: BTreeMap<String, (FileKind, String)>,
    /// Paths in ASCII lowercase, to refuse paths that differ only in case.
    folded: BTreeSet<String>,
    skipped: Vec<Skipped>,
}

impl Out {
    /// Adds a file; a newline is appended when `contents` does not end with one. A path taken
    /// already (ignoring ASCII case) is skipped.
    pub(super) fn add(&mut self, path: String, kind: FileKind, mut contents: String) {
        if !self.folded.insert(path.to_ascii_lowercase()) {
            self.skip(
                path,
                "another file has the same path (ignoring case): names must be unique",
            );
            return;
        }
        if !contents.ends_with('\n') {
            contents.push('\n');
        }
        self.files.insert(path, (kind, contents));
    }

    /// Adds a JSON file: `value` pretty-printed.
    pub(super) fn add_json<T: Serialize + ?Sized>(
        &mut self,
        path: String,
        kind: FileKind,
        value: &T,
    ) -> Result<(), Error> {
        let json = serde_json::to_string_pretty(value).map_err(|error| Error::Write {
            path: path.clone(),
            source: error.into(),
        })?;
        self.add(path, kind, json);
        Ok(())
    }

    pub(super) fn skip(&mut self, item: impl Into<String>, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            item: item.into(),
            reason: reason.into(),
        });
    }

    /// Adds `manifest.json` and returns the result.
    pub(super) fn finish(mut self, organization: &str) -> Result<Rendered, Error> {
        self.skipped.sort();
        self.skipped.dedup();
        let files = self
            .files
            .iter()
            .map(|(path, (kind, contents))| ManifestFile {
                path,
                kind: *kind,
                bytes: contents.len(),
                sha256: sha256_hex(contents.as_bytes()),
            })
            .collect();
        let manifest = Manifest {
            organization,
            hash: "sha256: SHA-256 of the file's bytes, lowercase hex (as `sha256sum` prints it)",
            files,
            skipped: &self.skipped,
        };
        let json = serde_json::to_string_pretty(&manifest).map_err(|error| Error::Write {
            path: MANIFEST.to_owned(),
            source: error.into(),
        })?;
        self.add(MANIFEST.to_owned(), FileKind::Manifest, json);
        let mut files = BTreeMap::new();
        let mut kinds = BTreeMap::new();
        for (path, (kind, contents)) in self.files {
            kinds.insert(path.clone(), kind);
            files.insert(path, contents);
        }
        Ok(Rendered {
            files,
            kinds,
            skipped: self.skipped,
        })
    }
}

const MANIFEST: &str = "manifest.json";

#[derive(Serialize)]
struct Manifest<'a> {
    organization: &'a str,
    hash: &'static str,
    files: Vec<ManifestFile<'a>>,
    skipped: &'a [Skipped],
}

#[derive(Serialize)]
struct ManifestFile<'a> {
    path: &'a str,
    kind: FileKind,
    bytes: usize,
    sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_reference_vectors() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
