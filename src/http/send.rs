//! The one request loop both API clients run: admit (throttle, budget, concurrency), send, count,
//! judge the outcome, wait and retry. What a response means, which failures are worth another
//! attempt and what the final error says are each client's own ([`Policy`]); when to stop, how
//! long to wait and what a wait looks like are decided here, once.

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::{HeaderMap, CONTENT_TYPE};

use super::{classify, Failed, Log, Request, RequestCounter, Response};
use crate::http::request::Body;

/// How often and how long a client retries.
#[derive(Clone, Debug)]
pub struct Retry {
    /// First retry delay (exponential, with jitter).
    pub min_backoff: Duration,
    /// Longest retry delay.
    pub max_backoff: Duration,
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The longest `Retry-After` worth waiting for; longer ends the command.
    pub max_retry_after: Duration,
}

/// Why a request waits before it is sent.
#[derive(Clone, Debug, PartialEq)]
pub enum WaitReason {
    /// A retry after a failed attempt: the backoff, or the server's `Retry-After` (`asked`) if
    /// longer.
    Retry {
        after_attempt: u32,
        error: String,
        asked: Option<Duration>,
    },
    /// The request budget every mkt process of the token shares, kept at `place` (its file): its
    /// `limit` requests per 5 minutes are spent, or (`api_said`) the API says the token has no
    /// requests left.
    Budget {
        place: String,
        limit: u32,
        api_said: bool,
    },
    /// This process's own throttle, spreading requests below the rate limit.
    Throttle,
}

/// One wait, as it is reported: to the `-v` log, and to a [`WaitHook`] when one is set.
#[derive(Clone, Debug)]
pub struct Wait {
    /// The request waiting (`GET https://…/keys`, or `GET /reviews` on the Worker).
    pub request: String,
    pub reason: WaitReason,
    pub duration: Duration,
    /// Requests the server (or, for the budget, the window) says remain, when known.
    pub remaining: Option<u32>,
}

/// Waits shorter than this are the `-v` log's only (a person would not notice them).
const NOTICEABLE: Duration = Duration::from_secs(1);

impl Wait {
    /// Whether a person should be told (the budget, a server's `Retry-After`, a second or more);
    /// backoff between retries and the throttle's pacing are the `-v` log's.
    pub fn noticeable(&self) -> bool {
        let kind = match &self.reason {
            WaitReason::Retry { asked, .. } => asked.is_some(),
            WaitReason::Budget { .. } => true,
            WaitReason::Throttle => false,
        };
        kind && self.duration >= NOTICEABLE
    }

    /// What is waited for, the same for every report of one wait (many requests wait together).
    pub fn kind(&self) -> &'static str {
        match &self.reason {
            WaitReason::Retry { asked: Some(_), .. } => "retry-after",
            WaitReason::Retry { .. } => "backoff",
            WaitReason::Budget { .. } => "budget",
            WaitReason::Throttle => "throttle",
        }
    }

    /// Why, and how many requests remain: what follows "waiting 4 min 50 s ".
    pub fn why(&self) -> String {
        let left = |n: u32| match n {
            1 => "1 request".to_string(),
            n => format!("{} requests", crate::output::grouped(n.into())),
        };
        match &self.reason {
            WaitReason::Retry {
                after_attempt,
                asked: Some(asked),
                ..
            } => {
                let remaining = match self.remaining {
                    Some(n) => format!("; {} left in its window", left(n)),
                    None => String::new(),
                };
                format!(
                    "before retrying {}, as the server asked after attempt {after_attempt} (Retry-After {}{remaining})",
                    self.request,
                    crate::output::spoken(*asked)
                )
            }
            WaitReason::Retry {
                after_attempt,
                error,
                asked: None,
            } => format!(
                "before retrying {} after attempt {after_attempt}: {error}",
                self.request
            ),
            WaitReason::Budget {
                place,
                limit,
                api_said: false,
            } => format!(
                "for the request budget: {} of {} left in this 5-minute window, shared by every mkt process on this token ({place})",
                crate::output::grouped(self.remaining.unwrap_or(0).into()),
                left(*limit)
            ),
            WaitReason::Budget {
                place,
                api_said: true,
                ..
            } => format!(
                "for the request budget: the API says this token has {} left until then ({place})",
                left(self.remaining.unwrap_or(0))
            ),
            WaitReason::Throttle => "for the request throttle".into(),
        }
    }
}

