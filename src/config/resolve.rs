//! Resolution of `Settings` from flags, environment, profile files and wrangler config.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::*;
use crate::exit::Failure;

/// One `[profiles.NAME]` table of `mkt.toml`. Unknown keys are errors, so typos surface.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub target: Option<TargetKind>,
    pub production: Option<bool>,
    pub account_id: Option<String>,
    pub kv_namespace_id: Option<String>,
    pub d1_database_id: Option<String>,
    pub api_base_url: Option<String>,
    pub wrangler_config: Option<PathBuf>,
    pub wrangler_env: Option<String>,
    pub kv_binding: Option<String>,
    pub d1_binding: Option<String>,
    pub local_path: Option<PathBuf>,
    pub rate_limit: Option<u32>,
    pub concurrency: Option<usize>,
    pub max_retries: Option<u32>,
    pub api_url: Option<String>,
    pub skill_prefix: Option<String>,
    pub index_key: Option<String>,
    pub alias_prefix: Option<String>,
    pub index_backup_prefix: Option<String>,
    pub skills_table: Option<String>,
    pub reviews_table: Option<String>,
    pub review_sync_events_table: Option<String>,
    pub review_aggregates_table: Option<String>,
    pub seed_catalog: Option<PathBuf>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// Reads and parses one `mkt.toml`; a syntax error is a usage error naming the file.
pub fn load_file(path: &Path) -> anyhow::Result<Option<ConfigFile>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Failure::usage(format!(
                "cannot read config {}: {e}",
                path.display()
            )))
        }
    };
    let file: ConfigFile = toml::from_str(&text).map_err(|e| {
        Failure::usage(format!(
            "malformed config {}: {}",
            path.display(),
            e.message().replace('\n', " ")
        ))
    })?;
    Ok(Some(file))
}

/// The config files consulted, first wins: `--config`/`MKT_CONFIG`, `./mkt.toml`,
/// then `$MKT_CONFIG_DIR/mkt.toml` or the user config dir (`~/.config/mkt/mkt.toml`).
pub fn config_paths(overrides: &Overrides, env: &Env, cwd: &Path) -> Vec<PathBuf> {
    if let Some(p) = &overrides.config_file {
        return vec![under(cwd, p)];
    }
    if let Some(p) = env.get("MKT_CONFIG") {
        return vec![under(cwd, Path::new(p))];
    }
    let mut paths = vec![cwd.join("mkt.toml")];
    if let Some(dir) = env.get("MKT_CONFIG_DIR") {
        paths.push(under(cwd, Path::new(dir)).join("mkt.toml"));
    } else if let Some(dir) = env.get("XDG_CONFIG_HOME") {
        paths.push(PathBuf::from(dir).join("mkt").join("mkt.toml"));
    } else if let Some(home) = env.get("HOME") {
        paths.push(
            PathBuf::from(home)
                .join(".config")
                .join("mkt")
                .join("mkt.toml"),
        );
    }
    paths
}

struct Resolver<'a> {
    env: &'a Env,
    profile: Profile,
    profile_name: Option<String>,
    shown: Vec<ShownValue>,
}

impl Resolver<'_> {
    /// flag > env (first name set) > profile > default, recording where the value came from.
    fn pick(
        &mut self,
        key: &str,
        flag: Option<String>,
        envs: &[&str],
        profile: Option<String>,
        default: Option<String>,
        secret: bool,
    ) -> Option<String> {
        let (value, origin) = if let Some(v) = flag {
            (Some(v), Origin::Flag)
        } else if let Some((name, v)) = envs
            .iter()
            .find_map(|n| self.env.get(n).map(|v| (n.to_string(), v.to_string())))
        {
            (Some(v), Origin::Env(name))
        } else if let Some(v) = profile {
            (
                Some(v),
                Origin::Profile(self.profile_name.clone().unwrap_or_default()),
            )
        } else {
            (default, Origin::Default)
        };
        if let Some(v) = &value {
            let shown = if secret {
                "<redacted>".to_string()
            } else {
                v.clone()
            };
            self.shown.push(ShownValue {
                key: key.into(),
                value: shown,
                origin,
            });
        }
        value
    }
}

fn parse_target(s: &str) -> anyhow::Result<TargetKind> {
    match s {
        "local" => Ok(TargetKind::Local),
        "cloudflare" => Ok(TargetKind::Cloudflare),
        "api" => Ok(TargetKind::Api),
        other => Err(Failure::usage(format!(
            "unknown target {other:?}: use local, cloudflare or api"
        ))),
    }
}

