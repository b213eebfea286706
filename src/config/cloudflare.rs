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

    let ids = resolve_ids(r, overrides, profile_dir, None, false)?;
    let (kv_ns, d1) = (ids.kv.id, ids.d1.id);
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
    let (concurrency, max_retries) = request_knobs(r)?;
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

/// A KV namespace or D1 database as configured: its id, the binding it was found under, or both.
#[derive(Clone, Debug, Default)]
pub struct Wanted {
    pub id: Option<String>,
    pub binding: Option<String>,
}

pub(super) struct Ids {
    pub kv: Wanted,
    pub d1: Wanted,
}

/// Ids from flags, env or profile, else from the wrangler config by binding name.
/// `default_wrangler` is the config to read when none is named (wrangler-dev: the one in the
/// working directory). `lenient` (wrangler-dev): a binding not named is the config's only one of
/// its kind, and a binding without an id is kept by name.
pub(super) fn resolve_ids(
    r: &mut Resolver<'_>,
    overrides: &Overrides,
    profile_dir: &Path,
    default_wrangler: Option<&Path>,
    lenient: bool,
) -> anyhow::Result<Ids> {
    let p = r.profile.clone();
    // Ids may come from the marketplace's wrangler config by binding name.
    let wrangler_path = r.pick(
        "wrangler_config",
        None,
        &["MKT_WRANGLER_CONFIG"],
        p.wrangler_config
            .as_ref()
            .map(|w| under(profile_dir, w).display().to_string()),
        default_wrangler.map(|d| d.display().to_string()),
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

    // wrangler-dev: the config's only binding of a kind needs no name, and a binding may lack an
    // id (wrangler dev then uses a local one, matched by binding name when the target opens).
    let only = |r: &mut Resolver<'_>, key: &str, list: &str, named: Option<String>| {
        named.or_else(|| {
            let w = wrangler.as_ref().filter(|_| lenient)?;
            let b = w.only_binding(list)?;
            r.shown.push(ShownValue {
                key: key.into(),
                value: b.clone(),
                origin: Origin::Wrangler(w.path.display().to_string()),
            });
            Some(b)
        })
    };
    let kv_binding = only(r, "kv_binding", "kv_namespaces", kv_binding);
    let d1_binding = only(r, "d1_binding", "d1_databases", d1_binding);
    let kv_namespace_id = r.pick(
        "kv_namespace_id",
        overrides.kv_namespace_id.clone(),
        &["MKT_KV_NAMESPACE_ID"],
        p.kv_namespace_id.clone(),
        None,
        false,
    );
    let kv = wanted(r, wrangler.as_ref(), lenient, WANTED_KV, kv_namespace_id, kv_binding)?;
    let d1_database_id = r.pick(
        "d1_database_id",
        overrides.d1_database_id.clone(),
        &["MKT_D1_DATABASE_ID"],
        p.d1_database_id.clone(),
        None,
        false,
    );
    let d1 = wanted(r, wrangler.as_ref(), lenient, WANTED_D1, d1_database_id, d1_binding)?;
    Ok(Ids { kv, d1 })
}

/// (setting, wrangler list, id field) of each resource.
const WANTED_KV: (&str, &str, &str) = ("kv_namespace_id", "kv_namespaces", "id");
const WANTED_D1: (&str, &str, &str) = ("d1_database_id", "d1_databases", "database_id");

/// The id given, else the binding's id in the wrangler config (strictly: it must be there).
fn wanted(
    r: &mut Resolver<'_>,
    wrangler: Option<&super::wrangler::WranglerConfig>,
    lenient: bool,
    (key, list, field): (&str, &str, &str),
    id: Option<String>,
    binding: Option<String>,
) -> anyhow::Result<Wanted> {
    if id.is_some() {
        return Ok(Wanted { id, binding });
    }
    let (Some(w), Some(b)) = (wrangler, binding.as_deref()) else {
        return Ok(Wanted { id, binding });
    };
    let found = if lenient {
        w.binding_id(list, b, field)
    } else {
        Some(w.find(list, b, field)?)
    };
    if let Some(v) = &found {
        r.shown.push(ShownValue {
            key: key.into(),
            value: v.clone(),
            origin: Origin::Wrangler(w.path.display().to_string()),
        });
    }
    Ok(Wanted { id: found, binding })
}

/// Requests in flight and retries, shared by the targets that speak HTTP.
pub(super) fn request_knobs(r: &mut Resolver<'_>) -> anyhow::Result<(usize, u32)> {
    let p = r.profile.clone();
    let concurrency = parse_num::<usize>(
        "concurrency",
        r.pick(
            "concurrency",
            None,
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
    Ok((concurrency, max_retries))
}
