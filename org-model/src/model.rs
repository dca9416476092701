//! The layout: organization, OUs, accounts, JUMP users and groups, roles, access grants and the
//! layout-wide baseline settings.
//!
//! Everything (de)serializes with serde, so a layout can live in a TOML file
//! (`[organization]`, `[[account]]`, `[[group]]`, `[[user]]`, `[[role]]`, `[[grant]]`,
//! `[baseline]`, `[jump]`), and the same values are built in Rust with the builder methods on each type.
//!
//! With the feature `schema`, every type here also derives `schemars::JsonSchema`: the source of
//! the layout's JSON Schema and reference (`docs/layout.schema.json`, `docs/layout.md`, written by
//! `cargo xtask codegen`). A type added to the layout needs the same derive, and a field of a
//! type from another crate a `schemars(schema_with = ...)` that admits what it deserializes.

use std::collections::BTreeMap;

use iam_policy::{AccountId, Partition, Policy};
use serde::{Deserialize, Serialize, Serializer};

/// A whole multi-account layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// The organization and its management account.
    pub organization: Organization,
    /// Organizational units, by path (`Workloads/Production`).
    #[serde(
        default,
        rename = "organizational_unit",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub organizational_units: Vec<OrganizationalUnit>,
    /// The accounts, the management account included.
    #[serde(default, rename = "account")]
    pub accounts: Vec<Account>,
    /// IAM groups in the JUMP account.
    #[serde(default, rename = "group", skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// IAM users (people), in the JUMP account.
    #[serde(default, rename = "user", skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<User>,
    /// Roles that people switch into, deployed to the accounts their grants name.
    #[serde(default, rename = "role", skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Which group may assume which role in which accounts.
    #[serde(default, rename = "grant", skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
    /// Layout-wide baseline settings (log bucket name, GuardDuty frequency).
    #[serde(default, skip_serializing_if = "BaselineSettings::is_default")]
    pub baseline: BaselineSettings,
    /// The people's side: the account password policy and the thresholds of the credentials
    /// audit (the `[jump]` table).
    #[serde(default, skip_serializing_if = "JumpSettings::is_default")]
    pub jump: JumpSettings,
    /// The seed guardrail set and its settings (`[guardrails]`); `None`: no seed guardrails.
    /// See [`crate::guardrails`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardrails: Option<crate::organization_policy::GuardrailSettings>,
    /// The layout's own service and resource control policies (`[[organization_policy]]`).
    #[serde(
        default,
        rename = "organization_policy",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub organization_policies: Vec<crate::organization_policy::OrganizationPolicy>,
}

/// The organization: its name, management account and defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// A name for the organization (used in rendered files and diagrams).
    pub name: String,
    /// The name of the management account (ROOT): the `name` of one of the `[[account]]`s
    /// ([`Layout::accounts`]).
    pub management_account: String,
    /// The AWS partition.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(schema_with = "crate::schema::partition"))]
    pub partition: Partition,
    /// The Region in rendered client configuration and of the baseline's regional resources.
    #[serde(default = "default_region")]
    pub default_region: String,
    /// The organization's id (`o-` and 10-32 lowercase letters or digits), once it exists.
    /// With it, the log bucket's policy admits the organization's trails and recorders by
    /// `aws:SourceOrgID` instead of listing every account, so it stays small at any size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

fn default_region() -> String {
    "us-east-1".to_owned()
}

/// An organizational unit, named by its path from the root: `Workloads/Production`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganizationalUnit {
    /// The path of OU names from the root, separated by `/`.
    pub path: String,
}

impl OrganizationalUnit {
    /// The OU's name (the last path segment).
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The parent OU's path, or `None` under the root.
    pub fn parent(&self) -> Option<&str> {
        self.path.rsplit_once('/').map(|(parent, _)| parent)
    }

    /// How deep the OU is: 1 directly under the root.
    pub fn depth(&self) -> usize {
        self.path.split('/').count()
    }
}

