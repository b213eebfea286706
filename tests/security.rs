//! Issue 20's non-HTTP items: owner-only files, PostgreSQL TLS exactly as libpq (against a TLS
//! stand-in that records whether a password arrived), and the smaller refusals. Every test runs
//! the real binary and checks the exit code, stdout/stderr and the files left behind.

#[path = "support/fake_worker.rs"]
mod fake_worker;
mod support;

#[path = "security/file_modes.rs"]
mod file_modes;
#[path = "security/pg_tls.rs"]
mod pg_tls;
#[path = "security/smaller.rs"]
mod smaller;
