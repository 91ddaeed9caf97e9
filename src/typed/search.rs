//! Reading one request for tokens: its URL, the headers the shell passed, and its body, each
//! cut at a cap (a request over a cap is reported, so the report can say what was not read).
//!
//! Each text is searched as it stands, then inside it: a copy percent-decoded once when it
//! holds an encoded `%` (a value encoded twice), and base64-looking segments decoded and
//! searched in turn, two levels deep. Decoding finds what a token cannot: the value in the
//! middle of a longer base64 payload (a JSON event, base64-encoded whole) starts on any
//! byte, so its encoding depends on what precedes it.
//!
//! Decoding every base64-looking run was most of the time a page took, so only the runs
//! that can hold something are decoded: the search also finds each token's alignment
//! patterns (`tokens::alignment_patterns`: what base64 writes for the token's bytes at each
//! of the 3 byte offsets, whatever surrounds it), and a run holding one may hold the token
//! one level down; and the alignment patterns of those patterns (`tokens::doubled_patterns`),
//! and a run holding one may hold the token two levels down. Why that is the same as
//! decoding every run: a run whose decoding holds the token holds one of the token's
//! alignment patterns; so a run whose decoding holds such a run holds, in its decoding, a
//! level-1 pattern, and therefore one of that pattern's own alignment patterns, a doubled
//! one. A run with neither cannot yield a hit at either level, and is not read (nor walked
//! byte by byte: only the stretch around a mark is measured). A run that is read is decoded
//! and searched exactly as before, so the hits are the same. The argument needs each layer
//! written in one alphabet (either), as encoders write it; a middle layer written with
//! `%2B`/`%2F` has its escaped patterns doubled too, and a top-level text holding an escape
//! has every run read, as before.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use serde::Serialize;

use super::tokens::{is_base64_char, Encoding, TokenSet};
use super::OutgoingRequest;

/// Most bytes of a body read per request.
pub const BODY_CAP: usize = 64 * 1024;
/// Most bytes of a URL read (Chromium allows 2 MB; beacons rarely pass a few KB).
pub const URL_CAP: usize = 16 * 1024;
/// Most bytes of one header value read.
pub const HEADER_CAP: usize = 8 * 1024;
/// How many base64 layers are decoded, one inside the other (the search is written for 2).
pub const BASE64_DEPTH: u8 = 2;
/// Shortest run of base64 characters decoded: the base64 of 12 bytes. A value alone in
/// base64 is found by its own base64 token; decoding is for values inside longer payloads.
const MIN_BASE64_RUN: usize = 16;
/// Shortest run whose decoding can hold a run of [`MIN_BASE64_RUN`] (22 characters decode
/// to 16 bytes): a shorter one holds no second level (the tests check level 1 in such runs).
#[cfg(test)]
const MIN_NESTED_RUN: usize = (MIN_BASE64_RUN * 4).div_ceil(3);

/// Whether `bytes` holds `%2B`, `%2F` or `%3D` (either case): a base64 run written with
/// them has its characters apart in the text, so its alignment patterns need not stand there.
fn holds_escape(bytes: &[u8]) -> bool {
    percent_escapes(bytes).0
}

/// [`holds_escape`], and whether `bytes` holds `%25` (an escaped `%`: a value encoded
/// twice), in one pass over the `%` signs (in wasm, each pass reads the text byte by byte).
fn percent_escapes(bytes: &[u8]) -> (bool, bool) {
    let (mut base64_escape, mut escaped_percent) = (false, false);
    let mut from = 0;
    while let Some(at) = find_percent(bytes, from) {
        from = at + 1;
        match (bytes.get(at + 1), bytes.get(at + 2).map(u8::to_ascii_uppercase)) {
            (Some(b'2'), Some(b'B' | b'F')) | (Some(b'3'), Some(b'D')) => base64_escape = true,
            (Some(b'2'), Some(b'5')) => escaped_percent = true,
            _ => {}
        }
        if base64_escape && escaped_percent {
            break;
        }
    }
    (base64_escape, escaped_percent)
}

