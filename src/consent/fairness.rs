//! Fairness (Nouwens et al. 2020), on the banner as first seen: a reject choice on the
//! first layer, as visible as accept; nothing pre-ticked; no cookie wall (no way on without
//! accepting, paying included).

use crate::report::finding_ids as ids;
use crate::report::{capped_evidence, Finding};

use super::history::History;
use super::labels::{self, Role};
use super::looks::{bordered, filled};
use super::observed;
use super::{ConsentButton, ConsentFacts, MAX_EVIDENCE};

/// A reject control this much smaller than accept, in area or in font size, is not "as visible".
const AREA_RATIO: f64 = 0.5;
const FONT_RATIO: f64 = 0.8;

/// The fairness findings, and each check's answer (`None`: could not be told).
pub struct Fairness {
    pub findings: Vec<Finding>,
    pub no_cookie_wall: Option<bool>,
    pub reject_first_layer: Option<bool>,
    pub reject_as_visible: Option<bool>,
    pub nothing_pre_ticked: Option<bool>,
}

pub fn judge(consent: &ConsentFacts, history: &History) -> Fairness {
    let buttons: Vec<(&ConsentButton, Role)> = consent.buttons.iter().map(|b| (b, labels::role(&b.label))).collect();
    let with =
        |role: Role| -> Vec<&ConsentButton> { buttons.iter().filter(|(_, r)| *r == role).map(|(b, _)| *b).collect() };
    let (accepts, rejects, settings, closes, pays) =
        (with(Role::Accept), with(Role::Reject), with(Role::Settings), with(Role::Close), with(Role::Pay));
    let banner_judgeable = consent.banner_found && !buttons.is_empty();

    let mut findings = Vec::new();
    let mut wall = None;
    let mut reject_first_layer = None;
    let mut reject_as_visible = None;
    if banner_judgeable {
        let offers_payment = !pays.is_empty() || labels::offers_payment(&consent.text);
        let blocks_page = observed::modal(consent) || consent.scroll_locked;
        let is_wall = !accepts.is_empty()
            && rejects.is_empty()
            && closes.is_empty()
            && ((blocks_page && settings.is_empty()) || offers_payment);
        wall = Some(!is_wall);
        if is_wall {
            let mut evidence = vec![format!("the banner offers: {}", quoted(&consent.buttons))];
            if offers_payment {
                evidence.push("pay or accept: the other way on is to pay".to_string());
            }
            if blocks_page {
                evidence.push("the banner blocks the page until it is answered".to_string());
            }
            findings.push(Finding::new(&ids::CONSENT_COOKIE_WALL, evidence));
        }

        if !rejects.is_empty() {
            reject_first_layer = Some(true);
        } else if !accepts.is_empty() {
            reject_first_layer = Some(false);
            // A wall already says there is no reject; one finding per problem.
            if !is_wall {
                let mut evidence = vec![format!("first layer: {}", quoted(&consent.buttons))];
                if let Some(way) = settings.first() {
                    evidence.push(format!(
                        "saying no takes another step, behind \"{}\"",
                        crate::fields::clip(&way.label, 60)
                    ));
                }
                findings.push(Finding::new(&ids::CONSENT_NO_REJECT_FIRST_LAYER, evidence));
            }
        }

        if let (Some(reject), Some(accept)) = (biggest(&rejects), biggest(&accepts)) {
            match less_visible(reject, accept) {
                Some(why) => {
                    reject_as_visible = Some(false);
                    findings.push(Finding::new(
                        &ids::CONSENT_REJECT_LESS_VISIBLE,
                        vec![format!("reject is {why}"), looks(reject), looks(accept)],
                    ));
                }
                None => reject_as_visible = Some(true),
            }
        }
    }

    // Pre-ticked purposes: from the consent UI, or from the IAB signal before any answer.
    let ticked: Vec<String> = consent
        .purposes
        .iter()
        .filter(|p| p.checked && !p.disabled && !labels::is_necessary_purpose(&p.label))
        .map(|p| format!("\"{}\" was switched on before you chose", crate::fields::clip(&p.label, 80)))
        .collect();
    let mut pre_ticked_evidence = ticked;
    if let Some(tcf) = &consent.tcf {
        if tcf.event_status == "cmpuishown" && !tcf.purpose_consents.is_empty() && history.first_answer.is_none() {
            let ids: Vec<String> = tcf.purpose_consents.iter().map(u32::to_string).collect();
            pre_ticked_evidence.push(format!(
                "the IAB TCF signal reports consent to purposes {} while the banner still asks",
                ids.join(", ")
            ));
        }
    }
    // A reopened banner shows the stored choice, switches and signal alike: those were given
    // on an earlier visit, not ticked in advance. Nothing can be said about the first banner.
    let nothing_pre_ticked = if history.reopened {
        None
    } else if !pre_ticked_evidence.is_empty() {
        findings.push(Finding::new(
            &ids::CONSENT_PRE_TICKED,
            capped_evidence(pre_ticked_evidence.into_iter(), MAX_EVIDENCE),
        ));
        Some(false)
    } else if !consent.purposes.is_empty() || consent.tcf.as_ref().is_some_and(|t| t.event_status == "cmpuishown") {
        Some(true)
    } else {
        None
    };

    Fairness { findings, no_cookie_wall: wall, reject_first_layer, reject_as_visible, nothing_pre_ticked }
}

