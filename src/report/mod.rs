//! What the core says about a page: findings, grades, verdict. Serialised as-is to the
//! extension (badge, popup) and to `cargo xtask scan --json`, so field names are stable.

use serde::{Deserialize, Serialize};

pub mod consent;
pub mod data;
pub mod finding_ids;
pub mod payment;
pub mod tracking;

pub use consent::{ConsentCheck, ConsentSummary, FirstLayerButton};
pub use data::{DataLeakEntry, DataSummary};
pub use finding_ids::FindingKind;
pub use payment::{PaymentSummary, ScriptEntry, ScriptParty};
pub use tracking::{ThirdParty, TrackerCompany};

/// Bumped whenever a report field changes meaning.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Concern {
    Connection,
    Tracking,
    Consent,
    Payment,
    /// What the shopper typed, and who got it (issue 12).
    Data,
}

impl Concern {
    pub fn as_str(self) -> &'static str {
        match self {
            Concern::Connection => "connection",
            Concern::Tracking => "tracking",
            Concern::Consent => "consent",
            Concern::Payment => "payment",
            Concern::Data => "data",
        }
    }
}

/// How bad a finding is. The point cost lives in `crate::grade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    /// Data the shopper types could be read or changed by anyone on the path:
    /// caps the page at F whatever else it does well.
    Critical,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
    F,
}

impl Grade {
    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::F => "F",
        }
    }

    pub fn parse(letter: &str) -> Option<Grade> {
        match letter.trim().to_ascii_uppercase().as_str() {
            "A" => Some(Grade::A),
            "B" => Some(Grade::B),
            "C" => Some(Grade::C),
            "D" => Some(Grade::D),
            "F" => Some(Grade::F),
            _ => None,
        }
    }
}

/// What a finding means for the shopper, and so which letters it can leave the page: the
/// worst tier sets the band, points place the page inside it ([`crate::grade`] decides each
/// finding's tier; "What the letters mean" in the README says it in words).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Tier {
    /// Worth knowing, costs nothing: A.
    #[default]
    Info,
    /// Fine; minor points for the shop owner, light analytics, tracking the shopper allowed: B.
    Minor,
    /// The shopper is watched (trackers without a choice, unfair banner, trackers on the
    /// checkout), but card and passwords are safe: C.
    Watched,
    /// The shopper's privacy is at real risk (reject ignored, a recorder watching what they
    /// type, a page in clear text): D.
    Risk,
    /// Don't pay or log in: card or password data exposed, skimming signs: F.
    Danger,
}

impl Tier {
    /// The letter this tier leaves a page when it is the worst one, and the points that
    /// letter spans.
    pub fn band(self) -> (Grade, u32, u32) {
        match self {
            Tier::Info => (Grade::A, 90, 100),
            Tier::Minor => (Grade::B, 75, 89),
            Tier::Watched => (Grade::C, 60, 74),
            Tier::Risk => (Grade::D, 45, 59),
            Tier::Danger => (Grade::F, 0, 44),
        }
    }
}

/// A message key and the values for its placeholders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    pub key: String,
    #[serde(default)]
    pub subs: Vec<String>,
}

impl Line {
    pub fn new(key: &str, subs: Vec<String>) -> Line {
        Line { key: key.to_string(), subs }
    }
}

/// One thing seen on the page that matters to a shopper. Texts are message keys
/// (`extension/_locales/*/messages.json`), so every UI can localise them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable identifier, `concern.kebab-name`; tools outside the repo key on it.
    pub id: String,
    pub concern: Concern,
    pub severity: Severity,
    /// What it means for the shopper (filled in by grading).
    #[serde(default)]
    pub tier: Tier,
    /// Tracking the shopper agreed to ("you allowed these"): it costs little.
    #[serde(default)]
    pub allowed: bool,
    /// Points this finding took off its concern's score (filled in by grading).
    pub cost: u32,
    /// Exactly what was seen: URLs, field names, header values. Page-controlled text;
    /// every UI renders it as text.
    pub evidence: Vec<String>,
    pub title_key: String,
    pub why_key: String,
    pub tip_key: String,
    pub fix_key: String,
}

impl Finding {
    /// A finding of a kind from the table ([`finding_ids`]), at the severity it is born with;
    /// its message keys follow from its id: `connection.http-page` →
    /// `connection_http_page_title`, `…_why`, `…_tip`, `…_fix`.
    pub fn new(kind: &FindingKind, evidence: Vec<String>) -> Finding {
        let stem = kind.message_stem();
        Finding {
            id: kind.id.to_string(),
            concern: kind.concern,
            severity: kind.severity,
            tier: Tier::Info,
            allowed: false,
            cost: 0,
            evidence,
            title_key: format!("{stem}_title"),
            why_key: format!("{stem}_why"),
            tip_key: format!("{stem}_tip"),
            fix_key: format!("{stem}_fix"),
        }
    }

    /// For the kinds whose severity depends on the page (see [`finding_ids`]).
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConcernReport {
    pub concern: Concern,
    pub grade: Grade,
    pub score: u32,
    /// The worst tier among its findings: what set its letter.
    pub tier: Tier,
    /// The one line the popup shows beside its letter.
    pub line: Line,
    /// 100 less every point its findings cost, unbounded by the tier's band: the shop
    /// owner's view, where hardening weighs more than on the shopper's letter.
    pub owner_score: u32,
    /// Ids of the findings that cost this concern points, worst first.
    pub finding_ids: Vec<String>,
}

/// Something the core could not see, so the grade rests on less than the whole page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Caveat {
    pub key: String,
    pub detail: String,
}

