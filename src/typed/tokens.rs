//! Search tokens: every byte string a typed value can leave the page as, each tagged with
//! the field it came from and its encoding. A text is probed every few bytes (one less than
//! the shortest pattern, at most 5) against the patterns' 4-byte grams, and the 2-byte grams
//! of the shortest ones (`QGramFilter`); only where a probe hits does a table of the
//! patterns by their first gram (`StartTable`) check which token starts at the few
//! positions the hit points to. Most of a request is never walked byte by byte.
//!
//! Tokens are secrets as much as the values are: they live in a [`TokenSet`], which is
//! neither `Serialize` nor printable (`Debug` shows counts only).

use std::fmt;

use base64::Engine;
use md5::Md5;
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::normalise::{forms, MIN_PLAIN_CHARS};
use super::{PersonalKind, TypedField};

/// How a value was written into a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Plain,
    UrlEncoded,
    FormEncoded,
    JsonEscaped,
    Base64,
    Base64Url,
    Md5,
    Sha1,
    Sha256,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Plain => "plain",
            Encoding::UrlEncoded => "url-encoded",
            Encoding::FormEncoded => "form-encoded",
            Encoding::JsonEscaped => "json-escaped",
            Encoding::Base64 => "base64",
            Encoding::Base64Url => "base64url",
            Encoding::Md5 => "md5",
            Encoding::Sha1 => "sha1",
            Encoding::Sha256 => "sha256",
        }
    }

    pub fn is_hash(self) -> bool {
        matches!(self, Encoding::Md5 | Encoding::Sha1 | Encoding::Sha256)
    }
}

/// One searched-for byte string.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub bytes: Vec<u8>,
    /// Index of the field in the slice the set was built from.
    pub field: usize,
    pub encoding: Encoding,
}

/// The tokens of a page's typed fields and the tables that find them.
pub struct TokenSet {
    pub(crate) tokens: Vec<Token>,
    pub(crate) kinds: Vec<PersonalKind>,
    /// Which pattern starts at a position: the tokens and, after them (pattern index
    /// `tokens.len()` on), the alignment patterns (see [`alignment_patterns`]).
    starts: Option<StartTable>,
    /// How many alignment patterns (of both levels) follow the tokens in `starts`.
    aligned: usize,
    /// Which stretches of a text are worth looking up in `starts`.
    filter: QGramFilter,
    /// Whether field `i` had a value long and well-formed enough to search for.
    pub(crate) searchable: Vec<bool>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the tokens themselves: they are the shopper's data.
        f.debug_struct("TokenSet").field("fields", &self.kinds.len()).field("tokens", &self.tokens.len()).finish()
    }
}

impl TokenSet {
    /// Derives the tokens of every field. `calling_code` is the country calling code to
    /// assume for a phone typed without one (e.g. "49" on a German shop), if known.
    pub fn derive(fields: &[TypedField], calling_code: Option<&str>) -> TokenSet {
        let mut tokens: Vec<Token> = Vec::new();
        let mut searchable = Vec::with_capacity(fields.len());
        for (index, field) in fields.iter().enumerate() {
            let within_limit = index < super::limits::FIELDS;
            let Some(forms) = forms(field.kind, &field.entry.value, calling_code).filter(|_| within_limit) else {
                searchable.push(false);
                continue;
            };
            searchable.push(true);
            let mut add = |text: String, encoding: Encoding| {
                let bytes = text.into_bytes();
                // The search lays decoded segments end to end with a NUL between them.
                if bytes.contains(&0) {
                    return;
                }
                // The same string from another field or encoding is found once, under its
                // first (plainest) meaning.
                if !tokens.iter().any(|t| t.bytes == bytes) {
                    tokens.push(Token { bytes, field: index, encoding });
                }
            };
            for plain in &forms.plain {
                if plain.chars().count() < MIN_PLAIN_CHARS {
                    continue;
                }
                add(plain.clone(), Encoding::Plain);
                add(percent_encode(plain, false), Encoding::UrlEncoded);
                add(percent_encode(plain, true), Encoding::FormEncoded);
                // jQuery's `$.param`: encodeURIComponent, then `+` for a space.
                add(percent_encode(plain, false).replace("%20", "+"), Encoding::FormEncoded);
                add(json_escape(plain, false), Encoding::JsonEscaped);
                add(json_escape(plain, true), Encoding::JsonEscaped);
                // Unpadded, so the padded form (and the value followed by other bytes, up to
                // the last partial group) is found too.
                add(base64::engine::general_purpose::STANDARD_NO_PAD.encode(plain), Encoding::Base64);
                add(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(plain), Encoding::Base64Url);
            }
            for input in &forms.hashed {
                for (encoding, hex) in [
                    (Encoding::Md5, hex_lower(&Md5::digest(input.as_bytes()))),
                    (Encoding::Sha1, hex_lower(&Sha1::digest(input.as_bytes()))),
                    (Encoding::Sha256, hex_lower(&Sha256::digest(input.as_bytes()))),
                ] {
                    add(hex.to_ascii_uppercase(), encoding);
                    add(hex, encoding);
                }
            }
        }
        let aligned = alignment_patterns(&tokens);
        let doubled = doubled_patterns(&aligned);
        let patterns = || tokens.iter().map(|t| t.bytes.as_slice()).chain(aligned.iter().chain(&doubled).map(|p| &**p));
        let starts = (!tokens.is_empty()).then(|| StartTable::new(patterns()));
        let filter = QGramFilter::new(patterns());
        TokenSet {
            tokens,
            kinds: fields.iter().map(|f| f.kind).collect(),
            starts,
            aligned: aligned.len() + doubled.len(),
            filter,
            searchable,
        }
    }

    /// How many tokens are searched for.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Whether field `index` was long and well-formed enough to be searched for.
    pub fn is_searchable(&self, index: usize) -> bool {
        self.searchable.get(index).copied().unwrap_or(false)
    }

