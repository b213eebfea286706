//! Property, through the `mkt` binary: for random KV records (random extra fields, spelled compact
//! or pretty, `82.10`-style numbers), random metadata and expirations, random malformed forms (no
//! `name`, a `name` that is not the slug, truncated JSON, an array, a string) and random durable
//! tables (a random subset of columns, some named exactly like extra fields), a backfill keeps
//! every field of every record that parses as an object, and every value's metadata and
//! expiration; `mkt runs undo` then gives back a store equal, key for key and byte for byte
//! (metadata and expiration too) and row for row, to the one before the backfill. On the local
//! store, the fake Cloudflare server, and a Prisma-shaped table on a real PostgreSQL.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use crate::backend::{json_of, local_kv_entries, Backend, KvSnapshotEntry};
use crate::pg::PgServer;
use crate::support::{stderr_of, Sandbox};

/// (column, SQL type, the record field it holds)
const COLUMNS: &[(&str, &str, &str)] = &[
    ("display_name", "TEXT", "displayName"),
    ("description", "TEXT", "description"),
    ("cert_score", "REAL", "certScore"),
    ("labels", "TEXT", "labels"),
    ("trustTier", "TEXT", "trustTier"),
    ("installs", "INTEGER", "installs"),
];

/// Fields seed 001 never listed, some of which have a column.
const EXTRA: &[&str] = &["trustTier", "installs", "flags", "publishedAt", "notes"];

#[derive(Clone, Debug)]
struct Rec {
    extra: Vec<bool>,
    /// 0 valid, 1 no name, 2 name mismatch, 3 truncated JSON, 4 array, 5 string
    form: u8,
    pretty: bool,
    metadata: Option<u8>,
    expires: Option<u8>,
    /// 0 no row, 1 row equal to the record, 2 row with another display name
    row: u8,
    in_kv: bool,
}

#[derive(Clone, Debug)]
struct Case {
    columns: Vec<bool>,
    records: Vec<Rec>,
    to_kv: bool,
    authority: u8,
}

fn arb_case() -> impl Strategy<Value = Case> {
    let rec = (
        proptest::collection::vec(any::<bool>(), EXTRA.len()),
        prop_oneof![3 => Just(0u8), 1 => 1u8..6],
        any::<bool>(),
        proptest::option::of(0u8..3),
        proptest::option::of(1u8..30),
        0u8..3,
        proptest::bool::weighted(0.85),
    )
        .prop_map(|(extra, form, pretty, metadata, expires, row, in_kv)| Rec {
            extra,
            form,
            pretty,
            metadata,
            expires,
            row,
            in_kv,
        });
    (
        proptest::collection::vec(any::<bool>(), COLUMNS.len()),
        proptest::collection::vec(rec, 1..7),
        any::<bool>(),
        0u8..3,
    )
        .prop_map(|(columns, records, to_kv, authority)| Case {
            columns,
            records,
            to_kv,
            authority,
        })
}

/// Keys with `/` and non-ASCII, as real data has them.
fn slug(i: usize) -> String {
    match i % 3 {
        0 => format!("s{i}"),
        1 => format!("owner/repo/s{i}"),
        _ => format!("naïve-{i}"),
    }
}

fn record(i: usize, r: &Rec) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("name".into(), json!(slug(i)));
    m.insert("displayName".into(), json!(format!("Skill {i}")));
    m.insert("description".into(), json!(format!("does thing {i} — ü")));
    m.insert("certScore".into(), json!(82.1));
    m.insert("labels".into(), json!(["a", format!("l{i}")]));
    for (f, on) in EXTRA.iter().zip(&r.extra) {
        if *on {
            let v = match *f {
                "trustTier" => json!(if i.is_multiple_of(2) { "T0" } else { "T2" }),
                "installs" => json!(9000 + i),
                "flags" => json!({"pinned": true, "n": [1, 2]}),
                "publishedAt" => json!("2026-01-15T12:00:00.000Z"),
                _ => json!("kept \"as is\""),
            };
            m.insert((*f).into(), v);
        }
    }
    m
}

