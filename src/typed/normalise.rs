//! From one typed value to the forms a tracker could send it in: the plain spellings
//! (as typed, trimmed, lower-cased, digits only…) and the normalised inputs the ad
//! platforms hash. Meta's advanced matching, TikTok's and Google's enhanced conversions
//! document the same normalisation: e-mail trimmed and lower-cased (Google also drops the
//! dots of a Gmail local part), phone as digits with the country code (Google and TikTok
//! with a leading `+`), names lower-cased without punctuation, postcodes lower-cased
//! without spaces, dates of birth as `YYYYMMDD`.
//!
//! A value too short to be told apart from ordinary URL text has no forms at all: an
//! e-mail needs an `@` and a dot after it, a phone 7 digits, a card number must pass the
//! Luhn check, anything else needs 4 characters. Plain spellings are held to the same
//! floor; only hash inputs may be shorter (a hash of "jo" does not turn up by chance).

use super::PersonalKind;

/// Shortest plain spelling searched for (other than digit strings, held to 7 digits).
pub const MIN_PLAIN_CHARS: usize = 4;
/// Shortest phone number, in digits.
pub const MIN_PHONE_DIGITS: usize = 7;

/// The spellings of one value that are searched for, before encoding.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Forms {
    /// Sent as text (and then percent-, form-, JSON- or base64-encoded).
    pub plain: Vec<String>,
    /// Hashed (MD5, SHA-1, SHA-256) as the ad platforms normalise before hashing.
    pub hashed: Vec<String>,
}

impl Forms {
    fn plain(&mut self, form: impl Into<String>) {
        push_unique(&mut self.plain, form.into());
    }

    fn hashed(&mut self, form: impl Into<String>) {
        push_unique(&mut self.hashed, form.into());
    }
}

fn push_unique(list: &mut Vec<String>, form: String) {
    if !form.is_empty() && !list.contains(&form) {
        list.push(form);
    }
}

