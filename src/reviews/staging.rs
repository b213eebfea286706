//! The local staging file of seed 000's first stage: a JSON array of reviews, or an object with a
//! `reviews` array; fields in snake_case or camelCase. Each record is read on its own, so a
//! malformed one is reported with its position and reason while the rest go on.

use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

use super::model::{Review, TargetType, DEFAULT_SOURCE};
use super::validate::{self, Limits};
use crate::exit::Failure;

/// A record that cannot be backfilled, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Malformed {
    /// Where it is in the file, as a jq path (`.[3]`, `.reviews[3]`).
    pub path: String,
    /// Its 0-based position in the array.
    pub position: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub reason: String,
}

/// One well-formed record, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staged {
    pub path: String,
    pub position: usize,
    pub review: Review,
}

#[derive(Clone, Debug, Default)]
pub struct StagingFile {
    pub records: Vec<Staged>,
    pub malformed: Vec<Malformed>,
}

/// Reads and parses a staging file. A file that is not JSON, or not one of the two shapes, is a
/// usage error naming the file (and the line and column).
pub fn read(path: &Path, limits: &Limits) -> anyhow::Result<StagingFile> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::usage(format!(
            "cannot read the staging file {}: {e}",
            path.display()
        ))
    })?;
    parse(&text, limits).map_err(|e| Failure::usage(format!("{}: {e}", path.display())))
}

/// Editors on Windows save UTF-8 with a byte-order mark, which is not JSON; it is skipped.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

pub fn parse(text: &str, limits: &Limits) -> Result<StagingFile, String> {
    let doc: Value = serde_json::from_str(without_bom(text)).map_err(|e| {
        format!(
            "not JSON: {} at line {} column {}",
            strip_position(&e.to_string()),
            e.line(),
            e.column()
        )
    })?;
    // Readers disagree on a key given twice (serde_json keeps the last, others the first):
    // `{"reviews":[…],"reviews":[]}` is refused rather than read as either.
    crate::json_unique::check(without_bom(text))
        .map_err(|e| format!("{e}: a JSON key given twice is ambiguous; keep one"))?;
    let (items, prefix) = match doc {
        Value::Array(items) => (items, "."),
        Value::Object(mut m) => match m.remove("reviews") {
            Some(Value::Array(items)) => (items, ".reviews"),
            _ => {
                return Err(
                    "expected a JSON array of reviews or an object with a \"reviews\" array".into(),
                )
            }
        },
        _ => {
            return Err(
                "expected a JSON array of reviews or an object with a \"reviews\" array".into(),
            )
        }
    };
    let mut out = StagingFile::default();
    for (position, item) in items.into_iter().enumerate() {
        let path = format!("{}[{position}]", if prefix == "." { "" } else { prefix });
        let path = if prefix == "." {
            format!(".{path}")
        } else {
            path
        };
        let id = item.get("id").and_then(id_text);
        match record(&item, limits) {
            Ok(review) => out.records.push(Staged {
                path,
                position,
                review,
            }),
            Err(reason) => out.malformed.push(Malformed {
                path,
                position,
                id,
                reason,
            }),
        }
    }
    Ok(out)
}

/// serde_json's message ends with " at line L column C"; the caller says it once.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// A field under its snake_case or camelCase name.
fn field<'a>(m: &'a Map<String, Value>, snake: &str) -> Option<&'a Value> {
    let camel: String = {
        let mut out = String::new();
        let mut up = false;
        for c in snake.chars() {
            if c == '_' {
                up = true;
            } else if up {
                out.extend(c.to_uppercase());
                up = false;
            } else {
                out.push(c);
            }
        }
        out
    };
    m.get(snake)
        .filter(|v| !v.is_null())
        .or_else(|| m.get(&camel).filter(|v| !v.is_null()))
}

fn string(m: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match field(m, name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("{name} must be a string, not {}", kind(other))),
    }
}

fn required(m: &Map<String, Value>, name: &str) -> Result<String, String> {
    string(m, name)?.ok_or_else(|| format!("{name} is missing"))
}

/// An id as text: a string, or a whole number (a TEXT key holds `42` as `"42"`).
fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// An optional timestamp: absent, null and "" all mean none (JavaScript's falsy `deletedAt: ""`).
fn optional_timestamp(m: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match string(m, name)? {
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => Ok(Some(timestamp(name, &s)?)),
        None => Ok(None),
    }
}

