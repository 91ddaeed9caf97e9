//! The payment concern on page fixtures (`tests/fixtures/payment/`): where the card fields
//! live, where card forms post, who can read the card, the grade and the one-line verdict.
//! Each finding has a page that shows it and a page where it must not fire.

mod common;

use common::{finding_ids, judge_fixture, judge_fixture_with_trackers};
use shoptrust::payment::scripts::ScriptParty;
use shoptrust::report::{Concern, Grade, Report, Severity};

fn payment_ids(report: &Report) -> Vec<&str> {
    report.findings.iter().filter(|f| f.concern == Concern::Payment).map(|f| f.id.as_str()).collect()
}

fn payment_grade(report: &Report) -> Grade {
    report.concern(Concern::Payment).unwrap_or_else(|| panic!("payment not judged: {:?}", finding_ids(report))).grade
}

fn verdict(report: &Report) -> (&str, Vec<&str>) {
    let p = report.payment.as_ref().expect("payment summary");
    (p.verdict_key.as_str(), p.verdict_subs.iter().map(String::as_str).collect())
}

#[test]
fn card_in_stripe_frame_is_safe_and_costs_nothing() {
    let report = judge_fixture("payment/stripe_iframe_checkout.json");
    assert_eq!(payment_ids(&report), Vec::<&str>::new());
    assert_eq!(payment_grade(&report), Grade::A);
    assert_eq!(verdict(&report), ("payment_verdict_provider", vec!["Stripe"]));
    let p = report.payment.as_ref().unwrap();
    assert_eq!(p.card_fields, "provider");
    assert_eq!(p.readers, 0, "no script on the page can reach a field in Stripe's frame");
    // A card-holder name beside the frame does not put the card in the page.
    assert!(p.fields_in_page.is_empty(), "{:?}", p.fields_in_page);
    assert!(p.scripts.iter().any(|s| s.party == ScriptParty::Provider && s.owner == "Stripe"));
    assert!(p.scripts.iter().all(|s| !s.can_read_card));
}

#[test]
fn three_d_secure_frames_are_never_held_against_the_shop() {
    let report = judge_fixture_with_trackers("payment/three_d_secure_challenge_beside_stripe.json");
    assert_eq!(payment_ids(&report), Vec::<&str>::new());
    assert_eq!(payment_grade(&report), Grade::A);
    assert_eq!(verdict(&report).0, "payment_verdict_provider");
    // Neither the shared 3-D Secure service nor the bank's own ACS frame is an unknown third
    // party that costs the shop: the service is a payment party, the bank's frame is seen as
    // a 3-D Secure step.
    for site in ["cardinalcommerce.com", "bank-of-demo.example"] {
        if let Some(t) = report.third_parties.iter().find(|t| t.site == site) {
            assert!(t.payment_provider.is_some(), "{t:?}");
        }
    }
    let unknown = report.finding("tracking.unknown-third-parties").map(|f| f.evidence.join(" ")).unwrap_or_default();
    assert!(!unknown.contains("bank-of-demo") && !unknown.contains("cardinal"), "{unknown}");
    assert!(report
        .trackers
        .iter()
        .filter(|c| c.requests.iter().any(|u| u.contains("cardinalcommerce")))
        .all(|c| !c.counts_against_grade));
    assert_eq!(report.grade, Some(Grade::A), "{:?}", finding_ids(&report));
}

#[test]
fn a_product_page_with_stripe_js_and_a_paypal_button_is_not_a_payment_page() {
    let report = judge_fixture_with_trackers("payment/stripe_on_product_page_with_paypal_button.json");
    assert!(report.concern(Concern::Payment).is_none(), "{:?}", report.concerns);
    assert!(report.payment.is_none());
    // Tracking agrees: Google Analytics runs here, but not on a payment page.
    let ids = finding_ids(&report);
    assert!(ids.contains(&"tracking.analytics"), "{ids:?}");
    assert!(!ids.contains(&"tracking.on-payment-page"), "{ids:?}");
}

#[test]
fn card_in_page_with_strict_csp_and_sri_everywhere_is_b() {
    let report = judge_fixture_with_trackers("payment/card_fields_in_page_strict_csp_and_sri.json");
    let ids = payment_ids(&report);
    assert!(ids.contains(&"payment.card-fields-in-page"), "{ids:?}");
    for absent in [
        "payment.csp-missing",
        "payment.csp-weak",
        "payment.scripts-without-integrity",
        "payment.third-party-scripts-without-integrity",
        "payment.suspicious-script",
    ] {
        assert!(!ids.contains(&absent), "{absent} must not fire: {ids:?}");
    }
    assert_eq!(payment_grade(&report), Grade::B);
    assert_eq!(verdict(&report), ("payment_verdict_in_page_guarded", vec!["2"]));
    let p = report.payment.as_ref().unwrap();
    assert_eq!(p.csp, "strict");
    assert_eq!(p.card_fields, "page");
    assert!(p.scripts.iter().all(|s| s.integrity && s.can_read_card), "{:?}", p.scripts);
    assert!(
        p.fields_in_page.iter().any(|f| f.contains("cc-number") || f.contains("cc_number")),
        "{:?}",
        p.fields_in_page
    );
}

