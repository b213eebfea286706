//! `mkt sync config|status|push|pull`: the local staging file against the Worker (or D1 with
//! `--direct`). Adapters only: which file, which remote, where events go; then render.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::Ctx;
use crate::config::TargetKind;
use crate::config::{SyncBackend, SyncMode};
use crate::exit::{ExitStatus, Failure};
use crate::output::{Table, SCHEMA_VERSION};
use crate::store::local::{self, Access};
use crate::sync::{ConflictNote, Events, Remote, SyncRun};

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Show the sync backend, mode, endpoint and file; set them in the profile with --write
    Config(ConfigArgs),
    /// Compare the local staging file with the remote (exit 3 when they differ)
    Status(SideArgs),
    /// Send local reviews the remote lacks or holds older (POST /ingest/signet-reviews, or D1 with --direct)
    Push(WriteArgs),
    /// Write remote reviews the local file lacks or holds older into it (atomically, with a backup)
    Pull(WriteArgs),
}

#[derive(Clone, Debug, Args)]
pub struct ConfigArgs {
    /// Where reviews live: local-file (the staging file only) or cloudflare-d1 (the Worker and D1)
    #[arg(long, value_name = "BACKEND")]
    pub backend: Option<String>,
    /// staging, or production (pushes and pulls ask first)
    #[arg(long, value_name = "MODE")]
    pub mode: Option<String>,
    /// The Worker base URL that takes pushes (default: api_url)
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
    /// The local staging file [default: sync_file]
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

pub async fn run(ctx: &Ctx, cmd: SyncCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        SyncCommand::Config(a) => config(ctx, a),
        SyncCommand::Status(a) => status(ctx, a).await,
        SyncCommand::Push(a) => push(ctx, a).await,
        SyncCommand::Pull(a) => pull(ctx, a).await,
    }
}

// ---- config ---------------------------------------------------------------------------------

#[derive(Serialize)]
struct ConfigDoc {
    schema_version: &'static str,
    backend: SyncBackend,
    mode: SyncMode,
    endpoint: Option<String>,
    file: Option<String>,
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
        let ok = reqwest::Url::parse(url)
            .ok()
            .is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
        if !ok {
            return Err(Failure::usage(format!(
                "invalid --endpoint {:?}: expected the Worker's http(s) base URL",
                crate::http::shown_url(url)
            )));
        }
    }
    // Shown only: a password in the URL is redacted.
    let endpoint = a
        .endpoint
        .clone()
        .or_else(|| s.endpoint.clone())
        .map(|u| crate::http::shown_url(&u));
    let file = a
        .file
        .as_ref()
        .map(|f| crate::config::under(&ctx.cwd, f))
        .or_else(|| s.file.clone());
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
    let doc = ConfigDoc {
        schema_version: SCHEMA_VERSION,
        backend,
        mode,
        endpoint: endpoint.clone(),
        file: file.as_ref().map(|f| f.display().to_string()),
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
            endpoint.unwrap_or_else(|| "(none: set --endpoint or api_url)".into()),
            origin("sync_endpoint", a.endpoint.is_some()),
        ]);
        t.row([
            "sync_file".to_string(),
            file.map(|f| f.display().to_string())
                .unwrap_or_else(|| "(none: set --file)".into()),
            origin("sync_file", a.file.is_some()),
        ]);
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

