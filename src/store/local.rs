//! The local target: one SQLite file holding the KV entries (`_mkt_kv`) and the D1 tables.
//! D1 *is* SQLite, so the same SQL runs here; D1's per-statement limits are enforced too,
//! so what works locally also works remotely.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use rusqlite::types::{Value as SqlV, ValueRef};
use rusqlite::{params_from_iter, Connection, OpenFlags, OptionalExtension};
use serde_json::Value;

use crate::store::{
    validate_key, KeyInfo, KeyPage, KvEntry, KvPut, KvStore, KvValue, QueryOutput, RequestCounter,
    Row, SqlLimits, SqlStore, SqlValue, Statement, Store, StoreError, StoreResult, WriteReport,
    LIST_PAGE_MAX,
};

const KV_TABLE_SQL: &str = "CREATE TABLE IF NOT EXISTS _mkt_kv (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL,
  metadata TEXT,
  expiration INTEGER
) WITHOUT ROWID";

/// The SQLite connection both halves share.
#[derive(Clone)]
pub struct LocalDb {
    conn: Arc<Mutex<Connection>>,
}

/// What a command will do with the local store, decided before it is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Only reads: the file must already be an mkt store; nothing is created, not even a table.
    Read,
    /// Writes: a missing store is created; the file must be writable and an mkt store (or new).
    Write,
    /// `mkt db migrate`: like `Write`, and another program's SQLite file is taken over (mkt's
    /// tables are added beside its own).
    Adopt,
}

/// What a SQLite file holds, told apart by mkt's KV table.
enum Contents {
    /// Holds `_mkt_kv`: a store mkt made.
    Mkt,
    /// No tables at all (a new or empty file).
    Empty,
    /// Another program's database: its first few table names.
    Foreign(Vec<String>),
}

fn contents(conn: &Connection) -> rusqlite::Result<Contents> {
    let mut stmt =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if names.iter().any(|n| n == "_mkt_kv") {
        Contents::Mkt
    } else if names.is_empty() {
        Contents::Empty
    } else {
        Contents::Foreign(names)
    })
}

fn not_sqlite(path: &Path, e: rusqlite::Error) -> StoreError {
    StoreError::NotAStore(format!(
        "{} is not an SQLite database mkt can read ({e}); point --local-path (or MKT_LOCAL_PATH) at an mkt store",
        path.display()
    ))
}

/// Opens the local store for what a command will do with it, refusing before any change:
/// a read never creates the file or a table (a missing or empty store is an incomplete read,
/// exit 4), a write is refused while the file cannot be written (exit 5), and another
/// program's SQLite file is left alone unless `mkt db migrate` adopts it (exit 2). Only mkt's
/// KV table is created here; the schema's tables are the layer above's (src/target/local.rs).
pub fn open_as(path: &Path, access: Access) -> StoreResult<LocalDb> {
    let shown = path.display();
    let create_hint = "create it with mkt seed or mkt db migrate, or point --local-path (or MKT_LOCAL_PATH) at an existing store";
    if access == Access::Read && !path.exists() {
        return Err(StoreError::MissingResource(format!(
            "local store {shown} does not exist: {create_hint}"
        )));
    }
    if path.exists() {
        // Look before anything is written: even WAL mode rewrites the file header.
        let (conn, what) = open_existing(path)?;
        match (what, access) {
            (Contents::Foreign(tables), Access::Read | Access::Write) => {
                return Err(foreign(path, &tables))
            }
            (Contents::Empty, Access::Read) => {
                return Err(StoreError::MissingResource(format!(
                    "local store {shown} holds no data (an SQLite file without mkt's tables): {create_hint}"
                )))
            }
            (_, Access::Read) => return Ok(LocalDb::wrap(conn)),
            _ => check_writable(&conn, path)?,
        }
    } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::owner_only::create_dir_all(dir).map_err(|e| {
            read_only(
                path,
                &format!("cannot create its directory {}: {e}", dir.display()),
            )
        })?;
        check_dir_writable(path)?;
    }
    LocalDb::open(path)
}

