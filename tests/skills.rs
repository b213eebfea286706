//! `mkt skills list|get` over every source, in every output mode, after `mkt seed`.

mod support;

use serde_json::Value;
use support::{stderr_of, stdout_of, Sandbox};

fn seeded(skills: &str) -> Sandbox {
    let sb = Sandbox::new();
    sb.mkt()
        .env("MKT_SEED_CATALOG", "seed-skills.json")
        .args(["seed", "--skills", skills, "--reviews", "0"])
        .assert()
        .success();
    sb
}

fn list_json(sb: &Sandbox, args: &[&str]) -> Value {
    let out = sb
        .mkt()
        .env("MKT_SEED_CATALOG", "seed-skills.json")
        .args(["skills", "list", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_of(&out));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}): {}", stdout_of(&out)))
}

fn names(doc: &Value) -> Vec<String> {
    doc["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_source_reads_back_what_seed_wrote() {
    let sb = seeded("25");
    let kv = list_json(&sb, &[]);
    assert_eq!(kv["schema_version"], "1.0");
    assert_eq!(kv["source"], "kv");
    assert_eq!(kv["count"], 25);
    let mut kv_names = names(&kv);
    let sorted = {
        let mut s = kv_names.clone();
        s.sort();
        s
    };
    assert_eq!(kv_names, sorted, "kv lists in key order");

    let durable = list_json(&sb, &["--source", "durable"]);
    assert_eq!(names(&durable), kv_names);
    // The durable row carries the same values as the KV record (minus fields it has no column for).
    for (k, d) in kv["skills"]
        .as_array()
        .unwrap()
        .iter()
        .zip(durable["skills"].as_array().unwrap())
    {
        let mut k = k.as_object().unwrap().clone();
        k.remove("installCount");
        assert_eq!(&Value::Object(k), d);
    }

    let mut index_names = names(&list_json(&sb, &["--source", "index"]));
    index_names.sort();
    kv_names.sort();
    assert_eq!(index_names, kv_names);

    let seed = list_json(&sb, &["--source", "seed"]);
    assert_eq!(seed["count"], 5);

    let slug = &kv_names[0];
    for source in ["kv", "index", "durable"] {
        let out = sb.run(["skills", "get", slug, "--source", source, "--json"]);
        assert_eq!(out.status.code(), Some(0), "{source}: {}", stderr_of(&out));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["schema_version"], "1.0");
        assert_eq!(doc["skill"]["name"], slug.as_str(), "{source}");
    }
}

#[test]
fn output_modes_render_the_same_rows() {
    let sb = seeded("12");
    // Piped: a header line, then tab-separated rows.
    let out = sb.run(["skills", "list"]);
    let text = stdout_of(&out);
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 13);
    assert!(rows[0].starts_with("SLUG\t"), "{text}");
    assert!(rows.iter().all(|r| r.split('\t').count() == 5), "{text}");
    // A terminal: a table with headers.
    let out = sb
        .mkt()
        .env("MKT_FORCE_TTY", "1")
        .args(["skills", "list"])
        .output()
        .unwrap();
    let table = stdout_of(&out);
    assert!(
        table.contains("SLUG") && table.contains("CERT TIER"),
        "{table}"
    );
    // NDJSON: one record per line.
    let out = sb.run(["skills", "list", "--ndjson"]);
    let lines: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 12);
    let first_slug = rows[1].split('\t').next().unwrap();
    assert_eq!(lines[0]["name"], first_slug);
    // Status goes to stderr, never stdout.
    assert!(stderr_of(&out).contains("target: local store"));
}

#[test]
fn prefix_and_limit_apply_to_every_source() {
    let sb = seeded("40");
    let all = names(&list_json(&sb, &[]));
    let prefix: String = all[0].split('-').next().unwrap().to_string();
    let expected: Vec<String> = all
        .iter()
        .filter(|s| s.starts_with(&prefix))
        .cloned()
        .collect();
    assert_eq!(names(&list_json(&sb, &["--prefix", &prefix])), expected);
    assert_eq!(
        names(&list_json(
            &sb,
            &["--prefix", &prefix, "--source", "durable"]
        )),
        expected
    );
    for source in ["kv", "index", "durable", "seed"] {
        let doc = list_json(&sb, &["--limit", "3", "--source", source]);
        assert_eq!(doc["count"], 3, "{source}");
    }
    assert_eq!(names(&list_json(&sb, &["--limit", "3"])), all[..3].to_vec());
}

#[test]
fn kv_listing_follows_the_cursor_past_one_page() {
    let sb = seeded("1205");
    assert_eq!(list_json(&sb, &[])["count"], 1205);
    assert_eq!(list_json(&sb, &["--source", "durable"])["count"], 1205);
    assert_eq!(list_json(&sb, &["--limit", "1001"])["count"], 1001);
}

