//! The page model: the single contract between the JS shell and the core.
//!
//! `extension/content.js` builds [`PageFacts`] from the DOM; `extension/background.js`
//! adds what only the browser's network layer sees ([`MainDocument`], [`ObservedRequest`])
//! and hands the whole [`Page`] to [`crate::evaluate`]. Field names are camelCase on the
//! wire because the producer is JavaScript.
//!
//! Every list is bounded twice: the collector caps it (and says so in `truncated`), and
//! the core refuses anything over [`limits`] so a hostile or buggy producer cannot make
//! the worker spend unbounded time.

use serde::{Deserialize, Serialize};

pub mod consent;
pub mod limits;
pub mod payment;
pub mod typed;

pub use consent::ConsentFacts;
pub use limits::over_limit;
pub use payment::PaymentFacts;

/// Bumped whenever a field changes meaning; the core refuses facts of another version.
pub const FACTS_SCHEMA_VERSION: u32 = 1;

/// Everything the core is given about one page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// What the content script saw. `None` when it could not run (browser pages,
    /// the Web Store, `file:`) or has not reported yet.
    #[serde(default)]
    pub facts: Option<PageFacts>,
    /// The top-level document's response as seen by `webRequest`; `None` when it was
    /// not observed (e.g. the worker started after the page loaded).
    #[serde(default)]
    pub main_document: Option<MainDocument>,
    /// Requests the tab made, as seen by `webRequest` (observe-only).
    #[serde(default)]
    pub requests: Vec<ObservedRequest>,
    /// What the shopper typed into personal-data fields and the tab's requests to other
    /// sites with their bodies (issue 12). Handed in memory for one call and never written
    /// back out: a saved page or report cannot carry a typed value.
    #[serde(default, skip_serializing)]
    pub typed: Option<typed::TypedInputs>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageFacts {
    pub schema_version: u32,
    pub url: String,
    pub is_secure_context: bool,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub forms: Vec<FormFacts>,
    /// Inputs that belong to no form (many checkouts post with `fetch`).
    #[serde(default)]
    pub loose_inputs: Vec<InputFacts>,
    #[serde(default)]
    pub iframes: Vec<IframeFacts>,
    #[serde(default)]
    pub scripts: Vec<ScriptFacts>,
    #[serde(default)]
    pub inline_scripts: InlineScripts,
    #[serde(default)]
    pub stylesheets: Vec<StylesheetFacts>,
    /// `img`, `video`, `audio`, `source` elements with a URL.
    #[serde(default)]
    pub media: Vec<MediaFacts>,
    /// Resource Timing entries.
    #[serde(default)]
    pub resources: Vec<ResourceFacts>,
    /// Contents of `<meta http-equiv="Content-Security-Policy">`.
    #[serde(default)]
    pub meta_csp: Vec<String>,
    #[serde(default)]
    pub links: Vec<LinkFacts>,
    #[serde(default)]
    pub cookie_names: Vec<String>,
    /// Lists the collector cut short, and how much it saw.
    #[serde(default)]
    pub truncated: Vec<Truncation>,
    /// The collector ran out of its time budget before finishing.
    #[serde(default)]
    pub timed_out: bool,
    /// How long the collector took, in milliseconds (for benchmarks; not judged).
    #[serde(default)]
    pub collection_ms: f64,
    /// The consent banner and what the shopper (or ShopTrust) answered; `None` when the
    /// collector did not look (older collectors), so the consent concern is not judged.
    #[serde(default)]
    pub consent: Option<ConsentFacts>,
    /// What only the payment concern reads: wallet buttons, inline script text.
    #[serde(default)]
    pub payment: PaymentFacts,
    /// The facts of the page's sub-frames, each read by the content script in that frame
    /// and judged with its own URL: a card form in a same-site frame is the shop's card
    /// form. Flat (frames of frames are listed here too, never nested).
    #[serde(default)]
    pub frames: Vec<PageFacts>,
    /// Elements the collector skipped because reading them failed (an element of an
    /// unexpected kind, a getter the page broke): the rest of the page is still judged.
    #[serde(default)]
    pub read_failures: u32,
    /// Fields the collector knows exist but could not read.
    #[serde(default)]
    pub unseen: UnseenFields,
}

/// Signs of fields out of the collector's sight. They come from the page's own world
/// (where `attachShadow` and typing can be watched), so the page can forge them: they may
/// only make the page look worse, never better.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnseenFields {
    /// Closed shadow roots whose content the collector could not read.
    #[serde(default)]
    pub shadow_roots: u32,
    /// Card-like typing into elements the collector could not read.
    #[serde(default)]
    pub card_typing: u32,
}

