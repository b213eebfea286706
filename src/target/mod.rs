//! The one place that opens a target and decides what it serves. A command asks its [`Target`]
//! for a capability — `kv_sql()` (Workers KV and the SQL database), `durable()` (the durable
//! skills table), `reviews()` (the review service), `worker()` (the marketplace Worker API) — and
//! gets it opened (once per command), or the one "this target does not serve …" error (exit 2).
//! Commands never ask which kind of target they run on; what differs between targets is data
//! here (`is_remote`, `rate_limit`, `is_local_file`, the descriptions).
//!
//! Adding a target: its `TargetKind` in config, one file here implementing [`Kind`], and its arm
//! in [`kind_of`] — the only match on the target kind.

use std::sync::Arc;

use async_trait::async_trait;
use tokio::sync::OnceCell;

use crate::config::{Layout, Settings, TargetKind};
use crate::durable::DurableDb;
use crate::exit::Failure;
use crate::reviews::sql::SqlReviews;
use crate::reviews::ReviewStore;
use crate::store::local::Access;
use crate::store::{postgres, Log, Store};
use crate::worker::WorkerClient;

mod api;
mod cloudflare;
pub mod local;
mod wrangler_dev;

/// A capability a command needs from its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Workers KV and the SQL database, and the durable table beside them (health, index,
    /// backfill skills, skills, seed, db).
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

/// One kind of target: what it serves, where its data lives, and how it opens.
#[async_trait]
trait Kind: Sync {
    fn kind(&self) -> TargetKind;
    fn serves(&self, service: Service) -> bool;
    /// Data that lives elsewhere (an account, a deployed Worker), not on this machine.
    fn is_remote(&self) -> bool;
    /// The target's own data is the local store file (`--local-path`).
    fn is_local_file(&self) -> bool {
        false
    }
    /// The one line saying this target does not serve `service`.
    fn not_served(&self, service: Service) -> String {
        format!(
            "the {} target does not serve {}",
            self.kind().as_str(),
            service.what()
        )
    }
    /// KV + SQL; asked only when `serves(Service::KvSql)`.
    async fn open_kv_sql(
        &self,
        settings: &Settings,
        log: Option<Log>,
        access: Access,
    ) -> anyhow::Result<Store>;
    /// The review service: by default the SQL implementation over KV + SQL opened for it.
    async fn open_reviews(
        &self,
        settings: &Settings,
        log: Option<Log>,
        access: Access,
    ) -> anyhow::Result<Reviews> {
        let store = self.open_kv_sql(settings, log, access).await?;
        Ok(reviews_over(store, &settings.layout))
    }
}

/// The implementation of each target kind.
fn kind_of(kind: TargetKind) -> &'static dyn Kind {
    match kind {
        TargetKind::Local => &local::Local,
        TargetKind::Cloudflare => &cloudflare::Cloudflare,
        TargetKind::WranglerDev => &wrangler_dev::WranglerDev,
        TargetKind::Api => &api::Api,
    }
}

/// The one "this target does not serve that" error (a usage error: exit 2).
pub fn unsupported(kind: TargetKind, service: Service) -> anyhow::Error {
    Failure::usage(kind_of(kind).not_served(service))
}

/// The review service of a target, and where it points (for the stderr line).
#[derive(Clone)]
pub struct Reviews {
    pub service: Arc<dyn ReviewStore>,
    pub description: String,
}

impl Reviews {
    pub fn requests(&self) -> u64 {
        self.service.requests()
    }
}

/// The SQL review service over an open store (seed, tests and benchmarks use it directly).
pub fn reviews_over(store: Store, layout: &Layout) -> Reviews {
    let description = store.description.clone();
    Reviews {
        service: Arc::new(SqlReviews::new(store, layout)),
        description,
    }
}

/// The configured target of one command. Each capability opens on first use and stays open;
/// opening one names it on the notice sink ("target: …"), as the CLI shows on stderr.
pub struct Target {
    settings: Settings,
    log: Option<Log>,
    access: Access,
    notice: Option<Log>,
    kv_sql: OnceCell<(Store, DurableDb)>,
    reviews: OnceCell<Reviews>,
}

impl Target {
    /// The target `settings` name, for what the command does with it (see [`Access`]: a read
    /// never creates the local store, a write is refused on a read-only one). Nothing is opened yet.
    pub fn new(settings: &Settings, log: Option<Log>, access: Access) -> Self {
        Target {
            settings: settings.clone(),
            log,
            access,
            notice: None,
            kv_sql: OnceCell::new(),
            reviews: OnceCell::new(),
        }
    }