    /// Every token occurrence in `haystack` that stands on its own: a token that starts
    /// (ends) with a letter or digit must not be preceded (followed) by one, so
    /// `anna@x.com` is not found inside `hanna@x.com` nor a postcode inside a longer number.
    /// At each position, the longest token starting there is returned, as (token index,
    /// start, end); occurrences at different starts may overlap. Without
    /// `standalone`, every occurrence counts (the redaction's reading: over-redact, never under).
    pub(crate) fn occurrences(&self, haystack: &[u8], standalone: bool, each: impl FnMut(usize, usize, usize)) {
        self.search(haystack, standalone, each, |_| {});
    }

    /// [`Self::occurrences`], and `aligned(start)` for every position where an alignment
    /// pattern starts (the base64 of some token's bytes inside a longer payload may stand
    /// there), in increasing order, possibly repeated.
    pub(crate) fn search(
        &self,
        haystack: &[u8],
        standalone: bool,
        mut each: impl FnMut(usize, usize, usize),
        mut aligned: impl FnMut(usize),
    ) {
        let Some(starts) = &self.starts else { return };
        self.filter.candidates(haystack, |start| {
            let Some((pattern, end)) = starts.longest_at(haystack, start) else { return };
            let Some(token) = self.tokens.get(pattern) else {
                aligned(start);
                return;
            };
            // Only the longest pattern starting here is reported: an alignment pattern
            // starting here too is a prefix of the token (a token's base64 at offset 0
            // begins with that offset's alignment pattern), so a token that begins with
            // a pattern's worth of base64 characters stands for both.
            if self.aligned > 0 && token.bytes.len() >= Q && token.bytes[..Q].iter().all(|&b| is_base64_char(b)) {
                aligned(start);
            }
            let token = &token.bytes;
            let word = |b: u8| b.is_ascii_alphanumeric();
            let clean_start = !word(token[0]) || start == 0 || !word(haystack[start - 1]);
            let clean_end = !word(token[token.len() - 1]) || end == haystack.len() || !word(haystack[end]);
            if !standalone || (clean_start && clean_end) {
                each(pattern, start, end);
            }
        });
    }
}

/// Longest alignment pattern (of either level): 8 base64 characters, 48 bits. A pattern
/// only marks a run to decode, so a chance match costs one decoding, never a false hit;
/// at 48 bits, the ~1,500 patterns of 8 fields meet one by chance about once in 10^5
/// pages of megabytes of random base64. (Chosen when an Aho-Corasick automaton held the
/// patterns and longer ones made it slower to build; they would still gain nothing.)
const MAX_ALIGNED_CHARS: usize = 8;

/// The alignment patterns of `tokens`: for each token and each of the 3 byte offsets it can
/// have inside a longer payload (0, 1 or 2 modulo 3), the base64 characters of that payload
/// which depend on the token's bytes alone, in the standard and the URL-safe alphabet.
///
/// Why a search for these stands in for decoding (one level): base64 writes 6 bits a
/// character, 3 bytes to 4 characters. When a token of `n` bytes starts at byte `o` of a
/// payload, the characters whose 6 bits all fall within bits `8·o .. 8·(o+n)` are
/// determined by the token and by `o mod 3` alone, and they stand side by side in the
/// encoded payload, whatever precedes or follows the token. So a base64 run whose decoding
/// holds the token holds one of its (at most 6) alignment patterns as a substring. The
/// converse need not hold (a pattern covers only the token's inner bits and may fall at a
/// position that is not its alignment), so a hit only marks the run as worth decoding: the
/// run is then decoded and searched exactly as before, and reports the same hits. A
/// token of 4 bytes or more has at least 4 such characters. Runs with percent-escaped
/// characters (`%2B`…) hide the patterns; the search reads every run of a text holding one.
fn alignment_patterns(tokens: &[Token]) -> Vec<AlignedPattern> {
    let mut out: Vec<AlignedPattern> = Vec::with_capacity(tokens.len() * 6);
    for token in tokens {
        push_alignment_patterns(&token.bytes, &mut out);
    }
    // The same pattern from several tokens is searched once.
    sorted_unique(out)
}

/// The alignment patterns of one token (see [`alignment_patterns`]), into `out`.
fn push_alignment_patterns(token: &[u8], out: &mut Vec<AlignedPattern>) {
    const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let n = token.len();
    for offset in 0..3usize {
        // Characters from the first one starting at or after the token's first bit to
        // the last one ending at or before its last bit.
        let first = (8 * offset).div_ceil(6);
        let last = (8 * (offset + n)) / 6;
        if last < first + Q {
            continue;
        }
        // A run holding the whole stable part holds its first characters too: they are
        // enough to mark the run (which is then decoded and searched), and a short
        // pattern keeps the search's tables small (hash tokens are 32 to 64 characters long).
        let last = last.min(first + MAX_ALIGNED_CHARS);
        let mut standard = AlignedPattern { chars: [0; MAX_ALIGNED_CHARS], len: (last - first) as u8 };
        for (char, slot) in (first..last).zip(&mut standard.chars) {
            // Character `char` of the payload writes its bits 6·char.., which are the
            // token's bits from `bit` on (the token starts at bit 8·offset).
            let bit = 6 * char - 8 * offset;
            let pair = u16::from_be_bytes([token[bit / 8], token.get(bit / 8 + 1).copied().unwrap_or(0)]);
            *slot = STANDARD[usize::from((pair >> (10 - bit % 8)) & 63)];
        }
        // The alphabets differ only in `+` and `/`. (A pattern repeated across tokens
        // costs the search nothing.)
        let mut url_safe = standard;
        for c in &mut url_safe.chars[..usize::from(url_safe.len)] {
            *c = match *c {
                b'+' => b'-',
                b'/' => b'_',
                c => c,
            };
        }
        if url_safe != standard {
            out.push(url_safe);
        }
        out.push(standard);
    }
}

/// An alignment pattern: at most [`MAX_ALIGNED_CHARS`] base64 characters, held inline (a
/// page has about 1,500 of them, made again for every page).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct AlignedPattern {
    chars: [u8; MAX_ALIGNED_CHARS],
    len: u8,
}

impl AlignedPattern {
    /// The characters as one number (zeros after the last): ordering by it and then by the
    /// length is ordering the patterns (sorted to remove repeats), a comparison at a time.
    fn key(&self) -> (u64, u8) {
        (u64::from_be_bytes(self.chars), self.len)
    }
}

