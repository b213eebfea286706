//! Local staging file vs remote, review by review (pure).
//!
//! Only content is compared (target, author, rating, title, body, deleted or not: see
//! `base::fingerprint`); `source`, `syncedAt` and timestamps are sync state. Which side changed
//! is decided against the base (each review's fingerprint when it was last in sync): changed on
//! one side, that side wins; changed on both, a conflict. Without a base the daemon's own rule
//! says whether the file's copy changed (pending: `syncedAt` null or older than `updatedAt`), and
//! the newer `updated_at` decides between two changed copies (equal instants: a conflict).
//! Instants compare at millisecond precision, the precision JavaScript's `toISOString()` gives.

use std::collections::BTreeMap;

use serde::Serialize;

use super::base::{fingerprint, same_content};
use super::daemon;
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

/// A review of the staging file with its sync state.
#[derive(Clone, Debug, PartialEq)]
pub struct Local {
    pub review: Review,
    /// `syncedAt` (`synced_at`), when the record has one.
    pub synced_at: Option<String>,
    /// `updatedAt` as the file spells it (the review holds it in mkt's spelling): the daemon
    /// compares the text.
    pub updated_at_text: Option<String>,
}

impl Local {
    /// Pending by the daemon's rule: it would send this record on its next sync.
    pub fn pending(&self) -> bool {
        let updated = self
            .updated_at_text
            .as_deref()
            .unwrap_or(&self.review.updated_at);
        daemon::pending(updated, self.synced_at.as_deref())
    }
}

/// Both copies of one review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pair {
    pub local: Review,
    pub remote: Review,
}

/// A review changed on both sides since the last sync: neither copy is taken.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    pub id: String,
    /// What happened on each side.
    pub kind: &'static str,
    /// The file's copy (`None`: deleted from the file).
    pub local: Option<Review>,
    /// The remote copy (`None`: gone from the remote).
    pub remote: Option<Review>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diff {
    /// The same content on both sides.
    pub same: Vec<Pair>,
    /// In the file only (a push sends them).
    pub only_local: Vec<Review>,
    /// Live remotely, never in the file (a pull adds them).
    pub only_remote: Vec<Review>,
    /// Changed in the file since the last sync (a push sends them).
    pub local_newer: Vec<Pair>,
    /// Changed remotely since the last sync (a pull takes them).
    pub remote_newer: Vec<Pair>,
    /// Deleted remotely (soft-deleted, or gone after being in sync), unchanged in the file since:
    /// a pull removes them from the file (the file's copy).
    pub deleted_remotely: Vec<Review>,
    /// In sync once, deleted from the file since, still live remotely (the remote copy):
    /// `push --propagate-deletes` soft-deletes them.
    pub deleted_locally: Vec<Review>,
    pub conflicts: Vec<Conflict>,
    /// Ids the base knows that neither side holds live any more (the base forgets them).
    pub gone: Vec<String>,
}

impl Diff {
    pub fn in_sync(&self) -> bool {
        self.only_local.is_empty()
            && self.only_remote.is_empty()
            && self.local_newer.is_empty()
            && self.remote_newer.is_empty()
            && self.deleted_remotely.is_empty()
            && self.deleted_locally.is_empty()
            && self.conflicts.is_empty()
    }
    /// What a push sends: local copies the remote lacks or holds older.
    pub fn to_push(&self) -> Vec<Review> {
        let mut out = self.only_local.clone();
        // The remote keeps its own `source` (its provenance): only content travels.
        out.extend(self.local_newer.iter().map(|p| Review {
            source: p.remote.source.clone(),
            ..p.local.clone()
        }));
        out
    }
    /// What a pull writes into the file: remote copies the file lacks or holds older.
    pub fn to_pull(&self) -> Vec<Review> {
        let mut out = self.only_remote.clone();
        out.extend(self.remote_newer.iter().map(|p| p.remote.clone()));
        out
    }
    /// Ids a pull removes from the file.
    pub fn to_remove(&self) -> Vec<String> {
        self.deleted_remotely.iter().map(|r| r.id.clone()).collect()
    }
}

/// Within one side the newest copy of an id counts (a staging file may repeat one).
fn by_id<T>(items: &[T], review: impl Fn(&T) -> &Review) -> BTreeMap<&str, &T> {
    let mut m: BTreeMap<&str, &T> = BTreeMap::new();
    for x in items {
        let r = review(x);
        match m.get(r.id.as_str()) {
            Some(cur) if newer(&review(cur).updated_at, &r.updated_at).is_ge() => {}
            _ => {
                m.insert(r.id.as_str(), x);
            }
        }
    }
    m
}

