//! One network filter of the tracker data, in the Adblock Plus syntax the data is written
//! in (`||mmtro.com^$3p`, `/piwik.js`, `/\/resxcls[ax][0-9a-z_]*\.js/`), parsed and matched
//! with the semantics of Ghostery's adblocker, the engine `@ghostery/trackerdb`'s own SDK
//! uses: ShopTrust must call a request a tracker exactly when that SDK does.
//!
//! Matching is on the lowercased URL (`Request::url`); filters other than `$match-case`
//! regexes are lowercased at parse time.

mod matching;
mod parse;
mod simple_regex;

use crate::request::{Request, TYPE_ANY};

pub use simple_regex::SimpleRegex;

pub use crate::bytes::{has_prefix, same_bytes};
pub use matching::{anchored_by_hostname, find, glob_match, occurrences};

/// The first (at most) four bytes of `bytes` as a little-endian word, and how many there are:
/// the image's `FilterListKeys` entry of a path filter ([`Filter::path_key`]), and what the
/// matcher compares it with (the text after the host).
pub fn head_key(bytes: &[u8]) -> [u32; 2] {
    let head = &bytes[..bytes.len().min(4)];
    [head.iter().rev().fold(0, |k, &b| k << 8 | u32::from(b)), head.len() as u32]
}

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
    /// `/regex/`, compiled case-insensitively unless `$match-case`. `required`: literal runs
    /// every match contains, in this order and apart (`regex_literal_runs`; each run one of a
    /// few strings), checked before the regex runs: regex-lite's matcher walks the whole URL,
    /// and most URLs that hold the indexed literal are no match (`ga.js` for
    /// `(ga|xhr)\.[0-9]+\.js`). Empty for `$match-case` regexes.
    /// `anchored`: when every match starts with one of the first run's strings (the regex
    /// opens with literal text, `\.2mdn\.net\/(…)`), the same regex anchored (`^(?:…)`), run
    /// only where one of those strings occurs instead of from every position of the URL;
    /// none where `simple` answers.
    /// `simple`: the same regex matched by hand (`simple_regex`), when it is written in the
    /// simple part of the syntax the data's regexes use; it answers instead of `regex_lite`,
    /// whose setup costs more per call than the rest of classifying a request.
    Regex {
        regex: LazyRegex,
        case_sensitive: bool,
        required: LiteralRuns,
        anchored: Option<regex_lite::Regex>,
        simple: Option<SimpleRegex>,
    },
}

/// A regex `regex_lite` compiles the first time it is asked for. Compiling one takes
/// regex-lite's parser and compiler, about 45 KB of wasm the worker otherwise never runs: a
/// cold worker paid 3–4 ms for them on the first request that met a regex filter (Facebook's
/// `/tr` pixel, on many shops), although the hand matcher (`simple`) answers for every regex
/// of the data and the compiled one is only its fallback.
#[derive(Debug)]
pub struct LazyRegex {
    source: Box<str>,
    compiled: std::sync::OnceLock<Option<regex_lite::Regex>>,
}

impl LazyRegex {
    /// `source` with its flags (`(?i)…`); nothing is compiled yet.
    pub fn new(source: String) -> LazyRegex {
        LazyRegex { source: source.into(), compiled: std::sync::OnceLock::new() }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The compiled regex; `None` when regex-lite rejects the source (parse checks that
    /// before a filter is kept, see `parse::regex_pattern`).
    pub fn get(&self) -> Option<&regex_lite::Regex> {
        self.compiled.get_or_init(|| regex_lite::Regex::new(&self.source).ok()).as_ref()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|regex| regex.is_match(text))
    }
}

/// A regex's required literal runs, in order: each run is the few strings one of which
/// every match contains there (see `Pattern::Regex`).
pub type LiteralRuns = Box<[Box<[Box<[u8]>]>]>;

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
            Pattern::Regex { regex, case_sensitive: false, .. } => {
                let src = regex.source().trim_start_matches("(?i)");
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

    /// For a `||host/path` filter: `[key, len]`, the first `len` (at most 4) bytes, little
    /// endian, of the literal the text after the host must start with (`||google.com/ads`:
    /// `/ads`); `[0, 0]` when the pattern does not start with a literal right after the host.
    /// One word comparison then rules out most of a host's path filters (google.com has 32).
    pub fn path_key(&self) -> [u32; 2] {
        let literal: &[u8] = match &self.pattern {
            _ if !self.left_anchor || self.hostname.is_none() => return [0, 0],
            Pattern::Plain(p) => p.as_bytes(),
            Pattern::Glob(parts) => match parts.first() {
                Some(GlobPart::Literal(l)) => l,
                _ => return [0, 0],
            },
            Pattern::Empty | Pattern::Regex { .. } => return [0, 0],
        };
        head_key(literal)
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

/// Literal strings, one of which every match of a regex must contain, read off its top
/// level: runs of literal characters, where a group of plain alternatives (`(ga|xhr)`)
/// multiplies the run into one string per alternative. Classes, `.`, escapes like `\d` and
/// quantified items end a run. `None` if the regex has a top-level `|` (then nothing is
/// required) or no run at all. Of the runs, the one whose shortest string is longest wins;
/// on a tie, one that is not made of everyday URL text (`.js`).
pub fn regex_required_literals(src: &str) -> Option<Vec<Vec<u8>>> {
    regex_literal_runs(src)?.into_iter().max_by_key(|alternatives| {
        let shortest = alternatives.iter().map(Vec::len).min().unwrap_or(0);
        let everyday = alternatives.iter().all(|a| matches!(a.as_slice(), b".js" | b"/js" | b"com" | b".co" | b"www"));
        (shortest, !everyday)
    })
}

/// Every run of literal text the regex's top level requires (see `regex_required_literals`),
/// in order: each run as the strings one of which a match holds there, and every match holds
/// the runs in this order without overlap (what lies between them matches zero or more
/// characters). `None` if the regex has a top-level `|`.
pub fn regex_literal_runs(src: &str) -> Option<Vec<Vec<Vec<u8>>>> {
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
    Some(runs)
}

/// Whether `text` holds one string of each run, the runs in order and apart: the earliest
/// end of each run's strings from where the previous run ended (the earliest end leaves the
/// most room for the runs after it).
pub fn holds_runs_in_order(text: &[u8], runs: &[Box<[Box<[u8]>]>]) -> bool {
    let mut from = 0;
    for run in runs {
        let rest = &text[from..];
        match run.iter().filter_map(|s| find(rest, s).map(|at| at + s.len())).min() {
            Some(end) => from += end,
            None => return false,
        }
    }
    true
}

/// Whether the regex's first item is literal text that every match holds (not optional):
/// then every match starts with one of the strings of its first literal run
/// (`regex_literal_runs`).
pub fn regex_starts_with_literal(src: &str) -> bool {
    let b = src.as_bytes();
    let next = match b.first() {
        Some(b'\\') => match b.get(1) {
            Some(c) if !c.is_ascii_alphanumeric() => 2,
            _ => return false,
        },
        Some(b'(') => match skip_group(b, 0) {
            Some(close) if plain_alternatives(&src[1..close - 1]).is_some() => close,
            _ => return false,
        },
        Some(b'[' | b'.' | b'^' | b'$' | b'|' | b'*' | b'+' | b'?' | b'{' | b')') | None => return false,
        Some(_) => 1,
    };
    match b.get(next) {
        Some(b'?' | b'*') => false,
        Some(b'{') => b.get(next + 1) != Some(&b'0'),
        _ => true,
    }
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
