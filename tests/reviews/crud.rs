//! CRUD parity between the local and cloudflare targets, summary math, listing, and atomicity of a
//! failed write.

use serde_json::Value;

use crate::support::fake_cf::Fault;
use crate::support::{stderr_of, stdout_of};
use crate::{is_ms_utc, Row, Target};

const TIMES: [&str; 3] = ["created_at", "updated_at", "deleted_at"];

/// The same command sequence on a target: four reviews over three targets, edits, deletes, a restore.
fn sequence(t: &Target) {
    let add = |rid: &str, tt: &str, id: &str, rating: &str, title: &str, body: &str, name: &str| {
        t.ok([
            "reviews",
            "add",
            "--review-id",
            rid,
            "--type",
            tt,
            "--id",
            id,
            "--rating",
            rating,
            "--title",
            title,
            "--body",
            body,
            "--display-name",
            name,
        ]);
    };
    add("r1", "skill", "alpha", "5", "Great", "Works well", "Ann");
    add(
        "r2",
        "skill",
        "alpha",
        "2",
        "Robert'); --",
        "'; DROP TABLE reviews; --",
        "Bo",
    );
    add(
        "r3",
        "mcp",
        "github",
        "4",
        "<b>bold</b> 😀",
        "line\nbreak\u{7}bell \"quoted\"",
        "Cé",
    );
    add("r4", "skill", "beta", "1", "Bad", "Broke", "Dee");
    t.ok([
        "reviews",
        "edit",
        "r2",
        "--rating",
        "4",
        "--title",
        "新しい題名",
    ]);
    t.ok(["reviews", "delete", "r4", "--yes"]);
    t.ok(["reviews", "delete", "r3", "--yes"]);
    t.ok(["reviews", "restore", "r3"]);
    t.ok(["reviews", "edit", "r1", "--display-name", "  Ann B  "]);
}

fn without_times(rows: &[Row]) -> Vec<Row> {
    rows.iter()
        .map(|r| {
            let mut r = r.clone();
            for c in TIMES {
                if let Some(v) = r.get_mut(c) {
                    assert!(
                        v.is_null() || v.as_str().is_some_and(is_ms_utc),
                        "{c} = {v}"
                    );
                    // Keep whether it is set, not when.
                    *v = Value::Bool(!v.is_null());
                }
            }
            r
        })
        .collect()
}

#[test]
fn the_same_commands_leave_the_same_rows_on_both_targets() {
    let [local, cf] = Target::both();
    sequence(&local);
    sequence(&cf);
    let (lr, la) = local.snapshot();
    let (cr, ca) = cf.snapshot();
    assert_eq!(lr.len(), 4);
    let (lr, cr) = (without_times(&lr), without_times(&cr));
    for (l, c) in lr.iter().zip(&cr) {
        for (col, v) in l {
            assert_eq!(Some(v), c.get(col), "column {col} of review {}", l["id"]);
        }
        assert_eq!(l.len(), c.len());
    }
    assert_eq!(lr[0]["display_name"], "Ann B", "trimmed");
    assert_eq!(
        lr[1]["body"], "'; DROP TABLE reviews; --",
        "stored verbatim"
    );
    assert_eq!(lr[1]["title"], "新しい題名");
    assert_eq!(lr[2]["body"], "line\nbreak\u{7}bell \"quoted\"");
    assert_eq!(lr[3]["deleted_at"], true);
    // Aggregates: alpha (2 live), github (restored); beta has no live reviews, so no row.
    let key = |a: &Row| {
        (
            a["target_type"].clone(),
            a["target_id"].clone(),
            a["review_count"].clone(),
            a["avg_rating"].as_f64(),
        )
    };
    assert_eq!(
        la.iter().map(key).collect::<Vec<_>>(),
        ca.iter().map(key).collect::<Vec<_>>()
    );
    assert_eq!(
        la.iter()
            .map(|a| (
                a["target_id"].as_str().unwrap().to_string(),
                a["review_count"].as_i64().unwrap()
            ))
            .collect::<Vec<_>>(),
        vec![("github".to_string(), 1), ("alpha".to_string(), 2)]
    );
    // Listings render the same documents too.
    let strip = |mut v: Value| {
        for r in v["reviews"].as_array_mut().unwrap() {
            for c in TIMES {
                r[c] = Value::Bool(!r[c].is_null());
            }
        }
        v["requests"] = Value::Null;
        v
    };
    let args = ["reviews", "list", "--include-deleted"];
    assert_eq!(strip(local.json(args)), strip(cf.json(args)));
    assert!(cf.json(args)["requests"].as_u64().unwrap() >= 1);
}

