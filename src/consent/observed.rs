//! What the collector's raw observations of the banner mean (issue 9: the shell sends
//! times, clicks and sizes, the core judges): whether the banner blocked the page, whether
//! the consent manager stayed silent over a choice stored earlier, and whether the shopper
//! reopened its banner since. Facts saved before the collector sent the raw observations
//! carry its own verdicts instead; those still count.

use super::ConsentFacts;
use crate::page::consent::POPUP_WAIT_MS;

/// A banner covering at least this share of the window blocks it.
const BANNER_BLOCKS_SHARE: f64 = 0.5;
/// A fixed overlay of the banner's covering at least this share of the window blocks it
/// (an overlay is drawn to block; a big fixed panel is not always).
const OVERLAY_BLOCKS_SHARE: f64 = 0.9;

/// The banner, when first seen, blocked the page: a native modal dialog, or the banner (or a
/// fixed overlay of its own) covers most of the window and takes the clicks.
pub fn modal(consent: &ConsentFacts) -> bool {
    let Some(seen) = &consent.blocking else { return consent.modal };
    let window = seen.viewport_width * seen.viewport_height;
    let covers = |area: Option<f64>, share: f64| area.is_some_and(|area| area >= share * window);
    seen.dialog_modal
        || covers(seen.banner_area, BANNER_BLOCKS_SHARE)
        || covers(seen.largest_fixed_area, OVERLAY_BLOCKS_SHARE)
}

/// When the banner wait after the consent manager's detection ran out, if it was detected.
fn wait_over_at(consent: &ConsentFacts) -> Option<f64> {
    (consent.cmp_detected_at > 0.0).then_some(consent.cmp_detected_at + POPUP_WAIT_MS as f64)
}

/// Seen at a time (0: never) no later than `at`.
fn by(time: f64, at: f64) -> bool {
    time > 0.0 && time <= at
}

/// The consent manager is there but showed no banner within [`POPUP_WAIT_MS`] of its
/// detection (autoconsent found no popup, the collector saw no banner): the shopper chose on
/// an earlier visit. Whether that counts is [`super::history`]'s to say.
pub fn already_chosen(consent: &ConsentFacts) -> bool {
    if consent.already_chosen {
        return true;
    }
    let Some(over) = wait_over_at(consent) else { return false };
    consent.collected_at >= over && !by(consent.popup_found_at, over) && !by(consent.banner_seen_at, over)
}

/// After the manager stayed silent, the banner appeared following a trusted click of the
/// shopper's: they reopened it over the stored choice ("Cookie settings").
pub fn reopened(consent: &ConsentFacts) -> bool {
    if consent.reopened {
        return true;
    }
    let Some(over) = wait_over_at(consent) else { return false };
    already_chosen(consent) && consent.clicked_at >= over && by(consent.clicked_at, consent.banner_seen_at)
}

/// The three decisions on the consent facts as the collector sent them (JSON of
/// `facts.consent`), for the Chromium tests that hold a page's collected facts to them:
/// `{"modal":…,"alreadyChosen":…,"reopened":…}`; facts that do not parse decide nothing.
pub fn decisions_json(consent_json: &str) -> String {
    let consent: ConsentFacts = crate::json::from_str(consent_json).unwrap_or_default();
    format!(
        r#"{{"modal":{},"alreadyChosen":{},"reopened":{}}}"#,
        modal(&consent),
        already_chosen(&consent),
        reopened(&consent)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::consent::BlockingObservation;

    fn sized(banner: Option<f64>, fixed: Option<f64>) -> ConsentFacts {
        ConsentFacts {
            blocking: Some(BlockingObservation {
                dialog_modal: false,
                viewport_width: 1000.0,
                viewport_height: 800.0,
                banner_area: banner,
                largest_fixed_area: fixed,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_banner_blocks_from_half_the_window_an_overlay_from_nine_tenths() {
        assert!(modal(&sized(Some(400_000.0), None)));
        assert!(!modal(&sized(Some(399_999.0), None)));
        assert!(modal(&sized(None, Some(720_000.0))));
        assert!(!modal(&sized(Some(100.0), Some(719_999.0))));
        // A big box that does not take clicks (no area reported) blocks nothing.
        assert!(!modal(&sized(None, None)));
    }

    #[test]
    fn a_native_modal_dialog_blocks_whatever_its_size() {
        let mut facts = sized(Some(10.0), None);
        facts.blocking.as_mut().unwrap().dialog_modal = true;
        assert!(modal(&facts));
    }

    #[test]
    fn facts_saved_before_the_sizes_keep_the_collectors_verdict() {
        assert!(modal(&ConsentFacts { modal: true, ..Default::default() }));
        assert!(!modal(&ConsentFacts::default()));
        let old = ConsentFacts { already_chosen: true, reopened: true, ..Default::default() };
        assert!(already_chosen(&old) && reopened(&old));
        let old: ConsentFacts = serde_json::from_str(r#"{"modal":true,"alreadyChosen":true}"#).unwrap();
        assert!(modal(&old) && already_chosen(&old) && !reopened(&old));
    }

    #[test]
    fn the_decisions_read_the_collectors_json() {
        let json = r#"{"blocking":{"dialogModal":false,"viewportWidth":1280,"viewportHeight":900,"bannerArea":null,"largestFixedArea":1152000},
            "cmpDetectedAt":1000,"collectedAt":7000}"#;
        assert_eq!(decisions_json(json), r#"{"modal":true,"alreadyChosen":true,"reopened":false}"#);
        assert_eq!(decisions_json("not json"), r#"{"modal":false,"alreadyChosen":false,"reopened":false}"#);
    }

    const DETECTED: f64 = 1_000_000.0;
    const OVER: f64 = DETECTED + POPUP_WAIT_MS as f64;

    fn detected(collected: f64) -> ConsentFacts {
        ConsentFacts { cmp_detected_at: DETECTED, collected_at: collected, ..Default::default() }
    }

    #[test]
    fn a_manager_silent_for_the_whole_wait_was_already_chosen() {
        assert!(already_chosen(&detected(OVER)));
        // Not before the wait is over, and not without a manager.
        assert!(!already_chosen(&detected(OVER - 1.0)));
        assert!(!already_chosen(&ConsentFacts { collected_at: OVER, ..Default::default() }));
        // A popup or banner within the wait: the manager was asking.
        assert!(!already_chosen(&ConsentFacts { popup_found_at: OVER, ..detected(OVER + 5.0) }));
        assert!(!already_chosen(&ConsentFacts { banner_seen_at: DETECTED + 10.0, ..detected(OVER + 5.0) }));
        // One after the wait does not undo it.
        assert!(already_chosen(&ConsentFacts {
            popup_found_at: OVER + 1.0,
            banner_seen_at: OVER + 1.0,
            ..detected(OVER + 5.0)
        }));
    }

    #[test]
    fn a_banner_after_a_click_over_a_silent_manager_was_reopened() {
        let shown = ConsentFacts { banner_seen_at: OVER + 500.0, ..detected(OVER + 900.0) };
        assert!(!reopened(&shown), "no click: the banner came late by itself");
        assert!(reopened(&ConsentFacts { clicked_at: OVER + 100.0, ..shown.clone() }));
        // A click during the wait is not one over a stored choice.
        assert!(!reopened(&ConsentFacts { clicked_at: OVER - 100.0, ..shown.clone() }));
        // A banner within the wait was never reopened, click or not.
        let asked = ConsentFacts { banner_seen_at: OVER - 50.0, clicked_at: OVER - 100.0, ..detected(OVER + 900.0) };
        assert!(!reopened(&asked));
    }
}
