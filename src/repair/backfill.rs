//! The backfill plan, pure: which durable rows and which KV values to write so that every live skill
//! has both, and each `field_mismatch` is settled by the chosen authority. Only what differs is
//! written, so a second run plans nothing. Only fields with a column on the discovered durable table
//! take part; a KV record's other fields are never changed. Also the grouping of upserts into
//! requests.

use serde::Serialize;
use serde_json::{Map, Value};

use std::sync::Arc;

use crate::config::Layout;
use crate::durable::rows;
use crate::model;
use crate::schema::sql::{self, Upsert};
use crate::schema::{value, SkillTable};
use crate::sources::Snapshot;
use crate::store::{KvPut, Row, SqlValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// KV values → durable rows (`missing_in_durable`).
    Durable,
    /// Durable rows → KV values (`missing_kv_value`).
    Kv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    /// Records the durable table cannot hold (a NOT NULL column with no value, a number column
    /// given text): the apply refuses.
    pub unwritable: Vec<String>,
    /// The durable table the rows are for.
    #[serde(skip)]
    pub table: Option<Arc<SkillTable>>,
}

impl BackfillPlan {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.kv_puts.is_empty()
    }
}

fn kv_wins(authority: Authority, t: &SkillTable, rec: &Map<String, Value>, row: &Row) -> bool {
    match authority {
        Authority::Durable => false,
        Authority::Kv => true,
        Authority::Newest => {
            // Either side may hold an epoch number (Prisma's SQLite `DateTime`).
            let instant = |v: Option<&Value>| v.and_then(value::instant_of);
            let kv = instant(rec.get("updatedAt"));
            let db = instant(t.updated.as_ref().and_then(|c| row.get(c)));
            match (kv, db) {
                (Some(k), Some(d)) => k > d,
                (Some(_), None) => true,
                _ => false,
            }
        }
    }
}

fn record_text(rec: &Map<String, Value>) -> String {
    serde_json::to_string(rec).unwrap_or_default()
}

/// Builds the plan from a complete snapshot (KV values and whole durable rows read). Only fields
/// the durable table has a column for are compared or written; every other field of a KV record
/// stays exactly as it is.
pub fn plan(snap: &Snapshot, layout: &Layout, options: BackfillOptions, now: &str) -> BackfillPlan {
    let table = snap.table();
    let t = table.as_ref();
    let mut p = BackfillPlan {
        table: Some(table.clone()),
        ..Default::default()
    };
    let empty = Default::default();
    let durable = snap.durable.as_ref().unwrap_or(&empty);
    let key = |slug: &str| format!("{}{slug}", layout.skill_prefix);
    let item = |slug: &str, writes: &str, reason: &str, fields: Vec<String>| BackfillItem {
        slug: slug.into(),
        writes: writes.into(),
        reason: reason.into(),
        fields,
    };
    // A durable row written from a record; if the record does not round-trip (a default filled in),
    // its KV value is rewritten too, so no field_mismatch is left behind.
    let write_row =
        |p: &mut BackfillPlan, slug: &str, rec: &Map<String, Value>, existing: Option<&Row>| {
            match rows::row_from_record(t, slug, rec, existing, now) {
                Ok(new_row) => {
                    let diffs = model::record_row_differences(t, rec, &new_row);
                    if !diffs.is_empty() {
                        let canonical = model::record_from_row(t, &new_row, slug, Some(rec));
                        let fields = diffs.into_iter().map(|d| d.0).collect();
                        p.items.push(item(slug, "kv", "field_mismatch", fields));
                        p.overwritten
                            .insert(key(slug), Value::String(record_text(rec)));
                        p.kv_puts
                            .push(KvPut::new(key(slug), record_text(&canonical)));
                    }
                    p.rows.push(new_row);
                }
                Err(why) => p.unwritable.push(why),
            }
        };

    for (slug, rec) in &snap.kv_records {
        let row = durable.get(slug);
        match (rec, row) {
            (Ok(rec), None) => {
                if options.to != Direction::Durable {
                    p.other_direction += 1;
                    continue;
                }
                p.items
                    .push(item(slug, "durable", "missing_in_durable", Vec::new()));
                write_row(&mut p, slug, rec, None);
            }
            (Ok(rec), Some(row)) => {
                let diffs = model::record_row_differences(t, rec, row);
                if diffs.is_empty() {
                    p.unchanged += 1;
                    continue;
                }
                let fields: Vec<String> = diffs.into_iter().map(|d| d.0).collect();
                if kv_wins(options.authority, t, rec, row) {
                    p.items
                        .push(item(slug, "durable", "field_mismatch", fields));
                    write_row(&mut p, slug, rec, Some(row));
                } else {
                    p.items.push(item(slug, "kv", "field_mismatch", fields));
                    p.overwritten
                        .insert(key(slug), Value::String(record_text(rec)));
                    p.kv_puts.push(KvPut::new(
                        key(slug),
                        record_text(&model::record_from_row(t, row, slug, Some(rec))),
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
                    record_text(&model::record_from_row(t, row, slug, None)),
                ));
            }
            // Nothing stands in for a malformed value without a durable row: it is left alone.
            (Err(_), None) => p.malformed_skipped.push(key(slug)),
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
                record_text(&model::record_from_row(t, row, slug, None)),
            ));
        } else {
            p.other_direction += 1;
        }
    }
    p
}

/// Why the plan may not be applied (exit 5, before any write): durable rows to write into a table
/// with a column mkt cannot fill, or records its columns cannot hold.
pub fn refusal(plan: &BackfillPlan) -> Option<String> {
    if plan.rows.is_empty() && plan.unwritable.is_empty() {
        return None;
    }
    if let Some(why) = plan.table.as_ref().and_then(|t| t.write_refusal()) {
        return Some(why);
    }
    plan.unwritable.first().map(|why| {
        let more = match plan.unwritable.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        format!("{why}{more}; nothing was written — fix the record or the column")
    })
}

/// Multi-row upserts of the plan's rows, within the durable dialect's limits.
pub fn upsert_statements(table: &SkillTable, rows: &[Row]) -> Vec<Upsert> {
    sql::upserts(table, rows)
}

/// Groups upserts into requests: at most `per_request` statements and about 4 MB each.
pub fn group_requests(stmts: Vec<Upsert>, per_request: usize) -> Vec<Vec<Upsert>> {
    const REQUEST_BYTES: usize = 4_000_000;
    let mut out: Vec<Vec<Upsert>> = Vec::new();
    let mut cur: Vec<Upsert> = Vec::new();
    let mut bytes = 0;
    for s in stmts {
        let b = s.stmt.sql.len() + s.stmt.params.iter().map(param_bytes).sum::<usize>();
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

fn param_bytes(v: &SqlValue) -> usize {
    match v {
        SqlValue::Text(s) => s.len() + 4,
        _ => 24,
    }
}
