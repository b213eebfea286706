//! `--format markdown`: the health report and repair plans as GitHub-flavoured Markdown, from
//! the same values as the table and JSON (the counts must agree), with nothing written.

use serde_json::Value;

use super::support::{stderr_of, stdout_of};
use super::{seeded, state_files};

/// The cells of the Markdown table row that starts with `first` (None when there is none).
fn row<'a>(md: &'a str, first: &str) -> Option<Vec<&'a str>> {
    md.lines()
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split(" | ")
                .map(str::trim)
                .collect::<Vec<_>>()
        })
        .find(|cells| cells.first() == Some(&first))
}

#[test]
fn health_as_markdown_has_the_summary_counts_slugs_and_recommendations_of_the_json() {
    let sb = seeded("60");
    let before = state_files(&sb);
    let json = sb.run(["health", "--json"]);
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();

    let out = sb.run(["health", "--format", "markdown"]);
    let md = stdout_of(&out);
    assert_eq!(
        out.status.code(),
        json.status.code(),
        "same gate: {}",
        stderr_of(&out)
    );
    assert_eq!(out.status.code(), Some(3), "drift fails the run");
    assert!(md.starts_with("## mkt health: drift\n\n**drift: "), "{md}");
    for section in [
        "### Sources",
        "### Drift by kind",
        "### Drifted slugs",
        "### Recommendations",
    ] {
        assert!(md.contains(&format!("\n{section}\n\n")), "{section}: {md}");
    }
    assert!(
        md.contains("| kind | count | fails run |\n| --- | --- | --- |\n"),
        "{md}"
    );
    // Every kind's count is the JSON's ("not checked" where the JSON has null).
    for (kind, n) in report["counts"].as_object().unwrap() {
        let cells = row(&md, kind).unwrap_or_else(|| panic!("no row for {kind}: {md}"));
        let want = match n.as_u64() {
            Some(n) => n.to_string(),
            None => "not checked".to_string(),
        };
        assert_eq!(cells[1], want, "{kind}");
    }
    // The first drifted slug, with its repair command.
    let first = &report["drifts"][0];
    let cells = row(&md, first["slug"].as_str().unwrap()).expect("first drifted slug listed");
    assert_eq!(cells[1], first["kind"].as_str().unwrap());
    assert!(md.contains("more slugs (--all lists every one)"), "{md}");
    // Recommendations: a numbered list, each command as code.
    let recs = report["recommendations"].as_array().unwrap();
    assert!(!recs.is_empty());
    for (i, rec) in recs.iter().enumerate() {
        let item = format!("{}. `{}` — ", i + 1, rec["command"].as_str().unwrap());
        assert!(md.contains(&item), "{item}: {md}");
    }
    // Status and the exit note stay on stderr; a read writes nothing.
    assert!(
        stderr_of(&out).contains("exit 3: drift"),
        "{}",
        stderr_of(&out)
    );
    assert!(!md.contains("requests:"), "{md}");
    assert_eq!(state_files(&sb), before);
}

#[test]
fn markdown_and_json_together_are_a_usage_error() {
    let sb = seeded("10");
    sb.write("r.json", "[]");
    for args in [
        &["--json", "health", "--format", "markdown"][..],
        &["--json", "index", "rebuild", "--format", "markdown"][..],
        &["--json", "backfill", "skills", "--format", "markdown"][..],
        &[
            "--json", "backfill", "reviews", "--from", "r.json", "--format", "markdown",
        ][..],
    ] {
        let out = sb.run(args);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("ask for different outputs: pick one"), "{err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn repair_plans_as_markdown_list_their_changes_and_write_nothing() {
    let sb = seeded("60");
    let before = state_files(&sb);
    let index_before: Vec<u8> = rusqlite::Connection::open(sb.local_db())
        .unwrap()
        .query_row(
            "SELECT value FROM _mkt_kv WHERE key = 'skills:published-index'",
            [],
            |r| r.get(0),
        )
        .unwrap();

    let json = sb.run(["--json", "index", "rebuild"]);
    let plan: Value = serde_json::from_slice(&json.stdout).unwrap();
    let out = sb.run(["index", "rebuild", "--format", "markdown"]);
    let md = stdout_of(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        md.starts_with("## mkt index rebuild\n\n| action | entry | source | fields |\n| --- |"),
        "{md}"
    );
    let change = &plan["plan"]["changes"][0];
    let slug = change["slug"].as_str().unwrap();
    assert!(
        md.contains(&format!(
            "| add | {slug} | {} |",
            change["source"].as_str().unwrap()
        )),
        "{md}"
    );
    let added = plan["plan"]["added"].as_u64().unwrap();
    assert!(md.contains(&format!("\n\nplan: {added} added, ")), "{md}");

    let out = sb.run(["backfill", "skills", "--format", "markdown"]);
    let md = stdout_of(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        md.starts_with(
            "## mkt backfill skills\n\n| writes | slug | reason | kv write | fields |\n"
        ),
        "{md}"
    );
    assert!(
        row(&md, "durable").is_some_and(|c| c[2] == "missing_in_durable"),
        "{md}"
    );
    assert!(
        md.contains("\n\nplan: 6 durable rows and 1 KV values to write"),
        "{md}"
    );

    // Plans only: no journal, no backup, the index as it was.
    assert_eq!(state_files(&sb), before);
    let index_after: Vec<u8> = rusqlite::Connection::open(sb.local_db())
        .unwrap()
        .query_row(
            "SELECT value FROM _mkt_kv WHERE key = 'skills:published-index'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index_after, index_before);
}

#[test]
fn a_reviews_backfill_plan_as_markdown_escapes_its_cells_and_writes_nothing() {
    let sb = seeded("10");
    let review = serde_json::json!([{"id": "r1", "target_type": "skill", "target_id": "a|b",
        "display_name": "Ann", "rating": 5, "title": "t", "body": "b",
        "created_at": "2026-01-01T00:00:00.000Z"}]);
    sb.write("staging.json", &review.to_string());
    let before = state_files(&sb);
    let out = sb.run([
        "backfill",
        "reviews",
        "--from",
        "staging.json",
        "--format",
        "markdown",
    ]);
    let md = stdout_of(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        md.starts_with("## mkt backfill reviews\n\n| action | id | target |"),
        "{md}"
    );
    // A `|` inside a cell is escaped, so the row keeps its columns.
    assert!(md.contains("| insert | r1 | skill/a\\|b | "), "{md}");
    assert!(md.contains("\n\nplan: 1 records — 1 to insert"), "{md}");
    assert_eq!(state_files(&sb), before, "a plan writes nothing");
    let n: i64 = rusqlite::Connection::open(sb.local_db())
        .unwrap()
        .query_row("SELECT COUNT(*) FROM reviews WHERE id = 'r1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 0);
}
