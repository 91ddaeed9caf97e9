//! The speed figure the issue sets: 8 typed fields (every encoding of each) matched against
//! 1,000 requests with bodies up to 4 KB, under 5 ms in wasm. [`workload`] builds that page
//! deterministically (no randomness source needed, so it builds the same in wasm);
//! [`run`] is the timed work; [`time_native`] times it with the native clock for
//! `cargo xtask bench` (the wasm side times [`run`] with `performance.now()`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::{judge, DataLeaks, JudgeInput, OutgoingRequest, PersonalKind, TypedField};

pub const PAGE_URL: &str = "https://www.bench-shop.example/checkout";

/// A page's typed fields and requests.
pub struct Workload {
    pub fields: Vec<TypedField>,
    pub requests: Vec<OutgoingRequest>,
    pub providers: Vec<String>,
}

/// `requests` requests (1,000 for the figure) to third-party hosts: beacons with query
/// strings and JSON posts with bodies of 0–4 KB holding ids, numbers, timestamps and paths;
/// one request in four also carries a base64-encoded JSON event (as e-mail-marketing and
/// replay scripts send them); one in fifty carries a typed value, base64-encoded.
pub fn workload(requests: usize) -> Workload {
    build(requests, false)
}

/// The worst case for the decoder: a third of every body is base64 of random text, which
/// decodes to more base64-looking text, decoded again.
pub fn workload_base64_dense(requests: usize) -> Workload {
    build(requests, true)
}

fn build(requests: usize, base64_dense: bool) -> Workload {
    let fields = vec![
        typed(PersonalKind::Email, "probe.q7z2@example.com"),
        typed(PersonalKind::Phone, "+44 20 7946 0958"),
        typed(PersonalKind::Name, "Martha Jones-Smith"),
        typed(PersonalKind::StreetAddress, "221B Baker Street"),
        typed(PersonalKind::Postcode, "NW1 6XE"),
        typed(PersonalKind::BirthDate, "1987-03-14"),
        typed(PersonalKind::Password, "correct horse battery"),
        typed(PersonalKind::CardNumber, "4242 4242 4242 4242"),
    ];
    let mut rng = Lcg(0x5eed_1234_abcd_0001);
    let hosts =
        ["www.google-analytics.com", "connect.facebook.net", "a.klaviyo.com", "cdn.vendor-x.example", "bat.bing.com"];
    let mut out = Vec::with_capacity(requests);
    for i in 0..requests {
        let host = hosts[i % hosts.len()];
        let mut url = format!(
            "https://{host}/collect?v=2&tid=G-{}&cid={}.{}",
            rng.word(10),
            rng.next() % 1_000_000_000,
            rng.next() % 10_000_000
        );
        for _ in 0..(rng.next() % 8) {
            let (name, len) = (rng.word(3), 4 + (rng.next() % 24) as usize);
            url.push_str(&format!("&{name}={}", rng.word(len)));
        }
        let body_len = (rng.next() % 4_097) as usize;
        let mut body = String::with_capacity(body_len + 64);
        body.push('{');
        if !base64_dense && rng.next().is_multiple_of(4) {
            let mut event = String::from("{");
            for _ in 0..(5 + rng.next() % 20) {
                let (name, len) = (rng.word(6), 4 + (rng.next() % 16) as usize);
                let value = rng.word(len);
                event.push_str(&format!("\"{name}\":\"{value}\","));
            }
            event.push_str("\"v\":1}");
            body.push_str(&format!("\"data\":\"{}\",", STANDARD.encode(event)));
        }
        while body.len() < body_len {
            match rng.next() % 4 {
                2 if !base64_dense => body.push_str(&format!("\"{}\":\"{}\",", rng.word(4), rng.word(20))),
                0 => body.push_str(&format!("\"{}\":{},", rng.word(6), rng.next() % 100_000_000)),
                1 => body.push_str(&format!("\"{}\":\"{}\",", rng.word(5), rng.word(12))),
                2 => body.push_str(&format!("\"{}\":\"{}\",", rng.word(4), STANDARD.encode(rng.word(30)))),
                _ => body.push_str(&format!(
                    "\"ts\":{},\"page\":\"/products/{}\",",
                    1_700_000_000_000 + rng.next() % 1_000_000,
                    rng.word(14)
                )),
            }
        }
        if i % 50 == 7 {
            let value = &fields[(i / 50) % fields.len()].entry.value;
            body.push_str(&format!("\"d\":\"{}\",", STANDARD.encode(format!("{{\"v\":\"{value}\"}}"))));
        }
        body.push_str("\"end\":1}");
        out.push(OutgoingRequest {
            url,
            method: "POST".to_string(),
            kind: if i % 3 == 0 { "ping" } else { "xmlhttprequest" }.to_string(),
            headers: Vec::new(),
            body: (body_len > 0).then_some(body),
            body_truncated: false,
            time_stamp: 10_000.0 + i as f64,
        });
    }
    Workload { fields, requests: out, providers: vec!["js.stripe.com".to_string()] }
}

/// The timed work: derive every token, read every request, judge. Returns the findings so
/// the work cannot be optimised away.
pub fn run(workload: &Workload) -> DataLeaks {
    let input = JudgeInput {
        page_url: PAGE_URL,
        payment_provider_hosts: &workload.providers,
        fields: &workload.fields,
        requests: &workload.requests,
        calling_code: None,
    };
    judge(&input, |request| request.url.contains("facebook").then(|| "Meta".to_string()))
}

/// Median and 99th percentile of `iterations` runs of [`run`] on `workload`, in
/// milliseconds, with the native clock (`workload(1_000)` for the figure).
#[cfg(not(target_arch = "wasm32"))]
pub fn time_native(workload: &Workload, iterations: usize) -> (f64, f64) {
    let mut times: Vec<f64> = (0..iterations.max(1))
        .map(|_| {
            let start = std::time::Instant::now();
            std::hint::black_box(run(std::hint::black_box(workload)));
            start.elapsed().as_secs_f64() * 1_000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

fn typed(kind: PersonalKind, value: &str) -> TypedField {
    TypedField { kind, entry: super::TypedEntry::new(value, 9_000.0) }
}

/// A small deterministic generator (Knuth's MMIX constants): the same page on every run and
/// on every target.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn word(&mut self, len: usize) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        (0..len).map(|_| ALPHABET[(self.next() % ALPHABET.len() as u64) as usize] as char).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workload_finds_every_planted_value() {
        for workload in [workload(1_000), workload_base64_dense(1_000)] {
            check(&workload);
        }
    }

    fn check(workload: &Workload) {
        assert_eq!(workload.requests.len(), 1_000);
        assert!(workload.requests.iter().all(|r| r.body.as_ref().is_none_or(|b| b.len() <= 4_200)));
        let leaks = run(workload);
        let mut kinds: Vec<PersonalKind> = leaks.leaks.iter().map(|l| l.kind).collect();
        kinds.sort();
        kinds.dedup();
        // Every kind is planted, base64-encoded inside JSON; the card goes to no provider.
        assert_eq!(kinds.len(), 8, "{:?}", leaks.leaks.iter().map(|l| (l.kind, &l.recipient_host)).collect::<Vec<_>>());
        assert_eq!(leaks.requests_searched, 1_000);
    }
}
