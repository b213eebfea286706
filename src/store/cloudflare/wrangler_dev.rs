//! The wrangler-dev target: a running `wrangler dev`, through the Local Explorer API it serves on
//! the Worker's own address (`/cdn-cgi/explorer/api`). Its routes, envelope and KV/D1 error codes
//! are Cloudflare's without the `/accounts/{id}` prefix, so the KV and D1 halves are the cloudflare
//! target's, on a client without token or throttle.
//!
//! Opening it asks three things before any command request: the OpenAPI document (is this a
//! wrangler dev with its explorer on, and does it have KV bulk write/delete), the KV namespaces and
//! the D1 databases it serves, to match the configured ids, or failing that the bindings.

use std::sync::Arc;

use reqwest::Method;
use serde_json::Value;

use super::client::{Api, Client, Endpoint, Request};
use super::d1::CloudflareD1;
use super::errors::{envelope, Resource};
use super::kv::{BulkRoutes, CloudflareKv};
use super::ClientOptions;
use crate::config::{Wanted, WranglerDevSettings, WRANGLER_DEV_START};
use crate::store::{Store, StoreError, StoreResult};

/// Where wrangler dev serves the explorer API (miniflare `CorePaths.EXPLORER` + `/api`).
const EXPLORER_API: &str = "/cdn-cgi/explorer/api";

