//! Drift computation: pure, no I/O. Input is a [`Snapshot`]; output is every finding, sorted.
//!
//! For every slug in I ∪ K ∪ D ∪ S ∪ A the presence matrix is
//! I (an index entry names it), K (a `skill:` key exists), D (a durable row exists),
//! S (the seed catalog has it); A are alias names. A source that was not read (skipped or failed)
//! is *unknown*: a kind is evaluated only when every source its definition needs is known
//! (unknown sources in a disjunction count as absent), so a missing source never invents drift.
//!
//! | kind | definition | needs |
//! |---|---|---|
//! | `missing_from_index` | (K ∨ D) ∧ ¬I | I, and K or D |
//! | `stale_in_index` | I ∧ ¬K ∧ ¬D ∧ ¬S: nothing backs the entry (the app serves seed skills itself) | I, K, D, S |
//! | `missing_in_durable` | K ∧ ¬D | K, D |
//! | `missing_kv_value` | D ∧ ¬K | K, D |
//! | `field_mismatch` | K ∧ D ∧ the KV record and the durable row differ (`--deep`) | K values, D rows |
//! | `malformed_value` | the KV value (`--deep`), the index blob, an index entry or an alias value does not parse | that source |
//! | `duplicate_in_index` | the slug appears more than once in the index | I |
//! | `orphaned_alias` | alias chain ends at a slug with ¬K ∧ ¬D | A, K, D |
//! | `alias_cycle` | alias chain never ends | A |
//! | `seed_shadowed` | S ∧ (K ∨ D): a live record overrides the bundled one (informational) | S, and K or D |
//!
//! Each slug gets exactly one presence class (its I/K/D/S tuple plus value checks) and its kind
//! set is [`classify`] of it, so the kinds are total and disjoint per slug by construction; the
//! property tests in tests/health_props.rs check it over random states and shuffled inputs.
//! Findings that are not about a slug use a stable pseudo-slug: the index key for a malformed
//! blob, the compact JSON of an invalid index entry.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::sources::{value_check, DurableRows, Snapshot, SourceName, ValueCheck};

mod walks;
pub use walks::index_slugs;
use walks::{resolve_alias, AliasEnd, Merge};

/// Every drift kind, in report order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftKind {
    MissingFromIndex,
    StaleInIndex,
    MissingInDurable,
    MissingKvValue,
    FieldMismatch,
    MalformedValue,
    DuplicateInIndex,
    OrphanedAlias,
    AliasCycle,
    SeedShadowed,
}

impl DriftKind {
    pub const ALL: [DriftKind; 10] = [
        DriftKind::MissingFromIndex,
        DriftKind::StaleInIndex,
        DriftKind::MissingInDurable,
        DriftKind::MissingKvValue,
        DriftKind::FieldMismatch,
        DriftKind::MalformedValue,
        DriftKind::DuplicateInIndex,
        DriftKind::OrphanedAlias,
        DriftKind::AliasCycle,
        DriftKind::SeedShadowed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DriftKind::MissingFromIndex => "missing_from_index",
            DriftKind::StaleInIndex => "stale_in_index",
            DriftKind::MissingInDurable => "missing_in_durable",
            DriftKind::MissingKvValue => "missing_kv_value",
            DriftKind::FieldMismatch => "field_mismatch",
            DriftKind::MalformedValue => "malformed_value",
            DriftKind::DuplicateInIndex => "duplicate_in_index",
            DriftKind::OrphanedAlias => "orphaned_alias",
            DriftKind::AliasCycle => "alias_cycle",
            DriftKind::SeedShadowed => "seed_shadowed",
        }
    }

    pub fn parse(s: &str) -> Option<DriftKind> {
        DriftKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Informational kinds are reported but are not drift unless `--fail-on` names them.
    pub fn informational(self) -> bool {
        self == DriftKind::SeedShadowed
    }
}

/// Presence of one slug in each source; `None` when the source was not read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Presence {
    pub index: Option<bool>,
    pub kv: Option<bool>,
    pub durable: Option<bool>,
    pub seed: Option<bool>,
}

