//! The wrangler-dev target's settings: the dev server's address and which KV namespace and D1
//! database to use, from the same flags, profile keys and wrangler config bindings as cloudflare.
//! Unlike cloudflare nothing here is required: with no id or binding the target takes what the
//! running wrangler dev serves, and a binding may lack an id (local dev gives it one).

use std::path::{Path, PathBuf};

use super::cloudflare::{request_knobs, wrangler_source, WranglerSource};
use super::resolve::Resolver;
use super::wrangler::WranglerConfig;
use super::*;
use crate::exit::Failure;

/// The config files wrangler itself reads from its working directory, in its order.
const WRANGLER_CONFIG_NAMES: [&str; 3] = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"];

/// The settings, or `None` when one is unusable and the resolver is lenient (`config show`).
pub(super) fn resolve_wrangler_dev(
    r: &mut Resolver<'_>,
    overrides: &Overrides,
    profile_dir: &Path,
    cwd: &Path,
) -> anyhow::Result<Option<WranglerDevSettings>> {
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
    // Like wrangler, read the config in the working directory when none is named.
    let here: Option<PathBuf> = WRANGLER_CONFIG_NAMES
        .iter()
        .map(|name| cwd.join(name))
        .find(|path| path.is_file());
    let WranglerSource {
        config,
        kv_binding,
        d1_binding,
    } = wrangler_source(r, profile_dir, here.as_deref())?;
    let kv_id = r.pick(
        "kv_namespace_id",
        overrides.kv_namespace_id.clone(),
        &["MKT_KV_NAMESPACE_ID"],
        p.kv_namespace_id.clone(),
        None,
        false,
    );
    let kv = wanted(r, config.as_ref(), KV, kv_id, kv_binding);
    let d1_id = r.pick(
        "d1_database_id",
        overrides.d1_database_id.clone(),
        &["MKT_D1_DATABASE_ID"],
        p.d1_database_id.clone(),
        None,
        false,
    );
    let d1 = wanted(r, config.as_ref(), D1, d1_id, d1_binding);
    let (concurrency, max_retries) = request_knobs(r, overrides)?;
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
        max_retry_after: 60,
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
        r.shown.push(ShownValue {
            key: binding_key.into(),
            value: only.clone(),
            origin: origin(),
        });
        Some(only)
    });
    let id = id.or_else(|| {
        let found = w.binding_id(list, binding.as_deref()?, field)?;
        r.shown.push(ShownValue {
            key: id_key.into(),
            value: found.clone(),
            origin: origin(),
        });
        Some(found)
    });
    Wanted { id, binding }
}
