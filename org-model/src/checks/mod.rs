//! The layout's invariants: [`check`] collects **every** finding at once (it never stops at the
//! first), each with a stable code, a severity, a location such as `account[PRD]`,
//! `role[admin]`, `grant[developers→admin]` or `user[alice]`, a one-line message and a hint.
//! Embedding tools add house rules with [`check_with`] and the [`Check`] trait.
//!
//! ```
//! let report = org_model::checks::check(&org_model::seed::landing_zone());
//! // The seed's one finding: its management account is outside its guardrails (SCPs).
//! assert_eq!(report.findings.len(), 1);
//! assert_eq!(report.findings[0].code, "ORG081");
//! ```
//!
//! Severities are the validator's ([`Severity`]): `ERROR` for what AWS would reject or what
//! breaks the model, `SECURITY_WARNING` for risky waivers, `WARNING` for what works but is
//! likely a mistake, `SUGGESTION` for information. [`RULES`] lists the same table in code.
//!
//! | Code | Severity | Rule |
//! |---|---|---|
//! | ORG001 | ERROR | `organization.management_account` names an account of the layout |
//! | ORG002 | ERROR | exactly one account has purpose `management`: the one the organization names |
//! | ORG003 | ERROR | the management account runs no workloads (no grant names it) and holds no IAM users (users reaching production: ORG051) |
//! | ORG004 | ERROR | exactly one account has purpose `jump` |
//! | ORG005 | ERROR | IAM users live only in the JUMP account (users reaching production: ORG051) |
//! | ORG006 | ERROR | one account has purpose `log` when any baseline delivers logs; never two |
//! | ORG007 | ERROR | every baseline waiver has a reason |
//! | ORG008 | SECURITY_WARNING | `root-mfa` is waived (even with a reason) |
//! | ORG009 | ERROR | account ids are unique |
//! | ORG010 | ERROR | account names are unique |
//! | ORG011 | ERROR | account names are 1–50 characters of `A-Za-z0-9_-` |
//! | ORG012 | ERROR | root emails are unique, ignoring case |
//! | ORG013 | ERROR | root emails are well-formed: 6–64 characters, one `@`, a local part, a dotted domain, no spaces |
//! | ORG014 | ERROR | account aliases are unique |
//! | ORG015 | ERROR | aliases are 3–63 characters of `a-z0-9-`, no leading, trailing or double `-`, not 12 digits |
//! | ORG016 | ERROR | account tags: at most 50; keys 1–128 characters, not starting with `aws:`; values ≤ 256 |
//! | ORG017 | SUGGESTION | an account has no id yet: rendered artifacts leave it out |
//! | ORG018 | ERROR | each OU's parent OU exists |
//! | ORG019 | ERROR | OU paths are unique (so sibling names are) |
//! | ORG020 | ERROR | OUs are at most 5 levels deep |
//! | ORG021 | ERROR | OU names are 1–128 characters of `A-Za-z0-9 _.-` |
//! | ORG022 | ERROR | each account's `ou` exists (empty is the root) |
//! | ORG023 | ERROR | no dangling reference: grants name a group, role and accounts that exist; users name groups and an account that exist |
//! | ORG024 | ERROR | a grant names at least one account |
//! | ORG025 | WARNING | no group may assume a role in an account through more than one grant |
//! | ORG026 | ERROR | a group's permissions allow `sts:AssumeRole` on `"*"` only with an `allow_assume_any_role` reason |
//! | ORG027 | ERROR | a role's `trust.mfa_waiver` has a reason (roles deployed to production: ORG050) |
//! | ORG028 | SECURITY_WARNING | a role that waives MFA, with a reason, is deployed to a production account |
//! | ORG029 | ERROR | role and user names are 1–64, group names 1–128 characters of `A-Za-z0-9_+=,.@-` |
//! | ORG030 | ERROR | role, group and user names are unique (IAM ignores case) |
//! | ORG031 | ERROR | IAM paths (of roles, groups, users and customer policies) are `/` or `/…/`, 1–512 printable ASCII characters |
//! | ORG032 | ERROR | a role's path (without the leading `/`) and name are ≤ 64 characters, for console Switch Role |
//! | ORG033 | ERROR | customer and inline policy names are 1–128 characters of `A-Za-z0-9_+=,.@-` |
//! | ORG034 | ERROR | a role or group attaches each policy once; customer policies of one name have one document and one path |
//! | ORG035 | ERROR | hard quotas: ≤ 10 managed policies per group, ≤ 25 per role, ≤ 10 groups per user |
//! | ORG036 | WARNING | a role has more than 10 managed policies (the default quota; raise it, up to 25) |
//! | ORG037 | ERROR | a role's `max_session_duration` is 3,600–43,200 seconds |
//! | ORG038 | ERROR | a grant's `session_duration` is 900–43,200 seconds |
//! | ORG039 | ERROR | a grant's `session_duration` is at most its role's `max_session_duration` |
//! | ORG040 | ERROR | every rendered and declared policy passes the iam-policy validator with no `ERROR` finding |
//! | ORG041 | ERROR | every policy fits its size quota |
//! | ORG042 | ERROR | the log bucket's name is a valid S3 bucket name |
//! | ORG043 | ERROR | the organization's id, when given, is `o-` and 10-32 lowercase letters or digits |
//! | ORG044 | ERROR | `organization.default_region` is a Region name of the layout's partition |
//! | ORG045 | WARNING | `organization.default_region` is a Region jumpgate knows (new Regions open from time to time) |
//! | ORG046 | ERROR | AWS managed policies are named `NAME` or `PATH/NAME`: IAM name characters `[A-Za-z0-9+=,.@_-]`, no `.` or `..` segment |
//! | ORG047 | ERROR | account tag keys and values hold only letters, digits, spaces and `_ . : / = + - @` |
//! | ORG048 | ERROR | the organization's name is 1–128 characters without control or bidirectional formatting characters |
//! | ORG049 | ERROR | reasons (baseline waivers, `trust.mfa_waiver`, `allow_assume_any_role`) are at most 1,024 characters without control or bidirectional formatting characters |
//! | ORG050 | ERROR | a role that waives MFA is deployed to a production account only with a reason in `trust.mfa_waiver` |
//! | ORG051 | ERROR | no user outside the JUMP account is in a group granted a role in a production account |
//! | ORG052 | WARNING | a list names each entry once: a user's `groups`, a grant's `accounts`, an account's baseline `waivers` |
//! | ORG060 | ERROR | in partition `aws`, every AWS managed policy a role or group attaches exists at that `PATH/NAME` ([`iam_policy::managed`]), with "did you mean" |
//! | ORG070 | ERROR | organization policy names are 1–128 characters of `A-Za-z0-9+=,.@_-`, unique ignoring case, neither an AWS managed policy's nor a seed guardrail's in force |
//! | ORG071 | ERROR | organization policy descriptions are at most 512 characters of plain text |
//! | ORG072 | ERROR | an organization policy is attached somewhere, to OUs and accounts of the layout |
//! | ORG073 | WARNING | an organization policy is attached to the management account, where SCPs and RCPs do not apply |
//! | ORG074 | ERROR | every SCP and RCP in force (the seed set's included) passes the validator for its kind with no `ERROR` |
//! | ORG075 | ERROR | every SCP fits 10,240 and every RCP 5,120 characters, whitespace counted, as apply sends it |
//! | ORG076 | ERROR | at most 10 SCPs (`FullAWSAccess` counted) and 5 RCPs (`RCPFullAWSAccess` counted) attached directly to the root, an OU or an account |
//! | ORG077 | ERROR | only an SCP that allows something replaces `FullAWSAccess` on its targets; an RCP never replaces `RCPFullAWSAccess` |
//! | ORG078 | ERROR | `[guardrails] leave_out` names seed guardrails, each once, with a reason of plain text |
//! | ORG079 | ERROR | `[guardrails] allowed_regions` are Regions of the partition, the default Region among them |
//! | ORG080 | ERROR | `[guardrails] deployment_roles` names at least one role, each `NAME` or `PATH/NAME` |
//! | ORG081 | SUGGESTION | the management account is outside SCPs: nothing there is guarded by them (once, when there are guardrails) |
//! | ORG082 | ERROR | proof: the guardrails never block the layout (the deployment role's calls in every member account, log delivery, root MFA enrollment) |
//! | ORG083 | ERROR | proof: every grant's `sts:AssumeRole` works under the SCPs of JUMP and the RCPs of the role's account |
//! | ORG084 | ERROR | proof: every guarded action is denied by a guardrail, for every role deployed to a member account and its root user |
//! | ORG090 | ERROR | `[jump.password_policy]` is within IAM's limits: minimum length 6–128, `max_password_age` 0 or 1–1,095 days, `password_reuse_prevention` 0–24 |
//! | ORG091 | WARNING | the password policy is at least as strict as the CIS AWS Foundations Benchmark: 14 characters or more, 24 passwords not reused |
//! | ORG092 | ERROR | a JUMP user's name is a role session name (2–64 characters of `A-Za-z0-9+=,.@_-`): every role trusting JUMP requires the session name to be the user's name |
//! | ORG093 | ERROR | `[jump.audit]` thresholds are 1–3,650 days |
//!
//! Notes on the rules:
//!
//! * **Policies (ORG040, ORG041).** Validated: each role's trust policy
//!   ([`policies::trust_policy`](crate::policies::trust_policy), with the JUMP account as trusted
//!   account), each group's AssumeRole policy
//!   ([`policies::group_assume_role_policy`](crate::policies::group_assume_role_policy)), the MFA
//!   policy ([`policies::require_mfa_policy`](crate::policies::require_mfa_policy)), the log
//!   bucket's policy ([`baseline::log_bucket_policy`](crate::baseline::log_bucket_policy), as a
//!   resource policy of `AWS::S3::Bucket`, at `baseline.log-bucket-policy`) and every customer and
//!   inline policy of roles and groups. A validator `ERROR` becomes an ORG040 finding whose message
//!   starts with the validator's code and JSON path; the policy is named by the location
//!   (`role[admin].trust`, `role[admin].policy[name]`, `group[developers].assume-role`,
//!   `policy[require-mfa]`). Quotas: trust 2,048 (the default; accounts may have raised it);
//!   customer managed and the MFA policy 6,144 each; inline policies of one role 10,240 and of one
//!   group 5,120 **together**, the group's rendered AssumeRole policy counted as inline; the bucket
//!   policy 20,480 bytes.
//! * **AWS managed policies (ORG060).** A reference must name a policy compiled into
//!   [`iam_policy::managed`] at its own path (`job-function/ViewOnlyAccess`, not
//!   `ViewOnlyAccess`): the ARN apply attaches. Only layouts of partition `aws` are checked (the
//!   data is that partition's); a policy AWS published after [`iam_policy::managed::DATA_UPDATED`]
//!   is refused until the data is regenerated.
//! * **Not checked offline:** what AWS managed policies allow (a group holding e.g.
//!   `AdministratorAccess` also holds `sts:AssumeRole` on `*`; ORG026 sees only customer and
//!   inline documents, with `Resource: "*"` or `NotResource`).
//! * **By construction:** one organization section per layout (so one organization per
//!   management account); 12-digit account ids ([`iam_policy::AccountId`]); trust policies
//!   that name only the JUMP account
//!   ([`policies::trust_policy`](crate::policies::trust_policy) renders nothing else).
//! * **Sessions:** the console and CLI switch from JUMP with the user's own credentials, so no
//!   one-hour role-chaining cap applies to JUMP → role; a grant's session is bounded by the
//!   role's maximum only.
//! * **The production rule** ("only JUMP users reach a role in a production account, and only
//!   with MFA") is decided once, by [`reachability::production_rule`](crate::reachability::production_rule):
//!   its breaches are ORG028, ORG050 and ORG051, and the report includes them, so `check`,
//!   `render`, `access` and the `landing_zone` example give one answer. A role that waives MFA
//!   in production breaks the rule; a reason in `trust.mfa_waiver` makes that an explicit
//!   waiver, reported as the `SECURITY_WARNING` ORG028 by every command, which then proceed;
//!   without a reason it is the `ERROR` ORG050 and every command refuses. A user outside JUMP
//!   reaching production (ORG051) cannot be waived.
//! * **Duplicates.** Top-level lists are keyed by name (ORG009, ORG010, ORG012, ORG014, ORG019,
//!   ORG025, ORG030); permissions by policy name (ORG034); a repeated entry of a nested list is
//!   ORG052. Each repeated entry is reported once, with how often it occurs, so a list that
//!   repeats one entry thousands of times yields one finding.
//! * **Accounts still to be created** (no id) are valid: ORG017 is informational, and
//!   [`CheckReport::has_errors`] ignores it.
//! * **Guardrails (ORG070–ORG084)** are the rules of [`guardrails`](crate::guardrails): the
//!   static ones check the layout's own policies and `[guardrails]`, then every policy in force
//!   (sizes as apply sends them, attachments per target); the proofs (ORG082–ORG084) evaluate
//!   requests with [`iam_policy::eval`] ([`guardrails::prove`](crate::guardrails::prove)) and
//!   give one finding per location (account, role, grant), naming the first request that came
//!   out wrong with its deciding or nearly applying statement, and the other actions.
//! * **People (ORG090–ORG093).** The password policy is the parameters of IAM's
//!   `UpdateAccountPasswordPolicy` within their limits (ORG090); one weaker than the CIS AWS
//!   Foundations Benchmark works, and is a warning (ORG091). Every trust policy requires the
//!   role session name to be the IAM user's name
//!   ([`policies`](crate::policies)), so a JUMP user's name must be a session name
//!   (ORG092).
//! * **Strings (ORG044–ORG049).** Every string of a layout that reaches a rendered file or AWS
//!   is checked for its meaning by the rules of [`names`](crate::names) (Region names by
//!   partition, AWS managed policy references, tag characters, free text), or, for free text
//!   that only people read, escaped by the renderers for each file's format.

