//! Turning findings into letters that mean one thing to a shopper (README, "What the
//! letters mean"), and every point lost named by its finding.
//!
//! Each finding gets a [`Tier`]: what it means for the shopper (danger, privacy risk,
//! watched, minor, info). The worst tier in a concern sets the band of letters it can
//! have (danger F, risk D, watched C, minor B, nothing A); points — 100 less each finding's
//! cost by severity — place it inside that band. So a checkout with Google Analytics is
//! never F, and card data sent in clear text always is. The page's letter is its weakest
//! concern's. The unbounded points stay on each concern as the shop owner's view.
//!
//! The tier of each finding is decided here and nowhere else, from the finding's id and a
//! few facts about the page ([`GradeContext`]).

use serde::Deserialize;

use crate::report::{Caveat, Concern, ConcernReport, Finding, Grade, Grading, Line, Report, Severity, Summaries, Tier};

pub const FULL_SCORE: u32 = 100;

/// Tracker categories that cost a page points: advertising, analytics, social media and
/// session replay. The tracking concern costs them, the consent concern asks consent for
/// them (ePrivacy art. 5(3)), the payment concern calls their scripts trackers. Consent
/// managers, CDNs, hosting and payment providers cost nothing.
pub fn costing_category(category: &str) -> bool {
    matches!(category, "advertising" | "pornvertising" | "site_analytics" | "social_media" | "session_replay")
}

/// A concern's points from its findings: full marks less each finding's cost, never below 0
/// (the shop owner's view; the shopper's letter also bounds it by the worst tier).
pub fn concern_score<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> u32 {
    let lost: u32 = findings.into_iter().map(|f| cost(f.severity)).sum();
    FULL_SCORE.saturating_sub(lost)
}

pub fn cost(severity: Severity) -> u32 {
    match severity {
        Severity::Info => 0,
        Severity::Low => 10,
        Severity::Medium => 25,
        Severity::High => 40,
        Severity::Critical => FULL_SCORE,
    }
}

/// The letter for a score, on the same bands the tiers use.
pub fn grade_for_score(score: u32) -> Grade {
    match score {
        90.. => Grade::A,
        75..=89 => Grade::B,
        60..=74 => Grade::C,
        45..=59 => Grade::D,
        _ => Grade::F,
    }
}

/// What the tiers depend on besides a finding's id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GradeContext {
    /// The page takes a card (card fields in its own DOM or a provider's frame).
    pub takes_card: bool,
    /// A password field in the page's own DOM.
    pub password_in_page: bool,
    /// Fields for personal data (e-mail, phone, name, address, card holder) in the page.
    pub personal_fields_in_page: bool,
    /// The shopper accepted the banner, nothing tracked before that answer and nothing
    /// went against it: the tracking on the page is what they allowed.
    pub tracking_allowed: bool,
    /// Every tracking company on the page is site analytics: no advertising, social
    /// media or session recording.
    pub only_analytics: bool,
    /// The page showed a consent banner (or a consent manager is known to be there).
    pub banner_shown: bool,
}

