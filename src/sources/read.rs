//! Reading every source into a [`Snapshot`]. A failing source is recorded in `statuses` with its
//! reason and left `None`; reading never returns an error and never hides one.
//!
//! Cost: key names only, unless a check needs values. Sources are read concurrently.
//!
//! KV enumeration (the expensive part) is in `listing`.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use serde_json::Value;

use super::checks::{self, RowsOf, ValueCheck};
use super::listing::{self, Listed};
use super::{DurableRows, IndexSnapshot, ReadOptions, Snapshot, SourceName, SourceStatus};
use crate::config::{Alphabet, Layout};
use crate::durable::{self, DurableDb};
use crate::model::{parse_alias, parse_index, parse_skill_record, slug_from_key};
use crate::schema::SkillTable;
use crate::store::{KvEntry, KvStore, RequestCounter, Store, StoreError};

/// How to enumerate the `skill:` keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Listing {
    /// Serial, unless the layout declares the key alphabet (`key_alphabet`) and the target is
    /// remote: then split by where the keys are when the listing is large.
    #[default]
    Auto,
    /// One cursor chain over the whole prefix: exact for any key, one request per 1,000 keys.
    Serial,
}

/// Reads the requested sources with the default listing strategy.
/// `store` holds KV (and the target's SQL); `db` the durable table.
pub async fn read(store: &Store, db: &DurableDb, layout: &Layout, opts: &ReadOptions) -> Snapshot {
    read_with(store, db, layout, opts, Listing::Auto).await
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

type Records = BTreeMap<String, Result<serde_json::Map<String, Value>, String>>;

/// The values read: parsed records, and the entries as stored (bytes, metadata, expiration).
#[derive(Default)]
struct Values {
    records: Records,
    entries: BTreeMap<String, KvEntry>,
}

impl Values {
    fn extend(&mut self, more: Values) {
        self.records.extend(more.records);
        self.entries.extend(more.entries);
    }
}
/// Keys listed under the skill prefix: the skills (and their values when read), and the slugs of
/// the alias keys nested among them (`alias:old` of `skill:alias:old`), which are no skills.
type Keys = (Listed, Values, BTreeSet<String>);
/// Alias slug → target slug, or why the value is malformed.
type Aliases = BTreeMap<String, Result<String, String>>;
/// The durable table as discovered, and its rows by key.
type Durable = (Arc<SkillTable>, DurableRows);

/// What each source gave; `None` for a source not asked for.
struct Read {
    index: Option<Result<IndexSnapshot, StoreError>>,
    keys: Option<Result<Keys, String>>,
    durable: Option<Result<Durable, String>>,
    seed: Option<Result<BTreeSet<String>, String>>,
    aliases: Option<Result<Aliases, String>>,
}

/// Lists the keys, then reads their values when wanted (while the other sources may still be
/// reading).
async fn list_keys(
    kv: Arc<dyn KvStore>,
    layout: Layout,
    alphabet: Option<Alphabet>,
    kv_values: bool,
    spent: RequestCounter,
) -> Result<Keys, String> {
    let prefix = layout.skill_prefix.as_str();
    let mut listed = listing::list(kv.as_ref(), prefix, alphabet.as_ref(), &|| spent.get()).await?;
    // Aliases nested under the skill prefix are listed with the skills but are none.
    let nested = layout.drop_alias_slugs(&mut listed.slugs);
    if !kv_values {
        return Ok((listed, Values::default(), nested));
    }
    let records = read_values(kv.as_ref(), prefix, &listed.slugs)
        .await
        .map_err(|e| format!("reading values: {e}"))?;
    Ok((listed, records, nested))
}

/// A spawned task that is aborted when its handle is dropped (an interrupted read stops listing).
struct Abortable<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for Abortable<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<T> std::future::Future for Abortable<Result<T, String>> {
    type Output = Result<T, String>;
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::pin::Pin::new(&mut self.0).poll(cx).map(|r| match r {
            Ok(v) => v,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => Err(format!("listing stopped: {e}")),
        })
    }
}

