//! The command side of every repair, written once: show the plan (tables or one JSON document),
//! stop there without `--apply` (`--check` exits 3 when it has changes), check every step's
//! guards, ask one question, run each step through `repair::flow::run` under its progress bar,
//! then show the typed result. A repair command only builds its plan, its steps and its result:
//!
//! ```text
//! let shown = MyPlan { plan: &plan, needed };            // impl PlanShown: JSON view + tables
//! let mut step = Step::new(|| MyRepair::new(&plan), |run_id| format!("mkt … --resume {run_id}"))
//!     .progress("label");                                // the Repair is made only to apply
//! if let Ran::Planned(status) = repair::run(ctx, flags, &shown, Service::KvSql, &mut [&mut step]).await? {
//!     return Ok(status);                                 // plan shown; exit 0, or 3 with --check
//! }
//! let (repair, outcome) = step.into_outcome();
//! repair::finish(ctx, &MyResult { .. }, Service::KvSql); // impl Shown: JSON and tables, one value
//! ```
//!
//! Several steps run in order under the one question (`index rebuild --backfill`).

use std::time::Duration;

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{confirm_apply, Ctx, TABLE_ROWS};
use crate::exit::ExitStatus;
use crate::output::{Printer, Table, SCHEMA_VERSION};
use crate::repair::flow::{self, FlowOptions, FlowOutcome, Repair};
use crate::repair::journal;
use crate::target::Service;

/// The flags every repair command has.
#[derive(Clone, Copy, Debug, Default)]
pub struct Flags {
    /// Write (`--apply`); otherwise only plan.
    pub apply: bool,
    /// Do not ask (`--yes`).
    pub yes: bool,
    /// Exit 3 when the plan has changes (`--check`).
    pub check: bool,
}

/// A value shown as tables and lines on a terminal, and as itself (one JSON document) with
/// `--json`: both forms from the one value.
pub trait Shown: Serialize {
    fn human(&self, ctx: &Ctx);
}

/// Prints a result in the form asked for.
pub fn show<T: Shown>(ctx: &Ctx, value: &T) {
    if ctx.printer.is_json() {
        ctx.printer.json(value);
    } else {
        value.human(ctx);
    }
}

/// A repair's plan as its command shows it.
pub trait PlanShown {
    /// What `--json` prints under `plan`.
    fn view(&self) -> impl Serialize + '_;
    /// The plan on a terminal: tables and summary lines.
    fn human(&self, ctx: &Ctx);
    /// No changes: `--check` passes and nothing is asked.
    fn is_empty(&self) -> bool;
    /// Write requests an apply needs (`apply_requests_needed`).
    fn requests_needed(&self) -> u64;
    /// How long the client-side throttle makes those take (`apply_eta_seconds`), where the
    /// target has one.
    fn eta(&self) -> Option<Duration> {
        None
    }
    /// Lines shown after the plan in every form (stderr), e.g. what was skipped.
    fn notes(&self, _ctx: &Ctx) {}
    /// The question when it is not the last step's own (which gets the production note).
    fn question(&self, _ctx: &Ctx) -> Option<String> {
        None
    }
}

/// A plan, as `--json` prints it.
#[derive(Serialize)]
struct PlanDoc<V: Serialize> {
    schema_version: &'static str,
    ok: bool,
    applied: bool,
    plan: V,
    apply_requests_needed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    apply_eta_seconds: Option<u64>,
    requests: u64,
}

/// `requests: N` on stderr for the target's service a repair went through (`ctx.store()` or
/// `ctx.reviews()`), with the durable store's round trips for KV and SQL.
pub fn report_requests(ctx: &Ctx, service: Service) {
    match service {
        Service::KvSql => ctx.report_requests(),
        Service::Reviews => ctx
            .printer
            .status(format!("requests: {}", ctx.target.requests_of(service))),
    }
}

/// One repair the helper runs: how to make the `Repair`, how its progress shows, the run it
/// continues and the command that converges after a partial failure. The repair is made only
/// when applying (it may copy what it was planned from); its outcome is kept for the result.
pub struct Step<'a, R: Repair> {
    make: Option<Box<dyn FnOnce() -> R + 'a>>,
    repair: Option<R>,
    progress: Option<&'static str>,
    resume: Option<String>,
    rerun: Box<dyn Fn(&str) -> String + Sync + 'a>,
    outcome: Option<FlowOutcome<R::Verified>>,
}

