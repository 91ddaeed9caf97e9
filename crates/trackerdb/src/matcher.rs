//! The match index, read in place from the data image (built by `compile`): which filters and
//! domains a request can possibly hit, found without trying all ~4,600 filters.
//!
//! * Hosts: the pattern domains and every `||host…` filter whose host is whole labels,
//!   keyed by that host. A request looks up its host's suffixes (`a.b.c`, `b.c`, `c`) for
//!   domains and `||host^` filters, and every run of its labels for `||host/path` filters
//!   (the reference anchors those anywhere on label edges). The suffixes' hashes come from
//!   one right-to-left pass over the host (`image::host_hash`).
//! * Everything else (`/piwik.js`, `|https://smetrics.`, regexes, `||fls-*.amazon.com^`): a
//!   literal every match must contain is indexed by one of its 3-byte windows; one pass over
//!   the URL finds the candidates, which are then matched in full.
//!
//! Filters are parsed from their line the first time they are a candidate, not at load.
//! Pattern order in the result mirrors the reference SDK: patterns named by a specific filter
//! first, then patterns named by domain, most specific domain first.

use std::sync::OnceLock;

use crate::filter::{has_prefix, same_bytes, Filter};
use crate::image::{gram_hash, hash_step, host_hash, Bitmap, Image, Section, Words, HASH_SEED};
use crate::request::Request;

/// Pattern index into the tracker data.
pub type PatternId = u16;

/// Host entry: `[key off, key len, domain patterns start, end, flags, host filters start,
/// end, path filters start, end]` (lists are ranges of `PatternLists` / `FilterLists`).
pub const HOST_FIELDS: usize = 9;
/// Flag: some pattern has the option-less filter `||host^`; then the host matches as a
/// filter at every level of the request's host, not only as its most specific listed domain.
pub const HOST_PLAIN_FILTER: u32 = 1;
/// Filter: `[line off, line len, patterns start, end]`.
pub const FILTER_FIELDS: usize = 4;
#[cfg(not(target_arch = "wasm32"))]
pub const GRAM_BITMAP_WORDS: usize = 65536 / 32;

/// Windows that occur in most URLs: never chosen to index a literal if another exists.
#[cfg(not(target_arch = "wasm32"))]
pub const COMMON_GRAMS: &[&[u8; 3]] = &[
    b"htt", b"ttp", b"tps", b"ps:", b"p:/", b"s:/", b"://", b"www", b"ww.", b".co", b"com", b"om/", b".js", b"js?",
    b"/js", b"/wp", b"wp-", b"con", b"ent", b"ion", b"/ap", b"api", b"img", b"ima", b"age", b"ger", b".ph", b"php",
    b"jpg", b"png", b"gif", b".gi", b".pn", b".jp", b"/st", b"sta", b"tat", b"ati", b"tic", b"cdn", b"dn.", b".ne",
    b"net", b"et/", b"ts/", b"/as", b"ass", b"sse", b"set", b"scr", b"cri", b"rip", b"ipt", b"pt/", b"/v1", b"/v2",
    b"id=", b"=1&", b"&v=",
];

/// At most this many suffixes of a host are looked up (the most specific ones).
const MAX_SUFFIXES: usize = 16;

pub struct Index {
    pub image: Image,

    /// Filters parsed on first use; `None` inside if the line no longer parses (it did when
    /// the image was built, so only a mismatched build could cause it).
    parsed: Box<[OnceLock<Option<Box<Filter>>>]>,

    /// Whether a window of `https://` or `http://` keys the gram table. Windows that occur in
    /// most URLs are avoided when a literal is indexed (`COMMON_GRAMS`), so normally none
    /// does, and a URL's scan for literals starts after its scheme.
    scheme_grams_indexed: bool,
}

/// The windows inside `https://` and `http://`.
const SCHEME_GRAMS: [&[u8; 3]; 8] = [b"htt", b"ttp", b"tps", b"ps:", b"s:/", b"://", b"tp:", b"p:/"];

