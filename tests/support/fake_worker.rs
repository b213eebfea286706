//! A fake marketplace Worker API on loopback, for tests: seed 000's reviews API and ingest and
//! seed 001's admin endpoints, over a real local store (the SQLite file `mkt --target local`
//! uses: `_mkt_kv` for KV, the D1 tables beside it).
//!
//! Like a real Worker it validates payloads and answers errors as `{"error", "field"}` JSON,
//! soft-deletes, keeps `review_aggregates` current, caps page sizes, and needs `X-Internal-Key`
//! (or a bearer token) on admin endpoints and writes. It serves several response shapes
//! (`Shape`), and faults can be scripted: any status, HTML error pages, hangs (timeouts), 401,
//! and "applied, then failed" answers. Every request is logged.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Map, Value};

#[path = "fake_worker/admin.rs"]
mod admin;
#[path = "fake_worker/reviews.rs"]
mod reviews;

/// How the fake shapes its bodies. Real Workers differ; the client must read them all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Lists under this key (`reviews`, `data`, `items`, `results`), or a bare array.
    pub list_key: Option<&'static str>,
    /// Single reviews under this key (`review`, `data`), or bare.
    pub object_key: Option<&'static str>,
    /// camelCase field names instead of snake_case.
    pub camel: bool,
    /// Lists carry `total` (else the client must page until a short page).
    pub total: bool,
}

impl Shape {
    /// Bare arrays and objects, snake_case, no total.
    pub const BARE: Shape = Shape {
        list_key: None,
        object_key: None,
        camel: false,
        total: false,
    };
    /// `{"reviews": [...], "total": n}` and `{"review": {...}}`, snake_case.
    pub const WRAPPED: Shape = Shape {
        list_key: Some("reviews"),
        object_key: Some("review"),
        camel: false,
        total: true,
    };
    /// `{"success": true, "data": [...]}` and `{"success": true, "data": {...}}`, camelCase, no total.
    pub const DATA_CAMEL: Shape = Shape {
        list_key: Some("data"),
        object_key: Some("data"),
        camel: true,
        total: false,
    };
    /// `{"items": [...], "totalCount": n}`, camelCase, bare objects.
    pub const ITEMS_CAMEL: Shape = Shape {
        list_key: Some("items"),
        object_key: None,
        camel: true,
        total: true,
    };
    /// `{"results": [...]}` without a total, bare objects, snake_case.
    pub const RESULTS: Shape = Shape {
        list_key: Some("results"),
        object_key: None,
        camel: false,
        total: false,
    };
    pub const ALL: [Shape; 5] = [
        Shape::BARE,
        Shape::WRAPPED,
        Shape::DATA_CAMEL,
        Shape::ITEMS_CAMEL,
        Shape::RESULTS,
    ];
}

/// What a scripted fault does instead of (or after) the real handling.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer this status and body without handling the request.
    Status {
        status: u16,
        content_type: String,
        body: String,
    },
    /// Handle the request (its writes happen), then answer this status anyway.
    AfterApply { status: u16 },
    /// Wait this long before handling it (the client times out and nothing is applied).
    Hang(Duration),
    /// Handle the request, then wait this long before answering (applied, but the client times out).
    HangAfterApply(Duration),
    /// Answer 429 without handling the request, with `Retry-After: value` (as a Worker behind
    /// Cloudflare's rate limiting rules does).
    TooMany { retry_after: String },
}

impl Fault {
    /// A JSON error body, `{"error": message}`.
    pub fn json(status: u16, message: &str) -> Self {
        Fault::Status {
            status,
            content_type: "application/json".into(),
            body: json!({ "error": message }).to_string(),
        }
    }
    /// An HTML error page, as a proxy or Cloudflare's edge sends.
    pub fn html(status: u16) -> Self {
        let title = match status {
            502 => "502 Bad Gateway",
            503 => "503 Service Temporarily Unavailable",
            404 => "404 Not Found",
            _ => "Error",
        };
        Fault::Status {
            status,
            content_type: "text/html; charset=utf-8".into(),
            body: format!(
                "<!DOCTYPE html>\n<html><head><title>{title}</title></head><body><h1>{title}</h1><p>cloudflare</p></body></html>"
            ),
        }
    }
    pub fn unauthorized() -> Self {
        Fault::json(401, "unauthorized")
    }
    /// 429 asking the client to wait `secs` seconds.
    pub fn too_many(secs: u64) -> Self {
        Fault::TooMany {
            retry_after: secs.to_string(),
        }
    }
}

