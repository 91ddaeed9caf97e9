//! Tracking cookies, by name: `_ga`, `_fbp`, `_hj…` and the like. The table is data
//! (`data/tracking_cookies.tsv`), each entry citing where the vendor documents the cookie.

const TABLE: &str = include_str!("data/tracking_cookies.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackingCookie {
    pub name: &'static str,
    /// Entries marked `prefix` match every cookie name starting with `name`.
    pub prefix: bool,
    pub vendor: &'static str,
    pub purpose: &'static str,
    pub source: &'static str,
}

pub fn table() -> impl Iterator<Item = TrackingCookie> {
    crate::data_table::rows(TABLE).filter_map(|mut f| {
        Some(TrackingCookie {
            name: f.next()?,
            prefix: f.next()? == "prefix",
            vendor: f.next()?,
            purpose: f.next()?,
            source: f.next()?,
        })
    })
}

/// The table entry for a cookie name, exact entries before prefix ones (`_ga` is exact
/// even though `_ga_` is a prefix). Cookie names are case-sensitive.
pub fn identify(name: &str) -> Option<TrackingCookie> {
    table()
        .find(|c| !c.prefix && c.name == name)
        .or_else(|| table().filter(|c| c.prefix && name.starts_with(c.name)).max_by_key(|c| c.name.len()))
}
