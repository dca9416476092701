//! The resource types a resource-based policy can be validated for, as IAM Access Analyzer names
//! them (CloudFormation-style `AWS::S3::Bucket`), and what each one's policy may name.

use std::fmt;
use std::str::FromStr;

/// The kind of resource a resource-based policy is attached to.
///
/// Named as Access Analyzer's `validatePolicyResourceType` and its access checks name them. The
/// role trust policy type (`AWS::IAM::AssumeRolePolicyDocument`) is not one of these: it is
/// [`PolicyKind::Trust`](super::PolicyKind::Trust), see
/// [`PolicyKind::for_resource_type`](super::PolicyKind::for_resource_type).
///
/// ```
/// use iam_policy::validate::ResourcePolicyType;
/// let bucket: ResourcePolicyType = "AWS::S3::Bucket".parse().unwrap();
/// assert_eq!(bucket, ResourcePolicyType::S3Bucket);
/// assert_eq!(bucket.to_string(), "AWS::S3::Bucket");
/// let error = "AWS::S3::Buckets".parse::<ResourcePolicyType>().unwrap_err();
/// assert_eq!(error.suggestion, Some("AWS::S3::Bucket"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourcePolicyType {
    /// An Amazon S3 bucket policy.
    S3Bucket,
    /// An Amazon S3 access point policy.
    S3AccessPoint,
    /// An Amazon S3 Multi-Region Access Point policy.
    S3MultiRegionAccessPoint,
    /// An Amazon S3 Object Lambda access point policy.
    S3ObjectLambdaAccessPoint,
    /// An S3 Express One Zone directory bucket policy.
    S3ExpressDirectoryBucket,
    /// An S3 Express One Zone access point policy.
    S3ExpressAccessPoint,
    /// An S3 Tables table bucket policy.
    S3TablesTableBucket,
    /// An S3 Tables table policy.
    S3TablesTable,
    /// An Amazon DynamoDB table policy.
    DynamoDbTable,
    /// An Amazon DynamoDB stream policy.
    DynamoDbStream,
    /// An Amazon API Gateway REST API resource policy.
    ApiGatewayRestApi,
    /// An AWS CodeArtifact domain policy.
    CodeArtifactDomain,
    /// An AWS Backup vault access policy.
    BackupVault,
    /// An AWS CloudTrail Lake dashboard policy.
    CloudTrailDashboard,
    /// An AWS CloudTrail Lake event data store policy.
    CloudTrailEventDataStore,
}

/// What the `Resource` element of a policy for one resource type may name.
struct Scope {
    /// The ARN service fields, each with the catalog resource types of that service the policy
    /// may name (empty: any of the service's types).
    arns: &'static [(&'static str, &'static [&'static str])],
    /// Whether `"Resource": "*"` is accepted.
    star: bool,
}

impl ResourcePolicyType {
    /// Every type, in declaration order.
    pub const ALL: [ResourcePolicyType; 15] = [
        ResourcePolicyType::S3Bucket,
        ResourcePolicyType::S3AccessPoint,
        ResourcePolicyType::S3MultiRegionAccessPoint,
        ResourcePolicyType::S3ObjectLambdaAccessPoint,
        ResourcePolicyType::S3ExpressDirectoryBucket,
        ResourcePolicyType::S3ExpressAccessPoint,
        ResourcePolicyType::S3TablesTableBucket,
        ResourcePolicyType::S3TablesTable,
        ResourcePolicyType::DynamoDbTable,
        ResourcePolicyType::DynamoDbStream,
        ResourcePolicyType::ApiGatewayRestApi,
        ResourcePolicyType::CodeArtifactDomain,
        ResourcePolicyType::BackupVault,
        ResourcePolicyType::CloudTrailDashboard,
        ResourcePolicyType::CloudTrailEventDataStore,
    ];

    /// The role trust policy type, which selects [`PolicyKind::Trust`](super::PolicyKind::Trust).
    pub const ROLE_TRUST: &'static str = "AWS::IAM::AssumeRolePolicyDocument";

