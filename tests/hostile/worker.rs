//! The Worker API target before a hostile front: the internal key and a URL password echoed
//! back, raw bodies quoted, redirects, endless and over-long pages, plain http.

use serde_json::json;

use crate::fake_worker::{FakeWorker, Shape, INTERNAL_KEY};
use crate::front::{Act, Front, Recorder, Rule};
use crate::run::{assert_no_leak, mkt, Run};
use crate::support::Sandbox;

const URL_PASSWORD: &str = "urlPASS0rd9876";

struct Setup {
    _dir: tempfile::TempDir,
    worker: FakeWorker,
}

fn worker() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let worker = FakeWorker::start(&dir.path().join("worker.sqlite"), Shape::BARE);
    Setup { _dir: dir, worker }
}

fn front(s: &Setup, rules: Vec<Rule>, recorder: Option<&Recorder>) -> Front {
    Front::start(&s.worker.url(), rules, recorder)
}

/// The Worker's environment through `front`, with a password in the URL.
fn env_through(s: &Setup, front: &Front) -> Vec<(String, String)> {
    let mut env = s.worker.env();
    for (k, v) in env.iter_mut() {
        if k == "MKT_API_URL" {
            *v = front
                .url()
                .replace("http://", &format!("http://ops:{URL_PASSWORD}@"));
        }
    }
    env.push(("MKT_MAX_RETRIES".into(), "1".into()));
    env
}

fn rule(method: Option<&'static str>, path_contains: &str, act: Act) -> Rule {
    Rule {
        method,
        path_contains: path_contains.into(),
        act,
    }
}

fn echo(status: u16, body: &str) -> Act {
    Act::Echo {
        status,
        content_type: "application/json",
        body: body.into(),
    }
}

const SECRETS: [&str; 2] = [INTERNAL_KEY, URL_PASSWORD];

fn api(sb: &Sandbox, env: &[(String, String)], args: &[&str]) -> Run {
    let mut all = vec!["--target", "api"];
    all.extend_from_slice(args);
    mkt(sb, env, &all)
}

