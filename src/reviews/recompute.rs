//! `reviews recompute`: the plan is `verify`'s mismatches; applying recomputes exactly those
//! targets' aggregate rows from `reviews` (in SQL, in batches) through the repair pipeline, backing
//! up the rows it replaces, then verifies every target again.

use std::path::Path;

use async_trait::async_trait;
use serde::Serialize;
use serde_json::{json, Value};

use super::model::{Aggregate, TargetRef};
use super::store::{ReviewResult, ReviewStore};
use super::verify::{self, Mismatch, MismatchKind, VerifyReport};
use crate::repair::flow::{Batch, Repair, Verification};

#[derive(Clone, Debug, Default, Serialize)]
pub struct RecomputePlan {
    pub report: VerifyReport,
    /// Aggregate rows to write (missing or stale).
    pub upserts: usize,
    /// Rows to delete (targets with no live reviews).
    pub deletes: usize,
    /// Rows whose target_type no review can have: reported, left alone.
    pub skipped: Vec<Mismatch>,
    #[serde(skip)]
    pub targets: Vec<TargetRef>,
    /// The stored rows about to be replaced or deleted (for the backup).
    #[serde(skip)]
    pub before: Vec<Aggregate>,
}

impl RecomputePlan {
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }
}

/// Reads every computed count and stored row (concurrently) and compares them.
pub async fn read_report(
    service: &dyn ReviewStore,
) -> ReviewResult<(VerifyReport, Vec<Aggregate>)> {
    let (computed, stored) = tokio::try_join!(service.computed(), service.aggregates())?;
    Ok((verify::compare(&computed, &stored), stored))
}

pub async fn plan(service: &dyn ReviewStore) -> ReviewResult<RecomputePlan> {
    let (report, stored) = read_report(service).await?;
    let mut p = RecomputePlan::default();
    for m in &report.mismatches {
        match m.target() {
            Some(t) => {
                if m.kind == MismatchKind::NoLiveReviews {
                    p.deletes += 1;
                } else {
                    p.upserts += 1;
                }
                p.targets.push(t);
            }
            None => p.skipped.push(m.clone()),
        }
    }
    let wanted: std::collections::BTreeSet<(String, String)> = p
        .targets
        .iter()
        .map(|t| (t.target_type.as_str().to_string(), t.target_id.clone()))
        .collect();
    p.before = stored
        .into_iter()
        .filter(|a| wanted.contains(&(a.target_type.clone(), a.target_id.clone())))
        .collect();
    p.report = report;
    Ok(p)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RecomputeVerified {
    pub targets: usize,
    pub aggregate_rows: usize,
    /// Mismatches left among the targets recomputed.
    pub mismatches_left: usize,
    /// Mismatches anywhere (another writer, or rows skipped).
    pub mismatches_total: usize,
}

impl Verification for RecomputeVerified {
    fn ok(&self) -> bool {
        self.mismatches_left == 0
    }
    fn describe(&self) -> String {
        format!(
            "{} recomputed aggregates still disagree with reviews",
            self.mismatches_left
        )
    }
}

pub struct RecomputeRepair<'a> {
    pub service: &'a dyn ReviewStore,
    pub plan: &'a RecomputePlan,
    pub now: String,
}

impl RecomputeRepair<'_> {
    fn chunk(&self) -> usize {
        self.service.recompute_batch().max(1)
    }
    pub fn requests_needed(&self) -> usize {
        self.plan.targets.len().div_ceil(self.chunk())
    }
}

#[async_trait]
impl Repair for RecomputeRepair<'_> {
    type Verified = RecomputeVerified;

    fn command(&self) -> &str {
        "reviews-recompute"
    }
    fn options(&self) -> Value {
        json!({"targets": self.plan.targets.len()})
    }
    fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }
    fn question(&self) -> String {
        format!(
            "Recompute {} aggregate rows from reviews ({} written, {} deleted)",
            self.plan.targets.len(),
            self.plan.upserts,
            self.plan.deletes
        )
    }
    async fn backup(&mut self, state_dir: &Path) -> anyhow::Result<Vec<String>> {
        if self.plan.before.is_empty() {
            return Ok(Vec::new());
        }
        let file = crate::repair::backup::backup_values(
            state_dir,
            "review-aggregates",
            &serde_json::to_value(&self.plan.before)?,
        )?;
        Ok(vec![file.display().to_string()])
    }
    fn batches(&self) -> Vec<Batch> {
        self.plan
            .targets
            .chunks(self.chunk())
            .enumerate()
            .map(|(i, c)| Batch {
                step: "aggregates".into(),
                number: i + 1,
                keys: c.iter().map(ToString::to_string).collect(),
            })
            .collect()
    }
    async fn apply(&mut self, batch: &Batch) -> anyhow::Result<usize> {
        let chunk = self.chunk();
        let start = (batch.number - 1) * chunk;
        let end = (start + chunk).min(self.plan.targets.len());
        self.service
            .recompute(&self.plan.targets[start..end], &self.now)
            .await?;
        Ok(end - start)
    }
    async fn verify(&mut self) -> anyhow::Result<RecomputeVerified> {
        let (report, _) = read_report(self.service).await?;
        let touched: std::collections::BTreeSet<&TargetRef> = self.plan.targets.iter().collect();
        Ok(RecomputeVerified {
            targets: report.targets,
            aggregate_rows: report.aggregate_rows,
            mismatches_left: report
                .mismatches
                .iter()
                .filter(|m| m.target().is_some_and(|t| touched.contains(&t)))
                .count(),
            mismatches_total: report.mismatches.len(),
        })
    }
}
