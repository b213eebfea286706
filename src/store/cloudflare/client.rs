//! The one HTTP client the KV and D1 halves share: auth, throttle, concurrency and the request
//! budget, around the shared request loop (`crate::http::send`) with Cloudflare's retry rules.
//! It speaks two APIs with the same routes and envelope: Cloudflare's REST API v4 under
//! `/accounts/{id}`, and wrangler dev's Local Explorer (no account, no token, no rate limit).

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::StatusCode;
use tokio::sync::Semaphore;

use super::errors::{error_parts, map_error, Resource};
use super::throttle::Throttle;
use super::ClientOptions;
use crate::config::{CloudflareSettings, Secret};
use crate::http::{
    encode_component, retry_after, Failed, HttpClient, Policy, Replay, RequestCounter, Retry, Slot,
    Verdict, Wait, WaitReason,
};
pub(crate) use crate::http::{Body, Request, Response};
use crate::store::{StoreError, StoreResult};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// D1 calls are bounded at 30 s server-side; a minute covers that plus large bulk bodies.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

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
    /// The API's base URL (`CLOUDFLARE_API_BASE_URL`) or `{dev_url}/cdn-cgi/explorer/api`.
    pub root_url: String,
    /// `/accounts/{account_id}` on the API; empty on the explorer.
    pub account_path: String,
    /// The API's base URL: with the token, what the shared budget is kept for.
    pub base_url: String,
    pub token: Option<&'a Secret>,
    /// Requests per 5 minutes; `None`: no throttle (a local server has no global limit).
    pub rate_limit: Option<u32>,
    pub kv_namespace_id: String,
    pub d1_database_id: String,
    pub concurrency: usize,
    pub max_retries: u32,
    /// The longest wait (the budget, a `Retry-After`) sat out; longer ends the command.
    pub max_wait: Duration,
}

pub(crate) struct Client {
    /// The request loop, rooted at the base URL (or the explorer's).
    http: HttpClient,
    /// `/accounts/{account_id}` on the API; empty on the explorer.
    account_path: String,
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
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The Authorization header lives inside `http`; nothing here prints it.
        f.debug_struct("Client")
            .field("root_url", &self.http.shown_root())
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
                root_url: settings.base_url.trim_end_matches('/').to_string(),
                account_path: format!("/accounts/{}", encode_component(&settings.account_id)),
                base_url: settings.base_url.clone(),
                token: Some(&settings.api_token),
                rate_limit: Some(settings.rate_limit),
                kv_namespace_id: settings.kv_namespace_id.clone(),
                d1_database_id: settings.d1_database_id.clone(),
                concurrency: settings.concurrency,
                max_retries: settings.max_retries,
                max_wait: settings.max_wait,
            },
            options,
        )
    }

    pub fn build(endpoint: Endpoint<'_>, options: ClientOptions) -> StoreResult<Self> {
        let mut headers = HeaderMap::new();
        crate::redact::register_url(&endpoint.root_url);
        if let Some(token) = endpoint.token {
            crate::http::refuse_plain_http(
                &endpoint.root_url,
                "CLOUDFLARE_API_BASE_URL",
                "the API token",
                options.allow_insecure_http,
            )
            .map_err(StoreError::Invalid)?;
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
            // A redirect could carry the token or a write to another host: reported, never
            // followed (`crate::http::send`).
            .redirect(reqwest::redirect::Policy::none())
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
            super::budget::Budget::new(limit, endpoint.max_wait, file)
        });
        let retry = Retry {
            min_backoff: options.min_backoff,
            max_backoff: options.max_backoff,
            max_retries: endpoint.max_retries,
            max_retry_after: endpoint.max_wait,
        };
        let http = HttpClient::new(http, &endpoint.root_url, true, retry, options.log)
            .on_wait(options.on_wait);
        Ok(Client {
            budget,
            requests: http.requests.clone(),
            http,
            account_path: endpoint.account_path,
            api: endpoint.api,
            kv_namespace_id: endpoint.kv_namespace_id,
            d1_database_id: endpoint.d1_database_id,
            throttle: endpoint.rate_limit.map(Throttle::new),
            in_flight: Semaphore::new(concurrency),
            concurrency,
        })
    }

    /// `{account}{tail}`, for routes outside one namespace or database (listings, the OpenAPI
    /// document): `/accounts/{id}{tail}` on the API, `{tail}` on the explorer.
    pub fn url(&self, tail: &str) -> String {
        format!("{}{tail}", self.account_path)
    }

    /// `…/storage/kv/namespaces/{ns}{tail}`
    pub fn kv_url(&self, tail: &str) -> String {
        format!(
            "{}/storage/kv/namespaces/{}{tail}",
            self.account_path,
            encode_component(&self.kv_namespace_id)
        )
    }

    /// `…/d1/database/{db}{tail}`
    pub fn d1_url(&self, tail: &str) -> String {
        format!(
            "{}/d1/database/{}{tail}",
            self.account_path,
            encode_component(&self.d1_database_id)
        )
    }

    /// The whole URL of a path as messages show it (a password in the base URL redacted).
    pub fn shown_url(&self, path: &str) -> String {
        format!("{}{path}", self.http.shown_root())
    }

    /// Backoff delays for one request's retries (also used between `unsuccessful_keys` rounds).
    pub fn backoff(&self) -> impl Iterator<Item = Duration> {
        self.http.backoff()
    }

    /// Sends a request through the shared loop, retrying what is safe to retry, and returns any
    /// response that is not a retryable failure (callers map 4xx themselves, since a 404 can be an
    /// answer).
    ///
    /// Retried: 429, 5xx, timeouts and connection errors for requests that may be replayed. One
    /// that may not is retried only when it provably did not run: the connection was never made,
    /// or Cloudflare answered 429 (rate-limited requests are refused before they are processed).
    /// A `Retry-After` is always waited out in full; one longer than `max_wait` fails at once.
    pub async fn send(&self, resource: Resource, req: &Request) -> StoreResult<Response> {
        self.http
            .send(
                &Call {
                    client: self,
                    resource,
                },
                req,
            )
            .await
    }

    fn max_retry_after(&self) -> Duration {
        self.http.retry.max_retry_after
    }
}

