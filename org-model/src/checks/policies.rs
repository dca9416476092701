//! Policies: names, attachments and quotas (ORG033–ORG036), documents and sizes (ORG040, ORG041).

use std::collections::{BTreeSet, HashMap};

use iam_policy::Policy;
use iam_policy::codes;
use iam_policy::size::{SizeRule, policy_size, quotas};
use iam_policy::validate::{self, IdentityPolicyUse, Options, PolicyKind};

use super::{
    ATTACHMENT_QUOTA, DUPLICATE_POLICY, Findings, IAM_PATH, POLICY_INVALID, POLICY_NAME,
    POLICY_SIZE, ROLE_ATTACHMENT_DEFAULT, Severity,
};
use crate::names::{is_iam_name, is_iam_path};
use crate::policies::{LayoutPolicies, require_mfa_policy};
use crate::{Layout, Permission};

pub(super) fn attachments(layout: &Layout, out: &mut Findings) {
    let holders = layout
        .roles
        .iter()
        .map(|role| ("role", role.name.as_str(), role.permissions.as_slice()))
        .chain(
            layout
                .groups
                .iter()
                .map(|group| ("group", group.name.as_str(), group.permissions.as_slice())),
        );
    // Customer managed policies by lowercase name: the first document seen, and where.
    let mut customers: HashMap<String, (&Policy, &str, String)> = HashMap::new();
    for (kind, name, permissions) in holders {
        let at = format!("{kind}[{name}]");
        // Per (kind of policy, lowercase name): occurrences.
        let mut attached: HashMap<(u8, String), usize> = HashMap::new();
        let mut repeats: Vec<((u8, String), &'static str, &str)> = Vec::new();
        let mut managed = 0_usize;
        for permission in permissions {
            let (slot, what) = match permission {
                Permission::AwsManaged { .. } => (0, "aws managed policy"),
                Permission::Customer { .. } => (1, "customer policy"),
                Permission::Inline { .. } => (2, "inline policy"),
            };
            let policy_name = permission.name();
            let key = (slot, policy_name.to_lowercase());
            let count = attached.entry(key.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                // A repeat: reported once per name below, and judged only the first time.
                if *count == 2 {
                    repeats.push((key, what, policy_name));
                }
                continue;
            }
            if slot != 2 {
                managed += 1;
            }
            if slot != 0 && !is_iam_name(policy_name, 128) {
                out.push(
                    POLICY_NAME,
                    at.clone(),
                    format!("{what} name `{policy_name}` is not 1–128 characters of letters, digits and `_+=,.@-`"),
                    "rename the policy",
                );
            }
            if let Permission::Customer {
                customer, policy, ..
            } = permission
            {
                let path = crate::managed::customer_policy_path(permission).unwrap_or_default();
                if !is_iam_path(path) {
                    out.push(
                        IAM_PATH,
                        at.clone(),
                        format!(
                            "customer policy `{customer}` has the path `{path}`, not `/` or `/…/` of 1–512 printable ascii characters"
                        ),
                        "write the path with a leading and trailing `/`, e.g. `/ops/`",
                    );
                }
                match customers.get(&customer.to_lowercase()) {
                    Some((first, first_path, first_at))
                        if (*first != policy || *first_path != path) && *first_at != at =>
                    {
                        let what = if *first_path == path {
                            "differs from"
                        } else {
                            "has another path than"
                        };
                        out.push(
                            DUPLICATE_POLICY,
                            at.clone(),
                            format!(
                                "customer policy `{customer}` {what} the one of `{first_at}` with the same name"
                            ),
                            "give one of them another name, or make the documents and paths equal",
                        );
                    }
                    Some(_) => {}
                    None => {
                        customers.insert(customer.to_lowercase(), (policy, path, at.clone()));
                    }
                }
            }
        }
        for (key, what, policy_name) in repeats {
            let count = attached.get(&key).copied().unwrap_or(2);
            out.push(
                DUPLICATE_POLICY,
                at.clone(),
                format!("{what} `{policy_name}` is attached {count} times"),
                "attach it once",
            );
        }
        let hard = if kind == "role" { 25 } else { 10 };
        if managed > hard {
            out.push(
                ATTACHMENT_QUOTA,
                at.clone(),
                format!("{kind} has {managed} managed policies; iam allows at most {hard}"),
                "merge policies into fewer customer policies, or use inline policies",
            );
        } else if kind == "role" && managed > 10 {
            out.push(
                ROLE_ATTACHMENT_DEFAULT,
                at.clone(),
                format!("role has {managed} managed policies; the default quota is 10"),
                "request a quota increase (up to 25) in every account the role is deployed to, or merge policies",
            );
        }
    }
    for user in &layout.users {
        let groups: BTreeSet<&str> = user.groups.iter().map(String::as_str).collect();
        if groups.len() > 10 {
            out.push(
                ATTACHMENT_QUOTA,
                format!("user[{}]", user.name),
                format!("user is in {} groups; iam allows at most 10", groups.len()),
                "merge groups, or grant more roles to fewer groups",
            );
        }
    }
}

/// The validator code for identity-policy size findings (inline sizes are summed here instead).
const IDENTITY_SIZE_CODE: &str = codes::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA.code;

/// The validator's size codes: their findings are ORG041 rather than ORG040.
const SIZE_CODES: [codes::Code; 5] = [
    codes::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
    codes::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA,
    codes::POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA,
    codes::POLICY_SIZE_EXCEEDS_SCP_QUOTA,
    codes::POLICY_SIZE_EXCEEDS_RCP_QUOTA,
];

fn validate_into(
    out: &mut Findings,
    policy: &Policy,
    kind: &PolicyKind,
    options: &Options,
    at: &str,
) {
    for finding in validate::validate(policy, kind, options).findings {
        if SIZE_CODES.iter().any(|size| size.code == finding.code) {
            out.push(
                POLICY_SIZE,
                at,
                format!("`{}`: {}", finding.code, finding.message),
                finding
                    .help
                    .unwrap_or_else(|| "split or shorten the policy".to_owned()),
            );
        } else if finding.severity == Severity::Error {
            out.push(
                POLICY_INVALID,
                at,
                format!(
                    "`{}` at `{}`: {}",
                    finding.code, finding.path, finding.message
                ),
                finding
                    .help
                    .unwrap_or_else(|| "correct the policy document".to_owned()),
            );
        }
    }
}

fn render_failed(out: &mut Findings, at: &str, error: &crate::Error) {
    out.push(
        POLICY_INVALID,
        at,
        format!("policy cannot be rendered: {error}"),
        "correct the layout elements the policy is built from",
    );
}

/// Validates declared permission policies; sums inline sizes (plus `extra_inline`) against
/// `quota`.
fn permission_documents(
    out: &mut Findings,
    at: &str,
    permissions: &[Permission],
    inline_use: IdentityPolicyUse,
    quota: usize,
    extra_inline: Option<&Policy>,
) {
    let managed = Options::default();
    let inline = Options {
        identity_policy_use: inline_use,
        disabled_codes: vec![IDENTITY_SIZE_CODE.to_owned()],
        ..Options::default()
    };
    let mut inline_size =
        extra_inline.map_or(0, |policy| policy_size(policy, SizeRule::IgnoreWhitespace));
    for permission in permissions {
        let policy_at = format!("{at}.policy[{}]", permission.name());
        match permission {
            Permission::AwsManaged { .. } => {}
            Permission::Customer { policy, .. } => {
                validate_into(out, policy, &PolicyKind::Identity, &managed, &policy_at);
            }
            Permission::Inline { policy, .. } => {
                validate_into(out, policy, &PolicyKind::Identity, &inline, &policy_at);
                inline_size += policy_size(policy, SizeRule::IgnoreWhitespace);
            }
        }
    }
    if inline_size > quota {
        let with = if extra_inline.is_some() {
            " with the rendered assume-role policy"
        } else {
            ""
        };
        out.push(
            POLICY_SIZE,
            at,
            format!(
                "inline policies{with} total {inline_size} characters (whitespace not counted); the quota is {quota}"
            ),
            "move policies to customer managed policies, or shorten them",
        );
    }
}

pub(super) fn policy_documents(layout: &Layout, out: &mut Findings) {
    let trust_options = Options {
        trusted_accounts: layout
            .jump_account()
            .and_then(|jump| jump.id)
            .into_iter()
            .collect(),
        ..Options::default()
    };
    let rendered = LayoutPolicies::new(layout);
    for role in &layout.roles {
        let at = format!("role[{}]", role.name);
        let trust_at = format!("{at}.trust");
        match rendered.trust_policy(role) {
            Ok(Some(policy)) => {
                validate_into(out, &policy, &PolicyKind::Trust, &trust_options, &trust_at);
            }
            Ok(None) => {}
            Err(error) => render_failed(out, &trust_at, &error),
        }
        permission_documents(
            out,
            &at,
            &role.permissions,
            IdentityPolicyUse::InlineRole,
            quotas::INLINE_ROLE,
            None,
        );
    }
    for group in &layout.groups {
        let at = format!("group[{}]", group.name);
        let assume_at = format!("{at}.assume-role");
        let assume = match rendered.group_assume_role_policy(&group.name) {
            Ok(policy) => policy,
            Err(error) => {
                render_failed(out, &assume_at, &error);
                None
            }
        };
        if let Some(policy) = &assume {
            let options = Options {
                identity_policy_use: IdentityPolicyUse::InlineGroup,
                disabled_codes: vec![IDENTITY_SIZE_CODE.to_owned()],
                ..Options::default()
            };
            validate_into(out, policy, &PolicyKind::Identity, &options, &assume_at);
        }
        permission_documents(
            out,
            &at,
            &group.permissions,
            IdentityPolicyUse::InlineGroup,
            quotas::INLINE_GROUP,
            assume.as_ref(),
        );
    }
    let bucket_at = "baseline.log-bucket-policy";
    match crate::baseline::log_bucket_policy(layout) {
        Ok(Some(policy)) => {
            let options = Options {
                size_quota_override: Some(crate::baseline::BUCKET_POLICY_QUOTA),
                ..Options::default()
            };
            let kind = PolicyKind::Resource {
                resource_type: Some(iam_policy::validate::ResourcePolicyType::S3Bucket),
            };
            let before = out.0.len();
            validate_into(out, &policy, &kind, &options, bucket_at);
            for finding in &mut out.0[before..] {
                if finding.code == POLICY_SIZE.code && layout.organization.id.is_none() {
                    finding.help = Some(
                        "set `[organization] id` so the policy admits the organization by `aws:SourceOrgID` instead of listing every account".to_owned(),
                    );
                }
            }
        }
        Ok(None) => {}
        Err(error) => render_failed(out, bucket_at, &error),
    }
    let mfa_at = "policy[require-mfa]";
    match require_mfa_policy(layout) {
        Ok(Some(policy)) => {
            validate_into(
                out,
                &policy,
                &PolicyKind::Identity,
                &Options::default(),
                mfa_at,
            );
        }
        Ok(None) => {}
        Err(error) => render_failed(out, mfa_at, &error),
    }
}

#[cfg(test)]
mod tests {
    use iam_policy::AccountId;

    use crate::baseline::FITTING_ACCOUNTS;
    use crate::seed::landing_zone;
    use crate::{Account, Layout, Purpose};

    /// The seed with more workload accounts, `accounts` in all.
    fn with_accounts(accounts: usize) -> Layout {
        let mut layout = landing_zone();
        for index in 0..accounts - layout.accounts.len() {
            let id = AccountId::new(&format!("{:012}", 300_000_000_000_usize + index)).unwrap();
            layout.accounts.push(
                Account::new(
                    format!("W{index}"),
                    Purpose::Development,
                    format!("aws+w{index}@example.com"),
                )
                .id(id),
            );
        }
        layout
    }

    #[test]
    fn a_log_bucket_policy_past_the_quota_without_an_organization_id_is_a_finding() {
        // `baseline::tests` shows the per-account policy of `FITTING_ACCOUNTS` accounts fits.
        let report = crate::checks::check(&with_accounts(FITTING_ACCOUNTS + 1));
        let finding = report
            .with_code("ORG041")
            .next()
            .expect("an ORG041 finding");
        assert_eq!(finding.location, "baseline.log-bucket-policy");
        assert!(
            finding
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("aws:SourceOrgID")
        );
        let report = crate::checks::check(&with_accounts(FITTING_ACCOUNTS));
        assert_eq!(report.with_code("ORG041").count(), 0, "{report:?}");
    }
}
