//! `mkt seed` logic: realistic, deterministic test data (or seed 001's skill-loss incident)
//! written through the `Store` interface, so it works on every target. No clap here.
//!
//! Write order matches the repair rules: durable rows, then KV values, then the index last.

use std::collections::HashSet;
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

/// What a seed run writes, as functions of a position: records, rows and values are generated
/// batch by batch while they are written, so memory does not grow with the records (only the
/// slugs, which reviews and the index need, are held).
#[derive(Clone, Debug)]
pub struct SeedPlan {
    pub opts: SeedOptions,
    skill_prefix: String,
    /// Every slug, in generation order.
    pub slugs: Vec<String>,
    /// Slugs whose durable row the scenario removes (skill-loss: ~10%).
    missing: HashSet<String>,
    /// Slugs whose KV value is planted malformed.
    malformed: HashSet<String>,
    /// Slugs the index keeps (skill-loss); `None`: every seeded skill is listed.
    index_kept: Option<HashSet<String>>,
    /// KV values besides the skill records (the scenario's orphaned alias).
    pub extra_puts: Vec<KvPut>,
    /// Records for the seed catalog file (written only when `layout.seed_catalog` is set).
    pub catalog: Vec<Map<String, Value>>,
    pub catalog_path: Option<PathBuf>,
    pub skill_loss: Option<gen::SkillLoss>,
}

impl SeedPlan {
    pub fn len(&self) -> usize {
        self.slugs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.slugs.is_empty()
    }
    /// The record of skill `i`.
    pub fn record(&self, i: usize) -> Map<String, Value> {
        gen::skill_record(self.opts.rng_seed, i, &self.slugs[i])
    }
    /// created_at / updated_at of skill `i`'s durable row.
    pub fn times(&self, i: usize) -> (String, String) {
        gen::skill_times(self.opts.rng_seed, i)
    }
    /// Positions in the order of their slugs (the order keys sort in both stores).
    pub fn key_order(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.slugs.len() as u32).collect();
        order.sort_unstable_by(|a, b| self.slugs[*a as usize].cmp(&self.slugs[*b as usize]));
        order
    }
    /// Whether skill `i` keeps its durable row.
    pub fn has_row(&self, i: usize) -> bool {
        !self.missing.contains(&self.slugs[i])
    }
    /// The KV write of skill `i` (its record, or the planted malformed value).
    pub fn kv_put(&self, i: usize, record: &Map<String, Value>) -> KvPut {
        let slug = &self.slugs[i];
        let value = if self.malformed.contains(slug) {
            gen::truncated_value(record)
        } else {
            serde_json::to_string(record).unwrap_or_default()
        };
        KvPut::new(format!("{}{slug}", self.skill_prefix), value)
    }
    /// Whether skill `i` is listed in the index.
    pub fn indexed(&self, i: usize) -> bool {
        self.index_kept
            .as_ref()
            .is_none_or(|kept| kept.contains(&self.slugs[i]))
    }
    /// The index entry of skill `i` in the chosen style.
    pub fn index_entry(&self, i: usize) -> Value {
        match self.opts.index_style {
            IndexStyle::Strings => Value::String(self.slugs[i].clone()),
            IndexStyle::Objects => index_entry(&self.record(i), IndexStyle::Objects),
        }
    }
    /// Review `j`.
    pub fn review(&self, j: usize) -> crate::reviews::model::Review {
        gen::review(self.opts.rng_seed, j, &self.slugs)
    }
    pub fn reviews(&self) -> usize {
        if self.slugs.is_empty() {
            0
        } else {
            self.opts.reviews
        }
    }
    /// Units of work `apply` reports: one per durable row written or removed, KV value,
    /// review, and the index.
    pub fn work_units(&self) -> u64 {
        (2 * self.len() + self.extra_puts.len() + self.reviews() + 1) as u64
    }
}

/// The units of work a seed reports (see [`SeedPlan::work_units`]), known before the plan is made.
pub fn work_units(opts: &SeedOptions) -> u64 {
    let extra = usize::from(opts.scenario == Scenario::SkillLoss);
    let reviews = if opts.skills == 0 { 0 } else { opts.reviews };
    (2 * opts.skills + extra + reviews + 1) as u64
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

/// Builds the plan: pure and deterministic in (options, layout). Generates the slugs and the
/// scenario's damage only; records are made while they are written.
pub fn plan(opts: &SeedOptions, layout: &Layout) -> SeedPlan {
    plan_with(opts, layout, crate::keys::AliasForm::default_for(layout))
}

/// [`plan`], writing the scenario's alias in `alias_form` (the form the store's aliases use).
pub fn plan_with(
    opts: &SeedOptions,
    layout: &Layout,
    alias_form: crate::keys::AliasForm,
) -> SeedPlan {
    let seed = opts.rng_seed;
    let slugs = gen::slugs(seed, opts.skills);
    let skill_loss = (opts.scenario == Scenario::SkillLoss)
        .then(|| gen::skill_loss(seed, &slugs, &layout.alias_prefix));
    let set = |v: &[String]| v.iter().cloned().collect::<HashSet<String>>();
    let mut extra_puts = Vec::new();
    if let Some(loss) = &skill_loss {
        for (key, target) in &loss.orphaned_alias {
            extra_puts.push(KvPut::new(key.clone(), alias_form.value(target)));
        }
    }
    let first: Vec<Map<String, Value>> = (0..slugs.len().min(CATALOG_OVERLAP))
        .map(|i| gen::skill_record(seed, i, &slugs[i]))
        .collect();
    SeedPlan {
        opts: opts.clone(),
        skill_prefix: layout.skill_prefix.clone(),
        missing: skill_loss
            .as_ref()
            .map(|l| set(&l.missing_in_durable))
            .unwrap_or_default(),
        malformed: skill_loss
            .as_ref()
            .map(|l| set(&l.malformed_value))
            .unwrap_or_default(),
        index_kept: skill_loss.as_ref().map(|l| set(&l.index_kept)),
        extra_puts,
        catalog: catalog_records(seed, &first),
        catalog_path: layout.seed_catalog.clone(),
        slugs,
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
