//! Recognising what an input asks for: card data and passwords are what make a
//! weak connection or a leaky page dangerous rather than merely untidy.
//!
//! Autocomplete tokens are the strongest signal; many shops leave them out, so names,
//! ids, labels and placeholders are matched too, in English, German, French, Spanish,
//! Italian and Dutch.

use crate::page::typed::PersonalKind;
use crate::page::{InputFacts, PageFacts};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    CardNumber,
    CardExpiry,
    CardSecurityCode,
    CardHolder,
    Password,
    Other,
}

impl FieldKind {
    pub fn is_card(self) -> bool {
        matches!(
            self,
            FieldKind::CardNumber | FieldKind::CardExpiry | FieldKind::CardSecurityCode | FieldKind::CardHolder
        )
    }

    /// Data a shopper must never send in clear text, nor let any script but the payment
    /// provider's read: the card's number, expiry and security code, and passwords. The
    /// card holder's name is personal data, like an address, not a card secret; every
    /// concern asks this one question.
    pub fn is_sensitive(self) -> bool {
        matches!(
            self,
            FieldKind::CardNumber | FieldKind::CardExpiry | FieldKind::CardSecurityCode | FieldKind::Password
        )
    }
}

// Lower-case fragments, matched against a field's name, id, label and placeholder with
// separators removed ("card-number", "card_number" and "Card number" all become
// "cardnumber"). Order matters: the security-code words are checked before the
// card-number words because "card code" contains "card".
pub(crate) const SECURITY_CODE_WORDS: &[&str] = &[
    "cvc",
    "cvv",
    "csc",
    "cvn",
    "securitycode",
    "cardcode",
    "cardverification",
    "verificationcode",
    "prüfnummer",
    "prufnummer",
    "pruefnummer",
    "prüfziffer",
    "pruefziffer",
    "sicherheitscode",
    "kartenprüfnummer",
    "cryptogramme",
    "codedesécurité",
    "codedesecurite",
    "códigodeseguridad",
    "codigodeseguridad",
    "codicedisicurezza",
    "codicesicurezza",
    "beveiligingscode",
    "controlecode",
    "kaartcode",
];

pub(crate) const EXPIRY_WORDS: &[&str] = &[
    "ccexp",
    "cardexp",
    "expiry",
    "expiration",
    "expdate",
    "expires",
    "validthru",
    "validuntil",
    "expmonth",
    "expyear",
    "expmm",
    "expyy",
    "ablaufdatum",
    "gültigbis",
    "gultigbis",
    "gueltigbis",
    "verfallsdatum",
    "gültigkeitsdatum",
    "ablaufmonat",
    "ablaufjahr",
    "datedevalidité",
    "datedevalidite",
    "moisdexpiration",
    "dateexpiration",
    "datedexpiration",
    "dated'expiration",
    "expirele",
    "caducidad",
    "fechadevencimiento",
    "vencimiento",
    "scadenza",
    "datadiscadenza",
    "vervaldatum",
    "geldigtot",
    "vervalmaand",
    "vervaljaar",
];

pub(crate) const CARD_HOLDER_WORDS: &[&str] = &[
    "ccname",
    "cardholder",
    "nameoncard",
    "cardname",
    "karteninhaber",
    "nameaufderkarte",
    "titulairedelacarte",
    "nomsurlacarte",
    "titulardelatarjeta",
    "nombreenlatarjeta",
    "titolaredellacarta",
    "intestatario",
    "nomesullacarta",
    "kaarthouder",
    "naamopdekaart",
    "naamopkaart",
];

pub(crate) const CARD_NUMBER_WORDS: &[&str] = &[
    "ccnumber",
    "cardnumber",
    "cardno",
    "creditcard",
    "debitcard",
    "ccnum",
    "kartennummer",
    "kreditkartennummer",
    "kreditkarte",
    "kartennr",
    "kknummer",
    "numérodecarte",
    "numerodecarte",
    "numérodelacarte",
    "numerodelacarte",
    "cartebancaire",
    "numcarte",
    "númerodetarjeta",
    "numerodetarjeta",
    "númerodelatarjeta",
    "numerodelatarjeta",
    "tarjetadecrédito",
    "numtarjeta",
    "numerodicarta",
    "numerodellacarta",
    "cartadicredito",
    "numcarta",
    "kaartnummer",
    "creditcardnummer",
];

