//! The Cloudflare target against the fake API: what it sends, how it pages, chunks, retries and
//! reports errors.

mod support;

use std::time::Duration;

use mkt::config::{CloudflareSettings, Secret};
use mkt::store::cloudflare::{open_with, ClientOptions};
use mkt::store::{list_all, KvPut, SqlValue, Statement, Store, StoreError};
use support::fake_cf::{FakeCloudflare, Fault};

fn settings(fake: &FakeCloudflare) -> CloudflareSettings {
    fake.settings()
}

/// Short backoff keeps retry tests fast; Retry-After is still honoured in full.
async fn open_settings(s: &CloudflareSettings) -> Store {
    let fast = ClientOptions {
        min_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        ..Default::default()
    };
    open_with(s, fast).await.expect("open cloudflare store")
}

async fn open(fake: &FakeCloudflare) -> Store {
    open_settings(&settings(fake)).await
}

fn assert_counted(store: &Store, fake: &FakeCloudflare) {
    assert_eq!(
        store.requests(),
        fake.request_count() as u64,
        "request counter vs server log"
    );
}

#[tokio::test]
async fn listing_walks_every_cursor_page_including_an_empty_one() {
    let fake = FakeCloudflare::start();
    fake.kv_put_many((0..2500).map(|i| (format!("skill:{i:05}"), "{}".to_string())));
    fake.kv_put_many((0..30).map(|i| (format!("other:{i}"), "x".to_string())));
    let store = open(&fake).await;

    let keys = list_all(store.kv.as_ref(), "skill:").await.unwrap();

    let names: Vec<String> = keys.iter().map(|k| k.name.clone()).collect();
    let expected: Vec<String> = (0..2500).map(|i| format!("skill:{i:05}")).collect();
    assert_eq!(names, expected);
    // 1000 + an empty page + 1000 + 500: one request per page, the empty one included.
    let lists = fake.matching("GET", "/keys");
    assert_eq!(lists.len(), 4);
    assert!(
        lists
            .iter()
            .all(|r| r.query_value("prefix") == Some("skill:")),
        "prefix re-sent on every page"
    );
    assert!(lists[0].query_value("cursor").is_none());
    assert!(lists[1..].iter().all(|r| r.query_value("cursor").is_some()));
    assert_counted(&store, &fake);
}

/// KV lists keys "in lexicographically sorted order according to their UTF-8 bytes"
/// (kv/api/list-keys.mdx): `-` < uppercase < `_` < lowercase < `~` < any non-ASCII, and é after ä.
/// The order is written out here, not computed, so neither the fake nor the client can drift.
#[tokio::test]
async fn keys_are_listed_in_utf8_byte_order() {
    let fake = FakeCloudflare::start();
    let mixed = [
        "日本", "é", "ä", "~", "a b", "a", "_x", "Z", "B", "-x", "a-b", "a_b", "aB",
    ];
    fake.kv_put_many(mixed.iter().map(|k| (k.to_string(), "v".to_string())));
    let store = open(&fake).await;

    let names: Vec<String> = list_all(store.kv.as_ref(), "")
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.name)
        .collect();

    assert_eq!(
        names,
        ["-x", "B", "Z", "_x", "a", "a b", "a-b", "aB", "a_b", "~", "ä", "é", "日本"]
    );
    let list = &fake.matching("GET", "/keys")[0];
    let limit: usize = list.query_value("limit").unwrap().parse().unwrap();
    assert!(
        (10..=1000).contains(&limit),
        "limit {limit} is outside 10..=1000"
    );
}

/// A prefix with characters that mean something in a query string (space, `+`, `&`, `=`, `%`,
/// `#`, `/`, non-ASCII) reaches the server intact, as URLSearchParams would send it.
#[tokio::test]
async fn a_prefix_with_query_metacharacters_reaches_the_server_intact() {
    let fake = FakeCloudflare::start();
    let prefix = "p a+b&c=d%20#/ü:";
    fake.kv_put_many(
        [
            format!("{prefix}1"),
            format!("{prefix}2"),
            "p a".into(),
            "p a+b".into(),
        ]
        .map(|k| (k, "v".to_string())),
    );
    let store = open(&fake).await;

    let names: Vec<String> = list_all(store.kv.as_ref(), prefix)
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.name)
        .collect();

    assert_eq!(names, [format!("{prefix}1"), format!("{prefix}2")]);
    assert_eq!(fake.requests()[0].query_value("prefix"), Some(prefix));
}

#[tokio::test]
async fn bulk_get_of_250_keys_takes_three_requests_of_at_most_100() {
    let fake = FakeCloudflare::start();
    fake.kv_put_many((0..240).map(|i| (format!("k{i:03}"), format!("v{i}"))));
    let store = open(&fake).await;
    let keys: Vec<String> = (0..250).map(|i| format!("k{i:03}")).collect();

    let got = store.kv.get_many(&keys).await.unwrap();

    assert_eq!(got.len(), 250);
    assert_eq!(got["k007"].as_deref(), Some("v7"));
    assert_eq!(got["k245"], None);
    let gets = fake.matching("POST", "/bulk/get");
    assert_eq!(gets.len(), 3);
    assert!(gets.iter().all(|r| r.items.unwrap() <= 100));
    assert_eq!(gets.iter().map(|r| r.items.unwrap()).sum::<usize>(), 250);
    assert_counted(&store, &fake);
}

