//! The real compiled TrackerDB (`dist/trackerdb.tdb`, written by `cargo xtask build`, which
//! `cargo xtask test` runs first).

mod common;

#[test]
fn known_trackers_by_company_and_category() {
    let db = common::trackers();
    assert!(db.source().starts_with("@ghostery/trackerdb "));
    assert_eq!(db.category_count(), 11);
    assert!(db.pattern_count() > 3000 && db.organization_count() > 2000);
    let shop = "https://www.shop.co.uk/basket";
    let info = |url: &str, ty: &str| db.tracker(db.classify(url, ty, shop).tracker?);
    let ga = info("https://www.google-analytics.com/analytics.js", "script").unwrap();
    assert_eq!((ga.key, ga.category_key), ("google_analytics", "site_analytics"));
    assert_eq!(ga.organization.unwrap().name, "Google");
    let fb = info("https://connect.facebook.net/en_US/fbevents.js", "script").unwrap();
    assert_eq!(fb.organization.unwrap().key, "facebook");
    assert!(info("https://cdn.shop.co.uk/app.js", "script").is_none());
}

#[test]
fn every_data_filter_is_understood() {
    let db = common::trackers();
    for (line, why) in db.skipped_filters() {
        // Only element-hiding rules may be skipped: they are not about requests.
        assert_eq!(why, shoptrust::tracking::filter::Skip::Cosmetic, "{line}");
    }
}
