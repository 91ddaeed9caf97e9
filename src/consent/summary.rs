//! What the popup shows about consent besides the findings: the banner, the answer and
//! who gave it, and the six checks in a fixed order.

use super::fairness::Fairness;
use super::history::History;
use super::labels;
use super::timing::Timing;
use super::{ConsentCheck, ConsentFacts, ConsentSummary, FirstLayerButton};

/// Takes the timing result over (its company list moves into the summary).
pub fn summarise(consent: &ConsentFacts, history: &History, fairness: &Fairness, timing: Timing) -> ConsentSummary {
    let known_cmp = !consent.cmp.is_empty() && !consent.cmp.starts_with(crate::page::consent::HEURISTIC_CMP_PREFIX);
    ConsentSummary {
        banner: if known_cmp { crate::fields::clip(&consent.cmp, 80) } else { String::new() },
        generic_banner: consent.banner_found && !known_cmp,
        banner_showing: consent.banner_showing,
        answer: history.last_answer.map(|(a, _)| a.as_str().to_string()).unwrap_or_default(),
        answered_by: history
            .last_answer
            .map(|(_, c)| if c.by == "shoptrust" { "shoptrust" } else { "shopper" }.to_string())
            .unwrap_or_default(),
        can_reject_for_me: known_cmp && consent.banner_showing && history.last_answer.is_none(),
        checks: vec![
            check("reject-first-layer", fairness.reject_first_layer),
            check("reject-as-visible", fairness.reject_as_visible),
            check("nothing-pre-ticked", fairness.nothing_pre_ticked),
            check("no-cookie-wall", fairness.no_cookie_wall),
            check("no-tracking-before-consent", timing.no_tracking_before),
            check("choice-respected", timing.choice_respected),
        ],
        trackers_before_consent: timing.before_consent_companies,
        buttons: consent
            .buttons
            .iter()
            .map(|b| FirstLayerButton {
                label: crate::fields::clip(&b.label, 80),
                role: labels::role(&b.label).as_str().into(),
            })
            .collect(),
        iab_cmp_id: iab_cmp_id(consent),
    }
}

/// The CMP id the IAB signals give, TCF's first (0 is no CMP: the IAB registers ids from 2).
fn iab_cmp_id(consent: &ConsentFacts) -> u32 {
    let tcf = consent.tcf.as_ref().map_or(0, |t| t.cmp_id);
    let gpp = consent.gpp.as_ref().map_or(0, |g| g.cmp_id);
    [tcf, gpp].into_iter().find(|id| *id > 0).unwrap_or(0)
}

fn check(id: &str, status: Option<bool>) -> ConsentCheck {
    let status = match status {
        Some(true) => "pass",
        Some(false) => "fail",
        None => "unknown",
    };
    ConsentCheck { id: id.to_string(), status: status.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::consent::{ConsentChoice, GppSignal, TcfSignal};

    fn fairness() -> Fairness {
        Fairness {
            findings: vec![],
            no_cookie_wall: Some(true),
            reject_first_layer: Some(false),
            reject_as_visible: None,
            nothing_pre_ticked: Some(true),
        }
    }

    #[test]
    fn the_six_checks_come_in_a_fixed_order_with_their_status() {
        let consent = ConsentFacts::default();
        let timing = Timing { no_tracking_before: Some(false), ..Default::default() };
        let summary = summarise(&consent, &History::of(&consent), &fairness(), timing);
        let checks: Vec<(&str, &str)> = summary.checks.iter().map(|c| (c.id.as_str(), c.status.as_str())).collect();
        assert_eq!(
            checks,
            [
                ("reject-first-layer", "fail"),
                ("reject-as-visible", "unknown"),
                ("nothing-pre-ticked", "pass"),
                ("no-cookie-wall", "pass"),
                ("no-tracking-before-consent", "fail"),
                ("choice-respected", "unknown"),
            ]
        );
    }

    #[test]
    fn a_heuristic_banner_is_generic_and_cannot_be_rejected_for_the_shopper() {
        let consent =
            ConsentFacts { cmp: "HEURISTIC-x".into(), banner_found: true, banner_showing: true, ..Default::default() };
        let summary = summarise(&consent, &History::of(&consent), &fairness(), Timing::default());
        assert_eq!((summary.banner.as_str(), summary.generic_banner), ("", true));
        assert!(!summary.can_reject_for_me);
        let known = ConsentFacts { cmp: "Klaro".into(), ..consent };
        let summary = summarise(&known, &History::of(&known), &fairness(), Timing::default());
        assert_eq!(
            (summary.banner.as_str(), summary.generic_banner, summary.can_reject_for_me),
            ("Klaro", false, true)
        );
    }

    #[test]
    fn the_answer_and_who_gave_it_come_from_the_last_answer() {
        let consent = ConsentFacts {
            choices: vec![ConsentChoice {
                by: "shoptrust".into(),
                succeeded: Some(true),
                at: 5.0,
                ..Default::default()
            }],
            ..Default::default()
        };
        let summary = summarise(&consent, &History::of(&consent), &fairness(), Timing::default());
        assert_eq!((summary.answer.as_str(), summary.answered_by.as_str()), ("reject", "shoptrust"));
    }

    #[test]
    fn the_iab_cmp_id_prefers_tcf_and_skips_zero() {
        let both = ConsentFacts {
            tcf: Some(TcfSignal { cmp_id: 0, ..Default::default() }),
            gpp: Some(GppSignal { cmp_id: 31, ..Default::default() }),
            ..Default::default()
        };
        assert_eq!(iab_cmp_id(&both), 31);
        let tcf = ConsentFacts { tcf: Some(TcfSignal { cmp_id: 7, ..Default::default() }), ..both };
        assert_eq!(iab_cmp_id(&tcf), 7);
        assert_eq!(iab_cmp_id(&ConsentFacts::default()), 0);
    }
}
