//! Installing what a command needs when it is missing, and saying clearly what could not
//! be installed. Only package registries are used: rustup's target, crates.io, npm and
//! Debian's archive. No browser or toolchain binary is ever downloaded by hand.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

pub fn node() -> Command {
    let mut cmd = Command::new("node");
    cmd.current_dir(root());
    cmd
}

/// Runs a set-up or build step, echoing it, and turns a failure into a message naming it.
/// Its output goes to stderr: xtask's stdout carries only a command's result (`scan --json`
/// must print nothing but JSON there, also on the run that first builds the extension).
pub fn run(cmd: &mut Command) -> Result<(), String> {
    run_showing_output(cmd.stdout(std::io::stderr()))
}

/// Runs a command whose output is the result the developer asked for (tests, benchmarks),
/// echoing it on stderr, and turns a failure into a message naming it.
pub fn run_showing_output(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}").replace('"', "");
    eprintln!("xtask: {shown}");
    let status = cmd.status().map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const FIREFOX: &str = "/usr/bin/firefox-esr";

pub struct Setup {
    npm: bool,
    browsers: bool,
}

impl Setup {
    pub fn for_build() -> Setup {
        Setup { npm: true, browsers: false }
    }

    pub fn everything() -> Setup {
        Setup { npm: true, browsers: true }
    }

    pub fn ensure(&self) -> Result<(), String> {
        ensure_wasm_target()?;
        ensure_wasm_bindgen()?;
        if self.npm {
            ensure_npm_packages()?;
        }
        if self.browsers {
            ensure_debian_browser(CHROMIUM, "chromium")?;
            ensure_debian_browser(FIREFOX, "firefox-esr")?;
        }
        Ok(())
    }
}

const WASM_TARGET: &str = "wasm32-unknown-unknown";

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
        .map_err(|e| format!("the {WASM_TARGET} Rust target is missing and could not be added: {e}"))
}

/// The wasm-bindgen CLI must match the library version in Cargo.lock exactly, or the
/// bindings it writes do not fit the wasm.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    locked_crate_version("wasm-bindgen")
}

/// The version of a crate as Cargo.lock pins it.
pub fn locked_crate_version(name: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            if let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                return Ok(version.trim_matches('"').to_string());
            }
        }
    }
    Err(format!("Cargo.lock has no {name} package"))
}

pub fn wasm_bindgen() -> Command {
    let mut cmd = Command::new("wasm-bindgen");
    cmd.current_dir(root());
    cmd
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let wanted = locked_wasm_bindgen_version()?;
    let have = output(wasm_bindgen().arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(());
    }
    eprintln!(
        "xtask: installing wasm-bindgen-cli {wanted} (found: {})",
        if have.is_empty() { "none" } else { have.trim() }
    );
    // The CLI's own lockfile can name a dependency version the registry mirror lacks;
    // then let cargo resolve within the CLI's semver ranges instead.
    let locked = run(cargo().args(["install", "wasm-bindgen-cli", "--version", &wanted, "--locked"]));
    if locked.is_err() {
        run(cargo().args(["install", "wasm-bindgen-cli", "--version", &wanted]))
            .map_err(|e| format!("wasm-bindgen-cli {wanted} is missing and could not be installed: {e}"))?;
    }
    Ok(())
}

fn ensure_npm_packages() -> Result<(), String> {
    if output(Command::new("node").arg("--version")).is_none() || output(Command::new("npm").arg("--version")).is_none()
    {
        return Err("node and npm are needed (Debian: apt-get install nodejs npm) and were not found".into());
    }
    let root = root();
    let marker = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let fresh = match (std::fs::metadata(&marker), std::fs::metadata(&lock)) {
        (Ok(m), Ok(l)) => m.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    let mut npm = Command::new("npm");
    npm.current_dir(&root).args(["ci", "--no-audit", "--no-fund"]);
    run(&mut npm).map_err(|e| format!("npm packages could not be installed: {e}"))
}

/// Debian's package `package`, which installs the browser at `binary`.
fn ensure_debian_browser(binary: &str, package: &str) -> Result<(), String> {
    if Path::new(binary).exists() {
        return Ok(());
    }
    eprintln!("xtask: {binary} is missing; installing Debian's {package} package");
    let as_root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if as_root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.args(["-n", "apt-get"]);
            sudo
        };
        // Another install (the other browser, a CI step) may hold dpkg's lock: wait for it.
        cmd.env("DEBIAN_FRONTEND", "noninteractive").args(["-o", "DPkg::Lock::Timeout=600"]).args(args);
        run(&mut cmd)
    };
    apt(&["update", "-qq"])
        .and_then(|_| apt(&["install", "-y", "-qq", package]))
        .map_err(|e| format!("Debian's {package} is needed at {binary} and could not be installed: {e}"))?;
    if Path::new(binary).exists() {
        Ok(())
    } else {
        Err(format!("{package} was installed but {binary} is not there"))
    }
}
