//! `sources::read` semantics the repairs rely on: a failing source is recorded, never returned as
//! an error; a cursor error mid-list makes the KV source incomplete; `kv_values` and
//! `durable_rows` bring records and whole rows.

mod health_fixtures;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use health_fixtures::State;
use mkt::config::Layout;
use mkt::durable::DurableDb;
use mkt::sources::{read, ReadOptions, SourceName};
use mkt::store::{KeyPage, KvPut, KvStore, KvValue, Store, StoreError, StoreResult, WriteReport};

/// Delegates to a real KV store but fails the `fail_at`-th list request (1-based).
struct FlakyList {
    inner: Arc<dyn KvStore>,
    calls: AtomicUsize,
    fail_at: usize,
}

#[async_trait]
impl KvStore for FlakyList {
    async fn list_page(
        &self,
        prefix: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> StoreResult<KeyPage> {
        if self.calls.fetch_add(1, Ordering::SeqCst) + 1 == self.fail_at {
            return Err(StoreError::Api {
                status: 400,
                code: Some(10011),
                message: "Invalid cursor".into(),
            });
        }
        self.inner.list_page(prefix, cursor, limit).await
    }
    async fn get(&self, key: &str) -> StoreResult<Option<KvValue>> {
        self.inner.get(key).await
    }
    async fn get_many(&self, keys: &[String]) -> StoreResult<BTreeMap<String, Option<String>>> {
        self.inner.get_many(keys).await
    }
    async fn put_many(&self, puts: &[KvPut]) -> StoreResult<WriteReport> {
        self.inner.put_many(puts).await
    }
    async fn delete_many(&self, keys: &[String]) -> StoreResult<WriteReport> {
        self.inner.delete_many(keys).await
    }
}

fn local_with(_state: &State) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store =
        mkt::target::local::open(&dir.path().join("local.sqlite"), &Layout::default()).unwrap();
    (dir, store)
}

fn slugs(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("s{i:05}")).collect()
}

#[tokio::test]
async fn cursor_error_mid_list_is_recorded_as_incomplete() {
    let names = slugs(2500);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let state = State::in_sync(&refs);
    let (_dir, mut store) = local_with(&state);
    state.write(&store).await;
    // Request 1 is the alias listing or the first skill page (concurrent); fail the third.
    store.kv = Arc::new(FlakyList {
        inner: store.kv.clone(),
        calls: AtomicUsize::new(0),
        fail_at: 3,
    });
    let snap = read(
        &store,
        &DurableDb::new(store.sql.clone()),
        &Layout::default(),
        &ReadOptions::all(false, false),
    )
    .await;
    assert!(!snap.complete());
    let kv = snap.status(SourceName::KvKeys).unwrap();
    assert!(!kv.complete);
    assert_eq!(kv.status, "error");
    assert!(
        kv.error.as_deref().unwrap().contains("Invalid cursor"),
        "{kv:?}"
    );
    assert!(
        snap.kv_slugs.is_none(),
        "a partial listing is never offered as the key set"
    );
    // The other sources were still read.
    assert!(snap.status(SourceName::Durable).unwrap().complete);
    assert_eq!(snap.durable.as_ref().unwrap().len(), 2500);
}

#[tokio::test]
async fn values_and_whole_rows_when_asked() {
    let state = State::in_sync(&["alpha-tool", "beta-lint"]).kv_value("beta-lint", "{oops");
    let (_dir, store) = local_with(&state);
    state.write(&store).await;

    let light = read(
        &store,
        &DurableDb::new(store.sql.clone()),
        &Layout::default(),
        &ReadOptions::all(false, false),
    )
    .await;
    assert!(light.complete());
    assert!(
        light.kv_records.is_empty(),
        "no values read without kv_values"
    );
    assert_eq!(light.kv_slugs.as_ref().unwrap().len(), 2);

    let full = read(
        &store,
        &DurableDb::new(store.sql.clone()),
        &Layout::default(),
        &ReadOptions::all(true, true),
    )
    .await;
    assert!(full.complete());
    let rec = full.kv_records["alpha-tool"].as_ref().unwrap();
    assert_eq!(rec["displayName"], "Alpha Tool");
    assert!(
        full.kv_records["beta-lint"].is_err(),
        "a malformed value is kept as Err"
    );
    let row = &full.durable.as_ref().unwrap()["alpha-tool"];
    assert_eq!(row["name"], "alpha-tool");
    assert_eq!(row["display_name"], "Alpha Tool");
    assert!(row.contains_key("updated_at"));
    let ix = full.index.as_ref().unwrap();
    assert!(ix.exists && ix.malformed.is_none() && ix.sha256.len() == 64);
    assert_eq!(ix.raw, br#"["alpha-tool","beta-lint"]"#);
}

#[tokio::test]
async fn missing_index_key_is_a_complete_read_of_nothing() {
    let mut state = State::in_sync(&["alpha-tool"]);
    state.index = None;
    let (_dir, store) = local_with(&state);
    state.write(&store).await;
    let snap = read(
        &store,
        &DurableDb::new(store.sql.clone()),
        &Layout::default(),
        &ReadOptions::all(false, false),
    )
    .await;
    assert!(snap.complete());
    let ix = snap.status(SourceName::Index).unwrap();
    assert_eq!((ix.status.as_str(), ix.count), ("missing", 0));
    assert!(!snap.index.as_ref().unwrap().exists);
}
