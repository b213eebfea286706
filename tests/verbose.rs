//! `-v` describes API requests and retries on stderr, and never the token.

mod support;

use support::fake_cf::{FakeCloudflare, Fault};
use support::{stderr_of, Sandbox};

#[test]
fn verbose_shows_requests_and_retries_but_not_the_token() {
    let fake = FakeCloudflare::start();
    fake.kv_put("skill:alpha", r#"{"name":"alpha"}"#);
    fake.inject("GET", "/keys", 1, Fault::status(503));
    let sb = Sandbox::new();
    let out = sb
        .mkt()
        .envs(fake.env())
        .args(["-v", "skills", "list"])
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("debug: retrying GET"), "{stderr}");
    assert!(stderr.contains("/keys -> 200"), "{stderr}");
    assert!(!stderr.contains(&fake.token()), "token leaked: {stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("alpha"));

    // Without -v there is no request chatter.
    let quiet = sb
        .mkt()
        .envs(fake.env())
        .args(["skills", "list"])
        .output()
        .unwrap();
    assert!(
        !stderr_of(&quiet).contains("debug:"),
        "{}",
        stderr_of(&quiet)
    );
}
