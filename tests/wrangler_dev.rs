//! The wrangler-dev target against a real `wrangler dev` (wrangler 4.86.0, Local Explorer API)
//! serving the minimal Worker in tests/wrangler_dev_worker, started by these tests on a loopback
//! port. What is checked is what a developer notices: exit codes, stdout, stderr, and what the
//! Worker itself reads from its KV namespace and D1 database afterwards.

#[path = "wrangler_dev/server.rs"]
mod server;
mod support;

use std::collections::BTreeMap;

use serde_json::Value;
use support::{stderr_of, stdout_of, Sandbox};

const SEED: [&str; 6] = [
    "seed",
    "--skills",
    "120",
    "--scenario",
    "skill-loss",
    "--yes",
];

/// `mkt --target wrangler-dev --dev-url URL ARGS`.
fn on_dev(sb: &Sandbox, url: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--target", "wrangler-dev", "--dev-url", url];
    all.extend_from_slice(args);
    sb.run(all)
}

fn code(out: &std::process::Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// A JSON document without what differs by target for a reason (the request count).
fn report(out: &std::process::Output) -> Value {
    let mut v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not one JSON document: {e}\n{}", stdout_of(out)));
    v.as_object_mut().unwrap().remove("requests");
    v
}

fn assert_ok(out: &std::process::Output, what: &str) {
    assert_eq!(
        code(out),
        0,
        "{what} failed:\nstdout: {}\nstderr: {}",
        stdout_of(out),
        stderr_of(out)
    );
}

/// Runs the same commands on the local store and on wrangler dev; their health reports must be
/// the same, in table and JSON, plain and `--deep`.
fn assert_same_health(local: &Sandbox, dev_sb: &Sandbox, url: &str) -> Value {
    let mut last = Value::Null;
    for deep in [false, true] {
        let mut args = vec!["health", "--json"];
        if deep {
            args.push("--deep");
        }
        let on_local = local.run(&args);
        let on_wrangler = on_dev(dev_sb, url, &args);
        assert_eq!(
            code(&on_wrangler),
            code(&on_local),
            "exit codes differ (deep {deep}); wrangler dev stderr: {}",
            stderr_of(&on_wrangler)
        );
        assert_eq!(report(&on_wrangler), report(&on_local), "deep {deep}");
        last = report(&on_local);
    }
    // The table a developer reads is the same too, but for the request count in its first line.
    let strip = |out: &std::process::Output| {
        stdout_of(out)
            .lines()
            .map(|l| l.split(" · ").take(2).collect::<Vec<_>>().join(" · "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(&on_dev(dev_sb, url, &["health", "--all"])),
        strip(&local.run(["health", "--all"]))
    );
    last
}

#[test]
fn seed_then_health_gives_the_local_stores_report_and_the_worker_sees_the_data() {
    let Some((_turn, dev)) = server::shared() else {
        return;
    };
    let sb = Sandbox::new();
    let seeded = on_dev(&sb, &dev.url, &SEED);
    assert_ok(&seeded, "seed into wrangler dev");
    let stderr = stderr_of(&seeded);
    assert!(
        stderr.contains(&format!("target: wrangler dev at {}", dev.url)),
        "{stderr}"
    );
    let local = Sandbox::new();
    let local_seeded = local.run(SEED);
    assert_ok(&local_seeded, "seed into the local store");
    // The same planted incident is reported in the same words (seed prints what it planted).
    assert_eq!(stdout_of(&seeded), stdout_of(&local_seeded));

    let health = assert_same_health(&local, &sb, &dev.url);
    assert_eq!(health["status"], "drift");
    assert_eq!(health["kv_index_count"], 3);

    // The Worker itself reads what mkt wrote: the 3-entry index of the incident, the durable rows
    // and the reviews.
    let summary = dev.worker_summary();
    let index_on_local = local.run(["skills", "list", "--source", "index", "--json"]);
    let index: Value = serde_json::from_slice(&index_on_local.stdout).unwrap();
    let slugs: Vec<&str> = index["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(summary["index_entries"], serde_json::json!(slugs));
    assert_eq!(summary["durable_count"], health["durable_count"]);
    assert_eq!(summary["reviews_count"], 250);
    assert_eq!(dev.kv_count("skill:"), 120);
}

#[test]
fn rebuild_and_backfill_repair_the_incident_as_on_the_local_store() {
    let Some((_turn, dev)) = server::shared() else {
        return;
    };
    let (sb, local) = (Sandbox::new(), Sandbox::new());
    assert_ok(&on_dev(&sb, &dev.url, &SEED), "seed into wrangler dev");
    assert_ok(&local.run(SEED), "seed into the local store");
    let repairs: [&[&str]; 3] = [
        &["index", "rebuild", "--apply", "--yes"],
        &["backfill", "skills", "--apply", "--yes"],
        &["index", "rebuild", "--fix-aliases", "--apply", "--yes"],
    ];
    for repair in repairs {
        let on_wrangler = on_dev(&sb, &dev.url, repair);
        let on_local = local.run(repair);
        assert_eq!(
            code(&on_wrangler),
            code(&on_local),
            "{repair:?}: wrangler dev stderr {}\nlocal stderr {}",
            stderr_of(&on_wrangler),
            stderr_of(&on_local)
        );
        assert_ok(&on_wrangler, &format!("{repair:?}"));
    }
    let health = assert_same_health(&local, &sb, &dev.url);
    let counts = &health["counts"];
    assert_eq!(counts["missing_from_index"], 0, "{health}");
    assert_eq!(counts["missing_in_durable"], 0, "{health}");
    assert_eq!(counts["orphaned_alias"], 0, "{health}");
    // A second rebuild finds nothing to do (idempotent), on wrangler dev as anywhere.
    let again = on_dev(&sb, &dev.url, &["index", "rebuild", "--check"]);
    assert_eq!(code(&again), 0, "{}", stdout_of(&again));

    // The app sees the repaired catalog: every live skill is listed again.
    let summary = dev.worker_summary();
    let listed = summary["index_entries"].as_array().unwrap().len();
    assert_eq!(listed, 120, "{summary}");
    assert_eq!(summary["durable_count"], 120);
}

#[test]
fn skills_reviews_and_db_commands_work_as_on_the_local_store() {
    let Some((_turn, dev)) = server::shared() else {
        return;
    };
    let (sb, local) = (Sandbox::new(), Sandbox::new());
    let migrated = on_dev(&sb, &dev.url, &["db", "migrate"]);
    assert_ok(&migrated, "db migrate");
    assert_ok(
        &on_dev(&sb, &dev.url, &["db", "migrate"]),
        "db migrate twice",
    );
    assert_ok(&local.run(["db", "migrate"]), "db migrate locally");
    // The durable table as discovered on wrangler dev's D1 is the one migrate made locally.
    let (a, b) = (
        on_dev(&sb, &dev.url, &["db", "schema", "--json"]),
        local.run(["db", "schema", "--json"]),
    );
    assert_ok(&a, "db schema");
    let (mut a, mut b) = (report(&a), report(&b));
    for doc in [&mut a, &mut b] {
        let doc = doc.as_object_mut().unwrap();
        doc.remove("store");
        doc.remove("store_description");
    }
    assert_eq!(a, b);
    let seed = [
        "seed",
        "--skills",
        "40",
        "--index-shape",
        "objects",
        "--yes",
    ];
    assert_ok(&on_dev(&sb, &dev.url, &seed), "seed");
    assert_ok(&local.run(seed), "seed locally");
    for source in ["kv", "index", "durable"] {
        let args = ["skills", "list", "--source", source, "--json"];
        let (a, b) = (on_dev(&sb, &dev.url, &args), local.run(args));
        assert_ok(&a, "skills list");
        assert_eq!(report(&a), report(&b), "--source {source}");
    }
    let first: Value = serde_json::from_slice(
        &on_dev(&sb, &dev.url, &["skills", "list", "--limit", "1", "--json"]).stdout,
    )
    .unwrap();
    let slug = first["skills"][0]["name"].as_str().unwrap().to_string();
    let get = on_dev(&sb, &dev.url, &["skills", "get", &slug, "--json"]);
    assert_ok(&get, "skills get");
    assert_eq!(
        report(&get),
        report(&local.run(["skills", "get", &slug, "--json"]))
    );
    let missing = on_dev(&sb, &dev.url, &["skills", "get", "no-such-skill"]);
    assert_eq!(code(&missing), 1, "{}", stderr_of(&missing));

    // Reviews (seed 000's tables in D1): the same answers, and a write followed by its aggregate.
    const ADDED: &str = "00000000-0000-4000-8000-000000000001";
    let add = [
        "reviews",
        "add",
        "--type",
        "skill",
        "--id",
        &slug,
        "--rating",
        "4",
        "--title",
        "Solid",
        "--body",
        "Did what it says.",
        "--display-name",
        "dev",
        "--review-id",
        ADDED,
    ];
    assert_ok(&on_dev(&sb, &dev.url, &add), "reviews add");
    assert_ok(&local.run(add), "reviews add locally");
    let reads: [&[&str]; 3] = [
        &["reviews", "verify", "--json"],
        &[
            "reviews", "list", "--type", "skill", "--id", &slug, "--json",
        ],
        &[
            "reviews", "summary", "--type", "skill", "--id", &slug, "--json",
        ],
    ];
    // The review added here, and its target's aggregate, carry the time of their write, on each
    // side its own.
    fn without_clock(v: &mut Value) {
        match v {
            Value::Object(o) => {
                if o.get("id").and_then(Value::as_str) == Some(ADDED) {
                    o.remove("created_at");
                    o.remove("updated_at");
                }
                if let Some(Value::Object(stored)) = o.get_mut("stored") {
                    stored.remove("updated_at");
                }
                o.values_mut().for_each(without_clock);
            }
            Value::Array(a) => a.iter_mut().for_each(without_clock),
            _ => {}
        }
    }
    for args in reads {
        let (a, b) = (on_dev(&sb, &dev.url, args), local.run(args));
        assert_eq!(code(&a), code(&b), "{args:?}: {}", stderr_of(&a));
        let (mut a, mut b) = (report(&a), report(&b));
        without_clock(&mut a);
        without_clock(&mut b);
        assert_eq!(a, b, "{args:?}");
    }
    assert_eq!(dev.worker_summary()["reviews_count"], 251);
}

/// The storage interface itself, against the explorer: single-value writes (4.86 has no bulk
/// routes), cursor pages, bulk reads in chunks, metadata, encoded keys, SQL errors.
#[test]
fn the_store_speaks_the_explorer_like_kv_and_d1() {
    let Some((_turn, dev)) = server::shared() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let env = mkt::config::Env::from_pairs([
        ("MKT_TARGET", "wrangler-dev"),
        ("MKT_DEV_URL", dev.url.as_str()),
        ("HOME", dir.path().to_str().unwrap()),
    ]);
    let settings = mkt::config::resolve(&Default::default(), &env, dir.path()).expect("settings");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let target = mkt::target::Target::new(&settings, None, mkt::store::local::Access::Adopt);
        let store = target.kv_sql().await.expect("open wrangler dev");
        assert_eq!(target.kind(), mkt::config::TargetKind::WranglerDev);
        let opened = store.requests();
        assert_eq!(opened, 3, "OpenAPI document, namespaces, databases");

        let odd = ["t:a/b", "t:100%", "t:with space", "t:ü日", "t:q?x=1#f"];
        let mut puts: Vec<mkt::store::KvPut> = (0..105)
            .map(|i| mkt::store::KvPut::new(format!("t:{i:05}"), format!("v{i}")))
            .chain(
                odd.iter()
                    .map(|k| mkt::store::KvPut::new(*k, format!("value of {k}"))),
            )
            .collect();
        let mut with_meta = mkt::store::KvPut::new("t:meta", "m");
        with_meta.metadata = Some(serde_json::json!({"by": "mkt"}));
        puts.push(with_meta);
        let report = store.kv.put_many(&puts).await.unwrap();
        assert_eq!(report.succeeded, puts.len());
        assert!(report.failed.is_empty());
        assert_eq!(
            store.requests() - opened,
            puts.len() as u64,
            "one PUT per value"
        );

        let keys = mkt::store::list_all(store.kv.as_ref(), "t:").await.unwrap();
        assert_eq!(keys.len(), puts.len());
        // Small pages: every one followed by its cursor, the prefix sent again each time.
        let (mut paged, mut cursor, mut pages) = (Vec::new(), None::<String>, 0);
        loop {
            let page = store
                .kv
                .list_page("t:", cursor.as_deref(), 10)
                .await
                .unwrap();
            pages += 1;
            paged.extend(page.keys.into_iter().map(|k| k.name));
            match page.cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(pages, puts.len().div_ceil(10));
        assert_eq!(
            paged,
            keys.iter().map(|k| k.name.clone()).collect::<Vec<_>>()
        );
        let mut names: Vec<&str> = keys.iter().map(|k| k.name.as_str()).collect();
        let listed = names.clone();
        names.sort();
        assert_eq!(listed, names, "sorted by UTF-8 bytes");
        let meta = keys.iter().find(|k| k.name == "t:meta").unwrap();
        assert_eq!(meta.metadata, Some(serde_json::json!({"by": "mkt"})));

        for k in odd {
            let got = store.kv.get(k).await.unwrap().expect(k);
            assert_eq!(got.text().unwrap(), format!("value of {k}"));
        }
        assert_eq!(store.kv.get("t:absent").await.unwrap(), None);
        // More than one bulk get (100 keys each).
        let wanted: Vec<String> = (0..105)
            .map(|i| format!("t:{i:05}"))
            .chain(["t:absent".to_string()])
            .collect();
        let many = store.kv.get_many(&wanted).await.unwrap();
        assert_eq!(many.len(), 106);
        assert_eq!(many["t:00042"].as_deref(), Some("v42"));
        assert_eq!(many["t:absent"], None);

        let mut expiring = mkt::store::KvPut::new("t:ttl", "x");
        expiring.expiration_ttl = Some(3600);
        let err = store.kv.put_many(&[expiring]).await.unwrap_err();
        assert!(err.to_string().contains("expiration"), "{err}");
        assert_eq!(store.kv.get("t:ttl").await.unwrap(), None);

        let all: Vec<String> = keys.iter().map(|k| k.name.clone()).collect();
        let deleted = store.kv.delete_many(&all).await.unwrap();
        assert_eq!(deleted.succeeded, all.len());
        assert!(mkt::store::list_all(store.kv.as_ref(), "t:")
            .await
            .unwrap()
            .is_empty());

        use mkt::store::{SqlValue, Statement};
        let outputs = store
            .sql
            .batch(&[
                Statement::new("CREATE TABLE t (n INTEGER, s TEXT)"),
                Statement::with(
                    "INSERT INTO t VALUES (?, ?), (?, ?)",
                    vec![
                        SqlValue::Integer(1),
                        SqlValue::Text("one".into()),
                        SqlValue::Integer(2),
                        SqlValue::Null,
                    ],
                ),
                Statement::new("SELECT n, s FROM t ORDER BY n"),
            ])
            .await
            .unwrap();
        assert_eq!(outputs.len(), 3);
        assert_eq!(outputs[1].changes, 2);
        let rows: Vec<BTreeMap<String, Value>> = outputs[2]
            .rows
            .iter()
            .map(|r| r.clone().into_iter().collect())
            .collect();
        assert_eq!(rows[0]["n"], 1);
        assert_eq!(rows[0]["s"], "one");
        assert_eq!(rows[1]["s"], Value::Null);

        // A failed statement is the database's answer: an SQL error, sent once, not retried.
        let before = store.requests();
        let err = store
            .sql
            .query(&Statement::new("SELECT * FROM no_such_table"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, mkt::store::StoreError::Sql(ref m) if m.contains("no such table")),
            "{err:?}"
        );
        assert_eq!(store.requests() - before, 1);
    });
}

#[test]
fn other_local_ids_are_matched_by_binding_and_said() {
    let Some((_turn, dev)) = server::shared() else {
        return;
    };
    let sb = Sandbox::new();
    // The project's own wrangler.toml names the deployed ids; wrangler dev serves other ones.
    sb.write(
        "wrangler.toml",
        r#"name = "marketplace"
main = "src/index.js"

[[kv_namespaces]]
binding = "SKILLS_KV"
id = "11111111111111111111111111111111"

[[d1_databases]]
binding = "DB"
database_name = "marketplace"
database_id = "22222222-2222-4222-8222-222222222222"
"#,
    );
    let migrated = on_dev(&sb, &dev.url, &["db", "migrate"]);
    assert_ok(&migrated, "db migrate");
    let stderr = stderr_of(&migrated);
    assert!(
        stderr.contains(&format!(
            "local dev serves binding SKILLS_KV as KV namespace {}, not the configured 11111111111111111111111111111111: matched by binding",
            server::KV_ID
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("binding DB as D1 database 9a8b7c6d"),
        "{stderr}"
    );
    let health = on_dev(&sb, &dev.url, &["health", "--json"]);
    assert_eq!(code(&health), 0, "{}", stderr_of(&health));

    // doctor checks the same wrangler dev and its tables, and says how it matched.
    let doctor = on_dev(&sb, &dev.url, &["doctor", "--json"]);
    assert_ok(&doctor, "doctor");
    let report: Value = serde_json::from_slice(&doctor.stdout).unwrap();
    let check = |name: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} check: {report}"))
    };
    assert_eq!(check("wrangler_dev")["status"], "ok", "{report}");
    let detail = check("wrangler_dev")["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(detail.contains("matched by binding"), "{detail}");
    assert_eq!(check("durable_table")["status"], "ok", "{report}");
    assert_eq!(check("review_tables")["status"], "ok", "{report}");

    // An id nothing serves, with no binding to fall back on: one line naming what is served.
    let wrong = Sandbox::new();
    let out = on_dev(&wrong, &dev.url, &["--namespace-id", "nope", "health"]);
    assert_eq!(code(&out), 4, "{}", stderr_of(&out));
    let stderr = stderr_of(&out);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!("it serves SKILLS_KV ({})", server::KV_ID)),
        "{stderr}"
    );
    let out = on_dev(
        &wrong,
        &dev.url,
        &["--namespace-id", "nope", "seed", "--yes"],
    );
    assert_eq!(code(&out), 5, "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("nothing was written"));
    assert_eq!(dev.kv_count(""), 0);
}

/// The one line for a wrangler dev that is not there, on every kind of command.
fn assert_refusals(sb: &Sandbox, url: &str, expect: &str) {
    for (args, want) in [
        (&["health"][..], 4),
        (&["skills", "list"][..], 4),
        (&["index", "rebuild"][..], 4),
        (&["seed", "--yes"][..], 5),
        (&["db", "migrate"][..], 5),
        (&["index", "rebuild", "--apply", "--yes"][..], 5),
        (&["db", "schema"][..], 4),
    ] {
        let out = on_dev(sb, url, args);
        let stderr = stderr_of(&out);
        assert_eq!(code(&out), want, "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
        assert!(
            stderr.contains("X_LOCAL_EXPLORER=true npx wrangler dev"),
            "{args:?}: {stderr}"
        );
        if want == 5 {
            assert!(stderr.contains("nothing was written"), "{stderr}");
        }
        assert!(stdout_of(&out).is_empty(), "{args:?}");
    }
}

#[test]
fn a_wrangler_dev_that_is_not_running_gets_one_line_saying_how_to_start_it() {
    // A loopback port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let sb = Sandbox::new();
    assert_refusals(&sb, &url, &format!("wrangler dev is not running at {url}"));
    assert!(!sb.path().join(".mkt/local.sqlite").exists());

    let doctor = on_dev(&sb, &url, &["doctor", "--json"]);
    let report: Value = serde_json::from_slice(&doctor.stdout).unwrap();
    let row = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "wrangler_dev")
        .cloned()
        .unwrap();
    assert_eq!(row["status"], "fail", "{report}");
    assert!(
        row["fix"]
            .as_str()
            .unwrap()
            .contains("X_LOCAL_EXPLORER=true npx wrangler dev"),
        "{row}"
    );
}

#[test]
fn a_wrangler_dev_without_its_explorer_is_refused_before_any_write() {
    if !server::available() {
        return;
    }
    let dev = server::WranglerDev::start(false);
    let sb = Sandbox::new();
    assert_refusals(&sb, &dev.url, "does not serve the Local Explorer API");
    let summary = dev.worker_summary();
    assert_eq!(summary["index_present"], false, "{summary}");
    assert_eq!(summary["durable_count"], Value::Null, "{summary}");
}

#[test]
fn ids_and_bindings_come_from_the_projects_wrangler_config() {
    let sb = Sandbox::new();
    sb.write(
        "wrangler.jsonc",
        r#"{
  // two namespaces: the one to use is named in the profile, and has no id (local only)
  "kv_namespaces": [{ "binding": "CACHE", "id": "c0ffee" }, { "binding": "SKILLS_KV" }],
  "d1_databases": [{ "binding": "DB", "database_name": "m", "database_id": "d1-id" }],
}"#,
    );
    sb.write(
        "mkt.toml",
        "[profiles.default]\ntarget = \"wrangler-dev\"\nkv_binding = \"SKILLS_KV\"\ndev_url = \"http://127.0.0.1:9999\"\n",
    );
    let out = sb.run(["config", "show", "--json"]);
    assert_ok(&out, "config show");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let shown: BTreeMap<String, (String, String)> = doc["values"]
        .as_array()
        .unwrap_or_else(|| panic!("{doc}"))
        .iter()
        .map(|v| {
            (
                v["key"].as_str().unwrap().to_string(),
                (
                    v["value"].as_str().unwrap_or_default().to_string(),
                    v["origin"].to_string(),
                ),
            )
        })
        .collect();
    assert_eq!(shown["target"].0, "wrangler-dev");
    assert_eq!(shown["dev_url"].0, "http://127.0.0.1:9999");
    assert_eq!(shown["kv_binding"].0, "SKILLS_KV");
    assert!(!shown.contains_key("kv_namespace_id"), "{shown:?}");
    assert_eq!(shown["d1_binding"].0, "DB");
    assert_eq!(shown["d1_database_id"].0, "d1-id");
    assert!(
        shown["d1_database_id"].1.contains("wrangler.jsonc"),
        "{shown:?}"
    );

    let bad = sb.run(["--dev-url", "localhost:8787", "health"]);
    assert_eq!(code(&bad), 2, "{}", stderr_of(&bad));
    let stderr = stderr_of(&bad);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("invalid dev_url"), "{stderr}");
}

#[test]
fn ctrl_c_during_a_seed_stops_at_a_safe_point_and_the_store_still_works() {
    use std::io::BufRead;
    let Some((_turn, dev)) = server::shared() else {
        return;
    };
    let sb = Sandbox::new();
    // `-v` logs every request on stderr: the signal goes once KV values are being written (the
    // first round's durable rows went first).
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mkt"))
        .env_clear()
        .current_dir(sb.path())
        .env("HOME", sb.path().join("home"))
        .env("MKT_CONFIG_DIR", sb.path().join("config"))
        .env("NO_COLOR", "1")
        .args(["-v", "--target", "wrangler-dev", "--dev-url", &dev.url])
        .args(["seed", "--skills", "3000", "--reviews", "0", "--yes"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (going, started) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if line.starts_with("debug: PUT ") && line.contains("/storage/kv/") {
                let _ = going.send(());
            }
            lines.push(line);
        }
        lines
    });
    for _ in 0..5 {
        started
            .recv_timeout(std::time::Duration::from_secs(120))
            .expect("mkt never got going");
    }
    // SAFETY: kill(2) on the pid of a child this test spawned and has not reaped.
    assert_eq!(
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) },
        0
    );
    let status = child.wait().unwrap();
    let err = reader.join().unwrap().join("\n");
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted while writing skills: "), "{err}");
    assert!(err.contains(" of 3000 skills written"), "{err}");
    assert!(err.contains("rerun the same mkt seed command"), "{err}");
    let values = dev.kv_count("skill:");
    assert!(values < 3000, "stopped part-way: {values} values");
    // What was written is a store mkt reads: a report, not an error.
    let health = on_dev(&sb, &dev.url, &["health", "--json"]);
    assert!(matches!(code(&health), 0 | 3), "{}", stderr_of(&health));
    assert_eq!(report(&health)["kv_enumerated_count"], values);
}

