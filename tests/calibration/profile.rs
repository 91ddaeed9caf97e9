//! Calibration profiles: realistic shop pages written in a few lines each
//! (`tests/calibration/profiles.json`), built into the page facts the extension would
//! collect, so the core judges them like any page. Shared by `tests/calibration.rs` and
//! `cargo xtask calibrate`.

use serde::Deserialize;
use serde_json::{json, Value};

/// One kind of shop page, with the letters it must get and why.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    /// Why it must get those letters, in one line (the README's definitions).
    pub reason: String,
    /// The letters it may get: `"B"` or a range such as `"A-B"`.
    pub expect: String,
    /// How common such pages are, in percent of shop pages (see `weightSources` in the file).
    pub weight: f64,
    pub url: String,
    /// Security headers the page sends: `hsts`, `csp`.
    #[serde(default)]
    pub headers: Vec<String>,
    /// Requests to third parties (scripts and beacons), by URL.
    #[serde(default)]
    pub trackers: Vec<String>,
    /// When they ran: `load` (before any choice) or `afterAccept`.
    #[serde(default = "at_load")]
    pub trackers_at: String,
    /// The trackers keep sending after the shopper rejected.
    #[serde(default)]
    pub tracks_after_reject: bool,
    #[serde(default)]
    pub cookies: Vec<String>,
    /// The cookie banner, if the page shows one.
    #[serde(default)]
    pub banner: Option<Banner>,
    /// The shopper's answer: `accept` or `reject`.
    #[serde(default)]
    pub choice: Option<String>,
    /// Where the card is typed: `stripe` (its frame), `shopify` (Shopify's card frame), `page`.
    #[serde(default)]
    pub card: Option<String>,
    /// Where the card form sends, when not the page itself.
    #[serde(default)]
    pub form_action: Option<String>,
    /// Other fields the shopper types into: `email`, `name`, `address`, `phone`, `password`,
    /// `card-name`.
    #[serde(default)]
    pub fields: Vec<String>,
    /// Inline scripts on the page, by text.
    #[serde(default)]
    pub inline_scripts: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Banner {
    pub cmp: String,
    /// First-layer buttons, by label.
    pub buttons: Vec<String>,
    /// The reject button is a small unfilled link beside a large accept button.
    #[serde(default)]
    pub reject_smaller: bool,
    /// Purposes shown switched on before any answer.
    #[serde(default)]
    pub pre_ticked: bool,
}

fn at_load() -> String {
    "load".to_string()
}

/// The file the profiles live in, and how its weights were chosen.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileFile {
    pub weight_sources: Vec<String>,
    pub profiles: Vec<Profile>,
}

pub fn load(text: &str) -> Result<ProfileFile, serde_json::Error> {
    serde_json::from_str(text)
}

/// When the page loaded, the banner showed and the shopper answered (ms since the epoch).
const LOAD: f64 = 1_763_900_000_000.0;
const BANNER_AT: f64 = LOAD + 800.0;
const ANSWER_AT: f64 = LOAD + 6_000.0;

impl Profile {
    /// The letters this profile may get, best first.
    pub fn allowed_letters(&self) -> Vec<String> {
        const ORDER: [&str; 5] = ["A", "B", "C", "D", "F"];
        let (from, to) = self.expect.split_once('-').unwrap_or((&self.expect, &self.expect));
        let position = |l: &str| ORDER.iter().position(|o| *o == l.trim());
        match (position(from), position(to)) {
            (Some(a), Some(b)) if a <= b => ORDER[a..=b].iter().map(|l| l.to_string()).collect(),
            _ => Vec::new(),
        }
    }

