//! Signs of web skimming (Magecart) in the inline scripts of a page that holds card fields.
//!
//! Skimmers hide what they do (`_0x` string arrays, `eval(atob(…))`, `String.fromCharCode`
//! chains, hex-escaped strings), read the card fields' values, and send them to a domain
//! that is neither the shop nor its payment provider (British Airways 2018: 22 lines in a
//! first-party script sent cards to `baways.com`). Each sign alone is common in honest code
//! (minifiers shorten names, checkouts validate card numbers, analytics send beacons), so
//! a script is reported as suspicious only when signs meet: reading card fields *and*
//! sending to an unrelated domain, or heavy obfuscation *and* either. Obfuscation alone
//! is reported as such, at a lower severity. Nothing here says a shop is compromised.
//!
//! Strings are decoded before they are read (escapes, base64 passed to `atob`,
//! `String.fromCharCode` lists), one level into decoded code, so hidden selectors and
//! hosts are seen. Everything is linear in the (capped) script text.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use base64::Engine;
use memchr::memmem;
use regex_lite::Regex;

use crate::fields;
use crate::page::PageFacts;
use crate::providers;
use crate::site;

/// String literals read per script (a hostile page could send millions of tiny ones).
const MAX_LITERALS: usize = 20_000;
/// How deep decoded code is searched for more encoded code.
const MAX_DEPTH: usize = 2;
/// Distinct `_0x…` names from which a script counts as machine-obfuscated.
const OBFUSCATED_NAMES: usize = 3;
/// Hex or unicode escapes from which strings count as hidden on purpose.
const MANY_ESCAPES: usize = 40;
/// `String.fromCharCode` calls, or arguments to one call, that make a chain.
const FROM_CHAR_CODE_CALLS: usize = 3;
const FROM_CHAR_CODE_ARGS: usize = 12;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signs {
    /// How the code hides itself.
    pub obfuscation: Vec<String>,
    /// Card-field names or selectors the code mentions, when it also reads values.
    pub card_reads: Vec<String>,
    /// Hosts it can send to that are neither the shop's site nor a payment provider,
    /// when it also has a way to send (beacon, image, fetch, XHR, WebSocket).
    pub sends_to: Vec<String>,
}

impl Signs {
    /// Signs that meet: what a skimmer does, not just how honest code looks.
    pub fn strong(&self) -> bool {
        let obfuscated = !self.obfuscation.is_empty();
        let reads = !self.card_reads.is_empty();
        let sends = !self.sends_to.is_empty();
        (reads && sends) || (obfuscated && (reads || sends))
    }

    pub fn any(&self) -> bool {
        !self.obfuscation.is_empty() || self.strong()
    }
}

/// One inline script with signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspect {
    /// Position among the inline scripts whose text was sent (1-based, document order).
    pub number: usize,
    pub bytes: u64,
    pub strong: bool,
    pub signs: Signs,
    pub excerpt: String,
}

impl Suspect {
    pub fn evidence(&self) -> Vec<String> {
        let mut out = vec![format!("inline script #{} ({} bytes), starts: {}", self.number, self.bytes, self.excerpt)];
        if !self.signs.obfuscation.is_empty() {
            out.push(format!("hides its code: {}", self.signs.obfuscation.join("; ")));
        }
        if !self.signs.card_reads.is_empty() {
            out.push(format!("reads card fields: {}", self.signs.card_reads.join(", ")));
        }
        if !self.signs.sends_to.is_empty() {
            out.push(format!("can send to unrelated sites: {}", self.signs.sends_to.join(", ")));
        }
        out
    }
}

/// Inspects every inline script text of the page.
/// `page_site` is the shop's registrable domain.
pub fn inspect_page(facts: &PageFacts, page_site: &str) -> Vec<Suspect> {
    facts
        .payment
        .inline_script_texts
        .iter()
        .enumerate()
        .filter_map(|(i, script)| {
            let signs = inspect(&script.text, page_site);
            signs.any().then(|| Suspect {
                number: i + 1,
                bytes: script.bytes.max(script.text.len() as u64),
                strong: signs.strong(),
                excerpt: fields::clip(&script.text.split_whitespace().collect::<Vec<_>>().join(" "), 80),
                signs,
            })
        })
        .collect()
}

