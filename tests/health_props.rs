//! Property tests of drift computation: for random four-source states (plus aliases and value
//! checks) every slug's kinds are exactly those its presence class defines (total and disjoint),
//! at most one finding per (slug, kind), sorted, and the report does not depend on input order.

use std::collections::{BTreeMap, BTreeSet};

use mkt::drift::{compute, DriftKind, DriftOptions};
use mkt::health::{build, HealthOptions};
use mkt::model::IndexEntry;
use mkt::sources::{IndexSnapshot, Snapshot, SourceName, SourceStatus};
use mkt::store::Row;
use proptest::prelude::*;
use serde_json::{json, Map};

const POOL: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];

#[derive(Clone, Debug)]
struct SlugState {
    index_copies: u8,
    index_as_object: bool,
    kv: bool,
    durable: bool,
    seed: bool,
    kv_differs: bool,
    kv_malformed: bool,
}

fn slug_state() -> impl Strategy<Value = SlugState> {
    (
        0u8..3,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(index_copies, index_as_object, kv, durable, seed, kv_differs, kv_malformed)| {
                SlugState {
                    index_copies,
                    index_as_object,
                    kv,
                    durable,
                    seed,
                    kv_differs,
                    kv_malformed,
                }
            },
        )
}

#[derive(Clone, Debug)]
struct World {
    slugs: Vec<SlugState>,
    /// alias name index (into POOL or extra names) → target name index.
    aliases: Vec<(usize, usize)>,
    /// Which of index, kv, durable, seed, aliases were read.
    known: [bool; 5],
    deep: bool,
    invalid_entries: u8,
}

fn world() -> impl Strategy<Value = World> {
    (
        prop::collection::vec(slug_state(), POOL.len()),
        prop::collection::vec((0usize..12, 0usize..12), 0..5),
        prop::array::uniform5(prop::bool::weighted(0.85)),
        any::<bool>(),
        0u8..2,
    )
        .prop_map(|(slugs, aliases, known, deep, invalid_entries)| World {
            slugs,
            aliases,
            known,
            deep,
            invalid_entries,
        })
}

fn name(i: usize) -> String {
    POOL.get(i)
        .map(|s| s.to_string())
        .unwrap_or_else(|| format!("old-{i}"))
}

fn row(slug: &str) -> Row {
    let mut r = Map::new();
    r.insert("name".into(), json!(slug));
    r.insert("category".into(), json!("tools"));
    r.insert("labels".into(), json!("[]"));
    r
}

/// Builds a snapshot; `perm` reorders the index entries (shuffled input).
fn snapshot(w: &World, perm: &[usize]) -> Snapshot {
    let mut snap = Snapshot::default();
    let mut entries = Vec::new();
    for (i, s) in w.slugs.iter().enumerate() {
        for _ in 0..s.index_copies {
            entries.push(if s.index_as_object {
                IndexEntry::from_value(json!({"name": POOL[i]}))
            } else {
                IndexEntry::from_value(json!(POOL[i]))
            });
        }
    }
    for _ in 0..w.invalid_entries {
        entries.push(IndexEntry::from_value(json!(7)));
    }
    let mut shuffled: Vec<IndexEntry> = Vec::with_capacity(entries.len());
    for &p in perm.iter().filter(|p| **p < entries.len()) {
        shuffled.push(entries[p].clone());
    }
    let status = |name, count| SourceStatus {
        name,
        status: "ok".into(),
        complete: true,
        count,
        error: None,
    };
    if w.known[0] {
        snap.statuses
            .push(status(SourceName::Index, shuffled.len()));
        snap.index = Some(IndexSnapshot {
            exists: true,
            raw: vec![],
            sha256: String::new(),
            entries: shuffled,
            malformed: None,
            expiration: None,
            metadata: None,
        });
    }
    let mut kv = BTreeSet::new();
    let mut durable = BTreeMap::new();
    let mut seed = BTreeSet::new();
    for (i, s) in w.slugs.iter().enumerate() {
        let slug = POOL[i];
        if s.kv {
            kv.insert(slug.to_string());
            let value = if s.kv_malformed {
                Err("not valid JSON".to_string())
            } else {
                let cat = if s.kv_differs { "other" } else { "tools" };
                Ok(json!({"name": slug, "category": cat})
                    .as_object()
                    .unwrap()
                    .clone())
            };
            snap.kv_records.insert(slug.to_string(), value);
        }
        if s.durable {
            durable.insert(slug.to_string(), row(slug));
        }
        if s.seed {
            seed.insert(slug.to_string());
        }
    }
    if w.known[1] {
        snap.statuses.push(status(SourceName::KvKeys, kv.len()));
        snap.kv_slugs = Some(kv);
    }
    if w.known[2] {
        snap.statuses
            .push(status(SourceName::Durable, durable.len()));
        snap.durable = Some(durable.into());
    }
    if w.known[3] {
        snap.statuses.push(status(SourceName::Seed, seed.len()));
        snap.seed = Some(seed);
    }
    if w.known[4] {
        let aliases: BTreeMap<String, Result<String, String>> = w
            .aliases
            .iter()
            .rev()
            .map(|(a, t)| (name(*a), Ok(name(*t))))
            .collect();
        snap.statuses
            .push(status(SourceName::Aliases, aliases.len()));
        snap.aliases = Some(aliases);
    }
    snap
}

