//! What both API clients (the Cloudflare client and the marketplace Worker client) share: one
//! request type, one request loop (`send`: retries, `Retry-After`, waits, counting), the retry
//! backoff, and naming a request or a failed attempt without leaking secrets.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::header::HeaderMap;

pub mod limits;
pub mod request;
pub mod send;

pub use limits::Limit;
pub use request::{Body, Replay, Request, Response};
pub use send::{
    report_waits_to, HttpClient, Policy, Retry, Slot, Verdict, Wait, WaitHook, WaitReason,
};

/// Counts API requests made by a command, including retries; every command reports it.
#[derive(Clone, Debug, Default)]
pub struct RequestCounter(Arc<AtomicU64>);

impl RequestCounter {
    pub fn incr(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A sink for `-v` debug lines from a client (requests, retries, waits).
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// Exponential backoff with jitter: `times` delays from `min` up to `max`.
pub fn backoff(min: Duration, max: Duration, times: u32) -> impl Iterator<Item = Duration> {
    ExponentialBuilder::default()
        .with_min_delay(min)
        .with_max_delay(max)
        .with_max_times(times as usize)
        .with_jitter()
        .build()
}

/// How long the server asked to wait, read as the official Cloudflare SDK does ([TS]
/// `src/client.ts` `retryRequest`): `retry-after-ms` first, then `Retry-After` as seconds
/// (fractions allowed) or an HTTP-date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
    let non_negative = |x: f64| (x.is_finite() && x >= 0.0).then_some(x);
    // Clamped: any value is a wait (`1e30` ms is "longer than anyone waits"), never a panic.
    let seconds = |x: f64| Duration::from_secs_f64(x.min(u32::MAX as f64));
    if let Some(ms) = header("retry-after-ms")
        .and_then(|v| v.parse::<f64>().ok())
        .and_then(non_negative)
    {
        return Some(seconds(ms / 1000.0));
    }
    let v = header("retry-after")?;
    if let Some(secs) = v.parse::<f64>().ok().and_then(non_negative) {
        return Some(seconds(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (when.timestamp() - chrono::Utc::now().timestamp()).max(0);
    Some(Duration::from_secs(secs as u64))
}

/// The wall-clock time `d` from now, as a person would retry at: `14:05:09 UTC` today, with
/// its date on another day.
pub fn retry_at(d: Duration) -> String {
    let now = chrono::Utc::now();
    let d = chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
    match now.checked_add_signed(d) {
        Some(t) if t.date_naive() == now.date_naive() => t.format("%H:%M:%S UTC").to_string(),
        Some(t) => t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        None => "a long time".into(),
    }
}

/// The URL without its query (cursors and filters are long and say nothing useful in an error).
pub fn without_query(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

/// The URL as it may be shown: a password in it (`https://user:pass@host`) becomes `<redacted>`.
pub fn shown_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    match authority[..at].split_once(':') {
        Some((user, _)) => format!("{}{user}:<redacted>{}", &url[..scheme_end], &rest[at..]),
        None => url.to_string(),
    }
}

/// Whether `url` leaves this machine in clear text: plain `http://` to a host that is not
/// loopback (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`).
pub fn is_plain_http_off_machine(url: &str) -> bool {
    let Ok(u) = reqwest::Url::parse(url) else {
        return false;
    };
    if u.scheme() != "http" {
        return false;
    }
    match u.host() {
        Some(url::Host::Ipv4(ip)) => !ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => !ip.is_loopback(),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d != "localhost" && !d.ends_with(".localhost")
        }
        None => false,
    }
}

/// Refuses to send `credential` over plain `http://` to another machine, where anyone on the
/// path reads it, unless the operator allowed it (`--allow-insecure-http`).
pub fn refuse_plain_http(
    url: &str,
    setting: &str,
    credential: &str,
    allowed: bool,
) -> Result<(), String> {
    if allowed || !is_plain_http_off_machine(url) {
        return Ok(());
    }
    Err(format!(
        "{setting} {} is plain http:// to another machine, so {credential} would cross the network unencrypted; use https://, or allow it with --allow-insecure-http (MKT_ALLOW_INSECURE_HTTP=1, or allow_insecure_http = true in the profile) on a network you trust",
        shown_url(url)
    ))
}

/// The password of a URL (raw and percent-decoded), to scrub from text that may quote it.
pub fn url_password(url: &str) -> Vec<String> {
    let Ok(u) = reqwest::Url::parse(url) else {
        return Vec::new();
    };
    let Some(raw) = u.password().filter(|p| !p.is_empty()) else {
        return Vec::new();
    };
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned();
    let mut out = vec![raw.to_string()];
    if decoded != raw {
        out.push(decoded);
    }
    out
}

/// Why one attempt produced no answer. The texts name the request by method and URL (never a
/// password, never the query) and are scrubbed of secrets; each client adds what to fix.
pub enum Failed {
    /// The connection was never made: the request was not sent, so replaying it is always safe.
    Connect(String),
    Timeout(String),
    Other(String),
    /// A 3xx: redirects are never followed (one could carry a credential or a write to another
    /// host) nor taken as an answer. The text names where it pointed.
    Redirect(String),
    /// The body went past the request's [`Limit`]; reading stopped there.
    TooLarge(String),
}

/// Classifies a reqwest error, naming the request by method and URL without its query (headers,
/// where the secrets travel, are never part of the text).
pub fn classify(method: &reqwest::Method, url: &str, e: reqwest::Error) -> Failed {
    let e = e.without_url(); // the URL is named once, without its query
    let mut msg = format!("{method} {}: {e}", without_query(url));
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    let msg = crate::redact::scrub(&msg);
    if e.is_timeout() {
        Failed::Timeout(format!(
            "timed out: {msg}; retry later, or check the network"
        ))
    } else if e.is_connect() {
        Failed::Connect(msg)
    } else {
        Failed::Other(msg)
    }
}

/// Characters JavaScript's `encodeURIComponent` keeps: `A-Za-z0-9-_.!~*'()`.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Encodes a path segment exactly like `encodeURIComponent` (wrangler does this for key names).
pub fn encode_component(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert("retry-after", HeaderValue::from_static("1.5"));
        assert_eq!(retry_after(&h), Some(Duration::from_millis(1500)));
        h.insert("retry-after", HeaderValue::from_static("-3"));
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after-ms", HeaderValue::from_static("250"));
        assert_eq!(retry_after(&h), Some(Duration::from_millis(250)));
        h.remove("retry-after-ms");
        let later = chrono::Utc::now() + chrono::Duration::seconds(30);
        h.insert(
            "retry-after",
            HeaderValue::from_str(&later.to_rfc2822().replace("+0000", "GMT")).unwrap(),
        );
        let got = retry_after(&h).unwrap().as_secs();
        assert!((28..=30).contains(&got), "{got}");
        // Any value is a wait, never a panic.
        for huge in ["1e30", "1e300", "18446744073709551616"] {
            h.insert("retry-after-ms", HeaderValue::from_static(huge));
            assert_eq!(retry_after(&h), Some(Duration::from_secs(u32::MAX.into())));
        }
    }

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(encode_component("skill:a/b"), "skill%3Aa%2Fb");
        assert_eq!(encode_component("skill:100%"), "skill%3A100%25");
        assert_eq!(encode_component("with space"), "with%20space");
        assert_eq!(encode_component("ü日"), "%C3%BC%E6%97%A5");
        assert_eq!(encode_component("A-z_0.9!~*'()"), "A-z_0.9!~*'()");
    }

    #[test]
    fn backoff_yields_the_asked_number_of_delays() {
        let d: Vec<Duration> =
            backoff(Duration::from_millis(10), Duration::from_millis(40), 3).collect();
        assert_eq!(d.len(), 3);
        assert!(d.iter().all(|x| *x <= Duration::from_millis(80)));
    }

    #[test]
    fn plain_http_is_refused_only_off_this_machine() {
        for local in [
            "http://127.0.0.1:8787/x",
            "http://127.0.0.2/",
            "http://localhost:1/",
            "http://api.localhost/",
            "http://[::1]:80/",
            "https://api.example.com/",
        ] {
            assert!(!is_plain_http_off_machine(local), "{local}");
        }
        for remote in [
            "http://api.example.com/",
            "http://10.0.0.1/",
            "http://[2001:db8::1]/",
        ] {
            assert!(is_plain_http_off_machine(remote), "{remote}");
        }
        let e = refuse_plain_http("http://ops:pw@10.1.1.1/v4", "X_URL", "the token", false)
            .unwrap_err();
        assert!(e.contains("http://ops:<redacted>@10.1.1.1/v4"), "{e}");
        assert!(!e.contains("pw@"), "{e}");
        assert!(refuse_plain_http("http://10.1.1.1/", "X_URL", "the token", true).is_ok());
    }

    #[test]
    fn a_password_in_a_url_is_never_shown() {
        assert_eq!(
            shown_url("https://ops:s3cr%40t@api.example.com/v1?x=1"),
            "https://ops:<redacted>@api.example.com/v1?x=1"
        );
        assert_eq!(shown_url("http://ops@h:8787/"), "http://ops@h:8787/");
        assert_eq!(shown_url("http://h:8787/a@b"), "http://h:8787/a@b");
        assert_eq!(shown_url("localhost:8787"), "localhost:8787");
        assert_eq!(
            url_password("https://ops:s3cr%40t@api.example.com/"),
            ["s3cr%40t", "s3cr@t"]
        );
        assert!(url_password("https://api.example.com/").is_empty());
    }
}
