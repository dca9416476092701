//! The rules for the strings of a layout, in one place: IAM names and paths, account names,
//! aliases and root emails, OU names, the organization's id, the log bucket's name, role session
//! names, Region names, AWS managed policy references, tag characters and free text.
//! [`checks`](crate::checks) reports what breaks them; the renderers rely on the same functions,
//! so that what a check accepts is what a renderer uses.
//!
//! Every string field of a layout, where it goes, and what guards it: a check of its meaning
//! (rendering is refused while a check reports an ERROR), escaping for the file's format, or
//! both. JSON files are written by `serde_json`, which escapes every string.
//!
//! | Field | Reaches | Guarded by |
//! |---|---|---|
//! | `organization.name` | `manifest.json`; the title of `switch-roles.md`; comments of `aws-config/` and `aws-extend-switch-roles/` files; the extension's base section (as a slug); diagram labels; the default log bucket name (reduced to `a-z0-9-`) | ORG048 (1–128 characters, no control or bidi characters); escaped for Markdown, INI comments, Mermaid, DOT |
//! | `organization.management_account` | nothing (a reference) | ORG001 |
//! | `organization.default_region` | `baseline.json`, `bucket.json`, trail ARNs in the bucket policy, `region` in INI files | ORG044 ([`region_problem`]), ORG045 ([`known_regions`]); INI files leave out what is not a Region of the partition |
//! | `organization.id` | the bucket policy's `aws:SourceOrgID` | ORG043 ([`is_organization_id`]) |
//! | `organizational_unit.path`, `account.ou` | diagram labels | ORG018–ORG022 (ORG021: [`is_ou_name`]); escaped labels |
//! | `account.name` | file paths, profile and section names, ARNs, Markdown, diagrams | ORG010, ORG011 ([`is_account_name`]); renderers skip other names |
//! | `account.email` | AWS only (`CreateAccount`) | ORG012, ORG013 ([`email_problem`]) |
//! | `account.alias` | sign-in URLs in `switch-roles.md`, `aws_account_id` of the extension | ORG014, ORG015 ([`alias_problem`]); renderers use the id for an invalid alias |
//! | `account.tags` | AWS only | ORG016, ORG047 ([`tag_character_problem`]) |
//! | `baseline.waivers[].reason` | `baseline.json` | ORG007, ORG049 ([`text_problem`]) |
//! | `group.name`, `user.name`, `role.name` | file paths, ARNs, INI sections and values, Markdown, diagrams; a JUMP user's name is the role session name every trust policy requires | ORG029, ORG030 ([`is_iam_name`]); ORG092 for JUMP users ([`role_session_name_problem`]); renderers skip other names; `role_session_name` in `aws-config/` only when [`is_role_session_name`] |
//! | `group.path`, `user.path`, `role.path` | ARNs in JSON and INI files, switch-role URLs (percent-encoded) | ORG031, ORG032 ([`is_iam_path`]); INI values on one line |
//! | `group.allow_assume_any_role`, `role.trust.mfa_waiver` | nothing (diagrams say "no MFA") | ORG026, ORG027, ORG049 |
//! | `user.account`, `user.groups`, `grant.group`, `grant.role`, `grant.accounts` | nothing (references) | ORG005, ORG023 |
//! | `permissions[].customer`, `permissions[].inline` | file names under `policies/`, `role.json`, `group.json` | ORG033, ORG034; renderers skip other names |
//! | `permissions[].aws_managed` | policy ARNs in `role.json` and `group.json` | ORG046 ([`aws_managed_problem`]) |
//! | `permissions[].policy` | policy JSON files | ORG040 (the validator: IAM's characters and grammar), ORG041 |
//! | `baseline.log_bucket` | `bucket.json`, `baseline.json`, the bucket policy | ORG042 ([`bucket_name_problem`]) |
//!
//! ```
//! use iam_policy::Partition;
//! use org_model::names;
//!
//! assert!(names::is_alias("example-prd"));
//! assert!(!names::is_alias("example--prd"));
//! assert_eq!(names::region_partition("cn-north-1"), Some(Partition::AwsCn));
//! assert!(names::region_problem("eu-west-1\n[profile evil]", Partition::Aws).is_some());
//! assert!(names::aws_managed_problem("job-function/ViewOnlyAccess").is_none());
//! assert!(names::aws_managed_problem("../../x").is_some());
//! assert_eq!(names::escape("a\u{202e}b\n"), "a\\u{202e}b\\n");
//! ```

