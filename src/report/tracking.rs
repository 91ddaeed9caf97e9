//! The tracking part of a report: the companies seen and the third parties not named.

use serde::{Deserialize, Serialize};

/// One company seen tracking on the page, in one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackerCompany {
    pub name: String,
    /// ISO 3166-1 alpha-2 code from the tracker data; may be empty.
    pub country: String,
    /// An `https:` URL, or empty.
    pub privacy_policy_url: String,
    /// TrackerDB category key, or `session_replay` / `payment` (ShopTrust's own).
    pub category: String,
    pub category_name: String,
    pub session_replay: bool,
    /// False for categories that cost nothing (consent, hosting, payment, …).
    pub counts_against_grade: bool,
    /// Names of the tracker patterns that matched (e.g. "Google Analytics").
    pub patterns: Vec<String>,
    /// The first requests behind it; `request_count` has them all.
    pub requests: Vec<String>,
    pub request_count: u32,
}

/// A third-party site the tracker data does not name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThirdParty {
    pub site: String,
    pub payment_provider: Option<String>,
    /// Nobody ShopTrust knows: neither the tracker data nor the payment-provider list names
    /// it. Those are the ones `tracking.unknown-third-parties` names and the popup lists
    /// under "other third parties" (a payment provider is shown by the payment concern).
    #[serde(default)]
    pub unrecognised: bool,
    pub requests: Vec<String>,
    pub request_count: u32,
}
