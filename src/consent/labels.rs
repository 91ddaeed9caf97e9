//! What a consent banner's button or checkbox label means, in English, German, French,
//! Spanish, Italian and Dutch. Labels are matched as whole words after folding case and
//! punctuation ("J'accepte" → "j accepte"), so "Accept" never matches inside "Unacceptable".
//!
//! Order matters: "Continue without accepting", "Nur notwendige akzeptieren" and "Do not
//! accept" say no although they contain "accept", and "Accept selection" saves a choice.

/// What a button on a consent banner does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Reject,
    /// Saves whatever the purpose switches say ("Save settings", "Auswahl bestätigen").
    Save,
    /// Opens the second layer ("Settings", "Einstellungen", "Personnaliser").
    Settings,
    /// Pays instead of accepting ("Subscribe", "PUR-Abo", "S'abonner").
    Pay,
    Accept,
    /// Closes the banner without an explicit answer.
    Close,
    Other,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reject => "reject",
            Role::Save => "save",
            Role::Settings => "settings",
            Role::Pay => "pay",
            Role::Accept => "accept",
            Role::Close => "close",
            Role::Other => "other",
        }
    }
}

const REJECT: &[&str] = &[
    // English
    "reject",
    "reject all",
    "decline",
    "decline all",
    "deny",
    "refuse",
    "disagree",
    "i disagree",
    "do not accept",
    "do not consent",
    "i do not consent",
    "don t accept",
    "dont accept",
    "no thanks",
    "no thank you",
    "opt out",
    "only necessary",
    "necessary only",
    "only essential",
    "essential only",
    "strictly necessary only",
    "necessary cookies only",
    "essential cookies only",
    "only required",
    "required only",
    "use necessary cookies only",
    "use essential cookies only",
    "continue without accepting",
    "continue without agreeing",
    "continue without consent",
    "reject optional",
    "reject non essential",
    // German
    "ablehnen",
    "alle ablehnen",
    "alles ablehnen",
    "verweigern",
    "nicht einverstanden",
    "nicht zustimmen",
    "nur notwendige",
    "nur notwendigen",
    "nur essenzielle",
    "nur essentielle",
    "nur erforderliche",
    "nur technisch notwendige",
    "weiter ohne einwilligung",
    "weiter ohne zustimmung",
    "ohne zustimmung",
    "ohne einwilligung",
    "ohne zu akzeptieren",
    "optionale ablehnen",
    // French
    "refuser",
    "tout refuser",
    "je refuse",
    "non merci",
    "continuer sans accepter",
    "sans accepter",
    "uniquement les nécessaires",
    "nécessaires uniquement",
    "seulement les nécessaires",
    "uniquement nécessaires",
    "essentiels uniquement",
    "uniquement les essentiels",
    "refuser tout",
    // Spanish
    "rechazar",
    "rechazar todo",
    "rechazar todas",
    "denegar",
    "no acepto",
    "solo necesarias",
    "sólo necesarias",
    "solo las necesarias",
    "sólo las necesarias",
    "solo esenciales",
    "continuar sin aceptar",
    "sin aceptar",
    // Italian
    "rifiuta",
    "rifiuta tutto",
    "rifiuta tutti",
    "rifiutare",
    "rifiuto",
    "nega",
    "non accetto",
    "solo necessari",
    "solo necessarie",
    "solo i necessari",
    "solo essenziali",
    "continua senza accettare",
    "senza accettare",
    // Dutch
    "weigeren",
    "alles weigeren",
    "alle weigeren",
    "weiger",
    "afwijzen",
    "alles afwijzen",
    "wijs af",
    "niet akkoord",
    "alleen noodzakelijk",
    "alleen noodzakelijke",
    "alleen functioneel",
    "alleen functionele",
    "alleen essentiële",
    "doorgaan zonder te accepteren",
    "zonder te accepteren",
];

