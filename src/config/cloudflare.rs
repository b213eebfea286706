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
    overrides: &Overrides,
    profile_dir: &Path,
    token: Option<String>,
) -> anyhow::Result<Option<CloudflareSettings>> {
    let p = r.profile.clone();
    if token.is_none() {
        r.lack(
            "api_token",
            Failure::usage("the cloudflare target needs an API token: set CLOUDFLARE_API_TOKEN"),
        )?;
    }
    let account_id = r.pick(
        "account_id",
        overrides.account_id.clone(),
        &["CLOUDFLARE_ACCOUNT_ID"],
        p.account_id.clone(),
        None,
        false,
    );
    if account_id.is_none() {
        r.lack("account_id", Failure::usage("the cloudflare target needs an account id: set --account-id, CLOUDFLARE_ACCOUNT_ID or account_id in the profile"))?;
    }
    let base_url = r
        .pick(
            "api_base_url",
            None,
            &["CLOUDFLARE_API_BASE_URL", "CF_API_BASE_URL"],
            p.api_base_url.clone(),
            Some(DEFAULT_API_BASE_URL.into()),
            false,
        )
        .unwrap_or_else(|| DEFAULT_API_BASE_URL.into());
    r.hide_url_password("api_base_url");

    // Ids may come from the marketplace's wrangler config by binding name.
    let WranglerSource {
        config: wrangler,
        kv_binding,
        d1_binding,
    } = wrangler_source(r, profile_dir, None)?;

    let mut kv_ns = r.pick(
        "kv_namespace_id",
        overrides.kv_namespace_id.clone(),
        &["MKT_KV_NAMESPACE_ID"],
        p.kv_namespace_id.clone(),
        None,
        false,
    );
    let mut kv_lack = None;
    if kv_ns.is_none() {
        if let (Some(w), Some(b)) = (&wrangler, &kv_binding) {
            match w.kv_namespace_id(b) {
                Ok(id) => {
                    r.shown.push(ShownValue {
                        key: "kv_namespace_id".into(),
                        value: id.clone(),
                        origin: Origin::Wrangler(w.path.display().to_string()),
                    });
                    kv_ns = Some(id);
                }
                Err(e) => kv_lack = Some(e),
            }
        }
    }
    let mut d1 = r.pick(
        "d1_database_id",
        overrides.d1_database_id.clone(),
        &["MKT_D1_DATABASE_ID"],
        p.d1_database_id.clone(),
        None,
        false,
    );
    let mut d1_lack = None;
    if d1.is_none() {
        if let (Some(w), Some(b)) = (&wrangler, &d1_binding) {
            match w.d1_database_id(b) {
                Ok(id) => {
                    r.shown.push(ShownValue {
                        key: "d1_database_id".into(),
                        value: id.clone(),
                        origin: Origin::Wrangler(w.path.display().to_string()),
                    });
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

    let picked = r.pick(
        "rate_limit",
        None,
        &["MKT_RATE_LIMIT"],
        p.rate_limit.map(|v| v.to_string()),
        Some(DEFAULT_RATE_LIMIT.to_string()),
        false,
    );
    let rate_limit = number(r, "rate_limit", picked, DEFAULT_RATE_LIMIT)?;
    let (concurrency, max_retries) = request_knobs(r, overrides)?;
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
        max_retry_after: 60,
    }))
}

/// A whole number setting; a bad one is lacking (so `config show` can mark it) and then its default.
pub(super) fn number<T: std::str::FromStr + Copy>(
    r: &mut Resolver<'_>,
    key: &str,
    picked: Option<String>,
    default: T,
) -> anyhow::Result<T> {
    match parse_num::<T>(r, key, picked) {
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

/// `wrangler_config` (or `default` when none is named), `wrangler_env` and the binding names; a
/// config that cannot be read is lacking.
pub(super) fn wrangler_source(
    r: &mut Resolver<'_>,
    profile_dir: &Path,
    default: Option<&Path>,
) -> anyhow::Result<WranglerSource> {
    let p = r.profile.clone();
    let wrangler_path = r.pick(
        "wrangler_config",
        None,
        &["MKT_WRANGLER_CONFIG"],
        p.wrangler_config
            .as_ref()
            .map(|w| under(profile_dir, w).display().to_string()),
        default.map(|d| d.display().to_string()),
        false,
    );
    let wrangler_env = r.pick(
        "wrangler_env",
        None,
        &["MKT_WRANGLER_ENV"],
        p.wrangler_env.clone(),
        None,
        false,
    );
    let kv_binding = r.pick(
        "kv_binding",
        None,
        &["MKT_KV_BINDING"],
        p.kv_binding.clone(),
        None,
        false,
    );
    let d1_binding = r.pick(
        "d1_binding",
        None,
        &["MKT_D1_BINDING"],
        p.d1_binding.clone(),
        None,
        false,
    );
    let config = match &wrangler_path {
        Some(path) => {
            match super::wrangler::WranglerConfig::load(Path::new(path), wrangler_env.as_deref()) {
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
        kv_binding,
        d1_binding,
    })
}

/// Requests in flight and retries of the targets that speak HTTP.
pub(super) fn request_knobs(
    r: &mut Resolver<'_>,
    overrides: &Overrides,
) -> anyhow::Result<(usize, u32)> {
    let p = r.profile.clone();
    let picked = r.pick(
        "concurrency",
        overrides.concurrency.map(|v| v.to_string()),
        &["MKT_CONCURRENCY"],
        p.concurrency.map(|v| v.to_string()),
        Some(DEFAULT_CONCURRENCY.to_string()),
        false,
    );
    let concurrency = number(r, "concurrency", picked, DEFAULT_CONCURRENCY)?;
    let picked = r.pick(
        "max_retries",
        None,
        &["MKT_MAX_RETRIES"],
        p.max_retries.map(|v| v.to_string()),
        Some("4".into()),
        false,
    );
    let max_retries = number(r, "max_retries", picked, 4u32)?;
    Ok((concurrency, max_retries))
}
