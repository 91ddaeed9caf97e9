//! Timing (Matte et al. 2020), on the requests' time stamps: tracking that starts before any
//! choice (or on a page that asks for none), and tracking that goes on after the shopper
//! said no. Needs the tracker data; without it these rules leave themselves out (a caveat,
//! never a pass).

use std::collections::BTreeSet;

use crate::page::PageFacts;
use crate::report::finding_ids::{self as ids, FindingKind};
use crate::report::{capped_evidence, Caveat, Finding};
use crate::tracking::cookies;
use crate::tracking::page_requests::{PageRequest, Seen};

use super::history::{Answer, History};
use super::{limits, ConsentFacts, MAX_EVIDENCE};

/// Where a request's time falls against the answer: before means started before the click,
/// after means started after it. Requests the click itself sets off (a banner that loads
/// tags in its click handler) are stamped a few milliseconds after the click, so they count
/// as after it, which they are. The renderer's clock (the click) and the browser's (webRequest
/// `timeStamp`) are the same system clock.
fn started_before(at: f64, answer_at: f64) -> bool {
    at > 0.0 && at < answer_at
}

fn started_after(at: f64, answer_at: f64) -> bool {
    at > answer_at
}

/// The timing findings and caveats, and each check's answer (`None`: could not be told).
#[derive(Default)]
pub struct Timing {
    pub findings: Vec<Finding>,
    pub caveats: Vec<Caveat>,
    /// Tracking companies that ran before any choice.
    pub before_consent_companies: Vec<String>,
    pub no_tracking_before: Option<bool>,
    pub choice_respected: Option<bool>,
}

/// `requests` is the page's classified requests, `None` without the tracker data.
pub fn judge(requests: Option<&[PageRequest]>, facts: &PageFacts, consent: &ConsentFacts, history: &History) -> Timing {
    let mut findings = Vec::new();
    let mut caveats = Vec::new();
    let mut before_consent_companies = Vec::new();
    let mut no_tracking_before = None;
    let mut choice_respected = None;
    match requests {
        None => {}
        Some(requests) => {
            let hits = tracker_hits(requests);
            let first_at = history.first_answer.map(|(_, c)| c.at);
            if history.already_chosen {
                caveats.push(Caveat::new("caveat_consent_already_chosen", history.cmp_name.clone()));
            } else if consent.consent_ui_present() {
                let before = hits.iter().filter(|h| match first_at {
                    None => true,
                    Some(t) => started_before(h.at, t),
                });
                let cookies_before = match history.first_answer {
                    None => tracking_cookies(facts.cookie_names.iter()),
                    Some(_) => tracking_cookies(consent.cookies_at_answer.iter()),
                };
                let header = history.first_answer.is_none().then_some("the banner has not been answered");
                let ran = RanWithoutConsent::of(before, cookies_before, header, &ids::CONSENT_TRACKING_BEFORE_CONSENT);
                no_tracking_before = Some(ran.finding.is_none());
                findings.extend(ran.finding);
                before_consent_companies = ran.companies;
            } else if consent.detection_done {
                let header = Some("no consent banner or consent manager on this page");
                let ran = RanWithoutConsent::of(
                    hits.iter(),
                    tracking_cookies(facts.cookie_names.iter()),
                    header,
                    &ids::CONSENT_NO_BANNER,
                );
                no_tracking_before = Some(ran.finding.is_none());
                findings.extend(ran.finding);
                before_consent_companies = ran.companies;
            }

            if let Some((Answer::Reject, choice)) = history.last_answer {
                let answer_at = choice.at;
                let (_, mut lines) = describe_hits(
                    hits.iter().filter(|h| started_after(h.at, answer_at) || started_after(h.last_at, answer_at)),
                );
                // `extend`, not `collect`, which sorts first with a sort of its own (`crate::sort`).
                let mut before = BTreeSet::new();
                before.extend(consent.cookies_at_answer.iter().map(String::as_str));
                lines.extend(tracking_cookies(facts.cookie_names.iter().filter(|n| !before.contains(n.as_str()))));
                lines.extend(tcf_consent_after_reject(consent));
                choice_respected = Some(lines.is_empty());
                if !lines.is_empty() {
                    let who = if choice.by == "shoptrust" { "ShopTrust" } else { "you" };
                    lines.insert(
                        0,
                        format!(
                            "after {who} rejected (\"{}\"), this still ran:",
                            crate::fields::clip(&choice.label, 60)
                        ),
                    );
                    findings.push(Finding::new(
                        &ids::CONSENT_CHOICE_IGNORED,
                        capped_evidence(lines.into_iter(), MAX_EVIDENCE),
                    ));
                }
            }
        }
    }
    Timing { findings, caveats, before_consent_companies, no_tracking_before, choice_respected }
}

