//! The marketplace's data shapes: skill records, index entries and aliases (seed 001).

use serde_json::{Map, Value};

use crate::schema::{value, FieldColumn, SkillTable};
use crate::store::Row;

pub mod identity;

/// The slug of a `skill:{slug}` key, if the key has the prefix and a non-empty rest.
pub fn slug_from_key<'a>(key: &'a str, prefix: &str) -> Option<&'a str> {
    key.strip_prefix(prefix).filter(|s| !s.is_empty())
}

/// One entry of `skills:published-index`: a slug string or an object naming its slug in `slug`
/// (the platform's entries) or, without one, in `name`. The rare shapes are boxed: an index of a
/// million slug strings is then 24 bytes an entry, not 80.
#[derive(Clone, Debug, PartialEq)]
pub enum IndexEntry {
    Slug(String),
    Object(Box<Map<String, Value>>),
    /// Anything else (a number, an object whose identity field is not a string): kept,
    /// reported as malformed.
    Invalid(Box<Value>),
}

/// The slug an index object names: its `slug` when it has that field, else its `name`.
pub fn object_slug(m: &Map<String, Value>) -> Option<&str> {
    m.get(identity::field(m)).and_then(Value::as_str)
}

impl IndexEntry {
    pub fn from_value(v: Value) -> Self {
        match v {
            Value::String(s) => IndexEntry::Slug(s),
            Value::Object(m) if object_slug(&m).is_some() => IndexEntry::Object(Box::new(m)),
            other => IndexEntry::Invalid(Box::new(other)),
        }
    }
    /// The entry's identity: the string itself, or the object's `slug`, else its `name`.
    pub fn slug(&self) -> Option<&str> {
        match self {
            IndexEntry::Slug(s) => Some(s),
            IndexEntry::Object(m) => object_slug(m),
            IndexEntry::Invalid(_) => None,
        }
    }
    pub fn to_value(&self) -> Value {
        match self {
            IndexEntry::Slug(s) => Value::String(s.clone()),
            IndexEntry::Object(m) => Value::Object((**m).clone()),
            IndexEntry::Invalid(v) => (**v).clone(),
        }
    }
}

/// The shape the index uses, so a rewrite keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexShape {
    /// Empty or missing: new entries are slug strings.
    Empty,
    Strings,
    Objects,
    /// Both kinds present: new entries follow the majority (ties → strings).
    Mixed,
}

impl IndexShape {
    /// (slug strings, summary objects) among the entries.
    fn counts(entries: &[IndexEntry]) -> (usize, usize) {
        entries.iter().fold((0, 0), |(s, o), e| match e {
            IndexEntry::Slug(_) => (s + 1, o),
            IndexEntry::Object(_) => (s, o + 1),
            IndexEntry::Invalid(_) => (s, o),
        })
    }
    pub fn of(entries: &[IndexEntry]) -> Self {
        match Self::counts(entries) {
            (0, 0) => IndexShape::Empty,
            (_, 0) => IndexShape::Strings,
            (0, _) => IndexShape::Objects,
            _ => IndexShape::Mixed,
        }
    }
    /// Whether new entries should be summary objects (the majority shape; ties → strings).
    pub fn new_entries_are_objects(entries: &[IndexEntry]) -> bool {
        let (strings, objects) = Self::counts(entries);
        objects > strings
    }
    pub fn as_str(self) -> &'static str {
        match self {
            IndexShape::Empty => "empty",
            IndexShape::Strings => "strings",
            IndexShape::Objects => "objects",
            IndexShape::Mixed => "mixed",
        }
    }
}

/// Parses the index blob. `Err` carries a one-line reason when it is not a JSON array.
pub fn parse_index(bytes: &[u8]) -> Result<Vec<IndexEntry>, String> {
    // Straight into entries: no tree of `Value`s beside them (at a million slugs that tree was
    // ~100 MB at the peak of a health read).
    match serde_json::from_slice::<IndexBlob>(bytes) {
        Ok(IndexBlob::Entries(mut entries)) => {
            entries.shrink_to_fit();
            Ok(entries)
        }
        Ok(IndexBlob::Not(kind)) => Err(format!("expected a JSON array, found {kind}")),
        Err(e) => Err(format!("not valid JSON: {e}")),
    }
}

