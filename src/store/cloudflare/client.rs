//! The one HTTP client the KV and D1 halves share: auth, throttle, concurrency, retries, counting.
//! It speaks two APIs with the same routes and envelope: Cloudflare's REST API v4 under
//! `/accounts/{id}`, and wrangler dev's Local Explorer (no account, no token, no rate limit).

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use tokio::sync::Semaphore;

use super::errors::{error_parts, map_error, Resource};
use super::throttle::Throttle;
use super::ClientOptions;
use crate::config::{CloudflareSettings, Secret};
use crate::http::{classify, encode_component, retry_after, without_query as redact_url, Failed};
use crate::store::{RequestCounter, StoreError, StoreResult};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// D1 calls are bounded at 30 s server-side; a minute covers that plus large bulk bodies.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// A request body, kept as data so every retry sends it again.
#[derive(Clone)]
pub(crate) enum Body {
    Json(Vec<u8>),
    /// Raw bytes (a KV value written with PUT /values/{key}).
    Bytes(Vec<u8>),
    /// multipart/form-data text fields (a KV value with metadata).
    Form(Vec<(&'static str, String)>),
}

/// One API call, replayable for retries.
pub(crate) struct Request {
    pub method: Method,
    pub url: String,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Body>,
    /// Safe to send twice (see `send` for what is retried).
    pub idempotent: bool,
    pub resource: Resource,
}

impl Request {
    pub fn new(method: Method, url: String, resource: Resource) -> Self {
        Request {
            method,
            url,
            query: Vec::new(),
            body: None,
            idempotent: true,
            resource,
        }
    }
    pub fn json(mut self, body: Vec<u8>) -> Self {
        self.body = Some(Body::Json(body));
        self
    }
    pub fn body(mut self, body: Body) -> Self {
        self.body = Some(body);
        self
    }
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }
}

pub(crate) struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// Which API a client speaks; errors name what to fix in its terms.
#[derive(Clone, Debug)]
pub(crate) enum Api {
    Cloudflare {
        account_id: String,
    },
    /// wrangler dev's Local Explorer at `dev_url` (the Worker's local address).
    WranglerDev {
        dev_url: String,
    },
}

impl Api {
    pub fn account_id(&self) -> &str {
        match self {
            Api::Cloudflare { account_id } => account_id,
            Api::WranglerDev { .. } => "",
        }
    }
    /// The setting that points the client at its server, for "wrong server" errors.
    pub fn url_hint(&self) -> String {
        match self {
            Api::Cloudflare { .. } => {
                "check CLOUDFLARE_API_BASE_URL points at https://api.cloudflare.com/client/v4".into()
            }
            Api::WranglerDev { dev_url } => format!(
                "check that --dev-url ({dev_url}) is the address wrangler dev printed, and start it with `{}`",
                crate::config::WRANGLER_DEV_START
            ),
        }
    }
}

/// Where the client sends requests and how: everything that differs between the two APIs.
pub(crate) struct Endpoint<'a> {
    pub api: Api,
    /// `{base_url}/accounts/{account_id}` or `{dev_url}/cdn-cgi/explorer/api`.
    pub root_url: String,
    /// The API's base URL: with the token, what the shared budget is kept for.
    pub base_url: String,
    pub token: Option<&'a Secret>,
    /// Requests per 5 minutes; `None`: no throttle (a local server has no global limit).
    pub rate_limit: Option<u32>,
    pub kv_namespace_id: String,
    pub d1_database_id: String,
    pub concurrency: usize,
    pub max_retries: u32,
    pub max_retry_after: u64,
}

