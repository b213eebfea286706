//! Executing a `SeedPlan` against a store.

use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;
use serde_json::Value;

use super::db::{self as seed_db, MAX_BATCH_STATEMENTS};
use super::{gen, SeedPlan};
use crate::config::Layout;
use crate::durable::{self, DurableDb};
use crate::exit::Failure;
use crate::reviews::model::Review;
use crate::reviews::sql::{review_params, rows_per_upsert};
use crate::schema::tables::reviews::{self as table, OnConflict, Scope, Stamp};
use crate::schema::{sql, Dialect};
use crate::store::{KvPut, Statement, Store};

/// KV values per `put_many` call; small enough that the progress bar moves.
const KV_CHUNK: usize = 1000;

/// What a seed run wrote.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SeedReport {
    /// `skill:` values written (including a planted malformed one).
    pub kv_values: usize,
    /// Other KV keys written (aliases).
    pub kv_aliases: usize,
    pub durable_rows: usize,
    /// Durable rows removed by the skill-loss scenario.
    pub durable_removed: usize,
    pub reviews: usize,
    /// Aggregate rows recomputed from the reviews table.
    pub aggregates: u64,
    pub index_entries: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed_catalog: Option<PathBuf>,
    pub seed_catalog_entries: usize,
}

/// Skills generated and written per round: every round writes its durable rows, then its KV
/// values, so memory holds one round, and a value is never written before its row.
pub const ROUND: usize = 3000;

/// What was written so far, for the message when a run stops part-way.
fn so_far(report: &SeedReport, plan: &SeedPlan) -> String {
    let reviews = if plan.reviews() > 0 {
        format!(", {} of {} reviews", report.reviews, plan.reviews())
    } else {
        String::new()
    };
    format!(
        "{} of {} skills written (durable rows and KV values){reviews}, the index {}",
        report.kv_values.min(plan.len()),
        plan.len(),
        if report.index_entries > 0 {
            "written"
        } else {
            "not yet written"
        }
    )
}

/// Ctrl-C stops at the next store operation: say what was written and how to finish.
fn stopped(e: anyhow::Error, what: &str, report: &SeedReport, plan: &SeedPlan) -> anyhow::Error {
    if crate::error::status_of(&e) == crate::exit::ExitStatus::Interrupted {
        Failure::interrupted(format!(
            "interrupted while {what}: {}; the store is usable — rerun the same mkt seed command to finish (seeding is idempotent)",
            so_far(report, plan)
        ))
    } else {
        e.context(format!("{what} ({})", so_far(report, plan)))
    }
}

/// Before anything is written: an interruption is said the same way, other errors as they are.
fn stopped_before(
    e: anyhow::Error,
    what: &str,
    report: &SeedReport,
    plan: &SeedPlan,
) -> anyhow::Error {
    if crate::error::status_of(&e) == crate::exit::ExitStatus::Interrupted {
        stopped(e, what, report, plan)
    } else {
        e
    }
}

