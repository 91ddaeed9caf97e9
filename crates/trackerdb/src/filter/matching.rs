//! Matching one parsed [`Filter`] against a request.

use super::*;

impl Filter {
    /// Options first (cheap), then the pattern: the order the reference engine uses, and the
    /// cheapest way to reject most candidates.
    pub fn matches(&self, request: &Request) -> bool {
        self.matches_options(request) && self.matches_pattern(request)
    }

    fn matches_options(&self, r: &Request) -> bool {
        let type_ok = match r.type_bit {
            Some(bit) => self.options & bit != 0,
            // A type the data has no option for only matches filters that name no type.
            None => self.options & TYPE_ANY == TYPE_ANY,
        };
        if !type_ok
            || (r.is_https && self.options & FROM_HTTPS == 0)
            || (r.is_http && self.options & FROM_HTTP == 0)
            || (self.options & FIRST_PARTY == 0 && !r.third_party)
            || (self.options & THIRD_PARTY == 0 && r.third_party)
        {
            return false;
        }
        if let Some(domains) = &self.domains {
            match (r.source_host, r.source_site) {
                (Some(host), Some(site)) => {
                    if !domains.matches(host, site) {
                        return false;
                    }
                }
                // No source: only a list made of exclusions (`~a.com`) lets the request through.
                _ => {
                    if !domains.hostnames.is_empty() || !domains.entities.is_empty() {
                        return false;
                    }
                }
            }
        }
        if let Some(denyallow) = &self.denyallow {
            if !r.host.is_empty() && denyallow.matches_positive(r.host, r.site()) {
                return false;
            }
        }
        true
    }

    fn matches_pattern(&self, r: &Request) -> bool {
        let url = r.url;
        if let Some(fh) = &self.hostname {
            let followed_by_wildcard = matches!(&self.pattern, Pattern::Glob(p) if p.first() == Some(&GlobPart::Star));
            if !anchored_by_hostname(fh, r.host, followed_by_wildcard) {
                return false;
            }
            // The rest of the filter applies to what follows the first occurrence of the
            // filter's hostname in the URL.
            let Some(at) = find(url.as_bytes(), fh.as_bytes()) else { return false };
            let after = &url[at + fh.len()..];
            return match &self.pattern {
                Pattern::Glob(parts) => glob_match(parts, after.as_bytes(), self.left_anchor, self.right_anchor),
                Pattern::Empty => !self.right_anchor || r.host.len() == fh.len() || r.host.ends_with(&**fh),
                Pattern::Plain(p) => match (self.left_anchor, self.right_anchor) {
                    (true, true) => same_bytes(after.as_bytes(), p.as_bytes()),
                    (false, true) => url.ends_with(&**p),
                    (true, false) => has_prefix(after.as_bytes(), p.as_bytes()),
                    (false, false) => find(after.as_bytes(), p.as_bytes()).is_some(),
                },
                Pattern::Regex { .. } => false,
            };
        }
        match &self.pattern {
            Pattern::Empty => true,
            Pattern::Regex { regex, case_sensitive, required, anchored, simple } => {
                holds_runs_in_order(url.as_bytes(), required)
                    && match (simple.as_ref().and_then(|s| s.is_match(url.as_bytes())), anchored, required.first()) {
                        (Some(answer), ..) => answer,
                        // A match starts where one of the first run's strings does; the URL
                        // is cut there on a character boundary (the strings are ASCII), and
                        // nothing in the regex looks before its first character.
                        (None, Some(anchored), Some(first)) => {
                            first.iter().any(|s| occurrences(url.as_bytes(), s).any(|at| anchored.is_match(&url[at..])))
                        }
                        _ => regex.is_match(if *case_sensitive { r.raw_url } else { url }),
                    }
            }
            Pattern::Glob(parts) => glob_match(parts, url.as_bytes(), self.left_anchor, self.right_anchor),
            Pattern::Plain(p) => match (self.left_anchor, self.right_anchor) {
                (true, true) => same_bytes(url.as_bytes(), p.as_bytes()),
                (true, false) => has_prefix(url.as_bytes(), p.as_bytes()),
                (false, true) => url.ends_with(&**p),
                (false, false) => find(url.as_bytes(), p.as_bytes()).is_some(),
            },
        }
    }
}

