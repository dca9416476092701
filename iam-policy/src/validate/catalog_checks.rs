//! Checks against the AWS catalog: actions and service prefixes, resource ARNs against resource
//! types (per-service region and account rules), action↔resource matching, condition keys,
//! operator↔key-type and set-qualifier rules, trust-policy actions.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

use super::structure::value_path;
use super::{Checker, PolicyKind, Severity};
use crate::catalog::{self, ArnPattern, ArnTemplate, KeyType, ResourceType};
use crate::codes;
use crate::fast_hash::{CaseFolded, FastHash};
use crate::model::{
    ActionElement, ConditionOperator, OperatorFamily, Principal, PrincipalType, ResourceElement,
    SetQualifier, Statement,
};
use crate::path::JsonPath;

/// One ARN format of a resource type, with the literal start of its resource part (before the
/// first placeholder), used to rule out most candidates before the full match.
struct Format {
    resource_type: ResourceType,
    template: &'static str,
    literal_start: &'static str,
    /// The template prepared for matching, on first use: a policy names few of the ~2k formats,
    /// and preparing them all would cost every process a few milliseconds before its first check.
    prepared: OnceLock<ArnTemplate>,
}

/// The ARN formats of every resource type, by the service field of the format (`s3`, `iam`,
/// `execute-api`).
fn formats_by_arn_service() -> &'static HashMap<&'static str, Vec<Format>, FastHash> {
    static INDEX: OnceLock<HashMap<&'static str, Vec<Format>, FastHash>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<&'static str, Vec<Format>, FastHash> = HashMap::default();
        for service in catalog::services() {
            for resource_type in service.resource_types() {
                for template in resource_type.arn_formats() {
                    let mut fields = template.splitn(6, ':');
                    let Some(field) = fields.nth(2) else {
                        continue;
                    };
                    let resource = fields.nth(2).unwrap_or_default();
                    let literal_start = &resource[..resource.find("${").unwrap_or(resource.len())];
                    index.entry(field).or_default().push(Format {
                        resource_type,
                        template,
                        literal_start,
                        prepared: OnceLock::new(),
                    });
                }
            }
        }
        index
    })
}

/// Whether two literal starts can belong to one resource: one is a prefix of the other.
fn starts_agree(policy_start: &str, template_start: &str) -> bool {
    let length = policy_start.len().min(template_start.len());
    policy_start.as_bytes()[..length] == template_start.as_bytes()[..length]
}

pub(crate) fn check(checker: &mut Checker<'_>) {
    // One policy often names the same unknown service many times: suggest once per name.
    let mut service_suggestions: HashMap<&str, Option<&'static str>> = HashMap::new();
    // And the same ARN in several statements: match it against the formats once.
    let mut arn_types: ArnTypes<'_> = HashMap::default();
    let resolved_actions = checker.resolved_actions();
    for (&(ref path, statement), resolved) in
        checker.statements().iter().zip(resolved_actions.iter())
    {
        check_actions(checker, path, statement, resolved, &mut service_suggestions);
        if let Some(resource) = &statement.resource {
            check_resources(checker, path, statement, resolved, resource, &mut arn_types);
        }
        check_condition_keys(checker, path, statement, resolved);
        if is_trust_statement(checker.kind, statement) {
            check_trust_actions(checker, path, statement);
        }
    }
}

/// Whether a statement is judged as a role trust statement: every statement of a trust policy,
/// and, in a resource policy of no known resource type, a statement whose actions are all
/// actions a role trust policy allows (`sts:AssumeRole`, `sts:TagSession`, ...). Access Analyzer
/// judges a trust policy sent as a plain resource policy this way: it reports principals that do
/// not fit the action (`MISMATCHED_ACTION_FOR_PRINCIPAL`), and neither the missing `Resource` nor
/// the federated principal that such a statement has.
pub(crate) fn is_trust_statement(kind: &PolicyKind, statement: &Statement) -> bool {
    match kind {
        PolicyKind::Trust => true,
        PolicyKind::Resource {
            resource_type: None,
        } => match &statement.action {
            ActionElement::Action(patterns) => {
                !patterns.is_empty()
                    && patterns.iter().all(|pattern| {
                        TRUST_ACTIONS
                            .iter()
                            .any(|action| action.eq_ignore_ascii_case(pattern.as_str()))
                    })
            }
            ActionElement::NotAction(_) => false,
        },
        _ => false,
    }
}

