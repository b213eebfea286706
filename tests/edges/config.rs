//! `config show` as the tool for finding out, and config errors that point at the mistake.

use serde_json::Value;

use super::support::{stderr_of, stdout_of, Sandbox};

#[test]
fn config_show_shows_what_resolved_and_marks_what_is_missing() {
    let sb = Sandbox::new();
    let out = sb
        .mkt()
        .env("CLOUDFLARE_API_TOKEN", "x")
        .args(["config", "show"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(
        text.lines().any(|l| l == "target\tcloudflare\tdefault"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l == "api_token\t<redacted>\tenv CLOUDFLARE_API_TOKEN"),
        "{text}"
    );
    for key in ["account_id", "kv_namespace_id", "d1_database_id"] {
        assert!(
            text.lines()
                .any(|l| l == format!("{key}\t(missing)\tmissing")),
            "{key}: {text}"
        );
    }
    assert!(text
        .lines()
        .any(|l| l.starts_with("index_key\tskills:published-index\t")));
    let err = stderr_of(&out);
    assert!(
        err.contains("account_id: the cloudflare target needs an account id"),
        "{err}"
    );
    assert!(err.contains("CLOUDFLARE_ACCOUNT_ID"), "{err}");
    assert!(
        !format!("{text}{err}").contains("\tx\t"),
        "the token is never shown"
    );

    let out = sb
        .mkt()
        .env("CLOUDFLARE_API_TOKEN", "x")
        .args(["config", "show", "--json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["ready"], false);
    let missing: Vec<&str> = doc["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["account_id", "kv_namespace_id", "d1_database_id"]);

    // Every other command still stops at the first missing value.
    let out = sb
        .mkt()
        .env("CLOUDFLARE_API_TOKEN", "x")
        .arg("health")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("account id"));
    // Looking is free: no store, no state directory, no config written.
    assert!(!sb.path().join(".mkt").exists());
    assert!(!sb.path().join("config").exists() && !sb.path().join("mkt.toml").exists());
}

#[test]
fn a_bad_number_names_the_variable_and_config_show_marks_it() {
    let sb = Sandbox::new();
    let env = [
        ("CLOUDFLARE_API_TOKEN", "x"),
        ("CLOUDFLARE_ACCOUNT_ID", "a"),
        ("MKT_KV_NAMESPACE_ID", "n"),
        ("MKT_D1_DATABASE_ID", "d"),
        ("MKT_RATE_LIMIT", "fast"),
    ];
    let out = sb.mkt().envs(env).arg("health").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("invalid MKT_RATE_LIMIT \"fast\": expected a whole number"),
        "{}",
        stderr_of(&out)
    );
    let out = sb
        .mkt()
        .envs(env)
        .args(["config", "show"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout_of(&out).contains("rate_limit\t(missing)\tmissing"));
    assert!(
        stderr_of(&out).contains("MKT_RATE_LIMIT"),
        "says why: {}",
        stderr_of(&out)
    );
    assert!(!sb.path().join(".mkt").exists());
}

#[test]
fn malformed_config_names_line_column_and_key() {
    let sb = Sandbox::new();
    let cases = [
        (
            "default_profile = \"dev\"\n\n[profiles.dev]\nrate_limit = \"fast\"\n",
            "line 4, column 14, key profiles.dev.rate_limit: invalid type: string \"fast\", expected a whole number",
        ),
        (
            "[profiles.dev]\ntarget = \"local\"\nrate_limt = 5\n",
            "line 3, column 1, key profiles.dev.rate_limt: unknown field `rate_limt`",
        ),
        ("[profiles.dev\n", "line 1, column 14"),
    ];
    for (toml, expected) in cases {
        sb.write("mkt.toml", toml);
        for args in [&["config", "show"][..], &["health"][..]] {
            let out = sb.run(args);
            assert_eq!(out.status.code(), Some(2), "{toml:?}");
            let err = stderr_of(&out);
            assert!(
                err.contains("mkt.toml, ") && err.contains(expected),
                "{toml:?}: {err}"
            );
            assert_eq!(err.trim().lines().count(), 1, "{err}");
        }
    }
    assert!(!sb.path().join(".mkt").exists());
}
