//! IAM users, groups and roles: `sts:AssumeRole` on `*` (ORG026), names and paths
//! (ORG029–ORG032).

use std::collections::HashSet;

use iam_policy::{Effect, Policy, ResourceElement};

use super::{
    ASSUME_ANY_ROLE, DUPLICATE_IAM_NAME, Findings, IAM_NAME, IAM_PATH, SWITCH_ROLE_LENGTH, blank,
};
use crate::Layout;
use crate::names::{is_iam_name, is_iam_path};

/// Whether an Allow statement of `policy` covers `sts:AssumeRole` on `*` (or on `NotResource`).
fn allows_assume_any_role(policy: &Policy) -> bool {
    policy.statements().iter().any(|statement| {
        statement.effect == Effect::Allow
            && statement.action.covers("sts:AssumeRole")
            && match &statement.resource {
                Some(ResourceElement::Resource(patterns)) => {
                    patterns.iter().any(iam_policy::ResourcePattern::is_any)
                }
                Some(ResourceElement::NotResource(_)) => true,
                None => false,
            }
    })
}

pub(super) fn assume_any_role(layout: &Layout, out: &mut Findings) {
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

pub(super) fn iam_names(layout: &Layout, out: &mut Findings) {
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
