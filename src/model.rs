//! The marketplace's data shapes: skill records, index entries and aliases (seed 001).

use serde_json::{Map, Value};

use crate::schema::{value, FieldColumn, SkillTable};
use crate::store::Row;

/// The slug of a `skill:{slug}` key, if the key has the prefix and a non-empty rest.
pub fn slug_from_key<'a>(key: &'a str, prefix: &str) -> Option<&'a str> {
    key.strip_prefix(prefix).filter(|s| !s.is_empty())
}

/// One entry of `skills:published-index`: a slug string or an object with `name`.
#[derive(Clone, Debug, PartialEq)]
pub enum IndexEntry {
    Slug(String),
    Object(Map<String, Value>),
    /// Anything else (a number, an object without a string `name`): kept, reported as malformed.
    Invalid(Value),
}

impl IndexEntry {
    pub fn from_value(v: Value) -> Self {
        match v {
            Value::String(s) => IndexEntry::Slug(s),
            Value::Object(m) if m.get("name").and_then(Value::as_str).is_some() => {
                IndexEntry::Object(m)
            }
            other => IndexEntry::Invalid(other),
        }
    }
    pub fn slug(&self) -> Option<&str> {
        match self {
            IndexEntry::Slug(s) => Some(s),
            IndexEntry::Object(m) => m.get("name").and_then(Value::as_str),
            IndexEntry::Invalid(_) => None,
        }
    }
    pub fn to_value(&self) -> Value {
        match self {
            IndexEntry::Slug(s) => Value::String(s.clone()),
            IndexEntry::Object(m) => Value::Object(m.clone()),
            IndexEntry::Invalid(v) => v.clone(),
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
    let v: Value = serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
    match v {
        Value::Array(items) => Ok(items.into_iter().map(IndexEntry::from_value).collect()),
        other => Err(format!(
            "expected a JSON array, found {}",
            json_type(&other)
        )),
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

/// Why a skill record is malformed: not a JSON object, no string `name`, or a `name` that is not
/// its key's slug.
pub fn parse_skill_record(bytes: &[u8], slug: &str) -> Result<Map<String, Value>, String> {
    let rec = parse_record(bytes)?;
    match rec.get("name") {
        Some(Value::String(name)) if name == slug => Ok(rec),
        Some(Value::String(name)) => Err(format!("name {name:?} differs from key slug {slug:?}")),
        _ => Err("missing name".into()),
    }
}

/// A KV record built from a durable row over `base` (the record there now): fields the row holds
/// with another meaning are replaced, everything else — fields equal by meaning, fields with no
/// column, unknown fields — is kept exactly as it was.
pub fn record_from_row(
    table: &SkillTable,
    row: &Row,
    slug: &str,
    base: Option<&Map<String, Value>>,
) -> Map<String, Value> {
    let mut rec = base.cloned().unwrap_or_default();
    if rec.get("name").and_then(Value::as_str) != Some(slug) {
        rec.insert("name".into(), Value::String(slug.to_string()));
    }
    for f in &table.fields {
        let db = row.get(&f.column);
        // Over a record, a field equal in meaning stays as written (even when absent).
        if base.is_some() && field_same(table, f, rec.get(&f.field), db) {
            continue;
        }
        let v = value::to_record(f.meaning, f.ty, db.unwrap_or(&Value::Null));
        if v.is_null() && !rec.contains_key(&f.field) {
            continue;
        }
        rec.insert(f.field.clone(), v);
    }
    rec
}

/// Whether a KV field and its column mean the same. A field the record does not hold (or holds as
/// null) stands for the column's default when the column is `NOT NULL` with one: the app's insert
/// without the field stored that default (`trendingScore7d` absent = `0`, `labels` absent = `'[]'`).
fn field_same(table: &SkillTable, f: &FieldColumn, kv: Option<&Value>, db: Option<&Value>) -> bool {
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
        .filter(|f| !field_same(table, f, record.get(&f.field), row.get(&f.column)))
        .map(|f| {
            (
                f.field.clone(),
                record.get(&f.field).cloned().unwrap_or(Value::Null),
                value::to_record(f.meaning, f.ty, row.get(&f.column).unwrap_or(&Value::Null)),
            )
        })
        .collect()
}