struct ScriptedFault {
    method: Option<String>,
    path_contains: String,
    /// Matching requests let through before the fault starts.
    skip: usize,
    remaining: Option<usize>,
    fault: Fault,
}

/// One request as the fake received it.
#[derive(Clone, Debug)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub internal_key: Option<String>,
    pub authorization: Option<String>,
    /// `X-Signet-Sync`, which the reviews daemon's own sync sends.
    pub signet_sync: Option<String>,
    pub status: u16,
}

impl Logged {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) struct State {
    pub(crate) conn: rusqlite::Connection,
    pub(crate) internal_key: String,
    pub(crate) bearer: String,
    pub(crate) shape: Shape,
    /// Page-size cap of `GET /reviews` (a real Worker clamps `limit`).
    pub(crate) max_page: usize,
    /// What the Worker's bundled seed catalog holds.
    pub(crate) seed_count: u64,
    faults: Vec<ScriptedFault>,
    log: Vec<Logged>,
    /// The last timestamp handed out (epoch ms), so each write is strictly newer.
    pub(crate) clock: u64,
    /// Delay added to every request (benchmarks).
    latency: Duration,
    /// Ingest takes batches without credentials (seed 000 makes its daemon token optional; the
    /// daemon's own sync sends none).
    open_ingest: bool,
}

type Shared = Arc<Mutex<State>>;

