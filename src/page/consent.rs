//! What the content script reports about the page's consent banner (`facts.consent`), read
//! by the consent concern (`crate::consent`).

use serde::{Deserialize, Serialize};

use super::limits::{consent as limits, over_limit};

/// How autoconsent names what its heuristic found (`HEURISTIC-…`) rather than a consent
/// manager one of its rules knows: no known manager, so no "Reject for me". Read by the
/// collector through the contract (`consentCollector.heuristicCmpPrefix`).
pub const HEURISTIC_CMP_PREFIX: &str = "HEURISTIC";

/// How long after autoconsent detects a consent manager its banner may take to show: none
/// by then means a choice stored on an earlier visit (`crate::consent::observed`). The
/// collector reports again when it has passed (`consentCollector.popupWaitMs`).
pub const POPUP_WAIT_MS: u64 = 6_000;

/// What the collector saw of the page's consent banner. Times are milliseconds since the
/// epoch (the same clock as webRequest's `timeStamp`); 0 means "not seen".
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentFacts {
    /// autoconsent has finished looking (found a banner, or gave up). Until then an absent
    /// banner means "not seen yet", not "no banner".
    #[serde(default)]
    pub detection_done: bool,
    /// The autoconsent rule that recognised the consent manager (`Klaro`, `cookieconsent3`,
    /// `Onetrust` …), `HEURISTIC-…` for its heuristic, or empty.
    #[serde(default)]
    pub cmp: String,
    /// A banner was seen on screen at some point.
    #[serde(default)]
    pub banner_found: bool,
    /// It is on screen now.
    #[serde(default)]
    pub banner_showing: bool,
    #[serde(default)]
    pub banner_seen_at: f64,
    /// The collector's own verdict "the banner blocked the page", in facts saved before it
    /// sent the raw sizes in `blocking`; the core decides from those
    /// (`crate::consent::observed::modal`).
    #[serde(default)]
    pub modal: bool,
    /// Sizes of the banner and the window when the banner was first seen (absent in facts
    /// saved before the collector sent them).
    #[serde(default)]
    pub blocking: Option<BlockingObservation>,
    /// The page could not be scrolled while the banner was up.
    #[serde(default)]
    pub scroll_locked: bool,
    /// Who first found the banner: `rule` (autoconsent), `detector` (ShopTrust's generic
    /// detector, in the page or its open shadow roots), `frame` (the same in a sub-frame), or
    /// empty. Tells how a banner was found; the judgement does not depend on it.
    #[serde(default)]
    pub found_by: String,
    /// The banner's text when first seen (clipped by the collector).
    #[serde(default)]
    pub text: String,
    /// Buttons on the banner's first layer when first seen.
    #[serde(default)]
    pub buttons: Vec<ConsentButton>,
    /// Purpose checkboxes and toggles anywhere in the consent UI when first seen, before
    /// the shopper touched any.
    #[serde(default)]
    pub purposes: Vec<ConsentPurpose>,
    /// The collector's own verdict "the consent manager is there but showed no banner" (the
    /// shopper chose on an earlier visit), in facts saved before it sent the raw times below;
    /// the core decides from those (`crate::consent::observed::already_chosen`).
    #[serde(default)]
    pub already_chosen: bool,
    /// Likewise "after that, the banner appeared following a click of the shopper's: they
    /// reopened it over the stored choice" (`crate::consent::observed::reopened`).
    #[serde(default)]
    pub reopened: bool,
    /// When autoconsent detected the consent manager: the detection whose wait for the banner
    /// (`POPUP_WAIT_MS`) ran out first, or the latest while none has.
    #[serde(default)]
    pub cmp_detected_at: f64,
    /// When autoconsent first reported the manager's banner open.
    #[serde(default)]
    pub popup_found_at: f64,
    /// The shopper's last click anywhere on the page (trusted clicks only) before the banner
    /// was first seen.
    #[serde(default)]
    pub clicked_at: f64,
    /// When the collector handed over these facts.
    #[serde(default)]
    pub collected_at: f64,
    /// Clicks on the consent UI, by the shopper (trusted clicks only) or by ShopTrust's
    /// "Reject for me", in order.
    #[serde(default)]
    pub choices: Vec<ConsentChoice>,
    /// Cookie names when the collector started, before the shopper could answer on this
    /// page: a consent manager's answer cookie among them was stored on an earlier visit.
    #[serde(default)]
    pub cookies_at_load: Vec<String>,
    /// Cookie names at the moment of the first answer: what was set before it.
    #[serde(default)]
    pub cookies_at_answer: Vec<String>,
    #[serde(default)]
    pub tcf: Option<TcfSignal>,
    #[serde(default)]
    pub gpp: Option<GppSignal>,
}

