//! Values compared by meaning, per column: `90.4`, `"90.4"` and `90.40` are one number; a labels
//! array equals the same array as JSON text, `text[]` or `jsonb`; timestamps are equal when they
//! denote the same instant. Plus the conversions between a record field and a column value.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde_json::Value;

use super::table::{ColumnType, Meaning};
use super::Dialect;

/// A value reduced to what it means.
#[derive(Clone, Debug, PartialEq)]
enum Norm {
    Null,
    Num(f64),
    Text(String),
    Json(Value),
    /// Milliseconds since the epoch.
    Instant(i64),
    Bool(bool),
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Parses a timestamp in the forms apps and databases write: RFC 3339 (`…T01:50:00.000Z`),
/// SQL (`2026-01-01 01:50:00+00`, `…+0000`), without a zone (UTC), or a bare date.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let t = s.replacen(' ', "T", 1);
    // `2026-01-01 01:50:00 +00:00` (SQLite defaults written by Prisma) and `… UTC`.
    let t = match t.rsplit_once(' ') {
        Some((head, "UTC" | "Z")) => format!("{head}Z"),
        Some((head, zone)) if zone.starts_with(['+', '-']) => format!("{head}{zone}"),
        _ => t,
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(&t) {
        return Some(t.with_timezone(&Utc));
    }
    // `+00` / `+0530` / `-08` offsets as PostgreSQL prints them.
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%#z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%.f%:z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(&t, fmt) {
            return Some(t.with_timezone(&Utc));
        }
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(t.and_utc());
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M") {
        return Some(t.and_utc());
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// Epoch seconds, or milliseconds when the number is too large to be seconds: Prisma's SQLite
/// connector stores a `DateTime` as JavaScript's `Date.now()` milliseconds.
pub fn from_epoch(n: f64) -> Option<DateTime<Utc>> {
    if !n.is_finite() {
        return None;
    }
    if n.abs() >= 100_000_000_000.0 {
        DateTime::from_timestamp_millis(n.round() as i64)
    } else {
        DateTime::from_timestamp_micros((n * 1_000_000.0).round() as i64)
    }
}

/// A point in time in any form a store holds one: text in the forms [`parse_instant`] reads, or
/// an epoch number.
pub fn instant_of(v: &Value) -> Option<DateTime<Utc>> {
    match v {
        Value::String(s) => parse_instant(s),
        Value::Number(n) => n.as_f64().and_then(from_epoch),
        _ => None,
    }
}

/// Whether a value is empty text: no value, for a field that is not text.
fn blank(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.trim().is_empty())
}

fn millis(t: DateTime<Utc>) -> i64 {
    // Round to the millisecond, as PostgreSQL's timestamp(3) does.
    let micros = t.timestamp_micros();
    (micros + 500).div_euclid(1000)
}

/// SQLite's `datetime('now')` form, `2026-01-01 01:50:00` (UTC), with milliseconds only when
/// the time has them (`2026-01-01 01:50:00.123`), so nothing is lost.
pub fn sql_datetime(t: DateTime<Utc>) -> String {
    if t.timestamp_subsec_millis() == 0 {
        t.format("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S%.3f").to_string()
    }
}

/// Whether `s` is in SQLite's `datetime()` form (no `T`, no zone).
pub fn is_sql_datetime(s: &str) -> bool {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").is_ok()
}

/// The JavaScript `toISOString()` form the app writes to KV: `2026-01-01T01:50:00.000Z`.
pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn as_list(v: &Value) -> Option<Value> {
    match v {
        Value::Array(_) | Value::Object(_) => Some(v.clone()),
        Value::String(s) if s.trim().is_empty() => Some(Value::Array(Vec::new())),
        Value::String(s) => serde_json::from_str::<Value>(s)
            .ok()
            .filter(|v| v.is_array() || v.is_object())
            .or_else(|| {
                parse_pg_array(s)
                    .map(|items| Value::Array(items.into_iter().map(Value::String).collect()))
            }),
        _ => None,
    }
}

/// A list (labels) in any form a store holds one: a JSON array or JSON text of one, a PostgreSQL
/// array literal, or — as apps store tags in a text column — comma-separated text (`"a, b"`).
fn as_labels(v: &Value) -> Option<Value> {
    as_list(v).or_else(|| match v {
        Value::String(s) => Some(Value::Array(
            s.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| Value::String(item.to_string()))
                .collect(),
        )),
        _ => None,
    })
}

