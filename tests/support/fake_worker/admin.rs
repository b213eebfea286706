//! Seed 001's admin endpoints of the fake Worker, computed from the store the Worker is bound to
//! (its KV entries in `_mkt_kv`, its durable `skills` table), as the seed's route handlers do.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::Value as SqlV;
use serde_json::{json, Map, Value};

use super::reviews::rows;
use super::{Reply, State};

const SKILL_PREFIX: &str = "skill:";
const INDEX_KEY: &str = "skills:published-index";
const ALIAS_PREFIX: &str = "skill-alias:";

struct View {
    index: Vec<Value>,
    index_ok: bool,
    kv: BTreeMap<String, Option<Map<String, Value>>>,
    durable: BTreeSet<String>,
    aliases: BTreeMap<String, String>,
}

fn kv_rows(st: &State, prefix: &str) -> Vec<(String, String)> {
    let now = chrono::Utc::now().timestamp();
    rows(
        &st.conn,
        "SELECT key, CAST(value AS TEXT) AS value FROM _mkt_kv WHERE substr(key, 1, length(?1)) = ?1 AND (expiration IS NULL OR expiration > ?2) ORDER BY key",
        &[SqlV::Text(prefix.into()), SqlV::Integer(now)],
    )
    .into_iter()
    .map(|r| {
        (
            r["key"].as_str().unwrap_or("").to_string(),
            r["value"].as_str().unwrap_or("").to_string(),
        )
    })
    .collect()
}

fn slug_of(entry: &Value) -> Option<&str> {
    entry
        .as_str()
        .or_else(|| entry.get("name").and_then(Value::as_str))
}

fn read(st: &State) -> View {
    let index_raw = kv_rows(st, INDEX_KEY)
        .into_iter()
        .find(|(k, _)| k == INDEX_KEY)
        .map(|(_, v)| v);
    let (index, index_ok) = match index_raw {
        None => (Vec::new(), true),
        Some(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Array(a)) => (a, true),
            _ => (Vec::new(), false),
        },
    };
    let kv = kv_rows(st, SKILL_PREFIX)
        .into_iter()
        .map(|(k, v)| {
            let slug = k[SKILL_PREFIX.len()..].to_string();
            let record = serde_json::from_str::<Value>(&v)
                .ok()
                .and_then(|v| v.as_object().cloned());
            (slug, record)
        })
        .collect();
    let durable = rows(&st.conn, "SELECT name FROM skills", &[])
        .into_iter()
        .filter_map(|r| r["name"].as_str().map(str::to_string))
        .collect();
    let aliases = kv_rows(st, ALIAS_PREFIX)
        .into_iter()
        .map(|(k, v)| {
            let target = serde_json::from_str::<Value>(&v)
                .ok()
                .and_then(|t| {
                    t.as_str()
                        .map(str::to_string)
                        .or_else(|| t.get("target").and_then(Value::as_str).map(str::to_string))
                })
                .unwrap_or(v);
            (k[ALIAS_PREFIX.len()..].to_string(), target)
        })
        .collect();
    View {
        index,
        index_ok,
        kv,
        durable,
        aliases,
    }
}

fn key(st: &State, snake: &str) -> String {
    if st.shape.camel {
        mkt::worker::decode::camel_case(snake)
    } else {
        snake.to_string()
    }
}