use std::borrow::Cow;

use iam_policy::Partition;

/// The characters IAM allows in role, user, group and policy names, besides ASCII letters and
/// digits.
const IAM_NAME_PUNCTUATION: &str = "+=,.@_-";

/// Whether `c` must not appear as written in text meant for people or in a line-based file:
/// control characters (newlines included), the Unicode line and paragraph separators, and the
/// bidirectional formatting characters that can make text display in another order than it is
/// read ("Trojan Source").
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every [unsafe character](is_unsafe_char) written as an escape: `\n`, `\r`, `\t`,
/// otherwise `\u{202e}`; everything else as is.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            c if is_unsafe_char(c) => escaped.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// Whether `name` is an IAM name of at most `max` characters: `[A-Za-z0-9+=,.@_-]`, 1 or more
/// (64 for roles and users, 128 for groups and policies).
pub fn is_iam_name(name: &str, max: usize) -> bool {
    (1..=max).contains(&name.len())
        && name.bytes().all(|byte| {
            byte.is_ascii_alphanumeric() || IAM_NAME_PUNCTUATION.as_bytes().contains(&byte)
        })
}

/// Whether `path` is an IAM path: `/`, or `/…/` of 1–512 printable ASCII characters.
pub fn is_iam_path(path: &str) -> bool {
    (1..=512).contains(&path.len())
        && path.starts_with('/')
        && path.ends_with('/')
        && path.bytes().all(|byte| byte.is_ascii_graphic())
}

/// Whether `name` is a layout account name: 1–50 characters of `A-Za-z0-9_-` (it appears in
/// profile names, file paths and URLs).
pub fn is_account_name(name: &str) -> bool {
    (1..=50).contains(&name.len())
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
}

/// What is wrong with a root email address, if anything: AWS accepts 6–64 characters of the
/// form `local@domain.tld`, without whitespace; control and bidirectional formatting characters
/// are refused too.
pub fn email_problem(email: &str) -> Option<&'static str> {
    let length = email.chars().count();
    if email.chars().any(char::is_whitespace) {
        return Some("contains whitespace");
    }
    if email.chars().any(is_unsafe_char) {
        return Some("contains a control or bidirectional formatting character");
    }
    if !(6..=64).contains(&length) {
        return Some("is not 6–64 characters");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Some("has no `@`");
    };
    if domain.contains('@') {
        return Some("has more than one `@`");
    }
    if local.is_empty() {
        return Some("has nothing before the `@`");
    }
    if !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return Some("has no domain of dot-separated names after the `@`");
    }
    None
}

/// What is wrong with an account alias, if anything: IAM's rule is 3–63 lowercase letters,
/// digits and `-`, not starting or ending with `-`, without two `-` in a row, and not 12 digits
/// (which reads as an account id).
pub fn alias_problem(alias: &str) -> Option<&'static str> {
    if !(3..=63).contains(&alias.len()) {
        return Some("is not 3–63 characters");
    }
    if !alias
        .bytes()
        .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
    {
        return Some("has characters other than lowercase letters, digits and `-`");
    }
    if alias.starts_with('-') || alias.ends_with('-') {
        return Some("starts or ends with `-`");
    }
    if alias.contains("--") {
        return Some("has two `-` in a row");
    }
    if alias.len() == 12 && alias.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some("is 12 digits, which reads as an account id");
    }
    None
}

