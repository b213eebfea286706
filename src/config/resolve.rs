//! Resolution of `Settings`: every setting of `settings::SETTINGS` read in one loop (flag >
//! environment > profile > default, each value's origin recorded for `config show`), then turned
//! into the typed settings, checked, and what the target lacks recorded or refused.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::file::{choose_profile, Chosen, Profile};
use super::settings::{setting, Default, Kind, Resolved, Scope, Setting, SETTINGS};
use super::*;
use crate::exit::Failure;

/// The settings being resolved (only `config`'s own code builds and reads one).
pub struct Resolver<'a> {
    pub(super) env: &'a Env,
    pub(super) cwd: PathBuf,
    pub(super) profile: Profile,
    pub(super) profile_name: Option<String>,
    /// Paths in the profile are relative to this.
    pub(super) profile_dir: PathBuf,
    /// The profile's keys as text (`Profile` serialized), read by name.
    profile_values: serde_json::Map<String, serde_json::Value>,
    /// Each resolved setting's raw value (secrets too; `shown` has them redacted).
    values: BTreeMap<&'static str, (String, Origin)>,
    target: Option<TargetKind>,
    pub(super) shown: Vec<ShownValue>,
    /// Record what the target lacks and go on (`config show`) instead of failing on it.
    lenient: bool,
    pub(super) missing: Vec<Missing>,
}

impl<'a> Resolver<'a> {
    fn new(env: &'a Env, cwd: &Path, chosen: Chosen, lenient: bool) -> Self {
        let profile_values = match serde_json::to_value(&chosen.profile) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        let mut shown = Vec::new();
        if let Some(name) = &chosen.name {
            shown.push(ShownValue {
                key: "profile".into(),
                value: name.clone(),
                origin: chosen.origin,
            });
        }
        Resolver {
            env,
            cwd: cwd.to_path_buf(),
            profile: chosen.profile,
            profile_name: chosen.name,
            profile_dir: chosen.dir,
            profile_values,
            values: BTreeMap::new(),
            target: None,
            shown,
            lenient,
            missing: Vec::new(),
        }
    }

    /// The one loop: every setting this configuration uses, flag > env > profile > default.
    fn resolve_all(&mut self, overrides: &Overrides) -> anyhow::Result<()> {
        for s in SETTINGS {
            if s.resolved != Resolved::Loop || !self.in_scope(s, overrides) {
                continue;
            }
            let picked = match self.lookup(s, overrides) {
                Some(found) => Some(found),
                None => match &s.default {
                    Default::Value(v) => Some((v.to_string(), Origin::Default)),
                    Default::Computed(f, _) => f(self),
                    Default::None | Default::Described(_) => None,
                },
            };
            let Some((value, origin)) = picked else {
                continue;
            };
            let shown = if s.secret {
                "<redacted>".to_string()
            } else if s.kind == Kind::Url {
                // Its password is a secret too: never shown, scrubbed from what servers say.
                crate::redact::register_url(&value);
                crate::http::shown_url(&value)
            } else {
                value.clone()
            };
            if s.key == "target" {
                self.target = Some(parse_target(&value)?);
            }
            self.shown.push(ShownValue {
                key: s.key.into(),
                value: shown,
                origin: origin.clone(),
            });
            self.values.insert(s.key, (value, origin));
        }
        Ok(())
    }

    /// The value set for `s` by a flag, a variable or the profile, and which.
    fn lookup(&self, s: &Setting, overrides: &Overrides) -> Option<(String, Origin)> {
        if let Some(v) = s.flag.as_ref().and_then(|f| (f.get)(overrides)) {
            return Some((v, Origin::Flag));
        }
        if let Some((name, v)) = s
            .env
            .iter()
            .find_map(|n| self.env.get(n).map(|v| (n.to_string(), v.to_string())))
        {
            return Some((v, Origin::Env(name)));
        }
        let v = s.profile.iter().find_map(|k| self.profile_value(k))?;
        let v = if s.kind == Kind::Path {
            under(&self.profile_dir, Path::new(&v))
                .display()
                .to_string()
        } else {
            v
        };
        Some((
            v,
            Origin::Profile(self.profile_name.clone().unwrap_or_default()),
        ))
    }