#[test]
fn card_in_page_beside_session_replay_and_unpinned_third_parties_is_f() {
    let report =
        judge_fixture_with_trackers("payment/card_fields_beside_session_replay_and_unpinned_third_parties.json");
    let ids = payment_ids(&report);
    for expected in [
        "payment.card-fields-in-page",
        "payment.session-replay-card-fields",
        "payment.trackers-card-fields",
        "payment.third-party-scripts-without-integrity",
        "payment.scripts-without-integrity",
        "payment.csp-missing",
    ] {
        assert!(ids.contains(&expected), "missing {expected}: {ids:?}");
    }
    assert_eq!(report.finding("payment.session-replay-card-fields").unwrap().severity, Severity::Critical);
    assert_eq!(payment_grade(&report), Grade::F);
    assert_eq!(report.grade, Some(Grade::F));
    let p = report.payment.as_ref().unwrap();
    // 7 external scripts and 1 inline snippet, all in the page with the card fields.
    assert_eq!(p.readers, 8);
    assert_eq!(verdict(&report), ("payment_verdict_readers_wallet", vec!["PayPal", "8"]));
    let party_of = |needle: &str| p.scripts.iter().find(|s| s.src.contains(needle)).map(|s| s.party);
    assert_eq!(party_of("hotjar"), Some(ScriptParty::SessionReplay));
    assert_eq!(party_of("fbevents"), Some(ScriptParty::Tracker));
    assert_eq!(party_of("livechatinc"), Some(ScriptParty::ThirdParty));
    assert_eq!(party_of("toys.example/js/shop.js"), Some(ScriptParty::FirstParty));
    // Worst first: the recorder leads the list.
    assert_eq!(p.scripts[0].party, ScriptParty::SessionReplay);
    let unpinned = &report.finding("payment.third-party-scripts-without-integrity").unwrap().evidence;
    assert!(unpinned.iter().any(|e| e.contains("cdn.livechatinc.com") && e.contains("no SRI")), "{unpinned:?}");
}

#[test]
fn without_tracker_data_replay_is_still_named_and_the_rest_are_unknown_third_parties() {
    let report = judge_fixture("payment/card_fields_beside_session_replay_and_unpinned_third_parties.json");
    let ids = payment_ids(&report);
    assert!(ids.contains(&"payment.session-replay-card-fields"), "{ids:?}");
    assert!(!ids.contains(&"payment.trackers-card-fields"), "trackers need the tracker data: {ids:?}");
    assert!(ids.contains(&"payment.third-party-scripts-without-integrity"), "{ids:?}");
    assert_eq!(payment_grade(&report), Grade::F);
}

#[test]
fn german_checkout_without_autocomplete_is_recognised() {
    let report = judge_fixture("payment/german_checkout_without_autocomplete.json");
    let p = report.payment.as_ref().expect("recognised as a payment page");
    assert_eq!(p.card_fields, "page");
    let fields = p.fields_in_page.join(" | ");
    for expected in ["card holder", "card number", "expiry", "security code"] {
        assert!(fields.contains(expected), "{expected} not recognised in {fields}");
    }
    // The postcode (5 digits) and the phone number are not card fields.
    assert!(!fields.contains("plz") && !fields.contains("telefon"), "{fields}");
    assert_eq!(p.wallets, vec!["PayPal", "Klarna"], "a hidden Apple Pay button is not offered");
    assert_eq!(payment_ids(&report), vec!["payment.card-fields-in-page", "payment.scripts-without-integrity"]);
    // Only the shop's own scripts can read the fields: minor points for the owner (B).
    assert_eq!(payment_grade(&report), Grade::B);
    // The card line agrees with that letter: what can read the card, no advice against it.
    assert_eq!(verdict(&report), ("payment_verdict_in_page_guarded", vec!["2"]));
}

#[test]
fn card_form_posting_to_an_unknown_site() {
    let report = judge_fixture("payment/card_form_posts_to_unknown_site.json");
    let finding = report.finding("payment.card-form-third-party").expect("finding");
    assert_eq!(finding.severity, Severity::High);
    assert!(finding.evidence[0].contains("paygate-direct.example"), "{:?}", finding.evidence);
    assert_eq!(payment_grade(&report), Grade::F);
    assert_eq!(verdict(&report), ("payment_verdict_unknown_destination", vec!["paygate-direct.example"]));
}