use std::collections::HashMap;
use std::fmt;

use iam_policy::closest_match;

pub use iam_policy::validate::Severity;

use crate::{Grant, Layout};

// One module per subject. Each pushes its rules' findings into `Findings`; `check_with` runs
// them in a fixed order, which is the order of a report.
mod accounts;
mod aws_managed;
mod baseline;
mod grants;
mod guardrails;
mod iam;
mod jump;
mod organization;
mod organizational_units;
mod policies;
mod production;
mod strings;

/// One finding about a layout. It is located by the element it concerns (`account[PRD]`),
/// where a policy's [`Finding`](iam_policy::Finding) has a JSON path and a line and column;
/// code, severity, message and help mean the same in both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutFinding {
    /// A stable code: `ORG001`… for built-in rules; custom checks choose theirs.
    pub code: String,
    /// How severe it is.
    pub severity: Severity,
    /// The offending element: `account[PRD]`, `role[admin]`, `grant[developers→admin]`, ...
    pub location: String,
    /// A one-line lowercase description, user input in backticks.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl LayoutFinding {
    /// A finding without a hint.
    pub fn new(
        code: impl Into<String>,
        severity: Severity,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code: code.into(),
            severity,
            location: location.into(),
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for LayoutFinding {
    /// `SEVERITY CODE location: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}: {}",
            self.severity, self.code, self.location, self.message
        )
    }
}