/// One tracking request, named after its company.
struct TrackerHit<'a> {
    company: String,
    category: String,
    url: &'a str,
    at: f64,
    last_at: f64,
}

/// Categories whose requests need the shopper's consent (ePrivacy art. 5(3)): the same
/// ones the tracking concern counts. Consent managers, CDNs, payment and hosting do not.
fn needs_consent(category: &str) -> bool {
    crate::grade::costing_category(category)
}

/// The page's tracking requests that need consent. What only the DOM shows as an element has
/// no time: it counts as "before any answer". Stylesheets and Resource Timing entries the
/// network layer did not see are left out: their load may have come after the answer.
fn tracker_hits<'a>(requests: &'a [PageRequest<'a>]) -> Vec<TrackerHit<'a>> {
    let mut hits = Vec::new();
    for request in requests.iter().filter(|r| r.seen != Seen::Listed) {
        let (company, category) = if let Some(vendor) = request.session_replay {
            (vendor.vendor.to_string(), "session_replay".to_string())
        } else if let Some(info) = &request.tracker {
            // A payment provider or 3-D Secure step is never counted against the shop, here
            // as in the tracking concern (TrackerDB files Cardinal Commerce's 3-D Secure
            // host under site analytics).
            if crate::providers::provider_for_request(request.url, &request.host).is_some() {
                continue;
            }
            let name = info.company_name();
            (name.to_string(), info.category_key.to_string())
        } else {
            continue;
        };
        if needs_consent(&category) {
            hits.push(TrackerHit { company, category, url: request.url, at: request.at, last_at: request.last_at });
        }
    }
    hits
}

fn tracking_cookies<'a>(names: impl Iterator<Item = &'a String>) -> Vec<String> {
    names
        .filter_map(|name| cookies::identify(name).map(|c| format!("cookie {name} ({}: {})", c.vendor, c.purpose)))
        .collect()
}

/// `Company (category): first URL`, one line per company.
fn describe_hits<'h>(hits: impl Iterator<Item = &'h TrackerHit<'h>>) -> (Vec<String>, Vec<String>) {
    let mut companies: Vec<String> = Vec::new();
    let mut lines = Vec::new();
    for hit in hits {
        if companies.contains(&hit.company) {
            continue;
        }
        companies.push(hit.company.clone());
        lines.push(format!(
            "{} ({}): {}",
            hit.company,
            hit.category.replace('_', " "),
            crate::fields::clip(hit.url, 120)
        ));
    }
    (companies, lines)
}

/// Trackers and tracking cookies that ran before the shopper could say no: the companies, and
/// the finding `id` (High) when anything ran, its evidence opened by `header` if given.
struct RanWithoutConsent {
    companies: Vec<String>,
    finding: Option<Finding>,
}

impl RanWithoutConsent {
    fn of<'h>(
        hits: impl Iterator<Item = &'h TrackerHit<'h>>,
        cookies: Vec<String>,
        header: Option<&str>,
        kind: &FindingKind,
    ) -> RanWithoutConsent {
        let (companies, lines) = describe_hits(hits);
        let mut lines: Vec<String> = lines.into_iter().chain(cookies).collect();
        let finding = (!lines.is_empty()).then(|| {
            if let Some(header) = header {
                lines.insert(0, header.to_string());
            }
            Finding::new(kind, capped_evidence(lines.into_iter(), MAX_EVIDENCE))
        });
        RanWithoutConsent { companies, finding }
    }
}

