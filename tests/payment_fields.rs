//! Card-field recognition for the payment concern: autocomplete tokens when shops set them,
//! and names, ids, labels, placeholders and input shape in English, German, French,
//! Spanish, Italian and Dutch when they do not.

use shoptrust::fields::{classify, FieldKind};
use shoptrust::page::InputFacts;

#[derive(Default)]
struct Field<'a> {
    name: &'a str,
    id: &'a str,
    label: &'a str,
    placeholder: &'a str,
    autocomplete: &'a str,
    max_length: Option<u32>,
}

fn input(f: Field) -> InputFacts {
    InputFacts {
        kind: "text".into(),
        name: f.name.into(),
        id: f.id.into(),
        label: f.label.into(),
        placeholder: f.placeholder.into(),
        autocomplete: f.autocomplete.into(),
        max_length: f.max_length,
        visible: true,
        ..Default::default()
    }
}

use FieldKind::{CardExpiry as Exp, CardHolder as Holder, CardNumber as Number, CardSecurityCode as Code};

/// (language, label, name, what it is): a checkout's card block as each language's shops write it.
const CHECKOUTS: &[(&str, &str, &str, FieldKind)] = &[
    ("en", "Card number", "card_number", Number),
    ("en", "Expiry date", "card_expiry", Exp),
    ("en", "Security code (CVV)", "card_cvv", Code),
    ("en", "Name on card", "card_name", Holder),
    ("de", "Kartennummer", "zahlung[nr]", Number),
    ("de", "Gültig bis", "zahlung[ablauf]", Exp),
    ("de", "Kartenprüfnummer", "zahlung[pruef]", Code),
    ("de", "Karteninhaber", "zahlung[inhaber]", Holder),
    ("de", "Verfallsdatum", "kk_datum", Exp),
    ("fr", "Numéro de carte", "paiement[numero]", Number),
    ("fr", "Date d'expiration", "paiement[date]", Exp),
    ("fr", "Cryptogramme visuel", "paiement[crypto]", Code),
    ("fr", "Titulaire de la carte", "paiement[titulaire]", Holder),
    ("es", "Número de tarjeta", "pago[numero]", Number),
    ("es", "Fecha de caducidad", "pago[fecha]", Exp),
    ("es", "Código de seguridad", "pago[codigo]", Code),
    ("es", "Titular de la tarjeta", "pago[titular]", Holder),
    ("it", "Numero della carta", "pagamento[numero]", Number),
    ("it", "Data di scadenza", "pagamento[data]", Exp),
    ("it", "Codice di sicurezza", "pagamento[codice]", Code),
    ("it", "Titolare della carta", "pagamento[titolare]", Holder),
    ("nl", "Kaartnummer", "betaling[nummer]", Number),
    ("nl", "Vervaldatum", "betaling[datum]", Exp),
    ("nl", "Beveiligingscode", "betaling[code]", Code),
    ("nl", "Naam op de kaart", "betaling[naam]", Holder),
];

#[test]
fn each_language_without_autocomplete_by_label() {
    for &(lang, label, name, expected) in CHECKOUTS {
        assert_eq!(classify(&input(Field { label, name, ..Default::default() })), expected, "{lang}: {label:?}");
    }
}

#[test]
fn each_language_with_autocomplete_tokens() {
    let token = |kind: FieldKind| match kind {
        Number => "cc-number",
        Exp => "cc-exp",
        Code => "cc-csc",
        Holder => "cc-name",
        _ => unreachable!(),
    };
    for &(lang, label, name, expected) in CHECKOUTS {
        // The token decides even when the label says something else entirely.
        let field = input(Field { label: "Feld 1", name, autocomplete: token(expected), ..Default::default() });
        assert_eq!(classify(&field), expected, "{lang}: {label:?} with autocomplete");
        let sectioned = input(Field {
            label,
            name,
            autocomplete: &format!("section-pay billing {}", token(expected)),
            ..Default::default()
        });
        assert_eq!(classify(&sectioned), expected, "{lang}: {label:?} with a sectioned token");
    }
}

#[test]
fn names_and_ids_alone() {
    for (name, expected) in [
        ("kartennummer", Number),
        ("kk-nummer", Number),
        ("num_carte", Number),
        ("num-tarjeta", Number),
        ("num_carta", Number),
        ("kaart_nummer", Number),
        ("exp-month", Exp),
        ("ablaufdatum", Exp),
        ("cc_cvc", Code),
        ("cardholder", Holder),
    ] {
        assert_eq!(classify(&input(Field { name, ..Default::default() })), expected, "name {name:?}");
        assert_eq!(classify(&input(Field { id: name, ..Default::default() })), expected, "id {name:?}");
    }
}

#[test]
fn input_shape_when_nothing_else_is_said() {
    let shaped =
        |placeholder, max_length| classify(&input(Field { name: "f3", placeholder, max_length, ..Default::default() }));
    assert_eq!(shaped("1234 1234 1234 1234", Some(19)), Number);
    assert_eq!(shaped("•••• •••• •••• ••••", None), Number);
    assert_eq!(shaped("MM/YY", Some(5)), Exp);
    assert_eq!(shaped("MM / JJ", None), Exp, "German");
    assert_eq!(shaped("MM/AA", None), Exp, "French, Spanish, Italian");
    assert_eq!(shaped("123", Some(4)), Code);
    assert_eq!(shaped("•••", Some(3)), Code);
}

#[test]
fn shapes_and_words_that_are_not_card_fields() {
    let shaped = |label, placeholder, max_length| {
        classify(&input(Field { label, placeholder, max_length, ..Default::default() }))
    };
    assert_eq!(shaped("PLZ", "12345", Some(5)), FieldKind::Other, "a German postcode");
    assert_eq!(
        shaped("Postcode", "1234", Some(4)),
        FieldKind::Other,
        "a Dutch or Swiss postcode has letters or no card shape"
    );
    assert_eq!(shaped("Telefonnummer", "0171 1234567", Some(20)), FieldKind::Other);
    assert_eq!(shaped("Phone", "+44 20 7946 0958", None), FieldKind::Other);
    assert_eq!(shaped("Gift card message", "", None), FieldKind::Other);
    assert_eq!(
        shaped("Order number", "123", None),
        FieldKind::Other,
        "three digits without a short field are not a code"
    );
    assert_eq!(shaped("Date of birth", "DD/MM/YYYY", None), FieldKind::Other);
    assert_eq!(shaped("Quantity", "1", Some(3)), FieldKind::Other);
}

#[test]
fn passwords_in_six_languages() {
    for label in ["Password", "Passwort", "Mot de passe", "Contraseña", "Wachtwoord"] {
        assert_eq!(classify(&input(Field { label, ..Default::default() })), FieldKind::Password, "{label}");
    }
    let mut typed = input(Field { label: "Parola d'ordine", ..Default::default() });
    typed.kind = "password".into();
    assert_eq!(classify(&typed), FieldKind::Password, "Italian: the type tells");
}
