//! What the repairs read, through the shared `sources::read` (the same reader `mkt health` uses, so
//! a repair sees exactly the state the health report described), plus the single index read an
//! apply makes just before writing and again to verify.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Layout;
use crate::durable::DurableDb;
use crate::model::identity::{NAME_FIELD, SLUG_FIELD};
use crate::model::{self, IndexEntry, IndexShape};
use crate::sources::{self, IndexSnapshot, ReadOptions, Snapshot, SourceName, SourceStatus};
use crate::store::{Store, StoreError};

use super::index_plan;

/// Everything, values included: index, `skill:` keys and values, whole durable rows, seed, aliases.
pub async fn read(store: &Store, db: &DurableDb, layout: &Layout) -> Snapshot {
    read_with(store, db, layout, true).await
}

/// Like `read`; without `kv_values` only the `skill:` key names are listed (no value reads).
pub async fn read_with(
    store: &Store,
    db: &DurableDb,
    layout: &Layout,
    kv_values: bool,
) -> Snapshot {
    sources::read(store, db, layout, &ReadOptions::all(kv_values, true)).await
}

/// What an index rebuild needs. With `all_values` every `skill:` value and durable row is read
/// (one bulk get per 100 keys: 1,000 requests at 100,000 skills); without, names only (a strings
/// index needs nothing more), then for an index of summaries the whole durable rows and just the
/// values `values_needed` names.
pub async fn read_for_index(
    store: &Store,
    db: &DurableDb,
    layout: &Layout,
    all_values: bool,
) -> Snapshot {
    if all_values {
        return read(store, db, layout).await;
    }
    let mut snap = sources::read(store, db, layout, &ReadOptions::all(false, false)).await;
    if !snap.complete() {
        return snap;
    }
    let summaries = snap
        .index
        .as_ref()
        .is_some_and(|i| i.entries.iter().any(|e| matches!(e, IndexEntry::Object(_))));
    if summaries {
        let rows = ReadOptions {
            sources: BTreeSet::from([SourceName::Durable]),
            kv_values: false,
            durable_rows: true,
            checks_only: false,
        };
        let with_rows = sources::read(store, db, layout, &rows).await;
        snap.durable = with_rows.durable;
        snap.durable_table = with_rows.durable_table;
        snap.statuses.retain(|s| s.name != SourceName::Durable);
        snap.statuses.extend(with_rows.statuses);
        snap.statuses.sort_by_key(|s| s.name);
        if !snap.complete() {
            return snap;
        }
    }
    let needed = values_needed(&snap);
    read_values_of(store, layout, &mut snap, &needed).await;
    snap
}

/// The slugs whose `skill:` value an index plan needs: a live key whose new or refreshed entry is
/// a summary object that its durable row cannot make (no row, or a summary field that is no
/// durable column). A strings index needs none.
pub fn values_needed(snap: &Snapshot) -> BTreeSet<String> {
    let (Some(kv), Some(ix)) = (&snap.kv_slugs, &snap.index) else {
        return BTreeSet::new();
    };
    let table = snap.table();
    let fields = index_plan::summary_fields(&ix.entries);
    // `slug` and `name` come from the slug itself, except a base name beside `slug`: only a KV
    // record says it, and a new entry needs it (a refreshed one keeps the name it has).
    let by_slug = fields.iter().any(|f| f == SLUG_FIELD);
    let durable_suffices = fields
        .iter()
        .all(|f| f == NAME_FIELD || f == SLUG_FIELD || table.field(f).is_some());
    let new_are_objects = IndexShape::new_entries_are_objects(&ix.entries);
    // The first entry of a slug is the one kept (later duplicates are removed).
    let mut is_object: BTreeMap<&str, bool> = BTreeMap::new();
    for e in &ix.entries {
        if let Some(slug) = e.slug() {
            is_object
                .entry(slug)
                .or_insert(matches!(e, IndexEntry::Object(_)));
        }
    }
    kv.iter()
        .filter(|slug| {
            let existing = is_object.get(slug.as_str()).copied();
            let object = existing.unwrap_or(new_are_objects);
            let has_row = snap.durable.as_ref().is_some_and(|d| d.contains_key(slug));
            let base_name = by_slug && existing.is_none();
            object && (base_name || !(durable_suffices && has_row))
        })
        .cloned()
        .collect()
}

/// Reads the values of `slugs` into `snap.kv_records` (bulk gets of at most 100 keys each). A key
/// whose value vanished since it was listed is dropped from `kv_slugs`: it is no longer live.
async fn read_values_of(
    store: &Store,
    layout: &Layout,
    snap: &mut Snapshot,
    slugs: &BTreeSet<String>,
) {
    if slugs.is_empty() {
        return;
    }
    let keys: Vec<String> = slugs
        .iter()
        .map(|s| format!("{}{s}", layout.skill_prefix))
        .collect();
    match crate::store::read_entries(store.kv.as_ref(), &keys).await {
        Ok(values) => {
            for (key, value) in values {
                let Some(slug) = model::slug_from_key(&key, &layout.skill_prefix) else {
                    continue;
                };
                match value {
                    Some(entry) => {
                        snap.kv_records.insert(
                            slug.to_string(),
                            model::parse_skill_record(&entry.bytes, slug),
                        );
                        snap.kv_entries.insert(slug.to_string(), entry);
                    }
                    None => {
                        if let Some(kv) = snap.kv_slugs.as_mut() {
                            kv.remove(slug);
                        }
                    }
                }
            }
        }
        Err(e) => {
            snap.kv_slugs = None;
            for s in snap.statuses.iter_mut() {
                if s.name == SourceName::KvKeys {
                    *s = SourceStatus {
                        name: SourceName::KvKeys,
                        status: "error".into(),
                        complete: false,
                        count: 0,
                        error: Some(format!("reading values: {e}")),
                    };
                }
            }
        }
    }
}

/// What a backfill needs: `skill:` keys and values and whole durable rows (no index, no aliases).
pub async fn read_skills(store: &Store, db: &DurableDb, layout: &Layout) -> Snapshot {
    let opts = ReadOptions {
        sources: BTreeSet::from([SourceName::KvKeys, SourceName::Durable]),
        kv_values: true,
        durable_rows: true,
        checks_only: false,
    };
    sources::read(store, db, layout, &opts).await
}

/// The index blob alone (the last read before writing, and the read-back after).
pub async fn read_index(store: &Store, layout: &Layout) -> Result<IndexSnapshot, StoreError> {
    sources::read_index(store.kv.as_ref(), &layout.index_key).await
}
