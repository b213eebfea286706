//! `mkt sync config|status|push|pull|resolve`: the local staging file against the Worker (or D1
//! with `--direct`). Adapters only: which file, which remote, where events go; then render. This
//! file holds the arguments and the two sides every subcommand opens; each subcommand renders in
//! its own file below `sync/`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Subcommand};

use super::Ctx;
use crate::config::{SyncBackend, SyncMode};
use crate::exit::{ExitStatus, Failure};
use crate::store::local::Access;
use crate::sync::{daemon, locate, ConflictNote, Events, Remote, SyncRun};
use crate::target::Service;

mod config;
mod resolve;
mod status;
mod write;
use config::config;
use resolve::resolve;
use status::status;
use write::{pull, push};

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Show the sync backend, mode, endpoint and file; set them in the profile with --write
    Config(ConfigArgs),
    /// Compare the local staging file with the remote (exit 3 when they differ)
    Status(SideArgs),
    /// Send local reviews the remote lacks or holds older (POST to the ingest URL, or D1 with --direct); mark them synced in the file
    Push(PushArgs),
    /// Write remote reviews the local file lacks or holds older into it, remove those deleted remotely (atomically, with a backup)
    Pull(WriteArgs),
    /// Settle conflicts: one side's copy wins (shows the plan and asks; both copies stay saved)
    Resolve(ResolveArgs),
}

#[derive(Clone, Debug, Args)]
pub struct ConfigArgs {
    /// Where reviews live: local-file (the staging file only) or cloudflare-d1 (the Worker and D1)
    #[arg(long, value_name = "BACKEND")]
    pub backend: Option<String>,
    /// staging, or production (pushes and pulls ask first)
    #[arg(long, value_name = "MODE")]
    pub mode: Option<String>,
    /// The Worker's base URL, or its full /ingest/signet-reviews URL (default: the daemon's endpointUrl, else api_url)
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// The local staging file
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Save the given values in the profile (the config file in use, else ./mkt.toml)
    #[arg(long)]
    pub write: bool,
}

#[derive(Clone, Debug, Args)]
pub struct SideArgs {
    /// The local staging file [default: sync_file, else the reviews daemon's $SIGNET_PATH/marketplace/reviews.json]
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Compare with the D1 tables of the target instead of the Worker
    #[arg(long)]
    pub direct: bool,
}

#[derive(Clone, Debug, Args)]
pub struct WriteArgs {
    #[command(flatten)]
    pub side: SideArgs,
    /// Do not ask (production mode asks on a terminal; without one --yes is required)
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Clone, Debug, Args)]
pub struct PushArgs {
    #[command(flatten)]
    pub write: WriteArgs,
    /// Also soft-delete remotely the reviews deleted from the file since they were last in sync
    /// (shows the plan and asks; --yes without a terminal)
    #[arg(long)]
    pub propagate_deletes: bool,
}

#[derive(Clone, Debug, Args)]
pub struct ResolveArgs {
    /// Ids of reviews in conflict (`mkt sync status` lists them)
    #[arg(value_name = "ID", required_unless_present = "all")]
    pub ids: Vec<String>,
    /// Every review in conflict
    #[arg(long, conflicts_with = "ids")]
    pub all: bool,
    /// Whose copy wins: file (sent to the remote, or its deletion made there) or remote
    /// (written into the file, or its deletion made there)
    #[arg(long, value_enum, value_name = "SIDE")]
    pub take: TakeSide,
    #[command(flatten)]
    pub side: SideArgs,
    /// Do not ask (without a terminal --yes is required)
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TakeSide {
    /// The staging file's copy (or its deletion)
    File,
    /// The remote's copy (or its deletion)
    Remote,
}

pub async fn run(ctx: &Ctx, cmd: SyncCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        SyncCommand::Config(a) => config(ctx, a),
        SyncCommand::Status(a) => status(ctx, a).await,
        SyncCommand::Push(a) => push(ctx, a).await,
        SyncCommand::Pull(a) => pull(ctx, a).await,
        SyncCommand::Resolve(a) => resolve(ctx, a).await,
    }
}

// ---- the two sides --------------------------------------------------------------------------

/// The staging file, where it was set, and the daemon's settings beside it. Says on stderr
/// which file and settings are used.
struct Side {
    file: PathBuf,
    /// The daemon's settings beside the file: its endpoint, and where a push records lastSyncAt.
    daemon: Option<daemon::Settings>,
    /// Where the endpoint may come from: the settings beside the file, else the daemon's own
    /// (the file is another one, the daemon's endpoint is still where reviews go).
    endpoint_settings: Option<daemon::Settings>,
    /// The daemon reads this file: where it keeps it, or with its settings beside it.
    daemons: bool,
}

