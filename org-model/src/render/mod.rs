//! Rendering a [`Layout`] into files, purely and deterministically: [`render`] builds every file
//! in memory (paths with `/`, in a sorted map); writing them is left to the caller (the
//! `jumpgate` crate's `output_dir` module replaces a directory with them).
//!
//! | Path | Kind |
//! |---|---|
//! | `accounts/<ACCOUNT>/roles/<role>/trust-policy.json` | `trust-policy` |
//! | `accounts/<ACCOUNT>/roles/<role>/policies/<name>.json` | `permission-policy` |
//! | `accounts/<ACCOUNT>/roles/<role>/role.json` | `role` |
//! | `jump/groups/<group>/assume-roles.json`, `…/policies/<name>.json`, `jump/policies/require-mfa.json` | `group-policy` |
//! | `jump/groups/<group>/group.json` | `group` |
//! | `jump/users.json` | `users` |
//! | `accounts/<ACCOUNT>/baseline.json` | `baseline` |
//! | `accounts/<LOG>/log-bucket/bucket.json` | `log-bucket` |
//! | `accounts/<LOG>/log-bucket/bucket-policy.json` | `bucket-policy` |
//! | `switch-roles.md` | `switch-roles` |
//! | `aws-config/<user>.config` | `aws-config` |
//! | `aws-extend-switch-roles/<user>.ini` | `extension-config` |
//! | `diagram.mmd`, `diagram.dot` | `diagram` |
//! | `manifest.json` | `manifest` |
//!
//! Policies are the lossless model pretty-printed by `serde_json`; every file ends with a
//! newline. Whatever cannot be rendered is listed in `manifest.json` under `skipped`, with the
//! reason: accounts without an id, everything on the JUMP side while the JUMP account has no id,
//! names that are not IAM names (`[A-Za-z0-9+=,.@_-]`, used as path segments and in profile
//! names), users outside JUMP, grants naming what the layout does not define, and paths or
//! profile names that would collide (also ignoring ASCII case, for case-insensitive file
//! systems).
//!
//! The manifest gives each file's length in bytes and its SHA-256 in lowercase hex
//! ([`sha256_hex`]), as `sha256sum` prints it.
//!
//! ```
//! let rendered = org_model::render::render(&org_model::seed::landing_zone())?;
//! assert!(rendered.files().contains_key("accounts/PRD/roles/admin/trust-policy.json"));
//! assert!(rendered.files()["switch-roles.md"].contains("roleName=admin&account=100000000008"));
//! # Ok::<(), org_model::Error>(())
//! ```

mod baseline;
mod client;
mod diagram;
mod iam;
mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use iam_policy::{AccountId, Partition};
use serde::Serialize;

use crate::policies::LayoutPolicies;
use crate::{Account, Error, Grant, Layout, Purpose, Role, User};

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
    /// A user's `~/.aws/config` block.
    AwsConfig,
    /// A user's aws-extend-switch-roles configuration.
    ExtensionConfig,
    /// A Mermaid or Graphviz diagram.
    Diagram,
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
            FileKind::AwsConfig => "aws-config",
            FileKind::ExtensionConfig => "extension-config",
            FileKind::Diagram => "diagram",
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

/// Renders every file of `layout` (see the [module docs](self) for the list).
pub fn render(layout: &Layout) -> Result<Rendered, Error> {
    let cx = Context::new(layout);
    let mut out = Out::default();
    cx.note_skipped(&mut out);
    iam::accounts(&cx, &mut out)?;
    baseline::baseline(&cx, &mut out)?;
    if cx.jump.is_some() {
        iam::jump(&cx, &mut out)?;
        client::switch_roles(&cx, &mut out);
        client::aws_configs(&cx, &mut out);
        client::extension_configs(&cx, &mut out);
    }
    diagram::mermaid(&cx, &mut out);
    diagram::graphviz(&cx, &mut out);
    out.finish(&layout.organization.name)
}

/// The JUMP account, with its id.
#[derive(Clone, Copy)]
struct Jump<'a> {
    account: &'a Account,
    id: AccountId,
}

/// The layout with what every renderer needs worked out once.
struct Context<'a> {
    layout: &'a Layout,
    partition: Partition,
    /// The JUMP account, when there is exactly one and it has an id.
    jump: Option<Jump<'a>>,
    /// The default Region, when it is a Region name.
    region: Option<&'a str>,
    /// JUMP users with usable names, sorted by name, each name once.
    users: Vec<&'a User>,
    /// Lookups built once, so that rendering grows with the layout, not its square.
    accounts_by_name: HashMap<&'a str, &'a Account>,
    roles_by_name: HashMap<&'a str, &'a Role>,
    group_names: HashSet<&'a str>,
    grants_by_group: HashMap<&'a str, Vec<&'a Grant>>,
    /// The trust and AssumeRole policies.
    policies: LayoutPolicies<'a>,
}

