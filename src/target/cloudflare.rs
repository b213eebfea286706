//! The cloudflare target: Workers KV and D1 through the REST API v4, on the operator's account.

use async_trait::async_trait;

use super::{Kind, Service};
use crate::config::{Settings, TargetKind};
use crate::exit::Failure;
use crate::store::cloudflare::{open_with, ClientOptions};
use crate::store::local::Access;
use crate::store::{Log, Store};

pub(super) struct Cloudflare;

#[async_trait]
impl Kind for Cloudflare {
    fn kind(&self) -> TargetKind {
        TargetKind::Cloudflare
    }
    fn serves(&self, service: Service) -> bool {
        matches!(service, Service::KvSql | Service::Reviews)
    }
    fn is_remote(&self) -> bool {
        true
    }
    async fn open_kv_sql(
        &self,
        settings: &Settings,
        log: Option<Log>,
        _access: Access,
    ) -> anyhow::Result<Store> {
        let cf = settings
            .cloudflare
            .as_ref()
            .ok_or_else(|| Failure::usage("the cloudflare target is not configured"))?;
        let options = ClientOptions {
            log,
            budget_dir: settings.cache_dir.clone(),
            allow_insecure_http: settings.allow_insecure_http,
            ..Default::default()
        };
        Ok(open_with(cf, options).await?)
    }
}
