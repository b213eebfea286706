//! The table itself: every setting, and the environment variables read elsewhere.

use super::{defaults, Default, EnvVar, Flag, Kind, Resolved, Scope, Setting};
use crate::config::TargetKind;

const CLOUDFLARE: &[TargetKind] = &[TargetKind::Cloudflare];
const WRANGLER_DEV: &[TargetKind] = &[TargetKind::WranglerDev];
const HTTP_TARGETS: &[TargetKind] = &[TargetKind::Cloudflare, TargetKind::WranglerDev];

/// The defaults of every field; each entry names what differs.
const BASE: Setting = Setting {
    key: "",
    flag: None,
    env: &[],
    profile: &[],
    default: Default::None,
    kind: Kind::Text,
    scope: Scope::Always,
    secret: false,
    resolved: Resolved::Loop,
    about: "",
};

/// `flag!("--name", field)`: the flag and the `Overrides` field it fills.
macro_rules! flag {
    ($name:literal, $field:ident) => {
        Some(Flag {
            name: $name,
            get: |o| o.$field.clone().map(|v| v.to_string()),
        })
    };
    ($name:literal, $field:ident, $show:expr) => {
        Some(Flag {
            name: $name,
            get: |o| o.$field.as_ref().map($show),
        })
    };
}

/// In the order `config show` lists them. `target` comes before every setting whose scope
/// depends on it, `api_url` is looked up (not shown) for the scopes that depend on it.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "profile",
        flag: flag!("--profile", profile),
        env: &["MKT_PROFILE"],
        default: Default::Described("`default_profile` of mkt.toml, else a profile named `default`, else none"),
        resolved: Resolved::Elsewhere("file::choose_profile"),
        about: "the `[profiles.NAME]` of mkt.toml to use",
        ..BASE
    },
    Setting {
        key: "config",
        flag: flag!("--config", config_file, |p| p.display().to_string()),
        env: &["MKT_CONFIG"],
        default: Default::Described("./mkt.toml, then mkt.toml in the user config directory"),
        kind: Kind::Path,
        resolved: Resolved::Elsewhere("file::config_paths"),
        about: "the config file to read instead of the default ones",
        ..BASE
    },
    Setting {
        key: "api_token",
        env: &["CLOUDFLARE_API_TOKEN"],
        secret: true,
        about: "Cloudflare API token, sent as `Authorization: Bearer` (Workers KV Storage and D1 read/write); when set and no target is named, the target is cloudflare",
        ..BASE
    },
    Setting {
        key: "target",
        flag: flag!("--target", target, |t| t.as_str().to_string()),
        env: &["MKT_TARGET"],
        profile: &["target"],
        default: Default::Computed(
            defaults::target,
            "cloudflare when CLOUDFLARE_API_TOKEN is set, else local",
        ),
        kind: Kind::Choice(&["local", "cloudflare", "api", "wrangler-dev"]),
        about: "where to read and write (`--via` is the same flag)",
        ..BASE
    },
    Setting {
        key: "production",
        profile: &["production"],
        default: Default::Value("false"),
        kind: Kind::Bool,
        about: "marks a production account: `seed` refuses it, repairs warn, sync push and pull ask first",
        ..BASE
    },
    Setting {
        key: "allow_insecure_http",
        flag: Some(Flag {
            name: "--allow-insecure-http",
            get: |o| o.allow_insecure_http.then(|| "true".to_string()),
        }),
        env: &["MKT_ALLOW_INSECURE_HTTP"],
        profile: &["allow_insecure_http"],
        default: Default::Value("false"),
        kind: Kind::Bool,
        about: "send credentials (the Cloudflare token, the Worker's key or token, a URL password) over plain http:// to a host that is not this machine; refused by default (docs/security.md)",
        ..BASE
    },
    Setting {
        key: "local_path",
        flag: flag!("--local-path", local_path, |p| p.display().to_string()),
        env: &["MKT_LOCAL_PATH"],
        profile: &["local_path"],
        default: Default::Value(".mkt/local.sqlite"),
        kind: Kind::Path,
        about: "the local SQLite store",
        ..BASE
    },
    Setting {
        key: "skill_prefix",
        env: &["MKT_SKILL_PREFIX"],
        profile: &["skill_prefix"],
        default: Default::Value("skill:"),
        about: "KV prefix of skill records",
        ..BASE
    },
    Setting {
        key: "index_key",
        env: &["MKT_INDEX_KEY"],
        profile: &["index_key"],
        default: Default::Value("skills:published-index"),
        about: "KV key of the published-index blob",
        ..BASE
    },
    Setting {
        key: "alias_prefix",
        env: &["MKT_ALIAS_PREFIX"],
        profile: &["alias_prefix"],
        default: Default::Value("skill-alias:"),
        about: "KV prefix of slug aliases; unset, keys under `skill:alias:` (the platform's layout) are found and read as the aliases, never as skills",
        ..BASE
    },
    Setting {
        key: "index_backup_prefix",
        env: &["MKT_INDEX_BACKUP_PREFIX"],
        profile: &["index_backup_prefix"],
        default: Default::Value("skills:published-index:backup:"),
        about: "KV prefix of index backups (`<index_key>:backup:<timestamp>`)",
        ..BASE
    },
    Setting {
        key: "skills_table",
        flag: flag!("--durable-table", durable_table),
        env: &["MKT_DURABLE_TABLE", "MKT_SKILLS_TABLE"],
        profile: &["durable_table", "skills_table"],
        default: Default::Value("skills"),
        kind: Kind::Table,
        about: "the durable skills table; when the default `skills` does not exist and Prisma's `Skill` does, that one (stderr says so); `durable_table` wins over `skills_table`",
        ..BASE
    },
    Setting {
        key: "reviews_table",
        env: &["MKT_REVIEWS_TABLE"],
        profile: &["reviews_table"],
        default: Default::Value("reviews"),
        kind: Kind::Table,
        about: "D1 table of reviews",
        ..BASE
    },
    Setting {
        key: "review_sync_events_table",
        env: &["MKT_REVIEW_SYNC_EVENTS_TABLE"],
        profile: &["review_sync_events_table"],
        default: Default::Value("review_sync_events"),
        kind: Kind::Table,
        about: "D1 table of the review sync's audit rows",
        ..BASE
    },
    Setting {
        key: "review_aggregates_table",
        env: &["MKT_REVIEW_AGGREGATES_TABLE"],
        profile: &["review_aggregates_table"],
        default: Default::Value("review_aggregates"),
        kind: Kind::Table,
        about: "D1 table of review counts and averages",
        ..BASE
    },
    Setting {
        key: "seed_catalog",
        env: &["MKT_SEED_CATALOG"],
        profile: &["seed_catalog"],
        kind: Kind::Path,
        about: "the app's bundled seed catalog: a JSON array of skill records (each with a string `name`) or bare slugs",
        ..BASE
    },
    Setting {
        key: "key_alphabet",
        flag: flag!("--key-alphabet", key_alphabet),
        env: &["MKT_KEY_ALPHABET"],
        profile: &["key_alphabet"],
        default: Default::Described("none: listings are serial and exact for any key"),
        about: "the characters the keys under `skill_prefix` are made of (`ascii`, a class such as `a-z0-9._/:-`, or `any`); a declared alphabet lets a listing split into parallel walks (docs/listing.md)",
        ..BASE
    },
    Setting {
        key: "durable_columns",
        profile: &["durable_columns"],
        kind: Kind::Map,
        resolved: Resolved::Elsewhere("resolve::layout"),
        about: "`[profiles.NAME.durable_columns]`: record field = durable column, for columns named neither like the field nor its snake_case form (`certScore = \"score\"`, `name = \"slug\"` for the key)",
        ..BASE
    },
    Setting {
        key: "review_title_max",
        env: &["MKT_REVIEW_TITLE_MAX"],
        profile: &["review_title_max"],
        default: Default::Value("200"),
        kind: Kind::Whole,
        about: "longest review title, in Unicode characters (at least 1)",
        ..BASE
    },
    Setting {
        key: "review_body_max",
        env: &["MKT_REVIEW_BODY_MAX"],
        profile: &["review_body_max"],
        default: Default::Value("5000"),
        kind: Kind::Whole,
        about: "longest review body, in Unicode characters (at least 1)",
        ..BASE
    },
    Setting {
        key: "review_display_name_max",
        env: &["MKT_REVIEW_DISPLAY_NAME_MAX"],
        profile: &["review_display_name_max"],
        default: Default::Value("100"),
        kind: Kind::Whole,
        about: "longest reviewer display name, in Unicode characters (at least 1)",
        ..BASE
    },
    Setting {
        key: "account_id",
        flag: flag!("--account-id", account_id),
        env: &["CLOUDFLARE_ACCOUNT_ID"],
        profile: &["account_id"],
        scope: Scope::Targets(CLOUDFLARE),
        about: "Cloudflare account id",
        ..BASE
    },
    Setting {
        key: "api_base_url",
        env: &["CLOUDFLARE_API_BASE_URL", "CF_API_BASE_URL"],
        profile: &["api_base_url"],
        default: Default::Value("https://api.cloudflare.com/client/v4"),
        kind: Kind::Url,
        scope: Scope::Targets(CLOUDFLARE),
        about: "Cloudflare API base URL",
        ..BASE
    },
    Setting {
        key: "dev_url",
        flag: flag!("--dev-url", dev_url),
        env: &["MKT_DEV_URL"],
        profile: &["dev_url"],
        default: Default::Value("http://127.0.0.1:8787"),
        kind: Kind::Url,
        scope: Scope::Targets(WRANGLER_DEV),
        about: "address of a running `wrangler dev` (what it printed for `--port`/`--ip`)",
        ..BASE
    },
    Setting {
        key: "wrangler_config",
        env: &["MKT_WRANGLER_CONFIG"],
        profile: &["wrangler_config"],
        default: Default::Computed(
            defaults::wrangler_config,
            "wrangler-dev: wrangler.json, wrangler.jsonc or wrangler.toml in the working directory; cloudflare: none",
        ),
        kind: Kind::Path,
        scope: Scope::Targets(HTTP_TARGETS),
        about: "the marketplace's `wrangler.toml` / `wrangler.jsonc` to read the KV namespace and D1 database ids from by binding name",
        ..BASE
    },
    Setting {
        key: "wrangler_env",
        env: &["MKT_WRANGLER_ENV"],
        profile: &["wrangler_env"],
        scope: Scope::Targets(HTTP_TARGETS),
        about: "read the bindings from `[env.NAME]` of the wrangler config",
        ..BASE
    },
    Setting {
        key: "kv_binding",
        env: &["MKT_KV_BINDING"],
        profile: &["kv_binding"],
        scope: Scope::Targets(HTTP_TARGETS),
        about: "KV binding whose id to read from the wrangler config (`kv_namespaces[].id`); wrangler-dev: the config's only one when unset",
        ..BASE
    },
    Setting {
        key: "d1_binding",
        env: &["MKT_D1_BINDING"],
        profile: &["d1_binding"],
        scope: Scope::Targets(HTTP_TARGETS),
        about: "D1 binding whose id to read from the wrangler config (`d1_databases[].database_id`); wrangler-dev: the config's only one when unset",
        ..BASE
    },
    Setting {
        key: "kv_namespace_id",
        flag: flag!("--namespace-id", kv_namespace_id),
        env: &["MKT_KV_NAMESPACE_ID"],
        profile: &["kv_namespace_id"],
        default: Default::Described("the id of `kv_binding` in the wrangler config"),
        scope: Scope::Targets(HTTP_TARGETS),
        about: "Workers KV namespace id (wins over the wrangler lookup)",
        ..BASE
    },
    Setting {
        key: "d1_database_id",
        flag: flag!("--database-id", d1_database_id),
        env: &["MKT_D1_DATABASE_ID"],
        profile: &["d1_database_id"],
        default: Default::Described("the id of `d1_binding` in the wrangler config"),
        scope: Scope::Targets(HTTP_TARGETS),
        about: "D1 database id (wins over the wrangler lookup)",
        ..BASE
    },
    Setting {
        key: "rate_limit",
        env: &["MKT_RATE_LIMIT"],
        profile: &["rate_limit"],
        default: Default::Value("1100"),
        kind: Kind::Whole,
        scope: Scope::Targets(CLOUDFLARE),
        about: "client-side budget, requests per 5 minutes, shared by every mkt process of the user (Cloudflare blocks a token for 5 minutes past 1,200)",
        ..BASE
    },
    Setting {
        key: "concurrency",
        flag: flag!("--concurrency", concurrency),
        env: &["MKT_CONCURRENCY"],
        profile: &["concurrency"],
        default: Default::Value("16"),
        kind: Kind::Whole,
        scope: Scope::Targets(HTTP_TARGETS),
        about: "most API requests in flight at once; never exceeded",
        ..BASE
    },
    Setting {
        key: "max_retries",
        env: &["MKT_MAX_RETRIES"],
        profile: &["max_retries"],
        default: Default::Value("4"),
        kind: Kind::Whole,
        scope: Scope::TargetsOrApiUrl(HTTP_TARGETS),
        about: "retries of a request that is safe to repeat, after 429, 5xx and timeouts (Cloudflare and the Worker API)",
        ..BASE
    },
    Setting {
        key: "max_wait",
        flag: flag!("--max-wait", max_wait),
        env: &["MKT_MAX_WAIT"],
        profile: &["max_wait"],
        default: Default::Described("2m for a command that only reads (health, skills, a plan, doctor); 10m for one that writes (--apply, seed, sync)"),
        kind: Kind::Duration,
        scope: Scope::TargetsOrApiUrl(HTTP_TARGETS),
        about: "the longest wait for the request budget or a server's `Retry-After` a command sits out (`90s`, `2m`, `1m30s`; a number is seconds); a longer one ends it with exit 4, naming when to run it again",
        ..BASE
    },
    Setting {
        key: "api_url",
        flag: flag!("--api-url", api_url),
        env: &["MKT_API_URL"],
        profile: &["api_url"],
        kind: Kind::Url,
        about: "base URL of the marketplace Worker API (the api target, `health --compare`, sync, doctor)",
        ..BASE
    },
    Setting {
        key: "internal_key",
        env: &["MKT_INTERNAL_KEY"],
        secret: true,
        about: "sent as `X-Internal-Key` to the Worker's admin endpoints",
        ..BASE
    },
    Setting {
        key: "api_bearer_token",
        env: &["MKT_API_TOKEN"],
        secret: true,
        about: "sent to the Worker API as `Authorization: Bearer`",
        ..BASE
    },
    Setting {
        key: "api_timeout",
        env: &["MKT_API_TIMEOUT"],
        profile: &["api_timeout"],
        default: Default::Value("30"),
        kind: Kind::Seconds,
        scope: Scope::ApiUrl,
        about: "seconds one Worker API request may take (fractions allowed; more than 0, at most 3600)",
        ..BASE
    },
    Setting {
        key: "sync_backend",
        env: &["MKT_SYNC_BACKEND"],
        profile: &["sync_backend"],
        default: Default::Value("cloudflare-d1"),
        kind: Kind::Choice(&["local-file", "cloudflare-d1"]),
        about: "`local-file`: the staging file is the source of truth and sync refuses; `cloudflare-d1`: the file syncs with the Worker and D1",
        ..BASE
    },
    Setting {
        key: "sync_mode",
        env: &["MKT_SYNC_MODE"],
        profile: &["sync_mode"],
        default: Default::Value("staging"),
        kind: Kind::Choice(&["staging", "production"]),
        about: "`production`: sync push and pull ask first (`--yes` without a terminal)",
        ..BASE
    },
    Setting {
        key: "sync_endpoint",
        env: &["MKT_SYNC_ENDPOINT"],
        profile: &["sync_endpoint"],
        default: Default::Described(
            "the reviews daemon's endpointUrl (reviews-config.json beside the file, else in $SIGNET_PATH/marketplace), else api_url",
        ),
        kind: Kind::Url,
        about: "where sync pushes go: the Worker's base URL, or its full `/ingest/signet-reviews` URL (pushes go to it as given, reads to the base before it)",
        ..BASE
    },
    Setting {
        key: "sync_file",
        env: &["MKT_SYNC_FILE"],
        profile: &["sync_file"],
        default: Default::Computed(
            defaults::sync_file,
            "$SIGNET_PATH/marketplace/reviews.json (~/.agents when SIGNET_PATH is unset), when it exists",
        ),
        kind: Kind::Path,
        about: "the local review staging file (sync, backfill reviews); by default the reviews daemon's own",
        ..BASE
    },
    Setting {
        key: "durable_url",
        flag: flag!("--durable-url", durable_url),
        env: &["MKT_DURABLE_URL"],
        profile: &["durable_url"],
        kind: Kind::Url,
        about: "PostgreSQL URL of the durable store (`postgres://USER@HOST:PORT/DB`) instead of the target's SQL database; a password in it is never printed, and refused in a profile (use PGPASSWORD or ~/.pgpass)",
        ..BASE
    },
    Setting {
        key: "cache_dir",
        env: &["MKT_CACHE_DIR"],
        default: Default::Computed(defaults::cache_dir, "$XDG_CACHE_HOME/mkt, else ~/.cache/mkt"),
        kind: Kind::Path,
        about: "user cache directory: the request budget every mkt process of the user shares",
        ..BASE
    },
];

