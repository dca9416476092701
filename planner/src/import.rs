//! Import (pure): from what an organization holds, read by the adapter, to a layout that
//! describes it, with notes where a choice was made and the list of what was left out.
//!
//! * Accounts keep their id, email, OU path, tags and alias; a name that is no valid layout
//!   name (`A-Za-z0-9_-`, 1–50) is rewritten, and the purpose is guessed from the name.
//! * The JUMP account is the one named, or else the one whose IAM groups hold `sts:AssumeRole`
//!   on roles in other accounts (the most such groups).
//! * Roles are those whose trust policy lets the JUMP account assume them; their MFA condition
//!   (`aws:MultiFactorAuthPresent`, `aws:MultiFactorAuthAge`), session length and policies are
//!   kept. A role name seen in several accounts is one layout role, described as in the first.
//! * A group's inline policy made only of `Allow sts:AssumeRole` on exact ARNs of imported roles
//!   becomes grants; any other policy is kept as the group's own, so nothing is lost.
//! * Users keep their path and groups; a user outside JUMP is kept where it is (`check` reports
//!   it: the layout describes the world, not the wish).
//!
//! Nothing here reads secrets: the read state has no passwords or keys.

use std::collections::{BTreeMap, BTreeSet};

use iam_policy::{
    AccountId, ActionElement, Effect, Partition, Policy, Principal, PrincipalElement,
    PrincipalType, ResourceElement,
};
use org_model::{
    Account, Grant, Group, Layout, Organization, OrganizationalUnit, Permission, Purpose, Role,
    User,
};

use crate::state::{
    ASSUME_ROLES_POLICY, AccountIam, GroupState, MANAGED_GROUP_PATH, MANAGED_POLICY_PATH, OrgState,
    REQUIRE_MFA_POLICY, RoleState,
};

/// One account as the adapter read it, beyond [`OrgState`]: its tags and alias.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountExtras {
    /// The account's tags in Organizations.
    pub tags: BTreeMap<String, String>,
    /// The IAM account alias, when set.
    pub alias: Option<String>,
}

/// Everything import reads: the organization, per account its extras and its IAM (read in
/// full: roles, customer managed policies, groups and users of every account, with the
/// policies of those jumpgate does not manage).
#[derive(Debug, Clone, Default)]
pub struct ImportRead {
    /// The organization.
    pub org: OrgState,
    /// Tags and alias by account id.
    pub extras: BTreeMap<AccountId, AccountExtras>,
    /// IAM by account id.
    pub iam: BTreeMap<AccountId, AccountIam>,
    /// The S3 buckets the account's trails deliver to, by account id.
    pub trail_buckets: BTreeMap<AccountId, BTreeSet<String>>,
}

/// What import was told.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The JUMP account's name (in Organizations or as imported), when the user names it.
    pub jump: Option<String>,
    /// The partition of every ARN.
    pub partition: Partition,
    /// The organization's default Region.
    pub region: String,
}

/// Something import left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotImported {
    /// The resource, e.g. ``role `ci` in DEV``.
    pub what: String,
    /// Why it was left out.
    pub reason: String,
}

/// The imported layout, the choices made, and what was left out.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The layout.
    pub layout: Layout,
    /// Where import had to choose (written as comments at the top of the file).
    pub notes: Vec<String>,
    /// What was left out.
    pub not_imported: Vec<NotImported>,
}

/// Why import cannot make a layout.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// There is no organization.
    #[error("the caller's account belongs to no organization")]
    NoOrganization,
    /// `--jump` names no account.
    #[error("no account named `{name}` in the organization{suggestion}")]
    UnknownJump {
        /// The name given.
        name: String,
        /// "; did you mean …?" or empty.
        suggestion: String,
    },
    /// No account has groups that assume roles elsewhere, and none was named.
    #[error(
        "no account has IAM groups allowed to assume roles in other accounts; name the JUMP \
         account with `--jump NAME`"
    )]
    NoJump,
    /// The layout could not be written as TOML.
    #[error("cannot write the layout: {0}")]
    Toml(#[from] org_model::Error),
}

