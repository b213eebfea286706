//! `backfill reviews`: the staging file into the review store, upserting by id. The plan is pure:
//! within the file the newest `updated_at` wins per id; against the store a write happens only when
//! the file's copy is newer, identical copies are no-ops, so a second run plans nothing. Applying
//! runs through the repair pipeline: batches cut by the store (one atomic request each: reviews,
//! the touched targets' aggregates and, in the last, the `review_sync_events` row).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use async_trait::async_trait;
use serde::Serialize;
use serde_json::{json, Value};

use super::model::{Review, SyncEvent, TargetRef};
use super::staging::{Malformed, Staged, StagingFile};
use super::store::ReviewStore;
use super::validate::{parse_instant, same_instant};
use crate::repair::flow::{Batch, Repair, Verification};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Insert,
    Update,
}

/// One planned write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    pub id: String,
    pub target: String,
    pub action: Action,
    /// Where the winning copy is in the file.
    pub path: String,
    pub updated_at: String,
    /// The stored copy's `updated_at` (updates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_updated_at: Option<String>,
}

/// A well-formed record that is not written, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub id: String,
    pub path: String,
    pub reason: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct BackfillPlan {
    /// Records in the file (well-formed and malformed).
    pub records: usize,
    pub inserts: usize,
    pub updates: usize,
    /// Records equal to the stored copy.
    pub identical: usize,
    pub items: Vec<PlanItem>,
    /// Older or identical copies of an id within the file.
    pub duplicates: Vec<Skipped>,
    /// The stored copy is newer (or as new with other content), or the file moves a review to
    /// another target: the stored copy is kept.
    pub kept_stored: Vec<Skipped>,
    pub malformed: Vec<Malformed>,
    /// The rows to write, sorted by target so each target's aggregate is recomputed in few requests.
    #[serde(skip)]
    pub writes: Vec<Review>,
    /// Stored rows the writes replace (backed up before writing).
    #[serde(skip)]
    pub overwritten: Vec<Review>,
}

impl BackfillPlan {
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }
    pub fn touched_targets(&self) -> BTreeSet<TargetRef> {
        self.writes.iter().map(Review::target).collect()
    }
}

/// Later instant wins; an equal instant goes to the later record in the file.
fn newer(a: &Staged, b: &Staged) -> bool {
    match (
        parse_instant(&a.review.updated_at),
        parse_instant(&b.review.updated_at),
    ) {
        (Some(x), Some(y)) if x != y => x > y,
        _ => a.position > b.position,
    }
}

