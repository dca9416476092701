//! Strings: the default Region, AWS managed policy references, tag characters and free text
//! (ORG044–ORG049).

use super::{
    AWS_MANAGED_NAME, Findings, ORGANIZATION_NAME, REASON_TEXT, REGION, TAG_CHARACTERS,
    UNKNOWN_REGION, account_at, did_you_mean, or_hint,
};
use crate::names::{self, escape};
use crate::{Layout, Permission};

/// The longest organization name.
const MAX_ORGANIZATION_NAME: usize = 128;
/// The longest reason (waivers, MFA waiver, `allow_assume_any_role`).
const MAX_REASON: usize = 1_024;

pub(super) fn strings(layout: &Layout, out: &mut Findings) {
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