impl Imported {
    /// The layout as TOML, the notes and the list of what was left out as comments above it.
    pub fn to_toml(&self) -> Result<String, ImportError> {
        let mut out = String::from(
            "# Imported by `jumpgate import`: this file describes the organization as it was \
             read.\n",
        );
        if !self.notes.is_empty() {
            out.push_str("#\n# Choices import made (review them):\n");
            for note in &self.notes {
                out.push_str(&comment(&format!("- {note}")));
            }
        }
        if !self.not_imported.is_empty() {
            out.push_str("#\n# Not imported:\n");
            for left in &self.not_imported {
                out.push_str(&comment(&format!("- {}: {}", left.what, left.reason)));
            }
        }
        out.push('\n');
        out.push_str(&self.layout.to_toml()?);
        Ok(out)
    }
}

/// `text` as one comment line: control and bidirectional formatting characters and U+2028,
/// U+2029 (a newline in a name) are escaped, so the comment cannot end early, nothing read from AWS becomes TOML,
/// and what a reader sees is what is there.
fn comment(text: &str) -> String {
    let mut line = String::from("# ");
    for character in text.chars() {
        let bidi = matches!(
            character,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        );
        if character.is_control() || bidi {
            line.push_str(&character.escape_unicode().to_string());
        } else {
            line.push(character);
        }
    }
    line.push('\n');
    line
}

/// A valid layout account name for `name` (`A-Za-z0-9_-`, 1–50), not in `taken`.
fn layout_name(name: &str, taken: &BTreeSet<String>) -> String {
    let mut base: String = name
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || character == '_' || character == '-' {
                character
            } else {
                '-'
            }
        })
        .take(45)
        .collect();
    if base.is_empty() {
        base.push_str("account");
    }
    let mut candidate = base.clone();
    let mut index = 2;
    while taken.contains(&candidate.to_lowercase()) {
        candidate = format!("{base}-{index}");
        index += 1;
    }
    candidate
}

/// The purpose a name suggests, and whether it was a guess from the name.
fn purpose_from_name(name: &str) -> Option<Purpose> {
    let lower = name.to_lowercase();
    let has = |words: &[&str]| {
        words.iter().any(|word| {
            lower
                .split(|character: char| !character.is_ascii_alphanumeric())
                .any(|part| part == *word)
        })
    };
    if has(&["log", "logs", "logging", "archive"]) {
        Some(Purpose::Log)
    } else if has(&["prd", "prod", "production"]) {
        Some(Purpose::Production)
    } else if has(&["uat"]) {
        Some(Purpose::UserAcceptance)
    } else if has(&["stg", "stage", "staging"]) {
        Some(Purpose::Staging)
    } else if has(&["dev", "development"]) {
        Some(Purpose::Development)
    } else if has(&["cicd", "ci", "cd", "deploy", "tooling"]) {
        Some(Purpose::Cicd)
    } else if has(&["proto", "prototype", "sandbox", "lab"]) {
        Some(Purpose::Prototype)
    } else {
        None
    }
}

/// A role ARN's account, path and name: `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`.
fn parse_role_arn(arn: &str, partition: Partition) -> Option<(AccountId, String, String)> {
    let rest = arn.strip_prefix(&format!("arn:{}:iam::", partition.as_str()))?;
    let (account, resource) = rest.split_once(':')?;
    let resource = resource.strip_prefix("role")?;
    if !resource.starts_with('/') || resource.contains(['*', '?', '$']) {
        return None;
    }
    let (path, name) = resource.rsplit_once('/')?;
    Some((account.parse().ok()?, format!("{path}/"), name.to_owned()))
}

/// Whether `policy` lets `jump` assume the role: an `Allow` of `sts:AssumeRole` to the JUMP
/// account (its root or its id). Returns the MFA settings it requires and whether anything was
/// left out (other principals, other conditions).
struct Trust {
    requires_mfa: bool,
    max_mfa_age: Option<u64>,
    simplified: bool,
}

