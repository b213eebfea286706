//! The local target: one SQLite file holding KV entries and the D1 tables.

use std::path::Path;

use crate::store::{Store, StoreResult};

pub fn open(_path: &Path) -> StoreResult<Store> {
    Err(crate::store::StoreError::Local(
        "the local target is not built yet".into(),
    ))
}