/// Reads the requested sources, all at once; `listing` chooses how `skill:` keys are enumerated.
pub async fn read_with(
    store: &Store,
    db: &DurableDb,
    layout: &Layout,
    opts: &ReadOptions,
    listing: Listing,
) -> Snapshot {
    let want = |n: SourceName| opts.sources.contains(&n);
    let kv = store.kv.as_ref();
    let prefix = layout.skill_prefix.as_str();
    // Only the Cloudflare API has latency worth hiding; elsewhere splitting would only add requests.
    // Checking every value (`health --deep`, ⌈N/100⌉ + ⌈N/1000⌉ + 40 requests) spends the
    // allowance on bulk gets and row reads: no room is left for split walks.
    let split = listing == Listing::Auto && store.remote() && !opts.checks_only;
    let alphabet = layout.key_alphabet.clone().filter(|_| split);
    // Values held in the snapshot are read right after the listing, on its task; values that are
    // only checked are read once the durable names are there to check them against.
    let hold_values = opts.kv_values && !opts.checks_only;
    // The listing runs as its own task: parsing the index blob or a page of durable rows (CPU
    // work on the reading task) must not hold up its next requests.
    let keys = async {
        if !want(SourceName::KvKeys) {
            return None;
        }
        let task = Abortable(tokio::spawn(list_keys(
            store.kv.clone(),
            layout.clone(),
            alphabet,
            hold_values,
            store.requests.clone(),
        )));
        Some(task.await)
    };
    let (index, durable, seed, aliases, keys) = tokio::join!(
        async {
            if want(SourceName::Index) {
                Some(read_index(kv, &layout.index_key).await)
            } else {
                None
            }
        },
        async {
            if want(SourceName::Durable) {
                Some(read_durable(db, layout, opts).await)
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
        keys,
    );
    let mut read = Read {
        index,
        keys,
        durable,
        seed,
        aliases,
    };
    if let Some(Ok((listed, records, nested))) = &mut read.keys {
        if let Err(e) = blind_spots(
            kv,
            layout,
            hold_values,
            listed,
            records,
            nested,
            &read.index,
            &read.durable,
            &read.seed,
            &read.aliases,
        )
        .await
        {
            read.keys = Some(Err(e));
        }
    }
    let kv_checks = if opts.kv_values && opts.checks_only {
        check_values(kv, prefix, db, &mut read).await
    } else {
        BTreeMap::new()
    };
    let mut snap = Snapshot {
        kv_checks,
        ..Snapshot::default()
    };
    // No alias prefix configured and aliases nested among the skill keys: those are the aliases
    // (the platform's layout), found by the listing at no extra cost.
    if let (Some(Ok((_, _, nested))), Some(nested_prefix), false) = (
        &read.keys,
        layout.nested_alias_prefix(),
        layout.alias_prefix_set,
    ) {
        if !nested.is_empty() && want(SourceName::Aliases) {
            let default_too = matches!(&read.aliases, Some(Ok(a)) if !a.is_empty());
            snap.notes
                .push(layout.detected_note(&nested_prefix, default_too));
            read.aliases = Some(read_nested_aliases(kv, layout, nested).await);
            snap.alias_prefix = Some(nested_prefix);
        }
    }
    with_statuses(snap, read, layout)
}

/// Checks every listed value against the durable rows without holding the values (`health
/// --deep`). The records (and rows) of the slugs the drift report will name are kept for
/// `--settle`; a failed read of values or rows is recorded on its source.
async fn check_values(
    kv: &dyn KvStore,
    prefix: &str,
    db: &DurableDb,
    read: &mut Read,
) -> BTreeMap<String, ValueCheck> {
    let mut kv_checks = BTreeMap::new();
    let mut held = BTreeMap::new();
    if let Some(Ok((listed, _, _))) = &read.keys {
        let rows = match &read.durable {
            Some(Ok((table, names))) => Some(RowsOf { db, table, names }),
            _ => None,
        };
        // Slugs the drift report will name whatever their value says: not in the index or
        // in it twice, or without a durable row. Their records are kept for `--settle`.
        let mut indexed: Option<HashSet<&str>> = None;
        let mut twice: HashSet<&str> = HashSet::new();
        if let Some(Ok(ix)) = &read.index {
            let set = indexed.get_or_insert_with(HashSet::new);
            for slug in ix.entries.iter().filter_map(|e| e.slug()) {
                if !set.insert(slug) {
                    twice.insert(slug);
                }
            }
        }
        let named = match &read.durable {
            Some(Ok((_, names))) => Some(names),
            _ => None,
        };
        let findings = |slug: &str| {
            indexed.as_ref().is_some_and(|ix| !ix.contains(slug))
                || twice.contains(slug)
                || named.is_some_and(|n| !n.contains_key(slug))
        };
        match checks::read_checks(kv, prefix, listed.slugs.iter(), rows, &findings).await {
            Ok(found) => {
                kv_checks = found.checks;
                held = found.held;
                if let Some(e) = found.rows_error {
                    read.durable = Some(Err(e));
                }
            }
            Err(e) => read.keys = Some(Err(e)),
        }
    }
    if let Some(Ok((listed, records, _))) = &mut read.keys {
        for (slug, (record, row)) in held {
            if let (Some(row), Some(Ok((_, names)))) = (row, &mut read.durable) {
                if !names.has_rows() {
                    names.insert(slug.clone(), row);
                }
            }
            debug_assert!(listed.slugs.contains(&slug));
            records.records.insert(slug, Ok(record));
        }
    }
    kv_checks
}

/// The snapshot with what each source gave and its status (ok, missing, malformed or why it
/// failed), in source order.
fn with_statuses(mut snap: Snapshot, read: Read, layout: &Layout) -> Snapshot {
    if let Some(r) = read.index {
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
                snap.index = Some(ix);
            }
            Err(e) => snap.statuses.push(failed(SourceName::Index, e.to_string())),
        }
    }
    match read.keys {
        Some(Ok((listed, records, _))) => {
            snap.statuses
                .push(status(SourceName::KvKeys, "ok", listed.slugs.len()));
            snap.kv_slugs = Some(listed.slugs);
            snap.kv_records = records.records;
            snap.kv_entries = records.entries;
            snap.listing = Some(listed.report);
        }
        Some(Err(e)) => snap.statuses.push(failed(SourceName::KvKeys, e)),
        None => {}
    }
    if let Some(r) = read.durable {
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
    if let Some(r) = read.seed {
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
    if let Some(r) = read.aliases {
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

/// After a split listing: walks the blind spots the other sources point at (slugs they name that
/// continue a split prefix with a character outside the declared alphabet and were not listed),
/// reading the values of what that finds when values are wanted.
#[allow(clippy::too_many_arguments)]
async fn blind_spots(
    kv: &dyn KvStore,
    layout: &Layout,
    kv_values: bool,
    listed: &mut Listed,
    records: &mut Values,
    nested: &mut BTreeSet<String>,
    index: &Option<Result<IndexSnapshot, StoreError>>,
    durable: &Option<Result<Durable, String>>,
    seed: &Option<Result<BTreeSet<String>, String>>,
    aliases: &Option<Result<Aliases, String>>,
) -> Result<(), String> {
    if listed.report.split_prefixes.is_empty() {
        return Ok(());
    }
    let mut named: Vec<&str> = Vec::new();
    if let Some(Ok(ix)) = index {
        named.extend(ix.entries.iter().filter_map(|e| e.slug()));
    }
    if let Some(Ok((_, rows))) = durable {
        named.extend(rows.keys().map(String::as_str));
    }
    if let Some(Ok(seed)) = seed {
        named.extend(seed.iter().map(String::as_str));
    }
    if let Some(Ok(al)) = aliases {
        named.extend(al.keys().map(String::as_str));
        named.extend(al.values().filter_map(|t| t.as_deref().ok()));
    }
    let prefix = layout.skill_prefix.as_str();
    let mut found = listing::list_blind_spots(kv, prefix, listed, named.into_iter()).await?;
    let mut aliases_found = layout.drop_alias_slugs(&mut found);
    if !aliases_found.is_empty() {
        layout.drop_alias_slugs(&mut listed.slugs);
        nested.append(&mut aliases_found);
    }
    if kv_values && !found.is_empty() {
        let more = read_values(kv, prefix, &found)
            .await
            .map_err(|e| format!("reading values: {e}"))?;
        records.extend(more);
    }
    Ok(())
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
            expiration: None,
            metadata: None,
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
                expiration: v.expiration,
                metadata: None,
            }
        }
    })
}

