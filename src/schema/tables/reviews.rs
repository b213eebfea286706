//! Seed 000's three review tables, exactly, and the SQL that writes them: the review upsert, the
//! sync event insert and the recompute of `review_aggregates` from `reviews`. The reviews store,
//! the seed and the migrations all take them from here. Table names come from the validated
//! layout; values are always bound parameters.

use super::{names, ColumnDef, TableDef};
use crate::store::{SqlValue, Statement};

const fn col(name: &'static str, ty: &'static str) -> ColumnDef {
    ColumnDef::new(name, ty)
}

const REVIEW_COLUMNS: [ColumnDef; 11] = [
    col("id", "TEXT").primary_key(),
    col("target_type", "TEXT")
        .not_null()
        .check("target_type IN ('skill', 'mcp')"),
    col("target_id", "TEXT").not_null(),
    col("display_name", "TEXT").not_null(),
    col("rating", "INTEGER")
        .not_null()
        .check("rating BETWEEN 1 AND 5"),
    col("title", "TEXT").not_null(),
    col("body", "TEXT").not_null(),
    col("source", "TEXT").not_null().default("'signet'"),
    col("created_at", "TEXT").not_null(),
    col("updated_at", "TEXT").not_null(),
    col("deleted_at", "TEXT"),
];

const EVENT_COLUMNS: [ColumnDef; 5] = [
    col("id", "TEXT").primary_key(),
    col("direction", "TEXT")
        .not_null()
        .check("direction IN ('push', 'pull')"),
    col("status", "TEXT")
        .not_null()
        .check("status IN ('ok', 'error')"),
    col("error", "TEXT"),
    col("created_at", "TEXT").not_null(),
];

const AGGREGATE_COLUMNS: [ColumnDef; 5] = [
    col("target_type", "TEXT").not_null(),
    col("target_id", "TEXT").not_null(),
    col("review_count", "INTEGER").not_null().default("0"),
    col("avg_rating", "REAL").not_null().default("0"),
    col("updated_at", "TEXT").not_null(),
];

pub const REVIEWS: TableDef = TableDef {
    columns: &REVIEW_COLUMNS,
    primary_key: &[],
};
pub const SYNC_EVENTS: TableDef = TableDef {
    columns: &EVENT_COLUMNS,
    primary_key: &[],
};
pub const AGGREGATES: TableDef = TableDef {
    columns: &AGGREGATE_COLUMNS,
    primary_key: &["target_type", "target_id"],
};

/// The `reviews` columns in schema order: the order of a review's bound values.
pub const COLUMNS: [&str; 11] = names(&REVIEW_COLUMNS);
/// The `review_sync_events` columns in schema order.
pub const EVENT_FIELDS: [&str; 5] = names(&EVENT_COLUMNS);
/// The `review_aggregates` columns in schema order.
pub const AGGREGATE_FIELDS: [&str; 5] = names(&AGGREGATE_COLUMNS);

/// The index the reviews of one target are listed by, newest first.
pub fn index_sql(table: &str) -> String {
    format!(
        "CREATE INDEX IF NOT EXISTS idx_{table}_target
  ON {table}(target_type, target_id, updated_at DESC)"
    )
}

fn tuples(rows: usize) -> String {
    let tuple = format!("({})", vec!["?"; COLUMNS.len()].join(", "));
    vec![tuple.as_str(); rows].join(", ")
}

/// What an upsert does with a review whose id is already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnConflict {
    /// The newer copy wins (by `updated_at`, at write time too); the stored review keeps its
    /// target and creation time. Backfills and syncs write so.
    NewerWins,
    /// Every column but the id is overwritten, so a rerun restores what was written (the seed).
    Replace,
}

/// `INSERT` of `rows` reviews (each bound as [`COLUMNS`]) under `on_conflict`.
pub fn upsert_sql(table: &str, rows: usize, on_conflict: OnConflict) -> String {
    let kept: &[&str] = match on_conflict {
        OnConflict::NewerWins => &["id", "target_type", "target_id", "created_at"],
        OnConflict::Replace => &["id"],
    };
    let updates: Vec<String> = COLUMNS
        .iter()
        .filter(|c| !kept.contains(c))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let guard = match on_conflict {
        OnConflict::NewerWins => format!(
            " WHERE COALESCE(julianday(excluded.updated_at) > julianday({table}.updated_at), \
             excluded.updated_at > {table}.updated_at)"
        ),
        OnConflict::Replace => String::new(),
    };
    format!(
        "INSERT INTO {table} ({}) VALUES {} ON CONFLICT(id) DO UPDATE SET {}{guard}",
        COLUMNS.join(", "),
        tuples(rows),
        updates.join(", ")
    )
}

/// `INSERT` of one new review that leaves an existing id alone (a create; safe to replay).
pub fn insert_new_sql(table: &str) -> String {
    format!(
        "INSERT INTO {table} ({}) VALUES {} ON CONFLICT(id) DO NOTHING",
        COLUMNS.join(", "),
        tuples(1)
    )
}

