//! `cargo xtask <command>`: everything ShopTrust's developers and CI run, needing only
//! cargo to start. The command names are a contract with tools outside the repository:
//! add commands, never rename them.

mod bench_native;
mod calibrate;
mod fuzz;
mod manifest;
mod notices;
mod package;
mod tools;
mod wasm_features;

use std::process::ExitCode;

use tools::{node, Setup};

const USAGE: &str = "\
usage: cargo xtask <command> [args]

  build                 build the wasm core and the extension: dist/chromium/, dist/firefox/ and a
                        store zip for each
  test                  run every test: Rust fixtures, the shell's unit tests in node, web-ext lint
                        on the Firefox package, then the extension in headless Chromium and in
                        headless Firefox ESR
  demo [--json] [--browser chromium|firefox]
                        judge the bundled demo shops in headless Chromium (or Firefox ESR) and
                        show the result (with DISPLAY set, add --headed to watch)
  scan [--json] [--fill] [--browser chromium|firefox] [--resolve-all-to HOST:PORT] [--ignore-cert-errors]
       [--fail-under GRADE] URL...
                        judge any pages; exits 1 when one grades below GRADE; --fill types a
                        synthetic identity into the personal-data fields first (never submits)
  bench                 benchmark the core (native and wasm), collection in Chromium, sizes
  agreement             compare tracker verdicts with Ghostery's own SDK on the shared corpus
  calibrate             letters of the calibration profiles (weighted by prevalence) and of the
                        real pages in the shared request corpus
  fuzz [--cases N] [--batch N] [--seed S]
                        feed random and mutated page facts through the core, 1,000,000 by
                        default: no panic, no evaluation over 100 ms, no grade a hostile
                        change improves (the quick run is part of `test`)
  consent-corpus [--json] [URL-PART...]
                        visit every consent setup of www/shops/consent-corpus.json in headless
                        Chromium: who found the banner, the first-layer buttons' roles, the
                        fairness verdict; exits 1 when a banner is missed or its accept or
                        reject is not recognised
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match command.as_str() {
        "build" => build(),
        "test" => test(),
        "demo" => browse(&["--demo"], rest),
        "scan" => browse(&[], rest),
        "bench" => bench(),
        "bench-native" => bench_native::run(rest),
        "agreement" => agreement(),
        "calibrate" => ensure_built(Setup::for_build()).and_then(|()| calibrate::run()),
        "fuzz" => ensure_built(Setup::for_build()).and_then(|()| fuzz::run(rest)),
        "consent-corpus" => consent_corpus(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// What every command starts with: the tools it needs, then the extension built.
fn ensure_built(setup: Setup) -> Result<(), String> {
    setup.ensure()?;
    package::build()
}

fn build() -> Result<(), String> {
    ensure_built(Setup::for_build())
}

fn test() -> Result<(), String> {
    ensure_built(Setup::everything())?;
    tools::run_showing_output(tools::cargo().args(["test", "--workspace"]))?;
    // The shell's modules with a stand-in `chrome`, and the contract against the build.
    tools::run_showing_output(node().args(["--test", "tests/unit/"]))?;
    tools::run_showing_output(node().args(["--test", "tests/package/"]))?;
    // Mozilla's own add-on linter on the Firefox package: any error or warning fails (the
    // README lists the warnings it would give and why none is left).
    tools::run_showing_output(node().args([
        "node_modules/web-ext/bin/web-ext.js",
        "lint",
        "--warnings-as-errors",
        "--source-dir",
        "dist/firefox",
    ]))?;
    tools::run_showing_output(node().args(["--test", "--test-concurrency=1", "tests/e2e/"]))?;
    tools::run_showing_output(node().args(["--test", "--test-concurrency=1", "tests/e2e-firefox/"]))
}

/// `demo` and `scan` share one driver: load the built extension in Chromium or Firefox,
/// visit pages, read the reports it stored.
fn browse(preset: &[&str], args: &[String]) -> Result<(), String> {
    ensure_built(Setup::everything())?;
    let status = node()
        .arg("xtask/js/scan.mjs")
        .args(preset)
        .args(args)
        .status()
        .map_err(|e| format!("could not start node: {e}"))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(1) => Err("a page graded below --fail-under".into()),
        _ => Err(format!("the scan failed ({status})")),
    }
}

fn bench() -> Result<(), String> {
    ensure_built(Setup::everything())?;
    // Native figures need an optimised build of the core, which the debug xtask is not.
    tools::run_showing_output(tools::cargo().args([
        "run",
        "--quiet",
        "--release",
        "--package",
        "xtask",
        "--",
        "bench-native",
    ]))?;
    tools::run_showing_output(node().arg("xtask/js/bench.mjs"))
}

fn consent_corpus(args: &[String]) -> Result<(), String> {
    ensure_built(Setup::everything())?;
    let status = node()
        .arg("xtask/js/consent-corpus.mjs")
        .args(args)
        .status()
        .map_err(|e| format!("could not start node: {e}"))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(1) => Err("a consent setup missed the bar (banner found, accept and reject recognised)".into()),
        _ => Err(format!("the consent corpus run failed ({status})")),
    }
}

fn agreement() -> Result<(), String> {
    ensure_built(Setup::for_build())?;
    tools::run_showing_output(node().arg("xtask/js/agreement.mjs"))
}