/// The values of `slugs` as stored (bytes, metadata, expiration) and parsed: repairs mend them
/// and back them up byte for byte.
async fn read_values(
    kv: &dyn KvStore,
    prefix: &str,
    slugs: &BTreeSet<String>,
) -> Result<Values, StoreError> {
    let keys: Vec<String> = slugs.iter().map(|s| format!("{prefix}{s}")).collect();
    let entries = crate::store::read_entries(kv, &keys).await?;
    let mut out = Values::default();
    for (key, e) in entries {
        if let (Some(slug), Some(e)) = (slug_from_key(&key, prefix), e) {
            out.records
                .insert(slug.to_string(), parse_skill_record(&e.bytes, slug));
            out.entries.insert(slug.to_string(), e);
        }
    }
    Ok(out)
}

/// The durable table: discovered (once per run), then read by keyset pages (names only, or the
/// columns mkt maps with `durable_rows`; with `checks_only`, whole rows of a table of one page and
/// names of a larger one, whose rows are read beside the values they are compared with).
async fn read_durable(
    db: &DurableDb,
    layout: &Layout,
    opts: &ReadOptions,
) -> Result<Durable, String> {
    let table = durable::table(db, layout)
        .await
        .map_err(|e| e.to_string())?;
    let rows = if opts.durable_rows {
        durable::read_all(db, &table, true).await.map(Into::into)
    } else if opts.kv_values && opts.checks_only {
        durable::read_rows_or_names(db, &table)
            .await
            .map(|r| match r {
                Ok(rows) => rows.into_iter().collect(),
                Err(names) => DurableRows::names(names),
            })
    } else {
        durable::read_names(db, &table)
            .await
            .map(DurableRows::names)
    };
    let rows: DurableRows = rows.map_err(|e| e.to_string())?;
    // Writes from this snapshot keep the spellings the rows use (comma-separated labels, epoch
    // times), so the app that wrote them still reads what mkt writes. (Names only: no rows. An
    // empty table read whole still has its defaults to learn from: `unixepoch()` is seconds.)
    let whole = opts.durable_rows || rows.has_rows();
    let table = match whole.then(|| table.with_spellings(rows.values())) {
        Some(Some(t)) => Arc::new(t),
        _ => table,
    };
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

/// The values of the alias keys the skill listing found nested under the skill prefix
/// (`nested`: their slugs below it, `alias:old`), by alias name (`old`).
async fn read_nested_aliases(
    kv: &dyn KvStore,
    layout: &Layout,
    nested: &BTreeSet<String>,
) -> Result<Aliases, String> {
    let keys: Vec<String> = nested
        .iter()
        .map(|s| format!("{}{s}", layout.skill_prefix))
        .collect();
    let values = kv
        .get_many(&keys)
        .await
        .map_err(|e| format!("reading aliases: {e}"))?;
    let under = layout.nested_alias_prefix().unwrap_or_default();
    Ok(values
        .into_iter()
        .filter_map(|(key, v)| {
            let alias = slug_from_key(&key, &under)?.to_string();
            Some((alias, parse_alias(&v?)))
        })
        .collect())
}

async fn read_aliases(kv: &dyn KvStore, prefix: &str) -> Result<Aliases, String> {
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
