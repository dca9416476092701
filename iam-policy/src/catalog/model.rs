//! Handles onto catalog entries: [`Service`], [`Action`], [`ResourceType`], [`ActionResource`],
//! [`ConditionKey`], plus [`KeyType`] and [`ActionName`].
//!
//! Handles are small `Copy` values pointing into the catalog, which lives for the whole
//! program; every string they return is `&'static`.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use super::access_level::AccessLevel;
use super::arn_pattern::ArnPattern;
use super::data::{Catalog, KeyOrigin, Span, catalog, is_template};

macro_rules! handle_identity {
    ($name:ident) => {
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.id == other.id
            }
        }
        impl Eq for $name {}
        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.id.hash(state);
            }
        }
        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $name {
            /// Catalog order: by service prefix, then case-insensitively by name.
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.id.cmp(&other.id)
            }
        }
    };
}

/// An AWS service prefix (`s3`, `elasticloadbalancing`) with everything AWS documents under it,
/// merged across its documentation pages.
#[derive(Clone, Copy)]
pub struct Service {
    pub(crate) catalog: &'static Catalog,
    pub(crate) id: u32,
}

handle_identity!(Service);

impl Service {
    pub(crate) fn new(id: usize) -> Self {
        Service {
            catalog: catalog(),
            id: id as u32,
        }
    }

    fn record(&self) -> &'static super::data::ServiceRecord {
        &self.catalog.services[self.id as usize]
    }

    /// The prefix used in actions and condition keys, e.g. `s3`.
    pub fn prefix(&self) -> &'static str {
        self.record().prefix
    }

    /// AWS's display name, e.g. `Amazon S3`.
    pub fn name(&self) -> &'static str {
        self.record().name
    }

    /// The service's actions, sorted case-insensitively.
    pub fn actions(&self) -> impl ExactSizeIterator<Item = Action> + DoubleEndedIterator + 'static {
        let catalog = self.catalog;
        self.record().actions.range().map(move |id| Action {
            catalog,
            id: id as u32,
        })
    }

    /// The action `name` (without prefix, case-insensitive).
    pub fn action(&self, name: &str) -> Option<Action> {
        self.catalog
            .find_action(self.id as usize, name)
            .map(|id| Action {
                catalog: self.catalog,
                id: id as u32,
            })
    }

    /// The service's resource types, sorted case-insensitively.
    pub fn resource_types(
        &self,
    ) -> impl ExactSizeIterator<Item = ResourceType> + DoubleEndedIterator + 'static {
        let catalog = self.catalog;
        self.record()
            .resource_types
            .range()
            .map(move |id| ResourceType {
                catalog,
                id: id as u32,
            })
    }

    /// The resource type `name` (case-insensitive), e.g. `bucket`.
    pub fn resource_type(&self, name: &str) -> Option<ResourceType> {
        self.catalog
            .find_resource_type(self.id as usize, name)
            .map(|id| ResourceType {
                catalog: self.catalog,
                id: id as u32,
            })
    }

    /// The condition keys the service lists, including the `aws:` keys its page names.
    pub fn condition_keys(
        &self,
    ) -> impl ExactSizeIterator<Item = ConditionKey> + DoubleEndedIterator + 'static {
        let catalog = self.catalog;
        self.record().keys.range().map(move |id| ConditionKey {
            catalog,
            id: id as u32,
        })
    }
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Service({})", self.prefix())
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}

/// An IAM action such as `s3:GetObject`.
#[derive(Clone, Copy)]
pub struct Action {
    pub(crate) catalog: &'static Catalog,
    pub(crate) id: u32,
}

handle_identity!(Action);

