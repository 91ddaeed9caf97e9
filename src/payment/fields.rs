//! Where the card fields live, which other ways to pay the page offers, and where card
//! forms send their data.

use url::Url;

use crate::fields::{self, FieldKind, PageFields};
use crate::page::{FormFacts, PageFacts};
use crate::providers;
use crate::site;

/// Where the shopper would type the card number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardFieldsLocation {
    /// In the shop's own page, where every script on it can read them. The described
    /// card fields (number, expiry, code, holder).
    Page { fields: Vec<String> },
    /// Only inside a payment provider's frame: out of reach of the page's scripts.
    Provider { name: &'static str },
}

/// Fields that carry the card itself. A card-holder name next to a provider's frame is
/// common and harmless on its own: the number and code are what a skimmer wants.
fn exposes_card(kind: FieldKind) -> bool {
    matches!(kind, FieldKind::CardNumber | FieldKind::CardSecurityCode)
}

/// Where the page takes a card; `None` when it takes none (wallet buttons alone, such as an
/// express checkout button on a product page, do not make a payment page).
pub fn locate(facts: &PageFacts, inputs: &PageFields) -> Option<CardFieldsLocation> {
    let card_inputs: Vec<_> = inputs.all().iter().filter(|(_, k)| k.is_card()).collect();
    if card_inputs.iter().any(|(_, k)| exposes_card(*k)) {
        return Some(CardFieldsLocation::Page {
            fields: card_inputs.iter().map(|(i, k)| format!("{} ({})", fields::describe(i), kind_name(*k))).collect(),
        });
    }
    card_frame_provider(facts).map(|name| CardFieldsLocation::Provider { name })
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::CardNumber => "card number",
        FieldKind::CardExpiry => "expiry",
        FieldKind::CardSecurityCode => "security code",
        FieldKind::CardHolder => "card holder",
        FieldKind::Password => "password",
        FieldKind::Other => "other",
    }
}

/// Providers whose frames are buttons or redirect widgets rather than card fields.
const WALLET_PROVIDERS: &[&str] = &["PayPal", "Klarna"];

/// The provider of a visible frame that holds card fields. Hidden provider frames are the
/// SDK's plumbing (Stripe's `m.stripe.network` on every page that loads stripe.js), not
/// a place to type a card; 3-D Secure frames are the bank's check, not card entry.
fn card_frame_provider(facts: &PageFacts) -> Option<&'static str> {
    facts.iframes.iter().filter(|f| f.visible && !providers::is_three_d_secure_frame(&f.src)).find_map(|f| {
        let host = site::host_of(&f.src)?;
        providers::card_provider_for_host(&host).filter(|name| !WALLET_PROVIDERS.contains(name))
    })
}

/// The wallet and redirect options visible on the page, in a fixed order.
pub fn wallets(facts: &PageFacts) -> Vec<&'static str> {
    const WALLETS: &[(&str, &[&str])] = &[
        ("PayPal", &["paypal"]),
        ("Apple Pay", &["applepay"]),
        ("Google Pay", &["googlepay", "gpay"]),
        ("Klarna", &["klarna"]),
    ];
    let mut texts: Vec<String> = facts
        .payment
        .wallet_candidates
        .iter()
        .filter(|c| c.visible)
        .map(|c| {
            fields::normalised(&[&c.tag, &c.text, &c.hint, site::host_of(&c.href).as_deref().unwrap_or("")])
                .replace('|', " ")
        })
        .collect();
    for frame in facts.iframes.iter().filter(|f| f.visible) {
        if let Some(host) = site::host_of(&frame.src) {
            if let Some(name) = providers::card_provider_for_host(&host).filter(|n| WALLET_PROVIDERS.contains(n)) {
                texts.push(name.to_ascii_lowercase());
            }
        }
    }
    WALLETS
        .iter()
        .filter(|(_, words)| texts.iter().any(|t| words.iter().any(|w| t.contains(w))))
        .map(|(name, _)| *name)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DestinationParty {
    Shop,
    Provider(&'static str),
    ThirdParty,
}

/// Where one form holding card fields sends them.
#[derive(Debug, Clone)]
pub struct FormDestination {
    pub action: String,
    pub scheme: String,
    pub site: String,
    pub party: DestinationParty,
    /// Submits with GET to an address of its own: the card would travel in the URL
    /// (history, server logs, Referer).
    pub method_get: bool,
}

pub fn destinations(facts: &PageFacts, inputs: &PageFields, page_url: &Url, page_site: &str) -> Vec<FormDestination> {
    let holds_card = |form: usize| inputs.of_form(form).iter().any(|(_, kind)| exposes_card(*kind));
    facts
        .forms
        .iter()
        .enumerate()
        .filter(|(index, _)| holds_card(*index))
        .filter_map(|(_, form)| destination(form, page_url, page_site))
        .collect()
}

fn destination(form: &FormFacts, page_url: &Url, page_site: &str) -> Option<FormDestination> {
    if form.method.eq_ignore_ascii_case("dialog") {
        return None;
    }
    let action = Url::parse(&form.action).ok()?;
    if !matches!(action.scheme(), "http" | "https") {
        return None; // javascript:, about:blank: submitted by script, destination unknown
    }
    let host = site::normalize_host(action.host_str()?).into_owned();
    let site = site::site_of(&host).to_string();
    let party = if site == page_site {
        DestinationParty::Shop
    } else if let Some(name) = providers::provider_for_host(&host) {
        DestinationParty::Provider(name)
    } else {
        DestinationParty::ThirdParty
    };
    // Without an action of its own a form "submits" to the page itself: such forms are
    // nearly always sent by the page's script (fetch), whose method the DOM does not show.
    let mut bare_action = action.clone();
    bare_action.set_fragment(None);
    let mut bare_page = page_url.clone();
    bare_page.set_fragment(None);
    let method_get = !form.method.eq_ignore_ascii_case("post") && bare_action != bare_page;
    Some(FormDestination { action: form.action.clone(), scheme: action.scheme().to_string(), site, party, method_get })
}
