//! The key layout and identity rules one at a time: aliases nested under the skill prefix
//! (configured or detected, in every form a reader accepts, never a skill anywhere), a record's
//! identity and what a finding says about it, the index's own shape, hierarchical slugs on the
//! REST API, and the durable table's real unique key.

use serde_json::{json, Value};

use crate::backend::{json_of, Backend};
use crate::catalog::{platform, Era, Platform};
use crate::flow::{assert_clean, index, kinds, ok};
use crate::stores::Place;
use crate::support::{stderr_of, stdout_of};

#[test]
fn a_configured_nested_alias_prefix_is_never_a_skill_and_needs_no_detection() {
    let place = Place::local();
    let p = platform(Era::Flat, 30);
    place.write(&p);
    let Place::Sqlite(Backend::Local(sb)) = &place else {
        unreachable!()
    };
    // As the README documents it: the prefix set in the environment (or a profile).
    let run = |args: &[&str]| {
        sb.mkt()
            .env("MKT_ALIAS_PREFIX", "skill:alias:")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["health", "--deep", "--json"]);
    ok(&out, "health");
    assert!(
        !stderr_of(&out).contains("found keys under"),
        "configured, not detected"
    );
    assert_eq!(json_of(&out)["drifts"], json!([]));
    let before = place.kv();
    ok(&run(&["index", "rebuild", "--apply", "--yes"]), "rebuild");
    assert_eq!(place.kv(), before, "nothing to change");
    ok(
        &run(&["backfill", "skills", "--apply", "--yes"]),
        "backfill",
    );
    assert_eq!(place.rows().len(), p.skills.len());

    // `skills` lists skills only; an alias key is no skill to get.
    let out = run(&["skills", "list", "--json"]);
    ok(&out, "skills list");
    let listed = json_of(&out);
    assert_eq!(listed["count"], p.skills.len());
    assert!(!stdout_of(&out).contains("\"alias:"));
    let (old, _) = &p.aliases[0];
    let out = run(&["skills", "get", &format!("alias:{old}"), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("not found"));
    // A listing by a prefix that only aliases have finds no skill.
    let out = run(&["skills", "list", "--prefix", "alias:", "--json"]);
    ok(&out, "skills list --prefix");
    assert_eq!(json_of(&out)["count"], 0);
}

#[test]
fn aliases_in_every_form_are_read_and_an_explicit_prefix_chooses_the_layout() {
    let b = Backend::local();
    let rec = |slug: &str| json!({"slug": slug, "name": slug, "displayName": slug}).to_string();
    b.kv_put_many(&[
        ("skill:a".into(), rec("a")),
        ("skill:b".into(), rec("b")),
        ("skill:alias:text".into(), "a".into()),
        ("skill:alias:json-string".into(), "\"b\"".into()),
        (
            "skill:alias:object".into(),
            json!({"target": "a"}).to_string(),
        ),
        ("skill:alias:dead".into(), "nowhere".into()),
        (
            "skill-alias:legacy".into(),
            json!({"target": "b"}).to_string(),
        ),
        (
            "skills:published-index".into(),
            json!(["a", "b"]).to_string(),
        ),
    ]);
    ok(&b.run(&["db", "migrate"]), "migrate");
    ok(
        &b.run(&["backfill", "skills", "--apply", "--yes"]),
        "backfill",
    );
    let out = b.run(&["health", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    // Both layouts hold aliases: the nested one is read (never as skills), and the stderr line
    // says so and names the setting that chooses.
    let err = stderr_of(&out);
    assert!(
        err.contains("keys under both skill:alias: and skill-alias:")
            && err.contains("MKT_ALIAS_PREFIX"),
        "{err}"
    );
    let doc = json_of(&out);
    assert_eq!(doc["kv_enumerated_count"], 2);
    assert_eq!(doc["alias_count"], 4);
    assert_eq!(
        kinds(&doc),
        [("dead".to_string(), "orphaned_alias".to_string())]
    );

    // Configured, the other layout is used as is: the nested keys are then skills (malformed).
    let out = b
        .sandbox()
        .mkt()
        .env("MKT_ALIAS_PREFIX", "skill-alias:")
        .args(["health", "--json"])
        .output()
        .unwrap();
    let doc = json_of(&out);
    assert_eq!(doc["alias_count"], 1, "{}", stderr_of(&out));
    assert_eq!(doc["kv_enumerated_count"], 6);
}

#[test]
fn the_index_rebuilt_by_an_old_mkt_is_recovered_with_prune() {
    // What an earlier mkt wrote: phantom entries for alias keys (`{"name": "alias:…"}`).
    let place = Place::local();
    let p = platform(Era::Flat, 30);
    place.write(&p);
    let mut ix = index(&place);
    for (old, _) in &p.aliases {
        ix.push(json!({"name": format!("alias:{old}")}));
    }
    place.kv_put_many(&[(
        "skills:published-index".into(),
        Value::Array(ix).to_string(),
    )]);
    let out = place.run(&["health", "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let found = kinds(&json_of(&out));
    assert_eq!(found.len(), p.aliases.len());
    assert!(found
        .iter()
        .all(|(s, k)| s.starts_with("alias:") && k == "stale_in_index"));
    let max = p.aliases.len().to_string();
    ok(
        &place.run(&[
            "index",
            "rebuild",
            "--prune",
            "--max-delete",
            &max,
            "--apply",
            "--yes",
        ]),
        "prune",
    );
    assert_eq!(index(&place), p.index().as_array().unwrap().clone());
    assert_clean(&place, "after the prune");
}

#[test]
fn a_record_is_malformed_only_when_its_identity_contradicts_its_key() {
    let place = Place::local();
    let p = platform(Era::Flat, 30);
    place.write(&p);
    let s = &p.skills[7];
    let mut wrong_slug = s.record.clone();
    wrong_slug.insert("slug".into(), json!(p.skills[6].slug));
    let mut old_style = s.record.clone();
    old_style.remove("slug");
    let t = &p.skills[8];
    let mut renamed_old_style = t.record.clone();
    renamed_old_style.remove("slug");
    renamed_old_style.insert("name".into(), json!("something-else"));
    place.kv_put_many(&[
        (
            format!("skill:{}", s.slug),
            Value::Object(wrong_slug).to_string(),
        ),
        (
            format!("skill:{}", t.slug),
            Value::Object(renamed_old_style).to_string(),
        ),
    ]);
    let out = place.run(&["health", "--deep", "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let doc = json_of(&out);
    let details: Vec<(Value, Value)> = doc["drifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["slug"].clone(), d["detail"].clone()))
        .collect();
    assert_eq!(
        details,
        [
            (
                json!(t.slug),
                json!(format!(
                    "no slug field, and name \"something-else\" differs from key slug {:?}",
                    t.slug
                ))
            ),
            (
                json!(s.slug),
                json!(format!(
                    "slug field {:?} differs from key slug {:?}",
                    p.skills[6].slug, s.slug
                ))
            ),
        ],
        "sorted by slug"
    );
    // A record without `slug` whose `name` is its slug is as good as the platform's.
    place.kv_put_many(&[
        (
            format!("skill:{}", s.slug),
            Value::Object(s.record.clone()).to_string(),
        ),
        (
            format!("skill:{}", t.slug),
            Value::Object(t.record.clone()).to_string(),
        ),
    ]);
    let mut plain = p.skills[9].record.clone();
    plain.remove("slug");
    place.kv_put_many(&[(
        format!("skill:{}", p.skills[9].slug),
        Value::Object(plain).to_string(),
    )]);
    assert_clean(&place, "a name-only record");
}

#[test]
fn a_mixed_index_keeps_its_majority_shape_and_says_so() {
    let place = Place::local();
    let p = platform(Era::Flat, 30);
    place.write(&p);
    let mut ix = index(&place);
    // Three entries turned into bare slugs, and one skill left out.
    for e in ix.iter_mut().take(3) {
        *e = e["slug"].clone();
    }
    let left_out = ix.pop().unwrap();
    place.kv_put_many(&[(
        "skills:published-index".into(),
        Value::Array(ix.clone()).to_string(),
    )]);
    let out = place.run(&["index", "rebuild", "--apply", "--yes"]);
    ok(&out, "rebuild");
    assert!(
        stderr_of(&out)
            .contains("the index mixes 3 slug strings and 26 objects; new entries are objects"),
        "{}",
        stderr_of(&out)
    );
    let after = index(&place);
    assert_eq!(after[..3], ix[..3], "existing entries keep their shape");
    assert_eq!(*after.last().unwrap(), left_out);
}

#[test]
fn a_strings_index_gets_strings_and_a_legacy_name_index_gets_names() {
    let place = Place::local();
    let p = platform(Era::Flat, 30);
    place.write(&p);
    let strings: Vec<Value> = p.skills[..29].iter().map(|s| json!(s.slug)).collect();
    place.kv_put_many(&[(
        "skills:published-index".into(),
        Value::Array(strings).to_string(),
    )]);
    ok(
        &place.run(&["index", "rebuild", "--apply", "--yes"]),
        "rebuild",
    );
    assert_eq!(index(&place).last().unwrap(), &json!(p.skills[29].slug));

    // Entries named by `name` (no `slug` key): new ones are too, `name` being the slug.
    let names: Vec<Value> = p.skills[..29]
        .iter()
        .map(|s| json!({"name": s.slug, "displayName": s.get("displayName")}))
        .collect();
    place.kv_put_many(&[(
        "skills:published-index".into(),
        Value::Array(names).to_string(),
    )]);
    ok(
        &place.run(&["index", "rebuild", "--apply", "--yes"]),
        "rebuild",
    );
    let last = p.skills[29].clone();
    assert_eq!(
        index(&place).last().unwrap(),
        &json!({"name": last.slug, "displayName": last.get("displayName")})
    );
}

#[test]
fn the_seed_writes_its_alias_where_and_as_the_stores_aliases_are() {
    let place = Place::local();
    let p = platform(Era::Flat, 30);
    place.write(&p);
    let out = place.run(&[
        "seed",
        "--skills",
        "20",
        "--scenario",
        "skill-loss",
        "--yes",
    ]);
    ok(&out, "seed");
    let kv = place.kv();
    assert_eq!(kv["skill:alias:old-x"], "new-x", "plain text, nested");
    assert!(!kv.keys().any(|k| k.starts_with("skill-alias:")));
}

#[test]
fn hierarchical_keys_are_percent_encoded_on_the_rest_api() {
    let place = Place::fake();
    let p = platform(Era::Hierarchical, 30);
    place.write(&p);
    let Place::Sqlite(Backend::Fake(_, fake)) = &place else {
        unreachable!()
    };
    let slug = &p.skills[3].slug;
    assert!(slug.contains("zoë-labs/"), "a non-ASCII owner: {slug}");
    fake.clear_log();
    let out = place.run(&["skills", "get", slug, "--source", "kv", "--json"]);
    ok(&out, "skills get");
    assert_eq!(json_of(&out)["skill"]["slug"], json!(slug));
    let gets: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/values/"))
        .map(|r| r.raw_path)
        .collect();
    let encoded = format!(
        "/values/skill%3A{}",
        slug.replace('/', "%2F").replace('ë', "%C3%AB")
    );
    assert_eq!(gets.len(), 1);
    assert!(gets[0].ends_with(&encoded), "{gets:?} vs {encoded}");
}

#[test]
fn the_composite_unique_key_is_found_and_a_row_without_a_source_is_refused_before_any_write() {
    let places: Vec<Place> = [Some(Place::local()), Some(Place::fake()), Place::postgres()]
        .into_iter()
        .flatten()
        .collect();
    for place in places {
        let name = place.name();
        let p = platform(Era::Hierarchical, 30);
        place.write(&p);
        let out = place.run(&["db", "schema", "--json"]);
        ok(&out, "db schema");
        let doc = json_of(&out);
        let key = if name == "postgres" {
            json!(["ownerSlug", "repoSlug", "skillSlug"])
        } else {
            json!(["owner_slug", "repo_slug", "skill_slug"])
        };
        assert_eq!(doc["unique_key"], key, "{name}: {doc}");
        assert_eq!(doc["key_unique"], true, "{name}");
        assert_eq!(doc["write_refusal"], Value::Null, "{name}");

        // A new skill whose record has no legacySlug: the column has no source.
        let s = &p.skills[5];
        place.delete_row(&s.slug);
        let mut rec = s.record.clone();
        rec.remove("legacySlug");
        place.kv_put_many(&[(format!("skill:{}", s.slug), Value::Object(rec).to_string())]);
        let (kv, rows) = (place.kv(), place.rows());
        let out = place.run(&["backfill", "skills", "--apply", "--yes"]);
        assert_eq!(out.status.code(), Some(5), "{name}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        let column = if name == "postgres" {
            "legacySlug"
        } else {
            "legacy_slug"
        };
        assert!(
            err.contains(&format!("skill {} has no legacySlug", s.slug))
                && err.contains(&format!("column {column} "))
                && err.contains("durable_columns")
                && err.contains("nothing was written"),
            "{name}: {err}"
        );
        assert_eq!(place.kv(), kv, "{name}");
        assert_eq!(place.rows(), rows, "{name}");

        // With the field back, the row is inserted on the composite key and reads back.
        place.kv_put_many(&[(
            format!("skill:{}", s.slug),
            Value::Object(s.record.clone()).to_string(),
        )]);
        ok(
            &place.run(&["backfill", "skills", "--apply", "--yes"]),
            name,
        );
        let row = &place.rows()[&s.slug];
        let owner = if name == "postgres" {
            "ownerSlug"
        } else {
            "owner_slug"
        };
        assert_eq!(row[owner], *s.get("ownerSlug"), "{name}");
        assert_clean(&place, "after the insert");
    }
}

#[test]
fn a_table_without_any_unique_key_is_refused_before_any_write() {
    let b = Backend::local();
    b.exec(
        "CREATE TABLE skills (name TEXT NOT NULL, display_name TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);",
    );
    b.kv_put_many(&[(
        "skill:o/r/s".into(),
        json!({"slug": "o/r/s", "name": "s"}).to_string(),
    )]);
    let out = b.run(&["backfill", "skills", "--apply", "--yes"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("has no unique index"));
    assert!(b.rows("skills").is_empty());
}

/// `owner/repo/skillSlug` as it is in tables, JSON, plan files and backups (local store; the REST
/// paths are the test above).
#[test]
fn hierarchical_slugs_are_whole_in_tables_json_plans_and_backups() {
    let place = Place::local();
    let p = platform(Era::Hierarchical, 30);
    place.write(&p);
    let Place::Sqlite(Backend::Local(sb)) = &place else {
        unreachable!()
    };
    let shown = &p.skills[3].slug;
    assert!(shown.contains("zoë-labs/"), "{shown}");

    // Tables and JSON carry the slug whole.
    let out = place.run(&["skills", "list"]);
    ok(&out, "skills list");
    assert!(
        stdout_of(&out).contains(shown.as_str()),
        "{}",
        stdout_of(&out)
    );
    let out = place.run(&["skills", "get", shown]);
    ok(&out, "skills get");
    assert!(
        stdout_of(&out).contains(shown.as_str()),
        "{}",
        stdout_of(&out)
    );

    // Drift a human reads: an entry missing from the index, a record the app changed.
    let unlisted = p.skills[5].slug.clone();
    let mut ix = index(&place);
    ix.retain(|e| e["slug"] != json!(unlisted));
    let changed = p.skills[8].slug.clone();
    let mut record = p.skills[8].record.clone();
    record.insert("displayName".into(), json!("Edited In KV"));
    place.kv_put_many(&[
        (
            "skills:published-index".into(),
            Value::Array(ix.clone()).to_string(),
        ),
        (
            format!("skill:{changed}"),
            Value::Object(record).to_string(),
        ),
    ]);
    let out = place.run(&["health", "--deep"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let table = stdout_of(&out);
    assert!(
        table.contains(unlisted.as_str()) && table.contains(changed.as_str()),
        "{table}"
    );

    // A saved plan names the slug whole and applies; the old index is backed up as it was.
    let out = place.run(&["index", "rebuild", "--out", "plan.json"]);
    ok(&out, "index rebuild --out");
    let plan_text = std::fs::read_to_string(sb.path().join("plan.json")).unwrap();
    let plan: Value = serde_json::from_str(&plan_text).unwrap();
    assert!(
        plan_text.contains(&format!("\"{unlisted}\"")),
        "the slug whole in the plan file: {plan}"
    );
    ok(
        &place.run(&["index", "apply", "plan.json", "--yes"]),
        "index apply",
    );
    let rebuilt = index(&place);
    assert_eq!(rebuilt.len(), p.skills.len());
    let added = rebuilt
        .iter()
        .find(|e| e["slug"] == json!(unlisted))
        .unwrap();
    assert_eq!(*added, Platform::index_entry(&p.skills[5]));
    let backups: Vec<std::path::PathBuf> = std::fs::read_dir(sb.path().join(".mkt/backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|f| f.to_string_lossy().contains("published-index"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backed_up: Value =
        serde_json::from_str(&std::fs::read_to_string(&backups[0]).unwrap()).unwrap();
    assert_eq!(backed_up, Value::Array(ix.clone()));

    // The KV value the durable row wins over is backed up under its whole key.
    ok(
        &place.run(&["backfill", "skills", "--apply", "--yes"]),
        "backfill",
    );
    let kv = place.kv();
    let got: Value = serde_json::from_str(&kv[&format!("skill:{changed}")]).unwrap();
    assert_eq!(got, Value::Object(p.skills[8].record.clone()));
    let values_backup = std::fs::read_dir(sb.path().join(".mkt/backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        // The backfill run's exact backup (`<run-id>-backfill-skills.jsonl`), not the rebuild's.
        .find(|f| f.to_string_lossy().contains("backfill-skills"))
        .expect("a backup of the overwritten value");
    let text = std::fs::read_to_string(&values_backup).unwrap();
    assert!(
        text.contains(&format!("skill:{changed}")) && text.contains("Edited In KV"),
        "{text}"
    );

    // And the index backup restores byte for byte.
    let out = place.run(&[
        "index",
        "restore",
        &backups[0].display().to_string(),
        "--yes",
    ]);
    ok(&out, "index restore");
    assert_eq!(index(&place), ix);
}