const PASSWORD_WORDS: &[&str] =
    &["password", "passwort", "kennwort", "motdepasse", "contraseña", "contrasena", "wachtwoord"];

/// Every input of a page with what it asks for. Classifying costs about a microsecond per
/// input, and the connection, payment and tracking concerns all ask, so a page is
/// classified once per evaluation and the concerns share this.
pub struct PageFields<'a> {
    /// `(input, kind)` for the forms' inputs, form by form, then the inputs outside forms.
    inputs: Vec<(&'a InputFacts, FieldKind)>,
    /// Where each form's inputs end in `inputs`.
    form_ends: Vec<usize>,
    /// Whether any input asks for personal data, card data or a password.
    any_personal: bool,
}

impl<'a> PageFields<'a> {
    pub fn of(facts: &'a PageFacts) -> PageFields<'a> {
        let mut inputs = Vec::new();
        let mut form_ends = Vec::with_capacity(facts.forms.len());
        let mut any_personal = false;
        let mut classify_each = |input: &'a InputFacts| {
            let (kind, personal) = classify_fully(input);
            any_personal |= kind != FieldKind::Other || personal.is_some();
            (input, kind)
        };
        for form in &facts.forms {
            inputs.extend(form.inputs.iter().map(&mut classify_each));
            form_ends.push(inputs.len());
        }
        inputs.extend(facts.loose_inputs.iter().map(&mut classify_each));
        PageFields { inputs, form_ends, any_personal }
    }

