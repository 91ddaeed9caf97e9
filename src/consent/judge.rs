//! The consent concern's rules.
//!
//! Fairness (Nouwens et al. 2020): a reject choice on the first layer, as visible as
//! accept; nothing pre-ticked; no cookie wall (no way on without accepting, paying
//! included). Timing (Matte et al. 2020): tracking that starts before any choice, and
//! tracking that goes on after the shopper said no. The timing rules need the tracker
//! data, and leave themselves out (a caveat, never a pass) without it.

use std::collections::BTreeSet;

use crate::page::PageFacts;
use crate::report::{capped_evidence, Caveat, Concern, Finding, Severity};
use crate::tracking::cookies;
use crate::tracking::page_requests::{PageRequest, Seen};

use super::labels::{self, Role};
use super::stored;
use super::{limits, ConsentButton, ConsentCheck, ConsentChoice, ConsentFacts, ConsentSummary, FirstLayerButton};

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

/// A reject control this much smaller than accept, in area or in font size, is not "as visible".
const AREA_RATIO: f64 = 0.5;
const FONT_RATIO: f64 = 0.8;
/// Evidence lines per finding, beyond which the rest are summarised.
const MAX_EVIDENCE: usize = 12;

pub struct ConsentJudgement {
    /// False when nothing can be said yet (detection still running and nothing seen):
    /// the concern is then left out rather than passed.
    pub judged: bool,
    pub findings: Vec<Finding>,
    pub caveats: Vec<Caveat>,
    pub summary: ConsentSummary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Reject,
    Accept,
    /// Saved a mix of purposes.
    Custom,
}

impl Answer {
    fn as_str(self) -> &'static str {
        match self {
            Answer::Reject => "reject",
            Answer::Accept => "accept",
            Answer::Custom => "custom",
        }
    }
}

/// What one choice said, if it was an answer at all (opening the settings is not).
fn answer_of(choice: &ConsentChoice) -> Option<Answer> {
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

/// One tracking request, named after its company.
struct TrackerHit<'a> {
    company: String,
    category: String,
    url: &'a str,
    at: f64,
    last_at: f64,
}

/// Categories whose requests need the shopper's consent (ePrivacy art. 5(3)): the same
/// ones the tracking concern counts. Consent managers, CDNs, payment and hosting do not;
/// nor do payment providers' hosts, whatever their category (see [`tracker_hits`]).
fn needs_consent(category: &str) -> bool {
    crate::tracking::judge::costing_category(category)
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
        id: &str,
    ) -> RanWithoutConsent {
        let (companies, lines) = describe_hits(hits);
        let mut lines: Vec<String> = lines.into_iter().chain(cookies).collect();
        let finding = (!lines.is_empty()).then(|| {
            if let Some(header) = header {
                lines.insert(0, header.to_string());
            }
            Finding::new(id, Concern::Consent, Severity::High, capped_evidence(lines.into_iter(), MAX_EVIDENCE))
        });
        RanWithoutConsent { companies, finding }
    }
}

fn quoted(buttons: &[ConsentButton]) -> String {
    buttons.iter().map(|b| format!("\"{}\"", crate::fields::clip(&b.label, 60))).collect::<Vec<_>>().join(", ")
}

fn area(b: &ConsentButton) -> f64 {
    (b.width.max(0.0)) * (b.height.max(0.0))
}

fn looks(b: &ConsentButton) -> String {
    let style = if b.filled {
        "filled button"
    } else if b.bordered {
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
    if accept.filled && !reject.filled && !reject.bordered {
        return Some("plain text beside a button");
    }
    None
}

fn biggest<'a>(list: &[&'a ConsentButton]) -> Option<&'a ConsentButton> {
    list.iter().copied().max_by(|a, b| area(a).total_cmp(&area(b)))
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

