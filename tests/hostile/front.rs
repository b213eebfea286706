//! A hostile front on loopback: it stands before a real fake server (the fake Cloudflare API or
//! the fake Worker) and, for the routes a test names, misbehaves on purpose — echoes the
//! credentials it was sent (whole, truncated, as a header map), redirects elsewhere, sends a
//! gigabyte or a stream that never ends. Every other request is passed through unchanged, so
//! the rest of the command meets a server that behaves.
//!
//! `Recorder` is a server that only records what reached it (the other host of a redirect).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use axum::Router;
use futures::stream;

/// What a matched request gets instead of the real answer.
#[derive(Clone, Debug)]
pub enum Act {
    /// `status` with `body`, where `{auth}` is the request's Authorization header value,
    /// `{key}` its X-Internal-Key, `{auth10}`/`{key10}` their first 10 characters after the scheme,
    /// `{headers}` every request header as `name: value` lines, `{basic}` the decoded
    /// user:password of a Basic Authorization.
    Echo {
        status: u16,
        content_type: &'static str,
        body: String,
    },
    /// A redirect to `location` (`{host2}` is replaced by the recorder's address).
    Redirect { status: u16, location: String },
    /// A 200 whose body is `total` bytes of a JSON-looking stream (with a Content-Length when
    /// `sized`, else chunked).
    Huge {
        total: u64,
        sized: bool,
        content_type: &'static str,
    },
    /// A 200 chunked stream that never ends.
    Endless,
    /// A 200 with this exact body.
    Body {
        content_type: &'static str,
        body: String,
    },
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub method: Option<&'static str>,
    pub path_contains: String,
    pub act: Act,
}

struct Shared {
    upstream: String,
    rules: Vec<Rule>,
    host2: String,
    http: reqwest::Client,
}

pub struct Front {
    pub addr: SocketAddr,
    _rt: tokio::runtime::Runtime,
}

impl Front {
    /// A front on 127.0.0.1 before `upstream` (`http://127.0.0.1:port`, no trailing slash).
    pub fn start(upstream: &str, rules: Vec<Rule>, recorder: Option<&Recorder>) -> Front {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let shared = Arc::new(Shared {
            upstream: upstream.trim_end_matches('/').to_string(),
            rules,
            host2: recorder.map(|r| r.url()).unwrap_or_default(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        });
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().fallback(handle).with_state(shared);
        rt.spawn(async move { axum::serve(listener, app).await.unwrap() });
        Front { addr, _rt: rt }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default()
}

fn first10(v: &str) -> String {
    let bare = v.strip_prefix("Bearer ").unwrap_or(v);
    bare.chars().take(10).collect()
}

fn basic(headers: &HeaderMap) -> String {
    let auth = header(headers, "authorization");
    auth.strip_prefix("Basic ")
        .and_then(|b| base64_decode(b.trim()))
        .unwrap_or_default()
}

/// A small standard base64 decoder (no dependency for one test need).
fn base64_decode(s: &str) -> Option<String> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|c| *c != b'=') {
        bits = (bits << 6) | A.iter().position(|a| *a == c)? as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    String::from_utf8(out).ok()
}

async fn handle(
    State(st): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let rule = st
        .rules
        .iter()
        .find(|r| r.method.is_none_or(|m| m == method.as_str()) && path.contains(&r.path_contains));
    if let Some(rule) = rule {
        return act(&st, &rule.act, &headers);
    }
    // Pass through.
    let url = format!(
        "{}{}",
        st.upstream,
        uri.path_and_query().map(|p| p.as_str()).unwrap_or("/")
    );
    let mut req = st.http.request(method, url).body(body.to_vec());
    for (name, value) in headers.iter() {
        if name != "host" && name != "content-length" {
            req = req.header(name, value);
        }
    }
    let resp = req.send().await.expect("upstream answers");
    let mut out = Response::builder().status(resp.status().as_u16());
    for (name, value) in resp.headers() {
        if name != "transfer-encoding" && name != "content-length" {
            out = out.header(name, value);
        }
    }
    let bytes = resp.bytes().await.unwrap_or_default();
    out.body(Body::from(bytes)).unwrap()
}

fn act(st: &Shared, act: &Act, headers: &HeaderMap) -> Response {
    match act {
        Act::Echo {
            status,
            content_type,
            body,
        } => {
            let auth = header(headers, "authorization");
            let key = header(headers, "x-internal-key");
            let all: String = headers
                .iter()
                .map(|(n, v)| format!("{n}: {}\n", String::from_utf8_lossy(v.as_bytes())))
                .collect();
            let text = body
                .replace("{auth10}", &first10(&auth))
                .replace("{key10}", &first10(&key))
                .replace("{auth}", &auth)
                .replace("{key}", &key)
                .replace("{basic}", &basic(headers))
                .replace("{headers}", &all);
            Response::builder()
                .status(*status)
                .header("content-type", *content_type)
                .body(Body::from(text))
                .unwrap()
        }
        Act::Redirect { status, location } => Response::builder()
            .status(*status)
            .header("location", location.replace("{host2}", &st.host2))
            .body(Body::empty())
            .unwrap(),
        Act::Body { content_type, body } => Response::builder()
            .status(200)
            .header("content-type", *content_type)
            .body(Body::from(body.clone()))
            .unwrap(),
        Act::Huge {
            total,
            sized,
            content_type,
        } => {
            const CHUNK: usize = 64 * 1024;
            let chunk = Bytes::from(vec![b' '; CHUNK]);
            let opening = Bytes::from_static(b"{\"success\":true,\"result\":[");
            let n = (*total as usize).div_ceil(CHUNK);
            let chunks = std::iter::once(opening.clone())
                .chain(std::iter::repeat_n(chunk, n))
                .map(Ok::<_, std::io::Error>);
            let mut b = Response::builder()
                .status(200)
                .header("content-type", *content_type);
            if *sized {
                b = b.header("content-length", (opening.len() + n * CHUNK).to_string());
            }
            b.body(Body::from_stream(stream::iter(chunks))).unwrap()
        }
        Act::Endless => {
            let chunk = Bytes::from(vec![b' '; 64 * 1024]);
            let chunks = std::iter::repeat(chunk).map(Ok::<_, std::io::Error>);
            Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(Body::from_stream(stream::iter(chunks)))
                .unwrap()
        }
    }
}

/// A server on 127.0.0.2 (loopback, but another host) that answers 200 `{}` and records every
/// request that reached it: method, path, and whether it carried a credential.
pub struct Recorder {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<String>>>,
    _rt: tokio::runtime::Runtime,
}

impl Recorder {
    pub fn start() -> Recorder {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let seen: Arc<Mutex<Vec<String>>> = Default::default();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.2:0"))
            .expect("127.0.0.2 is loopback on Linux");
        let addr = listener.local_addr().unwrap();
        let log = seen.clone();
        let app = Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(format!(
                    "{method} {} authorization={} x-internal-key={}",
                    uri.path(),
                    !header(&headers, "authorization").is_empty(),
                    !header(&headers, "x-internal-key").is_empty()
                ));
                Response::builder()
                    .status(200)
                    .header("content-type", "application/json")
                    .body(Body::from(
                        r#"{"success":true,"errors":[],"messages":[],"result":[]}"#,
                    ))
                    .unwrap()
            }
        });
        rt.spawn(async move { axum::serve(listener, app).await.unwrap() });
        Recorder {
            addr,
            seen,
            _rt: rt,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}
