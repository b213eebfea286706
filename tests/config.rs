//! `mkt config show`: every resolved value with its origin; secrets never shown.

mod support;

use serde_json::Value;
use support::{stderr_of, stdout_of, Sandbox};

fn show_json(sb: &Sandbox, envs: &[(&str, &str)], args: &[&str]) -> Value {
    let out = sb
        .mkt()
        .envs(envs.iter().copied())
        .args(args)
        .args(["config", "show", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn value<'a>(doc: &'a Value, key: &str) -> &'a Value {
    doc["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["key"] == key)
        .unwrap_or_else(|| panic!("no {key} in {doc}"))
}

#[test]
fn defaults_on_a_fresh_machine() {
    let sb = Sandbox::new();
    let doc = show_json(&sb, &[], &[]);
    assert_eq!(doc["schema_version"], "1.0");
    assert_eq!(doc["target"], "local");
    assert_eq!(doc["production"], false);
    assert!(doc["profile"].is_null());
    assert_eq!(value(&doc, "target")["origin"], "default");
    let local = value(&doc, "local_path");
    assert!(local["value"]
        .as_str()
        .unwrap()
        .ends_with(".mkt/local.sqlite"));
    assert_eq!(value(&doc, "index_key")["value"], "skills:published-index");
    assert!(
        !sb.path().join(".mkt").exists(),
        "config show opens no store"
    );
}

#[test]
fn origins_follow_flag_env_profile_precedence() {
    let sb = Sandbox::new();
    sb.write("mkt.toml", "default_profile = \"dev\"\n[profiles.dev]\nindex_key = \"idx:profile\"\nskills_table = \"dev_skills\"\n");
    let doc = show_json(
        &sb,
        &[("MKT_INDEX_KEY", "idx:env")],
        &["--local-path", "x/y.sqlite"],
    );
    assert_eq!(doc["profile"], "dev");
    assert_eq!(value(&doc, "index_key")["value"], "idx:env");
    assert_eq!(value(&doc, "index_key")["origin"], "env MKT_INDEX_KEY");
    assert_eq!(value(&doc, "skills_table")["value"], "dev_skills");
    assert_eq!(value(&doc, "skills_table")["origin"], "profile dev");
    assert_eq!(value(&doc, "local_path")["origin"], "flag");
    assert!(value(&doc, "local_path")["value"]
        .as_str()
        .unwrap()
        .ends_with("x/y.sqlite"));
}

#[test]
fn secrets_are_redacted_everywhere() {
    let sb = Sandbox::new();
    let secret = "cf-secret-token-123456";
    let envs = [
        ("CLOUDFLARE_API_TOKEN", secret),
        ("CLOUDFLARE_ACCOUNT_ID", "acc"),
        ("MKT_KV_NAMESPACE_ID", "ns"),
        ("MKT_D1_DATABASE_ID", "db"),
        ("MKT_INTERNAL_KEY", "internal-secret-987"),
    ];
    for args in [&["config", "show"][..], &["config", "show", "--json"][..]] {
        let out = sb.mkt().envs(envs).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let all = format!("{}{}", stdout_of(&out), stderr_of(&out));
        assert!(
            !all.contains(secret) && !all.contains("internal-secret-987"),
            "{all}"
        );
        assert!(all.contains("<redacted>"));
    }
    let doc = show_json(&sb, &envs, &[]);
    assert_eq!(doc["target"], "cloudflare");
    assert_eq!(
        value(&doc, "api_token")["origin"],
        "env CLOUDFLARE_API_TOKEN"
    );
}

#[test]
fn human_output_is_key_value_origin_rows() {
    let sb = Sandbox::new();
    let out = sb.mkt().args(["config", "show"]).output().unwrap();
    let text = stdout_of(&out);
    assert!(
        text.lines().any(|l| l == "target\tlocal\tdefault"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.split('\t').count() == 3), "{text}");
}
