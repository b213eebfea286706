//! The losses of issue 17, each run through the `mkt` binary on the local store and the fake
//! Cloudflare server, asserting the store afterwards: a record missing only `name` is mended, not
//! replaced; a value that is not JSON is backed up byte for byte before it is replaced; metadata
//! and expiration survive a rewrite.

use serde_json::{json, Value};

use crate::backend::{json_of, Backend};
use crate::support::stderr_of;

fn code(out: &std::process::Output, want: i32, what: &str) {
    assert_eq!(out.status.code(), Some(want), "{what}: {}", stderr_of(out));
}

/// A 10-column table another program made, and the row it holds for `git-scanner`.
const TEN_COLUMNS: &str = r#"
CREATE TABLE skills (
    name TEXT PRIMARY KEY,
    display_name TEXT,
    description TEXT,
    author TEXT,
    repo_url TEXT,
    category TEXT,
    current_version TEXT,
    cert_tier TEXT,
    labels TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT
);
INSERT INTO skills VALUES ('git-scanner', 'Git Scanner', 'Scans git repos', 'ada',
    'https://github.com/ada/git-scanner', 'security', '1.2.0', 'VERIFIED', '["git","security"]',
    '2026-03-01T10:00:00.000Z');
"#;

/// The record as the app wrote it, without `name`, spaced and spelled its own way.
const NO_NAME: &str = r#"{"displayName":"Git Scanner","description":"Scans git repos","author":"ada","repoUrl":"https://github.com/ada/git-scanner","category":"security","currentVersion":"1.2.0","certTier":"VERIFIED","certMethod":"automated","certScore":82.10,"certifiedAt":"2026-02-01T09:30:00.000Z","labels":["git","security"],"trendingScore7d":57,"trendingScore30d":168,"publishedAt":"2026-01-15T12:00:00.000Z","updatedAt":"2026-03-01T10:00:00.000Z"}"#;

fn expires() -> i64 {
    chrono::Utc::now().timestamp() + 7 * 86_400
}

#[test]
fn a_record_missing_only_its_name_is_mended_not_replaced() {
    for b in Backend::both() {
        let name = b.name();
        b.exec(TEN_COLUMNS);
        let meta = json!({"owner": "ops", "pinned": true});
        let exp = expires();
        b.kv_put_entry(
            "skill:git-scanner",
            NO_NAME.as_bytes(),
            Some(meta.clone()),
            Some(exp),
        );

        let out = b.run(&["backfill", "skills", "--to", "kv", "--json"]);
        code(&out, 0, &format!("{name}: plan"));
        let plan = json_of(&out);
        let items = plan["plan"]["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{name}: {plan}");
        assert_eq!(items[0]["kv_write"], "mend", "{name}: {plan}");
        assert_eq!(items[0]["fields"], json!(["name"]), "{name}: {plan}");

        let out = b.run(&["backfill", "skills", "--to", "kv", "--apply", "--yes"]);
        code(&out, 0, &format!("{name}: apply"));
        let after = b.kv_entries();
        let (bytes, metadata, expiration) = &after["skill:git-scanner"];
        // Only `name` was added: every other byte, the metadata and the expiration are as they were.
        let want = format!(
            "{},\"name\":\"git-scanner\"}}",
            &NO_NAME[..NO_NAME.len() - 1]
        );
        assert_eq!(String::from_utf8_lossy(bytes), want, "{name}");
        assert_eq!(metadata.as_ref(), Some(&meta), "{name}");
        assert_eq!(*expiration, Some(exp), "{name}");

        // Nothing left to do.
        let out = b.run(&["backfill", "skills", "--to", "kv", "--json"]);
        assert_eq!(json_of(&out)["plan"]["kv_values"], 0, "{name}");
    }
}

/// Whether `needle` is a string anywhere in `v`.
fn holds_string(v: &Value, needle: &str) -> bool {
    match v {
        Value::String(s) => s == needle,
        Value::Array(items) => items.iter().any(|i| holds_string(i, needle)),
        Value::Object(m) => m.values().any(|i| holds_string(i, needle)),
        _ => false,
    }
}

#[test]
fn a_value_that_is_not_json_is_backed_up_byte_for_byte_before_it_is_replaced() {
    let raw = r#"{"name":"gentle-slack-archiver","description":"UNIQUE-OPERATOR-TEXT-42","installCount":9001,}"#;
    for b in Backend::both() {
        let name = b.name();
        b.exec(
            "CREATE TABLE skills (name TEXT PRIMARY KEY, display_name TEXT, description TEXT);
             INSERT INTO skills VALUES ('gentle-slack-archiver', 'Gentle Slack Archiver', 'Archives Slack');",
        );
        b.kv_put_entry("skill:gentle-slack-archiver", raw.as_bytes(), None, None);
        let out = b.run(&["backfill", "skills", "--json"]);
        let plan = json_of(&out);
        assert_eq!(
            plan["plan"]["items"][0]["kv_write"], "replace",
            "{name}: {plan}"
        );

        let out = b.run(&["backfill", "skills", "--apply", "--yes", "--json"]);
        code(&out, 0, &format!("{name}: apply"));
        let doc = json_of(&out);
        let file = doc["backup"].as_str().unwrap();
        let backup: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap())
            .unwrap_or_else(|e| panic!("{name}: backup {file} is not JSON: {e}"));
        assert!(holds_string(&backup, raw), "{name}: {backup}");
        let rec: Value =
            serde_json::from_slice(&b.kv_entries()["skill:gentle-slack-archiver"].0).unwrap();
        assert_eq!(rec["name"], "gentle-slack-archiver", "{name}");
        assert_eq!(rec["displayName"], "Gentle Slack Archiver", "{name}");
    }
}

#[test]
fn metadata_and_expiration_survive_a_field_fix() {
    for b in Backend::both() {
        let name = b.name();
        b.exec(TEN_COLUMNS);
        let text = NO_NAME.replace(
            r#"{"displayName":"Git Scanner""#,
            r#"{"name":"git-scanner","displayName":"Git Scanner (old)""#,
        );
        let meta = json!({"owner": "ops", "pinned": true});
        let exp = expires();
        b.kv_put_entry(
            "skill:git-scanner",
            text.as_bytes(),
            Some(meta.clone()),
            Some(exp),
        );
        let out = b.run(&["skills", "get", "git-scanner", "--json"]);
        code(&out, 0, &format!("{name}: skills get"));
        let got = json_of(&out);
        assert_eq!(got["metadata"], meta, "{name}: {got}");
        assert_eq!(got["expiration"], exp, "{name}: {got}");

        let out = b.run(&["backfill", "skills", "--apply", "--yes"]);
        code(&out, 0, &format!("{name}: apply"));
        let (bytes, metadata, expiration) = b.kv_entries()["skill:git-scanner"].clone();
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            text.replace("Git Scanner (old)", "Git Scanner"),
            "{name}"
        );
        assert_eq!(metadata, Some(meta), "{name}");
        assert_eq!(expiration, Some(exp), "{name}");
    }
}
