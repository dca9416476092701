//! Organizational units: parents, paths, depth and names, and each account's OU (ORG018–ORG022).

use std::collections::BTreeSet;

use super::{
    ACCOUNT_OU, DUPLICATE_OU, Findings, OU_DEPTH, OU_NAME, OU_PARENT, account_at, did_you_mean,
    duplicates, or_hint,
};
use crate::Layout;
use crate::names::is_ou_name;

pub(super) fn organizational_units(layout: &Layout, out: &mut Findings) {
    let paths: BTreeSet<&str> = layout
        .organizational_units
        .iter()
        .map(|ou| ou.path.as_str())
        .collect();
    duplicates(
        &layout.organizational_units,
        |ou| Some(ou.path.as_str()),
        |ou, _| {
            out.push(
                DUPLICATE_OU,
                format!("ou[{}]", ou.path),
                format!("ou `{}` is declared twice", ou.path),
                "remove the second declaration: sibling OUs have distinct names",
            );
        },
    );
    for ou in &layout.organizational_units {
        let at = format!("ou[{}]", ou.path);
        if let Some(parent) = ou.parent()
            && !paths.contains(parent)
        {
            out.push(
                OU_PARENT,
                at.clone(),
                format!("parent ou `{parent}` of `{}` does not exist", ou.path),
                format!("add an organizational unit with path `{parent}`"),
            );
        }
        if ou.depth() > 5 {
            out.push(
                OU_DEPTH,
                at.clone(),
                format!(
                    "ou `{}` is {} levels deep; at most 5 are allowed",
                    ou.path,
                    ou.depth()
                ),
                "flatten the hierarchy: organizations nests OUs 5 levels deep under the root",
            );
        }
        for name in ou.path.split('/') {
            if !is_ou_name(name) {
                out.push(
                    OU_NAME,
                    at.clone(),
                    if name == ou.path {
                        format!(
                            "ou name `{name}` is not 1–128 letters, digits, spaces, `_`, `.` or `-`"
                        )
                    } else {
                        format!(
                            "ou name `{name}` in `{}` is not 1–128 letters, digits, spaces, `_`, `.` or `-`",
                            ou.path
                        )
                    },
                    "rename the OU; `/` separates OU names in a path",
                );
            }
        }
    }
    for account in &layout.accounts {
        if !account.ou.is_empty() && !paths.contains(account.ou.as_str()) {
            out.push(
                ACCOUNT_OU,
                account_at(&account.name),
                format!(
                    "ou `{}` of account `{}` does not exist",
                    account.ou, account.name
                ),
                or_hint(
                    did_you_mean(&account.ou, paths.iter().copied()),
                    format!(
                        "add an organizational unit with path `{}`, or leave `ou` empty for the root",
                        account.ou
                    ),
                ),
            );
        }
    }
}
