//! The consent concern's rules, read in four steps: the choice timeline ([`history`]), the
//! banner's fairness ([`fairness`]), the requests' timing ([`timing`]), and what the popup
//! shows ([`summary`]).
//!
//! [`history`]: super::history
//! [`fairness`]: super::fairness
//! [`timing`]: super::timing
//! [`summary`]: super::summary

use crate::page::PageFacts;
use crate::report::{Caveat, Finding};
use crate::tracking::page_requests::PageRequest;

use super::history::History;
use super::{fairness, summary, timing, ConsentFacts, ConsentSummary};

pub struct ConsentJudgement {
    /// False when nothing can be said yet (detection still running and nothing seen):
    /// the concern is then left out rather than passed.
    pub judged: bool,
    pub findings: Vec<Finding>,
    pub caveats: Vec<Caveat>,
    pub summary: ConsentSummary,
}

/// `requests` is the page's classified requests, `None` without the tracker data.
pub fn judge(requests: Option<&[PageRequest]>, facts: &PageFacts, consent: &ConsentFacts) -> ConsentJudgement {
    let history = History::of(consent);
    let mut fairness = fairness::judge(consent, &history);
    let mut timing = timing::judge(requests, facts, consent, &history);

    // Fairness findings first, then timing's: the order the rules run in.
    let mut findings = std::mem::take(&mut fairness.findings);
    findings.append(&mut timing.findings);
    let mut caveats = std::mem::take(&mut timing.caveats);
    // A stored answer tells a consent manager is there even before autoconsent finds one
    // (some draw nothing at all once answered).
    let judged = consent.detection_done
        || consent.consent_ui_present()
        || !consent.choices.is_empty()
        || history.stored_choice.is_some();
    if !judged {
        caveats.push(Caveat::new("caveat_consent_detecting", ""));
    }

    let summary = summary::summarise(consent, &history, &fairness, timing);
    ConsentJudgement { judged, findings, caveats, summary }
}