pub fn plan(file: &StagingFile, stored: &[Review]) -> BackfillPlan {
    let mut p = BackfillPlan {
        records: file.records.len() + file.malformed.len(),
        malformed: file.malformed.clone(),
        ..Default::default()
    };
    // Winner per id within the file.
    let mut winners: BTreeMap<&str, &Staged> = BTreeMap::new();
    let mut losers: Vec<&Staged> = Vec::new();
    for s in &file.records {
        match winners.get(s.review.id.as_str()) {
            Some(w) if !newer(s, w) => losers.push(s),
            Some(w) => {
                losers.push(w);
                winners.insert(&s.review.id, s);
            }
            None => {
                winners.insert(&s.review.id, s);
            }
        }
    }
    losers.sort_by_key(|s| s.position);
    for l in losers {
        let w = winners[l.review.id.as_str()];
        let how = if l.review.same_as(&w.review) {
            "identical copy"
        } else {
            "older copy"
        };
        p.duplicates.push(Skipped {
            id: l.review.id.clone(),
            path: l.path.clone(),
            reason: format!("{how} of {} in the file", w.path),
        });
    }
    let stored: BTreeMap<&str, &Review> = stored.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut writes: Vec<(&Staged, Option<&Review>)> = Vec::new();
    for (id, w) in winners {
        let Some(old) = stored.get(id) else {
            writes.push((w, None));
            continue;
        };
        let skip = |reason: String| Skipped {
            id: id.to_string(),
            path: w.path.clone(),
            reason,
        };
        if old.target() != w.review.target() {
            p.kept_stored.push(skip(format!(
                "the stored review is for {}, the file's for {}: a review does not change target",
                old.target(),
                w.review.target()
            )));
            continue;
        }
        // A write keeps the stored creation time, so compare what would be stored. `source` is
        // the daemon's sync state in its file ("local", then "synced"), not review content.
        let mut as_written = w.review.clone();
        as_written.created_at = old.created_at.clone();
        as_written.source = old.source.clone();
        if as_written.same_as(old) {
            p.identical += 1;
            continue;
        }
        let file_newer = match (
            parse_instant(&w.review.updated_at),
            parse_instant(&old.updated_at),
        ) {
            (Some(f), Some(s)) => f > s,
            _ => w.review.updated_at > old.updated_at,
        };
        if !file_newer {
            let why = if same_instant(&w.review.updated_at, &old.updated_at) {
                "the stored copy has the same updated_at and other content; it is kept"
            } else {
                "the stored copy is newer"
            };
            p.kept_stored.push(skip(why.to_string()));
            continue;
        }
        writes.push((w, Some(old)));
    }
    writes.sort_by(|a, b| {
        (a.0.review.target(), &a.0.review.id).cmp(&(b.0.review.target(), &b.0.review.id))
    });
    for (w, old) in writes {
        p.items.push(PlanItem {
            id: w.review.id.clone(),
            target: w.review.target().to_string(),
            action: if old.is_some() {
                Action::Update
            } else {
                Action::Insert
            },
            path: w.path.clone(),
            updated_at: w.review.updated_at.clone(),
            stored_updated_at: old.map(|o| o.updated_at.clone()),
        });
        match old {
            Some(o) => {
                p.updates += 1;
                p.overwritten.push(o.clone());
            }
            None => p.inserts += 1,
        }
        p.writes.push(w.review.clone());
    }
    p
}

/// What the read-back after a backfill checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BackfillVerified {
    pub reviews_expected: usize,
    /// Read back equal to what was written.
    pub reviews_matching: usize,
    /// Read back newer than what was written (another writer since): kept, as the rule says.
    pub reviews_superseded: usize,
    pub targets_checked: usize,
    /// Touched targets whose aggregate row does not match `reviews`.
    pub aggregates_mismatched: usize,
}

impl Verification for BackfillVerified {
    fn ok(&self) -> bool {
        self.reviews_matching + self.reviews_superseded == self.reviews_expected
            && self.aggregates_mismatched == 0
    }
    fn describe(&self) -> String {
        format!(
            "read-back differs from what was written ({}/{} reviews match, {} aggregates mismatched)",
            self.reviews_matching + self.reviews_superseded,
            self.reviews_expected,
            self.aggregates_mismatched
        )
    }
}

/// The backfill as a repair for `repair::flow::run`.
pub struct BackfillRepair<'a> {
    pub service: &'a dyn ReviewStore,
    pub plan: &'a BackfillPlan,
    pub source: String,
    pub now: String,
    batches: Vec<std::ops::Range<usize>>,
    /// The id of the `review_sync_events` row this run writes.
    pub event_id: String,
    /// Where that row goes when `service` cannot take it (the Worker API has no endpoint for
    /// it): recorded after the last batch instead of in the same write.
    events: Option<&'a dyn ReviewStore>,
}

impl<'a> BackfillRepair<'a> {
    pub fn new(
        service: &'a dyn ReviewStore,
        plan: &'a BackfillPlan,
        source: String,
        now: String,
    ) -> Self {
        let mut batches = Vec::new();
        let mut start = 0;
        for n in service.upsert_batches(&plan.writes) {
            batches.push(start..start + n);
            start += n;
        }
        BackfillRepair {
            service,
            plan,
            source,
            now,
            batches,
            event_id: uuid::Uuid::new_v4().to_string(),
            events: None,
        }
    }
    /// Records the run's `review_sync_events` row in `events` rather than through `service`.
    pub fn record_events_in(mut self, events: &'a dyn ReviewStore) -> Self {
        self.events = Some(events);
        self
    }
    /// Write requests (one per batch).
    pub fn requests_needed(&self) -> usize {
        self.batches.len()
    }
    fn event(&self, status: &str, error: Option<String>) -> SyncEvent {
        SyncEvent {
            id: self.event_id.clone(),
            direction: "push".into(),
            status: status.into(),
            error,
            created_at: super::validate::now(),
        }
    }
}