/// What a finding means for the shopper. One table for every concern: new findings must
/// be added here (a test holds every finding id to it).
pub fn tier_of(finding: &Finding, context: &GradeContext) -> Tier {
    let allowed = |tier: Tier| if context.tracking_allowed { Tier::Minor } else { tier };
    match finding.id.as_str() {
        // Card or password data exposed, or signs of a card skimmer: don't pay or log in.
        "connection.http-page-sensitive"
        | "connection.insecure-form-sensitive"
        | "payment.card-sent-unencrypted"
        | "payment.card-form-third-party"
        | "payment.card-form-get"
        | "payment.suspicious-script"
        | "payment.session-replay-card-fields"
        | "payment.trackers-card-fields"
        | "payment.third-party-scripts-without-integrity"
        | "tracking.session-replay-sensitive"
        | "data.card-leak"
        | "data.password-leak" => Tier::Danger,
        // What the shopper typed, sent elsewhere before they pressed any button: as bad as
        // a recorder watching the fields.
        "data.before-submit" => Tier::Risk,
        // Sent to a tracker once they submitted: watched if they allowed tracking, a risk
        // if they rejected it or had not chosen.
        "data.after-submit-tracker" => {
            if context.tracking_allowed {
                Tier::Watched
            } else {
                Tier::Risk
            }
        }

        // The shopper's privacy at real risk.
        "consent.choice-ignored" | "connection.http-page" | "payment.obfuscated-script" | "payment.session-replay" => {
            Tier::Risk
        }
        // A recorder (or a form in clear text) only matters this much where the shopper types.
        "tracking.session-replay" | "connection.insecure-form" => {
            if context.personal_fields_in_page {
                Tier::Risk
            } else if finding.id == "tracking.session-replay" {
                Tier::Watched
            } else {
                Tier::Minor
            }
        }

        // Watched: tracking without (or before) a choice, an unfair banner, trackers on the checkout.
        "consent.tracking-before-consent" | "consent.no-banner" => {
            if context.only_analytics {
                Tier::Minor
            } else {
                Tier::Watched
            }
        }
        "consent.no-reject-first-layer"
        | "consent.reject-less-visible"
        | "consent.pre-ticked"
        | "consent.cookie-wall" => Tier::Watched,
        "tracking.advertising" | "tracking.social-media" | "tracking.on-payment-page" | "payment.trackers" => {
            allowed(Tier::Watched)
        }
        "tracking.many-companies" => {
            if finding.severity >= Severity::Medium {
                allowed(Tier::Watched)
            } else {
                Tier::Minor
            }
        }

        // Minor: hardening the shop owner should add, light analytics.
        "tracking.analytics"
        | "tracking.cookies"
        | "connection.hsts-missing"
        | "connection.hsts-short"
        | "connection.csp-missing"
        | "connection.mixed-passive"
        | "connection.mixed-active"
        | "payment.card-fields-in-page"
        | "payment.csp-missing"
        | "payment.csp-weak"
        | "payment.scripts-without-integrity" => Tier::Minor,

        "tracking.unknown-third-parties" | "payment.third-party-scripts" => Tier::Info,

        // Not in the table: by severity, so a new finding is never graded better than it costs.
        _ => match finding.severity {
            Severity::Critical => Tier::Danger,
            Severity::High => Tier::Risk,
            Severity::Medium => Tier::Watched,
            Severity::Low => Tier::Minor,
            Severity::Info => Tier::Info,
        },
    }
}

/// Tracking findings the shopper's "Accept" covers, so the popup can say "you allowed these".
fn covered_by_consent(id: &str) -> bool {
    matches!(
        id,
        "tracking.advertising"
            | "tracking.social-media"
            | "tracking.analytics"
            | "tracking.cookies"
            | "tracking.many-companies"
            | "tracking.on-payment-page"
            | "payment.trackers"
    )
}

/// The shopper's letter for one concern's findings, as grading will give it, for a concern
/// that words its own line by it (payment's card line). Context-free tiers only: tracking
/// the shopper allowed is not assumed, so the letter is never better than the page's.
pub fn concern_letter<'a>(findings: impl IntoIterator<Item = &'a Finding> + Clone) -> Grade {
    let context = GradeContext::default();
    let worst = findings
        .clone()
        .into_iter()
        .filter(|f| f.severity > Severity::Info)
        .map(|f| tier_of(f, &context))
        .max()
        .unwrap_or(Tier::Info);
    banded(concern_score(findings), worst).0
}

/// A concern's (or the page's) points placed inside the band of its worst tier.
fn banded(owner_score: u32, worst: Tier) -> (Grade, u32) {
    let (grade, low, high) = worst.band();
    (grade, owner_score.clamp(low, high))
}

/// Builds the report for a judged page from the concerns that were judged and what they
/// found, without the concerns' summaries. A concern that was not judged is left out,
/// never graded by default.
pub fn grade_page(
    url: String,
    judged: &[Concern],
    findings: Vec<Finding>,
    caveats: Vec<Caveat>,
    context: &GradeContext,
) -> Report {
    Report::judged(url, grade(judged, findings, context, None), caveats, Summaries::default())
}

