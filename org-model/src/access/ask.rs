//! Answering a question: every path, each step evaluated with its explanation.

use std::collections::HashMap;

use iam_policy::eval::{
    ContextValue, Decision, Mismatch, Request, RequestPrincipal, StatementRef, evaluate,
};
use iam_policy::{AccountId, Arn, Effect, Policy, catalog, closest_match, managed};

use super::index::{Assembly, EffectiveAccess, Facts};
use super::reach::allowing_groups;
use super::types::{
    Answer, MAX_CONTEXT_KEY, MAX_CONTEXT_VALUES, MAX_REQUEST_STRING, PermissionKind, PolicySource,
    Question, QuestionError, Route, Step, Subject, Via,
};
use crate::Permission;

impl EffectiveAccess<'_> {
    /// Answers `question` over every path, with each decision's explanation.
    pub fn ask(&self, question: &Question) -> Result<Answer, QuestionError> {
        let action = check_action(&question.action)?;
        let resource_arn = check_resource(&question.resource)?;
        let overrides = check_context(&question.context)?;
        let mut notes = Vec::new();

        // Who asks.
        let (name, path, groups) = match &question.subject {
            Subject::User(name) => {
                let Some(&position) = self.users.get(name.as_str()) else {
                    return Err(QuestionError::UnknownUser {
                        name: name.clone(),
                        suggestion: closest_match(
                            name,
                            self.layout.users.iter().map(|user| user.name.as_str()),
                        )
                        .map(str::to_owned),
                    });
                };
                let user = &self.layout.users[position];
                if let Some(home) = &user.account
                    && self
                        .accounts
                        .get(home.as_str())
                        .is_none_or(|&at| Some(at) != self.jump)
                {
                    notes.push(format!(
                        "user `{}` lives in `{home}`, outside JUMP: evaluated as the JUMP user their groups imply (jumpgate creates users in JUMP only)",
                        user.name
                    ));
                }
                for group in &user.groups {
                    if !self.groups.contains_key(group.as_str()) {
                        notes.push(format!(
                            "group `{group}` of user `{}` is not in the layout: left out",
                            user.name
                        ));
                    }
                }
                (user.name.clone(), user.path.as_str(), self.groups_of(user))
            }
            Subject::Group(name) => {
                let Some(&position) = self.groups.get(name.as_str()) else {
                    return Err(QuestionError::UnknownGroup {
                        name: name.clone(),
                        suggestion: closest_match(
                            name,
                            self.layout.groups.iter().map(|group| group.name.as_str()),
                        )
                        .map(str::to_owned),
                    });
                };
                let member: String = format!("member-of-{name}").chars().take(64).collect();
                notes.push(format!(
                    "asked for a member of group `{name}` in no other group: the IAM user `{member}`"
                ));
                (member, "/", vec![position])
            }
        };
        for &group in &groups {
            for unknown in &self.group_side().unknown[group] {
                notes.push(format!(
                    "AWS managed policy `{unknown}` of group `{}` is not known to jumpgate: left out",
                    self.layout.groups[group].name
                ));
            }
        }
        let user = self.user_arn(path, &name);

        // Where.
        let account = match self.accounts.get(question.account.as_str()) {
            Some(&position) => position,
            None => match AccountId::new(&question.account)
                .ok()
                .and_then(|id| self.account_by_id.get(&id).copied())
                .filter(|&position| !self.placeholder[position])
            {
                Some(position) => position,
                None => {
                    return Err(QuestionError::UnknownAccount {
                        name: question.account.clone(),
                        suggestion: closest_match(
                            &question.account,
                            self.layout
                                .accounts
                                .iter()
                                .map(|account| account.name.as_str()),
                        )
                        .map(str::to_owned),
                    });
                }
            },
        };
        let account_name = self.layout.accounts[account].name.clone();

        // The resource: its policy when the layout knows it, its account and Region.
        let mut known: Option<(&Policy, PolicySource, Option<usize>)> = None;
        if let Some(&deployment) = self.by_arn.get(question.resource.as_str()) {
            let deployment_ref = &self.deployments[deployment];
            if let Some(trust) = &deployment_ref.trust {
                known = Some((
                    self.doc(trust.doc),
                    trust.source.clone(),
                    Some(deployment_ref.account),
                ));
            }
        } else if let Some(bucket) = self.log_bucket()
            && (question.resource == bucket.arn
                || question
                    .resource
                    .strip_prefix(bucket.arn.as_str())
                    .is_some_and(|rest| rest.starts_with('/')))
        {
            known = Some((
                &bucket.policy,
                PolicySource::BucketPolicy {
                    bucket: bucket.name.clone(),
                },
                bucket.account,
            ));
        }
        let (resource_account, resource_position) =
            match resource_arn.as_ref().and_then(Arn::account_id) {
                Some(id) => (Some(id), self.account_by_id.get(&id).copied()),
                None => match known.as_ref().and_then(|(_, _, at)| *at) {
                    Some(at) => (Some(self.ids[at]), Some(at)),
                    None if resource_arn
                        .as_ref()
                        .is_none_or(|arn| arn.account().is_empty()) =>
                    {
                        (Some(self.ids[account]), Some(account))
                    }
                    None => (None, None),
                },
            };
        let region = resource_arn
            .as_ref()
            .map(Arn::region)
            .filter(|region| !region.is_empty())
            .unwrap_or(&self.layout.organization.default_region);

        let mut placeholders: Vec<(usize, Vec<&str>)> = Vec::new();
        for (position, what) in [
            (self.jump, "the JUMP account"),
            (Some(account), "the account asked about"),
            (resource_position, "the resource's account"),
        ] {
            let Some(position) = position.filter(|&at| self.placeholder[at]) else {
                continue;
            };
            match placeholders.iter_mut().find(|(at, _)| *at == position) {
                Some((_, whats)) => whats.push(what),
                None => placeholders.push((position, vec![what])),
            }
        }
        for (position, whats) in placeholders {
            notes.push(format!(
                "account `{}` ({}) has no id yet: evaluated with the placeholder id {}",
                self.layout.accounts[position].name,
                whats.join(" and "),
                self.ids[position]
            ));
        }
        if self.jump.is_none() {
            notes.push(format!(
                "the layout has no JUMP account: its users are evaluated in a placeholder account {}",
                self.jump_id
            ));
        }
        notes.extend(self.failures.iter().cloned());
        notes.extend(self.group_side().failures.iter().cloned());

        // The role policies of the account, each AWS managed policy parsed once.
        let mut local: Vec<Policy> = Vec::new();
        let mut local_index: HashMap<&str, Option<usize>> = HashMap::new();
        for &deployment in &self.by_account[account] {
            let role = &self.layout.roles[self.deployments[deployment].role];
            for permission in &role.permissions {
                if let Permission::AwsManaged { aws_managed } = permission {
                    local_index.entry(aws_managed.as_str()).or_insert_with(|| {
                        let found = managed::by_path_name(aws_managed)?;
                        local.push(found.policy());
                        Some(local.len() - 1)
                    });
                }
            }
        }

        let mut routes = Vec::new();
        for &deployment in &self.by_account[account] {
            let deployment_ref = &self.deployments[deployment];
            let role = &self.layout.roles[deployment_ref.role];
            let mut route_notes = Vec::new();

            // 1. Assume the role.
            let request = self.assume_request(&user, &name, deployment, question.mfa, &overrides);
            let mut assembly = Assembly::new();
            self.push_groups(&groups, &mut assembly);
            self.push_assume_resource_side(deployment, &mut assembly);
            let assumed = self.step(request, assembly, question.mfa, &mut route_notes);
            let allowing: Vec<String> = if assumed.0.evaluation.decision == Decision::Allow {
                assumed
                    .1
                    .iter()
                    .map(|&group| self.layout.groups[group].name.clone())
                    .collect()
            } else {
                Vec::new()
            };
            let assumed = assumed.0;

            // 2. Call the action as the role session.
            let session = Arn::new(
                self.partition.as_str(),
                "sts",
                "",
                self.ids[account].as_str(),
                &format!("assumed-role/{}/{name}", role.name),
            );
            let facts = Facts {
                principal_arn: deployment_ref.arn.as_str(),
                principal_type: "AssumedRole",
                principal_account: self.ids[account],
                principal_position: Some(account),
                username: None,
                session_name: None,
                resource_account,
                resource_position,
                region,
                mfa: question.mfa,
            };
            let mut request = Request::new(
                RequestPrincipal::RoleSession { arn: session },
                action.clone(),
                question.resource.clone(),
            );
            request.context = self.context(&facts, &overrides);
            request.principal_role_arn = Some(deployment_ref.arn.clone());
            request.principal_account = Some(self.ids[account]);
            request.resource_account = resource_account;
            request.management_account = self.management;
            let mut assembly = Assembly::new();
            for permission in &role.permissions {
                let source = PolicySource::RolePermission {
                    role: role.name.clone(),
                    kind: PermissionKind::of(permission),
                    name: permission.name().to_owned(),
                };
                let policy = match permission {
                    Permission::AwsManaged { aws_managed } => local_index
                        .get(aws_managed.as_str())
                        .copied()
                        .flatten()
                        .map(|index| &local[index]),
                    other => other.policy(),
                };
                match policy {
                    Some(policy) => {
                        assembly.set.identity.push(policy);
                        assembly.sources.identity.push(source);
                        assembly.owners.push(None);
                    }
                    None => route_notes.push(format!(
                        "AWS managed policy `{}` of role `{}` is not known to jumpgate: left out",
                        permission.name(),
                        role.name
                    )),
                }
            }
            if let Some((policy, source, _)) = &known {
                assembly.set.resource = Some(policy);
                assembly.sources.resource = Some(source.clone());
            }
            self.push_scps(account, &mut assembly);
            self.push_rcps(resource_position, &mut assembly);
            let (called, _) = self.step(request, assembly, question.mfa, &mut route_notes);

            let decision = if assumed.evaluation.decision == Decision::Allow {
                called.evaluation.decision
            } else {
                assumed.evaluation.decision
            };
            routes.push(Route {
                via: Via::Role {
                    role: role.name.clone(),
                    account: account_name.clone(),
                    groups: allowing,
                },
                decision,
                steps: vec![assumed, called],
                notes: route_notes,
            });
        }

        // The direct path, in JUMP or on a resource whose policy the layout knows.
        if Some(account) == self.jump || resource_position == self.jump || known.is_some() {
            let mut route_notes = Vec::new();
            let facts = Facts {
                principal_arn: user.as_str(),
                principal_type: "User",
                principal_account: self.jump_id,
                principal_position: self.jump,
                username: Some(&name),
                session_name: None,
                resource_account,
                resource_position,
                region,
                mfa: question.mfa,
            };
            let mut request = Request::new(
                RequestPrincipal::User { arn: user.clone() },
                action.clone(),
                question.resource.clone(),
            );
            request.context = self.context(&facts, &overrides);
            request.principal_account = Some(self.jump_id);
            request.resource_account = resource_account;
            request.management_account = self.management;
            let mut assembly = Assembly::new();
            self.push_groups(&groups, &mut assembly);
            if let Some((policy, source, _)) = &known {
                assembly.set.resource = Some(policy);
                assembly.sources.resource = Some(source.clone());
            }
            if let Some(jump) = self.jump {
                self.push_scps(jump, &mut assembly);
            }
            self.push_rcps(resource_position, &mut assembly);
            let (step, _) = self.step(request, assembly, question.mfa, &mut route_notes);
            routes.push(Route {
                via: Via::Direct,
                decision: step.evaluation.decision,
                steps: vec![step],
                notes: route_notes,
            });
        }
        if routes.is_empty() {
            notes.push(format!(
                "no role of the layout is deployed to `{account_name}`, and the user has no direct path there"
            ));
        }

        let decision = if routes.iter().any(|route| route.decision == Decision::Allow) {
            Decision::Allow
        } else if !routes.is_empty()
            && routes
                .iter()
                .all(|route| route.decision == Decision::ExplicitDeny)
        {
            Decision::ExplicitDeny
        } else {
            Decision::ImplicitDeny
        };
        Ok(Answer {
            decision,
            principal: user,
            action,
            account: account_name,
            account_id: self.ids[account],
            routes,
            notes,
        })
    }

    /// Evaluates one step; returns it with the groups whose policies allowed, and notes why a
    /// step without MFA is denied.
    pub(super) fn step(
        &self,
        request: Request,
        assembly: Assembly<'_>,
        mfa: bool,
        notes: &mut Vec<String>,
    ) -> (Step, Vec<usize>) {
        let evaluation = evaluate(&request, &assembly.set);
        let groups = allowing_groups(&evaluation, &assembly.owners);
        let step = Step {
            request,
            sources: assembly.sources.clone(),
            evaluation,
        };
        if !mfa && step.evaluation.decision != Decision::Allow {
            for statement in mfa_statements(&step, &assembly) {
                let note = format!("without MFA: {} requires MFA", step.describe(&statement));
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
        (step, groups)
    }
}

/// The statements that denied a step because MFA was absent: an explicit deny whose condition
/// tests MFA, and statements that would have allowed but for an MFA condition.
pub(super) fn mfa_statements(step: &Step, assembly: &Assembly<'_>) -> Vec<StatementRef> {
    let is_mfa_key = |key: &str| {
        key.eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
            || key.eq_ignore_ascii_case("aws:MultiFactorAuthAge")
    };
    let explanation = &step.evaluation.explanation;
    let mut found = Vec::new();
    for statement in &explanation.deciding {
        let tests_mfa = assembly
            .policy(&statement.policy)
            .and_then(|policy| policy.statements().get(statement.index))
            .and_then(|found| found.condition.as_ref())
            .is_some_and(|condition| condition.entries().any(|(_, entry)| is_mfa_key(&entry.key)));
        if statement.effect == Effect::Deny && tests_mfa {
            found.push(statement.clone());
        }
    }
    for near in &explanation.near_misses {
        if near.statement.effect == Effect::Allow
            && let Mismatch::Condition(keys) = &near.failed
            && keys.iter().any(|key| is_mfa_key(&key.key))
        {
            found.push(near.statement.clone());
        }
    }
    found
}

/// The action, checked: one `service:Name` the catalog knows.
pub(super) fn check_action(action: &str) -> Result<String, QuestionError> {
    let malformed = |reason| QuestionError::MalformedAction {
        action: action.to_owned(),
        reason,
    };
    if action.len() > MAX_REQUEST_STRING {
        return Err(malformed("it is longer than 2,048 bytes"));
    }
    let Some((service, name)) = action.split_once(':') else {
        return Err(malformed(
            "it has no `:` between the service and the action",
        ));
    };
    if service.is_empty() || name.is_empty() {
        return Err(malformed("the service or the action name is empty"));
    }
    if action.contains(['*', '?']) {
        return Err(malformed("a request names one action, without wildcards"));
    }
    match catalog::action(action) {
        Some(found) => Ok(found.full_name().to_owned()),
        None => Err(QuestionError::UnknownAction {
            action: action.to_owned(),
            suggestion: catalog::suggest_action(action).map(str::to_owned),
        }),
    }
}

/// The resource, checked: `*` or one ARN without wildcards.
pub(super) fn check_resource(resource: &str) -> Result<Option<Arn>, QuestionError> {
    let malformed = |reason: String| QuestionError::MalformedResource {
        resource: resource.to_owned(),
        reason,
    };
    if resource.len() > MAX_REQUEST_STRING {
        return Err(malformed("it is longer than 2,048 bytes".to_owned()));
    }
    if resource == "*" {
        return Ok(None);
    }
    let arn: Arn = resource
        .parse()
        .map_err(|error: iam_policy::Error| malformed(error.to_string()))?;
    if arn.has_wildcard() || arn.has_variable() {
        return Err(malformed(
            "a request names one resource, without wildcards or policy variables".to_owned(),
        ));
    }
    Ok(Some(arn))
}

/// The context keys given, checked: known condition keys, bounded values; a key given several
/// times has all its values.
pub(super) fn check_context(
    pairs: &[(String, String)],
) -> Result<Vec<(String, ContextValue)>, QuestionError> {
    let mut merged: Vec<(String, Vec<String>)> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    for (key, value) in pairs {
        let malformed = |reason: &str| QuestionError::MalformedContext {
            key: key.clone(),
            reason: reason.to_owned(),
        };
        if key.is_empty() || key.len() > MAX_CONTEXT_KEY {
            return Err(malformed("a context key has 1 to 256 bytes"));
        }
        if !key.contains(':') {
            return Err(malformed(
                "a condition key is `service:name`, such as `aws:SourceIp`",
            ));
        }
        if value.len() > MAX_REQUEST_STRING {
            return Err(malformed("its value is longer than 2,048 bytes"));
        }
        if catalog::condition_key(key).is_none() {
            return Err(QuestionError::UnknownContextKey {
                key: key.clone(),
                suggestion: catalog::suggest_condition_key(key).map(str::to_owned),
            });
        }
        match positions.get(&key.to_ascii_lowercase()) {
            Some(&at) => {
                let values = &mut merged[at].1;
                if values.len() == MAX_CONTEXT_VALUES {
                    return Err(malformed("a context key has at most 1,024 values"));
                }
                values.push(value.clone());
            }
            None => {
                positions.insert(key.to_ascii_lowercase(), merged.len());
                merged.push((key.clone(), vec![value.clone()]));
            }
        }
    }
    Ok(merged
        .into_iter()
        .map(|(key, mut values)| {
            let value = if values.len() == 1 {
                ContextValue::Single(values.remove(0))
            } else {
                ContextValue::Multiple(values)
            };
            (key, value)
        })
        .collect())
}
