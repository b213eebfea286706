//! The local store as found: read-only, another program's SQLite file, a path that does not exist.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use super::support::{stderr_of, stdout_of, Sandbox};
use super::{seeded, state_files};

fn euid() -> u32 {
    let out = Command::new("id").arg("-u").output().expect("id -u");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// `mkt ARGS` as a user who cannot write the store: `nobody` when the tests run as root (root
/// writes through any mode bits) with the store shared read-only, else this user after the file and its directory lost write bits.
fn as_reader(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("mkt");
    let mut cmd = if euid() == 0 {
        // mkt makes its state private (0700/0600): another user reads it only once the owner
        // shares it read-only, as here.
        for (p, mode) in [
            (sb.path().to_path_buf(), 0o755),
            (sb.path().join(".mkt"), 0o755),
            (sb.local_db(), 0o644),
        ] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        for (p, mode) in [(sb.local_db(), 0o444), (sb.path().join(".mkt"), 0o555)] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        Command::new(&bin)
    };
    cmd.args(args)
        .env_clear()
        .current_dir(sb.path())
        .env("HOME", sb.path().join("home"))
        .env("MKT_CONFIG_DIR", sb.path().join("config"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn restore_permissions(sb: &Sandbox) {
    let _ = std::fs::set_permissions(
        sb.path().join(".mkt"),
        std::fs::Permissions::from_mode(0o755),
    );
    let _ = std::fs::set_permissions(sb.local_db(), std::fs::Permissions::from_mode(0o644));
}

fn index_len(sb: &Sandbox) -> usize {
    let conn = rusqlite::Connection::open(sb.local_db()).unwrap();
    let v: String = conn
        .query_row(
            "SELECT CAST(value AS TEXT) FROM _mkt_kv WHERE key = 'skills:published-index'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    serde_json::from_str::<serde_json::Value>(&v)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn a_read_only_store_is_refused_before_any_write_and_still_read() {
    let sb = seeded("20");
    let before = state_files(&sb);
    let bytes = std::fs::read(sb.local_db()).unwrap();
    for _ in 0..2 {
        // A rerun fails the same way: nothing was begun, so nothing is left to resume.
        let out = as_reader(&sb, &["index", "rebuild", "--apply", "--yes"]);
        assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(
            err.contains("read-only") && err.contains("nothing was written"),
            "{err}"
        );
        assert!(
            !err.contains("run again") && !err.contains("resume"),
            "{err}"
        );
        assert_eq!(state_files(&sb), before, "no journal, no backup");
    }
    for args in [
        &["seed", "--skills", "5"][..],
        &["backfill", "skills", "--apply", "--yes"][..],
    ] {
        let out = as_reader(&sb, args);
        assert_eq!(out.status.code(), Some(5), "{args:?}: {}", stderr_of(&out));
    }
    // Reading needs no write access.
    let out = as_reader(&sb, &["health"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    restore_permissions(&sb);
    assert_eq!(
        std::fs::read(sb.local_db()).unwrap(),
        bytes,
        "the store is untouched"
    );
    assert_eq!(index_len(&sb), 3);
}

fn foreign_file(sb: &Sandbox) -> std::path::PathBuf {
    let path = sb.path().join("foreign.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users (email) VALUES ('a@example.com');",
    )
    .unwrap();
    path
}

fn tables(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn another_programs_sqlite_file_is_refused_unless_migrated() {
    let sb = Sandbox::new();
    let path = foreign_file(&sb);
    let bytes = std::fs::read(&path).unwrap();
    for args in [
        &["health"][..],
        &["skills", "list"][..],
        &["seed", "--skills", "5"][..],
        &["index", "rebuild", "--apply", "--yes"][..],
    ] {
        let out = sb
            .mkt()
            .args(["--local-path", "foreign.sqlite"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(
            err.contains("is not an mkt store") && err.contains("users"),
            "{err}"
        );
        assert!(err.contains("mkt db migrate"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(!stdout_of(&out).contains("in sync"));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{args:?}: the file is untouched"
        );
    }
    // Asked for, `db migrate` adds mkt's tables beside the program's own.
    let out = sb.run(["--local-path", "foreign.sqlite", "db", "migrate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let t = tables(&path);
    assert!(
        t.contains(&"users".to_string()) && t.contains(&"_mkt_kv".to_string()),
        "{t:?}"
    );
    let out = sb.run(["--local-path", "foreign.sqlite", "health"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

#[test]
fn a_read_of_a_store_that_does_not_exist_says_so() {
    let sb = Sandbox::new();
    for args in [
        &["health"][..],
        &["health", "--json"][..],
        &["skills", "list"][..],
        &["index", "rebuild"][..],
        &["backfill", "skills"][..],
    ] {
        let out = sb
            .mkt()
            .args(["--local-path", "typo/store.sqlite"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{args:?}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(err.contains("typo/store.sqlite does not exist"), "{err}");
        assert!(
            err.contains("mkt seed") || err.contains("mkt db migrate"),
            "{err}"
        );
        assert!(!stdout_of(&out).contains("in sync"), "{}", stdout_of(&out));
        assert!(
            !sb.path().join("typo").exists(),
            "{args:?} created the directory"
        );
    }
    // An empty file is no store either, and stays empty.
    sb.write("empty.sqlite", "");
    let out = sb.run(["--local-path", "empty.sqlite", "health"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr_of(&out).contains("holds no data"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        std::fs::metadata(sb.path().join("empty.sqlite"))
            .unwrap()
            .len(),
        0
    );
    // Writes create it, as before.
    let out = sb.run(["--local-path", "typo/store.sqlite", "seed", "--skills", "3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(
        sb.run(["--local-path", "typo/store.sqlite", "health"])
            .status
            .code(),
        Some(0)
    );
}
