//! "Data you type" (issue 12) wired into the page model, the report and the grade: the
//! fixtures in `tests/fixtures/typed/` carry typed values and the tab's requests, as the
//! worker hands them to the core in memory.

mod common;

use shoptrust::report::{Concern, Grade, Report, Tier};

const EMAIL: &str = "probe.k3x9@example.com";
const EMAIL_SHA256: &str = "31bd35368ae6f00dded5e4a69abd815b2ca061f7064dbb0b1740df139b2a9fe2";
const CARD_DIGITS: &str = "4242424242424242";

fn judge(name: &str) -> Report {
    common::judge_fixture_with_trackers(&format!("typed/{name}.json"))
}

fn data_tier(report: &Report) -> Option<Tier> {
    report.concern(Concern::Data).map(|c| c.tier)
}

/// The report as JSON, the way the worker stores it: it must hold no typed value or token.
fn assert_nothing_typed_in(report: &Report, name: &str) {
    let json = serde_json::to_string(report).unwrap();
    for secret in
        [EMAIL, EMAIL_SHA256, CARD_DIGITS, "4242 4242 4242 4242", "probe.k3x9", "cHJvYmUuazN4OUBleGFtcGxlLmNvbQ"]
    {
        assert!(!json.contains(secret), "{name}: the report holds {secret}");
    }
}

#[test]
fn the_newsletter_email_sent_on_blur_is_a_leak_before_submit() {
    let report = judge("newsletter_email_on_blur_to_klaviyo");
    let finding = report.finding("data.before-submit").expect("data.before-submit");
    assert_eq!(finding.tier, Tier::Risk);
    assert_eq!(report.grade, Some(Grade::D), "{:?}", report.concerns);
    let data = report.data.as_ref().unwrap();
    let leak = &data.leaks[0];
    assert_eq!((leak.kind.as_str(), leak.recipient_host.as_str()), ("email", "static.klaviyo.com"));
    assert!(leak.before_submit);
    assert!(
        leak.evidence_url.contains("email=[your e-mail]") || leak.evidence_url.contains("[your e-mail]"),
        "{}",
        leak.evidence_url
    );
    assert!(finding.evidence[0].contains("static.klaviyo.com") && finding.evidence[0].contains("before submit"));
    assert_nothing_typed_in(&report, "klaviyo");
}

#[test]
fn advanced_matching_hashes_are_named_as_sha256_to_meta() {
    let report = judge("advanced_matching_hashes_to_facebook_before_submit");
    assert!(report.finding("data.before-submit").is_some(), "{:?}", common::finding_ids(&report));
    let data = report.data.as_ref().unwrap();
    let email = data.leaks.iter().find(|l| l.kind == "email").expect("the e-mail hash is found");
    assert_eq!(email.recipient_host, "www.facebook.com");
    assert!(email.encoding.contains("sha256"), "{}", email.encoding);
    assert!(
        email.recipient_company.as_deref().is_some_and(|c| c.contains("Meta") || c.contains("Facebook")),
        "{:?}",
        email.recipient_company
    );
    assert!(data.leaks.iter().any(|l| l.kind == "phone"), "the phone hash is found: {:?}", data.leaks);
    assert_nothing_typed_in(&report, "advanced matching");
}

#[test]
fn after_submit_to_a_tracker_without_consent_is_a_risk() {
    let report = judge("advanced_matching_after_submit_to_facebook");
    let finding = report.finding("data.after-submit-tracker").expect("data.after-submit-tracker");
    assert!(report.finding("data.before-submit").is_none());
    // No consent answer was seen: the shopper had not chosen.
    assert_eq!(finding.tier, Tier::Risk);
}

#[test]
fn a_card_number_sent_base64_to_an_unknown_host_makes_the_page_f() {
    let report = judge("card_number_base64_to_unknown_host");
    let finding = report.finding("data.card-leak").expect("data.card-leak");
    assert_eq!(finding.tier, Tier::Danger);
    assert_eq!(report.grade, Some(Grade::F));
    assert_eq!(data_tier(&report), Some(Tier::Danger));
    assert!(report.data.as_ref().unwrap().leaks[0].encoding.contains("base64"));
    assert_nothing_typed_in(&report, "card");
}

