//! D1 `/query` and `/raw` on a real in-memory SQLite: statements split server-side, a request runs as
//! one transaction (rolled back on error → code 7500), D1's per-statement limits enforced.

use std::time::Instant;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::{json, Map, Value};

use super::server::Reply;

const MAX_PARAMS: usize = 100;
const MAX_SQL_BYTES: usize = 100_000;

type Row = Map<String, Value>;

pub(crate) fn handle(conn: &Connection, raw: bool, body: &[u8]) -> Reply {
    let items = match parse_body(body) {
        Ok(items) => items,
        Err(msg) => return Reply::error(400, 7400, &msg),
    };
    for (sql, params) in &items {
        if params.len() > MAX_PARAMS {
            return Reply::error(
                400,
                7500,
                "too many SQL variables at offset 0: SQLITE_ERROR",
            );
        }
        if sql.len() > MAX_SQL_BYTES {
            return Reply::error(400, 7500, "Statement too long: SQLITE_TOOBIG");
        }
    }
    if let Err(e) = conn.execute_batch("BEGIN") {
        return Reply::error(500, 7500, &e.to_string());
    }
    let mut results = Vec::new();
    for (sql, params) in &items {
        if let Err(msg) = run(conn, sql, params, raw, &mut results) {
            let _ = conn.execute_batch("ROLLBACK");
            return Reply::error(400, 7500, &format!("{msg}: SQLITE_ERROR"));
        }
    }
    if let Err(e) = conn.execute_batch("COMMIT") {
        let _ = conn.execute_batch("ROLLBACK");
        return Reply::error(400, 7500, &e.to_string());
    }
    Reply::ok(Value::Array(results))
}

fn parse_body(body: &[u8]) -> Result<Vec<(String, Vec<String>)>, String> {
    let req: Value =
        serde_json::from_slice(body).map_err(|e| format!("malformed JSON body: {e}"))?;
    let one = |v: &Value| -> Result<(String, Vec<String>), String> {
        let sql = v["sql"]
            .as_str()
            .ok_or("\"sql\" must be a string")?
            .to_string();
        let params = match v.get("params") {
            None | Some(Value::Null) => Vec::new(),
            // The spec declares params as strings; anything else is refused here so clients stay on it.
            Some(Value::Array(ps)) => ps
                .iter()
                .map(|p| p.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or("\"params\" must be an array of strings")?,
            Some(_) => return Err("\"params\" must be an array of strings".into()),
        };
        Ok((sql, params))
    };
    match req.get("batch") {
        Some(Value::Array(batch)) => batch.iter().map(one).collect(),
        Some(_) => Err("\"batch\" must be an array".into()),
        None => Ok(vec![one(&req)?]),
    }
}

/// Splits on `;` where SQLite says a statement is complete (so trigger bodies stay whole).
pub(crate) fn split_statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in sql.char_indices() {
        if c == ';' {
            let piece = &sql[start..=i];
            let Ok(cs) = std::ffi::CString::new(piece) else {
                continue;
            };
            // SAFETY: a valid NUL-terminated string; sqlite3_complete only reads it.
            if unsafe { rusqlite::ffi::sqlite3_complete(cs.as_ptr()) } != 0 {
                out.push(piece.to_string());
                start = i + 1;
            }
        }
    }
    out.push(sql[start..].to_string());
    // A piece of only comments (e.g. a trailing `-- done`) is not a statement: SQLite skips it.
    out.retain(|s| has_code(s));
    out
}

/// Whether SQL holds anything besides whitespace, `;` and comments.
fn has_code(sql: &str) -> bool {
    let b = sql.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_whitespace() || c == b';' => i += 1,
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = b[i..]
                    .iter()
                    .position(|c| *c == b'\n')
                    .map_or(b.len(), |n| i + n)
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = b[i + 2..]
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(b.len(), |n| i + n + 4)
            }
            _ => return true,
        }
    }
    false
}