fn parse_num<T: std::str::FromStr>(key: &str, v: Option<String>) -> anyhow::Result<Option<T>> {
    match v {
        None => Ok(None),
        Some(s) => s
            .parse::<T>()
            .map(Some)
            .map_err(|_| Failure::usage(format!("invalid {key} {s:?}: expected a whole number"))),
    }
}

/// Resolves the settings a command runs with.
pub fn resolve(overrides: &Overrides, env: &Env, cwd: &Path) -> anyhow::Result<Settings> {
    // Profiles: the first file that defines a profile name wins.
    let mut profiles: BTreeMap<String, (Profile, PathBuf)> = BTreeMap::new();
    let mut default_profile: Option<String> = None;
    for path in config_paths(overrides, env, cwd) {
        let explicit = overrides.config_file.is_some() || env.get("MKT_CONFIG").is_some();
        match load_file(&path)? {
            Some(file) => {
                if default_profile.is_none() {
                    default_profile = file.default_profile.clone();
                }
                for (name, p) in file.profiles {
                    profiles.entry(name).or_insert((p, path.clone()));
                }
            }
            None if explicit => {
                return Err(Failure::usage(format!(
                    "config file {} does not exist",
                    path.display()
                )))
            }
            None => {}
        }
    }
    let requested = overrides
        .profile
        .clone()
        .or_else(|| env.get("MKT_PROFILE").map(String::from));
    let profile_name = match requested {
        Some(name) => {
            if !profiles.contains_key(&name) {
                let known: Vec<&str> = profiles.keys().map(String::as_str).collect();
                return Err(Failure::usage(format!(
                    "unknown profile {name:?}: {}",
                    if known.is_empty() {
                        "no mkt.toml defines any profile".to_string()
                    } else {
                        format!("defined profiles are {}", known.join(", "))
                    }
                )));
            }
            Some(name)
        }
        None => match default_profile {
            Some(name) if profiles.contains_key(&name) => Some(name),
            Some(name) => {
                return Err(Failure::usage(format!(
                    "default_profile {name:?} is not defined under [profiles] in mkt.toml"
                )))
            }
            None if profiles.contains_key("default") => Some("default".to_string()),
            None => None,
        },
    };
    let (profile, profile_path) = match &profile_name {
        Some(n) => {
            let (p, path) = profiles[n].clone();
            (p, Some(path))
        }
        None => (Profile::default(), None),
    };
    let profile_dir = profile_path
        .as_ref()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| cwd.to_path_buf());

    let mut r = Resolver {
        env,
        profile: profile.clone(),
        profile_name: profile_name.clone(),
        shown: Vec::new(),
    };
    if let Some(name) = &profile_name {
        // A profile chosen by `default_profile` or by its name `default` shows as a default.
        let origin = if overrides.profile.is_some() {
            Origin::Flag
        } else if env.get("MKT_PROFILE").is_some() {
            Origin::Env("MKT_PROFILE".into())
        } else {
            Origin::Default
        };
        r.shown.push(ShownValue {
            key: "profile".into(),
            value: name.clone(),
            origin,
        });
    }

    let token = r.pick(
        "api_token",
        None,
        &["CLOUDFLARE_API_TOKEN"],
        None,
        None,
        true,
    );
    let target_s = r.pick(
        "target",
        overrides.target.map(|t| t.as_str().to_string()),
        &["MKT_TARGET"],
        r.profile.target.map(|t| t.as_str().to_string()),
        None,
        false,
    );
    let target = match target_s {
        Some(s) => parse_target(&s)?,
        // No target named anywhere: Cloudflare when credentials are configured, else the local store.
        None if token.is_some() => TargetKind::Cloudflare,
        None => TargetKind::Local,
    };
    if !r.shown.iter().any(|s| s.key == "target") {
        r.shown.push(ShownValue {
            key: "target".into(),
            value: target.as_str().into(),
            origin: Origin::Default,
        });
    }
    let production = r
        .pick(
            "production",
            None,
            &[],
            r.profile.production.map(|b| b.to_string()),
            Some("false".into()),
            false,
        )
        .map(|s| s == "true")
        .unwrap_or(false);

    let local_path = r
        .pick(
            "local_path",
            overrides
                .local_path
                .as_ref()
                .map(|p| p.display().to_string()),
            &["MKT_LOCAL_PATH"],
            r.profile
                .local_path
                .as_ref()
                .map(|p| under(&profile_dir, p).display().to_string()),
            Some(DEFAULT_LOCAL_PATH.into()),
            false,
        )
        .map(|s| under(cwd, Path::new(&s)))
        .unwrap_or_else(|| cwd.join(DEFAULT_LOCAL_PATH));

    let p = r.profile.clone();
    let d = Layout::default();
    let layout = Layout {
        skill_prefix: r
            .pick(
                "skill_prefix",
                None,
                &["MKT_SKILL_PREFIX"],
                p.skill_prefix,
                Some(d.skill_prefix),
                false,
            )
            .unwrap_or_default(),
        index_key: r
            .pick(
                "index_key",
                None,
                &["MKT_INDEX_KEY"],
                p.index_key,
                Some(d.index_key),
                false,
            )
            .unwrap_or_default(),
        alias_prefix: r
            .pick(
                "alias_prefix",
                None,
                &["MKT_ALIAS_PREFIX"],
                p.alias_prefix,
                Some(d.alias_prefix),
                false,
            )
            .unwrap_or_default(),
        index_backup_prefix: r
            .pick(
                "index_backup_prefix",
                None,
                &["MKT_INDEX_BACKUP_PREFIX"],
                p.index_backup_prefix,
                Some(d.index_backup_prefix),
                false,
            )
            .unwrap_or_default(),
        skills_table: r
            .pick(
                "skills_table",
                None,
                &["MKT_SKILLS_TABLE"],
                p.skills_table,
                Some(d.skills_table),
                false,
            )
            .unwrap_or_default(),
        reviews_table: r
            .pick(
                "reviews_table",
                None,
                &["MKT_REVIEWS_TABLE"],
                p.reviews_table,
                Some(d.reviews_table),
                false,
            )
            .unwrap_or_default(),
        review_sync_events_table: r
            .pick(
                "review_sync_events_table",
                None,
                &["MKT_REVIEW_SYNC_EVENTS_TABLE"],
                p.review_sync_events_table,
                Some(d.review_sync_events_table),
                false,
            )
            .unwrap_or_default(),
        review_aggregates_table: r
            .pick(
                "review_aggregates_table",
                None,
                &["MKT_REVIEW_AGGREGATES_TABLE"],
                p.review_aggregates_table,
                Some(d.review_aggregates_table),
                false,
            )
            .unwrap_or_default(),
        seed_catalog: r
            .pick(
                "seed_catalog",
                None,
                &["MKT_SEED_CATALOG"],
                p.seed_catalog
                    .as_ref()
                    .map(|s| under(&profile_dir, s).display().to_string()),
                None,
                false,
            )
            .map(|s| under(cwd, Path::new(&s))),
    };
    for (key, value) in [
        ("skills_table", &layout.skills_table),
        ("reviews_table", &layout.reviews_table),
        ("review_sync_events_table", &layout.review_sync_events_table),
        ("review_aggregates_table", &layout.review_aggregates_table),
    ] {
        if value.is_empty() || !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(Failure::usage(format!(
                "invalid {key} {value:?}: table names may hold only letters, digits and _"
            )));
        }
    }

    let cloudflare = if target == TargetKind::Cloudflare {
        Some(resolve_cloudflare(&mut r, overrides, &profile_dir, token)?)
    } else {
        None
    };
    let api_url = r.pick(
        "api_url",
        overrides.api_url.clone(),
        &["MKT_API_URL"],
        p.api_url,
        None,
        false,
    );
    let internal_key = r.pick(
        "internal_key",
        None,
        &["MKT_INTERNAL_KEY"],
        None,
        None,
        true,
    );
    let api_token = r.pick(
        "api_bearer_token",
        None,
        &["MKT_API_TOKEN"],
        None,
        None,
        true,
    );
    let api = api_url.map(|url| ApiSettings {
        url,
        internal_key: internal_key.map(Secret::new),
        token: api_token.map(Secret::new),
    });
    if target == TargetKind::Api && api.is_none() {
        return Err(Failure::usage(
            "the api target needs the Worker's URL: set --api-url, MKT_API_URL or api_url in the profile",
        ));
    }

    Ok(Settings {
        profile: profile_name,
        production,
        target,
        state_dir: cwd.join(".mkt"),
        local_path,
        cloudflare,
        api,
        layout,
        shown: r.shown,
    })
}

fn resolve_cloudflare(
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
