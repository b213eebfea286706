//! The wrangler-dev side of doctor: is wrangler dev running with its Local Explorer, which KV
//! namespace and D1 database it serves for the configured ids or bindings, and their tables.

use super::Check;
use crate::config::Settings;
use crate::store::cloudflare::{self, ClientOptions};

/// The `wrangler_dev` check, then the table checks on its D1 database; and the requests used.
pub(super) async fn checks(s: &Settings, options: ClientOptions) -> (Vec<Check>, u64) {
    let Some(dev) = &s.wrangler_dev else {
        return (
            vec![
                Check::fail(
                    "wrangler_dev",
                    "the wrangler-dev target is not configured",
                    "see `mkt config show`",
                ),
                Check::skip("durable_table", "needs wrangler dev above"),
                Check::skip("review_tables", "needs wrangler dev above"),
            ],
            0,
        );
    };
    match cloudflare::open_wrangler_dev(dev, options).await {
        Ok(store) => {
            let mut checks = vec![Check::ok("wrangler_dev", store.description.clone())];
            checks.extend(super::tables::check(&store, &s.layout).await);
            (checks, store.requests())
        }
        Err(e) => (
            vec![
                Check::fail(
                    "wrangler_dev",
                    e.to_string(),
                    format!(
                        "start it in the Worker's directory with `{}`, and point --dev-url at the address it prints",
                        crate::config::WRANGLER_DEV_START
                    ),
                ),
                Check::skip("durable_table", "needs wrangler dev above"),
                Check::skip("review_tables", "needs wrangler dev above"),
            ],
            0,
        ),
    }
}
