//! The v4 envelope and the mapping of Cloudflare's errors to `StoreError`
//! (reference/cloudflare-api.md §0 and §4). Every word quoted from a server (a message, an
//! excerpt of a body, a header) passes the scrub step (`crate::redact`) before it is cut or
//! shown: a server that echoes the token, or a piece of it, never gets it onto the screen.

use serde_json::Value;

use super::client::{Client, Response};
use crate::store::{StoreError, StoreResult};

/// Which half of the target a request belongs to, so "not found" names the right id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resource {
    Kv,
    D1,
}

/// Codes meaning the token was rejected. 6003 "Invalid request headers" (with 6111 "Invalid format
/// for Authorization header" in its `error_chain`) is how the API answers a malformed token
/// (workers-sdk issue #5175).
const AUTH_CODES: [i64; 6] = [10000, 9106, 1000, 9109, 6003, 6111];
/// KV namespace not found / invalid namespace id.
const NAMESPACE_CODES: [i64; 2] = [10013, 10011];
const D1_NOT_FOUND: i64 = 7404;
/// "No route for the URI": usually a wrong account id.
const NO_ROUTE_CODES: [i64; 2] = [7003, 7000];
const D1_SQL_ERROR: i64 = 7500;
/// KV's free-plan daily quota is used up (observed/secondary, reference section 2.10): waiting
/// minutes does not help, so it is never retried.
pub(crate) const KV_DAILY_QUOTA: i64 = 10048;
/// D1's "The given account is not valid or is not authorized to access this service": a token
/// without D1 access, or an account id the token does not belong to (observed/secondary).
const D1_ACCOUNT_NOT_AUTHORIZED: i64 = 7403;
/// The Local Explorer's code for input it rejected, and for a SQL statement that failed (then with
/// HTTP 500); miniflare `local-explorer/common.ts`, `resources/d1.ts`.
pub(crate) const EXPLORER_QUERY_FAILED: i64 = 10001;
/// The Local Explorer's code for an uncaught exception in wrangler dev (HTTP 500), which the
/// Cloudflare API uses for a rejected token.
const EXPLORER_INTERNAL: i64 = 10000;

/// A successful envelope's `result` and `result_info`.
pub(crate) struct Success {
    pub result: Value,
    pub result_info: Option<Value>,
}

/// Reads a v4 envelope; any failure (HTTP status or `success: false`) becomes a `StoreError`.
pub(crate) fn envelope(
    client: &Client,
    resource: Resource,
    resp: &Response,
) -> StoreResult<Success> {
    if !resp.status.is_success() {
        return Err(map_error(client, resource, resp));
    }
    // 204/205 (or any empty 2xx) carries no envelope and means success.
    if resp.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Success {
            result: Value::Null,
            result_info: None,
        });
    }
    let mut v: Value = serde_json::from_slice(&resp.body).map_err(|_| {
        StoreError::Decode(format!(
            "HTTP {} with a body that is not JSON ({}); {}",
            resp.status.as_u16(),
            snippet(&resp.body),
            client.api.url_hint()
        ))
    })?;
    if v.get("success").and_then(Value::as_bool) != Some(true) {
        return Err(map_error(client, resource, resp));
    }
    // Taken, not cloned: a result can hold 50,000 rows or 1,000 keys.
    Ok(Success {
        result: v.get_mut("result").map(Value::take).unwrap_or(Value::Null),
        result_info: v
            .get_mut("result_info")
            .map(Value::take)
            .filter(|i| !i.is_null()),
    })
}

/// The error codes and the first message of a failed response (envelope, `{code,error}` or text).
pub(crate) fn error_parts(body: &[u8]) -> (Vec<i64>, Option<String>) {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return (Vec::new(), None);
    };
    let mut codes = Vec::new();
    let mut message = None;
    if let Some(errors) = v.get("errors").and_then(Value::as_array) {
        for e in errors {
            if let Some(c) = e.get("code").and_then(Value::as_i64) {
                codes.push(c);
            }
            let m = e.get("message").and_then(Value::as_str).or(e.as_str());
            if message.is_none() {
                message = m.map(str::to_string);
            }
            // The specific cause sits in `error_chain` ("Invalid request headers" → "Invalid
            // format for Authorization header"): keep its codes and append its message.
            for cause in e
                .get("error_chain")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(c) = cause.get("code").and_then(Value::as_i64) {
                    codes.push(c);
                }
                if let (Some(m), Some(first)) = (
                    cause.get("message").and_then(Value::as_str),
                    message.as_mut(),
                ) {
                    first.push_str(": ");
                    first.push_str(m);
                }
            }
        }
    }
    // Some endpoints answer `{code, error}` instead of the envelope.
    if let Some(c) = v.get("code").and_then(Value::as_i64) {
        codes.push(c);
    }
    if message.is_none() {
        message = v
            .get("error")
            .or(v.get("message"))
            .and_then(Value::as_str)
            .map(str::to_string);
    }
    (codes, message.map(|m| one_line(&m)))
}

