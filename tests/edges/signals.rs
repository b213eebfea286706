//! Ctrl-C during long writes, on the local store and on the Cloudflare target: exit 130 within
//! a moment, a store that still works, and (for repairs) a journal that resumes.

use std::process::Child;
use std::time::{Duration, Instant};

use serde_json::json;

use super::spawn;
use super::support::fake_cf::FakeCloudflare;
use super::support::{stderr_of, Sandbox};

/// Polls `ready` (up to a minute), then sends SIGINT; returns the output and how long mkt took
/// to exit after the signal (reported on failure, never asserted: machines differ).
fn interrupt_when(child: Child, ready: impl Fn() -> bool) -> (std::process::Output, Duration) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "mkt never got going"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = Instant::now();
    // SAFETY: kill(2) on the pid of a child this test spawned and has not reaped.
    let killed = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    assert_eq!(killed, 0, "SIGINT sent");
    let out = child.wait_with_output().unwrap();
    (out, sent.elapsed())
}

const NO_ENV: &[(&str, &str)] = &[];

/// Rows of the fake's D1 `skills` table.
fn d1_rows(fake: &FakeCloudflare) -> i64 {
    fake.d1_query("SELECT COUNT(*) AS n FROM skills")[0]["n"]
        .as_i64()
        .unwrap()
}

/// A backfill that writes one D1 statement per request (local: per transaction): many batches.
const BACKFILL_ONE_BY_ONE: &[&str] = &[
    "backfill",
    "skills",
    "--apply",
    "--yes",
    "--statements-per-request",
    "1",
];

fn count(db: &std::path::Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap_or(0)
}

#[test]
fn ctrl_c_during_a_long_local_seed_stops_at_a_safe_point() {
    let sb = Sandbox::new();
    let child = spawn(
        &sb,
        NO_ENV,
        &["seed", "--skills", "200000", "--reviews", "0"],
    );
    let db = sb.local_db();
    let (out, took) = interrupt_when(child, || {
        db.exists() && count(&db, "SELECT COUNT(*) FROM skills") > 0
    });
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(130), "after {took:?}: {err}");
    // It says what was written and how to finish.
    assert!(err.contains("interrupted while writing skills: "), "{err}");
    assert!(err.contains(" of 200000 skills written"), "{err}");
    assert!(err.contains("rerun the same mkt seed command"), "{err}");
    assert!(out.stdout.is_empty(), "no result claimed");
    // The store is whole: SQLite agrees, and mkt reads it.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let rows = count(&db, "SELECT COUNT(*) FROM skills");
    assert!(rows > 0 && rows < 200_000, "stopped part-way: {rows} rows");
    let health = sb.run(["health", "--json"]);
    assert!(
        matches!(health.status.code(), Some(0) | Some(3)),
        "{}",
        stderr_of(&health)
    );
}

#[test]
fn ctrl_c_during_a_long_remote_apply_leaves_a_journal_that_resumes() {
    let fake = FakeCloudflare::start();
    fake.d1_exec(&mkt::schema::skills_table_sql("skills"));
    fake.kv_put_many((0..600).map(|i| {
        (
            format!("skill:s{i:04}"),
            json!({"name": format!("s{i:04}"), "displayName": format!("S{i}")}).to_string(),
        )
    }));
    let sb = Sandbox::new();
    // One statement per request: 100 durable writes, each taking a while on the server.
    fake.set_latency(Duration::from_millis(40));
    let child = spawn(&sb, &fake.env(), BACKFILL_ONE_BY_ONE);
    let (out, took) = interrupt_when(child, || fake.mutating_requests().len() >= 3);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(130), "after {took:?}: {err}");
    // It says what each step wrote and how to continue, in one line.
    assert!(err.contains("error: interrupted: wrote durable "), "{err}");
    assert!(err.contains(" of 100 batches ("), "{err}");
    assert!(
        err.contains("run `mkt backfill skills --apply --yes --resume "),
        "says how to resume: {err}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("verified"), "no result claimed: {stdout}");
    let written = d1_rows(&fake);
    assert!(written > 0 && written < 600, "stopped part-way: {written}");
    // What it says it wrote is what the server holds: the stop fell between batches.
    assert!(
        err.contains(&format!("({written} items)")),
        "{written} rows: {err}"
    );
    assert!(
        std::fs::read_dir(sb.path().join(".mkt/runs"))
            .unwrap()
            .count()
            > 0
    );

    fake.set_latency(Duration::ZERO);
    let out = sb
        .mkt()
        .envs(fake.env())
        .args(["backfill", "skills", "--apply", "--yes", "--resume"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let n = d1_rows(&fake);
    assert_eq!(n, 600, "the resumed run converged");
}

#[test]
fn ctrl_c_during_a_remote_seed_says_how_far_it_got_and_a_rerun_finishes() {
    let fake = FakeCloudflare::start();
    fake.set_latency(Duration::from_millis(50));
    let sb = Sandbox::new();
    let seed = ["seed", "--skills", "12000", "--reviews", "0", "--yes"];
    let child = spawn(&sb, &fake.env(), &seed);
    // A few rounds' requests in (each round of 3,000 skills is several D1 and KV requests).
    let (out, took) = interrupt_when(child, || fake.mutating_requests().len() >= 3);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(130), "after {took:?}: {err}");
    assert!(err.contains("interrupted while writing skills: "), "{err}");
    assert!(err.contains(" of 12000 skills written"), "{err}");
    assert!(err.contains("rerun the same mkt seed command"), "{err}");
    assert!(out.stdout.is_empty(), "no result claimed");
    let rows = d1_rows(&fake);
    assert!(rows < 12_000, "stopped part-way: {rows} rows");

    // The same command again finishes what the first one started.
    fake.set_latency(Duration::ZERO);
    let out = sb.mkt().envs(fake.env()).args(seed).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let rows = d1_rows(&fake);
    assert_eq!(rows, 12_000);
}

/// `"event":"done"` lines in the only journal under `.mkt/runs/` (0 before it exists).
fn journal_done(sb: &Sandbox) -> usize {
    let Ok(dir) = std::fs::read_dir(sb.path().join(".mkt/runs")) else {
        return 0;
    };
    dir.flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|text| text.matches("\"event\":\"done\"").count())
        .sum()
}

#[test]
fn ctrl_c_during_a_long_local_apply_leaves_a_journal_that_resumes() {
    let sb = super::seeded("6000");
    // Every durable row gone: the backfill writes them back, one statement per transaction.
    let db = sb.local_db();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("DELETE FROM skills", [])
        .unwrap();
    let child = spawn(&sb, NO_ENV, BACKFILL_ONE_BY_ONE);
    let (out, took) = interrupt_when(child, || journal_done(&sb) >= 3);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(130), "after {took:?}: {err}");
    assert!(err.contains("error: interrupted: wrote durable "), "{err}");
    assert!(
        err.contains("run `mkt backfill skills --apply --yes --resume "),
        "{err}"
    );
    let rows = count(&db, "SELECT COUNT(*) FROM skills");
    assert!(rows > 0 && rows < 6_000, "stopped part-way: {rows} rows");
    assert!(
        err.contains(&format!("({rows} items)")),
        "{rows} rows: {err}"
    );
    let ok: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");

    let out = sb.run(["backfill", "skills", "--apply", "--yes", "--resume"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    // Converged: a new plan has no durable row left to write.
    let out = sb.run(["--json", "backfill", "skills"]);
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["plan"]["rows"], 0, "{plan}");
    assert!(count(&db, "SELECT COUNT(*) FROM skills") > 5_000);
}
