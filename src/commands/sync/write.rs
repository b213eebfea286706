//! `mkt sync push` and `mkt sync pull`: the same sides and audit, one report each.

use std::path::Path;

use crate::commands::Ctx;
use crate::exit::ExitStatus;

use super::{
    confirm_for, conflict_lines, daemon_drops_line, events, meanwhile, remote, require_d1_backend,
    some_ids, some_records, staging_file, PushArgs, WriteArgs,
};

pub(super) async fn push(ctx: &Ctx, a: PushArgs) -> anyhow::Result<ExitStatus> {
    write(ctx, a.write, Some(a.propagate_deletes)).await
}

pub(super) async fn pull(ctx: &Ctx, a: WriteArgs) -> anyhow::Result<ExitStatus> {
    write(ctx, a, None).await
}

/// The plan of `--propagate-deletes`, shown on stderr, then the question (always asked).
fn confirm_deletes<'a>(
    ctx: &'a Ctx,
    yes: bool,
    file: &'a Path,
    remote: &'a str,
) -> impl Fn(&[crate::reviews::Review]) -> anyhow::Result<()> + Sync + 'a {
    move |reviews| {
        let p = &ctx.printer;
        p.status(format!(
            "plan: soft-delete {} review(s) in {remote} that were deleted from {} since the last sync:",
            reviews.len(),
            file.display()
        ));
        for r in reviews {
            p.status(format!(
                "  {}  {}  {:?} by {} ({})",
                r.id,
                r.target(),
                r.title,
                r.display_name,
                r.updated_at
            ));
        }
        crate::commands::confirm_apply(
            p,
            yes,
            &format!("Soft-delete these {} review(s) in {remote}?", reviews.len()),
        )
    }
}

/// A push (`propagate`: whether deletions travel) or a pull (`None`): the same sides and
/// audit, one report each.
async fn write(ctx: &Ctx, a: WriteArgs, propagate: Option<bool>) -> anyhow::Result<ExitStatus> {
    require_d1_backend(ctx)?;
    let side = staging_file(ctx, &a.side)?;
    let remote = remote(ctx, &a.side, &side).await?;
    let events = events(ctx, true).await?.expect("opened for writing");
    let file = side.file.clone();
    let run = side.run(ctx, &remote, Some(&events));
    let confirm = confirm_for(ctx, a.yes);
    let p = &ctx.printer;
    let (conflicts, malformed, requests) = match propagate {
        Some(propagate) => {
            let ask = confirm_deletes(ctx, a.yes, &file, &remote.description);
            let r = run.push(&confirm, propagate.then_some(&ask as _)).await?;
            if p.is_json() {
                p.json(&r);
            } else {
                p.line(format!(
                    "pushed {} review(s) to {} in {} batch(es), {} accepted; {} already the same, {} newer remote (`mkt sync pull` takes them)",
                    r.sent, r.remote, r.batches, r.accepted, r.already_same, r.remote_newer
                ));
                if r.deletes_propagated > 0 {
                    p.line(format!(
                        "soft-deleted {} review(s) in {} that were deleted from the file",
                        r.deletes_propagated, r.remote
                    ));
                }
            }
            if r.marked > 0 {
                p.status(format!(
                    "marked {} review(s) synced in {} (source \"synced\", syncedAt), as the daemon's own sync does",
                    r.marked, r.file
                ));
            }
            if !propagate && !r.deleted_locally.is_empty() {
                p.warn(format!(
                    "{} review(s) were deleted from the file since the last sync but are live in {}: {}; `mkt sync push --propagate-deletes` soft-deletes them there",
                    r.deleted_locally.len(),
                    r.remote,
                    some_ids(&r.deleted_locally)
                ));
            }
            if let Some(d) = &r.daemon_settings {
                p.status(format!("recorded lastSyncAt in {d}"));
            }
            meanwhile(ctx, &r.file, &r.changed_meanwhile);
            daemon_drops_line(ctx, &r.file, &r.daemon_drops);
            (r.conflicts, r.malformed_local, r.requests)
        }
        None => {
            let r = run.pull(&confirm).await?;
            if p.is_json() {
                p.json(&r);
            } else {
                p.line(format!(
                    "pulled {} review(s) into {} ({} added, {} replaced, {} removed as deleted remotely); {} already the same, {} newer in the file (`mkt sync push` sends them)",
                    r.taken, r.file, r.added, r.replaced, r.removed.len(), r.already_same, r.local_newer
                ));
            }
            for id in r.removed.iter().take(20) {
                p.status(format!(
                    "removed review {id} from the file: {} holds it deleted",
                    r.remote
                ));
            }
            if r.removed.len() > 20 {
                p.status(format!("… and {} more removed", r.removed.len() - 20));
            }
            for s in &r.skipped {
                p.warn(format!(
                    "skipped review {} from {}: {}",
                    s.id, r.remote, s.reason
                ));
            }
            if !r.deleted_locally.is_empty() {
                p.status(format!(
                    "{} review(s) deleted from the file are live in {} and were not written back: {}; `mkt sync push --propagate-deletes` deletes them there",
                    r.deleted_locally.len(),
                    r.remote,
                    some_ids(&r.deleted_locally)
                ));
            }
            if let Some(b) = &r.backup {
                p.status(format!("previous version kept in {b}"));
            }
            meanwhile(ctx, &r.file, &r.changed_meanwhile);
            daemon_drops_line(ctx, &r.file, &r.daemon_drops);
            (r.conflicts, r.malformed_local, r.requests)
        }
    };
    conflict_lines(ctx, &conflicts);
    if !malformed.is_empty() {
        p.warn(format!(
            "{} record(s) of {} are not reviews and were left as they are, not synced: {}",
            malformed.len(),
            file.display(),
            some_records(&malformed)
        ));
    }
    p.status(format!(
        "recorded in review_sync_events of {}",
        events.description()
    ));
    p.status(format!("requests: {requests}"));
    Ok(if conflicts.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Drift
    })
}
