//! `mkt health` on the cloudflare target, against the fake Cloudflare server: the same golden
//! scenarios as on the local target (same document except the request count, which is pinned
//! too), and the failures that must end in exit 4 without the in-sync text.

#[path = "listing/deep.rs"]
mod deep_health;
#[path = "listing/exact.rs"]
mod exact_listing;
mod health_fixtures;
#[path = "listing/loops.rs"]
mod listing_loops;
#[path = "listing/split.rs"]
mod split_listing;
mod support;
#[path = "listing/waits.rs"]
mod waits;

use std::time::Duration;

use health_fixtures::{assert_golden, scenarios, validate_schema, State};
use mkt::config::{CloudflareSettings, Layout};
use mkt::store::cloudflare::{open_with, ClientOptions};
use mkt::store::{Statement, Store};
use support::fake_cf::{FakeCloudflare, Fault};
use support::{stderr_of, stdout_of, Sandbox};

fn store_for(fake: &FakeCloudflare) -> Store {
    let settings = CloudflareSettings {
        max_retries: 1,
        max_wait: std::time::Duration::from_secs(5),
        ..fake.settings()
    };
    let fast = ClientOptions {
        min_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..Default::default()
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(open_with(&settings, fast))
        .expect("open cloudflare store")
}

/// Starts a fake holding `state`, with the durable schema created through the library.
fn fake_with(state: &State) -> FakeCloudflare {
    let fake = FakeCloudflare::start();
    let store = store_for(&fake);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let stmts: Vec<Statement> = mkt::schema::migration_statements(&Layout::default())
            .into_iter()
            .map(Statement::new)
            .collect();
        store.sql.batch(&stmts).await.expect("create schema");
        state.write(&store).await;
    });
    fake.clear_log();
    fake
}

fn health(fake: &FakeCloudflare, sb: &Sandbox, args: &[&str]) -> std::process::Output {
    sb.mkt()
        .envs(fake.env())
        .args(["--target", "cloudflare", "health"])
        .args(args)
        .output()
        .unwrap()
}

fn without_requests(doc: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(doc).unwrap();
    v.as_object_mut().unwrap().remove("requests");
    v
}

#[test]
fn golden_scenarios_match_the_local_target() {
    for sc in scenarios() {
        let fake = fake_with(&sc.state);
        let sb = Sandbox::new();
        if let Some(seed) = sc.state.seed_json() {
            sb.write("seed.json", &seed);
            sb.write(
                "mkt.toml",
                "default_profile = \"dev\"\n[profiles.dev]\nseed_catalog = \"seed.json\"\n",
            );
        }
        let mut args = vec!["--json"];
        args.extend(sc.args);
        let out = health(&fake, &sb, &args);
        assert_eq!(
            out.status.code(),
            Some(sc.exit),
            "{}: stderr {}",
            sc.name,
            stderr_of(&out)
        );
        let json = stdout_of(&out);
        validate_schema(&json);
        assert_golden(&format!("cloudflare/{}.json", sc.name), &json);
        // The same data gives the same report on both targets.
        let local = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("tests/golden/health/local/{}.json", sc.name)),
        )
        .unwrap();
        assert_eq!(
            without_requests(&json),
            without_requests(&local),
            "{}: cloudflare vs local",
            sc.name
        );
        // The reported count is the server's count, and no request wrote anything.
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            doc["requests"].as_u64().unwrap() as usize,
            fake.request_count(),
            "{}",
            sc.name
        );
        assert!(
            fake.mutating_requests().is_empty(),
            "{}: health wrote",
            sc.name
        );
    }
}

fn assert_incomplete(out: &std::process::Output, source: &str) {
    assert_eq!(out.status.code(), Some(4), "stderr: {}", stderr_of(out));
    let text = stdout_of(out);
    assert!(!text.contains("in sync"), "{text}");
    assert!(text.contains("sources INCOMPLETE ("), "{text}");
    assert!(text.contains(source), "{text}");
    assert!(
        stderr_of(out).contains(&format!("warning: {source} could not be read completely")),
        "{}",
        stderr_of(out)
    );
}

