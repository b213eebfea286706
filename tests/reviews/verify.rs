//! `reviews verify` finds every kind of stale aggregate; `reviews recompute` repairs them through
//! the repair pipeline (plan, guards, backup, journal, verify).

use serde_json::Value;

use crate::support::{stderr_of, stdout_of};
use crate::Target;

fn plant(t: &Target) {
    for (id, r) in [
        ("alpha", 5),
        ("alpha", 3),
        ("beta", 4),
        ("gamma", 2),
        ("delta", 1),
    ] {
        t.add("skill", id, r, "Ann");
    }
    t.add("mcp", "github", 4, "Bo");
    t.exec(
        "UPDATE review_aggregates SET review_count = 7 WHERE target_id = 'alpha';
         UPDATE review_aggregates SET avg_rating = 4.0000001 WHERE target_id = 'beta';
         DELETE FROM review_aggregates WHERE target_id = 'gamma';
         INSERT INTO review_aggregates VALUES ('mcp', 'ghost', 3, 4.5, '2026-01-01T00:00:00.000Z');",
    );
}

#[test]
fn verify_reports_each_mismatch_and_recompute_repairs_them() {
    for t in Target::both() {
        plant(&t);
        let out = t.run(["reviews", "verify"]);
        assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
        let text = stdout_of(&out);
        for row in [
            "skill/alpha\tstale_count\t2\t7",
            "skill/beta\tstale_average",
            "skill/gamma\tmissing_row\t1\t-",
            "mcp/ghost\tno_live_reviews\t0\t3",
        ] {
            assert!(text.contains(row), "{row:?} in\n{text}");
        }
        let out = t.run(["reviews", "verify", "--json"]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(
            v["counts"],
            serde_json::json!({"missing_row": 1, "no_live_reviews": 1, "stale_average": 1, "stale_count": 1})
        );
        assert_eq!(v["mismatches"].as_array().unwrap().len(), 4);

        // Plan by default; --check exits 3; --apply without a terminal or --yes is refused.
        let before = t.snapshot();
        let writes = t.write_requests();
        assert!(t
            .ok(["reviews", "recompute"])
            .contains("plan: 3 aggregate rows to write, 1 to delete"));
        assert_eq!(
            t.run(["reviews", "recompute", "--check"]).status.code(),
            Some(3)
        );
        assert_eq!(
            t.run(["reviews", "recompute", "--apply"]).status.code(),
            Some(5)
        );
        assert_eq!(
            (t.snapshot(), t.write_requests()),
            (before, writes),
            "{}",
            t.name()
        );

        let done = t.json(["reviews", "recompute", "--apply", "--yes"]);
        assert_eq!(done["applied"], true);
        assert_eq!(done["written"], 4);
        assert_eq!(done["verified"]["mismatches_left"], 0);
        let backup = done["backups"][0].as_str().unwrap();
        let saved: Value = serde_json::from_str(&std::fs::read_to_string(backup).unwrap()).unwrap();
        assert_eq!(
            saved.as_array().unwrap().len(),
            3,
            "the three stored rows replaced or deleted"
        );
        assert!(std::path::Path::new(done["journal"].as_str().unwrap()).exists());
        assert_eq!(t.run(["reviews", "verify"]).status.code(), Some(0));
        let writes = t.write_requests();
        assert!(t
            .ok(["reviews", "recompute", "--apply", "--yes"])
            .contains("nothing to write"));
        assert_eq!(
            t.write_requests(),
            writes,
            "a second recompute writes nothing"
        );
        let rows = t.rows(
            "SELECT target_id, review_count, avg_rating FROM review_aggregates ORDER BY target_id",
        );
        let got: Vec<(String, i64)> = rows
            .iter()
            .map(|r| {
                (
                    r["target_id"].as_str().unwrap().into(),
                    r["review_count"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("alpha".into(), 2),
                ("beta".into(), 1),
                ("delta".into(), 1),
                ("gamma".into(), 1),
                ("github".into(), 1)
            ]
        );
    }
}

#[test]
fn seeded_reviews_agree_and_the_skill_loss_scenario_plants_two_stale_rows() {
    let t = Target::local();
    t.ok(["seed", "--skills", "40", "--reviews", "400"]);
    let types = t.rows("SELECT target_type, COUNT(*) AS n, SUM(deleted_at IS NOT NULL) AS deleted FROM reviews GROUP BY target_type ORDER BY target_type");
    assert_eq!(types.len(), 2, "skill and mcp reviews: {types:?}");
    assert!(
        types.iter().any(|r| r["deleted"].as_i64().unwrap() > 0),
        "some soft-deleted"
    );
    assert_eq!(t.run(["reviews", "verify"]).status.code(), Some(0));

    t.ok([
        "seed",
        "--skills",
        "40",
        "--reviews",
        "400",
        "--scenario",
        "skill-loss",
    ]);
    let v = t.json_status(["reviews", "verify"], 3);
    let kinds: Vec<&str> = v["mismatches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 2, "{v}");
    assert!(
        kinds.contains(&"stale_count") && kinds.contains(&"stale_average"),
        "{kinds:?}"
    );
    t.ok(["reviews", "recompute", "--apply", "--yes"]);
    assert_eq!(t.run(["reviews", "verify"]).status.code(), Some(0));
}

/// The recompute's only write request failing (5xx after retries) wrote nothing: exit 1 with
/// one line saying so, the aggregates as they were; a rerun repairs them.
#[test]
fn a_failed_recompute_write_is_an_error_and_a_rerun_repairs() {
    let mut t = Target::cloudflare();
    plant(&t);
    t.extra_env.push(("MKT_MAX_RETRIES".into(), "0".into()));
    let before = t.snapshot();
    t.fake()
        .inject_writes("/query", 1, crate::support::fake_cf::Fault::status(500));
    let out = t.run(["reviews", "recompute", "--apply", "--yes"]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );
    assert_eq!(t.snapshot(), before);
    t.ok(["reviews", "recompute", "--apply", "--yes"]);
    assert_eq!(t.run(["reviews", "verify"]).status.code(), Some(0));
}
