//! The review-level interface over the Worker API (seed 000's contract), so `mkt reviews …`
//! gives the same output and exit codes through `--target api` as on the direct targets.
//!
//! What the contract lacks is done here, never guessed: `GET /reviews` filters only by type and
//! id, so other filters are applied to its pages (read from the start only until the asked page
//! is filled; without them `limit`/`offset` go to the Worker as they are); "stored" aggregates are the Worker's
//! `GET /reviews/summary`, "computed" ones are counted from its reviews. Restore and recompute
//! have no endpoint and say so (exit 2); bulk upserts go through `POST /ingest/signet-reviews`.

use std::sync::Arc;

use async_trait::async_trait;
use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};
use serde_json::{json, Map, Value};

use super::WorkerError;
use super::{ReviewFilter, ReviewPager, WireReview, WireSummary, WorkerClient, DEFAULT_PAGE_SIZE};
use crate::reviews::store::UpsertReport;
use crate::reviews::validate::parse_instant;
use crate::reviews::{
    Aggregate, Computed, ListQuery, Review, ReviewError, ReviewPage, ReviewPatch, ReviewResult,
    ReviewStore, Summary, SyncEvent, TargetRef, TargetType, WriteOutcome,
};

/// Lookups by id and summaries in flight at once.
const PARALLEL: usize = 8;

pub struct ApiReviews {
    client: Arc<WorkerClient>,
    /// Where ingest goes when it is not under the client's base URL.
    ingest: Option<Arc<WorkerClient>>,
}

impl ApiReviews {
    pub fn new(client: Arc<WorkerClient>) -> Self {
        ApiReviews {
            client,
            ingest: None,
        }
    }
    /// Pushes go through `ingest` (the daemon's `endpointUrl` on another host or path).
    pub fn with_ingest(mut self, ingest: Arc<WorkerClient>) -> Self {
        self.ingest = Some(ingest);
        self
    }
}

fn decode(message: String) -> ReviewError {
    ReviewError::Worker(WorkerError::Decode(message))
}

/// A review off the wire, in the model's types.
pub fn review_of(w: WireReview) -> ReviewResult<Review> {
    let target_type = TargetType::parse(&w.target_type).ok_or_else(|| {
        decode(format!(
            "the Worker returned review {} with target_type {:?}; expected skill or mcp",
            w.id, w.target_type
        ))
    })?;
    Ok(Review {
        id: w.id,
        target_type,
        target_id: w.target_id,
        display_name: w.display_name,
        rating: w.rating,
        title: w.title,
        body: w.body,
        source: w.source,
        created_at: w.created_at,
        updated_at: w.updated_at,
        deleted_at: w.deleted_at,
    })
}

/// A review as the ingest endpoint takes it: the daemon's camelCase record (what seed 000's
/// ingest accepts), with `deletedAt` when the review is deleted.
pub fn ingest_body(r: &Review) -> Value {
    let mut v = json!({
        "id": r.id,
        "targetType": r.target_type.as_str(),
        "targetId": r.target_id,
        "displayName": r.display_name,
        "rating": r.rating,
        "title": r.title,
        "body": r.body,
        "source": r.source,
        "createdAt": r.created_at,
        "updatedAt": r.updated_at,
    });
    if let Some(d) = &r.deleted_at {
        v["deletedAt"] = json!(d);
    }
    v
}

/// A review as the Worker takes it: seed 000's column names.
pub fn wire_body(r: &Review) -> Map<String, Value> {
    let v = json!({
        "id": r.id,
        "target_type": r.target_type.as_str(),
        "target_id": r.target_id,
        "display_name": r.display_name,
        "rating": r.rating,
        "title": r.title,
        "body": r.body,
        "source": r.source,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
        "deleted_at": r.deleted_at,
    });
    v.as_object().cloned().unwrap_or_default()
}

fn filter_of(target: Option<&TargetRef>) -> ReviewFilter {
    ReviewFilter {
        target_type: target.map(|t| t.target_type.as_str().to_string()),
        target_id: target.map(|t| t.target_id.clone()),
    }
}

