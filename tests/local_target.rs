//! The local target behaves like the Cloudflare one: cursor listing in UTF-8 byte order,
//! odd key names round-trip, D1's statement limits, atomic batches.

use mkt::config::Layout;
use mkt::store::{self, KvPut, SqlValue, Statement, StoreError};
use mkt::target::local;

fn open(dir: &tempfile::TempDir) -> store::Store {
    local::open(&dir.path().join(".mkt/local.sqlite"), &Layout::default())
        .expect("open local store")
}

#[tokio::test]
async fn listing_walks_cursor_pages_in_byte_order() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(&dir);
    let puts: Vec<KvPut> = (0..2500)
        .map(|i| KvPut::new(format!("skill:s{i:05}"), "{}"))
        .collect();
    s.kv.put_many(&puts).await.unwrap();
    s.kv.put_many(&[
        KvPut::new("skills:published-index", "[]"),
        KvPut::new("other", "x"),
    ])
    .await
    .unwrap();

    let first = s.kv.list_page("skill:", None, 1000).await.unwrap();
    assert_eq!(first.keys.len(), 1000);
    assert!(first.cursor.is_some());
    let all = store::list_all(s.kv.as_ref(), "skill:").await.unwrap();
    assert_eq!(
        all.len(),
        2500,
        "prefix `skill:` must not include `skills:published-index`"
    );
    let names: Vec<&str> = all.iter().map(|k| k.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[tokio::test]
async fn odd_keys_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(&dir);
    let keys = [
        "skill:a/b",
        "skill:100%",
        "skill:with space",
        "skill:ünï-日本",
    ];
    let puts: Vec<KvPut> = keys
        .iter()
        .map(|k| KvPut::new(*k, format!("{{\"name\":{k:?}}}")))
        .collect();
    s.kv.put_many(&puts).await.unwrap();
    let listed: Vec<String> = store::list_all(s.kv.as_ref(), "skill:")
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.name)
        .collect();
    let mut want: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    want.sort();
    assert_eq!(listed, want);
    for k in keys {
        let v = s.kv.get(k).await.unwrap().expect("value");
        assert_eq!(v.text().unwrap(), format!("{{\"name\":{k:?}}}"));
    }
    let many = s.kv.get_many(&want).await.unwrap();
    assert!(many.values().all(Option::is_some));
    s.kv.delete_many(&want).await.unwrap();
    assert!(store::list_all(s.kv.as_ref(), "skill:")
        .await
        .unwrap()
        .is_empty());
    assert_eq!(s.kv.get("skill:a/b").await.unwrap(), None);
}

#[tokio::test]
async fn keys_over_512_bytes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(&dir);
    let long = format!("skill:{}", "x".repeat(600));
    let err = s.kv.put_many(&[KvPut::new(long, "{}")]).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
}

#[tokio::test]
async fn statements_obey_d1_limits_and_batches_are_atomic() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(&dir);
    let too_many = Statement::with(
        format!("SELECT {}", vec!["?"; 101].join(",")),
        (0..101).map(SqlValue::Integer).collect(),
    );
    assert!(matches!(
        s.sql.query(&too_many).await.unwrap_err(),
        StoreError::Invalid(_)
    ));

    let ok = Statement::with(
        "INSERT INTO skills (name, created_at, updated_at) VALUES (?, ?, ?)",
        vec!["a".into(), "t".into(), "t".into()],
    );
    let dup = ok.clone(); // primary-key violation: the whole batch must roll back
    let err = s.sql.batch(&[ok, dup]).await.unwrap_err();
    assert!(matches!(err, StoreError::Sql(_)), "{err}");
    let count = s
        .sql
        .query(&Statement::new("SELECT COUNT(*) AS n FROM skills"))
        .await
        .unwrap();
    assert_eq!(count.rows[0]["n"], 0);
}
