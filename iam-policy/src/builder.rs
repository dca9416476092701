//! Typed builders that cannot produce a document IAM would reject.
//!
//! * [`StatementBuilder`] and [`IdentityPolicy`]: identity (permission) policies;
//! * [`TrustPolicy`]: the role trust policy that lets an account, named principals in it, or an
//!   AWS service assume a role. Trusts of AWS principals **require MFA by default**;
//! * [`AssumeRolePolicy`]: the caller-side permission to assume exact role ARNs;
//! * [`ResourcePolicy`]: a resource-based policy (an S3 bucket policy, ...) whose statements
//!   name AWS service principals or IAM principals; `Principal: "*"` only on `Deny`.
//!
//! Builders return [`Error::Build`] instead of panicking; every generated `Sid` uses only
//! `[A-Za-z0-9]`.

use crate::model::{
    ActionElement, ActionPattern, BaseOperator, Condition, ConditionOperator, ConditionValue,
    Effect, OneOrMany, Policy, Principal, PrincipalElement, PrincipalType, ResourceElement,
    ResourcePattern, Statement,
};
use crate::{AccountId, Arn, Error, Partition};

fn build_error(message: impl Into<String>) -> Error {
    Error::Build {
        message: message.into(),
    }
}

/// Makes a statement id from free text: keeps `[A-Za-z0-9]`, capitalises each word.
///
/// ```
/// assert_eq!(iam_policy::builder::sid_from("assume admin@dev-eu_1"), "AssumeAdminDevEu1");
/// ```
pub fn sid_from(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut characters = word.chars();
            characters
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + characters.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn check_sid(sid: &str) -> Result<(), Error> {
    if sid.is_empty() || !sid.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
        return Err(build_error(format!(
            "statement id `{sid}` must be non-empty and use only A-Z, a-z and 0-9"
        )));
    }
    Ok(())
}

/// Builds one statement of an identity policy.
///
/// ```
/// use iam_policy::builder::StatementBuilder;
/// let statement = StatementBuilder::allow()
///     .sid("ReadReports")
///     .action("s3:GetObject")
///     .resource("arn:aws:s3:::reports/*")
///     .build()?;
/// assert_eq!(statement.action.patterns().len(), 1);
/// # Ok::<(), iam_policy::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct StatementBuilder {
    effect: Effect,
    sid: Option<String>,
    actions: Vec<ActionPattern>,
    not_action: bool,
    resources: Vec<ResourcePattern>,
    not_resource: bool,
    condition: Condition,
    errors: Vec<String>,
}

impl StatementBuilder {
    fn new(effect: Effect) -> Self {
        Self {
            effect,
            sid: None,
            actions: Vec::new(),
            not_action: false,
            resources: Vec::new(),
            not_resource: false,
            condition: Condition::new(),
            errors: Vec::new(),
        }
    }

    /// An `Allow` statement.
    pub fn allow() -> Self {
        Self::new(Effect::Allow)
    }

    /// A `Deny` statement.
    pub fn deny() -> Self {
        Self::new(Effect::Deny)
    }

