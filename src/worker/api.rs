//! One fn per Worker endpoint (seed 000's reviews API and ingest, seed 001's admin endpoints),
//! each returning a typed value decoded from whatever understood shape the Worker sent.

use reqwest::Method;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Map, Value};

use super::decode::{self, as_u64, snake_keys};
use super::{Answer, Replay, Request, WorkerClient, WorkerError, WorkerResult};
use crate::http::encode_component;
use crate::http::Limit;
use crate::redact::scrub;

pub const REVIEWS: &str = "/reviews";
pub const REVIEWS_SUMMARY: &str = "/reviews/summary";
pub const INGEST: &str = "/ingest/signet-reviews";
pub const ADMIN_HEALTH: &str = "/api/v1/admin/health/skills";
pub const ADMIN_REBUILD: &str = "/api/v1/admin/rebuild-index";

/// Reviews asked for per `GET /reviews` page.
pub const DEFAULT_PAGE_SIZE: usize = 100;
/// A listing longer than this many pages is a Worker ignoring `offset`, not data.
const MAX_PAGES: usize = 100_000;

/// A review as the Worker sends it, in seed 000's column names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireReview {
    #[serde(deserialize_with = "text")]
    pub id: String,
    pub target_type: String,
    #[serde(deserialize_with = "text")]
    pub target_id: String,
    pub display_name: String,
    #[serde(deserialize_with = "whole")]
    pub rating: i64,
    pub title: String,
    pub body: String,
    #[serde(default = "default_source")]
    pub source: String,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub deleted_at: Option<String>,
}

fn default_source() -> String {
    "signet".into()
}

/// A string, also when the Worker sends a number (numeric ids).
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string, got {other}"
        ))),
    }
}

/// A whole number, also when sent as `"4"` or `4.0`.
fn whole<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let v = Value::deserialize(d)?;
    as_u64(&v)
        .map(|n| n as i64)
        .ok_or_else(|| serde::de::Error::custom(format!("expected a whole number, got {v}")))
}

/// Which reviews a listing asks for (`type=` and `id=`); both empty lists every target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewFilter {
    pub target_type: Option<String>,
    pub target_id: Option<String>,
}

/// The summary of one target: `count` and `avg_rating` (seed 000's aggregate).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WireSummary {
    pub review_count: u64,
    pub avg_rating: f64,
    /// When the Worker's aggregate row was written, if it says.
    pub updated_at: Option<String>,
}

/// What `POST /ingest/signet-reviews` answered: `accepted` plus any further counts it gave
/// (`duplicates`, `skipped`, `rejected`, …), and per-review errors when it names them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IngestResult {
    pub accepted: u64,
    pub counts: std::collections::BTreeMap<String, u64>,
    /// Review ids the Worker says it rejected, with its reason.
    pub rejected: Vec<(String, String)>,
}

/// `GET /api/v1/admin/health/skills` (seed 001), with which contract fields were missing.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WorkerHealth {
    pub kv_index_count: Option<u64>,
    pub kv_enumerated_count: Option<u64>,
    /// `prisma_count` in the seed; `durable_count` and `db_count` are read too.
    pub durable_count: Option<u64>,
    pub seed_count: Option<u64>,
    pub drift_detected: Option<bool>,
    pub drifts: Vec<WorkerDrift>,
    pub recommendations: Vec<String>,
    /// Contract fields the body did not carry.
    pub missing: Vec<&'static str>,
}

/// One entry of the Worker's `drifts`: a string, or an object naming a kind and slugs or a count.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WorkerDrift {
    /// The Worker's own name for it (`type`, `kind` or `code`), when it gives one.
    pub kind: Option<String>,
    pub slugs: Vec<String>,
    pub count: Option<u64>,
    pub message: Option<String>,
}

impl WorkerDrift {
    /// How many findings this entry stands for: its count, else its slugs, else one.
    pub fn size(&self) -> u64 {
        self.count.unwrap_or(if self.slugs.is_empty() {
            1
        } else {
            self.slugs.len() as u64
        })
    }
}