async fn run_batches(
    store: &Store,
    stmts: Vec<(Statement, u64)>,
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<()> {
    for chunk in stmts.chunks(MAX_BATCH_STATEMENTS) {
        let batch: Vec<Statement> = chunk.iter().map(|(s, _)| s.clone()).collect();
        store.sql.batch_idempotent(&batch).await?;
        progress(chunk.iter().map(|(_, n)| n).sum());
    }
    Ok(())
}

/// Writes KV values in chunks; keys still unsuccessful after retries end the run as partial.
async fn put_values(
    store: &Store,
    puts: &[KvPut],
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<()> {
    for chunk in puts.chunks(KV_CHUNK) {
        let res = store.kv.put_many(chunk).await?;
        if !res.failed.is_empty() {
            return Err(Failure::partial(format!(
                "{} KV writes failed after retries (first: {}); rerun the same mkt seed command to finish",
                res.failed.len(),
                res.failed[0]
            )));
        }
        progress(chunk.len() as u64);
    }
    Ok(())
}

/// One round of skills: its durable rows (and the rows the scenario removes), then its KV values.
async fn write_round(
    store: &Store,
    db: &DurableDb,
    table: &crate::schema::SkillTable,
    plan: &SeedPlan,
    round: &[u32],
    report: &mut SeedReport,
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<()> {
    let mut rows = Vec::with_capacity(round.len());
    let mut deletes = Vec::new();
    let mut puts = Vec::with_capacity(round.len());
    for i in round.iter().map(|i| *i as usize) {
        let mut rec = plan.record(i);
        let slug = plan.slugs[i].as_str();
        // The KV value first: the row's timestamps are the row's, not fields of the record.
        puts.push(plan.kv_put(i, &rec));
        if plan.has_row(i) {
            let (created, updated) = plan.times(i);
            rec.insert("createdAt".into(), Value::String(created.clone()));
            rec.insert("updatedAt".into(), Value::String(updated));
            rows.push(
                durable::rows::row_from_record(table, slug, &rec, None, &created)
                    .map_err(Failure::refused)?,
            );
        } else {
            deletes.push(slug.to_string());
        }
    }
    let mut stmts: Vec<(Statement, u64)> = sql::upserts(table, &rows)
        .into_iter()
        .map(|u| {
            let n = u.keys.len() as u64;
            (u.stmt, n)
        })
        .collect();
    for s in sql::deletes(table, &deletes) {
        let n = s.params.len() as u64;
        stmts.push((s, n));
    }
    let per_batch = match db.dialect() {
        Dialect::Sqlite => MAX_BATCH_STATEMENTS,
        Dialect::Postgres => 1,
    };
    let mut stmts = stmts.into_iter().peekable();
    while stmts.peek().is_some() {
        let (batch, counts): (Vec<Statement>, Vec<u64>) = stmts.by_ref().take(per_batch).unzip();
        durable::write(db, &batch).await?;
        progress(counts.iter().sum());
    }
    report.durable_rows += rows.len();
    report.durable_removed += deletes.len();
    put_values(store, &puts, progress).await?;
    report.kv_values += puts.len();
    Ok(())
}

/// Migrates, then writes the skills round by round (durable rows, then KV values), reviews and
/// aggregates, the scenario's other KV values, the index (last) and the seed catalog file. Every
/// write is an upsert or overwrite, so a rerun converges to the same state.
pub async fn apply(
    store: &Store,
    db: &DurableDb,
    layout: &Layout,
    plan: &mut SeedPlan,
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    seed_db::migrate_target(store, db, layout)
        .await
        .map_err(|e| {
            stopped_before(
                anyhow::Error::from(e).context("running migrations"),
                "creating the tables",
                &report,
                plan,
            )
        })?;

    // 1. Skills: durable rows and KV values, a round at a time.
    let table = durable::table(db, layout)
        .await
        .map_err(|e| crate::error::failure(&e))
        .map_err(|e| stopped_before(e.into(), "reading the durable table", &report, plan))?;
    if !plan.is_empty() {
        if let Some(why) = table.write_refusal() {
            return Err(Failure::refused(why));
        }
    }
    // In key order: each round then lands on neighbouring B-tree pages (on SQLite, appends
    // to the end of a new table) instead of rewriting a page per row all over the file.
    let order = plan.key_order();
    for round in order.chunks(ROUND) {
        write_round(store, db, &table, plan, round, &mut report, progress)
            .await
            .map_err(|e| stopped(e, "writing skills", &report, plan))?;
    }

    // 2. Reviews, a round at a time, then their aggregates recomputed in SQL so they always match.
    let mut live = gen::Tally::new();
    let mut start = 0;
    while start < plan.reviews() {
        let end = (start + ROUND).min(plan.reviews());
        let reviews: Vec<Review> = (start..end).map(|j| plan.review(j)).collect();
        for r in &reviews {
            gen::tally(&mut live, r);
        }
        let stmts = reviews
            .chunks(rows_per_upsert(store.sql.limits()))
            .map(|rows| {
                let sql = table::upsert_sql(&layout.reviews_table, rows.len(), OnConflict::Replace);
                let params = rows.iter().flat_map(review_params).collect();
                (Statement::with(sql, params), rows.len() as u64)
            })
            .collect();
        run_batches(store, stmts, progress)
            .await
            .map_err(|e| stopped(e, "writing reviews", &report, plan))?;
        report.reviews = end;
        start = end;
    }
    if let Some(loss) = &mut plan.skill_loss {
        loss.stale_aggregates = gen::stale_from_tally(&live);
    }
    {
        let agg = &layout.review_aggregates_table;
        // Recomputed from the table, so they always match it: rows of targets without live
        // reviews go, the others are upserted (with the latest review time, so reruns match).
        // Always, even when this seed writes no reviews: the table may hold an earlier seed's
        // reviews and the stale rows its scenario planted.
        let mut stmts =
            table::recompute(agg, &layout.reviews_table, Scope::All, Stamp::LatestReview).to_vec();
        // The skill-loss scenario's stale rows, written with fixed values (a rerun plants the same).
        for s in plan.skill_loss.iter().flat_map(|l| &l.stale_aggregates) {
            stmts.push(Statement::with(
                format!("UPDATE {agg} SET review_count = ?, avg_rating = ? WHERE target_type = ? AND target_id = ?"),
                vec![
                    s.review_count.into(),
                    s.avg_rating.into(),
                    s.target_type.clone().into(),
                    s.target_id.clone().into(),
                ],
            ));
        }
        // Recomputing from the table and fixed values are idempotent, so a target may retry them.
        let out = store
            .sql
            .batch_idempotent(&stmts)
            .await
            .map_err(|e| stopped(e.into(), "computing review aggregates", &report, plan))?;
        // The first statement is the upsert of the targets with live reviews.
        report.aggregates = out.first().map(|o| o.changes).unwrap_or(0);
    }

    // 3. The scenario's other KV values, then 4. the index blob last: a reader never sees an
    // index naming missing values.
    put_values(store, &plan.extra_puts, progress)
        .await
        .map_err(|e| stopped(e, "writing KV values", &report, plan))?;
    report.kv_aliases = plan.extra_puts.len();
    let (blob, entries) = if plan.skill_loss.is_some() {
        // The incident *is* an index that lost entries: overwrite it.
        seeded_index(plan)
    } else {
        let existing = store
            .kv
            .get(&layout.index_key)
            .await
            .map_err(|e| stopped(e.into(), "reading the index blob", &report, plan))?;
        union_index(existing.map(|v| v.bytes), plan, &order)
    };
    let res = store
        .kv
        .put_many(&[KvPut::new(layout.index_key.clone(), blob)])
        .await
        .map_err(|e| stopped(e.into(), "writing the index blob", &report, plan))?;
    if !res.failed.is_empty() {
        return Err(Failure::partial(
            "the index blob write failed after retries; rerun the same mkt seed command to finish",
        ));
    }
    progress(1);
    report.index_entries = entries;

    if let Some(path) = &plan.catalog_path {
        write_catalog(path, &plan.catalog)?;
        report.seed_catalog = Some(path.clone());
        report.seed_catalog_entries = plan.catalog.len();
    }
    Ok(report)
}

/// JSON text of an array written element by element (no second copy of the entries as values).
struct ArrayText {
    text: String,
    count: usize,
}

impl ArrayText {
    fn new() -> Self {
        ArrayText {
            text: String::from("["),
            count: 0,
        }
    }
    fn push(&mut self, v: &Value) {
        if self.count > 0 {
            self.text.push(',');
        }
        self.text.push_str(&v.to_string());
        self.count += 1;
    }
    fn finish(mut self) -> (String, usize) {
        self.text.push(']');
        (self.text, self.count)
    }
}

/// The seeded entries alone, in generation order.
fn seeded_index(plan: &SeedPlan) -> (String, usize) {
    let mut out = ArrayText::new();
    for i in (0..plan.len()).filter(|i| plan.indexed(*i)) {
        out.push(&plan.index_entry(i));
    }
    out.finish()
}

/// A clean seed never drops index entries it did not write: seeded entries replace their own slug
/// in place and the rest are appended. A missing or malformed blob is replaced. `order` is
/// [`SeedPlan::key_order`], searched instead of a map from slug to position (half the memory).
fn union_index(existing: Option<Vec<u8>>, plan: &SeedPlan, order: &[u32]) -> (String, usize) {
    let Some(Ok(old)) = existing.map(|bytes| crate::model::parse_index(&bytes)) else {
        return seeded_index(plan);
    };
    let position = |slug: &str| {
        order
            .binary_search_by(|i| plan.slugs[*i as usize].as_str().cmp(slug))
            .ok()
            .map(|k| order[k] as usize)
    };
    let mut seen = vec![false; plan.len()];
    let mut out = ArrayText::new();
    for e in old {
        match e.slug().and_then(position) {
            Some(i) if !seen[i] => {
                seen[i] = true;
                out.push(&plan.index_entry(i));
            }
            Some(_) => {}
            None => out.push(&e.to_value()),
        }
    }
    for (i, done) in seen.iter().enumerate() {
        if !done {
            out.push(&plan.index_entry(i));
        }
    }
    out.finish()
}

fn write_catalog(
    path: &std::path::Path,
    records: &[serde_json::Map<String, Value>],
) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut text = serde_json::to_string_pretty(records)?;
    text.push('\n');
    std::fs::write(path, text)
        .with_context(|| format!("writing the seed catalog {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{IndexStyle, Scenario, SeedOptions};
    use serde_json::json;

    fn plan_of(n: usize) -> SeedPlan {
        let opts = SeedOptions {
            skills: n,
            reviews: 0,
            scenario: Scenario::Clean,
            rng_seed: 7,
            index_style: IndexStyle::Strings,
        };
        crate::seed::plan(&opts, &Layout::default())
    }

    #[test]
    fn a_clean_seed_keeps_index_entries_it_did_not_write() {
        let plan = plan_of(2);
        let (a, b) = (plan.slugs[0].clone(), plan.slugs[1].clone());
        let old = json!(["keep-me", {"name": b, "displayName": "Old B"}, 7]).to_string();
        let order = plan.key_order();
        let (text, n) = union_index(Some(old.into_bytes()), &plan, &order);
        let out: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(out, json!(["keep-me", b, 7, a]));
        assert_eq!(n, 4);
        let (again, _) = union_index(Some(text.clone().into_bytes()), &plan, &order);
        assert_eq!(again, text, "idempotent");
        let (fresh, _) = seeded_index(&plan);
        assert_eq!(
            union_index(Some(b"not json".to_vec()), &plan, &order).0,
            fresh
        );
        assert_eq!(union_index(None, &plan, &order).0, fresh);
        assert_eq!(
            serde_json::from_str::<Value>(&fresh).unwrap(),
            json!([a, b])
        );
    }
}
