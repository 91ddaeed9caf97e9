//! wasm bindings for the tracking classifier. The service worker loads the data here
//! (`trackerDbLoad`) and its page evaluation classifies with it (`with_tracker_db`). The
//! per-request calls are what `cargo xtask agreement` and `bench` drive, one call per request
//! as a webRequest listener would: one string and one integer in, one integer out (no objects),
//! the source page set beforehand with `setSourcePage`, only when it changes, and the request
//! type a small integer (`requestTypeCode`, looked up once per type name). Details are fetched
//! by pattern id (`trackerInfo`), only for what is shown. The worker passes the URL without a
//! string argument: it writes it into an input buffer (`classifierInput`) and calls
//! `classifyInput` / `setSourcePageInput` with its length (extension/background/
//! classifier-input.js); `classifyRequest` is the same for callers that hold a string.
//!
//! ```js
//! trackerDbLoad(new Uint8Array(await (await fetch('trackerdb.tdb')).arrayBuffer()));
//! const TYPE = new Map();  // webRequest type → code
//! const code = (t) => TYPE.get(t) ?? (TYPE.set(t, requestTypeCode(t)), TYPE.get(t));
//! if (details.initiator !== lastSource) setSourcePage(lastSource = details.initiator);
//! const packed = classifyRequest(details.url, code(details.type));
//! ```

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{Classifier, Party, PatternId, TrackerDb};

thread_local! {
    static STATE: RefCell<Option<(TrackerDb, Classifier)>> = const { RefCell::new(None) };
}

/// Runs `f` with the loaded tracker data (None before `trackerDbLoad`): how the page
/// evaluation in `crate::wasm` reaches it.
pub(crate) fn with_tracker_db<R>(f: impl FnOnce(Option<&TrackerDb>) -> R) -> R {
    STATE.with(|s| f(s.borrow().as_ref().map(|(db, _)| db)))
}

/// Loads the tracker data (the bytes of `trackerdb.tdb`); call once per worker start.
/// Returns the number of patterns.
#[wasm_bindgen(js_name = trackerDbLoad)]
pub fn tracker_db_load(bytes: Vec<u8>) -> Result<u32, JsError> {
    let db = TrackerDb::load_owned(bytes.into_boxed_slice()).map_err(|e| JsError::new(&e.to_string()))?;
    let count = db.pattern_count() as u32;
    STATE.with(|s| *s.borrow_mut() = Some((db, Classifier::new())));
    Ok(count)
}

/// The code of a webRequest `type` (`script`, `xmlhttprequest`, `main_frame` …) for
/// `classifyRequest`; an unknown name gets a code only untyped filters match.
#[wasm_bindgen(js_name = requestTypeCode)]
pub fn request_type_code(name: &str) -> u32 {
    super::request_type_code(name)
}

/// Sets the URL of the document (page or frame) whose requests are classified next: the
/// webRequest `initiator`/`documentUrl`. Cheap when unchanged, but call it only on change.
#[wasm_bindgen(js_name = setSourcePage)]
pub fn set_source_page(url: &str) {
    STATE.with(|s| {
        if let Some((_, classifier)) = s.borrow_mut().as_mut() {
            classifier.set_source_page(url);
        }
    })
}

/// Classifies one request of the current source page. Packed result:
/// bits 0–1 party (0 first, 1 third, 2 unknown source), bit 2 session-replay host,
/// bits 3… primary tracker pattern id + 1 (0: not a tracker).
/// `0xFFFFFFFF` when no data is loaded.
#[wasm_bindgen(js_name = classifyRequest)]
pub fn classify_request(url: &str, type_code: u32) -> u32 {
    STATE.with(|s| {
        let mut state = s.borrow_mut();
        let Some((db, classifier)) = state.as_mut() else { return u32::MAX };
        let c = db.classify_request(classifier, url, type_code);
        let party = match c.party {
            Party::First => 0,
            Party::Third => 1,
            Party::Unknown => 2,
        };
        let replay = u32::from(c.session_replay.is_some()) << 2;
        let tracker = c.tracker.map_or(0, |p| u32::from(p) + 1) << 3;
        party | replay | tracker
    })
}

/// Bytes of the input buffer (`classifierInput`): the longest URL the worker keeps (1,024
/// characters) three times over, as a URL with non-ASCII characters takes up to 3 bytes each.
const INPUT_CAPACITY: usize = 3 * 1024;

