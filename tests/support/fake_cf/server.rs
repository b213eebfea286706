//! Routing, auth, the v4 envelope and the Workers KV endpoints of the fake.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State as AxState};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

use super::{Entry, LoggedRequest, Shared, State};

const MAX_BULK_ITEMS: usize = 10_000;
const MAX_BULK_BYTES: usize = 100_000_000;
const MAX_BULK_GET: usize = 100;
const MAX_VALUE_BYTES: usize = 25 * 1024 * 1024;

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
    let path = decode(&raw_path);
    let query = parse_query(uri.query().unwrap_or(""));
    let (idx, latency) = {
        let mut st = lock(&state);
        let entry = LoggedRequest {
            method: method.to_string(),
            path: path.clone(),
            raw_path: raw_path.clone(),
            query: query.clone(),
            body_len: body.len(),
            items: count_items(&body),
            writes: is_write(&method, &path, &body),
            at,
            status: 0,
        };
        st.log.push(entry);
        (st.log.len() - 1, st.latency)
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let reply = {
        let mut st = lock(&state);
        let reply = answer(&mut st, &method, &raw_path, &path, &query, &headers, &body);
        if let Some(e) = st.log.get_mut(idx) {
            e.status = reply.status;
        }
        reply
    };
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

fn answer(
    st: &mut State,
    method: &Method,
    raw_path: &str,
    path: &str,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
) -> Reply {
    if let Some(f) = st.take_fault(method.as_str(), path) {
        return Reply {
            status: f.status,
            headers: f.headers,
            body: f.body.into_bytes(),
        };
    }
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if auth != format!("Bearer {}", st.token) {
        return Reply::error(403, 10000, "Authentication error");
    }
    let no_route = || Reply::error(404, 7003, "No route for the URI");
    let Some(rest) = raw_path.strip_prefix("/client/v4/accounts/") else {
        return no_route();
    };
    let segs: Vec<&str> = rest.split('/').collect();
    if segs[0] != st.account_id {
        return no_route();
    }
    match &segs[1..] {
        ["storage", "kv", "namespaces", ns, tail @ ..] => {
            let ns = decode(ns);
            let empty_pages = st.empty_page_before_end;
            let unsuccessful = &mut st.unsuccessful;
            let Some(map) = st.namespaces.get_mut(&ns) else {
                return Reply::error(404, 10013, "list keys: 'namespace not found'");
            };
            let mut take_unsuccessful = |k: &str| match unsuccessful.get_mut(k) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            };
            kv(
                map,
                method,
                tail,
                query,
                headers,
                body,
                empty_pages,
                &mut take_unsuccessful,
                &ns,
            )
        }
        ["d1", "database", db, op @ ("query" | "raw")] if *method == Method::POST => {
            match st.databases.get(&decode(db)) {
                Some(conn) => super::d1::handle(conn, *op == "raw", body),
                None => Reply::error(404, 7404, "Not Found"),
            }
        }
        _ => no_route(),
    }
}

