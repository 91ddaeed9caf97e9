//! `cargo xtask calibrate`: the letters of the calibration profiles
//! (`tests/calibration/profiles.json`), weighted by how common such pages are, and the
//! letters of the real pages in the shared request corpus, one page per `sourceUrl`.

#[path = "../../tests/calibration/profile.rs"]
mod profile;

use std::collections::BTreeMap;
use std::fs;

use shoptrust::tracking::TrackerDb;

use crate::package::dist;
use crate::tools::root;

const LETTERS: [&str; 6] = ["A", "B", "C", "D", "F", "?"];

pub fn run() -> Result<(), String> {
    let image = fs::read(dist().join("trackerdb.tdb")).map_err(|e| format!("tracker data: {e}"))?;
    let db = TrackerDb::load(&image).map_err(|e| format!("tracker data: {e}"))?;

    let text = fs::read_to_string(root().join("tests/calibration/profiles.json")).map_err(|e| e.to_string())?;
    let file = profile::load(&text).map_err(|e| format!("profiles.json: {e}"))?;
    println!("calibration profiles ({}):", file.profiles.len());
    let mut weighted: BTreeMap<&str, f64> = BTreeMap::new();
    let total: f64 = file.profiles.iter().map(|p| p.weight).sum();
    for p in &file.profiles {
        let report = shoptrust::evaluate_json_with(&p.page().to_string(), Some(&db));
        let letter = letter_of(&report);
        *weighted.entry(letter).or_default() += p.weight / total;
        let mark = if p.allowed_letters().iter().any(|l| l == letter) { " " } else { "!" };
        println!("{mark} {letter}  (expect {:<3}) {:>5.1}%  {}", p.expect, p.weight / total * 100.0, p.name);
        if mark == "!" {
            println!("      why {}: {}", p.expect, p.reason);
        }
    }
    println!("\nweighted by prevalence (weights: tests/calibration/profiles.json, weightSources):");
    print_distribution(&weighted, 1.0);
    for source in &file.weight_sources {
        println!("  source: {source}");
    }

    let corpus_path = root().join("../shared/data/requests-brave-8276.json");
    match fs::read_to_string(&corpus_path) {
        Ok(corpus) => {
            let corpus: serde_json::Value = serde_json::from_str(&corpus).map_err(|e| e.to_string())?;
            let pages = profile::corpus_pages(&corpus);
            let mut counts: BTreeMap<&str, f64> = BTreeMap::new();
            let mut f_pages = Vec::new();
            for (url, page) in &pages {
                let report = shoptrust::evaluate_json_with(&page.to_string(), Some(&db));
                let letter = letter_of(&report);
                *counts.entry(letter).or_default() += 1.0;
                if letter == "F" {
                    f_pages.push(url.clone());
                }
            }
            println!(
                "\nreal pages in {} ({} pages; requests only: consent unjudged, headers unseen):",
                corpus_path.display(),
                pages.len()
            );
            print_distribution(&counts, pages.len() as f64);
            println!("  F pages (each must have a danger finding): {}", f_pages.len());
        }
        Err(e) => println!("\n(no request corpus at {}: {e})", corpus_path.display()),
    }
    Ok(())
}

fn letter_of(report: &shoptrust::report::Report) -> &'static str {
    match report.grade {
        Some(g) => LETTERS.iter().copied().find(|l| *l == g.letter()).unwrap_or("?"),
        None => "?",
    }
}

fn print_distribution(counts: &BTreeMap<&str, f64>, total: f64) {
    let line: Vec<String> = LETTERS
        .iter()
        .map(|l| format!("{l} {:>5.1}%", counts.get(l).copied().unwrap_or(0.0) / total * 100.0))
        .collect();
    println!("  {}", line.join("   "));
}
