//! A writer that publishes a skill between the plan and the apply does not lose it: the index is
//! re-read just before writing and the union recomputed (a saved plan is refused instead).

mod repair_fixture;
mod support;

use mkt::config::Layout;
use mkt::durable::DurableDb;
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
    let snap = rt.block_on(reader::read(
        &store,
        &DurableDb::new(store.sql.clone()),
        &layout,
    ));
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
    let snap = rt.block_on(reader::read(
        &store,
        &DurableDb::new(store.sql.clone()),
        &layout,
    ));
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
    assert_eq!(mkt::error::status_of(&err), mkt::exit::ExitStatus::Refused);
    assert_eq!(fx::index_of(&store), json!(["a", "late"]));
}

/// The same race against the fake Cloudflare server: the late writer's skill survives the apply,
/// and the server ends with both the union index and the backup key.
#[test]
fn against_cloudflare_a_skill_published_between_plan_and_apply_is_kept() {
    let fake = support::fake_cf::FakeCloudflare::start();
    let sb = support::Sandbox::new();
    let env = mkt::config::Env::from_pairs(fake.env());
    let settings =
        mkt::config::resolve(&mkt::config::Overrides::default(), &env, sb.path()).unwrap();
    let rt = fx::rt();
    let target = mkt::target::Target::new(&settings, None, mkt::store::local::Access::Adopt);
    let store = rt.block_on(target.kv_sql()).unwrap();
    let layout = Layout::default();
    for sql in mkt::schema::migration_statements(&layout) {
        fake.d1_exec(&sql);
    }
    fake.kv_put("skill:a", &fx::record("a", 1).to_string());
    fake.kv_put("skill:b", &fx::record("b", 2).to_string());
    fake.kv_put("skills:published-index", r#"["a"]"#);

    let snap = rt.block_on(reader::read(
        store,
        &DurableDb::new(store.sql.clone()),
        &layout,
    ));
    assert!(snap.complete(), "{:?}", snap.statuses);
    let plan = index_plan::plan(&snap, &layout, IndexPlanOptions::default());
    assert_eq!(plan.added, 1);

    // The app publishes "late" between our plan and our write.
    fake.kv_put("skill:late", &fx::record("late", 3).to_string());
    fake.kv_put("skills:published-index", r#"["a","late"]"#);

    let applied = rt
        .block_on(index_apply::apply(
            store,
            &layout,
            &sb.path().join(".mkt"),
            &snap,
            plan,
            0,
            Mode::Live,
        ))
        .unwrap();
    assert!(applied.recomputed);
    assert!(applied.verified.ok());
    let index: serde_json::Value =
        serde_json::from_str(&fake.kv_get("skills:published-index").unwrap()).unwrap();
    assert_eq!(index, json!(["a", "late", "b"]));
    let backups: Vec<String> = fake
        .kv_keys()
        .into_iter()
        .filter(|k| k.starts_with("skills:published-index:backup:"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(
        fake.kv_get(&backups[0]).unwrap(),
        r#"["a","late"]"#,
        "the backup holds what was overwritten: the late writer's index"
    );
}
