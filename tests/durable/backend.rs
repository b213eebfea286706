//! One face over the two SQLite-backed places a durable table lives in tests: the local store's
//! file and the fake Cloudflare server's D1. Tests set up tables and KV values directly (as another
//! program would have) and then run the real `mkt` binary against them.
#![allow(dead_code)]

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::support::fake_cf::FakeCloudflare;
use crate::support::Sandbox;

pub enum Backend {
    Local(Sandbox),
    Fake(Sandbox, FakeCloudflare),
}

const KV_TABLE: &str = "CREATE TABLE IF NOT EXISTS _mkt_kv (key TEXT PRIMARY KEY, value BLOB NOT NULL, metadata TEXT, expiration INTEGER) WITHOUT ROWID";

impl Backend {
    pub fn local() -> Self {
        Backend::Local(Sandbox::new())
    }
    pub fn fake() -> Self {
        Backend::Fake(Sandbox::new(), FakeCloudflare::start())
    }
    pub fn both() -> Vec<Backend> {
        vec![Backend::local(), Backend::fake()]
    }
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Local(_) => "local",
            Backend::Fake(..) => "cloudflare",
        }
    }
    pub fn sandbox(&self) -> &Sandbox {
        match self {
            Backend::Local(sb) | Backend::Fake(sb, _) => sb,
        }
    }

    fn conn(sb: &Sandbox) -> Connection {
        std::fs::create_dir_all(sb.local_db().parent().unwrap()).unwrap();
        let c = Connection::open(sb.local_db()).unwrap();
        c.execute_batch(KV_TABLE).unwrap();
        c
    }

    /// Runs SQL on the database holding the durable table.
    pub fn exec(&self, sql: &str) {
        match self {
            Backend::Local(sb) => Self::conn(sb).execute_batch(sql).unwrap(),
            Backend::Fake(_, f) => f.d1_exec(sql),
        }
    }

    pub fn query(&self, sql: &str) -> Vec<Map<String, Value>> {
        match self {
            Backend::Local(sb) => {
                let c = Self::conn(sb);
                let mut stmt = c.prepare(sql).unwrap();
                let names: Vec<String> =
                    stmt.column_names().iter().map(|s| s.to_string()).collect();
                let mut rows = stmt.query([]).unwrap();
                let mut out = Vec::new();
                while let Some(r) = rows.next().unwrap() {
                    let mut m = Map::new();
                    for (i, n) in names.iter().enumerate() {
                        let v = match r.get_ref(i).unwrap() {
                            rusqlite::types::ValueRef::Null => Value::Null,
                            rusqlite::types::ValueRef::Integer(i) => Value::from(i),
                            rusqlite::types::ValueRef::Real(f) => Value::from(f),
                            rusqlite::types::ValueRef::Text(t) => {
                                Value::String(String::from_utf8_lossy(t).into_owned())
                            }
                            rusqlite::types::ValueRef::Blob(b) => {
                                Value::String(String::from_utf8_lossy(b).into_owned())
                            }
                        };
                        m.insert(n.clone(), v);
                    }
                    out.push(m);
                }
                out
            }
            Backend::Fake(_, f) => f.d1_query(sql),
        }
    }

    /// Rows of the durable table by `name`.
    pub fn rows(&self, table: &str) -> BTreeMap<String, Map<String, Value>> {
        self.query(&format!("SELECT * FROM {table}"))
            .into_iter()
            .map(|r| (r["name"].as_str().unwrap().to_string(), r))
            .collect()
    }

    pub fn kv_put_many(&self, pairs: &[(String, String)]) {
        match self {
            Backend::Local(sb) => {
                let mut c = Self::conn(sb);
                let tx = c.transaction().unwrap();
                for (k, v) in pairs {
                    tx.execute(
                        "INSERT OR REPLACE INTO _mkt_kv (key, value) VALUES (?1, ?2)",
                        rusqlite::params![k, v.as_bytes()],
                    )
                    .unwrap();
                }
                tx.commit().unwrap();
            }
            Backend::Fake(_, f) => f.kv_put_many(pairs.iter().cloned()),
        }
    }

    /// Puts one KV entry as another program would: exact bytes, metadata, expiration.
    pub fn kv_put_entry(
        &self,
        key: &str,
        bytes: &[u8],
        metadata: Option<Value>,
        expiration: Option<i64>,
    ) {
        match self {
            Backend::Local(sb) => {
                Self::conn(sb)
                    .execute(
                        "INSERT OR REPLACE INTO _mkt_kv (key, value, metadata, expiration) VALUES (?1, ?2, ?3, ?4)",
                        rusqlite::params![key, bytes, metadata.map(|m| m.to_string()), expiration],
                    )
                    .unwrap();
            }
            Backend::Fake(_, f) => f.kv_put_entry(
                key,
                crate::support::fake_cf::Entry {
                    value: bytes.to_vec(),
                    metadata,
                    expiration,
                },
            ),
        }
    }

    /// Deletes one KV key as another program would.
    pub fn exec_kv_delete(&self, key: &str) {
        match self {
            Backend::Local(sb) => {
                Self::conn(sb)
                    .execute("DELETE FROM _mkt_kv WHERE key = ?1", [key])
                    .unwrap();
            }
            Backend::Fake(_, f) => f.kv_delete(key),
        }
    }

    /// Every KV entry as stored: key → (bytes, metadata, expiration).
    pub fn kv_entries(&self) -> BTreeMap<String, KvSnapshotEntry> {
        match self {
            Backend::Local(sb) => local_kv_entries(&Self::conn(sb)),
            Backend::Fake(_, f) => f
                .kv_keys()
                .into_iter()
                .map(|k| {
                    let e = f.kv_entry(&k).unwrap();
                    (k, (e.value, e.metadata, e.expiration))
                })
                .collect(),
        }
    }

    /// Every KV key and value.
    pub fn kv(&self) -> BTreeMap<String, String> {
        match self {
            Backend::Local(sb) => {
                let c = Self::conn(sb);
                let mut stmt = c.prepare("SELECT key, value FROM _mkt_kv").unwrap();
                let rows = stmt
                    .query_map([], |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            String::from_utf8_lossy(&r.get::<_, Vec<u8>>(1)?).into_owned(),
                        ))
                    })
                    .unwrap();
                rows.map(Result::unwrap).collect()
            }
            Backend::Fake(_, f) => f
                .kv_keys()
                .into_iter()
                .map(|k| {
                    let v = f.kv_get(&k).unwrap();
                    (k, v)
                })
                .collect(),
        }
    }

    /// Runs `mkt ARGS` against this backend.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        match self {
            Backend::Local(sb) => sb.run(args),
            Backend::Fake(sb, f) => sb.mkt().envs(f.env()).args(args).output().unwrap(),
        }
    }

    /// Requests that could have written (the fake's log), or `None` on the local store.
    pub fn clear_log(&self) {
        if let Backend::Fake(_, f) = self {
            f.clear_log();
        }
    }
    pub fn mutating_requests(&self) -> usize {
        match self {
            Backend::Local(_) => 0,
            Backend::Fake(_, f) => f.mutating_requests().len(),
        }
    }
}

/// One KV entry as stored: bytes, metadata, expiration.
pub type KvSnapshotEntry = (Vec<u8>, Option<Value>, Option<i64>);

pub fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Every KV entry of a local store as stored: key → (bytes, metadata, expiration).
pub fn local_kv_entries(c: &Connection) -> BTreeMap<String, KvSnapshotEntry> {
    let mut stmt = c
        .prepare("SELECT key, value, metadata, expiration FROM _mkt_kv")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            let meta: Option<String> = r.get(2)?;
            Ok((
                r.get::<_, String>(0)?,
                (
                    r.get::<_, Vec<u8>>(1)?,
                    meta.map(|m| serde_json::from_str(&m).unwrap()),
                    r.get::<_, Option<i64>>(3)?,
                ),
            ))
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}