#[test]
fn summary_matches_the_stored_row_and_a_direct_computation() {
    for t in Target::both() {
        sequence(&t);
        for (tt, id) in [
            ("skill", "alpha"),
            ("skill", "beta"),
            ("mcp", "github"),
            ("mcp", "never-reviewed"),
        ] {
            let s = t.json(["reviews", "summary", "--type", tt, "--id", id]);
            let direct = &t.rows(&format!(
                "SELECT COUNT(*) AS n, COALESCE(AVG(rating), 0) AS avg FROM reviews \
                 WHERE target_type = '{tt}' AND target_id = '{id}' AND deleted_at IS NULL"
            ))[0];
            assert_eq!(s["review_count"], direct["n"], "{} {tt}/{id}", t.name());
            assert!(
                (s["avg_rating"].as_f64().unwrap() - direct["avg"].as_f64().unwrap()).abs() < 1e-12
            );
            let stored = t.rows(&format!(
                "SELECT review_count, avg_rating FROM review_aggregates WHERE target_type = '{tt}' AND target_id = '{id}'"
            ));
            match stored.first() {
                Some(row) => {
                    assert_eq!(s["stored"]["review_count"], row["review_count"]);
                    assert_eq!(
                        s["stored"]["avg_rating"].as_f64(),
                        row["avg_rating"].as_f64()
                    );
                }
                None => assert!(
                    s["stored"].is_null() && s["review_count"] == 0,
                    "{tt}/{id}: {s}"
                ),
            }
            assert_eq!(s["agrees"], true, "{} {tt}/{id}: {s}", t.name());
        }
        let alpha = t.json(["reviews", "summary", "--type", "skill", "--id", "alpha"]);
        assert_eq!(alpha["avg_rating"], 4.5);
        assert_eq!(t.run(["reviews", "verify"]).status.code(), Some(0));
    }
}