/// Opens an existing file without changing it and says what it holds. A file this user cannot
/// write (nor create SQLite's WAL index beside) is opened immutable, read-only: reads still work,
/// and a write is refused by [`check_writable`] before it starts.
fn open_existing(path: &Path) -> StoreResult<(Connection, Contents)> {
    let shown = path.display();
    let plain = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|c| c.busy_timeout(BUSY_TIMEOUT).map(|_| c));
    if let Ok(conn) = plain {
        match contents(&conn) {
            Ok(what) => return Ok((conn, what)),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen
                ) => {}
            Err(e) => return Err(not_sqlite(path, e)),
        }
    }
    let uri = format!(
        "file:{}?immutable=1",
        percent_encoding::utf8_percent_encode(&path.to_string_lossy(), URI_PATH)
    );
    let conn = Connection::open_with_flags(
        &uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| local_err(format!("cannot open {shown}: {e}")))?;
    let what = contents(&conn).map_err(|e| not_sqlite(path, e))?;
    Ok((conn, what))
}

/// Characters a path keeps in an SQLite URI: everything but `?`, `#`, `%` and controls.
const URI_PATH: &percent_encoding::AsciiSet =
    &percent_encoding::CONTROLS.add(b'?').add(b'#').add(b'%');

fn foreign(path: &Path, tables: &[String]) -> StoreError {
    let mut shown: Vec<&str> = tables.iter().take(5).map(String::as_str).collect();
    if tables.len() > 5 {
        shown.push("…");
    }
    StoreError::NotAStore(format!(
        "{} is not an mkt store (it is another program's SQLite database, with tables {}); point --local-path (or MKT_LOCAL_PATH) at an mkt store, or run mkt db migrate to add mkt's tables to this file",
        path.display(),
        shown.join(", ")
    ))
}

fn read_only(path: &Path, why: &str) -> StoreError {
    StoreError::ReadOnly(format!(
        "local store {} is read-only ({why}); nothing was written: run as a user who can write it and its directory, or copy it somewhere writable",
        path.display()
    ))
}

/// Takes the write lock and lets it go, so a file (or directory, for the WAL) that cannot be
/// written is found before the first write, not in the middle of a repair.
fn check_writable(conn: &Connection, path: &Path) -> StoreResult<()> {
    if conn
        .is_readonly(rusqlite::DatabaseName::Main)
        .unwrap_or(false)
    {
        return Err(read_only(path, "the file is not writable"));
    }
    conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;")
        .map_err(|e| read_only(path, &e.to_string()))?;
    check_dir_writable(path)
}

/// The directory must take new files: SQLite's WAL and journal live beside the store.
fn check_dir_writable(path: &Path) -> StoreResult<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let probe = dir.join(format!(".mkt-write-check-{}", std::process::id()));
        match crate::owner_only::options()
            .write(true)
            .create_new(true)
            .open(&probe)
        {
            Ok(_) => {
                let _ = std::fs::remove_file(&probe);
            }
            Err(e) => {
                return Err(read_only(
                    path,
                    &format!(
                        "its directory {} does not take new files: {e}",
                        dir.display()
                    ),
                ))
            }
        }
    }
    Ok(())
}

const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

fn local_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Local(format!("local store: {e}"))
}

fn sql_err(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => StoreError::Sql(msg),
        other => StoreError::Sql(other.to_string()),
    }
}

/// A value's bytes, whether it was stored as a BLOB (mkt writes those) or as TEXT (another
/// program, or the sqlite3 shell, may write those).
fn value_bytes(r: &rusqlite::Row<'_>) -> rusqlite::Result<Vec<u8>> {
    match r.get_ref(0)? {
        ValueRef::Blob(b) | ValueRef::Text(b) => Ok(b.to_vec()),
        ValueRef::Null => Ok(Vec::new()),
        ValueRef::Integer(i) => Ok(i.to_string().into_bytes()),
        ValueRef::Real(f) => Ok(f.to_string().into_bytes()),
    }
}

fn now_epoch() -> i64 {
    chrono::Utc::now().timestamp()
}

