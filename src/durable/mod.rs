//! The durable skills store: the table on D1, the local SQLite store or PostgreSQL, spoken through
//! its discovered [`SkillTable`]. The table is discovered once per run (the first read) and every
//! read and write after that names only the columns it has.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::OnceCell;

use crate::config::Layout;
use crate::schema::{self, sql, Dialect, DiscoverError, SkillTable};
use crate::store::{Log, QueryOutput, RequestCounter, Row, SqlStore, Statement, StoreResult};

pub mod report;
pub mod rows;

/// Where the durable table lives: the target's own SQL database (D1, the local store) unless a
/// separate database was configured (`--durable-url`, PostgreSQL).
#[derive(Clone)]
pub struct DurableDb {
    sql: Arc<dyn SqlStore>,
    dialect: Dialect,
    /// `Some` for a separate database (its description); `None`: the target's own.
    description: Option<String>,
    /// Status lines (the table that was found) go here, once.
    notice: Option<Log>,
    queries: Option<RequestCounter>,
    /// The note discovery made (a fallback table name), for `db schema`.
    note: Arc<std::sync::Mutex<Option<String>>>,
    table: Arc<OnceCell<Result<Arc<SkillTable>, DiscoverError>>>,
}

impl DurableDb {
    /// The durable table in the target's own SQLite database (the local store, D1).
    pub fn new(sql: Arc<dyn SqlStore>) -> Self {
        DurableDb {
            sql,
            dialect: Dialect::default(),
            description: None,
            notice: None,
            queries: None,
            note: Default::default(),
            table: Default::default(),
        }
    }

    /// A separate database holding the durable table.
    pub fn separate(sql: Arc<dyn SqlStore>, dialect: Dialect, description: String) -> Self {
        DurableDb {
            dialect,
            description: Some(description),
            ..DurableDb::new(sql)
        }
    }

    /// The SQL database holding the durable table.
    pub fn sql(&self) -> &dyn SqlStore {
        self.sql.as_ref()
    }

    /// Counts the separate database's round trips (reported beside the API requests).
    pub fn counting(mut self, queries: RequestCounter) -> Self {
        self.queries = Some(queries);
        self
    }

    /// Round trips to a separate durable database, if there is one.
    pub fn queries(&self) -> Option<u64> {
        self.queries.as_ref().map(RequestCounter::get)
    }

