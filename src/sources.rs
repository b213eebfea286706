//! Reading the sources drift is computed over: the index blob, the `skill:` keys (and values when
//! a check needs them), the durable `skills` table, the seed catalog and the `skill-alias:` keys.
//! A source that fails is recorded as incomplete with its reason; reading never hides a failure.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::IndexEntry;
use crate::schema::SkillTable;

mod checks;
mod durable_rows;
mod listing;
mod read;
pub use checks::{value_check, ValueCheck};
pub use durable_rows::DurableRows;
pub use listing::{split_caveat, ListingMode, ListingReport};
pub use read::{read, read_index, read_with, Listing};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceName {
    /// The `skills:published-index` blob.
    Index,
    /// The `skill:` keys (and values, when read).
    KvKeys,
    /// The durable `skills` table.
    Durable,
    /// The bundled seed catalog file.
    Seed,
    /// The `skill-alias:` keys and their targets.
    Aliases,
}

impl SourceName {
    pub const ALL: [SourceName; 5] = [
        SourceName::Index,
        SourceName::KvKeys,
        SourceName::Durable,
        SourceName::Seed,
        SourceName::Aliases,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SourceName::Index => "index",
            SourceName::KvKeys => "kv_keys",
            SourceName::Durable => "durable",
            SourceName::Seed => "seed",
            SourceName::Aliases => "aliases",
        }
    }
}

/// How reading one source went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceStatus {
    pub name: SourceName,
    /// `ok`, `missing` (absent but that is a valid state, e.g. no seed catalog configured),
    /// `skipped` (not requested) or `error`.
    pub status: String,
    pub complete: bool,
    pub count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The index blob as read.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexSnapshot {
    /// The key existed.
    pub exists: bool,
    /// The raw bytes (for backups and fingerprints).
    pub raw: Vec<u8>,
    /// sha256 hex of `raw` ("" when the key did not exist).
    pub sha256: String,
    /// Parsed entries, in blob order (empty when malformed or missing).
    pub entries: Vec<IndexEntry>,
    /// Why the blob could not be parsed, if it could not.
    pub malformed: Option<String>,
    /// Its expiration (epoch seconds), read with it.
    pub expiration: Option<i64>,
    /// Its metadata: read only by repairs, which carry it over when they rewrite the blob.
    pub metadata: Option<Value>,
}

/// What to read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    pub sources: BTreeSet<SourceName>,
    /// Read every `skill:` value (deep checks, repairs). Without it only key names are listed.
    pub kv_values: bool,
    /// Read whole durable rows. Without it only names (the rows are empty maps).
    pub durable_rows: bool,
    /// With `kv_values` (`health --deep`): compare every value with its durable row as the two
    /// arrive, a few thousand keys at a time, and keep only what the comparison finds
    /// ([`Snapshot::kv_checks`]); neither the values nor the whole rows are held (`kv_records`
    /// stays empty, `durable` holds names). Repairs, which need the values, leave it false.
    pub checks_only: bool,
}

impl ReadOptions {
    pub fn all(kv_values: bool, durable_rows: bool) -> Self {
        ReadOptions {
            sources: SourceName::ALL.into_iter().collect(),
            kv_values,
            durable_rows,
            checks_only: false,
        }
    }
}

/// Everything read, plus how each read went.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub index: Option<IndexSnapshot>,
    /// Slugs of `skill:` keys.
    pub kv_slugs: Option<BTreeSet<String>>,
    /// Parsed `skill:` values (when `kv_values`): `Err` holds why a value is malformed.
    pub kv_records: BTreeMap<String, Result<Map<String, Value>, String>>,
    /// The `skill:` values as stored (bytes, metadata, expiration), beside `kv_records` when
    /// values are held: repairs edit these bytes in place, carry the metadata and expiration, and
    /// back them up exactly. A hand-built snapshot may leave it empty.
    pub kv_entries: BTreeMap<String, crate::store::KvEntry>,
    /// What comparing each `skill:` value with its durable row found, for the slugs where it
    /// found something (read with `checks_only` instead of `kv_records`).
    pub kv_checks: BTreeMap<String, ValueCheck>,
    /// Durable rows by name (whole rows with `durable_rows`, else empty rows: names only), keyed
    /// by column name as `durable_table` describes them.
    pub durable: Option<DurableRows>,
    /// The durable table as discovered (None: not read, or a hand-built snapshot, which means the
    /// table `mkt db migrate` creates).
    pub durable_table: Option<Arc<SkillTable>>,
    /// Slugs in the seed catalog.
    pub seed: Option<BTreeSet<String>>,
    /// Alias slug → target slug, or why the alias value is malformed.
    pub aliases: Option<BTreeMap<String, Result<String, String>>>,
    pub statuses: Vec<SourceStatus>,
    /// How the `skill:` keys were listed (when they were).
    pub listing: Option<ListingReport>,
    /// The prefix the aliases were read under when the listing found them nested under the
    /// skill prefix and none was configured (`skill:alias:`); `None`: the layout's own.
    pub alias_prefix: Option<String>,
    /// What the reader decided that the operator should hear (on stderr).
    pub notes: Vec<String>,
}

impl Snapshot {
    /// Every requested source was read completely.
    pub fn complete(&self) -> bool {
        self.statuses.iter().all(|s| s.complete)
    }
    pub fn status(&self, name: SourceName) -> Option<&SourceStatus> {
        self.statuses.iter().find(|s| s.name == name)
    }
    /// The durable table the rows were read from.
    pub fn table(&self) -> Arc<SkillTable> {
        static MIGRATED: std::sync::OnceLock<Arc<SkillTable>> = std::sync::OnceLock::new();
        self.durable_table.clone().unwrap_or_else(|| {
            MIGRATED
                .get_or_init(|| Arc::new(SkillTable::migrated("skills")))
                .clone()
        })
    }
}
