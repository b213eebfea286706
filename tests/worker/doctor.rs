//! `mkt doctor` against the fake Cloudflare API and the fake Worker: a healthy setup passes,
//! each broken piece fails its own row with its own message, and no secret is ever printed.

use mkt::config::Layout;
use serde_json::Value;

use crate::fake_worker::{FakeWorker, Shape, INTERNAL_KEY};
use crate::support::fake_cf::{FakeCloudflare, TokenOwner};
use crate::support::{stderr_of, stdout_of, Sandbox};

struct Setup {
    sb: Sandbox,
    cf: FakeCloudflare,
    worker: FakeWorker,
    _worker_dir: tempfile::TempDir,
}

fn migrated(cf: &FakeCloudflare) {
    for sql in mkt::schema::migration_statements(&Layout::default()) {
        cf.d1_exec(&sql);
    }
}

fn setup() -> Setup {
    let cf = FakeCloudflare::start();
    migrated(&cf);
    let dir = tempfile::tempdir().unwrap();
    let worker = FakeWorker::start(&dir.path().join("w.sqlite"), Shape::WRAPPED);
    Setup {
        sb: Sandbox::new(),
        cf,
        worker,
        _worker_dir: dir,
    }
}

impl Setup {
    fn doctor(&self, extra_env: &[(&str, &str)]) -> (Option<i32>, Value, String) {
        let mut cmd = self.sb.mkt();
        cmd.envs(self.cf.env())
            .envs(self.worker.env())
            .env("MKT_MAX_RETRIES", "1");
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let out = cmd
            .args(["--target", "cloudflare", "doctor", "--json"])
            .output()
            .unwrap();
        let all = format!("{}{}", stdout_of(&out), stderr_of(&out));
        // Never a secret, nor the start of one.
        for secret in [self.cf.token(), INTERNAL_KEY.to_string()] {
            assert!(!all.contains(&secret[..8]), "a secret prefix leaked: {all}");
        }
        let doc: Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {all}"));
        (out.status.code(), doc, all)
    }
}

fn row(doc: &Value, name: &str) -> Value {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name} row: {doc}"))
        .clone()
}

