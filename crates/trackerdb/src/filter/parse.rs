//! Parsing one filter line into a [`Filter`].

use super::*;

impl Filter {
    pub fn parse(line: &str) -> Result<Filter, Skip> {
        if is_cosmetic(line) {
            return Err(Skip::Cosmetic);
        }
        let mut start = 0;
        let mut end = line.len();
        // `@@` exceptions still name a tracker pattern; the reference reports them as matches.
        if line.starts_with("@@") {
            start = 2;
        }
        // Options follow the last unescaped `$`, unless it is the end of a regex (`$/`).
        let mut options = Options::default();
        if let Some(dollar) = last_unescaped_dollar(line) {
            if line.as_bytes().get(dollar + 1) != Some(&b'/') {
                end = dollar;
                options = parse_options(&line[dollar + 1..])?;
            }
        }
        let Options { bits: options, domains, denyallow, case_sensitive } = options;

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
            filter.pattern = regex_pattern(&body[1..body.len() - 1], case_sensitive)?;
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
                    filter.options |= crate::request::type_bit("websocket").unwrap_or(0);
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
}

/// What a filter's `$` options say.
struct Options {
    /// Party, scheme and type bits (`Filter::options`).
    bits: u32,
    domains: Option<Domains>,
    denyallow: Option<Domains>,
    case_sensitive: bool,
}

impl Default for Options {
    /// No options: any party, scheme and type.
    fn default() -> Options {
        Options {
            bits: FIRST_PARTY | THIRD_PARTY | FROM_HTTP | FROM_HTTPS | TYPE_ANY,
            domains: None,
            denyallow: None,
            case_sensitive: false,
        }
    }
}

/// The options after a filter's `$`. Out of line: most filters of the tracker data have
/// none, and the worker compiles (lazily, function by function) only the code a request
/// meets, so a worker's first requests need not compile this.
#[inline(never)]
fn parse_options(text: &str) -> Result<Options, Skip> {
    let mut options = FIRST_PARTY | THIRD_PARTY | FROM_HTTP | FROM_HTTPS;
    let mut types_positive = 0u32;
    let mut types_negative = TYPE_ANY;
    let mut domains = None;
    let mut denyallow = None;
    let mut case_sensitive = false;
    let mut domain_list: Vec<String> = Vec::new();
    let mut denyallow_list: Vec<String> = Vec::new();
    for (raw_name, value) in split_options(text) {
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
            "badfilter" | "redirect" | "redirect-rule" | "csp" | "replace" | "content" | "removeparam" | "ehide"
            | "elemhide" | "shide" | "specifichide" | "ghide" | "generichide" | "inline-script" | "inline-font" => {
                return Err(Skip::Unsupported("rewriting option"))
            }
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
    options |= if types_positive == 0 {
        types_negative
    } else if types_negative == TYPE_ANY {
        types_positive
    } else {
        types_positive & types_negative
    };
    Ok(Options { bits: options, domains, denyallow, case_sensitive })
}

/// Out of line: few filters are regexes, and the worker compiles this code only when a
/// request first meets one (filters are parsed on first use, see `matcher`).
#[cold]
#[inline(never)]
fn regex_pattern(source: &str, case_sensitive: bool) -> Result<Pattern, Skip> {
    let flags = if case_sensitive { "" } else { "(?i)" };
    let regex = LazyRegex::new(format!("{flags}{source}"));
    // Runs are read lowercased, as the URL a case-insensitive regex is matched on is; none
    // with a byte beyond ASCII, whose case the two might fold differently.
    let required: LiteralRuns = match regex_literal_runs(source) {
        Some(runs) if !case_sensitive && runs.iter().flatten().flatten().all(u8::is_ascii) => {
            runs.into_iter().map(|run| run.into_iter().map(Vec::into_boxed_slice).collect()).collect()
        }
        _ => Box::default(),
    };
    // Matched on the lowercased URL, so only for a case-insensitive regex.
    let simple = if case_sensitive { None } else { super::SimpleRegex::parse(source) };
    // A regex regex-lite rejects is skipped, as the reference engine skips it. The build step
    // (native) checks every one; the worker reads only filters that passed there, so it
    // compiles a regex the hand matcher answers for only when that matcher gives up on a URL.
    if (simple.is_none() || !cfg!(target_arch = "wasm32")) && regex.get().is_none() {
        return Err(Skip::Unsupported("regex syntax"));
    }
    // Only the first run's strings are then searched for; without runs, nothing is. Not
    // compiled where the hand matcher answers: `regex` alone covers the rare text on which
    // that matcher gives up.
    let anchored = if simple.is_none() && !required.is_empty() && regex_starts_with_literal(source) {
        Some(regex_lite::Regex::new(&format!("{flags}^(?:{source})")).map_err(|_| Skip::Unsupported("regex syntax"))?)
    } else {
        None
    };
    Ok(Pattern::Regex { regex, case_sensitive, required, anchored, simple })
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
    use crate::request::type_bit;
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
            let name = crate::site::normalize_host(name).into_owned();
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