    /// Sets the `Sid` (only `[A-Za-z0-9]` is accepted).
    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.sid = Some(sid.into());
        self
    }

    /// Adds an action pattern such as `s3:GetObject` or `s3:Get*`.
    pub fn action(mut self, action: impl Into<ActionPattern>) -> Self {
        self.actions.push(action.into());
        self
    }

    /// Adds several action patterns.
    pub fn actions<A: Into<ActionPattern>>(mut self, actions: impl IntoIterator<Item = A>) -> Self {
        self.actions.extend(actions.into_iter().map(Into::into));
        self
    }

    /// Writes the actions as `NotAction` (every action except these).
    pub fn not_action(mut self) -> Self {
        self.not_action = true;
        self
    }

    /// Adds a resource: an ARN (with wildcards or variables) or `*`.
    pub fn resource(mut self, resource: impl Into<ResourcePattern>) -> Self {
        self.resources.push(resource.into());
        self
    }

    /// Adds several resources.
    pub fn resources<R: Into<ResourcePattern>>(
        mut self,
        resources: impl IntoIterator<Item = R>,
    ) -> Self {
        self.resources.extend(resources.into_iter().map(Into::into));
        self
    }

    /// Writes the resources as `NotResource` (every resource except these).
    pub fn not_resource(mut self) -> Self {
        self.not_resource = true;
        self
    }

    /// Adds a condition; a repeated operator merges into its block. Constraining the same key
    /// twice under one operator is an error at [`build`](Self::build).
    pub fn condition<V: Into<ConditionValue>>(
        mut self,
        operator: impl Into<ConditionOperator>,
        key: impl Into<String>,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let values: Vec<ConditionValue> = values.into_iter().map(Into::into).collect();
        if values.is_empty() {
            self.errors
                .push("a condition needs at least one value".to_owned());
            return self;
        }
        if let Err(error) = self
            .condition
            .insert(operator.into(), key, OneOrMany::compact(values))
        {
            self.errors.push(error.to_string());
        }
        self
    }

    fn finish(
        self,
        principal: Option<PrincipalElement>,
        resource_required: bool,
    ) -> Result<Statement, Error> {
        if let Some(error) = self.errors.first() {
            return Err(build_error(
                error.trim_start_matches("cannot build policy: "),
            ));
        }
        if let Some(sid) = &self.sid {
            check_sid(sid)?;
        }
        if self.actions.is_empty() {
            return Err(build_error("a statement needs at least one action"));
        }
        if self.resources.is_empty() && resource_required {
            return Err(build_error(
                "a statement needs at least one resource (use `*` explicitly for every resource)",
            ));
        }
        let actions = OneOrMany::compact(self.actions);
        let resources = OneOrMany::compact(self.resources);
        let mut statement = Statement::new(
            self.effect,
            if self.not_action {
                ActionElement::NotAction(actions)
            } else {
                ActionElement::Action(actions)
            },
        );
        statement.sid = self.sid;
        statement.principal = principal;
        if !resources.is_empty() {
            statement.resource = Some(if self.not_resource {
                ResourceElement::NotResource(resources)
            } else {
                ResourceElement::Resource(resources)
            });
        }
        statement.condition = (!self.condition.is_empty()).then_some(self.condition);
        Ok(statement)
    }

    /// Builds an identity-policy statement: at least one action and one resource, valid `Sid`.
    pub fn build(self) -> Result<Statement, Error> {
        self.finish(None, true)
    }
}

/// Builds an identity (permission) policy from statements.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct IdentityPolicy {
    statements: Vec<StatementBuilder>,
}

impl IdentityPolicy {
    /// An empty identity policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a statement.
    pub fn statement(mut self, statement: StatementBuilder) -> Self {
        self.statements.push(statement);
        self
    }

    /// Builds the policy (`Version: 2012-10-17`): at least one statement, unique Sids.
    pub fn build(self) -> Result<Policy, Error> {
        if self.statements.is_empty() {
            return Err(build_error("a policy needs at least one statement"));
        }
        let statements = self
            .statements
            .into_iter()
            .map(StatementBuilder::build)
            .collect::<Result<Vec<_>, _>>()?;
        check_unique_sids(&statements)?;
        Ok(Policy::new(statements))
    }
}

fn check_unique_sids(statements: &[Statement]) -> Result<(), Error> {
    // A set, not a scan of the earlier statements: policies built per account can hold
    // thousands of statements.
    let mut seen = std::collections::HashSet::with_capacity(statements.len());
    for statement in statements {
        if let Some(sid) = &statement.sid
            && !seen.insert(sid.as_str())
        {
            return Err(build_error(format!("statement id `{sid}` is used twice")));
        }
    }
    Ok(())
}

/// Who a trust policy lets assume the role.
#[derive(Debug, Clone)]
enum Trustee {
    Account(Arn),
    Principals(Vec<Arn>),
    Service(Vec<String>),
}

