//! Seed 000's reviews daemon as it really keeps its staging file and settings
//! (reference/real-systems.md): a bare array of camelCase records at
//! `$SIGNET_PATH/marketplace/reviews.json`, written whole with 2-space indentation; records
//! lacking a required field are dropped when it reads (and erased by its next write); `source`
//! and `syncedAt` are its sync state; settings in `reviews-config.json` beside the file.
//!
//! Everything mkt writes into the file passes `drop_reason` first, so the daemon keeps it.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::reviews::validate::{format_instant, parse_instant};
use crate::reviews::Review;

pub const FILE_NAME: &str = "reviews.json";
pub const SETTINGS_NAME: &str = "reviews-config.json";
/// The path of the ingest endpoint the daemon's `endpointUrl` names in full.
pub const INGEST_SUFFIX: &str = "/ingest/signet-reviews";
/// What the daemon's sync sets `source` to once a record has landed.
pub const SYNCED: &str = "synced";

/// A record's fields as the daemon writes them, in its order (snake_case: mkt's other spelling).
pub const FIELDS: [&str; 11] = [
    "id",
    "target_type",
    "target_id",
    "display_name",
    "rating",
    "title",
    "body",
    "source",
    "created_at",
    "updated_at",
    "synced_at",
];

/// The fields without which the daemon drops a record on reading.
pub const REQUIRED: [&str; 9] = [
    "id",
    "target_type",
    "target_id",
    "display_name",
    "rating",
    "title",
    "body",
    "created_at",
    "updated_at",
];

/// Why the daemon would drop this review if mkt wrote it (`None`: it keeps it). Each required
/// text must be non-empty once trimmed, and the rating one the daemon keeps as it is.
pub fn drop_reason(r: &Review) -> Option<String> {
    let texts = [
        ("id", r.id.as_str()),
        ("targetId", r.target_id.as_str()),
        ("displayName", r.display_name.as_str()),
        ("title", r.title.as_str()),
        ("body", r.body.as_str()),
        ("createdAt", r.created_at.as_str()),
        ("updatedAt", r.updated_at.as_str()),
    ];
    if let Some((k, _)) = texts.iter().find(|(_, v)| v.trim().is_empty()) {
        return Some(format!(
            "its {k} is empty, and the daemon drops records without one"
        ));
    }
    // The daemon would round it into 1..5: a different rating than D1 holds.
    (!(1..=5).contains(&r.rating)).then(|| {
        format!(
            "its rating {} is outside 1..5, which the daemon would change",
            r.rating
        )
    })
}

/// Why the daemon drops this record when it reads the file (`None`: it keeps it): its read
/// filter, on the camelCase fields it alone reads — each text a non-empty trimmed string,
/// `targetType` exactly `skill` or `mcp`, `rating` a finite number that rounds into 1..5.
pub fn read_drop_reason(item: &Value) -> Option<String> {
    let Some(m) = item.as_object() else {
        return Some("it is not a JSON object".into());
    };
    for field in REQUIRED {
        let key = crate::worker::decode::camel_case(field);
        let problem = match m.get(&key) {
            Some(Value::Number(n)) if field == "rating" => match n.as_f64() {
                Some(f) if f.is_finite() && (1.0..=5.0).contains(&js_round(f)) => continue,
                Some(f) if f.is_finite() => "rounds to a value outside 1..5",
                _ => "is not a finite number",
            },
            Some(_) if field == "rating" => "is not a number",
            Some(Value::String(s)) if field == "target_type" => {
                if s == "skill" || s == "mcp" {
                    continue;
                }
                "is neither \"skill\" nor \"mcp\""
            }
            Some(Value::String(s)) if !s.trim().is_empty() => continue,
            Some(Value::String(_)) => "is empty",
            Some(_) => "is not a string",
            None if m.contains_key(field) && key != field => {
                return Some(format!(
                    "it spells {key} as {field}, and the daemon reads camelCase fields only"
                ))
            }
            None => return Some(format!("it has no {key}")),
        };
        return Some(format!("its {key} {problem}"));
    }
    None
}

/// JavaScript's `Math.round`: halves round up (towards +∞), not away from zero.
fn js_round(f: f64) -> f64 {
    (f + 0.5).floor()
}

/// The daemon's pending rule, exactly as it counts: never synced, or `updatedAt > syncedAt`
/// compared as text (JavaScript's `>` on strings), on the record's own spelling of both. Two
/// spellings of one instant can differ here (`…00Z` sorts after `…00.000Z`): that is what the
/// daemon sees, so mkt counts it so and marks such records with a `syncedAt` that sorts last.
pub fn pending(updated_at: &str, synced_at: Option<&str>) -> bool {
    let Some(synced) = synced_at.filter(|s| !s.is_empty()) else {
        return true;
    };
    updated_at > synced
}

