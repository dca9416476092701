//! Principal forms in resource and trust policies.

use super::structure::value_path;
use super::{Checker, PolicyKind};
use crate::AccountId;
use crate::codes;
use crate::model::{Principal, PrincipalElement, PrincipalType};
use crate::path::JsonPath;
use crate::variables::has_wildcard_outside_variables;

/// Web identity providers that may appear as `Federated` principals without an ARN.
const WEB_IDENTITY_PROVIDERS: [&str; 4] = [
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
];

pub(crate) fn check(checker: &mut Checker<'_>) {
    if !matches!(
        checker.kind,
        PolicyKind::Trust | PolicyKind::Resource { .. }
    ) {
        return;
    }
    let is_trust = *checker.kind == PolicyKind::Trust;
    for &(ref path, statement) in checker.statements().iter() {
        let Some(element) = &statement.principal else {
            continue;
        };
        if let PrincipalElement::NotPrincipal(_) = element
            && statement.effect == crate::Effect::Allow
            && !is_trust
        {
            checker.report(
                codes::ALLOW_WITH_NOT_PRINCIPAL,
                path.key("NotPrincipal"),
                "`Allow` with `NotPrincipal` grants access to everyone not listed, including anonymous callers",
                Some("list the allowed principals in `Principal` instead".to_owned()),
            );
        }
        let Principal::Map(entries) = element.principal() else {
            continue;
        };
        let principal_path = path.key(element.element_name());
        // A trust statement sent as a plain resource policy may name federated principals.
        let trust_statement = super::catalog_checks::is_trust_statement(checker.kind, statement);
        for (kind, values) in entries {
            let kind_path = principal_path.key(kind.as_str());
            for (index, value) in values.iter().enumerate() {
                let value_path = value_path(&kind_path, values, index);
                check_value(checker, is_trust, trust_statement, *kind, value, value_path);
            }
        }
    }
}

fn check_value(
    checker: &mut Checker<'_>,
    is_trust: bool,
    trust_statement: bool,
    kind: PrincipalType,
    value: &str,
    path: JsonPath,
) {
    let wildcard_code = if is_trust {
        codes::ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL
    } else {
        codes::UNSUPPORTED_WILDCARD_IN_PRINCIPAL
    };
    if value != "*" && has_wildcard_outside_variables(value) {
        checker.report(
            wildcard_code,
            path,
            format!("principal `{value}` has a partial wildcard; principals must be exact or `*`"),
            Some("name the principal exactly, or use `*` with conditions such as aws:PrincipalArn with ArnLike".to_owned()),
        );
        return;
    }
    if value.contains("${") {
        checker.report(
            codes::VARIABLE_UNSUPPORTED_IN_ELEMENT,
            path,
            "policy variables are not allowed in principals",
            None,
        );
        return;
    }
    match kind {
        PrincipalType::Aws => check_aws_principal(checker, value, path),
        PrincipalType::Service => {
            if !crate::model::is_service_principal_name(value) {
                checker.report(
                    codes::INVALID_SERVICE_PRINCIPAL_FORMAT,
                    path,
                    format!("`{value}` is not a service principal such as `ec2.amazonaws.com`"),
                    None,
                );
            }
        }
        PrincipalType::Federated => {
            let provider = value.parse::<crate::Arn>().ok().filter(|arn| {
                arn.service() == "iam"
                    && arn.account_id().is_some()
                    && (arn.resource().starts_with("saml-provider/")
                        || arn.resource().starts_with("oidc-provider/"))
            });
            if provider.is_none() && !WEB_IDENTITY_PROVIDERS.contains(&value) && is_trust {
                checker.report(
                    codes::INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY,
                    path.clone(),
                    format!("`{value}` is not a SAML or OIDC provider ARN or a known web identity provider"),
                    Some("use arn:aws:iam::ACCOUNT:saml-provider/NAME or arn:aws:iam::ACCOUNT:oidc-provider/HOST".to_owned()),
                );
            }
            if !trust_statement {
                checker.report(
                    codes::FEDERATED_PRINCIPAL_NOT_SUPPORTED,
                    path,
                    "federated principals are supported only in role trust policies",
                    None,
                );
            }
        }
        PrincipalType::CanonicalUser => {
            if is_trust {
                checker.report(
                    codes::INVALID_PRINCIPAL_KEY,
                    path,
                    "`CanonicalUser` principals are for Amazon S3 only, not role trust policies",
                    None,
                );
            } else if value.len() != 64 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
                checker.report(
                    codes::INVALID_PRINCIPAL_FORMAT,
                    path,
                    format!("`{value}` is not a canonical user id (64 hex digits)"),
                    None,
                );
            }
        }
    }
}

fn check_aws_principal(checker: &mut Checker<'_>, value: &str, path: JsonPath) {
    if value == "*" || AccountId::new(value).is_ok() {
        return;
    }
    if value.starts_with("AROA") {
        checker.report(
            codes::INVALID_ROLE_REFERENCE,
            path,
            format!("principal `{value}` is a role's unique id: the role was deleted, so this trust is broken"),
            Some("recreate the trust with the role's ARN".to_owned()),
        );
        return;
    }
    if value.starts_with("AIDA") {
        checker.report(
            codes::INVALID_USER_REFERENCE,
            path,
            format!("principal `{value}` is a user's unique id: the user was deleted, so this trust is broken"),
            Some("recreate the trust with the user's ARN".to_owned()),
        );
        return;
    }
    let Ok(arn) = value.parse::<crate::Arn>() else {
        checker.report(
            codes::INVALID_PRINCIPAL_FORMAT,
            path,
            format!("`{value}` is not an account id, an IAM or STS principal ARN, or `*`"),
            None,
        );
        return;
    };
    let resource = arn.resource();
    let known = match arn.service() {
        "iam" => {
            resource == "root" || resource.starts_with("role/") || resource.starts_with("user/")
        }
        "sts" => resource.starts_with("assumed-role/") || resource.starts_with("federated-user/"),
        _ => false,
    };
    if arn.service() == "iam" && resource.starts_with("group/") {
        checker.report(
            codes::IAM_GROUP_AS_PRINCIPAL,
            path,
            format!("`{value}` is an IAM group; groups are not principals"),
            Some(
                "name the group's users, or trust the account and grant the group sts:AssumeRole"
                    .to_owned(),
            ),
        );
    } else if !known || arn.account_id().is_none() || !arn.region().is_empty() {
        checker.report(
            codes::INVALID_PRINCIPAL_FORMAT,
            path,
            format!("`{value}` is not an IAM root, role or user ARN, or an STS session ARN, with a 12-digit account"),
            None,
        );
    }
}
