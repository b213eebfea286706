//! The Cloudflare target (and `doctor`) before a hostile front.

use serde_json::json;

use crate::front::{Act, Front, Recorder, Rule};
use crate::run::{assert_no_leak, mkt, Run};
use crate::support::fake_cf::FakeCloudflare;
use crate::support::Sandbox;

const TOKEN: &str = "tokSECRETcf0123456789abcdefABCDEF";

/// A fake holding a small catalog: 30 skills, the index, the durable table.
fn fake() -> FakeCloudflare {
    let fake = FakeCloudflare::start();
    fake.set_token(TOKEN);
    fake.d1_exec(&mkt::schema::skills_table_sql("skills"));
    fake.kv_put_many((0..30).map(|i| {
        (
            format!("skill:s{i:02}"),
            json!({"name": format!("s{i:02}"), "displayName": format!("S{i}")}).to_string(),
        )
    }));
    let slugs: Vec<String> = (0..30).map(|i| format!("s{i:02}")).collect();
    fake.kv_put("skills:published-index", &json!(slugs).to_string());
    fake
}

/// The fake's environment, pointed at a front before it with `rules`; one retry, short waits.
fn env_through(fake: &FakeCloudflare, front: &Front) -> Vec<(String, String)> {
    let mut env = fake.env();
    for (k, v) in env.iter_mut() {
        if k == "CLOUDFLARE_API_BASE_URL" {
            *v = format!("{}/client/v4", front.url());
        }
    }
    env.push(("MKT_MAX_RETRIES".into(), "1".into()));
    env
}

fn front(fake: &FakeCloudflare, rules: Vec<Rule>, recorder: Option<&Recorder>) -> Front {
    Front::start(&format!("http://{}", fake.addr()), rules, recorder)
}

fn rule(method: Option<&'static str>, path_contains: &str, act: Act) -> Rule {
    Rule {
        method,
        path_contains: path_contains.into(),
        act,
    }
}

fn echo(status: u16, content_type: &'static str, body: &str) -> Act {
    Act::Echo {
        status,
        content_type,
        body: body.into(),
    }
}

fn health(sb: &Sandbox, env: &[(String, String)]) -> Run {
    mkt(sb, env, &["--target", "cloudflare", "health"])
}

#[test]
fn a_token_echoed_in_any_error_shape_never_reaches_the_screen_or_a_file() {
    let fake = fake();
    let envelope = |code: i64, msg: &str| {
        json!({"success": false, "errors": [{"code": code, "message": msg}], "messages": [], "result": null})
            .to_string()
    };
    let cases: Vec<(&str, Vec<Rule>)> = vec![
        (
            "403 envelope",
            vec![rule(
                None,
                "/client/v4",
                echo(
                    403,
                    "application/json",
                    &envelope(10000, "Authentication error: you sent {auth}"),
                ),
            )],
        ),
        (
            "400 envelope",
            vec![rule(
                None,
                "/storage/kv",
                echo(
                    400,
                    "application/json",
                    &envelope(1999, "bad request with header {auth}"),
                ),
            )],
        ),
        (
            "500 text body with the header map",
            vec![rule(
                None,
                "/storage/kv",
                echo(
                    500,
                    "text/plain",
                    "upstream failed; your request headers were:\n{headers}",
                ),
            )],
        ),
        (
            "non-JSON 200",
            vec![rule(
                Some("GET"),
                "/keys",
                echo(200, "text/plain", "OK, {auth} accepted"),
            )],
        ),
        (
            "D1 7500 error",
            vec![rule(
                Some("POST"),
                "/d1/database/",
                echo(
                    400,
                    "application/json",
                    &envelope(7500, "near \"{auth}\": syntax error"),
                ),
            )],
        ),
        (
            "a truncated echo",
            vec![rule(
                None,
                "/client/v4",
                echo(
                    403,
                    "application/json",
                    &envelope(10000, "you sent Bearer {auth10}…"),
                ),
            )],
        ),
    ];
    for (case, rules) in cases {
        let front = front(&fake, rules, None);
        let env = env_through(&fake, &front);
        let sb = Sandbox::new();
        let run = health(&sb, &env);
        assert_eq!(run.code, 4, "{case}: {}", run.stderr);
        assert_no_leak(&sb, &run, &[TOKEN], case);
        let verbose = mkt(
            &sb,
            &env,
            &["--target", "cloudflare", "-v", "health", "--json"],
        );
        assert_eq!(verbose.code, 4, "{case} -v: {}", verbose.stderr);
        assert_no_leak(&sb, &verbose, &[TOKEN], case);
        for args in [&["doctor"][..], &["doctor", "--json"]] {
            let run = mkt(&sb, &env, args);
            assert_ne!(run.code, 0, "{case} {args:?}: {}", run.stdout);
            assert_no_leak(&sb, &run, &[TOKEN], case);
        }
    }
}

