//! Security lints: over-broad grants, PassRole and service-linked-role creation on `*`, trusts
//! without conditions, MFA traps, privilege-escalation and credential-exposure actions on `*`.

use super::{Checker, PolicyKind};
use crate::codes::{self, Code};
use crate::fast_hash::{CaseFolded, FastHash};
use crate::model::{
    ActionElement, BaseOperator, Condition, Effect, Principal, PrincipalType, ResourceElement,
    Statement,
};
use crate::path::JsonPath;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Actions that let a principal grant itself more permissions (privilege escalation paths).
pub const PRIVILEGE_ESCALATION_ACTIONS: &[&str] = &[
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateLoginProfile",
    "iam:CreatePolicyVersion",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:PutGroupPolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
    "glue:UpdateDevEndpoint",
    "lambda:UpdateFunctionCode",
    "lambda:UpdateFunctionConfiguration",
    "ssm:SendCommand",
    "ssm:StartSession",
];

/// Actions that return credentials, secrets or access tokens.
pub const CREDENTIALS_EXPOSURE_ACTIONS: &[&str] = &[
    "iam:CreateAccessKey",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "sts:GetFederationToken",
    "ecr:GetAuthorizationToken",
    "ec2:GetPasswordData",
    "redshift:GetClusterCredentials",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:DownloadDefaultKeyPair",
    "cognito-identity:GetCredentialsForIdentity",
    "sagemaker:CreatePresignedNotebookInstanceUrl",
    "gamelift:RequestUploadCredentials",
    "codepipeline:PollForJobs",
];

/// Condition keys that make a cross-account trust deliberate: MFA, an external id, or the
/// caller's organization.
const TRUST_NARROWING_KEYS: &[&str] = &[
    "aws:multifactorauthage",
    "sts:externalid",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalarn",
    "aws:sourceidentity",
    "sts:sourceidentity",
];

fn has_condition_key(condition: Option<&Condition>, key: &str) -> bool {
    condition.is_some_and(|condition| {
        condition.entries().any(|(_, entry)| {
            crate::meter::step(1);
            entry.key.eq_ignore_ascii_case(key)
        })
    })
}

fn resource_is_star(statement: &Statement) -> bool {
    matches!(&statement.resource, Some(ResourceElement::Resource(patterns)) if patterns.iter().any(crate::ResourcePattern::is_any))
}

fn has_not_resource(statement: &Statement) -> bool {
    matches!(statement.resource, Some(ResourceElement::NotResource(_)))
}

/// How a statement's actions reach one action: named exactly, through a wildcard, or through
/// `NotAction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Exact,
    Wildcard,
    NotAction,
}

fn reach(action: &ActionElement, target: &str) -> Option<Reach> {
    if !action.covers(target) {
        return None;
    }
    Some(match action {
        ActionElement::NotAction(_) => Reach::NotAction,
        ActionElement::Action(patterns) => {
            if patterns
                .iter()
                .any(|pattern| pattern.as_str().eq_ignore_ascii_case(target))
            {
                Reach::Exact
            } else {
                Reach::Wildcard
            }
        }
    })
}

pub(crate) fn check(checker: &mut Checker<'_>) {
    let kind = *checker.kind;
    let resolved_actions = checker.resolved_actions();
    for (&(ref path, statement), resolved) in
        checker.statements().iter().zip(resolved_actions.iter())
    {
        check_mfa_traps(checker, path, statement);
        check_dynamodb_attributes(checker, path, statement);
        check_external_id_operator(checker, path, statement);
        if statement.effect != Effect::Allow {
            continue;
        }
        match kind {
            PolicyKind::Identity => {
                check_broad_allow(checker, path, statement);
                check_star_grant(
                    checker,
                    path,
                    statement,
                    "iam:PassRole",
                    "iam:PassedToService",
                    PASS_ROLE_CODES,
                );
                check_star_grant(
                    checker,
                    path,
                    statement,
                    "iam:CreateServiceLinkedRole",
                    "iam:AWSServiceName",
                    CREATE_SLR_CODES,
                );
                check_action_sets(checker, path, statement, resolved);
            }
            PolicyKind::Resource { .. } => {
                check_broad_allow(checker, path, statement);
                check_service_principal_scope(checker, path, statement);
            }
            PolicyKind::Trust => {
                check_trust(checker, path, statement);
                check_web_identity_trust(checker, path, statement);
            }
            PolicyKind::ServiceControl | PolicyKind::ResourceControl => {}
        }
    }
}

