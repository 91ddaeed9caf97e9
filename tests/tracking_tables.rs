//! Session-replay hosts and tracking cookies: the two ShopTrust-kept tables.

use shoptrust::tracking::{cookies, replay, TrackerDb};

#[test]
fn session_replay_vendors_by_host() {
    let vendor = |h: &str| replay::vendor_for_host(h).map(|v| v.vendor);
    assert_eq!(vendor("static.hotjar.com"), Some("Hotjar"));
    assert_eq!(vendor("script.hotjar.com"), Some("Hotjar"));
    assert_eq!(vendor("edge.fullstory.com"), Some("FullStory"));
    assert_eq!(vendor("www.clarity.ms"), Some("Microsoft Clarity"));
    assert_eq!(vendor("r.lr-ingest.io"), Some("LogRocket"));
    assert_eq!(vendor("cdn.gbqofs.com"), Some("Glassbox"));
    assert_eq!(vendor("mc.yandex.ru"), Some("Yandex Metrica Webvisor"));
    assert_eq!(vendor("nothotjar.com"), None);
    assert_eq!(vendor("yandex.ru"), None);
    assert!(replay::vendors().iter().all(|v| !v.source.is_empty()), "every entry cites a source");
}

#[test]
fn classification_flags_session_replay() {
    let db = TrackerDb::load(include_bytes!("../crates/trackerdb/tests/fixtures/mini.tdb")).unwrap();
    let c = db.classify("https://static.hotjar.com/c/hotjar-1.js", "script", "https://shop.example/");
    assert_eq!(c.session_replay.map(|v| v.vendor), Some("Hotjar"));
    assert!(db.classify("https://shop.example/app.js", "script", "https://shop.example/").session_replay.is_none());
}

#[test]
fn tracking_cookies_by_name() {
    let vendor = |n: &str| cookies::identify(n).map(|c| c.vendor);
    assert_eq!(vendor("_ga"), Some("Google Analytics"));
    assert_eq!(vendor("_ga_ABC123"), Some("Google Analytics 4"));
    assert_eq!(vendor("_gid"), Some("Google Analytics"));
    assert_eq!(vendor("_gcl_au"), Some("Google Ads (conversion linker, e.g. _gcl_au)"));
    assert_eq!(vendor("_fbp"), Some("Meta Pixel"));
    assert_eq!(vendor("_uetsid"), Some("Microsoft Advertising UET"));
    assert_eq!(vendor("_uetvid"), Some("Microsoft Advertising UET"));
    assert_eq!(vendor("_hjSessionUser_123"), Some("Hotjar"));
    assert_eq!(vendor("_ttp"), Some("TikTok Pixel"));
    assert_eq!(vendor("session_id"), None);
    assert_eq!(vendor("_GA"), None, "cookie names are case-sensitive");
    assert!(cookies::table().all(|c| c.source.starts_with("https://")), "every entry cites a source");
}
