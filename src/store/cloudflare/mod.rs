//! The Cloudflare target: REST API v4 for Workers KV and D1 (reference/cloudflare-api.md).
//!
//! One `Client` (auth, throttle, concurrency limit, retries, request counter) serves both halves.
//! Honoured settings: `api_token`, `account_id`, `base_url`, `kv_namespace_id`, `d1_database_id`,
//! `rate_limit` (requests per 5 minutes), `concurrency` (requests in flight), `max_retries`,
//! `max_wait` (the longest wait for the budget or a `Retry-After`).

use std::sync::Arc;
use std::time::Duration;

use crate::config::CloudflareSettings;
use crate::store::{Store, StoreResult};

mod account;
pub mod budget;
mod client;
mod d1;
mod errors;
mod kv;
mod sqltext;
mod throttle;
mod wrangler_dev;

pub use crate::http::encode_component;
pub use account::{probe, Probe, TokenCheck, TokenOwner};
/// A batch within these limits is sent as one request, so it is one transaction.
pub use sqltext::is_idempotent;
pub use throttle::estimated_duration;
pub use wrangler_dev::open as open_wrangler_dev;

/// Knobs that are not user settings. Tests shorten the backoff to stay fast.
#[derive(Clone)]
pub struct ClientOptions {
    /// First retry delay (exponential, with jitter).
    pub min_backoff: Duration,
    /// Longest retry delay.
    pub max_backoff: Duration,
    /// Where to describe each request and retry (`-v`); never given secrets.
    pub log: Option<crate::store::Log>,
    /// The directory of the request budget shared by every mkt process of the user (one file
    /// per token); `None`: this client budgets alone.
    pub budget_dir: Option<std::path::PathBuf>,
    /// Send the token over plain `http://` to another machine (`--allow-insecure-http`).
    pub allow_insecure_http: bool,
    /// Told of every wait (throttle, budget, retry) besides the `-v` log: a command's
    /// "waiting…" line.
    pub on_wait: Option<crate::http::WaitHook>,
}

impl std::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("min_backoff", &self.min_backoff)
            .field("max_backoff", &self.max_backoff)
            .field("log", &self.log.is_some())
            .field("budget_dir", &self.budget_dir)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("on_wait", &self.on_wait.is_some())
            .finish()
    }
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            min_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            log: None,
            budget_dir: None,
            allow_insecure_http: false,
            on_wait: None,
        }
    }
}

pub async fn open(settings: &CloudflareSettings) -> StoreResult<Store> {
    open_with(settings, ClientOptions::default()).await
}

/// Builds the store without making a request (the first command request is the first API call).
pub async fn open_with(
    settings: &CloudflareSettings,
    options: ClientOptions,
) -> StoreResult<Store> {
    let client = Arc::new(client::Client::new(settings, options)?);
    Ok(Store {
        description: format!(
            "cloudflare account {} (kv {}, d1 {})",
            settings.account_id, settings.kv_namespace_id, settings.d1_database_id
        ),
        requests: client.requests.clone(),
        kv: Arc::new(kv::CloudflareKv {
            client: client.clone(),
            bulk: kv::BulkRoutes::ALL,
        }),
        sql: Arc::new(d1::CloudflareD1 {
            client,
            route: "/query",
        }),
        kind: crate::config::TargetKind::Cloudflare,
    })
}
