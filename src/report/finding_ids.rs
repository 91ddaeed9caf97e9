//! Every finding the core can report, in one table: its id (what tools outside the
//! repository key on), its concern and the severity it is born with. A finding can only be
//! made from an entry here ([`Finding::new`](super::Finding::new) takes a [`FindingKind`]),
//! and `tests/finding_table.rs` holds every entry to its messages in every locale of the
//! extension, whether or not a fixture produces it.
//!
//! Two findings take their severity from the page (`with_severity`): `connection.insecure-form`
//! is Low on a page that is itself HTTP, `tracking.many-companies` Medium from many companies.

use super::{Concern, Severity};

/// One kind of finding: its stable id, `concern.kebab-name`, and how bad it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindingKind {
    pub id: &'static str,
    pub concern: Concern,
    pub severity: Severity,
}

impl FindingKind {
    /// The stem of its message keys: `connection.http-page` → `connection_http_page`, whose
    /// messages are `…_title`, `…_why`, `…_tip` and `…_fix`.
    pub fn message_stem(&self) -> String {
        self.id.replace(['.', '-'], "_")
    }
}

const fn kind(id: &'static str, concern: Concern, severity: Severity) -> FindingKind {
    FindingKind { id, concern, severity }
}

// Connection
pub const CONNECTION_HTTP_PAGE: FindingKind = kind("connection.http-page", Concern::Connection, Severity::High);
pub const CONNECTION_HTTP_PAGE_SENSITIVE: FindingKind =
    kind("connection.http-page-sensitive", Concern::Connection, Severity::Critical);
pub const CONNECTION_INSECURE_FORM: FindingKind =
    kind("connection.insecure-form", Concern::Connection, Severity::Medium);
pub const CONNECTION_INSECURE_FORM_SENSITIVE: FindingKind =
    kind("connection.insecure-form-sensitive", Concern::Connection, Severity::Critical);
pub const CONNECTION_MIXED_ACTIVE: FindingKind = kind("connection.mixed-active", Concern::Connection, Severity::High);
pub const CONNECTION_MIXED_PASSIVE: FindingKind = kind("connection.mixed-passive", Concern::Connection, Severity::Low);
pub const CONNECTION_HSTS_MISSING: FindingKind = kind("connection.hsts-missing", Concern::Connection, Severity::Medium);
pub const CONNECTION_HSTS_SHORT: FindingKind = kind("connection.hsts-short", Concern::Connection, Severity::Low);
pub const CONNECTION_CSP_MISSING: FindingKind = kind("connection.csp-missing", Concern::Connection, Severity::Low);
// Tracking
pub const TRACKING_SESSION_REPLAY: FindingKind = kind("tracking.session-replay", Concern::Tracking, Severity::High);
pub const TRACKING_SESSION_REPLAY_SENSITIVE: FindingKind =
    kind("tracking.session-replay-sensitive", Concern::Tracking, Severity::Critical);
pub const TRACKING_ADVERTISING: FindingKind = kind("tracking.advertising", Concern::Tracking, Severity::Medium);
pub const TRACKING_ANALYTICS: FindingKind = kind("tracking.analytics", Concern::Tracking, Severity::Low);
pub const TRACKING_SOCIAL_MEDIA: FindingKind = kind("tracking.social-media", Concern::Tracking, Severity::Low);
pub const TRACKING_MANY_COMPANIES: FindingKind = kind("tracking.many-companies", Concern::Tracking, Severity::Low);
pub const TRACKING_ON_PAYMENT_PAGE: FindingKind = kind("tracking.on-payment-page", Concern::Tracking, Severity::Medium);
pub const TRACKING_COOKIES: FindingKind = kind("tracking.cookies", Concern::Tracking, Severity::Low);
pub const TRACKING_UNKNOWN_THIRD_PARTIES: FindingKind =
    kind("tracking.unknown-third-parties", Concern::Tracking, Severity::Info);
// Consent
pub const CONSENT_NO_REJECT_FIRST_LAYER: FindingKind =
    kind("consent.no-reject-first-layer", Concern::Consent, Severity::Medium);
pub const CONSENT_REJECT_LESS_VISIBLE: FindingKind =
    kind("consent.reject-less-visible", Concern::Consent, Severity::Low);
pub const CONSENT_PRE_TICKED: FindingKind = kind("consent.pre-ticked", Concern::Consent, Severity::Medium);
pub const CONSENT_COOKIE_WALL: FindingKind = kind("consent.cookie-wall", Concern::Consent, Severity::High);
pub const CONSENT_TRACKING_BEFORE_CONSENT: FindingKind =
    kind("consent.tracking-before-consent", Concern::Consent, Severity::High);
pub const CONSENT_NO_BANNER: FindingKind = kind("consent.no-banner", Concern::Consent, Severity::High);
pub const CONSENT_CHOICE_IGNORED: FindingKind = kind("consent.choice-ignored", Concern::Consent, Severity::High);
// Payment
pub const PAYMENT_CARD_SENT_UNENCRYPTED: FindingKind =
    kind("payment.card-sent-unencrypted", Concern::Payment, Severity::Critical);
pub const PAYMENT_CARD_FORM_THIRD_PARTY: FindingKind =
    kind("payment.card-form-third-party", Concern::Payment, Severity::High);
