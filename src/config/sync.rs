//! The review sync's settings (seed 000's backend metadata): `sync_backend` (`local-file` or
//! `cloudflare-d1`), `sync_mode` (`staging` or `production`), `sync_endpoint` (the Worker, or its
//! full ingest URL; else the daemon's `endpointUrl`, else `api_url`) and `sync_file` (the
//! staging file; else the reviews daemon's own, `$SIGNET_PATH/marketplace/reviews.json` with
//! `SIGNET_PATH` defaulting to `~/.agents`, when it exists).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::resolve::Resolver;
use super::{under, Origin};
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

/// A value and where it was set, as hints name it (`MKT_SYNC_ENDPOINT`, `sync_endpoint in profile
/// default`, `--api-url`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromSetting {
    pub value: String,
    pub from: String,
}

#[derive(Clone, Debug)]
pub struct SyncSettings {
    pub backend: SyncBackend,
    pub mode: SyncMode,
    /// `sync_endpoint` from the environment or the profile: a Worker base URL, or the full
    /// ingest URL when it ends in `/ingest/signet-reviews`. Beats the daemon's `endpointUrl`.
    pub endpoint: Option<FromSetting>,
    /// `api_url`, the last fallback for the endpoint.
    pub api_url: Option<FromSetting>,
    /// The local staging file: `MKT_SYNC_FILE`, `sync_file`, else the daemon's when it exists.
    pub file: Option<PathBuf>,
    /// Where `file` was set.
    pub file_from: Option<String>,
    /// Where the daemon keeps its file (`$SIGNET_PATH/marketplace/reviews.json`, `~/.agents` when
    /// unset), whether or not it exists; `None` with neither SIGNET_PATH nor HOME.
    pub daemon_file: Option<PathBuf>,
    /// How to reach the endpoint: `api_url`'s credentials, timeout and retries (the URL is set
    /// when the endpoint is chosen).
    pub client: super::ApiSettings,
}

/// How hints name where a value came from.
fn from_text(origin: Option<&Origin>, key: &str, flag: &str) -> String {
    match origin {
        Some(Origin::Flag) => flag.to_string(),
        Some(Origin::Env(name)) => name.clone(),
        Some(Origin::Profile(p)) => format!("{key} in profile {p}"),
        Some(Origin::Daemon(how)) => format!("the reviews daemon's file ({how})"),
        _ => key.to_string(),
    }
}

/// Where the reviews daemon keeps its file: `$SIGNET_PATH/marketplace/reviews.json`, with
/// `SIGNET_PATH` defaulting to `~/.agents`; and how to name that place.
pub(super) fn daemon_file(r: &Resolver<'_>) -> Option<(PathBuf, String)> {
    r.env
        .get("SIGNET_PATH")
        .map(|s| (under(&r.cwd, Path::new(s)), "SIGNET_PATH".to_string()))
        .or_else(|| {
            r.env
                .get("HOME")
                .map(|h| (PathBuf::from(h).join(".agents"), "~/.agents".to_string()))
        })
        .map(|(dir, how)| (dir.join("marketplace").join("reviews.json"), how))
}

pub(super) fn resolve_sync(
    r: &mut Resolver<'_>,
    api: Option<&super::ApiSettings>,
) -> anyhow::Result<SyncSettings> {
    let api_url = api.map(|a| FromSetting {
        value: a.url.clone(),
        from: from_text(r.origin_of("api_url"), "api_url", "--api-url"),
    });
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
    let endpoint = match r.get("sync_endpoint") {
        None => None,
        Some(url) => {
            let from = from_text(r.origin_of("sync_endpoint"), "sync_endpoint", "--endpoint");
            check_url(&url, &from)?;
            Some(FromSetting {
                value: url.trim_end_matches('/').to_string(),
                from,
            })
        }
    };
    let file = r.get("sync_file").map(|f| under(&r.cwd, Path::new(&f)));
    let file_from = file
        .as_ref()
        .map(|_| from_text(r.origin_of("sync_file"), "sync_file", "--file"));
    let client = match api {
        Some(a) => a.clone(),
        None => super::ApiSettings {
            url: String::new(),
            internal_key: r.get("internal_key").map(super::Secret::new),
            token: r.get("api_bearer_token").map(super::Secret::new),
            timeout: std::time::Duration::from_secs_f64(super::DEFAULT_API_TIMEOUT_SECS),
            max_retries: 4,
        },
    };
    Ok(SyncSettings {
        backend,
        mode,
        endpoint,
        api_url,
        file,
        file_from,
        daemon_file: daemon_file(r).map(|(f, _)| f),
        client,
    })
}

/// An endpoint must be an http(s) URL; the message names where the value was set.
pub fn check_url(url: &str, from: &str) -> anyhow::Result<()> {
    let ok = reqwest::Url::parse(url)
        .ok()
        .is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
    if ok {
        Ok(())
    } else {
        Err(Failure::usage(format!(
            "invalid {from} {:?}: expected the Worker's http(s) base URL or its full /ingest/signet-reviews URL",
            crate::http::shown_url(url)
        )))
    }
}
