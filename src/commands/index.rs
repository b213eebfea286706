//! `mkt index rebuild|apply|restore` and `mkt rebuild-index` (the same as `mkt index rebuild`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::repair::{Flags, Ran, Stage, Step};
use super::Ctx;
use crate::exit::{ExitStatus, Failure};
use crate::output::SCHEMA_VERSION;
use crate::repair::backfill::{self, Authority, BackfillOptions, Direction};
use crate::repair::backfill_apply::{self, BackfillRepair, Batching};
use crate::repair::index_apply::{self, IndexRepair, Mode};
use crate::repair::index_plan::{self, IndexPlan, IndexPlanOptions};
use crate::repair::plan_file::{sha256_hex, Fingerprints, PlanFile, PLAN_KIND_INDEX};
use crate::repair::{self, reader};
use crate::store::Store;
use crate::target::Service;

mod render;
mod restore;
pub use render::plan_json;
use render::{applied_result, IndexPlanShown};

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Rebuild the published index as a union of every live source (plan by default)
    #[command(visible_alias = "rebuild-index")]
    Rebuild(RebuildArgs),
    /// Apply a plan saved with `mkt index rebuild --out FILE`; a stale plan is refused (exit 5)
    Apply(ApplyArgs),
    /// Put a backed-up index back (a file under .mkt/backups/ or a backup KV key)
    Restore(RestoreArgs),
}

#[derive(Clone, Debug, Args)]
pub struct RebuildArgs {
    /// Write the new index (asks on a terminal; needs --yes without one)
    #[arg(long)]
    pub apply: bool,
    /// Apply without asking
    #[arg(short, long)]
    pub yes: bool,
    /// Also remove stale entries (no live skill) and malformed entries, at most --max-delete of them
    #[arg(long)]
    pub prune: bool,
    /// The most entries --prune may remove
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub max_delete: usize,
    /// Delete skill-alias: keys whose target is not a live skill
    #[arg(long)]
    pub fix_aliases: bool,
    /// Read every skill: value (one request per 100 skills) and list malformed ones; by default
    /// only key names are listed and values are read just for summaries no durable row can make
    #[arg(long)]
    pub read_values: bool,
    /// Deprecated: reading key names only is now the default
    #[arg(long, hide = true, conflicts_with_all = ["backfill", "read_values"])]
    pub keys_only: bool,
    /// How the plan is shown: table (default) or markdown (GitHub-flavoured; --json for JSON)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<super::PlanFormat>,
    /// Save the plan, with fingerprints of what it read, for `mkt index apply FILE`
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit 3 when the plan has changes (for CI)
    #[arg(long, conflicts_with = "apply")]
    pub check: bool,
    /// First copy KV values missing from the durable table into it (and settle field mismatches,
    /// durable wins), like the seed's rebuild endpoint; durable rows are written before the index
    #[arg(long)]
    pub backfill: bool,
}

#[derive(Clone, Debug, Args)]
pub struct ApplyArgs {
    /// The plan file
    pub plan: PathBuf,
    /// Apply without asking
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Clone, Debug, Args)]
pub struct RestoreArgs {
    /// A backup file path, a backup KV key (skills:published-index:backup:<ts>) or its timestamp
    pub backup: String,
    /// Restore without asking
    #[arg(short, long)]
    pub yes: bool,
}

pub async fn run(ctx: &Ctx, cmd: IndexCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        IndexCommand::Rebuild(args) => rebuild(ctx, args).await,
        IndexCommand::Apply(args) => apply_file(ctx, args).await,
        IndexCommand::Restore(args) => restore::run(ctx, args).await,
    }
}

/// `--backfill`: KV values missing from the durable table are copied into it, and field
/// mismatches settled the durable row's way, like the seed's rebuild endpoint.
const BACKFILL_FIRST: BackfillOptions = BackfillOptions {
    to: Direction::Durable,
    authority: Authority::Durable,
};