pub(crate) struct Client {
    http: reqwest::Client,
    /// `{base_url}/accounts/{account_id}` or `{dev_url}/cdn-cgi/explorer/api`.
    root_url: String,
    pub api: Api,
    pub kv_namespace_id: String,
    pub d1_database_id: String,
    throttle: Option<Throttle>,
    /// Beside the throttle (which spreads this process's requests): the budget every mkt process
    /// of the token shares, lowered by what the API says remains.
    budget: Option<super::budget::Budget>,
    in_flight: Semaphore,
    pub concurrency: usize,
    pub requests: RequestCounter,
    pub max_retries: u32,
    max_retry_after: Duration,
    options: ClientOptions,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The Authorization header lives inside `http`; nothing here prints it.
        f.debug_struct("Client")
            .field("root_url", &self.root_url)
            .field("kv_namespace_id", &self.kv_namespace_id)
            .field("d1_database_id", &self.d1_database_id)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(settings: &CloudflareSettings, options: ClientOptions) -> StoreResult<Self> {
        Client::build(
            Endpoint {
                api: Api::Cloudflare {
                    account_id: settings.account_id.clone(),
                },
                root_url: format!(
                    "{}/accounts/{}",
                    settings.base_url.trim_end_matches('/'),
                    encode_component(&settings.account_id)
                ),
                base_url: settings.base_url.clone(),
                token: Some(&settings.api_token),
                rate_limit: Some(settings.rate_limit),
                kv_namespace_id: settings.kv_namespace_id.clone(),
                d1_database_id: settings.d1_database_id.clone(),
                concurrency: settings.concurrency,
                max_retries: settings.max_retries,
                max_retry_after: settings.max_retry_after,
            },
            options,
        )
    }

