//! Property: for any sequence of add/edit/delete/restore, `verify` finds nothing and every stored
//! aggregate equals an independent computation from the operations alone.

use std::collections::BTreeMap;

use mkt::config::Layout;
use mkt::reviews::sql::SqlReviews;
use mkt::reviews::verify::compare;
use mkt::reviews::{validate, NewReview, ReviewPatch, ReviewStore};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Add { target: usize, rating: i64 },
    Edit { review: usize, rating: i64 },
    Delete { review: usize },
    Restore { review: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..4usize, 1..=5i64).prop_map(|(target, rating)| Op::Add { target, rating }),
        2 => (0..64usize, 1..=5i64).prop_map(|(review, rating)| Op::Edit { review, rating }),
        2 => (0..64usize).prop_map(|review| Op::Delete { review }),
        1 => (0..64usize).prop_map(|review| Op::Restore { review }),
    ]
}

const TARGETS: [(&str, &str); 4] = [
    ("skill", "alpha"),
    ("skill", "beta"),
    ("mcp", "github"),
    ("mcp", "fs"),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn aggregates_never_drift(ops in prop::collection::vec(op(), 1..40)) {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let layout = Layout::default();
            let store = mkt::target::local::open(&dir.path().join("p.sqlite"), &layout).unwrap();
            let s = SqlReviews::new(store, &layout);
            let limits = validate::Limits::default();
            // The model: review id → (target, rating, live).
            let mut model: Vec<(String, usize, i64, bool)> = Vec::new();
            for op in &ops {
                let now = validate::now();
                match *op {
                    Op::Add { target, rating } => {
                        let (tt, id) = TARGETS[target];
                        let new = NewReview { target_type: tt.into(), target_id: id.into(), display_name: "p".into(), rating, title: "t".into(), body: "b".into(), ..Default::default() };
                        let r = validate::new_review(&new, &limits, &now).unwrap();
                        s.create(&r).await.unwrap();
                        model.push((r.id, target, rating, true));
                    }
                    Op::Edit { review, rating } if !model.is_empty() => {
                        let n = model.len();
                        let m = &mut model[review % n];
                        let res = s.update(&m.0, &ReviewPatch { rating: Some(rating), ..Default::default() }, &now).await;
                        if m.3 { res.unwrap(); m.2 = rating; } else { assert!(res.is_err()); }
                    }
                    Op::Delete { review } if !model.is_empty() => {
                        let n = model.len();
                        let m = &mut model[review % n];
                        s.delete(&m.0, &now).await.unwrap();
                        m.3 = false;
                    }
                    Op::Restore { review } if !model.is_empty() => {
                        let n = model.len();
                        let m = &mut model[review % n];
                        s.restore(&m.0, &now).await.unwrap();
                        m.3 = true;
                    }
                    _ => {}
                }
            }
            let stored = s.aggregates().await.unwrap();
            let report = compare(&s.computed().await.unwrap(), &stored);
            prop_assert!(report.ok(), "{:?}", report.mismatches);
            let mut want: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
            for (_, t, rating, live) in &model {
                if *live {
                    let e = want.entry((TARGETS[*t].0.into(), TARGETS[*t].1.into())).or_default();
                    e.0 += 1;
                    e.1 += rating;
                }
            }
            prop_assert_eq!(stored.len(), want.len());
            for a in &stored {
                let (n, sum) = want[&(a.target_type.clone(), a.target_id.clone())];
                prop_assert_eq!(a.review_count, n);
                prop_assert!((a.avg_rating - sum as f64 / n as f64).abs() <= 1e-9);
            }
            Ok(())
        })?;
    }
}
