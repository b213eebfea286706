//! What an operator sees when the Worker or the settings go wrong, through the binary: one line
//! each, the right exit code, and no secret anywhere (keys, tokens, a password in the URL).

use std::time::Duration;

use serde_json::Value;

use crate::fake_worker::{FakeWorker, Fault, Shape, INTERNAL_KEY};
use crate::support::{stderr_of, stdout_of, Sandbox};

const ADD: [&str; 13] = [
    "reviews",
    "add",
    "--type",
    "skill",
    "--id",
    "alpha",
    "--rating",
    "5",
    "--title",
    "Good",
    "--body",
    "Works",
    "--display-name",
];

fn started(shape: Shape) -> (tempfile::TempDir, FakeWorker) {
    let dir = tempfile::tempdir().unwrap();
    let w = FakeWorker::start(&dir.path().join("w.sqlite"), shape);
    (dir, w)
}

fn error_lines(out: &std::process::Output) -> Vec<String> {
    stderr_of(out)
        .lines()
        .filter(|l| l.starts_with("error:"))
        .map(str::to_string)
        .collect()
}

/// `https://user:password@host` is a secret too: never in the target line, errors, -v, config
/// show or sync config — while the requests still go to the URL as given.
#[test]
fn a_password_in_the_api_url_is_never_printed() {
    const PASSWORD: &str = "hunter2-worker-pass";
    let sb = Sandbox::new();
    let (_dir, w) = started(Shape::WRAPPED);
    let with_password = w
        .url()
        .replace("http://", &format!("http://ops:{PASSWORD}@"));
    let mkt = |url: &str, args: &[&str]| {
        sb.mkt()
            .envs(w.env())
            .env("MKT_API_URL", url)
            .args(args)
            .output()
            .unwrap()
    };
    let everything = |out: &std::process::Output| format!("{}{}", stdout_of(out), stderr_of(out));

    let out = mkt(
        &with_password,
        &["--target", "api", "-v", "reviews", "list"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(!everything(&out).contains(PASSWORD), "{}", everything(&out));
    assert!(
        stderr_of(&out).contains("target: marketplace Worker API http://ops:<redacted>@127.0.0.1"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(w.count("GET", "/reviews"), 1, "the request still went out");

    // Unreachable: the error quotes the URL, redacted.
    let closed = format!("http://ops:{PASSWORD}@127.0.0.1:9");
    let out = mkt(&closed, &["--target", "api", "reviews", "list"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    assert_eq!(error_lines(&out).len(), 1, "{}", stderr_of(&out));
    assert!(error_lines(&out)[0]
        .contains("cannot reach the Worker at http://ops:<redacted>@127.0.0.1:9"));
    assert!(!everything(&out).contains(PASSWORD), "{}", everything(&out));

    for args in [
        &["--target", "api", "config", "show"][..],
        &["--target", "api", "config", "show", "--json"],
        &["sync", "config"],
        &["sync", "config", "--json"],
        &["--target", "api", "doctor"],
    ] {
        let out = mkt(&closed, args);
        assert!(
            !everything(&out).contains(PASSWORD),
            "{args:?}: {}",
            everything(&out)
        );
        assert!(
            everything(&out).contains("<redacted>"),
            "{args:?}: {}",
            everything(&out)
        );
    }
}

/// Validation errors in the shapes Workers send them: `{error, field}`, `{error: {message,
/// field}}`, `{errors: [{field, message}]}`; each names the field, exit 2, nothing written.
#[test]
fn validation_errors_name_the_field_in_every_shape() {
    let sb = Sandbox::new();
    let (_dir, w) = started(Shape::DATA_CAMEL);
    let bodies = [
        (
            400,
            r#"{"error":"must be at most 80 characters","field":"title"}"#,
            "title: must be at most 80 characters",
        ),
        (
            400,
            r#"{"error":{"message":"too long","field":"body"}}"#,
            "body: too long",
        ),
        (
            422,
            r#"{"errors":[{"field":"rating","message":"must be 1-5"}]}"#,
            "rating: must be 1-5",
        ),
        (
            422,
            r#"{"success":false,"message":"displayName is reserved"}"#,
            "displayName is reserved",
        ),
    ];
    for (status, body, said) in bodies {
        w.inject(
            "POST",
            "/reviews",
            1,
            Fault::Status {
                status,
                content_type: "application/json".into(),
                body: body.into(),
            },
        );
        let out = sb
            .mkt()
            .envs(w.env())
            .args(["--target", "api"])
            .args(ADD)
            .arg("Ann")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{body}: {}", stderr_of(&out));
        let lines = error_lines(&out);
        assert_eq!(
            lines,
            [format!(
                "error: the Worker rejected POST /reviews (HTTP {status}): {said}"
            )],
            "{body}"
        );
        assert!(stdout_of(&out).is_empty());
    }
    assert_eq!(w.query("SELECT COUNT(*) AS n FROM reviews")[0]["n"], 0);
}

/// A create that keeps failing is checked by its client id after every attempt and reports
/// the attempts it made — not the "after 1 attempt" of each single request.
#[test]
fn a_create_that_keeps_failing_says_how_many_attempts_and_that_nothing_was_written() {
    let sb = Sandbox::new();
    let (_dir, w) = started(Shape::BARE);
    w.inject_always("POST", "/reviews", Fault::html(503));
    let out = sb
        .mkt()
        .envs(w.env())
        .args(["--target", "api"])
        .args(ADD)
        .args(["Ann", "--review-id", "r-fixed-1"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{}", stderr_of(&out));
    let line = &lines[0];
    assert!(
        line.contains("review r-fixed-1 is not stored after 3 attempts of POST /reviews, so nothing was written")
            && line.contains("HTTP 503: an HTML page (\u{201c}503 Service Temporarily Unavailable\u{201d})")
            && !line.contains("after 1 attempt"),
        "{line}"
    );
    // Three POSTs, each followed by the lookup of its id.
    assert_eq!(w.count("POST", "/reviews"), 3);
    assert_eq!(w.count("GET", "/reviews/r-fixed-1"), 3);
    assert_eq!(w.query("SELECT COUNT(*) AS n FROM reviews")[0]["n"], 0);

    // A timeout applied on the Worker's side: the lookup finds it, nothing is sent again.
    w.clear_faults();
    w.clear_log();
    w.inject(
        "POST",
        "/reviews",
        1,
        Fault::HangAfterApply(Duration::from_secs(4)),
    );
    let out = sb
        .mkt()
        .envs(w.env())
        .args(["--target", "api"])
        .args(ADD)
        .args(["Ann", "--review-id", "r-fixed-2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out).trim(), "r-fixed-2");
    assert_eq!(w.count("POST", "/reviews"), 1, "never sent twice");
    assert_eq!(w.query("SELECT COUNT(*) AS n FROM reviews")[0]["n"], 1);
}

/// `mkt doctor --target api` says why the Cloudflare rows do not apply — not "the local target".
#[test]
fn doctor_on_the_api_target_names_the_api_target() {
    let sb = Sandbox::new();
    let (_dir, w) = started(Shape::WRAPPED);
    let out = sb
        .mkt()
        .envs(w.env())
        .args(["--target", "api", "doctor", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    for c in doc["checks"].as_array().unwrap() {
        let detail = c["detail"].as_str().unwrap_or("");
        assert!(!detail.contains("local target"), "{c}");
        if c["name"] == "credentials" {
            assert_eq!(c["status"], "skip");
            assert!(detail.contains("the api target"), "{c}");
        }
    }
    let all = format!("{}{}", stdout_of(&out), stderr_of(&out));
    assert!(!all.contains(&INTERNAL_KEY[..8]), "{all}");
}

/// A Worker that echoes the key back — in plain text cut at the excerpt's length, in an HTML
/// title, or in an ingest answer — never gets it printed, not even its first characters; and a
/// large unexpected body is quoted in one short line, not dumped.
#[test]
fn echoed_keys_are_scrubbed_before_any_cut_and_bodies_are_not_dumped() {
    let sb = Sandbox::new();
    let (_dir, w) = started(Shape::WRAPPED);
    let cut = format!("{} {INTERNAL_KEY}", "x".repeat(190));
    let faults = [
        (
            "GET",
            "/reviews",
            Fault::Status {
                status: 500,
                content_type: "text/plain".into(),
                body: cut,
            },
        ),
        (
            "GET",
            "/reviews",
            Fault::Status {
                status: 403,
                content_type: "text/html".into(),
                body: format!(
                    "<html><title>{} key {INTERNAL_KEY} refused</title></html>",
                    "y".repeat(60)
                ),
            },
        ),
    ];
    for (method, path, fault) in faults {
        w.clear_faults();
        w.inject_always(method, path, fault);
        let out = sb
            .mkt()
            .envs(w.env())
            .args(["--target", "api", "-v", "reviews", "list"])
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(0));
        let all = format!("{}{}", stdout_of(&out), stderr_of(&out));
        assert!(!all.contains(&INTERNAL_KEY[..6]), "{all}");
        assert_eq!(error_lines(&out).len(), 1, "{all}");
    }

    // Ingest answering 200 with something that is not `{success, accepted}`.
    w.clear_faults();
    let huge = format!(
        r#"{{"ok":true,"echo":"{INTERNAL_KEY}","log":"{}"}}"#,
        "z".repeat(5000)
    );
    w.inject_always(
        "POST",
        "/ingest",
        Fault::Status {
            status: 200,
            content_type: "application/json".into(),
            body: huge,
        },
    );
    let file = sb.write(
        "reviews.json",
        r#"[{"id":"i1","target_type":"skill","target_id":"a","display_name":"A","rating":3,"title":"t","body":"b","created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"}]"#,
    );
    let out = sb
        .mkt()
        .envs(w.env())
        .env("MKT_SYNC_FILE", &file)
        .args(["sync", "push"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{}", stderr_of(&out));
    assert!(
        lines[0].contains("answered without `accepted`"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].len() < 600,
        "the body was dumped: {} chars",
        lines[0].len()
    );
    assert!(
        !stderr_of(&out).contains(&INTERNAL_KEY[..6]),
        "{}",
        stderr_of(&out)
    );
}

/// `mkt doctor` with an api_url that is not the Worker's base: a path it does not serve, or a
/// web page. The worker row fails naming the URL it tried and how to fix it; exit 1.
#[test]
fn doctor_names_the_url_when_api_url_is_not_the_workers_base() {
    let sb = Sandbox::new();
    let (_dir, w) = started(Shape::WRAPPED);
    let doctor = |url: &str| {
        let out = sb
            .mkt()
            .envs(w.env())
            .env("MKT_API_URL", url)
            .args(["doctor", "--json"])
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", stderr_of(&out)));
        let row = doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "worker")
            .unwrap()
            .clone();
        (out.status.code(), row)
    };
    let under_a_path = format!("{}/api", w.url());
    let (code, row) = doctor(&under_a_path);
    assert_eq!(code, Some(1));
    assert_eq!(row["status"], "fail", "{row}");
    let detail = row["detail"].as_str().unwrap();
    assert!(
        detail.starts_with(&format!("{under_a_path}: ")) && detail.contains("HTTP 405"),
        "{row}"
    );
    assert!(row["fix"].as_str().unwrap().contains("base URL"), "{row}");

    w.inject_always(
        "GET",
        "/reviews",
        Fault::Status {
            status: 200,
            content_type: "text/html".into(),
            body: "<html><title>Marketplace</title></html>".into(),
        },
    );
    let (code, row) = doctor(&w.url());
    assert_eq!(code, Some(1));
    let detail = row["detail"].as_str().unwrap();
    assert!(
        detail.contains("instead of JSON") && detail.contains("\u{201c}Marketplace\u{201d}"),
        "{row}"
    );
}

/// A Worker that answers 429 with `Retry-After`: a short one is waited out and said on stderr
/// (why, for how long, what waits); one longer than `--max-wait` ends the read with exit 4 and
/// one line naming when to run it again, without retrying into it.
#[test]
fn a_workers_retry_after_is_said_and_bounded_by_max_wait() {
    let sb = Sandbox::new();
    let (_dir, w) = started(Shape::BARE);
    w.inject("GET", "/reviews", 1, Fault::too_many(1));
    let out = sb
        .mkt()
        .envs(w.env())
        .args(["--target", "api", "reviews", "list", "--max-wait", "10s"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("waiting "))
        .unwrap_or_else(|| panic!("no waiting line: {err}"));
    assert!(
        line.starts_with("waiting 1 s before retrying GET ")
            && line.contains("/reviews")
            && line.contains("as the server asked after attempt 1 (Retry-After 1 s"),
        "{line}"
    );
    assert!(!line.contains(INTERNAL_KEY), "{line}");
    assert_eq!(
        w.count("GET", "/reviews"),
        2,
        "retried once, after the wait"
    );

    w.clear_log();
    w.inject_always("GET", "/reviews", Fault::too_many(600));
    let out = sb
        .mkt()
        .envs(w.env())
        .env("MKT_MAX_WAIT", "30s")
        .args(["--target", "api", "reviews", "list"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    let lines = error_lines(&out);
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("asked to wait 600 s")
            && lines[0].contains("longer than the 30 s mkt waits")
            && lines[0].contains("run the command again after ")
            && lines[0].contains(" UTC"),
        "{}",
        lines[0]
    );
    assert!(!err.contains("waiting "), "did not wait: {err}");
    assert_eq!(w.count("GET", "/reviews"), 1, "not retried into the wait");
}