impl UnseenFields {
    pub fn any(&self) -> bool {
        self.shadow_roots > 0 || self.card_typing > 0
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormFacts {
    /// The action resolved against the document URL (`form.action`).
    pub action: String,
    /// Lower-case `get` or `post` (`dialog` counts as not submitting anywhere).
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub inputs: Vec<InputFacts>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InputFacts {
    /// `input` type in lower case, or `select` / `textarea`.
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub autocomplete: String,
    /// Text of the associated `<label>` or `aria-label`.
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub placeholder: String,
    #[serde(default)]
    pub visible: bool,
    /// The `maxlength` attribute, when it is set (the input's shape: 3–4 for a security
    /// code, 16–23 for a card number).
    #[serde(default)]
    pub max_length: Option<u32>,
    /// The `inputmode` attribute in lower case (`numeric` on most card fields).
    #[serde(default)]
    pub inputmode: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IframeFacts {
    #[serde(default)]
    pub src: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub visible: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScriptFacts {
    #[serde(default)]
    pub src: String,
    #[serde(default)]
    pub integrity: String,
    #[serde(rename = "type", default)]
    pub kind: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InlineScripts {
    pub count: u32,
    pub total_bytes: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StylesheetFacts {
    pub href: String,
    #[serde(default)]
    pub integrity: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaFacts {
    pub tag: String,
    pub src: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceFacts {
    pub url: String,
    #[serde(default)]
    pub initiator_type: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkFacts {
    #[serde(default)]
    pub text: String,
    pub href: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Truncation {
    pub list: String,
    pub kept: u32,
    pub seen: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MainDocument {
    pub url: String,
    #[serde(default)]
    pub status_code: u16,
    #[serde(default)]
    pub headers: Vec<Header>,
}

impl MainDocument {
    /// All values of a header, matched case-insensitively as HTTP requires.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    pub name: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservedRequest {
    pub url: String,
    /// `webRequest` resource type: `main_frame`, `sub_frame`, `script`, `image`, …
    #[serde(rename = "type", default)]
    pub kind: String,
    /// When the browser first started this request (webRequest `timeStamp`, ms since the
    /// epoch); 0 when unknown. The consent concern compares it with the shopper's answer.
    #[serde(default)]
    pub at: f64,
    /// When the same request was last made again (repeats are not listed twice); 0: never.
    #[serde(default)]
    pub last_at: f64,
}

impl PageFacts {
    /// Why these facts cannot be judged, if they cannot: over a limit, or a field
    /// longer than any real page would produce.
    pub fn limit_violation(&self) -> Option<String> {
        let input_count: usize = self.forms.iter().map(|f| f.inputs.len()).sum::<usize>() + self.loose_inputs.len();
        let counts = [
            ("forms", self.forms.len(), limits::FORMS),
            ("inputs", input_count, limits::INPUTS),
            ("iframes", self.iframes.len(), limits::IFRAMES),
            ("scripts", self.scripts.len(), limits::SCRIPTS),
            ("stylesheets", self.stylesheets.len(), limits::STYLESHEETS),
            ("media", self.media.len(), limits::MEDIA),
            ("resources", self.resources.len(), limits::RESOURCES),
            ("links", self.links.len(), limits::LINKS),
            ("cookieNames", self.cookie_names.len(), limits::COOKIES),
            ("metaCsp", self.meta_csp.len(), limits::META_CSP),
        ];
        if let Some(why) = over_limit(&counts) {
            return Some(why);
        }
        if self.url.len() > limits::TEXT {
            return Some(format!("the page URL is {} bytes long", self.url.len()));
        }
        if let Some(why) = self.consent.as_ref().and_then(ConsentFacts::limit_violation) {
            return Some(why);
        }
        if let Some(why) = self.payment.limit_violation() {
            return Some(why);
        }
        if self.frames.len() > limits::FRAMES {
            return Some(format!(
                "frames has {} entries, more than the {} the core reads",
                self.frames.len(),
                limits::FRAMES
            ));
        }
        for frame in &self.frames {
            if !frame.frames.is_empty() {
                return Some("a frame's facts list frames of their own".to_string());
            }
            if let Some(why) = frame.limit_violation() {
                let url: String = frame.url.chars().take(200).collect();
                return Some(format!("frame {url}: {why}"));
            }
        }
        None
    }
}

impl Page {
    pub fn limit_violation(&self) -> Option<String> {
        if let Some(why) = over_limit(&[("requests", self.requests.len(), limits::REQUESTS)]) {
            return Some(why);
        }
        if let Some(doc) = &self.main_document {
            if doc.headers.len() > limits::HEADERS {
                return Some(format!("the page sent {} response headers", doc.headers.len()));
            }
        }
        self.facts.as_ref().and_then(PageFacts::limit_violation)
    }
}
