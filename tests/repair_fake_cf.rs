//! Repairs against the fake Cloudflare server: guards stop before any mutating request, a 5xx or
//! 429 storm during apply ends in exit 6 with the journal kept, and a rerun converges.

mod support;

use serde_json::{json, Value};
use support::fake_cf::{FakeCloudflare, Fault};
use support::{stderr_of, Sandbox};

fn fake_with_incident() -> FakeCloudflare {
    let fake = FakeCloudflare::start();
    fake.d1_exec(&mkt::schema::skills_table_sql("skills"));
    let skills = (0..30).map(|i| {
        (
            format!("skill:s{i:02}"),
            json!({"name": format!("s{i:02}"), "displayName": format!("S{i}")}).to_string(),
        )
    });
    fake.kv_put_many(skills);
    fake.kv_put(
        "skills:published-index",
        &json!(["s00", "gone"]).to_string(),
    );
    fake.d1_exec(
        "INSERT INTO skills (name, display_name, labels, created_at, updated_at) \
         VALUES ('d1', 'D1 only', '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    );
    fake
}

fn mkt(sb: &Sandbox, fake: &FakeCloudflare, args: &[&str]) -> std::process::Output {
    sb.mkt().envs(fake.env()).args(args).output().unwrap()
}

fn index(fake: &FakeCloudflare) -> Vec<String> {
    let v: Value = serde_json::from_str(&fake.kv_get("skills:published-index").unwrap()).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn guards_refuse_with_zero_mutating_requests() {
    let sb = Sandbox::new();
    let fake = fake_with_incident();
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["rebuild-index", "--apply"], 5),
        (vec!["index", "rebuild", "--prune", "--apply", "--yes"], 5),
        (vec!["backfill", "skills", "--apply"], 5),
        (vec!["backfill", "skills", "--to", "kv", "--apply"], 5),
    ];
    for (args, code) in cases {
        fake.clear_log();
        let out = mkt(&sb, &fake, &args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr_of(&out)
        );
        assert!(
            fake.mutating_requests().is_empty(),
            "{args:?} sent a mutating request"
        );
    }

    // A stale plan.
    let out = mkt(&sb, &fake, &["index", "rebuild", "--out", "plan.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    fake.kv_put("skill:late", &json!({"name": "late"}).to_string());
    fake.clear_log();
    let out = mkt(&sb, &fake, &["index", "apply", "plan.json", "--yes"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(fake.mutating_requests().is_empty());

    // An incomplete source: listing keys fails for good.
    fake.inject_always("GET", "/keys", Fault::status(500));
    fake.clear_log();
    for args in [
        vec!["rebuild-index", "--apply", "--yes"],
        vec!["backfill", "skills", "--apply", "--yes"],
    ] {
        let out = mkt(&sb, &fake, &args);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {}", stderr_of(&out));
    }
    assert!(fake.mutating_requests().is_empty());
    assert_eq!(index(&fake), vec!["s00", "gone"]);
}

#[test]
fn a_5xx_storm_during_apply_is_partial_and_a_rerun_converges() {
    for fault in [Fault::status(503), Fault::status(429).retry_after(0)] {
        let sb = Sandbox::new();
        let fake = fake_with_incident();
        // The storm hits KV writes (D1 reads and writes share one endpoint).
        fake.inject_always("PUT", "/storage/kv", fault.clone());
        fake.inject_always("POST", "/bulk/delete", fault.clone());
        let out = mkt(
            &sb,
            &fake,
            &["backfill", "skills", "--to", "kv", "--apply", "--yes"],
        );
        assert_eq!(out.status.code(), Some(6), "{}", stderr_of(&out));
        assert!(stderr_of(&out).contains("--resume"), "{}", stderr_of(&out));
        let runs: Vec<_> = std::fs::read_dir(sb.path().join(".mkt/runs"))
            .unwrap()
            .collect();
        assert_eq!(runs.len(), 1, "the journal is kept");

        // The storm stops the index's backup key, before the first write: nothing was written,
        // so the Cloudflare error's own status (4), not partial.
        let out = mkt(&sb, &fake, &["rebuild-index", "--apply", "--yes"]);
        assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains("backing up failed")
                && stderr_of(&out).contains("nothing was written"),
            "{}",
            stderr_of(&out)
        );
        assert_eq!(index(&fake), vec!["s00", "gone"], "nothing lost");

        fake.clear_faults();
        let out = mkt(
            &sb,
            &fake,
            &[
                "backfill", "skills", "--to", "kv", "--apply", "--yes", "--resume",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        assert!(fake.kv_get("skill:d1").is_some());
        let out = mkt(&sb, &fake, &["rebuild-index", "--apply", "--yes"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        let ix = index(&fake);
        assert_eq!(ix.len(), 32);
        assert_eq!(&ix[..2], &["s00".to_string(), "gone".to_string()]);
        let out = mkt(&sb, &fake, &["rebuild-index", "--check"]);
        assert_eq!(out.status.code(), Some(0), "{}", support::stdout_of(&out));
    }
}

#[test]
fn a_backfill_into_d1_is_batched_and_verified() {
    let sb = Sandbox::new();
    let fake = fake_with_incident();
    let out = mkt(
        &sb,
        &fake,
        &["backfill", "skills", "--apply", "--yes", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["durableBackfilled"], 30);
    assert_eq!(
        doc["durable_requests"], 1,
        "30 rows = 5 statements in one request"
    );
    assert_eq!(
        fake.d1_query("SELECT COUNT(*) AS n FROM skills")[0]["n"],
        31
    );
    let out = mkt(&sb, &fake, &["backfill", "skills", "--check"]);
    assert_eq!(out.status.code(), Some(0));
}
