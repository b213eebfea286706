//! Values compared by meaning per column type, and a column named otherwise mapped in the profile
//! (`[profiles.NAME.durable_columns]`): numbers in any textual form, labels as JSON text, instants
//! in SQL or ISO form are equal; a real difference shows both values as the user would write them.

use serde_json::json;

use crate::backend::{json_of, Backend};
use crate::support::stderr_of;

#[test]
fn equal_meanings_are_equal_and_a_mapped_column_is_compared() {
    let b = Backend::local();
    b.sandbox().write(
        "mkt.toml",
        "[profiles.default.durable_columns]\ncertScore = \"score\"\n",
    );
    b.exec(
        "CREATE TABLE skills (name TEXT PRIMARY KEY, display_name TEXT, score REAL, \
         certified_at TEXT, labels TEXT, trending_score_7d TEXT, updated_at TEXT)",
    );
    let rec = |name: &str, score: serde_json::Value| {
        json!({"name": name, "displayName": "Same", "certScore": score,
               "certifiedAt": "2026-01-01T01:50:00.000Z", "labels": ["a", "b"],
               "trendingScore7d": 12.5, "installCount": 7})
        .to_string()
    };
    b.kv_put_many(&[
        ("skill:same".into(), rec("same", json!("90.40"))),
        ("skill:differs".into(), rec("differs", json!(90.4))),
        (
            "skills:published-index".into(),
            json!(["same", "differs"]).to_string(),
        ),
    ]);
    b.exec(
        "INSERT INTO skills VALUES \
         ('same', 'Same', 90.4, '2026-01-01 01:50:00+00', '[ \"a\" , \"b\" ]', '12.50', 't'), \
         ('differs', 'Same', 91.0, '2026-01-01 01:50:00', '[\"a\",\"b\"]', '1.25e1', 't')",
    );
    let out = b.run(&["health", "--deep", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let doc = json_of(&out);
    let mismatches: Vec<_> = doc["drifts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "field_mismatch")
        .collect();
    assert_eq!(mismatches.len(), 1, "{mismatches:?}");
    assert_eq!(mismatches[0]["slug"], "differs");
    assert_eq!(
        mismatches[0]["differences"],
        json!([{"field": "certScore", "kv": 90.4, "durable": 91.0}])
    );
    let out = b.run(&["health", "--deep"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("certScore: kv 90.4 ≠ durable 91.0"), "{text}");

    // The durable side wins: only certScore changes in the KV record, nothing else is touched.
    let before = b.kv();
    let out = b.run(&["backfill", "skills", "--apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let after = b.kv();
    assert_eq!(after["skill:same"], before["skill:same"]);
    let got: serde_json::Value = serde_json::from_str(&after["skill:differs"]).unwrap();
    let mut want: serde_json::Value = serde_json::from_str(&before["skill:differs"]).unwrap();
    want["certScore"] = json!(91.0);
    assert_eq!(got, want);
    let out = b.run(&["backfill", "skills", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}
