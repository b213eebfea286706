//! One API call as data, replayable for retries, and what came back.

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::Limit;

/// Whether a request may be sent again after a 5xx or a timeout (a connection that was never
/// made, or a 429, may always be retried: the request did not run).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    /// Reads, and writes whose repetition changes nothing (PUT of a value, PATCH/DELETE by id,
    /// ingest by id, an idempotent SQL batch).
    Safe,
    /// It may already have been applied (a POST that creates): never sent twice.
    Never,
    /// Not replayed blindly, but the caller can check whether it was applied (a POST carrying a
    /// client-generated id) and send it again itself.
    Checked,
}

/// A request body, kept as data so every retry sends it again.
#[derive(Clone)]
pub enum Body {
    /// `application/json`.
    Json(Vec<u8>),
    /// Raw bytes (`application/octet-stream`: a KV value written with PUT /values/{key}).
    Bytes(Vec<u8>),
    /// multipart/form-data text fields (a KV value with metadata).
    Form(Vec<(&'static str, String)>),
}

/// One API call.
pub struct Request {
    pub method: Method,
    /// Under the client's root URL, already percent-encoded, starting with `/` (or empty).
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    /// Headers of this call beside the client's own (never a credential: those are the
    /// client's, dropped on a redirect).
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: Option<Body>,
    pub replay: Replay,
    /// The most bytes the answer may have.
    pub limit: Limit,
}

impl Request {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            replay: Replay::Safe,
            limit: Limit::ANSWER,
        }
    }
    pub fn get(path: impl Into<String>) -> Self {
        Request::new(Method::GET, path)
    }
    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((name, value.to_string()));
        self
    }
    pub fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }
    pub fn json(self, body: Vec<u8>) -> Self {
        self.body(Body::Json(body))
    }
    pub fn body(mut self, body: Body) -> Self {
        self.body = Some(body);
        self
    }
    pub fn replay(mut self, replay: Replay) -> Self {
        self.replay = replay;
        self
    }
    pub fn limit(mut self, limit: Limit) -> Self {
        self.limit = limit;
        self
    }
    /// `GET /reviews`: method and path, as errors and `-v` name the request.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// What one attempt got back.
pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}