const SAVE: &[&str] = &[
    "save",
    "save settings",
    "save preferences",
    "save my choices",
    "save choices",
    "confirm my choices",
    "confirm choices",
    "confirm selection",
    "accept selection",
    "accept selected",
    "allow selection",
    "speichern",
    "einstellungen speichern",
    "auswahl speichern",
    "auswahl bestätigen",
    "auswahl akzeptieren",
    "auswahl erlauben",
    "auswahl zulassen",
    "enregistrer",
    "enregistrer mes choix",
    "valider mes choix",
    "confirmer mes choix",
    "accepter la sélection",
    "guardar",
    "guardar preferencias",
    "guardar configuración",
    "confirmar selección",
    "aceptar selección",
    "salva",
    "salva preferenze",
    "salva impostazioni",
    "conferma le scelte",
    "accetta selezionati",
    "opslaan",
    "voorkeuren opslaan",
    "instellingen opslaan",
    "selectie toestaan",
    "bevestig keuze",
    "keuze opslaan",
];

const SETTINGS: &[&str] = &[
    "settings",
    "cookie settings",
    "preferences",
    "cookie preferences",
    "manage",
    "manage preferences",
    "manage cookies",
    "manage options",
    "manage settings",
    "customize",
    "customise",
    "options",
    "more options",
    "configure",
    "set preferences",
    "privacy settings",
    "show purposes",
    "let me choose",
    "einstellungen",
    "cookie einstellungen",
    "anpassen",
    "verwalten",
    "optionen",
    "mehr optionen",
    "präferenzen",
    "individuelle einstellungen",
    "individuell anpassen",
    "konfigurieren",
    "details anzeigen",
    "auswählen",
    "paramètres",
    "paramétrer",
    "configurer",
    "personnaliser",
    "préférences",
    "gérer",
    "gérer les préférences",
    "options",
    "plus d options",
    "en savoir plus et personnaliser",
    "configuración",
    "configurar",
    "personalizar",
    "preferencias",
    "gestionar",
    "opciones",
    "ajustes",
    "más opciones",
    "impostazioni",
    "personalizza",
    "preferenze",
    "gestisci",
    "gestisci preferenze",
    "configura",
    "opzioni",
    "più opzioni",
    "instellingen",
    "voorkeuren",
    "aanpassen",
    "beheren",
    "opties",
    "meer opties",
    "zelf instellen",
    "configureren",
];

const PAY: &[&str] = &[
    "subscribe",
    "subscribe now",
    "pay",
    "ad free",
    "go ad free",
    "without ads",
    "abonnieren",
    "abo",
    "pur abo",
    "jetzt abonnieren",
    "werbefrei",
    "ohne werbung",
    "s abonner",
    "abonnez vous",
    "sans publicité",
    "payer",
    "suscribirse",
    "suscríbete",
    "sin publicidad",
    "pagar",
    "abbonati",
    "abbonarsi",
    "senza pubblicità",
    "paga",
    "abonneren",
    "abonnement",
    "zonder advertenties",
    "betalen",
];

const ACCEPT: &[&str] = &[
    "accept",
    "accept all",
    "accept cookies",
    "accept all cookies",
    "allow",
    "allow all",
    "allow cookies",
    "allow all cookies",
    "agree",
    "i agree",
    "agree and close",
    "got it",
    "ok",
    "okay",
    "yes",
    "i understand",
    "understood",
    "i accept",
    "accept and continue",
    "accept close",
    "consent",
    "akzeptieren",
    "alle akzeptieren",
    "alles akzeptieren",
    "alle cookies akzeptieren",
    "zustimmen",
    "allen zustimmen",
    "alle zulassen",
    "zulassen",
    "einverstanden",
    "annehmen",
    "alle annehmen",
    "erlauben",
    "alle erlauben",
    "verstanden",
    "ich stimme zu",
    "akzeptieren und schließen",
    "accepter",
    "tout accepter",
    "j accepte",
    "accepter tout",
    "accepter et fermer",
    "autoriser",
    "tout autoriser",
    "d accord",
    "accepter et continuer",
    "oui",
    "aceptar",
    "aceptar todo",
    "aceptar todas",
    "acepto",
    "permitir",
    "permitir todas",
    "de acuerdo",
    "entendido",
    "aceptar y continuar",
    "aceptar y cerrar",
    "accetta",
    "accetta tutto",
    "accetta tutti",
    "accetto",
    "accettare",
    "accettare tutti",
    "acconsento",
    "consenti",
    "accetta e chiudi",
    "accetta e continua",
    "ho capito",
    "va bene",
    "accepteren",
    "alles accepteren",
    "alle accepteren",
    "accepteer",
    "akkoord",
    "ik ga akkoord",
    "toestaan",
    "alles toestaan",
    "alle cookies toestaan",
    "alle cookies accepteren",
    "prima",
];