    /// The page as the extension would hand it to the core.
    pub fn page(&self) -> Value {
        let site_origin = self.url.split('/').take(3).collect::<Vec<_>>().join("/");
        let secure = self.url.starts_with("https://");
        let tracker_at = if self.trackers_at == "afterAccept" { ANSWER_AT + 500.0 } else { LOAD + 300.0 };

        let mut requests =
            vec![json!({ "url": format!("{site_origin}/assets/app.js"), "type": "script", "at": LOAD + 100.0 })];
        let mut scripts = vec![json!({ "src": format!("{site_origin}/assets/app.js") })];
        for url in &self.trackers {
            let is_script = url.ends_with(".js") || url.contains("/gtag/js") || url.contains(".js?");
            let mut request =
                json!({ "url": url, "type": if is_script { "script" } else { "ping" }, "at": tracker_at });
            if self.tracks_after_reject {
                request["lastAt"] = json!(ANSWER_AT + 2_000.0);
            }
            requests.push(request);
            if is_script {
                scripts.push(json!({ "src": url }));
            }
        }

        let mut iframes = Vec::new();
        let mut form_inputs: Vec<Value> = self.fields.iter().map(|f| input_for(f)).collect();
        match self.card.as_deref() {
            Some("stripe") => {
                let frame = "https://js.stripe.com/v3/elements-inner-card-8a4e2b.html";
                iframes.push(json!({ "src": frame, "name": "__privateStripeFrame0", "visible": true }));
                scripts.push(json!({ "src": "https://js.stripe.com/v3/" }));
                requests.push(json!({ "url": "https://js.stripe.com/v3/", "type": "script", "at": LOAD + 200.0 }));
                requests.push(json!({ "url": frame, "type": "sub_frame", "at": LOAD + 400.0 }));
            }
            Some("shopify") => {
                let frame = "https://checkout.pci.shopifyinc.com/build/a1b2c3/number-ltr.html";
                iframes.push(json!({ "src": frame, "name": "card-fields-number", "visible": true }));
                requests.push(json!({ "url": frame, "type": "sub_frame", "at": LOAD + 400.0 }));
            }
            Some("page") => {
                form_inputs.push(input("text", "cc_number", "cc-number", "Card number"));
                form_inputs.push(input("text", "cc_exp", "cc-exp", "Expiry (MM/YY)"));
                form_inputs.push(input("text", "cc_csc", "cc-csc", "CVC"));
            }
            _ => {}
        }
        let forms = if form_inputs.is_empty() {
            Vec::new()
        } else {
            let action = self.form_action.clone().unwrap_or_else(|| format!("{site_origin}/checkout/submit"));
            vec![json!({ "action": action, "method": "post", "inputs": form_inputs })]
        };

        let mut facts = json!({
            "schemaVersion": 1,
            "url": self.url,
            "isSecureContext": secure,
            "title": self.name,
            "lang": "en",
            "forms": forms,
            "iframes": iframes,
            "scripts": scripts,
            "cookieNames": self.cookies,
            "consent": self.consent(),
        });
        if !self.inline_scripts.is_empty() {
            let texts: Vec<Value> = self
                .inline_scripts
                .iter()
                .map(|text| json!({ "text": text, "bytes": text.len(), "nonce": false }))
                .collect();
            facts["inlineScripts"] = json!({ "count": texts.len(), "totalBytes": 2_000 });
            facts["payment"] = json!({ "walletCandidates": [], "inlineScriptTexts": texts });
        }

        let mut headers = vec![json!({ "name": "content-type", "value": "text/html; charset=utf-8" })];
        if self.headers.iter().any(|h| h == "hsts") {
            headers
                .push(json!({ "name": "strict-transport-security", "value": "max-age=31536000; includeSubDomains" }));
        }
        if self.headers.iter().any(|h| h == "csp") {
            headers.push(json!({
                "name": "content-security-policy",
                "value": "default-src 'self'; script-src 'self' https://js.stripe.com https://www.googletagmanager.com; frame-ancestors 'none'"
            }));
        }
        json!({
            "facts": facts,
            "mainDocument": { "url": self.url, "statusCode": 200, "headers": headers },
            "requests": requests,
        })
    }

