//! Plain storage: one interface — a KV store and a SQL database — and its implementations:
//! `cloudflare` (REST API v4, and a running `wrangler dev` through its Local Explorer API on the
//! same client), `local` (one SQLite file) and `postgres`. It knows nothing above it: which
//! target opens which store, the durable table and its migrations live in src/target/,
//! src/durable/ and src/schema/.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::http::{Log, RequestCounter};
use crate::interrupt::Interrupted;

pub mod cloudflare;
pub mod local;
pub mod postgres;

/// Errors every target reports in the same terms.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The token was rejected (codes 10000, 9106, 1000, 9109; HTTP 401/403).
    #[error("authentication failed: {0}")]
    Auth(String),
    /// The KV namespace or D1 database does not exist (10013, 7404, wrong account: 7003).
    #[error("{0}")]
    MissingResource(String),
    /// 429 after every retry, or a `Retry-After` too long to wait for.
    #[error("rate limited: {0}")]
    RateLimited(String),
    /// 5xx or timeouts after every retry.
    #[error("server error: {0}")]
    Server(String),
    /// Connection refused, DNS, TLS.
    #[error("request failed: {0}")]
    Transport(String),
    /// The target is not there to ask: wrangler dev not running, or running without its explorer.
    #[error("{0}")]
    Unavailable(String),
    /// Any other envelope error.
    #[error("API error {status}{}: {message}", code.map(|c| format!(" (code {c})")).unwrap_or_default())]
    Api {
        status: u16,
        code: Option<i64>,
        message: String,
    },
    /// SQL rejected by the database (D1 7500, SQLite errors).
    #[error("SQL error: {0}")]
    Sql(String),
    /// A response that does not have the documented shape.
    #[error("unexpected response: {0}")]
    Decode(String),
    /// Local file or database trouble.
    #[error("{0}")]
    Local(String),
    /// Input the store cannot take (empty key, key over 512 bytes, too many parameters).
    #[error("{0}")]
    Invalid(String),
    /// The local file is not a store mkt can use (not SQLite, or another program's database).
    #[error("{0}")]
    NotAStore(String),
    /// The local store cannot be written (file, directory or WAL); checked before any write.
    #[error("{0}")]
    ReadOnly(String),
    /// An answer that cannot be part of a correct listing (a cursor given twice, keys out of
    /// order, an empty body): what was read so far cannot be trusted to be the whole.
    #[error("{0}")]
    BrokenListing(String),
    /// An answer larger than its endpoint can hold (`crate::http::Limit`): reading stopped there.
    #[error("response too large: {0}")]
    TooLarge(String),
    /// A stop was asked for (Ctrl-C): the operation was not started.
    #[error("interrupted")]
    Interrupted,
}

impl From<Interrupted> for StoreError {
    fn from(_: Interrupted) -> Self {
        StoreError::Interrupted
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// One key as listed: name, absolute expiration (epoch seconds) and metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyInfo {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
}

/// One page of a cursor listing. A page may be empty while `cursor` is still set.
#[derive(Clone, Debug, Default)]
pub struct KeyPage {
    pub keys: Vec<KeyInfo>,
    pub cursor: Option<String>,
}

/// A value read with GET: raw bytes plus expiration.
#[derive(Clone, Debug, PartialEq)]
pub struct KvValue {
    pub bytes: Vec<u8>,
    pub expiration: Option<i64>,
}

impl KvValue {
    pub fn text(&self) -> Result<&str, std::str::Utf8Error> {
        std::str::from_utf8(&self.bytes)
    }
}

/// A value with everything KV keeps beside it: its raw bytes, its metadata and its expiration.
/// All three are data: a rewrite carries them over and a backup records them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KvEntry {
    pub bytes: Vec<u8>,
    pub metadata: Option<Value>,
    pub expiration: Option<i64>,
    /// Whether `metadata` and `expiration` were read with the value. False where the server
    /// cannot say (wrangler dev's explorer ignores `withMetadata`): [`read_entries`] fills them
    /// in from a listing.
    pub complete: bool,
}

impl KvEntry {
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }
}

/// One write in a bulk put.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KvPut {
    pub key: String,
    /// The value as text, or as base64 when `base64` is set (a value that is not UTF-8).
    pub value: String,
    /// `value` is base64 of the bytes to store (the bulk write's own `base64` flag).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub base64: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_ttl: Option<i64>,
}

/// How far ahead an expiration must be for KV to take it (reference/cloudflare-api.md §2.5).
pub const MIN_EXPIRY_AHEAD_SECS: i64 = 60;