/// Whether a filter's `||hostname` anchors the request host: equal to it, or a run of whole
/// labels at its start, end or middle (a dot on the filter side counts as a label edge).
pub fn anchored_by_hostname(fh: &str, host: &str, followed_by_wildcard: bool) -> bool {
    if fh.is_empty() {
        return true;
    }
    if fh.len() > host.len() {
        return false;
    }
    if fh.len() == host.len() {
        return fh == host;
    }
    let Some(at) = find(host.as_bytes(), fh.as_bytes()) else { return false };
    let hb = host.as_bytes();
    let fb = fh.as_bytes();
    let ends_label = followed_by_wildcard || hb.get(at + fh.len()) == Some(&b'.') || fb[fb.len() - 1] == b'.';
    let starts_label = at == 0 || hb[at - 1] == b'.' || fb[0] == b'.';
    if at == 0 {
        return ends_label;
    }
    if at + fh.len() == host.len() {
        return starts_label;
    }
    ends_label && starts_label
}

impl Domains {
    /// `$domain=` semantics: no exclusion may match; then, if any inclusion is listed, one must.
    fn matches(&self, host: &str, site: &str) -> bool {
        if any_suffix_in(&self.not_hostnames, host, site) || any_entity_in(&self.not_entities, host, site) {
            return false;
        }
        if self.hostnames.is_empty() && self.entities.is_empty() {
            return true;
        }
        self.matches_positive(host, site)
    }

    fn matches_positive(&self, host: &str, site: &str) -> bool {
        any_suffix_in(&self.hostnames, host, site) || any_entity_in(&self.entities, host, site)
    }
}

/// The host and its parent domains down to the site, e.g. `a.b.shop.co.uk` → itself,
/// `b.shop.co.uk`, `shop.co.uk`.
fn host_suffixes<'a>(host: &'a str, site: &str) -> impl Iterator<Item = &'a str> {
    let stop = host.len().saturating_sub(site.len());
    std::iter::once(host)
        .chain(host.char_indices().filter(move |&(i, c)| c == '.' && i < stop).map(move |(i, _)| &host[i + 1..]))
}

fn any_suffix_in(list: &[Box<str>], host: &str, site: &str) -> bool {
    !list.is_empty() && host_suffixes(host, site).any(|s| list.iter().any(|d| &**d == s))
}

/// `google.*` entities: the host without its public suffix (`www.google` for
/// `www.google.co.uk`), and its parents.
fn any_entity_in(list: &[Box<str>], host: &str, site: &str) -> bool {
    if list.is_empty() {
        return false;
    }
    let Some(dot) = site.find('.') else { return false };
    let suffix_len = site.len() - dot;
    let without_suffix = &host[..host.len() - suffix_len];
    let label_site = &site[..dot];
    host_suffixes(without_suffix, label_site).any(|s| list.iter().any(|d| &**d == s))
}

/// First occurrence of `needle` in `hay`. A plain scan on purpose: URLs and hosts are short,
/// and the library searchers' per-call setup (`str::find`, `memmem`) costs more than the
/// search itself, several times per candidate filter.
#[inline]
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    occurrences(hay, needle).next()
}

/// Every position where `needle` starts in `hay`, in order (overlapping ones included).
pub fn occurrences<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let last = (hay.len() + 1).saturating_sub(needle.len().max(1));
    let first = needle.first().copied();
    (0..last)
        .filter(move |&i| match first {
            Some(b) => hay[i] == b && has_prefix(&hay[i..], needle),
            None => true,
        })
        .chain((needle.is_empty()).then_some(hay.len()))
}

/// `^` matches one character that cannot be part of a URL word, or the end of the URL.
fn is_separator(b: u8) -> bool {
    !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'%' | b'-'))
}

/// Glob match with `*` and `^`; `left`: must start at the text's start, `right`: must end at
/// its end. Backtracks only at stars, jumping straight to occurrences of the next literal.
pub fn glob_match(parts: &[GlobPart], text: &[u8], left: bool, right: bool) -> bool {
    if left {
        return glob_at(parts, text, right);
    }
    match parts.first() {
        Some(GlobPart::Literal(lit)) => {
            for at in occurrences(text, lit) {
                if glob_at(parts, &text[at..], right) {
                    return true;
                }
            }
            false
        }
        _ => (0..=text.len()).any(|at| glob_at(parts, &text[at..], right)),
    }
}

fn glob_at(parts: &[GlobPart], text: &[u8], right: bool) -> bool {
    let Some((first, rest)) = parts.split_first() else {
        return !right || text.is_empty();
    };
    match first {
        GlobPart::Literal(lit) => has_prefix(text, lit) && glob_at(rest, &text[lit.len()..], right),
        GlobPart::Separator => match text.first() {
            None => glob_at(rest, text, right),
            Some(&b) => is_separator(b) && glob_at(rest, &text[1..], right),
        },
        GlobPart::Star => match rest.first() {
            None => true,
            Some(GlobPart::Literal(lit)) => occurrences(text, lit).any(|at| glob_at(rest, &text[at..], right)),
            _ => (0..=text.len()).any(|at| glob_at(rest, &text[at..], right)),
        },
    }
}
