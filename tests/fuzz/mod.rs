//! The core's fuzzer (issue 15), shared by the quick run in `cargo test` (tests/fuzz_core.rs)
//! and the long one (`cargo xtask fuzz`, which runs the same test binary in batches).
//!
//! Every case is one of the fixture pages (tests/fixtures), mutated at random places the way
//! a hostile or broken producer could (any value replaced by a string, a number, a hostile
//! URL or nothing; lists emptied, deleted or repeated; subtrees swapped between fixtures),
//! or now and then random text. Each goes through `evaluate_json_with` with the real tracker
//! data, as the worker does. Checked for every case:
//! - no panic, and no evaluation over [`SLOW_MS`];
//! - metamorphic: adding a card form that posts over HTTP never improves the grade, and
//!   adding a tracker's request never improves the tracking concern's grade.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};
use shoptrust::report::{Concern, Report, Status};
use shoptrust::tracking::TrackerDb;

/// The slowest one evaluation may be, in an optimised build (as the extension's core is).
/// An unoptimised test build is about ten times slower, and is held to ten times as much.
pub const SLOW_MS: f64 = if cfg!(debug_assertions) { 1_000.0 } else { 100.0 };

/// Strings a hostile page would try where the core reads text.
const HOSTILE_STRINGS: &[&str] = &[
    "",
    "http://",
    "https://",
    "javascript:alert(1)",
    "data:text/html,<script>1</script>",
    "http://evil.test/pay",
    "https://www.google-analytics.com/g/collect?v=2",
    "https://connect.facebook.net/en_US/fbevents.js",
    "https://static.hotjar.com/c/hotjar-1.js",
    "https://js.stripe.com/v3/elements-inner-card.html",
    "https://[::1]:99999/",
    "https://xn--ls8h.la/",
    "https://a..b/",
    "cc-number",
    "cc-csc",
    "password",
    "sha384-",
    "sha512-AAAA",
    "script-src 'none'",
    "default-src *; script-src 'unsafe-inline' 'unsafe-eval'",
    "max-age=99999999999999999999999",
    "Card number",
    "\u{0}",
    "\u{202e}",
    "🛒",
    "NaN",
];

/// The fixture pages, as JSON values.
pub fn fixtures() -> Vec<Value> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for concern in std::fs::read_dir(&root).expect("tests/fixtures") {
        let concern = concern.unwrap().path();
        if !concern.is_dir() {
            continue;
        }
        let mut files: Vec<_> = std::fs::read_dir(&concern).unwrap().map(|f| f.unwrap().path()).collect();
        files.sort();
        for file in files.into_iter().filter(|f| f.extension().is_some_and(|e| e == "json")) {
            let text = std::fs::read_to_string(&file).unwrap();
            if let Ok(value) = serde_json::from_str::<Value>(&text) {
                out.push(value);
            }
        }
    }
    assert!(out.len() > 10, "the fixtures were not found");
    out
}

/// Every path in `value` (as indexes into objects' keys and arrays), pre-order, at most `max`.
fn paths(value: &Value, max: usize) -> Vec<Vec<usize>> {
    fn walk(value: &Value, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>, max: usize) {
        if out.len() >= max {
            return;
        }
        out.push(path.clone());
        let children: Vec<&Value> = match value {
            Value::Object(map) => map.values().collect(),
            Value::Array(items) => items.iter().collect(),
            _ => return,
        };
        for (i, child) in children.into_iter().enumerate() {
            path.push(i);
            walk(child, path, out, max);
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out, max);
    out
}

fn at_mut<'a>(value: &'a mut Value, path: &[usize]) -> &'a mut Value {
    let mut node = value;
    for &i in path {
        node = match node {
            Value::Object(map) => map.values_mut().nth(i).unwrap(),
            Value::Array(items) => &mut items[i],
            _ => unreachable!("paths lead through containers"),
        };
    }
    node
}

/// One mutation: where (`at`, taken modulo the number of paths), what (`op`), with `text`.
pub type Mutation = (u32, u32, String);