#[test]
fn listing_orders_newest_first_pages_and_filters() {
    let t = Target::local();
    let a = t.add("skill", "alpha", 5, "Ann");
    let b = t.add("skill", "alpha", 3, "Spammer");
    let c = t.add("mcp", "github", 1, "Spammer");
    let d = t.add("skill", "alpha", 4, "Bo");
    t.ok(["reviews", "delete", &d, "--yes"]);
    t.exec(&format!(
        "UPDATE reviews SET updated_at = '2020-01-01T00:00:00.000Z' WHERE id = '{a}'"
    ));
    let ids = |v: &Value| -> Vec<String> {
        v["reviews"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let page = t.json(["reviews", "list", "--type", "skill", "--id", "alpha"]);
    assert_eq!(
        ids(&page),
        vec![b.clone(), a.clone()],
        "live only, newest updated_at first"
    );
    assert_eq!(page["total"], 2);
    let all = t.json([
        "reviews",
        "list",
        "--type",
        "skill",
        "--id",
        "alpha",
        "--include-deleted",
    ]);
    assert_eq!(ids(&all), vec![d.clone(), b.clone(), a.clone()]);
    let p2 = t.json([
        "reviews",
        "list",
        "--type",
        "skill",
        "--id",
        "alpha",
        "--include-deleted",
        "--limit",
        "1",
        "--offset",
        "1",
    ]);
    assert_eq!((ids(&p2), p2["total"].as_u64()), (vec![b.clone()], Some(3)));
    // What one display name wrote in the last hour, across targets.
    let spam = t.json([
        "reviews",
        "list",
        "--display-name",
        "Spammer",
        "--since",
        "1h",
    ]);
    let mut got = ids(&spam);
    got.sort();
    let mut want = vec![b.clone(), c.clone()];
    want.sort();
    assert_eq!(got, want);
    assert_eq!(
        ids(&t.json([
            "reviews",
            "list",
            "--since",
            "2019-06-01T00:00:00+02:00",
            "--rating",
            "5"
        ])),
        vec![a.clone()]
    );
    assert_eq!(
        ids(&t.json(["reviews", "list", "--since", "2100-01-01T00:00:00Z"])),
        Vec::<String>::new()
    );
    // NDJSON: one review per line; piped text: a header, then one tab-separated row per review.
    let nd = t.ok(["reviews", "list", "--ndjson"]);
    assert_eq!(nd.lines().count(), 3);
    assert!(nd
        .lines()
        .all(|l| serde_json::from_str::<Value>(l).unwrap()["id"].is_string()));
    let plain = t.ok(["reviews", "list"]);
    assert_eq!(plain.lines().count(), 4);
    assert!(plain.lines().all(|l| l.split('\t').count() == 7));
    assert_eq!(t.ok(["reviews", "list", "--no-headers"]).lines().count(), 3);
    // get shows deleted reviews; a missing id is exit 1 with a hint.
    assert!(t.json(["reviews", "get", &d])["review"]["deleted_at"].is_string());
    let out = t.run(["reviews", "get", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("no review nope"));
}

#[test]
fn a_5xx_on_the_write_leaves_review_and_aggregate_unchanged() {
    let mut t = Target::cloudflare();
    t.extra_env.push(("MKT_MAX_RETRIES".into(), "0".into()));
    let id = t.add("skill", "alpha", 5, "Ann");
    let before = t.snapshot();
    t.fake().inject_always("POST", "/query", Fault::status(500));
    for args in [
        vec!["reviews", "edit", &id, "--rating", "1"],
        vec!["reviews", "delete", &id, "--yes"],
        vec![
            "reviews",
            "add",
            "--type",
            "skill",
            "--id",
            "alpha",
            "--rating",
            "1",
            "--title",
            "t",
            "--body",
            "b",
            "--display-name",
            "x",
        ],
    ] {
        let out = t.run(&args);
        // One atomic request failed: nothing was written, so an error (1), not incomplete (4).
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{err}");
        assert!(stdout_of(&out).is_empty());
    }
    t.fake().clear_faults();
    assert_eq!(t.snapshot(), before);
    // One 503 is retried (each write batch is safe to replay) and the edit lands once.
    t.extra_env.clear();
    t.fake().inject("POST", "/query", 1, Fault::status(503));
    t.ok(["reviews", "edit", &id, "--rating", "2"]);
    assert_eq!(
        t.rows("SELECT avg_rating FROM review_aggregates")[0]["avg_rating"],
        2.0
    );
}

/// Review text comes from strangers: escape sequences are stored verbatim (and shown so in
/// JSON) but never reach the operator's terminal or a line-based pipe raw.
#[test]
fn control_characters_are_stored_verbatim_and_shown_escaped() {
    let t = Target::local();
    let title = "evil \u{1b}[2J\u{1b}]0;owned\u{7}title";
    let id = t
        .ok([
            "-q",
            "reviews",
            "add",
            "--type",
            "skill",
            "--id",
            "alpha",
            "--rating",
            "3",
            "--title",
            title,
            "--body",
            "line1\nline2",
            "--display-name",
            "Tab\tName",
        ])
        .trim()
        .to_string();
    assert_eq!(t.rows("SELECT title FROM reviews")[0]["title"], title);
    assert_eq!(t.json(["reviews", "get", &id])["review"]["title"], title);
    for args in [
        vec!["reviews", "list"],
        vec!["reviews", "list", "--type", "skill", "--id", "alpha"],
        vec!["reviews", "get", &id],
    ] {
        let out = t.ok(&args);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{args:?}: {out:?}"
        );
        assert!(out.contains("\\u{1b}[2J"), "{args:?}: {out}");
    }
    // ndjson is JSON: the text is there exactly, escaped by JSON itself.
    let nd = t.ok(["reviews", "list", "--ndjson"]);
    let line: Value = serde_json::from_str(nd.lines().next().unwrap()).unwrap();
    assert_eq!(line["title"], title);
}

/// Operator inputs at the edges: a `--since` longer than the calendar means "since the
/// beginning", an offset past every row is an empty page, never an error or a wrap-around.
#[test]
fn since_and_offset_at_their_limits() {
    for t in Target::both() {
        t.add("skill", "alpha", 4, "Ann");
        for since in ["9999999999999w", "99999999999999999999d", "400000w"] {
            let out = t.run(["reviews", "list", "--since", since, "--json"]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{} {since}: {}",
                t.name(),
                stderr_of(&out)
            );
            let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(doc["total"], 1, "{} {since}: {doc}", t.name());
        }
        for since in ["1y", "-1h", "h", "2026-13-01T00:00:00Z"] {
            let out = t.run(["reviews", "list", &format!("--since={since}")]);
            assert_eq!(out.status.code(), Some(2), "{} {since}", t.name());
            assert!(stderr_of(&out).contains("--since"), "{}", stderr_of(&out));
        }
        let out = t.run(["reviews", "list", "--offset", "18446744073709551615"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            t.name(),
            stderr_of(&out)
        );
        assert!(stdout_of(&out).is_empty());
        assert!(
            stderr_of(&out).contains("0 of 1 reviews"),
            "{}",
            stderr_of(&out)
        );
    }
}

/// An edit to the values already there changes nothing: the row keeps its `updated_at` (which
/// decides "newer wins" in backfills and syncs) and the operator is told so.
#[test]
fn an_edit_to_the_same_values_changes_nothing() {
    for t in Target::both() {
        let id = t.add("skill", "alpha", 4, "Ann");
        let before = t.snapshot();
        let out = t.run([
            "reviews",
            "edit",
            &id,
            "--rating",
            "4",
            "--display-name",
            " Ann ",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        assert_eq!(stdout_of(&out).trim(), id);
        let err = stderr_of(&out);
        assert!(
            err.contains(&format!(
                "review {id} already has these values; nothing changed"
            )) && err.contains("skill/alpha: 1 live review, average 4.0000"),
            "{}: {err}",
            t.name()
        );
        assert_eq!(t.snapshot(), before, "{}", t.name());
        let doc = t.json(["reviews", "edit", &id, "--title", "A title"]);
        assert_eq!(doc["changed"], false, "{doc}");
        // A real change still lands, with a new updated_at.
        let doc = t.json(["reviews", "edit", &id, "--rating", "4", "--title", "New"]);
        assert_eq!(doc["changed"], true, "{doc}");
        assert_eq!(doc["review"]["title"], "New");
        assert_ne!(t.snapshot(), before);
        // Restoring a live review says it is not deleted.
        let err = stderr_of(&t.run(["reviews", "restore", &id]));
        assert!(err.contains("is not deleted; nothing changed"), "{err}");
    }
}

/// Adding the same review under the same id again (a script rerun after a lost answer) is a
/// no-op, as on the Worker target; different content under that id is refused.
#[test]
fn adding_the_same_review_again_is_a_no_op() {
    for t in Target::both() {
        let add = |rating: &str| {
            t.run([
                "reviews",
                "add",
                "--type",
                "mcp",
                "--id",
                "srv",
                "--rating",
                rating,
                "--title",
                "t",
                "--body",
                "b",
                "--display-name",
                "Zed",
                "--review-id",
                "fixed-1",
            ])
        };
        assert!(add("4").status.success());
        let before = t.snapshot();
        let out = add("4");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            t.name(),
            stderr_of(&out)
        );
        assert_eq!(stdout_of(&out).trim(), "fixed-1");
        assert!(
            stderr_of(&out)
                .contains("review fixed-1 already exists with these values; nothing changed"),
            "{}",
            stderr_of(&out)
        );
        assert_eq!(t.snapshot(), before);
        let out = add("2");
        assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
        assert!(stderr_of(&out).contains("a different review with id fixed-1 already exists"));
        assert_eq!(t.snapshot(), before);
    }
}
