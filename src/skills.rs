//! Reading skills from one source at a time: KV values, the index blob, the durable table or the
//! seed catalog file. Bad data is returned as `Malformed`, never a crash. No clap here.
//!
//! Seed catalog format: a JSON array; each element is a skill record object with at least a
//! string `name` (the other fields as in KV records), or a bare slug string.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::Layout;
use crate::durable::{self, DurableDb};
use crate::exit::Failure;
use crate::model::{self, IndexEntry};
use crate::schema::SkillTable;
use crate::store::{self, Store, LIST_PAGE_MAX};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SkillSource {
    /// `skill:{slug}` KV values.
    Kv,
    /// The `skills:published-index` blob.
    Index,
    /// The durable `skills` table.
    Durable,
    /// The bundled seed catalog file.
    Seed,
}

impl SkillSource {
    pub fn as_str(self) -> &'static str {
        match self {
            SkillSource::Kv => "kv",
            SkillSource::Index => "index",
            SkillSource::Durable => "durable",
            SkillSource::Seed => "seed",
        }
    }
}

/// A value that is present but not a usable record.
#[derive(Clone, Debug, PartialEq)]
pub struct Malformed {
    pub reason: String,
    /// The stored text as found.
    pub raw: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SkillEntry {
    pub slug: String,
    pub record: Result<Map<String, Value>, Malformed>,
    /// A KV value's metadata (part of the value, as the listing returns it).
    pub metadata: Option<Value>,
    /// A KV value's expiration, epoch seconds.
    pub expiration: Option<i64>,
}

impl SkillEntry {
    /// The JSON form: the record itself, or `{name, malformed, raw}`.
    pub fn to_json(&self) -> Value {
        match &self.record {
            Ok(r) => Value::Object(r.clone()),
            Err(m) => serde_json::json!({ "name": self.slug, "malformed": m.reason, "raw": m.raw }),
        }
    }

    /// A record field as display text ("" when absent).
    pub fn field(&self, name: &str) -> String {
        match &self.record {
            Ok(r) => match r.get(name) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            },
            Err(_) => String::new(),
        }
    }
}

/// What to list.
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    /// Slug prefix (after the layout's `skill:` prefix).
    pub prefix: String,
    pub limit: Option<usize>,
}

fn entry_from_bytes(slug: &str, bytes: &[u8]) -> SkillEntry {
    SkillEntry {
        slug: slug.to_string(),
        record: model::parse_skill_record(bytes, slug).map_err(|reason| Malformed {
            reason,
            raw: String::from_utf8_lossy(bytes).into_owned(),
        }),
        metadata: None,
        expiration: None,
    }
}

fn entry_from_index(e: IndexEntry) -> SkillEntry {
    match e {
        IndexEntry::Slug(s) => {
            let mut m = Map::new();
            m.insert("name".into(), Value::String(s.clone()));
            SkillEntry {
                slug: s,
                record: Ok(m),
                metadata: None,
                expiration: None,
            }
        }
        IndexEntry::Object(m) => SkillEntry {
            slug: model::object_slug(&m).unwrap_or_default().to_string(),
            record: Ok(*m),
            metadata: None,
            expiration: None,
        },
        IndexEntry::Invalid(v) => SkillEntry {
            slug: String::new(),
            record: Err(Malformed {
                reason: format!(
                    "entry is a JSON {}, expected a slug or an object with a string \"slug\" or \"name\"",
                    model::json_type(&v)
                ),
                raw: v.to_string(),
            }),
            metadata: None,
            expiration: None,
        },
    }
}

/// Parses a seed catalog file's contents (the shared reader, `crate::catalog`).
pub fn parse_seed_catalog(bytes: &[u8]) -> Result<Vec<SkillEntry>, String> {
    Ok(crate::catalog::parse(bytes)?
        .into_iter()
        .map(entry_from_index)
        .collect())
}

fn read_seed(layout: &Layout) -> anyhow::Result<Vec<SkillEntry>> {
    let path = layout.seed_catalog.as_deref().ok_or_else(|| {
        Failure::usage(
            "no seed catalog is configured: set seed_catalog in the profile or MKT_SEED_CATALOG",
        )
    })?;
    read_seed_file(path)
}

pub fn read_seed_file(path: &Path) -> anyhow::Result<Vec<SkillEntry>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the seed catalog {}", path.display()))?;
    parse_seed_catalog(&bytes)
        .map_err(|e| anyhow::anyhow!("the seed catalog {} is malformed: {e}", path.display()))
}

