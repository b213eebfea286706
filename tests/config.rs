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
    let out = sb.run(["config", "show"]);
    let text = stdout_of(&out);
    assert!(
        text.lines().any(|l| l == "target\tlocal\tdefault"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.split('\t').count() == 3), "{text}");
}

const CF_ENV: &[(&str, &str)] = &[
    ("CLOUDFLARE_API_TOKEN", "test-token-not-real"),
    ("CLOUDFLARE_ACCOUNT_ID", "acct123"),
];

#[test]
fn ids_come_from_wrangler_toml_by_binding_name() {
    let sb = Sandbox::new();
    sb.write(
        "app/wrangler.toml",
        r#"name = "marketplace"
[[kv_namespaces]]
binding = "OTHER_KV"
id = "other-ns"
[[kv_namespaces]]
binding = "SUBMISSIONS_KV"
id = "ns-from-toml"
[[d1_databases]]
binding = "DB"
database_name = "marketplace"
database_id = "db-from-toml"
[env.staging]
kv_namespaces = [{ binding = "SUBMISSIONS_KV", id = "ns-staging" }]
d1_databases = [{ binding = "DB", database_name = "m", database_id = "db-staging" }]
"#,
    );
    sb.write(
        "mkt.toml",
        "[profiles.default]\ntarget = \"cloudflare\"\nwrangler_config = \"app/wrangler.toml\"\nkv_binding = \"SUBMISSIONS_KV\"\nd1_binding = \"DB\"\n",
    );
    let doc = show_json(&sb, CF_ENV, &[]);
    assert_eq!(value(&doc, "kv_namespace_id")["value"], "ns-from-toml");
    assert_eq!(value(&doc, "d1_database_id")["value"], "db-from-toml");
    let origin = value(&doc, "kv_namespace_id")["origin"].to_string();
    assert!(origin.contains("wrangler.toml"), "{origin}");

    // `[env.staging]` bindings win when that environment is chosen.
    let mut env = CF_ENV.to_vec();
    env.push(("MKT_WRANGLER_ENV", "staging"));
    let doc = show_json(&sb, &env, &[]);
    assert_eq!(value(&doc, "kv_namespace_id")["value"], "ns-staging");
    assert_eq!(value(&doc, "d1_database_id")["value"], "db-staging");

    // An explicit id beats the wrangler lookup.
    let doc = show_json(&sb, CF_ENV, &["--namespace-id", "ns-flag"]);
    assert_eq!(value(&doc, "kv_namespace_id")["value"], "ns-flag");
    assert_eq!(value(&doc, "kv_namespace_id")["origin"], "flag");
    // The token is never shown.
    assert!(!doc.to_string().contains("test-token-not-real"));
}

#[test]
fn ids_come_from_wrangler_jsonc_with_comments_and_trailing_commas() {
    let sb = Sandbox::new();
    sb.write(
        "wrangler.jsonc",
        r#"{
  // the marketplace worker
  "name": "marketplace",
  "kv_namespaces": [
    { "binding": "SUBMISSIONS_KV", "id": "ns-from-jsonc" }, // trailing comma next
  ],
  /* D1 */
  "d1_databases": [{ "binding": "DB", "database_name": "m", "database_id": "db-from-jsonc" }],
}
"#,
    );
    let mut env = CF_ENV.to_vec();
    env.extend([
        ("MKT_WRANGLER_CONFIG", "wrangler.jsonc"),
        ("MKT_KV_BINDING", "SUBMISSIONS_KV"),
        ("MKT_D1_BINDING", "DB"),
    ]);
    let doc = show_json(&sb, &env, &[]);
    assert_eq!(doc["target"], "cloudflare");
    assert_eq!(value(&doc, "kv_namespace_id")["value"], "ns-from-jsonc");
    assert_eq!(value(&doc, "d1_database_id")["value"], "db-from-jsonc");
}

#[test]
fn a_binding_missing_from_wrangler_config_is_a_usage_error_naming_it() {
    let sb = Sandbox::new();
    sb.write(
        "wrangler.toml",
        "name = \"m\"\n[[d1_databases]]\nbinding = \"DB\"\ndatabase_id = \"d\"\n",
    );
    let wrangler_env = [
        ("MKT_WRANGLER_CONFIG", "wrangler.toml"),
        ("MKT_KV_BINDING", "NOPE_KV"),
        ("MKT_D1_BINDING", "DB"),
    ];
    let out = sb
        .mkt()
        .envs(CF_ENV.iter().copied())
        .envs(wrangler_env)
        .args(["health"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("NOPE_KV") && err.contains("wrangler.toml"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(stdout_of(&out).is_empty());
    // `config show` is how to find out: it shows what resolved and marks the id as missing.
    let out = sb
        .mkt()
        .envs(CF_ENV.iter().copied())
        .envs(wrangler_env)
        .args(["config", "show", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value(&doc, "kv_namespace_id")["origin"], "missing");
    assert_eq!(value(&doc, "d1_database_id")["value"], "d");
    assert_eq!(doc["ready"], false);
    assert!(doc["missing"][0]["message"]
        .as_str()
        .unwrap()
        .contains("NOPE_KV"));
    assert!(stderr_of(&out).contains("NOPE_KV"));
}

/// `max_wait` from a profile (a number is seconds, or a duration), the environment or the flag;
/// anything else is a usage error naming where it came from, before any store is opened.
#[test]
fn max_wait_is_a_duration_from_flag_env_or_profile() {
    let sb = Sandbox::new();
    sb.write(
        "mkt.toml",
        "default_profile = \"ops\"\n[profiles.ops]\ntarget = \"cloudflare\"\nmax_wait = 90\n",
    );
    let doc = show_json(&sb, &[], &[]);
    assert_eq!(value(&doc, "max_wait")["value"], "90");
    assert_eq!(value(&doc, "max_wait")["origin"], "profile ops");
    let doc = show_json(&sb, &[("MKT_MAX_WAIT", "1m30s")], &[]);
    assert_eq!(value(&doc, "max_wait")["value"], "1m30s");
    assert_eq!(value(&doc, "max_wait")["origin"], "env MKT_MAX_WAIT");

    for (envs, args, named) in [
        (
            vec![],
            vec!["--max-wait", "soon"],
            "invalid --max-wait \"soon\"",
        ),
        (
            vec![("MKT_MAX_WAIT", "-5")],
            vec![],
            "invalid MKT_MAX_WAIT \"-5\"",
        ),
    ] {
        let out = sb
            .mkt()
            .envs(envs)
            .args([
                "--account-id",
                "acc",
                "--namespace-id",
                "ns",
                "--database-id",
                "db",
            ])
            .env("CLOUDFLARE_API_TOKEN", "t")
            .args(&args)
            .arg("health")
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains(named) && err.contains("such as 90s, 2m or 1m30s"),
            "{err}"
        );
    }
    sb.write(
        "mkt.toml",
        "default_profile = \"ops\"\n[profiles.ops]\ntarget = \"cloudflare\"\nmax_wait = \"a while\"\n",
    );
    let out = sb
        .mkt()
        .args([
            "--account-id",
            "acc",
            "--namespace-id",
            "ns",
            "--database-id",
            "db",
        ])
        .env("CLOUDFLARE_API_TOKEN", "t")
        .arg("health")
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("invalid max_wait in profile ops \"a while\""),
        "{err}"
    );
}
