//! The durable `skills` table as the marketplace Worker created it: 10 of the 16 columns `mkt db
//! migrate` makes, plus a column mkt does not know — on the local store and on the fake Cloudflare
//! server. `health --deep` finds exactly the real mismatches; a backfill converges, writes no KV
//! value that did not need it and keeps every field of every KV record; a `NOT NULL` column mkt
//! cannot fill makes the repair refuse with zero writes.

use std::collections::{BTreeMap, BTreeSet};

use mkt::seed::gen;
use serde_json::{json, Map, Value};

use crate::backend::{json_of, Backend};
use crate::support::stderr_of;

const SEED: u64 = 7;
const SKILLS: usize = 200;
const WITH_ROWS: usize = 194;
/// (index, field, durable value): the real differences planted in the durable rows.
const MISMATCHES: &[(usize, &str, &str)] = &[
    (3, "displayName", "Renamed In The App"),
    (50, "category", "security"),
    (99, "certTier", "platinum"),
    (150, "description", "Rewritten by a moderator."),
    (190, "currentVersion", "9.9.9"),
];

fn worker_table(extra: &str) -> String {
    format!(
        "CREATE TABLE skills (
  name TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  description TEXT,
  author TEXT,
  repo_url TEXT,
  category TEXT,
  current_version TEXT,
  cert_tier TEXT,
  labels TEXT NOT NULL DEFAULT '[]',
  updated_at TEXT NOT NULL DEFAULT (datetime('now')),
  install_source TEXT DEFAULT 'worker'{extra}
)"
    )
}

fn lit(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::String(s) => format!("'{}'", s.replace('\'', "''")),
        other => format!("'{}'", other.to_string().replace('\'', "''")),
    }
}

struct Fixture {
    slugs: Vec<String>,
    records: BTreeMap<String, Map<String, Value>>,
}

