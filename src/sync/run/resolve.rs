//! `mkt sync resolve`: the operator picks whose copy of a conflicting review wins.
//!
//! Taking the remote's writes its copy into the file (marked in sync), or removes the file's
//! copy when the remote deleted it. Taking the file's sends its copy, dated now so the remote's
//! newer-wins rule keeps it (a remote deletion is undone by it), or soft-deletes the remote copy
//! of a review deleted from the file. Both copies of every conflict stay saved in
//! `.mkt/conflicts/`; what the remote holds afterwards is read back, not assumed.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{save_conflicts, SyncRun};
use crate::exit::Failure;
use crate::reviews::validate::{format_instant, now, parse_instant};
use crate::reviews::Review;
use crate::sync::base::same_content;
use crate::sync::daemon;
use crate::sync::diff::Conflict;
use crate::sync::file::Changes;
use crate::sync::ConflictNote;

/// Whose copy wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Take {
    File,
    Remote,
}

/// What resolving one conflict does.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Resolution {
    pub id: String,
    /// The conflict, as status names it.
    pub conflict: String,
    pub action: Action,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The remote copy is written into the file.
    WriteIntoFile,
    /// The file's copy is removed (the remote deleted the review).
    RemoveFromFile,
    /// The file's copy is sent to the remote.
    SendToRemote,
    /// The remote copy is soft-deleted (the file deleted the review).
    DeleteRemotely,
}

impl Action {
    pub fn describe(self) -> &'static str {
        match self {
            Action::WriteIntoFile => "write the remote copy into the file",
            Action::RemoveFromFile => "remove it from the file (deleted remotely)",
            Action::SendToRemote => "send the file's copy to the remote",
            Action::DeleteRemotely => "soft-delete it remotely (deleted from the file)",
        }
    }
}

/// Shown the plan, confirms or refuses.
pub type ConfirmPlan<'a> = &'a (dyn Fn(&[Resolution]) -> anyhow::Result<()> + Sync);

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResolveReport {
    pub schema_version: &'static str,
    pub file: String,
    pub remote: String,
    pub take: Take,
    pub resolved: Vec<Resolution>,
    /// Where both copies of each conflict are kept.
    pub saved: Vec<ConflictNote>,
    /// The previous version of the file, when it was rewritten.
    pub backup: Option<String>,
    /// Records changed in the file while resolving: left as they are, the next run looks again.
    pub changed_meanwhile: Vec<String>,
    pub event_id: String,
    pub requests: u64,
}

/// `updated_at` for a copy that must win the remote's newer-wins rule: now, or just after the
/// remote's own when its clock is ahead.
fn winning_instant(now: &str, remote: Option<&Review>) -> String {
    let theirs = remote
        .and_then(|r| parse_instant(r.deleted_at.as_deref().unwrap_or(&r.updated_at)))
        .into_iter()
        .chain(remote.and_then(|r| parse_instant(&r.updated_at)))
        .max();
    match (parse_instant(now), theirs) {
        (Some(n), Some(t)) if t >= n => format_instant(t + chrono::Duration::milliseconds(1)),
        _ => now.to_string(),
    }
}

/// What to do for one conflict, or why it cannot be done.
fn plan_one(c: &Conflict, take: Take) -> Result<Action, String> {
    let remote_live = c.remote.as_ref().filter(|r| !r.is_deleted());
    match (take, &c.local, remote_live) {
        (Take::Remote, _, Some(r)) => match daemon::drop_reason(r) {
            Some(why) => Err(format!(
                "review {}: the remote copy cannot go into the file: {why}; fix it remotely, or take the file's copy",
                c.id
            )),
            None => Ok(Action::WriteIntoFile),
        },
        (Take::Remote, _, None) => Ok(Action::RemoveFromFile),
        (Take::File, None, _) => Ok(Action::DeleteRemotely),
        (Take::File, Some(_), _) => Ok(Action::SendToRemote),
    }
}