impl Action {
    fn record(&self) -> &'static super::data::ActionRecord {
        &self.catalog.actions[self.id as usize]
    }

    /// The service the action belongs to.
    pub fn service(&self) -> Service {
        Service {
            catalog: self.catalog,
            id: self.record().service,
        }
    }

    /// The action name in AWS's casing, without prefix: `GetObject`.
    pub fn name(&self) -> &'static str {
        let full_name = self.record().full_name;
        full_name
            .split_once(':')
            .map_or(full_name, |(_, name)| name)
    }

    /// `prefix:Name`, as written in policies: `s3:GetObject`.
    pub fn full_name(&self) -> &'static str {
        self.record().full_name
    }

    /// The full name as an [`ActionName`].
    pub fn action_name(&self) -> ActionName {
        ActionName(self.full_name())
    }

    /// The access levels AWS assigns to the action.
    pub fn access_level(&self) -> AccessLevel {
        self.record().access_level
    }

    /// The resource types the action applies to, each with its `required` flag and the
    /// condition keys specific to the pair. Empty for actions that only support `"Resource": "*"`.
    pub fn resource_types(
        &self,
    ) -> impl ExactSizeIterator<Item = ActionResource> + DoubleEndedIterator + 'static {
        let catalog = self.catalog;
        self.record()
            .resources
            .range()
            .map(move |id| ActionResource {
                catalog,
                id: id as u32,
            })
    }

    /// The condition keys listed for the action itself (not via a resource type).
    pub fn condition_keys(
        &self,
    ) -> impl ExactSizeIterator<Item = ConditionKey> + DoubleEndedIterator + 'static {
        keys_of(self.catalog, self.record().keys)
    }

    /// Whether the action's documentation lists `key` (case-insensitive; a concrete key such
    /// as `s3:ExistingObjectTag/team` matches the template `s3:ExistingObjectTag/<key>`): on the
    /// action, on one of its resource types, or for an action/resource-type pair. Global keys
    /// count only where listed; see [`Action::supports_condition_key`].
    pub fn lists_condition_key(&self, key: &str) -> bool {
        super::condition_key(key).is_some_and(|resolved| self.lists_resolved_key(resolved))
    }

    /// [`Action::lists_condition_key`] for a key already resolved with
    /// [`super::condition_key`] (the validator checks one key against many actions).
    pub(crate) fn lists_resolved_key(&self, resolved: ConditionKey) -> bool {
        let wanted = resolved.name();
        // Templated keys are sometimes listed under another placeholder spelling (the service
        // defines `secretsmanager:ResourceTag/${TagKey}`, its actions list
        // `secretsmanager:ResourceTag/tag-key`): for those, the part up to `/` decides.
        let template_stem = resolved
            .is_template()
            .then(|| wanted.split_once('/').map(|(stem, _)| stem))
            .flatten();
        let same = |candidate: ConditionKey| {
            candidate.name().eq_ignore_ascii_case(wanted)
                || template_stem.is_some_and(|stem| {
                    candidate
                        .name()
                        .split_once('/')
                        .is_some_and(|(candidate_stem, _)| {
                            candidate_stem.eq_ignore_ascii_case(stem)
                        })
                })
        };
        self.condition_keys().any(same)
            || self.resource_types().any(|pair| {
                pair.condition_keys().any(same) || pair.resource_type().condition_keys().any(same)
            })
    }

    /// Whether `key` can be used in a condition on this action: it is listed for the action
    /// (see [`Action::lists_condition_key`]) or it is a global key ([`ConditionKey::is_global`]).
    ///
    /// ```
    /// use iam_policy::catalog;
    /// let get_object = catalog::action("s3:GetObject").unwrap();
    /// assert!(get_object.supports_condition_key("s3:ExistingObjectTag/team"));
    /// assert!(get_object.supports_condition_key("aws:SourceIp"));
    /// assert!(!get_object.supports_condition_key("ec2:InstanceType"));
    /// ```
    pub fn supports_condition_key(&self, key: &str) -> bool {
        super::condition_key(key).is_some_and(|resolved| resolved.is_global())
            || self.lists_condition_key(key)
    }
}

impl fmt::Debug for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Action({})", self.full_name())
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.full_name())
    }
}

fn keys_of(
    catalog: &'static Catalog,
    span: Span,
) -> impl ExactSizeIterator<Item = ConditionKey> + DoubleEndedIterator + 'static {
    catalog.key_pool[span.range()]
        .iter()
        .map(move |&id| ConditionKey { catalog, id })
}

/// A resource type an action applies to, as listed for that action.
#[derive(Clone, Copy)]
pub struct ActionResource {
    catalog: &'static Catalog,
    id: u32,
}

impl ActionResource {
    fn record(&self) -> &'static super::data::ActionResourceRecord {
        &self.catalog.action_resources[self.id as usize]
    }

    /// The resource type.
    pub fn resource_type(&self) -> ResourceType {
        ResourceType {
            catalog: self.catalog,
            id: self.record().resource_type,
        }
    }

    /// Whether AWS marks the resource type required for the action (`*` in the docs): a
    /// statement granting the action must name a resource of this type (or `*`).
    pub fn required(&self) -> bool {
        self.record().required
    }

    /// The condition keys listed for this action/resource-type pair.
    pub fn condition_keys(
        &self,
    ) -> impl ExactSizeIterator<Item = ConditionKey> + DoubleEndedIterator + 'static {
        keys_of(self.catalog, self.record().keys)
    }
}

