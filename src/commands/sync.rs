//! `mkt sync config|status|push|pull`: the local staging file against the Worker (or D1 with
//! `--direct`). Adapters only: which file, which remote, where events go; then render.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::Ctx;
use crate::config::{SyncBackend, SyncMode};
use crate::exit::{ExitStatus, Failure};
use crate::output::{Table, SCHEMA_VERSION};
use crate::store::local::Access;
use crate::sync::{daemon, locate, ConflictNote, Events, Remote, Resolution, SyncRun, Take};
use crate::target::Service;

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

// ---- config ---------------------------------------------------------------------------------

#[derive(Serialize)]
struct ConfigDoc {
    schema_version: &'static str,
    backend: SyncBackend,
    mode: SyncMode,
    /// Where pushes go (the full ingest URL).
    endpoint: Option<String>,
    /// Where the endpoint was set.
    endpoint_from: Option<String>,
    /// The Worker's base URL reads use.
    worker_url: Option<String>,
    file: Option<String>,
    file_from: Option<String>,
    /// Where the reviews daemon keeps its file ($SIGNET_PATH/marketplace/reviews.json).
    daemon_file: Option<String>,
    /// The daemon's reviews-config.json beside the file, when there is one.
    daemon_settings: Option<String>,
    /// Where `--write` saved the values.
    written: Option<Written>,
}

#[derive(Serialize)]
struct Written {
    file: String,
    profile: String,
}

fn origin_of(ctx: &Ctx, key: &str) -> String {
    ctx.settings
        .shown
        .iter()
        .find(|v| v.key == key)
        .map(|v| v.origin.to_string())
        .unwrap_or_else(|| "not set".into())
}

/// A path as a profile stores it: relative to the config file's directory when it is inside it.
fn profile_path(file: &Path, config_dir: &Path) -> String {
    file.strip_prefix(config_dir)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| file.display().to_string())
}

