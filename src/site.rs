//! Site identity: which site a page belongs to, and which document is the page's own.

use url::Url;

use crate::page::{MainDocument, Page};

/// The observed main document, if it is the one these facts describe (same origin as
/// `page_url`). After an SPA navigation the facts' path changes but the document (and
/// its headers) stays.
pub fn main_document_for<'a>(page: &'a Page, page_url: &Url) -> Option<&'a MainDocument> {
    let doc = page.main_document.as_ref()?;
    let doc_url = Url::parse(&doc.url).ok()?;
    (doc_url.origin() == page_url.origin()).then_some(doc)
}
