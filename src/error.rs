//! Errors → exit statuses: the one place the errors of every layer (a `Failure`, the store, the
//! review service, the Worker client, durable-table discovery, an interruption) meet the exit-code contract of
//! `crate::exit`. It sits above the layers it maps, so none of them needs to know the contract.

use crate::exit::{ExitStatus, Failure};
use crate::interrupt::Interrupted;
use crate::reviews::ReviewError;
use crate::schema::DiscoverError;
use crate::store::StoreError;
use crate::worker::error::WorkerError;

/// An error that knows the exit status it ends a command with.
pub trait HasExitStatus {
    fn exit_status(&self) -> ExitStatus;
}

impl HasExitStatus for StoreError {
    /// Errors that mean "the source could not be read" are incomplete (4), not plain failures.
    fn exit_status(&self) -> ExitStatus {
        match self {
            StoreError::Auth(_)
            | StoreError::MissingResource(_)
            | StoreError::RateLimited(_)
            | StoreError::Server(_)
            | StoreError::Transport(_)
            | StoreError::Unavailable(_)
            | StoreError::BrokenListing(_)
            | StoreError::TooLarge(_) => ExitStatus::Incomplete,
            StoreError::Invalid(_) | StoreError::NotAStore(_) => ExitStatus::Usage,
            StoreError::ReadOnly(_) => ExitStatus::Refused,
            StoreError::Interrupted => ExitStatus::Interrupted,
            StoreError::Api { .. }
            | StoreError::Sql(_)
            | StoreError::Decode(_)
            | StoreError::Local(_) => ExitStatus::Error,
        }
    }
}

/// The status of a store write that failed as a whole (one atomic request; nothing it was to
/// write landed): a server error, a rate limit or a dropped connection that outlasted the retries
/// is an error (1), not an incomplete read (4). Access problems (token, missing database) report
/// as they do for reads.
pub fn write_status(e: &StoreError) -> ExitStatus {
    match e {
        StoreError::Server(_) | StoreError::RateLimited(_) | StoreError::Transport(_) => {
            ExitStatus::Error
        }
        other => other.exit_status(),
    }
}

impl HasExitStatus for WorkerError {
    /// A Worker that could not be read is incomplete (4), as a store that could not be.
    fn exit_status(&self) -> ExitStatus {
        match self {
            WorkerError::Auth(_)
            | WorkerError::MissingEndpoint(_)
            | WorkerError::RateLimited(_)
            | WorkerError::Server(_)
            | WorkerError::Transport(_)
            | WorkerError::TooLarge(_) => ExitStatus::Incomplete,
            WorkerError::Rejected(_) | WorkerError::Refused(_) => ExitStatus::Usage,
            WorkerError::Interrupted => ExitStatus::Interrupted,
            WorkerError::Api { .. } | WorkerError::Decode(_) => ExitStatus::Error,
        }
    }
}

/// The status of a Worker write that failed as a whole (one request; nothing it was to write
/// landed), as [`write_status`] for the store.
pub fn worker_write_status(e: &WorkerError) -> ExitStatus {
    match e {
        WorkerError::Server(_) | WorkerError::RateLimited(_) | WorkerError::Transport(_) => {
            ExitStatus::Error
        }
        other => other.exit_status(),
    }
}

impl HasExitStatus for ReviewError {
    fn exit_status(&self) -> ExitStatus {
        match self {
            ReviewError::Invalid(_) | ReviewError::Unsupported(_) => ExitStatus::Usage,
            ReviewError::NotFound(_) | ReviewError::Deleted(_) | ReviewError::IdTaken(_) => {
                ExitStatus::Error
            }
            ReviewError::Store(e) => e.exit_status(),
            ReviewError::Write(e) => write_status(e),
            ReviewError::Worker(e) => e.exit_status(),
            ReviewError::WorkerWrite(e) => worker_write_status(e),
        }
    }
}

impl HasExitStatus for DiscoverError {
    /// A missing table is an incomplete durable source (repairs refuse); one that cannot be used
    /// as the mapping says is the operator's to fix (usage).
    fn exit_status(&self) -> ExitStatus {
        match self {
            DiscoverError::MissingTable(_) => ExitStatus::Incomplete,
            DiscoverError::Unusable(_) => ExitStatus::Usage,
            DiscoverError::Store(e) => e.exit_status(),
        }
    }
}

/// The same error as a `Failure` carrying its status (its message unchanged).
pub fn failure<E: HasExitStatus + std::fmt::Display>(e: &E) -> Failure {
    Failure::new(e.exit_status(), e.to_string())
}

/// Maps any error to its exit status: an interruption anywhere in the chain wins (a batch that
/// failed because Ctrl-C stopped it is interrupted, not partial); else the first `Failure`,
/// `StoreError`, `WorkerError` or `ReviewError` in the chain decides.
pub fn status_of(err: &anyhow::Error) -> ExitStatus {
    let interrupted = err.chain().any(|c| {
        c.is::<Interrupted>()
            || matches!(
                c.downcast_ref::<StoreError>(),
                Some(StoreError::Interrupted)
            )
            || matches!(
                c.downcast_ref::<WorkerError>(),
                Some(WorkerError::Interrupted)
            )
            || c.downcast_ref::<Failure>()
                .is_some_and(|f| f.status == ExitStatus::Interrupted)
    });
    if interrupted || crate::interrupt::requested() {
        return ExitStatus::Interrupted;
    }
    for cause in err.chain() {
        if let Some(f) = cause.downcast_ref::<Failure>() {
            return f.status;
        }
        if let Some(e) = cause.downcast_ref::<StoreError>() {
            return e.exit_status();
        }
        if let Some(e) = cause.downcast_ref::<WorkerError>() {
            return e.exit_status();
        }
        if let Some(e) = cause.downcast_ref::<ReviewError>() {
            return e.exit_status();
        }
    }
    ExitStatus::Error
}

/// Whether an error is a write that failed as a whole, so nothing it was to write landed
/// (`ReviewError::Write`): a repair whose first batch fails so is an error (1), not partial (6).
pub fn wrote_nothing(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<ReviewError>()
            .is_some_and(ReviewError::wrote_nothing)
    })
}
