//! The core's layering, read from the sources: the page model (`page/`) and the report
//! (`report/`) sit at the bottom and use nothing of the crate outside themselves and no
//! dependency but serde; no two top-level modules of `src/` reach each other in a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
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

/// The top-level module a file belongs to (`payment/scripts.rs` → `payment`); `None` for
/// the crate root, which wires every module together.
fn top_module(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    match first.strip_suffix(".rs") {
        Some("lib") => None,
        Some(name) => Some(name.to_string()),
        None => Some(first),
    }
}

/// The code of a file without its comments (doc links name modules without using them).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().map(|l| l.split("//").next().unwrap()).collect::<Vec<_>>().join("\n")
}

/// Every identifier that follows `prefix` (`crate::` → `page`, `report`, …).
fn paths_after<'a>(code: &'a str, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    code.match_indices(prefix).filter_map(move |(at, _)| {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let rest = &code[at + prefix.len()..];
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        Some(&rest[..end])
    })
}

struct Crate {
    modules: BTreeSet<String>,
    /// Module → the other top-level modules its files use.
    uses: BTreeMap<String, BTreeSet<String>>,
    files: Vec<(PathBuf, String)>,
}

fn read_crate() -> Crate {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| top_module(f)).collect();
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut read = Vec::new();
    for file in files {
        let code = code(&file);
        if let Some(module) = top_module(&file) {
            let entry = uses.entry(module.clone()).or_default();
            let mut used: Vec<&str> = paths_after(&code, "crate::").collect();
            // In a top-level file (`src/site.rs`), `super::` is the crate root.
            if file.parent() == Some(src().as_path()) {
                used.extend(paths_after(&code, "super::"));
            }
            entry.extend(used.into_iter().filter(|m| modules.contains(*m) && **m != *module).map(String::from));
        }
        read.push((file, code));
    }
    Crate { modules, uses, files: read }
}

#[test]
fn page_and_report_use_nothing_of_the_crate_but_themselves() {
    let krate = read_crate();
    for bottom in ["page", "report"] {
        assert!(krate.modules.contains(bottom), "src/{bottom}/ is missing");
        let used = &krate.uses[bottom];
        assert!(used.is_empty(), "{bottom} uses {used:?}: it must sit below every other module");
    }
}

#[test]
fn page_and_report_need_no_dependency_but_serde() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let section = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    let dependencies: Vec<String> = section
        .lines()
        .filter_map(|l| l.split('=').next())
        .map(|name| name.trim().replace('-', "_"))
        .filter(|name| !name.is_empty() && !name.starts_with('#') && name != "serde")
        .collect();
    assert!(dependencies.iter().any(|d| d == "url"), "read the dependencies: {dependencies:?}");
    let krate = read_crate();
    for (file, code) in &krate.files {
        if !matches!(top_module(file).as_deref(), Some("page" | "report")) {
            continue;
        }
        for dependency in &dependencies {
            let prefix = format!("{dependency}::");
            assert!(paths_after(code, &prefix).next().is_none(), "{} uses {dependency}", file.display());
        }
    }
}

#[test]
fn no_two_modules_use_each_other_in_a_circle() {
    let krate = read_crate();
    // Depth-first search; a module met again while still on the path closes a circle.
    fn visit<'a>(
        module: &'a str,
        uses: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| *m == module) {
            let mut circle: Vec<String> = path[at..].iter().map(|m| m.to_string()).collect();
            circle.push(module.to_string());
            return Some(circle);
        }
        if !done.insert(module) {
            return None;
        }
        path.push(module);
        for next in uses.get(module).into_iter().flatten() {
            if let Some(circle) = visit(next, uses, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for module in &krate.modules {
        if let Some(circle) = visit(module, &krate.uses, &mut Vec::new(), &mut done) {
            panic!("modules use each other in a circle: {}", circle.join(" → "));
        }
    }
    // The check sees real edges: the concerns do use the page model.
    assert!(krate.uses["payment"].contains("page") && krate.uses["tracking"].contains("report"));
}