/// One call through the loop: the client and which half of the target it is for.
struct Call<'a> {
    client: &'a Client,
    resource: Resource,
}

#[async_trait]
impl Policy for Call<'_> {
    type Error = StoreError;

    /// Waits for the throttle, a free slot and the budget; the loop ends the wait on Ctrl-C.
    async fn admit(&self, _req: &Request) -> StoreResult<Slot<'_>> {
        let client = self.client;
        if let Some(throttle) = &client.throttle {
            throttle
                .wait(&|d| {
                    client.http.waiting(&Wait {
                        request: String::new(),
                        reason: WaitReason::Throttle,
                        duration: d,
                        remaining: None,
                    })
                })
                .await;
        }
        // The slot first: then at most `concurrency` requests are counted but not yet
        // answered, which is what the server's last word may not include.
        let permit = client
            .in_flight
            .acquire()
            .await
            .expect("semaphore never closed");
        let ticket = match &client.budget {
            Some(budget) => Some(
                budget
                    .acquire(&|w| {
                        client.http.waiting(&Wait {
                            request: String::new(),
                            reason: WaitReason::Budget {
                                place: w.place,
                                limit: w.limit,
                                api_said: w.api_said,
                            },
                            duration: w.wait,
                            remaining: Some(w.remaining),
                        })
                    })
                    .await?,
            ),
            None => None,
        };
        Ok(Slot::holding((permit, ticket)))
    }

    fn observe(&self, headers: &HeaderMap) {
        if let Some(budget) = &self.client.budget {
            budget.observe(headers);
        }
    }

    fn remaining(&self) -> Option<u32> {
        self.client.budget.as_ref()?.api_remaining()
    }

    fn judge(
        &self,
        req: &Request,
        outcome: Result<Response, Failed>,
        attempts: u32,
    ) -> Verdict<StoreError> {
        let client = self.client;
        let max_wait = client.max_retry_after();
        let replayable = req.replay == Replay::Safe;
        // What cannot be sent again fails with its error; a server error says why.
        let once = |error: StoreError| match error {
            StoreError::Server(m) if !replayable => StoreError::Server(format!(
                "{m} (not retried: the request may already have been applied)"
            )),
            e => e,
        };
        let retry_if = |retry: bool, after: Option<Duration>, error: StoreError| {
            if retry {
                Verdict::Retry { after, error }
            } else {
                Verdict::Fail(once(error))
            }
        };
        match outcome {
            // Only failures: a raw KV value may itself be JSON holding such a code.
            Ok(resp)
                if !resp.status.is_success()
                    && error_parts(&resp.body)
                        .0
                        .contains(&super::errors::KV_DAILY_QUOTA) =>
            {
                Verdict::Fail(map_error(client, self.resource, &resp))
            }
            Ok(resp) if resp.status == StatusCode::TOO_MANY_REQUESTS => {
                let wait = retry_after(&resp.headers);
                if let Some(w) = wait.filter(|w| *w > max_wait) {
                    return Verdict::Fail(StoreError::RateLimited(format!(
                        "Cloudflare asked to wait {} s before retrying {} (Retry-After), longer than the {} mkt waits (max_wait: --max-wait, MKT_MAX_WAIT); run the command again after {}",
                        w.as_secs(),
                        client.http.name(req),
                        crate::output::spoken(max_wait),
                        crate::http::retry_at(w)
                    )));
                }
                Verdict::Retry {
                    after: wait,
                    error: self.final_error(&resp, attempts),
                }
            }
            // The explorer reports a failed SQL statement as a 500 (code 10001): an answer.
            Ok(resp) if resp.status.is_server_error() && self.is_answer(&resp) => {
                Verdict::Answer(resp)
            }
            Ok(resp) if resp.status.is_server_error() => {
                // A 503 may carry Retry-After too; one beyond the limit is not worth waiting for.
                let wait = retry_after(&resp.headers);
                let error = self.final_error(&resp, attempts);
                if wait.is_some_and(|w| w > max_wait) {
                    return Verdict::Fail(error);
                }
                retry_if(replayable, wait, error)
            }
            // A WAF challenge page is never an answer, whatever its status: the raw KV read
            // would otherwise return the page as the value ([WR] cfetch `isWAFBlockResponse`
            // checks the header alone).
            Ok(resp) if is_waf_challenge(&resp.headers) => {
                Verdict::Fail(map_error(client, self.resource, &resp))
            }
            Ok(resp) => Verdict::Answer(resp),
            Err(Failed::Connect(m)) => match &client.api {
                Api::Cloudflare { .. } => Verdict::Retry {
                    after: None,
                    error: StoreError::Transport(format!(
                        "{m} (after {}); check the network and CLOUDFLARE_API_BASE_URL",
                        tries(attempts)
                    )),
                },
                // A refused loopback connection does not heal in seconds: nothing listens.
                Api::WranglerDev { dev_url } => {
                    Verdict::Fail(StoreError::Unavailable(wrangler_dev_down(dev_url, &m)))
                }
            },
            Err(Failed::Timeout(m)) => retry_if(replayable, None, StoreError::Server(m)),
            Err(Failed::Other(m)) => retry_if(replayable, None, StoreError::Transport(m)),
            // Neither is worth another attempt: the same server answers the same way.
            Err(Failed::Redirect(m)) => Verdict::Fail(StoreError::Transport(format!(
                "{m}; {}",
                client.api.url_hint()
            ))),
            Err(Failed::TooLarge(m)) => Verdict::Fail(StoreError::TooLarge(format!(
                "{m}; {}",
                client.api.url_hint()
            ))),
        }
    }

    fn interrupted(&self) -> StoreError {
        StoreError::Interrupted
    }
}