/// Every KV entry (bytes, metadata, expiration) and every durable row on wrangler dev, read
/// through the library.
fn dev_snapshot(
    url: &str,
) -> (
    BTreeMap<String, (Vec<u8>, Option<Value>, Option<i64>)>,
    Vec<serde_json::Map<String, Value>>,
) {
    let dir = tempfile::tempdir().unwrap();
    let env = mkt::config::Env::from_pairs([
        ("MKT_TARGET", "wrangler-dev"),
        ("MKT_DEV_URL", url),
        ("HOME", dir.path().to_str().unwrap()),
    ]);
    let settings = mkt::config::resolve(&Default::default(), &env, dir.path()).expect("settings");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let target = mkt::target::Target::new(&settings, None, mkt::store::local::Access::Adopt);
        let store = target.kv_sql().await.unwrap();
        let keys: Vec<String> = mkt::store::list_all(store.kv.as_ref(), "")
            .await
            .unwrap()
            .into_iter()
            .map(|k| k.name)
            .collect();
        let kv = mkt::store::read_entries(store.kv.as_ref(), &keys)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|(k, e)| e.map(|e| (k, (e.bytes, e.metadata, e.expiration))))
            .collect();
        let rows = store
            .sql
            .query(&mkt::store::Statement::new(
                "SELECT * FROM skills ORDER BY name",
            ))
            .await
            .unwrap()
            .rows;
        (kv, rows)
    })
}

