//! The desired state a checked layout implies (pure).

use std::collections::{BTreeMap, BTreeSet};

use iam_policy::{AccountId, Arn, Partition, Policy};
use org_model::baseline::DesiredBaseline;
use org_model::{CheckedLayout, Layout, Permission, managed, policies};

use crate::Error;
use crate::state::{
    ASSUME_ROLES_POLICY, AccountIam, AccountRef, DesiredAccount, DesiredOrg, GroupState, IamState,
    MANAGED_POLICY_PATH, ManagedPolicyState, OrgState, REQUIRE_MFA_POLICY, RoleState, UserState,
};

/// The organization the layout wants: OUs (parents first) and accounts, with ids filled in from
/// the live organization (matched by root email) where the layout has none.
pub fn desired_org(layout: &CheckedLayout, live: &OrgState) -> DesiredOrg {
    let mut ous: BTreeSet<String> = BTreeSet::new();
    let mut add_ou = |path: &str| {
        let mut prefix = String::new();
        for segment in path.split('/').filter(|segment| !segment.is_empty()) {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(segment);
            ous.insert(prefix.clone());
        }
    };
    for ou in &layout.organizational_units {
        add_ou(&ou.path);
    }
    for account in &layout.accounts {
        add_ou(&account.ou);
    }
    let mut ous: Vec<String> = ous.into_iter().collect();
    ous.sort_by_key(|path| (path.split('/').count(), path.clone()));
    let accounts = layout
        .accounts
        .iter()
        .map(|account| DesiredAccount {
            name: account.name.clone(),
            id: account.id.or_else(|| {
                live.accounts
                    .iter()
                    .find(|live| live.email.eq_ignore_ascii_case(&account.email))
                    .map(|live| live.id)
            }),
            email: account.email.clone(),
            ou: account.ou.clone(),
        })
        .collect();
    DesiredOrg {
        management: layout.organization.management_account.clone(),
        ous,
        accounts,
    }
}

/// The layout with account ids filled in from `org` (accounts created since the layout was
/// written are known by email), checked again: two accounts of the layout must not turn out to
/// be one account of the organization.
pub fn with_ids(layout: &CheckedLayout, org: &DesiredOrg) -> Result<CheckedLayout, Error> {
    let mut filled = layout.layout().clone();
    let mut changed = false;
    for account in &mut filled.accounts {
        if account.id.is_none() {
            account.id = org
                .accounts
                .iter()
                .find(|desired| desired.name == account.name)
                .and_then(|desired| desired.id);
            changed |= account.id.is_some();
        }
    }
    if !changed {
        return Ok(layout.clone());
    }
    Ok(CheckedLayout::check(filled)?)
}

/// The security baseline of `layout` with account ids filled in from the live organization.
pub fn desired_baseline(layout: &CheckedLayout, live: &OrgState) -> Result<DesiredBaseline, Error> {
    let layout = with_ids(layout, &desired_org(layout, live))?;
    Ok(org_model::baseline::desired(&layout)?)
}

/// The ARN of an AWS managed policy by name (`ReadOnlyAccess`, or `service-role/Name`).
pub fn aws_managed_arn(partition: Partition, name: &str) -> Arn {
    Arn::new(
        partition.as_str(),
        "iam",
        "",
        "aws",
        &format!("policy/{}", name.trim_start_matches('/')),
    )
}

/// The ARN of the customer managed policy `name` that jumpgate keeps in `account`.
pub fn customer_policy_arn(partition: Partition, account: AccountId, name: &str) -> Arn {
    customer_policy_arn_at(partition, account, MANAGED_POLICY_PATH, name)
}

/// The ARN of the customer managed policy `name` at the IAM path `path` in `account` (an
/// adopted policy keeps its own path).
pub fn customer_policy_arn_at(
    partition: Partition,
    account: AccountId,
    path: &str,
    name: &str,
) -> Arn {
    Arn::new(
        partition.as_str(),
        "iam",
        "",
        account.as_str(),
        &format!("policy{path}{name}"),
    )
}

/// A role's or group's permissions: managed policy ARNs to attach (AWS managed, and customer
/// managed ones in `account`), inline policies, and the customer managed policies themselves.
struct Permissions {
    attached: BTreeSet<Arn>,
    inline: BTreeMap<String, Policy>,
    customer: Vec<ManagedPolicyState>,
}

fn permissions(layout: &Layout, account: AccountId, permissions: &[Permission]) -> Permissions {
    let partition = layout.organization.partition;
    let mut out = Permissions {
        attached: BTreeSet::new(),
        inline: BTreeMap::new(),
        customer: Vec::new(),
    };
    for permission in permissions {
        match permission {
            Permission::AwsManaged { aws_managed } => {
                out.attached.insert(aws_managed_arn(partition, aws_managed));
            }
            Permission::Inline {
                inline: name,
                policy,
            } => {
                out.inline.insert(name.clone(), policy.clone());
            }
            Permission::Customer {
                customer,
                path,
                policy,
            } => {
                let path = path.as_deref().unwrap_or(MANAGED_POLICY_PATH);
                let arn = customer_policy_arn_at(partition, account, path, customer);
                out.attached.insert(arn.clone());
                out.customer.push(ManagedPolicyState {
                    name: customer.clone(),
                    path: path.to_owned(),
                    arn,
                    document: policy.clone(),
                    managed: true,
                    old_versions: Vec::new(),
                    attached_to: BTreeSet::new(),
                });
            }
        }
    }
    out
}