fn config(ctx: &Ctx, a: ConfigArgs) -> anyhow::Result<ExitStatus> {
    let s = &ctx.settings.sync;
    let backend = match &a.backend {
        Some(b) => SyncBackend::parse(b).ok_or_else(|| {
            Failure::usage(format!(
                "invalid --backend {b:?}: use local-file or cloudflare-d1"
            ))
        })?,
        None => s.backend,
    };
    let mode = match &a.mode {
        Some(m) => SyncMode::parse(m).ok_or_else(|| {
            Failure::usage(format!("invalid --mode {m:?}: use staging or production"))
        })?,
        None => s.mode,
    };
    if let Some(url) = &a.endpoint {
        crate::redact::register_url(url);
        crate::config::check_url(url, "--endpoint")?;
    }
    let file = a
        .file
        .as_ref()
        .map(|f| (crate::config::under(&ctx.cwd, f), "--file".to_string()))
        .or_else(|| s.file.clone().zip(s.file_from.clone()));
    let daemon = match &file {
        Some((f, _)) => locate::settings_for(f)?,
        None => None,
    };
    let endpoint_settings = match (&daemon, &s.daemon_file) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(own)) => locate::settings_for(own)?,
        (None, None) => None,
    };
    let mut sync = s.clone();
    if let Some(e) = &a.endpoint {
        sync.endpoint = Some(crate::config::FromSetting {
            value: e.trim_end_matches('/').to_string(),
            from: "--endpoint".into(),
        });
    }
    let chosen = locate::endpoint(&sync, endpoint_settings.as_ref())?;
    let given = a.backend.is_some() || a.mode.is_some() || a.endpoint.is_some() || a.file.is_some();
    let mut written = None;
    if a.write {
        if !given {
            return Err(Failure::usage(
                "--write saves the values given with --backend, --mode, --endpoint or --file; none was given",
            ));
        }
        let path = ctx
            .settings
            .profile_file
            .clone()
            .unwrap_or_else(|| ctx.cwd.join("mkt.toml"));
        let profile = ctx
            .settings
            .profile
            .clone()
            .unwrap_or_else(|| "default".into());
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| ctx.cwd.clone());
        let mut keys: Vec<(&str, String)> = Vec::new();
        if a.backend.is_some() {
            keys.push(("sync_backend", backend.as_str().into()));
        }
        if a.mode.is_some() {
            keys.push(("sync_mode", mode.as_str().into()));
        }
        if let Some(e) = &a.endpoint {
            keys.push(("sync_endpoint", e.trim_end_matches('/').into()));
        }
        if let Some(f) = &a.file {
            keys.push((
                "sync_file",
                profile_path(&crate::config::under(&ctx.cwd, f), &dir),
            ));
        }
        crate::config::write::set_profile_keys(&path, &profile, &keys)?;
        written = Some(Written {
            file: path.display().to_string(),
            profile,
        });
    }
    // Shown only: a password in a URL is redacted.
    let shown = |u: &str| crate::http::shown_url(u);
    let doc = ConfigDoc {
        schema_version: SCHEMA_VERSION,
        backend,
        mode,
        endpoint: chosen.as_ref().map(|c| shown(&c.ingest)),
        endpoint_from: chosen.as_ref().map(|c| c.from.clone()),
        worker_url: chosen.as_ref().and_then(|c| c.base.as_deref().map(shown)),
        file: file.as_ref().map(|(f, _)| f.display().to_string()),
        file_from: file.as_ref().map(|(_, from)| from.clone()),
        daemon_file: s.daemon_file.as_ref().map(|f| f.display().to_string()),
        daemon_settings: daemon.as_ref().map(|d| d.path.display().to_string()),
        written,
    };
    if ctx.printer.is_json() {
        ctx.printer.json(&doc);
    } else {
        let origin = |key: &str, flag: bool| {
            if flag {
                if a.write {
                    "flag (written)".to_string()
                } else {
                    "flag (not written)".to_string()
                }
            } else {
                origin_of(ctx, key)
            }
        };
        let mut t = Table::new(["key", "value", "origin"]);
        t.row([
            "sync_backend".to_string(),
            backend.as_str().to_string(),
            origin("sync_backend", a.backend.is_some()),
        ]);
        t.row([
            "sync_mode".to_string(),
            mode.as_str().to_string(),
            origin("sync_mode", a.mode.is_some()),
        ]);
        t.row([
            "sync_endpoint".to_string(),
            doc.endpoint.clone().unwrap_or_else(|| {
                "(none: set --endpoint, the daemon's endpointUrl or api_url)".into()
            }),
            match (&chosen, a.endpoint.is_some()) {
                (_, true) => origin("sync_endpoint", true),
                (Some(c), false) => c.from.clone(),
                (None, false) => "not set".into(),
            },
        ]);
        if let (Some(c), Some(w)) = (&chosen, &doc.worker_url) {
            if c.ingest
                != format!(
                    "{}{}",
                    c.base.as_deref().unwrap_or(""),
                    daemon::INGEST_SUFFIX
                )
                || c.base_from != c.from
            {
                t.row(["worker_url".to_string(), w.clone(), c.base_from.clone()]);
            }
        }
        t.row([
            "sync_file".to_string(),
            doc.file.clone().unwrap_or_else(|| match &doc.daemon_file {
                Some(d) => format!("(none: set --file; the daemon's {d} does not exist)"),
                None => "(none: set --file)".into(),
            }),
            match &file {
                Some((_, from)) if a.file.is_none() => from.clone(),
                _ => origin("sync_file", a.file.is_some()),
            },
        ]);
        if let Some(d) = &doc.daemon_settings {
            t.row([
                "daemon_settings".to_string(),
                d.clone(),
                "beside the file".to_string(),
            ]);
        }
        ctx.printer.table(&t);
        match &doc.written {
            Some(w) => ctx
                .printer
                .status(format!("saved to [profiles.{}] in {}", w.profile, w.file)),
            None if given => ctx
                .printer
                .status("not saved: pass --write to store these values in the profile"),
            None => {}
        }
    }
    Ok(ExitStatus::Success)
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

// ---- status, push, pull ---------------------------------------------------------------------

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