impl PartialOrd for AlignedPattern {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for AlignedPattern {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl std::ops::Deref for AlignedPattern {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.chars[..usize::from(self.len)]
    }
}

/// The level-2 ("doubled") patterns: the alignment patterns of the level-1 alignment
/// patterns, each read as a token. A base64 run whose decoding holds a level-1 pattern
/// holds one of them (the argument of [`alignment_patterns`], one level up), so a run that
/// holds none decodes to no run a level-1 pattern marks: it holds no token two levels
/// down, and need not be decoded. A level-1 pattern written with `%2B` and `%2F` in the
/// middle layer (`encodeURIComponent` of base64, upper- or lower-case hex) stands there
/// escaped: its escaped spellings are doubled too.
fn doubled_patterns(aligned: &[AlignedPattern]) -> Vec<AlignedPattern> {
    let mut out: Vec<AlignedPattern> = Vec::with_capacity(aligned.len() * 8);
    let mut escaped = Vec::with_capacity(3 * MAX_ALIGNED_CHARS);
    for pattern in aligned {
        push_alignment_patterns(pattern, &mut out);
        if pattern.iter().any(|&b| b == b'+' || b == b'/') {
            for (plus, slash) in [(&b"%2B"[..], &b"%2F"[..]), (b"%2b", b"%2f")] {
                escaped.clear();
                for &b in pattern.iter() {
                    match b {
                        b'+' => escaped.extend_from_slice(plus),
                        b'/' => escaped.extend_from_slice(slash),
                        b => escaped.push(b),
                    }
                }
                push_alignment_patterns(&escaped, &mut out);
            }
        }
    }
    sorted_unique(out)
}

/// `patterns` sorted (as [`AlignedPattern`]'s `Ord` sorts them) and without repeats. Sorted
/// as numbers: a pattern's characters are base64 characters, never 0, so the zeros after
/// the last say its length, and the number alone orders it; each pattern is turned into
/// its number once, not at each comparison (wasm has no byte-swap instruction).
fn sorted_unique(patterns: Vec<AlignedPattern>) -> Vec<AlignedPattern> {
    let mut keys: Vec<u64> = patterns.iter().map(|p| u64::from_be_bytes(p.chars)).collect();
    keys.sort_unstable();
    keys.dedup();
    let len = |key: u64| (MAX_ALIGNED_CHARS as u32 - key.trailing_zeros() / 8) as u8;
    keys.into_iter().map(|key| AlignedPattern { chars: key.to_be_bytes(), len: len(key) }).collect()
}

/// A character of either base64 alphabet.
pub(super) fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_')
}

/// Reading a fraction of the bytes (a sampled q-gram filter, as in Wu and Manber's
/// multi-pattern search): only every `stride`-th position of a text is probed. The stride
/// is one less than the shortest pattern, so every occurrence holds a probe, at some offset
/// `o < stride` of the pattern, and one of two grams read there lies inside the pattern:
/// - a long pattern (at least `stride + Q - 1` bytes, the tokens and nearly every
///   alignment pattern) holds the Q bytes from the probe on: each long pattern's Q-grams at
///   offsets `0..stride` are in a bitmap (hashed), and in a table of the offsets each stands at;
/// - a short one (`stride + 1` or `stride + 2` bytes: the shortest tokens and their
///   alignment patterns) holds the 2 bytes from the probe on: its 2-byte grams at offsets
///   `0..stride` are in a table of 65,536 entries, each with the offsets it stands at.
///
/// A probe whose grams are in neither hands on nothing; one that hits hands on the starts
/// `probe - o` for the offsets `o` its grams stand at, and only those are looked up in the
/// start table. Requests are mostly bytes no token starts in, so most of a text is looked
/// at once every `stride` bytes and never walked byte by byte. (A single tier of Q-grams
/// needs a stride of `shortest - Q + 1`, 3 for a 6-byte postcode: the short tier lets it be 5.)
struct QGramFilter {
    stride: usize,
    /// The long patterns' Q-grams, hashed: the probe's test, one bit a gram.
    long_bits: Box<[u64; FILTER_BITS / 64]>,
    /// The same grams exactly, with the offsets each stands at: which starts a hit leads to.
    long_offsets: GramOffsets,
    /// The short patterns' 2-byte grams, by their two bytes (the first in the low byte):
    /// the offsets each stands at, bit `o` for offset `o` (0: none).
    short_offsets: Box<[u8; 1 << 16]>,
}

const Q: usize = 4;
// 2^19 bits (64 KB): the alignment patterns put ~6,000 grams in it (5 offsets each), and a
// probe's chance hit costs a look-up in the exact table. In wasm (node, the bench's page),
// 2^19 bits ran 3 % faster than 2^18 and 25 % faster than 2^16; two bits a gram in one word
// (a Bloom filter) ran no faster.
const FILTER_BITS: usize = 1 << 19;
/// Largest stride: the alignment patterns are at most [`MAX_ALIGNED_CHARS`] long and must
/// stay long patterns (the 2-byte grams of ~1,500 base64 patterns would be nearly every
/// pair of base64 characters, and every probe would hit).
const MAX_STRIDE: usize = MAX_ALIGNED_CHARS - Q + 1;
// Offsets are bits of a byte.
const _: () = assert!(MAX_STRIDE <= 8);
// The stride is `shortest - 1` (a pattern is at least Q bytes) up to MAX_STRIDE, and
// `probe` has a loop for each.
const _: () = assert!(MAX_STRIDE == 5 && Q - 1 == 3);