/// Codes for (star in action and resource, star in resource, NotResource, star in action and
/// NotResource, NotAction and NotResource, star in resource and NotAction).
struct StarGrantCodes {
    star_action_and_resource: Code,
    star_resource: Code,
    not_resource: Code,
    star_action_and_not_resource: Code,
    not_action_and_not_resource: Code,
    star_resource_and_not_action: Code,
}

const PASS_ROLE_CODES: StarGrantCodes = StarGrantCodes {
    star_action_and_resource: codes::PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE,
    star_resource: codes::PASS_ROLE_WITH_STAR_IN_RESOURCE,
    not_resource: codes::PASS_ROLE_WITH_NOT_RESOURCE,
    star_action_and_not_resource: codes::PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
    not_action_and_not_resource: codes::PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE,
    star_resource_and_not_action: codes::PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION,
};

const CREATE_SLR_CODES: StarGrantCodes = StarGrantCodes {
    star_action_and_resource: codes::CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE,
    star_resource: codes::CREATE_SLR_WITH_STAR_IN_RESOURCE,
    not_resource: codes::CREATE_SLR_WITH_NOT_RESOURCE,
    star_action_and_not_resource: codes::CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
    not_action_and_not_resource: codes::CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE,
    star_resource_and_not_action: codes::CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION,
};

fn check_star_grant(
    checker: &mut Checker<'_>,
    path: &JsonPath,
    statement: &Statement,
    action: &str,
    narrowing_key: &str,
    codes: StarGrantCodes,
) {
    let Some(reach) = reach(&statement.action, action) else {
        return;
    };
    if statement
        .condition
        .as_ref()
        .is_some_and(|condition| names_services(condition, narrowing_key))
    {
        return;
    }
    let star = resource_is_star(statement);
    let not_resource = has_not_resource(statement);
    let code = match (reach, star, not_resource) {
        (Reach::Wildcard, true, _) => codes.star_action_and_resource,
        (Reach::Exact, true, _) => codes.star_resource,
        (Reach::NotAction, true, _) => codes.star_resource_and_not_action,
        (Reach::Exact, _, true) => codes.not_resource,
        (Reach::Wildcard, _, true) => codes.star_action_and_not_resource,
        (Reach::NotAction, _, true) => codes.not_action_and_not_resource,
        _ => return,
    };
    let element = if star || not_resource {
        path.key(
            statement
                .resource
                .as_ref()
                .map_or("Resource", ResourceElement::element_name),
        )
    } else {
        path.clone()
    };
    checker.report(
        code,
        element,
        format!("the statement allows `{action}` on every resource"),
        Some(format!(
            "list the exact resource ARNs, or add a `{narrowing_key}` condition"
        )),
    );
}

/// Whether the condition limits `key` (`iam:PassedToService`, `iam:AWSServiceName`) to named
/// services. Access Analyzer still reports a grant on `*` when the key is compared with
/// `...IfExists` (true for requests without the key), with a negated operator or `ForAllValues:`,
/// or with a wildcard in a value (`*a4b.amazonaws.com`).
fn names_services(condition: &Condition, key: &str) -> bool {
    condition.entries().any(|(operator, entry)| {
        entry.key.eq_ignore_ascii_case(key)
            && !operator.if_exists
            && !operator.base.is_negated()
            && operator.qualifier != Some(crate::model::SetQualifier::ForAllValues)
            && !entry.values.is_empty()
            && entry.values.iter().all(|value| {
                let text = value.to_text();
                !(operator.base.supports_wildcards() && text.contains(['*', '?']))
            })
    })
}

