//! Crash test: the process aborted in the middle of an apply (MKT_FAILPOINT) and run again converges
//! to the state of an uninterrupted run, with nothing lost and nothing duplicated.

mod repair_fixture;
mod support;

use std::collections::BTreeSet;

use repair_fixture as fx;
use serde_json::json;
use support::{stderr_of, Sandbox};

fn fixture(sb: &Sandbox) {
    let store = fx::open(&sb.local_db());
    let kv = fx::slugs("k", 30);
    fx::put_skills(&store, &kv);
    fx::put_rows(&store, &kv[..10]);
    fx::put_rows(&store, &fx::slugs("d", 8));
    fx::exec(
        &store,
        "UPDATE skills SET display_name = 'changed' WHERE name IN ('k0001', 'k0002', 'k0003')",
    );
    fx::put_kv(
        &store,
        &[
            ("skill:bare1".into(), json!({"name": "bare1"}).to_string()),
            (
                "skill:bare2".into(),
                json!({"name": "bare2", "certScore": 3}).to_string(),
            ),
            (
                "skill-alias:lost".into(),
                json!({"target": "nowhere"}).to_string(),
            ),
            (
                "skill-alias:ok".into(),
                json!({"target": "k0005"}).to_string(),
            ),
        ],
    );
    fx::set_index(&store, &json!(["k0000", "k0001", "gone", "k0000", "d0003"]));
}

/// The repairs `mkt health` recommends for this state, in order.
fn steps(resume: bool) -> Vec<Vec<String>> {
    let mut a = vec![
        "backfill",
        "skills",
        "--apply",
        "--yes",
        "--statements-per-request",
        "1",
        "--kv-chunk",
        "2",
    ];
    let mut b = vec![
        "backfill",
        "skills",
        "--to",
        "kv",
        "--apply",
        "--yes",
        "--kv-chunk",
        "3",
    ];
    if resume {
        a.push("--resume");
        b.push("--resume");
    }
    let c = vec!["rebuild-index", "--apply", "--yes", "--fix-aliases"];
    [a, b, c]
        .into_iter()
        .map(|s| s.into_iter().map(String::from).collect())
        .collect()
}

fn run_all(sb: &Sandbox, resume: bool) {
    for args in steps(resume) {
        let out = sb.mkt().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr_of(&out));
    }
}

#[test]
fn interrupted_applies_converge_to_the_uninterrupted_result() {
    let reference = Sandbox::new();
    fixture(&reference);
    run_all(&reference, false);
    let want = fx::dump(&fx::open(&reference.local_db()));
    let index = fx::index_of(&fx::open(&reference.local_db()));
    let slugs: Vec<&str> = index
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let distinct: BTreeSet<&str> = slugs.iter().copied().collect();
    assert_eq!(slugs.len(), distinct.len(), "no duplicates");
    assert_eq!(
        slugs.len(),
        41,
        "30 + 8 + 2 live skills and the stale entry"
    );
    assert_eq!(want.1.len(), 40);

    // (step that crashes, failpoint)
    let points = [
        (0, "durable_batch:1"),
        (0, "durable_batch:3"),
        (0, "kv_chunk:1"),
        (1, "kv_chunk:2"),
        (2, "before_index_write"),
        (2, "after_index_write"),
    ];
    for (step, point) in points {
        for resume in [true, false] {
            let sb = Sandbox::new();
            fixture(&sb);
            for (i, args) in steps(false).into_iter().enumerate().take(step + 1) {
                let mut cmd = sb.mkt();
                cmd.args(&args);
                if i == step {
                    cmd.env("MKT_FAILPOINT", point);
                }
                let out = cmd.output().unwrap();
                if i == step {
                    assert_eq!(
                        out.status.code(),
                        None,
                        "{point}: expected an abort: {}",
                        stderr_of(&out)
                    );
                } else {
                    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
                }
            }
            run_all(&sb, resume);
            let got = fx::dump(&fx::open(&sb.local_db()));
            assert_eq!(
                got.1, want.1,
                "{point} (resume={resume}): durable rows differ"
            );
            assert_eq!(got.0, want.0, "{point} (resume={resume}): KV differs");
        }
    }
}
