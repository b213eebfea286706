//! Reading every source into a [`Snapshot`]. A failing source is recorded in `statuses` with its
//! reason and left `None`; reading never returns an error and never hides one.
//!
//! Cost: key names only, unless a check needs values. Sources are read concurrently.
//!
//! KV enumeration (the expensive part) is in `listing`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::Value;

use super::listing::{continue_serial, list_split, split_point, tally};
use super::{IndexSnapshot, ReadOptions, Snapshot, SourceName, SourceStatus};
use crate::config::Layout;
use crate::durable;
use crate::model::{parse_alias, parse_index, parse_skill_record, slug_from_key};
use crate::schema::SkillTable;
use crate::store::{KvStore, Row, Store, StoreError, TargetKind, LIST_PAGE_MAX};

/// How to enumerate the `skill:` keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Listing {
    /// Serial for small or local listings, partitioned by first character otherwise.
    #[default]
    Auto,
    /// One cursor chain over the whole prefix: exact for any key, one request per 1,000 keys.
    Serial,
}

/// Below this many expected keys a serial walk is cheap and fast enough.
pub const PARALLEL_MIN_KEYS: usize = 20_000;

/// Reads the requested sources with the default listing strategy.
pub async fn read(store: &Store, layout: &Layout, opts: &ReadOptions) -> Snapshot {
    read_with(store, layout, opts, Listing::Auto).await
}

fn status(name: SourceName, status: &str, count: usize) -> SourceStatus {
    SourceStatus {
        name,
        status: status.into(),
        complete: true,
        count,
        error: None,
    }
}

fn failed(name: SourceName, why: String) -> SourceStatus {
    SourceStatus {
        name,
        status: "error".into(),
        complete: false,
        count: 0,
        error: Some(why),
    }
}

/// Reads the requested sources; `listing` chooses how `skill:` keys are enumerated.
pub async fn read_with(
    store: &Store,
    layout: &Layout,
    opts: &ReadOptions,
    listing: Listing,
) -> Snapshot {
    let want = |n: SourceName| opts.sources.contains(&n);
    let kv = store.kv.as_ref();
    let first_page = async {
        if want(SourceName::KvKeys) {
            Some(
                kv.list_page(&layout.skill_prefix, None, LIST_PAGE_MAX)
                    .await,
            )
        } else {
            None
        }
    };
    let (index, durable, seed, aliases, first_page) = tokio::join!(
        async {
            if want(SourceName::Index) {
                Some(read_index(kv, &layout.index_key).await)
            } else {
                None
            }
        },
        async {
            if want(SourceName::Durable) {
                Some(read_durable(store, layout, opts.durable_rows).await)
            } else {
                None
            }
        },
        async {
            if want(SourceName::Seed) {
                Some(read_seed(layout))
            } else {
                None
            }
        },
        async {
            if want(SourceName::Aliases) {
                Some(read_aliases(kv, &layout.alias_prefix).await)
            } else {
                None
            }
        },
        first_page,
    );
    let mut snap = Snapshot::default();
    // First characters of every slug the other sources name, with counts: where keys will be.
    let mut hints: BTreeMap<char, usize> = BTreeMap::new();
    let mut expected = 0usize;
    if let Some(r) = index {
        match r {
            Ok(ix) => {
                let state = if !ix.exists {
                    "missing"
                } else if ix.malformed.is_some() {
                    "malformed"
                } else {
                    "ok"
                };
                snap.statuses
                    .push(status(SourceName::Index, state, ix.entries.len()));
                tally(&mut hints, ix.entries.iter().filter_map(|e| e.slug()));
                expected = expected.max(ix.entries.len());
                snap.index = Some(ix);
            }
            Err(e) => snap.statuses.push(failed(SourceName::Index, e.to_string())),
        }
    }
    if let Some(r) = first_page {
        let slugs = match r {
            Ok(page) => {
                let mut slugs = Vec::new();
                for k in &page.keys {
                    if let Some(s) = slug_from_key(&k.name, &layout.skill_prefix) {
                        slugs.push(s.to_string());
                    }
                }
                match page.cursor.filter(|c| !c.is_empty()) {
                    None => Ok(slugs.into_iter().collect()),
                    Some(cursor) => {
                        tally(&mut hints, slugs.iter().map(String::as_str));
                        if let Some(Ok((_, rows))) = &durable {
                            tally(&mut hints, rows.keys().map(String::as_str));
                            expected = expected.max(rows.len());
                        }
                        if let Some(Ok(seed)) = &seed {
                            tally(&mut hints, seed.iter().map(String::as_str));
                            expected = expected.max(seed.len());
                        }
                        if let Some(Ok(al)) = &aliases {
                            tally(&mut hints, al.keys().map(String::as_str));
                            tally(&mut hints, al.values().filter_map(|t| t.as_deref().ok()));
                        }
                        let serial = listing == Listing::Serial
                            || store.target == TargetKind::Local
                            || expected < PARALLEL_MIN_KEYS;
                        match split_point(&hints).filter(|_| !serial) {
                            None => continue_serial(kv, &layout.skill_prefix, cursor, slugs).await,
                            Some(split) => {
                                list_split(kv, &layout.skill_prefix, slugs, cursor, split, &hints)
                                    .await
                            }
                        }
                    }
                }
            }
            Err(e) => Err(e.to_string()),
        };
        match slugs {
            Ok(slugs) => {
                snap.statuses
                    .push(status(SourceName::KvKeys, "ok", slugs.len()));
                if opts.kv_values {
                    match read_values(kv, &layout.skill_prefix, &slugs).await {
                        Ok(records) => snap.kv_records = records,
                        Err(e) => {
                            let last = snap.statuses.last_mut().expect("just pushed");
                            *last = failed(SourceName::KvKeys, format!("reading values: {e}"));
                        }
                    }
                }
                if snap.status(SourceName::KvKeys).is_some_and(|s| s.complete) {
                    snap.kv_slugs = Some(slugs);
                }
            }
            Err(e) => snap.statuses.push(failed(SourceName::KvKeys, e)),
        }
    }
    if let Some(r) = durable {
        match r {
            Ok((table, rows)) => {
                snap.statuses
                    .push(status(SourceName::Durable, "ok", rows.len()));
                snap.durable = Some(rows);
                snap.durable_table = Some(table);
            }
            Err(e) => snap.statuses.push(failed(SourceName::Durable, e)),
        }
    }
    if let Some(r) = seed {
        match r {
            Ok(set) if layout.seed_catalog.is_none() => {
                snap.statuses.push(status(SourceName::Seed, "missing", 0));
                snap.seed = Some(set);
            }
            Ok(set) => {
                snap.statuses
                    .push(status(SourceName::Seed, "ok", set.len()));
                snap.seed = Some(set);
            }
            Err(e) => snap.statuses.push(failed(SourceName::Seed, e)),
        }
    }
    if let Some(r) = aliases {
        match r {
            Ok(al) => {
                snap.statuses
                    .push(status(SourceName::Aliases, "ok", al.len()));
                snap.aliases = Some(al);
            }
            Err(e) => snap.statuses.push(failed(SourceName::Aliases, e)),
        }
    }
    snap.statuses.sort_by_key(|s| s.name);
    snap
}

