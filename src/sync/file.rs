//! The local staging file as sync reads and rewrites it. Records are parsed by
//! `reviews::staging` (both shapes, both spellings); a rewrite keeps the file's shape, its other
//! top-level keys, every record it does not change byte for byte, unknown fields of the records it
//! does change, each record's field spelling, and malformed records untouched.
//!
//! The file is replaced atomically: the new text goes to a temporary file in the same directory,
//! is fsynced, the previous version is copied to `.mkt/backups/`, and a rename puts the new one in
//! place (then the directory is fsynced). An interrupted pull leaves the previous file as it was.
//! The new file keeps the old one's permissions, and a symlink stays a link to the file replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::exit::Failure;
use crate::reviews::staging::{self, Malformed};
use crate::reviews::{Limits, Review};

pub struct LocalFile {
    pub path: PathBuf,
    pub exists: bool,
    /// `None`: a bare array; `Some`: an object whose `reviews` holds the array (other keys kept).
    wrapper: Option<Map<String, Value>>,
    /// The array as read.
    items: Vec<Value>,
    /// Well-formed records and their position in `items`.
    pub records: Vec<(usize, Review)>,
    pub malformed: Vec<Malformed>,
}

/// Seed 000's review columns, the fields a record holds.
use crate::schema::tables::reviews::COLUMNS as FIELDS;
use crate::worker::decode::camel_case as camel;

fn value_of(r: &Review, field: &str) -> Value {
    match field {
        "id" => json!(r.id),
        "target_type" => json!(r.target_type.as_str()),
        "target_id" => json!(r.target_id),
        "display_name" => json!(r.display_name),
        "rating" => json!(r.rating),
        "title" => json!(r.title),
        "body" => json!(r.body),
        "source" => json!(r.source),
        "created_at" => json!(r.created_at),
        "updated_at" => json!(r.updated_at),
        _ => json!(r.deleted_at),
    }
}

/// Whether a record spells its fields in camelCase.
fn is_camel(m: &Map<String, Value>) -> bool {
    [
        "targetType",
        "targetId",
        "displayName",
        "createdAt",
        "updatedAt",
    ]
    .iter()
    .any(|k| m.contains_key(*k))
}

impl LocalFile {
    /// Reads the file; a missing one is empty (a pull creates it).
    pub fn read(path: &Path, limits: &Limits) -> anyhow::Result<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(LocalFile {
                    path: path.to_path_buf(),
                    exists: false,
                    wrapper: Some(Map::new()),
                    items: Vec::new(),
                    records: Vec::new(),
                    malformed: Vec::new(),
                })
            }
            Err(e) => {
                return Err(Failure::usage(format!(
                    "cannot read the staging file {}: {e}",
                    path.display()
                )))
            }
        };
        let parsed = staging::parse(&text, limits)
            .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
        // `parse` accepted it, so it is one of the two shapes.
        let (wrapper, items) = match serde_json::from_str::<Value>(&text)? {
            Value::Array(items) => (None, items),
            Value::Object(mut m) => {
                let items = match m.remove("reviews") {
                    Some(Value::Array(a)) => a,
                    _ => Vec::new(),
                };
                (Some(m), items)
            }
            _ => (None, Vec::new()),
        };
        Ok(LocalFile {
            path: path.to_path_buf(),
            exists: true,
            wrapper,
            items,
            records: parsed
                .records
                .into_iter()
                .map(|s| (s.position, s.review))
                .collect(),
            malformed: parsed.malformed,
        })
    }

    pub fn reviews(&self) -> Vec<Review> {
        self.records.iter().map(|(_, r)| r.clone()).collect()
    }

    /// The spelling new records get: the one most records use (camelCase on a tie with none).
    fn camel_style(&self) -> bool {
        let camel = self
            .items
            .iter()
            .filter_map(Value::as_object)
            .filter(|m| is_camel(m))
            .count();
        camel * 2 > self.items.len()
    }

    /// The document with `updates` applied: a record whose id is in the file is rewritten in
    /// place (every copy of it, keeping its spelling and unknown fields), others are appended.
    pub fn updated(&self, updates: &[Review]) -> Value {
        let mut items = self.items.clone();
        let camel_style = self.camel_style();
        for r in updates {
            let positions: Vec<usize> = self
                .records
                .iter()
                .filter(|(_, x)| x.id == r.id)
                .map(|(p, _)| *p)
                .collect();
            if positions.is_empty() {
                let mut m = Map::new();
                for f in FIELDS {
                    let key = if camel_style { camel(f) } else { f.to_string() };
                    m.insert(key, value_of(r, f));
                }
                items.push(Value::Object(m));
                continue;
            }
            for p in positions {
                if let Some(Value::Object(m)) = items.get_mut(p) {
                    let camel_record = is_camel(m);
                    for f in FIELDS {
                        let key = if m.contains_key(f) {
                            f.to_string()
                        } else if m.contains_key(&camel(f)) || camel_record {
                            camel(f)
                        } else {
                            f.to_string()
                        };
                        m.insert(key, value_of(r, f));
                    }
                }
            }
        }
        match &self.wrapper {
            None => Value::Array(items),
            Some(w) => {
                let mut m = w.clone();
                m.insert("reviews".into(), Value::Array(items));
                Value::Object(m)
            }
        }
    }
}