/// The `syncedAt` a record whose `updatedAt` is `updated_at` (its text in the file) gets when it
/// lands now, in `toISOString()` form: never before `updatedAt`, as an instant (a Worker clock
/// ahead of this one must not leave a pulled review pending) nor as text (the daemon compares
/// text); when the instant's spelling would sort before the record's own text, that text itself.
pub fn synced_at(now: &str, updated_at: &str) -> String {
    let now_t = parse_instant(now);
    let up_t = parse_instant(updated_at);
    let at = match (now_t, up_t) {
        (Some(n), Some(u)) => format_instant(n.max(u)),
        (Some(n), None) => format_instant(n),
        _ => now.to_string(),
    };
    if at.as_str() < updated_at {
        updated_at.to_string()
    } else {
        at
    }
}

/// `$SIGNET_PATH/marketplace` (`~/.agents/marketplace` when unset), as config resolved it.
pub fn marketplace_dir(signet_path: &Path) -> PathBuf {
    signet_path.join("marketplace")
}

/// The daemon's settings file: `reviews-config.json` beside the staging file.
pub fn settings_path(file: &Path) -> PathBuf {
    file.parent()
        .map(|d| d.join(SETTINGS_NAME))
        .unwrap_or_else(|| PathBuf::from(SETTINGS_NAME))
}

/// `reviews-config.json` as read: every key kept for the rewrite.
#[derive(Clone, Debug)]
pub struct Settings {
    pub path: PathBuf,
    doc: Map<String, Value>,
}

impl Settings {
    /// The settings beside `file`, when there are any. A file that is not a JSON object is an
    /// error naming it (mkt never rewrites what it cannot read).
    pub fn beside(file: &Path) -> anyhow::Result<Option<Settings>> {
        let path = settings_path(file);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => anyhow::bail!("cannot read the daemon's settings {}: {e}", path.display()),
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(doc)) => Ok(Some(Settings { path, doc })),
            Ok(_) => anyhow::bail!(
                "the daemon's settings {} are not a JSON object; fix or remove the file",
                path.display()
            ),
            Err(e) => anyhow::bail!(
                "the daemon's settings {} are not JSON ({e}); fix or remove the file",
                path.display()
            ),
        }
    }

    /// `endpointUrl`: the full ingest URL the daemon's sync POSTs to.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.doc
            .get("endpointUrl")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// `enabled` (the daemon's own sync is on), when the file says.
    pub fn enabled(&self) -> Option<bool> {
        self.doc.get("enabled").and_then(Value::as_bool)
    }

    /// Records a sync's outcome as the daemon's own sync does: `lastSyncAt` on success (and no
    /// error), `lastSyncError` on failure. Re-read just before writing so a concurrent change to
    /// any other key survives; replaced atomically.
    pub fn record_sync(path: &Path, at: &str, error: Option<&str>) -> anyhow::Result<()> {
        let mut doc = match std::fs::read_to_string(path) {
            Ok(t) => {
                match serde_json::from_str::<Value>(t.strip_prefix('\u{feff}').unwrap_or(&t)) {
                    Ok(Value::Object(m)) => m,
                    _ => anyhow::bail!(
                    "the daemon's settings {} are no longer a JSON object; lastSyncAt not written",
                    path.display()
                ),
                }
            }
            Err(e) => anyhow::bail!("cannot read the daemon's settings {}: {e}", path.display()),
        };
        match error {
            None => {
                doc.insert("lastSyncAt".into(), Value::String(at.into()));
                doc.insert("lastSyncError".into(), Value::Null);
            }
            Some(e) => {
                doc.insert("lastSyncError".into(), Value::String(e.into()));
            }
        }
        super::file::write_atomic(path, &Value::Object(doc), None)?;
        Ok(())
    }
}

/// The daemon's endpoint split for mkt: pushes go to `ingest` as given; reads go to the Worker's
/// base, derived when the URL ends in `/ingest/signet-reviews`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub ingest: String,
    pub base: Option<String>,
}

