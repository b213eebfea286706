//! `mkt backfill reviews --from FILE`: the staging file into the target's reviews (plan by default).

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::Ctx;
use crate::commands::repair::{finish, listing, Flags, PlanShown, Ran, Shown, Step};
use crate::exit::ExitStatus;
use crate::output::SCHEMA_VERSION;
use crate::repair::flow::FlowOutcome;
use crate::reviews::backfill::{self, BackfillPlan, BackfillRepair, BackfillVerified};
use crate::reviews::{staging, validate};
use crate::sync::Events;
use crate::target::Service;

#[derive(Clone, Debug, Args)]
pub struct BackfillReviewsArgs {
    /// The staging file: a JSON array of reviews, or an object with a "reviews" array
    /// [default: sync_file, else the reviews daemon's $SIGNET_PATH/marketplace/reviews.json]
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
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
    let (path, from) = match &a.from {
        Some(f) => (crate::config::under(&ctx.cwd, f), "--from".to_string()),
        None => {
            let s = &ctx.settings.sync;
            match (&s.file, &s.file_from) {
                (Some(f), from) => (
                    f.clone(),
                    from.clone().unwrap_or_else(|| "sync_file".into()),
                ),
                (None, _) => {
                    let daemon = match &s.daemon_file {
                        Some(d) => {
                            format!(" (the reviews daemon's {} does not exist)", d.display())
                        }
                        None => String::new(),
                    };
                    return Err(crate::exit::Failure::usage(format!(
                        "no staging file{daemon}: pass --from FILE, set MKT_SYNC_FILE or SIGNET_PATH"
                    )));
                }
            }
        }
    };
    ctx.printer
        .status(format!("file: {} (from {from})", path.display()));
    // As the operator typed it, for the rerun line and hints.
    let shown_from = a
        .from
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_else(|| path.display().to_string());
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
    let shown = ReviewsPlan {
        plan: &plan,
        needed: repair.requests_needed(),
        from: &shown_from,
        applying: a.apply,
    };
    let rerun = format!("mkt backfill reviews --from {shown_from} --apply --yes");
    let mut step = Step::new(move || repair, move |_| rerun.clone()).progress("backfill reviews");
    let flags = Flags {
        apply: a.apply,
        yes: a.yes,
        check: a.check,
    };
    if let Ran::Planned(status) =
        crate::commands::repair::run(ctx, flags, &shown, Service::Reviews, &mut [&mut step]).await?
    {
        return Ok(status);
    }
    let o = step.outcome();
    let events_in = events.as_ref().map(Events::description);
    let result = AppliedResult {
        schema_version: SCHEMA_VERSION,
        ok: true,
        applied: true,
        inserted: plan.inserts,
        updated: plan.updates,
        identical: plan.identical,
        skipped: plan.duplicates.len() + plan.kept_stored.len(),
        malformed: plan.malformed.len(),
        malformed_records: &plan.malformed,
        sync_event_recorded_in: events_in.filter(|_| o.written > 0),
        events_in,
        outcome: o,
        requests: r.requests(),
    };
    finish(ctx, &result, Service::Reviews);
    Ok(ExitStatus::Success)
}

/// A plan as `mkt backfill reviews` shows it.
struct ReviewsPlan<'a> {
    plan: &'a BackfillPlan,
    needed: usize,
    from: &'a str,
    applying: bool,
}

impl PlanShown for ReviewsPlan<'_> {
    fn view(&self) -> impl Serialize + '_ {
        self.plan
    }
    fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }
    fn requests_needed(&self) -> u64 {
        self.needed as u64
    }
    fn human(&self, ctx: &Ctx) {
        let (p, plan) = (&ctx.printer, self.plan);
        listing(
            p,
            ["action", "id", "target", "updated_at", "from"],
            &plan.items,
            |i| {
                [
                    format!("{:?}", i.action).to_lowercase(),
                    i.id.clone(),
                    i.target.clone(),
                    i.updated_at.clone(),
                    i.path.clone(),
                ]
            },
            "",
        );
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
        listing(
            p,
            ["skipped", "id", "reason"],
            &skipped,
            |(path, id, reason)| [path.to_string(), id.to_string(), reason.to_string()],
            " skipped",
        );
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
                "apply needs {} write requests (reviews and the aggregates of {} targets in each)",
                self.needed,
                plan.touched_targets().len()
            ));
            if ctx.settings.production {
                p.warn("this is a PRODUCTION profile");
            }
        }
    }
    fn notes(&self, ctx: &Ctx) {
        if self.plan.malformed.is_empty() {
            return;
        }
        let where_ = match (ctx.printer.is_json(), self.applying) {
            (false, _) => "listed above",
            (true, false) => "listed in the JSON under plan.malformed",
            (true, true) => "listed in the JSON under malformed_records",
        };
        ctx.printer.warn(format!(
            "{} malformed records skipped ({where_}); fix them in {} and run again to backfill them",
            self.plan.malformed.len(),
            self.from
        ));
    }
}

/// What an applied backfill did.
#[derive(Serialize)]
struct AppliedResult<'a> {
    schema_version: &'static str,
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
    /// The store that took the review_sync_events row when the target could not.
    #[serde(skip)]
    events_in: Option<&'a str>,
    #[serde(flatten)]
    outcome: &'a FlowOutcome<BackfillVerified>,
    requests: u64,
}

impl Shown for AppliedResult<'_> {
    fn human(&self, ctx: &Ctx) {
        let (p, o) = (&ctx.printer, self.outcome);
        p.line(format!(
            "backfilled {} reviews ({} inserted, {} updated) in {} write requests; {} identical, {} malformed skipped",
            o.written,
            self.inserted,
            self.updated,
            o.batches,
            self.identical,
            self.malformed
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
        match self.events_in {
            _ if o.written == 0 => {}
            None => p.line("recorded in review_sync_events (push, ok)"),
            Some(store) => p.line(format!(
                "recorded in review_sync_events of {store} (push, ok): the Worker API has no endpoint for it"
            )),
        }
        p.line(format!("journal: {}", o.journal));
    }
}
