//! The connection concern on page fixtures: each finding has a page that shows it and
//! a page that must not.

mod common;

use common::{finding_ids, judge_fixture};
use shoptrust::report::{Concern, Grade, Severity, Status};

#[test]
fn secure_shop_checkout_has_nothing_to_report() {
    let report = judge_fixture("connection/secure_shop_checkout.json");
    assert_eq!(report.status, Status::Judged);
    assert!(report.findings.is_empty(), "unexpected findings: {:?}", finding_ids(&report));
    assert_eq!(report.grade, Some(Grade::A));
    assert_eq!(report.verdict_key, "headline_ok");
}

#[test]
fn card_form_on_http_page_caps_at_f() {
    let report = judge_fixture("connection/http_shop_checkout_card_form.json");
    let ids = finding_ids(&report);
    assert!(ids.contains(&"connection.http-page-sensitive"), "{ids:?}");
    assert!(ids.contains(&"connection.insecure-form-sensitive"), "{ids:?}");
    assert!(!ids.contains(&"connection.http-page"), "the milder twin must not fire too: {ids:?}");
    assert_eq!(report.grade, Some(Grade::F));
    assert_eq!(report.verdict_key, "headline_danger_card");
    let page = report.finding("connection.http-page-sensitive").unwrap();
    assert_eq!(page.severity, Severity::Critical);
    assert!(page.evidence.iter().any(|e| e.contains("cardnumber")), "{:?}", page.evidence);
}

#[test]
fn http_product_page_without_sensitive_fields_is_flagged_but_not_critical() {
    let report = judge_fixture("connection/http_shop_product_page.json");
    let ids = finding_ids(&report);
    assert!(ids.contains(&"connection.http-page"), "{ids:?}");
    assert!(!ids.contains(&"connection.http-page-sensitive"), "{ids:?}");
    // A search form that submits over HTTP on an HTTP page is still an insecure form.
    assert!(ids.contains(&"connection.insecure-form"), "{ids:?}");
    // Mixed content only exists on HTTPS pages; HSTS is only meaningful there.
    assert!(!ids.iter().any(|id| id.starts_with("connection.mixed")), "{ids:?}");
    assert!(!ids.contains(&"connection.hsts-missing"), "{ids:?}");
    assert!(report.grade.unwrap() > Grade::B && report.grade.unwrap() < Grade::F, "{:?}", report.grade);
}

#[test]
fn https_page_posting_card_to_http_with_mixed_content() {
    let report = judge_fixture("connection/mixed_shop_checkout_posts_card_over_http.json");
    let ids = finding_ids(&report);
    for expected in ["connection.insecure-form-sensitive", "connection.mixed-active", "connection.mixed-passive"] {
        assert!(ids.contains(&expected), "missing {expected}: {ids:?}");
    }
    assert!(!ids.contains(&"connection.http-page"), "{ids:?}");
    assert_eq!(report.grade, Some(Grade::F));
    let active = report.finding("connection.mixed-active").unwrap();
    assert_eq!(active.evidence.len(), 1, "seen in DOM and webRequest, listed once: {:?}", active.evidence);
    assert!(active.evidence[0].contains("http://cdn.mixed-shop.test/js/reviews.js"));
}

#[test]
fn https_forms_on_https_pages_are_fine() {
    let report = judge_fixture("connection/https_form_on_https_page.json");
    assert!(report.findings.is_empty(), "{:?}", finding_ids(&report));
    assert_eq!(report.grade, Some(Grade::A));
}

#[test]
fn password_posted_over_http_from_https_page_is_critical() {
    let report = judge_fixture("connection/login_form_posts_password_over_http.json");
    let finding = report.finding("connection.insecure-form-sensitive").expect("finding");
    assert!(finding.evidence.iter().any(|e| e.contains("http://shop.test/session")), "{:?}", finding.evidence);
    assert_eq!(report.grade, Some(Grade::F));
}

