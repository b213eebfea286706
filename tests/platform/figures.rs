//! The figures on a 200-skill platform store of each era (local store): in-sync
//! `health --deep` findings, what `index rebuild --apply` writes, and whether `backfill skills`
//! restores deleted rows. Each figure is printed before anything is asserted, so the same test
//! run against an earlier mkt (`CARGO_BIN_EXE_mkt=/path/to/old/mkt` on the test binary) prints
//! that mkt's figures, then fails. See docs/real-platform-layout.md.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::backend::json_of;
use crate::catalog::{platform, Era, Platform};
use crate::stores::Place;
use crate::support::stderr_of;

fn kinds(doc: &Value) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for d in doc["drifts"].as_array().into_iter().flatten() {
        *out.entry(d["kind"].as_str().unwrap_or("?").to_string())
            .or_default() += 1;
    }
    out
}

struct Figures {
    findings: usize,
    health_exit: Option<i32>,
    rebuild_exit: Option<i32>,
    alias_entries: usize,
    entries_without_slug: usize,
    backfill_exit: Option<i32>,
    rows_restored: usize,
    findings_after: usize,
}

fn measure(era: Era) -> Figures {
    let place = Place::local();
    let p: Platform = match era {
        Era::Flat => platform(era, 200),
        Era::Hierarchical => platform(era, 200).with_an_alias_per_skill(),
    };
    place.write(&p);

    let out = place.run(&["health", "--deep", "--json"]);
    let doc = json_of(&out);
    let findings = doc["drifts"].as_array().map_or(0, Vec::len);
    eprintln!(
        "{era:?}: {} skills ({} named other than their slug), {} aliases: health --deep exit {:?}, {findings} findings {:?}",
        p.skills.len(),
        p.renamed().len(),
        p.aliases.len(),
        out.status.code(),
        kinds(&doc)
    );

    let out = place.run(&["index", "rebuild", "--apply", "--yes"]);
    let index: Vec<Value> =
        serde_json::from_str(&place.kv()["skills:published-index"]).unwrap_or_default();
    let olds: Vec<&String> = p.aliases.iter().map(|(old, _)| old).collect();
    let alias_entries = index
        .iter()
        .filter(|e| {
            ["slug", "name"].iter().any(|f| {
                e[f].as_str()
                    .is_some_and(|s| s.starts_with("alias:") || olds.contains(&&s.to_string()))
            })
        })
        .count();
    let entries_without_slug = index.iter().filter(|e| e.get("slug").is_none()).count();
    eprintln!(
        "{era:?}: index rebuild --apply --yes exit {:?}; index {} entries, {alias_entries} naming an alias, {entries_without_slug} without slug",
        out.status.code(),
        index.len()
    );
    let rebuild_exit = out.status.code();

    // Five durable rows deleted, then backfilled from KV.
    let gone: Vec<&str> = p
        .skills
        .iter()
        .step_by(40)
        .map(|s| s.slug.as_str())
        .collect();
    for slug in &gone {
        place.delete_row(slug);
    }
    let out = place.run(&["backfill", "skills", "--apply", "--yes"]);
    let rows = place.rows();
    let rows_restored = gone.iter().filter(|s| rows.contains_key(**s)).count();
    eprintln!(
        "{era:?}: backfill skills --apply --yes after {} rows deleted: exit {:?}, {rows_restored} restored{}",
        gone.len(),
        out.status.code(),
        stderr_of(&out)
            .lines()
            .find(|l| l.starts_with("error"))
            .map(|l| format!(" ({l})"))
            .unwrap_or_default()
    );
    let backfill_exit = out.status.code();

    let out = place.run(&["health", "--deep", "--json"]);
    let doc = json_of(&out);
    let findings_after = doc["drifts"].as_array().map_or(0, Vec::len);
    eprintln!(
        "{era:?}: health --deep after the repairs: exit {:?}, {findings_after} findings {:?}",
        out.status.code(),
        kinds(&doc)
    );
    Figures {
        findings,
        health_exit: out.status.code(),
        rebuild_exit,
        alias_entries,
        entries_without_slug,
        backfill_exit,
        rows_restored,
        findings_after,
    }
}

#[test]
fn figures_on_200_skill_stores_of_both_eras() {
    let figures: Vec<(Era, Figures)> = [Era::Flat, Era::Hierarchical]
        .into_iter()
        .map(|era| (era, measure(era)))
        .collect();
    for (era, f) in figures {
        assert_eq!(f.findings, 0, "{era:?}: in sync");
        assert_eq!(f.rebuild_exit, Some(0), "{era:?}");
        assert_eq!((f.alias_entries, f.entries_without_slug), (0, 0), "{era:?}");
        assert_eq!(f.backfill_exit, Some(0), "{era:?}");
        assert_eq!(f.rows_restored, 5, "{era:?}");
        assert_eq!((f.findings_after, f.health_exit), (0, Some(0)), "{era:?}");
    }
}