impl<'a, R: Repair> Step<'a, R> {
    /// `make`: the repair; `rerun`: the command line that converges, given the run id.
    pub fn new(make: impl FnOnce() -> R + 'a, rerun: impl Fn(&str) -> String + Sync + 'a) -> Self {
        Step {
            make: Some(Box::new(make)),
            repair: None,
            progress: None,
            resume: None,
            rerun: Box::new(rerun),
            outcome: None,
        }
    }
    /// Shows a progress bar with this label while the batches are written.
    pub fn progress(mut self, label: &'static str) -> Self {
        self.progress = Some(label);
        self
    }
    /// Continues this run's journal.
    pub fn resume(mut self, run_id: Option<String>) -> Self {
        self.resume = run_id;
        self
    }
    /// What the run did; present once [`run`] returned [`Ran::Applied`].
    pub fn outcome(&self) -> &FlowOutcome<R::Verified> {
        self.outcome.as_ref().expect("the step ran")
    }
    /// The repair and what its run did, once [`run`] returned [`Ran::Applied`].
    pub fn into_outcome(self) -> (R, FlowOutcome<R::Verified>) {
        (
            self.repair.expect("the step ran"),
            self.outcome.expect("the step ran"),
        )
    }
    fn made(&self) -> &R {
        self.repair.as_ref().expect("made before it is asked")
    }
}

/// A step as the helper sees it, whatever its repair.
#[async_trait(?Send)]
pub trait Stage {
    /// Makes the repair (called once, when applying, before anything else).
    fn make(&mut self);
    fn is_empty(&self) -> bool;
    fn guards(&self) -> anyhow::Result<()>;
    fn question(&self) -> String;
    /// Runs the repair through `flow::run`, already confirmed.
    async fn run(&mut self, ctx: &Ctx) -> anyhow::Result<()>;
}

#[async_trait(?Send)]
impl<R: Repair> Stage for Step<'_, R> {
    fn make(&mut self) {
        if let Some(make) = self.make.take() {
            self.repair = Some(make());
        }
    }
    fn is_empty(&self) -> bool {
        self.made().is_empty()
    }
    fn guards(&self) -> anyhow::Result<()> {
        self.made().guards()
    }
    fn question(&self) -> String {
        self.made().question()
    }
    async fn run(&mut self, ctx: &Ctx) -> anyhow::Result<()> {
        let bar = match self.progress {
            Some(label) => ctx.printer.progress(0, label),
            None => indicatif::ProgressBar::hidden(),
        };
        let confirmed = |_: &str| Ok(());
        let repair = self.repair.as_mut().expect("made before it runs");
        let outcome = flow::run(
            repair,
            FlowOptions {
                state_dir: &ctx.settings.state_dir,
                confirm: &confirmed,
                progress: &bar,
                resume: self.resume.as_deref(),
                rerun: &*self.rerun,
            },
        )
        .await;
        bar.finish_and_clear();
        self.outcome = Some(outcome?);
        Ok(())
    }
}

/// What `--resume [RUN_ID]` found.
pub enum Resume<O> {
    /// No `--resume`, or no unfinished run: plan afresh.
    Fresh,
    /// Continue this run, with the options it started with (when they still read).
    Run { run_id: String, options: Option<O> },
    /// The run already finished, and the command said so: it exits 0.
    Finished,
}

/// `--resume` of a run that already finished, as `--json` prints it.
#[derive(Serialize)]
struct AlreadyFinished<'a> {
    schema_version: &'static str,
    ok: bool,
    run_id: &'a str,
    already_finished: bool,
    requests: u64,
}

/// Finds the run `--resume [RUN_ID]` continues (`arg`: `Some("")` for the latest unfinished run
/// of `command`). `what` names the repair in "no unfinished … run".
pub fn resume<O: DeserializeOwned>(
    ctx: &Ctx,
    command: &str,
    arg: Option<&str>,
    what: &str,
) -> anyhow::Result<Resume<O>> {
    let Some(id) = arg else {
        return Ok(Resume::Fresh);
    };
    let id = Some(id).filter(|id| !id.is_empty());
    let p = &ctx.printer;
    Ok(
        match journal::find_resumable(&ctx.settings.state_dir, command, id)? {
            Some(st) if st.finished => {
                p.status(format!("run {} already finished; nothing to do", st.run_id));
                if p.is_json() {
                    p.json(&AlreadyFinished {
                        schema_version: SCHEMA_VERSION,
                        ok: true,
                        run_id: &st.run_id,
                        already_finished: true,
                        requests: 0,
                    });
                }
                Resume::Finished
            }
            Some(st) => {
                p.status(format!(
                    "resuming run {} ({} batches were done)",
                    st.run_id, st.done_batches
                ));
                Resume::Run {
                    options: serde_json::from_value(st.options).ok(),
                    run_id: st.run_id,
                }
            }
            None => {
                p.status(format!("no unfinished {what} run; planning afresh"));
                Resume::Fresh
            }
        },
    )
}