impl fmt::Debug for ActionResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActionResource")
            .field("resource_type", &self.resource_type())
            .field("required", &self.required())
            .finish()
    }
}

/// A resource type of a service, such as S3's `bucket`, with its ARN formats.
#[derive(Clone, Copy)]
pub struct ResourceType {
    pub(crate) catalog: &'static Catalog,
    pub(crate) id: u32,
}

handle_identity!(ResourceType);

impl ResourceType {
    fn record(&self) -> &'static super::data::ResourceTypeRecord {
        &self.catalog.resource_types[self.id as usize]
    }

    /// AWS's name for the type, e.g. `bucket` or `role`. Never an action name.
    pub fn name(&self) -> &'static str {
        self.record().name
    }

    /// The service that documents the type.
    pub fn service(&self) -> Service {
        Service {
            catalog: self.catalog,
            id: self.record().service,
        }
    }

    /// The ARN templates, e.g. `arn:${Partition}:s3:::${BucketName}`. Usually one; a few types
    /// documented on several pages have more.
    pub fn arn_formats(&self) -> impl Iterator<Item = &'static str> + 'static {
        self.record().arn_formats.split('\t')
    }

    /// The condition keys listed for the type.
    pub fn condition_keys(
        &self,
    ) -> impl ExactSizeIterator<Item = ConditionKey> + DoubleEndedIterator + 'static {
        keys_of(self.catalog, self.record().keys)
    }

    /// Whether a policy's resource ARN (which may hold `*`, `?` and `${...}` variables) can name
    /// a resource of this type. See [`ArnPattern`] for the matching rules.
    ///
    /// ```
    /// use iam_policy::catalog;
    /// let s3 = catalog::service("s3").unwrap();
    /// let (bucket, object) = (s3.resource_type("bucket").unwrap(), s3.resource_type("object").unwrap());
    /// assert!(bucket.matches_arn("arn:aws:s3:::my-bucket"));
    /// assert!(!object.matches_arn("arn:aws:s3:::my-bucket"));
    /// assert!(object.matches_arn("arn:aws:s3:::my-bucket/${aws:username}/*"));
    /// assert!(!bucket.matches_arn("arn:aws:s3:::my-bucket/*"));
    /// ```
    pub fn matches_arn(&self, arn: &str) -> bool {
        ArnPattern::new(arn).matches(*self)
    }
}

impl fmt::Debug for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ResourceType({}/{})",
            self.service().prefix(),
            self.name()
        )
    }
}

/// A condition key: a service key such as `s3:x-amz-acl`, or a global key such as
/// `aws:SourceIp`. Templated keys (`aws:RequestTag/${TagKey}`) stand for every concrete key.
#[derive(Clone, Copy)]
pub struct ConditionKey {
    pub(crate) catalog: &'static Catalog,
    pub(crate) id: u32,
}

handle_identity!(ConditionKey);

impl ConditionKey {
    fn record(&self) -> &'static super::data::KeyRecord {
        &self.catalog.keys[self.id as usize]
    }

    /// The key as AWS writes it, e.g. `s3:x-amz-acl` or `aws:RequestTag/${TagKey}`.
    pub fn name(&self) -> &'static str {
        self.record().name
    }

    /// The documented value type.
    pub fn key_type(&self) -> KeyType {
        self.record().key_type
    }

    /// Whether the key can hold several values in one request (an `ArrayOf...` type), which
    /// calls for `ForAnyValue:`/`ForAllValues:` operators.
    pub fn is_multivalued(&self) -> bool {
        self.key_type().is_multivalued()
    }

    /// Whether the key is global: usable with every action. True for the `aws:` keys of the
    /// IAM User Guide's global key list and for the cross-service keys it names (such as
    /// `ec2:SourceInstanceArn`).
    pub fn is_global(&self) -> bool {
        !matches!(self.record().origin, KeyOrigin::Service(_))
    }

    /// Whether the name is a template such as `aws:RequestTag/${TagKey}` or
    /// `s3:ExistingObjectTag/<key>`.
    pub fn is_template(&self) -> bool {
        is_template(self.name())
    }

    /// The service that lists this record; `None` for the global list.
    pub fn service(&self) -> Option<Service> {
        match self.record().origin {
            KeyOrigin::Service(id) => Some(Service {
                catalog: self.catalog,
                id,
            }),
            KeyOrigin::Global | KeyOrigin::CrossService => None,
        }
    }

    /// Whether `name` is this key: equal ignoring ASCII case, or, for a template, a concrete
    /// key that fills in the placeholder (`aws:RequestTag/team` for `aws:RequestTag/${TagKey}`).
    pub fn matches_name(&self, name: &str) -> bool {
        if self.name().eq_ignore_ascii_case(name) {
            return true;
        }
        self.is_template() && template_matches(self.name(), name)
    }
}

