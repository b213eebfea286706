//! The review-level interface. Commands, `verify`, `recompute` and `backfill reviews` speak only
//! this trait, so every target that can serve reviews serves all of them with the same output:
//! `sql::SqlReviews` over the KV+SQL targets (local, cloudflare), and the Worker API target
//! (src/worker/) over seed 000's HTTP contract. src/target.rs picks the implementation.
//!
//! Contract every implementation keeps:
//! - a write and its target's `review_aggregates` recompute (from `reviews`, never an increment)
//!   are one atomic unit: a failed call leaves both as they were;
//! - inputs arrive validated (`validate`), ids and timestamps already filled in;
//! - errors are `ReviewError`s; transport and API failures are `StoreError`s (the Worker
//!   client's `WorkerError`s) inside it, so exit codes map the same way on every target.

use async_trait::async_trait;
use serde::Serialize;

use super::model::*;
use crate::store::StoreError;
use crate::worker::error::WorkerError;

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// Input that breaks a rule (exit 2); nothing was sent.
    #[error("{0}")]
    Invalid(String),
    /// No review with this id (exit 1).
    #[error("no review {0}: list ids with `mkt reviews list`")]
    NotFound(String),
    /// The review is soft-deleted and the operation needs a live one (exit 1).
    #[error("review {0} is deleted: restore it first with `mkt reviews restore {0}`")]
    Deleted(String),
    /// The id is taken by a different review (exit 1).
    #[error(
        "a different review with id {0} already exists; leave --review-id out to generate one"
    )]
    IdTaken(String),
    /// This target cannot do this (exit 2).
    #[error("{0}")]
    Unsupported(String),
    /// A read (or a transport failure before anything was asked) as the store reported it.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A write that failed as a whole: one atomic request on this target, so nothing it was to
    /// write landed (exit 1 for server, rate-limit and connection failures; see
    /// `crate::error::write_status`). A run of several writes whose later one fails is partial
    /// (exit 6): `repair::flow` decides that.
    #[error(transparent)]
    Write(StoreError),
    /// A read from the Worker API (or a failure before anything was asked), as its client
    /// reported it.
    #[error(transparent)]
    Worker(#[from] WorkerError),
    /// A write to the Worker API that failed as a whole (one request: nothing landed), as `Write`.
    #[error(transparent)]
    WorkerWrite(WorkerError),
}

impl ReviewError {
    /// This error is a write that changed nothing (see `Write`).
    pub fn wrote_nothing(&self) -> bool {
        matches!(self, ReviewError::Write(_) | ReviewError::WorkerWrite(_))
    }

    /// The same error, as a failed write (what a write call returns).
    pub fn on_write(self) -> Self {
        match self {
            ReviewError::Store(e) => ReviewError::Write(e),
            ReviewError::Worker(e) => ReviewError::WorkerWrite(e),
            other => other,
        }
    }
}

pub type ReviewResult<T> = Result<T, ReviewError>;

/// What one `upsert` batch wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UpsertReport {
    /// Reviews inserted or replaced (a stored row with a newer `updated_at` is kept).
    pub written: u64,
    /// Aggregate rows changed by the recompute.
    pub aggregates_changed: u64,
}

#[async_trait]
pub trait ReviewStore: Send + Sync {
    /// API requests made so far (retries included); 0 on the local store.
    fn requests(&self) -> u64;

    /// One page of a listing, newest `updated_at` first (ties by id, descending), with the total.
    async fn list(&self, query: &ListQuery) -> ReviewResult<ReviewPage>;
    /// One review, deleted ones included.
    async fn get(&self, id: &str) -> ReviewResult<Option<Review>>;
    /// The stored rows of these ids (any order; missing ids are absent).
    async fn get_many(&self, ids: &[String]) -> ReviewResult<Vec<Review>>;

    /// Inserts a validated review (id and timestamps filled in); its aggregate is recomputed in the
    /// same atomic write. A different review under the same id is `IdTaken`.
    async fn create(&self, review: &Review) -> ReviewResult<WriteOutcome>;
    /// Applies a validated patch to a live review, setting `updated_at = now`.
    async fn update(&self, id: &str, patch: &ReviewPatch, now: &str) -> ReviewResult<WriteOutcome>;
    /// Soft delete: sets `deleted_at` and `updated_at` to `now`. Deleting a deleted review changes
    /// nothing (`changed: false`).
    async fn delete(&self, id: &str, now: &str) -> ReviewResult<WriteOutcome>;
    /// Clears `deleted_at`, setting `updated_at = now`. Restoring a live review changes nothing.
    async fn restore(&self, id: &str, now: &str) -> ReviewResult<WriteOutcome>;

    /// Count and average of a target's live reviews beside its stored aggregate row.
    async fn summary(&self, target: &TargetRef) -> ReviewResult<Summary>;
    /// Every stored `review_aggregates` row, sorted by (target_type, target_id).
    async fn aggregates(&self) -> ReviewResult<Vec<Aggregate>>;
    /// Count and average per target over live reviews, computed from `reviews`, sorted likewise.
    async fn computed(&self) -> ReviewResult<Vec<Computed>>;

    /// How `reviews` should be cut into `upsert` calls: the length of each batch, in order, each one
    /// atomic on this target. Default: 100 per batch.
    fn upsert_batches(&self, reviews: &[Review]) -> Vec<usize> {
        reviews.chunks(100).map(<[Review]>::len).collect()
    }
    /// Inserts or replaces reviews by id where the stored row is older (`updated_at`), recomputes
    /// the aggregates of every touched target and appends `event` (when given) to
    /// `review_sync_events`, all in one atomic write.
    async fn upsert(
        &self,
        reviews: &[Review],
        now: &str,
        event: Option<&SyncEvent>,
    ) -> ReviewResult<UpsertReport>;
    /// Recomputes (from `reviews`) the aggregate rows of these targets: upserted where live reviews
    /// exist, deleted where none do. Returns the rows changed. One atomic write per call.
    async fn recompute(&self, targets: &[TargetRef], now: &str) -> ReviewResult<u64>;
    /// The most targets one `recompute` call takes.
    fn recompute_batch(&self) -> usize {
        49
    }
    /// Appends a row to `review_sync_events`.
    async fn record_sync_event(&self, event: &SyncEvent) -> ReviewResult<()>;
}