const CLOSE_WORDS: &[&str] = &["close", "dismiss", "schließen", "schliessen", "fermer", "cerrar", "chiudi", "sluiten"];
const CLOSE_SYMBOLS: &[&str] = &["×", "✕", "✖", "╳", "x", "X", "⨯"];

/// "Only", in the six languages: "only … necessary" says no to the rest, however it is worded
/// ("Accept only technically necessary cookies", "Accettare solo i cookie tecnicamente necessari").
const ONLY: &[&str] = &[
    "only",
    "nur",
    "ausschließlich",
    "uniquement",
    "seulement",
    "solo",
    "sólo",
    "solamente",
    "soltanto",
    "alleen",
    "enkel",
];

/// Stems of the purposes the law lets a shop switch on without asking.
const NECESSARY_STEMS: &[&str] = &[
    "necessar",
    "necesari",
    "nécessaire",
    "strictly",
    "essential",
    "essenziell",
    "essentiel",
    "esencial",
    "essenzial",
    "essentieel",
    "required",
    "notwendig",
    "erforderlich",
    "technisch",
    "technique",
    "técnic",
    "tecnic",
    "noodzakelijk",
];

/// Words of a pay-or-accept offer, and signs that money is meant.
const PAY_TEXT: &[&str] = &[
    "subscribe",
    "subscription",
    "ad free",
    "abonnieren",
    "abo",
    "werbefrei",
    "ohne werbung",
    "s abonner",
    "abonnement",
    "sans publicité",
    "suscribirse",
    "suscripción",
    "sin publicidad",
    "abbonati",
    "abbonamento",
    "senza pubblicità",
    "abonneren",
    "zonder advertenties",
    "pur abo",
];
const MONEY: &[&str] = &["€", "$", "£", "chf", "eur", "usd", "month", "monat", "mois", "mes", "mese", "maand"];