/// The list's items joined as comma-separated text, if every item is text without a comma.
pub fn comma_text(v: &Value) -> Option<String> {
    let items = as_labels(v)?;
    let items = items.as_array()?;
    let texts: Option<Vec<&str>> = items
        .iter()
        .map(|i| {
            i.as_str()
                .filter(|s| !s.contains(',') && s.trim() == *s && !s.is_empty())
        })
        .collect();
    texts.map(|t| t.join(","))
}

fn normalize(m: Meaning, v: Option<&Value>) -> Norm {
    // Empty text in a number, time or boolean field holds no value (forms send "").
    let v = v
        .filter(|v| !(blank(v) && matches!(m, Meaning::Number | Meaning::Instant | Meaning::Bool)));
    let v = match v {
        None | Some(Value::Null) => {
            return if m == Meaning::List {
                Norm::Json(Value::Array(Vec::new()))
            } else {
                Norm::Null
            }
        }
        Some(v) => v,
    };
    match m {
        Meaning::Text => Norm::Text(text_of(v)),
        Meaning::Number => match v {
            Value::Number(n) => n
                .as_f64()
                .map(Norm::Num)
                .unwrap_or(Norm::Text(n.to_string())),
            Value::String(s) => parse_number(s)
                .map(Norm::Num)
                .unwrap_or(Norm::Text(s.clone())),
            // A flag in a 0/1 integer column (SQLite has no boolean type).
            Value::Bool(b) => Norm::Num(f64::from(u8::from(*b))),
            other => Norm::Text(other.to_string()),
        },
        Meaning::List | Meaning::Json => match if m == Meaning::List {
            as_labels(v)
        } else {
            as_list(v)
        } {
            Some(j) => Norm::Json(j),
            None => match v {
                Value::String(s) => match serde_json::from_str::<Value>(s) {
                    Ok(j) if m == Meaning::Json => Norm::Json(j),
                    _ => Norm::Text(s.clone()),
                },
                other => Norm::Json(other.clone()),
            },
        },
        Meaning::Instant => match instant_of(v) {
            Some(t) => Norm::Instant(millis(t)),
            None => Norm::Text(text_of(v)),
        },
        Meaning::Bool => match v {
            Value::Bool(b) => Norm::Bool(*b),
            Value::Number(n) if n.as_f64() == Some(0.0) => Norm::Bool(false),
            Value::Number(n) if n.as_f64() == Some(1.0) => Norm::Bool(true),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "t" | "1" => Norm::Bool(true),
                "false" | "f" | "0" => Norm::Bool(false),
                _ => Norm::Text(s.clone()),
            },
            other => Norm::Text(other.to_string()),
        },
    }
}

fn json_same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => nums_same(x, y),
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_same(v, w)))
        }
        _ => a == b,
    }
}

fn nums_same(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Whether a KV field value (`None`: absent) and a column value mean the same. A text column
/// holding what a record keeps as an object, a list, a flag or a number (a field mkt learnt of
/// from the column's name) compares by what the record's value is.
pub fn same(m: Meaning, kv: Option<&Value>, db: Option<&Value>) -> bool {
    let m = match (m, kv) {
        (Meaning::Text, Some(Value::Object(_))) => Meaning::Json,
        (Meaning::Text, Some(Value::Array(_))) => Meaning::List,
        (Meaning::Text, Some(Value::Bool(_))) => Meaning::Bool,
        (Meaning::Text, Some(Value::Number(_))) => Meaning::Number,
        (Meaning::Number, Some(Value::Bool(_))) => Meaning::Bool,
        _ => m,
    };
    match (normalize(m, kv), normalize(m, db)) {
        (Norm::Num(a), Norm::Num(b)) => nums_same(a, b),
        (Norm::Json(a), Norm::Json(b)) => json_same(&a, &b),
        (a, b) => a == b,
    }
}

/// A column value as the record field the app would write (labels as an array, numbers as
/// numbers, typed timestamps in `toISOString()` form); text is kept as stored.
pub fn to_record(m: Meaning, ty: ColumnType, db: &Value) -> Value {
    match (m, db) {
        (_, Value::Null) => Value::Null,
        (Meaning::Number, Value::String(s)) => parse_number(s)
            .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
            .unwrap_or_else(|| db.clone()),
        // D1 over HTTP answers in JavaScript's JSON, where a REAL 83.0 is `83`; SQLite read
        // directly gives 83.0. A REAL column reads as a float whichever way it came.
        (Meaning::Number, Value::Number(n)) if ty == ColumnType::Real && !n.is_f64() => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| db.clone(), Value::Number),
        (Meaning::List, v) => as_labels(v).unwrap_or_else(|| v.clone()),
        (Meaning::Json, v) => as_list(v).unwrap_or_else(|| v.clone()),
        (Meaning::Instant, Value::String(s)) if ty == ColumnType::Timestamp => parse_instant(s)
            .map(|t| Value::String(iso(t)))
            .unwrap_or_else(|| db.clone()),
        // An epoch number (Prisma's SQLite `DateTime`) is written to KV as the app writes times.
        (Meaning::Instant, Value::Number(n)) => n
            .as_f64()
            .and_then(from_epoch)
            .map(|t| Value::String(iso(t)))
            .unwrap_or_else(|| db.clone()),
        (Meaning::Bool, v) => match normalize(m, Some(v)) {
            Norm::Bool(b) => Value::Bool(b),
            _ => v.clone(),
        },
        (_, v) => v.clone(),
    }
}