#[test]
fn raw_bodies_quoted_in_errors_are_scrubbed() {
    let s = worker();
    let cases: Vec<(&str, Rule, &[&str], i32)> = vec![
        (
            "summary without counts",
            rule(
                Some("GET"),
                "/reviews/summary",
                echo(200, r#"{"note": "you sent {key} and {basic}"}"#),
            ),
            &["reviews", "summary", "--type", "skill", "--id", "alpha"],
            1,
        ),
        (
            "a 200 that is no review",
            rule(
                Some("GET"),
                "/reviews/r1",
                echo(
                    200,
                    r#"{"id": "r1", "target_type": "skill", "echo": "{key} {basic}"}"#,
                ),
            ),
            &["reviews", "get", "r1"],
            1,
        ),
        (
            "a 401 naming the key",
            rule(
                Some("GET"),
                "/reviews",
                echo(
                    401,
                    r#"{"error": "key {key} is not allowed (first ten: {key10})"}"#,
                ),
            ),
            &["reviews", "list"],
            4,
        ),
        (
            "a 500 with the header map",
            rule(
                Some("GET"),
                "/reviews",
                Act::Echo {
                    status: 500,
                    content_type: "text/plain",
                    body: "failed; headers:\n{headers}".into(),
                },
            ),
            &["-v", "reviews", "list"],
            4,
        ),
        (
            "a refused rebuild echoing the key",
            rule(
                Some("POST"),
                "/rebuild-index",
                echo(200, r#"{"ok": false, "error": "key {key} not allowed"}"#),
            ),
            &["index", "rebuild", "--via", "api", "--apply", "--yes"],
            1,
        ),
        (
            "a rebuild answer with none of seed 001's fields",
            rule(
                Some("POST"),
                "/rebuild-index",
                echo(200, r#"{"echo": "{key10}"}"#),
            ),
            &["index", "rebuild", "--via", "api", "--apply", "--yes"],
            1,
        ),
    ];
    for (case, rule, args, code) in cases {
        let front = front(&s, vec![rule], None);
        let env = env_through(&s, &front);
        let sb = Sandbox::new();
        let run = api(&sb, &env, args);
        assert_eq!(run.code, code, "{case}: {}\n{}", run.stdout, run.stderr);
        assert_no_leak(&sb, &run, &SECRETS, case);
    }
}

#[test]
fn the_url_password_is_never_shown() {
    let s = worker();
    let front = front(&s, vec![], None);
    let env = env_through(&s, &front);
    let sb = Sandbox::new();
    for args in [
        &["-v", "reviews", "list"][..],
        &["config", "show"],
        &["doctor", "--json"],
    ] {
        let run = api(&sb, &env, args);
        assert_no_leak(&sb, &run, &SECRETS, &format!("{args:?}"));
    }
}

#[test]
fn a_redirected_write_goes_nowhere_and_is_never_an_answer() {
    let s = worker();
    let other = Recorder::start();
    let redirect = Act::Redirect {
        status: 307,
        location: "{host2}/api/v1/admin/rebuild-index".into(),
    };
    let front = front(
        &s,
        vec![rule(None, "/api/v1/admin", redirect)],
        Some(&other),
    );
    let env = env_through(&s, &front);
    let sb = Sandbox::new();
    let run = api(
        &sb,
        &env,
        &["index", "rebuild", "--via", "api", "--apply", "--yes"],
    );
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("a redirect to http://127.0.0.2:")
            && run.stderr.contains("/api/v1/admin/rebuild-index"),
        "{}",
        run.stderr
    );
    assert!(other.seen().is_empty(), "{:?}", other.seen());
    assert_no_leak(&sb, &run, &SECRETS, "redirect");
}

#[test]
fn endless_and_over_long_pages_of_reviews_stop() {
    let s = worker();
    let review = |i: usize| {
        json!({"id": format!("r{i}"), "target_type": "skill", "target_id": "alpha",
               "display_name": "Ann", "rating": 4, "title": "t", "body": "b",
               "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"})
    };
    let long_page = json!((0..150).map(review).collect::<Vec<_>>()).to_string();
    let cases: Vec<(&str, Act, &str)> = vec![
        (
            "endless",
            Act::Endless,
            "more than 16 MiB, the most a page of reviews may hold",
        ),
        (
            "150 reviews for limit=50",
            Act::Body {
                content_type: "application/json",
                body: long_page,
            },
            "returned 150 reviews for limit=50",
        ),
    ];
    for (case, act, says) in cases {
        let front = front(&s, vec![rule(Some("GET"), "/reviews", act)], None);
        let env = env_through(&s, &front);
        let sb = Sandbox::new();
        let run = api(&sb, &env, &["reviews", "list"]);
        assert_eq!(run.code, 4, "{case}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{case}: {}", run.stderr);
        assert!(run.peak_mib < 120, "{case}: peak {} MiB", run.peak_mib);
        assert_no_leak(&sb, &run, &SECRETS, case);
    }
}

#[test]
fn plain_http_to_another_machine_carries_no_credential_unless_allowed() {
    let s = worker();
    let front = front(&s, vec![], None);
    // 0.0.0.0 reaches this machine on Linux, but it is not a loopback name mkt trusts: it stands
    // for a host across the network without leaving loopback.
    let url = format!("http://0.0.0.0:{}", front.addr.port());
    let mut env = s.worker.env();
    env.retain(|(k, _)| k != "MKT_API_URL");
    env.push(("MKT_API_URL".into(), url));
    let sb = Sandbox::new();
    let refused = api(&sb, &env, &["reviews", "list"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("plain http:// to another machine")
            && refused.stderr.contains("--allow-insecure-http"),
        "{}",
        refused.stderr
    );
    assert!(s.worker.requests().is_empty(), "a request was sent");
    let allowed = api(&sb, &env, &["--allow-insecure-http", "reviews", "list"]);
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
    env.push(("MKT_ALLOW_INSECURE_HTTP".into(), "1".into()));
    let allowed = api(&sb, &env, &["reviews", "list"]);
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
}
