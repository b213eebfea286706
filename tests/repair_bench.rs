//! Benchmarks (ignored by default): requests and wall time of `rebuild-index` and `backfill skills`
//! for 10,000 and 100,000 skills against the fake Cloudflare server at 25 ms latency, beside the
//! minimum number of requests the API limits allow. Run:
//!   cargo test --release --test repair_bench -- --ignored --nocapture
//! (`MKT_BENCH_SIZES=10000` picks sizes; `MKT_BENCH_ONLY=rebuild-index` runs the case with
//! exactly that label, `MKT_BENCH_ONLY='rebuild-index,backfill skills'` those two.)

mod support;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::fake_cf::FakeCloudflare;
use support::Sandbox;

fn seed(fake: &FakeCloudflare, n: usize, rows: bool) {
    fake.d1_exec(&mkt::schema::skills_table_sql("skills"));
    let slug = |i: usize| format!("skill-{i:06}");
    fake.kv_put_many((0..n).map(|i| {
        let rec = json!({"name": slug(i), "displayName": format!("Skill {i}"), "description": "x".repeat(200),
                         "author": "ada", "category": "tools", "labels": ["a", "b"], "trendingScore7d": 1.0, "trendingScore30d": 2.0});
        (format!("skill:{}", slug(i)), rec.to_string())
    }));
    // The incident: the index lost half of the skills.
    let index: Vec<String> = (0..n / 2).map(slug).collect();
    fake.kv_put("skills:published-index", &json!(index).to_string());
    if rows {
        for chunk in (0..n).collect::<Vec<_>>().chunks(5000) {
            let values: Vec<String> = chunk
                .iter()
                .map(|i| format!("('{}', 'Skill {i}', '{}', 'ada', 'tools', '[\"a\",\"b\"]', 1.0, 2.0, '2026-01-01', '2026-01-01')", slug(*i), "x".repeat(200)))
                .collect();
            fake.d1_exec(&format!(
                "INSERT INTO skills (name, display_name, description, author, category, labels, trending_score_7d, trending_score_30d, created_at, updated_at) VALUES {}",
                values.join(",")
            ));
        }
    }
}

fn run(
    sb: &Sandbox,
    fake: &FakeCloudflare,
    args: &[&str],
    env: &[(&str, &str)],
) -> (u64, usize, Duration) {
    fake.clear_log();
    let t = Instant::now();
    let out = sb
        .mkt()
        .envs(fake.env())
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap();
    let wall = t.elapsed();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        support::stderr_of(&out)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!(
        "  by kind: kv list {}, kv bulk get {}, kv get {}, kv put/bulk write {}, d1 query {}",
        fake.count("GET", "/keys"),
        fake.count("POST", "/bulk/get"),
        fake.count("GET", "/values/"),
        fake.count("PUT", "/"),
        fake.count("POST", "/d1/database/"),
    );
    (
        doc["requests"].as_u64().unwrap_or(0),
        fake.request_count(),
        wall,
    )
}