/// One differing field of `field_mismatch`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    pub field: String,
    pub kv: Value,
    pub durable: Value,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Drift {
    pub slug: String,
    pub kind: DriftKind,
    /// The source holding the offending value.
    pub source: SourceName,
    pub presence: Presence,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<Difference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The pseudo-slug of a finding about the index blob as a whole.
pub const INDEX_BLOB_SLUG: &str = "(index blob)";

#[derive(Clone, Copy, Debug, Default)]
pub struct DriftOptions {
    /// Compare KV values with durable rows (needs `kv_records` and whole durable rows).
    pub deep: bool,
}

/// What drift computation found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DriftReport {
    /// |I ∪ K ∪ D ∪ S ∪ A| plus pseudo-slugs of findings.
    pub total_slugs: usize,
    /// Sorted by (slug, kind); at most one finding per (slug, kind).
    pub drifts: Vec<Drift>,
    /// Kinds not fully evaluated because a source they need was skipped or failed: their
    /// absence proves nothing (findings of them, if any, are a lower bound).
    pub unchecked: BTreeSet<DriftKind>,
}

impl DriftReport {
    /// Findings per kind, every kind present (zero when none).
    pub fn counts(&self) -> BTreeMap<DriftKind, usize> {
        let mut c: BTreeMap<DriftKind, usize> = DriftKind::ALL.iter().map(|k| (*k, 0)).collect();
        for d in &self.drifts {
            *c.entry(d.kind).or_default() += 1;
        }
        c
    }
    /// Distinct slugs with at least one non-informational finding.
    pub fn drifted_slugs(&self) -> usize {
        let set: BTreeSet<&str> = self
            .drifts
            .iter()
            .filter(|d| !d.kind.informational())
            .map(|d| d.slug.as_str())
            .collect();
        set.len()
    }
}

/// Which sources are known (read completely or read and found absent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Known {
    pub index: bool,
    pub kv: bool,
    pub durable: bool,
    pub seed: bool,
    pub aliases: bool,
}

/// Kinds whose every needed source is known: only these can be called clean when nothing is
/// found. `index_read`: the blob was read (a malformed blob is read, for `malformed_value`, but
/// names nothing, so the index counts as unknown for the presence kinds). The value checks of
/// `--deep` (`field_mismatch`, malformed KV records) are a mode, not a source: without it they
/// are out of scope, and the report's `deep: false` says so.
pub fn checked_kinds(known: Known, index_read: bool, deep: bool) -> BTreeSet<DriftKind> {
    use DriftKind::*;
    let Known {
        index: i,
        kv: k,
        durable: d,
        seed: s,
        aliases: a,
    } = known;
    DriftKind::ALL
        .into_iter()
        .filter(|kind| match kind {
            MissingFromIndex => i && k && d,
            StaleInIndex => i && k && d && s,
            MissingInDurable | MissingKvValue => k && d,
            FieldMismatch => !deep || (k && d),
            MalformedValue => index_read && a && (k || !deep),
            DuplicateInIndex => i,
            OrphanedAlias => a && k && d,
            AliasCycle => a,
            SeedShadowed => s && k && d,
        })
        .collect()
}

/// The presence kinds of one slug: a pure function of its presence tuple and what is known.
/// Value kinds (`field_mismatch`, `malformed_value`, `duplicate_in_index`, alias kinds) are
/// added by [`compute`] from value checks.
pub fn classify(p: Presence) -> Vec<DriftKind> {
    let i = p.index;
    let (k, d, s) = (p.kv, p.durable, p.seed);
    let live_known = k.is_some() || d.is_some();
    let live = k == Some(true) || d == Some(true);
    let mut kinds = Vec::new();
    if i == Some(false) && live_known && live {
        kinds.push(DriftKind::MissingFromIndex);
    }
    if i == Some(true) && k == Some(false) && d == Some(false) && s == Some(false) {
        kinds.push(DriftKind::StaleInIndex);
    }
    if k == Some(true) && d == Some(false) {
        kinds.push(DriftKind::MissingInDurable);
    }
    if d == Some(true) && k == Some(false) {
        kinds.push(DriftKind::MissingKvValue);
    }
    if s == Some(true) && live {
        kinds.push(DriftKind::SeedShadowed);
    }
    kinds
}

