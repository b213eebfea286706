//! What the repairs read, through the shared `sources::read` (the same reader `mkt health` uses, so
//! a repair sees exactly the state the health report described), plus the single index read an
//! apply makes just before writing and again to verify.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use crate::config::Layout;
use crate::model;
use crate::sources::{self, IndexSnapshot, ReadOptions, Snapshot, SourceName};
use crate::store::{Store, StoreError};

/// Everything a rebuild needs: index, `skill:` keys and values, whole durable rows, seed, aliases.
pub async fn read(store: &Store, layout: &Layout) -> Snapshot {
    read_with(store, layout, true).await
}

/// Like `read`; without `kv_values` only the `skill:` key names are listed (no value reads).
pub async fn read_with(store: &Store, layout: &Layout, kv_values: bool) -> Snapshot {
    sources::read(store, layout, &ReadOptions::all(kv_values, true)).await
}

/// What a backfill needs: `skill:` keys and values and whole durable rows (no index, no aliases).
pub async fn read_skills(store: &Store, layout: &Layout) -> Snapshot {
    let opts = ReadOptions {
        sources: BTreeSet::from([SourceName::KvKeys, SourceName::Durable]),
        kv_values: true,
        durable_rows: true,
    };
    sources::read(store, layout, &opts).await
}

/// The index blob alone (the last read before writing, and the read-back after).
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
