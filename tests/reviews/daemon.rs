//! The reviews daemon's file against D1 itself (`mkt sync --direct`) on the local store and the
//! fake Cloudflare API: the round trip with edits and soft deletes, and summary parity with the
//! daemon (count, average to 2 decimals) on every target. The daemon is modelled in
//! tests/support/daemon.rs.

use crate::support::daemon::Daemon;
use crate::support::stderr_of;
use crate::Target;

fn with_daemon(mut t: Target) -> (Target, Daemon) {
    let daemon = Daemon::new(&t.sb.path().join("signet"));
    t.extra_env
        .push(("SIGNET_PATH".into(), daemon.signet.display().to_string()));
    (t, daemon)
}

/// `mkt reviews summary` agrees with the daemon's `{count, avgRating}` on each reviewed thing.
fn summaries_agree(t: &Target, daemon: &Daemon, things: &[(&str, &str)]) {
    for (tt, id) in things {
        let s = t.json(["reviews", "summary", "--type", tt, "--id", id]);
        let (count, avg) = daemon.summary(tt, id);
        assert_eq!(
            s["review_count"].as_u64(),
            Some(count as u64),
            "{}: {tt}/{id}: {s}",
            t.name()
        );
        let ours = (s["avg_rating"].as_f64().unwrap() * 100.0).round() / 100.0;
        assert_eq!(ours, avg, "{}: {tt}/{id}: {s}", t.name());
    }
}

#[test]
fn the_daemons_file_round_trips_through_d1_directly_with_summary_parity() {
    let things = [
        ("skill", "skills.sh/中文-工具"),
        ("mcp", "@scope/mcp-server"),
        ("skill", "skills.sh/foo"),
    ];
    for t in Target::both() {
        let (t, daemon) = with_daemon(t);
        let mut ids = Vec::new();
        for (i, rating) in [5, 4, 4, 2, 3, 1, 5].iter().enumerate() {
            let (tt, id) = things[i % 3];
            ids.push(daemon.create(tt, id, &format!("user {i}"), *rating, "t", "b"));
        }
        t.ok(["sync", "push", "--direct"]);
        assert!(daemon.pending().is_empty(), "{}", t.name());
        summaries_agree(&t, &daemon, &things);
        t.ok(["sync", "status", "--direct"]);

        // D1's own use: an edit and a soft delete.
        t.ok(["reviews", "edit", &ids[0], "--rating", "1"]);
        t.ok(["reviews", "delete", &ids[1], "--yes"]);
        let out = t.run(["sync", "pull", "--direct"]);
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains(&format!("removed review {} from the file", ids[1])),
            "{}",
            stderr_of(&out)
        );
        let live = t.json(["reviews", "list", "--limit", "100"]);
        let mut want: Vec<String> = live["reviews"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        want.sort();
        let mut have: Vec<String> = daemon
            .read()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        have.sort();
        assert_eq!(have, want, "{}", t.name());
        assert!(daemon.pending().is_empty(), "{}", t.name());
        summaries_agree(&t, &daemon, &things);
        t.ok(["sync", "status", "--direct"]);

        // A fresh workstation (no file, no sync record): a pull never brings the soft-deleted
        // review in.
        std::fs::remove_file(daemon.file()).unwrap();
        std::fs::remove_file(daemon.file().with_file_name(".reviews.json.mkt-sync.json")).unwrap();
        let file = daemon.file().display().to_string();
        t.ok(["sync", "pull", "--direct", "--file", &file]);
        assert_eq!(daemon.read().len(), 6, "{}", t.name());
        assert!(
            daemon.read().iter().all(|r| r["id"] != ids[1].as_str()),
            "{}",
            t.name()
        );
        // The daemon's next write keeps every pulled record.
        daemon.create("skill", "skills.sh/foo", "late", 3, "t", "b");
        assert_eq!(daemon.read().len(), 7, "{}", t.name());
        t.ok(["sync", "push", "--direct"]);
        summaries_agree(&t, &daemon, &things);
    }
}

#[test]
fn the_files_edit_of_a_review_deleted_in_d1_wins_when_taken_and_the_summary_follows() {
    for t in Target::both() {
        let (t, daemon) = with_daemon(t);
        let x = daemon.create("skill", "skills.sh/foo", "Ann", 2, "t", "b");
        daemon.create("skill", "skills.sh/foo", "Bo", 4, "t", "b");
        t.ok(["sync", "push", "--direct"]);
        // Edited in the daemon, deleted in D1: a conflict neither push nor pull settles.
        t.ok(["reviews", "delete", &x, "--yes"]);
        assert!(daemon.edit(&x, serde_json::json!({"rating": 5})));
        let out = t.run(["sync", "status", "--direct"]);
        assert_eq!(out.status.code(), Some(3), "{}", t.name());
        let out = t.run(["sync", "resolve", &x, "--take", "file", "--direct", "--yes"]);
        assert!(out.status.success(), "{}: {}", t.name(), stderr_of(&out));
        let got = t.json(["reviews", "get", &x])["review"].clone();
        assert_eq!(got["rating"], 5, "{}: {got}", t.name());
        assert!(got["deleted_at"].is_null(), "{}: {got}", t.name());
        assert!(daemon.pending().is_empty(), "{}", t.name());
        summaries_agree(&t, &daemon, &[("skill", "skills.sh/foo")]);
        t.ok(["sync", "status", "--direct"]);
    }
}
