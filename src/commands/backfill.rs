//! `mkt backfill skills`: KV values ⇄ durable rows, plan by default.

use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use super::repair::{listing, Flags, PlanShown, Ran, Resume, Shown, Step};
use super::Ctx;
use crate::exit::{ExitStatus, Failure};
use crate::output::{Table, SCHEMA_VERSION};
use crate::repair::backfill::{
    self, Authority, BackfillItem, BackfillOptions, BackfillPlan, Direction,
};
use crate::repair::backfill_apply::{self, BackfillRepair, BackfillVerified, Batching};
use crate::repair::{self, reader};
use crate::target::Service;

const COMMAND: &str = "backfill-skills";

/// `--to`: the side missing skills are copied to (clap's mirror of `backfill::Direction`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    /// KV values → durable rows (missing_in_durable)
    Durable,
    /// Durable rows → KV values (missing_kv_value)
    Kv,
}

impl From<DirectionArg> for Direction {
    fn from(d: DirectionArg) -> Self {
        match d {
            DirectionArg::Durable => Direction::Durable,
            DirectionArg::Kv => Direction::Kv,
        }
    }
}

/// `--authority`: who wins a field_mismatch (clap's mirror of `backfill::Authority`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuthorityArg {
    /// The durable row wins (the source of truth)
    Durable,
    /// The KV value wins
    Kv,
    /// The later of KV updatedAt and durable updated_at; ties go to durable
    Newest,
}

impl From<AuthorityArg> for Authority {
    fn from(a: AuthorityArg) -> Self {
        match a {
            AuthorityArg::Durable => Authority::Durable,
            AuthorityArg::Kv => Authority::Kv,
            AuthorityArg::Newest => Authority::Newest,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum BackfillCommand {
    /// Copy skills between KV values and durable rows (plan by default)
    Skills(BackfillSkillsArgs),
    /// Upsert reviews from a local staging file into the target (plan by default)
    Reviews(super::reviews::backfill::BackfillReviewsArgs),
}

#[derive(Clone, Debug, Args)]
pub struct BackfillSkillsArgs {
    /// Which side missing skills are copied to: durable (KV values → rows) or kv (rows → KV values)
    #[arg(long, value_enum, default_value = "durable")]
    pub to: DirectionArg,
    /// Which side wins a field_mismatch
    #[arg(long, value_enum, default_value = "durable")]
    pub authority: AuthorityArg,
    /// Write (asks on a terminal; needs --yes without one)
    #[arg(long)]
    pub apply: bool,
    /// Apply without asking
    #[arg(short, long)]
    pub yes: bool,
    /// Continue the latest unfinished run (or RUN_ID), with its options
    #[arg(long, value_name = "RUN_ID", num_args = 0..=1, default_missing_value = "")]
    pub resume: Option<String>,
    /// SQL statements per D1 request (each holds up to 6 rows)
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub statements_per_request: usize,
    /// KV values per bulk write request
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub kv_chunk: u64,
    /// Read back every KV value written (default: all up to 2,000, else an even sample of 2,000)
    #[arg(long)]
    pub verify_all: bool,
    /// Exit 3 when the plan has changes (for CI)
    #[arg(long, conflicts_with = "apply")]
    pub check: bool,
    /// How the plan is shown: table (default) or markdown (GitHub-flavoured; --json for JSON)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<super::PlanFormat>,
}

pub async fn run(ctx: &Ctx, cmd: BackfillCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        BackfillCommand::Skills(args) => skills(ctx, args).await,
        BackfillCommand::Reviews(args) => super::reviews::backfill::run(ctx, args).await,
    }
}

async fn skills(ctx: &Ctx, args: BackfillSkillsArgs) -> anyhow::Result<ExitStatus> {
    super::plan_format(ctx, args.format, "mkt backfill skills")?;
    let layout = &ctx.settings.layout;
    let mut options = BackfillOptions {
        to: args.to.into(),
        authority: args.authority.into(),
    };
    let batching = Batching {
        statements_per_request: args.statements_per_request.max(1),
        kv_chunk: args.kv_chunk as usize,
        verify_all: args.verify_all,
    };

    // A resumed run keeps the options it started with.
    let mut resumed: Option<String> = None;
    match super::repair::resume(ctx, COMMAND, args.resume.as_deref(), "backfill")? {
        Resume::Finished => return Ok(ExitStatus::Success),
        Resume::Run { run_id, options: o } => {
            options = o.unwrap_or(options);
            resumed = Some(run_id);
        }
        Resume::Fresh => {}
    }

    let (store, db) = (ctx.store().await?, ctx.durable().await?);
    let snap = reader::read_skills(store, db, layout).await;
    for note in &snap.notes {
        ctx.printer.status(note);
    }
    repair::require_complete(&snap)?;
    let plan = backfill::plan(
        std::sync::Arc::new(snap),
        layout,
        options,
        &crate::schema::value::iso(chrono::Utc::now()),
    );
    let (writes, verify) = backfill_apply::requests_needed(&plan, layout, batching);
    let shown = SkillsPlan {
        plan: &plan,
        needed: writes + verify,
        eta: repair::estimated_duration(writes + verify, ctx.target.rate_limit()),
    };
    let rerun = |run_id: &str| format!("mkt backfill skills --apply --yes --resume {run_id}");
    let mut step = Step::new(
        || BackfillRepair::new(store, db, layout, &plan, options, batching),
        rerun,
    )
    .progress("backfill")
    .resume(resumed);
    let flags = Flags {
        apply: args.apply,
        yes: args.yes,
        check: args.check,
    };
    if let Ran::Planned(status) =
        super::repair::run(ctx, flags, &shown, Service::KvSql, &mut [&mut step]).await?
    {
        return Ok(status);
    }
    let (repair, outcome) = step.into_outcome();
    let applied = repair.applied(&outcome, outcome.backups.first().cloned());
    let result = SkillsApplied {
        schema_version: SCHEMA_VERSION,
        ok: applied.verified.ok(),
        applied: true,
        to: options.to,
        authority: options.authority,
        durable_backfilled: applied.rows_written,
        kv_written: applied.kv_written,
        unchanged: plan.unchanged,
        errors: plan.malformed_skipped.len(),
        durable_requests: applied.durable_requests,
        kv_requests: applied.kv_requests,
        backup: applied.backup.as_deref(),
        verified: &applied.verified,
        run_id: &outcome.run_id,
        journal: &outcome.journal,
        requests: store.requests(),
    };
    super::repair::finish(ctx, &result, Service::KvSql);
    if !applied.verified.ok() {
        return Err(Failure::partial(
            "verification failed; run the command again",
        ));
    }
    Ok(ExitStatus::Success)
}

/// What an applied backfill did: the `--json` document, and the table's rows.
#[derive(Serialize)]
struct SkillsApplied<'a> {
    schema_version: &'static str,
    ok: bool,
    applied: bool,
    to: Direction,
    authority: Authority,
    /// Seed 001's name for the rows written (its rebuild endpoint answers `durableBackfilled`).
    #[serde(rename = "durableBackfilled")]
    durable_backfilled: usize,
    kv_written: usize,
    unchanged: usize,
    errors: usize,
    durable_requests: usize,
    kv_requests: usize,
    backup: Option<&'a str>,
    verified: &'a BackfillVerified,
    run_id: &'a str,
    journal: &'a str,
    requests: u64,
}

impl Shown for SkillsApplied<'_> {
    fn human(&self, ctx: &Ctx) {
        let mut t = Table::new(["result", "value"]);
        for (k, v) in [
            ("durableBackfilled", self.durable_backfilled as u64),
            ("kv_written", self.kv_written as u64),
            ("unchanged", self.unchanged as u64),
            ("errors", self.errors as u64),
            ("durable_requests", self.durable_requests as u64),
            ("kv_requests", self.kv_requests as u64),
            ("requests", self.requests),
        ] {
            t.row([k.to_string(), v.to_string()]);
        }
        let p = &ctx.printer;
        p.table(&t);
        if let Some(b) = self.backup {
            p.line(format!(
                "what this run overwrites is backed up to {b} — undo with: mkt runs undo {}",
                self.run_id
            ));
        }
        let v = self.verified;
        p.line(format!(
            "verified: {}/{} rows and {}/{} KV values read back equal to what was written ({} values written)",
            v.rows_matching, v.rows_expected, v.kv_matching, v.kv_checked, v.kv_expected
        ));
        p.line(format!("journal: {}", self.journal));
    }
}

