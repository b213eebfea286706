//! The rebuild plan, a pure function of a `Snapshot`: the new `skills:published-index` as a union of
//! the live entries already there, every `skill:` key and every durable row. Entries leave only with
//! `prune`; duplicates collapse to their first occurrence; the index keeps the shape it had.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::Layout;
use crate::model::identity::{NAME_FIELD, SLUG_FIELD};
use crate::model::{self, IndexEntry, IndexShape};
use crate::sources::Snapshot;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IndexPlanOptions {
    /// Remove stale and malformed entries (still bounded by `max_delete` at apply time).
    pub prune: bool,
    /// Delete `skill-alias:` keys whose target is not a live skill.
    pub fix_aliases: bool,
    /// `skill:` values were read only where the plan needs them (summaries with no durable row to
    /// make them from), the other keys by name only; false with `--read-values` (every value read).
    #[serde(default)]
    pub keys_only: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryAction {
    Added,
    Updated,
    /// A stale or malformed entry that only `--prune` removes.
    Stale,
    Pruned,
    /// A later duplicate of a slug already in the index (removing it loses nothing).
    DuplicateRemoved,
}

impl EntryAction {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryAction::Added => "add",
            EntryAction::Updated => "update",
            EntryAction::Stale => "stale (kept; --prune removes)",
            EntryAction::Pruned => "prune",
            EntryAction::DuplicateRemoved => "remove duplicate",
        }
    }
}

/// One line of the plan. Kept entries are counted, not listed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntryChange {
    /// The slug, or the entry's JSON text for a malformed entry.
    pub slug: String,
    pub action: EntryAction,
    /// Where the entry's summary came from: `durable`, `kv` or `index`.
    pub source: String,
    /// Summary fields that change (updates only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrphanedAlias {
    pub key: String,
    pub target: String,
    /// `missing_target`, `cycle` or `malformed: <why>`.
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MalformedValue {
    pub key: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndexPlan {
    pub options: IndexPlanOptions,
    pub shape: IndexShape,
    /// Entries of the new index, in order: the old ones first, then additions sorted by slug.
    pub new_index: Vec<Value>,
    pub changes: Vec<EntryChange>,
    pub added: usize,
    pub updated: usize,
    pub kept: usize,
    pub stale: usize,
    pub pruned: usize,
    pub duplicates_removed: usize,
    pub old_entries: usize,
    /// Distinct live slugs in the old and the new index; the new count never falls below the old.
    pub old_live: usize,
    pub new_live: usize,
    pub orphaned_aliases: Vec<OrphanedAlias>,
    /// Alias keys this plan deletes (`fix_aliases` only).
    pub alias_deletes: Vec<String>,
    pub malformed: Vec<MalformedValue>,
    /// Why the old blob could not be parsed (it is backed up and replaced).
    pub index_malformed: Option<String>,
    pub index_exists: bool,
    /// How many `skill:` values were read (all of them unless `options.keys_only`).
    pub kv_values_read: usize,
    /// Said when the index mixes slug strings and objects: which shape new entries take.
    pub shape_note: Option<String>,
}

impl IndexPlan {
    /// Whether applying would write the index blob.
    pub fn writes_index(&self) -> bool {
        self.added + self.updated + self.pruned + self.duplicates_removed > 0
            || self.index_malformed.is_some()
            || (!self.index_exists && !self.new_index.is_empty())
    }
    /// Nothing to write at all.
    pub fn is_empty(&self) -> bool {
        !self.writes_index() && self.alias_deletes.is_empty()
    }
    /// The new blob as written: compact JSON.
    pub fn new_index_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.new_index).unwrap_or_else(|_| b"[]".to_vec())
    }
}

/// Slugs that exist somewhere real: a `skill:` key whose value is present, or a durable row.
/// `keys_only`: values were read only where needed, so a listed key counts as live (the reader
/// drops a key whose value vanished before it was read).
pub fn live_slugs(snap: &Snapshot, keys_only: bool) -> BTreeSet<String> {
    let mut live: BTreeSet<String> = BTreeSet::new();
    if let Some(kv) = &snap.kv_slugs {
        // A key listed but whose value vanished before it was read is not live through KV.
        let all_read = !keys_only && !snap.kv_records.is_empty();
        live.extend(
            kv.iter()
                .filter(|s| !all_read || snap.kv_records.contains_key(*s))
                .cloned(),
        );
    }
    if let Some(d) = &snap.durable {
        live.extend(d.keys().cloned());
    }
    live
}

/// What an index summary is made from.
struct Source {
    /// The durable row over the KV record, else the KV record.
    record: Map<String, Value>,
    /// `durable` or `kv`.
    from: &'static str,
    /// The skill's base name, when a KV record says it (a durable row alone holds the slug in
    /// its `name` column, not the base name).
    base_name: Option<String>,
}

