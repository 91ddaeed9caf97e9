//! The tracking concern on page fixtures, with the real compiled tracker data
//! (`dist/trackerdb.tdb`, made by `cargo xtask build`).

mod common;

use common::{finding_ids, judge_fixture_with_trackers};
use shoptrust::report::{Concern, Grade, Severity};

#[test]
fn tracker_shop_names_companies_by_category() {
    let report = judge_fixture_with_trackers("tracking/tracker_shop_checkout.json");
    let names: Vec<(&str, &str)> = report.trackers.iter().map(|c| (c.category.as_str(), c.name.as_str())).collect();
    for expected in [
        ("advertising", "Meta"),
        ("advertising", "Criteo"),
        ("site_analytics", "Google"),
        ("session_replay", "Hotjar"),
        ("consent", "OneTrust"),
    ] {
        assert!(
            names.iter().any(|(cat, name)| *cat == expected.0 && name.contains(expected.1)),
            "missing {expected:?} in {names:?}"
        );
    }
    assert!(names.iter().any(|(_, name)| name.contains("ByteDance") || name.contains("TikTok")), "{names:?}");
    // The shop's own CDN is first party: never a tracker, never a third party.
    assert!(!report.trackers.iter().any(|c| c.requests.iter().any(|u| u.contains("tracker-shop.test"))));
    assert!(!report.third_parties.iter().any(|t| t.site.contains("tracker-shop")), "{:?}", report.third_parties);
    // Consent managers and payment providers cost nothing.
    for company in &report.trackers {
        if matches!(company.category.as_str(), "consent" | "payment" | "hosting") {
            assert!(!company.counts_against_grade, "{company:?}");
        }
    }
    let meta = report.trackers.iter().find(|c| c.name.contains("Meta")).unwrap();
    assert!(meta.privacy_policy_url.starts_with("https://"), "{meta:?}");
    assert!(meta.requests.iter().any(|u| u.contains("facebook.com/tr")), "{meta:?}");
}

#[test]
fn tracker_shop_findings_and_grade() {
    let report = judge_fixture_with_trackers("tracking/tracker_shop_checkout.json");
    let ids = finding_ids(&report);
    for expected in [
        "tracking.session-replay",
        "tracking.advertising",
        "tracking.analytics",
        "tracking.many-companies",
        "tracking.on-payment-page",
        "tracking.cookies",
    ] {
        assert!(ids.contains(&expected), "missing {expected} in {ids:?}");
    }
    // Card entry is inside Stripe's frame, so replay cannot read the card: severe, not critical.
    assert_eq!(report.finding("tracking.session-replay").unwrap().severity, Severity::High);
    let cookies = &report.finding("tracking.cookies").unwrap().evidence;
    for name in ["_ga", "_fbp", "_ttp", "_hjSessionUser_3141592"] {
        assert!(cookies.iter().any(|e| e.starts_with(name)), "{name} not named in {cookies:?}");
    }
    assert!(!cookies.iter().any(|e| e.starts_with("cart_id")));
    let tracking = report.concern(Concern::Tracking).unwrap();
    // A recorder beside the checkout's address fields puts privacy at risk (D); ordinary
    // tracking never makes F, and the card in Stripe's frame is safe.
    assert_eq!(tracking.grade, Grade::D);
    assert_eq!(report.concern(Concern::Connection).unwrap().grade, Grade::A);
    assert_eq!(report.verdict_key, "headline_risk_recorder");
}

#[test]
fn session_replay_beside_card_fields_is_critical() {
    let report = judge_fixture_with_trackers("tracking/shop_with_card_fields_and_session_replay.json");
    let finding = report.finding("tracking.session-replay-sensitive").expect("finding");
    assert_eq!(finding.severity, Severity::Critical);
    assert!(
        finding.evidence[0].contains("Microsoft Clarity") || finding.evidence[0].contains("Clarity"),
        "{:?}",
        finding.evidence
    );
    assert_eq!(report.grade, Some(Grade::F));
    assert_eq!(report.verdict_key, "headline_danger_card");
}

