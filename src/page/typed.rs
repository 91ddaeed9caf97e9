//! What the shopper typed into personal-data fields and the tab's requests to other sites
//! (issue 12), as the service worker hands them to the core: in memory, for one call.
//! Nothing here is ever serialised (the types are `Deserialize` only, and [`crate::page::Page`]
//! skips the field when it is written), so a value cannot reach a saved report or storage.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The typed values and the requests of one page, as the worker holds them in memory.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypedInputs {
    /// What the shopper typed, with the attributes of the field it was typed into: the core
    /// decides the kind of data (`crate::fields::personal_kind`), not the shell.
    #[serde(default)]
    pub fields: Vec<TypedValue>,
    /// The tab's requests to other sites, with their bodies (observe-only `webRequest`).
    #[serde(default)]
    pub requests: Vec<OutgoingRequest>,
    /// The browser's UI language (`chrome.i18n.getUILanguage()`, e.g. `de-DE`): its country
    /// tells the calling code of a phone typed without one on a shop with a generic domain.
    #[serde(default)]
    pub ui_language: Option<String>,
    /// The host of the page the values were typed on, when the caller has no page URL to
    /// hand (the worker redacting a request URL before storing it): its country-code domain
    /// tells that calling code too.
    #[serde(default)]
    pub page_host: Option<String>,
}

/// What the shopper typed into one field, and when and where: the part [`TypedValue`] (as
/// the shell hands it in) and [`TypedField`] (with the kind the core decided) share. Its
/// `Debug` shows how long the value is, never the value.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypedEntry {
    /// The value as it stands in the field. Never stored, never serialised.
    pub value: String,
    /// When the shopper started typing it (first `input` event), in the clock of the
    /// requests' `timeStamp` (ms since the epoch).
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

impl TypedEntry {
    /// A value typed at `typed_at_ms` into the top page, not submitted.
    pub fn new(value: impl Into<String>, typed_at_ms: f64) -> TypedEntry {
        TypedEntry { value: value.into(), typed_at_ms, submitted_at_ms: None, frame_url: None }
    }
}

impl fmt::Debug for TypedEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedEntry")
            .field("value", &format_args!("<{} chars>", self.value.chars().count()))
            .field("typed_at_ms", &self.typed_at_ms)
            .field("submitted_at_ms", &self.submitted_at_ms)
            .finish()
    }
}

/// One value as the content script noted it (shell → core, in memory only).
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "TypedValueJson")]
pub struct TypedValue {
    /// The field's attributes, as the collector describes inputs.
    pub input: super::InputFacts,
    pub entry: TypedEntry,
}

/// [`TypedValue`] as the JSON holds it: the entry's keys beside `input`. Read through this
/// rather than with `#[serde(flatten)]`, which buffers the object's keys and values and reads
/// them again through serde's generic `Content` reader: the same JSON, a good deal less wasm
/// (compiled at every worker start).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TypedValueJson {
    input: super::InputFacts,
    value: String,
    typed_at_ms: f64,
    #[serde(default)]
    submitted_at_ms: Option<f64>,
    #[serde(default)]
    frame_url: Option<String>,
}

impl From<TypedValueJson> for TypedValue {
    fn from(json: TypedValueJson) -> TypedValue {
        let TypedValueJson { input, value, typed_at_ms, submitted_at_ms, frame_url } = json;
        TypedValue { input, entry: TypedEntry { value, typed_at_ms, submitted_at_ms, frame_url } }
    }
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
#[derive(Debug, Clone, Deserialize)]
pub struct TypedField {
    pub kind: PersonalKind,
    #[serde(flatten)]
    pub entry: TypedEntry,
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
