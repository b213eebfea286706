//! The migrations `mkt db migrate` runs: the `skills` table (seed 001's Prisma `Skill` model in snake_case) and the
//! three review tables of seed 000, exactly. Every statement is idempotent (`IF NOT EXISTS`).

use crate::config::Layout;

pub fn skills_table_sql(table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {table} (
  name TEXT PRIMARY KEY,
  display_name TEXT,
  description TEXT,
  author TEXT,
  repo_url TEXT,
  category TEXT,
  current_version TEXT,
  cert_tier TEXT,
  cert_method TEXT,
  cert_score REAL,
  certified_at TEXT,
  labels TEXT NOT NULL DEFAULT '[]',
  trending_score_7d REAL NOT NULL DEFAULT 0,
  trending_score_30d REAL NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)"
    )
}

pub fn reviews_table_sql(table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {table} (
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
    )
}

pub fn reviews_index_sql(table: &str) -> String {
    format!(
        "CREATE INDEX IF NOT EXISTS idx_{table}_target
  ON {table}(target_type, target_id, updated_at DESC)"
    )
}

pub fn review_sync_events_table_sql(table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {table} (
  id TEXT PRIMARY KEY,
  direction TEXT NOT NULL CHECK (direction IN ('push', 'pull')),
  status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  error TEXT,
  created_at TEXT NOT NULL
)"
    )
}

pub fn review_aggregates_table_sql(table: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {table} (
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  review_count INTEGER NOT NULL DEFAULT 0,
  avg_rating REAL NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (target_type, target_id)
)"
    )
}

/// Every migration statement, in order, for the configured table names.
pub fn migration_statements(layout: &Layout) -> Vec<String> {
    vec![
        skills_table_sql(&layout.skills_table),
        reviews_table_sql(&layout.reviews_table),
        reviews_index_sql(&layout.reviews_table),
        review_sync_events_table_sql(&layout.review_sync_events_table),
        review_aggregates_table_sql(&layout.review_aggregates_table),
    ]
}

/// Tables and views of an SQLite database (the local store, D1), by name.
pub const SQLITE_TABLES_SQL: &str =
    "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name";

/// Whether the migrations must leave the durable skills table out: the default name is configured
/// and only Prisma's `Skill` exists (`tables`: the database's tables and views). Discovery uses that
/// table; an empty `skills` created beside it would silently take its place.
pub fn skills_table_is_prismas(layout: &Layout, tables: &[String]) -> bool {
    let has = |name: &str| tables.iter().any(|t| t.eq_ignore_ascii_case(name));
    layout.skills_table == crate::schema::discover::DEFAULT_TABLE
        && !has(&layout.skills_table)
        && has(crate::schema::discover::PRISMA_TABLE)
}

/// The migrations for a database holding `tables` (see [`skills_table_is_prismas`]).
pub fn migration_statements_beside(layout: &Layout, tables: &[String]) -> Vec<String> {
    let skip = usize::from(skills_table_is_prismas(layout, tables));
    migration_statements(layout)
        .into_iter()
        .skip(skip)
        .collect()
}