#[test]
fn a_missing_slug_is_one_line_exit_1_with_a_hint() {
    let sb = seeded("3");
    for source in ["kv", "index", "durable", "seed"] {
        let out = sb
            .mkt()
            .env("MKT_SEED_CATALOG", "seed-skills.json")
            .args(["skills", "get", "no-such-skill", "--source", source])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{source}");
        let err = stderr_of(&out);
        let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{err}");
        assert!(
            errors[0].contains(&format!("mkt skills list --source {source}")),
            "{err}"
        );
        assert!(stdout_of(&out).is_empty());
    }
}

#[test]
fn get_prints_a_field_table_and_shows_malformed_values() {
    let sb = Sandbox::new();
    let out = sb.run([
        "seed",
        "--skills",
        "10",
        "--scenario",
        "skill-loss",
        "--json",
    ]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let bad = doc["planted"]["malformed_value"][0]
        .as_str()
        .unwrap()
        .to_string();
    let good = doc["planted"]["index_kept"][0]
        .as_str()
        .unwrap()
        .to_string();

    let out = sb.run(["skills", "get", &good]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout_of(&out);
    assert!(text.lines().any(|l| l == format!("name\t{good}")), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("installCount\t")),
        "unknown fields are shown: {text}"
    );

    let out = sb.run(["skills", "get", &bad]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout_of(&out).contains("malformed\tnot valid JSON"));
    assert!(stderr_of(&out).contains("malformed"));
    let out = sb.run(["skills", "get", &bad, "--json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["skill"]["malformed"].is_string());
    assert!(doc["skill"]["raw"].is_string());
}

#[test]
fn empty_and_unconfigured_sources() {
    let sb = Sandbox::new();
    assert_eq!(sb.run(["db", "migrate"]).status.code(), Some(0));
    let doc = list_json(&sb, &["--source", "index"]);
    assert_eq!(doc["count"], 0);
    let out = sb.run(["skills", "list"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout_of(&out).is_empty());
    // The seed source needs a catalog path: a configuration (usage) error.
    let out = sb.run(["skills", "list", "--source", "seed"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("seed_catalog"));
}

// ---- the Cloudflare target, against the fake server -----------------------------------------

use support::fake_cf::FakeCloudflare;

#[test]
fn cloudflare_listing_reads_only_what_it_prints() {
    let fake = FakeCloudflare::start();
    fake.kv_put_many((0..1500).map(|i| {
        (
            format!("skill:s{i:05}"),
            format!("{{\"name\":\"s{i:05}\"}}"),
        )
    }));
    fake.kv_put("skill:broken", "{\"name\": \"bro");
    let sb = Sandbox::new();
    let env = fake.env();
    let run = |args: &[&str]| {
        let out = sb
            .mkt()
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .args(["skills", "list", "--json"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    // Everything: every page (the fake serves an empty page mid-stream), bulk gets of ≤100 keys.
    let all = run(&[]);
    assert_eq!(all["count"], 1501);
    assert_eq!(
        all["skills"][0]["malformed"]
            .as_str()
            .map(|s| s.starts_with("not valid JSON")),
        Some(true)
    );
    assert_eq!(fake.count("POST", "bulk/get"), 16);
    assert_eq!(
        all["requests"].as_u64().unwrap() as usize,
        fake.request_count()
    );
    // With --limit: one page, one bulk get for just the printed keys.
    fake.clear_log();
    let few = run(&["--limit", "5"]);
    assert_eq!(few["count"], 5);
    assert_eq!(fake.count("GET", "/keys"), 1);
    let gets = fake.matching("POST", "bulk/get");
    assert_eq!(gets.len(), 1);
    assert_eq!(gets[0].items, Some(5));
    assert!(fake.mutating_requests().is_empty(), "listing never writes");
}

#[test]
fn an_old_slug_names_its_alias_and_where_it_points() {
    let sb = Sandbox::new();
    sb.run(["seed", "--skills", "10", "--scenario", "skill-loss"]);
    // The scenario plants `skill-alias:old-x` → `new-x` (mkt's default alias prefix).
    let out = sb.run(["skills", "get", "old-x"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains(
            "error: skill \"old-x\" not found in kv: it is an alias, key skill-alias:old-x points to \"new-x\"; see that skill with `mkt skills get new-x`"
        ),
        "{err}"
    );
    assert!(stdout_of(&out).is_empty());
    // Another source has no aliases: the plain hint.
    let out = sb.run(["skills", "get", "old-x", "--source", "durable"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stderr_of(&out).contains("alias"), "{}", stderr_of(&out));
}