/// The presence kinds as PRODUCT.md / drift.rs define them, written independently of `classify`.
fn expected_presence_kinds(w: &World, i: usize) -> BTreeSet<DriftKind> {
    let s = &w.slugs[i];
    let [ki, kk, kd, ks, _] = w.known;
    let (ii, k, d, sd) = (s.index_copies > 0, s.kv && kk, s.durable && kd, s.seed);
    let mut out = BTreeSet::new();
    if ki && (kk || kd) && (k || d) && !ii {
        out.insert(DriftKind::MissingFromIndex);
    }
    if ki && kk && kd && ks && ii && !s.kv && !s.durable && !sd {
        out.insert(DriftKind::StaleInIndex);
    }
    if kk && kd && s.kv && !s.durable {
        out.insert(DriftKind::MissingInDurable);
    }
    if kk && kd && s.durable && !s.kv {
        out.insert(DriftKind::MissingKvValue);
    }
    if ks && sd && (k || d) {
        out.insert(DriftKind::SeedShadowed);
    }
    if ki && s.index_copies > 1 {
        out.insert(DriftKind::DuplicateInIndex);
    }
    if w.deep && kk && s.kv && s.kv_malformed {
        out.insert(DriftKind::MalformedValue);
    }
    if w.deep && kk && kd && s.kv && s.durable && !s.kv_malformed && s.kv_differs {
        out.insert(DriftKind::FieldMismatch);
    }
    out
}