#[async_trait]
impl Repair for BackfillRepair<'_> {
    type Verified = BackfillVerified;

    fn command(&self) -> &str {
        "backfill-reviews"
    }
    fn options(&self) -> Value {
        json!({"from": self.source, "reviews": self.plan.writes.len()})
    }
    fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }
    fn question(&self) -> String {
        format!(
            "Write {} reviews ({} new, {} newer copies) and recompute {} aggregates",
            self.plan.writes.len(),
            self.plan.inserts,
            self.plan.updates,
            self.plan.touched_targets().len()
        )
    }
    async fn backup(&mut self, state_dir: &Path) -> anyhow::Result<Vec<String>> {
        if self.plan.overwritten.is_empty() {
            return Ok(Vec::new());
        }
        let file = crate::repair::backup::backup_values(
            state_dir,
            "reviews",
            &serde_json::to_value(&self.plan.overwritten)?,
        )?;
        Ok(vec![file.display().to_string()])
    }
    fn batches(&self) -> Vec<Batch> {
        self.batches
            .iter()
            .enumerate()
            .map(|(i, r)| Batch {
                step: "reviews".into(),
                number: i + 1,
                keys: self.plan.writes[r.clone()]
                    .iter()
                    .map(|w| w.id.clone())
                    .collect(),
            })
            .collect()
    }
    async fn apply(&mut self, batch: &Batch) -> anyhow::Result<usize> {
        let range = self.batches[batch.number - 1].clone();
        // The last batch records the run, in the same atomic write where the store can.
        let event = (batch.number == self.batches.len()).then(|| self.event("ok", None));
        let (inline, after) = match self.events {
            None => (event.as_ref(), None),
            Some(store) => (None, event.as_ref().map(|e| (store, e))),
        };
        self.service
            .upsert(&self.plan.writes[range.clone()], &self.now, inline)
            .await?;
        if let Some((store, e)) = after {
            store.record_sync_event(e).await.map_err(|err| {
                anyhow::anyhow!(
                    "the reviews were written, but the review_sync_events row could not be recorded: {err}"
                )
            })?;
        }
        Ok(range.len())
    }
    async fn failed(&mut self, _batch: &Batch, error: &str) {
        // Best effort: the audit row of a failed push (the store may be what failed).
        let _ = self
            .events
            .unwrap_or(self.service)
            .record_sync_event(&self.event("error", Some(error.to_string())))
            .await;
    }
    async fn verify(&mut self) -> anyhow::Result<BackfillVerified> {
        let ids: Vec<String> = self.plan.writes.iter().map(|w| w.id.clone()).collect();
        let mut v = BackfillVerified {
            reviews_expected: ids.len(),
            ..Default::default()
        };
        if ids.is_empty() {
            return Ok(v);
        }
        let back: BTreeMap<String, Review> = self
            .service
            .get_many(&ids)
            .await?
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect();
        let stored_created: BTreeMap<&str, &str> = self
            .plan
            .overwritten
            .iter()
            .map(|o| (o.id.as_str(), o.created_at.as_str()))
            .collect();
        for w in &self.plan.writes {
            let Some(got) = back.get(&w.id) else { continue };
            let mut want = w.clone();
            if let Some(c) = stored_created.get(w.id.as_str()) {
                want.created_at = c.to_string();
            }
            if got.same_as(&want) {
                v.reviews_matching += 1;
            } else if matches!((parse_instant(&got.updated_at), parse_instant(&w.updated_at)), (Some(g), Some(x)) if g > x)
            {
                v.reviews_superseded += 1;
            }
        }
        let touched = self.plan.touched_targets();
        let (computed, stored) =
            tokio::try_join!(self.service.computed(), self.service.aggregates())?;
        let report = super::verify::compare(&computed, &stored);
        v.targets_checked = touched.len();
        v.aggregates_mismatched = report
            .mismatches
            .iter()
            .filter(|m| m.target().is_some_and(|t| touched.contains(&t)))
            .count();
        Ok(v)
    }
}