/// What an account is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// The management account (ROOT): owns the organization, runs no workloads.
    Management,
    /// JUMP: the only account with IAM users; people switch role from here.
    Jump,
    /// LOG: receives every account's logs.
    Log,
    /// CI/CD: build pipelines, container registries, document buckets.
    Cicd,
    /// PROTO: prototypes.
    Prototype,
    /// DEV: development.
    Development,
    /// STG: integration.
    Staging,
    /// UAT: user acceptance.
    UserAcceptance,
    /// PRD: production.
    Production,
    /// Anything else.
    Other,
}

impl Purpose {
    /// Whether accounts of this purpose hold production workloads or data.
    pub fn is_production(self) -> bool {
        matches!(self, Purpose::Production)
    }

    /// A short label: `prd`, `dev`, `jump`, ...
    pub fn label(self) -> &'static str {
        match self {
            Purpose::Management => "root",
            Purpose::Jump => "jump",
            Purpose::Log => "log",
            Purpose::Cicd => "cicd",
            Purpose::Prototype => "proto",
            Purpose::Development => "dev",
            Purpose::Staging => "stg",
            Purpose::UserAcceptance => "uat",
            Purpose::Production => "prd",
            Purpose::Other => "other",
        }
    }
}

/// A baseline item every account gets unless waived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum BaselineItem {
    /// AWS Config recorder and delivery channel.
    AwsConfig,
    /// A CloudTrail trail.
    Cloudtrail,
    /// A GuardDuty detector.
    Guardduty,
    /// MFA on the root user.
    RootMfa,
}

impl BaselineItem {
    /// Every baseline item.
    pub const ALL: [BaselineItem; 4] = [
        BaselineItem::AwsConfig,
        BaselineItem::Cloudtrail,
        BaselineItem::Guardduty,
        BaselineItem::RootMfa,
    ];

    /// The name as written in a layout (`aws-config`, `cloudtrail`, `guardduty`, `root-mfa`).
    pub fn name(self) -> &'static str {
        match self {
            BaselineItem::AwsConfig => "aws-config",
            BaselineItem::Cloudtrail => "cloudtrail",
            BaselineItem::Guardduty => "guardduty",
            BaselineItem::RootMfa => "root-mfa",
        }
    }
}

/// A baseline item an account goes without, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BaselineWaiver {
    /// The item waived.
    pub item: BaselineItem,
    /// Why (required: a waiver without a reason is a finding).
    pub reason: String,
}

/// An account's security baseline: everything on, except explicit waivers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Items this account goes without.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<BaselineWaiver>,
}

impl Baseline {
    /// Whether the item applies to the account (not waived).
    pub fn has(&self, item: BaselineItem) -> bool {
        !self.waivers.iter().any(|waiver| waiver.item == item)
    }

    /// Whether any item delivers logs (Config or CloudTrail), which then need a LOG account.
    pub fn delivers_logs(&self) -> bool {
        self.has(BaselineItem::AwsConfig) || self.has(BaselineItem::Cloudtrail)
    }
}

/// How often GuardDuty publishes updated findings (`FindingPublishingFrequency`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingPublishingFrequency {
    /// Every 15 minutes.
    FifteenMinutes,
    /// Every hour.
    OneHour,
    /// Every six hours (GuardDuty's default).
    #[default]
    SixHours,
}

impl FindingPublishingFrequency {
    /// The value as the GuardDuty API names it: `FIFTEEN_MINUTES`, `ONE_HOUR`, `SIX_HOURS`.
    pub fn as_aws_str(self) -> &'static str {
        match self {
            FindingPublishingFrequency::FifteenMinutes => "FIFTEEN_MINUTES",
            FindingPublishingFrequency::OneHour => "ONE_HOUR",
            FindingPublishingFrequency::SixHours => "SIX_HOURS",
        }
    }
}

