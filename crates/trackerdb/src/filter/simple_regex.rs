//! The simple regexes of the tracker data matched by hand. A call into `regex_lite` costs
//! about a microsecond in wasm whatever the URL (its matcher's setup), several times what
//! the rest of classifying a request costs, and the data's few regex filters
//! (`/\.2mdn\.net\/([0-9]+|ads|dot\.gif|dynamic|viewad)/`, `/metrics\..*\.(com|net|org)\/b\/
//! (s|ss)\//`, `/baynote(-observer)?([0-9]+)\.js/` …) are among the candidates of many
//! requests. They are all written with a small part of the syntax: literal characters,
//! escaped punctuation, `[...]` sets, `.`, groups with `|`, `?`/`*`/`+`, and a leading `^`.
//! A regex in that part is matched here by backtracking over the bytes; any other stays
//! with `regex_lite` (`SimpleRegex::parse` says `None`).
//!
//! Same answers as `regex_lite` with `(?i)` on the lowercased URL, because:
//! * every item but `.` matches ASCII bytes only, both cases of a letter (`(?i)` folds
//!   ASCII only in `regex_lite`; checked by a test below), so it cannot match inside a
//!   multi-byte character;
//! * `.` (any character but `\n`) comes only as `.*` or `.+`, so the bytes it takes run
//!   from a character boundary (the text's start, the start of a search, or after an ASCII
//!   byte) to one (before an ASCII byte, or the end of the text, which a longer run reaches
//!   as well): whole characters, and a byte run without `\n` is a run of characters
//!   without `\n`;
//! * backtracking tries every way the items can match, so it finds a match when one exists.
//!
//! Backtracking can take quadratic time or worse (`.*` then `.*`); past `STEP_BUDGET`
//! steps the answer is left to `regex_lite` (`None`), which is linear.

/// One item of a sequence and how many times it repeats.
#[derive(Debug)]
struct Item {
    atom: Atom,
    min: u8,
    /// `None`: unbounded.
    max: Option<u8>,
}

#[derive(Debug)]
enum Atom {
    /// ASCII characters in a row, lowercase; a text byte matches when it is one or its upper
    /// case (the same bytes `letter_set` holds). One comparison loop instead of a call each.
    Literal(Box<[u8]>),
    /// The bytes it matches, one bit each.
    Set([u64; 4]),
    /// Alternatives, each a sequence.
    Group(Box<[Box<[Item]>]>),
}

#[derive(Debug)]
pub struct SimpleRegex {
    items: Box<[Item]>,
    /// `^`: a match starts at the text's start.
    anchored: bool,
}

/// Steps (items tried at a position) one `is_match` may take before giving up.
const STEP_BUDGET: u32 = 20_000;

/// What follows a group's sequence: the rest of the enclosing sequence, and so on out.
struct Then<'a> {
    items: &'a [Item],
    next: Option<&'a Then<'a>>,
}

impl SimpleRegex {
    /// The regex `source` (as written between the filter's slashes, matched case-
    /// insensitively), when it is written in the simple part of the syntax.
    pub fn parse(source: &str) -> Option<SimpleRegex> {
        let bytes = source.as_bytes();
        let (anchored, mut at) = if bytes.first() == Some(&b'^') { (true, 1) } else { (false, 0) };
        let items = parse_sequence(bytes, &mut at, 0)?;
        (at == bytes.len()).then(|| SimpleRegex { items: items.into(), anchored })
    }

    /// Whether the regex matches somewhere in `text`; `None` when that took too many steps.
    pub fn is_match(&self, text: &[u8]) -> Option<bool> {
        let mut steps = 0;
        let last = if self.anchored { 0 } else { text.len() };
        // Where the first item is a set that must match, only its bytes can start a match.
        let first = self.items.first();
        for start in 0..=last {
            if first.is_some_and(|item| !may_start_at(item, text, start)) {
                continue;
            }
            if match_items(&self.items, None, text, start, &mut steps)? {
                return Some(true);
            }
        }
        Some(false)
    }
}