/// The forms of a value of `kind`, or `None` when the value is too short or malformed to
/// be searched for without false matches. `calling_code` is the country calling code
/// ("49") to assume for a phone number typed without one.
pub fn forms(kind: PersonalKind, value: &str, calling_code: Option<&str>) -> Option<Forms> {
    if value.chars().count() > super::limits::VALUE_CHARS {
        return None;
    }
    let trimmed = value.trim();
    let mut forms = Forms::default();
    match kind {
        PersonalKind::Email => {
            let (local, domain) = trimmed.split_once('@')?;
            let domain_ok = domain.split('.').filter(|label| !label.is_empty()).count() >= 2;
            if local.is_empty() || !domain_ok || domain.contains('@') || trimmed.contains(char::is_whitespace) {
                return None;
            }
            let lower = trimmed.to_lowercase();
            forms.plain(value);
            forms.plain(trimmed);
            forms.plain(lower.as_str());
            forms.hashed(lower.as_str());
            // Google enhanced conversions: dots before the domain of a Gmail address are dropped.
            if let Some((local, domain @ ("gmail.com" | "googlemail.com"))) = lower.split_once('@') {
                let undotted = format!("{}@{domain}", local.replace('.', ""));
                forms.plain(undotted.as_str());
                forms.hashed(undotted);
            }
        }
        PersonalKind::Phone => {
            let phone = Phone::parse(trimmed, calling_code)?;
            forms.plain(value);
            forms.plain(trimmed);
            let typed_digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
            forms.plain(typed_digits);
            if let Some(international) = &phone.international {
                forms.plain(format!("+{international}"));
                forms.plain(international.as_str());
                // Meta: digits with the country code; Google and TikTok: E.164 with its `+`.
                forms.hashed(international.as_str());
                forms.hashed(format!("+{international}"));
            }
            if phone.national.len() >= MIN_PHONE_DIGITS {
                forms.plain(phone.national.as_str());
                forms.hashed(phone.national.as_str());
            }
            let trunk = format!("0{}", phone.national);
            if trunk.len() >= MIN_PHONE_DIGITS {
                forms.plain(trunk.as_str());
                forms.hashed(trunk);
            }
            forms.plain.retain(|form| form.chars().filter(char::is_ascii_digit).count() >= MIN_PHONE_DIGITS);
        }
        PersonalKind::Name | PersonalKind::StreetAddress => {
            if trimmed.chars().count() < MIN_PLAIN_CHARS {
                return None;
            }
            let lower = trimmed.to_lowercase();
            forms.plain(value);
            forms.plain(trimmed);
            forms.plain(lower.as_str());
            forms.hashed(lower.as_str());
            // Meta hashes first and last name apart, without punctuation.
            let words: Vec<String> = lower
                .split_whitespace()
                .map(|word| word.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
                .filter(|word| word.chars().count() >= 2)
                .collect();
            if kind == PersonalKind::Name && words.len() > 1 {
                forms.hashed(words.join(" "));
                for word in words {
                    forms.hashed(word);
                }
            }
        }
        PersonalKind::Postcode => {
            let compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
            if compact.chars().count() < MIN_PLAIN_CHARS {
                return None;
            }
            forms.plain(value);
            forms.plain(trimmed);
            forms.plain(trimmed.to_lowercase());
            forms.plain(trimmed.to_uppercase());
            forms.plain(compact.as_str());
            forms.plain(compact.to_uppercase());
            forms.hashed(compact.as_str());
            // Meta: a US ZIP+4 is hashed as its first five digits.
            if let Some(zip) = compact.split_once('-').map(|(zip, _)| zip) {
                if zip.len() == 5 && zip.bytes().all(|b| b.is_ascii_digit()) {
                    forms.hashed(zip);
                }
            }
        }
        PersonalKind::BirthDate => {
            if trimmed.chars().count() < MIN_PLAIN_CHARS {
                return None;
            }
            forms.plain(value);
            forms.plain(trimmed);
            for (year, month, day) in dates(trimmed) {
                let compact = format!("{year:04}{month:02}{day:02}");
                forms.plain(compact.as_str());
                forms.plain(format!("{year:04}-{month:02}-{day:02}"));
                forms.hashed(compact);
            }
            if forms.hashed.is_empty() {
                forms.hashed(trimmed);
            }
        }
        PersonalKind::Password => {
            // Case and spaces are part of a password: only the value exactly as typed.
            if value.chars().count() < MIN_PLAIN_CHARS {
                return None;
            }
            forms.plain(value);
            forms.hashed(value);
        }
        PersonalKind::CardNumber => {
            let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
            let only_digits_and_separators = trimmed.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
            if !only_digits_and_separators || !(12..=19).contains(&digits.len()) || !luhn(&digits) {
                return None;
            }
            forms.plain(value);
            forms.plain(trimmed);
            forms.plain(digits.as_str());
            forms.hashed(digits);
        }
    }
    Some(forms)
}

/// Whether a digit string passes the Luhn check every card number carries.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// A phone number split into its international (country code and national number) and
/// national spellings, digits only.
struct Phone {
    international: Option<String>,
    /// The national significant number: without country code and without trunk `0`.
    national: String,
}

impl Phone {
    fn parse(typed: &str, calling_code: Option<&str>) -> Option<Phone> {
        if !typed.chars().all(|c| c.is_ascii_digit() || " +-./()".contains(c)) {
            return None;
        }
        let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
        if digits.len() < MIN_PHONE_DIGITS {
            return None;
        }
        // `+49…` or `0049…`: typed with its country code.
        let international =
            if typed.starts_with('+') { Some(digits.clone()) } else { digits.strip_prefix("00").map(str::to_string) };
        Some(match international {
            Some(international) => {
                let code_len = calling_code_len(&international);
                let national = international[code_len..].trim_start_matches('0').to_string();
                Phone { international: Some(international), national }
            }
            None => {
                let national = digits.strip_prefix('0').unwrap_or(&digits).to_string();
                let international = calling_code
                    .filter(|code| !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()))
                    .map(|code| format!("{code}{national}"));
                Phone { international, national }
            }
        })
    }
}

/// The country calling code to assume for a phone number typed without one (`030 1234567`),
/// as the ad platforms hash it with one: the country of the shop's country-code top-level
/// domain (`.de` → "49", `.co.uk` → "44"); on a generic domain (`.com`, `.shop`…), the
/// country of the browser's UI language when it names one (`de-DE`, `en_GB`); otherwise
/// none (the number is then searched as typed and without its trunk `0`). A shop's domain
/// says where it sells more surely than the browser's language says where the shopper lives.
pub fn calling_code_for(page_host: &str, ui_language: Option<&str>) -> Option<&'static str> {
    let tld = page_host.trim_end_matches('.').rsplit('.').next().unwrap_or("");
    calling_code_of_country(tld).or_else(|| {
        let region = ui_language?.split(['-', '_']).nth(1)?;
        (region.len() == 2).then(|| calling_code_of_country(&region.to_ascii_lowercase())).flatten()
    })
}