/// A running fake Worker. Dropping it stops the server.
pub struct FakeWorker {
    state: Shared,
    addr: SocketAddr,
    store: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// The internal key every fake accepts unless told otherwise (40 URL-safe characters, like a
/// generated secret).
pub const INTERNAL_KEY: &str = "ik_4f1d9c2b7a6e5d4c3b2a19f8e7d6c5b4a3f2e1d0";
pub const BEARER: &str = "tok_9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";

impl FakeWorker {
    /// Starts on an ephemeral loopback port over the local store at `store` (created with the D1
    /// tables when missing), answering in `shape`.
    pub fn start(store: &Path, shape: Shape) -> Self {
        if let Some(dir) = store.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        let conn = rusqlite::Connection::open(store).expect("open the fake worker's store");
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;
             CREATE TABLE IF NOT EXISTS _mkt_kv (key TEXT PRIMARY KEY, value BLOB NOT NULL, metadata TEXT, expiration INTEGER) WITHOUT ROWID;",
        )
        .unwrap();
        for sql in mkt::schema::migration_statements(&mkt::config::Layout::default()) {
            conn.execute_batch(&sql).unwrap();
        }
        let state = Arc::new(Mutex::new(State {
            conn,
            internal_key: INTERNAL_KEY.into(),
            bearer: BEARER.into(),
            shape,
            max_page: 50,
            seed_count: 0,
            faults: Vec::new(),
            log: Vec::new(),
            clock: 0,
            latency: Duration::ZERO,
            open_ingest: false,
        }));
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind fake worker");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = Router::new().fallback(handle).with_state(state.clone());
        let thread = std::thread::Builder::new()
            .name("fake-worker".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                    tokio::select! {
                        r = axum::serve(listener, app) => r.expect("fake worker server"),
                        _ = stopped => {}
                    }
                });
            })
            .unwrap();
        FakeWorker {
            state,
            addr,
            store: store.to_path_buf(),
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn store(&self) -> &Path {
        &self.store
    }

    /// Environment for `Sandbox::mkt().envs(worker.env())`: URL, internal key, few fast retries.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("MKT_API_URL".into(), self.url()),
            ("MKT_INTERNAL_KEY".into(), INTERNAL_KEY.into()),
            ("MKT_MAX_RETRIES".into(), "2".into()),
            ("MKT_API_TIMEOUT".into(), "2".into()),
        ]
    }

    pub fn set_shape(&self, shape: Shape) {
        self.lock().shape = shape;
    }
    pub fn set_max_page(&self, n: usize) {
        self.lock().max_page = n;
    }
    /// Delay added to every request (benchmarks).
    pub fn set_latency(&self, latency: Duration) {
        self.lock().latency = latency;
    }
    pub fn set_seed_count(&self, n: u64) {
        self.lock().seed_count = n;
    }
    /// Lets `POST /ingest/signet-reviews` in without credentials, as the daemon sends it.
    pub fn set_open_ingest(&self, open: bool) {
        self.lock().open_ingest = open;
    }

    /// The next `times` requests whose method matches (`"*"` = any) and whose path contains
    /// `path_contains` get `fault`.
    pub fn inject(&self, method: &str, path_contains: &str, times: usize, fault: Fault) {
        self.inject_after(method, path_contains, 0, Some(times), fault);
    }
    pub fn inject_always(&self, method: &str, path_contains: &str, fault: Fault) {
        self.inject_after(method, path_contains, 0, None, fault);
    }
    /// Like `inject`, after `skip` matching requests were answered normally (`None`: forever).
    pub fn inject_after(
        &self,
        method: &str,
        path_contains: &str,
        skip: usize,
        times: Option<usize>,
        fault: Fault,
    ) {
        self.lock().faults.push(ScriptedFault {
            method: (method != "*").then(|| method.to_ascii_uppercase()),
            path_contains: path_contains.into(),
            skip,
            remaining: times,
            fault,
        });
    }
    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    pub fn requests(&self) -> Vec<Logged> {
        self.lock().log.clone()
    }
    pub fn count(&self, method: &str, path_contains: &str) -> usize {
        self.lock()
            .log
            .iter()
            .filter(|r| (method == "*" || r.method == method) && r.path.contains(path_contains))
            .count()
    }
    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    /// Runs SQL on the fake's store (several `;`-separated statements allowed).
    pub fn exec(&self, sql: &str) {
        self.lock()
            .conn
            .execute_batch(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// Rows of one query on the fake's store.
    pub fn query(&self, sql: &str) -> Vec<Map<String, Value>> {
        let st = self.lock();
        reviews::rows(&st.conn, sql, &[])
    }
}

impl Drop for FakeWorker {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A response before it becomes an axum one.
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Self {
        Reply {
            status,
            content_type: "application/json".into(),
            body: body.to_string(),
        }
    }
    /// The Worker's error shape: `{"error": message, "field": field}`.
    pub fn error(status: u16, message: &str, field: Option<&str>) -> Self {
        let mut body = json!({ "error": message });
        if let Some(f) = field {
            body["field"] = json!(f);
        }
        Reply::json(status, body)
    }
}

fn lock(state: &Shared) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(&k.replace('+', " ")), decode(&v.replace('+', " ")))
        })
        .collect()
}