pub(crate) fn health(st: &mut State) -> Reply {
    let v = read(st);
    let indexed: BTreeSet<&str> = v.index.iter().filter_map(slug_of).collect();
    let live: BTreeSet<&str> =
        v.kv.keys()
            .map(String::as_str)
            .chain(v.durable.iter().map(String::as_str))
            .collect();
    let mut drifts: Vec<(&str, Vec<String>)> = Vec::new();
    let missing_from_index: Vec<String> = live
        .iter()
        .filter(|s| !indexed.contains(*s))
        .map(|s| s.to_string())
        .collect();
    drifts.push(("missing_from_index", missing_from_index));
    let stale: Vec<String> = indexed
        .iter()
        .filter(|s| !live.contains(*s))
        .map(|s| s.to_string())
        .collect();
    drifts.push(("stale_in_index", stale));
    let missing_in_durable: Vec<String> =
        v.kv.keys()
            .filter(|s| !v.durable.contains(*s))
            .cloned()
            .collect();
    drifts.push(("missing_in_durable", missing_in_durable));
    let orphaned: Vec<String> = v
        .aliases
        .iter()
        .filter(|(_, t)| !live.contains(t.as_str()))
        .map(|(a, _)| a.clone())
        .collect();
    drifts.push(("orphaned_alias", orphaned));
    if !v.index_ok {
        drifts.push(("malformed_value", vec![INDEX_KEY.to_string()]));
    }
    drifts.retain(|(_, slugs)| !slugs.is_empty());
    let drift_detected = !drifts.is_empty();
    let recommendations: Vec<Value> = drifts
        .iter()
        .map(|(kind, _)| {
            json!(match *kind {
                "missing_in_durable" => "POST /api/v1/admin/rebuild-index to backfill Prisma",
                "orphaned_alias" => "remove or repoint orphaned aliases",
                _ => "POST /api/v1/admin/rebuild-index to rebuild the index",
            })
        })
        .collect();
    // The richer shapes send objects; the bare one sends strings, as a quick handler would.
    let drifts: Vec<Value> = drifts
        .into_iter()
        .map(|(kind, slugs)| {
            if st.shape.list_key.is_some() {
                json!({ "type": kind, "count": slugs.len(), "slugs": slugs })
            } else {
                json!(format!("{kind}: {} ({})", slugs.len(), slugs.join(", ")))
            }
        })
        .collect();
    let mut m = Map::new();
    m.insert(key(st, "kv_index_count"), json!(v.index.len()));
    m.insert(key(st, "kv_enumerated_count"), json!(v.kv.len()));
    m.insert(key(st, "prisma_count"), json!(v.durable.len()));
    m.insert(key(st, "seed_count"), json!(st.seed_count));
    m.insert(key(st, "drift_detected"), json!(drift_detected));
    m.insert("drifts".into(), json!(drifts));
    m.insert("recommendations".into(), json!(recommendations));
    let body = match st.shape.object_key {
        Some("data") => json!({ "success": true, "data": m }),
        _ => Value::Object(m),
    };
    Reply::json(200, body)
}

pub(crate) fn rebuild(st: &mut State) -> Reply {
    let v = read(st);
    let now = chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string();
    // Durable rows first: every KV record without one (Prisma backfill).
    let mut backfilled = 0u64;
    let mut errors = 0u64;
    for (slug, record) in &v.kv {
        match record {
            None => errors += 1,
            Some(r) if !v.durable.contains(slug) => {
                let s = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
                st.conn
                    .execute(
                        "INSERT INTO skills (name, display_name, description, author, category, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT(name) DO NOTHING",
                        rusqlite::params![slug, s("displayName"), s("description"), s("author"), s("category"), now],
                    )
                    .unwrap();
                backfilled += 1;
            }
            Some(_) => {}
        }
    }
    // The index as a union: live entries kept in order, then every other live skill, sorted.
    let live: BTreeSet<&str> =
        v.kv.keys()
            .map(String::as_str)
            .chain(v.durable.iter().map(String::as_str))
            .collect();
    let objects = v.index.iter().any(Value::is_object);
    let mut seen = BTreeSet::new();
    let mut index: Vec<Value> = Vec::new();
    for e in &v.index {
        if let Some(s) = slug_of(e) {
            if live.contains(s) && seen.insert(s.to_string()) {
                index.push(e.clone());
            }
        }
    }
    for s in &live {
        if seen.insert(s.to_string()) {
            index.push(if objects {
                json!({ "name": s })
            } else {
                json!(s)
            });
        }
    }
    st.conn
        .execute(
            "INSERT INTO _mkt_kv (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            rusqlite::params![INDEX_KEY, serde_json::to_vec(&index).unwrap()],
        )
        .unwrap();
    let orphaned = v
        .aliases
        .values()
        .filter(|t| !live.contains(t.as_str()))
        .count();
    Reply::json(
        200,
        json!({
            "ok": true,
            "rebuilt": index.len(),
            "errors": errors,
            "orphanedAliases": orphaned,
            "prismaBackfilled": backfilled,
        }),
    )
}
