//! Measurement only, never in the extension (feature `card-measure`): the design card's
//! packages where the core meets JS types, built beside the shipped paths so that
//! `xtask/js/bench-card.mjs` can time and size them against what ships (README, "The card's
//! packages"). Each export mirrors a shipped one.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::report::Report;
use crate::tracking::wasm::with_tracker_db;

/// `evaluate` with serde-wasm-bindgen at the boundary: the page as a JS object in, the report
/// as a JS object out (plain objects, as `JSON.parse` would give).
#[wasm_bindgen(js_name = evaluateValue)]
pub fn evaluate_value(page: JsValue) -> JsValue {
    let report = match serde_wasm_bindgen::from_value::<crate::page::Page>(page) {
        Ok(page) => with_tracker_db(|db| crate::evaluate_with(&page, db)),
        Err(err) => Report::unknown(None, "unknown_malformed_facts", Some(err.to_string())),
    };
    report.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// `trackerDbLoad` taking a `js_sys::Uint8Array` and copying it into wasm memory itself.
#[wasm_bindgen(js_name = trackerDbLoadArray)]
pub fn tracker_db_load_array(bytes: &js_sys::Uint8Array) -> Result<u32, JsError> {
    crate::tracking::wasm::tracker_db_load(bytes.to_vec())
}

/// The worker's clock through `web_sys::Performance` (what timing the evaluation in the core
/// would take).
#[wasm_bindgen(js_name = performanceNow)]
pub fn performance_now() -> f64 {
    js_sys::global().unchecked_into::<web_sys::WorkerGlobalScope>().performance().map_or(0.0, |p| p.now())
}
