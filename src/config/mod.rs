//! Configuration: flags > environment > profile (`mkt.toml`) > defaults.
//! This is the only module that reads environment variables; everything else gets `Settings`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub const DEFAULT_API_BASE_URL: &str = "https://api.cloudflare.com/client/v4";
pub const DEFAULT_LOCAL_PATH: &str = ".mkt/local.sqlite";
/// Cloudflare's global limit is 1,200 requests per 5 minutes; staying under it by default
/// leaves room for the dashboard and other tools sharing the token.
pub const DEFAULT_RATE_LIMIT: u32 = 1100;
/// Requests in flight when the operator sets none: enough to hide ~100 ms of latency on a split
/// listing (16 walks' pages at once). The throttle still decides when each one may start.
pub const DEFAULT_CONCURRENCY: usize = 16;
/// The longest wait (the request budget, a `Retry-After`) a command that only reads sits out
/// unless `max_wait` says otherwise: a read that cannot start within 2 minutes is better run
/// again later, and the time to do so is named. Shorter than Cloudflare's 5-minute window, so a
/// token blocked for going over, or a budget another run spent moments ago, ends the read at
/// once instead of holding a cron job or a terminal for up to 5 minutes.
pub const READ_MAX_WAIT: Duration = Duration::from_secs(120);
/// The same for a command that writes: longer than any wait the API can mean (its window and
/// its block are 5 minutes), so a repair is not stopped halfway by the budget.
pub const WRITE_MAX_WAIT: Duration = Duration::from_secs(600);
/// Where `wrangler dev` listens unless told otherwise.
pub const DEFAULT_DEV_URL: &str = "http://127.0.0.1:8787";
/// How to start a wrangler dev that serves the Local Explorer API (named in every "not running").
pub const WRANGLER_DEV_START: &str = "X_LOCAL_EXPLORER=true npx wrangler dev";

/// Which target a command runs against (`--target`, `MKT_TARGET`, the profile's `target`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    Local,
    Cloudflare,
    Api,
    /// A running `wrangler dev`, through its Local Explorer API.
    #[serde(rename = "wrangler-dev")]
    WranglerDev,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Local => "local",
            TargetKind::Cloudflare => "cloudflare",
            TargetKind::Api => "api",
            TargetKind::WranglerDev => "wrangler-dev",
        }
    }
    /// Data that lives elsewhere (an account, a deployed Worker); wrangler dev's state is the
    /// developer's own, on this machine, like the local store.
    pub fn is_remote(self) -> bool {
        !matches!(self, TargetKind::Local | TargetKind::WranglerDev)
    }
}

/// Review length limits in Unicode characters (not bytes). Configurable in the profile
/// (`review_title_max`, `review_body_max`, `review_display_name_max`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewLimits {
    pub title_max: usize,
    pub body_max: usize,
    pub display_name_max: usize,
}

impl Default for ReviewLimits {
    fn default() -> Self {
        ReviewLimits {
            title_max: 200,
            body_max: 5_000,
            display_name_max: 100,
        }
    }
}

/// A secret value: never printed, never in Debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// A secret, made known to the scrub step (`crate::redact`) so no server or database can
    /// echo it, or a piece of it, into mkt's output.
    pub fn new(s: impl Into<String>) -> Self {
        let s = s.into();
        crate::redact::register(&s);
        Secret(s)
    }
    /// The secret itself, for an Authorization header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Where the data lives inside the stores. Every name can be changed in a profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Layout {
    pub skill_prefix: String,
    pub index_key: String,
    pub alias_prefix: String,
    /// `alias_prefix` was configured (flag, env or profile): used as is, never detected
    /// (`keys::detect`).
    #[serde(skip)]
    pub alias_prefix_set: bool,
    /// KV key prefix for index backups: `<index_key>:backup:<timestamp>`.
    pub index_backup_prefix: String,
    pub skills_table: String,
    pub reviews_table: String,
    pub review_sync_events_table: String,
    pub review_aggregates_table: String,
    pub seed_catalog: Option<PathBuf>,
    /// Record field → durable column, from `[profiles.NAME.durable_columns]`.
    pub durable_columns: BTreeMap<String, String>,
    /// PostgreSQL schema of the durable table (the URL's `schema=`, else `current_schema()`).
    pub durable_schema: Option<String>,
    /// The characters keys under `skill_prefix` are declared to be made of (`key_alphabet`):
    /// `None` (the default) assumes nothing, and listings are exact for any key.
    pub key_alphabet: Option<Alphabet>,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            skill_prefix: "skill:".into(),
            index_key: "skills:published-index".into(),
            alias_prefix: "skill-alias:".into(),
            alias_prefix_set: false,
            index_backup_prefix: "skills:published-index:backup:".into(),
            skills_table: "skills".into(),
            reviews_table: "reviews".into(),
            review_sync_events_table: "review_sync_events".into(),
            review_aggregates_table: "review_aggregates".into(),
            seed_catalog: None,
            durable_columns: BTreeMap::new(),
            durable_schema: None,
            key_alphabet: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct CloudflareSettings {
    pub api_token: Secret,
    pub account_id: String,
    pub base_url: String,
    pub kv_namespace_id: String,
    pub d1_database_id: String,
    /// Client-side budget: requests per 5 minutes.
    pub rate_limit: u32,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Retries after the first attempt for idempotent requests.
    pub max_retries: u32,
    /// The longest wait for the request budget or a `Retry-After`; longer ends the command
    /// (exit 4) naming when to run it again.
    pub max_wait: Duration,
}