impl fmt::Debug for ConditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConditionKey({}: {})", self.name(), self.key_type())
    }
}

impl fmt::Display for ConditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether the concrete key `name` fills in the template `template` (case-insensitive). Each
/// `${...}` or `<...>` placeholder matches a non-empty run of characters.
pub(crate) fn template_matches(template: &str, name: &str) -> bool {
    use super::glob::{Excluded, Token, intersects};
    let bytes = template.as_bytes();
    let mut tokens = Vec::with_capacity(bytes.len());
    let mut position = 0;
    while position < bytes.len() {
        let rest = &bytes[position..];
        let close = match rest {
            [b'$', b'{', ..] => Some(b'}'),
            [b'<', ..] => Some(b'>'),
            _ => None,
        };
        let placeholder_end = close.and_then(|close| rest.iter().position(|&byte| byte == close));
        match placeholder_end {
            Some(end) => {
                tokens.push(Token::AnyOne(Excluded::NONE));
                tokens.push(Token::AnyRun(Excluded::NONE));
                position += end + 1;
            }
            None => {
                tokens.push(Token::Byte(bytes[position]));
                position += 1;
            }
        }
    }
    let literal: Vec<Token> = name.bytes().map(Token::Byte).collect();
    intersects(&tokens, &literal, true)
}

/// The value type of a condition key, as documented. Unrecognized type names (from future data)
/// are kept as [`KeyType::Unknown`] rather than rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyType {
    /// `String`.
    String,
    /// `ArrayOfString`: several strings.
    ArrayOfString,
    /// `ARN`.
    Arn,
    /// `ArrayOfARN`.
    ArrayOfArn,
    /// `Bool`.
    Bool,
    /// `ArrayOfBool`.
    ArrayOfBool,
    /// `Numeric`.
    Numeric,
    /// `ArrayOfNumeric`.
    ArrayOfNumeric,
    /// `Date`.
    Date,
    /// `ArrayOfDate`.
    ArrayOfDate,
    /// `IPAddress`.
    IpAddress,
    /// `ArrayOfIPAddress`.
    ArrayOfIpAddress,
    /// A type name this version does not know, as written in the data (empty if undocumented).
    Unknown(&'static str),
}

impl KeyType {
    const NAMES: [(KeyType, &'static str); 12] = [
        (KeyType::String, "String"),
        (KeyType::ArrayOfString, "ArrayOfString"),
        (KeyType::Arn, "ARN"),
        (KeyType::ArrayOfArn, "ArrayOfARN"),
        (KeyType::Bool, "Bool"),
        (KeyType::ArrayOfBool, "ArrayOfBool"),
        (KeyType::Numeric, "Numeric"),
        (KeyType::ArrayOfNumeric, "ArrayOfNumeric"),
        (KeyType::Date, "Date"),
        (KeyType::ArrayOfDate, "ArrayOfDate"),
        (KeyType::IpAddress, "IPAddress"),
        (KeyType::ArrayOfIpAddress, "ArrayOfIPAddress"),
    ];

    /// Reads a type name as the catalog data writes it (`ArrayOfARN`, `IPAddress`); any other
    /// name becomes [`KeyType::Unknown`].
    ///
    /// ```
    /// use iam_policy::catalog::KeyType;
    /// assert_eq!(KeyType::from_data_name("ArrayOfARN"), KeyType::ArrayOfArn);
    /// assert_eq!(KeyType::from_data_name("Widget"), KeyType::Unknown("Widget"));
    /// ```
    pub fn from_data_name(name: &'static str) -> KeyType {
        Self::NAMES
            .iter()
            .find(|(_, known)| *known == name)
            .map_or(KeyType::Unknown(name), |(key_type, _)| *key_type)
    }

    /// The data's name for the type (`ArrayOfARN`).
    pub fn name(self) -> &'static str {
        match self {
            KeyType::Unknown(name) => name,
            known => Self::NAMES
                .iter()
                .find(|(key_type, _)| *key_type == known)
                .map_or("", |(_, name)| name),
        }
    }