    /// Every input, in forms or not.
    pub fn all(&self) -> &[(&'a InputFacts, FieldKind)] {
        &self.inputs
    }

    /// The inputs of `facts.forms[form]`.
    pub fn of_form(&self, form: usize) -> &[(&'a InputFacts, FieldKind)] {
        let start = form.checked_sub(1).map_or(0, |previous| self.form_ends[previous]);
        self.form_ends.get(form).map_or(&[], |&end| &self.inputs[start..end])
    }

    pub fn any_sensitive(&self) -> bool {
        self.inputs.iter().any(|(_, kind)| kind.is_sensitive())
    }

    pub fn any_password(&self) -> bool {
        self.inputs.iter().any(|(_, kind)| *kind == FieldKind::Password)
    }

    /// A field for personal data the shopper would type (e-mail, phone, name, address,
    /// birth date, the card holder's name), or a card or password field.
    pub fn any_personal(&self) -> bool {
        self.any_personal
    }
}

/// The kinds of personal data a shopper types, each with the `autocomplete` tokens that ask
/// for it (HTML Living Standard, "autofill field names") and the name, id, label and
/// placeholder fragments that do, in the six languages, folded as [`normalised`] folds
/// them. One table serves [`personal_kind`] and [`PageFields::any_personal`]; a field whose words match
/// two kinds takes the first listed.
const PERSONAL_FIELDS: &[(PersonalKind, &[&str], &[&str])] = &[
    (PersonalKind::Email, &["email"], &["email", "mail"]),
    (
        PersonalKind::Phone,
        &["tel", "tel-national", "tel-local"],
        &[
            "phone",
            "telefon",
            "téléphone",
            "telephone",
            "teléfono",
            "telefono",
            "telefoon",
            "mobile",
            "handy",
            "portable",
            "móvil",
            "cellulare",
            "mobiel",
        ],
    ),
    (
        PersonalKind::Postcode,
        &["postal-code"],
        &["zip", "postcode", "postalcode", "postleitzahl", "plz", "codepostal", "códigopostal", "codigopostal"],
    ),
    (
        PersonalKind::BirthDate,
        &["bday", "bday-day", "bday-month", "bday-year"],
        &["birth", "geburt", "naissance", "nacimiento", "nascita", "geboorte"],
    ),
    (
        PersonalKind::StreetAddress,
        &["street-address", "address-line1", "address-line2", "address-line3"],
        &[
            "address",
            "adresse",
            "dirección",
            "direccion",
            "indirizzo",
            "adres",
            "street",
            "straße",
            "strasse",
            "straat",
            "calle",
        ],
    ),
    (
        PersonalKind::Name,
        &["name", "given-name", "additional-name", "family-name", "nickname", "username"],
        &[
            "firstname",
            "lastname",
            "fullname",
            "surname",
            "vorname",
            "nachname",
            "prénom",
            "prenom",
            "nombre",
            "apellido",
            "cognome",
            "voornaam",
            "achternaam",
        ],
    ),
];

/// Input types no one types personal data into.
const NOT_TYPED_INTO: &[&str] =
    &["hidden", "submit", "button", "checkbox", "radio", "image", "reset", "file", "search", "range", "color"];

/// What an input asks for, as well as its attributes tell.
pub fn classify(input: &InputFacts) -> FieldKind {
    classify_fully(input).0
}

/// [`classify`] and [`personal_kind`] in one go. Both read the same normalised words, and
/// a page asks both of every input (5,000-field pages exist), so the words are folded and
/// searched once.
fn classify_fully(input: &InputFacts) -> (FieldKind, Option<PersonalKind>) {
    let mut words: Option<Words> = None;
    let mut words_of = || {
        *words.get_or_insert_with(|| words_in(&normalised(&[&input.name, &input.id, &input.label, &input.placeholder])))
    };
    let kind = card_or_password(input, &mut words_of);
    let personal = match kind {
        FieldKind::CardNumber => Some(PersonalKind::CardNumber),
        FieldKind::Password => Some(PersonalKind::Password),
        FieldKind::CardHolder => Some(PersonalKind::Name),
        FieldKind::CardExpiry | FieldKind::CardSecurityCode => None,
        FieldKind::Other => personal_when_not_card(input, &mut words_of),
    };
    (kind, personal)
}

fn card_or_password(input: &InputFacts, words_of: &mut impl FnMut() -> Words) -> FieldKind {
    if input.kind.eq_ignore_ascii_case("password") {
        return FieldKind::Password;
    }
    if let Some(kind) = from_autocomplete(&input.autocomplete) {
        return kind;
    }
    if matches!(input.kind.as_str(), "hidden" | "submit" | "button" | "checkbox" | "radio" | "image" | "reset" | "file")
    {
        return FieldKind::Other;
    }
    let words = words_of();
    if words.empty_text {
        return FieldKind::Other;
    }
    // Word lists in order of precedence: the security-code words win over the card-number
    // words ("card code" contains "card"), and so on down the list.
    match words.card_list {
        Some(0) => FieldKind::CardSecurityCode,
        Some(1) => FieldKind::CardExpiry,
        Some(2) => FieldKind::CardHolder,
        Some(3) => FieldKind::CardNumber,
        Some(_) => FieldKind::Password,
        None => from_shape(input),
    }
}

fn personal_when_not_card(input: &InputFacts, words_of: &mut impl FnMut() -> Words) -> Option<PersonalKind> {
    let kind = input.kind.to_ascii_lowercase();
    if NOT_TYPED_INTO.contains(&kind.as_str()) {
        return None;
    }
    let token = input.autocomplete.split_ascii_whitespace().last().unwrap_or("").to_ascii_lowercase();
    if let Some((by_token, _, _)) = PERSONAL_FIELDS.iter().find(|(_, tokens, _)| tokens.contains(&token.as_str())) {
        return Some(*by_token);
    }
    match kind.as_str() {
        "email" => return Some(PersonalKind::Email),
        "tel" => return Some(PersonalKind::Phone),
        _ => {}
    }
    words_of().personal_entry.map(|entry| PERSONAL_FIELDS[entry].0)
}

const WORD_LISTS: [&[&str]; 5] =
    [SECURITY_CODE_WORDS, EXPIRY_WORDS, CARD_HOLDER_WORDS, CARD_NUMBER_WORDS, PASSWORD_WORDS];

/// What a field's normalised words hold: the first of [`WORD_LISTS`] with a word inside
/// them, and the first entry of [`PERSONAL_FIELDS`] with a word inside them.
#[derive(Clone, Copy)]
struct Words {
    empty_text: bool,
    card_list: Option<usize>,
    personal_entry: Option<usize>,
}

/// Which word list a word of the index belongs to.
#[derive(Clone, Copy)]
enum List {
    Card(usize),
    Personal(usize),
}

/// Every input of every page goes through here (5,000-field pages exist), so instead of
/// ~170 substring searches per field the words of both tables are indexed by their first
/// byte once, and only the words starting with the two bytes at each place of the text are
/// compared there.
fn words_in(text: &str) -> Words {
    type Index = [Vec<(&'static [u8], List)>; 256];
    static BY_FIRST_BYTE: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    let index = BY_FIRST_BYTE.get_or_init(|| {
        let card =
            WORD_LISTS.iter().enumerate().flat_map(|(list, words)| words.iter().map(move |w| (*w, List::Card(list))));
        let personal = PERSONAL_FIELDS
            .iter()
            .enumerate()
            .flat_map(|(entry, (_, _, words))| words.iter().map(move |w| (*w, List::Personal(entry))));
        let mut index: Index = std::array::from_fn(|_| Vec::new());
        // Every word has at least two bytes (a test checks it).
        for (word, list) in card.chain(personal) {
            if let Some(&first) = word.as_bytes().first() {
                index[usize::from(first)].push((word.as_bytes(), list));
            }
        }
        index
    });
    // Byte-wise is exact for UTF-8: a word's first byte never starts inside another
    // character, and `starts_with` compares whole characters' bytes.
    let text = text.as_bytes();
    let mut found = Words { empty_text: text.is_empty(), card_list: None, personal_entry: None };
    for at in 0..text.len() {
        let rest = &text[at..];
        for &(word, list) in &index[usize::from(rest[0])] {
            // The second byte first: most places share only the first with any word, and
            // this skips the slice comparison there.
            if rest.get(1) != word.get(1) {
                continue;
            }
            let (best, n) = match list {
                List::Card(n) => (&mut found.card_list, n),
                List::Personal(n) => (&mut found.personal_entry, n),
            };
            if best.is_none_or(|b| n < b) && rest.starts_with(word) {
                *best = Some(n);
            }
        }
    }
    found
}

/// What a field's shape says when its words say nothing: a placeholder that draws a card
/// number (`1234 5678 9012 3456`, `•••• •••• •••• ••••`) or an expiry (`MM/YY`, German
/// `MM/JJ`, French, Spanish and Italian `MM/AA`), or a three-digit placeholder on an
/// unlabelled field that takes at most four characters (a security code). Shops that strip every
/// other hint still show the shopper what to type.
fn from_shape(input: &InputFacts) -> FieldKind {
    let placeholder: String = input.placeholder.chars().take(64).filter(|c| !c.is_whitespace()).collect();
    if placeholder.is_empty() {
        return FieldKind::Other;
    }
    let is_digit_mark = |c: char| c.is_ascii_digit() || matches!(c, '•' | '*' | 'x' | 'X' | '●' | '·');
    let marks = placeholder.chars().filter(|&c| is_digit_mark(c)).count();
    let others = placeholder.chars().filter(|&c| !is_digit_mark(c) && c != '-').count();
    if others == 0 && (13..=19).contains(&marks) {
        return FieldKind::CardNumber;
    }
    let upper = placeholder.to_uppercase();
    if let Some(year) = upper.strip_prefix("MM").map(|r| r.trim_start_matches(['/', '-', '.'])) {
        if matches!(year, "YY" | "YYYY" | "JJ" | "JJJJ" | "AA" | "AAAA") {
            return FieldKind::CardExpiry;
        }
    }
    // Three or four digits are also a Swiss or Dutch postcode, a PIN, a year: only a short
    // field with no label of its own is read as a security code.
    let short_field = input.max_length.is_some_and(|n| (3..=4).contains(&n));
    let unlabelled = input.label.trim().is_empty();
    if short_field && unlabelled && others == 0 && (3..=4).contains(&marks) {
        return FieldKind::CardSecurityCode;
    }
    FieldKind::Other
}

/// The autocomplete attribute is a list of tokens (`section-x shipping cc-number`);
/// the field name is the last one.
fn from_autocomplete(autocomplete: &str) -> Option<FieldKind> {
    let token = autocomplete.split_ascii_whitespace().last()?.to_ascii_lowercase();
    match token.as_str() {
        "cc-number" | "cc-type" => Some(FieldKind::CardNumber),
        "cc-exp" | "cc-exp-month" | "cc-exp-year" => Some(FieldKind::CardExpiry),
        "cc-csc" => Some(FieldKind::CardSecurityCode),
        "cc-name" | "cc-given-name" | "cc-additional-name" | "cc-family-name" => Some(FieldKind::CardHolder),
        "current-password" | "new-password" => Some(FieldKind::Password),
        _ => None,
    }
}

pub(crate) fn normalised(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        // Attributes are capped by the collector; cap again so a hostile page cannot
        // make matching expensive.
        for c in part.chars().take(256) {
            if c.is_alphanumeric() || c == '\'' {
                out.extend(c.to_lowercase());
            }
        }
        out.push('|');
    }
    out.trim_matches('|').to_string()
}

/// A short human description of an input for evidence: `name="cardnumber"`.
pub fn describe(input: &InputFacts) -> String {
    let handle = [
        ("name", &input.name),
        ("id", &input.id),
        ("autocomplete", &input.autocomplete),
        ("label", &input.label),
        ("placeholder", &input.placeholder),
    ]
    .into_iter()
    .find(|(_, v)| !v.is_empty());
    match handle {
        Some((attr, value)) => format!("{} {}=\"{}\"", input_tag(input), attr, clip(value, 80)),
        None => input_tag(input),
    }
}

fn input_tag(input: &InputFacts) -> String {
    if input.kind.is_empty() {
        "input".to_string()
    } else {
        format!("input[type={}]", clip(&input.kind, 20))
    }
}

/// Cuts page-controlled text to a readable length on a character boundary.
pub fn clip(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max_chars).collect();
        cut.push('…');
        cut
    }
}

/// Which kind of personal data an input the shopper typed into holds (issue 12, "Data you
/// type"), as well as its attributes tell: the card and password classifier first, then the
/// `autocomplete` token, the input type, and the name, id, label and placeholder words in
/// the six languages. `None`: not personal data worth searching for (an expiry date, a
/// security code, a search box).
pub fn personal_kind(input: &InputFacts) -> Option<PersonalKind> {
    classify_fully(input).1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str, name: &str, autocomplete: &str, label: &str, placeholder: &str) -> InputFacts {
        InputFacts {
            kind: kind.into(),
            name: name.into(),
            autocomplete: autocomplete.into(),
            label: label.into(),
            placeholder: placeholder.into(),
            visible: true,
            ..Default::default()
        }
    }