/// Newest `updated_at` first, ties by id descending: the order of the SQL implementation.
fn newest_first(a: &Review, b: &Review) -> std::cmp::Ordering {
    let at = |r: &Review| parse_instant(&r.updated_at);
    match (at(b), at(a)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => b.updated_at.cmp(&a.updated_at),
    }
    .then_with(|| b.id.cmp(&a.id))
}

fn stored_aggregate(target: &TargetRef, s: &WireSummary, fallback_at: &str) -> Option<Aggregate> {
    // No live reviews, no aggregate row (the direct targets delete it).
    (s.review_count > 0).then(|| Aggregate {
        target_type: target.target_type.as_str().into(),
        target_id: target.target_id.clone(),
        review_count: s.review_count as i64,
        avg_rating: s.avg_rating,
        updated_at: s
            .updated_at
            .clone()
            .unwrap_or_else(|| fallback_at.to_string()),
    })
}

fn computed_of(reviews: &[Review]) -> Vec<Computed> {
    let mut by: std::collections::BTreeMap<TargetRef, (i64, i64)> = Default::default();
    for r in reviews.iter().filter(|r| !r.is_deleted()) {
        let e = by.entry(r.target()).or_default();
        e.0 += 1;
        e.1 += r.rating;
    }
    by.into_iter()
        .map(|(t, (n, sum))| Computed {
            target_type: t.target_type.as_str().into(),
            target_id: t.target_id,
            review_count: n,
            avg_rating: sum as f64 / n as f64,
        })
        .collect()
}

fn unsupported(what: &str) -> ReviewError {
    ReviewError::Unsupported(format!(
        "{what}: the Worker API (seed 000) has no endpoint for it; use --target local or cloudflare"
    ))
}

impl ApiReviews {
    async fn all(&self, target: Option<&TargetRef>) -> ReviewResult<Vec<Review>> {
        let wire = self
            .client
            .list_reviews(&filter_of(target), DEFAULT_PAGE_SIZE)
            .await?;
        wire.into_iter().map(review_of).collect()
    }

    async fn fetch(&self, id: &str) -> ReviewResult<Option<Review>> {
        self.client.get_review(id).await?.map(review_of).transpose()
    }

    /// The target's aggregate after a write, read back from the Worker.
    async fn aggregate_after(&self, review: &Review) -> ReviewResult<Option<Aggregate>> {
        let t = review.target();
        let s = self
            .client
            .review_summary(t.target_type.as_str(), &t.target_id)
            .await?;
        Ok(stored_aggregate(&t, &s, &review.updated_at))
    }

    async fn outcome(&self, review: Review, changed: bool) -> ReviewResult<WriteOutcome> {
        let aggregate = self.aggregate_after(&review).await?;
        Ok(WriteOutcome {
            review,
            changed,
            aggregate,
        })
    }
}

#[async_trait]
impl ReviewStore for ApiReviews {
    fn requests(&self) -> u64 {
        self.client.requests() + self.ingest.as_ref().map_or(0, |c| c.requests())
    }

    /// Only the page asked for is read: without filters the contract cannot apply, `limit` and
    /// `offset` go to the Worker as they are (in the Worker's order, seed 000's
    /// `updated_at DESC` index); with them, pages are read from the start only until the
    /// asked page is filled. The total is known when the Worker gives it or the end was read.
    async fn list(&self, q: &ListQuery) -> ReviewResult<ReviewPage> {
        if q.include_deleted {
            return Err(unsupported(
                "listing deleted reviews (GET /reviews returns live ones only)",
            ));
        }
        let since = q.since.as_deref().map(|s| (s, parse_instant(s)));
        let wanted = |r: &Review| {
            !r.is_deleted()
                && q.display_name
                    .as_deref()
                    .is_none_or(|d| r.display_name.trim() == d.trim())
                && q.rating.is_none_or(|x| r.rating == x)
                && match since {
                    None => true,
                    Some((_, Some(t))) => parse_instant(&r.updated_at).is_some_and(|u| u >= t),
                    Some((s, None)) => r.updated_at.as_str() >= s,
                }
        };
        let filtered_here = q.display_name.is_some() || q.rating.is_some() || q.since.is_some();
        let (start, need) = if filtered_here {
            (0, q.offset.saturating_add(q.limit))
        } else {
            (q.offset, q.limit)
        };
        let mut pager = ReviewPager::new(&self.client, filter_of(q.target.as_ref()), start);
        let mut found: Vec<Review> = Vec::new();
        while found.len() < need && !pager.ended() {
            let want = if filtered_here {
                DEFAULT_PAGE_SIZE
            } else {
                need - found.len()
            };
            for w in pager.next(want).await? {
                let r = review_of(w)?;
                if wanted(&r) {
                    found.push(r);
                }
            }
        }
        found.sort_by(newest_first);
        let total = if filtered_here {
            pager.ended().then_some(found.len() as u64)
        } else {
            pager.total()
        };
        let skip = if filtered_here { q.offset } else { 0 };
        let reviews = found.into_iter().skip(skip).take(q.limit).collect();
        Ok(ReviewPage { reviews, total })
    }

