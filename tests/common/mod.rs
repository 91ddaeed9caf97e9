//! Shared helpers for the fixture tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use shoptrust::report::Report;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Judges `tests/fixtures/<name>` (a `Page` as JSON).
pub fn judge_fixture(name: &str) -> Report {
    let text = std::fs::read_to_string(fixtures_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    shoptrust::evaluate_json(&text)
}

pub fn finding_ids(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.id.as_str()).collect()
}

/// Every fixture, as a path relative to the fixtures dir.
pub fn all_fixtures() -> Vec<String> {
    let mut out = Vec::new();
    for concern in std::fs::read_dir(fixtures_dir()).unwrap() {
        let concern = concern.unwrap().path();
        if !concern.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&concern).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "json") {
                out.push(file.strip_prefix(fixtures_dir()).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// The English messages of the extension, by key.
pub fn messages() -> BTreeMap<String, serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("extension/_locales/en/messages.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("messages.json is valid JSON")
}

/// The compiled tracker data, loaded once per test binary.
pub fn trackers() -> &'static shoptrust::tracking::TrackerDb {
    static DB: std::sync::OnceLock<shoptrust::tracking::TrackerDb> = std::sync::OnceLock::new();
    DB.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist/trackerdb.tdb");
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask build` first)", path.display()));
        shoptrust::tracking::TrackerDb::load(&bytes).expect("tracker data loads")
    })
}

/// Judges `tests/fixtures/<name>` with the real tracker data.
pub fn judge_fixture_with_trackers(name: &str) -> Report {
    let text = std::fs::read_to_string(fixtures_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let page = shoptrust::page_from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    shoptrust::evaluate_with(&page, Some(trackers()))
}
