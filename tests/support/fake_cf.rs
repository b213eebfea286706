//! A fake Cloudflare REST API v4 (Workers KV + D1) for tests and benchmarks.
//!
//! It behaves like the real API as reference/cloudflare-api.md describes it: bearer auth, the v4
//! envelope, cursor listings (with an empty page mid-stream by default), raw KV reads, bulk limits,
//! D1 on a real in-memory SQLite. Faults (429, 5xx, HTML) can be scripted and every request is logged.
//! It serves from its own thread and tokio runtime, so blocking test code never starves it.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

#[path = "fake_cf/d1.rs"]
mod d1;
#[path = "fake_cf/kv.rs"]
mod kv;
#[path = "fake_cf/server.rs"]
mod server;
#[path = "fake_cf/tokens.rs"]
mod tokens;
pub use tokens::TokenOwner;

/// One stored KV entry.
#[derive(Clone, Debug)]
pub struct Entry {
    pub value: Vec<u8>,
    pub metadata: Option<serde_json::Value>,
    /// Absolute, epoch seconds.
    pub expiration: Option<i64>,
}

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct LoggedRequest {
    pub method: String,
    /// Percent-decoded path, e.g. `/client/v4/accounts/…/values/skill:a/b`.
    pub path: String,
    /// The path as sent (still percent-encoded).
    pub raw_path: String,
    pub query: Vec<(String, String)>,
    pub body_len: usize,
    /// The body as received, when it is at most 64 KiB (larger ones are only measured).
    pub body: Vec<u8>,
    /// Items in a bulk body (JSON array length, `keys` of bulk get, `batch` length).
    pub items: Option<usize>,
    /// A KV write/delete or a D1 statement that is not read-only.
    pub writes: bool,
    pub at: Instant,
    /// When the answer was ready (after the latency); `None` until answered.
    pub done: Option<Instant>,
    /// Response status (0 until answered).
    pub status: u16,
}