async fn status(ctx: &Ctx, a: SideArgs) -> anyhow::Result<ExitStatus> {
    require_d1_backend(ctx)?;
    let side = staging_file(ctx, &a)?;
    let remote = remote(ctx, &a, &side).await?;
    let events = events(ctx, false).await?;
    let run = SyncRun {
        file: &side.file,
        remote: &remote,
        events: events.as_ref(),
        limits: &ctx.settings.review_limits,
        state_dir: &ctx.settings.state_dir,
        daemon_settings: side.daemon.as_ref().map(|d| d.path.clone()),
        daemon_reads: side.daemons,
    };
    let report = run.status().await?;
    if ctx.printer.is_json() {
        ctx.printer.json(&report);
    } else {
        let c = &report.counts;
        let p = &ctx.printer;
        // Records outside the comparison are said on the summary line too.
        let mut unread = String::new();
        if c.malformed_local > 0 {
            unread.push_str(&format!(
                "; {} record(s) of the file not readable as reviews",
                c.malformed_local
            ));
        }
        if c.daemon_drops > 0 {
            unread.push_str(&format!(
                "; {} record(s) the daemon cannot read",
                c.daemon_drops
            ));
        }
        if report.in_sync {
            p.line(format!(
                "in sync: {} reviews on both sides, none pending{unread}",
                c.same
            ));
        } else {
            p.line(format!(
                "differs: {} only in the file, {} only remote, {} newer in the file, {} newer remote, {} deleted remotely, {} deleted locally, {} conflicts, {} pending in the file{unread}",
                c.only_local,
                c.only_remote,
                c.local_newer,
                c.remote_newer,
                c.deleted_remotely,
                c.deleted_locally,
                c.conflicts,
                c.pending
            ));
        }
        let mut t = Table::new(["count", "value"]);
        for (k, v) in [
            ("local", c.local),
            ("remote", c.remote),
            ("same", c.same),
            ("only_local", c.only_local),
            ("only_remote", c.only_remote),
            ("local_newer", c.local_newer),
            ("remote_newer", c.remote_newer),
            ("deleted_remotely", c.deleted_remotely),
            ("deleted_locally", c.deleted_locally),
            ("conflicts", c.conflicts),
            ("pending", c.pending),
            ("malformed_local", c.malformed_local),
            ("daemon_drops", c.daemon_drops),
        ] {
            t.row([k.to_string(), v.to_string()]);
        }
        p.table(&t);
        let ids = &report.reviews;
        for (what, list) in [
            ("only in the file (push sends)", &ids.only_local),
            ("only remote (pull takes)", &ids.only_remote),
            ("newer in the file (push sends)", &ids.local_newer),
            ("newer remote (pull takes)", &ids.remote_newer),
            ("deleted remotely (pull removes them from the file)", &ids.deleted_remotely),
            (
                "deleted locally (`mkt sync push --propagate-deletes` deletes them remotely)",
                &ids.deleted_locally,
            ),
            ("conflicts", &ids.conflicts),
            (
                "pending in the file (the daemon's next sync sends them; `mkt sync push` marks them)",
                &ids.pending,
            ),
        ] {
            if !list.is_empty() {
                p.line(format!("{what}: {}", some_ids(list)));
            }
        }
        for (what, e) in [
            ("last push", &report.last_push),
            ("last pull", &report.last_pull),
        ] {
            p.line(match e {
                None => format!("{what}: never"),
                Some(e) => format!(
                    "{what}: {} {}{}",
                    e.created_at,
                    e.status,
                    e.error
                        .as_ref()
                        .map(|m| format!(" ({m})"))
                        .unwrap_or_default()
                ),
            });
        }
    }
    let p = &ctx.printer;
    if !report.malformed_local.is_empty() {
        p.warn(format!(
            "{} record(s) of {} cannot be read as reviews: not compared, never synced (counted as malformed_local): {}",
            report.malformed_local.len(),
            report.file,
            some_records(&report.malformed_local)
        ));
    }
    daemon_drops_line(ctx, &report.file, &report.daemon_drops);
    p.status(format!("requests: {}", report.requests));
    Ok(if report.in_sync {
        ExitStatus::Success
    } else {
        ExitStatus::Drift
    })
}

async fn push(ctx: &Ctx, a: PushArgs) -> anyhow::Result<ExitStatus> {
    write(ctx, a.write, Some(a.propagate_deletes)).await
}

async fn pull(ctx: &Ctx, a: WriteArgs) -> anyhow::Result<ExitStatus> {
    write(ctx, a, None).await
}

