//! The match index: which filters and domains a request can possibly hit, found without
//! trying all ~10,000 of them.
//!
//! * Hosts: the pattern domains and every `||host…` filter whose host is whole labels,
//!   keyed by that host. A request looks up its host's suffixes (`a.b.c`, `b.c`, `c`) for
//!   domains and `||host^` filters, and every run of its labels for `||host/path` filters
//!   (the reference anchors those anywhere on label edges).
//! * Everything else (`/piwik.js`, `|https://smetrics.`, regexes, `||fls-*.amazon.com^`): a
//!   literal every match must contain is indexed by one of its 3-byte windows; one pass over
//!   the URL finds the candidates, which are then matched in full.
//!
//! Pattern order in the result mirrors the reference SDK: patterns named by a specific filter
//! first, then patterns named by domain, most specific domain first.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::filter::{Filter, Skip};
use super::request::Request;

/// Pattern index into the tracker data.
pub type PatternId = u16;

#[derive(Default)]
struct HostEntry {
    /// Patterns the reference keys under `||host^`: those listing this host among their
    /// domains, and those with an option-less `||host^` filter.
    domain_patterns: Vec<PatternId>,
    /// Some pattern has the option-less filter `||host^`: then the host matches as a filter
    /// at every level of the request's host, not only as its most specific listed domain.
    plain_filter: bool,
    /// `||host^$options` filters: the host must end the request's host.
    host_filters: Vec<u32>,
    /// `||host/path…` filters: the host may sit anywhere in the request's host, on label edges.
    path_filters: Vec<u32>,
}

pub struct Index {
    filters: Vec<Filter>,
    filter_patterns: Vec<Vec<PatternId>>,
    hosts: HashMap<Box<str>, HostEntry, BuildHasherDefault<FxHasher>>,
    scanner: Scanner,
    /// Filters with no literal to index: tried on every request (none in current data).
    always: Vec<u32>,
    pub skipped: Vec<(String, Skip)>,
}

/// Reused per call: candidate filters and matched patterns.
#[derive(Default)]
pub struct MatchScratch {
    candidates: Vec<u32>,
    pub patterns: Vec<PatternId>,
}

