//! PostgreSQL as the durable store, against a real server started here: a Prisma-shaped `"Skill"`
//! table (quoted camelCase columns, `text[]` labels, `timestamp(3)`, a client-filled `id` and
//! `updatedAt`). health, index rebuild and backfill in both directions give the same answers as the
//! SQLite durable table for the same data; hostile slugs and SQL-looking text round-trip; a wrong
//! password is exit 4 and never printed; TLS works; `db migrate` refuses.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::backend::json_of;
use crate::pg::{PgServer, PASSWORD, PRISMA_SKILL};
use crate::support::{stderr_of, stdout_of, Sandbox};

pub(crate) fn pg_env(pg: &PgServer) -> Vec<(String, String)> {
    vec![
        ("MKT_DURABLE_URL".into(), pg.url()),
        ("PGPASSWORD".into(), PASSWORD.into()),
    ]
}

pub(crate) fn run(sb: &Sandbox, env: &[(String, String)], args: &[&str]) -> std::process::Output {
    sb.mkt()
        .envs(env.iter().cloned())
        .args(args)
        .output()
        .unwrap()
}

/// Every KV entry of a sandbox's local store, without index backups (their keys hold a time).
pub(crate) fn kv(sb: &Sandbox) -> BTreeMap<String, String> {
    let c = rusqlite::Connection::open(sb.local_db()).unwrap();
    let mut stmt = c.prepare("SELECT key, value FROM _mkt_kv").unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                String::from_utf8_lossy(&r.get::<_, Vec<u8>>(1)?).into_owned(),
            ))
        })
        .unwrap();
    rows.map(Result::unwrap)
        .filter(|(k, _)| !k.starts_with("skills:published-index:backup:"))
        .collect()
}

fn kv_delete(sb: &Sandbox, keys: &[String]) {
    let c = rusqlite::Connection::open(sb.local_db()).unwrap();
    for k in keys {
        c.execute("DELETE FROM _mkt_kv WHERE key = ?1", [k])
            .unwrap();
    }
}

fn without_requests(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("requests");
    v
}

pub(crate) fn ok(out: &std::process::Output, what: &str) {
    assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr_of(out));
}

