//! The backfill plan, pure: which durable rows and which KV values to write so that every live skill
//! has both, and each `field_mismatch` is settled by the chosen authority. Only what differs is
//! written, so a second run plans nothing. Also the D1 batching (≤100 parameters and ≤100 KB per
//! statement, many statements per request).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::Layout;
use crate::model;
use crate::schema::SKILL_COLUMNS;
use crate::sources::Snapshot;
use crate::store::{KvPut, Row, SqlValue, Statement, MAX_BOUND_PARAMS, MAX_STATEMENT_BYTES};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// KV values → durable rows (`missing_in_durable`).
    Durable,
    /// Durable rows → KV values (`missing_kv_value`).
    Kv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Authority {
    /// The durable row wins (seed 001: the durable table is the source of truth).
    Durable,
    /// The KV value wins.
    Kv,
    /// The side with the later timestamp (KV `updatedAt` vs durable `updated_at`); ties → durable.
    Newest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct BackfillOptions {
    pub to: Direction,
    pub authority: Authority,
}

/// One planned write, for the plan table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BackfillItem {
    pub slug: String,
    /// `durable` or `kv`: the side written.
    pub writes: String,
    /// `missing_in_durable`, `missing_kv_value`, `field_mismatch` or `malformed_value`.
    pub reason: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BackfillPlan {
    pub items: Vec<BackfillItem>,
    /// Durable rows to upsert, as full rows (column → value).
    #[serde(skip)]
    pub rows: Vec<Row>,
    #[serde(skip)]
    pub kv_puts: Vec<KvPut>,
    /// KV values overwritten, for the backup: key → old text (or the malformed reason).
    #[serde(skip)]
    pub overwritten: Map<String, Value>,
    pub unchanged: usize,
    /// KV values that are not JSON objects and have no durable row to stand in: skipped.
    pub malformed_skipped: Vec<String>,
    /// Skills only in KV under `--to kv` (or only durable under `--to durable`): the other direction handles them.
    pub other_direction: usize,
}

impl BackfillPlan {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.kv_puts.is_empty()
    }
}

/// The durable row a KV record maps to (`created_at` kept from `existing`, else the record's, else now).
pub fn row_from_record(
    slug: &str,
    rec: &Map<String, Value>,
    existing: Option<&Row>,
    now: &str,
) -> Row {
    let mut row = Row::new();
    row.insert("name".into(), Value::String(slug.into()));
    for col in SKILL_COLUMNS {
        let v = match model::field_to_sql(rec, col.field, col.kind) {
            // NOT NULL DEFAULT 0 columns
            SqlValue::Null if col.column.starts_with("trending_score") => SqlValue::Real(0.0),
            v => v,
        };
        row.insert(col.column.into(), sql_to_json(&v));
    }
    let created = existing
        .and_then(|r| r.get("created_at").cloned())
        .filter(|v| v.is_string())
        .or_else(|| rec.get("createdAt").filter(|v| v.is_string()).cloned())
        .unwrap_or_else(|| Value::String(now.into()));
    row.insert("created_at".into(), created);
    row.insert("updated_at".into(), Value::String(now.into()));
    row
}

fn sql_to_json(v: &SqlValue) -> Value {
    match v {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(i) => Value::from(*i),
        SqlValue::Real(f) => Value::from(*f),
        SqlValue::Text(s) => Value::String(s.clone()),
    }
}

fn kv_wins(authority: Authority, rec: &Map<String, Value>, row: &Row) -> bool {
    match authority {
        Authority::Durable => false,
        Authority::Kv => true,
        Authority::Newest => {
            let kv = rec.get("updatedAt").and_then(Value::as_str).unwrap_or("");
            let db = row.get("updated_at").and_then(Value::as_str).unwrap_or("");
            kv > db
        }
    }
}

fn record_text(rec: &Map<String, Value>) -> String {
    serde_json::to_string(rec).unwrap_or_default()
}

