//! `mkt reviews …` and `mkt backfill reviews` on the local store and against the fake Cloudflare
//! API: CRUD parity, summary math, validation, failure atomicity, verify/recompute, the staging
//! backfill, and a property test of the aggregates.

mod support;

#[path = "reviews/backfill.rs"]
mod backfill;
#[path = "reviews/bench.rs"]
mod bench;
#[path = "reviews/crud.rs"]
mod crud;
#[path = "reviews/daemon.rs"]
mod daemon;
#[path = "reviews/props.rs"]
mod props;
#[path = "reviews/validation.rs"]
mod validation;
#[path = "reviews/verify.rs"]
mod verify;

use serde_json::{Map, Value};
use support::fake_cf::FakeCloudflare;
use support::{stderr_of, stdout_of, Sandbox};

pub type Row = Map<String, Value>;

/// A sandbox on one target: the local store, or the fake Cloudflare API (tables migrated).
pub struct Target {
    pub sb: Sandbox,
    pub fake: Option<FakeCloudflare>,
    pub extra_env: Vec<(String, String)>,
}

impl Target {
    pub fn local() -> Self {
        Target {
            sb: Sandbox::new(),
            fake: None,
            extra_env: Vec::new(),
        }
    }

    pub fn cloudflare() -> Self {
        let t = Target {
            sb: Sandbox::new(),
            fake: Some(FakeCloudflare::start()),
            extra_env: Vec::new(),
        };
        let out = t.run(["db", "migrate"]);
        assert!(out.status.success(), "{}", stderr_of(&out));
        t
    }

    pub fn both() -> [Target; 2] {
        [Target::local(), Target::cloudflare()]
    }

    pub fn name(&self) -> &'static str {
        if self.fake.is_some() {
            "cloudflare"
        } else {
            "local"
        }
    }

    pub fn fake(&self) -> &FakeCloudflare {
        self.fake.as_ref().expect("a cloudflare target")
    }

    pub fn run<I, S>(&self, args: I) -> std::process::Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = self.sb.mkt();
        if let Some(f) = &self.fake {
            cmd.envs(f.env());
        }
        cmd.envs(self.extra_env.clone());
        cmd.args(args).output().expect("run mkt")
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{}: exit {:?}: {}",
            self.name(),
            out.status.code(),
            stderr_of(&out)
        );
        stdout_of(&out)
    }

    pub fn json<I, S>(&self, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut a: Vec<std::ffi::OsString> =
            args.into_iter().map(|s| s.as_ref().to_owned()).collect();
        a.push("--json".into());
        serde_json::from_str(&self.ok(a)).expect("one JSON document")
    }

    /// `--json` output of a command expected to exit with `code`.
    pub fn json_status<I, S>(&self, args: I, code: i32) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut a: Vec<std::ffi::OsString> =
            args.into_iter().map(|s| s.as_ref().to_owned()).collect();
        a.push("--json".into());
        let out = self.run(a);
        assert_eq!(out.status.code(), Some(code), "{}", stderr_of(&out));
        serde_json::from_slice(&out.stdout).expect("one JSON document")
    }

    /// Rows of a query, straight from the database (not through mkt).
    pub fn rows(&self, sql: &str) -> Vec<Row> {
        match &self.fake {
            Some(f) => f.d1_query(sql),
            None => {
                let conn = rusqlite::Connection::open(self.sb.local_db()).expect("local db");
                let mut stmt = conn.prepare(sql).expect("prepare");
                let cols: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
                let mut rows = stmt.query([]).expect("query");
                let mut out = Vec::new();
                while let Some(r) = rows.next().expect("row") {
                    let mut m = Row::new();
                    for (i, c) in cols.iter().enumerate() {
                        let v = match r.get_ref(i).unwrap() {
                            rusqlite::types::ValueRef::Null => Value::Null,
                            rusqlite::types::ValueRef::Integer(n) => Value::from(n),
                            rusqlite::types::ValueRef::Real(f) => Value::from(f),
                            rusqlite::types::ValueRef::Text(t) => {
                                Value::String(String::from_utf8_lossy(t).into_owned())
                            }
                            rusqlite::types::ValueRef::Blob(b) => {
                                Value::String(String::from_utf8_lossy(b).into_owned())
                            }
                        };
                        m.insert(c.clone(), v);
                    }
                    out.push(m);
                }
                out
            }
        }
    }

    pub fn exec(&self, sql: &str) {
        match &self.fake {
            Some(f) => f.d1_exec(sql),
            None => {
                let conn = rusqlite::Connection::open(self.sb.local_db()).expect("local db");
                conn.execute_batch(sql).expect("exec");
            }
        }
    }

    /// D1 requests that write (always 0 on the local store, which has no request log).
    pub fn write_requests(&self) -> usize {
        self.fake
            .as_ref()
            .map_or(0, |f| f.mutating_requests().len())
    }

    /// Adds a review and returns its id.
    pub fn add(&self, tt: &str, id: &str, rating: u8, name: &str) -> String {
        let r = rating.to_string();
        self.ok([
            "-q",
            "reviews",
            "add",
            "--type",
            tt,
            "--id",
            id,
            "--rating",
            &r,
            "--title",
            "A title",
            "--body",
            "A body",
            "--display-name",
            name,
        ])
        .trim()
        .to_string()
    }

    pub fn snapshot(&self) -> (Vec<Row>, Vec<Row>) {
        (
            self.rows("SELECT * FROM reviews ORDER BY id"),
            self.rows("SELECT * FROM review_aggregates ORDER BY target_type, target_id"),
        )
    }
}

pub fn is_ms_utc(s: &str) -> bool {
    s.len() == 24
        && s.ends_with('Z')
        && s.as_bytes()[19] == b'.'
        && chrono::DateTime::parse_from_rfc3339(s).is_ok()
}
