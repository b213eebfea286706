//! `mkt sync` between a local staging file and the fake Worker (and D1 directly): idempotent
//! pushes, partial failures that a rerun finishes, pulls that never leave a half-written file,
//! conflicts that keep both versions, and a `review_sync_events` row for every push and pull.

use serde_json::{json, Value};

use crate::fake_worker::{FakeWorker, Fault, Shape};
use crate::support::{stderr_of, stdout_of, Sandbox};

fn review(i: usize, at: &str) -> Value {
    json!({
        "id": format!("r{i:03}"),
        "target_type": if i.is_multiple_of(4) { "mcp" } else { "skill" },
        "target_id": format!("t{}", i % 7),
        "display_name": format!("user {i}"),
        "rating": i % 5 + 1,
        "title": format!("title {i}"),
        "body": format!("body {i}"),
        "source": "signet",
        "created_at": "2026-01-01T00:00:00.000Z",
        "updated_at": at,
    })
}

fn reviews(range: std::ops::Range<usize>) -> Vec<Value> {
    range
        .map(|i| review(i, "2026-01-02T00:00:00.000Z"))
        .collect()
}

struct Setup {
    sb: Sandbox,
    worker: FakeWorker,
    _dir: tempfile::TempDir,
}

fn setup(shape: Shape) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let worker = FakeWorker::start(&dir.path().join("worker.sqlite"), shape);
    Setup {
        sb: Sandbox::new(),
        worker,
        _dir: dir,
    }
}

impl Setup {
    fn file(&self) -> std::path::PathBuf {
        self.sb.path().join("reviews.json")
    }
    fn write_file(&self, doc: &Value) {
        self.sb
            .write("reviews.json", &serde_json::to_string_pretty(doc).unwrap());
    }
    fn read_file(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.file()).unwrap()).unwrap()
    }
    fn sync(&self, args: &[&str]) -> std::process::Output {
        self.sb
            .mkt()
            .envs(self.worker.env())
            .env("MKT_SYNC_FILE", self.file())
            .arg("sync")
            .args(args)
            .output()
            .unwrap()
    }
    /// Reviews that reach the Worker from another workstation (its own file and push).
    fn push_from_elsewhere(&self, docs: &Value) {
        let other = Sandbox::new();
        other.write("other.json", &docs.to_string());
        ok(&other
            .mkt()
            .envs(self.worker.env())
            .env("MKT_SYNC_FILE", other.path().join("other.json"))
            .args(["sync", "push"])
            .output()
            .unwrap());
    }
    fn remote_count(&self) -> i64 {
        self.worker.query("SELECT COUNT(*) AS n FROM reviews")[0]["n"]
            .as_i64()
            .unwrap()
    }
    /// (direction, status, error) of every review_sync_events row of the local store, oldest first.
    fn events(&self) -> Vec<(String, String, Option<String>)> {
        let conn = rusqlite::Connection::open(self.sb.local_db()).unwrap();
        let mut stmt = conn
            .prepare("SELECT direction, status, error FROM review_sync_events ORDER BY created_at, rowid")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
}

fn ok(out: &std::process::Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        stdout_of(out),
        stderr_of(out)
    );
}

#[test]
fn pushing_the_same_reviews_twice_writes_once() {
    let s = setup(Shape::WRAPPED);
    s.write_file(&json!(reviews(0..5)));
    let out = s.sync(&["push"]);
    ok(&out);
    assert!(
        stdout_of(&out).starts_with("pushed 5 review(s)"),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(s.remote_count(), 5);
    assert_eq!(s.worker.count("POST", "/ingest/signet-reviews"), 1);
    let out = s.sync(&["push", "--json"]);
    ok(&out);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["sent"].as_u64(), doc["already_same"].as_u64()),
        (Some(0), Some(5))
    );
    assert_eq!(
        s.worker.count("POST", "/ingest/signet-reviews"),
        1,
        "no second write"
    );
    assert_eq!(s.remote_count(), 5, "no duplicates");
    ok(&s.sync(&["status"]));
    assert_eq!(
        s.events(),
        vec![
            ("push".into(), "ok".into(), None),
            ("push".into(), "ok".into(), None)
        ]
    );
}

