//! Ctrl-C ends a command with exit 130 (and nothing on stdout that claims a result).

mod support;

use std::process::Stdio;
use std::time::Duration;

use support::fake_cf::FakeCloudflare;
use support::Sandbox;

#[test]
fn sigint_exits_130() {
    let fake = FakeCloudflare::start();
    // Every request hangs long enough for the signal to land mid-read.
    fake.set_latency(Duration::from_secs(30));
    let sb = Sandbox::new();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("mkt"));
    cmd.env_clear()
        .current_dir(sb.path())
        .env("HOME", sb.path().join("home"))
        .env("MKT_CONFIG_DIR", sb.path().join("config"))
        .envs(fake.env())
        .args(["health", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    // Wait until mkt has sent its first request, so the signal handler is installed.
    for _ in 0..200 {
        if fake.request_count() > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    assert!(fake.request_count() > 0, "mkt never reached the server");
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(
        out.stdout.is_empty(),
        "no report on stdout after an interrupt"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: interrupted"));
}
