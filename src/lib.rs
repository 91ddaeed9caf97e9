//! ShopTrust's core: given what the extension saw of a shop page, judge whether it is
//! safe to buy there, and explain every point it costs.
//!
//! The extension's content script collects [`page::PageFacts`]; the service worker adds
//! what the network showed and calls [`evaluate`] (through the `wasm` bindings). Each
//! concern is its own module; [`grade`] turns their findings into a [`report::Report`].

#[cfg(all(target_arch = "wasm32", feature = "card-measure"))]
mod card_measure;
pub mod connection;
pub mod consent;
pub mod contract;
mod data_table;
pub mod fields;
pub mod frames;
pub mod grade;
mod json;
pub mod page;
pub mod payment;
pub mod providers;
pub mod report;
pub mod site;
mod sort;
pub mod tracking;
pub mod typed;
#[cfg(target_arch = "wasm32")]
mod wasm;

use url::Url;

use page::{Page, FACTS_SCHEMA_VERSION};
use report::{Caveat, Concern, Report, Summaries};

/// Judges one page without tracker data: the tracking concern is left out (with a
/// caveat), never graded by default.
pub fn evaluate(page: &Page) -> Report {
    evaluate_with(page, None)
}

/// Judges one page. Never panics on any input it can be given; anything it cannot judge
/// comes back as an unknown report with the reason. A concern that cannot be judged is
/// left out of the report rather than shown with a grade it has not earned.
pub fn evaluate_with(page: &Page, trackers: Option<&tracking::TrackerDb>) -> Report {
    match evaluate_unscrubbed(page, trackers) {
        (report, Some(typed)) => typed::concern::scrub_report(typed, report),
        (report, None) => report,
    }
}

/// [`evaluate_with`] before the last step: the report, and the typed inputs it is to be
/// scrubbed of (see there) when it is a judgement of a page with typed inputs.
fn evaluate_unscrubbed<'p>(
    page: &'p Page,
    trackers: Option<&tracking::TrackerDb>,
) -> (Report, Option<&'p page::typed::TypedInputs>) {
    let Some(facts) = &page.facts else {
        return (Report::unknown(None, "unknown_no_facts", None), None);
    };
    let url_text = fields::clip(&facts.url, 2_000);
    if facts.schema_version != FACTS_SCHEMA_VERSION {
        let detail = format!("facts version {}, core reads version {FACTS_SCHEMA_VERSION}", facts.schema_version);
        return (Report::unknown(Some(url_text), "unknown_schema_version", Some(detail)), None);
    }
    if let Some(why) = page.limit_violation() {
        return (Report::unknown(Some(url_text), "unknown_too_large", Some(why)), None);
    }
    let page_url = match Url::parse(&facts.url) {
        Ok(url) => url,
        Err(err) => return (Report::unknown(Some(url_text), "unknown_bad_url", Some(err.to_string())), None),
    };
    if !matches!(page_url.scheme(), "http" | "https") {
        let scheme = page_url.scheme().to_string();
        return (Report::unknown(Some(url_text), "unknown_not_a_web_page", Some(scheme)), None);
    }

    let mut caveats: Vec<Caveat> = facts
        .truncated
        .iter()
        .map(|t| Caveat::new("caveat_truncated", format!("{}: {} of {}", t.list, t.kept, t.seen)))
        .collect();
    if facts.timed_out {
        caveats.push(Caveat::new("caveat_timed_out", ""));
    }
    // Sub-frames' forms and fields are judged as the shop's own (a provider's frame aside).
    let merged;
    let facts = if facts.frames.is_empty() {
        facts
    } else {
        merged = frames::with_frame_fields(facts);
        &merged
    };
    if facts.read_failures > 0 {
        caveats.push(Caveat::new("caveat_read_failures", facts.read_failures.to_string()));
    }
    // Fields the collector could not read may be card fields: the payment concern then
    // never looks better than unknown.
    let fields_unseen = facts.unseen.any();
    if fields_unseen {
        caveats.push(Caveat::new(
            "caveat_fields_unseen",
            format!(
                "closed shadow roots: {}, card-like typing: {}",
                facts.unseen.shadow_roots, facts.unseen.card_typing
            ),
        ));
    }

    let inputs = fields::PageFields::of(facts);
    let mut judged = vec![Concern::Connection];
    let connection = connection::judge(page, facts, &inputs, &page_url);
    let mut findings = connection.findings;
    caveats.extend(connection.caveats);

    // Where the card is typed decides both whether the payment concern is judged and whether
    // trackers sit "on a payment page", so both read this one answer.
    let card_fields = payment::fields::locate(facts, &inputs);
    // A provider's frame is where the card goes only when no card field can be elsewhere.
    let card_fields =
        card_fields.filter(|l| !(fields_unseen && matches!(l, payment::fields::CardFieldsLocation::Provider { .. })));
    let payment_page = card_fields.is_some();

    // Tracking and consent read one list of the page's requests, classified once.
    let requests = trackers.map(|db| tracking::page_requests::classify(db, page, facts, page_url.as_str()));
    let tracking = requests.as_deref().map(|requests| {
        let context = tracking::judge::PageContext { sensitive_fields_in_page: inputs.any_sensitive(), payment_page };
        tracking::judge::judge(requests, facts, &context)
    });
    match &tracking {
        Some(t) => {
            judged.push(Concern::Tracking);
            findings.extend(t.findings.iter().cloned());
        }
        None => caveats.push(Caveat::new("caveat_tracker_data_missing", "")),
    }

    // Consent: judged once the collector has looked for a banner (older collectors did not).
    let consent = facts.consent.as_ref().map(|c| consent::judge::judge(requests.as_deref(), facts, c));
    if let Some(c) = &consent {
        if c.judged {
            judged.push(Concern::Consent);
            findings.extend(c.findings.iter().cloned());
        }
        caveats.extend(c.caveats.iter().cloned());
    }

    // Payment: judged only on pages that take a card; the script inventory names trackers
    // when the tracker data is loaded.
    let payment = card_fields.map(|location| payment::judge(page, facts, &inputs, &page_url, location, trackers));
    // With fields out of sight a payment verdict is kept only when it already fails.
    let payment = payment.filter(|p| !fields_unseen || p.findings.iter().any(|f| f.severity >= report::Severity::High));
    if let Some(p) = &payment {
        judged.push(Concern::Payment);
        findings.extend(p.findings.iter().cloned());
    }

    // Data you type: judged only when the shopper typed into a personal-data field.
    let data = typed::concern::judge_page(page, facts, page_url.as_str(), trackers);
    if let Some(d) = &data {
        judged.push(Concern::Data);
        findings.extend(d.findings.iter().cloned());
        caveats.extend(d.caveats.iter().cloned());
    }

    let context = grade::GradeContext {
        takes_card: payment_page,
        password_in_page: inputs.any_password(),
        personal_fields_in_page: inputs.any_personal(),
        tracking_allowed: consent.as_ref().is_some_and(|c| {
            c.summary.answer == "accept"
                && c.summary.answered_by == "shopper"
                && !findings
                    .iter()
                    .any(|f| matches!(f.id.as_str(), "consent.tracking-before-consent" | "consent.choice-ignored"))
        }),
        banner_shown: consent.as_ref().is_some_and(|c| !c.summary.banner.is_empty() || c.summary.generic_banner),
        only_analytics: tracking.as_ref().is_some_and(|t| {
            t.companies.iter().filter(|c| c.counts_against_grade).all(|c| c.category == "site_analytics")
        }),
    };
    let payment_line =
        payment.as_ref().map(|p| report::Line::new(&p.summary.verdict_key, p.summary.verdict_subs.clone()));
    let (trackers, third_parties) = tracking.map(|t| (t.companies, t.third_parties)).unwrap_or_default();
    let summaries = Summaries {
        trackers,
        third_parties,
        consent: consent.map(|c| c.summary),
        payment: payment.map(|p| p.summary),
        data: data.map(|d| d.summary),
    };
    let report = Report::judged(
        page_url.to_string(),
        grade::grade(&judged, findings, &context, payment_line),
        caveats,
        summaries,
    );
    // What the shopper typed may sit in any request URL another concern shows: replace it.
    (report, page.typed.as_ref())
}