/// Bulk get sends `{"keys": [..], "type": "text", "withMetadata": false}` and reads
/// `result.values`: text values come back as the exact stored strings (JSON-looking ones are not
/// re-serialized), missing keys as null ([MF-OAS] `workers-kv_bulk-get-result`; [TS]
/// `KeyBulkGetParams`). A server answering in the with-metadata shape is read too.
#[tokio::test]
async fn bulk_get_sends_the_documented_body_and_returns_stored_text_verbatim() {
    let fake = FakeCloudflare::start();
    fake.kv_put("json", r#"{ "b": 1,  "a": [1, 2] }"#);
    fake.kv_put("num", "42");
    fake.kv_put("empty", "");
    let store = open(&fake).await;
    let keys: Vec<String> = ["json", "num", "empty", "gone"].map(String::from).to_vec();

    let got = store.kv.get_many(&keys).await.unwrap();

    assert_eq!(got["json"].as_deref(), Some(r#"{ "b": 1,  "a": [1, 2] }"#));
    assert_eq!(got["num"].as_deref(), Some("42"));
    assert_eq!(got["empty"].as_deref(), Some(""));
    assert_eq!(got["gone"], None);
    let sent = fake.matching("POST", "/bulk/get")[0].json();
    assert_eq!(
        sent,
        serde_json::json!({"keys": ["json", "num", "empty", "gone"], "type": "text", "withMetadata": false})
    );

    fake.inject(
        "POST",
        "/bulk/get",
        1,
        Fault::status(200).body(
            r#"{"success":true,"errors":[],"messages":[],"result":{"values":{
                "json":{"value":"{\"a\":1}","metadata":null},"num":{"value":"42","metadata":{"m":1},"expiration":1900000000},"gone":null}}}"#,
        ),
    );
    let got = store.kv.get_many(&keys[..]).await.unwrap();
    assert_eq!(got["json"].as_deref(), Some(r#"{"a":1}"#));
    assert_eq!(got["num"].as_deref(), Some("42"));
    assert_eq!((got["gone"].clone(), got["empty"].clone()), (None, None));
}

#[tokio::test]
async fn bulk_put_of_25000_items_is_chunked_within_10000() {
    let fake = FakeCloudflare::start();
    let store = open(&fake).await;
    let puts: Vec<KvPut> = (0..25_000)
        .map(|i| KvPut::new(format!("k{i:05}"), format!("v{i}")))
        .collect();

    let report = store.kv.put_many(&puts).await.unwrap();

    assert_eq!(report.succeeded, 25_000);
    assert!(report.failed.is_empty());
    let writes = fake.matching("PUT", "/bulk");
    assert_eq!(writes.len(), 3);
    assert!(writes.iter().all(|r| r.items.unwrap() <= 10_000));
    assert_eq!(fake.kv_len(), 25_000);
    assert_eq!(fake.kv_get("k24999").as_deref(), Some("v24999"));
    assert_counted(&store, &fake);
}

/// Bulk write items carry `expiration_ttl` (at least 60), `expiration` (at least 60 s ahead) and
/// `metadata` as a JSON object of at most 1024 bytes ([TS] `values.ts`, `namespaces.ts`;
/// kv/platform/limits.mdx). The API refuses a whole request for one bad item, so the client refuses
/// it first, by name, without sending anything.
#[tokio::test]
async fn bulk_write_fields_are_sent_as_documented_and_bad_ones_refused_before_sending() {
    let fake = FakeCloudflare::start();
    let store = open(&fake).await;
    let now = chrono::Utc::now().timestamp();
    let put = |key: &str| KvPut::new(key, "v");

    for bad in [
        KvPut {
            expiration_ttl: Some(59),
            ..put("ttl")
        },
        KvPut {
            expiration: Some(now + 10),
            ..put("soon")
        },
        KvPut {
            metadata: Some(serde_json::json!({"pad": "x".repeat(1100)})),
            ..put("meta")
        },
    ] {
        let err = store
            .kv
            .put_many(&[put("fine"), bad.clone()])
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Invalid(_)) && err.to_string().contains(&bad.key),
            "{err:?}"
        );
    }
    assert_eq!(
        fake.request_count(),
        0,
        "nothing is sent when an item is invalid"
    );

    let report = store
        .kv
        .put_many(&[
            KvPut {
                expiration_ttl: Some(60),
                metadata: Some(serde_json::json!({"v": 2})),
                ..put("t")
            },
            KvPut {
                expiration: Some(now + 3600),
                ..put("x")
            },
            // Both set: the API uses the TTL, so a past `expiration` does not matter.
            KvPut {
                expiration: Some(1),
                expiration_ttl: Some(120),
                ..put("both")
            },
        ])
        .await
        .unwrap();
    assert_eq!((report.succeeded, report.failed.len()), (3, 0));
    let t = fake.kv_entry("t").unwrap();
    assert_eq!(
        t.metadata,
        Some(serde_json::json!({"v": 2})),
        "metadata stored as an object"
    );
    assert!(t.expiration.unwrap() >= now + 60);
    assert_eq!(fake.kv_entry("x").unwrap().expiration, Some(now + 3600));
    assert!(fake.kv_entry("both").unwrap().expiration.unwrap() >= now + 120);
}

/// The exact bodies the API documents: bulk write `[{key, value}]` (no null fields), bulk delete
/// `POST …/bulk/delete` with `["key"]` ([TS] `namespaces.ts` `bulkUpdate`/`bulkDelete`), D1
/// `{sql, params}` and `{batch: [{sql, params}]}` with params as strings ([MF-OAS] `d1_params`).
#[tokio::test]
async fn request_bodies_have_the_documented_shapes() {
    let fake = FakeCloudflare::start();
    let store = open(&fake).await;

    store
        .kv
        .put_many(&[KvPut::new("skill:ü/1", "v")])
        .await
        .unwrap();
    store
        .kv
        .delete_many(&["skill:ü/1".to_string()])
        .await
        .unwrap();
    store
        .sql
        .query(&Statement::new(
            "CREATE TABLE t (a INTEGER, b TEXT, c REAL)",
        ))
        .await
        .unwrap();
    store
        .sql
        .query(&Statement::with(
            "INSERT INTO t VALUES (?, ?, ?)",
            vec![
                SqlValue::Integer(7),
                SqlValue::Text("x".into()),
                SqlValue::Real(1.5),
            ],
        ))
        .await
        .unwrap();
    store
        .sql
        .batch(&[Statement::with(
            "SELECT * FROM t WHERE a = ?",
            vec![SqlValue::Integer(7)],
        )])
        .await
        .unwrap();

    let put = &fake.matching("PUT", "/bulk")[0];
    assert_eq!(
        put.json(),
        serde_json::json!([{"key": "skill:ü/1", "value": "v"}])
    );
    let del = fake.matching("*", "/bulk/delete");
    assert_eq!((del.len(), del[0].method.as_str()), (1, "POST"));
    assert_eq!(del[0].json(), serde_json::json!(["skill:ü/1"]));
    assert_eq!(fake.kv_len(), 0);
    let queries = fake.matching("POST", "/query");
    assert_eq!(
        queries[1].json(),
        serde_json::json!({"sql": "INSERT INTO t VALUES (?, ?, ?)", "params": ["7", "x", "1.5"]})
    );
    assert_eq!(
        queries[2].json(),
        serde_json::json!({"batch": [{"sql": "SELECT * FROM t WHERE a = ?", "params": ["7"]}]})
    );
    let row = &fake.d1_query("SELECT typeof(a) AS ta, typeof(c) AS tc FROM t")[0];
    assert_eq!(
        (row["ta"].as_str(), row["tc"].as_str()),
        (Some("integer"), Some("real"))
    );
}

#[tokio::test]
async fn unsuccessful_keys_are_retried_and_what_still_fails_is_reported() {
    let fake = FakeCloudflare::start();
    let store = open(&fake).await;
    fake.fail_bulk_key("b", 2); // succeeds on the third try
    fake.fail_bulk_key("c", 100); // never succeeds
    let puts = vec![
        KvPut::new("a", "1"),
        KvPut::new("b", "2"),
        KvPut::new("c", "3"),
    ];

    let report = store.kv.put_many(&puts).await.unwrap();

    assert_eq!(report.succeeded, 2);
    assert_eq!(report.failed, vec!["c".to_string()]);
    assert_eq!(fake.kv_get("b").as_deref(), Some("2"));
    // First write, then max_retries (3) rounds for what was unsuccessful, each with fewer items.
    let items: Vec<usize> = fake
        .matching("PUT", "/bulk")
        .iter()
        .map(|r| r.items.unwrap())
        .collect();
    assert_eq!(items, vec![3, 2, 2, 1]);

    fake.fail_bulk_key("a", 1);
    let report = store
        .kv
        .delete_many(&["a".to_string(), "b".to_string()])
        .await
        .unwrap();
    assert_eq!((report.succeeded, report.failed.len()), (2, 0));
    assert_eq!(fake.kv_keys(), Vec::<String>::new());
    assert_eq!(fake.count("POST", "/bulk/delete"), 2);
    assert_counted(&store, &fake);
}