impl KvPut {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        KvPut {
            key: key.into(),
            value: value.into(),
            base64: false,
            metadata: None,
            expiration: None,
            expiration_ttl: None,
        }
    }

    /// The exact bytes `bytes` at `key` (base64 when they are not UTF-8).
    pub fn bytes(key: impl Into<String>, bytes: &[u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(text) => KvPut::new(key, text),
            Err(_) => {
                use base64::Engine as _;
                let mut p =
                    KvPut::new(key, base64::engine::general_purpose::STANDARD.encode(bytes));
                p.base64 = true;
                p
            }
        }
    }

    /// `entry` put back as it was: its bytes, metadata and expiration.
    pub fn entry(key: impl Into<String>, entry: &KvEntry) -> Self {
        KvPut::bytes(key, &entry.bytes).carrying(entry)
    }

    /// Keeps `entry`'s metadata and expiration on this write. An expiration KV would refuse as
    /// too near (under 60 s ahead) is moved to the nearest one it takes.
    pub fn carrying(mut self, entry: &KvEntry) -> Self {
        self.metadata = entry.metadata.clone();
        self.expiration = entry
            .expiration
            .map(|x| x.max(chrono::Utc::now().timestamp() + MIN_EXPIRY_AHEAD_SECS + 1));
        self
    }

    /// The bytes this write stores.
    pub fn value_bytes(&self) -> Vec<u8> {
        if self.base64 {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD
                .decode(&self.value)
                .unwrap_or_else(|_| self.value.clone().into_bytes())
        } else {
            self.value.clone().into_bytes()
        }
    }
}

/// What a bulk write or delete achieved after its own retries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WriteReport {
    pub succeeded: usize,
    /// Keys still unsuccessful after retries; the caller journals them as failed.
    pub failed: Vec<String>,
}

/// Maximum key length in bytes (Cloudflare KV).
pub const MAX_KEY_BYTES: usize = 512;
/// Keys per list page (Cloudflare KV maximum and default).
pub const LIST_PAGE_MAX: usize = 1000;

/// Checks a key against KV's rules: non-empty, not `.` or `..`, at most 512 bytes.
pub fn validate_key(key: &str) -> StoreResult<()> {
    if key.is_empty() || key == "." || key == ".." {
        return Err(StoreError::Invalid(format!(
            "invalid KV key {key:?}: a key cannot be empty or exactly \".\" or \"..\""
        )));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(StoreError::Invalid(format!(
            "KV key is {} bytes; the limit is {MAX_KEY_BYTES}: {}…",
            key.len(),
            &key[..key
                .char_indices()
                .take(40)
                .last()
                .map(|(i, c)| i + c.len_utf8())
                .unwrap_or(0)]
        )));
    }
    Ok(())
}

