//! Which endpoint a sync uses and where it was set: `sync_endpoint` (env, profile), else the
//! daemon's `endpointUrl` in `reviews-config.json` beside the staging file, else `api_url`.
//! The daemon's value is the full ingest URL: pushes go to it as given, and the Worker's base
//! (for `GET /reviews`) is derived from it when it ends in `/ingest/signet-reviews`.

use std::path::Path;

use super::daemon::{self, Endpoint};
use crate::config::{check_url, SyncSettings};

/// The endpoint chosen, and how hints name where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
    /// Where pushes go, exactly.
    pub ingest: String,
    /// The Worker's base for reads, when known.
    pub base: Option<String>,
    /// Where the endpoint was set (`endpointUrl in …/reviews-config.json`, `MKT_SYNC_ENDPOINT`).
    pub from: String,
    /// Where the base was set (the same, or `api_url` when the endpoint names no base).
    pub base_from: String,
}

pub fn endpoint(
    sync: &SyncSettings,
    settings: Option<&daemon::Settings>,
) -> anyhow::Result<Option<Chosen>> {
    let (e, from) = if let Some(s) = &sync.endpoint {
        (Endpoint::parse(&s.value, false), s.from.clone())
    } else if let Some((url, path)) = settings.and_then(|s| s.endpoint_url().map(|u| (u, &s.path)))
    {
        let from = format!("endpointUrl in {}", path.display());
        check_url(url, &from)?;
        (Endpoint::parse(url, true), from)
    } else if let Some(a) = &sync.api_url {
        (Endpoint::parse(&a.value, false), a.from.clone())
    } else {
        return Ok(None);
    };
    let (base, base_from) = match (&e.base, &sync.api_url) {
        (Some(b), _) => (Some(b.clone()), from.clone()),
        (None, Some(a)) => (Some(a.value.clone()), a.from.clone()),
        (None, None) => (None, from.clone()),
    };
    Ok(Some(Chosen {
        ingest: e.ingest,
        base,
        from,
        base_from,
    }))
}

/// The daemon's settings beside `file`, when the file is where the daemon keeps it or has its
/// settings beside it.
pub fn settings_for(file: &Path) -> anyhow::Result<Option<daemon::Settings>> {
    daemon::Settings::beside(file)
}
