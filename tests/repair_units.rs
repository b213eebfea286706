//! D1 batching within the per-statement limits, the throttle estimate and journal reading.

mod repair_fixture;
mod support;

use std::time::Duration;

use mkt::durable::rows;
use mkt::repair::backfill;
use mkt::schema::SkillTable;

fn skills() -> SkillTable {
    SkillTable::migrated("skills")
}
use mkt::store::{Row, SqlLimits, SqlValue};

const MAX_BOUND_PARAMS: usize = SqlLimits::D1.params;
const MAX_STATEMENT_BYTES: usize = SqlLimits::D1.statement_bytes;
use serde_json::{json, Value};

fn row(name: &str, description_len: usize) -> Row {
    let rec =
        json!({"displayName": "x", "description": "d".repeat(description_len), "labels": ["a"]});
    rows::row_from_record(
        &skills(),
        name,
        rec.as_object().unwrap(),
        None,
        "2026-01-01T00:00:00Z",
    )
    .unwrap()
}

fn statement_bytes(s: &mkt::store::Statement) -> usize {
    s.sql.len()
        + s.params
            .iter()
            .map(|p| match p {
                SqlValue::Text(t) => t.len(),
                _ => 8,
            })
            .sum::<usize>()
}

#[test]
fn upserts_stay_within_d1_statement_limits() {
    let mut rows: Vec<Row> = (0..500).map(|i| row(&format!("s{i}"), 40)).collect();
    rows.extend((0..40).map(|i| row(&format!("big{i}"), 30_000)));
    let stmts = backfill::upsert_statements(&skills(), &rows);
    let mut names = Vec::new();
    for u in &stmts {
        let s = &u.stmt;
        assert!(
            s.params.len() <= MAX_BOUND_PARAMS,
            "{} params",
            s.params.len()
        );
        assert!(
            statement_bytes(s) <= MAX_STATEMENT_BYTES,
            "{} bytes",
            statement_bytes(s)
        );
        assert_eq!(s.sql.matches('?').count(), s.params.len());
        names.extend(u.keys.iter().cloned());
    }
    assert_eq!(names.len(), rows.len(), "every row exactly once");
    // 16 columns: 6 rows per statement for small rows.
    assert_eq!(
        backfill::upsert_statements(&skills(), &rows[..500]).len(),
        500usize.div_ceil(6)
    );
    let requests = backfill::group_requests(stmts.clone(), 50, SqlLimits::D1);
    assert_eq!(requests.iter().map(Vec::len).sum::<usize>(), stmts.len());
    assert!(requests.iter().all(|r| r.len() <= 50));
}

#[test]
fn large_rows_backfill_through_the_local_store_limits() {
    // The local target enforces D1's limits, so this proves the statements are accepted.
    let sb = support::Sandbox::new();
    let store = repair_fixture::open(&sb.local_db());
    let pairs: Vec<(String, String)> = (0..30)
        .map(|i| {
            (
                format!("skill:big{i}"),
                json!({"name": format!("big{i}"), "description": "y".repeat(40_000)}).to_string(),
            )
        })
        .collect();
    repair_fixture::put_kv(&store, &pairs);
    let out = sb.run(["backfill", "skills", "--apply", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["durableBackfilled"], 30);
    assert_eq!(repair_fixture::dump(&store).1.len(), 30);
}

#[test]
fn throttle_estimate() {
    assert_eq!(mkt::repair::estimated_duration(500, None), Duration::ZERO);
    assert_eq!(
        mkt::repair::estimated_duration(550, Some(1100)),
        Duration::ZERO
    );
    // A burst of 550, then 550 more per 300 s (the Cloudflare target's throttle).
    assert_eq!(
        mkt::repair::estimated_duration(1100, Some(1100)),
        Duration::from_secs(300)
    );
}

#[test]
fn journal_ignores_a_torn_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = mkt::repair::journal::Journal::create(
        dir.path(),
        "backfill-skills",
        json!({"to": "durable"}),
    )
    .unwrap();
    j.record(&mkt::repair::journal::Event::Done {
        step: "durable".into(),
        batch: 1,
        items: 6,
    })
    .unwrap();
    let path = j.path.clone();
    drop(j);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("{\"event\":\"done\",\"st");
    std::fs::write(&path, text).unwrap();
    let st = mkt::repair::journal::load(&path).unwrap();
    assert_eq!(st.done_batches, 1);
    assert!(!st.finished);
    let found = mkt::repair::journal::find_resumable(dir.path(), "backfill-skills", None)
        .unwrap()
        .unwrap();
    assert_eq!(found.run_id, st.run_id);
}

#[test]
fn guards_refuse_a_shrinking_index_and_too_many_deletes() {
    let layout = mkt::config::Layout::default();
    let snap = mkt::sources::Snapshot::default();
    let mut plan = mkt::repair::index_plan::plan(&snap, &layout, Default::default());
    assert!(mkt::repair::check_index_guards(&plan, 0).is_ok());
    // The union cannot shrink by construction; the guard still stands behind it.
    plan.old_live = 3;
    plan.new_live = 2;
    let err = mkt::repair::check_index_guards(&plan, 10).unwrap_err();
    assert_eq!(mkt::error::status_of(&err), mkt::exit::ExitStatus::Refused);
    plan.new_live = 3;
    plan.pruned = 2;
    let err = mkt::repair::check_index_guards(&plan, 1).unwrap_err();
    assert_eq!(mkt::error::status_of(&err), mkt::exit::ExitStatus::Refused);
    assert!(mkt::repair::check_index_guards(&plan, 2).is_ok());
}
