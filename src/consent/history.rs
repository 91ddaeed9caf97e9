//! The choice timeline: what the shopper (or ShopTrust) answered on this page, first and
//! last, and whether a choice from an earlier visit was there before the banner, which the
//! timing rules then cannot hold against this page.

use super::labels::{self, Role};
use super::observed;
use super::stored::{self, StoredChoiceCookie};
use super::{ConsentChoice, ConsentFacts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Reject,
    Accept,
    /// Saved a mix of purposes.
    Custom,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Reject => "reject",
            Answer::Accept => "accept",
            Answer::Custom => "custom",
        }
    }
}

/// What one choice said, if it was an answer at all (opening the settings is not).
pub fn answer_of(choice: &ConsentChoice) -> Option<Answer> {
    if choice.by == "shoptrust" {
        return (choice.succeeded == Some(true)).then_some(Answer::Reject);
    }
    match labels::role(&choice.label) {
        Role::Reject => Some(Answer::Reject),
        Role::Accept => Some(Answer::Accept),
        Role::Save if choice.purposes_on == 0 && choice.purposes_off > 0 => Some(Answer::Reject),
        Role::Save => Some(Answer::Custom),
        _ => None,
    }
}

/// What the page's consent history says, read once for every rule.
pub struct History<'a> {
    /// The first and last click that answered the banner (opening settings does not).
    pub first_answer: Option<(Answer, &'a ConsentChoice)>,
    pub last_answer: Option<(Answer, &'a ConsentChoice)>,
    /// A consent manager's answer cookie there before the shopper could answer on this page.
    pub stored_choice: Option<StoredChoiceCookie>,
    /// The banner on screen is one the shopper reopened over a stored choice.
    pub reopened: bool,
    /// What ran before any answer here followed a choice made on an earlier visit.
    pub already_chosen: bool,
    /// The consent manager, as autoconsent or the stored cookie names it.
    pub cmp_name: String,
}

impl<'a> History<'a> {
    pub fn of(consent: &'a ConsentFacts) -> History<'a> {
        let first_answer = consent.choices.iter().find_map(|c| answer_of(c).map(|a| (a, c)));
        let last_answer = consent.choices.iter().rev().find_map(|c| answer_of(c).map(|a| (a, c)));
        // A consent manager's answer cookie sent with the page request, before the shopper
        // could answer on this page (`cookies_at_load` is filled by the worker from the
        // request's Cookie header, never from the page's script).
        let stored_choice = stored::find(&consent.cookies_at_load);
        // Everything else that says "a choice was stored earlier" is the page's word: a TCF
        // `tcloaded` (any page can stub `__tcfapi`), the collector seeing a consent manager
        // that shows no banner (its markup is the page's), or reopening that banner. It counts
        // only when the browser has been here before: the page request carried a cookie. A
        // first-time visitor's request carries none, whatever the page claims.
        let earlier_visit = !consent.cookies_at_load.is_empty();
        let tcf_stored_before = earlier_visit && consent.tcf.as_ref().is_some_and(|t| t.event_status == "tcloaded");
        // A banner the shopper reopened (a "Privacy settings" link) over a choice stored on an
        // earlier visit, as the TCF signal, the stored answer or the collector tells: what ran
        // before it followed that earlier choice.
        let reopened = (stored_choice.is_some() && consent.banner_found)
            || (earlier_visit
                && (consent.tcf.as_ref().is_some_and(|t| t.loaded_with_choice) || observed::reopened(consent)));
        let stored_before =
            (earlier_visit && observed::already_chosen(consent)) || tcf_stored_before || stored_choice.is_some();
        let already_chosen = (stored_before && !consent.banner_found) || reopened;
        let cmp_name = match (&stored_choice, consent.cmp.is_empty()) {
            (Some(c), true) => c.cmp.to_string(),
            _ => consent.cmp.clone(),
        };
        History { first_answer, last_answer, stored_choice, reopened, already_chosen, cmp_name }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::TcfSignal;

    fn click(by: &str, label: &str, at: f64) -> ConsentChoice {
        ConsentChoice { by: by.into(), label: label.into(), at, ..Default::default() }
    }

    #[test]
    fn answers_are_read_off_the_clicked_label() {
        assert_eq!(answer_of(&click("shopper", "Reject all", 1.0)), Some(Answer::Reject));
        assert_eq!(answer_of(&click("shopper", "Accept all", 1.0)), Some(Answer::Accept));
        assert_eq!(answer_of(&click("shopper", "Cookie settings", 1.0)), None);
        let saved_none = ConsentChoice { purposes_off: 3, ..click("shopper", "Save my choices", 1.0) };
        assert_eq!(answer_of(&saved_none), Some(Answer::Reject));
        let saved_some = ConsentChoice { purposes_on: 1, purposes_off: 2, ..click("shopper", "Save my choices", 1.0) };
        assert_eq!(answer_of(&saved_some), Some(Answer::Custom));
    }

    #[test]
    fn shoptrust_rejected_only_when_the_opt_out_worked() {
        let worked = ConsentChoice { succeeded: Some(true), ..click("shoptrust", "", 1.0) };
        let failed = ConsentChoice { succeeded: Some(false), ..click("shoptrust", "", 1.0) };
        assert_eq!(answer_of(&worked), Some(Answer::Reject));
        assert_eq!(answer_of(&failed), None);
    }

    #[test]
    fn first_and_last_answer_skip_clicks_that_are_not_answers() {
        let consent = ConsentFacts {
            choices: vec![
                click("shopper", "Cookie settings", 1.0),
                click("shopper", "Accept all", 2.0),
                click("shopper", "Reject all", 3.0),
            ],
            banner_found: true,
            ..Default::default()
        };
        let history = History::of(&consent);
        assert_eq!(history.first_answer.map(|(a, c)| (a, c.at)), Some((Answer::Accept, 2.0)));
        assert_eq!(history.last_answer.map(|(a, c)| (a, c.at)), Some((Answer::Reject, 3.0)));
        assert!(!history.already_chosen && !history.reopened);
    }

    fn cookies(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_choice_stored_before_an_unseen_banner_is_already_chosen() {
        // A return visit: the page request carried the shop's cookies.
        let consent = ConsentFacts {
            already_chosen: true,
            cmp: "Klaro".into(),
            cookies_at_load: cookies(&["_ga"]),
            ..Default::default()
        };
        let history = History::of(&consent);
        assert!(history.already_chosen);
        assert_eq!(history.cmp_name, "Klaro");
        // The same stored choice with the banner seen: the banner was reopened only if a
        // signal says so; otherwise this visit's banner is judged as a first one.
        let shown = ConsentFacts { banner_found: true, ..consent };
        assert!(!History::of(&shown).already_chosen);
        let reopened = ConsentFacts { reopened: true, ..shown };
        assert!(History::of(&reopened).reopened && History::of(&reopened).already_chosen);
    }

    // Issue 15, item 3: what the page says about an earlier choice, on a first visit (the
    // page request carried no cookie), is never "already chosen".
    #[test]
    fn the_pages_word_alone_is_no_choice_from_an_earlier_visit() {
        let tcf = |status: &str, loaded: bool| TcfSignal {
            event_status: status.into(),
            loaded_with_choice: loaded,
            ..Default::default()
        };
        let first_visits = [
            ConsentFacts { tcf: Some(tcf("tcloaded", true)), ..Default::default() },
            ConsentFacts { tcf: Some(tcf("cmpuishown", true)), banner_found: true, ..Default::default() },
            ConsentFacts { already_chosen: true, cmp: "Klaro".into(), ..Default::default() },
            ConsentFacts { already_chosen: true, reopened: true, banner_found: true, ..Default::default() },
        ];
        for consent in &first_visits {
            let history = History::of(consent);
            assert!(!history.already_chosen && !history.reopened, "{consent:?}");
        }
        // The same words on a return visit (the request carried a cookie of the shop) count.
        for consent in first_visits {
            let returning = ConsentFacts { cookies_at_load: cookies(&["_ga"]), ..consent };
            assert!(History::of(&returning).already_chosen, "{returning:?}");
        }
    }

    #[test]
    fn an_answer_cookie_sent_with_the_page_request_is_a_stored_choice_on_its_own() {
        let returning = ConsentFacts { cookies_at_load: cookies(&["cc_cookie"]), ..Default::default() };
        let history = History::of(&returning);
        assert!(history.already_chosen && !history.reopened);
        assert_eq!(history.cmp_name, "vanilla-cookieconsent");
        let shown = ConsentFacts { banner_found: true, ..returning };
        assert!(History::of(&shown).reopened);
    }
}
