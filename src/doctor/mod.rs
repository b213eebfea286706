//! `mkt doctor`: what is wrong with this setup, before a command needs it. One row per check,
//! each with its status and, when it fails, the fix. A check whose prerequisite failed is
//! skipped and says so; pieces the chosen target does not use are skipped, never failed.
//! Nothing here prints a secret or any part of one: tokens and keys are only ever "set".

use std::path::Path;

use serde::Serialize;

use crate::config::TargetKind;
use crate::config::{CloudflareSettings, Env, Missing, Overrides, Settings};
use crate::output::Table;
use crate::store::cloudflare::{self, ClientOptions, TokenCheck, TokenOwner};
use crate::store::StoreError;

mod local;
mod tables;
mod worker;
mod wrangler_dev;

/// Cloudflare's global limit per token and 5 minutes (reference/cloudflare-api.md §4).
pub const ACCOUNT_LIMIT: u32 = 1200;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    /// Works, with a caveat worth reading.
    Warn,
    Fail,
    /// Not checked: not configured for this target, or a prerequisite failed.
    Skip,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "FAIL",
            Status::Skip => "skip",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub status: Status,
    pub detail: String,
    /// What to do about it; `null` when nothing needs doing.
    pub fix: Option<String>,
}

impl Check {
    fn new(
        name: &'static str,
        status: Status,
        detail: impl Into<String>,
        fix: Option<String>,
    ) -> Self {
        Check {
            name,
            status,
            detail: detail.into(),
            fix,
        }
    }
    fn ok(name: &'static str, detail: impl Into<String>) -> Self {
        Check::new(name, Status::Ok, detail, None)
    }
    fn fail(name: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Check::new(name, Status::Fail, detail, Some(fix.into()))
    }
    fn skip(name: &'static str, detail: impl Into<String>) -> Self {
        Check::new(name, Status::Skip, detail, None)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DoctorReport {
    pub schema_version: &'static str,
    /// No check failed.
    pub ok: bool,
    pub target: TargetKind,
    pub checks: Vec<Check>,
    pub requests: u64,
}

impl DoctorReport {
    /// The configuration could not be read at all: that is the one failing row.
    pub fn unreadable_config(detail: String) -> Self {
        DoctorReport {
            schema_version: crate::output::SCHEMA_VERSION,
            ok: false,
            target: TargetKind::Local,
            checks: vec![Check {
                name: "config",
                status: Status::Fail,
                detail,
                fix: Some("fix the file named above (`mkt config show` explains every key)".into()),
            }],
            requests: 0,
        }
    }

    pub fn table(&self) -> Table {
        let mut t = Table::new(["check", "status", "detail", "fix"]);
        for c in &self.checks {
            t.row([
                c.name.to_string(),
                c.status.as_str().to_string(),
                c.detail.clone(),
                c.fix.clone().unwrap_or_default(),
            ]);
        }
        t
    }

    pub fn summary_line(&self) -> String {
        let failed: Vec<&str> = self
            .checks
            .iter()
            .filter(|c| c.status == Status::Fail)
            .map(|c| c.name)
            .collect();
        if failed.is_empty() {
            format!(
                "all {} checks pass (skipped ones do not apply)",
                self.checks.len()
            )
        } else {
            format!(
                "{} of {} checks fail: {}",
                failed.len(),
                self.checks.len(),
                failed.join(", ")
            )
        }
    }
}

/// What doctor looks at: the settings as resolved, and the Cloudflare settings when a token is
/// configured (even for another target), with whatever they lack.
pub struct Inputs<'a> {
    pub settings: &'a Settings,
    /// `Some` when Cloudflare is the target or a token is set: the settings, or what is missing.
    pub cloudflare: Option<Result<CloudflareSettings, Vec<Missing>>>,
    pub options: ClientOptions,
    pub worker_options: crate::worker::WorkerOptions,
}

/// The Cloudflare settings doctor checks: the target's when Cloudflare is the target, else those
/// a set `CLOUDFLARE_API_TOKEN` says are meant to be used (resolved as if Cloudflare were the
/// target); `None` when neither.
pub fn cloudflare_input(
    settings: &Settings,
    overrides: &Overrides,
    env: &Env,
    cwd: &Path,
) -> Option<Result<CloudflareSettings, Vec<Missing>>> {
    if settings.target == TargetKind::Cloudflare {
        Some(
            settings
                .cloudflare
                .clone()
                .ok_or_else(|| settings.missing.clone()),
        )
    } else if env.get("CLOUDFLARE_API_TOKEN").is_some() {
        let as_cf = Overrides {
            target: Some(TargetKind::Cloudflare),
            ..overrides.clone()
        };
        match crate::config::resolve_for_show(&as_cf, env, cwd) {
            Ok(cf) => Some(cf.cloudflare.clone().ok_or(cf.missing)),
            Err(e) => Some(Err(vec![Missing {
                key: "config".into(),
                message: crate::exit::one_line(&e),
            }])),
        }
    } else {
        None
    }
}

fn auth_fix() -> String {
    "create a token with Workers KV Storage and D1 Edit at dash.cloudflare.com/profile/api-tokens and set CLOUDFLARE_API_TOKEN".into()
}

/// Runs every check, in order, and builds the report.
pub async fn run(inp: Inputs<'_>) -> DoctorReport {
    let s = inp.settings;
    let mut checks = Vec::new();
    let mut requests = 0u64;
    let cf_skip = match s.target {
        TargetKind::WranglerDev => {
            "the wrangler-dev target needs no Cloudflare credentials, and CLOUDFLARE_API_TOKEN is not set"
        }
        TargetKind::Api => {
            "the api target reaches the stores through the Worker, and CLOUDFLARE_API_TOKEN is not set"
        }
        _ => "the local target is in use and CLOUDFLARE_API_TOKEN is not set",
    };

    // Credentials, token, account, namespace, database: each needs the one before.
    let mut cf_ok: Option<CloudflareSettings> = None;
    let mut probe = None;
    match &inp.cloudflare {
        None => {
            for name in [
                "credentials",
                "token",
                "account",
                "kv_namespace",
                "d1_database",
            ] {
                checks.push(Check::skip(name, cf_skip));
            }
        }
        Some(Err(missing)) => {
            let keys: Vec<&str> = missing.iter().map(|m| m.key.as_str()).collect();
            let fix = missing
                .iter()
                .map(|m| m.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            checks.push(Check::fail(
                "credentials",
                format!("missing: {}", keys.join(", ")),
                fix,
            ));
            for name in ["token", "account", "kv_namespace", "d1_database"] {
                checks.push(Check::skip(name, "needs the credentials above"));
            }
        }
        Some(Ok(cf)) => {
            checks.push(Check::ok(
                "credentials",
                format!(
                    "CLOUDFLARE_API_TOKEN set, account {}, KV namespace {}, D1 database {}",
                    cf.account_id, cf.kv_namespace_id, cf.d1_database_id
                ),
            ));
            match cloudflare::probe(cf, inp.options.clone()) {
                Err(e) => {
                    checks.push(Check::fail("token", e.to_string(), auth_fix()));
                }
                Ok(p) => {
                    let token = token_check(&p).await;
                    let valid = token.status == Status::Ok || token.status == Status::Warn;
                    checks.push(token);
                    if valid {
                        probe = Some(p);
                        cf_ok = Some(cf.clone());
                    } else {
                        requests += p.requests();
                        for name in ["account", "kv_namespace", "d1_database"] {
                            checks.push(Check::skip(name, "needs a valid token"));
                        }
                    }
                }
            }
        }
    }
    let mut d1_store = None;
    if let (Some(p), Some(cf)) = (&probe, &cf_ok) {
        let account = match p.list_namespaces().await {
            Ok(n) => Check::ok(
                "account",
                format!("account {} reachable ({n} KV namespace{} listed)", cf.account_id, if n == 1 { "" } else { "s" }),
            ),
            Err(e) => Check::fail(
                "account",
                e.to_string(),
                "check CLOUDFLARE_ACCOUNT_ID (or --account-id / account_id) and that the token is for that account",
            ),
        };
        let reachable = account.status == Status::Ok;
        checks.push(account);
        if reachable {
            checks.push(match p.namespace_title().await {
                Ok(title) => Check::ok(
                    "kv_namespace",
                    format!("KV namespace {} reachable (\u{201c}{title}\u{201d})", cf.kv_namespace_id),
                ),
                Err(e) => Check::fail(
                    "kv_namespace",
                    e.to_string(),
                    "check --namespace-id / MKT_KV_NAMESPACE_ID / kv_binding (`wrangler kv namespace list` shows the ids)",
                ),
            });
            match cloudflare::open_with(cf, inp.options.clone()).await {
                Ok(store) => {
                    let c = tables::reachable(
                        &store,
                        "d1_database",
                        &format!("D1 database {}", cf.d1_database_id),
                    )
                    .await;
                    let up = c.status == Status::Ok;
                    checks.push(c);
                    if up {
                        d1_store = Some(store);
                    } else {
                        requests += store.requests();
                    }
                }
                Err(e) => checks.push(Check::fail("d1_database", e.to_string(), auth_fix())),
            }
        } else {
            for name in ["kv_namespace", "d1_database"] {
                checks.push(Check::skip(name, "needs the account above"));
            }
        }
    }
    if let Some(p) = &probe {
        requests += p.requests();
    }

    // Tables: on D1 when it is reachable, else on the local store of the local target.
    match (&d1_store, s.target) {
        (Some(store), _) => {
            checks.extend(tables::check(store, &s.layout).await);
            requests += store.requests();
        }
        (None, TargetKind::Local) => checks.extend(local::tables(s).await),
        (None, TargetKind::WranglerDev) => {
            let (dev, n) = wrangler_dev::checks(s, inp.options.clone()).await;
            checks.extend(dev);
            requests += n;
        }
        (None, _) => {
            let why = if inp.cloudflare.is_some() {
                "needs the D1 database above".to_string()
            } else {
                format!(
                    "the {} target's tables are not reachable from here; set CLOUDFLARE_API_TOKEN to check them on D1",
                    s.target.as_str()
                )
            };
            checks.push(Check::skip("durable_table", why.clone()));
            checks.push(Check::skip("review_tables", why));
        }
    }

    let (w, n) = worker::checks(s, inp.worker_options.clone()).await;
    checks.extend(w);
    requests += n;

    checks.push(match &inp.cloudflare {
        Some(Ok(cf)) => throttle(cf),
        Some(Err(_)) => Check::skip("throttle", "needs the credentials above"),
        None => Check::skip("throttle", cf_skip),
    });
    checks.push(local::writable(&s.local_path, &s.state_dir));

    DoctorReport {
        schema_version: crate::output::SCHEMA_VERSION,
        ok: !checks.iter().any(|c| c.status == Status::Fail),
        target: s.target,
        checks,
        requests,
    }
}

async fn token_check(p: &cloudflare::Probe) -> Check {
    match p.verify_token().await {
        Ok(TokenCheck::Verified {
            owner,
            status,
            expires_on,
        }) => {
            let who = match owner {
                TokenOwner::User => "user-owned token",
                TokenOwner::Account => {
                    "account-owned token (verified under /accounts/{id}/tokens/verify)"
                }
            };
            let until = expires_on
                .map(|e| format!(", expires {e}"))
                .unwrap_or_default();
            if status == "active" {
                Check::ok("token", format!("{who}, active{until}"))
            } else {
                Check::fail(
                    "token",
                    format!("{who} is {status}{until}"),
                    "roll or re-enable the token at dash.cloudflare.com/profile/api-tokens, or set a new CLOUDFLARE_API_TOKEN",
                )
            }
        }
        Ok(TokenCheck::Rejected { codes, message }) => {
            let code = codes
                .first()
                .map(|c| format!(" (code {c})"))
                .unwrap_or_default();
            Check::fail(
                "token",
                format!("Cloudflare does not accept the token as a user or an account token: {message}{code}"),
                auth_fix(),
            )
        }
        Err(e @ StoreError::Auth(_)) => Check::fail("token", e.to_string(), auth_fix()),
        Err(e) => Check::fail(
            "token",
            e.to_string(),
            "check the network and CLOUDFLARE_API_BASE_URL",
        ),
    }
}

fn throttle(cf: &CloudflareSettings) -> Check {
    let detail = format!(
        "rate_limit {} requests per 5 minutes (Cloudflare allows {ACCOUNT_LIMIT} per token), {} in flight",
        cf.rate_limit, cf.concurrency
    );
    if cf.rate_limit > ACCOUNT_LIMIT {
        Check::fail(
            "throttle",
            detail,
            format!("past {ACCOUNT_LIMIT} Cloudflare blocks every call for 5 minutes: set rate_limit (MKT_RATE_LIMIT) to 1100 or less"),
        )
    } else if cf.rate_limit == ACCOUNT_LIMIT {
        Check::new(
            "throttle",
            Status::Warn,
            detail,
            Some(
                "no room is left for the dashboard or wrangler on the same token: 1100 is safer"
                    .into(),
            ),
        )
    } else {
        Check::ok("throttle", detail)
    }
}
