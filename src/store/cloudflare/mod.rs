//! The Cloudflare target: REST API v4 for Workers KV and D1 (reference/cloudflare-api.md).

use crate::config::CloudflareSettings;
use crate::store::{Store, StoreResult};

pub async fn open(_settings: &CloudflareSettings) -> StoreResult<Store> {
    Err(crate::store::StoreError::Local(
        "the cloudflare target is not built yet".into(),
    ))
}
