//! Fixtures for the repair tests, written through the library (local target), and a dump of the
//! whole store for before/after comparisons.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use mkt::config::Layout;
use mkt::store::{self, KvPut, Row, SqlValue, Statement, Store};
use serde_json::{json, Value};

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

pub fn open(path: &Path) -> Store {
    mkt::target::local::open(path, &Layout::default()).expect("open local store")
}

pub fn record(slug: &str, n: usize) -> Value {
    json!({
        "name": slug,
        "displayName": format!("Skill {slug}"),
        "description": format!("does thing {n}"),
        "author": "ada",
        "category": "tools",
        "currentVersion": "1.0.0",
        "certScore": (n % 100) as f64,
        "labels": ["a", format!("l{}", n % 3)],
        "trendingScore7d": 1.5,
        "trendingScore30d": 2.0,
        "publishedAt": "2026-01-01T00:00:00Z"
    })
}

pub fn put_kv(store: &Store, pairs: &[(String, String)]) {
    let puts: Vec<KvPut> = pairs
        .iter()
        .map(|(k, v)| KvPut::new(k.clone(), v.clone()))
        .collect();
    rt().block_on(store.kv.put_many(&puts)).unwrap();
}

pub fn put_skills(store: &Store, slugs: &[String]) {
    let pairs: Vec<(String, String)> = slugs
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("skill:{s}"), record(s, i).to_string()))
        .collect();
    put_kv(store, &pairs);
}

pub fn set_index(store: &Store, v: &Value) {
    put_kv(store, &[("skills:published-index".into(), v.to_string())]);
}

/// Inserts durable rows made from the fixture record.
pub fn put_rows(store: &Store, slugs: &[String]) {
    let stmts: Vec<Statement> = slugs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let r = record(s, i);
            Statement::with(
                "INSERT OR REPLACE INTO skills (name, display_name, description, author, category, current_version, cert_score, labels, trending_score_7d, trending_score_30d, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                vec![
                    SqlValue::from(s.as_str()),
                    r["displayName"].as_str().unwrap().into(),
                    r["description"].as_str().unwrap().into(),
                    "ada".into(),
                    "tools".into(),
                    "1.0.0".into(),
                    SqlValue::Real(r["certScore"].as_f64().unwrap()),
                    r["labels"].to_string().into(),
                    SqlValue::Real(1.5),
                    SqlValue::Real(2.0),
                    "2026-01-01T00:00:00Z".into(),
                    "2026-01-01T00:00:00Z".into(),
                ],
            )
        })
        .collect();
    for chunk in stmts.chunks(50) {
        rt().block_on(store.sql.batch(chunk)).unwrap();
    }
}

pub fn exec(store: &Store, sql: &str) {
    rt().block_on(store.sql.query(&Statement::new(sql)))
        .unwrap();
}

/// Every KV entry (backup keys left out) and every durable row (timestamps left out).
pub fn dump(store: &Store) -> (BTreeMap<String, String>, BTreeMap<String, Row>) {
    let rt = rt();
    let keys = rt.block_on(store::list_all(store.kv.as_ref(), "")).unwrap();
    let names: Vec<String> = keys
        .into_iter()
        .map(|k| k.name)
        .filter(|k| !k.starts_with("skills:published-index:backup:"))
        .collect();
    let values = rt.block_on(store.kv.get_many(&names)).unwrap();
    let kv = values
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    let out = rt
        .block_on(
            store
                .sql
                .query(&Statement::new("SELECT * FROM skills ORDER BY name")),
        )
        .unwrap();
    let rows = out
        .rows
        .into_iter()
        .map(|mut r| {
            r.remove("updated_at");
            r.remove("created_at");
            (r["name"].as_str().unwrap().to_string(), r)
        })
        .collect();
    (kv, rows)
}

pub fn index_of(store: &Store) -> Value {
    let v = rt()
        .block_on(store.kv.get("skills:published-index"))
        .unwrap();
    v.map(|v| serde_json::from_slice(&v.bytes).unwrap())
        .unwrap_or(Value::Null)
}

pub fn slugs(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i:04}")).collect()
}

/// Every KV entry (for stores whose durable table is deliberately broken).
pub fn dump_kv_only(store: &Store) -> BTreeMap<String, String> {
    let rt = rt();
    let keys = rt.block_on(store::list_all(store.kv.as_ref(), "")).unwrap();
    let names: Vec<String> = keys.into_iter().map(|k| k.name).collect();
    rt.block_on(store.kv.get_many(&names))
        .unwrap()
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
}

/// The `result | value` rows of a piped result table (after its header line).
pub fn result_rows(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with("RESULT\t"))
        .skip(1)
        .map_while(|l| l.split_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}
