//! Fuzzing the core (issue 15): random and mutated page facts through `evaluate`, with the
//! real tracker data. The quick run here is part of `cargo test`; `cargo xtask fuzz` runs
//! `fuzz_batch` in release over many seeds (at least 1,000,000 cases). See tests/fuzz/mod.rs.

mod common;
mod fuzz;

use fuzz::{Fuzzer, SLOW_MS};

fn fuzzer() -> Fuzzer<'static> {
    Fuzzer { db: common::trackers(), fixtures: fuzz::fixtures() }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn random_and_mutated_pages_never_panic_hang_or_flatter() {
    // A fixed seed, so `cargo test` is repeatable; the long run varies it. An unoptimised
    // build runs about ten times slower, so it runs fewer cases (the long run runs millions).
    let cases = if cfg!(debug_assertions) { 3_000 } else { 20_000 };
    let stats = fuzzer().run(cases, 15).unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "fuzz quick run: {} cases, {} judged, {} evaluations, slowest {:.2} ms (limit {SLOW_MS} ms)",
        stats.cases, stats.judged, stats.evaluations, stats.max_ms
    );
    assert!(
        stats.judged > stats.cases / 10,
        "too few mutated pages were judged to test the metamorphic checks: {stats:?}"
    );
}

/// One batch of the long run: `SHOPTRUST_FUZZ_CASES` cases from `SHOPTRUST_FUZZ_SEED`.
/// Prints one line `fuzz-batch cases=… judged=… evaluations=… max_ms=…` for the driver.
#[test]
#[ignore = "the long run: cargo xtask fuzz"]
fn fuzz_batch() {
    let cases = env_number("SHOPTRUST_FUZZ_CASES", 100_000) as u32;
    let seed = env_number("SHOPTRUST_FUZZ_SEED", 1);
    let stats = fuzzer().run(cases, seed).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    println!(
        "fuzz-batch cases={} judged={} evaluations={} max_ms={:.3}",
        stats.cases, stats.judged, stats.evaluations, stats.max_ms
    );
    // The slowest input, for a look at what made it slow.
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-slowest-{seed}.json"));
    std::fs::write(&path, &stats.slowest).unwrap();
    println!("fuzz-batch slowest input: {}", path.display());
}