impl fmt::Display for Wait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            // The `-v` log's retry line, as it has always read.
            WaitReason::Retry {
                after_attempt,
                error,
                asked: None,
            } => write!(
                f,
                "retrying {} in {:.1} s after attempt {after_attempt}: {error}",
                self.request,
                self.duration.as_secs_f64()
            ),
            _ => write!(
                f,
                "waiting {} {}",
                crate::output::spoken(self.duration),
                self.why()
            ),
        }
    }
}

/// Where waits are reported besides the `-v` log (a command's "waiting…" line).
pub type WaitHook = std::sync::Arc<dyn Fn(&Wait) + Send + Sync>;

static PROCESS_WAITS: std::sync::OnceLock<WaitHook> = std::sync::OnceLock::new();

/// Where every client of this process reports its waits unless it was given its own hook: the
/// CLI shows them on stderr. Set once, at start; like Ctrl-C, waits are the whole process's
/// (one stderr, one budget file), whichever target or client is waiting.
pub fn report_waits_to(hook: WaitHook) {
    let _ = PROCESS_WAITS.set(hook);
}

/// A reserved place for one request (a concurrency permit, a budget ticket), given back when
/// the attempt ends.
pub struct Slot<'a>(#[allow(dead_code)] Option<Box<dyn Send + 'a>>);

impl<'a> Slot<'a> {
    pub fn none() -> Self {
        Slot(None)
    }
    pub fn holding(what: impl Send + 'a) -> Self {
        Slot(Some(Box::new(what)))
    }
}

/// What one attempt's outcome means to the client.
pub enum Verdict<E> {
    /// The answer (a 404 can be one): the loop ends with it.
    Answer(Response),
    /// A failure not worth another attempt.
    Fail(E),
    /// Worth another attempt, no sooner than `after` (the server's `Retry-After`); `error` is
    /// what the command fails with when no attempt is left.
    Retry { after: Option<Duration>, error: E },
}

/// What a client decides in the loop.
#[async_trait]
pub trait Policy: Sync {
    type Error: fmt::Display + Send;

    /// Waits until the request may start (throttle, budget, a free slot); a stop asked for
    /// meanwhile ends the wait. Default: at once.
    async fn admit(&self, _req: &Request) -> Result<Slot<'_>, Self::Error> {
        Ok(Slot::none())
    }
    /// Sees every response's headers (a budget learns what the server says remains).
    fn observe(&self, _headers: &HeaderMap) {}
    /// Requests the server last said remain in its window, for a wait's report.
    fn remaining(&self) -> Option<u32> {
        None
    }
    /// What one attempt's outcome means.
    fn judge(
        &self,
        req: &Request,
        outcome: Result<Response, Failed>,
        attempts: u32,
    ) -> Verdict<Self::Error>;
    /// The error of a request not started (or not retried) because a stop was asked for.
    fn interrupted(&self) -> Self::Error;
}

/// An HTTP client rooted at one URL, with the loop every request goes through.
pub struct HttpClient {
    http: reqwest::Client,
    /// Where request paths are appended (may hold a password: never shown).
    root: String,
    /// `root` as messages show it, its password redacted.
    shown_root: String,
    /// Name requests by their whole URL (the Cloudflare API, whose root is not the user's
    /// setting alone) or by method and path (the Worker, whose base URL messages name apart).
    full_names: bool,
    pub requests: RequestCounter,
    pub retry: Retry,
    log: Option<Log>,
    on_wait: Option<WaitHook>,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials live in `http`'s default headers; nothing here prints them.
        f.debug_struct("HttpClient")
            .field("root", &self.shown_root)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    pub fn new(
        http: reqwest::Client,
        root: &str,
        full_names: bool,
        retry: Retry,
        log: Option<Log>,
    ) -> Self {
        HttpClient {
            http,
            root: root.to_string(),
            shown_root: super::shown_url(root),
            full_names,
            requests: RequestCounter::default(),
            retry,
            log,
            on_wait: None,
        }
    }

