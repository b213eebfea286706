//! The cloudflare target's settings: token, account, ids (flags, env, profile or the
//! marketplace's wrangler config by binding name), and the request budget.

use std::path::Path;

use super::resolve::{parse_num, Resolver};
use super::*;
use crate::exit::Failure;

pub(super) fn resolve_cloudflare(
    r: &mut Resolver<'_>,
    overrides: &Overrides,
    profile_dir: &Path,
    token: Option<String>,
) -> anyhow::Result<CloudflareSettings> {
    let p = r.profile.clone();
    let token = token.ok_or_else(|| {
        Failure::usage("the cloudflare target needs an API token: set CLOUDFLARE_API_TOKEN")
    })?;
    let account_id = r
        .pick("account_id", overrides.account_id.clone(), &["CLOUDFLARE_ACCOUNT_ID"], p.account_id.clone(), None, false)
        .ok_or_else(|| {
            Failure::usage("the cloudflare target needs an account id: set --account-id, CLOUDFLARE_ACCOUNT_ID or account_id in the profile")
        })?;
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

    // Ids may come from the marketplace's wrangler config by binding name.
    let wrangler_path = r.pick(
        "wrangler_config",
        None,
        &["MKT_WRANGLER_CONFIG"],
        p.wrangler_config
            .as_ref()
            .map(|w| under(profile_dir, w).display().to_string()),
        None,
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
    let wrangler = match &wrangler_path {
        Some(path) => Some(super::wrangler::WranglerConfig::load(
            Path::new(path),
            wrangler_env.as_deref(),
        )?),
        None => None,
    };

    let mut kv_ns = r.pick(
        "kv_namespace_id",
        overrides.kv_namespace_id.clone(),
        &["MKT_KV_NAMESPACE_ID"],
        p.kv_namespace_id.clone(),
        None,
        false,
    );
    if kv_ns.is_none() {
        if let (Some(w), Some(b)) = (&wrangler, &kv_binding) {
            let id = w.kv_namespace_id(b)?;
            r.shown.push(ShownValue {
                key: "kv_namespace_id".into(),
                value: id.clone(),
                origin: Origin::Wrangler(w.path.display().to_string()),
            });
            kv_ns = Some(id);
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
    if d1.is_none() {
        if let (Some(w), Some(b)) = (&wrangler, &d1_binding) {
            let id = w.d1_database_id(b)?;
            r.shown.push(ShownValue {
                key: "d1_database_id".into(),
                value: id.clone(),
                origin: Origin::Wrangler(w.path.display().to_string()),
            });
            d1 = Some(id);
        }
    }
    let kv_namespace_id = kv_ns.ok_or_else(|| {
        Failure::usage(format!(
            "the cloudflare target needs a KV namespace id: {}",
            cloudflare_ids_hint()
        ))
    })?;
    let d1_database_id = d1.ok_or_else(|| {
        Failure::usage(format!(
            "the cloudflare target needs a D1 database id: {}",
            cloudflare_ids_hint()
        ))
    })?;

    let rate_limit = parse_num::<u32>(
        "rate_limit",
        r.pick(
            "rate_limit",
            None,
            &["MKT_RATE_LIMIT"],
            p.rate_limit.map(|v| v.to_string()),
            Some(DEFAULT_RATE_LIMIT.to_string()),
            false,
        ),
    )?
    .unwrap_or(DEFAULT_RATE_LIMIT);
    let concurrency = parse_num::<usize>(
        "concurrency",
        r.pick(
            "concurrency",
            overrides.concurrency.map(|v| v.to_string()),
            &["MKT_CONCURRENCY"],
            p.concurrency.map(|v| v.to_string()),
            Some(DEFAULT_CONCURRENCY.to_string()),
            false,
        ),
    )?
    .unwrap_or(DEFAULT_CONCURRENCY);
    let max_retries = parse_num::<u32>(
        "max_retries",
        r.pick(
            "max_retries",
            None,
            &["MKT_MAX_RETRIES"],
            p.max_retries.map(|v| v.to_string()),
            Some("4".into()),
            false,
        ),
    )?
    .unwrap_or(4);
    if rate_limit == 0 || concurrency == 0 {
        return Err(Failure::usage(
            "rate_limit and concurrency must be at least 1",
        ));
    }
    Ok(CloudflareSettings {
        api_token: Secret::new(token),
        account_id,
        base_url: base_url.trim_end_matches('/').to_string(),
        kv_namespace_id,
        d1_database_id,
        rate_limit,
        concurrency,
        max_retries,
        max_retry_after: 60,
    })
}
