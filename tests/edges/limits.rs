//! The API's limits as the fake enforces them — the per-token window and its five-minute block,
//! `Ratelimit` headers, KV lag, cursors bound to their prefix, empty pages anywhere, bulk
//! metadata as objects — and how mkt lives with them: a budget shared by every mkt process of
//! the user, lowered by what the API says.

use std::process::Child;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::support::fake_cf::FakeCloudflare;
use super::support::{stderr_of, stdout_of, Sandbox};

fn slugs(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("s{i:05}")).collect()
}

fn spawn(sb: &Sandbox, fake: &FakeCloudflare, envs: &[(&str, &str)], args: &[&str]) -> Child {
    let mut all: Vec<(String, String)> = fake.env();
    all.extend(envs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    super::spawn(sb, &all, args)
}

fn run(
    sb: &Sandbox,
    fake: &FakeCloudflare,
    envs: &[(&str, &str)],
    args: &[&str],
) -> std::process::Output {
    sb.mkt()
        .envs(fake.env())
        .envs(envs.iter().copied())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn mkt_processes_of_one_user_share_the_request_budget() {
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&slugs(40));
    // One HOME, so one cache directory: three health runs at once, each allowed 10 requests per
    // 5 minutes (a burst of 5). Alone, each would send its first 5 at once: 15 in all.
    let sb = Sandbox::new();
    // Allowed to sit out the whole window (a read's default, 2 minutes, would end them at once
    // with exit 4: tests/listing/waits.rs).
    let budget = [("MKT_RATE_LIMIT", "10"), ("MKT_MAX_WAIT", "10m")];
    let children: Vec<Child> = (0..3)
        .map(|_| spawn(&sb, &fake, &budget, &["health", "--settle", "0"]))
        .collect();
    // Wait until the server has seen nothing new for a while: the runs are waiting their turn.
    let start = Instant::now();
    let mut last = (fake.request_count(), Instant::now());
    while last.1.elapsed() < Duration::from_millis(700) && start.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(50));
        let n = fake.request_count();
        if n != last.0 {
            last = (n, Instant::now());
        }
    }
    for c in &children {
        // SAFETY: kill(2) on children this test spawned and has not reaped.
        unsafe { libc::kill(c.id() as libc::pid_t, libc::SIGINT) };
    }
    let outs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    assert!(
        fake.max_requests_within(Duration::from_secs(300)) <= 10,
        "{} requests reached the server within 5 minutes",
        fake.max_requests_within(Duration::from_secs(300))
    );
    assert!(fake.request_count() >= 5, "the runs got going");
    // Those still waiting stop at once on Ctrl-C.
    for o in &outs {
        assert!(
            matches!(o.status.code(), Some(0) | Some(130)),
            "{}",
            stderr_of(o)
        );
    }
    assert!(
        outs.iter().any(|o| o.status.code() == Some(130)),
        "someone had to wait"
    );
    for o in outs.iter().filter(|o| o.status.code() == Some(130)) {
        assert!(
            stderr_of(o).contains("error: interrupted"),
            "{}",
            stderr_of(o)
        );
        assert!(o.stdout.is_empty(), "no report claimed");
        // It said why it sat still.
        assert!(
            stderr_of(o)
                .lines()
                .any(|l| l.starts_with("waiting ") && l.contains("for the request budget")),
            "{}",
            stderr_of(o)
        );
    }
    let cache = sb.path().join("home/.cache/mkt");
    let files: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "one budget file per token: {files:?}");
    assert!(
        !files[0].contains(&fake.token()),
        "named by a hash, never the token"
    );
}

#[test]
fn the_apis_ratelimit_headers_lower_the_budget() {
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&slugs(5000));
    // The token allows 8 requests per 2 s here (others use it, say); mkt's own budget is the
    // default 1,100 per 5 minutes. Going over would block the token for five minutes.
    fake.set_rate_limit(8, Duration::from_secs(2), Duration::from_secs(300));
    let sb = Sandbox::new();
    let out = run(
        &sb,
        &fake,
        &[("MKT_CONCURRENCY", "2")],
        &["health", "--settle", "0", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(fake.rate_limited(), 0, "never went over");
    assert!(
        fake.request_count() > 8,
        "more requests than one window allows"
    );
    assert!(fake.max_requests_within(Duration::from_secs(2)) <= 8);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["kv_enumerated_count"], 5000);
}

