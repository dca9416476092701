//! Who makes a request, and whether a `Principal` or `NotPrincipal` element names them.

use std::fmt;
use std::str::FromStr;

use crate::model::{Effect, Principal, PrincipalElement, PrincipalType};
use crate::{AccountId, Arn};

/// The web identity providers that are written as bare names in `"Federated"`.
const WEB_IDENTITY_PROVIDERS: [&str; 4] = [
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
];

/// The principal making a request.
///
/// ```
/// use iam_policy::eval::RequestPrincipal;
/// let session: RequestPrincipal = "arn:aws:sts::111122223333:assumed-role/Admin/alice".parse()?;
/// assert_eq!(session.account().unwrap().as_str(), "111122223333");
/// assert!(matches!(session, RequestPrincipal::RoleSession { .. }));
/// # Ok::<(), iam_policy::eval::PrincipalError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestPrincipal {
    /// An unauthenticated caller (`anonymous`).
    Anonymous,
    /// An AWS service principal such as `cloudtrail.amazonaws.com`.
    Service(String),
    /// A SAML or OIDC identity provider ARN, or a web identity provider such as
    /// `accounts.google.com`: the caller of `sts:AssumeRoleWithSAML`/`...WithWebIdentity`.
    FederatedProvider(String),
    /// The account's root user, `arn:aws:iam::ACCOUNT:root`.
    RootUser {
        /// The ARN.
        arn: Arn,
    },
    /// An IAM user, `arn:aws:iam::ACCOUNT:user/PATH/NAME`.
    User {
        /// The ARN.
        arn: Arn,
    },
    /// An IAM role ARN given as the caller: a session of that role whose name is not known.
    Role {
        /// The ARN.
        arn: Arn,
    },
    /// A role session, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    RoleSession {
        /// The ARN.
        arn: Arn,
    },
    /// A federated user session from `GetFederationToken`, `arn:aws:sts::ACCOUNT:federated-user/NAME`.
    FederatedUser {
        /// The ARN.
        arn: Arn,
    },
}

/// Why a principal string is not one [`RequestPrincipal`] understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unrecognized principal `{value}`: {reason}")]
#[non_exhaustive]
pub struct PrincipalError {
    /// The text given.
    pub value: String,
    /// What was expected.
    pub reason: &'static str,
}

impl FromStr for RequestPrincipal {
    type Err = PrincipalError;

    fn from_str(value: &str) -> Result<Self, PrincipalError> {
        let error = |reason| PrincipalError {
            value: value.to_owned(),
            reason,
        };
        if value == "anonymous" {
            return Ok(RequestPrincipal::Anonymous);
        }
        if WEB_IDENTITY_PROVIDERS[1..].contains(&value) {
            return Ok(RequestPrincipal::FederatedProvider(value.to_owned()));
        }
        if crate::is_service_principal_name(value) {
            return Ok(RequestPrincipal::Service(value.to_owned()));
        }
        if !value.starts_with("arn:") {
            return Err(error(
                "expected an IAM or STS ARN, a service principal such as `s3.amazonaws.com`, or `anonymous`",
            ));
        }
        let arn: Arn = value.parse().map_err(|_| error("not a well-formed ARN"))?;
        if arn.has_wildcard() {
            return Err(error("a request's principal has no wildcards"));
        }
        let resource = arn.resource();
        let kind = match arn.service() {
            "iam" if resource == "root" => 0,
            "iam" if resource.starts_with("user/") => 1,
            "iam" if resource.starts_with("role/") => 2,
            "iam"
                if resource.starts_with("saml-provider/")
                    || resource.starts_with("oidc-provider/") =>
            {
                return Ok(RequestPrincipal::FederatedProvider(value.to_owned()));
            }
            "sts" if resource.starts_with("assumed-role/") => {
                if resource.split('/').count() != 3 || resource.ends_with('/') {
                    return Err(error(
                        "a role session ARN ends in `assumed-role/ROLE_NAME/SESSION_NAME`",
                    ));
                }
                3
            }
            "sts" if resource.starts_with("federated-user/") => 4,
            _ => {
                return Err(error(
                    "expected `...:iam::ACCOUNT:root`, `:user/`, `:role/`, `:saml-provider/`, `:oidc-provider/`, or `...:sts::ACCOUNT:assumed-role/` or `:federated-user/`",
                ));
            }
        };
        if arn.account_id().is_none() {
            return Err(error(
                "the ARN's account field is not a 12-digit account id",
            ));
        }
        Ok(match kind {
            0 => RequestPrincipal::RootUser { arn },
            1 => RequestPrincipal::User { arn },
            2 => RequestPrincipal::Role { arn },
            3 => RequestPrincipal::RoleSession { arn },
            _ => RequestPrincipal::FederatedUser { arn },
        })
    }
}