/// The signs in one script's text; `page_site` is the shop's registrable domain.
pub fn inspect(text: &str, page_site: &str) -> Signs {
    let mut code = vec![text.to_string()];
    let mut strings: Vec<String> = Vec::new();
    let mut obfuscation = BTreeSet::new();
    decode_layers(text, 0, &mut code, &mut strings, &mut obfuscation);

    let names = obfuscator_names(text);
    if names >= OBFUSCATED_NAMES {
        obfuscation.insert(format!("{names} _0x-style names, as JavaScript obfuscators write them"));
    }
    let escapes = escape_count(text);
    if escapes >= MANY_ESCAPES {
        obfuscation.insert(format!("{escapes} hex-escaped characters in strings"));
    }
    for c in &code {
        if let Some(call) = runs_decoded_text(c) {
            obfuscation.insert(format!("runs decoded text as code: {call}"));
        }
        if memmem::find(c.as_bytes(), b"p,a,c,k,e").is_some()
            && compiled(&PACKER, r"eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,").is_match(c)
        {
            obfuscation.insert("packed with eval(function(p,a,c,k,e,…))".to_string());
        }
    }
    let calls = from_char_code_calls(text).count();
    if calls >= FROM_CHAR_CODE_CALLS {
        obfuscation.insert(format!("{calls} String.fromCharCode calls"));
    }

    let all_code = code.join("\n");
    let reads_values = reads_value_property(&all_code) || strings.iter().any(|s| s == "value");
    let mut card_reads = BTreeSet::new();
    if reads_values {
        for s in strings.iter().filter(|s| s.len() <= 120) {
            let norm = fields::normalised(&[s]);
            let card_word =
                fields::CARD_NUMBER_WORDS.iter().chain(fields::SECURITY_CODE_WORDS).find(|w| norm.contains(*w));
            if let Some(w) = card_word {
                card_reads.insert(format!("\"{}\" ({w})", fields::clip(s, 40)));
            }
        }
        let lists_elements = memmem::find(all_code.as_bytes(), b"querySelectorAll").is_some()
            || memmem::find(all_code.as_bytes(), b"getElementsByTagName").is_some();
        let every_input = (lists_elements
            && compiled(
                &FIELD_QUERY,
                r#"(?:querySelectorAll|getElementsByTagName)\s*\(\s*["'`](?:input|select|form)"#,
            )
            .is_match(&all_code))
            || strings.iter().any(|s| s == "input" || s.starts_with("input,") || s.starts_with("input["));
        if every_input && !card_reads.is_empty() {
            card_reads.insert("collects every input of the page".to_string());
        }
    }

    const SINKS: &[&str] = &["sendBeacon", "new Image", "XMLHttpRequest", "fetch(", "WebSocket", ".ajax(", "$.post("];
    let can_send = SINKS.iter().any(|sink| memmem::find(all_code.as_bytes(), sink.as_bytes()).is_some())
        || strings
            .iter()
            .any(|s| matches!(s.as_str(), "sendBeacon" | "fetch" | "XMLHttpRequest" | "WebSocket" | "Image"));
    let mut sends_to = BTreeSet::new();
    if can_send {
        for haystack in code.iter().chain(strings.iter()) {
            for host in url_hosts(haystack).take(1_000) {
                let site = site::site_of(&host);
                if site != page_site && !providers::is_provider_site(&host) && sends_to.len() < 10 {
                    sends_to.insert(format!("{host} (site {site})"));
                }
            }
        }
    }
    Signs {
        obfuscation: obfuscation.into_iter().collect(),
        card_reads: card_reads.into_iter().take(10).collect(),
        sends_to: sends_to.into_iter().collect(),
    }
}

// Hand-written scanners for what runs over the whole (up to 128 KB) text: memchr finds the
// anchors, and only a few bytes around each are read. regex-lite, with no literal
// prefilter, took over 100 ms in wasm on a page at the collector's caps.

/// Distinct `_0x…` names (three hex digits or more).
fn obfuscator_names(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut names: BTreeSet<&[u8]> = BTreeSet::new();
    for at in memmem::find_iter(bytes, b"_0x") {
        let digits = bytes[at + 3..].iter().take_while(|b| b.is_ascii_hexdigit()).count();
        if digits >= 3 {
            names.insert(&bytes[at..at + 3 + digits]);
        }
    }
    names.len()
}

