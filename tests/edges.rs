//! Operator edges (issue 11): what a user or a cron job notices at the margins — full disks,
//! closed pipes, terminals without a width, empty gates, foreign or read-only stores, config
//! mistakes, Ctrl-C. Every test runs the real binary and checks exit code, stderr and state.

mod support;

#[path = "edges/cli_input.rs"]
mod cli_input;
#[path = "edges/config.rs"]
mod config;
#[path = "edges/health.rs"]
mod health;
#[path = "edges/hostile.rs"]
mod hostile;
#[path = "edges/limits.rs"]
mod limits;
#[path = "edges/local_store.rs"]
mod local_store;
#[path = "edges/markdown.rs"]
mod markdown;
#[path = "edges/output.rs"]
mod output;
#[path = "edges/signals.rs"]
mod signals;

use support::Sandbox;

/// A local store seeded with the skill-loss incident (drift in several kinds).
pub fn seeded(skills: &str) -> Sandbox {
    let sb = Sandbox::new();
    let out = sb.run([
        "-q",
        "seed",
        "--skills",
        skills,
        "--reviews",
        "0",
        "--scenario",
        "skill-loss",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    sb
}

/// `mkt ARGS` started in the sandbox (the environment of `Sandbox::mkt`) with its output piped, for tests that
/// signal it or run several at once.
pub fn spawn<K, V>(sb: &Sandbox, envs: &[(K, V)], args: &[&str]) -> std::process::Child
where
    K: AsRef<std::ffi::OsStr>,
    V: AsRef<std::ffi::OsStr>,
{
    std::process::Command::new(assert_cmd::cargo::cargo_bin("mkt"))
        .env_clear()
        .current_dir(sb.path())
        .env("HOME", sb.path().join("home"))
        .env("MKT_CONFIG_DIR", sb.path().join("config"))
        .env("CLOUDFLARE_API_BASE_URL", support::CLOSED_BASE_URL)
        .env("NO_COLOR", "1")
        .envs(envs.iter().map(|(k, v)| (k, v)))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Every file under the sandbox's `.mkt/` (journals, backups, the store), relative.
pub fn state_files(sb: &Sandbox) -> Vec<String> {
    fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, base, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(&sb.path().join(".mkt"), sb.path(), &mut out);
    out.sort();
    out
}
