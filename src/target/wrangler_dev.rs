//! The wrangler-dev target: a running `wrangler dev`, through its Local Explorer API on the
//! Cloudflare client. Its state is the developer's own, on this machine.

use async_trait::async_trait;

use super::{Kind, Service};
use crate::config::{Settings, TargetKind};
use crate::error::HasExitStatus;
use crate::exit::{ExitStatus, Failure};
use crate::store::cloudflare::{open_wrangler_dev, ClientOptions};
use crate::store::local::Access;
use crate::store::{Log, Store, StoreError};

pub(super) struct WranglerDev;

#[async_trait]
impl Kind for WranglerDev {
    fn kind(&self) -> TargetKind {
        TargetKind::WranglerDev
    }
    fn serves(&self, service: Service) -> bool {
        matches!(service, Service::KvSql | Service::Reviews)
    }
    fn is_remote(&self) -> bool {
        false
    }
    async fn open_kv_sql(
        &self,
        settings: &Settings,
        log: Option<Log>,
        access: Access,
    ) -> anyhow::Result<Store> {
        let dev = settings
            .wrangler_dev
            .as_ref()
            .ok_or_else(|| Failure::usage("the wrangler-dev target is not configured"))?;
        let options = ClientOptions {
            log,
            ..Default::default()
        };
        open_wrangler_dev(dev, options)
            .await
            .map_err(|e| refuse_writes_when_unreadable(e, access))
    }
}

/// A target that cannot be read when it opens (wrangler dev not running, its explorer off) is an
/// incomplete read (exit 4) for a reading command and a refusal (exit 5) for a writing one, before
/// anything was written.
fn refuse_writes_when_unreadable(err: StoreError, access: Access) -> anyhow::Error {
    if access != Access::Read && err.exit_status() == ExitStatus::Incomplete {
        Failure::refused(format!("{err}; nothing was written"))
    } else {
        err.into()
    }
}