    /// Whether values are lists (`ArrayOf...`). Unknown types count as multivalued when their
    /// name says `ArrayOf`.
    pub fn is_multivalued(self) -> bool {
        self.name().starts_with("ArrayOf")
    }

    /// The type of one element: `ArrayOfArn` → `Arn`; single-valued types are returned as-is.
    pub fn element(self) -> KeyType {
        match self {
            KeyType::ArrayOfString => KeyType::String,
            KeyType::ArrayOfArn => KeyType::Arn,
            KeyType::ArrayOfBool => KeyType::Bool,
            KeyType::ArrayOfNumeric => KeyType::Numeric,
            KeyType::ArrayOfDate => KeyType::Date,
            KeyType::ArrayOfIpAddress => KeyType::IpAddress,
            other => other,
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyType::Unknown("") => f.write_str("unknown"),
            other => f.write_str(other.name()),
        }
    }
}

/// The full name of a catalog action, `prefix:Name`, as a typed constant.
///
/// The generated constants in [`services`](mod@crate::catalog::services) are `ActionName`s, so a
/// typo is a compile error: `services::s3::actions::GET_OBJECT` is `"s3:GetObject"`. It derefs
/// to `str` and can only be obtained from the catalog.
///
/// ```
/// use iam_policy::catalog::services::s3;
/// let name = s3::actions::GET_OBJECT;
/// assert_eq!(name.as_str(), "s3:GetObject");
/// assert!(name.starts_with("s3:"));
/// assert_eq!(name.action().unwrap().access_level().to_string(), "Read");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActionName(&'static str);

impl ActionName {
    /// For generated code and [`Action::action_name`] only: `name` must be a catalog action.
    pub(crate) const fn from_catalog(name: &'static str) -> Self {
        ActionName(name)
    }

    /// The full name, `s3:GetObject`.
    pub const fn as_str(&self) -> &'static str {
        self.0
    }

    /// The catalog entry.
    pub fn action(&self) -> Option<Action> {
        super::action(self.0)
    }
}

impl Deref for ActionName {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for ActionName {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl From<ActionName> for &'static str {
    fn from(name: ActionName) -> Self {
        name.0
    }
}

impl From<ActionName> for String {
    fn from(name: ActionName) -> Self {
        name.0.to_owned()
    }
}

impl PartialEq<str> for ActionName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ActionName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Debug for ActionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for ActionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// Finds a key by exact (case-insensitive) name in the catalog's distinct-name index.
pub(crate) fn find_key_exact(catalog: &'static Catalog, name: &str) -> Option<ConditionKey> {
    catalog
        .key_by_name
        .get(&crate::fast_hash::CaseFolded(name))
        .map(|&id| ConditionKey { catalog, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_types_parse_and_unknown_names_survive() {
        assert_eq!(KeyType::from_data_name("IPAddress"), KeyType::IpAddress);
        assert_eq!(KeyType::from_data_name("ARN").to_string(), "ARN");
        let odd = KeyType::from_data_name("ArrayOfWidget");
        assert_eq!(odd, KeyType::Unknown("ArrayOfWidget"));
        assert!(odd.is_multivalued());
        assert_eq!(odd.element(), odd);
        assert_eq!(KeyType::from_data_name("").to_string(), "unknown");
        assert!(KeyType::ArrayOfArn.is_multivalued());
        assert!(!KeyType::Arn.is_multivalued());
        assert_eq!(KeyType::ArrayOfArn.element(), KeyType::Arn);
    }

    #[test]
    fn templates_match_concrete_keys() {
        assert!(template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:requesttag/Team"
        ));
        assert!(template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/a/b:c"
        ));
        assert!(!template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/"
        ));
        assert!(template_matches(
            "s3:ExistingObjectTag/<key>",
            "s3:ExistingObjectTag/x"
        ));
        assert!(template_matches(
            "codebuild:secondaryArtifacts/${artifactIdentifier}.location",
            "codebuild:secondaryArtifacts/art1.location"
        ));
        assert!(!template_matches(
            "codebuild:secondaryArtifacts/${artifactIdentifier}.location",
            "codebuild:secondaryArtifacts/art1.type"
        ));
        assert!(template_matches("é${X}", "éz"));
    }
}