/// Adds customer managed policies to an account's desired policies; one name has one document.
fn add_policies(
    policies: &mut BTreeMap<String, ManagedPolicyState>,
    customer: Vec<ManagedPolicyState>,
) -> Result<(), Error> {
    for policy in customer {
        match policies.get(&policy.name) {
            Some(existing)
                if !existing.document.semantically_equals(&policy.document)
                    || existing.path != policy.path =>
            {
                return Err(Error::CustomerPolicyDocuments {
                    name: policy.name.clone(),
                });
            }
            Some(_) => {}
            None => {
                policies.insert(policy.name.clone(), policy);
            }
        }
    }
    Ok(())
}

/// The IAM path of a managed group: [`MANAGED_GROUP_PATH`](crate::state::MANAGED_GROUP_PATH)
/// followed by the layout's path ([`org_model::managed::group_path`], which rendering uses
/// too).
pub fn managed_group_path(layout_path: &str) -> String {
    managed::group_path(layout_path)
}

/// The IAM state the layout implies: the password policy in every account with an id, roles in
/// every account a grant deploys them to (accounts without an id yet are left out), and groups,
/// their policies, users (with their login profiles) and memberships in JUMP; customer managed
/// policies in every account where a role or group attaches them.
pub fn desired_iam(layout: &CheckedLayout) -> Result<IamState, Error> {
    let layout = layout.layout();
    let mut state = IamState::default();
    // The password policy, in every account with an id (an IAM user anyone creates anywhere is
    // held to it, and the CIS benchmark checks it per account).
    for account in &layout.accounts {
        if let Some(id) = account.id {
            let iam = state
                .accounts
                .entry(AccountRef {
                    name: account.name.clone(),
                    id,
                })
                .or_default();
            iam.password_policy = Some(layout.jump.password_policy);
        }
    }
    // The trust and AssumeRole policies, with their lookups built once (linear in the layout).
    let rendered = policies::LayoutPolicies::new(layout);
    for (role, accounts) in layout.role_deployments() {
        let deployed: Vec<_> = accounts
            .into_iter()
            .filter_map(|account| {
                account.id.map(|id| AccountRef {
                    name: account.name.clone(),
                    id,
                })
            })
            .collect();
        if deployed.is_empty() {
            continue;
        }
        let trust = rendered.trust_policy(role)?.ok_or(Error::NoJumpId)?;
        for account in deployed {
            let granted = permissions(layout, account.id, &role.permissions);
            let desired = RoleState {
                name: role.name.clone(),
                path: role.path.clone(),
                trust: trust.clone(),
                max_session_duration: role.max_session_duration,
                attached: granted.attached,
                inline: granted.inline,
                managed: true,
            };
            let iam = state.accounts.entry(account).or_default();
            add_policies(&mut iam.policies, granted.customer)?;
            iam.roles.insert(role.name.clone(), desired);
        }
    }
    let Some(jump) = layout.jump_account() else {
        return Ok(state);
    };
    let Some(jump_id) = jump.id else {
        return Ok(state);
    };
    let jump_ref = AccountRef {
        name: jump.name.clone(),
        id: jump_id,
    };
    let mut iam = AccountIam::default();
    let require_mfa = policies::require_mfa_policy(layout)?;
    for group in &layout.groups {
        let granted = permissions(layout, jump_ref.id, &group.permissions);
        add_policies(&mut iam.policies, granted.customer)?;
        let (attached, mut inline) = (granted.attached, granted.inline);
        if let Some(assume) = rendered.group_assume_role_policy(&group.name)? {
            inline.insert(ASSUME_ROLES_POLICY.to_owned(), assume);
        }
        if let Some(mfa) = &require_mfa {
            inline.insert(REQUIRE_MFA_POLICY.to_owned(), mfa.clone());
        }
        iam.groups.insert(
            group.name.clone(),
            GroupState {
                name: group.name.clone(),
                path: managed::group_iam_path(group),
                attached,
                inline,
            },
        );
    }
    for user in &layout.users {
        let in_jump = user.account.as_deref().is_none_or(|name| name == jump.name);
        if !in_jump {
            continue;
        }
        iam.users.insert(
            user.name.clone(),
            UserState {
                name: user.name.clone(),
                path: user.path.clone(),
                groups: user
                    .groups
                    .iter()
                    .filter(|group| iam.groups.contains_key(group.as_str()))
                    .cloned()
                    .collect(),
                managed: true,
                login_profile: user.console,
            },
        );
    }
    let entry = state.accounts.entry(jump_ref).or_default();
    entry.groups = iam.groups;
    entry.users = iam.users;
    add_policies(&mut entry.policies, iam.policies.into_values().collect())?;
    Ok(state)
}
