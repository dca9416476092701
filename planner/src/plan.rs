//! A plan: model-level changes, each with the write calls that make it ([`crate::op`]), the
//! conflicts left alone, the managed resources retained and the steps left to a person.

use std::fmt::Write as _;

use serde::ser::SerializeStruct as _;
use serde::{Serialize, Serializer};

use crate::op::Op;
use crate::state::AccountRef;

/// Where a change is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// In the management account, on the organization.
    Organization,
    /// In one account.
    Account(AccountRef),
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Organization => f.write_str("organization"),
            Target::Account(account) => write!(f, "{} ({})", account.name, account.id),
        }
    }
}

/// One model-level change: "role `admin` in DEV: trust policy changes", with its write calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Where.
    pub target: Target,
    /// The resource, e.g. ``role `admin` ``.
    pub resource: String,
    /// What is done to the resource.
    pub action: ChangeAction,
    /// What changes, one line each (`trust policy: + Condition...`).
    pub details: Vec<String>,
    /// The write calls, in order.
    pub ops: Vec<Op>,
}

/// What a [`Change`] does to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    /// The resource is made.
    Create,
    /// The resource is changed in place.
    Update,
    /// The resource is deleted, then created anew (IAM cannot change it in place).
    Replace,
    /// The resource is deleted.
    Delete,
    /// A resource made outside jumpgate is marked as jumpgate's (`--adopt`): tagged
    /// `managed-by = jumpgate`, or, for a group, given jumpgate's inline policy
    /// [`GROUP_MARK_POLICY`](crate::state::GROUP_MARK_POLICY). Where it differs from the layout,
    /// an update follows in the same plan.
    Adopt,
}

impl ChangeAction {
    /// `create`, `update`, `replace`, `delete` or `adopt`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeAction::Create => "create",
            ChangeAction::Update => "update",
            ChangeAction::Replace => "replace",
            ChangeAction::Delete => "delete",
            ChangeAction::Adopt => "adopt",
        }
    }

    /// The sign of the action in the text of a plan: `+`, `~`, `-/+`, `-` or `@`.
    pub fn sign(self) -> &'static str {
        match self {
            ChangeAction::Create => "+",
            ChangeAction::Update => "~",
            ChangeAction::Replace => "-/+",
            ChangeAction::Delete => "-",
            ChangeAction::Adopt => "@",
        }
    }
}

impl std::fmt::Display for ChangeAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something jumpgate will not touch: a same-named resource it does not manage, or an account
/// it cannot bring into the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Where.
    pub target: Target,
    /// The resource.
    pub resource: String,
    /// Why it is left alone.
    pub reason: String,
}

/// A managed resource that left the layout, kept because `--prune` was not given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retained {
    /// Where.
    pub target: Target,
    /// The resource.
    pub resource: String,
}

impl Retained {
    /// Why a retained resource is kept (in the text and JSON of the plan).
    pub const REASON: &'static str =
        "managed but no longer in the layout; kept (use --prune to delete)";
}

impl Serialize for Retained {
    /// `{"target": ..., "resource": ..., "reason": ...}`, with [`Retained::REASON`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Retained", 3)?;
        out.serialize_field("target", &self.target)?;
        out.serialize_field("resource", &self.resource)?;
        out.serialize_field("reason", Self::REASON)?;
        out.end()
    }
}

/// A step no API can make, left to a person (enabling root MFA).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManualStep {
    /// Where.
    pub target: Target,
    /// The resource, e.g. `root MFA`.
    pub resource: String,
    /// What to do by hand, and why no API does it.
    pub reason: String,
}

/// The plan: changes to make, conflicts left alone, and managed resources that left the layout
/// but are kept because `--prune` was not given.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    /// Changes, in the order they are applied.
    pub changes: Vec<Change>,
    /// Resources left alone.
    pub conflicts: Vec<Conflict>,
    /// Managed resources no longer in the layout, kept without `--prune`.
    pub retained: Vec<Retained>,
    /// Steps no API can make, left to a person (enabling root MFA); omitted from JSON when
    /// there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub manual: Vec<ManualStep>,
}

/// Planner options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Delete managed resources that left the layout.
    pub prune: bool,
    /// Take ownership of resources made outside jumpgate that the layout describes (same name,
    /// and the same path, which IAM cannot change): roles, users and customer managed
    /// policies are tagged `managed-by = jumpgate`, groups get jumpgate's inline policy
    /// [`GROUP_MARK_POLICY`](crate::state::GROUP_MARK_POLICY). Each adoption is its own
    /// change ([`ChangeAction::Adopt`]); without it they stay conflicts.
    pub adopt: bool,
}

impl Plan {
    /// Records a managed resource that left the layout and is kept because `--prune` was not
    /// given.
    pub(crate) fn retain(&mut self, target: &Target, resource: String) {
        self.retained.push(Retained {
            target: target.clone(),
            resource,
        });
    }

    /// Whether there is nothing to change.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many write calls applying the plan makes (account creation polling aside).
    pub fn write_calls(&self) -> usize {
        self.changes.iter().map(|change| change.ops.len()).sum()
    }

    /// Appends another plan's items.
    pub fn extend(&mut self, other: Plan) {
        self.changes.extend(other.changes);
        self.conflicts.extend(other.conflicts);
        self.retained.extend(other.retained);
        self.manual.extend(other.manual);
    }

    /// The plan as text, one change per line with indented details.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            let _ = writeln!(
                out,
                "{} {} in {}: {}",
                change.action.sign(),
                change.resource,
                change.target,
                change.action
            );
            for detail in &change.details {
                let _ = writeln!(out, "    {detail}");
            }
        }
        for conflict in &self.conflicts {
            let _ = writeln!(
                out,
                "! {} in {}: conflict, left untouched: {}",
                conflict.resource, conflict.target, conflict.reason
            );
        }
        for retained in &self.retained {
            let _ = writeln!(
                out,
                "= {} in {}: {}",
                retained.resource,
                retained.target,
                Retained::REASON
            );
        }
        for manual in &self.manual {
            let _ = writeln!(
                out,
                "? {} in {}: manual step: {}",
                manual.resource, manual.target, manual.reason
            );
        }
        if self.changes.is_empty() {
            out.push_str("No changes: AWS matches the layout.\n");
        } else {
            let _ = writeln!(
                out,
                "{} change(s), {} write call(s).",
                self.changes.len(),
                self.write_calls()
            );
        }
        out
    }
}
