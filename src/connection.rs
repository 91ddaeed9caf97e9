//! Connection: can anyone on the network read or change what the shopper sees and types?
//!
//! Looks at the page's scheme, where forms submit, mixed content on HTTPS pages, and the
//! security headers that keep a connection HTTPS (HSTS) and limit injected scripts (CSP).

use url::Url;

use crate::fields::{self, PageFields};
use crate::page::{FormFacts, MainDocument, Page, PageFacts};
use crate::report::finding_ids as ids;
use crate::report::{capped_evidence, Caveat, Finding, Severity};

/// Six months, the HSTS max-age below which browsers' preload list and the MDN
/// Observatory consider the policy too short to protect returning visitors.
pub const HSTS_MIN_MAX_AGE: u64 = 15_552_000;

/// How many distinct URLs or fields a finding lists before summarising the rest.
const MAX_EVIDENCE: usize = 10;

pub struct ConnectionJudgement {
    pub findings: Vec<Finding>,
    pub caveats: Vec<Caveat>,
}

pub fn judge(page: &Page, facts: &PageFacts, inputs: &PageFields, page_url: &Url) -> ConnectionJudgement {
    let mut findings = Vec::new();
    let mut caveats = Vec::new();
    let is_https = page_url.scheme() == "https";

    if !is_https {
        findings.push(http_page(inputs, page_url));
    }
    findings.extend(insecure_forms(facts, inputs, is_https));
    if is_https {
        findings.extend(mixed_content(page, facts));
    }

    match crate::site::main_document_for(page, page_url) {
        Some(doc) => {
            // On plain HTTP anyone on the path can strip both headers, so they are
            // judged only where they can do their job.
            if is_https {
                findings.extend(hsts(doc));
                if !has_csp(Some(doc), facts) {
                    findings.push(csp_missing());
                }
            }
        }
        None => {
            caveats.push(Caveat::new("caveat_headers_unseen", page_url.as_str()));
            // A meta CSP is visible without headers; without one we cannot tell.
        }
    }

    ConnectionJudgement { findings, caveats }
}

fn http_page(inputs: &PageFields, page_url: &Url) -> Finding {
    let sensitive: Vec<_> = inputs.all().iter().filter(|(_, kind)| kind.is_sensitive()).map(|(i, _)| *i).collect();
    let mut evidence = vec![format!("page address: {}", fields::clip(page_url.as_str(), 200))];
    if sensitive.is_empty() {
        Finding::new(&ids::CONNECTION_HTTP_PAGE, evidence)
    } else {
        evidence.extend(capped_evidence(sensitive.iter().map(|i| fields::describe(i)), MAX_EVIDENCE));
        Finding::new(&ids::CONNECTION_HTTP_PAGE_SENSITIVE, evidence)
    }
}

/// Forms whose resolved action is `http:`. Chrome warns on submit for these from HTTPS
/// pages; from HTTP pages nobody warns. Without sensitive fields, a form on an HTTP page
/// adds little to the page's own finding, so it costs less there.
fn insecure_forms(facts: &PageFacts, inputs: &PageFields, page_is_https: bool) -> Vec<Finding> {
    let mut plain = Vec::new();
    let mut sensitive = Vec::new();
    for (index, form) in facts.forms.iter().enumerate() {
        if !submits_over_http(form) {
            continue;
        }
        let sensitive_fields: Vec<String> =
            inputs.of_form(index).iter().filter(|(_, k)| k.is_sensitive()).map(|(i, _)| fields::describe(i)).collect();
        let target = format!(
            "form sends to {} ({})",
            fields::clip(&form.action, 200),
            if form.method.is_empty() { "get" } else { &form.method }
        );
        if sensitive_fields.is_empty() {
            plain.push(target);
        } else {
            sensitive.push(target);
            sensitive.extend(sensitive_fields);
        }
    }
    let mut out = Vec::new();
    if !sensitive.is_empty() {
        out.push(Finding::new(
            &ids::CONNECTION_INSECURE_FORM_SENSITIVE,
            capped_evidence(sensitive.into_iter(), MAX_EVIDENCE),
        ));
    }
    if !plain.is_empty() {
        // On a page that is itself HTTP, the page's own finding already says the worst.
        let severity = if page_is_https { Severity::Medium } else { Severity::Low };
        out.push(
            Finding::new(&ids::CONNECTION_INSECURE_FORM, capped_evidence(plain.into_iter(), MAX_EVIDENCE))
                .with_severity(severity),
        );
    }
    out
}

fn submits_over_http(form: &FormFacts) -> bool {
    if form.method.eq_ignore_ascii_case("dialog") {
        return false;
    }
    matches!(Url::parse(&form.action), Ok(action) if action.scheme() == "http")
}