async fn read_index(store: &Store, layout: &Layout) -> anyhow::Result<Option<Vec<SkillEntry>>> {
    let Some(v) = store.kv.get(&layout.index_key).await? else {
        return Ok(None);
    };
    let entries = model::parse_index(&v.bytes)
        .map_err(|e| anyhow::anyhow!("the index blob {} is malformed: {e}", layout.index_key))?;
    Ok(Some(entries.into_iter().map(entry_from_index).collect()))
}

fn durable_entry(table: &SkillTable, slug: String, row: &store::Row) -> SkillEntry {
    SkillEntry {
        record: Ok(model::record_from_row(table, row, &slug, None)),
        slug,
        metadata: None,
        expiration: None,
    }
}

fn durable_context(layout: &Layout) -> String {
    format!("reading the durable table {}", layout.skills_table)
}

/// The durable table, discovered; a table that is not there is one line naming the fix.
async fn durable_table(
    db: &DurableDb,
    layout: &Layout,
) -> anyhow::Result<std::sync::Arc<SkillTable>> {
    durable::table(db, layout)
        .await
        .map_err(|e| crate::error::failure(&e).into())
}

/// Lists skills from one source, in the source's own order (KV and durable: by slug bytes;
/// index and seed: as stored). The second value is a note when the source does not exist.
/// `stores` (KV + SQL, the durable table's database) may be `None` for the seed catalog.
pub async fn list(
    stores: Option<(&Store, &DurableDb)>,
    layout: &Layout,
    source: SkillSource,
    q: &ListQuery,
) -> anyhow::Result<(Vec<SkillEntry>, Option<String>)> {
    let limit = q.limit.unwrap_or(usize::MAX);
    let keep = |e: &SkillEntry| q.prefix.is_empty() || e.slug.starts_with(&q.prefix);
    let need_stores = || stores.ok_or_else(|| anyhow::anyhow!("this source needs a store"));
    let need_store = || need_stores().map(|(s, _)| s);
    match source {
        SkillSource::Seed => Ok((
            read_seed(layout)?
                .into_iter()
                .filter(keep)
                .take(limit)
                .collect(),
            None,
        )),
        SkillSource::Index => match read_index(need_store()?, layout).await? {
            None => Ok((
                Vec::new(),
                Some(format!(
                    "the index blob {} does not exist",
                    layout.index_key
                )),
            )),
            Some(all) => Ok((all.into_iter().filter(keep).take(limit).collect(), None)),
        },
        SkillSource::Kv => {
            let store = need_store()?;
            let prefix = format!("{}{}", layout.skill_prefix, q.prefix);
            // Loop on the cursor (pages may be empty mid-stream); stop once `limit` keys are in hand.
            let mut keys = Vec::new();
            let mut listed: BTreeMap<String, store::KeyInfo> = BTreeMap::new();
            let mut cursor: Option<String> = None;
            let mut check = store::PageCheck::new(&prefix);
            loop {
                let page = store
                    .kv
                    .list_page(&prefix, cursor.as_deref(), LIST_PAGE_MAX)
                    .await?;
                cursor = check.next(store.kv.as_ref(), &page)?;
                // Nested alias keys (`skill:alias:…`) are listed under the prefix but are no skills.
                for k in page.keys {
                    if layout.skill_slug(&k.name).is_none() {
                        continue;
                    }
                    keys.push(k.name.clone());
                    if k.metadata.is_some() || k.expiration.is_some() {
                        listed.insert(k.name.clone(), k);
                    }
                }
                if cursor.is_none() || keys.len() >= limit {
                    break;
                }
            }
            keys.truncate(limit);
            let values: BTreeMap<String, Option<String>> = store.kv.get_many(&keys).await?;
            let entries = keys
                .iter()
                .filter_map(|k| {
                    let slug = layout.skill_slug(k)?;
                    // Listed but gone by the time it was read: a concurrent delete, not an entry.
                    let text = values.get(k).cloned().flatten()?;
                    let mut e = entry_from_bytes(slug, text.as_bytes());
                    if let Some(info) = listed.get(k) {
                        e.metadata = info.metadata.clone();
                        e.expiration = info.expiration;
                    }
                    Some(e)
                })
                .collect();
            Ok((entries, None))
        }
        SkillSource::Durable => {
            let (_, db) = need_stores()?;
            let table = durable_table(db, layout).await?;
            // Keyset pages keep each response small however large the table grows.
            let rows = durable::list(db, &table, &q.prefix, limit)
                .await
                .with_context(|| durable_context(layout))?;
            Ok((
                rows.into_iter()
                    .map(|(slug, row)| durable_entry(&table, slug, &row))
                    .collect(),
                None,
            ))
        }
    }
}

