//! Durable tables other software made on SQLite/D1, and values in the forms other software writes,
//! on the local store and on the fake Cloudflare server: Prisma's `"Skill"` (never shadowed by an
//! empty `skills` that mkt's migrations would create beside it), mixed-case names, a `skills` view,
//! epoch-millisecond times, comma-separated labels, `NOT NULL DEFAULT` columns a record leaves out,
//! and empty strings in number fields. After every repair: KV records keep every byte they had
//! unless a field really differed, unknown columns are untouched, a second plan is empty and
//! `health --deep` is clean.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::backend::{json_of, Backend};
use crate::support::stderr_of;

fn code(out: &std::process::Output, want: i32, what: &str) {
    assert_eq!(out.status.code(), Some(want), "{what}: {}", stderr_of(out));
}

fn tables(b: &Backend) -> Vec<String> {
    b.query("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
        .into_iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

fn put_records(b: &Backend, records: &[Value]) {
    let mut puts: Vec<(String, String)> = records
        .iter()
        .map(|r| {
            (
                format!("skill:{}", r["name"].as_str().unwrap()),
                r.to_string(),
            )
        })
        .collect();
    let slugs: Vec<&Value> = records.iter().map(|r| &r["name"]).collect();
    puts.push(("skills:published-index".into(), json!(slugs).to_string()));
    b.kv_put_many(&puts);
}

/// Prisma's SQLite migration for `model Skill` (its native connector stores a `DateTime` as epoch
/// milliseconds) plus one row the app wrote.
const PRISMA_SQLITE: &str = r#"
CREATE TABLE "Skill" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "certScore" REAL,
    "certifiedAt" DATETIME,
    "labels" TEXT NOT NULL DEFAULT '[]',
    "trendingScore7d" REAL NOT NULL DEFAULT 0,
    "ownerId" TEXT NOT NULL DEFAULT 'system',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "Skill_name_key" ON "Skill"("name");
INSERT INTO "Skill" ("id", "name", "displayName", "certScore", "certifiedAt", "labels", "trendingScore7d", "ownerId", "createdAt", "updatedAt")
VALUES ('ckapp0000000000000000001', 'alpha', 'Alpha', 91, 1767232200000, '["x"]', 0, 'u1', 1767225600000, 1767225600000);
"#;

#[test]
fn prismas_skill_table_is_used_and_never_shadowed_by_an_empty_skills_table() {
    for b in Backend::both() {
        let name = b.name();
        b.exec(PRISMA_SQLITE);
        // `alpha` as the app wrote it to KV: ISO time where the table holds epoch milliseconds,
        // no trendingScore7d where the column is NOT NULL DEFAULT 0.
        let alpha = json!({"name": "alpha", "displayName": "Alpha", "certScore": 91.0,
            "certifiedAt": "2026-01-01T01:50:00.000Z", "labels": ["x"], "installs": 7});
        let beta = json!({"name": "beta", "displayName": "Beta", "certScore": "88",
            "certifiedAt": "2026-02-01T00:00:00.000Z", "updatedAt": "2026-02-01T00:00:00.000Z"});
        put_records(&b, &[alpha.clone(), beta.clone()]);
        let kv_before = b.kv();

        // The migrations add mkt's review tables, never a `skills` beside the app's `Skill`.
        let out = b.run(&["db", "migrate", "--json"]);
        code(&out, 0, &format!("{name}: db migrate"));
        let doc = json_of(&out);
        assert_eq!(
            doc["tables"][0],
            json!({"table": "Skill", "exists": true}),
            "{name}"
        );
        assert!(
            !tables(&b).contains(&"skills".to_string()),
            "{name}: {:?}",
            tables(&b)
        );

        let out = b.run(&["health", "--deep", "--json"]);
        code(&out, 3, &format!("{name}: health"));
        let doc = json_of(&out);
        let kinds: Vec<(&str, &str)> = doc["drifts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["slug"].as_str().unwrap(), d["kind"].as_str().unwrap()))
            .collect();
        assert_eq!(
            kinds,
            [("beta", "missing_in_durable")],
            "{name}: epoch ms = ISO; absent = the NOT NULL default"
        );

        let out = b.run(&["backfill", "skills", "--apply", "--yes", "--json"]);
        code(&out, 0, &format!("{name}: backfill"));
        let done = json_of(&out);
        assert_eq!(
            (
                done["durableBackfilled"].as_u64(),
                done["kv_written"].as_u64()
            ),
            (Some(1), Some(0)),
            "{name}: {done}"
        );
        assert!(
            !tables(&b).contains(&"skills".to_string()),
            "{name}: a write did not create skills"
        );
        assert_eq!(b.kv(), kv_before, "{name}: no KV value rewritten");

        let rows = b.rows("\"Skill\"");
        assert_eq!(rows.len(), 2, "{name}");
        let (a, new) = (&rows["alpha"], &rows["beta"]);
        assert_eq!(
            a["id"], "ckapp0000000000000000001",
            "{name}: the app's row untouched"
        );
        assert_eq!(a["ownerId"], "u1", "{name}");
        assert_eq!(
            new["ownerId"], "system",
            "{name}: an unknown column gets its default"
        );
        assert_eq!(new["certScore"].as_f64(), Some(88.0), "{name}");
        // Times are written the way the column's rows spell them: epoch milliseconds.
        assert_eq!(new["certifiedAt"], json!(1769904000000_i64), "{name}");
        assert_eq!(new["updatedAt"], json!(1769904000000_i64), "{name}");
        assert!(new["createdAt"].is_i64(), "{name}: {}", new["createdAt"]);
        assert_eq!(new["trendingScore7d"].as_f64(), Some(0.0), "{name}");
        assert_eq!(new["id"].as_str().map(str::len), Some(25), "{name}: a cuid");

        let out = b.run(&["backfill", "skills", "--json"]);
        code(&out, 0, &format!("{name}: second plan"));
        let plan = json_of(&out);
        assert_eq!(
            (
                plan["plan"]["rows"].as_u64(),
                plan["plan"]["kv_values"].as_u64()
            ),
            (Some(0), Some(0)),
            "{name}: {plan}"
        );
        let out = b.run(&["health", "--deep", "--json"]);
        code(&out, 0, &format!("{name}: health after"));

        // `--to kv` builds a record from the row the way the app writes one: ISO times.
        let c = b.query(r#"SELECT "name" FROM "Skill" WHERE "name" = 'alpha'"#);
        assert_eq!(c.len(), 1);
        b.exec(r#"INSERT INTO "Skill" ("id", "name", "displayName", "certifiedAt", "updatedAt") VALUES ('ckapp0000000000000000002', 'gamma', 'Gamma', 1767232200000, 1767232200000)"#);
        let out = b.run(&["backfill", "skills", "--to", "kv", "--apply", "--yes"]);
        code(&out, 0, &format!("{name}: --to kv"));
        let gamma: Value = serde_json::from_str(&b.kv()["skill:gamma"]).unwrap();
        assert_eq!(
            gamma["certifiedAt"], "2026-01-01T01:50:00.000Z",
            "{name}: {gamma}"
        );
        assert_eq!(b.kv()["skill:alpha"], kv_before["skill:alpha"], "{name}");
    }
}

#[test]
fn db_migrate_accepts_a_mixed_case_table_and_a_view_and_repairs_refuse_a_view() {
    for b in Backend::both() {
        let name = b.name();
        b.exec("CREATE TABLE \"Skills\" (name TEXT PRIMARY KEY, display_name TEXT)");
        let out = b.run(&["db", "migrate", "--json"]);
        code(&out, 0, &format!("{name}: db migrate beside Skills"));
        assert_eq!(
            json_of(&out)["tables"][0],
            json!({"table": "Skills", "exists": true}),
            "{name}"
        );
        let out = b.run(&["db", "schema", "--json"]);
        code(&out, 0, &format!("{name}: db schema"));
    }
    for b in Backend::both() {
        let name = b.name();
        b.exec(
            "CREATE TABLE skills_v2 (name TEXT PRIMARY KEY, display_name TEXT, labels TEXT);
             INSERT INTO skills_v2 VALUES ('a', 'A', '[]');
             CREATE VIEW skills AS SELECT name, display_name, labels FROM skills_v2;",
        );
        put_records(
            &b,
            &[
                json!({"name": "a", "displayName": "A2"}),
                json!({"name": "b", "displayName": "B"}),
            ],
        );
        let out = b.run(&["db", "migrate"]);
        code(&out, 0, &format!("{name}: db migrate beside a view"));
        let kv_before = b.kv();
        b.clear_log();
        for args in [
            &["backfill", "skills", "--apply", "--yes"][..],
            &[
                "backfill",
                "skills",
                "--authority",
                "kv",
                "--apply",
                "--yes",
            ],
        ] {
            let out = b.run(args);
            code(&out, 5, &format!("{name}: {args:?}"));
            let err = stderr_of(&out);
            assert!(
                err.contains("is a view") && err.contains("--durable-table"),
                "{name}: {err}"
            );
        }
        assert_eq!(b.mutating_requests(), 0, "{name}: nothing written");
        assert_eq!(b.kv(), kv_before, "{name}");
        assert_eq!(b.rows("skills_v2").len(), 1, "{name}");
        // Reading through it works.
        let out = b.run(&["backfill", "skills", "--to", "kv", "--apply", "--yes"]);
        code(
            &out,
            0,
            &format!("{name}: --to kv through a view writes no row"),
        );
    }
}

/// A table another tool made, with column types spelled its way, and KV values in every form
/// the field's type allows: none of the spellings is a difference.
#[test]
fn values_in_other_spellings_are_not_differences_and_writes_keep_the_spelling() {
    for b in Backend::both() {
        let name = b.name();
        b.exec(
            "CREATE TABLE skills (
               id INTEGER PRIMARY KEY,
               name VARCHAR(255) NOT NULL UNIQUE,
               display_name VARCHAR(255),
               cert_score DOUBLE,
               trending_score_7d NUMERIC NOT NULL DEFAULT 0,
               certified_at DATETIME,
               labels TEXT,
               status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'hidden')),
               updated_at DATETIME
             );
             INSERT INTO skills (name, display_name, cert_score, certified_at, labels, status) VALUES
               ('a', 'A', 90.4, '2026-01-01 01:50:00 +00:00', 'ml, vision', 'hidden'),
               ('b', 'B', NULL, '2026-01-01', 'tools', 'active'),
               ('c', 'C', 100, '2026-01-01T02:50:00+01:00', '', 'active');",
        );
        let records = [
            json!({"name": "a", "displayName": "A", "certScore": "90.40", "certifiedAt": "2026-01-01T01:50:00.000Z", "labels": ["ml", "vision"], "x": {"nested": [1, 2]}}),
            json!({"name": "b", "displayName": "B", "certScore": "", "trendingScore7d": null, "certifiedAt": "2026-01-01T00:00:00Z", "labels": ["tools"]}),
            json!({"name": "c", "displayName": "C", "certScore": 1e2, "trendingScore7d": -0, "certifiedAt": "2026-01-01T01:50:00Z", "labels": []}),
            json!({"name": "d", "displayName": "D", "certScore": "7.5", "labels": ["new", "one"]}),
        ];
        put_records(&b, &records);
        let kv_before = b.kv();
        let out = b.run(&["health", "--deep", "--json"]);
        code(&out, 3, &format!("{name}: health"));
        let doc = json_of(&out);
        assert_eq!(
            doc["counts"]["field_mismatch"], 0,
            "{name}: {}",
            doc["drifts"]
        );
        assert_eq!(doc["counts"]["missing_in_durable"], 1, "{name}");

        let out = b.run(&["backfill", "skills", "--apply", "--yes"]);
        code(&out, 0, &format!("{name}: backfill"));
        assert_eq!(b.kv(), kv_before, "{name}: no KV value rewritten");
        let rows: BTreeMap<String, _> = b.rows("skills");
        assert_eq!(
            rows["d"]["labels"], "new,one",
            "{name}: comma-separated like the rows there"
        );
        assert_eq!(rows["d"]["status"], "active", "{name}");
        assert_eq!(rows["a"]["status"], "hidden", "{name}: untouched");
        assert_eq!(rows["a"]["labels"], "ml, vision", "{name}: untouched");
        let out = b.run(&["backfill", "skills", "--json"]);
        code(&out, 0, &format!("{name}: second plan"));
        let plan = json_of(&out);
        assert_eq!(plan["plan"]["items"], json!([]), "{name}");
        code(
            &b.run(&["health", "--deep"]),
            0,
            &format!("{name}: health after"),
        );

        // The durable side wins a real difference: labels reach KV as a list, never as text.
        b.exec("UPDATE skills SET labels = 'ml,robots' WHERE name = 'a'");
        code(
            &b.run(&["backfill", "skills", "--apply", "--yes"]),
            0,
            &format!("{name}: settle"),
        );
        let a: Value = serde_json::from_str(&b.kv()["skill:a"]).unwrap();
        assert_eq!(a["labels"], json!(["ml", "robots"]), "{name}");
        assert_eq!(
            a["certScore"], "90.40",
            "{name}: other fields kept as written"
        );
        assert_eq!(a["x"], json!({"nested": [1, 2]}), "{name}");
    }
}

/// `--authority newest` over Prisma's SQLite table, whose `updatedAt` holds epoch milliseconds:
/// the later side wins whichever form each side spells its time in. Before, a number on the
/// durable side read as "no time", so any KV `updatedAt` won, even an older one.
#[test]
fn newest_authority_compares_epoch_millisecond_times_with_iso_times() {
    for b in Backend::both() {
        let name = b.name();
        b.exec(
            r#"CREATE TABLE "Skill" (
                 "id" TEXT NOT NULL PRIMARY KEY,
                 "name" TEXT NOT NULL,
                 "displayName" TEXT NOT NULL,
                 "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
                 "updatedAt" DATETIME NOT NULL
               );
               CREATE UNIQUE INDEX "Skill_name_key" ON "Skill"("name");
               INSERT INTO "Skill" ("id", "name", "displayName", "updatedAt") VALUES
                 ('c1', 'newer-db', 'From the table', 1772323200000),
                 ('c2', 'newer-kv', 'Old name', 1767225600000);"#,
        );
        put_records(
            &b,
            &[
                json!({"name": "newer-db", "displayName": "Stale in KV", "updatedAt": "2026-02-01T00:00:00.000Z", "x": 1}),
                json!({"name": "newer-kv", "displayName": "Renamed in KV", "updatedAt": "2026-02-01T00:00:00.000Z", "x": 2}),
            ],
        );
        let out = b.run(&[
            "backfill",
            "skills",
            "--authority",
            "newest",
            "--apply",
            "--yes",
        ]);
        code(&out, 0, &format!("{name}: backfill newest"));
        let kv = b.kv();
        let db_won: Value = serde_json::from_str(&kv["skill:newer-db"]).unwrap();
        assert_eq!(db_won["displayName"], "From the table", "{name}: {db_won}");
        assert_eq!(db_won["x"], 1, "{name}: unowned field kept");
        let kv_won: Value = serde_json::from_str(&kv["skill:newer-kv"]).unwrap();
        assert_eq!(kv_won["displayName"], "Renamed in KV", "{name}: {kv_won}");
        let rows = b.rows("\"Skill\"");
        assert_eq!(rows["newer-kv"]["displayName"], "Renamed in KV", "{name}");
        assert_eq!(rows["newer-db"]["displayName"], "From the table", "{name}");
        assert_eq!(rows["newer-kv"]["id"], "c2", "{name}: the id kept");
        assert!(
            rows["newer-kv"]["updatedAt"].is_i64(),
            "{name}: still epoch ms: {}",
            rows["newer-kv"]["updatedAt"]
        );
        code(
            &b.run(&["health", "--deep"]),
            0,
            &format!("{name}: health after"),
        );
    }
}

/// Times in number columns, as Workers write them: epoch seconds (`DEFAULT (unixepoch())`, learnt
/// from the rows, or from the default when the table is empty) and epoch milliseconds (an empty
/// INTEGER column without a default: JavaScript's `Date.now()`). A flag in a 0/1 INTEGER column
/// mapped in the profile equals `true`/`false` in KV, and a REAL kept as TEXT equals the number.
/// Before, backfill wrote ISO text into the INTEGER columns (the app then read a string), and the
/// flag was a field_mismatch that rewrote KV's `true` into `1`.
#[test]
fn times_in_number_columns_are_written_as_epoch_numbers_and_flags_as_0_1() {
    for (b, rows) in Backend::both()
        .into_iter()
        .flat_map(|b| [(b, true)])
        .chain(Backend::both().into_iter().map(|b| (b, false)))
    {
        let name = format!("{} ({})", b.name(), if rows { "rows" } else { "empty" });
        b.sandbox().write(
            "mkt.toml",
            "[profiles.default.durable_columns]\nfeatured = \"is_featured\"\n",
        );
        b.exec(
            "CREATE TABLE skills (
               name TEXT PRIMARY KEY,
               display_name TEXT,
               cert_score TEXT,
               certified_at INTEGER,
               labels TEXT,
               is_featured INTEGER NOT NULL DEFAULT 0,
               created_at INTEGER NOT NULL DEFAULT (unixepoch()),
               updated_at INTEGER NOT NULL DEFAULT (unixepoch())
             );",
        );
        if rows {
            b.exec(
                "INSERT INTO skills VALUES ('a', 'A', '90.40', 1767232200, '[\"x\"]', 1, 1767225600, 1767225600);",
            );
        }
        let a = json!({"name": "a", "displayName": "A", "certScore": 90.4, "certifiedAt": "2026-01-01T01:50:00.000Z",
            "labels": ["x"], "featured": true, "updatedAt": "2026-01-01T00:00:00.000Z"});
        let c = json!({"name": "c", "displayName": "C", "certScore": "77.5", "certifiedAt": "2026-01-02T00:00:00.000Z",
            "labels": ["y"], "featured": false, "updatedAt": "2026-01-02T00:00:00.000Z"});
        put_records(&b, &[a, c]);
        let kv_before = b.kv();
        let out = b.run(&["health", "--deep", "--json"]);
        code(&out, 3, &format!("{name}: health"));
        let doc = json_of(&out);
        assert_eq!(
            doc["counts"]["field_mismatch"], 0,
            "{name}: {}",
            doc["drifts"]
        );

        let out = b.run(&["backfill", "skills", "--apply", "--yes"]);
        code(&out, 0, &format!("{name}: backfill"));
        assert_eq!(b.kv(), kv_before, "{name}: no KV value rewritten");
        let got = b.query(
            "SELECT name, certified_at, typeof(certified_at) AS ct, updated_at, typeof(updated_at) AS ut, \
             is_featured, typeof(created_at) AS cr FROM skills ORDER BY name",
        );
        let c = got.iter().find(|r| r["name"] == "c").unwrap();
        assert_eq!(
            (&c["ct"], &c["ut"], &c["cr"]),
            (&json!("integer"), &json!("integer"), &json!("integer")),
            "{name}: {c:?}"
        );
        // Seconds: learnt from the row there, or from `unixepoch()` on an empty table.
        assert_eq!(
            c["certified_at"],
            json!(1767312000),
            "{name}: seconds like the rows"
        );
        assert_eq!(c["updated_at"], json!(1767312000), "{name}");
        assert_eq!(c["is_featured"], json!(0), "{name}");
        if rows {
            let a = got.iter().find(|r| r["name"] == "a").unwrap();
            assert_eq!(a["is_featured"], json!(1), "{name}: untouched");
        }
        let out = b.run(&["backfill", "skills", "--json"]);
        code(&out, 0, &format!("{name}: second plan"));
        assert_eq!(json_of(&out)["plan"]["items"], json!([]), "{name}");
        code(
            &b.run(&["health", "--deep"]),
            0,
            &format!("{name}: health after"),
        );
    }

    // An INTEGER time column without a default or rows: milliseconds, as JavaScript writes them.
    for b in Backend::both() {
        let name = b.name();
        b.exec("CREATE TABLE skills (name TEXT PRIMARY KEY, display_name TEXT, certified_at INTEGER, updated_at INTEGER)");
        put_records(
            &b,
            &[
                json!({"name": "m", "displayName": "M", "certifiedAt": "2026-01-02T00:00:00.000Z", "updatedAt": "2026-01-02T00:00:00.000Z"}),
            ],
        );
        code(
            &b.run(&["backfill", "skills", "--apply", "--yes"]),
            0,
            &format!("{name}: backfill"),
        );
        let row = &b.rows("skills")["m"];
        assert_eq!(row["updated_at"], json!(1767312000000_i64), "{name}");
        assert_eq!(row["certified_at"], json!(1767312000000_i64), "{name}");
        // Read back to KV as the app writes times.
        let Backend::Local(sb) = &b else { continue };
        rusqlite::Connection::open(sb.local_db())
            .unwrap()
            .execute("DELETE FROM _mkt_kv WHERE key = 'skill:m'", [])
            .unwrap();
        code(
            &b.run(&["backfill", "skills", "--to", "kv", "--apply", "--yes"]),
            0,
            &format!("{name}: --to kv"),
        );
        let m: Value = serde_json::from_str(&b.kv()["skill:m"]).unwrap();
        assert_eq!(m["certifiedAt"], "2026-01-02T00:00:00.000Z", "{name}: {m}");
    }
}

