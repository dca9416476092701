//! The layout's invariants: [`check`] collects **every** finding at once (it never stops at the
//! first), each with a stable code, a severity, a location such as `account[PRD]`,
//! `role[admin]`, `grant[developers→admin]` or `user[alice]`, a one-line message and a hint.
//! Embedding tools add house rules with [`check_with`] and the [`Check`] trait.
//!
//! ```
//! let report = org_model::checks::check(&org_model::seed::landing_zone());
//! assert!(report.findings.is_empty());
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
//! | ORG031 | ERROR | IAM paths are `/` or `/…/`, 1–512 printable ASCII characters |
//! | ORG032 | ERROR | a role's path (without the leading `/`) and name are ≤ 64 characters, for console Switch Role |
//! | ORG033 | ERROR | customer and inline policy names are 1–128 characters of `A-Za-z0-9_+=,.@-` |
//! | ORG034 | ERROR | a role or group attaches each policy once; customer policies of one name have one document |
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
//!
//! Notes on the rules:
//!
//! * **Policies (ORG040, ORG041).** Validated: each role's trust policy
//!   ([`policies::trust_policy`], with the JUMP account as trusted account), each group's
//!   AssumeRole policy ([`policies::group_assume_role_policy`]), the MFA policy
//!   ([`policies::require_mfa_policy`]), the log bucket's policy
//!   ([`baseline::log_bucket_policy`](crate::baseline::log_bucket_policy), as a resource policy
//!   of `AWS::S3::Bucket`, at `baseline.log-bucket-policy`) and every customer and inline policy
//!   of roles and groups. A validator `ERROR` becomes an ORG040 finding whose message starts with the
//!   validator's code and JSON path; the policy is named by the location
//!   (`role[admin].trust`, `role[admin].policy[name]`, `group[developers].assume-role`,
//!   `policy[require-mfa]`). Quotas: trust 2,048 (the default; accounts may have raised it);
//!   customer managed and the MFA policy 6,144 each; inline policies of one role 10,240 and of
//!   one group 5,120 **together**, the group's rendered AssumeRole policy counted as inline;
//!   the bucket policy 20,480 bytes.
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
//!   that name only the JUMP account ([`policies::trust_policy`] renders nothing else).
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
//! * **Strings (ORG044–ORG049).** Every string of a layout that reaches a rendered file or AWS
//!   is checked for its meaning by the rules of [`names`] (Region names by
//!   partition, AWS managed policy references, tag characters, free text), or, for free text
//!   that only people read, escaped by the renderers for each file's format.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use iam_policy::size::{SizeRule, policy_size, quotas};
use iam_policy::validate::{self, IdentityPolicyUse, Options, PolicyKind};
use iam_policy::{Effect, Policy, ResourceElement, closest_match};

pub use iam_policy::validate::Severity;

use crate::names::{
    self, alias_problem, email_problem, escape, is_account_name, is_iam_name, is_iam_path,
};
use crate::reachability::{Breach, ProductionRule};
use crate::{Grant, Layout, Permission, Purpose, User, policies};

#[path = "checks_managed.rs"]
mod aws_managed;

/// One finding about a layout.
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

/// A built-in rule: its code, severity and what it requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// `ORG001`, ...
    pub code: &'static str,
    /// The severity of its findings.
    pub severity: Severity,
    /// The rule, in a few words.
    pub summary: &'static str,
}