/// The IAB TCF signal still tells the shop's partners "consented" after the shopper said no
/// (Matte et al. 2020 found CMPs storing positive consent after a reject): only a signal that
/// says the answer is in (`useractioncomplete`) counts, not one still waiting for it.
fn tcf_consent_after_reject(consent: &ConsentFacts) -> Option<String> {
    let tcf = consent.tcf.as_ref()?;
    if tcf.event_status != "useractioncomplete" || tcf.purpose_consents.is_empty() {
        return None;
    }
    let ids: Vec<String> = tcf.purpose_consents.iter().take(limits::PURPOSE_IDS).map(u32::to_string).collect();
    Some(format!(
        "the IAB TCF signal tells the shop's partners you consented to purposes {} ({} vendors)",
        ids.join(", "),
        tcf.vendor_consents
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::consent::TcfSignal;

    #[test]
    fn a_request_stamped_after_the_click_is_after_it() {
        assert!(started_before(999.0, 1_000.0));
        assert!(!started_before(1_000.0, 1_000.0));
        assert!(!started_before(0.0, 1_000.0), "no time stamp is not 'before'");
        assert!(started_after(1_003.0, 1_000.0));
        assert!(!started_after(1_000.0, 1_000.0));
    }

    #[test]
    fn only_categories_that_cost_need_consent() {
        assert!(needs_consent("advertising") && needs_consent("site_analytics") && needs_consent("session_replay"));
        assert!(!needs_consent("consent") && !needs_consent("hosting"));
    }

    #[test]
    fn hits_are_described_once_per_company() {
        let hit = |company: &str, url: &'static str| TrackerHit {
            company: company.into(),
            category: "site_analytics".into(),
            url,
            at: 1.0,
            last_at: 0.0,
        };
        let hits =
            [hit("Google", "https://a.test/1"), hit("Google", "https://a.test/2"), hit("Hotjar", "https://b.test/")];
        let (companies, lines) = describe_hits(hits.iter());
        assert_eq!(companies, ["Google", "Hotjar"]);
        assert_eq!(lines, ["Google (site analytics): https://a.test/1", "Hotjar (site analytics): https://b.test/"]);
    }

    #[test]
    fn nothing_that_ran_is_no_finding_and_something_is_one_opened_by_its_header() {
        let none = RanWithoutConsent::of(std::iter::empty(), vec![], Some("header"), &ids::CONSENT_NO_BANNER);
        assert!(none.finding.is_none() && none.companies.is_empty());
        let cookie = vec!["cookie _ga (Google Analytics: analytics)".to_string()];
        let ran = RanWithoutConsent::of(std::iter::empty(), cookie, Some("header"), &ids::CONSENT_NO_BANNER);
        let finding = ran.finding.expect("a finding");
        assert_eq!(finding.id, "consent.no-banner");
        assert_eq!(finding.evidence[0], "header");
    }

    #[test]
    fn tcf_says_consented_after_a_reject_only_once_the_answer_is_in() {
        let tcf = |status: &str| ConsentFacts {
            tcf: Some(TcfSignal {
                event_status: status.into(),
                purpose_consents: vec![1, 3],
                vendor_consents: 7,
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            tcf_consent_after_reject(&tcf("useractioncomplete")).as_deref(),
            Some("the IAB TCF signal tells the shop's partners you consented to purposes 1, 3 (7 vendors)")
        );
        assert_eq!(tcf_consent_after_reject(&tcf("cmpuishown")), None);
    }

    #[test]
    fn without_tracker_data_timing_says_nothing() {
        let consent = ConsentFacts { banner_found: true, detection_done: true, ..Default::default() };
        let timing = judge(None, &PageFacts::default(), &consent, &History::of(&consent));
        assert!(timing.findings.is_empty() && timing.caveats.is_empty());
        assert_eq!((timing.no_tracking_before, timing.choice_respected), (None, None));
    }
}