#[async_trait]
pub trait KvStore: Send + Sync {
    /// How many requests may usefully be in flight at once (the target's concurrency limit);
    /// 1 for targets without latency to hide.
    fn max_in_flight(&self) -> usize {
        1
    }
    /// What a listing of `prefix` asks, for errors about its answers (e.g. the request's method
    /// and URL).
    fn list_endpoint(&self, prefix: &str) -> String {
        format!("the key listing of {prefix:?}")
    }
    /// One page of keys under `prefix`, sorted by UTF-8 bytes. `limit` is 10..=1000.
    async fn list_page(
        &self,
        prefix: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> StoreResult<KeyPage>;
    /// One value, or `None` when the key does not exist.
    async fn get(&self, key: &str) -> StoreResult<Option<KvValue>>;
    /// Text values of many keys (chunked to the target's limit); missing keys map to `None`.
    async fn get_many(&self, keys: &[String]) -> StoreResult<BTreeMap<String, Option<String>>>;
    /// Whole entries of many keys (bytes, metadata, expiration); missing keys map to `None`.
    /// Entries this target cannot give metadata for are marked incomplete ([`read_entries`]
    /// completes them). The default reads each key alone.
    async fn get_entries(&self, keys: &[String]) -> StoreResult<BTreeMap<String, Option<KvEntry>>> {
        let mut out = BTreeMap::new();
        for k in keys {
            let e = self.get(k).await?.map(|v| KvEntry {
                bytes: v.bytes,
                metadata: None,
                expiration: v.expiration,
                complete: false,
            });
            out.insert(k.clone(), e);
        }
        Ok(out)
    }
    /// The metadata of one key (`None`: none, or no such key). The default finds the key in a
    /// listing: a key sorts before every longer key it prefixes, so it is the first listed.
    async fn get_metadata(&self, key: &str) -> StoreResult<Option<Value>> {
        let page = self.list_page(key, None, 10).await?;
        Ok(page
            .keys
            .into_iter()
            .find(|k| k.name == key)
            .and_then(|k| k.metadata))
    }
    /// Writes many values (chunked to the target's limits, retrying unsuccessful keys).
    async fn put_many(&self, puts: &[KvPut]) -> StoreResult<WriteReport>;
    /// Deletes many keys (chunked, retrying unsuccessful keys). Deleting a missing key succeeds.
    async fn delete_many(&self, keys: &[String]) -> StoreResult<WriteReport>;
}

/// Walks every page of a prefix listing. Loops on the cursor, never on page size.
pub async fn list_all(kv: &dyn KvStore, prefix: &str) -> StoreResult<Vec<KeyInfo>> {
    let mut out = Vec::new();
    let mut check = PageCheck::new(prefix);
    let mut cursor: Option<String> = None;
    loop {
        let page = kv
            .list_page(prefix, cursor.as_deref(), LIST_PAGE_MAX)
            .await?;
        cursor = check.next(kv, &page)?;
        out.extend(page.keys);
        if cursor.is_none() {
            break;
        }
    }
    Ok(out)
}

/// Whole entries of `keys`, metadata and expiration included: entries the target read without
/// them are completed from a listing (one page per key for a few keys, else one walk of the
/// keys' common prefix).
pub async fn read_entries(
    kv: &dyn KvStore,
    keys: &[String],
) -> StoreResult<BTreeMap<String, Option<KvEntry>>> {
    let mut out = kv.get_entries(keys).await?;
    let incomplete: Vec<String> = out
        .iter()
        .filter(|(_, e)| e.as_ref().is_some_and(|e| !e.complete))
        .map(|(k, _)| k.clone())
        .collect();
    if incomplete.is_empty() {
        return Ok(out);
    }
    let mut listed: BTreeMap<String, KeyInfo> = BTreeMap::new();
    if incomplete.len() <= 10 {
        // A key sorts before every longer key it prefixes: it is the first one listed.
        for k in &incomplete {
            let page = kv.list_page(k, None, 10).await?;
            if let Some(info) = page.keys.into_iter().find(|i| i.name == *k) {
                listed.insert(k.clone(), info);
            }
        }
    } else {
        let first = &incomplete[0];
        let common = incomplete.iter().fold(first.len(), |n, k| {
            first
                .char_indices()
                .zip(k.chars())
                .take_while(|((i, a), b)| *i < n && a == b)
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8())
        });
        let wanted: std::collections::HashSet<&String> = incomplete.iter().collect();
        for info in list_all(kv, &first[..common]).await? {
            if wanted.contains(&info.name) {
                listed.insert(info.name.clone(), info);
            }
        }
    }
    for k in incomplete {
        if let Some(Some(e)) = out.get_mut(&k) {
            if let Some(info) = listed.remove(&k) {
                e.metadata = info.metadata;
                e.expiration = info.expiration.or(e.expiration);
            }
            e.complete = true;
        }
    }
    Ok(out)
}

/// One cursor walk's pages, checked as they arrive: a walk that cannot be a correct listing ends
/// as [`StoreError::BrokenListing`] instead of looping or passing for complete. A correct walk
/// hands out each cursor once (a cursor given again would loop forever, whether it is the last
/// one or one from pages back) and its keys strictly increase in UTF-8 byte order under its
/// prefix, across pages too (the API lists in that order; anything else means pages were
/// repeated or skipped). Empty pages with a new cursor are fine: the API has them.
#[derive(Debug)]
pub struct PageCheck {
    prefix: String,
    cursors: std::collections::HashSet<String>,
    last: Option<String>,
    pages: usize,
}

impl PageCheck {
    pub fn new(prefix: &str) -> Self {
        PageCheck {
            prefix: prefix.to_string(),
            cursors: Default::default(),
            last: None,
            pages: 0,
        }
    }

