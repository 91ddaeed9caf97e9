//! Payment providers, by host. Their frames and scripts are where card data is safest, so
//! no concern ever counts them against a shop (a privacy tool that breaks checkout, or
//! blames a shop for using Stripe, helps nobody).
//!
//! Source: the provider hosts in ShopTrust's design reference (each provider's documented
//! hosted-fields and checkout hosts).

use crate::site::on_host;

/// (provider, host suffix). A host matches the suffix itself or any subdomain of it;
/// entries ending in `-` match any host that starts with the label prefix (Adyen's
/// `checkoutshopper-live.adyen.com`).
const PROVIDERS: &[(&str, &str)] = &[
    ("Stripe", "js.stripe.com"),
    ("Stripe", "hooks.stripe.com"),
    ("Stripe", "checkout.stripe.com"),
    ("Stripe", "m.stripe.network"),
    ("Braintree", "assets.braintreegateway.com"),
    ("Adyen", "checkoutshopper-"),
    ("PayPal", "paypal.com"),
    ("PayPal", "paypalobjects.com"),
    ("Square", "web.squarecdn.com"),
    ("Square", "pci-connect.squareup.com"),
    ("Checkout.com", "js.checkout.com"),
    ("Klarna", "klarna.com"),
    ("Klarna", "x.klarnacdn.net"),
    ("Shopify", "checkout.pci.shopifyinc.com"),
];

/// 3-D Secure servers and card issuers' access control servers (ACS): the bank's own
/// check that pops up in a frame during payment. (operator, host suffix). Banks run
/// their ACS on their own hosts too, so [`is_three_d_secure_frame`] also reads the
/// URL's shape; this table names the big shared services.
const THREE_D_SECURE: &[(&str, &str)] = &[
    ("3-D Secure (Cardinal Commerce, Visa)", "cardinalcommerce.com"),
    ("3-D Secure (Broadcom Arcot)", "arcot.com"),
    ("3-D Secure (Worldline)", "wlp-acs.com"),
    ("3-D Secure (Modirum)", "modirum.com"),
    ("3-D Secure (3dsecure.io)", "3dsecure.io"),
    ("3-D Secure (Netcetera)", "netcetera-cloud-payment.ch"),
];

/// The payment provider (or 3-D Secure service) serving this lower-case host, if any.
pub fn provider_for_host(host: &str) -> Option<&'static str> {
    card_provider_for_host(host)
        .or_else(|| THREE_D_SECURE.iter().find_map(|&(name, suffix)| on_host(host, suffix).then_some(name)))
}

/// Whether a frame is a 3-D Secure step: a known 3-D Secure service, or a URL shaped like
/// an issuer's access control server (`acs.bank.example`, `…/3ds/…`, `…/threeds2/…`,
/// a `creq` challenge request). Such a frame is the bank talking to its customer: never
/// a third party to hold against the shop.
pub fn is_three_d_secure_frame(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else { return false };
    let Some(host) = parsed.host_str() else { return false };
    let host = host.to_ascii_lowercase();
    if THREE_D_SECURE.iter().any(|&(_, suffix)| on_host(&host, suffix)) {
        return true;
    }
    let first_label = host.split('.').next().unwrap_or("");
    let host_says = first_label == "acs"
        || first_label.starts_with("acs-")
        || first_label.starts_with("acs1")
        || first_label.starts_with("acs2")
        || host.split('.').any(|l| l == "3ds" || l == "3dsecure" || l == "threeds" || l == "3ds2");
    let path = parsed.path().to_ascii_lowercase();
    let path_says = path.split('/').any(|segment| {
        matches!(segment, "3ds" | "3ds2" | "3dsecure" | "3d_secure" | "3d-secure" | "threeds" | "threeds2" | "acs")
    });
    let query_says = parsed
        .query_pairs()
        .any(|(k, _)| k.eq_ignore_ascii_case("creq") || k.eq_ignore_ascii_case("threeDSSessionData"));
    host_says || path_says || query_says
}

/// The registrable domains the providers above run on. Their APIs live on other hosts of
/// the same sites (`api.stripe.com`, `api-m.paypal.com`): code that sends there is talking
/// to the provider, not to a stranger.
const PROVIDER_SITES: &[&str] = &[
    "stripe.com",
    "stripe.network",
    "braintreegateway.com",
    "braintree-api.com",
    "adyen.com",
    "paypal.com",
    "paypalobjects.com",
    "squarecdn.com",
    "squareup.com",
    "checkout.com",
    "klarna.com",
    "klarnacdn.net",
    "shopifyinc.com",
];

/// The payment party a request goes to: a provider by host, or a 3-D Secure step by
/// the shape of its URL (an issuer's own ACS host). What no concern counts against a shop.
pub fn provider_for_request(url: &str, host: &str) -> Option<&'static str> {
    provider_for_host(host).or_else(|| is_three_d_secure_frame(url).then_some("3-D Secure (card issuer)"))
}

/// Whether a lower-case host belongs to a payment provider's site (any of its hosts).
pub fn is_provider_site(host: &str) -> bool {
    provider_for_host(host).is_some() || PROVIDER_SITES.iter().any(|site| on_host(host, site))
}

/// The payment provider whose hosted card fields or checkout this host serves.
pub fn card_provider_for_host(host: &str) -> Option<&'static str> {
    PROVIDERS.iter().find_map(|&(name, pattern)| {
        // The one label-prefix entry is Adyen's, and only on Adyen's own domain.
        let matches = if pattern.ends_with('-') {
            host.starts_with(pattern) && host.ends_with(".adyen.com")
        } else {
            on_host(host, pattern)
        };
        matches.then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_hosts() {
        assert_eq!(provider_for_host("js.stripe.com"), Some("Stripe"));
        assert_eq!(provider_for_host("b.js.stripe.com"), Some("Stripe"));
        assert_eq!(provider_for_host("www.paypal.com"), Some("PayPal"));
        assert_eq!(provider_for_host("checkoutshopper-live.adyen.com"), Some("Adyen"));
        assert_eq!(provider_for_host("notpaypal.com"), None);
        assert_eq!(provider_for_host("stripe.com.evil.test"), None);
        assert_eq!(provider_for_host("checkoutshopper-live.adyen.com.evil.test"), None);
        assert_eq!(provider_for_host("centinelapi.cardinalcommerce.com"), Some("3-D Secure (Cardinal Commerce, Visa)"));
        assert_eq!(card_provider_for_host("centinelapi.cardinalcommerce.com"), None);
        assert!(is_provider_site("api.stripe.com"));
        assert!(!is_provider_site("stripe.com.evil.example"));
        assert!(!is_provider_site("notstripe.com"));
    }

    #[test]
    fn three_d_secure_frames() {
        for url in [
            "https://centinelapi.cardinalcommerce.com/V2/Cruise/StepUp",
            "https://acs.mybank.example/challenge?x=1",
            "https://secure.bank.example/3ds2/challenge",
            "https://pay.bank.example/auth?creq=eyJ0",
            "https://hooks.stripe.com/3d_secure/authenticate",
        ] {
            assert!(is_three_d_secure_frame(url), "{url}");
        }
        for url in [
            "https://js.stripe.com/v3/elements-inner-card.html",
            "https://www.youtube.com/embed/xyz",
            "https://academy.example/acsess",
            "https://shop.example/challenge",
            "not a url",
        ] {
            assert!(!is_three_d_secure_frame(url), "{url}");
        }
    }
}
