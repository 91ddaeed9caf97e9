//! `cargo xtask fuzz`: the long run of the core's fuzz test (tests/fuzz_core.rs and
//! tests/fuzz/): at least 1,000,000 random and mutated pages through `evaluate`, in batches
//! of the test binary's ignored `fuzz_batch` test, each from its own seed, so a failure names
//! a seed that reproduces it (`SHOPTRUST_FUZZ_SEED=… SHOPTRUST_FUZZ_CASES=…`). Built with the
//! `fuzz` profile: optimised like the extension's core, so the times are the product's.

use std::process::Command;
use std::time::Instant;

use crate::tools::{self, cargo};

const USAGE: &str = "cargo xtask fuzz [--cases N (1000000)] [--batch N (100000)] [--seed S (1)]";

pub fn run(args: &[String]) -> Result<(), String> {
    let (mut cases, mut batch, mut seed) = (1_000_000u64, 100_000u64, 1u64);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().and_then(|v| v.replace('_', "").parse::<u64>().ok());
        match (flag.as_str(), value) {
            ("--cases", Some(v)) => cases = v,
            ("--batch", Some(v)) if v > 0 => batch = v,
            ("--seed", Some(v)) => seed = v,
            _ => return Err(format!("usage: {USAGE}")),
        }
    }
    let test = |cmd: &mut Command| {
        cmd.args(["test", "--profile", "fuzz", "--package", "shoptrust", "--test", "fuzz_core"]);
    };
    let mut build = cargo();
    test(&mut build);
    tools::run(build.arg("--no-run"))?;

    let started = Instant::now();
    let (mut done, mut judged, mut evaluations, mut max_ms) = (0u64, 0u64, 0u64, 0f64);
    let mut slowest_seed = seed;
    while done < cases {
        let this = batch.min(cases - done);
        let mut cmd = cargo();
        test(&mut cmd);
        cmd.args(["fuzz_batch", "--", "--ignored", "--exact", "--nocapture"])
            .env("SHOPTRUST_FUZZ_CASES", this.to_string())
            .env("SHOPTRUST_FUZZ_SEED", seed.to_string());
        let out = cmd.output().map_err(|e| format!("could not start cargo: {e}"))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(format!(
                "fuzz batch with seed {seed} failed after {done} cases:\n{stdout}{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let line =
            stdout.lines().find(|l| l.starts_with("fuzz-batch cases=")).ok_or("fuzz_batch printed no summary")?;
        let field = |name: &str| -> Result<f64, String> {
            line.split_whitespace()
                .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("no {name} in {line:?}"))
        };
        done += field("cases")? as u64;
        judged += field("judged")? as u64;
        evaluations += field("evaluations")? as u64;
        let batch_max = field("max_ms")?;
        if batch_max > max_ms {
            max_ms = batch_max;
            slowest_seed = seed;
        }
        eprintln!(
            "xtask: fuzz seed {seed}: {done}/{cases} cases, slowest evaluation so far {max_ms:.2} ms ({:.0} s)",
            started.elapsed().as_secs_f64()
        );
        seed += 1;
    }
    println!(
        "fuzz: {done} cases ({judged} judged pages checked metamorphically), {evaluations} evaluations: no panic, \
         none over 100 ms; slowest {max_ms:.2} ms (seed {slowest_seed}), {:.0} s in all",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
