//! The thin binding layer the service worker calls. Conversion errors become unknown
//! reports, so the JS side never has to handle an exception from the core.

use wasm_bindgen::prelude::*;

use crate::page::Page;
use crate::report::Report;
use crate::tracking::wasm::with_tracker_db;

/// `evaluate(page) -> report`, both plain JS objects shaped like `Page` and `Report`; with
/// the tracker data when `trackerDbLoad` was called first.
#[wasm_bindgen]
pub fn evaluate(page: JsValue) -> JsValue {
    let report = match serde_wasm_bindgen::from_value::<Page>(page) {
        Ok(page) => with_tracker_db(|db| crate::evaluate_with(&page, db)),
        Err(err) => Report::unknown(None, "unknown_malformed_facts", Some(err.to_string())),
    };
    to_js(&report)
}

/// The same over JSON text, for tools (benchmarks, scans) that hold JSON already.
#[wasm_bindgen(js_name = evaluateJson)]
pub fn evaluate_json(page_json: &str) -> String {
    let report = with_tracker_db(|db| crate::evaluate_json_with(page_json, db));
    serde_json::to_string(&report).unwrap_or_default()
}

#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn to_js(report: &Report) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    report.serialize(&serializer).unwrap_or(JsValue::NULL)
}

use serde::Serialize;