/// What the collector measured, when the banner was first seen, to tell whether it blocked
/// the page. Areas in square CSS pixels.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockingObservation {
    /// The banner is, or holds, a native `<dialog>` open as modal (`dialog:modal`).
    #[serde(default)]
    pub dialog_modal: bool,
    /// The window (`innerWidth`, `innerHeight`).
    #[serde(default)]
    pub viewport_width: f64,
    #[serde(default)]
    pub viewport_height: f64,
    /// The banner's own box, when it is visible and takes clicks (`pointer-events` not
    /// `none`); absent otherwise.
    #[serde(default)]
    pub banner_area: Option<f64>,
    /// The largest visible `position: fixed` element taking clicks among the banner's
    /// container and its first descendants; absent when there is none.
    #[serde(default)]
    pub largest_fixed_area: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentButton {
    #[serde(default)]
    pub label: String,
    /// Rendered size in CSS pixels.
    #[serde(default)]
    pub width: f64,
    #[serde(default)]
    pub height: f64,
    #[serde(default)]
    pub font_size: f64,
    /// The collector's own verdict "has a visible background", in facts saved before it sent
    /// the raw styles below; the core decides from those when they are there
    /// (`crate::consent::looks`).
    #[serde(default)]
    pub filled: bool,
    /// Likewise "has a visible border".
    #[serde(default)]
    pub bordered: bool,
    /// Computed `background-color` (`rgb(…)` / `rgba(…)`).
    #[serde(default)]
    pub background_color: String,
    /// Computed `background-image` is not `none` (a gradient or picture).
    #[serde(default)]
    pub background_image: bool,
    /// Computed top border: width in CSS pixels, style, colour.
    #[serde(default)]
    pub border_width: f64,
    #[serde(default)]
    pub border_style: String,
    #[serde(default)]
    pub border_color: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentPurpose {
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub checked: bool,
    /// Cannot be changed (the "strictly necessary" purpose is usually shown on and locked).
    #[serde(default)]
    pub disabled: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentChoice {
    /// `shopper` or `shoptrust`.
    #[serde(default)]
    pub by: String,
    /// The clicked button's label; for ShopTrust, autoconsent's opt-out.
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub at: f64,
    /// Purposes switched on and off at the moment of the click (for "Save my choices").
    #[serde(default)]
    pub purposes_on: u32,
    #[serde(default)]
    pub purposes_off: u32,
    /// For ShopTrust's opt-out: whether autoconsent reported success.
    #[serde(default)]
    pub succeeded: Option<bool>,
}

/// The page's IAB TCF v2 signal (`__tcfapi`), summarised.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TcfSignal {
    #[serde(default)]
    pub cmp_id: u32,
    /// `tcloaded` (a choice was stored earlier), `cmpuishown`, `useractioncomplete`.
    #[serde(default)]
    pub event_status: String,
    #[serde(default)]
    pub gdpr_applies: Option<bool>,
    /// Purposes the signal says were consented to.
    #[serde(default)]
    pub purpose_consents: Vec<u32>,
    #[serde(default)]
    pub vendor_consents: u32,
    /// The CMP said `tcloaded` on this page at some point: it loaded a choice stored on an
    /// earlier visit, even if the shopper has reopened the banner since (`cmpuishown` again,
    /// showing that stored choice).
    #[serde(default)]
    pub loaded_with_choice: bool,
}

impl GppSignal {
    /// GPP section ids of opt-in consent frameworks: 2 = EU TCF v2, 5 = Canadian TCF.
    const CONSENT_SECTIONS: [i32; 2] = [2, 5];

    pub fn asks_for_consent(&self) -> bool {
        self.applicable_sections.iter().any(|s| Self::CONSENT_SECTIONS.contains(s))
    }
}

/// The page's IAB GPP signal (`__gpp`), summarised.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GppSignal {
    #[serde(default)]
    pub cmp_id: u32,
    #[serde(default)]
    pub signal_status: String,
    #[serde(default)]
    pub applicable_sections: Vec<i32>,
}

impl ConsentFacts {
    /// Why these facts are beyond what the core reads, if they are.
    pub fn limit_violation(&self) -> Option<String> {
        let tcf_ids = self.tcf.as_ref().map_or(0, |t| t.purpose_consents.len());
        let gpp_ids = self.gpp.as_ref().map_or(0, |g| g.applicable_sections.len());
        let counts = [
            ("consent.buttons", self.buttons.len(), limits::BUTTONS),
            ("consent.purposes", self.purposes.len(), limits::PURPOSES),
            ("consent.choices", self.choices.len(), limits::CHOICES),
            ("consent.cookiesAtLoad", self.cookies_at_load.len(), limits::COOKIES),
            ("consent.cookiesAtAnswer", self.cookies_at_answer.len(), limits::COOKIES),
            ("consent.tcf.purposeConsents", tcf_ids, limits::PURPOSE_IDS),
            ("consent.gpp.applicableSections", gpp_ids, limits::PURPOSE_IDS),
        ];
        if let Some(why) = over_limit(&counts) {
            return Some(why);
        }
        let texts = std::iter::once(&self.text)
            .chain(std::iter::once(&self.cmp))
            .chain(std::iter::once(&self.found_by))
            .chain(self.buttons.iter().flat_map(|b| [&b.label, &b.background_color, &b.border_style, &b.border_color]))
            .chain(self.purposes.iter().map(|p| &p.label))
            .chain(self.choices.iter().map(|c| &c.label));
        if let Some(long) = texts.into_iter().find(|t| t.len() > limits::TEXT) {
            return Some(format!("a consent banner text is {} bytes long", long.len()));
        }
        None
    }

    /// Anything that says this page asks for consent: a banner, a recognised consent
    /// manager, or an IAB signal of a consent regime. A GPP signal counts only with an
    /// opt-in section (EU or Canadian TCF): the US sections describe opt-out rights, so a
    /// US shop exposing `__gpp` has not put a consent question to the shopper.
    pub fn consent_ui_present(&self) -> bool {
        self.banner_found
            || !self.cmp.is_empty()
            || self.tcf.is_some()
            || self.gpp.as_ref().is_some_and(GppSignal::asks_for_consent)
    }
}
