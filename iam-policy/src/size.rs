//! Policy size as AWS counts it against its quotas.
//!
//! IAM counts identity, inline and trust policies **without whitespace**; AWS Organizations
//! counts **every character** of an SCP or RCP. Counts are in characters, not bytes.

use crate::Policy;

/// How to count a document's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SizeRule {
    /// IAM's rule for identity, inline, managed and trust policies: whitespace is not counted.
    IgnoreWhitespace,
    /// Organizations' rule for SCPs and RCPs: every character counts.
    CountEverything,
}

/// IAM and Organizations quotas on policy size, in characters.
pub mod quotas {
    /// A customer managed policy (not adjustable; whitespace not counted).
    pub const MANAGED_POLICY: usize = 6_144;
    /// All inline policies of one IAM user together.
    pub const INLINE_USER: usize = 2_048;
    /// All inline policies of one IAM group together.
    pub const INLINE_GROUP: usize = 5_120;
    /// All inline policies of one IAM role together.
    pub const INLINE_ROLE: usize = 10_240;
    /// A role trust policy, by default (adjustable to 4,096 by a quota increase).
    pub const ROLE_TRUST_POLICY: usize = 2_048;
    /// A service control policy (whitespace counted): 10,240 since AWS doubled the SCP quotas
    /// on 15 May 2026 (5,120 before), in every partition.
    pub const SERVICE_CONTROL_POLICY: usize = 10_240;
    /// A resource control policy (whitespace counted); the May 2026 change named SCPs only.
    pub const RESOURCE_CONTROL_POLICY: usize = 5_120;
    /// SCPs attached directly to one root, OU or account (`FullAWSAccess` included; inherited
    /// ones do not count): 10 since 15 May 2026 (5 before).
    pub const SCPS_PER_TARGET: usize = 10;
    /// RCPs attached directly to one root, OU or account (`RCPFullAWSAccess` included).
    pub const RCPS_PER_TARGET: usize = 5;
}

/// The size of a document given as text, as AWS would count the text submitted.
pub fn text_size(text: &str, rule: SizeRule) -> usize {
    match rule {
        SizeRule::IgnoreWhitespace => text.chars().filter(|c| !c.is_whitespace()).count(),
        SizeRule::CountEverything => text.chars().count(),
    }
}

/// The size of a policy as jumpgate submits it (compact JSON, as `serde_json::to_string` writes it).
///
/// ```
/// use iam_policy::{Policy, size::{policy_size, SizeRule}};
/// let policy = Policy::from_json(r#"{ "Version": "2012-10-17", "Statement": [] }"#).unwrap();
/// assert_eq!(policy_size(&policy, SizeRule::IgnoreWhitespace), 39);
/// ```
pub fn policy_size(policy: &Policy, rule: SizeRule) -> usize {
    let compact = serde_json::to_string(policy).unwrap_or_default();
    text_size(&compact, rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_counts_only_for_organizations() {
        let text = "{ \"a\" :\n\t\"b c\" }";
        assert_eq!(text_size(text, SizeRule::IgnoreWhitespace), 10);
        assert_eq!(text_size(text, SizeRule::CountEverything), 16);
        assert_eq!(text_size("é", SizeRule::CountEverything), 1);
    }
}
