//! One sync run: status, push or pull between the staging file and the remote.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::base::Base;
use super::daemon;
use super::diff::{diff, Diff};
use super::file::{self, Changes, LocalFile};
use super::{
    read_remote, ConflictNote, Counts, Events, Ids, PullReport, PushReport, Remote, Skipped,
    StatusReport,
};
use crate::exit::Failure;
use crate::repair::flow::Confirm;
use crate::reviews::{Review, SyncEvent};

mod resolve;
pub use resolve::{Action, ConfirmPlan, Resolution, ResolveReport, Take};

/// Asked before remote reviews are soft-deleted: shown the plan, it confirms or refuses.
pub type ConfirmDeletes<'a> = &'a (dyn Fn(&[Review]) -> anyhow::Result<()> + Sync);

/// Where one sync run reads and writes.
pub struct SyncRun<'a> {
    pub file: &'a Path,
    pub remote: &'a Remote,
    /// `None` only for a status read before any local store exists (no events yet).
    pub events: Option<&'a Events>,
    pub limits: &'a crate::reviews::Limits,
    pub state_dir: &'a Path,
    /// The daemon's settings file (`reviews-config.json` beside the file), when it exists: a
    /// push records `lastSyncAt`/`lastSyncError` there as the daemon's own sync does.
    pub daemon_settings: Option<PathBuf>,
    /// The file is the daemon's (where it keeps it, or with its settings beside it): status
    /// counts the records the daemon cannot read.
    pub daemon_reads: bool,
}

/// What one comparison read.
struct Compared {
    local: LocalFile,
    remote_count: usize,
    diff: Diff,
    base: Base,
}

fn conflicts_dir(state_dir: &Path) -> PathBuf {
    state_dir.join("conflicts")
}

fn save_conflicts(
    state_dir: &Path,
    direction: &str,
    d: &Diff,
) -> anyhow::Result<Vec<ConflictNote>> {
    d.conflicts
        .iter()
        .map(|c| {
            let path = file::save_conflict(&conflicts_dir(state_dir), direction, c)?;
            Ok(ConflictNote {
                id: c.id.clone(),
                kind: c.kind.to_string(),
                saved_to: path.display().to_string(),
            })
        })
        .collect()
}

