//! The one repair pipeline: plan → guards → confirmation → backup → journal → apply → verify.
//!
//! Every repair (index rebuild and apply, backfill skills, reviews recompute, backfill reviews) is
//! a `Repair` plugged into `run`: it says what it would write, which guards apply, how to back up
//! what it overwrites, which batches it writes (step, keys) and how to verify. The pipeline owns the
//! order, the journal's planned → done/failed → finished events (written here once), the failpoints,
//! the progress bar and the partial-failure message. Confirmation is passed in, so the library
//! never prompts by itself.

use std::path::Path;

use async_trait::async_trait;
use indicatif::ProgressBar;
use serde::Serialize;
use serde_json::Value;

use super::journal::{Event, Journal};
use crate::exit::Failure;

/// One write the journal records: its step (`durable`, `kv`, `reviews`, `aggregates`, `index`, …),
/// its number within the step (from 1) and the keys it writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Batch {
    pub step: String,
    pub number: usize,
    pub keys: Vec<String>,
}

/// What a verification checked; `ok` decides success.
pub trait Verification: Serialize + Send {
    fn ok(&self) -> bool;
    /// One line for the failure message when `ok` is false.
    fn describe(&self) -> String;
}

#[async_trait]
pub trait Repair: Send + Sync {
    type Verified: Verification;

    /// The journal's command name (`reviews-recompute`, `backfill-reviews`, …).
    fn command(&self) -> &str;
    /// Options recorded in the journal's start event (a resume reuses them).
    fn options(&self) -> Value;
    /// Nothing to write: no confirmation, backup or batches, only the verification.
    fn is_empty(&self) -> bool;
    /// Safety guards checked before anything else (exit 5, nothing written).
    fn guards(&self) -> anyhow::Result<()> {
        Ok(())
    }
    /// The confirmation question.
    fn question(&self) -> String;
    /// Runs after confirmation, just before the journal starts: the last read before writing
    /// (a repair may re-plan here, or refuse, when the store changed since the plan).
    async fn prepare(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
    /// The run's id, once its journal exists (before `backup`): a repair that keeps an exact
    /// backup names it after the run (`run_backup::path_of`), so `mkt runs undo` finds it.
    fn begin(&mut self, _run_id: &str) {}
    /// The target the run writes to (`local`, `cloudflare`, …), recorded in its journal for
    /// `mkt runs list`.
    fn target(&self) -> Option<String> {
        None
    }
    /// Backs up what will be overwritten; returns where (files, keys), for the result.
    async fn backup(&mut self, state_dir: &Path) -> anyhow::Result<Vec<String>>;
    /// The batches, in write order.
    fn batches(&self) -> Vec<Batch>;
    /// Writes one batch; returns the items written. An error ends the run as partial.
    async fn apply(&mut self, batch: &Batch) -> anyhow::Result<usize>;
    /// Reads back what was written.
    async fn verify(&mut self) -> anyhow::Result<Self::Verified>;
    /// Called when a batch failed, before the run ends as partial (e.g. to audit the failure).
    async fn failed(&mut self, _batch: &Batch, _error: &str) {}
    /// Test failpoints (`MKT_FAILPOINT`) before and after a batch; default `<step>_batch` after.
    fn failpoints(&self, batch: &Batch) -> (Option<String>, Option<String>) {
        (None, Some(format!("{}_batch", batch.step)))
    }
}

/// Batches and items written by one step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StepTally {
    pub batches: usize,
    pub items: usize,
}

/// How a run asks for confirmation (a prompt, `--yes`, or a refusal), passed in by the command.
pub type Confirm<'a> = &'a (dyn Fn(&str) -> anyhow::Result<()> + Sync);

pub struct FlowOptions<'a> {
    pub state_dir: &'a Path,
    pub confirm: Confirm<'a>,
    pub progress: &'a ProgressBar,
    /// Continue this run's journal instead of starting one.
    pub resume: Option<&'a str>,
    /// The command that converges after a partial failure, given the run id (the caller's CLI text).
    pub rerun: &'a (dyn Fn(&str) -> String + Sync),
}

/// What a run did.
#[derive(Clone, Debug, Serialize)]
pub struct FlowOutcome<V> {
    pub written: usize,
    /// Write batches (requests, for SQL and KV bulk writes).
    pub batches: usize,
    /// The same per step (`durable`, `kv`, …).
    pub steps: std::collections::BTreeMap<String, StepTally>,
    pub backups: Vec<String>,
    pub verified: V,
    pub run_id: String,
    pub journal: String,
}

