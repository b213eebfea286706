//! A Prisma table on a real PostgreSQL as an app grows it: in a schema other than `public`
//! (`?schema=`), with an enum `certTier`, a `varchar(20)`, `numeric(10,2)`, `jsonb` and extra
//! `NOT NULL` columns mkt does not know, reached with a `DATABASE_URL` as Prisma and hosted
//! providers write it. A record the columns cannot hold (an enum value the type lacks, text
//! longer than the column, a list item that is not text) is refused before any write (exit 5);
//! a record leaving out a `NOT NULL DEFAULT` field is no difference; a backfill converges.

use serde_json::{json, Value};

use crate::backend::json_of;
use crate::pg::{PgServer, DB, PASSWORD, USER};
use crate::postgres::{kv, ok, run};
use crate::support::{stderr_of, Sandbox};

const APP_SCHEMA: &str = r#"
CREATE SCHEMA app;
CREATE TYPE app."CertTier" AS ENUM ('bronze', 'silver', 'gold');
CREATE TABLE app."Skill" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" VARCHAR(20) NOT NULL,
    "certTier" app."CertTier",
    "certScore" DOUBLE PRECISION,
    "certifiedAt" TIMESTAMP(3),
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "meta" JSONB NOT NULL DEFAULT '{"source": "app"}',
    "trendingScore7d" NUMERIC(10,2) NOT NULL DEFAULT 0,
    "trendingScore30d" INTEGER NOT NULL DEFAULT 0,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Skill_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Skill_name_key" ON app."Skill"("name");
INSERT INTO app."Skill" ("id", "name", "displayName", "certTier", "certScore", "certifiedAt", "labels", "meta", "trendingScore7d", "trendingScore30d", "published", "updatedAt")
VALUES ('ckapp1', 'alpha', 'Alpha', 'gold', 90.4, '2026-01-01 01:50:00', '{a,"b c"}', '{"x": 1}', 3.5, 7, true, '2026-01-01 00:00:00');
"#;

/// KV records, and the index naming `index`.
fn put(sb: &Sandbox, records: &[Value], index: &[&str]) {
    std::fs::create_dir_all(sb.local_db().parent().unwrap()).unwrap();
    let c = rusqlite::Connection::open(sb.local_db()).unwrap();
    c.execute_batch("CREATE TABLE IF NOT EXISTS _mkt_kv (key TEXT PRIMARY KEY, value BLOB NOT NULL, metadata TEXT, expiration INTEGER) WITHOUT ROWID").unwrap();
    for r in records {
        c.execute(
            "INSERT OR REPLACE INTO _mkt_kv (key, value) VALUES (?1, ?2)",
            rusqlite::params![
                format!("skill:{}", r["name"].as_str().unwrap()),
                r.to_string().as_bytes()
            ],
        )
        .unwrap();
    }
    c.execute(
        "INSERT OR REPLACE INTO _mkt_kv (key, value) VALUES ('skills:published-index', ?1)",
        [json!(index).to_string().as_bytes()],
    )
    .unwrap();
}

const ALL: [&str; 3] = ["alpha", "beta", "gamma"];

