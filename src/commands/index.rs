//! `mkt index rebuild|apply|restore` and `mkt rebuild-index` (the same as `mkt index rebuild`).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Ctx, TABLE_ROWS};
use crate::exit::{ExitStatus, Failure};
use crate::output::SCHEMA_VERSION;
use crate::repair::backfill::{self, Authority, BackfillOptions, Direction};
use crate::repair::backfill_apply::{self, BackfillRepair, Batching};
use crate::repair::flow::{self, FlowOptions};
use crate::repair::index_apply::{self, IndexRepair, Mode};
use crate::repair::index_plan::{self, IndexPlanOptions};
use crate::repair::plan_file::{sha256_hex, Fingerprints, PlanFile, PLAN_KIND_INDEX};
use crate::repair::{self, backup, reader};
use crate::store::Store;
use crate::target::Service;

mod render;
pub use render::plan_json;
use render::{confirm_question, render_applied, render_backfill_line, render_plan};

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
        IndexCommand::Restore(args) => restore(ctx, args).await,
    }
}

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
        let opts = BackfillOptions {
            to: Direction::Durable,
            authority: Authority::Durable,
        };
        backfill::plan(
            snap.clone(),
            layout,
            opts,
            &crate::schema::value::iso(chrono::Utc::now()),
        )
    });
    if let Some(bp) = &backfill_plan {
        let (w, v) = backfill_apply::requests_needed(bp, layout, Batching::default());
        needed += w + v;
    }
    if args.out.is_some() && args.backfill {
        return Err(Failure::usage("--out saves index plans only; run `mkt backfill skills --apply` first, then plan the index"));
    }
    if let Some(path) = &args.out {
        let pf = PlanFile {
            schema_version: SCHEMA_VERSION.into(),
            kind: PLAN_KIND_INDEX.into(),
            created_at: chrono::Utc::now().to_rfc3339(),
            target: store.description.clone(),
            fingerprints: Fingerprints::of(&snap, !keys_only),
            prune: args.prune,
            fix_aliases: args.fix_aliases,
            keys_only,
            max_delete: args.max_delete,
            new_index_sha256: sha256_hex(&plan.new_index_bytes()),
            new_index: plan.new_index.clone(),
            alias_deletes: plan.alias_deletes.clone(),
            plan: plan_json(&plan),
        };
        pf.save(&crate::config::under(&ctx.cwd, path))?;
        ctx.printer.status(format!(
            "plan saved to {}; apply it with `mkt index apply {}`",
            path.display(),
            path.display()
        ));
    }
    let backfill_empty = backfill_plan.as_ref().is_none_or(|b| b.is_empty());
    if !args.apply {
        render_plan(ctx, &store, &plan, needed, args.max_delete);
        render_backfill_line(ctx, backfill_plan.as_ref());
        ctx.report_requests();
        let changes = !plan.is_empty() || !backfill_empty;
        return Ok(if args.check && changes {
            ExitStatus::Drift
        } else {
            ExitStatus::Success
        });
    }
    if !ctx.printer.is_json() {
        render_plan(ctx, &store, &plan, needed, args.max_delete);
        render_backfill_line(ctx, backfill_plan.as_ref());
    }
    // One question covers the backfill and the index; both pipelines then run without asking again.
    repair::check_index_guards(&plan, args.max_delete)?;
    if !plan.is_empty() || !backfill_empty {
        crate::commands::confirm_apply(&ctx.printer, args.yes, &confirm_question(ctx, &plan))?;
    }
    let confirmed = |_: &str| Ok(());
    // Durable rows (and the KV values they settle) first; the index last.
    let mut durable_backfilled = 0;
    if let Some(bp) = backfill_plan.as_ref().filter(|b| !b.is_empty()) {
        let opts = BackfillOptions {
            to: Direction::Durable,
            authority: Authority::Durable,
        };
        let mut repair = BackfillRepair::new(store, db, layout, bp, opts, Batching::default());
        let bar = ctx.printer.progress(0, "backfill");
        let done = flow::run(
            &mut repair,
            FlowOptions {
                state_dir: &ctx.settings.state_dir,
                confirm: &confirmed,
                progress: &bar,
                resume: None,
                rerun: &|id| format!("mkt backfill skills --apply --yes --resume {id}"),
            },
        )
        .await;
        bar.finish_and_clear();
        durable_backfilled = repair.applied(&done?, None).rows_written;
    }
    let rerun = format!(
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
    );
    let applied = apply_index(
        ctx,
        &store,
        &snap,
        plan,
        args.max_delete,
        Mode::Live,
        &confirmed,
        &rerun,
    )
    .await?;
    render_applied(ctx, &store, &applied, durable_backfilled);
    ctx.report_requests();
    Ok(ExitStatus::Success)
}