/// Layout-wide baseline settings: the `[baseline]` table of a layout file (every key optional).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BaselineSettings {
    /// The S3 bucket in the LOG account that receives Config and CloudTrail logs; by default
    /// `<organization>-logs-<LOG account id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_bucket: Option<String>,
    /// How often GuardDuty publishes findings.
    #[serde(default)]
    pub guardduty_finding_frequency: FindingPublishingFrequency,
}

impl BaselineSettings {
    /// Whether every setting has its default (then a layout file leaves `[baseline]` out).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// The `[jump]` table: how people sign in and what the credentials audit holds them to.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JumpSettings {
    /// The IAM account password policy, applied in every account of the layout.
    #[serde(default, skip_serializing_if = "PasswordPolicy::is_default")]
    pub password_policy: PasswordPolicy,
    /// The thresholds of `jumpgate audit` for the users' credentials.
    #[serde(default, skip_serializing_if = "AuditThresholds::is_default")]
    pub audit: AuditThresholds,
}

impl JumpSettings {
    /// Whether every setting has its default (then a layout file leaves `[jump]` out).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// The IAM account password policy (`UpdateAccountPasswordPolicy`), by its API parameters.
///
/// The defaults meet the CIS AWS Foundations Benchmark (at least 14 characters, the last 24
/// passwords not reused) and the older strength rules (an uppercase and a lowercase letter, a
/// number and a symbol); users may change their own password (they must at first sign-in), and
/// passwords do not expire, as NIST SP 800-63B and the current CIS benchmark advise.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PasswordPolicy {
    /// `MinimumPasswordLength`: 6 to 128 characters.
    pub minimum_password_length: u8,
    /// `RequireSymbols`: at least one of ``! @ # $ % ^ & * ( ) _ + - = [ ] { } | '``.
    pub require_symbols: bool,
    /// `RequireNumbers`: at least one digit.
    pub require_numbers: bool,
    /// `RequireUppercaseCharacters`: at least one of `A`–`Z`.
    pub require_uppercase_characters: bool,
    /// `RequireLowercaseCharacters`: at least one of `a`–`z`.
    pub require_lowercase_characters: bool,
    /// `AllowUsersToChangePassword`: users may change their own password.
    pub allow_users_to_change_password: bool,
    /// `MaxPasswordAge`: days a password is valid, 1 to 1,095; 0 for no expiry.
    pub max_password_age: u16,
    /// `PasswordReusePrevention`: how many earlier passwords cannot be reused, 1 to 24; 0 for
    /// no reuse prevention.
    pub password_reuse_prevention: u8,
    /// `HardExpiry`: an expired password can only be reset by an administrator.
    pub hard_expiry: bool,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            minimum_password_length: 14,
            require_symbols: true,
            require_numbers: true,
            require_uppercase_characters: true,
            require_lowercase_characters: true,
            allow_users_to_change_password: true,
            max_password_age: 0,
            password_reuse_prevention: 24,
            hard_expiry: false,
        }
    }
}

impl PasswordPolicy {
    /// The symbols IAM counts for `RequireSymbols`.
    pub const SYMBOLS: &'static str = "!@#$%^&*()_+-=[]{}|'";

    /// Whether every setting has its default.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// What a new password must be, in words: `at least 14 characters, with an uppercase
    /// letter, a lowercase letter, a number and a symbol; not one of the last 24 passwords`.
    pub fn describe(&self) -> String {
        let mut classes = Vec::new();
        if self.require_uppercase_characters {
            classes.push("an uppercase letter");
        }
        if self.require_lowercase_characters {
            classes.push("a lowercase letter");
        }
        if self.require_numbers {
            classes.push("a number");
        }
        if self.require_symbols {
            classes.push("a symbol");
        }
        let mut text = format!("at least {} characters", self.minimum_password_length);
        if let Some((last, rest)) = classes.split_last() {
            text.push_str(", with ");
            if !rest.is_empty() {
                text.push_str(&rest.join(", "));
                text.push_str(" and ");
            }
            text.push_str(last);
        }
        match self.password_reuse_prevention {
            0 => {}
            1 => text.push_str("; not the last password"),
            count => text.push_str(&format!("; not one of the last {count} passwords")),
        }
        if self.max_password_age > 0 {
            text.push_str(&format!(
                "; it expires after {} days",
                self.max_password_age
            ));
        }
        text
    }
}