#[tokio::test]
async fn envelope_error_surfaces_code_and_message() {
    let fake = FakeCloudflare::start();
    let body = r#"{"success":false,"errors":[{"code":10042,"message":"something specific went wrong"}],"messages":[],"result":null}"#;
    fake.inject("GET", "/keys", 1, Fault::status(400).body(body));
    let store = open(&fake).await;

    let err = store.kv.list_page("", None, 1000).await.unwrap_err();

    match &err {
        StoreError::Api {
            status,
            code,
            message,
        } => {
            assert_eq!(
                (*status, *code, message.as_str()),
                (400, Some(10042), "something specific went wrong")
            )
        }
        other => panic!("expected Api error, got {other:?}"),
    }
    assert!(
        err.to_string().contains("10042")
            && err.to_string().contains("something specific went wrong")
    );
}

#[tokio::test]
async fn missing_key_is_none_and_present_key_has_its_expiration() {
    let fake = FakeCloudflare::start();
    fake.kv_put_entry(
        "exp",
        support::fake_cf::Entry {
            value: b"v".to_vec(),
            metadata: None,
            expiration: Some(4_000_000_000),
        },
    );
    let store = open(&fake).await;

    assert_eq!(store.kv.get("nope").await.unwrap(), None);
    let v = store.kv.get("exp").await.unwrap().unwrap();
    assert_eq!(
        (v.bytes.as_slice(), v.expiration),
        (&b"v"[..], Some(4_000_000_000))
    );
    assert_eq!(fake.requests()[0].status, 404);
    assert_counted(&store, &fake);
}