/// Builds a role trust policy (`sts:AssumeRole` for one trustee, no `Resource`).
///
/// Trusts of AWS principals (an account or named roles/users) **require MFA by default**
/// (`Bool aws:MultiFactorAuthPresent "true"`); call [`without_mfa`](Self::without_mfa) to opt
/// out, e.g. for a third party identified by an external id. Service trusts carry no MFA
/// condition (services cannot present MFA).
///
/// ```
/// use iam_policy::{builder::TrustPolicy, AccountId, Partition};
/// let jump: AccountId = "111111111111".parse()?;
/// let policy = TrustPolicy::for_account(jump, Partition::Aws)
///     .max_mfa_age(3600)
///     .build()?;
/// let json = serde_json::to_string(&policy).unwrap();
/// assert!(json.contains(r#""NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}"#));
/// # Ok::<(), iam_policy::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct TrustPolicy {
    trustee: Trustee,
    require_mfa: bool,
    max_mfa_age: Option<u64>,
    external_id: Option<String>,
    principal_org_id: Option<String>,
    principal_arns: Vec<Arn>,
    source_account: Option<AccountId>,
    source_arn: Option<Arn>,
    extra_actions: Vec<&'static str>,
    sid: Option<String>,
}

impl TrustPolicy {
    fn with_trustee(trustee: Trustee) -> Self {
        let require_mfa = !matches!(trustee, Trustee::Service(_));
        Self {
            trustee,
            require_mfa,
            max_mfa_age: None,
            external_id: None,
            principal_org_id: None,
            principal_arns: Vec::new(),
            source_account: None,
            source_arn: None,
            extra_actions: Vec::new(),
            sid: None,
        }
    }

    /// Trusts a whole account (`arn:PARTITION:iam::ACCOUNT:root`): that account's administrators
    /// decide which of its users and roles may assume the role. Narrow it with
    /// [`principal_arns`](Self::principal_arns).
    pub fn for_account(account: AccountId, partition: Partition) -> Self {
        Self::with_trustee(Trustee::Account(account.root_arn(partition)))
    }

    /// Trusts named IAM roles or users (`arn:...:iam::ACCOUNT:role/NAME` or `user/NAME`).
    /// IAM stores these as unique ids: if a principal is recreated, the trust breaks.
    pub fn for_principals(principals: impl IntoIterator<Item = Arn>) -> Self {
        Self::with_trustee(Trustee::Principals(principals.into_iter().collect()))
    }

    /// Trusts AWS services such as `ec2.amazonaws.com`.
    pub fn for_services<S: Into<String>>(services: impl IntoIterator<Item = S>) -> Self {
        Self::with_trustee(Trustee::Service(
            services.into_iter().map(Into::into).collect(),
        ))
    }

    /// Requires MFA: `Bool aws:MultiFactorAuthPresent "true"` (the default for AWS principals).
    pub fn require_mfa(mut self) -> Self {
        self.require_mfa = true;
        self
    }

    /// Drops the MFA requirement. Use only where no person is involved (e.g. a third party with
    /// an external id); the validator reports trusts of other accounts without any condition.
    pub fn without_mfa(mut self) -> Self {
        self.require_mfa = false;
        self.max_mfa_age = None;
        self
    }

    /// Requires that MFA happened at most `seconds` ago: `NumericLessThan aws:MultiFactorAuthAge`.
    /// Implies [`require_mfa`](Self::require_mfa).
    pub fn max_mfa_age(mut self, seconds: u64) -> Self {
        self.require_mfa = true;
        self.max_mfa_age = Some(seconds);
        self
    }

    /// Requires the caller to pass this external id: `StringEquals sts:ExternalId` (never
    /// `StringLike`). 2 to 1,224 characters of `[\w+=,.@:/-]`.
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    /// Requires the caller to belong to this organization: `StringEquals aws:PrincipalOrgID`
    /// (single-valued, so never `ForAllValues:`).
    pub fn principal_org_id(mut self, organization_id: impl Into<String>) -> Self {
        self.principal_org_id = Some(organization_id.into());
        self
    }

