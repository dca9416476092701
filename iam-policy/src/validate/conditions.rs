//! Condition operators, key formats and value formats.

use std::collections::HashSet;
use std::net::IpAddr;

use super::Checker;
use super::structure::ValueLocation;
use crate::codes;
use crate::fast_hash::CaseFolded;
use crate::model::{
    BaseOperator, ConditionEntry, ConditionOperator, ConditionValue, OperatorFamily, SetQualifier,
};
use crate::path::JsonPath;
use crate::variables::{self, has_wildcard_outside_variables};

pub(crate) fn check(checker: &mut Checker<'_>) {
    for &(ref path, statement) in checker.statements().iter() {
        let Some(condition) = &statement.condition else {
            continue;
        };
        let condition_path = path.key("Condition");
        if condition.is_empty() {
            checker.report(
                codes::EMPTY_OBJECT_CONDITION,
                condition_path.clone(),
                "`Condition` is an empty object",
                Some("remove it".to_owned()),
            );
        }
        for block in &condition.blocks {
            let operator = block.operator;
            let block_path = condition_path.key(&operator.to_string());
            if operator.base == BaseOperator::Null && operator.if_exists {
                checker.report(
                    codes::NULL_WITH_IF_EXISTS,
                    block_path.clone(),
                    "`Null` cannot take `IfExists`: it already tests whether the key exists",
                    Some("use `Null`".to_owned()),
                );
            }
            if operator.base == BaseOperator::Null && operator.qualifier.is_some() {
                checker.report(
                    codes::NULL_WITH_QUALIFIER,
                    block_path.clone(),
                    "`Null` with a set qualifier is always true (`ForAllValues`) or always false (`ForAnyValue`)",
                    Some("use `Null` without a qualifier".to_owned()),
                );
            }
            if block.entries.is_empty() {
                checker.report(
                    codes::EMPTY_OBJECT_CONDITION,
                    block_path.clone(),
                    format!("`{operator}` has no keys"),
                    Some("remove it".to_owned()),
                );
            }
            // The keys so far, ignoring case (hashed with random keys: input cannot make them
            // collide).
            let mut keys: HashSet<CaseFolded<'_>> = HashSet::with_capacity(block.entries.len());
            for entry in &block.entries {
                let entry_path = block_path.key(&entry.key);
                crate::meter::step(1);
                let repeated = !keys.insert(CaseFolded(&entry.key));
                if repeated {
                    checker.report(
                        codes::DUPLICATE_KEYS_WITH_DIFFERENT_CASE,
                        entry_path.clone(),
                        format!("`{}` repeats a key of this block in different letter case; key names ignore case", entry.key),
                        Some("merge the values into one key".to_owned()),
                    );
                }
                check_entry(checker, operator, entry, &entry_path);
            }
        }
    }
}