/// `POST /api/v1/admin/rebuild-index` (seed 001).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WorkerRebuild {
    pub ok: Option<bool>,
    pub rebuilt: Option<u64>,
    pub errors: Option<u64>,
    #[serde(rename = "orphanedAliases")]
    pub orphaned_aliases: Option<u64>,
    #[serde(rename = "prismaBackfilled")]
    pub prisma_backfilled: Option<u64>,
    pub missing: Vec<&'static str>,
}

fn decode_review(req: &str, v: &Value) -> WorkerResult<WireReview> {
    serde_json::from_value(snake_keys(v)).map_err(|e| {
        // Scrubbed before the cut, so no piece of a secret survives it.
        let mut shown = scrub(&v.to_string());
        if shown.chars().count() > 160 {
            shown = format!("{}…", shown.chars().take(160).collect::<String>());
        }
        WorkerError::Decode(format!(
            "{req} returned a review mkt cannot read ({e}): {shown}"
        ))
    })
}

/// A JSON request body as sent.
fn json_bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).expect("a JSON value serializes")
}

fn review_path(id: &str) -> String {
    format!("{REVIEWS}/{}", encode_component(id))
}

/// A review out of a write's answer, when the answer holds one (some Workers answer `{ok: true}`).
fn review_in(req: &str, body: &Value) -> WorkerResult<Option<WireReview>> {
    match decode::object(body) {
        Some(m)
            if m.contains_key("id") && (m.contains_key("rating") || m.contains_key("title")) =>
        {
            decode_review(req, &Value::Object(m)).map(Some)
        }
        _ => Ok(None),
    }
}

impl WorkerClient {
    /// One page of `GET /reviews?type=&id=&limit=&offset=`.
    pub async fn list_reviews_page(
        &self,
        filter: &ReviewFilter,
        limit: usize,
        offset: usize,
    ) -> WorkerResult<(Vec<WireReview>, Option<u64>)> {
        let mut req = Request::get(REVIEWS);
        if let Some(t) = &filter.target_type {
            req = req.query("type", t);
        }
        if let Some(id) = &filter.target_id {
            req = req.query("id", id);
        }
        let req = req
            .query("limit", limit)
            .query("offset", offset)
            .limit(Limit::REVIEWS_PAGE);
        let body = self.call(&req).await?;
        let page = decode::list(&body).ok_or_else(|| {
            WorkerError::Decode(format!(
                "GET {REVIEWS} returned no list (expected an array, or one under reviews, data, items or results)"
            ))
        })?;
        // More than asked for is not a page: a Worker ignoring `limit` could send any amount.
        if page.items.len() > limit {
            return Err(WorkerError::TooLarge(format!(
                "GET {REVIEWS} returned {} reviews for limit={limit}; a page never holds more than it was asked for: check --api-url (MKT_API_URL) points at the marketplace Worker",
                page.items.len()
            )));
        }
        let reviews = page
            .items
            .iter()
            .map(|v| decode_review(&req.label(), v))
            .collect::<WorkerResult<Vec<_>>>()?;
        Ok((reviews, page.total))
    }

    /// Every review matching `filter` (see [`ReviewPager`] for how the end is found).
    pub async fn list_reviews(
        &self,
        filter: &ReviewFilter,
        page_size: usize,
    ) -> WorkerResult<Vec<WireReview>> {
        let mut pager = ReviewPager::new(self, filter.clone(), 0);
        let mut all: Vec<WireReview> = Vec::new();
        while !pager.ended() {
            all.extend(pager.next(page_size).await?);
        }
        Ok(all)
    }

    /// `GET /reviews/:id`; `None` on 404.
    pub async fn get_review(&self, id: &str) -> WorkerResult<Option<WireReview>> {
        let req = Request::get(review_path(id)).limit(Limit::REVIEW);
        match self.send(&req).await? {
            Answer::NotFound(_) => Ok(None),
            Answer::Json(body) => {
                let obj = decode::object(&body).ok_or_else(|| {
                    WorkerError::Decode(format!("{} returned no review object", req.label()))
                })?;
                decode_review(&req.label(), &Value::Object(obj)).map(Some)
            }
        }
    }