#[allow(clippy::too_many_arguments)]
fn kv(
    map: &mut BTreeMap<String, Entry>,
    method: &Method,
    tail: &[&str],
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
    empty_pages: bool,
    take_unsuccessful: &mut dyn FnMut(&str) -> bool,
    ns: &str,
) -> Reply {
    let now = chrono::Utc::now().timestamp();
    let live = |e: &Entry| e.expiration.is_none_or(|x| x > now);
    let q = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    match (method.as_str(), tail) {
        ("GET", []) => Reply::ok(
            json!({"id": ns, "title": format!("fake-{ns}"), "supports_url_encoding": true}),
        ),
        ("GET", ["keys"]) => list(
            map,
            q("prefix").unwrap_or(""),
            q("limit"),
            q("cursor"),
            empty_pages,
            now,
        ),
        ("GET", ["values", key @ ..]) => match map.get(&decode(&key.join("/"))).filter(|e| live(e))
        {
            None => Reply::error(404, 10009, "get: 'key not found'"),
            Some(e) => {
                let mut headers = vec![(
                    "content-type".to_string(),
                    "application/octet-stream".to_string(),
                )];
                if let Some(x) = e.expiration {
                    headers.push(("expiration".into(), x.to_string()));
                }
                Reply {
                    status: 200,
                    headers,
                    body: e.value.clone(),
                }
            }
        },
        ("GET", ["metadata", key @ ..]) => {
            match map.get(&decode(&key.join("/"))).filter(|e| live(e)) {
                None => Reply::error(404, 10009, "get: 'key not found'"),
                Some(e) => Reply::ok(e.metadata.clone().unwrap_or(Value::Null)),
            }
        }
        ("PUT", ["values", key @ ..]) => {
            let key = decode(&key.join("/"));
            let expiration = match expiration_of(
                q("expiration").map(str::to_string),
                q("expiration_ttl").map(str::to_string),
                now,
            ) {
                Ok(x) => x,
                Err(r) => return r,
            };
            let ctype = headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let (value, metadata) = if ctype.starts_with("multipart/form-data") {
                match parse_multipart(ctype, body) {
                    Some(parts) => {
                        let Some(value) = parts.get("value").cloned() else {
                            return Reply::error(400, 10026, "multipart body needs a 'value' part");
                        };
                        let metadata = match parts
                            .get("metadata")
                            .map(|m| serde_json::from_slice::<Value>(m))
                        {
                            None => None,
                            Some(Ok(v)) => Some(v),
                            Some(Err(_)) => {
                                return Reply::error(400, 10026, "metadata is not valid JSON")
                            }
                        };
                        (value, metadata)
                    }
                    None => return Reply::error(400, 10026, "malformed multipart body"),
                }
            } else {
                (body.to_vec(), None)
            };
            if let Err(r) = check_entry(&key, value.len(), metadata.as_ref()) {
                return r;
            }
            map.insert(
                key,
                Entry {
                    value,
                    metadata,
                    expiration,
                },
            );
            Reply::ok(Value::Null)
        }
        ("DELETE", ["values", key @ ..]) => {
            map.remove(&decode(&key.join("/")));
            Reply::ok(Value::Null)
        }
        ("PUT", ["bulk"]) => bulk_write(map, body, take_unsuccessful, now),
        ("POST", ["bulk", "delete"]) | ("DELETE", ["bulk"]) => {
            bulk_delete(map, body, take_unsuccessful)
        }
        ("POST", ["bulk", "get"]) => bulk_get(map, body, live),
        (
            _,
            ["keys"]
            | ["values", ..]
            | ["bulk"]
            | ["bulk", "get" | "delete"]
            | ["metadata", ..]
            | [],
        ) => Reply::error(405, 10405, "Method not allowed"),
        _ => Reply::error(404, 7003, "No route for the URI"),
    }
}

fn list(
    map: &BTreeMap<String, Entry>,
    prefix: &str,
    limit: Option<&str>,
    cursor: Option<&str>,
    empty_pages: bool,
    now: i64,
) -> Reply {
    let limit = match limit.map(str::parse::<usize>) {
        None => 1000,
        Some(Ok(n)) if (10..=1000).contains(&n) => n,
        _ => return Reply::error(400, 10003, "Invalid limit: must be between 10 and 1000"),
    };
    // Cursors are opaque: "k"/"e" + hex of the last key returned; "e" means an empty page comes next.
    let after = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => match (
            c.get(..1),
            hex::decode(&c[1..])
                .ok()
                .and_then(|b| String::from_utf8(b).ok()),
        ) {
            (Some("e"), Some(k)) => {
                return Reply::json(
                    200,
                    json!({"success": true, "errors": [], "messages": [], "result": [],
                           "result_info": {"count": 0, "cursor": format!("k{}", hex::encode(k.as_bytes()))}}),
                )
            }
            (Some("k"), Some(k)) => Some(k),
            _ => return Reply::error(400, 10011, "Invalid cursor"),
        },
    };
    let lower = match &after {
        Some(k) => Bound::Excluded(k.clone()),
        None => Bound::Included(prefix.to_string()),
    };
    let mut page: Vec<(&String, &Entry)> = map
        .range((lower, Bound::Unbounded))
        .take_while(|(k, _)| k.starts_with(prefix))
        .filter(|(_, e)| e.expiration.is_none_or(|x| x > now))
        .take(limit + 1)
        .collect();
    let more = page.len() > limit;
    page.truncate(limit);
    let next = match page.last() {
        Some((k, _)) if more => {
            let tag = if empty_pages && after.is_none() {
                "e"
            } else {
                "k"
            };
            format!("{tag}{}", hex::encode(k.as_bytes()))
        }
        _ => String::new(),
    };
    let result: Vec<Value> = page
        .iter()
        .map(|(k, e)| {
            let mut o = serde_json::Map::new();
            o.insert("name".into(), json!(k));
            if let Some(x) = e.expiration {
                o.insert("expiration".into(), json!(x));
            }
            if let Some(m) = &e.metadata {
                o.insert("metadata".into(), m.clone());
            }
            Value::Object(o)
        })
        .collect();
    Reply::json(
        200,
        json!({"success": true, "errors": [], "messages": [], "result": result,
               "result_info": {"count": result.len(), "cursor": next}}),
    )
}

