//! A request as the matcher sees it: the lowercased URL, its host and site, the source's
//! host and site, the party and the type bit. Built once per classification, borrowing
//! from the caller's strings and one reusable buffer, so the hot path does not allocate.

use super::party::{host_range, normalize_host, site_of};

/// Request types as bits of a filter's options. Names are the browser's `webRequest`
/// types plus the aliases the reference engine accepts (`fetch`, `beacon`, `mainFrame` …).
const TYPES: &[(&str, u32)] = &[
    ("image", 1),
    ("imageset", 1),
    ("media", 1 << 1),
    ("object", 1 << 2),
    ("object_subrequest", 1 << 2),
    ("other", 1 << 3),
    ("cspviolationreport", 1 << 3),
    ("csp_report", 1 << 3),
    ("cspReport", 1 << 3),
    ("eventsource", 1 << 3),
    ("manifest", 1 << 3),
    ("web_manifest", 1 << 3),
    ("prefetch", 1 << 3),
    ("preflight", 1 << 3),
    ("signedexchange", 1 << 3),
    ("speculative", 1 << 3),
    ("texttrack", 1 << 3),
    ("xml_dtd", 1 << 3),
    ("xslt", 1 << 3),
    ("ping", 1 << 4),
    ("beacon", 1 << 4),
    ("script", 1 << 5),
    ("json", 1 << 5),
    ("fedcm", 1 << 5),
    ("stylesheet", 1 << 6),
    ("sub_frame", 1 << 7),
    ("subFrame", 1 << 7),
    ("subdocument", 1 << 7),
    ("xhr", 1 << 8),
    ("xmlhttprequest", 1 << 8),
    ("fetch", 1 << 8),
    ("websocket", 1 << 9),
    ("webSocket", 1 << 9),
    ("font", 1 << 10),
    ("main_frame", 1 << 11),
    ("mainFrame", 1 << 11),
    ("document", 1 << 11),
];

/// Every type bit: a filter with no type option applies to all of them.
pub const TYPE_ANY: u32 = (1 << 12) - 1;

pub fn type_bit(name: &str) -> Option<u32> {
    TYPES.iter().find(|(n, _)| *n == name).map(|&(_, bit)| bit)
}

pub struct Request<'a> {
    /// The URL lowercased (a `data:` URL cut at its first comma, as the reference does).
    pub url: &'a str,
    /// The URL as given, for `$match-case` regexes.
    pub raw_url: &'a str,
    /// Lowercase ASCII host; empty when the URL has none.
    pub host: &'a str,
    /// The host's registrable domain (see `party`); empty when there is no host.
    pub site: &'a str,
    pub source_host: Option<&'a str>,
    pub source_site: Option<&'a str>,
    /// `None` for a type no filter option names: only untyped filters apply then.
    pub type_bit: Option<u32>,
    pub is_http: bool,
    pub is_https: bool,
    /// http(s), ws(s) or data: the schemes filters are matched on.
    pub supported: bool,
    /// Third party for `$3p`/`$1p`: the sites differ. A request with no known source, or a
    /// top-level navigation, is first party, as in the reference engine.
    pub third_party: bool,
}

/// Owns what a `Request` borrows when the input needs changing (lowercasing, punycode).
/// Reused across calls, so classifying does not allocate once it has warmed up.
#[derive(Default)]
pub struct Scratch {
    url: String,
    /// The host when it had to be converted (Unicode → punycode); else empty and unused.
    host: String,
    host_range: Option<(usize, usize)>,
}

impl Scratch {
    /// Lowercases the URL into the buffer and finds its host.
    pub fn prepare(&mut self, raw_url: &str) {
        self.url.clear();
        let mut cut = raw_url;
        if raw_url.starts_with("data:") {
            if let Some(comma) = raw_url.find(',') {
                cut = &raw_url[..comma];
            }
        }
        self.url.push_str(cut);
        self.url.make_ascii_lowercase();
        self.host.clear();
        self.host_range = host_range(&self.url);
        if let Some((start, end)) = self.host_range {
            if !self.url[start..end].is_ascii() {
                // Unicode host: convert to punycode as browsers do (rare; allocation is fine).
                self.host = normalize_host(&raw_url[start..end]).into_owned();
            }
        }
    }
}

impl<'a> Request<'a> {
    pub fn new(
        scratch: &'a Scratch,
        raw_url: &'a str,
        request_type: &str,
        source: Option<(&'a str, &'a str)>,
    ) -> Request<'a> {
        let url = scratch.url.as_str();
        let host = match scratch.host_range {
            Some(_) if !scratch.host.is_empty() => scratch.host.as_str(),
            Some((start, end)) => &url[start..end],
            None => "",
        };
        let is_ws = request_type == "websocket"
            || request_type == "webSocket"
            || raw_url.starts_with("ws:")
            || raw_url.starts_with("wss:");
        let is_http = !is_ws && raw_url.starts_with("http:");
        let is_https = !is_ws && raw_url.starts_with("https:");
        let supported = is_ws || is_http || is_https || raw_url.starts_with("data:");
        let type_bit = if is_ws { type_bit("websocket") } else { type_bit(request_type) };
        let site = if host.is_empty() { "" } else { site_of(host) };
        let navigation = request_type == "main_frame" || request_type == "mainFrame";
        let third_party = !navigation && !site.is_empty() && matches!(source, Some((_, s)) if s != site);
        Request {
            url,
            raw_url,
            host,
            site,
            source_host: source.map(|s| s.0),
            source_site: source.map(|s| s.1),
            type_bit,
            is_http,
            is_https,
            supported,
            third_party,
        }
    }
}
