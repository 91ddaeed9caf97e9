//! The real compiled TrackerDB (dist/trackerdb.tdb, from `node xtask/js/compile-trackerdb.mjs`).
//! Skipped, with a note, when it has not been built.

use shoptrust::tracking::TrackerDb;

fn real() -> Option<TrackerDb> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/dist/trackerdb.tdb");
    match std::fs::read(path) {
        Ok(bytes) => Some(TrackerDb::load(&bytes).expect("compiled data loads")),
        Err(_) => {
            eprintln!("skipped: {path} not built (node xtask/js/compile-trackerdb.mjs)");
            None
        }
    }
}

#[test]
fn known_trackers_by_company_and_category() {
    let Some(db) = real() else { return };
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
    let Some(db) = real() else { return };
    for (line, why) in db.skipped_filters() {
        // Only element-hiding rules may be skipped: they are not about requests.
        assert_eq!(*why, shoptrust::tracking::filter::Skip::Cosmetic, "{line}");
    }
}
