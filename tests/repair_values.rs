//! Which `skill:` values `mkt index rebuild` reads: by default only those a summary object is made
//! from when no durable row can make it; `--read-values` reads all and lists malformed ones.

mod repair_fixture;
mod support;

use repair_fixture as fx;
use serde_json::{json, Value};
use support::{stdout_of, Sandbox};

fn json_out(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout_of(out)))
}

/// A strings index with 2 of 4 KV skills, one durable-only skill and one malformed value.
fn strings_store(sb: &Sandbox) -> mkt::store::Store {
    let store = fx::open(&sb.local_db());
    fx::put_skills(&store, &["a".into(), "b".into(), "c".into(), "d".into()]);
    fx::put_rows(&store, &["a".into(), "e".into()]);
    fx::put_kv(&store, &[("skill:broken".into(), "{not json".into())]);
    fx::set_index(&store, &json!(["a", "b"]));
    store
}

#[test]
fn a_plain_rebuild_reads_no_values_and_says_malformed_ones_are_unchecked() {
    let sb = Sandbox::new();
    strings_store(&sb);
    let out = sb.run(["index", "rebuild"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.contains("shape strings"), "{text}");
    assert!(
        text.contains(
            "KV values not read: malformed records are not checked; --read-values checks them"
        ),
        "{text}"
    );
    assert!(!text.contains("malformed values:"), "{text}");

    let out = sb.run(["index", "rebuild", "--json"]);
    let doc = json_out(&out);
    assert_eq!(doc["plan"]["kv_values_read"], "needed");
    assert_eq!(doc["plan"]["kv_values_read_count"], 0);
    assert_eq!(doc["plan"]["malformed"], json!([]));
    // The malformed key is still live: it is added as its slug either way.
    assert_eq!(doc["plan"]["added"], 4);
}

#[test]
fn read_values_lists_malformed_values_and_says_what_happens_to_them() {
    let sb = Sandbox::new();
    strings_store(&sb);
    let out = sb.run(["index", "rebuild", "--read-values"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    let text = stdout_of(&out);
    assert!(
        text.contains("malformed values: 1 (indexed by slug; fix with `mkt backfill skills --apply` where a durable row exists)"),
        "{text}"
    );
    assert!(text.contains("  skill:broken: "), "{text}");
    assert!(!text.contains("KV values not read"), "{text}");
    let out = sb.run(["index", "rebuild", "--read-values", "--json"]);
    let doc = json_out(&out);
    assert_eq!(doc["plan"]["kv_values_read"], "all");
    assert_eq!(doc["plan"]["kv_values_read_count"], 5);
    assert_eq!(doc["plan"]["added"], 4);
}

#[test]
fn summaries_read_only_the_values_no_durable_row_can_make() {
    let sb = Sandbox::new();
    let store = fx::open(&sb.local_db());
    fx::put_skills(&store, &["a".into(), "b".into(), "d".into()]);
    fx::put_rows(&store, &["a".into(), "c".into(), "d".into()]);
    fx::set_index(&store, &json!([{"name": "a", "displayName": "old"}]));
    let out = sb.run(["index", "rebuild", "--apply", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    // a, c and d have durable rows; only b's summary needs its KV value.
    let out = sb.run(["index", "rebuild", "--json"]);
    assert_eq!(json_out(&out)["plan"]["kv_values_read_count"], 1);
    assert_eq!(json_out(&out)["plan"]["writes_index"], false);
    let index = fx::index_of(&store);
    let names: Vec<&str> = index
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["a", "b", "c", "d"]);
    assert!(index[1]["displayName"].is_string(), "{index}");
    assert_ne!(index[0]["displayName"], "old", "{index}");

    // The same plan as reading every value.
    let full = sb.run(["index", "rebuild", "--read-values", "--check"]);
    assert_eq!(full.status.code(), Some(0), "{}", stdout_of(&full));
}

#[test]
fn a_saved_plan_records_which_values_its_fingerprint_covers() {
    let sb = Sandbox::new();
    strings_store(&sb);
    let out = sb.run(["index", "rebuild", "--out", "plan.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    let plan: Value =
        serde_json::from_str(&std::fs::read_to_string(sb.path().join("plan.json")).unwrap())
            .unwrap();
    assert_eq!(plan["keys_only"], true);
    assert_eq!(plan["fingerprints"]["kv_values_scope"], "summaries");
    assert_eq!(plan["fingerprints"]["kv_values_count"], 0);
    let out = sb.run(["index", "apply", "plan.json", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
}

#[test]
fn a_saved_plan_is_stale_when_durable_names_change_at_the_same_count() {
    let sb = Sandbox::new();
    let store = strings_store(&sb);
    let out = sb.run(["index", "rebuild", "--out", "plan.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    // Rows are read by name only for a strings index: one row leaves and another arrives.
    fx::exec(&store, "DELETE FROM skills WHERE name = 'e'");
    fx::put_rows(&store, &["f".into()]);
    let before = fx::dump(&store);
    let out = sb.run(["index", "apply", "plan.json", "--yes"]);
    assert_eq!(out.status.code(), Some(5), "{}", support::stderr_of(&out));
    assert!(
        support::stderr_of(&out).contains("durable rows"),
        "{}",
        support::stderr_of(&out)
    );
    assert_eq!(fx::dump(&store), before, "a stale plan must not write");
}
