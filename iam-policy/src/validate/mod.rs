//! The policy validator: Access Analyzer-style findings for a policy of a given kind.
//!
//! [`validate`] runs every pass over a [`Policy`] and collects **all** findings; it never stops at
//! the first. [`validate_text`] also reports unparsable documents as findings and fills in line
//! and column. Where a check matches an IAM Access Analyzer check, the finding reuses its issue
//! code (e.g. `PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE`); jumpgate's own checks use codes that
//! Access Analyzer does not define. Every code, with its default severity, is in the registry
//! ([`codes`]): checks report a code by its constant.
//!
//! ```
//! use iam_policy::validate::{validate_text, Options, PolicyKind, Severity};
//! let report = validate_text(
//!     r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Resource":"*"}}"#,
//!     &PolicyKind::Trust,
//!     &Options::default(),
//! );
//! let codes: Vec<&str> = report.findings.iter().map(|finding| finding.code).collect();
//! assert!(codes.contains(&"ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"));
//! assert!(report.has_errors());
//! ```

mod catalog_checks;
mod conditions;
mod principals;
mod resource_type;
mod resources;
mod retired;
mod security;
mod structure;

use std::fmt;
use std::rc::Rc;
use std::str::FromStr;

pub use resource_type::{ResourcePolicyType, UnknownResourceType};
pub use retired::{RETIRED_SERVICES, RetiredService};
pub use security::{CREDENTIALS_EXPOSURE_ACTIONS, PRIVILEGE_ESCALATION_ACTIONS};

use crate::catalog;
use crate::codes::{self, Code};
pub use crate::finding::{Finding, Severity};
use crate::model::{OneOrMany, Policy, Statement};
use crate::parse::{ParsedPolicy, parse_policy_bytes};
use crate::path::JsonPath;
use crate::size::{CompactJson, SizeRule, quotas};

/// What kind of policy a document is: the rules differ per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// An identity (permission) policy attached to a user, group or role.
    Identity,
    /// A role trust policy (`AssumeRolePolicyDocument`).
    Trust,
    /// A resource-based policy, optionally for a known resource type (e.g. `AWS::S3::Bucket`).
    Resource {
        /// The resource type, when known: then the policy's resources and actions must suit it.
        resource_type: Option<ResourcePolicyType>,
    },
    /// An AWS Organizations service control policy.
    ServiceControl,
    /// An AWS Organizations resource control policy.
    ResourceControl,
}

impl PolicyKind {
    /// Every kind, a resource policy without a resource type, in the order of
    /// [`PolicyKind::NAMES`].
    pub const ALL: [PolicyKind; 5] = [
        PolicyKind::Identity,
        PolicyKind::Trust,
        PolicyKind::Resource {
            resource_type: None,
        },
        PolicyKind::ServiceControl,
        PolicyKind::ResourceControl,
    ];

    /// The kinds' names: `identity`, `trust`, `resource`, `scp`, `rcp`.
    pub const NAMES: [&'static str; 5] = [
        Self::ALL[0].name(),
        Self::ALL[1].name(),
        Self::ALL[2].name(),
        Self::ALL[3].name(),
        Self::ALL[4].name(),
    ];

    /// The kind's name on the command line and in `policy!`: `identity`, `trust`, `resource`,
    /// `scp`, `rcp` (a resource policy's type is not part of it).
    pub const fn name(&self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Trust => "trust",
            PolicyKind::Resource { .. } => "resource",
            PolicyKind::ServiceControl => "scp",
            PolicyKind::ResourceControl => "rcp",
        }
    }

    /// What the kind is, in a few words: `identity (permission) policy`, `role trust policy`,
    /// `resource-based policy`, `service control policy`, `resource control policy`.
    pub const fn description(&self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity (permission) policy",
            PolicyKind::Trust => "role trust policy",
            PolicyKind::Resource { .. } => "resource-based policy",
            PolicyKind::ServiceControl => "service control policy",
            PolicyKind::ResourceControl => "resource control policy",
        }
    }

    /// The kind for a resource policy of the named type, as Access Analyzer names types:
    /// `AWS::IAM::AssumeRolePolicyDocument` is [`PolicyKind::Trust`], the others
    /// [`PolicyKind::Resource`] of that [`ResourcePolicyType`].
    ///
    /// ```
    /// use iam_policy::validate::{PolicyKind, ResourcePolicyType};
    /// assert_eq!(
    ///     PolicyKind::for_resource_type("AWS::S3::AccessPoint"),
    ///     Ok(PolicyKind::Resource { resource_type: Some(ResourcePolicyType::S3AccessPoint) })
    /// );
    /// assert_eq!(PolicyKind::for_resource_type("AWS::IAM::AssumeRolePolicyDocument"), Ok(PolicyKind::Trust));
    /// assert!(PolicyKind::for_resource_type("AWS::S3::Bukket").is_err());
    /// ```
    pub fn for_resource_type(name: &str) -> Result<PolicyKind, UnknownResourceType> {
        if name.eq_ignore_ascii_case(ResourcePolicyType::ROLE_TRUST) {
            return Ok(PolicyKind::Trust);
        }
        name.parse().map(|resource_type| PolicyKind::Resource {
            resource_type: Some(resource_type),
        })
    }

    /// The resource type of a resource policy, when known.
    pub fn resource_type(&self) -> Option<ResourcePolicyType> {
        match self {
            PolicyKind::Resource { resource_type } => *resource_type,
            _ => None,
        }
    }
}

