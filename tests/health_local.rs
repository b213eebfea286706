//! Golden scenarios of `mkt health` on the local target: one per drift kind and a mixed one, with
//! the exact JSON, the exact human report and the exit code pinned. `MKT_UPDATE_GOLDEN=1`
//! rewrites the golden files (review the diff before committing).

mod health_fixtures;
mod support;

use health_fixtures::{assert_golden, scenarios, validate_schema, State};
use support::{stdout_of, Sandbox};

fn prepare(state: &State) -> Sandbox {
    let sb = Sandbox::new();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store =
            mkt::target::local::open(&sb.local_db(), &mkt::config::Layout::default()).unwrap();
        state.write(&store).await;
    });
    if let Some(seed) = state.seed_json() {
        sb.write("seed.json", &seed);
        sb.write(
            "mkt.toml",
            "default_profile = \"dev\"\n[profiles.dev]\nseed_catalog = \"seed.json\"\n",
        );
    }
    sb
}

#[test]
fn golden_scenarios_json_and_human() {
    for sc in scenarios() {
        let sb = prepare(&sc.state);
        let out = sb
            .mkt()
            .args(["health", "--json"])
            .args(sc.args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(sc.exit),
            "{}: exit code; stderr: {}",
            sc.name,
            support::stderr_of(&out)
        );
        let json = stdout_of(&out);
        validate_schema(&json);
        assert_golden(&format!("local/{}.json", sc.name), &json);

        let out = sb.mkt().arg("health").args(sc.args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(sc.exit),
            "{}: exit code (human)",
            sc.name
        );
        assert_golden(&format!("local/{}.txt", sc.name), &stdout_of(&out));
    }
}

