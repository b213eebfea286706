//! The local side of doctor: the local store's tables (without creating anything) and whether
//! the store and the state directory (`.mkt/`: backups, journals, conflicts) can be written.

use std::path::Path;

use super::Check;
use crate::config::Settings;
use crate::store::local::Access;
use crate::target::local;

pub(super) async fn tables(s: &Settings) -> Vec<Check> {
    if !s.local_path.exists() {
        let why = format!(
            "no local store at {} yet (the first write creates it with every table)",
            s.local_path.display()
        );
        return vec![
            Check::skip("durable_table", why.clone()),
            Check::skip("review_tables", why),
        ];
    }
    let (path, layout) = (s.local_path.clone(), s.layout.clone());
    let opened =
        tokio::task::spawn_blocking(move || local::open_as(&path, &layout, Access::Read)).await;
    match opened {
        Ok(Ok(store)) => super::tables::check(&store, &s.layout).await,
        Ok(Err(e)) => vec![
            Check::fail("durable_table", crate::exit::one_line(&e.into()), "point --local-path (MKT_LOCAL_PATH) at an mkt store, or run `mkt db migrate` to add mkt's tables"),
            Check::skip("review_tables", "needs the local store above"),
        ],
        Err(e) => vec![
            Check::fail("durable_table", format!("opening the local store: {e}"), "retry"),
            Check::skip("review_tables", "needs the local store above"),
        ],
    }
}

/// Whether `path` can be written: the file itself when it exists (opened for writing, nothing
/// changed) and the directory it lives in (SQLite writes journals beside it), else the nearest
/// existing directory above it.
pub(super) fn can_write(path: &Path) -> Result<(), String> {
    if path.exists() && path.is_file() {
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| format!("{} cannot be written: {e}", path.display()))?;
    }
    let mut dir = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(path)
    };
    while !dir.exists() {
        match dir.parent() {
            Some(p) => dir = p,
            None => break,
        }
    }
    let probe = dir.join(format!(".mkt-doctor-{}", std::process::id()));
    match crate::owner_only::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(format!("{} cannot be written: {e}", dir.display())),
    }
}

pub(super) fn writable(local_path: &Path, state_dir: &Path) -> Check {
    let results = [can_write(local_path), can_write(state_dir)];
    let errors: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    if errors.is_empty() {
        let what = |p: &Path| {
            if p.exists() {
                "writable"
            } else {
                "can be created"
            }
        };
        Check::ok(
            "local_store",
            format!(
                "{} {}; {} {} (backups, journals)",
                local_path.display(),
                what(local_path),
                state_dir.display(),
                what(state_dir)
            ),
        )
    } else {
        Check::fail(
            "local_store",
            errors.join("; "),
            "make it writable (chmod u+w), or point --local-path (MKT_LOCAL_PATH) elsewhere and run from a writable directory",
        )
    }
}
