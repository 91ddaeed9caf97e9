//! Each browser's manifest, made at build time from `extension/manifest.json`.
//!
//! The source manifest holds what both browsers need: Chromium's service worker and
//! `minimum_chrome_version`, Firefox's `background.scripts` (Firefox runs no extension
//! service worker) and `browser_specific_settings.gecko` (the add-on id, required in MV3,
//! and the data-collection declaration). Each package drops the keys the other browser
//! owns, so neither shows an "unknown key" or "unsupported" warning.

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chromium,
    Firefox,
}

impl Browser {
    pub const ALL: [Browser; 2] = [Browser::Chromium, Browser::Firefox];

    /// The folder under `dist/` and the zip's suffix.
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Firefox => "firefox",
        }
    }
}

/// The manifest `browser` loads, from the source manifest.
pub fn for_browser(source: &Value, browser: Browser) -> Result<Value, String> {
    let mut manifest = source.clone();
    let top = manifest.as_object_mut().ok_or("extension/manifest.json is not a JSON object")?;
    let background = top
        .get_mut("background")
        .and_then(Value::as_object_mut)
        .ok_or("extension/manifest.json has no background object")?;
    if !background.contains_key("service_worker") || !background.contains_key("scripts") {
        return Err(
            "extension/manifest.json: background needs both service_worker (Chromium) and scripts (Firefox)".into()
        );
    }
    match browser {
        Browser::Chromium => {
            background.remove("scripts");
            top.remove("browser_specific_settings");
        }
        Browser::Firefox => {
            background.remove("service_worker");
            top.remove("minimum_chrome_version");
            let gecko = top.get("browser_specific_settings").and_then(|s| s.get("gecko"));
            if gecko.and_then(|g| g.get("id")).and_then(Value::as_str).is_none() {
                return Err("extension/manifest.json: Firefox needs browser_specific_settings.gecko.id".into());
            }
        }
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Value {
        let path = crate::tools::root().join("extension/manifest.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn chromium_gets_the_service_worker_and_no_firefox_keys() {
        let m = for_browser(&source(), Browser::Chromium).unwrap();
        assert_eq!(m["background"]["service_worker"], "background.js");
        assert!(m["background"].get("scripts").is_none());
        assert!(m.get("browser_specific_settings").is_none());
        assert_eq!(m["minimum_chrome_version"], source()["minimum_chrome_version"]);
    }

    #[test]
    fn firefox_gets_background_scripts_and_a_fixed_add_on_id() {
        let m = for_browser(&source(), Browser::Firefox).unwrap();
        assert_eq!(m["background"]["scripts"], serde_json::json!(["background.js"]));
        assert_eq!(m["background"]["type"], "module");
        assert!(m["background"].get("service_worker").is_none());
        assert!(m.get("minimum_chrome_version").is_none());
        let gecko = &m["browser_specific_settings"]["gecko"];
        assert_eq!(gecko["id"], "shoptrust@shoptrust.dev");
        assert_eq!(gecko["strict_min_version"], "140.0");
        assert_eq!(gecko["data_collection_permissions"]["required"], serde_json::json!(["none"]));
    }

    #[test]
    fn everything_else_is_the_same_in_both() {
        let chromium = for_browser(&source(), Browser::Chromium).unwrap();
        let firefox = for_browser(&source(), Browser::Firefox).unwrap();
        for key in [
            "name",
            "version",
            "content_scripts",
            "permissions",
            "host_permissions",
            "action",
            "content_security_policy",
        ] {
            assert_eq!(chromium[key], firefox[key], "{key}");
            assert!(!chromium[key].is_null(), "{key}");
        }
    }

    #[test]
    fn a_source_without_both_backgrounds_is_refused() {
        let mut m = source();
        m["background"].as_object_mut().unwrap().remove("scripts");
        assert!(for_browser(&m, Browser::Firefox).is_err());
    }
}