/// The stored text of record `i` in its form.
fn text(i: usize, r: &Rec) -> String {
    let mut m = record(i, r);
    match r.form {
        1 => {
            m.remove("name");
        }
        2 => {
            m.insert("name".into(), json!("someone-else"));
        }
        _ => {}
    }
    let body = if r.pretty {
        serde_json::to_string_pretty(&m).unwrap()
    } else {
        serde_json::to_string(&m).unwrap()
    };
    // A number spelled the app's way: re-serializing would write 82.1.
    let body = body.replace("82.1", "82.10");
    match r.form {
        3 => {
            // Cut in half, on a character boundary (the description holds non-ASCII).
            let mut half = body.len() / 2;
            while !body.is_char_boundary(half) {
                half -= 1;
            }
            body[..half].to_string()
        }
        4 => "[1, 2, 3]".into(),
        5 => "\"just text\"".into(),
        _ => body,
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn sql_lit(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::String(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Number(n) => n.to_string(),
        other => format!("'{}'", other.to_string().replace('\'', "''")),
    }
}

/// Plants the case on a SQLite-backed backend.
fn plant(b: &Backend, case: &Case) {
    let mut ddl = vec!["name TEXT PRIMARY KEY".to_string()];
    for (on, (col, ty, _)) in case.columns.iter().zip(COLUMNS) {
        if *on {
            ddl.push(format!("\"{col}\" {ty}"));
        }
    }
    ddl.push("updated_at TEXT".into());
    b.exec(&format!("CREATE TABLE skills ({})", ddl.join(", ")));
    for (i, r) in case.records.iter().enumerate() {
        if r.row > 0 {
            let rec = record(i, r);
            let mut cols = vec!["name".to_string()];
            let mut vals = vec![sql_lit(&json!(slug(i)))];
            for (on, (col, _, field)) in case.columns.iter().zip(COLUMNS) {
                if !*on {
                    continue;
                }
                let mut v = rec.get(*field).cloned().unwrap_or(Value::Null);
                if *field == "displayName" && r.row == 2 {
                    v = json!(format!("Renamed {i}"));
                }
                cols.push(format!("\"{col}\""));
                vals.push(sql_lit(&v));
            }
            b.exec(&format!(
                "INSERT INTO skills ({}) VALUES ({})",
                cols.join(", "),
                vals.join(", ")
            ));
        }
        if r.in_kv {
            b.kv_put_entry(
                &format!("skill:{}", slug(i)),
                text(i, r).as_bytes(),
                r.metadata
                    .map(|m| json!({"owner": format!("team-{m}"), "pinned": m == 1})),
                r.expires.map(|d| now() + i64::from(d) * 86_400),
            );
        }
    }
}

type Snap = (
    BTreeMap<String, KvSnapshotEntry>,
    BTreeMap<String, Map<String, Value>>,
);

fn snapshot(b: &Backend) -> Snap {
    (b.kv_entries(), b.rows("skills"))
}

fn backfill_args(case: &Case) -> Vec<&'static str> {
    let mut args = vec!["backfill", "skills", "--apply", "--yes", "--json"];
    args.extend(["--to", if case.to_kv { "kv" } else { "durable" }]);
    args.extend([
        "--authority",
        ["durable", "kv", "newest"][case.authority as usize],
    ]);
    args
}

/// The fields a column holds in this case.
fn mapped(case: &Case) -> Vec<&'static str> {
    case.columns
        .iter()
        .zip(COLUMNS)
        .filter(|(on, _)| **on)
        .map(|(_, (_, _, f))| *f)
        .collect()
}

/// After a repair: every field of every record that parsed as an object is still there (fields
/// without a column with their very value), and every value keeps its metadata and expiration.
fn check_kept(case: &Case, before: &Snap, after: &Snap, what: &str) -> Result<(), TestCaseError> {
    let columns = mapped(case);
    for (key, (bytes, meta, exp)) in &before.0 {
        let Some((now_bytes, now_meta, now_exp)) = after.0.get(key) else {
            return Err(TestCaseError::fail(format!("{what}: {key} vanished")));
        };
        prop_assert_eq!(now_meta, meta, "{}: metadata of {}", what, key);
        prop_assert_eq!(now_exp, exp, "{}: expiration of {}", what, key);
        let Ok(Value::Object(old)) = serde_json::from_slice::<Value>(bytes) else {
            continue;
        };
        let new: Map<String, Value> = serde_json::from_slice(now_bytes)
            .map_err(|e| TestCaseError::fail(format!("{what}: {key} no longer an object: {e}")))?;
        for (f, v) in &old {
            prop_assert!(new.contains_key(f), "{}: {} lost field {}", what, key, f);
            if f != "name" && !columns.contains(&f.as_str()) {
                prop_assert_eq!(
                    &new[f],
                    v,
                    "{}: {} changed field {} without a column",
                    what,
                    key,
                    f
                );
            }
        }
        // Only what changed was edited: a record that is equal in value is equal in bytes.
        if old == new {
            prop_assert_eq!(
                now_bytes,
                bytes,
                "{}: {} rewritten without a change",
                what,
                key
            );
        }
    }
    Ok(())
}

