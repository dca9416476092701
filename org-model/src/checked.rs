//! A layout that passed [`check`](crate::checks::check): the type that proves it.
//!
//! Whatever plans or applies a layout against AWS takes a [`CheckedLayout`], and the only way to
//! make one is [`CheckedLayout::check`], which runs every built-in rule and refuses a layout with
//! an `ERROR` finding. Warnings and suggestions travel with it ([`CheckedLayout::report`]).
//!
//! ```
//! use org_model::{CheckedLayout, seed};
//! let checked = CheckedLayout::check(seed::landing_zone())?;
//! assert_eq!(checked.accounts.len(), 9);
//!
//! let mut broken = seed::landing_zone();
//! broken.organization.management_account = "NOBODY".to_owned();
//! let rejected = CheckedLayout::check(broken).unwrap_err();
//! assert_eq!(rejected.report().with_code("ORG001").count(), 1);
//! # Ok::<(), org_model::RejectedLayout>(())
//! ```

use std::fmt;
use std::ops::Deref;

use crate::Layout;
use crate::checks::{CheckReport, Severity, check};

/// A [`Layout`] without `ERROR` findings. It reads as the layout it holds (it dereferences to
/// it) and cannot be changed: a changed layout has to be checked again.
#[derive(Debug, Clone)]
pub struct CheckedLayout {
    layout: Layout,
    report: CheckReport,
}

impl CheckedLayout {
    /// Checks `layout` against every built-in rule; refuses it when any finding is an `ERROR`.
    pub fn check(layout: Layout) -> Result<Self, RejectedLayout> {
        let report = check(&layout);
        if report.has_errors() {
            Err(RejectedLayout {
                layout: Box::new(layout),
                report,
            })
        } else {
            Ok(Self { layout, report })
        }
    }

    /// The layout.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The findings of the check: warnings and suggestions only.
    pub fn report(&self) -> &CheckReport {
        &self.report
    }

    /// The layout, giving up the proof.
    pub fn into_layout(self) -> Layout {
        self.layout
    }
}

impl Deref for CheckedLayout {
    type Target = Layout;

    fn deref(&self) -> &Layout {
        &self.layout
    }
}

impl AsRef<Layout> for CheckedLayout {
    fn as_ref(&self) -> &Layout {
        &self.layout
    }
}

/// A layout [`CheckedLayout::check`] refused, with every finding of the check.
#[derive(Debug, Clone)]
pub struct RejectedLayout {
    layout: Box<Layout>,
    report: CheckReport,
}

impl RejectedLayout {
    /// Every finding, the `ERROR` ones among them.
    pub fn report(&self) -> &CheckReport {
        &self.report
    }

    /// The layout that was refused.
    pub fn into_layout(self) -> Layout {
        *self.layout
    }
}

impl fmt::Display for RejectedLayout {
    /// `the layout has N ERROR finding(s), the first: ERROR ORG001 ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut errors = self
            .report
            .findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error);
        let first = errors.next();
        let count = usize::from(first.is_some()) + errors.count();
        write!(f, "the layout has {count} ERROR finding(s)")?;
        if let Some(first) = first {
            write!(f, ", the first: {first}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RejectedLayout {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::landing_zone;

    #[test]
    fn the_seed_is_accepted_with_only_the_management_account_suggestion() {
        let checked = CheckedLayout::check(landing_zone()).expect("the seed checks");
        // ORG081: with guardrails, the management account is said to be outside SCPs.
        let codes: Vec<&str> = checked
            .report()
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .collect();
        assert_eq!(codes, ["ORG081"]);
        assert_eq!(checked.layout(), &landing_zone());
        assert_eq!(checked.into_layout(), landing_zone());
    }

    #[test]
    fn warnings_are_kept_and_do_not_refuse() {
        let mut layout = landing_zone();
        for account in layout.accounts.iter_mut().filter(|a| a.name == "DEV") {
            account.id = None;
        }
        let checked = CheckedLayout::check(layout).expect("a missing id is no error");
        assert_eq!(checked.report().with_code("ORG017").count(), 1);
    }

    #[test]
    fn an_error_finding_refuses_the_layout_with_every_finding() {
        let mut layout = landing_zone();
        let dev = layout.account_named("DEV").and_then(|a| a.id);
        for account in layout.accounts.iter_mut().filter(|a| a.name == "STG") {
            account.id = dev;
        }
        layout.organization.management_account = "NOBODY".to_owned();
        let rejected = CheckedLayout::check(layout.clone()).expect_err("duplicate ids");
        assert_eq!(rejected.report().with_code("ORG009").count(), 1);
        assert_eq!(rejected.report().with_code("ORG001").count(), 1);
        let errors = rejected
            .report()
            .findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
            .count();
        let message = rejected.to_string();
        assert!(
            message.starts_with(&format!(
                "the layout has {errors} ERROR finding(s), the first: ERROR ORG001 "
            )),
            "{message}"
        );
        assert_eq!(rejected.into_layout(), layout);
    }
}
