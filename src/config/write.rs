//! Writing keys into a profile of `mkt.toml`, for the one command that does (`mkt sync config
//! --write`). Comments, order and formatting of everything else are kept (toml_edit), the result
//! is read back with the same rules as any config file before it replaces the old one, and the
//! replacement is atomic.

use std::path::{Path, PathBuf};

use crate::exit::Failure;

/// Sets `keys` (string values) in `[profiles.<profile>]` of `path`, creating the file or table.
pub fn set_profile_keys(path: &Path, profile: &str, keys: &[(&str, String)]) -> anyhow::Result<()> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Failure::usage(format!(
                "cannot read config {}: {e}",
                path.display()
            )))
        }
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Failure::usage(format!(
            "malformed config {}: {}",
            path.display(),
            e.message().replace('\n', " ")
        ))
    })?;
    let profiles = doc
        .entry("profiles")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| Failure::usage(format!("{}: profiles is not a table", path.display())))?;
    let table = profiles
        .entry(profile)
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
        .as_table_mut()
        .ok_or_else(|| {
            Failure::usage(format!(
                "{}: profiles.{profile} is not a table",
                path.display()
            ))
        })?;
    for (k, v) in keys {
        table.insert(k, toml_edit::value(v.as_str()));
    }
    let new_text = doc.to_string();
    // Never leave a file mkt itself would refuse.
    let tmp = tmp_path(path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // Private until it has the old file's permissions (a temporary file is never readable by others).
    crate::owner_only::write(&tmp, &new_text)?;
    if let Ok(m) = std::fs::metadata(path) {
        std::fs::set_permissions(&tmp, m.permissions())?;
    }
    if let Err(e) = super::file::load_file(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        anyhow::anyhow!("cannot replace {}: {e}", path.display())
    })?;
    Ok(())
}

fn tmp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "mkt.toml".into());
    path.with_file_name(format!(".{name}.mkt-{}.tmp", std::process::id()))
}