fn trust_of(policy: &Policy, jump: AccountId, partition: Partition) -> Option<Trust> {
    let root = format!("arn:{}:iam::{}:root", partition.as_str(), jump.as_str());
    let mut found: Option<Trust> = None;
    let mut simplified = false;
    for statement in policy.statement.as_slice() {
        let allows_assume = statement.effect == Effect::Allow
            && matches!(&statement.action, ActionElement::Action(actions)
            if actions.as_slice().iter().any(|action| {
                let action = action.as_str().to_ascii_lowercase();
                action == "sts:assumerole" || action == "sts:*" || action == "*"
            }));
        let principal = statement
            .principal
            .as_ref()
            .and_then(|principal| match principal {
                PrincipalElement::Principal(Principal::Map(_)) => Some(principal.principal()),
                _ => None,
            });
        let trusts_jump = principal.is_some_and(|principal| {
            principal
                .values(PrincipalType::Aws)
                .any(|value| value == root || value == jump.as_str())
        });
        if !(allows_assume && trusts_jump) {
            if statement.effect == Effect::Allow {
                simplified = true;
            }
            continue;
        }
        let mut trust = Trust {
            requires_mfa: false,
            max_mfa_age: None,
            simplified: false,
        };
        for block in statement
            .condition
            .iter()
            .flat_map(|condition| &condition.blocks)
        {
            for entry in &block.entries {
                let key = entry.key.to_ascii_lowercase();
                let values: Vec<String> = entry
                    .values
                    .as_slice()
                    .iter()
                    .map(iam_policy::ConditionValue::to_text)
                    .collect();
                let base = block.operator.base.as_str();
                if key == "aws:multifactorauthpresent"
                    && base == "Bool"
                    && block.operator.qualifier.is_none()
                    && values == ["true"]
                {
                    trust.requires_mfa = true;
                } else if key == "aws:multifactorauthage"
                    && (base == "NumericLessThan" || base == "NumericLessThanEquals")
                    && values.len() == 1
                    && let Ok(seconds) = values[0].parse::<u64>()
                {
                    trust.requires_mfa = true;
                    trust.max_mfa_age = Some(seconds);
                } else {
                    trust.simplified = true;
                }
            }
        }
        if statement.principal.as_ref().is_some_and(|principal| {
            principal
                .principal()
                .values(PrincipalType::Aws)
                .any(|value| value != root && value != jump.as_str())
        }) {
            trust.simplified = true;
        }
        found = Some(trust);
    }
    found.map(|mut trust| {
        trust.simplified |= simplified;
        trust
    })
}

/// The role ARNs a group's inline policy allows assuming, when the policy is nothing but
/// `Allow sts:AssumeRole` (and `sts:SetSourceIdentity`) on exact role ARNs with no conditions but
/// jumpgate's own (MFA present, the source identity the user's name); `None` otherwise.
fn assume_role_arns(policy: &Policy) -> Option<Vec<String>> {
    let mut arns = Vec::new();
    for statement in policy.statement.as_slice() {
        // The conditions grants carry anyway, as jumpgate writes them: MFA present, and a source
        // identity (when one is set) that is the user's own name.
        let only_grant_conditions = statement.condition.as_ref().is_none_or(|condition| {
            condition.blocks.iter().all(|block| {
                let operator = block.operator.base.as_str();
                block.operator.qualifier.is_none()
                    && block.entries.iter().all(|entry| {
                        let values = entry.values.as_slice();
                        if operator == "Bool" && !block.operator.if_exists {
                            entry.key.eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
                                && values.iter().all(|value| value.to_text() == "true")
                        } else if operator == "StringLike" {
                            entry.key.eq_ignore_ascii_case("sts:SourceIdentity")
                                && values
                                    .iter()
                                    .all(|value| value.to_text() == "${aws:username}")
                        } else {
                            false
                        }
                    })
            })
        });
        if statement.effect != Effect::Allow
            || statement.principal.is_some()
            || !only_grant_conditions
        {
            return None;
        }
        let ActionElement::Action(actions) = &statement.action else {
            return None;
        };
        // `sts:AssumeRole`, and `sts:SetSourceIdentity` beside it (jumpgate's group policies).
        let is = |action: &iam_policy::ActionPattern, name: &str| {
            action.as_str().eq_ignore_ascii_case(name)
        };
        let actions = actions.as_slice();
        if !actions.iter().any(|action| is(action, "sts:AssumeRole"))
            || !actions
                .iter()
                .all(|action| is(action, "sts:AssumeRole") || is(action, "sts:SetSourceIdentity"))
        {
            return None;
        }
        let Some(ResourceElement::Resource(resources)) = &statement.resource else {
            return None;
        };
        for resource in resources.as_slice() {
            let resource = resource.as_str();
            if resource.contains(['*', '?']) {
                return None;
            }
            arns.push(resource.to_owned());
        }
    }
    (!arns.is_empty()).then_some(arns)
}