#[test]
fn card_form_posting_to_a_payment_provider_is_not_an_unknown_destination() {
    let report = judge_fixture("payment/card_form_posts_to_payment_provider.json");
    let ids = payment_ids(&report);
    assert!(!ids.contains(&"payment.card-form-third-party"), "{ids:?}");
    assert!(ids.contains(&"payment.card-fields-in-page"), "the card is still typed into the shop's page: {ids:?}");
}

#[test]
fn card_form_with_get_puts_the_card_in_the_address() {
    let report = judge_fixture("payment/card_form_submits_with_get.json");
    assert!(payment_ids(&report).contains(&"payment.card-form-get"));
    // A form without action or method, sent by the page's script, is not a GET submission.
    let scripted = judge_fixture("payment/script_driven_card_form_without_method.json");
    assert!(!payment_ids(&scripted).contains(&"payment.card-form-get"), "{:?}", payment_ids(&scripted));
}

#[test]
fn card_over_http_fails_payment_and_connection_together() {
    for fixture in [
        "payment/card_fields_on_http_page.json",
        "connection/mixed_shop_checkout_posts_card_over_http.json",
        "connection/http_shop_checkout_card_form.json",
    ] {
        let report = judge_fixture(fixture);
        let finding = report
            .finding("payment.card-sent-unencrypted")
            .unwrap_or_else(|| panic!("{fixture}: {:?}", finding_ids(&report)));
        assert_eq!(finding.severity, Severity::Critical, "{fixture}");
        assert_eq!(payment_grade(&report), Grade::F, "{fixture}");
        assert_eq!(
            report.concern(Concern::Connection).unwrap().grade,
            Grade::F,
            "{fixture}: both concerns see the same form"
        );
        assert_eq!(verdict(&report).0, "payment_verdict_unencrypted", "{fixture}");
        assert_eq!(report.verdict_key, "headline_danger_card");
    }
    // On plain HTTP the CSP is not judged: the page already fails, and the policy can be stripped.
    let http = judge_fixture("payment/card_fields_on_http_page.json");
    assert!(!payment_ids(&http).iter().any(|id| id.starts_with("payment.csp")), "{:?}", payment_ids(&http));
}

#[test]
fn https_card_page_does_not_claim_unencrypted() {
    let report = judge_fixture("payment/card_fields_in_page_strict_csp_and_sri.json");
    assert!(report.finding("payment.card-sent-unencrypted").is_none());
}

#[test]
fn obfuscated_skimmer_is_reported_with_its_evidence() {
    let report = judge_fixture("payment/obfuscated_skimmer_beacons_card.json");
    let finding = report.finding("payment.suspicious-script").expect("finding");
    let evidence = finding.evidence.join("\n");
    assert!(evidence.contains("inline script #2"), "{evidence}");
    assert!(evidence.contains("_0x"), "{evidence}");
    assert!(evidence.contains("cc-number"), "{evidence}");
    assert!(evidence.contains("jquery-cdn-stats.example"), "{evidence}");
    // The honest config snippet beside it is not suspicious.
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.id.starts_with("payment.suspicious") || f.id == "payment.obfuscated-script")
            .count(),
        1
    );
    assert_eq!(payment_grade(&report), Grade::F);
    assert_eq!(verdict(&report).0, "payment_verdict_skimmer");
    let p = report.payment.as_ref().unwrap();
    let suspicious: Vec<_> = p.scripts.iter().filter(|s| s.suspicious).collect();
    assert_eq!(suspicious.len(), 1, "{:?}", p.scripts);
    assert_eq!(suspicious[0].owner, "inline script #2");
    assert_eq!(p.scripts[0], *suspicious[0], "a suspicious script heads the list");
    // Readers: the bundle, the config snippet and the skimmer.
    assert_eq!(p.readers, 3);
}

#[test]
fn plain_skimmer_without_obfuscation_is_reported() {
    let report = judge_fixture("payment/plain_skimmer_reads_card_and_sends_it_away.json");
    let finding = report.finding("payment.suspicious-script").expect("finding");
    assert!(finding.evidence.join(" ").contains("baways.example"), "{:?}", finding.evidence);
    assert!(
        payment_ids(&report).contains(&"payment.csp-weak"),
        "'unsafe-inline' without nonce: {:?}",
        payment_ids(&report)
    );
}

#[test]
fn minified_first_party_bundle_that_validates_the_card_is_not_suspicious() {
    let report = judge_fixture("payment/minified_first_party_bundle_reads_card.json");
    let ids = payment_ids(&report);
    assert!(!ids.iter().any(|id| id.contains("suspicious") || id.contains("obfuscated")), "{ids:?}");
    assert!(!ids.contains(&"payment.csp-weak"), "a hash-based policy is strict: {ids:?}");
    assert_ne!(verdict(&report).0, "payment_verdict_skimmer");
}

