//! What the content script collects for the payment concern only (`facts.payment`), read by
//! `crate::payment`.

use serde::{Deserialize, Serialize};

use super::limits::{over_limit, payment as limits};

/// What the content script collects for this concern only (`facts.payment`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentFacts {
    /// Buttons, links and elements whose tag, text or attributes may name a wallet or
    /// redirect payment (PayPal, Apple Pay, Google Pay, Klarna). The core decides which.
    #[serde(default)]
    pub wallet_candidates: Vec<WalletCandidate>,
    /// The text of inline scripts, each cut at the collector's cap, in document order.
    /// Bounded per script and in total; cuts are listed in `truncated`.
    #[serde(default)]
    pub inline_script_texts: Vec<InlineScriptText>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletCandidate {
    /// Lower-case tag name (`button`, `a`, `div`, `apple-pay-button` …).
    #[serde(default)]
    pub tag: String,
    /// Visible text (or `value` / `alt`), clipped.
    #[serde(default)]
    pub text: String,
    /// `id`, `class`, `aria-label`, `title`, `name`, `data-*` names, clipped: where shops
    /// and provider SDKs name their buttons.
    #[serde(default)]
    pub hint: String,
    /// Resolved `href` for links, else empty.
    #[serde(default)]
    pub href: String,
    #[serde(default)]
    pub visible: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InlineScriptText {
    /// The script's text, possibly cut (see `bytes`).
    #[serde(default)]
    pub text: String,
    /// The script's full size in UTF-8 bytes.
    #[serde(default)]
    pub bytes: u64,
    /// The element carries a CSP nonce.
    #[serde(default)]
    pub nonce: bool,
}

impl PaymentFacts {
    pub fn limit_violation(&self) -> Option<String> {
        let counts = [
            ("payment.walletCandidates", self.wallet_candidates.len(), limits::WALLET_CANDIDATES),
            ("payment.inlineScriptTexts", self.inline_script_texts.len(), limits::INLINE_SCRIPT_TEXTS),
        ];
        if let Some(why) = over_limit(&counts) {
            return Some(why);
        }
        let mut total = 0usize;
        for script in &self.inline_script_texts {
            if script.text.len() > limits::INLINE_SCRIPT_TEXT {
                return Some(format!("an inline script text is {} bytes long", script.text.len()));
            }
            total += script.text.len();
        }
        if total > limits::INLINE_SCRIPT_TEXT_TOTAL {
            return Some(format!("inline script texts add up to {total} bytes"));
        }
        let long_text = self
            .wallet_candidates
            .iter()
            .any(|w| [&w.tag, &w.text, &w.hint, &w.href].iter().any(|s| s.len() > super::limits::TEXT));
        long_text.then(|| "a wallet candidate has an over-long attribute".to_string())
    }
}