/// Every finding about a layout, built-in rules first, then custom checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// The findings, in rule order.
    pub findings: Vec<LayoutFinding>,
}

impl CheckReport {
    /// Whether any finding is an [`Severity::Error`].
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity == Severity::Error)
    }

    /// The findings with a given code.
    pub fn with_code<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a LayoutFinding> + 'a {
        self.findings
            .iter()
            .filter(move |finding| finding.code == code)
    }
}

/// A house rule: pushes its findings for a layout.
///
/// Closures `Fn(&Layout, &mut Vec<LayoutFinding>)` are checks too.
///
/// ```
/// use org_model::checks::{Check, LayoutFinding, Severity, check_with};
/// use org_model::Layout;
///
/// /// Every account has a `cost-center` tag.
/// struct CostCenter;
///
/// impl Check for CostCenter {
///     fn check(&self, layout: &Layout, findings: &mut Vec<LayoutFinding>) {
///         for account in &layout.accounts {
///             if !account.tags.contains_key("cost-center") {
///                 findings.push(
///                     LayoutFinding::new(
///                         "HOUSE001",
///                         Severity::Warning,
///                         format!("account[{}]", account.name),
///                         "account has no `cost-center` tag",
///                     )
///                     .with_help("add `tags = { cost-center = \"...\" }` to the account"),
///                 );
///             }
///         }
///     }
/// }
///
/// let report = check_with(&org_model::seed::landing_zone(), &[&CostCenter]);
/// assert_eq!(report.with_code("HOUSE001").count(), 9);
/// assert!(!report.has_errors());
/// ```
pub trait Check {
    /// Pushes a finding for every violation in `layout`.
    fn check(&self, layout: &Layout, findings: &mut Vec<LayoutFinding>);
}