impl<'a> Context<'a> {
    fn new(layout: &'a Layout) -> Self {
        let jump = layout
            .jump_account()
            .and_then(|account| account.id.map(|id| Jump { account, id }));
        let region =
            Some(layout.organization.default_region.as_str()).filter(|r| text::is_region(r));
        let jump_account = layout.jump_account();
        let mut users: Vec<&User> = layout
            .users
            .iter()
            .filter(|user| text::is_name(&user.name) && in_jump(jump_account, user))
            .collect();
        users.sort_by(|a, b| a.name.cmp(&b.name));
        users.dedup_by(|a, b| a.name == b.name);
        let mut accounts_by_name = HashMap::with_capacity(layout.accounts.len());
        for account in &layout.accounts {
            accounts_by_name
                .entry(account.name.as_str())
                .or_insert(account);
        }
        let mut roles_by_name = HashMap::with_capacity(layout.roles.len());
        for role in &layout.roles {
            roles_by_name.entry(role.name.as_str()).or_insert(role);
        }
        let group_names: HashSet<&str> = layout
            .groups
            .iter()
            .map(|group| group.name.as_str())
            .collect();
        let mut grants_by_group: HashMap<&str, Vec<&Grant>> = HashMap::new();
        for grant in &layout.grants {
            if group_names.contains(grant.group.as_str()) {
                grants_by_group
                    .entry(grant.group.as_str())
                    .or_default()
                    .push(grant);
            }
        }
        Self {
            layout,
            partition: layout.organization.partition,
            jump,
            region,
            users,
            accounts_by_name,
            roles_by_name,
            group_names,
            grants_by_group,
            policies: LayoutPolicies::new(layout),
        }
    }

    /// Records everything the layout names that no renderer will produce.
    fn note_skipped(&self, out: &mut Out) {
        let layout = self.layout;
        let jumps = layout
            .accounts
            .iter()
            .filter(|account| account.purpose == Purpose::Jump)
            .count();
        let jump_side = "trust policies, jump/, switch-roles.md, aws-config/ and \
                         aws-extend-switch-roles/ are not rendered";
        match (jumps, self.jump) {
            (0, _) => out.skip("JUMP account", format!("the layout has none: {jump_side}")),
            (1, None) => out.skip("JUMP account", format!("it has no id yet: {jump_side}")),
            (1, Some(_)) => {}
            _ => out.skip(
                "JUMP account",
                format!("the layout has {jumps} accounts of purpose jump: {jump_side}"),
            ),
        }
        if self.region.is_none() {
            out.skip(
                format!(
                    "region {}",
                    text::one_line(&layout.organization.default_region)
                ),
                "not a Region name: profiles are rendered without `region`",
            );
        }
        for account in &layout.accounts {
            if !text::is_name(&account.name) {
                out.skip(
                    format!("account {}", text::one_line(&account.name)),
                    NOT_A_NAME,
                );
            } else if account.id.is_none() {
                out.skip(
                    format!("account {}", account.name),
                    "no account id yet: its roles and profiles are not rendered",
                );
            }
            if let Some(alias) = &account.alias
                && !text::is_alias(alias)
            {
                out.skip(
                    format!(
                        "alias {} of account {}",
                        text::one_line(alias),
                        account.name
                    ),
                    "not a valid account alias: the account id is used instead",
                );
            }
        }
        for role in &layout.roles {
            if !text::is_name(&role.name) {
                out.skip(format!("role {}", text::one_line(&role.name)), NOT_A_NAME);
            }
        }
        for group in &layout.groups {
            if !text::is_name(&group.name) {
                out.skip(format!("group {}", text::one_line(&group.name)), NOT_A_NAME);
            }
        }
        let jump_account = layout.jump_account();
        let mut seen_users = BTreeSet::new();
        for user in &layout.users {
            let item = format!("user {}", text::one_line(&user.name));
            if !text::is_name(&user.name) {
                out.skip(item, NOT_A_NAME);
            } else if !in_jump(jump_account, user) {
                out.skip(
                    item,
                    "not in the JUMP account: people are IAM users only in JUMP",
                );
            } else if !seen_users.insert(user.name.as_str()) {
                out.skip(item, "defined more than once: rendered once");
            } else {
                for group in &user.groups {
                    if !self.group_names.contains(group.as_str()) {
                        out.skip(
                            format!(
                                "membership of user {} in group {}",
                                user.name,
                                text::one_line(group)
                            ),
                            "the group is not defined",
                        );
                    }
                }
            }
        }
        for grant in &layout.grants {
            let item = |what: &str| {
                format!(
                    "grant of role {} to group {}: {what}",
                    text::one_line(&grant.role),
                    text::one_line(&grant.group)
                )
            };
            if !self.group_names.contains(grant.group.as_str()) {
                out.skip(item("the whole grant"), "the group is not defined");
            }
            if !self.roles_by_name.contains_key(grant.role.as_str()) {
                out.skip(item("the whole grant"), "the role is not defined");
            }
            for account in &grant.accounts {
                if !self.accounts_by_name.contains_key(account.as_str()) {
                    out.skip(
                        item(&format!("account {}", text::one_line(account))),
                        "the account is not defined",
                    );
                }
            }
        }
    }

