//! The review-level interface over the Worker API gives what the SQL implementation gives on the
//! local store, step by step (timestamps aside: the Worker sets its own).

use std::sync::Arc;
use std::time::Duration;

use mkt::config::{ApiSettings, Layout, Secret};
use mkt::error::HasExitStatus;
use mkt::reviews::sql::SqlReviews;
use mkt::reviews::validate::{new_review, now};
use mkt::reviews::{
    Limits, ListQuery, NewReview, ReviewError, ReviewPatch, ReviewStore, TargetRef, TargetType,
};
use mkt::worker::reviews::ApiReviews;
use mkt::worker::{WorkerClient, WorkerOptions};
use serde_json::Value;

use crate::fake_worker::{FakeWorker, Shape, INTERNAL_KEY};

fn api(w: &FakeWorker) -> ApiReviews {
    let settings = ApiSettings {
        url: w.url(),
        internal_key: Some(Secret::new(INTERNAL_KEY)),
        token: None,
        timeout: Duration::from_secs(5),
        max_retries: 1,
    };
    let fast = WorkerOptions {
        min_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(10),
        ..Default::default()
    };
    ApiReviews::new(Arc::new(WorkerClient::new(&settings, fast).unwrap()))
}

/// A value with every timestamp blanked, so the two targets' results compare.
fn plain<T: serde::Serialize>(v: &T) -> Value {
    fn blank(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    if k.ends_with("_at") && !x.is_null() {
                        *x = Value::String("<ts>".into());
                    } else {
                        blank(x);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(blank),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(v).unwrap();
    blank(&mut v);
    v
}

fn outcome<T: serde::Serialize>(r: &Result<T, ReviewError>) -> Value {
    match r {
        Ok(v) => plain(v),
        Err(e) => Value::String(format!("error {}: {e}", e.exit_status().code())),
    }
}

/// The same sequence on one store, every result recorded.
async fn sequence(s: &dyn ReviewStore) -> Vec<Value> {
    let limits = Limits::default();
    let mk = |id: &str, target: &str, rating: i64, name: &str| {
        new_review(
            &NewReview {
                id: Some(id.into()),
                target_type: "skill".into(),
                target_id: target.into(),
                display_name: name.into(),
                rating,
                title: format!("title <b>{id}</b>"),
                body: format!("body of {id}; DROP TABLE reviews;"),
                source: None,
            },
            &limits,
            &now(),
        )
        .unwrap()
    };
    let a = TargetRef::new(TargetType::Skill, "alpha");
    let mut out = Vec::new();
    let r1 = mk("r1", "alpha", 5, "Ann");
    out.push(outcome(&s.create(&r1).await));
    tokio::time::sleep(Duration::from_millis(3)).await;
    out.push(outcome(&s.create(&mk("r2", "alpha", 2, "  Bob ")).await));
    tokio::time::sleep(Duration::from_millis(3)).await;
    out.push(outcome(&s.create(&mk("r3", "beta", 4, "Ann")).await));
    // The same review again is a replay; another one under a taken id is refused.
    out.push(outcome(&s.create(&r1).await.map(|o| o.changed)));
    out.push(outcome(&s.create(&mk("r1", "alpha", 1, "Eve")).await));
    out.push(outcome(&s.get("r2").await));
    out.push(outcome(&s.get("missing").await));
    let patch = ReviewPatch {
        rating: Some(3),
        title: Some("edited".into()),
        ..Default::default()
    };
    tokio::time::sleep(Duration::from_millis(3)).await;
    out.push(outcome(&s.update("r1", &patch, &now()).await));
    out.push(outcome(&s.update("missing", &patch, &now()).await));
    out.push(outcome(&s.list(&ListQuery::default()).await));
    out.push(outcome(
        &s.list(&ListQuery {
            target: Some(a.clone()),
            limit: 1,
            offset: 1,
            ..Default::default()
        })
        .await,
    ));
    out.push(outcome(
        &s.list(&ListQuery {
            display_name: Some("Ann".into()),
            ..Default::default()
        })
        .await,
    ));
    out.push(outcome(
        &s.list(&ListQuery {
            rating: Some(4),
            ..Default::default()
        })
        .await,
    ));
    out.push(outcome(&s.summary(&a).await));
    out.push(outcome(&s.delete("r2", &now()).await));
    out.push(outcome(&s.delete("r2", &now()).await.map(|o| o.changed)));
    out.push(outcome(&s.update("r2", &patch, &now()).await));
    out.push(outcome(&s.delete("missing", &now()).await));
    out.push(outcome(&s.summary(&a).await));
    out.push(outcome(
        &s.summary(&TargetRef::new(TargetType::Mcp, "none")).await,
    ));
    out.push(outcome(&s.get_many(&["r3".into(), "nope".into()]).await));
    out.push(outcome(&s.computed().await));
    out.push(outcome(&s.aggregates().await));
    out
}

#[test]
fn the_api_target_gives_what_the_local_store_gives() {
    for shape in [Shape::BARE, Shape::WRAPPED, Shape::DATA_CAMEL] {
        let dir = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let local = mkt::target::local::open(&dir.path().join("direct.sqlite"), &Layout::default())
            .unwrap();
        let direct = SqlReviews::new(local, &Layout::default());
        let w = FakeWorker::start(&dir.path().join("worker.sqlite"), shape);
        let through_api = api(&w);
        let expected = rt.block_on(sequence(&direct));
        let got = rt.block_on(sequence(&through_api));
        for (i, (e, g)) in expected.iter().zip(&got).enumerate() {
            // Step 10 asks for one full page (limit 1, offset 1): only the page is read, so a
            // Worker that sends no total leaves it unknown.
            let mut e = e.clone();
            if i == 10 && !shape.total {
                e["total"] = Value::Null;
            }
            assert_eq!(g, &e, "step {i} differs ({shape:?})");
        }
        assert!(through_api.requests() > 0);
    }
}

#[test]
fn what_the_contract_lacks_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let w = FakeWorker::start(&dir.path().join("worker.sqlite"), Shape::BARE);
    let s = api(&w);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let e = rt.block_on(s.restore("r1", &now())).unwrap_err();
    assert_eq!(e.exit_status().code(), 2);
    assert!(
        e.to_string().contains("--target local or cloudflare"),
        "{e}"
    );
    let e = rt
        .block_on(s.list(&ListQuery {
            include_deleted: true,
            ..Default::default()
        }))
        .unwrap_err();
    assert_eq!(e.exit_status().code(), 2, "{e}");
}

/// Timestamps (mkt's milliseconds, the Worker's microseconds) and request counts blanked.
fn normalized(text: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // yyyy-mm-ddThh:mm:ss[.fraction]Z
        let rest: String = chars[i..chars.len().min(i + 19)].iter().collect();
        let looks = rest.len() == 19
            && rest.as_bytes()[4] == b'-'
            && rest.as_bytes()[10] == b'T'
            && rest.as_bytes()[13] == b':'
            && rest[..4].chars().all(|c| c.is_ascii_digit());
        if looks {
            let mut j = i + 19;
            while j < chars.len() && (chars[j] == '.' || chars[j].is_ascii_digit()) {
                j += 1;
            }
            if j < chars.len() && chars[j] == 'Z' {
                j += 1;
            }
            out.push_str("<ts>");
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out.lines()
        .map(|l| match l.find("\"requests\":") {
            Some(p) => format!("{}\"requests\": N", &l[..p]),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first `error:` line of stderr (the rest names the target and its requests).
fn error_line(stderr: &str) -> String {
    stderr
        .lines()
        .find(|l| l.starts_with("error:"))
        .unwrap_or("")
        .to_string()
}

const SEQUENCE: &[&[&str]] = &[
    &[
        "reviews",
        "add",
        "--type",
        "skill",
        "--id",
        "alpha",
        "--rating",
        "5",
        "--title",
        "Great <b>tool</b>",
        "--body",
        "Works; DROP TABLE reviews;",
        "--display-name",
        "Ann",
        "--review-id",
        "r1",
    ],
    &[
        "reviews",
        "add",
        "--type",
        "skill",
        "--id",
        "alpha",
        "--rating",
        "2",
        "--title",
        "Meh",
        "--body",
        "Slow",
        "--display-name",
        " Bob ",
        "--review-id",
        "r2",
    ],
    &[
        "reviews",
        "add",
        "--type",
        "mcp",
        "--id",
        "srv-1",
        "--rating",
        "4",
        "--title",
        "Solid",
        "--body",
        "Fine",
        "--display-name",
        "Ann",
        "--review-id",
        "r3",
    ],
    &[
        "reviews",
        "add",
        "--type",
        "skill",
        "--id",
        "alpha",
        "--rating",
        "9",
        "--title",
        "x",
        "--body",
        "y",
        "--display-name",
        "Eve",
    ],
    &[
        "reviews",
        "add",
        "--type",
        "skill",
        "--id",
        "alpha",
        "--rating",
        "1",
        "--title",
        "other",
        "--body",
        "z",
        "--display-name",
        "Eve",
        "--review-id",
        "r1",
    ],
    &["reviews", "get", "r1"],
    &["reviews", "get", "missing"],
    &[
        "reviews", "edit", "r1", "--rating", "3", "--title", "edited",
    ],
    &["reviews", "edit", "r1", "--rating", "3", "--json"],
    &["reviews", "edit", "missing", "--rating", "3"],
    &["reviews", "edit", "r1"],
    &["reviews", "list"],
    &[
        "reviews", "list", "--type", "skill", "--id", "alpha", "--json",
    ],
    &[
        "reviews",
        "list",
        "--display-name",
        "Ann",
        "--limit",
        "1",
        "--offset",
        "1",
    ],
    &["reviews", "list", "--rating", "3", "--json"],
    &["reviews", "summary", "--type", "skill", "--id", "alpha"],
    &[
        "reviews", "summary", "--type", "skill", "--id", "alpha", "--json",
    ],
    &["reviews", "delete", "r2"],
    &["reviews", "delete", "r2", "--yes"],
    &["reviews", "delete", "r2", "--yes", "--json"],
    &["reviews", "edit", "r2", "--body", "again"],
    &["reviews", "get", "r2", "--json"],
    &[
        "reviews", "summary", "--type", "skill", "--id", "alpha", "--json",
    ],
    &["reviews", "summary", "--type", "mcp", "--id", "nothing"],
    &["reviews", "verify"],
    &["reviews", "verify", "--json"],
    &["reviews", "recompute"],
];

#[test]
fn the_same_review_commands_give_the_same_results_through_the_api() {
    use crate::support::{stderr_of, stdout_of, Sandbox};
    for shape in [Shape::WRAPPED, Shape::BARE, Shape::ITEMS_CAMEL] {
        let direct = Sandbox::new();
        let via = Sandbox::new();
        let worker_dir = tempfile::tempdir().unwrap();
        let w = FakeWorker::start(&worker_dir.path().join("worker.sqlite"), shape);
        for args in SEQUENCE {
            let d = direct.run(*args);
            let a = via
                .mkt()
                .envs(w.env())
                .arg("--target")
                .arg("api")
                .args(*args)
                .output()
                .unwrap();
            let what = format!("{args:?} ({shape:?})");
            assert_eq!(
                a.status.code(),
                d.status.code(),
                "{what}: exit codes differ\ndirect: {}\napi: {}",
                stderr_of(&d),
                stderr_of(&a)
            );
            assert_eq!(
                normalized(&stdout_of(&a)),
                normalized(&stdout_of(&d)),
                "{what}: stdout differs"
            );
            assert_eq!(
                error_line(&stderr_of(&a)),
                error_line(&stderr_of(&d)),
                "{what}: error differs"
            );
        }
        assert!(stderr_of(
            &via.mkt()
                .envs(w.env())
                .args(["--target", "api", "reviews", "list"])
                .output()
                .unwrap()
        )
        .contains("target: marketplace Worker API"));
    }
}

#[test]
fn restore_through_the_api_is_refused_in_one_line() {
    use crate::support::{stderr_of, Sandbox};
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let w = FakeWorker::start(&dir.path().join("worker.sqlite"), Shape::BARE);
    let out = sb
        .mkt()
        .envs(w.env())
        .args(["--target", "api", "reviews", "restore", "r1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        error_line(&stderr_of(&out)).contains("no endpoint"),
        "{}",
        stderr_of(&out)
    );
}

/// `n` live reviews of skill `alpha` on the fake's store, `p000` newest (one minute apart).
fn seed_many(w: &FakeWorker, n: usize) {
    w.exec(&format!(
        "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < {n})
         INSERT INTO reviews (id, target_type, target_id, display_name, rating, title, body, source, created_at, updated_at)
         SELECT printf('p%03d', i), 'skill', 'alpha', CASE WHEN i % 3 = 0 THEN 'Ann' ELSE 'Bob' END,
                1 + i % 5, 't' || i, 'b' || i, 'signet',
                strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', printf('-%d minutes', i)),
                strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', printf('-%d minutes', i))
         FROM k;"
    ));
}

fn list_via_api(
    sb: &crate::support::Sandbox,
    w: &FakeWorker,
    args: &[&str],
) -> std::process::Output {
    sb.mkt()
        .envs(w.env())
        .args(["--target", "api", "reviews", "list"])
        .args(args)
        .output()
        .unwrap()
}

/// `(limit, offset)` of each `GET /reviews` the fake received.
fn pages_asked(w: &FakeWorker) -> Vec<(String, String)> {
    w.requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path == "/reviews")
        .map(|r| {
            (
                r.query_value("limit").unwrap_or("").to_string(),
                r.query_value("offset").unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn ids_in(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|id| id.starts_with('p'))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_listing_page_reads_only_that_page_from_the_worker() {
    use crate::support::{stderr_of, stdout_of, Sandbox};
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let w = FakeWorker::start(&dir.path().join("worker.sqlite"), Shape::WRAPPED);
    seed_many(&w, 120);

    // With a total: one request, limit and offset passed through.
    let out = list_via_api(&sb, &w, &["--limit", "5", "--offset", "10"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(
        ids_in(&stdout_of(&out)),
        ["p010", "p011", "p012", "p013", "p014"]
    );
    assert!(
        stderr_of(&out).contains("11-15 of 120 reviews (--offset 15 for more)"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(pages_asked(&w), [("5".into(), "10".into())]);

    // More than the Worker's page size (50): pages until the asked count, no further.
    w.clear_log();
    let out = list_via_api(&sb, &w, &["--limit", "70", "--offset", "3", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v["count"], 70);
    assert_eq!(v["total"], 120);
    assert_eq!(v["reviews"][0]["id"], "p003");
    assert_eq!(v["reviews"][69]["id"], "p072");
    assert_eq!(
        pages_asked(&w),
        [("70".into(), "3".into()), ("20".into(), "53".into())]
    );
}

#[test]
fn without_a_total_the_page_says_so_and_the_end_is_found() {
    use crate::support::{stderr_of, stdout_of, Sandbox};
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let w = FakeWorker::start(&dir.path().join("worker.sqlite"), Shape::BARE);
    seed_many(&w, 120);

    let out = list_via_api(&sb, &w, &["--limit", "5", "--offset", "10", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v["count"], 5);
    assert_eq!(v["total"], Value::Null, "the Worker sent no total");
    assert_eq!(pages_asked(&w), [("5".into(), "10".into())]);

    w.clear_log();
    let out = list_via_api(&sb, &w, &["--limit", "5", "--offset", "10"]);
    assert!(
        stderr_of(&out).contains("11-15 reviews (the total is not known without reading every page; --offset 15 for the next page)"),
        "{}",
        stderr_of(&out)
    );

    // The last page is short: the next offset confirms the end, which gives the total.
    w.clear_log();
    let out = list_via_api(&sb, &w, &["--limit", "5", "--offset", "118"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(ids_in(&stdout_of(&out)), ["p118", "p119"]);
    assert!(
        stderr_of(&out).contains("119-120 of 120 reviews"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        pages_asked(&w),
        [("5".into(), "118".into()), ("3".into(), "120".into())]
    );
}

#[test]
fn filters_the_contract_lacks_read_pages_only_until_the_page_is_filled() {
    use crate::support::{stderr_of, stdout_of, Sandbox};
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let w = FakeWorker::start(&dir.path().join("worker.sqlite"), Shape::ITEMS_CAMEL);
    seed_many(&w, 300);

    // Every third review is Ann's: 2 after 2 skipped are within the first page of 50.
    let out = list_via_api(
        &sb,
        &w,
        &["--display-name", "Ann", "--limit", "2", "--offset", "2"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(ids_in(&stdout_of(&out)), ["p006", "p009"]);
    assert!(
        stderr_of(&out).contains("3-4 reviews (the total is not known"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(pages_asked(&w), [("100".into(), "0".into())]);

    // Asked for more than there are: read to the end, so the total is exact.
    w.clear_log();
    let out = list_via_api(&sb, &w, &["--rating", "5", "--limit", "500", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v["total"], 60);
    assert_eq!(v["count"], 60);
    assert_eq!(pages_asked(&w).len(), 6, "{:?}", pages_asked(&w));
}

/// A 5xx from the Worker on a write (after retries) is an error (exit 1, one line), not an
/// incomplete read (4); the Worker's rows are as they were.
#[test]
fn a_5xx_on_a_write_through_the_api_exits_1_and_changes_nothing() {
    use crate::fake_worker::Fault;
    use crate::support::{stderr_of, stdout_of, Sandbox};
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let w = FakeWorker::start(&dir.path().join("worker.sqlite"), Shape::BARE);
    let run = |args: &[&str]| {
        sb.mkt()
            .envs(w.env())
            .env("MKT_MAX_RETRIES", "0")
            .arg("--target")
            .arg("api")
            .args(args)
            .output()
            .unwrap()
    };
    let add = [
        "reviews",
        "add",
        "--type",
        "skill",
        "--id",
        "alpha",
        "--rating",
        "5",
        "--title",
        "t",
        "--body",
        "b",
        "--display-name",
        "Ann",
        "--review-id",
        "r1",
    ];
    assert!(run(&add).status.success());
    let snapshot = || {
        (
            w.query("SELECT * FROM reviews ORDER BY id"),
            w.query("SELECT * FROM review_aggregates ORDER BY target_type, target_id"),
        )
    };
    let before = snapshot();
    for method in ["POST", "PATCH", "DELETE"] {
        w.inject_always(method, "/reviews", Fault::json(500, "D1_ERROR: internal"));
    }
    let mut add2 = add;
    add2[15] = "r2";
    for args in [
        &add2[..],
        &["reviews", "edit", "r1", "--rating", "1"],
        &["reviews", "delete", "r1", "--yes"],
    ] {
        let out = run(args);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{err}"
        );
        assert!(stdout_of(&out).is_empty(), "{args:?}");
    }
    w.clear_faults();
    assert_eq!(snapshot(), before);
}
