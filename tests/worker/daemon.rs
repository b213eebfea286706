//! `mkt sync` with the reviews daemon as it really keeps its file and settings
//! (tests/support/daemon.rs models it): mkt finds the file and the endpoint where the daemon
//! keeps them, writes only what the daemon reads, marks what landed as the daemon's own sync
//! does, never compares sync state as content, and carries deletions both ways.

use serde_json::{json, Value};

use crate::fake_worker::{FakeWorker, Shape, INTERNAL_KEY};
use crate::support::daemon::{is_pending, Daemon};
use crate::support::{stderr_of, stdout_of, Sandbox};

struct World {
    sb: Sandbox,
    worker: FakeWorker,
    daemon: Daemon,
    _dir: tempfile::TempDir,
}

fn world(shape: Shape) -> World {
    let dir = tempfile::tempdir().unwrap();
    let worker = FakeWorker::start(&dir.path().join("worker.sqlite"), shape);
    // The daemon's own sync sends no credentials (seed 000's token is optional).
    worker.set_open_ingest(true);
    let sb = Sandbox::new();
    let daemon = Daemon::new(&sb.path().join("signet"));
    daemon.configure(&format!("{}/ingest/signet-reviews", worker.url()), true);
    World {
        sb,
        worker,
        daemon,
        _dir: dir,
    }
}