/// Active mixed content (scripts, frames, styles, fetches) can rewrite the page; passive
/// (images, media) can only be swapped or watched. Browsers block most active mixed
/// content, but the page still asked for it, and older browsers do not.
fn mixed_content(page: &Page, facts: &PageFacts) -> Vec<Finding> {
    let mut active: Vec<String> = Vec::new();
    let mut passive: Vec<String> = Vec::new();

    active.extend(facts.scripts.iter().map(|s| s.src.as_str()).filter(|u| is_http(u)).map(|u| format!("script {u}")));
    active.extend(facts.iframes.iter().map(|f| f.src.as_str()).filter(|u| is_http(u)).map(|u| format!("frame {u}")));
    active.extend(
        facts.stylesheets.iter().map(|s| s.href.as_str()).filter(|u| is_http(u)).map(|u| format!("stylesheet {u}")),
    );
    passive.extend(facts.media.iter().filter(|m| is_http(&m.src)).map(|m| format!("{} {}", m.tag, m.src)));

    for resource in facts.resources.iter().filter(|r| is_http(&r.url)) {
        let line = format!("{} {}", resource.initiator_type, resource.url);
        match resource.initiator_type.as_str() {
            "img" | "image" | "video" | "audio" | "css" => passive.push(line),
            _ => active.push(line),
        }
    }
    for request in page.requests.iter().filter(|r| is_http(&r.url)) {
        let line = format!("{} {}", request.kind, request.url);
        match request.kind.as_str() {
            "main_frame" => {}
            "image" | "media" | "imageset" => passive.push(line),
            _ => active.push(line),
        }
    }

    let mut out = Vec::new();
    if let Some(evidence) = dedup_by_url(active) {
        out.push(Finding::new(&ids::CONNECTION_MIXED_ACTIVE, evidence));
    }
    if let Some(evidence) = dedup_by_url(passive) {
        out.push(Finding::new(&ids::CONNECTION_MIXED_PASSIVE, evidence));
    }
    out
}

/// The same URL is often seen three times (DOM, Resource Timing, webRequest); list it once.
fn dedup_by_url(lines: Vec<String>) -> Option<Vec<String>> {
    let mut seen_urls: Vec<&str> = Vec::new();
    let mut unique: Vec<String> = Vec::new();
    for line in &lines {
        let url = line.rsplit(' ').next().unwrap_or(line);
        if !seen_urls.contains(&url) {
            seen_urls.push(url);
            unique.push(line.clone());
        }
    }
    (!unique.is_empty()).then(|| capped_evidence(unique.into_iter(), MAX_EVIDENCE))
}

fn is_http(url: &str) -> bool {
    url.len() > 7 && url.get(..7).is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"))
}

fn hsts(doc: &MainDocument) -> Option<Finding> {
    let Some(value) = doc.header_values("strict-transport-security").next() else {
        return Some(Finding::new(
            &ids::CONNECTION_HSTS_MISSING,
            vec!["no Strict-Transport-Security header".to_string()],
        ));
    };
    match hsts_max_age(value) {
        Some(age) if age >= HSTS_MIN_MAX_AGE => None,
        _ => Some(Finding::new(
            &ids::CONNECTION_HSTS_SHORT,
            vec![format!("Strict-Transport-Security: {}", fields::clip(value, 200))],
        )),
    }
}

/// `max-age` of an HSTS header value; `None` when absent or not a number (which
/// browsers treat as no policy at all).
pub fn hsts_max_age(value: &str) -> Option<u64> {
    value.split(';').find_map(|directive| {
        let (name, v) = directive.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("max-age") {
            return None;
        }
        v.trim().trim_matches('"').parse().ok()
    })
}

fn has_csp(doc: Option<&MainDocument>, facts: &PageFacts) -> bool {
    let header = doc.is_some_and(|d| d.header_values("content-security-policy").any(|v| !v.trim().is_empty()));
    header || facts.meta_csp.iter().any(|v| !v.trim().is_empty())
}

fn csp_missing() -> Finding {
    Finding::new(&ids::CONNECTION_CSP_MISSING, vec!["no Content-Security-Policy header or meta tag".to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hsts_max_age_parsing() {
        assert_eq!(hsts_max_age("max-age=31536000; includeSubDomains"), Some(31_536_000));
        assert_eq!(hsts_max_age("includeSubDomains; MAX-AGE=\"600\""), Some(600));
        assert_eq!(hsts_max_age("max-age=abc"), None);
        assert_eq!(hsts_max_age(""), None);
    }

    #[test]
    fn http_detection_is_case_insensitive_and_exact() {
        assert!(is_http("HTTP://x.test/a.js"));
        assert!(!is_http("https://x.test/a.js"));
        assert!(!is_http("http:/"));
        assert!(!is_http("ééééé"));
    }
}