/// The index blob as parsed: its entries, or the JSON type it has instead of an array.
enum IndexBlob {
    Entries(Vec<IndexEntry>),
    Not(&'static str),
}

impl<'de> serde::Deserialize<'de> for IndexBlob {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Blob;
        impl<'de> serde::de::Visitor<'de> for Blob {
            type Value = IndexBlob;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<IndexBlob, A::Error> {
                let mut entries = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(e) = seq.next_element::<IndexEntry>()? {
                    entries.push(e);
                }
                Ok(IndexBlob::Entries(entries))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<IndexBlob, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(IndexBlob::Not("object"))
            }
            fn visit_str<E>(self, _: &str) -> Result<IndexBlob, E> {
                Ok(IndexBlob::Not("string"))
            }
            fn visit_bool<E>(self, _: bool) -> Result<IndexBlob, E> {
                Ok(IndexBlob::Not("boolean"))
            }
            fn visit_i64<E>(self, _: i64) -> Result<IndexBlob, E> {
                Ok(IndexBlob::Not("number"))
            }
            fn visit_u64<E>(self, _: u64) -> Result<IndexBlob, E> {
                Ok(IndexBlob::Not("number"))
            }
            fn visit_f64<E>(self, _: f64) -> Result<IndexBlob, E> {
                Ok(IndexBlob::Not("number"))
            }
            fn visit_unit<E>(self) -> Result<IndexBlob, E> {
                Ok(IndexBlob::Not("null"))
            }
        }
        d.deserialize_any(Blob)
    }
}

