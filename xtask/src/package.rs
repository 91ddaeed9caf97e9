//! `cargo xtask build`: the wasm core bound for the browser (and for node, which the
//! benchmarks use), the unpacked extension in `dist/chromium/`, and a store-ready zip.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::tools::{self, root};

pub const WASM_TARGET_DIR: &str = "target/wasm32-unknown-unknown/release";

pub fn dist() -> PathBuf {
    root().join("dist")
}

pub fn extension_dir() -> PathBuf {
    dist().join("chromium")
}

pub fn zip_path() -> PathBuf {
    dist().join("shoptrust-chromium.zip")
}

pub fn build() -> Result<(), String> {
    tools::run(tools::cargo().args(["build", "--lib", "--release", "--target", "wasm32-unknown-unknown"]))?;
    let wasm = root().join(WASM_TARGET_DIR).join("shoptrust.wasm");

    let ext = extension_dir();
    if ext.exists() {
        fs::remove_dir_all(&ext).map_err(|e| format!("clearing {}: {e}", ext.display()))?;
    }
    copy_dir(&root().join("extension"), &ext)?;
    // The consent scripts built on npm packages (autoconsent) are bundled, not copied.
    fs::remove_dir_all(ext.join("bundles")).map_err(|e| format!("extension bundles: {e}"))?;
    tools::run(tools::node().arg("xtask/js/bundle-consent.mjs").arg(&ext))?;
    bind(&wasm, "web", &ext.join("pkg"))?;
    bind(&wasm, "nodejs", &dist().join("node"))?;
    // wasm-bindgen's node target is CommonJS, and the repository's package.json says
    // "module": mark the folder so node loads it as what it is.
    fs::write(dist().join("node/package.json"), "{\"type\": \"commonjs\"}\n").map_err(|e| e.to_string())?;
    compile_tracker_data()?;
    fs::create_dir_all(ext.join("data")).map_err(|e| e.to_string())?;
    fs::copy(dist().join("trackerdb.tdb"), ext.join("data/trackerdb.tdb"))
        .map_err(|e| format!("trackerdb.tdb: {e}"))?;

    let bytes = write_zip(&ext, &zip_path())?;
    eprintln!("xtask: built {} and {} ({bytes} bytes)", ext.display(), zip_path().display());
    Ok(())
}

/// `@ghostery/trackerdb` → text (node reads the package) → binary image (the core's own
/// compiler, run here natively) → `dist/trackerdb.tdb`, which the worker loads at start-up.
fn compile_tracker_data() -> Result<(), String> {
    let text_path = root().join("target/trackerdb/trackerdb.txt");
    tools::run(tools::node().arg("xtask/js/compile-trackerdb.mjs").arg(&text_path))?;
    let text = fs::read(&text_path).map_err(|e| format!("{}: {e}", text_path.display()))?;
    let image = shoptrust::tracking::TrackerDb::compile(&text).map_err(|e| format!("tracker data: {e}"))?;
    let db = shoptrust::tracking::TrackerDb::load(&image).map_err(|e| format!("tracker data image: {e}"))?;
    let out = dist().join("trackerdb.tdb");
    fs::write(&out, &image).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "xtask: {} → {} ({} bytes): {} patterns, {} indexed filters, {} cosmetic lines skipped",
        db.source(),
        out.display(),
        image.len(),
        db.pattern_count(),
        db.filter_count(),
        db.skipped_filters().count()
    );
    Ok(())
}

fn bind(wasm: &Path, target: &str, out_dir: &Path) -> Result<(), String> {
    tools::run(
        tools::wasm_bindgen()
            .args(["--target", target, "--no-typescript", "--out-name", "shoptrust", "--out-dir"])
            .arg(out_dir)
            .arg(wasm),
    )
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| format!("{}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Zips `dir` with its files at the archive's root, as the Chrome Web Store expects.
fn write_zip(dir: &Path, out: &Path) -> Result<u64, String> {
    let file = fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    for path in files {
        let name = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(&fs::read(&path).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    }
    zip.finish().map_err(|e| e.to_string())?;
    fs::metadata(out).map(|m| m.len()).map_err(|e| e.to_string())
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}