/// Times as SQLite's `CURRENT_TIMESTAMP` writes them (`2026-01-01 01:50:00`, UTC), learnt from the
/// rows or, on an empty table, from the default: new rows are written in that form (milliseconds
/// kept when the record has them), so the app's text comparisons and `ORDER BY updated_at` still
/// sort them among its own. Before, mkt wrote `2026-01-02T00:00:00.000Z`, which sorts after every
/// `2026-01-02 …` of the same day.
#[test]
fn times_in_current_timestamp_form_keep_that_form() {
    for rows in [true, false] {
        for b in Backend::both() {
            let name = format!("{} ({})", b.name(), if rows { "rows" } else { "empty" });
            b.exec(
                "CREATE TABLE skills (name TEXT PRIMARY KEY, display_name TEXT, certified_at TEXT,
                   created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
                   updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);",
            );
            if rows {
                b.exec("INSERT INTO skills VALUES ('a', 'A', '2026-01-01 01:50:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00');");
            }
            put_records(
                &b,
                &[
                    json!({"name": "a", "displayName": "A", "certifiedAt": "2026-01-01T01:50:00.000Z"}),
                    json!({"name": "c", "displayName": "C", "certifiedAt": "2026-01-02T00:00:00.250Z",
                           "updatedAt": "2026-01-02T00:00:00.000Z"}),
                ],
            );
            let kv_before = b.kv();
            let out = b.run(&["health", "--deep", "--json"]);
            code(&out, 3, &format!("{name}: health"));
            assert_eq!(json_of(&out)["counts"]["field_mismatch"], 0, "{name}");
            code(
                &b.run(&["backfill", "skills", "--apply", "--yes"]),
                0,
                &format!("{name}: backfill"),
            );
            assert_eq!(b.kv(), kv_before, "{name}: no KV value rewritten");
            let c = &b.rows("skills")["c"];
            assert_eq!(
                c["certified_at"], "2026-01-02 00:00:00.250",
                "{name}: {c:?}"
            );
            assert_eq!(c["updated_at"], "2026-01-02 00:00:00", "{name}");
            let created = c["created_at"].as_str().unwrap();
            assert!(
                mkt::schema::value::is_sql_datetime(created),
                "{name}: {created}"
            );
            let out = b.run(&["backfill", "skills", "--json"]);
            code(&out, 0, &format!("{name}: second plan"));
            assert_eq!(json_of(&out)["plan"]["items"], json!([]), "{name}");
            code(
                &b.run(&["health", "--deep"]),
                0,
                &format!("{name}: health after"),
            );
        }
    }
}