impl<F: Fn(&Layout, &mut Vec<LayoutFinding>)> Check for F {
    fn check(&self, layout: &Layout, findings: &mut Vec<LayoutFinding>) {
        self(layout, findings);
    }
}

/// A built-in rule: its code (`ORG001`, ...), severity and what it requires. Rules are codes of
/// the same kind as the validator's ([`iam_policy::codes`]), all of jumpgate's own
/// ([`Source::Jumpgate`](iam_policy::codes::Source::Jumpgate)).
pub type Rule = iam_policy::codes::Code;

macro_rules! rules {
    ($($name:ident = $code:literal, $severity:ident, $summary:literal;)*) => {
        $(pub(crate) const $name: Rule = Rule {
            code: $code,
            severity: Severity::$severity,
            source: iam_policy::codes::Source::Jumpgate,
            summary: $summary,
        };)*
        /// Every built-in rule, in code order (the table in the module docs).
        pub const RULES: &[Rule] = &[$($name),*];
    };
}

rules! {
    MANAGEMENT_MISSING = "ORG001", Error, "the organization's management account exists";
    MANAGEMENT_PURPOSE = "ORG002", Error, "exactly one management account, the one the organization names";
    MANAGEMENT_WORKLOADS = "ORG003", Error, "the management account runs no workloads and holds no users";
    JUMP_COUNT = "ORG004", Error, "exactly one JUMP account";
    USER_OUTSIDE_JUMP = "ORG005", Error, "IAM users live only in the JUMP account";
    LOG_COUNT = "ORG006", Error, "one LOG account when logs are delivered; never two";
    WAIVER_REASON = "ORG007", Error, "every baseline waiver has a reason";
    ROOT_MFA_WAIVED = "ORG008", SecurityWarning, "root MFA is waived";
    DUPLICATE_ID = "ORG009", Error, "account ids are unique";
    DUPLICATE_ACCOUNT = "ORG010", Error, "account names are unique";
    ACCOUNT_NAME = "ORG011", Error, "account names are 1-50 characters of A-Za-z0-9_-";
    DUPLICATE_EMAIL = "ORG012", Error, "root emails are unique, ignoring case";
    EMAIL = "ORG013", Error, "root emails are well-formed";
    DUPLICATE_ALIAS = "ORG014", Error, "account aliases are unique";
    ALIAS = "ORG015", Error, "account aliases are valid";
    TAGS = "ORG016", Error, "account tags fit AWS's limits";
    NO_ID = "ORG017", Suggestion, "an account without an id is left out of rendered artifacts";
    OU_PARENT = "ORG018", Error, "each OU's parent exists";
    DUPLICATE_OU = "ORG019", Error, "OU paths are unique";
    OU_DEPTH = "ORG020", Error, "OUs are at most 5 levels deep";
    OU_NAME = "ORG021", Error, "OU names are 1-128 characters of A-Za-z0-9 _.-";
    ACCOUNT_OU = "ORG022", Error, "each account's OU exists";
    DANGLING = "ORG023", Error, "grants and users refer to groups, roles and accounts that exist";
    GRANT_NO_ACCOUNT = "ORG024", Error, "a grant names at least one account";
    DUPLICATE_GRANT = "ORG025", Warning, "no access is granted twice";
    ASSUME_ANY_ROLE = "ORG026", Error, "groups allow sts:AssumeRole on * only with a reason";
    MFA_WAIVER_REASON = "ORG027", Error, "a role's MFA waiver has a reason";
    MFA_WAIVED_IN_PRODUCTION = "ORG028", SecurityWarning, "a role without MFA is deployed to production";
    IAM_NAME = "ORG029", Error, "role, group and user names are valid";
    DUPLICATE_IAM_NAME = "ORG030", Error, "role, group and user names are unique";
    IAM_PATH = "ORG031", Error, "IAM paths are valid";
    SWITCH_ROLE_LENGTH = "ORG032", Error, "role path and name fit console Switch Role";
    POLICY_NAME = "ORG033", Error, "customer and inline policy names are valid";
    DUPLICATE_POLICY = "ORG034", Error, "each policy is attached once; one document per customer policy name";
    ATTACHMENT_QUOTA = "ORG035", Error, "managed policies per group and role, groups per user";
    ROLE_ATTACHMENT_DEFAULT = "ORG036", Warning, "a role has more managed policies than the default quota";
    ROLE_SESSION = "ORG037", Error, "role maximum session is 3,600-43,200 seconds";
    GRANT_SESSION = "ORG038", Error, "grant session is 900-43,200 seconds";
    GRANT_SESSION_OVER_ROLE = "ORG039", Error, "grant session is at most the role's maximum";
    POLICY_INVALID = "ORG040", Error, "policies pass the validator without errors";
    POLICY_SIZE = "ORG041", Error, "policies fit their size quotas";
    LOG_BUCKET_NAME = "ORG042", Error, "the log bucket's name is a valid S3 bucket name";
    ORGANIZATION_ID = "ORG043", Error, "the organization's id is well-formed";
    REGION = "ORG044", Error, "the default Region is a Region name of the layout's partition";
    UNKNOWN_REGION = "ORG045", Warning, "the default Region is one jumpgate knows";
    AWS_MANAGED_NAME = "ORG046", Error, "AWS managed policies are named NAME or PATH/NAME";
    TAG_CHARACTERS = "ORG047", Error, "account tags hold only the characters AWS allows";
    ORGANIZATION_NAME = "ORG048", Error, "the organization's name is 1-128 characters of plain text";
    REASON_TEXT = "ORG049", Error, "reasons are at most 1,024 characters of plain text";
    MFA_UNWAIVED_IN_PRODUCTION = "ORG050", Error, "a role without MFA in production has a reasoned waiver";
    OUTSIDE_JUMP_IN_PRODUCTION = "ORG051", Error, "no user outside JUMP reaches production";
    DUPLICATE_ENTRY = "ORG052", Warning, "a list names each entry once";
    AWS_MANAGED_UNKNOWN = "ORG060", Error, "AWS managed policies exist";
    GUARDRAIL_NAME = "ORG070", Error, "organization policy names are valid and unique";
    GUARDRAIL_DESCRIPTION = "ORG071", Error, "organization policy descriptions are plain text of at most 512 characters";
    GUARDRAIL_TARGETS = "ORG072", Error, "organization policies are attached to targets of the layout";
    GUARDRAIL_MANAGEMENT_TARGET = "ORG073", Warning, "no organization policy is attached to the management account";
    GUARDRAIL_INVALID = "ORG074", Error, "SCPs and RCPs pass the validator without errors";
    GUARDRAIL_SIZE = "ORG075", Error, "SCPs and RCPs fit their size quotas";
    GUARDRAIL_ATTACHMENTS = "ORG076", Error, "SCPs and RCPs attached per target fit their quotas";
    GUARDRAIL_FULL_AWS_ACCESS = "ORG077", Error, "only an allow-list SCP replaces FullAWSAccess";
    GUARDRAIL_LEAVE_OUT = "ORG078", Error, "left-out seed guardrails exist and have reasons";
    GUARDRAIL_ALLOWED_REGIONS = "ORG079", Error, "allowed Regions are Regions, the default one among them";
    GUARDRAIL_DEPLOYMENT_ROLES = "ORG080", Error, "deployment roles are role names";
    GUARDRAIL_MANAGEMENT = "ORG081", Suggestion, "the management account is outside SCPs";
    PROOF_NEVER_BLOCKS = "ORG082", Error, "the guardrails never block the layout";
    PROOF_GRANTS = "ORG083", Error, "every grant's sts:AssumeRole works under the guardrails";
    PROOF_GUARDED = "ORG084", Error, "every guarded action is denied by a guardrail";
    PASSWORD_POLICY_LIMITS = "ORG090", Error, "the password policy is within IAM's limits";
    PASSWORD_POLICY_WEAK = "ORG091", Warning, "the password policy is as strict as the CIS benchmark";
    USER_SESSION_NAME = "ORG092", Error, "JUMP user names are role session names";
    AUDIT_THRESHOLDS = "ORG093", Error, "credentials audit thresholds are 1-3,650 days";
}

