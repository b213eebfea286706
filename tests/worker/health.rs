//! `mkt health --via api`, `mkt health --compare` and `mkt index rebuild --via api` against the
//! fake Worker bound to a local store, and the commands the API cannot serve.

use serde_json::Value;

use crate::fake_worker::{FakeWorker, Fault, Shape};
use crate::support::{stderr_of, stdout_of, Sandbox};

fn seeded(args: &[&str]) -> Sandbox {
    let sb = Sandbox::new();
    let out = sb.run([&["seed"][..], args].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    sb
}

fn run(sb: &Sandbox, w: &FakeWorker, args: &[&str]) -> std::process::Output {
    sb.mkt().envs(w.env()).args(args).output().unwrap()
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout_of(out)))
}

/// One row of a comparison's `counts`.
fn count_row(doc: &Value, name: &str) -> Value {
    doc["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no {name} row: {doc}"))
        .clone()
}

#[test]
fn health_via_api_renders_the_workers_view_and_says_what_it_lacks() {
    let sb = seeded(&["--skills", "40", "--scenario", "skill-loss"]);
    let w = FakeWorker::start(&sb.local_db(), Shape::WRAPPED);
    let out = run(&sb, &w, &["--via", "api", "health"]);
    let (stdout, stderr) = (stdout_of(&out), stderr_of(&out));
    assert_eq!(out.status.code(), Some(3), "{stdout}{stderr}");
    assert!(
        stdout.contains("as the Worker at") && stdout.contains("missing_from_index"),
        "{stdout}"
    );
    assert!(
        stderr.contains("target: marketplace Worker API")
            && stderr.contains("note: the Worker does not provide")
            && stderr.contains("alias_count"),
        "{stderr}"
    );

    let direct = json(&sb.run(["health", "--json"]));
    let via = json(&run(&sb, &w, &["--via", "api", "health", "--json"]));
    assert_eq!(via["via"], "api");
    for k in ["kv_index_count", "kv_enumerated_count", "durable_count"] {
        assert_eq!(via[k], direct[k], "{k}");
    }
    assert_eq!(
        via["counts"]["missing_from_index"],
        direct["counts"]["missing_from_index"]
    );
    assert_eq!(via["counts"]["field_mismatch"], Value::Null);
    assert!(via["not_provided"]
        .as_array()
        .unwrap()
        .contains(&Value::from("alias_count")));
    assert_eq!(via["drift_detected"], true);
}