impl fmt::Display for RequestPrincipal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestPrincipal::Anonymous => f.write_str("anonymous"),
            RequestPrincipal::Service(name) | RequestPrincipal::FederatedProvider(name) => {
                f.write_str(name)
            }
            RequestPrincipal::RootUser { arn }
            | RequestPrincipal::User { arn }
            | RequestPrincipal::Role { arn }
            | RequestPrincipal::RoleSession { arn }
            | RequestPrincipal::FederatedUser { arn } => f.write_str(arn.as_str()),
        }
    }
}

impl RequestPrincipal {
    /// The ARN, for IAM and STS principals.
    pub fn arn(&self) -> Option<&Arn> {
        match self {
            RequestPrincipal::RootUser { arn }
            | RequestPrincipal::User { arn }
            | RequestPrincipal::Role { arn }
            | RequestPrincipal::RoleSession { arn }
            | RequestPrincipal::FederatedUser { arn } => Some(arn),
            _ => None,
        }
    }

    /// The account the principal belongs to, for IAM and STS principals.
    pub fn account(&self) -> Option<AccountId> {
        self.arn().and_then(Arn::account_id)
    }

    /// Whether the principal belongs to an account (IAM users, roles and sessions, root users).
    pub fn is_account_principal(&self) -> bool {
        self.arn().is_some()
    }

    /// The role name of a role session or role (`Admin` in `assumed-role/Admin/alice`).
    pub fn role_name(&self) -> Option<&str> {
        match self {
            RequestPrincipal::RoleSession { arn } => arn.resource().split('/').nth(1),
            RequestPrincipal::Role { arn } => arn.resource().rsplit('/').next(),
            _ => None,
        }
    }

    /// The IAM user name (without path) of an IAM user.
    pub fn user_name(&self) -> Option<&str> {
        match self {
            RequestPrincipal::User { arn } => arn.resource().rsplit('/').next(),
            _ => None,
        }
    }
}

/// How a resource policy statement names the caller; the kinds differ in what else must allow
/// within one account (IAM User Guide, "How AWS enforcement code logic evaluates requests to
/// allow or deny access", resource-based policies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grant {
    /// The account (`arn:aws:iam::ID:root` or `ID`): a delegation to the account's IAM
    /// policies, which must allow too.
    Account,
    /// The role behind a role session, or the IAM user behind a federated user session: the
    /// permissions boundary and session policy still limit.
    Entity,
    /// The caller itself (IAM user, root user, role session or federated user ARN, service or
    /// provider name, or a wildcard naming everyone): enough within one account.
    Caller,
}

impl Grant {
    /// A short description.
    pub fn describe(self) -> &'static str {
        match self {
            Grant::Account => "names the account (a delegation to its IAM policies)",
            Grant::Entity => "names the role or user behind the session",
            Grant::Caller => "names the caller",
        }
    }
}

/// What is known about the caller for principal matching.
pub(crate) struct Caller<'a> {
    pub principal: &'a RequestPrincipal,
    pub account: Option<AccountId>,
    /// The role behind a session (or the role given as caller).
    pub role_arn: Option<&'a str>,
    /// The IAM user behind a federated user session.
    pub user_arn: Option<&'a str>,
    pub has_boundary: bool,
    /// `cognito-identity.amazonaws.com` calling `AssumeRoleWithWebIdentity` is a federated provider.
    pub web_identity: bool,
}

fn names_account(value: &str, account: AccountId) -> bool {
    if value == account.as_str() {
        return true;
    }
    value.parse::<Arn>().is_ok_and(|arn| {
        arn.service() == "iam" && arn.resource() == "root" && arn.account() == account.as_str()
    })
}