/// A record field value as the column should hold it. `Err` says why it cannot be stored in a
/// column of a strict type (PostgreSQL refuses `"abc"` in `double precision`; SQLite keeps text).
pub fn to_column(m: Meaning, ty: ColumnType, dialect: Dialect, v: &Value) -> Result<Value, String> {
    let strict = dialect == Dialect::Postgres;
    let no_value = blank(v) && matches!(m, Meaning::Number | Meaning::Instant | Meaning::Bool);
    if v.is_null() || no_value {
        return Ok(Value::Null);
    }
    // A time in a number column is an epoch number (milliseconds, as JavaScript's `Date.now()`;
    // the column's spelling turns it into seconds where its rows or default use seconds).
    if m == Meaning::Instant && matches!(ty, ColumnType::Integer | ColumnType::Real) {
        return match instant_of(v) {
            Some(t) => Ok(Value::from(t.timestamp_millis())),
            None if strict => Err(format!("{v} is not a point in time")),
            None => Ok(v.clone()),
        };
    }
    match ty {
        ColumnType::TextArray => match as_labels(v) {
            Some(Value::Array(items)) => {
                match items.iter().find(|i| !(i.is_string() || i.is_null())) {
                    // `text[]` would hold `3` as "3": the list would not read back as it was.
                    Some(item) => Err(format!("{v} has an item that is not text ({item})")),
                    None => Ok(Value::Array(items)),
                }
            }
            _ => Err(format!("{v} is not a list")),
        },
        ColumnType::Json => Ok(match v {
            Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| v.clone()),
            other => other.clone(),
        }),
        ColumnType::Real | ColumnType::Integer => match normalize(Meaning::Number, Some(v)) {
            Norm::Num(f) if ty == ColumnType::Integer && f.fract() == 0.0 => {
                Ok(Value::from(f as i64))
            }
            Norm::Num(f) if ty == ColumnType::Real => Ok(Value::from(f)),
            Norm::Num(f) if strict => Err(format!("{f} is not a whole number")),
            _ if strict => Err(format!("{v} is not a number")),
            _ => Ok(v.clone()),
        },
        ColumnType::Boolean => match normalize(Meaning::Bool, Some(v)) {
            Norm::Bool(b) => Ok(Value::Bool(b)),
            _ if strict => Err(format!("{v} is not a boolean")),
            _ => Ok(v.clone()),
        },
        ColumnType::Timestamp => match (instant_of(v), v) {
            (Some(t), _) if strict => Ok(Value::String(iso(t))),
            (Some(t), Value::Number(_)) => Ok(Value::String(iso(t))),
            (Some(_), _) => Ok(v.clone()),
            (None, _) if strict => Err(format!("{v} is not a timestamp")),
            (None, other) => Ok(other.clone()),
        },
        ColumnType::Text | ColumnType::Other => Ok(match (m, v) {
            (_, Value::String(_)) => v.clone(),
            (Meaning::Number, Value::Number(_)) if !strict => v.clone(),
            // Arrays and objects in a text column are JSON text (labels on D1).
            (_, other) => Value::String(other.to_string()),
        }),
    }
}

/// How a store's KV records spell a field's values, so a value made from a durable row is
/// written the way the app writes it (`true`, not `1`; `{"latest":"1.0"}`, not its text;
/// `…T01:50:00Z` where the records carry no milliseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordSpelling {
    Bool,
    Number,
    Text,
    Array,
    Object,
    /// `2026-01-01T01:50:00.000Z` (JavaScript's `toISOString()`).
    IsoMillis,
    /// `2026-01-01T01:50:00Z`.
    IsoSeconds,
    EpochMillis,
    EpochSeconds,
}