#[test]
fn counterparts_find_nothing_and_the_concern_is_graded_a() {
    for name in
        ["email_posted_to_own_domain", "card_to_payment_provider_frame", "third_party_receives_only_a_random_id"]
    {
        let report = judge(name);
        let ids: Vec<&str> = common::finding_ids(&report).into_iter().filter(|id| id.starts_with("data.")).collect();
        assert!(ids.is_empty(), "{name}: {ids:?}");
        let data = report.concern(Concern::Data).unwrap_or_else(|| panic!("{name}: the concern is judged"));
        assert_eq!(data.grade, Grade::A, "{name}");
        assert_eq!(data.line.key, "concern_line_ok_data");
        assert!(report.data.as_ref().unwrap().requests_searched > 0 || name == "email_posted_to_own_domain", "{name}");
    }
}

#[test]
fn without_typed_values_the_concern_is_not_judged() {
    let text =
        std::fs::read_to_string(common::fixtures_dir().join("typed/newsletter_email_on_blur_to_klaviyo.json")).unwrap();
    let mut page: serde_json::Value = serde_json::from_str(&text).unwrap();
    page.as_object_mut().unwrap().remove("typed");
    let report = shoptrust::evaluate_json_with(&page.to_string(), Some(common::trackers()));
    assert!(report.concern(Concern::Data).is_none());
    assert!(report.data.is_none());
}

#[test]
fn a_field_the_core_does_not_take_for_personal_data_is_not_searched() {
    let text =
        std::fs::read_to_string(common::fixtures_dir().join("typed/newsletter_email_on_blur_to_klaviyo.json")).unwrap();
    // The same value typed into a search box: not personal data, so not judged at all.
    let text = text
        .replace("\"type\": \"email\"", "\"type\": \"search\"")
        .replace("\"autocomplete\": \"email\"", "\"autocomplete\": \"off\"")
        .replace("\"name\": \"email\"", "\"name\": \"q\"")
        .replace("\"id\": \"email\"", "\"id\": \"q\"")
        .replace("Sign up for 10% off", "Search");
    let report = shoptrust::evaluate_json_with(&text, Some(common::trackers()));
    assert!(report.concern(Concern::Data).is_none(), "{:?}", report.data);
}

#[test]
fn a_page_written_back_out_carries_no_typed_value() {
    let text =
        std::fs::read_to_string(common::fixtures_dir().join("typed/card_number_base64_to_unknown_host.json")).unwrap();
    let page = shoptrust::page_from_json(&text).unwrap();
    assert!(page.typed.is_some());
    let written = serde_json::to_string(&page).unwrap();
    assert!(
        !written.contains(CARD_DIGITS) && !written.contains("4242 4242") && !written.contains("\"typed\""),
        "{written}"
    );
    assert!(!format!("{page:?}").contains("4242 4242"), "Debug prints no value");
}

#[test]
fn the_core_decides_the_kind_from_labels_in_the_six_languages() {
    use shoptrust::fields::personal_kind;
    use shoptrust::page::typed::PersonalKind as K;
    use shoptrust::page::InputFacts;
    let labelled =
        |kind: &str, label: &str| InputFacts { kind: kind.into(), label: label.into(), ..Default::default() };
    let cases = [
        (labelled("text", "E-Mail-Adresse"), Some(K::Email)),
        (labelled("text", "Numéro de téléphone"), Some(K::Phone)),
        (labelled("text", "Postleitzahl"), Some(K::Postcode)),
        (labelled("text", "Fecha de nacimiento"), Some(K::BirthDate)),
        (labelled("text", "Indirizzo"), Some(K::StreetAddress)),
        (labelled("text", "Voornaam"), Some(K::Name)),
        (labelled("password", "Wachtwoord"), Some(K::Password)),
        (
            InputFacts { kind: "text".into(), autocomplete: "cc-number".into(), ..Default::default() },
            Some(K::CardNumber),
        ),
        (InputFacts { kind: "text".into(), autocomplete: "cc-csc".into(), ..Default::default() }, None),
        (labelled("search", "Suche"), None),
        (labelled("text", "Gutscheincode"), None),
    ];
    for (input, want) in cases {
        assert_eq!(personal_kind(&input), want, "{input:?}");
    }
}

