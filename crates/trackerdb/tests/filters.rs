//! Classification against a small hand-written database (tests/fixtures/mini.tdb)
//! exercising each filter feature the tracker data uses.

use trackerdb::{Classifier, Party, TrackerDb, Verdict};

fn db() -> TrackerDb {
    TrackerDb::load(include_bytes!("fixtures/mini.tdb")).expect("fixture loads")
}

/// The primary pattern key, or "-".
fn key(db: &TrackerDb, url: &str, ty: &str, source: &str) -> String {
    match db.classify(url, ty, source).tracker {
        Some(id) => db.tracker(id).unwrap().key.to_string(),
        None => "-".into(),
    }
}

const SHOP: &str = "https://www.shop.example/checkout";

#[test]
fn metadata_is_loaded() {
    let db = db();
    assert_eq!(db.category_count(), 3);
    assert_eq!(db.organization_count(), 2);
    assert_eq!(db.pattern_count(), 7);
    let c = db.classify("https://acme-ads.com/x", "script", SHOP);
    let info = db.tracker(c.tracker.unwrap()).unwrap();
    assert_eq!((info.key, info.name, info.category_key), ("acme_ads", "Acme Ads", "advertising"));
    let org = info.organization.unwrap();
    assert_eq!((org.name, org.country, org.privacy_policy_url), ("Acme Ads", "DE", "https://acme.example/privacy"));
    assert_eq!(c.verdict(), Verdict::Tracker(c.tracker.unwrap()));
    assert_eq!(c.party, Party::Third);
}

#[test]
fn domains_match_host_and_subdomains_most_specific_first() {
    let db = db();
    assert_eq!(key(&db, "https://sub.acme-ads.com/x", "image", SHOP), "acme_ads");
    assert_eq!(key(&db, "https://cdn.metrix.io/a", "image", SHOP), "metrix");
    assert_eq!(key(&db, "https://acme-ads.com.evil.example/", "image", SHOP), "-");
    assert_eq!(key(&db, "https://notacme-ads.com/", "image", SHOP), "-");
    // Domains name the recipient whatever the party (the reference SDK does the same).
    assert_eq!(key(&db, "https://acme-ads.com/x", "image", "https://acme-ads.com/"), "acme_ads");
}

#[test]
fn third_and_first_party_options() {
    let db = db();
    let mut c = Classifier::new();
    // `/gtag-*.js$1p`: only from the same site.
    let first = db.classify_with(&mut c, "https://static.shop.example/gtag-123.js", "script", SHOP);
    assert_eq!(db.tracker(first.tracker.unwrap()).unwrap().key, "metrix_tag");
    assert_eq!(first.party, Party::First);
    assert_eq!(key(&db, "https://other.example/gtag-123.js", "script", SHOP), "-");
}

#[test]
fn hostname_anchor_with_path() {
    let db = db();
    assert_eq!(key(&db, "https://pixel.acme-cdn.net/p.gif?x=1", "image", SHOP), "acme_pixel");
    assert_eq!(key(&db, "https://pixel.acme-cdn.net/other.gif", "image", SHOP), "-");
}

#[test]
fn plain_and_left_anchored_filters() {
    let db = db();
    assert_eq!(key(&db, "https://cdn.example/js/metrix.js?v=2", "script", SHOP), "metrix");
    assert_eq!(key(&db, "https://beacon.example.org/hit", "image", SHOP), "metrix");
    assert_eq!(key(&db, "http://beacon.example.org/hit", "image", SHOP), "-");
    // Case-insensitive, as the reference.
    assert_eq!(key(&db, "https://cdn.example/JS/Metrix.JS", "script", SHOP), "metrix");
}

#[test]
fn request_type_options() {
    let db = db();
    assert_eq!(key(&db, "https://x.example/mx-42.js", "script", SHOP), "metrix");
    assert_eq!(key(&db, "https://x.example/mx-42.js", "image", SHOP), "-");
    assert_eq!(key(&db, "https://x.example/mx-.js", "script", SHOP), "-");
}