/// The first `%` in `bytes` from `from` on, 64 bytes a round. This pass reads every byte of
/// a page's requests, so in wasm it is built with the 128-bit SIMD instructions (a round is
/// four compares of 16 lanes and one branch; every browser the manifest admits runs them:
/// Chrome from 91, Firefox from 89); the compiler vectorises the round's OR of comparisons.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn find_percent(bytes: &[u8], from: usize) -> Option<usize> {
    const ROUND: usize = 64;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(ROUND);
    let position = |chunk: &[u8]| chunk.iter().position(|&b| b == b'%');
    for (round, chunk) in chunks.by_ref().enumerate() {
        if chunk.iter().fold(false, |any, &b| any | (b == b'%')) {
            return position(chunk).map(|i| from + ROUND * round + i);
        }
    }
    let tail = chunks.remainder();
    position(tail).map(|i| from + rest.len() - tail.len() + i)
}

/// Where in a request a token was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Url,
    Header,
    Body,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Url => "url",
            Place::Header => "header",
            Place::Body => "body",
        }
    }
}

/// One token found in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the typed field whose token this is.
    pub field: usize,
    pub encoding: Encoding,
    /// Base64 layers decoded to reach it (0: it stands in the request as the token).
    pub base64_layers: u8,
    /// Found in the percent-decoded copy: the request held it encoded once more.
    pub percent_decoded: bool,
    pub place: Place,
    /// The bytes of the searched text (URL, header value or body) that hold the value: the
    /// token itself, or the whole base64 segment it was decoded from. `None` when it was
    /// found in the percent-decoded copy, which has no byte-for-byte mapping back.
    pub span: Option<(usize, usize)>,
}

impl Hit {
    /// How the value was written, as a reader would name it: "sha256", "base64" (plain
    /// text inside base64), "sha256 in base64", "url-encoded"…
    pub fn encoding_name(&self) -> String {
        let inner = if self.percent_decoded && self.encoding == Encoding::Plain {
            Encoding::UrlEncoded.as_str()
        } else {
            self.encoding.as_str()
        };
        match self.base64_layers {
            0 => inner.to_string(),
            _ if self.encoding == Encoding::Plain => "base64".to_string(),
            _ => format!("{inner} in base64"),
        }
    }
}

/// What one request showed.
#[derive(Debug, Default)]
pub struct RequestScan {
    /// One hit per field, encoding, layer and place (not one per occurrence).
    pub hits: Vec<Hit>,
    /// A cap cut the URL, a header or the body (here or already in the shell).
    pub capped: bool,
}

/// Searches one request.
pub fn scan_request(tokens: &TokenSet, request: &OutgoingRequest) -> RequestScan {
    let mut scan = RequestScan { hits: Vec::new(), capped: request.body_truncated };
    if tokens.is_empty() {
        return scan;
    }
    let mut keep = |hit: Hit| {
        let seen = scan.hits.iter().any(|h| {
            (h.field, h.encoding, h.base64_layers, h.percent_decoded, h.place)
                == (hit.field, hit.encoding, hit.base64_layers, hit.percent_decoded, hit.place)
        });
        if !seen {
            scan.hits.push(hit);
        }
    };
    let mut capped = false;
    let mut texts: Vec<(&str, Place)> = Vec::with_capacity(2 + request.headers.len());
    let (url, cut) = clip(&request.url, URL_CAP);
    capped |= cut;
    texts.push((url, Place::Url));
    for header in &request.headers {
        let (value, cut) = clip(&header.value, HEADER_CAP);
        capped |= cut;
        texts.push((value, Place::Header));
    }
    if let Some(body) = &request.body {
        let (body, cut) = clip(body, BODY_CAP);
        capped |= cut;
        texts.push((body, Place::Body));
    }
    for (text, place) in texts {
        search_text(tokens, text.as_bytes(), place, true, &mut keep);
    }
    scan.capped |= capped;
    scan
}

