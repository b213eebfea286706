//! `mkt db migrate`: idempotent, reports the tables, and `--dry-run` touches nothing.

mod support;

use serde_json::Value;
use support::{stderr_of, stdout_of, Sandbox};

#[test]
fn dry_run_prints_the_sql_and_writes_nothing() {
    let sb = Sandbox::new();
    let out = sb.run(["db", "migrate", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let sql = stdout_of(&out);
    let blocks: Vec<&str> = sql.split("\n\n").collect();
    assert_eq!(blocks.len(), 5, "one statement per block:\n{sql}");
    assert!(blocks.iter().all(|b| b.trim_end().ends_with(';')), "{sql}");
    for table in [
        "skills",
        "reviews",
        "review_sync_events",
        "review_aggregates",
    ] {
        assert!(
            sql.contains(&format!("CREATE TABLE IF NOT EXISTS {table} (")),
            "{table}"
        );
    }
    assert!(sql.contains("CHECK (rating BETWEEN 1 AND 5)"));
    assert!(
        !sb.path().join(".mkt").exists(),
        "a dry run must not create the local store"
    );
    assert_eq!(std::fs::read_dir(sb.path()).unwrap().count(), 0);
}

#[test]
fn dry_run_uses_the_configured_table_names() {
    let sb = Sandbox::new();
    let out = sb
        .mkt()
        .env("MKT_SKILLS_TABLE", "catalog_skills")
        .args(["db", "migrate", "--dry-run", "--json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema_version"], "1.0");
    assert_eq!(doc["dry_run"], true);
    let first = doc["statements"][0].as_str().unwrap();
    assert!(
        first.starts_with("CREATE TABLE IF NOT EXISTS catalog_skills ("),
        "{first}"
    );
}

#[test]
fn migrating_twice_gives_the_same_tables() {
    let sb = Sandbox::new();
    let run = || {
        let out = sb.run(["db", "migrate", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["schema_version"], "1.0");
        assert!(doc["requests"].is_u64());
        doc["tables"].clone()
    };
    let first = run();
    let second = run();
    assert_eq!(first, second);
    let tables = first.as_array().unwrap();
    assert_eq!(tables.len(), 4);
    assert!(tables.iter().all(|t| t["exists"] == true), "{first}");
    // Seeded data survives a later migration.
    sb.mkt()
        .args(["seed", "--skills", "3", "--reviews", "2"])
        .assert()
        .success();
    run();
    let conn = rusqlite::Connection::open(sb.local_db()).unwrap();
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM skills", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    // Human output: one row per table.
    let out = sb.run(["db", "migrate"]);
    assert_eq!(
        stdout_of(&out),
        "TABLE\tEXISTS\nskills\tyes\nreviews\tyes\nreview_sync_events\tyes\nreview_aggregates\tyes\n"
    );
}
