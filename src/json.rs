//! Reading the core's JSON inputs (page facts, typed inputs, consent facts, a report) into
//! their types: `serde_json` underneath, with one difference in what it accepts, a struct
//! only as a JSON object. `serde_json` also reads a struct from an array of its fields in
//! order (`[1, "a"]` for `{"x": 1, "y": "a"}`), so every `Deserialize` derive compiled a
//! second reader per struct for that form, which no caller of the core ever sends: about
//! 60 KB of wasm that the worker decoded and validated at every start. Here a struct is read
//! with `deserialize_map`, the object form alone, at every level of nesting (the wrappers
//! below carry the rule down through sequences, maps, options and enums). Any other JSON
//! reads as with `serde_json::from_str` / `from_value`.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use std::fmt;

/// `serde_json::from_str`, structs from objects only (see the module notes).
pub fn from_str<'a, T: de::Deserialize<'a>>(json: &'a str) -> serde_json::Result<T> {
    let mut reader = serde_json::Deserializer::from_str(json);
    let value = T::deserialize(Objects(&mut reader))?;
    reader.end()?;
    Ok(value)
}

/// `serde_json::from_value`, structs from objects only (see the module notes).
pub fn from_value<T: de::DeserializeOwned>(value: serde_json::Value) -> serde_json::Result<T> {
    T::deserialize(Objects(value))
}

/// A deserializer that reads a struct as a map and hands every nested deserializer on
/// wrapped the same way.
struct Objects<D>(D);

/// The visitor of a value read through [`Objects`]: what it is given to read further (an
/// option's content, a sequence, a map, an enum) is wrapped in turn.
struct Visit<V>(V);

struct Seq<A>(A);
struct Map<A>(A);
struct Enum<A>(A);
struct Variant<A>(A);
struct Seed<S>(S);

macro_rules! forward {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(Visit(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Objects<D> {
    type Error = D::Error;

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Visit(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Visit(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Visit(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Visit(visitor))
    }

    /// The one change: a struct is a map (an object), never a sequence.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Visit(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Visit(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! visit {
    ($($method:ident: $ty:ty)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Visit<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    visit! {
        visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64 visit_i128: i128
        visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64 visit_u128: u128
        visit_f32: f32 visit_f64: f64 visit_char: char visit_str: &str visit_borrowed_str: &'de str
        visit_string: String visit_bytes: &[u8] visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Objects(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Objects(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Seq(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Map(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Enum(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Objects(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Enum<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self::Variant), A::Error> {
        self.0.variant_seed(Seed(seed)).map(|(value, variant)| (value, Variant(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Visit(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Visit(visitor))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Inner {
        x: u32,
        #[serde(default)]
        name: Option<String>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        One,
        Two,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Outer {
        inner: Inner,
        list: Vec<Inner>,
        maybe: Option<Inner>,
        kinds: Vec<Kind>,
        #[serde(default)]
        numbers: Vec<f64>,
    }

    const OUTER: &str = r#"{"inner": {"x": 1, "name": "a"}, "list": [{"x": 2}, {"x": 3, "unknown": [1]}],
        "maybe": null, "kinds": ["one", "two"], "numbers": [1, 2.5], "extra": {"y": [true]}}"#;

    /// Everything `serde_json` reads from objects reads the same here, at every depth.
    #[test]
    fn reads_what_serde_json_reads() {
        let ours: Outer = super::from_str(OUTER).unwrap();
        assert_eq!(ours, serde_json::from_str::<Outer>(OUTER).unwrap());
        let value: serde_json::Value = serde_json::from_str(OUTER).unwrap();
        assert_eq!(super::from_value::<Outer>(value).unwrap(), ours);
        assert_eq!(ours.list[1], Inner { x: 3, name: None });
    }

    /// A struct written as an array of its fields: `serde_json` takes it, this does not, at
    /// the top and nested, from text and from a value. Trailing text is an error as there.
    #[test]
    fn a_struct_is_an_object_only() {
        assert!(serde_json::from_str::<Inner>(r#"[1, "a"]"#).is_ok());
        assert!(super::from_str::<Inner>(r#"[1, "a"]"#).is_err());
        let nested = r#"{"inner": [1, null], "list": [], "maybe": null, "kinds": []}"#;
        assert!(serde_json::from_str::<Outer>(nested).is_ok());
        assert!(super::from_str::<Outer>(nested).is_err());
        assert!(super::from_value::<Outer>(serde_json::from_str(nested).unwrap()).is_err());
        assert!(super::from_str::<Inner>(r#"{"x": 1} x"#).is_err());
        assert!(super::from_str::<Inner>(r#"{"x": "1"}"#).is_err());
    }
}
