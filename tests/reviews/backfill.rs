//! `mkt backfill reviews --from FILE`: winners, no-ops, malformed records, idempotency, audit.

use serde_json::{json, Value};

use crate::support::fake_cf::Fault;
use crate::support::stderr_of;
use crate::Target;

fn review(id: &str, target: &str, rating: i64, updated: &str) -> Value {
    json!({"id": id, "target_type": "skill", "target_id": target, "display_name": "Ann", "rating": rating,
           "title": format!("title {id}"), "body": "body", "source": "signet",
           "created_at": "2026-01-01T00:00:00.000Z", "updated_at": updated, "deleted_at": null})
}

const T1: &str = "2026-01-02T00:00:00.000Z";
const T2: &str = "2026-01-03T00:00:00.000Z";
const T3: &str = "2026-01-04T00:00:00.000Z";

/// Stored before the backfill: s-newer (file has a newer copy), s-same (identical), s-older (file older).
fn existing(t: &Target) {
    let file = json!([
        review("s-newer", "alpha", 1, T2),
        review("s-same", "alpha", 2, T2),
        review("s-older", "beta", 3, T2)
    ]);
    t.sb.write("existing.json", &file.to_string());
    t.ok([
        "backfill",
        "reviews",
        "--from",
        "existing.json",
        "--apply",
        "--yes",
    ]);
}

fn mixed_file() -> Value {
    let mut camel = review("new-camel", "gamma", 4, T1);
    let m = camel.as_object_mut().unwrap();
    for (snake, camel_name) in [
        ("target_type", "targetType"),
        ("target_id", "targetId"),
        ("display_name", "displayName"),
        ("created_at", "createdAt"),
        ("updated_at", "updatedAt"),
    ] {
        let v = m.remove(snake).unwrap();
        m.insert(camel_name.into(), v);
    }
    m.remove("deleted_at");
    let mut deleted = review("new-deleted", "gamma", 1, T2);
    deleted["deleted_at"] = json!(T2);
    json!({"reviews": [
        review("new-1", "alpha", 5, T1),
        review("dup", "delta", 2, T1),
        review("dup", "delta", 4, T3),
        review("dup", "delta", 3, T2),
        review("s-newer", "alpha", 5, T3),
        review("s-same", "alpha", 2, "2026-01-03T01:00:00+01:00"),
        review("s-older", "beta", 5, T1),
        camel,
        deleted,
        review("bad-rating", "alpha", 7, T1),
        {"target_type": "skill"},
        "not a review",
    ]})
}

