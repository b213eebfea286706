//! Benchmark (ignored by default): `mkt backfill reviews` of 100,000 reviews over 10,000 targets
//! against the fake Cloudflare server at 25 ms latency, then `mkt reviews verify` over them.
//! Run: `cargo test --release --test reviews bench -- --ignored --nocapture`
//! (`MKT_BENCH_REVIEWS=N` and `MKT_BENCH_TARGETS=M` change the sizes).

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::stderr_of;
use crate::Target;

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn timed(t: &Target, args: &[&str]) -> (Value, usize, usize, Duration) {
    t.fake().clear_log();
    let start = Instant::now();
    let out = t.run(args);
    let wall = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    (
        doc,
        t.fake().request_count(),
        t.fake().mutating_requests().len(),
        wall,
    )
}

#[test]
#[ignore]
fn backfill_and_verify_at_25ms() {
    let n = env_num("MKT_BENCH_REVIEWS", 100_000);
    let targets = env_num("MKT_BENCH_TARGETS", 10_000);
    let mut t = Target::cloudflare();
    t.extra_env.push(("MKT_RATE_LIMIT".into(), "100000".into()));
    let reviews: Vec<Value> = (0..n)
        .map(|i| {
            let tgt = i % targets;
            json!({"id": format!("rev-{i:07}"), "targetType": if tgt.is_multiple_of(4) { "mcp" } else { "skill" },
                   "targetId": format!("target-{tgt:05}"), "displayName": format!("user {}", i % 997),
                   "rating": 1 + (i * 7) % 5, "title": format!("Review {i}"),
                   "body": "Installs cleanly and does what the description says; the docs could be longer.",
                   "createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-02T00:00:00.000Z"})
        })
        .collect();
    t.sb.write("staging.json", &json!({ "reviews": reviews }).to_string());
    t.fake().set_latency(Duration::from_millis(25));

    let args = [
        "backfill",
        "reviews",
        "--from",
        "staging.json",
        "--apply",
        "--yes",
        "--json",
    ];
    let (doc, requests, writes, wall) = timed(&t, &args);
    // D1's 100 bound parameters: 9 rows of 11 columns per upsert, 49 targets per recompute pair;
    // the client sends at most 100 statements per request (one transaction each).
    let upserts = n.div_ceil(9);
    let recomputes = 2 * targets.div_ceil(49);
    let min_writes = (upserts + recomputes).div_ceil(100);
    let min_reads = n.div_ceil(100).div_ceil(100);
    println!(
        "backfill reviews {n} over {targets} targets: {requests} requests ({writes} writes; minimum {min_writes} writes at 100 statements per request, {min_reads} plan reads), {:.1} s, written {}",
        wall.as_secs_f64(),
        doc["written"]
    );
    assert_eq!(doc["written"].as_u64(), Some(n as u64));

    let (_, requests, writes, wall) = timed(&t, &args);
    println!(
        "second run: {requests} requests ({writes} writes), {:.1} s",
        wall.as_secs_f64()
    );
    assert_eq!(writes, 0);

    let (doc, requests, _, wall) = timed(&t, &["reviews", "verify", "--json"]);
    println!(
        "reviews verify over {} live reviews, {} targets: {requests} requests, {:.1} s, ok {}",
        doc["live_reviews"],
        doc["targets"],
        wall.as_secs_f64(),
        doc["ok"]
    );
    assert_eq!(doc["ok"], true);
}
