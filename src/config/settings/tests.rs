//! The table against the code that uses it: profile keys against `Profile`, defaults against the
//! typed defaults, flags against `Overrides`.

use super::*;
use crate::config::{file::load_file, Layout};

#[test]
fn every_profile_key_is_a_setting_and_every_setting_key_a_profile_field() {
    // serde lists the fields it knows when it meets one it does not.
    let dir = std::env::temp_dir().join(format!("mkt-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mkt.toml");
    std::fs::write(&path, "[profiles.x]\nno_such_key = 1\n").unwrap();
    let err = load_file(&path).unwrap_err().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    let listed = err.split("expected one of").nth(1).expect(&err);
    let mut fields: Vec<&str> = listed
        .split(',')
        .map(|f| f.trim().trim_matches('`'))
        .filter(|f| !f.is_empty())
        .collect();
    fields.sort();
    let mut keys: Vec<&str> = SETTINGS
        .iter()
        .flat_map(|s| s.profile.iter().copied())
        .collect();
    keys.sort();
    assert_eq!(fields, keys);
}

#[test]
fn defaults_are_the_typed_defaults() {
    let value = |key| match setting(key).default {
        Default::Value(v) => v.to_string(),
        _ => panic!("{key} has no plain default"),
    };
    let l = Layout::default();
    for (key, typed) in [
        ("skill_prefix", l.skill_prefix),
        ("index_key", l.index_key),
        ("alias_prefix", l.alias_prefix),
        ("index_backup_prefix", l.index_backup_prefix),
        ("skills_table", l.skills_table),
        ("reviews_table", l.reviews_table),
        ("review_sync_events_table", l.review_sync_events_table),
        ("review_aggregates_table", l.review_aggregates_table),
    ] {
        assert_eq!(value(key), typed, "{key}");
    }
    let limits = crate::config::ReviewLimits::default();
    assert_eq!(value("review_title_max"), limits.title_max.to_string());
    assert_eq!(value("review_body_max"), limits.body_max.to_string());
    assert_eq!(
        value("review_display_name_max"),
        limits.display_name_max.to_string()
    );
    assert_eq!(value("local_path"), crate::config::DEFAULT_LOCAL_PATH);
    assert_eq!(value("api_base_url"), crate::config::DEFAULT_API_BASE_URL);
    assert_eq!(value("dev_url"), crate::config::DEFAULT_DEV_URL);
    assert_eq!(
        value("rate_limit"),
        crate::config::DEFAULT_RATE_LIMIT.to_string()
    );
    assert_eq!(
        value("concurrency"),
        crate::config::DEFAULT_CONCURRENCY.to_string()
    );
    assert_eq!(
        value("api_timeout"),
        crate::config::DEFAULT_API_TIMEOUT_SECS.to_string()
    );
}

#[test]
fn keys_are_unique_and_target_comes_before_what_depends_on_it() {
    let mut keys: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), SETTINGS.len(), "a key declared twice");
    let target = SETTINGS.iter().position(|s| s.key == "target").unwrap();
    for (i, s) in SETTINGS.iter().enumerate() {
        let depends =
            !matches!(s.scope, Scope::Always) || matches!(s.default, Default::Computed(..));
        if depends && s.key != "target" {
            assert!(i > target, "{} is resolved before the target", s.key);
        }
        assert!(!s.about.is_empty(), "{} says nothing about itself", s.key);
        // The loop reads text; a table is resolved by its own code.
        assert!(
            s.kind != Kind::Map || s.resolved != Resolved::Loop,
            "{}",
            s.key
        );
        // Secrets stay out of files and off the command line.
        if s.secret {
            assert!(s.profile.is_empty() && s.flag.is_none(), "{}", s.key);
        }
    }
}

#[test]
fn flags_read_their_overrides() {
    let o = Overrides {
        profile: Some("p".into()),
        target: Some(TargetKind::WranglerDev),
        account_id: Some("acc".into()),
        kv_namespace_id: Some("kv".into()),
        d1_database_id: Some("d1".into()),
        local_path: Some("x/y.sqlite".into()),
        api_url: Some("https://w".into()),
        dev_url: Some("http://d".into()),
        config_file: Some("c.toml".into()),
        concurrency: Some(3),
        durable_table: Some("t".into()),
        durable_url: Some("postgres://h/d".into()),
        key_alphabet: Some("a-z".into()),
        allow_insecure_http: true,
        max_wait: Some("10s".into()),
    };
    let flag = |key| (setting(key).flag.as_ref().unwrap().get)(&o).unwrap();
    assert_eq!(flag("profile"), "p");
    assert_eq!(flag("target"), "wrangler-dev");
    assert_eq!(flag("account_id"), "acc");
    assert_eq!(flag("kv_namespace_id"), "kv");
    assert_eq!(flag("d1_database_id"), "d1");
    assert_eq!(flag("local_path"), "x/y.sqlite");
    assert_eq!(flag("api_url"), "https://w");
    assert_eq!(flag("dev_url"), "http://d");
    assert_eq!(flag("config"), "c.toml");
    assert_eq!(flag("concurrency"), "3");
    assert_eq!(flag("skills_table"), "t");
    assert_eq!(flag("durable_url"), "postgres://h/d");
    assert_eq!(flag("allow_insecure_http"), "true");
    assert_eq!(flag("key_alphabet"), "a-z");
    assert_eq!(flag("max_wait"), "10s");
    let with_flags = SETTINGS.iter().filter(|s| s.flag.is_some()).count();
    assert_eq!(with_flags, 15, "a flag without a check here");
}
