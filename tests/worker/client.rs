//! The Worker client on its own: every understood response shape, paging, and each failure
//! turned into the right error, retried only where that is safe.

use std::time::Duration;

use mkt::config::{ApiSettings, Secret};
use mkt::error::HasExitStatus;
use mkt::worker::WorkerError;
use mkt::worker::{ReviewFilter, WorkerClient, WorkerOptions};
use serde_json::{json, Map, Value};

use crate::fake_worker::{FakeWorker, Fault, Shape, INTERNAL_KEY};

fn client_for(w: &FakeWorker, key: Option<&str>) -> WorkerClient {
    let settings = ApiSettings {
        url: w.url(),
        internal_key: key.map(Secret::new),
        token: None,
        timeout: Duration::from_millis(600),
        max_retries: 2,
    };
    let fast = WorkerOptions {
        min_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..Default::default()
    };
    WorkerClient::new(&settings, fast).expect("client")
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

fn review(target: &str, n: usize) -> Map<String, Value> {
    json!({
        "target_type": "skill",
        "target_id": target,
        "display_name": format!("user {n}"),
        "rating": (n % 5) + 1,
        "title": format!("title {n}"),
        "body": format!("body of review {n}"),
    })
    .as_object()
    .unwrap()
    .clone()
}

fn worker(shape: Shape) -> (tempfile::TempDir, FakeWorker) {
    let dir = tempfile::tempdir().unwrap();
    let w = FakeWorker::start(&dir.path().join("store.sqlite"), shape);
    (dir, w)
}

#[test]
fn every_shape_reads_the_same_reviews() {
    for shape in Shape::ALL {
        let (_d, w) = worker(shape);
        let c = client_for(&w, Some(INTERNAL_KEY));
        rt().block_on(async {
            let mut ids = Vec::new();
            for n in 0..120 {
                let r = c
                    .create_review(&review(if n % 3 == 0 { "alpha" } else { "beta" }, n))
                    .await
                    .unwrap();
                assert_eq!(r.title, format!("title {n}"), "{shape:?}");
                ids.push(r.id);
            }
            // The fake caps pages at 50: without a total the client must not stop at the cap.
            let all = c.list_reviews(&ReviewFilter::default(), 100).await.unwrap();
            assert_eq!(all.len(), 120, "{shape:?}");
            let alpha = ReviewFilter {
                target_type: Some("skill".into()),
                target_id: Some("alpha".into()),
            };
            assert_eq!(
                c.list_reviews(&alpha, 7).await.unwrap().len(),
                40,
                "{shape:?}"
            );
            let got = c.get_review(&ids[5]).await.unwrap().unwrap();
            assert_eq!(
                (got.rating, got.source.as_str()),
                (1, "signet"),
                "{shape:?}"
            );
            let s = c.review_summary("skill", "alpha").await.unwrap();
            assert_eq!(s.review_count, 40, "{shape:?}");
            let mut patch = Map::new();
            patch.insert("rating".into(), json!(5));
            let edited = c.update_review(&ids[5], &patch).await.unwrap().unwrap();
            assert_eq!(edited.rating, 5);
            assert!(c.delete_review(&ids[5]).await.unwrap());
            // Soft-deleted: gone from lists, still there by id with its deleted_at.
            let gone = c.get_review(&ids[5]).await.unwrap().unwrap();
            assert!(gone.deleted_at.is_some(), "{shape:?}");
            let left = c.list_reviews(&ReviewFilter::default(), 100).await.unwrap();
            assert_eq!(left.len(), 119, "{shape:?}");
            assert!(c.update_review(&ids[5], &patch).await.unwrap().is_none());
            assert!(c.update_review("nope", &patch).await.unwrap().is_none());
            assert!(!c.delete_review("nope").await.unwrap());
        });
    }
}

#[test]
fn validation_errors_name_the_field_and_are_usage_errors() {
    let (_d, w) = worker(Shape::WRAPPED);
    let c = client_for(&w, Some(INTERNAL_KEY));
    let mut bad = review("alpha", 1);
    bad.insert("rating".into(), json!(9));
    let err = rt().block_on(c.create_review(&bad)).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, WorkerError::Rejected(_)), "{err:?}");
    assert!(
        text.contains("rating")
            && text.contains("between 1 and 5")
            && text.contains("POST /reviews"),
        "{text}"
    );
    assert_eq!(err.exit_status().code(), 2);
}