/// Whether a policy allows `sts:AssumeRole` on any resource with a wildcard (ORG026 asks for a
/// reason then).
fn assumes_any_role(policy: &Policy) -> bool {
    policy.statement.as_slice().iter().any(|statement| {
        statement.effect == Effect::Allow
            && statement.action.patterns().as_slice().iter().any(|action| {
                let action = action.as_str().to_ascii_lowercase();
                action == "sts:assumerole" || action == "sts:*" || action == "*"
            })
            && match &statement.resource {
                Some(ResourceElement::Resource(resources)) => resources
                    .as_slice()
                    .iter()
                    .any(|resource| resource.as_str().contains('*')),
                Some(ResourceElement::NotResource(_)) => true,
                None => false,
            }
    })
}

/// The role ARNs a group's policies allow assuming, for finding JUMP: exact role ARNs, and
/// `*` counted as one.
fn names_roles_elsewhere(group: &GroupState, own: AccountId, partition: Partition) -> bool {
    group.inline.values().any(|policy| {
        assumes_any_role(policy)
            || assume_role_arns(policy).is_some_and(|arns| {
                arns.iter().any(|arn| {
                    parse_role_arn(arn, partition).is_some_and(|(account, ..)| account != own)
                })
            })
    })
}

/// A role's permissions as layout permissions; customer managed policies are looked up in the
/// account's `policies`. A policy that is not there is left out with a note.
fn permissions_of(
    attached: &BTreeSet<iam_policy::Arn>,
    inline: &BTreeMap<String, Policy>,
    iam: &AccountIam,
    partition: Partition,
    skip_inline: &[&str],
    notes: &mut Vec<String>,
    whose: &str,
) -> Vec<Permission> {
    let mut permissions = Vec::new();
    let aws_prefix = format!("arn:{}:iam::aws:policy/", partition.as_str());
    for arn in attached {
        let text = arn.as_str();
        if let Some(name) = text.strip_prefix(&aws_prefix) {
            permissions.push(Permission::AwsManaged {
                aws_managed: name.to_owned(),
            });
            continue;
        }
        match iam.policies.values().find(|policy| policy.arn == *arn) {
            Some(policy) => permissions.push(Permission::Customer {
                customer: policy.name.clone(),
                path: (policy.path != MANAGED_POLICY_PATH).then(|| policy.path.clone()),
                policy: policy.document.clone(),
            }),
            None => notes.push(format!(
                "{whose}: the attached policy `{text}` was not found in the account; left out"
            )),
        }
    }
    for (name, policy) in inline {
        if skip_inline.contains(&name.as_str()) {
            continue;
        }
        permissions.push(Permission::Inline {
            inline: name.clone(),
            policy: policy.clone(),
        });
    }
    permissions
}