impl SyncRun<'_> {
    /// Resolves the conflicts named by `ids` (every conflict when empty) in favour of `take`.
    /// Every id must be in conflict now; nothing is written unless all can be resolved and
    /// `confirm` accepts the plan.
    pub async fn resolve(
        &self,
        ids: &[String],
        take: Take,
        confirm: ConfirmPlan<'_>,
    ) -> anyhow::Result<ResolveReport> {
        let mut c = self.compare(true).await?;
        let wanted: Vec<Conflict> = if ids.is_empty() {
            c.diff.conflicts.clone()
        } else {
            let not: Vec<&str> = ids
                .iter()
                .filter(|id| !c.diff.conflicts.iter().any(|x| &x.id == *id))
                .map(String::as_str)
                .collect();
            if !not.is_empty() {
                return Err(Failure::usage(format!(
                    "not in conflict between {} and {}: {} (`mkt sync status` lists the conflicts; push or pull settles the rest)",
                    self.file.display(),
                    self.remote.description,
                    not.join(", ")
                )));
            }
            c.diff
                .conflicts
                .iter()
                .filter(|x| ids.contains(&x.id))
                .cloned()
                .collect()
        };
        let mut plan = Vec::new();
        let mut refusals = Vec::new();
        for x in &wanted {
            match plan_one(x, take) {
                Ok(action) => plan.push(Resolution {
                    id: x.id.clone(),
                    conflict: x.kind.to_string(),
                    action,
                }),
                Err(why) => refusals.push(why),
            }
        }
        if !refusals.is_empty() {
            return Err(Failure::refused(format!(
                "{}; nothing was written",
                refusals.join("; ")
            )));
        }
        let saved = save_conflicts(self.state_dir, "resolve", &c.diff)?
            .into_iter()
            .filter(|n| plan.iter().any(|p| p.id == n.id))
            .collect();
        let direction = match take {
            Take::File => "push",
            Take::Remote => "pull",
        };
        let mut report = ResolveReport {
            schema_version: crate::output::SCHEMA_VERSION,
            file: self.file.display().to_string(),
            remote: self.remote.description.clone(),
            take,
            resolved: Vec::new(),
            saved,
            backup: None,
            changed_meanwhile: Vec::new(),
            event_id: String::new(),
            requests: 0,
        };
        if plan.is_empty() {
            report.requests = self.requests();
            return Ok(report);
        }
        confirm(&plan)?;
        let copies = |id: &str| wanted.iter().find(|x| x.id == id);
        let outcome = match take {
            Take::Remote => {
                let mut changes = Changes::default();
                for p in &plan {
                    let x = copies(&p.id).expect("planned from the conflicts");
                    match p.action {
                        Action::WriteIntoFile => changes
                            .upserts
                            .push(x.remote.clone().expect("live remotely")),
                        _ => changes.removals.push(p.id.clone()),
                    }
                }
                self.write_file(&c.local, changes, true)
                    .map(|(backup, meanwhile, written)| {
                        for r in &written.upserts {
                            c.base.in_sync(r);
                        }
                        for id in &written.removals {
                            c.base.forget(id);
                        }
                        report.backup = backup.map(|b| b.display().to_string());
                        report.changed_meanwhile = meanwhile;
                    })
            }
            Take::File => self.take_file(&plan, &wanted, &mut c, &mut report).await,
        };
        if let Err(e) = outcome {
            let _ = c.base.save();
            let _ = self
                .record(direction, Some(crate::exit::one_line(&e)))
                .await;
            return Err(e);
        }
        c.base.save()?;
        report.resolved = plan
            .into_iter()
            .filter(|p| !report.changed_meanwhile.contains(&p.id))
            .collect();
        report.event_id = self.record(direction, None).await?.id;
        report.requests = self.requests();
        Ok(report)
    }

    /// The file's copies win: sent (dated to win) or their deletion made remotely, then read
    /// back; the records sent are marked in sync in the file.
    async fn take_file(
        &self,
        plan: &[Resolution],
        wanted: &[Conflict],
        c: &mut super::Compared,
        report: &mut ResolveReport,
    ) -> anyhow::Result<()> {
        let now = now();
        let copies = |id: &str| {
            wanted
                .iter()
                .find(|x| x.id == id)
                .expect("planned from the conflicts")
        };
        let mut send = Vec::new();
        let mut delete = Vec::new();
        for p in plan {
            let x = copies(&p.id);
            match (p.action, &x.local) {
                (Action::SendToRemote, Some(l)) => send.push(Review {
                    // The remote keeps its own `source` (its provenance): only content travels.
                    source: x
                        .remote
                        .as_ref()
                        .map_or(l.source.clone(), |r| r.source.clone()),
                    updated_at: winning_instant(&now, x.remote.as_ref()),
                    deleted_at: None,
                    ..l.clone()
                }),
                _ => delete.push(p.id.clone()),
            }
        }
        let mut done = 0usize;
        let partial = |done: usize, e: anyhow::Error| {
            if done == 0 {
                e
            } else {
                Failure::partial(format!(
                    "resolved {done} of {} conflicts, then: {}; run the same `mkt sync resolve` again for the rest",
                    plan.len(),
                    crate::exit::one_line(&e)
                ))
            }
        };
        for n in self.remote.service.upsert_batches(&send) {
            let batch = &send[done..done + n];
            if let Err(e) = self.remote.service.upsert(batch, &now, None).await {
                return Err(partial(done, e.into()));
            }
            done += n;
        }
        for id in &delete {
            if let Err(e) = self.remote.service.delete(id, &now).await {
                return Err(partial(done, e.into()));
            }
            c.base.forget(id);
            done += 1;
        }
        // Read back: the remote's own rules decide, and a copy it did not keep is said.
        let sent_ids: Vec<String> = send.iter().map(|r| r.id.clone()).collect();
        let now_there = self.remote.service.get_many(&sent_ids).await?;
        let kept: BTreeSet<&str> = send
            .iter()
            .filter(|s| {
                now_there
                    .iter()
                    .any(|r| r.id == s.id && same_content(r, s) && !r.is_deleted())
            })
            .map(|s| s.id.as_str())
            .collect();
        for s in send.iter().filter(|s| kept.contains(s.id.as_str())) {
            c.base.in_sync(s);
        }
        let marks: Vec<String> = kept.iter().map(|s| s.to_string()).collect();
        let (_, meanwhile, _) = self.write_file(
            &c.local,
            Changes {
                marks,
                ..Default::default()
            },
            false,
        )?;
        report.changed_meanwhile = meanwhile;
        let refused: Vec<&str> = sent_ids
            .iter()
            .map(String::as_str)
            .filter(|id| !kept.contains(id))
            .collect();
        if !refused.is_empty() {
            return Err(Failure::partial(format!(
                "{} did not keep the file's copy of {}: it still holds its own (read back after the write); resolve them with --take remote, or edit them there",
                self.remote.description,
                refused.join(", ")
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_sent_to_win_is_dated_after_the_remote_even_when_its_clock_is_ahead() {
        let now = "2026-01-01T00:00:00.000Z";
        assert_eq!(winning_instant(now, None), now);
        let mut r = Review {
            id: "x".into(),
            target_type: crate::reviews::TargetType::Skill,
            target_id: "t".into(),
            display_name: "A".into(),
            rating: 3,
            title: "t".into(),
            body: "b".into(),
            source: "signet".into(),
            created_at: now.into(),
            updated_at: "2025-01-01T00:00:00.000Z".into(),
            deleted_at: None,
        };
        assert_eq!(winning_instant(now, Some(&r)), now);
        r.updated_at = "2026-01-01T00:00:05.000Z".into();
        assert_eq!(winning_instant(now, Some(&r)), "2026-01-01T00:00:05.001Z");
    }
}