#[test]
fn going_over_the_limit_blocks_the_token_for_five_minutes() {
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&slugs(5000));
    // A server that does not say how much is left: the client finds out by going over.
    fake.set_ratelimit_headers(false);
    fake.set_rate_limit(4, Duration::from_secs(300), Duration::from_secs(300));
    let sb = Sandbox::new();
    let out = run(&sb, &fake, &[], &["health", "--settle", "0"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("rate limited") && err.contains("300 s"),
        "{err}"
    );
    assert!(fake.rate_limited() >= 1);
    // Blocked: the next run (sharing the budget file) is told at once, not after 5 minutes.
    let before = fake.request_count();
    let out = run(&sb, &fake, &[], &["health", "--settle", "0"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr_of(&out).contains("no requests left"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        fake.request_count(),
        before,
        "no request was sent into the block"
    );
    assert!(!stdout_of(&out).contains("in sync"));
}

#[test]
fn a_skill_published_moments_ago_settles_under_kv_lag() {
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&slugs(20));
    fake.set_kv_lag(Duration::from_secs(60));
    // The Worker publishes a skill: the durable row (D1 reads are consistent), the KV record and
    // the index (not yet visible elsewhere).
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    fake.d1_exec(&format!(
        "INSERT INTO skills (name, display_name, labels, created_at, updated_at) VALUES ('fresh', 'Fresh', '[]', '{now}', '{now}')"
    ));
    fake.kv_put_as_client(
        "skill:fresh",
        &json!({"name": "fresh", "updatedAt": now}).to_string(),
    );
    let mut index = slugs(20);
    index.push("fresh".into());
    fake.kv_put_as_client(
        "skills:published-index",
        &serde_json::to_string(&index).unwrap(),
    );
    let sb = Sandbox::new();

    let out = run(&sb, &fake, &[], &["health", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["status"], "settling");
    assert!(doc["settling"].as_u64().unwrap() >= 1);
    assert!(doc["drifts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["slug"] == "fresh" && d["settling"] == true));
    // Without the window the lag fails the build; once KV caught up, all agree.
    assert_eq!(
        run(&sb, &fake, &[], &["health", "--settle", "0"])
            .status
            .code(),
        Some(3)
    );
    fake.set_kv_lag(Duration::ZERO);
    let out = run(&sb, &fake, &[], &["health", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["status"], "in_sync");
}

#[test]
fn listings_with_empty_pages_anywhere_read_the_same() {
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&slugs(2500));
    fake.kv_delete("skill:s00007");
    let sb = Sandbox::new();
    let plain = run(&sb, &fake, &[], &["health", "--json", "--settle", "0"]);
    fake.set_empty_pages_everywhere(true);
    fake.clear_log();
    let sparse = run(&sb, &fake, &[], &["health", "--json", "--settle", "0"]);
    assert_eq!(
        sparse.status.code(),
        plain.status.code(),
        "{}",
        stderr_of(&sparse)
    );
    let strip = |o: &std::process::Output| {
        let mut v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v.as_object_mut().unwrap().remove("requests");
        v
    };
    assert_eq!(strip(&sparse), strip(&plain));
    let pages = fake.matching("GET", "/keys");
    let empty = pages.iter().filter(|r| r.status == 200).count();
    assert!(empty > 3, "the walk went through empty pages: {empty}");
    // And a repair over them writes the same index as over plain pages.
    let out = run(&sb, &fake, &[], &["index", "rebuild", "--apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

#[tokio::test]
async fn a_cursor_belongs_to_its_prefix_and_bulk_metadata_is_an_object() {
    let fake = FakeCloudflare::start();
    fake.kv_put_many((0..30).map(|i| (format!("skill:{i:03}"), "v".to_string())));
    fake.kv_put_many((0..30).map(|i| (format!("skill-alias:{i:03}"), "v".to_string())));
    let http = reqwest::Client::new();
    let url = format!(
        "{}/accounts/{}/storage/kv/namespaces/{}",
        fake.base_url(),
        fake.account_id(),
        fake.namespace_id()
    );
    let get = |q: Vec<(&'static str, String)>| {
        http.get(format!("{url}/keys"))
            .bearer_auth(fake.token())
            .query(&q)
            .send()
    };
    let first: Value = get(vec![("prefix", "skill:".into()), ("limit", "10".into())])
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cursor = first["result_info"]["cursor"].as_str().unwrap().to_string();
    assert!(!cursor.is_empty());
    for q in [
        vec![
            ("prefix", "skill-alias:".to_string()),
            ("cursor", cursor.clone()),
        ],
        vec![("cursor", cursor.clone())],
    ] {
        let resp = get(q).await.unwrap();
        assert_eq!(
            resp.status().as_u16(),
            400,
            "a cursor sent without its own prefix"
        );
    }
    let same = get(vec![("prefix", "skill:".into()), ("cursor", cursor)])
        .await
        .unwrap();
    assert_eq!(same.status().as_u16(), 200);

    let put = |body: Value| {
        http.put(format!("{url}/bulk"))
            .bearer_auth(fake.token())
            .json(&body)
            .send()
    };
    let bad = put(json!([{"key": "a", "value": "b", "metadata": "{\"x\":1}"}]))
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 400, "metadata as its JSON text");
    assert!(fake.kv_get("a").is_none());
    let ok = put(json!([{"key": "a", "value": "b", "metadata": {"x": 1}}]))
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    assert_eq!(fake.kv_entry("a").unwrap().metadata, Some(json!({"x": 1})));

    // mkt refuses such metadata before sending anything.
    let store = mkt::store::cloudflare::open(&fake.settings())
        .await
        .unwrap();
    let before = fake.request_count();
    let mut p = mkt::store::KvPut::new("k", "v");
    p.metadata = Some(json!("text"));
    let err = store.kv.put_many(&[p]).await.unwrap_err();
    assert!(err.to_string().contains("not a JSON object"), "{err}");
    assert_eq!(fake.request_count(), before);
}