fn failing(doc: &Value) -> Vec<String> {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_healthy_setup_passes_every_check() {
    let s = setup();
    let (code, doc, all) = s.doctor(&[]);
    assert_eq!(code, Some(0), "{all}");
    assert_eq!(doc["ok"], true);
    for name in [
        "config",
        "credentials",
        "token",
        "account",
        "kv_namespace",
        "d1_database",
        "durable_table",
        "review_tables",
        "worker",
        "internal_key",
        "throttle",
        "local_store",
    ] {
        assert_eq!(row(&doc, name)["status"], "ok", "{name}: {all}");
    }
    assert!(row(&doc, "token")["detail"]
        .as_str()
        .unwrap()
        .contains("user-owned"));
    // The table form, for a person.
    let out =
        s.sb.mkt()
            .envs(s.cf.env())
            .envs(s.worker.env())
            .env("MKT_FORCE_TTY", "1")
            .args(["--target", "cloudflare", "doctor"])
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout_of(&out).contains("all 12 checks pass"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn an_account_owned_token_is_verified_under_the_account() {
    let s = setup();
    s.cf.set_token_owner(TokenOwner::Account);
    let (code, doc, all) = s.doctor(&[]);
    assert_eq!(code, Some(0), "{all}");
    assert!(
        row(&doc, "token")["detail"]
            .as_str()
            .unwrap()
            .contains("account-owned"),
        "{all}"
    );
    assert_eq!(s.cf.count("GET", "/user/tokens/verify"), 1);
    assert_eq!(s.cf.count("GET", "/tokens/verify"), 2);
}

#[test]
fn a_bad_or_expired_token_fails_the_token_row() {
    let s = setup();
    let wrong = "A".repeat(40);
    let (code, doc, all) = s.doctor(&[("CLOUDFLARE_API_TOKEN", &wrong)]);
    assert_eq!(code, Some(1), "{all}");
    assert_eq!(failing(&doc), ["token"], "{all}");
    assert!(
        row(&doc, "token")["detail"]
            .as_str()
            .unwrap()
            .contains("does not accept the token"),
        "{all}"
    );
    assert_eq!(row(&doc, "account")["status"], "skip");
    assert!(!all.contains(&wrong[..8]));

    s.cf.set_token_status("expired");
    let (code, doc, all) = s.doctor(&[]);
    assert_eq!(code, Some(1), "{all}");
    assert!(
        row(&doc, "token")["detail"]
            .as_str()
            .unwrap()
            .contains("is expired"),
        "{all}"
    );
}

#[test]
fn a_missing_namespace_database_or_table_fails_its_own_row() {
    let s = setup();
    let (code, doc, all) = s.doctor(&[("MKT_KV_NAMESPACE_ID", "0000000000000000000000000000dead")]);
    assert_eq!(code, Some(1), "{all}");
    assert_eq!(failing(&doc), ["kv_namespace"], "{all}");
    assert!(
        row(&doc, "kv_namespace")["detail"]
            .as_str()
            .unwrap()
            .contains("was not found"),
        "{all}"
    );

    let (code, doc, all) =
        s.doctor(&[("CLOUDFLARE_ACCOUNT_ID", "0000000000000000000000000000beef")]);
    assert_eq!(code, Some(1), "{all}");
    assert_eq!(failing(&doc), ["account"], "{all}");

    s.cf.d1_exec("DROP TABLE reviews; ALTER TABLE review_aggregates DROP COLUMN avg_rating;");
    let (code, doc, all) = s.doctor(&[]);
    assert_eq!(code, Some(1), "{all}");
    assert_eq!(failing(&doc), ["review_tables"], "{all}");
    let detail = row(&doc, "review_tables")["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        detail.contains("reviews does not exist")
            && detail.contains("review_aggregates lacks avg_rating"),
        "{detail}"
    );

    s.cf.d1_exec("DROP TABLE skills");
    let (_, doc, _) = s.doctor(&[]);
    assert!(row(&doc, "durable_table")["detail"]
        .as_str()
        .unwrap()
        .contains("the durable table skills"));
    assert!(row(&doc, "durable_table")["fix"]
        .as_str()
        .unwrap()
        .contains("mkt db migrate"));

    s.cf.drop_database();
    let (code, doc, all) = s.doctor(&[]);
    assert_eq!(code, Some(1), "{all}");
    assert_eq!(failing(&doc), ["d1_database"], "{all}");
    assert!(
        row(&doc, "d1_database")["detail"]
            .as_str()
            .unwrap()
            .contains("was not found"),
        "{all}"
    );
    assert_eq!(row(&doc, "review_tables")["status"], "skip");
}

#[test]
fn a_wrong_key_or_an_unreachable_worker_fails_the_worker_rows() {
    let s = setup();
    let (code, doc, all) = s.doctor(&[(
        "MKT_INTERNAL_KEY",
        "ik_wrong_wrong_wrong_wrong_wrong_wrong_00",
    )]);
    assert_eq!(code, Some(1), "{all}");
    assert_eq!(failing(&doc), ["internal_key"], "{all}");
    assert!(
        row(&doc, "internal_key")["detail"]
            .as_str()
            .unwrap()
            .contains("refused the configured key"),
        "{all}"
    );
    assert!(!all.contains("ik_wrong"));

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let url = format!("http://{closed}");
    let (code, doc, all) = s.doctor(&[("MKT_API_URL", &url)]);
    assert_eq!(code, Some(1), "{all}");
    assert_eq!(failing(&doc), ["worker"], "{all}");
    assert!(
        row(&doc, "worker")["detail"]
            .as_str()
            .unwrap()
            .contains("cannot reach the Worker"),
        "{all}"
    );
    assert_eq!(row(&doc, "internal_key")["status"], "skip");
}

#[test]
fn a_throttle_over_the_account_limit_fails() {
    let s = setup();
    let (code, doc, all) = s.doctor(&[("MKT_RATE_LIMIT", "1500")]);
    assert_eq!(code, Some(1), "{all}");
    assert_eq!(failing(&doc), ["throttle"], "{all}");
}

#[test]
fn missing_credentials_and_the_local_target() {
    let sb = Sandbox::new();
    // Local target, nothing configured: Cloudflare and Worker rows do not apply.
    let out = sb.run(["doctor", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(row(&doc, "token")["status"], "skip");
    assert_eq!(row(&doc, "worker")["status"], "skip");
    assert_eq!(row(&doc, "local_store")["status"], "ok");
    assert!(!sb.local_db().exists(), "doctor creates nothing");

    // The cloudflare target without ids: one row says what is missing.
    let out = sb
        .mkt()
        .env("CLOUDFLARE_API_TOKEN", "x".repeat(40))
        .args(["--target", "cloudflare", "doctor", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(failing(&doc), ["credentials"]);
    let d = row(&doc, "credentials")["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        d.contains("account_id") && d.contains("kv_namespace_id"),
        "{d}"
    );

    // A malformed config is a failing row, not a crash.
    sb.write("mkt.toml", "[profiles.x\n");
    let out = sb.run(["doctor"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("config"), "{}", stdout_of(&out));
}

#[test]
fn the_d1_checks_use_three_requests() {
    let s = setup();
    s.cf.clear_log();
    let (_, _, _) = s.doctor(&[]);
    // SELECT 1, the durable table's discovery, then the review tables' PRAGMAs in one batch.
    assert_eq!(s.cf.count("POST", "/d1/database/"), 3);
}