#[test]
fn wildcards_in_hostnames() {
    let db = db();
    assert_eq!(key(&db, "https://trk-7.wild.example/", "image", SHOP), "wild");
    assert_eq!(key(&db, "https://wild.example.org/w.gif", "image", SHOP), "wild");
    assert_eq!(key(&db, "https://notwild.example.org/w.gif", "image", SHOP), "-");
}

#[test]
fn domain_option_with_exclusion() {
    let db = db();
    let url = "https://cdn.shared.example/lib.js";
    assert_eq!(key(&db, url, "script", "https://shop-a.example/"), "dom_only");
    assert_eq!(key(&db, url, "script", "https://www.shop-a.example/"), "dom_only");
    assert_eq!(key(&db, url, "script", "https://sub.shop-a.example/"), "-");
    assert_eq!(key(&db, url, "script", "https://shop-b.example/"), "-");
}

#[test]
fn exception_filters_still_name_their_pattern_and_cosmetic_rules_are_skipped() {
    let db = db();
    assert_eq!(key(&db, "https://allowed.example/x.js", "script", SHOP), "exc");
    let skipped: Vec<_> = db.skipped_filters().map(|(l, _)| l.to_string()).collect();
    assert!(skipped.contains(&"##.cosmetic-rule".to_string()));
    assert!(skipped.contains(&"||unsupported.example^$redirect=noop.js".to_string()));
}

/// A regex regex-lite rejects is skipped when the data is compiled, so the worker, which
/// compiles a filter's regex only when its hand matcher gives up, never meets one.
#[test]
fn regex_filters_regex_lite_rejects_are_skipped_at_compile_time() {
    let db =
        TrackerDb::load(b"shoptrust-trackerdb 1\nc misc\tMisc\np bad\tBad\t0\t\nf /track(er/\nf /pixel[/\n").unwrap();
    let skipped: Vec<_> = db.skipped_filters().map(|(line, _)| line.to_string()).collect();
    assert_eq!(skipped, ["/track(er/", "/pixel[/"]);
    assert_eq!(key(&db, "https://a.com/track(er", "script", SHOP), "-");
}

#[test]
fn verdicts_for_non_trackers() {
    let db = db();
    assert_eq!(db.classify("https://cdn.shop.example/app.js", "script", SHOP).verdict(), Verdict::FirstParty);
    assert_eq!(db.classify("https://cdn.jsdelivr.example/x.js", "script", SHOP).verdict(), Verdict::UnknownThirdParty);
    assert_eq!(db.classify("https://cdn.jsdelivr.example/x.js", "script", "about:blank").verdict(), Verdict::NoSource);
}

#[test]
fn bad_data_is_an_error_not_a_panic() {
    assert!(TrackerDb::load(b"not tracker data").is_err());
    assert!(TrackerDb::load(b"shoptrust-trackerdb 1\np a\tA\t9\t\n").is_err());
    assert!(TrackerDb::load(b"shoptrust-trackerdb 1\nd orphan.example\n").is_err());
}

#[test]
fn load_errors_say_what_is_wrong() {
    use trackerdb::LoadError;
    let err = |bytes: &[u8]| TrackerDb::load(bytes).err().expect("does not load");
    assert_eq!(
        err(b"shoptrust-trackerdb 1\np a\tA\t9\t\n"),
        LoadError::BadLine { line: 2, what: "category index out of range" }
    );
    assert_eq!(
        err(b"shoptrust-trackerdb 1\nd orphan.example\n"),
        LoadError::BadLine { line: 2, what: "domain or filter before any pattern" }
    );
    assert_eq!(err(b"something else\n"), LoadError::NotTrackerData);
    assert_eq!(err(&[0xff, 0xfe]).to_string().split(':').next(), Some("tracker data"));
}

#[test]
fn watched_domains_are_flagged_by_index() {
    let db = db().watching(vec!["watched.example", "other.example"]);
    let watched = |url: &str| db.classify(url, "script", SHOP).watched;
    assert_eq!(watched("https://cdn.watched.example/a.js"), Some(0));
    assert_eq!(watched("https://other.example/b.js"), Some(1));
    assert_eq!(watched("https://notwatched.example/c.js"), None);
    assert_eq!(watched("https://www.shop.example/d.js"), None);
}

