//! The one error type of the AWS adapters.

use iam_policy::{AccountId, Arn, Partition};

/// Everything that can go wrong while reading, planning or applying.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The layout has no desired state (the planner says why).
    #[error("layout: {0}")]
    Layout(#[from] jumpgate_planner::Error),
    /// The layout is of another partition than the connection.
    #[error("layout: the layout's partition is `{layout}`, but the connection's is `{connection}`")]
    PartitionMismatch {
        /// The layout's `organization.partition`.
        layout: Partition,
        /// [`crate::Settings::partition`].
        connection: Partition,
    },
    /// The credentials are not the management account's.
    #[error(
        "layout: the credentials are for account {caller}, but the layout's management account \
         is {management}"
    )]
    NotManagementAccount {
        /// The account the credentials belong to.
        caller: AccountId,
        /// The layout's management account.
        management: AccountId,
    },
    /// The role assumed in member accounts is not one of the layout's deployment roles: the
    /// guardrails exempt only those, so applying them would lock jumpgate out.
    #[error(
        "layout: the member role `{role}` is not one of the layout's deployment roles ({}); \
         the guardrails would deny it what jumpgate does in member accounts",
        deployment_roles.join(", ")
    )]
    NotADeploymentRole {
        /// [`crate::Settings::member_role`].
        role: String,
        /// `[guardrails] deployment_roles`.
        deployment_roles: Vec<String>,
    },
    /// A call to AWS failed.
    #[error("AWS {operation} failed: {message}")]
    Aws {
        /// The API operation, e.g. `iam:CreateRole`.
        operation: String,
        /// The error as the SDK reports it, its causes included (code and message when there
        /// is one), on one line.
        message: String,
        /// The SDK's error itself (downcast it to `aws_sdk_*::error::SdkError` for its code).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// AWS returned something the adapter cannot use (a missing field, an unparsable policy).
    #[error("unexpected response from {operation}: {message}")]
    Unexpected {
        /// The API operation.
        operation: String,
        /// What was wrong.
        message: String,
    },
    /// An account creation did not finish within the polling budget, or failed.
    #[error("account creation for {email}: {message}")]
    AccountCreation {
        /// The account's root email.
        email: String,
        /// The failure reason, or that polling gave up.
        message: String,
    },
    /// An initial password could not be kept (the login profile was not created).
    #[error("the initial password of user `{user}` cannot be kept: {message}")]
    Credentials {
        /// The user.
        user: String,
        /// Why.
        message: String,
    },
    /// The plan creates login profiles, but no [`crate::CredentialSink`] would keep their
    /// initial passwords ([`crate::Settings::credentials`]); nothing was applied.
    #[error(
        "the plan creates login profiles, but nothing would keep their initial passwords: set a \
         credentials directory"
    )]
    NoCredentialSink,
    /// A change of a plan could not be applied (the changes before it were).
    #[error("applying {change}: {source}")]
    Apply {
        /// The change, e.g. ``role `admin` in DEV (123456789012)``.
        change: String,
        /// Why.
        source: Box<Error>,
    },
}

impl Error {
    /// An [`Error::Aws`] from an SDK error, keeping the service's error code and message.
    pub(crate) fn aws<E>(operation: &str, error: E) -> Self
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        let mut message = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Error::Aws {
            operation: operation.to_owned(),
            message,
            source: Box::new(error),
        }
    }

    /// The service's error code of an [`Error::Aws`] from the calls whose codes the adapter
    /// looks at after the fact (`sts:AssumeRole`).
    pub(crate) fn code(&self) -> Option<&str> {
        let Error::Aws { source, .. } = self else {
            return None;
        };
        code_of(source.as_ref())
    }

    pub(crate) fn unexpected(operation: &str, message: impl Into<String>) -> Self {
        Error::Unexpected {
            operation: operation.to_owned(),
            message: message.into(),
        }
    }
}

/// The error code in an SDK error of any service (they all carry `ErrorMetadata`).
fn code_of<'a>(error: &'a (dyn std::error::Error + Send + Sync + 'static)) -> Option<&'a str> {
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;
    macro_rules! try_services {
        ($($error:ty),* $(,)?) => {
            $(
                if let Some(error) = error.downcast_ref::<$error>() {
                    return error.code();
                }
            )*
        };
    }
    try_services!(
        aws_sdk_sts::error::SdkError<aws_sdk_sts::operation::assume_role::AssumeRoleError>,
    );
    None
}

/// An account id AWS returned, or an [`Error::Unexpected`] naming the operation.
pub(crate) fn account_id(operation: &str, text: &str) -> Result<AccountId, Error> {
    text.parse()
        .map_err(|error: iam_policy::Error| Error::unexpected(operation, error.to_string()))
}

/// An ARN AWS returned, or an [`Error::Unexpected`] naming the operation.
pub(crate) fn arn(operation: &str, text: &str) -> Result<Arn, Error> {
    text.parse()
        .map_err(|error: iam_policy::Error| Error::unexpected(operation, error.to_string()))
}
