//! The wrangler-dev target's settings: the dev server's address and which KV namespace and D1
//! database to use, from the same flags, profile keys and wrangler config bindings as cloudflare.
//! Unlike cloudflare nothing here is required: with no id or binding the target takes what the
//! running wrangler dev serves, and a binding may lack an id (local dev gives it one).

use super::cloudflare::{request_knobs, wrangler_source, WranglerSource};
use super::resolve::Resolver;
use super::wrangler::WranglerConfig;
use super::*;
use crate::exit::Failure;

/// The settings, or `None` when one is unusable and the resolver is lenient (`config show`).
/// With no `wrangler_config` named, the one in the working directory is read, as wrangler does
/// (`settings::defaults::wrangler_config`).
pub(super) fn resolve_wrangler_dev(
    r: &mut Resolver<'_>,
) -> anyhow::Result<Option<WranglerDevSettings>> {
    let dev_url = r.get("dev_url").unwrap_or_else(|| DEFAULT_DEV_URL.into());
    let usable = reqwest::Url::parse(&dev_url).ok().is_some_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host().is_some() && u.query().is_none()
    });
    if !usable {
        r.lack(
            "dev_url",
            Failure::usage(format!(
                "invalid dev_url {dev_url:?}: give the address wrangler dev prints, like {DEFAULT_DEV_URL}"
            )),
        )?;
    }
    let WranglerSource {
        config,
        kv_binding,
        d1_binding,
    } = wrangler_source(r)?;
    let kv_id = r.get("kv_namespace_id");
    let kv = wanted(r, config.as_ref(), KV, kv_id, kv_binding);
    let d1_id = r.get("d1_database_id");
    let d1 = wanted(r, config.as_ref(), D1, d1_id, d1_binding);
    let (concurrency, max_retries) = request_knobs(r)?;
    if concurrency == 0 {
        r.lack(
            "concurrency",
            Failure::usage("concurrency must be at least 1"),
        )?;
    }
    if !r.missing.is_empty() {
        return Ok(None);
    }
    Ok(Some(WranglerDevSettings {
        dev_url: dev_url.trim_end_matches('/').to_string(),
        kv,
        d1,
        concurrency,
        max_retries,
        max_wait: READ_MAX_WAIT,
    }))
}

/// (binding setting, id setting, wrangler list, id field) of each resource.
struct Keys(&'static str, &'static str, &'static str, &'static str);
const KV: Keys = Keys("kv_binding", "kv_namespace_id", "kv_namespaces", "id");
const D1: Keys = Keys(
    "d1_binding",
    "d1_database_id",
    "d1_databases",
    "database_id",
);

/// The id given, else the binding's id in the wrangler config when it has one; the binding is
/// the one named, else the config's only one of its kind.
fn wanted(
    r: &mut Resolver<'_>,
    config: Option<&WranglerConfig>,
    Keys(binding_key, id_key, list, field): Keys,
    id: Option<String>,
    binding: Option<String>,
) -> Wanted {
    let Some(w) = config else {
        return Wanted { id, binding };
    };
    let origin = || Origin::Wrangler(w.path.display().to_string());
    let binding = binding.or_else(|| {
        let only = w.only_binding(list)?;
        r.set(binding_key, only.clone(), origin());
        Some(only)
    });
    let id = id.or_else(|| {
        let found = w.binding_id(list, binding.as_deref()?, field)?;
        r.set(id_key, found.clone(), origin());
        Some(found)
    });
    Wanted { id, binding }
}
