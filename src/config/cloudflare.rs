//! The cloudflare target's settings: token, account, ids (flags, env, profile or the
//! marketplace's wrangler config by binding name), and the request budget.

use std::path::Path;

use super::resolve::{parse_num, Resolver};
use super::*;
use crate::exit::Failure;

/// The cloudflare settings, or `None` when something they need is missing and the resolver is
/// lenient (`config show`); every lack is recorded, so all of them are shown at once.
pub(super) fn resolve_cloudflare(
    r: &mut Resolver<'_>,
) -> anyhow::Result<Option<CloudflareSettings>> {
    let token = r.get("api_token");
    if token.is_none() {
        r.lack(
            "api_token",
            Failure::usage("the cloudflare target needs an API token: set CLOUDFLARE_API_TOKEN"),
        )?;
    }
    let account_id = r.get("account_id");
    if account_id.is_none() {
        r.lack("account_id", Failure::usage("the cloudflare target needs an account id: set --account-id, CLOUDFLARE_ACCOUNT_ID or account_id in the profile"))?;
    }
    let base_url = r
        .get("api_base_url")
        .unwrap_or_else(|| DEFAULT_API_BASE_URL.into());

    // Ids may come from the marketplace's wrangler config by binding name.
    let WranglerSource {
        config: wrangler,
        kv_binding,
        d1_binding,
    } = wrangler_source(r)?;

    let mut kv_ns = r.get("kv_namespace_id");
    let mut kv_lack = None;
    if kv_ns.is_none() {
        if let (Some(w), Some(b)) = (&wrangler, &kv_binding) {
            match w.kv_namespace_id(b) {
                Ok(id) => {
                    r.set(
                        "kv_namespace_id",
                        id.clone(),
                        Origin::Wrangler(w.path.display().to_string()),
                    );
                    kv_ns = Some(id);
                }
                Err(e) => kv_lack = Some(e),
            }
        }
    }
    let mut d1 = r.get("d1_database_id");
    let mut d1_lack = None;
    if d1.is_none() {
        if let (Some(w), Some(b)) = (&wrangler, &d1_binding) {
            match w.d1_database_id(b) {
                Ok(id) => {
                    r.set(
                        "d1_database_id",
                        id.clone(),
                        Origin::Wrangler(w.path.display().to_string()),
                    );
                    d1 = Some(id);
                }
                Err(e) => d1_lack = Some(e),
            }
        }
    }
    if kv_ns.is_none() {
        let e = kv_lack.unwrap_or_else(|| {
            Failure::usage(format!(
                "the cloudflare target needs a KV namespace id: {}",
                cloudflare_ids_hint()
            ))
        });
        r.lack("kv_namespace_id", e)?;
    }
    if d1.is_none() {
        let e = d1_lack.unwrap_or_else(|| {
            Failure::usage(format!(
                "the cloudflare target needs a D1 database id: {}",
                cloudflare_ids_hint()
            ))
        });
        r.lack("d1_database_id", e)?;
    }

    let rate_limit = number(r, "rate_limit", DEFAULT_RATE_LIMIT)?;
    let (concurrency, max_retries) = request_knobs(r)?;
    for (key, zero) in [
        ("rate_limit", rate_limit == 0),
        ("concurrency", concurrency == 0),
    ] {
        if zero {
            r.lack(key, Failure::usage(format!("{key} must be at least 1")))?;
        }
    }
    let (Some(token), Some(account_id), Some(kv_namespace_id), Some(d1_database_id)) =
        (token, account_id, kv_ns, d1)
    else {
        return Ok(None);
    };
    if !r.missing.is_empty() {
        return Ok(None);
    }
    Ok(Some(CloudflareSettings {
        api_token: Secret::new(token),
        account_id,
        base_url: base_url.trim_end_matches('/').to_string(),
        kv_namespace_id,
        d1_database_id,
        rate_limit,
        concurrency,
        max_retries,
        max_wait: READ_MAX_WAIT,
    }))
}

/// A whole number setting; a bad one is lacking (so `config show` can mark it) and then its default.
pub(super) fn number<T: std::str::FromStr + Copy>(
    r: &mut Resolver<'_>,
    key: &str,
    default: T,
) -> anyhow::Result<T> {
    match parse_num::<T>(r, key, r.get(key)) {
        Ok(v) => Ok(v.unwrap_or(default)),
        Err(e) => {
            r.lack(key, e)?;
            Ok(default)
        }
    }
}

/// The marketplace's wrangler config and the binding names to look up in it.
pub(super) struct WranglerSource {
    pub config: Option<super::wrangler::WranglerConfig>,
    pub kv_binding: Option<String>,
    pub d1_binding: Option<String>,
}

/// `wrangler_config`, `wrangler_env` and the binding names; a config that cannot be read is
/// lacking.
pub(super) fn wrangler_source(r: &mut Resolver<'_>) -> anyhow::Result<WranglerSource> {
    let wrangler_env = r.get("wrangler_env");
    let config = match r.get("wrangler_config") {
        Some(path) => {
            match super::wrangler::WranglerConfig::load(Path::new(&path), wrangler_env.as_deref()) {
                Ok(w) => Some(w),
                Err(e) => {
                    r.lack("wrangler_config", e)?;
                    None
                }
            }
        }
        None => None,
    };
    Ok(WranglerSource {
        config,
        kv_binding: r.get("kv_binding"),
        d1_binding: r.get("d1_binding"),
    })
}

/// Requests in flight and retries of the targets that speak HTTP.
pub(super) fn request_knobs(r: &mut Resolver<'_>) -> anyhow::Result<(usize, u32)> {
    let concurrency = number(r, "concurrency", DEFAULT_CONCURRENCY)?;
    let max_retries = number(r, "max_retries", 4u32)?;
    Ok((concurrency, max_retries))
}
