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
    let fold = |word: u64| if fold_case { fold_word(word) } else { word };
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        state.write_u64(fold(u64::from_le_bytes(word)));
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let length = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    state.write_u64(fold(u64::from_le_bytes(last)) ^ length.rotate_right(8));
}

/// Eight bytes lowercased at once: the same as `u8::to_ascii_lowercase` on each byte (only
/// `A`..=`Z` change, gaining bit `0x20`).
fn fold_word(word: u64) -> u64 {
    const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Each byte's low seven bits plus a constant never carries into the next byte; the sum's
    // high bit then tells whether the byte is at least `A`, or above `Z`.
    let low = word & LOW_SEVEN;
    let at_least_a = low + ONES * u64::from(0x80 - b'A');
    let above_z = low + ONES * u64::from(0x80 - b'Z' - 1);
    // Bytes with their own high bit set are not ASCII and stay as they are.
    let upper = at_least_a & !above_z & !word & HIGH;
    word | (upper >> 2)
}

#[cfg(test)]
mod tests {
    use super::fold_word;

    #[test]
    fn fold_word_lowercases_each_byte_as_to_ascii_lowercase_does() {
        for byte in 0..=u8::MAX {
            for position in 0..8 {
                // The byte among neighbours that do and do not change.
                let mut bytes = *b"aZ@[`{\x80\xff";
                bytes[position] = byte;
                let expected = bytes.map(|byte| byte.to_ascii_lowercase());
                assert_eq!(
                    fold_word(u64::from_le_bytes(bytes)).to_le_bytes(),
                    expected,
                    "{bytes:?}"
                );
            }
        }
    }
}
