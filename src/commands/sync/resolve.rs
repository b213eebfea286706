//! `mkt sync resolve`: conflicts settled for the side taken.

use crate::commands::Ctx;
use crate::config::SyncMode;
use crate::exit::ExitStatus;
use crate::sync::{Resolution, Take};

use super::{events, meanwhile, remote, require_d1_backend, staging_file, ResolveArgs, TakeSide};

/// `mkt sync resolve`: the plan on stderr, always asked, then one line per conflict settled.
pub(super) async fn resolve(ctx: &Ctx, a: ResolveArgs) -> anyhow::Result<ExitStatus> {
    require_d1_backend(ctx)?;
    let side = staging_file(ctx, &a.side)?;
    let remote = remote(ctx, &a.side, &side).await?;
    let events = events(ctx, true).await?.expect("opened for writing");
    let run = side.run(ctx, &remote, Some(&events));
    let take = match a.take {
        TakeSide::File => Take::File,
        TakeSide::Remote => Take::Remote,
    };
    let p = &ctx.printer;
    let (file, remote_name) = (side.file.display().to_string(), remote.description.clone());
    let confirm = |plan: &[Resolution]| {
        p.status(format!(
            "plan: resolve {} conflict(s) between {file} and {remote_name}, taking the {}'s copy:",
            plan.len(),
            match take {
                Take::File => "file",
                Take::Remote => "remote",
            }
        ));
        for r in plan {
            p.status(format!(
                "  {}  ({})  → {}",
                r.id,
                r.conflict,
                r.action.describe()
            ));
        }
        let production = ctx.settings.sync.mode == SyncMode::Production || ctx.settings.production;
        crate::commands::confirm_apply(
            p,
            a.yes,
            &format!(
                "Resolve these {} conflict(s){}?",
                plan.len(),
                if production {
                    " (sync mode production)"
                } else {
                    ""
                }
            ),
        )
    };
    let r = run.resolve(&a.ids, take, &confirm).await?;
    if p.is_json() {
        p.json(&r);
    } else if r.resolved.is_empty() && r.changed_meanwhile.is_empty() {
        p.line("no conflicts: nothing to resolve");
    } else {
        for x in &r.resolved {
            p.line(format!("resolved {}: {}", x.id, x.action.describe()));
        }
        p.line(format!(
            "resolved {} conflict(s), taking the {}'s copy",
            r.resolved.len(),
            match take {
                Take::File => "file",
                Take::Remote => "remote",
            }
        ));
    }
    for n in &r.saved {
        p.status(format!(
            "both copies of {} are kept in {}",
            n.id, n.saved_to
        ));
    }
    if let Some(b) = &r.backup {
        p.status(format!("previous version kept in {b}"));
    }
    meanwhile(ctx, &r.file, &r.changed_meanwhile);
    p.status(format!(
        "recorded in review_sync_events of {}",
        events.description()
    ));
    p.status(format!("requests: {}", r.requests));
    Ok(if r.changed_meanwhile.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Drift
    })
}