/// The plan of `--propagate-deletes`, shown on stderr, then the question (always asked).
fn confirm_deletes<'a>(
    ctx: &'a Ctx,
    yes: bool,
    file: &'a Path,
    remote: &'a str,
) -> impl Fn(&[crate::reviews::Review]) -> anyhow::Result<()> + Sync + 'a {
    move |reviews| {
        let p = &ctx.printer;
        p.status(format!(
            "plan: soft-delete {} review(s) in {remote} that were deleted from {} since the last sync:",
            reviews.len(),
            file.display()
        ));
        for r in reviews {
            p.status(format!(
                "  {}  {}  {:?} by {} ({})",
                r.id,
                r.target(),
                r.title,
                r.display_name,
                r.updated_at
            ));
        }
        crate::commands::confirm_apply(
            p,
            yes,
            &format!("Soft-delete these {} review(s) in {remote}?", reviews.len()),
        )
    }
}

/// A push (`propagate`: whether deletions travel) or a pull (`None`): the same sides and
/// audit, one report each.
async fn write(ctx: &Ctx, a: WriteArgs, propagate: Option<bool>) -> anyhow::Result<ExitStatus> {
    require_d1_backend(ctx)?;
    let side = staging_file(ctx, &a.side)?;
    let remote = remote(ctx, &a.side, &side).await?;
    let events = events(ctx, true).await?.expect("opened for writing");
    let file = side.file.clone();
    let run = SyncRun {
        file: &file,
        remote: &remote,
        events: Some(&events),
        limits: &ctx.settings.review_limits,
        state_dir: &ctx.settings.state_dir,
        daemon_settings: side.daemon.as_ref().map(|d| d.path.clone()),
        daemon_reads: side.daemons,
    };
    let confirm = confirm_for(ctx, a.yes);
    let p = &ctx.printer;
    let (conflicts, malformed, requests) = match propagate {
        Some(propagate) => {
            let ask = confirm_deletes(ctx, a.yes, &file, &remote.description);
            let r = run.push(&confirm, propagate.then_some(&ask as _)).await?;
            if p.is_json() {
                p.json(&r);
            } else {
                p.line(format!(
                    "pushed {} review(s) to {} in {} batch(es), {} accepted; {} already the same, {} newer remote (`mkt sync pull` takes them)",
                    r.sent, r.remote, r.batches, r.accepted, r.already_same, r.remote_newer
                ));
                if r.deletes_propagated > 0 {
                    p.line(format!(
                        "soft-deleted {} review(s) in {} that were deleted from the file",
                        r.deletes_propagated, r.remote
                    ));
                }
            }
            if r.marked > 0 {
                p.status(format!(
                    "marked {} review(s) synced in {} (source \"synced\", syncedAt), as the daemon's own sync does",
                    r.marked, r.file
                ));
            }
            if !propagate && !r.deleted_locally.is_empty() {
                p.warn(format!(
                    "{} review(s) were deleted from the file since the last sync but are live in {}: {}; `mkt sync push --propagate-deletes` soft-deletes them there",
                    r.deleted_locally.len(),
                    r.remote,
                    some_ids(&r.deleted_locally)
                ));
            }
            if let Some(d) = &r.daemon_settings {
                p.status(format!("recorded lastSyncAt in {d}"));
            }
            meanwhile(ctx, &r.file, &r.changed_meanwhile);
            daemon_drops_line(ctx, &r.file, &r.daemon_drops);
            (r.conflicts, r.malformed_local, r.requests)
        }
        None => {
            let r = run.pull(&confirm).await?;
            if p.is_json() {
                p.json(&r);
            } else {
                p.line(format!(
                    "pulled {} review(s) into {} ({} added, {} replaced, {} removed as deleted remotely); {} already the same, {} newer in the file (`mkt sync push` sends them)",
                    r.taken, r.file, r.added, r.replaced, r.removed.len(), r.already_same, r.local_newer
                ));
            }
            for id in r.removed.iter().take(20) {
                p.status(format!(
                    "removed review {id} from the file: {} holds it deleted",
                    r.remote
                ));
            }
            if r.removed.len() > 20 {
                p.status(format!("… and {} more removed", r.removed.len() - 20));
            }
            for s in &r.skipped {
                p.warn(format!(
                    "skipped review {} from {}: {}",
                    s.id, r.remote, s.reason
                ));
            }
            if !r.deleted_locally.is_empty() {
                p.status(format!(
                    "{} review(s) deleted from the file are live in {} and were not written back: {}; `mkt sync push --propagate-deletes` deletes them there",
                    r.deleted_locally.len(),
                    r.remote,
                    some_ids(&r.deleted_locally)
                ));
            }
            if let Some(b) = &r.backup {
                p.status(format!("previous version kept in {b}"));
            }
            meanwhile(ctx, &r.file, &r.changed_meanwhile);
            daemon_drops_line(ctx, &r.file, &r.daemon_drops);
            (r.conflicts, r.malformed_local, r.requests)
        }
    };
    conflict_lines(ctx, &conflicts);
    if !malformed.is_empty() {
        p.warn(format!(
            "{} record(s) of {} are not reviews and were left as they are, not synced: {}",
            malformed.len(),
            file.display(),
            some_records(&malformed)
        ));
    }
    p.status(format!(
        "recorded in review_sync_events of {}",
        events.description()
    ));
    p.status(format!("requests: {requests}"));
    Ok(if conflicts.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Drift
    })
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