#[test]
fn newsletter_form_over_http_is_insecure_but_not_critical() {
    let report = judge_fixture("connection/newsletter_form_posts_over_http.json");
    assert_eq!(finding_ids(&report), vec!["connection.insecure-form"]);
    assert_eq!(report.finding("connection.insecure-form").unwrap().severity, Severity::Medium);
    // The e-mail typed there crosses the network in clear text: personal data at risk (D).
    assert_eq!(report.grade, Some(Grade::D));
}

#[test]
fn dialog_forms_submit_nowhere() {
    let report = judge_fixture("connection/dialog_form_is_not_a_submission.json");
    assert!(report.findings.is_empty(), "{:?}", finding_ids(&report));
}

#[test]
fn hsts_missing_and_short() {
    let missing = judge_fixture("connection/hsts_missing.json");
    assert_eq!(finding_ids(&missing), vec!["connection.hsts-missing"]);
    let short = judge_fixture("connection/hsts_max_age_one_day.json");
    assert_eq!(finding_ids(&short), vec!["connection.hsts-short"]);
    assert!(short.finding("connection.hsts-short").unwrap().evidence[0].contains("max-age=86400"));
    // Six months or more is enough.
    let long = judge_fixture("connection/secure_shop_checkout.json");
    assert!(long.finding("connection.hsts-short").is_none());
}

#[test]
fn csp_missing_fires_without_header_or_meta() {
    let http = judge_fixture("connection/mixed_shop_checkout_posts_card_over_http.json");
    assert!(http.finding("connection.csp-missing").is_some());
    let meta_only = judge_fixture("connection/https_form_on_https_page.json");
    assert!(meta_only.finding("connection.csp-missing").is_none(), "a meta CSP counts");
}

#[test]
fn unseen_headers_are_a_caveat_not_a_pass_or_a_penalty() {
    let report = judge_fixture("connection/headers_not_observed.json");
    assert!(report.findings.is_empty(), "{:?}", finding_ids(&report));
    assert!(report.caveats.iter().any(|c| c.key == "caveat_headers_unseen"), "{:?}", report.caveats);
}

#[test]
fn spa_route_is_judged_with_its_documents_headers() {
    let report = judge_fixture("connection/spa_route_uses_document_headers.json");
    // The route holds a card form, so the payment concern reports it too (tests/payment_*.rs);
    // here only the connection concern's findings are checked.
    let connection: Vec<&str> =
        report.findings.iter().filter(|f| f.concern == Concern::Connection).map(|f| f.id.as_str()).collect();
    assert_eq!(connection, vec!["connection.insecure-form-sensitive"]);
    assert!(!report.caveats.iter().any(|c| c.key == "caveat_headers_unseen"), "{:?}", report.caveats);
}

#[test]
fn passive_mixed_content_alone_is_low() {
    let report = judge_fixture("connection/passive_mixed_image_only.json");
    assert_eq!(finding_ids(&report), vec!["connection.mixed-passive"]);
    // Minor points for the owner: B, at the top of its band.
    let connection = report.concern(Concern::Connection).unwrap();
    assert_eq!((connection.grade, connection.score, connection.owner_score), (Grade::B, 89, 90));
}

#[test]
fn every_message_key_a_report_can_use_exists() {
    let messages = common::messages();
    for fixture in common::all_fixtures() {
        let report = judge_fixture(&fixture);
        let mut keys = vec![report.verdict_key.clone()];
        keys.extend(report.top_tips.iter().cloned());
        keys.extend(report.unknown_reason_key.iter().cloned());
        keys.extend(report.caveats.iter().map(|c| c.key.clone()));
        for f in &report.findings {
            keys.extend([f.title_key.clone(), f.why_key.clone(), f.tip_key.clone(), f.fix_key.clone()]);
        }
        for key in keys {
            assert!(messages.contains_key(&key), "{fixture}: message {key} is missing from messages.json");
        }
    }
}