#[test]
fn own_cdn_and_payment_provider_cost_nothing() {
    let report = judge_fixture_with_trackers("tracking/own_cdn_and_payment_provider_only.json");
    let tracking = report.concern(Concern::Tracking).unwrap();
    assert_eq!(tracking.score, 100, "{:?}", finding_ids(&report));
    assert!(report.trackers.iter().all(|c| !c.counts_against_grade), "{:?}", report.trackers);
    assert!(!report.third_parties.iter().any(|t| t.site == "shop.co.uk"));
}

#[test]
fn a_sister_shop_on_a_private_suffix_is_a_third_party() {
    let report = judge_fixture_with_trackers("tracking/myshopify_sister_shop_is_a_third_party.json");
    let sites: Vec<&str> = report.third_parties.iter().map(|t| t.site.as_str()).collect();
    assert_eq!(sites, vec!["coastal-goods.myshopify.com"]);
    let finding = report.finding("tracking.unknown-third-parties").unwrap();
    assert_eq!(finding.cost, 0);
}

#[test]
fn without_tracker_data_the_concern_is_left_out_not_passed() {
    let report = common::judge_fixture("tracking/tracker_shop_checkout.json");
    assert!(report.concern(Concern::Tracking).is_none());
    assert!(report.caveats.iter().any(|c| c.key == "caveat_tracker_data_missing"));
}

#[test]
fn every_tracking_message_key_exists() {
    let messages = common::messages();
    for fixture in common::all_fixtures() {
        let report = judge_fixture_with_trackers(&fixture);
        for f in &report.findings {
            for key in [&f.title_key, &f.why_key, &f.tip_key, &f.fix_key] {
                assert!(messages.contains_key(key), "{fixture}: message {key} is missing");
            }
        }
        assert!(messages.contains_key(&report.verdict_key), "{}", report.verdict_key);
    }
}

#[test]
fn the_third_parties_nobody_names_are_marked_for_the_popup_and_are_the_ones_the_finding_names() {
    // The popup lists the third parties marked `unrecognised` and nothing else: a payment
    // party (the 3-D Secure service, the bank's frame) is never among them, an unknown
    // sister shop is.
    let mut seen = (0, 0);
    for fixture in [
        "payment/three_d_secure_challenge_beside_stripe.json",
        "tracking/myshopify_sister_shop_is_a_third_party.json",
        "payment/card_fields_beside_session_replay_and_unpinned_third_parties.json",
    ] {
        let report = judge_fixture_with_trackers(fixture);
        for t in &report.third_parties {
            assert_eq!(t.unrecognised, t.payment_provider.is_none(), "{fixture}: {t:?}");
            if t.unrecognised {
                seen.0 += 1;
            } else {
                seen.1 += 1;
            }
        }
        let named = report.finding("tracking.unknown-third-parties").map(|f| f.evidence.clone()).unwrap_or_default();
        let marked: Vec<&str> =
            report.third_parties.iter().filter(|t| t.unrecognised).map(|t| t.site.as_str()).collect();
        assert_eq!(named.len(), marked.len(), "{fixture}: {named:?} vs {marked:?}");
        for (line, site) in named.iter().zip(&marked) {
            assert!(line.starts_with(&format!("{site} (")), "{fixture}: {line} for {site}");
        }
        // And it reaches the shell under the name popup.js reads.
        let json = serde_json::to_value(&report).unwrap();
        for (t, v) in report.third_parties.iter().zip(json["thirdParties"].as_array().unwrap()) {
            assert_eq!(v["unrecognised"], serde_json::Value::Bool(t.unrecognised));
        }
    }
    assert!(seen.0 > 0 && seen.1 > 0, "both kinds were seen (unrecognised, payment): {seen:?}");
    let sister = judge_fixture_with_trackers("tracking/myshopify_sister_shop_is_a_third_party.json");
    assert!(sister.third_parties.iter().any(|t| t.site == "coastal-goods.myshopify.com" && t.unrecognised));
}
