//! `mkt sync`: the reviews daemon's staging file (seed 000's first stage, kept as the daemon
//! really keeps it: `daemon`) against the remote reviews — the Worker (`POST` to the ingest URL
//! to push, `GET /reviews` to read) or, with `--direct`, the D1 tables themselves — over the
//! review-level interface.
//!
//! Only content is compared (`diff`); which side changed since the last sync is decided against
//! the base kept beside the file (`base`). Pushes mark what landed as the daemon's own sync does
//! (`source: "synced"`, `syncedAt`) and record `lastSyncAt`/`lastSyncError` in its settings;
//! pulls write only records the daemon keeps, and remove reviews deleted remotely. The plan is
//! made against what the remote holds now, so a rerun after a failure sends only what was not
//! accepted. Every push and pull appends a `review_sync_events` row (direction, status, error)
//! to the direct store: D1 on the cloudflare target, else the local store.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Serialize;

use crate::reviews::sql::SqlReviews;
use crate::reviews::{ListQuery, Review, ReviewResult, ReviewStore, SyncEvent, MAX_LIST_LIMIT};
use crate::store::{Statement, Store};

pub mod base;
pub mod daemon;
pub mod diff;
pub mod file;
pub mod locate;
mod run;

pub use diff::{diff, Diff};
pub use file::LocalFile;
pub use run::{Action, ConfirmPlan, Resolution, ResolveReport, SyncRun, Take};

/// Where the remote reviews are, and whether its listing shows deleted ones.
pub struct Remote {
    pub service: Arc<dyn ReviewStore>,
    pub description: String,
    /// Names the remote in the sync base (the Worker's URL, the D1 database).
    pub key: String,
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
/// reviews, the ids in `lookup` it did not list, looked up one by one (so a review deleted
/// remotely is seen as such).
pub async fn read_remote(remote: &Remote, lookup: &BTreeSet<String>) -> ReviewResult<Vec<Review>> {
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
    if !remote.lists_deleted && !lookup.is_empty() {
        let seen: BTreeSet<&str> = all.iter().map(|r| r.id.as_str()).collect();
        let missing: Vec<String> = lookup
            .iter()
            .filter(|id| !seen.contains(id.as_str()))
            .cloned()
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
    /// In the file, deleted remotely (a pull removes them).
    pub deleted_remotely: usize,
    /// Deleted from the file after a sync, live remotely (`push --propagate-deletes`).
    pub deleted_locally: usize,
    pub conflicts: usize,
    /// Records the daemon would send on its next sync (`syncedAt` null or older than `updatedAt`).
    pub pending: usize,
    /// Records of the file that cannot be read as reviews (kept as they are, never synced).
    pub malformed_local: usize,
    /// Records of the daemon's file the daemon drops on reading (and erases on its next write).
    pub daemon_drops: usize,
}

impl Counts {
    pub fn of(
        d: &Diff,
        local: usize,
        remote: usize,
        pending: usize,
        unreadable: (usize, usize),
    ) -> Self {
        Counts {
            local,
            remote,
            same: d.same.len(),
            only_local: d.only_local.len(),
            only_remote: d.only_remote.len(),
            local_newer: d.local_newer.len(),
            remote_newer: d.remote_newer.len(),
            deleted_remotely: d.deleted_remotely.len(),
            deleted_locally: d.deleted_locally.len(),
            conflicts: d.conflicts.len(),
            pending,
            malformed_local: unreadable.0,
            daemon_drops: unreadable.1,
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
    pub deleted_remotely: Vec<String>,
    pub deleted_locally: Vec<String>,
    pub conflicts: Vec<String>,
    pub pending: Vec<String>,
}

impl Ids {
    pub fn of(d: &Diff, pending: Vec<String>) -> Self {
        let ids = |v: &[Review]| v.iter().map(|r| r.id.clone()).collect();
        let pairs = |v: &[diff::Pair]| v.iter().map(|p| p.local.id.clone()).collect();
        Ids {
            only_local: ids(&d.only_local),
            only_remote: ids(&d.only_remote),
            local_newer: pairs(&d.local_newer),
            remote_newer: pairs(&d.remote_newer),
            deleted_remotely: ids(&d.deleted_remotely),
            deleted_locally: ids(&d.deleted_locally),
            conflicts: d.conflicts.iter().map(|c| c.id.clone()).collect(),
            pending,
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
    /// Records of the file that are not reviews: not compared, never synced.
    pub malformed_local: Vec<crate::reviews::staging::Malformed>,
    /// Records of the daemon's file the daemon drops on reading and erases on its next write
    /// (empty when the file is not the daemon's).
    pub daemon_drops: Vec<crate::reviews::staging::Malformed>,
    pub requests: u64,
}

/// One conflict and where both copies were saved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConflictNote {
    pub id: String,
    pub kind: String,
    pub saved_to: String,
}

/// A remote review a pull did not write, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Skipped {
    pub id: String,
    pub reason: String,
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
    /// Reviews the remote holds newer, or deleted (a pull takes them).
    pub remote_newer: usize,
    /// Records marked as landed in the file (`source: "synced"`, `syncedAt`).
    pub marked: usize,
    /// Deleted from the file, live remotely: ids.
    pub deleted_locally: Vec<String>,
    /// Of those, soft-deleted remotely by `--propagate-deletes`.
    pub deletes_propagated: usize,
    /// The daemon's settings file that got `lastSyncAt`, when there is one.
    pub daemon_settings: Option<String>,
    pub conflicts: Vec<ConflictNote>,
    /// Records changed in the file while the push ran: not marked, the next run looks again.
    pub changed_meanwhile: Vec<String>,
    /// Records of the file that are not reviews: kept as they are, never sent.
    pub malformed_local: Vec<crate::reviews::staging::Malformed>,
    /// Records the reviews daemon drops on reading and erases on its next write.
    pub daemon_drops: Vec<crate::reviews::staging::Malformed>,
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
    /// Reviews removed from the file because the remote holds them deleted: ids.
    pub removed: Vec<String>,
    /// Records marked as in sync (`source: "synced"`, `syncedAt`) without other change.
    pub marked: usize,
    pub already_same: usize,
    /// Reviews the file holds newer (a push sends them).
    pub local_newer: usize,
    /// Deleted from the file, live remotely: never written back (`push --propagate-deletes`).
    pub deleted_locally: Vec<String>,
    /// Remote reviews not written because the daemon would drop them.
    pub skipped: Vec<Skipped>,
    /// Records changed in the file while the pull ran: left as they are, the next run looks again.
    pub changed_meanwhile: Vec<String>,
    /// The previous version of the file, when it was rewritten.
    pub backup: Option<String>,
    pub conflicts: Vec<ConflictNote>,
    /// Records of the file that are not reviews: kept as they are.
    pub malformed_local: Vec<crate::reviews::staging::Malformed>,
    /// Records the reviews daemon drops on reading and erases on its next write.
    pub daemon_drops: Vec<crate::reviews::staging::Malformed>,
    pub event_id: String,
    pub requests: u64,
}
