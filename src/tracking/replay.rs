//! Session-replay vendors, by host. TrackerDB files these scripts under "site analytics";
//! ShopTrust flags them separately because they can record what a shopper types. The list
//! is data (`data/session_replay.tsv`, each entry with its source), not code.

const TABLE: &str = include_str!("data/session_replay.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplayVendor {
    pub vendor: &'static str,
    pub domain: &'static str,
    pub source: &'static str,
}

/// All entries, in file order. Parsed once: the lookup runs for every request.
pub fn vendors() -> &'static [ReplayVendor] {
    static PARSED: std::sync::OnceLock<Vec<ReplayVendor>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        crate::data_table::rows(TABLE)
            .filter_map(|mut f| {
                Some(ReplayVendor { vendor: f.next()?, domain: f.next()?, source: f.next().unwrap_or("") })
            })
            .collect()
    })
}

/// The session-replay vendor serving this (lowercase) host, if any: the host is a listed
/// domain or a subdomain of one.
pub fn vendor_for_host(host: &str) -> Option<ReplayVendor> {
    if host.is_empty() {
        return None;
    }
    vendors().iter().copied().find(|v| crate::site::on_host(host, v.domain))
}