fn match_items(items: &[Item], then: Option<&Then>, text: &[u8], at: usize, steps: &mut u32) -> Option<bool> {
    *steps += 1;
    if *steps > STEP_BUDGET {
        return None;
    }
    let Some((item, rest)) = items.split_first() else {
        return match then {
            Some(t) => match_items(t.items, t.next, text, at, steps),
            None => Some(true),
        };
    };
    match &item.atom {
        // Never quantified (`parse_item`).
        Atom::Literal(literal) => {
            if !text.get(at..at + literal.len()).is_some_and(|t| same_letters(t, literal)) {
                return Some(false);
            }
            match_items(rest, then, text, at + literal.len(), steps)
        }
        Atom::Set(set) => {
            // Greedy: the longest run first, then shorter ones.
            let max = item.max.map_or(usize::MAX, usize::from);
            let run = text[at..].iter().take(max).take_while(|&&b| in_set(set, b)).count();
            // A next item that is a set which must match rules most lengths out without a
            // call (`.*` then `\.`: only the runs that stop before a dot).
            let next = rest.first();
            for n in (usize::from(item.min)..=run).rev() {
                if next.is_some_and(|next| !may_start_at(next, text, at + n)) {
                    continue;
                }
                if match_items(rest, then, text, at + n, steps)? {
                    return Some(true);
                }
            }
            Some(false)
        }
        Atom::Group(alternatives) => {
            // Groups repeat at most once (`parse_item`): once, then (for `?`) not at all.
            let after = Then { items: rest, next: then };
            for alternative in alternatives.iter() {
                if match_items(alternative, Some(&after), text, at, steps)? {
                    return Some(true);
                }
            }
            if item.min == 0 {
                return match_items(rest, then, text, at, steps);
            }
            Some(false)
        }
    }
}

/// False when `item` cannot match at `at` (its first byte is not there); true when it may.
#[inline]
fn may_start_at(item: &Item, text: &[u8], at: usize) -> bool {
    match &item.atom {
        Atom::Literal(literal) => match (text.get(at), literal.first()) {
            (Some(&b), Some(&l)) => b.to_ascii_lowercase() == l,
            (None, Some(_)) => false,
            _ => true,
        },
        Atom::Set(set) if item.min > 0 => text.get(at).is_some_and(|&b| in_set(set, b)),
        _ => true,
    }
}

/// `text` is `literal` (lowercase ASCII) up to the case of its letters.
#[inline]
fn same_letters(text: &[u8], literal: &[u8]) -> bool {
    text.iter().zip(literal).all(|(&b, &l)| b.to_ascii_lowercase() == l)
}

#[inline]
fn in_set(set: &[u64; 4], b: u8) -> bool {
    set[usize::from(b >> 6)] >> (b & 63) & 1 != 0
}

/// Groups nest at most this deep.
const MAX_DEPTH: usize = 4;

/// Items up to the end, a `|` or a `)` (not taken).
fn parse_sequence(bytes: &[u8], at: &mut usize, depth: usize) -> Option<Vec<Item>> {
    let mut items = Vec::new();
    while let Some(&b) = bytes.get(*at) {
        if b == b'|' || b == b')' {
            break;
        }
        let item = parse_item(bytes, at, depth)?;
        match (items.last_mut(), item.atom) {
            (Some(Item { atom: Atom::Literal(run), .. }), Atom::Literal(more)) => {
                *run = [&run[..], &more[..]].concat().into();
            }
            (_, atom) => items.push(Item { atom, ..item }),
        }
    }
    Some(items)
}

fn parse_item(bytes: &[u8], at: &mut usize, depth: usize) -> Option<Item> {
    let b = *bytes.get(*at)?;
    *at += 1;
    let atom = match b {
        b'(' => {
            if depth >= MAX_DEPTH {
                return None;
            }
            // `(?:` is a group that captures nothing: the same for a yes/no answer.
            if bytes[*at..].starts_with(b"?:") {
                *at += 2;
            }
            let mut alternatives = vec![parse_sequence(bytes, at, depth + 1)?.into_boxed_slice()];
            while bytes.get(*at) == Some(&b'|') {
                *at += 1;
                alternatives.push(parse_sequence(bytes, at, depth + 1)?.into_boxed_slice());
            }
            if bytes.get(*at) != Some(&b')') {
                return None;
            }
            *at += 1;
            Atom::Group(alternatives.into())
        }
        b'[' => Atom::Set(parse_set(bytes, at)?),
        b'.' => {
            // Only as `.*` / `.+` (see the module's note).
            if !matches!(bytes.get(*at), Some(b'*' | b'+')) {
                return None;
            }
            let mut set = [u64::MAX; 4];
            set[0] &= !(1 << b'\n');
            Atom::Set(set)
        }
        b'\\' => Atom::Literal([escaped(bytes, at)?].into()),
        b'?' | b'*' | b'+' | b'{' | b'}' | b'^' | b'$' | b']' => return None,
        _ if b.is_ascii() && !b.is_ascii_control() => Atom::Literal([b.to_ascii_lowercase()].into()),
        _ => return None,
    };
    let (min, max) = match bytes.get(*at) {
        Some(b'?') => (0, Some(1)),
        Some(b'*') => (0, None),
        Some(b'+') => (1, None),
        _ => return Some(Item { atom, min: 1, max: Some(1) }),
    };
    // A quantified character is a one-byte set (literals are never quantified).
    let atom = match atom {
        Atom::Literal(c) => Atom::Set(letter_set(c[0])),
        atom => atom,
    };
    *at += 1;
    // Lazy (`*?`) or possessive forms, and repeated groups, are left to regex_lite.
    if matches!(bytes.get(*at), Some(b'?' | b'*' | b'+' | b'{')) || (matches!(atom, Atom::Group(_)) && max.is_none()) {
        return None;
    }
    Some(Item { atom, min, max })
}