/// Reads a page from JSON.
pub fn page_from_json(page_json: &str) -> Result<Page, serde_json::Error> {
    json::from_str(page_json)
}

/// Judges a page given as JSON. Malformed JSON is a page that cannot be judged, not an error.
pub fn evaluate_json(page_json: &str) -> Report {
    evaluate_json_with(page_json, None)
}

/// [`evaluate_json`] with the tracker data, like [`evaluate_with`].
pub fn evaluate_json_with(page_json: &str, trackers: Option<&tracking::TrackerDb>) -> Report {
    match page_from_json(page_json) {
        Ok(page) => evaluate_with(&page, trackers),
        Err(err) => Report::unknown(None, "unknown_malformed_facts", Some(err.to_string())),
    }
}

/// The JSON of [`evaluate_json_with`]'s report, as the worker receives it (`evaluate`): the
/// same text as `serde_json::to_string` of that report, written in one pass with the typed
/// values scrubbed from its strings as they are written (`typed::scrubbed_json`), where
/// [`evaluate_with`] turns the report into a `serde_json::Value`, scrubs that and reads a
/// `Report` back: that reader is some 75 KB of wasm the worker would compile at every start.
pub fn evaluate_json_text(page_json: &str, trackers: Option<&tracking::TrackerDb>) -> String {
    let (report, typed) = match page_from_json(page_json) {
        Ok(page) => {
            let (report, typed) = evaluate_unscrubbed(&page, trackers);
            (report, typed.and_then(typed::concern::scrub_tokens))
        }
        Err(err) => (Report::unknown(None, "unknown_malformed_facts", Some(err.to_string())), None),
    };
    typed::scrubbed_json::to_string(&report, typed.as_ref())
}