/// Key objects: only `name` is required, `expiration` is a JSON number, `metadata` may be null or
/// absent, and the last page's cursor may be absent, null or "" ([TS] `keys.ts` `Key`;
/// [WR] cfetch `hasCursor`). A listing in any of these shapes must read, not fail.
#[tokio::test]
async fn key_objects_and_cursors_in_every_documented_shape_are_read() {
    let fake = FakeCloudflare::start();
    let page = |result: &str, info: &str| {
        Fault::status(200).body(&format!(
            r#"{{"success":true,"errors":[],"messages":[],"result":{result},"result_info":{info}}}"#
        ))
    };
    fake.inject(
        "GET",
        "/keys",
        1,
        page(
            r#"[{"name":"a"},{"name":"b","expiration":1700000000.0,"metadata":null},
                {"name":"c","expiration":1.8e9,"metadata":{"v":1}}]"#,
            r#"{"count":3,"cursor":"next-page"}"#,
        ),
    );
    fake.inject(
        "GET",
        "/keys",
        1,
        page("[]", r#"{"count":0,"cursor":"more"}"#),
    );
    fake.inject(
        "GET",
        "/keys",
        1,
        page(r#"[{"name":"d"}]"#, r#"{"count":1,"cursor":null}"#),
    );
    let store = open(&fake).await;

    let keys = list_all(store.kv.as_ref(), "").await.unwrap();

    let got: Vec<(String, Option<i64>, Option<serde_json::Value>)> = keys
        .into_iter()
        .map(|k| (k.name, k.expiration, k.metadata))
        .collect();
    assert_eq!(
        got,
        vec![
            ("a".into(), None, None),
            ("b".into(), Some(1_700_000_000), None),
            (
                "c".into(),
                Some(1_800_000_000),
                Some(serde_json::json!({"v": 1}))
            ),
            ("d".into(), None, None),
        ]
    );
    let cursors: Vec<Option<String>> = fake
        .matching("GET", "/keys")
        .iter()
        .map(|r| r.query_value("cursor").map(str::to_string))
        .collect();
    assert_eq!(
        cursors,
        vec![None, Some("next-page".into()), Some("more".into())],
        "stops on a null cursor after walking an empty page"
    );

    // No result_info at all also ends the listing.
    fake.clear_log();
    fake.inject(
        "GET",
        "/keys",
        1,
        Fault::status(200)
            .body(r#"{"success":true,"errors":[],"messages":[],"result":[{"name":"z"}]}"#),
    );
    assert_eq!(list_all(store.kv.as_ref(), "").await.unwrap().len(), 1);
    assert_eq!(fake.request_count(), 1);
}

/// Empty pages with more to come can be the very first one ("recently expired or deleted keys must
/// be iterated through", kv/api/list-keys.mdx): the walk goes on while there is a cursor.
#[tokio::test]
async fn an_empty_first_page_with_a_cursor_is_walked_past() {
    let fake = FakeCloudflare::start();
    fake.kv_put_many((0..3).map(|i| (format!("skill:{i}"), "v".to_string())));
    fake.kv_put("other", "v");
    // The fake's cursors are "k" + hex of their prefix + "." + hex of the last key returned;
    // no last key restarts at the prefix.
    fake.inject(
        "GET",
        "/keys",
        1,
        Fault::status(200).body(
            r#"{"success":true,"errors":[],"messages":[],"result":[],"result_info":{"count":0,"cursor":"k736b696c6c3a."}}"#,
        ),
    );
    let store = open(&fake).await;

    let keys = list_all(store.kv.as_ref(), "skill:").await.unwrap();

    assert_eq!(keys.len(), 3);
    let lists = fake.matching("GET", "/keys");
    assert_eq!(lists.len(), 2);
    assert_eq!(
        (
            lists[1].query_value("cursor"),
            lists[1].query_value("prefix")
        ),
        (Some("k736b696c6c3a."), Some("skill:"))
    );
}

/// The API's missing key is a JSON 404 (code 10009); an HTML 404 comes from something else (a
/// wrong CLOUDFLARE_API_BASE_URL) and must not be read as "no such key".
#[tokio::test]
async fn an_html_404_on_a_value_read_is_an_error_not_a_missing_key() {
    let fake = FakeCloudflare::start();
    fake.inject(
        "GET",
        "/values/",
        1,
        Fault::status(404)
            .body("<html><body><h1>404 Not Found</h1></body></html>")
            .header("content-type", "text/html"),
    );
    let store = open(&fake).await;

    let err = store.kv.get("skill:a").await.unwrap_err();

    assert!(
        err.to_string().contains("CLOUDFLARE_API_BASE_URL") && !err.to_string().contains('\n'),
        "{err}"
    );
    assert_eq!(
        store.kv.get("skill:a").await.unwrap(),
        None,
        "a JSON 10009 404 is a missing key"
    );
}

/// The value read is the only endpoint without an envelope: the body is the value's bytes, binary
/// or empty ([WR] cfetch `fetchKVGetValueBase`), with the expiry in the `expiration` header.
#[tokio::test]
async fn value_reads_return_raw_bytes_binary_and_empty_alike() {
    let fake = FakeCloudflare::start();
    let binary = vec![0xff, 0x00, 0xfe, b'{', 0x80];
    let entry = |value: Vec<u8>| support::fake_cf::Entry {
        value,
        metadata: None,
        expiration: None,
    };
    fake.kv_put_entry("bin", entry(binary.clone()));
    fake.kv_put_entry("empty", entry(Vec::new()));
    fake.kv_put("envelope-like", r#"{"success":true,"result":"not me"}"#);
    let store = open(&fake).await;

    let got = store.kv.get("bin").await.unwrap().unwrap();
    assert_eq!((got.bytes, got.expiration), (binary, None));
    assert_eq!(store.kv.get("empty").await.unwrap().unwrap().bytes, b"");
    assert_eq!(
        store.kv.get("envelope-like").await.unwrap().unwrap().bytes,
        br#"{"success":true,"result":"not me"}"#
    );
}

#[tokio::test]
async fn missing_namespace_database_or_account_is_a_missing_resource_naming_it() {
    let fake = FakeCloudflare::start();
    let mut s = settings(&fake);
    s.kv_namespace_id = "0123456789abcdef0123456789abcdef".into();
    s.d1_database_id = "00000000-0000-0000-0000-000000000000".into();
    let store = open_settings(&s).await;

    let err = store.kv.list_page("", None, 1000).await.unwrap_err();
    assert!(matches!(err, StoreError::MissingResource(_)), "{err:?}");
    assert!(
        err.to_string().contains("0123456789abcdef0123456789abcdef")
            && err.to_string().contains("MKT_KV_NAMESPACE_ID")
    );
    let err = store.kv.get("skill:x").await.unwrap_err();
    assert!(
        matches!(err, StoreError::MissingResource(_)),
        "a 404 about the namespace is not a missing key: {err:?}"
    );
    let err = store
        .sql
        .query(&Statement::new("SELECT 1"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::MissingResource(_)) && err.to_string().contains("00000000-0000"),
        "{err:?}"
    );

    let mut s = settings(&fake);
    s.account_id = "ffffffffffffffffffffffffffffffff".into();
    let err = open_settings(&s)
        .await
        .kv
        .list_page("", None, 1000)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::MissingResource(_))
            && err.to_string().contains("CLOUDFLARE_ACCOUNT_ID"),
        "{err:?}"
    );
    assert!(err.to_string().contains("ffffffffffffffffffffffffffffffff"));
}

#[tokio::test]
async fn bad_token_is_an_auth_error_that_never_shows_the_token() {
    let fake = FakeCloudflare::start();
    let mut s = settings(&fake);
    s.api_token = Secret::new("bad-token-s3cr3t-value");
    let store = open_settings(&s).await;

    let err = store.kv.list_page("", None, 1000).await.unwrap_err();

    assert!(matches!(err, StoreError::Auth(_)), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("CLOUDFLARE_API_TOKEN"));
    assert!(
        !shown.contains("bad-token-s3cr3t-value") && !shown.contains(&fake.token()),
        "{shown}"
    );
    assert_eq!(fake.request_count(), 1, "auth errors are not retried");
    assert!(!format!("{s:?}").contains("bad-token-s3cr3t-value"));
}

/// The real API refuses a token that cannot be one (not URL-safe characters) before authenticating it:
/// HTTP 400, code 6003 "Invalid request headers" with 6111 "Invalid format for Authorization
/// header" in `error_chain` (workers-sdk issue #5175). That is still a token problem.
#[tokio::test]
async fn malformed_token_6003_is_an_auth_error_naming_the_header_problem() {
    let fake = FakeCloudflare::start();
    let mut s = settings(&fake);
    s.api_token = Secret::new("s3cr3t/pasted+with=padding");
    let err = open_settings(&s)
        .await
        .kv
        .list_page("", None, 1000)
        .await
        .unwrap_err();
    assert_eq!(fake.requests()[0].status, 400);
    assert!(matches!(err, StoreError::Auth(_)), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.contains("CLOUDFLARE_API_TOKEN")
            && shown.contains("Invalid format for Authorization header")
            && !shown.contains("s3cr3t")
            && !shown.contains('\n'),
        "{shown}"
    );

    // Well-formed but not the account's token: 403, 10000.
    let mut s = settings(&fake);
    s.api_token = Secret::new("a".repeat(40));
    let err = open_settings(&s)
        .await
        .sql
        .query(&Statement::new("SELECT 1"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Auth(_)) && err.to_string().contains("10000"),
        "{err:?}"
    );
    assert_eq!(fake.requests()[1].status, 403);
}

/// D1 answers a token without D1 access (or for another account) with code 7403 "The given
/// account is not valid or is not authorized to access this service" (observed in operators'
/// notes); it is an auth problem that names both the token and the account id to check.
#[tokio::test]
async fn d1_7403_is_an_auth_error_naming_token_and_account() {
    let fake = FakeCloudflare::start();
    let body = r#"{"success":false,"errors":[{"code":7403,"message":"The given account is not valid or is not authorized to access this service"}],"messages":[],"result":null}"#;
    fake.inject("POST", "/query", 1, Fault::status(400).body(body));
    let store = open(&fake).await;

    let err = store
        .sql
        .query(&Statement::new("SELECT 1"))
        .await
        .unwrap_err();

    assert!(matches!(err, StoreError::Auth(_)), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.contains("CLOUDFLARE_API_TOKEN")
            && shown.contains("CLOUDFLARE_ACCOUNT_ID")
            && shown.contains(&fake.account_id())
            && !shown.contains(&fake.token()),
        "{shown}"
    );
    assert_eq!(fake.request_count(), 1);
}

/// The free plan's daily KV quota (code 10048, observed/secondary) is not a short rate limit:
/// it is reported at once, with the daily reset as the fix, not retried for minutes.
#[tokio::test]
async fn kv_daily_quota_10048_is_reported_at_once_with_the_reset() {
    let fake = FakeCloudflare::start();
    let body = r#"{"success":false,"errors":[{"code":10048,"message":"your account has reached the free usage limit for this operation for today"}],"messages":[],"result":null}"#;
    fake.inject_always("PUT", "/bulk", Fault::status(429).body(body));
    let store = open(&fake).await;

    let err = store
        .kv
        .put_many(&[KvPut::new("a", "1")])
        .await
        .unwrap_err();

    assert!(matches!(err, StoreError::RateLimited(_)), "{err:?}");
    assert!(err.to_string().contains("00:00 UTC"), "{err}");
    assert_eq!(fake.request_count(), 1, "not retried");

    // A stored value that looks like that error is still just a value.
    let looks_like_error = r#"{"success":false,"code":10048,"errors":[{"code":10048}]}"#;
    fake.kv_put("v", looks_like_error);
    let got = store.kv.get("v").await.unwrap().unwrap();
    assert_eq!(got.bytes, looks_like_error.as_bytes());
}

/// A 204/205 with an empty body is success ([WR] cfetch `fetchInternalBase`), and a bulk answer
/// without `unsuccessful_keys` (before 2024-11-14) means every key landed.
#[tokio::test]
async fn empty_204_and_result_without_unsuccessful_keys_mean_success() {
    let fake = FakeCloudflare::start();
    let mut no_content = Fault::status(204).body("");
    no_content.headers.clear();
    fake.inject("POST", "/bulk/delete", 1, no_content);
    fake.inject(
        "PUT",
        "/bulk",
        1,
        Fault::status(200).body(r#"{"success":true,"errors":[],"messages":[],"result":null}"#),
    );
    let store = open(&fake).await;

    let del = store
        .kv
        .delete_many(&["a".into(), "b".into()])
        .await
        .unwrap();
    let put = store.kv.put_many(&[KvPut::new("c", "1")]).await.unwrap();

    assert_eq!((del.succeeded, del.failed.len()), (2, 0));
    assert_eq!((put.succeeded, put.failed.len()), (1, 0));
    assert_eq!(fake.request_count(), 2);
}

/// Every documented code maps to the error a user can act on (reference section 4): auth codes
/// 10000/9106/1000/9109/6003, no route 7003/7000, namespace 10013/10011, D1 7404, SQL 7500.
#[tokio::test]
async fn every_documented_error_code_maps_to_its_kind() {
    let fake = FakeCloudflare::start();
    let store = open(&fake).await;
    let cases: [(u16, i64, &str); 11] = [
        (403, 10000, "auth"),
        (403, 9106, "auth"),
        (400, 1000, "auth"),
        (401, 9109, "auth"),
        (400, 6003, "auth"),
        (404, 7003, "missing:CLOUDFLARE_ACCOUNT_ID"),
        (404, 7000, "missing:CLOUDFLARE_ACCOUNT_ID"),
        (404, 10013, "missing:MKT_KV_NAMESPACE_ID"),
        (400, 10011, "missing:MKT_KV_NAMESPACE_ID"),
        (404, 7404, "missing:MKT_D1_DATABASE_ID"),
        (400, 7500, "sql"),
    ];
    for (status, code, want) in cases {
        let body = format!(
            r#"{{"success":false,"errors":[{{"code":{code},"message":"m{code}"}}],"messages":[],"result":null}}"#
        );
        fake.inject("*", "/", 1, Fault::status(status).body(&body));
        let err = if code == 7404 || code == 7500 {
            store
                .sql
                .query(&Statement::new("SELECT 1"))
                .await
                .unwrap_err()
        } else {
            store.kv.list_page("", None, 1000).await.unwrap_err()
        };
        let shown = err.to_string();
        let ok = match want.split_once(':') {
            Some(("missing", hint)) => {
                matches!(err, StoreError::MissingResource(_)) && shown.contains(hint)
            }
            _ if want == "auth" => {
                matches!(err, StoreError::Auth(_)) && shown.contains("CLOUDFLARE_API_TOKEN")
            }
            _ => matches!(err, StoreError::Sql(_)),
        };
        assert!(ok && !shown.contains('\n'), "{status} {code}: {err:?}");
    }
    assert_eq!(
        fake.request_count(),
        cases.len(),
        "none of these is retried"
    );
}

#[tokio::test]
async fn rate_limit_waits_at_least_retry_after_then_succeeds() {
    let fake = FakeCloudflare::start();
    fake.kv_put("a", "1");
    fake.inject("POST", "/bulk/get", 1, Fault::status(429).retry_after(1));
    let store = open(&fake).await;

    let got = store.kv.get_many(&["a".to_string()]).await.unwrap();

    assert_eq!(got["a"].as_deref(), Some("1"));
    let reqs = fake.matching("POST", "/bulk/get");
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].status, 429);
    assert!(
        reqs[1].at.duration_since(reqs[0].at) >= Duration::from_secs(1),
        "waited less than Retry-After"
    );
    assert_counted(&store, &fake);
}

