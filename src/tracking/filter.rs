//! One network filter of the tracker data, in the Adblock Plus syntax the data is written
//! in (`||mmtro.com^$3p`, `/piwik.js`, `/\/resxcls[ax][0-9a-z_]*\.js/`), parsed and matched
//! with the semantics of Ghostery's adblocker, the engine `@ghostery/trackerdb`'s own SDK
//! uses: ShopTrust must call a request a tracker exactly when that SDK does.
//!
//! Matching is on the lowercased URL (`Request::url`); filters other than `$match-case`
//! regexes are lowercased at parse time.

use super::request::{Request, TYPE_ANY};

/// Option bits. Type bits live in the low bits (see `request::type_bit`).
pub const FIRST_PARTY: u32 = 1 << 16;
pub const THIRD_PARTY: u32 = 1 << 17;
pub const FROM_HTTP: u32 = 1 << 18;
pub const FROM_HTTPS: u32 = 1 << 19;

/// What follows the `||hostname` anchor, or the whole filter when there is none.
#[derive(Debug)]
pub enum Pattern {
    /// Nothing to match beyond the anchors and options.
    Empty,
    /// A literal (no `*` or `^`).
    Plain(Box<str>),
    /// A pattern with `*` (any run of characters) and `^` (one separator or the end).
    Glob(Vec<GlobPart>),
    /// `/regex/`, compiled case-insensitively unless `$match-case`.
    Regex { regex: regex_lite::Regex, case_sensitive: bool },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobPart {
    Literal(Box<[u8]>),
    Star,
    Separator,
}

/// A set of hostnames from `$domain=` / `$denyallow=`; `name.*` entries ("entities") match
/// a site under any public suffix (`google.*` covers `google.de` and `google.co.uk`).
#[derive(Debug, Default)]
pub struct Domains {
    hostnames: Vec<Box<str>>,
    entities: Vec<Box<str>>,
    not_hostnames: Vec<Box<str>>,
    not_entities: Vec<Box<str>>,
}

#[derive(Debug)]
pub struct Filter {
    pub options: u32,
    /// `||hostname` anchor (lowercase ASCII), when the filter has one.
    pub hostname: Option<Box<str>>,
    pub pattern: Pattern,
    pub left_anchor: bool,
    pub right_anchor: bool,
    pub domains: Option<Domains>,
    pub denyallow: Option<Domains>,
}

/// Why a line of the data is not a network filter ShopTrust can match. The reference
/// engine ignores the same lines, so skipping them keeps the two in agreement.
#[derive(Debug, PartialEq, Eq)]
pub enum Skip {
    Cosmetic,
    Unsupported(&'static str),
}

/// Why a filter is unsupported, as stored in the data image (`Skip::code`).
const UNSUPPORTED_REASONS: &[&str] = &[
    "rewriting option",
    "unknown option",
    "empty domain",
    "denyallow without domain",
    "regex syntax",
    "match-case on a non-regex filter",
];

impl Skip {
    /// 0 for cosmetic, 1 + the reason's index otherwise.
    pub fn code(&self) -> u32 {
        match self {
            Skip::Cosmetic => 0,
            Skip::Unsupported(why) => 1 + UNSUPPORTED_REASONS.iter().position(|r| r == why).unwrap_or(0) as u32,
        }
    }

