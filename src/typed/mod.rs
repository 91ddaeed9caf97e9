//! Data you type, and who gets it (issue 12): personal data a shopper types into a shop
//! page (e-mail, phone, name, address, postcode, date of birth, password, card number)
//! found in the page's requests to other sites, in clear, encoded or hashed, before or
//! after the shopper submitted the form.
//!
//! Module map: [`normalise`] (a typed value → the spellings and hash inputs trackers use,
//! with the minimum lengths), [`tokens`] (spellings → encoded tokens → a sampled 4-gram
//! filter and one Aho-Corasick automaton), [`search`] (one request: URL, headers, capped body, base64 segments decoded
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
pub mod judge;
pub mod normalise;
pub mod redact;
pub mod search;
pub mod tokens;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use judge::{judge, DataLeak, DataLeaks, JudgeInput, LeakSeverity};
pub use search::{Place, BODY_CAP, HEADER_CAP, URL_CAP};
pub use tokens::{Encoding, TokenSet};

/// Most typed fields the core searches for per page, and most requests it reads: bounds on
/// the work a hostile page can cause.
pub mod limits {
    pub const FIELDS: usize = 50;
    pub const REQUESTS: usize = 5_000;
    /// A longer "value" is not a field of personal data but pasted text: not searched.
    pub const VALUE_CHARS: usize = 256;
}

/// The kind of personal data a field holds, as the content script's field classifier
/// names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalKind {
    Email,
    Phone,
    Name,
    StreetAddress,
    Postcode,
    BirthDate,
    Password,
    CardNumber,
}

impl PersonalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonalKind::Email => "email",
            PersonalKind::Phone => "phone",
            PersonalKind::Name => "name",
            PersonalKind::StreetAddress => "street_address",
            PersonalKind::Postcode => "postcode",
            PersonalKind::BirthDate => "birth_date",
            PersonalKind::Password => "password",
            PersonalKind::CardNumber => "card_number",
        }
    }

    /// What stands in a redacted URL where the value was (English; the popup may map the
    /// kind to its own words, the redaction takes any label).
    pub fn label(self) -> &'static str {
        match self {
            PersonalKind::Email => "[your e-mail]",
            PersonalKind::Phone => "[your phone number]",
            PersonalKind::Name => "[your name]",
            PersonalKind::StreetAddress => "[your address]",
            PersonalKind::Postcode => "[your postcode]",
            PersonalKind::BirthDate => "[your date of birth]",
            PersonalKind::Password => "[your password]",
            PersonalKind::CardNumber => "[your card number]",
        }
    }

    /// Card numbers and passwords: anywhere but the shop and its payment provider is
    /// critical, before or after submit.
    pub fn is_secret(self) -> bool {
        matches!(self, PersonalKind::Password | PersonalKind::CardNumber)
    }
}

/// One value the shopper typed (shell → core, in memory only; see the module notes).
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypedField {
    pub kind: PersonalKind,
    /// The value as it stands in the field. Never stored, never serialised.
    pub value: String,
    /// When the shopper started typing this value (first `input` event), in the clock of
    /// the requests' `timeStamp` (ms since the epoch).
    pub typed_at_ms: f64,
    /// When the field's form was first submitted, or a button of it clicked; `None` while
    /// the shopper has not.
    #[serde(default)]
    pub submitted_at_ms: Option<f64>,
    /// The URL of the frame the field is in, when it is not the top page: a value typed in
    /// a frame and sent to that frame's own site is that site's first-party data.
    #[serde(default)]
    pub frame_url: Option<String>,
}

impl fmt::Debug for TypedField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedField")
            .field("kind", &self.kind)
            .field("value", &format_args!("<{} chars>", self.value.chars().count()))
            .field("typed_at_ms", &self.typed_at_ms)
            .field("submitted_at_ms", &self.submitted_at_ms)
            .finish()
    }
}

/// One request of the tab, as `webRequest` saw it (shell → core).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutgoingRequest {
    pub url: String,
    #[serde(default)]
    pub method: String,
    /// The `webRequest` resource type (`ping`, `image`, `xmlhttprequest`, `main_frame`…).
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The headers that can carry data (`Referer`, `Cookie` set by script…); others need
    /// not be sent.
    #[serde(default)]
    pub headers: Vec<Header>,
    /// The body as text: form data as `name=value&…` (form-encoded), raw bytes decoded as
    /// UTF-8 (lossy). The shell may cut it; the core reads at most [`BODY_CAP`] bytes.
    #[serde(default)]
    pub body: Option<String>,
    /// Set by the shell when it cut the body (or the raw bytes were not all available).
    #[serde(default)]
    pub body_truncated: bool,
    /// `webRequest`'s `timeStamp` (ms since the epoch).
    #[serde(default)]
    pub time_stamp: f64,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}
