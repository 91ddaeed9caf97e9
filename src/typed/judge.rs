//! Who got what the shopper typed, and how bad that is.
//!
//! * The shop's own site (registrable domain, Public Suffix List) never leaks: requests to
//!   it are not even read. Nor does a frame's own site, for a value typed in that frame.
//! * The page's payment providers receiving card data is the design working; they are
//!   expected to receive the billing e-mail, name and address too. A password sent to one
//!   is not expected.
//! * Card number or password to any other site: critical, before or after submit.
//! * E-mail, phone, name, address, postcode or date of birth to another site before the
//!   shopper submitted that form (or clicked one of its buttons): high.
//! * The same after submit, to a tracker: medium. After submit to a site that is not a
//!   tracker (the newsletter vendor the shopper subscribed with) is what they asked for.
//!
//! One [`DataLeak`] per kind of data and recipient host, at its worst severity, with the
//! first request of that severity as evidence.

use serde::Serialize;

use super::redact::redact_url;
use super::search::{scan_request, Hit, Place};
use super::tokens::TokenSet;
use super::{limits, OutgoingRequest, PersonalKind, TypedField};
use crate::site::{host_of, normalize_host, on_site, site_of};

/// What the concern needs to judge one page.
pub struct JudgeInput<'a> {
    /// The page's URL: its site is the shop's.
    pub page_url: &'a str,
    /// Hosts of the page's payment providers (the card frame's, the payment form's target):
    /// any host on their sites counts as theirs (`js.stripe.com` → `api.stripe.com`).
    pub payment_provider_hosts: &'a [String],
    pub fields: &'a [TypedField],
    pub requests: &'a [OutgoingRequest],
    /// The country calling code to assume for a phone typed without one ("49"), if known.
    pub calling_code: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeakSeverity {
    Medium,
    High,
    /// Makes the page F.
    Critical,
}

/// One kind of personal data seen going to one host. Holds no value and no token.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataLeak {
    pub kind: PersonalKind,
    pub severity: LeakSeverity,
    pub recipient_host: String,
    /// The company behind the host when the tracker data knows it.
    pub recipient_company: Option<String>,
    /// How the evidence request carried it: "plain", "url-encoded", "base64",
    /// "sha256", "sha256 in base64"… (see [`Hit::encoding_name`]).
    pub encoding: String,
    /// Every way it was carried to this host, evidence first.
    pub encodings: Vec<String>,
    /// Where in the evidence request: URL, header, body.
    pub place: Place,
    /// Sent before the shopper submitted the form (or clicked one of its buttons).
    pub before_submit: bool,
    /// Seconds from the first keystroke to the evidence request (negative when the request
    /// came first: the page knew the value before it was typed here).
    pub seconds_after_typing: f64,
    /// The evidence request's URL, redacted (see [`super::redact`]).
    pub evidence_url: String,
    /// How many requests carried it to this host.
    pub requests: u32,
}

/// The concern's answer for a page.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataLeaks {
    /// Worst first.
    pub leaks: Vec<DataLeak>,
    /// Requests to other sites that were read.
    pub requests_searched: u32,
    /// Of those, how many were read only in part (a cap was hit): say so in the report.
    pub requests_capped: u32,
    /// Typed fields searched for, and those whose value was too short or malformed to be
    /// searched without false matches.
    pub fields_searched: u32,
    pub fields_not_searched: u32,
}

