//! The marketplace Worker's own HTTP API (the `api` target): seed 000's reviews endpoints and
//! ingest, seed 001's admin endpoints.
//!
//! One client: auth (`X-Internal-Key` and/or a bearer token), timeouts, retries of requests that
//! are safe to repeat, request counting, and every failure turned into one line with its exit
//! status (`errors`). Response bodies are read tolerantly (`decode`): the seeds fix the paths, not
//! the shapes, so the common shapes real Workers send are all understood. One fn per endpoint
//! lives in `api`.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::StatusCode;
use serde_json::Value;

use crate::config::ApiSettings;
pub use crate::http::Replay;
pub(crate) use crate::http::Request;
use crate::http::{Failed, HttpClient, Log, Policy, RequestCounter, Response, Retry, Verdict};

pub mod api;
pub mod decode;
pub mod error;
mod errors;
pub mod reviews;

pub use api::*;
pub use error::{WorkerError, WorkerResult};

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
            allow_insecure_http: settings.allow_insecure_http,
            max_retry_after: settings.max_wait,
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
    /// Send credentials over plain `http://` to another machine (`--allow-insecure-http`).
    pub allow_insecure_http: bool,
    /// Told of every wait (a retry's backoff or `Retry-After`) besides the `-v` log.
    pub on_wait: Option<crate::http::WaitHook>,
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
            allow_insecure_http: false,
            on_wait: None,
            url_setting: None,
            ingest_path: None,
        }
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
    /// The request loop, rooted at the base URL (which may hold a password: never shown).
    http: HttpClient,
    timeout: Duration,
    has_credentials: bool,
    /// How hints name the setting the URL came from.
    url_setting: String,
    /// Where `POST` ingest goes, under the base.
    ingest_path: String,
    pub requests: RequestCounter,
}

