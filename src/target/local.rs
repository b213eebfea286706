//! The local target: one SQLite file (`--local-path`) holding KV and the D1 tables. Opening it
//! for a write creates mkt's tables (the migrations, idempotent); a read creates nothing.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use serde_json::Value;

use super::{Kind, Service};
use crate::config::{Layout, Settings, TargetKind};
use crate::store::local::{self as file, Access, LocalDb};
use crate::store::{Log, Statement, Store, StoreResult};

pub(super) struct Local;

#[async_trait]
impl Kind for Local {
    fn kind(&self) -> TargetKind {
        TargetKind::Local
    }
    fn serves(&self, service: Service) -> bool {
        matches!(service, Service::KvSql | Service::Reviews)
    }
    fn is_remote(&self) -> bool {
        false
    }
    fn is_local_file(&self) -> bool {
        true
    }
    async fn open_kv_sql(
        &self,
        settings: &Settings,
        _log: Option<Log>,
        access: Access,
    ) -> anyhow::Result<Store> {
        open_off_thread(settings.local_path.clone(), settings.layout.clone(), access).await
    }
}

/// Opens the local store file for what a command does with it (see [`Access`]), with every
/// table mkt uses when it may write: a read never creates the file or a table.
pub fn open_as(path: &Path, layout: &Layout, access: Access) -> StoreResult<Store> {
    let db = file::open_as(path, access)?;
    if access != Access::Read {
        migrate(&db, layout)?;
    }
    Ok(db.into_store(path))
}

/// Opens (creating on first use) the store at `path` with every table: [`Access::Adopt`], as
/// library callers and `mkt db migrate` want it whatever the file held.
pub fn open(path: &Path, layout: &Layout) -> StoreResult<Store> {
    open_as(path, layout, Access::Adopt)
}

/// [`open_as`] on the blocking pool: opening runs SQLite (and maybe migrations).
pub async fn open_off_thread(
    path: PathBuf,
    layout: Layout,
    access: Access,
) -> anyhow::Result<Store> {
    Ok(
        tokio::task::spawn_blocking(move || open_as(&path, &layout, access))
            .await
            .map_err(|e| anyhow::anyhow!("opening the local store: {e}"))??,
    )
}

/// The schema's tables beside what the file holds, idempotently (each is `IF NOT EXISTS`).
fn migrate(db: &LocalDb, layout: &Layout) -> StoreResult<()> {
    let found = db.query_now(&Statement::new(crate::schema::SQLITE_TABLES_SQL))?;
    let tables: Vec<String> = found
        .rows
        .iter()
        .filter_map(|r| r.get("name").and_then(Value::as_str).map(str::to_string))
        .collect();
    for sql in crate::schema::migration_statements_beside(layout, &tables) {
        db.query_now(&Statement::new(sql))?;
    }
    Ok(())
}
