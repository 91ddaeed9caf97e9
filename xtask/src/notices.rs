//! The licences of what a package bundles, written into it: `THIRD-PARTY-NOTICES.txt` at
//! the package's root (what is in it, where from, under which licence), with each licence
//! text beside the file it covers. Store reviewers and users see them without the repo.

use std::fs;
use std::path::Path;

use crate::tools::{locked_crate_version, root};

/// Writes the notices and the licence texts into the unpacked extension `ext`, which
/// already holds the bundled autoconsent (with its licence) and the tracker data.
pub fn write(ext: &Path) -> Result<(), String> {
    let trackerdb_dir = root().join("node_modules/@ghostery/trackerdb");
    let trackerdb = npm_version(&trackerdb_dir)?;
    let autoconsent = npm_version(&root().join("node_modules/@duckduckgo/autoconsent"))?;
    let psl = locked_crate_version("psl")?;
    copy(&trackerdb_dir.join("LICENSE"), &ext.join("data/trackerdb.LICENSE.txt"))?;
    if !ext.join("vendor/autoconsent.LICENSE.txt").exists() {
        return Err("vendor/autoconsent.LICENSE.txt is missing from the package".into());
    }
    let text = format!(
        "ShopTrust — third-party notices\n\
         ================================\n\
         \n\
         ShopTrust's own code (background.js, content.js, consent.js, popup.*, pkg/ except the\n\
         data below) is licensed MIT OR Apache-2.0.\n\
         \n\
         This package also contains:\n\
         \n\
         1. Ghostery TrackerDB {trackerdb} (npm @ghostery/trackerdb), compiled into\n   \
            data/trackerdb.tdb — tracker patterns, companies, categories, countries and\n   \
            privacy-policy links. © Ghostery GmbH. Licence: CC-BY-NC-SA-4.0\n   \
            (https://creativecommons.org/licenses/by-nc-sa/4.0/), text in\n   \
            data/trackerdb.LICENSE.txt. The data is used unchanged in meaning; only its format\n   \
            is compiled. Distribution of this package is subject to its terms (attribution,\n   \
            non-commercial, share-alike).\n\
         \n\
         2. DuckDuckGo autoconsent {autoconsent} (npm @duckduckgo/autoconsent), bundled in\n   \
            vendor/autoconsent.js and consent-main.js. Licence: MPL-2.0, text in\n   \
            vendor/autoconsent.LICENSE.txt. Source: the npm package at that version and\n   \
            https://github.com/duckduckgo/autoconsent (also noted in vendor/README.txt).\n\
         \n\
         3. The Public Suffix List (https://publicsuffix.org/), as shipped by the Rust crate\n   \
            psl {psl}, compiled into a lookup table inside pkg/shoptrust_bg.wasm.\n   \
            Licence: MPL-2.0 (text in vendor/autoconsent.LICENSE.txt, the same licence).\n   \
            Source: https://github.com/publicsuffix/list and the crate psl {psl}.\n"
    );
    fs::write(ext.join("THIRD-PARTY-NOTICES.txt"), text).map_err(|e| format!("THIRD-PARTY-NOTICES.txt: {e}"))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    fs::copy(from, to).map(|_| ()).map_err(|e| format!("{}: {e}", from.display()))
}

fn npm_version(package_dir: &Path) -> Result<String, String> {
    let path = package_dir.join("package.json");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    json["version"].as_str().map(str::to_string).ok_or_else(|| format!("{} has no version", path.display()))
}
