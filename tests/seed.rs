//! `mkt seed` on the local target: what it writes, the skill-loss scenario, idempotency and
//! its safety guards. Store state is checked straight in the SQLite file, not through mkt.

mod support;

use std::collections::BTreeSet;

use serde_json::Value;
use support::{stderr_of, stdout_of, Sandbox};

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {}", stdout_of(out)))
}

fn db(sb: &Sandbox) -> rusqlite::Connection {
    rusqlite::Connection::open(sb.local_db()).expect("local store exists")
}

fn kv_value(sb: &Sandbox, key: &str) -> Option<String> {
    db(sb)
        .query_row(
            "SELECT CAST(value AS TEXT) FROM _mkt_kv WHERE key = ?",
            [key],
            |r| r.get(0),
        )
        .ok()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Every row of every table mkt writes, as text, in a stable order.
fn dump(sb: &Sandbox) -> Vec<String> {
    let conn = db(sb);
    let mut out = Vec::new();
    for table in [
        "_mkt_kv",
        "skills",
        "reviews",
        "review_aggregates",
        "review_sync_events",
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(format!("{table}: {}", cells.join(" | ")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn seed_writes_every_store_consistently() {
    let sb = Sandbox::new();
    let out = sb.run(["seed", "--skills", "30", "--reviews", "80", "--json"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_of(&out));
    let doc = json_of(&out);
    assert_eq!(doc["schema_version"], "1.0");
    assert!(doc["requests"].is_u64());
    assert_eq!(doc["written"]["kv_values"], 30);
    assert_eq!(doc["written"]["durable_rows"], 30);
    assert_eq!(doc["written"]["reviews"], 80);
    assert!(doc["planted"].is_null());

    let conn = db(&sb);
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT COUNT(*) FROM _mkt_kv WHERE key LIKE 'skill:%'"),
        30
    );
    assert_eq!(count("SELECT COUNT(*) FROM skills"), 30);
    assert_eq!(count("SELECT COUNT(*) FROM reviews"), 80);
    assert_eq!(count("SELECT COUNT(*) FROM reviews WHERE target_type NOT IN ('skill', 'mcp') OR rating NOT BETWEEN 1 AND 5"), 0);
    // Both target types, as seed 000's reviews of skills and MCP servers.
    assert!(count("SELECT COUNT(DISTINCT target_type) FROM reviews") == 2);
    assert_eq!(
        count("SELECT COUNT(*) FROM reviews WHERE length(title) < 10 OR length(body) < 40"),
        0
    );
    // Aggregates agree with the live reviews they summarise.
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM review_aggregates a WHERE a.review_count <> (SELECT COUNT(*) FROM reviews r \
             WHERE r.target_id = a.target_id AND r.deleted_at IS NULL) OR abs(a.avg_rating - (SELECT AVG(rating) \
             FROM reviews r WHERE r.target_id = a.target_id AND r.deleted_at IS NULL)) > 1e-9"
        ),
        0
    );
    assert!(count("SELECT COUNT(*) FROM review_aggregates") > 0);

    let index: Value =
        serde_json::from_str(&kv_value(&sb, "skills:published-index").unwrap()).unwrap();
    let index_slugs: BTreeSet<String> = strings(&index).into_iter().collect();
    assert_eq!(index_slugs.len(), 30);
    // Every seed-001 field is in the KV record, plus an unknown one.
    let slug = index_slugs.iter().next().unwrap();
    let rec: Value =
        serde_json::from_str(&kv_value(&sb, &format!("skill:{slug}")).unwrap()).unwrap();
    for f in [
        "name",
        "displayName",
        "description",
        "author",
        "repoUrl",
        "category",
        "currentVersion",
        "certTier",
        "certMethod",
        "certScore",
        "certifiedAt",
        "labels",
        "trendingScore7d",
        "trendingScore30d",
        "installCount",
    ] {
        assert!(rec.get(f).is_some(), "record lacks {f}: {rec}");
    }
    let (dn, labels, score): (String, String, f64) = conn
        .query_row(
            "SELECT display_name, labels, cert_score FROM skills WHERE name = ?",
            [slug],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(dn, rec["displayName"].as_str().unwrap());
    assert_eq!(
        serde_json::from_str::<Value>(&labels).unwrap(),
        rec["labels"]
    );
    assert_eq!(score, rec["certScore"].as_f64().unwrap());
}

#[test]
fn objects_index_shape_writes_summary_objects() {
    let sb = Sandbox::new();
    sb.mkt()
        .args([
            "seed",
            "--skills",
            "5",
            "--reviews",
            "0",
            "--index-shape",
            "objects",
        ])
        .assert()
        .success();
    let index: Value =
        serde_json::from_str(&kv_value(&sb, "skills:published-index").unwrap()).unwrap();
    let entries = index.as_array().unwrap();
    assert_eq!(entries.len(), 5);
    for e in entries {
        assert!(
            e["name"].is_string() && e["displayName"].is_string() && e["category"].is_string(),
            "{e}"
        );
    }
}

#[test]
fn skill_loss_plants_exactly_what_it_prints() {
    let sb = Sandbox::new();
    let out = sb.run([
        "seed",
        "--skills",
        "50",
        "--reviews",
        "20",
        "--scenario",
        "skill-loss",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_of(&out));
    let doc = json_of(&out);
    let planted = &doc["planted"];
    let kept = strings(&planted["index_kept"]);
    let missing = strings(&planted["missing_in_durable"]);
    let malformed = strings(&planted["malformed_value"]);
    assert_eq!(kept.len(), 3);
    assert_eq!(missing.len(), 5, "~10% of 50");
    assert_eq!(strings(&planted["missing_from_index"]).len(), 47);
    assert_eq!(malformed.len(), 1);

    let conn = db(&sb);
    // The index keeps only the printed 3.
    let index: Value =
        serde_json::from_str(&kv_value(&sb, "skills:published-index").unwrap()).unwrap();
    assert_eq!(strings(&index), kept);
    // All 50 skills are in KV; the durable table lacks exactly the printed ones.
    let kv_count: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM _mkt_kv WHERE key LIKE 'skill:%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kv_count, 50);
    let durable: BTreeSet<String> = conn
        .prepare("SELECT name FROM skills")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(durable.len(), 45);
    for m in &missing {
        assert!(
            !durable.contains(m),
            "{m} should be missing from the durable table"
        );
        assert!(
            kv_value(&sb, &format!("skill:{m}")).is_some(),
            "{m} should still be in KV"
        );
    }
    // The orphaned alias points at a slug that exists nowhere.
    let alias = &planted["orphaned_alias"][0];
    assert_eq!(alias["key"], "skill-alias:old-x");
    let target = alias["target"].as_str().unwrap();
    let alias_value: Value =
        serde_json::from_str(&kv_value(&sb, "skill-alias:old-x").unwrap()).unwrap();
    assert_eq!(alias_value["target"], target);
    assert!(kv_value(&sb, &format!("skill:{target}")).is_none());
    assert!(!durable.contains(target));
    // The malformed value is not JSON, and reading it does not crash.
    let raw = kv_value(&sb, &format!("skill:{}", malformed[0])).unwrap();
    assert!(
        serde_json::from_str::<Value>(&raw).is_err(),
        "planted value parses: {raw}"
    );
    let listed = sb.run(["skills", "list", "--json"]);
    assert_eq!(listed.status.code(), Some(0));
    let doc = json_of(&listed);
    let bad: Vec<&Value> = doc["skills"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s.get("malformed").is_some())
        .collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0]["name"].as_str().unwrap(), malformed[0]);
}

#[test]
fn skill_loss_human_output_names_each_planted_kind() {
    let sb = Sandbox::new();
    let out = sb.run(["seed", "--skills", "20", "--scenario", "skill-loss"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout_of(&out);
    for kind in [
        "index_kept\t3",
        "missing_in_durable\t2",
        "orphaned_alias\t1\tskill-alias:old-x -> ",
        "malformed_value\t1",
    ] {
        assert!(text.contains(kind), "missing {kind:?} in:\n{text}");
    }
}

#[test]
fn seeding_twice_gives_the_same_state() {
    for scenario in ["clean", "skill-loss"] {
        let sb = Sandbox::new();
        let args = [
            "seed",
            "--skills",
            "40",
            "--reviews",
            "120",
            "--scenario",
            scenario,
            "--rng-seed",
            "7",
        ];
        sb.mkt().args(args).assert().success();
        let first = dump(&sb);
        sb.mkt().args(args).assert().success();
        assert_eq!(
            first,
            dump(&sb),
            "scenario {scenario} changed state on rerun"
        );
    }
}

#[test]
fn the_same_rng_seed_writes_the_same_data_in_a_fresh_store() {
    let a = Sandbox::new();
    let b = Sandbox::new();
    for sb in [&a, &b] {
        sb.mkt()
            .args(["seed", "--skills", "10", "--reviews", "10"])
            .assert()
            .success();
    }
    assert_eq!(dump(&a), dump(&b));
    let c = Sandbox::new();
    c.mkt()
        .args([
            "seed",
            "--skills",
            "10",
            "--reviews",
            "10",
            "--rng-seed",
            "99",
        ])
        .assert()
        .success();
    assert_ne!(dump(&a), dump(&c));
}

#[test]
fn seed_catalog_is_written_when_configured() {
    let sb = Sandbox::new();
    sb.mkt()
        .env("MKT_SEED_CATALOG", "data/seed-skills.json")
        .args(["seed", "--skills", "10", "--reviews", "0"])
        .assert()
        .success();
    let text = std::fs::read_to_string(sb.path().join("data/seed-skills.json")).unwrap();
    let catalog: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(catalog.len(), 5);
    let published: BTreeSet<String> = db(&sb)
        .prepare("SELECT name FROM skills")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let overlap = catalog
        .iter()
        .filter(|r| published.contains(r["name"].as_str().unwrap()))
        .count();
    assert_eq!(
        overlap, 3,
        "some bundled skills are also published, some are not"
    );
}

#[test]
fn a_clean_seed_keeps_index_entries_it_did_not_write() {
    let sb = Sandbox::new();
    sb.mkt()
        .args(["seed", "--skills", "10", "--reviews", "0"])
        .assert()
        .success();
    sb.mkt()
        .args(["seed", "--skills", "4", "--reviews", "0", "--rng-seed", "5"])
        .assert()
        .success();
    let index: Value =
        serde_json::from_str(&kv_value(&sb, "skills:published-index").unwrap()).unwrap();
    assert_eq!(index.as_array().unwrap().len(), 14);
    let kv: i64 = db(&sb)
        .query_row(
            "SELECT COUNT(*) FROM _mkt_kv WHERE key LIKE 'skill:%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kv, 14);
}

#[test]
fn production_profile_is_refused_with_nothing_written() {
    let sb = Sandbox::new();
    sb.write(
        "mkt.toml",
        "[profiles.prod]\ntarget = \"local\"\nproduction = true\n",
    );
    for extra in [&[][..], &["--yes"][..]] {
        let out = sb
            .mkt()
            .args(["--profile", "prod", "seed", "--skills", "5"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5));
        let err = stderr_of(&out);
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(err.contains("production"), "{err}");
        assert!(stdout_of(&out).is_empty());
        assert!(!sb.path().join(".mkt").exists(), "nothing may be written");
    }
}

#[test]
fn remote_target_without_yes_and_without_a_tty_is_refused_before_any_request() {
    let sb = Sandbox::new();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/client/v4", listener.local_addr().unwrap());
    let out = sb
        .mkt()
        .env("CLOUDFLARE_API_TOKEN", "test-token-not-real")
        .env("CLOUDFLARE_ACCOUNT_ID", "acc")
        .env("MKT_KV_NAMESPACE_ID", "ns")
        .env("MKT_D1_DATABASE_ID", "db")
        .env("CLOUDFLARE_API_BASE_URL", &url)
        .args(["seed", "--skills", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "stderr: {}", stderr_of(&out));
    assert!(stderr_of(&out).contains("--yes"));
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "no connection may be made"
    );
}

#[test]
fn impossible_counts_are_usage_errors() {
    let sb = Sandbox::new();
    for args in [
        &["seed", "--skills", "3", "--scenario", "skill-loss"][..],
        &["seed", "--skills", "0", "--reviews", "5"][..],
    ] {
        let out = sb.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!sb.path().join(".mkt").exists());
    }
}

/// The same checks on the Cloudflare target, against the fake server.
#[path = "seed/cloudflare.rs"]
mod cloudflare;

/// Any seed leaves `review_aggregates` exactly matching `reviews` (verify exit 0), whatever an
/// earlier seed wrote: fewer reviews, none, or the skill-loss scenario's planted stale rows —
/// which only the skill-loss seed itself leaves (verify exit 3 finding its 2 stale rows).
#[test]
fn every_reseed_leaves_aggregates_matching_reviews() {
    let sb = Sandbox::new();
    let verify = |after: &str| {
        let out = sb.run(["reviews", "verify", "--json"]);
        (out.status.code(), after.to_string(), json_of(&out))
    };
    for (args, want) in [
        (&["seed", "--skills", "20", "--reviews", "60"][..], 0),
        (&["seed", "--skills", "20", "--reviews", "10"][..], 0),
        (
            &[
                "seed",
                "--skills",
                "20",
                "--reviews",
                "60",
                "--scenario",
                "skill-loss",
            ][..],
            3,
        ),
        (&["seed", "--skills", "20", "--reviews", "0"][..], 0),
        (
            &[
                "seed",
                "--skills",
                "20",
                "--reviews",
                "30",
                "--scenario",
                "skill-loss",
            ][..],
            3,
        ),
        (
            &[
                "seed",
                "--skills",
                "20",
                "--reviews",
                "30",
                "--rng-seed",
                "9",
            ][..],
            0,
        ),
    ] {
        let out = sb.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        let (code, what, doc) = verify(&args.join(" "));
        assert_eq!(code, Some(want), "after `{what}`: {doc}");
        if want == 3 {
            assert_eq!(doc["mismatches"].as_array().map(Vec::len), Some(2), "{doc}");
        }
    }
    let c = db(&sb);
    let n = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        n("SELECT COUNT(*) FROM review_aggregates"),
        n("SELECT COUNT(DISTINCT target_type || ':' || target_id) FROM reviews WHERE deleted_at IS NULL")
    );
}
