//! The command-line surface (clap). Argument structs live beside their commands in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands;
use crate::config::TargetKind;

#[derive(Debug, Parser)]
#[command(
    name = "mkt",
    version,
    about = "Find and repair drift between a marketplace's Workers KV, D1 and Worker API",
    long_about = "mkt finds and repairs drift between the stores of a marketplace on Cloudflare \
                  (Workers KV, D1 and the marketplace's Worker API) without ever losing an entry.\n\n\
                  With no Cloudflare credentials configured it works on an embedded local SQLite store \
                  (.mkt/local.sqlite); the target in use is named on stderr.",
    after_help = crate::exit::exit_code_table(),
    propagate_version = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TargetArg {
    Local,
    Cloudflare,
    Api,
    WranglerDev,
}

impl From<TargetArg> for TargetKind {
    fn from(t: TargetArg) -> Self {
        match t {
            TargetArg::Local => TargetKind::Local,
            TargetArg::Cloudflare => TargetKind::Cloudflare,
            TargetArg::Api => TargetKind::Api,
            TargetArg::WranglerDev => TargetKind::WranglerDev,
        }
    }
}

/// Flags every command takes.
#[derive(Clone, Debug, Args)]
pub struct GlobalArgs {
    /// Profile from mkt.toml to use [env: MKT_PROFILE]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Where to read and write: local (SQLite), cloudflare (REST API), api (the Worker) or wrangler-dev (a running `wrangler dev`) [env: MKT_TARGET]
    #[arg(
        long,
        visible_alias = "via",
        global = true,
        value_enum,
        value_name = "TARGET"
    )]
    pub target: Option<TargetArg>,
    /// Cloudflare account id [env: CLOUDFLARE_ACCOUNT_ID]
    #[arg(long, global = true, value_name = "ID")]
    pub account_id: Option<String>,
    /// Workers KV namespace id [env: MKT_KV_NAMESPACE_ID]
    #[arg(long, global = true, value_name = "ID")]
    pub namespace_id: Option<String>,
    /// D1 database id [env: MKT_D1_DATABASE_ID]
    #[arg(long, global = true, value_name = "ID")]
    pub database_id: Option<String>,
    /// Path of the local SQLite store [env: MKT_LOCAL_PATH] [default: .mkt/local.sqlite]
    #[arg(long, global = true, value_name = "PATH")]
    pub local_path: Option<PathBuf>,
    /// Base URL of the marketplace Worker API [env: MKT_API_URL]
    #[arg(long, global = true, value_name = "URL")]
    pub api_url: Option<String>,
    /// Most Cloudflare API requests in flight at once [env: MKT_CONCURRENCY] [default: 16]
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub concurrency: Option<u32>,
    /// Characters the keys under the skill prefix are declared to be made of (`ascii`, or a class such as `a-z0-9._/:-`): lets a large Cloudflare listing run as parallel walks, exact only if the declaration holds; `any` declares nothing [env: MKT_KEY_ALPHABET] [default: any: one serial walk, exact for any key]
    #[arg(long, global = true, value_name = "SPEC")]
    pub key_alphabet: Option<String>,
    /// Longest wait for the request budget or a server's Retry-After (90s, 2m, 1m30s); a longer one ends the command with exit 4, naming when to run it again [env: MKT_MAX_WAIT] [default: 2m for reads, 10m for writes]
    #[arg(long, global = true, value_name = "DURATION")]
    pub max_wait: Option<String>,
    /// The durable skills table [env: MKT_DURABLE_TABLE] [default: skills, else Prisma's Skill]
    #[arg(long, global = true, value_name = "TABLE")]
    pub durable_table: Option<String>,
    /// PostgreSQL URL of the durable store, postgres://USER@HOST:PORT/DB [env: MKT_DURABLE_URL]
    #[arg(long, global = true, value_name = "URL")]
    pub durable_url: Option<String>,
    /// Address of a running `wrangler dev`, for --target wrangler-dev [env: MKT_DEV_URL] [default: http://127.0.0.1:8787]
    #[arg(long, global = true, value_name = "URL")]
    pub dev_url: Option<String>,
    /// Send credentials over plain http:// to another machine (refused by default: anyone on the path could read them) [env: MKT_ALLOW_INSECURE_HTTP]
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
    /// Config file to read instead of ./mkt.toml and the user config dir [env: MKT_CONFIG]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print one JSON document on stdout
    #[arg(long, global = true, conflicts_with = "ndjson")]
    pub json: bool,
    /// Print one JSON object per line on stdout (streams)
    #[arg(long, global = true)]
    pub ndjson: bool,
    /// Print piped tables without their header line
    #[arg(long, global = true)]
    pub no_headers: bool,
    /// Print only results and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print debug detail on stderr (requests, retries)
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report drift between the index blob, KV keys, the durable table and the seed catalog
    Health(commands::health::HealthArgs),
    /// Read, rebuild and restore the published index
    #[command(subcommand)]
    Index(commands::index::IndexCommand),
    /// Rebuild the published index as a union of every live source (same as `mkt index rebuild`)
    RebuildIndex(commands::index::RebuildArgs),
    /// Copy skills between KV values and the durable table, or staged reviews into the target
    #[command(subcommand)]
    Backfill(commands::backfill::BackfillCommand),
    /// Read skills from any source
    #[command(subcommand)]
    Skills(commands::skills::SkillsCommand),
    /// Manage reviews of skills and MCP servers, and verify their aggregates
    #[command(subcommand)]
    Reviews(commands::reviews::ReviewsCommand),
    /// Write realistic test data (or the skill-loss incident) into the target
    Seed(commands::seed::SeedArgs),
    /// Manage the durable D1 schema
    #[command(subcommand)]
    Db(commands::db::DbCommand),
    /// Show the resolved configuration
    #[command(subcommand)]
    Config(commands::config_cmd::ConfigCommand),
    /// Sync reviews between the local staging file and the Worker or D1
    #[command(subcommand)]
    Sync(commands::sync::SyncCommand),
    /// List repair runs, show what one changed, and undo one from its exact backup
    #[command(subcommand)]
    Runs(commands::runs::RunsCommand),
    /// Check the setup: credentials, token, account, KV, D1, tables, Worker, throttle, local store
    Doctor(commands::doctor::DoctorArgs),
    /// Print shell completions
    Completions(commands::completions::CompletionsArgs),
    /// Print this message, the help of a command, or a reference: exit-codes, environment, config, flags
    Help(commands::help::HelpArgs),
}
