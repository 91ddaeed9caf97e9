//! Payment: where the card number goes, and who else on the page can read it.
//!
//! Looks at a checkout the way a payment-security auditor would (PCI DSS v4.0 6.4.3:
//! every script on a payment page authorised, integrity-assured and inventoried; 11.6.1:
//! watch for changes) and answers the shopper's question in one line: type the card
//! number here, or pay another way.
//!
//! * [`fields`]: which card fields the page has and where they live (the shop's own page,
//!   or a payment provider's frame), the wallet and redirect options it offers, and where
//!   card forms send their data.
//! * [`scripts`]: the inventory of every script on the page, by party, with Subresource
//!   Integrity, and which of them can read card fields.
//! * [`csp`]: whether the page's Content-Security-Policy actually restricts scripts.
//! * [`skimming`]: signs of web skimming (Magecart) in inline scripts.
//!
//! A provider's frame (Stripe, Adyen …) or a 3-D Secure frame is never held against the
//! shop: card fields inside it are out of reach of every script on the shop's page.

pub mod csp;
pub mod fields;
pub mod scripts;
pub mod skimming;

use url::Url;

// The facts this concern reads live in the page model, the bounds with every other bound.
pub use crate::page::limits::payment as limits;
pub use crate::page::payment::{InlineScriptText, PaymentFacts, WalletCandidate};
pub use crate::report::payment::PaymentSummary;

use crate::fields::PageFields;
use crate::grade;
use crate::page::{Page, PageFacts};
use crate::report::finding_ids as ids;
use crate::report::{capped_evidence, Finding, Grade};
use crate::site;
use crate::tracking::TrackerDb;

use fields::{CardFieldsLocation, FormDestination};
use scripts::ScriptParty;

pub struct PaymentJudgement {
    pub findings: Vec<Finding>,
    pub summary: PaymentSummary,
}

/// How many fields or scripts a finding lists before summarising.
const MAX_EVIDENCE: usize = 12;