impl fmt::Display for PolicyKind {
    /// The kind's [name](PolicyKind::name).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for PolicyKind {
    type Err = UnknownPolicyKind;

    /// Parses a kind's [name](PolicyKind::name) (exactly: `IDENTITY` is not one); `resource` is
    /// a resource policy of no particular type.
    ///
    /// ```
    /// use iam_policy::validate::PolicyKind;
    /// assert_eq!("scp".parse(), Ok(PolicyKind::ServiceControl));
    /// assert_eq!("resource".parse(), Ok(PolicyKind::Resource { resource_type: None }));
    /// let error = "IDENTITY".parse::<PolicyKind>().unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "unknown policy kind `IDENTITY`: expected identity, trust, resource, scp or rcp; did you mean `identity`?"
    /// );
    /// ```
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        PolicyKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
            .ok_or_else(|| UnknownPolicyKind {
                name: name.to_owned(),
                suggestion: crate::suggest::closest(name, PolicyKind::NAMES),
            })
    }
}

/// A name that is not one of [`PolicyKind::NAMES`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown policy kind `{name}`: expected {} or {}{}",
    PolicyKind::NAMES[..4].join(", "),
    PolicyKind::NAMES[4],
    suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default()
)]
pub struct UnknownPolicyKind {
    /// The name as given.
    pub name: String,
    /// The closest kind name, if one is close.
    pub suggestion: Option<&'static str>,
}

/// Which quota an identity policy counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IdentityPolicyUse {
    /// A customer managed policy: 6,144 characters.
    #[default]
    Managed,
    /// The inline policies of a user: 2,048 characters together.
    InlineUser,
    /// The inline policies of a group: 5,120 characters together.
    InlineGroup,
    /// The inline policies of a role: 10,240 characters together.
    InlineRole,
}

/// Validator settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Codes to leave out of the report.
    pub disabled_codes: Vec<String>,
    /// How an identity policy is used, which sets its size quota.
    pub identity_policy_use: IdentityPolicyUse,
    /// The account's role trust policy quota (2,048 by default; raise it to the account's
    /// `AssumeRolePolicySizeQuota`, up to 4,096).
    pub trust_policy_quota: usize,
    /// Overrides every size quota with this many characters.
    pub size_quota_override: Option<usize>,
    /// The policy is AWS managed: exempt from the customer size quota (81 exceed it).
    pub aws_managed: bool,
    /// Accounts that trust policies may name without a condition (e.g. the JUMP account); any
    /// other account principal without MFA, external id or organization condition is flagged.
    pub trusted_accounts: Vec<crate::AccountId>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            disabled_codes: Vec::new(),
            identity_policy_use: IdentityPolicyUse::Managed,
            trust_policy_quota: quotas::ROLE_TRUST_POLICY,
            size_quota_override: None,
            aws_managed: false,
            trusted_accounts: Vec::new(),
        }
    }
}

/// Every finding for one policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The findings: in position order once located ([`validate_text`], [`Report::locate`]),
    /// otherwise in document order within each pass.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether any finding is an [`Severity::Error`].
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity == Severity::Error)
    }

    /// The findings with a given code.
    pub fn with_code<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .iter()
            .filter(move |finding| finding.code == code)
    }

    /// Fills in line and column from the text the policy was parsed from, and puts the
    /// findings in position order (by line, then column; findings at one position, and any that
    /// cannot be located, keep the order the passes found them in).
    pub fn locate(&mut self, parsed: &ParsedPolicy<'_>) {
        // All at once, in one pass over the text.
        let unlocated: Vec<&JsonPath> = self
            .findings
            .iter()
            .filter(|finding| finding.position.is_none())
            .map(|finding| &finding.path)
            .collect();
        let mut positions = parsed.positions(&unlocated).into_iter();
        for finding in &mut self.findings {
            if finding.position.is_none() {
                finding.position = positions.next().flatten();
            }
        }
        self.findings
            .sort_by_key(|finding| crate::parse::position_order(finding.position));
    }
}