/// `requests` is the page's classified requests, `None` without the tracker data.
pub fn judge(requests: Option<&[PageRequest]>, facts: &PageFacts, consent: &ConsentFacts) -> ConsentJudgement {
    let mut findings = Vec::new();
    let mut caveats = Vec::new();

    let first_answer = consent.choices.iter().find_map(|c| answer_of(c).map(|a| (a, c)));
    let last_answer = consent.choices.iter().rev().find_map(|c| answer_of(c).map(|a| (a, c)));
    let tcf_stored_before = consent.tcf.as_ref().is_some_and(|t| t.event_status == "tcloaded");
    // A consent manager's answer cookie there before the shopper could answer on this page.
    let stored_choice = stored::find(&consent.cookies_at_load);
    // A banner the shopper reopened (a "Privacy settings" link) over a choice stored on an
    // earlier visit, as the TCF signal, the stored answer or the collector tells: what ran
    // before it followed that earlier choice.
    let reopened = consent.tcf.as_ref().is_some_and(|t| t.loaded_with_choice)
        || (stored_choice.is_some() && consent.banner_found)
        || consent.reopened;
    let stored_before = consent.already_chosen || tcf_stored_before || stored_choice.is_some();
    let already_chosen = (stored_before && !consent.banner_found) || reopened;
    let cmp_name = match (&stored_choice, consent.cmp.is_empty()) {
        (Some(c), true) => c.cmp.to_string(),
        _ => consent.cmp.clone(),
    };

    // --- Fairness, on the banner as first seen.
    let buttons: Vec<(&ConsentButton, Role)> = consent.buttons.iter().map(|b| (b, labels::role(&b.label))).collect();
    let with =
        |role: Role| -> Vec<&ConsentButton> { buttons.iter().filter(|(_, r)| *r == role).map(|(b, _)| *b).collect() };
    let (accepts, rejects, settings, closes, pays) =
        (with(Role::Accept), with(Role::Reject), with(Role::Settings), with(Role::Close), with(Role::Pay));
    let banner_judgeable = consent.banner_found && !buttons.is_empty();

    let mut wall = None;
    let mut reject_first_layer = None;
    let mut reject_as_visible = None;
    if banner_judgeable {
        let offers_payment = !pays.is_empty() || labels::offers_payment(&consent.text);
        let blocks_page = consent.modal || consent.scroll_locked;
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
            findings.push(Finding::new("consent.cookie-wall", Concern::Consent, Severity::High, evidence));
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
                findings.push(Finding::new(
                    "consent.no-reject-first-layer",
                    Concern::Consent,
                    Severity::Medium,
                    evidence,
                ));
            }
        }

        if let (Some(reject), Some(accept)) = (biggest(&rejects), biggest(&accepts)) {
            match less_visible(reject, accept) {
                Some(why) => {
                    reject_as_visible = Some(false);
                    findings.push(Finding::new(
                        "consent.reject-less-visible",
                        Concern::Consent,
                        Severity::Low,
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
        if tcf.event_status == "cmpuishown" && !tcf.purpose_consents.is_empty() && first_answer.is_none() {
            let ids: Vec<String> = tcf.purpose_consents.iter().map(u32::to_string).collect();
            pre_ticked_evidence.push(format!(
                "the IAB TCF signal reports consent to purposes {} while the banner still asks",
                ids.join(", ")
            ));
        }
    }
    // A reopened banner shows the stored choice, switches and signal alike: those were given
    // on an earlier visit, not ticked in advance. Nothing can be said about the first banner.
    let nothing_pre_ticked = if reopened {
        None
    } else if !pre_ticked_evidence.is_empty() {
        findings.push(Finding::new(
            "consent.pre-ticked",
            Concern::Consent,
            Severity::Medium,
            capped_evidence(pre_ticked_evidence.into_iter(), MAX_EVIDENCE),
        ));
        Some(false)
    } else if !consent.purposes.is_empty() || consent.tcf.as_ref().is_some_and(|t| t.event_status == "cmpuishown") {
        Some(true)
    } else {
        None
    };

    // --- Timing, on the requests' time stamps.
    let mut before_consent_companies = Vec::new();
    let mut no_tracking_before = None;
    let mut choice_respected = None;
    match requests {
        None => {}
        Some(requests) => {
            let hits = tracker_hits(requests);
            let first_at = first_answer.map(|(_, c)| c.at);
            if already_chosen {
                caveats.push(Caveat::new("caveat_consent_already_chosen", cmp_name));
            } else if consent.consent_ui_present() {
                let before = hits.iter().filter(|h| match first_at {
                    None => true,
                    Some(t) => started_before(h.at, t),
                });
                let cookies_before = match first_answer {
                    None => tracking_cookies(facts.cookie_names.iter()),
                    Some(_) => tracking_cookies(consent.cookies_at_answer.iter()),
                };
                let header = first_answer.is_none().then_some("the banner has not been answered");
                let ran = RanWithoutConsent::of(before, cookies_before, header, "consent.tracking-before-consent");
                no_tracking_before = Some(ran.finding.is_none());
                findings.extend(ran.finding);
                before_consent_companies = ran.companies;
            } else if consent.detection_done {
                let header = Some("no consent banner or consent manager on this page");
                let ran = RanWithoutConsent::of(
                    hits.iter(),
                    tracking_cookies(facts.cookie_names.iter()),
                    header,
                    "consent.no-banner",
                );
                no_tracking_before = Some(ran.finding.is_none());
                findings.extend(ran.finding);
                before_consent_companies = ran.companies;
            }

            if let Some((Answer::Reject, choice)) = last_answer {
                let answer_at = choice.at;
                let (_, mut lines) = describe_hits(
                    hits.iter().filter(|h| started_after(h.at, answer_at) || started_after(h.last_at, answer_at)),
                );
                let before: BTreeSet<&str> = consent.cookies_at_answer.iter().map(String::as_str).collect();
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
                        "consent.choice-ignored",
                        Concern::Consent,
                        Severity::High,
                        capped_evidence(lines.into_iter(), MAX_EVIDENCE),
                    ));
                }
            }
        }
    }

    // A stored answer tells a consent manager is there even before autoconsent finds one
    // (some draw nothing at all once answered).
    let judged = consent.detection_done
        || consent.consent_ui_present()
        || !consent.choices.is_empty()
        || stored_choice.is_some();
    if !judged {
        caveats.push(Caveat::new("caveat_consent_detecting", ""));
    }

    let known_cmp = !consent.cmp.is_empty() && !consent.cmp.starts_with("HEURISTIC");
    let summary = ConsentSummary {
        banner: if known_cmp { crate::fields::clip(&consent.cmp, 80) } else { String::new() },
        generic_banner: consent.banner_found && !known_cmp,
        banner_showing: consent.banner_showing,
        answer: last_answer.map(|(a, _)| a.as_str().to_string()).unwrap_or_default(),
        answered_by: last_answer
            .map(|(_, c)| if c.by == "shoptrust" { "shoptrust" } else { "shopper" }.to_string())
            .unwrap_or_default(),
        can_reject_for_me: known_cmp && consent.banner_showing && last_answer.is_none(),
        checks: vec![
            check("reject-first-layer", reject_first_layer),
            check("reject-as-visible", reject_as_visible),
            check("nothing-pre-ticked", nothing_pre_ticked),
            check("no-cookie-wall", wall),
            check("no-tracking-before-consent", no_tracking_before),
            check("choice-respected", choice_respected),
        ],
        trackers_before_consent: before_consent_companies,
        buttons: buttons
            .iter()
            .map(|(b, role)| FirstLayerButton { label: crate::fields::clip(&b.label, 80), role: role.as_str().into() })
            .collect(),
        iab_cmp_id: iab_cmp_id(consent),
    };
    ConsentJudgement { judged, findings, caveats, summary }
}
