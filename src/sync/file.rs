//! The local staging file as sync reads and rewrites it: the daemon's bare array of camelCase
//! records (reference/real-systems.md), or another shape or spelling a file already has.
//! Records are parsed by `reviews::staging`; a rewrite keeps the file's shape, its other
//! top-level keys, every record it does not change byte for byte, unknown fields of the records
//! it does change, each record's field spelling, and malformed records untouched. A new or empty
//! file becomes what the daemon reads: a bare array of camelCase records with every field it
//! requires, 2-space indented.
//!
//! The file is replaced atomically: the new text goes to a temporary file in the same directory,
//! is fsynced, the previous version is copied to `.mkt/backups/` (when asked), and a rename puts
//! the new one in place (then the directory is fsynced). An interrupted pull leaves the previous
//! file as it was. The new file keeps the old one's permissions, and a symlink stays a link.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use super::daemon::{self, FIELDS};
use super::diff::{Conflict, Local};
use crate::exit::Failure;
use crate::reviews::staging::{self, Malformed};
use crate::reviews::validate::canonical_instant;
use crate::reviews::{Limits, Review};
use crate::worker::decode::camel_case as camel;

pub struct LocalFile {
    pub path: PathBuf,
    pub exists: bool,
    /// `None`: a bare array; `Some`: an object whose `reviews` holds the array (other keys kept).
    wrapper: Option<Map<String, Value>>,
    /// The array as read.
    items: Vec<Value>,
    /// The text began with a byte-order mark (JSON.parse, and so the daemon, cannot read it; a
    /// write by mkt leaves it out).
    bom: bool,
    /// Well-formed records and their position in `items`.
    pub records: Vec<(usize, Local)>,
    pub malformed: Vec<Malformed>,
}

/// What a sync writes into the file.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    /// Remote copies written in (replacing every copy of the id, else appended), marked synced.
    pub upserts: Vec<Review>,
    /// Ids removed (every copy).
    pub removals: Vec<String>,
    /// Ids marked as landed, as the daemon's own sync marks them.
    pub marks: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.removals.is_empty() && self.marks.is_empty()
    }
    fn ids(&self) -> impl Iterator<Item = &str> {
        self.upserts
            .iter()
            .map(|r| r.id.as_str())
            .chain(self.removals.iter().map(String::as_str))
            .chain(self.marks.iter().map(String::as_str))
    }
    /// Without the changes to these ids.
    pub fn without(&mut self, ids: &[String]) {
        self.upserts.retain(|r| !ids.contains(&r.id));
        self.removals.retain(|i| !ids.contains(i));
        self.marks.retain(|i| !ids.contains(i));
    }
}

/// A timestamp as the daemon writes one (`toISOString()`), or as it is when it names no instant.
fn iso(s: &str) -> String {
    canonical_instant(s).unwrap_or_else(|| s.to_string())
}