/// Validates a policy of the given kind and returns every finding.
pub fn validate(policy: &Policy, kind: &PolicyKind, options: &Options) -> Report {
    validate_with_source(policy, kind, options, None)
}

/// [`validate`], told the text the policy was parsed from (if any), which can spare
/// serializing the policy.
fn validate_with_source(
    policy: &Policy,
    kind: &PolicyKind,
    options: &Options,
    source: Option<&str>,
) -> Report {
    let mut checker = Checker {
        policy,
        kind,
        options,
        compact_json: std::cell::OnceCell::new(),
        plain_source: source.filter(|text| text.is_ascii() && !text.contains("\\u")),
        resolved_actions: policy
            .statement
            .iter()
            .map(resolve_literal_actions)
            .collect(),
        statements: statements_with_paths(policy),
        findings: Vec::new(),
    };
    structure::check(&mut checker);
    principals::check(&mut checker);
    resources::check(&mut checker);
    conditions::check(&mut checker);
    catalog_checks::check(&mut checker);
    security::check(&mut checker);
    checker.check_size();
    let mut findings = checker.findings;
    findings.retain(|finding| {
        !options
            .disabled_codes
            .iter()
            .any(|code| code == finding.code)
    });
    Report { findings }
}

/// Parses and validates a policy given as text. Unparsable documents become findings (codes such
/// as `JSON_SYNTAX_ERROR`, `MISSING_EFFECT`); every finding carries its line and column.
pub fn validate_text(text: &str, kind: &PolicyKind, options: &Options) -> Report {
    validate_bytes(text.as_bytes(), kind, options)
}

/// Like [`validate_text`], for bytes that may not be UTF-8 (reported as `JSON_SYNTAX_ERROR`).
pub fn validate_bytes(bytes: &[u8], kind: &PolicyKind, options: &Options) -> Report {
    match parse_policy_bytes(bytes) {
        Ok(parsed) => {
            let mut report =
                validate_with_source(&parsed.policy, kind, options, Some(parsed.text()));
            report.locate(&parsed);
            report
        }
        // A document that cannot be read is never clean: its findings cannot be disabled.
        Err(error) => Report {
            findings: error.diagnostics().to_vec(),
        },
    }
}

