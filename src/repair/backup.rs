//! Backups of what a repair overwrites: the index blob goes to a local file under `.mkt/backups/`
//! and to a KV key `<index_key>:backup:<timestamp>`; `mkt index restore` takes either.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

use crate::config::Layout;
use crate::exit::Failure;
use crate::store::{KvPut, Store};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Backup {
    pub file: String,
    pub kv_key: String,
}

impl Backup {
    pub fn restore_command(&self) -> String {
        format!("mkt index restore {}", self.file)
    }
}

pub fn backups_dir(state_dir: &Path) -> PathBuf {
    state_dir.join("backups")
}

/// Writes `raw` to both backup places. The local file is written (and synced) first: it exists even
/// when the KV write fails.
pub async fn backup_index(
    store: &Store,
    layout: &Layout,
    state_dir: &Path,
    raw: &[u8],
) -> anyhow::Result<Backup> {
    let ts = super::timestamp();
    let dir = backups_dir(state_dir);
    crate::owner_only::private_dir(&dir)
        .with_context(|| format!("cannot create backup directory {}", dir.display()))?;
    let file = dir.join(format!("{}-{ts}.json", sanitize(&layout.index_key)));
    write_synced(&file, raw)?;
    let kv_key = format!("{}{ts}", layout.index_backup_prefix);
    let text = String::from_utf8_lossy(raw).into_owned();
    let report = store
        .kv
        .put_many(&[KvPut::new(kv_key.clone(), text)])
        .await?;
    if !report.failed.is_empty() {
        anyhow::bail!(
            "could not write the backup key {kv_key}; the local backup is {}",
            file.display()
        );
    }
    Ok(Backup {
        file: file.display().to_string(),
        kv_key,
    })
}

/// Saves the values of keys about to be overwritten or deleted next to the index backups,
/// written as they are serialized (a backup of 100,000 values is never held whole as text).
pub fn backup_values(
    state_dir: &Path,
    what: &str,
    values: &impl Serialize,
) -> anyhow::Result<PathBuf> {
    use std::io::Write;
    let dir = backups_dir(state_dir);
    crate::owner_only::private_dir(&dir)
        .with_context(|| format!("cannot create backup directory {}", dir.display()))?;
    let file = dir.join(format!("{what}-{}.json", super::timestamp()));
    let f = crate::owner_only::create(&file)
        .with_context(|| format!("cannot write backup {}", file.display()))?;
    let mut w = std::io::BufWriter::new(f);
    serde_json::to_writer_pretty(&mut w, values)?;
    w.flush()?;
    w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(file)
}

fn write_synced(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut f = crate::owner_only::create(path)
        .with_context(|| format!("cannot write backup {}", path.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

fn sanitize(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The bytes of a backup named by a local file path, a backup KV key, or a bare timestamp.
pub async fn load_backup(
    store: &Store,
    layout: &Layout,
    cwd: &Path,
    name: &str,
) -> anyhow::Result<(Vec<u8>, String)> {
    let path = crate::config::under(cwd, Path::new(name));
    if path.is_file() {
        let bytes = std::fs::read(&path)
            .with_context(|| format!("cannot read backup {}", path.display()))?;
        return Ok((bytes, path.display().to_string()));
    }
    let key = if name.starts_with(&layout.index_backup_prefix) {
        name.to_string()
    } else {
        format!("{}{name}", layout.index_backup_prefix)
    };
    match store.kv.get(&key).await? {
        Some(v) => Ok((v.bytes, key)),
        None => Err(Failure::usage(format!(
            "no backup {name}: neither a file nor the KV key {key}; list backup files under .mkt/backups/"
        ))),
    }
}
