//! The review sync's settings (seed 000's backend metadata): `sync_backend` (`local-file` or
//! `cloudflare-d1`), `sync_mode` (`staging` or `production`), `sync_endpoint` (the Worker whose
//! `/ingest/signet-reviews` takes pushes; default `api_url`) and `sync_file` (the local staging file).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::resolve::Resolver;
use super::under;
use crate::exit::Failure;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SyncBackend {
    /// Reviews live in the local staging file (seed 000's first stage); nothing is synced.
    LocalFile,
    /// The Worker and D1 hold the reviews (stage 2–3); the file syncs with them.
    CloudflareD1,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncMode {
    Staging,
    /// Pushes and pulls ask first (`--yes` without a terminal).
    Production,
}

impl SyncBackend {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncBackend::LocalFile => "local-file",
            SyncBackend::CloudflareD1 => "cloudflare-d1",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "local-file" => Some(SyncBackend::LocalFile),
            "cloudflare-d1" => Some(SyncBackend::CloudflareD1),
            _ => None,
        }
    }
}

impl SyncMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncMode::Staging => "staging",
            SyncMode::Production => "production",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "staging" => Some(SyncMode::Staging),
            "production" => Some(SyncMode::Production),
            _ => None,
        }
    }
}

impl fmt::Display for SyncBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for SyncMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug)]
pub struct SyncSettings {
    pub backend: SyncBackend,
    pub mode: SyncMode,
    /// The Worker base URL pushes go to (its `/ingest/signet-reviews`).
    pub endpoint: Option<String>,
    /// The local staging file.
    pub file: Option<PathBuf>,
    /// How to reach the endpoint: `api_url`'s credentials, timeout and retries, at `endpoint`.
    pub worker: Option<super::ApiSettings>,
}

pub(super) fn resolve_sync(
    r: &mut Resolver<'_>,
    api: Option<&super::ApiSettings>,
) -> anyhow::Result<SyncSettings> {
    let backend = r.get("sync_backend").unwrap_or_default();
    let backend = SyncBackend::parse(&backend).ok_or_else(|| {
        Failure::usage(format!(
            "invalid sync_backend {backend:?}: use local-file or cloudflare-d1"
        ))
    })?;
    let mode = r.get("sync_mode").unwrap_or_default();
    let mode = SyncMode::parse(&mode).ok_or_else(|| {
        Failure::usage(format!(
            "invalid sync_mode {mode:?}: use staging or production"
        ))
    })?;
    let endpoint = r.get("sync_endpoint");
    if let Some(url) = &endpoint {
        let ok = reqwest::Url::parse(url)
            .ok()
            .is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
        if !ok {
            return Err(Failure::usage(format!(
                "invalid sync_endpoint {:?}: expected the Worker's http(s) base URL",
                crate::http::shown_url(url)
            )));
        }
    }
    let file = r.get("sync_file").map(|f| under(&r.cwd, Path::new(&f)));
    let endpoint = endpoint.map(|e| e.trim_end_matches('/').to_string());
    let worker = endpoint.as_ref().map(|url| match api {
        Some(a) => super::ApiSettings {
            url: url.clone(),
            ..a.clone()
        },
        None => super::ApiSettings {
            url: url.clone(),
            internal_key: r.get("internal_key").map(super::Secret::new),
            token: r.get("api_bearer_token").map(super::Secret::new),
            timeout: std::time::Duration::from_secs_f64(super::DEFAULT_API_TIMEOUT_SECS),
            max_retries: 4,
        },
    });
    Ok(SyncSettings {
        backend,
        mode,
        endpoint,
        file,
        worker,
    })
}