    pub fn from_code(code: u32) -> Skip {
        match code {
            0 => Skip::Cosmetic,
            c => Skip::Unsupported(UNSUPPORTED_REASONS.get(c as usize - 1).copied().unwrap_or("unsupported")),
        }
    }
}

/// Element-hiding and scriptlet rules (`##.ad`, `example.com#@#.x`) are not about requests.
pub fn is_cosmetic(line: &str) -> bool {
    let b = line.as_bytes();
    if b.len() < 2 || b[0] == b'!' {
        return true;
    }
    if matches!(b[0], b'$' | b'&' | b'*' | b'-' | b'.' | b'/' | b':' | b'=' | b'?' | b'@' | b'_' | b'|')
        || b[b.len() - 1] == b'|'
    {
        return false;
    }
    match line.find('#') {
        Some(i) if i + 1 < line.len() => {
            let rest = &line[i + 1..];
            rest.starts_with('#')
                || ["@#", "@$#", "@%#", "@?#", "%#", "$#", "$?#", "?#"].iter().any(|p| rest.starts_with(p))
        }
        _ => false,
    }
}

impl Filter {
    pub fn parse(line: &str) -> Result<Filter, Skip> {
        if is_cosmetic(line) {
            return Err(Skip::Cosmetic);
        }
        let mut options = FIRST_PARTY | THIRD_PARTY | FROM_HTTP | FROM_HTTPS;
        let mut types_positive = 0u32;
        let mut types_negative = TYPE_ANY;
        let mut domains = None;
        let mut denyallow = None;
        let mut case_sensitive = false;

        let mut start = 0;
        let mut end = line.len();
        // `@@` exceptions still name a tracker pattern; the reference reports them as matches.
        if line.starts_with("@@") {
            start = 2;
        }
        // Options follow the last unescaped `$`, unless it is the end of a regex (`$/`).
        if let Some(dollar) = last_unescaped_dollar(line) {
            if line.as_bytes().get(dollar + 1) != Some(&b'/') {
                end = dollar;
                let mut domain_list: Vec<String> = Vec::new();
                let mut denyallow_list: Vec<String> = Vec::new();
                for (raw_name, value) in split_options(&line[dollar + 1..]) {
                    let negated = raw_name.starts_with('~');
                    let name = raw_name.trim_start_matches('~');
                    match name {
                        "3p" | "third-party" => {
                            options &= if negated { !THIRD_PARTY } else { !FIRST_PARTY };
                        }
                        "1p" | "first-party" => {
                            options &= if negated { !FIRST_PARTY } else { !THIRD_PARTY };
                        }
                        "domain" | "from" => domain_list.extend(value.split('|').map(str::to_string)),
                        "denyallow" => denyallow_list.extend(value.split('|').map(str::to_string)),
                        "to" => {
                            for host in value.split('|') {
                                match host.strip_prefix('~') {
                                    Some(h) => denyallow_list.push(h.to_string()),
                                    None => domain_list.push(host.to_string()),
                                }
                            }
                        }
                        "match-case" if !negated => case_sensitive = true,
                        "important" if !negated => {}
                        "all" if !negated => {}
                        // Rules that rewrite or redirect rather than name a request: not in the
                        // tracker data, and not about whether a request is a tracker.
                        "badfilter" | "redirect" | "redirect-rule" | "csp" | "replace" | "content" | "removeparam"
                        | "ehide" | "elemhide" | "shide" | "specifichide" | "ghide" | "generichide"
                        | "inline-script" | "inline-font" => return Err(Skip::Unsupported("rewriting option")),
                        _ => {
                            let Some(bit) = option_type_bit(name) else {
                                return Err(Skip::Unsupported("unknown option"));
                            };
                            if negated {
                                types_negative &= !bit;
                            } else {
                                types_positive |= bit;
                            }
                        }
                    }
                }
                if !domain_list.is_empty() {
                    domains = Some(Domains::parse(&domain_list).ok_or(Skip::Unsupported("empty domain"))?);
                }
                if !denyallow_list.is_empty() {
                    if domain_list.is_empty() {
                        return Err(Skip::Unsupported("denyallow without domain"));
                    }
                    denyallow = Some(Domains::parse(&denyallow_list).ok_or(Skip::Unsupported("empty domain"))?);
                }
            }
        }
        options |= if types_positive == 0 {
            types_negative
        } else if types_negative == TYPE_ANY {
            types_positive
        } else {
            types_positive & types_negative
        };

        let body = &line[start..end];
        let mut filter = Filter {
            options,
            hostname: None,
            pattern: Pattern::Empty,
            left_anchor: false,
            right_anchor: false,
            domains,
            denyallow,
        };

        // `/.../`: a regular expression on the whole URL.
        if body.len() >= 2 && body.starts_with('/') && body.ends_with('/') {
            let source = &body[1..body.len() - 1];
            let flags = if case_sensitive { "" } else { "(?i)" };
            let regex =
                regex_lite::Regex::new(&format!("{flags}{source}")).map_err(|_| Skip::Unsupported("regex syntax"))?;
            filter.pattern = Pattern::Regex { regex, case_sensitive };
            return Ok(filter);
        }
        if case_sensitive {
            return Err(Skip::Unsupported("match-case on a non-regex filter"));
        }

        let mut body = body;
        if body.ends_with('|') {
            filter.right_anchor = true;
            body = &body[..body.len() - 1];
        }
        let mut is_glob = false;
        if let Some(rest) = body.strip_prefix("||") {
            // The hostname runs up to the first character a hostname cannot contain.
            let split = rest
                .bytes()
                .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
                .unwrap_or(rest.len());
            filter.hostname = Some(rest[..split].to_ascii_lowercase().into());
            body = &rest[split..];
            match body.as_bytes().first() {
                None => {}
                // `||host^` alone: the host must end the request's hostname.
                Some(b'^') if body.len() == 1 => {
                    body = "";
                    filter.right_anchor = true;
                }
                Some(b'^') => {
                    is_glob = true;
                    filter.left_anchor = true;
                }
                Some(b'*') => is_glob = true,
                Some(_) => filter.left_anchor = true,
            }
        } else if let Some(rest) = body.strip_prefix('|') {
            filter.left_anchor = true;
            body = rest;
        }
        if body.ends_with('*') {
            body = &body[..body.len() - 1];
        }
        if filter.hostname.is_none() && body.starts_with('*') {
            filter.left_anchor = false;
            body = &body[1..];
        }
        // `|https://` and friends restrict the scheme instead of matching text.
        if filter.left_anchor {
            let scheme = match body {
                "ws://" => Some(0),
                "http://" => Some(FROM_HTTP),
                "https://" => Some(FROM_HTTPS),
                "http*://" => Some(FROM_HTTP | FROM_HTTPS),
                _ => None,
            };
            if let Some(bits) = scheme {
                filter.options &= !(FROM_HTTP | FROM_HTTPS);
                filter.options |= bits;
                if bits == 0 {
                    filter.options |= super::request::type_bit("websocket").unwrap_or(0);
                }
                filter.left_anchor = false;
                body = "";
            }
        }
        if !body.is_empty() {
            let lower = body.to_ascii_lowercase();
            is_glob = is_glob || lower.contains(['*', '^']);
            filter.pattern = if is_glob { Pattern::Glob(glob_parts(&lower)) } else { Pattern::Plain(lower.into()) };
        } else if is_glob {
            // `||host*` with nothing after the star matches anything after the host.
            filter.pattern = Pattern::Glob(Vec::new());
        }
        Ok(filter)
    }

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
                    (true, true) => after == &**p,
                    (false, true) => url.ends_with(&**p),
                    (true, false) => after.starts_with(&**p),
                    (false, false) => find(after.as_bytes(), p.as_bytes()).is_some(),
                },
                Pattern::Regex { .. } => false,
            };
        }
        match &self.pattern {
            Pattern::Empty => true,
            Pattern::Regex { regex, case_sensitive } => regex.is_match(if *case_sensitive { r.raw_url } else { url }),
            Pattern::Glob(parts) => glob_match(parts, url.as_bytes(), self.left_anchor, self.right_anchor),
            Pattern::Plain(p) => match (self.left_anchor, self.right_anchor) {
                (true, true) => url == &**p,
                (true, false) => url.starts_with(&**p),
                (false, true) => url.ends_with(&**p),
                (false, false) => find(url.as_bytes(), p.as_bytes()).is_some(),
            },
        }
    }

    /// Literals (lowercase) one of which every URL this filter matches must contain, used to
    /// find candidate filters with one scan of the URL. `None` when there is nothing worth
    /// indexing (the filter is then tried on every request).
    pub fn required_literals(&self) -> Option<Vec<Box<[u8]>>> {
        let mut best: Vec<u8> = Vec::new();
        let mut consider = |lit: &[u8]| {
            if lit.len() > best.len() {
                best = lit.to_vec();
            }
        };
        if let Some(h) = &self.hostname {
            consider(h.as_bytes());
        }
        match &self.pattern {
            Pattern::Plain(p) => consider(p.as_bytes()),
            Pattern::Glob(parts) => {
                for part in parts {
                    if let GlobPart::Literal(l) = part {
                        consider(l);
                    }
                }
            }
            Pattern::Regex { regex, case_sensitive: false } => {
                let src = regex.as_str().trim_start_matches("(?i)");
                let alternatives = regex_required_literals(src)?;
                if alternatives.iter().all(|a| a.len() >= 3) {
                    return Some(alternatives.into_iter().map(Vec::into_boxed_slice).collect());
                }
                return None;
            }
            Pattern::Regex { case_sensitive: true, .. } | Pattern::Empty => {}
        }
        (best.len() >= 3).then(|| vec![best.into_boxed_slice()])
    }

    /// True for `||host^`-like filters whose whole condition is "the hostname ends with host"
    /// (plus options): they are found by looking the request's host suffixes up.
    pub fn is_host_only(&self) -> bool {
        matches!(self.pattern, Pattern::Empty) && self.right_anchor && self.hostname_is_label_exact()
    }

    /// True for `||host/...` filters whose host is whole labels: found by looking up the
    /// request host's label runs.
    pub fn is_host_anchored(&self) -> bool {
        self.hostname_is_label_exact()
            && !matches!(&self.pattern, Pattern::Glob(p) if p.first() == Some(&GlobPart::Star))
    }

    fn hostname_is_label_exact(&self) -> bool {
        matches!(&self.hostname, Some(h) if !h.is_empty() && !h.starts_with('.') && !h.ends_with('.'))
    }

    /// An option-less `||host^`: the same as listing `host` among a pattern's domains.
    pub fn is_plain_domain(&self) -> bool {
        self.is_host_only()
            && self.domains.is_none()
            && self.denyallow.is_none()
            && self.options == FIRST_PARTY | THIRD_PARTY | FROM_HTTP | FROM_HTTPS | TYPE_ANY
    }
}

