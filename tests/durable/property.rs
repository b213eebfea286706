//! Property: for random KV records and random durable tables (a random subset of the columns, with
//! random declared types), a backfill never changes a KV field that has no column, keeps every
//! unknown field byte for byte, and a second plan is empty. The plan's SQL runs on a real
//! in-memory SQLite table made with the chosen columns, and the rows are read back as discovered.

use std::collections::{BTreeMap, BTreeSet};

use mkt::config::Layout;
use mkt::durable::rows;
use mkt::repair::backfill::{self, Authority, BackfillOptions, Direction};
use mkt::schema::{self, sql, SkillTable};
use mkt::sources::Snapshot;
use mkt::store::{Row, SqlValue};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// (column, declared types it may have, field it holds)
const COLUMNS: &[(&str, &[&str], &str)] = &[
    ("display_name", &["TEXT"], "displayName"),
    ("description", &["TEXT"], "description"),
    ("author", &["TEXT"], "author"),
    ("category", &["TEXT"], "category"),
    ("cert_tier", &["TEXT"], "certTier"),
    ("cert_score", &["REAL", "TEXT"], "certScore"),
    ("certified_at", &["TEXT", "DATETIME"], "certifiedAt"),
    ("labels", &["TEXT NOT NULL DEFAULT '[]'", "TEXT"], "labels"),
    (
        "trending_score_7d",
        &["REAL NOT NULL DEFAULT 0", "REAL", "TEXT"],
        "trendingScore7d",
    ),
    ("updated_at", &["TEXT"], "updatedAt"),
];

#[derive(Clone, Debug)]
struct Case {
    /// Per column: present, and which declared type.
    columns: Vec<Option<usize>>,
    records: Vec<Rec>,
    to_kv: bool,
    authority: u8,
}

#[derive(Clone, Debug)]
struct Rec {
    fields: Vec<(usize, u8)>,
    /// 0: no row, 1: row equal to the record, 2: row with other values
    row: u8,
    unknown: u8,
    in_kv: bool,
}

fn value(field: &str, form: u8) -> Value {
    match (field, form % 4) {
        ("certScore" | "trendingScore7d", 0) => json!(90.4),
        ("certScore" | "trendingScore7d", 1) => json!("90.40"),
        ("certScore" | "trendingScore7d", 2) => json!(7),
        ("certScore" | "trendingScore7d", _) => json!("high"),
        ("labels", 0) => json!(["a", "b"]),
        ("labels", 1) => json!([]),
        ("labels", 2) => json!(["x,y", "q\"", "{z}"]),
        ("labels", _) => Value::Null,
        ("certifiedAt" | "updatedAt", 0) => json!("2026-01-01T01:50:00.000Z"),
        ("certifiedAt" | "updatedAt", 1) => json!("2026-01-01 01:50:00+00"),
        ("certifiedAt" | "updatedAt", _) => json!("not a date"),
        (_, 0) => json!("plain"),
        (_, 1) => json!("it's \"quoted\""),
        (_, 2) => json!(""),
        (_, _) => Value::Null,
    }
}