impl Endpoint {
    /// A URL as a setting holds it: the ingest URL when it ends in the ingest path; otherwise
    /// the daemon's value is still the ingest URL (no base known), mkt's own a Worker base.
    pub fn parse(url: &str, full_ingest_url: bool) -> Endpoint {
        let url = url.trim().trim_end_matches('/');
        match url.strip_suffix(INGEST_SUFFIX) {
            Some(base) => Endpoint {
                ingest: url.to_string(),
                base: Some(base.to_string()),
            },
            None if full_ingest_url => Endpoint {
                ingest: url.to_string(),
                base: None,
            },
            None => Endpoint {
                ingest: format!("{url}{INGEST_SUFFIX}"),
                base: Some(url.to_string()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_is_the_daemons_rule() {
        assert!(pending("2026-01-01T00:00:00.000Z", None));
        assert!(pending("2026-01-01T00:00:00.000Z", Some("")));
        assert!(!pending(
            "2026-01-01T00:00:00.000Z",
            Some("2026-01-01T00:00:00.000Z")
        ));
        assert!(pending(
            "2026-01-02T00:00:00.000Z",
            Some("2026-01-01T00:00:00.000Z")
        ));
        // The daemon compares text: one instant in two spellings is pending when the update's
        // spelling sorts after ('Z' after '.'), as the daemon counts it.
        assert!(pending(
            "2026-01-01T00:00:00Z",
            Some("2026-01-01T00:00:00.000Z")
        ));
        assert!(!pending(
            "2026-01-01T00:00:00.000Z",
            Some("2026-01-01T00:00:00Z")
        ));
    }

    #[test]
    fn synced_at_is_never_before_updated_at_as_an_instant_or_as_text() {
        assert_eq!(
            synced_at("2026-01-01T00:00:00.000Z", "2026-01-03T00:00:00.000Z"),
            "2026-01-03T00:00:00.000Z"
        );
        assert_eq!(
            synced_at("2026-01-05T00:00:00.000Z", "2026-01-03T00:00:00Z"),
            "2026-01-05T00:00:00.000Z"
        );
        // A future update spelled without milliseconds: its own text, which is not pending.
        let at = synced_at("2026-01-01T00:00:00.000Z", "2026-01-03T00:00:00Z");
        assert_eq!(at, "2026-01-03T00:00:00Z");
        assert!(!pending("2026-01-03T00:00:00Z", Some(&at)));
        // Now, in another offset's spelling that sorts after the instant's.
        let at = synced_at("2026-01-03T00:00:00.000Z", "2026-01-03T03:00:00+05:00");
        assert!(!pending("2026-01-03T03:00:00+05:00", Some(&at)));
        // No instant at all: now, unless the text sorts after it.
        assert_eq!(synced_at("2026-01-01T00:00:00.000Z", "soon"), "soon");
        for (updated, now) in [
            ("2026-06-01 12:00:00", "2026-06-01T11:00:00.000Z"),
            ("2026-06-01T12:00:00.5Z", "2026-06-01T12:00:00.100Z"),
            ("2026-06-01T12:00:00.000Z", "2026-06-01T12:00:00.000Z"),
        ] {
            assert!(
                !pending(updated, Some(&synced_at(now, updated))),
                "{updated}"
            );
        }
    }

    #[test]
    fn the_read_filter_is_the_daemons() {
        let ok = serde_json::json!({
            "id": "a", "targetType": "skill", "targetId": "skills.sh/x", "displayName": "Ann",
            "rating": 4, "title": "t", "body": "b",
            "createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:00.000Z"
        });
        assert_eq!(read_drop_reason(&ok), None);
        let with = |k: &str, v: Value| {
            let mut x = ok.clone();
            x[k] = v;
            read_drop_reason(&x)
        };
        assert_eq!(with("rating", serde_json::json!(4.4)), None);
        assert_eq!(with("rating", serde_json::json!(0.5)), None);
        assert_eq!(with("rating", serde_json::json!(5.49)), None);
        for bad in [0.49, 5.5, 6.0, -1.0, 0.0] {
            assert!(
                with("rating", serde_json::json!(bad)).is_some_and(|r| r.contains("outside 1..5")),
                "{bad}"
            );
        }
        assert!(with("rating", serde_json::json!("4")).is_some());
        for t in ["Skill", "MCP", "plugin", " skill"] {
            assert!(
                with("targetType", serde_json::json!(t)).is_some_and(|r| r.contains("neither")),
                "{t}"
            );
        }
        assert!(with("title", serde_json::json!("  ")).is_some());
    }

    #[test]
    fn endpoints_split_into_ingest_and_base() {
        let e = Endpoint::parse("https://r.example.dev/ingest/signet-reviews", true);
        assert_eq!(e.base.as_deref(), Some("https://r.example.dev"));
        assert_eq!(e.ingest, "https://r.example.dev/ingest/signet-reviews");
        let e = Endpoint::parse("https://r.example.dev/hooks/reviews", true);
        assert_eq!(e.base, None);
        assert_eq!(e.ingest, "https://r.example.dev/hooks/reviews");
        let e = Endpoint::parse("https://r.example.dev/", false);
        assert_eq!(e.ingest, "https://r.example.dev/ingest/signet-reviews");
        assert_eq!(e.base.as_deref(), Some("https://r.example.dev"));
    }
}
