//! Consent: which cookie banner a shop shows, whether saying no is as easy as saying yes,
//! whether the shop tracks before anyone has chosen, and whether it keeps tracking after
//! the shopper said no.
//!
//! * [`ConsentFacts`]: what the content script saw of the banner (found with DuckDuckGo's
//!   `@duckduckgo/autoconsent` rules and heuristic, plus the page's IAB TCF / GPP signals read
//!   in the page's main world) and when the shopper or ShopTrust answered it. Labels are the
//!   page's own text: every judgement on them is made here, in [`labels`].
//! * [`judge`]: the fairness checks (Nouwens et al. 2020: reject on the first layer, as
//!   visible as accept, nothing pre-ticked, no cookie wall) and the timing checks (Matte et al.
//!   2020: tracking before any choice, choice not respected) on the requests' time stamps.

pub mod judge;
pub mod labels;
pub mod stored;

use serde::{Deserialize, Serialize};

// The facts this concern reads live in the page model, the bounds with every other bound.
pub use crate::page::consent::{ConsentButton, ConsentChoice, ConsentFacts, ConsentPurpose, GppSignal, TcfSignal};
pub use crate::page::limits::consent as limits;

/// What the popup shows about consent, besides the findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentSummary {
    /// The consent manager's name as autoconsent knows it; empty for a banner it does not know.
    pub banner: String,
    /// A banner was seen but no consent manager was recognised.
    pub generic_banner: bool,
    pub banner_showing: bool,
    /// `reject`, `accept`, `custom` or empty (no answer seen).
    pub answer: String,
    /// `shopper`, `shoptrust` or empty.
    pub answered_by: String,
    /// autoconsent knows how to say no on this consent manager and the banner awaits an answer.
    pub can_reject_for_me: bool,
    /// The fairness and timing checks, in a fixed order.
    pub checks: Vec<ConsentCheck>,
    /// Tracking companies that ran before any choice.
    pub trackers_before_consent: Vec<String>,
    /// The page's consent manager speaks the IAB TCF or GPP API: its CMP id from the signal
    /// (0: no signal). Names a consent manager autoconsent has no rule for.
    #[serde(default)]
    pub iab_cmp_id: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentCheck {
    /// `reject-first-layer`, `reject-as-visible`, `nothing-pre-ticked`, `no-cookie-wall`,
    /// `no-tracking-before-consent`, `choice-respected`; message key `consent_check_<id>`.
    pub id: String,
    /// `pass`, `fail`, or `unknown` (not applicable or not seen).
    pub status: String,
}
