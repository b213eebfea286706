//! Input that used to be misread: empty gates, counts that name the wrong flag, foreign plan files.

use super::support::{stderr_of, stdout_of, Sandbox};
use super::{seeded, state_files};

fn kv_index(sb: &Sandbox) -> String {
    let out = sb.run(["skills", "list", "--source", "index", "--json"]);
    stdout_of(&out)
}

#[test]
fn an_empty_fail_on_list_is_a_usage_error() {
    let sb = seeded("20");
    let before = state_files(&sb);
    let index = kv_index(&sb);
    for list in ["", ",", " , "] {
        let out = sb.run(["health", "--fail-on", list]);
        assert_eq!(out.status.code(), Some(2), "{list:?}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(err.contains("--fail-on") && err.contains("none"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(stdout_of(&out).is_empty());
    }
    let out = sb.run(["health", "--fail-on", "none,missing_from_index"]);
    assert_eq!(out.status.code(), Some(2));
    // `none` is the way to say none.
    let out = sb.run(["health", "--fail-on", "none"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    // The gate is a read: the store and its state directory are as they were.
    assert_eq!(state_files(&sb), before);
    assert_eq!(kv_index(&sb), index);
}

#[test]
fn seed_with_no_skills_names_what_was_typed() {
    let sb = Sandbox::new();
    let out = sb.run(["seed", "--skills", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("--skills 0"), "{err}");
    assert!(!err.contains("--reviews"), "--reviews was not typed: {err}");
    assert!(!sb.path().join(".mkt").exists(), "nothing written");
}

#[test]
fn index_apply_on_another_json_file_says_it_is_not_a_plan() {
    let sb = seeded("20");
    let report = stdout_of(&sb.run(["health", "--json"]));
    sb.write("report.json", &report);
    sb.write("list.json", "[1, 2, 3]");
    sb.write("notes.json", "hello");
    sb.write("other.json", "{\"name\": \"x\", \"kind\": 7}");
    let before = kv_index(&sb);
    for (file, what) in [
        ("report.json", "it is an mkt health report"),
        ("list.json", "it is a JSON array of 3 items"),
        ("notes.json", "it is not JSON"),
        ("other.json", "it is a JSON object with keys name, kind"),
    ] {
        let out = sb.run(["index", "apply", file, "--yes"]);
        assert_eq!(out.status.code(), Some(2), "{file}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(
            err.contains(&format!("{file} is not an index plan ({what}")),
            "{err}"
        );
        if file != "notes.json" {
            assert!(
                !err.contains("line 1 column"),
                "not a parse position: {err}"
            );
        }
    }
    assert_eq!(kv_index(&sb), before, "nothing written");
    assert!(!sb.path().join(".mkt/runs").exists(), "no journal");
}
