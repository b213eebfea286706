//! Shared test helpers: a hermetic `mkt` command in a fresh working directory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A Cloudflare base URL nothing answers: port 1 on loopback (below the ephemeral range every
/// test server binds in, and unused by any service).
pub const CLOSED_BASE_URL: &str = "http://127.0.0.1:1/client/v4";

/// A scratch working directory with its own HOME and config dir; nothing from the real user leaks in.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `mkt` with a cleared environment, run in the sandbox. A test that sets a token without a
    /// base URL reaches a closed loopback port, never the real API (`fake.env()` overrides it).
    pub fn mkt(&self) -> Command {
        let mut cmd = Command::cargo_bin("mkt").expect("mkt binary");
        cmd.env_clear()
            .current_dir(self.path())
            .env("HOME", self.path().join("home"))
            .env("MKT_CONFIG_DIR", self.path().join("config"))
            .env("CLOUDFLARE_API_BASE_URL", CLOSED_BASE_URL)
            .env("NO_COLOR", "1")
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd
    }

    /// Runs `mkt ARGS` hermetically and returns its output (exit code, stdout, stderr).
    pub fn run<I, S>(&self, args: I) -> std::process::Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.mkt().args(args).output().expect("run mkt")
    }

    pub fn write(&self, rel: &str, contents: &str) -> PathBuf {
        let p = self.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }

    pub fn local_db(&self) -> PathBuf {
        self.path().join(".mkt/local.sqlite")
    }
}

/// stdout of an assert as a String.
pub fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
pub mod catalog;
pub mod daemon;
pub mod fake_cf;
pub mod pg_tls;