fn run(
    conn: &Connection,
    sql: &str,
    params: &[String],
    raw: bool,
    results: &mut Vec<Value>,
) -> Result<(), String> {
    let mut params = params.iter();
    for piece in split_statements(sql) {
        // D1 "mishandles CRLF line endings inside compound statements such as a CREATE TRIGGER …
        // BEGIN … END; body" (wrangler d1/execute.ts, issue #14991): refuse them, so a client that
        // forgets to normalize fails here as it would there.
        let upper = piece.trim_start().to_ascii_uppercase();
        if piece.contains("\r\n")
            && (upper.starts_with("CREATE TRIGGER") || upper.starts_with("CREATE TEMP TRIGGER"))
        {
            return Err("incomplete input".into());
        }
        let started = Instant::now();
        let before = conn.total_changes();
        let mut stmt = conn.prepare(&piece).map_err(|e| e.to_string())?;
        for i in 1..=stmt.parameter_count() {
            let p = params
                .next()
                .ok_or("Wrong number of parameter bindings for SQL query")?;
            stmt.raw_bind_parameter(i, p).map_err(|e| e.to_string())?;
        }
        let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let readonly = stmt.readonly();
        let mut rows: Vec<Vec<Value>> = Vec::new();
        let mut q = stmt.raw_query();
        while let Some(row) = q.next().map_err(|e| e.to_string())? {
            rows.push(
                (0..columns.len())
                    .map(|i| to_json(row.get_ref(i).unwrap()))
                    .collect(),
            );
        }
        drop(q);
        drop(stmt);
        let changes = conn.total_changes() - before;
        let size: i64 = conn
            .query_row(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |r| r.get(0),
            )
            .unwrap_or(0);
        // The current shape ([TS] `QueryResult.Meta`); older servers sent `served_by` instead.
        let meta = json!({
            "served_by_colo": "LHR",
            "served_by_primary": true,
            "served_by_region": "WEUR",
            "timings": {"sql_duration_ms": started.elapsed().as_secs_f64() * 1000.0},
            "duration": started.elapsed().as_secs_f64() * 1000.0,
            "changes": changes,
            "last_row_id": conn.last_insert_rowid(),
            "changed_db": !readonly,
            "size_after": size,
            "rows_read": rows.len(),
            "rows_written": changes,
        });
        let results_value = if raw {
            json!({"columns": columns, "rows": rows})
        } else {
            Value::Array(
                rows.into_iter()
                    .map(|r| Value::Object(columns.iter().cloned().zip(r).collect::<Row>()))
                    .collect(),
            )
        };
        results.push(json!({"success": true, "results": results_value, "meta": meta}));
    }
    if params.next().is_some() {
        return Err("Wrong number of parameter bindings for SQL query".into());
    }
    Ok(())
}

fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => json!(i),
        // D1 serialises in JavaScript: 83.0 is 83, a non-finite REAL is null.
        ValueRef::Real(f) if !f.is_finite() => Value::Null,
        ValueRef::Real(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_991.0 => {
            json!(f as i64)
        }
        ValueRef::Real(f) => json!(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => json!(b),
    }
}

/// Rows of one query, for the test handle.
pub(crate) fn query_rows(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<Row>> {
    let mut stmt = conn.prepare(sql)?;
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let mut out = Vec::new();
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        out.push(
            columns
                .iter()
                .enumerate()
                .map(|(i, c)| (c.clone(), to_json(row.get_ref(i).unwrap())))
                .collect(),
        );
    }
    Ok(out)
}

/// Whether a D1 request body holds a statement that may write (for the request log).
pub(crate) fn body_writes(body: &[u8]) -> bool {
    let Ok(items) = parse_body(body) else {
        return false;
    };
    items
        .iter()
        .flat_map(|(sql, _)| split_statements(sql))
        .any(|s| {
            let upper = s.to_ascii_uppercase();
            let words: Vec<&str> = upper
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .filter(|w| !w.is_empty())
                .collect();
            match words.first().copied() {
                None | Some("SELECT" | "PRAGMA" | "EXPLAIN" | "VALUES") => false,
                Some("WITH") => words
                    .iter()
                    .any(|w| matches!(*w, "INSERT" | "UPDATE" | "DELETE" | "REPLACE")),
                _ => true,
            }
        })
}
