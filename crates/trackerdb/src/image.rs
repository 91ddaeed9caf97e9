//! The binary image of the tracker data: the match index finished at build time, so that a
//! worker start only checks a header and notes where each table begins (well under a
//! millisecond) instead of parsing ~10,000 lines and building hash maps (~40 ms in wasm).
//!
//! Written by [`crate::compile`] (natively, at build time: `xtask/js/compile-trackerdb.mjs`);
//! read here. Every table is an array of little-endian `u32`; strings are ranges of one byte
//! blob. Reads are bounds-checked and answer "absent" rather than panic, so a damaged file
//! can give wrong answers but cannot crash the worker.
//!
//! ```text
//! "STTDBIMG" u32 version  u32 section count  (u32 offset, u32 length) × count  sections…
//! ```

use std::ops::Range;

use crate::data::LoadError;

pub const MAGIC: &[u8; 8] = b"STTDBIMG";
/// Bumped whenever the layout or the meaning of a field changes.
pub const VERSION: u32 = 3;

/// The sections, in file order. Record layouts (in `u32`s) are given by the `*_FIELDS`
/// constants next to the code that reads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Section {
    /// Every string: metadata, filter lines, hosts, literals.
    Strings,
    /// `[off, len]` of the data's origin (`@ghostery/trackerdb 1.0.945`).
    Source,
    Categories,
    Organizations,
    Patterns,
    /// Per deduplicated filter: its line and the patterns it names.
    Filters,
    /// Host entries (see `matcher`).
    Hosts,
    /// Open-addressing table over `Hosts`: `[hash, entry + 1]` per slot, 0 = empty.
    HostSlots,
    /// Pattern id lists, referred to by range.
    PatternLists,
    /// Filter id lists, referred to by range.
    FilterLists,
    /// 64 Kbit bitmap of the indexed 3-byte windows.
    GramBitmap,
    /// Open-addressing table: `[gram, start, end]` per slot into `GramEntries`, gram 0 = empty.
    GramSlots,
    /// `[literal off, literal len, window offset in literal, filter id]`.
    GramEntries,
    /// Filters with no literal to index, tried on every request.
    Always,
    /// Lines of the data that are not matched: `[off, len, reason]` (see `filter::Skip`).
    Skipped,
    /// 64 Kbit bitmap of `host_hash >> 16` over every host entry, and over the hosts that
    /// key `||host/path` filters: one bit rules out most lookups (see `matcher`).
    HostBitmap,
    PathHostBitmap,
    /// Per `FilterLists` element: `[key, len]`, the first `len` (at most 4) bytes, little
    /// endian, that what follows the filter's `||host` in the URL must start with; len 0:
    /// nothing known (see `matcher`).
    FilterListKeys,
}

pub const SECTION_COUNT: usize = Section::FilterListKeys as usize + 1;
const HEADER: usize = 8 + 4 + 4;

/// The loaded image: the bytes as handed over, and where each section lies in them.
pub struct Image {
    bytes: Box<[u8]>,
    sections: [Range<usize>; SECTION_COUNT],
}

impl Image {
    pub fn is_image(bytes: &[u8]) -> bool {
        bytes.starts_with(MAGIC)
    }

    /// Checks the header and section bounds; the tables themselves are used in place.
    pub fn open(bytes: Box<[u8]>) -> Result<Image, LoadError> {
        let word = |at: usize| -> Option<u32> { Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?)) };
        if !Self::is_image(&bytes) {
            return Err(LoadError::NotAnImage);
        }
        let version = word(8).unwrap_or(0);
        if version != VERSION {
            return Err(LoadError::ImageVersion { found: version, expected: VERSION });
        }
        if word(12) != Some(SECTION_COUNT as u32) {
            return Err(LoadError::SectionCount);
        }
        let mut sections: [Range<usize>; SECTION_COUNT] = Default::default();
        let table_end = HEADER + SECTION_COUNT * 8;
        for (i, section) in sections.iter_mut().enumerate() {
            let (Some(off), Some(len)) = (word(HEADER + i * 8), word(HEADER + i * 8 + 4)) else {
                return Err(LoadError::TruncatedSectionTable);
            };
            let (off, len) = (off as usize, len as usize);
            let in_bounds = off >= table_end && off.checked_add(len).is_some_and(|end| end <= bytes.len());
            // Every section but the string blob is u32 words.
            let aligned = i == Section::Strings as usize || (off % 4 == 0 && len % 4 == 0);
            if !in_bounds || !aligned {
                return Err(LoadError::SectionOutOfBounds(i));
            }
            *section = off..off + len;
        }
        Ok(Image { bytes, sections })
    }

    /// A `u32` table.
    #[inline]
    pub fn words(&self, section: Section) -> Words<'_> {
        Words(&self.bytes[self.sections[section as usize].clone()])
    }

    /// A 64 Kbit bitmap section (`HostBitmap`, `PathHostBitmap`, `GramBitmap`); `None` when
    /// the section has another size (a damaged image).
    #[inline]
    pub fn bitmap(&self, section: Section) -> Option<Bitmap<'_>> {
        self.bytes[self.sections[section as usize].clone()].try_into().ok().map(Bitmap)
    }

    /// A string of the blob; empty when the range is out of bounds or not UTF-8.
    pub fn str(&self, off: u32, len: u32) -> &str {
        std::str::from_utf8(self.bytes_at(off, len)).unwrap_or("")
    }

    #[inline]
    pub fn bytes_at(&self, off: u32, len: u32) -> &[u8] {
        let blob = &self.bytes[self.sections[Section::Strings as usize].clone()];
        let (off, len) = (off as usize, len as usize);
        blob.get(off..off.saturating_add(len)).unwrap_or(&[])
    }
}

