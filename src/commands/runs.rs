//! `mkt runs list|show|undo`: the repair runs recorded in `.mkt/`, what each changed, and undoing
//! one from its exact backup.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::repair::{Flags, PlanShown, Ran, Shown, Step};
use super::{Ctx, TABLE_ROWS};
use crate::exit::ExitStatus;
use crate::output::{Table, SCHEMA_VERSION};
use crate::repair::flow::Repair as _;
use crate::repair::runs::{self, RunSummary};
use crate::repair::undo::{self, UndoPlan, UndoRepair, UndoVerified};
use crate::target::Service;

#[derive(Debug, Subcommand)]
pub enum RunsCommand {
    /// List repair runs: when, command, target, what each wrote, and its backup
    List,
    /// Show what one run changed, from its exact backup
    Show(ShowArgs),
    /// Put back what one run overwrote and remove what it created (plan, confirm, apply, verify)
    Undo(UndoArgs),
}

#[derive(Clone, Debug, Args)]
pub struct ShowArgs {
    /// The run's id (see `mkt runs list`)
    pub run: String,
}

#[derive(Clone, Debug, Args)]
pub struct UndoArgs {
    /// The run's id (see `mkt runs list`)
    pub run: String,
    /// Put the backup back over keys and rows that changed after the run too
    #[arg(long)]
    pub force: bool,
    /// Apply without asking
    #[arg(short, long)]
    pub yes: bool,
    /// Print the plan and exit 3 when there is something to undo; write nothing
    #[arg(long)]
    pub check: bool,
}

pub async fn run(ctx: &Ctx, cmd: RunsCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        RunsCommand::List => list(ctx),
        RunsCommand::Show(args) => show(ctx, &args.run),
        RunsCommand::Undo(args) => undo_run(ctx, args).await,
    }
}

fn written(r: &RunSummary) -> String {
    if r.written.is_empty() {
        return "nothing".into();
    }
    r.written
        .iter()
        .map(|(step, n)| format!("{step} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let all = runs::list(&ctx.settings.state_dir)?;
    if ctx.printer.is_json() {
        ctx.printer.json(&serde_json::json!({
            "schema_version": SCHEMA_VERSION,
            "count": all.len(),
            "runs": all,
        }));
        return Ok(ExitStatus::Success);
    }
    if all.is_empty() {
        ctx.printer.status(format!(
            "no runs under {}",
            crate::repair::journal::runs_dir(&ctx.settings.state_dir).display()
        ));
        return Ok(ExitStatus::Success);
    }
    let mut t = Table::new([
        "run", "when", "command", "target", "state", "wrote", "backup",
    ]);
    for r in &all {
        let backup = match (&r.backup_bytes, r.undone_by.last()) {
            (Some(n), None) => format!("{n} bytes"),
            (Some(n), Some(by)) => format!("{n} bytes (undone by {by})"),
            (None, _) => "-".into(),
        };
        t.row([
            r.run_id.clone(),
            r.created_at.clone(),
            r.command.clone(),
            r.target.clone().unwrap_or_else(|| "-".into()),
            r.state.to_string(),
            written(r),
            backup,
        ]);
    }
    ctx.printer.table(&t);
    Ok(ExitStatus::Success)
}

fn show(ctx: &Ctx, run_id: &str) -> anyhow::Result<ExitStatus> {
    let d = runs::show(&ctx.settings.state_dir, run_id)?;
    if ctx.printer.is_json() {
        let mut doc = serde_json::to_value(&d)?;
        doc["schema_version"] = SCHEMA_VERSION.into();
        ctx.printer.json(&doc);
        return Ok(ExitStatus::Success);
    }
    let p = &ctx.printer;
    let r = &d.run;
    p.line(format!(
        "run {} — {} on {} at {}: {} (wrote {})",
        r.run_id,
        r.command,
        d.target_description
            .clone()
            .or(r.target.clone())
            .unwrap_or_else(|| "?".into()),
        r.created_at,
        r.state,
        written(r)
    ));
    match &r.backup {
        Some(b) => p.line(format!("backup: {b}")),
        None => p.line("backup: none (this run keeps no exact backup, or wrote nothing)"),
    }
    if let Some(u) = &r.undoes {
        p.line(format!("undid run {u}"));
    }
    for by in &r.undone_by {
        p.line(format!("undone by run {by}"));
    }
    if !d.changes.is_empty() {
        let mut t = Table::new(["kind", "key", "change", "bytes before", "metadata before"]);
        for c in d.changes.iter().take(TABLE_ROWS) {
            t.row([
                match &c.role {
                    Some(role) => format!("{} ({role})", c.kind),
                    None => c.kind.to_string(),
                },
                c.key.clone(),
                c.change.to_string(),
                c.bytes_before.map(|n| n.to_string()).unwrap_or_default(),
                c.metadata_before
                    .as_ref()
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
            ]);
        }
        p.table(&t);
        if d.changes.len() > TABLE_ROWS {
            p.line(format!(
                "… and {} more (--json lists all)",
                d.changes.len() - TABLE_ROWS
            ));
        }
    }
    if r.backup.is_some() && r.undone_by.is_empty() && r.command != undo::COMMAND {
        p.line(format!("undo with: mkt runs undo {}", r.run_id));
    }
    Ok(ExitStatus::Success)
}

/// What an applied undo did.
#[derive(Serialize)]
struct Undone<'a> {
    schema_version: &'static str,
    ok: bool,
    applied: bool,
    undid: &'a str,
    kv_put_back: usize,
    kv_deleted: usize,
    rows_put_back: usize,
    rows_deleted: usize,
    unchanged: usize,
    forced_over: &'a [String],
    verified: &'a UndoVerified,
    backup: Option<&'a str>,
    run_id: &'a str,
    journal: &'a str,
    requests: u64,
}

/// An undo plan as the repair helper shows it.
struct UndoShown<'a> {
    plan: &'a UndoPlan,
    /// Write requests an apply sends (one per batch).
    needed: u64,
}