impl LocalDb {
    pub fn open(path: &Path) -> StoreResult<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::owner_only::create_dir_all(dir)
                .map_err(|e| local_err(format!("cannot create {}: {e}", dir.display())))?;
        }
        // A new store is created empty as 0600 before SQLite opens it (SQLite would make it
        // 0644; its WAL and shared-memory files take the database file's mode).
        if !path.exists() {
            let _ = crate::owner_only::options()
                .write(true)
                .create_new(true)
                .open(path);
        }
        let conn = Connection::open(path)
            .map_err(|e| local_err(format!("cannot open {}: {e}", path.display())))?;
        // WAL keeps readers and a writer (two mkt processes) out of each other's way.
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        )
        .map_err(|e| {
            local_err(format!(
                "{} is not a usable SQLite database: {e}",
                path.display()
            ))
        })?;
        conn.execute_batch(KV_TABLE_SQL).map_err(local_err)?;
        Ok(LocalDb {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    fn wrap(conn: Connection) -> Self {
        LocalDb {
            conn: Arc::new(Mutex::new(conn)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back), so recover.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// KV and SQL over this database, described by its path.
    pub fn into_store(self, path: &Path) -> Store {
        Store {
            description: format!("local store {}", path.display()),
            kv: Arc::new(self.clone()),
            sql: Arc::new(self),
            requests: RequestCounter::default(),
            kind: crate::config::TargetKind::Local,
        }
    }
}

/// D1's per-statement limits, enforced here too (the local store's `limits()`).
fn check_limits(stmt: &Statement) -> StoreResult<()> {
    let SqlLimits {
        params,
        statement_bytes,
        ..
    } = SqlLimits::D1;
    if stmt.params.len() > params {
        return Err(StoreError::Invalid(format!(
            "statement has {} bound parameters; D1 allows at most {params}",
            stmt.params.len()
        )));
    }
    if stmt.sql.len() > statement_bytes {
        return Err(StoreError::Invalid(format!(
            "statement is {} bytes; D1 allows at most {statement_bytes}",
            stmt.sql.len()
        )));
    }
    Ok(())
}

fn to_sqlite(v: &SqlValue) -> SqlV {
    match v {
        SqlValue::Null => SqlV::Null,
        SqlValue::Integer(i) => SqlV::Integer(*i),
        SqlValue::Real(f) => SqlV::Real(*f),
        SqlValue::Text(s) => SqlV::Text(s.clone()),
    }
}

fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => super::js_number(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
    }
}

/// Runs every statement in `sql` (several `;`-separated ones only without params), like D1 does.
fn run_statement(conn: &Connection, stmt: &Statement) -> StoreResult<QueryOutput> {
    check_limits(stmt)?;
    let mut out = QueryOutput::default();
    let mut batch = rusqlite::Batch::new(conn, &stmt.sql);
    let mut seen = 0usize;
    while let Some(mut prepared) = batch.next().map_err(sql_err)? {
        seen += 1;
        if seen > 1 && !stmt.params.is_empty() {
            return Err(StoreError::Sql(
                "bound parameters are allowed only with a single statement".into(),
            ));
        }
        let names: Vec<String> = prepared
            .column_names()
            .iter()
            .map(|s| s.to_string())
            .collect();
        let before = conn.total_changes();
        let mut rows = prepared
            .query(params_from_iter(stmt.params.iter().map(to_sqlite)))
            .map_err(sql_err)?;
        let mut got = Vec::new();
        while let Some(row) = rows.next().map_err(sql_err)? {
            let mut m = Row::new();
            for (i, name) in names.iter().enumerate() {
                m.insert(name.clone(), to_json(row.get_ref(i).map_err(sql_err)?));
            }
            got.push(m);
        }
        drop(rows);
        out.changes += conn.total_changes().saturating_sub(before);
        out.rows = got;
    }
    Ok(out)
}

/// Runs SQLite work on the blocking pool, where a long statement cannot hold up the signal
/// handler or other tasks; after Ctrl-C no new operation starts (each one is a transaction, so
/// it either ran whole or not at all).
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> StoreResult<T> + Send + 'static,
) -> StoreResult<T> {
    crate::interrupt::check()?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Local(format!("local store task failed: {e}")))?
}

#[async_trait]
impl SqlStore for LocalDb {
    async fn query(&self, stmt: &Statement) -> StoreResult<QueryOutput> {
        let (db, stmt) = (self.clone(), stmt.clone());
        blocking(move || db.query_now(&stmt)).await
    }

    async fn query_column(&self, stmt: &Statement) -> StoreResult<Vec<Value>> {
        let (db, stmt) = (self.clone(), stmt.clone());
        blocking(move || {
            check_limits(&stmt)?;
            let conn = db.lock();
            let mut prepared = conn.prepare_cached(&stmt.sql).map_err(sql_err)?;
            let mut rows = prepared
                .query(params_from_iter(stmt.params.iter().map(to_sqlite)))
                .map_err(sql_err)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(sql_err)? {
                out.push(to_json(row.get_ref(0).map_err(sql_err)?));
            }
            Ok(out)
        })
        .await
    }

    async fn batch(&self, stmts: &[Statement]) -> StoreResult<Vec<QueryOutput>> {
        let (db, stmts) = (self.clone(), stmts.to_vec());
        blocking(move || db.batch_now(&stmts)).await
    }
}

