//! The review model: exactly the columns of seed 000's `reviews` and `review_aggregates` tables.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a review is about: `skill` or `mcp` (the `target_type` CHECK constraint).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetType {
    Skill,
    Mcp,
}

impl TargetType {
    pub const ALL: [TargetType; 2] = [TargetType::Skill, TargetType::Mcp];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::Skill => "skill",
            TargetType::Mcp => "mcp",
        }
    }
    /// `skill` or `mcp`, exactly (the column's CHECK constraint is case-sensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "skill" => Some(TargetType::Skill),
            "mcp" => Some(TargetType::Mcp),
            _ => None,
        }
    }
}

impl fmt::Display for TargetType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reviewed thing: a skill slug or an MCP server id, with its type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TargetRef {
    pub target_type: TargetType,
    pub target_id: String,
}

impl TargetRef {
    pub fn new(target_type: TargetType, target_id: impl Into<String>) -> Self {
        TargetRef {
            target_type,
            target_id: target_id.into(),
        }
    }
}

impl fmt::Display for TargetRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.target_type, self.target_id)
    }
}

/// One row of `reviews`. Timestamps are RFC 3339 UTC with milliseconds when mkt wrote them;
/// rows written by other programs are shown as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: String,
    pub target_type: TargetType,
    pub target_id: String,
    pub display_name: String,
    pub rating: i64,
    pub title: String,
    pub body: String,
    pub source: String,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

impl Review {
    pub fn target(&self) -> TargetRef {
        TargetRef::new(self.target_type, self.target_id.clone())
    }
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
    /// Same content ignoring the timestamps' spelling (`…00Z` and `…00.000Z` are one instant).
    pub fn same_as(&self, other: &Review) -> bool {
        self.same_with(other, crate::reviews::validate::same_instant)
    }
    /// The fields a writer sets: everything but id and timestamps.
    pub fn same_fields(&self, other: &Review) -> bool {
        self.target_type == other.target_type
            && self.target_id == other.target_id
            && self.display_name == other.display_name
            && self.rating == other.rating
            && self.title == other.title
            && self.body == other.body
            && self.source == other.source
    }
    /// Same id, fields and timestamps, the timestamps compared by `same_time`.
    pub fn same_with(&self, other: &Review, same_time: fn(&str, &str) -> bool) -> bool {
        self.id == other.id
            && self.same_fields(other)
            && same_time(&self.created_at, &other.created_at)
            && same_time(&self.updated_at, &other.updated_at)
            && match (&self.deleted_at, &other.deleted_at) {
                (None, None) => true,
                (Some(a), Some(b)) => same_time(a, b),
                _ => false,
            }
    }
}

/// The default `source` column value (the schema's DEFAULT).
pub const DEFAULT_SOURCE: &str = "signet";

/// What `reviews add` asks for. `id` and timestamps are filled in by `validate::new_review`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReview {
    pub id: Option<String>,
    pub target_type: String,
    pub target_id: String,
    pub display_name: String,
    pub rating: i64,
    pub title: String,
    pub body: String,
    pub source: Option<String>,
}

/// What `reviews edit` changes; `None` keeps the stored value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPatch {
    pub rating: Option<i64>,
    pub title: Option<String>,
    pub body: Option<String>,
    pub display_name: Option<String>,
}

impl ReviewPatch {
    pub fn is_empty(&self) -> bool {
        self.rating.is_none()
            && self.title.is_none()
            && self.body.is_none()
            && self.display_name.is_none()
    }
}

/// Default page size of `reviews list` (the Worker's `limit` default in seed 000's contract).
pub const DEFAULT_LIST_LIMIT: usize = 50;
/// The largest page one call returns.
pub const MAX_LIST_LIMIT: usize = 10_000;

/// A listing: one target's reviews (newest `updated_at` first, the order `idx_reviews_target`
/// serves), or all targets filtered by display name, time and rating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub target: Option<TargetRef>,
    /// Exact display name (after trimming).
    pub display_name: Option<String>,
    /// Only reviews written (created or edited) at or after this instant (RFC 3339 UTC, ms).
    pub since: Option<String>,
    pub rating: Option<i64>,
    pub include_deleted: bool,
    pub limit: usize,
    pub offset: usize,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            target: None,
            display_name: None,
            since: None,
            rating: None,
            include_deleted: false,
            limit: DEFAULT_LIST_LIMIT,
            offset: 0,
        }
    }
}

/// A page of a listing.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReviewPage {
    pub reviews: Vec<Review>,
    /// Reviews matching the query in all pages; `None` when the target cannot tell without
    /// reading every page (a Worker API that sends no `total`).
    pub total: Option<u64>,
}

/// One row of `review_aggregates`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    pub target_type: String,
    pub target_id: String,
    pub review_count: i64,
    pub avg_rating: f64,
    pub updated_at: String,
}

/// Count and average over a target's live reviews, computed from `reviews` (not stored).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Computed {
    pub target_type: String,
    pub target_id: String,
    pub review_count: i64,
    pub avg_rating: f64,
}

/// Averages closer than this agree (REAL round trips through JSON and SQL's AVG).
pub const AVG_TOLERANCE: f64 = 1e-9;

/// `reviews summary`: what `reviews` says, what `review_aggregates` stores, and whether they agree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub target_type: TargetType,
    pub target_id: String,
    /// Live reviews (not soft-deleted), computed from `reviews`.
    pub review_count: i64,
    /// Their mean rating; 0 when there are none (the column's default).
    pub avg_rating: f64,
    /// The stored aggregate row, if any.
    pub stored: Option<Aggregate>,
    /// The stored row matches the computation (no row and no live reviews also agree).
    pub agrees: bool,
}

impl Summary {
    pub fn new(target: TargetRef, computed: Option<Computed>, stored: Option<Aggregate>) -> Self {
        let (count, avg) = computed
            .map(|c| (c.review_count, c.avg_rating))
            .unwrap_or((0, 0.0));
        let agrees = match &stored {
            None => count == 0,
            Some(s) => {
                count > 0 && s.review_count == count && (s.avg_rating - avg).abs() <= AVG_TOLERANCE
            }
        };
        Summary {
            target_type: target.target_type,
            target_id: target.target_id,
            review_count: count,
            avg_rating: avg,
            stored,
            agrees,
        }
    }
}

/// What a write did, for the command's result line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WriteOutcome {
    pub review: Review,
    /// False when the write was a no-op (deleting a deleted review, restoring a live one).
    pub changed: bool,
    /// The target's aggregate after the write, recomputed in the same request.
    pub aggregate: Option<Aggregate>,
}

/// A `review_sync_events` row (`push`/`pull`, `ok`/`error`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncEvent {
    pub id: String,
    pub direction: String,
    pub status: String,
    pub error: Option<String>,
    pub created_at: String,
}
