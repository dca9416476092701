//! "Did you mean" suggestions by edit distance.
//!
//! Distances and thresholds are those of [`crate::suggest`]: optimal string alignment distance
//! ignoring ASCII case, the closest candidate wins, ties go to the first in catalog order.

use super::data::{Catalog, catalog, is_template};
use super::model::find_key_exact;
use crate::suggest::closest_by as closest;

/// The service prefix closest to `prefix`, e.g. `dynamodb` for `dyanmodb`; the canonical prefix
/// itself if `prefix` names a service in another case.
///
/// ```
/// use iam_policy::catalog::suggest_service;
/// assert_eq!(suggest_service("dyanmodb"), Some("dynamodb"));
/// assert_eq!(suggest_service("zzzzzzzz"), None);
/// ```
pub fn suggest_service(prefix: &str) -> Option<&'static str> {
    let catalog = catalog();
    if let Some(index) = catalog.find_service(prefix) {
        return Some(catalog.services[index].prefix);
    }
    closest(
        prefix,
        catalog.services.iter().map(|service| service.prefix),
        |candidate| candidate,
    )
    .map(|(prefix, _)| prefix)
}

/// The catalog action closest to `full_name` (`prefix:Name`): `s3:GetObject` for
/// `s3:GetObjekt` or `s3:getobjectz`, `dynamodb:PutItem` for `dyanmodb:PutItem`. With an
/// unknown prefix, the nearest prefix is tried first, then an exactly named action in any
/// service. Returns the canonical name when `full_name` only differs in case.
///
/// ```
/// use iam_policy::catalog::suggest_action;
/// assert_eq!(suggest_action("s3:GetObjekt"), Some("s3:GetObject"));
/// assert_eq!(suggest_action("dyanmodb:PutItem"), Some("dynamodb:PutItem"));
/// assert_eq!(suggest_action("s3:Frobnicate"), None);
/// ```
pub fn suggest_action(full_name: &str) -> Option<&'static str> {
    let catalog = catalog();
    let (prefix, name) = full_name.split_once(':')?;
    let within = |service: usize| -> Option<(&'static str, usize)> {
        let span = catalog.services[service].actions;
        closest(
            name,
            catalog.actions[span.range()]
                .iter()
                .map(|action| action.full_name),
            action_name,
        )
    };
    let service = catalog
        .find_service(prefix)
        .or_else(|| suggest_service(prefix).and_then(|prefix| catalog.find_service(prefix)));
    if let Some(found) = service.and_then(within) {
        return Some(found.0);
    }
    if catalog.find_service(prefix).is_some() {
        return None;
    }
    // Unknown prefix and no close one: the same action name under any prefix, the first in
    // catalog order. Distance 0 is equality ignoring ASCII case, so no distance is computed.
    catalog
        .actions
        .iter()
        .map(|action| action.full_name)
        .find(|full_name| action_name(full_name).eq_ignore_ascii_case(name))
}

/// The condition key closest to `name`, among the global keys and the keys of `name`'s
/// service (or of the nearest prefix). For templated keys (`aws:RequestTag/${TagKey}`) only the
/// part before the placeholder is compared, so `aws:RequestTags/team` suggests the template.
///
/// ```
/// use iam_policy::catalog::suggest_condition_key;
/// assert_eq!(suggest_condition_key("aws:SourceIP"), Some("aws:SourceIp"));
/// assert_eq!(suggest_condition_key("aws:SoruceVpc"), Some("aws:SourceVpc"));
/// assert_eq!(suggest_condition_key("s3:x-amz-acll"), Some("s3:x-amz-acl"));
/// assert_eq!(suggest_condition_key("aws:RequestTags/team"), Some("aws:RequestTag/${TagKey}"));
/// ```
pub fn suggest_condition_key(name: &str) -> Option<&'static str> {
    let catalog = catalog();
    if let Some(key) = super::condition_key(name) {
        return Some(key.name());
    }
    let prefix = name.split_once(':').map_or(name, |(prefix, _)| prefix);
    let service = catalog
        .find_service(prefix)
        .or_else(|| suggest_service(prefix).and_then(|prefix| catalog.find_service(prefix)));
    let mut candidates: Vec<&'static str> = catalog.keys[catalog.global_keys.range()]
        .iter()
        .map(|key| key.name)
        .collect();
    if let Some(service) = service {
        candidates.extend(
            catalog.keys[catalog.services[service].keys.range()]
                .iter()
                .map(|key| key.name),
        );
    }
    let best_plain = closest(
        name,
        candidates.iter().copied().filter(|key| !is_template(key)),
        |key| key,
    );
    let best_template = closest(
        before_placeholder(name),
        candidates.iter().copied().filter(|key| is_template(key)),
        before_placeholder,
    );
    let best = match (best_plain, best_template) {
        (Some(plain), Some(template)) if template.1 < plain.1 => Some(template),
        (Some(plain), _) => Some(plain),
        (None, template) => template,
    };
    best.map(|(key, _)| canonical_key(catalog, key))
}

/// The part of an action's full name after the prefix.
fn action_name(full_name: &'static str) -> &'static str {
    full_name
        .split_once(':')
        .map_or(full_name, |(_, name)| name)
}

/// For `aws:RequestTag/${TagKey}` or `aws:RequestTag/team`: `aws:RequestTag/`. Other names
/// unchanged.
fn before_placeholder(name: &str) -> &str {
    if let Some(position) = name.find("${").or_else(|| name.find('<')) {
        return &name[..position];
    }
    match name.find('/') {
        Some(slash) => &name[..=slash],
        None => name,
    }
}

/// The name the catalog resolves `key` to (the global record's casing where there is one).
fn canonical_key(catalog: &'static Catalog, key: &'static str) -> &'static str {
    find_key_exact(catalog, key).map_or(key, |found| found.name())
}
