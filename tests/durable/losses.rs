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
        // The run's exact backup (one JSON object a line) holds the value's bytes as stored.
        let file = doc["backup"].as_str().unwrap();
        let lines: Vec<Value> = std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("{name}: backup {file} line is not JSON: {e}"))
            })
            .collect();
        let kv = lines
            .iter()
            .find(|l| l["kind"] == "kv" && l["key"] == "skill:gentle-slack-archiver")
            .unwrap_or_else(|| panic!("{name}: no line for the value in {file}"));
        assert_eq!(kv["existed"], true, "{name}: {kv}");
        assert_eq!(kv["before"]["text"], raw, "{name}: {kv}");
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

/// The real platform's Prisma table on SQLite/D1: columns named exactly like record fields seed
/// 001 never listed.
const PRISMA_TRUST: &str = r#"
CREATE TABLE "Skill" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "certTier" TEXT,
    "trustTier" TEXT NOT NULL DEFAULT 'T1',
    "trustScore" INTEGER NOT NULL DEFAULT 0,
    "provenanceVerified" BOOLEAN NOT NULL DEFAULT false,
    "distTags" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "Skill_name_key" ON "Skill"("name");
"#;

#[test]
fn every_field_with_a_column_is_written_compared_and_rebuilt() {
    for b in Backend::both() {
        let name = b.name();
        b.exec(PRISMA_TRUST);
        let blocked = json!({"name": "blocked-skill", "displayName": "Blocked", "certTier": "SCANNED",
            "trustTier": "T0", "trustScore": 12, "provenanceVerified": true,
            "distTags": {"latest": "1.0.0"}, "installs": 5,
            "createdAt": "2026-01-02T00:00:00.000Z", "updatedAt": "2026-01-03T00:00:00.000Z"});
        let fine = json!({"name": "ok-skill", "displayName": "OK", "certTier": "SCANNED",
            "trustTier": "T2", "trustScore": 80, "provenanceVerified": false,
            "distTags": {"latest": "2.0.0", "beta": "2.1.0"},
            "createdAt": "2026-01-04T00:00:00.000Z", "updatedAt": "2026-01-05T00:00:00.000Z"});
        b.kv_put_many(&[
            ("skill:blocked-skill".into(), blocked.to_string()),
            ("skill:ok-skill".into(), fine.to_string()),
            (
                "skills:published-index".into(),
                json!(["blocked-skill", "ok-skill"]).to_string(),
            ),
        ]);
        let out = b.run(&["db", "schema", "--json"]);
        code(&out, 0, &format!("{name}: db schema"));
        let schema = json_of(&out);
        let fields: Vec<&str> = schema["columns"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["field"].as_str())
            .collect();
        for f in ["trustTier", "trustScore", "provenanceVerified", "distTags"] {
            assert!(fields.contains(&f), "{name}: {f} mapped: {schema}");
        }
        assert_eq!(
            schema["fields_without_column"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| *f == "installs")
                .count(),
            1,
            "{name}: {schema}"
        );

        // Backfilled rows hold the records' values, not the columns' defaults.
        code(
            &b.run(&["backfill", "skills", "--apply", "--yes"]),
            0,
            &format!("{name}: backfill"),
        );
        let rows = b.rows("\"Skill\"");
        let row = &rows["blocked-skill"];
        assert_eq!(row["trustTier"], "T0", "{name}: {row:?}");
        assert_eq!(row["trustScore"], 12, "{name}: {row:?}");
        assert_eq!(row["provenanceVerified"], 1, "{name}: {row:?}");
        let tags: Value = serde_json::from_str(row["distTags"].as_str().unwrap()).unwrap();
        assert_eq!(tags, json!({"latest": "1.0.0"}), "{name}");
        code(
            &b.run(&["health", "--deep"]),
            0,
            &format!("{name}: health in sync"),
        );

        // health --deep sees a difference in a field seed 001 never listed.
        b.exec(r#"UPDATE "Skill" SET "trustTier" = 'T1' WHERE "name" = 'blocked-skill'"#);
        let out = b.run(&["health", "--deep", "--json"]);
        code(&out, 3, &format!("{name}: health finds trustTier"));
        let doc = json_of(&out);
        assert_eq!(doc["counts"]["field_mismatch"], 1, "{name}: {doc}");
        assert!(
            doc["drifts"].to_string().contains("trustTier"),
            "{name}: {doc}"
        );
        b.exec(r#"UPDATE "Skill" SET "trustTier" = 'T0' WHERE "name" = 'blocked-skill'"#);

        // A record rebuilt from its row carries every mapped column, typed as the records are.
        b.exec_kv_delete("skill:ok-skill");
        code(
            &b.run(&["backfill", "skills", "--to", "kv", "--apply", "--yes"]),
            0,
            &format!("{name}: rebuild from the row"),
        );
        let rebuilt: Value = serde_json::from_slice(&b.kv_entries()["skill:ok-skill"].0).unwrap();
        // Times are bookkeeping mkt fills in rows; a record made from a row leaves them out.
        let mut want = fine.clone();
        want.as_object_mut().unwrap().remove("createdAt");
        want.as_object_mut().unwrap().remove("updatedAt");
        assert_eq!(
            rebuilt, want,
            "{name}: every field of the row, as the records spell them"
        );
        code(
            &b.run(&["health", "--deep"]),
            0,
            &format!("{name}: health after"),
        );
    }
}