fn mutate(page: &mut Value, (at, op, text): &Mutation, donor: &Value) {
    let all = paths(page, 4_000);
    let path = &all[*at as usize % all.len()];
    let pick = |n: usize| (*op as usize / 16) % n.max(1);
    match op % 16 {
        0 => *at_mut(page, path) = Value::String(text.clone()),
        1 => *at_mut(page, path) = Value::String(HOSTILE_STRINGS[pick(HOSTILE_STRINGS.len())].to_string()),
        2 => {
            *at_mut(page, path) =
                [json!(-1.0e300), json!(-1), json!(0), json!(1), json!(4294967296u64), json!(1.5), json!(1e300)]
                    [pick(7)]
                .clone()
        }
        3 => *at_mut(page, path) = Value::Bool(op % 2 == 0),
        4 => *at_mut(page, path) = Value::Null,
        5 => {
            // Delete it from its parent.
            if let Some((last, parent)) = path.split_last() {
                match at_mut(page, parent) {
                    Value::Object(map) => {
                        let key = map.keys().nth(*last).cloned().unwrap();
                        map.remove(&key);
                    }
                    Value::Array(items) => {
                        items.remove(*last);
                    }
                    _ => {}
                }
            }
        }
        6 => {
            // Repeat a list's first entry (pages with many forms, inputs, requests).
            if let Value::Array(items) = at_mut(page, path) {
                if let Some(first) = items.first().cloned() {
                    let times = 1 + pick(64);
                    items.extend(std::iter::repeat_n(first, times));
                }
            }
        }
        7 => *at_mut(page, path) = [json!([]), json!({}), json!(""), json!(0)][pick(4)].clone(),
        8 => {
            // A long string: over the core's text limit half the time.
            let len = if op % 2 == 0 { 20_000 } else { 2_000 };
            let unit = if text.is_empty() { "x" } else { text.as_str() };
            *at_mut(page, path) = Value::String(unit.repeat(len / unit.len().max(1) + 1));
        }
        9 => {
            if let Value::Object(map) = at_mut(page, path) {
                map.insert(text.clone(), Value::String(HOSTILE_STRINGS[pick(HOSTILE_STRINGS.len())].to_string()));
            }
        }
        10 => {
            // Swap in a subtree of another fixture.
            let donor_paths = paths(donor, 4_000);
            let from = &donor_paths[pick(donor_paths.len())];
            let mut donor = donor.clone();
            *at_mut(page, path) = at_mut(&mut donor, from).clone();
        }
        11 => {
            // A request or a script of the page pointed elsewhere.
            let url = HOSTILE_STRINGS[pick(HOSTILE_STRINGS.len())];
            let kind = ["script", "xmlhttprequest", "ping", "sub_frame", "image", "main_frame"][pick(6)];
            if let Some(requests) = page.get_mut("requests").and_then(Value::as_array_mut) {
                requests.push(json!({ "url": url, "type": kind, "at": f64::from(*at) }));
            }
        }
        12 => {
            if let Some(forms) = page.pointer_mut("/facts/forms").and_then(Value::as_array_mut) {
                forms.push(json!({ "action": text, "method": "post", "inputs": [{ "type": "text", "autocomplete": "cc-number", "name": text }] }));
            }
        }
        13 => *page = json!({ "facts": page.get("facts").cloned(), "requests": [] }),
        14 => {
            if let Some(v) = page.pointer_mut("/facts/schemaVersion") {
                *v = json!(pick(3));
            }
        }
        _ => {
            if let Some(url) = page.pointer_mut("/facts/url") {
                *url = Value::String(HOSTILE_STRINGS[pick(HOSTILE_STRINGS.len())].to_string());
            }
        }
    }
}

/// The facts with one more card form posting over HTTP; `None` when there are no facts.
fn with_card_form_over_http(page: &Value) -> Option<Value> {
    let mut page = page.clone();
    let forms = page.pointer_mut("/facts/forms")?;
    if !forms.is_array() {
        *forms = json!([]);
    }
    forms.as_array_mut()?.push(json!({
        "action": "http://collect.evil.test/pay", "method": "post",
        "inputs": [
            { "type": "text", "name": "cardnumber", "autocomplete": "cc-number", "label": "Card number", "visible": true },
            { "type": "text", "name": "cvc", "autocomplete": "cc-csc", "label": "CVC", "visible": true }
        ]
    }));
    Some(page)
}

fn with_tracker_request(page: &Value) -> Value {
    let mut page = page.clone();
    if !page.get("requests").is_some_and(Value::is_array) {
        page["requests"] = json!([]);
    }
    page["requests"].as_array_mut().unwrap().push(json!({
        "url": "https://www.google-analytics.com/g/collect?v=2&tid=G-FUZZ", "type": "ping", "at": 1.0
    }));
    page
}

fn concern_score(report: &Report, concern: Concern) -> Option<u32> {
    report.concerns.iter().find(|c| c.concern == concern).map(|c| c.score)
}