fn last_unescaped_dollar(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut i = line.rfind('$')?;
    while i > 0 && b[i - 1] == b'\\' {
        i = line[..i].rfind('$')?;
    }
    Some(i)
}

/// `a,b=c|d,~e` → [("a",""), ("b","c|d"), ("~e","")]; a backslash escapes the next character.
fn split_options(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for raw in split_unescaped_commas(text) {
        match raw.split_once('=') {
            Some((name, value)) => out.push((name.to_string(), value.to_string())),
            None => out.push((raw, String::new())),
        }
    }
    out
}

fn split_unescaped_commas(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    parts.last_mut().unwrap().push(next);
                }
            }
            ',' => parts.push(String::new()),
            _ => parts.last_mut().unwrap().push(c),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

fn option_type_bit(name: &str) -> Option<u32> {
    use super::request::type_bit;
    match name {
        "image" => type_bit("image"),
        "media" => type_bit("media"),
        "object" | "object-subrequest" => type_bit("object"),
        "other" => type_bit("other"),
        "ping" | "beacon" => type_bit("ping"),
        "script" => type_bit("script"),
        "css" | "stylesheet" => type_bit("stylesheet"),
        "frame" | "subdocument" => type_bit("sub_frame"),
        "xhr" | "xmlhttprequest" => type_bit("xhr"),
        "websocket" => type_bit("websocket"),
        "font" => type_bit("font"),
        "doc" | "document" => type_bit("main_frame"),
        _ => None,
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
    fn parse(list: &[String]) -> Option<Domains> {
        let mut d = Domains::default();
        for raw in list {
            if raw.is_empty() {
                return None;
            }
            let (negated, name) = match raw.strip_prefix('~') {
                Some(n) => (true, n),
                None => (false, raw.as_str()),
            };
            let name = super::party::normalize_host(name).into_owned();
            let (entity, name) = match name.strip_suffix(".*") {
                Some(n) => (true, n.to_string()),
                None => (false, name),
            };
            let target = match (negated, entity) {
                (false, false) => &mut d.hostnames,
                (false, true) => &mut d.entities,
                (true, false) => &mut d.not_hostnames,
                (true, true) => &mut d.not_entities,
            };
            target.push(name.into());
        }
        Some(d)
    }

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

fn glob_parts(pattern: &str) -> Vec<GlobPart> {
    let mut parts = Vec::new();
    let mut literal = Vec::new();
    for &b in pattern.as_bytes() {
        let special = match b {
            b'*' => Some(GlobPart::Star),
            b'^' => Some(GlobPart::Separator),
            _ => None,
        };
        match special {
            Some(part) => {
                if !literal.is_empty() {
                    parts.push(GlobPart::Literal(std::mem::take(&mut literal).into_boxed_slice()));
                }
                if !(part == GlobPart::Star && parts.last() == Some(&GlobPart::Star)) {
                    parts.push(part);
                }
            }
            None => literal.push(b),
        }
    }
    if !literal.is_empty() {
        parts.push(GlobPart::Literal(literal.into_boxed_slice()));
    }
    parts
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
            Some(b) => hay[i] == b && hay[i..].starts_with(needle),
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
        GlobPart::Literal(lit) => text.starts_with(lit) && glob_at(rest, &text[lit.len()..], right),
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

/// Literal strings, one of which every match of a regex must contain, read off its top
/// level: runs of literal characters, where a group of plain alternatives (`(ga|xhr)`)
/// multiplies the run into one string per alternative. Classes, `.`, escapes like `\d` and
/// quantified items end a run. `None` if the regex has a top-level `|` (then nothing is
/// required) or no run at all. Of the runs, the one whose shortest string is longest wins;
/// on a tie, one that is not made of everyday URL text (`.js`).
pub fn regex_required_literals(src: &str) -> Option<Vec<Vec<u8>>> {
    const MAX_ALTERNATIVES: usize = 16;
    let b = src.as_bytes();
    let mut runs: Vec<Vec<Vec<u8>>> = Vec::new();
    let mut run: Vec<Vec<u8>> = vec![Vec::new()];
    let end_run = |run: &mut Vec<Vec<u8>>, runs: &mut Vec<Vec<Vec<u8>>>| {
        if run.iter().all(|s| !s.is_empty()) {
            runs.push(std::mem::replace(run, vec![Vec::new()]));
        } else {
            *run = vec![Vec::new()];
        }
    };
    let mut i = 0;
    while i < b.len() {
        // One item: the strings it matches exactly, or None when it is not literal.
        let (item, next): (Option<Vec<Vec<u8>>>, usize) = match b[i] {
            b'\\' => match b.get(i + 1) {
                Some(&c) if !c.is_ascii_alphanumeric() => (Some(vec![vec![c.to_ascii_lowercase()]]), i + 2),
                _ => (None, i + 2),
            },
            b'(' => {
                let close = skip_group(b, i)?;
                (plain_alternatives(&src[i + 1..close - 1]), close)
            }
            b'[' => (None, skip_group(b, i)?),
            b'|' => return None,
            b'.' | b'^' | b'$' => (None, i + 1),
            c => (Some(vec![vec![c.to_ascii_lowercase()]]), i + 1),
        };
        i = next;
        let quantifier = b.get(i).copied();
        let (optional, repeated) = match quantifier {
            Some(b'?' | b'*') => (true, false),
            Some(b'{') => {
                // `{0,…}` makes it optional; any count may repeat it.
                let optional = b.get(i + 1) == Some(&b'0');
                while i < b.len() && b[i] != b'}' {
                    i += 1;
                }
                (optional, true)
            }
            Some(b'+') => (false, true),
            _ => (false, false),
        };
        if matches!(quantifier, Some(b'?' | b'*' | b'+' | b'}')) {
            i += 1;
            // A lazy quantifier (`*?`, `+?`) is the same for what must be present.
            if b.get(i) == Some(&b'?') {
                i += 1;
            }
        }
        match item {
            Some(strings) if !optional => {
                if run.len() * strings.len() > MAX_ALTERNATIVES {
                    end_run(&mut run, &mut runs);
                }
                run = run
                    .iter()
                    .flat_map(|prefix| strings.iter().map(move |s| [prefix.as_slice(), s].concat()))
                    .collect();
                if repeated {
                    // `x+y` contains `xy`, but `ax+y` need not contain `axy`.
                    end_run(&mut run, &mut runs);
                }
            }
            _ => end_run(&mut run, &mut runs),
        }
    }
    end_run(&mut run, &mut runs);
    runs.into_iter().max_by_key(|alternatives| {
        let shortest = alternatives.iter().map(Vec::len).min().unwrap_or(0);
        let everyday = alternatives.iter().all(|a| matches!(a.as_slice(), b".js" | b"/js" | b"com" | b".co" | b"www"));
        (shortest, !everyday)
    })
}

/// The alternatives of a group's body when each is plain literal text (`ga|xhr`, `?:a|b`).
fn plain_alternatives(body: &str) -> Option<Vec<Vec<u8>>> {
    let body = body.strip_prefix("?:").unwrap_or(body);
    if body.starts_with('?') {
        return None; // lookaround or named group
    }
    let mut out = Vec::new();
    for alt in body.split('|') {
        let mut s = Vec::new();
        let mut chars = alt.bytes();
        while let Some(c) = chars.next() {
            match c {
                b'\\' => match chars.next() {
                    Some(n) if !n.is_ascii_alphanumeric() => s.push(n),
                    _ => return None,
                },
                b'(' | b')' | b'[' | b']' | b'.' | b'*' | b'+' | b'?' | b'{' | b'}' | b'^' | b'$' => return None,
                c => s.push(c.to_ascii_lowercase()),
            }
        }
        if s.is_empty() {
            return None;
        }
        out.push(s);
    }
    Some(out)
}

/// Index just past the group or class opening at `i` (escapes and nested classes respected).
fn skip_group(b: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0i32;
    let mut in_class = false;
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => {
                in_class = false;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            b'(' if !in_class => depth += 1,
            b')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}