impl QGramFilter {
    fn new<'a>(patterns: impl Iterator<Item = &'a [u8]> + Clone) -> QGramFilter {
        let shortest = patterns.clone().map(<[u8]>::len).min().unwrap_or(Q).max(Q);
        let stride = (shortest - 1).min(MAX_STRIDE);
        let is_long = |pattern: &[u8]| pattern.len() >= stride + Q - 1;
        let long_grams = patterns.clone().filter(|p| is_long(p)).count() * stride;
        let mut long_bits: Box<[u64; FILTER_BITS / 64]> =
            vec![0u64; FILTER_BITS / 64].into_boxed_slice().try_into().expect("FILTER_BITS / 64 words");
        let mut long_offsets = GramOffsets::with_room_for(long_grams);
        let mut short_offsets: Box<[u8; 1 << 16]> =
            vec![0u8; 1 << 16].into_boxed_slice().try_into().expect("2^16 entries");
        for pattern in patterns {
            for offset in 0..stride {
                if is_long(pattern) {
                    let gram = gram(&pattern[offset..]).expect("a long pattern holds a gram at each offset");
                    let slot = slot(gram);
                    long_bits[slot / 64] |= 1 << (slot % 64);
                    long_offsets.add(gram, offset);
                } else if let Some(&[first, second]) = pattern.get(offset..offset + 2) {
                    short_offsets[usize::from(u16::from_le_bytes([first, second]))] |= 1 << offset;
                }
            }
        }
        QGramFilter { stride, long_bits, long_offsets, short_offsets }
    }

    /// Calls `each(start)` for every position where a pattern may start, in increasing
    /// order: every start of an occurrence is among them.
    fn candidates(&self, haystack: &[u8], mut each: impl FnMut(usize)) {
        let mut hits = [0usize; PROBE_BATCH];
        let mut probe = 0;
        loop {
            let (found, next, done) = self.probe(haystack, probe, &mut hits);
            for &at in &hits[..found] {
                let word = gram(&haystack[at..]).expect("a probe that hit read a gram");
                let offsets = self.long_offsets.get(word) | self.short_offsets[(word & 0xFFFF) as usize];
                Self::starts(at, offsets, &mut each);
            }
            probe = next;
            if done {
                break;
            }
        }
        // The last probes, too near the end for a Q-gram (which no long pattern needs
        // there): a short pattern can still end at the text's end.
        while let Some(&[first, second]) = haystack.get(probe..probe + 2) {
            Self::starts(probe, self.short_offsets[usize::from(u16::from_le_bytes([first, second]))], &mut each);
            probe += self.stride;
        }
    }

    /// The starts `at - o` for each offset `o` in `offsets`, in increasing order.
    fn starts(at: usize, mut offsets: u8, each: &mut impl FnMut(usize)) {
        while offsets != 0 {
            // The highest offset left: the earliest start.
            let offset = 7 - offsets.leading_zeros() as usize;
            offsets ^= 1 << offset;
            if let Some(start) = at.checked_sub(offset) {
                each(start);
            }
        }
    }

    /// The probes from `probe` on whose long or short gram is in the tables, into `hits`
    /// until it is nearly full; how many, the next probe, and whether the probes reached
    /// the first whose Q-gram would run past the text.
    fn probe(&self, haystack: &[u8], probe: usize, hits: &mut [usize; PROBE_BATCH]) -> (usize, usize, bool) {
        match self.stride {
            3 => self.probe_with::<3>(haystack, probe, hits),
            4 => self.probe_with::<4>(haystack, probe, hits),
            _ => self.probe_with::<MAX_STRIDE>(haystack, probe, hits),
        }
    }

    /// [`Self::probe`] for a stride known when compiling: four probes a round read from one
    /// window of the text, their tests ORed, so that a round without a hit (nearly all) costs
    /// one branch and no bounds check. Kept apart from the look-ups the hits lead to, so
    /// that this loop (most of a page's time) holds its few values in registers.
    #[inline(never)]
    fn probe_with<const STRIDE: usize>(
        &self,
        haystack: &[u8],
        mut probe: usize,
        hits: &mut [usize; PROBE_BATCH],
    ) -> (usize, usize, bool) {
        const WINDOW: usize = 3 * MAX_STRIDE + Q;
        let bits: &[u64; FILTER_BITS / 64] = &self.long_bits;
        let short: &[u8; 1 << 16] = &self.short_offsets;
        let test = |word: u32| {
            let slot = slot(word);
            (bits[slot / 64] >> (slot % 64)) as u8 & 1 | short[(word & 0xFFFF) as usize]
        };
        let word_at = |window: &[u8; WINDOW], at: usize| {
            u32::from_le_bytes([window[at], window[at + 1], window[at + 2], window[at + 3]])
        };
        let mut found = 0;
        while let Some(window) = haystack.get(probe..probe + WINDOW) {
            let window: &[u8; WINDOW] = window.try_into().expect("a window");
            let round = [
                test(word_at(window, 0)),
                test(word_at(window, STRIDE)),
                test(word_at(window, 2 * STRIDE)),
                test(word_at(window, 3 * STRIDE)),
            ];
            if round[0] | round[1] | round[2] | round[3] != 0 {
                for (k, &hit) in round.iter().enumerate() {
                    if hit != 0 {
                        hits[found] = probe + k * STRIDE;
                        found += 1;
                    }
                }
                if found > PROBE_BATCH - 4 {
                    return (found, probe + 4 * STRIDE, false);
                }
            }
            probe += 4 * STRIDE;
        }
        // The last few probes, one at a time (at most WINDOW / STRIDE of them).
        while let Some(gram) = haystack.get(probe..probe + Q) {
            if test(u32::from_le_bytes(gram.try_into().expect("a gram is Q bytes"))) != 0 {
                if found == PROBE_BATCH {
                    return (found, probe, false);
                }
                hits[found] = probe;
                found += 1;
            }
            probe += STRIDE;
        }
        (found, probe, true)
    }
}

/// How many probe hits [`QGramFilter::probe`] collects before they are looked up.
const PROBE_BATCH: usize = 64;

/// The bitmap slot of a Q-gram (its four bytes as a little-endian number): the same
/// multiplicative hash as the gram table's buckets, to the bitmap's width.
fn slot(gram: u32) -> usize {
    bucket_of(gram, FILTER_BITS.trailing_zeros())
}

/// The long patterns' Q-grams and the offsets each stands at, exactly (open addressing,
/// at most half full): a bitmap hit whose gram is no pattern's costs one look-up here and
/// none in the start table.
struct GramOffsets {
    /// The grams; 0 marks a free slot (no pattern holds a NUL byte).
    grams: Vec<u32>,
    offsets: Vec<u8>,
    bits: u32,
}