/// The punctuation character after a `\` (`\.`, `\/`); a letter or digit after it is a class
/// or an assertion (`\d`, `\b`), not handled here.
fn escaped(bytes: &[u8], at: &mut usize) -> Option<u8> {
    let b = *bytes.get(*at)?;
    *at += 1;
    b.is_ascii_punctuation().then_some(b)
}

/// A byte, and its other case if it is a letter.
fn letter_set(b: u8) -> [u64; 4] {
    let mut set = [0; 4];
    for c in [b.to_ascii_lowercase(), b.to_ascii_uppercase()] {
        set[usize::from(c >> 6)] |= 1 << (c & 63);
    }
    set
}

/// `[...]` after its `[`: characters, escaped punctuation and ranges; no negation, no classes.
fn parse_set(bytes: &[u8], at: &mut usize) -> Option<[u64; 4]> {
    let mut set = [0u64; 4];
    let mut first = true;
    loop {
        let b = *bytes.get(*at)?;
        *at += 1;
        let low = match b {
            b']' if !first => return Some(set),
            b'^' if first => return None,
            b'[' | b']' => return None,
            b'\\' => escaped(bytes, at)?,
            _ if b.is_ascii() && !b.is_ascii_control() => b,
            _ => return None,
        };
        first = false;
        let high = if bytes.get(*at) == Some(&b'-') && bytes.get(*at + 1).is_some_and(|&c| c != b']') {
            *at += 1;
            match *bytes.get(*at)? {
                b'\\' => {
                    *at += 1;
                    escaped(bytes, at)?
                }
                b'[' => return None,
                c if c.is_ascii() && !c.is_ascii_control() => {
                    *at += 1;
                    c
                }
                _ => return None,
            }
        } else {
            low
        };
        if high < low {
            return None;
        }
        for c in low..=high {
            for (word, bits) in set.iter_mut().zip(letter_set(c)) {
                *word |= bits;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SimpleRegex;

    /// The tracker data's regex filters at the time of writing, and shapes near them.
    const SOURCES: &[&str] = &[
        r"metrics\..*\.(com|net|org)\/b\/(s|ss)\/",
        r"baynote(-observer)?([0-9]+)\.js",
        r"\/resxcls[ax][0-9a-z_]*\.js",
        r"(ga|xhr)\.[0-9]+\.js",
        r"\.2mdn\.net\/([0-9]+|ads|dot\.gif|dynamic|viewad)",
        r"facebook\.com\/(v2\.0\/)?(plugins|widgets)\/.*\.php",
        r"^https:\/\/www\.googletagmanager\.com\/a\?(?:.+&)?gtm=",
        r"^https:\/\/www\.googletagmanager\.com\/td\?(?:.+&)?id=GTM-",
        r"\/analytics\?.+visitor_id=.+pi_opt_in=",
        r"a(b|)c",
        r"(a|ab)(c|bcd)(d*)",
        r"x[a-c-]?y+z*",
        r"^(?:.+&)?q",
        r"[A-Z]{2}",
        r"\d+",
        r"a.b",
        r"[^a]b",
        r"(ab)+",
        r"a+?b",
    ];

    /// Texts put together from pieces the regexes name, with upper case, non-ASCII
    /// characters (é, ſ, the Kelvin sign) and newlines among them.
    fn texts() -> Vec<String> {
        let pieces = [
            "metrics.",
            "smetrics.att.com/b/ss/",
            ".com",
            ".net/b/s/",
            "/b/",
            "s",
            "ss",
            "baynote",
            "-observer",
            "12",
            "7",
            ".js",
            "/resxcls",
            "a",
            "x",
            "_q9",
            "ga",
            "xhr",
            ".",
            ".2mdn.net/",
            "ads",
            "dot.gif",
            "dynamic",
            "viewad",
            "facebook.com/",
            "v2.0/",
            "plugins",
            "widgets",
            "/",
            ".php",
            "https://www.googletagmanager.com/",
            "a?",
            "td?",
            "gtm=",
            "id=gtm-",
            "&",
            "/analytics?",
            "visitor_id=",
            "pi_opt_in=",
            "b",
            "c",
            "bcd",
            "d",
            "y",
            "z",
            "é",
            "ſ",
            "\u{212a}",
            "\n",
            "AB",
            "Z",
            "-",
            "https://",
            "?x=1",
            "q",
            "https://www.googletagmanager.com/a?id=1&gtm=2",
            "https://www.googletagmanager.com/td?gtm=1&id=GTM-X",
            "https://www.googletagmanager.com/a?gtm=",
            "/analytics?a=1&visitor_id=2&pi_opt_in=",
            "https://mobile.yoox.com/_js_/0/1/yoox/baynote/observerfiles/de/baynote-observer12.js",
            "https://www.jcrew.com/media/wro/js/baynote7.js",
            "https://www.forever21.com/eu/shop/_common/2018101202/js/resxclsa.js",
            "https://s.example/ga.123.js",
            "https://smetrics.att.com/b/ss/",
            "https://s0.2mdn.net/5546726/300x600-Brand2.gif",
            "https://www.facebook.com/v2.0/plugins/like.php",
        ];
        let mut out: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
        let mut next = crate::test_rng::below(0x2545_f491_4f6c_dd1du64);
        for _ in 0..20_000 {
            let n = 1 + next(8);
            out.push((0..n).map(|_| pieces[next(pieces.len())]).collect());
        }
        out
    }

    #[test]
    fn answers_as_regex_lite_does_on_the_lowercased_text() {
        let texts = texts();
        let mut parsed = 0;
        for source in SOURCES {
            let Some(simple) = SimpleRegex::parse(source) else { continue };
            parsed += 1;
            let reference = regex_lite::Regex::new(&format!("(?i){source}")).unwrap();
            let mut matched = 0;
            for text in &texts {
                // The matcher sees the URL with its ASCII letters lowercased.
                let lower = text.to_ascii_lowercase();
                let expected = reference.is_match(&lower);
                assert_eq!(simple.is_match(lower.as_bytes()), Some(expected), "{source} on {lower:?}");
                matched += usize::from(expected);
            }
            assert!(matched > 0, "{source} never matched: the texts do not exercise it");
        }
        assert!(parsed >= 12, "only {parsed} regexes were simple");
    }

    #[test]
    fn the_data_regexes_are_simple_and_other_syntax_is_left_to_regex_lite() {
        for source in &SOURCES[..9] {
            assert!(SimpleRegex::parse(source).is_some(), "{source}");
        }
        for source in [r"\d+", r"a.b", r"[^a]b", r"(ab)+", r"a+?b", r"[A-Z]{2}", r"a$", r"(a", r"a)", r"[a", r"é"] {
            assert!(SimpleRegex::parse(source).is_none(), "{source}");
        }
    }

    #[test]
    fn regex_lite_folds_case_in_ascii_only() {
        // What makes the ASCII-only sets above exact: `(?i)s` does not match ſ, nor `k` the
        // Kelvin sign, in regex_lite (the full regex crate would fold both).
        assert!(!regex_lite::Regex::new("(?i)s").unwrap().is_match("ſ"));
        assert!(!regex_lite::Regex::new("(?i)k").unwrap().is_match("\u{212a}"));
    }

    #[test]
    fn too_much_backtracking_is_left_to_regex_lite() {
        let simple = SimpleRegex::parse(r"a.*b.*c.*d").unwrap();
        assert_eq!(simple.is_match("ab".repeat(1_000).as_bytes()), None);
        assert_eq!(simple.is_match(b"xaxbxcxd"), Some(true));
    }
}