/// The thresholds `jumpgate audit` holds the users' credentials to (`[jump.audit]`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditThresholds {
    /// An active access key older than this many days is stale (rotate it): 90 by default.
    pub access_key_max_age_days: u32,
    /// A password or active access key not used for this many days (or never, and created as
    /// long ago) is stale (disable it): 45 by default, as the CIS benchmark says.
    pub unused_credentials_days: u32,
}

impl Default for AuditThresholds {
    fn default() -> Self {
        Self {
            access_key_max_age_days: 90,
            unused_credentials_days: 45,
        }
    }
}

impl AuditThresholds {
    /// Whether every threshold has its default.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// An AWS account of the layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// A short unique name, e.g. `PRD` (used in references, profiles and URLs).
    pub name: String,
    /// The 12-digit id; absent while the account is still to be created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::schema::account_id")
    )]
    pub id: Option<AccountId>,
    /// The root user's email address (unique across AWS).
    pub email: String,
    /// The OU path the account sits in; empty for the root.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ou: String,
    /// What the account is for.
    pub purpose: Purpose,
    /// The account alias (sign-in URL), when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Tags on the account.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// The security baseline (everything on unless waived).
    #[serde(default, skip_serializing_if = "is_default_baseline")]
    pub baseline: Baseline,
}

fn is_default_baseline(baseline: &Baseline) -> bool {
    baseline.waivers.is_empty()
}

impl Account {
    /// An account with a name, purpose and root email.
    pub fn new(name: impl Into<String>, purpose: Purpose, email: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            id: None,
            email: email.into(),
            ou: String::new(),
            purpose,
            alias: None,
            tags: BTreeMap::new(),
            baseline: Baseline::default(),
        }
    }

    /// Sets the 12-digit account id.
    pub fn id(mut self, id: AccountId) -> Self {
        self.id = Some(id);
        self
    }

    /// Places the account in an OU (by path).
    pub fn in_ou(mut self, path: impl Into<String>) -> Self {
        self.ou = path.into();
        self
    }

    /// Sets the account alias.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.alias = Some(alias.into());
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// Waives a baseline item, with the reason.
    pub fn waive(mut self, item: BaselineItem, reason: impl Into<String>) -> Self {
        self.baseline.waivers.push(BaselineWaiver {
            item,
            reason: reason.into(),
        });
        self
    }
}

/// An IAM group in the JUMP account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The group name.
    pub name: String,
    /// The IAM path.
    #[serde(default = "root_path", skip_serializing_if = "is_root_path")]
    #[cfg_attr(feature = "schema", schemars(!skip_serializing_if))]
    pub path: String,
    /// Extra permissions of the group, besides the AssumeRole policy rendered from grants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<Permission>,
    /// Why the group may hold `sts:AssumeRole` on `Resource: "*"` (otherwise a finding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_assume_any_role: Option<String>,
    /// The group was made outside jumpgate and adopted (`jumpgate import`, `apply --adopt`): it
    /// keeps its own IAM path, exactly `path`, instead of living under `/jumpgate/`, and
    /// jumpgate knows it as its own by its inline policy `jumpgate-require-mfa` (IAM groups
    /// cannot be tagged).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adopted: bool,
}

fn root_path() -> String {
    "/".to_owned()
}

fn is_root_path(path: &String) -> bool {
    path == "/"
}

impl Group {
    /// A group with the root path and no extra permissions.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            path: root_path(),
            permissions: Vec::new(),
            allow_assume_any_role: None,
            adopted: false,
        }
    }

    /// Adds an extra permission.
    pub fn permission(mut self, permission: Permission) -> Self {
        self.permissions.push(permission);
        self
    }
}