/// How `v` is spelled, if it says anything (null does not).
pub fn spelling_of(v: &Value) -> Option<RecordSpelling> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) => RecordSpelling::Bool,
        Value::Number(_) => RecordSpelling::Number,
        Value::Array(_) => RecordSpelling::Array,
        Value::Object(_) => RecordSpelling::Object,
        Value::String(s) if s.contains('T') && parse_instant(s).is_some() => {
            if s.contains('.') {
                RecordSpelling::IsoMillis
            } else {
                RecordSpelling::IsoSeconds
            }
        }
        Value::String(_) => RecordSpelling::Text,
    })
}

/// `v` (a record value as [`to_record`] makes it) spelled as `how`; unchanged when it cannot be.
pub fn spell(v: Value, how: RecordSpelling) -> Value {
    use RecordSpelling as S;
    match (how, &v) {
        (_, Value::Null) => v,
        (S::Bool, _) => match normalize(Meaning::Bool, Some(&v)) {
            Norm::Bool(b) => Value::Bool(b),
            _ => v,
        },
        (S::Number, Value::String(s)) => match parse_number(s) {
            Some(f) if f.fract() == 0.0 && f.abs() < 9e15 && !s.contains('.') => {
                Value::from(f as i64)
            }
            Some(f) => serde_json::Number::from_f64(f).map_or(v, Value::Number),
            None => v,
        },
        (S::Number, Value::Bool(b)) => Value::from(u8::from(*b)),
        (S::Text, Value::Number(_) | Value::Bool(_)) => Value::String(v.to_string()),
        (S::Array, Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(a @ Value::Array(_)) => a,
            _ => v,
        },
        (S::Object, Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(o @ Value::Object(_)) => o,
            _ => v,
        },
        (S::IsoMillis | S::IsoSeconds | S::EpochMillis | S::EpochSeconds, _) => {
            match instant_of(&v) {
                Some(t) => match how {
                    S::IsoMillis => Value::String(iso(t)),
                    S::IsoSeconds if t.timestamp_subsec_millis() == 0 => {
                        Value::String(t.to_rfc3339_opts(SecondsFormat::Secs, true))
                    }
                    S::IsoSeconds => Value::String(iso(t)),
                    S::EpochMillis => Value::from(t.timestamp_millis()),
                    _ => Value::from(t.timestamp()),
                },
                None => v,
            }
        }
        _ => v,
    }
}

/// A PostgreSQL array literal's elements (`{a,"b c",NULL}`), as PostgreSQL prints `text[]`.
pub fn parse_pg_array(s: &str) -> Option<Vec<String>> {
    let inner = s.trim().strip_prefix('{')?.strip_suffix('}')?;
    let mut out = Vec::new();
    if inner.is_empty() {
        return Some(out);
    }
    let mut chars = inner.chars().peekable();
    loop {
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next()? {
                    '\\' => item.push(chars.next()?),
                    '"' => break,
                    c => item.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                item.push(c);
                chars.next();
            }
        }
        out.push(item);
        match chars.next() {
            None => return Some(out),
            Some(',') => {}
            Some(_) => return None,
        }
    }
}

