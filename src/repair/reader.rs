//! A small reader of the sources a repair needs (index, `skill:` keys and values, durable rows,
//! aliases), filling the shared `Snapshot` type. A failed source is recorded as incomplete with its
//! reason; the repair then refuses to write.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use crate::config::Layout;
use crate::model;
use crate::sources::{IndexSnapshot, Snapshot, SourceName, SourceStatus};
use crate::store::{self, Row, Statement, Store, StoreError};

/// Durable rows per SELECT page (keyset pagination keeps each response small).
const DURABLE_PAGE: usize = 5000;

fn status(name: SourceName, result: &Result<usize, StoreError>) -> SourceStatus {
    match result {
        Ok(count) => SourceStatus {
            name,
            status: "ok".into(),
            complete: true,
            count: *count,
            error: None,
        },
        Err(e) => SourceStatus {
            name,
            status: "error".into(),
            complete: false,
            count: 0,
            error: Some(e.to_string()),
        },
    }
}

/// Reads index, KV keys + values, durable rows and aliases. Never fails: failures land in `statuses`.
pub async fn read(store: &Store, layout: &Layout) -> Snapshot {
    read_with(store, layout, true).await
}

/// What a backfill needs: `skill:` keys and values and the durable rows (no index, no aliases).
pub async fn read_skills(store: &Store, layout: &Layout) -> Snapshot {
    let mut snap = Snapshot::default();
    let r = read_kv(store, layout, true, &mut snap).await;
    snap.statuses.push(status(SourceName::KvKeys, &r));
    let r = read_durable(store, &layout.skills_table).await.map(|rows| {
        let n = rows.len();
        snap.durable = Some(rows);
        n
    });
    snap.statuses.push(status(SourceName::Durable, &r));
    snap
}

/// Like `read`; without `kv_values` only the `skill:` key names are listed (no value reads).
pub async fn read_with(store: &Store, layout: &Layout, kv_values: bool) -> Snapshot {
    let mut snap = Snapshot::default();
    let r = read_index(store, layout).await.map(|ix| {
        let n = ix.entries.len();
        snap.index = Some(ix);
        n
    });
    snap.statuses.push(status(SourceName::Index, &r));

    let r = read_kv(store, layout, kv_values, &mut snap).await;
    snap.statuses.push(status(SourceName::KvKeys, &r));

    let r = read_durable(store, &layout.skills_table).await.map(|rows| {
        let n = rows.len();
        snap.durable = Some(rows);
        n
    });
    snap.statuses.push(status(SourceName::Durable, &r));

    if let Some(path) = &layout.seed_catalog {
        let r = read_seed(path).map(|slugs| {
            let n = slugs.len();
            snap.seed = Some(slugs);
            n
        });
        snap.statuses.push(status(SourceName::Seed, &r));
    }

    let r = read_aliases(store, layout).await.map(|a| {
        let n = a.len();
        snap.aliases = Some(a);
        n
    });
    snap.statuses.push(status(SourceName::Aliases, &r));
    snap
}

pub async fn read_index(store: &Store, layout: &Layout) -> Result<IndexSnapshot, StoreError> {
    let value = store.kv.get(&layout.index_key).await?;
    Ok(match value {
        None => IndexSnapshot {
            exists: false,
            raw: Vec::new(),
            sha256: String::new(),
            entries: Vec::new(),
            malformed: None,
        },
        Some(v) => {
            let sha256 = hex::encode(Sha256::digest(&v.bytes));
            let (entries, malformed) = match model::parse_index(&v.bytes) {
                Ok(e) => (e, None),
                Err(reason) => (Vec::new(), Some(reason)),
            };
            IndexSnapshot {
                exists: true,
                raw: v.bytes,
                sha256,
                entries,
                malformed,
            }
        }
    })
}

async fn read_kv(
    store: &Store,
    layout: &Layout,
    kv_values: bool,
    snap: &mut Snapshot,
) -> Result<usize, StoreError> {
    let keys = store::list_all(store.kv.as_ref(), &layout.skill_prefix).await?;
    let names: Vec<String> = keys.into_iter().map(|k| k.name).collect();
    if !kv_values {
        let slugs: BTreeSet<String> = names
            .iter()
            .filter_map(|k| model::slug_from_key(k, &layout.skill_prefix).map(str::to_string))
            .collect();
        let n = slugs.len();
        snap.kv_slugs = Some(slugs);
        return Ok(n);
    }
    let values = store.kv.get_many(&names).await?;
    let mut slugs = BTreeSet::new();
    for (key, value) in values {
        let Some(slug) = model::slug_from_key(&key, &layout.skill_prefix) else {
            continue;
        };
        // A key listed whose value is gone by now was deleted meanwhile: not live through KV.
        let Some(text) = value else { continue };
        slugs.insert(slug.to_string());
        snap.kv_records
            .insert(slug.to_string(), model::parse_record(text.as_bytes()));
    }
    let n = slugs.len();
    snap.kv_slugs = Some(slugs);
    Ok(n)
}

/// Every durable row by name, read in keyset pages.
pub async fn read_durable(store: &Store, table: &str) -> Result<BTreeMap<String, Row>, StoreError> {
    let mut rows = BTreeMap::new();
    let mut after = String::new();
    loop {
        let stmt = Statement::with(
            format!("SELECT * FROM {table} WHERE name > ? ORDER BY name LIMIT {DURABLE_PAGE}"),
            vec![after.clone().into()],
        );
        let out = store.sql.query(&stmt).await.map_err(|e| match e {
            StoreError::Sql(m) if m.contains("no such table") => {
                StoreError::MissingResource(format!(
                    "the durable table {table} does not exist; create it with `mkt db migrate`"
                ))
            }
            other => other,
        })?;
        let n = out.rows.len();
        for row in out.rows {
            if let Some(name) = row.get("name").and_then(|v| v.as_str()).map(str::to_string) {
                after = name.clone();
                rows.insert(name, row);
            }
        }
        if n < DURABLE_PAGE {
            break;
        }
    }
    Ok(rows)
}

async fn read_aliases(
    store: &Store,
    layout: &Layout,
) -> Result<BTreeMap<String, Result<String, String>>, StoreError> {
    let keys = store::list_all(store.kv.as_ref(), &layout.alias_prefix).await?;
    let names: Vec<String> = keys.into_iter().map(|k| k.name).collect();
    let values = store.kv.get_many(&names).await?;
    let mut out = BTreeMap::new();
    for (key, value) in values {
        let (Some(alias), Some(text)) = (model::slug_from_key(&key, &layout.alias_prefix), value)
        else {
            continue;
        };
        out.insert(alias.to_string(), model::parse_alias(&text));
    }
    Ok(out)
}

/// Slugs of the seed catalog: a JSON array (or `{"skills": [...]}`) of slugs or objects with `name`.
fn read_seed(path: &std::path::Path) -> Result<BTreeSet<String>, StoreError> {
    let fail = |e: String| StoreError::Local(format!("seed catalog {}: {e}", path.display()));
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| fail(e.to_string()))?;
    let items = match v {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(mut m) => match m.remove("skills") {
            Some(serde_json::Value::Array(a)) => a,
            _ => return Err(fail("expected an array of skills".into())),
        },
        _ => return Err(fail("expected an array of skills".into())),
    };
    Ok(items
        .into_iter()
        .filter_map(|i| model::IndexEntry::from_value(i).slug().map(str::to_string))
        .collect())
}
