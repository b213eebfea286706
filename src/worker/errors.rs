//! What the Worker's answers mean: each failure becomes one line naming the request, what the
//! Worker said (its JSON `error` and `field`, or what kind of page it sent) and what to fix, as
//! the `WorkerError` whose exit status fits it. Everything quoted from the Worker goes through the
//! scrub step (`crate::redact`) before any cut, so no secret nor a piece of one survives.

use serde_json::Value;

use super::{Request, WorkerClient, WorkerError, WorkerResult};
use crate::http::Response;
use crate::redact::{scrub, scrub_head};

pub(crate) fn tries(attempts: u32) -> String {
    if attempts == 1 {
        "1 attempt".into()
    } else {
        format!("{attempts} attempts")
    }
}

fn is_html(resp: &Response) -> bool {
    let ctype = resp
        .headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let text = String::from_utf8_lossy(&resp.body[..resp.body.len().min(512)]).to_ascii_lowercase();
    let start = text.trim_start();
    ctype.contains("text/html") || start.starts_with("<!doctype") || start.starts_with("<html")
}

/// "an HTML page (“502 Bad Gateway”)": the page's title says more than its markup.
fn html_description(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let lower = text.to_ascii_lowercase();
    let title = lower.find("<title>").and_then(|start| {
        let from = start + "<title>".len();
        let end = lower[from..].find("</title>")? + from;
        Some(
            text[from..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        )
    });
    match title.filter(|t| !t.is_empty()) {
        Some(t) => format!(
            "an HTML page (\u{201c}{}\u{201d})",
            t.chars().take(80).collect::<String>()
        ),
        None => "an HTML page".into(),
    }
}

/// The Worker's own words: `error` (a string, or an object with `message`), `message`, and the
/// offending `field`; else a short excerpt of the body.
pub(crate) fn message_of(resp: &Response) -> String {
    if is_html(resp) {
        return html_description(scrub_head(&resp.body, 4096).as_bytes());
    }
    // Scrubbed before any cut, so no prefix of a secret survives a truncation.
    let scrubbed_excerpt = || excerpt(scrub_head(&resp.body, 4096).as_bytes());
    match serde_json::from_slice::<Value>(&resp.body) {
        Ok(v) => json_message(&v)
            .map(|m| scrub(&m))
            .unwrap_or_else(scrubbed_excerpt),
        Err(_) => scrubbed_excerpt(),
    }
}

fn json_message(v: &Value) -> Option<String> {
    let obj = v.as_object()?;
    let err = obj.get("error");
    let message = err
        .and_then(Value::as_str)
        .or_else(|| err.and_then(|e| e.get("message")).and_then(Value::as_str))
        .or_else(|| obj.get("message").and_then(Value::as_str))
        .or_else(|| {
            obj.get("errors")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(|e| {
                    e.as_str()
                        .or_else(|| e.get("message").and_then(Value::as_str))
                })
        })?;
    let first = obj
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|a| a.first());
    let field = obj
        .get("field")
        .or_else(|| err.and_then(|e| e.get("field")))
        .or_else(|| first.and_then(|e| e.get("field").or_else(|| e.get("path"))))
        .and_then(Value::as_str);
    let message = one_line(message);
    Some(match field {
        Some(f) if !message.contains(f) => format!("{f}: {message}"),
        _ => message,
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn excerpt(body: &[u8]) -> String {
    let text = one_line(&String::from_utf8_lossy(body));
    if text.is_empty() {
        return "an empty body".into();
    }
    let mut s: String = text.chars().take(200).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

/// A JSON value as an error may quote it: one line, at most 200 characters, secrets scrubbed.
pub(crate) fn excerpt_of(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    // Only the head is quoted: scrubbed, then cut.
    excerpt(scrub_head(text.as_bytes(), 4096).as_bytes())
}

/// A 2xx body as JSON; empty means `null`. HTML or other text is a wrong URL, not an answer.
pub(crate) fn success_body(
    client: &WorkerClient,
    req: &Request,
    resp: &Response,
) -> WorkerResult<Value> {
    if resp.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    if is_html(resp) {
        return Err(WorkerError::Decode(format!(
            "{} at {} answered HTTP {} with {} instead of JSON; check {} points at the Worker's API, not a web page",
            req.label(),
            client.base_url(),
            resp.status.as_u16(),
            html_description(scrub_head(&resp.body, 4096).as_bytes()),
            client.url_setting()
        )));
    }
    serde_json::from_slice(&resp.body).map_err(|_| {
        WorkerError::Decode(format!(
            "{} answered HTTP {} with a body that is not JSON ({}); check {}",
            req.label(),
            resp.status.as_u16(),
            excerpt(scrub_head(&resp.body, 4096).as_bytes()),
            client.url_setting()
        ))
    })
}

/// A 404 where the endpoint itself must exist.
pub(crate) fn route_missing(client: &WorkerClient, req: &Request, message: &str) -> WorkerError {
    WorkerError::MissingEndpoint(format!(
        "the Worker at {} has no {} (HTTP 404: {message}); check {} and that the deployed Worker serves this endpoint",
        client.base_url(),
        req.label(),
        client.url_setting()
    ))
}

/// Every non-2xx, non-404 answer.
pub(crate) fn map_status(
    client: &WorkerClient,
    req: &Request,
    resp: &Response,
    attempts: u32,
) -> WorkerError {
    let status = resp.status.as_u16();
    let said = message_of(resp);
    let what = req.label();
    match status {
        401 | 403 => {
            let fix = if client.has_credentials {
                "check MKT_INTERNAL_KEY (sent as X-Internal-Key) or MKT_API_TOKEN (sent as a bearer token)"
            } else {
                "set MKT_INTERNAL_KEY (sent as X-Internal-Key) or MKT_API_TOKEN (sent as a bearer token)"
            };
            WorkerError::Auth(format!(
                "the Worker refused {what} (HTTP {status}: {said}); {fix}"
            ))
        }
        409 => WorkerError::Api {
            status,
            message: format!("the Worker refused {what}: conflict ({said})"),
        },
        429 => WorkerError::RateLimited(format!(
            "the Worker rate-limited {what} (HTTP 429: {said}, after {}); wait and run the command again",
            tries(attempts)
        )),
        500..=599 => WorkerError::Server(format!(
            "the Worker failed {what} (HTTP {status}: {said}, after {}); retry later, or check the Worker's logs (wrangler tail)",
            tries(attempts)
        )),
        400..=499 if !is_html(resp) => WorkerError::Rejected(format!(
            "the Worker rejected {what} (HTTP {status}): {said}"
        )),
        _ => WorkerError::Api {
            status,
            message: format!(
                "{what} answered HTTP {status} with {said}; check {}",
                client.url_setting()
            ),
        },
    }
}