/// An IAM user: a person, who signs in to JUMP and switches role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct User {
    /// The user name.
    pub name: String,
    /// The IAM path.
    #[serde(default = "root_path", skip_serializing_if = "is_root_path")]
    #[cfg_attr(feature = "schema", schemars(!skip_serializing_if))]
    pub path: String,
    /// The account the user lives in; the JUMP account when absent (users elsewhere are a
    /// finding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The JUMP groups the user belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Whether the user signs in to the console: `apply` gives the user a login profile with a
    /// generated initial password, to be changed at first sign-in (the default).
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub console: bool,
}

fn yes() -> bool {
    true
}

fn is_yes(value: &bool) -> bool {
    *value
}

impl User {
    /// A user in JUMP with the root path who signs in to the console.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            path: root_path(),
            account: None,
            groups: Vec::new(),
            console: true,
        }
    }

    /// Sets whether the user signs in to the console (a login profile).
    pub fn console(mut self, console: bool) -> Self {
        self.console = console;
        self
    }

    /// Adds the user to groups.
    pub fn groups<S: Into<String>>(mut self, groups: impl IntoIterator<Item = S>) -> Self {
        self.groups.extend(groups.into_iter().map(Into::into));
        self
    }
}

/// A role people switch into, deployed to every account a grant names for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// The role name, e.g. `admin`.
    pub name: String,
    /// The IAM path (path + name must stay within 64 characters for console switching).
    #[serde(default = "root_path", skip_serializing_if = "is_root_path")]
    #[cfg_attr(feature = "schema", schemars(!skip_serializing_if))]
    pub path: String,
    /// What the role may do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<Permission>,
    /// The longest session, in seconds (3,600 to 43,200).
    #[serde(
        default = "default_session",
        skip_serializing_if = "is_default_session"
    )]
    #[cfg_attr(feature = "schema", schemars(!skip_serializing_if, range(min = 3_600, max = 43_200)))]
    pub max_session_duration: u32,
    /// How the role trusts JUMP.
    #[serde(default, skip_serializing_if = "TrustSettings::is_default")]
    pub trust: TrustSettings,
}

fn default_session() -> u32 {
    3_600
}

fn is_default_session(seconds: &u32) -> bool {
    *seconds == default_session()
}

impl Role {
    /// A role with the root path, a one-hour session and MFA required.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            path: root_path(),
            permissions: Vec::new(),
            max_session_duration: default_session(),
            trust: TrustSettings::default(),
        }
    }

    /// Attaches an AWS managed policy by name (e.g. `ReadOnlyAccess`).
    pub fn aws_managed(mut self, name: impl Into<String>) -> Self {
        self.permissions.push(Permission::AwsManaged {
            aws_managed: name.into(),
        });
        self
    }

    /// Adds a permission.
    pub fn permission(mut self, permission: Permission) -> Self {
        self.permissions.push(permission);
        self
    }

    /// Sets the longest session, in seconds.
    pub fn max_session(mut self, seconds: u32) -> Self {
        self.max_session_duration = seconds;
        self
    }

    /// Requires MFA used within `seconds`.
    pub fn max_mfa_age(mut self, seconds: u64) -> Self {
        self.trust.max_mfa_age = Some(seconds);
        self
    }
}

/// How a role trusts the JUMP account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TrustSettings {
    /// Why this role does not require MFA; MFA is required when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_waiver: Option<String>,
    /// MFA must have been used at most this many seconds ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_mfa_age: Option<u64>,
}

impl TrustSettings {
    fn is_default(&self) -> bool {
        *self == TrustSettings::default()
    }

    /// Whether the trust requires MFA.
    pub fn requires_mfa(&self) -> bool {
        self.mfa_waiver.is_none()
    }
}