    /// The (account, role) pairs `user` may switch into, sorted by account name then role name.
    fn reachable(&self, user: &User) -> Vec<Reach<'a>> {
        let mut found: BTreeMap<(&str, &str), Reach<'a>> = BTreeMap::new();
        let mut groups: Vec<&str> = user.groups.iter().map(String::as_str).collect();
        groups.sort_unstable();
        groups.dedup();
        let grants = groups
            .into_iter()
            .filter_map(|group| self.grants_by_group.get(group))
            .flatten();
        for grant in grants {
            let Some(role) = self.roles_by_name.get(grant.role.as_str()).copied() else {
                continue;
            };
            if !text::is_name(&role.name) {
                continue;
            }
            let duration = grant
                .session_duration
                .unwrap_or(DEFAULT_SESSION)
                .min(role.max_session_duration);
            for name in &grant.accounts {
                let Some(account) = self.accounts_by_name.get(name.as_str()).copied() else {
                    continue;
                };
                let Some(id) = account.id.filter(|_| text::is_name(&account.name)) else {
                    continue;
                };
                found
                    .entry((account.name.as_str(), role.name.as_str()))
                    .and_modify(|reach| reach.duration = reach.duration.max(duration))
                    .or_insert(Reach {
                        account,
                        id,
                        role,
                        duration,
                    });
            }
        }
        found.into_values().collect()
    }

    /// The ARN of an IAM entity (`role`, `user`, `group`) with an IAM path in account `id`.
    fn iam_arn(&self, id: AccountId, entity: &str, path: &str, name: &str) -> String {
        crate::managed::iam_arn(self.partition, id.as_str(), entity, path, name)
    }

    /// The ARN of `user`'s virtual MFA device in JUMP (named after the user, as the MFA policy
    /// expects).
    fn mfa_serial(&self, jump: Jump<'_>, user: &User) -> String {
        format!(
            "arn:{}:iam::{}:mfa/{}",
            self.partition.as_str(),
            jump.id,
            user.name
        )
    }
}

const NOT_A_NAME: &str =
    "not usable in file and profile names (IAM name characters A-Z a-z 0-9 + = , . @ _ - only)";

/// The session length when a grant sets none.
const DEFAULT_SESSION: u32 = 3_600;

/// Whether `user` lives in `jump` (the layout's one JUMP account, if any).
fn in_jump(jump: Option<&Account>, user: &User) -> bool {
    match (&user.account, jump) {
        (None, _) => true,
        (Some(account), Some(jump)) => *account == jump.name,
        (Some(_), None) => false,
    }
}

/// A role in an account that a user may switch into.
#[derive(Clone, Copy)]
struct Reach<'a> {
    account: &'a Account,
    id: AccountId,
    role: &'a Role,
    /// The session length for profiles: the longest granted, at most the role's maximum.
    duration: u32,
}

impl Reach<'_> {
    /// `path/name` of the role, without a leading slash.
    fn role_path_name(&self) -> String {
        let path = self.role.path.trim_matches('/');
        if path.is_empty() {
            self.role.name.clone()
        } else {
            format!("{path}/{}", self.role.name)
        }
    }
}

/// The files being rendered, with collision checks, and what was skipped.
#[derive(Default)]
struct Out {
    files: BTreeMap<String, (FileKind, String)>,
    /// Paths in ASCII lowercase, to refuse paths that differ only in case.
    folded: BTreeSet<String>,
    skipped: Vec<Skipped>,
}

impl Out {
    /// Adds a file; a newline is appended when `contents` does not end with one. A path taken
    /// already (ignoring ASCII case) is skipped.
    fn add(&mut self, path: String, kind: FileKind, mut contents: String) {
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
    fn add_json<T: Serialize + ?Sized>(
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

    fn skip(&mut self, item: impl Into<String>, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            item: item.into(),
            reason: reason.into(),
        });
    }

    /// Adds `manifest.json` and returns the result.
    fn finish(mut self, organization: &str) -> Result<Rendered, Error> {
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