#[test]
fn token_rejected_is_incomplete_never_in_sync() {
    let fake = fake_with(&State::in_sync(&["alpha-tool"]));
    let sb = Sandbox::new();
    let mut env = fake.env();
    for (k, v) in env.iter_mut() {
        if k == "CLOUDFLARE_API_TOKEN" {
            *v = "wrong-token-0123456789".into();
        }
    }
    let out = sb
        .mkt()
        .envs(env.clone())
        .args(["--target", "cloudflare", "health"])
        .output()
        .unwrap();
    assert_incomplete(&out, "kv_keys");
    assert!(
        !stderr_of(&out).contains(&fake.token()) && !stdout_of(&out).contains("wrong-token"),
        "no secrets"
    );
    let out = sb
        .mkt()
        .envs(env)
        .args([
            "--target",
            "cloudflare",
            "health",
            "--json",
            "--no-fail-on-drift",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    validate_schema(&stdout_of(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["complete"], false);
    assert_eq!(doc["drift_detected"], serde_json::Value::Null);
    for s in doc["sources"].as_array().unwrap() {
        if s["name"] != "seed" {
            assert_eq!(s["complete"], false, "{s}");
            assert!(
                s["error"]
                    .as_str()
                    .unwrap()
                    .contains("authentication failed"),
                "{s}"
            );
        }
    }
    // Ids are random per fake: pin the rest.
    assert_golden(
        "cloudflare/token_rejected.json",
        &stdout_of(&out).replace(&fake.account_id(), "ACCOUNT"),
    );
}

#[test]
fn namespace_missing_is_incomplete_never_in_sync() {
    let fake = fake_with(&State::in_sync(&["alpha-tool"]));
    let sb = Sandbox::new();
    let out = health(
        &fake,
        &sb,
        &["--namespace-id", "0123456789abcdef0123456789abcdef"],
    );
    assert_incomplete(&out, "index");
    let out = health(
        &fake,
        &sb,
        &[
            "--json",
            "--namespace-id",
            "0123456789abcdef0123456789abcdef",
        ],
    );
    assert_eq!(out.status.code(), Some(4));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["status"], "incomplete");
    let durable = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "durable")
        .unwrap();
    assert_eq!(durable["complete"], true, "D1 was still read");
    assert_golden(
        "cloudflare/namespace_missing.json",
        &stdout_of(&out).replace(&fake.account_id(), "ACCOUNT"),
    );
}

#[test]
fn rate_limit_exhausted_is_incomplete() {
    let slugs: Vec<String> = (0..1500).map(|i| format!("s{i:04}")).collect();
    let refs: Vec<&str> = slugs.iter().map(String::as_str).collect();
    let fake = fake_with(&State::in_sync(&refs));
    let sb = Sandbox::new();
    let out = health(&fake, &sb, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "baseline is in sync: {}",
        stderr_of(&out)
    );
    // Every listing request is now rate limited for longer than mkt is willing to wait.
    fake.inject_always("GET", "/keys", Fault::status(429).retry_after(3600));
    let out = health(&fake, &sb, &[]);
    assert_incomplete(&out, "kv_keys");
    assert!(
        stdout_of(&out).contains("rate limited"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn health_lists_key_names_only_and_stays_in_budget() {
    let slugs: Vec<String> = (0..2500)
        .map(|i| format!("{}-skill-{i}", (b'a' + (i % 26) as u8) as char))
        .collect();
    let refs: Vec<&str> = slugs.iter().map(String::as_str).collect();
    let fake = fake_with(&State::in_sync(&refs));
    let sb = Sandbox::new();
    let out = health(&fake, &sb, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    // No skill value is read without --deep: names only.
    assert_eq!(fake.count("GET", "/values/skill:"), 0);
    assert_eq!(fake.count("POST", "/bulk/get"), 0);
    // index GET + 3 list pages + 1 empty page + alias list + 1 durable query.
    let n = fake.request_count();
    assert!(n as f64 <= 1.1 * 3.0 + 40.0, "{n} requests");
    assert!(stderr_of(&out).contains(&format!("requests: {n}")));
}

/// Big listings on a declared alphabet are split (serial chain below a letter, partitions above).
/// Keys whose first character is upper case, `_`, a digit, `~` or `{` (outside any letter
/// partition, and named by no other source) must still be listed; `--serial-list` must agree.
#[test]
fn split_listing_finds_keys_with_any_ascii_first_character() {
    let fake = FakeCloudflare::start();
    fake.d1_exec(&mkt::schema::skills_table_sql("skills"));
    let slugs: Vec<String> = (0..21_000)
        .map(|i| format!("{}{}-{i}", (b'a' + (i % 26) as u8) as char, i % 10))
        .collect();
    let odd = [
        "Zebra-upper",
        "_under",
        "0digit",
        "~tilde",
        "{brace",
        "|pipe",
    ];
    fake.kv_put_many(
        slugs
            .iter()
            .chain(odd.iter().map(|s| s.to_string()).collect::<Vec<_>>().iter())
            .map(|s| (format!("skill:{s}"), "{}".to_string())),
    );
    fake.kv_put(
        "skills:published-index",
        &serde_json::to_string(&slugs).unwrap(),
    );
    let sb = Sandbox::new();
    let run = |extra: &[&str]| {
        fake.clear_log();
        let mut args = vec!["--json", "--fail-on", "none"];
        args.extend(extra);
        let out = health(&fake, &sb, &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let missing: Vec<String> = doc["drifts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"] == "missing_from_index")
            .map(|d| d["slug"].as_str().unwrap().to_string())
            .collect();
        let partitioned = fake
            .requests()
            .iter()
            .any(|r| r.query_value("prefix") == Some("skill:z"));
        (
            doc["kv_enumerated_count"].as_u64().unwrap(),
            missing,
            fake.count("GET", "/keys"),
            partitioned,
        )
    };
    let (count, mut missing, split_lists, partitioned) = run(&["--key-alphabet", "ascii"]);
    assert!(partitioned, "a listing this big is split into partitions");
    missing.sort();
    let mut expected: Vec<String> = odd.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(count, 21_006);
    assert_eq!(missing, expected);
    let (count, _, serial_lists, partitioned) = run(&["--serial-list"]);
    assert!(!partitioned);
    assert_eq!(count, 21_006);
    // The serial walk uses one request per 1,000 keys (plus the fake's empty page).
    assert_eq!(
        serial_lists,
        22 + 1 + 1,
        "serial list requests (incl. the alias listing)"
    );
    assert!(
        split_lists as f64 <= 1.1 * 22.0 + 40.0,
        "{split_lists} list requests"
    );
}