/// A permission of a role or group.
///
/// Read from a table with exactly one of `aws_managed`, `customer` or `inline`, plus `policy`
/// (a table, or JSON text) for the latter two; the key that picks the kind also picks what an
/// error names, so a misspelt or misplaced key is reported at that key. Written back the same
/// way, with `policy` as JSON text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(deny_unknown_fields)
)]
#[serde(untagged)]
pub enum Permission {
    /// An AWS managed policy by name: `{ aws_managed = "ReadOnlyAccess" }`.
    AwsManaged {
        /// The policy name.
        aws_managed: String,
    },
    /// A customer managed policy: `{ customer = "name", policy = ... }`, optionally with
    /// `path = "/ops/"`.
    Customer {
        /// The policy name.
        customer: String,
        /// The policy's IAM path when it is not jumpgate's own `/jumpgate/`: a policy made
        /// outside jumpgate and adopted keeps its path (IAM cannot move a policy).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<String>,
        /// The document (a TOML table, or JSON text).
        #[serde(serialize_with = "serialize_policy")]
        #[cfg_attr(feature = "schema", schemars(schema_with = "crate::schema::policy"))]
        policy: Policy,
    },
    /// An inline policy: `{ inline = "name", policy = ... }`.
    Inline {
        /// The policy name.
        inline: String,
        /// The document (a TOML table, or JSON text).
        #[serde(serialize_with = "serialize_policy")]
        #[cfg_attr(feature = "schema", schemars(schema_with = "crate::schema::policy"))]
        policy: Policy,
    },
}

impl Permission {
    /// The policy name.
    pub fn name(&self) -> &str {
        match self {
            Permission::AwsManaged { aws_managed } => aws_managed,
            Permission::Customer { customer, .. } => customer,
            Permission::Inline { inline, .. } => inline,
        }
    }

    /// The document, for customer and inline policies.
    pub fn policy(&self) -> Option<&Policy> {
        match self {
            Permission::AwsManaged { .. } => None,
            Permission::Customer { policy, .. } | Permission::Inline { policy, .. } => Some(policy),
        }
    }
}

pub(crate) fn serialize_policy<S: Serializer>(
    policy: &Policy,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    // As JSON text: TOML cannot hold every JSON document (no null, no mixed-type arrays in
    // older readers), and the text is what AWS receives.
    let text = serde_json::to_string_pretty(policy).map_err(serde::ser::Error::custom)?;
    serializer.serialize_str(&text)
}

/// "Group G may assume role R in accounts A, B": the unit of access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// The JUMP group.
    pub group: String,
    /// The role: the `name` of one of the `[[role]]`s ([`Layout::roles`]).
    pub role: String,
    /// The accounts, by name, the role is deployed to and may be assumed in.
    pub accounts: Vec<String>,
    /// The session length rendered for profiles (at most the role's maximum); one hour when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_duration: Option<u32>,
}

impl Grant {
    /// Group `group` may assume role `role` in no account yet.
    pub fn new(group: impl Into<String>, role: impl Into<String>) -> Self {
        Self {
            group: group.into(),
            role: role.into(),
            accounts: Vec::new(),
            session_duration: None,
        }
    }

    /// In these accounts (by name).
    pub fn accounts<S: Into<String>>(mut self, accounts: impl IntoIterator<Item = S>) -> Self {
        self.accounts.extend(accounts.into_iter().map(Into::into));
        self
    }

    /// With sessions of this many seconds.
    pub fn session(mut self, seconds: u32) -> Self {
        self.session_duration = Some(seconds);
        self
    }
}

impl Layout {
    /// An empty layout for an organization and its management account's name.
    pub fn new(name: impl Into<String>, management_account: impl Into<String>) -> Self {
        Self {
            organization: Organization {
                name: name.into(),
                management_account: management_account.into(),
                partition: Partition::Aws,
                default_region: default_region(),
                id: None,
            },
            organizational_units: Vec::new(),
            accounts: Vec::new(),
            groups: Vec::new(),
            users: Vec::new(),
            roles: Vec::new(),
            grants: Vec::new(),
            baseline: BaselineSettings::default(),
            jump: JumpSettings::default(),
            guardrails: None,
            organization_policies: Vec::new(),
        }
    }

