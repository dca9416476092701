//! The registry of finding codes: every code a policy document or a request file can get, with
//! its default severity, where it comes from and a summary. Checks report a code by naming its
//! constant (`codes::PASS_ROLE_WITH_STAR_IN_RESOURCE`); the severity comes with it.
//!
//! Where a check matches an IAM Access Analyzer check it reuses Access Analyzer's issue code
//! ([`Source::AccessAnalyzer`]); the others are jumpgate's own ([`Source::Jumpgate`], listed
//! in the README's "Finding codes"). [`Code::docs_url`] links to either. org-model's layout
//! rules (`ORG001`…) are [`Code`]s too, in their own table (`org_model::checks::RULES`).
//!
//! ```
//! use iam_policy::codes::{self, Source};
//! use iam_policy::Severity;
//!
//! let code = codes::lookup("PASS_ROLE_WITH_STAR_IN_RESOURCE").expect("a registered code");
//! assert_eq!(code, codes::PASS_ROLE_WITH_STAR_IN_RESOURCE);
//! assert_eq!(code.severity, Severity::SecurityWarning);
//! assert!(code.docs_url().ends_with("#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource"));
//! assert!(codes::jumpgate().all(|code| code.source == Source::Jumpgate));
//! ```
//!
//! Adding a code is one line in the table below (alphabetical order):
//! `NAME: Severity, Source, "summary";`, which declares the constant `NAME` for the code
//! `"NAME"`. The validator's tests require a failing and a passing case for every code of
//! [`POLICY`].

use std::fmt;

pub use crate::finding::Severity;

/// Who defines a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// IAM Access Analyzer's policy validation has a check with this issue code; jumpgate's
    /// check follows it.
    AccessAnalyzer,
    /// A check of jumpgate's own, which Access Analyzer does not have.
    Jumpgate,
}

/// A finding code: what the registry knows about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code {
    /// The code as reported, e.g. `PASS_ROLE_WITH_STAR_IN_RESOURCE` or `ORG040`.
    pub code: &'static str,
    /// The severity of its findings, unless the check says otherwise.
    pub severity: Severity,
    /// Who defines the code.
    pub source: Source,
    /// What the rule requires or the finding means, in a few words.
    pub summary: &'static str,
}

/// Access Analyzer's policy check reference.
const ACCESS_ANALYZER_REFERENCE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html";

/// The README's section on finding codes.
const README_FINDING_CODES: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/blob/main/README.md#finding-codes"
);

impl Code {
    /// Where the code is documented: for Access Analyzer's codes, the section of the policy
    /// check reference (`…#access-analyzer-reference-policy-checks-error-invalid-action`), for
    /// jumpgate's own the README's "Finding codes".
    pub fn docs_url(&self) -> String {
        match self.source {
            Source::AccessAnalyzer => {
                let finding_type = match self.severity {
                    Severity::Error => "error",
                    Severity::SecurityWarning => "security-warning",
                    Severity::Warning => "general-warning",
                    Severity::Suggestion => "suggestion",
                };
                format!(
                    "{ACCESS_ANALYZER_REFERENCE}#access-analyzer-reference-policy-checks-{finding_type}-{}",
                    self.code.to_ascii_lowercase().replace('_', "-")
                )
            }
            Source::Jumpgate => README_FINDING_CODES.to_owned(),
        }
    }
}