/// A rating: a whole number from 1 to 5, as a JSON number (`5`, `5.0`) or a string holding one
/// (`"5"`, as a form field sends it; INTEGER affinity stores `'5'` as 5 in D1 too).
fn rating(m: &Map<String, Value>) -> Result<i64, String> {
    let whole = |f: f64| (f.fract() == 0.0 && f.abs() < 1e15).then_some(f as i64);
    let r = match field(m, "rating") {
        None => return Err("rating is missing".into()),
        Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().and_then(whole)),
        Some(Value::String(s)) => {
            let t = s.trim();
            t.parse::<i64>().ok().or_else(|| {
                t.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .and_then(whole)
            })
        }
        Some(other) => return Err(format!("rating must be a number, not {}", kind(other))),
    };
    r.ok_or_else(|| {
        format!(
            "rating {} is not a whole number from 1 to 5",
            field(m, "rating").map(Value::to_string).unwrap_or_default()
        )
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A timestamp in mkt's spelling. RFC 3339 with any offset; a time without an offset is UTC, as
/// D1 (SQLite) reads it.
fn timestamp(name: &str, s: &str) -> Result<String, String> {
    validate::canonical_instant(s)
        .ok_or_else(|| format!("{name} {s:?} is not an RFC 3339 timestamp"))
}

/// One record as it will be stored: timestamps in mkt's spelling (UTC, milliseconds), the display
/// name trimmed, `source` defaulted, `updated_at` defaulted to `created_at`.
fn record(item: &Value, limits: &Limits) -> Result<Review, String> {
    let Value::Object(m) = item else {
        return Err(format!("a review is a JSON object, not {}", kind(item)));
    };
    let id = match field(m, "id") {
        None => return Err("id is missing".into()),
        Some(v) => id_text(v).ok_or_else(|| match v {
            Value::Number(n) => {
                format!("id {n} is not a whole number (use a string or a whole number)")
            }
            other => format!("id must be a string or a whole number, not {}", kind(other)),
        })?,
    };
    let tt = required(m, "target_type")?;
    let target_type =
        TargetType::parse(&tt).ok_or_else(|| format!("target_type {tt:?} is not skill or mcp"))?;
    let rating = rating(m)?;
    let created_at = timestamp("created_at", &required(m, "created_at")?)?;
    let updated_at = optional_timestamp(m, "updated_at")?.unwrap_or_else(|| created_at.clone());
    let deleted_at = optional_timestamp(m, "deleted_at")?;
    let review = Review {
        id,
        target_type,
        target_id: required(m, "target_id")?,
        display_name: required(m, "display_name")?.trim().to_string(),
        rating,
        title: required(m, "title")?,
        body: required(m, "body")?,
        source: string(m, "source")?.unwrap_or_else(|| DEFAULT_SOURCE.into()),
        created_at,
        updated_at,
        deleted_at,
    };
    validate::stored_review(&review, limits).map_err(|e| e.to_string())?;
    Ok(review)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes_both_spellings_and_reasons() {
        let l = Limits::default();
        let f = parse(
            r#"{"reviews": [
                {"id": "a", "targetType": "skill", "targetId": "x", "displayName": " Ann ", "rating": 5,
                 "title": "t", "body": "b", "createdAt": "2026-01-01T01:00:00+01:00"},
                {"id": "b", "target_type": "mcp", "target_id": "y", "display_name": "Bo", "rating": 4.5,
                 "title": "t", "body": "b", "created_at": "2026-01-01T00:00:00Z"},
                "nope",
                {"target_type": "mcp"}
            ]}"#,
            &l,
        )
        .unwrap();
        assert_eq!(f.records.len(), 1);
        let r = &f.records[0].review;
        assert_eq!(r.display_name, "Ann");
        assert_eq!(r.created_at, "2026-01-01T00:00:00.000Z");
        assert_eq!(r.updated_at, r.created_at);
        let why: Vec<(&str, &str)> = f
            .malformed
            .iter()
            .map(|m| (m.path.as_str(), m.reason.as_str()))
            .collect();
        assert_eq!(
            why,
            vec![
                (
                    ".reviews[1]",
                    "rating 4.5 is not a whole number from 1 to 5"
                ),
                (".reviews[2]", "a review is a JSON object, not a string"),
                (".reviews[3]", "id is missing"),
            ]
        );
        let e = parse("[\n  {\"id\": 1,,}\n]", &l).unwrap_err();
        assert!(
            e.starts_with("not JSON: ") && e.ends_with("at line 2 column 12"),
            "{e}"
        );
        assert_eq!(parse("[]", &l).unwrap().records.len(), 0);
        assert!(parse("{\"x\": 1}", &l).is_err());
    }
}