/// `Retry-After` may carry a fraction and `retry-after-ms` milliseconds; the official SDK honours
/// both ([TS] `src/client.ts` `retryRequest`), so the client waits them out rather than retrying at
/// once into a rate limit that blocks for five minutes.
#[tokio::test]
async fn fractional_retry_after_and_retry_after_ms_are_waited_out() {
    let fake = FakeCloudflare::start();
    fake.inject(
        "GET",
        "/keys",
        1,
        Fault::status(429).header("Retry-After", "1.2"),
    );
    fake.inject(
        "GET",
        "/keys",
        1,
        Fault::status(429).header("retry-after-ms", "700"),
    );
    let store = open(&fake).await;

    store.kv.list_page("", None, 1000).await.unwrap();

    let reqs = fake.matching("GET", "/keys");
    assert_eq!(
        reqs.iter().map(|r| r.status).collect::<Vec<_>>(),
        [429, 429, 200]
    );
    assert!(reqs[1].at.duration_since(reqs[0].at) >= Duration::from_millis(1200));
    assert!(reqs[2].at.duration_since(reqs[1].at) >= Duration::from_millis(700));
}

#[tokio::test]
async fn retry_after_beyond_the_limit_fails_fast_as_rate_limited() {
    let fake = FakeCloudflare::start();
    fake.inject_always("GET", "/keys", Fault::status(429).retry_after(300));
    let store = open(&fake).await;

    let err = store.kv.list_page("", None, 1000).await.unwrap_err();

    assert!(
        matches!(err, StoreError::RateLimited(_)) && err.to_string().contains("300 s"),
        "{err:?}"
    );
    assert_eq!(fake.request_count(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_until_success() {
    let fake = FakeCloudflare::start();
    fake.kv_put("a", "1");
    fake.inject("GET", "/keys", 2, Fault::status(503));
    let store = open(&fake).await;

    let page = store.kv.list_page("", None, 1000).await.unwrap();

    assert_eq!(page.keys.len(), 1);
    assert_eq!(fake.count("GET", "/keys"), 3);
    assert_counted(&store, &fake);
}

#[tokio::test]
async fn server_errors_forever_end_as_server_error_after_max_retries_plus_one_attempts() {
    let fake = FakeCloudflare::start();
    fake.inject_always("GET", "/values/", Fault::status(500));
    let store = open(&fake).await;

    let err = store.kv.get("a").await.unwrap_err();

    assert!(matches!(err, StoreError::Server(_)), "{err:?}");
    assert!(err.to_string().contains("4 attempts"), "{err}");
    assert!(
        err.to_string().contains("retry later") && !err.to_string().contains('\n'),
        "one line that says what to do: {err}"
    );
    assert_eq!(fake.count("GET", "/values/"), 4);
    assert_counted(&store, &fake);
}

#[tokio::test]
async fn non_idempotent_d1_write_is_not_retried_but_a_read_is() {
    let fake = FakeCloudflare::start();
    fake.d1_exec("CREATE TABLE t (a TEXT)");
    let store = open(&fake).await;

    fake.inject("POST", "/query", 1, Fault::status(500));
    let err = store
        .sql
        .query(&Statement::with(
            "INSERT INTO t VALUES (?)",
            vec!["x".into()],
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Server(_)) && err.to_string().contains("not retried"),
        "{err:?}"
    );
    assert_eq!(fake.count("POST", "/query"), 1);

    fake.inject("POST", "/query", 1, Fault::status(500));
    let out = store
        .sql
        .query(&Statement::new("SELECT count(*) AS n FROM t"))
        .await
        .unwrap();
    assert_eq!(out.rows[0]["n"], 0);
    assert_eq!(fake.count("POST", "/query"), 3);

    // The caller may vouch for a batch.
    fake.inject("POST", "/query", 1, Fault::status(500));
    let stmts = [Statement::with(
        "UPDATE t SET a = ? WHERE a = ?",
        vec!["y".into(), "x".into()],
    )];
    store.sql.batch_idempotent(&stmts).await.unwrap();
    assert_eq!(fake.count("POST", "/query"), 5);
    assert_counted(&store, &fake);
}

/// KV keys "cannot be empty or be exactly equal to `.` or `..`" and are at most 512 bytes (not
/// characters) (kv/api/write-key-value-pairs.mdx; limits.mdx). Every KV call refuses them before
/// sending; a key of exactly 512 bytes of multi-byte text is fine.
#[tokio::test]
async fn invalid_keys_are_refused_by_every_kv_call_before_any_request() {
    let fake = FakeCloudflare::start();
    let store = open(&fake).await;
    let too_long = format!("{}a", "é".repeat(256)); // 513 bytes, 257 characters

    for bad in ["", ".", "..", too_long.as_str()] {
        let keys = vec![bad.to_string()];
        let results = [
            store.kv.get(bad).await.map(|_| ()),
            store.kv.get_many(&keys).await.map(|_| ()),
            store.kv.put_many(&[KvPut::new(bad, "v")]).await.map(|_| ()),
            store.kv.delete_many(&keys).await.map(|_| ()),
        ];
        for r in results {
            assert!(matches!(r, Err(StoreError::Invalid(_))), "{bad:?}: {r:?}");
        }
    }
    assert_eq!(fake.request_count(), 0);

    let longest = "é".repeat(256); // 512 bytes
    for ok in [longest.as_str(), "...", ". ", "a/../b"] {
        store.kv.put_many(&[KvPut::new(ok, "v")]).await.unwrap();
        assert_eq!(
            store.kv.get(ok).await.unwrap().unwrap().bytes,
            b"v",
            "{ok:?}"
        );
    }
}

/// Each D1 result element has `results`, `success` and `meta`, all optional, and `meta` varies
/// between servers (`served_by` or `served_by_colo`/`_region`, `timings`) ([TS] `QueryResult`;
/// reference section 3.1): missing parts read as no rows and no changes.
#[tokio::test]
async fn d1_result_elements_with_optional_parts_missing_are_read() {
    let fake = FakeCloudflare::start();
    fake.inject(
        "POST",
        "/query",
        1,
        Fault::status(200).body(
            r#"{"success":true,"errors":[],"messages":[],"result":[
                {"results":[{"a":1}]},
                {"success":true,"meta":{"changes":2.0,"served_by":"v3-prod"}},
                {"results":null,"meta":{"served_by_colo":"LHR","timings":{"sql_duration_ms":0.1}}}]}"#,
        ),
    );
    let store = open(&fake).await;

    let outs = store
        .sql
        .batch(&[
            Statement::new("SELECT 1 AS a"),
            Statement::new("UPDATE t SET a = 1"),
            Statement::new("SELECT 2"),
        ])
        .await
        .unwrap();

    let summary: Vec<(usize, u64)> = outs.iter().map(|o| (o.rows.len(), o.changes)).collect();
    assert_eq!(summary, [(1, 0), (0, 2), (0, 0)]);
    assert_eq!(outs[0].rows[0]["a"], 1);
}

#[tokio::test]
async fn too_many_params_are_rejected_before_any_request() {
    let fake = FakeCloudflare::start();
    let store = open(&fake).await;
    let params: Vec<SqlValue> = (0..101).map(|i| SqlValue::Text(i.to_string())).collect();
    let sql = format!("SELECT {}", vec!["?"; 101].join(", "));

    let err = store
        .sql
        .query(&Statement::with(sql.clone(), params.clone()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    let err = store
        .sql
        .batch(&[Statement::new("SELECT 1"), Statement::with(sql, params)])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    let long = format!("SELECT '{}'", "x".repeat(100_001));
    assert!(matches!(
        store.sql.query(&Statement::new(long)).await,
        Err(StoreError::Invalid(_))
    ));

    assert_eq!(fake.request_count(), 0);
    assert_eq!(store.requests(), 0);
}

#[tokio::test]
async fn null_params_are_inlined_and_values_typed_by_column() {
    let fake = FakeCloudflare::start();
    fake.d1_exec("CREATE TABLE t (a TEXT, b TEXT, c INTEGER, d REAL)");
    let store = open(&fake).await;

    let stmt = Statement::with(
        "INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)",
        vec!["it's ?".into(), SqlValue::Null, 42i64.into(), 1.5f64.into()],
    );
    let out = store.sql.query(&stmt).await.unwrap();
    assert_eq!(out.changes, 1);

    let rows = fake.d1_query("SELECT a, b, c, d, typeof(c) AS tc FROM t");
    assert_eq!(
        serde_json::Value::Object(rows[0].clone()),
        serde_json::json!({"a": "it's ?", "b": null, "c": 42, "d": 1.5, "tc": "integer"})
    );
    let got = store
        .sql
        .query(&Statement::with(
            "SELECT a FROM t WHERE c = ? AND b IS ?",
            vec![42i64.into(), SqlValue::Null],
        ))
        .await
        .unwrap();
    assert_eq!(got.rows.len(), 1);
}

/// D1 splits `sql` on `;` server-side, returns one result per statement, and mishandles CRLF in
/// compound statements such as trigger bodies (wrangler `d1/execute.ts`, issue #14991), so the
/// client sends LF outside string literals and keeps CRLF inside them.
#[tokio::test]
async fn multi_statement_sql_with_crlf_triggers_runs_as_d1_splits_it() {
    let fake = FakeCloudflare::start();
    let store = open(&fake).await;
    let sql = "CREATE TABLE t (a TEXT);\r\nCREATE TABLE log (n INTEGER);\r\n\
               CREATE TRIGGER t_ins AFTER INSERT ON t\r\nBEGIN\r\n  INSERT INTO log VALUES (1);\r\nEND;\r\n\
               INSERT INTO t VALUES ('x\r\ny');\r\nSELECT count(*) AS n FROM log; -- done\r\n";

    let out = store.sql.query(&Statement::new(sql)).await.unwrap();

    assert_eq!(
        out.rows,
        vec![serde_json::json!({"n": 1}).as_object().unwrap().clone()]
    );
    assert_eq!(out.changes, 2, "the insert and its trigger's insert");
    assert_eq!(
        fake.d1_query("SELECT a FROM t")[0]["a"],
        "x\r\ny",
        "CRLF kept inside strings"
    );
    let sent = fake.matching("POST", "/query")[0].json();
    let sent_sql = sent["sql"].as_str().unwrap();
    assert_eq!(
        sent_sql.matches('\r').count(),
        1,
        "only the CR inside the literal is sent"
    );
}

#[tokio::test]
async fn batches_are_atomic_and_sql_errors_are_sql_errors() {
    let fake = FakeCloudflare::start();
    let store = open(&fake).await;
    store
        .sql
        .query(&Statement::new(
            "CREATE TABLE IF NOT EXISTS t (a INTEGER PRIMARY KEY)\r\n",
        ))
        .await
        .unwrap();

    let err = store
        .sql
        .batch(&[
            Statement::new("INSERT INTO t VALUES (1)"),
            Statement::new("INSERT INTO nope VALUES (1)"),
        ])
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Sql(ref m) if m.contains("no such table")),
        "{err:?}"
    );
    assert!(
        fake.d1_query("SELECT * FROM t").is_empty(),
        "the batch was rolled back"
    );

    let stmts: Vec<Statement> = (0..150)
        .map(|i| Statement::with("INSERT INTO t VALUES (?)", vec![SqlValue::Integer(i)]))
        .collect();
    let outs = store.sql.batch(&stmts).await.unwrap();
    assert_eq!(outs.len(), 150);
    assert!(outs.iter().all(|o| o.changes == 1));
    let batches: Vec<usize> = fake
        .matching("POST", "/query")
        .iter()
        .filter_map(|r| r.items)
        .collect();
    assert_eq!(
        batches,
        vec![2, 100, 50],
        "over 100 statements split into requests"
    );
    assert_counted(&store, &fake);
}

#[tokio::test]
async fn special_keys_round_trip_through_every_kv_call() {
    let fake = FakeCloudflare::start();
    let store = open(&fake).await;
    let keys = [
        "skill:a/b",
        "skill:100%",
        "skill:with space",
        "skill:ünï-日本",
    ];
    let puts: Vec<KvPut> = keys
        .iter()
        .map(|k| KvPut::new(*k, format!("value of {k}")))
        .collect();

    assert_eq!(store.kv.put_many(&puts).await.unwrap().succeeded, 4);
    let mut listed: Vec<String> = list_all(store.kv.as_ref(), "skill:")
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.name)
        .collect();
    listed.sort();
    let mut expected: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    expected.sort();
    assert_eq!(listed, expected);
    for k in keys {
        let v = store
            .kv
            .get(k)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("get {k}"));
        assert_eq!(v.text().unwrap(), format!("value of {k}"));
    }
    let raw: Vec<String> = fake
        .matching("GET", "/values/")
        .iter()
        .map(|r| r.raw_path.rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(
        raw,
        vec![
            "skill%3Aa%2Fb",
            "skill%3A100%25",
            "skill%3Awith%20space",
            "skill%3A%C3%BCn%C3%AF-%E6%97%A5%E6%9C%AC"
        ]
    );
    let owned: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    let many = store.kv.get_many(&owned).await.unwrap();
    assert!(keys
        .iter()
        .all(|k| many[*k].as_deref() == Some(format!("value of {k}").as_str())));
    assert_eq!(store.kv.delete_many(&owned).await.unwrap().succeeded, 4);
    assert!(fake.kv_keys().is_empty());
    assert_counted(&store, &fake);
}

