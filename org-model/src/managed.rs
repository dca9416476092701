//! What `jumpgate apply` creates, named once: the paths, names, ARNs and tags of the resources
//! jumpgate manages. The rendered descriptions (`role.json`, `group.json`, `users.json`, the
//! baseline files) and the AWS adapter's desired state both derive from these functions, so a
//! rendered file describes exactly the resource apply creates.
//!
//! * Roles, users and customer managed policies carry the tag [`TAG_KEY`] = [`TAG_VALUE`]; so do
//!   the log bucket, the trails and the GuardDuty detectors of the baseline.
//! * IAM groups cannot be tagged: jumpgate creates them under [`GROUP_PATH`] followed by the
//!   layout's own group path ([`group_path`]). A group made outside jumpgate and adopted
//!   (`adopted = true`) keeps its own path and is known by its inline policy
//!   [`GROUP_MARK_POLICY`] instead; [`group_iam_path`] gives either.
//! * Customer managed policies live under [`POLICY_PATH`] ([`customer_policy_arn`]), unless the
//!   layout names the path of an adopted one ([`customer_policy_arn_at`]).
//! * Roles and users keep the layout's path.
//! * Each JUMP group gets two inline policies besides the layout's: [`ASSUME_ROLES_POLICY`] (its
//!   AssumeRole policy, when a grant names it) and [`REQUIRE_MFA_POLICY`].
//!
//! ```
//! use org_model::managed;
//! assert_eq!(managed::group_path("/"), "/jumpgate/");
//! assert_eq!(managed::group_path("/people/"), "/jumpgate/people/");
//! ```

use std::collections::BTreeMap;

use iam_policy::Partition;

/// The tag key jumpgate puts on every resource it creates that can be tagged.
pub const TAG_KEY: &str = "managed-by";
/// The value of [`TAG_KEY`].
pub const TAG_VALUE: &str = "jumpgate";
/// The IAM path prefix of the groups jumpgate creates (groups cannot be tagged: the path marks
/// them as managed).
pub const GROUP_PATH: &str = "/jumpgate/";
/// The IAM path of the customer managed policies jumpgate creates.
pub const POLICY_PATH: &str = "/jumpgate/";
/// The name of a JUMP group's inline policy allowing `sts:AssumeRole` on its granted roles.
pub const ASSUME_ROLES_POLICY: &str = "jumpgate-assume-roles";
/// The name of a JUMP group's inline policy denying everything but MFA self-service without MFA.
pub const REQUIRE_MFA_POLICY: &str = "jumpgate-require-mfa";

/// The inline policy that marks an IAM group as jumpgate's when its path does not: every group
/// jumpgate manages holds it ([`REQUIRE_MFA_POLICY`], which apply puts on every JUMP group), and
/// adopting a group made by hand puts it there first.
pub const GROUP_MARK_POLICY: &str = REQUIRE_MFA_POLICY;

/// The tags of every tagged resource jumpgate creates: `managed-by = jumpgate`.
pub fn tags() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([(TAG_KEY, TAG_VALUE)])
}

/// The IAM path of a managed group: [`GROUP_PATH`] followed by the layout's group path.
pub fn group_path(layout_path: &str) -> String {
    let rest = layout_path.trim_matches('/');
    if rest.is_empty() {
        GROUP_PATH.to_owned()
    } else {
        format!("{GROUP_PATH}{rest}/")
    }
}

/// The IAM path of `group` as apply creates it and rendering names it: the group's own
/// [`Group::path`](crate::Group::path) when it was adopted, else [`group_path`] of it.
///
/// ```
/// use org_model::{Group, managed};
/// let mut group = Group::new("developers");
/// assert_eq!(managed::group_iam_path(&group), "/jumpgate/");
/// group.adopted = true;
/// assert_eq!(managed::group_iam_path(&group), "/");
/// ```
pub fn group_iam_path(group: &crate::Group) -> String {
    if group.adopted {
        group.path.clone()
    } else {
        group_path(&group.path)
    }
}

/// The ARN of an IAM entity (`role`, `user`, `group`, `policy`) with an IAM path in account
/// `account`: `arn:PARTITION:iam::ACCOUNT:ENTITY/PATH/NAME`.
pub fn iam_arn(
    partition: Partition,
    account: &str,
    entity: &str,
    path: &str,
    name: &str,
) -> String {
    let path = path.trim_matches('/');
    let partition = partition.as_str();
    if path.is_empty() {
        format!("arn:{partition}:iam::{account}:{entity}/{name}")
    } else {
        format!("arn:{partition}:iam::{account}:{entity}/{path}/{name}")
    }
}

/// The ARN of an AWS managed policy by name (`ReadOnlyAccess`, or `service-role/Name`).
pub fn aws_managed_policy_arn(partition: Partition, name: &str) -> String {
    format!(
        "arn:{}:iam::aws:policy/{}",
        partition.as_str(),
        name.trim_start_matches('/')
    )
}

/// The ARN of the customer managed policy `name` that jumpgate keeps (under [`POLICY_PATH`])
/// in account `account`.
pub fn customer_policy_arn(partition: Partition, account: &str, name: &str) -> String {
    iam_arn(partition, account, "policy", POLICY_PATH, name)
}

/// The IAM path of a customer managed policy `permission`: its own `path`, or [`POLICY_PATH`];
/// `None` for the other kinds of permission.
pub fn customer_policy_path(permission: &crate::Permission) -> Option<&str> {
    match permission {
        crate::Permission::Customer { path, .. } => Some(path.as_deref().unwrap_or(POLICY_PATH)),
        _ => None,
    }
}

/// The ARN of the customer managed policy `name` at the IAM path `path` (`None`:
/// [`POLICY_PATH`]) in account `account`.
pub fn customer_policy_arn_at(
    partition: Partition,
    account: &str,
    path: Option<&str>,
    name: &str,
) -> String {
    iam_arn(
        partition,
        account,
        "policy",
        path.unwrap_or(POLICY_PATH),
        name,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_and_paths() {
        assert_eq!(
            iam_arn(Partition::Aws, "111111111111", "group", "/jumpgate/", "dev"),
            "arn:aws:iam::111111111111:group/jumpgate/dev"
        );
        assert_eq!(
            iam_arn(Partition::AwsCn, "111111111111", "role", "/", "admin"),
            "arn:aws-cn:iam::111111111111:role/admin"
        );
        assert_eq!(
            customer_policy_arn(Partition::Aws, "111111111111", "read"),
            "arn:aws:iam::111111111111:policy/jumpgate/read"
        );
        assert_eq!(
            aws_managed_policy_arn(Partition::Aws, "/job-function/ViewOnlyAccess"),
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
        );
        assert_eq!(group_path("a/b"), "/jumpgate/a/b/");
    }
}
