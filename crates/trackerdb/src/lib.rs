//! ShopTrust's tracker-data engine: which requests of a page go to trackers, of which company
//! and category, and which site a host belongs to. Kept apart from the judging (the
//! `shoptrust` crate's tracking concern) the way Brave's `adblock-rust` keeps its engine.
//!
//! * [`TrackerDb`] classifies a request (`url`, webRequest `type`, source page URL) against
//!   Ghostery's TrackerDB (`@ghostery/trackerdb`, compiled at build time by
//!   `xtask/js/compile-trackerdb.mjs` and [`TrackerDb::compile`], loaded once per worker
//!   start): first party, tracker (pattern, category, organisation), or unknown third party.
//!   A caller can also have it flag requests to a short list of watched domains (ShopTrust
//!   watches session-replay vendors) at the cost of a few comparisons.
//! * [`site`]: a host's site on the Public Suffix List, first vs third party.
//!
//! Module map: `data` (the text data, as the build step writes it), `compile` (text → binary
//! image, at build time), `image` (the image's layout and checked reads), `matcher` (the
//! index lookups over the image), `filter` (one filter: `parse` and `matching`), `request`
//! (one request, normalised), `psl` (the Public Suffix List as a table, written by the build
//! script `build.rs` from the `psl` crate's list), `bytes` (the in-place byte comparisons
//! both use).

mod bytes;
// The text → image compiler runs at build time, natively: the wasm only reads images.
#[cfg(not(target_arch = "wasm32"))]
mod compile;
mod data;
pub mod filter;
mod image;
mod matcher;
pub mod psl;
mod request;
pub mod site;
#[cfg(test)]
mod test_rng;

pub use data::LoadError;
pub use matcher::PatternId;
pub use site::Party;

use image::{host_hash, Image, Section};
use matcher::{Index, MatchScratch};
use request::{Request, Scratch};

pub use request::{type_code as request_type_code, UNKNOWN_TYPE};

/// The tracker database: the data image, read in place.
pub struct TrackerDb {
    index: Index,
    /// Domains the caller asked to flag ([`TrackerDb::watching`]), in the caller's order.
    watched: Vec<&'static str>,
    /// `image::host_hash` of each watched domain, sorted: a request's host suffixes are
    /// hashed anyway, so spotting a watched host costs a few comparisons.
    watched_hashes: Vec<u32>,
}

/// The verdict on one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification {
    pub party: Party,
    /// The pattern that names the request, the most specific first (see `matcher`); the
    /// full list is [`Classifier::matches`].
    pub tracker: Option<PatternId>,
    /// The first of the watched domains ([`TrackerDb::watching`]) the request's host is on,
    /// by its index in that list, tracker data or not.
    pub watched: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Tracker(PatternId),
    FirstParty,
    /// A third party the tracker data does not name: a CDN, a payment provider, or a
    /// tracker TrackerDB does not know yet.
    UnknownThirdParty,
    /// Not a tracker, and the source had no host to compare with (`about:blank`).
    NoSource,
}

impl Classification {
    pub fn verdict(&self) -> Verdict {
        match (self.tracker, self.party) {
            (Some(p), _) => Verdict::Tracker(p),
            (None, Party::First) => Verdict::FirstParty,
            (None, Party::Third) => Verdict::UnknownThirdParty,
            (None, Party::Unknown) => Verdict::NoSource,
        }
    }
}

/// What a tracker pattern says about the request's recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackerInfo<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub category_key: &'a str,
    pub category_name: &'a str,
    pub organization: Option<Organization<'a>>,
}

impl<'a> TrackerInfo<'a> {
    /// The company behind the pattern: its organisation, else the pattern's own name.
    pub fn company_name(&self) -> &'a str {
        self.organization.map_or(self.name, |o| o.name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Organization<'a> {
    pub key: &'a str,
    pub name: &'a str,
    /// ISO 3166-1 alpha-2, as the data gives it (may be empty).
    pub country: &'a str,
    pub privacy_policy_url: &'a str,
    pub website_url: &'a str,
}

/// Per-caller working memory, reused so classifying allocates nothing once warm. Also holds
/// the source page: a page's requests share it, and its site costs a PSL walk, so it is set
/// once per page (`set_source_page`) rather than passed with every request.
#[derive(Default)]
pub struct Classifier {
    scratch: Scratch,
    matches: MatchScratch,
    /// The source pages set lately, at most `RECENT_SOURCES`: a worker classifying for several
    /// tabs and frames in turn goes back and forth between a few pages, and each new one costs
    /// a host parse and a PSL walk. They stay where they are (`current` says which one is
    /// set; `SourcePage::used` which was set least lately): moving them to keep recency order
    /// cost as much as the rest of a switch back to a recent page.
    sources: Vec<SourcePage>,
    current: usize,
    /// Counts `set_source_page` calls, to stamp `SourcePage::used`.
    clock: u64,
    /// Counts source pages filled in, to give each its `SourcePage::token`.
    fills: u32,
}

/// How many source pages a [`Classifier`] remembers.
const RECENT_SOURCES: usize = 8;

#[derive(Default)]
struct SourcePage {
    url: String,
    /// Host of `url` (empty: none) and where its site starts inside it.
    host: String,
    site_start: usize,
    /// `Classifier::clock` when it was last set: the least recent one is replaced.
    used: u64,
    /// Names this page while it stays remembered (`Classifier::source_token`); never 0.
    token: u32,
}

impl Classifier {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every pattern the last classified request matched, the primary one first.
    pub fn matches(&self) -> &[PatternId] {
        &self.matches.patterns
    }