/// Server text on one line (error messages are one line, and D1 can answer with several),
/// scrubbed of secrets.
pub(crate) fn one_line(text: &str) -> String {
    crate::redact::scrub(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Maps a failed response to the error a user can act on.
pub(crate) fn map_error(client: &Client, resource: Resource, resp: &Response) -> StoreError {
    let status = resp.status.as_u16();
    let header = |name: &str| {
        resp.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    if super::client::is_waf_challenge(&resp.headers) {
        return StoreError::Api {
            status,
            code: None,
            message: format!(
                "blocked by a Cloudflare WAF challenge (cf-ray {}); retry later or from another network",
                one_line(header("cf-ray"))
            ),
        };
    }
    let (codes, message) = error_parts(&resp.body);
    let message = message.unwrap_or_else(|| snippet(&resp.body));
    let code = codes.first().copied();
    let with_code = |c: i64| format!("code {c}: {message}");
    if let super::client::Api::WranglerDev { dev_url } = &client.api {
        return explorer_error(client, dev_url, resource, status, &codes, message);
    }
    let acct = client.api.account_id();
    if let Some(&c) = codes.iter().find(|c| NAMESPACE_CODES.contains(c)) {
        return StoreError::MissingResource(format!(
            "KV namespace {} was not found in account {acct} ({}); check --namespace-id, MKT_KV_NAMESPACE_ID or kv_namespace_id in the profile",
            client.kv_namespace_id,
            with_code(c)
        ));
    }
    if codes.contains(&D1_NOT_FOUND) {
        return StoreError::MissingResource(format!(
            "D1 database {} was not found in account {acct} ({}); check --database-id, MKT_D1_DATABASE_ID or d1_database_id in the profile",
            client.d1_database_id,
            with_code(D1_NOT_FOUND)
        ));
    }
    if let Some(&c) = codes.iter().find(|c| NO_ROUTE_CODES.contains(c)) {
        let what = match resource {
            Resource::Kv => format!("KV namespace id {}", client.kv_namespace_id),
            Resource::D1 => format!("D1 database id {}", client.d1_database_id),
        };
        return StoreError::MissingResource(format!(
            "Cloudflare has no route for account {acct} ({}); check CLOUDFLARE_ACCOUNT_ID (or --account-id) and the {what}",
            with_code(c)
        ));
    }
    if codes.contains(&D1_ACCOUNT_NOT_AUTHORIZED) {
        return StoreError::Auth(format!(
            "Cloudflare refused D1 access for account {acct} ({}); check that CLOUDFLARE_API_TOKEN grants D1 Read/Edit on that account and that CLOUDFLARE_ACCOUNT_ID is the account owning the database",
            with_code(D1_ACCOUNT_NOT_AUTHORIZED)
        ));
    }
    if let Some(&c) = codes.iter().find(|c| AUTH_CODES.contains(c)) {
        return StoreError::Auth(format!(
            "Cloudflare rejected the API token ({}); check CLOUDFLARE_API_TOKEN and that it grants Workers KV Storage and D1 access to account {acct}",
            with_code(c)
        ));
    }
    if status == 401 || status == 403 {
        return StoreError::Auth(format!(
            "HTTP {status} ({message}); check CLOUDFLARE_API_TOKEN and that it grants Workers KV Storage and D1 access to account {acct}"
        ));
    }
    if codes.contains(&KV_DAILY_QUOTA) {
        return StoreError::RateLimited(format!(
            "account {acct} reached the Workers KV free-plan daily limit ({}); wait for the daily reset (00:00 UTC) or move the account to Workers Paid",
            with_code(KV_DAILY_QUOTA)
        ));
    }
    if codes.contains(&D1_SQL_ERROR) {
        return StoreError::Sql(message);
    }
    let described = match code {
        Some(c) => format!("HTTP {status}, {}", with_code(c)),
        None => format!("HTTP {status}: {message}"),
    };
    match status {
        429 => StoreError::RateLimited(described),
        500..=599 => StoreError::Server(described),
        _ => StoreError::Api {
            status,
            code,
            message,
        },
    }
}

/// The Local Explorer's errors in wrangler dev's terms: same envelope and KV/D1 codes as the API,
/// no tokens or accounts, and its own codes for bad input and failed statements.
fn explorer_error(
    client: &Client,
    dev_url: &str,
    resource: Resource,
    status: u16,
    codes: &[i64],
    message: String,
) -> StoreError {
    let with_code = |c: i64| format!("code {c}: {message}");
    if let Some(&c) = codes.iter().find(|c| NAMESPACE_CODES.contains(c)) {
        return StoreError::MissingResource(format!(
            "wrangler dev at {dev_url} no longer serves KV namespace {} ({}); was it restarted with another config? run the command again",
            client.kv_namespace_id,
            with_code(c)
        ));
    }
    if codes.contains(&D1_NOT_FOUND) {
        return StoreError::MissingResource(format!(
            "wrangler dev at {dev_url} no longer serves D1 database {} ({}); was it restarted with another config? run the command again",
            client.d1_database_id,
            with_code(D1_NOT_FOUND)
        ));
    }
    if resource == Resource::D1 && status >= 500 && codes.contains(&EXPLORER_QUERY_FAILED) {
        return StoreError::Sql(message);
    }
    if codes.is_empty() && (status == 404 || status == 405) {
        // The request fell through to the Worker itself: the explorer is off (or not this server).
        return StoreError::Unavailable(format!(
            "{dev_url} answered HTTP {status} without the Local Explorer API; restart wrangler dev with `{}`",
            crate::config::WRANGLER_DEV_START
        ));
    }
    if codes.contains(&EXPLORER_INTERNAL) || status >= 500 {
        return StoreError::Server(format!("wrangler dev answered HTTP {status}: {message}"));
    }
    StoreError::Api {
        status,
        code: codes.first().copied(),
        message,
    }
}

/// A short, one-line excerpt of a body that is not an envelope (HTML pages say little), scrubbed
/// before it is cut so no piece of a secret survives the cut.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        return "an HTML page instead of a JSON response".into();
    }
    let one_line = one_line(&crate::redact::scrub_head(body, 4096));
    if one_line.is_empty() {
        return "empty response".into();
    }
    let mut s: String = one_line.chars().take(200).collect();
    if s.len() < one_line.len() {
        s.push('…');
    }
    s
}
