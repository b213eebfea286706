//! Ctrl-C (SIGINT) and SIGTERM: the first one asks the command to stop at the next safe point —
//! every store operation checks [`check`] before it starts, so a local transaction or a remote
//! request either ran whole or never began — and the command reports what it wrote and how to
//! resume (exit 130). A command that reaches no safe point within [`GRACE`] (a slow request in
//! flight), or a second signal, ends the process at once; repairs journal every batch, so a
//! rerun (or `--resume`) picks up from there.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use tokio::sync::Notify;

/// A stop was asked for (Ctrl-C): the operation was not started. Each layer turns it into its own
/// error (`StoreError::Interrupted`); src/error.rs maps it to exit 130.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// How long a command gets to reach a safe point after the first signal.
pub const GRACE: Duration = Duration::from_secs(1);

static REQUESTED: AtomicBool = AtomicBool::new(false);

fn notify() -> &'static Notify {
    static NOTIFY: OnceLock<Notify> = OnceLock::new();
    NOTIFY.get_or_init(Notify::new)
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// Asks the running command to stop (what the signal handler does).
pub fn request() {
    REQUESTED.store(true, Ordering::SeqCst);
    notify().notify_waiters();
}

/// The error an operation returns instead of starting once a stop was asked for.
pub fn check() -> Result<(), Interrupted> {
    if requested() {
        Err(Interrupted)
    } else {
        Ok(())
    }
}

/// Resolves once a stop is asked for (for waits that should not outlast it: throttle, backoff).
pub async fn wait() {
    loop {
        let notified = notify().notified();
        if requested() {
            return;
        }
        notified.await;
    }
}

/// Sleeps `d`, or less when a stop is asked for; `Err(Interrupted)` then.
pub async fn sleep(d: Duration) -> Result<(), Interrupted> {
    tokio::select! {
        _ = tokio::time::sleep(d) => Ok(()),
        _ = wait() => Err(Interrupted),
    }
}

/// One signal: SIGINT or SIGTERM (Ctrl-C only where SIGTERM does not exist).
pub async fn signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(mut int), Ok(mut term)) => {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