pub async fn open(settings: &WranglerDevSettings, options: ClientOptions) -> StoreResult<Store> {
    let dev_url = settings.dev_url.clone();
    let mut client = Client::build(
        Endpoint {
            api: Api::WranglerDev {
                dev_url: dev_url.clone(),
            },
            root_url: format!("{dev_url}{EXPLORER_API}"),
            account_path: String::new(),
            base_url: dev_url.clone(),
            token: None,
            rate_limit: None,
            kv_namespace_id: String::new(),
            d1_database_id: String::new(),
            concurrency: settings.concurrency,
            max_retries: settings.max_retries,
            max_wait: settings.max_wait,
        },
        options,
    )?;
    let routes = read_routes(&client, &dev_url).await?;
    let namespaces = listed(&client, "/storage/kv/namespaces", "id", "title").await?;
    let databases = listed(&client, "/d1/database", "uuid", "name").await?;
    let kv = choose(&dev_url, KV, &settings.kv, &namespaces)?;
    let d1 = choose(&dev_url, D1, &settings.d1, &databases)?;
    client.kv_namespace_id = kv.id.clone();
    client.d1_database_id = d1.id.clone();
    let notes: Vec<&str> = [kv.note.as_deref(), d1.note.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let mut description = format!(
        "wrangler dev at {dev_url} (kv {} {}, d1 {} {})",
        kv.binding, kv.id, d1.binding, d1.id
    );
    for note in notes {
        description.push_str("; ");
        description.push_str(note);
    }
    let client = Arc::new(client);
    Ok(Store {
        description,
        requests: client.requests.clone(),
        kv: Arc::new(CloudflareKv {
            client: client.clone(),
            bulk: routes.kv_bulk,
        }),
        sql: Arc::new(CloudflareD1 {
            client,
            route: routes.d1_route,
        }),
        kind: crate::config::TargetKind::WranglerDev,
    })
}

/// What the running version serves, from its OpenAPI document.
struct Routes {
    kv_bulk: BulkRoutes,
    d1_route: &'static str,
}

/// Reads the OpenAPI document once. Without the explorer, wrangler dev hands the request to the
/// Worker, so anything but that document means "restart it with the explorer on".
async fn read_routes(client: &Client, dev_url: &str) -> StoreResult<Routes> {
    let resp = client
        .send(Resource::Kv, &Request::new(Method::GET, client.url("")))
        .await?;
    let doc: Option<Value> = resp
        .status
        .is_success()
        .then(|| serde_json::from_slice(&resp.body).ok())
        .flatten();
    let Some(paths) = doc
        .as_ref()
        .filter(|d| d.get("openapi").is_some())
        .and_then(|d| d.get("paths"))
        .and_then(Value::as_object)
    else {
        return Err(StoreError::Unavailable(format!(
            "wrangler dev at {dev_url} does not serve the Local Explorer API (GET {EXPLORER_API} answered HTTP {} without its OpenAPI document): restart it with `{WRANGLER_DEV_START}`",
            resp.status.as_u16()
        )));
    };
    let has = |path: &str, method: &str| paths.get(path).and_then(|p| p.get(method)).is_some();
    let kv = "/storage/kv/namespaces/{namespace_id}";
    if !has(&format!("{kv}/keys"), "get") || !has(&format!("{kv}/values/{{key_name}}"), "put") {
        return Err(StoreError::Unavailable(format!(
            "wrangler dev at {dev_url} serves a Local Explorer API without the KV key and value routes mkt needs; upgrade wrangler (4.86 or later)"
        )));
    }
    let d1_route = if has("/d1/database/{database_id}/raw", "post") {
        "/raw"
    } else if has("/d1/database/{database_id}/query", "post") {
        "/query"
    } else {
        return Err(StoreError::Unavailable(format!(
            "wrangler dev at {dev_url} serves a Local Explorer API without a D1 query route; upgrade wrangler (4.86 or later)"
        )));
    };
    Ok(Routes {
        kv_bulk: BulkRoutes {
            write: has(&format!("{kv}/bulk"), "put"),
            delete: has(&format!("{kv}/bulk/delete"), "post"),
        },
        d1_route,
    })
}

/// One resource as the explorer lists it: id and binding name (KV `title`, D1 `name`).
struct Listed {
    id: String,
    binding: String,
}

async fn listed(client: &Client, path: &str, id: &str, name: &str) -> StoreResult<Vec<Listed>> {
    let resource = if path.starts_with("/d1") {
        Resource::D1
    } else {
        Resource::Kv
    };
    let resp = client
        .send(resource, &Request::new(Method::GET, client.url(path)))
        .await?;
    let ok = envelope(client, resource, &resp)?;
    let Value::Array(items) = ok.result else {
        return Err(StoreError::Decode(format!(
            "GET {EXPLORER_API}{path}: result is not an array"
        )));
    };
    Ok(items
        .iter()
        .filter_map(|item| {
            Some(Listed {
                id: item.get(id)?.as_str()?.to_string(),
                binding: item
                    .get(name)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            })
        })
        .collect())
}

/// The words and settings that name one kind of resource in messages.
struct Kind {
    what: &'static str,
    flags: &'static str,
}
const KV: Kind = Kind {
    what: "KV namespace",
    flags: "--namespace-id or kv_binding",
};
const D1: Kind = Kind {
    what: "D1 database",
    flags: "--database-id or d1_binding",
};

struct Chosen {
    id: String,
    binding: String,
    /// Said on the target line when the match was not by the configured id.
    note: Option<String>,
}

/// The configured id when wrangler dev serves it; else the configured binding (local dev gives a
/// binding other ids than the deployed ones, e.g. `preview_id`); else the only one there is.
fn choose(dev_url: &str, kind: Kind, wanted: &Wanted, listed: &[Listed]) -> StoreResult<Chosen> {
    let chosen = |l: &Listed, note: Option<String>| Chosen {
        id: l.id.clone(),
        binding: l.binding.clone(),
        note,
    };
    if let Some(l) = wanted
        .id
        .as_deref()
        .and_then(|id| listed.iter().find(|l| l.id == id))
    {
        return Ok(chosen(l, None));
    }
    if let Some(l) = wanted
        .binding
        .as_deref()
        .and_then(|b| listed.iter().find(|l| l.binding == b))
    {
        let note = wanted.id.as_deref().map(|configured| {
            format!(
                "local dev serves binding {} as {} {}, not the configured {configured}: matched by binding",
                l.binding, kind.what, l.id
            )
        });
        return Ok(chosen(l, note));
    }
    if let ([only], None, None) = (listed, &wanted.id, &wanted.binding) {
        return Ok(chosen(only, None));
    }
    let served = if listed.is_empty() {
        format!("it serves no {}", kind.what)
    } else {
        let all: Vec<String> = listed
            .iter()
            .map(|l| format!("{} ({})", l.binding, l.id))
            .collect();
        format!("it serves {}", all.join(", "))
    };
    let asked = match (&wanted.id, &wanted.binding) {
        (Some(id), Some(b)) => format!("no {} {id} or binding {b}", kind.what),
        (Some(id), None) => format!("no {} {id}", kind.what),
        (None, Some(b)) => format!("no {} for binding {b}", kind.what),
        (None, None) => format!("more than one {}, and none was configured", kind.what),
    };
    Err(StoreError::MissingResource(format!(
        "wrangler dev at {dev_url} has {asked}: {served}; pick one with {}",
        kind.flags
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(pairs: &[(&str, &str)]) -> Vec<Listed> {
        pairs
            .iter()
            .map(|(id, b)| Listed {
                id: id.to_string(),
                binding: b.to_string(),
            })
            .collect()
    }

    fn wanted(id: Option<&str>, binding: Option<&str>) -> Wanted {
        Wanted {
            id: id.map(String::from),
            binding: binding.map(String::from),
        }
    }

    #[test]
    fn the_configured_id_wins_then_the_binding_then_the_only_one() {
        let two = listed(&[("aaa", "SKILLS_KV"), ("bbb", "CACHE")]);
        let got = choose("u", KV, &wanted(Some("bbb"), Some("SKILLS_KV")), &two).unwrap();
        assert_eq!((got.id.as_str(), got.note), ("bbb", None));

        let got = choose("u", KV, &wanted(Some("prod-id"), Some("SKILLS_KV")), &two).unwrap();
        assert_eq!(got.id, "aaa");
        let note = got.note.unwrap();
        assert!(note.contains("not the configured prod-id"), "{note}");

        let one = listed(&[("aaa", "SKILLS_KV")]);
        assert_eq!(
            choose("u", KV, &wanted(None, None), &one).unwrap().id,
            "aaa"
        );
    }

    #[test]
    fn nothing_matching_names_what_is_served() {
        let two = listed(&[("aaa", "SKILLS_KV"), ("bbb", "CACHE")]);
        let err = choose("http://x", KV, &wanted(None, None), &two)
            .err()
            .unwrap();
        let msg = err.to_string();
        assert!(msg.contains("SKILLS_KV (aaa), CACHE (bbb)"), "{msg}");
        assert!(msg.contains("--namespace-id or kv_binding"), "{msg}");
        let err = choose("http://x", D1, &wanted(Some("zzz"), None), &[])
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("it serves no D1 database"),
            "{err}"
        );
        // A configured id that is not served is not silently replaced by the only one there is.
        let one = listed(&[("aaa", "SKILLS_KV")]);
        assert!(choose("u", KV, &wanted(Some("zzz"), None), &one).is_err());
    }
}
