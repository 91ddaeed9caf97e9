//! The inventory PCI DSS 6.4.3 asks for: every script on the payment page, who it belongs
//! to, and whether its content is pinned with Subresource Integrity.
//!
//! A script in the page's main world can read every field of the page, so when card
//! fields sit in the shop's own page, every script here can read the card number. Party
//! follows the tracking concern: the site on the Public Suffix List decides first party,
//! the tracker data (when given) names trackers, the session-replay table names recorders.

use std::collections::HashSet;

use url::Url;

use crate::page::PageFacts;
use crate::providers;
pub use crate::report::payment::{ScriptEntry, ScriptParty};
use crate::site;
use crate::tracking::{replay, TrackerDb};

/// The most scripts listed one by one; a page with more is summarised in the last entry.
const MAX_ENTRIES: usize = 300;

pub struct Inventory {
    pub entries: Vec<ScriptEntry>,
}

impl Inventory {
    /// Scripts that can read the card fields.
    pub fn readers(&self) -> u32 {
        self.entries.iter().filter(|e| e.can_read_card).map(|e| e.count).sum()
    }

    /// Lists suspicious inline scripts (by their 1-based number) on their own, first,
    /// and takes them out of the grouped inline entry.
    pub fn single_out_inline(&mut self, numbers: impl Iterator<Item = usize>) {
        let Some(group) = self.entries.iter().position(|e| e.inline && !e.suspicious) else { return };
        let template = self.entries[group].clone();
        let mut singled = Vec::new();
        for number in numbers {
            if self.entries[group].count == 0 {
                break;
            }
            self.entries[group].count -= 1;
            singled.push(ScriptEntry {
                src: String::new(),
                owner: format!("inline script #{number}"),
                count: 1,
                suspicious: true,
                ..template.clone()
            });
        }
        if self.entries[group].count == 0 {
            self.entries.remove(group);
        }
        self.entries.splice(0..0, singled);
    }

    /// Evidence lines for the entries `keep` selects.
    pub fn lines(&self, keep: impl Fn(&ScriptEntry) -> bool) -> Vec<String> {
        crate::report::capped_evidence(self.entries.iter().filter(|e| keep(e)).map(describe), super::MAX_EVIDENCE)
    }
}

pub fn describe(entry: &ScriptEntry) -> String {
    if entry.inline && entry.suspicious {
        return format!("{} (in the page, suspicious)", entry.owner);
    }
    let what = if entry.inline {
        format!("{} inline script{}", entry.count, super::plural(entry.count))
    } else {
        crate::fields::clip(&entry.src, 160)
    };
    let sri = if entry.inline {
        ""
    } else if entry.integrity {
        ", SRI"
    } else {
        ", no SRI"
    };
    format!("{what} ({}{sri})", entry.owner)
}

/// Whether an `integrity` attribute holds a hash browsers check.
pub fn has_integrity(attr: &str) -> bool {
    attr.split_ascii_whitespace().any(|token| {
        let token = token.to_ascii_lowercase();
        ["sha256-", "sha384-", "sha512-"].iter().any(|p| token.starts_with(p) && token.len() > p.len() + 16)
    })
}

/// Scripts come from the DOM (`script[src]`, inline) and Resource Timing (scripts another
/// script loaded); not from the network log, which also holds other frames' scripts that
/// cannot reach the page's fields.
pub fn inventory(
    facts: &PageFacts,
    page_url: &Url,
    page_site: &str,
    trackers: Option<&TrackerDb>,
    in_page: bool,
) -> Inventory {
    let mut entries = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut classifier = crate::tracking::Classifier::new();

    let external = facts
        .scripts
        .iter()
        .filter(|s| is_javascript(&s.kind))
        .map(|s| (s.src.as_str(), has_integrity(&s.integrity), false))
        .chain(facts.resources.iter().filter(|r| r.initiator_type == "script").map(|r| (r.url.as_str(), false, true)));
    let mut more = 0u32;
    for (src, integrity, injected) in external {
        if !(src.starts_with("https://") || src.starts_with("http://")) || !seen.insert(src) {
            continue;
        }
        if entries.len() >= MAX_ENTRIES {
            more += 1;
            continue;
        }
        let Some(host) = site::host_of(src) else { continue };
        let (party, owner) = classify(src, &host, page_site, page_url.as_str(), trackers, &mut classifier);
        entries.push(ScriptEntry {
            src: src.to_string(),
            party,
            owner,
            integrity,
            inline: false,
            count: 1,
            can_read_card: in_page,
            suspicious: false,
            injected,
        });
    }
    if more > 0 {
        entries.push(ScriptEntry {
            src: String::new(),
            party: ScriptParty::ThirdParty,
            owner: format!("{more} more scripts not listed"),
            integrity: false,
            inline: false,
            count: more,
            can_read_card: in_page,
            suspicious: false,
            injected: false,
        });
    }
    if facts.inline_scripts.count > 0 {
        entries.push(ScriptEntry {
            src: String::new(),
            party: ScriptParty::FirstParty,
            owner: page_site.to_string(),
            integrity: false,
            inline: true,
            count: facts.inline_scripts.count,
            can_read_card: in_page,
            suspicious: false,
            injected: false,
        });
    }
    crate::sort::sort_by(&mut entries, |a, b| {
        a.party.cmp(&b.party).then(a.integrity.cmp(&b.integrity)).then(a.inline.cmp(&b.inline))
    });
    Inventory { entries }
}

/// `type` values that run as JavaScript (the collector sends only `script[src]`).
fn is_javascript(kind: &str) -> bool {
    matches!(
        kind,
        "" | "module"
            | "text/javascript"
            | "application/javascript"
            | "application/x-javascript"
            | "text/ecmascript"
            | "application/ecmascript"
    )
}

fn classify(
    src: &str,
    host: &str,
    page_site: &str,
    page_url: &str,
    trackers: Option<&TrackerDb>,
    classifier: &mut crate::tracking::Classifier,
) -> (ScriptParty, String) {
    if let Some(name) = providers::provider_for_host(host) {
        return (ScriptParty::Provider, name.to_string());
    }
    let site = site::site_of(host);
    if site == page_site {
        return (ScriptParty::FirstParty, site.to_string());
    }
    if let Some(vendor) = replay::vendor_for_host(host) {
        return (ScriptParty::SessionReplay, vendor.vendor.to_string());
    }
    if let Some(db) = trackers {
        // Session-replay hosts returned above; the tracker data names the rest.
        let classification = {
            classifier.set_source_page(page_url); // one comparison after the first script
            db.classify_request(classifier, src, crate::tracking::request_type_code("script"))
        };
        if let Some(info) = classification.tracker.and_then(|id| db.tracker(id)) {
            let name = info.company_name().to_string();
            let tracking = crate::grade::costing_category(info.category_key);
            return if tracking {
                (ScriptParty::Tracker, format!("{name}, {}", info.category_name))
            } else {
                (ScriptParty::ThirdParty, format!("{name}, {}", info.category_name))
            };
        }
    }
    (ScriptParty::ThirdParty, site.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_needs_a_real_hash() {
        assert!(has_integrity("sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"));
        assert!(has_integrity("sha256-abc sha512-0123456789abcdef0123456789"));
        assert!(!has_integrity(""));
        assert!(!has_integrity("sha1-0123456789abcdef0123456789"));
        assert!(!has_integrity("sha384-"));
    }
}