impl World {
    /// `mkt` as a daemon user runs it: SIGNET_PATH and the key, nothing naming file or Worker.
    fn mkt(&self, args: &[&str]) -> std::process::Output {
        self.sb
            .mkt()
            .env("SIGNET_PATH", &self.daemon.signet)
            .env("MKT_INTERNAL_KEY", INTERNAL_KEY)
            .env("MKT_MAX_RETRIES", "1")
            .env("MKT_API_TIMEOUT", "5")
            .args(args)
            .output()
            .unwrap()
    }
    /// `mkt --target api …` against the Worker (the D1 side's own use).
    fn api(&self, args: &[&str]) -> std::process::Output {
        self.sb
            .mkt()
            .envs(self.worker.env())
            .arg("--target")
            .arg("api")
            .args(args)
            .output()
            .unwrap()
    }
    /// D1's live reviews: id → title.
    fn live(&self) -> Vec<(String, String)> {
        self.worker
            .query("SELECT id, title FROM reviews WHERE deleted_at IS NULL ORDER BY id")
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap().to_string(),
                    r["title"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
    /// What the daemon lists: id → title, by id.
    fn daemon_has(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self
            .daemon
            .read()
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap().to_string(),
                    r["title"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        v.sort();
        v
    }
    fn raw_file(&self) -> String {
        std::fs::read_to_string(self.daemon.file()).unwrap()
    }
}

fn code(out: &std::process::Output, want: i32) {
    assert_eq!(
        out.status.code(),
        Some(want),
        "stdout: {}\nstderr: {}",
        stdout_of(out),
        stderr_of(out)
    );
}

/// Every record is one the daemon keeps, and the file is its bare 2-space-indented array.
fn daemon_reads_everything(w: &World) {
    let text = w.raw_file();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let items = doc.as_array().expect("a bare array");
    assert_eq!(
        w.daemon.read().len(),
        items.len(),
        "the daemon drops records of {text}"
    );
    if !items.is_empty() {
        assert!(text.starts_with("[\n  {\n    \""), "{text}");
    }
}

#[test]
fn a_daemon_review_travels_to_d1_and_back_with_edits_and_deletes() {
    let w = world(Shape::WRAPPED);
    let long = "长".repeat(2000);
    let a = w.daemon.create(
        "skill",
        "skills.sh/中文-工具",
        "Ann",
        5,
        "🎉 great",
        "works",
    );
    let b = w
        .daemon
        .create("mcp", "@scope/mcp-server", "Bo", 3, "ok", &long);
    let c = w
        .daemon
        .create("skill", "skills.sh/foo", "Cy", 2, "meh", "hm");
    assert_eq!(w.daemon.pending().len(), 3);

    // Push: found by SIGNET_PATH, pushed to endpointUrl as given, marked as the daemon marks.
    let out = w.mkt(&["sync", "push"]);
    code(&out, 0);
    let err = stderr_of(&out);
    let file = w.daemon.file().display().to_string();
    assert!(
        err.contains(&format!(
            "file: {file} (from the reviews daemon's file (SIGNET_PATH))"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "daemon settings: {}",
            w.daemon.settings_path().display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "pushes to {}/ingest/signet-reviews (from endpointUrl in {})",
            w.worker.url(),
            w.daemon.settings_path().display()
        )),
        "{err}"
    );
    assert!(stdout_of(&out).starts_with("pushed 3 review(s)"));
    assert_eq!(w.live().len(), 3);
    // Sent as the daemon's own sync sends its batches.
    let ingests: Vec<_> = w
        .worker
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/ingest/signet-reviews"))
        .collect();
    assert!(!ingests.is_empty());
    for r in &ingests {
        assert_eq!(r.signet_sync.as_deref(), Some("1"));
        assert_eq!(r.json()["source"], "signet-marketplace");
        assert_eq!(r.json()["type"], "reviews-sync");
    }
    assert!(w.daemon.pending().is_empty(), "{}", w.raw_file());
    assert!(w.daemon.read().iter().all(|r| r["source"] == "synced"));
    let settings = w.daemon.settings();
    assert!(settings["lastSyncAt"].is_string(), "{settings:?}");
    assert!(settings["lastSyncError"].is_null());
    assert_eq!(settings["enabled"], true, "other keys are kept");
    assert_eq!(
        settings["endpointUrl"],
        format!("{}/ingest/signet-reviews", w.worker.url())
    );
    daemon_reads_everything(&w);
    code(&w.mkt(&["sync", "status"]), 0);

    // The D1 side edits one and deletes another; the daemon's own sync has nothing to send.
    code(
        &w.api(&["reviews", "edit", &a, "--title", "edited in D1"]),
        0,
    );
    code(&w.api(&["reviews", "delete", &c, "--yes"]), 0);
    let out = w.mkt(&["sync", "status", "--json"]);
    code(&out, 3);
    let st: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(st["reviews"]["remote_newer"], json!([a]), "{st}");
    assert_eq!(st["reviews"]["deleted_remotely"], json!([c]), "{st}");
    assert_eq!(st["counts"]["conflicts"], 0);

    let out = w.mkt(&["sync", "pull"]);
    code(&out, 0);
    assert!(
        stdout_of(&out).contains("(0 added, 1 replaced, 1 removed as deleted remotely)"),
        "{}",
        stdout_of(&out)
    );
    assert!(
        stderr_of(&out).contains(&format!("removed review {c} from the file")),
        "{}",
        stderr_of(&out)
    );
    // The daemon lists exactly D1's live reviews, counts none pending, reads every record.
    assert_eq!(w.daemon_has(), w.live());
    assert!(w.daemon.pending().is_empty(), "{}", w.raw_file());
    daemon_reads_everything(&w);
    let body_b = w.daemon.list("mcp", "@scope/mcp-server")[0]["body"].clone();
    assert_eq!(body_b, json!(long));
    code(&w.mkt(&["sync", "status"]), 0);

    // The daemon's next write keeps every pulled record.
    let d = w
        .daemon
        .create("mcp", "@scope/mcp-server", "Di", 4, "new", "x");
    assert_eq!(w.daemon.read().len(), 3);
    let out = w.mkt(&["sync", "status", "--json"]);
    code(&out, 3);
    let st: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(st["reviews"]["only_local"], json!([d]), "{st}");
    assert_eq!(st["reviews"]["pending"], json!([d]), "{st}");
    assert_eq!(st["counts"]["conflicts"], 0, "{st}");

    // Its own sync (no auth, source "synced" in the file, "local" in D1): still no conflict.
    assert_eq!(w.daemon.sync(), Ok(1));
    assert_eq!(
        w.worker
            .query(&format!("SELECT source FROM reviews WHERE id = '{d}'"))[0]["source"],
        "local"
    );
    let out = w.mkt(&["sync", "status"]);
    code(&out, 0);
    assert!(
        stdout_of(&out).starts_with("in sync: 3 reviews on both sides, none pending"),
        "{}",
        stdout_of(&out)
    );
    // Reruns are no-ops: nothing sent, the file untouched.
    let before = w.raw_file();
    let out = w.mkt(&["sync", "push", "--json"]);
    code(&out, 0);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["sent"].as_u64(), doc["marked"].as_u64()),
        (Some(0), Some(0))
    );
    code(&w.mkt(&["sync", "pull"]), 0);
    assert_eq!(w.raw_file(), before);
    assert!(!w.sb.path().join(".mkt/conflicts").exists());

    // Summary parity with the daemon on every reviewed target, through the Worker.
    for (t, id) in [
        ("skill", "skills.sh/中文-工具"),
        ("mcp", "@scope/mcp-server"),
        ("skill", "skills.sh/foo"),
    ] {
        let out = w.api(&["reviews", "summary", "--type", t, "--id", id, "--json"]);
        code(&out, 0);
        let s: Value = serde_json::from_slice(&out.stdout).unwrap();
        let (count, avg) = w.daemon.summary(t, id);
        assert_eq!(s["review_count"].as_u64(), Some(count as u64), "{t}/{id}");
        let ours = (s["avg_rating"].as_f64().unwrap() * 100.0).round() / 100.0;
        assert_eq!(ours, avg, "{t}/{id}");
    }
    let _ = b;
}

#[test]
fn a_review_deleted_in_the_daemon_is_deleted_in_d1_only_after_a_confirmed_plan() {
    let w = world(Shape::BARE);
    let keep = w
        .daemon
        .create("skill", "skills.sh/foo", "Ann", 4, "keep", "b");
    let gone = w
        .daemon
        .create("skill", "skills.sh/foo", "Bo", 1, "gone", "b");
    code(&w.mkt(&["sync", "push"]), 0);
    assert!(w.daemon.delete(&gone));

    let out = w.mkt(&["sync", "status"]);
    code(&out, 3);
    assert!(
        stdout_of(&out).contains(&format!(
            "deleted locally (`mkt sync push --propagate-deletes` deletes them remotely): {gone}"
        )),
        "{}",
        stdout_of(&out)
    );
    // A pull never brings it back.
    code(&w.mkt(&["sync", "pull"]), 0);
    assert_eq!(w.daemon.read().len(), 1);
    // A push says so and leaves it.
    let out = w.mkt(&["sync", "push"]);
    code(&out, 0);
    assert!(
        stderr_of(&out).contains("--propagate-deletes` soft-deletes them there"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(w.live().len(), 2);
    // Off a terminal the plan is shown and --yes is required: nothing is deleted.
    let out = w.mkt(&["sync", "push", "--propagate-deletes"]);
    code(&out, 5);
    assert!(
        stderr_of(&out).contains("plan: soft-delete 1 review(s)")
            && stderr_of(&out).contains(&gone),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(w.live().len(), 2);
    let out = w.mkt(&["sync", "push", "--propagate-deletes", "--yes"]);
    code(&out, 0);
    assert!(
        stdout_of(&out).contains("soft-deleted 1 review(s)"),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(w.live(), vec![(keep.clone(), "keep".to_string())]);
    let deleted = w.worker.query(&format!(
        "SELECT deleted_at FROM reviews WHERE id = '{gone}'"
    ));
    assert!(deleted[0]["deleted_at"].is_string(), "soft, not hard");
    code(&w.mkt(&["sync", "status"]), 0);
}

#[test]
fn pulls_write_what_the_daemon_reads_into_a_missing_file_an_empty_one_and_the_other_spelling() {
    let w = world(Shape::DATA_CAMEL);
    // D1 holds two live reviews and a deleted one; none came from this daemon.
    for (id, title) in [("w1", "one"), ("w2", "two"), ("w3", "three")] {
        code(
            &w.api(&[
                "reviews",
                "add",
                "--type",
                "skill",
                "--id",
                "skills.sh/foo",
                "--rating",
                "4",
                "--title",
                title,
                "--body",
                "b",
                "--display-name",
                "Remote",
                "--review-id",
                id,
            ]),
            0,
        );
    }
    code(&w.api(&["reviews", "delete", "w3", "--yes"]), 0);

    // A missing file: named with --file, created as the daemon's bare camelCase array.
    let file = w.daemon.file().display().to_string();
    let out = w.mkt(&["sync", "pull", "--file", &file]);
    code(&out, 0);
    daemon_reads_everything(&w);
    assert_eq!(w.daemon_has(), w.live());
    assert!(w.daemon.pending().is_empty());
    let first = &serde_json::from_str::<Value>(&w.raw_file()).unwrap()[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "targetType",
            "targetId",
            "displayName",
            "rating",
            "title",
            "body",
            "source",
            "createdAt",
            "updatedAt",
            "syncedAt"
        ]
    );
    assert_eq!(first["source"], "synced");

    // `[]`, what the daemon leaves after deleting its last review.
    std::fs::write(w.daemon.file(), "[]").unwrap();
    std::fs::remove_file(
        w.sb.path()
            .join("signet/marketplace/.reviews.json.mkt-sync.json"),
    )
    .ok();
    let out = w.mkt(&["sync", "pull"]);
    code(&out, 0);
    daemon_reads_everything(&w);
    assert_eq!(w.daemon_has(), w.live());
    assert!(w.daemon.pending().is_empty());

    // A file in the other spelling keeps it.
    let other = w.sb.path().join("snake.json");
    std::fs::write(
        &other,
        serde_json::to_string_pretty(&json!([{
            "id": "mine", "target_type": "skill", "target_id": "skills.sh/bar",
            "display_name": "Me", "rating": 2, "title": "t", "body": "b",
            "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z"
        }]))
        .unwrap(),
    )
    .unwrap();
    let out = w.mkt(&["sync", "pull", "--file", other.to_str().unwrap()]);
    code(&out, 0);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&other).unwrap()).unwrap();
    let items = doc.as_array().unwrap();
    assert_eq!(items.len(), 3, "{doc}");
    for r in items {
        assert!(
            r.get("target_id").is_some() && r.get("targetId").is_none(),
            "{r}"
        );
    }
    assert!(
        items.iter().all(|r| r["id"] != "w3"),
        "a deleted review was written"
    );
}

#[test]
fn a_record_the_daemon_would_drop_is_skipped_and_said_why() {
    let w = world(Shape::BARE);
    w.daemon
        .create("skill", "skills.sh/foo", "Ann", 4, "fine", "b");
    code(&w.mkt(&["sync", "push"]), 0);
    // Another writer left a review with a blank title in D1.
    w.worker.exec(
        "INSERT INTO reviews (id, target_type, target_id, display_name, rating, title, body, source, created_at, updated_at)
         VALUES ('blank', 'skill', 'skills.sh/foo', 'X', 3, '   ', 'b', 'signet', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
    );
    let out = w.mkt(&["sync", "pull"]);
    code(&out, 0);
    assert!(
        stderr_of(&out).contains("skipped review blank from")
            && stderr_of(&out)
                .contains("its title is empty, and the daemon drops records without one"),
        "{}",
        stderr_of(&out)
    );
    assert!(!w.raw_file().contains("\"blank\""));
    daemon_reads_everything(&w);
}

/// Another program appends a snake_case record (a review to mkt, nothing to the daemon) and one
/// with a blank title (neither reads it). Returns the file's records.
fn append_unreadable_records(w: &World) -> Vec<Value> {
    let mut items: Vec<Value> = serde_json::from_str(&w.raw_file()).unwrap();
    items.push(json!({
        "id": "snake", "target_type": "skill", "target_id": "skills.sh/foo",
        "display_name": "Sam", "rating": 3, "title": "t", "body": "b",
        "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z"
    }));
    items.push(json!({
        "id": "blank", "targetType": "skill", "targetId": "skills.sh/foo",
        "displayName": "Bo", "rating": 3, "title": "  ", "body": "b",
        "createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:00.000Z"
    }));
    std::fs::write(
        w.daemon.file(),
        serde_json::to_string_pretty(&items).unwrap(),
    )
    .unwrap();
    items
}

#[test]
fn push_and_pull_name_the_records_the_daemon_cannot_read_and_keep_them() {
    let w = world(Shape::BARE);
    w.daemon
        .create("skill", "skills.sh/foo", "Ann", 4, "fine", "b");
    code(&w.mkt(&["sync", "push"]), 0);
    append_unreadable_records(&w);
    // Push and pull say what status says, and list them in --json; the records stay in the file.
    for verb in ["push", "pull"] {
        let out = w.mkt(&["sync", verb, "--yes", "--json"]);
        code(&out, 0);
        let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
        assert_eq!(
            doc["daemon_drops"].as_array().map(Vec::len),
            Some(2),
            "{verb}: {doc}"
        );
        assert!(
            stderr_of(&out).contains("2 record(s) of ")
                && stderr_of(&out).contains("cannot be read by the reviews daemon"),
            "{verb}: {}",
            stderr_of(&out)
        );
        let raw = w.raw_file();
        assert!(
            raw.contains("\"snake\"") && raw.contains("\"blank\""),
            "{verb}: {raw}"
        );
    }
}

#[test]
fn status_counts_the_records_of_the_file_it_cannot_read_and_says_so() {
    let w = world(Shape::BARE);
    let kept = w
        .daemon
        .create("skill", "skills.sh/foo", "Ann", 4, "fine", "b");
    code(&w.mkt(&["sync", "push"]), 0);
    let items = append_unreadable_records(&w);

    let out = w.mkt(&["sync", "status", "--json"]);
    code(&out, 3);
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["counts"]["malformed_local"], 1, "{doc}");
    assert_eq!(doc["counts"]["daemon_drops"], 2, "{doc}");
    assert_eq!(doc["malformed_local"][0]["path"], ".[2]", "{doc}");
    let drops: Vec<(&str, &str)> = doc["daemon_drops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["path"].as_str().unwrap(), m["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        drops,
        [
            (
                ".[1]",
                "it spells targetType as target_type, and the daemon reads camelCase fields only"
            ),
            (".[2]", "its title is empty"),
        ]
    );
    let err = stderr_of(&out);
    assert!(
        err.contains("1 record(s) of ")
            && err.contains("cannot be read as reviews: not compared, never synced")
            && err.contains(".[2] id blank"),
        "{err}"
    );
    assert!(
        err.contains("2 record(s) of ")
            && err.contains("cannot be read by the reviews daemon: it drops them on reading and erases them on its next write"),
        "{err}"
    );
    let out = w.mkt(&["sync", "status"]);
    assert!(
        stdout_of(&out).contains(
            "; 1 record(s) of the file not readable as reviews; 2 record(s) the daemon cannot read"
        ),
        "{}",
        stdout_of(&out)
    );
    // The daemon's file as an object: the daemon reads none of it.
    std::fs::write(
        w.daemon.file(),
        serde_json::to_string_pretty(&json!({ "reviews": [items[0].clone()] })).unwrap(),
    )
    .unwrap();
    assert!(w.daemon.read().is_empty());
    let out = w.mkt(&["sync", "status", "--json"]);
    code(&out, 0);
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["counts"]["daemon_drops"], 1, "{doc}");
    assert_eq!(doc["daemon_drops"][0]["path"], ".reviews[0]", "{doc}");
    assert_eq!(doc["daemon_drops"][0]["id"], kept.as_str(), "{doc}");
    assert!(
        stderr_of(&out)
            .contains("the file is an object, not a bare array, and the daemon reads it as empty"),
        "{}",
        stderr_of(&out)
    );

    // Another file, which the daemon never reads: nothing counted for it.
    let other = w.sb.path().join("mine.json");
    std::fs::write(&other, serde_json::to_string_pretty(&items[1..2]).unwrap()).unwrap();
    let out = w.mkt(&[
        "sync",
        "status",
        "--json",
        "--file",
        other.to_str().unwrap(),
    ]);
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["counts"]["daemon_drops"], 0, "{doc}");
    assert!(
        !stderr_of(&out).contains("reviews daemon"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn only_changes_on_both_sides_conflict_one_file_per_conflict() {
    let w = world(Shape::WRAPPED);
    let x = w
        .daemon
        .create("skill", "skills.sh/foo", "Ann", 4, "base", "b");
    code(&w.mkt(&["sync", "push"]), 0);
    // Changed on both sides since the last sync.
    assert!(w.daemon.edit(&x, json!({"title": "daemon's"})));
    code(&w.api(&["reviews", "edit", &x, "--title", "D1's"]), 0);
    let out = w.mkt(&["sync", "status", "--json"]);
    code(&out, 3);
    let st: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(st["reviews"]["conflicts"], json!([x]), "{st}");
    for _ in 0..2 {
        let out = w.mkt(&["sync", "pull"]);
        code(&out, 3);
        assert!(
            stderr_of(&out).contains(&format!("conflict: review {x} changed on both sides")),
            "{}",
            stderr_of(&out)
        );
        code(&w.mkt(&["sync", "push"]), 3);
    }
    let saved: Vec<_> = std::fs::read_dir(w.sb.path().join(".mkt/conflicts"))
        .unwrap()
        .collect();
    assert_eq!(saved.len(), 1, "one per conflict, not one per run");
    assert_eq!(
        w.daemon.read()[0]["title"],
        "daemon's",
        "the file keeps its copy"
    );
}

#[test]
fn one_command_settles_a_review_deleted_in_the_daemon_and_edited_in_d1_either_way() {
    let w = world(Shape::BARE);
    let a = w
        .daemon
        .create("skill", "skills.sh/foo", "Ann", 4, "base a", "b");
    let b = w
        .daemon
        .create("mcp", "@scope/mcp-server", "Bo", 3, "base b", "b");
    code(&w.mkt(&["sync", "push"]), 0);
    // a: deleted in the daemon, edited in D1. b: edited on both sides.
    assert!(w.daemon.delete(&a));
    code(&w.api(&["reviews", "edit", &a, "--title", "D1's a"]), 0);
    assert!(w.daemon.edit(&b, json!({"title": "daemon's b"})));
    code(&w.api(&["reviews", "edit", &b, "--title", "D1's b"]), 0);
    let out = w.mkt(&["sync", "status", "--json"]);
    code(&out, 3);
    let st: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut want = vec![a.clone(), b.clone()];
    want.sort();
    let mut got: Vec<String> = serde_json::from_value(st["reviews"]["conflicts"].clone()).unwrap();
    got.sort();
    assert_eq!(got, want, "{st}");

    // Only conflicts can be resolved; the plan is shown and nothing is written without --yes.
    let out = w.mkt(&["sync", "resolve", "nope", "--take", "remote"]);
    code(&out, 2);
    assert!(
        stderr_of(&out).contains("not in conflict"),
        "{}",
        stderr_of(&out)
    );
    let before = w.raw_file();
    let out = w.mkt(&["sync", "resolve", &a, "--take", "remote"]);
    code(&out, 5);
    assert!(
        stderr_of(&out).contains(&format!(
            "{a}  (deleted from the file, changed remotely)  → write the remote copy into the file"
        )),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(w.raw_file(), before);

    // D1's edit wins over the daemon's deletion: the review is back in the daemon, in sync.
    let out = w.mkt(&["sync", "resolve", &a, "--take", "remote", "--yes"]);
    code(&out, 0);
    assert!(
        stdout_of(&out).contains(&format!(
            "resolved {a}: write the remote copy into the file"
        )),
        "{}",
        stdout_of(&out)
    );
    assert!(w.daemon_has().contains(&(a.clone(), "D1's a".to_string())));
    daemon_reads_everything(&w);
    // The daemon's edit wins over D1's: D1 holds the daemon's copy.
    code(
        &w.mkt(&["sync", "resolve", &b, "--take", "file", "--yes"]),
        0,
    );
    assert!(w.live().contains(&(b.clone(), "daemon's b".to_string())));
    assert_eq!(w.daemon_has(), w.live());
    assert!(w.daemon.pending().is_empty(), "{:?}", w.daemon.pending());
    code(&w.mkt(&["sync", "status"]), 0);
    assert_eq!(w.daemon.sync(), Ok(0));

    // The other way for a deletion: the daemon's deletion wins, D1 soft-deletes its copy.
    assert!(w.daemon.delete(&a));
    code(
        &w.api(&["reviews", "edit", &a, "--title", "D1's a again"]),
        0,
    );
    let out = w.mkt(&["sync", "resolve", "--all", "--take", "file", "--yes"]);
    code(&out, 0);
    assert!(
        stdout_of(&out).contains(&format!(
            "resolved {a}: soft-delete it remotely (deleted from the file)"
        )),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(w.live(), vec![(b.clone(), "daemon's b".to_string())]);
    let deleted = w
        .worker
        .query(&format!("SELECT deleted_at FROM reviews WHERE id = '{a}'"));
    assert!(deleted[0]["deleted_at"].is_string(), "soft, not hard");
    code(&w.mkt(&["sync", "status"]), 0);
    let out = w.mkt(&["sync", "resolve", "--all", "--take", "file"]);
    code(&out, 0);
    assert!(
        stdout_of(&out).contains("no conflicts: nothing to resolve"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn conflict_files_of_look_alike_ids_never_collide() {
    let w = world(Shape::WRAPPED);
    let at = "2026-01-05T00:00:00.000Z";
    let rec = |id: &str, title: &str| {
        json!({"id": id, "targetType": "skill", "targetId": "t", "displayName": "A", "rating": 3,
               "title": title, "body": "b", "source": "local", "createdAt": at, "updatedAt": at,
               "syncedAt": null})
    };
    // The Worker holds other content under the same ids at the same instant.
    let other = Sandbox::new();
    other.write(
        "o.json",
        &json!([rec("a/b", "theirs"), rec("a_b", "theirs")]).to_string(),
    );
    code(
        &other
            .mkt()
            .envs(w.worker.env())
            .env("MKT_SYNC_FILE", other.path().join("o.json"))
            .args(["sync", "push"])
            .output()
            .unwrap(),
        0,
    );
    std::fs::write(
        w.daemon.file(),
        serde_json::to_string_pretty(&json!([rec("a/b", "mine"), rec("a_b", "mine")])).unwrap(),
    )
    .unwrap();
    let out = w.mkt(&["sync", "pull"]);
    code(&out, 3);
    let names: Vec<String> = std::fs::read_dir(w.sb.path().join(".mkt/conflicts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let ids: std::collections::BTreeSet<String> = names
        .iter()
        .map(|n| {
            let v: Value = serde_json::from_str(
                &std::fs::read_to_string(w.sb.path().join(".mkt/conflicts").join(n)).unwrap(),
            )
            .unwrap();
            v["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids.len(), 2, "{names:?}");
}

#[test]
fn sync_config_shows_the_daemons_file_and_endpoint_and_hints_name_their_setting() {
    let w = world(Shape::BARE);
    w.daemon
        .create("skill", "skills.sh/foo", "Ann", 4, "t", "b");
    let out = w.mkt(&["sync", "config", "--json"]);
    code(&out, 0);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["file"], w.daemon.file().display().to_string(), "{doc}");
    assert_eq!(
        doc["endpoint"],
        format!("{}/ingest/signet-reviews", w.worker.url())
    );
    assert_eq!(doc["worker_url"], w.worker.url());
    assert_eq!(
        doc["daemon_settings"],
        w.daemon.settings_path().display().to_string()
    );

    // The daemon's full ingest URL saved as sync_endpoint works as given.
    let ingest = format!("{}/ingest/signet-reviews", w.worker.url());
    code(
        &w.mkt(&["sync", "config", "--endpoint", &ingest, "--write"]),
        0,
    );
    w.daemon
        .configure("http://127.0.0.1:1/ingest/signet-reviews", true);
    let out = w.mkt(&["sync", "push"]);
    code(&out, 0);
    assert!(
        stderr_of(&out).contains("(from sync_endpoint in profile default)"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(w.live().len(), 1);

    // Without it, the daemon's unreachable endpoint: the hint names endpointUrl, not --api-url.
    std::fs::remove_file(w.sb.path().join("mkt.toml")).unwrap();
    let out = w.mkt(&["sync", "status"]);
    assert_ne!(out.status.code(), Some(0));
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!(
            "check endpointUrl in {}",
            w.daemon.settings_path().display()
        )) && !err.contains("--api-url"),
        "{err}"
    );
    // A failed push is recorded where the daemon records its own.
    let out = w.mkt(&["sync", "push"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(w.daemon.settings()["lastSyncError"].is_string());
}

#[test]
fn backfill_reviews_reads_the_daemons_file_by_default() {
    let w = world(Shape::BARE);
    w.daemon
        .create("skill", "skills.sh/foo", "Ann", 4, "t", "b");
    let out =
        w.sb.mkt()
            .env("SIGNET_PATH", &w.daemon.signet)
            .args(["backfill", "reviews", "--apply", "--yes"])
            .output()
            .unwrap();
    code(&out, 0);
    assert!(
        stderr_of(&out).contains("(from the reviews daemon's file (SIGNET_PATH))"),
        "{}",
        stderr_of(&out)
    );
    let listed = w.sb.run(["reviews", "list", "--json"]);
    let doc: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(doc["total"], 1);
    // Pending until synced: the daemon's rule.
    assert!(w.daemon.read().iter().all(is_pending));
}

/// D1 holding reviews in forms another writer leaves: texts with surrounding space (the daemon
/// keeps them trimmed), timestamps without milliseconds, in SQLite's spelling and in the future.
/// After a pull the daemon reads every one, counts none pending (it compares the text of
/// `updatedAt` and `syncedAt`), and after its own next write `sync status` still finds nothing
/// to do.
#[test]
fn reviews_in_every_form_d1_holds_are_pulled_so_the_daemon_keeps_them_in_sync() {
    let w = world(Shape::BARE);
    w.daemon
        .create("skill", "skills.sh/foo", "Ann", 4, "fine", "b");
    code(&w.mkt(&["sync", "push"]), 0);
    w.worker.exec(
        "INSERT INTO reviews (id, target_type, target_id, display_name, rating, title, body, source, created_at, updated_at) VALUES
         ('spaced', 'skill', 'skills.sh/foo', '  Bo  ', 3, '  padded title ', ' body ', 'signet', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'),
         ('sqlite', 'mcp', '@scope/mcp-server', 'Cy', 5, 'sqlite time', 'b', 'signet', '2026-01-01 00:00:00', '2026-01-02 10:00:00'),
         ('future', 'skill', 'skills.sh/中文-工具', 'Di', 1, 'from a fast clock', 'b', 'signet', '2099-01-01T00:00:00Z', '2099-01-01T00:00:00Z')"
            ,
    );
    let out = w.mkt(&["sync", "pull", "--yes"]);
    code(&out, 0);
    daemon_reads_everything(&w);
    assert_eq!(w.daemon.read().len(), 4, "{}", w.raw_file());
    assert!(
        w.daemon.pending().is_empty(),
        "the daemon counts pulled reviews pending: {:?}",
        w.daemon.pending()
    );
    let out = w.mkt(&["sync", "status", "--json"]);
    code(&out, 0);
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["counts"]["pending"], 0, "{doc}");

    // The daemon's next write keeps every record, trimmed; nothing is pending, nothing differs.
    let new = w
        .daemon
        .create("mcp", "@scope/mcp-server", "Ed", 2, "new one", "b");
    assert_eq!(w.daemon.read().len(), 5);
    let spaced = w
        .daemon
        .read()
        .into_iter()
        .find(|r| r["id"] == "spaced")
        .unwrap();
    assert_eq!(spaced["title"], "padded title");
    let out = w.mkt(&["sync", "status", "--json"]);
    code(&out, 3);
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["reviews"]["only_local"], json!([new]), "{doc}");
    assert_eq!(doc["reviews"]["pending"], json!([new]), "{doc}");
    assert_eq!(doc["counts"]["conflicts"], 0, "{doc}");
    assert_eq!(doc["counts"]["local_newer"], 0, "{doc}");
    assert_eq!(doc["counts"]["remote_newer"], 0, "{doc}");
    code(&w.mkt(&["sync", "push"]), 0);
    assert!(w.daemon.pending().is_empty(), "{:?}", w.daemon.pending());
    let out = w.mkt(&["sync", "status"]);
    code(&out, 0);
}

/// A file another editor saved with a byte-order mark: the daemon (JSON.parse) reads it as
/// empty. Status names every record as one the daemon drops; a pull that writes the file leaves
/// the mark out, and the daemon reads every record again.
#[test]
fn a_byte_order_mark_is_named_and_left_out_by_the_next_write() {
    let w = world(Shape::BARE);
    w.daemon
        .create("skill", "skills.sh/foo", "Ann", 4, "fine", "b");
    code(&w.mkt(&["sync", "push"]), 0);
    let text = w.raw_file();
    std::fs::write(w.daemon.file(), format!("\u{feff}{text}")).unwrap();
    assert!(w.daemon.read().is_empty());
    let out = w.mkt(&["sync", "status", "--json"]);
    code(&out, 0);
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["counts"]["daemon_drops"], 1, "{doc}");
    assert!(
        stderr_of(&out).contains("the file starts with a byte-order mark"),
        "{}",
        stderr_of(&out)
    );
    // A review written in D1 is pulled: the file is rewritten, without the mark.
    w.worker.exec(
        "INSERT INTO reviews (id, target_type, target_id, display_name, rating, title, body, source, created_at, updated_at)
         VALUES ('d1', 'skill', 'skills.sh/foo', 'X', 3, 'from d1', 'b', 'signet', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
    );
    code(&w.mkt(&["sync", "pull", "--yes"]), 0);
    assert!(!w.raw_file().starts_with('\u{feff}'));
    assert_eq!(w.daemon.read().len(), 2, "{}", w.raw_file());
    daemon_reads_everything(&w);
    code(&w.mkt(&["sync", "status"]), 0);
}
