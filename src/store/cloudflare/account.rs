//! Account-level calls `mkt doctor` makes through the one client: token verification
//! (reference/cloudflare-api.md §1: `/user/tokens/verify`, and on code 1000
//! `/accounts/{id}/tokens/verify` for an account-owned token), the account's KV namespace list,
//! and the configured namespace.

use std::sync::Arc;

use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use super::client::{Client, Request};
use super::errors::{envelope, error_parts, Resource};
use super::ClientOptions;
use crate::config::CloudflareSettings;
use crate::http::encode_component;
use crate::store::StoreResult;

/// "Invalid API Token": what `/user/tokens/verify` answers an account-owned token.
const INVALID_TOKEN: i64 = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenOwner {
    User,
    Account,
}

/// What verification said about the token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum TokenCheck {
    /// Verified: who owns it and its status (`active`, `disabled`, `expired`), with its expiry.
    Verified {
        owner: TokenOwner,
        status: String,
        expires_on: Option<String>,
    },
    /// Neither endpoint accepts it; the codes and message of the last answer.
    Rejected { codes: Vec<i64>, message: String },
}

/// The account-level half of the Cloudflare target.
pub struct Probe {
    client: Arc<Client>,
}

pub fn probe(settings: &CloudflareSettings, options: ClientOptions) -> StoreResult<Probe> {
    Ok(Probe {
        client: Arc::new(Client::new(settings, options)?),
    })
}

impl Probe {
    pub fn requests(&self) -> u64 {
        self.client.requests.get()
    }

    /// One verify call; `Ok(Err(..))` when it answered with an error envelope.
    async fn verify_at(
        &self,
        url: String,
    ) -> StoreResult<Result<(String, Option<String>), (Vec<i64>, String)>> {
        let resp = self
            .client
            .send(Resource::Kv, &Request::new(Method::GET, url))
            .await?;
        if resp.status.is_success() {
            let ok = envelope(&self.client, Resource::Kv, &resp)?;
            let text = |k: &str| ok.result.get(k).and_then(Value::as_str).map(str::to_string);
            return Ok(Ok((
                text("status").unwrap_or_else(|| "unknown".into()),
                text("expires_on"),
            )));
        }
        let (codes, message) = error_parts(&resp.body);
        Ok(Err((
            codes,
            message.unwrap_or_else(|| format!("HTTP {}", resp.status.as_u16())),
        )))
    }

    /// `/user/tokens/verify`, then, on code 1000, `/accounts/{id}/tokens/verify`.
    pub async fn verify_token(&self) -> StoreResult<TokenCheck> {
        // Beside `/accounts/{id}`, under the same base URL.
        let user = "/user/tokens/verify".to_string();
        let (codes, message) = match self.verify_at(user).await? {
            Ok((status, expires_on)) => {
                return Ok(TokenCheck::Verified {
                    owner: TokenOwner::User,
                    status,
                    expires_on,
                })
            }
            Err(e) => e,
        };
        if !codes.contains(&INVALID_TOKEN) {
            return Ok(TokenCheck::Rejected { codes, message });
        }
        let account = self.client.url("/tokens/verify");
        Ok(match self.verify_at(account).await? {
            Ok((status, expires_on)) => TokenCheck::Verified {
                owner: TokenOwner::Account,
                status,
                expires_on,
            },
            Err((codes, message)) => TokenCheck::Rejected { codes, message },
        })
    }

    /// `GET /accounts/{id}/storage/kv/namespaces`: how many namespaces the first page lists.
    pub async fn list_namespaces(&self) -> StoreResult<usize> {
        let req = Request::new(Method::GET, self.client.url("/storage/kv/namespaces"))
            .query("per_page", 100);
        let resp = self.client.send(Resource::Kv, &req).await?;
        let ok = envelope(&self.client, Resource::Kv, &resp)?;
        Ok(ok.result.as_array().map(Vec::len).unwrap_or(0))
    }

    /// `GET /accounts/{id}/storage/kv/namespaces/{ns}`: the configured namespace's title.
    pub async fn namespace_title(&self) -> StoreResult<String> {
        let url = self.client.url(&format!(
            "/storage/kv/namespaces/{}",
            encode_component(&self.client.kv_namespace_id)
        ));
        let resp = self
            .client
            .send(Resource::Kv, &Request::new(Method::GET, url))
            .await?;
        let ok = envelope(&self.client, Resource::Kv, &resp)?;
        Ok(ok
            .result
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string())
    }
}
