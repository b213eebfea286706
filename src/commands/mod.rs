//! Thin adapters: parse → call the library → render. `dispatch` is the one place errors become exit codes.

use std::path::PathBuf;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::config::{self, Env, Overrides, Settings};
use crate::durable::DurableDb;
use crate::exit::{self, ExitStatus};
use crate::output::{Format, Printer, Terminal};
use crate::store::{self, Store};
use crate::target::{self, Target};

pub mod backfill;
pub mod completions;
pub mod config_cmd;
pub mod db;
pub mod doctor;
pub mod health;
pub mod health_api;
pub mod help;
pub mod index;
pub mod index_api;
pub mod repair;
pub mod reviews;
pub mod runs;
pub mod seed;
pub mod skills;
pub mod sync;

/// Confirms an apply: `--yes`, else a prompt on a terminal (default No), else refuse (exit 5).
/// The terminal is the command layer's; the library's repair pipeline only gets the decision
/// (`repair::flow::FlowOptions::confirm`).
pub fn confirm_apply(printer: &Printer, yes: bool, question: &str) -> anyhow::Result<()> {
    if yes {
        return Ok(());
    }
    if !printer.can_prompt() {
        return Err(crate::exit::Failure::refused(
            "no terminal to confirm on: pass --yes to apply without a prompt; nothing was written",
        ));
    }
    if printer.confirm(question)? {
        Ok(())
    } else {
        Err(crate::exit::Failure::refused(
            "aborted; nothing was written",
        ))
    }
}

/// How a repair plan (`index rebuild`, `backfill skills`) is shown; JSON is `--json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// Tables and summary lines
    Table,
    /// The same as GitHub-flavoured Markdown ($GITHUB_STEP_SUMMARY, a PR comment)
    Markdown,
}

/// Applies `--format` for a plan: Markdown turns the printer to Markdown under a heading;
/// with `--json` it is a usage error (two outputs asked for).
pub fn plan_format(ctx: &Ctx, format: Option<PlanFormat>, heading: &str) -> anyhow::Result<()> {
    if format == Some(PlanFormat::Markdown) {
        if ctx.printer.is_json() {
            return Err(exit::Failure::usage(
                "--json/--ndjson and --format markdown ask for different outputs: pick one",
            ));
        }
        ctx.printer.set_markdown();
        ctx.printer.line(format!("## {heading}"));
    }
    Ok(())
}

/// Rows of a plan or mismatch listing shown in a table; `--json` lists them all.
pub(crate) const TABLE_ROWS: usize = 50;

/// What every command runs with.
pub struct Ctx {
    pub printer: Printer,
    /// The configured target: what the command asks of it opens on first use.
    pub target: Target,
    pub settings: Settings,
    pub env: Env,
    pub cwd: PathBuf,
}

impl Ctx {
    pub(crate) fn log(&self) -> Option<store::Log> {
        log_of(&self.printer)
    }

    /// KV + SQL of the configured target (named on stderr when it opens).
    pub async fn store(&self) -> anyhow::Result<&Store> {
        self.target.kv_sql().await
    }

    /// The key layout for a command that writes aliases without listing first (`seed`): the
    /// configured one, or the platform's nested aliases when `alias_prefix` is not set and keys
    /// are found under `skill:alias:` (said on stderr; `crate::keys::detect`). Commands that read
    /// the sources learn it from their listing instead (`Snapshot::notes`). `strict`: a failed
    /// look is the command's error, so nothing is written on a guess; else a warning and the
    /// configured layout.
    pub async fn layout(&self, store: &Store, strict: bool) -> anyhow::Result<config::Layout> {
        match crate::keys::detect(store.kv.as_ref(), &self.settings.layout).await {
            Ok(found) => {
                if let Some(note) = &found.note {
                    self.printer.status(note);
                }
                Ok(found.layout)
            }
            Err(e) if strict => Err(e.into()),
            Err(e) => {
                self.printer.warn(format!(
                    "aliases: could not look for keys under {}alias: ({e}); using alias_prefix {}",
                    self.settings.layout.skill_prefix, self.settings.layout.alias_prefix
                ));
                Ok(self.settings.layout.clone())
            }
        }
    }