impl Index {
    pub fn build<'a>(
        domains: impl Iterator<Item = (PatternId, &'a str)>,
        filters: impl Iterator<Item = (PatternId, &'a str)>,
    ) -> Index {
        let mut index = Index {
            filters: Vec::new(),
            filter_patterns: Vec::new(),
            hosts: HashMap::default(),
            scanner: Scanner::default(),
            always: Vec::new(),
            skipped: Vec::new(),
        };
        for (pattern, domain) in domains {
            let domain = domain.trim().to_ascii_lowercase();
            if domain.is_empty() {
                continue;
            }
            push_unique(&mut index.hosts.entry(domain.into()).or_default().domain_patterns, pattern);
        }
        // The same filter text in two patterns names both (the reference keys metadata by filter).
        let mut by_text: HashMap<&str, u32, BuildHasherDefault<FxHasher>> = HashMap::default();
        let mut literals: Vec<(Box<[u8]>, u32)> = Vec::new();
        for (pattern, line) in filters {
            let line = line.trim();
            if let Some(&id) = by_text.get(line) {
                push_unique(&mut index.filter_patterns[id as usize], pattern);
                continue;
            }
            let filter = match Filter::parse(line) {
                Ok(f) => f,
                Err(skip) => {
                    index.skipped.push((line.to_string(), skip));
                    continue;
                }
            };
            if filter.is_plain_domain() {
                let host = filter.hostname.as_deref().unwrap_or_default();
                let entry = index.hosts.entry(host.into()).or_default();
                entry.plain_filter = true;
                push_unique(&mut entry.domain_patterns, pattern);
                continue;
            }
            let id = index.filters.len() as u32;
            by_text.insert(line, id);
            if filter.is_host_only() {
                let host = filter.hostname.as_deref().unwrap_or_default();
                index.hosts.entry(host.into()).or_default().host_filters.push(id);
            } else if filter.is_host_anchored() {
                let host = filter.hostname.as_deref().unwrap_or_default();
                index.hosts.entry(host.into()).or_default().path_filters.push(id);
            } else {
                match filter.required_literals() {
                    Some(alternatives) => literals.extend(alternatives.into_iter().map(|l| (l, id))),
                    None => index.always.push(id),
                }
            }
            index.filters.push(filter);
            index.filter_patterns.push(vec![pattern]);
        }
        index.scanner = Scanner::build(literals);
        index
    }

    /// All patterns the request matches, in reference order, into `scratch.patterns`.
    ///
    /// The reference (`matchUrl`) is the union of (a) the patterns of every filter that
    /// matches and (b) the patterns of the most specific listed domain among the host and its
    /// parents (`metadata.fromDomain`); (b) alone when the scheme is not one filters apply to.
    pub fn find(&self, request: &Request, scratch: &mut MatchScratch) {
        scratch.patterns.clear();
        let host = request.host;

        // Host entries for the suffixes, most specific first: looked up once, used thrice.
        let mut suffix_entries: [Option<&HostEntry>; 16] = [None; 16];
        let mut n_suffixes = 0;
        if !host.is_empty() {
            for suffix in suffixes(host) {
                if n_suffixes == suffix_entries.len() {
                    break;
                }
                suffix_entries[n_suffixes] = self.hosts.get(suffix);
                n_suffixes += 1;
            }
        }
        let suffix_entries = &suffix_entries[..n_suffixes];

        if request.supported {
            // 1. `||host/path` filters on any label run of the host.
            for entry in suffix_entries.iter().flatten() {
                self.try_filters(&entry.path_filters, request, &mut scratch.patterns);
            }
            if !host.is_empty() {
                for run in inner_label_runs(host) {
                    if let Some(entry) = self.hosts.get(run) {
                        self.try_filters(&entry.path_filters, request, &mut scratch.patterns);
                    }
                }
            }
            // 2. Literal-indexed filters.
            scratch.candidates.clear();
            self.scanner.candidates(request.url.as_bytes(), &mut scratch.candidates);
            scratch.candidates.extend_from_slice(&self.always);
            for i in 0..scratch.candidates.len() {
                let id = scratch.candidates[i];
                if self.filters[id as usize].matches(request) {
                    extend_unique(&mut scratch.patterns, &self.filter_patterns[id as usize]);
                }
            }
            // 3. `||host^` filters, most specific suffix first.
            for entry in suffix_entries.iter().flatten() {
                self.try_filters(&entry.host_filters, request, &mut scratch.patterns);
                if entry.plain_filter {
                    extend_unique(&mut scratch.patterns, &entry.domain_patterns);
                }
            }
        }
        // 4. The most specific listed domain (of at least two labels).
        let levels = host.bytes().filter(|&b| b == b'.').count() + 1;
        for (i, entry) in suffix_entries.iter().enumerate() {
            if levels - i < 2 {
                break;
            }
            if let Some(entry) = entry {
                if !entry.domain_patterns.is_empty() {
                    extend_unique(&mut scratch.patterns, &entry.domain_patterns);
                    break;
                }
            }
        }
    }

    fn try_filters(&self, ids: &[u32], request: &Request, out: &mut Vec<PatternId>) {
        for &id in ids {
            if self.filters[id as usize].matches(request) {
                extend_unique(out, &self.filter_patterns[id as usize]);
            }
        }
    }

    pub fn filter_count(&self) -> usize {
        self.filters.len()
    }
}

fn push_unique(list: &mut Vec<PatternId>, p: PatternId) {
    if !list.contains(&p) {
        list.push(p);
    }
}

fn extend_unique(list: &mut Vec<PatternId>, from: &[PatternId]) {
    for &p in from {
        push_unique(list, p);
    }
}

/// `a.b.c` → `a.b.c`, `b.c`, `c`.
fn suffixes(host: &str) -> impl Iterator<Item = &str> {
    std::iter::once(host).chain(host.match_indices('.').map(move |(i, _)| &host[i + 1..]))
}

/// Label runs that do not end the host: `a.b.c` → `a`, `a.b`, `b`.
fn inner_label_runs(host: &str) -> impl Iterator<Item = &str> {
    let starts = std::iter::once(0).chain(host.match_indices('.').map(|(i, _)| i + 1));
    starts.flat_map(move |start| {
        host[start..].match_indices('.').map(move |(i, _)| &host[start..start + i])
    })
}

/// Multi-literal search: each literal is indexed by one 3-byte window, chosen to be rare in
/// URLs; a 64 Kbit bitmap of those windows rejects almost every URL position at the cost
/// of one bit test.
#[derive(Default)]
struct Scanner {
    bitmap: Vec<u64>,
    by_gram: HashMap<u32, Vec<GramEntry>, BuildHasherDefault<FxHasher>>,
}

/// (literal, offset of the indexed window inside it, filter id)
type GramEntry = (Box<[u8]>, u32, u32);

/// Windows that occur in most URLs: never chosen to index a literal if another exists.
const COMMON_GRAMS: &[&[u8; 3]] = &[
    b"htt", b"ttp", b"tps", b"ps:", b"p:/", b"s:/", b"://", b"www", b"ww.", b".co", b"com", b"om/",
    b".js", b"js?", b"/js", b"/wp", b"wp-", b"con", b"ent", b"ion", b"/ap", b"api", b"img", b"ima",
    b"age", b"ger", b".ph", b"php", b"jpg", b"png", b"gif", b".gi", b".pn", b".jp", b"/st", b"sta",
    b"tat", b"ati", b"tic", b"cdn", b"dn.", b".ne", b"net", b"et/", b"ts/", b"/as", b"ass", b"sse",
    b"set", b"scr", b"cri", b"rip", b"ipt", b"pt/", b"/v1", b"/v2", b"id=", b"=1&", b"&v=",
];

fn gram_at(text: &[u8], i: usize) -> u32 {
    u32::from(text[i]) | u32::from(text[i + 1]) << 8 | u32::from(text[i + 2]) << 16
}

fn gram_bit(gram: u32) -> usize {
    (gram.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

impl Scanner {
    fn build(literals: Vec<(Box<[u8]>, u32)>) -> Scanner {
        let mut frequency: HashMap<u32, u32, BuildHasherDefault<FxHasher>> = HashMap::default();
        for (lit, _) in &literals {
            for i in 0..lit.len() - 2 {
                *frequency.entry(gram_at(lit, i)).or_default() += 1;
            }
        }
        let mut scanner = Scanner { bitmap: vec![0; 1024], by_gram: HashMap::default() };
        for (lit, filter) in literals {
            let best = (0..lit.len() - 2)
                .min_by_key(|&i| {
                    let common = COMMON_GRAMS.iter().any(|g| &lit[i..i + 3] == *g);
                    (common, frequency[&gram_at(&lit, i)])
                })
                .unwrap_or(0);
            let gram = gram_at(&lit, best);
            let bit = gram_bit(gram);
            scanner.bitmap[bit >> 6] |= 1 << (bit & 63);
            scanner.by_gram.entry(gram).or_default().push((lit, best as u32, filter));
        }
        scanner
    }

    fn candidates(&self, text: &[u8], out: &mut Vec<u32>) {
        if text.len() < 3 || self.by_gram.is_empty() {
            return;
        }
        for i in 0..text.len() - 2 {
            let gram = gram_at(text, i);
            let bit = gram_bit(gram);
            if self.bitmap[bit >> 6] & (1 << (bit & 63)) == 0 {
                continue;
            }
            let Some(entries) = self.by_gram.get(&gram) else { continue };
            for (lit, offset, filter) in entries {
                let offset = *offset as usize;
                if i >= offset && text[i - offset..].starts_with(lit) && !out.contains(filter) {
                    out.push(*filter);
                }
            }
        }
    }
}

/// A small, fast, non-cryptographic hasher (the multiply-rotate scheme rustc uses): keys are
/// hostnames from the data, not attacker-chosen, and a lookup is on the per-request path.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ (rest.len() as u64) << 59);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}