/// Compares by id. `remote` holds live reviews and whatever deleted ones the remote showed;
/// `base` is each id's fingerprint at the last sync.
pub fn diff(local: &[Local], remote: &[Review], base: &BTreeMap<String, String>) -> Diff {
    let l = by_id(local, |x: &Local| &x.review);
    let r = by_id(remote, |x: &Review| x);
    let mut d = Diff::default();
    for (id, lr) in &l {
        let b = base.get(*id).map(String::as_str);
        let local_changed = match b {
            Some(fp) => fingerprint(&lr.review) != fp,
            None => lr.pending(),
        };
        let Some(rr) = r.get(id) else {
            match b {
                // In sync once and now gone from the remote altogether (a Worker that hides
                // deleted reviews by id, or a purge): a deletion like any other.
                Some(_) if !local_changed => d.deleted_remotely.push(lr.review.clone()),
                Some(_) => d.conflicts.push(Conflict {
                    id: id.to_string(),
                    kind: "changed in the file, gone from the remote",
                    local: Some(lr.review.clone()),
                    remote: None,
                }),
                None => d.only_local.push(lr.review.clone()),
            }
            continue;
        };
        let rr: &Review = rr;
        let pair = || Pair {
            local: lr.review.clone(),
            remote: rr.clone(),
        };
        if same_content(&lr.review, rr) {
            if rr.is_deleted() {
                // Deleted on both sides, yet in the file, where the daemon shows it as live.
                d.deleted_remotely.push(lr.review.clone());
            } else {
                d.same.push(pair());
            }
            continue;
        }
        let remote_changed = b.map(|fp| fingerprint(rr) != fp);
        let conflict = |kind| Conflict {
            id: id.to_string(),
            kind,
            local: Some(lr.review.clone()),
            remote: Some(rr.clone()),
        };
        match (local_changed, remote_changed) {
            (true, Some(true)) => d.conflicts.push(conflict(if rr.is_deleted() {
                "changed in the file, deleted remotely"
            } else {
                "changed on both sides"
            })),
            (true, Some(false)) => d.local_newer.push(pair()),
            (false, _) if rr.is_deleted() => d.deleted_remotely.push(lr.review.clone()),
            (false, _) => d.remote_newer.push(pair()),
            // No base, a pending copy in the file: the later change wins.
            (true, None) => {
                let remote_at = rr.deleted_at.as_deref().unwrap_or(&rr.updated_at);
                match newer(&lr.review.updated_at, remote_at) {
                    std::cmp::Ordering::Greater if rr.is_deleted() => d.conflicts.push(conflict(
                        "changed in the file after it was deleted remotely",
                    )),
                    std::cmp::Ordering::Greater => d.local_newer.push(pair()),
                    std::cmp::Ordering::Less if rr.is_deleted() => {
                        d.deleted_remotely.push(lr.review.clone())
                    }
                    std::cmp::Ordering::Less => d.remote_newer.push(pair()),
                    std::cmp::Ordering::Equal => d
                        .conflicts
                        .push(conflict("changed on both sides at the same instant")),
                }
            }
        }
    }
    for (id, rr) in &r {
        if l.contains_key(id) {
            continue;
        }
        let b = base.get(*id).map(String::as_str);
        match (b, rr.is_deleted()) {
            (None, false) => d.only_remote.push((*rr).clone()),
            (None, true) => {}
            (Some(_), true) => d.gone.push(id.to_string()),
            (Some(fp), false) if fingerprint(rr) == fp => d.deleted_locally.push((*rr).clone()),
            (Some(_), false) => d.conflicts.push(Conflict {
                id: id.to_string(),
                kind: "deleted from the file, changed remotely",
                local: None,
                remote: Some((*rr).clone()),
            }),
        }
    }
    // Base entries for ids no side shows any more.
    for id in base.keys() {
        if !l.contains_key(id.as_str()) && !r.contains_key(id.as_str()) {
            d.gone.push(id.clone());
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
    fn pending(r: Review) -> Local {
        Local {
            review: r,
            synced_at: None,
            updated_at_text: None,
        }
    }
    fn synced(r: Review) -> Local {
        let at = r.updated_at.clone();
        Local {
            review: r,
            synced_at: Some(at),
            updated_at_text: None,
        }
    }
    fn ids<T>(v: &[T], f: impl Fn(&T) -> &str) -> Vec<&str> {
        v.iter().map(f).collect()
    }

    #[test]
    fn without_a_base_the_later_change_wins_and_equal_instants_conflict() {
        let local = vec![
            pending(rev("same", "t", "2026-01-02T00:00:00.123Z")),
            pending(rev("mine", "t", "2026-01-02T00:00:00Z")),
            pending(rev("l-new", "new", "2026-01-03T00:00:00Z")),
            pending(rev("r-new", "old", "2026-01-02T00:00:00Z")),
            pending(rev("clash", "local text", "2026-01-02T00:00:00Z")),
            // Synced and unchanged since: the remote's change is taken whatever the clocks say.
            synced(rev("was-synced", "old", "2026-01-09T00:00:00Z")),
        ];
        let mut remote = vec![
            rev("same", "t", "2026-01-02T00:00:00.123456Z"),
            rev("l-new", "old", "2026-01-02T00:00:00Z"),
            rev("r-new", "new", "2026-01-02T00:00:01+00:00"),
            rev("clash", "remote text", "2026-01-02T01:00:00+01:00"),
            rev("theirs", "t", "2026-01-02T00:00:00Z"),
            rev("was-synced", "edited", "2026-01-08T00:00:00Z"),
        ];
        // Sync state and timestamps are not content.
        remote[0].source = "local".into();
        let d = diff(&local, &remote, &BTreeMap::new());
        assert_eq!(ids(&d.same, |p| &p.local.id), ["same"]);
        assert_eq!(ids(&d.only_local, |r| &r.id), ["mine"]);
        assert_eq!(ids(&d.only_remote, |r| &r.id), ["theirs"]);
        assert_eq!(ids(&d.local_newer, |p| &p.local.id), ["l-new"]);
        assert_eq!(
            ids(&d.remote_newer, |p| &p.local.id),
            ["r-new", "was-synced"]
        );
        assert_eq!(ids(&d.conflicts, |c| &c.id), ["clash"]);
        assert_eq!(d.to_push().len(), 2);
        assert_eq!(d.to_pull().len(), 3);
    }

    #[test]
    fn with_a_base_only_changes_on_both_sides_conflict_and_deletes_travel() {
        let at = "2026-01-02T00:00:00.000Z";
        let later = "2026-01-05T00:00:00.000Z";
        let was = |id: &str| rev(id, "t", at);
        let base: BTreeMap<String, String> = [
            "edited-here",
            "edited-there",
            "both",
            "deleted-there",
            "deleted-here",
            "deleted-here-edited-there",
            "gone-both",
        ]
        .iter()
        .map(|id| (id.to_string(), fingerprint(&was(id))))
        .collect();
        let local = vec![
            pending(rev("edited-here", "mine", later)),
            synced(was("edited-there")),
            pending(rev("both", "mine", later)),
            synced(was("deleted-there")),
        ];
        let mut deleted = was("deleted-there");
        deleted.deleted_at = Some(later.into());
        let remote = vec![
            was("edited-here"),
            rev("edited-there", "theirs", later),
            rev("both", "theirs", later),
            deleted,
            was("deleted-here"),
            rev("deleted-here-edited-there", "theirs", later),
        ];
        let d = diff(&local, &remote, &base);
        assert_eq!(ids(&d.local_newer, |p| &p.local.id), ["edited-here"]);
        assert_eq!(ids(&d.remote_newer, |p| &p.local.id), ["edited-there"]);
        assert_eq!(
            ids(&d.conflicts, |c| &c.id),
            ["both", "deleted-here-edited-there"]
        );
        assert_eq!(ids(&d.deleted_remotely, |r| &r.id), ["deleted-there"]);
        assert_eq!(ids(&d.deleted_locally, |r| &r.id), ["deleted-here"]);
        assert_eq!(d.gone, ["gone-both"]);
        assert!(
            d.only_remote.is_empty(),
            "a deletion is never undone by a pull"
        );
    }

    #[test]
    fn a_deleted_remote_review_the_file_never_had_is_not_pulled() {
        let mut r = rev("x", "t", "2026-01-02T00:00:00Z");
        r.deleted_at = Some("2026-01-03T00:00:00Z".into());
        let d = diff(&[], &[r], &BTreeMap::new());
        assert!(d.in_sync(), "{d:?}");
    }
}