#[test]
fn health_via_api_reads_the_bare_shape_with_string_drifts() {
    let sb = seeded(&["--skills", "20", "--scenario", "skill-loss"]);
    let w = FakeWorker::start(&sb.local_db(), Shape::BARE);
    let via = json(&run(&sb, &w, &["--via", "api", "health", "--json"]));
    assert_eq!(via["status"], "drift");
    assert_eq!(
        via["counts"]["missing_from_index"],
        Value::Null,
        "string drifts name no kinds"
    );
    assert!(via["not_provided"]
        .as_array()
        .unwrap()
        .contains(&Value::from("counts")));
    let clean = seeded(&["--skills", "20"]);
    let w = FakeWorker::start(&clean.local_db(), Shape::DATA_CAMEL);
    let out = run(&clean, &w, &["--via", "api", "health"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    assert!(
        stdout_of(&out).starts_with("in sync"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn worker_failures_are_one_line_with_exit_4_and_no_secret() {
    let sb = seeded(&["--skills", "5"]);
    let w = FakeWorker::start(&sb.local_db(), Shape::BARE);
    let wrong = "ik_not_the_key_0123456789abcdef0123456789";
    let out = sb
        .mkt()
        .envs(w.env())
        .env("MKT_INTERNAL_KEY", wrong)
        .args(["--via", "api", "health"])
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("error: authentication failed: the Worker refused GET /api/v1/admin/health/skills (HTTP 401"), "{stderr}");
    assert!(stderr.contains("MKT_INTERNAL_KEY"), "{stderr}");
    assert!(
        !stderr.contains(wrong) && !stderr.contains(&wrong[..10]) && stdout_of(&out).is_empty(),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{stderr}"
    );

    w.inject_always("GET", "/api/v1/admin", Fault::html(502));
    let out = run(&sb, &w, &["--via", "api", "health"]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("HTTP 502: an HTML page (\u{201c}502 Bad Gateway\u{201d})")
            && stderr.contains("after 3 attempts"),
        "{stderr}"
    );

    w.clear_faults();
    w.inject_always(
        "GET",
        "/api/v1/admin",
        Fault::Hang(std::time::Duration::from_secs(5)),
    );
    let out = sb
        .mkt()
        .envs(w.env())
        .env("MKT_API_TIMEOUT", "0.3")
        .env("MKT_MAX_RETRIES", "1")
        .args(["--via", "api", "health"])
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("timed out after 0.3 s"), "{stderr}");
}

#[test]
fn compare_agrees_on_the_same_store_and_differs_on_another_namespace() {
    let sb = seeded(&["--skills", "30", "--scenario", "skill-loss"]);
    let same = FakeWorker::start(&sb.local_db(), Shape::WRAPPED);
    let out = run(&sb, &same, &["health", "--compare"]);
    let stdout = stdout_of(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", stderr_of(&out));
    assert!(stdout.contains("agrees with local store"), "{stdout}");

    // A deploy bound to another namespace: same code, other data.
    let other = seeded(&["--skills", "12"]);
    let elsewhere = FakeWorker::start(&other.local_db(), Shape::WRAPPED);
    let out = run(&sb, &elsewhere, &["health", "--compare"]);
    let stdout = stdout_of(&out);
    assert_eq!(out.status.code(), Some(3), "{stdout}{}", stderr_of(&out));
    assert!(stdout.contains("DIFFERS from local store"), "{stdout}");
    let doc = json(&run(&sb, &elsewhere, &["health", "--compare", "--json"]));
    assert_eq!(doc["status"], "differ");
    let row = |name: &str| count_row(&doc, name);
    assert_eq!(row("kv_enumerated_count")["verdict"], "differs");
    assert_eq!(row("kv_enumerated_count")["worker"], 12);
    assert_eq!(row("seed_count")["verdict"], "not_compared");
    assert_eq!(row("drift_detected")["verdict"], "differs");

    // Without a Worker URL there is nothing to compare with.
    let out = sb.run(["health", "--compare"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
}

#[test]
fn index_rebuild_via_api_plans_confirms_and_shows_the_workers_counts() {
    let sb = seeded(&["--skills", "25", "--scenario", "skill-loss"]);
    let w = FakeWorker::start(&sb.local_db(), Shape::BARE);
    let out = run(&sb, &w, &["--via", "api", "index", "rebuild"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).contains("nothing was sent"),
        "{}",
        stdout_of(&out)
    );
    let out = run(&sb, &w, &["--via", "api", "index", "rebuild", "--apply"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("pass --yes"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(w.count("POST", "/api/v1/admin/rebuild-index"), 0);

    let out = run(
        &sb,
        &w,
        &[
            "--via", "api", "index", "rebuild", "--apply", "--yes", "--json",
        ],
    );
    // The scenario plants one skill: value that is not JSON: the Worker counts it as an error.
    assert_eq!(out.status.code(), Some(6), "{}", stderr_of(&out));
    let doc = json(&out);
    assert_eq!(doc["rebuilt"], 25);
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["orphanedAliases"], 1);
    assert!(doc["prismaBackfilled"].as_u64().unwrap() > 0);
    assert!(
        stderr_of(&out).contains("reported 1 error"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(w.count("POST", "/api/v1/admin/rebuild-index"), 1);
    // The store now has every skill in its index.
    let after = json(&sb.run(["health", "--json"]));
    assert_eq!(after["counts"]["missing_from_index"], 0);
    assert_eq!(after["kv_index_count"], 25);
}

#[test]
fn commands_the_api_cannot_serve_say_so_in_one_line() {
    let sb = seeded(&["--skills", "3"]);
    let w = FakeWorker::start(&sb.local_db(), Shape::BARE);
    for args in [
        &["--via", "api", "backfill", "skills"][..],
        &["--via", "api", "skills", "list"],
        &["--via", "api", "index", "rebuild", "--prune"],
        &["--via", "api", "health", "--deep"],
        &["--via", "api", "health", "--compare"],
    ] {
        let out = run(&sb, &w, args);
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(
            stderr.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{args:?}: {stderr}"
        );
        assert!(stdout_of(&out).is_empty(), "{args:?}");
    }
    assert_eq!(w.requests().len(), 0, "nothing was sent");
}

/// `--compare` on the cloudflare target: the stores are the fake Cloudflare API's KV namespace and
/// D1 database; the Worker's bindings are its own copy. Same data → exit 0; the stores moving on
/// without the Worker seeing it (a stale cache, a binding to another namespace) → exit 3.
#[test]
fn compare_on_cloudflare_agrees_with_the_same_data_and_exits_3_when_the_stores_differ() {
    use crate::support::fake_cf::FakeCloudflare;
    let cf = FakeCloudflare::start();
    let sb = Sandbox::new();
    let seed = ["seed", "--skills", "30", "--scenario", "skill-loss"];
    let out = sb
        .mkt()
        .envs(cf.env())
        .args(["--target", "cloudflare"])
        .args(seed)
        .args(["--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    // The Worker's bindings hold the same catalog (the seed is deterministic).
    let bound = seeded(&seed[1..]);
    let w = FakeWorker::start(&bound.local_db(), Shape::ITEMS_CAMEL);
    let compare = |extra: &[&str]| {
        sb.mkt()
            .envs(cf.env())
            .envs(w.env())
            .args(["--target", "cloudflare", "health", "--compare"])
            .args(extra)
            .output()
            .unwrap()
    };
    cf.clear_log();
    let out = compare(&[]);
    let (stdout, stderr) = (stdout_of(&out), stderr_of(&out));
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!(
            "agrees with cloudflare account {}",
            cf.account_id()
        )),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!(
            "compared with: marketplace Worker API {}",
            w.url()
        )),
        "{stderr}"
    );
    assert!(cf.mutating_requests().is_empty(), "a comparison only reads");
    assert_eq!(w.count("GET", "/api/v1/admin/health/skills"), 1);
    for secret in [cf.token(), crate::fake_worker::INTERNAL_KEY.to_string()] {
        assert!(
            !format!("{stdout}{stderr}").contains(&secret[..8]),
            "secret printed"
        );
    }

    // Two skills vanish from the namespace; the Worker's view still has them.
    let gone: Vec<String> = cf
        .kv_keys()
        .into_iter()
        .filter(|k| k.starts_with("skill:"))
        .take(2)
        .collect();
    for k in &gone {
        cf.kv_delete(k);
    }
    let out = compare(&[]);
    let stdout = stdout_of(&out);
    assert_eq!(out.status.code(), Some(3), "{stdout}{}", stderr_of(&out));
    assert!(
        stdout.contains(&format!(
            "DIFFERS from cloudflare account {}",
            cf.account_id()
        )),
        "{stdout}"
    );
    let doc = json(&compare(&["--json"]));
    assert_eq!(doc["status"], "differ", "{doc}");
    let row = |name: &str| count_row(&doc, name);
    let enumerated = row("kv_enumerated_count");
    assert_eq!(enumerated["verdict"], "differs", "{enumerated}");
    assert_eq!(
        enumerated["worker"].as_u64().unwrap(),
        enumerated["direct"].as_u64().unwrap() + 2,
        "{enumerated}"
    );
    assert!(cf.mutating_requests().is_empty(), "a comparison only reads");
}
