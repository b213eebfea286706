//! Durable-side helpers shared by `mkt db migrate` and `mkt seed`: migrations, table presence
//! and multi-row upserts cut to D1's limits.

use serde::Serialize;

use crate::config::Layout;
use crate::schema::{migration_statements, migration_statements_beside, skills_table_is_prismas};
use crate::store::{
    SqlStore, SqlValue, Statement, StoreResult, MAX_BOUND_PARAMS, MAX_STATEMENT_BYTES,
};

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

/// Multi-row `INSERT … ON CONFLICT(key) DO UPDATE` statements holding at most 100 bound
/// parameters and 100 KB of SQL each. `keep` columns are not overwritten on conflict.
pub fn upsert_statements(
    table: &str,
    columns: &[&str],
    conflict: &[&str],
    keep: &[&str],
    rows: Vec<Vec<SqlValue>>,
) -> Vec<Statement> {
    let per_stmt = (MAX_BOUND_PARAMS / columns.len()).max(1);
    let placeholders = format!("({})", vec!["?"; columns.len()].join(", "));
    let updates: Vec<String> = columns
        .iter()
        .filter(|c| !conflict.contains(c) && !keep.contains(c))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let tail = if updates.is_empty() {
        format!(" ON CONFLICT({}) DO NOTHING", conflict.join(", "))
    } else {
        format!(
            " ON CONFLICT({}) DO UPDATE SET {}",
            conflict.join(", "),
            updates.join(", ")
        )
    };
    let mut out = Vec::new();
    for chunk in rows.chunks(per_stmt) {
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}{tail}",
            columns.join(", "),
            vec![placeholders.as_str(); chunk.len()].join(", ")
        );
        debug_assert!(sql.len() <= MAX_STATEMENT_BYTES);
        out.push(Statement::with(
            sql,
            chunk.iter().flatten().cloned().collect(),
        ));
    }
    out
}

/// `DELETE FROM table WHERE key IN (…)` in chunks of at most 100 parameters.
pub fn delete_statements(table: &str, key: &str, keys: &[String]) -> Vec<Statement> {
    keys.chunks(MAX_BOUND_PARAMS)
        .map(|chunk| {
            Statement::with(
                format!(
                    "DELETE FROM {table} WHERE {key} IN ({})",
                    vec!["?"; chunk.len()].join(", ")
                ),
                chunk.iter().map(|k| SqlValue::Text(k.clone())).collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upserts_stay_within_d1_limits() {
        let cols = [
            "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p",
        ];
        let rows: Vec<Vec<SqlValue>> = (0..1000)
            .map(|i| vec![SqlValue::Integer(i); cols.len()])
            .collect();
        let stmts = upsert_statements("skills", &cols, &["a"], &["p"], rows);
        assert_eq!(
            stmts
                .iter()
                .map(|s| s.params.len() / cols.len())
                .sum::<usize>(),
            1000
        );
        for s in &stmts {
            assert!(s.params.len() <= MAX_BOUND_PARAMS);
            assert!(s.sql.len() <= MAX_STATEMENT_BYTES);
            assert_eq!(s.sql.matches('?').count(), s.params.len());
            assert!(s
                .sql
                .contains("ON CONFLICT(a) DO UPDATE SET b = excluded.b"));
            assert!(
                !s.sql.contains("p = excluded.p"),
                "kept columns are not overwritten"
            );
        }
        let dels = delete_statements(
            "skills",
            "name",
            &(0..250).map(|i| i.to_string()).collect::<Vec<_>>(),
        );
        assert_eq!(dels.len(), 3);
        assert!(dels.iter().all(|d| d.params.len() <= MAX_BOUND_PARAMS));
    }
}