    /// Records the organization's id (`o-...`), once it exists.
    pub fn organization_id(mut self, id: impl Into<String>) -> Self {
        self.organization.id = Some(id.into());
        self
    }

    /// Names the S3 bucket in the LOG account that receives Config and CloudTrail logs.
    pub fn log_bucket(mut self, name: impl Into<String>) -> Self {
        self.baseline.log_bucket = Some(name.into());
        self
    }

    /// Sets the Region of rendered client configuration.
    pub fn default_region(mut self, region: impl Into<String>) -> Self {
        self.organization.default_region = region.into();
        self
    }

    /// Adds an OU by path (`Workloads/Production`).
    pub fn ou(mut self, path: impl Into<String>) -> Self {
        self.organizational_units
            .push(OrganizationalUnit { path: path.into() });
        self
    }

    /// Adds an account.
    pub fn account(mut self, account: Account) -> Self {
        self.accounts.push(account);
        self
    }

    /// Adds a JUMP group.
    pub fn group(mut self, group: Group) -> Self {
        self.groups.push(group);
        self
    }

    /// Adds a user.
    pub fn user(mut self, user: User) -> Self {
        self.users.push(user);
        self
    }

    /// Adds a role.
    pub fn role(mut self, role: Role) -> Self {
        self.roles.push(role);
        self
    }

    /// Adds a grant.
    pub fn grant(mut self, grant: Grant) -> Self {
        self.grants.push(grant);
        self
    }

    /// The account named `name`.
    pub fn account_named(&self, name: &str) -> Option<&Account> {
        self.accounts.iter().find(|account| account.name == name)
    }

    /// The JUMP account, when there is exactly one.
    pub fn jump_account(&self) -> Option<&Account> {
        let mut jumps = self
            .accounts
            .iter()
            .filter(|account| account.purpose == Purpose::Jump);
        let first = jumps.next()?;
        jumps.next().is_none().then_some(first)
    }

    /// The LOG account, when there is exactly one.
    pub fn log_account(&self) -> Option<&Account> {
        let mut logs = self
            .accounts
            .iter()
            .filter(|account| account.purpose == Purpose::Log);
        let first = logs.next()?;
        logs.next().is_none().then_some(first)
    }

    /// The role named `name`.
    pub fn role_named(&self, name: &str) -> Option<&Role> {
        self.roles.iter().find(|role| role.name == name)
    }

    /// The accounts each role is deployed to (from the grants), by role name, in layout order.
    ///
    /// Linear in the layout (plus sorting each role's accounts): names are looked up in hash
    /// maps built once, and an account a grant lists twice, or several grants list, counts once.
    pub fn role_deployments(&self) -> Vec<(&Role, Vec<&Account>)> {
        use std::collections::HashMap;
        // The first account of each name (later duplicates are a checks finding).
        let mut positions: HashMap<&str, usize> = HashMap::with_capacity(self.accounts.len());
        for (position, account) in self.accounts.iter().enumerate() {
            positions.entry(account.name.as_str()).or_insert(position);
        }
        let mut deployed: HashMap<&str, Vec<usize>> = HashMap::new();
        for grant in &self.grants {
            let accounts = deployed.entry(grant.role.as_str()).or_default();
            accounts.extend(
                grant
                    .accounts
                    .iter()
                    .filter_map(|name| positions.get(name.as_str()).copied()),
            );
        }
        for accounts in deployed.values_mut() {
            accounts.sort_unstable();
            accounts.dedup();
        }
        self.roles
            .iter()
            .map(|role| {
                let accounts = deployed
                    .get(role.name.as_str())
                    .map(|positions| {
                        positions
                            .iter()
                            .map(|&position| &self.accounts[position])
                            .collect()
                    })
                    .unwrap_or_default();
                (role, accounts)
            })
            .collect()
    }
}
