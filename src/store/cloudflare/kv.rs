//! Workers KV over the REST API (reference/cloudflare-api.md §2).

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use async_trait::async_trait;
use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::client::{Api, Body, Client, Request};
use super::errors::{envelope, error_parts, map_error, Resource};
use crate::http::{encode_component, Limit};
use crate::store::{
    validate_key, KeyInfo, KeyPage, KvEntry, KvPut, KvStore, KvValue, StoreError, StoreResult,
    WriteReport, LIST_PAGE_MAX,
};

/// Keys per bulk get request (API maximum).
const BULK_GET_MAX: usize = 100;
/// Items per bulk write/delete request (API maximum).
const BULK_WRITE_MAX: usize = 10_000;
/// Bytes per bulk write request (API maximum: 100 MB).
const BULK_BYTES_MAX: usize = 100_000_000;
const VALUE_BYTES_MAX: usize = 25 * 1024 * 1024;
/// Codes that mean a 404 is about the namespace or account, not the key.
const NOT_A_MISSING_KEY: [i64; 8] = [10013, 10011, 7003, 7000, 10000, 9106, 1000, 9109];
/// "key not found".
const KEY_NOT_FOUND: i64 = 10009;

pub(crate) struct CloudflareKv {
    pub client: Arc<Client>,
    pub bulk: BulkRoutes,
}

/// Which bulk routes the server has: the API both; wrangler dev's explorer only in releases after
/// 4.86 (its OpenAPI document says). Without one, each key is its own request.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BulkRoutes {
    pub write: bool,
    pub delete: bool,
}

impl BulkRoutes {
    pub const ALL: BulkRoutes = BulkRoutes {
        write: true,
        delete: true,
    };
}

#[derive(Clone, Copy)]
enum BulkOp {
    Write,
    Delete,
}

/// One serialized bulk item and the key it is for.
struct Item {
    key: String,
    json: Vec<u8>,
}

#[async_trait]
impl KvStore for CloudflareKv {
    fn max_in_flight(&self) -> usize {
        self.client.concurrency
    }

    fn list_endpoint(&self, prefix: &str) -> String {
        format!(
            "GET {} (prefix {prefix:?})",
            self.client.shown_url(&self.client.kv_url("/keys"))
        )
    }