/// What a run found.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub cases: u64,
    pub evaluations: u64,
    pub judged: u64,
    pub max_ms: f64,
    pub slowest: String,
}

pub struct Fuzzer<'a> {
    pub db: &'a TrackerDb,
    pub fixtures: Vec<Value>,
}

impl Fuzzer<'_> {
    /// Evaluates `text`, timing it; a panic becomes an error with the input.
    fn evaluate(
        &self,
        text: &str,
        stats: &Cell<(u64, f64)>,
        slowest: &std::cell::RefCell<String>,
    ) -> Result<Report, TestCaseError> {
        let timed = || {
            let start = Instant::now();
            let report = catch_unwind(AssertUnwindSafe(|| shoptrust::evaluate_json_with(text, Some(self.db))));
            (report, start.elapsed().as_secs_f64() * 1000.0)
        };
        let (report, mut ms) = timed();
        // A slow run is timed again: the machine is shared, so one slow run can be another
        // process's doing; an input that is slow to judge is slow every time.
        for _ in 0..3 {
            if ms <= SLOW_MS {
                break;
            }
            ms = ms.min(timed().1);
        }
        let (n, max) = stats.get();
        if ms > max {
            *slowest.borrow_mut() = text.to_string();
        }
        stats.set((n + 1, max.max(ms)));
        let report = report.map_err(|_| TestCaseError::fail(format!("evaluate panicked on: {}", clip(text))))?;
        if ms > SLOW_MS {
            return Err(TestCaseError::fail(format!("evaluate took {ms:.1} ms on: {}", clip(text))));
        }
        Ok(report)
    }

    /// Runs `cases` cases from `seed`; the error names the smallest failing input found.
    pub fn run(&self, cases: u32, seed: u64) -> Result<Stats, String> {
        let mut seed_bytes = [0u8; 32];
        seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let config = Config { cases, failure_persistence: None, max_shrink_iters: 2_000, ..Config::default() };
        let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
        let n = self.fixtures.len();
        let strategy = (
            0..n,
            0..n,
            prop::collection::vec((any::<u32>(), any::<u32>(), "\\PC{0,24}"), 0..6),
            0u8..40,
            "\\PC{0,64}",
        );
        let timing = Cell::new((0u64, 0.0f64));
        let slowest = std::cell::RefCell::new(String::new());
        let counts = Cell::new((0u64, 0u64));
        let result = runner.run(&strategy, |(fixture, donor, mutations, mode, noise)| {
            let (cases, judged) = counts.get();
            counts.set((cases + 1, judged));
            // One case in forty is not a page at all.
            if mode == 0 {
                self.evaluate(&noise, &timing, &slowest)?;
                return Ok(());
            }
            let mut page = self.fixtures[fixture].clone();
            for mutation in &mutations {
                mutate(&mut page, mutation, &self.fixtures[donor]);
            }
            let text = page.to_string();
            let report = self.evaluate(&text, &timing, &slowest)?;
            if report.status != Status::Judged {
                return Ok(());
            }
            counts.set((cases + 1, judged + 1));
            if let Some(worse) = with_card_form_over_http(&page) {
                let after = self.evaluate(&worse.to_string(), &timing, &slowest)?;
                if after.status == Status::Judged && (after.grade < report.grade || after.score > report.score) {
                    return Err(TestCaseError::fail(format!(
                        "a card form posting over HTTP improved the page from {:?} ({:?}) to {:?} ({:?}): {}",
                        report.grade,
                        report.score,
                        after.grade,
                        after.score,
                        clip(&text)
                    )));
                }
            }
            if let Some(before) = concern_score(&report, Concern::Tracking) {
                let after = self.evaluate(&with_tracker_request(&page).to_string(), &timing, &slowest)?;
                if let Some(after_score) = concern_score(&after, Concern::Tracking) {
                    if after_score > before {
                        return Err(TestCaseError::fail(format!(
                            "a tracker request improved tracking from {before} to {after_score}: {}",
                            clip(&text)
                        )));
                    }
                }
            }
            Ok(())
        });
        let (evaluations, max_ms) = timing.get();
        let (cases, judged) = counts.get();
        let stats = Stats { cases, evaluations, judged, max_ms, slowest: slowest.into_inner() };
        result.map(|()| stats).map_err(|e| e.to_string())
    }
}

fn clip(text: &str) -> String {
    if text.len() <= 4_000 {
        return text.to_string();
    }
    let mut end = 4_000;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &text[..end], text.len())
}
