//! The contract between the JS shell and the core, written once: the facts schema version,
//! the caps the collectors and the worker apply to what they send, the key a tab's state is
//! stored under, and the names of the events the two consent scripts talk by.
//!
//! `cargo xtask build` writes [`contract`] into the extension as `contract.js`, which sets a
//! frozen `globalThis.ShopTrustContract` that the content scripts, the worker and the popup
//! read (the main-world consent bundle has it compiled in). No script keeps its own copy;
//! `tests/unit/contract.test.mjs` checks that, and that the built file says what the core
//! says.
//!
//! The collectors' caps sit below the limits the core accepts ([`crate::page::limits`] and
//! the concerns' own `limits`), so a page that is merely big is judged with a caveat
//! (`truncated`) instead of being refused; the tests at the bottom hold them there.

use serde::Serialize;

use crate::page::FACTS_SCHEMA_VERSION;

/// `chrome.storage.session` key of a tab's state: this prefix, then the tab id.
pub const TAB_KEY_PREFIX: &str = "tab:";

/// DOM events between the consent collector (isolated world) and its main-world helper.
/// `HELLO`, `OFFER` and `ACK` hand the main-world script a per-page secret at
/// `document_start`, before any script of the page runs; the other three are then sent
/// under names that end with that secret (`name:secret`), so the page can neither send
/// them nor listen to them (issue 15, item 3).
pub mod main_world_events {
    /// Main → isolated, once, when the main-world script starts: ready for the secret.
    pub const HELLO: &str = "shoptrust-consent-hello";
    /// Isolated → main, once: the secret (a string).
    pub const OFFER: &str = "shoptrust-consent-offer";
    /// Main → isolated, at once on the offer: the secret was taken.
    pub const ACK: &str = "shoptrust-consent-ack";
    /// Main → isolated: the page's IAB TCF and GPP signals.
    pub const SIGNALS: &str = "shoptrust-consent-signals";
    /// Isolated → main: run one of autoconsent's own snippets, by id.
    pub const EVAL: &str = "shoptrust-consent-eval";
    /// Main → isolated: that snippet's answer.
    pub const EVAL_RESULT: &str = "shoptrust-consent-eval-result";
}

/// What `content.js` keeps of each page list (more is counted in `truncated`). Text lengths
/// are in UTF-16 units, as JS cuts them: at most 3 UTF-8 bytes each.
pub mod collector {
    pub const FORMS: usize = 200;
    pub const INPUTS: usize = 2_000;
    pub const IFRAMES: usize = 200;
    pub const SCRIPTS: usize = 500;
    pub const STYLESHEETS: usize = 200;
    pub const MEDIA: usize = 1_000;
    pub const RESOURCES: usize = 1_500;
    pub const LINKS: usize = 1_000;
    pub const COOKIE_NAMES: usize = 200;
    pub const META_CSP: usize = crate::page::limits::META_CSP;
    pub const URL_MAX: usize = 2_048;
    /// Labels, names, titles, button texts.
    pub const TEXT_MAX: usize = 200;
    /// A CSP or an integrity attribute.
    pub const CSP_MAX: usize = 8_192;
    /// Payment: text of one inline script, of all of them, and how many are sent.
    pub const INLINE_TEXT_MAX: usize = 16_384;
    pub const INLINE_TEXT_TOTAL: usize = 131_072;
    pub const INLINE_TEXTS_MAX: usize = 100;
    pub const WALLET_CANDIDATES_MAX: usize = 100;
}

/// What `consent.js` (and, for the IAB signals, `consent-main.js`) keeps of the banner.
pub mod consent_collector {
    pub const BUTTONS: usize = 30;
    pub const PURPOSES: usize = 60;
    pub const CHOICES: usize = 20;
    pub const COOKIES: usize = 200;
    /// The banner's text, in UTF-16 units.
    pub const TEXT: usize = 1_000;
    /// A button's or a purpose's label.
    pub const LABEL: usize = 120;
    /// The consent manager's name.
    pub const CMP_NAME: usize = 80;
    pub const COOKIE_NAME: usize = 200;
    /// TCF purpose ids and GPP sections.
    pub const SIGNAL_IDS: usize = 24;
    /// TCF `eventStatus`, GPP `signalStatus`.
    pub const SIGNAL_TEXT: usize = 40;
}

/// What the worker keeps of what webRequest shows it.
pub mod worker {
    pub const REQUESTS: usize = 5_000;
    pub const HEADERS: usize = crate::page::limits::HEADERS;
    pub const URL: usize = super::collector::URL_MAX;
    pub const HEADER_NAME: usize = 256;
    pub const HEADER_VALUE: usize = 8_192;
    /// The collector's error message, when it failed.
    pub const ERROR_TEXT: usize = 1_000;
    /// Sub-frames whose facts are kept beside the top frame's.
    pub const FRAMES: usize = crate::page::limits::FRAMES;
}