    /// The durable table's database of the configured target.
    pub async fn durable(&self) -> anyhow::Result<&DurableDb> {
        self.target.durable().await
    }

    /// The review service of the configured target (named on stderr when it opens).
    pub async fn reviews(&self) -> anyhow::Result<&target::Reviews> {
        self.target.reviews().await
    }

    /// Reports the API requests a command used (`requests: N` on stderr).
    pub fn report_requests(&self) {
        let requests = self.target.requests();
        match self.target.durable_queries() {
            Some(q) => self.printer.status(format!(
                "requests: {requests}; durable store: {q} PostgreSQL round trips"
            )),
            None => self.printer.status(format!("requests: {requests}")),
        }
    }
}

/// `-v` debug lines (requests, retries) go to the printer's debug stream.
fn log_of(printer: &Printer) -> Option<store::Log> {
    if printer.verbose() {
        let printer = printer.clone();
        Some(std::sync::Arc::new(move |line: &str| printer.debug(line)))
    } else {
        None
    }
}

pub fn printer_for(global: &GlobalArgs) -> Printer {
    let env = Env::from_process();
    let format = if global.json {
        Format::Json
    } else if global.ndjson {
        Format::Ndjson
    } else {
        Format::Human
    };
    let term = Terminal::detect(
        env.flag("MKT_FORCE_TTY"),
        env.get("NO_COLOR").is_some(),
        env.get("COLUMNS"),
    );
    let printer = Printer::new(format, term, global.quiet, global.verbose);
    if global.no_headers {
        printer.without_headers()
    } else {
        printer
    }
}

fn overrides(global: &GlobalArgs) -> Overrides {
    Overrides {
        profile: global.profile.clone(),
        target: global.target.map(Into::into),
        account_id: global.account_id.clone(),
        kv_namespace_id: global.namespace_id.clone(),
        d1_database_id: global.database_id.clone(),
        local_path: global.local_path.clone(),
        api_url: global.api_url.clone(),
        dev_url: global.dev_url.clone(),
        config_file: global.config.clone(),
        concurrency: global.concurrency.map(|n| n as usize),
        durable_table: global.durable_table.clone(),
        durable_url: global.durable_url.clone(),
        key_alphabet: global.key_alphabet.clone(),
        allow_insecure_http: global.allow_insecure_http,
        max_wait: global.max_wait.clone(),
    }
}

/// What a command does with the local store. Commands not named here write (the safe default
/// for a new command: it may create the store, and is refused on a read-only one).
fn access_of(command: &Command) -> store::local::Access {
    use store::local::Access;
    match command {
        Command::Health(_) | Command::Skills(_) => Access::Read,
        Command::Index(index::IndexCommand::Rebuild(a)) | Command::RebuildIndex(a) if !a.apply => {
            Access::Read
        }
        Command::Backfill(backfill::BackfillCommand::Skills(a))
            if !a.apply && a.resume.is_none() =>
        {
            Access::Read
        }
        Command::Reviews(
            reviews::ReviewsCommand::List(_)
            | reviews::ReviewsCommand::Get(_)
            | reviews::ReviewsCommand::Summary(_)
            | reviews::ReviewsCommand::Verify,
        ) => Access::Read,
        Command::Reviews(reviews::ReviewsCommand::Recompute(a)) if !a.apply => Access::Read,
        Command::Backfill(backfill::BackfillCommand::Reviews(a)) if !a.apply => Access::Read,
        Command::Db(db::DbCommand::Schema) => Access::Read,
        Command::Db(_) => Access::Adopt,
        Command::Doctor(_) => Access::Read,
        Command::Runs(runs::RunsCommand::List | runs::RunsCommand::Show(_)) => Access::Read,
        Command::Runs(runs::RunsCommand::Undo(a)) if a.check => Access::Read,
        Command::Sync(sync::SyncCommand::Status(_)) => Access::Read,
        _ => Access::Write,
    }
}