/// Whether a window (`gram`: its bytes, first in the low byte) keys the gram table.
fn gram_indexed(image: &Image, gram: u32) -> bool {
    gram_slot(image.words(Section::GramSlots), gram, gram_hash(gram)).is_some()
}

/// The slot of the gram table (`[gram, entries start, end]` records, open addressing with
/// linear probing from `hash`) that `gram` keys, if any.
#[inline]
fn gram_slot(slots: Words, gram: u32, hash: u32) -> Option<usize> {
    let n = slots.len() / 3;
    if n == 0 {
        return None;
    }
    let mut slot = hash as usize & (n - 1);
    for _ in 0..n {
        match slots.get(slot * 3) {
            0 => return None,
            g if g == gram => return Some(slot),
            _ => slot = (slot + 1) & (n - 1),
        }
    }
    None
}

/// Where a URL's scan for indexed windows may start: after the windows of its scheme, when
/// none of those is indexed.
fn scan_start(text: &[u8], scheme_grams_indexed: bool) -> usize {
    if scheme_grams_indexed {
        0
    } else if text.first_chunk::<8>() == Some(b"https://") {
        6
    } else if text.first_chunk::<7>() == Some(b"http://") {
        5
    } else {
        0
    }
}

/// Reused per call: candidate filters, suffixes and matched patterns.
#[derive(Default)]
pub struct MatchScratch {
    candidates: Vec<u32>,
    /// (start of the suffix in the host, its hash), most specific first.
    suffixes: Vec<(usize, u32)>,
    /// Host entries of the request host's listed suffixes, with the suffix's index.
    listed: Vec<(usize, HostEntry)>,
    label_starts: Vec<usize>,
    pub patterns: Vec<PatternId>,
}

impl MatchScratch {
    /// The last request host's suffixes: (start in the host, `image::host_hash`).
    pub fn suffix_hashes(&self) -> &[(usize, u32)] {
        &self.suffixes
    }
}

type HostEntry = [u32; HOST_FIELDS];

impl Index {
    pub fn new(image: Image) -> Index {
        let filters = image.words(Section::Filters).records::<FILTER_FIELDS>();
        let parsed = (0..filters).map(|_| OnceLock::new()).collect();
        let scheme_grams_indexed =
            SCHEME_GRAMS.iter().any(|g| gram_indexed(&image, u32::from_le_bytes([g[0], g[1], g[2], 0])));
        Index { image, parsed, scheme_grams_indexed }
    }

    pub fn filter_count(&self) -> usize {
        self.parsed.len()
    }

