//! The marketplace Worker's own HTTP API (the `api` target): seed 000's reviews endpoints and
//! ingest, seed 001's admin endpoints.
//!
//! One client: auth (`X-Internal-Key` and/or a bearer token), timeouts, retries of requests that
//! are safe to repeat, request counting, and every failure turned into one line with its exit
//! status (`errors`). Response bodies are read tolerantly (`decode`): the seeds fix the paths, not
//! the shapes, so the common shapes real Workers send are all understood. One fn per endpoint
//! lives in `api`.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::config::ApiSettings;
use crate::http::{classify, Failed};
use crate::store::{Log, RequestCounter, StoreError, StoreResult};

pub mod api;
pub mod decode;
mod errors;
pub mod reviews;

pub use api::*;

/// Opens the Worker client of the configured `api_url` (no request is made yet).
pub fn open(settings: &crate::config::Settings, log: Option<Log>) -> anyhow::Result<WorkerClient> {
    let api = settings.api.as_ref().ok_or_else(|| {
        crate::exit::Failure::usage(
            "the Worker API is not configured: set --api-url, MKT_API_URL or api_url in the profile",
        )
    })?;
    Ok(WorkerClient::new(
        api,
        WorkerOptions {
            log,
            ..Default::default()
        },
    )?)
}

/// Knobs that are not user settings. Tests shorten the backoff to stay fast.
#[derive(Clone)]
pub struct WorkerOptions {
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// The longest `Retry-After` worth waiting for; longer ends the command as rate limited.
    pub max_retry_after: Duration,
    /// Where to describe each request and retry (`-v`); never given secrets.
    pub log: Option<Log>,
    /// How hints name the setting the URL came from (default `--api-url (MKT_API_URL)`).
    pub url_setting: Option<String>,
    /// The ingest endpoint's path under the base URL (default `/ingest/signet-reviews`).
    pub ingest_path: Option<String>,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            min_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            log: None,
            url_setting: None,
            ingest_path: None,
        }
    }
}

/// Whether a request may be sent again after a 5xx or a timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    /// Reads, and writes whose repetition changes nothing (PATCH/DELETE by id, ingest by id).
    Safe,
    /// It may already have been applied (a POST that creates): never sent twice.
    Never,
    /// Not replayed blindly, but the caller can check whether it was applied (a POST carrying a
    /// client-generated id) and send it again itself.
    Checked,
}

/// One request to the Worker, replayable for retries.
pub(crate) struct Request {
    /// How a failed attempt may be repeated.
    pub method: Method,
    /// Path under the base URL, already percent-encoded, starting with `/`.
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Value>,
    pub replay: Replay,
}

impl Request {
    pub fn get(path: impl Into<String>) -> Self {
        Request {
            method: Method::GET,
            path: path.into(),
            query: Vec::new(),
            body: None,
            replay: Replay::Safe,
        }
    }
    pub fn new(
        method: Method,
        path: impl Into<String>,
        body: Option<Value>,
        replay: Replay,
    ) -> Self {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            body,
            replay,
        }
    }
    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((name, value.to_string()));
        self
    }
    /// `GET /reviews` — method and path, as errors and `-v` name the request.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// What came back: a 2xx body as JSON (`Null` when empty), or a 404 (which is an answer for
/// lookups by id).
pub(crate) enum Answer {
    Json(Value),
    NotFound(String),
}

/// The Worker client. Cheap to share behind an `Arc`.
pub struct WorkerClient {
    http: reqwest::Client,
    /// Where requests go (may hold a password: never shown).
    base: String,
    /// `base` as messages show it, its password redacted.
    shown_base: String,
    max_retries: u32,
    timeout: Duration,
    has_credentials: bool,
    secrets: Vec<String>,
    /// How hints name the setting the URL came from.
    url_setting: String,
    /// Where `POST` ingest goes, under the base.
    ingest_path: String,
    pub requests: RequestCounter,
    options: WorkerOptions,
}