/// The index blob alone: missing is a valid (empty) state, a parse failure is recorded.
pub async fn read_index(kv: &dyn KvStore, key: &str) -> Result<IndexSnapshot, StoreError> {
    use sha2::{Digest, Sha256};
    Ok(match kv.get(key).await? {
        None => IndexSnapshot {
            exists: false,
            raw: Vec::new(),
            sha256: String::new(),
            entries: Vec::new(),
            malformed: None,
        },
        Some(v) => {
            let sha256 = hex::encode(Sha256::digest(&v.bytes));
            let (entries, malformed) = match parse_index(&v.bytes) {
                Ok(e) => (e, None),
                Err(why) => (Vec::new(), Some(why)),
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

async fn read_values(
    kv: &dyn KvStore,
    prefix: &str,
    slugs: &BTreeSet<String>,
) -> Result<BTreeMap<String, Result<serde_json::Map<String, Value>, String>>, StoreError> {
    let keys: Vec<String> = slugs.iter().map(|s| format!("{prefix}{s}")).collect();
    let values = kv.get_many(&keys).await?;
    let mut out = BTreeMap::new();
    for (key, v) in values {
        if let (Some(slug), Some(text)) = (slug_from_key(&key, prefix), v) {
            out.insert(slug.to_string(), parse_skill_record(text.as_bytes(), slug));
        }
    }
    Ok(out)
}

/// The durable table: discovered (once per run), then read by keyset pages (names only, or the
/// columns mkt maps with `whole_rows`).
async fn read_durable(
    store: &Store,
    layout: &Layout,
    whole_rows: bool,
) -> Result<(Arc<SkillTable>, BTreeMap<String, Row>), String> {
    let table = durable::table(store, layout)
        .await
        .map_err(|e| e.to_string())?;
    let rows = durable::read_all(store, &table, whole_rows)
        .await
        .map_err(|e| e.to_string())?;
    Ok((table, rows))
}

/// The seed catalog's slugs, through the one reader `skills list --source seed` uses too. A
/// malformed element makes the source incomplete: the set would be missing a skill.
fn read_seed(layout: &Layout) -> Result<BTreeSet<String>, String> {
    let Some(path) = &layout.seed_catalog else {
        return Ok(BTreeSet::new());
    };
    let mut out = BTreeSet::new();
    for (i, entry) in crate::catalog::read(path)?.into_iter().enumerate() {
        match entry.slug() {
            Some(s) => {
                out.insert(s.to_string());
            }
            None => {
                return Err(format!(
                    "seed catalog {} has an entry at position {i} that is neither a slug nor a record with a string name",
                    path.display()
                ))
            }
        }
    }
    Ok(out)
}

async fn read_aliases(
    kv: &dyn KvStore,
    prefix: &str,
) -> Result<BTreeMap<String, Result<String, String>>, String> {
    let keys = crate::store::list_all(kv, prefix)
        .await
        .map_err(|e| format!("listing aliases: {e}"))?;
    let names: Vec<String> = keys.into_iter().map(|k| k.name).collect();
    let mut out = BTreeMap::new();
    if names.is_empty() {
        return Ok(out);
    }
    let values = kv
        .get_many(&names)
        .await
        .map_err(|e| format!("reading aliases: {e}"))?;
    for (key, v) in values {
        let Some(alias) = slug_from_key(&key, prefix) else {
            continue;
        };
        if let Some(text) = v {
            out.insert(alias.to_string(), parse_alias(&text));
        }
    }
    Ok(out)
}
