//! The exact backup of one run: `.mkt/backups/<run-id>.jsonl`, written (and synced) before the
//! run's first write. One JSON object a line: a header naming the run and its target, then one
//! line per KV key the run overwrites, deletes or creates — whether it existed, its raw bytes
//! (text, or base64 where they are not UTF-8), metadata and expiration, and a fingerprint of what
//! the run writes there — and one line per durable row it updates (every column) or inserts (its
//! key). `mkt runs undo` puts back exactly what the lines hold.
//!
//! A resumed run appends only keys its earlier attempts had not backed up: the first attempt's
//! "before" is the state before the run, whatever the resumed attempt finds.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::store::{KvEntry, KvPut, Row};

/// Written as the header's `version`.
pub const VERSION: u32 = 1;

/// The first line: which run, on which target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub version: u32,
    pub run_id: String,
    pub command: String,
    pub created_at: String,
    /// `local`, `cloudflare`, `wrangler-dev`.
    pub target: String,
    /// Where the target points (the local file, the account and namespace).
    pub target_description: String,
    /// The durable table the row lines are for, when there are any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub durable: Option<DurableRef>,
}

/// The durable table of the row lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DurableRef {
    pub table: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub dialect: String,
    /// Where it lives: the target's own database, or a separate one (PostgreSQL).
    pub description: String,
    pub key: String,
}

/// A KV value exactly as stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    /// The bytes as text, when they are UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The bytes as base64, when they are not UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base64: Option<String>,
    #[serde(default)]
    pub metadata: Option<Value>,
    #[serde(default)]
    pub expiration: Option<i64>,
}

impl Stored {
    pub fn of(e: &KvEntry) -> Self {
        let (text, base64) = match e.text() {
            Some(t) => (Some(t.to_string()), None),
            None => (
                None,
                Some(base64::engine::general_purpose::STANDARD.encode(&e.bytes)),
            ),
        };
        Stored {
            text,
            base64,
            metadata: e.metadata.clone(),
            expiration: e.expiration,
        }
    }

    pub fn bytes(&self) -> Vec<u8> {
        match (&self.text, &self.base64) {
            (Some(t), _) => t.clone().into_bytes(),
            (None, Some(b)) => base64::engine::general_purpose::STANDARD
                .decode(b)
                .unwrap_or_default(),
            (None, None) => Vec::new(),
        }
    }

    pub fn entry(&self) -> KvEntry {
        KvEntry {
            bytes: self.bytes(),
            metadata: self.metadata.clone(),
            expiration: self.expiration,
            complete: true,
        }
    }
}

/// What a run writes at a key: a fingerprint of the bytes, and the metadata and expiration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Written {
    pub sha256: String,
    #[serde(default)]
    pub metadata: Option<Value>,
    #[serde(default)]
    pub expiration: Option<i64>,
}

impl Written {
    pub fn of_put(p: &KvPut) -> Self {
        Written {
            sha256: sha256_hex(&p.value_bytes()),
            metadata: p.metadata.clone(),
            expiration: p.expiration,
        }
    }
    pub fn of_entry(e: &KvEntry) -> Self {
        Written {
            sha256: sha256_hex(&e.bytes),
            metadata: e.metadata.clone(),
            expiration: e.expiration,
        }
    }
    /// Whether `e` is what was written.
    pub fn matches(&self, e: &KvEntry) -> bool {
        self.sha256 == sha256_hex(&e.bytes)
            && self.metadata == e.metadata
            && self.expiration == e.expiration
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// One KV key the run writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KvLine {
    pub key: String,
    /// `skill`, `index`, `alias` or `index_backup` (the index backup key the run made).
    pub role: String,
    pub existed: bool,
    /// The value before the run (when it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Stored>,
    /// What the run writes there; `None`: the run deletes the key.
    pub after: Option<Written>,
}

/// One durable row the run writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowLine {
    pub key: String,
    pub existed: bool,
    /// Every column of the row before the run (when it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Row>,
    /// The columns the run writes; `None`: the run deletes the row.
    pub after: Option<Row>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Line {
    Run(Header),
    Kv(KvLine),
    Row(RowLine),
}

/// The header of a run on `store`, with the durable table (in `db`) its row lines are for.
pub fn header(
    store: &crate::store::Store,
    run_id: &str,
    command: &str,
    durable: Option<(&crate::durable::DurableDb, &crate::schema::SkillTable)>,
) -> Header {
    Header {
        version: VERSION,
        run_id: run_id.to_string(),
        command: command.to_string(),
        created_at: super::timestamp(),
        target: target_name(store).to_string(),
        target_description: store.description.clone(),
        durable: durable.map(|(db, t)| DurableRef {
            table: t.table.clone(),
            schema: t.schema.clone(),
            dialect: t.dialect.as_str().to_string(),
            description: db.description().unwrap_or(&store.description).to_string(),
            key: t.key.clone(),
        }),
    }
}

/// The target kind a store was opened as (`local`, `cloudflare`, `wrangler-dev`).
pub fn target_name(store: &crate::store::Store) -> &'static str {
    store.kind.as_str()
}