macro_rules! rules {
    ($($name:ident = $code:literal, $severity:ident, $summary:literal;)*) => {
        $(pub(crate) const $name: Rule = Rule {
            code: $code,
            severity: Severity::$severity,
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
}

/// Checks a layout against every built-in rule.
pub fn check(layout: &Layout) -> CheckReport {
    check_with(layout, &[])
}

/// Checks a layout against every built-in rule, then runs `custom` checks in order.
pub fn check_with(layout: &Layout, custom: &[&dyn Check]) -> CheckReport {
    let mut out = Findings(Vec::new());
    let production = crate::reachability::production_rule(layout);
    organization(layout, &production, &mut out);
    baselines(layout, &mut out);
    accounts(layout, &mut out);
    organizational_units(layout, &mut out);
    references(layout, &mut out);
    duplicate_entries(layout, &mut out);
    assume_any_role(layout, &mut out);
    trust(layout, &production, &mut out);
    iam_names(layout, &mut out);
    attachments(layout, &mut out);
    sessions(layout, &mut out);
    policy_documents(layout, &mut out);
    strings(layout, &mut out);
    aws_managed::aws_managed_policies(layout, &mut out);
    let mut findings = out.0;
    for check in custom {
        check.check(layout, &mut findings);
    }
    CheckReport { findings }
}

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

fn purpose_name(purpose: Purpose) -> String {
    serde_json::to_value(purpose)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| purpose.label().to_owned())
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

// ---- organization: management, JUMP and LOG accounts, users ----

fn organization(layout: &Layout, production: &ProductionRule<'_>, out: &mut Findings) {
    let named = &layout.organization.management_account;
    let management = layout.account_named(named);
    match management {
        None => out.push(
            MANAGEMENT_MISSING,
            "organization",
            format!("management account `{named}` is not an account of the layout"),
            match layout
                .accounts
                .iter()
                .find(|account| account.purpose == Purpose::Management)
            {
                Some(account) => format!("set `management_account` to `{}`", account.name),
                None => {
                    "add the management account, or set `management_account` to its name".to_owned()
                }
            },
        ),
        Some(account) => {
            if account.purpose != Purpose::Management {
                out.push(
                    MANAGEMENT_PURPOSE,
                    account_at(&account.name),
                    format!(
                        "management account `{}` has purpose `{}`, not `management`",
                        account.name,
                        purpose_name(account.purpose)
                    ),
                    "set its purpose to `management`, or name the management account in `organization.management_account`",
                );
            }
            for other in layout
                .accounts
                .iter()
                .filter(|other| other.purpose == Purpose::Management && other.name != account.name)
            {
                out.push(
                    MANAGEMENT_PURPOSE,
                    account_at(&other.name),
                    format!(
                        "account `{}` has purpose `management`, but the management account is `{}`",
                        other.name, account.name
                    ),
                    format!(
                        "an organization has one management account: give `{}` another purpose",
                        other.name
                    ),
                );
            }
            for grant in &layout.grants {
                if grant.accounts.contains(&account.name) {
                    out.push(
                        MANAGEMENT_WORKLOADS,
                        grant_at(grant),
                        format!(
                            "grant deploys role `{}` to the management account `{}`",
                            grant.role, account.name
                        ),
                        format!(
                            "the management account runs no workloads: remove `{}` from the grant's accounts",
                            account.name
                        ),
                    );
                }
            }
        }
    }

    let jumps: Vec<_> = layout
        .accounts
        .iter()
        .filter(|account| account.purpose == Purpose::Jump)
        .collect();
    match jumps.split_first() {
        None => out.push(
            JUMP_COUNT,
            "organization",
            "no account has purpose `jump`",
            "add a JUMP account: people sign in there and switch role into the others",
        ),
        Some((first, extra)) => {
            for account in extra {
                out.push(
                    JUMP_COUNT,
                    account_at(&account.name),
                    format!(
                        "account `{}` is a second jump account (the first is `{}`)",
                        account.name, first.name
                    ),
                    format!(
                        "keep one JUMP account: give `{}` another purpose",
                        account.name
                    ),
                );
            }
        }
    }

    // Users outside JUMP who reach production are ORG051's (the production rule's), not ORG003's
    // or ORG005's.
    let reaching_production: HashSet<*const User> = production
        .breaches
        .iter()
        .filter_map(|breach| match breach {
            Breach::OutsideJump { user, .. } => Some(std::ptr::from_ref(*user)),
            Breach::WithoutMfa { .. } => None,
        })
        .collect();
    let mut accounts_by_name: HashMap<&str, &crate::Account> = HashMap::new();
    for account in &layout.accounts {
        accounts_by_name
            .entry(account.name.as_str())
            .or_insert(account);
    }
    for user in &layout.users {
        let Some(name) = &user.account else { continue };
        let Some(&account) = accounts_by_name.get(name.as_str()) else {
            continue; // ORG023
        };
        let location = format!("user[{}]", user.name);
        if reaching_production.contains(&std::ptr::from_ref(user)) {
            // ORG051 names the account the user lives in.
        } else if management.is_some_and(|management| management.name == account.name) {
            out.push(
                MANAGEMENT_WORKLOADS,
                location,
                format!(
                    "user `{}` is in the management account `{}`",
                    user.name, account.name
                ),
                "IAM users live in the JUMP account: remove the user's `account`",
            );
        } else if account.purpose != Purpose::Jump {
            out.push(
                USER_OUTSIDE_JUMP,
                location,
                format!(
                    "user `{}` is in account `{}`, which is not the jump account",
                    user.name, account.name
                ),
                format!(
                    "remove the user's `account` (users live in JUMP) and reach `{}` through a group, a grant and a role",
                    account.name
                ),
            );
        }
    }

    let logs: Vec<_> = layout
        .accounts
        .iter()
        .filter(|account| account.purpose == Purpose::Log)
        .collect();
    match logs.split_first() {
        None => {
            let delivering = layout
                .accounts
                .iter()
                .filter(|account| account.baseline.delivers_logs())
                .count();
            if delivering > 0 {
                out.push(
                    LOG_COUNT,
                    "organization",
                    format!(
                        "no account has purpose `log`, but {delivering} account(s) deliver aws-config or cloudtrail logs"
                    ),
                    "add a LOG account to receive every account's logs",
                );
            }
        }
        Some((first, extra)) => {
            for account in extra {
                out.push(
                    LOG_COUNT,
                    account_at(&account.name),
                    format!(
                        "account `{}` is a second log account (the first is `{}`)",
                        account.name, first.name
                    ),
                    format!(
                        "keep one LOG account: give `{}` another purpose",
                        account.name
                    ),
                );
            }
        }
    }
}

// ---- baselines ----

fn baselines(layout: &Layout, out: &mut Findings) {
    if let Some(id) = &layout.organization.id {
        let digits = id.strip_prefix("o-").unwrap_or("");
        let well_formed = (10..=32).contains(&digits.len())
            && digits
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !well_formed {
            out.push(
                ORGANIZATION_ID,
                "organization",
                format!(
                    "organization id `{}` is not `o-` and 10-32 lowercase letters or digits",
                    id.escape_default()
                ),
                "copy the id from `aws organizations describe-organization`, or leave it out",
            );
        }
    }
    if let Some(name) = crate::baseline::log_bucket_name(layout)
        && let Some(problem) = crate::baseline::bucket_name_problem(&name)
    {
        out.push(
            LOG_BUCKET_NAME,
            "baseline.log_bucket",
            format!("log bucket name `{}` {problem}", name.escape_default()),
            "name the bucket with 3-63 lowercase letters, digits and hyphens in `[baseline] log_bucket`",
        );
    }
    for account in &layout.accounts {
        for waiver in &account.baseline.waivers {
            let item = waiver.item.name();
            if blank(&waiver.reason) {
                out.push(
                    WAIVER_REASON,
                    account_at(&account.name),
                    format!("waiver of `{item}` has no reason"),
                    format!(
                        "write why `{}` goes without `{item}` in the waiver's `reason`, or remove the waiver",
                        account.name
                    ),
                );
            }
            if waiver.item == crate::BaselineItem::RootMfa {
                out.push(
                    ROOT_MFA_WAIVED,
                    account_at(&account.name),
                    format!(
                        "account `{}` waives `root-mfa`: its root user signs in without mfa",
                        account.name
                    ),
                    "enable mfa on the root user and remove the waiver",
                );
            }
        }
    }
}

// ---- accounts: ids, names, emails, aliases, tags ----

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

fn accounts(layout: &Layout, out: &mut Findings) {
    duplicates(
        &layout.accounts,
        |account| account.id,
        |account, first| {
            let id = account.id.map(|id| id.to_string()).unwrap_or_default();
            out.push(
                DUPLICATE_ID,
                account_at(&account.name),
                format!("account id `{id}` is also the id of `{}`", first.name),
                "each account has its own id: correct one, or leave it out while the account is to be created",
            );
        },
    );
    duplicates(
        &layout.accounts,
        |account| Some(account.name.as_str()),
        |account, _| {
            out.push(
                DUPLICATE_ACCOUNT,
                account_at(&account.name),
                format!("account name `{}` is used by another account", account.name),
                "rename one of them: grants and users refer to accounts by name",
            );
        },
    );
    duplicates(
        &layout.accounts,
        |account| Some(account.email.to_lowercase()),
        |account, first| {
            out.push(
                DUPLICATE_EMAIL,
                account_at(&account.name),
                format!(
                    "root email `{}` is also the email of `{}`",
                    account.email, first.name
                ),
                "every account needs its own root email; plus-addressing (`aws+name@…`) gives one inbox many",
            );
        },
    );
    duplicates(
        &layout.accounts,
        |account| account.alias.as_deref(),
        |account, first| {
            out.push(
                DUPLICATE_ALIAS,
                account_at(&account.name),
                format!(
                    "alias `{}` is also the alias of `{}`",
                    account.alias.as_deref().unwrap_or_default(),
                    first.name
                ),
                "aliases are unique within a partition: choose another",
            );
        },
    );

    for account in &layout.accounts {
        let at = account_at(&account.name);
        if !is_account_name(&account.name) {
            let suggestion: String = account
                .name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c
                    } else {
                        '-'
                    }
                })
                .take(50)
                .collect();
            out.push(
                ACCOUNT_NAME,
                at.clone(),
                format!(
                    "account name `{}` is not 1–50 letters, digits, `_` or `-`",
                    account.name
                ),
                if suggestion.is_empty() {
                    "name the account, e.g. `SANDBOX`".to_owned()
                } else {
                    format!("names appear in profiles and file names: e.g. `{suggestion}`")
                },
            );
        }
        if let Some(problem) = email_problem(&account.email) {
            out.push(
                EMAIL,
                at.clone(),
                format!("root email `{}` {problem}", escape(&account.email)),
                "write the root user's address as `name@example.com`",
            );
        }
        if let Some(alias) = &account.alias
            && let Some(problem) = alias_problem(alias)
        {
            out.push(
                ALIAS,
                at.clone(),
                format!("alias `{alias}` {problem}"),
                "use 3–63 lowercase letters, digits and single `-` between them, e.g. `example-prd`",
            );
        }
        if account.tags.len() > 50 {
            out.push(
                TAGS,
                at.clone(),
                format!(
                    "account has {} tags; at most 50 are allowed",
                    account.tags.len()
                ),
                "merge or drop tags",
            );
        }
        for (key, value) in &account.tags {
            let problem = if key.is_empty() || key.chars().count() > 128 {
                Some("is not 1–128 characters")
            } else if key.to_ascii_lowercase().starts_with("aws:") {
                Some("starts with the reserved prefix `aws:`")
            } else if value.chars().count() > 256 {
                Some("has a value longer than 256 characters")
            } else {
                None
            };
            if let Some(problem) = problem {
                out.push(
                    TAGS,
                    at.clone(),
                    format!("tag `{key}` {problem}"),
                    "tag keys are 1–128 characters without the `aws:` prefix; values at most 256",
                );
            }
        }
        if account.id.is_none() {
            let jump = account.purpose == Purpose::Jump;
            out.push(
                NO_ID,
                at,
                if jump {
                    format!(
                        "jump account `{}` has no id yet; no trust, group or mfa policy is rendered until it has one",
                        account.name
                    )
                } else {
                    format!(
                        "account `{}` has no id yet; rendered policies and profiles leave it out",
                        account.name
                    )
                },
                "set `id` once the account exists",
            );
        }
    }
}