/// Checks a layout against every built-in rule.
pub fn check(layout: &Layout) -> CheckReport {
    check_with(layout, &[])
}

/// Checks a layout against every built-in rule, then runs `custom` checks in order.
pub fn check_with(layout: &Layout, custom: &[&dyn Check]) -> CheckReport {
    let mut out = Findings(Vec::new());
    let production = crate::reachability::production_rule(layout);
    organization::organization(layout, &production, &mut out);
    organization::organization_id(layout, &mut out);
    baseline::baselines(layout, &mut out);
    accounts::accounts(layout, &mut out);
    organizational_units::organizational_units(layout, &mut out);
    grants::references(layout, &mut out);
    grants::duplicate_entries(layout, &mut out);
    iam::assume_any_role(layout, &mut out);
    production::trust(layout, &production, &mut out);
    iam::iam_names(layout, &mut out);
    policies::attachments(layout, &mut out);
    grants::sessions(layout, &mut out);
    policies::policy_documents(layout, &mut out);
    strings::strings(layout, &mut out);
    aws_managed::aws_managed_policies(layout, &mut out);
    jump::jump(layout, &mut out);
    guardrails::guardrails(layout, &mut out);
    let mut findings = out.0;
    for check in custom {
        check.check(layout, &mut findings);
    }
    CheckReport { findings }
}