impl LoggedRequest {
    /// The body as JSON (panics when it is not, or was too large to keep).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body of at most 64 KiB")
    }
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A scripted response, returned instead of the real handling.
#[derive(Clone, Debug)]
pub struct Fault {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Fault {
    /// An envelope error with a code that fits the status (429 → 971, 401/403 → 10000, 404 → 7003,
    /// 5xx → 10001, others 1999).
    pub fn status(status: u16) -> Self {
        let (code, message) = match status {
            429 => (
                971,
                "Please wait and consider throttling your request speed",
            ),
            401 | 403 => (10000, "Authentication error"),
            404 => (7003, "No route for the URI"),
            s if s >= 500 => (10001, "Internal server error"),
            _ => (1999, "Fault injected"),
        };
        Fault {
            status,
            headers: Vec::new(),
            body: server::envelope_error(code, message).to_string(),
        }
    }
    pub fn retry_after(self, secs: u64) -> Self {
        self.header("Retry-After", &secs.to_string())
    }
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
    pub fn body(mut self, body: &str) -> Self {
        self.body = body.to_string();
        self
    }
    /// A WAF challenge page: HTML, `cf-mitigated: challenge`, a `cf-ray`.
    pub fn waf_challenge() -> Self {
        Fault {
            status: 403,
            headers: Vec::new(),
            body: "<!DOCTYPE html><html><body>Just a moment...</body></html>".into(),
        }
        .header("cf-mitigated", "challenge")
        .header("cf-ray", "8f00000000000000-LHR")
        .header("content-type", "text/html")
    }
}

pub(crate) struct ScriptedFault {
    method: Option<String>,
    path_contains: String,
    /// None = forever.
    remaining: Option<usize>,
    /// Only requests that write (a KV write/delete, a D1 body with a statement that is not read-only).
    writes_only: bool,
    /// Matching requests still let through before the fault starts.
    skip: usize,
    /// Only requests whose query has this parameter with this (decoded) value.
    query: Option<(String, String)>,
    fault: Fault,
}

pub(crate) struct State {
    pub(crate) account_id: String,
    pub(crate) token: String,
    pub(crate) namespaces: BTreeMap<String, BTreeMap<String, Entry>>,
    /// Each database behind its own lock, so a long D1 query does not hold up KV requests (the
    /// real API serves them independently).
    pub(crate) databases: HashMap<String, Arc<Mutex<rusqlite::Connection>>>,
    pub(crate) faults: Vec<ScriptedFault>,
    pub(crate) log: Vec<LoggedRequest>,
    pub(crate) latency: Duration,
    /// Server time per request, served at most `capacity` at once (see `set_server_cost`).
    pub(crate) cost: Option<(Duration, Arc<tokio::sync::Semaphore>)>,
    pub(crate) empty_page_before_end: bool,
    /// Empty pages anywhere: a first page with nothing, one between every two pages, one at the end.
    pub(crate) empty_pages_everywhere: bool,
    /// The per-token limit: requests per window, and the block that follows going over it.
    pub(crate) rate: RateLimit,
    /// How long a KV write takes to show in reads and listings (0: at once, the default).
    pub(crate) kv_lag: Duration,
    /// What reads still see of keys written less than `kv_lag` ago, per namespace: key → the
    /// entry before the write (`None`: the key did not exist) and when the write shows.
    pub(crate) lagging: BTreeMap<String, kv::Lagging>,
    /// Keys a bulk write/delete reports unsuccessful (and skips), with how many more times.
    pub(crate) unsuccessful: HashMap<String, usize>,
    /// Who owns the token and its status (`active`, `disabled`, `expired`), for token verification.
    pub(crate) token_owner: TokenOwner,
    pub(crate) token_status: String,
}

impl State {
    /// The next scripted fault matching this request, consuming one use of it.
    pub(crate) fn take_fault(
        &mut self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        writes: bool,
    ) -> Option<Fault> {
        let i = self.faults.iter().position(|f| {
            (writes || !f.writes_only)
                && f.query.as_ref().is_none_or(|q| query.contains(q))
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && path.contains(&f.path_contains)
        })?;
        let f = &mut self.faults[i];
        if f.skip > 0 {
            f.skip -= 1;
            return None;
        }
        let fault = f.fault.clone();
        if let Some(n) = &mut f.remaining {
            *n -= 1;
            if *n == 0 {
                self.faults.remove(i);
            }
        }
        Some(fault)
    }
}

pub(crate) type Shared = Arc<Mutex<State>>;

/// Cloudflare's per-token limit (reference/cloudflare-api.md §4): `limit` requests per `window`;
/// one more blocks every request for `block`, answered 429 with `Retry-After`.
pub(crate) struct RateLimit {
    pub(crate) limit: usize,
    pub(crate) window: Duration,
    pub(crate) block: Duration,
    pub(crate) headers: bool,
    pub(crate) hits: std::collections::VecDeque<Instant>,
    pub(crate) blocked_until: Option<Instant>,
    pub(crate) refused: usize,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            limit: 1200,
            window: Duration::from_secs(300),
            block: Duration::from_secs(300),
            headers: true,
            hits: Default::default(),
            blocked_until: None,
            refused: 0,
        }
    }
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000) as u64
}

/// Response headers as (name, value) pairs.
pub(crate) type Headers = Vec<(String, String)>;

impl RateLimit {
    /// Counts one request: `Ok(headers)` to send with the answer, or `Err(429 headers)`.
    pub(crate) fn admit(&mut self, now: Instant) -> Result<Headers, Headers> {
        let policy = (
            "ratelimit-policy".to_string(),
            format!(
                "\"default\";q={};w={}",
                self.limit,
                self.window.as_secs().max(1)
            ),
        );
        if let Some(until) = self.blocked_until {
            if now < until {
                self.refused += 1;
                let wait = ceil_secs(until - now);
                return Err(vec![
                    ("retry-after".into(), wait.to_string()),
                    ("ratelimit".into(), format!("\"default\";r=0;t={wait}")),
                    policy,
                ]);
            }
            self.blocked_until = None;
            self.hits.clear();
        }
        while self
            .hits
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            self.hits.pop_front();
        }
        if self.hits.len() >= self.limit {
            self.blocked_until = Some(now + self.block);
            self.refused += 1;
            let wait = ceil_secs(self.block);
            return Err(vec![
                ("retry-after".into(), wait.to_string()),
                ("ratelimit".into(), format!("\"default\";r=0;t={wait}")),
                policy,
            ]);
        }
        self.hits.push_back(now);
        if !self.headers {
            return Ok(Vec::new());
        }
        let oldest = *self.hits.front().expect("just pushed");
        let reset = ceil_secs(self.window.saturating_sub(now.duration_since(oldest)));
        Ok(vec![
            (
                "ratelimit".into(),
                format!("\"default\";r={};t={reset}", self.limit - self.hits.len()),
            ),
            policy,
        ])
    }
}

/// Scripts faults on a running fake; cheap to clone and `'static`.
#[derive(Clone)]
pub struct FaultHandle(Shared);