    /// All patterns the request matches, in reference order, into `scratch.patterns`.
    ///
    /// The reference (`matchUrl`) is the union of (a) the patterns of every filter that
    /// matches and (b) the patterns of the most specific listed domain among the host and its
    /// parents (`metadata.fromDomain`); (b) alone when the scheme is not one filters apply to.
    pub fn find(&self, request: &Request, scratch: &mut MatchScratch) {
        scratch.patterns.clear();
        let host = request.host.as_bytes();
        let levels = suffix_hashes(host, &mut scratch.suffixes);

        // The listed suffixes' host entries with the suffix's index, most specific first:
        // looked up once, used thrice. Most suffixes are not listed (one bit of the image's
        // bitmap says so), so this is usually empty.
        let listed = &mut scratch.listed;
        listed.clear();
        let listed_hosts = self.image.bitmap(Section::HostBitmap);
        for (i, &(start, hash)) in scratch.suffixes.iter().enumerate() {
            if host_bit(listed_hosts, hash) {
                if let Some(entry) = self.host_entry(&host[start..], hash) {
                    listed.push((i, entry));
                }
            }
        }
        let entries = || scratch.listed.iter().map(|(_, entry)| entry);

        if request.supported {
            // 1. `||host/path` filters on any label run of the host.
            for entry in entries() {
                self.try_path_filters(entry, request, &mut scratch.patterns);
            }
            // Label runs that do not end the host (`a.b.c` → `a`, `a.b`, `b`): from each label
            // start to just before each later one.
            let path_hosts = self.image.bitmap(Section::PathHostBitmap);
            let starts = &mut scratch.label_starts;
            starts.clear();
            starts.push(0);
            starts.extend(host.iter().enumerate().filter(|&(_, &b)| b == b'.').map(|(i, _)| i + 1));
            for (i, &start) in starts.iter().enumerate() {
                for &next in &starts[i + 1..] {
                    let run = &host[start..next - 1];
                    let hash = host_hash(run);
                    if host_bit(path_hosts, hash) {
                        if let Some(entry) = self.host_entry(run, hash) {
                            self.try_path_filters(&entry, request, &mut scratch.patterns);
                        }
                    }
                }
            }
            // 2. Literal-indexed filters.
            scratch.candidates.clear();
            self.candidates(request.url.as_bytes(), &mut scratch.candidates);
            scratch.candidates.extend(self.image.words(Section::Always).range(0, u32::MAX));
            for i in 0..scratch.candidates.len() {
                let id = scratch.candidates[i];
                if self.filter_matches(id, request) {
                    self.extend_filter_patterns(id, &mut scratch.patterns);
                }
            }
            // 3. `||host^` filters, most specific suffix first.
            for entry in entries() {
                self.try_filters(entry[5], entry[6], request, &mut scratch.patterns);
                if entry[4] & HOST_PLAIN_FILTER != 0 {
                    self.extend_patterns(entry[2], entry[3], &mut scratch.patterns);
                }
            }
        }
        // 4. The most specific listed domain (of at least two labels).
        for &(i, entry) in &scratch.listed {
            if levels.saturating_sub(i) < 2 {
                break;
            }
            if entry[3] > entry[2] {
                self.extend_patterns(entry[2], entry[3], &mut scratch.patterns);
                break;
            }
        }
    }

    /// The host entry keyed by `key` (whose `host_hash` is `hash`).
    fn host_entry(&self, key: &[u8], hash: u32) -> Option<HostEntry> {
        let slots = self.image.words(Section::HostSlots);
        let n = slots.len() / 2;
        if n == 0 {
            return None;
        }
        let hosts = self.image.words(Section::Hosts);
        let mut slot = hash as usize & (n - 1);
        // The table is at most half full, so a probe ends at an empty slot; the bound only
        // guards against a damaged image.
        for _ in 0..n {
            let entry = slots.get(slot * 2 + 1);
            if entry == 0 {
                return None;
            }
            if slots.get(slot * 2) == hash {
                let e = hosts.record::<HOST_FIELDS>(entry as usize - 1)?;
                let stored = self.image.bytes_at(e[0], e[1]);
                if same_bytes(stored, key) {
                    return Some(e);
                }
            }
            slot = (slot + 1) & (n - 1);
        }
        None
    }

    /// Filters whose indexed window occurs in the URL and whose literal is there in full.
    fn candidates(&self, text: &[u8], out: &mut Vec<u32>) {
        let slots = self.image.words(Section::GramSlots);
        let Some(bitmap) = self.image.bitmap(Section::GramBitmap) else { return };
        let first = scan_start(text, self.scheme_grams_indexed);
        if text.len() < first + 3 || slots.len() < 3 {
            return;
        }
        let entries = self.image.words(Section::GramEntries);
        let mut gram = u32::from(text[first]) << 8 | u32::from(text[first + 1]) << 16;
        for (i, &next) in (first..).zip(&text[first + 2..]) {
            gram = gram >> 8 | u32::from(next) << 16;
            let hash = gram_hash(gram);
            if !bitmap.bit(hash as u16) {
                continue;
            }
            let Some(slot) = gram_slot(slots, gram, hash) else { continue };
            for e in slots.get(slot * 3 + 1)..slots.get(slot * 3 + 2) {
                let Some([off, len, offset, filter]) = entries.record::<4>(e as usize) else { break };
                let offset = offset as usize;
                if i >= offset
                    && has_prefix(&text[i - offset..], self.image.bytes_at(off, len))
                    && !out.contains(&filter)
                {
                    out.push(filter);
                }
            }
        }
    }

