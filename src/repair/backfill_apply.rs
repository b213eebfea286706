//! Applying a backfill plan through the repair pipeline (`flow`): durable rows first (batched
//! upserts, one atomic batch per request), then KV values in chunks; then a read-back of everything
//! written. A failure after writes began is partial (exit 6): rerunning converges, since the plan
//! is recomputed from what is there and only differences are written.

use std::path::Path;

use async_trait::async_trait;
use serde::Serialize;
use serde_json::{Map, Value};

use super::backfill::{self, BackfillPlan};
use super::flow::{Batch, FlowOutcome, Repair, Verification};
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

/// A backfill plan as a repair for `flow::run`: durable rows first (one atomic batch per request),
/// then KV values in chunks; the overwritten KV values are backed up before anything is written.
pub struct BackfillRepair<'a> {
    pub store: &'a Store,
    pub layout: &'a Layout,
    pub plan: &'a BackfillPlan,
    pub options: super::backfill::BackfillOptions,
    pub batching: Batching,
    durable: Vec<Vec<Upsert>>,
}

impl<'a> BackfillRepair<'a> {
    pub fn new(
        store: &'a Store,
        layout: &'a Layout,
        plan: &'a BackfillPlan,
        options: super::backfill::BackfillOptions,
        batching: Batching,
    ) -> Self {
        BackfillRepair {
            store,
            layout,
            plan,
            options,
            batching,
            durable: durable_requests(plan, batching),
        }
    }

    /// What the run wrote, from the pipeline's tallies.
    pub fn applied(
        &self,
        o: &FlowOutcome<BackfillVerified>,
        backup: Option<String>,
    ) -> BackfillApplied {
        let step = |s: &str| o.steps.get(s).copied().unwrap_or_default();
        BackfillApplied {
            rows_written: step("durable").items,
            kv_written: step("kv").items,
            durable_requests: step("durable").batches,
            kv_requests: step("kv").batches,
            verified: o.verified.clone(),
            backup,
        }
    }

    fn kv_chunks(&self) -> std::slice::Chunks<'a, crate::store::KvPut> {
        self.plan.kv_puts.chunks(self.batching.kv_chunk.max(1))
    }
}

impl Verification for BackfillVerified {
    fn ok(&self) -> bool {
        BackfillVerified::ok(self)
    }
    fn describe(&self) -> String {
        format!(
            "read-back differs from what was written ({}/{} rows, {}/{} values match)",
            self.rows_matching, self.rows_expected, self.kv_matching, self.kv_checked
        )
    }
}

#[async_trait]
impl Repair for BackfillRepair<'_> {
    type Verified = BackfillVerified;

    fn command(&self) -> &str {
        "backfill-skills"
    }
    fn options(&self) -> Value {
        serde_json::to_value(self.options).unwrap_or(Value::Null)
    }
    fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }
    fn guards(&self) -> anyhow::Result<()> {
        match backfill::refusal(self.plan) {
            Some(why) => Err(Failure::refused(why)),
            None => Ok(()),
        }
    }
    fn question(&self) -> String {
        format!(
            "Write {} durable rows and {} KV values",
            self.plan.rows.len(),
            self.plan.kv_puts.len()
        )
    }
    async fn backup(&mut self, state_dir: &Path) -> anyhow::Result<Vec<String>> {
        if self.plan.overwritten.is_empty() {
            return Ok(Vec::new());
        }
        let file = super::backup::backup_values(
            state_dir,
            "skill-values",
            &Value::Object(self.plan.overwritten.clone()),
        )?;
        Ok(vec![file.display().to_string()])
    }
    fn batches(&self) -> Vec<Batch> {
        let durable = self.durable.iter().enumerate().map(|(i, b)| Batch {
            step: "durable".into(),
            number: i + 1,
            keys: b.iter().flat_map(|u| u.keys.iter().cloned()).collect(),
        });
        let kv = self.kv_chunks().enumerate().map(|(i, c)| Batch {
            step: "kv".into(),
            number: i + 1,
            keys: c.iter().map(|p| p.key.clone()).collect(),
        });
        durable.chain(kv).collect()
    }
    async fn apply(&mut self, batch: &Batch) -> anyhow::Result<usize> {
        if batch.step == "durable" {
            let stmts: Vec<Statement> = self.durable[batch.number - 1]
                .iter()
                .map(|u| u.stmt.clone())
                .collect();
            durable::write(self.store, &stmts).await?;
            return Ok(batch.keys.len());
        }
        let chunk = self
            .kv_chunks()
            .nth(batch.number - 1)
            .expect("a planned KV chunk");
        let report = self.store.kv.put_many(chunk).await?;
        if !report.failed.is_empty() {
            anyhow::bail!("{} keys not written after retries", report.failed.len());
        }
        Ok(report.succeeded)
    }
    async fn verify(&mut self) -> anyhow::Result<BackfillVerified> {
        verify(self.store, self.layout, self.plan, self.batching).await
    }
    fn failpoints(&self, batch: &Batch) -> (Option<String>, Option<String>) {
        // Names the crash tests use: durable_batch:<n>, kv_chunk:<n>.
        let after = if batch.step == "kv" {
            "kv_chunk"
        } else {
            "durable_batch"
        };
        (None, Some(after.to_string()))
    }
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