fn quoted(buttons: &[ConsentButton]) -> String {
    buttons.iter().map(|b| format!("\"{}\"", crate::fields::clip(&b.label, 60))).collect::<Vec<_>>().join(", ")
}

fn area(b: &ConsentButton) -> f64 {
    (b.width.max(0.0)) * (b.height.max(0.0))
}

fn looks(b: &ConsentButton) -> String {
    let style = if filled(b) {
        "filled button"
    } else if bordered(b) {
        "outlined button"
    } else {
        "plain text"
    };
    format!(
        "\"{}\": {:.0}×{:.0} px, {:.0} px text, {style}",
        crate::fields::clip(&b.label, 60),
        b.width,
        b.height,
        b.font_size
    )
}

/// Why the reject control is less visible than accept, if it is.
fn less_visible(reject: &ConsentButton, accept: &ConsentButton) -> Option<&'static str> {
    let (ra, aa) = (area(reject), area(accept));
    if aa > 0.0 && ra < aa * AREA_RATIO {
        return Some("smaller");
    }
    if reject.font_size > 0.0 && accept.font_size > 0.0 && reject.font_size < accept.font_size * FONT_RATIO {
        return Some("smaller text");
    }
    if filled(accept) && !filled(reject) && !bordered(reject) {
        return Some("plain text beside a button");
    }
    None
}

fn biggest<'a>(list: &[&'a ConsentButton]) -> Option<&'a ConsentButton> {
    list.iter().copied().max_by(|a, b| area(a).total_cmp(&area(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn button(label: &str, width: f64, height: f64, font_size: f64, filled: bool) -> ConsentButton {
        ConsentButton { label: label.into(), width, height, font_size, filled, ..Default::default() }
    }

    fn judged(consent: &ConsentFacts) -> Fairness {
        judge(consent, &History::of(consent))
    }

    fn ids_of(fairness: &Fairness) -> Vec<&str> {
        fairness.findings.iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn reject_beside_accept_at_the_same_size_is_fair() {
        let consent = ConsentFacts {
            banner_found: true,
            buttons: vec![button("Accept all", 120.0, 40.0, 14.0, true), button("Reject all", 120.0, 40.0, 14.0, true)],
            ..Default::default()
        };
        let fairness = judged(&consent);
        assert!(fairness.findings.is_empty());
        assert_eq!(
            (fairness.no_cookie_wall, fairness.reject_first_layer, fairness.reject_as_visible),
            (Some(true), Some(true), Some(true))
        );
        assert_eq!(fairness.nothing_pre_ticked, None, "no purposes shown: nothing to say");
    }

    #[test]
    fn a_small_plain_reject_is_less_visible() {
        let (accept, reject) =
            (button("Accept all", 200.0, 48.0, 16.0, true), button("Reject all", 60.0, 20.0, 12.0, false));
        assert_eq!(less_visible(&reject, &accept), Some("smaller"));
        let same_size_plain = button("Reject all", 200.0, 48.0, 16.0, false);
        assert_eq!(less_visible(&same_size_plain, &accept), Some("plain text beside a button"));
        let smaller_text = button("Reject all", 200.0, 48.0, 10.0, true);
        assert_eq!(less_visible(&smaller_text, &accept), Some("smaller text"));
        let consent = ConsentFacts { banner_found: true, buttons: vec![accept, reject], ..Default::default() };
        let fairness = judged(&consent);
        assert_eq!(ids_of(&fairness), ["consent.reject-less-visible"]);
        assert_eq!(fairness.reject_as_visible, Some(false));
    }

    #[test]
    fn accept_only_on_a_modal_is_a_wall_not_also_a_missing_reject() {
        let consent = ConsentFacts {
            banner_found: true,
            modal: true,
            buttons: vec![button("Accept all", 120.0, 40.0, 14.0, true)],
            ..Default::default()
        };
        let fairness = judged(&consent);
        assert_eq!(ids_of(&fairness), ["consent.cookie-wall"]);
        assert_eq!((fairness.no_cookie_wall, fairness.reject_first_layer), (Some(false), Some(false)));
    }

    #[test]
    fn pre_ticked_purposes_count_unless_the_banner_was_reopened() {
        let consent = ConsentFacts {
            banner_found: true,
            purposes: vec![super::super::ConsentPurpose { label: "Marketing".into(), checked: true, disabled: false }],
            ..Default::default()
        };
        let fairness = judged(&consent);
        assert_eq!(ids_of(&fairness), ["consent.pre-ticked"]);
        assert_eq!(fairness.nothing_pre_ticked, Some(false));
        // Reopened on a return visit (the page request carried the shop's cookies).
        let reopened = ConsentFacts { reopened: true, cookies_at_load: vec!["_ga".into()], ..consent };
        let fairness = judged(&reopened);
        assert!(fairness.findings.is_empty());
        assert_eq!(fairness.nothing_pre_ticked, None);
        // "Reopened" on a first visit is the page's word only: the pre-ticked boxes count.
        let first_visit = ConsentFacts { cookies_at_load: vec![], ..reopened };
        assert_eq!(ids_of(&judged(&first_visit)), ["consent.pre-ticked"]);
    }
}
