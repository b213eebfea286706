//! `mkt runs list|show|undo` through the binary, on the local store and the fake Cloudflare
//! server: an index rebuild that deletes orphaned aliases is undone byte for byte (the index's
//! metadata and expiration included, the backup key it made removed); a key changed after the
//! run is refused (exit 5, named) unless --force; an undo is itself a run that can be undone.

use serde_json::{json, Value};

use crate::backend::{json_of, Backend};
use crate::support::stderr_of;

fn code(out: &std::process::Output, want: i32, what: &str) {
    assert_eq!(out.status.code(), Some(want), "{what}: {}", stderr_of(out));
}

fn plant(b: &Backend) -> i64 {
    b.exec(
        "CREATE TABLE skills (name TEXT PRIMARY KEY, display_name TEXT, labels TEXT NOT NULL DEFAULT '[]');
         INSERT INTO skills VALUES ('alpha', 'Alpha', '[]'), ('beta', 'Beta', '[]');",
    );
    let exp = chrono::Utc::now().timestamp() + 30 * 86_400;
    b.kv_put_entry(
        "skills:published-index",
        br#"[ "alpha" ]"#,
        Some(json!({"builtBy": "worker", "v": 3})),
        Some(exp),
    );
    b.kv_put_entry(
        "skill:alpha",
        br#"{"name":"alpha","displayName":"Alpha"}"#,
        None,
        None,
    );
    b.kv_put_entry(
        "skill:gamma",
        br#"{"name":"gamma","displayName":"Gamma","x":1.50}"#,
        Some(json!({"owner": "ops"})),
        None,
    );
    b.kv_put_entry(
        "skill-alias:old",
        b"\"nowhere\"",
        Some(json!({"by": "hand"})),
        None,
    );
    b.kv_put_entry("skill-alias:bytes", &[0xff, 0xfe, b'x'], None, None);
    exp
}

#[test]
fn an_index_rebuild_is_undone_byte_for_byte() {
    for b in Backend::both() {
        let name = b.name();
        plant(&b);
        let before = (b.kv_entries(), b.rows("skills"));
        let out = b.run(&[
            "index",
            "rebuild",
            "--fix-aliases",
            "--apply",
            "--yes",
            "--json",
        ]);
        code(&out, 0, &format!("{name}: rebuild"));
        let doc = json_of(&out);
        let run = doc["run_id"].as_str().unwrap().to_string();
        assert_eq!(doc["aliases_deleted"], 2, "{name}: {doc}");
        // The rewritten index kept its metadata and expiration.
        let after = b.kv_entries();
        let (_, meta, exp) = &after["skills:published-index"];
        assert_eq!(meta, &before.0["skills:published-index"].1, "{name}");
        assert_eq!(exp, &before.0["skills:published-index"].2, "{name}");

        let out = b.run(&["runs", "list", "--json"]);
        code(&out, 0, &format!("{name}: runs list"));
        let list = json_of(&out);
        let entry = list["runs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["run_id"] == run.as_str())
            .unwrap()
            .clone();
        assert_eq!(entry["command"], "index-rebuild", "{name}: {entry}");
        assert_eq!(entry["state"], "finished", "{name}: {entry}");
        assert_eq!(entry["target"], name, "{name}: {entry}");

        let out = b.run(&["runs", "show", &run, "--json"]);
        code(&out, 0, &format!("{name}: runs show"));
        let shown = json_of(&out);
        let changes: Vec<(String, String)> = shown["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["key"].as_str().unwrap().to_string(),
                    c["change"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        for (key, change) in [
            ("skills:published-index", "overwritten"),
            ("skill-alias:old", "deleted"),
            ("skill-alias:bytes", "deleted"),
        ] {
            assert!(
                changes.contains(&(key.to_string(), change.to_string())),
                "{name}: {changes:?}"
            );
        }

        let out = b.run(&["runs", "undo", &run, "--yes", "--json"]);
        code(&out, 0, &format!("{name}: undo"));
        let undo = json_of(&out);
        assert_eq!(
            (b.kv_entries(), b.rows("skills")),
            before,
            "{name}: the store as it was, bytes, metadata and expirations, the index backup key gone"
        );
        // Nothing left to undo; the undo itself can be undone.
        let out = b.run(&["runs", "undo", &run, "--yes"]);
        code(&out, 0, &format!("{name}: undo twice"));
        let undo_run = undo["run_id"].as_str().unwrap().to_string();
        code(
            &b.run(&["runs", "undo", &undo_run, "--yes"]),
            0,
            &format!("{name}: undo the undo"),
        );
        assert_eq!(b.kv_entries(), after, "{name}: the rebuild's result again");
    }
}

#[test]
fn a_key_changed_after_the_run_is_refused_unless_forced() {
    for b in Backend::both() {
        let name = b.name();
        plant(&b);
        b.exec("UPDATE skills SET display_name = 'Alpha From D1' WHERE name = 'alpha'");
        let out = b.run(&["backfill", "skills", "--apply", "--yes", "--json"]);
        code(&out, 0, &format!("{name}: backfill"));
        let run = json_of(&out)["run_id"].as_str().unwrap().to_string();
        // Someone edits the value after the run.
        b.kv_put_entry(
            "skill:alpha",
            br#"{"name":"alpha","displayName":"Edited later"}"#,
            None,
            None,
        );
        let kv = b.kv_entries();
        let rows = b.rows("skills");
        b.clear_log();
        let out = b.run(&["runs", "undo", &run, "--yes"]);
        code(&out, 5, &format!("{name}: changed after the run"));
        assert!(
            stderr_of(&out).contains("skill:alpha"),
            "{name}: {}",
            stderr_of(&out)
        );
        assert!(stderr_of(&out).contains("--force"), "{name}");
        assert_eq!(b.mutating_requests(), 0, "{name}: refused before any write");
        assert_eq!((b.kv_entries(), b.rows("skills")), (kv, rows), "{name}");

        let out = b.run(&["runs", "undo", &run, "--yes", "--force", "--json"]);
        code(&out, 0, &format!("{name}: --force"));
        let doc = json_of(&out);
        assert_eq!(doc["forced_over"], json!(["skill:alpha"]), "{name}: {doc}");
        let v: Value = serde_json::from_slice(&b.kv_entries()["skill:alpha"].0).unwrap();
        assert_eq!(
            v["displayName"], "Alpha",
            "{name}: the value before the run"
        );
        // gamma (no row) and the index were never written by the backfill: untouched.
        assert_eq!(
            b.kv_entries()["skill:gamma"].1,
            Some(json!({"owner": "ops"})),
            "{name}"
        );
    }
}

#[test]
fn unknown_runs_and_runs_without_a_backup_are_usage_errors() {
    let b = Backend::local();
    plant(&b);
    let out = b.run(&["runs", "undo", "20990101T000000000Z-nothing", "--yes"]);
    code(&out, 2, "unknown run");
    assert!(
        stderr_of(&out).contains("mkt runs list"),
        "{}",
        stderr_of(&out)
    );
    let out = b.run(&["runs", "show", "nope"]);
    code(&out, 2, "unknown run");
    let out = b.run(&["runs", "list"]);
    code(&out, 0, "empty list");
}