/// Every hit in one text, every occurrence (the redaction needs them all). `standalone`:
/// see [`TokenSet::occurrences`]; the redaction passes `false`, to replace a value even
/// where it runs into other letters.
pub(crate) fn search_text(tokens: &TokenSet, text: &[u8], place: Place, standalone: bool, each: &mut impl FnMut(Hit)) {
    let hit = |field_token: usize, base64_layers: u8, percent_decoded: bool, span: Option<(usize, usize)>| {
        let token = &tokens.tokens[field_token];
        Hit { field: token.field, encoding: token.encoding, base64_layers, percent_decoded, place, span }
    };
    // The text as it stands; where an alignment pattern starts, a base64 run may hold a
    // token one level down (see `tokens::alignment_patterns`).
    let mut aligned = Vec::new();
    tokens.search(text, standalone, |i, start, end| each(hit(i, 0, false, Some((start, end)))), |at| aligned.push(at));
    // One level down: only the runs that can hold something are decoded, those where an
    // alignment pattern starts, of level 1 (a token one level down) or level 2 (a token
    // two levels down). A run decoded is searched in full. Escaped characters (`%2B`) hide
    // alignment patterns: such a text has every run read.
    let (base64_escape, escaped_percent) = percent_escapes(text);
    let every = base64_escape.then_some(MIN_BASE64_RUN);
    let layer = Layer::of(text, |span| span, every, &aligned);
    if !layer.bytes.is_empty() {
        // Two levels down: only the runs of level 1 where an alignment pattern starts can
        // hold a token of level 2 (no deeper level is searched).
        let mut aligned = Vec::new();
        tokens.search(
            &layer.bytes,
            standalone,
            |i, start, _| each(hit(i, 1, false, Some(layer.outer_at(start)))),
            |at| aligned.push(at),
        );
        let every = holds_escape(&layer.bytes).then_some(MIN_BASE64_RUN);
        if !aligned.is_empty() || every.is_some() {
            let inner = Layer::of(&layer.bytes, |span| layer.outer_at(span.0), every, &aligned);
            tokens.occurrences(&inner.bytes, standalone, |i, start, _| {
                each(hit(i, BASE64_DEPTH, false, Some(inner.outer_at(start))))
            });
        }
    }
    // A value encoded twice (`%2540` for `@`): search the text percent-decoded once.
    if escaped_percent {
        let decoded = percent_decode(text);
        tokens.occurrences(&decoded, standalone, |i, _, _| each(hit(i, 0, true, None)));
    }
}

/// The decoded base64 segments of one text (or of the layer above), laid end to end with a
/// NUL byte between them, which no token holds: a layer is searched in one pass, however
/// many segments it has, and no match runs from one segment into the next.
struct Layer {
    bytes: Vec<u8>,
    /// Where each segment starts in `bytes`, and the bytes of the top-level text it came from.
    segments: Vec<(usize, (usize, usize))>,
}

impl Layer {
    /// The runs of `text` decoded: see [`base64_segments`] for which.
    fn of(
        text: &[u8],
        outer: impl Fn((usize, usize)) -> (usize, usize),
        every: Option<usize>,
        hits: &[usize],
    ) -> Layer {
        let mut layer = Layer { bytes: Vec::new(), segments: Vec::new() };
        base64_segments(text, every, hits, |span, decoded| {
            if !layer.bytes.is_empty() {
                layer.bytes.push(0);
            }
            layer.segments.push((layer.bytes.len(), outer(span)));
            layer.bytes.extend_from_slice(decoded);
        });
        layer
    }

    /// The top-level span of the segment holding byte `at` of the layer.
    fn outer_at(&self, at: usize) -> (usize, usize) {
        let index = self.segments.partition_point(|&(start, _)| start <= at);
        self.segments[index.saturating_sub(1)].1
    }
}