#[tokio::test]
async fn waf_challenge_and_non_json_bodies_are_reported_plainly() {
    let fake = FakeCloudflare::start();
    fake.inject("GET", "/keys", 1, Fault::waf_challenge());
    fake.inject(
        "GET",
        "/keys",
        1,
        Fault::status(400).body(r#"{"code":10099,"error":"odd shape"}"#),
    );
    let store = open(&fake).await;

    let err = store.kv.list_page("", None, 1000).await.unwrap_err();
    assert!(
        err.to_string().contains("WAF challenge") && err.to_string().contains("cf-ray"),
        "{err}"
    );
    let err = store.kv.list_page("", None, 1000).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Api {
                code: Some(10099),
                ..
            }
        ) && err.to_string().contains("odd shape"),
        "{err:?}"
    );
}

/// A WAF challenge is recognized by `cf-mitigated: challenge` whatever the status ([WR] cfetch
/// `isWAFBlockResponse`); a 200 challenge page must not become a KV value or a decode error.
#[tokio::test]
async fn a_waf_challenge_with_status_200_is_never_read_as_data() {
    let fake = FakeCloudflare::start();
    fake.kv_put("skill:a", "real");
    let challenge = || {
        let mut f = Fault::waf_challenge();
        f.status = 200;
        f
    };
    fake.inject("GET", "/values/", 1, challenge());
    fake.inject("GET", "/keys", 1, challenge());
    let store = open(&fake).await;

    let err = store.kv.get("skill:a").await.unwrap_err();
    assert!(err.to_string().contains("WAF challenge"), "{err}");
    let err = store.kv.list_page("", None, 1000).await.unwrap_err();
    assert!(
        err.to_string().contains("WAF challenge")
            && err.to_string().contains("8f00000000000000-LHR"),
        "{err}"
    );
    assert_eq!(fake.request_count(), 2, "a challenge is not retried");
}