// ---- organizational units ----

fn organizational_units(layout: &Layout, out: &mut Findings) {
    let paths: BTreeSet<&str> = layout
        .organizational_units
        .iter()
        .map(|ou| ou.path.as_str())
        .collect();
    duplicates(
        &layout.organizational_units,
        |ou| Some(ou.path.as_str()),
        |ou, _| {
            out.push(
                DUPLICATE_OU,
                format!("ou[{}]", ou.path),
                format!("ou `{}` is declared twice", ou.path),
                "remove the second declaration: sibling OUs have distinct names",
            );
        },
    );
    for ou in &layout.organizational_units {
        let at = format!("ou[{}]", ou.path);
        if let Some(parent) = ou.parent()
            && !paths.contains(parent)
        {
            out.push(
                OU_PARENT,
                at.clone(),
                format!("parent ou `{parent}` of `{}` does not exist", ou.path),
                format!("add an organizational unit with path `{parent}`"),
            );
        }
        if ou.depth() > 5 {
            out.push(
                OU_DEPTH,
                at.clone(),
                format!(
                    "ou `{}` is {} levels deep; at most 5 are allowed",
                    ou.path,
                    ou.depth()
                ),
                "flatten the hierarchy: organizations nests OUs 5 levels deep under the root",
            );
        }
        for name in ou.path.split('/') {
            let valid = (1..=128).contains(&name.chars().count())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-'));
            if !valid {
                out.push(
                    OU_NAME,
                    at.clone(),
                    if name == ou.path {
                        format!(
                            "ou name `{name}` is not 1–128 letters, digits, spaces, `_`, `.` or `-`"
                        )
                    } else {
                        format!(
                            "ou name `{name}` in `{}` is not 1–128 letters, digits, spaces, `_`, `.` or `-`",
                            ou.path
                        )
                    },
                    "rename the OU; `/` separates OU names in a path",
                );
            }
        }
    }
    for account in &layout.accounts {
        if !account.ou.is_empty() && !paths.contains(account.ou.as_str()) {
            out.push(
                ACCOUNT_OU,
                account_at(&account.name),
                format!(
                    "ou `{}` of account `{}` does not exist",
                    account.ou, account.name
                ),
                or_hint(
                    did_you_mean(&account.ou, paths.iter().copied()),
                    format!(
                        "add an organizational unit with path `{}`, or leave `ou` empty for the root",
                        account.ou
                    ),
                ),
            );
        }
    }
}

