//! `mkt backfill skills`: KV ⇄ durable, authority, batching, journal, resume, idempotency.

mod repair_fixture;
mod support;

use repair_fixture as fx;
use serde_json::{json, Value};
use support::{stderr_of, Sandbox};

fn json_out(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", support::stdout_of(out)))
}

#[test]
fn kv_values_become_durable_rows_and_a_rerun_is_a_no_op() {
    let sb = Sandbox::new();
    let store = fx::open(&sb.local_db());
    let all = fx::slugs("s", 40);
    fx::put_skills(&store, &all);
    fx::put_rows(&store, &all[..5]);
    fx::put_rows(&store, &["only-durable".to_string()]);

    let out = sb.run(["backfill", "skills", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc = json_out(&out);
    assert_eq!(doc["plan"]["rows"], 35);
    assert_eq!(doc["plan"]["unchanged"], 5);
    assert_eq!(doc["plan"]["other_direction"], 1);
    assert_eq!(fx::dump(&store).1.len(), 6, "a plan writes nothing");

    let out = sb.run([
        "backfill",
        "skills",
        "--apply",
        "--yes",
        "--json",
        "--statements-per-request",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc = json_out(&out);
    assert_eq!(doc["durableBackfilled"], 35);
    // 35 rows at 6 per statement = 6 statements, 2 per request = 3 requests.
    assert_eq!(doc["durable_requests"], 3);
    assert_eq!(doc["verified"]["rows_matching"], 35);
    let (_, rows) = fx::dump(&store);
    assert_eq!(rows.len(), 41);
    assert_eq!(rows["s0007"]["display_name"], "Skill s0007");
    assert_eq!(rows["s0007"]["labels"], json!(["a", "l1"]).to_string());

    // The journal says planned → done per batch and finished.
    let journal = doc["journal"].as_str().unwrap();
    let text = std::fs::read_to_string(journal).unwrap();
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("\"event\":\"done\""))
            .count(),
        3
    );
    assert!(text
        .lines()
        .last()
        .unwrap()
        .contains("\"event\":\"finished\""));

    let before = fx::dump(&store);
    let out = sb.run(["backfill", "skills", "--apply", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_out(&out)["durableBackfilled"], 0);
    assert_eq!(fx::dump(&store), before);
    let run_id = doc["run_id"].as_str().unwrap();
    let out = sb.run(["backfill", "skills", "--apply", "--yes", "--resume", run_id]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr_of(&out).contains("already finished"));
}

#[test]
fn to_kv_writes_missing_values_from_durable_rows() {
    let sb = Sandbox::new();
    let store = fx::open(&sb.local_db());
    fx::put_rows(&store, &["d1".into(), "d2".into()]);
    fx::put_kv(&store, &[("skill:d2".into(), "[1,2".into())]);
    let out = sb.run([
        "backfill", "skills", "--to", "kv", "--apply", "--yes", "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc = json_out(&out);
    assert_eq!(doc["kv_written"], 2);
    let (kv, _) = fx::dump(&store);
    let rec: Value = serde_json::from_str(&kv["skill:d1"]).unwrap();
    assert_eq!(rec["name"], "d1");
    assert_eq!(rec["displayName"], "Skill d1");
    assert_eq!(rec["labels"], json!(["a", "l0"]));
    // The malformed value it replaced is kept in a backup file.
    let backup = std::fs::read_to_string(doc["backup"].as_str().unwrap()).unwrap();
    assert!(backup.contains("skill:d2"));
    let out = sb.run(["backfill", "skills", "--to", "kv", "--json"]);
    assert_eq!(json_out(&out)["plan"]["kv_values"], 0);
}

#[test]
fn authority_decides_field_mismatches() {
    let sb = Sandbox::new();
    let store = fx::open(&sb.local_db());
    fx::put_skills(&store, &["m".into()]);
    fx::put_rows(&store, &["m".into()]);
    fx::exec(
        &store,
        "UPDATE skills SET display_name = 'From D1' WHERE name = 'm'",
    );

    // --authority kv: the row takes the KV value.
    let out = sb.run([
        "backfill",
        "skills",
        "--authority",
        "kv",
        "--apply",
        "--yes",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(fx::dump(&store).1["m"]["display_name"], "Skill m");

    // Default (durable): the KV value takes the row's, unknown KV fields kept.
    fx::exec(
        &store,
        "UPDATE skills SET display_name = 'From D1' WHERE name = 'm'",
    );
    let out = sb.run(["backfill", "skills", "--json"]);
    let doc = json_out(&out);
    assert_eq!(doc["plan"]["items"][0]["reason"], "field_mismatch");
    assert_eq!(doc["plan"]["items"][0]["fields"], json!(["displayName"]));
    let out = sb.run(["backfill", "skills", "--apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let (kv, rows) = fx::dump(&store);
    let rec: Value = serde_json::from_str(&kv["skill:m"]).unwrap();
    assert_eq!(rec["displayName"], "From D1");
    assert_eq!(rec["publishedAt"], "2026-01-01T00:00:00Z");
    assert_eq!(rows["m"]["display_name"], "From D1");
    let out = sb.run(["backfill", "skills", "--json"]);
    assert_eq!(json_out(&out)["plan"]["items"], json!([]));
}

#[test]
fn apply_without_terminal_needs_yes() {
    let sb = Sandbox::new();
    let store = fx::open(&sb.local_db());
    fx::put_skills(&store, &["a".into()]);
    let out = sb.run(["backfill", "skills", "--apply"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(fx::dump(&store).1.is_empty());
    assert!(!sb.path().join(".mkt/runs").exists());
}

#[test]
fn records_missing_defaults_converge_in_one_run() {
    let sb = Sandbox::new();
    let store = fx::open(&sb.local_db());
    fx::put_kv(
        &store,
        &[(
            "skill:bare".into(),
            json!({"name": "bare", "certScore": 85}).to_string(),
        )],
    );
    let out = sb.run(["backfill", "skills", "--apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let out = sb.run(["backfill", "skills", "--json"]);
    assert_eq!(json_out(&out)["plan"]["items"], json!([]));
    let out = sb.run(["backfill", "skills", "--to", "kv", "--json"]);
    assert_eq!(json_out(&out)["plan"]["items"], json!([]));
}

#[test]
fn a_failed_durable_batch_is_partial_and_resume_converges() {
    let sb = Sandbox::new();
    let store = fx::open(&sb.local_db());
    let all = fx::slugs("s", 30);
    fx::put_skills(&store, &all);
    // The third batch (rows s0012..) fails the way a rejected D1 request would.
    fx::exec(
        &store,
        "CREATE TRIGGER refuse BEFORE INSERT ON skills WHEN NEW.name = 's0013' \
         BEGIN SELECT RAISE(ABORT, 'refused by test'); END",
    );
    let out = sb.run([
        "backfill",
        "skills",
        "--apply",
        "--yes",
        "--statements-per-request",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("durable batch 3 of 5"), "{err}");
    assert!(err.contains("--resume"), "{err}");
    // Batches 1 and 2 landed atomically; batch 3 left nothing half-written.
    assert_eq!(fx::dump(&store).1.len(), 12);

    fx::exec(&store, "DROP TRIGGER refuse");
    let out = sb.run([
        "backfill", "skills", "--apply", "--yes", "--resume", "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("resuming run"));
    assert_eq!(json_out(&out)["durableBackfilled"], 18);
    assert_eq!(fx::dump(&store).1.len(), 30);
    // The resumed run finished in the same journal.
    let runs: Vec<_> = std::fs::read_dir(sb.path().join(".mkt/runs"))
        .unwrap()
        .collect();
    assert_eq!(runs.len(), 1);
}

/// The applied backfill's table and its `--json` come from one value (same names, same
/// numbers); a resumed run that already finished answers a typed document too.
#[test]
fn applied_table_and_json_show_the_same_result() {
    let (a, b) = (Sandbox::new(), Sandbox::new());
    for sb in [&a, &b] {
        let store = fx::open(&sb.local_db());
        let all = fx::slugs("s", 12);
        fx::put_skills(&store, &all);
        fx::put_rows(&store, &all[..4]);
    }
    let json = a.run(["backfill", "skills", "--apply", "--yes", "--json"]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr_of(&json));
    let doc = json_out(&json);
    let table = b.run(["backfill", "skills", "--apply", "--yes"]);
    assert_eq!(table.status.code(), Some(0), "{}", stderr_of(&table));
    let rows = fx::result_rows(&support::stdout_of(&table));
    assert_eq!(rows.len(), 7, "{}", support::stdout_of(&table));
    for (k, v) in &rows {
        assert_eq!(&doc[k].to_string(), v, "{k}");
    }
    assert_eq!(doc["durableBackfilled"], 8);
    assert_eq!(doc["to"], "durable");
    let run_id = doc["run_id"].as_str().unwrap().to_string();
    let again = a.run([
        "backfill", "skills", "--apply", "--yes", "--json", "--resume", &run_id,
    ]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr_of(&again));
    let doc = json_out(&again);
    assert_eq!(doc["already_finished"], true);
    assert_eq!(doc["run_id"], run_id.as_str());
    assert_eq!(doc["requests"], 0);
}
