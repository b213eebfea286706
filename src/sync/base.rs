//! What each review looked like when it was last in sync between a staging file and a remote:
//! the fingerprint of its content, by id. It is what makes "changed since the last sync" exact
//! (a conflict is a review changed on both sides since then) and what tells a review deleted
//! from the file from one the file never had.
//!
//! The daemon's file has no room for it (the daemon rewrites records with its own fields only),
//! so it lives beside the file as `.<name>.mkt-sync.json`, wherever mkt runs from, keyed by the
//! remote it was in sync with. Losing it is safe: comparisons fall back to the daemon's own
//! pending rule and timestamps.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::reviews::Review;

/// The fingerprint of what a review says: target, author, rating, title, body, and whether it
/// is deleted. Ids, timestamps and sync state (`source`, `syncedAt`) are not content. Texts are
/// compared trimmed: the daemon trims every text it reads and writes it back so, which is no
/// change of content (and a text without surrounding space fingerprints as it always did).
pub fn fingerprint(r: &Review) -> String {
    let doc = json!([
        r.target_type.as_str(),
        r.target_id.trim(),
        r.display_name.trim(),
        r.rating,
        r.title.trim(),
        r.body.trim(),
        r.is_deleted(),
    ]);
    let digest = Sha256::digest(doc.to_string().as_bytes());
    hex::encode(&digest[..12])
}

/// Same content on both sides (see `fingerprint`).
pub fn same_content(a: &Review, b: &Review) -> bool {
    a.target_type == b.target_type
        && a.target_id.trim() == b.target_id.trim()
        && a.display_name.trim() == b.display_name.trim()
        && a.rating == b.rating
        && a.title.trim() == b.title.trim()
        && a.body.trim() == b.body.trim()
        && a.is_deleted() == b.is_deleted()
}

pub struct Base {
    path: PathBuf,
    remote: String,
    /// Every remote's entries as read (the others are written back untouched).
    doc: Map<String, Value>,
    pub entries: BTreeMap<String, String>,
    changed: bool,
}

/// `.<name>.mkt-sync.json` beside the staging file (beside the file a symlink points at).
pub fn path_for(file: &Path) -> PathBuf {
    let real = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "reviews.json".into());
    real.with_file_name(format!(".{name}.mkt-sync.json"))
}

impl Base {
    /// The entries for `remote`; none when there is no record yet (or it cannot be read: it is
    /// rebuilt by the next sync).
    pub fn load(file: &Path, remote: &str) -> Base {
        let path = path_for(file);
        let doc = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|v| match v {
                Value::Object(m) => Some(m),
                _ => None,
            })
            .unwrap_or_default();
        let entries = doc
            .get("remotes")
            .and_then(|r| r.get(remote))
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        Base {
            path,
            remote: remote.to_string(),
            doc,
            entries,
            changed: false,
        }
    }

    pub fn get(&self, id: &str) -> Option<&str> {
        self.entries.get(id).map(String::as_str)
    }

    /// Both sides hold `r` now.
    pub fn in_sync(&mut self, r: &Review) {
        let fp = fingerprint(r);
        if self.entries.get(&r.id) != Some(&fp) {
            self.entries.insert(r.id.clone(), fp);
            self.changed = true;
        }
    }

    /// Neither side holds it any more.
    pub fn forget(&mut self, id: &str) {
        if self.entries.remove(id).is_some() {
            self.changed = true;
        }
    }

    /// Writes the record when it changed (atomically, owner-only: it names review ids).
    pub fn save(&mut self) -> anyhow::Result<()> {
        if !self.changed {
            return Ok(());
        }
        let mut remotes = match self.doc.remove("remotes") {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        let mine: Map<String, Value> = self
            .entries
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        remotes.insert(self.remote.clone(), Value::Object(mine));
        let mut doc = Map::new();
        doc.insert(
            "about".into(),
            json!("mkt sync: each review's content fingerprint when it was last in sync with each remote; safe to delete"),
        );
        doc.insert("remotes".into(), Value::Object(remotes));
        super::file::write_atomic(&self.path, &Value::Object(doc.clone()), None)?;
        self.doc = doc;
        self.changed = false;
        Ok(())
    }
}