/// The calling code of a country (ISO 3166 code, or `uk`, as its domain is written): the
/// countries of the shops and languages ShopTrust meets most; `None` for any other.
fn calling_code_of_country(country: &str) -> Option<&'static str> {
    const CODES: &[(&str, &str)] = &[
        ("de", "49"),
        ("at", "43"),
        ("ch", "41"),
        ("li", "423"),
        ("fr", "33"),
        ("it", "39"),
        ("es", "34"),
        ("pt", "351"),
        ("nl", "31"),
        ("be", "32"),
        ("lu", "352"),
        ("uk", "44"),
        ("gb", "44"),
        ("ie", "353"),
        ("dk", "45"),
        ("se", "46"),
        ("no", "47"),
        ("fi", "358"),
        ("is", "354"),
        ("pl", "48"),
        ("cz", "420"),
        ("sk", "421"),
        ("hu", "36"),
        ("ro", "40"),
        ("bg", "359"),
        ("gr", "30"),
        ("si", "386"),
        ("hr", "385"),
        ("ee", "372"),
        ("lv", "371"),
        ("lt", "370"),
        ("us", "1"),
        ("ca", "1"),
        ("mx", "52"),
        ("br", "55"),
        ("ar", "54"),
        ("au", "61"),
        ("nz", "64"),
        ("jp", "81"),
        ("kr", "82"),
        ("in", "91"),
        ("sg", "65"),
        ("tr", "90"),
        ("ua", "380"),
        ("za", "27"),
        ("il", "972"),
        ("ae", "971"),
    ];
    CODES.iter().find(|(c, _)| *c == country).map(|(_, code)| *code)
}

/// The length of the country calling code an international number starts with (ITU-T
/// E.164 assignments): 1 (NANP) and 7 are one digit, the two-digit codes are listed, every
/// other code has three digits.
fn calling_code_len(international: &str) -> usize {
    const TWO_DIGIT: &[&str] = &[
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84",
        "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    if international.starts_with('1') || international.starts_with('7') {
        1
    } else if TWO_DIGIT.iter().any(|code| international.starts_with(code)) {
        2
    } else {
        3.min(international.len())
    }
}

