//! Evidence without the evidence: a request URL with every occurrence of every token of
//! every typed field replaced by a label (`[your e-mail]`), a base64 segment that decodes
//! to one replaced whole. The result is searched again; if anything is still found (a
//! value encoded twice has no byte range to cut), the URL is cut back to its scheme and
//! host, and if even those hold a token, nothing of it is shown.
//!
//! Tokens are matched here wherever they occur, not only standing on their own as when
//! judging: `hanna@x.com` loses its `anna@x.com` too. Over-redacting is harmless, under-
//! redacting is not. A value too short to search for (see `normalise`) has no tokens and is
//! not redacted; it cannot be the reason for a finding either.

use std::collections::BTreeSet;

use super::search::{clip, search_text, Place, URL_CAP};
use super::tokens::TokenSet;
use super::PersonalKind;
use crate::site::host_of;

/// Longest evidence URL kept (in characters), after redaction.
pub const EVIDENCE_CHARS: usize = 500;

/// `url` with every token replaced by its field kind's [`PersonalKind::label`].
pub fn redact_url(tokens: &TokenSet, url: &str) -> String {
    redact_url_with(tokens, url, &|kind| kind.label().to_string())
}

/// [`redact_url`] with the popup's own words for each kind.
pub fn redact_url_with(tokens: &TokenSet, url: &str, label: &dyn Fn(PersonalKind) -> String) -> String {
    let (url, _) = clip(url, URL_CAP);
    let mut spans: Vec<(usize, usize, PersonalKind)> = Vec::new();
    let mut unplaced: BTreeSet<PersonalKind> = BTreeSet::new();
    search_text(tokens, url.as_bytes(), Place::Url, false, &mut |hit| match hit.span {
        Some((start, end)) => spans.push((start, end, tokens.kinds[hit.field])),
        None => {
            unplaced.insert(tokens.kinds[hit.field]);
        }
    });
    let redacted = if unplaced.is_empty() { replace_spans(url, spans.clone(), label) } else { String::new() };
    if !redacted.is_empty() && is_clean(tokens, &redacted) {
        return clip_chars(&redacted, EVIDENCE_CHARS);
    }
    // Fall back to the recipient alone, with what it received.
    // `extend`, not `collect`: a set collected from an iterator is sorted first, with a
    // sort of its own compiled in (see `crate::sort`).
    let mut kinds = unplaced;
    kinds.extend(spans.iter().map(|s| s.2));
    let labels: Vec<String> = kinds.into_iter().map(label).collect();
    let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
    let fallback = match host_of(url) {
        Some(host) if scheme.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            format!("{scheme}://{host}/{}", labels.join(" "))
        }
        _ => labels.join(" "),
    };
    if is_clean(tokens, &fallback) {
        clip_chars(&fallback, EVIDENCE_CHARS)
    } else {
        String::new()
    }
}

/// `text` with every token replaced, or `None` when it holds none (then it is left as it is,
/// uncut). For any page-controlled string that may carry a typed value: a request URL in
/// the tracking evidence, a Resource Timing entry in stored facts.
pub fn redact_text(tokens: &TokenSet, text: &str) -> Option<String> {
    if is_clean(tokens, text) {
        return None;
    }
    Some(redact_url(tokens, text))
}

/// Every string in a JSON value (a report, a tab's stored state) with the tokens replaced:
/// whatever else the report shows, no concern can show what the shopper typed.
pub fn scrub_json(tokens: &TokenSet, value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => {
            if let Some(clean) = redact_text(tokens, text) {
                *text = clean;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| scrub_json(tokens, v)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| scrub_json(tokens, v)),
        _ => {}
    }
}