    /// Where status lines about the durable table go (the CLI's stderr).
    pub fn set_notice(&mut self, notice: Log) {
        self.notice = Some(notice);
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// "PostgreSQL postgres://mkt@db:5432/app", or `None` when it is the target's own database.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// What discovery noted (a fallback table name), once it ran.
    pub fn note(&self) -> Option<String> {
        self.note.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl std::fmt::Debug for DurableDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DurableDb")
            .field("dialect", &self.dialect)
            .field("description", &self.description)
            .finish()
    }
}

/// The durable table, discovered on first use and remembered for the rest of the run.
pub async fn table(db: &DurableDb, layout: &Layout) -> Result<Arc<SkillTable>, DiscoverError> {
    db.table
        .get_or_init(|| async {
            let found = schema::discover(
                db.sql(),
                db.dialect,
                &layout.skills_table,
                layout.durable_schema.as_deref(),
                &layout.durable_columns,
            )
            .await?;
            if let (Some(note), Some(log)) = (&found.note, &db.notice) {
                log(note);
            }
            *db.note.lock().unwrap_or_else(|p| p.into_inner()) = found.note.clone();
            Ok(Arc::new(found.table))
        })
        .await
        .clone()
}

/// Rows per keyset page: names only, or whole rows.
const PAGE_NAMES: usize = 50_000;
const PAGE_ROWS: usize = 5_000;

fn key_of(t: &SkillTable, row: &Row) -> Option<String> {
    match row.get(&t.key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// Every row (the read columns with `whole_rows`, else keys only: empty maps), by key.
pub async fn read_all(
    db: &DurableDb,
    t: &SkillTable,
    whole_rows: bool,
) -> StoreResult<BTreeMap<String, Row>> {
    let page = if whole_rows { PAGE_ROWS } else { PAGE_NAMES };
    let mut rows: Vec<(String, Row)> = Vec::new();
    let mut after = String::new();
    loop {
        let out = db
            .sql()
            .query(&sql::page(t, whole_rows, &after, "", page))
            .await?;
        let n = out.rows.len();
        for row in out.rows {
            let Some(key) = key_of(t, &row) else { continue };
            after.clone_from(&key);
            rows.push((key, if whole_rows { row } else { Row::new() }));
        }
        if n < page {
            return Ok(rows.into_iter().collect());
        }
    }
}

/// Every key, names only, in keyset pages (unsorted across dialects' collations: the caller
/// sorts). Holds each key once, not a row beside it.
pub async fn read_names(db: &DurableDb, t: &SkillTable) -> StoreResult<Vec<String>> {
    names_after(db, t, Vec::new(), String::new()).await
}

/// A table of at most one page of whole rows (`PAGE_ROWS`) as whole rows (`Ok`), else every key,
/// names only (`Err`, as [`read_names`]): `health --deep` then needs no second read of a small
/// table's rows, and holds only names of a large one.
pub async fn read_rows_or_names(
    db: &DurableDb,
    t: &SkillTable,
) -> StoreResult<Result<Vec<(String, Row)>, Vec<String>>> {
    let out = db
        .sql()
        .query(&sql::page(t, true, "", "", PAGE_ROWS))
        .await?;
    let n = out.rows.len();
    let rows: Vec<(String, Row)> = out
        .rows
        .into_iter()
        .filter_map(|row| Some((key_of(t, &row)?, row)))
        .collect();
    if n < PAGE_ROWS {
        return Ok(Ok(rows));
    }
    // Keyset pages go on from the last key the database returned, in its own order.
    let after = rows.last().map(|(k, _)| k.clone()).unwrap_or_default();
    let names = rows.into_iter().map(|(k, _)| k).collect();
    Ok(Err(names_after(db, t, names, after).await?))
}

async fn names_after(
    db: &DurableDb,
    t: &SkillTable,
    mut names: Vec<String>,
    mut after: String,
) -> StoreResult<Vec<String>> {
    loop {
        // The page selects the key column only: read it as a column, not as a map per row.
        let keys = db
            .sql()
            .query_column(&sql::page(t, false, &after, "", PAGE_NAMES))
            .await?;
        let n = keys.len();
        names.reserve(n);
        for v in keys {
            let key = match v {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            after.clone_from(&key);
            names.push(key);
        }
        if n < PAGE_NAMES {
            return Ok(names);
        }
    }
}

/// At most `limit` rows whose key starts with `prefix`, in key order.
pub async fn list(
    db: &DurableDb,
    t: &SkillTable,
    prefix: &str,
    limit: usize,
) -> StoreResult<Vec<(String, Row)>> {
    let mut out = Vec::new();
    let mut after = String::new();
    while out.len() < limit {
        let page = (limit - out.len()).min(crate::store::LIST_PAGE_MAX);
        let got = db
            .sql()
            .query(&sql::page(t, true, &after, prefix, page))
            .await?;
        let n = got.rows.len();
        for row in got.rows {
            if let Some(key) = key_of(t, &row) {
                after.clone_from(&key);
                out.push((key, row));
            }
        }
        if n < page {
            break;
        }
    }
    Ok(out)
}

/// The rows of `keys` that exist, by key (IN-lists within the parameter limit, `per_request`
/// statements per request).
pub async fn read_keys(
    db: &DurableDb,
    t: &SkillTable,
    keys: &[String],
    per_request: usize,
) -> StoreResult<BTreeMap<String, Row>> {
    rows_by_key(db, t, &sql::select_keys(t, keys), per_request).await
}

/// Every column of the rows of `keys` that exist, by key: what a run's backup keeps of a row it
/// updates, and what its undo compares.
pub async fn read_full_rows(
    db: &DurableDb,
    t: &SkillTable,
    keys: &[String],
    per_request: usize,
) -> StoreResult<BTreeMap<String, Row>> {
    rows_by_key(db, t, &sql::select_full(t, keys), per_request).await
}

/// Runs reads of rows, `per_request` statements a request, and keys what they return.
async fn rows_by_key(
    db: &DurableDb,
    t: &SkillTable,
    stmts: &[Statement],
    per_request: usize,
) -> StoreResult<BTreeMap<String, Row>> {
    let mut back = BTreeMap::new();
    for group in stmts.chunks(per_request.max(1)) {
        for out in db.sql().batch_idempotent(group).await? {
            for row in out.rows {
                if let Some(k) = key_of(t, &row) {
                    back.insert(k, row);
                }
            }
        }
    }
    Ok(back)
}

/// Runs one batch of upserts as one atomic batch (a D1 request, a transaction). Upserts of fixed
/// values: replaying one after a 5xx is harmless, so the target may retry it.
pub async fn write(db: &DurableDb, batch: &[Statement]) -> StoreResult<Vec<QueryOutput>> {
    db.sql().batch_idempotent(batch).await
}