fn expiration_of(
    expiration: Option<String>,
    ttl: Option<String>,
    now: i64,
) -> Result<Option<i64>, Reply> {
    if let Some(ttl) = ttl {
        return match ttl.parse::<i64>() {
            Ok(t) if t >= 60 => Ok(Some(now + t)),
            _ => Err(Reply::error(
                400,
                10016,
                &format!("Invalid expiration_ttl of {ttl}. Expiration TTL must be at least 60."),
            )),
        };
    }
    match expiration {
        None => Ok(None),
        Some(x) => match x.parse::<i64>() {
            Ok(t) if t >= now + 60 => Ok(Some(t)),
            _ => Err(Reply::error(
                400,
                10015,
                &format!("Invalid expiration of {x}. Expiration times must be at least 60 seconds in the future."),
            )),
        },
    }
}

fn check_entry(key: &str, value_len: usize, metadata: Option<&Value>) -> Result<(), Reply> {
    if key.is_empty() || key == "." || key == ".." {
        return Err(Reply::error(
            400,
            10019,
            "Invalid key name: cannot be empty, \".\" or \"..\"",
        ));
    }
    if key.len() > 512 {
        return Err(Reply::error(
            414,
            10033,
            "key name is longer than 512 bytes",
        ));
    }
    if value_len > MAX_VALUE_BYTES {
        return Err(Reply::error(413, 10023, "value is larger than 25 MiB"));
    }
    if metadata.is_some_and(|m| m.to_string().len() > 1024) {
        return Err(Reply::error(
            413,
            10024,
            "metadata is larger than 1024 bytes",
        ));
    }
    Ok(())
}

fn bulk_write(
    map: &mut BTreeMap<String, Entry>,
    body: &[u8],
    take_unsuccessful: &mut dyn FnMut(&str) -> bool,
    now: i64,
) -> Reply {
    if body.len() > MAX_BULK_BYTES {
        return Reply::error(413, 10006, "request body is larger than 100 MB");
    }
    let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(body) else {
        return Reply::error(
            400,
            10026,
            "bulk write body must be a JSON array of {key, value} objects",
        );
    };
    if items.len() > MAX_BULK_ITEMS {
        return Reply::error(400, 10026, "bulk write is limited to 10000 key-value pairs");
    }
    let mut parsed = Vec::with_capacity(items.len());
    for item in &items {
        let (Some(key), Some(value)) = (item["key"].as_str(), item["value"].as_str()) else {
            return Reply::error(
                400,
                10026,
                "every bulk item needs a string key and a string value",
            );
        };
        let value = if item["base64"].as_bool() == Some(true) {
            match base64_decode(value) {
                Some(v) => v,
                None => return Reply::error(400, 10026, "value is not valid base64"),
            }
        } else {
            value.as_bytes().to_vec()
        };
        let num = |f: &str| item.get(f).filter(|v| !v.is_null()).map(|v| v.to_string());
        let expiration = match expiration_of(num("expiration"), num("expiration_ttl"), now) {
            Ok(x) => x,
            Err(r) => return r,
        };
        let metadata = item.get("metadata").filter(|m| !m.is_null()).cloned();
        if let Err(r) = check_entry(key, value.len(), metadata.as_ref()) {
            return r;
        }
        parsed.push((
            key.to_string(),
            Entry {
                value,
                metadata,
                expiration,
            },
        ));
    }
    let mut unsuccessful = Vec::new();
    let mut ok = 0;
    for (key, entry) in parsed {
        if take_unsuccessful(&key) {
            unsuccessful.push(key);
        } else {
            map.insert(key, entry);
            ok += 1;
        }
    }
    Reply::ok(json!({"successful_key_count": ok, "unsuccessful_keys": unsuccessful}))
}

