//! Does the page's Content-Security-Policy actually stop an injected script?
//!
//! A CSP only protects card fields if its script policy (`script-src-elem`, `script-src-attr`,
//! `script-src`, falling back to `default-src`; see [`script_weaknesses`])
//! refuses inline code and unknown hosts: `'unsafe-inline'` without a nonce or hash lets
//! any injected `<script>` run, and `*`, `https:` or `data:` let one load from anywhere.
//! With `'strict-dynamic'` and a nonce or hash, browsers ignore host and scheme sources,
//! so those no longer weaken it. Several policies (headers and meta tags) all apply, so
//! the page is as strict as its strictest policy.

use url::Url;

use crate::page::{Page, PageFacts};
use crate::providers;
use crate::site;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageCsp {
    /// Headers were not observed and there is no meta policy: cannot tell.
    Unseen,
    Missing,
    /// No policy restricts scripts well; why, and the policies seen.
    Weak {
        policies: Vec<String>,
        reasons: Vec<String>,
    },
    /// Some policy restricts scripts well.
    Strict,
}

impl PageCsp {
    pub fn label(&self) -> &'static str {
        match self {
            PageCsp::Unseen => "unseen",
            PageCsp::Missing => "missing",
            PageCsp::Weak { .. } => "weak",
            PageCsp::Strict => "strict",
        }
    }
}

pub fn judge_page(page: &Page, facts: &PageFacts, page_url: &Url, page_site: &str) -> PageCsp {
    let doc = crate::site::main_document_for(page, page_url);
    let mut policies: Vec<&str> = Vec::new();
    if let Some(doc) = doc {
        // One header may hold several policies, separated by commas.
        for value in doc.header_values("content-security-policy") {
            policies.extend(value.split(',').map(str::trim).filter(|p| !p.is_empty()));
        }
    }
    policies.extend(facts.meta_csp.iter().map(|p| p.trim()).filter(|p| !p.is_empty()));
    if policies.is_empty() {
        return if doc.is_some() { PageCsp::Missing } else { PageCsp::Unseen };
    }
    let mut reasons = Vec::new();
    for policy in &policies {
        match script_weaknesses(policy, page_site) {
            Ok(()) => return PageCsp::Strict,
            Err(mut why) => reasons.append(&mut why),
        }
    }
    reasons.dedup();
    PageCsp::Weak { policies: policies.iter().map(|p| p.to_string()).collect(), reasons }
}

/// What keeps one policy from restricting scripts; `Ok` when nothing does.
///
/// CSP level 3 asks a different directive for each way a script can start, each with its
/// own fallback: `<script>` elements `script-src-elem`, inline event handlers
/// (`onerror="…"`) `script-src-attr`, `eval` and its kin `script-src`; all of them fall back
/// to `script-src`, then `default-src`. A skimmer can come in by any of the three, so the
/// policy is only as strict as the loosest of them.
pub fn script_weaknesses(policy: &str, page_site: &str) -> Result<(), Vec<String>> {
    let directive = |name: &'static str| {
        // The first of a repeated directive is the one browsers enforce.
        policy.split(';').find_map(|d| {
            let mut tokens = d.split_ascii_whitespace();
            let first = tokens.next()?;
            first.eq_ignore_ascii_case(name).then(|| SourceList::new(name, tokens))
        })
    };
    let base = directive("script-src").or_else(|| directive("default-src"));
    let elements = directive("script-src-elem").or_else(|| base.clone());
    let handlers = directive("script-src-attr").or_else(|| base.clone());
    let (Some(elements), Some(handlers), Some(base)) = (elements, handlers, base) else {
        return Err(vec!["the policy has neither script-src nor default-src: scripts are not restricted".to_string()]);
    };

    let mut weak = Vec::new();
    elements.inline_weakness(&mut weak, "any injected inline script runs");
    if handlers.name != elements.name {
        handlers.inline_weakness(&mut weak, "injected event handlers (onerror=\"…\") run");
    }
    if base.has("'unsafe-eval'") {
        weak.push(format!("{} allows 'unsafe-eval': code hidden in strings (eval(atob(…))) runs", base.name));
    }
    // With 'strict-dynamic' and a nonce or hash, browsers ignore host and scheme sources.
    if !elements.strict_dynamic() {
        for source in &elements.sources {
            if let Some(why) = broad_source(source, page_site) {
                weak.push(format!("{} allows {source}: {why}", elements.name));
            }
        }
    }
    if weak.is_empty() {
        Ok(())
    } else {
        Err(weak)
    }
}