/// Judges the payment side of a page that takes a card. `location` is [`fields::locate`]'s
/// answer for the page, which the caller shares with the tracking concern; a page without
/// one (a product page) is not graded on its checkout.
pub fn judge(
    page: &Page,
    facts: &PageFacts,
    inputs: &PageFields,
    page_url: &Url,
    location: CardFieldsLocation,
    trackers: Option<&TrackerDb>,
) -> PaymentJudgement {
    let wallets = fields::wallets(facts);
    let in_page = matches!(location, CardFieldsLocation::Page { .. });
    let is_https = page_url.scheme() == "https";
    // The shop's registrable domain: what every part below calls "the shop's own".
    let page_host = page_url.host_str().map(|h| site::normalize_host(h).into_owned()).unwrap_or_default();
    let page_site = site::site_of(&page_host);
    let mut inventory = scripts::inventory(facts, page_url, page_site, trackers, in_page);
    let policy = csp::judge_page(page, facts, page_url, page_site);
    let suspicious = if in_page { skimming::inspect_page(facts, page_site) } else { Vec::new() };
    let destinations = fields::destinations(facts, inputs, page_url, page_site);
    inventory.single_out_inline(suspicious.iter().map(|s| s.number));

    let mut findings = Vec::new();
    let unencrypted = unencrypted_card(&destinations, is_https, &location);
    let is_unencrypted = unencrypted.is_some();
    findings.extend(unencrypted);
    findings.extend(destination_findings(&destinations));

    // Session recorders and trackers on the payment page: beside card fields they can read
    // them; beside a provider's frame they still see the shopper's name, address and clicks.
    let replay = inventory.lines(|s| s.party == ScriptParty::SessionReplay);
    let trackers = inventory.lines(|s| s.party == ScriptParty::Tracker);
    if let CardFieldsLocation::Page { fields: described } = &location {
        let readers = inventory.readers();
        let mut evidence = capped_evidence(described.iter().cloned(), MAX_EVIDENCE);
        evidence.push(format!("{readers} script{} on this page can read them", plural(readers)));
        findings.push(Finding::new(&ids::PAYMENT_CARD_FIELDS_IN_PAGE, evidence));

        if !replay.is_empty() {
            findings.push(Finding::new(&ids::PAYMENT_SESSION_REPLAY_CARD_FIELDS, replay));
        }
        if !trackers.is_empty() {
            findings.push(Finding::new(&ids::PAYMENT_TRACKERS_CARD_FIELDS, trackers));
        }
        let unchecked_third = inventory.lines(|s| s.party == ScriptParty::ThirdParty && !s.integrity);
        if !unchecked_third.is_empty() {
            findings.push(Finding::new(&ids::PAYMENT_THIRD_PARTY_SCRIPTS_WITHOUT_INTEGRITY, unchecked_third));
        }
        let checked_third = inventory.lines(|s| s.party == ScriptParty::ThirdParty && s.integrity);
        if !checked_third.is_empty() {
            findings.push(Finding::new(&ids::PAYMENT_THIRD_PARTY_SCRIPTS, checked_third));
        }
        let unchecked_first = inventory.lines(|s| s.party == ScriptParty::FirstParty && !s.inline && !s.integrity);
        if !unchecked_first.is_empty() {
            findings.push(Finding::new(&ids::PAYMENT_SCRIPTS_WITHOUT_INTEGRITY, unchecked_first));
        }
        // On plain HTTP anyone on the path can strip or rewrite the policy, and the page
        // already fails on that: judge the CSP where it can do its job.
        if is_https {
            match &policy {
                csp::PageCsp::Missing => findings.push(Finding::new(
                    &ids::PAYMENT_CSP_MISSING,
                    vec!["no Content-Security-Policy header or meta tag: any injected script runs".to_string()],
                )),
                csp::PageCsp::Weak { policies, reasons } => {
                    let mut evidence: Vec<String> = reasons.clone();
                    evidence.extend(policies.iter().map(|p| format!("policy: {}", crate::fields::clip(p, 300))));
                    findings.push(Finding::new(&ids::PAYMENT_CSP_WEAK, evidence));
                }
                csp::PageCsp::Strict | csp::PageCsp::Unseen => {}
            }
        }
        for suspect in &suspicious {
            let kind = if suspect.strong { &ids::PAYMENT_SUSPICIOUS_SCRIPT } else { &ids::PAYMENT_OBFUSCATED_SCRIPT };
            findings.push(Finding::new(kind, suspect.evidence()));
        }
    } else {
        // The card sits in a provider's frame that no script here can read.
        if !replay.is_empty() {
            findings.push(Finding::new(&ids::PAYMENT_SESSION_REPLAY, replay));
        }
        if !trackers.is_empty() {
            findings.push(Finding::new(&ids::PAYMENT_TRACKERS, trackers));
        }
    }

    // The verdict line follows the grade this concern gets, taken from grading itself.
    // The card line is worded by the letter the shopper sees for payment, so the two agree.
    let payment_grade = grade::concern_letter(&findings);
    let (verdict_key, verdict_subs) =
        verdict(&location, &wallets, &inventory, &destinations, is_unencrypted, &suspicious, payment_grade);
    let summary = PaymentSummary {
        verdict_key,
        verdict_subs,
        card_fields: match &location {
            CardFieldsLocation::Page { .. } => "page",
            CardFieldsLocation::Provider { .. } => "provider",
        }
        .to_string(),
        provider: match &location {
            CardFieldsLocation::Provider { name } => Some(name.to_string()),
            _ => None,
        },
        fields_in_page: match &location {
            CardFieldsLocation::Page { fields } => fields.iter().take(MAX_EVIDENCE).cloned().collect(),
            _ => Vec::new(),
        },
        wallets: wallets.iter().map(|w| w.to_string()).collect(),
        readers: if in_page { inventory.readers() } else { 0 },
        scripts: inventory.entries,
        csp: policy.label().to_string(),
    };
    PaymentJudgement { findings, summary }
}