/// Makes the layout that describes `read`.
pub fn import_layout(read: &ImportRead, options: &ImportOptions) -> Result<Imported, ImportError> {
    let partition = options.partition;
    if !read.org.exists {
        return Err(ImportError::NoOrganization);
    }
    let mut notes = Vec::new();
    let mut not_imported = Vec::new();

    // Accounts: names, in a stable order (management first, then by OU path and name).
    let mut live: Vec<_> = read.org.accounts.iter().collect();
    live.sort_by(|a, b| {
        let management =
            |account: &crate::state::LiveAccount| Some(account.id) != read.org.management_account;
        (management(a), &a.ou, &a.name, a.id).cmp(&(management(b), &b.ou, &b.name, b.id))
    });
    let mut taken = BTreeSet::new();
    let mut names: BTreeMap<AccountId, String> = BTreeMap::new();
    for account in &live {
        let name = layout_name(&account.name, &taken);
        if name != account.name {
            notes.push(format!(
                "account {} is named `{}` in Organizations; the layout calls it `{name}` (layout \
                 names are 1-50 characters of A-Za-z0-9_-)",
                account.id, account.name
            ));
        }
        taken.insert(name.to_lowercase());
        names.insert(account.id, name);
    }

    // JUMP.
    let jump = match &options.jump {
        Some(wanted) => live
            .iter()
            .find(|account| {
                account.name == *wanted || names.get(&account.id).is_some_and(|n| n == wanted)
            })
            .map(|account| account.id)
            .ok_or_else(|| ImportError::UnknownJump {
                name: wanted.clone(),
                suggestion: iam_policy::closest_match(wanted, names.values().map(String::as_str))
                    .map(|name| format!("; did you mean `{name}`?"))
                    .unwrap_or_default(),
            })?,
        None => {
            let mut best: Option<(usize, AccountId)> = None;
            for account in &live {
                let Some(iam) = read.iam.get(&account.id) else {
                    continue;
                };
                let count = iam
                    .groups
                    .values()
                    .filter(|group| names_roles_elsewhere(group, account.id, partition))
                    .count();
                if count > 0 && best.is_none_or(|(most, _)| count > most) {
                    best = Some((count, account.id));
                }
            }
            let (_, jump) = best.ok_or(ImportError::NoJump)?;
            notes.push(format!(
                "`{}` is the JUMP account: its groups assume roles in other accounts (say \
                 otherwise with --jump NAME)",
                names[&jump]
            ));
            jump
        }
    };
    let empty = AccountIam::default();
    let jump_iam = read.iam.get(&jump).unwrap_or(&empty);

    let mut accounts = Vec::new();
    for account in &live {
        let name = names[&account.id].clone();
        let purpose = if Some(account.id) == read.org.management_account {
            Purpose::Management
        } else if account.id == jump {
            Purpose::Jump
        } else {
            match purpose_from_name(&account.name) {
                Some(purpose) => {
                    notes.push(format!(
                        "account `{name}`: purpose `{}` guessed from its name",
                        purpose_text(purpose)
                    ));
                    purpose
                }
                None => {
                    notes.push(format!(
                        "account `{name}`: purpose `other` (its name suggests none)"
                    ));
                    Purpose::Other
                }
            }
        };
        let extras = read.extras.get(&account.id).cloned().unwrap_or_default();
        let mut imported = Account::new(name, purpose, account.email.clone());
        imported.id = Some(account.id);
        imported.ou = account.ou.clone();
        imported.alias = extras.alias;
        imported.tags = extras.tags;
        accounts.push(imported);
    }

    // Roles that trust JUMP, by name; the first account's version describes the role.
    let mut roles: BTreeMap<String, Role> = BTreeMap::new();
    let mut role_first: BTreeMap<String, (String, RoleState)> = BTreeMap::new();
    let mut deployed: BTreeMap<String, BTreeSet<AccountId>> = BTreeMap::new();
    for account in &live {
        let Some(iam) = read.iam.get(&account.id) else {
            continue;
        };
        let account_name = &names[&account.id];
        for role in iam.roles.values() {
            let whose = format!("role `{}` in {account_name}", role.name);
            if role.path.starts_with("/aws-service-role/")
                || role.path.starts_with("/service-role/")
            {
                continue;
            }
            let Some(trust) = trust_of(&role.trust, jump, partition) else {
                not_imported.push(NotImported {
                    what: whose,
                    reason: "its trust policy does not let the JUMP account assume it".to_owned(),
                });
                continue;
            };
            deployed
                .entry(role.name.clone())
                .or_default()
                .insert(account.id);
            if let Some((first_account, first)) = role_first.get(&role.name) {
                let same = first.path == role.path
                    && first.max_session_duration == role.max_session_duration
                    && first.attached.len() == role.attached.len()
                    && first.inline.len() == role.inline.len()
                    && first
                        .inline
                        .iter()
                        .zip(&role.inline)
                        .all(|(a, b)| a.0 == b.0 && a.1.semantically_equals(b.1))
                    && first
                        .attached
                        .iter()
                        .zip(&role.attached)
                        .all(|(a, b)| a.resource() == b.resource())
                    && first.trust.semantically_equals(&role.trust);
                if !same {
                    notes.push(format!(
                        "{whose} differs from the one in {first_account}; the layout describes \
                         the one in {first_account}, so plan shows {account_name}'s as an update"
                    ));
                }
                continue;
            }
            let mut imported = Role::new(role.name.clone());
            imported.path = role.path.clone();
            imported.max_session_duration = role.max_session_duration;
            imported.permissions = permissions_of(
                &role.attached,
                &role.inline,
                iam,
                partition,
                &[],
                &mut notes,
                &whose,
            );
            if trust.requires_mfa {
                imported.trust.max_mfa_age = trust.max_mfa_age;
            } else {
                imported.trust.mfa_waiver = Some(
                    "imported: the trust policy does not require MFA (review: require it, or \
                     give the reason)"
                        .to_owned(),
                );
                notes.push(format!(
                    "{whose}: its trust does not require MFA; imported with an `mfa_waiver`"
                ));
            }
            if trust.simplified {
                notes.push(format!(
                    "{whose}: its trust policy holds more than the JUMP account with MFA; jumpgate \
                     writes its own (plan shows the update)"
                ));
            }
            roles.insert(role.name.clone(), imported);
            role_first.insert(role.name.clone(), (account_name.clone(), role.clone()));
        }
    }

    // Groups of JUMP: AssumeRole policies naming imported roles become grants.
    let mut groups = Vec::new();
    let mut grants: BTreeMap<(String, String), BTreeSet<AccountId>> = BTreeMap::new();
    let jump_name = names[&jump].clone();
    for group in jump_iam.groups.values() {
        let whose = format!("group `{}`", group.name);
        let mut imported = Group::new(group.name.clone());
        match group
            .path
            .strip_prefix(MANAGED_GROUP_PATH.trim_end_matches('/'))
        {
            Some(rest) if rest.starts_with('/') => imported.path = rest.to_owned(),
            _ => {
                imported.path = group.path.clone();
                imported.adopted = true;
            }
        }
        let mut kept_inline = BTreeMap::new();
        for (policy_name, policy) in &group.inline {
            // jumpgate writes this one itself on every JUMP group.
            if policy_name == REQUIRE_MFA_POLICY {
                continue;
            }
            let targets: Option<Vec<(AccountId, String)>> =
                assume_role_arns(policy).and_then(|arns| {
                    arns.iter()
                        .map(|arn| {
                            let (account, path, name) = parse_role_arn(arn, partition)?;
                            let role = roles.get(&name)?;
                            (role.path == path
                                && deployed
                                    .get(&name)
                                    .is_some_and(|accounts| accounts.contains(&account)))
                            .then_some((account, name))
                        })
                        .collect()
                });
            match targets {
                Some(targets) => {
                    notes.push(format!(
                        "{whose}: its policy `{policy_name}` names exact roles: imported as \
                         grants (jumpgate writes it as `{ASSUME_ROLES_POLICY}`)"
                    ));
                    for (account, role) in targets {
                        grants
                            .entry((group.name.clone(), role))
                            .or_default()
                            .insert(account);
                    }
                }
                None => {
                    if assumes_any_role(policy) {
                        imported.allow_assume_any_role = Some(format!(
                            "imported: its policy `{policy_name}` allows sts:AssumeRole on any \
                             role (review: narrow it to grants)"
                        ));
                        notes.push(format!(
                            "{whose}: its policy `{policy_name}` allows sts:AssumeRole on `*`: \
                             kept as the group's own policy, with an `allow_assume_any_role` \
                             reason to review"
                        ));
                    } else {
                        notes.push(format!(
                            "{whose}: its policy `{policy_name}` is not only AssumeRole on \
                             imported roles: kept as the group's own policy"
                        ));
                    }
                    kept_inline.insert(policy_name.clone(), policy.clone());
                }
            }
        }
        imported.permissions = permissions_of(
            &group.attached,
            &kept_inline,
            jump_iam,
            partition,
            &[],
            &mut notes,
            &whose,
        );
        groups.push(imported);
    }

    // Roles no grant deploys cannot be described (a role lives where grants put it).
    let mut grant_list = Vec::new();
    let mut granted: BTreeMap<&str, BTreeSet<AccountId>> = BTreeMap::new();
    for ((group, role), on) in &grants {
        granted.entry(role.as_str()).or_default().extend(on);
        let mut grant = Grant::new(group.clone(), role.clone());
        grant.accounts = live
            .iter()
            .filter(|account| on.contains(&account.id))
            .map(|account| names[&account.id].clone())
            .collect();
        grant_list.push(grant);
    }
    for (role, accounts) in &deployed {
        for account in accounts {
            if !granted
                .get(role.as_str())
                .is_some_and(|on| on.contains(account))
            {
                not_imported.push(NotImported {
                    what: format!("role `{role}` in {}", names[account]),
                    reason: "it trusts JUMP, but no JUMP group's policy names it (a layout role \
                             lives where a grant puts it)"
                        .to_owned(),
                });
            }
        }
    }
    let roles: Vec<Role> = roles
        .into_values()
        .filter(|role| granted.contains_key(role.name.as_str()))
        .collect();

    // Users: in JUMP with their groups; elsewhere where they are.
    let mut users = Vec::new();
    for account in &live {
        let Some(iam) = read.iam.get(&account.id) else {
            continue;
        };
        for user in iam.users.values() {
            let mut imported = User::new(user.name.clone());
            imported.path = user.path.clone();
            // Console sign-in as it is: a user without a login profile is not given one.
            imported.console = user.login_profile;
            if account.id == jump {
                imported.groups = user.groups.iter().cloned().collect();
            } else {
                imported.account = Some(names[&account.id].clone());
                if !user.groups.is_empty() {
                    notes.push(format!(
                        "user `{}` in {}: its groups there are not imported (groups live in \
                         {jump_name})",
                        user.name, names[&account.id]
                    ));
                }
            }
            users.push(imported);
        }
        if account.id != jump {
            for group in iam.groups.values() {
                not_imported.push(NotImported {
                    what: format!("group `{}` in {}", group.name, names[&account.id]),
                    reason: format!("groups live in the JUMP account ({jump_name})"),
                });
            }
        }
    }

    let management = read
        .org
        .management_account
        .and_then(|id| names.get(&id).cloned())
        .unwrap_or_default();
    let organization = Organization {
        name: management.to_lowercase().replace('_', "-"),
        management_account: management.clone(),
        partition,
        default_region: options.region.clone(),
        id: None,
    };
    notes.push(format!(
        "the organization is called `{}` after its management account; rename it freely (the \
         default log bucket name derives from it)",
        organization.name
    ));
    notes.push(format!(
        "the default Region is `{}`, where the trails were read (import --region says another)",
        organization.default_region
    ));
    let buckets: BTreeSet<&String> = read.trail_buckets.values().flatten().collect();
    let log_bucket = match buckets.len() {
        0 => None,
        1 => {
            let bucket = buckets.first().map(|bucket| (*bucket).clone());
            notes.push(format!(
                "the log bucket is `{}`, where the existing trails deliver",
                bucket.as_deref().unwrap_or_default()
            ));
            bucket
        }
        _ => {
            notes.push(format!(
                "the trails deliver to {} buckets; none is taken as the log bucket",
                buckets.len()
            ));
            None
        }
    };
    notes.push(
        "of the security baseline only the trails' bucket was read: the layout asks for \
         CloudTrail, Config and GuardDuty everywhere, and plan shows what it would add"
            .to_owned(),
    );

    let mut layout = Layout {
        organization,
        organizational_units: read
            .org
            .ous
            .iter()
            .map(|path| OrganizationalUnit { path: path.clone() })
            .collect(),
        accounts,
        groups,
        users,
        roles,
        grants: grant_list,
        baseline: org_model::baseline::BaselineSettings {
            log_bucket,
            ..org_model::baseline::BaselineSettings::default()
        },
        // The JUMP account's password policy as it is; without one, the layout's defaults (the
        // CIS benchmark's), which plan then shows as the one change to make.
        jump: org_model::JumpSettings {
            password_policy: read
                .iam
                .get(&jump)
                .and_then(|iam| iam.password_policy)
                .unwrap_or_default(),
            ..org_model::JumpSettings::default()
        },
        guardrails: None,
        organization_policies: Vec::new(),
    };
    // The bucket jumpgate would name anyway is left to its default.
    if layout.baseline.log_bucket.is_some() {
        let named = layout.baseline.log_bucket.take();
        if org_model::baseline::log_bucket_name(&layout) != named {
            layout.baseline.log_bucket = named;
        }
    }
    Ok(Imported {
        layout,
        notes,
        not_imported,
    })
}

fn purpose_text(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Management => "management",
        Purpose::Jump => "jump",
        Purpose::Log => "log",
        Purpose::Cicd => "cicd",
        Purpose::Prototype => "prototype",
        Purpose::Development => "development",
        Purpose::Staging => "staging",
        Purpose::UserAcceptance => "user-acceptance",
        Purpose::Production => "production",
        Purpose::Other => "other",
    }
}