/// Whether `alias` is a valid account alias ([`alias_problem`] finds nothing).
pub fn is_alias(alias: &str) -> bool {
    alias_problem(alias).is_none()
}

/// Whether `name` is the name of an organizational unit: 1–128 characters of `A-Za-z0-9`,
/// spaces, `_`, `.` and `-` (`/` separates the names of an OU path).
pub fn is_ou_name(name: &str) -> bool {
    (1..=128).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-'))
}

/// Whether `id` is an organization id: `o-` and 10–32 lowercase letters or digits.
pub fn is_organization_id(id: &str) -> bool {
    let digits = id.strip_prefix("o-").unwrap_or("");
    (10..=32).contains(&digits.len())
        && digits
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Whether `name` is a role session name (`RoleSessionName`): 2–64 characters of
/// `[A-Za-z0-9+=,.@_-]`.
pub fn is_role_session_name(name: &str) -> bool {
    role_session_name_problem(name).is_none()
}

/// What keeps `name` from being a role session name (`RoleSessionName` of `AssumeRole`: 2–64
/// characters of `[A-Za-z0-9+=,.@_-]`), if anything. Every role that trusts JUMP requires the
/// session name to be the IAM user's name, and the console uses that name as the session name,
/// so a JUMP user's name must be one.
pub fn role_session_name_problem(name: &str) -> Option<String> {
    let length = name.chars().count();
    if !(2..=64).contains(&length) {
        let unit = if length == 1 {
            "character"
        } else {
            "characters"
        };
        return Some(format!("is {length} {unit} long, not 2–64"));
    }
    name.chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || IAM_NAME_PUNCTUATION.contains(c)))
        .map(|c| {
            format!(
                "contains `{}`; only letters, digits and `+=,.@_-` are allowed",
                escape(c.encode_utf8(&mut [0; 4]))
            )
        })
}

/// Why `name` is not a valid S3 general purpose bucket name, or `None` when it is (AWS's
/// naming rules: 3-63 characters of lowercase letters, digits, `.` and `-`; starting and ending
/// with a letter or digit; no `..`; not an IP address; no reserved prefix or suffix).
pub fn bucket_name_problem(name: &str) -> Option<String> {
    if !(3..=63).contains(&name.len()) {
        return Some(format!("is {} characters long, not 3-63", name.len()));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
    {
        return Some(format!(
            "contains `{}`; only lowercase letters, digits, `.` and `-` are allowed",
            c.escape_default()
        ));
    }
    let alphanumeric = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !alphanumeric(name.chars().next()) || !alphanumeric(name.chars().last()) {
        return Some("must begin and end with a letter or digit".to_owned());
    }
    if name.contains("..") {
        return Some("has two adjacent periods".to_owned());
    }
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return Some("is formatted as an IP address".to_owned());
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if name.starts_with(prefix) {
            return Some(format!("starts with the reserved prefix `{prefix}`"));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if name.ends_with(suffix) {
            return Some(format!("ends with the reserved suffix `{suffix}`"));
        }
    }
    None
}

/// Region name shapes by partition, as AWS's endpoint data states them: the leading `-`-parts,
/// then one word of lowercase letters, then a number (`eu-west-1`, `us-gov-west-1`).
const REGION_SHAPES: &[(Partition, &[&str])] = &[
    (Partition::Aws, &["us"]),
    (Partition::Aws, &["eu"]),
    (Partition::Aws, &["ap"]),
    (Partition::Aws, &["sa"]),
    (Partition::Aws, &["ca"]),
    (Partition::Aws, &["me"]),
    (Partition::Aws, &["af"]),
    (Partition::Aws, &["il"]),
    (Partition::Aws, &["mx"]),
    (Partition::AwsCn, &["cn"]),
    (Partition::AwsUsGov, &["us", "gov"]),
    (Partition::AwsIso, &["us", "iso"]),
    (Partition::AwsIsoB, &["us", "isob"]),
    (Partition::AwsIsoE, &["eu", "isoe"]),
    (Partition::AwsIsoF, &["us", "isof"]),
    (Partition::AwsEusc, &["eusc", "de"]),
];

/// The partition whose Region name grammar `region` follows, or `None` when it is no Region
/// name (`eu-west-1` → `aws`, `cn-north-1` → `aws-cn`, `us-gov-west-1` → `aws-us-gov`).
pub fn region_partition(region: &str) -> Option<Partition> {
    let parts: Vec<&str> = region.split('-').collect();
    let (number, rest) = parts.split_last()?;
    let (word, prefix) = rest.split_last()?;
    let is_number =
        !number.is_empty() && number.len() <= 3 && number.bytes().all(|byte| byte.is_ascii_digit());
    let is_word = !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_lowercase());
    if !is_number || !is_word {
        return None;
    }
    REGION_SHAPES
        .iter()
        .find(|(_, shape)| *shape == prefix)
        .map(|(partition, _)| *partition)
}