impl Caveat {
    pub fn new(key: &str, detail: impl Into<String>) -> Caveat {
        Caveat { key: key.to_string(), detail: detail.into() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    Judged,
    /// The core could not judge the page; `unknown_reason` says why. Never a grade.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub schema_version: u32,
    pub status: Status,
    pub url: Option<String>,
    pub grade: Option<Grade>,
    pub score: Option<u32>,
    /// Message key of the one-line verdict: the headline's key (kept for `scan --json`).
    pub verdict_key: String,
    /// The headline, chosen by priority from the worst finding.
    #[serde(default)]
    pub headline: Line,
    /// "Can I pay here?" in one line; `None` when the page could not be judged.
    #[serde(default)]
    pub pay_line: Option<Line>,
    /// Message key saying why the page could not be judged.
    pub unknown_reason_key: Option<String>,
    /// Detail for the unknown reason (e.g. the parse error), shown as text.
    pub unknown_detail: Option<String>,
    pub concerns: Vec<ConcernReport>,
    /// Worst first.
    pub findings: Vec<Finding>,
    /// Message keys of the most useful tips for the shopper, best first.
    pub top_tips: Vec<String>,
    /// Limits of this judgement the shopper should know (facts cut short, headers unseen).
    pub caveats: Vec<Caveat>,
    /// Tracking companies seen on the page, by category then name.
    #[serde(default)]
    pub trackers: Vec<TrackerCompany>,
    /// Third parties the tracker data does not name, by site.
    #[serde(default)]
    pub third_parties: Vec<ThirdParty>,
    /// The consent banner, its fairness checklist and what ran before consent.
    #[serde(default)]
    pub consent: Option<ConsentSummary>,
    /// Where the card number goes and who can read it; `None` on pages that take no payment.
    #[serde(default)]
    pub payment: Option<PaymentSummary>,
    /// Who got what the shopper typed; `None` when they typed nothing into a personal-data field.
    #[serde(default)]
    pub data: Option<DataSummary>,
}

/// What grading makes of a judged page's findings (see `crate::grade`).
#[derive(Debug, Clone, PartialEq)]
pub struct Grading {
    /// `None` when no concern was judged: the page is then unknown, never graded by default.
    pub grade: Option<Grade>,
    pub score: Option<u32>,
    /// The headline (its key is also the report's `verdict_key`).
    pub headline: Line,
    /// "Can I pay here?"; `None` only when nothing was judged.
    pub pay_line: Option<Line>,
    pub concerns: Vec<ConcernReport>,
    /// Worst first, each with its cost.
    pub findings: Vec<Finding>,
    pub top_tips: Vec<String>,
}

/// What each concern shows beside its findings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summaries {
    pub trackers: Vec<TrackerCompany>,
    pub third_parties: Vec<ThirdParty>,
    pub consent: Option<ConsentSummary>,
    pub payment: Option<PaymentSummary>,
    pub data: Option<DataSummary>,
}

impl Report {
    /// The report on a page the core could judge: every report but the unknown ones is
    /// built here.
    pub fn judged(url: String, grading: Grading, caveats: Vec<Caveat>, summaries: Summaries) -> Report {
        let judged = grading.grade.is_some();
        Report {
            schema_version: REPORT_SCHEMA_VERSION,
            status: if judged { Status::Judged } else { Status::Unknown },
            url: Some(url),
            grade: grading.grade,
            score: grading.score,
            verdict_key: grading.headline.key.clone(),
            headline: grading.headline,
            pay_line: grading.pay_line,
            unknown_reason_key: (!judged).then(|| "unknown_nothing_judged".to_string()),
            unknown_detail: None,
            concerns: grading.concerns,
            findings: grading.findings,
            top_tips: grading.top_tips,
            caveats,
            trackers: summaries.trackers,
            third_parties: summaries.third_parties,
            consent: summaries.consent,
            payment: summaries.payment,
            data: summaries.data,
        }
    }

    /// The report on a page the core could not judge, with the reason; never a grade.
    pub fn unknown(url: Option<String>, reason_key: &str, detail: Option<String>) -> Report {
        Report {
            schema_version: REPORT_SCHEMA_VERSION,
            status: Status::Unknown,
            url,
            grade: None,
            score: None,
            verdict_key: "verdict_unknown".to_string(),
            headline: Line::new("verdict_unknown", Vec::new()),
            pay_line: None,
            unknown_reason_key: Some(reason_key.to_string()),
            unknown_detail: detail,
            concerns: Vec::new(),
            findings: Vec::new(),
            top_tips: Vec::new(),
            caveats: Vec::new(),
            trackers: Vec::new(),
            third_parties: Vec::new(),
            consent: None,
            payment: None,
            data: None,
        }
    }

    pub fn finding(&self, id: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id == id)
    }

    pub fn concern(&self, concern: Concern) -> Option<&ConcernReport> {
        self.concerns.iter().find(|c| c.concern == concern)
    }
}

/// The first `max` evidence lines, then "… and N more": a page with thousands of matching
/// fields or requests still gives a finding the popup can show.
pub fn capped_evidence(items: impl Iterator<Item = String>, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut total = 0;
    for item in items {
        if out.len() < max {
            out.push(item);
        }
        total += 1;
    }
    if total > max {
        out.push(format!("… and {} more", total - max));
    }
    out
}