async fn handle(
    AxState(state): AxState<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let query = parse_query(uri.query().unwrap_or(""));
    let header = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let latency = lock(&state).latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let (idx, fault) = {
        let mut st = lock(&state);
        st.log.push(Logged {
            method: method.to_string(),
            path: decode(&path),
            query: query.clone(),
            body: body.to_vec(),
            internal_key: header("x-internal-key"),
            authorization: header("authorization"),
            signet_sync: header("x-signet-sync"),
            status: 0,
        });
        let idx = st.log.len() - 1;
        let dpath = decode(&path);
        let matching = st.faults.iter().position(|f| {
            f.method.as_deref().is_none_or(|m| m == method.as_str())
                && dpath.contains(&f.path_contains)
        });
        let fault = match matching {
            Some(i) if st.faults[i].skip > 0 => {
                st.faults[i].skip -= 1;
                None
            }
            Some(i) => {
                let fault = st.faults[i].fault.clone();
                if let Some(n) = &mut st.faults[i].remaining {
                    *n -= 1;
                    if *n == 0 {
                        st.faults.remove(i);
                    }
                }
                Some(fault)
            }
            None => None,
        };
        (idx, fault)
    };
    let run = |state: &Shared| {
        let mut st = lock(state);
        answer(&mut st, &method, &path, &query, &headers, &body)
    };
    let retry_after = match &fault {
        Some(Fault::TooMany { retry_after }) => Some(retry_after.clone()),
        _ => None,
    };
    let reply = match fault {
        Some(Fault::TooMany { .. }) => Reply::error(429, "rate limited", None),
        Some(Fault::Status {
            status,
            content_type,
            body,
        }) => Reply {
            status,
            content_type,
            body,
        },
        Some(Fault::AfterApply { status }) => {
            let _ = run(&state);
            Reply::error(status, "internal error after the write", None)
        }
        Some(Fault::Hang(d)) => {
            tokio::time::sleep(d).await;
            run(&state)
        }
        Some(Fault::HangAfterApply(d)) => {
            let r = run(&state);
            tokio::time::sleep(d).await;
            r
        }
        None => run(&state),
    };
    if let Some(e) = lock(&state).log.get_mut(idx) {
        e.status = reply.status;
    }
    let mut resp = (
        axum::http::StatusCode::from_u16(reply.status).unwrap(),
        reply.body,
    )
        .into_response();
    resp.headers_mut().insert(
        "content-type",
        axum::http::HeaderValue::from_str(&reply.content_type).unwrap(),
    );
    if let Some(value) = retry_after {
        resp.headers_mut().insert(
            "retry-after",
            axum::http::HeaderValue::from_str(&value).unwrap(),
        );
    }
    resp
}

/// Whether the request carries the internal key or the bearer token.
fn authorized(st: &State, headers: &HeaderMap) -> bool {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("");
    h("x-internal-key") == st.internal_key || h("authorization") == format!("Bearer {}", st.bearer)
}

fn answer(
    st: &mut State,
    method: &Method,
    raw_path: &str,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
) -> Reply {
    let segs: Vec<String> = raw_path
        .trim_end_matches('/')
        .split('/')
        .skip(1)
        .map(decode)
        .collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let is_read = *method == Method::GET;
    let public = matches!(segs.first(), Some(&"reviews")) && is_read
        || st.open_ingest && *method == Method::POST && segs == ["ingest", "signet-reviews"];
    if !public && !authorized(st, headers) {
        return Reply::error(
            401,
            "unauthorized: X-Internal-Key or an admin token is required",
            None,
        );
    }
    let json_body = || -> Result<Value, Reply> {
        serde_json::from_slice(body).map_err(|_| Reply::error(400, "body must be JSON", None))
    };
    match (method.as_str(), segs.as_slice()) {
        ("GET", ["reviews"]) => reviews::list(st, query),
        ("GET", ["reviews", "summary"]) => reviews::summary(st, query),
        ("GET", ["reviews", id]) => reviews::get(st, id),
        ("POST", ["reviews"]) => match json_body() {
            Ok(v) => reviews::create(st, &v),
            Err(r) => r,
        },
        ("PATCH", ["reviews", id]) => match json_body() {
            Ok(v) => reviews::update(st, id, &v),
            Err(r) => r,
        },
        ("DELETE", ["reviews", id]) => reviews::delete(st, id),
        ("POST", ["ingest", "signet-reviews"]) => match json_body() {
            Ok(v) => reviews::ingest(st, &v),
            Err(r) => r,
        },
        ("GET", ["api", "v1", "admin", "health", "skills"]) => admin::health(st),
        ("POST", ["api", "v1", "admin", "rebuild-index"]) => admin::rebuild(st),
        (_, ["reviews", ..]) | (_, ["ingest", ..]) | (_, ["api", ..]) => {
            Reply::error(405, "method not allowed", None)
        }
        _ => Reply::error(404, "not found", None),
    }
}
