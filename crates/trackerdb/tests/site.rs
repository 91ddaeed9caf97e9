//! First vs third party on the Public Suffix List: public and private suffixes, IP
//! addresses, localhost, internationalised names.

use trackerdb::site::{host_of, is_ip, same_site, site_of};

fn site(url: &str) -> String {
    site_of(&host_of(url).expect("host")).to_string()
}

#[test]
fn registrable_domain_under_public_suffixes() {
    assert_eq!(site("https://cdn.shop.co.uk/a.js"), "shop.co.uk");
    assert_eq!(site("https://www.shop.co.uk/"), "shop.co.uk");
    assert_eq!(site("https://a.b.example.com/"), "example.com");
    assert_eq!(site("https://shop.com.au/"), "shop.com.au");
    assert_eq!(same_site("https://cdn.shop.co.uk/x.js", "https://www.shop.co.uk/"), Some(true));
    // Not "the last two labels": co.uk is a suffix, so these are different sites.
    assert_eq!(same_site("https://a.co.uk/", "https://b.co.uk/"), Some(false));
}

#[test]
fn private_suffixes_make_separate_sites() {
    assert_eq!(site("https://a.myshopify.com/"), "a.myshopify.com");
    assert_eq!(same_site("https://a.myshopify.com/", "https://b.myshopify.com/"), Some(false));
    assert_eq!(same_site("https://x.github.io/", "https://y.github.io/"), Some(false));
    assert_eq!(same_site("https://cdn.a.myshopify.com/", "https://a.myshopify.com/"), Some(true));
}

#[test]
fn ip_addresses_and_localhost_are_their_own_site() {
    assert!(is_ip("127.0.0.1"));
    assert!(is_ip("::1"));
    assert!(!is_ip("1.2.3"));
    // A dotted quad is four non-empty parts of at most three digits; anything with a ':' is
    // an IPv6 literal.
    assert!(is_ip("10.0.0.255"));
    assert!(is_ip("fe80::1%25eth0"));
    for not_ip in ["", "1.2.3.4.5", "1..3.4", ".1.2.3", "1.2.3.4.", "1234.1.1.1", "1.2.3.a", "a.b.c.d", "shop.example"]
    {
        assert!(!is_ip(not_ip), "{not_ip}");
    }
    assert_eq!(site("http://127.0.0.1:8080/x"), "127.0.0.1");
    assert_eq!(site("http://[::1]:80/"), "::1");
    assert_eq!(site("http://[2001:db8::1]/"), "2001:db8::1");
    assert_eq!(same_site("http://10.0.0.1/", "http://10.0.0.2/"), Some(false));
    assert_eq!(site("http://localhost:3000/"), "localhost");
    assert_eq!(same_site("http://localhost:3000/", "http://localhost:8080/"), Some(true));
}

#[test]
fn host_extraction_handles_userinfo_port_case_and_trailing_dot() {
    assert_eq!(host_of("https://User:pw@WWW.Shop.co.uk:8443/x?y#z").as_deref(), Some("www.shop.co.uk"));
    assert_eq!(host_of("https://www.example.com./").as_deref(), Some("www.example.com"));
    assert_eq!(host_of("https://a.example?x=1").as_deref(), Some("a.example"));
    assert_eq!(host_of("about:blank"), None);
    assert_eq!(host_of("http://"), None);
    // The host follows the last '@'; a ':' in the user info is not a port.
    assert_eq!(host_of("https://a:b@c:d@host.example:8080/p@q").as_deref(), Some("host.example"));
    assert_eq!(host_of("https://host.example\\evil.example/").as_deref(), Some("host.example"));
    assert_eq!(host_of("wss://Live.Example:443/socket").as_deref(), Some("live.example"));
    assert_eq!(host_of("https://[2001:db8::1]:8443/").as_deref(), Some("2001:db8::1"));
    assert_eq!(host_of("data:image/png;base64,xx"), None);
}

#[test]
fn internationalised_names_become_punycode() {
    assert_eq!(host_of("https://münchen.de/").as_deref(), Some("xn--mnchen-3ya.de"));
    assert_eq!(site("https://shop.münchen.de/"), "xn--mnchen-3ya.de");
    assert_eq!(same_site("https://xn--mnchen-3ya.de/", "https://www.münchen.de/"), Some(true));
}
