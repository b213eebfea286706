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
use crate::durable::{self, DurableDb};
use crate::exit::Failure;
use crate::model;
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

/// Rows built (and turned into statements) at a time while grouping a plan into requests, and
/// rows read back at a time by the verify: bounded, so memory does not grow with the plan.
const ROWS_AT_A_TIME: usize = 10_000;

/// The write requests a plan needs, and the read-back requests after them.
pub fn requests_needed(plan: &BackfillPlan, _layout: &Layout, b: Batching) -> (u64, u64) {
    let durable = durable_batches(plan, b).len();
    let kv = plan.kv_count().div_ceil(b.kv_chunk.max(1));
    let verify_sql = if plan.row_count() == 0 {
        0
    } else {
        // IN-lists of 100 keys, `statements_per_request` per request, a chunk of rows at a time.
        let per_chunk = ROWS_AT_A_TIME
            .div_ceil(100)
            .div_ceil(b.statements_per_request.max(1));
        let full = plan.row_count() / ROWS_AT_A_TIME;
        let rest = plan.row_count() % ROWS_AT_A_TIME;
        full * per_chunk + rest.div_ceil(100).div_ceil(b.statements_per_request.max(1))
    };
    let checked = if b.verify_all {
        plan.kv_count()
    } else {
        plan.kv_count().min(KV_VERIFY_SAMPLE)
    };
    let verify_kv = checked.div_ceil(100);
    ((durable + kv) as u64, (verify_sql + verify_kv) as u64)
}

/// The plan's rows grouped into requests, as the keys (slugs) of each request: `statements_per_request`
/// statements per D1 request; on PostgreSQL one statement (up to 65,535 parameters) per
/// transaction. Rows are built a chunk at a time and dropped; the last, partly filled request of a
/// chunk is carried into the next, so the grouping is the one all rows at once would give.
fn durable_batches(plan: &BackfillPlan, b: Batching) -> Vec<Vec<String>> {
    let Some(table) = plan.table.as_deref().filter(|_| plan.row_count() > 0) else {
        return Vec::new();
    };
    let per_request = match table.dialect {
        Dialect::Postgres => 1,
        Dialect::Sqlite => b.statements_per_request,
    };
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut carried: Vec<String> = Vec::new();
    let mut rest = plan.row_slugs();
    while !rest.is_empty() || !carried.is_empty() {
        let take = rest.len().min(ROWS_AT_A_TIME);
        let (now, later) = rest.split_at(take);
        rest = later;
        let mut slugs = std::mem::take(&mut carried);
        slugs.extend_from_slice(now);
        let rows = plan.rows_for(&slugs);
        drop(slugs);
        let mut requests: Vec<Vec<String>> = backfill::group_requests(
            backfill::upsert_statements(table, &rows),
            per_request,
            table.dialect.limits(),
        )
        .into_iter()
        .map(|r| r.into_iter().flat_map(|u| u.keys).collect())
        .collect();
        if !rest.is_empty() {
            carried = requests.pop().unwrap_or_default();
        }
        out.extend(requests);
    }
    out
}

/// A backfill plan as a repair for `flow::run`: durable rows first (one atomic batch per request),
/// then KV values in chunks; the overwritten KV values are backed up before anything is written.
/// Each batch's rows, statements and values are built when it is written.
pub struct BackfillRepair<'a> {
    pub store: &'a Store,
    /// The durable table's database.
    pub db: &'a DurableDb,
    pub layout: &'a Layout,
    pub plan: &'a BackfillPlan,
    pub options: super::backfill::BackfillOptions,
    pub batching: Batching,
    /// The keys of each durable request, in write order.
    durable: Vec<Vec<String>>,
    /// The run's id (its backup is named after it).
    run_id: String,
}