/// The calendar dates a typed date of birth can mean: `YYYY-MM-DD` (what `<input
/// type=date>` gives), `DD.MM.YYYY`, and `DD/MM/YYYY` or `MM/DD/YYYY` (both, when both
/// are valid: the page's locale is not known here).
fn dates(typed: &str) -> Vec<(u32, u32, u32)> {
    let parts: Vec<&str> = typed.split(['-', '.', '/', ' ']).filter(|p| !p.is_empty()).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    let Some(numbers) = numbers.filter(|n| n.len() == 3) else {
        return Vec::new();
    };
    let valid = |y: u32, m: u32, d: u32| (1000..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d);
    let mut out = Vec::new();
    let (a, b, c) = (numbers[0], numbers[1], numbers[2]);
    if parts[0].len() == 4 && valid(a, b, c) {
        out.push((a, b, c));
    } else if parts[2].len() == 4 {
        if valid(c, b, a) {
            out.push((c, b, a));
        }
        if typed.contains('/') && valid(c, a, b) && a != b {
            out.push((c, a, b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_needs_an_at_and_a_dot() {
        assert!(forms(PersonalKind::Email, "anna@x", None).is_none());
        assert!(forms(PersonalKind::Email, "@x.com", None).is_none());
        assert!(forms(PersonalKind::Email, "anna x@y.com", None).is_none());
        let f = forms(PersonalKind::Email, " Anna.Berg@GMail.com ", None).unwrap();
        assert!(f.plain.contains(&"Anna.Berg@GMail.com".to_string()));
        assert!(f.hashed.contains(&"anna.berg@gmail.com".to_string()));
        assert!(f.hashed.contains(&"annaberg@gmail.com".to_string()), "Google's Gmail normalisation");
    }

    #[test]
    fn phone_with_and_without_country_code() {
        let f = forms(PersonalKind::Phone, "+49 171 1234567", None).unwrap();
        for form in ["491711234567", "+491711234567", "1711234567", "01711234567"] {
            assert!(f.plain.contains(&form.to_string()), "{form}: {:?}", f.plain);
        }
        assert!(f.hashed.contains(&"491711234567".to_string()));
        assert!(f.hashed.contains(&"+491711234567".to_string()));
        assert!(f.hashed.contains(&"1711234567".to_string()));

        let national = forms(PersonalKind::Phone, "0171 1234567", Some("49")).unwrap();
        assert!(national.hashed.contains(&"491711234567".to_string()));
        let us = forms(PersonalKind::Phone, "+1 (650) 555-1212", None).unwrap();
        assert!(us.hashed.contains(&"16505551212".to_string()));
        assert!(us.plain.contains(&"6505551212".to_string()));
        assert!(forms(PersonalKind::Phone, "123 45", None).is_none(), "fewer than 7 digits");
        assert!(forms(PersonalKind::Phone, "call me 1234567", None).is_none(), "not a phone number");
    }

    #[test]
    fn the_calling_code_comes_from_the_shop_domain_then_the_ui_language() {
        assert_eq!(calling_code_for("www.shop.de", Some("fr-FR")), Some("49"));
        assert_eq!(calling_code_for("shop.co.uk", None), Some("44"));
        assert_eq!(calling_code_for("shop.com", Some("nl-NL")), Some("31"));
        assert_eq!(calling_code_for("shop.com", Some("en_GB")), Some("44"));
        assert_eq!(calling_code_for("shop.com", Some("de")), None, "a language without a country");
        assert_eq!(calling_code_for("shop.com", None), None);
        assert_eq!(calling_code_for("shop.example", Some("xx-ZZ")), None);
    }

    #[test]
    fn a_phone_typed_without_country_code_gets_the_inferred_one() {
        let berlin = forms(PersonalKind::Phone, "030 1234567", calling_code_for("shop.de", None)).unwrap();
        assert!(berlin.hashed.contains(&"49301234567".to_string()), "{berlin:?}");
        assert!(berlin.hashed.contains(&"+49301234567".to_string()));
        assert!(berlin.plain.contains(&"0301234567".to_string()), "digits only");
        let dutch = forms(PersonalKind::Phone, "06 12345678", calling_code_for("winkel.com", Some("nl-NL"))).unwrap();
        assert!(dutch.hashed.contains(&"31612345678".to_string()), "{dutch:?}");
        // Typed with its own code, the shop's does not replace it.
        let french = forms(PersonalKind::Phone, "+33 6 12 34 56 78", calling_code_for("shop.de", None)).unwrap();
        assert!(french.hashed.contains(&"33612345678".to_string()));
        assert!(!french.hashed.iter().any(|h| h.starts_with("49")), "{french:?}");
    }

    #[test]
    fn card_numbers_must_pass_luhn() {
        assert!(forms(PersonalKind::CardNumber, "4242 4242 4242 4242", None).is_some());
        assert!(forms(PersonalKind::CardNumber, "4242 4242 4242 4241", None).is_none());
        assert!(forms(PersonalKind::CardNumber, "4242", None).is_none());
        assert!(luhn("79927398713"));
        assert!(!luhn("79927398710"));
    }

    #[test]
    fn short_values_have_no_forms() {
        assert!(forms(PersonalKind::Name, "Jo", None).is_none());
        assert!(forms(PersonalKind::Password, "abc", None).is_none());
        assert!(forms(PersonalKind::Postcode, "1 2", None).is_none());
        assert!(forms(PersonalKind::BirthDate, "1/1", None).is_none());
    }

    #[test]
    fn names_hash_each_part_but_search_plain_only_the_whole() {
        let f = forms(PersonalKind::Name, "Jo O'Neil", None).unwrap();
        assert!(f.hashed.contains(&"jo".to_string()));
        assert!(f.hashed.contains(&"oneil".to_string()));
        assert!(!f.plain.contains(&"jo".to_string()));
    }

    #[test]
    fn dates_of_birth_become_yyyymmdd() {
        let f = forms(PersonalKind::BirthDate, "17.05.1990", None).unwrap();
        assert_eq!(f.hashed, vec!["19900517".to_string()]);
        let iso = forms(PersonalKind::BirthDate, "1990-05-17", None).unwrap();
        assert_eq!(iso.hashed, vec!["19900517".to_string()]);
        let slash = forms(PersonalKind::BirthDate, "05/07/1990", None).unwrap();
        assert_eq!(slash.hashed, vec!["19900705".to_string(), "19900507".to_string()]);
    }
}