impl GramOffsets {
    fn with_room_for(grams: usize) -> GramOffsets {
        let bits = (grams * 2).next_power_of_two().trailing_zeros().max(4);
        GramOffsets { grams: vec![0; 1 << bits], offsets: vec![0; 1 << bits], bits }
    }

    fn home(&self, gram: u32) -> usize {
        (gram.wrapping_mul(0x85EB_CA6B) >> (32 - self.bits)) as usize
    }

    fn add(&mut self, gram: u32, offset: usize) {
        let mask = self.grams.len() - 1;
        let mut at = self.home(gram);
        while self.grams[at] != 0 && self.grams[at] != gram {
            at = (at + 1) & mask;
        }
        self.grams[at] = gram;
        self.offsets[at] |= 1 << offset;
    }

    fn get(&self, gram: u32) -> u8 {
        let mask = self.grams.len() - 1;
        let mut at = self.home(gram);
        loop {
            match self.grams[at] {
                0 => return 0,
                g if g == gram => return self.offsets[at],
                _ => at = (at + 1) & mask,
            }
        }
    }
}

/// Which pattern starts at a position, the verification step of the sampled filter (as in
/// Wu and Manber): the patterns grouped by their first Q bytes, in a hash table of those
/// grams; a look-up compares the few patterns of one gram with the text. It answers what an
/// anchored leftmost-longest Aho-Corasick search answered: the longest pattern starting
/// there, the first added among equal ones. It was such an automaton, whose building took
/// a third of a page's time (the patterns change with every typed value); the table takes
/// a sort of the patterns.
struct StartTable {
    /// Bucket `b` (of the first gram's hash) holds `entries[bucket_starts[b]..bucket_starts[b + 1]]`.
    bucket_starts: Vec<u32>,
    /// Per bucket: longest pattern first, then in the order the patterns were added.
    entries: Vec<StartEntry>,
    /// The patterns' bytes, end to end.
    bytes: Vec<u8>,
    bucket_bits: u32,
}

struct StartEntry {
    gram: u32,
    pattern: u32,
    offset: u32,
    len: u32,
}

// Every pattern is at least a gram long: the shortest plain form is MIN_PLAIN_CHARS (the
// encodings only lengthen it), and an alignment pattern is never shorter than Q.
const _: () = assert!(MIN_PLAIN_CHARS >= Q);

impl StartTable {
    fn new<'a>(patterns: impl Iterator<Item = &'a [u8]>) -> StartTable {
        let mut bytes = Vec::new();
        let in_order: Vec<StartEntry> = patterns
            .enumerate()
            .map(|(pattern, p)| {
                let offset = bytes.len() as u32;
                bytes.extend_from_slice(p);
                StartEntry { gram: gram(p).unwrap_or(0), pattern: pattern as u32, offset, len: p.len() as u32 }
            })
            .filter(|e| e.len as usize >= Q)
            .collect();
        // About two buckets a pattern: most buckets hold one gram.
        let bucket_bits = (in_order.len() * 2).next_power_of_two().trailing_zeros().max(4);
        let bucket = |gram: u32| bucket_of(gram, bucket_bits);
        // Placed bucket by bucket in the order they were added (a counting sort), then each
        // bucket's longest first, keeping that order among equal lengths (a stable sort).
        let mut bucket_starts = vec![0u32; (1 << bucket_bits) + 1];
        for e in &in_order {
            bucket_starts[bucket(e.gram) + 1] += 1;
        }
        for b in 1..bucket_starts.len() {
            bucket_starts[b] += bucket_starts[b - 1];
        }
        let mut next = bucket_starts.clone();
        let mut slots: Vec<Option<StartEntry>> = (0..in_order.len()).map(|_| None).collect();
        for e in in_order {
            let at = &mut next[bucket(e.gram)];
            slots[*at as usize] = Some(e);
            *at += 1;
        }
        let mut entries: Vec<StartEntry> = slots.into_iter().map(|e| e.expect("every slot is filled")).collect();
        for b in bucket_starts.windows(2).filter(|b| b[1] - b[0] > 1) {
            crate::sort::sort_by_key(&mut entries[b[0] as usize..b[1] as usize], |e| std::cmp::Reverse(e.len));
        }
        StartTable { bucket_starts, entries, bytes, bucket_bits }
    }

    /// The longest pattern starting at `start` of `haystack`, and where it ends.
    fn longest_at(&self, haystack: &[u8], start: usize) -> Option<(usize, usize)> {
        let rest = haystack.get(start..)?;
        let gram = gram(rest)?;
        let bucket = bucket_of(gram, self.bucket_bits);
        let entries = &self.entries[self.bucket_starts[bucket] as usize..self.bucket_starts[bucket + 1] as usize];
        entries
            .iter()
            .find(|e| e.gram == gram && rest.starts_with(&self.bytes[e.offset as usize..(e.offset + e.len) as usize]))
            .map(|e| (e.pattern as usize, start + e.len as usize))
    }
}

/// The first Q bytes of `bytes` as a number, if it has that many.
/// The bucket of a first gram in a [`StartTable`] of `2^bucket_bits` buckets (Fibonacci hashing).
fn bucket_of(gram: u32, bucket_bits: u32) -> usize {
    (gram.wrapping_mul(0x9E37_79B1) >> (32 - bucket_bits)) as usize
}

fn gram(bytes: &[u8]) -> Option<u32> {
    let gram: [u8; Q] = bytes.get(..Q)?.try_into().ok()?;
    Some(u32::from_le_bytes(gram))
}

/// Percent-encoding as `encodeURIComponent` does it, or, with `form`, as
/// `application/x-www-form-urlencoded` (`URLSearchParams`) does: fewer characters kept and
/// `+` for a space.
fn percent_encode(text: &str, form: bool) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for &b in text.as_bytes() {
        let kept = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'*')
            || (!form && matches!(b, b'!' | b'~' | b'\'' | b'(' | b')'));
        if kept {
            out.push(b as char);
        } else if form && b == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The inside of a JSON string holding `text`, as `JSON.stringify` writes it or, with