#[test]
fn a_mixed_file_backfills_the_right_winners_once() {
    for t in Target::both() {
        existing(&t);
        t.sb.write("staging.json", &mixed_file().to_string());
        let plan = t.json(["backfill", "reviews", "--from", "staging.json"]);
        let p = &plan["plan"];
        assert_eq!(
            (
                p["records"].as_u64(),
                p["inserts"].as_u64(),
                p["updates"].as_u64(),
                p["identical"].as_u64()
            ),
            (Some(12), Some(4), Some(1), Some(1)),
            "{}: {p}",
            t.name()
        );
        assert_eq!(p["duplicates"].as_array().unwrap().len(), 2);
        assert_eq!(p["kept_stored"][0]["id"], "s-older");
        let malformed: Vec<(&str, &str)> = p["malformed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["path"].as_str().unwrap(), m["reason"].as_str().unwrap()))
            .collect();
        assert_eq!(
            malformed,
            vec![
                (
                    ".reviews[9]",
                    "invalid rating 7: a rating is a whole number from 1 to 5"
                ),
                (".reviews[10]", "id is missing"),
                (".reviews[11]", "a review is a JSON object, not a string"),
            ]
        );
        let writes = t.write_requests();
        let out = t.run([
            "backfill",
            "reviews",
            "--from",
            "staging.json",
            "--apply",
            "--yes",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        assert!(stderr_of(&out).contains("3 malformed records skipped"));
        if t.fake.is_some() {
            assert_eq!(
                t.write_requests() - writes,
                1,
                "one request: reviews, aggregates and the sync event"
            );
        }
        let rating = |id: &str| {
            t.rows(&format!("SELECT rating FROM reviews WHERE id = '{id}'"))[0]["rating"]
                .as_i64()
                .unwrap()
        };
        assert_eq!(rating("dup"), 4, "the newest copy in the file wins");
        assert_eq!(
            rating("s-newer"),
            5,
            "a newer file copy replaces the stored one"
        );
        assert_eq!(rating("s-older"), 3, "an older file copy loses");
        assert_eq!(
            t.rows("SELECT COUNT(*) AS n FROM reviews")[0]["n"],
            7,
            "3 stored + 4 new"
        );
        assert_eq!(
            t.rows("SELECT display_name FROM reviews WHERE id = 'new-camel'")[0]["display_name"],
            "Ann"
        );
        assert_eq!(
            t.run(["reviews", "verify"]).status.code(),
            Some(0),
            "aggregates recomputed in the same requests"
        );
        let gamma = t.json(["reviews", "summary", "--type", "skill", "--id", "gamma"]);
        assert_eq!(
            gamma["review_count"], 1,
            "the deleted review does not count"
        );
        let events = t.rows("SELECT direction, status, error FROM review_sync_events");
        assert_eq!(events.len(), 2, "one per run that wrote");
        assert!(events
            .iter()
            .all(|e| e["direction"] == "push" && e["status"] == "ok" && e["error"].is_null()));

        // The second run writes nothing at all.
        let writes = t.write_requests();
        let before = t.snapshot();
        let again = t.json([
            "backfill",
            "reviews",
            "--from",
            "staging.json",
            "--apply",
            "--yes",
        ]);
        assert_eq!(again["written"], 0);
        assert_eq!((t.write_requests(), t.snapshot()), (writes, before));
        assert_eq!(
            t.rows("SELECT COUNT(*) AS n FROM review_sync_events")[0]["n"],
            2
        );
    }
}

#[test]
fn a_file_that_is_not_json_is_exit_2_with_line_and_column() {
    let t = Target::cloudflare();
    t.sb.write(
        "broken.json",
        "[\n  {\"id\": \"a\"},\n  {\"id\": \"b\",,}\n]",
    );
    let before = t.fake().request_count();
    let out = t.run(["backfill", "reviews", "--from", "broken.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("broken.json: not JSON") && err.contains("at line 3 column 14"),
        "{err}"
    );
    assert_eq!(t.fake().request_count(), before, "no request");
    let out = t.run(["backfill", "reviews", "--from", "missing.json"]);
    assert_eq!(out.status.code(), Some(2));
    t.sb.write("shape.json", "{\"items\": []}");
    assert!(
        stderr_of(&t.run(["backfill", "reviews", "--from", "shape.json"]))
            .contains("an object with a \"reviews\" array")
    );
}

/// The only write request fails as a whole (one atomic D1 request): nothing landed, so it is
/// an error (exit 1), not partial (6), and the run is audited.
#[test]
fn a_failed_single_batch_writes_nothing_exits_1_audited_and_a_rerun_converges() {
    let mut t = Target::cloudflare();
    t.extra_env.push(("MKT_MAX_RETRIES".into(), "0".into()));
    let file = json!((0..30)
        .map(|i| review(&format!("r{i}"), &format!("t{}", i % 4), 1 + i % 5, T1))
        .collect::<Vec<_>>());
    t.sb.write("staging.json", &file.to_string());
    // The plan's read goes through; the write request is answered 500 once.
    t.fake().inject_writes("/query", 1, Fault::status(500));
    let out = t.run([
        "backfill",
        "reviews",
        "--from",
        "staging.json",
        "--apply",
        "--yes",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("reviews batch 1 of 1 failed")
            && err.contains("nothing was written")
            && err.contains("mkt backfill reviews --from staging.json --apply --yes"),
        "{err}"
    );
    assert_eq!(
        t.rows("SELECT COUNT(*) AS n FROM reviews")[0]["n"],
        0,
        "the failed batch left nothing"
    );
    assert_eq!(
        t.rows("SELECT COUNT(*) AS n FROM review_aggregates")[0]["n"],
        0
    );
    let events = t.rows("SELECT status, error FROM review_sync_events");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["status"], "error");
    assert!(
        events[0]["error"].as_str().unwrap().contains("500")
            || events[0]["error"].as_str().unwrap().contains("server"),
        "{:?}",
        events[0]
    );
    // A rerun converges.
    t.ok([
        "backfill",
        "reviews",
        "--from",
        "staging.json",
        "--apply",
        "--yes",
    ]);
    assert_eq!(t.rows("SELECT COUNT(*) AS n FROM reviews")[0]["n"], 30);
    assert_eq!(t.run(["reviews", "verify"]).status.code(), Some(0));
}

/// A later batch fails after an earlier one landed: that is partial (exit 6); a rerun writes the
/// rest and the aggregates match.
#[test]
fn a_failed_later_batch_is_partial_and_a_rerun_converges() {
    let mut t = Target::cloudflare();
    t.extra_env.push(("MKT_MAX_RETRIES".into(), "0".into()));
    let file = json!((0..1500)
        .map(|i| review(&format!("r{i}"), &format!("t{}", i % 40), 1 + i % 5, T1))
        .collect::<Vec<_>>());
    t.sb.write("staging.json", &file.to_string());
    t.fake()
        .inject_writes_after("/query", 1, 1, Fault::status(500));
    let apply = [
        "backfill",
        "reviews",
        "--from",
        "staging.json",
        "--apply",
        "--yes",
    ];
    let out = t.run(apply);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(err.contains("reviews batch 2 of"), "{err}");
    assert!(!err.contains("nothing was written"), "{err}");
    let landed = t.rows("SELECT COUNT(*) AS n FROM reviews")[0]["n"]
        .as_u64()
        .unwrap();
    assert!(landed > 0 && landed < 1500, "{landed}");
    // What landed has its aggregates (same request): verify finds nothing wrong.
    assert_eq!(t.run(["reviews", "verify"]).status.code(), Some(0));
    t.ok(apply);
    assert_eq!(t.rows("SELECT COUNT(*) AS n FROM reviews")[0]["n"], 1500);
    assert_eq!(t.run(["reviews", "verify"]).status.code(), Some(0));
}

/// What other programs write into a staging file: a UTF-8 byte-order mark, a numeric id, a
/// rating as a string, SQLite's `2026-01-01 00:00:00` (UTC), and JavaScript's `deletedAt: ""`.
#[test]
fn staging_files_from_other_programs_are_read_as_they_mean() {
    for t in Target::both() {
        let doc = r#"[{"id":42,"targetType":"skill","targetId":"alpha","displayName":"Ann","rating":"4",
            "title":"t","body":"b","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-02 03:04:05","deletedAt":""},
            {"id":4.5,"target_type":"skill","target_id":"alpha","display_name":"B","rating":"4.5","title":"t","body":"b",
            "created_at":"2026-01-01T00:00:00Z"}]"#;
        t.sb.write("staging.json", &format!("\u{feff}{doc}"));
        let out = t.run([
            "backfill",
            "reviews",
            "--from",
            "staging.json",
            "--apply",
            "--yes",
            "--json",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            t.name(),
            stderr_of(&out)
        );
        let rows = t.rows("SELECT id, rating, updated_at, deleted_at FROM reviews");
        assert_eq!(rows.len(), 1, "{}: {rows:?}", t.name());
        assert_eq!(rows[0]["id"], "42");
        assert_eq!(rows[0]["rating"], 4);
        assert_eq!(rows[0]["updated_at"], "2026-01-02T03:04:05.000Z");
        assert_eq!(rows[0]["deleted_at"], Value::Null);
        // The malformed record is listed in the applied JSON, with its position and reason.
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["malformed"], 1);
        let m = &doc["malformed_records"][0];
        assert_eq!(m["path"], ".[1]", "{doc}");
        assert_eq!(
            m["reason"],
            "id 4.5 is not a whole number (use a string or a whole number)"
        );
        assert!(stderr_of(&out).contains("listed in the JSON under malformed_records"));
        assert_eq!(t.run(["reviews", "verify"]).status.code(), Some(0));
    }
}
