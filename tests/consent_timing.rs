//! The consent concern's timing checks, with the real tracker data: tracking before any
//! choice, trackers without any banner, and tracking that goes on after a reject. Each
//! rule has a fixture that shows it and one where it must not fire.

mod common;

use common::{finding_ids, judge_fixture, judge_fixture_with_trackers};
use shoptrust::report::{Concern, Report, Severity};

fn consent_ids(report: &Report) -> Vec<&str> {
    finding_ids(report).into_iter().filter(|id| id.starts_with("consent.")).collect()
}

fn check(report: &Report, id: &str) -> String {
    report.consent.as_ref().unwrap().checks.iter().find(|c| c.id == id).unwrap().status.clone()
}

#[test]
fn trackers_while_the_banner_waits_are_named() {
    let report = judge_fixture_with_trackers("consent/trackers_before_consent_unanswered.json");
    assert_eq!(consent_ids(&report), vec!["consent.tracking-before-consent"]);
    let finding = report.finding("consent.tracking-before-consent").unwrap();
    assert_eq!(finding.severity, Severity::High);
    let evidence = finding.evidence.join("\n");
    assert!(evidence.contains("Google"), "{evidence}");
    assert!(evidence.contains("Meta") || evidence.contains("Facebook"), "{evidence}");
    assert!(evidence.contains("cookie _ga ") && evidence.contains("cookie _fbp "), "{evidence}");
    assert!(!evidence.contains("cart_id") && !evidence.contains("early-tracker.test/"), "{evidence}");
    let summary = report.consent.as_ref().unwrap();
    assert!(
        summary.trackers_before_consent.iter().any(|c| c.contains("Google")),
        "{:?}",
        summary.trackers_before_consent
    );
    assert_eq!(check(&report, "no-tracking-before-consent"), "fail");
}