/// Costs each finding and gives it its tier, grades each judged concern and then the page
/// (its weakest concern), and picks the headline, the pay line (`payment` is the payment
/// concern's own line on pages that take a card) and the top tips.
pub fn grade(judged: &[Concern], mut findings: Vec<Finding>, context: &GradeContext, payment: Option<Line>) -> Grading {
    for finding in &mut findings {
        finding.cost = cost(finding.severity);
        finding.tier = if finding.severity == Severity::Info { Tier::Info } else { tier_of(finding, context) };
        finding.allowed = context.tracking_allowed && covered_by_consent(&finding.id);
    }
    // Worst first (for the shopper, then by points), then by id so the order is stable.
    crate::sort::sort_by(&mut findings, |a, b| {
        b.tier.cmp(&a.tier).then_with(|| b.severity.cmp(&a.severity)).then_with(|| a.id.cmp(&b.id))
    });

    let concerns: Vec<ConcernReport> = judged
        .iter()
        .map(|&concern| {
            let own: Vec<&Finding> = findings.iter().filter(|f| f.concern == concern).collect();
            let owner_score = concern_score(own.iter().copied());
            let worst = own.iter().map(|f| f.tier).max().unwrap_or(Tier::Info);
            let (grade, score) = banded(owner_score, worst);
            let line = match own.iter().find(|f| f.cost > 0) {
                Some(f) => Line::new(&f.title_key, Vec::new()),
                None if concern == Concern::Consent && !context.banner_shown => {
                    Line::new("concern_line_ok_consent_no_banner", Vec::new())
                }
                None => Line::new(&format!("concern_line_ok_{}", concern.as_str()), Vec::new()),
            };
            ConcernReport {
                concern,
                grade,
                score,
                tier: worst,
                line,
                owner_score,
                finding_ids: own.iter().filter(|f| f.cost > 0).map(|f| f.id.clone()).collect(),
            }
        })
        .collect();

    let weakest = concerns.iter().min_by_key(|c| c.score);
    let (grade, score) = match weakest {
        Some(c) => (Some(c.grade), Some(c.score)),
        None => (None, None),
    };
    let headline = match grade {
        None => Line::new("verdict_unknown", Vec::new()),
        Some(_) => headline(&findings, context),
    };

    let pay_line = grade.and_then(|grade| pay_line(grade, &findings, payment, context));
    Grading { grade, score, headline, pay_line, top_tips: top_tips(&findings), concerns, findings }
}

/// One headline, from the worst finding: danger first, then privacy, then tracking, then
/// hardening. It names what is at stake on this page (a card only where one is taken).
fn headline(findings: &[Finding], context: &GradeContext) -> Line {
    let worst = findings.first().filter(|f| f.tier > Tier::Info);
    let key = match worst.map(|f| (f.tier, f.id.as_str())) {
        None => "headline_ok",
        Some((Tier::Danger, _)) if context.takes_card => "headline_danger_card",
        Some((Tier::Danger, _)) if context.password_in_page => "headline_danger_password",
        Some((Tier::Danger, _)) => "headline_danger_typing",
        Some((Tier::Risk, "consent.choice-ignored")) => "headline_risk_reject_ignored",
        Some((Tier::Risk, "tracking.session-replay" | "payment.session-replay")) => "headline_risk_recorder",
        Some((Tier::Risk, "connection.http-page" | "connection.insecure-form")) => "headline_risk_unencrypted",
        Some((Tier::Risk, _)) => "headline_risk",
        Some((Tier::Watched, _)) if context.takes_card => "headline_watched_card_safe",
        Some((Tier::Watched, _)) => "headline_watched",
        Some((Tier::Minor, _)) if findings.iter().any(|f| f.allowed) => "headline_minor_allowed",
        Some((Tier::Minor, _)) => "headline_minor",
        Some((Tier::Info, _)) => "headline_ok",
    };
    Line::new(key, Vec::new())
}

