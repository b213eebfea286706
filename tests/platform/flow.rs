//! The whole round on a platform store: in sync → clean; planted drift → found exactly; backfill
//! both ways and an index rebuild → no alias anywhere, entries in the index's own shape, records
//! keeping every field, rows readable as their types, and clean again.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::backend::json_of;
use crate::catalog::{Platform, INDEX_FIELDS};
use crate::stores::Place;
use crate::support::stderr_of;

pub fn ok(out: &std::process::Output, what: &str) {
    assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr_of(out));
}

/// A health report's findings as (slug, kind), in the report's order.
pub fn kinds(doc: &Value) -> Vec<(String, String)> {
    doc["drifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["slug"].as_str().unwrap().to_string(),
                d["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn findings(doc: &Value) -> BTreeSet<(String, String)> {
    kinds(doc).into_iter().collect()
}

/// The index blob's entries.
pub fn index(place: &Place) -> Vec<Value> {
    serde_json::from_str(&place.kv()["skills:published-index"]).unwrap()
}

fn record(kv: &BTreeMap<String, String>, slug: &str) -> serde_json::Map<String, Value> {
    serde_json::from_str::<Value>(&kv[&format!("skill:{slug}")])
        .unwrap()
        .as_object()
        .unwrap()
        .clone()
}

/// `health --deep --json` on a store in sync: exit 0 and no finding at all.
pub fn assert_clean(place: &Place, what: &str) {
    let out = place.run(&["health", "--deep", "--json"]);
    let doc = json_of(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{} {what}: {}\n{}",
        place.name(),
        doc["drifts"],
        stderr_of(&out)
    );
    assert_eq!(doc["drifts"], json!([]), "{} {what}", place.name());
}

pub fn round(place: &Place, p: &Platform) {
    let name = place.name();
    place.write(p);
    let slug = |i: usize| p.skills[i].slug.clone();

    // In sync: nothing to report, and the aliases are said to be aliases.
    let out = place.run(&["health", "--deep", "--json"]);
    assert!(
        stderr_of(&out).contains("found keys under skill:alias:, read as aliases"),
        "{name}: {}",
        stderr_of(&out)
    );
    assert_clean(place, "in sync");
    let doc = json_of(&place.run(&["health", "--json"]));
    assert_eq!(doc["kv_enumerated_count"], p.skills.len(), "{name}");
    assert_eq!(doc["alias_count"], p.aliases.len(), "{name}");
    // `skills list` lists the skills only.
    let out = place.run(&["skills", "list", "--json"]);
    ok(&out, "skills list");
    let listed = json_of(&out);
    assert_eq!(
        listed["count"],
        p.skills.len(),
        "{name}: {}",
        stderr_of(&out)
    );
    assert!(
        !crate::support::stdout_of(&out).contains("\"alias:"),
        "{name}"
    );

    // `skills get` on an old slug, or on its alias key's slug, says where the skill went.
    let (old, new) = &p.aliases[0];
    for asked in [old.clone(), format!("alias:{old}")] {
        let out = place.run(&["skills", "get", &asked]);
        assert_eq!(out.status.code(), Some(1), "{name}: {asked}");
        let err = stderr_of(&out);
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{name}: {err}"
        );
        assert!(
            err.contains(&format!(
                "it is an alias, key skill:alias:{old} points to {new:?}"
            )) && err.contains(&format!("mkt skills get {new}")),
            "{name}: {err}"
        );
        assert!(crate::support::stdout_of(&out).is_empty(), "{name}");
    }

    // Planted drift, on records whose name is not their slug where it matters.
    let kv_before = place.kv();
    let changed = slug(7);
    place.rename_row(&changed, "Changed In The App");
    let no_row = slug(21);
    place.delete_row(&no_row);
    let no_value = slug(3);
    place.kv_delete(&format!("skill:{no_value}"));
    let unlisted = slug(35);
    let mut ix = index(place);
    let old_entries = ix.len();
    ix.retain(|e| e["slug"] != json!(unlisted));
    place.kv_put_many(&[
        (
            "skills:published-index".into(),
            Value::Array(ix).to_string(),
        ),
        ("skill:alias:gone-old".into(), "gone-new".into()),
    ]);
    let out = place.run(&["health", "--deep", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{name}: {}", stderr_of(&out));
    let doc = json_of(&out);
    let want: BTreeSet<(String, String)> = [
        (changed.clone(), "field_mismatch"),
        (no_row.clone(), "missing_in_durable"),
        (no_value.clone(), "missing_kv_value"),
        (unlisted.clone(), "missing_from_index"),
        ("gone-old".to_string(), "orphaned_alias"),
    ]
    .into_iter()
    .map(|(s, k)| (s, k.to_string()))
    .collect();
    assert_eq!(findings(&doc), want, "{name}: {}", doc["drifts"]);
    let mismatch = doc["drifts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "field_mismatch")
        .unwrap();
    assert_eq!(
        mismatch["differences"],
        json!([{"field": "displayName", "kv": p.skills[7].get("displayName"), "durable": "Changed In The App"}]),
        "{name}"
    );

    // The plan names no alias as a skill.
    let out = place.run(&["index", "rebuild", "--json"]);
    ok(&out, "index plan");
    let plan = json_of(&out);
    let added: Vec<&Value> = plan["plan"]["changes"]
        .as_array()
        .unwrap_or_else(|| plan["changes"].as_array().unwrap())
        .iter()
        .filter(|c| c["action"] == "added")
        .map(|c| &c["slug"])
        .collect();
    assert_eq!(added, [&json!(unlisted)], "{name}: {plan}");

    // Repairs: both backfill directions, then the index (and the orphaned alias).
    ok(
        &place.run(&["backfill", "skills", "--apply", "--yes"]),
        &format!("{name} backfill to durable"),
    );
    ok(
        &place.run(&["backfill", "skills", "--to", "kv", "--apply", "--yes"]),
        &format!("{name} backfill to kv"),
    );
    ok(
        &place.run(&["index", "rebuild", "--fix-aliases", "--apply", "--yes"]),
        &format!("{name} index rebuild"),
    );

    // No alias in the index or the table; every entry in the index's own shape.
    let ix = index(place);
    assert_eq!(ix.len(), old_entries, "{name}");
    for e in &ix {
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        assert_eq!(keys, INDEX_FIELDS, "{name}: {e}");
        assert!(
            !e["slug"].as_str().unwrap().starts_with("alias:"),
            "{name}: {e}"
        );
    }
    let added = ix.iter().find(|e| e["slug"] == json!(unlisted)).unwrap();
    assert_eq!(*added, Platform::index_entry(&p.skills[35]), "{name}");
    // The collision loser's entry still describes its own skill (never the winner's).
    let loser = ix.iter().find(|e| e["slug"] == json!(changed)).unwrap();
    let mut want = Platform::index_entry(&p.skills[7]);
    want["displayName"] = json!("Changed In The App");
    assert_eq!(*loser, want, "{name}");
    let rows = place.rows();
    assert_eq!(rows.len(), p.skills.len(), "{name}");
    assert!(rows.keys().all(|k| !k.starts_with("alias:")), "{name}");
    assert_eq!(place.rows_read_as_their_types(), p.skills.len(), "{name}");

    // Every record keeps every field; the repaired ones changed only what was repaired.
    let kv = place.kv();
    for (i, s) in p.skills.iter().enumerate() {
        let got = record(&kv, &s.slug);
        if i == 3 {
            // Made from its durable row alone: the identity the others carry, and the row's fields.
            assert_eq!(got["slug"], json!(s.slug), "{name}");
            assert_eq!(got["name"], json!(s.slug), "{name}");
            assert_eq!(got["displayName"], *s.get("displayName"), "{name}");
            continue;
        }
        let mut want = s.record.clone();
        if i == 7 {
            want.insert("displayName".into(), json!("Changed In The App"));
        }
        let got_keys: BTreeSet<&String> = got.keys().collect();
        let want_keys: BTreeSet<&String> = want.keys().collect();
        assert_eq!(got_keys, want_keys, "{name}: {}", s.slug);
        assert_eq!(got["slug"], want["slug"], "{name}");
        assert_eq!(got["name"], want["name"], "{name}");
        if i == 7 {
            assert_eq!(got["displayName"], want["displayName"], "{name}");
            assert_eq!(got["repoUrl"], want["repoUrl"], "{name}");
        } else {
            assert_eq!(
                kv[&format!("skill:{}", s.slug)],
                kv_before[&format!("skill:{}", s.slug)],
                "{name}: an untouched record is byte for byte the same"
            );
        }
    }
    // The aliases are as they were (plain text), less the orphaned one.
    for (old, new) in &p.aliases {
        assert_eq!(kv[&format!("skill:alias:{old}")], *new, "{name}");
    }
    assert!(!kv.contains_key("skill:alias:gone-old"), "{name}");
    assert_clean(place, "after the repairs");
}