/// A 200 with `success: false` is a failure, `errors[].code` decides which, and `{code, error}`
/// bodies are read too (reference section 0; [WR] cfetch `throwFetchError`).
#[tokio::test]
async fn success_false_with_http_200_is_mapped_by_its_code() {
    let fake = FakeCloudflare::start();
    let failed = |code: i64, message: &str| {
        Fault::status(200).body(&format!(
            r#"{{"success":false,"errors":[{{"code":{code},"message":"{message}"}}],"messages":["a string message"],"result":null}}"#
        ))
    };
    fake.inject("GET", "/keys", 1, failed(10000, "Authentication error"));
    fake.inject(
        "POST",
        "/query",
        1,
        failed(7500, "no such table: nope: SQLITE_ERROR"),
    );
    fake.inject(
        "GET",
        "/keys",
        1,
        Fault::status(404).body(r#"{"code":10013,"error":"namespace not found"}"#),
    );
    fake.inject("GET", "/keys", 1, Fault::status(200).body("ok"));
    let store = open(&fake).await;

    let err = store.kv.list_page("", None, 1000).await.unwrap_err();
    assert!(matches!(err, StoreError::Auth(_)), "{err:?}");
    let err = store
        .sql
        .query(&Statement::new("SELECT * FROM nope"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Sql(ref m) if m.contains("no such table")),
        "{err:?}"
    );
    let err = store.kv.list_page("", None, 1000).await.unwrap_err();
    assert!(matches!(err, StoreError::MissingResource(_)), "{err:?}");
    let err = store.kv.list_page("", None, 1000).await.unwrap_err();
    assert!(err.to_string().contains("CLOUDFLARE_API_BASE_URL"), "{err}");

    // Server text spanning lines is shown on one line, in an envelope or a statement result.
    fake.inject(
        "POST",
        "/query",
        1,
        failed(7500, "near \\\"SELEC\\\":\\n  syntax error"),
    );
    fake.inject(
        "POST",
        "/query",
        1,
        Fault::status(200).body(r#"{"success":true,"errors":[],"messages":[],"result":[{"success":false,"error":"first\nsecond"}]}"#),
    );
    let err = store
        .sql
        .query(&Statement::new("SELEC 1"))
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "SQL error: near \"SELEC\": syntax error");
    let err = store
        .sql
        .query(&Statement::new("SELECT 1"))
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "SQL error: first second");
}