/// `\xHH` and `\uHHHH` escapes.
fn escape_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let hex_after =
        |at: usize, n: usize| bytes.get(at + 2..at + 2 + n).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
    memmem::find_iter(bytes, b"\\x").filter(|&at| hex_after(at, 2)).count()
        + memmem::find_iter(bytes, b"\\u").filter(|&at| hex_after(at, 4)).count()
}

fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// A code runner called straight on a decoder: `eval(atob(`, `Function(unescape(`,
/// `setTimeout(window.atob(` …; the call as written, shortened.
fn runs_decoded_text(code: &str) -> Option<String> {
    let bytes = code.as_bytes();
    for runner in ["eval", "Function", "setTimeout"] {
        for at in memmem::find_iter(bytes, runner.as_bytes()) {
            if at > 0 && is_identifier_byte(bytes[at - 1]) {
                continue;
            }
            let Some(rest) = code[at + runner.len()..].trim_start().strip_prefix('(') else { continue };
            let mut rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix("window").and_then(|r| r.trim_start().strip_prefix('.')) {
                rest = after.trim_start();
            }
            for decoder in ["atob", "unescape", "decodeURIComponent", "String.fromCharCode"] {
                let boundary = rest.as_bytes().get(decoder.len()).is_none_or(|&b| !is_identifier_byte(b));
                if rest.starts_with(decoder) && boundary {
                    return Some(format!("{runner}({decoder}(…))"));
                }
            }
        }
    }
    None
}

/// Each `fromCharCode(` call, with its argument text when that is a plain list of numbers.
fn from_char_code_calls(text: &str) -> impl Iterator<Item = Option<&str>> {
    memmem::find_iter(text.as_bytes(), b"fromCharCode").filter_map(move |at| {
        let rest = text[at + "fromCharCode".len()..].trim_start().strip_prefix('(')?;
        let end = rest.find(|c: char| !(c.is_ascii_hexdigit() || matches!(c, 'x' | 'X' | ',') || c.is_whitespace()));
        Some(match end {
            Some(end) if rest[end..].starts_with(')') && end > 0 => Some(&rest[..end]),
            _ => None,
        })
    })
}

/// Reads a `.value` property (not `.valueOf`, not `.values`).
fn reads_value_property(code: &str) -> bool {
    let bytes = code.as_bytes();
    memmem::find_iter(bytes, b".value").any(|at| bytes.get(at + 6).is_none_or(|&b| !is_identifier_byte(b)))
}

/// Host names after `//` (`https://host`, `//host`), lower-cased, that look like DNS names
/// with an alphabetic top-level label.
fn url_hosts(text: &str) -> impl Iterator<Item = String> + '_ {
    let bytes = text.as_bytes();
    memmem::find_iter(bytes, b"//").filter_map(move |at| {
        let start = at + 2;
        let len = bytes[start..]
            .iter()
            .take(253)
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
            .count();
        let host = text[start..start + len].trim_end_matches(['.', '-']).to_ascii_lowercase();
        let first_ok = host.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
        let tld_ok = host
            .rsplit_once('.')
            .is_some_and(|(_, tld)| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
        (first_ok && tld_ok).then_some(host)
    })
}

/// `pattern` compiled into `cell` on first use, once for the life of the worker. The
/// patterns are constants of this module, checked by its tests.
fn compiled(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|_| Regex::new("$^").unwrap()))
}

static PACKER: OnceLock<Regex> = OnceLock::new();
static FIELD_QUERY: OnceLock<Regex> = OnceLock::new();