/// The Regions jumpgate knows of each partition (new ones open from time to time: a Region
/// that is not listed but has the right shape is a warning, not an error).
pub fn known_regions(partition: Partition) -> &'static [&'static str] {
    match partition {
        Partition::Aws => &[
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-south-1",
            "ap-south-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "eu-south-1",
            "eu-south-2",
            "eu-north-1",
            "il-central-1",
            "me-south-1",
            "me-central-1",
            "mx-central-1",
            "sa-east-1",
        ],
        Partition::AwsCn => &["cn-north-1", "cn-northwest-1"],
        Partition::AwsUsGov => &["us-gov-west-1", "us-gov-east-1"],
        Partition::AwsIso => &["us-iso-east-1", "us-iso-west-1"],
        Partition::AwsIsoB => &["us-isob-east-1"],
        Partition::AwsIsoE => &["eu-isoe-west-1"],
        Partition::AwsIsoF => &["us-isof-south-1", "us-isof-east-1"],
        Partition::AwsEusc => &["eusc-de-east-1"],
    }
}

/// What is wrong with `region` as a Region of `partition`, if anything: it must have the shape
/// of the partition's Region names (see [`region_partition`]).
pub fn region_problem(region: &str, partition: Partition) -> Option<String> {
    match region_partition(region) {
        Some(found) if found == partition => None,
        Some(found) => Some(format!(
            "is a Region of partition `{}`, not `{}`",
            found.as_str(),
            partition.as_str()
        )),
        None => Some(format!(
            "is not a Region name of partition `{}` (such as `{}`)",
            partition.as_str(),
            known_regions(partition)[0]
        )),
    }
}

/// What is wrong with a reference to an AWS managed policy, if anything: `NAME` or
/// `PATH/NAME` (`ReadOnlyAccess`, `job-function/ViewOnlyAccess`), where the name is an IAM
/// policy name (1–128 of `[A-Za-z0-9+=,.@_-]`) and each path segment is one or more of the same
/// characters but not `.` or `..`, the path (with its slashes) at most 512 characters.
pub fn aws_managed_problem(reference: &str) -> Option<String> {
    if reference.starts_with("arn:") {
        return Some(
            "is an ARN; name the policy, with its path if it has one (e.g. \
             `job-function/ViewOnlyAccess`)"
                .to_owned(),
        );
    }
    if reference.starts_with('/') {
        return Some("starts with `/`; write the path without it".to_owned());
    }
    let (path, name) = reference.rsplit_once('/').unwrap_or(("", reference));
    if !is_iam_name(name, 128) {
        return Some(format!(
            "has the policy name `{}`, which is not 1–128 letters, digits and `+=,.@_-`",
            escape(name)
        ));
    }
    if path.is_empty() {
        return None;
    }
    if path.len() + 2 > 512 {
        return Some(format!(
            "has a path of {} characters; at most 512",
            path.len() + 2
        ));
    }
    for segment in path.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." || !is_iam_name(segment, 512) {
            return Some(format!(
                "has the path segment `{}`, which is not one or more letters, digits and \
                 `+=,.@_-` (nor `.` or `..`)",
                escape(segment)
            ));
        }
    }
    None
}

