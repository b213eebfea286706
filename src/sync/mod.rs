//! `mkt sync`: the local staging file (seed 000's first stage) against the remote reviews — the
//! Worker (`POST /ingest/signet-reviews` to push, `GET /reviews` to read) or, with `--direct`, the
//! D1 tables themselves — over the review-level interface.
//!
//! Idempotent by review id: the newer `updated_at` wins, equal ones with other content are
//! conflicts (the file keeps its copy, the other goes to `.mkt/conflicts/`), and the plan is made
//! against what the remote holds now, so a rerun after a failure sends only what was not accepted.
//! Every push and pull appends a `review_sync_events` row (direction, status, error) to the direct
//! store: D1 on the cloudflare target, else the local store.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::exit::Failure;
use crate::repair::flow::Confirm;
use crate::reviews::sql::SqlReviews;
use crate::reviews::{ListQuery, Review, ReviewResult, ReviewStore, SyncEvent, MAX_LIST_LIMIT};
use crate::store::{Statement, Store};

pub mod diff;
pub mod file;

pub use diff::{diff, Diff};
pub use file::LocalFile;

/// Where the remote reviews are, and whether its listing shows deleted ones.
pub struct Remote {
    pub service: Arc<dyn ReviewStore>,
    pub description: String,
    /// The Worker lists live reviews only; deleted ones are looked up by id.
    pub lists_deleted: bool,
}

/// The `review_sync_events` of the direct store.
pub struct Events {
    store: Store,
    reviews: SqlReviews,
    table: String,
}

impl Events {
    pub fn new(store: Store, layout: &crate::config::Layout) -> Self {
        Events {
            reviews: SqlReviews::new(store.clone(), layout),
            store,
            table: layout.review_sync_events_table.clone(),
        }
    }
    pub fn description(&self) -> &str {
        &self.store.description
    }
    /// The table's store, for writers that record their own rows (`backfill reviews --via api`).
    pub fn recorder(&self) -> &dyn ReviewStore {
        &self.reviews
    }
    pub fn requests(&self) -> u64 {
        self.store.requests()
    }

    pub async fn record(&self, direction: &str, error: Option<String>) -> ReviewResult<SyncEvent> {
        let event = SyncEvent {
            id: uuid::Uuid::new_v4().to_string(),
            direction: direction.into(),
            status: if error.is_some() { "error" } else { "ok" }.into(),
            error,
            created_at: crate::reviews::validate::now(),
        };
        self.reviews.record_sync_event(&event).await?;
        Ok(event)
    }

    /// The latest event of a direction.
    pub async fn last(&self, direction: &str) -> anyhow::Result<Option<SyncEvent>> {
        let out = self
            .store
            .sql
            .query(&Statement::with(
                format!(
                    "SELECT id, direction, status, error, created_at FROM {} WHERE direction = ? ORDER BY created_at DESC, id DESC LIMIT 1",
                    self.table
                ),
                vec![direction.into()],
            ))
            .await?;
        Ok(out.rows.first().map(|r| {
            let s = |k: &str| r.get(k).and_then(|v| v.as_str()).map(str::to_string);
            SyncEvent {
                id: s("id").unwrap_or_default(),
                direction: s("direction").unwrap_or_default(),
                status: s("status").unwrap_or_default(),
                error: s("error"),
                created_at: s("created_at").unwrap_or_default(),
            }
        }))
    }
}