fn io(what: &str, path: &Path, e: std::io::Error) -> anyhow::Error {
    anyhow::anyhow!("cannot {what} {}: {e}", path.display())
}

/// Replaces `path` with `doc` atomically, copying the previous version into `backups_dir` first;
/// returns the backup's path (`None` when there was no file).
pub fn write_atomic(
    path: &Path,
    doc: &Value,
    backups_dir: &Path,
) -> anyhow::Result<Option<PathBuf>> {
    // A symlinked file (dotfiles, a shared checkout) stays a link: the file it points at is the
    // one replaced, in its own directory so the rename stays atomic.
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            resolved = std::fs::canonicalize(path).map_err(|e| io("resolve", path, e))?;
            resolved.as_path()
        }
        _ => path,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| io("create", &dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "reviews.json".into());
    // A run killed before its rename left its temporary file: it never became the file, drop it
    // — unless its process still runs (another pull of the same file, about to rename it).
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let prefix = format!(".{name}.mkt-");
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            let Some(pid) = n
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(".tmp"))
            else {
                continue;
            };
            if !process_alive(pid) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    let tmp = dir.join(format!(".{name}.mkt-{}.tmp", std::process::id()));
    let mut text = serde_json::to_string_pretty(doc)?;
    text.push('\n');
    {
        let mut open = std::fs::OpenOptions::new();
        open.write(true).create(true).truncate(true);
        // Readable by the owner only until it has the old file's permissions.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
        let mut f = open.open(&tmp).map_err(|e| io("write", &tmp, e))?;
        f.write_all(text.as_bytes())
            .map_err(|e| io("write", &tmp, e))?;
        // The new version keeps the old one's permissions (a private 0600 file stays private).
        if let Ok(m) = std::fs::metadata(path) {
            f.set_permissions(m.permissions())
                .map_err(|e| io("set the permissions of", &tmp, e))?;
        }
        f.sync_all().map_err(|e| io("sync", &tmp, e))?;
    }
    // Test hook: die with the new text written but not yet in place.
    crate::repair::failpoint("sync_pull_before_rename", 1);
    let backup = if path.exists() {
        std::fs::create_dir_all(backups_dir).map_err(|e| io("create", backups_dir, e))?;
        let stem = name.trim_end_matches(".json");
        let b = backups_dir.join(format!("{stem}-{}.json", crate::repair::timestamp()));
        std::fs::copy(path, &b).map_err(|e| io("back up", path, e))?;
        Some(b)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io("replace", path, e));
    }
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(backup)
}

/// Whether the process that named a temporary file still runs (Linux: `/proc/<pid>`; elsewhere
/// only this process counts, as before).
fn process_alive(pid: &str) -> bool {
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    if pid == std::process::id() {
        return false;
    }
    cfg!(target_os = "linux") && Path::new(&format!("/proc/{pid}")).exists()
}

/// Keeps the copy a sync did not take: `.mkt/conflicts/<id>-<ts>.json` holding both versions.
pub fn save_conflict(
    conflicts_dir: &Path,
    direction: &str,
    local: &Review,
    remote: &Review,
) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(conflicts_dir).map_err(|e| io("create", conflicts_dir, e))?;
    let safe: String = local
        .id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let path = conflicts_dir.join(format!("{safe}-{}.json", crate::repair::timestamp()));
    let doc = json!({
        "id": local.id,
        "direction": direction,
        "detected_at": crate::reviews::validate::now(),
        "kept_in_file": "local",
        "local": local,
        "remote": remote,
    });
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    std::fs::write(&path, text).map_err(|e| io("write", &path, e))?;
    Ok(path)
}
