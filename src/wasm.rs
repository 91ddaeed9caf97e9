//! The thin binding layer the service worker calls. Page facts go in and the report comes
//! out as JSON text: one contract, read by the same `serde_json` code the native tools and
//! tests use, and a smaller wasm than a second, JS-object deserialiser would make (its size
//! is paid at every worker start, when the module is compiled). Conversion errors become
//! unknown reports, so the JS side never has to handle an exception from the core.

use wasm_bindgen::prelude::*;

use crate::tracking::wasm::with_tracker_db;

/// `evaluate(JSON.stringify(page)) -> JSON of a Report`, with the tracker data when
/// `trackerDbLoad` was called first.
#[wasm_bindgen]
pub fn evaluate(page_json: &str) -> String {
    let report = with_tracker_db(|db| crate::evaluate_json_with(page_json, db));
    serde_json::to_string(&report).unwrap_or_default()
}

#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// `reportContradictions(JSON of a Report) -> JSON array` of the places where its letter,
/// headline and pay line disagree (see `grade::contradictions`): the Chromium tests hold
/// every demo shop's report to it. A report that does not parse is one problem.
#[wasm_bindgen(js_name = reportContradictions)]
pub fn report_contradictions(report_json: &str) -> String {
    let problems = match serde_json::from_str::<crate::report::Report>(report_json) {
        Ok(report) => crate::grade::contradictions(&report),
        Err(err) => vec![format!("not a report: {err}")],
    };
    serde_json::to_string(&problems).unwrap_or_default()
}