/// Every remote review the comparison needs: all listed ones and, where the listing hides deleted
/// reviews and `lookup_hidden` asks, the file's other ids looked up one by one (so a review deleted
/// remotely is seen as such). A push skips the lookups: ingest keeps the newer copy by itself.
pub async fn read_remote(
    remote: &Remote,
    local: &[Review],
    lookup_hidden: bool,
) -> ReviewResult<Vec<Review>> {
    let mut all: Vec<Review> = Vec::new();
    loop {
        let page = remote
            .service
            .list(&ListQuery {
                include_deleted: remote.lists_deleted,
                limit: MAX_LIST_LIMIT,
                offset: all.len(),
                ..Default::default()
            })
            .await?;
        let n = page.reviews.len();
        all.extend(page.reviews);
        // Without a total a target fills every page it can: a short one is the end.
        let end = match page.total {
            Some(t) => all.len() as u64 >= t,
            None => n < MAX_LIST_LIMIT,
        };
        if n == 0 || end {
            break;
        }
    }
    if !remote.lists_deleted && lookup_hidden {
        let seen: BTreeSet<&str> = all.iter().map(|r| r.id.as_str()).collect();
        let missing: Vec<String> = local
            .iter()
            .map(|r| r.id.clone())
            .filter(|id| !seen.contains(id.as_str()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() {
            let found = remote.service.get_many(&missing).await?;
            all.extend(found);
        }
    }
    Ok(all)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub local: usize,
    pub remote: usize,
    pub same: usize,
    pub only_local: usize,
    pub only_remote: usize,
    pub local_newer: usize,
    pub remote_newer: usize,
    pub conflicts: usize,
    /// Records of the file that cannot be read as reviews (kept as they are, never synced).
    pub malformed_local: usize,
}

impl Counts {
    pub fn of(d: &Diff, local: usize, remote: usize, malformed: usize) -> Self {
        Counts {
            local,
            remote,
            same: d.same,
            only_local: d.only_local.len(),
            only_remote: d.only_remote.len(),
            local_newer: d.local_newer.len(),
            remote_newer: d.remote_newer.len(),
            conflicts: d.conflicts.len(),
            malformed_local: malformed,
        }
    }
}

/// Review ids per difference, for `sync status`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Ids {
    pub only_local: Vec<String>,
    pub only_remote: Vec<String>,
    pub local_newer: Vec<String>,
    pub remote_newer: Vec<String>,
    pub conflicts: Vec<String>,
}

impl Ids {
    pub fn of(d: &Diff) -> Self {
        let ids = |v: &[Review]| v.iter().map(|r| r.id.clone()).collect();
        let pairs = |v: &[diff::Pair]| v.iter().map(|p| p.local.id.clone()).collect();
        Ids {
            only_local: ids(&d.only_local),
            only_remote: ids(&d.only_remote),
            local_newer: pairs(&d.local_newer),
            remote_newer: pairs(&d.remote_newer),
            conflicts: pairs(&d.conflicts),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusReport {
    pub schema_version: &'static str,
    pub file: String,
    pub remote: String,
    pub in_sync: bool,
    pub counts: Counts,
    pub reviews: Ids,
    pub last_push: Option<SyncEvent>,
    pub last_pull: Option<SyncEvent>,
    pub requests: u64,
}

/// One conflict and where the copy that was not taken was saved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConflictNote {
    pub id: String,
    pub saved_to: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PushReport {
    pub schema_version: &'static str,
    pub file: String,
    pub remote: String,
    /// Reviews the remote lacked or held older.
    pub planned: usize,
    pub sent: usize,
    /// What the remote says it wrote.
    pub accepted: u64,
    pub batches: usize,
    pub already_same: usize,
    /// Reviews the remote holds newer (a pull takes them).
    pub remote_newer: usize,
    pub conflicts: Vec<ConflictNote>,
    /// Records of the file that are not reviews: kept as they are, never sent.
    pub malformed_local: Vec<crate::reviews::staging::Malformed>,
    pub event_id: String,
    pub requests: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PullReport {
    pub schema_version: &'static str,
    pub file: String,
    pub remote: String,
    /// Reviews taken into the file (added or replaced).
    pub taken: usize,
    pub added: usize,
    pub replaced: usize,
    pub already_same: usize,
    /// Reviews the file holds newer (a push sends them).
    pub local_newer: usize,
    /// The previous version of the file, when it was rewritten.
    pub backup: Option<String>,
    pub conflicts: Vec<ConflictNote>,
    /// Records of the file that are not reviews: kept as they are.
    pub malformed_local: Vec<crate::reviews::staging::Malformed>,
    pub event_id: String,
    pub requests: u64,
}

/// Where one sync run reads and writes.
pub struct SyncRun<'a> {
    pub file: &'a Path,
    pub remote: &'a Remote,
    /// `None` only for a status read before any local store exists (no events yet).
    pub events: Option<&'a Events>,
    pub limits: &'a crate::reviews::Limits,
    pub state_dir: &'a Path,
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
        .map(|p| {
            let path =
                file::save_conflict(&conflicts_dir(state_dir), direction, &p.local, &p.remote)?;
            Ok(ConflictNote {
                id: p.local.id.clone(),
                saved_to: path.display().to_string(),
            })
        })
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

    async fn compare(&self, lookup_hidden: bool) -> anyhow::Result<(LocalFile, Vec<Review>, Diff)> {
        let local = LocalFile::read(self.file, self.limits)?;
        let mine = local.reviews();
        let theirs = read_remote(self.remote, &mine, lookup_hidden).await?;
        let d = diff(&mine, &theirs);
        Ok((local, theirs, d))
    }

    pub async fn status(&self) -> anyhow::Result<StatusReport> {
        let (local, theirs, d) = self.compare(true).await?;
        let counts = Counts::of(&d, local.records.len(), theirs.len(), local.malformed.len());
        Ok(StatusReport {
            schema_version: crate::output::SCHEMA_VERSION,
            file: self.file.display().to_string(),
            remote: self.remote.description.clone(),
            in_sync: d.in_sync(),
            counts,
            reviews: Ids::of(&d),
            last_push: match self.events {
                Some(e) => e.last("push").await?,
                None => None,
            },
            last_pull: match self.events {
                Some(e) => e.last("pull").await?,
                None => None,
            },
            requests: self.requests(),
        })
    }

    /// Sends what the remote lacks or holds older, batch by batch; a failed batch ends the run as
    /// partial (exit 6) after recording it. `confirm` is asked before the first write.
    pub async fn push(&self, confirm: Confirm<'_>) -> anyhow::Result<PushReport> {
        if !self.file.exists() {
            return Err(Failure::usage(format!(
                "no staging file at {}: nothing to push (set --file, MKT_SYNC_FILE or sync_file)",
                self.file.display()
            )));
        }
        let (local, _, d) = match self.compare(false).await {
            Ok(x) => x,
            Err(e) => {
                let _ = self.record("push", Some(crate::exit::one_line(&e))).await;
                return Err(e);
            }
        };
        let conflicts = save_conflicts(self.state_dir, "push", &d)?;
        let send = d.to_push();
        if !send.is_empty() {
            confirm(&format!(
                "Push {} review(s) from {} to {}?",
                send.len(),
                self.file.display(),
                self.remote.description
            ))?;
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
                Err(e) if sent == 0 => {
                    let _ = self.record("push", Some(e.to_string())).await;
                    return Err(e.into());
                }
                Err(e) => {
                    let remaining = send.len() - sent;
                    let what = format!(
                        "push stopped after {sent} of {} reviews ({accepted} accepted); {remaining} remain: {e}",
                        send.len()
                    );
                    let recorded = self.record("push", Some(what.clone())).await;
                    let note = match recorded {
                        Ok(_) => String::new(),
                        Err(r) => {
                            format!(" (and the review_sync_events row could not be written: {r})")
                        }
                    };
                    return Err(Failure::partial(format!(
                        "{what}{note}; run `mkt sync push` again: what was accepted is not sent twice"
                    )));
                }
            }
        }
        let event = self.record("push", None).await?;
        Ok(PushReport {
            schema_version: crate::output::SCHEMA_VERSION,
            file: self.file.display().to_string(),
            remote: self.remote.description.clone(),
            planned: send.len(),
            sent,
            accepted,
            batches,
            already_same: d.same,
            remote_newer: d.remote_newer.len(),
            conflicts,
            malformed_local: local.malformed.clone(),
            event_id: event.id,
            requests: self.requests(),
        })
    }

    /// Takes what the file lacks or holds older into it (replaced atomically, the previous version
    /// backed up); nothing is written when nothing changes.
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
        let (local, _, d) = self.compare(true).await?;
        let conflicts = save_conflicts(self.state_dir, "pull", &d)?;
        let take = d.to_pull();
        let mut backup = None;
        if !take.is_empty() {
            confirm(&format!(
                "Write {} review(s) from {} into {}?",
                take.len(),
                self.remote.description,
                self.file.display()
            ))?;
            let doc = local.updated(&take);
            backup = file::write_atomic(self.file, &doc, &self.state_dir.join("backups"))?;
        }
        Ok(PullReport {
            schema_version: crate::output::SCHEMA_VERSION,
            file: self.file.display().to_string(),
            remote: self.remote.description.clone(),
            taken: take.len(),
            added: d.only_remote.len(),
            replaced: d.remote_newer.len(),
            already_same: d.same,
            local_newer: d.local_newer.len(),
            backup: backup.map(|b| b.display().to_string()),
            conflicts,
            malformed_local: local.malformed.clone(),
            event_id: String::new(),
            requests: 0,
        })
    }
}
