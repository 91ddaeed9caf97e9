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
/// its code once (`requestTypeCode`) and reuses it. A `const fn`, so the codes the matcher
/// tests are constants too.
pub const fn type_code(name: &str) -> u32 {
    let name = name.as_bytes();
    let mut i = 0;
    while i < TYPES.len() {
        let n = TYPES[i].0.as_bytes();
        if n.len() == name.len() {
            let mut j = 0;
            while j < n.len() && n[j] == name[j] {
                j += 1;
            }
            if j == n.len() {
                return i as u32;
            }
        }
        i += 1;
    }
    UNKNOWN_TYPE
}

/// The code of a type no filter option names: only untyped filters apply.
pub const UNKNOWN_TYPE: u32 = 0xFF;

const WEBSOCKET: u32 = type_code("websocket");
const WEBSOCKET_CAMEL: u32 = type_code("webSocket");
const MAIN_FRAME: u32 = type_code("main_frame");
const MAIN_FRAME_CAMEL: u32 = type_code("mainFrame");
// Names of `TYPES` all: a misspelt one fails the build.
const _: () = assert!(
    WEBSOCKET != UNKNOWN_TYPE
        && WEBSOCKET_CAMEL != UNKNOWN_TYPE
        && MAIN_FRAME != UNKNOWN_TYPE
        && MAIN_FRAME_CAMEL != UNKNOWN_TYPE
);

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
    /// The URL lowercased, when it had an uppercase letter (`lowered`); else unused: most
    /// URLs are lowercase already, and the request then borrows the caller's string rather
    /// than a copy (in wasm a copy is a call out to the engine's `memory.copy`).
    url: String,
    lowered: bool,
    /// Bytes of the URL the request sees (a `data:` URL is cut at its first comma).
    len: usize,
    /// The host when it had to be converted (Unicode → punycode); else empty and unused.
    host: String,
    host_range: Option<(usize, usize)>,
}

impl Scratch {
    /// Lowercases the URL into the buffer if it needs it and finds its host.
    pub fn prepare(&mut self, raw_url: &str) {
        let mut cut = raw_url;
        if begins_with(raw_url, b"data:") {
            if let Some(comma) = raw_url.find(',') {
                cut = &raw_url[..comma];
            }
        }
        self.len = cut.len();
        self.lowered = has_ascii_uppercase(cut.as_bytes());
        let url = if self.lowered {
            self.url.clear();
            self.url.push_str(cut);
            self.url.make_ascii_lowercase();
            self.url.as_str()
        } else {
            cut
        };
        self.host.clear();
        self.host_range = host_range(url);
        if let Some((start, end)) = self.host_range {
            if !url[start..end].is_ascii() {
                // Unicode host: convert to punycode as browsers do (rare; allocation is fine).
                self.host = normalize_host(&raw_url[start..end]).into_owned();
            }
        }
    }

    /// The URL as the request sees it: lowercased, cut; `raw_url` must be the URL `prepare`
    /// was given.
    fn url<'a>(&'a self, raw_url: &'a str) -> &'a str {
        if self.lowered {
            &self.url
        } else {
            &raw_url[..self.len]
        }
    }
}

/// Whether a text has an ASCII uppercase letter, read eight bytes at a time: without SIMD
/// (the wasm build has none) lowercasing byte by byte is a visible part of classifying a
/// request, and few URLs (about 5 % of a real corpus) have an uppercase letter at all.
fn has_ascii_uppercase(text: &[u8]) -> bool {
    let mut chunks = text.chunks_exact(8);
    let upper_in_chunk = |x: u64| {
        // Per byte below 0x80 (so no carry into the next byte): + 0x3f sets its top bit from
        // 'A' up, + 0x25 from 'Z' + 1 up; the difference is the uppercase letters.
        let low = x & 0x7f7f_7f7f_7f7f_7f7f;
        ((low + 0x3f3f_3f3f_3f3f_3f3f) ^ (low + 0x2525_2525_2525_2525)) & !x & 0x8080_8080_8080_8080 != 0
    };
    chunks.any(|c| upper_in_chunk(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])))
        || chunks.remainder().iter().any(u8::is_ascii_uppercase)
}

/// `text.starts_with(prefix)`, compared in place ([`crate::filter::has_prefix`]): a `starts_with` is a call to
/// `memcmp`, which in wasm is an out-of-line byte loop, and each request asks this several times.
#[inline(always)]
fn begins_with(text: &str, prefix: &[u8]) -> bool {
    crate::filter::has_prefix(text.as_bytes(), prefix)
}

impl<'a> Request<'a> {
    /// `source`: the source page's host and site, when it has a host.
    pub fn new(
        scratch: &'a Scratch,
        raw_url: &'a str,
        type_code: u32,
        source: Option<(&'a str, &'a str)>,
    ) -> Request<'a> {
        let url = scratch.url(raw_url);
        let host = match scratch.host_range {
            Some(_) if !scratch.host.is_empty() => scratch.host.as_str(),
            Some((start, end)) => &url[start..end],
            None => "",
        };
        // Type names compared by their codes: comparing names costs a `memcmp` call in wasm.
        let is_ws = type_code == WEBSOCKET
            || type_code == WEBSOCKET_CAMEL
            || begins_with(raw_url, b"ws:")
            || begins_with(raw_url, b"wss:");
        let is_http = !is_ws && begins_with(raw_url, b"http:");
        let is_https = !is_ws && begins_with(raw_url, b"https:");
        let supported = is_ws || is_http || is_https || begins_with(raw_url, b"data:");
        let type_bit =
            if is_ws { Some(TYPES[WEBSOCKET as usize].1) } else { TYPES.get(type_code as usize).map(|&(_, bit)| bit) };
        let navigation = type_code == MAIN_FRAME || type_code == MAIN_FRAME_CAMEL;
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

#[cfg(test)]
mod tests {
    use super::has_ascii_uppercase;

    #[test]
    fn uppercase_is_found_at_every_position_and_only_uppercase() {
        // Every byte value at every position of a text longer than two eight-byte words,
        // among neighbours that could carry into it (0x7f, 0xff) or sit next to the range.
        for fill in [b'a', b'@', b'[', 0x7f, 0xff, b'0'] {
            for len in [1, 7, 8, 9, 16, 19] {
                for at in 0..len {
                    for b in 0..=255u8 {
                        let mut text = vec![fill; len];
                        text[at] = b;
                        let expected = text.iter().any(u8::is_ascii_uppercase);
                        assert_eq!(has_ascii_uppercase(&text), expected, "{b:#x} at {at} of {len} among {fill:#x}");
                    }
                }
            }
        }
        assert!(!has_ascii_uppercase(b""));
    }
}
