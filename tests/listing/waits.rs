//! Waiting for the request budget: the budget is kept per token and API base URL, heals from
//! what the API cannot mean, names its file in every message, and no `Retry-After` value panics.

use super::support::fake_cf::{FakeCloudflare, Fault};
use super::support::{stderr_of, Sandbox};

/// An ordinary empty listing page carrying `header`.
fn empty_page_with(header: (&str, &str)) -> Fault {
    Fault::status(200)
        .body(r#"{"success":true,"errors":[],"messages":[],"result":[],"result_info":{"count":0,"cursor":""}}"#)
        .header(header.0, header.1)
}

fn run(sb: &Sandbox, fake: &FakeCloudflare, args: &[&str]) -> std::process::Output {
    sb.mkt()
        .envs(fake.env())
        .args(["--target", "cloudflare"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_poisoned_ratelimit_from_one_api_does_not_slow_another_and_names_its_file() {
    let poisoned = FakeCloudflare::start();
    let other = FakeCloudflare::start();
    other.set_token(&poisoned.token());
    for fake in [&poisoned, &other] {
        fake.fill_in_sync(&["alpha".to_string()]);
    }
    let sb = Sandbox::new();
    poisoned.inject(
        "GET",
        "/keys",
        1,
        empty_page_with(("ratelimit", "\"default\";r=0;t=1000000000")),
    );
    let out = run(&sb, &poisoned, &["skills", "list", "--source", "kv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));

    // The same token on another API: its own budget, not slowed.
    let out = run(&sb, &other, &["health"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("waiting"), "{}", stderr_of(&out));

    // The poisoned one: blocked for one window at most (not 31 years), the file named.
    poisoned.clear_log();
    let out = run(&sb, &poisoned, &["health"]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("no requests left for another 300 s")
            || err.contains("no requests left for another 299 s"),
        "capped to the 5-minute window: {err}"
    );
    assert!(
        err.contains("budget file ") && err.contains("budget-"),
        "{err}"
    );
    assert!(err.contains("run the command again after"), "{err}");
    assert_eq!(poisoned.request_count(), 0, "nothing sent into the block");
    let files: Vec<_> = std::fs::read_dir(sb.path().join("home/.cache/mkt"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("budget-"))
        .collect();
    assert_eq!(files.len(), 2, "one budget per API base URL");
    for f in files {
        let text = std::fs::read_to_string(f.path()).unwrap();
        assert!(!text.contains(&poisoned.token()), "never the token");
    }
}

#[test]
fn any_retry_after_is_a_wait_never_a_panic() {
    for (name, value) in [
        ("retry-after-ms", "1e30"),
        ("retry-after-ms", "1e300"),
        ("retry-after", "1e30"),
        ("retry-after", "99999999999999999999999"),
    ] {
        let fake = FakeCloudflare::start();
        fake.fill_in_sync(&["alpha".to_string()]);
        fake.inject_always("GET", "/keys", Fault::status(429).header(name, value));
        let sb = Sandbox::new();
        let out = run(&sb, &fake, &["health"]);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(4), "{name}: {value}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("rate limited"), "{name}: {value}: {err}");
    }
}
