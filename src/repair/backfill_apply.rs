//! Applying a backfill plan: durable rows first (batched upserts, one atomic batch per request),
//! then KV values in chunks, each batch journaled planned → done; then a read-back of everything
//! written. A failure after writes began is partial (exit 6): rerunning converges, since the plan
//! is recomputed from what is there and only differences are written.

use std::path::Path;

use indicatif::ProgressBar;
use serde::Serialize;
use serde_json::{Map, Value};

use super::backfill::{self, BackfillPlan};
use super::journal::{Event, Journal};
use crate::config::Layout;
use crate::durable;
use crate::exit::Failure;
use crate::model;
use crate::schema::sql::Upsert;
use crate::schema::Dialect;
use crate::store::{Statement, Store};

/// How writes are grouped.
#[derive(Clone, Copy, Debug)]
pub struct Batching {
    /// SQL statements per D1 request (each statement holds up to 6 rows).
    pub statements_per_request: usize,
    /// KV values per bulk write.
    pub kv_chunk: usize,
    /// Read back every KV value written; otherwise at most `KV_VERIFY_SAMPLE` of them, spread evenly
    /// (reading 100 values per request, a full read-back of 100,000 values alone costs 1,000 of
    /// the 1,200 requests Cloudflare allows per 5 minutes).
    pub verify_all: bool,
}

/// KV values read back after a write unless `verify_all`.
pub const KV_VERIFY_SAMPLE: usize = 2_000;