    /// Narrows an account trust to these principal ARNs: `ArnEquals aws:PrincipalArn` (or
    /// `ArnLike` when an ARN has a wildcard). Condition ARNs survive principal re-creation.
    pub fn principal_arns(mut self, principals: impl IntoIterator<Item = Arn>) -> Self {
        self.principal_arns.extend(principals);
        self
    }

    /// For service trusts: requires `aws:SourceAccount` (confused-deputy protection).
    pub fn source_account(mut self, account: AccountId) -> Self {
        self.source_account = Some(account);
        self
    }

    /// For service trusts: requires `aws:SourceArn` (confused-deputy protection).
    pub fn source_arn(mut self, arn: Arn) -> Self {
        self.source_arn = Some(arn);
        self
    }

    /// Also allows `sts:TagSession`, needed when callers pass session tags.
    pub fn allow_tag_session(mut self) -> Self {
        self.extra_actions.push("sts:TagSession");
        self
    }

    /// Also allows `sts:SetSourceIdentity`, needed when callers set a source identity.
    pub fn allow_set_source_identity(mut self) -> Self {
        self.extra_actions.push("sts:SetSourceIdentity");
        self
    }

    /// Sets the statement's `Sid` (only `[A-Za-z0-9]`).
    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.sid = Some(sid.into());
        self
    }

    /// Builds the trust policy, or says why IAM would reject it.
    pub fn build(self) -> Result<Policy, Error> {
        let principal = self.principal()?;
        let is_service = matches!(self.trustee, Trustee::Service(_));
        let mut statement = StatementBuilder::allow().action("sts:AssumeRole");
        statement = statement.actions(self.extra_actions.iter().copied());
        if let Some(sid) = &self.sid {
            statement = statement.sid(sid.clone());
        }
        if self.require_mfa {
            if is_service {
                return Err(build_error(
                    "a service principal cannot present MFA; do not call `require_mfa` on a service trust",
                ));
            }
            statement =
                statement.condition(BaseOperator::Bool, "aws:MultiFactorAuthPresent", ["true"]);
        }
        if let Some(seconds) = self.max_mfa_age {
            statement = statement.condition(
                BaseOperator::NumericLessThan,
                "aws:MultiFactorAuthAge",
                [seconds.to_string()],
            );
        }
        let string_equals = ConditionOperator::plain(BaseOperator::StringEquals);
        if let Some(external_id) = &self.external_id {
            check_external_id(external_id)?;
            statement =
                statement.condition(string_equals, "sts:ExternalId", [external_id.as_str()]);
        }
        if let Some(organization_id) = &self.principal_org_id {
            check_organization_id(organization_id)?;
            statement = statement.condition(
                string_equals,
                "aws:PrincipalOrgID",
                [organization_id.as_str()],
            );
        }
        if !self.principal_arns.is_empty() {
            if is_service {
                return Err(build_error(
                    "`principal_arns` narrows an account trust; it does not apply to services",
                ));
            }
            let operator = if self.principal_arns.iter().any(Arn::has_wildcard) {
                BaseOperator::ArnLike
            } else {
                BaseOperator::ArnEquals
            };
            statement = statement.condition(
                operator,
                "aws:PrincipalArn",
                self.principal_arns
                    .iter()
                    .map(std::string::ToString::to_string),
            );
        }
        if self.source_account.is_some() || self.source_arn.is_some() {
            if !is_service {
                return Err(build_error(
                    "`source_account` and `source_arn` apply to service trusts only",
                ));
            }
            if let Some(account) = self.source_account {
                statement =
                    statement.condition(string_equals, "aws:SourceAccount", [account.to_string()]);
            }
            if let Some(arn) = &self.source_arn {
                statement =
                    statement.condition(BaseOperator::ArnLike, "aws:SourceArn", [arn.to_string()]);
            }
        }
        let statement = statement.finish(Some(PrincipalElement::Principal(principal)), false)?;
        Ok(Policy::new(vec![statement]))
    }

    fn principal(&self) -> Result<Principal, Error> {
        let (kind, values): (PrincipalType, Vec<String>) = match &self.trustee {
            Trustee::Account(arn) => (PrincipalType::Aws, vec![arn.to_string()]),
            Trustee::Principals(arns) => {
                if arns.is_empty() {
                    return Err(build_error("a trust policy needs at least one principal"));
                }
                for arn in arns {
                    check_principal_arn(arn)?;
                }
                (
                    PrincipalType::Aws,
                    arns.iter().map(ToString::to_string).collect(),
                )
            }
            Trustee::Service(services) => {
                if services.is_empty() {
                    return Err(build_error(
                        "a trust policy needs at least one service principal",
                    ));
                }
                for service in services {
                    check_service_principal(service)?;
                }
                (PrincipalType::Service, services.clone())
            }
        };
        Ok(Principal::Map(vec![(kind, OneOrMany::compact(values))]))
    }
}

