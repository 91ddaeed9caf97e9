//! Turning findings into grades that can be explained: every point lost names its finding.
//!
//! Each concern starts at 100 and loses the cost of each finding's severity. A critical
//! finding (data the shopper types could travel in clear text) takes the concern to 0.
//! The page's grade is its weakest concern's: a shop is as safe to pay at as its worst part.

use crate::report::{Caveat, Concern, ConcernReport, Finding, Grade, Grading, Report, Severity, Summaries};

pub const FULL_SCORE: u32 = 100;

pub fn cost(severity: Severity) -> u32 {
    match severity {
        Severity::Info => 0,
        Severity::Low => 10,
        Severity::Medium => 25,
        Severity::High => 40,
        Severity::Critical => FULL_SCORE,
    }
}

/// Tracker categories that cost a page points: advertising, analytics, social media and
/// session replay. The tracking concern costs them, the consent concern asks consent for
/// them (ePrivacy art. 5(3)), the payment concern calls their scripts trackers. Consent
/// managers, CDNs, hosting and payment providers cost nothing.
pub fn costing_category(category: &str) -> bool {
    matches!(category, "advertising" | "pornvertising" | "site_analytics" | "social_media" | "session_replay")
}

/// A concern's score from its findings: full marks less each finding's cost, never below 0.
pub fn concern_score<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> u32 {
    let lost: u32 = findings.into_iter().map(|f| cost(f.severity)).sum();
    FULL_SCORE.saturating_sub(lost)
}

pub fn grade_for_score(score: u32) -> Grade {
    match score {
        90.. => Grade::A,
        75..=89 => Grade::B,
        60..=74 => Grade::C,
        45..=59 => Grade::D,
        _ => Grade::F,
    }
}

/// Builds the report for a judged page from the concerns that were judged and what
/// they found, without the concerns' summaries. A concern that was not judged is left out,
/// never graded by default.
pub fn grade_page(url: String, judged: &[Concern], findings: Vec<Finding>, caveats: Vec<Caveat>) -> Report {
    Report::judged(url, grade(judged, findings), caveats, Summaries::default())
}

/// Costs each finding, scores and grades each judged concern, then the page (its weakest
/// concern), and picks the verdict and the top tips.
pub fn grade(judged: &[Concern], mut findings: Vec<Finding>) -> Grading {
    for finding in &mut findings {
        finding.cost = cost(finding.severity);
    }
    // Worst first, then by id so the order is stable for tests and diffs.
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));

    let concerns: Vec<ConcernReport> = judged
        .iter()
        .map(|&concern| {
            let own: Vec<&Finding> = findings.iter().filter(|f| f.concern == concern).collect();
            let score = concern_score(own.iter().copied());
            ConcernReport {
                concern,
                grade: grade_for_score(score),
                score,
                finding_ids: own.iter().filter(|f| f.cost > 0).map(|f| f.id.clone()).collect(),
            }
        })
        .collect();

    let weakest = concerns.iter().min_by_key(|c| c.score);
    let (grade, score) = match weakest {
        Some(c) => (Some(c.grade), Some(c.score)),
        None => (None, None),
    };
    let has_critical = findings.iter().any(|f| f.severity == Severity::Critical);
    // A shop can be safe to pay at and still watch the shopper closely: say which.
    // Consent failures (tracking before or against the shopper's choice) are watching too.
    let tracking_is_worst = weakest.is_some_and(|c| matches!(c.concern, Concern::Tracking | Concern::Consent));
    let verdict_key = match grade {
        None => "verdict_unknown",
        Some(_) if has_critical => "verdict_dont_pay",
        Some(Grade::C | Grade::D | Grade::F) if tracking_is_worst => "verdict_tracked",
        Some(Grade::A) | Some(Grade::B) => "verdict_looks_safe",
        Some(Grade::C) | Some(Grade::D) => "verdict_caution",
        Some(Grade::F) => "verdict_dont_pay",
    };

    Grading { grade, score, verdict_key, top_tips: top_tips(&findings), concerns, findings }
}

const MAX_TOP_TIPS: usize = 3;

fn top_tips(findings: &[Finding]) -> Vec<String> {
    let mut tips: Vec<String> = Vec::new();
    for finding in findings.iter().filter(|f| f.severity > Severity::Info) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FindingKind, Status};

    // Made-up kinds: grading reads only the concern and severity.
    fn finding(id: &'static str, severity: Severity) -> Finding {
        Finding::new(&FindingKind { id, concern: Concern::Connection, severity }, vec![])
    }

    #[test]
    fn clean_page_is_a() {
        let report = grade_page("https://a.test/".into(), &[Concern::Connection], vec![], vec![]);
        assert_eq!(report.grade, Some(Grade::A));
        assert_eq!(report.verdict_key, "verdict_looks_safe");
    }

    #[test]
    fn critical_caps_at_f_even_alone() {
        let report = grade_page(
            "http://a.test/".into(),
            &[Concern::Connection],
            vec![finding("connection.x", Severity::Critical)],
            vec![],
        );
        assert_eq!(report.grade, Some(Grade::F));
        assert_eq!(report.verdict_key, "verdict_dont_pay");
        assert_eq!(report.findings[0].cost, 100);
    }

    #[test]
    fn costs_add_up_and_name_their_findings() {
        let report = grade_page(
            "https://a.test/".into(),
            &[Concern::Connection],
            vec![finding("connection.a", Severity::Low), finding("connection.b", Severity::Medium)],
            vec![],
        );
        let connection = report.concern(Concern::Connection).unwrap();
        assert_eq!(connection.score, 65);
        assert_eq!(connection.grade, Grade::C);
        assert_eq!(connection.finding_ids, vec!["connection.b", "connection.a"]);
    }

    #[test]
    fn nothing_judged_is_unknown_not_good() {
        let report = grade_page("https://a.test/".into(), &[], vec![], vec![]);
        assert_eq!(report.grade, None);
        assert_eq!(report.status, Status::Unknown);
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
}
