//! Building the index: evaluation ids, every policy of the layout and the environment, the
//! deployed roles, and the requests' context.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use iam_policy::eval::{
    Context, ContextValue, PolicyRef, PolicySet, PolicyType, Request, RequestPrincipal,
};
use iam_policy::{AccountId, Arn, Partition, Policy, managed};

use super::scan::{self, ASSUME_ROLE, Targets};
use super::types::{Attachment, Environment, PermissionKind, PolicySource, Sources, Target};
use crate::policies::{LayoutPolicies, require_mfa_policy_in, role_arn};
use crate::{Layout, Purpose, User, baseline};

static NO_ENVIRONMENT: Environment = Environment {
    scps: Vec::new(),
    rcps: Vec::new(),
    root_id: None,
    ou_ids: BTreeMap::new(),
    trust_policies: Vec::new(),
};

/// A policy held by the index: owned by it (built with the index, or with its group side), or
/// borrowed from the layout or the environment.
#[derive(Debug, Clone, Copy)]
pub(super) enum Doc<'a> {
    Owned(usize),
    Group(usize),
    Borrowed(&'a Policy),
}

#[derive(Debug, Clone)]
pub(super) struct Held<'a> {
    pub(super) doc: Doc<'a>,
    pub(super) source: PolicySource,
    /// Whether it treats every user of the same groups alike for `sts:AssumeRole`.
    pub(super) neutral: bool,
}

/// The log bucket, whose policy the layout renders.
#[derive(Debug, Clone)]
pub(super) struct LogBucket {
    pub(super) name: String,
    pub(super) arn: String,
    pub(super) policy: Policy,
    pub(super) account: Option<usize>,
}

/// The JUMP groups' policies and the roles they may allow assuming, built on first use (the
/// production rule needs them only for users who live outside JUMP).
#[derive(Debug)]
pub(super) struct GroupSide<'a> {
    /// The documents [`Doc::Group`] points into.
    pub(super) docs: Vec<Policy>,
    /// Per group position: its policies (AssumeRole, require-MFA, permissions).
    pub(super) policies: Vec<Vec<Held<'a>>>,
    /// Per group position: AWS managed policies it names that jumpgate does not know.
    pub(super) unknown: Vec<Vec<String>>,
    /// Per group position: the deployments its policies may allow assuming.
    pub(super) candidates: Vec<Candidates>,
    /// Policies that could not be built.
    pub(super) failures: Vec<String>,
}

/// A role deployed to an account.
#[derive(Debug, Clone)]
pub(super) struct Deployment<'a> {
    pub(super) role: usize,
    pub(super) account: usize,
    pub(super) arn: Arn,
    pub(super) trust: Option<Held<'a>>,
    /// Whether the trust policy decides alike whatever the role and its account (no condition
    /// on the resource, no variable).
    pub(super) trust_across_resources: bool,
}

/// The SCPs or RCPs by target.
#[derive(Debug, Default)]
pub(super) struct Attached<'a> {
    pub(super) root: Vec<Held<'a>>,
    pub(super) ous: HashMap<&'a str, Vec<Held<'a>>>,
    pub(super) accounts: HashMap<&'a str, Vec<Held<'a>>>,
}

/// The roles a group's policies may let its members assume.
#[derive(Debug, Clone)]
pub(super) enum Candidates {
    Any,
    Some(Vec<usize>),
}

