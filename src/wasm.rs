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
    with_tracker_db(|db| crate::evaluate_json_text(page_json, db))
}

#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The JS↔core contract (schema version, caps, storage key, event names) as JSON, the same
/// the build writes into the extension as `contract.js`; the tests compare the two.
#[wasm_bindgen]
pub fn contract() -> String {
    crate::contract::contract_json()
}

/// `consentDecisions(JSON of facts.consent) -> JSON` of what the core makes of the
/// collector's raw observations (`consent::observed`): whether the banner blocked the page,
/// whether a choice was already stored, whether the shopper reopened the banner. The
/// Chromium tests hold the facts a page's collector sent to them.
#[wasm_bindgen(js_name = consentDecisions)]
pub fn consent_decisions(consent_json: &str) -> String {
    crate::consent::observed::decisions_json(consent_json)
}

/// `reportContradictions(JSON of a Report) -> JSON array` of the places where its letter,
/// headline and pay line disagree (see `grade::contradictions`): the Chromium tests hold
/// every demo shop's report to it. A report that does not parse is one problem.
#[wasm_bindgen(js_name = reportContradictions)]
pub fn report_contradictions(report_json: &str) -> String {
    // Read into what the check reads (`grade::Claims`), not a whole `Report`: the wasm has no
    // `Report` reader (75 KB of code, compiled at every worker start).
    let problems = match crate::json::from_str::<crate::grade::Claims>(report_json) {
        Ok(claims) => crate::grade::claims_contradictions(&claims),
        Err(err) => vec![format!("not a report: {err}")],
    };
    serde_json::to_string(&problems).unwrap_or_default()
}

/// `scrubTyped(JSON of the typed inputs, JSON of anything) -> that JSON` with every string
/// holding what the shopper typed (in any encoding the core searches for) redacted: the
/// worker runs a tab's state through it before saving, so storage never keeps a request
/// URL that carried a typed value. Malformed input comes back as `null`.
#[wasm_bindgen(js_name = scrubTyped)]
pub fn scrub_typed(typed_json: &str, json: &str) -> String {
    let (Ok(typed), Ok(mut value)) = (
        crate::json::from_str::<crate::page::typed::TypedInputs>(typed_json),
        serde_json::from_str::<serde_json::Value>(json),
    ) else {
        return "null".to_string();
    };
    crate::typed::concern::scrub(&typed, &mut value);
    serde_json::to_string(&value).unwrap_or_else(|_| "null".to_string())
}

thread_local! {
    static TYPED_BENCH: std::cell::RefCell<Option<crate::typed::bench::Workload>> = const { std::cell::RefCell::new(None) };
}

/// `cargo xtask bench`: builds the "Data you type" workload ([`crate::typed::bench`]) of
/// `requests` requests, for [`typed_bench_run`] to time from JS.
#[wasm_bindgen(js_name = typedBenchPrepare)]
pub fn typed_bench_prepare(requests: u32) {
    TYPED_BENCH.with(|w| *w.borrow_mut() = Some(crate::typed::bench::workload(requests as usize)));
}

/// One timed run: every token of the 8 typed fields against the prepared requests; returns
/// how many leaks it found (so the work cannot be optimised away, and the caller can check it).
#[wasm_bindgen(js_name = typedBenchRun)]
pub fn typed_bench_run() -> u32 {
    TYPED_BENCH.with(|w| w.borrow().as_ref().map_or(0, |w| crate::typed::bench::run(w).leaks.len() as u32))
}