#[test]
fn a_prisma_table_gives_the_same_answers_as_the_sqlite_table() {
    let Some(pg) = PgServer::start() else { return };
    pg.sql(PRISMA_SKILL);
    let (d1, env_d1) = (Sandbox::new(), Vec::new());
    let (pgs, env_pg) = (Sandbox::new(), pg_env(&pg));
    for (sb, env) in [(&d1, &env_d1), (&pgs, &env_pg)] {
        let out = run(
            sb,
            env,
            &[
                "seed",
                "--skills",
                "60",
                "--scenario",
                "skill-loss",
                "--yes",
            ],
        );
        ok(&out, "seed");
    }
    let err = stderr_of(&run(&pgs, &env_pg, &["db", "schema"]));
    assert!(
        err.contains("durable: PostgreSQL postgres://mkt@127.0.0.1"),
        "{err}"
    );
    assert!(
        err.contains("\"Skill\" (Prisma's default name"),
        "the fallback is said: {err}"
    );
    assert!(!err.contains(PASSWORD));

    // A changed durable row on each side: the same field_mismatch.
    let slug = pg.rows(r#"SELECT name FROM "Skill" ORDER BY name LIMIT 1"#)[0][0]
        .clone()
        .unwrap();
    pg.sql(&format!(
        r#"UPDATE "Skill" SET "displayName" = 'Changed In The App', "certScore" = 12.5 WHERE name = '{slug}'"#
    ));
    let c = rusqlite::Connection::open(d1.local_db()).unwrap();
    c.execute(
        "UPDATE skills SET display_name = 'Changed In The App', cert_score = '12.50' WHERE name = ?1",
        [&slug],
    )
    .unwrap();

    let same = |args: &[&str], code: i32| {
        let a = run(&d1, &env_d1, args);
        let b = run(&pgs, &env_pg, args);
        assert_eq!(
            a.status.code(),
            Some(code),
            "{args:?} sqlite: {}",
            stderr_of(&a)
        );
        assert_eq!(
            b.status.code(),
            Some(code),
            "{args:?} postgres: {}",
            stderr_of(&b)
        );
        let (a, b) = (without_requests(json_of(&a)), without_requests(json_of(&b)));
        assert_eq!(a, b, "{args:?}: same answer over both durable stores");
        a
    };
    let report = same(&["health", "--deep", "--json"], 3);
    assert_eq!(report["counts"]["field_mismatch"], 1);
    assert_eq!(report["counts"]["missing_in_durable"], 6);
    let plan = same(&["backfill", "skills", "--json"], 0);
    assert_eq!(plan["plan"]["rows"], 6);
    for (sb, env) in [(&d1, &env_d1), (&pgs, &env_pg)] {
        ok(
            &run(
                sb,
                env,
                &["backfill", "skills", "--apply", "--yes", "--json"],
            ),
            "backfill",
        );
        ok(
            &run(sb, env, &["index", "rebuild", "--apply", "--yes", "--json"]),
            "rebuild",
        );
    }
    assert_eq!(kv(&d1), kv(&pgs), "KV after backfill and rebuild");

    // KV values lost: rebuilt from the durable rows, byte for byte the same on both.
    let lost: Vec<String> = kv(&d1)
        .keys()
        .filter(|k| k.starts_with("skill:"))
        .take(4)
        .cloned()
        .collect();
    for sb in [&d1, &pgs] {
        kv_delete(sb, &lost);
    }
    let plan = same(&["backfill", "skills", "--to", "kv", "--json"], 0);
    assert_eq!(plan["plan"]["kv_values"], 4);
    for (sb, env) in [(&d1, &env_d1), (&pgs, &env_pg)] {
        ok(
            &run(
                sb,
                env,
                &["backfill", "skills", "--to", "kv", "--apply", "--yes"],
            ),
            "to kv",
        );
    }
    assert_eq!(kv(&d1), kv(&pgs), "KV after backfill --to kv");
    let report = same(&["health", "--deep", "--json"], 3);
    assert_eq!(
        report["drifted_slugs"], 1,
        "only the planted malformed value is left: {report}"
    );

    // Prisma's client-filled columns: a cuid for every inserted row, updatedAt set.
    let ids = pg.rows(r#"SELECT id, "updatedAt"::text FROM "Skill""#);
    assert_eq!(ids.len(), 60);
    assert!(ids
        .iter()
        .all(|r| r[0].as_ref().is_some_and(|id| id.len() == 25) && r[1].is_some()));
}

#[test]
fn hostile_slugs_and_sql_looking_text_round_trip() {
    let Some(pg) = PgServer::start() else { return };
    pg.sql(PRISMA_SKILL);
    let sb = Sandbox::new();
    let env = pg_env(&pg);
    let slugs = [
        "o'brien",
        "quote\"d",
        "x'; DROP TABLE \"Skill\"; --",
        "ünïcødé-技能",
        "50%_off",
        "back\\slash",
        "$1",
        "a b",
    ];
    let records: Vec<Value> = slugs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "name": s,
                "displayName": format!("'); DELETE FROM \"Skill\"; -- {i}"),
                "description": "line one\nline two\t$$ dollar $$ E'\\x00'",
                "labels": ["a,b", "{x}", "q\"uote", "back\\slash", "NULL", ""],
                "certScore": 90.4,
                "certifiedAt": "2026-01-01T01:50:00.000Z",
                "trendingScore7d": 1.5,
                "trendingScore30d": 0.0
            })
        })
        .collect();
    std::fs::create_dir_all(sb.local_db().parent().unwrap()).unwrap();
    let c = rusqlite::Connection::open(sb.local_db()).unwrap();
    c.execute_batch("CREATE TABLE _mkt_kv (key TEXT PRIMARY KEY, value BLOB NOT NULL, metadata TEXT, expiration INTEGER) WITHOUT ROWID").unwrap();
    for (s, r) in slugs.iter().zip(&records) {
        c.execute(
            "INSERT INTO _mkt_kv (key, value) VALUES (?1, ?2)",
            rusqlite::params![format!("skill:{s}"), r.to_string().as_bytes()],
        )
        .unwrap();
    }
    ok(
        &run(&sb, &env, &["backfill", "skills", "--apply", "--yes"]),
        "to durable",
    );
    let rows = pg.rows(r#"SELECT name, "displayName", description, array_to_json(labels)::text FROM "Skill" ORDER BY name"#);
    assert_eq!(rows.len(), slugs.len());
    for r in &rows {
        let name = r[0].clone().unwrap();
        let rec = &records[slugs
            .iter()
            .position(|s| *s == name)
            .expect("a slug we wrote")];
        assert_eq!(r[1].as_deref(), rec["displayName"].as_str());
        assert_eq!(r[2].as_deref(), rec["description"].as_str());
        assert_eq!(
            serde_json::from_str::<Value>(r[3].as_deref().unwrap()).unwrap(),
            rec["labels"]
        );
    }
    let out = run(&sb, &env, &["health", "--deep", "--json"]);
    assert_eq!(
        json_of(&out)["counts"]["field_mismatch"],
        0,
        "{}",
        stderr_of(&out)
    );

    // Every KV value gone: written back from PostgreSQL, equal to what was there.
    let keys: Vec<String> = slugs.iter().map(|s| format!("skill:{s}")).collect();
    kv_delete(&sb, &keys);
    ok(
        &run(
            &sb,
            &env,
            &["backfill", "skills", "--to", "kv", "--apply", "--yes"],
        ),
        "to kv",
    );
    let back = kv(&sb);
    for (k, r) in keys.iter().zip(&records) {
        let got: Value = serde_json::from_str(&back[k]).unwrap();
        assert_eq!(&got, r, "{k}");
    }
}