impl<'a> BackfillRepair<'a> {
    pub fn new(
        store: &'a Store,
        db: &'a DurableDb,
        layout: &'a Layout,
        plan: &'a BackfillPlan,
        options: super::backfill::BackfillOptions,
        batching: Batching,
    ) -> Self {
        BackfillRepair {
            store,
            db,
            layout,
            plan,
            options,
            batching,
            durable: durable_batches(plan, batching),
            run_id: String::new(),
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

    /// The write ranges of the KV chunks, in order.
    fn kv_chunks(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let n = self.plan.kv_count();
        let size = self.batching.kv_chunk.max(1);
        (0..n)
            .step_by(size)
            .map(move |start| start..(start + size).min(n))
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
            self.plan.row_count(),
            self.plan.kv_count()
        )
    }
    fn begin(&mut self, run_id: &str) {
        self.run_id = run_id.to_string();
    }
    fn target(&self) -> Option<String> {
        Some(super::run_backup::target_name(self.store).to_string())
    }
    /// The run's exact backup: every column of each durable row it updates (read now) and the
    /// key of each it inserts; each KV value it writes as stored (bytes, metadata, expiration, or
    /// that there was none); and a fingerprint of what it writes in each place.
    async fn backup(&mut self, state_dir: &Path) -> anyhow::Result<Vec<String>> {
        use super::run_backup::{self, KvLine, RowLine, Stored, Written};
        let table = self.plan.table.as_deref().expect("a plan's table");
        let rows = self.plan.row_count() > 0;
        let header = run_backup::header(
            self.store,
            &self.run_id,
            self.command(),
            rows.then_some((self.db, table)),
        );
        let mut w = run_backup::Writer::open(state_dir, &header)?;
        for slugs in self.plan.row_slugs().chunks(ROWS_AT_A_TIME) {
            let before = durable::read_full_rows(
                self.db,
                table,
                slugs,
                self.batching.statements_per_request,
            )
            .await?;
            for slug in slugs {
                let Some(mut after) = self.plan.row_for(slug) else {
                    continue;
                };
                let before = before.get(slug).cloned();
                // A generated id is made anew each time a row is built: the one written is not
                // this one (an undo deletes an inserted row by its key).
                if let Some(id) = &table.generated_id {
                    after.remove(id);
                }
                if let (Some(c), true) = (&table.created, before.is_some()) {
                    // An update never changes it (the upsert leaves it out).
                    after.remove(c);
                }
                w.row(RowLine {
                    key: slug.clone(),
                    existed: before.is_some(),
                    before,
                    after: Some(after),
                })?;
            }
        }
        for range in self.kv_chunks().collect::<Vec<_>>() {
            let puts = self.plan.kv_puts_in(range.clone());
            for (i, put) in range.zip(puts) {
                let before = self.plan.entry(self.plan.kv_slug(i));
                w.kv(KvLine {
                    key: put.key.clone(),
                    role: "skill".into(),
                    existed: before.is_some(),
                    before: before.map(Stored::of),
                    after: Some(Written::of_put(&put)),
                })?;
            }
        }
        let file = w.finish()?;
        Ok(vec![file.display().to_string()])
    }
    fn batches(&self) -> Vec<Batch> {
        let durable = self.durable.iter().enumerate().map(|(i, keys)| Batch {
            step: "durable".into(),
            number: i + 1,
            keys: keys.clone(),
        });
        let kv = self.kv_chunks().enumerate().map(|(i, r)| Batch {
            step: "kv".into(),
            number: i + 1,
            keys: r.map(|w| self.plan.kv_key(w)).collect(),
        });
        durable.chain(kv).collect()
    }
    async fn apply(&mut self, batch: &Batch) -> anyhow::Result<usize> {
        if batch.step == "durable" {
            let table = self.plan.table.as_deref().expect("a plan's table");
            let rows = self.plan.rows_for(&self.durable[batch.number - 1]);
            if rows.len() != batch.keys.len() {
                anyhow::bail!(
                    "durable batch {}: a planned row could not be built",
                    batch.number
                );
            }
            let stmts: Vec<Statement> = backfill::upsert_statements(table, &rows)
                .into_iter()
                .map(|u| u.stmt)
                .collect();
            drop(rows);
            durable::write(self.db, &stmts).await?;
            return Ok(batch.keys.len());
        }
        let range = self
            .kv_chunks()
            .nth(batch.number - 1)
            .expect("a planned KV chunk");
        let chunk = self.plan.kv_puts_in(range);
        let report = self.store.kv.put_many(&chunk).await?;
        if !report.failed.is_empty() {
            anyhow::bail!("{} keys not written after retries", report.failed.len());
        }
        Ok(report.succeeded)
    }
    async fn verify(&mut self) -> anyhow::Result<BackfillVerified> {
        verify(self.store, self.db, self.layout, self.plan, self.batching).await
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
    db: &DurableDb,
    _layout: &Layout,
    plan: &BackfillPlan,
    b: Batching,
) -> anyhow::Result<BackfillVerified> {
    let mut v = BackfillVerified {
        rows_expected: plan.row_count(),
        kv_expected: plan.kv_count(),
        ..Default::default()
    };
    if let Some(table) = plan.table.as_deref().filter(|_| plan.row_count() > 0) {
        // A chunk of rows at a time: the rows written (built again) beside the rows read back.
        for slugs in plan.row_slugs().chunks(ROWS_AT_A_TIME) {
            let rows = plan.rows_for(slugs);
            let names: Vec<String> = rows
                .iter()
                .filter_map(|r| {
                    r.get(&table.key)
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .collect();
            let back = durable::read_keys(db, table, &names, b.statements_per_request).await?;
            for (row, name) in rows.iter().zip(&names) {
                let Some(got) = back.get(name) else { continue };
                // Compare through the record form: numbers by value, labels as lists, instants.
                let written = model::record_from_row(table, row, name, None);
                if model::record_row_differences(table, &written, got).is_empty() {
                    v.rows_matching += 1;
                }
            }
        }
    }
    let n = plan.kv_count();
    let checked: Vec<usize> = if b.verify_all || n <= KV_VERIFY_SAMPLE {
        (0..n).collect()
    } else {
        (0..n).step_by(n.div_ceil(KV_VERIFY_SAMPLE)).collect()
    };
    v.kv_checked = checked.len();
    for part in checked.chunks(ROWS_AT_A_TIME) {
        let puts: Vec<crate::store::KvPut> = part
            .iter()
            .flat_map(|&i| plan.kv_puts_in(i..i + 1))
            .collect();
        let keys: Vec<String> = puts.iter().map(|p| p.key.clone()).collect();
        let got = store.kv.get_many(&keys).await?;
        for put in &puts {
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
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::repair::backfill::{Authority, BackfillOptions, Direction};
    use crate::sources::Snapshot;

    /// Rows built a chunk at a time group into the same requests as all rows at once (so the
    /// request counts in BENCHMARKS.md hold), across chunk boundaries and partial requests.
    #[test]
    fn chunked_grouping_is_the_grouping_of_all_rows_at_once() {
        let n = 2 * ROWS_AT_A_TIME + 1_234;
        let mut snap = Snapshot::default();
        for i in 0..n {
            let slug = format!("s{i:06}");
            let mut rec =
                json!({"name": slug, "displayName": format!("Skill {i}"), "labels": ["a"]});
            if i % 7 == 0 {
                // Another column set: its rows group apart.
                rec["certScore"] = json!(90.5);
            }
            let rec = rec.as_object().unwrap().clone();
            snap.kv_records.insert(slug, Ok(rec));
        }
        snap.durable = Some(Default::default());
        let options = BackfillOptions {
            to: Direction::Durable,
            authority: Authority::Durable,
        };
        let plan = backfill::plan(
            Arc::new(snap),
            &Layout::default(),
            options,
            "2026-01-01T00:00:00.000Z",
        );
        assert_eq!(plan.row_count(), n);
        let b = Batching::default();
        let chunked = durable_batches(&plan, b);
        let table = plan.table.as_deref().unwrap();
        let whole: Vec<Vec<String>> = backfill::group_requests(
            backfill::upsert_statements(table, &plan.rows()),
            100,
            table.dialect.limits(),
        )
        .into_iter()
        .map(|r| r.into_iter().flat_map(|u| u.keys).collect())
        .collect();
        let keys = |v: &[Vec<String>]| v.iter().flatten().cloned().collect::<BTreeSet<_>>();
        assert_eq!(keys(&chunked).len(), n, "every row once");
        assert_eq!(keys(&chunked), keys(&whole));
        // Mixed column sets may split differently at a chunk's end, by at most one request a chunk.
        assert!(
            chunked.len() <= whole.len() + n / ROWS_AT_A_TIME,
            "{} requests, all at once {}",
            chunked.len(),
            whole.len()
        );
        assert_eq!(
            requests_needed(&plan, &Layout::default(), b).0 as usize,
            chunked.len()
        );
    }
}