#[test]
fn runs_undo_gives_back_wrangler_devs_store_as_it_was() {
    let Some((_turn, dev)) = server::shared() else {
        return;
    };
    let sb = Sandbox::new();
    assert_ok(&on_dev(&sb, &dev.url, &SEED), "seed into wrangler dev");
    let before = dev_snapshot(&dev.url);
    let mut runs = Vec::new();
    for repair in [
        &[
            "index",
            "rebuild",
            "--fix-aliases",
            "--apply",
            "--yes",
            "--json",
        ][..],
        &[
            "backfill", "skills", "--to", "kv", "--apply", "--yes", "--json",
        ],
        &["backfill", "skills", "--apply", "--yes", "--json"],
    ] {
        let out = on_dev(&sb, &dev.url, repair);
        assert_ok(&out, &format!("{repair:?}"));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        runs.push(doc["run_id"].as_str().unwrap().to_string());
    }
    assert_ne!(dev_snapshot(&dev.url), before, "the repairs wrote");
    for run in runs.iter().rev() {
        let out = on_dev(&sb, &dev.url, &["runs", "undo", run, "--yes"]);
        assert_ok(&out, &format!("undo {run}"));
    }
    assert_eq!(
        dev_snapshot(&dev.url),
        before,
        "every key, value, metadata and row as before"
    );
}