    async fn get(&self, id: &str) -> ReviewResult<Option<Review>> {
        self.fetch(id).await
    }

    async fn get_many(&self, ids: &[String]) -> ReviewResult<Vec<Review>> {
        let lookups: Vec<BoxFuture<'_, ReviewResult<Option<Review>>>> = ids
            .iter()
            .map(|id| Box::pin(self.fetch(id)) as BoxFuture<'_, _>)
            .collect();
        let found: Vec<Option<Review>> = futures::stream::iter(lookups)
            .buffer_unordered(PARALLEL)
            .try_collect()
            .await?;
        Ok(found.into_iter().flatten().collect())
    }

    async fn create(&self, review: &Review) -> ReviewResult<WriteOutcome> {
        match self.client.create_review(&wire_body(review)).await {
            Ok(w) => {
                let stored = review_of(w)?;
                self.outcome(stored, true).await
            }
            // 409: the id is taken. The same review under it is a replay of this write.
            Err(WorkerError::Api { status: 409, .. }) => match self.fetch(&review.id).await? {
                // The Worker sets its own timestamps: the fields a client sets decide.
                Some(existing) if existing.same_fields(review) => {
                    self.outcome(existing, false).await
                }
                _ => Err(ReviewError::IdTaken(review.id.clone())),
            },
            // One request for one review: a failure changed nothing (exit 1, not 4).
            Err(e) => Err(ReviewError::WorkerWrite(e)),
        }
    }

    async fn update(
        &self,
        id: &str,
        patch: &ReviewPatch,
        _now: &str,
    ) -> ReviewResult<WriteOutcome> {
        let mut changes = Map::new();
        if let Some(r) = patch.rating {
            changes.insert("rating".into(), json!(r));
        }
        if let Some(t) = &patch.title {
            changes.insert("title".into(), json!(t));
        }
        if let Some(b) = &patch.body {
            changes.insert("body".into(), json!(b));
        }
        if let Some(d) = &patch.display_name {
            changes.insert("display_name".into(), json!(d));
        }
        // An edit to the values already there changes nothing (as on the SQL stores): the Worker
        // would bump updated_at, which decides "newer wins" in backfills and syncs.
        if let Some(current) = self.fetch(id).await? {
            if current.is_deleted() {
                return Err(ReviewError::Deleted(id.into()));
            }
            let same = patch.rating.is_none_or(|r| r == current.rating)
                && patch.title.as_ref().is_none_or(|t| *t == current.title)
                && patch.body.as_ref().is_none_or(|b| *b == current.body)
                && patch
                    .display_name
                    .as_ref()
                    .is_none_or(|d| *d == current.display_name);
            if same {
                return self.outcome(current, false).await;
            }
        }
        match self
            .client
            .update_review(id, &changes)
            .await
            .map_err(ReviewError::WorkerWrite)?
        {
            Some(w) => {
                let review = review_of(w)?;
                self.outcome(review, true).await
            }
            // A 404: no such review, or a deleted one the Worker will not edit.
            None => match self.fetch(id).await? {
                Some(r) if r.is_deleted() => Err(ReviewError::Deleted(id.into())),
                _ => Err(ReviewError::NotFound(id.into())),
            },
        }
    }

    async fn delete(&self, id: &str, _now: &str) -> ReviewResult<WriteOutcome> {
        let Some(current) = self.fetch(id).await? else {
            return Err(ReviewError::NotFound(id.into()));
        };
        if current.is_deleted() {
            return self.outcome(current, false).await;
        }
        if !self
            .client
            .delete_review(id)
            .await
            .map_err(ReviewError::WorkerWrite)?
        {
            return Err(ReviewError::NotFound(id.into()));
        }
        // The Worker's DELETE answer rarely carries the row: read what it stored.
        let review = match self.fetch(id).await? {
            Some(r) => r,
            // A Worker that hides deleted reviews by id too: the delete is still done.
            None => Review {
                deleted_at: Some(crate::reviews::validate::now()),
                ..current
            },
        };
        self.outcome(review, true).await
    }

    async fn restore(&self, _id: &str, _now: &str) -> ReviewResult<WriteOutcome> {
        Err(unsupported("restoring a deleted review"))
    }

    async fn summary(&self, target: &TargetRef) -> ReviewResult<Summary> {
        let reviews = self.all(Some(target)).await?;
        let computed = computed_of(&reviews).into_iter().next();
        let s = self
            .client
            .review_summary(target.target_type.as_str(), &target.target_id)
            .await?;
        let newest = reviews
            .iter()
            .map(|r| r.updated_at.clone())
            .max()
            .unwrap_or_default();
        Ok(Summary::new(
            target.clone(),
            computed,
            stored_aggregate(target, &s, &newest),
        ))
    }

    async fn aggregates(&self) -> ReviewResult<Vec<Aggregate>> {
        let reviews = self.all(None).await?;
        let targets: Vec<TargetRef> = computed_of(&reviews)
            .into_iter()
            .filter_map(|c| {
                TargetType::parse(&c.target_type).map(|t| TargetRef::new(t, c.target_id))
            })
            .collect();
        let client = &self.client;
        let reads: Vec<BoxFuture<'_, ReviewResult<Option<Aggregate>>>> = targets
            .iter()
            .map(|t| {
                Box::pin(async move {
                    let s = client
                        .review_summary(t.target_type.as_str(), &t.target_id)
                        .await?;
                    Ok::<_, ReviewError>(stored_aggregate(t, &s, ""))
                }) as BoxFuture<'_, _>
            })
            .collect();
        let mut out: Vec<Aggregate> = futures::stream::iter(reads)
            .buffer_unordered(PARALLEL)
            .try_collect::<Vec<_>>()
            .await?
            .into_iter()
            .flatten()
            .collect();
        out.sort_by(|a, b| (&a.target_type, &a.target_id).cmp(&(&b.target_type, &b.target_id)));
        Ok(out)
    }

    async fn computed(&self) -> ReviewResult<Vec<Computed>> {
        Ok(computed_of(&self.all(None).await?))
    }

    /// One `POST /ingest/signet-reviews` per batch; the Worker upserts by id, newer `updated_at`
    /// winning, and recomputes its aggregates itself. The sync event is not the Worker's to
    /// take (the contract has no endpoint for it): `mkt sync` records it in the direct store.
    async fn upsert(
        &self,
        reviews: &[Review],
        _now: &str,
        _event: Option<&SyncEvent>,
    ) -> ReviewResult<UpsertReport> {
        let batch: Vec<Value> = reviews.iter().map(ingest_body).collect();
        let result = self
            .ingest
            .as_ref()
            .unwrap_or(&self.client)
            .ingest_reviews(&batch)
            .await?;
        if let Some((id, why)) = result.rejected.first() {
            return Err(ReviewError::Invalid(format!(
                "the Worker rejected review {id}: {why}"
            )));
        }
        Ok(UpsertReport {
            written: result.accepted,
            aggregates_changed: 0,
        })
    }

    async fn recompute(&self, _targets: &[TargetRef], _now: &str) -> ReviewResult<u64> {
        Err(unsupported(
            "recomputing aggregates (the Worker recomputes them on every write)",
        ))
    }

    async fn record_sync_event(&self, _event: &SyncEvent) -> ReviewResult<()> {
        Err(unsupported("recording a review_sync_events row"))
    }
}
