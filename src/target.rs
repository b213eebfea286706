//! What a command can ask of the chosen target, answering "this target does not serve that" in
//! one place: `store()` (KV + SQL: local, cloudflare, wrangler-dev) and `reviews()` (the review service: the SQL
//! implementation over a store, or the Worker API).
//!
//! To serve reviews from another target, implement `crate::reviews::ReviewStore` and return it from
//! the `TargetKind` arm of `open_reviews` below; every `mkt reviews …` command then works on it.

use std::sync::Arc;

use crate::config::Settings;
use crate::config::TargetKind;
use crate::error::HasExitStatus;
use crate::exit::{ExitStatus, Failure};
use crate::reviews::sql::SqlReviews;
use crate::reviews::ReviewStore;
use crate::store::local::{self, Access};
use crate::store::{cloudflare, postgres, Log, Store, StoreError};

/// A capability a command needs from its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Workers KV and the SQL database (health, index, backfill skills, skills, seed, db).
    KvSql,
    /// Reviews and their aggregates (`mkt reviews`, `backfill reviews`).
    Reviews,
}

impl Service {
    fn what(self) -> &'static str {
        match self {
            Service::KvSql => "KV and SQL",
            Service::Reviews => "reviews",
        }
    }
}

/// The one "this target does not serve that" error (a usage error: exit 2).
pub fn unsupported(kind: TargetKind, service: Service) -> anyhow::Error {
    let hint = match (kind, service) {
        (TargetKind::Api, Service::KvSql) => {
            "the api target serves reviews and admin endpoints only; use --target local or cloudflare for this command"
                .to_string()
        }
        (k, s) => format!("the {} target does not serve {}", k.as_str(), s.what()),
    };
    Failure::usage(hint)
}

/// The review service of a target, and where it points (for the stderr line).
#[derive(Clone)]
pub struct Reviews {
    pub service: Arc<dyn ReviewStore>,
    pub description: String,
    pub kind: TargetKind,
}

impl Reviews {
    pub fn requests(&self) -> u64 {
        self.service.requests()
    }
}

/// Opens KV + SQL of the configured target.
pub async fn open_store(settings: &Settings, log: Option<Log>) -> anyhow::Result<Store> {
    open_store_for(settings, log, Access::Adopt).await
}

/// Opens KV + SQL for what the command does with them: a read never creates the local store,
/// a write is refused on a read-only one (see [`Access`]).
pub async fn open_store_for(
    settings: &Settings,
    log: Option<Log>,
    access: Access,
) -> anyhow::Result<Store> {
    let mut store = open_kv_sql(settings, log, access).await?;
    if let Some(pg) = &settings.durable_postgres {
        let (sql, description) = postgres::open(pg);
        let queries = sql.queries.clone();
        store.durable =
            crate::durable::DurableDb::separate(sql, crate::schema::Dialect::Postgres, description)
                .counting(queries);
    }
    Ok(store)
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

async fn open_kv_sql(
    settings: &Settings,
    log: Option<Log>,
    access: Access,
) -> anyhow::Result<Store> {
    match settings.target {
        TargetKind::Local => {
            let (path, layout) = (settings.local_path.clone(), settings.layout.clone());
            // Opening runs SQLite (and maybe migrations): keep it off the async threads.
            Ok(
                tokio::task::spawn_blocking(move || local::open_as(&path, &layout, access))
                    .await
                    .map_err(|e| anyhow::anyhow!("opening the local store: {e}"))??,
            )
        }
        TargetKind::Cloudflare => {
            let cf = settings
                .cloudflare
                .as_ref()
                .ok_or_else(|| Failure::usage("the cloudflare target is not configured"))?;
            let options = cloudflare::ClientOptions {
                log,
                budget_dir: settings.cache_dir.clone(),
                allow_insecure_http: settings.allow_insecure_http,
                ..Default::default()
            };
            Ok(cloudflare::open_with(cf, options).await?)
        }
        TargetKind::WranglerDev => {
            let dev = settings
                .wrangler_dev
                .as_ref()
                .ok_or_else(|| Failure::usage("the wrangler-dev target is not configured"))?;
            let options = cloudflare::ClientOptions {
                log,
                ..Default::default()
            };
            cloudflare::open_wrangler_dev(dev, options)
                .await
                .map_err(|e| refuse_writes_when_unreadable(e, access))
        }
        other => Err(unsupported(other, Service::KvSql)),
    }
}

/// Opens the review service of the configured target.
pub async fn open_reviews(settings: &Settings, log: Option<Log>) -> anyhow::Result<Reviews> {
    open_reviews_for(settings, log, Access::Adopt).await
}

/// Opens the review service for what the command does with it (see [`Access`]).
pub async fn open_reviews_for(
    settings: &Settings,
    log: Option<Log>,
    access: Access,
) -> anyhow::Result<Reviews> {
    match settings.target {
        TargetKind::Local | TargetKind::Cloudflare | TargetKind::WranglerDev => {
            let store = open_store_for(settings, log, access).await?;
            Ok(reviews_over(store, settings))
        }
        TargetKind::Api => {
            let client = crate::worker::open(settings, log)?;
            Ok(Reviews {
                description: format!("marketplace Worker API {}", client.base_url()),
                service: Arc::new(crate::worker::reviews::ApiReviews::new(Arc::new(client))),
                kind: TargetKind::Api,
            })
        }
        #[allow(unreachable_patterns)]
        other => Err(unsupported(other, Service::Reviews)),
    }
}

/// The SQL review service over an open store (seed, tests and benchmarks use it directly).
pub fn reviews_over(store: Store, settings: &Settings) -> Reviews {
    let description = store.description.clone();
    let kind = store.target;
    Reviews {
        service: Arc::new(SqlReviews::new(store, &settings.layout)),
        description,
        kind,
    }
}