fn check_broad_allow(checker: &mut Checker<'_>, path: &JsonPath, statement: &Statement) {
    match &statement.action {
        ActionElement::NotAction(_) => checker.report(
            codes::ALLOW_WITH_NOT_ACTION,
            path.key("NotAction"),
            "`Allow` with `NotAction` grants every action not listed, including actions AWS adds later",
            Some("list the allowed actions in `Action`".to_owned()),
        ),
        ActionElement::Action(patterns) => {
            let every_action = patterns.iter().any(|pattern| pattern.is_any() || pattern.as_str() == "*:*");
            if every_action && resource_is_star(statement) && statement.condition.is_none() {
                checker.report(
                    codes::FULL_ADMIN_ACCESS,
                    path.clone(),
                    "the statement allows every action on every resource",
                    Some("grant administrators a role that is reached by switching role with MFA".to_owned()),
                );
            }
        }
    }
    if has_not_resource(statement) {
        checker.report(
            codes::ALLOW_WITH_NOT_RESOURCE,
            path.key("NotResource"),
            "`Allow` with `NotResource` grants access to every resource not listed, including new ones",
            Some("list the allowed resources in `Resource`".to_owned()),
        );
    }
    if *checker.kind == PolicyKind::Identity
        && resource_is_star(statement)
        && matches!(
            reach(&statement.action, "sts:AssumeRole"),
            Some(Reach::Exact | Reach::Wildcard)
        )
    {
        checker.report(
            codes::ASSUME_ROLE_ON_STAR,
            path.key("Resource"),
            "the statement allows `sts:AssumeRole` on every role that trusts this account",
            Some("list the exact role ARNs the principal may switch to".to_owned()),
        );
    }
}

/// `resolved`: the statement's literal actions, as [`Checker::resolved_actions`] gives them.
fn check_action_sets(
    checker: &mut Checker<'_>,
    path: &JsonPath,
    statement: &Statement,
    resolved: &[Option<crate::catalog::Action>],
) {
    if !resource_is_star(statement) || statement.condition.is_some() {
        return;
    }
    let [escalation, exposure] = action_lists();
    let sets: [(&ActionList, Code, &str); 2] = [
        (
            escalation,
            codes::PRIVILEGE_ESCALATION_ON_STAR,
            "let a principal raise its own permissions",
        ),
        (
            exposure,
            codes::CREDENTIALS_EXPOSURE_ON_STAR,
            "return credentials or secrets",
        ),
    ];
    for (actions, code, what) in sets {
        let reached = actions.covered_by(&statement.action, resolved);
        if reached.is_empty() {
            continue;
        }
        let shown = reached
            .iter()
            .take(4)
            .map(|action| format!("`{action}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let more = if reached.len() > 4 {
            format!(" and {} more", reached.len() - 4)
        } else {
            String::new()
        };
        checker.report(
            code,
            path.key("Resource"),
            format!("the statement allows actions that {what} on every resource: {shown}{more}"),
            Some("scope these actions to specific resources or add conditions".to_owned()),
        );
    }
}

/// A list of actions above, indexed to tell quickly which of them a statement covers.
struct ActionList {
    actions: &'static [&'static str],
    /// Positions in `actions` by service prefix (case-insensitive).
    by_service: HashMap<CaseFolded<'static>, Vec<usize>, FastHash>,
    /// Positions in `actions` by catalog action id, for the entries the catalog knows.
    by_action: HashMap<u32, Vec<usize>, FastHash>,
    /// Every position in `actions`.
    all: Vec<usize>,
}