/// Judges a page's typed fields against its requests. `tracker_company` answers, for a
/// request, the company of the tracker it goes to (`None`: not a tracker); it decides the
/// after-submit findings and names the recipient.
pub fn judge(input: &JudgeInput<'_>, tracker_company: impl Fn(&OutgoingRequest) -> Option<String>) -> DataLeaks {
    let mut out = DataLeaks::default();
    let Some(page_host) = host_of(input.page_url) else { return out };
    let page_site = site_of(&page_host).to_string();
    let provider_sites: Vec<String> = input
        .payment_provider_hosts
        .iter()
        .map(|host| site_of(&normalize_host(host.trim_end_matches('.'))).to_string())
        .collect();
    let frame_sites: Vec<Option<String>> = input
        .fields
        .iter()
        .map(|f| f.entry.frame_url.as_deref().and_then(host_of).map(|h| site_of(&h).to_string()))
        .collect();

    let tokens = TokenSet::derive(input.fields, input.calling_code);
    let searched = (0..input.fields.len()).filter(|&i| tokens.is_searchable(i)).count() as u32;
    out.fields_searched = searched;
    out.fields_not_searched = input.fields.len() as u32 - searched;
    if tokens.is_empty() {
        return out;
    }

    let mut groups: Vec<Group> = Vec::new();
    for (index, request) in input.requests.iter().take(limits::REQUESTS).enumerate() {
        let Some(host) = host_of(&request.url) else { continue };
        // The Public Suffix look-up only where the answer depends on it (most requests go to
        // other sites), and the recipient's site only for a request that holds a hit.
        if on_site(&host, &page_host, &page_site, || site_of(&host)) {
            continue;
        }
        out.requests_searched += 1;
        let scan = scan_request(&tokens, request);
        if scan.capped {
            out.requests_capped += 1;
        }
        if scan.hits.is_empty() {
            continue;
        }
        let site = site_of(&host);
        let provider = provider_sites.iter().any(|p| p == site);
        let mut tracker: Option<bool> = None;
        for hit in scan.hits {
            let field = &input.fields[hit.field];
            if frame_sites[hit.field].as_deref() == Some(site) {
                continue;
            }
            let before_submit = field.entry.submitted_at_ms.is_none_or(|submitted| request.time_stamp < submitted);
            let severity = match field.kind {
                PersonalKind::CardNumber if provider => None,
                PersonalKind::CardNumber | PersonalKind::Password => Some(LeakSeverity::Critical),
                _ if provider => None,
                _ if before_submit => Some(LeakSeverity::High),
                _ => tracker.get_or_insert_with(|| tracker_company(request).is_some()).then_some(LeakSeverity::Medium),
            };
            let Some(severity) = severity else { continue };
            let seen = Seen { request: index, field: hit.field, hit, severity, before_submit };
            match groups.iter_mut().find(|g| g.kind == field.kind && g.host == host) {
                Some(group) => group.add(seen),
                None => groups.push(Group::new(field.kind, host.to_string(), seen)),
            }
        }
    }

    out.leaks = groups
        .into_iter()
        .map(|group| {
            let request = &input.requests[group.evidence.request];
            let field = &input.fields[group.evidence.field];
            DataLeak {
                kind: group.kind,
                severity: group.evidence.severity,
                recipient_host: group.host,
                recipient_company: tracker_company(request),
                encoding: group.evidence.hit.encoding_name(),
                encodings: group.encodings,
                place: group.evidence.hit.place,
                before_submit: group.evidence.before_submit,
                seconds_after_typing: ((request.time_stamp - field.entry.typed_at_ms) / 100.0).round() / 10.0,
                evidence_url: redact_url(&tokens, &request.url),
                requests: group.requests,
            }
        })
        .collect();
    crate::sort::sort_by(&mut out.leaks, |a, b| {
        (b.severity, a.kind, &a.recipient_host).cmp(&(a.severity, b.kind, &b.recipient_host))
    });
    out
}

/// One hit worth a finding.
#[derive(Clone, Copy)]
struct Seen {
    request: usize,
    field: usize,
    hit: Hit,
    severity: LeakSeverity,
    before_submit: bool,
}

/// The hits of one kind of data to one host.
struct Group {
    kind: PersonalKind,
    host: String,
    evidence: Seen,
    encodings: Vec<String>,
    requests: u32,
    last_request: usize,
}

impl Group {
    fn new(kind: PersonalKind, host: String, seen: Seen) -> Group {
        Group {
            kind,
            host,
            evidence: seen,
            encodings: vec![seen.hit.encoding_name()],
            requests: 1,
            last_request: seen.request,
        }
    }