fn arb_case() -> impl Strategy<Value = Case> {
    let columns = proptest::collection::vec(proptest::option::of(0usize..3), COLUMNS.len());
    let rec = (
        proptest::collection::vec((0usize..COLUMNS.len(), 0u8..8), 0..8),
        0u8..3,
        0u8..3,
        proptest::bool::weighted(0.85),
    )
        .prop_map(|(fields, row, unknown, in_kv)| Rec {
            fields,
            row,
            unknown,
            in_kv,
        });
    (
        columns,
        proptest::collection::vec(rec, 1..10),
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

struct Db {
    conn: rusqlite::Connection,
    table: SkillTable,
}

fn make_db(case: &Case) -> Db {
    let mut ddl = vec!["name TEXT PRIMARY KEY".to_string()];
    for (i, c) in case.columns.iter().enumerate() {
        if let Some(t) = c {
            let (name, types, _) = COLUMNS[i];
            ddl.push(format!("{name} {}", types[t % types.len()]));
        }
    }
    ddl.push("extra TEXT DEFAULT 'kept'".into());
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!("CREATE TABLE skills ({})", ddl.join(", ")))
        .unwrap();
    let table = discover(&conn);
    Db { conn, table }
}

/// Discovery through the same PRAGMA the product reads, on this connection.
fn discover(conn: &rusqlite::Connection) -> SkillTable {
    let mut stmt = conn.prepare("PRAGMA table_info('skills')").unwrap();
    let cols: Vec<schema::Column> = stmt
        .query_map([], |r| {
            let decl: String = r.get(2)?;
            Ok(schema::Column {
                name: r.get(1)?,
                ty: schema::table::sqlite_type(&decl),
                sql_type: decl,
                nullable: r.get::<_, i64>(3)? == 0,
                default: r.get(4)?,
                primary_key: r.get::<_, i64>(5)? > 0,
                auto: false,
                ..Default::default()
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    SkillTable::build(
        "skills",
        None,
        schema::Dialect::Sqlite,
        cols,
        &BTreeMap::new(),
        &[],
    )
    .unwrap()
}

fn to_sqlite(v: &SqlValue) -> rusqlite::types::Value {
    match v {
        SqlValue::Null => rusqlite::types::Value::Null,
        SqlValue::Integer(i) => rusqlite::types::Value::Integer(*i),
        SqlValue::Real(f) => rusqlite::types::Value::Real(*f),
        SqlValue::Text(s) => rusqlite::types::Value::Text(s.clone()),
    }
}

impl Db {
    fn exec(&self, stmt: &mkt::store::Statement) {
        self.conn
            .execute(
                &stmt.sql,
                rusqlite::params_from_iter(stmt.params.iter().map(to_sqlite)),
            )
            .unwrap_or_else(|e| panic!("{}: {e}", stmt.sql));
    }
    fn rows(&self) -> BTreeMap<String, Row> {
        let stmt = sql::page(&self.table, true, "", "", 100_000);
        let mut q = self.conn.prepare(&stmt.sql).unwrap();
        let names: Vec<String> = q.column_names().iter().map(|s| s.to_string()).collect();
        let mut out = BTreeMap::new();
        let mut rows = q
            .query(rusqlite::params_from_iter(
                stmt.params.iter().map(to_sqlite),
            ))
            .unwrap();
        while let Some(r) = rows.next().unwrap() {
            let mut m = Row::new();
            for (i, n) in names.iter().enumerate() {
                let v = match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => Value::Null,
                    rusqlite::types::ValueRef::Integer(i) => json!(i),
                    rusqlite::types::ValueRef::Real(f) => json!(f),
                    rusqlite::types::ValueRef::Text(t) => json!(String::from_utf8_lossy(t)),
                    rusqlite::types::ValueRef::Blob(b) => json!(String::from_utf8_lossy(b)),
                };
                m.insert(n.clone(), v);
            }
            out.insert(m["name"].as_str().unwrap().to_string(), m);
        }
        out
    }
}

fn snapshot(db: &Db, kv: &BTreeMap<String, Map<String, Value>>) -> Snapshot {
    Snapshot {
        kv_slugs: Some(kv.keys().cloned().collect()),
        kv_records: kv.iter().map(|(k, v)| (k.clone(), Ok(v.clone()))).collect(),
        durable: Some(db.rows().into()),
        durable_table: Some(std::sync::Arc::new(db.table.clone())),
        ..Default::default()
    }
}

fn apply(db: &Db, kv: &mut BTreeMap<String, Map<String, Value>>, plan: &backfill::BackfillPlan) {
    for u in backfill::upsert_statements(&db.table, &plan.rows()) {
        db.exec(&u.stmt);
    }
    for put in &plan.kv_puts() {
        let slug = put.key.strip_prefix("skill:").unwrap().to_string();
        kv.insert(slug, serde_json::from_str(&put.value).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    #[test]
    fn backfill_never_changes_a_field_without_a_column_and_converges(case in arb_case()) {
        let db = make_db(&case);
        let mapped: BTreeSet<String> = db.table.fields.iter().map(|f| f.field.clone()).collect();
        let mut kv: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
        for (i, r) in case.records.iter().enumerate() {
            let slug = format!("s{i}");
            let mut rec = Map::new();
            rec.insert("name".into(), json!(slug));
            for (c, form) in &r.fields {
                let field = COLUMNS[*c].2;
                let v = value(field, *form);
                if !v.is_null() || form % 2 == 0 {
                    rec.insert(field.into(), v);
                }
            }
            match r.unknown {
                1 => { rec.insert("installCount".into(), json!(12_000)); }
                2 => { rec.insert("nested".into(), json!({"b": [1, 2.50, "x"], "a": null})); }
                _ => {}
            }
            if r.row > 0 {
                let mut source = rec.clone();
                if r.row == 2 {
                    for f in ["displayName", "certScore", "labels"] {
                        source.insert(f.into(), value(f, 2));
                    }
                }
                if let Ok(row) = rows::row_from_record(&db.table, &slug, &source, None, "2026-02-02T00:00:00Z") {
                    for u in sql::upserts(&db.table, &[row]) {
                        db.exec(&u.stmt);
                    }
                }
            }
            if r.in_kv {
                kv.insert(slug, rec);
            }
        }
        let before = kv.clone();
        let options = BackfillOptions {
            to: if case.to_kv { Direction::Kv } else { Direction::Durable },
            authority: [Authority::Durable, Authority::Kv, Authority::Newest][case.authority as usize],
        };
        let layout = Layout::default();
        let plan = backfill::plan(snapshot(&db, &kv).into(), &layout, options, "2026-03-03T00:00:00Z");
        prop_assume!(backfill::refusal(&plan).is_none());
        apply(&db, &mut kv, &plan);

        for (slug, old) in &before {
            let new = &kv[slug];
            for (field, v) in old {
                if field == "name" || mapped.contains(field) {
                    continue;
                }
                prop_assert_eq!(
                    new.get(field).map(|v| v.to_string()),
                    Some(v.to_string()),
                    "{}.{} has no column and changed", slug, field
                );
            }
            for field in new.keys() {
                prop_assert!(old.contains_key(field) || mapped.contains(field), "{}.{} appeared", slug, field);
            }
        }
        let extra: Vec<Option<String>> = db.conn.prepare("SELECT extra FROM skills").unwrap()
            .query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        prop_assert!(extra.iter().all(|e| e.as_deref() == Some("kept")), "an unknown column was written");
        let second = backfill::plan(snapshot(&db, &kv).into(), &layout, options, "2026-04-04T00:00:00Z");
        prop_assert!(second.is_empty(), "second plan: {:?}", second.items);
    }
}
