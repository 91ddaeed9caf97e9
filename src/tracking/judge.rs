//! The tracking concern: who watches the shopper on this page, grouped by company and
//! category, and what that costs the page's grade.
//!
//! Costs follow what a tracker can do to a shopper: session replay records what they
//! type; advertising follows them across sites; site analytics stays with the shop.
//! Consent managers, payment providers, CDNs and hosting cost nothing.

use std::collections::BTreeMap;

use crate::grade::costing_category;
use crate::page::PageFacts;
use crate::providers;
use crate::report::finding_ids as ids;
use crate::report::{Finding, Severity, ThirdParty, TrackerCompany};

use super::cookies;
use super::page_requests::PageRequest;
use crate::site;

/// How many request URLs a company or third party lists before summarising.
const MAX_REQUESTS_LISTED: usize = 20;
/// Distinct tracking companies from which the number itself becomes a finding.
const MANY_COMPANIES_LOW: usize = 5;
const MANY_COMPANIES_MEDIUM: usize = 10;

pub struct TrackingJudgement {
    pub findings: Vec<Finding>,
    pub companies: Vec<TrackerCompany>,
    pub third_parties: Vec<ThirdParty>,
}

/// What the rest of the page tells this concern.
pub struct PageContext {
    /// Card or password fields in the shop's own page, where any script can read them.
    pub sensitive_fields_in_page: bool,
    /// The page takes payment (card fields here or in a provider's frame).
    pub payment_page: bool,
}

pub fn judge(requests: &[PageRequest], facts: &PageFacts, context: &PageContext) -> TrackingJudgement {
    let mut companies: BTreeMap<(String, String), TrackerCompany> = BTreeMap::new();
    let mut third_parties: BTreeMap<String, ThirdParty> = BTreeMap::new();

    for request in requests {
        // Asked only when its answer is used: the 3-D Secure check parses the URL.
        let provider = || providers::provider_for_request(request.url, &request.host);
        let company = match request.session_replay {
            Some(vendor) => Some(CompanyKey::replay(vendor.vendor)),
            None => request.tracker.as_ref().map(|info| CompanyKey::from_tracker(info, provider())),
        };
        match company {
            Some(key) => {
                let entry =
                    companies.entry((key.category.clone(), key.name.clone())).or_insert_with(|| key.into_company());
                entry.request_count += 1;
                if entry.requests.len() < MAX_REQUESTS_LISTED {
                    entry.requests.push(request.url.to_string());
                }
                if let Some(info) = &request.tracker {
                    if !entry.patterns.iter().any(|p| p == info.name) {
                        entry.patterns.push(info.name.to_string());
                    }
                }
            }
            None if request.party == site::Party::Third => {
                let site = site::site_of(&request.host).to_string();
                let entry = third_parties.entry(site.clone()).or_insert_with(|| {
                    let payment_provider = provider().map(str::to_string);
                    ThirdParty {
                        site,
                        unrecognised: payment_provider.is_none(),
                        payment_provider,
                        requests: Vec::new(),
                        request_count: 0,
                    }
                });
                entry.request_count += 1;
                if entry.requests.len() < MAX_REQUESTS_LISTED {
                    entry.requests.push(request.url.to_string());
                }
            }
            None => {}
        }
    }

    let companies: Vec<TrackerCompany> = companies.into_values().collect();
    let third_parties: Vec<ThirdParty> = third_parties.into_values().collect();
    let findings = findings(&companies, &third_parties, facts, context);
    TrackingJudgement { findings, companies, third_parties }
}

struct CompanyKey {
    name: String,
    country: String,
    privacy_policy_url: String,
    category: String,
    category_name: String,
    session_replay: bool,
    payment_provider: bool,
}

impl CompanyKey {
    fn replay(vendor: &str) -> CompanyKey {
        CompanyKey {
            name: vendor.to_string(),
            country: String::new(),
            privacy_policy_url: String::new(),
            category: "session_replay".into(),
            category_name: "Session recording".into(),
            session_replay: true,
            payment_provider: false,
        }
    }

    fn from_tracker(info: &super::TrackerInfo, provider: Option<&str>) -> CompanyKey {
        let (name, country, privacy) = match &info.organization {
            Some(org) => (org.name, org.country, org.privacy_policy_url),
            None => (info.name, "", ""),
        };
        let (category, category_name) = match provider {
            Some(_) => ("payment", "Payment provider"),
            None => (info.category_key, info.category_name),
        };
        CompanyKey {
            name: name.to_string(),
            country: country.to_string(),
            privacy_policy_url: https_only(privacy),
            category: category.to_string(),
            category_name: category_name.to_string(),
            session_replay: false,
            payment_provider: provider.is_some(),
        }
    }