/// "Can I pay here?": on a page that takes a card, the payment concern's own line (`payment`);
/// elsewhere, that there is no card form, and what else is at stake.
fn pay_line(grade: Grade, findings: &[Finding], payment: Option<Line>, context: &GradeContext) -> Option<Line> {
    if let Some(line) = payment {
        return Some(line);
    }
    let worst = findings.first().map_or(Tier::Info, |f| f.tier);
    let key = match worst {
        Tier::Danger if context.password_in_page => "payline_no_card_password_danger",
        Tier::Danger | Tier::Risk if context.personal_fields_in_page || context.password_in_page => {
            "payline_no_card_typing_risk"
        }
        _ if grade <= Grade::B => "payline_no_card",
        _ => "payline_no_card_watched",
    };
    Some(Line::new(key, Vec::new()))
}

/// At most two tips, best first, never the same twice.
const MAX_TOP_TIPS: usize = 2;

fn top_tips(findings: &[Finding]) -> Vec<String> {
    let mut tips: Vec<String> = Vec::new();
    for finding in findings.iter().filter(|f| f.severity > Severity::Info && !f.allowed) {
        if !tips.contains(&finding.tip_key) {
            tips.push(finding.tip_key.clone());
        }
        if tips.len() == MAX_TOP_TIPS {
            return tips;
        }
    }
    // Advice worth giving on every shop, even one with nothing to report.
    tips.push("tip_general_pay_by_card".to_string());
    tips
}

/// Where a report's letter, headline and "Can I pay here?" line would tell the shopper
/// different things. Empty for every report the core makes; the calibration suite and the
/// Chromium tests hold every profile and demo shop to it.
pub fn contradictions(report: &Report) -> Vec<String> {
    claims_contradictions(&Claims::of(report))
}

/// What [`contradictions`] reads of a report: its letter and what its lines say, by key. The
/// Chromium tests send a report as JSON (`reportContradictions`): read into this, not into a
/// whole `Report`, whose reader is some 75 KB of wasm the worker would compile at every
/// start for a test's sake. Required and optional as in a `Report`; the rest is skipped.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Claims {
    grade: Option<Grade>,
    verdict_key: String,
    #[serde(default)]
    headline: KeyClaim,
    #[serde(default)]
    pay_line: Option<KeyClaim>,
    /// Only whether there is one: the page takes a card.
    #[serde(default)]
    payment: Option<serde::de::IgnoredAny>,
    concerns: Vec<ConcernClaim>,
    findings: Vec<FindingClaim>,
}

#[derive(Debug, Default, Deserialize)]
struct KeyClaim {
    key: String,
}

#[derive(Debug, Deserialize)]
struct ConcernClaim {
    concern: Concern,
    grade: Grade,
    line: KeyClaim,
}

#[derive(Debug, Deserialize)]
struct FindingClaim {
    concern: Concern,
    #[serde(default)]
    tier: Tier,
}

impl Claims {
    fn of(report: &Report) -> Claims {
        let key = |line: &Line| KeyClaim { key: line.key.clone() };
        Claims {
            grade: report.grade,
            verdict_key: report.verdict_key.clone(),
            headline: key(&report.headline),
            pay_line: report.pay_line.as_ref().map(key),
            payment: report.payment.as_ref().map(|_| serde::de::IgnoredAny),
            concerns: (report.concerns.iter())
                .map(|c| ConcernClaim { concern: c.concern, grade: c.grade, line: key(&c.line) })
                .collect(),
            findings: report.findings.iter().map(|f| FindingClaim { concern: f.concern, tier: f.tier }).collect(),
        }
    }
}

