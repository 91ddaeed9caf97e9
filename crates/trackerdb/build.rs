//! Build script: compiles the Public Suffix List of the pinned `psl` crate into the table
//! `psl` (src/psl.rs) reads (see there for why a table rather than the crate's generated code).
//!
//! The list is that crate's own `data/rules.txt`, found through `cargo metadata`, so it is
//! always the version Cargo.lock pins; updating the list stays one version bump.

use std::path::PathBuf;
use std::process::Command;

#[allow(dead_code)]
#[path = "src/bytes.rs"]
mod bytes;
#[allow(dead_code)]
#[path = "src/psl.rs"]
mod psl;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(manifest.join("Cargo.toml"))
        .output()
        .expect("running cargo metadata");
    assert!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo metadata output");
    let psl_manifest = meta["packages"]
        .as_array()
        .and_then(|packages| packages.iter().find(|p| p["name"] == "psl"))
        .and_then(|p| p["manifest_path"].as_str())
        .expect("the psl crate in the dependency graph");
    let rules_path = PathBuf::from(psl_manifest).with_file_name("data").join("rules.txt");
    let rules = std::fs::read_to_string(&rules_path).unwrap_or_else(|e| panic!("{}: {e}", rules_path.display()));
    let table = psl::write_table(&rules).unwrap_or_else(|e| panic!("{}: {e}", rules_path.display()));
    let out_path = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("psl.bin");
    std::fs::write(&out_path, table).expect("writing psl.bin");
    println!("cargo:rerun-if-changed={}", rules_path.display());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/psl.rs");
    println!("cargo:rerun-if-changed=../../Cargo.lock");
}
