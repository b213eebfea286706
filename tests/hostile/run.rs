//! Running `mkt` as a user would, measuring what a user would notice: exit code, stdout, stderr,
//! the files it left, and the process's peak memory (its own max RSS, from `wait4`).

use serde_json::{json, Value};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{Sandbox, CLOSED_BASE_URL};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// Peak resident memory of the mkt process, in MiB.
    pub peak_mib: u64,
}

/// `mkt ARGS` in the sandbox with a cleared environment plus `env`; its cache directory is the
/// sandbox's too (`XDG_CACHE_HOME`), so every file it writes is looked at.
///
/// The peak memory must be mkt's own. A process's max RSS carries over from the process it was
/// forked from (Linux counts the copied pages), and this test process is large; so mkt is
/// started by a small helper — this test binary run afresh as [`measured_child`] — which
/// reports mkt's `wait4` usage.
pub fn mkt(sb: &Sandbox, env: &[(String, String)], args: &[&str]) -> Run {
    let bin = std::env::var("MKT_HOSTILE_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| assert_cmd::cargo::cargo_bin("mkt"));
    let mut all_env: Vec<(String, String)> = vec![
        ("HOME".into(), sb.path().join("home").display().to_string()),
        (
            "XDG_CACHE_HOME".into(),
            sb.path().join("cache").display().to_string(),
        ),
        (
            "MKT_CONFIG_DIR".into(),
            sb.path().join("config").display().to_string(),
        ),
        ("CLOUDFLARE_API_BASE_URL".into(), CLOSED_BASE_URL.into()),
        ("NO_COLOR".into(), "1".into()),
        ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
    ];
    all_env.extend(env.iter().cloned());
    let out = tempfile::tempdir().unwrap();
    let spec = json!({
        "bin": bin,
        "cwd": sb.path(),
        "env": all_env,
        "args": args,
        "out": out.path(),
    });
    let helper = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "run::measured_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("MKT_MEASURE_SPEC", spec.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("start the measuring helper");
    assert!(helper.success(), "the measuring helper failed");
    let read = |name: &str| std::fs::read_to_string(out.path().join(name)).unwrap_or_default();
    let numbers: Vec<i64> = read("status")
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    Run {
        code: numbers[0] as i32,
        stdout: read("stdout"),
        stderr: read("stderr"),
        peak_mib: numbers[1] as u64 / 1024,
    }
}

/// The helper (does nothing in a normal test run): starts mkt as the spec says, its output into
/// files, and writes its exit code and peak RSS (KiB) from `wait4`.
#[test]
fn measured_child() {
    let Ok(spec) = std::env::var("MKT_MEASURE_SPEC") else {
        return;
    };
    let spec: Value = serde_json::from_str(&spec).unwrap();
    let text = |k: &str| spec[k].as_str().unwrap().to_string();
    let out = std::path::PathBuf::from(text("out"));
    let mut cmd = Command::new(text("bin"));
    cmd.env_clear().current_dir(text("cwd"));
    for pair in spec["env"].as_array().unwrap() {
        cmd.env(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    }
    for a in spec["args"].as_array().unwrap() {
        cmd.arg(a.as_str().unwrap());
    }
    let child = cmd
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(out.join("stdout")).unwrap())
        .stderr(std::fs::File::create(out.join("stderr")).unwrap())
        .spawn()
        .expect("start mkt");
    // Reaped here by wait4: dropping `child` afterwards neither waits nor kills.
    let (status, usage) = wait4(child.id() as libc::pid_t);
    drop(child);
    let code = status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
    std::fs::write(out.join("status"), format!("{code} {}", usage.ru_maxrss)).unwrap();
}

/// Waits for one child and returns its exit status and its own resource usage (peak RSS in KiB
/// on Linux), not that of every child this process ever had.
fn wait4(pid: libc::pid_t) -> (std::process::ExitStatus, libc::rusage) {
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value, filled in by wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: a plain syscall on our own child, with pointers to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        assert!(
            std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted,
            "wait4 failed"
        );
    }
    (std::process::ExitStatus::from_raw(status), usage)
}

/// Every run of 6 characters of `secret` (a server may echo a truncated one).
fn pieces(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 6 {
        return vec![secret.to_string()];
    }
    chars.windows(6).map(|w| w.iter().collect()).collect()
}

/// The first piece of a secret found in `text`, if any.
pub fn leak<'a>(text: &str, secrets: &'a [&'a str]) -> Option<String> {
    secrets
        .iter()
        .flat_map(|s| pieces(s))
        .find(|p| text.contains(p.as_str()))
}

/// Asserts no secret, nor a 6-character piece of one, is in stdout, stderr or any file under
/// the sandbox (`.mkt/`, the cache directory, the config directory).
pub fn assert_no_leak(sb: &Sandbox, run: &Run, secrets: &[&str], case: &str) {
    if let Some(p) = leak(&run.stdout, secrets) {
        panic!("{case}: {p:?} on stdout:\n{}", run.stdout);
    }
    if let Some(p) = leak(&run.stderr, secrets) {
        panic!("{case}: {p:?} on stderr:\n{}", run.stderr);
    }
    let mut files = Vec::new();
    walk(sb.path(), &mut files);
    for f in files {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap_or_default()).into_owned();
        if let Some(p) = leak(&text, secrets) {
            panic!("{case}: {p:?} in {}", f.display());
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}