fn check_entry(
    checker: &mut Checker<'_>,
    operator: ConditionOperator,
    entry: &ConditionEntry,
    path: &JsonPath,
) {
    let key = entry.key.as_str();
    match crate::model::split_at_colon(key) {
        Some((prefix, name)) if !prefix.is_empty() && !name.is_empty() => {}
        _ => checker.report(
            codes::INVALID_CONDITION_KEY_FORMAT,
            path.clone(),
            format!("condition key `{key}` is not written as `prefix:name`"),
            None,
        ),
    }
    // `aws:ResourceTag` alone, or any key ending with `/` (such as `aws:ResourceTag/`).
    let tag_template = ["aws:requesttag", "aws:resourcetag", "aws:principaltag"]
        .iter()
        .any(|template| key.eq_ignore_ascii_case(template));
    if tag_template || key.ends_with('/') {
        checker.report(
            codes::MISSING_TAG_KEY_IN_CONDITION,
            path.clone(),
            format!("condition key `{key}` needs a tag key, as in `aws:ResourceTag/team`"),
            None,
        );
    }
    if entry.values.is_empty() {
        let code = match (operator.qualifier, operator.if_exists) {
            (Some(SetQualifier::ForAllValues), _) => codes::EMPTY_ARRAY_CONDITION_FORALLVALUES,
            (Some(SetQualifier::ForAnyValue), _) => codes::EMPTY_ARRAY_CONDITION_FORANYVALUE,
            (None, true) => codes::EMPTY_ARRAY_CONDITION_IFEXISTS,
            (None, false) => codes::EMPTY_ARRAY_CONDITION,
        };
        checker.report(
            code,
            path.clone(),
            format!("`{key}` has an empty array of values"),
            None,
        );
        return;
    }
    let first_type = entry.values.as_slice()[0].type_name();
    if entry
        .values
        .iter()
        .any(|value| value.type_name() != first_type)
    {
        checker.report(
            codes::INVALID_CONDITION_DATA_TYPE,
            path.clone(),
            format!("the values of `{key}` mix JSON types"),
            Some("write every value as a string".to_owned()),
        );
    }
    let family = operator.base.family();
    if family == OperatorFamily::Bool && entry.values.len() > 1 {
        checker.report(
            codes::INVALID_CONDITION_MULTIPLE_BOOLEAN,
            path.clone(),
            format!("boolean key `{key}` takes exactly one value"),
            None,
        );
    }
    if entry.values.len() > 1
        && matches!(
            operator.base,
            BaseOperator::NumericLessThan
                | BaseOperator::NumericLessThanEquals
                | BaseOperator::NumericGreaterThan
                | BaseOperator::NumericGreaterThanEquals
        )
    {
        checker.report(
            codes::REDUNDANT_CONDITION_VALUE_NUM,
            path.clone(),
            format!(
                "`{}` with several values is the same as with the loosest one",
                operator.base
            ),
            None,
        );
    }
    for (index, value) in entry.values.iter().enumerate() {
        let location = ValueLocation {
            element: path,
            in_array: entry.values.is_array(),
            index,
        };
        check_value(checker, operator, key, value, location);
    }
}