    fn try_filters(&self, start: u32, end: u32, request: &Request, out: &mut Vec<PatternId>) {
        for id in self.image.words(Section::FilterLists).range(start, end) {
            if self.filter_matches(id, request) {
                self.extend_filter_patterns(id, out);
            }
        }
    }

    /// A host entry's `||host/path` filters. They all share the entry's host, and each
    /// matches only the text after that host's first occurrence in the URL (`filter::
    /// matching`), so that text is found once: none can match if the host does not occur,
    /// and a filter whose path key (`Filter::path_key`) the text does not start with is not
    /// tried.
    fn try_path_filters(&self, entry: &HostEntry, request: &Request, out: &mut Vec<PatternId>) {
        let (start, end) = (entry[7], entry[8]);
        if start >= end {
            return;
        }
        let url = request.url.as_bytes();
        let host = self.image.bytes_at(entry[0], entry[1]);
        let Some(at) = crate::filter::find(url, host) else { return };
        let [word, head_len] = crate::filter::head_key(&url[at + host.len()..]);
        let ids = self.image.words(Section::FilterLists);
        let keys = self.image.words(Section::FilterListKeys);
        for i in start as usize..end as usize {
            let (key, len) = (keys.get(i * 2), keys.get(i * 2 + 1));
            if len > head_len || (len > 0 && word & (u32::MAX >> (32 - 8 * len)) != key) {
                continue;
            }
            let id = ids.get(i);
            if self.filter_matches(id, request) {
                self.extend_filter_patterns(id, out);
            }
        }
    }

    fn filter_matches(&self, id: u32, request: &Request) -> bool {
        let Some(cell) = self.parsed.get(id as usize) else { return false };
        let filter = cell.get_or_init(|| {
            let [off, len, ..] = self.image.words(Section::Filters).record::<FILTER_FIELDS>(id as usize)?;
            Filter::parse(self.image.str(off, len)).ok().map(Box::new)
        });
        filter.as_ref().is_some_and(|f| f.matches(request))
    }

    fn extend_filter_patterns(&self, id: u32, out: &mut Vec<PatternId>) {
        if let Some([_, _, start, end]) = self.image.words(Section::Filters).record::<FILTER_FIELDS>(id as usize) {
            self.extend_patterns(start, end, out);
        }
    }

    fn extend_patterns(&self, start: u32, end: u32, out: &mut Vec<PatternId>) {
        for p in self.image.words(Section::PatternLists).range(start, end) {
            let p = p as PatternId;
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
}

/// The host's suffixes (`a.b.c`, `b.c`, `c`) with their hashes, most specific first, at
/// most `MAX_SUFFIXES`: one right-to-left pass, a suffix ending at each label start.
/// Returns the number of labels (1 for an empty host).
pub fn suffix_hashes(host: &[u8], out: &mut Vec<(usize, u32)>) -> usize {
    out.clear();
    let mut h = HASH_SEED;
    for i in (0..host.len()).rev() {
        h = hash_step(h, host[i]);
        if i == 0 || host[i - 1] == b'.' {
            out.push((i, h));
        }
    }
    let labels = out.len().max(1);
    out.reverse();
    out.truncate(MAX_SUFFIXES);
    labels
}

/// Words of the host bitmaps (`Section::HostBitmap`, `Section::PathHostBitmap`).
#[cfg(not(target_arch = "wasm32"))]
pub const HOST_BITMAP_WORDS: usize = 65536 / 32;

/// Sets a host's bit (its `host_hash >> 16`) in a host bitmap (the build step).
#[cfg(not(target_arch = "wasm32"))]
pub fn set_host_bit(bitmap: &mut [u32], hash: u32) {
    let b = (hash >> 16) as usize;
    bitmap[b >> 5] |= 1 << (b & 31);
}

/// Whether a host bitmap has the bit of a host; true when the bitmap is missing or damaged,
/// so that the host table decides.
#[inline]
fn host_bit(bitmap: Option<Bitmap>, hash: u32) -> bool {
    bitmap.is_none_or(|b| b.bit((hash >> 16) as u16))
}
