//! Site identity, the one answer payment, consent and tracking share: a host's site
//! (registrable domain on the Public Suffix List), first or third party, whether a host is
//! on a domain, and which document is the page's own. The host and PSL parts are the
//! tracker engine's own (`trackerdb::site`), so a request is "first party" for the
//! classifier exactly when it is for every concern.

use url::Url;

use crate::page::{MainDocument, Page};

pub use trackerdb::site::{host_of, host_range, is_ip, normalize_host, on_host, on_site, same_site, site_of, Party};

/// The observed main document, if it is the one these facts describe (same origin as
/// `page_url`). After an SPA navigation the facts' path changes but the document (and
/// its headers) stays.
pub fn main_document_for<'a>(page: &'a Page, page_url: &Url) -> Option<&'a MainDocument> {
    let doc = page.main_document.as_ref()?;
    let doc_url = Url::parse(&doc.url).ok()?;
    (doc_url.origin() == page_url.origin()).then_some(doc)
}
