//! Native timing of `evaluate`, run by `cargo xtask bench` in a release build. The wasm
//! figures come from `xtask/js/bench.mjs` on the same inputs.

use std::time::Instant;

use shoptrust::page::{InputFacts, Page, PageFacts, ResourceFacts, ScriptFacts, FACTS_SCHEMA_VERSION};

use crate::tools::root;

/// Demo-shop pages the benchmark judges, shared with the wasm benchmark.
pub const DEMO_FIXTURES: &[&str] = &[
    "tests/fixtures/connection/secure_shop_checkout.json",
    "tests/fixtures/connection/http_shop_checkout_card_form.json",
    "tests/fixtures/connection/mixed_shop_checkout_posts_card_over_http.json",
];

pub fn run(args: &[String]) -> Result<(), String> {
    // `bench-native --typed`: only the "data you type" figure (for profiling that search).
    if args.iter().any(|a| a == "--typed") {
        print_typed();
        return Ok(());
    }
    let mut demo_pages = Vec::new();
    for path in DEMO_FIXTURES {
        let text = std::fs::read_to_string(root().join(path)).map_err(|e| format!("{path}: {e}"))?;
        demo_pages.push(serde_json_page(&text)?);
    }
    let heavy = heavy_page();
    // Judged as in the extension: with the tracker data loaded.
    let data_path = root().join("dist/trackerdb.tdb");
    let data = std::fs::read(&data_path).map_err(|e| format!("{}: {e}", data_path.display()))?;
    let db = shoptrust::tracking::TrackerDb::load(&data).map_err(|e| format!("tracker data: {e}"))?;
    println!("core evaluation, native (release, tracker data loaded):");
    report("  demo-shop facts", &time_each(&demo_pages, &db, 2_000));
    report("  heavy page (5,000 inputs, 2,000 resources)", &time_each(std::slice::from_ref(&heavy), &db, 200));
    print_typed();
    Ok(())
}

// ---- "Data you type" (issue 12) figure: kept apart from the other sections. ----
fn print_typed() {
    let typed = shoptrust::typed::bench::workload(1_000);
    let (median, p99) = shoptrust::typed::bench::time_native(&typed, 200);
    println!(
        "  data you type, 8 fields × every encoding vs 1,000 requests (bodies ≤ 4 KB): median {median:.2} ms, p99 {p99:.2} ms (200 runs)"
    );
}
// ---- end of "data you type" ----

fn serde_json_page(text: &str) -> Result<Page, String> {
    // The bench measures `evaluate` alone; parsing is the JS side's job in the extension.
    shoptrust::page_from_json(text).map_err(|e| e.to_string())
}

/// The synthetic heavy page of the benchmark, also built by the wasm benchmark.
pub fn heavy_page() -> Page {
    let inputs = (0..5_000)
        .map(|i| InputFacts {
            kind: "text".into(),
            name: format!("field_{i}"),
            label: format!("Option {i}"),
            visible: true,
            ..Default::default()
        })
        .collect();
    let resources = (0..2_000)
        .map(|i| ResourceFacts {
            url: format!("https://cdn{}.example.test/asset/{i}.js", i % 40),
            initiator_type: if i % 3 == 0 { "img" } else { "script" }.into(),
        })
        .collect();
    let scripts = (0..300)
        .map(|i| ScriptFacts { src: format!("https://cdn{}.example.test/asset/{i}.js", i % 40), ..Default::default() })
        .collect();
    Page {
        facts: Some(PageFacts {
            schema_version: FACTS_SCHEMA_VERSION,
            url: "https://heavy.example.test/catalogue".into(),
            is_secure_context: true,
            loose_inputs: inputs,
            resources,
            scripts,
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn time_each(pages: &[Page], db: &shoptrust::tracking::TrackerDb, rounds: usize) -> Vec<f64> {
    let mut micros = Vec::with_capacity(pages.len() * rounds);
    for page in pages {
        std::hint::black_box(shoptrust::evaluate_with(page, Some(db)));
    }
    for _ in 0..rounds {
        for page in pages {
            let start = Instant::now();
            std::hint::black_box(shoptrust::evaluate_with(std::hint::black_box(page), Some(db)));
            micros.push(start.elapsed().as_secs_f64() * 1e6);
        }
    }
    micros
}

fn report(label: &str, micros: &[f64]) {
    let mut sorted = micros.to_vec();
    sorted.sort_by(f64::total_cmp);
    let pick = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    println!("{label}: median {:.1} µs, p99 {:.1} µs ({} runs)", pick(0.5), pick(0.99), sorted.len());
}