/// Runs a repair whose plan has been made (from complete reads) and shown.
pub async fn run<R: Repair>(
    repair: &mut R,
    opts: FlowOptions<'_>,
) -> anyhow::Result<FlowOutcome<R::Verified>> {
    repair.guards()?;
    if !repair.is_empty() {
        (opts.confirm)(&repair.question())?;
    }
    repair.prepare().await?;
    let mut journal = match opts.resume {
        Some(id) => Journal::reopen(opts.state_dir, id)?,
        None => Journal::create_for(
            opts.state_dir,
            repair.command(),
            repair.options(),
            repair.target(),
        )?,
    };
    repair.begin(&journal.run_id);
    let partial = |j: &Journal, what: String, rerun: String| {
        Failure::partial(format!(
            "{what}; the journal is {} — run `{rerun}` to converge",
            j.path.display()
        ))
    };
    let mut backups = Vec::new();
    let mut written = 0;
    let mut n_batches = 0;
    let mut steps: std::collections::BTreeMap<String, StepTally> = Default::default();
    if !repair.is_empty() {
        // Once the journal has started, every failure is partial: a rerun converges.
        backups = match repair.backup(opts.state_dir).await {
            Ok(b) => b,
            Err(e) => {
                let error = crate::exit::one_line(&e);
                journal.record(&Event::Failed {
                    step: "backup".into(),
                    batch: 1,
                    error: error.clone(),
                })?;
                // The backup comes before the first write: nothing of the store changed, so
                // this is the error's own status (1 for a file that cannot be made), not partial.
                let rerun = (opts.rerun)(&journal.run_id);
                return Err(Failure::new(
                    crate::error::status_of(&e),
                    format!(
                        "backing up failed ({error}); nothing was written — fix that and run `{rerun}`"
                    ),
                )
                .into());
            }
        };
        let batches = repair.batches();
        opts.progress.set_length(batches.len() as u64);
        for batch in &batches {
            // Ctrl-C: stop at this batch boundary; everything journaled done is written whole.
            if crate::interrupt::requested() {
                let rerun = (opts.rerun)(&journal.run_id);
                return Err(interrupted(&journal, &steps, &batches, None, rerun));
            }
            let (before, after) = repair.failpoints(batch);
            if let Some(p) = &before {
                super::failpoint(p, batch.number);
            }
            journal.record(&Event::Planned {
                step: batch.step.clone(),
                batch: batch.number,
                keys: batch.keys.clone(),
            })?;
            match repair.apply(batch).await {
                Ok(items) => {
                    journal.record(&Event::Done {
                        step: batch.step.clone(),
                        batch: batch.number,
                        items,
                    })?;
                    written += items;
                    n_batches += 1;
                    let t = steps.entry(batch.step.clone()).or_default();
                    t.batches += 1;
                    t.items += items;
                }
                Err(e) => {
                    let error = crate::exit::one_line(&e);
                    journal.record(&Event::Failed {
                        step: batch.step.clone(),
                        batch: batch.number,
                        error: error.clone(),
                    })?;
                    repair.failed(batch, &error).await;
                    let rerun = (opts.rerun)(&journal.run_id);
                    if crate::error::status_of(&e) == crate::exit::ExitStatus::Interrupted {
                        return Err(interrupted(&journal, &steps, &batches, Some(batch), rerun));
                    }
                    let total = batches.iter().filter(|b| b.step == batch.step).count();
                    // Partial (6) means some writes landed. A first batch that failed as one
                    // atomic request left the store as it was: that is a plain error (1).
                    if n_batches == 0 && crate::error::wrote_nothing(&e) {
                        return Err(Failure::new(
                            crate::error::status_of(&e),
                            format!(
                                "{} batch {} of {total} failed ({error}); nothing was written — run `{rerun}` to try again",
                                batch.step, batch.number
                            ),
                        )
                        .into());
                    }
                    return Err(partial(
                        &journal,
                        format!(
                            "{} batch {} of {total} failed ({error})",
                            batch.step, batch.number
                        ),
                        rerun,
                    ));
                }
            }
            opts.progress.inc(1);
            if let Some(p) = &after {
                super::failpoint(p, batch.number);
            }
        }
    }
    let verified = match repair.verify().await {
        Ok(v) => v,
        Err(e) => {
            let rerun = (opts.rerun)(&journal.run_id);
            return Err(partial(
                &journal,
                format!(
                    "reading back what was written failed ({})",
                    crate::exit::one_line(&e)
                ),
                rerun,
            ));
        }
    };
    journal.record(&Event::Finished {
        at: super::timestamp(),
        ok: verified.ok(),
        verified: serde_json::to_value(&verified)?,
    })?;
    if !verified.ok() {
        let rerun = (opts.rerun)(&journal.run_id);
        return Err(partial(&journal, verified.describe(), rerun));
    }
    Ok(FlowOutcome {
        written,
        batches: n_batches,
        steps,
        backups,
        verified,
        run_id: journal.run_id.clone(),
        journal: journal.path.display().to_string(),
    })
}

/// The message when Ctrl-C stopped a run between batches (or in `during`, whose requests that
/// had started may have landed): what each step wrote, and how to continue.
fn interrupted(
    journal: &Journal,
    steps: &std::collections::BTreeMap<String, StepTally>,
    batches: &[Batch],
    during: Option<&Batch>,
    rerun: String,
) -> anyhow::Error {
    let mut order: Vec<&str> = Vec::new();
    for b in batches {
        if !order.contains(&b.step.as_str()) {
            order.push(&b.step);
        }
    }
    let written = order
        .iter()
        .map(|step| {
            let total = batches.iter().filter(|b| b.step == *step).count();
            let done = steps.get(*step).copied().unwrap_or_default();
            format!(
                "{step} {} of {total} batches ({} items)",
                done.batches, done.items
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let during = match during {
        Some(b) => format!(
            "; {} batch {} was in flight and may be partly written (continuing writes it again)",
            b.step, b.number
        ),
        None => String::new(),
    };
    Failure::interrupted(format!(
        "interrupted: wrote {written}{during}; the journal is {} — run `{rerun}` to continue",
        journal.path.display()
    ))
}