impl ActionList {
    fn new(actions: &'static [&'static str]) -> Self {
        let mut by_service: HashMap<CaseFolded<'static>, Vec<usize>, FastHash> = HashMap::default();
        for (index, action) in actions.iter().enumerate() {
            let service = action
                .split_once(':')
                .map_or(*action, |(service, _)| service);
            by_service
                .entry(CaseFolded(service))
                .or_default()
                .push(index);
        }
        let mut by_action: HashMap<u32, Vec<usize>, FastHash> = HashMap::default();
        for (index, action) in actions.iter().enumerate() {
            if let Some(found) = crate::catalog::action(action) {
                by_action.entry(found.id).or_default().push(index);
            }
        }
        ActionList {
            actions,
            by_service,
            by_action,
            all: (0..actions.len()).collect(),
        }
    }

    /// The actions that `element` covers, in list order: the same as filtering with
    /// [`ActionElement::covers`], visiting each pattern once. A pattern whose service part is
    /// literal (`ec2:Describe*`) can only match actions of that service, so it is compared with
    /// those alone; large statements hold hundreds of patterns of other services.
    ///
    /// `resolved` holds the catalog action of each literal entry the catalog knows (see
    /// [`Checker::resolved_actions`]): such an entry matches exactly the list entries that
    /// name the same action, found by id without matching text.
    fn covered_by(
        &self,
        element: &ActionElement,
        resolved: &[Option<crate::catalog::Action>],
    ) -> Vec<&'static str> {
        let mut matched = vec![false; self.actions.len()];
        for (position, pattern) in element.patterns().iter().enumerate() {
            if let Some(action) = resolved.get(position).copied().flatten() {
                for &index in self
                    .by_action
                    .get(&action.id)
                    .map_or(&[][..], Vec::as_slice)
                {
                    matched[index] = true;
                }
                continue;
            }
            let candidates: &[usize] = match pattern.service() {
                Some(service) if !crate::catalog::has_wildcard(service) => self
                    .by_service
                    .get(&CaseFolded(service))
                    .map_or(&[], Vec::as_slice),
                _ => &self.all,
            };
            for &index in candidates {
                if !matched[index] && pattern.matches(self.actions[index]) {
                    matched[index] = true;
                }
            }
        }
        let not_action = element.is_not_action();
        self.actions
            .iter()
            .zip(matched)
            .filter(|(_, matched)| *matched != not_action)
            .map(|(action, _)| *action)
            .collect()
    }
}

/// [`PRIVILEGE_ESCALATION_ACTIONS`] and [`CREDENTIALS_EXPOSURE_ACTIONS`], indexed once.
fn action_lists() -> &'static [ActionList; 2] {
    static LISTS: OnceLock<[ActionList; 2]> = OnceLock::new();
    LISTS.get_or_init(|| {
        [
            ActionList::new(PRIVILEGE_ESCALATION_ACTIONS),
            ActionList::new(CREDENTIALS_EXPOSURE_ACTIONS),
        ]
    })
}

fn check_trust(checker: &mut Checker<'_>, path: &JsonPath, statement: &Statement) {
    let Some(element) = &statement.principal else {
        return;
    };
    let Principal::Map(entries) = element.principal() else {
        return;
    };
    let narrowed = statement.condition.as_ref().is_some_and(narrows_trust);
    if narrowed {
        return;
    }
    for (kind, values) in entries {
        if *kind != PrincipalType::Aws {
            continue;
        }
        for value in values {
            let account = if value == "*" {
                None
            } else {
                crate::AccountId::new(value).ok().or_else(|| {
                    value
                        .parse::<crate::Arn>()
                        .ok()
                        .and_then(|arn| arn.account_id())
                })
            };
            let trusted =
                account.is_some_and(|account| checker.options.trusted_accounts.contains(&account));
            if trusted {
                continue;
            }
            checker.report(
                codes::TRUST_WITHOUT_CONDITION,
                path.key(element.element_name()),
                format!("the role trusts `{value}` without requiring MFA, an external id or the caller's organization"),
                Some("add `Bool aws:MultiFactorAuthPresent \"true\"` for people, `StringEquals sts:ExternalId` for third parties, or `StringEquals aws:PrincipalOrgID`".to_owned()),
            );
            return;
        }
    }
}

/// Whether a trust statement's condition makes it deliberate: MFA required (`Bool
/// aws:MultiFactorAuthPresent true`, or an MFA age bound), an external id, the caller's
/// organization, or named principal ARNs.
fn narrows_trust(condition: &Condition) -> bool {
    condition.entries().any(|(operator, entry)| {
        let key = entry.key.to_ascii_lowercase();
        if key == "aws:multifactorauthpresent" {
            operator.base == BaseOperator::Bool
                && !operator.if_exists
                && entry
                    .values
                    .iter()
                    .all(|value| value.to_text().eq_ignore_ascii_case("true"))
        } else {
            // `ForAllValues:`, `...IfExists` and negated operators let callers without the key
            // (for example accounts outside any organization) through.
            TRUST_NARROWING_KEYS.contains(&key.as_str())
                && !operator.if_exists
                && !operator.base.is_negated()
                && operator.qualifier != Some(crate::model::SetQualifier::ForAllValues)
        }
    })
}