#[test]
fn a_literal_made_only_of_scheme_windows_is_still_found() {
    // Every window of `tp://` is one the scan skips when no such window is indexed; here one
    // has to be, and URLs are scanned from their first byte.
    let db = TrackerDb::load(b"shoptrust-trackerdb 1\nc misc\tMisc\np plain\tPlain HTTP\t0\t\nf tp://\n").unwrap();
    assert_eq!(key(&db, "http://anything.example/x", "image", SHOP), "plain");
    assert_eq!(key(&db, "https://anything.example/x", "image", SHOP), "-");
}

/// The literal runs a regex filter checks before running the regex (`Pattern::Regex`'s
/// `required`): in order, each one of its alternatives.
#[test]
fn regex_literal_runs_are_read_in_order() {
    use trackerdb::filter::regex_literal_runs;
    // Runs apart by spaces, a run's strings by `|`.
    let runs = |src: &str| {
        regex_literal_runs(src).map(|runs| {
            let run =
                |r: Vec<Vec<u8>>| r.into_iter().map(|s| String::from_utf8(s).unwrap()).collect::<Vec<_>>().join("|");
            runs.into_iter().map(run).collect::<Vec<_>>().join(" ")
        })
    };
    assert_eq!(runs(r"(ga|xhr)\.[0-9]+\.js").as_deref(), Some("ga.|xhr. .js"));
    assert_eq!(
        runs(r"facebook\.com\/(v2\.0\/)?(plugins|widgets)\/.*\.php").as_deref(),
        Some("facebook.com/ plugins/|widgets/ .php")
    );
    // `x+y` holds `x` then `y`, not `xy` as one run; an optional item ends a run.
    assert_eq!(runs(r"ax+yb?c").as_deref(), Some("ax y c"));
    // A top-level alternation requires nothing.
    assert_eq!(runs(r"abc|def"), None);
}

/// The check never rejects a URL the regex matches (it only saves running the regex on URLs
/// that cannot match), and does reject the everyday near misses it is there for.
#[test]
fn literal_runs_never_reject_a_match() {
    use trackerdb::filter::{holds_runs_in_order, regex_literal_runs};
    let cases: &[(&str, &[&str])] = &[
        (
            r"(ga|xhr)\.[0-9]+\.js",
            &["https://a.com/ga.1.js", "https://a.com/xhr.22.js?x", "https://a.com/ga.js", "https://ga.a.com/x.js"],
        ),
        (
            r"facebook\.com\/(v2\.0\/)?(plugins|widgets)\/.*\.php",
            &[
                "https://www.facebook.com/plugins/like.php",
                "https://www.facebook.com/v2.0/widgets/a.php",
                "https://www.facebook.com/brandlift.php",
                "https://www.facebook.com/plugins/like.js",
            ],
        ),
        (
            r"metrics\..*\.(com|net|org)\/b\/(s|ss)\/",
            &["https://metrics.att.com/b/ss/x", "https://smetrics.att.com/b/ss/"],
        ),
        (r"ax+yb?c", &["axxyc", "axybc", "ayc", "axc", "axxxbyc"]),
        (r"aa\.?aa", &["aaaa", "aa.aa", "aaa"]),
    ];
    let mut rejected = 0;
    for (src, urls) in cases {
        let regex = regex_lite::Regex::new(&format!("(?i){src}")).unwrap();
        let runs: Vec<Box<[Box<[u8]>]>> = regex_literal_runs(src)
            .unwrap()
            .into_iter()
            .map(|run| run.into_iter().map(Vec::into_boxed_slice).collect())
            .collect();
        for url in *urls {
            let holds = holds_runs_in_order(url.as_bytes(), &runs);
            assert!(holds || !regex.is_match(url), "{src} matches {url} but its literal runs were not found");
            rejected += usize::from(!holds);
        }
    }
    // ga.js, x.js on a ga. host, brandlift.php, smetrics' own "metrics." then no ".com/b/s"…
    assert!(rejected >= 4, "only {rejected} near misses rejected");
}

