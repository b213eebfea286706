//! `mkt index rebuild` / `mkt rebuild-index`: plan, guards, apply, backups, plan files, restore.

mod repair_fixture;
mod support;

use repair_fixture as fx;
use serde_json::{json, Value};
use support::{stdout_of, Sandbox};

fn json_out(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout_of(out)))
}

/// The incident: an index with 2 of 6 skills; 2 more live only in KV, 2 only durable, 1 stale entry.
fn incident(sb: &Sandbox) -> mkt::store::Store {
    let store = fx::open(&sb.local_db());
    fx::put_skills(&store, &["a".into(), "b".into(), "c".into(), "d".into()]);
    fx::put_rows(&store, &["a".into(), "e".into(), "f".into()]);
    fx::set_index(&store, &json!(["a", "b", "gone"]));
    store
}

#[test]
fn plan_writes_nothing_and_lists_changes() {
    let sb = Sandbox::new();
    let store = incident(&sb);
    let before = fx::dump(&store);
    let out = sb.run(["index", "rebuild", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    let doc = json_out(&out);
    assert_eq!(doc["schema_version"], "1.0");
    assert_eq!(doc["applied"], false);
    assert_eq!(doc["plan"]["added"], 4);
    assert_eq!(doc["plan"]["kept"], 2);
    assert_eq!(doc["plan"]["stale"], 1);
    assert!(doc["apply_requests_needed"].as_u64().unwrap() >= 3);
    assert_eq!(fx::dump(&store), before, "a plan must not write");
    let out = sb.run(["index", "rebuild", "--check"]);
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn apply_without_terminal_needs_yes() {
    let sb = Sandbox::new();
    let store = incident(&sb);
    let before = fx::dump(&store);
    let out = sb.run(["rebuild-index", "--apply"]);
    assert_eq!(out.status.code(), Some(5), "{}", support::stderr_of(&out));
    assert!(support::stderr_of(&out).contains("--yes"));
    assert_eq!(fx::dump(&store), before);
    assert!(!sb.path().join(".mkt/backups").exists());
}

#[test]
fn apply_unions_backs_up_verifies_and_is_idempotent() {
    let sb = Sandbox::new();
    let store = incident(&sb);
    let out = sb.run(["rebuild-index", "--apply", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    let doc = json_out(&out);
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["rebuilt"], 7);
    assert_eq!(doc["added"], 4);
    assert_eq!(doc["verified"]["index_sha256_matches"], true);
    assert_eq!(doc["verified"]["live_slugs_present"], 6);
    assert!(doc["requests"].as_u64().is_some());
    // Stale entries stay without --prune; the order of existing entries is kept.
    assert_eq!(
        fx::index_of(&store),
        json!(["a", "b", "gone", "c", "d", "e", "f"])
    );
    // Both backups hold the old blob, and the restore command is given.
    let file = doc["backup"]["file"].as_str().unwrap();
    assert_eq!(
        std::fs::read_to_string(file).unwrap(),
        json!(["a", "b", "gone"]).to_string()
    );
    let key = doc["backup"]["kv_key"].as_str().unwrap();
    assert!(key.starts_with("skills:published-index:backup:"));
    let kv = fx::rt().block_on(store.kv.get(key)).unwrap().unwrap();
    assert_eq!(kv.bytes, json!(["a", "b", "gone"]).to_string().into_bytes());
    assert!(doc["restore_command"]
        .as_str()
        .unwrap()
        .starts_with("mkt index restore "));

    // A second plan is empty; a second apply writes nothing.
    let out = sb.run(["index", "rebuild", "--json"]);
    let doc2 = json_out(&out);
    assert_eq!(doc2["plan"]["writes_index"], false);
    let before = fx::dump(&store);
    let out = sb.run(["index", "rebuild", "--apply", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_out(&out)["backup"], Value::Null);
    assert_eq!(fx::dump(&store), before);

    // Restore puts the old blob back (and backs up the current one first).
    let out = sb.run(["index", "restore", file, "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    assert_eq!(fx::index_of(&store), json!(["a", "b", "gone"]));
    let out = sb.run(["index", "restore", key, "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    assert_eq!(fx::index_of(&store), json!(["a", "b", "gone"]));
}

#[test]
fn prune_is_bounded_by_max_delete() {
    let sb = Sandbox::new();
    let store = incident(&sb);
    let before = fx::dump(&store);
    let out = sb.run(["index", "rebuild", "--prune", "--apply", "--yes"]);
    assert_eq!(out.status.code(), Some(5), "{}", support::stderr_of(&out));
    assert!(support::stderr_of(&out).contains("--max-delete 1"));
    assert_eq!(fx::dump(&store), before);
    let out = sb.run([
        "index",
        "rebuild",
        "--prune",
        "--max-delete",
        "1",
        "--apply",
        "--yes",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    assert_eq!(fx::index_of(&store), json!(["a", "b", "c", "d", "e", "f"]));
}

#[test]
fn summary_objects_keep_their_shape_and_duplicates_collapse() {
    let sb = Sandbox::new();
    let store = fx::open(&sb.local_db());
    fx::put_skills(&store, &["a".into(), "b".into()]);
    fx::put_rows(&store, &["c".into()]);
    fx::set_index(
        &store,
        &json!([{"name": "a", "displayName": "old", "extra": 1}, {"name": "a"}]),
    );
    let out = sb.run(["index", "rebuild", "--apply", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    let doc = json_out(&out);
    assert_eq!(doc["updated"], 1);
    assert_eq!(
        fx::index_of(&store),
        json!([
            {"name": "a", "displayName": "Skill a", "extra": 1},
            {"name": "b", "displayName": "Skill b"},
            {"name": "c", "displayName": "Skill c"}
        ])
    );
}

#[test]
fn orphaned_aliases_and_malformed_values() {
    let sb = Sandbox::new();
    let store = incident(&sb);
    fx::put_kv(
        &store,
        &[
            (
                "skill-alias:old-a".into(),
                json!({"target": "a"}).to_string(),
            ),
            (
                "skill-alias:old-x".into(),
                json!({"target": "nowhere"}).to_string(),
            ),
            ("skill-alias:bad".into(), "not a slug at all".into()),
            ("skill:broken".into(), "{not json".into()),
        ],
    );
    // Malformed skill values are found only when every value is read.
    let out = sb.run(["index", "rebuild", "--read-values", "--json"]);
    let doc = json_out(&out);
    let orphaned: Vec<&str> = doc["plan"]["orphaned_aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap())
        .collect();
    assert_eq!(orphaned, vec!["skill-alias:bad", "skill-alias:old-x"]);
    let malformed: Vec<&str> = doc["plan"]["malformed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap())
        .collect();
    assert_eq!(malformed, vec!["skill:broken"]);
    let out = sb.run([
        "index",
        "rebuild",
        "--fix-aliases",
        "--apply",
        "--yes",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    let doc = json_out(&out);
    assert_eq!(doc["orphanedAliases"], 2);
    assert_eq!(doc["aliases_deleted"], 2);
    // The deleted aliases are backed up exactly as they were stored.
    let backup: Value = serde_json::from_str(
        &std::fs::read_to_string(doc["aliases_backup"].as_str().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(backup["skill-alias:bad"], "not a slug at all");
    let (kv, _) = fx::dump(&store);
    assert!(!kv.contains_key("skill-alias:old-x"));
    assert!(kv.contains_key("skill-alias:old-a"));
    // A live key whose value is malformed keeps its place in the index as a bare slug.
    assert!(fx::index_of(&store)
        .as_array()
        .unwrap()
        .contains(&json!("broken")));
}

#[test]
fn saved_plan_applies_and_a_stale_one_is_refused() {
    let sb = Sandbox::new();
    let store = incident(&sb);
    let out = sb.run(["index", "rebuild", "--out", "plan.json"]);
    assert_eq!(out.status.code(), Some(0));
    let plan: Value =
        serde_json::from_str(&std::fs::read_to_string(sb.path().join("plan.json")).unwrap())
            .unwrap();
    assert_eq!(plan["kind"], "index-rebuild");
    assert_eq!(plan["fingerprints"]["kv_keys_count"], 4);
    assert_eq!(plan["fingerprints"]["durable_count"], 3);
    assert_eq!(
        plan["fingerprints"]["index_sha256"].as_str().unwrap().len(),
        64
    );

    // Someone publishes a skill: the plan is stale.
    fx::put_skills(&store, &["z".into()]);
    let before = fx::dump(&store);
    let out = sb.run(["index", "apply", "plan.json", "--yes"]);
    assert_eq!(out.status.code(), Some(5), "{}", support::stderr_of(&out));
    assert!(support::stderr_of(&out).contains("stale plan"));
    assert_eq!(fx::dump(&store), before);

    let out = sb.run(["index", "rebuild", "--out", "plan.json"]);
    assert_eq!(out.status.code(), Some(0));
    let out = sb.run(["index", "apply", "plan.json", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    assert_eq!(json_out(&out)["added"], 5);
    assert_eq!(fx::index_of(&store).as_array().unwrap().len(), 8);
}

#[test]
fn an_incomplete_source_stops_everything() {
    let sb = Sandbox::new();
    // A durable table without the expected columns cannot be read.
    let store = fx::open(&sb.local_db());
    fx::exec(&store, "DROP TABLE skills");
    fx::exec(&store, "CREATE TABLE skills (id INTEGER)");
    fx::put_skills(&store, &["a".into()]);
    fx::set_index(&store, &json!([]));
    let before = fx::dump_kv_only(&store);
    let out = sb.run(["index", "rebuild", "--apply", "--yes"]);
    assert_eq!(out.status.code(), Some(4), "{}", support::stderr_of(&out));
    assert!(support::stderr_of(&out).contains("durable"));
    assert_eq!(fx::dump_kv_only(&store), before);
}

#[test]
fn backfill_flag_writes_durable_rows_before_the_index() {
    let sb = Sandbox::new();
    let store = incident(&sb);
    let out = sb.run(["index", "rebuild", "--backfill"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout_of(&out).contains("backfill first: 3 durable rows"));
    let out = sb.run(["rebuild-index", "--backfill", "--apply", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    let doc = json_out(&out);
    assert_eq!(doc["durableBackfilled"], 3);
    assert_eq!(doc["rebuilt"], 7);
    assert_eq!(fx::dump(&store).1.len(), 6);
    let out = sb.run(["rebuild-index", "--backfill", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
}

#[test]
fn keys_only_rebuilds_a_strings_index_from_key_names() {
    let sb = Sandbox::new();
    let store = incident(&sb);
    let out = sb.run(["rebuild-index", "--keys-only", "--apply", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    // Reading key names only is the default now; the old flag still works and says so.
    assert!(support::stderr_of(&out).contains("--keys-only is deprecated"));
    assert_eq!(json_out(&out)["added"], 4);
    assert_eq!(
        fx::index_of(&store),
        json!(["a", "b", "gone", "c", "d", "e", "f"])
    );
    let out = sb.run(["index", "rebuild", "--keys-only", "--check"]);
    assert_eq!(out.status.code(), Some(0));
    let out = sb.run(["index", "rebuild", "--check"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn seed_catalog_entries_are_not_stale() {
    let sb = Sandbox::new();
    let store = incident(&sb);
    sb.write("seed.json", &json!([{"name": "gone"}]).to_string());
    let out = sb
        .mkt()
        .env("MKT_SEED_CATALOG", "seed.json")
        .args(["index", "rebuild", "--prune", "--apply", "--yes", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    assert_eq!(json_out(&out)["pruned"], 0);
    assert_eq!(
        fx::index_of(&store),
        json!(["a", "b", "gone", "c", "d", "e", "f"])
    );
}

/// The applied rebuild's table and its `--json` come from one value: every table row is the
/// JSON field of the same name, with the same number.
#[test]
fn applied_table_and_json_show_the_same_result() {
    let (a, b) = (Sandbox::new(), Sandbox::new());
    incident(&a);
    incident(&b);
    let json = a.run(["index", "rebuild", "--apply", "--yes", "--json"]);
    assert_eq!(json.status.code(), Some(0), "{}", support::stderr_of(&json));
    let doc = json_out(&json);
    let table = b.run(["index", "rebuild", "--apply", "--yes"]);
    assert_eq!(
        table.status.code(),
        Some(0),
        "{}",
        support::stderr_of(&table)
    );
    let rows = fx::result_rows(&stdout_of(&table));
    let keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "rebuilt",
            "errors",
            "orphanedAliases",
            "durableBackfilled",
            "added",
            "updated",
            "kept",
            "pruned",
            "stale",
            "aliases_deleted",
            "requests"
        ]
    );
    for (k, v) in &rows {
        assert_eq!(&doc[k].to_string(), v, "{k}");
    }
    assert_eq!(
        doc["rebuilt"], 7,
        "6 live skills and the stale entry (kept without --prune)"
    );
    assert_eq!(doc["verified"]["index_sha256_matches"], true);
    assert!(doc["journal"].as_str().is_some_and(|j| !j.is_empty()));
}
