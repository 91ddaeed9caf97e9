//! Data you type, and who gets it (issue 12): personal data a shopper types into a shop
//! page (e-mail, phone, name, address, postcode, date of birth, password, card number)
//! found in the page's requests to other sites, in clear, encoded or hashed, before or
//! after the shopper submitted the form.
//!
//! Module map: [`normalise`] (a typed value → the spellings and hash inputs trackers use,
//! with the minimum lengths), [`tokens`] (spellings → encoded tokens → a sampled q-gram
//! filter and a table of the patterns by their first gram), [`search`] (one request: URL, headers, capped body, base64 segments decoded
//! two levels deep), [`redact`] (a request URL with every token replaced by a label),
//! [`mod@judge`] (exemptions and severities → [`DataLeak`]s), [`mod@bench`] (the speed figure).
//!
//! # The values, and where they may go
//!
//! The issue allows a typed value only to derive search tokens, in memory, in the content
//! script and the service worker. The wasm core runs in the service worker, so the worker
//! hands the core the values themselves ([`TypedField::value`]), in memory, for one call:
//! the tokens are derived here, once, in Rust, rather than in JavaScript (where SHA-256 is
//! only available asynchronously and the encodings would be a second implementation to
//! keep in step). What comes back ([`DataLeaks`]) holds neither a value nor a token: the
//! evidence URL is redacted and checked again after redaction. To keep it that way by
//! construction, [`TypedField`] is `Deserialize` only (it cannot be serialised into a
//! report by mistake) and its `Debug` prints the kind, never the value; [`TokenSet`] is
//! not serialisable either. The worker must drop the values when the page goes away and
//! never write them to `chrome.storage`.

pub mod bench;
pub mod concern;
pub mod judge;
pub mod normalise;
pub mod redact;
pub mod scrubbed_json;
pub mod search;
pub mod tokens;

pub use judge::{judge, DataLeak, DataLeaks, JudgeInput, LeakSeverity};
pub use search::{Place, BODY_CAP, HEADER_CAP, URL_CAP};
pub use tokens::{Encoding, TokenSet};

// The typed values and the requests are part of the page model (the shell hands them in).
pub use crate::page::typed::{Header, OutgoingRequest, PersonalKind, TypedEntry, TypedField, TypedInputs, TypedValue};

/// Most typed fields the core searches for per page, and most requests it reads: bounds on
/// the work a hostile page can cause.
pub mod limits {
    pub const FIELDS: usize = 50;
    pub const REQUESTS: usize = 5_000;
    /// A longer "value" is not a field of personal data but pasted text: not searched.
    pub const VALUE_CHARS: usize = 256;
}