impl Side {
    /// The sync run between this file and `remote`, its events recorded in `events`.
    fn run<'a>(
        &'a self,
        ctx: &'a Ctx,
        remote: &'a Remote,
        events: Option<&'a Events>,
    ) -> SyncRun<'a> {
        SyncRun {
            file: &self.file,
            remote,
            events,
            limits: &ctx.settings.review_limits,
            state_dir: &ctx.settings.state_dir,
            daemon_settings: self.daemon.as_ref().map(|d| d.path.clone()),
            daemon_reads: self.daemons,
        }
    }
}

/// Whether `file` is the one at `daemon_file` (the same path, or the same file through links).
fn same_file(file: &Path, daemon_file: Option<&PathBuf>) -> bool {
    let Some(d) = daemon_file else {
        return false;
    };
    file == d
        || matches!(
            (std::fs::canonicalize(file), std::fs::canonicalize(d)),
            (Ok(a), Ok(b)) if a == b
        )
}

fn staging_file(ctx: &Ctx, side: &SideArgs) -> anyhow::Result<Side> {
    let s = &ctx.settings.sync;
    let (file, from) = match &side.file {
        Some(f) => (crate::config::under(&ctx.cwd, f), "--file".to_string()),
        None => match (&s.file, &s.file_from) {
            (Some(f), Some(from)) => (f.clone(), from.clone()),
            (Some(f), None) => (f.clone(), "sync_file".to_string()),
            (None, _) => {
                let daemon = match &s.daemon_file {
                    Some(d) => format!(" (the reviews daemon's {} does not exist)", d.display()),
                    None => String::new(),
                };
                return Err(Failure::usage(format!(
                    "no staging file{daemon}: pass --file FILE, set MKT_SYNC_FILE or SIGNET_PATH, or save one with `mkt sync config --file FILE --write`"
                )));
            }
        },
    };
    let daemon = locate::settings_for(&file)?;
    let endpoint_settings = match (&daemon, &s.daemon_file) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(own)) => locate::settings_for(own)?,
        (None, None) => None,
    };
    ctx.printer
        .status(format!("file: {} (from {from})", file.display()));
    if let Some(d) = &daemon {
        let enabled = match d.enabled() {
            Some(false) => "; its own sync is disabled",
            _ => "",
        };
        ctx.printer
            .status(format!("daemon settings: {}{enabled}", d.path.display()));
    }
    let daemons = daemon.is_some() || same_file(&file, s.daemon_file.as_ref());
    Ok(Side {
        file,
        daemon,
        endpoint_settings,
        daemons,
    })
}

fn require_d1_backend(ctx: &Ctx) -> anyhow::Result<()> {
    if ctx.settings.sync.backend == SyncBackend::LocalFile {
        return Err(Failure::usage(
            "the sync backend is local-file: reviews stay in the staging file and nothing is synced; switch with `mkt sync config --backend cloudflare-d1 --write`",
        ));
    }
    Ok(())
}

async fn remote(ctx: &Ctx, args: &SideArgs, side: &Side) -> anyhow::Result<Remote> {
    if args.direct {
        if !ctx.target.serves(Service::KvSql) {
            return Err(Failure::usage(
                "--direct writes the D1 tables themselves: use --target cloudflare (or local), not the api target",
            ));
        }
        let r = ctx.reviews().await?;
        return Ok(Remote {
            service: r.service.clone(),
            key: format!("direct {}", r.description),
            description: r.description.clone(),
            lists_deleted: true,
        });
    }
    let chosen = locate::endpoint(&ctx.settings.sync, side.endpoint_settings.as_ref())?.ok_or_else(|| {
        Failure::usage(
            "no sync endpoint: set endpointUrl in the daemon's reviews-config.json, MKT_SYNC_ENDPOINT (sync_endpoint), --api-url (MKT_API_URL), or use --direct for D1",
        )
    })?;
    let Some(base) = chosen.base.clone() else {
        return Err(Failure::usage(format!(
            "{} is {}, which does not end in {}: mkt pushes there but cannot read reviews from it; set --api-url (MKT_API_URL) to the Worker's base URL",
            chosen.from,
            crate::http::shown_url(&chosen.ingest),
            daemon::INGEST_SUFFIX
        )));
    };
    let settings = crate::config::ApiSettings {
        url: base.clone(),
        ..ctx.settings.sync.client.clone()
    };
    let options = |url_setting: &str, ingest_path: Option<String>| crate::worker::WorkerOptions {
        log: ctx.log(),
        url_setting: Some(url_setting.to_string()),
        allow_insecure_http: ctx.settings.allow_insecure_http,
        ingest_path,
        max_retry_after: ctx.settings.max_wait,
        ..Default::default()
    };
    // Pushes go to the ingest URL exactly as set: under the base when it is there, else on its own.
    let (ingest_path, separate) = match chosen.ingest.strip_prefix(&base) {
        Some(rest) if rest.starts_with('/') => (Some(rest.to_string()), None),
        _ => {
            let u = reqwest::Url::parse(&chosen.ingest)?;
            let origin = u.origin().ascii_serialization();
            let path = chosen.ingest[origin.len()..].to_string();
            (None, Some((origin, path)))
        }
    };
    let client =
        crate::worker::WorkerClient::new(&settings, options(&chosen.base_from, ingest_path))?;
    let description = format!("marketplace Worker API {}", client.base_url());
    let key = format!("worker {}", client.base_url());
    let mut api = crate::worker::reviews::ApiReviews::new(Arc::new(client));
    if let Some((origin, path)) = separate {
        let ingest = crate::worker::WorkerClient::new(
            &crate::config::ApiSettings {
                url: origin,
                ..settings.clone()
            },
            options(&chosen.from, Some(path)),
        )?;
        api = api.with_ingest(Arc::new(ingest));
    }
    ctx.printer.status(format!(
        "remote: {description}; pushes to {} (from {})",
        crate::http::shown_url(&chosen.ingest),
        chosen.from
    ));
    Ok(Remote {
        service: Arc::new(api),
        description,
        key,
        lists_deleted: false,
    })
}