/// 200 KV records with every seed-001 field (and `installCount`), 194 durable rows holding the
/// same values in the Worker's columns (labels spelled with spaces: equal in meaning), 5 of them
/// with one real difference, and an index naming every slug.
fn plant(b: &Backend, extra_column: &str, extra_value: &str) -> Fixture {
    b.exec(&worker_table(extra_column));
    let slugs = gen::slugs(SEED, SKILLS);
    let mut records = BTreeMap::new();
    let mut puts = Vec::new();
    for (i, slug) in slugs.iter().enumerate() {
        let rec = gen::skill_record(SEED, i, slug);
        puts.push((
            format!("skill:{slug}"),
            Value::Object(rec.clone()).to_string(),
        ));
        records.insert(slug.clone(), rec);
    }
    puts.push(("skills:published-index".into(), json!(slugs).to_string()));
    b.kv_put_many(&puts);
    let mut values = Vec::new();
    for (i, slug) in slugs.iter().enumerate().take(WITH_ROWS) {
        let mut rec = records[slug].clone();
        for (at, field, v) in MISMATCHES {
            if *at == i {
                rec.insert((*field).into(), json!(v));
            }
        }
        let labels: Vec<String> = rec["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.to_string())
            .collect();
        values.push(format!(
            "({}, {}, {}, {}, {}, {}, {}, {}, '[{}]', '2026-01-01 00:00:00', 'worker-v1'{extra_value})",
            lit(&json!(slug)),
            lit(&rec["displayName"]),
            lit(&rec["description"]),
            lit(&rec["author"]),
            lit(&rec["repoUrl"]),
            lit(&rec["category"]),
            lit(&rec["currentVersion"]),
            lit(&rec["certTier"]),
            labels.join(", ").replace('\'', "''"),
        ));
    }
    let extra_col = if extra_value.is_empty() {
        ""
    } else {
        ", owner_id"
    };
    b.exec(&format!(
        "INSERT INTO skills (name, display_name, description, author, repo_url, category, current_version, cert_tier, labels, updated_at, install_source{extra_col}) VALUES {}",
        values.join(",\n")
    ));
    Fixture { slugs, records }
}

fn parse(text: &str) -> Map<String, Value> {
    serde_json::from_str(text).unwrap()
}

#[test]
fn health_finds_exactly_the_real_mismatches_and_backfill_converges() {
    for b in Backend::both() {
        let fx = plant(&b, "", "");
        let name = b.name();

        let out = b.run(&["health", "--deep", "--json"]);
        assert_eq!(out.status.code(), Some(3), "{name}: {}", stderr_of(&out));
        let doc = json_of(&out);
        assert_eq!(doc["counts"]["field_mismatch"], MISMATCHES.len(), "{name}");
        assert_eq!(
            doc["counts"]["missing_in_durable"],
            SKILLS - WITH_ROWS,
            "{name}"
        );
        assert_eq!(doc["counts"]["malformed_value"], 0, "{name}");
        let found: Vec<(String, Value)> = doc["drifts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"] == "field_mismatch")
            .map(|d| {
                (
                    d["slug"].as_str().unwrap().to_string(),
                    d["differences"].clone(),
                )
            })
            .collect();
        let mut want: Vec<(String, Value)> = MISMATCHES
            .iter()
            .map(|(i, field, v)| {
                let slug = &fx.slugs[*i];
                let kv = fx.records[slug][*field].clone();
                (
                    slug.clone(),
                    json!([{"field": field, "kv": kv, "durable": v}]),
                )
            })
            .collect();
        want.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(found, want, "{name}: exactly the planted differences");

        let kv_before = b.kv();
        let rows_before = b.rows("skills");
        let out = b.run(&["backfill", "skills", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr_of(&out));
        let plan = json_of(&out);
        assert_eq!(plan["plan"]["rows"], SKILLS - WITH_ROWS, "{name}");
        assert_eq!(plan["plan"]["kv_values"], MISMATCHES.len(), "{name}");

        let out = b.run(&["backfill", "skills", "--apply", "--yes", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr_of(&out));
        let done = json_of(&out);
        assert_eq!(done["durableBackfilled"], SKILLS - WITH_ROWS, "{name}");
        assert_eq!(done["kv_written"], MISMATCHES.len(), "{name}");

        // Only the five mismatched values were rewritten, and only in the mismatched field.
        let kv_after = b.kv();
        let changed: BTreeSet<&String> = kv_before
            .iter()
            .filter(|(k, v)| kv_after.get(*k) != Some(*v))
            .map(|(k, _)| k)
            .collect();
        let want_changed: BTreeSet<String> = MISMATCHES
            .iter()
            .map(|(i, ..)| format!("skill:{}", fx.slugs[*i]))
            .collect();
        assert_eq!(changed, want_changed.iter().collect(), "{name}");
        assert_eq!(kv_after.len(), kv_before.len(), "{name}");
        for slug in &fx.slugs {
            let key = format!("skill:{slug}");
            let (before, after) = (parse(&kv_before[&key]), parse(&kv_after[&key]));
            let settled = MISMATCHES.iter().find(|(i, ..)| &fx.slugs[*i] == slug);
            for (field, v) in &before {
                match settled {
                    Some((_, f, durable)) if f == field => {
                        assert_eq!(after[field], json!(durable), "{name} {slug}")
                    }
                    _ => assert_eq!(
                        serde_json::to_string(&after[field]).unwrap(),
                        serde_json::to_string(v).unwrap(),
                        "{name}: {slug}.{field} kept byte for byte"
                    ),
                }
            }
            assert_eq!(
                after.len(),
                before.len(),
                "{name}: {slug} has no new or lost field"
            );
        }

        // Rows: the missing ones inserted with the unknown column's default; the others keep it.
        let rows = b.rows("skills");
        assert_eq!(rows.len(), SKILLS, "{name}");
        for (slug, row) in &rows {
            match rows_before.get(slug) {
                Some(old) => assert_eq!(row, old, "{name}: existing row {slug} untouched"),
                None => {
                    assert_eq!(row["install_source"], "worker", "{name}");
                    let rec = &fx.records[slug];
                    assert_eq!(row["display_name"], rec["displayName"], "{name}");
                    assert_eq!(
                        serde_json::from_str::<Value>(row["labels"].as_str().unwrap()).unwrap(),
                        rec["labels"],
                        "{name}"
                    );
                }
            }
        }

        let out = b.run(&["backfill", "skills", "--check"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: second plan is empty: {}",
            stderr_of(&out)
        );
        let out = b.run(&["health", "--deep"]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr_of(&out));
    }
}

#[test]
fn a_not_null_column_mkt_cannot_fill_refuses_before_any_write() {
    for b in Backend::both() {
        plant(&b, ",\n  owner_id TEXT NOT NULL", ", 'o-1'");
        let name = b.name();
        let kv_before = b.kv();
        let rows_before = b.rows("skills");
        b.clear_log();
        let out = b.run(&["backfill", "skills", "--apply", "--yes"]);
        assert_eq!(out.status.code(), Some(5), "{name}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(err.contains("owner_id"), "{name}: {err}");
        assert!(
            err.contains("[profiles.NAME.durable_columns]"),
            "{name}: {err}"
        );
        assert_eq!(b.mutating_requests(), 0, "{name}: zero writes");
        assert_eq!(b.kv(), kv_before, "{name}");
        assert_eq!(b.rows("skills"), rows_before, "{name}");
        // Reading is not refused: the report still finds the mismatches.
        let out = b.run(&["health", "--deep", "--json"]);
        assert_eq!(out.status.code(), Some(3), "{name}: {}", stderr_of(&out));
        assert_eq!(json_of(&out)["counts"]["field_mismatch"], MISMATCHES.len());
    }
}

#[test]
fn a_missing_table_is_an_incomplete_source_and_repairs_refuse() {
    let b = Backend::fake();
    b.kv_put_many(&[("skill:a".into(), json!({"name": "a"}).to_string())]);
    let out = b.run(&["health", "--json"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    let doc = json_of(&out);
    let durable = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "durable")
        .unwrap()
        .clone();
    assert_eq!(durable["complete"], false);
    assert!(
        durable["error"]
            .as_str()
            .unwrap()
            .contains("run `mkt db migrate`")
            || durable["error"]
                .as_str()
                .unwrap()
                .contains("create it with `mkt db migrate`"),
        "{durable}"
    );
    b.clear_log();
    let out = b.run(&["backfill", "skills", "--apply", "--yes"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    assert_eq!(b.mutating_requests(), 0);
}

#[test]
fn db_schema_shows_the_table_as_found() {
    for b in Backend::both() {
        plant(&b, ",\n  owner_id TEXT NOT NULL", ", 'o-1'");
        let name = b.name();
        let out = b.run(&["db", "schema", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr_of(&out));
        let doc = json_of(&out);
        assert_eq!(doc["table"], "skills");
        assert_eq!(doc["key"], "name");
        assert_eq!(
            doc["fields_without_column"],
            json!([
                "certMethod",
                "certScore",
                "certifiedAt",
                "installCount",
                "trendingScore30d",
                "trendingScore7d"
            ]),
            "{name}: seed 001's fields and those the sampled records hold"
        );
        assert_eq!(doc["records_sampled"], 100, "{name}");
        // Every column holds the field of its name (or its camelCase twin).
        assert_eq!(doc["unknown_columns"], json!([]), "{name}");
        let col = |n: &str| {
            doc["columns"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == n)
                .cloned()
                .unwrap()
        };
        assert_eq!(col("install_source")["field"], "installSource", "{name}");
        assert_eq!(col("install_source")["compared"], "where_held", "{name}");
        assert_eq!(col("owner_id")["field"], "ownerId", "{name}");
        assert_eq!(col("display_name")["compared"], "always", "{name}");
        let cols: Vec<(Value, Value)> = doc["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].clone(), c["field"].clone()))
            .collect();
        assert_eq!(cols[1], (json!("display_name"), json!("displayName")));
        assert_eq!(cols[9], (json!("updated_at"), json!("updatedAt")));
        // `owner_id` holds `ownerId`: a record without one is refused when its row is inserted
        // (a_not_null_column_mkt_cannot_fill_refuses_before_any_write), not the whole table.
        assert_eq!(doc["write_refusal"], Value::Null, "{name}");
        let out = b.run(&["db", "schema"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("install_source"), "{name}: {text}");
    }
}
