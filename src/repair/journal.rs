//! The run journal: `.mkt/runs/<run-id>.jsonl`, append-only, one JSON event per line, fsynced per
//! event. It says which batches were planned and done, so an interrupted run can be found and
//! resumed (`--resume`), and a finished run is recognised as such.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::exit::Failure;

/// One line of a journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The run began: what it does and with which options (a resume reuses them).
    Start {
        run_id: String,
        command: String,
        created_at: String,
        options: Value,
        /// The target written to (`local`, `cloudflare`, …), when the repair says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target: Option<String>,
    },
    /// A resumed attempt began.
    Resume { at: String },
    /// A batch is about to be sent: its step (`durable`, `kv`, `alias_delete`, `backup`, `index`),
    /// number and the keys it writes.
    Planned {
        step: String,
        batch: usize,
        keys: Vec<String>,
    },
    /// The batch was written (and acknowledged).
    Done {
        step: String,
        batch: usize,
        items: usize,
    },
    /// The batch failed after retries.
    Failed {
        step: String,
        batch: usize,
        error: String,
    },
    /// The run ended; `verified` says what the read-back checked.
    Finished {
        at: String,
        ok: bool,
        verified: Value,
    },
}

pub struct Journal {
    pub run_id: String,
    pub path: PathBuf,
    file: File,
}

/// What a journal on disk says.
#[derive(Clone, Debug, Default)]
pub struct JournalState {
    pub run_id: String,
    pub command: String,
    pub options: Value,
    pub done_batches: usize,
    pub finished: bool,
    pub created_at: String,
    pub target: Option<String>,
    /// Items written per step (`durable`, `kv`, `index`, …), from the done batches.
    pub written: std::collections::BTreeMap<String, usize>,
    /// Batches that failed (after their retries).
    pub failed_batches: usize,
    /// Whether the read-back after the run matched (when it finished).
    pub verified: Option<bool>,
    pub finished_at: Option<String>,
}

pub fn runs_dir(state_dir: &Path) -> PathBuf {
    state_dir.join("runs")
}

impl Journal {
    /// Starts a new run's journal.
    pub fn create(state_dir: &Path, command: &str, options: Value) -> anyhow::Result<Self> {
        Self::create_for(state_dir, command, options, None)
    }

    /// Starts a new run's journal, naming the target it writes to.
    pub fn create_for(
        state_dir: &Path,
        command: &str,
        options: Value,
        target: Option<String>,
    ) -> anyhow::Result<Self> {
        let dir = runs_dir(state_dir);
        crate::owner_only::private_dir(&dir)
            .with_context(|| format!("cannot create journal directory {}", dir.display()))?;
        let run_id = format!("{}-{command}", super::timestamp().replace('.', ""));
        let path = dir.join(format!("{run_id}.jsonl"));
        let file = crate::owner_only::options()
            .create_new(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("cannot create journal {}", path.display()))?;
        let mut j = Journal {
            run_id: run_id.clone(),
            path,
            file,
        };
        j.record(&Event::Start {
            run_id,
            command: command.into(),
            created_at: super::timestamp(),
            options,
            target,
        })?;
        Ok(j)
    }

    /// Reopens a run's journal to append a resumed attempt.
    pub fn reopen(state_dir: &Path, run_id: &str) -> anyhow::Result<Self> {
        let path = runs_dir(state_dir).join(format!("{run_id}.jsonl"));
        let file = OpenOptions::new()
            .append(true)
            .open(&path)
            .with_context(|| format!("cannot open journal {}", path.display()))?;
        let mut j = Journal {
            run_id: run_id.to_string(),
            path,
            file,
        };
        j.record(&Event::Resume {
            at: super::timestamp(),
        })?;
        Ok(j)
    }

    /// Appends one event and fsyncs it: after a crash the journal holds every event recorded.
    pub fn record(&mut self, event: &Event) -> anyhow::Result<()> {
        let mut line = serde_json::to_string(event)?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .context("cannot write the run journal")?;
        self.file
            .sync_data()
            .context("cannot sync the run journal")?;
        Ok(())
    }
}

/// Reads a journal; a torn last line (a crash mid-write) is ignored.
pub fn load(path: &Path) -> anyhow::Result<JournalState> {
    let text = fs::read_to_string(path)
        .with_context(|| format!("cannot read journal {}", path.display()))?;
    let mut st = JournalState::default();
    for line in text.lines() {
        let Ok(ev) = serde_json::from_str::<Event>(line) else {
            continue;
        };
        match ev {
            Event::Start {
                run_id,
                command,
                options,
                created_at,
                target,
            } => {
                st.run_id = run_id;
                st.command = command;
                st.options = options;
                st.created_at = created_at;
                st.target = target;
            }
            Event::Done { step, items, .. } => {
                st.done_batches += 1;
                *st.written.entry(step).or_default() += items;
            }
            Event::Failed { .. } => st.failed_batches += 1,
            Event::Finished { at, ok, .. } => {
                st.finished = true;
                st.verified = Some(ok);
                st.finished_at = Some(at);
            }
            _ => {}
        }
    }
    Ok(st)
}

/// The run to resume: `run_id` if given (it must exist), else the latest unfinished run of `command`.
pub fn find_resumable(
    state_dir: &Path,
    command: &str,
    run_id: Option<&str>,
) -> anyhow::Result<Option<JournalState>> {
    let dir = runs_dir(state_dir);
    if let Some(id) = run_id {
        let path = dir.join(format!("{id}.jsonl"));
        if !path.exists() {
            return Err(Failure::usage(format!(
                "no run {id} under {}",
                dir.display()
            )));
        }
        let st = load(&path)?;
        if st.command != command {
            return Err(Failure::usage(format!(
                "run {id} is a {} run, not {command}",
                st.command
            )));
        }
        return Ok(Some(st));
    }
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(None);
    };
    let mut names: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    names.sort();
    for path in names.into_iter().rev() {
        let st = load(&path)?;
        if st.command == command && !st.finished {
            return Ok(Some(st));
        }
    }
    Ok(None)
}