/// `INSERT` of one sync event, bound as [`EVENT_FIELDS`].
pub fn event_insert_sql(table: &str) -> String {
    format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        EVENT_FIELDS.join(", "),
        vec!["?"; EVENT_FIELDS.len()].join(", ")
    )
}

/// `SELECT target_type, target_id, review_count, avg_rating` of the live reviews, per target,
/// narrowed by `and` (` AND …`, its parameters bound by the caller).
pub fn live_totals_sql(reviews: &str, and: &str) -> String {
    format!(
        "SELECT target_type, target_id, COUNT(*) AS review_count, AVG(rating) AS avg_rating \
         FROM {reviews} WHERE deleted_at IS NULL{and} GROUP BY target_type, target_id"
    )
}

/// Which targets a recompute covers.
pub enum Scope {
    All,
    /// The targets a row-value subquery (`SELECT target_type, target_id …`, `VALUES (?, ?) …`)
    /// yields, with its parameters.
    Of(String, Vec<SqlValue>),
}

/// The `updated_at` a recomputed aggregate row gets.
pub enum Stamp<'a> {
    /// This time; a row whose count and average already agree is left alone, so a recompute
    /// never moves the time of a row it did not change.
    At(&'a str),
    /// The newest review's time (derived from the data, so rewriting it is a no-op).
    LatestReview,
}

/// The recompute of the aggregate rows of `scope` from the reviews: `[upsert, delete]` — the rows
/// of targets with live reviews are upserted, those of targets without are deleted. Both are
/// idempotent, so a target may replay them.
pub fn recompute(aggregates: &str, reviews: &str, scope: Scope, stamp: Stamp) -> [Statement; 2] {
    let (agg, rev) = (aggregates, reviews);
    let (within, params) = match scope {
        Scope::All => (String::new(), Vec::new()),
        Scope::Of(sub, params) => (format!("(target_type, target_id) IN ({sub})"), params),
    };
    let (stamp_sql, guard, mut upsert_params) = match stamp {
        Stamp::At(now) => (
            "?",
            format!(
                " WHERE {agg}.review_count <> excluded.review_count OR {agg}.avg_rating <> excluded.avg_rating"
            ),
            vec![SqlValue::from(now)],
        ),
        Stamp::LatestReview => ("MAX(updated_at)", String::new(), Vec::new()),
    };
    upsert_params.extend(params.iter().cloned());
    let and_within = if within.is_empty() {
        String::new()
    } else {
        format!(" AND {within}")
    };
    let within_and = if within.is_empty() {
        String::new()
    } else {
        format!("{within} AND ")
    };
    [
        Statement::with(
            format!(
                "INSERT INTO {agg} (target_type, target_id, review_count, avg_rating, updated_at) \
                 SELECT target_type, target_id, COUNT(*), AVG(rating), {stamp_sql} FROM {rev} \
                 WHERE deleted_at IS NULL{and_within} \
                 GROUP BY target_type, target_id \
                 ON CONFLICT(target_type, target_id) DO UPDATE SET review_count = excluded.review_count, \
                 avg_rating = excluded.avg_rating, updated_at = excluded.updated_at{guard}"
            ),
            upsert_params,
        ),
        Statement::with(
            format!(
                "DELETE FROM {agg} WHERE {within_and}NOT EXISTS \
                 (SELECT 1 FROM {rev} r WHERE r.target_type = {agg}.target_type \
                 AND r.target_id = {agg}.target_id AND r.deleted_at IS NULL)"
            ),
            params,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migration_is_seed_000s() {
        assert_eq!(
            REVIEWS.create_sql("reviews"),
            "CREATE TABLE IF NOT EXISTS reviews (
  id TEXT PRIMARY KEY,
  target_type TEXT NOT NULL CHECK (target_type IN ('skill', 'mcp')),
  target_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT 'signet',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
)"
        );
        assert_eq!(
            AGGREGATES.create_sql("review_aggregates"),
            "CREATE TABLE IF NOT EXISTS review_aggregates (
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  review_count INTEGER NOT NULL DEFAULT 0,
  avg_rating REAL NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (target_type, target_id)
)"
        );
        assert_eq!(
            SYNC_EVENTS.create_sql("review_sync_events"),
            "CREATE TABLE IF NOT EXISTS review_sync_events (
  id TEXT PRIMARY KEY,
  direction TEXT NOT NULL CHECK (direction IN ('push', 'pull')),
  status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  error TEXT,
  created_at TEXT NOT NULL
)"
        );
    }

    #[test]
    fn upserts_bind_every_column_of_every_row() {
        for rule in [OnConflict::NewerWins, OnConflict::Replace] {
            let sql = upsert_sql("reviews", 9, rule);
            assert_eq!(sql.matches('?').count(), 9 * COLUMNS.len());
            assert!(sql.contains("rating = excluded.rating"));
            assert_eq!(
                sql.contains("created_at = excluded.created_at"),
                rule == OnConflict::Replace
            );
        }
    }
}
