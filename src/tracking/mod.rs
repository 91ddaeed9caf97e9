//! Tracking, the concern: which trackers a shop page loads, of which company and category,
//! and what that costs the page.
//!
//! The engine that classifies one request against Ghostery's TrackerDB is its own crate,
//! `trackerdb` (crates/trackerdb: filters, matcher, data image, Public Suffix List). This
//! module adds what ShopTrust knows beyond the tracker data and judges the page:
//!
//! * [`TrackerDb`]: the engine, loaded with ShopTrust's watch list of session-replay
//!   vendors, so each [`Classification`] names the recorder a request goes to.
//! * [`replay`]: session-replay vendors (not a TrackerDB category), [`cookies`]: tracking
//!   cookies by name. Both tables are data with a source per entry.
//! * [`page_requests`]: the page's requests, classified once per evaluation; [`judge`]: the
//!   tracking findings and the tracker list of the report.

pub mod cookies;
pub mod judge;
pub mod page_requests;
pub mod replay;
#[cfg(target_arch = "wasm32")]
pub(crate) mod wasm;

use std::ops::Deref;

pub use replay::ReplayVendor;
pub use trackerdb::{
    filter, request_type_code, Classifier, LoadError, Organization, Party, PatternId, TrackerInfo, Verdict,
    UNKNOWN_TYPE,
};

/// The tracker data, watching for session-replay vendors. Everything but classifying is
/// the engine's own ([`trackerdb::TrackerDb`], reached through `Deref`).
pub struct TrackerDb {
    engine: trackerdb::TrackerDb,
}

/// The engine's verdict on one request ([`trackerdb::Classification`]: party, tracker
/// pattern), plus the session-replay vendor it goes to, tracker data or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification {
    engine: trackerdb::Classification,
    pub session_replay: Option<ReplayVendor>,
}

impl Deref for Classification {
    type Target = trackerdb::Classification;

    fn deref(&self) -> &trackerdb::Classification {
        &self.engine
    }
}

impl Deref for TrackerDb {
    type Target = trackerdb::TrackerDb;

    fn deref(&self) -> &trackerdb::TrackerDb {
        &self.engine
    }
}

impl TrackerDb {
    /// Loads the tracker data: the binary image (`dist/trackerdb.tdb`), or the text form,
    /// which is compiled first (slow: for tests and tools).
    pub fn load(bytes: &[u8]) -> Result<TrackerDb, LoadError> {
        trackerdb::TrackerDb::load(bytes).map(Self::watching_replay)
    }

    /// Same, taking the bytes over (the wasm binding's path: no second copy).
    pub fn load_owned(bytes: Box<[u8]>) -> Result<TrackerDb, LoadError> {
        trackerdb::TrackerDb::load_owned(bytes).map(Self::watching_replay)
    }

    fn watching_replay(engine: trackerdb::TrackerDb) -> TrackerDb {
        TrackerDb { engine: engine.watching(replay::vendors().iter().map(|v| v.domain).collect()) }
    }

    /// Compiles the text data into the image `load` reads fastest (the build step).
    pub fn compile(text: &[u8]) -> Result<Vec<u8>, LoadError> {
        trackerdb::TrackerDb::compile(text)
    }

    /// Classifies one request of the classifier's source page (`Classifier::set_source_page`);
    /// `type_code` from [`request_type_code`]. The one entry into the engine: the extension's
    /// per-request path, the page evaluation and [`TrackerDb::classify`] all come through here.
    pub fn classify_request(&self, c: &mut Classifier, request_url: &str, type_code: u32) -> Classification {
        self.with_vendor(self.engine.classify_request(c, request_url, type_code))
    }

    /// Classifies one request with a fresh [`Classifier`] (one-off questions; a page's
    /// requests share one classifier and its source page).
    pub fn classify(&self, request_url: &str, request_type: &str, source_url: &str) -> Classification {
        let mut c = Classifier::new();
        c.set_source_page(source_url);
        self.classify_request(&mut c, request_url, request_type_code(request_type))
    }

    /// The watch list is [`replay::vendors`], in its order: a watched index is a vendor.
    fn with_vendor(&self, engine: trackerdb::Classification) -> Classification {
        Classification { engine, session_replay: engine.watched.map(|i| replay::vendors()[i]) }
    }
}