/// Calls `each` with the byte span and the decoded bytes of every base64-looking run of
/// `bytes`: at least [`MIN_BASE64_RUN`] characters of either alphabet, with both upper- and
/// lower-case letters (base64 of text nearly always has both; hex digests, words and
/// numbers have not), `%2B`, `%2F` and `%3D` read as the characters they encode. A run
/// holding `/` (a URL path) is also decoded piece by piece between the slashes.
/// Which runs are read: every run of at least `every` characters (`None`: none), found by
/// probing one byte in `every`, and the runs of at least [`MIN_BASE64_RUN`] that hold a
/// position of the sorted `hits` (where an alignment pattern starts).
fn base64_segments(bytes: &[u8], every: Option<usize>, hits: &[usize], mut each: impl FnMut((usize, usize), &[u8])) {
    let mut run: Vec<u8> = Vec::new();
    let mut decoded: Vec<u8> = Vec::new();
    // Only every `every`-th byte is probed: a run that long covers one of them. From a byte
    // that can be part of a run, the stretch of such bytes around it is measured (a table
    // look-up a byte); only a stretch long enough is read as base64. `done` is where the
    // last stretch ended: nothing before it is read twice.
    let stride = every.unwrap_or(usize::MAX);
    let mut done = 0;
    let mut probe = stride.saturating_sub(1);
    let mut hits = hits.iter().copied().peekable();
    loop {
        while hits.next_if(|&at| at < done).is_some() {}
        let (at, from_probe) = match hits.peek() {
            Some(&hit) if hit <= probe => {
                hits.next();
                (hit, false)
            }
            _ => (probe, true),
        };
        if at >= bytes.len() {
            break;
        }
        // A run of `stride` bytes holding the probe also holds the byte half that far
        // before or after it: when neither can be in a run, the probe's word is too short.
        let half = stride / 2;
        let long_enough = |at: Option<usize>| at.and_then(|at| bytes.get(at)).is_some_and(|&b| may_be_in_run(b));
        if !may_be_in_run(bytes[at])
            || (from_probe && !(long_enough(at.checked_sub(half)) || long_enough(at.checked_add(half))))
        {
            if from_probe {
                probe = probe.saturating_add(stride);
            }
            continue;
        }
        let mut start = at;
        while start > done && may_be_in_run(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && may_be_in_run(bytes[end]) {
            end += 1;
        }
        let hit_within = !from_probe || hits.peek().is_some_and(|&hit| hit < end);
        let least = if hit_within { MIN_BASE64_RUN } else { stride };
        if end - start >= least {
            // A `%` that is not an escape of the alphabet splits the stretch into runs.
            let mut i = start;
            while i < end {
                let run_start = i;
                i = read_run(bytes, i, &mut run);
                if run.len() >= MIN_BASE64_RUN && mixed_case(&run) {
                    if decode_into(&run, &mut decoded) {
                        each((run_start, i), &decoded);
                    }
                    if run.contains(&b'/') {
                        for piece in run.split(|&b| b == b'/').filter(|p| p.len() >= MIN_BASE64_RUN && mixed_case(p)) {
                            if piece.len() < run.len() && decode_into(piece, &mut decoded) {
                                each((run_start, i), &decoded);
                            }
                        }
                    }
                }
                if i == run_start {
                    i += 1;
                }
            }
            // The last run read its padding, past the stretch.
            end = end.max(i);
        }
        done = end;
        if probe < end {
            probe = probe.saturating_add(stride).max(end.saturating_add(stride - 1));
        }
    }
}

/// A byte a base64 run (either alphabet, percent-escaped or not) can hold.
fn may_be_in_run(b: u8) -> bool {
    static TABLE: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_' | b'%');
            b += 1;
        }
        table
    };
    TABLE[usize::from(b)]
}

/// Reads the run of base64 characters starting at `i` into `run` (the standard alphabet,
/// `%2B`, `%2F` and `%3D` read as what they encode, `-` and `_` as `+` and `/`), through its
/// padding, and returns where it ends.
fn read_run(bytes: &[u8], mut i: usize, run: &mut Vec<u8>) -> usize {
    run.clear();
    loop {
        // The plain alphabet, copied a stretch at a time.
        let plain = bytes[i..].iter().position(|&b| !is_base64_char(b)).unwrap_or(bytes.len() - i);
        run.extend(bytes[i..i + plain].iter().map(|&b| match b {
            b'-' => b'+',
            b'_' => b'/',
            b => b,
        }));
        i += plain;
        let Some(&b) = bytes.get(i) else { return i };
        let escaped = match (b, bytes.get(i + 1), bytes.get(i + 2).map(u8::to_ascii_uppercase)) {
            (b'%', Some(b'2'), Some(b'B')) => Some(b'+'),
            (b'%', Some(b'2'), Some(b'F')) => Some(b'/'),
            (b'%', Some(b'3'), Some(b'D')) => Some(b'='),
            _ => None,
        };
        match (b, escaped) {
            (_, Some(b'=')) | (b'=', None) => {
                // Padding ends the run (and belongs to it).
                i += if escaped.is_some() { 3 } else { 1 };
                while i < bytes.len() && bytes[i] == b'=' {
                    i += 1;
                }
                return i;
            }
            (_, Some(c)) => {
                run.push(c);
                i += 3;
            }
            _ => return i,
        }
    }
}

fn mixed_case(run: &[u8]) -> bool {
    run.iter().any(u8::is_ascii_uppercase) && run.iter().any(u8::is_ascii_lowercase)
}

/// Decodes a run of the standard alphabet, padding or not, ignoring the unused bits of a
/// last partial group (a run cut out of a longer payload has them set).
fn decode_into(run: &[u8], out: &mut Vec<u8>) -> bool {
    static LENIENT: GeneralPurpose = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    // A single character past a whole group encodes no byte.
    let usable = if run.len() % 4 == 1 { &run[..run.len() - 1] } else { run };
    out.clear();
    LENIENT.decode_vec(usable, out).is_ok() && out.len() >= 4
}