// ---- references and grants ----

/// How many distinct names get a "did you mean" hint per kind: each hint is a pass over the
/// candidates, so a bound keeps hostile layouts (thousands of distinct dangling names) linear.
const SUGGESTION_BUDGET: usize = 100;

/// "Did you mean" hints against one kind of name, each distinct input looked up once.
struct Suggester<'a> {
    candidates: Vec<&'a str>,
    cache: HashMap<&'a str, String>,
}

impl<'a> Suggester<'a> {
    fn new(candidates: impl Iterator<Item = &'a str>) -> Self {
        Self {
            candidates: candidates.collect(),
            cache: HashMap::new(),
        }
    }

    /// The hint for `input`, or `fallback` when no candidate is close (or the budget is spent).
    fn hint(&mut self, input: &'a str, fallback: impl FnOnce() -> String) -> String {
        let suggestion = match self.cache.get(input) {
            Some(suggestion) => suggestion.clone(),
            None if self.cache.len() < SUGGESTION_BUDGET => {
                let suggestion = did_you_mean(input, self.candidates.iter().copied());
                self.cache.insert(input, suggestion.clone());
                suggestion
            }
            None => String::new(),
        };
        or_hint(suggestion, fallback())
    }
}

fn references(layout: &Layout, out: &mut Findings) {
    let groups = || layout.groups.iter().map(|group| group.name.as_str());
    let roles = || layout.roles.iter().map(|role| role.name.as_str());
    let accounts = || layout.accounts.iter().map(|account| account.name.as_str());
    // Name sets built once: a large layout has thousands of grant accounts and user groups.
    let group_names: HashSet<&str> = groups().collect();
    let role_names: HashSet<&str> = roles().collect();
    let account_names: HashSet<&str> = accounts().collect();
    let has_group = |name: &str| group_names.contains(name);
    let mut group_hints = Suggester::new(groups());
    let mut role_hints = Suggester::new(roles());
    let mut account_hints = Suggester::new(accounts());

    let mut granted: HashSet<(&str, &str, &str)> = HashSet::new();
    for grant in &layout.grants {
        let at = grant_at(grant);
        if !has_group(&grant.group) {
            out.push(
                DANGLING,
                at.clone(),
                format!("group `{}` does not exist", grant.group),
                group_hints.hint(&grant.group, || {
                    "add the group under `[[group]]`".to_owned()
                }),
            );
        }
        if !role_names.contains(grant.role.as_str()) {
            out.push(
                DANGLING,
                at.clone(),
                format!("role `{}` does not exist", grant.role),
                role_hints.hint(&grant.role, || "add the role under `[[role]]`".to_owned()),
            );
        }
        if grant.accounts.is_empty() {
            out.push(
                GRANT_NO_ACCOUNT,
                at.clone(),
                format!(
                    "grant of `{}` to `{}` names no account",
                    grant.role, grant.group
                ),
                "list the accounts the role is deployed to and may be assumed in, or remove the grant",
            );
        }
        // An account the grant itself lists twice is ORG052's: each is judged once here.
        let mut listed: HashSet<&str> = HashSet::new();
        for account in &grant.accounts {
            if !listed.insert(account.as_str()) {
                continue;
            }
            if !account_names.contains(account.as_str()) {
                out.push(
                    DANGLING,
                    at.clone(),
                    format!("account `{account}` does not exist"),
                    account_hints
                        .hint(account, || "add the account under `[[account]]`".to_owned()),
                );
            }
            let key = (grant.group.as_str(), grant.role.as_str(), account.as_str());
            if !granted.insert(key) {
                out.push(
                    DUPLICATE_GRANT,
                    at.clone(),
                    format!(
                        "`{}` may assume `{}` in `{account}` through more than one grant",
                        grant.group, grant.role
                    ),
                    "grant each account once: session durations of the copies could disagree",
                );
            }
        }
    }
    for user in &layout.users {
        let at = format!("user[{}]", user.name);
        let mut listed: HashSet<&str> = HashSet::new();
        for group in &user.groups {
            if listed.insert(group.as_str()) && !has_group(group) {
                out.push(
                    DANGLING,
                    at.clone(),
                    format!("group `{group}` does not exist"),
                    group_hints.hint(group, || "add the group under `[[group]]`".to_owned()),
                );
            }
        }
        if let Some(account) = &user.account
            && !account_names.contains(account.as_str())
        {
            out.push(
                DANGLING,
                at,
                format!("account `{account}` does not exist"),
                "remove `account`: users live in the JUMP account",
            );
        }
    }
}