fn check_value(
    checker: &mut Checker<'_>,
    operator: ConditionOperator,
    key: &str,
    value: &ConditionValue,
    location: ValueLocation<'_>,
) {
    // The value's path, built only for a finding.
    let path = || location.path();
    let text = value.to_text();
    let family = operator.base.family();
    if text.contains("${") {
        if let Err(error) = variables::split(&text) {
            checker.report(error.code(), path(), error.message(), None);
        }
        let accepts_variables = matches!(
            family,
            OperatorFamily::String | OperatorFamily::Arn | OperatorFamily::Bool
        );
        if !accepts_variables {
            checker.report(
                codes::INVALID_VARIABLE_FOR_OPERATOR,
                path(),
                format!(
                    "policy variables are not supported with `{}`",
                    operator.base
                ),
                Some("use a String or Arn operator".to_owned()),
            );
        }
        if !accepts_variables {
            return;
        }
    }
    match family {
        OperatorFamily::Bool | OperatorFamily::Null => {
            if !text.eq_ignore_ascii_case("true") && !text.eq_ignore_ascii_case("false") {
                let code = if family == OperatorFamily::Null {
                    codes::INVALID_CONDITION_DATA_TYPE
                } else {
                    codes::TYPE_MISMATCH_BOOLEAN
                };
                checker.report(
                    code,
                    path(),
                    format!(
                        "`{}` expects `true` or `false`, found `{text}`",
                        operator.base
                    ),
                    None,
                );
            }
        }
        OperatorFamily::Numeric => {
            if !is_number(&text) {
                checker.report(
                    codes::TYPE_MISMATCH_NUMBER,
                    path(),
                    format!("`{}` expects a number, found `{text}`", operator.base),
                    None,
                );
            }
        }
        OperatorFamily::Date => {
            if !is_date(&text) {
                checker.report(
                    codes::TYPE_MISMATCH_DATE,
                    path(),
                    format!(
                        "`{}` expects an ISO 8601 date or epoch seconds, found `{text}`",
                        operator.base
                    ),
                    Some("write e.g. \"2026-12-31T23:59:59Z\"".to_owned()),
                );
            }
        }
        OperatorFamily::Binary => {
            if !is_base64(&text) {
                checker.report(
                    codes::TYPE_MISMATCH_STRING,
                    path(),
                    format!("`BinaryEquals` expects base64, found `{text}`"),
                    None,
                );
            }
        }
        OperatorFamily::IpAddress => match parse_cidr(&text) {
            None => checker.report(
                codes::TYPE_MISMATCH_IP_RANGE,
                path(),
                format!(
                    "`{}` expects an IP address or CIDR range, found `{text}`",
                    operator.base
                ),
                None,
            ),
            Some((address, prefix)) => {
                if has_host_bits(address, prefix) {
                    checker.report(
                        codes::IMPROVE_IP_RANGE,
                        path(),
                        format!("`{text}` has host bits set below its /{prefix} prefix"),
                        Some(format!(
                            "write the network address: `{}`",
                            network_address(address, prefix)
                        )),
                    );
                }
                if key.eq_ignore_ascii_case("aws:SourceIp") && is_private(address, prefix) {
                    let (code, operator_name) = if operator.base == BaseOperator::NotIpAddress {
                        (codes::PRIVATE_NOT_IP_ADDRESS, "NotIpAddress")
                    } else {
                        (codes::PRIVATE_IP_ADDRESS, "IpAddress")
                    };
                    checker.report(
                        code,
                        path(),
                        format!("`{operator_name}` on aws:SourceIp with the private range `{text}` never matches: requests through a VPC endpoint carry aws:VpcSourceIp instead"),
                        Some("use aws:VpcSourceIp together with aws:SourceVpc".to_owned()),
                    );
                }
            }
        },
        OperatorFamily::String => {
            if !has_wildcard_outside_variables(&text) && !text.contains("${") {
                check_known_value_format(checker, key, &text, location);
            }
            if !operator.base.supports_wildcards() && has_wildcard_outside_variables(&text) {
                checker.report(
                    codes::WILDCARD_WITHOUT_LIKE_OPERATOR,
                    path(),
                    format!(
                        "`{}` compares `*` and `?` literally in `{text}`",
                        operator.base
                    ),
                    Some(format!(
                        "use `{}` if the wildcard is meant",
                        if operator.base.is_negated() {
                            "StringNotLike"
                        } else {
                            "StringLike"
                        }
                    )),
                );
            }
        }
        OperatorFamily::Arn => {}
    }
}

/// Keys whose values have a fixed format: Regions, VPC ids, VPC endpoint ids.
fn check_known_value_format(
    checker: &mut Checker<'_>,
    key: &str,
    text: &str,
    location: ValueLocation<'_>,
) {
    let hex_id = |prefix: &str| {
        text.strip_prefix(prefix).is_some_and(|rest| {
            (8..=17).contains(&rest.len())
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
    };
    let (valid, code, expected) = match key {
        key if key.eq_ignore_ascii_case("aws:requestedregion") => (
            super::resources::is_region_name(text),
            codes::INVALID_REGION,
            "a Region name such as `eu-west-1`",
        ),
        key if key.eq_ignore_ascii_case("aws:sourcevpc") => (
            hex_id("vpc-"),
            codes::INVALID_VPC_FORMAT,
            "a VPC id such as `vpc-1a2b3c4d`",
        ),
        key if key.eq_ignore_ascii_case("aws:sourcevpce") => (
            hex_id("vpce-"),
            codes::INVALID_VPCE_FORMAT,
            "a VPC endpoint id such as `vpce-1a2b3c4d`",
        ),
        _ => return,
    };
    if !valid {
        checker.report(
            code,
            location.path(),
            format!("`{text}` is not {expected}"),
            None,
        );
    }
}

/// Whether an address has bits set beyond its prefix (`10.0.0.1/16`).
fn has_host_bits(address: IpAddr, prefix: u8) -> bool {
    network_address(address, prefix) != address
}

/// The address with every bit beyond the prefix cleared.
fn network_address(address: IpAddr, prefix: u8) -> IpAddr {
    match address {
        IpAddr::V4(v4) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4((u32::from(v4) & mask).into())
        }
        IpAddr::V6(v6) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6((u128::from(v6) & mask).into())
        }
    }
}