impl fmt::Display for Code {
    /// The code, e.g. `INVALID_ACTION`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// Declares each code's constant (named as the code) and the list of them.
macro_rules! codes {
    (
        $(#[$list_doc:meta])*
        $list:ident {
            $($name:ident: $severity:ident, $source:ident, $summary:literal;)*
        }
    ) => {
        $(
            #[doc = concat!("`", stringify!($name), "` (", stringify!($severity), "): ", $summary, ".")]
            pub const $name: Code = Code {
                code: stringify!($name),
                severity: Severity::$severity,
                source: Source::$source,
                summary: $summary,
            };
        )*
        $(#[$list_doc])*
        pub const $list: &[Code] = &[$($name),*];
    };
}

codes! {
    /// Every code a policy document can get, from the parser (which reports every problem as an
    /// `ERROR`) or the validator ([`validate`](crate::validate)), in alphabetical order.
    POLICY {
        ALLOW_WITH_NOT_ACTION: SecurityWarning, Jumpgate, "an `Allow` with `NotAction` grants every action not listed, including future ones";
        ALLOW_WITH_NOT_PRINCIPAL: SecurityWarning, AccessAnalyzer, "an `Allow` with `NotPrincipal` grants every principal not listed";
        ALLOW_WITH_NOT_RESOURCE: SecurityWarning, Jumpgate, "an `Allow` with `NotResource` grants every resource not listed, including new ones";
        ARN_ACCOUNT_NOT_ALLOWED: Error, AccessAnalyzer, "a resource ARN holds an account id, but the resource type's ARNs have none";
        ARN_MATCHES_NO_RESOURCE: Warning, Jumpgate, "a resource ARN names a resource type but fits none of its ARN formats, so it matches nothing";
        ARN_REGION_NOT_ALLOWED: Error, AccessAnalyzer, "a resource ARN holds a Region, but the resource type's ARNs have none";
        ASSUME_ROLE_ON_STAR: SecurityWarning, Jumpgate, "an identity policy allows `sts:AssumeRole` on every role";
        CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: Warning, AccessAnalyzer, "`NotAction` with `NotResource` allows creating service-linked roles for many services";
        CREATE_SLR_WITH_NOT_RESOURCE: Warning, AccessAnalyzer, "`iam:CreateServiceLinkedRole` with `NotResource` allows it for many services";
        CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: Warning, AccessAnalyzer, "an action wildcard with `NotResource` allows creating service-linked roles for many services";
        CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: Warning, AccessAnalyzer, "wildcards in action and resource allow creating service-linked roles for every service";
        CREATE_SLR_WITH_STAR_IN_RESOURCE: Warning, AccessAnalyzer, "`iam:CreateServiceLinkedRole` on `*` allows it for every service";
        CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: Warning, AccessAnalyzer, "`NotAction` with resource `*` allows creating service-linked roles for every service";
        CREDENTIALS_EXPOSURE_ON_STAR: SecurityWarning, Jumpgate, "actions that return credentials or secrets, allowed on every resource without a condition";
        DATA_TYPE_MISMATCH: Error, AccessAnalyzer, "a JSON value has the wrong type for its place";
        DEPRECATED_GLOBAL_CONDITION_KEY: Warning, AccessAnalyzer, "a deprecated global condition key (`aws:ARN`)";
        DUPLICATE_KEY: Error, Jumpgate, "a JSON object names a member twice";
        DUPLICATE_KEYS_WITH_DIFFERENT_CASE: Error, AccessAnalyzer, "a condition block names a key twice, in different letter case";
        DYNAMODB_ATTRIBUTES_WITHOUT_SELECT: SecurityWarning, AccessAnalyzer, "`dynamodb:Attributes` without `dynamodb:Select` still lets a query return every attribute";
        EMPTY_ARRAY_ACTION: Suggestion, AccessAnalyzer, "an empty `Action` list: the statement has no effect";
        EMPTY_ARRAY_CONDITION: Suggestion, AccessAnalyzer, "a condition key without values";
        EMPTY_ARRAY_CONDITION_FORALLVALUES: Suggestion, AccessAnalyzer, "`ForAllValues:` without values holds only when the key is absent";
        EMPTY_ARRAY_CONDITION_FORANYVALUE: Suggestion, AccessAnalyzer, "`ForAnyValue:` without values never holds";
        EMPTY_ARRAY_CONDITION_IFEXISTS: Suggestion, AccessAnalyzer, "an `...IfExists` operator without values holds only when the key is absent";
        EMPTY_ARRAY_PRINCIPAL: Suggestion, AccessAnalyzer, "an empty principal list: the statement has no effect";
        EMPTY_ARRAY_RESOURCE: Suggestion, AccessAnalyzer, "an empty `Resource` list: the statement has no effect";
        EMPTY_OBJECT_CONDITION: Suggestion, AccessAnalyzer, "an empty `Condition` or condition block";
        EMPTY_OBJECT_PRINCIPAL: Suggestion, AccessAnalyzer, "an empty `Principal` object: the statement has no effect";
        EMPTY_SID_VALUE: Suggestion, AccessAnalyzer, "an empty `Sid`";
        EMPTY_VARIABLE: Error, AccessAnalyzer, "a policy variable `${}` that names no key";
        EXTERNAL_ID_WITH_LIKE_OPERATOR: SecurityWarning, Jumpgate, "`sts:ExternalId` compared with a wildcard operator";
        FEDERATED_PRINCIPAL_NOT_SUPPORTED: Error, AccessAnalyzer, "a federated principal in a policy that does not take one";
        FORALLVALUES_WITH_SINGLE_VALUED_KEY: SecurityWarning, AccessAnalyzer, "`ForAllValues:` on a single-valued key also holds when the key is absent";
        FULL_ADMIN_ACCESS: SecurityWarning, Jumpgate, "every action allowed on every resource without a condition";
        IAM_GROUP_AS_PRINCIPAL: Error, Jumpgate, "an IAM group named as a principal, which IAM does not allow";
        IMPROVE_IP_RANGE: Suggestion, AccessAnalyzer, "an IP range with bits set past its prefix length";
        INVALID_ACTION: Error, AccessAnalyzer, "the service has no such action";
        INVALID_ARN_ACCOUNT: Error, AccessAnalyzer, "an ARN's account is not a 12-digit account id";
        INVALID_ARN_PREFIX: Error, AccessAnalyzer, "a resource does not start with `arn:`";
        INVALID_ARN_REGION: Error, AccessAnalyzer, "an ARN's Region is not a Region";
        INVALID_ARN_RESOURCE: Error, AccessAnalyzer, "an ARN's resource fits none of the service's ARN formats";
        INVALID_ARN_SERVICE_CASE: Error, AccessAnalyzer, "an ARN's service is not lowercase";
        INVALID_CONDITION_DATA_TYPE: Error, AccessAnalyzer, "condition values of mixed JSON types, or of a type the operator does not take";
        INVALID_CONDITION_KEY_FORMAT: Error, AccessAnalyzer, "a condition key that is not `prefix:name`";
        INVALID_CONDITION_MULTIPLE_BOOLEAN: Error, AccessAnalyzer, "a Boolean condition key given several values";
        INVALID_CONDITION_OPERATOR: Error, AccessAnalyzer, "no such condition operator";
        INVALID_EFFECT: Error, AccessAnalyzer, "an `Effect` other than `Allow` or `Deny`";
        INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY: Error, AccessAnalyzer, "a federated principal that is neither a domain name nor a SAML provider ARN";
        INVALID_GLOBAL_CONDITION_KEY: Error, AccessAnalyzer, "an `aws:` key that is not a global condition key";
        INVALID_PARTITION: Error, AccessAnalyzer, "an ARN's partition is not an AWS partition";
        INVALID_POLICY_ELEMENT: Error, AccessAnalyzer, "an element a policy or statement does not have";
        INVALID_PRINCIPAL_FORMAT: Error, AccessAnalyzer, "a principal value of the wrong form for its key";
        INVALID_PRINCIPAL_KEY: Error, AccessAnalyzer, "a principal key other than `AWS`, `Service`, `Federated` or `CanonicalUser`";
        INVALID_REGION: Error, AccessAnalyzer, "a condition value that should be a Region is not one";
        INVALID_ROLE_REFERENCE: Warning, AccessAnalyzer, "a role named by its unique id rather than its ARN";
        INVALID_SERVICE: Error, AccessAnalyzer, "a condition key's prefix is not an AWS service";
        INVALID_SERVICE_CONDITION_KEY: Error, AccessAnalyzer, "the service has no such condition key";
        INVALID_SERVICE_IN_ACTION: Error, AccessAnalyzer, "an action's prefix is not an AWS service";
        INVALID_SERVICE_PRINCIPAL_FORMAT: Error, AccessAnalyzer, "a service principal not of the form `service.amazonaws.com`";
        INVALID_USER_REFERENCE: Warning, AccessAnalyzer, "a user named by its unique id rather than its ARN";
        INVALID_VARIABLE_FOR_OPERATOR: Error, AccessAnalyzer, "a policy variable with an operator other than String and ARN operators";
        INVALID_VERSION: Error, AccessAnalyzer, "a `Version` other than `2012-10-17` or `2008-10-17`";
        INVALID_VPCE_FORMAT: Error, AccessAnalyzer, "a VPC endpoint id that does not start with `vpce-`";
        INVALID_VPC_FORMAT: Error, AccessAnalyzer, "a VPC id that does not start with `vpc-`";
        JSON_SYNTAX_ERROR: Error, AccessAnalyzer, "the document is not JSON (or not UTF-8)";
        MFA_BYPASS_WITH_IF_EXISTS: SecurityWarning, Jumpgate, "`Allow` with `BoolIfExists aws:MultiFactorAuthPresent true` also allows long-term access keys";
        MFA_DENY_MISSES_LONG_TERM_CREDENTIALS: Warning, Jumpgate, "`Deny` with `Bool aws:MultiFactorAuthPresent false` misses long-term access keys";
        MFA_DENY_MISSES_SESSIONS_WITHOUT_MFA: Warning, Jumpgate, "`Deny` with `Null aws:MultiFactorAuthPresent true` misses sessions created without MFA";
        MISMATCHED_ACTION_FOR_PRINCIPAL: Error, AccessAnalyzer, "an `sts:AssumeRoleWith...` action that does not fit the federated principal";
        MISSING_ACTION: Error, AccessAnalyzer, "a statement without `Action` or `NotAction`";
        MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY: Error, AccessAnalyzer, "trusting IAM Roles Anywhere without `sts:AssumeRole`, `sts:SetSourceIdentity` and `sts:TagSession`";
        MISSING_ARN_FIELD: Error, AccessAnalyzer, "an ARN with too few fields";
        MISSING_ARN_REGION: Error, AccessAnalyzer, "an ARN without the Region its resource type requires";
        MISSING_BRACE_IN_VARIABLE: Error, AccessAnalyzer, "a policy variable without its closing `}`";
        MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: SecurityWarning, AccessAnalyzer, "trusting an OIDC provider without a condition on its audience or subject";
        MISSING_EFFECT: Error, AccessAnalyzer, "a statement without `Effect`";
        MISSING_GITHUB_REPO_CONDITION_KEY: SecurityWarning, AccessAnalyzer, "trusting GitHub's OIDC provider without a condition on the repository";
        MISSING_PRINCIPAL: Error, AccessAnalyzer, "a resource or trust policy statement without `Principal` or `NotPrincipal`";
        MISSING_QUALIFIER: Error, AccessAnalyzer, "a multivalued key without `ForAllValues:` or `ForAnyValue:`";
        MISSING_QUOTE_IN_VARIABLE: Error, AccessAnalyzer, "a policy variable's default value not in single quotes";
        MISSING_RESOURCE: Error, AccessAnalyzer, "a statement without `Resource` or `NotResource` where the kind needs one";
        MISSING_STATEMENT: Error, AccessAnalyzer, "a policy without statements";
        MISSING_TAG_KEY_IN_CONDITION: Error, AccessAnalyzer, "a tag condition key without its tag key";
        MISSING_VERSION: Warning, AccessAnalyzer, "a policy without `Version`, in which variables are plain text";
        NULL_WITH_IF_EXISTS: Error, AccessAnalyzer, "`Null` with `IfExists`";
        NULL_WITH_QUALIFIER: Suggestion, AccessAnalyzer, "`Null` with `ForAllValues:` or `ForAnyValue:`, whose outcome is fixed";
        PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: SecurityWarning, AccessAnalyzer, "`NotAction` with `NotResource` allows passing many roles";
        PASS_ROLE_WITH_NOT_RESOURCE: SecurityWarning, AccessAnalyzer, "`iam:PassRole` with `NotResource` allows passing many roles";
        PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: SecurityWarning, AccessAnalyzer, "an action wildcard with `NotResource` allows passing many roles";
        PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: SecurityWarning, AccessAnalyzer, "wildcards in action and resource allow passing every role";
        PASS_ROLE_WITH_STAR_IN_RESOURCE: SecurityWarning, AccessAnalyzer, "`iam:PassRole` on `*` allows passing every role to any service";
        PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: SecurityWarning, AccessAnalyzer, "`NotAction` with resource `*` allows passing every role";
        POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: Warning, AccessAnalyzer, "an identity policy larger than its size quota";
        POLICY_SIZE_EXCEEDS_RCP_QUOTA: Error, AccessAnalyzer, "a resource control policy larger than 5,120 characters";
        POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA: Warning, AccessAnalyzer, "a resource policy larger than the quota given";
        POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: Warning, AccessAnalyzer, "a role trust policy larger than the account's quota";
        POLICY_SIZE_EXCEEDS_SCP_QUOTA: Error, AccessAnalyzer, "a service control policy larger than 10,240 characters";
        PRIVATE_IP_ADDRESS: Error, AccessAnalyzer, "`IpAddress` on `aws:SourceIp` with only private addresses never matches";
        PRIVATE_NOT_IP_ADDRESS: Error, AccessAnalyzer, "`NotIpAddress` on `aws:SourceIp` with only private addresses always matches";
        PRIVILEGE_ESCALATION_ON_STAR: SecurityWarning, Jumpgate, "actions that let a principal raise its own permissions, allowed on every resource without a condition";
        RCP_SYNTAX_ERROR_ACTION: Error, AccessAnalyzer, "a resource control policy names actions of a service RCPs do not support";
        RCP_SYNTAX_ERROR_ALLOW: Error, AccessAnalyzer, "a resource control policy `Allow` other than principal `*` on resource `*` without a condition";
        RCP_SYNTAX_ERROR_NOTACTION: Error, AccessAnalyzer, "a resource control policy with `NotAction`";
        RCP_SYNTAX_ERROR_PRINCIPAL: Error, AccessAnalyzer, "a resource control policy principal other than `*`, or `NotPrincipal`";
        REDUNDANT_ACTION: Suggestion, AccessAnalyzer, "an action another entry of the statement already covers";
        REDUNDANT_CONDITION_VALUE_NUM: Suggestion, AccessAnalyzer, "several numeric condition values where one bound says the same";
        REDUNDANT_RESOURCE: Suggestion, AccessAnalyzer, "a resource another entry of the statement already covers";
        REDUNDANT_STATEMENT: Suggestion, AccessAnalyzer, "a statement that repeats another";
        RESOURCE_MISMATCH: Warning, Jumpgate, "a resource that no action of the statement applies to";
        RESOURCE_SERVICE_MISMATCH: Error, Jumpgate, "a resource of a service none of the statement's actions belongs to";
        RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: SecurityWarning, AccessAnalyzer, "a service principal allowed without tying it to the caller's own resources (`aws:SourceArn`, `aws:SourceAccount`, ...)";
        RETIRED_SERVICE: Warning, Jumpgate, "an action or condition key of a service AWS retired";
        ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: Error, AccessAnalyzer, "a role trust policy with `NotPrincipal`";
        ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: Error, AccessAnalyzer, "a role trust policy with `Resource` or `NotResource`";
        ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: Error, AccessAnalyzer, "a role trust policy with the principal `*`";
        SCP_SYNTAX_ERROR_PRINCIPAL: Error, AccessAnalyzer, "a service control policy with `Principal` or `NotPrincipal`";
        STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS: SecurityWarning, AccessAnalyzer, "`StringLike` on an ARN key, whose wildcards match across ARN fields";
        TRUST_WITHOUT_CONDITION: SecurityWarning, Jumpgate, "a role trusts another account without requiring MFA, an external id or the caller's organization";
        TYPE_MISMATCH: Warning, AccessAnalyzer, "an operator of another type than its condition key";
        TYPE_MISMATCH_BOOLEAN: Warning, AccessAnalyzer, "a Boolean operator with a value other than `true` or `false`";
        TYPE_MISMATCH_DATE: Warning, AccessAnalyzer, "a date operator with a value that is not a date";
        TYPE_MISMATCH_IP_RANGE: Error, AccessAnalyzer, "an IP address operator with a value that is not an address or CIDR range";
        TYPE_MISMATCH_NUMBER: Warning, AccessAnalyzer, "a numeric operator with a value that is not a number";
        TYPE_MISMATCH_STRING: Warning, AccessAnalyzer, "a binary operator with a value that is not base64";
        UNIQUE_SIDS_RECOMMENDED: Warning, AccessAnalyzer, "two statements with one `Sid`";
        UNIQUE_SIDS_REQUIRED: Error, AccessAnalyzer, "two statements with one `Sid` in a kind of policy that needs unique ones";
        UNSUPPORTED_ACTION_FOR_CONDITION_KEY: Error, AccessAnalyzer, "an action that does not evaluate the statement's condition key (a `WARNING` when none of those actions takes a resource type)";
        UNSUPPORTED_ACTION_IN_POLICY: Error, AccessAnalyzer, "an action a policy of the resource type cannot grant";
        UNSUPPORTED_CHARACTER: Error, Jumpgate, "a character IAM does not accept (beyond tab, line feed, carriage return and U+0020 to U+00FF)";
        UNSUPPORTED_ELEMENT_COMBINATION: Error, AccessAnalyzer, "an element together with its `Not` form";
        UNSUPPORTED_PRINCIPAL: Error, AccessAnalyzer, "an identity policy with `Principal` or `NotPrincipal`";
        UNSUPPORTED_RESOURCE_ARN_IN_POLICY: Error, AccessAnalyzer, "a resource a policy of the resource type cannot name";
        UNSUPPORTED_SID: Error, AccessAnalyzer, "a `Sid` with characters other than `A-Za-z0-9` in a kind of policy that allows only those";
        UNSUPPORTED_SPACE_IN_VARIABLE: Error, AccessAnalyzer, "a space in a policy variable's name";
        UNSUPPORTED_SYMBOL_IN_VARIABLE: Error, AccessAnalyzer, "a character a policy variable's name cannot hold";
        UNSUPPORTED_WILDCARD_IN_PRINCIPAL: Error, AccessAnalyzer, "a wildcard inside a principal value";
        VARIABLE_UNSUPPORTED_IN_ELEMENT: Error, AccessAnalyzer, "a policy variable outside `Resource` and `Condition`";
        VARIABLE_UNSUPPORTED_IN_VERSION: Error, AccessAnalyzer, "a policy variable in a policy of `Version` 2008-10-17";
        WILDCARD_IN_SERVICE_NAME: Suggestion, AccessAnalyzer, "a wildcard in an ARN's service";
        WILDCARD_WITHOUT_LIKE_OPERATOR: Warning, AccessAnalyzer, "a `*` or `?` in a value compared without a `Like` operator";
    }
}

codes! {
    /// The codes only request files of the evaluator ([`eval::file`](crate::eval::file)) get;
    /// their JSON and their policies get the codes of [`POLICY`] (`JSON_SYNTAX_ERROR`,
    /// `DATA_TYPE_MISMATCH`, `DUPLICATE_KEY`, `INVALID_EFFECT`, ...). In alphabetical order.
    REQUEST_FILE {
        INVALID_VALUE: Error, Jumpgate, "a request file member whose value is not of the form it needs";
        MISSING_MEMBER: Error, Jumpgate, "a request file object without a member it needs";
        UNKNOWN_MEMBER: Error, Jumpgate, "a request file member the evaluator does not know";
        VALUE_TOO_LONG: Error, Jumpgate, "a request file value longer than the evaluator takes";
    }
}

/// Every registered code: [`POLICY`], then [`REQUEST_FILE`].
pub fn all() -> impl Iterator<Item = Code> {
    POLICY.iter().chain(REQUEST_FILE).copied()
}

/// Jumpgate's own codes (Access Analyzer has none like them), in registry order.
pub fn jumpgate() -> impl Iterator<Item = Code> {
    all().filter(|code| code.source == Source::Jumpgate)
}

/// The registered code named `code`.
pub fn lookup(code: &str) -> Option<Code> {
    all().find(|registered| registered.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_is_sorted_and_codes_are_unique() {
        for table in [POLICY, REQUEST_FILE] {
            for pair in table.windows(2) {
                assert!(
                    pair[0].code < pair[1].code,
                    "{} before {}",
                    pair[0],
                    pair[1]
                );
            }
        }
        for code in all() {
            assert_eq!(lookup(code.code), Some(code));
            assert_eq!(
                all().filter(|other| other.code == code.code).count(),
                1,
                "{code}"
            );
        }
        assert_eq!(lookup("NO_SUCH_CODE"), None);
    }

    #[test]
    fn codes_are_upper_snake_case_and_summaries_one_line() {
        for code in all() {
            assert!(
                code.code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{code}"
            );
            assert!(
                !code.summary.is_empty() && !code.summary.contains('\n'),
                "{code}"
            );
            assert!(!code.summary.ends_with('.'), "{code}");
        }
    }

    #[test]
    fn docs_links() {
        assert_eq!(
            INVALID_ACTION.docs_url(),
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action"
        );
        assert!(
            WILDCARD_WITHOUT_LIKE_OPERATOR
                .docs_url()
                .ends_with("#access-analyzer-reference-policy-checks-general-warning-wildcard-without-like-operator")
        );
        assert!(
            EMPTY_SID_VALUE
                .docs_url()
                .ends_with("#access-analyzer-reference-policy-checks-suggestion-empty-sid-value")
        );
        assert!(
            FULL_ADMIN_ACCESS
                .docs_url()
                .ends_with("README.md#finding-codes")
        );
    }
}
