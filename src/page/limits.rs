//! Every bound the core accepts on what the shell sends, in one place. The collector's own
//! caps sit below these; anything over them is refused (an unknown report naming the list),
//! so a hostile or buggy producer cannot make the worker spend unbounded time.
//!
//! Plain `pub const`s: other modules (and the contract the JS side reads) refer to them.

pub const FORMS: usize = 500;
pub const INPUTS: usize = 10_000;
pub const IFRAMES: usize = 1_000;
pub const SCRIPTS: usize = 2_000;
pub const STYLESHEETS: usize = 1_000;
pub const MEDIA: usize = 5_000;
pub const RESOURCES: usize = 5_000;
pub const LINKS: usize = 5_000;
pub const COOKIES: usize = 1_000;
pub const META_CSP: usize = 20;
/// Sub-frames whose facts are sent beside the top frame's.
pub const FRAMES: usize = 50;
pub const HEADERS: usize = 500;
pub const REQUESTS: usize = 10_000;
/// Longest string (URL, label, header value) the core reads, in bytes.
pub const TEXT: usize = 16_384;

/// Bounds on [`super::ConsentFacts`] (`facts.consent`).
pub mod consent {
    pub const BUTTONS: usize = 100;
    pub const PURPOSES: usize = 200;
    pub const CHOICES: usize = 50;
    pub const COOKIES: usize = super::COOKIES;
    pub const PURPOSE_IDS: usize = 64;
    /// Longest banner text, label or name the core reads, in bytes.
    pub const TEXT: usize = 4_096;
}

/// Bounds on [`super::PaymentFacts`] (`facts.payment`).
pub mod payment {
    /// Elements that may be wallet or redirect buttons.
    pub const WALLET_CANDIDATES: usize = 500;
    /// Inline scripts whose text is sent.
    pub const INLINE_SCRIPT_TEXTS: usize = 200;
    /// Bytes of one inline script's text the core reads.
    pub const INLINE_SCRIPT_TEXT: usize = 131_072;
    /// Bytes of inline script text in all.
    pub const INLINE_SCRIPT_TEXT_TOTAL: usize = 1_048_576;
}

/// The first list longer than its bound, said the way every unknown report says it:
/// `(list name as sent, entries, bound)` in, "forms has 501 entries, more than the 500 the
/// core reads" out.
pub fn over_limit(counts: &[(&str, usize, usize)]) -> Option<String> {
    counts
        .iter()
        .find(|(_, n, max)| n > max)
        .map(|(list, n, max)| format!("{list} has {n} entries, more than the {max} the core reads"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_first_list_over_its_bound() {
        assert_eq!(
            over_limit(&[("a", 1, 1), ("b", 3, 2), ("c", 9, 1)]).as_deref(),
            Some("b has 3 entries, more than the 2 the core reads")
        );
    }

    #[test]
    fn at_the_bound_is_within_it() {
        assert_eq!(over_limit(&[("a", 5, 5), ("b", 0, 0)]), None);
    }
}
