//! `mkt sync status`: both sides compared, nothing written.

use crate::commands::Ctx;
use crate::exit::ExitStatus;
use crate::output::Table;

use super::{
    daemon_drops_line, events, remote, require_d1_backend, some_ids, some_records, staging_file,
    SideArgs,
};

pub(super) async fn status(ctx: &Ctx, a: SideArgs) -> anyhow::Result<ExitStatus> {
    require_d1_backend(ctx)?;
    let side = staging_file(ctx, &a)?;
    let remote = remote(ctx, &a, &side).await?;
    let events = events(ctx, false).await?;
    let run = side.run(ctx, &remote, events.as_ref());
    let report = run.status().await?;
    if ctx.printer.is_json() {
        ctx.printer.json(&report);
    } else {
        let c = &report.counts;
        let p = &ctx.printer;
        // Records outside the comparison are said on the summary line too.
        let mut unread = String::new();
        if c.malformed_local > 0 {
            unread.push_str(&format!(
                "; {} record(s) of the file not readable as reviews",
                c.malformed_local
            ));
        }
        if c.daemon_drops > 0 {
            unread.push_str(&format!(
                "; {} record(s) the daemon cannot read",
                c.daemon_drops
            ));
        }
        if report.in_sync {
            p.line(format!(
                "in sync: {} reviews on both sides, none pending{unread}",
                c.same
            ));
        } else {
            p.line(format!(
                "differs: {} only in the file, {} only remote, {} newer in the file, {} newer remote, {} deleted remotely, {} deleted locally, {} conflicts, {} pending in the file{unread}",
                c.only_local,
                c.only_remote,
                c.local_newer,
                c.remote_newer,
                c.deleted_remotely,
                c.deleted_locally,
                c.conflicts,
                c.pending
            ));
        }
        let mut t = Table::new(["count", "value"]);
        for (k, v) in [
            ("local", c.local),
            ("remote", c.remote),
            ("same", c.same),
            ("only_local", c.only_local),
            ("only_remote", c.only_remote),
            ("local_newer", c.local_newer),
            ("remote_newer", c.remote_newer),
            ("deleted_remotely", c.deleted_remotely),
            ("deleted_locally", c.deleted_locally),
            ("conflicts", c.conflicts),
            ("pending", c.pending),
            ("malformed_local", c.malformed_local),
            ("daemon_drops", c.daemon_drops),
        ] {
            t.row([k.to_string(), v.to_string()]);
        }
        p.table(&t);
        let ids = &report.reviews;
        for (what, list) in [
            ("only in the file (push sends)", &ids.only_local),
            ("only remote (pull takes)", &ids.only_remote),
            ("newer in the file (push sends)", &ids.local_newer),
            ("newer remote (pull takes)", &ids.remote_newer),
            ("deleted remotely (pull removes them from the file)", &ids.deleted_remotely),
            (
                "deleted locally (`mkt sync push --propagate-deletes` deletes them remotely)",
                &ids.deleted_locally,
            ),
            ("conflicts", &ids.conflicts),
            (
                "pending in the file (the daemon's next sync sends them; `mkt sync push` marks them)",
                &ids.pending,
            ),
        ] {
            if !list.is_empty() {
                p.line(format!("{what}: {}", some_ids(list)));
            }
        }
        for (what, e) in [
            ("last push", &report.last_push),
            ("last pull", &report.last_pull),
        ] {
            p.line(match e {
                None => format!("{what}: never"),
                Some(e) => format!(
                    "{what}: {} {}{}",
                    e.created_at,
                    e.status,
                    e.error
                        .as_ref()
                        .map(|m| format!(" ({m})"))
                        .unwrap_or_default()
                ),
            });
        }
    }
    let p = &ctx.printer;
    if !report.malformed_local.is_empty() {
        p.warn(format!(
            "{} record(s) of {} cannot be read as reviews: not compared, never synced (counted as malformed_local): {}",
            report.malformed_local.len(),
            report.file,
            some_records(&report.malformed_local)
        ));
    }
    daemon_drops_line(ctx, &report.file, &report.daemon_drops);
    p.status(format!("requests: {}", report.requests));
    Ok(if report.in_sync {
        ExitStatus::Success
    } else {
        ExitStatus::Drift
    })
}
