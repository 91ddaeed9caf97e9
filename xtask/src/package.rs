//! `cargo xtask build`: the wasm core bound for the browser (and for node, which the
//! benchmarks use), then one unpacked extension and one store-ready zip per browser:
//! `dist/chromium/` + `dist/shoptrust-chromium.zip` and `dist/firefox/` +
//! `dist/shoptrust-firefox.zip`. The two differ only in their manifest (see manifest.rs).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::manifest::{self, Browser};
use crate::notices;
use crate::tools::{self, root};
use crate::wasm_features;

pub const WASM_TARGET_DIR: &str = "target/wasm32-unknown-unknown/release";

/// What a package may hold: code, pages, styles, messages, icons, the wasm, the tracker
/// data and licence texts. Anything else (source maps, tests, dev notes) fails the build.
const SHIPPED_EXTENSIONS: &[&str] = &["js", "html", "css", "json", "png", "wasm", "tdb", "txt"];

pub fn dist() -> PathBuf {
    root().join("dist")
}

pub fn extension_dir(browser: Browser) -> PathBuf {
    dist().join(browser.name())
}

pub fn zip_path(browser: Browser) -> PathBuf {
    dist().join(format!("shoptrust-{}.zip", browser.name()))
}

pub fn build() -> Result<(), String> {
    tools::run(tools::cargo().args(["build", "--lib", "--release", "--target", "wasm32-unknown-unknown"]))?;
    let built = root().join(WASM_TARGET_DIR).join("shoptrust.wasm");
    // What wasm-bindgen reads: the build without `multivalue` among its target features, so
    // that no export returns several values (see wasm_features.rs: node 20 compiles a call
    // wrapper for each such export signature while compiling the module).
    let wasm = root().join(WASM_TARGET_DIR).join("shoptrust.bind.wasm");
    let bytes = fs::read(&built).map_err(|e| format!("{}: {e}", built.display()))?;
    let edited =
        wasm_features::without_features(&bytes, &["multivalue"]).map_err(|e| format!("{}: {e}", built.display()))?;
    fs::write(&wasm, edited).map_err(|e| format!("{}: {e}", wasm.display()))?;

    // Assembled once (in Chromium's folder), then copied: both packages run the same files.
    let ext = extension_dir(Browser::Chromium);
    if ext.exists() {
        fs::remove_dir_all(&ext).map_err(|e| format!("clearing {}: {e}", ext.display()))?;
    }
    copy_dir(&root().join("extension"), &ext)?;
    // The translators' glossaries live beside the locales in the source tree; they do not run.
    let glossaries = ext.join("i18n-glossary");
    if glossaries.exists() {
        fs::remove_dir_all(&glossaries).map_err(|e| format!("{}: {e}", glossaries.display()))?;
    }
    // First: the consent bundles below compile it in.
    write_contract(&ext)?;
    // The consent scripts built on npm packages (autoconsent) are bundled, not copied.
    fs::remove_dir_all(ext.join("bundles")).map_err(|e| format!("extension bundles: {e}"))?;
    tools::run(tools::node().arg("xtask/js/bundle-consent.mjs").arg(&ext))?;
    // The shipped copy without the wasm's function names (only stack traces read them);
    // the node copy keeps them for the benchmarks' size breakdowns.
    bind(&wasm, "web", &ext.join("pkg"), &["--remove-name-section"])?;
    bind(&wasm, "nodejs", &dist().join("node"), &[])?;
    // wasm-bindgen's node target is CommonJS, and the repository's package.json says
    // "module": mark the folder so node loads it as what it is.
    fs::write(dist().join("node/package.json"), "{\"type\": \"commonjs\"}\n").map_err(|e| e.to_string())?;
    compile_tracker_data()?;
    fs::create_dir_all(ext.join("data")).map_err(|e| e.to_string())?;
    fs::copy(dist().join("trackerdb.tdb"), ext.join("data/trackerdb.tdb"))
        .map_err(|e| format!("trackerdb.tdb: {e}"))?;
    notices::write(&ext)?;
    check_only_shipped_files(&ext)?;

    let source_path = root().join("extension/manifest.json");
    let source: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&source_path).map_err(|e| format!("{}: {e}", source_path.display()))?)
            .map_err(|e| format!("{}: {e}", source_path.display()))?;
    for browser in Browser::ALL {
        let dir = extension_dir(browser);
        if dir != ext {
            if dir.exists() {
                fs::remove_dir_all(&dir).map_err(|e| format!("clearing {}: {e}", dir.display()))?;
            }
            copy_dir(&ext, &dir)?;
        }
        let manifest = manifest::for_browser(&source, browser)?;
        let text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())? + "\n";
        fs::write(dir.join("manifest.json"), text).map_err(|e| format!("{} manifest: {e}", browser.name()))?;
        let bytes = write_zip(&dir, &zip_path(browser))?;
        eprintln!("xtask: built {} and {} ({bytes} bytes)", dir.display(), zip_path(browser).display());
    }
    Ok(())
}

/// `contract.js`: the JS↔core contract (`shoptrust::contract`) as a classic script that sets a
/// frozen `globalThis.ShopTrustContract`. The manifest runs it first in the isolated world,
/// the worker imports it, the popup loads it, and the main-world bundle compiles it in.
fn write_contract(ext: &Path) -> Result<(), String> {
    const SCRIPT: &str = r#"// Generated by `cargo xtask build` from src/contract.rs, the contract between the shell
// and the core. Do not edit: change src/contract.rs.
(() => {
  const freeze = (o) => {
    for (const v of Object.values(o)) if (v && typeof v === 'object') freeze(v);
    return Object.freeze(o);
  };
  globalThis.ShopTrustContract = freeze(CONTRACT_JSON);
})();
"#;
    let script = SCRIPT.replace("CONTRACT_JSON", &shoptrust::contract::contract_json());
    let out = ext.join("contract.js");
    fs::write(&out, script).map_err(|e| format!("{}: {e}", out.display()))
}

fn check_only_shipped_files(dir: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    let unexpected: Vec<String> = files
        .iter()
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            !SHIPPED_EXTENSIONS.contains(&ext) || name.contains(".test.") || name.contains(".spec.")
        })
        .map(|path| path.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    if unexpected.is_empty() {
        Ok(())
    } else {
        Err(format!("files that do not run in the extension would be packaged: {}", unexpected.join(", ")))
    }
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

fn bind(wasm: &Path, target: &str, out_dir: &Path, extra: &[&str]) -> Result<(), String> {
    tools::run(
        tools::wasm_bindgen()
            .args(["--target", target, "--no-typescript", "--out-name", "shoptrust"])
            .args(extra)
            .arg("--out-dir")
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