pub async fn rebuild(ctx: &Ctx, args: RebuildArgs) -> anyhow::Result<ExitStatus> {
    super::plan_format(ctx, args.format, "mkt index rebuild")?;
    // A target without KV and SQL of its own (the Worker) rebuilds through its admin endpoint.
    if !ctx.target.serves(Service::KvSql) {
        return super::index_api::rebuild(ctx, &args).await;
    }
    let layout = &ctx.settings.layout;
    let (store, db) = (ctx.store().await?, ctx.durable().await?);
    if args.keys_only {
        ctx.printer
            .warn("--keys-only is deprecated: reading key names only is now the default");
    }
    // A backfill compares every value with its durable row, so it reads them all.
    let all_values = args.read_values || args.backfill;
    let snap = std::sync::Arc::new(reader::read_for_index(store, db, layout, all_values).await);
    for note in &snap.notes {
        ctx.printer.status(note);
    }
    let keys_only = !all_values;
    repair::require_complete(&snap)?;
    let options = IndexPlanOptions {
        prune: args.prune,
        fix_aliases: args.fix_aliases,
        keys_only,
    };
    let plan = index_plan::plan(&snap, layout, options);
    let mut needed = index_apply::requests_needed(&plan);
    let backfill_plan = args.backfill.then(|| {
        let now = crate::schema::value::iso(chrono::Utc::now());
        backfill::plan(snap.clone(), layout, BACKFILL_FIRST, &now)
    });
    if let Some(bp) = &backfill_plan {
        let (w, v) = backfill_apply::requests_needed(bp, layout, Batching::default());
        needed += w + v;
    }
    if args.out.is_some() && args.backfill {
        return Err(Failure::usage("--out saves index plans only; run `mkt backfill skills --apply` first, then plan the index"));
    }
    if let Some(path) = &args.out {
        save_plan(ctx, store, &snap, &plan, &args, path)?;
    }
    let shown = IndexPlanShown {
        plan: &plan,
        needed,
        eta: repair::estimated_duration(needed, ctx.target.rate_limit()),
        max_delete: args.max_delete,
        backfill: backfill_plan.as_ref(),
    };
    // Durable rows (and the KV values they settle) first; the index last. One question covers both.
    let mut backfill_step = backfill_plan.as_ref().filter(|b| !b.is_empty()).map(|bp| {
        Step::new(
            move || BackfillRepair::new(store, db, layout, bp, BACKFILL_FIRST, Batching::default()),
            |id| format!("mkt backfill skills --apply --yes --resume {id}"),
        )
        .progress("backfill")
    });
    let rerun = rerun_of(&args);
    let mut index_step = index_step(ctx, store, &snap, &plan, args.max_delete, Mode::Live, rerun);
    let mut steps: Vec<&mut dyn Stage> = Vec::new();
    if let Some(b) = backfill_step.as_mut() {
        steps.push(b);
    }
    steps.push(&mut index_step);
    let flags = Flags {
        apply: args.apply,
        yes: args.yes,
        check: args.check,
    };
    if let Ran::Planned(status) =
        super::repair::run(ctx, flags, &shown, Service::KvSql, &mut steps).await?
    {
        return Ok(status);
    }
    let durable_backfilled = backfill_step.map_or(0, |b| {
        let (repair, outcome) = b.into_outcome();
        repair.applied(&outcome, None).rows_written
    });
    let (repair, outcome) = index_step.into_outcome();
    let applied = repair.applied(outcome);
    super::repair::finish(
        ctx,
        &applied_result(&applied, durable_backfilled, store),
        Service::KvSql,
    );
    Ok(ExitStatus::Success)
}

/// `--out FILE`: the plan, with fingerprints of what it read, for `mkt index apply FILE`.
fn save_plan(
    ctx: &Ctx,
    store: &Store,
    snap: &crate::sources::Snapshot,
    plan: &IndexPlan,
    args: &RebuildArgs,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    let keys_only = plan.options.keys_only;
    let pf = PlanFile {
        schema_version: SCHEMA_VERSION.into(),
        kind: PLAN_KIND_INDEX.into(),
        created_at: chrono::Utc::now().to_rfc3339(),
        target: store.description.clone(),
        fingerprints: Fingerprints::of(snap, !keys_only),
        prune: args.prune,
        fix_aliases: args.fix_aliases,
        keys_only,
        max_delete: args.max_delete,
        new_index_sha256: sha256_hex(&plan.new_index_bytes()),
        new_index: plan.new_index.clone(),
        alias_deletes: plan.alias_deletes.clone(),
        plan: plan_json(plan),
    };
    pf.save(&crate::config::under(&ctx.cwd, path))?;
    ctx.printer.status(format!(
        "plan saved to {}; apply it with `mkt index apply {}`",
        path.display(),
        path.display()
    ));
    Ok(())
}