/// A plan as `mkt backfill skills` shows it.
struct SkillsPlan<'a> {
    plan: &'a BackfillPlan,
    needed: u64,
    eta: Duration,
}

/// The plan under `plan` in `--json`.
#[derive(Serialize)]
struct SkillsPlanView<'a> {
    rows: usize,
    kv_values: usize,
    unchanged: usize,
    other_direction: usize,
    malformed_skipped: &'a [String],
    unwritable: &'a [String],
    items: &'a [BackfillItem],
}

impl PlanShown for SkillsPlan<'_> {
    fn view(&self) -> impl Serialize + '_ {
        let plan = self.plan;
        SkillsPlanView {
            rows: plan.row_count(),
            kv_values: plan.kv_count(),
            unchanged: plan.unchanged,
            other_direction: plan.other_direction,
            malformed_skipped: &plan.malformed_skipped,
            unwritable: &plan.unwritable,
            items: &plan.items,
        }
    }
    fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }
    fn requests_needed(&self) -> u64 {
        self.needed
    }
    fn eta(&self) -> Option<Duration> {
        Some(self.eta)
    }
    fn human(&self, ctx: &Ctx) {
        let (p, plan) = (&ctx.printer, self.plan);
        listing(
            p,
            // `kv write` says per record whether its value is mended (only the fields listed
            // change; every other field, its metadata and expiration stay) or replaced (not a
            // JSON object).
            ["writes", "slug", "reason", "kv write", "fields"],
            &plan.items,
            |i| {
                [
                    i.writes.to_string(),
                    i.slug.clone(),
                    i.reason.to_string(),
                    i.kv_write.unwrap_or("").to_string(),
                    i.fields.join(","),
                ]
            },
            "",
        );
        p.line(format!(
            "plan: {} durable rows and {} KV values to write, {} unchanged",
            plan.row_count(),
            plan.kv_count(),
            plan.unchanged
        ));
        let (mends, replaces) = plan.kv_actions();
        if replaces > 0 {
            p.line(format!(
                "KV values: {mends} mended in place, {replaces} replaced from their durable rows (not JSON objects; their bytes are backed up first)"
            ));
        }
        if plan.other_direction > 0 {
            p.line(format!(
                "{} skills exist on one side only; the other --to direction copies them",
                plan.other_direction
            ));
        }
        if !plan.malformed_skipped.is_empty() {
            p.line(format!(
                "malformed values skipped: {}",
                plan.malformed_skipped.join(", ")
            ));
        }
        if let Some(why) = backfill::refusal(plan) {
            p.warn(format!("an apply would refuse: {why}"));
        }
        if plan.is_empty() {
            p.line("nothing to write");
        } else {
            p.line(format!(
                "apply needs about {} API requests (throttle: {})",
                self.needed,
                repair::human_duration(self.eta)
            ));
            if ctx.settings.production {
                p.warn("this is a PRODUCTION profile");
            }
        }
    }
}
