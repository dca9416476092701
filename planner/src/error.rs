//! The one error type of the planner.

/// Why a checked layout has no desired state.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Two roles or groups attach customer managed policies of one name with different
    /// documents or paths (in one account, a name has one document and one path).
    #[error("customer policy `{name}` has two different documents or paths")]
    CustomerPolicyDocuments {
        /// The policy name.
        name: String,
    },
    /// Roles are deployed, but the JUMP account their trust policies name has no id yet.
    #[error("the JUMP account has no id yet: no trust policy")]
    NoJumpId,
    /// A policy or the baseline could not be derived from the layout.
    #[error(transparent)]
    Model(#[from] org_model::Error),
    /// The layout with the ids of the accounts AWS has (matched by root email) no longer passes
    /// the checks (two accounts of the layout are then one account).
    #[error("with the account ids of the organization, {0}")]
    Rejected(#[from] org_model::RejectedLayout),
}