    #[test]
    fn autocomplete_tokens_win() {
        assert_eq!(classify(&input("text", "x1", "cc-number", "", "")), FieldKind::CardNumber);
        assert_eq!(classify(&input("text", "x2", "billing cc-exp", "", "")), FieldKind::CardExpiry);
        assert_eq!(classify(&input("text", "x3", "cc-csc", "", "")), FieldKind::CardSecurityCode);
        assert_eq!(classify(&input("text", "x4", "cc-name", "", "")), FieldKind::CardHolder);
        assert_eq!(classify(&input("text", "x5", "current-password", "", "")), FieldKind::Password);
    }

    #[test]
    fn card_fields_without_autocomplete_in_six_languages() {
        let cases = [
            ("Card number", FieldKind::CardNumber),
            ("Kartennummer", FieldKind::CardNumber),
            ("Numéro de carte", FieldKind::CardNumber),
            ("Número de tarjeta", FieldKind::CardNumber),
            ("Numero di carta", FieldKind::CardNumber),
            ("Kaartnummer", FieldKind::CardNumber),
            ("CVC", FieldKind::CardSecurityCode),
            ("Prüfnummer", FieldKind::CardSecurityCode),
            ("Cryptogramme", FieldKind::CardSecurityCode),
            ("Código de seguridad", FieldKind::CardSecurityCode),
            ("Codice di sicurezza", FieldKind::CardSecurityCode),
            ("Beveiligingscode", FieldKind::CardSecurityCode),
            ("Expiry date", FieldKind::CardExpiry),
            ("Gültig bis", FieldKind::CardExpiry),
            ("Date d'expiration", FieldKind::CardExpiry),
            ("Fecha de vencimiento", FieldKind::CardExpiry),
            ("Scadenza", FieldKind::CardExpiry),
            ("Vervaldatum", FieldKind::CardExpiry),
            ("Karteninhaber", FieldKind::CardHolder),
            ("Passwort", FieldKind::Password),
        ];
        for (label, expected) in cases {
            assert_eq!(classify(&input("text", "", "", label, "")), expected, "label {label:?}");
        }
    }

