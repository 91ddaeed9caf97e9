//! Consent: which cookie banner a shop shows, whether saying no is as easy as saying yes,
//! whether the shop tracks before anyone has chosen, and whether it keeps tracking after
//! the shopper said no.
//!
//! * [`ConsentFacts`]: what the content script saw of the banner (found with DuckDuckGo's
//!   `@duckduckgo/autoconsent` rules and heuristic, plus the page's IAB TCF / GPP signals read
//!   in the page's main world) and when the shopper or ShopTrust answered it. Labels are the
//!   page's own text: every judgement on them is made here, in [`labels`].
//! * [`judge`] runs the rules in four steps: [`history`] (the choice timeline: first and last
//!   answer, a choice stored on an earlier visit), [`fairness`] (Nouwens et al. 2020: reject
//!   on the first layer, as visible as accept, nothing pre-ticked, no cookie wall), [`timing`]
//!   (Matte et al. 2020: tracking before any choice, choice not respected, on the requests'
//!   time stamps) and [`summary`] (what the popup shows besides the findings).

pub mod fairness;
pub mod history;
pub mod judge;
pub mod labels;
pub mod looks;
pub mod observed;
pub mod stored;
pub mod summary;
pub mod timing;

// The facts this concern reads live in the page model, the bounds with every other bound.
pub use crate::page::consent::{ConsentButton, ConsentChoice, ConsentFacts, ConsentPurpose, GppSignal, TcfSignal};
pub use crate::page::limits::consent as limits;
pub use crate::report::consent::{ConsentCheck, ConsentSummary, FirstLayerButton};

/// Evidence lines per finding, beyond which the rest are summarised.
const MAX_EVIDENCE: usize = 12;