/// Where the subject modules push the built-in rules' findings.
struct Findings(Vec<LayoutFinding>);

impl Findings {
    fn push(
        &mut self,
        rule: Rule,
        location: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.0
            .push(LayoutFinding::new(rule.code, rule.severity, location, message).with_help(help));
    }
}

fn account_at(name: &str) -> String {
    format!("account[{name}]")
}

fn grant_at(grant: &Grant) -> String {
    format!("grant[{}→{}]", grant.group, grant.role)
}

fn blank(reason: &str) -> bool {
    reason.trim().is_empty()
}

/// ` (did you mean `x`?)` when a candidate is close.
fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest_match(input, candidates)
        .map(|candidate| format!("did you mean `{candidate}`?"))
        .unwrap_or_default()
}

fn or_hint(suggestion: String, fallback: String) -> String {
    if suggestion.is_empty() {
        fallback
    } else {
        suggestion
    }
}

/// Reports every element whose key an earlier element already has.
fn duplicates<'a, T, K: std::hash::Hash + Eq>(
    items: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&'a T) -> Option<K>,
    mut report: impl FnMut(&'a T, &'a T),
) where
    T: 'a,
{
    let mut seen: HashMap<K, &'a T> = HashMap::new();
    for item in items {
        let Some(key) = key(item) else { continue };
        match seen.get(&key) {
            Some(first) => report(item, first),
            None => {
                seen.insert(key, item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_docs_list_every_rule_in_order() {
        let source = include_str!("mod.rs");
        let mut from = 0;
        let mut previous = 0;
        for rule in RULES {
            // Codes increase (blocks of codes may be reserved, so they need not be contiguous).
            let number: u32 = rule.code.trim_start_matches("ORG").parse().unwrap_or(0);
            assert_eq!(rule.code, format!("ORG{number:03}"));
            assert!(number > previous, "{} after ORG{previous:03}", rule.code);
            previous = number;
            let row = format!("//! | {} | {} |", rule.code, rule.severity);
            let at = source[from..]
                .find(&row)
                .unwrap_or_else(|| panic!("no docs row `{row}` after byte {from}"));
            from += at + row.len();
        }
    }
}
