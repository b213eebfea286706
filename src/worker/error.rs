//! The Worker client's errors: one line each, naming the request, what the Worker said and what
//! to fix (`errors` builds them). src/error.rs maps them to exit statuses.

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
    /// An answer larger than its endpoint's limit, or a page longer than asked for.
    #[error("response too large: {0}")]
    TooLarge(String),
    /// A request mkt will not send: a credential over plain http to another machine.
    #[error("{0}")]
    Refused(String),
    /// An answer without the documented shape.
    #[error("unexpected response: {0}")]
    Decode(String),
    /// A stop was asked for (Ctrl-C): the request was not started.
    #[error("interrupted")]
    Interrupted,
}

pub type WorkerResult<T> = Result<T, WorkerError>;

impl From<crate::interrupt::Interrupted> for WorkerError {
    fn from(_: crate::interrupt::Interrupted) -> Self {
        WorkerError::Interrupted
    }
}