/// Replaces each run of overlapping spans by the labels of the kinds found in it.
fn replace_spans(
    url: &str,
    mut spans: Vec<(usize, usize, PersonalKind)>,
    label: &dyn Fn(PersonalKind) -> String,
) -> String {
    crate::sort::sort(&mut spans);
    let mut out = String::with_capacity(url.len());
    let mut copied = 0;
    let mut i = 0;
    while i < spans.len() {
        let (start, mut end, kind) = spans[i];
        let mut kinds = BTreeSet::new();
        kinds.insert(kind);
        i += 1;
        while i < spans.len() && spans[i].0 < end {
            end = end.max(spans[i].1);
            kinds.insert(spans[i].2);
            i += 1;
        }
        // Spans cut out UTF-8 text on token edges; widen to character boundaries anyway, so
        // a token edge inside a character can never leave half of it.
        let start = floor_boundary(url, start.max(copied));
        let end = ceil_boundary(url, end);
        out.push_str(&url[copied..start]);
        out.push_str(&kinds.into_iter().map(label).collect::<Vec<_>>().join(""));
        copied = end;
    }
    out.push_str(&url[copied..]);
    out
}

fn is_clean(tokens: &TokenSet, text: &str) -> bool {
    let mut found = false;
    search_text(tokens, text.as_bytes(), Place::Url, false, &mut |_| found = true);
    !found
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn clip_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::TypedField;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    use sha2::{Digest, Sha256};

    const EMAIL: &str = "anna.berg@example.com";
    const PHONE: &str = "+49 171 1234567";

    fn tokens() -> TokenSet {
        let field = |kind, value: &str| TypedField { kind, entry: crate::typed::TypedEntry::new(value, 0.0) };
        TokenSet::derive(&[field(PersonalKind::Email, EMAIL), field(PersonalKind::Phone, PHONE)], None)
    }

    fn sha256_hex(text: &str) -> String {
        Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Nothing of either value, in any spelling the tokens know, is left.
    fn assert_clean(redacted: &str) {
        let lower = redacted.to_lowercase();
        for needle in ["anna.berg", "anna%2eberg", "1711234567", "171 1234567", "example.com"] {
            assert!(!lower.contains(needle), "{needle} in {redacted}");
        }
        assert!(!lower.contains(&sha256_hex(EMAIL)), "{redacted}");
        assert!(!redacted.contains(STANDARD.encode(EMAIL).trim_end_matches('=')), "{redacted}");
        assert!(is_clean(&tokens(), redacted), "{redacted}");
    }

    #[test]
    fn plain_and_url_encoded_values_are_replaced() {
        let url = format!("https://t.example/p?em={EMAIL}&ph=%2B491711234567&other=1");
        let redacted = redact_url(&tokens(), &url);
        assert_eq!(redacted, "https://t.example/p?em=[your e-mail]&ph=[your phone number]&other=1");
        assert_clean(&redacted);
    }

    #[test]
    fn hashes_and_base64_segments_are_replaced_whole() {
        let event = STANDARD.encode(format!(r#"{{"ev":"x","u":"{EMAIL}"}}"#));
        let url = format!("https://t.example/tr?ud[em]={}&d={event}&ev=Lead", sha256_hex(EMAIL).to_uppercase());
        let redacted = redact_url(&tokens(), &url);
        assert_eq!(redacted, "https://t.example/tr?ud[em]=[your e-mail]&d=[your e-mail]&ev=Lead");
        assert_clean(&redacted);
    }

    #[test]
    fn a_value_inside_other_letters_is_still_removed() {
        let redacted = redact_url(&tokens(), &format!("https://t.example/p?u=h{EMAIL}x"));
        assert_clean(&redacted);
    }

    #[test]
    fn twice_encoded_values_fall_back_to_the_host() {
        let url = "https://t.example/p?em=anna.berg%2540example.com&x=1";
        let redacted = redact_url(&tokens(), url);
        assert_eq!(redacted, "https://t.example/[your e-mail]");
        assert_clean(&redacted);
    }

    #[test]
    fn a_token_in_the_host_leaves_nothing() {
        let url = "https://anna.berg@example.com.t.example/p";
        let redacted = redact_url(&tokens(), url);
        assert_clean(&redacted);
    }

    #[test]
    fn long_urls_are_clipped_after_redaction() {
        let url = format!("https://t.example/p?em={EMAIL}&pad={}", "y".repeat(2_000));
        let redacted = redact_url(&tokens(), &url);
        assert!(redacted.chars().count() <= EVIDENCE_CHARS + 1);
        assert!(redacted.contains("[your e-mail]"));
        assert_clean(&redacted);
    }
}
