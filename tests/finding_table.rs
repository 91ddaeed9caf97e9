//! The table of finding kinds (`src/report/finding_ids.rs`) is the one list of what the core
//! can report: every kind has its messages in every locale of the extension, fixture or
//! not, and no finding is made any other way.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use shoptrust::report::finding_ids;

/// The message keys the popup reads for a finding (`extension/popup.js`: `titleKey`, `whyKey`,
/// `tipKey`, `fixKey`).
const MESSAGE_SUFFIXES: [&str; 4] = ["title", "why", "tip", "fix"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every locale folder under `extension/_locales/`, with its messages.
fn locales() -> Vec<(String, BTreeMap<String, serde_json::Value>)> {
    let dir = root().join("extension/_locales");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if !path.is_dir() {
            continue;
        }
        let file = path.join("messages.json");
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let messages = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        out.push((path.file_name().unwrap().to_string_lossy().into_owned(), messages));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_finding_kind_has_its_messages_in_every_locale() {
    let locales = locales();
    assert!(locales.iter().any(|(name, _)| name == "en"), "the English messages are missing");
    let mut missing = Vec::new();
    for (locale, messages) in &locales {
        for kind in finding_ids::ALL {
            for suffix in MESSAGE_SUFFIXES {
                let key = format!("{}_{suffix}", kind.message_stem());
                let message = messages.get(&key).and_then(|m| m.get("message")).and_then(|m| m.as_str());
                if message.is_none_or(|m| m.trim().is_empty()) {
                    missing.push(format!("{locale}: {key} ({})", kind.id));
                }
            }
        }
    }
    assert!(missing.is_empty(), "finding messages missing:\n{}", missing.join("\n"));
}

#[test]
fn a_finding_keys_its_messages_on_its_kind() {
    let finding = shoptrust::report::Finding::new(&finding_ids::CONNECTION_HTTP_PAGE, vec![]);
    assert_eq!(finding.id, "connection.http-page");
    assert_eq!(
        [finding.title_key, finding.why_key, finding.tip_key, finding.fix_key],
        MESSAGE_SUFFIXES.map(|s| format!("connection_http_page_{s}"))
    );
}

#[test]
fn every_finding_a_fixture_produces_is_in_the_table() {
    for fixture in common::all_fixtures() {
        for report in [common::judge_fixture(&fixture), common::judge_fixture_with_trackers(&fixture)] {
            for finding in &report.findings {
                let kind = finding_ids::ALL.iter().find(|k| k.id == finding.id);
                let kind = kind.unwrap_or_else(|| panic!("{fixture}: {} is not in the table", finding.id));
                assert_eq!(kind.concern, finding.concern, "{fixture}: {}", finding.id);
            }
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file before its unit tests (which may make up findings of their own).
fn code_before_tests(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// `Finding::new` takes a kind, and kinds are made only in the table: a finding made any
/// other way (a `Finding { … }` or `FindingKind { … }` written out) would dodge both.
#[test]
fn findings_are_made_only_from_the_table() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let table = root().join("src/report/finding_ids.rs");
    let report = root().join("src/report/mod.rs");
    let mut offenders = Vec::new();
    for path in &files {
        let code = code_before_tests(path);
        if path != &table && code.contains("FindingKind {") && !code.contains("pub struct FindingKind {") {
            offenders.push(format!("{}: makes a FindingKind outside the table", path.display()));
        }
        // `Finding {` after `struct`, `impl` or `->` is a declaration, not a value.
        let literal = code.match_indices("Finding {").any(|(at, _)| {
            let before = code[..at].trim_end();
            !(before.ends_with("struct") || before.ends_with("impl") || before.ends_with("->"))
        });
        if path != &report && literal {
            offenders.push(format!("{}: writes a Finding out field by field", path.display()));
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
    // The table's own kinds are all made through its constructor.
    let table_code = code_before_tests(&table);
    assert_eq!(table_code.matches("FindingKind { id, concern, severity }").count(), 1);
    assert_eq!(table_code.matches("kind(\"").count(), finding_ids::ALL.len());
}
