//! The review-level interface over the Worker API gives what the SQL implementation gives on the
//! local store, step by step (timestamps aside: the Worker sets its own).

use std::sync::Arc;
use std::time::Duration;

use mkt::config::{ApiSettings, Layout, Secret};
use mkt::reviews::sql::SqlReviews;
use mkt::reviews::validate::{new_review, now};
use mkt::reviews::{
    Limits, ListQuery, NewReview, ReviewError, ReviewPatch, ReviewStore, TargetRef, TargetType,
};
use mkt::worker::reviews::ApiReviews;
use mkt::worker::{WorkerClient, WorkerOptions};
use serde_json::Value;

use crate::fake_worker::{FakeWorker, Shape, INTERNAL_KEY};

fn api(w: &FakeWorker) -> ApiReviews {
    let settings = ApiSettings {
        url: w.url(),
        internal_key: Some(Secret::new(INTERNAL_KEY)),
        token: None,
        timeout: Duration::from_secs(5),
        max_retries: 1,
    };
    let fast = WorkerOptions {
        min_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(10),
        ..Default::default()
    };
    ApiReviews::new(Arc::new(WorkerClient::new(&settings, fast).unwrap()))
}

/// A value with every timestamp blanked, so the two targets' results compare.
fn plain<T: serde::Serialize>(v: &T) -> Value {
    fn blank(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    if k.ends_with("_at") && !x.is_null() {
                        *x = Value::String("<ts>".into());
                    } else {
                        blank(x);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(blank),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(v).unwrap();
    blank(&mut v);
    v
}

fn outcome<T: serde::Serialize>(r: &Result<T, ReviewError>) -> Value {
    match r {
        Ok(v) => plain(v),
        Err(e) => Value::String(format!("error {}: {e}", e.exit_status().code())),
    }
}

/// The same sequence on one store, every result recorded.
async fn sequence(s: &dyn ReviewStore) -> Vec<Value> {
    let limits = Limits::default();
    let mk = |id: &str, target: &str, rating: i64, name: &str| {
        new_review(
            &NewReview {
                id: Some(id.into()),
                target_type: "skill".into(),
                target_id: target.into(),
                display_name: name.into(),
                rating,
                title: format!("title <b>{id}</b>"),
                body: format!("body of {id}; DROP TABLE reviews;"),
                source: None,
            },
            &limits,
            &now(),
        )
        .unwrap()
    };
    let a = TargetRef::new(TargetType::Skill, "alpha");
    let mut out = Vec::new();
    let r1 = mk("r1", "alpha", 5, "Ann");
    out.push(outcome(&s.create(&r1).await));
    tokio::time::sleep(Duration::from_millis(3)).await;
    out.push(outcome(&s.create(&mk("r2", "alpha", 2, "  Bob ")).await));
    tokio::time::sleep(Duration::from_millis(3)).await;
    out.push(outcome(&s.create(&mk("r3", "beta", 4, "Ann")).await));
    // The same review again is a replay; another one under a taken id is refused.
    out.push(outcome(&s.create(&r1).await.map(|o| o.changed)));
    out.push(outcome(&s.create(&mk("r1", "alpha", 1, "Eve")).await));
    out.push(outcome(&s.get("r2").await));
    out.push(outcome(&s.get("missing").await));
    let patch = ReviewPatch {
        rating: Some(3),
        title: Some("edited".into()),
        ..Default::default()
    };
    tokio::time::sleep(Duration::from_millis(3)).await;
    out.push(outcome(&s.update("r1", &patch, &now()).await));
    out.push(outcome(&s.update("missing", &patch, &now()).await));
    out.push(outcome(&s.list(&ListQuery::default()).await));
    out.push(outcome(
        &s.list(&ListQuery {
            target: Some(a.clone()),
            limit: 1,
            offset: 1,
            ..Default::default()
        })
        .await,
    ));
    out.push(outcome(
        &s.list(&ListQuery {
            display_name: Some("Ann".into()),
            ..Default::default()
        })
        .await,
    ));
    out.push(outcome(
        &s.list(&ListQuery {
            rating: Some(4),
            ..Default::default()
        })
        .await,
    ));
    out.push(outcome(&s.summary(&a).await));
    out.push(outcome(&s.delete("r2", &now()).await));
    out.push(outcome(&s.delete("r2", &now()).await.map(|o| o.changed)));
    out.push(outcome(&s.update("r2", &patch, &now()).await));
    out.push(outcome(&s.delete("missing", &now()).await));
    out.push(outcome(&s.summary(&a).await));
    out.push(outcome(
        &s.summary(&TargetRef::new(TargetType::Mcp, "none")).await,
    ));
    out.push(outcome(&s.get_many(&["r3".into(), "nope".into()]).await));
    out.push(outcome(&s.computed().await));
    out.push(outcome(&s.aggregates().await));
    out
}

#[test]
fn the_api_target_gives_what_the_local_store_gives() {
    for shape in [Shape::BARE, Shape::WRAPPED, Shape::DATA_CAMEL] {
        let dir = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let local =
            mkt::store::local::open(&dir.path().join("direct.sqlite"), &Layout::default()).unwrap();
        let direct = SqlReviews::new(local, &Layout::default());
        let w = FakeWorker::start(&dir.path().join("worker.sqlite"), shape);
        let through_api = api(&w);
        let expected = rt.block_on(sequence(&direct));
        let got = rt.block_on(sequence(&through_api));
        for (i, (e, g)) in expected.iter().zip(&got).enumerate() {
            assert_eq!(g, e, "step {i} differs ({shape:?})");
        }
        assert!(through_api.requests() > 0);
    }
}

#[test]
fn what_the_contract_lacks_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let w = FakeWorker::start(&dir.path().join("worker.sqlite"), Shape::BARE);
    let s = api(&w);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let e = rt.block_on(s.restore("r1", &now())).unwrap_err();
    assert_eq!(e.exit_status().code(), 2);
    assert!(
        e.to_string().contains("--target local or cloudflare"),
        "{e}"
    );
    let e = rt
        .block_on(s.list(&ListQuery {
            include_deleted: true,
            ..Default::default()
        }))
        .unwrap_err();
    assert_eq!(e.exit_status().code(), 2, "{e}");
}