#[test]
fn a_redirect_to_another_host_is_an_error_naming_it_and_carries_nothing_there() {
    let fake = fake();
    let other = Recorder::start();
    let redirect = Act::Redirect {
        status: 307,
        location: "{host2}/client/v4/elsewhere".into(),
    };
    let front = front(
        &fake,
        vec![rule(None, "/storage/kv", redirect)],
        Some(&other),
    );
    let env = env_through(&fake, &front);
    let sb = Sandbox::new();
    let run = health(&sb, &env);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("HTTP 307, a redirect to http://127.0.0.2:")
            && run.stderr.contains("mkt follows no redirect"),
        "{}",
        run.stderr
    );
    assert!(other.seen().is_empty(), "{:?}", other.seen());
    // A write is never replayed there either: the repair stops at its first read.
    let run = mkt(
        &sb,
        &env,
        &[
            "--target",
            "cloudflare",
            "index",
            "rebuild",
            "--apply",
            "--yes",
        ],
    );
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(other.seen().is_empty(), "{:?}", other.seen());
    assert_no_leak(&sb, &run, &[TOKEN], "redirect");
}

/// One case of a body mkt must stop reading: exit 4, one line naming the endpoint and the limit,
/// peak memory far below what was sent.
fn stops_reading(case: &str, rules: Vec<Rule>, names: &[&str], max_mib: u64) -> Run {
    stops_reading_in(
        case,
        &["--target", "cloudflare", "health"],
        rules,
        names,
        max_mib,
    )
}

fn stops_reading_in(
    case: &str,
    args: &[&str],
    rules: Vec<Rule>,
    names: &[&str],
    max_mib: u64,
) -> Run {
    let fake = fake();
    let front = front(&fake, rules, None);
    let env = env_through(&fake, &front);
    let sb = Sandbox::new();
    let run = mkt(&sb, &env, args);
    assert_eq!(run.code, 4, "{case}: {}", run.stderr);
    for name in names {
        assert!(
            run.stderr.contains(name),
            "{case}: no {name:?} in\n{}",
            run.stderr
        );
    }
    assert!(
        run.peak_mib < max_mib,
        "{case}: peak {} MiB (at most {max_mib} expected)",
        run.peak_mib
    );
    assert_no_leak(&sb, &run, &[TOKEN], case);
    eprintln!("{case}: exit {}, peak {} MiB", run.code, run.peak_mib);
    run
}

const GIB: u64 = 1 << 30;

#[test]
fn a_gigabyte_listing_page_stops_at_its_limit() {
    for sized in [true, false] {
        let act = Act::Huge {
            total: GIB,
            sized,
            content_type: "application/json",
        };
        stops_reading(
            &format!("1 GiB keys page (content-length given: {sized})"),
            vec![rule(Some("GET"), "/keys", act)],
            &["/keys answered more than 8 MiB", "a KV key listing page"],
            120,
        );
    }
}

