//! Checks against the AWS catalog: actions and service prefixes, resource ARNs against resource
//! types (per-service region and account rules), action↔resource matching, condition keys,
//! operator↔key-type and set-qualifier rules, trust-policy actions.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::structure::value_path;
use super::{Checker, PolicyKind, Severity};
use crate::catalog::{self, ArnPattern, KeyType, ResourceType};
use crate::model::{
    ActionElement, ActionPattern, ConditionOperator, OperatorFamily, Principal, PrincipalType,
    ResourceElement, SetQualifier, Statement,
};
use crate::path::JsonPath;

/// Resource types by the service field of their ARN formats (`s3`, `iam`, `execute-api`).
fn resource_types_by_arn_service() -> &'static HashMap<&'static str, Vec<ResourceType>> {
    static INDEX: OnceLock<HashMap<&'static str, Vec<ResourceType>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<&'static str, Vec<ResourceType>> = HashMap::new();
        for service in catalog::services() {
            for resource_type in service.resource_types() {
                let mut seen: Vec<&str> = Vec::new();
                for format in resource_type.arn_formats() {
                    if let Some(field) = format.split(':').nth(2)
                        && !seen.contains(&field)
                    {
                        seen.push(field);
                        index.entry(field).or_default().push(resource_type);
                    }
                }
            }
        }
        index
    })
}

pub(crate) fn check(checker: &mut Checker<'_>) {
    for (path, statement) in checker.statements() {
        check_actions(checker, &path, statement);
        if let Some(resource) = &statement.resource {
            check_resources(checker, &path, statement, resource);
        }
        check_condition_keys(checker, &path, statement);
        if *checker.kind == PolicyKind::Trust {
            check_trust_actions(checker, &path, statement);
        }
    }
}

fn check_actions(checker: &mut Checker<'_>, path: &JsonPath, statement: &Statement) {
    let element = path.key(statement.action.element_name());
    let patterns = statement.action.patterns();
    for (index, pattern) in patterns.iter().enumerate() {
        let text = pattern.as_str();
        if text == "*" {
            continue;
        }
        let location = || value_path(&element, patterns, index);
        let Some((service, name)) = text.split_once(':') else {
            checker.report(
                "INVALID_ACTION",
                Severity::Error,
                location(),
                format!("action `{text}` is not written as `service:ActionName`"),
                None,
            );
            continue;
        };
        if !service.contains(['*', '?']) && catalog::service(service).is_none() {
            checker.report(
                "INVALID_SERVICE_IN_ACTION",
                Severity::Error,
                location(),
                format!("`{service}` in `{text}` is not an AWS service prefix"),
                catalog::suggest_service(service)
                    .map(|suggestion| format!("did you mean `{suggestion}:{name}`?")),
            );
            continue;
        }
        if pattern.has_wildcard() {
            if !catalog::pattern_matches_any(text) {
                checker.report(
                    "INVALID_ACTION",
                    Severity::Error,
                    location(),
                    format!("`{text}` matches no action"),
                    None,
                );
            }
        } else if catalog::action(text).is_none() {
            checker.report(
                "INVALID_ACTION",
                Severity::Error,
                location(),
                format!("`{text}` is not an action of `{service}`"),
                catalog::suggest_action(text)
                    .map(|suggestion| format!("did you mean `{suggestion}`?")),
            );
        }
        if *checker.kind == PolicyKind::ResourceControl
            && !service.contains(['*', '?'])
            && !catalog::RCP_SUPPORTED_SERVICES
                .iter()
                .any(|supported| supported.eq_ignore_ascii_case(service))
        {
            checker.report(
                "RCP_SYNTAX_ERROR_ACTION",
                Severity::Error,
                location(),
                format!("resource control policies do not support `{service}` actions"),
                None,
            );
        }
    }
}

/// The literal resource field of a template or ARN: empty, or holding a value.
fn template_field(template: &str, index: usize) -> &str {
    template.split(':').nth(index).unwrap_or_default()
}