fn staging_file(ctx: &Ctx, side: &SideArgs) -> anyhow::Result<PathBuf> {
    side.file
        .as_ref()
        .map(|f| crate::config::under(&ctx.cwd, f))
        .or_else(|| ctx.settings.sync.file.clone())
        .ok_or_else(|| {
            Failure::usage(
                "no staging file: pass --file FILE, set MKT_SYNC_FILE, or save one with `mkt sync config --file FILE --write`",
            )
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

async fn remote(ctx: &Ctx, side: &SideArgs) -> anyhow::Result<Remote> {
    if side.direct {
        if ctx.settings.target == TargetKind::Api {
            return Err(Failure::usage(
                "--direct writes the D1 tables themselves: use --target cloudflare (or local), not the api target",
            ));
        }
        let r = ctx.reviews().await?;
        return Ok(Remote {
            service: r.service,
            description: r.description,
            lists_deleted: true,
        });
    }
    let worker = ctx.settings.sync.worker.as_ref().ok_or_else(|| {
        Failure::usage(
            "no sync endpoint: set --api-url (MKT_API_URL), sync_endpoint (MKT_SYNC_ENDPOINT), or use --direct for D1",
        )
    })?;
    let client = crate::worker::WorkerClient::new(
        worker,
        crate::worker::WorkerOptions {
            log: ctx.log(),
            allow_insecure_http: ctx.settings.allow_insecure_http,
            ..Default::default()
        },
    )?;
    let description = format!("marketplace Worker API {}", client.base_url());
    ctx.printer.status(format!("remote: {description}"));
    Ok(Remote {
        service: Arc::new(crate::worker::reviews::ApiReviews::new(Arc::new(client))),
        description,
        lists_deleted: false,
    })
}

/// Where `review_sync_events` rows go: the target's store (D1 on cloudflare), or the local store
/// when the target is the Worker. `None` for a read when the local store does not exist yet.
pub(crate) async fn events(ctx: &Ctx, write: bool) -> anyhow::Result<Option<Events>> {
    let s = &ctx.settings;
    let local_missing = !s.local_path.exists();
    let store = match s.target {
        TargetKind::Api => {
            if !write && local_missing {
                return Ok(None);
            }
            let (path, layout) = (s.local_path.clone(), s.layout.clone());
            let access = if write { Access::Write } else { Access::Read };
            tokio::task::spawn_blocking(move || local::open_as(&path, &layout, access))
                .await
                .map_err(|e| anyhow::anyhow!("opening the local store: {e}"))??
        }
        TargetKind::Local if !write && local_missing => return Ok(None),
        _ => ctx.store().await?,
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
            "conflict: review {} has the same updated_at on both sides with different content; the file keeps its copy, the other is saved in {}",
            c.id, c.saved_to
        ));
    }
}

// ---- status, push, pull ---------------------------------------------------------------------

async fn status(ctx: &Ctx, a: SideArgs) -> anyhow::Result<ExitStatus> {
    require_d1_backend(ctx)?;
    let file = staging_file(ctx, &a)?;
    let remote = remote(ctx, &a).await?;
    let events = events(ctx, false).await?;
    let run = SyncRun {
        file: &file,
        remote: &remote,
        events: events.as_ref(),
        limits: &ctx.settings.review_limits,
        state_dir: &ctx.settings.state_dir,
    };
    let report = run.status().await?;
    if ctx.printer.is_json() {
        ctx.printer.json(&report);
    } else {
        let c = &report.counts;
        let p = &ctx.printer;
        if report.in_sync {
            p.line(format!("in sync: {} reviews on both sides", c.same));
        } else {
            p.line(format!(
                "differs: {} only in the file, {} only remote, {} newer in the file, {} newer remote, {} conflicts",
                c.only_local, c.only_remote, c.local_newer, c.remote_newer, c.conflicts
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
            ("conflicts", c.conflicts),
            ("malformed_local", c.malformed_local),
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
            ("conflicts", &ids.conflicts),
        ] {
            if !list.is_empty() {
                let shown: Vec<&str> = list.iter().take(20).map(String::as_str).collect();
                let more = if list.len() > 20 {
                    format!(" … and {} more", list.len() - 20)
                } else {
                    String::new()
                };
                p.line(format!("{what}: {}{more}", shown.join(", ")));
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
    ctx.printer.status(format!("requests: {}", report.requests));
    Ok(if report.in_sync {
        ExitStatus::Success
    } else {
        ExitStatus::Drift
    })
}

/// Which way a write goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Push,
    Pull,
}

async fn push(ctx: &Ctx, a: WriteArgs) -> anyhow::Result<ExitStatus> {
    write(ctx, a, Direction::Push).await
}

async fn pull(ctx: &Ctx, a: WriteArgs) -> anyhow::Result<ExitStatus> {
    write(ctx, a, Direction::Pull).await
}

/// A push or a pull: the same sides and audit, one report each.
async fn write(ctx: &Ctx, a: WriteArgs, direction: Direction) -> anyhow::Result<ExitStatus> {
    require_d1_backend(ctx)?;
    let file = staging_file(ctx, &a.side)?;
    let remote = remote(ctx, &a.side).await?;
    let events = events(ctx, true).await?.expect("opened for writing");
    let run = SyncRun {
        file: &file,
        remote: &remote,
        events: Some(&events),
        limits: &ctx.settings.review_limits,
        state_dir: &ctx.settings.state_dir,
    };
    let confirm = confirm_for(ctx, a.yes);
    let (conflicts, malformed, requests) = match direction {
        Direction::Push => {
            let r = run.push(&confirm).await?;
            if ctx.printer.is_json() {
                ctx.printer.json(&r);
            } else {
                ctx.printer.line(format!(
                    "pushed {} review(s) to {} in {} batch(es), {} accepted; {} already the same, {} newer remote (`mkt sync pull` takes them)",
                    r.sent, r.remote, r.batches, r.accepted, r.already_same, r.remote_newer
                ));
            }
            (r.conflicts, r.malformed_local, r.requests)
        }
        Direction::Pull => {
            let r = run.pull(&confirm).await?;
            if ctx.printer.is_json() {
                ctx.printer.json(&r);
            } else {
                ctx.printer.line(format!(
                    "pulled {} review(s) into {} ({} added, {} replaced); {} already the same, {} newer in the file (`mkt sync push` sends them)",
                    r.taken, r.file, r.added, r.replaced, r.already_same, r.local_newer
                ));
                if let Some(b) = &r.backup {
                    ctx.printer.status(format!("previous version kept in {b}"));
                }
            }
            (r.conflicts, r.malformed_local, r.requests)
        }
    };
    conflict_lines(ctx, &conflicts);
    if !malformed.is_empty() {
        let first: Vec<String> = malformed
            .iter()
            .take(5)
            .map(|m| format!("{} ({})", m.path, m.reason))
            .collect();
        ctx.printer.warn(format!(
            "{} record(s) of {} are not reviews and were left as they are, not synced: {}{}",
            malformed.len(),
            file.display(),
            first.join("; "),
            if malformed.len() > 5 { "; …" } else { "" }
        ));
    }
    ctx.printer.status(format!(
        "recorded in review_sync_events of {}",
        events.description()
    ));
    ctx.printer.status(format!("requests: {requests}"));
    Ok(if conflicts.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Drift
    })
}
