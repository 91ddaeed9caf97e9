//! The consent part of a report: the banner, its checklist, what ran before consent.

use serde::{Deserialize, Serialize};

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
    /// The banner's first-layer buttons as first seen, each with what the core reads it as.
    #[serde(default)]
    pub buttons: Vec<FirstLayerButton>,
    /// The page's consent manager speaks the IAB TCF or GPP API: its CMP id from the signal
    /// (0: no signal). Names a consent manager autoconsent has no rule for.
    #[serde(default)]
    pub iab_cmp_id: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FirstLayerButton {
    pub label: String,
    /// `accept`, `reject`, `save`, `settings`, `pay`, `close` or `other` (the consent
    /// concern's reading of the label).
    pub role: String,
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
