//! Routing, auth, the v4 envelope and the Workers KV endpoints of the fake.

use std::collections::BTreeMap;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State as AxState};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

use super::{LoggedRequest, Shared, State};

/// A response before it becomes an axum one.
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Self {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }
    pub fn ok(result: Value) -> Self {
        Reply::json(
            200,
            json!({"success": true, "errors": [], "messages": [], "result": result}),
        )
    }
    pub fn error(status: u16, code: i64, message: &str) -> Self {
        Reply::json(status, envelope_error(code, message))
    }
}

pub(crate) fn envelope_error(code: i64, message: &str) -> Value {
    json!({"success": false, "errors": [{"code": code, "message": message}], "messages": [], "result": null})
}

pub(crate) fn router(state: Shared) -> Router {
    Router::new()
        .fallback(handle)
        .layer(DefaultBodyLimit::disable())
        .with_state(state)
}

fn lock(state: &Shared) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

async fn handle(
    AxState(state): AxState<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let at = Instant::now();
    let raw_path = uri.path().to_string();
    // The request count, for benchmarks that run the fake as its own process (not a request).
    if raw_path == "/__fake/requests" {
        let n = lock(&state).log.len();
        return (axum::http::StatusCode::OK, n.to_string()).into_response();
    }
    let path = decode(&raw_path);
    let query = parse_query(uri.query().unwrap_or(""));
    let (idx, latency, cost) = {
        let mut st = lock(&state);
        let entry = LoggedRequest {
            method: method.to_string(),
            path: path.clone(),
            raw_path: raw_path.clone(),
            query: query.clone(),
            body_len: body.len(),
            body: if body.len() <= 64 * 1024 {
                body.to_vec()
            } else {
                Vec::new()
            },
            items: count_items(&body),
            writes: is_write(&method, &path, &body),
            at,
            done: None,
            status: 0,
        };
        st.log.push(entry);
        (st.log.len() - 1, st.latency, st.cost.clone())
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if let Some((cost, slots)) = cost {
        let _slot = slots.acquire().await.expect("never closed");
        tokio::time::sleep(cost).await;
    }
    let mut limit_headers = Vec::new();
    let answered = answer(
        &mut lock(&state),
        &method,
        &raw_path,
        &path,
        &query,
        &headers,
        &body,
        &mut limit_headers,
    );
    let mut reply = match answered {
        Answer::Now(reply) => reply,
        // Outside the state lock and off the async workers: only this database waits for the
        // query, KV requests keep being answered.
        Answer::D1 { conn, raw } => tokio::task::spawn_blocking(move || {
            let conn = conn.lock().unwrap_or_else(|e| e.into_inner());
            super::d1::handle(&conn, raw, &body)
        })
        .await
        .expect("D1 handler"),
    };
    reply.headers.extend(limit_headers);
    {
        let mut st = lock(&state);
        if let Some(e) = st.log.get_mut(idx) {
            e.status = reply.status;
            e.done = Some(Instant::now());
        }
    }
    let mut resp = (
        axum::http::StatusCode::from_u16(reply.status).unwrap(),
        reply.body,
    )
        .into_response();
    for (k, v) in reply.headers {
        resp.headers_mut().insert(
            axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            axum::http::HeaderValue::from_str(&v).unwrap(),
        );
    }
    resp
}

/// What a request gets: a reply made under the state lock, or a D1 query to run on its database.
enum Answer {
    Now(Reply),
    D1 {
        conn: std::sync::Arc<std::sync::Mutex<rusqlite::Connection>>,
        raw: bool,
    },
}

impl From<Reply> for Answer {
    fn from(r: Reply) -> Self {
        Answer::Now(r)
    }
}

#[allow(clippy::too_many_arguments)]
fn answer(
    st: &mut State,
    method: &Method,
    raw_path: &str,
    path: &str,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
    limit_headers: &mut Vec<(String, String)>,
) -> Answer {
    if let Some(f) = st.take_fault(method.as_str(), path, query, is_write(method, path, body)) {
        return Reply {
            status: f.status,
            headers: f.headers,
            body: f.body.into_bytes(),
        }
        .into();
    }
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // Like the real API: a token that cannot be one (API tokens are URL-safe characters) is refused
    // as a malformed header (400, 6003 with 6111 in `error_chain`, workers-sdk issue #5175); a
    // well-formed token that is not the account's is an authentication error (403, 10000).
    let well_formed = auth.strip_prefix("Bearer ").is_some_and(|t| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    if !auth.is_empty() && !well_formed {
        return Reply::json(
            400,
            json!({"success": false, "messages": [], "result": null, "errors": [{
                "code": 6003, "message": "Invalid request headers",
                "error_chain": [{"code": 6111, "message": "Invalid format for Authorization header"}]}]}),
        )
        .into();
    }
    if let Some(reply) = super::tokens::verify(st, raw_path, auth) {
        return reply.into();
    }
    if auth != format!("Bearer {}", st.token) || st.token_status != "active" {
        return Reply::error(403, 10000, "Authentication error").into();
    }
    // The per-token limit: every request of the token counts; past it, all are refused.
    match st.rate.admit(Instant::now()) {
        Ok(h) => *limit_headers = h,
        Err(h) => {
            let mut reply = Reply::error(
                429,
                971,
                "Please wait and consider throttling your request speed",
            );
            reply.headers.extend(h);
            return reply.into();
        }
    }
    let no_route = || Reply::error(404, 7003, "No route for the URI");
    let Some(rest) = raw_path.strip_prefix("/client/v4/accounts/") else {
        return no_route().into();
    };
    let segs: Vec<&str> = rest.split('/').collect();
    if segs[0] != st.account_id {
        return no_route().into();
    }
    match &segs[1..] {
        ["storage", "kv", "namespaces"] if *method == Method::GET => {
            super::tokens::list_namespaces(st, query).into()
        }
        ["storage", "kv", "namespaces", ns, tail @ ..] => {
            let ns = decode(ns);
            let opts = super::kv::Options {
                empty_pages: st.empty_page_before_end,
                empty_everywhere: st.empty_pages_everywhere,
                lag: st.kv_lag,
            };
            let lagging = st.lagging.entry(ns.clone()).or_default();
            let unsuccessful = &mut st.unsuccessful;
            let Some(map) = st.namespaces.get_mut(&ns) else {
                return Reply::error(404, 10013, "list keys: 'namespace not found'").into();
            };
            let mut take_unsuccessful = |k: &str| match unsuccessful.get_mut(k) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            };
            super::kv::handle(
                map,
                method,
                tail,
                query,
                headers,
                body,
                &opts,
                lagging,
                &mut take_unsuccessful,
                &ns,
            )
            .into()
        }
        ["d1", "database", db, op @ ("query" | "raw")] if *method == Method::POST => {
            match st.databases.get(&decode(db)) {
                Some(conn) => Answer::D1 {
                    conn: conn.clone(),
                    raw: *op == "raw",
                },
                None => Reply::error(404, 7404, "Not Found").into(),
            }
        }
        _ => no_route().into(),
    }
}

// ---- helpers ----------------------------------------------------------------------------------

pub(crate) fn decode(s: &str) -> String {
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

fn count_items(body: &[u8]) -> Option<usize> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'[' && *first != b'{' {
        return None;
    }
    match serde_json::from_slice::<Value>(body).ok()? {
        Value::Array(a) => Some(a.len()),
        Value::Object(o) => o
            .get("keys")
            .or(o.get("batch"))
            .and_then(Value::as_array)
            .map(Vec::len),
        _ => None,
    }
}

fn is_write(method: &Method, path: &str, body: &[u8]) -> bool {
    if path.contains("/d1/database/") {
        return super::d1::body_writes(body);
    }
    match method.as_str() {
        "PUT" | "DELETE" | "PATCH" => true,
        "POST" => !path.ends_with("/bulk/get"),
        _ => false,
    }
}

pub(crate) fn parse_multipart(ctype: &str, body: &[u8]) -> Option<BTreeMap<String, Vec<u8>>> {
    let boundary = ctype
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let delim = format!("--{boundary}").into_bytes();
    let mut parts = BTreeMap::new();
    let mut pos = find(body, &delim, 0)? + delim.len();
    loop {
        if body[pos..].starts_with(b"--") {
            return Some(parts);
        }
        let header_end = find(body, b"\r\n\r\n", pos)?;
        let head = String::from_utf8_lossy(&body[pos..header_end]).to_string();
        let next = find(body, &delim, header_end)?;
        let content = &body[header_end + 4..next.checked_sub(2)?];
        let name = head.split("name=\"").nth(1)?.split('"').next()?.to_string();
        parts.insert(name, content.to_vec());
        pos = next + delim.len();
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        buf = (buf << 6) | ALPHABET.iter().position(|a| *a == c)? as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    Some(out)
}
