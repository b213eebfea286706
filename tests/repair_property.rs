//! Property tests over random four-source states (index blob, KV keys and values, durable rows,
//! aliases): the rebuild plan never drops a live slug, applying it leaves no index drift, and a
//! second plan is empty. The backfill plan converges in one run. Pure: plans are functions of a
//! `Snapshot`.

use std::collections::{BTreeMap, BTreeSet};

use mkt::config::Layout;
use mkt::drift::{self, DriftKind, DriftOptions};
use mkt::model::{self, IndexEntry};
use mkt::repair::backfill::{self, Authority, BackfillOptions, Direction};
use mkt::repair::index_plan::{self, IndexPlanOptions};
use mkt::repair::reader;
use mkt::sources::SourceName;
use mkt::sources::{IndexSnapshot, Snapshot};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

#[derive(Clone, Debug)]
struct Skill {
    /// 0 absent, 1 valid value, 2 malformed value
    kv: u8,
    durable: bool,
    /// times in the index (0..=2)
    in_index: u8,
    display: u8,
}

fn rec(slug: &str, display: u8) -> Map<String, Value> {
    json!({"name": slug, "displayName": format!("D{display}"), "certScore": display as f64, "labels": ["x"], "trendingScore7d": 0.0, "trendingScore30d": 0.0})
        .as_object()
        .unwrap()
        .clone()
}

fn snapshot(skills: &[Skill], stale: usize, objects: bool, aliases: &[(u8, u8)]) -> Snapshot {
    let mut snap = Snapshot::default();
    let mut kv_slugs = BTreeSet::new();
    let mut durable = BTreeMap::new();
    let mut entries = Vec::new();
    for (i, s) in skills.iter().enumerate() {
        let slug = format!("s{i}");
        match s.kv {
            1 => {
                kv_slugs.insert(slug.clone());
                snap.kv_records
                    .insert(slug.clone(), Ok(rec(&slug, s.display)));
            }
            2 => {
                kv_slugs.insert(slug.clone());
                snap.kv_records
                    .insert(slug.clone(), Err("not valid JSON".into()));
            }
            _ => {}
        }
        if s.durable {
            let r = rec(&slug, s.display.wrapping_add(1));
            let row = mkt::durable::rows::row_from_record(
                &mkt::schema::SkillTable::migrated("skills"),
                &slug,
                &r,
                None,
                "2026-01-01T00:00:00Z",
            )
            .unwrap();
            durable.insert(slug.clone(), row);
        }
        for _ in 0..s.in_index {
            entries.push(if objects {
                json!({"name": slug, "displayName": "old"})
            } else {
                json!(slug)
            });
        }
    }
    for j in 0..stale {
        entries.push(json!(format!("stale{j}")));
    }
    let raw = serde_json::to_vec(&entries).unwrap();
    snap.index = Some(IndexSnapshot {
        exists: true,
        sha256: mkt::repair::plan_file::sha256_hex(&raw),
        entries: model::parse_index(&raw).unwrap(),
        raw,
        malformed: None,
        expiration: None,
        metadata: None,
    });
    snap.kv_slugs = Some(kv_slugs);
    snap.durable = Some(durable.into());
    snap.aliases = Some(
        aliases
            .iter()
            .enumerate()
            .map(|(i, (t, m))| {
                let v = if *m == 0 {
                    Err("not JSON".to_string())
                } else {
                    Ok(format!("s{t}"))
                };
                (format!("al{i}"), v)
            })
            .collect(),
    );
    snap
}

fn with_index(snap: &Snapshot, new_index: &[Value]) -> Snapshot {
    let mut s = snap.clone();
    let raw = serde_json::to_vec(new_index).unwrap();
    s.index = Some(IndexSnapshot {
        exists: true,
        sha256: mkt::repair::plan_file::sha256_hex(&raw),
        entries: model::parse_index(&raw).unwrap(),
        raw,
        malformed: None,
        expiration: None,
        metadata: None,
    });
    s
}

fn slugs_of(index: &[Value]) -> Vec<String> {
    index
        .iter()
        .filter_map(|v| IndexEntry::from_value(v.clone()).slug().map(str::to_string))
        .collect()
}