fn summary_source(snap: &Snapshot, slug: &str) -> Option<Source> {
    let kv = snap.kv_records.get(slug).and_then(|r| r.as_ref().ok());
    let base_name = kv
        .and_then(|r| r.get(NAME_FIELD))
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(row) = snap.durable.as_ref().and_then(|d| d.get(slug)) {
        return Some(Source {
            record: model::record_from_row(&snap.table(), row, slug, kv),
            from: "durable",
            base_name,
        });
    }
    kv.map(|r| Source {
        record: r.clone(),
        from: "kv",
        base_name,
    })
}

/// Builds the plan. Requires a complete snapshot; the caller refuses incomplete ones first.
pub fn plan(snap: &Snapshot, layout: &Layout, options: IndexPlanOptions) -> IndexPlan {
    let live = live_slugs(snap, options.keys_only);
    let (old, index_exists, index_malformed) = match &snap.index {
        Some(ix) => (ix.entries.clone(), ix.exists, ix.malformed.clone()),
        None => (Vec::new(), false, None),
    };
    let shape = IndexShape::of(&old);
    let new_are_objects = IndexShape::new_entries_are_objects(&old);
    let summary_fields = summary_fields(&old);
    let shape_note = (shape == IndexShape::Mixed).then(|| {
        let objects = old
            .iter()
            .filter(|e| matches!(e, IndexEntry::Object(_)))
            .count();
        let strings = old
            .iter()
            .filter(|e| matches!(e, IndexEntry::Slug(_)))
            .count();
        format!(
            "the index mixes {strings} slug strings and {objects} objects; new entries are {}, the majority shape, and existing entries keep theirs",
            if new_are_objects { "objects" } else { "slug strings" }
        )
    });

    let mut p = IndexPlan {
        options,
        shape,
        new_index: Vec::new(),
        changes: Vec::new(),
        added: 0,
        updated: 0,
        kept: 0,
        stale: 0,
        pruned: 0,
        duplicates_removed: 0,
        old_entries: old.len(),
        old_live: 0,
        new_live: 0,
        orphaned_aliases: Vec::new(),
        alias_deletes: Vec::new(),
        malformed: Vec::new(),
        index_malformed: index_malformed.clone(),
        index_exists,
        kv_values_read: snap.kv_records.len(),
        shape_note,
    };

    let mut seen: BTreeSet<String> = BTreeSet::new();
    for entry in &old {
        let Some(slug) = entry.slug().map(str::to_string) else {
            let text = entry.to_value().to_string();
            if options.prune {
                p.pruned += 1;
                p.changes.push(change(&text, EntryAction::Pruned, "index"));
            } else {
                p.stale += 1;
                p.changes.push(change(&text, EntryAction::Stale, "index"));
                p.new_index.push(entry.to_value());
            }
            continue;
        };
        if !seen.insert(slug.clone()) {
            p.duplicates_removed += 1;
            p.changes
                .push(change(&slug, EntryAction::DuplicateRemoved, "index"));
            continue;
        }
        // A bundled seed skill is served by the app, so its entry is not stale (nor ever added).
        let seeded = snap.seed.as_ref().is_some_and(|s| s.contains(&slug));
        if !live.contains(&slug) && !seeded {
            if options.prune {
                p.pruned += 1;
                p.changes.push(change(&slug, EntryAction::Pruned, "index"));
            } else {
                p.stale += 1;
                p.changes.push(change(&slug, EntryAction::Stale, "index"));
                p.new_index.push(entry.to_value());
            }
            continue;
        }
        match (entry, summary_source(snap, &slug)) {
            (IndexEntry::Object(m), Some(src)) => {
                let (updated, fields) = refresh_summary(m, &src, &slug);
                if fields.is_empty() {
                    p.kept += 1;
                } else {
                    p.updated += 1;
                    p.changes.push(EntryChange {
                        slug: slug.clone(),
                        action: EntryAction::Updated,
                        source: src.from.into(),
                        fields,
                    });
                }
                p.new_index.push(Value::Object(updated));
            }
            _ => {
                p.kept += 1;
                p.new_index.push(entry.to_value());
            }
        }
    }
    p.old_live = seen.iter().filter(|s| live.contains(*s)).count();

    // Malformed KV values: listed; such a slug is added only when a durable row can stand in.
    for (slug, rec) in &snap.kv_records {
        if let Err(reason) = rec {
            p.malformed.push(MalformedValue {
                key: format!("{}{slug}", layout.skill_prefix),
                reason: reason.clone(),
            });
        }
    }
    if let Some(reason) = &index_malformed {
        p.malformed.push(MalformedValue {
            key: layout.index_key.clone(),
            reason: reason.clone(),
        });
    }

    for slug in &live {
        if seen.contains(slug) {
            continue;
        }
        let Some(src) = summary_source(snap, slug) else {
            // The key is live but its value was not needed (a strings index) or is malformed
            // (listed above): the entry names the bare slug, in the index's shape.
            seen.insert(slug.clone());
            p.added += 1;
            p.changes.push(change(slug, EntryAction::Added, "kv_key"));
            p.new_index.push(if new_are_objects {
                let bare = Source {
                    record: Map::new(),
                    from: "kv_key",
                    base_name: None,
                };
                Value::Object(new_summary(&summary_fields, &bare, slug))
            } else {
                Value::String(slug.clone())
            });
            continue;
        };
        seen.insert(slug.clone());
        p.added += 1;
        p.changes.push(change(slug, EntryAction::Added, src.from));
        if new_are_objects {
            p.new_index
                .push(Value::Object(new_summary(&summary_fields, &src, slug)));
        } else {
            p.new_index.push(Value::String(slug.clone()));
        }
    }
    p.new_live = seen.iter().filter(|s| live.contains(*s)).count();

    let alias_prefix = snap.alias_prefix.as_deref().unwrap_or(&layout.alias_prefix);
    plan_aliases(snap, &live, alias_prefix, options, &mut p);
    p
}

