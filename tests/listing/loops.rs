//! Answers that cannot be a correct listing end it as incomplete (exit 4), with one line naming
//! the endpoint and what happened, within a bounded number of requests: the same cursor forever,
//! cursors going round (C1 → C2 → C1), a page whose keys do not increase, an empty or whitespace
//! 2xx body — for `skills list`, `health` and the repairs.

use super::support::fake_cf::{FakeCloudflare, Fault};
use super::support::{stderr_of, Sandbox};

fn page(keys: &[&str], cursor: &str) -> Fault {
    let result: Vec<serde_json::Value> = keys
        .iter()
        .map(|k| serde_json::json!({ "name": k }))
        .collect();
    Fault::status(200).body(
        &serde_json::json!({"success": true, "errors": [], "messages": [], "result": result,
            "result_info": {"count": keys.len(), "cursor": cursor}})
        .to_string(),
    )
}

/// A broken listing scripted on every `GET …/keys?prefix=skill:`: the pages once, then the last
/// forever.
fn scripted(script: &[Fault]) -> FakeCloudflare {
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&["alpha".to_string(), "beta".to_string()]);
    let (last, first) = script.split_last().unwrap();
    let skills = ("prefix", "skill:");
    for f in first {
        fake.inject_with_query("GET", "/keys", skills, Some(1), f.clone());
    }
    fake.inject_with_query("GET", "/keys", skills, None, last.clone());
    fake
}

const COMMANDS: &[&[&str]] = &[
    &["skills", "list", "--source", "kv"],
    &["health"],
    &["index", "rebuild"],
    &["rebuild-index", "--apply", "--yes"],
    &["backfill", "skills", "--apply", "--yes"],
];

fn assert_broken(script: &[Fault], what: &str) {
    for args in COMMANDS {
        let fake = scripted(script);
        let sb = Sandbox::new();
        let out = sb
            .mkt()
            .envs(fake.env())
            .args(["--target", "cloudflare"])
            .args(*args)
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(4), "{what}: {args:?}: {err}");
        let line = err
            .lines()
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("{what}: {args:?}: no line says so: {err}"));
        assert!(
            line.contains("/storage/kv/namespaces/") && line.contains("/keys"),
            "{args:?}: the line names the endpoint: {line}"
        );
        // Bounded: the listing stops within a few pages.
        let lists = fake
            .matching("GET", "/keys")
            .iter()
            .filter(|r| r.query_value("prefix") == Some("skill:"))
            .count();
        assert!(lists <= 4, "{what}: {args:?}: {lists} list requests");
        assert!(fake.mutating_requests().is_empty(), "{args:?} wrote");
    }
}

#[test]
fn the_same_cursor_forever_is_an_error() {
    assert_broken(&[page(&[], "C1")], "answered cursor \"C1\" a second time");
}

#[test]
fn cursors_going_round_are_an_error() {
    assert_broken(
        &[page(&[], "C1"), page(&[], "C2"), page(&[], "C1")],
        "answered cursor \"C1\" a second time",
    );
}

#[test]
fn a_page_whose_keys_do_not_increase_is_an_error() {
    // Within a page, and across pages (the second page starts before the first one ended).
    assert_broken(
        &[page(&["skill:b", "skill:a"], "")],
        "keys must come in increasing order",
    );
    assert_broken(
        &[page(&["skill:a", "skill:c"], "C1"), page(&["skill:b"], "")],
        "keys must come in increasing order",
    );
}

#[test]
fn an_empty_or_whitespace_body_is_an_error() {
    for body in ["", " \n\t "] {
        assert_broken(&[Fault::status(200).body(body)], "with an empty body");
    }
}