/// Where run `run_id`'s backup is.
pub fn path_of(state_dir: &Path, run_id: &str) -> PathBuf {
    super::backup::backups_dir(state_dir).join(format!("{run_id}.jsonl"))
}

/// Appends lines to a run's backup; lines for keys already there are skipped (a resumed run).
pub struct Writer {
    pub path: PathBuf,
    out: std::io::BufWriter<std::fs::File>,
    kv_seen: HashSet<String>,
    rows_seen: HashSet<String>,
}

impl Writer {
    /// Opens run `header.run_id`'s backup, creating it with its header.
    pub fn open(state_dir: &Path, header: &Header) -> anyhow::Result<Self> {
        let dir = super::backup::backups_dir(state_dir);
        crate::owner_only::private_dir(&dir)
            .with_context(|| format!("cannot create backup directory {}", dir.display()))?;
        let path = path_of(state_dir, &header.run_id);
        let (mut kv_seen, mut rows_seen) = (HashSet::new(), HashSet::new());
        let exists = path.exists();
        if exists {
            for line in read_lines(&path)? {
                match line {
                    Line::Kv(k) => {
                        kv_seen.insert(k.key);
                    }
                    Line::Row(r) => {
                        rows_seen.insert(r.key);
                    }
                    Line::Run(_) => {}
                }
            }
        }
        // It holds whole values and rows: readable by its owner only.
        let file = crate::owner_only::options()
            .create(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("cannot write backup {}", path.display()))?;
        let mut w = Writer {
            path,
            out: std::io::BufWriter::new(file),
            kv_seen,
            rows_seen,
        };
        if !exists {
            w.line(&Line::Run(header.clone()))?;
        }
        Ok(w)
    }

    fn line(&mut self, line: &Line) -> anyhow::Result<()> {
        serde_json::to_writer(&mut self.out, line)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    pub fn kv(&mut self, line: KvLine) -> anyhow::Result<()> {
        if self.kv_seen.insert(line.key.clone()) {
            self.line(&Line::Kv(line))?;
        }
        Ok(())
    }

    pub fn row(&mut self, line: RowLine) -> anyhow::Result<()> {
        if self.rows_seen.insert(line.key.clone()) {
            self.line(&Line::Row(line))?;
        }
        Ok(())
    }

    /// Flushes and syncs: the backup is on disk before the first write.
    pub fn finish(self) -> anyhow::Result<PathBuf> {
        let file = self
            .out
            .into_inner()
            .map_err(|e| anyhow::anyhow!("cannot write backup: {}", e.error()))?;
        file.sync_all()
            .with_context(|| "cannot sync the run's backup")?;
        Ok(self.path)
    }
}

fn read_lines(path: &Path) -> anyhow::Result<Vec<Line>> {
    let f = std::fs::File::open(path)
        .with_context(|| format!("cannot read backup {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read backup {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(&line) {
            Ok(l) => out.push(l),
            // A torn last line (a crash mid-write, before any write to the store) is ignored.
            Err(_) => {
                anyhow::ensure!(
                    n + 1 == std::fs::read_to_string(path)?.lines().count(),
                    "backup {} is damaged at line {}",
                    path.display(),
                    n + 1
                );
            }
        }
    }
    Ok(out)
}

/// A run's backup as read.
#[derive(Clone, Debug, Default)]
pub struct RunBackup {
    pub path: PathBuf,
    pub header: Option<Header>,
    pub kv: Vec<KvLine>,
    pub rows: Vec<RowLine>,
}

impl RunBackup {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let mut b = RunBackup {
            path: path.to_path_buf(),
            ..Default::default()
        };
        for line in read_lines(path)? {
            match line {
                Line::Run(h) => b.header = Some(h),
                Line::Kv(k) => b.kv.push(k),
                Line::Row(r) => b.rows.push(r),
            }
        }
        Ok(b)
    }

    /// Bytes of the backup file.
    pub fn size(&self) -> u64 {
        std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_and_a_resume_skips_keys_already_backed_up() {
        let dir = tempfile_dir();
        let header = Header {
            version: VERSION,
            run_id: "r1".into(),
            command: "backfill-skills".into(),
            created_at: "t".into(),
            target: "local".into(),
            target_description: "local store x".into(),
            durable: None,
        };
        let binary = KvEntry {
            bytes: vec![0xff, 0x00, b'a'],
            metadata: Some(serde_json::json!({"owner": "ops"})),
            expiration: Some(2_000_000_000),
            complete: true,
        };
        let mut w = Writer::open(&dir, &header).unwrap();
        w.kv(KvLine {
            key: "skill:a".into(),
            role: "skill".into(),
            existed: true,
            before: Some(Stored::of(&binary)),
            after: None,
        })
        .unwrap();
        w.finish().unwrap();
        let mut w = Writer::open(&dir, &header).unwrap();
        w.kv(KvLine {
            key: "skill:a".into(),
            role: "skill".into(),
            existed: false,
            before: None,
            after: None,
        })
        .unwrap();
        w.finish().unwrap();
        let b = RunBackup::load(&path_of(&dir, "r1")).unwrap();
        assert_eq!(b.header, Some(header));
        assert_eq!(b.kv.len(), 1);
        assert_eq!(b.kv[0].before.as_ref().unwrap().entry(), binary);
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("mkt-run-backup-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