/// One directive's sources, lower-cased.
#[derive(Clone)]
struct SourceList {
    name: &'static str,
    sources: Vec<String>,
}

impl SourceList {
    fn new<'a>(name: &'static str, tokens: impl Iterator<Item = &'a str>) -> SourceList {
        SourceList { name, sources: tokens.map(str::to_ascii_lowercase).collect() }
    }

    fn has(&self, source: &str) -> bool {
        self.sources.iter().any(|s| s == source)
    }

    /// A nonce or hash makes browsers ignore 'unsafe-inline' in the same list.
    fn nonce_or_hash(&self) -> bool {
        self.sources.iter().any(|s| {
            s.starts_with("'nonce-")
                || s.starts_with("'sha256-")
                || s.starts_with("'sha384-")
                || s.starts_with("'sha512-")
        })
    }

    fn strict_dynamic(&self) -> bool {
        self.has("'strict-dynamic'") && self.nonce_or_hash()
    }

    fn inline_weakness(&self, weak: &mut Vec<String>, what_runs: &str) {
        if self.has("'unsafe-inline'") && !self.nonce_or_hash() {
            weak.push(format!("{} allows 'unsafe-inline' without a nonce or hash: {what_runs}", self.name));
        }
    }
}

/// Why a source lets scripts come from hosts nobody vetted, if it does.
fn broad_source(source: &str, page_site: &str) -> Option<&'static str> {
    if source == "*" {
        return Some("scripts from any host");
    }
    if matches!(source, "https:" | "http:" | "data:" | "blob:" | "filesystem:" | "wss:" | "ws:") {
        return Some("scripts from any host with that scheme");
    }
    if source.starts_with('\'') {
        return None;
    }
    let host_part = source.split_once("://").map_or(source, |(_, rest)| rest);
    let host = host_part.split(['/', ':']).next().unwrap_or("");
    if host == "*" {
        return Some("scripts from any host");
    }
    if let Some(domain) = host.strip_prefix("*.") {
        // A wildcard under the shop's own site or a payment provider's host stays with
        // parties the shop already trusts with the card.
        if site::site_of(domain) == page_site || providers::provider_for_host(domain).is_some() {
            return None;
        }
        return Some("scripts from any subdomain of another site");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_policies() {
        for policy in [
            "default-src 'self'",
            "script-src 'self' https://js.stripe.com; object-src 'none'",
            "script-src 'nonce-r4nd0m' 'unsafe-inline' 'strict-dynamic' https:; object-src 'none'",
            "script-src 'sha256-abcabcabc' 'unsafe-inline'",
            "script-src https://*.shop.example 'self'",
            "default-src * ; script-src 'self'",
            // script-src-elem may loosen nothing that script-src already closes.
            "script-src 'self'; script-src-elem 'self' https://js.stripe.com; script-src-attr 'none'",
            "default-src 'self'; script-src-attr 'sha256-abcabcabc' 'unsafe-inline'",
        ] {
            assert_eq!(script_weaknesses(policy, "shop.example"), Ok(()), "{policy}");
        }
    }

    #[test]
    fn weak_policies() {
        for (policy, why) in [
            ("script-src 'self' 'unsafe-inline'", "unsafe-inline"),
            ("default-src *", "any host"),
            ("script-src 'self' https:", "scheme"),
            ("script-src 'self' https://*.cdn-tracker.example", "subdomain"),
            ("script-src 'self' 'unsafe-eval'", "unsafe-eval"),
            ("img-src 'self'; frame-ancestors 'none'", "neither"),
            ("script-src 'strict-dynamic' https:", "scheme"),
            // A strict script-src does not hold when the directive browsers ask first is loose.
            ("script-src 'self'; script-src-elem 'self' https:", "script-src-elem allows https:"),
            ("script-src 'self'; script-src-elem 'unsafe-inline'", "script-src-elem allows 'unsafe-inline'"),
            ("default-src 'self'; script-src-attr 'unsafe-inline'", "event handlers"),
            ("script-src-elem 'self'", "neither"),
            ("script-src-elem 'self'; default-src 'self' 'unsafe-eval'", "default-src allows 'unsafe-eval'"),
        ] {
            let weak = script_weaknesses(policy, "shop.example").unwrap_err();
            assert!(weak.iter().any(|w| w.contains(why)), "{policy}: {weak:?}");
        }
    }
}
