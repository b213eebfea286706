//! The durable row a KV record maps to, as the app would write it: the key, every mapped field
//! converted to its column's type, the timestamps (the record's, else now) and, where the app fills
//! a text id in its client (Prisma `@default(cuid())`), a new collision-free id. A `NOT NULL`
//! column that would get no value is refused here, before any write.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::schema::table::{meaning, Role, CREATED_FIELD, UPDATED_FIELD};
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
                    return Err(no_value_for(t, slug, &f.field, &col.name));
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
    fill_unique_key_and_required(t, slug, rec, existing, &mut row)?;
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

/// Why a new row for `slug` cannot be inserted: the record lacks `field`, which column `column`
/// (`NOT NULL` without a default) takes its value from.
fn no_value_for(t: &SkillTable, slug: &str, field: &str, column: &str) -> String {
    format!(
        "skill {slug} has no {field} for column {column} of table {}, which is NOT NULL without a default: add {field} to the record, give the column a default, or map a record field to it in mkt.toml ([profiles.NAME.durable_columns] FIELD = \"{column}\")",
        t.table
    )
}

/// The columns a row needs beyond the mapped fields: the parts of a composite unique key (the
/// existing row's, else the record's same-named field, else the slug's part in that position) and
/// `NOT NULL` columns without a default that the record's same-named field fills. A new row that
/// would leave one empty is refused, naming the column and what would fill it.
fn fill_unique_key_and_required(
    t: &SkillTable,
    slug: &str,
    rec: &Map<String, Value>,
    existing: Option<&Row>,
    row: &mut Row,
) -> Result<(), String> {
    let parts: Vec<&str> = slug.split('/').collect();
    for (i, c) in t.columns.iter().enumerate() {
        match &t.roles[i] {
            Role::KeyPart { field, position } => {
                let kept = existing
                    .and_then(|r| r.get(&c.name))
                    .filter(|v| !v.is_null())
                    .cloned();
                let given = || {
                    rec.get(field)
                        .and_then(Value::as_str)
                        .filter(|s| !s.is_empty())
                        .map(|s| Value::String(s.to_string()))
                };
                let from_slug = || {
                    (parts.len() == t.conflict.len())
                        .then(|| parts[*position])
                        .filter(|p| !p.is_empty())
                        .map(|p| Value::String(p.to_string()))
                };
                match kept.or_else(given).or_else(from_slug) {
                    Some(v) => {
                        row.insert(c.name.clone(), v);
                    }
                    None => {
                        return Err(format!(
                            "skill {slug}: column {} of table {} is part of its unique key ({}) and nothing fills it: the record has no {field} and the slug is not {} parts joined by \"/\" — add {field} to the record",
                            c.name,
                            t.table,
                            t.conflict.join(", "),
                            t.conflict.len()
                        ))
                    }
                }
            }
            Role::Fill { field } => match rec.get(field).filter(|v| !v.is_null()) {
                Some(given) => {
                    let cannot = |why: String| {
                        format!(
                            "skill {slug}: column {} ({}) cannot hold its {field}: {why}",
                            c.name, c.sql_type
                        )
                    };
                    let v =
                        to_column(meaning(field, c.ty), c.ty, t.dialect, given).map_err(cannot)?;
                    if let Some(why) = c.cannot_hold(&v) {
                        return Err(cannot(why));
                    }
                    row.insert(c.name.clone(), c.respell(v));
                }
                // An existing row keeps the value it has.
                None if existing.is_some() => {}
                None => return Err(no_value_for(t, slug, field, &c.name)),
            },
            _ => {}
        }
    }
    Ok(())
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
    fn composite_key_parts_and_required_columns_come_from_the_record_or_the_slug() {
        use crate::schema::table::{Column, ColumnType};
        use crate::schema::Dialect;
        let text = |n: &str, nullable: bool| Column {
            name: n.into(),
            sql_type: "text".into(),
            ty: ColumnType::Text,
            nullable,
            cast: "text".into(),
            ..Default::default()
        };
        let cols = vec![
            text("name", false),
            text("ownerSlug", false),
            text("repoSlug", false),
            text("skillSlug", false),
            text("legacySlug", false),
            text("displayName", true),
        ];
        let mut t = SkillTable::build(
            "Skill",
            None,
            Dialect::Postgres,
            cols,
            &Default::default(),
            &[],
        )
        .unwrap();
        t.adopt_unique_key(&[["ownerSlug", "repoSlug", "skillSlug"]
            .map(String::from)
            .into()]);
        let now = "2026-01-01T00:00:00Z";
        let rec = json!({"slug": "o/r/s", "name": "s", "legacySlug": "o-s", "repoSlug": "R"});
        let row = row_from_record(&t, "o/r/s", rec.as_object().unwrap(), None, now).unwrap();
        assert_eq!(row["name"], json!("o/r/s"));
        assert_eq!(row["ownerSlug"], json!("o"));
        assert_eq!(row["repoSlug"], json!("R"), "the record's own field first");
        assert_eq!(row["skillSlug"], json!("s"));
        assert_eq!(row["legacySlug"], json!("o-s"));
        let ups = crate::schema::sql::upserts(&t, &[row]);
        assert!(ups[0].stmt.sql.contains(
            r#"ON CONFLICT("ownerSlug", "repoSlug", "skillSlug") DO UPDATE SET "legacySlug" = excluded."legacySlug""#
        ), "{}", ups[0].stmt.sql);
        assert!(!ups[0].stmt.sql.contains(r#""ownerSlug" = excluded"#));

        let no_legacy = json!({"slug": "o/r/t", "name": "t"});
        let why =
            row_from_record(&t, "o/r/t", no_legacy.as_object().unwrap(), None, now).unwrap_err();
        assert!(
            why.contains("no legacySlug for column legacySlug") && why.contains("durable_columns"),
            "{why}"
        );
        let mut existing = Row::new();
        existing.insert("legacySlug".into(), json!("kept"));
        existing.insert("ownerSlug".into(), json!("O"));
        let row = row_from_record(
            &t,
            "o/r/t",
            no_legacy.as_object().unwrap(),
            Some(&existing),
            now,
        )
        .unwrap();
        assert!(
            !row.contains_key("legacySlug"),
            "an existing row keeps its value"
        );
        assert_eq!(row["ownerSlug"], json!("O"), "and its key");
        let flat = json!({"name": "flat", "legacySlug": "x"});
        let why = row_from_record(&t, "flat", flat.as_object().unwrap(), None, now).unwrap_err();
        assert!(
            why.contains("column ownerSlug") && why.contains("3 parts"),
            "{why}"
        );
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