/// The summary fields the index already uses, in first-seen order (`name` always among them,
/// and `slug` when the entries name their skill by it).
pub fn summary_fields(old: &[IndexEntry]) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    for e in old {
        if let IndexEntry::Object(m) = e {
            for k in m.keys() {
                if !fields.contains(k) {
                    fields.push(k.clone());
                }
            }
        }
    }
    if !fields.iter().any(|f| f == "name") {
        fields.insert(0, "name".into());
    }
    fields
}

fn change(slug: &str, action: EntryAction, source: &str) -> EntryChange {
    EntryChange {
        slug: slug.to_string(),
        action,
        source: source.to_string(),
        fields: Vec::new(),
    }
}

/// The value of summary field `field` for the skill `slug` from its source. With `slug` among the
/// entry's fields, `slug` is the identity and `name` the base name (the KV record's, else none
/// known); without, `name` is the identity.
fn summary_value(field: &str, by_slug: bool, src: &Source, slug: &str) -> Option<Value> {
    match field {
        SLUG_FIELD if by_slug => Some(Value::String(slug.to_string())),
        NAME_FIELD if by_slug => src.base_name.clone().map(Value::String),
        NAME_FIELD => Some(Value::String(slug.to_string())),
        f => src.record.get(f).cloned(),
    }
}

/// An existing summary refreshed from its own skill's source (never another's: the entry's
/// identity picked the source): every field it has that the source also has. Fields the source
/// lacks keep their value, so nothing the index carried is lost.
fn refresh_summary(
    old: &Map<String, Value>,
    src: &Source,
    slug: &str,
) -> (Map<String, Value>, Vec<String>) {
    let mut out = old.clone();
    let mut changed = Vec::new();
    let by_slug = old.contains_key(SLUG_FIELD);
    for (k, v) in old {
        let fresh = summary_value(k, by_slug, src, slug);
        if let Some(fresh) = fresh {
            if !same_value(v, &fresh) {
                out.insert(k.clone(), fresh);
                changed.push(k.clone());
            }
        }
    }
    (out, changed)
}

/// A new entry with the keys the index's entries use, filled from the skill's source. With
/// entries named by `slug`, a `name` no KV record says is the slug (as the platform names a skill
/// whose slug needed no suffix).
fn new_summary(fields: &[String], src: &Source, slug: &str) -> Map<String, Value> {
    let by_slug = fields.iter().any(|f| f == SLUG_FIELD);
    let mut m = Map::new();
    for f in fields {
        let v = match summary_value(f, by_slug, src, slug) {
            None if f == NAME_FIELD => Some(Value::String(slug.to_string())),
            v => v,
        };
        if let Some(v) = v {
            m.insert(f.clone(), v);
        }
    }
    m
}

/// Numbers compare by value (a durable REAL 3 equals a KV 3.0).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Aliases whose chain does not reach a live skill (a missing target or a cycle) are orphaned.
fn plan_aliases(
    snap: &Snapshot,
    live: &BTreeSet<String>,
    alias_prefix: &str,
    options: IndexPlanOptions,
    p: &mut IndexPlan,
) {
    let Some(aliases) = &snap.aliases else { return };
    let targets: BTreeMap<&str, &str> = aliases
        .iter()
        .filter_map(|(k, v)| v.as_ref().ok().map(|t| (k.as_str(), t.as_str())))
        .collect();
    for (alias, target) in aliases {
        let key = format!("{alias_prefix}{alias}");
        let target = match target {
            Ok(t) => t,
            Err(reason) => {
                // An alias that cannot be parsed redirects nowhere: --fix-aliases removes it too.
                p.orphaned_aliases.push(OrphanedAlias {
                    key: key.clone(),
                    target: String::new(),
                    reason: format!("malformed: {reason}"),
                });
                if options.fix_aliases {
                    p.alias_deletes.push(key);
                }
                continue;
            }
        };
        let mut cur = target.as_str();
        let mut hops = 0;
        let reason = loop {
            if live.contains(cur) {
                break None;
            }
            match targets.get(cur) {
                Some(next) if hops < targets.len() => {
                    cur = next;
                    hops += 1;
                }
                Some(_) => break Some("cycle"),
                None => break Some("missing_target"),
            }
        };
        if let Some(reason) = reason {
            p.orphaned_aliases.push(OrphanedAlias {
                key: key.clone(),
                target: target.clone(),
                reason: reason.into(),
            });
            if options.fix_aliases {
                p.alias_deletes.push(key);
            }
        }
    }
}