fn percent_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%' && i + 2 < text.len() {
            if let (Some(hi), Some(lo)) = (hex_value(text[i + 1]), hex_value(text[i + 2])) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(text[i]);
        i += 1;
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `text` cut to at most `cap` bytes on a character boundary, and whether it was cut.
pub(crate) fn clip(text: &str, cap: usize) -> (&str, bool) {
    if text.len() <= cap {
        return (text, false);
    }
    let mut end = cap;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Header, PersonalKind, TypedEntry, TypedField};
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

    const EMAIL: &str = "anna.berg@example.com";

    fn tokens_for(kind: PersonalKind, value: &str) -> TokenSet {
        let field = TypedField { kind, entry: TypedEntry::new(value, 0.0) };
        TokenSet::derive(&[field], Some("49"))
    }

    fn get(url: &str) -> OutgoingRequest {
        OutgoingRequest { url: url.to_string(), method: "GET".into(), ..Default::default() }
    }

    fn post(body: &str) -> OutgoingRequest {
        OutgoingRequest { url: "https://t.example/c".into(), body: Some(body.to_string()), ..Default::default() }
    }

    fn names(tokens: &TokenSet, request: &OutgoingRequest) -> Vec<String> {
        scan_request(tokens, request).hits.iter().map(Hit::encoding_name).collect()
    }

    fn sha256_hex(text: &str) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn every_encoding_fires() {
        let t = tokens_for(PersonalKind::Email, " Anna.Berg@Example.com");
        let cases: Vec<(OutgoingRequest, &str)> = vec![
            (get("https://t.example/p?em=Anna.Berg@Example.com"), "plain"),
            (get(&format!("https://t.example/p?em={EMAIL}&x=1")), "plain"),
            (get("https://t.example/p?em=anna.berg%40example.com"), "url-encoded"),
            (post("email=Anna.Berg%40Example.com&list=7"), "url-encoded"),
            (get("https://t.example/p?em=anna.berg%2540example.com"), "url-encoded"),
            (post(r#"{"user":{"email":"anna.berg@example.com"}}"#), "plain"),
            (post(&format!("d={}", STANDARD.encode(EMAIL))), "base64"),
            (get(&format!("https://t.example/p/{}", URL_SAFE_NO_PAD.encode(EMAIL))), "base64"),
            (post(&format!("ud[em]={}", sha256_hex(EMAIL))), "sha256"),
            (post(&format!("ud[em]={}", sha256_hex(EMAIL).to_uppercase())), "sha256"),
        ];
        for (request, expected) in &cases {
            let found = names(&t, request);
            assert!(
                found.iter().any(|n| n == expected),
                "{expected} in {:?} {:?}: {found:?}",
                request.url,
                request.body
            );
        }
    }

    #[test]
    fn md5_and_sha1_fire() {
        let t = tokens_for(PersonalKind::Email, EMAIL);
        use md5::Md5;
        use sha1::Sha1;
        use sha2::Digest;
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        let md5 = hex(&Md5::digest(EMAIL.as_bytes()));
        let sha1 = hex(&Sha1::digest(EMAIL.as_bytes()));
        assert_eq!(names(&t, &post(&format!("m={md5}"))), vec!["md5"]);
        assert_eq!(names(&t, &post(&format!("s={}", sha1.to_uppercase()))), vec!["sha1"]);
    }

    #[test]
    fn json_and_form_encodings_of_a_name() {
        let t = tokens_for(PersonalKind::Name, "Zoë O\"Hara");
        assert_eq!(names(&t, &post(r#"{"n":"Zo\u00eb O\"Hara"}"#)), vec!["json-escaped"]);
        assert_eq!(names(&t, &post("n=Zo%C3%AB+O%22Hara")), vec!["form-encoded"]);
    }

    #[test]
    fn base64_inside_a_longer_payload_two_levels_deep() {
        let t = tokens_for(PersonalKind::Email, EMAIL);
        // The e-mail at an offset that is not a multiple of 3: its own base64 token is not in
        // the payload, decoding finds it.
        let event = format!(r#"{{"ev":"lead","usr":"{EMAIL}"}}"#);
        let once = STANDARD.encode(&event);
        assert!(!once.contains(&STANDARD.encode(EMAIL).trim_end_matches('=').to_string()));
        assert_eq!(names(&t, &post(&format!("data={once}"))), vec!["base64"]);
        let twice = STANDARD.encode(format!(r#"{{"p":"{once}"}}"#));
        let hits = scan_request(&t, &post(&format!(r#"{{"b":"{twice}"}}"#))).hits;
        assert!(hits.iter().any(|h| h.base64_layers == 2), "{hits:?}");
        let thrice = STANDARD.encode(format!(r#"{{"q":"{twice}"}}"#));
        assert!(scan_request(&t, &post(&thrice)).hits.is_empty(), "three levels are not decoded");
        // A hash inside base64.
        let hashed = STANDARD.encode(format!(r#"{{"em":"{}"}}"#, sha256_hex(EMAIL)));
        assert_eq!(names(&t, &post(&hashed)), vec!["sha256 in base64"]);
        // Percent-encoded base64 in a query string.
        let escaped = once.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D");
        assert_eq!(names(&t, &get(&format!("https://t.example/p?d={escaped}"))), vec!["base64"]);
    }

    /// Level 1 without decoding every run: the alignment patterns mark the run that holds a
    /// value at each of the 3 byte offsets, in both alphabets, in runs too short to hold a
    /// second level (which only a hit makes the search decode).
    #[test]
    fn level_one_at_every_alignment_and_in_short_runs() {
        let t = tokens_for(PersonalKind::Email, EMAIL);
        for prefix in ["", ":", "::", ":::", "{\"u\":\"", "xyzzy=", "\x01\x02"] {
            let payload = format!("{prefix}{EMAIL}\"}}");
            for encoded in [STANDARD.encode(&payload), URL_SAFE_NO_PAD.encode(&payload)] {
                let hits = scan_request(&t, &post(&format!("z=1&d={encoded}&e=2"))).hits;
                assert!(hits.iter().any(|h| h.base64_layers == 1), "{prefix:?} {encoded}: {hits:?}");
            }
        }
        let name = tokens_for(PersonalKind::Name, "Martha");
        for event in [r#"{"":"Martha"}"#, r#"{"n":"Martha"}"#, r#"{"nm":"Martha"}"#] {
            let encoded = STANDARD.encode(event);
            assert!(encoded.len() >= MIN_BASE64_RUN && encoded.len() < MIN_NESTED_RUN, "{encoded}");
            let hits = scan_request(&name, &post(&format!("d={encoded}"))).hits;
            assert!(hits.iter().any(|h| h.base64_layers == 1 && h.span.is_some()), "{event}: {hits:?}");
        }
    }

    /// Level 2 (base64 inside base64) at every pair of offsets and alphabets.
    #[test]
    fn level_two_at_every_alignment() {
        let t = tokens_for(PersonalKind::Email, EMAIL);
        for inner_prefix in ["", "a", "ab"] {
            for outer_prefix in ["", "q", "qr"] {
                let inner = STANDARD.encode(format!("{inner_prefix}{{\"e\":\"{EMAIL}\"}}"));
                for outer in [
                    STANDARD.encode(format!("{outer_prefix}{{\"p\":\"{inner}\"}}")),
                    URL_SAFE_NO_PAD.encode(format!("{outer_prefix}{{\"p\":\"{inner}\"}}")),
                ] {
                    let hits = scan_request(&t, &post(&format!("b={outer}"))).hits;
                    assert!(hits.iter().any(|h| h.base64_layers == 2), "{inner_prefix:?} {outer_prefix:?}: {hits:?}");
                }
            }
        }
    }

    /// A near miss stays one inside base64, at either level: another address that holds the
    /// typed one (an alignment pattern stands there, the decoded run shows it is not it), one
    /// differing by a letter, and the same address a level too deep.
    #[test]
    fn base64_near_misses_do_not_fire() {
        let t = tokens_for(PersonalKind::Email, EMAIL);
        for prefix in ["", "a", "ab"] {
            for other in ["hanna.berg@example.com", "anna.berg@example.community", "anna.berg@exbmple.com"] {
                let once = STANDARD.encode(format!("{prefix}{{\"e\":\"{other}\"}}"));
                let twice = STANDARD.encode(format!("{{\"p\":\"{once}\"}}"));
                for body in [format!("d={once}"), format!("d={twice}")] {
                    assert!(scan_request(&t, &post(&body)).hits.is_empty(), "{other} {body}");
                }
            }
        }
    }

    /// Only every MIN_BASE64_RUN-th byte is probed: a payload is found wherever it starts,
    /// after separators or after other runs.
    #[test]
    fn base64_payloads_are_found_at_every_offset() {
        let t = tokens_for(PersonalKind::Email, EMAIL);
        let payload = STANDARD.encode(format!(r#"{{"usr":"{EMAIL}"}}"#));
        for filler in [".", "a", "ab+", "xY9 ", "%2B"] {
            for repeat in 0..(2 * MIN_BASE64_RUN) {
                let body = format!("{}&d={payload}&z=1", filler.repeat(repeat));
                let hits = scan_request(&t, &post(&body)).hits;
                assert!(hits.iter().any(|h| h.base64_layers == 1), "{body}: {hits:?}");
            }
        }
    }

    #[test]
    fn percent_escapes_are_told_apart() {
        assert_eq!(percent_escapes(b"a=1&b=%2"), (false, false));
        assert_eq!(percent_escapes(b"d=YW%2bI%3d"), (true, false));
        assert_eq!(percent_escapes(b"e=a%2540b.c"), (false, true));
        assert_eq!(percent_escapes(b"e=a%2540b.c&d=YW%2FI"), (true, true));
        assert_eq!(percent_escapes(b"%20%2C%3A%25"), (false, true));
    }

    #[test]
    fn near_misses_do_not_fire() {
        let t = tokens_for(PersonalKind::Email, EMAIL);
        for body in [
            "email=hanna.berg@example.com".to_string(),
            "email=anna.berg@example.community".to_string(),
            format!("ud[em]={}", sha256_hex("anna.berg@example.org")),
            format!("ud[em]={}x", &sha256_hex(EMAIL)[..63]),
            format!("d={}", STANDARD.encode("anna.berg@example.org")),
            "id=8f14e45fceea167a5a36dedd4bea2543&ts=1700000000".to_string(),
        ] {
            assert!(scan_request(&t, &post(&body)).hits.is_empty(), "{body}");
        }
        let zip = tokens_for(PersonalKind::Postcode, "10115");
        assert!(scan_request(&zip, &get("https://t.example/p?w=101150&h=210115")).hits.is_empty());
        assert_eq!(scan_request(&zip, &get("https://t.example/p?zp=10115&h=2")).hits.len(), 1);
    }

    #[test]
    fn short_values_are_not_searched() {
        let t = tokens_for(PersonalKind::Name, "Li");
        assert!(t.is_empty());
        assert!(scan_request(&t, &get("https://t.example/p?n=Li")).hits.is_empty());
        let phone = tokens_for(PersonalKind::Phone, "12345");
        assert!(phone.is_empty());
    }

    #[test]
    fn phone_hashed_with_country_code_and_card_in_headers() {
        let t = tokens_for(PersonalKind::Phone, "0171 1234567");
        assert_eq!(names(&t, &post(&format!("ud[ph]={}", sha256_hex("491711234567")))), vec!["sha256"]);
        assert_eq!(names(&t, &post(&format!("ph={}", sha256_hex("+491711234567")))), vec!["sha256"]);
        let card = tokens_for(PersonalKind::CardNumber, "4242 4242 4242 4242");
        let mut request = get("https://t.example/p");
        request
            .headers
            .push(Header { name: "Referer".into(), value: "https://shop.example/pay?cc=4242424242424242".into() });
        let hits = scan_request(&card, &request).hits;
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].place, Place::Header);
    }

    #[test]
    fn the_body_cap_is_reported_and_respected() {
        let t = tokens_for(PersonalKind::Email, EMAIL);
        let padding = "x".repeat(BODY_CAP - 10);
        let late = post(&format!("{padding}&email={EMAIL}"));
        let scan = scan_request(&t, &late);
        assert!(scan.capped);
        assert!(scan.hits.is_empty(), "bytes past the cap are not read");
        let early = post(&format!("email={EMAIL}&{padding}"));
        let scan = scan_request(&t, &early);
        assert!(scan.capped);
        assert_eq!(scan.hits.len(), 1);
        let small = scan_request(&t, &post("a=1"));
        assert!(!small.capped);
        let mut cut_by_shell = post("a=1");
        cut_by_shell.body_truncated = true;
        assert!(scan_request(&t, &cut_by_shell).capped);
        // Cutting never splits a character.
        let (cut, was_cut) = clip("aé", 2);
        assert_eq!((cut, was_cut), ("a", true));
    }
}
