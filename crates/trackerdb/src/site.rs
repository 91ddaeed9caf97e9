//! Who a request belongs to. A host's *site* is its registrable domain on the Public
//! Suffix List (the `psl` crate's list, compiled in as a table by `psl`, private suffixes
//! included), never "the last two
//! labels": `cdn.shop.co.uk` belongs to `shop.co.uk`, while `a.myshopify.com` and
//! `b.myshopify.com` are two different sites because `myshopify.com` is a (private)
//! public suffix. IP addresses and single-label hosts (`localhost`) are their own site.

use std::borrow::Cow;

use crate::psl::Table;

/// First or third party, relative to the page (or frame) that made the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    First,
    Third,
    /// The source has no host (`about:blank`, an empty or opaque origin): nothing to compare.
    Unknown,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::First => "first",
            Party::Third => "third",
            Party::Unknown => "unknown",
        }
    }
}

/// Where the host sits inside a URL, found without a full URL parse: the classifier runs
/// once per request, and a full WHATWG parse costs more than the whole match.
/// Returns the byte range of the host (without brackets, user info, port or trailing dot).
pub fn host_range(url: &str) -> Option<(usize, usize)> {
    let bytes = url.as_bytes();
    // Nearly every request is http(s): its authority start is known without scanning.
    let authority_start = if bytes.starts_with(b"https://") {
        8
    } else if bytes.starts_with(b"http://") {
        7
    } else {
        authority_start(bytes)?
    };
    // One pass over the authority: where it ends, the last '@' (user info ends there) and the
    // first ':' after it (a port, unless the host is an IPv6 literal).
    let mut authority_end = bytes.len();
    let mut last_at = None;
    let mut colon = None;
    for (i, &b) in bytes.iter().enumerate().skip(authority_start) {
        // Most bytes are host letters: one table load rules them out.
        if !AUTHORITY_MARK[usize::from(b)] {
            continue;
        }
        match b {
            b'/' | b'?' | b'#' | b'\\' => {
                authority_end = i;
                break;
            }
            b'@' => {
                last_at = Some(i);
                colon = None;
            }
            b':' if colon.is_none() => colon = Some(i),
            _ => {}
        }
    }
    let mut start = last_at.map_or(authority_start, |p| p + 1);
    let mut end;
    if bytes.get(start) == Some(&b'[') {
        // IPv6 literal: the host is what is inside the brackets.
        let close = bytes[start..authority_end].iter().position(|&b| b == b']')?;
        end = start + close;
        start += 1;
    } else {
        end = colon.unwrap_or(authority_end);
        // `www.example.com.` is the same host as `www.example.com`.
        while end > start && bytes[end - 1] == b'.' {
            end -= 1;
        }
    }
    if end <= start {
        return None;
    }
    Some((start, end))
}

/// The bytes `host_range` stops at inside an authority: its ends, user info, port.
static AUTHORITY_MARK: [bool; 256] = {
    let mut marks = [false; 256];
    let mut i = 0;
    let stops = *b"/?#\\@:";
    while i < stops.len() {
        marks[stops[i] as usize] = true;
        i += 1;
    }
    marks
};

/// Where the authority of a URL starts: after `scheme "://"`; a URL without "//" after its
/// scheme (about:, data:, blob:) has none.
fn authority_start(bytes: &[u8]) -> Option<usize> {
    let colon = bytes.iter().position(|&b| b == b':')?;
    if colon == 0 || !bytes[0].is_ascii_alphabetic() {
        return None;
    }
    if !bytes[..colon].iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
        return None;
    }
    if !bytes[colon + 1..].starts_with(b"//") {
        return None;
    }
    Some(colon + 3)
}

/// The host of a URL, lowercased and, for an internationalised name typed in Unicode,
/// converted to its ASCII (punycode) form, as browsers send it and as the tracker data
/// spells it.
pub fn host_of(url: &str) -> Option<Cow<'_, str>> {
    let (start, end) = host_range(url)?;
    Some(normalize_host(&url[start..end]))
}

/// Lowercases a host and turns a Unicode name into punycode. Borrowed when nothing changes,
/// which is the usual case (browsers hand out lowercase ASCII hosts).
pub fn normalize_host(host: &str) -> Cow<'_, str> {
    if !host.is_ascii() {
        return Cow::Owned(unicode_host_to_ascii(host));
    }
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(host.to_ascii_lowercase())
    } else {
        Cow::Borrowed(host)
    }
}

/// Out of line: the IDNA mapping is kilobytes of wasm that a worker would otherwise compile
/// with the first source page set, for hosts it rarely sees.
#[cold]
#[inline(never)]
fn unicode_host_to_ascii(host: &str) -> String {
    match url::Host::parse(host) {
        Ok(url::Host::Domain(ascii)) => ascii,
        _ => host.to_lowercase(),
    }
}

/// True for an IPv4 dotted quad or an IPv6 literal (the brackets already stripped). One pass
/// over the bytes: this runs for every source page and many requests.
pub fn is_ip(host: &str) -> bool {
    let mut parts = 1;
    let mut digits = 0;
    for &b in host.as_bytes() {
        match b {
            b':' => return true,
            b'.' if digits > 0 => {
                parts += 1;
                digits = 0;
            }
            b'0'..=b'9' if digits < 3 => digits += 1,
            // An empty or over-long part, or a letter: not a dotted quad, unless a ':' follows.
            _ => return host.as_bytes().contains(&b':'),
        }
    }
    parts == 4 && digits > 0
}

/// The site (registrable domain) of a lowercase ASCII host. A host that is itself a public
/// suffix, a single label such as `localhost`, or an IP address is its own site.
pub fn site_of(host: &str) -> &str {
    if is_ip(host) {
        return host;
    }
    match PUBLIC_SUFFIXES.domain_len(host.as_bytes()) {
        // The registrable domain is a suffix of the input ending on a label edge, so this
        // slice is always in bounds and on a char boundary.
        Some(len) => &host[host.len() - len..],
        None => host,
    }
}

/// The Public Suffix List this build was made with (written by `build_psl.rs`).
static PUBLIC_SUFFIXES: Table<'static> = Table::new(include_bytes!(concat!(env!("OUT_DIR"), "/psl.bin")));

/// Whether `host` is on the site `source_site` (the site of `source_host`), calling the PSL
/// (`site`) only when the answer depends on it. A host's site is a run of its last labels, so
/// a host that does not end with the source's site on a label edge is on another site, and
/// the source's own host is on its site: requests to other sites and to the page's own host,
/// most of a page's requests, need no PSL walk.
pub fn on_site<'a>(host: &'a str, source_host: &str, source_site: &str, site: impl FnOnce() -> &'a str) -> bool {
    if host == source_host {
        return true;
    }
    on_host(host, source_site) && site() == source_site
}

/// Whether a host is `suffix` or a subdomain of it (the suffix starts on a label edge).
pub fn on_host(host: &str, suffix: &str) -> bool {
    host == suffix || host.strip_suffix(suffix).is_some_and(|rest| rest.ends_with('.'))
}

/// Whether two URLs belong to the same site: the question the rest of the core asks.
pub fn same_site(a_url: &str, b_url: &str) -> Option<bool> {
    let a = host_of(a_url)?;
    let b = host_of(b_url)?;
    Some(site_of(&a) == site_of(&b))
}