fn perm_strategy() -> impl Strategy<Value = Vec<usize>> {
    Just((0..32).collect::<Vec<usize>>()).prop_shuffle()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn kinds_are_total_disjoint_and_order_independent(w in world(), p1 in perm_strategy(), p2 in perm_strategy()) {
        let opts = DriftOptions { deep: w.deep };
        let a = compute(&snapshot(&w, &p1), opts);
        let b = compute(&snapshot(&w, &p2), opts);

        // Sorted, at most one finding per (slug, kind, source).
        for pair in a.drifts.windows(2) {
            prop_assert!((pair[0].slug.as_str(), pair[0].kind, pair[0].source) < (pair[1].slug.as_str(), pair[1].kind, pair[1].source));
        }
        // Every pool slug's slug-level kinds are exactly its class's kinds.
        for (i, slug) in POOL.iter().enumerate() {
            let got: BTreeSet<DriftKind> = a.drifts.iter()
                .filter(|d| d.slug == *slug && d.source != SourceName::Aliases)
                .map(|d| d.kind)
                .collect();
            prop_assert_eq!(&got, &expected_presence_kinds(&w, i), "slug {}", slug);
        }
        // Total: drifted + in sync = every slug seen.
        let snap = snapshot(&w, &p1);
        let mut universe: BTreeSet<String> = BTreeSet::new();
        if let Some(ix) = &snap.index { universe.extend(ix.entries.iter().filter_map(|e| e.slug()).map(String::from)); }
        if let Some(k) = &snap.kv_slugs { universe.extend(k.iter().cloned()); }
        if let Some(d) = &snap.durable { universe.extend(d.keys().cloned()); }
        if let Some(s) = &snap.seed { universe.extend(s.iter().cloned()); }
        if let Some(al) = &snap.aliases { universe.extend(al.keys().cloned()); }
        let pseudo = usize::from(w.known[0] && w.invalid_entries > 0);
        prop_assert_eq!(a.total_slugs, universe.len() + pseudo);
        let drifted = a.drifted_slugs();
        prop_assert!(drifted <= a.total_slugs);
        // Every finding names a slug of the universe (or the one invalid-entry pseudo-slug).
        for d in &a.drifts {
            prop_assert!(universe.contains(&d.slug) || d.slug == "7", "{:?}", d);
        }

        // Order of input never changes the bytes of the report.
        let hopts = HealthOptions { fail_on: HealthOptions::default_fail_on(), no_fail_on_drift: false, deep: w.deep };
        let ja = serde_json::to_string(&build(&snapshot(&w, &p1), a, &hopts, 7)).unwrap();
        let jb = serde_json::to_string(&build(&snapshot(&w, &p2), b, &hopts, 7)).unwrap();
        prop_assert_eq!(ja, jb);
    }

    #[test]
    fn alias_kinds_follow_the_chain(w in world()) {
        let snap = snapshot(&w, &(0..32).collect::<Vec<_>>());
        let report = compute(&snap, DriftOptions { deep: false });
        let Some(aliases) = &snap.aliases else { return Ok(()); };
        let live = |s: &str| snap.kv_slugs.as_ref().is_some_and(|k| k.contains(s))
            || snap.durable.as_ref().is_some_and(|d| d.contains_key(s));
        for start in aliases.keys() {
            // Walk the chain independently: live ends it, a revisit is a cycle, a non-alias is dead.
            let mut visited = BTreeSet::from([start.clone()]);
            let mut cur = start.clone();
            let expected = loop {
                let t = aliases[&cur].clone().unwrap();
                if live(&t) { break None; }
                if !visited.insert(t.clone()) { break Some(DriftKind::AliasCycle); }
                if !aliases.contains_key(&t) {
                    break (snap.kv_slugs.is_some() && snap.durable.is_some()).then_some(DriftKind::OrphanedAlias);
                }
                cur = t;
            };
            let got: Vec<DriftKind> = report.drifts.iter()
                .filter(|d| d.slug == *start && d.source == SourceName::Aliases)
                .map(|d| d.kind)
                .collect();
            prop_assert_eq!(got, expected.into_iter().collect::<Vec<_>>(), "alias {}", start);
        }
    }

    #[test]
    fn incomplete_never_reads_as_in_sync(w in world()) {
        let mut snap = snapshot(&w, &(0..32).collect::<Vec<_>>());
        if let Some(s) = snap.statuses.first_mut() {
            s.complete = false;
            s.status = "error".into();
        } else {
            return Ok(());
        }
        let report = build(&snap, compute(&snap, DriftOptions::default()), &HealthOptions {
            fail_on: HealthOptions::default_fail_on(), no_fail_on_drift: true, deep: false }, 0);
        prop_assert!(!report.complete);
        prop_assert_ne!(report.drift_detected, Some(false));
        prop_assert_eq!(report.status, "incomplete");
        let opts = HealthOptions { fail_on: HealthOptions::default_fail_on(), no_fail_on_drift: true, deep: false };
        prop_assert_eq!(report.exit_status(&opts).code(), 4);
        prop_assert!(!mkt::health::render::summary_line(&report, true).contains("in sync"));
    }
}