/// Builds the plan from a complete snapshot (KV values and whole durable rows read).
pub fn plan(snap: &Snapshot, layout: &Layout, options: BackfillOptions, now: &str) -> BackfillPlan {
    let mut p = BackfillPlan::default();
    let empty = Default::default();
    let durable = snap.durable.as_ref().unwrap_or(&empty);
    let key = |slug: &str| format!("{}{slug}", layout.skill_prefix);
    let item = |slug: &str, writes: &str, reason: &str, fields: Vec<String>| BackfillItem {
        slug: slug.into(),
        writes: writes.into(),
        reason: reason.into(),
        fields,
    };

    for (slug, rec) in &snap.kv_records {
        let row = durable.get(slug);
        match (rec, row) {
            (Ok(rec), None) => {
                if options.to != Direction::Durable {
                    p.other_direction += 1;
                    continue;
                }
                let new_row = row_from_record(slug, rec, None, now);
                p.items
                    .push(item(slug, "durable", "missing_in_durable", Vec::new()));
                // The durable row is now the truth for this skill: if the record does not round-trip
                // (a missing default), rewrite the KV value too so no field_mismatch is left behind.
                let diffs = model::record_row_differences(rec, &new_row);
                if !diffs.is_empty() {
                    let canonical = model::record_from_row(&new_row, slug, Some(rec));
                    let fields = diffs.into_iter().map(|d| d.0).collect();
                    p.items.push(item(slug, "kv", "field_mismatch", fields));
                    p.overwritten
                        .insert(key(slug), Value::String(record_text(rec)));
                    p.kv_puts
                        .push(KvPut::new(key(slug), record_text(&canonical)));
                }
                p.rows.push(new_row);
            }
            (Ok(rec), Some(row)) => {
                let diffs = model::record_row_differences(rec, row);
                if diffs.is_empty() {
                    p.unchanged += 1;
                    continue;
                }
                let fields: Vec<String> = diffs.into_iter().map(|d| d.0).collect();
                if kv_wins(options.authority, rec, row) {
                    p.items
                        .push(item(slug, "durable", "field_mismatch", fields));
                    p.rows.push(row_from_record(slug, rec, Some(row), now));
                } else {
                    p.items.push(item(slug, "kv", "field_mismatch", fields));
                    p.overwritten
                        .insert(key(slug), Value::String(record_text(rec)));
                    p.kv_puts.push(KvPut::new(
                        key(slug),
                        record_text(&model::record_from_row(row, slug, Some(rec))),
                    ));
                }
            }
            // A value that cannot be parsed cannot win: the durable row replaces it (backed up).
            (Err(reason), Some(row)) => {
                p.items
                    .push(item(slug, "kv", "malformed_value", Vec::new()));
                p.overwritten
                    .insert(key(slug), Value::String(format!("malformed: {reason}")));
                p.kv_puts.push(KvPut::new(
                    key(slug),
                    record_text(&model::record_from_row(row, slug, None)),
                ));
            }
            (Err(_), _) => p.malformed_skipped.push(key(slug)),
        }
    }
    for (slug, row) in durable {
        if snap.kv_records.contains_key(slug) {
            continue;
        }
        if options.to == Direction::Kv {
            p.items
                .push(item(slug, "kv", "missing_kv_value", Vec::new()));
            p.kv_puts.push(KvPut::new(
                key(slug),
                record_text(&model::record_from_row(row, slug, None)),
            ));
        } else {
            p.other_direction += 1;
        }
    }
    p
}

/// Columns of an upsert, in order.
pub fn upsert_columns() -> Vec<&'static str> {
    let mut cols = vec!["name"];
    cols.extend(SKILL_COLUMNS.iter().map(|c| c.column));
    cols.extend(["created_at", "updated_at"]);
    cols
}

fn json_to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Number(n) => n
            .as_i64()
            .map(SqlValue::Integer)
            .unwrap_or_else(|| SqlValue::Real(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

fn param_bytes(v: &SqlValue) -> usize {
    match v {
        SqlValue::Text(s) => s.len() + 4,
        _ => 24,
    }
}

/// Multi-row `INSERT … ON CONFLICT(name) DO UPDATE` statements, each within D1's 100 bound
/// parameters and 100 KB (SQL text plus parameter bytes, counted conservatively).
pub fn upsert_statements(table: &str, rows: &[Row]) -> Vec<Statement> {
    let cols = upsert_columns();
    let per_row = cols.len();
    let updates: Vec<String> = cols
        .iter()
        .filter(|c| **c != "name" && **c != "created_at")
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let head = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
    let tail = format!(" ON CONFLICT(name) DO UPDATE SET {}", updates.join(", "));
    let tuple = format!("({})", vec!["?"; per_row].join(", "));
    let budget = MAX_STATEMENT_BYTES - 1_000;

    let mut out = Vec::new();
    let mut params: Vec<SqlValue> = Vec::new();
    let mut tuples = 0usize;
    let mut bytes = head.len() + tail.len();
    let flush = |params: &mut Vec<SqlValue>,
                 tuples: &mut usize,
                 bytes: &mut usize,
                 out: &mut Vec<Statement>| {
        if *tuples > 0 {
            let values = vec![tuple.as_str(); *tuples].join(", ");
            out.push(Statement::with(
                format!("{head}{values}{tail}"),
                std::mem::take(params),
            ));
        }
        *tuples = 0;
        *bytes = head.len() + tail.len();
    };
    for row in rows {
        let vals: Vec<SqlValue> = cols
            .iter()
            .map(|c| json_to_sql(row.get(*c).unwrap_or(&Value::Null)))
            .collect();
        let row_bytes = tuple.len() + 2 + vals.iter().map(param_bytes).sum::<usize>();
        if tuples > 0 && (params.len() + per_row > MAX_BOUND_PARAMS || bytes + row_bytes > budget) {
            flush(&mut params, &mut tuples, &mut bytes, &mut out);
        }
        params.extend(vals);
        tuples += 1;
        bytes += row_bytes;
    }
    flush(&mut params, &mut tuples, &mut bytes, &mut out);
    out
}

/// Groups statements into requests: at most `per_request` statements and about 4 MB each.
pub fn group_requests(stmts: Vec<Statement>, per_request: usize) -> Vec<Vec<Statement>> {
    const REQUEST_BYTES: usize = 4_000_000;
    let mut out: Vec<Vec<Statement>> = Vec::new();
    let mut cur: Vec<Statement> = Vec::new();
    let mut bytes = 0;
    for s in stmts {
        let b = s.sql.len() + s.params.iter().map(param_bytes).sum::<usize>();
        if !cur.is_empty() && (cur.len() >= per_request.max(1) || bytes + b > REQUEST_BYTES) {
            out.push(std::mem::take(&mut cur));
            bytes = 0;
        }
        bytes += b;
        cur.push(s);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The names a statement writes (its first parameter of each tuple), for the journal.
pub fn statement_names(stmt: &Statement) -> Vec<String> {
    let per_row = upsert_columns().len();
    stmt.params
        .chunks(per_row)
        .filter_map(|c| match c.first() {
            Some(SqlValue::Text(s)) => Some(s.clone()),
            _ => None,
        })
        .collect()
}
