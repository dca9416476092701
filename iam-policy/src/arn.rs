//! Small value types: [`AccountId`], [`Partition`] and [`Arn`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// A 12-digit AWS account id, such as `123456789012`.
///
/// ```
/// use iam_policy::AccountId;
/// let id: AccountId = "123456789012".parse().unwrap();
/// assert_eq!(id.root_arn(iam_policy::Partition::Aws).to_string(), "arn:aws:iam::123456789012:root");
/// assert!("12345".parse::<AccountId>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId([u8; 12]);

impl AccountId {
    /// Parses an account id: exactly 12 ASCII digits.
    pub fn new(value: &str) -> Result<Self, Error> {
        let bytes = value.as_bytes();
        if bytes.len() != 12 {
            return Err(Error::InvalidAccountId {
                value: value.to_owned(),
                reason: "an account id has exactly 12 digits",
            });
        }
        if !bytes.iter().all(u8::is_ascii_digit) {
            return Err(Error::InvalidAccountId {
                value: value.to_owned(),
                reason: "an account id has only the digits 0-9",
            });
        }
        let mut digits = [0u8; 12];
        digits.copy_from_slice(bytes);
        Ok(Self(digits))
    }

    /// The 12 digits as a string slice.
    pub fn as_str(&self) -> &str {
        // The constructor admits only ASCII digits.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The ARN of the account principal, `arn:PARTITION:iam::ID:root` (the whole account, not its root user).
    pub fn root_arn(&self, partition: Partition) -> Arn {
        Arn::new(partition.as_str(), "iam", "", self.as_str(), "root")
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AccountId {
    type Err = Error;
    fn from_str(value: &str) -> Result<Self, Error> {
        Self::new(value)
    }
}

impl Serialize for AccountId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AccountId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::new(&text).map_err(serde::de::Error::custom)
    }
}

/// An AWS partition: the first field of every ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Partition {
    /// `aws`: the commercial regions.
    #[default]
    Aws,
    /// `aws-cn`: the China regions.
    AwsCn,
    /// `aws-us-gov`: AWS GovCloud (US).
    AwsUsGov,
    /// `aws-iso`: US ISO East.
    AwsIso,
    /// `aws-iso-b`: US ISOB East.
    AwsIsoB,
    /// `aws-iso-e`: EU ISOE West.
    AwsIsoE,
    /// `aws-iso-f`: US ISOF.
    AwsIsoF,
    /// `aws-eusc`: the AWS European Sovereign Cloud.
    AwsEusc,
}

impl Partition {
    /// Every partition, in a fixed order.
    pub const ALL: [Partition; 8] = [
        Partition::Aws,
        Partition::AwsCn,
        Partition::AwsUsGov,
        Partition::AwsIso,
        Partition::AwsIsoB,
        Partition::AwsIsoE,
        Partition::AwsIsoF,
        Partition::AwsEusc,
    ];

    /// The partition's name as it appears in ARNs.
    pub fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
            Partition::AwsIso => "aws-iso",
            Partition::AwsIsoB => "aws-iso-b",
            Partition::AwsIsoE => "aws-iso-e",
            Partition::AwsIsoF => "aws-iso-f",
            Partition::AwsEusc => "aws-eusc",
        }
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Partition {
    type Err = Error;
    fn from_str(value: &str) -> Result<Self, Error> {
        Partition::ALL
            .into_iter()
            .find(|partition| partition.as_str() == value)
            .ok_or_else(|| Error::UnknownPartition {
                value: value.to_owned(),
            })
    }
}

impl Serialize for Partition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Partition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// An Amazon Resource Name, `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, as written in a policy.
///
/// Every field is kept as written: it may hold the wildcards `*` and `?` and policy variables
/// such as `${aws:username}` (a `:` inside `${...}` does not split fields). The resource field
/// may itself contain `:` and `/`.
///
/// ```
/// use iam_policy::Arn;
/// let arn: Arn = "arn:aws:s3:::my-bucket/${aws:username}/*".parse().unwrap();
/// assert_eq!(arn.service(), "s3");
/// assert_eq!(arn.region(), "");
/// assert_eq!(arn.resource(), "my-bucket/${aws:username}/*");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Arn {
    text: String,
    // Byte offsets of the five `:` separators in `text`.
    separators: [usize; 5],
}

impl Arn {
    /// Builds an ARN from its fields. Fields are taken as given; use [`Arn::from_str`] to check a string.
    pub fn new(
        partition: &str,
        service: &str,
        region: &str,
        account: &str,
        resource: &str,
    ) -> Self {
        let text = format!("arn:{partition}:{service}:{region}:{account}:{resource}");
        let mut separators = [0usize; 5];
        let mut offset = 3;
        for (slot, field) in separators
            .iter_mut()
            .zip([partition, service, region, account])
        {
            *slot = offset;
            offset += 1 + field.len();
        }
        separators[4] = offset;
        Self { text, separators }
    }

    /// The ARN of an IAM role, `arn:PARTITION:iam::ACCOUNT:role/NAME`; `name` may carry a path
    /// (`team/admin`).
    ///
    /// ```
    /// use iam_policy::{Arn, Partition};
    /// let role = Arn::iam_role(Partition::Aws, "222222222222".parse()?, "admin");
    /// assert_eq!(role.as_str(), "arn:aws:iam::222222222222:role/admin");
    /// # Ok::<(), iam_policy::Error>(())
    /// ```
    pub fn iam_role(partition: Partition, account: AccountId, name: &str) -> Arn {
        Arn::new(
            partition.as_str(),
            "iam",
            "",
            account.as_str(),
            &format!("role/{name}"),
        )
    }

