//! Owner-only files (issue 20, item 7): after a repair on the local store and on Cloudflare, a
//! budget write and a sync pull with a conflict, every directory under `.mkt/` and the cache
//! directory is 0700 and every file 0600.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::json;

use crate::fake_worker::{FakeWorker, Shape};
use crate::support::fake_cf::FakeCloudflare;
use crate::support::{stderr_of, Sandbox};

fn ok(what: &str, out: &std::process::Output) {
    assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr_of(out));
}

/// (relative path, mode) of `dir` and everything under it.
fn modes(dir: &Path) -> Vec<(String, bool, u32)> {
    fn walk(p: &Path, base: &Path, out: &mut Vec<(String, bool, u32)>) {
        let m = std::fs::symlink_metadata(p).unwrap();
        let rel = p.strip_prefix(base).unwrap().display().to_string();
        out.push((rel, m.is_dir(), m.permissions().mode() & 0o777));
        if m.is_dir() {
            for e in std::fs::read_dir(p).unwrap().flatten() {
                walk(&e.path(), base, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir.parent().unwrap(), &mut out);
    out.sort();
    out
}

fn assert_owner_only(dir: &Path) -> Vec<(String, bool, u32)> {
    let all = modes(dir);
    for (path, is_dir, mode) in &all {
        let want = if *is_dir { 0o700 } else { 0o600 };
        assert_eq!(*mode, want, "{path} is {mode:o}: {all:?}");
    }
    all
}

#[test]
fn everything_under_the_state_and_cache_directories_is_the_owners_only() {
    let sb = Sandbox::new();
    // A repair on the local store: the store, a journal, backups of the index and the values.
    ok(
        "seed",
        &sb.run([
            "-q",
            "seed",
            "--skills",
            "30",
            "--reviews",
            "0",
            "--scenario",
            "skill-loss",
        ]),
    );
    ok(
        "index rebuild",
        &sb.run(["index", "rebuild", "--apply", "--yes"]),
    );
    ok(
        "backfill",
        &sb.run([
            "backfill",
            "skills",
            "--authority",
            "durable",
            "--apply",
            "--yes",
        ]),
    );

    // A repair on Cloudflare: the request budget in the cache directory.
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&["alpha".to_string(), "beta".to_string()]);
    fake.kv_put(
        "skill:gamma",
        &json!({"name": "gamma", "displayName": "Gamma", "category": "tools", "labels": []})
            .to_string(),
    );
    let out = sb
        .mkt()
        .envs(fake.env())
        .args([
            "--target",
            "cloudflare",
            "index",
            "rebuild",
            "--apply",
            "--yes",
        ])
        .output()
        .unwrap();
    ok("index rebuild on cloudflare", &out);

    // A sync pull that keeps a conflict (and backs up the file it replaces).
    let wdir = tempfile::tempdir().unwrap();
    let worker = FakeWorker::start(&wdir.path().join("worker.sqlite"), Shape::WRAPPED);
    let review = |title: &str| {
        json!({"id": "r001", "target_type": "skill", "target_id": "t1", "display_name": "Ann",
            "rating": 4, "title": title, "body": "b", "source": "signet",
            "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-05T00:00:00.000Z"})
    };
    let other = Sandbox::new();
    other.write(
        "other.json",
        &json!([review("the Worker's title")]).to_string(),
    );
    ok(
        "push from elsewhere",
        &other
            .mkt()
            .envs(worker.env())
            .env("MKT_SYNC_FILE", other.path().join("other.json"))
            .args(["sync", "push"])
            .output()
            .unwrap(),
    );
    sb.write("reviews.json", &json!([review("my title")]).to_string());
    let out = sb
        .mkt()
        .envs(worker.env())
        .env("MKT_SYNC_FILE", sb.path().join("reviews.json"))
        .args(["sync", "pull"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "a conflict: {}",
        stderr_of(&out)
    );

    let state = assert_owner_only(&sb.path().join(".mkt"));
    for wanted in [
        ".mkt/local.sqlite",
        ".mkt/runs",
        ".mkt/backups",
        ".mkt/conflicts",
    ] {
        assert!(
            state.iter().any(|(p, _, _)| p == wanted),
            "{wanted}: {state:?}"
        );
    }
    let backups = state
        .iter()
        .filter(|(p, d, _)| p.starts_with(".mkt/backups/") && !d)
        .count();
    assert!(
        backups >= 3,
        "index, values and sync file backups: {state:?}"
    );
    let cache = assert_owner_only(&sb.path().join("home/.cache/mkt"));
    assert!(
        cache.iter().any(|(p, _, _)| p.contains("budget-")),
        "the budget file: {cache:?}"
    );
}
