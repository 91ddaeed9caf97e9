//! The binary data image (`dist/trackerdb.tdb`): compiled from the text data at build time,
//! loaded by the extension in place.

use trackerdb::{Classifier, TrackerDb};

const MINI: &[u8] = include_bytes!("fixtures/mini.tdb");

#[test]
fn image_answers_as_the_text_it_was_compiled_from() {
    let image = TrackerDb::compile(MINI).unwrap();
    assert_eq!(image, TrackerDb::compile(MINI).unwrap(), "the same text gives the same image");
    let (from_image, from_text) = (TrackerDb::load(&image).unwrap(), TrackerDb::load(MINI).unwrap());
    assert_eq!(from_image.source(), from_text.source());
    assert_eq!(from_image.skipped_filters().collect::<Vec<_>>(), from_text.skipped_filters().collect::<Vec<_>>());
    let (mut a, mut b) = (Classifier::new(), Classifier::new());
    for (url, ty) in [
        ("https://sub.acme-ads.com/x", "image"),
        ("https://pixel.acme-cdn.net/p.gif?x=1", "image"),
        ("https://cdn.metrix.io/metrix.js", "script"),
        ("https://beacon.example/x", "image"),
        ("https://static.hotjar.com/c/hotjar-1.js", "script"),
    ] {
        let shop = "https://www.shop.example/";
        let x = from_image.classify_with(&mut a, url, ty, shop);
        assert_eq!(x, from_text.classify_with(&mut b, url, ty, shop), "{url}");
        assert_eq!(a.matches(), b.matches(), "{url}");
    }
}

#[test]
fn a_damaged_image_is_an_error_or_wrong_answers_never_a_panic() {
    let image = TrackerDb::compile(MINI).unwrap();
    assert!(TrackerDb::load(&image[..image.len() / 2]).is_err(), "truncated");
    let mut old = image.clone();
    old[8] = 0; // version
    assert!(TrackerDb::load(&old).is_err(), "other version");
    // Flip bytes inside the tables (past the header): loading may succeed, classifying must
    // not panic.
    for at in (200..image.len()).step_by(7) {
        let mut bad = image.clone();
        bad[at] ^= 0xA5;
        if let Ok(db) = TrackerDb::load(&bad) {
            let c = db.classify("https://sub.acme-ads.com/metrix.js?x", "script", "https://shop.example/");
            if let Some(id) = c.tracker {
                let _ = db.tracker(id);
            }
        }
    }
}