/// Lower case, every run of anything but letters and digits one space, trimmed. The whole
/// text: callers bound it (labels by `limits::TEXT`, banner text in [`offers_payment`]).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// `phrase` (already folded) occurs in `folded` as whole words.
fn has_phrase(folded: &str, phrase: &str) -> bool {
    let mut start = 0;
    while let Some(pos) = folded[start..].find(phrase) {
        let at = start + pos;
        let end = at + phrase.len();
        let before_ok = at == 0 || folded.as_bytes()[at - 1] == b' ';
        let after_ok = end == folded.len() || folded.as_bytes()[end] == b' ';
        if before_ok && after_ok {
            return true;
        }
        start = at + folded[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The phrase lists are written folded (a test holds them to it), so only the label is
/// folded here, once per label rather than once per phrase.
fn any_phrase(folded: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| has_phrase(folded, p))
}

/// What a banner button with this label does.
pub fn role(label: &str) -> Role {
    let trimmed = label.trim();
    if CLOSE_SYMBOLS.contains(&trimmed) {
        return Role::Close;
    }
    let folded = fold(trimmed);
    if folded.is_empty() {
        return Role::Other;
    }
    if any_phrase(&folded, REJECT) || only_necessary(&folded) {
        Role::Reject
    } else if any_phrase(&folded, SAVE) {
        Role::Save
    } else if any_phrase(&folded, SETTINGS) {
        Role::Settings
    } else if any_phrase(&folded, PAY) {
        Role::Pay
    } else if any_phrase(&folded, ACCEPT) {
        Role::Accept
    } else if any_phrase(&folded, CLOSE_WORDS) {
        Role::Close
    } else {
        Role::Other
    }
}

/// "Only" followed, anywhere later in the label, by a word for the necessary purposes.
fn only_necessary(folded: &str) -> bool {
    let mut words = folded.split(' ');
    words.by_ref().any(|w| ONLY.contains(&w)) && words.any(|w| NECESSARY_STEMS.iter().any(|stem| w.starts_with(stem)))
}

/// A purpose the law lets a shop switch on without asking ("Strictly necessary", "Notwendig").
pub fn is_necessary_purpose(label: &str) -> bool {
    let lower = label.to_lowercase();
    NECESSARY_STEMS.iter().any(|stem| lower.contains(stem))
}

/// The banner's text offers paying as the way around accepting ("PUR-Abo für 2,99 €/Monat").
pub fn offers_payment(text: &str) -> bool {
    let folded = fold(&text.chars().take(4_000).collect::<String>());
    let lower = text.to_lowercase();
    any_phrase(&folded, PAY_TEXT)
        && MONEY.iter().any(|m| if m.is_ascii() && m.len() > 1 { has_phrase(&folded, m) } else { lower.contains(m) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_lists_are_written_folded() {
        for list in [REJECT, SAVE, SETTINGS, PAY, ACCEPT, CLOSE_WORDS, PAY_TEXT] {
            for phrase in list {
                assert_eq!(fold(phrase), *phrase, "write {phrase:?} as fold() gives it");
            }
        }
    }

    #[test]
    fn six_languages() {
        for (label, expected) in [
            ("Reject all", Role::Reject),
            ("Accept all", Role::Accept),
            ("Manage preferences", Role::Settings),
            ("Alle ablehnen", Role::Reject),
            ("Alle akzeptieren", Role::Accept),
            ("Einstellungen", Role::Settings),
            ("Tout refuser", Role::Reject),
            ("J'accepte", Role::Accept),
            ("Personnaliser", Role::Settings),
            ("Rechazar todo", Role::Reject),
            ("Aceptar todas", Role::Accept),
            ("Configurar", Role::Settings),
            ("Rifiuta tutto", Role::Reject),
            ("Accetta tutti", Role::Accept),
            ("Personalizza", Role::Settings),
            ("Alles weigeren", Role::Reject),
            ("Alles accepteren", Role::Accept),
            ("Instellingen", Role::Settings),
        ] {
            assert_eq!(role(label), expected, "{label}");
        }
    }

    #[test]
    fn negations_and_selections_are_not_accept() {
        assert_eq!(role("Continue without accepting →"), Role::Reject);
        assert_eq!(role("Nur notwendige Cookies akzeptieren"), Role::Reject);
        assert_eq!(role("Accept necessary only"), Role::Reject);
        assert_eq!(role("Auswahl akzeptieren"), Role::Save);
        assert_eq!(role("Allow selection"), Role::Save);
        assert_eq!(role("Unacceptable"), Role::Other);
        assert_eq!(role("×"), Role::Close);
        assert_eq!(role("PUR-Abo abschließen"), Role::Pay);
    }

    /// Labels of the consent corpus's libraries (cookie-consent-js, Orejime) and their kin.
    #[test]
    fn only_necessary_however_worded_and_configure() {
        assert_eq!(role("Accettare solo i cookie tecnicamente necessari"), Role::Reject);
        assert_eq!(role("Accept only technically necessary cookies"), Role::Reject);
        assert_eq!(role("Nur technisch notwendige Cookies"), Role::Reject);
        assert_eq!(role("Accepter uniquement les cookies nécessaires"), Role::Reject);
        assert_eq!(role("Alleen noodzakelijke cookies toestaan"), Role::Reject);
        assert_eq!(role("Accettare tutti i cookie"), Role::Accept);
        assert_eq!(role("Only the best cookies"), Role::Other);
        assert_eq!(role("Konfigurieren"), Role::Settings);
        assert_eq!(role("Configurer"), Role::Settings);
    }

    #[test]
    fn necessary_purposes_and_payment_offers() {
        assert!(is_necessary_purpose("Strictly necessary cookies"));
        assert!(is_necessary_purpose("Technisch notwendige Cookies"));
        assert!(!is_necessary_purpose("Marketing"));
        assert!(offers_payment("Werbefrei lesen mit PUR-Abo für 2,99 € im Monat"));
        assert!(!offers_payment("We use cookies. Subscribe to our newsletter below."));
    }

    /// A long banner explains its purposes first; the pay-or-accept offer often comes last.
    #[test]
    fn payment_offer_past_the_first_500_characters_is_read() {
        let purposes = "Wir und unsere 142 Partner speichern und lesen Informationen auf Ihrem Gerät. ".repeat(8);
        assert!(purposes.chars().count() > 500);
        let text = format!("{purposes}Oder werbefrei lesen mit PUR-Abo für 2,99 € im Monat.");
        assert!(offers_payment(&text));
    }
}