/// The entries of a list that occur more than once: for each, in the order of its first
/// repeat, the entry, the index of its first occurrence, the index of its first repeat and how
/// often it occurs. Linear in the list.
fn repeated<K: std::hash::Hash + Eq + Copy>(
    entries: impl Iterator<Item = K>,
) -> Vec<(K, usize, usize, usize)> {
    let mut seen: HashMap<K, (usize, usize)> = HashMap::new();
    let mut repeats: Vec<(K, usize, usize, usize)> = Vec::new();
    for (index, entry) in entries.enumerate() {
        match seen.get_mut(&entry) {
            None => {
                seen.insert(entry, (index, usize::MAX));
            }
            Some((first, slot)) => {
                if *slot == usize::MAX {
                    *slot = repeats.len();
                    repeats.push((entry, *first, index, 1));
                }
                repeats[*slot].3 += 1;
            }
        }
    }
    repeats
}

/// ORG052: an entry a nested list repeats (a user's groups, a grant's accounts, an account's
/// waivers), once per distinct entry, located at its first repeat.
fn duplicate_entries(layout: &Layout, out: &mut Findings) {
    let mut report =
        |at: String, what: &str, list: &str, first: usize, count: usize, help: &str| {
            out.push(
                DUPLICATE_ENTRY,
                at,
                format!("{what} is listed {count} times (first as `{list}[{first}]`)"),
                help,
            );
        };
    for user in &layout.users {
        for (group, first, again, count) in repeated(user.groups.iter().map(String::as_str)) {
            report(
                format!("user[{}].groups[{again}]", user.name),
                &format!("group `{group}`"),
                "groups",
                first,
                count,
                "list each group once: membership is a set",
            );
        }
    }
    for grant in &layout.grants {
        for (account, first, again, count) in repeated(grant.accounts.iter().map(String::as_str)) {
            report(
                format!("{}.accounts[{again}]", grant_at(grant)),
                &format!("account `{account}`"),
                "accounts",
                first,
                count,
                "list each account once: the role is deployed to it once",
            );
        }
    }
    for account in &layout.accounts {
        let items = account.baseline.waivers.iter().map(|waiver| waiver.item);
        for (item, first, again, count) in repeated(items) {
            report(
                format!("{}.baseline.waivers[{again}]", account_at(&account.name)),
                &format!("waiver of `{}`", item.name()),
                "waivers",
                first,
                count,
                "waive each item once, with one reason: only the first waiver's reason is used",
            );
        }
    }
}

/// Whether an Allow statement of `policy` covers `sts:AssumeRole` on `*` (or on `NotResource`).
fn allows_assume_any_role(policy: &Policy) -> bool {
    policy.statements().iter().any(|statement| {
        statement.effect == Effect::Allow
            && statement.action.covers("sts:AssumeRole")
            && match &statement.resource {
                Some(ResourceElement::Resource(patterns)) => {
                    patterns.iter().any(|pattern| pattern.is_any())
                }
                Some(ResourceElement::NotResource(_)) => true,
                None => false,
            }
    })
}

fn assume_any_role(layout: &Layout, out: &mut Findings) {
    for group in &layout.groups {
        let waived = group
            .allow_assume_any_role
            .as_deref()
            .is_some_and(|reason| !blank(reason));
        if waived {
            continue;
        }
        for permission in &group.permissions {
            if permission.policy().is_some_and(allows_assume_any_role) {
                let why = if group.allow_assume_any_role.is_some() {
                    " and `allow_assume_any_role` gives no reason"
                } else {
                    ""
                };
                out.push(
                    ASSUME_ANY_ROLE,
                    format!("group[{}]", group.name),
                    format!(
                        "policy `{}` allows `sts:AssumeRole` on every role{why}",
                        permission.name()
                    ),
                    "grant roles with `[[grant]]` (exact role arns), or write why in `allow_assume_any_role`",
                );
            }
        }
    }
}

// ---- trust ----

/// ORG027 for roles outside production, then the production rule's findings (ORG028, ORG050,
/// ORG051).
fn trust(layout: &Layout, production: &ProductionRule<'_>, out: &mut Findings) {
    let in_production: HashSet<*const crate::Role> = production
        .breaches
        .iter()
        .filter_map(|breach| match breach {
            Breach::WithoutMfa { role, .. } => Some(std::ptr::from_ref(*role)),
            Breach::OutsideJump { .. } => None,
        })
        .collect();
    for role in &layout.roles {
        let Some(reason) = &role.trust.mfa_waiver else {
            continue;
        };
        if blank(reason) && !in_production.contains(&std::ptr::from_ref(role)) {
            out.push(
                MFA_WAIVER_REASON,
                format!("role[{}]", role.name),
                format!("role `{}` waives mfa without a reason", role.name),
                "write why people may assume the role without mfa in `trust.mfa_waiver`, or remove the waiver",
            );
        }
    }
    out.0.extend(production.findings());
}

// ---- IAM names and paths ----

