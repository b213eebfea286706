//! The SQL side of doctor: the database answers, the durable table has what mkt needs, and the
//! review tables have seed 000's columns.

use std::collections::BTreeSet;

use super::{Check, Status};
use crate::config::Layout;
use crate::store::{Statement, Store, StoreError};

/// Columns `mkt` reads and writes by name in each review table (seed 000, exactly).
use crate::schema::tables::reviews::{
    AGGREGATE_FIELDS as AGGREGATES, COLUMNS as REVIEWS, EVENT_FIELDS as SYNC_EVENTS,
};

/// One `SELECT 1`: the database exists and the token may query it.
pub(super) async fn reachable(store: &Store, name: &'static str, what: &str) -> Check {
    match store.sql.query(&Statement::new("SELECT 1 AS ok")).await {
        Ok(_) => Check::ok(name, format!("{what} answers queries")),
        Err(e) => {
            let fix = match &e {
                StoreError::MissingResource(_) => "check --database-id / MKT_D1_DATABASE_ID / d1_binding (`wrangler d1 list` shows the ids)",
                StoreError::Auth(_) => "give the token D1 Read and Edit on this account",
                _ => "retry; if it persists check www.cloudflarestatus.com",
            };
            Check::fail(name, e.to_string(), fix)
        }
    }
}

/// The column names of each table (empty: no such table), in one request.
async fn columns(store: &Store, tables: &[&str]) -> Result<Vec<BTreeSet<String>>, StoreError> {
    let stmts: Vec<Statement> = tables
        .iter()
        .map(|t| Statement::new(format!("PRAGMA table_info({t})")))
        .collect();
    let outs = store.sql.batch_idempotent(&stmts).await?;
    Ok(outs
        .into_iter()
        .map(|o| {
            o.rows
                .iter()
                .filter_map(|r| r.get("name").and_then(|v| v.as_str()).map(str::to_string))
                .collect()
        })
        .collect())
}

fn migrate_fix() -> String {
    "run `mkt db migrate` (creates the tables mkt needs; `--dry-run` prints the SQL)".into()
}

/// `durable_table` and `review_tables` on an open store.
pub(super) async fn check(store: &Store, layout: &Layout) -> Vec<Check> {
    let durable = durable_check(store, layout).await;
    let names = [
        layout.reviews_table.as_str(),
        layout.review_sync_events_table.as_str(),
        layout.review_aggregates_table.as_str(),
    ];
    let cols = match columns(store, &names).await {
        Ok(c) => c,
        Err(e) => {
            return vec![
                durable,
                Check::fail(
                    "review_tables",
                    format!("cannot read the schema: {e}"),
                    "check D1 access",
                ),
            ]
        }
    };
    let mut problems = Vec::new();
    for (i, (table, need)) in [
        (names[0], &REVIEWS[..]),
        (names[1], &SYNC_EVENTS[..]),
        (names[2], &AGGREGATES[..]),
    ]
    .into_iter()
    .enumerate()
    {
        let have = &cols[i];
        if have.is_empty() {
            problems.push(format!("{table} does not exist"));
        } else {
            let lacking: Vec<&str> = need
                .iter()
                .filter(|c| !have.contains(**c))
                .copied()
                .collect();
            if !lacking.is_empty() {
                problems.push(format!("{table} lacks {}", lacking.join(", ")));
            }
        }
    }
    let reviews = if problems.is_empty() {
        Check::ok(
            "review_tables",
            format!(
                "{}, {}, {} have seed 000's columns",
                names[0], names[1], names[2]
            ),
        )
    } else {
        let fix = if problems.iter().all(|p| p.ends_with("does not exist")) {
            migrate_fix()
        } else {
            "add the missing columns (ALTER TABLE … ADD COLUMN); `mkt db migrate --dry-run` prints seed 000's schema".into()
        };
        Check::fail("review_tables", problems.join("; "), fix)
    };
    vec![durable, reviews]
}

/// The durable table as `crate::durable` discovers it (on D1, SQLite or PostgreSQL): present,
/// keyed, and writable by the repairs; unknown columns and unmapped record fields are named.
async fn durable_check(store: &Store, layout: &Layout) -> Check {
    use crate::schema::DiscoverError;
    // The durable table as the target's own database holds it (doctor opens no --durable-url).
    let db = crate::durable::DurableDb::new(store.sql.clone());
    match crate::durable::table(&db, layout).await {
        Ok(t) => {
            let mut detail = format!(
                "{} present, key {}, {} columns, {} record fields mapped",
                t.qualified(),
                t.key,
                t.columns.len(),
                t.fields.len()
            );
            let unknown = t.unknown_columns();
            if !unknown.is_empty() {
                detail.push_str(&format!("; left alone: {}", unknown.join(", ")));
            }
            if !t.unmapped_fields.is_empty() {
                detail.push_str(&format!(
                    "; no column for {} (not compared or written)",
                    t.unmapped_fields.join(", ")
                ));
            }
            match t.write_refusal() {
                Some(why) => Check::new("durable_table", Status::Warn, detail, Some(why)),
                None => Check::ok("durable_table", detail),
            }
        }
        Err(e @ DiscoverError::MissingTable(_)) => {
            Check::fail("durable_table", e.to_string(), migrate_fix())
        }
        Err(e @ DiscoverError::Unusable(_)) => Check::fail(
            "durable_table",
            e.to_string(),
            "set skills_table, or map its columns in [profiles.NAME.durable_columns] (`mkt db schema` shows the table)",
        ),
        Err(e) => Check::fail("durable_table", e.to_string(), "check database access"),
    }
}