impl std::fmt::Debug for WorkerClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The credentials live in `http`'s default headers; nothing here prints them.
        f.debug_struct("WorkerClient")
            .field("base", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl WorkerClient {
    pub fn new(settings: &ApiSettings, options: WorkerOptions) -> WorkerResult<Self> {
        let mut headers = HeaderMap::new();
        let mut credentials = Vec::new();
        let header_value = |name: &str, value: &str| {
            let mut v = HeaderValue::from_str(value).map_err(|_| {
                WorkerError::Auth(format!(
                    "{name} is empty or holds characters that cannot be sent in an HTTP header; copy it again"
                ))
            })?;
            v.set_sensitive(true);
            Ok::<_, WorkerError>(v)
        };
        if let Some(key) = &settings.internal_key {
            headers.insert(
                "x-internal-key",
                header_value("MKT_INTERNAL_KEY", key.expose())?,
            );
            credentials.push("the internal key (X-Internal-Key)");
        }
        if let Some(token) = &settings.token {
            let value = format!("Bearer {}", token.expose());
            headers.insert(AUTHORIZATION, header_value("MKT_API_TOKEN", &value)?);
            credentials.push("the API token");
        }
        crate::redact::register_url(&settings.url);
        if !crate::http::url_password(&settings.url).is_empty() {
            credentials.push("the URL's password");
        }
        if !credentials.is_empty() {
            crate::http::refuse_plain_http(
                &settings.url,
                "the Worker URL",
                &credentials.join(" and "),
                options.allow_insecure_http,
            )
            .map_err(WorkerError::Refused)?;
        }
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(concat!("mkt/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10).min(settings.timeout))
            .timeout(settings.timeout)
            // A redirect could carry the credentials or a write to another host: reported, never
            // followed (`crate::http::send`).
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| WorkerError::Transport(format!("cannot build the HTTP client: {e}")))?;
        let retry = Retry {
            min_backoff: options.min_backoff,
            max_backoff: options.max_backoff,
            max_retries: settings.max_retries,
            max_retry_after: options.max_retry_after,
        };
        let url_setting = options
            .url_setting
            .clone()
            .unwrap_or_else(|| "--api-url (MKT_API_URL)".into());
        let ingest_path = options
            .ingest_path
            .clone()
            .unwrap_or_else(|| api::INGEST.into());
        let http = HttpClient::new(
            http,
            settings.url.trim_end_matches('/'),
            false,
            retry,
            options.log,
        )
        .on_wait(options.on_wait);
        Ok(WorkerClient {
            requests: http.requests.clone(),
            http,
            timeout: settings.timeout,
            has_credentials: !credentials.is_empty(),
            url_setting,
            ingest_path,
        })
    }

    /// The base URL, for the `target:` line and messages (its password redacted).
    pub fn base_url(&self) -> &str {
        self.http.shown_root()
    }

    /// The setting hints name for the URL.
    pub fn url_setting(&self) -> &str {
        &self.url_setting
    }

    pub fn requests(&self) -> u64 {
        self.requests.get()
    }

    pub(crate) fn backoff(&self) -> impl Iterator<Item = Duration> {
        self.http.backoff()
    }

    /// Sends a request and expects a 2xx: a 404 is an error naming the endpoint.
    pub(crate) async fn call(&self, req: &Request) -> WorkerResult<Value> {
        match self.send(req).await? {
            Answer::Json(v) => Ok(v),
            Answer::NotFound(message) => Err(errors::route_missing(self, req, &message)),
        }
    }

    /// Sends a request through the shared loop, retrying what is safe to retry (see [`Replay`]),
    /// and returns a 2xx body or a 404; every other outcome becomes the one error a user can act
    /// on.
    ///
    /// Retried: 429 for any request (a rate-limited request was refused before it ran), 5xx and
    /// timeouts only when `replay` is `Safe`, connection failures always (nothing was sent).
    pub(crate) async fn send(&self, req: &Request) -> WorkerResult<Answer> {
        let resp = self.http.send(self, req).await?;
        if resp.status == StatusCode::NOT_FOUND {
            return Ok(Answer::NotFound(errors::message_of(&resp)));
        }
        errors::success_body(self, req, &resp).map(Answer::Json)
    }
}

#[async_trait]
impl Policy for WorkerClient {
    type Error = WorkerError;

    fn judge(
        &self,
        req: &Request,
        outcome: Result<Response, Failed>,
        attempts: u32,
    ) -> Verdict<WorkerError> {
        let max_wait = self.http.retry.max_retry_after;
        let replayable = req.replay == Replay::Safe;
        let retry_if = |retry: bool, after: Option<Duration>, error: WorkerError| {
            if retry {
                return Verdict::Retry { after, error };
            }
            Verdict::Fail(match error {
                WorkerError::Server(m) if req.replay == Replay::Never => WorkerError::Server(format!(
                    "{m}; not retried: the request may already have been applied, check before sending it again"
                )),
                e => e,
            })
        };
        match outcome {
            Ok(resp) if resp.status.is_success() || resp.status == StatusCode::NOT_FOUND => {
                Verdict::Answer(resp)
            }
            Ok(resp) if resp.status == StatusCode::TOO_MANY_REQUESTS => {
                let wait = crate::http::retry_after(&resp.headers);
                if let Some(w) = wait.filter(|w| *w > max_wait) {
                    return Verdict::Fail(WorkerError::RateLimited(format!(
                        "the Worker asked to wait {} s before retrying {} (Retry-After), longer than the {} mkt waits (max_wait: --max-wait, MKT_MAX_WAIT); run the command again after {}",
                        w.as_secs(),
                        req.label(),
                        crate::output::spoken(max_wait),
                        crate::http::retry_at(w)
                    )));
                }
                Verdict::Retry {
                    after: wait,
                    error: errors::map_status(self, req, &resp, attempts),
                }
            }
            Ok(resp) if resp.status.is_server_error() => {
                let wait = crate::http::retry_after(&resp.headers).filter(|w| *w <= max_wait);
                retry_if(
                    replayable,
                    wait,
                    errors::map_status(self, req, &resp, attempts),
                )
            }
            Ok(resp) => Verdict::Fail(errors::map_status(self, req, &resp, attempts)),
            Err(Failed::Connect(m)) => Verdict::Retry {
                after: None,
                error: WorkerError::Transport(format!(
                    "cannot reach the Worker at {} ({}, after {}); check {} and that the Worker is deployed",
                    self.base_url(),
                    m,
                    errors::tries(attempts),
                    self.url_setting
                )),
            },
            Err(Failed::Timeout(_)) => retry_if(
                replayable,
                None,
                WorkerError::Server(format!(
                    "{} timed out after {} s (after {}); the Worker is slow or stuck: retry later, or raise MKT_API_TIMEOUT",
                    req.label(),
                    trim_secs(self.timeout),
                    errors::tries(attempts)
                )),
            ),
            Err(Failed::Other(m)) => retry_if(
                replayable,
                None,
                WorkerError::Transport(format!("{m}; check {}", self.url_setting)),
            ),
            Err(Failed::Redirect(m)) => Verdict::Fail(WorkerError::Transport(format!(
                "{m}; set {} to the address that answers",
                self.url_setting
            ))),
            Err(Failed::TooLarge(m)) => Verdict::Fail(WorkerError::TooLarge(format!(
                "{m}; check {} points at the marketplace Worker",
                self.url_setting
            ))),
        }
    }

    fn interrupted(&self) -> WorkerError {
        WorkerError::Interrupted
    }
}

fn trim_secs(d: Duration) -> String {
    let s = format!("{:.1}", d.as_secs_f64());
    s.trim_end_matches(".0").to_string()
}