    /// Reports waits to `hook` as well as to the `-v` log.
    pub fn on_wait(mut self, hook: Option<WaitHook>) -> Self {
        self.on_wait = hook;
        self
    }

    /// The root URL as messages may show it.
    pub fn shown_root(&self) -> &str {
        &self.shown_root
    }

    /// The request's URL as messages may show it (no password, no query).
    pub fn shown_url(&self, req: &Request) -> String {
        format!("{}{}", self.shown_root, req.path)
    }

    /// How `-v` lines and retry messages name a request.
    pub fn name(&self, req: &Request) -> String {
        if self.full_names {
            format!("{} {}", req.method, self.shown_url(req))
        } else {
            req.label()
        }
    }

    /// Backoff delays for one request's retries (also used by callers that resend part of a
    /// request themselves, like KV's `unsuccessful_keys`).
    pub fn backoff(&self) -> impl Iterator<Item = Duration> {
        super::backoff(
            self.retry.min_backoff,
            self.retry.max_backoff,
            self.retry.max_retries,
        )
    }

    /// Writes a line to the `-v` log, if there is one (never given secrets).
    pub fn log(&self, message: impl FnOnce() -> String) {
        if let Some(log) = &self.log {
            log(&message());
        }
    }

    /// Reports a wait: to the hook (this client's, else the process's), and to the `-v` log
    /// (except the throttle's, which are many and short by design: the hook alone hears them).
    pub fn waiting(&self, wait: &Wait) {
        if let Some(hook) = self.on_wait.as_ref().or(PROCESS_WAITS.get()) {
            hook(wait);
        }
        if wait.reason != WaitReason::Throttle {
            self.log(|| wait.to_string());
        }
    }