/// [`contradictions`] of what a report claims.
pub fn claims_contradictions(report: &Claims) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(grade) = report.grade else {
        return problems;
    };
    let worst = report.findings.iter().map(|f| f.tier).max().unwrap_or(Tier::Info);
    if worst.band().0 != grade {
        problems.push(format!("letter {} but the worst finding is {worst:?}", grade.letter()));
    }
    let headline_tier = match report.headline.key.as_str() {
        "headline_ok" => Tier::Info,
        "headline_minor" | "headline_minor_allowed" => Tier::Minor,
        "headline_watched" | "headline_watched_card_safe" => Tier::Watched,
        k if k.starts_with("headline_risk") => Tier::Risk,
        k if k.starts_with("headline_danger") => Tier::Danger,
        other => {
            problems.push(format!("unknown headline {other}"));
            worst
        }
    };
    if headline_tier.band().0 != grade {
        problems.push(format!("headline {} under letter {}", report.headline.key, grade.letter()));
    }
    if report.verdict_key != report.headline.key {
        problems.push("verdict and headline differ".to_string());
    }
    let takes_card = report.payment.is_some();
    if report.headline.key == "headline_danger_card" && !takes_card {
        problems.push("\"don't pay\" headline on a page without card fields".to_string());
    }
    match (&report.pay_line, takes_card) {
        (None, _) => problems.push("judged page without a pay line".to_string()),
        (Some(line), false) if !line.key.starts_with("payline_no_card") => {
            problems.push(format!("pay line {} on a page without card fields", line.key))
        }
        (Some(line), true) => {
            let warns = matches!(
                line.key.as_str(),
                "payment_verdict_unencrypted" | "payment_verdict_skimmer" | "payment_verdict_unknown_destination"
            );
            let card_danger = report.findings.iter().any(|f| f.tier == Tier::Danger && f.concern == Concern::Payment);
            let advises_against = warns || line.key.starts_with("payment_verdict_readers");
            if advises_against && grade <= Grade::B {
                problems.push(format!(
                    "pay line {} advises against the card under letter {}",
                    line.key,
                    grade.letter()
                ));
            }
            if warns && grade == Grade::C {
                problems.push(format!("pay line {} under letter {}", line.key, grade.letter()));
            }
            if card_danger
                && (line.key.contains("provider") || line.key.contains("guarded") || line.key.ends_with("no_scripts"))
            {
                problems.push(format!("reassuring pay line {} beside a danger to the card", line.key));
            }
        }
        _ => {}
    }
    for concern in &report.concerns {
        if concern.line.key.starts_with("concern_line_ok") && concern.grade != Grade::A {
            problems.push(format!("{} says all is well under {}", concern.concern.as_str(), concern.grade.letter()));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FindingKind, Status};

    // Made-up kinds: grading reads the id, concern and severity.
    fn finding(id: &'static str, severity: Severity) -> Finding {
        Finding::new(&FindingKind { id, concern: Concern::Connection, severity }, vec![])
    }

    fn tracking(id: &'static str, severity: Severity) -> Finding {
        Finding::new(&FindingKind { id, concern: Concern::Tracking, severity }, vec![])
    }

    fn judge(findings: Vec<Finding>, context: &GradeContext) -> Report {
        grade_page("https://a.test/".into(), &[Concern::Connection, Concern::Tracking], findings, vec![], context)
    }

    #[test]
    fn clean_page_is_a() {
        let report =
            grade_page("https://a.test/".into(), &[Concern::Connection], vec![], vec![], &GradeContext::default());
        assert_eq!(report.grade, Some(Grade::A));
        assert_eq!(report.verdict_key, "headline_ok");
        assert_eq!(report.concerns[0].line.key, "concern_line_ok_connection");
    }

    #[test]
    fn critical_caps_at_f_even_alone() {
        let report =
            judge(vec![finding("connection.http-page-sensitive", Severity::Critical)], &GradeContext::default());
        assert_eq!(report.grade, Some(Grade::F));
        assert_eq!(report.findings[0].cost, 100);
        assert_eq!(report.findings[0].tier, Tier::Danger);
    }

    #[test]
    fn costs_add_up_and_name_their_findings() {
        let report = judge(
            vec![
                finding("connection.hsts-missing", Severity::Low),
                finding("connection.csp-missing", Severity::Medium),
            ],
            &GradeContext::default(),
        );
        let connection = report.concern(Concern::Connection).unwrap();
        assert_eq!(connection.owner_score, 65);
        assert_eq!(connection.finding_ids, vec!["connection.csp-missing", "connection.hsts-missing"]);
    }

    #[test]
    fn hardening_alone_never_leaves_b() {
        // Many missing headers cost the owner's view a lot, the shopper's letter at most a B.
        let findings = ["connection.hsts-missing", "connection.csp-missing", "connection.mixed-passive"]
            .iter()
            .map(|id| finding(id, Severity::Medium))
            .collect();
        let report = judge(findings, &GradeContext::default());
        let connection = report.concern(Concern::Connection).unwrap();
        assert_eq!((connection.grade, connection.score, connection.owner_score), (Grade::B, 75, 25));
        assert_eq!(report.grade, Some(Grade::B));
    }

    #[test]
    fn ordinary_tracking_is_never_f() {
        let report = judge(
            vec![
                tracking("tracking.advertising", Severity::Medium),
                tracking("tracking.on-payment-page", Severity::Medium),
                tracking("tracking.many-companies", Severity::Medium),
                tracking("tracking.cookies", Severity::Low),
                tracking("tracking.analytics", Severity::Low),
            ],
            &GradeContext { takes_card: true, ..GradeContext::default() },
        );
        assert_eq!(report.grade, Some(Grade::C));
        assert_eq!(report.verdict_key, "headline_watched_card_safe");
    }

    #[test]
    fn tracking_the_shopper_allowed_costs_little_and_says_so() {
        let context = GradeContext { tracking_allowed: true, ..GradeContext::default() };
        let report = judge(
            vec![
                tracking("tracking.advertising", Severity::Medium),
                tracking("tracking.on-payment-page", Severity::Medium),
            ],
            &context,
        );
        assert_eq!(report.grade, Some(Grade::B));
        assert!(report.findings.iter().all(|f| f.allowed));
        assert_eq!(report.verdict_key, "headline_minor_allowed");
        // Tips are for what the shopper did not agree to.
        assert_eq!(report.top_tips, vec!["tip_general_pay_by_card"]);
    }

    #[test]
    fn a_recorder_matters_where_the_shopper_types() {
        let replay = || vec![tracking("tracking.session-replay", Severity::High)];
        let watching = judge(replay(), &GradeContext::default());
        let typing = judge(replay(), &GradeContext { personal_fields_in_page: true, ..GradeContext::default() });
        assert_eq!(watching.grade, Some(Grade::C));
        assert_eq!(typing.grade, Some(Grade::D));
        assert_eq!(typing.verdict_key, "headline_risk_recorder");
    }

    #[test]
    fn the_headline_names_what_is_at_stake() {
        let danger = || vec![finding("connection.insecure-form-sensitive", Severity::Critical)];
        let card = judge(danger(), &GradeContext { takes_card: true, ..GradeContext::default() });
        let password = judge(danger(), &GradeContext { password_in_page: true, ..GradeContext::default() });
        assert_eq!(card.verdict_key, "headline_danger_card");
        assert_eq!(password.verdict_key, "headline_danger_password");
        assert_eq!(password.pay_line.unwrap().key, "payline_no_card_password_danger");
    }

    #[test]
    fn at_most_two_tips_never_repeated() {
        let report = judge(
            vec![
                finding("connection.http-page", Severity::High),
                finding("connection.mixed-active", Severity::High),
                finding("connection.hsts-missing", Severity::Low),
            ],
            &GradeContext::default(),
        );
        assert_eq!(report.top_tips.len(), 2);
        assert_ne!(report.top_tips[0], report.top_tips[1]);
    }

    #[test]
    fn nothing_judged_is_unknown_not_good() {
        let report = grade_page("https://a.test/".into(), &[], vec![], vec![], &GradeContext::default());
        assert_eq!(report.grade, None);
        assert_eq!(report.status, Status::Unknown);
        assert_eq!(report.pay_line, None);
    }

    #[test]
    fn grade_boundaries() {
        assert_eq!(grade_for_score(90), Grade::A);
        assert_eq!(grade_for_score(89), Grade::B);
        assert_eq!(grade_for_score(75), Grade::B);
        assert_eq!(grade_for_score(74), Grade::C);
        assert_eq!(grade_for_score(60), Grade::C);
        assert_eq!(grade_for_score(59), Grade::D);
        assert_eq!(grade_for_score(45), Grade::D);
        assert_eq!(grade_for_score(44), Grade::F);
        assert_eq!(grade_for_score(0), Grade::F);
    }

    #[test]
    fn bands_and_score_letters_agree() {
        for tier in [Tier::Info, Tier::Minor, Tier::Watched, Tier::Risk, Tier::Danger] {
            let (letter, low, high) = tier.band();
            assert_eq!(grade_for_score(low), letter);
            assert_eq!(grade_for_score(high), letter);
        }
    }
}