fn check_mfa_traps(checker: &mut Checker<'_>, path: &JsonPath, statement: &Statement) {
    let Some(condition) = &statement.condition else {
        return;
    };
    for block in &condition.blocks {
        for entry in &block.entries {
            if !entry.key.eq_ignore_ascii_case("aws:MultiFactorAuthPresent") {
                continue;
            }
            let value_is = |expected: &str| {
                entry
                    .values
                    .iter()
                    .any(|value| value.to_text().eq_ignore_ascii_case(expected))
            };
            let entry_path = path
                .key("Condition")
                .key(&block.operator.to_string())
                .key(&entry.key);
            let operator = block.operator;
            let finding = match (statement.effect, operator.base, operator.if_exists) {
                (Effect::Allow, BaseOperator::Bool, true) if value_is("true") => Some((
                    codes::MFA_BYPASS_WITH_IF_EXISTS,
                    "`Allow` with `BoolIfExists aws:MultiFactorAuthPresent true` also allows long-term access keys, which carry no MFA key at all",
                    "use `Bool` (without IfExists) to require MFA",
                )),
                (Effect::Deny, BaseOperator::Bool, false) if value_is("false") => Some((
                    codes::MFA_DENY_MISSES_LONG_TERM_CREDENTIALS,
                    "`Deny` with `Bool aws:MultiFactorAuthPresent false` does not deny long-term access keys, which carry no MFA key",
                    "use `BoolIfExists aws:MultiFactorAuthPresent false` to deny every request without MFA",
                )),
                (Effect::Deny, BaseOperator::Null, false) if value_is("true") => Some((
                    codes::MFA_DENY_MISSES_SESSIONS_WITHOUT_MFA,
                    "`Deny` with `Null aws:MultiFactorAuthPresent true` does not deny temporary sessions created without MFA",
                    "use `BoolIfExists aws:MultiFactorAuthPresent false` to deny every request without MFA",
                )),
                _ => None,
            };
            if let Some((code, message, help)) = finding {
                checker.report(code, entry_path, message, Some(help.to_owned()));
            }
        }
    }
}

fn check_external_id_operator(checker: &mut Checker<'_>, path: &JsonPath, statement: &Statement) {
    let Some(condition) = &statement.condition else {
        return;
    };
    for block in &condition.blocks {
        if !block.operator.base.supports_wildcards() {
            continue;
        }
        for entry in &block.entries {
            if entry.key.eq_ignore_ascii_case("sts:ExternalId") {
                checker.report(
                    codes::EXTERNAL_ID_WITH_LIKE_OPERATOR,
                    path.key("Condition").key(&block.operator.to_string()).key(&entry.key),
                    format!("`sts:ExternalId` is compared with `{}`; wildcards weaken the confused-deputy protection", block.operator),
                    Some("use `StringEquals`".to_owned()),
                );
            }
        }
    }
}

