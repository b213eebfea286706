//! D1 over the REST API (reference/cloudflare-api.md §3): `/query` with `{sql, params}` or `{batch}`.

use std::sync::Arc;

use async_trait::async_trait;
use reqwest::Method;
use serde_json::{json, Value};

use super::client::{Client, Request};
use super::errors::{envelope, Resource};
use super::sqltext::{inline_nulls, is_idempotent, normalize_crlf};
use crate::http::{Limit, Replay};
use crate::store::{
    QueryOutput, Row, SqlLimits, SqlStore, SqlValue, Statement, StoreError, StoreResult,
};

/// D1's limits, and the batch size each request is kept to.
const LIMITS: SqlLimits = SqlLimits::D1;

pub(crate) struct CloudflareD1 {
    pub client: Arc<Client>,
    /// `/query` (rows as objects) on the API; `/raw` (columns and rows as arrays) on wrangler
    /// dev's explorer, which serves only that one.
    pub route: &'static str,
}

/// A statement as sent: CRLF normalized, NULLs inlined, params as strings.
struct Prepared {
    sql: String,
    params: Vec<Value>,
    idempotent: bool,
}

fn prepare(stmt: &Statement) -> StoreResult<Prepared> {
    if stmt.params.len() > LIMITS.params {
        return Err(StoreError::Invalid(format!(
            "a SQL statement has {} bound parameters and D1 allows {}; split it into smaller statements",
            stmt.params.len(),
            LIMITS.params
        )));
    }
    let sql = normalize_crlf(&stmt.sql);
    let (sql, params) = inline_nulls(&sql, &stmt.params);
    if sql.len() > LIMITS.statement_bytes {
        return Err(StoreError::Invalid(format!(
            "a SQL statement is {} bytes and D1 allows {}; split it into smaller statements",
            sql.len(),
            LIMITS.statement_bytes
        )));
    }
    // D1 declares params as strings; column affinity turns "42" back into 42 where it matters.
    let params = params
        .into_iter()
        .map(|p| match p {
            SqlValue::Text(s) => Ok(Value::String(s)),
            SqlValue::Integer(i) => Ok(Value::String(i.to_string())),
            SqlValue::Real(f) if f.is_finite() => Ok(Value::String(format!("{f:?}"))),
            SqlValue::Real(f) => Err(StoreError::Invalid(format!("{f} cannot be stored in D1"))),
            SqlValue::Null => Err(StoreError::Invalid(
                "a NULL parameter needs a `?` placeholder of its own; the statement's placeholders do not match its parameters"
                    .into(),
            )),
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let idempotent = is_idempotent(&sql);
    Ok(Prepared {
        sql,
        params,
        idempotent,
    })
}

fn body_item(p: &Prepared) -> Value {
    json!({"sql": p.sql, "params": p.params})
}

impl CloudflareD1 {
    /// Sends one `/query` (or `/raw`) call and reads one output per statement D1 executed.
    async fn send(&self, body: Value, idempotent: bool) -> StoreResult<Vec<QueryOutput>> {
        let body = serde_json::to_vec(&body).expect("json");
        let replay = if idempotent {
            Replay::Safe
        } else {
            Replay::Never
        };
        let req = Request::new(Method::POST, self.client.d1_url(self.route))
            .json(body)
            .replay(replay)
            .limit(Limit::D1_RESULT);
        let resp = self.client.send(Resource::D1, &req).await?;
        let ok = envelope(&self.client, Resource::D1, &resp)?;
        let Value::Array(results) = ok.result else {
            return Err(StoreError::Decode(
                "D1 query: result is not an array".into(),
            ));
        };
        results.into_iter().map(output).collect()
    }

    async fn run_batch(
        &self,
        stmts: &[Statement],
        force_idempotent: bool,
    ) -> StoreResult<Vec<QueryOutput>> {
        let prepared = stmts.iter().map(prepare).collect::<StoreResult<Vec<_>>>()?;
        let mut outputs = Vec::with_capacity(stmts.len());
        // Atomicity is per request: a batch over the limits above becomes several requests, each
        // one a transaction of its own, sent in order.
        for group in groups(&prepared, stmts) {
            let idempotent = force_idempotent || group.iter().all(|p| p.idempotent);
            let body = json!({"batch": group.iter().map(body_item).collect::<Vec<_>>()});
            let got = self.send(body, idempotent).await?;
            if got.len() != group.len() {
                return Err(StoreError::Decode(format!(
                    "D1 returned {} results for a batch of {} statements; keep one statement per batch entry",
                    got.len(),
                    group.len()
                )));
            }
            outputs.extend(got);
        }
        Ok(outputs)
    }
}

/// One element of the result array: rows from `results`, changes from `meta.changes`.
fn output(mut v: Value) -> StoreResult<QueryOutput> {
    if v.get("success").and_then(Value::as_bool) == Some(false) {
        let msg = v
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("D1 reported a failed statement");
        return Err(StoreError::Sql(super::errors::one_line(msg)));
    }
    // Rows are moved out, not cloned: a page can hold 50,000 of them.
    let rows: Vec<Row> = match v.get_mut("results").map(Value::take) {
        None | Some(Value::Null) => Vec::new(),
        // `/raw`: {columns: [...], rows: [[...], ...]}
        Some(Value::Object(raw)) => raw_rows(&raw)?,
        Some(Value::Array(rows)) => rows
            .into_iter()
            .map(|r| match r {
                Value::Object(row) => Ok(row),
                _ => Err(StoreError::Decode("D1 row is not an object".into())),
            })
            .collect::<StoreResult<_>>()?,
        Some(_) => {
            return Err(StoreError::Decode(
                "D1 results is not an array of rows".into(),
            ))
        }
    };
    let changes = v
        .get("meta")
        .and_then(|m| m.get("changes"))
        .and_then(|c| c.as_u64().or_else(|| c.as_f64().map(|f| f as u64)))
        .unwrap_or(0);
    Ok(QueryOutput { rows, changes })
}

/// Rows of a `/raw` result, as objects like `/query` gives them.
fn raw_rows(raw: &serde_json::Map<String, Value>) -> StoreResult<Vec<Row>> {
    let bad = || StoreError::Decode("D1 raw results hold no columns and rows arrays".into());
    let columns: Vec<&str> = match raw.get("columns") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(c)) => c
            .iter()
            .map(|c| c.as_str().ok_or_else(bad))
            .collect::<StoreResult<_>>()?,
        Some(_) => return Err(bad()),
    };
    let rows = match raw.get("rows") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(rows)) => rows,
        Some(_) => return Err(bad()),
    };
    rows.iter()
        .map(|row| {
            let cells = row
                .as_array()
                .filter(|c| c.len() == columns.len())
                .ok_or_else(bad)?;
            Ok(columns
                .iter()
                .zip(cells)
                .map(|(c, v)| (c.to_string(), v.clone()))
                .collect())
        })
        .collect()
}