fn bulk_delete(
    map: &mut BTreeMap<String, Entry>,
    body: &[u8],
    take_unsuccessful: &mut dyn FnMut(&str) -> bool,
) -> Reply {
    let keys: Option<Vec<String>> = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Array(items)) => items
            .iter()
            .map(|k| k.as_str().map(str::to_string))
            .collect(),
        _ => None,
    };
    let Some(keys) = keys else {
        return Reply::error(
            400,
            10026,
            "bulk delete body must be a JSON array of key names",
        );
    };
    if keys.len() > MAX_BULK_ITEMS {
        return Reply::error(400, 10026, "bulk delete is limited to 10000 keys");
    }
    let mut unsuccessful = Vec::new();
    let mut ok = 0;
    for key in keys {
        if take_unsuccessful(&key) {
            unsuccessful.push(key);
        } else {
            map.remove(&key);
            ok += 1;
        }
    }
    Reply::ok(json!({"successful_key_count": ok, "unsuccessful_keys": unsuccessful}))
}

fn bulk_get(map: &BTreeMap<String, Entry>, body: &[u8], live: impl Fn(&Entry) -> bool) -> Reply {
    let Ok(req) = serde_json::from_slice::<Value>(body) else {
        return Reply::error(400, 10026, "bulk get body must be JSON");
    };
    let Some(keys) = req["keys"]
        .as_array()
        .and_then(|ks| ks.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
    else {
        return Reply::error(400, 10026, "bulk get needs \"keys\": an array of key names");
    };
    if keys.len() > MAX_BULK_GET {
        return Reply::error(400, 10026, "bulk get accepts at most 100 keys");
    }
    let as_json = match req.get("type").and_then(Value::as_str) {
        None | Some("text") => false,
        Some("json") => true,
        Some(_) => return Reply::error(400, 10026, "type must be \"text\" or \"json\""),
    };
    let with_metadata = req["withMetadata"].as_bool().unwrap_or(false);
    let mut values = serde_json::Map::new();
    for key in keys {
        let v = match map.get(key).filter(|e| live(e)) {
            None => Value::Null,
            Some(e) => {
                let text = String::from_utf8_lossy(&e.value).into_owned();
                let value = if as_json {
                    match serde_json::from_str::<Value>(&text) {
                        Ok(v) => v,
                        Err(_) => {
                            return Reply::error(
                                400,
                                10026,
                                &format!("value of {key:?} is not JSON"),
                            )
                        }
                    }
                } else {
                    Value::String(text)
                };
                if with_metadata {
                    let mut o = json!({"value": value, "metadata": e.metadata.clone().unwrap_or(Value::Null)});
                    if let Some(x) = e.expiration {
                        o["expiration"] = json!(x);
                    }
                    o
                } else {
                    value
                }
            }
        };
        values.insert(key.to_string(), v);
    }
    Reply::ok(json!({"values": values}))
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

fn parse_multipart(ctype: &str, body: &[u8]) -> Option<BTreeMap<String, Vec<u8>>> {
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

fn base64_decode(s: &str) -> Option<Vec<u8>> {
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