/// What [`run`] did.
#[must_use]
pub enum Ran {
    /// Only planned (no `--apply`): the command exits with this status.
    Planned(ExitStatus),
    /// Every step ran; their outcomes are in them.
    Applied,
}

/// The confirmation of an apply: `--yes`, else a prompt on a terminal, else a refusal (exit 5).
/// The question gets the production note when the profile is marked so.
pub fn confirm(ctx: &Ctx, yes: bool, question: &str) -> anyhow::Result<()> {
    confirm_noted(ctx, yes, |warn| format!("{question}{warn}?"))
}

/// [`confirm`] for a question that places the production note (empty when not marked) itself.
pub fn confirm_noted(
    ctx: &Ctx,
    yes: bool,
    question: impl FnOnce(&str) -> String,
) -> anyhow::Result<()> {
    let warn = crate::repair::production_note(ctx.settings.production);
    confirm_apply(&ctx.printer, yes, &question(warn))
}

/// Plan → show → `--check` → guards → one question → each step through `flow::run`.
pub async fn run(
    ctx: &Ctx,
    flags: Flags,
    plan: &impl PlanShown,
    service: Service,
    steps: &mut [&mut dyn Stage],
) -> anyhow::Result<Ran> {
    if !flags.apply {
        show_plan(ctx, plan, service);
        report_requests(ctx, service);
        plan.notes(ctx);
        return Ok(Ran::Planned(if flags.check && !plan.is_empty() {
            ExitStatus::Drift
        } else {
            ExitStatus::Success
        }));
    }
    // With --json the result is the one document; the plan is shown on a terminal only.
    if !ctx.printer.is_json() {
        plan.human(ctx);
    }
    plan.notes(ctx);
    for s in steps.iter_mut() {
        s.make();
    }
    for s in steps.iter() {
        s.guards()?;
    }
    if steps.iter().any(|s| !s.is_empty()) {
        match plan.question(ctx) {
            Some(q) => confirm_apply(&ctx.printer, flags.yes, &q)?,
            None => {
                let q = steps.last().map(|s| s.question()).unwrap_or_default();
                confirm(ctx, flags.yes, &q)?
            }
        }
    }
    for s in steps.iter_mut() {
        s.run(ctx).await?;
    }
    Ok(Ran::Applied)
}

fn show_plan(ctx: &Ctx, plan: &impl PlanShown, service: Service) {
    if ctx.printer.is_json() {
        ctx.printer.json(&PlanDoc {
            schema_version: SCHEMA_VERSION,
            ok: true,
            applied: false,
            plan: plan.view(),
            apply_requests_needed: plan.requests_needed(),
            apply_eta_seconds: plan.eta().map(|d| d.as_secs()),
            requests: ctx.target.requests_of(service),
        });
    } else {
        plan.human(ctx);
    }
}

/// Shows an applied repair's result, then the requests it used.
pub fn finish<T: Shown>(ctx: &Ctx, result: &T, service: Service) {
    show(ctx, result);
    report_requests(ctx, service);
}

/// The first [`TABLE_ROWS`] items as a table (nothing when there are none), then
/// "… and N more{what} (--json lists all)" when some were left out.
pub fn listing<T, const N: usize>(
    p: &Printer,
    headers: [&str; N],
    items: &[T],
    row: impl Fn(&T) -> [String; N],
    what: &str,
) {
    if items.is_empty() {
        return;
    }
    let mut t = Table::new(headers);
    for i in items.iter().take(TABLE_ROWS) {
        t.row(row(i));
    }
    p.table(&t);
    if items.len() > TABLE_ROWS {
        p.line(format!(
            "… and {} more{what} (--json lists all)",
            items.len() - TABLE_ROWS
        ));
    }
}
