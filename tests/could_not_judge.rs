//! Bad input never crashes the core and never earns a grade: malformed facts, hostile
//! pages, huge DOMs and odd URLs come back as "unknown" with a reason.

mod common;

use shoptrust::page::{InputFacts, Page, PageFacts, ResourceFacts, FACTS_SCHEMA_VERSION};
use shoptrust::report::{Grade, Status};
use shoptrust::{evaluate, evaluate_json};

fn facts(url: &str) -> PageFacts {
    PageFacts { schema_version: FACTS_SCHEMA_VERSION, url: url.to_string(), ..Default::default() }
}

fn assert_unknown(report: &shoptrust::report::Report, reason: &str) {
    assert_eq!(report.status, Status::Unknown);
    assert_eq!(report.grade, None, "an unknown page must have no grade");
    assert_eq!(report.unknown_reason_key.as_deref(), Some(reason));
    assert_eq!(report.verdict_key, "verdict_unknown");
}

#[test]
fn no_facts_is_unknown() {
    assert_unknown(&evaluate(&Page::default()), "unknown_no_facts");
}

#[test]
fn malformed_json_is_unknown_with_the_parse_error() {
    for text in ["", "{", "null", "[]", "{\"facts\": 5}", "{\"facts\": {\"url\": 3}}"] {
        let report = evaluate_json(text);
        assert_eq!(report.grade, None, "{text:?}");
        assert_eq!(report.status, Status::Unknown, "{text:?}");
    }
    let report = evaluate_json("{\"facts\": {\"schemaVersion\": 1}}");
    assert_unknown(&report, "unknown_malformed_facts");
    assert!(report.unknown_detail.unwrap().contains("url"));
}

#[test]
fn a_page_with_nothing_in_it_is_not_judged_good_by_default() {
    // `{}` is a page the content script never reported on.
    assert_unknown(&evaluate_json("{}"), "unknown_no_facts");
}

#[test]
fn other_schema_versions_are_refused() {
    let mut f = facts("https://shop.test/");
    f.schema_version = 99;
    assert_unknown(&evaluate(&Page { facts: Some(f), ..Default::default() }), "unknown_schema_version");
}

#[test]
fn odd_urls() {
    for (url, reason) in [
        ("", "unknown_bad_url"),
        ("not a url", "unknown_bad_url"),
        ("https://", "unknown_bad_url"),
        ("http://[::1", "unknown_bad_url"),
        ("chrome://settings/", "unknown_not_a_web_page"),
        ("file:///home/me/shop.html", "unknown_not_a_web_page"),
        ("javascript:alert(1)", "unknown_not_a_web_page"),
        ("data:text/html,<h1>hi</h1>", "unknown_not_a_web_page"),
    ] {
        let report = evaluate(&Page { facts: Some(facts(url)), ..Default::default() });
        assert_unknown(&report, reason);
    }
    // Odd but valid web URLs are judged.
    for url in ["https://xn--bcher-kva.example/", "http://127.0.0.1:8080/a?b=%ZZ", "https://ünïcödé.test/ä"] {
        let report = evaluate(&Page { facts: Some(facts(url)), ..Default::default() });
        assert_eq!(report.status, Status::Judged, "{url}");
    }
}

#[test]
fn lists_beyond_the_core_limits_are_refused_not_walked() {
    let mut f = facts("https://shop.test/");
    f.resources = vec![ResourceFacts { url: "https://x.test/".into(), initiator_type: "img".into() }; 50_000];
    assert_unknown(&evaluate(&Page { facts: Some(f), ..Default::default() }), "unknown_too_large");
}

#[test]
fn a_huge_but_allowed_page_is_judged() {
    let mut f = facts("https://shop.test/");
    f.loose_inputs =
        vec![InputFacts { kind: "text".into(), name: "q".into(), visible: true, ..Default::default() }; 5_000];
    f.resources = vec![ResourceFacts { url: "http://x.test/a.png".into(), initiator_type: "img".into() }; 2_000];
    let report = evaluate(&Page { facts: Some(f), ..Default::default() });
    assert_eq!(report.status, Status::Judged);
    let mixed = report.finding("connection.mixed-passive").unwrap();
    assert_eq!(mixed.evidence.len(), 1, "one URL seen 2,000 times is listed once");
}

#[test]
fn hostile_strings_are_carried_as_evidence_not_interpreted() {
    let payload = "<img src=x onerror=alert(1)>\u{0}\u{202e}";
    let mut f = facts("http://shop.test/");
    f.title = payload.into();
    f.loose_inputs = vec![InputFacts {
        kind: "text".into(),
        name: payload.into(),
        label: "Card number".into(),
        ..Default::default()
    }];
    let report = evaluate(&Page { facts: Some(f), ..Default::default() });
    assert_eq!(report.grade, Some(Grade::F));
    let finding = report.finding("connection.http-page-sensitive").unwrap();
    assert!(finding.evidence.iter().any(|e| e.contains("<img src=x onerror=alert(1)>")));
}

/// Cheap deterministic mutation fuzzing over every fixture: cut, flip and splice bytes;
/// the core must return a report every time, and a grade only for valid JSON.
#[test]
fn mutated_fixtures_never_panic() {
    let mut state: u64 = 0x5eed_cafe;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound.max(1) as u64) as usize
    };
    let junk: &[&[u8]] =
        &[b"\"", b"{", b"]", b"null", b"-1", b"1e999", b"\"\\ud800\"", b"\xff\xfe", "é".as_bytes(), b"[[[[[[[["];
    for fixture in common::all_fixtures() {
        let original = std::fs::read(common::fixtures_dir().join(&fixture)).unwrap();
        for _ in 0..300 {
            let mut bytes = original.clone();
            match next(3) {
                0 => bytes.truncate(next(bytes.len())),
                1 => {
                    let at = next(bytes.len());
                    bytes[at] = next(256) as u8;
                }
                _ => {
                    let at = next(bytes.len());
                    let piece = junk[next(junk.len())];
                    bytes.splice(at..at, piece.iter().copied());
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            let report = evaluate_json(&text);
            if serde_json::from_str::<serde_json::Value>(&text).is_err() {
                assert_eq!(report.grade, None, "invalid JSON got a grade: {text}");
            }
            // The worker's path: every concern, with the tracker data loaded.
            let _ = shoptrust::evaluate_json_with(&text, Some(common::trackers()));
        }
    }
}
