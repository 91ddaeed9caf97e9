//! Facts a hostile page shapes to look safer (issue 15, items 1 and 2): card fields in a
//! sub-frame, fields the collector could not read, elements whose read failed.

mod common;

use serde_json::{json, Value};
use shoptrust::report::{Concern, Grade, Report};

fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(common::fixtures_dir().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn judge(page: &Value) -> Report {
    shoptrust::evaluate_json(&page.to_string())
}

fn payment_grade(report: &Report) -> Option<Grade> {
    report.concern(Concern::Payment).map(|c| c.grade)
}

fn caveat_keys(report: &Report) -> Vec<&str> {
    report.caveats.iter().map(|c| c.key.as_str()).collect()
}

/// The Stripe checkout (payment A) with one more frame's facts beside it.
fn stripe_page_with_frame(frame: Value) -> Value {
    let mut page = fixture("payment/stripe_iframe_checkout.json");
    page["facts"]["frames"] = json!([frame]);
    page
}

/// The HTTP card form's facts, as the content script in a frame at `url` reports them.
fn card_form_frame(url: &str) -> Value {
    let mut facts = fixture("payment/card_fields_on_http_page.json")["facts"].clone();
    facts["url"] = json!(url);
    facts
}

#[test]
fn the_stripe_checkout_alone_is_a() {
    let report = judge(&fixture("payment/stripe_iframe_checkout.json"));
    assert_eq!(payment_grade(&report), Some(Grade::A));
}

#[test]
fn a_card_form_in_a_same_site_frame_posting_over_http_fails_the_page() {
    let report = judge(&stripe_page_with_frame(card_form_frame("https://coffee.example/pay-frame.html")));
    assert_eq!(payment_grade(&report), Some(Grade::F));
    assert_eq!(report.grade, Some(Grade::F));
    let payment = report.payment.as_ref().unwrap();
    assert_eq!(
        payment.card_fields, "page",
        "the Stripe frame is not where the card goes when card fields sit elsewhere"
    );
}

#[test]
fn card_fields_in_the_providers_own_frame_are_not_the_shops() {
    let mut frame = card_form_frame("https://js.stripe.com/v3/elements-inner-card.html");
    frame["forms"][0]["action"] = json!("https://js.stripe.com/v3/submit");
    let report = judge(&stripe_page_with_frame(frame));
    assert_eq!(payment_grade(&report), Some(Grade::A));
    assert_eq!(report.payment.as_ref().unwrap().card_fields, "provider");
}

#[test]
fn loose_card_fields_in_a_frame_loaded_over_http_travel_in_clear_text() {
    let mut frame = card_form_frame("http://coffee.example/pay-frame.html");
    let inputs = frame["forms"][0]["inputs"].clone();
    frame["forms"] = json!([]);
    frame["looseInputs"] = inputs;
    let report = judge(&stripe_page_with_frame(frame));
    assert_eq!(payment_grade(&report), Some(Grade::F));
}

#[test]
fn unseen_fields_beside_a_provider_frame_leave_payment_unknown_with_a_caveat() {
    let mut page = fixture("payment/stripe_iframe_checkout.json");
    page["facts"]["unseen"] = json!({ "shadowRoots": 1, "cardTyping": 0 });
    let report = judge(&page);
    assert_eq!(payment_grade(&report), None, "never better than unknown when fields cannot be seen");
    assert!(report.payment.is_none());
    assert!(caveat_keys(&report).contains(&"caveat_fields_unseen"), "{:?}", caveat_keys(&report));
}

#[test]
fn unseen_fields_in_a_frame_count_too() {
    let mut frame = card_form_frame("https://coffee.example/empty-frame.html");
    frame["forms"] = json!([]);
    frame["unseen"] = json!({ "shadowRoots": 0, "cardTyping": 2 });
    let report = judge(&stripe_page_with_frame(frame));
    assert_eq!(payment_grade(&report), None);
    assert!(caveat_keys(&report).contains(&"caveat_fields_unseen"));
}

#[test]
fn unseen_fields_never_hide_a_failing_payment() {
    let mut page = fixture("payment/card_fields_on_http_page.json");
    page["facts"]["unseen"] = json!({ "shadowRoots": 3 });
    let report = judge(&page);
    assert_eq!(payment_grade(&report), Some(Grade::F));
    assert_eq!(report.grade, Some(Grade::F));
}

#[test]
fn read_failures_are_a_caveat_and_the_page_is_still_judged() {
    let mut page = fixture("payment/card_fields_on_http_page.json");
    page["facts"]["readFailures"] = json!(2);
    let report = judge(&page);
    assert_eq!(report.grade, Some(Grade::F));
    let caveat = report.caveats.iter().find(|c| c.key == "caveat_read_failures").expect("caveat");
    assert_eq!(caveat.detail, "2");
}

#[test]
fn frames_of_frames_and_too_many_frames_are_refused() {
    let mut nested = card_form_frame("https://coffee.example/a.html");
    nested["frames"] = json!([card_form_frame("https://coffee.example/b.html")]);
    let report = judge(&stripe_page_with_frame(nested));
    assert_eq!(report.unknown_reason_key.as_deref(), Some("unknown_too_large"));

    let mut page = fixture("payment/stripe_iframe_checkout.json");
    page["facts"]["frames"] =
        json!((0..51).map(|i| card_form_frame(&format!("https://x{i}.example/"))).collect::<Vec<_>>());
    let report = judge(&page);
    assert_eq!(report.unknown_reason_key.as_deref(), Some("unknown_too_large"));
}