fn value_of(r: &Review, field: &str, synced_at: &str) -> Value {
    match field {
        "id" => json!(r.id),
        "target_type" => json!(r.target_type.as_str()),
        "target_id" => json!(r.target_id),
        "display_name" => json!(r.display_name),
        "rating" => json!(r.rating),
        "title" => json!(r.title),
        "body" => json!(r.body),
        "source" => json!(daemon::SYNCED),
        "created_at" => json!(iso(&r.created_at)),
        "updated_at" => json!(iso(&r.updated_at)),
        _ => json!(synced_at),
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

/// Whether a record spells its fields in snake_case.
fn is_snake(m: &Map<String, Value>) -> bool {
    [
        "target_type",
        "target_id",
        "display_name",
        "created_at",
        "updated_at",
    ]
    .iter()
    .any(|k| m.contains_key(*k))
}

/// The key a record uses (or would use) for `field`: the spelling it already has for it, else
/// the record's own spelling.
fn key_in(m: &Map<String, Value>, field: &str, camel_record: bool) -> String {
    if m.contains_key(field) {
        field.to_string()
    } else if m.contains_key(&camel(field)) || camel_record {
        camel(field)
    } else {
        field.to_string()
    }
}

/// A record's `updatedAt` (either spelling) as it spells it, when it is a string.
fn updated_at_of(item: &Value) -> Option<String> {
    updated_at_in(item.as_object()?)
}

fn updated_at_in(m: &Map<String, Value>) -> Option<String> {
    m.get("updatedAt")
        .or_else(|| m.get("updated_at"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// A record's `syncedAt` (either spelling), when it is a non-empty string.
fn synced_at_of(item: &Value) -> Option<String> {
    let m = item.as_object()?;
    m.get("syncedAt")
        .or_else(|| m.get("synced_at"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl LocalFile {
    /// Reads the file; a missing one is empty (a pull creates it as the daemon's bare array).
    pub fn read(path: &Path, limits: &Limits) -> anyhow::Result<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(LocalFile {
                    path: path.to_path_buf(),
                    exists: false,
                    wrapper: None,
                    items: Vec::new(),
                    bom: false,
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
        let bom = text.starts_with('\u{feff}');
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let (wrapper, items) = match serde_json::from_str::<Value>(text)? {
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
        let records = parsed
            .records
            .into_iter()
            .map(|s| {
                let item = items.get(s.position);
                (
                    s.position,
                    Local {
                        review: s.review,
                        synced_at: item.and_then(synced_at_of),
                        updated_at_text: item.and_then(updated_at_of),
                    },
                )
            })
            .collect();
        Ok(LocalFile {
            path: path.to_path_buf(),
            exists: true,
            wrapper,
            items,
            bom,
            records,
            malformed: parsed.malformed,
        })
    }

    pub fn locals(&self) -> Vec<Local> {
        self.records.iter().map(|(_, r)| r.clone()).collect()
    }

    /// Records the reviews daemon would drop on reading this file (and erase on its next write),
    /// with why: every record when the file is not a bare array, else those its filter drops.
    pub fn daemon_drops(&self) -> Vec<Malformed> {
        let (prefix, whole) = match self.wrapper {
            Some(_) => (
                ".reviews",
                Some("the file is an object, not a bare array, and the daemon reads it as empty"),
            ),
            None if self.bom => (
                ".",
                Some("the file starts with a byte-order mark, which the daemon cannot parse: it reads the file as empty (mkt's next write leaves the mark out)"),
            ),
            None => (".", None),
        };
        self.items
            .iter()
            .enumerate()
            .filter_map(|(position, item)| {
                let reason = match whole {
                    Some(w) => w.to_string(),
                    None => daemon::read_drop_reason(item)?,
                };
                Some(Malformed {
                    path: format!("{prefix}[{position}]"),
                    position,
                    id: item.get("id").and_then(Value::as_str).map(str::to_string),
                    reason,
                })
            })
            .collect()
    }

    /// Records the daemon would send on its next sync (its pending rule).
    pub fn pending(&self) -> Vec<String> {
        self.records
            .iter()
            .filter(|(_, r)| r.pending())
            .map(|(_, r)| r.review.id.clone())
            .collect()
    }

    /// The file's records of `id` exactly as read.
    fn raw_of(&self, id: &str) -> Vec<&Value> {
        self.records
            .iter()
            .filter(|(_, r)| r.review.id == id)
            .filter_map(|(p, _)| self.items.get(*p))
            .collect()
    }

    /// Ids whose records differ between this read and `fresh` (changed by someone else since).
    pub fn changed_since(&self, fresh: &LocalFile, changes: &Changes) -> Vec<String> {
        let mut out: Vec<String> = changes
            .ids()
            .filter(|id| self.raw_of(id) != fresh.raw_of(id))
            .map(str::to_string)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The spelling new records get: snake_case only when most records already use it (a new
    /// or empty file, or one of the daemon's, gets camelCase).
    fn camel_style(&self) -> bool {
        let objects = || self.items.iter().filter_map(Value::as_object);
        let camel = objects().filter(|m| is_camel(m)).count();
        let snake = objects().filter(|m| is_snake(m) && !is_camel(m)).count();
        snake <= camel
    }

    /// The document with `changes` applied; `now` is when the reviews landed.
    pub fn updated(&self, changes: &Changes, now: &str) -> Value {
        let camel_style = self.camel_style();
        let positions = |id: &str| -> Vec<usize> {
            self.records
                .iter()
                .filter(|(_, x)| x.review.id == id)
                .map(|(p, _)| *p)
                .collect()
        };
        let mut items: Vec<Option<Value>> = self.items.iter().cloned().map(Some).collect();
        for id in &changes.marks {
            for p in positions(id) {
                let Some(Some(Value::Object(m))) = items.get_mut(p) else {
                    continue;
                };
                let camel_record = is_camel(m) || !is_snake(m) && camel_style;
                // The daemon compares its own text of `updatedAt` with `syncedAt`.
                let updated_at = updated_at_in(m)
                    .or_else(|| {
                        self.records
                            .iter()
                            .find(|(q, _)| *q == p)
                            .map(|(_, r)| r.review.updated_at.clone())
                    })
                    .unwrap_or_default();
                m.insert(key_in(m, "source", camel_record), json!(daemon::SYNCED));
                m.insert(
                    key_in(m, "synced_at", camel_record),
                    json!(daemon::synced_at(now, &updated_at)),
                );
            }
        }
        for id in &changes.removals {
            for p in positions(id) {
                items[p] = None;
            }
        }
        let mut appended = Vec::new();
        for r in &changes.upserts {
            let synced_at = daemon::synced_at(now, &r.updated_at);
            let at = positions(&r.id);
            if at.is_empty() {
                let mut m = Map::new();
                for f in FIELDS {
                    let key = if camel_style { camel(f) } else { f.to_string() };
                    m.insert(key, value_of(r, f, &synced_at));
                }
                appended.push(Value::Object(m));
                continue;
            }
            for p in at {
                if let Some(Some(Value::Object(m))) = items.get_mut(p) {
                    let camel_record = is_camel(m);
                    for f in FIELDS {
                        let key = key_in(m, f, camel_record);
                        m.insert(key, value_of(r, f, &synced_at));
                    }
                    // A live copy replaces a deletion marker an older mkt wrote.
                    for k in ["deleted_at", "deletedAt"] {
                        if let Some(v) = m.get_mut(k) {
                            *v = Value::Null;
                        }
                    }
                }
            }
        }
        let mut items: Vec<Value> = items.into_iter().flatten().collect();
        items.extend(appended);
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

/// Replaces `path` with `doc` (2-space indented) atomically, copying the previous version into
/// `backups_dir` first when given; returns the backup's path (`None` when none was made).
pub fn write_atomic(
    path: &Path,
    doc: &Value,
    backups_dir: Option<&Path>,
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
    let backup = if let Some(backups_dir) = backups_dir.filter(|_| path.exists()) {
        crate::owner_only::private_dir(backups_dir).map_err(|e| io("create", backups_dir, e))?;
        let stem = name.trim_end_matches(".json");
        let b = backups_dir.join(format!("{stem}-{}.json", crate::repair::timestamp()));
        crate::owner_only::copy(path, &b).map_err(|e| io("back up", path, e))?;
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

/// Keeps both copies of a conflict in `.mkt/conflicts/`, one file per conflict: the name holds
/// the id made safe for a file name, a hash of the exact id (`a/b` and `a_b` never share a
/// file) and a hash of both copies' content, so a rerun finds the file it wrote before and a
/// new conflict on the same review gets its own.
pub fn save_conflict(
    conflicts_dir: &Path,
    direction: &str,
    c: &Conflict,
) -> anyhow::Result<PathBuf> {
    use sha2::{Digest, Sha256};
    crate::owner_only::private_dir(conflicts_dir).map_err(|e| io("create", conflicts_dir, e))?;
    let safe: String =
        c.id.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .take(60)
            .collect();
    let short = |s: &str| hex::encode(&Sha256::digest(s.as_bytes())[..4]);
    let fp = |r: &Option<Review>| {
        r.as_ref()
            .map(super::base::fingerprint)
            .unwrap_or_else(|| "none".into())
    };
    let path = conflicts_dir.join(format!(
        "{safe}-{}-{}.json",
        short(&c.id),
        short(&format!("{}/{}", fp(&c.local), fp(&c.remote)))
    ));
    if path.exists() {
        return Ok(path);
    }
    let doc = json!({
        "id": c.id,
        "kind": c.kind,
        "direction": direction,
        "detected_at": crate::reviews::validate::now(),
        "kept_in_file": "local",
        "local": c.local,
        "remote": c.remote,
    });
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    crate::owner_only::write(&path, text).map_err(|e| io("write", &path, e))?;
    Ok(path)
}