    /// `POST /reviews`. `body` carries seed 000's fields; with an `id` in it a failed attempt
    /// (5xx, timeout) is checked with `GET /reviews/:id` and sent again only when the review is
    /// not there. Without one it is never sent twice.
    pub async fn create_review(&self, body: &Map<String, Value>) -> WorkerResult<WireReview> {
        let id = body.get("id").and_then(Value::as_str).map(str::to_string);
        let replay = if id.is_some() {
            Replay::Checked
        } else {
            Replay::Never
        };
        let req = Request::new(Method::POST, REVIEWS)
            .json(json_bytes(&Value::Object(body.clone())))
            .replay(replay)
            .limit(Limit::REVIEW);
        let mut backoff = self.backoff();
        let mut attempts = 0;
        loop {
            attempts += 1;
            match self.call(&req).await {
                Ok(answer) => {
                    if let Some(r) = review_in(&req.label(), &answer)? {
                        return Ok(r);
                    }
                    // `{id}` or `{ok: true}`: read what was stored.
                    let new_id = decode::object(&answer)
                        .and_then(|m| m.get("id").cloned())
                        .and_then(|v| v.as_str().map(str::to_string).or(Some(v.to_string())))
                        .or(id.clone())
                        .ok_or_else(|| {
                            WorkerError::Decode(format!(
                                "{} answered without the new review or its id",
                                req.label()
                            ))
                        })?;
                    return self.get_review(&new_id).await?.ok_or_else(|| {
                        WorkerError::Decode(format!(
                            "{} accepted review {} but GET {} does not find it",
                            req.label(),
                            scrub(&new_id),
                            scrub(&review_path(&new_id))
                        ))
                    });
                }
                Err(e @ (WorkerError::Server(_) | WorkerError::Transport(_))) => {
                    let Some(id) = id.as_deref() else {
                        return Err(e);
                    };
                    // The id makes the outcome checkable: stored means done, absent means resend.
                    if let Some(r) = self.get_review(id).await? {
                        return Ok(r);
                    }
                    match backoff.next() {
                        Some(delay) => crate::interrupt::sleep(delay).await?,
                        None => {
                            // Each attempt was one request: its own "after 1 attempt" would
                            // contradict the count said here.
                            let last = match &e {
                                WorkerError::Server(m) | WorkerError::Transport(m) => m
                                    .replace(", after 1 attempt)", ")")
                                    .replace(" (after 1 attempt)", ""),
                                other => other.to_string(),
                            };
                            return Err(WorkerError::Server(format!(
                                "review {id} is not stored after {attempts} attempts of {}, so nothing was written; last error: {last}",
                                req.label()
                            )));
                        }
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// `PATCH /reviews/:id` with the changed fields; `None` on 404.
    pub async fn update_review(
        &self,
        id: &str,
        changes: &Map<String, Value>,
    ) -> WorkerResult<Option<WireReview>> {
        // Setting fields to given values is repeatable: a replay changes nothing more.
        let req = Request::new(Method::PATCH, review_path(id))
            .json(json_bytes(&Value::Object(changes.clone())))
            .limit(Limit::REVIEW);
        match self.send(&req).await? {
            Answer::NotFound(_) => Ok(None),
            Answer::Json(answer) => match review_in(&req.label(), &answer)? {
                Some(r) => Ok(Some(r)),
                None => self.get_review(id).await,
            },
        }
    }

    /// `DELETE /reviews/:id` (a soft delete on the Worker); `false` on 404.
    pub async fn delete_review(&self, id: &str) -> WorkerResult<bool> {
        let req = Request::new(Method::DELETE, review_path(id)).limit(Limit::REVIEW);
        Ok(matches!(self.send(&req).await?, Answer::Json(_)))
    }

    /// `GET /reviews/summary?type=&id=`.
    pub async fn review_summary(
        &self,
        target_type: &str,
        target_id: &str,
    ) -> WorkerResult<WireSummary> {
        let req = Request::get(REVIEWS_SUMMARY)
            .query("type", target_type)
            .query("id", target_id);
        let body = self.call(&req).await?;
        let m = decode::object(&body)
            .map(|m| {
                // `{summary: {...}}` too.
                match m.get("summary") {
                    Some(Value::Object(inner)) => inner.clone(),
                    _ => m,
                }
            })
            .map(|m| snake_keys(&Value::Object(m)))
            .unwrap_or(Value::Null);
        let count = ["review_count", "count", "total", "reviews_count"]
            .iter()
            .find_map(|k| m.get(*k).and_then(as_u64));
        let avg = ["avg_rating", "average_rating", "average", "avg", "rating"]
            .iter()
            .find_map(|k| {
                m.get(*k)
                    .and_then(|v| v.as_f64().or_else(|| v.as_str()?.trim().parse().ok()))
            });
        match (count, avg) {
            (Some(review_count), avg) => Ok(WireSummary {
                review_count,
                // No reviews, no average: some Workers send null.
                avg_rating: avg.unwrap_or(0.0),
                updated_at: m
                    .get("updated_at")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            }),
            _ => Err(WorkerError::Decode(format!(
                "{} returned no review count (expected review_count or count): {}",
                req.label(),
                super::errors::excerpt_of(&body)
            ))),
        }
    }

    /// `POST /ingest/signet-reviews` with one batch, in the payload the reviews daemon's own sync
    /// sends (seed 000: the endpoint "accepts the batched review payload currently sent by the
    /// daemon"): `{source, type, sentAt, reviews}`. Ingest is idempotent by review id, so a
    /// failed batch may be sent again.
    pub async fn ingest_reviews(&self, reviews: &[Value]) -> WorkerResult<IngestResult> {
        // The header the daemon's own sync sends with it, so a Worker that tells the daemon's
        // batches by it takes mkt's the same way.
        let req = Request::new(Method::POST, self.ingest_path.clone())
            .header("x-signet-sync", "1")
            .json(json_bytes(&json!({
                "source": "signet-marketplace",
                "type": "reviews-sync",
                "sentAt": crate::reviews::validate::now(),
                "reviews": reviews,
            })))
            .limit(Limit::INGEST);
        let body = snake_keys(&self.call(&req).await?);
        let m = body.as_object().cloned().unwrap_or_default();
        if m.get("success").and_then(Value::as_bool) == Some(false)
            || m.get("ok").and_then(Value::as_bool) == Some(false)
        {
            let said = m
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("success: false");
            return Err(WorkerError::Api {
                status: 200,
                message: format!(
                    "{} refused the batch: {}",
                    req.label(),
                    super::errors::excerpt_of(&Value::String(said.to_string()))
                ),
            });
        }
        let accepted = m.get("accepted").and_then(as_u64).ok_or_else(|| {
            WorkerError::Decode(format!(
                "{} answered without `accepted` (seed 000 promises {{success, accepted}}): {}",
                req.label(),
                super::errors::excerpt_of(&body)
            ))
        })?;
        let mut result = IngestResult {
            accepted,
            ..Default::default()
        };
        for (k, v) in &m {
            if k != "accepted" {
                if let Some(n) = as_u64(v).filter(|_| v.is_number()) {
                    result.counts.insert(k.clone(), n);
                }
            }
        }
        for key in ["errors", "rejected"] {
            if let Some(items) = m.get(key).and_then(Value::as_array) {
                for e in items {
                    let id = scrub(e.get("id").and_then(Value::as_str).unwrap_or("?"));
                    let why = super::errors::excerpt_of(
                        e.get("error")
                            .or(e.get("message"))
                            .unwrap_or(&Value::String("rejected".into())),
                    );
                    result.rejected.push((id, why));
                }
            }
        }
        Ok(result)
    }

    /// `GET /api/v1/admin/health/skills` (seed 001).
    pub async fn health_skills(&self) -> WorkerResult<WorkerHealth> {
        let req = Request::get(ADMIN_HEALTH).limit(Limit::WORKER_HEALTH);
        let body = self.call(&req).await?;
        let obj = decode::object(&body).ok_or_else(|| {
            WorkerError::Decode(format!("{} returned no JSON object", req.label()))
        })?;
        Ok(parse_health(&snake_keys(&Value::Object(obj))))
    }

    /// `POST /api/v1/admin/rebuild-index` (seed 001). The seed designs it to be run repeatedly
    /// (a union rebuild from the KV keys), so a replay after a 5xx or timeout is safe.
    pub async fn rebuild_index(&self) -> WorkerResult<WorkerRebuild> {
        let req = Request::new(Method::POST, ADMIN_REBUILD);
        // An answer that says nothing of seed 001's is not a rebuild: the request may have
        // reached something else (a catch-all route, a proxy's page).
        let say_nothing = |body: &Value| {
            WorkerError::Decode(format!(
                "{} answered without ok, rebuilt, errors, orphanedAliases or prismaBackfilled (seed 001's answer): {}; mkt cannot tell whether the index was rebuilt: check --api-url (MKT_API_URL) and the Worker's logs (wrangler tail)",
                req.label(),
                super::errors::excerpt_of(body)
            ))
        };
        let body = self.call(&req).await?;
        let m = decode::object(&body)
            .map(|m| snake_keys(&Value::Object(m)))
            .unwrap_or(Value::Null);
        let num = |k: &str| m.get(k).and_then(as_u64);
        let mut r = WorkerRebuild {
            ok: m.get("ok").or(m.get("success")).and_then(Value::as_bool),
            rebuilt: num("rebuilt"),
            errors: num("errors").or_else(|| {
                m.get("errors")
                    .and_then(Value::as_array)
                    .map(|a| a.len() as u64)
            }),
            orphaned_aliases: num("orphaned_aliases"),
            prisma_backfilled: num("prisma_backfilled").or_else(|| num("durable_backfilled")),
            missing: Vec::new(),
        };
        for (name, present) in [
            ("rebuilt", r.rebuilt.is_some()),
            ("errors", r.errors.is_some()),
            ("orphanedAliases", r.orphaned_aliases.is_some()),
            ("prismaBackfilled", r.prisma_backfilled.is_some()),
        ] {
            if !present {
                r.missing.push(name);
            }
        }
        if r.ok == Some(false) {
            let said = m
                .get("error")
                .cloned()
                .unwrap_or(Value::String("ok: false".into()));
            return Err(WorkerError::Api {
                status: 200,
                message: format!(
                    "{} reported failure: {}",
                    req.label(),
                    super::errors::excerpt_of(&said)
                ),
            });
        }
        if r.ok.is_none() && r.missing.len() == 4 {
            return Err(say_nothing(&body));
        }
        Ok(r)
    }
}

/// `GET /reviews` page by page from an offset, asking for no more than the caller needs.
///
/// The end is where `total` says when the Worker gives one, else at an empty page or a short one.
/// Workers often clamp `limit` silently, so the first short page is confirmed once with the next
/// offset: when that page is not empty, the short page was the Worker's own page size, and a page
/// shorter than that (or than what was asked) ends the listing.
pub struct ReviewPager<'a> {
    client: &'a WorkerClient,
    filter: ReviewFilter,
    start: usize,
    read: usize,
    /// The Worker's own page size, once a short page turned out not to be the last.
    cap: Option<usize>,
    first_id: Option<String>,
    total: Option<u64>,
    ended: bool,
}

impl<'a> ReviewPager<'a> {
    pub fn new(client: &'a WorkerClient, filter: ReviewFilter, offset: usize) -> Self {
        ReviewPager {
            client,
            filter,
            start: offset,
            read: 0,
            cap: None,
            first_id: None,
            total: None,
            ended: false,
        }
    }

    /// Whether the listing was read to its end.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// The Worker's `total`, else the count once the end was read; `None` while unknown.
    pub fn total(&self) -> Option<u64> {
        self.total
            .or_else(|| self.ended.then(|| (self.start + self.read) as u64))
    }

    /// The next page of at most `want` reviews (capped at [`DEFAULT_PAGE_SIZE`] a request);
    /// empty once the listing ended.
    pub async fn next(&mut self, want: usize) -> WorkerResult<Vec<WireReview>> {
        let want = want.clamp(1, DEFAULT_PAGE_SIZE);
        if self.ended {
            return Ok(Vec::new());
        }
        if self.read >= MAX_PAGES * DEFAULT_PAGE_SIZE {
            return Err(WorkerError::Decode(format!(
                "GET {REVIEWS} did not end after {} reviews",
                self.read
            )));
        }
        let (page, total) = self
            .client
            .list_reviews_page(&self.filter, want, self.start + self.read)
            .await?;
        let n = page.len();
        // A Worker that ignores `offset` would hand the first page back forever.
        if n > 0 && self.read > 0 && page.first().map(|r| &r.id) == self.first_id.as_ref() {
            return Err(WorkerError::Decode(format!(
                "GET {REVIEWS} returned the first page again at offset {}; the Worker does not honour offset, so the listing cannot be completed",
                self.start + self.read
            )));
        }
        if self.first_id.is_none() {
            self.first_id = page.first().map(|r| r.id.clone());
        }
        self.total = total.or(self.total);
        self.read += n;
        let full_at = self.cap.map_or(want, |c| c.min(want));
        self.ended = match self.total {
            Some(t) => (self.start + self.read) as u64 >= t || n == 0,
            None if n == 0 => true,
            None if n >= full_at => false,
            // Short: the end, or the Worker's page size. Only the next offset can tell.
            None if self.cap.is_none() => {
                self.cap = Some(n);
                false
            }
            None => true,
        };
        Ok(page)
    }
}

/// The strings of a list the Worker sent, as shown (scrubbed: they reach the screen).
fn strings(v: Option<&Value>) -> Vec<String> {
    let list = match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| {
                x.as_str().map(str::to_string).or_else(|| {
                    ["command", "message", "action", "name", "slug"]
                        .iter()
                        .find_map(|k| x.get(*k).and_then(Value::as_str).map(str::to_string))
                })
            })
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    list.iter().map(|s| scrub(s)).collect()
}

/// Reads the health body (keys already snake_case).
pub fn parse_health(m: &Value) -> WorkerHealth {
    let num = |keys: &[&str]| keys.iter().find_map(|k| m.get(*k).and_then(as_u64));
    let mut h = WorkerHealth {
        kv_index_count: num(&["kv_index_count", "index_count"]),
        kv_enumerated_count: num(&["kv_enumerated_count", "kv_count", "enumerated_count"]),
        durable_count: num(&["prisma_count", "durable_count", "db_count", "d1_count"]),
        seed_count: num(&["seed_count"]),
        drift_detected: m.get("drift_detected").and_then(Value::as_bool),
        drifts: Vec::new(),
        recommendations: strings(m.get("recommendations")),
        missing: Vec::new(),
    };
    if let Some(items) = m.get("drifts").and_then(Value::as_array) {
        for d in items {
            let entry = match d {
                Value::String(s) => WorkerDrift {
                    message: Some(scrub(s)),
                    ..Default::default()
                },
                Value::Object(o) => WorkerDrift {
                    kind: ["kind", "type", "code", "drift"]
                        .iter()
                        .find_map(|k| o.get(*k).and_then(Value::as_str).map(str::to_string)),
                    slugs: match o.get("slugs").or(o.get("names")).or(o.get("skills")) {
                        Some(v) => strings(Some(v)),
                        None => ["slug", "name", "skill"]
                            .iter()
                            .find_map(|k| {
                                o.get(*k)
                                    .and_then(Value::as_str)
                                    .map(|s| vec![s.to_string()])
                            })
                            .unwrap_or_default(),
                    },
                    count: o.get("count").and_then(as_u64),
                    message: ["message", "detail", "description"]
                        .iter()
                        .find_map(|k| o.get(*k).and_then(Value::as_str).map(scrub)),
                },
                other => WorkerDrift {
                    message: Some(scrub(&other.to_string())),
                    ..Default::default()
                },
            };
            h.drifts.push(entry);
        }
    }
    for (name, present) in [
        ("kv_index_count", h.kv_index_count.is_some()),
        ("kv_enumerated_count", h.kv_enumerated_count.is_some()),
        ("prisma_count", h.durable_count.is_some()),
        ("seed_count", h.seed_count.is_some()),
        ("drift_detected", h.drift_detected.is_some()),
        ("drifts", m.get("drifts").is_some_and(Value::is_array)),
        ("recommendations", m.get("recommendations").is_some()),
    ] {
        if !present {
            h.missing.push(name);
        }
    }
    h
}
