//! Durable-side helpers shared by `mkt db migrate` and `mkt seed`: migrations and table presence.

use serde::Serialize;

use crate::config::Layout;
use crate::schema::{migration_statements, migration_statements_beside, skills_table_is_prismas};
use crate::store::{SqlStore, Statement, StoreResult};

/// Statements per `sql.batch` call: D1 batches are one request with a 30 s budget.
pub const MAX_BATCH_STATEMENTS: usize = 50;

/// The tables and views of the SQLite database `sql` (the local store, D1).
async fn sqlite_tables(sql: &dyn SqlStore) -> StoreResult<Vec<String>> {
    let out = sql
        .query(&Statement::new(crate::schema::SQLITE_TABLES_SQL))
        .await?;
    Ok(out
        .rows
        .iter()
        .filter_map(|r| r.get("name").and_then(|v| v.as_str()).map(str::to_string))
        .collect())
}

/// Runs every migration statement as one batch. Idempotent: each is `IF NOT EXISTS`, and the
/// default `skills` table is not created beside Prisma's `Skill` (the durable table found there).
pub async fn migrate(sql: &dyn SqlStore, layout: &Layout) -> StoreResult<()> {
    let tables = sqlite_tables(sql).await?;
    let stmts: Vec<Statement> = migration_statements_beside(layout, &tables)
        .into_iter()
        .map(Statement::new)
        .collect();
    sql.batch_idempotent(&stmts).await?;
    Ok(())
}

/// The migrations for a target: every table on its own database, except the durable skills table
/// when that lives elsewhere (PostgreSQL, whose schema belongs to the app's migrations).
pub async fn migrate_target(
    store: &crate::store::Store,
    durable: &crate::durable::DurableDb,
    layout: &Layout,
) -> StoreResult<()> {
    if durable.description().is_none() {
        return migrate(store.sql.as_ref(), layout).await;
    }
    let stmts: Vec<Statement> = migration_statements(layout)
        .into_iter()
        .skip(1)
        .map(Statement::new)
        .collect();
    store.sql.batch_idempotent(&stmts).await?;
    Ok(())
}

/// The migration SQL as `mkt db migrate --dry-run` prints it: one `;`-terminated statement per block.
pub fn migration_script(layout: &Layout) -> String {
    migration_statements(layout)
        .iter()
        .map(|s| format!("{s};\n"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TablePresence {
    pub table: String,
    pub exists: bool,
}

/// The layout's four tables and whether each exists now, named as found: SQLite names are
/// case-insensitive (`Skills` is `skills`), a view counts, and the durable table may be Prisma's
/// `Skill` (what discovery uses when there is no `skills`).
pub async fn table_presence(
    sql: &dyn SqlStore,
    layout: &Layout,
) -> StoreResult<Vec<TablePresence>> {
    let found = sqlite_tables(sql).await?;
    let lookup = |name: &str| found.iter().find(|t| t.eq_ignore_ascii_case(name)).cloned();
    let skills = match lookup(&layout.skills_table) {
        Some(t) => Some(t),
        None if skills_table_is_prismas(layout, &found) => {
            lookup(crate::schema::discover::PRISMA_TABLE)
        }
        None => None,
    };
    let mut out = vec![TablePresence {
        exists: skills.is_some(),
        table: skills.unwrap_or_else(|| layout.skills_table.clone()),
    }];
    for n in [
        &layout.reviews_table,
        &layout.review_sync_events_table,
        &layout.review_aggregates_table,
    ] {
        out.push(TablePresence {
            table: lookup(n).unwrap_or_else(|| n.clone()),
            exists: lookup(n).is_some(),
        });
    }
    Ok(out)
}