#[test]
fn trackers_only_after_accept_are_not_before_consent() {
    let report = judge_fixture_with_trackers("consent/trackers_only_after_accept.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert_eq!(check(&report, "no-tracking-before-consent"), "pass");
    assert_eq!(check(&report, "choice-respected"), "unknown", "no reject to respect");
    assert_eq!(report.consent.as_ref().unwrap().answer, "accept");
}

#[test]
fn trackers_and_no_banner_at_all() {
    let report = judge_fixture_with_trackers("consent/trackers_and_no_banner.json");
    assert_eq!(consent_ids(&report), vec!["consent.no-banner"]);
    assert!(report.finding("consent.no-banner").unwrap().evidence.iter().any(|e| e.contains("Google")));
    let clean = judge_fixture_with_trackers("consent/no_banner_no_trackers.json");
    assert_eq!(consent_ids(&clean), Vec::<&str>::new());
    assert_eq!(clean.concern(Concern::Consent).unwrap().score, 100);
}

#[test]
fn a_us_only_gpp_signal_is_not_a_consent_question() {
    // US GPP sections are opt-out rights: with trackers and no banner the page has no
    // banner, not an unanswered one.
    let us = judge_fixture_with_trackers("consent/us_gpp_signal_only_no_banner.json");
    assert_eq!(consent_ids(&us), vec!["consent.no-banner"]);
    // An EU TCF section in the GPP signal is a consent manager asking: tracking before consent.
    let eu = judge_fixture_with_trackers("consent/eu_gpp_signal_no_banner_seen.json");
    assert_eq!(consent_ids(&eu), vec!["consent.tracking-before-consent"]);
}

#[test]
fn tracking_after_reject_is_choice_ignored() {
    let report = judge_fixture_with_trackers("consent/tracking_after_reject.json");
    assert_eq!(consent_ids(&report), vec!["consent.choice-ignored"]);
    let finding = report.finding("consent.choice-ignored").unwrap();
    assert_eq!(finding.severity, Severity::High);
    let evidence = finding.evidence.join("\n");
    assert!(evidence.contains("after you rejected (\"Reject all\")"), "{evidence}");
    assert!(evidence.contains("Google") && (evidence.contains("Meta") || evidence.contains("Facebook")), "{evidence}");
    assert!(evidence.contains("cookie _ga ") && evidence.contains("cookie _fbp "), "{evidence}");
    assert!(!evidence.contains("cc_cookie"), "the banner's own cookie is no tracker: {evidence}");
    assert_eq!(check(&report, "choice-respected"), "fail");
    assert_eq!(check(&report, "no-tracking-before-consent"), "pass");
}

#[test]
fn a_respected_reject_is_a_pass() {
    let report = judge_fixture_with_trackers("consent/reject_respected.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert_eq!(check(&report, "choice-respected"), "pass");
    assert_eq!(report.consent.as_ref().unwrap().answer, "reject");
}

#[test]
fn shoptrusts_own_reject_is_watched_too() {
    let report = judge_fixture_with_trackers("consent/shoptrust_rejected_then_tracked.json");
    assert_eq!(consent_ids(&report), vec!["consent.choice-ignored"]);
    assert!(report.finding("consent.choice-ignored").unwrap().evidence[0].contains("after ShopTrust rejected"));
    let summary = report.consent.as_ref().unwrap();
    assert_eq!((summary.answer.as_str(), summary.answered_by.as_str()), ("reject", "shoptrust"));
    assert!(!summary.can_reject_for_me);
}

#[test]
fn saving_with_every_purpose_off_is_a_reject() {
    let report = judge_fixture_with_trackers("consent/saved_with_everything_off_then_tracked.json");
    assert_eq!(consent_ids(&report), vec!["consent.choice-ignored"]);
}

#[test]
fn a_choice_from_an_earlier_visit_is_a_caveat_not_a_finding() {
    let report = judge_fixture_with_trackers("consent/already_chosen_on_earlier_visit.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert!(report.caveats.iter().any(|c| c.key == "caveat_consent_already_chosen"));
    assert_eq!(check(&report, "no-tracking-before-consent"), "unknown");
}

#[test]
fn a_banner_the_shopper_reopened_over_an_earlier_choice_is_not_a_first_visit() {
    // The consent manager showed nothing (a stored choice), then the shopper clicked "Cookie
    // settings": the trackers that ran before followed the earlier choice.
    let report = judge_fixture_with_trackers("consent/banner_reopened_over_earlier_choice.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert!(report.caveats.iter().any(|c| c.key == "caveat_consent_already_chosen"));
    assert_eq!(check(&report, "no-tracking-before-consent"), "unknown");
    assert_eq!(check(&report, "reject-first-layer"), "pass", "the banner itself is still judged");
    // The same banner appearing late with no click of the shopper's is a first banner.
    let late = judge_fixture_with_trackers("consent/banner_late_without_a_click.json");
    assert_eq!(consent_ids(&late), vec!["consent.tracking-before-consent"]);
}

#[test]
fn a_consent_managers_answer_cookie_at_load_is_a_choice_from_an_earlier_visit() {
    // vanilla-cookieconsent draws nothing once answered, so autoconsent finds no consent
    // manager; its cc_cookie, there before anything could be answered, says one was.
    let returning = judge_fixture_with_trackers("consent/returning_visit_with_stored_answer_cookie.json");
    assert!(returning.concern(Concern::Consent).is_some(), "judged, not still looking");
    assert_eq!(consent_ids(&returning), Vec::<&str>::new());
    let caveat = returning.caveats.iter().find(|c| c.key == "caveat_consent_already_chosen").unwrap();
    assert_eq!(caveat.detail, "vanilla-cookieconsent");
    // Its banner reopened over that answer: what ran before followed the earlier choice.
    let reopened = judge_fixture_with_trackers("consent/banner_reopened_over_stored_answer_cookie.json");
    assert_eq!(consent_ids(&reopened), Vec::<&str>::new());
    assert_eq!(check(&reopened, "no-tracking-before-consent"), "unknown");
    // Tracking cookies alone at load are no stored answer: the banner is a first one.
    let first = judge_fixture_with_trackers("consent/banner_with_only_tracking_cookies_at_load.json");
    assert_eq!(consent_ids(&first), vec!["consent.tracking-before-consent"]);
}

#[test]
fn while_detection_runs_and_nothing_is_seen_consent_is_not_graded() {
    let report = judge_fixture_with_trackers("consent/detection_still_running.json");
    assert!(report.concern(Concern::Consent).is_none());
    assert!(report.caveats.iter().any(|c| c.key == "caveat_consent_detecting"));
    assert!(!consent_ids(&report).contains(&"consent.no-banner"));
}

#[test]
fn without_tracker_data_the_timing_checks_are_unknown_not_passed() {
    let report = judge_fixture("consent/trackers_before_consent_unanswered.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert_eq!(check(&report, "no-tracking-before-consent"), "unknown");
    assert!(report.caveats.iter().any(|c| c.key == "caveat_tracker_data_missing"));
}

#[test]
fn tags_set_off_by_the_reject_click_itself_count_after_it() {
    let report = judge_fixture_with_trackers("consent/tags_loaded_by_the_reject_click.json");
    assert_eq!(consent_ids(&report), vec!["consent.choice-ignored"]);
    assert!(report.finding("consent.choice-ignored").unwrap().evidence.iter().any(|e| e.contains("Google")));
    assert_eq!(check(&report, "no-tracking-before-consent"), "pass");
}

#[test]
fn consent_as_the_weakest_concern_says_the_shop_watches_you() {
    let report = judge_fixture_with_trackers("consent/shoptrust_rejected_then_tracked.json");
    let consent = report.concern(Concern::Consent).unwrap();
    let tracking = report.concern(Concern::Tracking).unwrap();
    assert!(consent.score < tracking.score, "{consent:?} {tracking:?}");
    assert_eq!(report.grade, Some(consent.grade), "the page is as good as its weakest concern");
    assert_eq!(report.verdict_key, "headline_risk_reject_ignored");
}

// IAB TCF / GPP signals, shaped as seen in Chromium on the `tcf-shop` demo (a hand-written
// TCF v2.2 CMP that autoconsent knows only through its heuristic).

#[test]
fn a_tcf_signal_saying_nothing_after_reject_is_respected() {
    let report = judge_fixture_with_trackers("consent/tcf_reject_signal_respected.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert_eq!(check(&report, "choice-respected"), "pass");
    assert_eq!(check(&report, "nothing-pre-ticked"), "pass");
    let summary = report.consent.as_ref().unwrap();
    assert_eq!((summary.answer.as_str(), summary.answered_by.as_str()), ("reject", "shopper"));
    assert!(summary.generic_banner, "autoconsent's heuristic found it, no rule names it");
    assert_eq!(summary.iab_cmp_id, 4000, "the TCF signal names the consent manager");
    let without_signal = judge_fixture_with_trackers("consent/reject_respected.json");
    assert_eq!(without_signal.consent.as_ref().unwrap().iab_cmp_id, 0);
}

#[test]
fn a_tcf_signal_reporting_consent_after_reject_is_choice_ignored() {
    let report = judge_fixture_with_trackers("consent/tcf_consent_reported_after_reject.json");
    assert_eq!(consent_ids(&report), vec!["consent.choice-ignored"]);
    let finding = report.finding("consent.choice-ignored").unwrap();
    assert_eq!(finding.severity, Severity::High);
    assert!(finding.evidence[0].contains("after you rejected (\"Reject all\")"), "{:?}", finding.evidence);
    assert!(
        finding
            .evidence
            .iter()
            .any(|e| e.contains("IAB TCF signal") && e.contains("purposes 1, 2, 3, 4, 7, 9, 10 (2 vendors)")),
        "{:?}",
        finding.evidence
    );
    assert_eq!(check(&report, "choice-respected"), "fail");
}

#[test]
fn a_tcf_choice_stored_on_an_earlier_visit_is_a_caveat() {
    let report = judge_fixture_with_trackers("consent/tcf_choice_stored_on_earlier_visit.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert!(report.caveats.iter().any(|c| c.key == "caveat_consent_already_chosen"));
    assert_eq!(check(&report, "no-tracking-before-consent"), "unknown");
    // The same CMP still asking (cmpuishown) while Google Analytics runs: tracking before consent.
    let asking = judge_fixture_with_trackers("consent/tcf_banner_shown_tracked_before_choice.json");
    assert_eq!(consent_ids(&asking), vec!["consent.tracking-before-consent"]);
    assert!(!asking.caveats.iter().any(|c| c.key == "caveat_consent_already_chosen"));
    assert_eq!(asking.consent.as_ref().unwrap().trackers_before_consent, vec!["Google".to_string()]);
}

#[test]
fn a_tcf_banner_reopened_over_a_stored_choice_is_not_judged_as_a_first_visit() {
    // Seen in Chromium on tcf-shop: "Accept all", reload (tcloaded, Google Analytics runs),
    // then "Privacy settings" reopens the banner showing the stored consents.
    let report = judge_fixture_with_trackers("consent/tcf_banner_reopened_over_stored_accept.json");
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert!(report.caveats.iter().any(|c| c.key == "caveat_consent_already_chosen"));
    assert_eq!(check(&report, "nothing-pre-ticked"), "unknown");
    assert_eq!(check(&report, "no-tracking-before-consent"), "unknown");
    assert_eq!(check(&report, "reject-first-layer"), "pass", "the banner itself is still judged");
    // The same banner and signal on a first visit (no stored choice loaded): both findings.
    let first = judge_fixture_with_trackers("consent/tcf_first_banner_everything_consented.json");
    // Worst for the shopper first: pre-ticked purposes (watched) before analytics alone
    // running before the choice (minor).
    assert_eq!(consent_ids(&first), vec!["consent.pre-ticked", "consent.tracking-before-consent"]);
}

#[test]
fn a_three_d_secure_frame_is_not_tracking_before_consent() {
    // Cardinal Commerce runs card issuers' 3-D Secure checks; TrackerDB files its host under
    // site analytics. The tracking concern never charges a payment step, nor may consent.
    let report = judge_fixture_with_trackers("consent/three_d_secure_frame_before_answer.json");
    let tracking = report.trackers.iter().find(|t| t.patterns.iter().any(|p| p == "Cardinal"));
    assert!(tracking.is_some_and(|t| !t.counts_against_grade), "{:?}", report.trackers);
    assert_eq!(consent_ids(&report), Vec::<&str>::new());
    assert_eq!(check(&report, "no-tracking-before-consent"), "pass");
    assert!(report.consent.as_ref().unwrap().trackers_before_consent.is_empty());
}
