//! `mkt index rebuild|apply|restore` and `mkt rebuild-index` (the same as `mkt index rebuild`).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::{json, Value};

use super::Ctx;
use crate::exit::{ExitStatus, Failure};
use crate::output::{Table, SCHEMA_VERSION};
use crate::repair::backfill::{self, Authority, BackfillOptions, Direction};
use crate::repair::backfill_apply::{self, Batching};
use crate::repair::index_apply::{self, Applied, Mode};
use crate::repair::index_plan::{self, IndexPlan, IndexPlanOptions};
use crate::repair::journal::Journal;
use crate::repair::plan_file::{sha256_hex, Fingerprints, PlanFile, PLAN_KIND_INDEX};
use crate::repair::{self, backup, reader};
use crate::store::Store;

/// Plan rows shown in the human table; `--json` lists them all.
const TABLE_ROWS: usize = 50;

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
    /// The most entries --prune may remove [default: 0]
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub max_delete: usize,
    /// Delete skill-alias: keys whose target is not a live skill
    #[arg(long)]
    pub fix_aliases: bool,
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

fn rate_limit(ctx: &Ctx, store: &Store) -> Option<u32> {
    if store.target.is_remote() {
        ctx.settings.cloudflare.as_ref().map(|c| c.rate_limit)
    } else {
        None
    }
}