/// The rebuild that converges after a partial failure: the same options, applied.
fn rerun_of(args: &RebuildArgs) -> String {
    format!(
        "mkt index rebuild --apply --yes{}{}{}",
        if args.prune { " --prune" } else { "" },
        if args.fix_aliases {
            " --fix-aliases"
        } else {
            ""
        },
        if args.max_delete > 0 {
            format!(" --max-delete {}", args.max_delete)
        } else {
            String::new()
        }
    )
}

/// The saved plan made again from what is there now; refused (exit 5) when what it read changed
/// or this mkt would write something else.
fn replan(
    pf: &PlanFile,
    snap: &crate::sources::Snapshot,
    layout: &crate::config::Layout,
) -> anyhow::Result<IndexPlan> {
    let changed = pf
        .fingerprints
        .differences(&Fingerprints::of(snap, !pf.keys_only));
    if !changed.is_empty() {
        return Err(Failure::refused(format!(
            "stale plan: {} changed since {}; nothing was written — make a new plan with `mkt index rebuild --out FILE`",
            changed.join(", "),
            pf.created_at
        )));
    }
    let plan = index_plan::plan(
        snap,
        layout,
        IndexPlanOptions {
            prune: pf.prune,
            fix_aliases: pf.fix_aliases,
            keys_only: pf.keys_only,
        },
    );
    if sha256_hex(&plan.new_index_bytes()) != pf.new_index_sha256
        || plan.alias_deletes != pf.alias_deletes
    {
        return Err(Failure::refused(
            "stale plan: it no longer matches what this mkt would write; make a new plan",
        ));
    }
    Ok(plan)
}

/// An index plan as a step: guards, the re-read, backup, journal, alias deletes, the index write
/// last, verification. The repair copies the snapshot and the plan, so only an apply makes it.
fn index_step<'a>(
    ctx: &'a Ctx,
    store: &'a Store,
    snap: &'a crate::sources::Snapshot,
    plan: &'a IndexPlan,
    max_delete: usize,
    mode: Mode,
    rerun: String,
) -> Step<'a, IndexRepair<'a>> {
    let make = move || {
        let (layout, state_dir) = (&ctx.settings.layout, &ctx.settings.state_dir);
        IndexRepair::new(
            store,
            layout,
            state_dir,
            snap,
            plan.clone(),
            max_delete,
            mode,
        )
    };
    Step::new(make, move |_| rerun.clone())
}

async fn apply_file(ctx: &Ctx, args: ApplyArgs) -> anyhow::Result<ExitStatus> {
    let layout = &ctx.settings.layout;
    let pf = PlanFile::load(&crate::config::under(&ctx.cwd, &args.plan))?;
    let (store, db) = (ctx.store().await?, ctx.durable().await?);
    if pf.target != store.description {
        return Err(Failure::refused(format!(
            "the plan was made for {} but the target is {}; nothing was written",
            pf.target, store.description
        )));
    }
    let snap = reader::read_for_index(store, db, layout, !pf.keys_only).await;
    for note in &snap.notes {
        ctx.printer.status(note);
    }
    repair::require_complete(&snap)?;
    let plan = replan(&pf, &snap, layout)?;
    let needed = index_apply::requests_needed(&plan);
    let shown = IndexPlanShown {
        plan: &plan,
        needed,
        eta: repair::estimated_duration(needed, ctx.target.rate_limit()),
        max_delete: pf.max_delete,
        backfill: None,
    };
    let rerun = "mkt index rebuild --out FILE (the saved plan is stale once writes began)";
    let mut step = index_step(
        ctx,
        store,
        &snap,
        &plan,
        pf.max_delete,
        Mode::Saved,
        rerun.into(),
    );
    // The saved plan is applied: the command has no --apply or --check of its own.
    let flags = Flags {
        apply: true,
        yes: args.yes,
        check: false,
    };
    let _ = super::repair::run(ctx, flags, &shown, Service::KvSql, &mut [&mut step]).await?;
    let (repair, outcome) = step.into_outcome();
    super::repair::finish(
        ctx,
        &applied_result(&repair.applied(outcome), 0, store),
        Service::KvSql,
    );
    Ok(ExitStatus::Success)
}