/// Records in sync whose sync state the daemon would still count as pending (or not "synced").
fn to_mark(local: &LocalFile, ids: &BTreeSet<String>) -> Vec<String> {
    local
        .records
        .iter()
        .filter(|(_, r)| ids.contains(&r.review.id))
        .filter(|(_, r)| r.pending() || r.review.source != daemon::SYNCED)
        .map(|(_, r)| r.review.id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

impl SyncRun<'_> {
    fn requests(&self) -> u64 {
        self.remote.service.requests() + self.events.map_or(0, Events::requests)
    }

    async fn record(&self, direction: &str, error: Option<String>) -> anyhow::Result<SyncEvent> {
        let events = self
            .events
            .ok_or_else(|| anyhow::anyhow!("no store to record review_sync_events in"))?;
        Ok(events.record(direction, error).await?)
    }

    /// Reads both sides and compares them. `all_hidden`: look up every file id the remote's
    /// listing hides (status, pull); otherwise only those that were in sync before (a push:
    /// a new review is sent, ingest keeps the newer copy by itself).
    async fn compare(&self, all_hidden: bool) -> anyhow::Result<Compared> {
        let local = LocalFile::read(self.file, self.limits)?;
        let base = Base::load(self.file, &self.remote.key);
        let lookup: BTreeSet<String> = local
            .records
            .iter()
            .filter(|(_, r)| all_hidden || !r.pending() || base.get(&r.review.id).is_some())
            .map(|(_, r)| r.review.id.clone())
            .collect();
        let theirs = read_remote(self.remote, &lookup).await?;
        let d = diff(&local.locals(), &theirs, &base.entries);
        Ok(Compared {
            local,
            remote_count: theirs.iter().filter(|r| !r.is_deleted()).count(),
            diff: d,
            base,
        })
    }

    pub async fn status(&self) -> anyhow::Result<StatusReport> {
        let c = self.compare(true).await?;
        let pending = c.local.pending();
        let daemon_drops = self.daemon_drops(&c.local);
        let counts = Counts::of(
            &c.diff,
            c.local.records.len(),
            c.remote_count,
            pending.len(),
            (c.local.malformed.len(), daemon_drops.len()),
        );
        Ok(StatusReport {
            schema_version: crate::output::SCHEMA_VERSION,
            file: self.file.display().to_string(),
            remote: self.remote.description.clone(),
            in_sync: c.diff.in_sync() && pending.is_empty(),
            counts,
            reviews: Ids::of(&c.diff, pending),
            last_push: match self.events {
                Some(e) => e.last("push").await?,
                None => None,
            },
            last_pull: match self.events {
                Some(e) => e.last("pull").await?,
                None => None,
            },
            malformed_local: c.local.malformed.clone(),
            daemon_drops,
            requests: self.requests(),
        })
    }

    /// The file's records the reviews daemon drops on reading and erases on its next write
    /// (none when the file is not the daemon's).
    fn daemon_drops(&self, local: &LocalFile) -> Vec<crate::reviews::staging::Malformed> {
        if self.daemon_reads {
            local.daemon_drops()
        } else {
            Vec::new()
        }
    }

    /// Applies `changes` to the file as it is now: records someone else changed since it was
    /// read are left alone (returned). Backed up when `backup`.
    fn write_file(
        &self,
        read: &LocalFile,
        mut changes: Changes,
        backup: bool,
    ) -> anyhow::Result<(Option<PathBuf>, Vec<String>, Changes)> {
        if changes.is_empty() {
            return Ok((None, Vec::new(), changes));
        }
        let fresh = LocalFile::read(self.file, self.limits)?;
        let meanwhile = read.changed_since(&fresh, &changes);
        changes.without(&meanwhile);
        if changes.is_empty() {
            return Ok((None, meanwhile, changes));
        }
        let now = crate::reviews::validate::now();
        let doc = fresh.updated(&changes, &now);
        let backups = self.state_dir.join("backups");
        let made = file::write_atomic(self.file, &doc, backup.then_some(backups.as_path()))?;
        Ok((made, meanwhile, changes))
    }

    /// Records the push's outcome in the daemon's settings, as its own sync does.
    fn record_in_daemon(&self, error: Option<&str>) -> anyhow::Result<Option<String>> {
        let Some(path) = &self.daemon_settings else {
            return Ok(None);
        };
        daemon::Settings::record_sync(path, &crate::reviews::validate::now(), error)?;
        Ok(Some(path.display().to_string()))
    }

    /// After a push (whole or partial): marks what landed and what was already the same, and
    /// remembers both as in sync.
    fn settle_push(
        &self,
        c: &mut Compared,
        landed: &[Review],
    ) -> anyhow::Result<(usize, Vec<String>)> {
        let mut ids: BTreeSet<String> = landed.iter().map(|r| r.id.clone()).collect();
        ids.extend(c.diff.same.iter().map(|p| p.local.id.clone()));
        let changes = Changes {
            marks: to_mark(&c.local, &ids),
            ..Default::default()
        };
        let (_, meanwhile, written) = self.write_file(&c.local, changes, false)?;
        for r in landed {
            c.base.in_sync(r);
        }
        for p in &c.diff.same {
            c.base.in_sync(&p.local);
        }
        for id in &c.diff.gone {
            c.base.forget(id);
        }
        c.base.save()?;
        Ok((written.marks.len(), meanwhile))
    }

    /// Sends what the remote lacks or holds older, batch by batch; a failed batch ends the run as
    /// partial (exit 6) after recording it. `confirm` is asked before the first write. With
    /// `propagate`, reviews deleted from the file are then soft-deleted remotely, after it
    /// confirms their plan.
    pub async fn push(
        &self,
        confirm: Confirm<'_>,
        propagate: Option<ConfirmDeletes<'_>>,
    ) -> anyhow::Result<PushReport> {
        if !self.file.exists() {
            return Err(Failure::usage(format!(
                "no staging file at {}: nothing to push (set --file, MKT_SYNC_FILE or sync_file)",
                self.file.display()
            )));
        }
        let fail = |e: anyhow::Error| async move {
            let line = crate::exit::one_line(&e);
            let _ = self.record("push", Some(line.clone())).await;
            let _ = self.record_in_daemon(Some(&line));
            e
        };
        let mut c = match self.compare(false).await {
            Ok(x) => x,
            Err(e) => return Err(fail(e).await),
        };
        let conflicts = save_conflicts(self.state_dir, "push", &c.diff)?;
        let send = c.diff.to_push();
        if !send.is_empty() {
            confirm(&format!(
                "Push {} review(s) from {} to {}?",
                send.len(),
                self.file.display(),
                self.remote.description
            ))?;
        }
        // Both questions come before any write: a refusal changes nothing.
        if let (Some(ask), false) = (propagate, c.diff.deleted_locally.is_empty()) {
            ask(&c.diff.deleted_locally)?;
        }
        let sizes = self.remote.service.upsert_batches(&send);
        let now = crate::reviews::validate::now();
        let (mut sent, mut accepted, mut batches) = (0usize, 0u64, 0usize);
        for n in sizes {
            let batch = &send[sent..sent + n];
            match self.remote.service.upsert(batch, &now, None).await {
                Ok(r) => {
                    accepted += r.written;
                    sent += n;
                    batches += 1;
                }
                // Nothing was written yet: the error is the whole story (its own exit code).
                Err(e) if sent == 0 => return Err(fail(e.into()).await),
                Err(e) => {
                    let remaining = send.len() - sent;
                    let what = format!(
                        "push stopped after {sent} of {} reviews ({accepted} accepted); {remaining} remain: {e}",
                        send.len()
                    );
                    // What landed is marked, so neither mkt nor the daemon sends it again.
                    let settled = self.settle_push(&mut c, &send[..sent]);
                    let recorded = self.record("push", Some(what.clone())).await;
                    let _ = self.record_in_daemon(Some(&what));
                    let mut note = String::new();
                    if let Err(r) = recorded {
                        note.push_str(&format!(
                            " (and the review_sync_events row could not be written: {r})"
                        ));
                    }
                    if let Err(s) = settled {
                        note.push_str(&format!(" (and the file could not be marked: {s})"));
                    }
                    return Err(Failure::partial(format!(
                        "{what}{note}; run `mkt sync push` again: what was accepted is not sent twice"
                    )));
                }
            }
        }
        let deleted_locally: Vec<String> = c
            .diff
            .deleted_locally
            .iter()
            .map(|r| r.id.clone())
            .collect();
        let mut deletes_propagated = 0;
        if propagate.is_some() {
            for r in &c.diff.deleted_locally {
                if let Err(e) = self.remote.service.delete(&r.id, &now).await {
                    let what = format!(
                        "soft-deleted {deletes_propagated} of {} reviews deleted from the file, then: {e}",
                        deleted_locally.len()
                    );
                    let _ = self.settle_push(&mut c, &send);
                    let _ = self.record("push", Some(what.clone())).await;
                    let _ = self.record_in_daemon(Some(&what));
                    return Err(Failure::partial(format!(
                        "{what}; run `mkt sync push --propagate-deletes` again to finish"
                    )));
                }
                c.base.forget(&r.id);
                deletes_propagated += 1;
            }
        }
        let (marked, changed_meanwhile) = self.settle_push(&mut c, &send)?;
        let daemon_settings = self.record_in_daemon(None)?;
        let event = self.record("push", None).await?;
        Ok(PushReport {
            schema_version: crate::output::SCHEMA_VERSION,
            file: self.file.display().to_string(),
            remote: self.remote.description.clone(),
            planned: send.len(),
            sent,
            accepted,
            batches,
            already_same: c.diff.same.len(),
            remote_newer: c.diff.remote_newer.len() + c.diff.deleted_remotely.len(),
            marked,
            deleted_locally,
            deletes_propagated,
            daemon_settings,
            conflicts,
            changed_meanwhile,
            malformed_local: c.local.malformed.clone(),
            daemon_drops: self.daemon_drops(&c.local),
            event_id: event.id,
            requests: self.requests(),
        })
    }

    /// Takes what the file lacks or holds older into it and removes what the remote deleted
    /// (replaced atomically, the previous version backed up); nothing is written when nothing
    /// changes.
    pub async fn pull(&self, confirm: Confirm<'_>) -> anyhow::Result<PullReport> {
        let result = self.pull_inner(confirm).await;
        match result {
            Ok(mut report) => {
                let event = self.record("pull", None).await?;
                report.event_id = event.id;
                report.requests = self.requests();
                Ok(report)
            }
            // A pull refused before anything was written (no --yes off a terminal, a "no" at
            // the prompt) did not happen: no row, as for a refused push.
            Err(e) if crate::error::status_of(&e) == crate::exit::ExitStatus::Refused => Err(e),
            Err(e) => {
                let _ = self.record("pull", Some(crate::exit::one_line(&e))).await;
                Err(e)
            }
        }
    }

    async fn pull_inner(&self, confirm: Confirm<'_>) -> anyhow::Result<PullReport> {
        let mut c = self.compare(true).await?;
        let d = &c.diff;
        let conflicts = save_conflicts(self.state_dir, "pull", d)?;
        let mut skipped = Vec::new();
        let mut take = Vec::new();
        for r in d.to_pull() {
            match daemon::drop_reason(&r) {
                Some(reason) => skipped.push(Skipped {
                    id: r.id.clone(),
                    reason,
                }),
                None => take.push(r),
            }
        }
        let same: BTreeSet<String> = d.same.iter().map(|p| p.local.id.clone()).collect();
        let changes = Changes {
            upserts: take,
            removals: d.to_remove(),
            marks: to_mark(&c.local, &same),
        };
        if !changes.upserts.is_empty() || !changes.removals.is_empty() {
            confirm(&format!(
                "Write {} review(s) from {} into {} and remove {}?",
                changes.upserts.len(),
                self.remote.description,
                self.file.display(),
                changes.removals.len()
            ))?;
        }
        let content = !changes.upserts.is_empty() || !changes.removals.is_empty();
        let (backup, changed_meanwhile, written) = self.write_file(&c.local, changes, content)?;
        let added_ids: BTreeSet<&str> = d.only_remote.iter().map(|r| r.id.as_str()).collect();
        let added = written
            .upserts
            .iter()
            .filter(|r| added_ids.contains(r.id.as_str()))
            .count();
        for r in &written.upserts {
            c.base.in_sync(r);
        }
        for p in &d.same {
            if !changed_meanwhile.contains(&p.local.id) {
                c.base.in_sync(&p.local);
            }
        }
        for id in written.removals.iter().chain(&c.diff.gone) {
            c.base.forget(id);
        }
        c.base.save()?;
        Ok(PullReport {
            schema_version: crate::output::SCHEMA_VERSION,
            file: self.file.display().to_string(),
            remote: self.remote.description.clone(),
            taken: written.upserts.len(),
            added,
            replaced: written.upserts.len() - added,
            removed: written.removals.clone(),
            marked: written.marks.len(),
            already_same: c.diff.same.len(),
            local_newer: c.diff.local_newer.len(),
            deleted_locally: c
                .diff
                .deleted_locally
                .iter()
                .map(|r| r.id.clone())
                .collect(),
            skipped,
            changed_meanwhile,
            backup: backup.map(|b| b.display().to_string()),
            conflicts,
            malformed_local: c.local.malformed.clone(),
            daemon_drops: self.daemon_drops(&c.local),
            event_id: String::new(),
            requests: 0,
        })
    }
}