/// A table of little-endian `u32`s, read in place (unaligned reads are fine in wasm).
#[derive(Clone, Copy)]
pub struct Words<'a>(&'a [u8]);

impl<'a> Words<'a> {
    /// Word `i`; 0 past the end (every table is built so that 0 reads as "nothing").
    #[inline]
    pub fn get(self, i: usize) -> u32 {
        match self.0.get(i * 4..i * 4 + 4) {
            Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            None => 0,
        }
    }

    #[inline]
    pub fn len(self) -> usize {
        self.0.len() / 4
    }

    /// Record `i` of a table of `N`-word records, when it is whole.
    #[inline]
    pub fn record<const N: usize>(self, i: usize) -> Option<[u32; N]> {
        let bytes = self.0.get(i.checked_mul(N * 4)?..(i + 1).checked_mul(N * 4)?)?;
        let mut out = [0u32; N];
        for (o, b) in out.iter_mut().zip(bytes.chunks_exact(4)) {
            *o = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        Some(out)
    }

    pub fn records<const N: usize>(self) -> usize {
        self.len() / N
    }

    /// Words `start..end`, clamped to the table.
    #[inline]
    pub fn range(self, start: u32, end: u32) -> impl Iterator<Item = u32> + 'a {
        let end = (end as usize).min(self.len());
        (start as usize..end).map(move |i| self.get(i))
    }
}

/// A bitmap of 65,536 bits in little-endian `u32` words (bit `b` of word `w` is bit `32 w + b`,
/// which is bit `bit % 8` of byte `bit / 8`). Its size is checked once, when it is taken from
/// the image, so that testing a bit is one load: several are tested per byte of a request.
#[derive(Clone, Copy)]
pub struct Bitmap<'a>(&'a [u8; 8192]);

impl Bitmap<'_> {
    #[inline]
    pub fn bit(self, bit: u16) -> bool {
        self.0[usize::from(bit >> 3)] & (1 << (bit & 7)) != 0
    }
}

/// Builds an image: the sections in order, each a byte blob or a list of words.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Default)]
pub struct Writer {
    pub strings: Vec<u8>,
    /// Strings already in the blob: hosts, names and URLs repeat across records.
    written: std::collections::HashMap<Vec<u8>, (u32, u32)>,
    pub sections: Vec<Vec<u32>>,
}

#[cfg(not(target_arch = "wasm32"))]
impl Writer {
    pub fn new() -> Writer {
        Writer { sections: vec![Vec::new(); SECTION_COUNT], ..Writer::default() }
    }

    /// The string's `(off, len)` in the blob, appending it the first time.
    pub fn string(&mut self, s: &[u8]) -> (u32, u32) {
        if let Some(&span) = self.written.get(s) {
            return span;
        }
        let span = (self.strings.len() as u32, s.len() as u32);
        self.strings.extend_from_slice(s);
        self.written.insert(s.to_vec(), span);
        span
    }

    pub fn section(&mut self, s: Section) -> &mut Vec<u32> {
        &mut self.sections[s as usize]
    }

    pub fn finish(self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(SECTION_COUNT as u32).to_le_bytes());
        let mut offset = HEADER + SECTION_COUNT * 8;
        let mut bodies: Vec<Vec<u8>> = Vec::new();
        for (i, words) in self.sections.iter().enumerate() {
            let body = if i == Section::Strings as usize {
                self.strings.clone()
            } else {
                words.iter().flat_map(|w| w.to_le_bytes()).collect()
            };
            // Keep word sections 4-byte aligned after the (odd-length) string blob.
            let pad = (4 - offset % 4) % 4;
            offset += pad;
            out.extend_from_slice(&(offset as u32).to_le_bytes());
            out.extend_from_slice(&(body.len() as u32).to_le_bytes());
            offset += body.len();
            bodies.push(body);
        }
        for body in bodies {
            while out.len() % 4 != 0 {
                out.push(0);
            }
            out.extend_from_slice(&body);
        }
        out
    }
}

/// The hash of the host tables is the Public Suffix List table's: FNV-1a over the bytes from
/// last to first, so that one right-to-left pass over a request's host yields the hash of
/// each of its suffixes.
pub use crate::psl::{hash_step, suffix_hash as host_hash, HASH_SEED};

/// Slot of a 3-byte window in the gram bitmap and table.
#[inline]
pub fn gram_hash(gram: u32) -> u32 {
    gram.wrapping_mul(0x9E37_79B1) >> 16
}