#[async_trait]
impl KvStore for LocalDb {
    async fn list_page(
        &self,
        prefix: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> StoreResult<KeyPage> {
        let (db, prefix, cursor) = (self.clone(), prefix.to_string(), cursor.map(String::from));
        blocking(move || db.list_page_now(&prefix, cursor.as_deref(), limit)).await
    }

    async fn get(&self, key: &str) -> StoreResult<Option<KvValue>> {
        let (db, key) = (self.clone(), key.to_string());
        blocking(move || db.get_now(&key)).await
    }

    async fn get_many(&self, keys: &[String]) -> StoreResult<BTreeMap<String, Option<String>>> {
        let (db, keys) = (self.clone(), keys.to_vec());
        blocking(move || db.get_many_now(&keys)).await
    }

    async fn get_entries(&self, keys: &[String]) -> StoreResult<BTreeMap<String, Option<KvEntry>>> {
        let (db, keys) = (self.clone(), keys.to_vec());
        blocking(move || db.get_entries_now(&keys)).await
    }

    async fn get_metadata(&self, key: &str) -> StoreResult<Option<Value>> {
        let (db, key) = (self.clone(), key.to_string());
        blocking(move || {
            Ok(db
                .get_entries_now(std::slice::from_ref(&key))?
                .remove(&key)
                .flatten()
                .and_then(|e| e.metadata))
        })
        .await
    }

    async fn put_many(&self, puts: &[KvPut]) -> StoreResult<WriteReport> {
        let (db, puts) = (self.clone(), puts.to_vec());
        blocking(move || db.put_many_now(&puts)).await
    }

    async fn delete_many(&self, keys: &[String]) -> StoreResult<WriteReport> {
        let (db, keys) = (self.clone(), keys.to_vec());
        blocking(move || db.delete_many_now(&keys)).await
    }
}

/// The synchronous operations, each one transaction on the shared connection.
impl LocalDb {
    /// Runs one statement on the calling thread (for code already off the async threads, such
    /// as opening the store).
    pub fn query_now(&self, stmt: &Statement) -> StoreResult<QueryOutput> {
        let conn = self.lock();
        run_statement(&conn, stmt)
    }

    fn batch_now(&self, stmts: &[Statement]) -> StoreResult<Vec<QueryOutput>> {
        for s in stmts {
            check_limits(s)?;
        }
        let mut conn = self.lock();
        let tx = conn.transaction().map_err(sql_err)?;
        let mut outs = Vec::with_capacity(stmts.len());
        for s in stmts {
            outs.push(run_statement(&tx, s)?); // dropping `tx` on error rolls back the whole batch
        }
        tx.commit().map_err(sql_err)?;
        Ok(outs)
    }