/// The fake refuses what the real API refuses, so the client cannot pass tests by sending junk.
#[tokio::test]
async fn the_fake_enforces_the_api_limits() {
    let fake = FakeCloudflare::start();
    let http = reqwest::Client::new();
    let ns = format!(
        "{}/accounts/{}/storage/kv/namespaces/{}",
        fake.base_url(),
        fake.account_id(),
        fake.namespace_id()
    );
    let db = format!(
        "{}/accounts/{}/d1/database/{}/query",
        fake.base_url(),
        fake.account_id(),
        fake.database_id()
    );
    let auth = format!("Bearer {}", fake.token());
    let status = |r: reqwest::Response| r.status().as_u16();

    let r = http
        .get(format!("{ns}/keys?limit=5"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 400, "list limit below 10");
    let keys: Vec<String> = (0..101).map(|i| i.to_string()).collect();
    let r = http
        .post(format!("{ns}/bulk/get"))
        .header("authorization", &auth)
        .json(&serde_json::json!({"keys": keys}))
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 400, "bulk get over 100 keys");
    let items: Vec<serde_json::Value> = (0..10_001)
        .map(|i| serde_json::json!({"key": i.to_string(), "value": "v"}))
        .collect();
    let r = http
        .put(format!("{ns}/bulk"))
        .header("authorization", &auth)
        .json(&items)
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 400, "bulk write over 10,000 items");
    let params: Vec<String> = (0..101).map(|i| i.to_string()).collect();
    let r = http
        .post(&db)
        .header("authorization", &auth)
        .json(&serde_json::json!({"sql": "SELECT 1", "params": params}))
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 400, "D1 over 100 params");
    let r = http
        .post(&db)
        .header("authorization", &auth)
        .json(&serde_json::json!({"sql": "SELECT ?", "params": [1]}))
        .send()
        .await
        .unwrap();
    assert_eq!(status(r), 400, "D1 params are strings");
    let r = http.get(format!("{ns}/keys")).send().await.unwrap();
    assert_eq!(status(r), 403, "no token");
    assert_eq!(fake.kv_len(), 0);
    assert!(fake.mutating_requests().iter().all(|r| r.status >= 400));
}

/// `fake.env()` resolves to the cloudflare target and its `Target` talks to the fake.
#[tokio::test]
async fn environment_from_the_fake_opens_the_cloudflare_target() {
    let fake = FakeCloudflare::start();
    fake.kv_put("skill:a", "{}");
    let dir = tempfile::tempdir().unwrap();
    let mut pairs = fake.env();
    pairs.push((
        "MKT_CONFIG_DIR".into(),
        dir.path().join("config").display().to_string(),
    ));
    let env = mkt::config::Env::from_pairs(pairs);
    let settings =
        mkt::config::resolve(&mkt::config::Overrides::default(), &env, dir.path()).unwrap();

    let target = mkt::target::Target::new(&settings, None, mkt::store::local::Access::Adopt);
    let store = target.kv_sql().await.unwrap();

    assert_eq!(target.kind(), mkt::config::TargetKind::Cloudflare);
    assert_eq!(
        store.description,
        format!(
            "cloudflare account {} (kv {}, d1 {})",
            fake.account_id(),
            fake.namespace_id(),
            fake.database_id()
        )
    );
    let keys = list_all(store.kv.as_ref(), "skill:").await.unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(store.requests(), 1);
}

#[tokio::test]
async fn rate_limited_on_every_attempt_ends_as_rate_limited() {
    let fake = FakeCloudflare::start();
    fake.inject_always("GET", "/keys", Fault::status(429));
    let store = open(&fake).await;

    let err = store.kv.list_page("", None, 1000).await.unwrap_err();

    assert!(
        matches!(err, StoreError::RateLimited(_)) && err.to_string().contains("4 attempts"),
        "{err:?}"
    );
    assert_eq!(fake.count("GET", "/keys"), 4);
}

#[tokio::test]
async fn the_throttle_holds_requests_beyond_the_budget() {
    let fake = FakeCloudflare::start();
    let mut s = settings(&fake);
    s.rate_limit = 4; // a burst of 2, then one request per 150 s
    let store = std::sync::Arc::new(open_settings(&s).await);

    // Six listings at once; whatever the timing, what reaches the server stays within budget.
    let mut calls = Vec::new();
    for _ in 0..6 {
        let store = store.clone();
        calls.push(tokio::spawn(async move {
            let _ = tokio::time::timeout(
                Duration::from_millis(300),
                store.kv.list_page("", None, 1000),
            )
            .await;
        }));
    }
    for c in calls {
        c.await.unwrap();
    }

    assert_eq!(
        fake.max_requests_within(Duration::from_secs(300)),
        2,
        "the burst only; the rest wait for the budget"
    );
    assert_eq!(fake.rate_limited(), 0);
}

#[tokio::test]
async fn concurrency_bounds_requests_in_flight() {
    let fake = FakeCloudflare::start();
    fake.set_latency(Duration::from_millis(50));
    let mut s = settings(&fake);
    s.concurrency = 2;
    let store = open_settings(&s).await;
    let keys: Vec<String> = (0..600).map(|i| format!("k{i}")).collect();

    store.kv.get_many(&keys).await.unwrap();

    // Six requests, never more than two being answered at once (and two did overlap).
    assert_eq!(fake.max_in_flight(), 2);
    assert_eq!(fake.count("POST", "/bulk/get"), 6);
}

#[tokio::test]
async fn connection_refused_is_retried_then_a_transport_error() {
    let fake = FakeCloudflare::start();
    let mut s = settings(&fake);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    s.base_url = format!("http://127.0.0.1:{port}/client/v4");
    let store = open_settings(&s).await;

    let err = store.kv.get("a").await.unwrap_err();

    assert!(matches!(err, StoreError::Transport(_)), "{err:?}");
    assert!(!err.to_string().contains(&fake.token()));
    assert_eq!(store.requests(), 4, "every attempt counts");
}
