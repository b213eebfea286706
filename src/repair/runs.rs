//! `mkt runs list|show`: the repair runs recorded under `.mkt/runs/` (their journals) and what
//! each changed (its exact backup under `.mkt/backups/`).

use std::path::Path;

use serde::Serialize;

use super::journal::{self, JournalState};
use super::run_backup::{self, RunBackup};
use crate::exit::Failure;

/// One run, as `mkt runs list` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct RunSummary {
    pub run_id: String,
    pub command: String,
    pub created_at: String,
    pub target: Option<String>,
    /// `finished` (read back and verified), `unverified` (finished, the read-back differed),
    /// `partial` (a batch failed), `unfinished` (interrupted, or still running).
    pub state: &'static str,
    /// Items written per step (`durable`, `kv`, `index`, …).
    pub written: std::collections::BTreeMap<String, usize>,
    /// Its exact backup, if it keeps one.
    pub backup: Option<String>,
    pub backup_bytes: Option<u64>,
    /// The run this one undid (`runs-undo`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undoes: Option<String>,
    /// The undo runs of this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undone_by: Vec<String>,
}

fn summary(state_dir: &Path, st: JournalState) -> RunSummary {
    let state = match (st.finished, st.verified, st.failed_batches) {
        (true, Some(true), _) => "finished",
        (true, _, _) => "unverified",
        (false, _, n) if n > 0 => "partial",
        _ => "unfinished",
    };
    let path = run_backup::path_of(state_dir, &st.run_id);
    let backup_bytes = std::fs::metadata(&path).ok().map(|m| m.len());
    let undoes = (st.command == super::undo::COMMAND)
        .then(|| {
            st.options
                .get("run")
                .and_then(|r| r.as_str())
                .map(str::to_string)
        })
        .flatten();
    RunSummary {
        run_id: st.run_id,
        command: st.command,
        created_at: st.created_at,
        target: st.target,
        state,
        written: st.written,
        backup: backup_bytes.map(|_| path.display().to_string()),
        backup_bytes,
        undoes,
        undone_by: Vec::new(),
    }
}

/// Every run recorded, oldest first.
pub fn list(state_dir: &Path) -> anyhow::Result<Vec<RunSummary>> {
    let dir = journal::runs_dir(state_dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<std::path::PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    paths.sort();
    let mut out: Vec<RunSummary> = Vec::new();
    for p in paths {
        let st = journal::load(&p)?;
        if st.run_id.is_empty() {
            continue;
        }
        out.push(summary(state_dir, st));
    }
    let undos: Vec<(String, String)> = out
        .iter()
        .filter_map(|r| r.undoes.clone().map(|u| (u, r.run_id.clone())))
        .collect();
    for (undone, by) in undos {
        if let Some(r) = out.iter_mut().find(|r| r.run_id == undone) {
            r.undone_by.push(by);
        }
    }
    Ok(out)
}

/// One change a run made, from its backup.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// `kv` or `row`.
    pub kind: &'static str,
    pub key: String,
    /// KV: `skill`, `index`, `alias`, `index_backup`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `overwritten`, `created`, `deleted` (KV); `updated`, `inserted`, `deleted` (rows).
    pub change: &'static str,
    /// The bytes backed up (KV values that existed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes_before: Option<usize>,
    /// Metadata and expiration the value had.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_before: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_before: Option<i64>,
}

/// A run and everything its backup says it changed.
#[derive(Clone, Debug, Serialize)]
pub struct RunDetail {
    #[serde(flatten)]
    pub run: RunSummary,
    pub target_description: Option<String>,
    pub durable_table: Option<String>,
    pub changes: Vec<Change>,
}

/// The run `run_id`, with its changes.
pub fn show(state_dir: &Path, run_id: &str) -> anyhow::Result<RunDetail> {
    let path = journal::runs_dir(state_dir).join(format!("{run_id}.jsonl"));
    if !path.exists() {
        return Err(Failure::usage(format!(
            "no run {run_id} under {}; list runs with `mkt runs list`",
            journal::runs_dir(state_dir).display()
        )));
    }
    let mut run = summary(state_dir, journal::load(&path)?);
    run.undone_by = list(state_dir)?
        .into_iter()
        .filter(|r| r.undoes.as_deref() == Some(run_id))
        .map(|r| r.run_id)
        .collect();
    let mut detail = RunDetail {
        run,
        target_description: None,
        durable_table: None,
        changes: Vec::new(),
    };
    let bpath = run_backup::path_of(state_dir, run_id);
    if !bpath.exists() {
        return Ok(detail);
    }
    let b = RunBackup::load(&bpath)?;
    if let Some(h) = &b.header {
        detail.target_description = Some(h.target_description.clone());
        detail.durable_table = h.durable.as_ref().map(|d| d.table.clone());
    }
    for r in b.rows {
        detail.changes.push(Change {
            kind: "row",
            key: r.key,
            role: None,
            change: match (r.existed, r.after.is_some()) {
                (true, true) => "updated",
                (false, _) => "inserted",
                (true, false) => "deleted",
            },
            bytes_before: None,
            metadata_before: None,
            expiration_before: None,
        });
    }
    for k in b.kv {
        let before = k.before.as_ref();
        detail.changes.push(Change {
            kind: "kv",
            key: k.key,
            role: Some(k.role),
            change: match (k.existed, k.after.is_some()) {
                (true, true) => "overwritten",
                (false, _) => "created",
                (true, false) => "deleted",
            },
            bytes_before: before.map(|s| s.bytes().len()),
            metadata_before: before.and_then(|s| s.metadata.clone()),
            expiration_before: before.and_then(|s| s.expiration),
        });
    }
    Ok(detail)
}