/// The layout's policies built and indexed once, to evaluate many requests: effective access
/// ([`EffectiveAccess::ask`]) and reachability ([`crate::reachability`]).
///
/// Building is linear in the layout; the groups' policies are built on first use (plus one pass
/// over the deployed roles for each wildcard role pattern in them), each AWS managed policy a
/// group attaches parsed once. The index is `Sync`: questions may be asked from many threads.
#[derive(Debug)]
pub struct EffectiveAccess<'a> {
    pub(super) layout: &'a Layout,
    pub(super) environment: &'a Environment,
    pub(super) partition: Partition,
    /// The id each account is evaluated with, by position (a placeholder when it has none or
    /// repeats an earlier account's).
    pub(super) ids: Vec<AccountId>,
    pub(super) placeholder: Vec<bool>,
    /// The JUMP account's position (the only one of purpose JUMP, or the first).
    pub(super) jump: Option<usize>,
    pub(super) jump_id: AccountId,
    pub(super) management: Option<AccountId>,
    pub(super) accounts: HashMap<&'a str, usize>,
    pub(super) account_by_id: HashMap<AccountId, usize>,
    pub(super) users: HashMap<&'a str, usize>,
    pub(super) groups: HashMap<&'a str, usize>,
    pub(super) docs: Vec<Policy>,
    pub(super) group_side: OnceLock<GroupSide<'a>>,
    pub(super) deployments: Vec<Deployment<'a>>,
    pub(super) by_arn: HashMap<String, usize>,
    /// Per account position: the deployments there, in role order.
    pub(super) by_account: Vec<Vec<usize>>,
    /// Deployments in JUMP whose trust policy may admit a user with no identity policy.
    pub(super) jump_extra: Vec<usize>,
    pub(super) scps: Attached<'a>,
    pub(super) rcps: Attached<'a>,
    pub(super) scps_given: bool,
    pub(super) full_access: usize,
    /// `Allow sts:AssumeRole *`: the user's side when only the trust policy is asked about.
    pub(super) any_role: usize,
    /// Whether the SCPs of JUMP's path treat every user alike.
    pub(super) jump_scps_neutral: bool,
    /// Per account position: whether the RCPs of its path do.
    pub(super) rcps_neutral: Vec<bool>,
    /// The log bucket: its name, ARN, policy and account position (built on first use).
    pub(super) log_bucket: OnceLock<Option<LogBucket>>,
    /// Policies that could not be built, by what they belong to.
    pub(super) failures: Vec<String>,
}

/// The facts a request's context is built from.
pub(super) struct Facts<'x> {
    pub(super) principal_arn: &'x str,
    pub(super) principal_type: &'static str,
    pub(super) principal_account: AccountId,
    /// The principal's account's position (none for a layout without a JUMP account).
    pub(super) principal_position: Option<usize>,
    pub(super) username: Option<&'x str>,
    pub(super) session_name: Option<&'x str>,
    pub(super) resource_account: Option<AccountId>,
    pub(super) resource_position: Option<usize>,
    pub(super) region: &'x str,
    pub(super) mfa: bool,
}

/// A policy set being assembled, with the sources of its policies.
pub(super) struct Assembly<'s> {
    pub(super) set: PolicySet<'s>,
    pub(super) sources: Sources,
    /// Per identity policy: the group it belongs to.
    pub(super) owners: Vec<Option<usize>>,
}

impl<'s> Assembly<'s> {
    pub(super) fn new() -> Self {
        Assembly {
            set: PolicySet::default(),
            sources: Sources::default(),
            owners: Vec::new(),
        }
    }

    /// The policy a statement reference points at.
    pub(super) fn policy(&self, reference: &PolicyRef) -> Option<&'s Policy> {
        match reference.policy_type {
            PolicyType::Identity => self.set.identity.get(reference.index).copied(),
            PolicyType::Resource => self.set.resource,
            PolicyType::Scp => self
                .set
                .scps
                .get(reference.level?)?
                .get(reference.index)
                .copied(),
            PolicyType::Rcp => self
                .set
                .rcps
                .get(reference.level?)?
                .get(reference.index)
                .copied(),
            PolicyType::PermissionsBoundary | PolicyType::Session => None,
        }
    }
}

/// The first position of each name.
pub(super) fn index_by_name<'a, T>(
    items: &'a [T],
    name: impl Fn(&'a T) -> &'a str,
) -> HashMap<&'a str, usize> {
    let mut index = HashMap::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        index.entry(name(item)).or_insert(position);
    }
    index
}

/// A 12-digit id from a number below 10^12.
pub(super) fn numbered_id(number: u64) -> AccountId {
    AccountId::new(&format!("{number:012}")).unwrap_or_else(|_| unreachable!("12 digits"))
}

pub(super) const FULL_AWS_ACCESS: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
pub(super) const ANY_ROLE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#;

pub(super) fn fixed_policy(json: &str) -> Policy {
    Policy::from_json(json).unwrap_or_else(|error| unreachable!("a fixed policy parses: {error}"))
}

/// The IAM path and name as an ARN resource: `user/PATH/NAME`.
pub(super) fn path_name(entity: &str, path: &str, name: &str) -> String {
    let path = path.trim_matches('/');
    if path.is_empty() {
        format!("{entity}/{name}")
    } else {
        format!("{entity}/{path}/{name}")
    }
}

