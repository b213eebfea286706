//! The marketplace's data shapes: skill records, index entries and aliases (seed 001).

use serde_json::{Map, Value};

use crate::schema::{ColumnKind, SKILL_COLUMNS};
use crate::store::{Row, SqlValue};

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

/// The durable value of one record field, normalised for comparison and for binding.
pub fn field_to_sql(record: &Map<String, Value>, field: &str, kind: ColumnKind) -> SqlValue {
    match (record.get(field), kind) {
        (None | Some(Value::Null), ColumnKind::JsonText) => SqlValue::Text("[]".into()),
        (None | Some(Value::Null), _) => SqlValue::Null,
        (Some(v), ColumnKind::JsonText) => SqlValue::Text(v.to_string()),
        (Some(Value::Number(n)), ColumnKind::Real) => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        (Some(Value::String(s)), ColumnKind::Real) => match s.parse::<f64>() {
            Ok(f) => SqlValue::Real(f),
            Err(_) => SqlValue::Text(s.clone()),
        },
        (Some(Value::String(s)), _) => SqlValue::Text(s.clone()),
        (Some(other), _) => SqlValue::Text(other.to_string()),
    }
}

/// The record field value a durable column holds (labels parsed back into JSON).
pub fn column_to_field(row: &Row, column: &str, kind: ColumnKind) -> Value {
    match (row.get(column), kind) {
        (None | Some(Value::Null), _) => Value::Null,
        (Some(Value::String(s)), ColumnKind::JsonText) => {
            serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone()))
        }
        (Some(Value::Number(n)), ColumnKind::Real) => {
            n.as_f64().map(Value::from).unwrap_or(Value::Null)
        }
        (Some(v), _) => v.clone(),
    }
}

/// A KV record built from a durable row, over `base` (an existing record) so unknown fields are kept.
pub fn record_from_row(
    row: &Row,
    slug: &str,
    base: Option<&Map<String, Value>>,
) -> Map<String, Value> {
    let mut rec = base.cloned().unwrap_or_default();
    rec.insert("name".into(), Value::String(slug.to_string()));
    for col in SKILL_COLUMNS {
        let v = column_to_field(row, col.column, col.kind);
        if v.is_null() && !rec.contains_key(col.field) {
            continue;
        }
        rec.insert(col.field.into(), v);
    }
    rec
}

/// Field-level comparison of a KV record and a durable row: `(field, kv_value, durable_value)`
/// for each field that differs. Numbers compare as f64, labels as JSON.
pub fn record_row_differences(
    record: &Map<String, Value>,
    row: &Row,
) -> Vec<(String, Value, Value)> {
    let mut diffs = Vec::new();
    for col in SKILL_COLUMNS {
        let kv = sql_to_json(&field_to_sql(record, col.field, col.kind));
        let db = sql_to_json(&field_to_sql(
            &{
                let mut m = Map::new();
                m.insert(col.field.into(), column_to_field(row, col.column, col.kind));
                m
            },
            col.field,
            col.kind,
        ));
        if !json_equal(&kv, &db) {
            diffs.push((
                col.field.to_string(),
                record.get(col.field).cloned().unwrap_or(Value::Null),
                column_to_field(row, col.column, col.kind),
            ));
        }
    }
    diffs
}

fn sql_to_json(v: &SqlValue) -> Value {
    match v {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(i) => Value::from(*i as f64),
        SqlValue::Real(f) => Value::from(*f),
        SqlValue::Text(s) => serde_json::from_str::<Value>(s)
            .ok()
            .filter(|v| v.is_array() || v.is_object())
            .unwrap_or_else(|| Value::String(s.clone())),
    }
}

fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64().unwrap_or(f64::NAN) - y.as_f64().unwrap_or(f64::NAN)).abs() < 1e-9
        }
        _ => a == b,
    }
}