/// Shared state of the validator passes.
pub(crate) struct Checker<'a> {
    pub policy: &'a Policy,
    pub kind: &'a PolicyKind,
    pub options: &'a Options,
    /// The policy as jumpgate submits it (compact JSON), computed on first use for size and
    /// text checks.
    compact_json: std::cell::OnceCell<CompactJson>,
    /// The text the policy was parsed from, when it is ASCII without `\u` escapes: then every
    /// string of the policy is ASCII, and so is its compact JSON.
    plain_source: Option<&'a str>,
    /// See [`Checker::statements`].
    statements: Rc<[(JsonPath, &'a Statement)]>,
    /// See [`Checker::resolved_actions`].
    resolved_actions: Rc<[Vec<Option<catalog::Action>>]>,
    pub findings: Vec<Finding>,
}

/// The catalog action of each entry of the statement's `Action` or `NotAction` that is a
/// literal name (no wildcard) the catalog knows; `None` for the other entries.
fn resolve_literal_actions(statement: &Statement) -> Vec<Option<catalog::Action>> {
    statement
        .action
        .patterns()
        .iter()
        .map(|pattern| {
            if pattern.has_wildcard() {
                None
            } else {
                catalog::action(pattern.as_str())
            }
        })
        .collect()
}

/// The statements of `policy` with their JSON paths (`Statement` or `Statement[i]`).
fn statements_with_paths(policy: &Policy) -> Rc<[(JsonPath, &Statement)]> {
    let root = JsonPath::root().key("Statement");
    match &policy.statement {
        OneOrMany::One(statement) => Rc::from([(root, statement)]),
        OneOrMany::Many(statements) => statements
            .iter()
            .enumerate()
            .map(|(index, statement)| (root.index(index), statement))
            .collect(),
    }
}

impl<'a> Checker<'a> {
    /// Reports a finding of `code` at its default severity.
    pub(crate) fn report(
        &mut self,
        code: Code,
        path: JsonPath,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.findings.push(Finding {
            help,
            ..Finding::new(code, path, message)
        });
    }

    /// Reports a finding of `code` at another severity than its default (the check says why).
    pub(crate) fn report_as(
        &mut self,
        code: Code,
        severity: Severity,
        path: JsonPath,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.findings.push(Finding {
            severity,
            help,
            ..Finding::new(code, path, message)
        });
    }

    /// Counts of the policy as jumpgate submits it (compact JSON), which is never held as a
    /// string.
    fn compact_json(&self) -> &CompactJson {
        self.compact_json
            .get_or_init(|| CompactJson::of(self.policy))
    }

    /// The first character of the policy's compact JSON that IAM does not accept (other than
    /// tab, line feed, carriage return and U+0020 to U+00FF).
    pub(crate) fn first_unsupported_character(&self) -> Option<char> {
        self.compact_json().first_unsupported()
    }

    /// Whether the compact JSON is known to be ASCII without serializing it (see
    /// `plain_source`).
    pub(crate) fn compact_json_is_ascii(&self) -> bool {
        self.plain_source.is_some()
    }

    /// Whether the policy holds `${` (a policy variable, or text that looks like one) in any
    /// string.
    pub(crate) fn uses_variables(&self) -> bool {
        // `${` cannot come from JSON punctuation, only from a string; a plain source without
        // `${` has no string holding it.
        if self
            .plain_source
            .is_some_and(|source| !source.contains("${"))
        {
            return false;
        }
        self.compact_json().has_variable_start()
    }

    /// The statements with their JSON paths (`Statement` or `Statement[i]`), built once and
    /// shared by the passes.
    pub(crate) fn statements(&self) -> Rc<[(JsonPath, &'a Statement)]> {
        Rc::clone(&self.statements)
    }

    /// For each statement (in the order of [`Checker::statements`]), the catalog action of each
    /// `Action` or `NotAction` entry that is a literal name the catalog knows (`None` for the
    /// others): looked up once and shared by the passes.
    pub(crate) fn resolved_actions(&self) -> Rc<[Vec<Option<catalog::Action>>]> {
        Rc::clone(&self.resolved_actions)
    }

    fn check_size(&mut self) {
        let (rule, quota, code, what) = match self.kind {
            PolicyKind::Identity => {
                if self.options.aws_managed && self.options.size_quota_override.is_none() {
                    return;
                }
                let (quota, what) = match self.options.identity_policy_use {
                    IdentityPolicyUse::Managed => (quotas::MANAGED_POLICY, "managed policy"),
                    IdentityPolicyUse::InlineUser => (quotas::INLINE_USER, "user inline policies"),
                    IdentityPolicyUse::InlineGroup => {
                        (quotas::INLINE_GROUP, "group inline policies")
                    }
                    IdentityPolicyUse::InlineRole => (quotas::INLINE_ROLE, "role inline policies"),
                };
                (
                    SizeRule::IgnoreWhitespace,
                    quota,
                    codes::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
                    what,
                )
            }
            PolicyKind::Trust => (
                SizeRule::IgnoreWhitespace,
                self.options.trust_policy_quota,
                codes::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA,
                "role trust policy",
            ),
            PolicyKind::ServiceControl => (
                SizeRule::CountEverything,
                quotas::SERVICE_CONTROL_POLICY,
                codes::POLICY_SIZE_EXCEEDS_SCP_QUOTA,
                "service control policy",
            ),
            PolicyKind::ResourceControl => (
                SizeRule::CountEverything,
                quotas::RESOURCE_CONTROL_POLICY,
                codes::POLICY_SIZE_EXCEEDS_RCP_QUOTA,
                "resource control policy",
            ),
            PolicyKind::Resource { .. } => match self.options.size_quota_override {
                Some(quota) => (
                    SizeRule::IgnoreWhitespace,
                    quota,
                    codes::POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA,
                    "resource policy",
                ),
                // Resource policy quotas differ per service; without one there is nothing to check.
                None => return,
            },
        };
        let quota = self.options.size_quota_override.unwrap_or(quota);
        let size = self.compact_json().size(rule);
        if size > quota {
            let counted = match rule {
                SizeRule::IgnoreWhitespace => "characters, whitespace not counted",
                SizeRule::CountEverything => "characters, whitespace counted",
            };
            self.report(
                code,
                JsonPath::root(),
                format!("policy is {size} {counted}; the {what} quota is {quota}"),
                Some(
                    "split the policy, or shorten it with wildcards the validator accepts"
                        .to_owned(),
                ),
            );
        }
    }
}
