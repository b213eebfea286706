//! `--settle`: Workers KV is eventually consistent — a write may take up to 60 s to show in
//! listings and reads elsewhere — so a finding about a skill that changed moments ago may be the
//! lag, not drift. A finding whose record (`updatedAt`, `publishedAt`) or durable row
//! (`updated_at`) says it changed inside the window is reported as settling and does not fail
//! the run; the window and the count are in the report, so nothing is hidden.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{Map, Value};

use super::HealthReport;
use crate::config::Layout;
use crate::sources::Snapshot;
use crate::store::{SqlValue, Statement, Store};

/// KV's documented worst case for a change to reach listings and reads elsewhere.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60);

/// Beyond this many drifted slugs the window is not applied: that many fresh changes is an
/// incident, not lag, and looking would cost a request per 100 slugs.
pub const MAX_LOOKUPS: usize = 1000;

/// Record fields and row columns that say when a skill last changed.
const RECORD_FIELDS: [&str; 3] = ["updatedAt", "publishedAt", "updated_at"];
const ROW_COLUMNS: [&str; 2] = ["updated_at", "updatedAt"];

/// What the settle check found.
#[derive(Debug, Default)]
pub struct Settled {
    /// Slugs whose record or row changed inside the window.
    pub slugs: BTreeSet<String>,
    /// Why the window could not be applied, when it could not (the findings then count).
    pub skipped: Option<String>,
}

/// The slugs among the report's findings that changed inside `window` of `now`, reading the
/// records and rows it needs that the snapshot does not hold (values only with `--deep`).
pub async fn find(
    store: &Store,
    layout: &Layout,
    snap: &Snapshot,
    report: &HealthReport,
    window: Duration,
    now: DateTime<Utc>,
) -> Settled {
    let mut kv_wanted: BTreeSet<&str> = BTreeSet::new();
    let mut rows_wanted: BTreeSet<&str> = BTreeSet::new();
    for f in report
        .drifts
        .iter()
        .filter(|f| !f.drift.kind.informational())
    {
        let (slug, p) = (f.drift.slug.as_str(), f.drift.presence);
        if p.kv == Some(true) {
            kv_wanted.insert(slug);
        }
        if p.durable == Some(true) {
            rows_wanted.insert(slug);
        }
    }
    let candidates: BTreeSet<&str> = kv_wanted.union(&rows_wanted).copied().collect();
    if candidates.is_empty() {
        return Settled::default();
    }
    if candidates.len() > MAX_LOOKUPS {
        return Settled {
            skipped: Some(format!(
                "{} drifted slugs, more than the {MAX_LOOKUPS} the settle window looks up",
                candidates.len()
            )),
            ..Settled::default()
        };
    }
    let mut settled = Settled::default();
    let mut fresh = |slug: &str, ts: Option<&Value>| {
        if ts.is_some_and(|t| changed_within(t, now, window)) {
            settled.slugs.insert(slug.to_string());
        }
    };

    // Records: from the snapshot (`--deep`), else one bulk read of just these keys.
    let missing: Vec<String> = kv_wanted
        .iter()
        .filter(|s| !matches!(snap.kv_records.get(**s), Some(Ok(_))))
        .map(|s| format!("{}{s}", layout.skill_prefix))
        .collect();
    let mut read = std::collections::BTreeMap::new();
    if !missing.is_empty() {
        match store.kv.get_many(&missing).await {
            Ok(values) => read = values,
            Err(e) => {
                return Settled {
                    skipped: Some(format!("could not read the drifted records: {e}")),
                    ..Settled::default()
                }
            }
        }
    }
    for slug in &kv_wanted {
        let parsed;
        let record = match snap.kv_records.get(*slug) {
            Some(Ok(r)) => Some(r),
            _ => {
                let key = format!("{}{slug}", layout.skill_prefix);
                parsed = read
                    .get(&key)
                    .and_then(|v| v.as_deref())
                    .and_then(|t| serde_json::from_str::<Map<String, Value>>(t).ok());
                parsed.as_ref()
            }
        };
        if let Some(r) = record {
            fresh(slug, RECORD_FIELDS.iter().find_map(|f| r.get(*f)));
        }
    }

    // Rows: from the snapshot when whole rows were read, else one query per 100 names.
    let durable = snap.durable.as_ref();
    let whole = |slug: &str| durable.and_then(|d| d.get(slug)).filter(|r| !r.is_empty());
    let to_query: Vec<&str> = rows_wanted
        .iter()
        .copied()
        .filter(|s| whole(s).is_none())
        .collect();
    for slug in rows_wanted.iter().copied() {
        if let Some(row) = whole(slug) {
            fresh(slug, ROW_COLUMNS.iter().find_map(|c| row.get(*c)));
        }
    }
    for chunk in to_query.chunks(store.sql.limits().params) {
        let stmt = Statement::with(
            format!(
                "SELECT * FROM {} WHERE name IN ({})",
                layout.skills_table,
                vec!["?"; chunk.len()].join(", ")
            ),
            chunk
                .iter()
                .map(|s| SqlValue::Text((*s).to_string()))
                .collect(),
        );
        match store.sql.query(&stmt).await {
            Ok(out) => {
                for row in &out.rows {
                    if let Some(name) = row.get("name").and_then(Value::as_str) {
                        fresh(name, ROW_COLUMNS.iter().find_map(|c| row.get(*c)));
                    }
                }
            }
            Err(e) => {
                return Settled {
                    skipped: Some(format!("could not read the drifted rows: {e}")),
                    ..Settled::default()
                }
            }
        }
    }
    settled
}

