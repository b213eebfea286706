//! `reviews verify`: every target's count and average computed from `reviews` against its
//! `review_aggregates` row. A pure comparison of two sorted listings, so every target (and the
//! property test) checks the same way.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{Aggregate, Computed, TargetRef, TargetType, AVG_TOLERANCE};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MismatchKind {
    /// Live reviews but no aggregate row.
    MissingRow,
    /// An aggregate row for a target with no live reviews.
    NoLiveReviews,
    /// `review_count` differs from the live reviews counted.
    StaleCount,
    /// `avg_rating` is off by more than 1e-9.
    StaleAverage,
}

impl MismatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MismatchKind::MissingRow => "missing_row",
            MismatchKind::NoLiveReviews => "no_live_reviews",
            MismatchKind::StaleCount => "stale_count",
            MismatchKind::StaleAverage => "stale_average",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mismatch {
    pub target_type: String,
    pub target_id: String,
    pub kind: MismatchKind,
    /// From `reviews` (live only).
    pub review_count: i64,
    pub avg_rating: f64,
    /// From `review_aggregates`; absent for `missing_row`.
    pub stored_count: Option<i64>,
    pub stored_avg: Option<f64>,
}

impl Mismatch {
    /// The target to recompute, when its type is one a review can have.
    pub fn target(&self) -> Option<TargetRef> {
        TargetType::parse(&self.target_type).map(|t| TargetRef::new(t, self.target_id.clone()))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct VerifyReport {
    /// Targets with live reviews.
    pub targets: usize,
    /// Live reviews counted.
    pub live_reviews: i64,
    /// Rows in `review_aggregates`.
    pub aggregate_rows: usize,
    pub mismatches: Vec<Mismatch>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.mismatches.is_empty()
    }
    /// Mismatches per kind, every kind present.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut m: BTreeMap<&'static str, usize> = [
            MismatchKind::MissingRow,
            MismatchKind::NoLiveReviews,
            MismatchKind::StaleCount,
            MismatchKind::StaleAverage,
        ]
        .into_iter()
        .map(|k| (k.as_str(), 0))
        .collect();
        for x in &self.mismatches {
            *m.entry(x.kind.as_str()).or_default() += 1;
        }
        m
    }
}

/// Compares computed counts with stored rows. A stale row whose count and average both differ is
/// reported once, as `stale_count`.
pub fn compare(computed: &[Computed], stored: &[Aggregate]) -> VerifyReport {
    type Sides<'a> = (Option<&'a Computed>, Option<&'a Aggregate>);
    let mut by_target: BTreeMap<(&str, &str), Sides> = BTreeMap::new();
    for c in computed {
        by_target
            .entry((c.target_type.as_str(), c.target_id.as_str()))
            .or_default()
            .0 = Some(c);
    }
    for s in stored {
        by_target
            .entry((s.target_type.as_str(), s.target_id.as_str()))
            .or_default()
            .1 = Some(s);
    }
    let mut report = VerifyReport {
        targets: computed.iter().filter(|c| c.review_count > 0).count(),
        live_reviews: computed.iter().map(|c| c.review_count).sum(),
        aggregate_rows: stored.len(),
        mismatches: Vec::new(),
    };
    for ((tt, tid), (c, s)) in by_target {
        let (count, avg) = c
            .map(|c| (c.review_count, c.avg_rating))
            .unwrap_or((0, 0.0));
        let kind = match s {
            None if count > 0 => Some(MismatchKind::MissingRow),
            None => None,
            Some(_) if count == 0 => Some(MismatchKind::NoLiveReviews),
            Some(s) if s.review_count != count => Some(MismatchKind::StaleCount),
            Some(s) if s.avg_rating.is_nan() || (s.avg_rating - avg).abs() > AVG_TOLERANCE => {
                Some(MismatchKind::StaleAverage)
            }
            Some(_) => None,
        };
        if let Some(kind) = kind {
            report.mismatches.push(Mismatch {
                target_type: tt.to_string(),
                target_id: tid.to_string(),
                kind,
                review_count: count,
                avg_rating: avg,
                stored_count: s.map(|s| s.review_count),
                stored_avg: s.map(|s| s.avg_rating),
            });
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, n: i64, avg: f64) -> Computed {
        Computed {
            target_type: "skill".into(),
            target_id: id.into(),
            review_count: n,
            avg_rating: avg,
        }
    }
    fn a(id: &str, n: i64, avg: f64) -> Aggregate {
        Aggregate {
            target_type: "skill".into(),
            target_id: id.into(),
            review_count: n,
            avg_rating: avg,
            updated_at: String::new(),
        }
    }

    #[test]
    fn every_kind() {
        let r = compare(
            &[
                c("ok", 2, 4.5),
                c("missing", 1, 3.0),
                c("count", 3, 4.0),
                c("avg", 2, 4.0),
                c("tiny", 3, 11.0 / 3.0),
            ],
            &[
                a("ok", 2, 4.5),
                a("orphan", 4, 2.0),
                a("count", 2, 4.0),
                a("avg", 2, 4.1),
                a("tiny", 3, 3.666_666_666_666_667),
            ],
        );
        let kinds: Vec<(&str, MismatchKind)> = r
            .mismatches
            .iter()
            .map(|m| (m.target_id.as_str(), m.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("avg", MismatchKind::StaleAverage),
                ("count", MismatchKind::StaleCount),
                ("missing", MismatchKind::MissingRow),
                ("orphan", MismatchKind::NoLiveReviews),
            ]
        );
        assert_eq!(r.targets, 5);
        assert_eq!(r.live_reviews, 11);
    }
}
