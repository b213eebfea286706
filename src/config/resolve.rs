//! Resolution of `Settings` from flags, environment, profile files and wrangler config.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::file::{config_paths, load_file, Profile};
use super::*;
use crate::exit::Failure;

pub(super) struct Resolver<'a> {
    pub env: &'a Env,
    pub profile: Profile,
    pub profile_name: Option<String>,
    pub shown: Vec<ShownValue>,
    /// Record what the target lacks and go on (`config show`) instead of failing on it.
    pub lenient: bool,
    pub missing: Vec<Missing>,
}

impl Resolver<'_> {
    /// A setting the target cannot do without is absent or unusable: a usage error, or under
    /// `lenient` a row marked missing so `config show` can still show everything else.
    pub fn lack(&mut self, key: &str, err: anyhow::Error) -> anyhow::Result<()> {
        if !self.lenient {
            return Err(err);
        }
        let message = crate::exit::one_line(&err);
        self.shown.retain(|v| v.key != key);
        self.shown.push(ShownValue {
            key: key.into(),
            value: "(missing)".into(),
            origin: Origin::Missing,
        });
        self.missing.push(Missing {
            key: key.into(),
            message,
        });
        Ok(())
    }

    /// Shows the value resolved for `key` (a URL) with any password in it redacted, and makes
    /// the password known to the scrub step.
    pub fn hide_url_password(&mut self, key: &str) {
        if let Some(v) = self.shown.iter_mut().rev().find(|v| v.key == key) {
            crate::redact::register_url(&v.value);
            v.value = crate::http::shown_url(&v.value);
        }
    }

    /// The origin of the value last resolved for `key`, for error messages.
    pub fn origin_of(&self, key: &str) -> Option<&Origin> {
        self.shown
            .iter()
            .rev()
            .find(|v| v.key == key)
            .map(|v| &v.origin)
    }

    /// A plain setting: env > profile > default (no flag), recorded for `config show`.
    fn setting(
        &mut self,
        key: &str,
        env: &str,
        profile: Option<String>,
        default: String,
    ) -> String {
        self.pick(key, None, &[env], profile, Some(default.clone()), false)
            .unwrap_or(default)
    }

    /// flag > env (first name set) > profile > default, recording where the value came from.
    pub fn pick(
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
        "wrangler-dev" => Ok(TargetKind::WranglerDev),
        other => Err(Failure::usage(format!(
            "unknown target {other:?}: use local, cloudflare, api or wrangler-dev"
        ))),
    }
}

/// Parses a number, naming where a bad one came from (`MKT_RATE_LIMIT`, the profile).
pub(super) fn parse_num<T: std::str::FromStr>(
    r: &Resolver<'_>,
    key: &str,
    v: Option<String>,
) -> anyhow::Result<Option<T>> {
    match v {
        None => Ok(None),
        Some(s) => s.trim().parse::<T>().map(Some).map_err(|_| {
            let from = match r.origin_of(key) {
                Some(Origin::Env(name)) => name.clone(),
                Some(Origin::Profile(p)) => format!("{key} in profile {p}"),
                _ => key.to_string(),
            };
            Failure::usage(format!("invalid {from} {s:?}: expected a whole number"))
        }),
    }
}

/// Resolves the settings a command runs with; the first setting the target lacks is a usage error.
pub fn resolve(overrides: &Overrides, env: &Env, cwd: &Path) -> anyhow::Result<Settings> {
    resolve_with(overrides, env, cwd, false)
}

/// Resolves what can be resolved, recording what the target lacks in `Settings::missing`
/// (`mkt config show`). A config file that cannot be parsed is still an error.
pub fn resolve_for_show(overrides: &Overrides, env: &Env, cwd: &Path) -> anyhow::Result<Settings> {
    resolve_with(overrides, env, cwd, true)
}

