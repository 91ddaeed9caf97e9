//! Consent managers' answer cookies: written once a visitor answers the banner and read on
//! later visits, so that the banner stays away. One of them already there when the page
//! loads means the shopper chose on an earlier visit. The table is data
//! (`data/stored_choice_cookies.tsv`), each entry citing where the vendor documents it.

const TABLE: &str = include_str!("data/stored_choice_cookies.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredChoiceCookie {
    pub name: &'static str,
    /// Entries marked `prefix` match every cookie name starting with `name`.
    pub prefix: bool,
    pub cmp: &'static str,
    pub source: &'static str,
}

pub fn table() -> impl Iterator<Item = StoredChoiceCookie> {
    crate::data_table::rows(TABLE).filter_map(|mut f| {
        Some(StoredChoiceCookie { name: f.next()?, prefix: f.next()? == "prefix", cmp: f.next()?, source: f.next()? })
    })
}

/// The first of `cookie_names` that records a consent answer, with its entry.
pub fn find<'a>(cookie_names: impl IntoIterator<Item = &'a String>) -> Option<StoredChoiceCookie> {
    cookie_names
        .into_iter()
        .find_map(|name| table().find(|c| if c.prefix { name.starts_with(c.name) } else { name == c.name }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_whole_and_cites_an_https_source() {
        let entries: Vec<_> = table().collect();
        assert!(entries.len() >= 3, "{entries:?}");
        assert_eq!(entries.len(), crate::data_table::rows(TABLE).count(), "a line with missing fields");
        for c in entries {
            assert!(!c.name.is_empty() && !c.cmp.is_empty(), "{c:?}");
            assert!(c.source.starts_with("https://"), "{c:?}");
        }
    }

    #[test]
    fn names_match_exactly_unless_marked_prefix() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(find(&names(&["_ga", "cc_cookie"])).map(|c| c.name), Some("cc_cookie"));
        assert_eq!(find(&names(&["_ga", "cc_cookie_x", "xklaro"])), None);
        assert_eq!(find(&names(&["session", "_fbp"])), None);
    }
}
