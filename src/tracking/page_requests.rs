//! The page's subresources, each classified once per evaluation. The tracking concern
//! (who watches the shopper) and the consent concern (when they started) read this one list.

use std::collections::HashSet;

use crate::page::{Page, PageFacts};

use super::{request_type_code, Classifier, Party, ReplayVendor, TrackerDb, TrackerInfo};
use crate::site;

/// Where a request was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// By webRequest, with the browser's request type and time stamps.
    Network,
    /// Only as a script, frame or image element of the DOM (blocked or cached loads).
    Element,
    /// Only in a stylesheet link or a Resource Timing entry.
    Listed,
}

pub struct PageRequest<'a> {
    pub url: &'a str,
    pub host: String,
    /// webRequest time stamps (ms since the epoch); 0 for what only the DOM shows.
    pub at: f64,
    pub last_at: f64,
    pub seen: Seen,
    pub party: Party,
    /// The tracker pattern that names the request, if any.
    pub tracker: Option<TrackerInfo<'a>>,
    /// Set when the host belongs to a session-replay vendor, tracker data or not.
    pub session_replay: Option<ReplayVendor>,
}

/// Every http(s) subresource the page asked for, once each: what the network saw first (it
/// has the browser's request type and times), then what only the DOM shows.
pub fn classify<'a>(db: &'a TrackerDb, page: &'a Page, facts: &'a PageFacts, page_url: &str) -> Vec<PageRequest<'a>> {
    let network = page
        .requests
        .iter()
        .filter(|r| r.kind != "main_frame")
        .map(|r| (r.url.as_str(), r.kind.as_str(), r.at, r.last_at, Seen::Network));
    let element = |url: &'a str, kind: &'static str| (url, kind, 0.0, 0.0, Seen::Element);
    let listed = |url: &'a str, kind: &'static str| (url, kind, 0.0, 0.0, Seen::Listed);
    let dom = (facts.scripts.iter().map(|s| element(&s.src, "script")))
        .chain(facts.iframes.iter().map(|f| element(&f.src, "sub_frame")))
        .chain(facts.stylesheets.iter().map(|s| listed(&s.href, "stylesheet")))
        .chain(facts.media.iter().map(|m| element(&m.src, "image")))
        .chain(facts.resources.iter().map(|r| listed(&r.url, request_type_of_initiator(&r.initiator_type))));

    let mut classifier = Classifier::new();
    classifier.set_source_page(page_url);
    let mut seen_urls = HashSet::new();
    let mut out = Vec::new();
    for (url, kind, at, last_at, seen) in network.chain(dom) {
        if !(url.starts_with("http://") || url.starts_with("https://")) || !seen_urls.insert(url) {
            continue;
        }
        let Some(host) = site::host_of(url) else { continue };
        let classification = db.classify_request(&mut classifier, url, request_type_code(kind));
        out.push(PageRequest {
            url,
            host: host.into_owned(),
            at,
            last_at,
            seen,
            party: classification.party,
            tracker: classification.tracker.and_then(|id| db.tracker(id)),
            session_replay: classification.session_replay,
        });
    }
    out
}

/// Resource Timing's initiator type, as the webRequest type the tracker filters expect.
fn request_type_of_initiator(initiator: &str) -> &'static str {
    match initiator {
        "script" => "script",
        "img" | "image" | "css" | "icon" => "image",
        "link" => "stylesheet",
        "iframe" | "frame" => "sub_frame",
        "xmlhttprequest" | "fetch" => "xmlhttprequest",
        "beacon" => "ping",
        "video" | "audio" | "track" => "media",
        _ => "other",
    }
}