    async fn list_page(
        &self,
        prefix: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> StoreResult<KeyPage> {
        let asked = limit.clamp(10, LIST_PAGE_MAX);
        let mut req =
            Request::new(Method::GET, self.client.kv_url("/keys")).limit(Limit::KV_LIST_PAGE);
        req.query.push(("limit", asked.to_string()));
        // The prefix must be re-sent with every cursor.
        if !prefix.is_empty() {
            req.query.push(("prefix", prefix.to_string()));
        }
        if let Some(c) = cursor.filter(|c| !c.is_empty()) {
            req.query.push(("cursor", c.to_string()));
        }
        let resp = self.client.send(Resource::Kv, &req).await?;
        // A listing always has an envelope: an empty body is no answer, not an empty page (the
        // envelope reader takes it for a 204's success).
        if resp.status.is_success() && resp.body.iter().all(u8::is_ascii_whitespace) {
            return Err(StoreError::BrokenListing(format!(
                "{} answered HTTP {} with an empty body; the listing cannot be completed: retry later, and report it if it persists",
                self.list_endpoint(prefix),
                resp.status.as_u16()
            )));
        }
        let ok = envelope(&self.client, Resource::Kv, &resp)?;
        let keys: Vec<KeyInfo> = match ok.result {
            Value::Null => Vec::new(),
            // More than asked for is not a page of this listing: its keys cannot be trusted.
            Value::Array(items) if items.len() > asked => {
                return Err(StoreError::BrokenListing(format!(
                    "{} returned {} keys for limit={asked}; a page never holds more than it was asked for, so the listing cannot be trusted: {}",
                    self.list_endpoint(prefix),
                    items.len(),
                    self.client.api.url_hint()
                )))
            }
            Value::Array(items) => items.iter().map(key_info).collect::<StoreResult<_>>()?,
            _ => {
                return Err(StoreError::Decode(
                    "KV key listing: result is not an array of keys".into(),
                ))
            }
        };
        let cursor = ok
            .result_info
            .as_ref()
            .and_then(|i| i.get("cursor"))
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        Ok(KeyPage { keys, cursor })
    }

    async fn get(&self, key: &str) -> StoreResult<Option<KvValue>> {
        validate_key(key)?;
        let url = self
            .client
            .kv_url(&format!("/values/{}", encode_component(key)));
        let resp = self
            .client
            .send(
                Resource::Kv,
                &Request::new(Method::GET, url).limit(Limit::KV_VALUE),
            )
            .await?;
        if resp.status == StatusCode::NOT_FOUND {
            let (codes, _) = error_parts(&resp.body);
            if codes.iter().any(|c| NOT_A_MISSING_KEY.contains(c)) {
                return Err(map_error(&self.client, Resource::Kv, &resp));
            }
            // Without its explorer, wrangler dev hands the request to the Worker, whose 404 says
            // nothing about the key.
            if matches!(self.client.api, Api::WranglerDev { .. }) && !codes.contains(&KEY_NOT_FOUND)
            {
                return Err(map_error(&self.client, Resource::Kv, &resp));
            }
            // The API says "key not found" in JSON (code 10009); an HTML 404 page comes from
            // something that is not the API (a wrong base URL), and must not read as "no key".
            if resp.body.trim_ascii_start().starts_with(b"<") {
                return Err(StoreError::Api {
                    status: 404,
                    code: None,
                    message: "reading a KV value got an HTML 404 page instead of the Cloudflare API; check CLOUDFLARE_API_BASE_URL".into(),
                });
            }
            return Ok(None);
        }
        if !resp.status.is_success() {
            return Err(map_error(&self.client, Resource::Kv, &resp));
        }
        // The only endpoint without an envelope: the body is the value itself.
        let expiration = resp
            .headers
            .get("expiration")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .map(|x| x as i64);
        Ok(Some(KvValue {
            bytes: resp.body,
            expiration,
        }))
    }

    async fn get_many(&self, keys: &[String]) -> StoreResult<BTreeMap<String, Option<String>>> {
        for k in keys {
            validate_key(k)?;
        }
        let requests: Vec<_> = keys
            .chunks(BULK_GET_MAX)
            .map(|chunk| self.bulk_get_within_limit(chunk))
            .collect();
        let pages: Vec<BTreeMap<String, Option<String>>> = futures::stream::iter(requests)
            .buffer_unordered(self.client.concurrency)
            .try_collect()
            .await?;
        let mut out: BTreeMap<String, Option<String>> =
            keys.iter().map(|k| (k.clone(), None)).collect();
        for page in pages {
            out.extend(page);
        }
        Ok(out)
    }

    async fn get_entries(&self, keys: &[String]) -> StoreResult<BTreeMap<String, Option<KvEntry>>> {
        for k in keys {
            validate_key(k)?;
        }
        let requests: Vec<_> = keys
            .chunks(BULK_GET_MAX)
            .map(|chunk| self.bulk_get_entries(chunk))
            .collect();
        let pages: Vec<BTreeMap<String, Option<KvEntry>>> = futures::stream::iter(requests)
            .buffer_unordered(self.client.concurrency)
            .try_collect()
            .await?;
        let mut out: BTreeMap<String, Option<KvEntry>> =
            keys.iter().map(|k| (k.clone(), None)).collect();
        for page in pages {
            out.extend(page);
        }
        // Bulk get is text only ("Keys must contain text-based values"): a value that came back
        // with a replacement character may be bytes that are not UTF-8, read alone exactly.
        let lossy: Vec<String> = out
            .iter()
            .filter(|(_, e)| {
                e.as_ref()
                    .is_some_and(|e| e.text().is_some_and(|t| t.contains('\u{FFFD}')))
            })
            .map(|(k, _)| k.clone())
            .collect();
        for k in lossy {
            if let (Some(v), Some(Some(e))) = (self.get(&k).await?, out.get_mut(&k)) {
                e.bytes = v.bytes;
            }
        }
        Ok(out)
    }

    async fn get_metadata(&self, key: &str) -> StoreResult<Option<Value>> {
        validate_key(key)?;
        // wrangler dev's explorer has no metadata route; its listing carries metadata.
        if matches!(self.client.api, Api::WranglerDev { .. }) {
            let page = self.list_page(key, None, 10).await?;
            return Ok(page
                .keys
                .into_iter()
                .find(|k| k.name == key)
                .and_then(|k| k.metadata));
        }
        let url = self
            .client
            .kv_url(&format!("/metadata/{}", encode_component(key)));
        let resp = self
            .client
            .send(Resource::Kv, &Request::new(Method::GET, url))
            .await?;
        if resp.status == StatusCode::NOT_FOUND {
            let (codes, _) = error_parts(&resp.body);
            if codes.contains(&KEY_NOT_FOUND) {
                return Ok(None);
            }
            return Err(map_error(&self.client, Resource::Kv, &resp));
        }
        let ok = envelope(&self.client, Resource::Kv, &resp)?;
        Ok(Some(ok.result).filter(|m| !m.is_null()))
    }

    async fn put_many(&self, puts: &[KvPut]) -> StoreResult<WriteReport> {
        let mut items = Vec::with_capacity(puts.len());
        for p in puts {
            validate_key(&p.key)?;
            if p.value.len() > VALUE_BYTES_MAX {
                return Err(StoreError::Invalid(format!(
                    "the value of {:?} is {} bytes; KV values are limited to 25 MiB",
                    p.key,
                    p.value.len()
                )));
            }
            check_put(p)?;
            if !self.bulk.write && p.base64 && p.metadata.is_some() {
                return Err(StoreError::Invalid(format!(
                    "{:?} holds bytes that are not UTF-8 and has metadata, which this wrangler dev's Local Explorer cannot write together (it has no bulk write route); upgrade wrangler",
                    p.key
                )));
            }
            // A bulk write takes metadata as a JSON object (a single PUT sends its text instead).
            if self.bulk.write && p.metadata.as_ref().is_some_and(|m| !m.is_object()) {
                return Err(StoreError::Invalid(format!(
                    "the metadata of {:?} is not a JSON object; KV's bulk write takes metadata only as an object, so wrap the value (e.g. {{\"value\": …}})",
                    p.key
                )));
            }
            if !self.bulk.write && (p.expiration.is_some() || p.expiration_ttl.is_some()) {
                return Err(StoreError::Invalid(format!(
                    "{:?} has an expiration, which this wrangler dev's Local Explorer cannot write (it has no bulk write route); upgrade wrangler or write it without one",
                    p.key
                )));
            }
            let json = serde_json::to_vec(p)
                .map_err(|e| StoreError::Invalid(format!("{:?}: {e}", p.key)))?;
            items.push(Item {
                key: p.key.clone(),
                json,
            });
        }
        if !self.bulk.write {
            let requests = puts.iter().map(|p| self.put_request(p)).collect();
            return self.one_by_one(requests).await;
        }
        self.bulk(BulkOp::Write, items).await
    }

    async fn delete_many(&self, keys: &[String]) -> StoreResult<WriteReport> {
        let mut items = Vec::with_capacity(keys.len());
        for k in keys {
            validate_key(k)?;
            items.push(Item {
                key: k.clone(),
                json: serde_json::to_vec(k).expect("a string serializes"),
            });
        }
        if !self.bulk.delete {
            let requests = keys
                .iter()
                .map(|k| {
                    let url = self
                        .client
                        .kv_url(&format!("/values/{}", encode_component(k)));
                    (k.clone(), Request::new(Method::DELETE, url))
                })
                .collect();
            return self.one_by_one(requests).await;
        }
        self.bulk(BulkOp::Delete, items).await
    }
}

impl CloudflareKv {
    /// A bulk get whose answer is over its limit (values that are large together) is asked
    /// again in halves, the first half first, down to a single GET of one value (at most KV's
    /// 25 MiB): every value KV can hold is read, memory stays bounded, and a server that answers
    /// every request with too much fails after a few requests, not a hundred.
    fn bulk_get_within_limit<'a>(
        &'a self,
        keys: &'a [String],
    ) -> BoxFuture<'a, StoreResult<BTreeMap<String, Option<String>>>> {
        Box::pin(async move {
            match self.bulk_get(keys).await {
                Err(StoreError::TooLarge(_)) if keys.len() > 1 => {
                    let (first, second) = keys.split_at(keys.len() / 2);
                    let mut out = self.bulk_get_within_limit(first).await?;
                    out.extend(self.bulk_get_within_limit(second).await?);
                    Ok(out)
                }
                Err(StoreError::TooLarge(_)) => {
                    let key = &keys[0];
                    let value = self.get(key).await?;
                    // Bulk get asks for text: the value's bytes read as text, as the API does.
                    let text = value.map(|v| String::from_utf8_lossy(&v.bytes).into_owned());
                    Ok(BTreeMap::from([(key.clone(), text)]))
                }
                other => other,
            }
        })
    }

    /// Single-value writes or deletes, `concurrency` at a time, each retried by the client. Like a
    /// bulk call: keys whose request failed are reported when others succeeded, and the call is an
    /// error when none did.
    async fn one_by_one(&self, requests: Vec<(String, Request)>) -> StoreResult<WriteReport> {
        let sends = requests.into_iter().map(|(key, req)| async move {
            let result = match self.client.send(Resource::Kv, &req).await {
                Ok(resp) => envelope(&self.client, Resource::Kv, &resp).map(|_| ()),
                Err(e) => Err(e),
            };
            (key, result)
        });
        let results: Vec<(String, StoreResult<()>)> = futures::stream::iter(sends)
            .buffer_unordered(self.client.concurrency)
            .collect()
            .await;
        let mut report = WriteReport::default();
        let mut first_error = None;
        for (key, result) in results {
            match result {
                Ok(()) => report.succeeded += 1,
                Err(e) => {
                    first_error.get_or_insert(e);
                    report.failed.push(key);
                }
            }
        }
        match first_error {
            Some(e) if report.succeeded == 0 => Err(e),
            _ => {
                report.failed.sort();
                Ok(report)
            }
        }
    }

    /// `PUT /values/{key}`: the value as the body, or as a form field beside its metadata.
    fn put_request(&self, p: &KvPut) -> (String, Request) {
        let url = self
            .client
            .kv_url(&format!("/values/{}", encode_component(&p.key)));
        let body = match &p.metadata {
            None => Body::Bytes(p.value_bytes()),
            Some(m) => Body::Form(vec![
                ("value", p.value.clone()),
                ("metadata", m.to_string()),
            ]),
        };
        (p.key.clone(), Request::new(Method::PUT, url).body(body))
    }

    /// One bulk get with metadata: `{value, metadata, expiration?}` per key. A server that answers
    /// with bare values (wrangler dev's explorer ignores `withMetadata`) gives entries marked
    /// incomplete.
    async fn bulk_get_entries(
        &self,
        keys: &[String],
    ) -> StoreResult<BTreeMap<String, Option<KvEntry>>> {
        let body = serde_json::to_vec(&json!({"keys": keys, "type": "text", "withMetadata": true}))
            .expect("json");
        let req = Request::new(Method::POST, self.client.kv_url("/bulk/get")).json(body);
        let resp = self.client.send(Resource::Kv, &req).await?;
        let ok = envelope(&self.client, Resource::Kv, &resp)?;
        let Some(values) = ok.result.get("values").and_then(Value::as_object) else {
            return Err(StoreError::Decode(
                "KV bulk get: result has no \"values\" object".into(),
            ));
        };
        let text = |v: &Value| match v {
            Value::String(s) => s.clone().into_bytes(),
            other => other.to_string().into_bytes(),
        };
        Ok(values
            .iter()
            .map(|(k, v)| {
                let e = match v {
                    Value::Null => None,
                    Value::Object(o) if o.contains_key("value") && o.contains_key("metadata") => {
                        match &o["value"] {
                            Value::Null => None,
                            value => Some(KvEntry {
                                bytes: text(value),
                                metadata: o.get("metadata").filter(|m| !m.is_null()).cloned(),
                                expiration: o.get("expiration").and_then(|x| {
                                    x.as_i64().or_else(|| x.as_f64().map(|f| f as i64))
                                }),
                                complete: true,
                            }),
                        }
                    }
                    other => Some(KvEntry {
                        bytes: text(other),
                        metadata: None,
                        expiration: None,
                        complete: false,
                    }),
                };
                (k.clone(), e)
            })
            .collect())
    }

    async fn bulk_get(&self, keys: &[String]) -> StoreResult<BTreeMap<String, Option<String>>> {
        let body =
            serde_json::to_vec(&json!({"keys": keys, "type": "text", "withMetadata": false}))
                .expect("json");
        let req = Request::new(Method::POST, self.client.kv_url("/bulk/get"))
            .json(body)
            .limit(Limit::KV_BULK_GET);
        let resp = self.client.send(Resource::Kv, &req).await?;
        let ok = envelope(&self.client, Resource::Kv, &resp)?;
        let Some(values) = ok.result.get("values").and_then(Value::as_object) else {
            return Err(StoreError::Decode(
                "KV bulk get: result has no \"values\" object".into(),
            ));
        };
        Ok(values
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::Null => None,
                    Value::String(s) => Some(s.clone()),
                    // With type "text" a value is a string, so an object holding a `value` is the
                    // with-metadata shape `{value, metadata, expiration?}` ([MF-OAS]
                    // `workers-kv_bulk-get-result-with-metadata`), which some servers send anyway.
                    Value::Object(o)
                        if o.get("value").is_some_and(|v| v.is_string() || v.is_null()) =>
                    {
                        o["value"].as_str().map(str::to_string)
                    }
                    other => Some(other.to_string()),
                };
                (k.clone(), v)
            })
            .collect())
    }

    /// Splits into requests within the item and byte limits, sends them concurrently and merges.
    /// A request that fails outright (after its retries) makes its keys `failed` when other requests
    /// succeeded, and the whole call an error when none did.
    async fn bulk(&self, op: BulkOp, items: Vec<Item>) -> StoreResult<WriteReport> {
        let chunks = chunk(items)?;
        let requests: Vec<_> = chunks
            .into_iter()
            .map(|chunk| async move {
                let keys: Vec<String> = chunk.iter().map(|i| i.key.clone()).collect();
                (keys, self.bulk_with_retries(op, chunk).await)
            })
            .collect();
        let results: Vec<(Vec<String>, StoreResult<WriteReport>)> = futures::stream::iter(requests)
            .buffer_unordered(self.client.concurrency)
            .collect()
            .await;
        let any_ok = results.iter().any(|(_, r)| r.is_ok());
        let mut report = WriteReport::default();
        for (keys, result) in results {
            match result {
                Ok(r) => {
                    report.succeeded += r.succeeded;
                    report.failed.extend(r.failed);
                }
                Err(e) if !any_ok => return Err(e),
                Err(_) => report.failed.extend(keys),
            }
        }
        report.failed.sort();
        Ok(report)
    }

    /// One chunk, resending its `unsuccessful_keys` with backoff up to `max_retries` times.
    async fn bulk_with_retries(
        &self,
        op: BulkOp,
        mut pending: Vec<Item>,
    ) -> StoreResult<WriteReport> {
        let total = pending.len();
        let mut backoff = self.client.backoff();
        let mut first = true;
        loop {
            let unsuccessful = match self.send_bulk(op, &pending).await {
                Ok(u) => u,
                Err(e) if first => return Err(e),
                // Earlier rounds landed; what is left is reported, not lost.
                Err(_) => break,
            };
            first = false;
            pending.retain(|i| unsuccessful.contains(&i.key));
            match backoff.next() {
                Some(delay) if !pending.is_empty() => tokio::time::sleep(delay).await,
                _ => break,
            }
        }
        Ok(WriteReport {
            succeeded: total - pending.len(),
            failed: pending.into_iter().map(|i| i.key).collect(),
        })
    }

    async fn send_bulk(&self, op: BulkOp, items: &[Item]) -> StoreResult<HashSet<String>> {
        let (method, tail) = match op {
            BulkOp::Write => (Method::PUT, "/bulk"),
            BulkOp::Delete => (Method::POST, "/bulk/delete"),
        };
        let req = Request::new(method, self.client.kv_url(tail))
            .json(json_array(items))
            .limit(Limit::KV_BULK_WRITE);
        let resp = self.client.send(Resource::Kv, &req).await?;
        let ok = envelope(&self.client, Resource::Kv, &resp)?;
        // Older responses carry no result at all: everything succeeded.
        Ok(ok
            .result
            .get("unsuccessful_keys")
            .and_then(Value::as_array)
            .map(|ks| {
                ks.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default())
    }
}

/// Serialized metadata per key (kv/platform/limits.mdx).
const METADATA_BYTES_MAX: usize = 1024;
/// Shortest TTL, and how far ahead an absolute expiration must be ([TS] `values.ts`: "Must be at
/// least 60"; kv/api/write-key-value-pairs.mdx: targets "less than 60 seconds into the future are
/// not supported").
const MIN_EXPIRY_SECS: i64 = 60;

/// Refuses what the API would refuse, before sending: one bad item fails a whole bulk request of up
/// to 10,000 with an HTTP 400, so it is named here instead.
fn check_put(p: &KvPut) -> StoreResult<()> {
    if let Some(ttl) = p.expiration_ttl.filter(|t| *t < MIN_EXPIRY_SECS) {
        return Err(StoreError::Invalid(format!(
            "the expiration TTL of {:?} is {ttl} s; KV needs at least {MIN_EXPIRY_SECS} s",
            p.key
        )));
    }
    // When both are set the API uses the TTL and ignores `expiration`.
    if p.expiration_ttl.is_none() {
        let now = chrono::Utc::now().timestamp();
        if let Some(x) = p.expiration.filter(|x| *x < now + MIN_EXPIRY_SECS) {
            return Err(StoreError::Invalid(format!(
                "the expiration of {:?} ({x}) is less than {MIN_EXPIRY_SECS} s in the future; KV does not support that",
                p.key
            )));
        }
    }
    if let Some(m) = &p.metadata {
        let size = m.to_string().len();
        if size > METADATA_BYTES_MAX {
            return Err(StoreError::Invalid(format!(
                "the metadata of {:?} is {size} bytes of JSON; KV allows {METADATA_BYTES_MAX}",
                p.key
            )));
        }
    }
    Ok(())
}

/// One listed key. Only `name` is required; `expiration` is a JSON number (epoch seconds, read
/// even when written as `1.7e9` or `1700000000.0`) and `metadata` counts only when not null
/// ([TS] `keys.ts` `Key`; kv/api/list-keys.mdx).
fn key_info(v: &Value) -> StoreResult<KeyInfo> {
    let Some(name) = v.get("name").and_then(Value::as_str) else {
        return Err(StoreError::Decode(format!(
            "KV key listing: an entry has no \"name\": {}",
            crate::redact::scrub(&v.to_string())
                .chars()
                .take(100)
                .collect::<String>()
        )));
    };
    Ok(KeyInfo {
        name: name.to_string(),
        expiration: v
            .get("expiration")
            .and_then(|x| x.as_i64().or_else(|| x.as_f64().map(|f| f as i64))),
        metadata: v.get("metadata").filter(|m| !m.is_null()).cloned(),
    })
}

fn json_array(items: &[Item]) -> Vec<u8> {
    let mut body = Vec::with_capacity(items.iter().map(|i| i.json.len() + 1).sum::<usize>() + 2);
    body.push(b'[');
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            body.push(b',');
        }
        body.extend_from_slice(&item.json);
    }
    body.push(b']');
    body
}