/// Where `review_sync_events` rows go: the target's store (D1 on cloudflare), or the local store
/// when the target has no SQL of its own (the Worker has no endpoint for them). `None` for a read
/// when the local store does not exist yet.
pub(crate) async fn events(ctx: &Ctx, write: bool) -> anyhow::Result<Option<Events>> {
    let s = &ctx.settings;
    let local_missing = !s.local_path.exists();
    let store = if !ctx.target.serves(Service::KvSql) {
        if !write && local_missing {
            return Ok(None);
        }
        let access = if write { Access::Write } else { Access::Read };
        crate::target::local::open_off_thread(s.local_path.clone(), s.layout.clone(), access)
            .await?
    } else if ctx.target.is_local_file() && !write && local_missing {
        return Ok(None);
    } else {
        ctx.store().await?.clone()
    };
    Ok(Some(Events::new(store, &s.layout)))
}

fn confirm_for(ctx: &Ctx, yes: bool) -> impl Fn(&str) -> anyhow::Result<()> + Sync + '_ {
    move |q: &str| {
        let production = ctx.settings.sync.mode == SyncMode::Production || ctx.settings.production;
        if !production {
            return Ok(());
        }
        crate::commands::confirm_apply(&ctx.printer, yes, &format!("{q} (sync mode production)"))
    }
}

fn conflict_lines(ctx: &Ctx, conflicts: &[ConflictNote]) {
    for c in conflicts {
        ctx.printer.warn(format!(
            "conflict: review {} {}; the file keeps its copy (or its deletion), both are saved in {}; `mkt sync resolve {} --take file|remote` settles it",
            c.id, c.kind, c.saved_to, c.id
        ));
    }
}

/// Up to 5 records with where they are and why, then "…".
fn some_records(list: &[crate::reviews::staging::Malformed]) -> String {
    let first: Vec<String> = list
        .iter()
        .take(5)
        .map(|m| match &m.id {
            Some(id) => format!("{} id {id} ({})", m.path, m.reason),
            None => format!("{} ({})", m.path, m.reason),
        })
        .collect();
    format!(
        "{}{}",
        first.join("; "),
        if list.len() > 5 { "; …" } else { "" }
    )
}

/// Up to 20 ids, then how many more.
fn some_ids(list: &[String]) -> String {
    let shown: Vec<&str> = list.iter().take(20).map(String::as_str).collect();
    let more = if list.len() > 20 {
        format!(" … and {} more", list.len() - 20)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}

/// The warning about records the daemon cannot read, said by status, push and pull alike.
fn daemon_drops_line(ctx: &Ctx, file: &str, drops: &[crate::reviews::staging::Malformed]) {
    if !drops.is_empty() {
        ctx.printer.warn(format!(
            "{} record(s) of {file} cannot be read by the reviews daemon: it drops them on reading and erases them on its next write (counted as daemon_drops): {}",
            drops.len(),
            some_records(drops)
        ));
    }
}

fn meanwhile(ctx: &Ctx, file: &str, ids: &[String]) {
    if !ids.is_empty() {
        ctx.printer.warn(format!(
            "{} record(s) of {file} changed while syncing and were left as they are: {}; run the sync again",
            ids.len(),
            some_ids(ids)
        ));
    }
}