/// Who a resource-policy statement applies to.
#[derive(Debug, Clone)]
enum ResourcePrincipal {
    Services(Vec<String>),
    Principals(Vec<Arn>),
    Everyone,
}

/// Builds a resource-based policy (an S3 bucket policy, a KMS key policy, ...): every statement
/// names its principals, and every statement needs a resource.
///
/// Secure by default: principals are AWS service principals or exact IAM principals (no
/// wildcards); `Principal: "*"` is accepted only on a `Deny` statement (e.g. deny requests
/// without TLS), never on an `Allow`.
///
/// ```
/// use iam_policy::builder::{ResourcePolicy, StatementBuilder};
/// use iam_policy::BaseOperator;
/// let policy = ResourcePolicy::new()
///     .services(
///         ["cloudtrail.amazonaws.com"],
///         StatementBuilder::allow()
///             .sid("AllowAclCheck")
///             .action("s3:GetBucketAcl")
///             .resource("arn:aws:s3:::example-logs")
///             .condition(
///                 BaseOperator::StringEquals,
///                 "aws:SourceArn",
///                 ["arn:aws:cloudtrail:eu-west-1:111111111111:trail/main"],
///             ),
///     )
///     .build()?;
/// let json = serde_json::to_string(&policy).unwrap();
/// assert!(json.contains(r#""Principal":{"Service":"cloudtrail.amazonaws.com"}"#));
/// # Ok::<(), iam_policy::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ResourcePolicy {
    statements: Vec<(ResourcePrincipal, StatementBuilder)>,
}

impl ResourcePolicy {
    /// An empty resource policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a statement for AWS service principals (`cloudtrail.amazonaws.com`, ...).
    pub fn services<S: Into<String>>(
        mut self,
        services: impl IntoIterator<Item = S>,
        statement: StatementBuilder,
    ) -> Self {
        let services = services.into_iter().map(Into::into).collect();
        self.statements
            .push((ResourcePrincipal::Services(services), statement));
        self
    }

    /// Adds a statement for exact IAM principals (accounts, roles or users).
    pub fn principals(
        mut self,
        principals: impl IntoIterator<Item = Arn>,
        statement: StatementBuilder,
    ) -> Self {
        let principals = principals.into_iter().collect();
        self.statements
            .push((ResourcePrincipal::Principals(principals), statement));
        self
    }

    /// Adds a statement for every principal (`Principal: "*"`); only a `Deny` statement is
    /// accepted at [`build`](Self::build).
    pub fn everyone(mut self, statement: StatementBuilder) -> Self {
        self.statements
            .push((ResourcePrincipal::Everyone, statement));
        self
    }

