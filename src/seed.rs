//! `mkt seed` logic: realistic, deterministic test data (or seed 001's skill-loss incident)
//! written through the `Store` interface, so it works on every target. No clap here.
//!
//! Write order matches the repair rules: durable rows, then KV values, then the index last.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::Layout;
use crate::store::KvPut;

pub mod db;
pub mod gen;
mod words;
pub mod write;

pub use write::{apply, SeedReport};

/// Used when `--rng-seed` is not given, so two plain `mkt seed` runs write the same data.
pub const DEFAULT_RNG_SEED: u64 = 20_260_101;
/// Skills the seed catalog holds that were never published.
const CATALOG_ONLY: usize = 2;
/// Published skills the seed catalog also holds (the `seed_shadowed` case).
const CATALOG_OVERLAP: usize = 3;
/// The fewest skills the skill-loss scenario can plant its damage into.
pub const SKILL_LOSS_MIN_SKILLS: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// Consistent data: every skill in the index, KV and the durable table.
    Clean,
    /// Seed 001's incident (see `gen::SkillLoss`).
    SkillLoss,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexStyle {
    /// Index entries are slug strings.
    Strings,
    /// Index entries are summary objects `{name, displayName, category, currentVersion, certTier}`.
    Objects,
}

#[derive(Clone, Debug)]
pub struct SeedOptions {
    pub skills: usize,
    pub reviews: usize,
    pub scenario: Scenario,
    pub rng_seed: u64,
    pub index_style: IndexStyle,
}

/// Everything a seed run writes, computed before any write.
#[derive(Clone, Debug)]
pub struct SeedPlan {
    /// Every generated skill record, in generation order.
    pub records: Vec<Map<String, Value>>,
    /// Durable rows to upsert: (record, created_at, updated_at).
    pub durable: Vec<(Map<String, Value>, String, String)>,
    /// Durable rows to remove (skill-loss: the "missing" ~10%), so a rerun plants the same state.
    pub durable_deletes: Vec<String>,
    /// KV values (skill records, plus the scenario's alias and malformed value). The index is separate.
    pub kv_puts: Vec<KvPut>,
    /// The index blob's entries.
    pub index: Vec<Value>,
    pub reviews: Vec<gen::Review>,
    /// Records for the seed catalog file (written only when `layout.seed_catalog` is set).
    pub catalog: Vec<Map<String, Value>>,
    pub catalog_path: Option<PathBuf>,
    pub skill_loss: Option<gen::SkillLoss>,
}

/// Checks options that no flag parser can (one-line usage errors).
pub fn validate(opts: &SeedOptions) -> Result<(), String> {
    if opts.skills == 0 {
        return Err(
            "--skills 0 seeds nothing: pass --skills N with N ≥ 1 (mkt db migrate creates the tables alone)"
                .into(),
        );
    }
    if opts.scenario == Scenario::SkillLoss && opts.skills < SKILL_LOSS_MIN_SKILLS {
        return Err(format!(
            "--scenario skill-loss needs --skills {SKILL_LOSS_MIN_SKILLS} or more to plant its damage"
        ));
    }
    Ok(())
}

/// The index entry for a record in the chosen style.
pub fn index_entry(record: &Map<String, Value>, style: IndexStyle) -> Value {
    let name = record.get("name").cloned().unwrap_or(Value::Null);
    match style {
        IndexStyle::Strings => name,
        IndexStyle::Objects => {
            let mut m = Map::new();
            m.insert("name".into(), name);
            for f in ["displayName", "category", "currentVersion", "certTier"] {
                if let Some(v) = record.get(f) {
                    m.insert(f.into(), v.clone());
                }
            }
            Value::Object(m)
        }
    }
}

/// Builds the plan: pure and deterministic in (options, layout).
pub fn plan(opts: &SeedOptions, layout: &Layout) -> SeedPlan {
    let seed = opts.rng_seed;
    let slugs = gen::slugs(seed, opts.skills);
    let records: Vec<Map<String, Value>> = slugs
        .iter()
        .enumerate()
        .map(|(i, s)| gen::skill_record(seed, i, s))
        .collect();
    let skill_loss = (opts.scenario == Scenario::SkillLoss)
        .then(|| gen::skill_loss(seed, &slugs, &layout.alias_prefix));

    let missing: std::collections::BTreeSet<&str> = skill_loss
        .iter()
        .flat_map(|l| l.missing_in_durable.iter().map(String::as_str))
        .collect();
    let durable = records
        .iter()
        .enumerate()
        .filter(|(_, r)| !missing.contains(r["name"].as_str().unwrap_or_default()))
        .map(|(i, r)| {
            let (created, updated) = gen::skill_times(seed, i);
            (r.clone(), created, updated)
        })
        .collect();

    let malformed: Vec<&str> = skill_loss
        .iter()
        .flat_map(|l| l.malformed_value.iter().map(String::as_str))
        .collect();
    let mut kv_puts: Vec<KvPut> = records
        .iter()
        .map(|r| {
            let slug = r["name"].as_str().unwrap_or_default();
            let value = if malformed.contains(&slug) {
                gen::truncated_value(r)
            } else {
                Value::Object(r.clone()).to_string()
            };
            KvPut::new(format!("{}{slug}", layout.skill_prefix), value)
        })
        .collect();
    if let Some(loss) = &skill_loss {
        for (key, target) in &loss.orphaned_alias {
            kv_puts.push(KvPut::new(
                key.clone(),
                serde_json::json!({ "target": target }).to_string(),
            ));
        }
    }

    let index = match &skill_loss {
        Some(loss) => records
            .iter()
            .filter(|r| {
                loss.index_kept
                    .iter()
                    .any(|k| Some(k.as_str()) == r["name"].as_str())
            })
            .map(|r| index_entry(r, opts.index_style))
            .collect(),
        None => records
            .iter()
            .map(|r| index_entry(r, opts.index_style))
            .collect(),
    };

    let reviews = if slugs.is_empty() {
        Vec::new()
    } else {
        (0..opts.reviews)
            .map(|i| gen::review(seed, i, &slugs))
            .collect()
    };

    let mut skill_loss = skill_loss;
    if let Some(loss) = &mut skill_loss {
        loss.stale_aggregates = gen::stale_aggregates(&reviews);
    }

    SeedPlan {
        catalog: catalog_records(seed, &records),
        catalog_path: layout.seed_catalog.clone(),
        durable_deletes: skill_loss
            .as_ref()
            .map(|l| l.missing_in_durable.clone())
            .unwrap_or_default(),
        records,
        durable,
        kv_puts,
        index,
        reviews,
        skill_loss,
    }
}

/// The bundled seed catalog: a few published skills as the app ships them, plus a few that were
/// never published. Bundled copies carry an older `currentVersion`, as an app release would.
fn catalog_records(seed: u64, published: &[Map<String, Value>]) -> Vec<Map<String, Value>> {
    let mut out: Vec<Map<String, Value>> = published
        .iter()
        .take(CATALOG_OVERLAP)
        .map(|r| {
            let mut b = r.clone();
            b.remove("installCount");
            b.insert("currentVersion".into(), Value::String("0.1.0".into()));
            b
        })
        .collect();
    for i in 0..CATALOG_ONLY {
        let slug = format!("bundled-starter-{}", i + 1);
        let mut r = gen::skill_record(seed ^ 0xB0B, i, &slug);
        r.remove("installCount");
        out.push(r);
    }
    out
}
