//! Byte comparisons made in place, eight bytes at a time: in wasm a slice comparison is a call
//! to `memcmp`, an out-of-line byte loop, and the matcher and the Public Suffix List table
//! compare short keys and literals many times per request. (Also built into `build.rs`, with
//! `psl.rs`.)

/// `text.starts_with(prefix)`. The matcher compares short literals several times per candidate
/// filter (`||host/path` filters: the path after the host, whose first byte, `/`, always
/// agrees).
#[inline]
pub fn has_prefix(text: &[u8], prefix: &[u8]) -> bool {
    let Some(text) = text.get(..prefix.len()) else { return false };
    let mut words = text.chunks_exact(8);
    let mut prefix_words = prefix.chunks_exact(8);
    let word = |w: &[u8]| u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
    if !(&mut words).zip(&mut prefix_words).all(|(a, b)| word(a) == word(b)) {
        return false;
    }
    words.remainder().iter().zip(prefix_words.remainder()).all(|(a, b)| a == b)
}

/// `a == b`, compared as [`has_prefix`] compares.
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && has_prefix(a, b)
}