/// Card data that would travel in clear text: card fields on an HTTP page, or a card form
/// whose action is `http:`. The connection concern reports the same form from the
/// network's side; this is the payment side of it, so both concerns fail together.
fn unencrypted_card(
    destinations: &[FormDestination],
    is_https: bool,
    location: &CardFieldsLocation,
) -> Option<Finding> {
    let mut evidence = Vec::new();
    if !is_https {
        if let CardFieldsLocation::Page { fields } = location {
            evidence.push("card fields on a page loaded over plain HTTP".to_string());
            evidence.extend(fields.iter().take(MAX_EVIDENCE).cloned());
        }
    }
    for d in destinations.iter().filter(|d| d.scheme == "http") {
        evidence.push(format!("card form sends to {} over plain HTTP", crate::fields::clip(&d.action, 200)));
    }
    (!evidence.is_empty()).then(|| Finding::new(&ids::PAYMENT_CARD_SENT_UNENCRYPTED, evidence))
}

fn destination_findings(destinations: &[FormDestination]) -> Vec<Finding> {
    let mut out = Vec::new();
    let elsewhere: Vec<String> = destinations
        .iter()
        .filter(|d| d.party == fields::DestinationParty::ThirdParty)
        .map(|d| {
            format!(
                "card form sends to {} (site {}), not the shop and not a known payment provider",
                crate::fields::clip(&d.action, 200),
                d.site
            )
        })
        .collect();
    if !elsewhere.is_empty() {
        out.push(Finding::new(&ids::PAYMENT_CARD_FORM_THIRD_PARTY, elsewhere));
    }
    let in_url: Vec<String> = destinations
        .iter()
        .filter(|d| d.method_get)
        .map(|d| {
            format!(
                "card form submits with GET to {}: the card number would end up in the address",
                crate::fields::clip(&d.action, 200)
            )
        })
        .collect();
    if !in_url.is_empty() {
        out.push(Finding::new(&ids::PAYMENT_CARD_FORM_GET, in_url));
    }
    out
}

/// The one line the popup shows: what to do with the card on this page.
fn verdict(
    location: &CardFieldsLocation,
    wallets: &[&'static str],
    inventory: &scripts::Inventory,
    destinations: &[FormDestination],
    unencrypted: bool,
    suspicious: &[skimming::Suspect],
    payment_grade: Grade,
) -> (String, Vec<String>) {
    let key = |k: &str, subs: Vec<String>| (k.to_string(), subs);
    if unencrypted {
        return key("payment_verdict_unencrypted", vec![]);
    }
    if suspicious.iter().any(|s| s.strong) {
        return key("payment_verdict_skimmer", vec![]);
    }
    if let Some(d) = destinations.iter().find(|d| d.party == fields::DestinationParty::ThirdParty) {
        return key("payment_verdict_unknown_destination", vec![d.site.clone()]);
    }
    match location {
        CardFieldsLocation::Provider { name } => key("payment_verdict_provider", vec![name.to_string()]),
        CardFieldsLocation::Page { .. } => {
            let readers = inventory.readers();
            if readers == 0 {
                return key("payment_verdict_in_page_no_scripts", vec![]);
            }
            let n = readers.to_string();
            if matches!(payment_grade, Grade::A | Grade::B) {
                return key(
                    if readers == 1 {
                        "payment_verdict_in_page_guarded_one"
                    } else {
                        "payment_verdict_in_page_guarded"
                    },
                    vec![n],
                );
            }
            match wallets.first() {
                Some(wallet) => key(
                    if readers == 1 { "payment_verdict_readers_wallet_one" } else { "payment_verdict_readers_wallet" },
                    vec![wallet.to_string(), n],
                ),
                None => {
                    key(if readers == 1 { "payment_verdict_readers_one" } else { "payment_verdict_readers" }, vec![n])
                }
            }
        }
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
