//! A fast hash for the short strings of policies and the compiled-in catalog, and a key that
//! compares and hashes ignoring ASCII case without allocating.
//!
//! FNV-1a is not flooding-resistant; that is acceptable here: the catalog is trusted, and one
//! policy's strings are bounded by its size quota.

use std::hash::{BuildHasherDefault, Hash, Hasher};

/// FNV-1a.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
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
        for byte in self.0.bytes() {
            state.write_u8(byte.to_ascii_lowercase());
        }
        state.write_u8(0xFF);
    }
}
