//! The wrangler-dev target's settings: the dev server's address and which KV namespace and D1
//! database to use, from the same flags, profile keys and wrangler config bindings as cloudflare.

use std::path::{Path, PathBuf};

use super::cloudflare::{request_knobs, resolve_ids};
use super::resolve::Resolver;
use super::*;
use crate::exit::Failure;

/// The config files wrangler itself reads from its working directory, in its order.
const WRANGLER_CONFIG_NAMES: [&str; 3] = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"];

pub(super) fn resolve_wrangler_dev(
    r: &mut Resolver<'_>,
    overrides: &Overrides,
    profile_dir: &Path,
    cwd: &Path,
) -> anyhow::Result<WranglerDevSettings> {
    let p = r.profile.clone();
    let dev_url = r
        .pick(
            "dev_url",
            overrides.dev_url.clone(),
            &["MKT_DEV_URL"],
            p.dev_url.clone(),
            Some(DEFAULT_DEV_URL.into()),
            false,
        )
        .unwrap_or_else(|| DEFAULT_DEV_URL.into());
    let parsed = reqwest::Url::parse(&dev_url).ok().filter(|u| {
        matches!(u.scheme(), "http" | "https") && u.host().is_some() && u.query().is_none()
    });
    if parsed.is_none() {
        return Err(Failure::usage(format!(
            "invalid dev_url {dev_url:?}: give the address wrangler dev prints, like {DEFAULT_DEV_URL}"
        )));
    }
    // Like wrangler, read the config in the working directory when none is named.
    let default_config: Option<PathBuf> = WRANGLER_CONFIG_NAMES
        .iter()
        .map(|name| cwd.join(name))
        .find(|path| path.is_file());
    let ids = resolve_ids(r, overrides, profile_dir, default_config.as_deref(), true)?;
    let (concurrency, max_retries) = request_knobs(r)?;
    if concurrency == 0 {
        return Err(Failure::usage("concurrency must be at least 1"));
    }
    Ok(WranglerDevSettings {
        dev_url: dev_url.trim_end_matches('/').to_string(),
        kv: ids.kv,
        d1: ids.d1,
        concurrency,
        max_retries,
        max_retry_after: 60,
    })
}