pub const OTHER_ENVIRONMENT: &[EnvVar] = &[
    EnvVar {
        name: "MKT_CONFIG_DIR",
        about: "user config directory holding mkt.toml (default `$XDG_CONFIG_HOME/mkt`, else `~/.config/mkt`)",
    },
    EnvVar {
        name: "XDG_CONFIG_HOME",
        about: "the user config directory is `$XDG_CONFIG_HOME/mkt` unless MKT_CONFIG_DIR is set",
    },
    EnvVar {
        name: "XDG_CACHE_HOME",
        about: "the user cache directory is `$XDG_CACHE_HOME/mkt` unless MKT_CACHE_DIR is set",
    },
    EnvVar {
        name: "HOME",
        about: "`~/.config/mkt`, `~/.cache/mkt` and `~/.pgpass` are under it",
    },
    EnvVar {
        name: "SIGNET_PATH",
        about: "the reviews daemon's home (default `~/.agents`): its file `marketplace/reviews.json` and settings `marketplace/reviews-config.json` are the sync defaults",
    },
    EnvVar {
        name: "PGPASSWORD",
        about: "password of the PostgreSQL durable store when its URL has none (libpq's; secret)",
    },
    EnvVar {
        name: "PGPASSFILE",
        about: "libpq's password file (default `~/.pgpass`, lines `host:port:database:user:password`)",
    },
    EnvVar {
        name: "PGSSLMODE",
        about: "libpq's `sslmode` when the durable URL has none (default `prefer`)",
    },
    EnvVar {
        name: "PGSSLROOTCERT",
        about: "libpq's root certificate for `verify-ca`/`verify-full` when the URL names none",
    },
    EnvVar {
        name: "PGHOST",
        about: "PostgreSQL host when the durable URL has none (default `localhost`)",
    },
    EnvVar {
        name: "PGPORT",
        about: "PostgreSQL port when the durable URL has none (default 5432)",
    },
    EnvVar {
        name: "PGUSER",
        about: "PostgreSQL user when the durable URL has none (default `$USER`, else `postgres`)",
    },
    EnvVar {
        name: "PGDATABASE",
        about: "PostgreSQL database when the durable URL has none (default the user name)",
    },
    EnvVar {
        name: "USER",
        about: "the PostgreSQL user when neither the durable URL nor PGUSER names one",
    },
    EnvVar {
        name: "NO_COLOR",
        about: "no colour (when not empty)",
    },
    EnvVar {
        name: "COLUMNS",
        about: "width of tables on a terminal (else the terminal's width; 120 when it reports none or 0)",
    },
    EnvVar {
        name: "MKT_FORCE_TTY",
        about: "render as if stdout and stderr were terminals",
    },
    EnvVar {
        name: "MALLOC_ARENA_MAX",
        about: "glibc's malloc arenas; unset, mkt uses one (steady peak memory on large stores: 1,000,000 local skills stay near 237 MB); set, glibc's value is used",
    },
    EnvVar {
        name: "MKT_FAILPOINT",
        about: "test hook: `NAME[:N]` aborts a repair at a named point (`durable_batch:N`, `kv_chunk:N`, `before_index_write`, `after_index_write`, `sync_pull_before_rename`)",
    },
];
