//! A fast hash for the short strings of policies and the compiled-in catalog, and a key that
//! compares and hashes ignoring ASCII case without allocating.
//!
//! FNV-1a is not flooding-resistant; that is acceptable here: the catalog is trusted, and one
//! policy's strings are bounded by its size quota.

use std::hash::{BuildHasherDefault, Hash, Hasher};

/// FNV-1a over bytes; whole words (as [`CaseFolded`] writes them) in one step each, and a final
/// mix so that every input bit reaches the low bits that pick a bucket.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        // The finalizer of MurmurHash3: a multiplication only moves bits upwards.
        let mut hash = self.0;
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
        hash ^ (hash >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(0x0100_0000_01b3);
    }
}

/// Builds [`Fnv`] hashers for `HashMap`s.
pub(crate) type FastHash = BuildHasherDefault<Fnv>;

/// A string that compares and hashes ignoring ASCII case.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CaseFolded<'a>(pub &'a str);

impl PartialEq for CaseFolded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for CaseFolded<'_> {}

impl Hash for CaseFolded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        write_words(state, self.0.as_bytes(), true);
    }
}

/// Feeds `bytes` to `state` eight at a time (lowercased if `fold_case`); the last, partial word
/// also carries the length.
pub(crate) fn write_words<H: Hasher>(state: &mut H, bytes: &[u8], fold_case: bool) {
    let word = |chunk: &[u8]| {
        let mut word = [0u8; 8];
        for (slot, byte) in word.iter_mut().zip(chunk) {
            *slot = if fold_case {
                byte.to_ascii_lowercase()
            } else {
                *byte
            };
        }
        u64::from_le_bytes(word)
    };
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        state.write_u64(word(chunk));
    }
    let length = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    state.write_u64(word(chunks.remainder()) ^ length.rotate_right(8));
}