    /// Checks `page` (listed by `kv`) and returns the cursor to ask with next: `None` when the
    /// walk has ended.
    pub fn next(&mut self, kv: &dyn KvStore, page: &KeyPage) -> StoreResult<Option<String>> {
        self.pages += 1;
        let broken = |what: String| {
            StoreError::BrokenListing(format!(
                "{} {what} (page {}); the listing cannot be completed: retry later, and report it if it persists",
                kv.list_endpoint(&self.prefix),
                self.pages
            ))
        };
        let mut previous = self.last.as_deref();
        for k in &page.keys {
            if !k.name.starts_with(&self.prefix) {
                return Err(broken(format!(
                    "answered key {:?}, which is not under the prefix",
                    k.name
                )));
            }
            if let Some(p) = previous.filter(|p| k.name.as_bytes() <= p.as_bytes()) {
                return Err(broken(format!(
                    "answered key {:?} after {p:?}: keys must come in increasing order",
                    k.name
                )));
            }
            previous = Some(&k.name);
        }
        if let Some(k) = page.keys.last() {
            self.last = Some(k.name.clone());
        }
        match page.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => Ok(None),
            Some(c) if !self.cursors.insert(c.to_string()) => Err(broken(format!(
                "answered cursor {} a second time: the walk would go round forever",
                short(c)
            ))),
            Some(c) => Ok(Some(c.to_string())),
        }
    }
}

/// A cursor as shown in an error: cursors are opaque and can be long.
fn short(cursor: &str) -> String {
    if cursor.chars().count() <= 24 {
        format!("{cursor:?}")
    } else {
        format!("{:?}…", cursor.chars().take(24).collect::<String>())
    }
}

/// A bound SQL parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SqlValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
}

impl From<&str> for SqlValue {
    fn from(s: &str) -> Self {
        SqlValue::Text(s.to_string())
    }
}
impl From<String> for SqlValue {
    fn from(s: String) -> Self {
        SqlValue::Text(s)
    }
}
impl From<i64> for SqlValue {
    fn from(v: i64) -> Self {
        SqlValue::Integer(v)
    }
}
impl From<f64> for SqlValue {
    fn from(v: f64) -> Self {
        SqlValue::Real(v)
    }
}
impl<T: Into<SqlValue>> From<Option<T>> for SqlValue {
    fn from(v: Option<T>) -> Self {
        v.map(Into::into).unwrap_or(SqlValue::Null)
    }
}

/// A REAL as D1 returns it: D1 serialises rows in JavaScript, where `83.0` is the number `83`
/// and a non-finite value is `null`; the local store and PostgreSQL answer in the same form so both targets
/// print the same JSON for the same row.
pub fn js_number(f: f64) -> Value {
    const SAFE: f64 = 9_007_199_254_740_991.0; // Number.MAX_SAFE_INTEGER
    if !f.is_finite() {
        Value::Null
    } else if f.fract() == 0.0 && f.abs() <= SAFE {
        Value::from(f as i64)
    } else {
        Value::from(f)
    }
}

/// One SQL statement with its parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub sql: String,
    pub params: Vec<SqlValue>,
}

impl Statement {
    pub fn new(sql: impl Into<String>) -> Self {
        Statement {
            sql: sql.into(),
            params: Vec::new(),
        }
    }
    pub fn with(sql: impl Into<String>, params: Vec<SqlValue>) -> Self {
        Statement {
            sql: sql.into(),
            params,
        }
    }
}

/// Bytes `s` takes as a JSON string's contents: each byte JSON may escape counted 6× (`\u00XX`,
/// the longest escape; a quote, backslash or line break needs only 2×).
fn json_text_size(s: &str) -> usize {
    let escaped = s
        .bytes()
        .filter(|b| *b < 0x20 || *b == b'"' || *b == b'\\')
        .count();
    s.len() + escaped * 5
}

impl SqlValue {
    /// Bytes this parameter adds to a request body, where it travels as a JSON string: text with
    /// its escapes, quotes and separator; any other value at most 24 (an `i64` is 20 digits).
    pub fn size(&self) -> usize {
        match self {
            SqlValue::Text(s) => json_text_size(s) + 4,
            _ => 24,
        }
    }
}

impl Statement {
    /// Bytes this statement adds to a request body (`{"sql": …, "params": […]}`): the one estimate
    /// every batcher packs by and the D1 client splits by, so a batch packed to fit is sent as one
    /// request. Never below what is sent (the test below).
    pub fn size(&self) -> usize {
        json_text_size(&self.sql) + 32 + self.params.iter().map(SqlValue::size).sum::<usize>()
    }
}

/// What one statement and one atomic batch may hold on a SQL database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SqlLimits {
    /// Bound parameters in one statement.
    pub params: usize,
    /// Bytes of SQL text in one statement.
    pub statement_bytes: usize,
    /// Statements in one request (one atomic batch).
    pub batch_statements: usize,
    /// Bytes ([`Statement::size`]) of the statements of one request.
    pub batch_bytes: usize,
}