fn run_case(b: &Backend, case: &Case) -> Result<(), TestCaseError> {
    let name = b.name();
    plant(b, case);
    let before = snapshot(b);
    let out = b.run(&backfill_args(case));
    prop_assert_eq!(
        out.status.code(),
        Some(0),
        "{}: backfill: {}",
        name,
        stderr_of(&out)
    );
    let doc = json_of(&out);
    let after = snapshot(b);
    check_kept(case, &before, &after, name)?;
    let wrote =
        doc["durableBackfilled"].as_u64().unwrap_or(0) + doc["kv_written"].as_u64().unwrap_or(0);
    if wrote == 0 {
        prop_assert_eq!(
            &after,
            &before,
            "{}: nothing written, nothing changed",
            name
        );
        return Ok(());
    }
    let run = doc["run_id"].as_str().unwrap().to_string();
    let out = b.run(&["runs", "undo", &run, "--yes", "--json"]);
    prop_assert_eq!(
        out.status.code(),
        Some(0),
        "{}: undo: {}",
        name,
        stderr_of(&out)
    );
    prop_assert_eq!(
        snapshot(b),
        before,
        "{}: undo gives back the store as it was",
        name
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn a_repair_keeps_every_field_and_undo_gives_back_the_store(case in arb_case()) {
        for b in Backend::both() {
            run_case(&b, &case)?;
        }
    }
}

/// The Prisma `Skill` table as the platform grew it (real-systems.md), on PostgreSQL.
const PRISMA_GROWN: &str = r#"
CREATE TYPE "SkillPrivacy" AS ENUM ('PUBLIC', 'PRIVATE');
CREATE TABLE "Skill" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT,
    "certScore" DOUBLE PRECISION,
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "trustTier" TEXT NOT NULL DEFAULT 'T1',
    "trustScore" INTEGER NOT NULL DEFAULT 0,
    "provenanceVerified" BOOLEAN NOT NULL DEFAULT false,
    "distTags" JSONB NOT NULL DEFAULT '{}',
    "privacy" "SkillPrivacy" NOT NULL DEFAULT 'PUBLIC',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Skill_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Skill_name_key" ON "Skill"("name");
"#;

fn pg_rows(pg: &PgServer) -> Vec<Vec<Option<String>>> {
    pg.rows(r#"SELECT row_to_json(s)::text FROM "Skill" s ORDER BY "name""#)
}

fn local_kv(sb: &Sandbox) -> BTreeMap<String, KvSnapshotEntry> {
    local_kv_entries(&rusqlite::Connection::open(sb.local_db()).unwrap())
}

#[test]
fn on_a_prisma_table_in_postgresql_undo_gives_back_every_row_and_value() {
    let Some(pg) = PgServer::start() else { return };
    let env = crate::postgres::pg_env(&pg);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 6,
        ..ProptestConfig::default()
    });
    let n = std::sync::atomic::AtomicUsize::new(0);
    runner
        .run(&arb_case(), |case| {
            let k = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            pg.sql(&format!(
                r#"DROP TABLE IF EXISTS "Skill"; DROP TYPE IF EXISTS "SkillPrivacy"; {PRISMA_GROWN}"#
            ));
            let sb = Sandbox::new();
            // Rows as the app wrote them, then the KV values.
            for (i, r) in case.records.iter().enumerate() {
                let rec = record(i, r);
                if r.row > 0 {
                    let display = if r.row == 2 { format!("Renamed {i}") } else { format!("Skill {i}") };
                    let tier = rec.get("trustTier").and_then(Value::as_str).unwrap_or("T1");
                    pg.sql(&format!(
                        r#"INSERT INTO "Skill" ("id", "name", "displayName", "description", "certScore", "labels", "trustTier", "trustScore", "provenanceVerified", "distTags", "updatedAt")
                           VALUES ('c{k}x{i}', {}, {}, {}, 82.1, ARRAY['a', 'l{i}'], '{tier}', {i}, {}, '{{"latest": "1.{i}.0"}}', '2026-01-01 00:00:00')"#,
                        sql_lit(&json!(slug(i))),
                        sql_lit(&json!(display)),
                        sql_lit(&rec["description"]),
                        i % 2 == 0,
                    ));
                }
            }
            let store = mkt::target::local::open(&sb.local_db(), &mkt::config::Layout::default()).unwrap();
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            for (i, r) in case.records.iter().enumerate().filter(|(_, r)| r.in_kv) {
                let mut put = mkt::store::KvPut::new(format!("skill:{}", slug(i)), text(i, r));
                put.metadata = r.metadata.map(|m| json!({"owner": format!("team-{m}")}));
                put.expiration = r.expires.map(|d| now() + i64::from(d) * 86_400);
                rt.block_on(store.kv.put_many(&[put])).unwrap();
            }
            drop(store);
            let before = (local_kv(&sb), pg_rows(&pg));
            let mut args = vec!["--json".to_string()];
            args.extend(backfill_args(&case).iter().map(|s| s.to_string()).filter(|a| a != "--json"));
            let out = crate::postgres::run(&sb, &env, &args.iter().map(String::as_str).collect::<Vec<_>>());
            prop_assert_eq!(out.status.code(), Some(0), "backfill: {}", stderr_of(&out));
            let doc = json_of(&out);
            let after_kv = local_kv(&sb);
            for (key, (_, meta, exp)) in &before.0 {
                let (_, m, e) = &after_kv[key];
                prop_assert_eq!(m, meta, "metadata of {}", key);
                prop_assert_eq!(e, exp, "expiration of {}", key);
            }
            let wrote = doc["durableBackfilled"].as_u64().unwrap_or(0) + doc["kv_written"].as_u64().unwrap_or(0);
            if wrote > 0 {
                let run = doc["run_id"].as_str().unwrap().to_string();
                let out = crate::postgres::run(&sb, &env, &["runs", "undo", &run, "--yes"]);
                prop_assert_eq!(out.status.code(), Some(0), "undo: {}", stderr_of(&out));
            }
            prop_assert_eq!((local_kv(&sb), pg_rows(&pg)), before, "undo gives back the store as it was");
            Ok(())
        })
        .unwrap();
}
