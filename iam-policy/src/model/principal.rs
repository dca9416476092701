use std::fmt;
use std::str::FromStr;

use super::OneOrMany;

/// `"Principal"` or `"NotPrincipal"`: mutually exclusive, so the model holds exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PrincipalElement {
    /// `"Principal"`: who the statement applies to.
    Principal(Principal),
    /// `"NotPrincipal"`: everyone except these.
    NotPrincipal(Principal),
}

impl PrincipalElement {
    /// The principal, whichever element holds it.
    pub fn principal(&self) -> &Principal {
        match self {
            PrincipalElement::Principal(principal) | PrincipalElement::NotPrincipal(principal) => {
                principal
            }
        }
    }

    /// Whether this is `"NotPrincipal"`.
    pub fn is_not_principal(&self) -> bool {
        matches!(self, PrincipalElement::NotPrincipal(_))
    }

    /// The JSON element name: `Principal` or `NotPrincipal`.
    pub fn element_name(&self) -> &'static str {
        match self {
            PrincipalElement::Principal(_) => "Principal",
            PrincipalElement::NotPrincipal(_) => "NotPrincipal",
        }
    }
}

/// A principal: the bare `"*"` or a map from principal type to values.
///
/// `"*"` and `{"AWS": "*"}` are kept distinct: a role trust policy rejects the first and
/// accepts the second.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principal {
    /// The bare string `"*"`: everyone, including anonymous callers.
    Any,
    /// `{"AWS": ..., "Service": ..., ...}` in the order written.
    Map(Vec<(PrincipalType, OneOrMany<String>)>),
}

impl Principal {
    /// The values given for one principal type (empty when the type is absent or for `"*"`).
    pub fn values(&self, principal_type: PrincipalType) -> impl Iterator<Item = &str> {
        let entries: &[(PrincipalType, OneOrMany<String>)] = match self {
            Principal::Any => &[],
            Principal::Map(entries) => entries,
        };
        entries
            .iter()
            .filter(move |(kind, _)| *kind == principal_type)
            .flat_map(|(_, values)| values.iter().map(String::as_str))
    }
}

/// A key of a principal map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrincipalType {
    /// `AWS`: accounts, IAM users and roles, role sessions, federated users, or `*`.
    Aws,
    /// `Service`: AWS service principals such as `ec2.amazonaws.com`.
    Service,
    /// `Federated`: SAML or OIDC providers and web identity providers.
    Federated,
    /// `CanonicalUser`: an S3 canonical user id.
    CanonicalUser,
}

impl PrincipalType {
    /// Every principal type.
    pub const ALL: [PrincipalType; 4] = [
        PrincipalType::Aws,
        PrincipalType::Service,
        PrincipalType::Federated,
        PrincipalType::CanonicalUser,
    ];

    /// The key as written in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::Aws => "AWS",
            PrincipalType::Service => "Service",
            PrincipalType::Federated => "Federated",
            PrincipalType::CanonicalUser => "CanonicalUser",
        }
    }
}

impl fmt::Display for PrincipalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PrincipalType {
    type Err = ();
    fn from_str(value: &str) -> Result<Self, ()> {
        PrincipalType::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
            .ok_or(())
    }
}

/// Whether `name` is written like an AWS service principal: lowercase DNS labels ending in
/// `.amazonaws.com` (or `.amazonaws.com.cn`), such as `ec2.amazonaws.com`.
pub fn is_service_principal_name(name: &str) -> bool {
    name.strip_suffix(".amazonaws.com")
        .or_else(|| name.strip_suffix(".amazonaws.com.cn"))
        .is_some_and(|service| {
            service.split('.').all(|label| {
                !label.is_empty()
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            })
        })
}