#[test]
fn unauthorized_names_the_settings_and_never_the_key() {
    let (_d, w) = worker(Shape::BARE);
    let wrong = "ik_wrong_but_long_secret_value_0123456789";
    let c = client_for(&w, Some(wrong));
    let err = rt().block_on(c.rebuild_index()).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, WorkerError::Auth(_)), "{err:?}");
    assert!(
        text.contains("401") && text.contains("MKT_INTERNAL_KEY"),
        "{text}"
    );
    assert!(
        !text.contains(wrong) && !text.contains(&wrong[..8]),
        "{text}"
    );
    // A Worker echoing the key back is scrubbed too.
    w.inject(
        "*",
        "/api/v1/admin",
        1,
        Fault::json(403, &format!("key {wrong} is not allowed")),
    );
    let text = rt().block_on(c.health_skills()).unwrap_err().to_string();
    assert!(
        !text.contains(wrong) && text.contains("<redacted>"),
        "{text}"
    );
}

#[test]
fn reads_are_retried_after_5xx_and_html_pages_are_named() {
    let (_d, w) = worker(Shape::BARE);
    let c = client_for(&w, Some(INTERNAL_KEY));
    w.inject("GET", "/reviews", 2, Fault::html(502));
    let all = rt()
        .block_on(c.list_reviews(&ReviewFilter::default(), 10))
        .unwrap();
    assert!(all.is_empty());
    assert_eq!(w.count("GET", "/reviews"), 3, "two 502s, then the answer");

    w.clear_log();
    w.inject_always("GET", "/reviews", Fault::html(502));
    let err = rt()
        .block_on(c.list_reviews(&ReviewFilter::default(), 10))
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, WorkerError::Server(_)), "{err:?}");
    assert!(
        text.contains("502")
            && text.contains("HTML page")
            && text.contains("502 Bad Gateway")
            && text.contains("3 attempts"),
        "{text}"
    );
    assert!(!text.contains("<html"), "{text}");
    assert_eq!(w.count("GET", "/reviews"), 3);
}

#[test]
fn an_html_page_with_200_is_a_wrong_url() {
    let (_d, w) = worker(Shape::BARE);
    let c = client_for(&w, Some(INTERNAL_KEY));
    w.inject(
        "GET",
        "/reviews",
        1,
        Fault::Status {
            status: 200,
            content_type: "text/html".into(),
            body: "<!doctype html><title>Marketplace</title>".into(),
        },
    );
    let err = rt()
        .block_on(c.list_reviews(&ReviewFilter::default(), 10))
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("HTML page") && text.contains("Marketplace") && text.contains("--api-url"),
        "{text}"
    );
}

#[test]
fn a_create_without_an_id_is_never_sent_twice() {
    let (_d, w) = worker(Shape::WRAPPED);
    let c = client_for(&w, Some(INTERNAL_KEY));
    w.inject("POST", "/reviews", 1, Fault::AfterApply { status: 503 });
    let err = rt()
        .block_on(c.create_review(&review("alpha", 1)))
        .unwrap_err();
    assert!(err.to_string().contains("not retried"), "{err}");
    assert_eq!(w.count("POST", "/reviews"), 1);
    // The write had landed: exactly one review, no duplicate.
    assert_eq!(w.query("SELECT COUNT(*) AS n FROM reviews")[0]["n"], 1);
}

