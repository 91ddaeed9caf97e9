//! ShopTrust's core: given what the extension saw of a shop page, judge whether it is
//! safe to buy there, and explain every point it costs.
//!
//! The extension's content script collects [`page::PageFacts`]; the service worker adds
//! what the network showed and calls [`evaluate`] (through the `wasm` bindings). Each
//! concern is its own module; [`grade`] turns their findings into a [`report::Report`].

pub mod connection;
pub mod fields;
pub mod grade;
pub mod page;
pub mod report;
pub mod tracking;
#[cfg(target_arch = "wasm32")]
mod wasm;

use url::Url;

use page::{Page, FACTS_SCHEMA_VERSION};
use report::{Caveat, Concern, Report};

/// The concerns this version of the core judges. A concern not listed is left out of the
/// report rather than shown with a grade it has not earned.
pub const JUDGED_CONCERNS: &[Concern] = &[Concern::Connection];

/// Judges one page. Never panics on any input it can be given; anything it cannot judge
/// comes back as an unknown report with the reason.
pub fn evaluate(page: &Page) -> Report {
    let Some(facts) = &page.facts else {
        return Report::unknown(None, "unknown_no_facts", None);
    };
    let url_text = fields::clip(&facts.url, 2_000);
    if facts.schema_version != FACTS_SCHEMA_VERSION {
        return Report::unknown(
            Some(url_text),
            "unknown_schema_version",
            Some(format!("facts version {}, core reads version {FACTS_SCHEMA_VERSION}", facts.schema_version)),
        );
    }
    if let Some(why) = page.limit_violation() {
        return Report::unknown(Some(url_text), "unknown_too_large", Some(why));
    }
    let page_url = match Url::parse(&facts.url) {
        Ok(url) => url,
        Err(err) => return Report::unknown(Some(url_text), "unknown_bad_url", Some(err.to_string())),
    };
    if !matches!(page_url.scheme(), "http" | "https") {
        return Report::unknown(Some(url_text), "unknown_not_a_web_page", Some(page_url.scheme().to_string()));
    }

    let mut caveats: Vec<Caveat> = facts
        .truncated
        .iter()
        .map(|t| Caveat::new("caveat_truncated", format!("{}: {} of {}", t.list, t.kept, t.seen)))
        .collect();
    if facts.timed_out {
        caveats.push(Caveat::new("caveat_timed_out", ""));
    }

    let connection = connection::judge(page, facts, &page_url);
    caveats.extend(connection.caveats);

    grade::grade_page(page_url.to_string(), JUDGED_CONCERNS, connection.findings, caveats)
}

/// Reads a page from JSON.
pub fn page_from_json(page_json: &str) -> Result<Page, serde_json::Error> {
    serde_json::from_str(page_json)
}

/// Judges a page given as JSON. Malformed JSON is a page that cannot be judged, not an error.
pub fn evaluate_json(page_json: &str) -> Report {
    match page_from_json(page_json) {
        Ok(page) => evaluate(&page),
        Err(err) => Report::unknown(None, "unknown_malformed_facts", Some(err.to_string())),
    }
}