thread_local! {
    /// Where JS writes the next URL for `classifyInput` / `setSourcePageInput`: passing a
    /// `&str` costs an allocation, a copy in JS and a free per call (about 0.25 µs in node 20,
    /// a fifth of classifying a request), so the per-request path writes into this buffer,
    /// allocated once, and passes only its length.
    static INPUT: Box<[u8]> = vec![0; INPUT_CAPACITY].into_boxed_slice();
}

/// Where the input buffer lies in `classifierMemory()`'s buffer, and its size in bytes:
/// `[pointer, capacity]`. The buffer never moves; the memory's `ArrayBuffer` is replaced when
/// the memory grows, so a view on it must be made again then.
#[wasm_bindgen(js_name = classifierInput)]
pub fn classifier_input() -> Vec<u32> {
    INPUT.with(|b| vec![b.as_ptr() as u32, b.len() as u32])
}

/// The wasm memory, for a view on the input buffer.
#[wasm_bindgen(js_name = classifierMemory)]
pub fn classifier_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// The first `len` bytes of the input buffer as text; empty when they are not UTF-8.
fn with_input<R>(len: u32, f: impl FnOnce(&str) -> R) -> R {
    INPUT.with(|b| f(b.get(..len as usize).and_then(|s| std::str::from_utf8(s).ok()).unwrap_or("")))
}

/// `classifyRequest` for the URL whose UTF-8 bytes JS wrote at the start of the input buffer.
#[wasm_bindgen(js_name = classifyInput)]
pub fn classify_input(len: u32, type_code: u32) -> u32 {
    with_input(len, |url| classify_request(url, type_code))
}

/// `setSourcePage` for the URL whose UTF-8 bytes JS wrote at the start of the input buffer.
/// Returns a token naming that page (0 before `trackerDbLoad`): `selectSourcePage(token)`
/// makes it current again while the classifier still remembers it.
#[wasm_bindgen(js_name = setSourcePageInput)]
pub fn set_source_page_input(len: u32) -> u32 {
    with_input(len, set_source_page);
    STATE.with(|s| s.borrow().as_ref().map_or(0, |(_, classifier)| classifier.source_token()))
}

/// Makes the source page a `setSourcePageInput` token names current again, without its URL:
/// a worker goes back and forth between a few pages, and a switch back costs then one call
/// with an integer. False when the page is no longer remembered (the caller sets it again).
#[wasm_bindgen(js_name = selectSourcePage)]
pub fn select_source_page(token: u32) -> bool {
    STATE.with(|s| s.borrow_mut().as_mut().is_some_and(|(_, classifier)| classifier.select_source(token)))
}

/// Every pattern id the last classified request matched, primary first.
#[wasm_bindgen(js_name = lastMatches)]
pub fn last_matches() -> Vec<u32> {
    STATE.with(|s| {
        s.borrow().as_ref().map_or_else(Vec::new, |(_, c)| c.matches().iter().map(|&p| u32::from(p)).collect())
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrackerJs<'a> {
    id: u32,
    key: &'a str,
    name: &'a str,
    category: &'a str,
    category_name: &'a str,
    organization: Option<OrganizationJs<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationJs<'a> {
    key: &'a str,
    name: &'a str,
    country: &'a str,
    privacy_policy_url: &'a str,
    website_url: &'a str,
}

/// Details of a pattern id (from `classifyRequest` >> 3, minus one) as JSON text, or undefined.
#[wasm_bindgen(js_name = trackerInfo)]
pub fn tracker_info(id: u32) -> Option<String> {
    STATE.with(|s| {
        let state = s.borrow();
        let (db, _) = state.as_ref()?;
        let t = PatternId::try_from(id).ok().and_then(|id| db.tracker(id))?;
        let js = TrackerJs {
            id,
            key: t.key,
            name: t.name,
            category: t.category_key,
            category_name: t.category_name,
            organization: t.organization.map(|o| OrganizationJs {
                key: o.key,
                name: o.name,
                country: o.country,
                privacy_policy_url: o.privacy_policy_url,
                website_url: o.website_url,
            }),
        };
        serde_json::to_string(&js).ok()
    })
}

/// The data's origin, e.g. `@ghostery/trackerdb 1.0.945`; empty before loading.
#[wasm_bindgen(js_name = trackerDbSource)]
pub fn tracker_db_source() -> String {
    STATE.with(|s| s.borrow().as_ref().map(|(db, _)| db.source().to_string()).unwrap_or_default())
}