fn resolve_with(
    overrides: &Overrides,
    env: &Env,
    cwd: &Path,
    lenient: bool,
) -> anyhow::Result<Settings> {
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
        lenient,
        missing: Vec::new(),
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

    let allow_insecure_http = r
        .pick(
            "allow_insecure_http",
            overrides.allow_insecure_http.then(|| "true".to_string()),
            &["MKT_ALLOW_INSECURE_HTTP"],
            r.profile.allow_insecure_http.map(|b| b.to_string()),
            Some("false".into()),
            false,
        )
        .is_some_and(|v| v != "0" && !v.eq_ignore_ascii_case("false"));

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
        skill_prefix: r.setting(
            "skill_prefix",
            "MKT_SKILL_PREFIX",
            p.skill_prefix,
            d.skill_prefix,
        ),
        index_key: r.setting("index_key", "MKT_INDEX_KEY", p.index_key, d.index_key),
        alias_prefix: r.setting(
            "alias_prefix",
            "MKT_ALIAS_PREFIX",
            p.alias_prefix,
            d.alias_prefix,
        ),
        index_backup_prefix: r.setting(
            "index_backup_prefix",
            "MKT_INDEX_BACKUP_PREFIX",
            p.index_backup_prefix,
            d.index_backup_prefix,
        ),
        skills_table: r
            .pick(
                "skills_table",
                overrides.durable_table.clone(),
                &["MKT_DURABLE_TABLE", "MKT_SKILLS_TABLE"],
                p.durable_table.clone().or(p.skills_table.clone()),
                Some(d.skills_table.clone()),
                false,
            )
            .unwrap_or(d.skills_table),
        reviews_table: r.setting(
            "reviews_table",
            "MKT_REVIEWS_TABLE",
            p.reviews_table,
            d.reviews_table,
        ),
        review_sync_events_table: r.setting(
            "review_sync_events_table",
            "MKT_REVIEW_SYNC_EVENTS_TABLE",
            p.review_sync_events_table,
            d.review_sync_events_table,
        ),
        review_aggregates_table: r.setting(
            "review_aggregates_table",
            "MKT_REVIEW_AGGREGATES_TABLE",
            p.review_aggregates_table,
            d.review_aggregates_table,
        ),
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
        durable_columns: p.durable_columns.clone().unwrap_or_default(),
        durable_schema: None,
        key_alphabet: r
            .pick(
                "key_alphabet",
                overrides.key_alphabet.clone(),
                &["MKT_KEY_ALPHABET"],
                p.key_alphabet.clone(),
                None,
                false,
            )
            .map(|spec| Alphabet::parse(&spec).map_err(Failure::usage))
            .transpose()?
            .flatten(),
    };
    for (field, column) in &layout.durable_columns {
        r.shown.push(ShownValue {
            key: format!("durable_columns.{field}"),
            value: column.clone(),
            origin: Origin::Profile(r.profile_name.clone().unwrap_or_default()),
        });
    }
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

    let dl = ReviewLimits::default();
    let limit = |r: &mut Resolver, key: &str, env: &str, v: Option<usize>, d: usize| {
        let s = r.setting(key, env, v.map(|n| n.to_string()), d.to_string());
        match parse_num::<usize>(r, key, Some(s))? {
            Some(0) | None => Err(Failure::usage(format!(
                "invalid {key} 0: a limit is at least 1"
            ))),
            Some(n) => Ok(n),
        }
    };
    let review_limits = ReviewLimits {
        title_max: limit(
            &mut r,
            "review_title_max",
            "MKT_REVIEW_TITLE_MAX",
            p.review_title_max,
            dl.title_max,
        )?,
        body_max: limit(
            &mut r,
            "review_body_max",
            "MKT_REVIEW_BODY_MAX",
            p.review_body_max,
            dl.body_max,
        )?,
        display_name_max: limit(
            &mut r,
            "review_display_name_max",
            "MKT_REVIEW_DISPLAY_NAME_MAX",
            p.review_display_name_max,
            dl.display_name_max,
        )?,
    };

    let cloudflare = if target == TargetKind::Cloudflare {
        super::cloudflare::resolve_cloudflare(&mut r, overrides, &profile_dir, token)?
    } else {
        None
    };
    let wrangler_dev = if target == TargetKind::WranglerDev {
        super::wrangler_dev::resolve_wrangler_dev(&mut r, overrides, &profile_dir, cwd)?
    } else {
        None
    };
    let api_url = r.pick(
        "api_url",
        overrides.api_url.clone(),
        &["MKT_API_URL"],
        p.api_url.clone(),
        None,
        false,
    );
    r.hide_url_password("api_url");
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
    let secrets = (
        internal_key.clone().map(Secret::new),
        api_token.clone().map(Secret::new),
    );
    let api = match api_url {
        None => None,
        Some(url) => {
            let parsed = reqwest::Url::parse(&url)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
            if parsed.is_none() {
                return Err(Failure::usage(format!(
                    "invalid api_url {:?}: expected an http(s) URL such as https://marketplace.example.com",
                    crate::http::shown_url(&url)
                )));
            }
            let timeout = r.pick(
                "api_timeout",
                None,
                &["MKT_API_TIMEOUT"],
                p.api_timeout.map(|v| v.to_string()),
                Some(DEFAULT_API_TIMEOUT_SECS.to_string()),
                false,
            );
            let timeout = match timeout.as_deref().map(str::parse::<f64>) {
                None => DEFAULT_API_TIMEOUT_SECS,
                Some(Ok(t)) if t.is_finite() && t > 0.0 && t <= 3600.0 => t,
                Some(_) => {
                    return Err(Failure::usage(format!(
                        "invalid api_timeout {:?}: expected seconds between 0 and 3600",
                        timeout.unwrap_or_default()
                    )))
                }
            };
            // The Cloudflare target records max_retries already when it is configured.
            let max_retries = match &cloudflare {
                Some(cf) => cf.max_retries,
                None => {
                    let picked = r.pick(
                        "max_retries",
                        None,
                        &["MKT_MAX_RETRIES"],
                        p.max_retries.map(|v| v.to_string()),
                        Some("4".into()),
                        false,
                    );
                    parse_num::<u32>(&r, "max_retries", picked)?.unwrap_or(4)
                }
            };
            Some(ApiSettings {
                url: url.trim_end_matches('/').to_string(),
                internal_key: internal_key.map(Secret::new),
                token: api_token.map(Secret::new),
                timeout: std::time::Duration::from_secs_f64(timeout),
                max_retries,
            })
        }
    };
    if target == TargetKind::Api && api.is_none() {
        r.lack(
            "api_url",
            Failure::usage(
                "the api target needs the Worker's URL: set --api-url, MKT_API_URL or api_url in the profile",
            ),
        )?;
    }

    let profile = r.profile.clone();
    let sync =
        super::sync::resolve_sync(&mut r, &profile, &profile_dir, cwd, api.as_ref(), secrets)?;

    let durable_postgres = super::postgres::resolve_postgres(&mut r, overrides, env)?;
    let mut layout = layout;
    if let Some(pg) = &durable_postgres {
        layout.durable_schema = pg.schema.clone();
    }
    let cache_dir = env
        .get("MKT_CACHE_DIR")
        .map(|d| under(cwd, Path::new(d)))
        .or_else(|| {
            env.get("XDG_CACHE_HOME")
                .map(|d| PathBuf::from(d).join("mkt"))
        })
        .or_else(|| {
            env.get("HOME")
                .map(|h| PathBuf::from(h).join(".cache").join("mkt"))
        });
    if let Some(dir) = &cache_dir {
        let origin = ["MKT_CACHE_DIR", "XDG_CACHE_HOME", "HOME"]
            .into_iter()
            .find(|n| env.get(n).is_some())
            .map(|n| Origin::Env(n.into()))
            .unwrap_or(Origin::Default);
        r.shown.push(ShownValue {
            key: "cache_dir".into(),
            value: dir.display().to_string(),
            origin,
        });
    }
    Ok(Settings {
        cache_dir,
        durable_postgres,
        profile: profile_name,
        sync,
        profile_file: profile_path,
        production,
        allow_insecure_http,
        target,
        state_dir: cwd.join(".mkt"),
        local_path,
        cloudflare,
        wrangler_dev,
        api,
        layout,
        review_limits,
        failpoint: env.get("MKT_FAILPOINT").map(str::to_string),
        shown: r.shown,
        missing: r.missing,
    })
}