#[test]
fn a_grown_prisma_table_refuses_what_it_cannot_hold_before_any_write_and_converges() {
    let Some(pg) = PgServer::start() else { return };
    pg.sql(APP_SCHEMA);
    let sb = Sandbox::new();
    // The app's DATABASE_URL as Prisma and Neon write it (the password comes from PGPASSWORD).
    let url = format!(
        "postgresql://{USER}@127.0.0.1:{}/{DB}?schema=app&connection_limit=5&pool_timeout=10&sslmode=prefer&channel_binding=prefer&sslcert=../ca.pem&target_session_attrs=any",
        pg.port
    );
    let env = vec![
        ("MKT_DURABLE_URL".to_string(), url),
        ("PGPASSWORD".to_string(), PASSWORD.to_string()),
    ];
    let alpha = json!({"name": "alpha", "displayName": "Alpha", "certTier": "gold", "certScore": "90.40",
        "certifiedAt": "2026-01-01T01:50:00Z", "labels": ["a", "b c"], "trendingScore7d": 3.50, "trendingScore30d": "7", "x": 1});
    let beta = json!({"name": "beta", "displayName": "Beta", "certTier": "silver", "certScore": "", "labels": null});
    put(&sb, &[alpha, beta], &["alpha", "beta"]);

    let out = run(&sb, &env, &["db", "schema", "--json"]);
    ok(&out, "db schema");
    let doc = json_of(&out);
    let col = |name: &str| {
        doc["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(col("displayName")["type"], "character varying(20)", "{doc}");
    assert_eq!(col("trendingScore7d")["type"], "numeric(10,2)");
    assert_eq!(doc["schema"], "app");
    assert_eq!(
        col("certTier")["enum_values"],
        json!(["bronze", "silver", "gold"])
    );

    let out = run(&sb, &env, &["health", "--deep", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let doc = json_of(&out);
    assert_eq!(doc["counts"]["field_mismatch"], 0, "{}", doc["drifts"]);
    assert_eq!(doc["counts"]["missing_in_durable"], 1);

    let rows_before = pg.rows(r#"SELECT count(*)::text FROM app."Skill""#);
    for (bad, why) in [
        (
            json!({"name": "gamma", "displayName": "Gamma", "certTier": "diamond"}),
            "not one of the enum's values (bronze, silver, gold)",
        ),
        (
            json!({"name": "gamma", "displayName": "A display name far too long"}),
            "27 characters long; the column holds at most 20",
        ),
        (
            json!({"name": "gamma", "displayName": "Gamma", "labels": ["x", 3]}),
            "has an item that is not text (3)",
        ),
    ] {
        put(&sb, std::slice::from_ref(&bad), &ALL);
        let kv_before = kv(&sb);
        let out = run(&sb, &env, &["backfill", "skills", "--apply", "--yes"]);
        assert_eq!(out.status.code(), Some(5), "{bad}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(
            err.contains("skill gamma") && err.contains(why) && err.contains("nothing was written"),
            "{err}"
        );
        assert_eq!(
            pg.rows(r#"SELECT count(*)::text FROM app."Skill""#),
            rows_before,
            "{bad}: no row written"
        );
        assert_eq!(kv(&sb), kv_before, "{bad}: no KV value written");
    }

    put(
        &sb,
        &[
            json!({"name": "gamma", "displayName": "Gamma", "certTier": "bronze", "labels": ["x", null], "certifiedAt": "2026-01-01T01:50:00.123456+05:30"}),
        ],
        &ALL,
    );
    let kv_before = kv(&sb);
    ok(
        &run(&sb, &env, &["backfill", "skills", "--apply", "--yes"]),
        "backfill",
    );
    assert_eq!(kv(&sb), kv_before, "no KV value needed rewriting");
    let rows = pg.rows(r#"SELECT name, "certTier"::text, meta::text, published::text, "trendingScore7d"::text, id FROM app."Skill" ORDER BY name"#);
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0][2].as_deref(),
        Some(r#"{"x": 1}"#),
        "unknown columns untouched"
    );
    assert_eq!(rows[0][5].as_deref(), Some("ckapp1"));
    assert_eq!(rows[1][1].as_deref(), Some("silver"));
    assert_eq!(
        rows[1][2].as_deref(),
        Some(r#"{"source": "app"}"#),
        "defaults on insert"
    );
    assert_eq!(rows[1][3].as_deref(), Some("false"));
    assert_eq!(rows[2][4].as_deref(), Some("0.00"));
    let out = run(&sb, &env, &["backfill", "skills", "--json"]);
    ok(&out, "second plan");
    assert_eq!(json_of(&out)["plan"]["items"], json!([]));
    ok(&run(&sb, &env, &["health", "--deep"]), "health after");
}

/// A single-precision `real` column: 90.4 stored there reads back as 90.4 (its shortest decimal
/// form), not 90.40000152587891, so the same score in KV is no difference and a record built from
/// the row says 90.4.
#[test]
fn a_real_column_reads_as_the_number_written() {
    let Some(pg) = PgServer::start() else { return };
    pg.sql(
        r#"CREATE TABLE skills (name text PRIMARY KEY, display_name text, cert_score real);
           INSERT INTO skills VALUES ('alpha', 'Alpha', 90.4), ('beta', 'Beta', 0.1);"#,
    );
    let sb = Sandbox::new();
    let env = crate::postgres::pg_env(&pg);
    put(
        &sb,
        &[json!({"name": "alpha", "displayName": "Alpha", "certScore": 90.4})],
        &["alpha", "beta"],
    );
    let out = run(&sb, &env, &["health", "--deep", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let doc = json_of(&out);
    assert_eq!(doc["counts"]["field_mismatch"], 0, "{}", doc["drifts"]);
    ok(
        &run(
            &sb,
            &env,
            &["backfill", "skills", "--to", "kv", "--apply", "--yes"],
        ),
        "--to kv",
    );
    let beta: Value = serde_json::from_str(&kv(&sb)["skill:beta"]).unwrap();
    assert_eq!(beta["certScore"], json!(0.1), "{beta}");
    ok(&run(&sb, &env, &["health", "--deep"]), "health after");
}

/// A PostgreSQL table another tool made with times as `bigint` epoch seconds and labels as
/// comma-separated `text`: writes keep those spellings (before, a time was refused as "not a
/// number" before any write, and labels went in as JSON text the app could not split).
#[test]
fn bigint_epoch_times_and_comma_labels_keep_their_spelling() {
    let Some(pg) = PgServer::start() else { return };
    pg.sql(
        r#"CREATE TABLE skills (name text PRIMARY KEY, display_name text, labels text,
             certified_at bigint, updated_at bigint NOT NULL);
           INSERT INTO skills VALUES ('alpha', 'Alpha', 'ml,vision', 1767232200, 1767225600);"#,
    );
    let sb = Sandbox::new();
    let env = crate::postgres::pg_env(&pg);
    put(
        &sb,
        &[
            json!({"name": "alpha", "displayName": "Alpha", "labels": ["ml", "vision"], "certifiedAt": "2026-01-01T01:50:00.000Z"}),
            json!({"name": "beta", "displayName": "Beta", "labels": ["a", "b"], "certifiedAt": "2026-01-02T00:00:00.000Z", "updatedAt": "2026-01-02T00:00:00.000Z"}),
        ],
        &["alpha", "beta"],
    );
    let out = run(&sb, &env, &["health", "--deep", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert_eq!(json_of(&out)["counts"]["field_mismatch"], 0);
    let kv_before = kv(&sb);
    ok(
        &run(&sb, &env, &["backfill", "skills", "--apply", "--yes"]),
        "backfill",
    );
    assert_eq!(kv(&sb), kv_before, "no KV value rewritten");
    let rows = pg.rows(
        "SELECT name, labels, certified_at::text, updated_at::text FROM skills ORDER BY name",
    );
    assert_eq!(
        rows[1],
        [
            Some("beta".to_string()),
            Some("a,b".to_string()),
            Some("1767312000".to_string()),
            Some("1767312000".to_string())
        ]
    );
    let out = run(&sb, &env, &["backfill", "skills", "--json"]);
    ok(&out, "second plan");
    assert_eq!(json_of(&out)["plan"]["items"], json!([]));
}

/// Prisma's `Skill` grown by hand: labels as `jsonb`, a score kept as `text`, a flag as `boolean`
/// mapped in the profile, times as `timestamptz`, and an unknown column. Compared by meaning in
/// both directions; `--to kv` builds records without any field the table lacks; a `NOT NULL`
/// column without a default added later refuses before any write.
#[test]
fn jsonb_labels_text_scores_and_boolean_flags_compare_by_meaning_both_ways() {
    let Some(pg) = PgServer::start() else { return };
    pg.sql(
        r#"CREATE TABLE "Skill" (
             "id" text PRIMARY KEY, "name" text NOT NULL UNIQUE, "displayName" text NOT NULL,
             "labels" jsonb NOT NULL DEFAULT '[]', "certScore" text, "featured" boolean NOT NULL DEFAULT false,
             "certifiedAt" timestamptz, "notes" text NOT NULL DEFAULT '',
             "createdAt" timestamptz NOT NULL DEFAULT now(), "updatedAt" timestamptz NOT NULL);
           INSERT INTO "Skill" VALUES ('c1', 'alpha', 'Alpha', '["ml", "x y"]', '90.40', true,
             '2026-01-01 02:50:00+01', 'kept', '2026-01-01', '2026-01-01');
           INSERT INTO "Skill" VALUES ('c2', 'delta', 'Delta', '[]', NULL, false, NULL, 'd', '2026-01-01', '2026-01-01');"#,
    );
    let sb = Sandbox::new();
    sb.write(
        "mkt.toml",
        "[profiles.default.durable_columns]\nfeatured = \"featured\"\n",
    );
    let env = crate::postgres::pg_env(&pg);
    put(
        &sb,
        &[
            json!({"name": "alpha", "displayName": "Alpha", "labels": ["ml", "x y"], "certScore": 90.4,
                   "featured": true, "certifiedAt": "2026-01-01T01:50:00.000Z", "installs": 12}),
            json!({"name": "beta", "displayName": "Beta", "labels": ["b"], "certScore": "88", "featured": false,
                   "certifiedAt": "2026-02-01T00:00:00.000Z", "updatedAt": "2026-02-01T00:00:00.000Z"}),
        ],
        &["alpha", "beta", "delta"],
    );
    let out = run(&sb, &env, &["health", "--deep", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let doc = json_of(&out);
    assert_eq!(doc["counts"]["field_mismatch"], 0, "{}", doc["drifts"]);
    let kv_before = kv(&sb);
    for to in ["durable", "kv"] {
        ok(
            &run(
                &sb,
                &env,
                &["backfill", "skills", "--to", to, "--apply", "--yes"],
            ),
            to,
        );
    }
    let after = kv(&sb);
    assert_eq!(after["skill:alpha"], kv_before["skill:alpha"]);
    assert_eq!(after["skill:beta"], kv_before["skill:beta"]);
    let delta: Value = serde_json::from_str(&after["skill:delta"]).unwrap();
    assert_eq!(
        delta,
        json!({"name": "delta", "displayName": "Delta", "labels": [], "featured": false, "notes": "d"}),
        "every column that holds a field (`notes` too), nulls left out"
    );
    let rows = pg.rows(
        r#"SELECT name, labels::text, "certScore", featured::text, notes FROM "Skill" ORDER BY name"#,
    );
    assert_eq!(
        rows[0][4].as_deref(),
        Some("kept"),
        "a column a record does not hold is untouched"
    );
    assert_eq!(
        rows[1],
        [
            Some("beta".to_string()),
            Some(r#"["b"]"#.to_string()),
            Some("88".to_string()),
            Some("false".to_string()),
            Some(String::new())
        ]
    );
    let out = run(&sb, &env, &["backfill", "skills", "--json"]);
    ok(&out, "second plan");
    assert_eq!(json_of(&out)["plan"]["items"], json!([]));
    ok(&run(&sb, &env, &["health", "--deep"]), "health after");

    // A column added later, NOT NULL without a default: refused before any write, both ways.
    pg.sql(r#"ALTER TABLE "Skill" ADD COLUMN "ownerId" text; UPDATE "Skill" SET "ownerId" = 'u'; ALTER TABLE "Skill" ALTER COLUMN "ownerId" SET NOT NULL;"#);
    put(
        &sb,
        &[json!({"name": "gamma", "displayName": "Gamma"})],
        &["alpha", "beta", "delta", "gamma"],
    );
    let kv_before = kv(&sb);
    let count = || pg.rows(r#"SELECT count(*)::text FROM "Skill""#);
    let rows_before = count();
    let out = run(&sb, &env, &["backfill", "skills", "--apply", "--yes"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("ownerId") && err.contains("durable_columns"),
        "{err}"
    );
    assert_eq!(count(), rows_before);
    assert_eq!(kv(&sb), kv_before);
}