pub async fn rebuild(ctx: &Ctx, args: RebuildArgs) -> anyhow::Result<ExitStatus> {
    let layout = &ctx.settings.layout;
    let store = ctx.open_store().await?;
    let snap = reader::read(&store, layout).await;
    repair::require_complete(&snap)?;
    let options = IndexPlanOptions {
        prune: args.prune,
        fix_aliases: args.fix_aliases,
    };
    let plan = index_plan::plan(&snap, layout, options);
    let mut needed = index_apply::requests_needed(&plan);
    let backfill_plan = args.backfill.then(|| {
        let opts = BackfillOptions {
            to: Direction::Durable,
            authority: Authority::Durable,
        };
        backfill::plan(&snap, layout, opts, &chrono::Utc::now().to_rfc3339())
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
            fingerprints: Fingerprints::of(&snap),
            prune: args.prune,
            fix_aliases: args.fix_aliases,
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
        ctx.report_requests(&store);
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
    repair::check_index_guards(&plan, args.max_delete)?;
    if !plan.is_empty() || !backfill_empty {
        repair::confirm_apply(&ctx.printer, args.yes, &confirm_question(ctx, &plan))?;
    }
    // Durable rows (and the KV values they settle) first; the index last.
    let mut durable_backfilled = 0;
    if let Some(bp) = backfill_plan.as_ref().filter(|b| !b.is_empty()) {
        let state_dir = &ctx.settings.state_dir;
        let opts = BackfillOptions {
            to: Direction::Durable,
            authority: Authority::Durable,
        };
        let mut journal =
            Journal::create(state_dir, "backfill-skills", serde_json::to_value(opts)?)?;
        let bar = ctx.printer.progress(0, "backfill");
        let done = backfill_apply::apply(
            &store,
            layout,
            state_dir,
            bp,
            &mut journal,
            Batching::default(),
            &bar,
        )
        .await;
        bar.finish_and_clear();
        durable_backfilled = done?.rows_written;
    }
    let state_dir = &ctx.settings.state_dir;
    let applied = index_apply::apply(
        &store,
        layout,
        state_dir,
        &snap,
        plan,
        args.max_delete,
        Mode::Live,
    )
    .await?;
    render_applied(ctx, &store, &applied, durable_backfilled);
    ctx.report_requests(&store);
    Ok(ExitStatus::Success)
}

async fn apply_file(ctx: &Ctx, args: ApplyArgs) -> anyhow::Result<ExitStatus> {
    let layout = &ctx.settings.layout;
    let pf = PlanFile::load(&crate::config::under(&ctx.cwd, &args.plan))?;
    let store = ctx.open_store().await?;
    if pf.target != store.description {
        return Err(Failure::refused(format!(
            "the plan was made for {} but the target is {}; nothing was written",
            pf.target, store.description
        )));
    }
    let snap = reader::read(&store, layout).await;
    repair::require_complete(&snap)?;
    let changed = pf.fingerprints.differences(&Fingerprints::of(&snap));
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
    repair::check_index_guards(&plan, pf.max_delete)?;
    if !plan.is_empty() {
        repair::confirm_apply(&ctx.printer, args.yes, &confirm_question(ctx, &plan))?;
    }
    let applied = index_apply::apply(
        &store,
        layout,
        &ctx.settings.state_dir,
        &snap,
        plan,
        pf.max_delete,
        Mode::Saved,
    )
    .await?;
    render_applied(ctx, &store, &applied, 0);
    ctx.report_requests(&store);
    Ok(ExitStatus::Success)
}

async fn restore(ctx: &Ctx, args: RestoreArgs) -> anyhow::Result<ExitStatus> {
    let layout = &ctx.settings.layout;
    let store = ctx.open_store().await?;
    let (bytes, from) = backup::load_backup(&store, layout, &ctx.cwd, &args.backup).await?;
    let entries = crate::model::parse_index(&bytes)
        .map(|e| e.len())
        .unwrap_or(0);
    let warn = if ctx.settings.production {
        " on a PRODUCTION profile"
    } else {
        ""
    };
    repair::confirm_apply(
        &ctx.printer,
        args.yes,
        &format!(
            "Replace {}{warn} with {from} ({entries} entries)?",
            layout.index_key
        ),
    )?;
    let (previous, verified) =
        index_apply::restore(&store, layout, &ctx.settings.state_dir, &bytes).await?;
    let doc = json!({
        "schema_version": SCHEMA_VERSION,
        "ok": verified,
        "restored_from": from,
        "entries": entries,
        "backup": previous,
        "verified": {"index_sha256_matches": verified},
        "requests": store.requests(),
    });
    if ctx.printer.is_json() {
        ctx.printer.json(&doc);
    } else {
        ctx.printer.line(format!(
            "restored {} from {from} ({entries} entries); verified: {verified}",
            layout.index_key
        ));
        if let Some(b) = previous {
            ctx.printer.line(format!(
                "previous index backed up to {} and {}",
                b.file, b.kv_key
            ));
        }
    }
    ctx.report_requests(&store);
    Ok(if verified {
        ExitStatus::Success
    } else {
        ExitStatus::Partial
    })
}

fn confirm_question(ctx: &Ctx, plan: &IndexPlan) -> String {
    let warn = if ctx.settings.production {
        " on a PRODUCTION profile"
    } else {
        ""
    };
    format!(
        "Write {}{warn}: {} entries ({} added, {} updated, {} pruned), {} aliases deleted?",
        ctx.settings.layout.index_key,
        plan.new_index.len(),
        plan.added,
        plan.updated,
        plan.pruned,
        plan.alias_deletes.len()
    )
}

/// The plan as JSON: counts, every change, orphaned aliases and malformed values.
pub fn plan_json(plan: &IndexPlan) -> Value {
    json!({
        "shape": plan.shape,
        "entries_before": plan.old_entries,
        "entries_after": plan.new_index.len(),
        "live_before": plan.old_live,
        "live_after": plan.new_live,
        "added": plan.added,
        "updated": plan.updated,
        "kept": plan.kept,
        "stale": plan.stale,
        "pruned": plan.pruned,
        "duplicates_removed": plan.duplicates_removed,
        "writes_index": plan.writes_index(),
        "changes": plan.changes,
        "orphaned_aliases": plan.orphaned_aliases,
        "alias_deletes": plan.alias_deletes,
        "malformed": plan.malformed,
    })
}

fn render_plan(ctx: &Ctx, store: &Store, plan: &IndexPlan, needed: u64, max_delete: usize) {
    let eta = repair::estimated_duration(needed, rate_limit(ctx, store));
    if ctx.printer.is_json() {
        let mut doc = json!({"schema_version": SCHEMA_VERSION, "ok": true, "applied": false});
        doc["plan"] = plan_json(plan);
        doc["apply_requests_needed"] = json!(needed);
        doc["apply_eta_seconds"] = json!(eta.as_secs());
        doc["requests"] = json!(store.requests());
        ctx.printer.json(&doc);
        return;
    }
    let p = &ctx.printer;
    if !plan.changes.is_empty() {
        let mut t = Table::new(["action", "entry", "source", "fields"]);
        for c in plan.changes.iter().take(TABLE_ROWS) {
            t.row([
                c.action.as_str().to_string(),
                c.slug.clone(),
                c.source.clone(),
                c.fields.join(","),
            ]);
        }
        p.table(&t);
        if plan.changes.len() > TABLE_ROWS {
            p.line(format!(
                "… and {} more (--json lists all)",
                plan.changes.len() - TABLE_ROWS
            ));
        }
    }
    p.line(format!(
        "plan: {} added, {} updated, {} kept, {} stale (only --prune removes), {} pruned, {} duplicates removed",
        plan.added, plan.updated, plan.kept, plan.stale, plan.pruned, plan.duplicates_removed
    ));
    p.line(format!(
        "index: {} entries ({} live) -> {} entries ({} live), shape {:?}",
        plan.old_entries,
        plan.old_live,
        plan.new_index.len(),
        plan.new_live,
        plan.shape
    ));
    if !plan.orphaned_aliases.is_empty() {
        let verb = if plan.options.fix_aliases {
            "will be deleted"
        } else {
            "--fix-aliases removes them"
        };
        p.line(format!(
            "orphaned aliases: {} ({verb})",
            plan.orphaned_aliases.len()
        ));
        for a in plan.orphaned_aliases.iter().take(TABLE_ROWS) {
            p.line(format!("  {} -> {} ({})", a.key, a.target, a.reason));
        }
    }
    if !plan.malformed.is_empty() {
        p.line(format!(
            "malformed values (skipped): {}",
            plan.malformed.len()
        ));
        for m in plan.malformed.iter().take(TABLE_ROWS) {
            p.line(format!("  {}: {}", m.key, m.reason));
        }
    }
    if plan.pruned > max_delete {
        p.warn(format!(
            "--prune would remove {} entries; applying needs --max-delete {}",
            plan.pruned, plan.pruned
        ));
    }
    if plan.is_empty() {
        p.line("nothing to write: the index already holds every live skill");
    } else {
        p.line(format!(
            "apply needs about {needed} API requests (throttle: {})",
            repair::human_duration(eta)
        ));
        if ctx.settings.production {
            p.warn("this is a PRODUCTION profile: the live marketplace index will be rewritten");
        }
    }
}

fn render_backfill_line(ctx: &Ctx, plan: Option<&backfill::BackfillPlan>) {
    if let (Some(b), false) = (plan, ctx.printer.is_json()) {
        ctx.printer.line(format!(
            "backfill first: {} durable rows and {} KV values to write",
            b.rows.len(),
            b.kv_puts.len()
        ));
    }
}

fn render_applied(ctx: &Ctx, store: &Store, a: &Applied, durable_backfilled: usize) {
    let plan = &a.plan;
    let doc = json!({
        "schema_version": SCHEMA_VERSION,
        "ok": a.verified.ok(),
        "applied": true,
        "rebuilt": plan.new_index.len(),
        "errors": plan.malformed.len(),
        "orphanedAliases": plan.orphaned_aliases.len(),
        "durableBackfilled": durable_backfilled,
        "added": plan.added,
        "updated": plan.updated,
        "kept": plan.kept,
        "pruned": plan.pruned,
        "stale": plan.stale,
        "duplicates_removed": plan.duplicates_removed,
        "aliases_deleted": a.aliases_deleted,
        "aliases_backup": a.aliases_backup,
        "backup": a.backup,
        "restore_command": a.backup.as_ref().map(|b| b.restore_command()),
        "verified": a.verified,
        "recomputed": a.recomputed,
        "run_id": a.run_id,
        "journal": a.journal,
        "requests": store.requests(),
    });
    if ctx.printer.is_json() {
        ctx.printer.json(&doc);
        return;
    }
    let p = &ctx.printer;
    if a.recomputed {
        p.warn("the index changed after the plan; the union was recomputed so nothing the other writer added is lost");
    }
    let mut t = Table::new(["result", "value"]);
    for k in [
        "rebuilt",
        "errors",
        "orphanedAliases",
        "durableBackfilled",
        "added",
        "updated",
        "kept",
        "pruned",
        "stale",
        "aliases_deleted",
        "requests",
    ] {
        t.row([k.to_string(), doc[k].to_string()]);
    }
    p.table(&t);
    match &a.backup {
        Some(b) => {
            p.line(format!("backup: {} and KV key {}", b.file, b.kv_key));
            p.line(format!("restore with: {}", b.restore_command()));
        }
        None => p.line("backup: none (nothing was overwritten)"),
    }
    let v = &a.verified;
    p.line(format!(
        "verified: index read back {} ({} entries); {}/{} live slugs present; {} deleted aliases absent",
        if v.index_sha256_matches { "matches what was written" } else { "DIFFERS" },
        v.index_entries,
        v.live_slugs_present,
        v.live_slugs_expected,
        v.aliases_deleted_absent
    ));
}