#[test]
fn provider_scripts_and_their_setup_code_are_not_suspicious() {
    let report = judge_fixture("payment/provider_scripts_and_their_inline_setup.json");
    let ids = payment_ids(&report);
    assert!(!ids.iter().any(|id| id.contains("suspicious") || id.contains("obfuscated")), "{ids:?}");
    assert!(
        !ids.contains(&"payment.third-party-scripts-without-integrity"),
        "provider scripts carry no SRI and need none: {ids:?}"
    );
    let p = report.payment.as_ref().unwrap();
    let providers: Vec<&str> =
        p.scripts.iter().filter(|s| s.party == ScriptParty::Provider).map(|s| s.owner.as_str()).collect();
    assert_eq!(providers, vec!["Stripe", "PayPal"]);
    assert!(p.wallets.contains(&"PayPal".to_string()), "the PayPal button frame is a wallet option: {:?}", p.wallets);
}

#[test]
fn obfuscation_alone_is_named_but_milder() {
    let report = judge_fixture("payment/obfuscated_script_without_card_reads.json");
    let finding = report.finding("payment.obfuscated-script").expect("finding");
    assert_eq!(finding.severity, Severity::Medium);
    assert!(report.finding("payment.suspicious-script").is_none());
    assert_ne!(verdict(&report).0, "payment_verdict_skimmer");
}

#[test]
fn every_payment_message_exists() {
    let messages = common::messages();
    for fixture in common::all_fixtures() {
        let report = judge_fixture(&fixture);
        if let Some(p) = &report.payment {
            assert!(messages.contains_key(&p.verdict_key), "{fixture}: {} missing", p.verdict_key);
            for party in p.scripts.iter().map(|s| serde_json::to_value(s.party).unwrap()) {
                let key = format!("popup_payment_party_{}", party.as_str().unwrap());
                assert!(messages.contains_key(&key), "{key} missing");
            }
        }
    }
    // Every verdict the core can give, including the singular forms.
    for key in [
        "payment_verdict_unencrypted",
        "payment_verdict_skimmer",
        "payment_verdict_unknown_destination",
        "payment_verdict_provider",
        "payment_verdict_in_page_no_scripts",
        "payment_verdict_in_page_guarded",
        "payment_verdict_in_page_guarded_one",
        "payment_verdict_readers_wallet",
        "payment_verdict_readers_wallet_one",
        "payment_verdict_readers",
        "payment_verdict_readers_one",
    ] {
        assert!(messages.contains_key(key), "{key} missing");
    }
}

#[test]
fn payment_facts_over_the_core_limits_are_refused_not_read() {
    use shoptrust::payment::{limits, InlineScriptText, WalletCandidate};
    let text =
        std::fs::read_to_string(common::fixtures_dir().join("payment/obfuscated_skimmer_beacons_card.json")).unwrap();
    let page = shoptrust::page_from_json(&text).unwrap();

    let mut too_many = page.clone();
    too_many.facts.as_mut().unwrap().payment.wallet_candidates =
        vec![WalletCandidate::default(); limits::WALLET_CANDIDATES + 1];
    let mut too_long = page.clone();
    too_long.facts.as_mut().unwrap().payment.inline_script_texts =
        vec![InlineScriptText { text: "a".repeat(limits::INLINE_SCRIPT_TEXT + 1), bytes: 0, nonce: false }];
    let mut too_much = page.clone();
    too_much.facts.as_mut().unwrap().payment.inline_script_texts =
        vec![
            InlineScriptText { text: "a".repeat(limits::INLINE_SCRIPT_TEXT), bytes: 0, nonce: false };
            limits::INLINE_SCRIPT_TEXT_TOTAL / limits::INLINE_SCRIPT_TEXT + 1
        ];
    for (case, page) in [("wallet candidates", too_many), ("one script", too_long), ("all scripts", too_much)] {
        let report = shoptrust::evaluate(&page);
        assert_eq!(report.grade, None, "{case}");
        assert_eq!(report.unknown_reason_key.as_deref(), Some("unknown_too_large"), "{case}");
    }
}

#[test]
fn inline_text_cut_by_the_collector_is_a_caveat() {
    let text =
        std::fs::read_to_string(common::fixtures_dir().join("payment/obfuscated_skimmer_beacons_card.json")).unwrap();
    let mut page = shoptrust::page_from_json(&text).unwrap();
    page.facts.as_mut().unwrap().truncated.push(shoptrust::page::Truncation {
        list: "inlineScriptText".into(),
        kept: 1,
        seen: 2,
    });
    let report = shoptrust::evaluate(&page);
    assert!(
        report.caveats.iter().any(|c| c.key == "caveat_truncated" && c.detail.starts_with("inlineScriptText")),
        "{:?}",
        report.caveats
    );
    // What was read is still judged.
    assert!(report.finding("payment.suspicious-script").is_some());
}
