//! A value written as JSON with what the shopper typed redacted from its strings while they
//! are written: the text `serde_json::to_string` writes, except that each string value (not
//! an object's key) goes through [`redact_text`] first, as [`super::redact::scrub_json`]
//! does to a `serde_json::Value`. The worker's `evaluate` writes its report this way, in one
//! pass, without turning the report into a `Value` and reading a `Report` back from it.

use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

use super::redact::redact_text;
use super::TokenSet;

/// `value` as compact JSON, its string values scrubbed of `tokens` (as they are when `None`).
/// Empty if the value cannot be written as JSON (as `serde_json::to_string(..).unwrap_or_default()`).
pub fn to_string<T: Serialize>(value: &T, tokens: Option<&TokenSet>) -> String {
    let mut out = Vec::with_capacity(4096);
    let formatter = Scrubbing { tokens, in_key: false, text: None };
    let mut writer = serde_json::Serializer::with_formatter(&mut out, formatter);
    if value.serialize(&mut writer).is_err() {
        return String::new();
    }
    // serde_json writes valid UTF-8, and so does `Scrubbing` (whole strings, escaped by
    // serde_json).
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's compact formatter, holding back each string value until its end to write it
/// scrubbed.
struct Scrubbing<'a> {
    tokens: Option<&'a TokenSet>,
    /// Between `begin_object_key` and `end_object_key`: keys are never scrubbed.
    in_key: bool,
    /// The string value being written, unescaped, while it is held back.
    text: Option<String>,
}

impl Formatter for Scrubbing<'_> {
    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.in_key = true;
        CompactFormatter.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.in_key = false;
        CompactFormatter.end_object_key(writer)
    }

    fn begin_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if self.tokens.is_some() && !self.in_key {
            self.text = Some(String::new());
            return Ok(());
        }
        CompactFormatter.begin_string(writer)
    }

    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        match &mut self.text {
            Some(text) => {
                text.push_str(fragment);
                Ok(())
            }
            None => CompactFormatter.write_string_fragment(writer, fragment),
        }
    }

    fn write_char_escape<W: ?Sized + io::Write>(&mut self, writer: &mut W, escape: CharEscape) -> io::Result<()> {
        let Some(text) = &mut self.text else {
            return CompactFormatter.write_char_escape(writer, escape);
        };
        text.push(match escape {
            CharEscape::Quote => '"',
            CharEscape::ReverseSolidus => '\\',
            CharEscape::Solidus => '/',
            CharEscape::Backspace => '\u{8}',
            CharEscape::FormFeed => '\u{c}',
            CharEscape::LineFeed => '\n',
            CharEscape::CarriageReturn => '\r',
            CharEscape::Tab => '\t',
            CharEscape::AsciiControl(byte) => char::from(byte),
        });
        Ok(())
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        let (Some(text), Some(tokens)) = (self.text.take(), self.tokens) else {
            return CompactFormatter.end_string(writer);
        };
        let text = redact_text(tokens, &text).unwrap_or(text);
        // Quoted and escaped by serde_json itself, as the string would have been.
        writer.write_all(serde_json::to_string(&text).map_err(io::Error::other)?.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::typed::{PersonalKind, TypedEntry};
    use crate::typed::TypedField;

    const EMAIL: &str = "probe.k3x9@example.com";

    fn tokens() -> TokenSet {
        TokenSet::derive(&[TypedField { kind: PersonalKind::Email, entry: TypedEntry::new(EMAIL, 0.0) }], None)
    }

    /// The same text as scrubbing a `Value` and writing it, on strings with escapes and
    /// non-ASCII around the typed value, nested in arrays and objects; keys left alone.
    #[test]
    fn writes_what_scrubbing_a_value_writes() {
        let tokens = tokens();
        let value = serde_json::json!({
            "a": format!("https://t.example/?e={EMAIL}&q=\"ü\"\n\t\u{1}/"),
            "list": [EMAIL, 1.5, null, true, {"deep": format!("x {EMAIL} y\\z")}],
            EMAIL: "the key stays",
            "plain": "nothing typed \"here\" \u{7f} é",
        });
        let mut scrubbed = value.clone();
        crate::typed::redact::scrub_json(&tokens, &mut scrubbed);
        let written = to_string(&value, Some(&tokens));
        assert_eq!(written, serde_json::to_string(&scrubbed).unwrap());
        assert_eq!(written.matches(EMAIL).count(), 1, "only the key holds it: {written}");
        assert!(written.contains(&format!("\"{EMAIL}\":\"the key stays\"")), "{written}");
        assert_ne!(written, serde_json::to_string(&value).unwrap());
        // Without tokens: serde_json's own text.
        assert_eq!(to_string(&value, None), serde_json::to_string(&value).unwrap());
    }
}