fn skill() -> impl Strategy<Value = Skill> {
    (0u8..3, any::<bool>(), 0u8..3, 0u8..4).prop_map(|(kv, durable, in_index, display)| Skill {
        kv,
        durable,
        in_index,
        display,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn rebuild_never_drops_a_live_slug_and_converges(
        skills in prop::collection::vec(skill(), 0..25),
        stale in 0usize..4,
        objects in any::<bool>(),
        prune in any::<bool>(),
        aliases in prop::collection::vec((0u8..30, 0u8..4), 0..6),
        keys_only in any::<bool>(),
    ) {
        let layout = Layout::default();
        let mut snap = snapshot(&skills, stale, objects, &aliases);
        let full = snap.clone();
        // By default only the values summaries are made from are read (none for a strings index).
        if keys_only {
            let needed = reader::values_needed(&snap);
            snap.kv_records.retain(|slug, _| needed.contains(slug));
        }
        let live = index_plan::live_slugs(&snap, keys_only);
        let old: BTreeSet<String> = slugs_of(&snap.index.as_ref().unwrap().entries.iter().map(|e| e.to_value()).collect::<Vec<_>>()).into_iter().collect();
        let plan = index_plan::plan(&snap, &layout, IndexPlanOptions { prune, fix_aliases: true, keys_only });
        // Reading only the needed values writes the same index as reading them all.
        if keys_only {
            let all = index_plan::plan(&full, &layout, IndexPlanOptions { prune, fix_aliases: true, keys_only: false });
            prop_assert_eq!(&all.new_index, &plan.new_index);
        }
        let new = slugs_of(&plan.new_index);
        let new_set: BTreeSet<String> = new.iter().cloned().collect();

        // Never drops a live slug; never fewer live slugs; entries leave only with prune.
        for s in old.iter().filter(|s| live.contains(*s)) {
            prop_assert!(new_set.contains(s), "dropped live slug {s}");
        }
        prop_assert!(plan.new_live >= plan.old_live);
        if !prune {
            prop_assert!(old.is_subset(&new_set));
            prop_assert_eq!(plan.pruned, 0);
        }
        // No index drift afterwards: every live slug with a usable record is present, once.
        prop_assert_eq!(new.len(), new_set.len(), "duplicates remain");
        for s in &live {
            prop_assert!(new_set.contains(s), "missing_from_index remains for {s}");
        }
        if prune {
            prop_assert!(new_set.iter().all(|s| live.contains(s)), "stale entry kept under --prune");
        }
        // Shape preserved.
        // (new entries follow the majority kind; ties go to strings)
        if objects && plan.old_entries > 2 * stale {
            prop_assert!(plan.new_index.iter().filter(|v| v.is_string()).count() <= stale);
        }
        // A second plan, after applying, writes nothing.
        let after = with_index(&snap, &plan.new_index);
        let mut after = after;
        if let Some(a) = after.aliases.as_mut() {
            for k in &plan.alias_deletes {
                a.remove(k.strip_prefix("skill-alias:").unwrap());
            }
        }
        let again = index_plan::plan(&after, &layout, IndexPlanOptions { prune, fix_aliases: true, keys_only });
        prop_assert!(again.is_empty(), "second plan not empty: {:?}", again.changes);
        prop_assert!(again.orphaned_aliases.is_empty());
        // And `mkt health`'s own drift computation finds no index or alias drift.
        let report = drift::compute(&after, DriftOptions { deep: false });
        for d in &report.drifts {
            let index_kind = matches!(
                d.kind,
                DriftKind::MissingFromIndex | DriftKind::DuplicateInIndex | DriftKind::OrphanedAlias | DriftKind::AliasCycle
            ) || (d.kind == DriftKind::MalformedValue && d.source == SourceName::Aliases)
                || (prune && d.kind == DriftKind::StaleInIndex);
            prop_assert!(!index_kind, "health still reports {:?} for {}", d.kind, d.slug);
        }
    }

    #[test]
    fn backfill_converges_in_one_run(
        skills in prop::collection::vec(skill(), 0..20),
        to_kv in any::<bool>(),
        authority in 0u8..3,
    ) {
        let layout = Layout::default();
        let mut snap = snapshot(&skills, 0, false, &[]);
        let options = BackfillOptions {
            to: if to_kv { Direction::Kv } else { Direction::Durable },
            authority: [Authority::Durable, Authority::Kv, Authority::Newest][authority as usize],
        };
        let plan = backfill::plan(snap.clone().into(), &layout, options, "2026-02-01T00:00:00Z");
        // Apply it to the snapshot.
        let durable = snap.durable.as_mut().unwrap();
        for row in plan.rows() {
            durable.insert(row["name"].as_str().unwrap().to_string(), row);
        }
        for put in &plan.kv_puts() {
            let slug = put.key.strip_prefix("skill:").unwrap().to_string();
            snap.kv_records.insert(slug.clone(), model::parse_record(put.value.as_bytes()));
            snap.kv_slugs.as_mut().unwrap().insert(slug);
        }
        let again = backfill::plan(snap.clone().into(), &layout, options, "2026-03-01T00:00:00Z");
        prop_assert!(again.is_empty(), "second backfill plan not empty: {:?}", again.items);
        // Nothing lost: every skill that had a valid side still has it.
        for (i, s) in skills.iter().enumerate() {
            let slug = format!("s{i}");
            if s.kv == 1 {
                prop_assert!(matches!(snap.kv_records.get(&slug), Some(Ok(_))));
            }
            if s.durable {
                prop_assert!(snap.durable.as_ref().unwrap().contains_key(&slug));
            }
        }
    }
}
