//! `mkt backfill reviews --from FILE`: the staging file into the target's reviews (plan by default).

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::render::{doc, report_requests, TABLE_ROWS};
use super::Ctx;
use crate::exit::ExitStatus;
use crate::output::Table;
use crate::repair::flow::{self, FlowOptions, FlowOutcome};
use crate::reviews::backfill::{self, BackfillPlan, BackfillRepair, BackfillVerified};
use crate::reviews::{staging, validate};
use crate::sync::Events;
use crate::target::Reviews;
use crate::target::Service;

#[derive(Clone, Debug, Args)]
pub struct BackfillReviewsArgs {
    /// The staging file: a JSON array of reviews, or an object with a "reviews" array
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// Write (asks on a terminal; needs --yes without one)
    #[arg(long)]
    pub apply: bool,
    /// Apply without asking
    #[arg(short, long)]
    pub yes: bool,
    /// Exit 3 when the plan has changes (for CI)
    #[arg(long, conflicts_with = "apply")]
    pub check: bool,
    /// How the plan is shown: table (default) or markdown (GitHub-flavoured; --json for JSON)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::commands::PlanFormat>,
}

pub async fn run(ctx: &Ctx, a: BackfillReviewsArgs) -> anyhow::Result<ExitStatus> {
    crate::commands::plan_format(ctx, a.format, "mkt backfill reviews")?;
    let path = crate::config::under(&ctx.cwd, &a.from);
    // The file is read and parsed before the target is opened: a file that is not JSON costs no request.
    let file = staging::read(&path, &ctx.settings.review_limits)?;
    let r = ctx.reviews().await?;
    let ids: Vec<String> = file.records.iter().map(|s| s.review.id.clone()).collect();
    let stored = r.service.get_many(&ids).await?;
    let plan = backfill::plan(&file, &stored);
    // The Worker API has no endpoint for review_sync_events: like `mkt sync push`, a backfill
    // through it records its row in the local store, opened before anything is written.
    let events = if a.apply && !plan.is_empty() && !ctx.target.serves(Service::KvSql) {
        crate::commands::sync::events(ctx, true).await?
    } else {
        None
    };
    let mut repair = BackfillRepair::new(
        r.service.as_ref(),
        &plan,
        path.display().to_string(),
        validate::now(),
    );
    if let Some(e) = &events {
        repair = repair.record_events_in(e.recorder());
    }
    let needed = repair.requests_needed();
    if !a.apply || !ctx.printer.is_json() {
        render_plan(ctx, &r, &plan, needed, a.apply);
    }
    if !plan.malformed.is_empty() {
        let where_ = match (ctx.printer.is_json(), a.apply) {
            (false, _) => "listed above",
            (true, false) => "listed in the JSON under plan.malformed",
            (true, true) => "listed in the JSON under malformed_records",
        };
        ctx.printer.warn(format!(
            "{} malformed records skipped ({where_}); fix them in {} and run again to backfill them",
            plan.malformed.len(),
            a.from.display()
        ));
    }
    if !a.apply {
        return Ok(if a.check && !plan.is_empty() {
            ExitStatus::Drift
        } else {
            ExitStatus::Success
        });
    }
    let confirm = |q: &str| {
        let warn = crate::repair::production_note(ctx.settings.production);
        crate::commands::confirm_apply(&ctx.printer, a.yes, &format!("{q}{warn}?"))
    };
    let rerun = format!(
        "mkt backfill reviews --from {} --apply --yes",
        a.from.display()
    );
    let bar = ctx.printer.progress(0, "backfill reviews");
    let outcome = flow::run(
        &mut repair,
        FlowOptions {
            state_dir: &ctx.settings.state_dir,
            confirm: &confirm,
            progress: &bar,
            resume: None,
            rerun: &|_| rerun.clone(),
        },
    )
    .await;
    bar.finish_and_clear();
    render_applied(
        ctx,
        &r,
        &plan,
        &outcome?,
        events.as_ref().map(Events::description),
    );
    Ok(ExitStatus::Success)
}

#[derive(Serialize)]
struct PlanResult<'a> {
    ok: bool,
    applied: bool,
    plan: &'a BackfillPlan,
    apply_requests_needed: usize,
}

