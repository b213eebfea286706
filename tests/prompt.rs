//! On a terminal, `--apply` asks first and the default is No. Runs mkt under a pseudo-terminal
//! (util-linux `script`), typing the answer.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use support::Sandbox;

/// Runs `mkt ARGS` on a pseudo-terminal in the sandbox, typing `keys`; returns the exit code.
fn on_terminal(sb: &Sandbox, args: &str, keys: &str) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin("mkt");
    let mut child = Command::new("script")
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .env_clear()
        .current_dir(sb.path())
        .env("HOME", sb.path().join("home"))
        .env("MKT_CONFIG_DIR", sb.path().join("config"))
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs mkt on a pseudo-terminal");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(keys.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn index_len(sb: &Sandbox) -> usize {
    let out = sb.run(["skills", "list", "--source", "index", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["count"].as_u64().unwrap() as usize
}

#[test]
fn apply_asks_on_a_terminal_and_only_yes_writes() {
    let sb = Sandbox::new();
    let seeded = sb.run(["-q", "seed", "--skills", "20", "--scenario", "skill-loss"]);
    assert_eq!(seeded.status.code(), Some(0));
    assert_eq!(index_len(&sb), 3);

    // "n" and a bare Enter (the default) both refuse with exit 5 and write nothing.
    for keys in ["n", "\n"] {
        let (code, screen) = on_terminal(&sb, "rebuild-index --apply", keys);
        assert_eq!(code, 5, "{keys:?}: {screen}");
        assert!(screen.contains("[y/N]"), "{screen}");
        assert!(screen.contains("aborted; nothing was written"), "{screen}");
        assert_eq!(index_len(&sb), 3, "{keys:?} must not write");
    }

    let (code, screen) = on_terminal(&sb, "rebuild-index --apply", "y");
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("verified:"), "{screen}");
    assert_eq!(index_len(&sb), 20);
}
