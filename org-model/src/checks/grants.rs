//! Grants and the references of grants and users (ORG023–ORG025), entries a list repeats
//! (ORG052), and session durations (ORG037–ORG039).

use std::collections::{HashMap, HashSet};

use super::{
    DANGLING, DUPLICATE_ENTRY, DUPLICATE_GRANT, Findings, GRANT_NO_ACCOUNT, GRANT_SESSION,
    GRANT_SESSION_OVER_ROLE, ROLE_SESSION, account_at, did_you_mean, grant_at, or_hint,
};
use crate::Layout;

/// How many distinct names get a "did you mean" hint per kind: each hint is a pass over the
/// candidates, so a bound keeps hostile layouts (thousands of distinct dangling names) linear.
const SUGGESTION_BUDGET: usize = 100;

/// "Did you mean" hints against one kind of name, each distinct input looked up once.
struct Suggester<'a> {
    candidates: Vec<&'a str>,
    cache: HashMap<&'a str, String>,
}

impl<'a> Suggester<'a> {
    fn new(candidates: impl Iterator<Item = &'a str>) -> Self {
        Self {
            candidates: candidates.collect(),
            cache: HashMap::new(),
        }
    }

    /// The hint for `input`, or `fallback` when no candidate is close (or the budget is spent).
    fn hint(&mut self, input: &'a str, fallback: impl FnOnce() -> String) -> String {
        let suggestion = match self.cache.get(input) {
            Some(suggestion) => suggestion.clone(),
            None if self.cache.len() < SUGGESTION_BUDGET => {
                let suggestion = did_you_mean(input, self.candidates.iter().copied());
                self.cache.insert(input, suggestion.clone());
                suggestion
            }
            None => String::new(),
        };
        or_hint(suggestion, fallback())
    }
}

pub(super) fn references(layout: &Layout, out: &mut Findings) {
    let groups = || layout.groups.iter().map(|group| group.name.as_str());
    let roles = || layout.roles.iter().map(|role| role.name.as_str());
    let accounts = || layout.accounts.iter().map(|account| account.name.as_str());
    // Name sets built once: a large layout has thousands of grant accounts and user groups.
    let group_names: HashSet<&str> = groups().collect();
    let role_names: HashSet<&str> = roles().collect();
    let account_names: HashSet<&str> = accounts().collect();
    let has_group = |name: &str| group_names.contains(name);
    let mut group_hints = Suggester::new(groups());
    let mut role_hints = Suggester::new(roles());
    let mut account_hints = Suggester::new(accounts());

    let mut granted: HashSet<(&str, &str, &str)> = HashSet::new();
    for grant in &layout.grants {
        let at = grant_at(grant);
        if !has_group(&grant.group) {
            out.push(
                DANGLING,
                at.clone(),
                format!("group `{}` does not exist", grant.group),
                group_hints.hint(&grant.group, || {
                    "add the group under `[[group]]`".to_owned()
                }),
            );
        }
        if !role_names.contains(grant.role.as_str()) {
            out.push(
                DANGLING,
                at.clone(),
                format!("role `{}` does not exist", grant.role),
                role_hints.hint(&grant.role, || "add the role under `[[role]]`".to_owned()),
            );
        }
        if grant.accounts.is_empty() {
            out.push(
                GRANT_NO_ACCOUNT,
                at.clone(),
                format!(
                    "grant of `{}` to `{}` names no account",
                    grant.role, grant.group
                ),
                "list the accounts the role is deployed to and may be assumed in, or remove the grant",
            );
        }
        // An account the grant itself lists twice is ORG052's: each is judged once here.
        let mut listed: HashSet<&str> = HashSet::new();
        for account in &grant.accounts {
            if !listed.insert(account.as_str()) {
                continue;
            }
            if !account_names.contains(account.as_str()) {
                out.push(
                    DANGLING,
                    at.clone(),
                    format!("account `{account}` does not exist"),
                    account_hints
                        .hint(account, || "add the account under `[[account]]`".to_owned()),
                );
            }
            let key = (grant.group.as_str(), grant.role.as_str(), account.as_str());
            if !granted.insert(key) {
                out.push(
                    DUPLICATE_GRANT,
                    at.clone(),
                    format!(
                        "`{}` may assume `{}` in `{account}` through more than one grant",
                        grant.group, grant.role
                    ),
                    "grant each account once: session durations of the copies could disagree",
                );
            }
        }
    }
    for user in &layout.users {
        let at = format!("user[{}]", user.name);
        let mut listed: HashSet<&str> = HashSet::new();
        for group in &user.groups {
            if listed.insert(group.as_str()) && !has_group(group) {
                out.push(
                    DANGLING,
                    at.clone(),
                    format!("group `{group}` does not exist"),
                    group_hints.hint(group, || "add the group under `[[group]]`".to_owned()),
                );
            }
        }
        if let Some(account) = &user.account
            && !account_names.contains(account.as_str())
        {
            out.push(
                DANGLING,
                at,
                format!("account `{account}` does not exist"),
                "remove `account`: users live in the JUMP account",
            );
        }
    }
}