fn flag(known: bool, present: bool) -> Option<bool> {
    known.then_some(present)
}

/// Computes every finding over a snapshot. Deterministic: the result does not depend on the
/// order of index entries or of any input collection.
pub fn compute(snap: &Snapshot, opts: DriftOptions) -> DriftReport {
    let index_ok = snap.index.as_ref().filter(|ix| ix.malformed.is_none());
    let known = Known {
        index: index_ok.is_some(),
        kv: snap.kv_slugs.is_some(),
        durable: snap.durable.is_some(),
        seed: snap.seed.is_some(),
        aliases: snap.aliases.is_some(),
    };
    let mut drifts: Vec<Drift> = Vec::new();

    // Index slugs, sorted; invalid entries by their compact JSON.
    let mut index_sorted: Vec<&str> = Vec::new();
    let mut invalid: BTreeMap<String, u32> = BTreeMap::new();
    if let Some(ix) = index_ok {
        index_sorted.reserve(ix.entries.len());
        for e in &ix.entries {
            match e.slug().filter(|s| !s.is_empty()) {
                Some(s) => index_sorted.push(s),
                None => *invalid.entry(e.to_value().to_string()).or_default() += 1,
            }
        }
    }
    index_sorted.sort_unstable();
    // Distinct slugs in place, counting only the repeated ones: a second vector of (slug, count)
    // beside this one was 24 MB at 1,000,000 entries, at the command's peak.
    let mut repeated: BTreeMap<&str, u32> = BTreeMap::new();
    index_sorted.dedup_by(|s, kept| {
        let same = s == kept;
        if same {
            *repeated.entry(*kept).or_insert(1) += 1;
        }
        same
    });
    let indexed = index_sorted;
    let empty_set = BTreeSet::new();
    let kv = snap.kv_slugs.as_ref().unwrap_or(&empty_set);
    let seed = snap.seed.as_ref().unwrap_or(&empty_set);
    let empty_rows = DurableRows::default();
    let durable = snap.durable.as_ref().unwrap_or(&empty_rows);
    let empty_aliases = BTreeMap::new();
    let aliases = snap.aliases.as_ref().unwrap_or(&empty_aliases);
    let table = snap.table();

    let presence = |slug: &str| Presence {
        index: flag(known.index, indexed.binary_search(&slug).is_ok()),
        kv: flag(known.kv, kv.contains(slug)),
        durable: flag(known.durable, durable.contains_key(slug)),
        seed: flag(known.seed, seed.contains(slug)),
    };
    let finding = |slug: &str, p: Presence, kind, source, detail: Option<String>| Drift {
        slug: slug.to_string(),
        kind,
        source,
        presence: p,
        differences: Vec::new(),
        detail,
    };

    // One merge walk over the five sorted sources gives every slug's presence without lookups.
    let mut merge = Merge {
        heads: [
            Box::new(indexed.iter().copied()) as Box<dyn Iterator<Item = &str>>,
            Box::new(kv.iter().map(String::as_str)),
            Box::new(durable.keys().map(String::as_str)),
            Box::new(seed.iter().map(String::as_str)),
            Box::new(aliases.keys().map(String::as_str)),
        ]
        .map(Iterator::peekable),
    };
    let mut universe = 0usize;
    while let Some((slug, hit)) = merge.next() {
        universe += 1;
        let p = Presence {
            index: flag(known.index, hit[0]),
            kv: flag(known.kv, hit[1]),
            durable: flag(known.durable, hit[2]),
            seed: flag(known.seed, hit[3]),
        };
        let copies = if hit[0] {
            repeated.get(slug).copied().unwrap_or(1)
        } else {
            0
        };
        for kind in classify(p) {
            let source = match kind {
                DriftKind::MissingFromIndex | DriftKind::StaleInIndex => SourceName::Index,
                DriftKind::MissingInDurable => SourceName::Durable,
                DriftKind::SeedShadowed => SourceName::Seed,
                _ => SourceName::KvKeys,
            };
            drifts.push(finding(slug, p, kind, source, None));
        }
        if copies > 1 {
            drifts.push(finding(
                slug,
                p,
                DriftKind::DuplicateInIndex,
                SourceName::Index,
                Some(format!("{copies} entries")),
            ));
        }
        if opts.deep && p.kv == Some(true) {
            // Checked as the values were read (`health --deep`), or now, from the held values.
            let computed;
            let check = match snap.kv_checks.get(slug) {
                Some(c) => Some(c),
                None => {
                    computed = snap
                        .kv_records
                        .get(slug)
                        .and_then(|r| value_check(&table, r, durable.get(slug)));
                    computed.as_ref()
                }
            };
            match check {
                Some(ValueCheck::Malformed(why)) => drifts.push(finding(
                    slug,
                    p,
                    DriftKind::MalformedValue,
                    SourceName::KvKeys,
                    Some(why.clone()),
                )),
                Some(ValueCheck::Differs(differences)) => {
                    let mut d =
                        finding(slug, p, DriftKind::FieldMismatch, SourceName::KvKeys, None);
                    d.differences = differences
                        .iter()
                        .map(|(field, kv, durable)| Difference {
                            field: field.clone(),
                            kv: kv.clone(),
                            durable: durable.clone(),
                        })
                        .collect();
                    drifts.push(d);
                }
                None => {}
            }
        }
    }

    if let Some(aliases) = &snap.aliases {
        let live = |s: &str| kv.contains(s) || durable.contains_key(s);
        for (name, target) in aliases {
            match target {
                Err(why) => drifts.push(finding(
                    name,
                    presence(name),
                    DriftKind::MalformedValue,
                    SourceName::Aliases,
                    Some(why.clone()),
                )),
                Ok(_) => match resolve_alias(aliases, name, &live) {
                    AliasEnd::Cycle(path) => drifts.push(finding(
                        name,
                        presence(name),
                        DriftKind::AliasCycle,
                        SourceName::Aliases,
                        Some(path.join(" -> ")),
                    )),
                    AliasEnd::Dead(path) if known.kv && known.durable => drifts.push(finding(
                        name,
                        presence(name),
                        DriftKind::OrphanedAlias,
                        SourceName::Aliases,
                        Some(path.join(" -> ")),
                    )),
                    _ => {}
                },
            }
        }
    }

    let mut pseudo = 0;
    if let Some(ix) = &snap.index {
        if let Some(why) = &ix.malformed {
            pseudo += 1;
            drifts.push(Drift {
                slug: INDEX_BLOB_SLUG.to_string(),
                kind: DriftKind::MalformedValue,
                source: SourceName::Index,
                presence: Presence::default(),
                differences: Vec::new(),
                detail: Some(format!("index blob: {why}")),
            });
        }
    }
    for (text, n) in &invalid {
        pseudo += 1;
        let times = if *n > 1 {
            format!(" ({n} times)")
        } else {
            String::new()
        };
        drifts.push(Drift {
            slug: text.clone(),
            kind: DriftKind::MalformedValue,
            source: SourceName::Index,
            presence: Presence::default(),
            differences: Vec::new(),
            detail: Some(format!(
                "index entry is neither a slug nor an object with a string \"name\"{times}"
            )),
        });
    }

    drifts.sort_by(|a, b| {
        (a.slug.as_str(), a.kind, a.source).cmp(&(b.slug.as_str(), b.kind, b.source))
    });
    drifts.dedup_by(|a, b| a.slug == b.slug && a.kind == b.kind && a.source == b.source);
    let checked = checked_kinds(known, snap.index.is_some(), opts.deep);
    DriftReport {
        total_slugs: universe + pseudo,
        drifts,
        unchecked: DriftKind::ALL
            .into_iter()
            .filter(|k| !checked.contains(k))
            .collect(),
    }
}