#[test]
fn two_runs_print_the_same_bytes() {
    let sc = scenarios().into_iter().find(|s| s.name == "mixed").unwrap();
    let sb = prepare(&sc.state);
    let a = sb.run(["health", "--json", "--deep"]);
    let b = sb.run(["health", "--json", "--deep"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn no_fail_on_drift_reports_and_exits_zero() {
    let sc = scenarios()
        .into_iter()
        .find(|s| s.name == "missing_from_index")
        .unwrap();
    let sb = prepare(&sc.state);
    let out = sb.run(["health", "--no-fail-on-drift"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout_of(&out).starts_with("drift: 1 of 3 slugs — missing_from_index 1"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn fail_on_chooses_the_failing_kinds() {
    let sc = scenarios()
        .into_iter()
        .find(|s| s.name == "missing_from_index")
        .unwrap();
    let sb = prepare(&sc.state);
    let out = sb.run(["health", "--fail-on", "stale_in_index,missing_in_durable"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "missing_from_index is not in --fail-on"
    );
    let out = sb.run(["health", "--fail-on", "missing_from_index"]);
    assert_eq!(out.status.code(), Some(3));
    let sc = scenarios()
        .into_iter()
        .find(|s| s.name == "seed_shadowed")
        .unwrap();
    let sb = prepare(&sc.state);
    let out = sb.run(["health", "--fail-on", "all"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "seed_shadowed fails only when asked"
    );
    let out = sb.run(["health", "--fail-on", "bogus_kind"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(support::stderr_of(&out).contains("unknown drift kind \"bogus_kind\""));
}

#[test]
fn sources_limits_what_is_read() {
    let sc = scenarios()
        .into_iter()
        .find(|s| s.name == "missing_in_durable")
        .unwrap();
    let sb = prepare(&sc.state);
    // Without the durable table, K ∧ ¬D cannot be decided, so nothing is claimed either way:
    // the kinds that need it are not checked (null), the status is never in_sync, and since
    // --fail-on names kinds that went unchecked the gate could not be evaluated (exit 4).
    let out = sb.run(["health", "--json", "--sources", "index,kv_keys"]);
    assert_eq!(out.status.code(), Some(4), "{}", stdout_of(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    validate_schema(&stdout_of(&out));
    let names: Vec<&str> = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["index", "kv_keys"]);
    assert_eq!(
        doc["drifts"][0]["presence"]["durable"],
        serde_json::Value::Null
    );
    assert_eq!(doc["complete"], true, "what was asked for was read");
    assert_ne!(doc["status"], "in_sync");
    assert_eq!(doc["drift_detected"], serde_json::Value::Null);
    assert_eq!(doc["counts"]["missing_in_durable"], serde_json::Value::Null);
    assert_eq!(
        doc["counts"]["duplicate_in_index"], 0,
        "checked with the index alone"
    );
    let unchecked: Vec<&str> = doc["unchecked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert!(unchecked.contains(&"missing_in_durable"), "{unchecked:?}");
    assert!(!unchecked.contains(&"duplicate_in_index"), "{unchecked:?}");
    // The human summary says what was skipped, and the stderr note why the run exits 4.
    let out = sb.run(["health", "--sources", "index,kv_keys"]);
    assert_eq!(out.status.code(), Some(4));
    let text = stdout_of(&out);
    let summary = text.lines().next().unwrap();
    assert!(!summary.contains("in sync"), "{summary}");
    assert!(
        summary.contains("not checked: ")
            && summary.contains("--sources skipped durable, seed, aliases"),
        "{summary}"
    );
    assert!(
        text.contains("missing_in_durable\tnot checked\tyes"),
        "{text}"
    );
    assert!(support::stderr_of(&out).contains("exit 4: not checked"));
    // Failing only on what was checked gives an answer again.
    let out = sb.run([
        "health",
        "--sources",
        "index,kv_keys",
        "--fail-on",
        "duplicate_in_index",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr_of(&out));
}

#[test]
fn prometheus_prints_gauges() {
    let sc = scenarios()
        .into_iter()
        .find(|s| s.name == "missing_in_durable")
        .unwrap();
    let sb = prepare(&sc.state);
    let out = sb.run(["health", "--format", "prometheus"]);
    assert_eq!(out.status.code(), Some(3));
    assert_golden("local/missing_in_durable.prom", &stdout_of(&out));
}

#[test]
fn all_lists_every_drifted_slug() {
    let slugs: Vec<String> = (0..25).map(|i| format!("skill-{i:02}")).collect();
    let refs: Vec<&str> = slugs.iter().map(String::as_str).collect();
    let state = State::in_sync(&refs).index_of(serde_json::json!([]));
    let sb = prepare(&state);
    let out = sb.mkt().arg("health").output().unwrap();
    let text = stdout_of(&out);
    assert!(text.contains("skill-19\tmissing_from_index"));
    assert!(!text.contains("skill-20\t"));
    assert!(text.contains("… and 5 more slugs (--all lists every one)"));
    let out = sb.run(["health", "--all"]);
    assert!(stdout_of(&out).contains("skill-24\tmissing_from_index"));
}

#[test]
fn unreadable_seed_catalog_is_incomplete_never_in_sync() {
    let sb = prepare(&State::in_sync(&["alpha-tool"]));
    sb.write(
        "mkt.toml",
        "default_profile = \"dev\"\n[profiles.dev]\nseed_catalog = \"no-such-seed.json\"\n",
    );
    let out = sb.mkt().arg("health").output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let text = stdout_of(&out);
    assert!(!text.contains("in sync"), "{text}");
    assert!(
        text.contains("sources INCOMPLETE (seed): result unknown"),
        "{text}"
    );
    assert!(support::stderr_of(&out)
        .contains("warning: seed could not be read completely: cannot read seed catalog"));
    let out = sb.run(["health", "--json", "--no-fail-on-drift"]);
    assert_eq!(
        out.status.code(),
        Some(4),
        "--no-fail-on-drift never hides exit 4"
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["complete"], false);
    assert_eq!(doc["drift_detected"], serde_json::Value::Null);
    assert_eq!(doc["status"], "incomplete");
    assert_eq!(doc["sources"][3]["status"], "error");
    validate_schema(&stdout_of(&out));
}