/// The entries of a list that occur more than once: for each, in the order of its first
/// repeat, the entry, the index of its first occurrence, the index of its first repeat and how
/// often it occurs. Linear in the list.
fn repeated<K: std::hash::Hash + Eq + Copy>(
    entries: impl Iterator<Item = K>,
) -> Vec<(K, usize, usize, usize)> {
    let mut seen: HashMap<K, (usize, usize)> = HashMap::new();
    let mut repeats: Vec<(K, usize, usize, usize)> = Vec::new();
    for (index, entry) in entries.enumerate() {
        match seen.get_mut(&entry) {
            None => {
                seen.insert(entry, (index, usize::MAX));
            }
            Some((first, slot)) => {
                if *slot == usize::MAX {
                    *slot = repeats.len();
                    repeats.push((entry, *first, index, 1));
                }
                repeats[*slot].3 += 1;
            }
        }
    }
    repeats
}

/// ORG052: an entry a nested list repeats (a user's groups, a grant's accounts, an account's
/// waivers), once per distinct entry, located at its first repeat.
pub(super) fn duplicate_entries(layout: &Layout, out: &mut Findings) {
    let mut report =
        |at: String, what: &str, list: &str, first: usize, count: usize, help: &str| {
            out.push(
                DUPLICATE_ENTRY,
                at,
                format!("{what} is listed {count} times (first as `{list}[{first}]`)"),
                help,
            );
        };
    for user in &layout.users {
        for (group, first, again, count) in repeated(user.groups.iter().map(String::as_str)) {
            report(
                format!("user[{}].groups[{again}]", user.name),
                &format!("group `{group}`"),
                "groups",
                first,
                count,
                "list each group once: membership is a set",
            );
        }
    }
    for grant in &layout.grants {
        for (account, first, again, count) in repeated(grant.accounts.iter().map(String::as_str)) {
            report(
                format!("{}.accounts[{again}]", grant_at(grant)),
                &format!("account `{account}`"),
                "accounts",
                first,
                count,
                "list each account once: the role is deployed to it once",
            );
        }
    }
    for account in &layout.accounts {
        let items = account.baseline.waivers.iter().map(|waiver| waiver.item);
        for (item, first, again, count) in repeated(items) {
            report(
                format!("{}.baseline.waivers[{again}]", account_at(&account.name)),
                &format!("waiver of `{}`", item.name()),
                "waivers",
                first,
                count,
                "waive each item once, with one reason: only the first waiver's reason is used",
            );
        }
    }
}

pub(super) fn sessions(layout: &Layout, out: &mut Findings) {
    let mut roles_by_name: HashMap<&str, &crate::Role> = HashMap::new();
    for role in &layout.roles {
        roles_by_name.entry(role.name.as_str()).or_insert(role);
    }
    for role in &layout.roles {
        let seconds = role.max_session_duration;
        if !(3_600..=43_200).contains(&seconds) {
            out.push(
                ROLE_SESSION,
                format!("role[{}]", role.name),
                format!("maximum session of {seconds} seconds is not within 3600–43200"),
                "set `max_session_duration` between one and twelve hours",
            );
        }
    }
    for grant in &layout.grants {
        let Some(seconds) = grant.session_duration else {
            continue;
        };
        if !(900..=43_200).contains(&seconds) {
            out.push(
                GRANT_SESSION,
                grant_at(grant),
                format!("session of {seconds} seconds is not within 900–43200"),
                "set `session_duration` between 15 minutes and twelve hours",
            );
        }
        if let Some(role) = roles_by_name.get(grant.role.as_str())
            && seconds > role.max_session_duration
        {
            out.push(
                GRANT_SESSION_OVER_ROLE,
                grant_at(grant),
                format!(
                    "session of {seconds} seconds exceeds role `{}`'s maximum of {}",
                    role.name, role.max_session_duration
                ),
                format!(
                    "lower `session_duration`, or raise the role's `max_session_duration` to {seconds}"
                ),
            );
        }
    }
}
