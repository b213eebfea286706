//! `ReviewStore` over a KV+SQL target (local SQLite, Cloudflare D1), on seed 000's tables.
//!
//! Every write is one atomic batch (one D1 `/query` request with `{batch: […]}`, a SQLite
//! transaction locally): the review change, the recompute of its target's `review_aggregates` row
//! from `reviews` (upsert where live reviews exist, delete where none do), and the reads of the
//! result. Values are bound parameters only; table names come from the validated layout.
//! Each batch is safe to replay (creates are `ON CONFLICT DO NOTHING`, updates set fixed values
//! and guard on the state they change), so the client may retry it after a 5xx.

use async_trait::async_trait;
use serde_json::Value;

use super::model::*;
use super::store::{ReviewError, ReviewResult, ReviewStore, UpsertReport};
use crate::config::Layout;
use crate::schema::tables::reviews::{self as table, OnConflict, Scope, Stamp};
use crate::store::{QueryOutput, Row, SqlLimits, SqlValue, Statement, Store, StoreError};

/// The `reviews` columns, in schema order (defined with the table, in `schema::tables::reviews`).
pub use crate::schema::tables::reviews::COLUMNS;

/// Rows per multi-row upsert: on D1 9 × 11 = 99 bound parameters (100 allowed).
pub fn rows_per_upsert(limits: SqlLimits) -> usize {
    limits.params / COLUMNS.len()
}
/// Targets per recompute statement: on D1 49 × 2 + the timestamp = 99 parameters.
fn targets_per_recompute(limits: SqlLimits) -> usize {
    (limits.params - 1) / 2
}
/// Rows per page when reading every aggregate (keyset pagination keeps each response small).
const PAGE_ROWS: usize = 10_000;

pub struct SqlReviews {
    store: Store,
    /// The database's limits (`SqlStore::limits`), which every batch here is cut to.
    limits: SqlLimits,
    reviews: String,
    aggregates: String,
    events: String,
}

/// Which targets a recompute covers: the one of a review id, or a list.
enum Targets<'a> {
    OfReview(&'a str),
    List(&'a [TargetRef]),
}

impl Targets<'_> {
    /// The targets as a row-value subquery and its parameters.
    fn scope(&self, reviews: &str) -> Scope {
        match self {
            Targets::OfReview(id) => Scope::Of(
                format!("SELECT target_type, target_id FROM {reviews} WHERE id = ?"),
                vec![SqlValue::from(*id)],
            ),
            Targets::List(list) => Scope::Of(
                format!("VALUES {}", vec!["(?, ?)"; list.len()].join(", ")),
                list.iter()
                    .flat_map(|t| {
                        [
                            SqlValue::from(t.target_type.as_str()),
                            SqlValue::from(t.target_id.as_str()),
                        ]
                    })
                    .collect(),
            ),
        }
    }
}

fn decode(msg: impl Into<String>) -> ReviewError {
    ReviewError::Store(StoreError::Decode(msg.into()))
}

fn text(row: &Row, col: &str) -> ReviewResult<String> {
    match row.get(col) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        other => Err(decode(format!("column {col} is {other:?}, expected text"))),
    }
}

