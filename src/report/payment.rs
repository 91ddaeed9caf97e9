//! The payment part of a report: the one-line payment verdict and the script inventory.

use serde::{Deserialize, Serialize};

/// What the popup shows for payment: the one-line verdict and the script list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentSummary {
    /// Message key of the one-line payment verdict, with its substitutions.
    pub verdict_key: String,
    pub verdict_subs: Vec<String>,
    /// `page` (card fields in the shop's own page) or `provider` (only in a provider's
    /// frame).
    pub card_fields: String,
    /// The provider whose frame holds the card fields, if any.
    pub provider: Option<String>,
    /// Card fields seen in the shop's page, described.
    pub fields_in_page: Vec<String>,
    /// Wallet and redirect options offered (`PayPal`, `Apple Pay`, `Google Pay`, `Klarna`).
    pub wallets: Vec<String>,
    /// How many scripts can read the card fields (0 when they sit in a provider's frame).
    pub readers: u32,
    /// Every script on the page, worst first.
    pub scripts: Vec<ScriptEntry>,
    /// `strict`, `weak`, `missing` or `unseen`.
    pub csp: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ScriptParty {
    /// Records what the shopper types and clicks.
    SessionReplay,
    /// Advertising, analytics or social-media tracker.
    Tracker,
    /// Another site: a CDN, a widget, or someone the tracker data does not know.
    ThirdParty,
    /// The shop's own site (or an inline script in its page).
    FirstParty,
    /// A payment provider's own script (Stripe, PayPal …): never held against the shop.
    Provider,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScriptEntry {
    /// The script's URL; empty for inline scripts.
    pub src: String,
    pub party: ScriptParty,
    /// Provider or company name, or the script's site.
    pub owner: String,
    /// Carries a Subresource Integrity hash (`integrity="sha384-…"`).
    pub integrity: bool,
    pub inline: bool,
    /// How many scripts this entry stands for (inline scripts are grouped).
    pub count: u32,
    /// Runs in the page that holds the card fields, so it can read them.
    pub can_read_card: bool,
    /// Has the signs of a skimmer (`crate::payment::skimming`).
    pub suspicious: bool,
    /// Seen only in Resource Timing: loaded by another script, no longer in the page.
    pub injected: bool,
}