impl Default for Batching {
    fn default() -> Self {
        Batching {
            statements_per_request: 100,
            kv_chunk: 10_000,
            verify_all: false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BackfillVerified {
    pub rows_expected: usize,
    /// Rows read back that equal what was written (field by field).
    pub rows_matching: usize,
    pub kv_expected: usize,
    /// KV values read back (all of them, or an even sample).
    pub kv_checked: usize,
    /// KV values read back that equal what was written.
    pub kv_matching: usize,
}

impl BackfillVerified {
    pub fn ok(&self) -> bool {
        self.rows_expected == self.rows_matching && self.kv_checked == self.kv_matching
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct BackfillApplied {
    pub rows_written: usize,
    pub kv_written: usize,
    pub durable_requests: usize,
    pub kv_requests: usize,
    pub verified: BackfillVerified,
    /// Local file holding the KV values that were overwritten.
    pub backup: Option<String>,
}

/// The write requests a plan needs, and the read-back requests after them.
pub fn requests_needed(plan: &BackfillPlan, _layout: &Layout, b: Batching) -> (u64, u64) {
    let durable = durable_requests(plan, b).len();
    let kv = plan.kv_puts.len().div_ceil(b.kv_chunk.max(1));
    let verify_sql = plan
        .rows
        .len()
        .div_ceil(100)
        .div_ceil(b.statements_per_request.max(1));
    let checked = if b.verify_all {
        plan.kv_puts.len()
    } else {
        plan.kv_puts.len().min(KV_VERIFY_SAMPLE)
    };
    let verify_kv = checked.div_ceil(100);
    ((durable + kv) as u64, (verify_sql + verify_kv) as u64)
}

/// The plan's upserts grouped into requests: `statements_per_request` per D1 request; on
/// PostgreSQL one statement (up to 65,535 parameters) per transaction.
fn durable_requests(plan: &BackfillPlan, b: Batching) -> Vec<Vec<Upsert>> {
    let Some(table) = plan.table.as_deref().filter(|_| !plan.rows.is_empty()) else {
        return Vec::new();
    };
    let per_request = match table.dialect {
        Dialect::Postgres => 1,
        Dialect::Sqlite => b.statements_per_request,
    };
    backfill::group_requests(backfill::upsert_statements(table, &plan.rows), per_request)
}

pub async fn apply(
    store: &Store,
    layout: &Layout,
    state_dir: &Path,
    plan: &BackfillPlan,
    journal: &mut Journal,
    batching: Batching,
    bar: &ProgressBar,
) -> anyhow::Result<BackfillApplied> {
    let mut out = BackfillApplied::default();
    if let Some(why) = backfill::refusal(plan) {
        return Err(Failure::refused(why));
    }
    let requests = durable_requests(plan, batching);
    let kv_chunks: Vec<_> = plan.kv_puts.chunks(batching.kv_chunk.max(1)).collect();
    bar.set_length((requests.len() + kv_chunks.len()) as u64);
    let partial = |j: &Journal, what: String| {
        Failure::partial(format!(
            "{what}; the journal is {} — run `mkt backfill skills --apply --yes --resume {}` to converge",
            j.path.display(),
            j.run_id
        ))
    };

    for (i, batch) in requests.iter().enumerate() {
        let n = i + 1;
        let keys: Vec<String> = batch.iter().flat_map(|u| u.keys.iter().cloned()).collect();
        let stmts: Vec<Statement> = batch.iter().map(|u| u.stmt.clone()).collect();
        journal.record(&Event::Planned {
            step: "durable".into(),
            batch: n,
            keys: keys.clone(),
        })?;
        if let Err(e) = durable::write(store, &stmts).await {
            journal.record(&Event::Failed {
                step: "durable".into(),
                batch: n,
                error: e.to_string(),
            })?;
            return Err(partial(
                journal,
                format!("durable batch {n} of {} failed ({e})", requests.len()),
            ));
        }
        journal.record(&Event::Done {
            step: "durable".into(),
            batch: n,
            items: keys.len(),
        })?;
        out.rows_written += keys.len();
        out.durable_requests += 1;
        bar.inc(1);
        super::failpoint("durable_batch", n);
    }

    if !plan.overwritten.is_empty() {
        let file = super::backup::backup_values(
            state_dir,
            "skill-values",
            &Value::Object(plan.overwritten.clone()),
        )?;
        out.backup = Some(file.display().to_string());
    }
    for (i, chunk) in kv_chunks.iter().enumerate() {
        let n = i + 1;
        let keys: Vec<String> = chunk.iter().map(|p| p.key.clone()).collect();
        journal.record(&Event::Planned {
            step: "kv".into(),
            batch: n,
            keys,
        })?;
        let report = match store.kv.put_many(chunk).await {
            Ok(r) => r,
            Err(e) => {
                journal.record(&Event::Failed {
                    step: "kv".into(),
                    batch: n,
                    error: e.to_string(),
                })?;
                return Err(partial(
                    journal,
                    format!("KV chunk {n} of {} failed ({e})", kv_chunks.len()),
                ));
            }
        };
        if !report.failed.is_empty() {
            let error = format!("{} keys not written after retries", report.failed.len());
            journal.record(&Event::Failed {
                step: "kv".into(),
                batch: n,
                error: error.clone(),
            })?;
            return Err(partial(
                journal,
                format!("KV chunk {n} of {}: {error}", kv_chunks.len()),
            ));
        }
        journal.record(&Event::Done {
            step: "kv".into(),
            batch: n,
            items: report.succeeded,
        })?;
        out.kv_written += report.succeeded;
        out.kv_requests += 1;
        bar.inc(1);
        super::failpoint("kv_chunk", n);
    }

    out.verified = verify(store, layout, plan, batching).await.map_err(|e| {
        partial(
            journal,
            format!(
                "reading back what was written failed ({})",
                crate::exit::one_line(&e)
            ),
        )
    })?;
    journal.record(&Event::Finished {
        at: super::timestamp(),
        ok: out.verified.ok(),
        verified: serde_json::to_value(&out.verified)?,
    })?;
    if !out.verified.ok() {
        return Err(partial(
            journal,
            format!(
                "read-back differs from what was written ({}/{} rows, {}/{} values match)",
                out.verified.rows_matching,
                out.verified.rows_expected,
                out.verified.kv_matching,
                out.verified.kv_checked
            ),
        ));
    }
    Ok(out)
}

async fn verify(
    store: &Store,
    _layout: &Layout,
    plan: &BackfillPlan,
    b: Batching,
) -> anyhow::Result<BackfillVerified> {
    let mut v = BackfillVerified {
        rows_expected: plan.rows.len(),
        kv_expected: plan.kv_puts.len(),
        ..Default::default()
    };
    if let Some(table) = plan.table.as_deref().filter(|_| !plan.rows.is_empty()) {
        let names: Vec<String> = plan
            .rows
            .iter()
            .filter_map(|r| {
                r.get(&table.key)
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect();
        let back = durable::read_keys(store, table, &names, b.statements_per_request).await?;
        for row in &plan.rows {
            let name = row
                .get(&table.key)
                .and_then(Value::as_str)
                .unwrap_or_default();
            let Some(got) = back.get(name) else { continue };
            // Compare through the record form: numbers by value, labels as lists, instants.
            let written = model::record_from_row(table, row, name, None);
            if model::record_row_differences(table, &written, got).is_empty() {
                v.rows_matching += 1;
            }
        }
    }
    let checked: Vec<&crate::store::KvPut> =
        if b.verify_all || plan.kv_puts.len() <= KV_VERIFY_SAMPLE {
            plan.kv_puts.iter().collect()
        } else {
            let step = plan.kv_puts.len().div_ceil(KV_VERIFY_SAMPLE);
            plan.kv_puts.iter().step_by(step).collect()
        };
    v.kv_checked = checked.len();
    let keys: Vec<String> = checked.iter().map(|p| p.key.clone()).collect();
    let got = store.kv.get_many(&keys).await?;
    for put in checked {
        let want: Option<Map<String, Value>> = serde_json::from_str(&put.value).ok();
        let have = got
            .get(&put.key)
            .cloned()
            .flatten()
            .and_then(|t| serde_json::from_str::<Map<String, Value>>(&t).ok());
        if want.is_some() && want == have {
            v.kv_matching += 1;
        }
    }
    Ok(v)
}