    fn into_company(self) -> TrackerCompany {
        let costs = !self.payment_provider && costing_category(&self.category);
        TrackerCompany {
            name: self.name,
            country: self.country,
            privacy_policy_url: self.privacy_policy_url,
            category: self.category,
            category_name: self.category_name,
            session_replay: self.session_replay,
            counts_against_grade: costs,
            patterns: Vec::new(),
            requests: Vec::new(),
            request_count: 0,
        }
    }
}

/// The popup links to it, so only a plain https URL is kept.
fn https_only(url: &str) -> String {
    if url.starts_with("https://") && !url.contains(char::is_whitespace) {
        url.to_string()
    } else {
        String::new()
    }
}

fn findings(
    companies: &[TrackerCompany],
    third_parties: &[ThirdParty],
    facts: &PageFacts,
    context: &PageContext,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let in_category = |categories: &[&str]| -> Vec<String> {
        companies
            .iter()
            .filter(|c| c.counts_against_grade && categories.contains(&c.category.as_str()))
            .map(describe)
            .collect()
    };

    let replay = in_category(&["session_replay"]);
    if !replay.is_empty() {
        let kind = if context.sensitive_fields_in_page {
            &ids::TRACKING_SESSION_REPLAY_SENSITIVE
        } else {
            &ids::TRACKING_SESSION_REPLAY
        };
        out.push(Finding::new(kind, replay));
    }
    let advertising = in_category(&["advertising", "pornvertising"]);
    if !advertising.is_empty() {
        out.push(Finding::new(&ids::TRACKING_ADVERTISING, advertising));
    }
    let analytics = in_category(&["site_analytics"]);
    if !analytics.is_empty() {
        out.push(Finding::new(&ids::TRACKING_ANALYTICS, analytics));
    }
    let social = in_category(&["social_media"]);
    if !social.is_empty() {
        out.push(Finding::new(&ids::TRACKING_SOCIAL_MEDIA, social));
    }

    let mut tracking_companies: Vec<&str> =
        companies.iter().filter(|c| c.counts_against_grade).map(|c| c.name.as_str()).collect();
    crate::sort::sort(&mut tracking_companies);
    tracking_companies.dedup();
    let count = tracking_companies.len();
    if count >= MANY_COMPANIES_LOW {
        let severity = if count >= MANY_COMPANIES_MEDIUM { Severity::Medium } else { Severity::Low };
        let mut evidence = vec![format!("{count} tracking companies on this page")];
        evidence.extend(tracking_companies.iter().map(|s| s.to_string()));
        out.push(Finding::new(&ids::TRACKING_MANY_COMPANIES, evidence).with_severity(severity));
    }
    if context.payment_page && count > 0 {
        let evidence = tracking_companies.iter().map(|name| format!("{name} runs on this payment page")).collect();
        out.push(Finding::new(&ids::TRACKING_ON_PAYMENT_PAGE, evidence));
    }

    let tracking_cookies: Vec<String> = facts
        .cookie_names
        .iter()
        .filter_map(|name| cookies::identify(name).map(|c| format!("{name} ({}: {})", c.vendor, c.purpose)))
        .collect();
    if !tracking_cookies.is_empty() {
        out.push(Finding::new(&ids::TRACKING_COOKIES, tracking_cookies));
    }

    let unknown: Vec<String> = third_parties
        .iter()
        .filter(|t| t.unrecognised)
        .map(|t| format!("{} ({} request{})", t.site, t.request_count, if t.request_count == 1 { "" } else { "s" }))
        .collect();
    if !unknown.is_empty() {
        out.push(Finding::new(&ids::TRACKING_UNKNOWN_THIRD_PARTIES, unknown));
    }
    out
}

/// `Meta (advertising, US): connect.facebook.net/…`-style evidence line.
fn describe(company: &TrackerCompany) -> String {
    let mut line = company.name.clone();
    let mut qualifiers = vec![company.category_name.clone()];
    if !company.country.is_empty() {
        qualifiers.push(company.country.clone());
    }
    line.push_str(&format!(" ({})", qualifiers.join(", ")));
    if let Some(first) = company.requests.first() {
        line.push_str(&format!(": {}", crate::fields::clip(first, 120)));
    }
    line
}
