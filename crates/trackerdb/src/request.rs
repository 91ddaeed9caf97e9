//! A request as the matcher sees it: the lowercased URL, its host and site, the source's
//! host and site, the party and the type bit. Built once per classification, borrowing
//! from the caller's strings and one reusable buffer, so the hot path does not allocate.

use std::cell::OnceCell;

use crate::site::{host_range, normalize_host, on_site, site_of};

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

/// A request type as a small number, so the per-request call passes an integer rather than
/// a string: the index of its name in `TYPES`. The extension maps each webRequest `type` to
/// its code once (`requestTypeCode`) and reuses it.
pub fn type_code(name: &str) -> u32 {
    TYPES.iter().position(|(n, _)| *n == name).map_or(UNKNOWN_TYPE, |i| i as u32)
}

/// The code of a type no filter option names: only untyped filters apply.
pub const UNKNOWN_TYPE: u32 = 0xFF;

fn type_name(code: u32) -> &'static str {
    TYPES.get(code as usize).map_or("", |&(n, _)| n)
}

pub struct Request<'a> {
    /// The URL lowercased (a `data:` URL cut at its first comma, as the reference does).
    pub url: &'a str,
    /// The URL as given, for `$match-case` regexes.
    pub raw_url: &'a str,
    /// Lowercase ASCII host; empty when the URL has none.
    pub host: &'a str,
    /// The host's registrable domain (see `party`), computed on first use: most requests are
    /// decided without it (see `party::on_site`).
    site: OnceCell<&'a str>,
    pub source_host: Option<&'a str>,
    pub source_site: Option<&'a str>,
    /// `None` for a type no filter option names: only untyped filters apply then.
    pub type_bit: Option<u32>,
    pub is_http: bool,
    pub is_https: bool,
    /// http(s), ws(s) or data: the schemes filters are matched on.
    pub supported: bool,
    /// Whether host and source are on the same site; `None` without a host or a source.
    pub same_site: Option<bool>,
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
    /// `source`: the source page's host and site, when it has a host.
    pub fn new(
        scratch: &'a Scratch,
        raw_url: &'a str,
        type_code: u32,
        source: Option<(&'a str, &'a str)>,
    ) -> Request<'a> {
        let url = scratch.url.as_str();
        let host = match scratch.host_range {
            Some(_) if !scratch.host.is_empty() => scratch.host.as_str(),
            Some((start, end)) => &url[start..end],
            None => "",
        };
        let name = type_name(type_code);
        let is_ws =
            name == "websocket" || name == "webSocket" || raw_url.starts_with("ws:") || raw_url.starts_with("wss:");
        let is_http = !is_ws && raw_url.starts_with("http:");
        let is_https = !is_ws && raw_url.starts_with("https:");
        let supported = is_ws || is_http || is_https || raw_url.starts_with("data:");
        let type_bit = if is_ws { type_bit("websocket") } else { TYPES.get(type_code as usize).map(|&(_, bit)| bit) };
        let navigation = name == "main_frame" || name == "mainFrame";
        let site = OnceCell::new();
        let same_site = match source {
            Some((source_host, source_site)) if !host.is_empty() => {
                Some(on_site(host, source_host, source_site, || *site.get_or_init(|| site_of(host))))
            }
            _ => None,
        };
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
            same_site,
            third_party: !navigation && same_site == Some(false),
        }
    }

    /// The host's registrable domain; empty when there is no host.
    pub fn site(&self) -> &'a str {
        if self.host.is_empty() {
            return "";
        }
        self.site.get_or_init(|| site_of(self.host))
    }
}