/// One entry read straight from JSON: a string is a slug (no `Value` made for it); anything
/// else goes through [`IndexEntry::from_value`].
impl<'de> serde::Deserialize<'de> for IndexEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
        struct Entry;
        impl<'de> serde::de::Visitor<'de> for Entry {
            type Value = IndexEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an index entry")
            }
            fn visit_str<E>(self, s: &str) -> Result<IndexEntry, E> {
                Ok(IndexEntry::Slug(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<IndexEntry, E> {
                Ok(IndexEntry::Slug(s))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<IndexEntry, A::Error> {
                let v = Value::deserialize(MapAccessDeserializer::new(map))?;
                Ok(IndexEntry::from_value(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<IndexEntry, A::Error> {
                let v = Value::deserialize(SeqAccessDeserializer::new(seq))?;
                Ok(IndexEntry::from_value(v))
            }
            fn visit_bool<E>(self, b: bool) -> Result<IndexEntry, E> {
                Ok(IndexEntry::from_value(Value::Bool(b)))
            }
            fn visit_i64<E>(self, n: i64) -> Result<IndexEntry, E> {
                Ok(IndexEntry::from_value(Value::from(n)))
            }
            fn visit_u64<E>(self, n: u64) -> Result<IndexEntry, E> {
                Ok(IndexEntry::from_value(Value::from(n)))
            }
            fn visit_f64<E>(self, n: f64) -> Result<IndexEntry, E> {
                Ok(IndexEntry::from_value(Value::from(n)))
            }
            fn visit_unit<E>(self) -> Result<IndexEntry, E> {
                Ok(IndexEntry::from_value(Value::Null))
            }
        }
        use serde::Deserialize as _;
        d.deserialize_any(Entry)
    }
}

/// Parses an alias value: `{"target": "newSlug"}`, a JSON string, or a bare slug as plain text.
pub fn parse_alias(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    match serde_json::from_str::<Value>(trimmed) {
        Ok(Value::Object(m)) => match m.get("target").and_then(Value::as_str) {
            Some(t) if !t.is_empty() => Ok(t.to_string()),
            _ => Err("alias object has no string \"target\"".into()),
        },
        Ok(Value::String(s)) if !s.is_empty() => Ok(s),
        Ok(other) => Err(format!(
            "alias is a JSON {}, expected an object or a slug",
            json_type(&other)
        )),
        Err(_) if !trimmed.is_empty() && !trimmed.contains(char::is_whitespace) => {
            Ok(trimmed.to_string())
        }
        Err(_) => Err("alias is neither JSON nor a bare slug".into()),
    }
}

/// Parses a skill record; `Err` when it is not a JSON object.
pub fn parse_record(bytes: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => Err(format!(
            "expected a JSON object, found {}",
            json_type(&other)
        )),
        Err(e) => Err(format!("not valid JSON: {e}")),
    }
}

pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A skill record, or why it is malformed: not a JSON object, or an identity that contradicts
/// its key's slug (see [`identity`]: a `slug` field naming another slug, or, without one, a
/// `name` that is not the key's slug).
pub fn parse_skill_record(bytes: &[u8], slug: &str) -> Result<Map<String, Value>, String> {
    let rec = parse_record(bytes)?;
    match identity::contradiction(&rec, slug) {
        None => Ok(rec),
        Some(why) => Err(why),
    }
}

/// A KV record built from a durable row over `base` (the record there now): fields the row holds
/// with another meaning are replaced, everything else — fields equal by meaning, fields with no
/// column, fields the record does not hold (other than seed 001's), unknown fields — is kept
/// exactly as it was. Without a base, every mapped column with a value is carried. A value is
/// spelled as the record spells that field, else as the store's records do
/// ([`FieldColumn::spelled`]), else by the column's type.
pub fn record_from_row(
    table: &SkillTable,
    row: &Row,
    slug: &str,
    base: Option<&Map<String, Value>>,
) -> Map<String, Value> {
    let mut rec = base.cloned().unwrap_or_default();
    // The key's slug in the record's identity field; a base name beside a `slug` stays.
    identity::stamp(&mut rec, slug, false);
    for f in &table.fields {
        let db = row.get(&f.column);
        let name = f.name_in(&rec).to_string();
        // Over a record, a field equal in meaning stays as written (even when absent).
        if base.is_some() && field_same(table, f, rec.get(&name), db) {
            continue;
        }
        let v = value::to_record(f.meaning, f.ty, db.unwrap_or(&Value::Null));
        if v.is_null() && !rec.contains_key(&name) {
            continue;
        }
        let how = rec.get(&name).and_then(value::spelling_of).or(f.spelled);
        let v = match how {
            Some(how) => value::spell(v, how),
            None => v,
        };
        rec.insert(name, v);
    }
    rec
}

/// Whether a KV field and its column mean the same. A field the record does not hold (or holds as
/// null) stands for the column's default when the column is `NOT NULL` with one: the app's insert
/// without the field stored that default (`trendingScore7d` absent = `0`, `labels` absent = `'[]'`).
/// A field other than seed 001's that the record does not hold is not compared at all.
fn field_same(table: &SkillTable, f: &FieldColumn, kv: Option<&Value>, db: Option<&Value>) -> bool {
    if kv.is_none() && !f.always {
        return true;
    }
    if value::same(f.meaning, kv, db) {
        return true;
    }
    if !kv.is_none_or(Value::is_null) {
        return false;
    }
    table
        .column(&f.column)
        .filter(|c| !c.nullable)
        .and_then(|c| c.default.as_deref())
        .and_then(crate::durable::rows::literal_default)
        .is_some_and(|d| value::same(f.meaning, Some(&d), db))
}

/// Field-level comparison of a KV record and a durable row over the fields this table has a
/// column for: `(field, kv_value, durable_value)` for each that differs in meaning, the durable
/// value in the record's form (labels as an array, numbers as numbers).
pub fn record_row_differences(
    table: &SkillTable,
    record: &Map<String, Value>,
    row: &Row,
) -> Vec<(String, Value, Value)> {
    table
        .fields
        .iter()
        .filter(|f| {
            !field_same(
                table,
                f,
                f.in_record(record).map(|(_, v)| v),
                row.get(&f.column),
            )
        })
        .map(|f| {
            (
                f.name_in(record).to_string(),
                f.in_record(record).map_or(Value::Null, |(_, v)| v.clone()),
                value::to_record(f.meaning, f.ty, row.get(&f.column).unwrap_or(&Value::Null)),
            )
        })
        .collect()
}

#[cfg(test)]
mod index_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_index_parses_straight_into_entries_as_it_did_through_values() {
        let blob = json!(["a", {"name": "b", "x": [1, {"y": null}]}, {"noname": 1}, 42, -1, 1.5,
            true, null, [1, "c"], ""]);
        let through_values: Vec<IndexEntry> = blob
            .as_array()
            .unwrap()
            .iter()
            .cloned()
            .map(IndexEntry::from_value)
            .collect();
        assert_eq!(parse_index(blob.to_string().as_bytes()), Ok(through_values));
        assert_eq!(parse_index(b" [ ] "), Ok(vec![]));
    }

    #[test]
    fn a_blob_that_is_not_an_array_says_what_it_is() {
        for (blob, kind) in [
            (r#"{"a": [1, 2]}"#, "object"),
            (r#""s""#, "string"),
            ("7", "number"),
            ("-7", "number"),
            ("7.5", "number"),
            ("false", "boolean"),
            ("null", "null"),
        ] {
            assert_eq!(
                parse_index(blob.as_bytes()),
                Err(format!("expected a JSON array, found {kind}")),
                "{blob}"
            );
        }
        for blob in ["[1, 2", "{\"a\": }", "[] x", ""] {
            let err = parse_index(blob.as_bytes()).unwrap_err();
            assert!(err.starts_with("not valid JSON: "), "{blob}: {err}");
        }
    }
}