/// A KV namespace or D1 database as configured: its id, the binding it was found under, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wanted {
    pub id: Option<String>,
    pub binding: Option<String>,
}

/// The wrangler-dev target: a running `wrangler dev` and what to use of it. Ids and bindings are
/// what was configured; the target matches them against what the explorer lists when it opens.
#[derive(Clone, Debug)]
pub struct WranglerDevSettings {
    /// The Worker's local address (`http://127.0.0.1:8787`); the explorer is under `/cdn-cgi/explorer/api`.
    pub dev_url: String,
    pub kv: Wanted,
    pub d1: Wanted,
    pub concurrency: usize,
    pub max_retries: u32,
    /// The longest wait for a `Retry-After`; longer ends the command (exit 4).
    pub max_wait: Duration,
}

#[derive(Clone, Debug)]
pub struct ApiSettings {
    /// The Worker's base URL, without a trailing `/`.
    pub url: String,
    /// Sent as `X-Internal-Key` (the admin endpoints' auth in seed 001).
    pub internal_key: Option<Secret>,
    /// Sent as `Authorization: Bearer`.
    pub token: Option<Secret>,
    /// Per-request timeout.
    pub timeout: std::time::Duration,
    /// Retries after the first attempt for requests that are safe to repeat.
    pub max_retries: u32,
}

/// Seconds a Worker request may take before it counts as timed out.
pub const DEFAULT_API_TIMEOUT_SECS: f64 = 30.0;

/// Where a resolved value came from, for `mkt config show`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Flag,
    Env(String),
    Profile(String),
    Wrangler(String),
    /// Found where the reviews daemon keeps it (`SIGNET_PATH`, or `~/.agents`).
    Daemon(String),
    Default,
    /// Needed by the chosen target but set nowhere; `config show` lists it with how to set it.
    Missing,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag => f.write_str("flag"),
            Origin::Env(v) => write!(f, "env {v}"),
            Origin::Profile(p) => write!(f, "profile {p}"),
            Origin::Wrangler(p) => write!(f, "wrangler config {p}"),
            Origin::Daemon(how) => write!(f, "reviews daemon ({how})"),
            Origin::Default => f.write_str("default"),
            Origin::Missing => f.write_str("missing"),
        }
    }
}

/// One line of `mkt config show`: a key, its value (secrets redacted) and its origin.
#[derive(Clone, Debug, Serialize)]
pub struct ShownValue {
    pub key: String,
    pub value: String,
    pub origin: Origin,
}