impl<'a> EffectiveAccess<'a> {
    /// The index of `layout`, without SCPs, RCPs or edited trust policies.
    pub fn new(layout: &'a Layout) -> Self {
        Self::with_environment(layout, &NO_ENVIRONMENT)
    }

    /// The index of `layout` with the organization policies and edited trust policies of
    /// `environment`.
    pub fn with_environment(layout: &'a Layout, environment: &'a Environment) -> Self {
        let partition = layout.organization.partition;
        // Evaluation ids: the account's own, or a placeholder no account of the layout uses.
        let used: HashSet<AccountId> = layout.accounts.iter().filter_map(|a| a.id).collect();
        let mut next = 0_u64;
        let mut fresh = || loop {
            let id = numbered_id(next);
            next += 1;
            if !used.contains(&id) {
                return id;
            }
        };
        let mut seen = HashSet::with_capacity(layout.accounts.len());
        let mut ids = Vec::with_capacity(layout.accounts.len());
        let mut placeholder = Vec::with_capacity(layout.accounts.len());
        for account in &layout.accounts {
            match account.id {
                Some(id) if seen.insert(id) => {
                    ids.push(id);
                    placeholder.push(false);
                }
                _ => {
                    ids.push(fresh());
                    placeholder.push(true);
                }
            }
        }
        let jump = match layout.jump_account() {
            Some(jump) => layout
                .accounts
                .iter()
                .position(|account| std::ptr::eq(account, jump)),
            None => layout
                .accounts
                .iter()
                .position(|account| account.purpose == Purpose::Jump),
        };
        let jump_id = match jump {
            Some(position) => ids[position],
            None => fresh(),
        };
        let accounts = index_by_name(&layout.accounts, |account| &account.name);
        let management = accounts
            .get(layout.organization.management_account.as_str())
            .map(|&position| ids[position]);
        let mut account_by_id = HashMap::with_capacity(ids.len());
        for (position, id) in ids.iter().enumerate() {
            account_by_id.entry(*id).or_insert(position);
        }
        let users = index_by_name(&layout.users, |user| &user.name);
        let groups = index_by_name(&layout.groups, |group| &group.name);
        let roles = index_by_name(&layout.roles, |role| &role.name);

        let mut docs: Vec<Policy> = Vec::new();
        let mut failures = Vec::new();
        let full_access = docs.len();
        docs.push(fixed_policy(FULL_AWS_ACCESS));
        let any_role = docs.len();
        docs.push(fixed_policy(ANY_ROLE));

        let with_ids: Vec<Option<AccountId>> = ids.iter().copied().map(Some).collect();
        let rendered = LayoutPolicies::with_account_ids(layout, &with_ids, Some(jump_id));
        let neutral = |policy: &Policy| scan::is_neutral(policy, ASSUME_ROLE);

        // Deployments: each role (the first of its name) in each account its grants name.
        let mut deployed: HashMap<usize, Vec<usize>> = HashMap::new();
        for grant in &layout.grants {
            let Some(&role) = roles.get(grant.role.as_str()) else {
                continue;
            };
            deployed.entry(role).or_default().extend(
                grant
                    .accounts
                    .iter()
                    .filter_map(|name| accounts.get(name.as_str()).copied()),
            );
        }
        let mut trust_by_role: HashMap<usize, Option<usize>> = HashMap::new();
        let mut deployments = Vec::new();
        let mut by_arn = HashMap::new();
        let mut by_account = vec![Vec::new(); layout.accounts.len()];
        let mut edited: HashMap<(&str, Option<&str>), &'a Policy> = HashMap::new();
        for edit in &environment.trust_policies {
            edited.insert((edit.role.as_str(), edit.account.as_deref()), &edit.policy);
        }
        for (role_position, role) in layout.roles.iter().enumerate() {
            let Some(accounts_of_role) = deployed.get_mut(&role_position) else {
                continue;
            };
            accounts_of_role.sort_unstable();
            accounts_of_role.dedup();
            for &account in accounts_of_role.iter() {
                let account_name = layout.accounts[account].name.as_str();
                let source = |edited| PolicySource::TrustPolicy {
                    role: role.name.clone(),
                    account: account_name.to_owned(),
                    edited,
                };
                let trust = match edited
                    .get(&(role.name.as_str(), Some(account_name)))
                    .or_else(|| edited.get(&(role.name.as_str(), None)))
                {
                    Some(policy) => Some(Held {
                        neutral: neutral(policy),
                        doc: Doc::Borrowed(policy),
                        source: source(true),
                    }),
                    None => {
                        let index = *trust_by_role.entry(role_position).or_insert_with(|| {
                            match rendered.trust_policy(role) {
                                Ok(Some(policy)) => {
                                    docs.push(policy);
                                    Some(docs.len() - 1)
                                }
                                Ok(None) => None,
                                Err(error) => {
                                    failures.push(format!(
                                        "the trust policy of role `{}` cannot be built: {error}",
                                        role.name
                                    ));
                                    None
                                }
                            }
                        });
                        index.map(|index| Held {
                            neutral: neutral(&docs[index]),
                            doc: Doc::Owned(index),
                            source: source(false),
                        })
                    }
                };
                let arn = role_arn(layout, role, ids[account]);
                let index = deployments.len();
                by_arn.entry(arn.as_str().to_owned()).or_insert(index);
                by_account[account].push(index);
                deployments.push(Deployment {
                    role: role_position,
                    account,
                    arn,
                    trust,
                    trust_across_resources: false,
                });
            }
        }

        let mut access = EffectiveAccess {
            layout,
            environment,
            partition,
            ids,
            placeholder,
            jump,
            jump_id,
            management,
            accounts,
            account_by_id,
            users,
            groups,
            docs,
            group_side: OnceLock::new(),
            deployments,
            by_arn,
            by_account,
            jump_extra: Vec::new(),
            scps: Attached::default(),
            rcps: Attached::default(),
            scps_given: !environment.scps.is_empty(),
            full_access,
            any_role,
            jump_scps_neutral: true,
            rcps_neutral: Vec::new(),
            log_bucket: OnceLock::new(),
            failures,
        };
        let across: Vec<bool> = access
            .deployments
            .iter()
            .map(|deployment| {
                deployment.trust.as_ref().is_some_and(|trust| {
                    scan::is_resource_neutral(access.doc(trust.doc), ASSUME_ROLE)
                })
            })
            .collect();
        for (deployment, across) in access.deployments.iter_mut().zip(across) {
            deployment.trust_across_resources = across;
        }
        access.jump_extra = match access.jump {
            Some(jump) => access.by_account[jump]
                .iter()
                .copied()
                .filter(|&index| {
                    access.deployments[index]
                        .trust
                        .as_ref()
                        .is_some_and(|trust| {
                            scan::may_admit_without_identity(access.doc(trust.doc), ASSUME_ROLE)
                        })
                })
                .collect(),
            None => Vec::new(),
        };
        access.scps = attach(&environment.scps, |target, name| PolicySource::Scp {
            target,
            name,
        });
        access.rcps = attach(&environment.rcps, |target, name| PolicySource::Rcp {
            target,
            name,
        });
        access.jump_scps_neutral = match access.jump {
            Some(jump) => access.levels_neutral(&access.scps, jump),
            None => true,
        };
        access.rcps_neutral = (0..layout.accounts.len())
            .map(|account| access.levels_neutral(&access.rcps, account))
            .collect();
        access
    }