#[test]
#[ignore]
fn bench_rebuild_and_backfill() {
    let sizes: Vec<usize> = std::env::var("MKT_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .map(|s| s.trim().parse().unwrap())
        .collect();
    let only = std::env::var("MKT_BENCH_ONLY").unwrap_or_default();
    // Whole labels only: `rebuild-index` must not also run `rebuild-index --read-values`.
    let wanted = |label: &str| only.is_empty() || only.split(',').any(|l| l.trim() == label);
    for n in sizes {
        let list = n.div_ceil(1000) as u64;
        let values = n.div_ceil(100) as u64;
        for (label, args, min) in [
            // Minimum for a strings index: reads (index 1, key pages of 1,000, durable names 1,
            // aliases 1) and the apply the repair rules require (re-read 1, backup 1, write 1,
            // read-back 1). No value is needed: every entry is a slug.
            (
                "rebuild-index",
                vec!["rebuild-index", "--apply", "--yes", "--json"],
                3 + list + 4,
            ),
            // Every value too (bulk gets of at most 100 keys), to list malformed ones.
            (
                "rebuild-index --read-values",
                vec![
                    "rebuild-index",
                    "--read-values",
                    "--apply",
                    "--yes",
                    "--json",
                ],
                3 + list + values + 4,
            ),
        ] {
            if !wanted(label) {
                continue;
            }
            let sb = Sandbox::new();
            let fake = FakeCloudflare::start();
            seed(&fake, n, true);
            fake.set_latency(Duration::from_millis(25));
            let (reported, served, wall) = run(&sb, &fake, &args, &[]);
            eprintln!("BENCH n={n} {label}: requests={reported} (server saw {served}), wall={:.1}s, minimum={min}", wall.as_secs_f64());
        }
        // Minimum: reads (key pages, value pages of 100, D1 1); writes: ceil(n/6) statements of 100
        // parameters, all in one request if the 30 s limit allows; read-back 1. Every value must
        // be read, so at 100,000 skills the 1,000 bulk gets exceed the throttle's burst (half of
        // rate_limit 1,100 per 5 min = 550) and the rest go at ~1.8 requests/s.
        let min = list + values + 1 + 1 + 1;
        for (label, env) in [
            ("backfill skills", vec![]),
            (
                "backfill skills MKT_RATE_LIMIT=100000",
                vec![("MKT_RATE_LIMIT", "100000")],
            ),
        ] {
            if !wanted(label) {
                continue;
            }
            let sb = Sandbox::new();
            let fake = FakeCloudflare::start();
            seed(&fake, n, false);
            fake.set_latency(Duration::from_millis(25));
            let (reported, served, wall) = run(
                &sb,
                &fake,
                &["backfill", "skills", "--apply", "--yes", "--json"],
                &env,
            );
            eprintln!("BENCH n={n} {label}: requests={reported} (server saw {served}), wall={:.1}s, minimum={min}", wall.as_secs_f64());
        }
    }
}

/// Backup size, and `mkt runs undo` time and requests, for the runs above at 100,000 skills
/// (`MKT_BENCH_SIZES` picks sizes): a backfill that inserts every durable row, a backfill that
/// mends every KV value from its row (`--to kv`, the row's display name differs), and a rebuild
/// of the index. The client throttle is lifted (`MKT_RATE_LIMIT=100000`) so the figures show the
/// requests and the work, not the 5-minute allowance. Run:
///   cargo test --release --test repair_bench bench_backups_and_undo -- --ignored --nocapture
#[test]
#[ignore]
fn bench_backups_and_undo() {
    let sizes: Vec<usize> = std::env::var("MKT_BENCH_SIZES")
        .unwrap_or_else(|_| "100000".into())
        .split(',')
        .map(|s| s.trim().parse().unwrap())
        .collect();
    let env = [("MKT_RATE_LIMIT", "100000")];
    // MKT_BENCH_CASES=kv,index runs only the cases whose label contains one of those words.
    let cases: Vec<String> = std::env::var("MKT_BENCH_CASES")
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    for n in sizes {
        for (label, rows, args) in [
            (
                "backfill skills (rows inserted)",
                false,
                vec!["backfill", "skills", "--apply", "--yes", "--json"],
            ),
            (
                "backfill skills --to kv (values mended)",
                true,
                vec![
                    "backfill", "skills", "--to", "kv", "--apply", "--yes", "--json",
                ],
            ),
            (
                "rebuild-index",
                true,
                vec!["rebuild-index", "--apply", "--yes", "--json"],
            ),
        ] {
            if !cases.is_empty() && !cases.iter().any(|c| label.contains(c.as_str())) {
                continue;
            }
            let sb = Sandbox::new();
            let fake = FakeCloudflare::start();
            // The figures are requests and work: the fake's per-token limit (1,200 per 5
            // minutes) is lifted as mkt's throttle is, or a 100,000-skill undo ends in its 429.
            fake.set_rate_limit(
                usize::MAX / 2,
                Duration::from_secs(300),
                Duration::from_secs(300),
            );
            fake.set_ratelimit_headers(false);
            seed(&fake, n, rows);
            if label.contains("--to kv") {
                fake.d1_exec("UPDATE skills SET display_name = display_name || ' (renamed)'");
            }
            fake.set_latency(Duration::from_millis(25));
            let (repair_requests, _, repair_wall) = run(&sb, &fake, &args, &env);
            let runs = std::fs::read_dir(sb.path().join(".mkt/backups")).unwrap();
            let (backup, bytes) = runs
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".jsonl"))
                .map(|e| (e.path(), e.metadata().unwrap().len()))
                .next()
                .expect("a run backup");
            let run_id = backup.file_stem().unwrap().to_string_lossy().into_owned();
            let (undo_requests, served, undo_wall) = run(
                &sb,
                &fake,
                &["runs", "undo", &run_id, "--yes", "--json"],
                &env,
            );
            eprintln!(
                "BENCH n={n} {label}: repair requests={repair_requests} wall={:.1}s; backup {:.1} MB; undo requests={undo_requests} (server saw {served}) wall={:.1}s",
                repair_wall.as_secs_f64(),
                bytes as f64 / 1e6,
                undo_wall.as_secs_f64()
            );
        }
    }
}
