//! The migrations `mkt db migrate` runs: the `skills` table (seed 001's Prisma `Skill` model in
//! snake_case) and the three review tables of seed 000, exactly, as `tables` defines them. Every
//! statement is idempotent (`IF NOT EXISTS`).

use super::tables::{reviews, skills};
use crate::config::Layout;

pub fn skills_table_sql(table: &str) -> String {
    skills::SKILLS.create_sql(table)
}

pub fn reviews_table_sql(table: &str) -> String {
    reviews::REVIEWS.create_sql(table)
}

pub fn reviews_index_sql(table: &str) -> String {
    reviews::index_sql(table)
}

pub fn review_sync_events_table_sql(table: &str) -> String {
    reviews::SYNC_EVENTS.create_sql(table)
}

pub fn review_aggregates_table_sql(table: &str) -> String {
    reviews::AGGREGATES.create_sql(table)
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