    /// Builds the policy (`Version: 2012-10-17`): at least one statement, each with a
    /// principal, an action and a resource; unique Sids.
    pub fn build(self) -> Result<Policy, Error> {
        if self.statements.is_empty() {
            return Err(build_error("a policy needs at least one statement"));
        }
        let mut statements = Vec::with_capacity(self.statements.len());
        for (principal, statement) in self.statements {
            let principal = match principal {
                ResourcePrincipal::Services(services) => {
                    if services.is_empty() {
                        return Err(build_error(
                            "a resource-policy statement needs at least one service principal",
                        ));
                    }
                    for service in &services {
                        check_service_principal(service)?;
                    }
                    Principal::Map(vec![(PrincipalType::Service, OneOrMany::compact(services))])
                }
                ResourcePrincipal::Principals(arns) => {
                    if arns.is_empty() {
                        return Err(build_error(
                            "a resource-policy statement needs at least one principal",
                        ));
                    }
                    for arn in &arns {
                        check_principal_arn(arn)?;
                    }
                    let values = arns.iter().map(ToString::to_string).collect();
                    Principal::Map(vec![(PrincipalType::Aws, OneOrMany::compact(values))])
                }
                ResourcePrincipal::Everyone => {
                    if statement.effect != Effect::Deny {
                        return Err(build_error(
                            "`Principal: \"*\"` is accepted only on a `Deny` statement (an `Allow` would make the resource public)",
                        ));
                    }
                    Principal::Any
                }
            };
            statements.push(statement.finish(Some(PrincipalElement::Principal(principal)), true)?);
        }
        check_unique_sids(&statements)?;
        Ok(Policy::new(statements))
    }
}

fn check_principal_arn(arn: &Arn) -> Result<(), Error> {
    let resource = arn.resource();
    let is_iam_principal = arn.service() == "iam"
        && arn.region().is_empty()
        && arn.account_id().is_some()
        && (resource == "root" || resource.starts_with("role/") || resource.starts_with("user/"));
    if !is_iam_principal {
        return Err(build_error(format!(
            "`{arn}` is not an IAM role, user or account principal (arn:PARTITION:iam::ACCOUNT:role/NAME, user/NAME or root)"
        )));
    }
    if arn.has_wildcard() {
        return Err(build_error(format!(
            "principal `{arn}` has a wildcard; IAM does not allow partial wildcards in principals (narrow an account trust with `principal_arns` instead)"
        )));
    }
    Ok(())
}

fn check_service_principal(service: &str) -> Result<(), Error> {
    if !crate::model::is_service_principal_name(service) {
        return Err(build_error(format!(
            "`{service}` is not a service principal such as `ec2.amazonaws.com`"
        )));
    }
    Ok(())
}

fn check_external_id(external_id: &str) -> Result<(), Error> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c);
    let length = external_id.chars().count();
    if !(2..=1224).contains(&length) || !external_id.chars().all(allowed) {
        return Err(build_error(format!(
            "external id `{external_id}` must be 2 to 1,224 characters of letters, digits and _+=,.@:/-"
        )));
    }
    Ok(())
}