/// The matcher's in-place prefix comparison agrees with `starts_with` at every length around
/// its eight-byte words, for a difference at any position.
#[test]
fn has_prefix_is_starts_with() {
    use trackerdb::filter::has_prefix;
    let text: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
    for len in 0..=text.len() {
        for cut in 0..=len {
            let prefix = &text[..cut];
            assert!(has_prefix(&text[..len], prefix), "{len} {cut}");
            for at in 0..cut {
                let mut other = prefix.to_vec();
                other[at] ^= 0x20;
                assert_eq!(has_prefix(&text[..len], &other), text[..len].starts_with(&other), "{len} {cut} {at}");
            }
        }
        // A prefix longer than the text.
        if len < text.len() {
            assert!(!has_prefix(&text[..len], &text[..len + 1]), "{len}");
        }
    }
}

/// A host's `||host/path` filters are skipped by the first bytes of their path (the text
/// after the host must start with them): the ones whose path does fit are still found,
/// whatever the length of that text, and on a label run that does not end the host.
#[test]
fn path_filters_are_found_by_their_path_key() {
    let db = TrackerDb::load(
        b"shoptrust-trackerdb 1\nc misc\tMisc\n\
          p ads\tAds\t0\t\nf ||paths.example/ads\n\
          p a\tA\t0\t\nf ||paths.example/a\n\
          p glob\tGlob\t0\t\nf ||paths.example/p*q\n\
          p sep\tSep\t0\t\nf ||paths.example^track\n\
          p long\tLong\t0\t\nf ||paths.example/abcdefgh|\n",
    )
    .unwrap();
    let keys = |url: &str| {
        let mut c = Classifier::new();
        db.classify_with(&mut c, url, "image", SHOP);
        let mut keys: Vec<&str> = c.matches().iter().map(|&p| db.tracker(p).unwrap().key).collect();
        keys.sort_unstable();
        keys.join(" ")
    };
    assert_eq!(keys("https://paths.example/ads/1.gif"), "a ads");
    assert_eq!(keys("https://cdn.paths.example/ax"), "a");
    assert_eq!(keys("https://paths.example/pxq"), "glob");
    assert_eq!(keys("https://paths.example/track"), "sep");
    assert_eq!(keys("https://paths.example/abcdefgh"), "a long");
    assert_eq!(keys("https://paths.example/abcdefghi"), "a");
    // Shorter than a key: only what fits.
    assert_eq!(keys("https://paths.example/a"), "a");
    assert_eq!(keys("https://paths.example/"), "");
    // The host as a label run inside the request host: the text after it is `.com/ads`.
    assert_eq!(keys("https://paths.example.com/ads"), "");
    assert_eq!(keys("https://other.example/ads"), "");
}

/// Which regexes start every match with their first literal run (then the regex runs
/// anchored where that run occurs).
#[test]
fn regexes_that_open_with_literal_text() {
    use trackerdb::filter::regex_starts_with_literal;
    for src in
        [r"\.2mdn\.net\/([0-9]+|ads)", r"(ga|xhr)\.[0-9]+\.js", r"baynote(-observer)?([0-9]+)\.js", r"a+b", r"a{2}b"]
    {
        assert!(regex_starts_with_literal(src), "{src}");
    }
    for src in [r"^https:\/\/x", r"[ab]c", r"a?bc", r"a*bc", r"a{0,2}bc", r"\dabc", r".abc", r"(a|b.)c", r"(?:x)?ab"] {
        assert!(!regex_starts_with_literal(src), "{src}");
    }
}