    /// Sets the URL of the document whose requests are classified next (the page or frame
    /// that makes them). Setting the current URL again costs one comparison, one of the
    /// last few a few more.
    pub fn set_source_page(&mut self, source_url: &str) {
        let hit = match self.sources.get(self.current) {
            Some(s) if s.url == source_url => Some(self.current),
            _ => self.sources.iter().position(|s| s.url == source_url),
        };
        if let Some(i) = hit {
            self.make_current(i);
            return;
        }
        // The least recent one is reused (its strings keep their capacity).
        let reused = if self.sources.len() < RECENT_SOURCES {
            self.sources.push(SourcePage::default());
            self.sources.len() - 1
        } else {
            (0..self.sources.len()).min_by_key(|&i| self.sources[i].used).unwrap_or(0)
        };
        self.make_current(reused);
        // Tokens wrap after 2^32 pages, so a caller holding one for that long could be handed
        // another page: a worker restarts long before (and the token is never 0).
        self.fills = self.fills.checked_add(1).unwrap_or(1);
        let source = &mut self.sources[self.current];
        source.token = self.fills;
        source.url.clear();
        source.url.push_str(source_url);
        source.host.clear();
        if let Some(host) = site::host_of(source_url) {
            source.host.push_str(&host);
        }
        let site = site::site_of(&source.host);
        source.site_start = source.host.len() - site.len();
    }
}

impl Classifier {
    /// A number naming the current source page while this classifier remembers it (0: none
    /// set): `select_source` makes it current again without the URL, which saves a caller
    /// across the wasm boundary writing the URL and the classifier comparing it.
    pub fn source_token(&self) -> u32 {
        self.sources.get(self.current).map_or(0, |s| s.token)
    }

    /// Makes the remembered source page `token` names current, as `set_source_page` with its
    /// URL would; false (nothing changed) when it is no longer remembered.
    pub fn select_source(&mut self, token: u32) -> bool {
        let Some(i) = self.sources.iter().position(|s| s.token == token && token != 0) else { return false };
        self.make_current(i);
        true
    }

    /// Source page `i` is the current one, and the one set most lately.
    fn make_current(&mut self, i: usize) {
        self.clock += 1;
        self.current = i;
        self.sources[i].used = self.clock;
    }
}

impl SourcePage {
    /// The page's host and site, when it has a host.
    fn host_and_site(&self) -> Option<(&str, &str)> {
        (!self.host.is_empty()).then(|| (self.host.as_str(), &self.host[self.site_start..]))
    }
}

impl TrackerDb {
    /// Loads the tracker data: the binary image (`dist/trackerdb.tdb`), or the text form
    /// (`data`), which is compiled first (slow: for tests and tools).
    pub fn load(bytes: &[u8]) -> Result<TrackerDb, LoadError> {
        Self::load_owned(bytes.into())
    }

    /// Same, taking the bytes over (the wasm binding's path: no second copy).
    pub fn load_owned(bytes: Box<[u8]>) -> Result<TrackerDb, LoadError> {
        let image =
            if Image::is_image(&bytes) { Image::open(bytes)? } else { Image::open(Self::compile(&bytes)?.into())? };
        Ok(TrackerDb { index: Index::new(image), watched: Vec::new(), watched_hashes: Vec::new() })
    }

    /// Flags requests to these domains (or their subdomains) in [`Classification::watched`],
    /// by index in this list; the first listed wins when several hold.
    pub fn watching(mut self, domains: Vec<&'static str>) -> TrackerDb {
        // Sorted by insertion: a few dozen hashes, and `sort_unstable` would bring ~3.5 KB of
        // wasm (quicksort) that the worker compiles at every start just for this.
        self.watched_hashes.clear();
        for hash in domains.iter().map(|d| host_hash(d.as_bytes())) {
            let at = self.watched_hashes.partition_point(|&h| h < hash);
            self.watched_hashes.insert(at, hash);
        }
        self.watched = domains;
        self
    }