/// Splits prepared statements into requests within D1's batch limits (100 statements, ~1 MB by
/// [`Statement::size`] of the statements they were prepared from).
fn groups<'a>(prepared: &'a [Prepared], stmts: &[Statement]) -> Vec<&'a [Prepared]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, stmt) in stmts.iter().enumerate() {
        let size = stmt.size();
        if i > start && (i - start == LIMITS.batch_statements || bytes + size > LIMITS.batch_bytes)
        {
            out.push(&prepared[start..i]);
            start = i;
            bytes = 0;
        }
        bytes += size;
    }
    if start < prepared.len() {
        out.push(&prepared[start..]);
    }
    out
}

#[async_trait]
impl SqlStore for CloudflareD1 {
    /// Several `;`-separated statements give several outputs; the rows are the last one's and the
    /// changes their sum.
    async fn query(&self, stmt: &Statement) -> StoreResult<QueryOutput> {
        let p = prepare(stmt)?;
        let outputs = self.send(body_item(&p), p.idempotent).await?;
        let changes = outputs.iter().map(|o| o.changes).sum();
        let rows = outputs
            .into_iter()
            .last()
            .map(|o| o.rows)
            .unwrap_or_default();
        Ok(QueryOutput { rows, changes })
    }

    async fn batch(&self, stmts: &[Statement]) -> StoreResult<Vec<QueryOutput>> {
        self.run_batch(stmts, false).await
    }

    async fn batch_idempotent(&self, stmts: &[Statement]) -> StoreResult<Vec<QueryOutput>> {
        self.run_batch(stmts, true).await
    }
}