/// A PostgreSQL array literal of text elements: `{"a","b \"c\""}`.
pub fn pg_array_literal(items: &[Value]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|v| match v {
            Value::Null => "NULL".to_string(),
            other => {
                let s = text_of(other);
                format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
            }
        })
        .collect();
    format!("{{{}}}", parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value_in_any_textual_form() {
        let m = Meaning::Number;
        assert!(same(m, Some(&json!(90.4)), Some(&json!("90.4"))));
        assert!(same(m, Some(&json!("90.40")), Some(&json!(90.4))));
        assert!(same(m, Some(&json!(3)), Some(&json!(3.0))));
        assert!(!same(m, Some(&json!(90.4)), Some(&json!(90.5))));
        assert!(!same(m, Some(&json!(0)), None));
        assert!(same(m, None, Some(&Value::Null)));
    }

    #[test]
    fn labels_compare_as_lists_in_every_form() {
        let m = Meaning::List;
        let kv = json!(["a", "b"]);
        assert!(same(m, Some(&kv), Some(&json!("[\"a\",\"b\"]"))));
        assert!(same(m, Some(&kv), Some(&json!("[ \"a\", \"b\" ]"))));
        assert!(same(m, Some(&kv), Some(&json!(["a", "b"]))));
        assert!(same(m, Some(&kv), Some(&json!("{a,b}"))));
        assert!(same(m, None, Some(&json!("[]"))));
        assert!(!same(m, Some(&kv), Some(&json!(["b", "a"]))));
    }

    #[test]
    fn timestamps_compare_as_instants() {
        let m = Meaning::Instant;
        let kv = json!("2026-01-01T01:50:00.000Z");
        for db in [
            "2026-01-01 01:50:00+00",
            "2026-01-01 01:50:00",
            "2026-01-01T01:50:00",
            "2026-01-01T02:50:00+01:00",
            "2026-01-01 01:50:00.000+0000",
        ] {
            assert!(same(m, Some(&kv), Some(&json!(db))), "{db}");
        }
        assert!(!same(m, Some(&kv), Some(&json!("2026-01-01 01:50:01+00"))));
        assert_eq!(
            to_record(m, ColumnType::Timestamp, &json!("2026-01-01 01:50:00")),
            kv
        );
    }

    #[test]
    fn other_softwares_spellings_mean_the_same() {
        let kv = json!("2026-01-01T01:50:00.000Z");
        // Prisma's SQLite connector: epoch milliseconds; SQLite defaults with a spaced offset.
        for db in [
            json!(1767232200000_i64),
            json!("2026-01-01 01:50:00 +00:00"),
            json!("2026-01-01 01:50:00 UTC"),
            json!(1767232200),
        ] {
            assert!(same(Meaning::Instant, Some(&kv), Some(&db)), "{db}");
        }
        assert_eq!(
            to_record(
                Meaning::Instant,
                ColumnType::Timestamp,
                &json!(1767232200000_i64)
            ),
            kv
        );
        // Empty text in a number or time field is no value.
        assert!(same(Meaning::Number, Some(&json!("")), None));
        assert!(same(
            Meaning::Instant,
            Some(&json!(" ")),
            Some(&Value::Null)
        ));
        assert_eq!(
            to_column(
                Meaning::Number,
                ColumnType::Real,
                Dialect::Postgres,
                &json!("")
            )
            .unwrap(),
            Value::Null
        );
        // Labels as comma-separated text.
        assert!(same(
            Meaning::List,
            Some(&json!(["ml", "vision"])),
            Some(&json!("ml, vision"))
        ));
        assert!(same(Meaning::List, Some(&json!([])), Some(&json!(""))));
        assert!(!same(
            Meaning::List,
            Some(&json!(["ml"])),
            Some(&json!("ml,vision"))
        ));
        assert_eq!(
            to_record(Meaning::List, ColumnType::Text, &json!("a,b")),
            json!(["a", "b"])
        );
        assert_eq!(comma_text(&json!(["a", "b"])).as_deref(), Some("a,b"));
        assert_eq!(comma_text(&json!(["a,b"])), None);
        // text[] holds text (and NULL) only: 3 would read back as "3".
        let pg = Dialect::Postgres;
        assert!(to_column(Meaning::List, ColumnType::TextArray, pg, &json!(["x", 3])).is_err());
        assert_eq!(
            to_column(
                Meaning::List,
                ColumnType::TextArray,
                pg,
                &json!(["x", null])
            )
            .unwrap(),
            json!(["x", null])
        );
        assert_eq!(
            to_column(Meaning::Number, ColumnType::Integer, pg, &json!(2.5)).unwrap_err(),
            "2.5 is not a whole number"
        );
    }

    #[test]
    fn pg_arrays_round_trip() {
        let items = vec![json!("a"), json!("b \"c\""), json!("d,e"), json!("\\")];
        let lit = pg_array_literal(&items);
        let back = parse_pg_array(&lit).unwrap();
        assert_eq!(back, ["a", "b \"c\"", "d,e", "\\"]);
    }

    #[test]
    fn columns_get_their_types_value() {
        let pg = Dialect::Postgres;
        assert_eq!(
            to_column(Meaning::Number, ColumnType::Real, pg, &json!("90.4")).unwrap(),
            json!(90.4)
        );
        assert!(to_column(Meaning::Number, ColumnType::Real, pg, &json!("high")).is_err());
        assert_eq!(
            to_column(
                Meaning::Number,
                ColumnType::Real,
                Dialect::Sqlite,
                &json!("high")
            )
            .unwrap(),
            json!("high")
        );
        assert_eq!(
            to_column(
                Meaning::List,
                ColumnType::Text,
                Dialect::Sqlite,
                &json!(["a"])
            )
            .unwrap(),
            json!("[\"a\"]")
        );
        assert_eq!(
            to_column(Meaning::List, ColumnType::TextArray, pg, &json!("[\"a\"]")).unwrap(),
            json!(["a"])
        );
    }
}
