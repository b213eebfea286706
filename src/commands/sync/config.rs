//! `mkt sync config`: the four settings, where each came from, and `--write` into the profile.

use std::path::Path;

use serde::Serialize;

use crate::commands::Ctx;
use crate::config::{SyncBackend, SyncMode};
use crate::exit::{ExitStatus, Failure};
use crate::output::{Table, SCHEMA_VERSION};
use crate::sync::{daemon, locate};

use super::ConfigArgs;

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

pub(super) fn config(ctx: &Ctx, a: ConfigArgs) -> anyhow::Result<ExitStatus> {
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