/// Keys that tie a service principal's access to the caller's own resources.
const SOURCE_KEYS: [&str; 4] = [
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

/// A resource policy that lets a service principal in without saying on whose behalf (the
/// confused-deputy problem).
fn check_service_principal_scope(
    checker: &mut Checker<'_>,
    path: &JsonPath,
    statement: &Statement,
) {
    let Some(element) = &statement.principal else {
        return;
    };
    let services: Vec<&str> = element.principal().values(PrincipalType::Service).collect();
    if services.is_empty() || element.is_not_principal() {
        return;
    }
    let scoped = SOURCE_KEYS
        .iter()
        .any(|key| has_condition_key(statement.condition.as_ref(), key));
    if !scoped {
        checker.report(
            codes::RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL,
            path.key(element.element_name()),
            format!(
                "service principal `{}` is allowed without aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths",
                services[0]
            ),
            Some("add `StringEquals aws:SourceAccount` or `ArnLike aws:SourceArn` for the resources the service acts for".to_owned()),
        );
    }
}

/// OIDC trust: without conditions on the provider's claims, every identity of that provider
/// (for GitHub: every repository on github.com) may assume the role.
fn check_web_identity_trust(checker: &mut Checker<'_>, path: &JsonPath, statement: &Statement) {
    if statement.effect != Effect::Allow {
        return;
    }
    let Some(element) = &statement.principal else {
        return;
    };
    // The statement's condition keys, lowercase, gathered once for all providers.
    let mut keys: Option<std::collections::HashSet<String>> = None;
    for provider in element.principal().values(PrincipalType::Federated) {
        let Some(host) = provider.split_once(":oidc-provider/").map(|(_, host)| host) else {
            continue;
        };
        let keys = keys.get_or_insert_with(|| {
            statement
                .condition
                .iter()
                .flat_map(Condition::entries)
                .map(|(_, entry)| {
                    crate::meter::step(1);
                    entry.key.to_ascii_lowercase()
                })
                .collect()
        });
        let conditioned =
            |claim: &str| keys.contains(&format!("{host}:{claim}").to_ascii_lowercase());
        if host == "token.actions.githubusercontent.com" {
            if !conditioned("sub") {
                checker.report(
                    codes::MISSING_GITHUB_REPO_CONDITION_KEY,
                    path.key(element.element_name()),
                    "the role trusts GitHub Actions without a `token.actions.githubusercontent.com:sub` condition, so any repository on GitHub may assume it",
                    Some("add `StringLike token.actions.githubusercontent.com:sub \"repo:ORG/REPO:*\"`".to_owned()),
                );
            }
        } else if !conditioned("aud") && !conditioned("sub") && !conditioned("amr") {
            checker.report(
                codes::MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL,
                path.key(element.element_name()),
                format!("the role trusts the OIDC provider `{host}` without a condition on its `aud` or `sub` claims"),
                Some(format!("add `StringEquals {host}:aud` with your client id")),
            );
        }
    }
}

/// `dynamodb:Attributes` limits the attributes returned only together with `dynamodb:Select`.
fn check_dynamodb_attributes(checker: &mut Checker<'_>, path: &JsonPath, statement: &Statement) {
    if statement.effect != Effect::Allow
        || !has_condition_key(statement.condition.as_ref(), "dynamodb:Attributes")
        || has_condition_key(statement.condition.as_ref(), "dynamodb:Select")
    {
        return;
    }
    let Some(condition) = &statement.condition else {
        return;
    };
    if let Some((operator, entry)) = condition
        .entries()
        .find(|(_, entry)| entry.key.eq_ignore_ascii_case("dynamodb:Attributes"))
    {
        checker.report(
            codes::DYNAMODB_ATTRIBUTES_WITHOUT_SELECT,
            path.key("Condition").key(&operator.to_string()).key(&entry.key),
            "`dynamodb:Attributes` without `dynamodb:Select` still lets a query return every attribute",
            Some("add `StringEqualsIfExists dynamodb:Select \"SPECIFIC_ATTRIBUTES\"`".to_owned()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActionPattern, OneOrMany};

    #[test]
    fn indexed_action_lists_cover_as_action_elements_do() {
        let pattern_sets: &[&[&str]] = &[
            &["*"],
            &["iam:*", "s3:GetObject"],
            &["IAM:attach*", "ec2:Describe*", "ssm:Get*"],
            &["i*", "s?s:GetFederationToken", "lambda:Update*Code"],
            &[
                "*:GetParameter?",
                "ecr:*",
                "sts:Get*",
                "glue:UpdateDevEndpoint",
            ],
            &["s3:*", "dynamodb:*", "iam"],
            &[
                "iam:AttachRolePolicy",
                "IAM:createaccesskey",
                "s3:GetObject",
                "iam:Nope",
            ],
            &[],
        ];
        for patterns in pattern_sets {
            let patterns: Vec<ActionPattern> = patterns
                .iter()
                .map(|text| ActionPattern::new(*text))
                .collect();
            for element in [
                ActionElement::Action(OneOrMany::Many(patterns.clone())),
                ActionElement::NotAction(OneOrMany::Many(patterns.clone())),
            ] {
                let resolved: Vec<_> = patterns
                    .iter()
                    .map(|pattern| {
                        (!pattern.has_wildcard())
                            .then(|| crate::catalog::action(pattern.as_str()))
                            .flatten()
                    })
                    .collect();
                for list in action_lists() {
                    let expected: Vec<&str> = list
                        .actions
                        .iter()
                        .copied()
                        .filter(|action| element.covers(action))
                        .collect();
                    assert_eq!(
                        list.covered_by(&element, &resolved),
                        expected,
                        "{element:?}"
                    );
                    assert_eq!(list.covered_by(&element, &[]), expected, "{element:?}");
                }
            }
        }
    }
}