    /// Sends `req` through the loop: admitted, counted, judged by `policy`, and retried as it
    /// says while the backoff lasts. A `Retry-After` is waited out in full (the policy fails at
    /// once on one longer than it accepts).
    pub async fn send<P: Policy>(&self, policy: &P, req: &Request) -> Result<Response, P::Error> {
        let mut backoff = self.backoff();
        let mut attempts = 0u32;
        loop {
            // The safe point: a request either is sent whole or, after Ctrl-C, not at all.
            if crate::interrupt::requested() {
                return Err(policy.interrupted());
            }
            let slot = tokio::select! {
                slot = policy.admit(req) => slot?,
                _ = crate::interrupt::wait() => return Err(policy.interrupted()),
            };
            if crate::interrupt::requested() {
                return Err(policy.interrupted());
            }
            attempts += 1;
            let outcome = self.attempt(policy, req).await;
            drop(slot);
            let (after, error) = match policy.judge(req, outcome, attempts) {
                Verdict::Answer(resp) => return Ok(resp),
                Verdict::Fail(e) => return Err(e),
                Verdict::Retry { after, error } => (after, error),
            };
            let Some(delay) = backoff.next() else {
                return Err(error);
            };
            let delay = delay.max(after.unwrap_or_default());
            self.waiting(&Wait {
                request: self.name(req),
                reason: WaitReason::Retry {
                    after_attempt: attempts,
                    error: error.to_string(),
                    asked: after,
                },
                duration: delay,
                remaining: after.and(policy.remaining()),
            });
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = crate::interrupt::wait() => return Err(policy.interrupted()),
            }
        }
    }

    /// One HTTP attempt, counted.
    async fn attempt<P: Policy>(&self, policy: &P, req: &Request) -> Result<Response, Failed> {
        self.requests.incr();
        let url = format!("{}{}", self.root, req.path);
        let mut builder = self.http.request(req.method.clone(), &url);
        for (name, value) in &req.headers {
            builder = builder.header(*name, *value);
        }
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
        let shown = self.shown_url(req);
        let classify = |e: reqwest::Error| classify(&req.method, &shown, e);
        let mut resp = builder.send().await.map_err(classify)?;
        let status = resp.status();
        self.log(|| format!("{} -> {}", self.name(req), status.as_u16()));
        let headers = resp.headers().clone();
        policy.observe(&headers);
        if status.is_redirection() {
            return Err(Failed::Redirect(redirected(
                &self.name(req),
                status,
                &headers,
            )));
        }
        let too_large = || {
            Failed::TooLarge(format!(
                "{} answered more than {}, the most {} may hold; mkt stopped reading it",
                self.name(req),
                req.limit.shown(),
                req.limit.what
            ))
        };
        // Refused before reading when the server says its size; else counted as it streams.
        if resp.content_length().is_some_and(|n| n > req.limit.bytes) {
            return Err(too_large());
        }
        let mut body =
            Vec::with_capacity(resp.content_length().unwrap_or(0).min(req.limit.bytes) as usize);
        while let Some(chunk) = resp.chunk().await.map_err(classify)? {
            if (body.len() + chunk.len()) as u64 > req.limit.bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// "GET https://…/keys answered HTTP 307, a redirect to https://elsewhere/…": where it pointed,
/// without a password or query, scrubbed.
fn redirected(name: &str, status: reqwest::StatusCode, headers: &HeaderMap) -> String {
    let to = headers
        .get(reqwest::header::LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .map(|l| crate::redact::scrub(&super::shown_url(super::without_query(l.trim()))));
    let to = match to.filter(|l| !l.is_empty()) {
        Some(l) => format!("a redirect to {l}"),
        None => "a redirect without a Location".into(),
    };
    format!(
        "{name} answered HTTP {}, {to}; mkt follows no redirect (one could carry its credentials or a write to another host)",
        status.as_u16()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn every_wait_reaches_the_hook_and_the_log_hears_all_but_the_throttle() {
        let logged: Arc<Mutex<Vec<String>>> = Default::default();
        let heard: Arc<Mutex<Vec<WaitReason>>> = Default::default();
        let log = logged.clone();
        let hook = heard.clone();
        let client = HttpClient::new(
            reqwest::Client::new(),
            "https://ops:pw@api.example.com/client/v4",
            true,
            Retry {
                min_backoff: Duration::from_millis(1),
                max_backoff: Duration::from_millis(2),
                max_retries: 1,
                max_retry_after: Duration::from_secs(60),
            },
            Some(Arc::new(move |l: &str| log.lock().unwrap().push(l.into()))),
        )
        .on_wait(Some(Arc::new(move |w: &Wait| {
            hook.lock().unwrap().push(w.reason.clone())
        })));
        assert_eq!(
            client.shown_root(),
            "https://ops:<redacted>@api.example.com/client/v4"
        );
        let wait = |reason| Wait {
            request: "GET https://api.example.com/x".into(),
            reason,
            duration: Duration::from_millis(1500),
            remaining: None,
        };
        client.waiting(&wait(WaitReason::Retry {
            after_attempt: 1,
            error: "server error: HTTP 503".into(),
            asked: None,
        }));
        let budget = wait(WaitReason::Budget {
            place: "budget file /c/budget-1.json".into(),
            limit: 1200,
            api_said: false,
        });
        client.waiting(&budget);
        client.waiting(&wait(WaitReason::Throttle));
        assert_eq!(heard.lock().unwrap().len(), 3);
        // The throttle's waits reach the hook only, not the `-v` log.
        assert_eq!(
            *logged.lock().unwrap(),
            [
                "retrying GET https://api.example.com/x in 1.5 s after attempt 1: server error: HTTP 503".to_string(),
                budget.to_string(),
            ]
        );
    }
}