fn opt_text(row: &Row, col: &str) -> Option<String> {
    match row.get(col) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn real(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn review_from_row(row: &Row) -> ReviewResult<Review> {
    let tt = text(row, "target_type")?;
    Ok(Review {
        id: text(row, "id")?,
        target_type: TargetType::parse(&tt)
            .ok_or_else(|| decode(format!("review target_type {tt:?} is not skill or mcp")))?,
        target_id: text(row, "target_id")?,
        display_name: text(row, "display_name")?,
        rating: int(row.get("rating")).ok_or_else(|| decode("review rating is not a number"))?,
        title: text(row, "title")?,
        body: text(row, "body")?,
        source: opt_text(row, "source").unwrap_or_else(|| DEFAULT_SOURCE.into()),
        created_at: text(row, "created_at")?,
        updated_at: text(row, "updated_at")?,
        deleted_at: opt_text(row, "deleted_at"),
    })
}

fn aggregate_from_row(row: &Row) -> ReviewResult<Aggregate> {
    Ok(Aggregate {
        target_type: text(row, "target_type")?,
        target_id: text(row, "target_id")?,
        review_count: int(row.get("review_count")).unwrap_or(0),
        avg_rating: real(row.get("avg_rating")).unwrap_or(0.0),
        updated_at: opt_text(row, "updated_at").unwrap_or_default(),
    })
}

fn computed_from_row(row: &Row) -> ReviewResult<Computed> {
    Ok(Computed {
        target_type: text(row, "target_type")?,
        target_id: text(row, "target_id")?,
        review_count: int(row.get("review_count")).unwrap_or(0),
        avg_rating: real(row.get("avg_rating")).unwrap_or(0.0),
    })
}

/// A review's values, bound in [`COLUMNS`] order.
pub fn review_params(r: &Review) -> Vec<SqlValue> {
    vec![
        r.id.clone().into(),
        r.target_type.as_str().into(),
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
}

impl SqlReviews {
    pub fn new(store: Store, layout: &Layout) -> Self {
        SqlReviews {
            limits: store.sql.limits(),
            store,
            reviews: layout.reviews_table.clone(),
            aggregates: layout.review_aggregates_table.clone(),
            events: layout.review_sync_events_table.clone(),
        }
    }

    /// Every statement goes through here: one atomic batch the target may replay after a 5xx (each
    /// batch this module builds is safe to replay).
    async fn batch(&self, stmts: &[Statement]) -> ReviewResult<Vec<QueryOutput>> {
        self.store
            .sql
            .batch_idempotent(stmts)
            .await
            .map_err(|e| self.hint(e))
    }

    /// A batch that writes: it fails as a whole (one D1 request, one SQLite transaction), so its
    /// error says nothing was written (`ReviewError::Write`).
    async fn write_batch(&self, stmts: &[Statement]) -> ReviewResult<Vec<QueryOutput>> {
        self.batch(stmts).await.map_err(ReviewError::on_write)
    }

    async fn query(&self, stmt: &Statement) -> ReviewResult<QueryOutput> {
        self.store.sql.query(stmt).await.map_err(|e| self.hint(e))
    }

    /// A missing review table is a missing resource with a setup step (exit 4, like a missing
    /// database), and a table made by other software without seed 000's columns says where to
    /// look, not only what SQLite said.
    fn hint(&self, e: StoreError) -> ReviewError {
        match e {
            StoreError::Sql(m) if m.contains("no such table") => {
                ReviewError::Store(StoreError::MissingResource(format!(
                    "{m}; create the review tables with `mkt db migrate`"
                )))
            }
            StoreError::Sql(m) if m.contains("no such column") || m.contains("has no column") => {
                ReviewError::Store(StoreError::Sql(format!(
                    "{m}; the review tables lack columns of seed 000's schema (`mkt doctor` lists them)"
                )))
            }
            other => ReviewError::Store(other),
        }
    }

    /// Upsert the targets' aggregate rows where live reviews exist; delete them where none do.
    fn recompute_statements(&self, targets: &Targets<'_>, now: &str) -> [Statement; 2] {
        let scope = targets.scope(&self.reviews);
        table::recompute(&self.aggregates, &self.reviews, scope, Stamp::At(now))
    }

    /// One write: the change, the recompute of the review's target, and the rows afterwards.
    async fn write_one(
        &self,
        change: Statement,
        id: &str,
        now: &str,
    ) -> ReviewResult<(u64, Option<Review>, Option<Aggregate>)> {
        let (rev, agg) = (&self.reviews, &self.aggregates);
        let mut batch = vec![change];
        batch.extend(self.recompute_statements(&Targets::OfReview(id), now));
        batch.push(Statement::with(
            format!("SELECT * FROM {rev} WHERE id = ?"),
            vec![id.into()],
        ));
        batch.push(Statement::with(
            format!(
                "SELECT * FROM {agg} WHERE (target_type, target_id) IN \
                 (SELECT target_type, target_id FROM {rev} WHERE id = ?)"
            ),
            vec![id.into()],
        ));
        let outs = self.write_batch(&batch).await?;
        let changed = outs.first().map(|o| o.changes).unwrap_or(0);
        let review = outs
            .get(3)
            .and_then(|o| o.rows.first())
            .map(review_from_row)
            .transpose()?;
        let aggregate = outs
            .get(4)
            .and_then(|o| o.rows.first())
            .map(aggregate_from_row)
            .transpose()?;
        Ok((changed, review, aggregate))
    }

    fn upsert_statement(&self, rows: &[Review]) -> Statement {
        Statement::with(
            table::upsert_sql(&self.reviews, rows.len(), OnConflict::NewerWins),
            rows.iter().flat_map(review_params).collect(),
        )
    }

    fn event_statement(&self, e: &SyncEvent) -> Statement {
        Statement::with(
            table::event_insert_sql(&self.events),
            vec![
                e.id.clone().into(),
                e.direction.clone().into(),
                e.status.clone().into(),
                e.error.clone().into(),
                e.created_at.clone().into(),
            ],
        )
    }

    fn where_clause(&self, q: &ListQuery) -> (String, Vec<SqlValue>) {
        let mut conds = Vec::new();
        let mut params = Vec::new();
        if let Some(t) = &q.target {
            conds.push("target_type = ? AND target_id = ?");
            params.push(t.target_type.as_str().into());
            params.push(t.target_id.clone().into());
        }
        if !q.include_deleted {
            conds.push("deleted_at IS NULL");
        }
        if let Some(d) = &q.display_name {
            conds.push("trim(display_name) = ?");
            params.push(d.trim().into());
        }
        if let Some(s) = &q.since {
            conds.push("julianday(updated_at) >= julianday(?)");
            params.push(s.clone().into());
        }
        if let Some(r) = q.rating {
            conds.push("rating = ?");
            params.push(r.into());
        }
        let w = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        (w, params)
    }

    /// Every row of a keyset-paginated grouping query, page by page.
    async fn pages(&self, sql_for: impl Fn(bool) -> String) -> ReviewResult<Vec<Row>> {
        let mut out: Vec<Row> = Vec::new();
        loop {
            let stmt = match out.last() {
                None => Statement::new(sql_for(false)),
                Some(last) => Statement::with(
                    sql_for(true),
                    vec![
                        text(last, "target_type")?.into(),
                        text(last, "target_id")?.into(),
                    ],
                ),
            };
            let page = self.query(&stmt).await?;
            let n = page.rows.len();
            out.extend(page.rows);
            if n < PAGE_ROWS {
                return Ok(out);
            }
        }
    }
}

fn first_rows(outs: &[QueryOutput], i: usize) -> &[Row] {
    outs.get(i).map(|o| o.rows.as_slice()).unwrap_or(&[])
}

#[async_trait]
impl ReviewStore for SqlReviews {
    fn requests(&self) -> u64 {
        self.store.requests()
    }

    async fn list(&self, q: &ListQuery) -> ReviewResult<ReviewPage> {
        let rev = &self.reviews;
        let (w, params) = self.where_clause(q);
        let mut page_params = params.clone();
        // SQLite reads a negative OFFSET as 0: an offset past i64 is past every row, not the start.
        let clamp = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        page_params.push(clamp(q.limit).into());
        page_params.push(clamp(q.offset).into());
        let outs = self
            .batch(&[
                Statement::with(
                    format!(
                        "SELECT * FROM {rev}{w} ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?"
                    ),
                    page_params,
                ),
                Statement::with(format!("SELECT COUNT(*) AS n FROM {rev}{w}"), params),
            ])
            .await?;
        Ok(ReviewPage {
            reviews: first_rows(&outs, 0)
                .iter()
                .map(review_from_row)
                .collect::<ReviewResult<_>>()?,
            total: Some(
                first_rows(&outs, 1)
                    .first()
                    .and_then(|r| int(r.get("n")))
                    .unwrap_or(0) as u64,
            ),
        })
    }

    async fn get(&self, id: &str) -> ReviewResult<Option<Review>> {
        let out = self
            .query(&Statement::with(
                format!("SELECT * FROM {} WHERE id = ?", self.reviews),
                vec![id.into()],
            ))
            .await?;
        out.rows.first().map(review_from_row).transpose()
    }

    async fn get_many(&self, ids: &[String]) -> ReviewResult<Vec<Review>> {
        let stmts: Vec<Statement> = ids
            .chunks(self.limits.params)
            .map(|c| {
                Statement::with(
                    format!(
                        "SELECT * FROM {} WHERE id IN ({})",
                        self.reviews,
                        vec!["?"; c.len()].join(", ")
                    ),
                    c.iter().map(|s| s.clone().into()).collect(),
                )
            })
            .collect();
        let mut out = Vec::with_capacity(ids.len());
        for group in stmts.chunks(self.limits.batch_statements) {
            for o in self.batch(group).await? {
                for row in &o.rows {
                    out.push(review_from_row(row)?);
                }
            }
        }
        Ok(out)
    }

    async fn create(&self, review: &Review) -> ReviewResult<WriteOutcome> {
        let change = Statement::with(table::insert_new_sql(&self.reviews), review_params(review));
        let (changes, stored, aggregate) = self
            .write_one(change, &review.id, &review.updated_at)
            .await?;
        let stored = stored.ok_or_else(|| decode("the review written could not be read back"))?;
        // Nothing inserted: a replay of this very write (or the same live review added again, as
        // a rerun script does: the Worker target answers that so too), or another review.
        let same_again = !stored.is_deleted() && !review.is_deleted() && stored.same_fields(review);
        if changes == 0 && !stored.same_as(review) && !same_again {
            return Err(ReviewError::IdTaken(review.id.clone()));
        }
        Ok(WriteOutcome {
            review: stored,
            changed: changes > 0,
            aggregate,
        })
    }

    async fn update(&self, id: &str, patch: &ReviewPatch, now: &str) -> ReviewResult<WriteOutcome> {
        let mut sets = Vec::new();
        let mut params: Vec<SqlValue> = Vec::new();
        if let Some(r) = patch.rating {
            sets.push("rating = ?");
            params.push(r.into());
        }
        if let Some(t) = &patch.title {
            sets.push("title = ?");
            params.push(t.clone().into());
        }
        if let Some(b) = &patch.body {
            sets.push("body = ?");
            params.push(b.clone().into());
        }
        if let Some(d) = &patch.display_name {
            sets.push("display_name = ?");
            params.push(d.clone().into());
        }
        // Only a value that differs is a change: an edit to the values already there leaves the
        // row (and its updated_at, which decides "newer wins" in backfills and syncs) alone.
        let differs: Vec<String> = sets
            .iter()
            .map(|s| s.replace(" = ?", " IS NOT ?"))
            .collect();
        let compared = params.clone();
        sets.push("updated_at = ?");
        params.push(now.into());
        params.push(id.into());
        params.extend(compared);
        let change = Statement::with(
            format!(
                "UPDATE {} SET {} WHERE id = ? AND deleted_at IS NULL AND ({})",
                self.reviews,
                sets.join(", "),
                if differs.is_empty() {
                    "1".to_string()
                } else {
                    differs.join(" OR ")
                }
            ),
            params,
        );
        let (changes, review, aggregate) = self.write_one(change, id, now).await?;
        let review = review.ok_or_else(|| ReviewError::NotFound(id.into()))?;
        if changes == 0 && review.is_deleted() {
            return Err(ReviewError::Deleted(id.into()));
        }
        Ok(WriteOutcome {
            review,
            changed: changes > 0,
            aggregate,
        })
    }

    async fn delete(&self, id: &str, now: &str) -> ReviewResult<WriteOutcome> {
        let change = Statement::with(
            format!(
                "UPDATE {} SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                self.reviews
            ),
            vec![now.into(), now.into(), id.into()],
        );
        let (changes, review, aggregate) = self.write_one(change, id, now).await?;
        Ok(WriteOutcome {
            review: review.ok_or_else(|| ReviewError::NotFound(id.into()))?,
            changed: changes > 0,
            aggregate,
        })
    }

    async fn restore(&self, id: &str, now: &str) -> ReviewResult<WriteOutcome> {
        let change = Statement::with(
            format!(
                "UPDATE {} SET deleted_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL",
                self.reviews
            ),
            vec![now.into(), id.into()],
        );
        let (changes, review, aggregate) = self.write_one(change, id, now).await?;
        Ok(WriteOutcome {
            review: review.ok_or_else(|| ReviewError::NotFound(id.into()))?,
            changed: changes > 0,
            aggregate,
        })
    }

    async fn summary(&self, target: &TargetRef) -> ReviewResult<Summary> {
        let (rev, agg) = (&self.reviews, &self.aggregates);
        let p = || -> Vec<SqlValue> {
            vec![
                target.target_type.as_str().into(),
                target.target_id.clone().into(),
            ]
        };
        let outs = self
            .batch(&[
                Statement::with(
                    table::live_totals_sql(rev, " AND target_type = ? AND target_id = ?"),
                    p(),
                ),
                Statement::with(
                    format!("SELECT * FROM {agg} WHERE target_type = ? AND target_id = ?"),
                    p(),
                ),
            ])
            .await?;
        let computed = first_rows(&outs, 0)
            .first()
            .map(computed_from_row)
            .transpose()?;
        let stored = first_rows(&outs, 1)
            .first()
            .map(aggregate_from_row)
            .transpose()?;
        Ok(Summary::new(target.clone(), computed, stored))
    }

    async fn aggregates(&self) -> ReviewResult<Vec<Aggregate>> {
        let agg = &self.aggregates;
        let rows = self
            .pages(|after| {
                format!(
                    "SELECT target_type, target_id, review_count, avg_rating, updated_at FROM {agg}{} \
                     ORDER BY target_type, target_id LIMIT {PAGE_ROWS}",
                    if after { " WHERE (target_type, target_id) > (?, ?)" } else { "" }
                )
            })
            .await?;
        rows.iter().map(aggregate_from_row).collect()
    }

    async fn computed(&self) -> ReviewResult<Vec<Computed>> {
        let rev = &self.reviews;
        let rows = self
            .pages(|after| {
                let and = if after {
                    " AND (target_type, target_id) > (?, ?)"
                } else {
                    ""
                };
                format!(
                    "{} ORDER BY target_type, target_id LIMIT {PAGE_ROWS}",
                    table::live_totals_sql(rev, and)
                )
            })
            .await?;
        rows.iter().map(computed_from_row).collect()
    }

    /// Greedy packing: as many reviews as fit one request (≤ 100 statements, the body under the
    /// client's split point), counting the recompute statements their targets need and one
    /// statement for a sync event.
    fn upsert_batches(&self, reviews: &[Review]) -> Vec<usize> {
        let (per_upsert, per_recompute) = (
            rows_per_upsert(self.limits),
            targets_per_recompute(self.limits),
        );
        // Below the client's split point, so a batch stays one request.
        let batch_bytes = self.limits.batch_bytes / 10 * 9;
        let mut out = Vec::new();
        let mut start = 0;
        while start < reviews.len() {
            let mut targets = std::collections::BTreeSet::new();
            let mut bytes = 4_000; // recompute statements' SQL, event, envelope
            let mut end = start;
            while end < reviews.len() {
                let r = &reviews[end];
                let mut t = targets.clone();
                t.insert(r.target());
                let n = end + 1 - start;
                let statements = n.div_ceil(per_upsert) + 2 * t.len().div_ceil(per_recompute) + 1;
                let b = review_params(r).iter().map(SqlValue::size).sum::<usize>()
                    + 32
                    + 24
                    + r.target_id.len() * 4
                    + if (n - 1) % per_upsert == 0 { 1_200 } else { 0 };
                if end > start
                    && (statements > self.limits.batch_statements || bytes + b > batch_bytes)
                {
                    break;
                }
                targets = t;
                bytes += b;
                end += 1;
            }
            out.push(end - start);
            start = end;
        }
        out
    }

    async fn upsert(
        &self,
        reviews: &[Review],
        now: &str,
        event: Option<&SyncEvent>,
    ) -> ReviewResult<UpsertReport> {
        let mut batch: Vec<Statement> = reviews
            .chunks(rows_per_upsert(self.limits))
            .map(|c| self.upsert_statement(c))
            .collect();
        let n_upserts = batch.len();
        let targets: Vec<TargetRef> = reviews
            .iter()
            .map(Review::target)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        for chunk in targets.chunks(targets_per_recompute(self.limits)) {
            batch.extend(self.recompute_statements(&Targets::List(chunk), now));
        }
        if let Some(e) = event {
            batch.push(self.event_statement(e));
        }
        if batch.is_empty() {
            return Ok(UpsertReport::default());
        }
        let outs = self.write_batch(&batch).await?;
        Ok(UpsertReport {
            written: outs[..n_upserts].iter().map(|o| o.changes).sum(),
            aggregates_changed: outs[n_upserts..]
                .iter()
                .take(2 * targets.len().div_ceil(targets_per_recompute(self.limits)))
                .map(|o| o.changes)
                .sum(),
        })
    }

    async fn recompute(&self, targets: &[TargetRef], now: &str) -> ReviewResult<u64> {
        let stmts: Vec<Statement> = targets
            .chunks(targets_per_recompute(self.limits))
            .flat_map(|c| self.recompute_statements(&Targets::List(c), now))
            .collect();
        if stmts.is_empty() {
            return Ok(0);
        }
        let outs = self.write_batch(&stmts).await?;
        Ok(outs.iter().map(|o| o.changes).sum())
    }

    fn recompute_batch(&self) -> usize {
        targets_per_recompute(self.limits).saturating_mul(self.limits.batch_statements) / 2
    }

    async fn record_sync_event(&self, event: &SyncEvent) -> ReviewResult<()> {
        self.write_batch(&[self.event_statement(event)]).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reviews::validate;

    fn open() -> (tempfile::TempDir, SqlReviews) {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::default();
        let store = crate::target::local::open(&dir.path().join("s.sqlite"), &layout).unwrap();
        (dir, SqlReviews::new(store, &layout))
    }

    fn review(id: &str, target: &str, rating: i64, at: &str) -> Review {
        Review {
            id: id.into(),
            target_type: TargetType::Skill,
            target_id: target.into(),
            display_name: "Ann".into(),
            rating,
            title: "t".into(),
            body: "b".into(),
            source: DEFAULT_SOURCE.into(),
            created_at: at.into(),
            updated_at: at.into(),
            deleted_at: None,
        }
    }

    #[tokio::test]
    async fn writes_keep_the_aggregate_in_step() {
        let (_d, s) = open();
        let t = TargetRef::new(TargetType::Skill, "alpha");
        let now = validate::now();
        s.create(&review("a", "alpha", 5, &now)).await.unwrap();
        let out = s.create(&review("b", "alpha", 2, &now)).await.unwrap();
        assert_eq!(out.aggregate.as_ref().unwrap().review_count, 2);
        assert_eq!(out.aggregate.unwrap().avg_rating, 3.5);
        // A replay of the same create changes nothing; another review under the id is refused.
        assert!(
            !s.create(&review("b", "alpha", 2, &now))
                .await
                .unwrap()
                .changed
        );
        assert!(matches!(
            s.create(&review("b", "alpha", 4, &now)).await,
            Err(ReviewError::IdTaken(_))
        ));
        let patch = ReviewPatch {
            rating: Some(4),
            ..Default::default()
        };
        assert_eq!(
            s.update("b", &patch, &now)
                .await
                .unwrap()
                .aggregate
                .unwrap()
                .avg_rating,
            4.5
        );
        s.delete("a", &now).await.unwrap();
        let sum = s.summary(&t).await.unwrap();
        assert_eq!(
            (sum.review_count, sum.avg_rating, sum.agrees),
            (1, 4.0, true)
        );
        assert!(matches!(
            s.update("a", &patch, &now).await,
            Err(ReviewError::Deleted(_))
        ));
        let gone = s.delete("b", &now).await.unwrap();
        assert!(
            gone.aggregate.is_none(),
            "no live reviews: no aggregate row"
        );
        assert!(!s.delete("b", &now).await.unwrap().changed);
        s.restore("b", &now).await.unwrap();
        assert!(matches!(
            s.delete("zzz", &now).await,
            Err(ReviewError::NotFound(_))
        ));
        let report = super::super::verify::compare(
            &s.computed().await.unwrap(),
            &s.aggregates().await.unwrap(),
        );
        assert!(report.ok(), "{report:?}");
        let page = s
            .list(&ListQuery {
                target: Some(t),
                include_deleted: true,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(page.total, Some(2));
    }

    #[tokio::test]
    async fn upsert_newer_wins_and_recomputes() {
        let (_d, s) = open();
        let now = validate::now();
        let old = "2026-01-01T00:00:00.000Z";
        let new = "2026-02-01T00:00:00.000Z";
        let batch: Vec<Review> = (0..30)
            .map(|i| review(&format!("r{i}"), &format!("t{}", i % 7), 1 + i % 5, old))
            .collect();
        assert_eq!(s.upsert_batches(&batch), vec![30]);
        assert_eq!(s.upsert(&batch, &now, None).await.unwrap().written, 30);
        let mut newer = batch[0].clone();
        newer.rating = 5;
        newer.updated_at = new.into();
        let mut older = batch[1].clone();
        older.rating = 5;
        older.updated_at = "2025-01-01T00:00:00Z".into();
        let rep = s.upsert(&[newer, older], &now, None).await.unwrap();
        assert_eq!(rep.written, 1, "the older copy loses");
        assert_eq!(s.get("r1").await.unwrap().unwrap().rating, 2);
        let report = super::super::verify::compare(
            &s.computed().await.unwrap(),
            &s.aggregates().await.unwrap(),
        );
        assert!(report.ok(), "{report:?}");
        assert_eq!(report.targets, 7);
    }
}