    fn profile_value(&self, key: &str) -> Option<String> {
        match self.profile_values.get(key)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            serde_json::Value::Number(n) => n
                .as_u64()
                .map(|v| v.to_string())
                .or_else(|| n.as_f64().map(|v| v.to_string())),
            // Tables (`durable_columns`) are resolved elsewhere; `null` is unset.
            _ => None,
        }
    }

    fn in_scope(&self, s: &Setting, overrides: &Overrides) -> bool {
        let api_url = || self.lookup(setting("api_url"), overrides).is_some();
        match s.scope {
            Scope::Always => true,
            Scope::Targets(t) => t.contains(&self.target()),
            Scope::ApiUrl => api_url(),
            Scope::TargetsOrApiUrl(t) => t.contains(&self.target()) || api_url(),
        }
    }

    /// The target, once the loop has resolved it.
    pub(super) fn target(&self) -> TargetKind {
        self.target.unwrap_or(TargetKind::Local)
    }

    /// The value resolved for `key` (a secret's too: only for where it is sent).
    pub(super) fn get(&self, key: &str) -> Option<String> {
        debug_assert!(SETTINGS.iter().any(|s| s.key == key), "no setting {key}");
        self.values.get(key).map(|(v, _)| v.clone())
    }

    /// A value found other than by the loop (a wrangler config's binding or id).
    pub(super) fn set(&mut self, key: &'static str, value: String, origin: Origin) {
        self.shown.push(ShownValue {
            key: key.into(),
            value: value.clone(),
            origin: origin.clone(),
        });
        self.values.insert(key, (value, origin));
    }

    /// Shows `key` as `value` (an absolute path, a URL without its password).
    pub(super) fn show_as(&mut self, key: &str, value: String) {
        if let Some(v) = self.shown.iter_mut().rev().find(|v| v.key == key) {
            v.value = value;
        }
    }

    /// A setting the target cannot do without is absent or unusable: a usage error, or under
    /// `lenient` a row marked missing so `config show` can still show everything else.
    pub(super) fn lack(&mut self, key: &str, err: anyhow::Error) -> anyhow::Result<()> {
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

    /// Where the value resolved for `key` came from, for error messages.
    pub(super) fn origin_of(&self, key: &str) -> Option<&Origin> {
        self.values.get(key).map(|(_, origin)| origin)
    }

    /// `shown` in the table's order (`durable_columns.X` under `durable_columns`); values found
    /// after the loop (wrangler lookups, missing rows) take their setting's place.
    fn into_shown(mut self) -> (Vec<ShownValue>, Vec<Missing>) {
        let place = |key: &str| {
            let key = key.split('.').next().unwrap_or(key);
            SETTINGS
                .iter()
                .position(|s| s.key == key)
                .unwrap_or(SETTINGS.len())
        };
        self.shown.sort_by_key(|v| place(&v.key));
        (self.shown, self.missing)
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
    let chosen = choose_profile(overrides, env, cwd)?;
    let profile_file = chosen.file.clone();
    let mut r = Resolver::new(env, cwd, chosen, lenient);
    r.resolve_all(overrides)?;

    let target = r.target();
    let production = r.get("production").as_deref() == Some("true");
    let allow_insecure_http = r
        .get("allow_insecure_http")
        .is_some_and(|v| v != "0" && !v.eq_ignore_ascii_case("false"));
    let local_path = under(
        cwd,
        Path::new(&r.get("local_path").unwrap_or(DEFAULT_LOCAL_PATH.into())),
    );
    let mut layout = layout(&mut r)?;
    let review_limits = review_limits(&r)?;
    let cloudflare = if target == TargetKind::Cloudflare {
        super::cloudflare::resolve_cloudflare(&mut r)?
    } else {
        None
    };
    let wrangler_dev = if target == TargetKind::WranglerDev {
        super::wrangler_dev::resolve_wrangler_dev(&mut r)?
    } else {
        None
    };
    let api = api(&r, cloudflare.as_ref())?;
    if target == TargetKind::Api && api.is_none() {
        r.lack(
            "api_url",
            Failure::usage(
                "the api target needs the Worker's URL: set --api-url, MKT_API_URL or api_url in the profile",
            ),
        )?;
    }
    let sync = super::sync::resolve_sync(&mut r, api.as_ref())?;
    let durable_postgres = super::postgres::resolve_postgres(&mut r, env)?;
    if let Some(pg) = &durable_postgres {
        layout.durable_schema = pg.schema.clone();
    }
    let cache_dir = r.get("cache_dir").map(|d| match r.origin_of("cache_dir") {
        Some(Origin::Env(name)) if name == "MKT_CACHE_DIR" => under(cwd, Path::new(&d)),
        _ => PathBuf::from(d),
    });
    if let Some(dir) = &cache_dir {
        r.show_as("cache_dir", dir.display().to_string());
    }
    let max_wait = max_wait(&mut r)?;
    let failpoint = env.get("MKT_FAILPOINT").map(str::to_string);
    let profile = r.profile_name.clone();
    let (shown, missing) = r.into_shown();
    let mut settings = Settings {
        max_wait: max_wait.unwrap_or(READ_MAX_WAIT),
        max_wait_set: max_wait.is_some(),
        cache_dir,
        durable_postgres,
        profile,
        sync,
        profile_file,
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
        failpoint,
        shown,
        missing,
    };
    settings.wait_at_most(settings.max_wait);
    Ok(settings)
}

/// `max_wait` as set: `90s`, `2m`, `1m30s` (humantime) or a number of seconds; a bad one names
/// where it came from.
fn max_wait(r: &mut Resolver<'_>) -> anyhow::Result<Option<std::time::Duration>> {
    let Some(text) = r.get("max_wait") else {
        return Ok(None);
    };
    let t = text.trim();
    let parsed = match t.parse::<f64>() {
        Ok(secs) if secs.is_finite() && (0.0..=86_400.0).contains(&secs) => {
            Some(std::time::Duration::from_secs_f64(secs))
        }
        Ok(_) => None,
        Err(_) => humantime::parse_duration(t)
            .ok()
            .filter(|d| d.as_secs() <= 86_400),
    };
    match parsed {
        Some(d) => Ok(Some(d)),
        None => {
            let from = match r.origin_of("max_wait") {
                Some(Origin::Env(name)) => name.clone(),
                Some(Origin::Profile(p)) => format!("max_wait in profile {p}"),
                _ => "--max-wait".to_string(),
            };
            r.lack(
                "max_wait",
                Failure::usage(format!(
                    "invalid {from} {text:?}: expected a duration up to a day, such as 90s, 2m or 1m30s (a number is seconds)"
                )),
            )?;
            Ok(None)
        }
    }
}

/// Where the data lives in the stores; table names are checked, since they go into SQL.
fn layout(r: &mut Resolver<'_>) -> anyhow::Result<Layout> {
    let text = |key| r.get(key).unwrap_or_default();
    // Configured anywhere: used as is; else `keys` may find the platform's nested aliases.
    let alias_prefix_set = !matches!(r.origin_of("alias_prefix"), None | Some(Origin::Default));
    let layout = Layout {
        skill_prefix: text("skill_prefix"),
        index_key: text("index_key"),
        alias_prefix: text("alias_prefix"),
        alias_prefix_set,
        index_backup_prefix: text("index_backup_prefix"),
        skills_table: text("skills_table"),
        reviews_table: text("reviews_table"),
        review_sync_events_table: text("review_sync_events_table"),
        review_aggregates_table: text("review_aggregates_table"),
        seed_catalog: r.get("seed_catalog").map(|s| under(&r.cwd, Path::new(&s))),
        durable_columns: r.profile.durable_columns.clone().unwrap_or_default(),
        durable_schema: None,
        key_alphabet: r
            .get("key_alphabet")
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
    for s in SETTINGS.iter().filter(|s| s.kind == Kind::Table) {
        let value = r.get(s.key).unwrap_or_default();
        if value.is_empty() || !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(Failure::usage(format!(
                "invalid {} {value:?}: table names may hold only letters, digits and _",
                s.key
            )));
        }
    }
    Ok(layout)
}

/// Review length limits, each at least 1.
fn review_limits(r: &Resolver<'_>) -> anyhow::Result<ReviewLimits> {
    let limit = |key: &str| match parse_num::<usize>(r, key, r.get(key))? {
        Some(0) | None => Err(Failure::usage(format!(
            "invalid {key} 0: a limit is at least 1"
        ))),
        Some(n) => Ok(n),
    };
    Ok(ReviewLimits {
        title_max: limit("review_title_max")?,
        body_max: limit("review_body_max")?,
        display_name_max: limit("review_display_name_max")?,
    })
}

/// The Worker API, when `api_url` is set: its URL, credentials, timeout and retries.
fn api(
    r: &Resolver<'_>,
    cloudflare: Option<&CloudflareSettings>,
) -> anyhow::Result<Option<ApiSettings>> {
    let Some(url) = r.get("api_url") else {
        return Ok(None);
    };
    let parsed = reqwest::Url::parse(&url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
    if parsed.is_none() {
        return Err(Failure::usage(format!(
            "invalid api_url {:?}: expected an http(s) URL such as https://marketplace.example.com",
            crate::http::shown_url(&url)
        )));
    }
    let timeout = r.get("api_timeout");
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
    // The Cloudflare target has checked max_retries already.
    let max_retries = match cloudflare {
        Some(cf) => cf.max_retries,
        None => parse_num::<u32>(r, "max_retries", r.get("max_retries"))?.unwrap_or(4),
    };
    Ok(Some(ApiSettings {
        url: url.trim_end_matches('/').to_string(),
        internal_key: r.get("internal_key").map(Secret::new),
        token: r.get("api_bearer_token").map(Secret::new),
        timeout: std::time::Duration::from_secs_f64(timeout),
        max_retries,
    }))
}
