//! [`AccessLevel`]: the set of access-level flags of an action.

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

/// The access levels AWS assigns to an action: a set, because over a thousand actions have two
/// (`Tagging, Write` or `Permissions management, Write`).
///
/// ```
/// use iam_policy::catalog::{self, AccessLevel};
/// let level = AccessLevel::TAGGING | AccessLevel::WRITE;
/// assert!(level.contains(AccessLevel::WRITE));
/// assert_eq!(level.to_string(), "Tagging, Write");
/// assert_eq!(level.iter().count(), 2);
/// assert_eq!(catalog::action("s3:GetObject").unwrap().access_level(), AccessLevel::READ);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct AccessLevel(u8);

/// The flags in display order (alphabetical, as AWS writes compound levels).
const FLAGS: [(AccessLevel, &str, u8); 5] = [
    (AccessLevel::LIST, "List", b'L'),
    (
        AccessLevel::PERMISSIONS_MANAGEMENT,
        "Permissions management",
        b'P',
    ),
    (AccessLevel::READ, "Read", b'R'),
    (AccessLevel::TAGGING, "Tagging", b'T'),
    (AccessLevel::WRITE, "Write", b'W'),
];

impl AccessLevel {
    /// No flags.
    pub const EMPTY: AccessLevel = AccessLevel(0);
    /// `List`: list resources.
    pub const LIST: AccessLevel = AccessLevel(1);
    /// `Permissions management`: change who may do what.
    pub const PERMISSIONS_MANAGEMENT: AccessLevel = AccessLevel(1 << 1);
    /// `Read`: read contents and attributes.
    pub const READ: AccessLevel = AccessLevel(1 << 2);
    /// `Tagging`: change tags only.
    pub const TAGGING: AccessLevel = AccessLevel(1 << 3);
    /// `Write`: create, change or delete resources.
    pub const WRITE: AccessLevel = AccessLevel(1 << 4);

    /// Whether every flag of `other` is set in `self`.
    pub const fn contains(self, other: AccessLevel) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether `self` and `other` share a flag.
    pub const fn intersects(self, other: AccessLevel) -> bool {
        self.0 & other.0 != 0
    }

    /// The flags of both.
    pub const fn union(self, other: AccessLevel) -> AccessLevel {
        AccessLevel(self.0 | other.0)
    }

    /// Whether no flag is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// How many flags are set.
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The single flags that are set, in display order.
    pub fn iter(self) -> impl Iterator<Item = AccessLevel> {
        FLAGS
            .into_iter()
            .map(|(flag, _, _)| flag)
            .filter(move |flag| self.contains(*flag))
    }

    /// AWS's name of a single flag (`Permissions management`); `None` for zero or several flags.
    pub fn name(self) -> Option<&'static str> {
        FLAGS
            .iter()
            .find(|(flag, _, _)| *flag == self)
            .map(|(_, name, _)| *name)
    }

    /// Parses the catalog's letter form (`TW`); unknown letters are ignored.
    pub(crate) fn from_letters(letters: &str) -> AccessLevel {
        letters.bytes().fold(AccessLevel::EMPTY, |level, letter| {
            FLAGS
                .iter()
                .find(|(_, _, code)| *code == letter)
                .map_or(level, |(flag, _, _)| level | *flag)
        })
    }
}

impl BitOr for AccessLevel {
    type Output = AccessLevel;
    fn bitor(self, other: AccessLevel) -> AccessLevel {
        self.union(other)
    }
}

impl BitOrAssign for AccessLevel {
    fn bitor_assign(&mut self, other: AccessLevel) {
        *self = self.union(other);
    }
}

impl fmt::Display for AccessLevel {
    /// The flag names joined by `, `, as AWS writes them: `Tagging, Write`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, flag) in self.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            f.write_str(flag.name().unwrap_or_default())?;
        }
        Ok(())
    }
}

impl fmt::Debug for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccessLevel({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_parse_into_flags() {
        let level = AccessLevel::from_letters("PW");
        assert_eq!(
            level,
            AccessLevel::PERMISSIONS_MANAGEMENT | AccessLevel::WRITE
        );
        assert_eq!(level.to_string(), "Permissions management, Write");
        assert_eq!(level.len(), 2);
        assert_eq!(level.name(), None);
        assert_eq!(AccessLevel::from_letters("R").name(), Some("Read"));
        assert_eq!(AccessLevel::from_letters("?"), AccessLevel::EMPTY);
        assert_eq!(AccessLevel::EMPTY.to_string(), "");
        assert!(level.intersects(AccessLevel::WRITE | AccessLevel::READ));
        assert!(!level.contains(AccessLevel::WRITE | AccessLevel::READ));
        assert_eq!(format!("{:?}", AccessLevel::LIST), "AccessLevel(List)");
    }
}