/// The first character of a tag key or value that AWS does not allow: allowed are letters,
/// digits and spaces in any script, and `_ . : / = + - @`.
pub fn tag_character_problem(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        let space = c.is_whitespace() && !is_unsafe_char(c);
        !(c.is_alphanumeric() || space || "_.:/=+-@".contains(c))
    })
}

/// What is wrong with free text (an organization name, a reason), if anything: longer than
/// `max` characters, or holding a control, line-separator or bidirectional formatting
/// character.
pub fn text_problem(text: &str, max: usize) -> Option<String> {
    let length = text.chars().count();
    if length > max {
        return Some(format!("is {length} characters long; at most {max}"));
    }
    text.chars().find(|&c| is_unsafe_char(c)).map(|c| {
        format!(
            "contains the control or bidirectional formatting character `{}`",
            escape(c.encode_utf8(&mut [0; 4]))
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email_problem("aws+prd@example.com"), None);
        for bad in [
            "a b@example.com",
            "a@b@example.com",
            "@example.com",
            "abc@example",
            "abc@example.",
            "ab\u{202e}c@example.com",
            "ab\u{1}c@example.com",
        ] {
            assert!(email_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn aliases() {
        assert_eq!(alias_problem("example-prd"), None);
        assert_eq!(alias_problem("1234567890123"), None);
        for bad in [
            "ab",
            "-abc",
            "abc-",
            "a--b",
            "Abc",
            "123456789012",
            "a_b",
            "a.b",
        ] {
            assert!(alias_problem(bad).is_some(), "{bad}");
            assert!(!is_alias(bad), "{bad}");
        }
    }

    #[test]
    fn iam_names_and_paths() {
        assert!(is_iam_name("a+b=c,d.e@f_g-h", 64));
        assert!(!is_iam_name("", 64));
        assert!(!is_iam_name(&"a".repeat(65), 64));
        assert!(!is_iam_name("a b", 64));
        assert!(!is_iam_name("é", 64));
        assert!(is_iam_path("/"));
        assert!(is_iam_path("/a/b/"));
        assert!(!is_iam_path("/a"));
        assert!(!is_iam_path("/a b/"));
        assert!(!is_iam_path("/a\n/"));
        assert!(is_account_name("PRD_1-x"));
        assert!(!is_account_name("a.b"));
    }

    #[test]
    fn bucket_names_follow_the_s3_rules() {
        for (name, problem) in [
            ("ab", "3-63"),
            ("Logs", "`L`"),
            ("-logs", "begin and end"),
            ("logs.", "begin and end"),
            ("a..b", "adjacent"),
            ("192.168.5.4", "IP address"),
            ("xn--logs", "prefix"),
            ("logs-s3alias", "suffix"),
        ] {
            let found = bucket_name_problem(name).unwrap_or_default();
            assert!(found.contains(problem), "{name}: {found}");
        }
        assert_eq!(bucket_name_problem("example-logs-100000000002"), None);
    }

    #[test]
    fn ou_names_organization_ids_and_role_session_names() {
        assert!(is_ou_name("Sec. ur_ity-1"));
        assert!(is_ou_name(&"a".repeat(128)));
        for bad in ["", "a/b", "a\tb", "é", &"a".repeat(129)] {
            assert!(!is_ou_name(bad), "{bad:?}");
        }
        assert!(is_organization_id("o-a1b2c3d4e5"));
        assert!(is_organization_id(&format!("o-{}", "a".repeat(32))));
        for bad in [
            "",
            "o-",
            "o-a1b2c3d4e",
            "O-a1b2c3d4e5",
            "o-A1B2C3D4E5",
            "a1b2c3d4e5f6",
        ] {
            assert!(!is_organization_id(bad), "{bad:?}");
        }
        assert!(!is_organization_id(&format!("o-{}", "a".repeat(33))));
        assert!(is_role_session_name("al"));
        assert!(is_role_session_name("a+b=c,d.e@f_g-h"));
        assert!(is_role_session_name(&"a".repeat(64)));
        for bad in ["", "a", "a b", "a/b", "é", &"a".repeat(65)] {
            assert!(!is_role_session_name(bad), "{bad:?}");
        }
        assert_eq!(
            role_session_name_problem("a").as_deref(),
            Some("is 1 character long, not 2–64")
        );
        assert_eq!(
            role_session_name_problem(&"a".repeat(65)).as_deref(),
            Some("is 65 characters long, not 2–64")
        );
        assert_eq!(
            role_session_name_problem("a\u{202e}b").as_deref(),
            Some("contains `\\u{202e}`; only letters, digits and `+=,.@_-` are allowed")
        );
    }

    #[test]
    fn regions_follow_their_partitions_grammar() {
        for (region, partition) in [
            ("us-east-1", Partition::Aws),
            ("ap-southeast-7", Partition::Aws),
            ("cn-northwest-1", Partition::AwsCn),
            ("us-gov-west-1", Partition::AwsUsGov),
            ("us-iso-east-1", Partition::AwsIso),
            ("us-isob-east-1", Partition::AwsIsoB),
            ("eu-isoe-west-1", Partition::AwsIsoE),
            ("us-isof-south-1", Partition::AwsIsoF),
            ("eusc-de-east-1", Partition::AwsEusc),
        ] {
            assert_eq!(region_partition(region), Some(partition), "{region}");
            assert_eq!(region_problem(region, partition), None, "{region}");
        }
        for bad in [
            "",
            "eu-west",
            "eu-west-",
            "eu-West-1",
            "xx-west-1",
            "eu-west-1a",
            "eu-west-1\n",
            "eu-west-1\n[profile evil]",
            "eu--1",
            "eu-west-1-2",
        ] {
            assert_eq!(region_partition(bad), None, "{bad:?}");
        }
        assert_eq!(
            region_problem("cn-north-1", Partition::Aws).as_deref(),
            Some("is a Region of partition `aws-cn`, not `aws`")
        );
        for partition in Partition::ALL {
            for region in known_regions(partition) {
                assert_eq!(region_partition(region), Some(partition), "{region}");
            }
        }
    }

    #[test]
    fn aws_managed_references() {
        for good in [
            "ReadOnlyAccess",
            "job-function/ViewOnlyAccess",
            "service-role/AWSConfigRole",
            "aws-service-role/AWSSupportServiceRolePolicy",
        ] {
            assert_eq!(aws_managed_problem(good), None, "{good}");
        }
        for bad in [
            "",
            "../../x\n[profile evil]",
            "../x",
            "a/./x",
            "a//x",
            "/job-function/ViewOnlyAccess",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "Read Only",
            "x/",
        ] {
            assert!(aws_managed_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn tags_and_text() {
        assert_eq!(tag_character_problem("Cost Center: ÉQUIPE/42 +-=._@"), None);
        assert_eq!(tag_character_problem("a\nb"), Some('\n'));
        assert_eq!(tag_character_problem("a<b"), Some('<'));
        assert_eq!(tag_character_problem("a\u{2028}b"), Some('\u{2028}'));
        assert_eq!(text_problem("Acme \"Prod\" <#1>", 128), None);
        assert!(text_problem("a\u{202e}b", 128).is_some());
        assert!(text_problem("a\nb", 128).is_some());
        assert!(text_problem("abc", 2).is_some());
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("a\tb\r\u{1b}\u{2066}"), "a\\tb\\r\\u{1b}\\u{2066}");
    }
}