    /// The whole ARN as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn field(&self, index: usize) -> &str {
        let start = self.separators[index] + 1;
        let end = self
            .separators
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        &self.text[start..end]
    }

    /// The partition field, e.g. `aws`.
    pub fn partition(&self) -> &str {
        self.field(0)
    }

    /// The partition, when the field names a known one (not a wildcard or variable).
    pub fn known_partition(&self) -> Option<Partition> {
        self.partition().parse().ok()
    }

    /// The service field, e.g. `s3`.
    pub fn service(&self) -> &str {
        self.field(1)
    }

    /// The region field; empty for global services.
    pub fn region(&self) -> &str {
        self.field(2)
    }

    /// The account field; empty for services such as S3.
    pub fn account(&self) -> &str {
        self.field(3)
    }

    /// The account field as an [`AccountId`], when it is exactly 12 digits.
    pub fn account_id(&self) -> Option<AccountId> {
        AccountId::new(self.account()).ok()
    }

    /// Everything after the fifth `:`.
    pub fn resource(&self) -> &str {
        &self.text[self.separators[4] + 1..]
    }

    /// Whether any field holds a `*` or `?` wildcard outside policy variables.
    pub fn has_wildcard(&self) -> bool {
        crate::variables::has_wildcard_outside_variables(&self.text)
    }

    /// Whether the ARN contains a policy variable `${...}`.
    pub fn has_variable(&self) -> bool {
        self.text.contains("${")
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Arn {
    type Err = Error;

    /// Parses `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`: six fields, a non-empty partition
    /// and service; `:` inside `${...}` does not count as a separator. (AWS itself publishes
    /// policies with an empty resource field, such as `arn:aws:organizations::*:`.)
    fn from_str(value: &str) -> Result<Self, Error> {
        let invalid = |reason: &str| Error::InvalidArn {
            value: value.to_owned(),
            reason: reason.to_owned(),
        };
        if !value.starts_with("arn:") {
            return Err(invalid("an ARN starts with `arn:`"));
        }
        let mut separators = [0usize; 5];
        let mut found = 0;
        let mut depth = 0usize;
        let bytes = value.as_bytes();
        let mut index = 3;
        while index < bytes.len() && found < 5 {
            match bytes[index] {
                b'$' if bytes.get(index + 1) == Some(&b'{') => {
                    depth += 1;
                    index += 1;
                }
                b'}' if depth > 0 => depth -= 1,
                b':' if depth == 0 => {
                    separators[found] = index;
                    found += 1;
                }
                _ => {}
            }
            index += 1;
        }
        if found < 5 {
            return Err(invalid(
                "an ARN has six fields: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE",
            ));
        }
        let arn = Self {
            text: value.to_owned(),
            separators,
        };
        if arn.partition().is_empty() {
            return Err(invalid("the partition field is empty"));
        }
        if arn.service().is_empty() {
            return Err(invalid("the service field is empty"));
        }
        Ok(arn)
    }
}

impl Serialize for Arn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Arn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_id_requires_twelve_digits() {
        assert!(AccountId::new("123456789012").is_ok());
        assert!(AccountId::new("12345678901").is_err());
        assert!(AccountId::new("1234567890123").is_err());
        assert!(AccountId::new("12345678901a").is_err());
        assert!(AccountId::new("１２３456789012").is_err());
    }

    #[test]
    fn arn_fields() {
        let arn: Arn = "arn:aws:iam::123456789012:role/path/admin".parse().unwrap();
        assert_eq!(arn.partition(), "aws");
        assert_eq!(arn.known_partition(), Some(Partition::Aws));
        assert_eq!(arn.service(), "iam");
        assert_eq!(arn.region(), "");
        assert_eq!(arn.account(), "123456789012");
        assert_eq!(arn.resource(), "role/path/admin");
        assert_eq!(arn.account_id().unwrap().as_str(), "123456789012");
    }

    #[test]
    fn arn_resource_keeps_colons_and_variables_do_not_split() {
        let arn: Arn = "arn:aws:logs:us-east-1:${aws:PrincipalAccount}:log-group:/x:*"
            .parse()
            .unwrap();
        assert_eq!(arn.account(), "${aws:PrincipalAccount}");
        assert_eq!(arn.resource(), "log-group:/x:*");
        assert!(arn.has_variable());
        assert!(arn.has_wildcard());
    }

    #[test]
    fn arn_rejects_malformed() {
        for bad in [
            "",
            "*",
            "arn:aws:s3",
            "aws:s3:::bucket",
            "arn::s3:::b",
            "arn:aws::::x",
        ] {
            assert!(bad.parse::<Arn>().is_err(), "{bad}");
        }
        assert_eq!(
            "arn:aws:organizations::*:"
                .parse::<Arn>()
                .unwrap()
                .resource(),
            ""
        );
    }

    #[test]
    fn arn_new_matches_parse() {
        let built = Arn::new(
            "aws-cn",
            "ec2",
            "cn-north-1",
            "123456789012",
            "instance/i-1",
        );
        let parsed: Arn = built.as_str().parse().unwrap();
        assert_eq!(built, parsed);
        assert_eq!(parsed.region(), "cn-north-1");
    }
}
