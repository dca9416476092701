//! The index of action names: a compact open-addressing table, kept small so that a lookup
//! touches few cache lines.
//!
//! A `HashMap<CaseFolded, u32>` over the 18k actions costs three cache misses per lookup (control
//! byte, bucket, then the name somewhere in the catalog text). Here a slot is 8 bytes (a hash tag
//! and an id) and the names are lowercased into one contiguous buffer, so a lookup reads one slot
//! (rarely two) and one name.

use std::hash::Hasher;

use crate::fast_hash::{Fnv, write_words};

/// One slot: the upper half of the name's hash, and the action id plus one (0: empty).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    tag: u32,
    id_plus_one: u32,
}

/// Action ids by full name, ignoring ASCII case.
#[derive(Debug, Default)]
pub(crate) struct ActionIndex {
    /// Linear-probing table, a power of two long and at most about half full.
    slots: Vec<Slot>,
    /// Every indexed name, lowercased, back to back in id order.
    folded: Vec<u8>,
    /// Where each id's name starts in `folded`; one more entry marks the end of the last.
    starts: Vec<u32>,
}

/// The case-insensitive hash of `name`.
fn hash(name: &str) -> u64 {
    let mut state = Fnv::default();
    write_words(&mut state, name.as_bytes(), true);
    state.finish()
}

impl ActionIndex {
    /// Indexes `names` by position. Of names equal ignoring case, the last one wins (as
    /// inserting into a map would).
    pub(crate) fn new<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let count = names.len();
        // Load factor at most ~0.56: short probe runs for hits and misses alike.
        let capacity = (count + count / 2 + 1).next_power_of_two();
        let mut index = ActionIndex {
            slots: vec![Slot::default(); capacity],
            // About 30 bytes a name; grown if more.
            folded: Vec::with_capacity(count * 32),
            starts: Vec::with_capacity(count + 1),
        };
        for (id, name) in names.enumerate() {
            let start = index.folded.len();
            index.starts.push(offset(start));
            index.folded.extend_from_slice(name.as_bytes());
            index.folded[start..].make_ascii_lowercase();
            let Ok(id) = u32::try_from(id) else {
                break;
            };
            index.insert(name, id);
        }
        index.starts.push(offset(index.folded.len()));
        index
    }

    /// The lowercased name of `id`.
    fn name(&self, id: u32) -> &[u8] {
        let id = id as usize;
        match (self.starts.get(id), self.starts.get(id + 1)) {
            (Some(&start), Some(&end)) => &self.folded[start as usize..end as usize],
            _ => &[],
        }
    }

    /// The slot holding `name`, or the empty slot where it would go.
    fn position(&self, name: &str) -> (usize, u32) {
        let hash = hash(name);
        let tag = (hash >> 32) as u32;
        let mask = self.slots.len() - 1;
        let mut position = hash as usize & mask;
        loop {
            let slot = self.slots[position];
            if slot.id_plus_one == 0
                || (slot.tag == tag
                    && self
                        .name(slot.id_plus_one - 1)
                        .eq_ignore_ascii_case(name.as_bytes()))
            {
                return (position, tag);
            }
            position = (position + 1) & mask;
        }
    }

    fn insert(&mut self, name: &str, id: u32) {
        let (position, tag) = self.position(name);
        self.slots[position] = Slot {
            tag,
            id_plus_one: id + 1,
        };
    }

    /// The id of the action named `name` (ignoring ASCII case).
    pub(crate) fn get(&self, name: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let (position, _) = self.position(name);
        self.slots[position].id_plus_one.checked_sub(1)
    }
}

/// A buffer offset as stored in `starts` (the catalog text is far below 4 GiB).
fn offset(length: usize) -> u32 {
    u32::try_from(length).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::ActionIndex;

    #[test]
    fn finds_names_ignoring_case_and_misses_others() {
        let names = [
            "s3:GetObject",
            "s3:PutObject",
            "iam:PassRole",
            "S3:getobject",
        ];
        let index = ActionIndex::new(names.into_iter());
        assert_eq!(
            index.get("S3:GETOBJECT"),
            Some(3),
            "the last equal name wins"
        );
        assert_eq!(index.get("s3:putobject"), Some(1));
        assert_eq!(index.get("iam:PassRole"), Some(2));
        assert_eq!(index.get("iam:PassRol"), None);
        assert_eq!(index.get(""), None);
        assert_eq!(ActionIndex::default().get("s3:GetObject"), None);
    }
}
