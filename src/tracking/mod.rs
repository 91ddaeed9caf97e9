//! Tracking: which requests of a shop page go to trackers, of which company and category.
//!
//! * [`TrackerDb`] classifies a request (`url`, webRequest `type`, source page URL) against
//!   Ghostery's TrackerDB (`@ghostery/trackerdb`, compiled at build time by
//!   `xtask/js/compile-trackerdb.mjs`, loaded once per worker start): first party, tracker
//!   (pattern, category, organisation), or unknown third party.
//! * [`party`]: first vs third party on the Public Suffix List.
//! * [`replay`]: session-replay vendors (not a TrackerDB category), [`cookies`]: tracking
//!   cookies by name. Both tables are data with a source per entry.
//!
//! Module map: `data` (load the compiled data), `request` (one request, normalised),
//! `filter` (one filter: parse and match), `matcher` (the index over all filters).

pub mod cookies;
mod data;
pub mod filter;
mod matcher;
pub mod party;
pub mod replay;
mod request;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use data::LoadError;
pub use matcher::PatternId;
pub use party::Party;
pub use replay::ReplayVendor;

use data::Records;
use matcher::{Index, MatchScratch};
use request::{Request, Scratch};

/// The tracker database, loaded and indexed.
pub struct TrackerDb {
    records: Records,
    index: Index,
}

/// The verdict on one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification {
    pub party: Party,
    /// The pattern that names the request, the most specific first (see `matcher`); the
    /// full list is [`Classifier::matches`].
    pub tracker: Option<PatternId>,
    /// Set when the host belongs to a session-replay vendor, tracker data or not.
    pub session_replay: Option<ReplayVendor>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Organization<'a> {
    pub key: &'a str,
    pub name: &'a str,
    /// ISO 3166-1 alpha-2, as the data gives it (may be empty).
    pub country: &'a str,
    pub privacy_policy_url: &'a str,
    pub website_url: &'a str,
}

/// Per-caller working memory, reused so classifying allocates nothing once warm. Also
/// remembers the last source URL: a page's requests share it, and its site costs a PSL walk.
#[derive(Default)]
pub struct Classifier {
    scratch: Scratch,
    matches: MatchScratch,
    source_url: String,
    /// Host of `source_url` (empty: none) and where its site starts inside it.
    source_host: String,
    source_site_start: usize,
}

impl Classifier {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every pattern the last classified request matched, the primary one first.
    pub fn matches(&self) -> &[PatternId] {
        &self.matches.patterns
    }

    fn set_source(&mut self, source_url: &str) {
        if source_url == self.source_url {
            return;
        }
        self.source_url.clear();
        self.source_url.push_str(source_url);
        self.source_host.clear();
        if let Some(host) = party::host_of(source_url) {
            self.source_host.push_str(&host);
        }
        let site = party::site_of(&self.source_host);
        self.source_site_start = self.source_host.len() - site.len();
    }
}

impl TrackerDb {
    /// Loads the compiled data (`dist/trackerdb.tdb`).
    pub fn load(bytes: &[u8]) -> Result<TrackerDb, LoadError> {
        let records = data::parse(bytes)?;
        let index = Index::build(
            records.domains.iter().map(|&(p, span)| (p as PatternId, records.str(span))),
            records.filters.iter().map(|&(p, span)| (p as PatternId, records.str(span))),
        );
        if records.patterns.len() > PatternId::MAX as usize {
            return Err(LoadError("too many patterns".into()));
        }
        Ok(TrackerDb { records, index })
    }

    /// Classifies one request. `request_type` is the webRequest `type` (`script`, `image`,
    /// `xmlhttprequest` …); `source_url` the URL of the document that made the request.
    pub fn classify(&self, request_url: &str, request_type: &str, source_url: &str) -> Classification {
        self.classify_with(&mut Classifier::new(), request_url, request_type, source_url)
    }

    /// Same, reusing a caller-held [`Classifier`] (the per-request path of the extension).
    pub fn classify_with(
        &self,
        c: &mut Classifier,
        request_url: &str,
        request_type: &str,
        source_url: &str,
    ) -> Classification {
        c.set_source(source_url);
        c.scratch.prepare(request_url);
        let source = (!c.source_host.is_empty())
            .then(|| (c.source_host.as_str(), &c.source_host[c.source_site_start..]));
        let request = Request::new(&c.scratch, request_url, request_type, source);
        self.index.find(&request, &mut c.matches);
        let party = if request.host.is_empty() {
            Party::Unknown
        } else {
            party::party(request.site, source.map(|s| s.1))
        };
        Classification {
            party,
            tracker: c.matches.patterns.first().copied(),
            session_replay: replay::vendor_for_host(request.host),
        }
    }

    pub fn tracker(&self, id: PatternId) -> Option<TrackerInfo<'_>> {
        let r = &self.records;
        let p = r.patterns.get(id as usize)?;
        let category = &r.categories[p.category as usize];
        Some(TrackerInfo {
            key: r.str(p.key),
            name: r.str(p.name),
            category_key: r.str(category.key),
            category_name: r.str(category.name),
            organization: p.organization.map(|o| {
                let o = &r.organizations[o as usize];
                Organization {
                    key: r.str(o.key),
                    name: r.str(o.name),
                    country: r.str(o.country),
                    privacy_policy_url: r.str(o.privacy_policy_url),
                    website_url: r.str(o.website_url),
                }
            }),
        })
    }

    /// The data's origin, e.g. `@ghostery/trackerdb 1.0.945`.
    pub fn source(&self) -> &str {
        self.records.str(self.records.source)
    }

    pub fn pattern_count(&self) -> usize {
        self.records.patterns.len()
    }

    pub fn organization_count(&self) -> usize {
        self.records.organizations.len()
    }

    pub fn category_count(&self) -> usize {
        self.records.categories.len()
    }

    /// Filters of the data ShopTrust does not match (cosmetic rules, unsupported options),
    /// with the reason: for build-time reporting.
    pub fn skipped_filters(&self) -> impl Iterator<Item = (&str, &filter::Skip)> {
        self.index.skipped.iter().map(|(l, s)| (l.as_str(), s))
    }

    pub fn filter_count(&self) -> usize {
        self.index.filter_count()
    }
}