/// `ascii`, with every non-ASCII character as `\uXXXX` (and `/` as `\/`, as PHP does).
fn json_escape(text: &str, ascii: bool) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    let inner = &quoted[1..quoted.len().saturating_sub(1).max(1)];
    if !ascii {
        return inner.to_string();
    }
    let mut out = String::with_capacity(inner.len());
    for c in inner.chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(kind: PersonalKind, value: &str) -> TypedField {
        TypedField { kind, entry: super::super::TypedEntry::new(value, 0.0) }
    }

    fn has(set: &TokenSet, text: &str, encoding: Encoding) -> bool {
        set.tokens.iter().any(|t| t.bytes == text.as_bytes() && t.encoding == encoding)
    }

    #[test]
    fn every_encoding_of_an_email() {
        let set = TokenSet::derive(&[field(PersonalKind::Email, "Anna.Berg+shop@Example.com")], None);
        assert!(has(&set, "Anna.Berg+shop@Example.com", Encoding::Plain));
        assert!(has(&set, "anna.berg+shop@example.com", Encoding::Plain));
        assert!(has(&set, "anna.berg%2Bshop%40example.com", Encoding::UrlEncoded));
        assert!(has(&set, "YW5uYS5iZXJnK3Nob3BAZXhhbXBsZS5jb20", Encoding::Base64));
        // md5 and sha1 of "anna.berg+shop@example.com", from coreutils' md5sum and sha1sum.
        assert!(has(&set, "39ec83d510473dd3ff21363cf3410543", Encoding::Md5));
        assert!(has(&set, "8666F1BCC1E43DCEC8AA3AF2598521C2A7838C36", Encoding::Sha1));
        let sha = "6ad264acb034dbac49bd9fbfe51c8d536ccee75e95fda742e107ae5f6c6900d4";
        assert!(has(&set, sha, Encoding::Sha256));
        assert!(has(&set, &sha.to_ascii_uppercase(), Encoding::Sha256));
    }

    #[test]
    fn hashes_match_the_reference_digests() {
        // From `printf %s 'anna@example.com' | md5sum` (sha1sum, sha256sum).
        let set = TokenSet::derive(&[field(PersonalKind::Email, "anna@example.com")], None);
        assert!(has(&set, "6b56db1f84a3997b902509d3fbf0a306", Encoding::Md5));
        assert!(has(&set, "46864313fa6d54ca75d20f478c80edfa75d92a16", Encoding::Sha1));
        assert!(has(&set, "f7d54c22dda5b1780276601cd005909b70543fc4a6ba72d735b4cb9bbb611f01", Encoding::Sha256));
    }

    #[test]
    fn form_encoding_uses_plus_for_space() {
        assert_eq!(percent_encode("Anna Müller", true), "Anna+M%C3%BCller");
        assert_eq!(percent_encode("Anna Müller", false), "Anna%20M%C3%BCller");
        assert_eq!(percent_encode("o'neil!", false), "o'neil!");
        assert_eq!(percent_encode("o'neil!", true), "o%27neil%21");
    }

    #[test]
    fn json_escaping_plain_and_ascii() {
        assert_eq!(json_escape("a\"b/ü", false), "a\\\"b/ü");
        assert_eq!(json_escape("a\"b/ü", true), "a\\\"b\\/\\u00fc");
    }

    /// The sampled filter finds exactly what reading every byte finds: each token of a set
    /// of mixed lengths placed at every offset of texts of every length around it.
    #[test]
    fn the_filter_misses_nothing() {
        let set = TokenSet::derive(
            &[field(PersonalKind::Postcode, "NW1 6XE"), field(PersonalKind::Email, "anna@example.com")],
            None,
        );
        assert!(set.filter.stride >= 2, "stride {}", set.filter.stride);
        for token in set.tokens.iter().step_by(3) {
            for before in 0..(set.filter.stride * 2 + 1) {
                for after in [0, 1, 3] {
                    let mut text = vec![b'.'; before];
                    text.extend_from_slice(&token.bytes);
                    text.extend(std::iter::repeat_n(b'.', after));
                    let (fast, every_byte) = found_fast_and_byte_by_byte(&set, &text);
                    assert_eq!(fast, every_byte, "{before} before, {after} after");
                    assert!(fast.iter().any(|&(_, start, _)| start == before));
                }
            }
        }
    }

    /// `(token, start, end)`: one occurrence of a token in a text.
    type Occurrence = (usize, usize, usize);

    /// Every occurrence in `text`, as `occurrences` finds them and as reading every byte
    /// finds them (at each start, the longest token there), sorted.
    fn found_fast_and_byte_by_byte(set: &TokenSet, text: &[u8]) -> (Vec<Occurrence>, Vec<Occurrence>) {
        let mut fast = Vec::new();
        set.occurrences(text, false, |i, start, end| fast.push((i, start, end)));
        let mut every_byte: Vec<Occurrence> = (0..text.len())
            .filter_map(|start| {
                set.tokens
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| text[start..].starts_with(&t.bytes))
                    .max_by_key(|(_, t)| t.bytes.len())
                    .map(|(i, t)| (i, start, start + t.bytes.len()))
            })
            .collect();
        fast.sort_unstable();
        every_byte.sort_unstable();
        (fast, every_byte)
    }

    /// Short tokens (which set the stride) and long ones are found at every position, the
    /// end of the text included: sets whose shortest token is 4, 5, 6 and 7 bytes long,
    /// every token at every offset in texts of two fillers, against reading every byte.
    #[test]
    fn short_and_long_tokens_are_found_at_every_position() {
        let sets = [
            vec![field(PersonalKind::Name, "Anna"), field(PersonalKind::Email, "anna@example.com")],
            vec![field(PersonalKind::Postcode, "10115"), field(PersonalKind::Phone, "030 1234567")],
            vec![field(PersonalKind::Postcode, "NW1 6XE"), field(PersonalKind::Name, "Martha Jones")],
            vec![field(PersonalKind::BirthDate, "1987-03-14"), field(PersonalKind::Postcode, "SW1A 1AA")],
        ];
        for fields in &sets {
            let set = TokenSet::derive(fields, Some("49"));
            let shortest = set.tokens.iter().map(|t| t.bytes.len()).min().unwrap();
            assert_eq!(set.filter.stride, (shortest.min(MAX_ALIGNED_CHARS) - 1).min(MAX_STRIDE), "shortest {shortest}");
            for token in &set.tokens {
                for filler in [b'.', b'z'] {
                    for before in 0..(2 * set.filter.stride + 2) {
                        for after in [0, 1, 2, 3, 5] {
                            let mut text = vec![filler; before];
                            text.extend_from_slice(&token.bytes);
                            text.extend(std::iter::repeat_n(filler, after));
                            let (fast, every_byte) = found_fast_and_byte_by_byte(&set, &text);
                            assert_eq!(fast, every_byte, "{} bytes, {before} before, {after} after", token.bytes.len());
                            assert!(fast.iter().any(|&(_, start, _)| start == before));
                        }
                    }
                }
            }
        }
    }

    /// Both tiers of the filter: with a 6-byte postcode the stride is 5, the postcode's
    /// spellings (6 and 7 bytes) are short patterns found by their 2-byte grams, the rest long
    /// ones. Every token at every offset modulo the stride (from the text's first byte to its
    /// last), each copy of it with one byte changed (a near miss, which nothing finds unless
    /// it is another token), and two tokens overlapping: all as reading every byte finds them.
    #[test]
    fn both_tiers_find_every_alignment_and_no_near_miss() {
        let set = TokenSet::derive(
            &[field(PersonalKind::Postcode, "NW1 6XE"), field(PersonalKind::Email, "anna@example.com")],
            None,
        );
        let stride = set.filter.stride;
        assert_eq!(stride, MAX_STRIDE);
        let short: Vec<&Token> = set.tokens.iter().filter(|t| t.bytes.len() < stride + Q - 1).collect();
        assert!(short.len() >= 2 && short.len() < set.tokens.len(), "both tiers hold tokens");
        assert!(set.filter.short_offsets.iter().any(|&o| o != 0));
        let check = |text: &[u8], must_start_at: Option<usize>| {
            let (fast, every_byte) = found_fast_and_byte_by_byte(&set, text);
            assert_eq!(fast, every_byte, "{}", String::from_utf8_lossy(text));
            if let Some(at) = must_start_at {
                assert!(fast.iter().any(|&(_, start, _)| start == at), "{}", String::from_utf8_lossy(text));
            }
        };
        for token in &set.tokens {
            for before in 0..(2 * stride + 1) {
                for after in [0, 1, stride - 1, stride, stride + 1] {
                    let mut text = vec![b'.'; before];
                    text.extend_from_slice(&token.bytes);
                    text.extend(std::iter::repeat_n(b'.', after));
                    check(&text, Some(before));
                    for changed in before..before + token.bytes.len() {
                        let mut near = text.clone();
                        near[changed] = if near[changed] == b'#' { b'~' } else { b'#' };
                        check(&near, None);
                    }
                }
            }
        }
        // More probe hits than one batch of them holds, in long texts of tokens.
        for filler in ["", ".", "..."] {
            let text: Vec<u8> = set
                .tokens
                .iter()
                .cycle()
                .take(3 * PROBE_BATCH)
                .flat_map(|t| [&t.bytes[..], filler.as_bytes()].concat())
                .collect();
            check(&text, Some(0));
        }
        // Tokens overlapping: the postcode's last two letters begin the name (a short
        // pattern and a long one), at every offset modulo the stride.
        let overlapping = TokenSet::derive(
            &[field(PersonalKind::Postcode, "NW1 6XE"), field(PersonalKind::Name, "Xena Smith")],
            None,
        );
        let index_of = |text: &str| overlapping.tokens.iter().position(|t| t.bytes == text.as_bytes()).unwrap();
        let (postcode, name) = (index_of("nw16xe"), index_of("xena smith"));
        for before in 0..(2 * stride) {
            let text = format!("{}nw16xena smith.", ".".repeat(before));
            let mut found = Vec::new();
            overlapping.occurrences(text.as_bytes(), false, |i, start, end| found.push((i, start, end)));
            assert!(found.contains(&(postcode, before, before + 6)), "{text}: {found:?}");
            assert!(found.contains(&(name, before + 4, before + 14)), "{text}: {found:?}");
            let (fast, every_byte) = found_fast_and_byte_by_byte(&overlapping, text.as_bytes());
            assert_eq!(fast, every_byte, "{text}");
        }
    }

    /// The alignment patterns stand in the base64 of every payload holding a token, at any
    /// offset, in the payload's alphabet; a pattern is never shorter than a q-gram.
    #[test]
    fn alignment_patterns_stand_in_every_payload() {
        use base64::engine::general_purpose::{STANDARD, URL_SAFE};
        let set = TokenSet::derive(
            &[field(PersonalKind::Postcode, "NW1 6XE"), field(PersonalKind::Email, "a+b/c?@example.com")],
            None,
        );
        let patterns = alignment_patterns(&set.tokens);
        assert!(patterns.iter().all(|p| p.len() >= Q));
        for token in &set.tokens {
            for before in 0..7 {
                for after in 0..4 {
                    let mut payload = vec![b'?'; before];
                    payload.extend_from_slice(&token.bytes);
                    payload.extend(std::iter::repeat_n(b'~', after));
                    for encoded in [STANDARD.encode(&payload), URL_SAFE.encode(&payload)] {
                        let found = patterns.iter().any(|p| memchr::memmem::find(encoded.as_bytes(), p).is_some());
                        assert!(found, "{before} before, {after} after");
                    }
                }
            }
        }
    }

    /// The doubled patterns stand in the base64 of every payload holding the base64 of a
    /// payload holding a token: at every pair of offsets and alphabets, the middle layer
    /// also written with `%2B`, `%2F` and `%3D` (upper- and lower-case hex).
    #[test]
    fn doubled_patterns_stand_in_every_double_payload() {
        use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
        let set = TokenSet::derive(
            &[field(PersonalKind::Postcode, "NW1 6XE"), field(PersonalKind::Email, "a+b/c?@example.com")],
            None,
        );
        let doubled = doubled_patterns(&alignment_patterns(&set.tokens));
        assert!(doubled.iter().all(|p| p.len() >= Q));
        let escape = |text: &str, upper: bool| {
            let (plus, slash, pad) = if upper { ("%2B", "%2F", "%3D") } else { ("%2b", "%2f", "%3d") };
            text.replace('+', plus).replace('/', slash).replace('=', pad)
        };
        for token in &set.tokens {
            for inner_before in 0..3 {
                let mut inner = vec![b'?'; inner_before];
                inner.extend_from_slice(&token.bytes);
                inner.push(b'~');
                let standard = STANDARD.encode(&inner);
                for middle in
                    [standard.clone(), URL_SAFE.encode(&inner), escape(&standard, true), escape(&standard, false)]
                {
                    for outer_before in 0..3 {
                        let payload = format!("{}{{\"p\":\"{middle}\"}}", "?".repeat(outer_before));
                        for encoded in [STANDARD.encode(&payload), URL_SAFE_NO_PAD.encode(&payload)] {
                            let found = doubled.iter().any(|p| memchr::memmem::find(encoded.as_bytes(), p).is_some());
                            assert!(found, "{inner_before} {outer_before} {middle}");
                        }
                    }
                }
            }
        }
    }

    /// The start table answers what an anchored leftmost-longest Aho-Corasick search
    /// answers at every position: the longest pattern starting there, the first added among
    /// equal ones. Patterns over a small alphabet, sharing first grams, prefixes of one
    /// another and repeated, planted in texts of the same alphabet.
    #[test]
    fn the_start_table_answers_as_aho_corasick() {
        use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
        fn next(seed: &mut u64, below: u64) -> u64 {
            *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (*seed >> 33) % below
        }
        fn text(seed: &mut u64, len: usize) -> Vec<u8> {
            (0..len).map(|_| b"abAB+/%0"[next(seed, 8) as usize]).collect()
        }
        let seed = &mut 0x1234_5678_9abc_def0u64;
        for round in 0..20 {
            let mut patterns: Vec<Vec<u8>> = (0..40)
                .map(|_| {
                    let len = Q + next(seed, 9) as usize;
                    text(seed, len)
                })
                .collect();
            // Prefixes of others, and repeats (of a token by an alignment pattern, say).
            for i in 0..10 {
                let longer = patterns[i].clone();
                let cut = Q + next(seed, (longer.len() - Q + 1) as u64) as usize;
                patterns.push(longer[..cut].to_vec());
                patterns.push(longer);
            }
            let table = StartTable::new(patterns.iter().map(Vec::as_slice));
            let automaton = AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .build(&patterns)
                .unwrap();
            // Patterns planted between random bytes, and the bytes around them.
            let mut haystack = Vec::new();
            while haystack.len() < 400 {
                let filler = next(seed, 3) as usize;
                haystack.extend(text(seed, filler));
                haystack.extend_from_slice(&patterns[next(seed, patterns.len() as u64) as usize]);
            }
            let mut found = 0;
            for start in 0..=haystack.len() {
                let expected = automaton
                    .find(Input::new(&haystack).span(start..haystack.len()).anchored(Anchored::Yes))
                    .map(|m| (m.pattern().as_usize(), m.end()));
                assert_eq!(table.longest_at(&haystack, start), expected, "round {round}, at {start}");
                found += usize::from(expected.is_some());
            }
            assert!(found > 30, "round {round}: the texts should start patterns often ({found})");
        }
    }

    /// Sorting the patterns as numbers sorts them as their `Ord` does, lengths kept.
    #[test]
    fn sorted_unique_is_sort_and_dedup() {
        let set = TokenSet::derive(
            &[field(PersonalKind::Postcode, "NW1 6XE"), field(PersonalKind::Email, "a+b/c?@example.com")],
            None,
        );
        let mut all = Vec::new();
        for token in &set.tokens {
            push_alignment_patterns(&token.bytes, &mut all);
        }
        let aligned = alignment_patterns(&set.tokens);
        for pattern in aligned.iter().take(40) {
            push_alignment_patterns(pattern, &mut all);
        }
        assert!(all.iter().any(|p| p.len() < MAX_ALIGNED_CHARS) && all.iter().any(|p| p.len() == MAX_ALIGNED_CHARS));
        let mut expected = all.clone();
        expected.sort_unstable();
        expected.dedup();
        let found = sorted_unique(all);
        assert_eq!(found.len(), expected.len());
        assert!(found.iter().zip(&expected).all(|(a, b)| a == b && **a == **b));
    }

    /// The alignment patterns are the characters base64 writes: computed bit by bit, they
    /// equal the slice of the encoded payload (zero bytes before the token) in both alphabets.
    #[test]
    fn alignment_patterns_are_what_base64_writes() {
        use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
        let tokens: Vec<&[u8]> =
            vec![b"NW16XE", b"nw1 6xe", b"anna@example.com", b"\xff\xfe?>~~", "Zoë".as_bytes(), b"abcd", b"a+b/c?"];
        for token in tokens {
            let mut expected = Vec::new();
            for offset in 0..3usize {
                let mut padded = vec![0u8; offset];
                padded.extend_from_slice(token);
                let first = (8 * offset).div_ceil(6);
                let last = (8 * (offset + token.len())) / 6;
                if last < first + Q {
                    continue;
                }
                let last = last.min(first + MAX_ALIGNED_CHARS);
                for encoded in [STANDARD_NO_PAD.encode(&padded), URL_SAFE_NO_PAD.encode(&padded)] {
                    expected.push(encoded.as_bytes()[first..last].to_vec());
                }
            }
            expected.sort();
            expected.dedup();
            let mut found = Vec::new();
            push_alignment_patterns(token, &mut found);
            let mut found: Vec<Vec<u8>> = found.iter().map(|p| p.to_vec()).collect();
            found.sort();
            found.dedup();
            assert_eq!(found, expected, "{token:?}");
        }
    }

    #[test]
    fn debug_shows_no_token() {
        let set = TokenSet::derive(&[field(PersonalKind::Email, "anna@example.com")], None);
        let printed = format!("{set:?}");
        assert!(!printed.contains("anna"), "{printed}");
    }
}