/// Every wait a person would notice (the request budget, a server's `Retry-After`) is said on
/// stderr, whichever client waits.
fn show_waits(printer: &Printer) {
    let printer = printer.clone();
    crate::http::report_waits_to(std::sync::Arc::new(move |wait: &crate::http::Wait| {
        if wait.noticeable() {
            printer.waiting(wait.kind(), wait.duration, &wait.why());
        }
    }));
}

/// Runs a command and turns its outcome into an exit status, printing errors as one line.
pub async fn dispatch(cli: Cli) -> ExitStatus {
    let printer = printer_for(&cli.global);
    show_waits(&printer);
    match run(cli, printer.clone()).await {
        // Stopped by Ctrl-C at a safe point after all: whatever it returned is not a whole result.
        Ok(_) if crate::interrupt::requested() => {
            printer.error("interrupted");
            ExitStatus::Interrupted
        }
        // A result that never reached stdout (a full disk) is a failure, whatever the command found.
        Ok(status) => match printer.stdout_error() {
            Some(why) => {
                printer.error(why);
                ExitStatus::Error
            }
            None => status,
        },
        Err(err) => {
            printer.error(exit::one_line(&err));
            crate::error::status_of(&err)
        }
    }
}

async fn run(cli: Cli, printer: Printer) -> anyhow::Result<ExitStatus> {
    // Completions need no configuration: a broken mkt.toml must not break the shell.
    if let Command::Completions(args) = &cli.command {
        return completions::run(&printer, args);
    }
    // Nor does help: it is how to find out what to configure.
    if let Command::Help(args) = &cli.command {
        return help::run(&printer, args);
    }
    let env = Env::from_process();
    let cwd = std::env::current_dir()?;
    // `config show` is how a user finds out what is missing, so it resolves leniently.
    let settings = if matches!(
        cli.command,
        Command::Config(_) | Command::Sync(sync::SyncCommand::Config(_))
    ) {
        config::resolve_for_show(&overrides(&cli.global), &env, &cwd)?
    } else if matches!(cli.command, Command::Doctor(_)) {
        // Doctor reports what is wrong, including the configuration itself.
        match config::resolve_for_show(&overrides(&cli.global), &env, &cwd) {
            Ok(s) => s,
            Err(e) => return Ok(doctor::unreadable_config(&printer, &e)),
        }
    } else {
        config::resolve(&overrides(&cli.global), &env, &cwd)?
    };
    crate::repair::arm_failpoint(settings.failpoint.as_deref());
    let access = access_of(&cli.command);
    let mut settings = settings;
    if access != store::local::Access::Read {
        settings.for_writing();
    }
    for w in settings.durable_postgres.iter().flat_map(|p| &p.warnings) {
        printer.warn(w);
    }
    let status = printer.clone();
    let target = Target::new(&settings, log_of(&printer), access)
        .with_notice(std::sync::Arc::new(move |line: &str| status.status(line)));
    let ctx = Ctx {
        target,
        printer,
        settings,
        env,
        cwd,
    };
    match cli.command {
        Command::Health(args) => health::run(&ctx, args).await,
        Command::Index(cmd) => index::run(&ctx, cmd).await,
        Command::RebuildIndex(args) => index::rebuild(&ctx, args).await,
        Command::Backfill(cmd) => backfill::run(&ctx, cmd).await,
        Command::Skills(cmd) => skills::run(&ctx, cmd).await,
        Command::Reviews(cmd) => reviews::run(&ctx, cmd).await,
        Command::Seed(args) => seed::run(&ctx, args).await,
        Command::Db(cmd) => db::run(&ctx, cmd).await,
        Command::Config(cmd) => config_cmd::run(&ctx, cmd).await,
        Command::Doctor(args) => doctor::run(&ctx, args, &overrides(&cli.global)).await,
        Command::Sync(cmd) => sync::run(&ctx, cmd).await,
        Command::Runs(cmd) => runs::run(&ctx, cmd).await,
        Command::Completions(_) | Command::Help(_) => unreachable!("handled above"),
    }
}