/// Groups items so each request stays within 10,000 items and 100 MB of JSON.
fn chunk(items: Vec<Item>) -> StoreResult<Vec<Vec<Item>>> {
    let mut chunks = Vec::new();
    let mut current: Vec<Item> = Vec::new();
    let mut bytes = 2; // the brackets
    for item in items {
        let size = item.json.len() + 1; // plus its comma
        if size + 2 > BULK_BYTES_MAX {
            return Err(StoreError::Invalid(format!(
                "the write for {:?} is larger than a 100 MB bulk request",
                item.key
            )));
        }
        if current.len() == BULK_WRITE_MAX || bytes + size > BULK_BYTES_MAX {
            chunks.push(std::mem::take(&mut current));
            bytes = 2;
        }
        bytes += size;
        current.push(item);
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    Ok(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, size: usize) -> Item {
        Item {
            key: key.into(),
            json: vec![b'x'; size],
        }
    }

    #[test]
    fn chunks_respect_count_and_bytes() {
        let items: Vec<Item> = (0..25_000).map(|i| item(&i.to_string(), 10)).collect();
        let sizes: Vec<usize> = chunk(items).unwrap().iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![10_000, 10_000, 5_000]);
        let big: Vec<Item> = (0..5).map(|i| item(&i.to_string(), 30_000_000)).collect();
        let sizes: Vec<usize> = chunk(big).unwrap().iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![3, 2]);
        assert!(chunk(vec![item("huge", BULK_BYTES_MAX)]).is_err());
    }
}