/// A phone typed without its country code (`030 1234567`) is hashed by the ad platforms with
/// one: the code is inferred from the shop's domain, or from the browser's UI language on a
/// generic domain. The hash with another country's code does not fire.
#[test]
fn a_phone_typed_without_country_code_is_found_hashed_with_the_inferred_code() {
    use sha2::{Digest, Sha256};
    use shoptrust::typed::normalise::calling_code_for;
    use shoptrust::typed::{judge, JudgeInput, OutgoingRequest, PersonalKind, TypedEntry, TypedField};

    let sha256 = |text: &str| Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let leaks = |page_url: &str, ui_language: Option<&str>, typed: &str, sent: &str| {
        let fields = [TypedField { kind: PersonalKind::Phone, entry: TypedEntry::new(typed, 1_000.0) }];
        let requests = [OutgoingRequest {
            url: format!("https://www.facebook.com/tr/?id=1&ev=PageView&ud[ph]={}", sha256(sent)),
            method: "GET".into(),
            kind: "image".into(),
            time_stamp: 2_000.0,
            ..Default::default()
        }];
        let host = page_url.split('/').nth(2).unwrap();
        let input = JudgeInput {
            page_url,
            payment_provider_hosts: &[],
            fields: &fields,
            requests: &requests,
            calling_code: calling_code_for(host, ui_language),
        };
        judge(&input, |_| Some("Meta".to_string())).leaks.len()
    };
    assert_eq!(leaks("https://www.mode-shop.de/kasse", None, "030 1234567", "49301234567"), 1);
    assert_eq!(leaks("https://www.winkel.com/kassa", Some("nl-NL"), "06 12345678", "31612345678"), 1);
    assert_eq!(leaks("https://www.winkel.nl/kassa", Some("de-DE"), "06-12345678", "+31612345678"), 1);
    // Near misses: the shop is French, the hash was made with the German code; or the
    // generic domain and a language without a country give no code to assume.
    assert_eq!(leaks("https://www.boutique.fr/caisse", None, "030 1234567", "49301234567"), 0);
    assert_eq!(leaks("https://www.shop.com/checkout", Some("de"), "030 1234567", "49301234567"), 0);
}

/// What the worker stores is scrubbed of the same phone spellings the judgement searches
/// for: the hash with the calling code inferred from the page's host.
#[test]
fn the_scrub_redacts_a_phone_hashed_with_the_inferred_calling_code() {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(b"49301234567").iter().map(|b| format!("{b:02x}")).collect::<String>();
    let typed: shoptrust::typed::TypedInputs = serde_json::from_value(serde_json::json!({
        "fields": [{ "input": { "type": "tel", "name": "phone" }, "value": "030 1234567", "typedAtMs": 1000.0 }],
        "pageHost": "www.mode-shop.de",
    }))
    .unwrap();
    let mut value = serde_json::json!(format!("https://www.facebook.com/tr/?ud[ph]={hash}&ev=Lead"));
    shoptrust::typed::concern::scrub(&typed, &mut value);
    let scrubbed = value.as_str().unwrap();
    assert!(!scrubbed.contains(&hash), "{scrubbed}");
    assert!(scrubbed.starts_with("https://www.facebook.com/tr/?ud[ph]="), "{scrubbed}");
}

/// The worker's `evaluate` writes the report with the typed values scrubbed from its strings
/// as they are written (`evaluate_json_text`), not through a `Value` and back: the text must
/// be the scrubbed report's, byte for byte, for every fixture (typed or not) and for JSON the
/// core cannot read.
#[test]
fn the_report_text_the_worker_gets_is_the_scrubbed_report_written_out() {
    let db = Some(common::trackers());
    let mut texts: Vec<(String, String)> = common::all_fixtures()
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(common::fixtures_dir().join(&name)).unwrap();
            (name, text)
        })
        .collect();
    texts.push(("malformed".into(), "{\"facts\": [1, 2]".into()));
    assert!(texts.iter().filter(|(name, _)| name.starts_with("typed/")).count() >= 5);
    for (name, text) in &texts {
        let expected = serde_json::to_string(&shoptrust::evaluate_json_with(text, db)).unwrap();
        assert_eq!(shoptrust::evaluate_json_text(text, db), expected, "{name}");
    }
    let leak = &texts.iter().find(|(name, _)| name.ends_with("newsletter_email_on_blur_to_klaviyo.json")).unwrap().1;
    assert!(leak.contains(EMAIL), "the fixture holds the typed value");
    assert!(!shoptrust::evaluate_json_text(leak, db).contains(EMAIL));
}