#[test]
fn an_endless_stream_stops_at_the_limit() {
    stops_reading(
        "endless keys page",
        vec![rule(Some("GET"), "/keys", Act::Endless)],
        &["more than 8 MiB", "a KV key listing page"],
        120,
    );
}

#[test]
fn a_page_with_more_keys_than_asked_is_a_protocol_error() {
    let page = |n: usize| {
        let keys: Vec<_> = (0..n)
            .map(|i| json!({"name": format!("skill:k{i:07}")}))
            .collect();
        json!({"success": true, "errors": [], "messages": [], "result": keys,
               "result_info": {"count": n, "cursor": ""}})
        .to_string()
    };
    stops_reading(
        "a million keys for limit=1000",
        vec![rule(
            Some("GET"),
            "/keys",
            Act::Body {
                content_type: "application/json",
                body: page(1_000_000),
            },
        )],
        &["more than 8 MiB", "a KV key listing page"],
        120,
    );
    stops_reading(
        "2,000 keys for limit=1000",
        vec![rule(
            Some("GET"),
            "/keys",
            Act::Body {
                content_type: "application/json",
                body: page(2_000),
            },
        )],
        &["returned 2000 keys for limit=1000"],
        120,
    );
}

#[test]
fn a_gigabyte_bulk_get_is_read_in_halves_then_stops_at_the_value_limit() {
    let huge = || Act::Huge {
        total: GIB,
        sized: false,
        content_type: "application/json",
    };
    // --deep reads every record's value: in bulk gets of up to 100.
    stops_reading_in(
        "1 GiB bulk get",
        &["--target", "cloudflare", "health", "--deep"],
        vec![
            rule(Some("POST"), "/bulk/get", huge()),
            // The single GET of one skill's value, where a bulk get ends up.
            rule(Some("GET"), "/values/skill%3A", huge()),
        ],
        &["/values/skill%3As00 answered more than 25 MiB, the most a KV value may hold"],
        150,
    );
}

#[test]
fn the_token_never_travels_over_plain_http_to_another_machine_unless_allowed() {
    let fake = fake();
    let front = front(&fake, vec![], None);
    let mut env = env_through(&fake, &front);
    // 0.0.0.0 reaches this machine on Linux but is no loopback name mkt trusts: it stands for a
    // host across the network without leaving loopback.
    let url = format!("http://0.0.0.0:{}/client/v4", front.addr.port());
    env.retain(|(k, _)| k != "CLOUDFLARE_API_BASE_URL");
    env.push(("CLOUDFLARE_API_BASE_URL".into(), url));
    let sb = Sandbox::new();
    fake.clear_log();
    let refused = health(&sb, &env);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("CLOUDFLARE_API_BASE_URL http://0.0.0.0:")
            && refused.stderr.contains("--allow-insecure-http"),
        "{}",
        refused.stderr
    );
    assert!(fake.requests().is_empty(), "a request was sent");
    // Allowed, it runs: this catalog's KV records have no durable rows, which health reports.
    let allowed = mkt(
        &sb,
        &env,
        &["--allow-insecure-http", "--target", "cloudflare", "health"],
    );
    assert_eq!(allowed.code, 3, "{}", allowed.stderr);
    assert!(!fake.requests().is_empty());
}

#[test]
fn a_password_in_the_base_url_is_never_shown() {
    let fake = fake();
    let front = front(&fake, vec![], None);
    let mut env = env_through(&fake, &front);
    let password = "cfPASSw0rd4242";
    let url = format!("http://ops:{password}@{}/client/v4", front.addr);
    env.retain(|(k, _)| k != "CLOUDFLARE_API_BASE_URL");
    env.push(("CLOUDFLARE_API_BASE_URL".into(), url));
    let sb = Sandbox::new();
    for args in [
        &["config", "show"][..],
        &["-v", "--target", "cloudflare", "health"],
        &["doctor", "--json"],
    ] {
        let run = mkt(&sb, &env, args);
        assert_no_leak(&sb, &run, &[TOKEN, password], &format!("{args:?}"));
    }
}