    fn consent(&self) -> Value {
        let Some(banner) = &self.banner else {
            return json!({ "detectionDone": true, "bannerFound": false, "bannerShowing": false });
        };
        let buttons: Vec<Value> = banner
            .buttons
            .iter()
            .map(|label| {
                let small = banner.reject_smaller && !label.to_lowercase().contains("accept");
                let (width, height, filled) = if small { (90.0, 18.0, false) } else { (150.0, 44.0, true) };
                json!({ "label": label, "width": width, "height": height, "fontSize": if small { 12 } else { 16 }, "filled": filled, "bordered": !filled })
            })
            .collect();
        let purposes: Vec<Value> = ["Necessary", "Analytics", "Marketing"]
            .iter()
            .enumerate()
            .map(|(i, label)| json!({ "label": label, "checked": i == 0 || banner.pre_ticked, "disabled": i == 0 }))
            .collect();
        let choices: Vec<Value> = match self.choice.as_deref() {
            Some("accept") => vec![json!({ "by": "shopper", "label": "Accept all", "at": ANSWER_AT })],
            Some("reject") => vec![json!({ "by": "shopper", "label": "Reject all", "at": ANSWER_AT })],
            _ => Vec::new(),
        };
        json!({
            "detectionDone": true,
            "cmp": banner.cmp,
            "bannerFound": true,
            "bannerShowing": self.choice.is_none(),
            "bannerSeenAt": BANNER_AT,
            "text": "We use cookies to run this shop, to measure visits and to show you relevant ads.",
            "buttons": buttons,
            "purposes": purposes,
            "choices": choices,
            // Cookies the trackers set are there at the answer only if they ran before it.
            "cookiesAtAnswer": if self.trackers_at == "load" { self.cookies.clone() } else { Vec::new() },
        })
    }
}

fn input(kind: &str, name: &str, autocomplete: &str, label: &str) -> Value {
    json!({ "type": kind, "name": name, "autocomplete": autocomplete, "label": label, "visible": true })
}

fn input_for(field: &str) -> Value {
    match field {
        "email" => input("email", "email", "email", "E-mail"),
        "name" => input("text", "full_name", "name", "Full name"),
        "address" => input("text", "street", "street-address", "Street and number"),
        "phone" => input("tel", "phone", "tel", "Phone"),
        "password" => input("password", "password", "current-password", "Password"),
        "card-name" => input("text", "cc_name", "cc-name", "Name on card"),
        other => input("text", other, "", other),
    }
}

/// The pages of a request corpus (`[{sourceUrl, url, type}]`, as in `../shared/data/`),
/// one page per `sourceUrl`, with what the network showed of it: its requests. The corpus
/// says nothing of banners, forms or headers, so consent is left unjudged and headers unseen.
pub fn corpus_pages(corpus: &Value) -> Vec<(String, Value)> {
    let mut pages: std::collections::BTreeMap<String, Vec<Value>> = Default::default();
    for entry in corpus.as_array().into_iter().flatten() {
        let (Some(source), Some(url)) = (entry["sourceUrl"].as_str(), entry["url"].as_str()) else {
            continue;
        };
        // Entries whose page is only a scheme say nothing about which page they were on.
        if source.trim_end_matches('/').ends_with(':') || !source.starts_with("http") {
            continue;
        }
        let kind = match entry["type"].as_str().unwrap_or("other") {
            "sub_frame" | "subdocument" => "sub_frame",
            "xmlhttprequest" | "xhr" => "xmlhttprequest",
            other => other,
        };
        pages.entry(source.to_string()).or_default().push(json!({ "url": url, "type": kind, "at": LOAD + 300.0 }));
    }
    pages
        .into_iter()
        .map(|(source, requests)| {
            let page = json!({
                "facts": {
                    "schemaVersion": 1,
                    "url": source,
                    "isSecureContext": source.starts_with("https://"),
                },
                "requests": requests,
            });
            (source, page)
        })
        .collect()
}