/// `mkt sync resolve`: the plan on stderr, always asked, then one line per conflict settled.
async fn resolve(ctx: &Ctx, a: ResolveArgs) -> anyhow::Result<ExitStatus> {
    require_d1_backend(ctx)?;
    let side = staging_file(ctx, &a.side)?;
    let remote = remote(ctx, &a.side, &side).await?;
    let events = events(ctx, true).await?.expect("opened for writing");
    let run = SyncRun {
        file: &side.file,
        remote: &remote,
        events: Some(&events),
        limits: &ctx.settings.review_limits,
        state_dir: &ctx.settings.state_dir,
        daemon_settings: side.daemon.as_ref().map(|d| d.path.clone()),
        daemon_reads: side.daemons,
    };
    let take = match a.take {
        TakeSide::File => Take::File,
        TakeSide::Remote => Take::Remote,
    };
    let p = &ctx.printer;
    let (file, remote_name) = (side.file.display().to_string(), remote.description.clone());
    let confirm = |plan: &[Resolution]| {
        p.status(format!(
            "plan: resolve {} conflict(s) between {file} and {remote_name}, taking the {}'s copy:",
            plan.len(),
            match take {
                Take::File => "file",
                Take::Remote => "remote",
            }
        ));
        for r in plan {
            p.status(format!(
                "  {}  ({})  → {}",
                r.id,
                r.conflict,
                r.action.describe()
            ));
        }
        let production = ctx.settings.sync.mode == SyncMode::Production || ctx.settings.production;
        crate::commands::confirm_apply(
            p,
            a.yes,
            &format!(
                "Resolve these {} conflict(s){}?",
                plan.len(),
                if production {
                    " (sync mode production)"
                } else {
                    ""
                }
            ),
        )
    };
    let r = run.resolve(&a.ids, take, &confirm).await?;
    if p.is_json() {
        p.json(&r);
    } else if r.resolved.is_empty() && r.changed_meanwhile.is_empty() {
        p.line("no conflicts: nothing to resolve");
    } else {
        for x in &r.resolved {
            p.line(format!("resolved {}: {}", x.id, x.action.describe()));
        }
        p.line(format!(
            "resolved {} conflict(s), taking the {}'s copy",
            r.resolved.len(),
            match take {
                Take::File => "file",
                Take::Remote => "remote",
            }
        ));
    }
    for n in &r.saved {
        p.status(format!(
            "both copies of {} are kept in {}",
            n.id, n.saved_to
        ));
    }
    if let Some(b) = &r.backup {
        p.status(format!("previous version kept in {b}"));
    }
    meanwhile(ctx, &r.file, &r.changed_meanwhile);
    p.status(format!(
        "recorded in review_sync_events of {}",
        events.description()
    ));
    p.status(format!("requests: {}", r.requests));
    Ok(if r.changed_meanwhile.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Drift
    })
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