fn iam_names(layout: &Layout, out: &mut Findings) {
    let entities = layout
        .roles
        .iter()
        .map(|role| ("role", role.name.as_str(), role.path.as_str(), 64))
        .chain(
            layout
                .groups
                .iter()
                .map(|group| ("group", group.name.as_str(), group.path.as_str(), 128)),
        )
        .chain(
            layout
                .users
                .iter()
                .map(|user| ("user", user.name.as_str(), user.path.as_str(), 64)),
        );
    let mut seen: HashSet<(&str, String)> = HashSet::new();
    for (kind, name, path, max) in entities {
        let at = format!("{kind}[{name}]");
        if !is_iam_name(name, max) {
            out.push(
                IAM_NAME,
                at.clone(),
                format!("{kind} name `{name}` is not 1–{max} characters of letters, digits and `_+=,.@-`"),
                "rename it; spaces and `/` are not allowed (put hierarchy in `path`)",
            );
        }
        if !seen.insert((kind, name.to_lowercase())) {
            out.push(
                DUPLICATE_IAM_NAME,
                at.clone(),
                format!("{kind} name `{name}` is used twice (iam ignores case)"),
                format!("rename one of the {kind}s"),
            );
        }
        if !is_iam_path(path) {
            out.push(
                IAM_PATH,
                at.clone(),
                format!(
                    "{kind} path `{path}` is not `/` or `/…/` of 1–512 printable ascii characters"
                ),
                "write the path with a leading and trailing `/`, e.g. `/people/`",
            );
        }
    }
    for role in &layout.roles {
        let switch_name = format!("{}{}", role.path.trim_start_matches('/'), role.name);
        if is_iam_name(&role.name, 64) && switch_name.len() > 64 {
            out.push(
                SWITCH_ROLE_LENGTH,
                format!("role[{}]", role.name),
                format!(
                    "path and name `{switch_name}` are {} characters; console switch role allows 64",
                    switch_name.len()
                ),
                "shorten the role's path or name",
            );
        }
    }
}

// ---- attachments: policy names, duplicates, quotas ----