    fn list_page_now(
        &self,
        prefix: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> StoreResult<KeyPage> {
        let limit = limit.clamp(1, LIST_PAGE_MAX);
        let after = match cursor {
            Some(c) if !c.is_empty() => Some(
                hex::decode(c)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .ok_or_else(|| StoreError::Invalid(format!("invalid list cursor {c:?}")))?,
            ),
            _ => None,
        };
        let conn = self.lock();
        // Keys sort by UTF-8 bytes (BINARY collation), so the prefix is one contiguous range from `prefix`.
        let (sql, start) = match &after {
            Some(a) if a.as_str() >= prefix => ("SELECT key, metadata, expiration FROM _mkt_kv WHERE key > ?1 AND (expiration IS NULL OR expiration > ?2) ORDER BY key LIMIT ?3", a.clone()),
            _ => ("SELECT key, metadata, expiration FROM _mkt_kv WHERE key >= ?1 AND (expiration IS NULL OR expiration > ?2) ORDER BY key LIMIT ?3", prefix.to_string()),
        };
        let mut stmt = conn.prepare_cached(sql).map_err(sql_err)?;
        let mut rows = stmt
            .query(rusqlite::params![start, now_epoch(), (limit + 1) as i64])
            .map_err(sql_err)?;
        let mut keys = Vec::new();
        let mut more = false;
        while let Some(row) = rows.next().map_err(sql_err)? {
            let name: String = row.get(0).map_err(sql_err)?;
            if !name.starts_with(prefix) {
                break;
            }
            if keys.len() == limit {
                more = true;
                break;
            }
            let metadata: Option<String> = row.get(1).map_err(sql_err)?;
            keys.push(KeyInfo {
                name,
                expiration: row.get(2).map_err(sql_err)?,
                metadata: metadata.and_then(|m| serde_json::from_str(&m).ok()),
            });
        }
        let cursor = if more {
            keys.last().map(|k| hex::encode(k.name.as_bytes()))
        } else {
            None
        };
        Ok(KeyPage { keys, cursor })
    }

    fn get_now(&self, key: &str) -> StoreResult<Option<KvValue>> {
        validate_key(key)?;
        let conn = self.lock();
        conn.query_row(
            "SELECT value, expiration FROM _mkt_kv WHERE key = ?1 AND (expiration IS NULL OR expiration > ?2)",
            rusqlite::params![key, now_epoch()],
            |r| Ok(KvValue { bytes: value_bytes(r)?, expiration: r.get(1)? }),
        )
        .optional()
        .map_err(sql_err)
    }

    fn get_many_now(&self, keys: &[String]) -> StoreResult<BTreeMap<String, Option<String>>> {
        let mut conn = self.lock();
        // One read transaction: one snapshot for the whole group, and one file lock instead of
        // one per key (a lock and unlock syscall pair per lookup was a third of `health --deep`).
        let tx = conn.transaction().map_err(sql_err)?;
        let mut stmt = tx
            .prepare_cached("SELECT value FROM _mkt_kv WHERE key = ?1 AND (expiration IS NULL OR expiration > ?2)")
            .map_err(sql_err)?;
        let now = now_epoch();
        let mut out = BTreeMap::new();
        for k in keys {
            let v: Option<Vec<u8>> = stmt
                .query_row(rusqlite::params![k, now], value_bytes)
                .optional()
                .map_err(sql_err)?;
            out.insert(
                k.clone(),
                v.map(|b| String::from_utf8_lossy(&b).into_owned()),
            );
        }
        drop(stmt);
        tx.commit().map_err(sql_err)?;
        Ok(out)
    }

    fn get_entries_now(&self, keys: &[String]) -> StoreResult<BTreeMap<String, Option<KvEntry>>> {
        let mut conn = self.lock();
        let tx = conn.transaction().map_err(sql_err)?;
        let mut stmt = tx
            .prepare_cached("SELECT value, metadata, expiration FROM _mkt_kv WHERE key = ?1 AND (expiration IS NULL OR expiration > ?2)")
            .map_err(sql_err)?;
        let now = now_epoch();
        let mut out = BTreeMap::new();
        for k in keys {
            let e = stmt
                .query_row(rusqlite::params![k, now], |r| {
                    let metadata: Option<String> = r.get(1)?;
                    Ok(KvEntry {
                        bytes: value_bytes(r)?,
                        metadata: metadata.and_then(|m| serde_json::from_str(&m).ok()),
                        expiration: r.get(2)?,
                        complete: true,
                    })
                })
                .optional()
                .map_err(sql_err)?;
            out.insert(k.clone(), e);
        }
        drop(stmt);
        tx.commit().map_err(sql_err)?;
        Ok(out)
    }

    fn put_many_now(&self, puts: &[KvPut]) -> StoreResult<WriteReport> {
        for p in puts {
            validate_key(&p.key)?;
        }
        let mut conn = self.lock();
        let tx = conn.transaction().map_err(sql_err)?;
        {
            let mut stmt = tx
                .prepare_cached("INSERT OR REPLACE INTO _mkt_kv (key, value, metadata, expiration) VALUES (?1, ?2, ?3, ?4)")
                .map_err(sql_err)?;
            let now = now_epoch();
            for p in puts {
                // As on Cloudflare, a TTL wins over an absolute expiration.
                let expiration = p.expiration_ttl.map(|ttl| now + ttl).or(p.expiration);
                let metadata = p.metadata.as_ref().map(Value::to_string);
                stmt.execute(rusqlite::params![
                    p.key,
                    p.value_bytes(),
                    metadata,
                    expiration
                ])
                .map_err(sql_err)?;
            }
        }
        tx.commit().map_err(sql_err)?;
        Ok(WriteReport {
            succeeded: puts.len(),
            failed: Vec::new(),
        })
    }

    fn delete_many_now(&self, keys: &[String]) -> StoreResult<WriteReport> {
        let mut conn = self.lock();
        let tx = conn.transaction().map_err(sql_err)?;
        {
            let mut stmt = tx
                .prepare_cached("DELETE FROM _mkt_kv WHERE key = ?1")
                .map_err(sql_err)?;
            for k in keys {
                stmt.execute([k]).map_err(sql_err)?;
            }
        }
        tx.commit().map_err(sql_err)?;
        Ok(WriteReport {
            succeeded: keys.len(),
            failed: Vec::new(),
        })
    }
}
