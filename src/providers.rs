//! Payment providers, by host. Their frames and scripts are where card data is safest, so
//! no concern ever counts them against a shop (a privacy tool that breaks checkout, or
//! blames a shop for using Stripe, helps nobody).
//!
//! Source: the provider hosts in ShopTrust's design reference (each provider's documented
//! hosted-fields and checkout hosts).

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

/// The payment provider serving this lower-case host, if any.
pub fn provider_for_host(host: &str) -> Option<&'static str> {
    PROVIDERS.iter().find_map(|&(name, pattern)| {
        let matches = if let Some(prefix) = pattern.strip_suffix('-') {
            host.starts_with(pattern) && host.ends_with(".adyen.com") && prefix.len() < host.len()
        } else {
            host == pattern || host.strip_suffix(pattern).is_some_and(|rest| rest.ends_with('.'))
        };
        matches.then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::provider_for_host;

    #[test]
    fn provider_hosts() {
        assert_eq!(provider_for_host("js.stripe.com"), Some("Stripe"));
        assert_eq!(provider_for_host("b.js.stripe.com"), Some("Stripe"));
        assert_eq!(provider_for_host("www.paypal.com"), Some("PayPal"));
        assert_eq!(provider_for_host("checkoutshopper-live.adyen.com"), Some("Adyen"));
        assert_eq!(provider_for_host("notpaypal.com"), None);
        assert_eq!(provider_for_host("stripe.com.evil.test"), None);
        assert_eq!(provider_for_host("checkoutshopper-live.adyen.com.evil.test"), None);
    }
}