fn render_plan(ctx: &Ctx, r: &Reviews, plan: &BackfillPlan, needed: usize, applying: bool) {
    let p = &ctx.printer;
    if p.is_json() {
        p.json(&doc(
            r,
            &PlanResult {
                ok: true,
                applied: false,
                plan,
                apply_requests_needed: needed,
            },
        ));
        report_requests(ctx, r);
        return;
    }
    if !plan.items.is_empty() {
        let mut t = Table::new(["action", "id", "target", "updated_at", "from"]);
        for i in plan.items.iter().take(TABLE_ROWS) {
            t.row([
                format!("{:?}", i.action).to_lowercase(),
                i.id.clone(),
                i.target.clone(),
                i.updated_at.clone(),
                i.path.clone(),
            ]);
        }
        p.table(&t);
        if plan.items.len() > TABLE_ROWS {
            p.line(format!(
                "… and {} more (--json lists all)",
                plan.items.len() - TABLE_ROWS
            ));
        }
    }
    let skipped: Vec<(&str, &str, &str)> = plan
        .duplicates
        .iter()
        .chain(&plan.kept_stored)
        .map(|s| (s.path.as_str(), s.id.as_str(), s.reason.as_str()))
        .chain(plan.malformed.iter().map(|m| {
            (
                m.path.as_str(),
                m.id.as_deref().unwrap_or("-"),
                m.reason.as_str(),
            )
        }))
        .collect();
    if !skipped.is_empty() {
        let mut t = Table::new(["skipped", "id", "reason"]);
        for (path, id, reason) in skipped.iter().take(TABLE_ROWS) {
            t.row([path.to_string(), id.to_string(), reason.to_string()]);
        }
        p.table(&t);
        if skipped.len() > TABLE_ROWS {
            p.line(format!(
                "… and {} more skipped (--json lists all)",
                skipped.len() - TABLE_ROWS
            ));
        }
    }
    p.line(format!(
        "plan: {} records — {} to insert, {} newer copies to write, {} identical, {} duplicates in the file, {} stored copies kept, {} malformed",
        plan.records,
        plan.inserts,
        plan.updates,
        plan.identical,
        plan.duplicates.len(),
        plan.kept_stored.len(),
        plan.malformed.len()
    ));
    if plan.is_empty() {
        p.line("nothing to write");
    } else {
        p.line(format!(
            "apply needs {needed} write requests (reviews and the aggregates of {} targets in each)",
            plan.touched_targets().len()
        ));
        if ctx.settings.production {
            p.warn("this is a PRODUCTION profile");
        }
    }
    if !applying {
        report_requests(ctx, r);
    }
}

#[derive(Serialize)]
struct AppliedResult<'a> {
    ok: bool,
    applied: bool,
    inserted: usize,
    updated: usize,
    identical: usize,
    skipped: usize,
    malformed: usize,
    /// Which records were skipped as malformed, with their position and reason.
    malformed_records: &'a [crate::reviews::staging::Malformed],
    /// The store holding the run's review_sync_events row when the target is not it.
    #[serde(skip_serializing_if = "Option::is_none")]
    sync_event_recorded_in: Option<&'a str>,
    #[serde(flatten)]
    outcome: &'a FlowOutcome<BackfillVerified>,
}

/// `events_in`: the store that took the review_sync_events row when the target could not.
fn render_applied(
    ctx: &Ctx,
    r: &Reviews,
    plan: &BackfillPlan,
    o: &FlowOutcome<BackfillVerified>,
    events_in: Option<&str>,
) {
    let p = &ctx.printer;
    if p.is_json() {
        p.json(&doc(
            r,
            &AppliedResult {
                ok: true,
                applied: true,
                inserted: plan.inserts,
                updated: plan.updates,
                identical: plan.identical,
                skipped: plan.duplicates.len() + plan.kept_stored.len(),
                malformed: plan.malformed.len(),
                malformed_records: &plan.malformed,
                sync_event_recorded_in: events_in.filter(|_| o.written > 0),
                outcome: o,
            },
        ));
    } else {
        p.line(format!(
            "backfilled {} reviews ({} inserted, {} updated) in {} write requests; {} identical, {} malformed skipped",
            o.written,
            plan.inserts,
            plan.updates,
            o.batches,
            plan.identical,
            plan.malformed.len()
        ));
        for b in &o.backups {
            p.line(format!("replaced reviews backed up to {b}"));
        }
        let v = &o.verified;
        p.line(format!(
            "verified: {}/{} reviews read back as written ({} superseded by newer copies); {} of {} touched targets' aggregates agree",
            v.reviews_matching,
            v.reviews_expected,
            v.reviews_superseded,
            v.targets_checked - v.aggregates_mismatched,
            v.targets_checked
        ));
        match events_in {
            _ if o.written == 0 => {}
            None => p.line("recorded in review_sync_events (push, ok)"),
            Some(store) => p.line(format!(
                "recorded in review_sync_events of {store} (push, ok): the Worker API has no endpoint for it"
            )),
        }
        p.line(format!("journal: {}", o.journal));
    }
    report_requests(ctx, r);
}