    fn add(&mut self, seen: Seen) {
        if seen.request != self.last_request {
            self.requests += 1;
            self.last_request = seen.request;
        }
        let name = seen.hit.encoding_name();
        if !self.encodings.contains(&name) {
            self.encodings.push(name);
        }
        if seen.severity > self.evidence.severity {
            self.evidence = seen;
            // The evidence's encoding leads the list.
            if let Some(at) = self.encodings.iter().position(|e| *e == seen.hit.encoding_name()) {
                let first = self.encodings.remove(at);
                self.encodings.insert(0, first);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::TypedEntry;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    use sha2::{Digest, Sha256};

    const PAGE: &str = "https://www.fashion-shop.co.uk/checkout";
    const EMAIL: &str = "probe.k3x9@example.com";
    const CARD: &str = "4242 4242 4242 4242";
    const PASSWORD: &str = "Tr0ub4dor&3";

    fn field(kind: PersonalKind, value: &str, submitted_at_ms: Option<f64>) -> TypedField {
        TypedField { kind, entry: TypedEntry { submitted_at_ms, ..TypedEntry::new(value, 1_000.0) } }
    }

    fn request(url: &str, body: Option<&str>, time_stamp: f64) -> OutgoingRequest {
        OutgoingRequest {
            url: url.to_string(),
            method: if body.is_some() { "POST" } else { "GET" }.to_string(),
            kind: "xmlhttprequest".to_string(),
            body: body.map(str::to_string),
            time_stamp,
            ..Default::default()
        }
    }

    fn sha256_hex(text: &str) -> String {
        Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    fn run(fields: &[TypedField], requests: &[OutgoingRequest], providers: &[&str]) -> DataLeaks {
        let providers: Vec<String> = providers.iter().map(|p| p.to_string()).collect();
        let input =
            JudgeInput { page_url: PAGE, payment_provider_hosts: &providers, fields, requests, calling_code: None };
        judge(&input, |r| r.url.contains("facebook.com").then(|| "Meta".to_string()))
    }

    /// No value, and none of the tokens the test knows of, anywhere in the serialised result.
    fn assert_no_value(leaks: &DataLeaks, values: &[&str]) {
        let json = serde_json::to_string(leaks).unwrap().to_lowercase();
        for value in values {
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            assert!(!json.contains(&value.to_lowercase()), "{value} in {json}");
            assert!(digits.len() < 7 || !json.contains(&digits), "{digits} in {json}");
            assert!(!json.contains(&sha256_hex(&value.to_lowercase())), "hash of {value} in {json}");
            assert!(!json.contains(&STANDARD.encode(value).to_lowercase()[..8]), "base64 of {value} in {json}");
        }
    }

    #[test]
    fn email_before_submit_is_high_and_named() {
        let fields = [field(PersonalKind::Email, EMAIL, None)];
        let requests = [
            request(&format!("https://a.klaviyo.com/onsite/track?email={}", EMAIL.replace('@', "%40")), None, 3_500.0),
            request("https://www.facebook.com/tr", Some(&format!("ev=PageView&ud[em]={}", sha256_hex(EMAIL))), 4_000.0),
        ];
        let leaks = run(&fields, &requests, &[]);
        assert_eq!(leaks.leaks.len(), 2);
        let meta = leaks.leaks.iter().find(|l| l.recipient_host == "www.facebook.com").unwrap();
        assert_eq!((meta.severity, meta.before_submit), (LeakSeverity::High, true));
        assert_eq!(meta.encoding, "sha256");
        assert_eq!(meta.recipient_company.as_deref(), Some("Meta"));
        assert_eq!(meta.place, Place::Body);
        assert_eq!(meta.seconds_after_typing, 3.0);
        let klaviyo = leaks.leaks.iter().find(|l| l.recipient_host == "a.klaviyo.com").unwrap();
        assert_eq!(klaviyo.encoding, "url-encoded");
        assert_eq!(klaviyo.evidence_url, "https://a.klaviyo.com/onsite/track?email=[your e-mail]");
        assert_eq!(leaks.requests_searched, 2);
        assert_no_value(&leaks, &[EMAIL]);
    }

    #[test]
    fn after_submit_only_trackers_count_and_only_as_medium() {
        let fields = [field(PersonalKind::Email, EMAIL, Some(2_000.0))];
        let requests = [
            request("https://www.facebook.com/tr", Some(&format!("em={}", sha256_hex(EMAIL))), 2_500.0),
            request("https://a.klaviyo.com/subscribe", Some(&format!("email={EMAIL}")), 2_600.0),
        ];
        let leaks = run(&fields, &requests, &[]);
        assert_eq!(leaks.leaks.len(), 1, "{:?}", leaks.leaks);
        assert_eq!(leaks.leaks[0].recipient_host, "www.facebook.com");
        assert_eq!((leaks.leaks[0].severity, leaks.leaks[0].before_submit), (LeakSeverity::Medium, false));
    }

    #[test]
    fn the_shop_itself_never_leaks() {
        let fields = [field(PersonalKind::Email, EMAIL, None), field(PersonalKind::CardNumber, CARD, None)];
        let requests = [
            request("https://www.fashion-shop.co.uk/newsletter", Some(&format!("email={EMAIL}")), 2_000.0),
            request("https://api.fashion-shop.co.uk/pay", Some(&format!("cc={CARD}")), 2_000.0),
        ];
        let leaks = run(&fields, &requests, &[]);
        assert!(leaks.leaks.is_empty());
        assert_eq!(leaks.requests_searched, 0, "first-party requests are not even read");
        // …but another site under the same public suffix is someone else.
        let other = [request("https://evil-shop.co.uk/c", Some(&format!("email={EMAIL}")), 2_000.0)];
        assert_eq!(run(&fields, &other, &[]).leaks.len(), 1);
    }

    #[test]
    fn the_payment_provider_may_have_the_card_but_nobody_else() {
        let fields = [field(PersonalKind::CardNumber, CARD, None)];
        let to_stripe = [request("https://api.stripe.com/v1/tokens", Some("card[number]=4242424242424242"), 5_000.0)];
        assert!(run(&fields, &to_stripe, &["js.stripe.com"]).leaks.is_empty());
        let encoded = STANDARD.encode(CARD.replace(' ', ""));
        let to_skimmer = [request(&format!("https://cdn-analytics.example/i.gif?d={encoded}"), None, 5_000.0)];
        let leaks = run(&fields, &to_skimmer, &["js.stripe.com"]);
        assert_eq!(leaks.leaks.len(), 1);
        let leak = &leaks.leaks[0];
        assert_eq!((leak.severity, leak.kind), (LeakSeverity::Critical, PersonalKind::CardNumber));
        assert_eq!(leak.encoding, "base64");
        assert_eq!(leak.evidence_url, "https://cdn-analytics.example/i.gif?d=[your card number]");
        assert_no_value(&leaks, &[CARD, "4242424242424242"]);
        // Without a provider on the page, Stripe is just another site.
        assert_eq!(run(&fields, &to_stripe, &[]).leaks[0].severity, LeakSeverity::Critical);
    }

    #[test]
    fn a_password_is_critical_even_after_submit_and_to_a_provider() {
        let fields = [field(PersonalKind::Password, PASSWORD, Some(1_500.0))];
        let requests = [request("https://m.stripe.com/6", Some(&format!("p={}", STANDARD.encode(PASSWORD))), 9_000.0)];
        let leaks = run(&fields, &requests, &["js.stripe.com"]);
        assert_eq!(leaks.leaks.len(), 1);
        assert_eq!((leaks.leaks[0].severity, leaks.leaks[0].before_submit), (LeakSeverity::Critical, false));
        assert_no_value(&leaks, &[PASSWORD]);
    }

    #[test]
    fn a_value_typed_in_a_frame_may_go_to_that_frame() {
        let mut card = field(PersonalKind::CardNumber, CARD, None);
        card.entry.frame_url = Some("https://pay.checkout-frame.example/card".to_string());
        let requests = [request("https://api.checkout-frame.example/t", Some("n=4242424242424242"), 2_000.0)];
        assert!(run(&[card], &requests, &[]).leaks.is_empty());
    }

    #[test]
    fn personal_data_to_the_provider_is_expected() {
        let fields = [field(PersonalKind::Email, EMAIL, None)];
        let requests = [request("https://api.stripe.com/v1/payment_methods", Some(&format!("email={EMAIL}")), 2_000.0)];
        assert!(run(&fields, &requests, &["js.stripe.com"]).leaks.is_empty());
    }

    #[test]
    fn a_random_id_and_short_values_find_nothing() {
        let fields = [field(PersonalKind::Email, EMAIL, None), field(PersonalKind::Name, "Al", None)];
        let requests = [request("https://t.example/c?uid=5f3a9c2e-7d41-4b1a-9a0e-2c4d8e6f1b3a&n=Al", None, 2_000.0)];
        let leaks = run(&fields, &requests, &[]);
        assert!(leaks.leaks.is_empty());
        assert_eq!((leaks.fields_searched, leaks.fields_not_searched), (1, 1));
    }

    #[test]
    fn one_leak_per_kind_and_host_at_its_worst() {
        let fields = [field(PersonalKind::Email, EMAIL, Some(5_000.0))];
        let requests = [
            request("https://www.facebook.com/tr", Some(&format!("em={}", sha256_hex(EMAIL))), 6_000.0),
            request(&format!("https://www.facebook.com/tr?em={EMAIL}"), None, 2_000.0),
        ];
        let leaks = run(&fields, &requests, &[]);
        assert_eq!(leaks.leaks.len(), 1);
        let leak = &leaks.leaks[0];
        assert_eq!((leak.severity, leak.before_submit, leak.requests), (LeakSeverity::High, true, 2));
        assert_eq!(leak.encodings, vec!["plain".to_string(), "sha256".to_string()]);
        assert_eq!(leak.evidence_url, "https://www.facebook.com/tr?em=[your e-mail]");
    }

    #[test]
    fn capped_requests_are_counted() {
        let fields = [field(PersonalKind::Email, EMAIL, None)];
        let big = "x".repeat(super::super::BODY_CAP + 1);
        let requests = [request("https://t.example/c", Some(&big), 2_000.0)];
        assert_eq!(run(&fields, &requests, &[]).requests_capped, 1);
    }

    #[test]
    fn typed_fields_never_print_their_value() {
        let printed = format!("{:?}", field(PersonalKind::Email, EMAIL, None));
        assert!(!printed.contains("probe"), "{printed}");
    }
}
