//! Executing a `SeedPlan` against a store.

use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;
use serde_json::Value;

use super::db::{self, MAX_BATCH_STATEMENTS};
use super::SeedPlan;
use crate::config::Layout;
use crate::durable;
use crate::exit::Failure;
use crate::schema::{sql, Dialect};
use crate::store::{KvPut, SqlValue, Statement, Store};

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

/// Units of work `apply` reports to `progress`: one per row, value and index write.
pub fn work_units(plan: &SeedPlan) -> u64 {
    (plan.durable.len() + plan.durable_deletes.len() + plan.reviews.len() + plan.kv_puts.len() + 1)
        as u64
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

/// The durable rows and deletes of a seed plan, for the table as discovered: only its columns are
/// written (a record field with no column stays in KV only). Refuses before any durable write when
/// the table cannot take the rows.
async fn durable_writes(
    store: &Store,
    layout: &Layout,
    plan: &SeedPlan,
) -> anyhow::Result<Vec<(Statement, u64)>> {
    let table = durable::table(store, layout)
        .await
        .map_err(|e| Failure::new(e.exit_status(), e.to_string()))?;
    let mut rows = Vec::with_capacity(plan.durable.len());
    for (rec, created, updated) in &plan.durable {
        let slug = rec["name"].as_str().unwrap_or_default();
        let mut timed = rec.clone();
        timed.insert("createdAt".into(), Value::String(created.clone()));
        timed.insert("updatedAt".into(), Value::String(updated.clone()));
        rows.push(
            durable::rows::row_from_record(&table, slug, &timed, None, created)
                .map_err(Failure::refused)?,
        );
    }
    if !rows.is_empty() {
        if let Some(why) = table.write_refusal() {
            return Err(Failure::refused(why));
        }
    }
    let mut stmts: Vec<(Statement, u64)> = sql::upserts(&table, &rows)
        .into_iter()
        .map(|u| {
            let n = u.keys.len() as u64;
            (u.stmt, n)
        })
        .collect();
    for s in sql::deletes(&table, &plan.durable_deletes) {
        let n = s.params.len() as u64;
        stmts.push((s, n));
    }
    Ok(stmts)
}

/// Migrates, then writes durable rows, reviews and aggregates, KV values, the index (last) and the
/// seed catalog file. Every write is an upsert or overwrite, so a rerun converges to the same state.
pub async fn apply(
    store: &Store,
    layout: &Layout,
    plan: &SeedPlan,
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    db::migrate_target(store, layout)
        .await
        .context("running migrations")?;

    // 1. Durable rows (and the rows the scenario removes).
    let stmts = durable_writes(store, layout, plan).await?;
    let per_batch = match store.durable.dialect() {
        Dialect::Sqlite => MAX_BATCH_STATEMENTS,
        Dialect::Postgres => 1,
    };
    for chunk in stmts.chunks(per_batch) {
        let batch: Vec<Statement> = chunk.iter().map(|(s, _)| s.clone()).collect();
        durable::write(store, &batch)
            .await
            .context("writing durable skill rows")?;
        progress(chunk.iter().map(|(_, n)| n).sum());
    }
    report.durable_rows = plan.durable.len();
    report.durable_removed = plan.durable_deletes.len();

    // 2. Reviews, then their aggregates recomputed in SQL so they always match the table.
    let review_cols = [
        "id",
        "target_type",
        "target_id",
        "display_name",
        "rating",
        "title",
        "body",
        "source",
        "created_at",
        "updated_at",
        "deleted_at",
    ];
    let review_rows: Vec<Vec<SqlValue>> = plan
        .reviews
        .iter()
        .map(|r| {
            vec![
                r.id.clone().into(),
                r.target_type.clone().into(),
                r.target_id.clone().into(),
                r.display_name.clone().into(),
                r.rating.into(),
                r.title.clone().into(),
                r.body.clone().into(),
                r.source.clone().into(),
                r.created_at.clone().into(),
                r.updated_at.clone().into(),
                r.deleted_at.clone().into(),
            ]
        })
        .collect();
    let stmts = db::upsert_statements(
        &layout.reviews_table,
        &review_cols,
        &["id"],
        &[],
        review_rows,
    )
    .into_iter()
    .map(|s| {
        let n = (s.params.len() / review_cols.len()) as u64;
        (s, n)
    })
    .collect();
    run_batches(store, stmts, progress)
        .await
        .context("writing reviews")?;
    report.reviews = plan.reviews.len();
    {
        let (agg, rev) = (&layout.review_aggregates_table, &layout.reviews_table);
        // Recomputed from the table, so they always match it: rows of targets without live
        // reviews go, the others are upserted (with the latest review time, so reruns match).
        // Always, even when this seed writes no reviews: the table may hold an earlier seed's
        // reviews and the stale rows its scenario planted.
        let mut stmts = vec![
            Statement::new(format!(
                "DELETE FROM {agg} WHERE NOT EXISTS (SELECT 1 FROM {rev} r WHERE r.target_type = {agg}.target_type \
                 AND r.target_id = {agg}.target_id AND r.deleted_at IS NULL)"
            )),
            Statement::new(format!(
                "INSERT INTO {agg} (target_type, target_id, review_count, avg_rating, updated_at) \
                 SELECT target_type, target_id, COUNT(*), AVG(rating), MAX(updated_at) FROM {rev} \
                 WHERE deleted_at IS NULL GROUP BY target_type, target_id \
                 ON CONFLICT(target_type, target_id) DO UPDATE SET review_count = excluded.review_count, \
                 avg_rating = excluded.avg_rating, updated_at = excluded.updated_at"
            )),
        ];
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
            .context("computing review aggregates")?;
        report.aggregates = out.get(1).map(|o| o.changes).unwrap_or(0);
    }

    // 3. KV values, then 4. the index blob last: a reader never sees an index naming missing values.
    for chunk in plan.kv_puts.chunks(KV_CHUNK) {
        let res = store
            .kv
            .put_many(chunk)
            .await
            .context("writing KV values")?;
        if !res.failed.is_empty() {
            return Err(Failure::partial(format!(
                "{} KV writes failed after retries (first: {}); rerun the same mkt seed command to finish",
                res.failed.len(),
                res.failed[0]
            )));
        }
        progress(chunk.len() as u64);
    }
    report.kv_values = plan
        .kv_puts
        .iter()
        .filter(|p| p.key.starts_with(&layout.skill_prefix))
        .count();
    report.kv_aliases = plan.kv_puts.len() - report.kv_values;
    let entries = if plan.skill_loss.is_some() {
        // The incident *is* an index that lost entries: overwrite it.
        plan.index.clone()
    } else {
        let existing = store
            .kv
            .get(&layout.index_key)
            .await
            .context("reading the index blob")?;
        union_index(existing.as_ref().map(|v| v.bytes.as_slice()), &plan.index)
    };
    let index = KvPut::new(
        layout.index_key.clone(),
        Value::Array(entries.clone()).to_string(),
    );
    let res = store
        .kv
        .put_many(&[index])
        .await
        .context("writing the index blob")?;
    if !res.failed.is_empty() {
        return Err(Failure::partial(
            "the index blob write failed after retries; rerun the same mkt seed command to finish",
        ));
    }
    progress(1);
    report.index_entries = entries.len();

    if let Some(path) = &plan.catalog_path {
        write_catalog(path, &plan.catalog)?;
        report.seed_catalog = Some(path.clone());
        report.seed_catalog_entries = plan.catalog.len();
    }
    Ok(report)
}

/// A clean seed never drops index entries it did not write: seeded entries replace their own slug
/// in place and the rest are appended. A missing or malformed blob is replaced.
fn union_index(existing: Option<&[u8]>, seeded: &[Value]) -> Vec<Value> {
    let Some(Ok(old)) = existing.map(crate::model::parse_index) else {
        return seeded.to_vec();
    };
    let by_slug: std::collections::BTreeMap<&str, &Value> =
        seeded.iter().map(|v| (entry_slug(v), v)).collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(old.len().max(seeded.len()));
    for e in old {
        match e
            .slug()
            .and_then(|s| by_slug.get(s).map(|v| (s.to_string(), *v)))
        {
            Some((slug, new)) if seen.insert(slug.clone()) => out.push(new.clone()),
            Some(_) => {}
            None => out.push(e.to_value()),
        }
    }
    for v in seeded {
        if seen.insert(entry_slug(v).to_string()) {
            out.push(v.clone());
        }
    }
    out
}

fn entry_slug(v: &Value) -> &str {
    match v {
        Value::String(s) => s,
        other => other
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    }
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
    use serde_json::json;

    #[test]
    fn a_clean_seed_keeps_index_entries_it_did_not_write() {
        let old = json!(["keep-me", {"name": "b", "displayName": "Old B"}, 7]).to_string();
        let seeded = vec![json!("a"), json!({"name": "b", "displayName": "New B"})];
        let out = union_index(Some(old.as_bytes()), &seeded);
        assert_eq!(
            out,
            vec![
                json!("keep-me"),
                json!({"name": "b", "displayName": "New B"}),
                json!(7),
                json!("a")
            ]
        );
        assert_eq!(
            union_index(
                Some(serde_json::to_string(&out).unwrap().as_bytes()),
                &seeded
            ),
            out,
            "idempotent"
        );
        assert_eq!(union_index(Some(b"not json"), &seeded), seeded);
        assert_eq!(union_index(None, &seeded), seeded);
    }
}