fn attachments(layout: &Layout, out: &mut Findings) {
    let holders = layout
        .roles
        .iter()
        .map(|role| ("role", role.name.as_str(), role.permissions.as_slice()))
        .chain(
            layout
                .groups
                .iter()
                .map(|group| ("group", group.name.as_str(), group.permissions.as_slice())),
        );
    // Customer managed policies by lowercase name: the first document seen, and where.
    let mut customers: HashMap<String, (&Policy, String)> = HashMap::new();
    for (kind, name, permissions) in holders {
        let at = format!("{kind}[{name}]");
        // Per (kind of policy, lowercase name): occurrences.
        let mut attached: HashMap<(u8, String), usize> = HashMap::new();
        let mut repeats: Vec<((u8, String), &'static str, &str)> = Vec::new();
        let mut managed = 0_usize;
        for permission in permissions {
            let (slot, what) = match permission {
                Permission::AwsManaged { .. } => (0, "aws managed policy"),
                Permission::Customer { .. } => (1, "customer policy"),
                Permission::Inline { .. } => (2, "inline policy"),
            };
            let policy_name = permission.name();
            let key = (slot, policy_name.to_lowercase());
            let count = attached.entry(key.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                // A repeat: reported once per name below, and judged only the first time.
                if *count == 2 {
                    repeats.push((key, what, policy_name));
                }
                continue;
            }
            if slot != 2 {
                managed += 1;
            }
            if slot != 0 && !is_iam_name(policy_name, 128) {
                out.push(
                    POLICY_NAME,
                    at.clone(),
                    format!("{what} name `{policy_name}` is not 1–128 characters of letters, digits and `_+=,.@-`"),
                    "rename the policy",
                );
            }
            if let Permission::Customer { customer, policy } = permission {
                match customers.get(&customer.to_lowercase()) {
                    Some((first, first_at)) if *first != policy && *first_at != at => {
                        out.push(
                            DUPLICATE_POLICY,
                            at.clone(),
                            format!(
                                "customer policy `{customer}` differs from the one of `{first_at}` with the same name"
                            ),
                            "give one of them another name, or make the documents equal",
                        );
                    }
                    Some(_) => {}
                    None => {
                        customers.insert(customer.to_lowercase(), (policy, at.clone()));
                    }
                }
            }
        }
        for (key, what, policy_name) in repeats {
            let count = attached.get(&key).copied().unwrap_or(2);
            out.push(
                DUPLICATE_POLICY,
                at.clone(),
                format!("{what} `{policy_name}` is attached {count} times"),
                "attach it once",
            );
        }
        let hard = if kind == "role" { 25 } else { 10 };
        if managed > hard {
            out.push(
                ATTACHMENT_QUOTA,
                at.clone(),
                format!("{kind} has {managed} managed policies; iam allows at most {hard}"),
                "merge policies into fewer customer policies, or use inline policies",
            );
        } else if kind == "role" && managed > 10 {
            out.push(
                ROLE_ATTACHMENT_DEFAULT,
                at.clone(),
                format!("role has {managed} managed policies; the default quota is 10"),
                "request a quota increase (up to 25) in every account the role is deployed to, or merge policies",
            );
        }
    }
    for user in &layout.users {
        let groups: BTreeSet<&str> = user.groups.iter().map(String::as_str).collect();
        if groups.len() > 10 {
            out.push(
                ATTACHMENT_QUOTA,
                format!("user[{}]", user.name),
                format!("user is in {} groups; iam allows at most 10", groups.len()),
                "merge groups, or grant more roles to fewer groups",
            );
        }
    }
}

// ---- sessions ----

fn sessions(layout: &Layout, out: &mut Findings) {
    let mut roles_by_name: HashMap<&str, &crate::Role> = HashMap::new();
    for role in &layout.roles {
        roles_by_name.entry(role.name.as_str()).or_insert(role);
    }
    for role in &layout.roles {
        let seconds = role.max_session_duration;
        if !(3_600..=43_200).contains(&seconds) {
            out.push(
                ROLE_SESSION,
                format!("role[{}]", role.name),
                format!("maximum session of {seconds} seconds is not within 3600–43200"),
                "set `max_session_duration` between one and twelve hours",
            );
        }
    }
    for grant in &layout.grants {
        let Some(seconds) = grant.session_duration else {
            continue;
        };
        if !(900..=43_200).contains(&seconds) {
            out.push(
                GRANT_SESSION,
                grant_at(grant),
                format!("session of {seconds} seconds is not within 900–43200"),
                "set `session_duration` between 15 minutes and twelve hours",
            );
        }
        if let Some(role) = roles_by_name.get(grant.role.as_str())
            && seconds > role.max_session_duration
        {
            out.push(
                GRANT_SESSION_OVER_ROLE,
                grant_at(grant),
                format!(
                    "session of {seconds} seconds exceeds role `{}`'s maximum of {}",
                    role.name, role.max_session_duration
                ),
                format!(
                    "lower `session_duration`, or raise the role's `max_session_duration` to {seconds}"
                ),
            );
        }
    }
}

// ---- policy documents ----

/// The validator code for identity-policy size findings (inline sizes are summed here instead).
const IDENTITY_SIZE_CODE: &str = "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA";

fn validate_into(
    out: &mut Findings,
    policy: &Policy,
    kind: &PolicyKind,
    options: &Options,
    at: &str,
) {
    for finding in validate::validate(policy, kind, options).findings {
        if finding.code.starts_with("POLICY_SIZE_EXCEEDS") {
            out.push(
                POLICY_SIZE,
                at,
                format!("`{}`: {}", finding.code, finding.message),
                finding
                    .help
                    .unwrap_or_else(|| "split or shorten the policy".to_owned()),
            );
        } else if finding.severity == Severity::Error {
            out.push(
                POLICY_INVALID,
                at,
                format!(
                    "`{}` at `{}`: {}",
                    finding.code, finding.path, finding.message
                ),
                finding
                    .help
                    .unwrap_or_else(|| "correct the policy document".to_owned()),
            );
        }
    }
}

fn render_failed(out: &mut Findings, at: &str, error: &crate::Error) {
    out.push(
        POLICY_INVALID,
        at,
        format!("policy cannot be rendered: {error}"),
        "correct the layout elements the policy is built from",
    );
}

/// Validates declared permission policies; sums inline sizes (plus `extra_inline`) against
/// `quota`.
fn permission_documents(
    out: &mut Findings,
    at: &str,
    permissions: &[Permission],
    inline_use: IdentityPolicyUse,
    quota: usize,
    extra_inline: Option<&Policy>,
) {
    let managed = Options::default();
    let inline = Options {
        identity_policy_use: inline_use,
        disabled_codes: vec![IDENTITY_SIZE_CODE.to_owned()],
        ..Options::default()
    };
    let mut inline_size =
        extra_inline.map_or(0, |policy| policy_size(policy, SizeRule::IgnoreWhitespace));
    for permission in permissions {
        let policy_at = format!("{at}.policy[{}]", permission.name());
        match permission {
            Permission::AwsManaged { .. } => {}
            Permission::Customer { policy, .. } => {
                validate_into(out, policy, &PolicyKind::Identity, &managed, &policy_at);
            }
            Permission::Inline { policy, .. } => {
                validate_into(out, policy, &PolicyKind::Identity, &inline, &policy_at);
                inline_size += policy_size(policy, SizeRule::IgnoreWhitespace);
            }
        }
    }
    if inline_size > quota {
        let with = if extra_inline.is_some() {
            " with the rendered assume-role policy"
        } else {
            ""
        };
        out.push(
            POLICY_SIZE,
            at,
            format!(
                "inline policies{with} total {inline_size} characters (whitespace not counted); the quota is {quota}"
            ),
            "move policies to customer managed policies, or shorten them",
        );
    }
}

fn policy_documents(layout: &Layout, out: &mut Findings) {
    let trust_options = Options {
        trusted_accounts: layout
            .jump_account()
            .and_then(|jump| jump.id)
            .into_iter()
            .collect(),
        ..Options::default()
    };
    let rendered = policies::LayoutPolicies::new(layout);
    for role in &layout.roles {
        let at = format!("role[{}]", role.name);
        let trust_at = format!("{at}.trust");
        match rendered.trust_policy(role) {
            Ok(Some(policy)) => {
                validate_into(out, &policy, &PolicyKind::Trust, &trust_options, &trust_at);
            }
            Ok(None) => {}
            Err(error) => render_failed(out, &trust_at, &error),
        }
        permission_documents(
            out,
            &at,
            &role.permissions,
            IdentityPolicyUse::InlineRole,
            quotas::INLINE_ROLE,
            None,
        );
    }
    for group in &layout.groups {
        let at = format!("group[{}]", group.name);
        let assume_at = format!("{at}.assume-role");
        let assume = match rendered.group_assume_role_policy(&group.name) {
            Ok(policy) => policy,
            Err(error) => {
                render_failed(out, &assume_at, &error);
                None
            }
        };
        if let Some(policy) = &assume {
            let options = Options {
                identity_policy_use: IdentityPolicyUse::InlineGroup,
                disabled_codes: vec![IDENTITY_SIZE_CODE.to_owned()],
                ..Options::default()
            };
            validate_into(out, policy, &PolicyKind::Identity, &options, &assume_at);
        }
        permission_documents(
            out,
            &at,
            &group.permissions,
            IdentityPolicyUse::InlineGroup,
            quotas::INLINE_GROUP,
            assume.as_ref(),
        );
    }
    let bucket_at = "baseline.log-bucket-policy";
    match crate::baseline::log_bucket_policy(layout) {
        Ok(Some(policy)) => {
            let options = Options {
                size_quota_override: Some(crate::baseline::BUCKET_POLICY_QUOTA),
                ..Options::default()
            };
            let kind = PolicyKind::Resource {
                resource_type: Some(iam_policy::validate::ResourcePolicyType::S3Bucket),
            };
            let before = out.0.len();
            validate_into(out, &policy, &kind, &options, bucket_at);
            for finding in &mut out.0[before..] {
                if finding.code == POLICY_SIZE.code && layout.organization.id.is_none() {
                    finding.help = Some(
                        "set `[organization] id` so the policy admits the organization by `aws:SourceOrgID` instead of listing every account".to_owned(),
                    );
                }
            }
        }
        Ok(None) => {}
        Err(error) => render_failed(out, bucket_at, &error),
    }
    let mfa_at = "policy[require-mfa]";
    match policies::require_mfa_policy(layout) {
        Ok(Some(policy)) => {
            validate_into(
                out,
                &policy,
                &PolicyKind::Identity,
                &Options::default(),
                mfa_at,
            );
        }
        Ok(None) => {}
        Err(error) => render_failed(out, mfa_at, &error),
    }
}

// ---- strings: the default Region, AWS managed policies, tags, free text ----

/// The longest organization name.
const MAX_ORGANIZATION_NAME: usize = 128;
/// The longest reason (waivers, MFA waiver, `allow_assume_any_role`).
const MAX_REASON: usize = 1_024;

fn strings(layout: &Layout, out: &mut Findings) {
    let organization = &layout.organization;
    let region = organization.default_region.as_str();
    let partition = organization.partition;
    let known = names::known_regions(partition);
    match names::region_problem(region, partition) {
        Some(problem) => out.push(
            REGION,
            "organization",
            format!("default region `{}` {problem}", escape(region)),
            match names::region_partition(region) {
                Some(other) => format!(
                    "set `partition = \"{}\"`, or choose a Region of `{}`",
                    other.as_str(),
                    partition.as_str()
                ),
                None => or_hint(
                    did_you_mean(region, known.iter().copied()),
                    format!(
                        "write a Region name such as `{}` in `[organization] default_region`",
                        known[0]
                    ),
                ),
            },
        ),
        None if !known.contains(&region) => out.push(
            UNKNOWN_REGION,
            "organization",
            format!(
                "default region `{region}` is not a Region of partition `{}` that jumpgate knows",
                partition.as_str()
            ),
            or_hint(
                did_you_mean(region, known.iter().copied()),
                format!(
                    "check the name; the Regions jumpgate knows are {}",
                    known.join(", ")
                ),
            ),
        ),
        None => {}
    }
    if let Some(problem) = names::text_problem(&organization.name, MAX_ORGANIZATION_NAME)
        .or_else(|| organization.name.is_empty().then(|| "is empty".to_owned()))
    {
        out.push(
            ORGANIZATION_NAME,
            "organization",
            format!("organization name `{}` {problem}", escape(&organization.name)),
            "name the organization with 1–128 characters of plain text: it heads rendered files and diagrams",
        );
    }

    let holders = layout
        .roles
        .iter()
        .map(|role| (format!("role[{}]", role.name), &role.permissions))
        .chain(
            layout
                .groups
                .iter()
                .map(|group| (format!("group[{}]", group.name), &group.permissions)),
        );
    for (at, permissions) in holders {
        for permission in permissions {
            let Permission::AwsManaged { aws_managed } = permission else {
                continue;
            };
            if let Some(problem) = names::aws_managed_problem(aws_managed) {
                out.push(
                    AWS_MANAGED_NAME,
                    at.clone(),
                    format!("aws managed policy `{}` {problem}", escape(aws_managed)),
                    "name it as AWS does, e.g. `ReadOnlyAccess` or `job-function/ViewOnlyAccess`",
                );
            }
        }
    }

    for account in &layout.accounts {
        for (key, value) in &account.tags {
            let problem = names::tag_character_problem(key)
                .map(|c| ("key", c))
                .or_else(|| names::tag_character_problem(value).map(|c| ("value", c)));
            if let Some((part, c)) = problem {
                out.push(
                    TAG_CHARACTERS,
                    account_at(&account.name),
                    format!(
                        "tag `{}` has a {part} with the character `{}`",
                        escape(key),
                        escape(c.encode_utf8(&mut [0; 4]))
                    ),
                    "tags hold letters, digits, spaces and `_ . : / = + - @` only",
                );
            }
        }
    }

    let mut reason = |at: String, what: &str, text: &str| {
        if let Some(problem) = names::text_problem(text, MAX_REASON) {
            out.push(
                REASON_TEXT,
                at,
                format!("{what} {problem}"),
                "write the reason as one line of plain text, at most 1,024 characters",
            );
        }
    };
    for account in &layout.accounts {
        for waiver in &account.baseline.waivers {
            reason(
                account_at(&account.name),
                &format!("reason for waiving `{}`", waiver.item.name()),
                &waiver.reason,
            );
        }
    }
    for role in &layout.roles {
        if let Some(text) = &role.trust.mfa_waiver {
            reason(format!("role[{}]", role.name), "`trust.mfa_waiver`", text);
        }
    }
    for group in &layout.groups {
        if let Some(text) = &group.allow_assume_any_role {
            reason(
                format!("group[{}]", group.name),
                "`allow_assume_any_role`",
                text,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_docs_list_every_rule_in_order() {
        let source = include_str!("checks.rs");
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
