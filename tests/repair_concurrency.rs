//! A writer that publishes a skill between the plan and the apply does not lose it: the index is
//! re-read just before writing and the union recomputed (a saved plan is refused instead).

mod repair_fixture;
mod support;

use mkt::config::Layout;
use mkt::repair::index_apply::{self, Mode};
use mkt::repair::index_plan::{self, IndexPlanOptions};
use mkt::repair::reader;
use repair_fixture as fx;
use serde_json::json;

#[test]
fn a_skill_published_between_plan_and_apply_is_kept() {
    let sb = support::Sandbox::new();
    let store = fx::open(&sb.local_db());
    let layout = Layout::default();
    fx::put_skills(&store, &["a".into(), "b".into()]);
    fx::set_index(&store, &json!(["a"]));
    let rt = fx::rt();
    let snap = rt.block_on(reader::read(&store, &layout));
    let plan = index_plan::plan(&snap, &layout, IndexPlanOptions::default());
    assert_eq!(plan.added, 1);

    // Another writer publishes "late" the way the app does: value, then read-modify-write of the index.
    fx::put_skills(&store, &["late".into()]);
    fx::set_index(&store, &json!(["a", "late"]));

    let applied = rt
        .block_on(index_apply::apply(
            &store,
            &layout,
            &sb.path().join(".mkt"),
            &snap,
            plan.clone(),
            0,
            Mode::Live,
        ))
        .unwrap();
    assert!(applied.recomputed);
    assert!(applied.verified.ok());
    assert_eq!(fx::index_of(&store), json!(["a", "late", "b"]));

    // The same situation with a saved plan is refused with nothing written.
    fx::set_index(&store, &json!(["a"]));
    let snap = rt.block_on(reader::read(&store, &layout));
    let plan = index_plan::plan(&snap, &layout, IndexPlanOptions::default());
    fx::set_index(&store, &json!(["a", "late"]));
    let err = rt
        .block_on(index_apply::apply(
            &store,
            &layout,
            &sb.path().join(".mkt"),
            &snap,
            plan,
            0,
            Mode::Saved,
        ))
        .err()
        .expect("a stale saved plan is refused");
    assert_eq!(mkt::exit::status_of(&err), mkt::exit::ExitStatus::Refused);
    assert_eq!(fx::index_of(&store), json!(["a", "late"]));
}
