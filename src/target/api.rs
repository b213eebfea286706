//! The api target: the marketplace's deployed Worker (seed 000's HTTP contract). It serves
//! reviews and the admin endpoints; KV and D1 stay behind it.

use std::sync::Arc;

use async_trait::async_trait;

use super::{Kind, Reviews, Service};
use crate::config::{Settings, TargetKind};
use crate::store::local::Access;
use crate::store::{Log, Store};
use crate::worker::reviews::ApiReviews;

pub(super) struct Api;

#[async_trait]
impl Kind for Api {
    fn kind(&self) -> TargetKind {
        TargetKind::Api
    }
    fn serves(&self, service: Service) -> bool {
        service == Service::Reviews
    }
    fn is_remote(&self) -> bool {
        true
    }
    fn not_served(&self, service: Service) -> String {
        match service {
            Service::KvSql => "the api target serves reviews and admin endpoints only; use --target local or cloudflare for this command".into(),
            Service::Reviews => format!("the api target does not serve {}", service.what()),
        }
    }
    async fn open_kv_sql(
        &self,
        _settings: &Settings,
        _log: Option<Log>,
        _access: Access,
    ) -> anyhow::Result<Store> {
        Err(super::unsupported(TargetKind::Api, Service::KvSql))
    }
    async fn open_reviews(
        &self,
        settings: &Settings,
        log: Option<Log>,
        _access: Access,
    ) -> anyhow::Result<Reviews> {
        let client = crate::worker::open(settings, log)?;
        Ok(Reviews {
            description: format!("marketplace Worker API {}", client.base_url()),
            service: Arc::new(ApiReviews::new(Arc::new(client))),
        })
    }
}