    /// Compiles the text data into the image `load` reads fastest (the build step).
    pub fn compile(text: &[u8]) -> Result<Vec<u8>, LoadError> {
        #[cfg(not(target_arch = "wasm32"))]
        return compile::compile(text);
        // Not in the wasm, whose size is paid at every worker start: `xtask build` ships the
        // image.
        #[cfg(target_arch = "wasm32")]
        Err(LoadError::TextNotCompiled { bytes: text.len() })
    }

    /// Classifies one request. `request_type` is the webRequest `type` (`script`, `image`,
    /// `xmlhttprequest` …); `source_url` the URL of the document that made the request.
    pub fn classify(&self, request_url: &str, request_type: &str, source_url: &str) -> Classification {
        self.classify_with(&mut Classifier::new(), request_url, request_type, source_url)
    }

    /// Same, reusing a caller-held [`Classifier`].
    pub fn classify_with(
        &self,
        c: &mut Classifier,
        request_url: &str,
        request_type: &str,
        source_url: &str,
    ) -> Classification {
        c.set_source_page(source_url);
        self.classify_request(c, request_url, request::type_code(request_type))
    }

    /// Classifies one request of the classifier's source page (`Classifier::set_source_page`);
    /// `type_code` from [`request_type_code`]. The extension's per-request path.
    pub fn classify_request(&self, c: &mut Classifier, request_url: &str, type_code: u32) -> Classification {
        c.scratch.prepare(request_url);
        let source = c.sources.get(c.current).and_then(SourcePage::host_and_site);
        let request = Request::new(&c.scratch, request_url, type_code, source);
        self.index.find(&request, &mut c.matches);
        let party = match request.same_site {
            Some(true) => Party::First,
            Some(false) => Party::Third,
            None => Party::Unknown,
        };
        let watched_suffix =
            c.matches.suffix_hashes().iter().any(|(_, h)| self.watched_hashes.binary_search(h).is_ok());
        let watched =
            if watched_suffix { self.watched.iter().position(|d| site::on_host(request.host, d)) } else { None };
        Classification { party, tracker: c.matches.patterns.first().copied(), watched }
    }

    pub fn tracker(&self, id: PatternId) -> Option<TrackerInfo<'_>> {
        let img = &self.index.image;
        let [key_off, key_len, name_off, name_len, category, org] =
            img.words(Section::Patterns).record::<6>(usize::from(id))?;
        let [ck_off, ck_len, cn_off, cn_len] = img.words(Section::Categories).record::<4>(category as usize)?;
        let organization = org.checked_sub(1).and_then(|o| img.words(Section::Organizations).record::<10>(o as usize));
        Some(TrackerInfo {
            key: img.str(key_off, key_len),
            name: img.str(name_off, name_len),
            category_key: img.str(ck_off, ck_len),
            category_name: img.str(cn_off, cn_len),
            organization: organization.map(|o| Organization {
                key: img.str(o[0], o[1]),
                name: img.str(o[2], o[3]),
                country: img.str(o[4], o[5]),
                privacy_policy_url: img.str(o[6], o[7]),
                website_url: img.str(o[8], o[9]),
            }),
        })
    }

    /// The data's origin, e.g. `@ghostery/trackerdb 1.0.945`.
    pub fn source(&self) -> &str {
        let img = &self.index.image;
        let s = img.words(Section::Source);
        img.str(s.get(0), s.get(1))
    }

    pub fn pattern_count(&self) -> usize {
        self.index.image.words(Section::Patterns).records::<6>()
    }

    pub fn organization_count(&self) -> usize {
        self.index.image.words(Section::Organizations).records::<10>()
    }

    pub fn category_count(&self) -> usize {
        self.index.image.words(Section::Categories).records::<4>()
    }

    /// Lines of the data ShopTrust does not match (cosmetic rules, unsupported options), with
    /// the reason: for build-time reporting.
    pub fn skipped_filters(&self) -> impl Iterator<Item = (&str, filter::Skip)> {
        let img = &self.index.image;
        let t = img.words(Section::Skipped);
        (0..t.records::<3>()).filter_map(move |i| {
            let [off, len, code] = t.record::<3>(i)?;
            Some((img.str(off, len), filter::Skip::from_code(code)))
        })
    }

    /// Network filters in the index (plain `||host^` filters count as domains, not here).
    pub fn filter_count(&self) -> usize {
        self.index.filter_count()
    }
}
