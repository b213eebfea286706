//! Every repair `mkt health` recommends is one of the repair commands, and after applying them
//! (in the order given) `mkt health` no longer reports those kinds.

mod repair_fixture;
mod support;

use repair_fixture as fx;
use serde_json::{json, Value};
use support::{stderr_of, Sandbox};

fn health(sb: &Sandbox) -> Value {
    let out = sb.run(["health", "--deep", "--json"]);
    assert!(
        matches!(out.status.code(), Some(0) | Some(3)),
        "{}",
        stderr_of(&out)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn applying_the_recommendations_clears_the_drift() {
    let sb = Sandbox::new();
    let store = fx::open(&sb.local_db());
    let kv = fx::slugs("k", 12);
    fx::put_skills(&store, &kv);
    fx::put_rows(&store, &kv[..6]);
    fx::put_rows(&store, &fx::slugs("d", 3));
    fx::exec(
        &store,
        "UPDATE skills SET display_name = 'changed' WHERE name = 'k0001'",
    );
    fx::put_kv(
        &store,
        &[
            ("skill:k0002".into(), "{broken".into()),
            (
                "skill-alias:lost".into(),
                json!({"target": "nowhere"}).to_string(),
            ),
            (
                "skill-alias:loop1".into(),
                json!({"target": "loop2"}).to_string(),
            ),
            (
                "skill-alias:loop2".into(),
                json!({"target": "loop1"}).to_string(),
            ),
            ("skill-alias:junk".into(), "two words".into()),
            (
                "skill-alias:ok".into(),
                json!({"target": "k0005"}).to_string(),
            ),
        ],
    );
    fx::set_index(&store, &json!(["k0000", "k0000", "gone", 42, "d0001"]));

    let before = health(&sb);
    assert_eq!(before["drift_detected"], true);
    let kinds: Vec<&str> = before["counts"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, n)| n.as_u64() > Some(0))
        .map(|(k, _)| k.as_str())
        .collect();
    for k in [
        "missing_from_index",
        "stale_in_index",
        "missing_in_durable",
        "missing_kv_value",
        "field_mismatch",
        "malformed_value",
        "duplicate_in_index",
        "orphaned_alias",
        "alias_cycle",
    ] {
        assert!(kinds.contains(&k), "fixture lacks {k}: {kinds:?}");
    }

    let recs = before["recommendations"].as_array().unwrap();
    assert!(recs.len() >= 5, "{recs:?}");
    for rec in recs {
        let command = rec["command"].as_str().unwrap();
        let words: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(words[0], "mkt");
        assert!(
            matches!(words[1], "index" | "rebuild-index" | "backfill"),
            "not a repair command: {command}"
        );
        let out = sb.mkt().args(&words[1..]).arg("--yes").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr_of(&out));
    }

    let after = health(&sb);
    let left: Vec<(String, String)> = after["drifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_string(),
                d["slug"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        left,
        vec![],
        "health after the repairs: {}",
        after["recommendations"]
    );
    assert_eq!(after["drift_detected"], false);
    // Nothing live was lost: every skill that existed is in the index and has both records.
    let index = fx::index_of(&store);
    for s in kv.iter().chain(fx::slugs("d", 3).iter()) {
        assert!(
            index.as_array().unwrap().contains(&json!(s)),
            "{s} lost from the index"
        );
    }
}