/// Regex filters that open with literal text give the verdict of the whole regex on the
/// whole URL, including where only a later occurrence of the text starts a match.
#[test]
fn anchored_regex_filters_agree_with_the_regex() {
    let db = TrackerDb::load(
        b"shoptrust-trackerdb 1\nc misc\tMisc\n\
          p dmn\tDmn\t0\t\nf /\\.2mdn\\.net\\/([0-9]+|ads|viewad)/\n\
          p ga\tGa\t0\t\nf /(ga|xhr)\\.[0-9]+\\.js/\n\
          p word\tWord\t0\t\nf /track\\b/\n",
    )
    .unwrap();
    let cases = [
        ("https://s0.2mdn.net/123/x.gif", "dmn"),
        ("https://s0.2mdn.net/viewad/", "dmn"),
        ("https://s0.2mdn.net/instream/x.js", "-"),
        ("https://a.com/x/ga.min.js?v=xhr.12.js", "ga"),
        ("https://dimg.donga.com/ga.js", "-"),
        ("https://ga.example/GA.7.JS", "ga"),
        ("https://a.com/tracker/track", "word"),
        ("https://a.com/trackers", "-"),
    ];
    let sources = [r"\.2mdn\.net\/([0-9]+|ads|viewad)", r"(ga|xhr)\.[0-9]+\.js", r"track\b"];
    for (url, expected) in cases {
        let whole = sources.iter().any(|s| regex_lite::Regex::new(&format!("(?i){s}")).unwrap().is_match(url));
        assert_eq!(key(&db, url, "script", SHOP), expected, "{url}");
        assert_eq!(expected != "-", whole, "{url}: the whole regex says otherwise");
    }
}

/// Where the hand matcher gives up (too many backtracking steps), regex-lite answers: the
/// regex it compiles then, not at load (see `filter::LazyRegex`), gives the same verdicts.
#[test]
fn regex_filters_the_hand_matcher_gives_up_on_are_answered_by_regex_lite() {
    use trackerdb::filter::SimpleRegex;
    let source = r"x[ab]*[ab]*[ab]*[ab]*y";
    let db = TrackerDb::load(
        format!(
            "shoptrust-trackerdb 1\nc misc\tMisc\n\
                 p stars\tStars\t0\t\nf /{source}/\n"
        )
        .as_bytes(),
    )
    .unwrap();
    let runs = "ab".repeat(100);
    let cases = [
        // Four stars over 200 letters, then no `y`: past the step budget at the first `x`.
        (format!("https://a.com/x{runs}z/q"), "-"),
        // The same, and a match further on.
        (format!("https://a.com/x{runs}z/xaby"), "stars"),
        (format!("https://a.com/x{runs}y"), "stars"),
    ];
    let simple = SimpleRegex::parse(source).unwrap();
    let whole = regex_lite::Regex::new(&format!("(?i){source}")).unwrap();
    for (url, expected) in &cases[..2] {
        assert_eq!(simple.is_match(url.as_bytes()), None, "the hand matcher should give up on {url}");
        assert_eq!(key(&db, url, "script", SHOP), *expected, "{url}");
        assert_eq!(*expected != "-", whole.is_match(url), "{url}: the whole regex says otherwise");
    }
    let (url, expected) = &cases[2];
    assert_eq!(simple.is_match(url.as_bytes()), Some(true));
    assert_eq!(key(&db, url, "script", SHOP), *expected);
}

#[test]
fn a_source_page_selected_by_its_token_is_the_page_set_by_its_url() {
    let db = db();
    let script = trackerdb::request_type_code("script");
    let party = |c: &mut Classifier| db.classify_request(c, "https://cdn.shop.example/app.js", script).party;
    let mut c = Classifier::new();
    assert_eq!(c.source_token(), 0, "no page set yet");
    assert!(!c.select_source(0));
    c.set_source_page("https://www.shop.example/");
    let shop = c.source_token();
    c.set_source_page("https://elsewhere.test/");
    let elsewhere = c.source_token();
    assert!(shop != 0 && elsewhere != 0 && shop != elsewhere);
    assert_eq!(party(&mut c), Party::Third);
    assert!(c.select_source(shop));
    assert_eq!(c.source_token(), shop);
    assert_eq!(party(&mut c), Party::First);
    // Setting a remembered page by URL again keeps its token.
    c.set_source_page("https://elsewhere.test/");
    assert_eq!(c.source_token(), elsewhere);
    // Once enough other pages have been set, the least recent is forgotten and its token
    // selects nothing (the current page stays).
    for i in 0..8 {
        c.set_source_page(&format!("https://page{i}.test/"));
    }
    assert!(!c.select_source(shop));
    assert_eq!(party(&mut c), Party::Third);
    c.set_source_page("https://www.shop.example/");
    assert_ne!(c.source_token(), shop, "a page set again after being forgotten gets a new token");
    assert_eq!(party(&mut c), Party::First);
}