#[test]
fn a_wrong_password_is_incomplete_and_never_printed() {
    let Some(pg) = PgServer::start() else { return };
    pg.sql(PRISMA_SKILL);
    let sb = Sandbox::new();
    ok(&run(&sb, &[], &["seed", "--skills", "5"]), "seed");
    let secret = "Wr0ng-Pa55word-zz";
    let cases = [
        vec![
            ("MKT_DURABLE_URL".to_string(), pg.url()),
            ("PGPASSWORD".into(), secret.into()),
        ],
        vec![(
            "MKT_DURABLE_URL".to_string(),
            format!("postgres://mkt:{secret}@127.0.0.1:{}/marketplace", pg.port),
        )],
    ];
    for env in cases {
        for args in [
            vec!["health", "--json"],
            vec!["health", "-v"],
            vec!["backfill", "skills", "--apply", "--yes"],
            vec!["config", "show"],
            vec!["config", "show", "--json"],
        ] {
            let out = run(&sb, &env, &args);
            let all = format!("{}{}", stdout_of(&out), stderr_of(&out));
            assert!(
                !all.contains(secret),
                "{args:?} printed the password: {all}"
            );
            if args[0] != "config" {
                assert_eq!(out.status.code(), Some(4), "{args:?}: {all}");
            }
        }
        let out = run(&sb, &env, &["health", "--json"]);
        let doc = json_of(&out);
        let durable = doc["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "durable")
            .unwrap()
            .clone();
        assert!(
            durable["error"]
                .as_str()
                .unwrap()
                .contains("rejected the login"),
            "{durable}"
        );
        assert_eq!(
            doc["sources"][1]["complete"], true,
            "the other sources are still read: {doc}"
        );
    }
    // A password in a profile's URL is refused before anything is read.
    sb.write(
        "mkt.toml",
        &format!("[profiles.default]\ndurable_url = \"postgres://mkt:{secret}@127.0.0.1:{}/marketplace\"\n", pg.port),
    );
    let out = run(&sb, &[], &["health"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains(secret));
    assert!(stderr_of(&out).contains("PGPASSWORD"));
}

#[test]
fn tls_pgpass_and_the_refusals() {
    let Some(pg) = PgServer::start() else { return };
    pg.sql(PRISMA_SKILL);
    let sb = Sandbox::new();
    ok(&run(&sb, &[], &["seed", "--skills", "5"]), "seed");
    let cert = pg.cert().display().to_string();
    let base = format!("postgres://mkt@localhost:{}/marketplace", pg.port);
    let pw = ("PGPASSWORD".to_string(), PASSWORD.to_string());
    for (url, code) in [
        (format!("{base}?sslmode=require"), 0),
        (format!("{base}?sslmode=verify-full&sslrootcert={cert}"), 0),
        // As libpq: no root file (no sslrootcert, no ~/.postgresql/root.crt) is refused before
        // anything is sent; the public roots are only used when asked for, and the test
        // certificate is not signed by one of them.
        (format!("{base}?sslmode=verify-full"), 2),
        (format!("{base}?sslrootcert=system"), 4),
    ] {
        let env = vec![("MKT_DURABLE_URL".to_string(), url.clone()), pw.clone()];
        let out = run(&sb, &env, &["db", "schema", "--json"]);
        assert_eq!(out.status.code(), Some(code), "{url}: {}", stderr_of(&out));
        if code == 0 {
            let doc = json_of(&out);
            assert_eq!(doc["table"], "Skill");
            assert_eq!(doc["dialect"], "postgresql");
            let filled: Vec<&str> = doc["client_filled"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["column"].as_str().unwrap())
                .collect();
            assert_eq!(filled, ["createdAt", "updatedAt", "id"]);
        }
    }
    // PGSSLMODE and ~/.pgpass, as libpq reads them.
    let home = sb.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        home.join(".pgpass"),
        format!("localhost:{}:marketplace:mkt:{PASSWORD}\n", pg.port),
    )
    .unwrap();
    // Private, as libpq wants it (one others can read is ignored with a warning).
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(home.join(".pgpass"), std::fs::Permissions::from_mode(0o600)).unwrap();
    let env = vec![
        ("MKT_DURABLE_URL".to_string(), base.clone()),
        ("PGSSLMODE".to_string(), "require".to_string()),
    ];
    ok(&run(&sb, &env, &["db", "schema"]), "pgpass + PGSSLMODE");
    let out = run(&sb, &env, &["db", "migrate"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert_eq!(
        stderr_of(&out)
            .lines()
            .filter(|l| l.contains("migrate"))
            .count(),
        1
    );
}
