//! Accounts: ids, names, root emails, aliases and tags (ORG009–ORG017).

use super::{
    ACCOUNT_NAME, ALIAS, DUPLICATE_ACCOUNT, DUPLICATE_ALIAS, DUPLICATE_EMAIL, DUPLICATE_ID, EMAIL,
    Findings, NO_ID, TAGS, account_at, duplicates,
};
use crate::names::{alias_problem, email_problem, escape, is_account_name};
use crate::{Layout, Purpose};

pub(super) fn accounts(layout: &Layout, out: &mut Findings) {
    duplicates(
        &layout.accounts,
        |account| account.id,
        |account, first| {
            let id = account.id.map(|id| id.to_string()).unwrap_or_default();
            out.push(
                DUPLICATE_ID,
                account_at(&account.name),
                format!("account id `{id}` is also the id of `{}`", first.name),
                "each account has its own id: correct one, or leave it out while the account is to be created",
            );
        },
    );
    duplicates(
        &layout.accounts,
        |account| Some(account.name.as_str()),
        |account, _| {
            out.push(
                DUPLICATE_ACCOUNT,
                account_at(&account.name),
                format!("account name `{}` is used by another account", account.name),
                "rename one of them: grants and users refer to accounts by name",
            );
        },
    );
    duplicates(
        &layout.accounts,
        |account| Some(account.email.to_lowercase()),
        |account, first| {
            out.push(
                DUPLICATE_EMAIL,
                account_at(&account.name),
                format!(
                    "root email `{}` is also the email of `{}`",
                    account.email, first.name
                ),
                "every account needs its own root email; plus-addressing (`aws+name@…`) gives one inbox many",
            );
        },
    );
    duplicates(
        &layout.accounts,
        |account| account.alias.as_deref(),
        |account, first| {
            out.push(
                DUPLICATE_ALIAS,
                account_at(&account.name),
                format!(
                    "alias `{}` is also the alias of `{}`",
                    account.alias.as_deref().unwrap_or_default(),
                    first.name
                ),
                "aliases are unique within a partition: choose another",
            );
        },
    );

    for account in &layout.accounts {
        let at = account_at(&account.name);
        if !is_account_name(&account.name) {
            let suggestion: String = account
                .name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c
                    } else {
                        '-'
                    }
                })
                .take(50)
                .collect();
            out.push(
                ACCOUNT_NAME,
                at.clone(),
                format!(
                    "account name `{}` is not 1–50 letters, digits, `_` or `-`",
                    account.name
                ),
                if suggestion.is_empty() {
                    "name the account, e.g. `SANDBOX`".to_owned()
                } else {
                    format!("names appear in profiles and file names: e.g. `{suggestion}`")
                },
            );
        }
        if let Some(problem) = email_problem(&account.email) {
            out.push(
                EMAIL,
                at.clone(),
                format!("root email `{}` {problem}", escape(&account.email)),
                "write the root user's address as `name@example.com`",
            );
        }
        if let Some(alias) = &account.alias
            && let Some(problem) = alias_problem(alias)
        {
            out.push(
                ALIAS,
                at.clone(),
                format!("alias `{alias}` {problem}"),
                "use 3–63 lowercase letters, digits and single `-` between them, e.g. `example-prd`",
            );
        }
        if account.tags.len() > 50 {
            out.push(
                TAGS,
                at.clone(),
                format!(
                    "account has {} tags; at most 50 are allowed",
                    account.tags.len()
                ),
                "merge or drop tags",
            );
        }
        for (key, value) in &account.tags {
            let problem = if key.is_empty() || key.chars().count() > 128 {
                Some("is not 1–128 characters")
            } else if key.to_ascii_lowercase().starts_with("aws:") {
                Some("starts with the reserved prefix `aws:`")
            } else if value.chars().count() > 256 {
                Some("has a value longer than 256 characters")
            } else {
                None
            };
            if let Some(problem) = problem {
                out.push(
                    TAGS,
                    at.clone(),
                    format!("tag `{key}` {problem}"),
                    "tag keys are 1–128 characters without the `aws:` prefix; values at most 256",
                );
            }
        }
        if account.id.is_none() {
            let jump = account.purpose == Purpose::Jump;
            out.push(
                NO_ID,
                at,
                if jump {
                    format!(
                        "jump account `{}` has no id yet; no trust, group or mfa policy is rendered until it has one",
                        account.name
                    )
                } else {
                    format!(
                        "account `{}` has no id yet; rendered policies and profiles leave it out",
                        account.name
                    )
                },
                "set `id` once the account exists",
            );
        }
    }
}