fn check_organization_id(organization_id: &str) -> Result<(), Error> {
    let valid = organization_id.strip_prefix("o-").is_some_and(|rest| {
        (10..=32).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    if !valid {
        return Err(build_error(format!(
            "organization id `{organization_id}` must look like `o-` followed by 10 to 32 lowercase letters or digits"
        )));
    }
    Ok(())
}

/// Builds the caller-side permission to switch into roles: `Allow sts:AssumeRole` on the exact
/// role ARNs (the restricted form). `Resource: "*"` is available through
/// [`AssumeRolePolicy::any_role`], and the validator flags it.
///
/// ```
/// use iam_policy::builder::AssumeRolePolicy;
/// let policy = AssumeRolePolicy::new()
///     .role("arn:aws:iam::222222222222:role/admin".parse()?)
///     .build()?;
/// assert_eq!(policy.statements()[0].resource.as_ref().unwrap().patterns().len(), 1);
/// # Ok::<(), iam_policy::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct AssumeRolePolicy {
    roles: Vec<Arn>,
    any_role: bool,
    require_mfa: bool,
    sid: Option<String>,
}

impl AssumeRolePolicy {
    /// A policy with no roles yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The unrestricted form, `Resource: "*"`: any role that trusts the caller's account.
    pub fn any_role() -> Self {
        Self {
            any_role: true,
            ..Self::default()
        }
    }

    /// Adds one role ARN (exact: no wildcards).
    pub fn role(mut self, role: Arn) -> Self {
        self.roles.push(role);
        self
    }

    /// Adds several role ARNs.
    pub fn roles(mut self, roles: impl IntoIterator<Item = Arn>) -> Self {
        self.roles.extend(roles);
        self
    }

    /// Also requires MFA on the caller's side (`Bool aws:MultiFactorAuthPresent "true"`).
    pub fn require_mfa(mut self) -> Self {
        self.require_mfa = true;
        self
    }

    /// Sets the statement's `Sid` (only `[A-Za-z0-9]`).
    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.sid = Some(sid.into());
        self
    }

    /// Builds the policy: at least one role, each an exact IAM role ARN, listed once.
    pub fn build(self) -> Result<Policy, Error> {
        let mut statement = StatementBuilder::allow().action("sts:AssumeRole");
        if let Some(sid) = self.sid {
            statement = statement.sid(sid);
        }
        if self.any_role {
            statement = statement.resource("*");
        } else {
            if self.roles.is_empty() {
                return Err(build_error(
                    "an AssumeRole policy needs at least one role ARN",
                ));
            }
            let mut seen: std::collections::HashSet<&Arn> =
                std::collections::HashSet::with_capacity(self.roles.len());
            for role in &self.roles {
                let is_role = role.service() == "iam"
                    && role.region().is_empty()
                    && role.account_id().is_some()
                    && role.resource().starts_with("role/");
                if !is_role || role.has_wildcard() {
                    return Err(build_error(format!(
                        "`{role}` is not an exact IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME)"
                    )));
                }
                if !seen.insert(role) {
                    return Err(build_error(format!("role `{role}` is listed twice")));
                }
            }
            statement = statement.resources(self.roles.iter());
        }
        if self.require_mfa {
            statement =
                statement.condition(BaseOperator::Bool, "aws:MultiFactorAuthPresent", ["true"]);
        }
        Ok(Policy::new(vec![statement.build()?]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str) -> AccountId {
        id.parse().unwrap()
    }

    #[test]
    fn trust_requires_mfa_by_default_and_never_trusts_star() {
        let policy = TrustPolicy::for_account(account("111111111111"), Partition::Aws)
            .build()
            .unwrap();
        let json = serde_json::to_value(&policy).unwrap();
        assert_eq!(
            json["Statement"][0]["Condition"]["Bool"]["aws:MultiFactorAuthPresent"],
            "true"
        );
        assert_eq!(
            json["Statement"][0]["Principal"]["AWS"],
            "arn:aws:iam::111111111111:root"
        );
        assert!(json["Statement"][0].get("Resource").is_none());
    }

    #[test]
    fn external_id_and_org_share_one_string_equals_block() {
        let policy = TrustPolicy::for_account(account("111111111111"), Partition::Aws)
            .without_mfa()
            .external_id("Unique-Id-42")
            .principal_org_id("o-abcdefghij")
            .build()
            .unwrap();
        let json = serde_json::to_value(&policy).unwrap();
        let block = &json["Statement"][0]["Condition"]["StringEquals"];
        assert_eq!(block["sts:ExternalId"], "Unique-Id-42");
        assert_eq!(block["aws:PrincipalOrgID"], "o-abcdefghij");
    }

    #[test]
    fn rejects_what_iam_would_reject() {
        let bad_sid = StatementBuilder::allow()
            .sid("Read-Bucket")
            .action("s3:GetObject")
            .resource("*")
            .build();
        assert!(bad_sid.is_err());
        assert!(StatementBuilder::allow().resource("*").build().is_err());
        assert!(
            StatementBuilder::allow()
                .action("s3:GetObject")
                .build()
                .is_err()
        );
        assert!(
            TrustPolicy::for_principals(["arn:aws:iam::111111111111:role/*".parse().unwrap()])
                .build()
                .is_err()
        );
        assert!(
            TrustPolicy::for_principals(["arn:aws:s3:::bucket".parse().unwrap()])
                .build()
                .is_err()
        );
        assert!(TrustPolicy::for_services(["ec2"]).build().is_err());
        assert!(
            TrustPolicy::for_services(["ec2.amazonaws.com"])
                .require_mfa()
                .build()
                .is_err()
        );
        assert!(
            TrustPolicy::for_account(account("111111111111"), Partition::Aws)
                .external_id("x")
                .build()
                .is_err()
        );
        assert!(
            TrustPolicy::for_account(account("111111111111"), Partition::Aws)
                .principal_org_id("org-1")
                .build()
                .is_err()
        );
        assert!(AssumeRolePolicy::new().build().is_err());
        assert!(
            AssumeRolePolicy::new()
                .role("arn:aws:iam::222222222222:role/*".parse().unwrap())
                .build()
                .is_err()
        );
        let duplicate = "arn:aws:iam::222222222222:role/admin"
            .parse::<Arn>()
            .unwrap();
        assert!(
            AssumeRolePolicy::new()
                .roles([duplicate.clone(), duplicate])
                .build()
                .is_err()
        );
        let twice = StatementBuilder::allow()
            .action("s3:GetObject")
            .resource("*")
            .condition(BaseOperator::StringEquals, "aws:PrincipalTag/team", ["a"])
            .condition(BaseOperator::StringEquals, "aws:PrincipalTag/team", ["b"])
            .build();
        assert!(
            twice
                .unwrap_err()
                .to_string()
                .contains("already constrains")
        );
    }

    #[test]
    fn resource_policies_never_allow_everyone() {
        let statement = || {
            StatementBuilder::allow()
                .action("s3:GetObject")
                .resource("arn:aws:s3:::bucket/*")
        };
        let public = ResourcePolicy::new().everyone(statement()).build();
        assert!(public.unwrap_err().to_string().contains("only on a `Deny`"));
        let deny = ResourcePolicy::new()
            .everyone(
                StatementBuilder::deny()
                    .action("s3:*")
                    .resource("arn:aws:s3:::bucket/*")
                    .condition(BaseOperator::Bool, "aws:SecureTransport", ["false"]),
            )
            .build()
            .unwrap();
        assert_eq!(
            deny.statements()[0].principal,
            Some(PrincipalElement::Principal(Principal::Any))
        );
        let not_a_service = ResourcePolicy::new()
            .services(["cloudtrail"], statement())
            .build();
        assert!(
            not_a_service
                .unwrap_err()
                .to_string()
                .contains("`cloudtrail`")
        );
        let wildcard: Arn = "arn:aws:iam::111111111111:role/*".parse().unwrap();
        let wildcard = ResourcePolicy::new()
            .principals([wildcard], statement())
            .build();
        assert!(wildcard.unwrap_err().to_string().contains("wildcard"));
        let no_resource = ResourcePolicy::new()
            .services(
                ["config.amazonaws.com"],
                StatementBuilder::allow().action("s3:GetBucketAcl"),
            )
            .build();
        assert!(no_resource.unwrap_err().to_string().contains("resource"));
        assert!(ResourcePolicy::new().build().is_err());
    }

    #[test]
    fn generated_sids_are_alphanumeric() {
        for text in ["assume admin@dev", "a-b_c.d", "  x  ", "ROLE/path/name"] {
            let sid = sid_from(text);
            assert!(sid.bytes().all(|b| b.is_ascii_alphanumeric()), "{sid}");
            assert!(check_sid(&sid).is_ok());
        }
    }
}