impl FaultHandle {
    /// Like [`FakeCloudflare::inject`].
    pub fn inject(&self, method: &str, path_contains: &str, times: usize, fault: Fault) {
        if times > 0 {
            self.push(method, path_contains, Some(times), fault, false, 0);
        }
    }
    fn push(
        &self,
        method: &str,
        path_contains: &str,
        remaining: Option<usize>,
        fault: Fault,
        writes_only: bool,
        skip: usize,
    ) {
        let method = (method != "*").then(|| method.to_ascii_uppercase());
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .faults
            .push(ScriptedFault {
                method,
                path_contains: path_contains.into(),
                remaining,
                writes_only,
                skip,
                query: None,
                fault,
            });
    }
}

/// A running fake. Dropping it stops the server.
pub struct FakeCloudflare {
    state: Shared,
    addr: SocketAddr,
    namespace_id: String,
    database_id: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn random_hex(bytes: usize) -> String {
    (0..bytes)
        .map(|_| format!("{:02x}", rand::random::<u8>()))
        .collect()
}

impl FakeCloudflare {
    /// Starts on an ephemeral loopback port with one account, one KV namespace and one D1 database.
    pub fn start() -> Self {
        Self::start_on(0)
    }

    pub fn start_on(port: u16) -> Self {
        let account_id = random_hex(16);
        let namespace_id = random_hex(16);
        let d = random_hex(16);
        let database_id = format!(
            "{}-{}-{}-{}-{}",
            &d[..8],
            &d[8..12],
            &d[12..16],
            &d[16..20],
            &d[20..]
        );
        let mut databases = HashMap::new();
        databases.insert(
            database_id.clone(),
            Arc::new(Mutex::new(
                rusqlite::Connection::open_in_memory().expect("in-memory sqlite"),
            )),
        );
        let mut namespaces = BTreeMap::new();
        namespaces.insert(namespace_id.clone(), BTreeMap::new());
        let state = Arc::new(Mutex::new(State {
            account_id,
            // Real API tokens are 40 URL-safe characters; the fake refuses other shapes.
            token: random_hex(20),
            namespaces,
            databases,
            faults: Vec::new(),
            log: Vec::new(),
            latency: Duration::ZERO,
            cost: None,
            empty_page_before_end: true,
            empty_pages_everywhere: false,
            rate: RateLimit::default(),
            kv_lag: Duration::ZERO,
            lagging: BTreeMap::new(),
            unsuccessful: HashMap::new(),
            token_owner: TokenOwner::User,
            token_status: "active".into(),
        }));
        let listener =
            std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind fake cloudflare");
        listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let addr = listener.local_addr().expect("local addr");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = server::router(state.clone());
        let thread = std::thread::Builder::new()
            .name("fake-cloudflare".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("fake cloudflare runtime");
                rt.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                    tokio::select! {
                        r = axum::serve(listener, app) => r.expect("fake cloudflare server"),
                        _ = stopped => {}
                    }
                });
                // Dropping the runtime here cancels open connections.
            })
            .expect("spawn fake cloudflare");
        FakeCloudflare {
            state,
            addr,
            namespace_id,
            database_id,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    /// `http://127.0.0.1:PORT/client/v4`
    pub fn base_url(&self) -> String {
        format!("http://{}/client/v4", self.addr)
    }
    pub fn account_id(&self) -> String {
        self.lock().account_id.clone()
    }
    pub fn token(&self) -> String {
        self.lock().token.clone()
    }
    pub fn namespace_id(&self) -> String {
        self.namespace_id.clone()
    }
    pub fn database_id(&self) -> String {
        self.database_id.clone()
    }

    /// Environment for `Sandbox::mkt().envs(fake.env())`.
    /// Settings that reach this server: no throttling to speak of, 4 requests in flight,
    /// 3 retries. Tests override fields with struct-update syntax.
    pub fn settings(&self) -> mkt::config::CloudflareSettings {
        mkt::config::CloudflareSettings {
            api_token: mkt::config::Secret::new(self.token()),
            account_id: self.account_id(),
            base_url: self.base_url(),
            kv_namespace_id: self.namespace_id(),
            d1_database_id: self.database_id(),
            rate_limit: 100_000,
            concurrency: 4,
            max_retries: 3,
            max_wait: std::time::Duration::from_secs(60),
        }
    }

    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("CLOUDFLARE_API_TOKEN".into(), self.token()),
            ("CLOUDFLARE_ACCOUNT_ID".into(), self.account_id()),
            ("CLOUDFLARE_API_BASE_URL".into(), self.base_url()),
            ("MKT_KV_NAMESPACE_ID".into(), self.namespace_id()),
            ("MKT_D1_DATABASE_ID".into(), self.database_id()),
        ]
    }

    // ---- configuration -------------------------------------------------------------------

    /// Delay added to every request (benchmarks).
    pub fn set_latency(&self, latency: Duration) {
        self.lock().latency = latency;
    }
    /// What serving a request costs the server: each request holds one of `capacity` slots for
    /// `cost` after its latency, so requests beyond `capacity` at once queue (a real KV list
    /// call takes server time; without this, parallel walks would look free). Default none.
    pub fn set_server_cost(&self, cost: Duration, capacity: usize) {
        self.lock().cost = (!cost.is_zero() && capacity > 0)
            .then(|| (cost, Arc::new(tokio::sync::Semaphore::new(capacity))));
    }
    /// Whether listings over one page return an empty page (with a cursor) mid-stream. Default on.
    pub fn set_empty_page_before_end(&self, on: bool) {
        self.lock().empty_page_before_end = on;
    }
    /// Empty pages anywhere in a listing: first, between every two pages and last (the API
    /// promises only that a page may be empty while the cursor goes on). Default off.
    pub fn set_empty_pages_everywhere(&self, on: bool) {
        self.lock().empty_pages_everywhere = on;
    }
    /// The per-token limit (default Cloudflare's: 1,200 requests per 300 s, then every request
    /// is refused with 429 for 300 s). Tests shrink the window to see it without waiting.
    pub fn set_rate_limit(&self, limit: usize, window: Duration, block: Duration) {
        let mut st = self.lock();
        st.rate.limit = limit;
        st.rate.window = window;
        st.rate.block = block;
    }
    /// Whether every response carries `Ratelimit` / `Ratelimit-Policy` (default on, as the API does).
    pub fn set_ratelimit_headers(&self, on: bool) {
        self.lock().rate.headers = on;
    }
    /// Requests refused by the per-token limit so far.
    pub fn rate_limited(&self) -> usize {
        self.lock().rate.refused
    }
    /// The most requests that arrived within any `window` (from the request log).
    pub fn max_requests_within(&self, window: Duration) -> usize {
        let st = self.lock();
        let times: Vec<Instant> = st.log.iter().map(|r| r.at).collect();
        let mut best = 0;
        let mut first = 0;
        for (last, t) in times.iter().enumerate() {
            while t.duration_since(times[first]) >= window {
                first += 1;
            }
            best = best.max(last + 1 - first);
        }
        best
    }
    /// KV read and list lag: a write shows in reads and listings only after `lag`, as it may on
    /// the real network (up to 60 s). Default off. Direct access (`kv_get`, …) sees writes at once.
    pub fn set_kv_lag(&self, lag: Duration) {
        let mut st = self.lock();
        st.kv_lag = lag;
        if lag.is_zero() {
            st.lagging.clear();
        }
    }
    /// Replaces the token the server accepts (two fakes with one token: one token on two APIs).
    pub fn set_token(&self, token: &str) {
        self.lock().token = token.to_string();
    }
    /// Makes the token account-owned (verified only under `/accounts/{id}/tokens/verify`) or user-owned.
    pub fn set_token_owner(&self, owner: TokenOwner) {
        self.lock().token_owner = owner;
    }
    /// `active`, `disabled` or `expired`: anything but active is refused outside verification.
    pub fn set_token_status(&self, status: &str) {
        self.lock().token_status = status.to_string();
    }
    /// Removes the D1 database (a deleted or wrong `database_id`).
    pub fn drop_database(&self) {
        let db = self.database_id.clone();
        self.lock().databases.remove(&db);
    }
    /// Removes the KV namespace (a deleted or wrong `namespace_id`).
    pub fn drop_namespace(&self) {
        let ns = self.namespace_id.clone();
        self.lock().namespaces.remove(&ns);
    }
    /// Adds another KV namespace and returns its id.
    pub fn add_namespace(&self) -> String {
        let id = random_hex(16);
        self.lock().namespaces.insert(id.clone(), BTreeMap::new());
        id
    }

    // ---- fault scripting -----------------------------------------------------------------

    /// The next `times` requests whose method matches (`"*"` = any) and whose decoded path contains
    /// `path_contains` get `fault` instead of an answer. Faults are matched in the order added.
    pub fn inject(&self, method: &str, path_contains: &str, times: usize, fault: Fault) {
        if times == 0 {
            return;
        }
        self.push_fault(method, path_contains, Some(times), fault, false);
    }
    /// Like `inject`, only for requests that write (so reads before a write still go through).
    pub fn inject_writes(&self, path_contains: &str, times: usize, fault: Fault) {
        if times == 0 {
            return;
        }
        self.push_fault("*", path_contains, Some(times), fault, true);
    }
    /// Like `inject_writes`, after letting `skip` matching writes through (a later batch fails).
    pub fn inject_writes_after(
        &self,
        path_contains: &str,
        skip: usize,
        times: usize,
        fault: Fault,
    ) {
        if times == 0 {
            return;
        }
        self.faults()
            .push("*", path_contains, Some(times), fault, true, skip);
    }
    /// Like `inject` (`times` `None`: until `clear_faults`), only for requests whose query has
    /// `param` set to `value` (e.g. one listing's `prefix`).
    pub fn inject_with_query(
        &self,
        method: &str,
        path_contains: &str,
        (param, value): (&str, &str),
        times: Option<usize>,
        fault: Fault,
    ) {
        let method = (method != "*").then(|| method.to_ascii_uppercase());
        self.lock().faults.push(ScriptedFault {
            method,
            path_contains: path_contains.into(),
            remaining: times,
            writes_only: false,
            skip: 0,
            query: Some((param.to_string(), value.to_string())),
            fault,
        });
    }
    /// Like `inject`, for every matching request until `clear_faults`.
    pub fn inject_always(&self, method: &str, path_contains: &str, fault: Fault) {
        self.push_fault(method, path_contains, None, fault, false);
    }
    fn push_fault(
        &self,
        method: &str,
        path_contains: &str,
        remaining: Option<usize>,
        fault: Fault,
        writes_only: bool,
    ) {
        self.faults()
            .push(method, path_contains, remaining, fault, writes_only, 0);
    }
    /// A handle that scripts faults from elsewhere (a test's own code running mid-request).
    pub fn faults(&self) -> FaultHandle {
        FaultHandle(self.state.clone())
    }
    /// Most requests the server was ever answering at once (from arrival to answer).
    pub fn max_in_flight(&self) -> usize {
        let log = self.lock().log.clone();
        let mut edges: Vec<(Instant, i32)> = Vec::new();
        for r in &log {
            edges.push((r.at, 1));
            edges.push((r.done.unwrap_or(r.at), -1));
        }
        // Ends before starts at the same instant: back-to-back requests do not overlap.
        edges.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let (mut now, mut max) = (0i32, 0i32);
        for (_, d) in edges {
            now += d;
            max = max.max(now);
        }
        max as usize
    }
    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }
    /// Bulk writes/deletes report `key` in `unsuccessful_keys` (and skip it) the next `times` times.
    pub fn fail_bulk_key(&self, key: &str, times: usize) {
        self.lock().unsuccessful.insert(key.to_string(), times);
    }

    // ---- request log ---------------------------------------------------------------------

    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }
    pub fn request_count(&self) -> usize {
        self.lock().log.len()
    }
    /// Requests with this method (`"*"` = any) whose decoded path contains `path_contains`.
    pub fn count(&self, method: &str, path_contains: &str) -> usize {
        self.matching(method, path_contains).len()
    }
    pub fn matching(&self, method: &str, path_contains: &str) -> Vec<LoggedRequest> {
        self.lock()
            .log
            .iter()
            .filter(|r| {
                (method == "*" || r.method.eq_ignore_ascii_case(method))
                    && r.path.contains(path_contains)
            })
            .cloned()
            .collect()
    }
    /// KV writes/deletes and D1 requests holding a statement that is not read-only.
    pub fn mutating_requests(&self) -> Vec<LoggedRequest> {
        self.lock()
            .log
            .iter()
            .filter(|r| r.writes)
            .cloned()
            .collect()
    }
    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    // ---- direct access to the data -------------------------------------------------------

    pub fn kv_put(&self, key: &str, value: &str) {
        self.kv_put_entry(
            key,
            Entry {
                value: value.as_bytes().to_vec(),
                metadata: None,
                expiration: None,
            },
        );
    }
    pub fn kv_put_entry(&self, key: &str, entry: Entry) {
        let ns = self.namespace_id.clone();
        self.lock()
            .namespaces
            .get_mut(&ns)
            .expect("namespace")
            .insert(key.to_string(), entry);
    }
    /// A write as another client (the Worker) makes it: under `set_kv_lag`, reads and listings
    /// see it only after the lag. (`kv_put` seeds state that is already settled.)
    pub fn kv_put_as_client(&self, key: &str, value: &str) {
        let ns = self.namespace_id.clone();
        let mut st = self.lock();
        let lag = st.kv_lag;
        let State {
            namespaces,
            lagging,
            ..
        } = &mut *st;
        let map = namespaces.get_mut(&ns).expect("namespace");
        kv::note_write(map, lagging.entry(ns.clone()).or_default(), lag, key);
        map.insert(
            key.to_string(),
            Entry {
                value: value.as_bytes().to_vec(),
                metadata: None,
                expiration: None,
            },
        );
    }
    /// Many keys at once (fast seeding for large listings).
    pub fn kv_put_many(&self, pairs: impl IntoIterator<Item = (String, String)>) {
        let ns = self.namespace_id.clone();
        let mut st = self.lock();
        let map = st.namespaces.get_mut(&ns).expect("namespace");
        for (k, v) in pairs {
            map.insert(
                k,
                Entry {
                    value: v.into_bytes(),
                    metadata: None,
                    expiration: None,
                },
            );
        }
    }
    pub fn kv_get(&self, key: &str) -> Option<String> {
        self.kv_entry(key)
            .map(|e| String::from_utf8_lossy(&e.value).into_owned())
    }
    pub fn kv_entry(&self, key: &str) -> Option<Entry> {
        self.lock()
            .namespaces
            .get(&self.namespace_id)
            .and_then(|m| m.get(key))
            .cloned()
    }
    pub fn kv_delete(&self, key: &str) {
        let ns = self.namespace_id.clone();
        self.lock()
            .namespaces
            .get_mut(&ns)
            .expect("namespace")
            .remove(key);
    }
    /// Every key, in UTF-8 byte order.
    pub fn kv_keys(&self) -> Vec<String> {
        self.lock()
            .namespaces
            .get(&self.namespace_id)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }
    pub fn kv_len(&self) -> usize {
        self.lock()
            .namespaces
            .get(&self.namespace_id)
            .map(|m| m.len())
            .unwrap_or(0)
    }

    fn database(&self) -> Arc<Mutex<rusqlite::Connection>> {
        self.lock().databases[&self.database_id].clone()
    }

    /// In-sync skills straight into the fake's state (no HTTP: a million skills load in seconds).
    pub fn fill_in_sync(&self, slugs: &[String]) {
        let layout = mkt::config::Layout::default();
        for stmt in mkt::schema::migration_statements(&layout) {
            self.d1_exec(&stmt);
        }
        self.kv_put_many(slugs.iter().map(|s| {
            (
                format!("{}{s}", layout.skill_prefix),
                serde_json::json!({"name": s, "displayName": format!("Skill {s}"), "category": "tools",
                    "labels": [], "trendingScore7d": 0, "trendingScore30d": 0})
                .to_string(),
            )
        }));
        self.kv_put(
            &layout.index_key,
            &serde_json::to_string(slugs).expect("json"),
        );
        // Catalog slugs are [a-z0-9-] only, so they go into SQL text as they are.
        for block in slugs.chunks(20_000) {
            let mut sql = String::from("BEGIN;");
            for chunk in block.chunks(500) {
                let rows: Vec<String> = chunk
                    .iter()
                    .map(|s| {
                        format!("('{s}', 'Skill {s}', 'tools', '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
                    })
                    .collect();
                sql.push_str(&format!(
                    "INSERT INTO {} (name, display_name, category, labels, created_at, updated_at) VALUES {};",
                    layout.skills_table,
                    rows.join(", ")
                ));
            }
            sql.push_str("COMMIT;");
            self.d1_exec(&sql);
        }
    }

    /// Runs SQL (several `;`-separated statements allowed) on the D1 database.
    pub fn d1_exec(&self, sql: &str) {
        let conn = self.database();
        let conn = conn.lock().unwrap_or_else(|e| e.into_inner());
        conn.execute_batch(sql)
            .unwrap_or_else(|e| panic!("d1_exec {sql:?}: {e}"));
    }
    /// Rows of one query as JSON objects.
    pub fn d1_query(&self, sql: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
        let conn = self.database();
        let conn = conn.lock().unwrap_or_else(|e| e.into_inner());
        d1::query_rows(&conn, sql).unwrap_or_else(|e| panic!("d1_query {sql:?}: {e}"))
    }
}

impl Drop for FakeCloudflare {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
