//! The "Data you type" part of a report: who got what the shopper typed, redacted. Holds no
//! typed value and no token: only the kind of data, the recipient, the encoding and a URL
//! with the value replaced by a label (`[your e-mail]`).

use serde::{Deserialize, Serialize};

/// What the popup shows about the data the shopper typed, besides the findings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSummary {
    /// Worst first.
    pub leaks: Vec<DataLeakEntry>,
    /// Typed fields searched for, and those too short or malformed to be searched safely.
    pub fields_searched: u32,
    pub fields_not_searched: u32,
    /// Requests to other sites that were read, and of those how many only in part (a cap).
    pub requests_searched: u32,
    pub requests_capped: u32,
}

/// One kind of data seen going to one host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataLeakEntry {
    /// `email`, `phone`, `name`, `street_address`, `postcode`, `birth_date`, `password`,
    /// `card_number`; message key `data_kind_<kind>`.
    pub kind: String,
    /// The finding it belongs to (`data.before-submit` …).
    pub finding_id: String,
    pub recipient_host: String,
    pub recipient_company: Option<String>,
    /// `plain`, `url-encoded`, `base64`, `sha256` …
    pub encoding: String,
    pub before_submit: bool,
    pub seconds_after_typing: f64,
    /// The evidence request's URL with every occurrence of the value replaced by a label.
    pub evidence_url: String,
    pub requests: u32,
}