impl PlanShown for UndoShown<'_> {
    fn view(&self) -> impl Serialize + '_ {
        self.plan
    }
    fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }
    fn requests_needed(&self) -> u64 {
        self.needed
    }
    fn human(&self, ctx: &Ctx) {
        render_plan(ctx, self.plan);
        if self.plan.is_empty() {
            ctx.printer.line("nothing to undo");
        }
    }
}

impl Shown for Undone<'_> {
    fn human(&self, ctx: &Ctx) {
        let p = &ctx.printer;
        p.line(format!(
            "undid run {}: put back {} KV values and {} rows, deleted {} KV keys and {} rows",
            self.undid, self.kv_put_back, self.rows_put_back, self.kv_deleted, self.rows_deleted
        ));
        let v = self.verified;
        p.line(format!(
            "verified: {}/{} keys and {}/{} rows read back as before the run",
            v.kv_matching, v.kv_expected, v.rows_matching, v.rows_expected
        ));
        if let Some(b) = self.backup {
            p.line(format!(
                "this undo is run {} (backup {b}); undo it with: mkt runs undo {}",
                self.run_id, self.run_id
            ));
        }
    }
}

fn render_plan(ctx: &Ctx, plan: &UndoPlan) {
    let p = &ctx.printer;
    let (kv_put, kv_del, rows_put, rows_del) = plan.counts();
    if !plan.is_empty() {
        let mut t = Table::new(["kind", "key", "undo", "changed after the run"]);
        let rows = plan
            .rows
            .iter()
            .map(|r| ("row".to_string(), &r.key, r.action, r.changed_after));
        let kv = plan.kv.iter().map(|k| {
            (
                format!("kv ({})", k.role),
                &k.key,
                k.action,
                k.changed_after,
            )
        });
        for (kind, key, action, changed) in rows.chain(kv).take(TABLE_ROWS) {
            t.row([
                kind,
                key.clone(),
                action.to_string(),
                if changed { "YES" } else { "" }.to_string(),
            ]);
        }
        p.table(&t);
        let total = plan.rows.len() + plan.kv.len();
        if total > TABLE_ROWS {
            p.line(format!(
                "… and {} more (--json lists all)",
                total - TABLE_ROWS
            ));
        }
    }
    p.line(format!(
        "plan: undo run {} ({}): put back {kv_put} KV values and {rows_put} rows, delete {kv_del} KV keys and {rows_del} rows it created; {} already as before",
        plan.run_id, plan.command, plan.unchanged
    ));
    if !plan.changed.is_empty() {
        p.warn(format!(
            "{} changed after the run{}",
            plan.changed.len(),
            if plan.force {
                " (--force: the backup is put back over them)"
            } else {
                "; an apply refuses without --force"
            }
        ));
    }
}

async fn undo_run(ctx: &Ctx, args: UndoArgs) -> anyhow::Result<ExitStatus> {
    let (store, db) = (ctx.store().await?, ctx.durable().await?);
    let plan = undo::plan(
        store,
        db,
        &ctx.settings.layout,
        &ctx.settings.state_dir,
        &args.run,
        args.force,
    )
    .await?;
    let shown = UndoShown {
        plan: &plan,
        needed: UndoRepair::new(store, db, &plan).batches().len() as u64,
    };
    let rerun = |_: &str| format!("mkt runs undo {} --yes", args.run);
    let mut step = Step::new(|| UndoRepair::new(store, db, &plan), rerun).progress("undo");
    // An undo applies unless only checked; with nothing to undo it only says so.
    let flags = Flags {
        apply: !args.check && !plan.is_empty(),
        yes: args.yes,
        check: args.check,
    };
    if let Ran::Planned(status) =
        super::repair::run(ctx, flags, &shown, Service::KvSql, &mut [&mut step]).await?
    {
        return Ok(status);
    }
    let outcome = step.outcome();
    let (kv_put, kv_del, rows_put, rows_del) = plan.counts();
    let forced: Vec<String> = if plan.force {
        plan.changed.clone()
    } else {
        Vec::new()
    };
    let doc = Undone {
        schema_version: SCHEMA_VERSION,
        ok: true,
        applied: true,
        undid: &plan.run_id,
        kv_put_back: kv_put,
        kv_deleted: kv_del,
        rows_put_back: rows_put,
        rows_deleted: rows_del,
        unchanged: plan.unchanged,
        forced_over: &forced,
        verified: &outcome.verified,
        backup: outcome.backups.first().map(String::as_str),
        run_id: &outcome.run_id,
        journal: &outcome.journal,
        requests: store.requests(),
    };
    super::repair::finish(ctx, &doc, Service::KvSql);
    Ok(ExitStatus::Success)
}