impl SqlLimits {
    /// D1's per-statement limits (reference/cloudflare-api.md §3.4), and the batch size mkt keeps
    /// a D1 request to (D1 documents no maximum; this keeps each call well inside its 30 s). The
    /// local store enforces them too, so what works locally works remotely.
    pub const D1: SqlLimits = SqlLimits {
        params: 100,
        statement_bytes: 100_000,
        batch_statements: 100,
        batch_bytes: 1_000_000,
    };
    /// PostgreSQL: the wire protocol counts parameters in 16 bits; one statement's text is capped
    /// generously to keep memory bounded; a batch is one transaction, as long as it needs.
    pub const POSTGRES: SqlLimits = SqlLimits {
        params: 65_535,
        statement_bytes: 32_000_000,
        batch_statements: usize::MAX,
        batch_bytes: usize::MAX,
    };
}

/// A row as column → JSON value (integers, reals, text, null).
pub type Row = serde_json::Map<String, Value>;

/// The outcome of one statement.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryOutput {
    pub rows: Vec<Row>,
    /// Rows changed by an INSERT/UPDATE/DELETE.
    pub changes: u64,
}

#[async_trait]
pub trait SqlStore: Send + Sync {
    /// What one statement and one batch may hold here (D1's limits unless the database says).
    fn limits(&self) -> SqlLimits {
        SqlLimits::D1
    }
    /// Runs one statement (it may hold several `;`-separated statements only when it has no params).
    async fn query(&self, stmt: &Statement) -> StoreResult<QueryOutput>;
    /// Runs statements as one atomic batch (a D1 batch, a SQLite transaction).
    async fn batch(&self, stmts: &[Statement]) -> StoreResult<Vec<QueryOutput>>;
    /// Like `batch`, with the caller vouching that replaying the batch is harmless (e.g. UPDATEs
    /// with a deterministic WHERE), so targets that retry may retry it after a 5xx or timeout.
    async fn batch_idempotent(&self, stmts: &[Statement]) -> StoreResult<Vec<QueryOutput>> {
        self.batch(stmts).await
    }
    /// The first column of every row one statement returns (a keyset page of names). Targets
    /// that can read it without a map per row override this (a million names: seconds less).
    async fn query_column(&self, stmt: &Statement) -> StoreResult<Vec<Value>> {
        let out = self.query(stmt).await?;
        Ok(out
            .rows
            .into_iter()
            .map(|row| row.into_iter().next().map_or(Value::Null, |(_, v)| v))
            .collect())
    }
}

/// KV plus SQL of one place, and the request counter they share.
#[derive(Clone)]
pub struct Store {
    /// Where it points, for the stderr line ("local store .mkt/local.sqlite").
    pub description: String,
    pub kv: Arc<dyn KvStore>,
    pub sql: Arc<dyn SqlStore>,
    pub requests: RequestCounter,
    /// The kind of target it was opened as: named in run backups and `mkt runs`.
    pub kind: crate::config::TargetKind,
}

impl Store {
    pub fn requests(&self) -> u64 {
        self.requests.get()
    }
    /// Requests cross the internet (the Cloudflare API), with latency worth hiding: a large
    /// listing is split into concurrent walks. Elsewhere splitting would only add requests.
    pub fn remote(&self) -> bool {
        self.kind.is_remote()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body a statement is sent as (D1's `{"sql", "params"}`, parameters as strings).
    fn sent(stmt: &Statement) -> usize {
        let params: Vec<Value> = stmt
            .params
            .iter()
            .map(|p| match p {
                SqlValue::Text(s) => Value::String(s.clone()),
                SqlValue::Integer(i) => Value::String(i.to_string()),
                SqlValue::Real(f) => Value::String(format!("{f:?}")),
                SqlValue::Null => Value::Null,
            })
            .collect();
        serde_json::json!({"sql": stmt.sql, "params": params})
            .to_string()
            .len()
    }

    #[test]
    fn the_size_estimate_is_never_below_what_is_sent() {
        let texts = [
            "",
            "\"quoted\" identifiers\nand lines\r\n",
            "plain",
            "quotes \" and \\ backslashes",
            "line\nbreaks\tand\u{1}controls",
            "ünïcödé 日本",
        ];
        for t in texts {
            let stmt = Statement::with(
                format!("INSERT INTO \"t\" (a, b, c, d)\n VALUES (?, ?, ?, ?) -- {t}"),
                vec![
                    t.into(),
                    SqlValue::Integer(i64::MIN),
                    SqlValue::Real(-0.5),
                    SqlValue::Null,
                ],
            );
            assert!(
                stmt.size() >= sent(&stmt),
                "{t:?}: {} < {}",
                stmt.size(),
                sent(&stmt)
            );
        }
    }
}