pub const PAYMENT_CARD_FORM_GET: FindingKind = kind("payment.card-form-get", Concern::Payment, Severity::High);
pub const PAYMENT_CARD_FIELDS_IN_PAGE: FindingKind =
    kind("payment.card-fields-in-page", Concern::Payment, Severity::Medium);
pub const PAYMENT_SESSION_REPLAY_CARD_FIELDS: FindingKind =
    kind("payment.session-replay-card-fields", Concern::Payment, Severity::Critical);
pub const PAYMENT_TRACKERS_CARD_FIELDS: FindingKind =
    kind("payment.trackers-card-fields", Concern::Payment, Severity::High);
pub const PAYMENT_THIRD_PARTY_SCRIPTS_WITHOUT_INTEGRITY: FindingKind =
    kind("payment.third-party-scripts-without-integrity", Concern::Payment, Severity::High);
pub const PAYMENT_THIRD_PARTY_SCRIPTS: FindingKind =
    kind("payment.third-party-scripts", Concern::Payment, Severity::Info);
pub const PAYMENT_SCRIPTS_WITHOUT_INTEGRITY: FindingKind =
    kind("payment.scripts-without-integrity", Concern::Payment, Severity::Low);
pub const PAYMENT_CSP_MISSING: FindingKind = kind("payment.csp-missing", Concern::Payment, Severity::Medium);
pub const PAYMENT_CSP_WEAK: FindingKind = kind("payment.csp-weak", Concern::Payment, Severity::Medium);
pub const PAYMENT_SUSPICIOUS_SCRIPT: FindingKind = kind("payment.suspicious-script", Concern::Payment, Severity::High);
pub const PAYMENT_OBFUSCATED_SCRIPT: FindingKind =
    kind("payment.obfuscated-script", Concern::Payment, Severity::Medium);
pub const PAYMENT_SESSION_REPLAY: FindingKind = kind("payment.session-replay", Concern::Payment, Severity::Medium);
pub const PAYMENT_TRACKERS: FindingKind = kind("payment.trackers", Concern::Payment, Severity::Low);
// Data you type (issue 12)
pub const DATA_CARD_LEAK: FindingKind = kind("data.card-leak", Concern::Data, Severity::Critical);
pub const DATA_PASSWORD_LEAK: FindingKind = kind("data.password-leak", Concern::Data, Severity::Critical);
pub const DATA_BEFORE_SUBMIT: FindingKind = kind("data.before-submit", Concern::Data, Severity::High);
pub const DATA_AFTER_SUBMIT_TRACKER: FindingKind = kind("data.after-submit-tracker", Concern::Data, Severity::Medium);

/// The whole table, by concern.
pub const ALL: &[FindingKind] = &[
    CONNECTION_HTTP_PAGE,
    CONNECTION_HTTP_PAGE_SENSITIVE,
    CONNECTION_INSECURE_FORM,
    CONNECTION_INSECURE_FORM_SENSITIVE,
    CONNECTION_MIXED_ACTIVE,
    CONNECTION_MIXED_PASSIVE,
    CONNECTION_HSTS_MISSING,
    CONNECTION_HSTS_SHORT,
    CONNECTION_CSP_MISSING,
    TRACKING_SESSION_REPLAY,
    TRACKING_SESSION_REPLAY_SENSITIVE,
    TRACKING_ADVERTISING,
    TRACKING_ANALYTICS,
    TRACKING_SOCIAL_MEDIA,
    TRACKING_MANY_COMPANIES,
    TRACKING_ON_PAYMENT_PAGE,
    TRACKING_COOKIES,
    TRACKING_UNKNOWN_THIRD_PARTIES,
    CONSENT_NO_REJECT_FIRST_LAYER,
    CONSENT_REJECT_LESS_VISIBLE,
    CONSENT_PRE_TICKED,
    CONSENT_COOKIE_WALL,
    CONSENT_TRACKING_BEFORE_CONSENT,
    CONSENT_NO_BANNER,
    CONSENT_CHOICE_IGNORED,
    PAYMENT_CARD_SENT_UNENCRYPTED,
    PAYMENT_CARD_FORM_THIRD_PARTY,
    PAYMENT_CARD_FORM_GET,
    PAYMENT_CARD_FIELDS_IN_PAGE,
    PAYMENT_SESSION_REPLAY_CARD_FIELDS,
    PAYMENT_TRACKERS_CARD_FIELDS,
    PAYMENT_THIRD_PARTY_SCRIPTS_WITHOUT_INTEGRITY,
    PAYMENT_THIRD_PARTY_SCRIPTS,
    PAYMENT_SCRIPTS_WITHOUT_INTEGRITY,
    PAYMENT_CSP_MISSING,
    PAYMENT_CSP_WEAK,
    PAYMENT_SUSPICIOUS_SCRIPT,
    PAYMENT_OBFUSCATED_SCRIPT,
    PAYMENT_SESSION_REPLAY,
    PAYMENT_TRACKERS,
    DATA_CARD_LEAK,
    DATA_PASSWORD_LEAK,
    DATA_BEFORE_SUBMIT,
    DATA_AFTER_SUBMIT_TRACKER,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_named_after_their_concern() {
        let mut seen = std::collections::HashSet::new();
        for kind in ALL {
            assert!(seen.insert(kind.id), "{} is listed twice", kind.id);
            assert_eq!(kind.id.split('.').next(), Some(kind.concern.as_str()), "{}", kind.id);
        }
    }
}
