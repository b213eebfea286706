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