    pub(super) fn doc(&self, doc: Doc<'a>) -> &Policy {
        match doc {
            Doc::Owned(index) => &self.docs[index],
            Doc::Group(index) => &self.group_side().docs[index],
            Doc::Borrowed(policy) => policy,
        }
    }

    /// The groups' policies, built on first use.
    pub(super) fn group_side(&self) -> &GroupSide<'a> {
        self.group_side.get_or_init(|| self.build_group_side())
    }

    /// The log bucket, built on first use.
    pub(super) fn log_bucket(&self) -> Option<&LogBucket> {
        self.log_bucket
            .get_or_init(|| self.log_bucket_entry())
            .as_ref()
    }

    /// Every JUMP group's policies, and the deployments they may allow assuming.
    fn build_group_side(&self) -> GroupSide<'a> {
        let layout = self.layout;
        let partition = layout.organization.partition;
        let mut docs: Vec<Policy> = Vec::new();
        let mut failures = Vec::new();
        let with_ids: Vec<Option<AccountId>> = self.ids.iter().copied().map(Some).collect();
        let rendered = LayoutPolicies::with_account_ids(layout, &with_ids, Some(self.jump_id));
        let neutral = |policy: &Policy| scan::is_neutral(policy, ASSUME_ROLE);
        let require_mfa = match require_mfa_policy_in(partition, self.jump_id) {
            Ok(policy) => {
                docs.push(policy);
                Some(docs.len() - 1)
            }
            Err(error) => {
                failures.push(format!(
                    "the deny-unless-MFA policy cannot be built: {error}"
                ));
                None
            }
        };
        let mut managed_docs: HashMap<&'a str, Option<usize>> = HashMap::new();
        let mut policies = Vec::with_capacity(layout.groups.len());
        let mut unknown_names = Vec::with_capacity(layout.groups.len());
        for (position, group) in layout.groups.iter().enumerate() {
            let mut held = Vec::new();
            let mut unknown = Vec::new();
            if self.groups.get(group.name.as_str()) == Some(&position) {
                match rendered.group_assume_role_policy(&group.name) {
                    Ok(Some(policy)) => {
                        held.push(Held {
                            neutral: neutral(&policy),
                            doc: Doc::Group(docs.len()),
                            source: PolicySource::GroupAssumeRoles {
                                group: group.name.clone(),
                            },
                        });
                        docs.push(policy);
                    }
                    Ok(None) => {}
                    Err(error) => failures.push(format!(
                        "the AssumeRole policy of group `{}` cannot be built: {error}",
                        group.name
                    )),
                }
                if let Some(index) = require_mfa {
                    held.push(Held {
                        neutral: neutral(&docs[index]),
                        doc: Doc::Group(index),
                        source: PolicySource::GroupRequireMfa {
                            group: group.name.clone(),
                        },
                    });
                }
                for permission in &group.permissions {
                    let source = PolicySource::GroupPermission {
                        group: group.name.clone(),
                        kind: PermissionKind::of(permission),
                        name: permission.name().to_owned(),
                    };
                    match permission.policy() {
                        Some(policy) => held.push(Held {
                            neutral: neutral(policy),
                            doc: Doc::Borrowed(policy),
                            source,
                        }),
                        None => {
                            let name = permission.name();
                            let index = *managed_docs.entry(name).or_insert_with(|| {
                                managed::by_path_name(name).map(|found| {
                                    docs.push(found.policy());
                                    docs.len() - 1
                                })
                            });
                            match index {
                                Some(index) => held.push(Held {
                                    neutral: neutral(&docs[index]),
                                    doc: Doc::Group(index),
                                    source,
                                }),
                                None => unknown.push(name.to_owned()),
                            }
                        }
                    }
                }
            }
            policies.push(held);
            unknown_names.push(unknown);
        }
        let candidates = policies
            .iter()
            .map(|held| self.candidates_of(held, &docs))
            .collect();
        GroupSide {
            docs,
            policies,
            unknown: unknown_names,
            candidates,
            failures,
        }
    }

    /// The deployments a group's policies may allow assuming.
    fn candidates_of(&self, held: &[Held<'a>], docs: &[Policy]) -> Candidates {
        let mut found = Vec::new();
        for held in held {
            let policy = match held.doc {
                Doc::Group(index) => &docs[index],
                other => self.doc(other),
            };
            match Targets::of(policy) {
                Targets::Any => return Candidates::Any,
                Targets::Some { exact, patterns } => {
                    found.extend(exact.iter().filter_map(|arn| self.by_arn.get(arn).copied()));
                    for pattern in &patterns {
                        found.extend(
                            self.deployments
                                .iter()
                                .enumerate()
                                .filter(|(_, deployment)| {
                                    scan::may_match(pattern, deployment.arn.as_str())
                                })
                                .map(|(index, _)| index),
                        );
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        Candidates::Some(found)
    }

    fn log_bucket_entry(&self) -> Option<LogBucket> {
        let name = baseline::log_bucket_name(self.layout)?;
        // A policy that cannot be built is a finding of `check` (ORG040); the bucket is then
        // not known here.
        let policy = baseline::log_bucket_policy(self.layout).ok()??;
        let log = self.layout.log_account().and_then(|log| {
            self.layout
                .accounts
                .iter()
                .position(|account| std::ptr::eq(account, log))
        });
        Some(LogBucket {
            arn: format!("arn:{}:s3:::{name}", self.partition.as_str()),
            name,
            policy,
            account: log,
        })
    }

    /// The OU paths from the top down to `ou`: `A`, `A/B`, `A/B/C`.
    pub(super) fn ou_chain(ou: &str) -> impl Iterator<Item = &str> {
        let ou = ou.trim_matches('/');
        ou.match_indices('/')
            .map(move |(at, _)| &ou[..at])
            .chain((!ou.is_empty()).then_some(ou))
    }

    /// Whether the SCP or RCP levels of an account treat users alike.
    pub(super) fn levels_neutral(&self, attached: &Attached<'a>, account: usize) -> bool {
        let account = &self.layout.accounts[account];
        let level = |held: &[Held<'a>]| held.iter().all(|held| held.neutral);
        level(&attached.root)
            && Self::ou_chain(&account.ou)
                .all(|ou| attached.ous.get(ou).is_none_or(|held| level(held)))
            && attached
                .accounts
                .get(account.name.as_str())
                .is_none_or(|held| level(held))
    }

    /// Pushes the SCP levels of `account`'s path (when any SCP is given).
    pub(super) fn push_scps<'s>(&'s self, account: usize, assembly: &mut Assembly<'s>) {
        if !self.scps_given {
            return;
        }
        let account_ref = &self.layout.accounts[account];
        let mut targets = vec![(Target::Root, self.scps.root.as_slice())];
        for ou in Self::ou_chain(&account_ref.ou) {
            targets.push((
                Target::Ou(ou.to_owned()),
                self.scps.ous.get(ou).map_or(&[][..], Vec::as_slice),
            ));
        }
        targets.push((
            Target::Account(account_ref.name.clone()),
            self.scps
                .accounts
                .get(account_ref.name.as_str())
                .map_or(&[][..], Vec::as_slice),
        ));
        for (target, held) in targets {
            if held.is_empty() {
                assembly.set.scps.push(vec![&self.docs[self.full_access]]);
                assembly
                    .sources
                    .scps
                    .push(vec![PolicySource::DefaultFullAwsAccess { target }]);
            } else {
                assembly
                    .set
                    .scps
                    .push(held.iter().map(|held| self.doc(held.doc)).collect());
                assembly
                    .sources
                    .scps
                    .push(held.iter().map(|held| held.source.clone()).collect());
            }
        }
    }

    /// Pushes the RCP levels of `account`'s path (when any RCP is given).
    pub(super) fn push_rcps<'s>(&'s self, account: Option<usize>, assembly: &mut Assembly<'s>) {
        let Some(account) = account.filter(|_| !self.environment.rcps.is_empty()) else {
            return;
        };
        let account_ref = &self.layout.accounts[account];
        let mut levels = vec![self.rcps.root.as_slice()];
        for ou in Self::ou_chain(&account_ref.ou) {
            levels.push(self.rcps.ous.get(ou).map_or(&[][..], Vec::as_slice));
        }
        levels.push(
            self.rcps
                .accounts
                .get(account_ref.name.as_str())
                .map_or(&[][..], Vec::as_slice),
        );
        for held in levels {
            assembly
                .set
                .rcps
                .push(held.iter().map(|held| self.doc(held.doc)).collect());
            assembly
                .sources
                .rcps
                .push(held.iter().map(|held| held.source.clone()).collect());
        }
    }

    /// Pushes the policies of `groups` as identity policies.
    pub(super) fn push_groups<'s>(&'s self, groups: &[usize], assembly: &mut Assembly<'s>) {
        for &group in groups {
            for held in &self.group_side().policies[group] {
                assembly.set.identity.push(self.doc(held.doc));
                assembly.sources.identity.push(held.source.clone());
                assembly.owners.push(Some(group));
            }
        }
    }

    /// `o-ID/r-ROOT/ou-A/ou-B/` for an account, when every id is known.
    pub(super) fn org_path(&self, account: usize) -> Option<String> {
        let organization = self.layout.organization.id.as_deref()?;
        let root = self.environment.root_id.as_deref()?;
        let mut path = format!("{organization}/{root}/");
        for ou in Self::ou_chain(&self.layout.accounts[account].ou) {
            path.push_str(self.environment.ou_ids.get(ou)?);
            path.push('/');
        }
        Some(path)
    }

    /// The context a request carries, then `overrides`.
    pub(super) fn context(
        &self,
        facts: &Facts<'_>,
        overrides: &[(String, ContextValue)],
    ) -> Context {
        let mut context = Context::new();
        let mut set = |key: &str, value: String| context.insert(key, ContextValue::Single(value));
        if facts.mfa {
            set("aws:MultiFactorAuthPresent", "true".to_owned());
            set("aws:MultiFactorAuthAge", "0".to_owned());
        } else {
            set("aws:MultiFactorAuthPresent", "false".to_owned());
        }
        set("aws:SecureTransport", "true".to_owned());
        set("aws:RequestedRegion", facts.region.to_owned());
        set("aws:PrincipalArn", facts.principal_arn.to_owned());
        set(
            "aws:PrincipalAccount",
            facts.principal_account.as_str().to_owned(),
        );
        set("aws:PrincipalType", facts.principal_type.to_owned());
        set("aws:PrincipalIsAWSService", "false".to_owned());
        if let Some(name) = facts.username {
            set("aws:username", name.to_owned());
        }
        if let Some(name) = facts.session_name {
            set("sts:RoleSessionName", name.to_owned());
        }
        if let Some(account) = facts.resource_account {
            set("aws:ResourceAccount", account.as_str().to_owned());
        }
        if let Some(organization) = &self.layout.organization.id {
            set("aws:PrincipalOrgID", organization.clone());
            if facts.resource_position.is_some() {
                set("aws:ResourceOrgID", organization.clone());
            }
        }
        if let Some(path) = facts.principal_position.and_then(|at| self.org_path(at)) {
            context.insert("aws:PrincipalOrgPaths", ContextValue::Multiple(vec![path]));
        }
        if let Some(path) = facts.resource_position.and_then(|at| self.org_path(at)) {
            context.insert("aws:ResourceOrgPaths", ContextValue::Multiple(vec![path]));
        }
        for (key, value) in overrides {
            context.insert(key.clone(), value.clone());
        }
        context
    }

    /// The ARN of an IAM user named `name` with `path` in JUMP.
    pub(super) fn user_arn(&self, path: &str, name: &str) -> Arn {
        Arn::new(
            self.partition.as_str(),
            "iam",
            "",
            self.jump_id.as_str(),
            &path_name("user", path, name),
        )
    }

    /// The request of `user` assuming the role of `deployment`.
    pub(super) fn assume_request(
        &self,
        user: &Arn,
        name: &str,
        deployment: usize,
        mfa: bool,
        overrides: &[(String, ContextValue)],
    ) -> Request {
        let deployment = &self.deployments[deployment];
        let facts = Facts {
            principal_arn: user.as_str(),
            principal_type: "User",
            principal_account: self.jump_id,
            principal_position: self.jump,
            username: Some(name),
            session_name: Some(name),
            resource_account: Some(self.ids[deployment.account]),
            resource_position: Some(deployment.account),
            region: &self.layout.organization.default_region,
            mfa,
        };
        let mut request = Request::new(
            RequestPrincipal::User { arn: user.clone() },
            ASSUME_ROLE,
            deployment.arn.as_str(),
        );
        request.context = self.context(&facts, overrides);
        request.principal_account = Some(self.jump_id);
        request.resource_account = Some(self.ids[deployment.account]);
        request.management_account = self.management;
        request
    }

    /// The layout.
    pub fn layout(&self) -> &'a Layout {
        self.layout
    }

    /// The groups of `user` that exist (positions), each once, in the user's order.
    pub(crate) fn groups_of(&self, user: &User) -> Vec<usize> {
        let mut seen = HashSet::with_capacity(user.groups.len().min(64));
        user.groups
            .iter()
            .filter_map(|name| self.groups.get(name.as_str()).copied())
            .filter(|&group| seen.insert(group))
            .collect()
    }
}

/// The SCPs or RCPs by target.
pub(super) fn attach(
    attachments: &[Attachment],
    source: impl Fn(Target, String) -> PolicySource,
) -> Attached<'_> {
    let mut attached = Attached::default();
    for attachment in attachments {
        let held = Held {
            neutral: scan::is_neutral(&attachment.policy, ASSUME_ROLE),
            doc: Doc::Borrowed(&attachment.policy),
            source: source(attachment.target.clone(), attachment.name.clone()),
        };
        match &attachment.target {
            Target::Root => attached.root.push(held),
            Target::Ou(path) => attached
                .ous
                .entry(path.trim_matches('/'))
                .or_default()
                .push(held),
            Target::Account(name) => attached.accounts.entry(name).or_default().push(held),
        }
    }
    attached
}
