//! mkt: the operator's tool for a marketplace whose data lives on Cloudflare.
//! `main.rs` only calls [`run`]; commands are thin adapters over the library modules.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod doctor;
pub mod drift;
pub mod durable;
pub mod error;
pub mod exit;
pub mod health;
pub mod http;
pub mod interrupt;
pub mod json_unique;
pub mod keys;
pub mod model;
pub mod output;
pub mod owner_only;
pub mod redact;
pub mod repair;
pub mod reviews;
pub mod schema;
pub mod seed;
pub mod skills;
pub mod sources;
pub mod store;
pub mod sync;
pub mod target;
pub mod worker;

use std::process::ExitCode;

use clap::Parser;

use crate::exit::ExitStatus;

/// Parses the command line, runs the command and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                ExitStatus::Usage.code()
            } else {
                0
            });
        }
    };
    limit_malloc_arenas();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let printer = commands::printer_for(&cli.global);
            printer.error(format!("cannot start the async runtime: {e}"));
            return ExitCode::from(ExitStatus::Error.code());
        }
    };
    let printer = commands::printer_for(&cli.global);
    let status = runtime.block_on(async {
        // Signals are listened for on the runtime's own threads, so they are seen even while the
        // command's future is busy.
        let (first_tx, first_rx) = tokio::sync::oneshot::channel::<()>();
        let (second_tx, second_rx) = tokio::sync::oneshot::channel::<()>();
        let listener = tokio::spawn(async move {
            interrupt::signal().await;
            interrupt::request();
            let _ = first_tx.send(());
            interrupt::signal().await;
            let _ = second_tx.send(());
        });
        let command = commands::dispatch(cli);
        tokio::pin!(command);
        let status = tokio::select! {
            status = &mut command => status,
            _ = first_rx => {
                // Give the command until GRACE to stop at a safe point and say what it wrote.
                tokio::select! {
                    status = &mut command => status,
                    _ = tokio::time::sleep(interrupt::GRACE) => {
                        printer.error("interrupted");
                        ExitStatus::Interrupted
                    }
                    _ = second_rx => {
                        printer.error("interrupted");
                        ExitStatus::Interrupted
                    }
                }
            }
        };
        listener.abort();
        status
    });
    ExitCode::from(status.code())
}

/// Why: glibc gives each thread that allocates its own arena (up to 8 per core), and memory freed
/// in one is not reused by another. `health` on 1,000,000 local skills builds its key sets on the
/// blocking pool's threads and frees the pages it read them from there, so peak RSS swung from
/// 290 to 336 MB between identical runs (heap peak ~210 MB); with one arena it is steady. The
/// command is I/O-bound and small allocations are served from per-thread caches without the
/// arena lock, so one arena costs no measurable time. An operator's MALLOC_ARENA_MAX wins.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; called before any other thread exists.
        unsafe { libc::mallopt(libc::M_ARENA_MAX, 1) };
    }
}