fn check_resources(
    checker: &mut Checker<'_>,
    path: &JsonPath,
    statement: &Statement,
    resource: &ResourceElement,
) {
    if *checker.kind == PolicyKind::Trust {
        return;
    }
    let element = path.key(resource.element_name());
    let patterns = resource.patterns();
    let index = resource_types_by_arn_service();
    // Actions named exactly (or with wildcards within one service) that the statement allows.
    let actions: Vec<catalog::Action> = match &statement.action {
        ActionElement::Action(patterns) => patterns
            .iter()
            .filter(|pattern| {
                pattern
                    .service()
                    .is_some_and(|service| !service.contains(['*', '?']))
            })
            .flat_map(|pattern| catalog::matching_actions(pattern.as_str()))
            .collect(),
        ActionElement::NotAction(_) => Vec::new(),
    };
    let only_concrete_actions = matches!(&statement.action, ActionElement::Action(patterns)
        if patterns.iter().all(|pattern| pattern.service().is_some_and(|service| !service.contains(['*', '?']))));
    for (position, pattern) in patterns.iter().enumerate() {
        let text = pattern.as_str();
        let Some(arn) = pattern.arn() else {
            continue;
        };
        let service = arn.service();
        if service.contains(['*', '?', '$']) {
            continue;
        }
        let Some(candidates) = index.get(service) else {
            continue;
        };
        let location = || value_path(&element, patterns, position);
        let matching_types = |text: &str| -> Vec<ResourceType> {
            let matcher = ArnPattern::new(text);
            candidates
                .iter()
                .copied()
                .filter(|resource_type| matcher.matches(*resource_type))
                .collect()
        };
        let mut matching = matching_types(text);
        if matching.is_empty() && arn.account().is_empty() {
            // AWS-owned resources (public SSM documents and parameters, AWS managed views) have
            // no account in their ARNs although the format has one.
            let owned =
                crate::Arn::new(arn.partition(), service, arn.region(), "*", arn.resource());
            matching = matching_types(owned.as_str());
        }
        if matching.is_empty() {
            let formats: Vec<&str> = candidates
                .iter()
                .flat_map(|resource_type| resource_type.arn_formats())
                .collect();
            let all_without = |field: usize| {
                formats
                    .iter()
                    .all(|format| template_field(format, field).is_empty())
            };
            let all_with = |field: usize| {
                formats
                    .iter()
                    .all(|format| !template_field(format, field).is_empty())
            };
            let literal = |value: &str| !value.is_empty() && super::resources::is_literal(value);
            let (code, message) = if literal(arn.region()) && all_without(3) {
                (
                    "ARN_REGION_NOT_ALLOWED",
                    format!(
                        "`{service}` ARNs have no Region, but `{text}` names `{}`",
                        arn.region()
                    ),
                )
            } else if arn.region().is_empty() && all_with(3) {
                (
                    "MISSING_ARN_REGION",
                    format!("`{service}` ARNs need a Region, but `{text}` leaves it empty"),
                )
            } else if literal(arn.account()) && all_without(4) {
                (
                    "ARN_ACCOUNT_NOT_ALLOWED",
                    format!(
                        "`{service}` ARNs have no account, but `{text}` names `{}`",
                        arn.account()
                    ),
                )
            } else {
                (
                    "INVALID_ARN_RESOURCE",
                    format!("`{text}` fits none of the `{service}` resource types"),
                )
            };
            let help = formats
                .iter()
                .take(3)
                .map(|format| format!("`{format}`"))
                .collect::<Vec<_>>()
                .join(", ");
            checker.report(
                code,
                Severity::Error,
                location(),
                message,
                Some(format!("ARN formats include {help}")),
            );
            continue;
        }
        if only_concrete_actions && !actions.is_empty() && !resource.is_not_resource() {
            let usable = actions.iter().any(|action| {
                action.resource_types().any(|pair| {
                    matching.iter().any(|resource_type| {
                        same_resource_type(*resource_type, pair.resource_type())
                    })
                })
            });
            if !usable {
                checker.report(
                    "RESOURCE_MISMATCH",
                    Severity::Warning,
                    location(),
                    format!("no action of this statement applies to `{text}`"),
                    Some("check the resource type each action takes, or move the resource to a statement whose actions use it".to_owned()),
                );
            }
        }
    }
}

fn same_resource_type(a: ResourceType, b: ResourceType) -> bool {
    a.name() == b.name() && a.service().prefix() == b.service().prefix()
}

