//! A faithful model of seed 000's reviews daemon (reference/real-systems.md), to test mkt
//! against what the daemon really reads and writes:
//! - its file `$SIGNET_PATH/marketplace/reviews.json`: a bare JSON array of camelCase records,
//!   written whole with 2-space indentation on every change;
//! - its read filter: a file that is not an array reads as empty; a record lacking one of
//!   `id, targetType, targetId, displayName, rating, title, body, createdAt, updatedAt` (each a
//!   non-empty trimmed string, kept trimmed; `targetType` `skill` or `mcp`; `rating` a number
//!   whose `Math.round` is in 1..5, kept rounded) is dropped, and erased by its next write
//!   (as in the daemon's own code, Signet-AI/signetai `marketplace-reviews` routes);
//! - new reviews get a random UUID, `source: "local"`, `syncedAt: null`; edits reset `syncedAt`;
//!   deletes are hard;
//! - pending: `syncedAt` null or `updatedAt > syncedAt`, compared as strings, as its code does;
//! - settings `reviews-config.json` `{enabled, endpointUrl, lastSyncAt, lastSyncError}`; its sync
//!   POSTs `{source, type, sentAt, reviews: [pending]}` to `endpointUrl` with no auth header and,
//!   on a 2xx, sets `syncedAt` = now and `source: "synced"` and writes `lastSyncAt`, else
//!   `lastSyncError`;
//! - listing newest `updatedAt` first; a target's summary `{count, avgRating}` to 2 decimals.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

pub struct Daemon {
    /// `SIGNET_PATH`.
    pub signet: PathBuf,
}