#[test]
fn a_create_with_a_client_id_is_checked_before_it_is_sent_again() {
    let (_d, w) = worker(Shape::DATA_CAMEL);
    let c = client_for(&w, Some(INTERNAL_KEY));
    let mut r = review("alpha", 1);
    r.insert("id".into(), json!("rev-client-1"));
    // Applied, then a 500: the GET finds it, no second POST.
    w.inject("POST", "/reviews", 1, Fault::AfterApply { status: 500 });
    let got = rt().block_on(c.create_review(&r)).unwrap();
    assert_eq!(got.id, "rev-client-1");
    assert_eq!(w.count("POST", "/reviews"), 1);
    // Not applied (a 503 before handling): the GET finds nothing, so it is sent again.
    r.insert("id".into(), json!("rev-client-2"));
    w.inject("POST", "/reviews", 1, Fault::json(503, "overloaded"));
    let got = rt().block_on(c.create_review(&r)).unwrap();
    assert_eq!(got.id, "rev-client-2");
    assert_eq!(w.count("POST", "/reviews"), 3);
    // Applied, then the client timed out.
    r.insert("id".into(), json!("rev-client-3"));
    w.inject(
        "POST",
        "/reviews",
        1,
        Fault::HangAfterApply(Duration::from_secs(3)),
    );
    let got = rt().block_on(c.create_review(&r)).unwrap();
    assert_eq!(got.id, "rev-client-3");
    assert_eq!(w.count("POST", "/reviews"), 4);
    assert_eq!(w.query("SELECT COUNT(*) AS n FROM reviews")[0]["n"], 3);
}

#[test]
fn timeouts_are_retried_for_reads_and_then_reported() {
    let (_d, w) = worker(Shape::BARE);
    let c = client_for(&w, Some(INTERNAL_KEY));
    w.inject_always(
        "GET",
        "/api/v1/admin/health",
        Fault::Hang(Duration::from_secs(3)),
    );
    let err = rt().block_on(c.health_skills()).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, WorkerError::Server(_)), "{err:?}");
    assert!(
        text.contains("timed out after 0.6 s") && text.contains("MKT_API_TIMEOUT"),
        "{text}"
    );
    assert_eq!(w.count("GET", "/api/v1/admin/health"), 3);
    assert_eq!(err.exit_status().code(), 4);
}

#[test]
fn conflicts_missing_routes_and_unreachable_workers() {
    let (_d, w) = worker(Shape::BARE);
    let c = client_for(&w, Some(INTERNAL_KEY));
    let mut r = review("alpha", 1);
    r.insert("id".into(), json!("dup"));
    rt().block_on(c.create_review(&r)).unwrap();
    let err = rt().block_on(c.create_review(&r)).unwrap_err();
    assert!(
        err.to_string().contains("conflict") && err.to_string().contains("already exists"),
        "{err}"
    );
    assert_eq!(err.exit_status().code(), 1);

    w.inject("GET", "/api/v1/admin/health", 1, Fault::html(404));
    let err = rt().block_on(c.health_skills()).unwrap_err();
    assert!(matches!(err, WorkerError::MissingEndpoint(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("has no GET /api/v1/admin/health/skills"),
        "{err}"
    );

    let url = w.url();
    drop(w);
    let gone = WorkerClient::new(
        &ApiSettings {
            url: url.clone(),
            internal_key: None,
            token: None,
            timeout: Duration::from_secs(1),
            max_retries: 1,
        },
        WorkerOptions {
            min_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
            ..Default::default()
        },
    )
    .unwrap();
    let err = rt().block_on(gone.health_skills()).unwrap_err();
    assert!(matches!(err, WorkerError::Transport(_)), "{err:?}");
    assert!(
        err.to_string().contains("cannot reach the Worker") && err.to_string().contains(&url),
        "{err}"
    );
}

#[test]
fn ingest_reads_accepted_and_further_counts() {
    let (_d, w) = worker(Shape::WRAPPED);
    let c = client_for(&w, Some(INTERNAL_KEY));
    let mut r = review("alpha", 1);
    r.insert("id".into(), json!("r1"));
    r.insert("created_at".into(), json!("2026-01-01T00:00:00.000Z"));
    r.insert("updated_at".into(), json!("2026-01-01T00:00:00.000Z"));
    let batch = vec![Value::Object(r)];
    let first = rt().block_on(c.ingest_reviews(&batch)).unwrap();
    assert_eq!(first.accepted, 1);
    let again = rt().block_on(c.ingest_reviews(&batch)).unwrap();
    assert_eq!(
        (again.accepted, again.counts.get("duplicates")),
        (0, Some(&1))
    );
}
