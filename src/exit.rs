//! The exit-code contract (PRODUCT.md "Exit codes"): the statuses, `Failure` (an error that
//! carries its status) and the one-line form of an error. Which status another layer's error
//! means is decided in src/error.rs (which sits above the layers it maps).

use std::fmt;

/// Process exit statuses. The numbers are a public contract: CI scripts branch on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExitStatus {
    /// Done; checks found nothing.
    Success,
    /// Error.
    Error,
    /// Usage error: bad flags or configuration.
    Usage,
    /// Drift or mismatch found (check commands, and plan commands under `--check`).
    Drift,
    /// Incomplete: a source could not be fully read (auth, missing namespace, rate limit exhausted, a wait longer than --max-wait).
    Incomplete,
    /// Refused by a safety guard before any write.
    Refused,
    /// Partial: writes began and some failed after retries; a rerun resumes and converges.
    Partial,
    /// Interrupted (SIGINT).
    Interrupted,
}

impl ExitStatus {
    pub const ALL: [ExitStatus; 8] = [
        ExitStatus::Success,
        ExitStatus::Error,
        ExitStatus::Usage,
        ExitStatus::Drift,
        ExitStatus::Incomplete,
        ExitStatus::Refused,
        ExitStatus::Partial,
        ExitStatus::Interrupted,
    ];

    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Error => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Drift => 3,
            ExitStatus::Incomplete => 4,
            ExitStatus::Refused => 5,
            ExitStatus::Partial => 6,
            ExitStatus::Interrupted => 130,
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            ExitStatus::Success => "done; checks found nothing",
            ExitStatus::Error => "error",
            ExitStatus::Usage => "usage error (bad flags or config)",
            ExitStatus::Drift => "drift or mismatch found (check commands, and plan commands under --check)",
            ExitStatus::Incomplete => {
                "incomplete: a source could not be fully read (auth, missing namespace, rate limit exhausted, a wait longer than --max-wait)"
            }
            ExitStatus::Refused => {
                "refused by a safety guard before any write (shrink, max-delete, stale plan, no --yes without a TTY)"
            }
            ExitStatus::Partial => {
                "partial: writes began and some failed after retries; a rerun resumes and converges"
            }
            ExitStatus::Interrupted => "interrupted",
        }
    }
}

/// The exit-code table as shown in `mkt --help` and the README.
pub fn exit_code_table() -> String {
    let mut s = String::from("Exit codes:\n");
    for status in ExitStatus::ALL {
        s.push_str(&format!("  {:>3}  {}\n", status.code(), status.meaning()));
    }
    s
}

/// An error that carries the exit status it must end the process with.
#[derive(Debug)]
pub struct Failure {
    pub status: ExitStatus,
    pub message: String,
}

impl Failure {
    pub fn new(status: ExitStatus, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: message.into(),
        }
    }
    pub fn usage(message: impl Into<String>) -> anyhow::Error {
        Failure::new(ExitStatus::Usage, message).into()
    }
    pub fn refused(message: impl Into<String>) -> anyhow::Error {
        Failure::new(ExitStatus::Refused, message).into()
    }
    pub fn incomplete(message: impl Into<String>) -> anyhow::Error {
        Failure::new(ExitStatus::Incomplete, message).into()
    }
    pub fn partial(message: impl Into<String>) -> anyhow::Error {
        Failure::new(ExitStatus::Partial, message).into()
    }
    pub fn interrupted(message: impl Into<String>) -> anyhow::Error {
        Failure::new(ExitStatus::Interrupted, message).into()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// One line for the user: the context chain joined with ": ".
pub fn one_line(err: &anyhow::Error) -> String {
    format!("{err:#}").replace('\n', " ")
}