/// The resolved configuration every command runs with.
#[derive(Clone, Debug)]
pub struct Settings {
    pub profile: Option<String>,
    /// A production profile: `seed` refuses it, repairs ask harder.
    pub production: bool,
    /// Credentials may go over plain `http://` to another machine (`allow_insecure_http`).
    pub allow_insecure_http: bool,
    pub target: TargetKind,
    pub local_path: PathBuf,
    /// `.mkt/` under the working directory: backups, run journals.
    pub state_dir: PathBuf,
    /// The user cache directory (`MKT_CACHE_DIR`, `$XDG_CACHE_HOME/mkt`, `~/.cache/mkt`): the
    /// request budget every mkt process of the user shares lives there. `None`: no home to use.
    pub cache_dir: Option<PathBuf>,
    /// The longest wait for the request budget or a `Retry-After` this command sits out (the
    /// clients' settings carry it too): `max_wait`, else [`READ_MAX_WAIT`] until
    /// [`Settings::for_writing`] says the command writes.
    pub max_wait: Duration,
    /// `max_wait` was set (flag, environment, profile), so no default replaces it.
    pub max_wait_set: bool,
    pub cloudflare: Option<CloudflareSettings>,
    pub wrangler_dev: Option<WranglerDevSettings>,
    pub api: Option<ApiSettings>,
    pub layout: Layout,
    /// The durable skills table on PostgreSQL (`--durable-url`), instead of the target's own SQL.
    pub durable_postgres: Option<PostgresSettings>,
    /// Review length limits (Unicode characters).
    pub review_limits: ReviewLimits,
    /// The review sync's backend, mode, endpoint and staging file.
    pub sync: SyncSettings,
    /// The config file the profile in use came from (`None`: no profile).
    pub profile_file: Option<PathBuf>,
    /// `MKT_FAILPOINT`: the crash tests' abort point in a repair (see `repair::failpoint`).
    pub failpoint: Option<String>,
    pub shown: Vec<ShownValue>,
    /// What the chosen target needs and could not get; only `resolve_for_show` returns settings
    /// with anything here (`resolve` fails on the first one instead).
    pub missing: Vec<Missing>,
}

impl Settings {
    /// The command writes: unless `max_wait` was set, it waits up to [`WRITE_MAX_WAIT`].
    pub fn for_writing(&mut self) {
        if !self.max_wait_set {
            self.wait_at_most(WRITE_MAX_WAIT);
        }
    }

    /// Sets the longest wait, here and in the clients' settings.
    pub(crate) fn wait_at_most(&mut self, max_wait: Duration) {
        self.max_wait = max_wait;
        if let Some(cf) = &mut self.cloudflare {
            cf.max_wait = max_wait;
        }
        if let Some(dev) = &mut self.wrangler_dev {
            dev.max_wait = max_wait;
        }
    }
}

/// A setting the chosen target needs that could not be resolved, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub key: String,
    /// The one-line error a command would stop with.
    pub message: String,
}

/// Values given as global flags.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub profile: Option<String>,
    pub target: Option<TargetKind>,
    pub account_id: Option<String>,
    pub kv_namespace_id: Option<String>,
    pub d1_database_id: Option<String>,
    pub local_path: Option<PathBuf>,
    pub api_url: Option<String>,
    pub dev_url: Option<String>,
    pub config_file: Option<PathBuf>,
    /// `--concurrency`: requests in flight.
    pub concurrency: Option<usize>,
    pub durable_table: Option<String>,
    pub durable_url: Option<String>,
    /// `--key-alphabet`: the declared key alphabet.
    pub key_alphabet: Option<String>,
    /// `--allow-insecure-http`.
    pub allow_insecure_http: bool,
    /// `--max-wait`: the longest wait sat out, as given.
    pub max_wait: Option<String>,
}

/// The process environment, captured once so tests can pass their own.
#[derive(Clone, Debug, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
}

impl Env {
    pub fn from_process() -> Self {
        Env {
            vars: std::env::vars().collect(),
        }
    }
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Env {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
    /// A variable's value; empty counts as unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some(v) if v != "0" && !v.eq_ignore_ascii_case("false"))
    }
}

mod alphabet;
pub use alphabet::Alphabet;
mod cloudflare;
pub mod file;
pub mod postgres;
pub use postgres::{PostgresSettings, SslMode, SYSTEM_ROOTS};
pub mod resolve;
pub mod settings;
mod sync;
pub use sync::{check_url, FromSetting, SyncBackend, SyncMode, SyncSettings};
pub mod wrangler;
mod wrangler_dev;
pub mod write;

pub use resolve::{resolve, resolve_for_show};

/// Shown in `--help` and errors: how to set the ids for the cloudflare target.
pub fn cloudflare_ids_hint() -> &'static str {
    "set --namespace-id/--database-id, MKT_KV_NAMESPACE_ID/MKT_D1_DATABASE_ID, a profile in mkt.toml, or kv_binding/d1_binding with a wrangler config"
}

/// Resolves a path relative to the working directory.
pub fn under(cwd: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    }
}