impl Caller<'_> {
    /// The grant a wildcard gives this caller: a role session is treated as if its role were
    /// named, so that its boundary and session policy still limit (the documentation does not
    /// say; this is the cautious reading).
    fn wildcard_grant(&self) -> Grant {
        match self.principal {
            RequestPrincipal::RoleSession { .. } | RequestPrincipal::Role { .. } => Grant::Entity,
            _ => Grant::Caller,
        }
    }

    /// Whether `value` names the role behind the caller. Role names are unique in an account
    /// whatever their path, and IAM refuses a policy naming a role that does not exist, so the
    /// account and the name decide (the session ARN does not show the role's path).
    fn names_role(&self, value: &str) -> bool {
        let (Some(account), Some(name)) = (self.account, self.principal.role_name()) else {
            return false;
        };
        if self.role_arn == Some(value) {
            return true;
        }
        let Ok(arn) = value.parse::<Arn>() else {
            return false;
        };
        arn.service() == "iam"
            && arn.account() == account.as_str()
            && arn.resource().starts_with("role/")
            && arn.resource().rsplit('/').next() == Some(name)
    }

    /// The best grant `principal` gives this caller, if it names them at all.
    fn grant_of(&self, principal: &Principal) -> Option<Grant> {
        let entries = match principal {
            Principal::Any => return Some(self.wildcard_grant()),
            Principal::Map(entries) => entries,
        };
        let mut best: Option<Grant> = None;
        let mut offer = |grant: Grant| best = best.max(Some(grant));
        for (kind, values) in entries {
            for value in values.iter().map(String::as_str) {
                match kind {
                    PrincipalType::Aws => {
                        if value == "*" {
                            offer(self.wildcard_grant());
                            continue;
                        }
                        match self.principal {
                            RequestPrincipal::RootUser { arn }
                                if (value == arn.as_str()
                                    || self.account.is_some_and(|a| names_account(value, a))) =>
                            {
                                offer(Grant::Caller);
                            }
                            RequestPrincipal::User { arn }
                            | RequestPrincipal::FederatedUser { arn }
                            | RequestPrincipal::RoleSession { arn }
                                if value == arn.as_str() =>
                            {
                                offer(Grant::Caller);
                            }
                            _ => {}
                        }
                        if let Some(account) = self.account
                            && names_account(value, account)
                        {
                            offer(Grant::Account);
                        }
                        if self.names_role(value) {
                            offer(Grant::Entity);
                        }
                        if matches!(self.principal, RequestPrincipal::FederatedUser { .. })
                            && self.user_arn == Some(value)
                        {
                            offer(Grant::Entity);
                        }
                    }
                    PrincipalType::Service => {
                        if matches!(self.principal, RequestPrincipal::Service(name) if name == value)
                        {
                            offer(Grant::Caller);
                        }
                    }
                    PrincipalType::Federated => match self.principal {
                        RequestPrincipal::FederatedProvider(name) if name == value => {
                            offer(Grant::Caller);
                        }
                        RequestPrincipal::Service(name) if self.web_identity && name == value => {
                            offer(Grant::Caller);
                        }
                        _ => {}
                    },
                    PrincipalType::CanonicalUser => {}
                }
            }
        }
        best
    }

    /// Whether `NotPrincipal` lists the caller completely: the account, the role and the session
    /// of a role session; the account and the user of an IAM user (IAM User Guide, "AWS JSON
    /// policy elements: NotPrincipal").
    fn excluded_by(&self, principal: &Principal) -> bool {
        let listed = |kind: PrincipalType, test: &dyn Fn(&str) -> bool| {
            principal
                .values(kind)
                .any(|value| value == "*" || test(value))
        };
        if matches!(principal, Principal::Any) {
            return true;
        }
        let account_listed = || {
            self.account
                .is_some_and(|account| listed(PrincipalType::Aws, &|v| names_account(v, account)))
        };
        match self.principal {
            RequestPrincipal::Anonymous => listed(PrincipalType::Aws, &|_| false),
            RequestPrincipal::Service(name) => listed(PrincipalType::Service, &|v| v == name),
            RequestPrincipal::FederatedProvider(name) => {
                listed(PrincipalType::Federated, &|v| v == name)
            }
            RequestPrincipal::RootUser { .. } => account_listed(),
            RequestPrincipal::User { arn } | RequestPrincipal::FederatedUser { arn } => {
                account_listed() && listed(PrincipalType::Aws, &|v| v == arn.as_str())
            }
            RequestPrincipal::Role { .. } => {
                account_listed() && listed(PrincipalType::Aws, &|v| self.names_role(v))
            }
            RequestPrincipal::RoleSession { arn } => {
                account_listed()
                    && listed(PrincipalType::Aws, &|v| self.names_role(v))
                    && listed(PrincipalType::Aws, &|v| v == arn.as_str())
            }
        }
    }

    /// Whether a statement's principal element applies to the caller, and with what grant.
    /// Statements without one (identity policies, SCPs) apply to the caller.
    pub(crate) fn applies(
        &self,
        element: Option<&PrincipalElement>,
        effect: Effect,
        requires_principal: bool,
    ) -> Option<Grant> {
        match element {
            None if requires_principal => None,
            None => Some(Grant::Caller),
            Some(PrincipalElement::Principal(principal)) => self.grant_of(principal),
            Some(PrincipalElement::NotPrincipal(principal)) => {
                // `NotPrincipal` with `Deny` always denies a principal with a permissions
                // boundary (IAM User Guide, "Permissions boundaries for IAM entities").
                if effect == Effect::Deny && self.has_boundary {
                    return Some(self.wildcard_grant());
                }
                (!self.excluded_by(principal)).then(|| self.wildcard_grant())
            }
        }
    }
}