    pub fn build(endpoint: Endpoint<'_>, options: ClientOptions) -> StoreResult<Self> {
        let mut headers = HeaderMap::new();
        if let Some(token) = endpoint.token {
            let token = token.expose();
            // Like wrangler: a pasted "…" or newline cannot travel in a header; say so instead of sending it.
            let bad_token = || {
                StoreError::Auth(
                    "CLOUDFLARE_API_TOKEN is empty or holds characters that cannot be sent in an HTTP header; copy the token again"
                        .into(),
                )
            };
            if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(bad_token());
            }
            let mut auth =
                HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| bad_token())?;
            auth.set_sensitive(true);
            headers.insert(AUTHORIZATION, auth);
        }
        if let Api::WranglerDev { .. } = endpoint.api {
            // Without it the explorer also answers for every other wrangler dev on the machine
            // (its dev registry); mkt means the one at --dev-url.
            headers.insert(
                "x-miniflare-explorer-no-aggregate",
                HeaderValue::from_static("true"),
            );
        }
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(concat!("mkt/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| StoreError::Transport(format!("cannot build the HTTP client: {e}")))?;
        let concurrency = endpoint.concurrency.max(1);
        let budget = endpoint.rate_limit.map(|limit| {
            let file = match (&options.budget_dir, endpoint.token) {
                (Some(dir), Some(token)) => Some(super::budget::file_for(
                    dir,
                    token.expose(),
                    &endpoint.base_url,
                )),
                _ => None,
            };
            super::budget::Budget::new(limit, Duration::from_secs(endpoint.max_retry_after), file)
        });
        Ok(Client {
            budget,
            http,
            root_url: endpoint.root_url,
            api: endpoint.api,
            kv_namespace_id: endpoint.kv_namespace_id,
            d1_database_id: endpoint.d1_database_id,
            throttle: endpoint.rate_limit.map(Throttle::new),
            in_flight: Semaphore::new(concurrency),
            concurrency,
            requests: RequestCounter::default(),
            max_retries: endpoint.max_retries,
            max_retry_after: Duration::from_secs(endpoint.max_retry_after),
            options,
        })
    }

    /// `{root}{tail}`, for routes outside one namespace or database (listings, the OpenAPI document).
    pub fn url(&self, tail: &str) -> String {
        format!("{}{tail}", self.root_url)
    }

    /// `…/storage/kv/namespaces/{ns}{tail}`
    pub fn kv_url(&self, tail: &str) -> String {
        format!(
            "{}/storage/kv/namespaces/{}{tail}",
            self.root_url,
            encode_component(&self.kv_namespace_id)
        )
    }

    /// `…/d1/database/{db}{tail}`
    pub fn d1_url(&self, tail: &str) -> String {
        format!(
            "{}/d1/database/{}{tail}",
            self.root_url,
            encode_component(&self.d1_database_id)
        )
    }

    /// Backoff delays for one request's retries (also used between `unsuccessful_keys` rounds).
    pub fn backoff(&self) -> impl Iterator<Item = Duration> {
        crate::http::backoff(
            self.options.min_backoff,
            self.options.max_backoff,
            self.max_retries,
        )
    }

    /// Sends a request, retrying what is safe to retry, and returns any response that is not a
    /// retryable failure (callers map 4xx themselves, since a 404 can be an answer).
    ///
    /// Retried: 429, 5xx, timeouts and connection errors for idempotent requests. A request that is
    /// not idempotent is retried only when it provably did not run: the connection was never made,
    /// or Cloudflare answered 429 (rate-limited requests are refused before they are processed).
    /// A `Retry-After` is always waited out in full; one longer than `max_retry_after` fails at once.
    pub async fn send(&self, req: &Request) -> StoreResult<Response> {
        let mut backoff = self.backoff();
        let mut attempts = 0u32;
        loop {
            // The safe point: a request either is sent whole or, after Ctrl-C, not at all.
            let permit = self.reserve().await?;
            attempts += 1;
            let (retryable, at_least, error) = match self.attempt(req, permit).await {
                // Only failures: a raw KV value may itself be JSON holding such a code.
                Ok(resp)
                    if !resp.status.is_success()
                        && error_parts(&resp.body)
                        .0
                        .contains(&super::errors::KV_DAILY_QUOTA) =>
                {
                    return Err(map_error(self, req.resource, &resp))
                }
                Ok(resp) if resp.status == StatusCode::TOO_MANY_REQUESTS => {
                    let wait = retry_after(&resp.headers);
                    if let Some(w) = wait.filter(|w| *w > self.max_retry_after) {
                        return Err(StoreError::RateLimited(format!(
                            "Cloudflare asked to wait {} s before retrying (more than the {} s mkt waits); run the command again after that",
                            w.as_secs(),
                            self.max_retry_after.as_secs()
                        )));
                    }
                    (true, wait, self.final_error(req, &resp, attempts))
                }
                // The explorer reports a failed SQL statement as a 500 (code 10001): an answer.
                Ok(resp) if resp.status.is_server_error() && self.is_answer(req, &resp) => {
                    return Ok(resp)
                }
                Ok(resp) if resp.status.is_server_error() => {
                    // A 503 may carry Retry-After too; one beyond the limit is not worth waiting for.
                    let wait = retry_after(&resp.headers);
                    let error = self.final_error(req, &resp, attempts);
                    if wait.is_some_and(|w| w > self.max_retry_after) {
                        return Err(error);
                    }
                    (req.idempotent, wait, error)
                }
                // A WAF challenge page is never an answer, whatever its status: the raw KV read
                // would otherwise return the page as the value ([WR] cfetch `isWAFBlockResponse`
                // checks the header alone).
                Ok(resp) if is_waf_challenge(&resp.headers) => {
                    return Err(map_error(self, req.resource, &resp))
                }
                Ok(resp) => return Ok(resp),
                Err(Failed::Connect(m)) => match &self.api {
                    Api::Cloudflare { .. } => (
                        true,
                        None,
                        StoreError::Transport(format!(
                            "{m} (after {attempts} attempts); check the network and CLOUDFLARE_API_BASE_URL"
                        )),
                    ),
                    // A refused loopback connection does not heal in seconds: nothing listens.
                    Api::WranglerDev { dev_url } => {
                        return Err(StoreError::Unavailable(wrangler_dev_down(dev_url, &m)))
                    }
                },
                Err(Failed::Timeout(m)) => (req.idempotent, None, StoreError::Server(m)),
                Err(Failed::Other(m)) => (req.idempotent, None, StoreError::Transport(m)),
            };
            if !retryable {
                return Err(match error {
                    StoreError::Server(m) => StoreError::Server(format!(
                        "{m} (not retried: the request may already have been applied)"
                    )),
                    e => e,
                });
            }
            match backoff.next() {
                Some(delay) => {
                    let delay = delay.max(at_least.unwrap_or_default());
                    self.log(|| {
                        format!(
                            "retrying {} {} in {:.1} s after attempt {attempts}: {error}",
                            req.method,
                            redact_url(&req.url),
                            delay.as_secs_f64()
                        )
                    });
                    crate::interrupt::sleep(delay).await?
                }
                None => return Err(error),
            }
        }
    }

    /// Describes a request on the `-v` log, if there is one (URLs only: the token is a header).
    fn log(&self, message: impl FnOnce() -> String) {
        if let Some(log) = &self.options.log {
            log(&message());
        }
    }

    /// A 5xx that is the server's final word, not a transient failure worth retrying.
    fn is_answer(&self, req: &Request, resp: &Response) -> bool {
        matches!(self.api, Api::WranglerDev { .. })
            && req.resource == Resource::D1
            && error_parts(&resp.body)
                .0
                .contains(&super::errors::EXPLORER_QUERY_FAILED)
    }

    fn final_error(&self, req: &Request, resp: &Response, attempts: u32) -> StoreError {
        let tries = if attempts == 1 {
            "1 attempt".to_string()
        } else {
            format!("{attempts} attempts")
        };
        if let Api::WranglerDev { .. } = self.api {
            return match map_error(self, req.resource, resp) {
                StoreError::Server(m) => StoreError::Server(format!(
                    "{m} (after {tries}); wrangler dev is failing: see its output"
                )),
                e => e,
            };
        }
        match map_error(self, req.resource, resp) {
            StoreError::RateLimited(m) => StoreError::RateLimited(format!(
                "{m} (after {tries}); wait a few minutes, or lower rate_limit (MKT_RATE_LIMIT)"
            )),
            StoreError::Server(m) => StoreError::Server(format!(
                "{m} (after {tries}); Cloudflare is failing, retry later (www.cloudflarestatus.com)"
            )),
            e => e,
        }
    }

    /// Waits for the budget and a free slot; a stop asked for meanwhile ends the wait, and no
    /// request starts after it.
    async fn reserve(&self) -> StoreResult<Slot<'_>> {
        crate::interrupt::check()?;
        let ready = async {
            if let Some(throttle) = &self.throttle {
                throttle.wait().await;
            }
            // The slot first: then at most `concurrency` requests are counted but not yet
            // answered, which is what the server's last word may not include.
            let permit = self
                .in_flight
                .acquire()
                .await
                .expect("semaphore never closed");
            let ticket = match &self.budget {
                Some(budget) => Some(budget.acquire(&|m| self.log(|| m)).await?),
                None => None,
            };
            Ok::<_, StoreError>(Slot {
                _permit: permit,
                _ticket: ticket,
            })
        };
        let permit = tokio::select! {
            permit = ready => permit?,
            _ = crate::interrupt::wait() => return Err(StoreError::Interrupted),
        };
        crate::interrupt::check()?;
        Ok(permit)
    }

    /// One HTTP attempt in a reserved slot; counts the request.
    async fn attempt(&self, req: &Request, _slot: Slot<'_>) -> Result<Response, Failed> {
        self.requests.incr();
        let mut builder = self.http.request(req.method.clone(), &req.url);
        if !req.query.is_empty() {
            builder = builder.query(&req.query);
        }
        builder = match &req.body {
            None => builder,
            Some(Body::Json(body)) => builder
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone()),
            Some(Body::Bytes(body)) => builder
                .header(CONTENT_TYPE, "application/octet-stream")
                .body(body.clone()),
            Some(Body::Form(fields)) => {
                let form = fields
                    .iter()
                    .fold(reqwest::multipart::Form::new(), |form, (name, value)| {
                        form.text(*name, value.clone())
                    });
                builder.multipart(form)
            }
        };
        let classify = |e: reqwest::Error| classify(&req.method, &req.url, e);
        let resp = builder.send().await.map_err(classify)?;
        let status = resp.status();
        self.log(|| {
            format!(
                "{} {} -> {}",
                req.method,
                redact_url(&req.url),
                status.as_u16()
            )
        });
        let headers = resp.headers().clone();
        if let Some(budget) = &self.budget {
            budget.observe(&headers);
        }
        let body = resp.bytes().await.map_err(classify)?.to_vec();
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// The one line for a wrangler dev nobody is listening for.
pub(crate) fn wrangler_dev_down(dev_url: &str, cause: &str) -> String {
    let cause = cause.rsplit(": ").next().unwrap_or(cause);
    format!(
        "wrangler dev is not running at {dev_url} ({cause}): start it in the Worker's directory with `{}`, or point --dev-url at it",
        crate::config::WRANGLER_DEV_START
    )
}

/// A reserved place for one request: a concurrency permit and, on the Cloudflare API, a
/// counted share of the token's budget; both are given back when the attempt ends.
struct Slot<'a> {
    _permit: tokio::sync::SemaphorePermit<'a>,
    _ticket: Option<super::budget::Ticket>,
}

/// `cf-mitigated: challenge`, Cloudflare's mark on a challenge page.
pub(crate) fn is_waf_challenge(headers: &HeaderMap) -> bool {
    headers
        .get("cf-mitigated")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("challenge"))
}