fn family_fits(family: OperatorFamily, key_type: KeyType) -> bool {
    match key_type.element() {
        // AWS's own policies compare ARN-valued string keys (`kms:EncryptionContext:aws:s3:arn`)
        // with ARN operators, which IAM evaluates as intended.
        KeyType::String => matches!(family, OperatorFamily::String | OperatorFamily::Arn),
        KeyType::Arn => matches!(family, OperatorFamily::Arn | OperatorFamily::String),
        KeyType::Bool => matches!(family, OperatorFamily::Bool),
        KeyType::Numeric => matches!(family, OperatorFamily::Numeric),
        KeyType::Date => matches!(family, OperatorFamily::Date),
        KeyType::IpAddress => matches!(family, OperatorFamily::IpAddress),
        _ => true,
    }
}

fn check_condition_keys(checker: &mut Checker<'_>, path: &JsonPath, statement: &Statement) {
    let Some(condition) = &statement.condition else {
        return;
    };
    for block in &condition.blocks {
        let operator: ConditionOperator = block.operator;
        for entry in &block.entries {
            let key = entry.key.as_str();
            let entry_path = || path.key("Condition").key(&operator.to_string()).key(key);
            let Some((prefix, _)) = key.split_once(':') else {
                continue;
            };
            // Keys of identity providers (`accounts.google.com:aud`, `saml:sub`, OIDC hosts)
            // are not in the service catalog.
            if prefix.contains('.') || prefix.eq_ignore_ascii_case("saml") {
                continue;
            }
            let Some(found) = catalog::condition_key(key) else {
                let suggestion = catalog::suggest_condition_key(key)
                    .map(|suggestion| format!("did you mean `{suggestion}`?"));
                if prefix.eq_ignore_ascii_case("aws") {
                    checker.report(
                        "INVALID_GLOBAL_CONDITION_KEY",
                        Severity::Error,
                        entry_path(),
                        format!("`{key}` is not a global condition key"),
                        suggestion,
                    );
                } else if catalog::service(prefix).is_none() {
                    checker.report(
                        "INVALID_SERVICE",
                        Severity::Error,
                        entry_path(),
                        format!("`{prefix}` in condition key `{key}` is not an AWS service prefix"),
                        catalog::suggest_service(prefix)
                            .map(|suggestion| format!("did you mean `{suggestion}`?")),
                    );
                } else {
                    checker.report(
                        "INVALID_SERVICE_CONDITION_KEY",
                        Severity::Error,
                        entry_path(),
                        format!("`{prefix}` defines no condition key `{key}`"),
                        suggestion,
                    );
                }
                continue;
            };
            if key.eq_ignore_ascii_case("aws:ARN") {
                checker.report(
                    "DEPRECATED_GLOBAL_CONDITION_KEY",
                    Severity::Warning,
                    entry_path(),
                    "`aws:ARN` is deprecated",
                    Some("use `aws:PrincipalArn` or `aws:SourceArn`".to_owned()),
                );
            }
            let key_type = found.key_type();
            if operator.base.family() != OperatorFamily::Null
                && !family_fits(operator.base.family(), key_type)
            {
                checker.report(
                    "TYPE_MISMATCH",
                    Severity::Warning,
                    entry_path(),
                    format!(
                        "`{}` compares {:?} values, but `{key}` is of type {key_type}",
                        operator.base,
                        operator.base.family()
                    ),
                    None,
                );
            } else if key_type.element() == KeyType::Arn
                && matches!(
                    operator.base,
                    crate::BaseOperator::StringLike | crate::BaseOperator::StringNotLike
                )
            {
                checker.report(
                    "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
                    Severity::SecurityWarning,
                    entry_path(),
                    format!(
                        "`{}` on the ARN key `{key}` matches across ARN fields",
                        operator.base
                    ),
                    Some(format!(
                        "use `{}`",
                        if operator.base.is_negated() {
                            "ArnNotLike"
                        } else {
                            "ArnLike"
                        }
                    )),
                );
            }
            if operator.base.family() != OperatorFamily::Null
                && !matches!(key_type, KeyType::Unknown(_))
            {
                match (key_type.is_multivalued(), operator.qualifier) {
                    (true, None) => checker.report(
                        "MISSING_QUALIFIER",
                        Severity::Error,
                        entry_path(),
                        format!("`{key}` is multivalued, so `{operator}` needs `ForAllValues:` or `ForAnyValue:`"),
                        Some(format!("use `ForAnyValue:{operator}` (any value matches) or `ForAllValues:{operator}` (every value matches)")),
                    ),
                    (false, Some(SetQualifier::ForAllValues)) => checker.report(
                        "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
                        Severity::SecurityWarning,
                        entry_path(),
                        format!("`ForAllValues:` on the single-valued key `{key}` is true when the key is absent"),
                        Some(format!("use `{}`", ConditionOperator { qualifier: None, ..operator })),
                    ),
                    _ => {}
                }
            }
            if !found.is_global()
                && let ActionElement::Action(patterns) = &statement.action
            {
                let unsupported: Vec<&str> = patterns
                    .iter()
                    .map(ActionPattern::as_str)
                    .filter(|text| !text.contains(['*', '?']))
                    .filter(|text| {
                        text.split_once(':')
                            .is_some_and(|(service, _)| service.eq_ignore_ascii_case(prefix))
                    })
                    .filter(|text| {
                        catalog::action(text)
                            .is_some_and(|action| !action.supports_condition_key(key))
                    })
                    .collect();
                if !unsupported.is_empty() {
                    let shown = unsupported
                        .iter()
                        .take(3)
                        .map(|action| format!("`{action}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    checker.report(
                        "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
                        Severity::Error,
                        entry_path(),
                        format!(
                            "`{key}` is not evaluated for {shown}{}",
                            if unsupported.len() > 3 {
                                " and others"
                            } else {
                                ""
                            }
                        ),
                        Some("move those actions to a statement without this condition".to_owned()),
                    );
                }
            }
        }
    }
}

const TRUST_ACTIONS: [&str; 6] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

fn check_trust_actions(checker: &mut Checker<'_>, path: &JsonPath, statement: &Statement) {
    let ActionElement::Action(patterns) = &statement.action else {
        return;
    };
    let element = path.key("Action");
    for (index, pattern) in patterns.iter().enumerate() {
        let text = pattern.as_str();
        let fits = TRUST_ACTIONS.iter().any(|action| pattern.matches(action));
        if !fits && catalog::pattern_matches_any(text) {
            checker.report(
                "UNSUPPORTED_ACTION_IN_POLICY",
                Severity::Error,
                value_path(&element, patterns, index),
                format!("`{text}` is not an action a role trust policy can allow"),
                Some("use sts:AssumeRole (or AssumeRoleWithSAML / AssumeRoleWithWebIdentity), sts:TagSession, sts:SetSourceIdentity".to_owned()),
            );
        }
    }
    let Some(element) = &statement.principal else {
        return;
    };
    let Principal::Map(entries) = element.principal() else {
        return;
    };
    let allows = |action: &str| statement.action.covers(action);
    for (kind, values) in entries {
        for value in values.iter() {
            let needed = match kind {
                PrincipalType::Federated if value.contains(":saml-provider/") => {
                    "sts:AssumeRoleWithSAML"
                }
                PrincipalType::Federated => "sts:AssumeRoleWithWebIdentity",
                PrincipalType::Aws | PrincipalType::Service => "sts:AssumeRole",
                PrincipalType::CanonicalUser => continue,
            };
            if !allows(needed) {
                checker.report(
                    "MISMATCHED_ACTION_FOR_PRINCIPAL",
                    Severity::Error,
                    path.key("Action"),
                    format!("principal `{value}` assumes roles with `{needed}`, which the statement does not allow"),
                    Some(format!("add `{needed}`")),
                );
            }
            if *kind == PrincipalType::Service && value == "rolesanywhere.amazonaws.com" {
                let missing: Vec<&str> =
                    ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
                        .into_iter()
                        .filter(|action| !allows(action))
                        .collect();
                if !missing.is_empty() {
                    checker.report(
                        "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
                        Severity::Error,
                        path.key("Action"),
                        format!("IAM Roles Anywhere also needs {}", missing.join(", ")),
                        None,
                    );
                }
            }
        }
    }
}