fn check_actions<'p>(
    checker: &mut Checker<'_>,
    path: &JsonPath,
    statement: &'p Statement,
    resolved: &[Option<catalog::Action>],
    service_suggestions: &mut HashMap<&'p str, Option<&'static str>>,
) {
    // Built only for a finding.
    let element = || path.key(statement.action.element_name());
    let patterns = statement.action.patterns();
    for (index, pattern) in patterns.iter().enumerate() {
        let text = pattern.as_str();
        if text == "*" {
            continue;
        }
        let location = || value_path(&element(), patterns, index);
        let Some((service, name)) = crate::model::split_at_colon(text) else {
            checker.report(
                codes::INVALID_ACTION,
                location(),
                format!("action `{text}` is not written as `service:ActionName`"),
                None,
            );
            continue;
        };
        let wildcard_service = crate::catalog::has_wildcard(service);
        // The common case first: a literal action the catalog knows.
        let known = resolved[index].is_some();
        if !known && !wildcard_service && catalog::service(service).is_none() {
            if let Some(retired) = super::retired::retired_service(service) {
                checker.report(
                    codes::RETIRED_SERVICE,
                    location(),
                    format!(
                        "`{text}` is an action of {}, which AWS retired ({}); it grants nothing",
                        retired.name, retired.ended
                    ),
                    Some(retired.help()),
                );
                continue;
            }
            checker.report(
                codes::INVALID_SERVICE_IN_ACTION,
                location(),
                format!("`{service}` in `{text}` is not an AWS service prefix"),
                service_suggestions
                    .entry(service)
                    .or_insert_with(|| catalog::suggest_service(service))
                    .map(|suggestion| format!("did you mean `{suggestion}:{name}`?")),
            );
            continue;
        }
        if pattern.has_wildcard() {
            if !catalog::pattern_matches_any(text) {
                checker.report(
                    codes::INVALID_ACTION,
                    location(),
                    format!("`{text}` matches no action"),
                    None,
                );
            }
        } else if !known {
            checker.report(
                codes::INVALID_ACTION,
                location(),
                format!("`{text}` is not an action of `{service}`"),
                catalog::suggest_action(text)
                    .map(|suggestion| format!("did you mean `{suggestion}`?")),
            );
        }
        if let Some(resource_type) = checker.kind.resource_type()
            && !statement.action.is_not_action()
            && !wildcard_service
            && !resource_type
                .action_services()
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(service))
        {
            checker.report(
                codes::UNSUPPORTED_ACTION_IN_POLICY,
                location(),
                format!("`{text}` is not supported in the resource policy of a `{resource_type}`"),
                Some(format!(
                    "a `{resource_type}` policy allows only {} actions",
                    resource_type
                        .action_services()
                        .iter()
                        .map(|service| format!("`{service}:`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        if *checker.kind == PolicyKind::ResourceControl
            && !crate::catalog::has_wildcard(service)
            && !catalog::RCP_SUPPORTED_SERVICES
                .iter()
                .any(|supported| supported.eq_ignore_ascii_case(service))
        {
            checker.report(
                codes::RCP_SYNTAX_ERROR_ACTION,
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

/// The resource types each ARN of a policy matches, by the ARN as written.
type ArnTypes<'p> = HashMap<&'p str, Rc<[ResourceType]>, FastHash>;

fn check_resources<'p>(
    checker: &mut Checker<'_>,
    path: &JsonPath,
    statement: &Statement,
    resolved: &[Option<catalog::Action>],
    resource: &'p ResourceElement,
    arn_types: &mut ArnTypes<'p>,
) {
    if *checker.kind == PolicyKind::Trust {
        return;
    }
    // Built only for a finding.
    let element = || path.key(resource.element_name());
    let patterns = resource.patterns();
    let index = formats_by_arn_service();
    // Actions named exactly (or with wildcards within one service) that the statement allows.
    // The actions the statement allows, expanded from its patterns only when an ARN needs them
    // (most large statements use `Resource: "*"`).
    let mut actions: Option<Vec<catalog::Action>> = None;
    // Each action once (by catalog id), however many patterns name it: their number is bounded
    // by the catalog, not by the statement.
    let expand_actions = || -> Vec<catalog::Action> {
        let mut actions = Vec::new();
        let mut seen = std::collections::HashSet::<u32, FastHash>::default();
        let mut add = |action: catalog::Action| {
            crate::meter::step(1);
            if seen.insert(action.id) {
                actions.push(action);
            }
        };
        if let ActionElement::Action(patterns) = &statement.action {
            for (pattern, resolved) in patterns.iter().zip(resolved) {
                // Only patterns within one service.
                let one_service = pattern
                    .service()
                    .is_some_and(|service| !crate::catalog::has_wildcard(service));
                if !one_service {
                    continue;
                }
                if pattern.has_wildcard() {
                    catalog::matching_actions(pattern.as_str()).for_each(&mut add);
                } else {
                    // What `matching_actions` finds for a literal name, already looked up.
                    resolved.iter().copied().for_each(&mut add);
                }
            }
        }
        actions
    };
    // Whether every entry is an `Action` within one named service; found on first need (most
    // statements have no ARN to judge).
    let only_concrete_actions = std::cell::OnceCell::new();
    let only_concrete_actions = || {
        *only_concrete_actions.get_or_init(|| {
            matches!(&statement.action, ActionElement::Action(patterns)
                if patterns.iter().all(|pattern| pattern.service().is_some_and(|service| !crate::catalog::has_wildcard(service))))
        })
    };
    // A policy for a known resource type may name only that type's resources (`NotResource`
    // names what is excluded, so it is not judged).
    let resource_type = checker
        .kind
        .resource_type()
        .filter(|_| !resource.is_not_resource());
    // See below: the verdicts by ARN service and resource types, and whether every action has
    // resource types in the catalog.
    type TypeNames = Vec<(&'static str, &'static str)>;
    let mut verdicts: HashMap<(String, TypeNames), (bool, bool), FastHash> = HashMap::default();
    let mut all_documented: Option<bool> = None;
    for (position, pattern) in patterns.iter().enumerate() {
        let text = pattern.as_str();
        let location = || value_path(&element(), patterns, position);
        // Not an ARN (`*`): nothing to match, and no parse error to build.
        if !text.starts_with("arn:") {
            if let Some(resource_type) = resource_type
                && text == "*"
                && !resource_type.accepts_any_resource()
            {
                report_unsupported_arn(checker, location(), text, resource_type);
            }
            continue;
        }
        let Some(arn) = pattern.arn() else {
            continue;
        };
        let service = arn.service();
        if service.contains(['*', '?', '$']) {
            continue;
        }
        if let Some(resource_type) = resource_type
            && !resource_type.accepts_arn_service(service)
        {
            report_unsupported_arn(checker, location(), text, resource_type);
            continue;
        }
        let Some(formats) = index.get(service) else {
            continue;
        };
        let matching_types = |text: &str, resource: &str| -> Vec<ResourceType> {
            let policy_start =
                &resource[..resource.find(['*', '?', '$']).unwrap_or(resource.len())];
            let matcher = ArnPattern::new(text);
            let mut found: Vec<ResourceType> = Vec::new();
            for format in formats {
                if starts_agree(policy_start, format.literal_start)
                    && !found
                        .iter()
                        .any(|known| same_resource_type(*known, format.resource_type))
                    && matcher.matches_prepared(
                        format
                            .prepared
                            .get_or_init(|| ArnTemplate::new(format.template)),
                    )
                {
                    found.push(format.resource_type);
                }
            }
            found
        };
        let matching = Rc::clone(arn_types.entry(text).or_insert_with(|| {
            let mut matching = matching_types(text, arn.resource());
            if matching.is_empty() && arn.account().is_empty() {
                // AWS-owned resources (public SSM documents and parameters, AWS managed views)
                // have no account in their ARNs although the format has one.
                let owned =
                    crate::Arn::new(arn.partition(), service, arn.region(), "*", arn.resource());
                matching = matching_types(owned.as_str(), arn.resource());
            }
            Rc::from(matching)
        }));
        if matching.is_empty() {
            // Judge region and account against the formats this resource could be meant as
            // (those whose literal start agrees with it), or all of them if none does.
            let policy_start = &arn.resource()[..arn
                .resource()
                .find(['*', '?', '$'])
                .unwrap_or(arn.resource().len())];
            let named_type = named_resource_type(formats, policy_start);
            let mut formats: Vec<&str> = formats
                .iter()
                .filter(|format| starts_agree(policy_start, format.literal_start))
                .map(|format| format.template)
                .collect();
            if formats.is_empty() {
                formats = index.get(service).map_or_else(Vec::new, |all| {
                    all.iter().map(|format| format.template).collect()
                });
            }
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
                    codes::ARN_REGION_NOT_ALLOWED,
                    format!(
                        "`{service}` ARNs have no Region, but `{text}` names `{}`",
                        arn.region()
                    ),
                )
            } else if arn.region().is_empty() && all_with(3) {
                (
                    codes::MISSING_ARN_REGION,
                    format!("`{service}` ARNs need a Region, but `{text}` leaves it empty"),
                )
            } else if literal(arn.account()) && all_without(4) {
                (
                    codes::ARN_ACCOUNT_NOT_ALLOWED,
                    format!(
                        "`{service}` ARNs have no account, but `{text}` names `{}`",
                        arn.account()
                    ),
                )
            } else if let Some(named) = named_type {
                // The ARN names a resource type of the service (its keyword, such as `stack/`,
                // in any letter case) but fits none of its formats: IAM compares resource ARNs
                // with case and every field, so it matches no resource. Access Analyzer accepts
                // such ARNs, so this is a warning.
                formats = vec![named.template];
                (
                    codes::ARN_MATCHES_NO_RESOURCE,
                    format!(
                        "`{text}` names a `{service}` `{}` but fits none of its ARN formats, so it matches no resource",
                        named.resource_type.name()
                    ),
                )
            } else {
                (
                    codes::INVALID_ARN_RESOURCE,
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
                location(),
                message,
                Some(format!("ARN formats include {help}")),
            );
            continue;
        }
        if let Some(resource_type) = resource_type
            && !matching
                .iter()
                .any(|matched| resource_type.accepts_resource_type(service, matched.name()))
        {
            report_unsupported_arn(checker, location(), text, resource_type);
            continue;
        }
        let actions = actions.get_or_insert_with(expand_actions);
        if !actions.is_empty() && !resource.is_not_resource() && only_concrete_actions() {
            // What the actions say of an ARN depends only on its service field and the resource
            // types it matches: judged once for each such pair, not once per ARN.
            let key = (
                service.to_owned(),
                matching
                    .iter()
                    .map(|resource_type| (resource_type.service().prefix(), resource_type.name()))
                    .collect::<Vec<_>>(),
            );
            crate::meter::step(1);
            let (usable, service_used) = *verdicts.entry(key).or_insert_with(|| {
                crate::meter::step(actions.len());
                let usable = actions.iter().any(|action| {
                    action.resource_types().any(|pair| {
                        matching.iter().any(|resource_type| {
                            same_resource_type(*resource_type, pair.resource_type())
                        })
                    })
                });
                // Worse than a wrong resource type: no action is of this service or takes any
                // resource of it (`s3:GetObject` on a DynamoDB table). Actions may take other
                // services' resources (`sts:AssumeRole` on an IAM role), so the services come
                // from the ARN formats too.
                let service_used = actions.iter().any(|action| {
                    action.service().prefix() == service
                        || action.resource_types().any(|pair| {
                            pair.resource_type()
                                .arn_formats()
                                .any(|format| template_field(format, 2) == service)
                        })
                });
                (usable, service_used)
            });
            // Only when the catalog lists resource types for every action: an action listed
            // without any may still take resources the data does not record.
            let all_documented = *all_documented.get_or_insert_with(|| {
                actions
                    .iter()
                    .all(|action| action.resource_types().next().is_some())
            });
            if !service_used && all_documented {
                let services: Vec<&str> = {
                    let mut services: Vec<&str> = actions
                        .iter()
                        .map(|action| action.service().prefix())
                        .collect();
                    services.dedup();
                    services
                };
                checker.report(
                    codes::RESOURCE_SERVICE_MISMATCH,
                    location(),
                    format!(
                        "no action of this statement takes `{service}` resources, so `{text}` grants nothing"
                    ),
                    Some(format!(
                        "the actions are of {}; move this resource to a statement with `{service}` actions",
                        services.iter().map(|service| format!("`{service}`")).collect::<Vec<_>>().join(", ")
                    )),
                );
            } else if !usable {
                checker.report(
                    codes::RESOURCE_MISMATCH,
                    location(),
                    format!("no action of this statement applies to `{text}`"),
                    Some("check the resource type each action takes, or move the resource to a statement whose actions use it".to_owned()),
                );
            }
        }
    }
}

/// The format whose resource-type keyword (the literal start of its resource part, such as
/// `stack/` or `stateMachine:`) the policy's resource starts with, ignoring ASCII case and any
/// leading `:` (an empty field too many).
fn named_resource_type<'f>(formats: &'f [Format], policy_start: &str) -> Option<&'f Format> {
    let policy_start = policy_start.trim_start_matches(':');
    formats.iter().find(|format| {
        let keyword = format.literal_start;
        keyword.ends_with(['/', ':'])
            && keyword.len() > 1
            && policy_start
                .get(..keyword.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(keyword))
    })
}

fn report_unsupported_arn(
    checker: &mut Checker<'_>,
    location: JsonPath,
    text: &str,
    resource_type: super::ResourcePolicyType,
) {
    checker.report(
        codes::UNSUPPORTED_RESOURCE_ARN_IN_POLICY,
        location,
        format!("`{text}` is not a resource that the policy of a `{resource_type}` can name"),
        Some(if resource_type.accepts_any_resource() {
            format!("a `{resource_type}` policy names resources of its own service, or `*`")
        } else {
            format!("a `{resource_type}` policy names only its own resources; `*` is not accepted")
        }),
    );
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

/// The statement's literal `Action` entries that the catalog knows, with their actions, by
/// service part (ignoring case); each action once (its first entry), however often it is named,
/// so that their number is bounded by the catalog, not by the statement.
fn literal_actions_by_service<'s>(
    statement: &'s Statement,
    resolved: &[Option<catalog::Action>],
) -> HashMap<CaseFolded<'s>, Vec<(&'s str, catalog::Action)>, FastHash> {
    let mut by_service: HashMap<CaseFolded<'s>, Vec<_>, FastHash> = HashMap::default();
    let ActionElement::Action(patterns) = &statement.action else {
        return by_service;
    };
    let mut seen = std::collections::HashSet::<u32, FastHash>::default();
    for (pattern, action) in patterns.iter().zip(resolved) {
        crate::meter::step(1);
        let text = pattern.as_str();
        if let (Some(action), Some((service, _))) = (action, crate::model::split_at_colon(text))
            && seen.insert(action.id)
        {
            by_service
                .entry(CaseFolded(service))
                .or_default()
                .push((text, *action));
        }
    }
    by_service
}

fn check_condition_keys(
    checker: &mut Checker<'_>,
    path: &JsonPath,
    statement: &Statement,
    resolved: &[Option<catalog::Action>],
) {
    let Some(condition) = &statement.condition else {
        return;
    };
    let mut actions_by_service: Option<HashMap<CaseFolded<'_>, Vec<_>, FastHash>> = None;
    for block in &condition.blocks {
        let operator: ConditionOperator = block.operator;
        for entry in &block.entries {
            let key = entry.key.as_str();
            let entry_path = || path.key("Condition").key(&operator.to_string()).key(key);
            let Some((prefix, _)) = crate::model::split_at_colon(key) else {
                continue;
            };
            // Keys of identity providers (`accounts.google.com:aud`, `saml:sub`, OIDC hosts)
            // belong to AWS STS: the catalog lists some for the `sts:` actions that evaluate
            // them; the others (any OIDC host) are not in the catalog.
            if prefix.contains('.') || prefix.eq_ignore_ascii_case("saml") {
                if let Some(found) = catalog::condition_key(key)
                    && !operator.if_exists
                {
                    let by_service = actions_by_service
                        .get_or_insert_with(|| literal_actions_by_service(statement, resolved));
                    let of_sts = by_service
                        .get(&CaseFolded("sts"))
                        .map_or(&[][..], Vec::as_slice);
                    report_unsupported_actions(checker, of_sts, key, found, entry_path);
                }
                continue;
            }
            if key.eq_ignore_ascii_case("aws:ARN") {
                checker.report(
                    codes::DEPRECATED_GLOBAL_CONDITION_KEY,
                    entry_path(),
                    "`aws:ARN` is deprecated",
                    Some("use `aws:PrincipalArn` or `aws:SourceArn`".to_owned()),
                );
                continue;
            }
            let Some(found) = catalog::condition_key(key) else {
                let suggestion = catalog::suggest_condition_key(key)
                    .map(|suggestion| format!("did you mean `{suggestion}`?"));
                if prefix.eq_ignore_ascii_case("aws") {
                    checker.report(
                        codes::INVALID_GLOBAL_CONDITION_KEY,
                        entry_path(),
                        format!("`{key}` is not a global condition key"),
                        suggestion,
                    );
                } else if let Some(retired) = super::retired::retired_service(prefix) {
                    checker.report(
                        codes::RETIRED_SERVICE,
                        entry_path(),
                        format!(
                            "`{key}` is a condition key of {}, which AWS retired ({})",
                            retired.name, retired.ended
                        ),
                        Some(retired.help()),
                    );
                } else if catalog::service(prefix).is_none() {
                    checker.report(
                        codes::INVALID_SERVICE,
                        entry_path(),
                        format!("`{prefix}` in condition key `{key}` is not an AWS service prefix"),
                        catalog::suggest_service(prefix)
                            .map(|suggestion| format!("did you mean `{suggestion}`?")),
                    );
                } else {
                    checker.report(
                        codes::INVALID_SERVICE_CONDITION_KEY,
                        entry_path(),
                        format!("`{prefix}` defines no condition key `{key}`"),
                        suggestion,
                    );
                }
                continue;
            };
            let key_type = found.key_type();
            if operator.base.family() != OperatorFamily::Null
                && !family_fits(operator.base.family(), key_type)
            {
                checker.report(
                    codes::TYPE_MISMATCH,
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
                    codes::STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS,
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
                        codes::MISSING_QUALIFIER,
                        entry_path(),
                        format!("`{key}` is multivalued, so `{operator}` needs `ForAllValues:` or `ForAnyValue:`"),
                        Some(format!("use `ForAnyValue:{operator}` (any value matches) or `ForAllValues:{operator}` (every value matches)")),
                    ),
                    (false, Some(SetQualifier::ForAllValues)) => checker.report(
                        codes::FORALLVALUES_WITH_SINGLE_VALUED_KEY,
                        entry_path(),
                        format!("`ForAllValues:` on the single-valued key `{key}` is true when the key is absent"),
                        Some(format!("use `{}`", ConditionOperator { qualifier: None, ..operator })),
                    ),
                    _ => {}
                }
            }
            // With `...IfExists` the author expects actions without the key (the key is absent
            // for them, and the condition holds), as in AWS's own DynamoDB examples.
            if !found.is_global() && !operator.if_exists {
                let by_service = actions_by_service
                    .get_or_insert_with(|| literal_actions_by_service(statement, resolved));
                let of_service = by_service
                    .get(&CaseFolded(prefix))
                    .map_or(&[][..], Vec::as_slice);
                report_unsupported_actions(checker, of_service, key, found, entry_path);
            }
        }
    }
}

/// `UNSUPPORTED_ACTION_FOR_CONDITION_KEY`: the literal actions of `key_service` in `resolved`
/// that do not list `found` (the key `key` resolved, not global), so the condition is not
/// evaluated for them. An `ERROR` when such an action takes a resource type; only a `WARNING`
/// when all of them take none (they act on `*`, and the catalog lists no keys of resource types
/// for them), which Access Analyzer does not report.
/// Reports the actions of the key's service (`of_service`, each once) that do not evaluate the
/// condition key: an ERROR, or a WARNING when none of them takes a resource type.
fn report_unsupported_actions(
    checker: &mut Checker<'_>,
    of_service: &[(&str, catalog::Action)],
    key: &str,
    found: catalog::ConditionKey,
    entry_path: impl Fn() -> JsonPath,
) {
    crate::meter::step(of_service.len());
    let unsupported: Vec<(&str, catalog::Action)> = of_service
        .iter()
        // `supports_condition_key(key)`: `found` is `key` resolved, not global.
        .filter(|(_, action)| !action.lists_resolved_key(found))
        .copied()
        .collect();
    if unsupported.is_empty() {
        return;
    }
    let with_resources: Vec<&str> = unsupported
        .iter()
        .filter(|(_, action)| action.resource_types().next().is_some())
        .map(|(text, _)| *text)
        .collect();
    let (severity, named, note) = if with_resources.is_empty() {
        (
            Severity::Warning,
            unsupported.iter().map(|(text, _)| *text).collect(),
            "; they take no resource type, so a condition on the key may never hold for them",
        )
    } else {
        (Severity::Error, with_resources, "")
    };
    let shown = named
        .iter()
        .take(3)
        .map(|action| format!("`{action}`"))
        .collect::<Vec<_>>()
        .join(", ");
    // Access Analyzer does not report actions without resource types: a WARNING of our own.
    checker.report_as(
        codes::UNSUPPORTED_ACTION_FOR_CONDITION_KEY,
        severity,
        entry_path(),
        format!(
            "`{key}` is not evaluated for {shown}{}{note}",
            if named.len() > 3 { " and others" } else { "" }
        ),
        Some("move those actions to a statement without this condition".to_owned()),
    );
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
                codes::UNSUPPORTED_ACTION_IN_POLICY,
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
    // Each action looked up once, not once per principal (there are a handful).
    let mut covered: Vec<(&str, bool)> = Vec::new();
    let mut allows = |action: &'static str| match covered.iter().find(|(known, _)| *known == action)
    {
        Some(&(_, allowed)) => allowed,
        None => {
            let allowed = statement.action.covers(action);
            covered.push((action, allowed));
            allowed
        }
    };
    for (kind, values) in entries {
        for value in values {
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
                    codes::MISMATCHED_ACTION_FOR_PRINCIPAL,
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
                        codes::MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY,
                        path.key("Action"),
                        format!("IAM Roles Anywhere also needs {}", missing.join(", ")),
                        None,
                    );
                }
            }
        }
    }
}