    /// Where status lines go: what was opened, the durable table found.
    pub fn with_notice(mut self, notice: Log) -> Self {
        self.notice = Some(notice);
        self
    }

    fn implementation(&self) -> &'static dyn Kind {
        kind_of(self.settings.target)
    }

    fn notify(&self, line: &str) {
        if let Some(n) = &self.notice {
            n(line);
        }
    }

    pub fn kind(&self) -> TargetKind {
        self.settings.target
    }

    pub fn serves(&self, service: Service) -> bool {
        self.implementation().serves(service)
    }

    /// This target's "does not serve" error.
    pub fn unsupported(&self, service: Service) -> anyhow::Error {
        unsupported(self.kind(), service)
    }

    /// Data that lives elsewhere (an account, a deployed Worker); wrangler dev's state is the
    /// developer's own, on this machine, like the local store.
    pub fn is_remote(&self) -> bool {
        self.implementation().is_remote()
    }

    /// The target's own data is the local store file (`--local-path`).
    pub fn is_local_file(&self) -> bool {
        self.implementation().is_local_file()
    }

    /// The client-side throttle a remote target runs at (for plan ETAs); none locally.
    pub fn rate_limit(&self) -> Option<u32> {
        if self.is_remote() {
            self.settings.cloudflare.as_ref().map(|c| c.rate_limit)
        } else {
            None
        }
    }

    async fn opened_kv_sql(&self) -> anyhow::Result<&(Store, DurableDb)> {
        if !self.serves(Service::KvSql) {
            return Err(self.unsupported(Service::KvSql));
        }
        self.kv_sql
            .get_or_try_init(|| async {
                let store = self
                    .implementation()
                    .open_kv_sql(&self.settings, self.log.clone(), self.access)
                    .await?;
                let mut durable = match &self.settings.durable_postgres {
                    Some(pg) => {
                        let (sql, description) = postgres::open(pg);
                        let queries = sql.queries.clone();
                        DurableDb::separate(sql, crate::schema::Dialect::Postgres, description)
                            .counting(queries)
                    }
                    None => DurableDb::new(store.sql.clone()),
                };
                self.notify(&format!("target: {}", store.description));
                if let Some(d) = durable.description() {
                    self.notify(&format!("durable: {d}"));
                }
                if let Some(n) = &self.notice {
                    durable.set_notice(n.clone());
                }
                Ok((store, durable))
            })
            .await
    }

    /// Workers KV and the SQL database.
    pub async fn kv_sql(&self) -> anyhow::Result<&Store> {
        Ok(&self.opened_kv_sql().await?.0)
    }

    /// The durable skills table's database: the target's own SQL unless `--durable-url` names
    /// another (PostgreSQL).
    pub async fn durable(&self) -> anyhow::Result<&DurableDb> {
        Ok(&self.opened_kv_sql().await?.1)
    }

    /// The review service.
    pub async fn reviews(&self) -> anyhow::Result<&Reviews> {
        if !self.serves(Service::Reviews) {
            return Err(self.unsupported(Service::Reviews));
        }
        self.reviews
            .get_or_try_init(|| async {
                let reviews = self
                    .implementation()
                    .open_reviews(&self.settings, self.log.clone(), self.access)
                    .await?;
                self.notify(&format!("target: {}", reviews.description));
                Ok(reviews)
            })
            .await
    }

    /// The marketplace Worker API (`--api-url`): the api target's own, or one beside another
    /// target (`health --compare`). No request is made yet.
    pub fn worker(&self) -> anyhow::Result<WorkerClient> {
        crate::worker::open(&self.settings, self.log.clone())
    }

    /// API requests made through KV + SQL so far (0 before it opened).
    pub fn requests(&self) -> u64 {
        self.kv_sql.get().map_or(0, |(s, _)| s.requests())
    }

    /// Requests made through `service` so far (0 before it opened).
    pub fn requests_of(&self, service: Service) -> u64 {
        match service {
            Service::KvSql => self.requests(),
            Service::Reviews => self.reviews.get().map_or(0, Reviews::requests),
        }
    }

    /// Round trips to a separate durable database, if there is one and it opened.
    pub fn durable_queries(&self) -> Option<u64> {
        self.kv_sql.get().and_then(|(_, d)| d.queries())
    }
}