/// A timestamp in any form the stores hold it: RFC 3339 text, SQLite's `YYYY-MM-DD HH:MM:SS`,
/// or epoch seconds / milliseconds.
pub fn parse_time(v: &Value) -> Option<DateTime<Utc>> {
    match v {
        Value::String(s) => {
            let s = s.trim();
            DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .ok()
                .or_else(|| {
                    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
                        .iter()
                        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
                        .map(|t| t.and_utc())
                })
                .or_else(|| s.parse::<i64>().ok().and_then(from_epoch))
        }
        Value::Number(n) => n.as_i64().and_then(from_epoch),
        _ => None,
    }
}

/// Epoch seconds, or milliseconds when the number is too large to be seconds (JavaScript's `Date.now()`).
fn from_epoch(n: i64) -> Option<DateTime<Utc>> {
    if n.abs() >= 100_000_000_000 {
        DateTime::from_timestamp_millis(n)
    } else {
        DateTime::from_timestamp(n, 0)
    }
}

/// Changed no longer than `window` ago. A time up to `window` ahead counts too (clocks differ);
/// one further ahead does not, so data stamped in the future is never waved through.
pub fn changed_within(v: &Value, now: DateTime<Utc>, window: Duration) -> bool {
    let Some(t) = parse_time(v) else {
        return false;
    };
    let window = chrono::Duration::from_std(window).unwrap_or(chrono::Duration::MAX);
    (now - t).abs() <= window
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_timestamp_form() {
        let t = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        for v in [
            json!("2026-12-01T10:00:00Z"),
            json!("2026-12-01T10:00:00.000Z"),
            json!("2026-12-01T11:00:00+01:00"),
            json!("2026-12-01 10:00:00"),
            json!(1_796_119_200),
            json!(1_796_119_200_000i64),
            json!("1796119200"),
        ] {
            assert_eq!(parse_time(&v), Some(t), "{v}");
        }
        assert_eq!(parse_time(&json!("yesterday")), None);
        assert_eq!(parse_time(&json!(null)), None);
    }

    #[test]
    fn the_window_is_symmetric_and_bounded() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T10:01:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let w = Duration::from_secs(60);
        assert!(changed_within(&json!("2026-12-01T10:00:30Z"), now, w));
        assert!(changed_within(&json!("2026-12-01T10:00:00Z"), now, w));
        assert!(!changed_within(&json!("2026-12-01T09:59:59Z"), now, w));
        assert!(
            changed_within(&json!("2026-12-01T10:01:30Z"), now, w),
            "slightly ahead"
        );
        assert!(
            !changed_within(&json!("2027-01-01T00:00:00Z"), now, w),
            "far ahead"
        );
    }
}
