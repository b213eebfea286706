//! Local staging file vs remote, review by review (pure). Idempotent by id: the newer
//! `updated_at` wins; equal instants with different content are conflicts, which keep both copies.
//! Instants compare at millisecond precision, the precision mkt writes and JavaScript's
//! `toISOString()` gives, so a copy that went through the Worker and back is still "the same".

use std::collections::BTreeMap;

use serde::Serialize;

use crate::reviews::validate::parse_instant;
use crate::reviews::Review;

/// Milliseconds since the epoch, when the text is RFC 3339.
fn millis(s: &str) -> Option<i64> {
    parse_instant(s).map(|t| t.timestamp_millis())
}

/// Same instant at millisecond precision (or the same text when either does not parse).
pub fn same_ms(a: &str, b: &str) -> bool {
    match (millis(a), millis(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn newer(a: &str, b: &str) -> std::cmp::Ordering {
    match (millis(a), millis(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// Equal content: every field, timestamps at millisecond precision.
pub fn same_review(a: &Review, b: &Review) -> bool {
    a.same_with(b, same_ms)
}

/// Both copies of one review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pair {
    pub local: Review,
    pub remote: Review,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diff {
    pub same: usize,
    pub only_local: Vec<Review>,
    pub only_remote: Vec<Review>,
    pub local_newer: Vec<Pair>,
    pub remote_newer: Vec<Pair>,
    /// Same `updated_at`, different content: neither side wins.
    pub conflicts: Vec<Pair>,
}

impl Diff {
    pub fn in_sync(&self) -> bool {
        self.only_local.is_empty()
            && self.only_remote.is_empty()
            && self.local_newer.is_empty()
            && self.remote_newer.is_empty()
            && self.conflicts.is_empty()
    }
    /// What a push sends: local copies the remote lacks or holds older.
    pub fn to_push(&self) -> Vec<Review> {
        let mut out = self.only_local.clone();
        out.extend(self.local_newer.iter().map(|p| p.local.clone()));
        out
    }
    /// What a pull takes: remote copies the file lacks or holds older.
    pub fn to_pull(&self) -> Vec<Review> {
        let mut out = self.only_remote.clone();
        out.extend(self.remote_newer.iter().map(|p| p.remote.clone()));
        out
    }
}

/// Compares by id. Within one side the newest copy of an id counts (a staging file may repeat one).
pub fn diff(local: &[Review], remote: &[Review]) -> Diff {
    fn by_id(reviews: &[Review]) -> BTreeMap<&str, &Review> {
        let mut m: BTreeMap<&str, &Review> = BTreeMap::new();
        for r in reviews {
            match m.get(r.id.as_str()) {
                Some(cur) if newer(&cur.updated_at, &r.updated_at).is_ge() => {}
                _ => {
                    m.insert(r.id.as_str(), r);
                }
            }
        }
        m
    }
    let (l, r) = (by_id(local), by_id(remote));
    let mut d = Diff::default();
    for (id, lr) in &l {
        match r.get(id) {
            None => d.only_local.push((*lr).clone()),
            Some(rr) if same_review(lr, rr) => d.same += 1,
            Some(rr) => {
                let pair = Pair {
                    local: (*lr).clone(),
                    remote: (*rr).clone(),
                };
                match newer(&lr.updated_at, &rr.updated_at) {
                    std::cmp::Ordering::Greater => d.local_newer.push(pair),
                    std::cmp::Ordering::Less => d.remote_newer.push(pair),
                    std::cmp::Ordering::Equal => d.conflicts.push(pair),
                }
            }
        }
    }
    for (id, rr) in &r {
        if !l.contains_key(id) {
            d.only_remote.push((*rr).clone());
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reviews::TargetType;

    fn rev(id: &str, title: &str, at: &str) -> Review {
        Review {
            id: id.into(),
            target_type: TargetType::Skill,
            target_id: "x".into(),
            display_name: "A".into(),
            rating: 4,
            title: title.into(),
            body: "b".into(),
            source: "signet".into(),
            created_at: "2026-01-01T00:00:00.000Z".into(),
            updated_at: at.into(),
            deleted_at: None,
        }
    }

    #[test]
    fn newer_wins_equal_instants_conflict_and_precision_is_milliseconds() {
        let local = vec![
            rev("same", "t", "2026-01-02T00:00:00.123Z"),
            rev("mine", "t", "2026-01-02T00:00:00Z"),
            rev("l-new", "new", "2026-01-03T00:00:00Z"),
            rev("r-new", "old", "2026-01-02T00:00:00Z"),
            rev("clash", "local text", "2026-01-02T00:00:00Z"),
        ];
        let remote = vec![
            rev("same", "t", "2026-01-02T00:00:00.123456Z"),
            rev("l-new", "old", "2026-01-02T00:00:00Z"),
            rev("r-new", "new", "2026-01-02T00:00:01+00:00"),
            rev("clash", "remote text", "2026-01-02T01:00:00+01:00"),
            rev("theirs", "t", "2026-01-02T00:00:00Z"),
        ];
        let d = diff(&local, &remote);
        assert_eq!(d.same, 1);
        assert_eq!(
            d.only_local
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>(),
            ["mine"]
        );
        assert_eq!(
            d.only_remote
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>(),
            ["theirs"]
        );
        assert_eq!(d.local_newer[0].local.id, "l-new");
        assert_eq!(d.remote_newer[0].remote.id, "r-new");
        assert_eq!(d.conflicts[0].local.title, "local text");
        assert_eq!(d.to_push().len(), 2);
        assert_eq!(d.to_pull().len(), 2);
        assert!(diff(&local, &local).in_sync());
    }
}
