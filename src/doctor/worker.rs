//! The Worker side of doctor: the API answers at `api_url`, and its admin endpoint accepts the
//! internal key.

use super::{Check, Status};
use crate::config::Settings;
use crate::config::TargetKind;
use crate::worker::{ReviewFilter, WorkerClient, WorkerError, WorkerOptions, ADMIN_HEALTH};

/// `worker` and `internal_key`, and the requests they made.
pub(super) async fn checks(s: &Settings, options: WorkerOptions) -> (Vec<Check>, u64) {
    let Some(api) = &s.api else {
        let (status, why) = if s.target == TargetKind::Api {
            (Status::Fail, "the api target needs api_url")
        } else {
            (
                Status::Skip,
                "no Worker URL configured (--api-url, MKT_API_URL or api_url)",
            )
        };
        let first = Check::new(
            "worker",
            status,
            why,
            (status == Status::Fail).then(|| "set MKT_API_URL".to_string()),
        );
        return (
            vec![first, Check::skip("internal_key", "needs the Worker above")],
            0,
        );
    };
    let client = match WorkerClient::new(api, options) {
        Ok(c) => c,
        Err(e) => {
            return (
                vec![
                    Check::fail(
                        "worker",
                        e.to_string(),
                        "copy MKT_INTERNAL_KEY / MKT_API_TOKEN again",
                    ),
                    Check::skip("internal_key", "needs the Worker above"),
                ],
                0,
            )
        }
    };
    let url = client.base_url().to_string();
    let reach = match client.list_reviews_page(&ReviewFilter::default(), 1, 0).await {
        Ok(_) => Check::ok("worker", format!("{url} answers GET /reviews")),
        // Reviews behind auth still prove the Worker is there; the key is checked next.
        Err(WorkerError::Auth(_)) => Check::ok("worker", format!("{url} answers (GET /reviews needs credentials)")),
        Err(e @ WorkerError::Transport(_)) => Check::fail(
            "worker",
            e.to_string(),
            "check --api-url / MKT_API_URL and that the Worker is deployed (wrangler deployments list)",
        ),
        Err(e @ WorkerError::MissingEndpoint(_)) => Check::fail(
            "worker",
            e.to_string(),
            "api_url must be the reviews Worker's base URL (seed 000's /reviews lives under it)",
        ),
        // A 4xx on a plain listing: most often a base URL with a path the Worker does not serve.
        Err(e @ WorkerError::Rejected(_)) => Check::fail(
            "worker",
            format!("{url}: {e}"),
            "api_url must be the reviews Worker's base URL (seed 000's /reviews lives under it)",
        ),
        Err(e) => Check::fail("worker", format!("{url}: {e}"), "check --api-url and the Worker's logs (wrangler tail)"),
    };
    let reachable = reach.status == Status::Ok;
    let mut out = vec![reach];
    if !reachable {
        out.push(Check::skip("internal_key", "needs the Worker above"));
        return (out, client.requests());
    }
    let has_key = api.internal_key.is_some() || api.token.is_some();
    out.push(match client.health_skills().await {
        Ok(_) if has_key => Check::ok("internal_key", format!("accepted by GET {ADMIN_HEALTH}")),
        Ok(_) => Check::new(
            "internal_key",
            Status::Warn,
            format!("GET {ADMIN_HEALTH} answered without credentials: the admin endpoints are open"),
            Some("protect them with X-Internal-Key (seed 001) and set MKT_INTERNAL_KEY".into()),
        ),
        Err(WorkerError::Auth(_)) if !has_key => Check::fail(
            "internal_key",
            format!("MKT_INTERNAL_KEY is not set and GET {ADMIN_HEALTH} needs it"),
            "set MKT_INTERNAL_KEY to the Worker's internal key (sent as X-Internal-Key)",
        ),
        Err(WorkerError::Auth(_)) => Check::fail(
            "internal_key",
            format!("the Worker refused the configured key on GET {ADMIN_HEALTH}"),
            "set MKT_INTERNAL_KEY to the key the Worker holds (`wrangler secret list` names it), or MKT_API_TOKEN to an admin token",
        ),
        Err(e) => Check::fail("internal_key", e.to_string(), "deploy the Worker with seed 001's admin endpoints, or check its logs"),
    });
    (out, client.requests())
}
