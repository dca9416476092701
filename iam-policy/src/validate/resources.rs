//! ARN grammar of `Resource` and `NotResource` values, and policy variables in them.

use super::Checker;
use super::structure::ValueLocation;
use crate::Partition;
use crate::codes;
use crate::model::ResourceElement;
use crate::variables;

/// Whether a field is literal text (no wildcard, no policy variable).
pub(crate) fn is_literal(field: &str) -> bool {
    !crate::catalog::has_wildcard(field) && !field.contains("${")
}

/// Whether `region` looks like an AWS Region name such as `us-east-1` or `us-gov-west-1`.
pub(crate) fn is_region_name(region: &str) -> bool {
    let mut parts = region.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    let Some((number, middle)) = rest.split_last() else {
        return false;
    };
    (2..=4).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !middle.is_empty()
        && middle
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()))
        && (1..=2).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn check(checker: &mut Checker<'_>) {
    for &(ref path, statement) in checker.statements().iter() {
        let Some(resource) = &statement.resource else {
            continue;
        };
        let patterns = resource.patterns();
        // `*` has nothing to check (most statements): no path to build.
        if patterns.iter().all(|pattern| pattern.as_str() == "*") {
            continue;
        }
        let element = path.key(resource.element_name());
        for (index, pattern) in patterns.iter().enumerate() {
            let location = ValueLocation {
                element: &element,
                in_array: patterns.is_array(),
                index,
            };
            check_resource(checker, resource, pattern.as_str(), location);
        }
    }
}

fn check_resource(
    checker: &mut Checker<'_>,
    element: &ResourceElement,
    value: &str,
    location: ValueLocation<'_>,
) {
    if value == "*" {
        return;
    }
    let path = || location.path();
    if let Err(error) = variables::split(value) {
        checker.report(error.code(), path(), error.message(), None);
    }
    // API Gateway resource policies name methods of their own API as `execute-api:/STAGE/...`.
    if checker.kind.resource_type() == Some(super::ResourcePolicyType::ApiGatewayRestApi)
        && value.starts_with("execute-api:/")
    {
        return;
    }
    // Fields are counted first: Access Analyzer reports a value such as `fakeArn` as
    // `MISSING_ARN_FIELD`, and a prefix other than `arn` only when every field is there.
    if value.split(':').count() < 6 {
        checker.report(
            codes::MISSING_ARN_FIELD,
            path(),
            format!(
                "`{value}` is not a complete ARN: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"
            ),
            None,
        );
        return;
    }
    if !value.starts_with("arn:") {
        checker.report(
            codes::INVALID_ARN_PREFIX,
            path(),
            format!(
                "`{value}` in `{}` is neither `*` nor an ARN starting with `arn:`",
                element.element_name()
            ),
            None,
        );
        return;
    }
    let Ok(arn) = value.parse::<crate::Arn>() else {
        checker.report(
            codes::MISSING_ARN_FIELD,
            path(),
            format!(
                "`{value}` is not a complete ARN: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"
            ),
            None,
        );
        return;
    };
    let partition = arn.partition();
    if is_literal(partition) && partition.parse::<Partition>().is_err() {
        checker.report(
            codes::INVALID_PARTITION,
            path(),
            format!("`{partition}` is not an AWS partition"),
            crate::suggest::closest(partition, Partition::ALL.iter().map(|p| p.as_str()))
                .map(|suggestion| format!("did you mean `{suggestion}`?")),
        );
    }
    let service = arn.service();
    if crate::catalog::has_wildcard(service) {
        checker.report(
            codes::WILDCARD_IN_SERVICE_NAME,
            path(),
            format!("the service field `{service}` has a wildcard"),
            Some("name the service exactly".to_owned()),
        );
    } else if service.bytes().any(|b| b.is_ascii_uppercase()) {
        checker.report(
            codes::INVALID_ARN_SERVICE_CASE,
            path(),
            format!("the service field `{service}` must be lowercase"),
            Some(format!("use `{}`", service.to_ascii_lowercase())),
        );
    }
    let region = arn.region();
    if !region.is_empty() && is_literal(region) && !is_region_name(region) {
        checker.report(
            codes::INVALID_ARN_REGION,
            path(),
            format!("`{region}` is not an AWS Region name such as `us-east-1`"),
            None,
        );
    }
    let account = arn.account();
    if !account.is_empty() && is_literal(account) && account != "aws" && arn.account_id().is_none()
    {
        checker.report(
            codes::INVALID_ARN_ACCOUNT,
            path(),
            format!("`{account}` is not a 12-digit account id"),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names() {
        for good in [
            "us-east-1",
            "us-gov-west-1",
            "cn-north-1",
            "eu-central-2",
            "us-isob-east-1",
            "eusc-de-east-1",
        ] {
            assert!(is_region_name(good), "{good}");
        }
        for bad in [
            "useast1",
            "us-east",
            "US-EAST-1",
            "us-east-123",
            "-east-1",
            "us--1",
        ] {
            assert!(!is_region_name(bad), "{bad}");
        }
    }
}
