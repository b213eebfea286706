//! The durable row a KV record maps to, as the app would write it: the key, every mapped field
//! converted to its column's type, the timestamps (the record's, else now) and, where the app fills
//! a text id in its client (Prisma `@default(cuid())`), a new collision-free id. A `NOT NULL`
//! column that would get no value is refused here, before any write.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::schema::table::{CREATED_FIELD, UPDATED_FIELD};
use crate::schema::value::{parse_instant, to_column};
use crate::schema::{Column, Meaning, SkillTable};
use crate::store::Row;

/// A default that is a plain literal (`'[]'`, `0`, `'x'::text`), as its JSON value.
pub fn literal_default(default: &str) -> Option<Value> {
    let mut d = default.trim();
    while let Some(inner) = d.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        d = inner.trim();
    }
    // PostgreSQL spells literals with a cast: `'[]'::jsonb`, `'{}'::text[]`.
    if let Some(i) = d.rfind("::").filter(|_| {
        d.starts_with('\'')
            || d.chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == '-')
    }) {
        d = d[..i].trim();
    }
    if let Some(s) = d.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return Some(Value::String(s.replace("''", "'")));
    }
    match d.to_ascii_lowercase().as_str() {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    if let Ok(i) = d.parse::<i64>() {
        return Some(Value::from(i));
    }
    d.parse::<f64>().ok().map(Value::from)
}

/// A new id in cuid's shape (`c` + time + counter + fingerprint, 25 characters), unique per call.
pub fn new_cuid(slug: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let now = chrono::Utc::now();
    let mut h = Sha256::new();
    h.update(now.timestamp_nanos_opt().unwrap_or_default().to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    h.update(n.to_le_bytes());
    h.update(slug.as_bytes());
    let digest = h.finalize();
    let base36 = |mut v: u128, width: usize| {
        let mut s = Vec::new();
        for _ in 0..width {
            s.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(v % 36) as usize]);
            v /= 36;
        }
        s.reverse();
        String::from_utf8(s).expect("ascii")
    };
    let random = u128::from_le_bytes(digest[..16].try_into().expect("16 bytes"));
    format!(
        "c{}{}{}",
        base36(now.timestamp_millis().max(0) as u128, 8),
        base36(n as u128, 4),
        base36(random, 12)
    )
}

fn timestamp_value(t: &SkillTable, col: &Column, v: &str) -> Value {
    let v = to_column(
        Meaning::Instant,
        col.ty,
        t.dialect,
        &Value::String(v.to_string()),
    )
    .unwrap_or_else(|_| Value::String(v.to_string()));
    col.respell(v)
}

/// The row for `rec` under `slug`. `existing` is the row there now (its `createdAt` is kept).
/// `Err` names the skill, the field and the column when the record cannot be stored.
pub fn row_from_record(
    t: &SkillTable,
    slug: &str,
    rec: &Map<String, Value>,
    existing: Option<&Row>,
    now: &str,
) -> Result<Row, String> {
    let mut row = Row::new();
    row.insert(t.key.clone(), Value::String(slug.into()));
    for f in &t.fields {
        let col = t.column(&f.column).expect("mapped column");
        let given = match f.in_record(rec) {
            Some((_, v)) => v,
            // A field the record does not hold (other than seed 001's) is not written: the
            // column keeps its value on update and takes its default on insert — unless it has
            // none to take.
            None if !f.always => {
                if existing.is_none() && !col.nullable && col.default.is_none() && !col.auto {
                    return Err(format!(
                        "skill {slug} has no {}, and column {} of table {} is NOT NULL without a default; nothing was written — give the record a {}, give the column a default, or map another record field to it in mkt.toml: [profiles.NAME.durable_columns] FIELD = \"{}\"",
                        f.field, col.name, t.table, f.field, col.name
                    ));
                }
                continue;
            }
            None => &Value::Null,
        };
        let cannot = |why: String| {
            format!(
                "skill {slug}: column {} ({}) cannot hold its {}: {why}",
                col.name, col.sql_type, f.field
            )
        };
        let v = to_column(f.meaning, f.ty, t.dialect, given).map_err(cannot)?;
        if let Some(why) = col.cannot_hold(&v) {
            return Err(cannot(why));
        }
        let mut v = col.respell(v);
        if v.is_null() && !col.nullable {
            match col.default.as_deref() {
                // SQLite stores an explicit NULL rather than the default: write the default's value.
                Some(d) => match literal_default(d) {
                    Some(lit) => v = to_column(f.meaning, f.ty, t.dialect, &lit).unwrap_or(lit),
                    // An expression default: leave the column out so the database computes it.
                    None => continue,
                },
                None if f.meaning == Meaning::List => {
                    v = to_column(f.meaning, f.ty, t.dialect, &Value::Array(Vec::new()))
                        .unwrap_or_else(|_| Value::String("[]".into()))
                }
                None => {
                    return Err(format!(
                        "skill {slug} has no {}, and column {} of table {} is NOT NULL without a default",
                        f.field, col.name, t.table
                    ))
                }
            }
        }
        row.insert(col.name.clone(), v);
    }
    let valid_time = |field: &str| {
        rec.get(field)
            .and_then(Value::as_str)
            .filter(|s| parse_instant(s).is_some())
            .map(str::to_string)
    };
    if let Some(c) = t.created.as_deref().and_then(|c| t.column(c)) {
        let created = existing
            .and_then(|r| r.get(&c.name))
            .filter(|v| !v.is_null())
            .cloned()
            .or_else(|| valid_time(CREATED_FIELD).map(|s| timestamp_value(t, c, &s)))
            .unwrap_or_else(|| timestamp_value(t, c, now));
        row.insert(c.name.clone(), created);
    }
    if let Some(c) = t.updated.as_deref().and_then(|c| t.column(c)) {
        let updated = valid_time(UPDATED_FIELD).unwrap_or_else(|| now.to_string());
        row.insert(c.name.clone(), timestamp_value(t, c, &updated));
    }
    if let Some(id) = &t.generated_id {
        // Only an insert uses it: the upsert never changes the id of an existing row.
        row.insert(id.clone(), Value::String(new_cuid(slug)));
    }
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn literal_defaults_parse() {
        assert_eq!(literal_default("'[]'"), Some(json!("[]")));
        assert_eq!(literal_default("0"), Some(json!(0)));
        assert_eq!(literal_default("'{}'::text[]"), Some(json!("{}")));
        assert_eq!(
            literal_default("'it''s'::character varying"),
            Some(json!("it's"))
        );
        assert_eq!(literal_default("(0.5)"), Some(json!(0.5)));
        assert_eq!(literal_default("CURRENT_TIMESTAMP"), None);
        assert_eq!(literal_default("now()"), None);
    }

    #[test]
    fn cuids_are_unique_and_shaped() {
        let a = new_cuid("x");
        let b = new_cuid("x");
        assert_ne!(a, b);
        assert_eq!(a.len(), 25);
        assert!(a.starts_with('c'));
    }

    #[test]
    fn rows_fill_defaults_and_refuse_what_cannot_be_filled() {
        let t = SkillTable::migrated("skills");
        let rec = json!({"name": "a", "displayName": "A"});
        let row = row_from_record(
            &t,
            "a",
            rec.as_object().unwrap(),
            None,
            "2026-01-01T00:00:00Z",
        )
        .unwrap();
        assert_eq!(row["labels"], json!("[]"));
        assert_eq!(row["trending_score_7d"], json!(0.0));
        assert_eq!(row["created_at"], json!("2026-01-01T00:00:00Z"));
        assert!(!row.contains_key("certMethod"));
    }
}
