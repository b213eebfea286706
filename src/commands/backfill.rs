//! `mkt backfill skills`: KV values ⇄ durable rows, plan by default.

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use super::{Ctx, TABLE_ROWS};
use crate::exit::{ExitStatus, Failure};
use crate::output::{Table, SCHEMA_VERSION};
use crate::repair::backfill::{
    self, Authority, BackfillItem, BackfillOptions, BackfillPlan, Direction,
};
use crate::repair::backfill_apply::{self, BackfillRepair, BackfillVerified, Batching};
use crate::repair::flow::{self, FlowOptions};
use crate::repair::journal;
use crate::repair::{self, reader};
use crate::store::Store;

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
    let state_dir = &ctx.settings.state_dir;
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
    if let Some(id) = &args.resume {
        let id = if id.is_empty() {
            None
        } else {
            Some(id.as_str())
        };
        match journal::find_resumable(state_dir, COMMAND, id)? {
            Some(st) if st.finished => {
                ctx.printer
                    .status(format!("run {} already finished; nothing to do", st.run_id));
                if ctx.printer.is_json() {
                    ctx.printer.json(&AlreadyFinished {
                        schema_version: SCHEMA_VERSION,
                        ok: true,
                        run_id: &st.run_id,
                        already_finished: true,
                        requests: 0,
                    });
                }
                return Ok(ExitStatus::Success);
            }
            Some(st) => {
                if let Ok(o) = serde_json::from_value::<BackfillOptions>(st.options.clone()) {
                    options = o;
                }
                ctx.printer.status(format!(
                    "resuming run {} ({} batches were done)",
                    st.run_id, st.done_batches
                ));
                resumed = Some(st.run_id);
            }
            None => ctx
                .printer
                .status("no unfinished backfill run; planning afresh"),
        }
    }

    let (store, db) = (ctx.store().await?, ctx.durable().await?);
    let snap = reader::read_skills(store, db, layout).await;
    repair::require_complete(&snap)?;
    let plan = backfill::plan(
        std::sync::Arc::new(snap),
        layout,
        options,
        &crate::schema::value::iso(chrono::Utc::now()),
    );
    let (writes, verify) = backfill_apply::requests_needed(&plan, layout, batching);
    let eta = repair::estimated_duration(writes + verify, ctx.target.rate_limit());

    if !args.apply {
        render_plan(ctx, &store, &plan, writes + verify, eta);
        ctx.report_requests();
        return Ok(if args.check && !plan.is_empty() {
            ExitStatus::Drift
        } else {
            ExitStatus::Success
        });
    }
    if !ctx.printer.is_json() {
        render_plan(ctx, &store, &plan, writes + verify, eta);
    }
    let confirm = |q: &str| {
        let warn = repair::production_note(ctx.settings.production);
        crate::commands::confirm_apply(&ctx.printer, args.yes, &format!("{q}{warn}?"))
    };
    let rerun = |run_id: &str| format!("mkt backfill skills --apply --yes --resume {run_id}");
    let mut repair = BackfillRepair::new(store, db, layout, &plan, options, batching);
    let bar = ctx.printer.progress(0, "backfill");
    let outcome = flow::run(
        &mut repair,
        FlowOptions {
            state_dir,
            confirm: &confirm,
            progress: &bar,
            resume: resumed.as_deref(),
            rerun: &rerun,
        },
    )
    .await;
    bar.finish_and_clear();
    let outcome = outcome?;
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
    if ctx.printer.is_json() {
        ctx.printer.json(&result);
    } else {
        ctx.printer.table(&result.table());
        if let Some(b) = result.backup {
            ctx.printer.line(format!(
                "what this run overwrites is backed up to {b} — undo with: mkt runs undo {}",
                result.run_id
            ));
        }
        let v = result.verified;
        ctx.printer.line(format!(
            "verified: {}/{} rows and {}/{} KV values read back equal to what was written ({} values written)",
            v.rows_matching, v.rows_expected, v.kv_matching, v.kv_checked, v.kv_expected
        ));
        ctx.printer.line(format!("journal: {}", result.journal));
    }
    ctx.report_requests();
    if !applied.verified.ok() {
        return Err(Failure::partial(
            "verification failed; run the command again",
        ));
    }
    Ok(ExitStatus::Success)
}

/// `--resume` of a run that already finished.
#[derive(Serialize)]
struct AlreadyFinished<'a> {
    schema_version: &'static str,
    ok: bool,
    run_id: &'a str,
    already_finished: bool,
    requests: u64,
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

impl SkillsApplied<'_> {
    fn table(&self) -> Table {
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
        t
    }
}

/// A plan, as `--json` prints it.
#[derive(Serialize)]
struct SkillsPlanResult<'a> {
    schema_version: &'static str,
    ok: bool,
    applied: bool,
    plan: SkillsPlanView<'a>,
    apply_requests_needed: u64,
    apply_eta_seconds: u64,
    requests: u64,
}

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

fn render_plan(
    ctx: &Ctx,
    store: &Store,
    plan: &BackfillPlan,
    needed: u64,
    eta: std::time::Duration,
) {
    if ctx.printer.is_json() {
        ctx.printer.json(&SkillsPlanResult {
            schema_version: SCHEMA_VERSION,
            ok: true,
            applied: false,
            plan: SkillsPlanView {
                rows: plan.row_count(),
                kv_values: plan.kv_count(),
                unchanged: plan.unchanged,
                other_direction: plan.other_direction,
                malformed_skipped: &plan.malformed_skipped,
                unwritable: &plan.unwritable,
                items: &plan.items,
            },
            apply_requests_needed: needed,
            apply_eta_seconds: eta.as_secs(),
            requests: store.requests(),
        });
        return;
    }
    let p = &ctx.printer;
    if !plan.items.is_empty() {
        // `kv write` says per record whether its value is mended (only the fields listed change;
        // every other field, its metadata and expiration stay) or replaced (not a JSON object).
        let mut t = Table::new(["writes", "slug", "reason", "kv write", "fields"]);
        for i in plan.items.iter().take(TABLE_ROWS) {
            t.row([
                i.writes.to_string(),
                i.slug.clone(),
                i.reason.to_string(),
                i.kv_write.unwrap_or("").to_string(),
                i.fields.join(","),
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
            "apply needs about {needed} API requests (throttle: {})",
            repair::human_duration(eta)
        ));
        if ctx.settings.production {
            p.warn("this is a PRODUCTION profile");
        }
    }
}