/// Runs an index plan through the repair pipeline (guards, confirmation, re-read, backup, journal,
/// alias deletes, the index write last, verification).
#[allow(clippy::too_many_arguments)]
async fn apply_index(
    ctx: &Ctx,
    store: &Store,
    snap: &crate::sources::Snapshot,
    plan: crate::repair::index_plan::IndexPlan,
    max_delete: usize,
    mode: Mode,
    confirm: flow::Confirm<'_>,
    rerun: &str,
) -> anyhow::Result<index_apply::Applied> {
    let layout = &ctx.settings.layout;
    let mut repair = IndexRepair::new(
        store,
        layout,
        &ctx.settings.state_dir,
        snap,
        plan,
        max_delete,
        mode,
    );
    let outcome = flow::run(
        &mut repair,
        FlowOptions {
            state_dir: &ctx.settings.state_dir,
            confirm,
            progress: &indicatif::ProgressBar::hidden(),
            resume: None,
            rerun: &|_| rerun.to_string(),
        },
    )
    .await?;
    Ok(repair.applied(outcome))
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
    repair::require_complete(&snap)?;
    let changed = pf
        .fingerprints
        .differences(&Fingerprints::of(&snap, !pf.keys_only));
    if !changed.is_empty() {
        return Err(Failure::refused(format!(
            "stale plan: {} changed since {}; nothing was written — make a new plan with `mkt index rebuild --out FILE`",
            changed.join(", "),
            pf.created_at
        )));
    }
    let plan = index_plan::plan(
        &snap,
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
    if !ctx.printer.is_json() {
        render_plan(
            ctx,
            &store,
            &plan,
            index_apply::requests_needed(&plan),
            pf.max_delete,
        );
    }
    let question = confirm_question(ctx, &plan);
    let confirm = |_: &str| crate::commands::confirm_apply(&ctx.printer, args.yes, &question);
    let rerun = "mkt index rebuild --out FILE (the saved plan is stale once writes began)";
    let applied = apply_index(
        ctx,
        &store,
        &snap,
        plan,
        pf.max_delete,
        Mode::Saved,
        &confirm,
        rerun,
    )
    .await?;
    render_applied(ctx, &store, &applied, 0);
    ctx.report_requests();
    Ok(ExitStatus::Success)
}

async fn restore(ctx: &Ctx, args: RestoreArgs) -> anyhow::Result<ExitStatus> {
    let layout = &ctx.settings.layout;
    let store = ctx.store().await?;
    let (bytes, from) = backup::load_backup(&store, layout, &ctx.cwd, &args.backup).await?;
    let entries = crate::model::parse_index(&bytes)
        .map(|e| e.len())
        .unwrap_or(0);
    let warn = repair::production_note(ctx.settings.production);
    crate::commands::confirm_apply(
        &ctx.printer,
        args.yes,
        &format!(
            "Replace {}{warn} with {from} ({entries} entries)?",
            layout.index_key
        ),
    )?;
    let (previous, verified) =
        index_apply::restore(&store, layout, &ctx.settings.state_dir, &bytes).await?;
    let result = Restored {
        schema_version: SCHEMA_VERSION,
        ok: verified,
        restored_from: &from,
        entries,
        backup: previous.as_ref(),
        verified: RestoreVerified {
            index_sha256_matches: verified,
        },
        requests: store.requests(),
    };
    if ctx.printer.is_json() {
        ctx.printer.json(&result);
    } else {
        ctx.printer.line(format!(
            "restored {} from {from} ({entries} entries); verified: {verified}",
            layout.index_key
        ));
        if let Some(b) = result.backup {
            ctx.printer.line(format!(
                "previous index backed up to {} and {}",
                b.file, b.kv_key
            ));
        }
    }
    ctx.report_requests();
    Ok(if verified {
        ExitStatus::Success
    } else {
        ExitStatus::Partial
    })
}

/// What `mkt index restore` did.
#[derive(Serialize)]
struct Restored<'a> {
    schema_version: &'static str,
    ok: bool,
    restored_from: &'a str,
    entries: usize,
    backup: Option<&'a backup::Backup>,
    verified: RestoreVerified,
    requests: u64,
}

#[derive(Serialize)]
struct RestoreVerified {
    index_sha256_matches: bool,
}
