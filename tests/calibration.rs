//! The calibration suite: realistic shop profiles must get the letters the README's
//! definitions give them, and no report may contradict itself (letter, headline, "Can I
//! pay here?" line, concern lines). `cargo xtask calibrate` prints the distribution.

mod common;
#[path = "calibration/profile.rs"]
mod profile;

use std::path::Path;

fn profiles() -> profile::ProfileFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calibration/profiles.json");
    profile::load(&std::fs::read_to_string(path).unwrap()).expect("profiles.json reads")
}

#[test]
fn every_profile_gets_a_letter_in_its_range() {
    let file = profiles();
    assert!(file.profiles.len() >= 25, "the issue asks for at least 25 profiles");
    let mut out_of_range = Vec::new();
    for p in &file.profiles {
        let allowed = p.allowed_letters();
        assert!(!allowed.is_empty(), "{}: bad expect {:?}", p.name, p.expect);
        let report = shoptrust::evaluate_json_with(&p.page().to_string(), Some(common::trackers()));
        let letter = report.grade.map(|g| g.letter().to_string()).unwrap_or_else(|| "?".into());
        if !allowed.contains(&letter) {
            let ids: Vec<String> = report.findings.iter().map(|f| format!("{} ({:?})", f.id, f.tier)).collect();
            out_of_range.push(format!("{}: {letter}, expected {} ({}); findings {ids:?}", p.name, p.expect, p.reason));
        }
    }
    assert!(out_of_range.is_empty(), "profiles out of range:\n{}", out_of_range.join("\n"));
}

#[test]
fn no_profile_report_contradicts_itself() {
    for p in &profiles().profiles {
        let report = shoptrust::evaluate_json_with(&p.page().to_string(), Some(common::trackers()));
        let problems = shoptrust::grade::contradictions(&report);
        assert!(problems.is_empty(), "{}: {problems:?}", p.name);
    }
}

#[test]
fn no_fixture_report_contradicts_itself() {
    let mut checked = 0;
    let mut stack = vec![common::fixtures_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let report =
                    shoptrust::evaluate_json_with(&std::fs::read_to_string(&path).unwrap(), Some(common::trackers()));
                let problems = shoptrust::grade::contradictions(&report);
                assert!(problems.is_empty(), "{}: {problems:?}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} fixtures found");
}

#[test]
fn a_contradiction_is_caught() {
    // The check itself must be able to fail: a danger finding under a B is one.
    let p = &profiles().profiles[0];
    let mut report = shoptrust::evaluate_json_with(&p.page().to_string(), Some(common::trackers()));
    report.grade = Some(shoptrust::report::Grade::B);
    assert!(!shoptrust::grade::contradictions(&report).is_empty());
}

#[test]
fn weights_are_shares_with_their_sources() {
    let file = profiles();
    assert!(!file.weight_sources.is_empty(), "the weights must say where they come from");
    assert!(file.profiles.iter().all(|p| p.weight > 0.0), "every profile stands for some pages");
}

#[test]
fn real_pages_get_f_only_for_a_danger_finding() {
    // The shared request corpus (../shared/data, beside the repository in CI).
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/requests-brave-8276.json");
    let corpus: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let pages = profile::corpus_pages(&corpus);
    assert!(pages.len() > 400, "{} pages", pages.len());
    for (url, page) in pages {
        let report = shoptrust::evaluate_json_with(&page.to_string(), Some(common::trackers()));
        assert!(shoptrust::grade::contradictions(&report).is_empty(), "{url}");
        if report.grade == Some(shoptrust::report::Grade::F) {
            assert!(report.findings.iter().any(|f| f.tier == shoptrust::report::Tier::Danger), "{url}");
        }
    }
}
