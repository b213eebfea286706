//! `mkt seed` and `mkt db migrate` on the Cloudflare target, against the fake server.

use serde_json::Value;

use super::json_of;
use crate::support::fake_cf::FakeCloudflare;
use crate::support::{stderr_of, Sandbox};

fn list_skills(sb: &Sandbox, env: &[(String, String)], source: &str) -> Value {
    let out = sb
        .mkt()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args(["skills", "list", "--json", "--source", source])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{source}: {}", stderr_of(&out));
    json_of(&out)["skills"].clone()
}

#[test]
fn seeded_data_reads_the_same_through_both_targets() {
    let fake = FakeCloudflare::start();
    let cf_env = fake.env();
    let local = Sandbox::new();
    let remote = Sandbox::new();
    for scenario in ["clean", "skill-loss"] {
        let args = [
            "seed",
            "--skills",
            "60",
            "--reviews",
            "90",
            "--scenario",
            scenario,
            "--index-shape",
            "objects",
            "--json",
        ];
        let l = local.run(args);
        assert_eq!(l.status.code(), Some(0), "local: {}", stderr_of(&l));
        let r = remote
            .mkt()
            .envs(cf_env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .args(args)
            .arg("--yes")
            .output()
            .unwrap();
        assert_eq!(r.status.code(), Some(0), "cloudflare: {}", stderr_of(&r));
        let (l, r) = (json_of(&l), json_of(&r));
        assert_eq!(r["target"], "cloudflare");
        assert_eq!(
            l["planted"], r["planted"],
            "{scenario}: the same damage on both targets"
        );
        assert_eq!(l["written"], r["written"]);
        assert!(
            r["requests"].as_u64().unwrap() > 0,
            "remote requests are counted"
        );
        for source in ["kv", "index", "durable"] {
            assert_eq!(
                list_skills(&local, &[], source),
                list_skills(&remote, &cf_env, source),
                "{scenario}: source {source} differs between local and cloudflare"
            );
        }
    }
    // The fake's own state agrees with what was printed.
    let index: Value =
        serde_json::from_str(&fake.kv_get("skills:published-index").unwrap()).unwrap();
    assert_eq!(index.as_array().unwrap().len(), 3);
    assert!(fake.kv_get("skill-alias:old-x").is_some());
    let rows = fake.d1_query("SELECT COUNT(*) AS n FROM skills");
    assert_eq!(rows[0]["n"], 54);
}

#[test]
fn seed_on_cloudflare_without_yes_makes_no_mutating_request() {
    let fake = FakeCloudflare::start();
    let sb = Sandbox::new();
    let out = sb
        .mkt()
        .envs(fake.env().iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args(["seed", "--skills", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("--yes"), "{err}");
    assert!(!err.contains(&fake.token()), "the token never appears");
    assert!(
        fake.mutating_requests().is_empty(),
        "{:?}",
        fake.mutating_requests()
    );
    assert_eq!(fake.kv_len(), 0);
}

#[test]
fn migrate_on_cloudflare_creates_the_tables_once() {
    let fake = FakeCloudflare::start();
    let sb = Sandbox::new();
    let env = fake.env();
    for _ in 0..2 {
        let out = sb
            .mkt()
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .args(["db", "migrate", "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        let doc = json_of(&out);
        assert!(
            doc["tables"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["exists"] == true),
            "{doc}"
        );
    }
    let tables = fake.d1_query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    let names: Vec<&str> = tables.iter().map(|r| r["name"].as_str().unwrap()).collect();
    for t in [
        "review_aggregates",
        "review_sync_events",
        "reviews",
        "skills",
    ] {
        assert!(names.contains(&t), "{names:?}");
    }
    // --dry-run makes no request at all.
    fake.clear_log();
    sb.mkt()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args(["db", "migrate", "--dry-run"])
        .assert()
        .success();
    assert_eq!(fake.request_count(), 0);
}