/// Decodes the string literals of `text` into `strings`; decoded base64 and
/// `String.fromCharCode` payloads are code too, searched again up to [`MAX_DEPTH`].
fn decode_layers(
    text: &str,
    depth: usize,
    code: &mut Vec<String>,
    strings: &mut Vec<String>,
    obfuscation: &mut BTreeSet<String>,
) {
    let mut found = Vec::new();
    // Payloads are often split over several literals (an array joined at run time): the
    // base64-looking literals are also decoded together, in order.
    let mut joined = String::new();
    let mut pieces = 0;
    for literal in literals(text) {
        if strings.len() >= MAX_LITERALS {
            return;
        }
        if let Some(decoded) = base64_text(&literal) {
            found.push(decoded);
        }
        if literal.len() >= 8 && is_base64_alphabet(&literal) && joined.len() < 1 << 20 {
            joined.push_str(&literal);
            pieces += 1;
        }
        strings.push(literal);
    }
    if pieces >= 2 {
        if let Some(decoded) = base64_text(&joined) {
            found.push(decoded);
        }
    }
    for arguments in from_char_code_calls(text).flatten().take(1_000) {
        let numbers: Vec<&str> = arguments.split(',').map(str::trim).filter(|n| !n.is_empty()).collect();
        let decoded: String = numbers
            .iter()
            .filter_map(|n| match n.strip_prefix("0x").or_else(|| n.strip_prefix("0X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse::<u32>().ok(),
            })
            .filter_map(char::from_u32)
            .collect();
        if numbers.len() >= FROM_CHAR_CODE_ARGS {
            obfuscation.insert(format!("String.fromCharCode with {} character codes", numbers.len()));
        }
        if decoded.chars().count() >= 2 {
            strings.push(decoded.clone());
            found.push(decoded);
        }
    }
    for decoded in found {
        let looks_like_code = decoded.contains('(') || decoded.contains("//") || decoded.contains('=');
        if looks_like_code && depth < MAX_DEPTH {
            if depth == 0 && decoded.len() >= 40 {
                obfuscation.insert("code hidden in an encoded string".to_string());
            }
            decode_layers(&decoded, depth + 1, code, strings, obfuscation);
            code.push(decoded);
        } else {
            strings.push(decoded);
        }
    }
}

/// The contents of the quoted string literals of JavaScript-like text, escapes decoded.
/// Approximate on purpose (comments and regex literals are read as code): it only has to
/// find strings, never to run them.
pub fn literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !matches!(c, '"' | '\'' | '`') {
            continue;
        }
        let quote = c;
        let mut value = String::new();
        let mut closed = false;
        while let Some(ch) = chars.next() {
            match ch {
                '\\' => match chars.next() {
                    Some('x') => push_code(&mut value, &mut chars, 2),
                    Some('u') => {
                        if chars.peek() == Some(&'{') {
                            chars.next();
                            let hex: String = chars.by_ref().take_while(|&h| h != '}').take(6).collect();
                            if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                value.push(c);
                            }
                        } else {
                            push_code(&mut value, &mut chars, 4);
                        }
                    }
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('r') => value.push('\r'),
                    Some(other) => value.push(other),
                    None => break,
                },
                ch if ch == quote => {
                    closed = true;
                    break;
                }
                '\n' if quote != '`' => break,
                ch => value.push(ch),
            }
            if value.len() > 65_536 {
                break;
            }
        }
        if closed && !value.is_empty() {
            out.push(value);
            if out.len() >= MAX_LITERALS {
                break;
            }
        }
    }
    out
}

fn push_code(value: &mut String, chars: &mut std::iter::Peekable<std::str::Chars<'_>>, digits: usize) {
    let hex: String = (0..digits).filter_map(|_| chars.next_if(|c| c.is_ascii_hexdigit())).collect();
    if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
        value.push(c);
    }
}

fn is_base64_alphabet(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// The text a base64 literal stands for, when it is base64 of readable text.
fn base64_text(literal: &str) -> Option<String> {
    let trimmed = literal.trim();
    if trimmed.len() < 12 || !is_base64_alphabet(trimmed) {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(trimmed)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(trimmed.trim_end_matches('=')))
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let printable = text.chars().filter(|c| !c.is_control() || c.is_whitespace()).count();
    (printable * 10 >= text.chars().count() * 9 && text.chars().any(|c| c.is_ascii_alphabetic())).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_decode_escapes() {
        let lits = literals(r#"a("\x76\x61lue", 'it\'s', `t`, "\u0063c")"#);
        assert_eq!(lits, vec!["value", "it's", "t", "cc"]);
    }

    #[test]
    fn base64_of_text_only() {
        assert_eq!(base64_text("aHR0cHM6Ly9ldmlsLmV4YW1wbGUvYw==").as_deref(), Some("https://evil.example/c"));
        assert_eq!(base64_text("iVBORw0KGgoAAAANSUhEUg"), None, "binary (a PNG header) is not text");
        assert_eq!(base64_text("checkoutButton"), None, "a name is not base64 of text");
    }
}