/// A decimal number as IAM reads it: digits with an optional sign, fraction and exponent
/// (`infinity` and `NaN` are not numbers here).
fn is_number(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// ISO 8601 (`YYYY-MM-DD`, optionally `Thh:mm[:ss[.fff]]` and `Z` or an offset) or epoch seconds.
fn is_date(text: &str) -> bool {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    if bytes.len() < 10
        || !digits(0..4)
        || bytes[4] != b'-'
        || !digits(5..7)
        || bytes[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    let month = (bytes[5] - b'0') * 10 + (bytes[6] - b'0');
    let day = (bytes[8] - b'0') * 10 + (bytes[9] - b'0');
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let rest = &text[10..];
    if rest.is_empty() {
        return true;
    }
    let Some(time) = rest.strip_prefix('T') else {
        return false;
    };
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(index) => time.split_at(index),
        None => (time, ""),
    };
    let clock = clock.split('.').next().unwrap_or_default();
    let parts: Vec<&str> = clock.split(':').collect();
    let clock_ok = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()));
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || (zone.len() == 6 && zone.as_bytes()[3] == b':')
        || (zone.len() == 5 && zone[1..].bytes().all(|b| b.is_ascii_digit()));
    clock_ok && zone_ok
}

fn is_base64(text: &str) -> bool {
    let trimmed = text.trim_end_matches('=');
    text.len().is_multiple_of(4)
        && text.len() - trimmed.len() <= 2
        && trimmed
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// An IP address or CIDR range, with its prefix length.
fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let address: IpAddr = address.parse().ok()?;
    let maximum = if address.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        Some(prefix) => prefix
            .parse::<u8>()
            .ok()
            .filter(|prefix| *prefix <= maximum)?,
        None => maximum,
    };
    Some((address, prefix))
}

/// Whether the range lies inside a private (RFC 1918 or unique-local) range.
fn is_private(address: IpAddr, prefix: u8) -> bool {
    match address {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            (a == 10 && prefix >= 8)
                || (a == 172 && (16..32).contains(&b) && prefix >= 12)
                || (a == 192 && b == 168 && prefix >= 16)
        }
        IpAddr::V6(v6) => (v6.segments()[0] & 0xfe00) == 0xfc00 && prefix >= 7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for good in [
            "2026-01-31",
            "2026-01-31T10:00:00Z",
            "2026-01-31T10:00Z",
            "2026-01-31T10:00:00.123+02:00",
            "1700000000",
        ] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "yesterday",
            "2026-13-01",
            "2026/01/01",
            "2026-01-31T1000",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn ip_ranges() {
        assert_eq!(
            parse_cidr("203.0.113.0/24").map(|(_, prefix)| prefix),
            Some(24)
        );
        assert!(parse_cidr("2001:db8::/32").is_some());
        assert!(parse_cidr("10.0.0.0/33").is_none());
        assert!(parse_cidr("not-an-ip").is_none());
        let (address, prefix) = parse_cidr("10.1.0.0/16").unwrap();
        assert!(is_private(address, prefix));
        let (address, prefix) = parse_cidr("203.0.113.0/24").unwrap();
        assert!(!is_private(address, prefix));
    }

    #[test]
    fn base64() {
        assert!(is_base64("QWxhZGRpbg=="));
        assert!(!is_base64("not base64!"));
    }
}
