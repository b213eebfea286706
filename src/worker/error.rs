//! The Worker client's errors: one line each, naming the request, what the Worker said and what
//! to fix (`errors` builds them), with the exit status that fits.

use crate::exit::ExitStatus;

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// 401/403, or credentials that cannot be sent in a header.
    #[error("authentication failed: {0}")]
    Auth(String),
    /// A 404 where the endpoint itself must exist: a wrong base URL, or a Worker without it.
    #[error("{0}")]
    MissingEndpoint(String),
    /// 429 after every retry, or a `Retry-After` too long to wait for.
    #[error("rate limited: {0}")]
    RateLimited(String),
    /// 5xx or timeouts after every retry.
    #[error("server error: {0}")]
    Server(String),
    /// Connection refused, DNS, TLS.
    #[error("request failed: {0}")]
    Transport(String),
    /// A 4xx the Worker explained: the request broke one of its rules.
    #[error("{0}")]
    Rejected(String),
    /// A conflict (409), an answer that says it failed, or a status the API does not use.
    #[error("API error {status}: {message}")]
    Api { status: u16, message: String },
    /// An answer without the documented shape.
    #[error("unexpected response: {0}")]
    Decode(String),
    /// A stop was asked for (Ctrl-C): the request was not started.
    #[error("interrupted")]
    Interrupted,
}

pub type WorkerResult<T> = Result<T, WorkerError>;

impl WorkerError {
    /// A Worker that could not be read is incomplete (4), as a store that could not be.
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            WorkerError::Auth(_)
            | WorkerError::MissingEndpoint(_)
            | WorkerError::RateLimited(_)
            | WorkerError::Server(_)
            | WorkerError::Transport(_) => ExitStatus::Incomplete,
            WorkerError::Rejected(_) => ExitStatus::Usage,
            WorkerError::Interrupted => ExitStatus::Interrupted,
            WorkerError::Api { .. } | WorkerError::Decode(_) => ExitStatus::Error,
        }
    }

    /// The status of a write that failed as a whole (one request; nothing it was to write
    /// landed): a server error, a rate limit or a dropped connection is an error (1), not an
    /// incomplete read (4).
    pub fn write_exit_status(&self) -> ExitStatus {
        match self {
            WorkerError::Server(_) | WorkerError::RateLimited(_) | WorkerError::Transport(_) => {
                ExitStatus::Error
            }
            other => other.exit_status(),
        }
    }
}