    #[test]
    fn names_with_separators() {
        assert_eq!(classify(&input("tel", "card-number", "", "", "")), FieldKind::CardNumber);
        assert_eq!(classify(&input("text", "card_cvc", "", "", "")), FieldKind::CardSecurityCode);
    }

    #[test]
    fn ordinary_fields_are_not_sensitive() {
        for (name, label) in
            [("email", "Email"), ("zip", "Postcode"), ("qty", "Quantity"), ("company", "Company"), ("span", "Spanish")]
        {
            assert_eq!(classify(&input("text", name, "", label, "")), FieldKind::Other, "{name}");
        }
        assert_eq!(classify(&input("hidden", "cardnumber", "", "", "")), FieldKind::Other);
        assert_eq!(classify(&input("password", "", "", "", "")), FieldKind::Password);
    }

    #[test]
    fn every_word_has_two_bytes_to_be_indexed_by() {
        let card = WORD_LISTS.iter().flat_map(|words| words.iter());
        let personal = PERSONAL_FIELDS.iter().flat_map(|(_, _, words)| words.iter());
        for word in card.chain(personal) {
            assert!(word.len() >= 2, "{word:?} is too short for the two-byte check");
        }
    }

    #[test]
    fn personal_words_take_the_first_listed_kind_and_card_words_win() {
        let kind = |label: &str| personal_kind(&input("text", "", "", label, ""));
        // "E-mail or phone": both tables' words; e-mail is listed first.
        assert_eq!(kind("Telefon oder E-Mail"), Some(PersonalKind::Email));
        assert_eq!(kind("Straße und Hausnummer"), Some(PersonalKind::StreetAddress));
        assert_eq!(kind("Código postal"), Some(PersonalKind::Postcode));
        // The card holder's name is a name; a card number is a card number, never a phone.
        assert_eq!(kind("Name on card"), Some(PersonalKind::Name));
        assert_eq!(kind("Card number (mobile)"), Some(PersonalKind::CardNumber));
        assert_eq!(kind("Option 7"), None);
        assert_eq!(personal_kind(&input("hidden", "email", "", "", "")), None);
    }

    #[test]
    fn clip_respects_characters() {
        assert_eq!(clip("ééééé", 3), "ééé…");
        assert_eq!(clip("abc", 3), "abc");
    }
}