impl Call<'_> {
    /// A 5xx that is the server's final word, not a transient failure worth retrying.
    fn is_answer(&self, resp: &Response) -> bool {
        matches!(self.client.api, Api::WranglerDev { .. })
            && self.resource == Resource::D1
            && error_parts(&resp.body)
                .0
                .contains(&super::errors::EXPLORER_QUERY_FAILED)
    }

    fn final_error(&self, resp: &Response, attempts: u32) -> StoreError {
        let tries = tries(attempts);
        let error = map_error(self.client, self.resource, resp);
        if let Api::WranglerDev { .. } = self.client.api {
            return match error {
                StoreError::Server(m) => StoreError::Server(format!(
                    "{m} (after {tries}); wrangler dev is failing: see its output"
                )),
                e => e,
            };
        }
        match error {
            StoreError::RateLimited(m) => StoreError::RateLimited(format!(
                "{m} (after {tries}); wait a few minutes, or lower rate_limit (MKT_RATE_LIMIT)"
            )),
            StoreError::Server(m) => StoreError::Server(format!(
                "{m} (after {tries}); Cloudflare is failing, retry later (www.cloudflarestatus.com)"
            )),
            e => e,
        }
    }
}

/// "1 attempt", "3 attempts".
fn tries(attempts: u32) -> String {
    if attempts == 1 {
        "1 attempt".into()
    } else {
        format!("{attempts} attempts")
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

/// `cf-mitigated: challenge`, Cloudflare's mark on a challenge page.
pub(crate) fn is_waf_challenge(headers: &HeaderMap) -> bool {
    headers
        .get("cf-mitigated")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("challenge"))
}