#[test]
fn a_push_interrupted_by_5xx_exits_6_and_the_rerun_sends_only_the_rest() {
    let s = setup(Shape::BARE);
    s.write_file(&json!({ "reviews": reviews(0..250) }));
    // The first batch (100) lands; every later ingest fails.
    s.worker
        .inject_after("POST", "/ingest", 1, None, Fault::html(503));
    let out = s.sync(&["push"]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(
        stderr.contains("push stopped after 100 of 250 reviews (100 accepted); 150 remain"),
        "{stderr}"
    );
    assert!(stderr.contains("run `mkt sync push` again"), "{stderr}");
    assert_eq!(s.remote_count(), 100);
    let events = s.events();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].0.as_str(), events[0].1.as_str()),
        ("push", "error")
    );
    assert!(events[0].2.as_deref().unwrap().contains("150 remain"));

    s.worker.clear_faults();
    s.worker.clear_log();
    let out = s.sync(&["push"]);
    ok(&out);
    assert_eq!(s.remote_count(), 250);
    // Only what was not accepted went out again.
    let sent: Vec<String> = s
        .worker
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.contains("/ingest"))
        .flat_map(|r| {
            r.json()["reviews"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(sent.len(), 150);
    assert!(sent.iter().all(|id| id.as_str() >= "r100"), "{sent:?}");
    assert_eq!(s.events().last().unwrap().1, "ok");
}

#[test]
fn a_pull_killed_midway_leaves_the_previous_file_intact() {
    let s = setup(Shape::DATA_CAMEL);
    s.write_file(&json!(reviews(0..2)));
    ok(&s.sync(&["push"]));
    // Three more reach the Worker from elsewhere.
    s.push_from_elsewhere(&json!(reviews(2..5)));
    let before = std::fs::read(s.file()).unwrap();
    let killed =
        s.sb.mkt()
            .envs(s.worker.env())
            .env("MKT_SYNC_FILE", s.file())
            .env("MKT_FAILPOINT", "sync_pull_before_rename")
            .args(["sync", "pull"])
            .output()
            .unwrap();
    assert_ne!(killed.status.code(), Some(0));
    assert_eq!(
        std::fs::read(s.file()).unwrap(),
        before,
        "the file is as it was"
    );
    let out = s.sync(&["pull"]);
    ok(&out);
    let doc = s.read_file();
    assert_eq!(doc.as_array().unwrap().len(), 5, "{doc}");
    assert!(
        stderr_of(&out).contains("previous version kept in"),
        "{}",
        stderr_of(&out)
    );
    let backups: Vec<_> = std::fs::read_dir(s.sb.path().join(".mkt/backups"))
        .unwrap()
        .collect();
    assert_eq!(backups.len(), 1);
    let leftovers: Vec<String> = std::fs::read_dir(s.sb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Nothing new: nothing written, no new backup.
    let out = s.sync(&["pull"]);
    ok(&out);
    assert!(
        stdout_of(&out).starts_with("pulled 0 review(s)"),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(
        std::fs::read_dir(s.sb.path().join(".mkt/backups"))
            .unwrap()
            .count(),
        1
    );
    let dirs: Vec<String> = s
        .events()
        .into_iter()
        .map(|e| format!("{}:{}", e.0, e.1))
        .collect();
    assert_eq!(dirs, ["push:ok", "pull:ok", "pull:ok"]);
}

#[test]
fn a_conflict_is_reported_and_both_versions_survive() {
    let s = setup(Shape::WRAPPED);
    let at = "2026-01-05T00:00:00.000Z";
    let mut theirs = review(1, at);
    theirs["title"] = json!("the Worker's title");
    s.push_from_elsewhere(&json!([theirs]));
    let mut mine = review(1, at);
    mine["title"] = json!("my title");
    s.write_file(&json!([mine, review(2, at)]));

    let out = s.sync(&["status", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let st: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(st["counts"]["conflicts"], 1);
    assert_eq!(st["reviews"]["conflicts"], json!(["r001"]));
    assert_eq!(st["counts"]["only_local"], 1);

    let out = s.sync(&["push"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("conflict: review r001"),
        "{}",
        stderr_of(&out)
    );
    let remote_title = s
        .worker
        .query("SELECT title FROM reviews WHERE id = 'r001'")[0]["title"]
        .clone();
    assert_eq!(
        remote_title, "the Worker's title",
        "the remote keeps its copy"
    );
    let out = s.sync(&["pull"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert_eq!(
        s.read_file()[0]["title"],
        "my title",
        "the file keeps its copy"
    );
    let saved: Vec<Value> = std::fs::read_dir(s.sb.path().join(".mkt/conflicts"))
        .unwrap()
        .map(|e| {
            serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap()
        })
        .collect();
    assert_eq!(saved.len(), 1, "one per conflict, not one per run");
    assert_eq!(saved[0]["local"]["title"], "my title");
    assert_eq!(saved[0]["remote"]["title"], "the Worker's title");
}

#[test]
fn the_newer_copy_wins_and_the_file_keeps_its_shape_and_fields() {
    let s = setup(Shape::ITEMS_CAMEL);
    let mut camel = json!({
        "id": "c1", "targetType": "skill", "targetId": "alpha", "displayName": "Ann", "rating": 2,
        "title": "old", "body": "b", "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
        "helpfulVotes": 7
    });
    s.write_file(&json!({ "version": 3, "reviews": [camel.clone(), review(5, "2026-01-01T00:00:00.000Z"), "not a review"] }));
    ok(&s.sync(&["push"]));
    // The push marked both as landed, each in its own spelling, and changed nothing else.
    let pushed = s.read_file();
    let mut marked = review(5, "2026-01-01T00:00:00.000Z");
    marked["source"] = json!("synced");
    marked["synced_at"] = pushed["reviews"][1]["synced_at"].clone();
    assert!(marked["synced_at"].is_string(), "{pushed}");
    assert_eq!(pushed["reviews"][1], marked);
    assert!(pushed["reviews"][0]["syncedAt"].is_string(), "{pushed}");
    // The Worker's copy gets newer (an edit through the API), the file's other one too.
    s.worker.exec("UPDATE reviews SET title = 'edited remotely', updated_at = '2026-03-01T00:00:00.000Z' WHERE id = 'c1'");
    let out = s.sync(&["pull", "--json"]);
    ok(&out);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["taken"].as_u64(), doc["replaced"].as_u64()),
        (Some(1), Some(1))
    );
    let file = s.read_file();
    assert_eq!(file["version"], 3);
    assert_eq!(
        file["reviews"][2], "not a review",
        "malformed records are kept"
    );
    camel["title"] = json!("edited remotely");
    let got = &file["reviews"][0];
    assert_eq!(got["title"], "edited remotely");
    assert_eq!(got["helpfulVotes"], 7, "unknown fields are kept");
    assert!(
        got.get("updatedAt").is_some() && got.get("updated_at").is_none(),
        "{got}"
    );
    assert_eq!(
        file["reviews"][1], pushed["reviews"][1],
        "untouched records stay as they were"
    );

    // Now the file's copy is newer: a push sends it, a status agrees afterwards.
    let mut file2 = file.clone();
    file2["reviews"][1]["title"] = json!("edited locally");
    file2["reviews"][1]["updated_at"] = json!("2026-04-01T00:00:00.000Z");
    s.write_file(&file2);
    let out = s.sync(&["push", "--json"]);
    ok(&out);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["sent"], 1);
    assert_eq!(
        s.worker
            .query("SELECT title FROM reviews WHERE id = 'r005'")[0]["title"],
        "edited locally"
    );
    let out = s.sync(&["status"]);
    ok(&out);
    assert!(
        stdout_of(&out).starts_with("in sync: 2 reviews"),
        "{}",
        stdout_of(&out)
    );
    assert!(
        stdout_of(&out).contains("last push: ") && stdout_of(&out).contains(" ok"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn direct_sync_to_d1_records_its_events_beside_the_reviews() {
    let sb = Sandbox::new();
    sb.write("reviews.json", &json!(reviews(0..3)).to_string());
    let run = |args: &[&str]| {
        sb.mkt()
            .env("MKT_SYNC_FILE", sb.path().join("reviews.json"))
            .arg("sync")
            .args(args)
            .output()
            .unwrap()
    };
    // No store yet: the remote side cannot be read, and a status creates nothing.
    let out = run(&["status", "--direct"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    assert!(!sb.local_db().exists());
    ok(&run(&["push", "--direct"]));
    ok(&run(&["status", "--direct"]));
    let listed = sb.run(["reviews", "list", "--json"]);
    let doc: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(doc["total"], 3);
    let conn = rusqlite::Connection::open(sb.local_db()).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM review_sync_events WHERE direction = 'push' AND status = 'ok'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    // The api target has no D1 to write straight into.
    let out = sb
        .mkt()
        .env("MKT_SYNC_FILE", "x.json")
        .env("MKT_API_URL", "http://127.0.0.1:9")
        .args(["--target", "api", "sync", "push", "--direct"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
}

#[test]
fn sync_config_shows_and_writes_only_when_asked() {
    let sb = Sandbox::new();
    sb.write(
        "mkt.toml",
        "# team settings\n[profiles.default]\nlocal_path = \"store.sqlite\"\n",
    );
    let out = sb.run(["sync", "config", "--json"]);
    ok(&out);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["backend"].as_str(), doc["mode"].as_str()),
        (Some("cloudflare-d1"), Some("staging"))
    );
    let out = sb.run(["sync", "config", "--mode", "production"]);
    ok(&out);
    assert!(stderr_of(&out).contains("not saved"), "{}", stderr_of(&out));
    assert!(!std::fs::read_to_string(sb.path().join("mkt.toml"))
        .unwrap()
        .contains("sync_mode"));
    let out = sb.run([
        "sync",
        "config",
        "--mode",
        "production",
        "--backend",
        "local-file",
        "--endpoint",
        "https://reviews.example.com/",
        "--file",
        "data/reviews.json",
        "--write",
    ]);
    ok(&out);
    let text = std::fs::read_to_string(sb.path().join("mkt.toml")).unwrap();
    assert!(text.starts_with("# team settings\n"), "{text}");
    for line in [
        "sync_mode = \"production\"",
        "sync_backend = \"local-file\"",
        "sync_endpoint = \"https://reviews.example.com\"",
        "sync_file = \"data/reviews.json\"",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    let out = sb.run(["sync", "config"]);
    ok(&out);
    assert!(
        stdout_of(&out).contains("profile default"),
        "{}",
        stdout_of(&out)
    );
    // The local-file backend syncs nothing.
    let out = sb.run(["sync", "push"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("local-file"),
        "{}",
        stderr_of(&out)
    );
    let out = sb.run(["sync", "config", "--mode", "sideways"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn production_mode_asks_before_writing() {
    let s = setup(Shape::BARE);
    s.write_file(&json!(reviews(0..2)));
    let out =
        s.sb.mkt()
            .envs(s.worker.env())
            .env("MKT_SYNC_FILE", s.file())
            .env("MKT_SYNC_MODE", "production")
            .args(["sync", "push"])
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert_eq!(s.remote_count(), 0);
    let out =
        s.sb.mkt()
            .envs(s.worker.env())
            .env("MKT_SYNC_FILE", s.file())
            .env("MKT_SYNC_MODE", "production")
            .args(["sync", "push", "--yes"])
            .output()
            .unwrap();
    ok(&out);
    assert_eq!(s.remote_count(), 2);
}

#[test]
fn a_review_deleted_through_the_worker_is_removed_from_the_file_by_a_pull() {
    let s = setup(Shape::RESULTS);
    s.write_file(&json!(reviews(0..2)));
    ok(&s.sync(&["push"]));
    ok(&s
        .sb
        .mkt()
        .envs(s.worker.env())
        .args(["--target", "api", "reviews", "delete", "r000", "--yes"])
        .output()
        .unwrap());
    // The Worker's list hides it; the lookup by id finds it deleted.
    let out = s.sync(&["status", "--json"]);
    let st: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(st["reviews"]["deleted_remotely"], json!(["r000"]), "{st}");
    let out = s.sync(&["pull"]);
    ok(&out);
    assert!(
        stderr_of(&out).contains("removed review r000 from the file"),
        "{}",
        stderr_of(&out)
    );
    // The daemon has no deletedAt: the review leaves the file.
    let file = s.read_file();
    assert_eq!(file.as_array().unwrap().len(), 1, "{file}");
    assert_eq!(file[0]["id"], "r001");
    ok(&s.sync(&["status"]));
}

#[test]
fn a_push_refused_before_anything_was_written_keeps_its_own_exit_code() {
    let s = setup(Shape::WRAPPED);
    s.write_file(&json!([review(1, "2026-01-02T00:00:00.000Z"), "junk"]));
    s.worker.inject(
        "POST",
        "/ingest",
        1,
        Fault::Status {
            status: 400,
            content_type: "application/json".into(),
            body: json!({"error": "title is too long for this Worker", "field": "title"})
                .to_string(),
        },
    );
    let out = s.sync(&["push"]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "rejected POST /ingest/signet-reviews (HTTP 400): title is too long for this Worker"
        ),
        "{stderr}"
    );
    assert_eq!(s.remote_count(), 0);
    assert_eq!(s.events()[0].1, "error");
    let out = s.sync(&["push"]);
    ok(&out);
    assert!(
        stderr_of(&out).contains("1 record(s) of") && stderr_of(&out).contains("are not reviews"),
        "{}",
        stderr_of(&out)
    );
}

/// `backfill reviews --via api` records its run where `mkt sync push` through the Worker does:
/// the Worker API has no endpoint for review_sync_events, so the row goes to the local store.
#[test]
fn a_backfill_through_the_worker_records_its_event_in_the_local_store() {
    let s = setup(Shape::WRAPPED);
    s.write_file(&json!(reviews(0..5)));
    let backfill = |extra: &[&str]| {
        s.sb.mkt()
            .envs(s.worker.env())
            .args([
                "--via",
                "api",
                "backfill",
                "reviews",
                "--from",
                "reviews.json",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    // A plan writes nothing anywhere: no local store appears for the events.
    let out = backfill(&[]);
    ok(&out);
    assert!(
        stdout_of(&out).contains("5 to insert"),
        "{}",
        stdout_of(&out)
    );
    assert!(!s.sb.local_db().exists(), "a plan opened the local store");

    let out = backfill(&["--apply", "--yes"]);
    ok(&out);
    let stdout = stdout_of(&out);
    assert!(
        stdout.contains("recorded in review_sync_events of local store")
            && stdout.contains("(push, ok): the Worker API has no endpoint for it"),
        "{stdout}"
    );
    assert_eq!(s.remote_count(), 5);
    assert_eq!(s.events(), vec![("push".into(), "ok".into(), None)]);
    // `sync status` sees it as the last push; the file's records are still pending by the
    // daemon's rule (a backfill does not touch the file) until a push marks them (see
    // tests/worker/daemon.rs).
    let out = s.sync(&["status", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["last_push"]["status"], "ok", "{doc}");
    assert_eq!(
        (
            doc["counts"]["same"].as_u64(),
            doc["counts"]["pending"].as_u64()
        ),
        (Some(5), Some(5)),
        "{doc}"
    );

    // Nothing left to write: no second row.
    ok(&backfill(&["--apply", "--yes"]));
    assert_eq!(s.events().len(), 1);

    // A failed write leaves an error row, and the output says what failed.
    s.write_file(&json!(reviews(5..8)));
    s.worker.inject_always(
        "POST",
        "/ingest",
        Fault::json(500, "D1_ERROR: database is locked"),
    );
    let out = backfill(&["--apply", "--yes", "--json"]);
    assert_ne!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("D1_ERROR: database is locked"),
        "{}",
        stderr_of(&out)
    );
    let events = s.events();
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(
        (events[1].0.as_str(), events[1].1.as_str()),
        ("push", "error")
    );
    assert!(
        events[1].2.as_deref().unwrap_or("").contains("D1_ERROR"),
        "{events:?}"
    );
    assert_eq!(s.remote_count(), 5);
}

/// A pull replaces the file the way an operator expects of a careful tool: a private file stays
/// private, and a symlinked file stays a link (the file it points at is replaced, and backed up).
#[cfg(unix)]
#[test]
fn a_pull_keeps_the_files_permissions_and_its_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let s = setup(Shape::WRAPPED);
    // The real file lives elsewhere; the configured path is a link to it.
    let real_dir = s.sb.path().join("shared");
    std::fs::create_dir_all(&real_dir).unwrap();
    let real = real_dir.join("reviews.json");
    std::fs::write(&real, json!(reviews(0..2)).to_string()).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink(&real, s.file()).unwrap();
    ok(&s.sync(&["push"]));
    // Another review reaches the Worker from elsewhere.
    s.push_from_elsewhere(&json!(reviews(2..3)));

    let out = s.sync(&["pull"]);
    ok(&out);
    assert!(
        stdout_of(&out).starts_with("pulled 1 review(s)"),
        "{}",
        stdout_of(&out)
    );
    let link = std::fs::symlink_metadata(s.file()).unwrap();
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&real).unwrap()).unwrap();
    assert_eq!(doc.as_array().unwrap().len(), 3, "{doc}");
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the file's permissions changed to {mode:o}");
    // The previous version was kept, and no temporary file is left beside either path.
    let backups: Vec<_> = std::fs::read_dir(s.sb.path().join(".mkt/backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let old: Value = serde_json::from_str(&std::fs::read_to_string(&backups[0]).unwrap()).unwrap();
    assert_eq!(old.as_array().unwrap().len(), 2);
    for dir in [s.sb.path().to_path_buf(), real_dir] {
        let tmps: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(tmps.is_empty(), "{tmps:?}");
    }
}

/// A pull removes the temporary file a killed run left, but not one of a pull still running
/// (its rename would fail): the owner's process id in the name tells them apart.
#[cfg(target_os = "linux")]
#[test]
fn a_pull_clears_dead_runs_temporary_files_and_spares_live_ones() {
    let s = setup(Shape::BARE);
    s.write_file(&json!(reviews(0..2)));
    ok(&s.sync(&["push"]));
    // Something for the pull to write: a newer copy on the Worker.
    s.worker.exec(
        "UPDATE reviews SET title = 'edited remotely', updated_at = '2026-02-01T00:00:00.000Z' WHERE id = 'r000'",
    );
    let dead = s.sb.path().join(".reviews.json.mkt-999999999.tmp");
    // This test's own process stands for a pull still running.
    let live =
        s.sb.path()
            .join(format!(".reviews.json.mkt-{}.tmp", std::process::id()));
    std::fs::write(&dead, "half").unwrap();
    std::fs::write(&live, "in progress").unwrap();
    let out = s.sync(&["pull"]);
    ok(&out);
    assert_eq!(s.read_file()[0]["title"], "edited remotely");
    assert!(!dead.exists(), "a dead run's temporary file is left");
    assert_eq!(
        std::fs::read_to_string(&live).unwrap(),
        "in progress",
        "a running pull's file was touched"
    );
}