impl std::fmt::Debug for WorkerClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The credentials live in `http`'s default headers; nothing here prints them.
        f.debug_struct("WorkerClient")
            .field("base", &self.shown_base)
            .finish_non_exhaustive()
    }
}

impl WorkerClient {
    pub fn new(settings: &ApiSettings, options: WorkerOptions) -> StoreResult<Self> {
        let mut headers = HeaderMap::new();
        let mut secrets = Vec::new();
        let header_value = |name: &str, value: &str| {
            let mut v = HeaderValue::from_str(value).map_err(|_| {
                StoreError::Auth(format!(
                    "{name} is empty or holds characters that cannot be sent in an HTTP header; copy it again"
                ))
            })?;
            v.set_sensitive(true);
            Ok::<_, StoreError>(v)
        };
        if let Some(key) = &settings.internal_key {
            headers.insert(
                "x-internal-key",
                header_value("MKT_INTERNAL_KEY", key.expose())?,
            );
            secrets.push(key.expose().to_string());
        }
        if let Some(token) = &settings.token {
            let value = format!("Bearer {}", token.expose());
            headers.insert(AUTHORIZATION, header_value("MKT_API_TOKEN", &value)?);
            secrets.push(token.expose().to_string());
        }
        secrets.extend(crate::http::url_password(&settings.url));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(concat!("mkt/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10).min(settings.timeout))
            .timeout(settings.timeout)
            .build()
            .map_err(|e| StoreError::Transport(format!("cannot build the HTTP client: {e}")))?;
        Ok(WorkerClient {
            http,
            base: settings.url.trim_end_matches('/').to_string(),
            shown_base: crate::http::shown_url(settings.url.trim_end_matches('/')),
            max_retries: settings.max_retries,
            timeout: settings.timeout,
            has_credentials: !secrets.is_empty(),
            secrets,
            url_setting: options
                .url_setting
                .clone()
                .unwrap_or_else(|| "--api-url (MKT_API_URL)".into()),
            ingest_path: options
                .ingest_path
                .clone()
                .unwrap_or_else(|| api::INGEST.into()),
            requests: RequestCounter::default(),
            options,
        })
    }

    /// The base URL, for the `target:` line and messages.
    pub fn base_url(&self) -> &str {
        &self.shown_base
    }

    /// The setting hints name for the URL.
    pub fn url_setting(&self) -> &str {
        &self.url_setting
    }

    pub fn requests(&self) -> u64 {
        self.requests.get()
    }

    pub(crate) fn backoff(&self) -> impl Iterator<Item = Duration> {
        crate::http::backoff(
            self.options.min_backoff,
            self.options.max_backoff,
            self.max_retries,
        )
    }

    fn log(&self, message: impl FnOnce() -> String) {
        if let Some(log) = &self.options.log {
            log(&message());
        }
    }

    /// Sends a request and expects a 2xx: a 404 is an error naming the endpoint.
    pub(crate) async fn call(&self, req: &Request) -> StoreResult<Value> {
        match self.send(req).await? {
            Answer::Json(v) => Ok(v),
            Answer::NotFound(message) => Err(errors::route_missing(self, req, &message)),
        }
    }

    /// Sends a request, retrying what is safe to retry (see [`Replay`]), and returns a 2xx body or
    /// a 404; every other outcome becomes the one error a user can act on.
    ///
    /// Retried: 429 for any request (a rate-limited request was refused before it ran), 5xx and
    /// timeouts only when `replay` is `Safe`, connection failures always (nothing was sent).
    pub(crate) async fn send(&self, req: &Request) -> StoreResult<Answer> {
        let mut backoff = self.backoff();
        let mut attempts = 0u32;
        loop {
            // After Ctrl-C no new request starts (one in flight finishes or is dropped whole).
            crate::interrupt::check()?;
            attempts += 1;
            let (retryable, at_least, error) = match self.attempt(req).await {
                Ok(resp) if resp.status.is_success() => {
                    return errors::success_body(self, req, &resp).map(Answer::Json)
                }
                Ok(resp) if resp.status == StatusCode::NOT_FOUND => {
                    return Ok(Answer::NotFound(errors::message_of(self, &resp)))
                }
                Ok(resp) if resp.status == StatusCode::TOO_MANY_REQUESTS => {
                    let wait = crate::http::retry_after(&resp.headers);
                    if let Some(w) = wait.filter(|w| *w > self.options.max_retry_after) {
                        return Err(StoreError::RateLimited(format!(
                            "the Worker asked to wait {} s before retrying {} (more than the {} s mkt waits); run the command again after that",
                            w.as_secs(),
                            req.label(),
                            self.options.max_retry_after.as_secs()
                        )));
                    }
                    (true, wait, errors::map_status(self, req, &resp, attempts))
                }
                Ok(resp) if resp.status.is_server_error() => {
                    let wait = crate::http::retry_after(&resp.headers)
                        .filter(|w| *w <= self.options.max_retry_after);
                    (
                        req.replay == Replay::Safe,
                        wait,
                        errors::map_status(self, req, &resp, attempts),
                    )
                }
                Ok(resp) => return Err(errors::map_status(self, req, &resp, attempts)),
                Err(Failed::Connect(m)) => (
                    true,
                    None,
                    StoreError::Transport(format!(
                        "cannot reach the Worker at {} ({}, after {}); check {} and that the Worker is deployed",
                        self.shown_base,
                        errors::scrub(self, m),
                        errors::tries(attempts),
                        self.url_setting
                    )),
                ),
                Err(Failed::Timeout(_)) => (
                    req.replay == Replay::Safe,
                    None,
                    StoreError::Server(format!(
                        "{} timed out after {} s (after {}); the Worker is slow or stuck: retry later, or raise MKT_API_TIMEOUT",
                        req.label(),
                        trim_secs(self.timeout),
                        errors::tries(attempts)
                    )),
                ),
                Err(Failed::Other(m)) => (
                    req.replay == Replay::Safe,
                    None,
                    StoreError::Transport(format!(
                        "{}; check {}",
                        errors::scrub(self, m),
                        self.url_setting
                    )),
                ),
            };
            if !retryable {
                return Err(match error {
                    StoreError::Server(m) if req.replay == Replay::Never => StoreError::Server(format!(
                        "{m}; not retried: the request may already have been applied, check before sending it again"
                    )),
                    e => e,
                });
            }
            match backoff.next() {
                Some(delay) => {
                    let delay = delay.max(at_least.unwrap_or_default());
                    self.log(|| {
                        format!(
                            "retrying {} in {:.1} s after attempt {attempts}: {error}",
                            req.label(),
                            delay.as_secs_f64()
                        )
                    });
                    crate::interrupt::sleep(delay).await?
                }
                None => return Err(error),
            }
        }
    }

    /// One HTTP attempt, counted.
    async fn attempt(&self, req: &Request) -> Result<errors::Response, Failed> {
        self.requests.incr();
        let url = format!("{}{}", self.base, req.path);
        let mut builder = self.http.request(req.method.clone(), &url);
        if !req.query.is_empty() {
            builder = builder.query(&req.query);
        }
        if let Some(body) = &req.body {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(serde_json::to_vec(body).unwrap_or_default());
        }
        builder = builder.header(reqwest::header::ACCEPT, "application/json");
        let shown = format!("{}{}", self.shown_base, req.path);
        let classify = |e: reqwest::Error| classify(&req.method, &shown, e);
        let resp = builder.send().await.map_err(classify)?;
        let status = resp.status();
        self.log(|| format!("{} -> {}", req.label(), status.as_u16()));
        let headers = resp.headers().clone();
        let body = resp.bytes().await.map_err(classify)?.to_vec();
        Ok(errors::Response {
            status,
            headers,
            body,
        })
    }
}

fn trim_secs(d: Duration) -> String {
    let s = format!("{:.1}", d.as_secs_f64());
    s.trim_end_matches(".0").to_string()
}
