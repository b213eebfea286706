//! The smaller refusals of issue 20 (row 10): each asserts the exit code, the one line on stderr
//! and what was (not) written.

use serde_json::json;

use crate::fake_worker::{FakeWorker, Shape};
use crate::support::{stderr_of, stdout_of, Sandbox};

fn seeded() -> Sandbox {
    let sb = Sandbox::new();
    let out = sb.run([
        "-q",
        "seed",
        "--skills",
        "20",
        "--reviews",
        "0",
        "--scenario",
        "skill-loss",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    sb
}

fn index_value(sb: &Sandbox) -> Vec<u8> {
    rusqlite::Connection::open(sb.local_db())
        .unwrap()
        .query_row(
            "SELECT value FROM _mkt_kv WHERE key = 'skills:published-index'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn error_lines(err: &str) -> Vec<&str> {
    err.lines().filter(|l| l.starts_with("error:")).collect()
}

#[test]
fn a_failed_backup_is_an_error_that_wrote_nothing_not_partial() {
    let sb = seeded();
    let before = index_value(&sb);
    // The backup directory cannot be made: a file stands in its place.
    sb.write(".mkt/backups", "not a directory");
    let out = sb.run(["index", "rebuild", "--apply", "--yes"]);
    let err = stderr_of(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "nothing written is not partial: {err}"
    );
    let lines = error_lines(&err);
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("backing up failed") && lines[0].contains("nothing was written"),
        "{err}"
    );
    assert_eq!(index_value(&sb), before, "the index is untouched");
    // With the obstacle gone, the same command repairs.
    std::fs::remove_file(sb.path().join(".mkt/backups")).unwrap();
    let out = sb.run(["index", "rebuild", "--apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_ne!(index_value(&sb), before);
}

#[test]
fn a_staging_file_with_a_key_twice_is_refused_naming_the_key() {
    let sb = seeded();
    let review = json!({"id": "r1", "target_type": "skill", "target_id": "a", "display_name": "Ann",
        "rating": 5, "title": "t", "body": "b", "created_at": "2026-01-01T00:00:00.000Z"});
    for (name, text) in [
        (
            "wrapper",
            format!(r#"{{"reviews":[{review}],"reviews":[]}}"#),
        ),
        (
            "record",
            // `{"id":"r2","id":"r1",…}`: the review's own id after another.
            format!(r#"[{{"id":"r2",{}]"#, &review.to_string()[1..]),
        ),
    ] {
        sb.write("staging.json", &text);
        for args in [
            &["backfill", "reviews", "--from", "staging.json"][..],
            &[
                "backfill",
                "reviews",
                "--from",
                "staging.json",
                "--apply",
                "--yes",
            ][..],
        ] {
            let out = sb.run(args);
            let err = stderr_of(&out);
            assert_eq!(out.status.code(), Some(2), "{name} {args:?}: {err}");
            let lines = error_lines(&err);
            assert_eq!(lines.len(), 1, "{err}");
            let key = if name == "wrapper" { "reviews" } else { "id" };
            assert!(
                lines[0].contains(&format!("duplicate key \"{key}\" at line 1 column"))
                    && lines[0].contains("staging.json"),
                "{name}: {err}"
            );
            assert!(stdout_of(&out).is_empty(), "no plan: {}", stdout_of(&out));
        }
    }
    let n: i64 = rusqlite::Connection::open(sb.local_db())
        .unwrap()
        .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0, "nothing written");
}

#[test]
fn a_malformed_minified_wrangler_jsonc_is_named_with_a_short_excerpt() {
    let sb = Sandbox::new();
    // One line of ~234 KB, as a bundler writes it: vars first, the syntax error at the end.
    let filler: String = (0..5600)
        .map(|i| format!(r#""VAR_{i}":"value-{i:06}-padding-padding","#))
        .collect();
    let text = format!(
        r#"{{"name":"marketplace","vars":{{"API_SECRET":"vSECRETvalue-0123456789",{filler}"LAST":"x"}},"kv_namespaces":[{{"binding":"KV","id":"ns"}}] "d1_databases":[]}}"#
    );
    assert!(text.len() > 200_000, "{}", text.len());
    sb.write("wrangler.jsonc", &text);
    let out = sb
        .mkt()
        .env("CLOUDFLARE_API_TOKEN", "test-token-not-real")
        .env("CLOUDFLARE_ACCOUNT_ID", "acct123")
        .env("MKT_WRANGLER_CONFIG", "wrangler.jsonc")
        .env("MKT_KV_BINDING", "KV")
        .args(["--target", "cloudflare", "health"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        &err[..err.len().min(2000)]
    );
    let lines = error_lines(&err);
    assert_eq!(lines.len(), 1, "{}", &err[..err.len().min(2000)]);
    assert!(
        err.len() < 600,
        "a short line, not the source: {} bytes",
        err.len()
    );
    assert!(!err.contains("vSECRET"), "{err}");
    assert!(
        lines[0].contains("malformed wrangler config")
            && lines[0].contains("wrangler.jsonc")
            && lines[0].contains("line 1, column"),
        "{err}"
    );
}

#[test]
fn one_attempt_is_one_attempt() {
    let sb = Sandbox::new();
    sb.write("mkt.toml", "[profiles.default]\nmax_retries = 0\n");
    let out = sb
        .mkt()
        .env("CLOUDFLARE_API_TOKEN", "test-token-not-real")
        .env("CLOUDFLARE_ACCOUNT_ID", "acct123")
        .env("MKT_KV_NAMESPACE_ID", "ns")
        .env("MKT_D1_DATABASE_ID", "db")
        .args(["--target", "cloudflare", "skills", "list", "--source", "kv"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains("(after 1 attempt)"), "{err}");
    assert!(!err.contains("1 attempts"), "{err}");
}

#[test]
fn a_refused_sync_pull_records_no_sync_event() {
    let wdir = tempfile::tempdir().unwrap();
    let worker = FakeWorker::start(&wdir.path().join("worker.sqlite"), Shape::WRAPPED);
    let review = json!({"id": "r001", "target_type": "skill", "target_id": "t1",
        "display_name": "Ann", "rating": 4, "title": "t", "body": "b", "source": "signet",
        "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-05T00:00:00.000Z"});
    let other = Sandbox::new();
    other.write("other.json", &json!([review]).to_string());
    let out = other
        .mkt()
        .envs(worker.env())
        .env("MKT_SYNC_FILE", other.path().join("other.json"))
        .args(["sync", "push"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));

    let sb = seeded();
    sb.write("reviews.json", "[]");
    let events = |sb: &Sandbox| -> i64 {
        rusqlite::Connection::open(sb.local_db())
            .unwrap()
            .query_row("SELECT COUNT(*) FROM review_sync_events", [], |r| r.get(0))
            .unwrap()
    };
    let before = events(&sb);
    // Production mode off a terminal without --yes: refused before anything is written.
    let out = sb
        .mkt()
        .envs(worker.env())
        .env("MKT_SYNC_MODE", "production")
        .env("MKT_SYNC_FILE", sb.path().join("reviews.json"))
        .args(["sync", "pull"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert_eq!(error_lines(&err).len(), 1, "{err}");
    assert_eq!(
        events(&sb),
        before,
        "a refusal writes no review_sync_events row"
    );
    assert_eq!(
        std::fs::read_to_string(sb.path().join("reviews.json")).unwrap(),
        "[]"
    );
    // The same pull with --yes writes the file and one row.
    let out = sb
        .mkt()
        .envs(worker.env())
        .env("MKT_SYNC_FILE", sb.path().join("reviews.json"))
        .env("MKT_SYNC_MODE", "production")
        .args(["sync", "pull", "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(events(&sb), before + 1);
}