/// The contract as the JS reads it (`globalThis.ShopTrustContract`). A struct, not a map:
/// its fields keep their order in JSON, and `content.js` walks the page caps in that order
/// (most telling lists first), which is the order of the `truncated` caveats.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    pub facts_schema_version: u32,
    pub storage: Storage,
    pub main_world_events: MainWorldEvents,
    pub collector: Collector,
    pub consent_collector: ConsentCollector,
    pub worker: Worker,
    pub typed: Typed,
}

/// "Data you type" (issue 12): what `typed.js` and `background/outgoing.js` keep, in memory,
/// of what the shopper typed and what the tab sent: no more than the core reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Typed {
    pub fields_max: usize,
    pub value_max: usize,
    pub requests_max: usize,
    pub body_max: usize,
    pub url_max: usize,
    pub header_max: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Storage {
    pub tab_key_prefix: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MainWorldEvents {
    pub hello: &'static str,
    pub offer: &'static str,
    pub ack: &'static str,
    pub signals: &'static str,
    pub eval: &'static str,
    pub eval_result: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Collector {
    pub caps: PageCaps,
    pub url_max: usize,
    pub text_max: usize,
    pub csp_max: usize,
    pub inline_text_max: usize,
    pub inline_text_total: usize,
    pub inline_texts_max: usize,
    pub wallet_candidates_max: usize,
}

/// Named as the `PageFacts` lists they cap (and as `truncated` names them).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageCaps {
    pub forms: usize,
    pub inputs: usize,
    pub iframes: usize,
    pub scripts: usize,
    pub stylesheets: usize,
    pub media: usize,
    pub resources: usize,
    pub links: usize,
    pub cookie_names: usize,
    pub meta_csp: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentCollector {
    pub caps: ConsentCaps,
    pub cmp_name_max: usize,
    /// autoconsent's name for a heuristic find starts with this: not a known manager.
    pub heuristic_cmp_prefix: &'static str,
    /// How long after a consent manager is detected its banner may take to show; the
    /// collector reports again then so the core can tell "already chosen".
    pub popup_wait_ms: u64,
    pub cookie_name_max: usize,
    pub signal_ids_max: usize,
    pub signal_text_max: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentCaps {
    pub buttons: usize,
    pub purposes: usize,
    pub choices: usize,
    pub cookies: usize,
    pub text: usize,
    pub label: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Worker {
    pub requests: usize,
    pub headers: usize,
    pub url: usize,
    pub header_name: usize,
    pub header_value: usize,
    pub error_text: usize,
    pub frames: usize,
}

pub fn contract() -> Contract {
    use collector as c;
    use consent_collector as cc;
    Contract {
        facts_schema_version: FACTS_SCHEMA_VERSION,
        storage: Storage { tab_key_prefix: TAB_KEY_PREFIX },
        main_world_events: MainWorldEvents {
            hello: main_world_events::HELLO,
            offer: main_world_events::OFFER,
            ack: main_world_events::ACK,
            signals: main_world_events::SIGNALS,
            eval: main_world_events::EVAL,
            eval_result: main_world_events::EVAL_RESULT,
        },
        collector: Collector {
            caps: PageCaps {
                forms: c::FORMS,
                inputs: c::INPUTS,
                iframes: c::IFRAMES,
                scripts: c::SCRIPTS,
                stylesheets: c::STYLESHEETS,
                media: c::MEDIA,
                resources: c::RESOURCES,
                links: c::LINKS,
                cookie_names: c::COOKIE_NAMES,
                meta_csp: c::META_CSP,
            },
            url_max: c::URL_MAX,
            text_max: c::TEXT_MAX,
            csp_max: c::CSP_MAX,
            inline_text_max: c::INLINE_TEXT_MAX,
            inline_text_total: c::INLINE_TEXT_TOTAL,
            inline_texts_max: c::INLINE_TEXTS_MAX,
            wallet_candidates_max: c::WALLET_CANDIDATES_MAX,
        },
        consent_collector: ConsentCollector {
            caps: ConsentCaps {
                buttons: cc::BUTTONS,
                purposes: cc::PURPOSES,
                choices: cc::CHOICES,
                cookies: cc::COOKIES,
                text: cc::TEXT,
                label: cc::LABEL,
            },
            cmp_name_max: cc::CMP_NAME,
            heuristic_cmp_prefix: crate::page::consent::HEURISTIC_CMP_PREFIX,
            popup_wait_ms: crate::page::consent::POPUP_WAIT_MS,
            cookie_name_max: cc::COOKIE_NAME,
            signal_ids_max: cc::SIGNAL_IDS,
            signal_text_max: cc::SIGNAL_TEXT,
        },
        worker: Worker {
            requests: worker::REQUESTS,
            headers: worker::HEADERS,
            url: worker::URL,
            header_name: worker::HEADER_NAME,
            header_value: worker::HEADER_VALUE,
            error_text: worker::ERROR_TEXT,
            frames: worker::FRAMES,
        },
        typed: Typed {
            fields_max: crate::typed::limits::FIELDS,
            value_max: crate::typed::limits::VALUE_CHARS,
            requests_max: crate::typed::limits::REQUESTS,
            body_max: crate::typed::BODY_CAP,
            url_max: crate::typed::URL_CAP,
            header_max: crate::typed::HEADER_CAP,
        },
    }
}

/// [`contract`] as JSON text, fields in declaration order.
pub fn contract_json() -> String {
    serde_json::to_string(&contract()).expect("the contract is plain data")
}

// The caps the shell applies, held below the limits the core accepts.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::{consent, page, payment};

    /// Most UTF-8 bytes one UTF-16 unit (what JS's `slice` counts) can take.
    const BYTES_PER_UNIT: usize = 3;

    #[test]
    fn page_caps_sit_within_what_the_core_reads() {
        use collector as c;
        use page::limits as l;
        let pairs = [
            ("forms", c::FORMS, l::FORMS),
            ("inputs", c::INPUTS, l::INPUTS),
            ("iframes", c::IFRAMES, l::IFRAMES),
            ("scripts", c::SCRIPTS, l::SCRIPTS),
            ("stylesheets", c::STYLESHEETS, l::STYLESHEETS),
            ("media", c::MEDIA, l::MEDIA),
            ("resources", c::RESOURCES, l::RESOURCES),
            ("links", c::LINKS, l::LINKS),
            ("cookieNames", c::COOKIE_NAMES, l::COOKIES),
            ("metaCsp", c::META_CSP, l::META_CSP),
            ("page URL", c::URL_MAX * BYTES_PER_UNIT, l::TEXT),
            ("wallet candidate text", c::TEXT_MAX * BYTES_PER_UNIT, l::TEXT),
            ("walletCandidates", c::WALLET_CANDIDATES_MAX, payment::limits::WALLET_CANDIDATES),
            ("inlineScriptTexts", c::INLINE_TEXTS_MAX, payment::limits::INLINE_SCRIPT_TEXTS),
            ("inline script text", c::INLINE_TEXT_MAX * BYTES_PER_UNIT, payment::limits::INLINE_SCRIPT_TEXT),
            ("inline script texts", c::INLINE_TEXT_TOTAL * BYTES_PER_UNIT, payment::limits::INLINE_SCRIPT_TEXT_TOTAL),
            ("requests", worker::REQUESTS, l::REQUESTS),
            ("headers", worker::HEADERS, l::HEADERS),
        ];
        for (what, cap, limit) in pairs {
            assert!(cap <= limit, "{what}: the shell keeps up to {cap}, the core reads up to {limit}");
        }
    }

    #[test]
    fn consent_caps_sit_within_what_the_core_reads() {
        use consent::limits as l;
        use consent_collector as cc;
        let pairs = [
            ("buttons", cc::BUTTONS, l::BUTTONS),
            ("purposes", cc::PURPOSES, l::PURPOSES),
            ("choices", cc::CHOICES, l::CHOICES),
            ("cookies", cc::COOKIES, l::COOKIES),
            ("signal ids", cc::SIGNAL_IDS, l::PURPOSE_IDS),
            ("banner text", cc::TEXT * BYTES_PER_UNIT, l::TEXT),
            ("label", cc::LABEL * BYTES_PER_UNIT, l::TEXT),
            ("consent manager name", cc::CMP_NAME * BYTES_PER_UNIT, l::TEXT),
        ];
        for (what, cap, limit) in pairs {
            assert!(cap <= limit, "{what}: the shell keeps up to {cap}, the core reads up to {limit}");
        }
    }

    #[test]
    fn the_json_carries_the_schema_version_the_core_reads_and_keeps_the_caps_in_order() {
        let json: serde_json::Value = serde_json::from_str(&contract_json()).unwrap();
        assert_eq!(json["factsSchemaVersion"], serde_json::json!(FACTS_SCHEMA_VERSION));
        let text = contract_json();
        let at = |name: &str| text.find(&format!("\"{name}\":")).unwrap();
        // content.js reports cut lists in this order: most telling first.
        let order = [
            "forms",
            "inputs",
            "iframes",
            "scripts",
            "stylesheets",
            "media",
            "resources",
            "links",
            "cookieNames",
            "metaCsp",
        ];
        assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
    }
}