    /// The Access Analyzer name, e.g. `AWS::S3::Bucket`.
    pub fn name(self) -> &'static str {
        match self {
            ResourcePolicyType::S3Bucket => "AWS::S3::Bucket",
            ResourcePolicyType::S3AccessPoint => "AWS::S3::AccessPoint",
            ResourcePolicyType::S3MultiRegionAccessPoint => "AWS::S3::MultiRegionAccessPoint",
            ResourcePolicyType::S3ObjectLambdaAccessPoint => "AWS::S3ObjectLambda::AccessPoint",
            ResourcePolicyType::S3ExpressDirectoryBucket => "AWS::S3Express::DirectoryBucket",
            ResourcePolicyType::S3ExpressAccessPoint => "AWS::S3Express::AccessPoint",
            ResourcePolicyType::S3TablesTableBucket => "AWS::S3Tables::TableBucket",
            ResourcePolicyType::S3TablesTable => "AWS::S3Tables::Table",
            ResourcePolicyType::DynamoDbTable => "AWS::DynamoDB::Table",
            ResourcePolicyType::DynamoDbStream => "AWS::DynamoDB::Stream",
            ResourcePolicyType::ApiGatewayRestApi => "AWS::ApiGateway::RestApi",
            ResourcePolicyType::CodeArtifactDomain => "AWS::CodeArtifact::Domain",
            ResourcePolicyType::BackupVault => "AWS::Backup::BackupVault",
            ResourcePolicyType::CloudTrailDashboard => "AWS::CloudTrail::Dashboard",
            ResourcePolicyType::CloudTrailEventDataStore => "AWS::CloudTrail::EventDataStore",
        }
    }

    /// What the policy's `Resource` may name. The S3 types accept only their own resources
    /// (Amazon S3 rejects a bucket policy that names other resources, and Access Analyzer reports
    /// `"Resource": "*"` in one); the others accept any resource of their service, and `*`.
    fn scope(self) -> Scope {
        const fn only(arns: &'static [(&'static str, &'static [&'static str])]) -> Scope {
            Scope { arns, star: false }
        }
        const fn service(arns: &'static [(&'static str, &'static [&'static str])]) -> Scope {
            Scope { arns, star: true }
        }
        match self {
            ResourcePolicyType::S3Bucket => only(&[("s3", &["bucket", "object"])]),
            ResourcePolicyType::S3AccessPoint => {
                only(&[("s3", &["accesspoint", "accesspointobject"])])
            }
            ResourcePolicyType::S3MultiRegionAccessPoint => {
                only(&[("s3", &["multiregionaccesspoint"])])
            }
            ResourcePolicyType::S3ObjectLambdaAccessPoint => {
                only(&[("s3-object-lambda", &["objectlambdaaccesspoint"])])
            }
            ResourcePolicyType::S3ExpressDirectoryBucket => only(&[("s3express", &["bucket"])]),
            ResourcePolicyType::S3ExpressAccessPoint => only(&[("s3express", &["accesspoint"])]),
            ResourcePolicyType::S3TablesTableBucket => {
                service(&[("s3tables", &["tablebucket", "table"])])
            }
            ResourcePolicyType::S3TablesTable => service(&[("s3tables", &["table"])]),
            ResourcePolicyType::DynamoDbTable => service(&[(
                "dynamodb",
                &["table", "index", "backup", "export", "import"],
            )]),
            ResourcePolicyType::DynamoDbStream => service(&[("dynamodb", &["stream"])]),
            ResourcePolicyType::ApiGatewayRestApi => service(&[("execute-api", &[])]),
            ResourcePolicyType::CodeArtifactDomain => service(&[("codeartifact", &[])]),
            ResourcePolicyType::BackupVault => service(&[("backup", &[])]),
            ResourcePolicyType::CloudTrailDashboard => service(&[("cloudtrail", &["dashboard"])]),
            ResourcePolicyType::CloudTrailEventDataStore => {
                service(&[("cloudtrail", &["eventdatastore"])])
            }
        }
    }

    /// Whether the policy may name `"Resource": "*"`.
    pub fn accepts_any_resource(self) -> bool {
        self.scope().star
    }

    /// Whether an ARN of the service field `service` may appear in the policy's `Resource`.
    pub fn accepts_arn_service(self, service: &str) -> bool {
        self.scope()
            .arns
            .iter()
            .any(|(allowed, _)| *allowed == service)
    }

    /// Whether a resource of the catalog type `resource_type` of `service` may appear in the
    /// policy's `Resource` (type names compared ignoring ASCII case).
    pub fn accepts_resource_type(self, service: &str, resource_type: &str) -> bool {
        self.scope().arns.iter().any(|(allowed, types)| {
            *allowed == service
                && (types.is_empty()
                    || types
                        .iter()
                        .any(|allowed| allowed.eq_ignore_ascii_case(resource_type)))
        })
    }

    /// The service prefixes whose actions the policy may allow (`s3` for a bucket policy).
    pub fn action_services(self) -> &'static [&'static str] {
        match self {
            ResourcePolicyType::S3Bucket
            | ResourcePolicyType::S3AccessPoint
            | ResourcePolicyType::S3MultiRegionAccessPoint => &["s3"],
            ResourcePolicyType::S3ObjectLambdaAccessPoint => &["s3-object-lambda"],
            ResourcePolicyType::S3ExpressDirectoryBucket
            | ResourcePolicyType::S3ExpressAccessPoint => &["s3express"],
            ResourcePolicyType::S3TablesTableBucket | ResourcePolicyType::S3TablesTable => {
                &["s3tables"]
            }
            ResourcePolicyType::DynamoDbTable | ResourcePolicyType::DynamoDbStream => &["dynamodb"],
            ResourcePolicyType::ApiGatewayRestApi => &["execute-api"],
            ResourcePolicyType::CodeArtifactDomain => &["codeartifact"],
            ResourcePolicyType::BackupVault => &["backup"],
            ResourcePolicyType::CloudTrailDashboard
            | ResourcePolicyType::CloudTrailEventDataStore => &["cloudtrail"],
        }
    }
}

