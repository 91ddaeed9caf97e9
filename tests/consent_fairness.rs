//! The consent concern's fairness checks on page fixtures: a reject choice on the first
//! layer, as visible as accept; nothing pre-ticked; no cookie wall (pay-or-accept included).
//! Each rule has a fixture that shows it and one where it must not fire.

mod common;

use common::{finding_ids, judge_fixture};
use shoptrust::report::{Concern, Grade, Report, Severity};

fn check(report: &Report, id: &str) -> String {
    let summary = report.consent.as_ref().expect("consent summary");
    summary.checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no check {id}")).status.clone()
}

fn consent_ids(report: &Report) -> Vec<&str> {
    finding_ids(report).into_iter().filter(|id| id.starts_with("consent.")).collect()
}

#[test]
fn fair_banner_passes_every_fairness_check() {
    let report = judge_fixture("consent/fair_banner_reject_on_first_layer.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert_eq!(report.concern(Concern::Consent).expect("consent judged").grade, Grade::A);
    assert_eq!(check(&report, "reject-first-layer"), "pass");
    assert_eq!(check(&report, "reject-as-visible"), "pass");
    assert_eq!(check(&report, "no-cookie-wall"), "pass");
    // No purposes seen: not a pass by default.
    assert_eq!(check(&report, "nothing-pre-ticked"), "unknown");
    let summary = report.consent.as_ref().unwrap();
    assert_eq!(summary.banner, "cookieconsent3");
    assert!(!summary.generic_banner);
    assert!(summary.can_reject_for_me, "known CMP, showing, unanswered");
    let roles: Vec<(&str, &str)> = summary.buttons.iter().map(|b| (b.label.as_str(), b.role.as_str())).collect();
    assert_eq!(roles, vec![("Accept all", "accept"), ("Reject all", "reject"), ("Manage preferences", "settings")]);
}

#[test]
fn reject_only_in_preferences_is_flagged_with_the_way_to_it() {
    let report = judge_fixture("consent/accept_only_reject_in_preferences.json");
    assert_eq!(consent_ids(&report), vec!["consent.no-reject-first-layer"]);
    let finding = report.finding("consent.no-reject-first-layer").unwrap();
    assert_eq!(finding.severity, Severity::Medium);
    assert!(finding.evidence.iter().any(|e| e.contains("behind \"Manage preferences\"")), "{:?}", finding.evidence);
    assert_eq!(check(&report, "reject-first-layer"), "fail");
    assert_eq!(check(&report, "no-cookie-wall"), "pass", "a settings layer is a way on");
}

#[test]
fn reject_as_a_small_text_link_is_less_visible() {
    let report = judge_fixture("consent/reject_as_small_text_link.json");
    assert_eq!(consent_ids(&report), vec!["consent.reject-less-visible"]);
    let finding = report.finding("consent.reject-less-visible").unwrap();
    assert!(finding.evidence[0].contains("smaller"), "{:?}", finding.evidence);
    assert_eq!(check(&report, "reject-first-layer"), "pass");
    assert_eq!(check(&report, "reject-as-visible"), "fail");
}

#[test]
fn an_outlined_reject_beside_a_filled_accept_of_the_same_size_is_fine() {
    let report = judge_fixture("consent/reject_outlined_beside_filled_accept.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert_eq!(check(&report, "reject-as-visible"), "pass");
}

#[test]
fn pre_ticked_purposes_are_named_and_necessary_ones_are_not() {
    let report = judge_fixture("consent/pre_ticked_analytics_and_marketing.json");
    assert_eq!(consent_ids(&report), vec!["consent.pre-ticked"]);
    let evidence = &report.finding("consent.pre-ticked").unwrap().evidence;
    assert_eq!(evidence.len(), 2, "{evidence:?}");
    assert!(evidence[0].contains("Analytics") && evidence[1].contains("Marketing"), "{evidence:?}");
    assert!(!evidence.iter().any(|e| e.contains("necessary") || e.contains("Personalisation")));
    assert_eq!(check(&report, "nothing-pre-ticked"), "fail");
}

#[test]
fn only_necessary_switched_on_is_not_pre_ticking() {
    let report = judge_fixture("consent/only_necessary_switched_on.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert_eq!(check(&report, "nothing-pre-ticked"), "pass");
}

#[test]
fn a_modal_banner_with_only_accept_is_a_cookie_wall() {
    let report = judge_fixture("consent/cookie_wall_accept_only_modal.json");
    assert_eq!(consent_ids(&report), vec!["consent.cookie-wall"], "the wall replaces no-reject, not both");
    assert_eq!(report.finding("consent.cookie-wall").unwrap().severity, Severity::High);
    assert_eq!(check(&report, "no-cookie-wall"), "fail");
    assert_eq!(check(&report, "reject-first-layer"), "fail");
    let summary = report.consent.as_ref().unwrap();
    assert!(summary.generic_banner && summary.banner.is_empty());
    assert!(!summary.can_reject_for_me, "not a consent manager autoconsent knows");
}

#[test]
fn pay_or_accept_is_a_cookie_wall() {
    let report = judge_fixture("consent/pay_or_accept.json");
    assert!(consent_ids(&report).contains(&"consent.cookie-wall"), "{:?}", consent_ids(&report));
    let evidence = &report.finding("consent.cookie-wall").unwrap().evidence;
    assert!(evidence.iter().any(|e| e.contains("pay or accept")), "{evidence:?}");
}

#[test]
fn a_modal_banner_with_reject_is_no_wall() {
    let report = judge_fixture("consent/modal_banner_with_reject_is_no_wall.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert_eq!(check(&report, "no-cookie-wall"), "pass");
    assert_eq!(check(&report, "reject-first-layer"), "pass");
}

#[test]
fn dutch_labels_are_understood() {
    let report = judge_fixture("consent/six_languages_fair_banner_nl.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert_eq!(check(&report, "reject-first-layer"), "pass");
}

#[test]
fn a_tcf_signal_with_consent_before_any_choice_is_pre_ticking() {
    let report = judge_fixture("consent/tcf_consent_before_any_choice.json");
    assert_eq!(consent_ids(&report), vec!["consent.pre-ticked"]);
    assert!(report.finding("consent.pre-ticked").unwrap().evidence[0].contains("purposes 1, 3, 4"));
    let clean = judge_fixture("consent/tcf_nothing_before_choice.json");
    assert_eq!(consent_ids(&clean), Vec::<&str>::new());
    assert_eq!(check(&clean, "nothing-pre-ticked"), "pass");
}

#[test]
fn facts_without_consent_leave_the_concern_out() {
    let report = judge_fixture("connection/secure_shop_checkout.json");
    assert!(report.concern(Concern::Consent).is_none());
    assert!(report.consent.is_none());
}

#[test]
fn every_consent_message_key_exists() {
    let messages = common::messages();
    for fixture in common::all_fixtures().into_iter().filter(|f| f.starts_with("consent/")) {
        let report = common::judge_fixture_with_trackers(&fixture);
        for f in &report.findings {
            for key in [&f.title_key, &f.why_key, &f.tip_key, &f.fix_key] {
                assert!(messages.contains_key(key), "{fixture}: message {key} is missing");
            }
        }
        for c in &report.caveats {
            assert!(messages.contains_key(&c.key), "{fixture}: caveat {} is missing", c.key);
        }
        for check in &report.consent.as_ref().unwrap().checks {
            let key = format!("consent_check_{}", check.id.replace('-', "_"));
            assert!(messages.contains_key(&key), "{fixture}: {key} is missing");
        }
    }
}

#[test]
fn consent_lists_beyond_the_core_limits_are_refused_and_hostile_labels_stay_text() {
    let text =
        std::fs::read_to_string(common::fixtures_dir().join("consent/fair_banner_reject_on_first_layer.json")).unwrap();
    let mut page: serde_json::Value = serde_json::from_str(&text).unwrap();
    let button = page["facts"]["consent"]["buttons"][0].clone();
    page["facts"]["consent"]["buttons"] = serde_json::Value::Array(vec![button; 101]);
    let report = shoptrust::evaluate_json(&page.to_string());
    assert_eq!(report.grade, None);
    assert_eq!(report.unknown_reason_key.as_deref(), Some("unknown_too_large"));
    assert!(report.unknown_detail.unwrap().contains("consent.buttons"));

    let mut page: serde_json::Value = serde_json::from_str(&text).unwrap();
    page["facts"]["consent"]["buttons"] = serde_json::json!([
        { "label": "<img src=x onerror=alert(1)> Accept all", "width": 100, "height": 40, "fontSize": 16, "filled": true },
        { "label": "Manage", "width": 100, "height": 40, "fontSize": 16, "filled": true }
    ]);
    let report = shoptrust::evaluate_json(&page.to_string());
    let finding = report.finding("consent.no-reject-first-layer").expect("accept without reject");
    assert!(finding.evidence[0].contains("<img src=x onerror=alert(1)> Accept all"), "{:?}", finding.evidence);
    // An unfair banner is "you are watched": C (README, "What the letters mean").
    assert_eq!(report.concern(Concern::Consent).unwrap().grade, Grade::C);
}
