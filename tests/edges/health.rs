//! Health's gates: unchecked kinds never read as "in sync", and fresh changes settle.

use serde_json::Value;

use super::support::{stderr_of, stdout_of, Sandbox};

fn clean(n: &str) -> Sandbox {
    let sb = Sandbox::new();
    let out = sb.run(["-q", "seed", "--skills", n, "--reviews", "0"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    sb
}

/// Publishes a skill the way the Worker does, minus the index entry KV has not shown yet.
fn publish_unindexed(sb: &Sandbox, slug: &str, changed: &str) {
    let conn = rusqlite::Connection::open(sb.local_db()).unwrap();
    let record = serde_json::json!({"name": slug, "displayName": slug, "updatedAt": changed});
    conn.execute(
        "INSERT INTO _mkt_kv (key, value) VALUES (?1, ?2)",
        rusqlite::params![format!("skill:{slug}"), record.to_string().into_bytes()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO skills (name, display_name, created_at, updated_at) VALUES (?1, ?1, ?2, ?2)",
        rusqlite::params![slug, changed],
    )
    .unwrap();
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout_of(out)))
}

#[test]
fn a_skill_published_seconds_ago_is_settling_not_drift() {
    let sb = clean("10");
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    publish_unindexed(&sb, "fresh-skill", &now);

    let out = sb.run(["health", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc = json(&out);
    assert_eq!(doc["status"], "settling");
    assert_eq!(doc["settle_seconds"], 60);
    assert_eq!(doc["settling"], 1);
    assert_eq!(doc["drift_detected"], Value::Null, "not yet known");
    assert_eq!(doc["counts"]["missing_from_index"], 1, "listed, not hidden");
    assert_eq!(doc["drifts"][0]["slug"], "fresh-skill");
    assert_eq!(doc["drifts"][0]["settling"], true);

    let out = sb.run(["health"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout_of(&out);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("1 settling (changed in the last 60 s; not failing)"),
        "{text}"
    );
    assert!(text.contains("missing_from_index (settling)"), "{text}");
    assert!(
        stderr_of(&out).contains("exit 0: only settling findings"),
        "{}",
        stderr_of(&out)
    );

    // `--settle 0` turns it off: the same finding fails the run.
    let out = sb.run(["health", "--settle", "0", "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let doc = json(&out);
    assert_eq!(doc["settle_seconds"], 0);
    assert_eq!(doc["drifts"][0]["settling"], false);
    // A bad duration is a usage error.
    let out = sb.run(["health", "--settle", "fast"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("60s"), "{}", stderr_of(&out));
}

#[test]
fn a_change_outside_the_window_is_drift() {
    let sb = clean("10");
    let two_minutes_ago = (chrono::Utc::now() - chrono::Duration::seconds(120))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    publish_unindexed(&sb, "older-skill", &two_minutes_ago);
    let out = sb.run(["health", "--json"]);
    assert_eq!(out.status.code(), Some(3), "60 s is the default window");
    let doc = json(&out);
    assert_eq!(
        (doc["status"].as_str(), doc["settling"].as_u64()),
        (Some("drift"), Some(0))
    );
    let out = sb.run(["health", "--json", "--settle", "5m"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc = json(&out);
    assert_eq!(
        (doc["settle_seconds"].as_u64(), doc["settling"].as_u64()),
        (Some(300), Some(1))
    );
    // Long-settled data never settles.
    let sb = clean("10");
    publish_unindexed(&sb, "old-skill", "2026-01-02T00:00:00.000Z");
    assert_eq!(sb.run(["health", "--settle", "5m"]).status.code(), Some(3));
}

#[test]
fn kinds_a_skipped_source_leaves_open_are_not_checked_never_in_sync() {
    // The store: kinds that need the index and the durable table drift.
    let sb = super::seeded("60");
    let before = super::state_files(&sb);
    let out = sb.run(["health", "--sources", "kv_keys", "--json"]);
    let err = stderr_of(&out);
    assert_eq!(
        out.status.code(),
        Some(4),
        "the gate could not be evaluated: {err}"
    );
    let doc = json(&out);
    assert_ne!(doc["status"], "in_sync");
    assert_eq!(doc["drift_detected"], Value::Null);
    for kind in ["missing_from_index", "missing_in_durable", "orphaned_alias"] {
        assert_eq!(doc["counts"][kind], Value::Null, "{kind} was not evaluated");
        assert!(
            doc["unchecked"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k == kind),
            "{kind}"
        );
    }
    assert!(
        err.contains("exit 4: not checked — missing_from_index"),
        "{err}"
    );

    let out = sb.run(["health", "--sources", "kv_keys"]);
    assert_eq!(out.status.code(), Some(4));
    let text = stdout_of(&out);
    let summary = text.lines().next().unwrap();
    assert!(!summary.contains("in sync"), "{summary}");
    assert!(
        summary.contains("not checked: missing_from_index")
            && summary.contains("(--sources skipped index, durable, seed, aliases)"),
        "{summary}"
    );
    assert!(
        text.contains("missing_in_durable\tnot checked\tyes"),
        "{text}"
    );
    // A read: no journal, no backup, nothing else under .mkt/.
    assert_eq!(super::state_files(&sb), before);
}