/// One skill from one source, or `None` when that source does not hold it.
pub async fn get(
    stores: Option<(&Store, &DurableDb)>,
    layout: &Layout,
    source: SkillSource,
    slug: &str,
) -> anyhow::Result<Option<SkillEntry>> {
    let need_stores = || stores.ok_or_else(|| anyhow::anyhow!("this source needs a store"));
    let need_store = || need_stores().map(|(s, _)| s);
    match source {
        SkillSource::Seed => Ok(read_seed(layout)?.into_iter().find(|e| e.slug == slug)),
        SkillSource::Index => Ok(read_index(need_store()?, layout)
            .await?
            .and_then(|all| all.into_iter().find(|e| e.slug == slug))),
        SkillSource::Kv => {
            let key = format!("{}{slug}", layout.skill_prefix);
            if layout.skill_slug(&key).is_none() {
                // An alias key, not a skill.
                return Ok(None);
            }
            store::validate_key(&key)?;
            // Metadata and expiration are part of the value: the value's bytes exactly (its
            // expiration comes with them), then its metadata.
            let kv = need_store()?.kv.as_ref();
            let Some(v) = kv.get(&key).await? else {
                return Ok(None);
            };
            Ok(Some(SkillEntry {
                metadata: kv.get_metadata(&key).await?,
                expiration: v.expiration,
                ..entry_from_bytes(slug, &v.bytes)
            }))
        }
        SkillSource::Durable => {
            let (_, db) = need_stores()?;
            let table = durable_table(db, layout).await?;
            let rows = durable::read_keys(db, &table, &[slug.to_string()], 1)
                .await
                .with_context(|| durable_context(layout))?;
            Ok(rows
                .into_iter()
                .next()
                .map(|(slug, row)| durable_entry(&table, slug, &row)))
        }
    }
}

/// An alias met where a skill was asked for: its key and the slug it points to (`None`: the
/// value is no readable alias).
pub struct AliasHit {
    pub key: String,
    pub target: Option<String>,
}

/// The alias a slug names in KV, if any: the slug is itself a nested alias key's
/// (`alias:{old}` under the skill prefix), or an alias key exists for it under the configured
/// alias prefix (or, not configured, under the platform's nested prefix or mkt's default). For
/// `skills get` to say where an old slug went instead of only "not found".
pub async fn alias_of(
    store: &Store,
    layout: &Layout,
    slug: &str,
) -> anyhow::Result<Option<AliasHit>> {
    let own = format!("{}{slug}", layout.skill_prefix);
    let keys: Vec<String> = if layout.skill_slug(&own).is_none() && !slug.is_empty() {
        vec![own]
    } else if layout.alias_prefix_set {
        vec![format!("{}{slug}", layout.alias_prefix)]
    } else {
        let mut ks: Vec<String> = layout
            .nested_alias_prefix()
            .map(|p| format!("{p}{slug}"))
            .into_iter()
            .collect();
        ks.push(format!("{}{slug}", layout.alias_prefix));
        ks
    };
    for key in keys {
        if store::validate_key(&key).is_err() {
            continue;
        }
        if let Some(v) = store.kv.get(&key).await? {
            let target = model::parse_alias(&String::from_utf8_lossy(&v.bytes)).ok();
            return Ok(Some(AliasHit { key, target }));
        }
    }
    Ok(None)
}

/// Where a source keeps a slug, for messages ("key skill:x", "table skills").
pub fn location(layout: &Layout, source: SkillSource, slug: &str) -> String {
    match source {
        SkillSource::Kv => format!("key {}{slug}", layout.skill_prefix),
        SkillSource::Index => format!("index blob {}", layout.index_key),
        SkillSource::Durable => format!("table {}", layout.skills_table),
        SkillSource::Seed => match &layout.seed_catalog {
            Some(p) => format!("seed catalog {}", p.display()),
            None => "seed catalog".into(),
        },
    }
}