impl fmt::Display for ResourcePolicyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A resource type name that Access Analyzer does not validate resource policies for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown resource type `{name}`{}", suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
#[non_exhaustive]
pub struct UnknownResourceType {
    /// The name as given.
    pub name: String,
    /// The closest known name, if one is close.
    pub suggestion: Option<&'static str>,
}

impl UnknownResourceType {
    /// Every name accepted, the role trust type included.
    pub fn known_names() -> impl Iterator<Item = &'static str> {
        ResourcePolicyType::ALL
            .iter()
            .map(|kind| kind.name())
            .chain(std::iter::once(ResourcePolicyType::ROLE_TRUST))
    }

    pub(crate) fn new(name: &str) -> Self {
        UnknownResourceType {
            name: name.to_owned(),
            suggestion: crate::suggest::closest(name, Self::known_names()),
        }
    }
}

impl FromStr for ResourcePolicyType {
    type Err = UnknownResourceType;

    /// Parses an Access Analyzer resource type name; ASCII case is ignored.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        ResourcePolicyType::ALL
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownResourceType::new(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_scopes_name_catalog_types() {
        for kind in ResourcePolicyType::ALL {
            assert_eq!(kind.name().parse::<ResourcePolicyType>(), Ok(kind));
            for (service, types) in kind.scope().arns {
                let service = crate::catalog::service(service)
                    .unwrap_or_else(|| panic!("{kind}: no service `{service}`"));
                for name in *types {
                    assert!(
                        service
                            .resource_types()
                            .any(|known| known.name().eq_ignore_ascii_case(name)),
                        "{kind}: `{}` has no resource type `{name}`",
                        service.prefix()
                    );
                }
            }
            for service in kind.action_services() {
                assert!(
                    crate::catalog::service(service).is_some(),
                    "{kind}: {service}"
                );
            }
        }
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        let error = "AWS::DynamoDB::Tables"
            .parse::<ResourcePolicyType>()
            .unwrap_err();
        assert_eq!(error.suggestion, Some("AWS::DynamoDB::Table"));
        assert_eq!(
            error.to_string(),
            "unknown resource type `AWS::DynamoDB::Tables`; did you mean `AWS::DynamoDB::Table`?"
        );
        let error = "AWS::KMS::Key".parse::<ResourcePolicyType>().unwrap_err();
        assert_eq!(error.suggestion, None);
    }
}
