//! The "Data you type" concern: [`super::judge`]'s leaks as findings and the report's
//! [`DataSummary`]. The concern is judged only when the shopper typed into a personal-data
//! field: with nothing typed there is nothing to say either way.

use super::judge::{judge, DataLeak, DataLeaks, JudgeInput, LeakSeverity};
use super::normalise::calling_code_for;
use super::redact::scrub_json;
use super::{limits, PersonalKind, TokenSet, TypedField, TypedInputs};
use crate::fields;
use crate::page::{Page, PageFacts};
use crate::providers;
use crate::report::finding_ids::{DATA_AFTER_SUBMIT_TRACKER, DATA_BEFORE_SUBMIT, DATA_CARD_LEAK, DATA_PASSWORD_LEAK};
use crate::report::{capped_evidence, Caveat, DataLeakEntry, DataSummary, Finding, Report};
use crate::site::host_of;
use crate::tracking::TrackerDb;

/// Evidence lines per finding (the summary lists every leak).
const MAX_EVIDENCE: usize = 8;

pub struct DataJudgement {
    pub findings: Vec<Finding>,
    pub caveats: Vec<Caveat>,
    pub summary: DataSummary,
}

/// Judges what the shopper typed on this page against the tab's requests; `None` when they
/// typed nothing into a personal-data field (the concern is then not judged).
pub fn judge_page(
    page: &Page,
    facts: &PageFacts,
    page_url: &str,
    trackers: Option<&TrackerDb>,
) -> Option<DataJudgement> {
    let typed = page.typed.as_ref().filter(|t| !t.fields.is_empty())?;
    let fields = personal_fields(typed);
    if fields.is_empty() {
        return None;
    }
    let provider_hosts = payment_provider_hosts(facts);
    let input = JudgeInput {
        page_url,
        payment_provider_hosts: &provider_hosts,
        fields: &fields,
        requests: &typed.requests,
        calling_code: host_of(page_url).and_then(|host| calling_code_for(&host, typed.ui_language.as_deref())),
    };
    let leaks = judge(&input, |request| {
        let db = trackers?;
        let classification = db.classify(&request.url, &request.kind, page_url);
        classification.tracker.and_then(|id| db.tracker(id)).map(|info| info.company_name().to_string())
    });
    Some(findings_of(leaks))
}

/// The typed values the core takes for personal data (the kind is decided here, from the
/// field's attributes), within the limits.
pub fn personal_fields(typed: &TypedInputs) -> Vec<TypedField> {
    typed
        .fields
        .iter()
        .take(limits::FIELDS)
        .filter(|typed| typed.entry.value.chars().count() <= limits::VALUE_CHARS)
        .filter_map(|typed| Some(TypedField { kind: fields::personal_kind(&typed.input)?, entry: typed.entry.clone() }))
        .collect()
}

/// Every string of `value` (a report, a tab's saved state) with what the shopper typed
/// replaced by labels, in every encoding the core searches for.
pub fn scrub(typed: &TypedInputs, value: &mut serde_json::Value) {
    if let Some(tokens) = scrub_tokens(typed) {
        scrub_json(&tokens, value);
    }
}

/// What [`scrub`] searches every string for; `None` when there is nothing to search for.
pub fn scrub_tokens(typed: &TypedInputs) -> Option<TokenSet> {
    let fields = personal_fields(typed);
    if fields.is_empty() {
        return None;
    }
    // The same phone spellings the judgement searches for (`judge_page`).
    let calling_code = calling_code_for(typed.page_host.as_deref().unwrap_or(""), typed.ui_language.as_deref());
    let tokens = TokenSet::derive(&fields, calling_code);
    (!tokens.is_empty()).then_some(tokens)
}

/// [`scrub`] for a report: the request URLs other concerns show (tracking evidence, third
/// parties) may carry what the shopper typed.
pub fn scrub_report(typed: &TypedInputs, report: Report) -> Report {
    let Ok(mut value) = serde_json::to_value(&report) else { return report };
    scrub(typed, &mut value);
    crate::json::from_value(value).unwrap_or(report)
}

/// The hosts of the page's payment providers: its card frames', its forms' targets', its
/// scripts' that a provider serves.
pub fn payment_provider_hosts(facts: &PageFacts) -> Vec<String> {
    let urls = (facts.iframes.iter().map(|f| f.src.as_str()))
        .chain(facts.forms.iter().map(|f| f.action.as_str()))
        .chain(facts.scripts.iter().map(|s| s.src.as_str()));
    let mut hosts: Vec<String> = urls
        .filter_map(host_of)
        .filter(|host| providers::is_provider_site(host))
        .map(|host| host.into_owned())
        .collect();
    crate::sort::sort(&mut hosts);
    hosts.dedup();
    hosts
}

/// The id of the finding a leak belongs to.
pub fn finding_id(leak: &DataLeak) -> &'static str {
    match (leak.kind, leak.severity) {
        (PersonalKind::CardNumber, LeakSeverity::Critical) => DATA_CARD_LEAK.id,
        (_, LeakSeverity::Critical) => DATA_PASSWORD_LEAK.id,
        (_, LeakSeverity::High) => DATA_BEFORE_SUBMIT.id,
        (_, LeakSeverity::Medium) => DATA_AFTER_SUBMIT_TRACKER.id,
    }
}

/// One line of evidence: what, to whom, how, when, and the redacted URL. Never the value.
pub fn evidence_line(leak: &DataLeak) -> String {
    let company = leak.recipient_company.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
    let when = if leak.before_submit { "before submit" } else { "after submit" };
    format!(
        "{} → {}{company} · {} · {when}, {:.1} s after typing · {} request(s) · {}",
        leak.kind.as_str(),
        leak.recipient_host,
        leak.encoding,
        leak.seconds_after_typing,
        leak.requests,
        leak.evidence_url
    )
}

fn findings_of(leaks: DataLeaks) -> DataJudgement {
    let mut findings = Vec::new();
    for kind in [DATA_CARD_LEAK, DATA_PASSWORD_LEAK, DATA_BEFORE_SUBMIT, DATA_AFTER_SUBMIT_TRACKER] {
        let mine: Vec<&DataLeak> = leaks.leaks.iter().filter(|l| finding_id(l) == kind.id).collect();
        if !mine.is_empty() {
            findings.push(Finding::new(&kind, capped_evidence(mine.iter().map(|l| evidence_line(l)), MAX_EVIDENCE)));
        }
    }
    let mut caveats = Vec::new();
    if leaks.requests_capped > 0 {
        caveats.push(Caveat::new(
            "caveat_typed_capped",
            format!("{} of {}", leaks.requests_capped, leaks.requests_searched),
        ));
    }
    let summary = DataSummary {
        leaks: leaks
            .leaks
            .iter()
            .map(|leak| DataLeakEntry {
                kind: leak.kind.as_str().to_string(),
                finding_id: finding_id(leak).to_string(),
                recipient_host: leak.recipient_host.clone(),
                recipient_company: leak.recipient_company.clone(),
                encoding: leak.encoding.clone(),
                before_submit: leak.before_submit,
                seconds_after_typing: leak.seconds_after_typing,
                evidence_url: leak.evidence_url.clone(),
                requests: leak.requests,
            })
            .collect(),
        fields_searched: leaks.fields_searched,
        fields_not_searched: leaks.fields_not_searched,
        requests_searched: leaks.requests_searched,
        requests_capped: leaks.requests_capped,
    };
    DataJudgement { findings, caveats, summary }
}