const REQUIRED: [&str; 9] = [
    "id",
    "targetType",
    "targetId",
    "displayName",
    "rating",
    "title",
    "body",
    "createdAt",
    "updatedAt",
];

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// One record as the daemon keeps it after reading, or `None` when it drops it: every text a
/// string, kept trimmed and non-empty; `targetType` exactly `skill` or `mcp`; `rating` a finite
/// number, kept as `Math.round` of it and dropped outside 1..5; `source` anything but `synced`
/// is `local`; `syncedAt` anything but a string is null; other fields are not kept.
pub fn normalize(item: &Value) -> Option<Value> {
    let m = item.as_object()?;
    let text = |k: &str| {
        m.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    for k in REQUIRED {
        if k != "rating" {
            text(k)?;
        }
    }
    let target_type = m.get("targetType").and_then(Value::as_str)?;
    if target_type != "skill" && target_type != "mcp" {
        return None;
    }
    let rating = m.get("rating")?.as_f64().filter(|f| f.is_finite())?;
    // JavaScript's Math.round: halves towards +infinity.
    let rating = (rating + 0.5).floor();
    if !(1.0..=5.0).contains(&rating) {
        return None;
    }
    let s = |k: &str| text(k).unwrap();
    Some(json!({
        "id": s("id"),
        "targetType": target_type,
        "targetId": s("targetId"),
        "displayName": s("displayName"),
        "rating": rating as i64,
        "title": s("title"),
        "body": s("body"),
        "source": if m.get("source").and_then(Value::as_str) == Some("synced") { "synced" } else { "local" },
        "createdAt": s("createdAt"),
        "updatedAt": s("updatedAt"),
        "syncedAt": m.get("syncedAt").and_then(Value::as_str).map(str::to_string),
    }))
}

/// The daemon's pending rule: `syncedAt` null, or `updatedAt > syncedAt` as JavaScript compares
/// two strings (text, not instants).
pub fn is_pending(r: &Value) -> bool {
    let Some(synced) = r["syncedAt"].as_str() else {
        return true;
    };
    let updated = r["updatedAt"].as_str().unwrap_or("");
    updated > synced
}

impl Daemon {
    pub fn new(signet: &Path) -> Self {
        std::fs::create_dir_all(signet.join("marketplace")).unwrap();
        Daemon {
            signet: signet.to_path_buf(),
        }
    }
    pub fn file(&self) -> PathBuf {
        self.signet.join("marketplace").join("reviews.json")
    }
    pub fn settings_path(&self) -> PathBuf {
        self.signet.join("marketplace").join("reviews-config.json")
    }

    /// What the daemon reads: the records it keeps (a missing or non-array file reads as empty).
    pub fn read(&self) -> Vec<Value> {
        let Ok(text) = std::fs::read_to_string(self.file()) else {
            return Vec::new();
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Array(items)) => items.iter().filter_map(normalize).collect(),
            _ => Vec::new(),
        }
    }

    /// Its whole-file write: `JSON.stringify(reviews, null, 2)`.
    fn write(&self, reviews: &[Value]) {
        std::fs::write(
            self.file(),
            serde_json::to_string_pretty(&Value::Array(reviews.to_vec())).unwrap(),
        )
        .unwrap();
    }

    /// `POST /api/marketplace/reviews`: a new review; returns its id.
    pub fn create(
        &self,
        target_type: &str,
        target_id: &str,
        display_name: &str,
        rating: i64,
        title: &str,
        body: &str,
    ) -> String {
        let mut all = self.read();
        let id = uuid::Uuid::new_v4().to_string();
        let at = now();
        all.push(json!({
            "id": id, "targetType": target_type, "targetId": target_id,
            "displayName": display_name, "rating": rating, "title": title, "body": body,
            "source": "local", "createdAt": at, "updatedAt": at, "syncedAt": null,
        }));
        self.write(&all);
        id
    }

    /// `PATCH`: changes fields, bumps `updatedAt`, resets `syncedAt`.
    pub fn edit(&self, id: &str, changes: Value) -> bool {
        let mut all = self.read();
        let Some(r) = all.iter_mut().find(|r| r["id"] == id) else {
            return false;
        };
        for (k, v) in changes.as_object().unwrap() {
            r[k] = v.clone();
        }
        r["updatedAt"] = json!(now());
        r["syncedAt"] = Value::Null;
        self.write(&all);
        true
    }

    /// `DELETE`: hard, the record leaves the file.
    pub fn delete(&self, id: &str) -> bool {
        let mut all = self.read();
        let before = all.len();
        all.retain(|r| r["id"] != id);
        self.write(&all);
        all.len() < before
    }

    /// A target's reviews, newest `updatedAt` first.
    pub fn list(&self, target_type: &str, target_id: &str) -> Vec<Value> {
        let mut out: Vec<Value> = self
            .read()
            .into_iter()
            .filter(|r| r["targetType"] == target_type && r["targetId"] == target_id)
            .collect();
        out.sort_by(|a, b| {
            b["updatedAt"]
                .as_str()
                .unwrap()
                .cmp(a["updatedAt"].as_str().unwrap())
        });
        out
    }

    /// `{count, avgRating}` with the average rounded to 2 decimals.
    pub fn summary(&self, target_type: &str, target_id: &str) -> (usize, f64) {
        let list = self.list(target_type, target_id);
        if list.is_empty() {
            return (0, 0.0);
        }
        let sum: i64 = list.iter().map(|r| r["rating"].as_i64().unwrap()).sum();
        let avg = sum as f64 / list.len() as f64;
        (list.len(), (avg * 100.0).round() / 100.0)
    }

    pub fn pending(&self) -> Vec<Value> {
        self.read().into_iter().filter(is_pending).collect()
    }

    /// Writes `reviews-config.json` as the daemon's settings screen does.
    pub fn configure(&self, endpoint_url: &str, enabled: bool) {
        std::fs::write(
            self.settings_path(),
            serde_json::to_string_pretty(&json!({
                "enabled": enabled,
                "endpointUrl": endpoint_url,
                "lastSyncAt": null,
                "lastSyncError": null,
            }))
            .unwrap(),
        )
        .unwrap();
    }

    pub fn settings(&self) -> Map<String, Value> {
        serde_json::from_str::<Value>(&std::fs::read_to_string(self.settings_path()).unwrap())
            .unwrap()
            .as_object()
            .unwrap()
            .clone()
    }

    /// Its own sync: pending records to `endpointUrl`, no auth; marks them on a 2xx.
    pub fn sync(&self) -> Result<usize, String> {
        let mut settings = self.settings();
        let url = settings["endpointUrl"].as_str().unwrap().to_string();
        let mut all = self.read();
        let pending: Vec<Value> = all.iter().filter(|r| is_pending(r)).cloned().collect();
        let body = json!({
            "source": "signet-marketplace",
            "type": "reviews-sync",
            "sentAt": now(),
            "reviews": pending,
        });
        let outcome = post(&url, &body.to_string());
        match outcome {
            Ok(status) if (200..300).contains(&status) => {
                let at = now();
                let ids: Vec<&Value> = pending.iter().map(|r| &r["id"]).collect();
                for r in all.iter_mut().filter(|r| ids.contains(&&r["id"])) {
                    r["syncedAt"] = json!(at);
                    r["source"] = json!("synced");
                }
                self.write(&all);
                settings.insert("lastSyncAt".into(), json!(at));
                settings.insert("lastSyncError".into(), Value::Null);
                self.write_settings(&settings);
                Ok(pending.len())
            }
            other => {
                let e = match other {
                    Ok(s) => format!("HTTP {s}"),
                    Err(e) => e,
                };
                settings.insert("lastSyncError".into(), json!(e));
                self.write_settings(&settings);
                Err(e)
            }
        }
    }

    fn write_settings(&self, settings: &Map<String, Value>) {
        std::fs::write(
            self.settings_path(),
            serde_json::to_string_pretty(&Value::Object(settings.clone())).unwrap(),
        )
        .unwrap();
    }
}

/// A plain HTTP/1.1 POST on loopback (`http://host:port/path`); returns the status code.
fn post(url: &str, body: &str) -> Result<u16, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("not http: {url}"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let mut stream = std::net::TcpStream::connect(host).map_err(|e| e.to_string())?;
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nX-Signet-Sync: 1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(req.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut resp = String::new();
    stream
        .read_to_string(&mut resp)
        .map_err(|e| e.to_string())?;
    resp.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no status line in {resp:?}"))
}
