//! The SQL side of doctor: the database answers, the durable table has what mkt needs, and the
//! review tables have seed 000's columns.

use std::collections::BTreeSet;

use super::{Check, Status};
use crate::config::Layout;
use crate::store::{Statement, Store, StoreError};

/// Columns `mkt` reads and writes by name in each review table (seed 000, exactly).
const REVIEWS: [&str; 11] = [
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
const SYNC_EVENTS: [&str; 5] = ["id", "direction", "status", "error", "created_at"];
const AGGREGATES: [&str; 5] = [
    "target_type",
    "target_id",
    "review_count",
    "avg_rating",
    "updated_at",
];

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
    let names = [
        layout.skills_table.as_str(),
        layout.reviews_table.as_str(),
        layout.review_sync_events_table.as_str(),
        layout.review_aggregates_table.as_str(),
    ];
    let cols = match columns(store, &names).await {
        Ok(c) => c,
        Err(e) => {
            return vec![
                Check::fail(
                    "durable_table",
                    format!("cannot read the schema: {e}"),
                    "check D1 access",
                ),
                Check::skip("review_tables", "needs the schema above"),
            ]
        }
    };
    let skills = &cols[0];
    let durable = if skills.is_empty() {
        Check::fail(
            "durable_table",
            format!("table {} does not exist", names[0]),
            migrate_fix(),
        )
    } else if !skills.contains("name") {
        Check::fail(
            "durable_table",
            format!(
                "{} has no name column, the key mkt matches skills by ({} columns: {})",
                names[0],
                skills.len(),
                join(skills)
            ),
            "set skills_table to the table holding the durable skills",
        )
    } else {
        // The columns `mkt db migrate` creates; other tables may hold fewer (or more).
        let migrated = crate::schema::SkillTable::migrated(names[0]);
        let known: Vec<&str> = migrated.columns.iter().map(|c| c.name.as_str()).collect();
        let absent: Vec<&str> = known
            .iter()
            .filter(|c| !skills.contains(**c))
            .copied()
            .collect();
        let detail = format!("{} present, key name, {} columns", names[0], skills.len());
        if absent.is_empty() {
            Check::ok("durable_table", detail)
        } else {
            Check::new(
                "durable_table",
                Status::Warn,
                format!(
                    "{detail}; without {}: those fields are not compared or written",
                    absent.join(", ")
                ),
                None,
            )
        }
    };
    let mut problems = Vec::new();
    for (i, (table, need)) in [
        (names[1], &REVIEWS[..]),
        (names[2], &SYNC_EVENTS[..]),
        (names[3], &AGGREGATES[..]),
    ]
    .into_iter()
    .enumerate()
    {
        let have = &cols[i + 1];
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
                names[1], names[2], names[3]
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

fn join(s: &BTreeSet<String>) -> String {
    s.iter().cloned().collect::<Vec<_>>().join(", ")
}
